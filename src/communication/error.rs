use crate::calendar::CalendarError;
use crate::explain::ExplainError;
use crate::machine::OutOfOrder;
use crate::rulebook::RuleError;

/// Why a communication event was rejected. The aggregate is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommunicationError {
    /// The event does not fit the aggregate's status.
    #[error("cannot apply `{event}` to {what}")]
    EventNotAllowed {
        /// The aggregate and its status, in words.
        what: String,
        /// The event's name.
        event: &'static str,
    },
    /// The event is dated before the last accepted one.
    #[error(transparent)]
    OutOfOrder(#[from] OutOfOrder),
    /// A feedback score outside 1–5.
    #[error("feedback score `{score}` is outside 1–5")]
    InvalidScore {
        /// The score given.
        score: u8,
    },
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
