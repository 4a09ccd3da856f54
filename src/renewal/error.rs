use chrono::NaiveDate;

use super::PeriodStatus;
use crate::machine::step_errors;

step_errors! {
    /// Why a policy-period event was rejected. The period is unchanged.
    pub enum RenewalError {
        /// The event does not fit the period's status.
        #[error("cannot apply `{event}` to a policy period that is {status}")]
        EventNotAllowed {
            /// The status.
            status: PeriodStatus,
            /// The event's name.
            event: &'static str,
        },
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
    }
}
