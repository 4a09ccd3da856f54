//! Communication with the customer (C1, C2.1, C5.1, C6.1): questions answered on time, a
//! named contact, feedback that gets an answer, and the figures that monitor it all.
//!
//! ```text
//!  Inquiry:       NotReceived ──Received──▶ Open ──Acknowledged──▶ Open ──Answered──▶ Answered
//!  Relationship:  Opened ──ContactAssigned / FeedbackReceived / FeedbackAnswered──▶ …
//! ```
//!
//! | clause | what the machines do |
//! |---|---|
//! | C1.1 | every question is acknowledged and answered within the times of `communication/response_times` |
//! | C1.2, C6.1 | a named account manager is owed from the start of the relationship (`communication.contact_business_days`) |
//! | C1.3 | [`Monitoring`] gives the share answered on time and the median response time, per month and per channel |
//! | C1.4 | feedback is answered, saying what is done with it |
//! | C2.1 | questions about policy administration and the online systems follow the same promise |
//! | C5.1 | the assigned specialist is on record (the charter's promise has no honest metric) |
//!
//! Layer: two machines; import the ground floor, [`crate::rulebook`], [`crate::explain`]
//! and [`crate::machine`]; no other machine.

mod error;
mod event;
mod monitoring;
pub(crate) mod rules;
mod state;
mod transition;

pub use error::CommunicationError;
pub use event::{CommunicationEffect, ContactRole, InquiryEvent, RelationshipEvent};
pub use monitoring::{Figures, Monitoring};
pub use state::{Contact, Inquiry, InquiryState, InquiryStatus, Relationship};
pub use transition::{InquiryTransition, RelationshipTransition};

pub use rules::{Channel, InquiryQuestion, Priority, ResponseTimetable, Topic};
