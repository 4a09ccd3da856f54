#![doc = include_str!("../README.md")]

#[cfg(feature = "batch")]
pub mod batch;
pub mod calendar;
pub mod case_file;
pub mod charter;
pub mod claim;
pub mod collection;
pub mod communication;
pub mod credit_limit;
pub mod diff;
mod error;
pub mod explain;
pub mod ids;
pub mod invoice;
pub mod machine;
pub mod money;
pub mod objection;
pub mod pack;
#[cfg(feature = "portfolio")]
pub mod portfolio;
pub mod premium;
mod rating;
pub mod renewal;
pub mod rulebook;
#[cfg(feature = "schema")]
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;

pub use crate::case_file::CaseFile;
pub use crate::charter::Clause;
pub use crate::error::Error;
pub use crate::explain::{ComplianceReport, DecisionRecord};
pub use crate::ids::{BuyerId, InquiryId, InvalidId, PolicyId};
pub use crate::machine::{Event, Ledger, Machine, OutOfOrder, Transition};
pub use crate::money::{Currency, Money};
pub use crate::rating::{BuyerRating, InvalidRating};
pub use crate::rulebook::{PolicyRules, PolicyTerms, Rulebook};

/// Longer-form documentation.
pub mod _documentation {
    /// Why the crate is built the way it is: a "Why …?" FAQ.
    #[doc = include_str!("../DESIGN.md")]
    pub mod design {}
    /// The default rule pack: its contract, bindings and a clause → rule table.
    #[doc = include_str!("../rules/README.md")]
    pub mod rules {}
}
