//! Policy periods and their renewal (C2.3).
//!
//! ```text
//!  NotStarted ──Started──▶ Running ──NonRenewalNotice (in time)──▶ EndingWithoutRenewal ──PeriodEnded──▶ Ended
//!                            └──PeriodEnded──▶ Running (the next period: renewed automatically)
//! ```
//!
//! | clause | what the machine does |
//! |---|---|
//! | C2.3 | the rule `renewal/timetable` dates the renewal documents (60 days before expiry by default) and the last day to give notice of non-renewal (2 months before); the insurer owes the documents by their date, each period anew; a late notice is refused, so the process stays clear |
//!
//! Layer: a machine; imports the ground floor, [`crate::rulebook`], [`crate::explain`] and
//! [`crate::machine`]; no other machine.

mod error;
mod event;
pub(crate) mod rules;
mod state;
mod transition;

pub use error::RenewalError;
pub use event::{PeriodEffect, PeriodEvent};
pub use rules::{PeriodQuestion, RenewalDates};
pub use state::{PeriodState, PeriodStatus, PolicyPeriod};
pub use transition::PeriodTransition;
