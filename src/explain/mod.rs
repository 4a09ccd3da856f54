//! Explanations and compliance: every accepted event yields a [`DecisionRecord`]; records
//! open [`Obligation`]s and discharge earlier ones; a [`ComplianceReport`] says, as of a
//! date, which promises were met, met late, are pending, breached, or waived.
//!
//! Layer: imports the ground floor and [`crate::rulebook`] (reasons, rule references, the
//! pack hash); never a machine.

mod breakdown;
mod obligation;
mod record;
mod render;
mod report;

pub use breakdown::{BreakdownLine, LineKind};
pub use obligation::{Discharge, Duty, Obligation, ObligationId, Party, Waiver};
pub use record::{
    Decision, DecisionRecord, ExplainError, ObjectionRight, RecordBuilder, Subject, SubjectKind,
};
pub use report::{ClauseTally, ComplianceReport, ObligationStatus, Status};
