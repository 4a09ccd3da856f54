use chrono::NaiveDate;

use super::ObjectionStatus;
use crate::machine::step_errors;
use crate::rulebook::UnknownReason;

step_errors! {
    /// Why an objection event was rejected. The objection is unchanged.
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
        #[error("{0}")]
        UnknownReason(#[from] UnknownReason),
    }
}
