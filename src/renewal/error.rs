use chrono::NaiveDate;

use super::PeriodStatus;
use crate::calendar::CalendarError;
use crate::explain::ExplainError;
use crate::machine::OutOfOrder;
use crate::rulebook::RuleError;

/// Why a policy-period event was rejected. The period is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenewalError {
    /// The event does not fit the period's status.
    #[error("cannot apply `{event}` to a policy period that is {status}")]
    EventNotAllowed {
        /// The status.
        status: PeriodStatus,
        /// The event's name.
        event: &'static str,
    },
    /// The event is dated before the last accepted one.
    #[error(transparent)]
    OutOfOrder(#[from] OutOfOrder),
    /// Notice of non-renewal after its last day: the policy renews.
    #[error(
        "notice of non-renewal on {on} is late: the last day was {last_day}, so the policy renews on {renews_on}"
    )]
    LateNotice {
        /// When the notice came.
        on: NaiveDate,
        /// The last day for notice.
        last_day: NaiveDate,
        /// The day the next period starts.
        renews_on: NaiveDate,
    },
    /// A period ends only after its last day.
    #[error("the period runs until {ends_on}; it cannot end on {on}")]
    NotEnded {
        /// The event's date.
        on: NaiveDate,
        /// The period's last day.
        ends_on: NaiveDate,
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
