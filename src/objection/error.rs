use chrono::NaiveDate;

use super::ObjectionStatus;
use crate::calendar::CalendarError;
use crate::explain::ExplainError;
use crate::machine::OutOfOrder;
use crate::rulebook::{RuleError, UnknownReason};

/// Why an objection event was rejected. The objection is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectionError {
    /// The decision carries no objection right (it is not adverse).
    #[error("the {decision} of {on} on {subject} carries no objection right")]
    NoRight {
        /// The decision.
        decision: String,
        /// Its date.
        on: NaiveDate,
        /// Its subject.
        subject: String,
    },
    /// The objection came after the deadline stated in the decision.
    #[error("the objection of {on} is late: the decision allowed objections until {until}")]
    Late {
        /// When it was filed.
        on: NaiveDate,
        /// The last day allowed.
        until: NaiveDate,
    },
    /// The event is dated before the last accepted one.
    #[error(transparent)]
    OutOfOrder(#[from] OutOfOrder),
    /// The event does not fit the objection's status.
    #[error("cannot apply `{event}` to an objection that is {status}")]
    EventNotAllowed {
        /// The status.
        status: ObjectionStatus,
        /// The event's name.
        event: &'static str,
    },
    /// A rejection or partial rejection must give its reasons.
    #[error("a {outcome} objection must give its reasons")]
    NoReasons {
        /// The outcome.
        outcome: &'static str,
    },
    /// An upheld objection on a credit limit must say what the limit becomes.
    #[error("an upheld objection on {subject} must give the corrected amount")]
    NoCorrection {
        /// The subject.
        subject: String,
    },
    /// A reason code the pack does not define.
    #[error(transparent)]
    UnknownReason(#[from] UnknownReason),
    /// A rule failed; nothing was decided.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A date computation failed.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The record could not be explained as the charter requires.
    #[error(transparent)]
    Explain(#[from] ExplainError),
}
