use chrono::NaiveDate;

use super::CollectionStatus;
use crate::machine::step_errors;
use crate::money::{Money, MoneyError};
use crate::rulebook::UnknownReason;

step_errors! {
    /// Why a collection event was rejected. The case is unchanged.
    pub enum CollectionError {
        /// The event does not fit the case's status.
        #[error("cannot apply `{event}` to a collection case that is {status}")]
        EventNotAllowed {
            /// The case's status.
            status: CollectionStatus,
            /// The event's name.
            event: &'static str,
        },
        /// An amount is not in the policy's currency.
        #[error("amount `{amount}` is not in the policy's currency `{currency}`")]
        WrongCurrency {
            /// The amount given.
            amount: Money,
            /// The policy's currency.
            currency: String,
        },
        /// An amount must be more than zero.
        #[error("amount `{amount}` must be more than zero")]
        NotPositive {
            /// The amount given.
            amount: Money,
        },
        /// The covered part or the payout is larger than what it is part of.
        #[error("`{part}` cannot be more than `{whole}`")]
        PartExceedsWhole {
            /// The part.
            part: Money,
            /// The whole.
            whole: Money,
        },
        /// After the maximum extension period, legal action or a payment plan needs the
        /// customer's agreement (C4.2).
        #[error(
            "`{approach}` after the maximum extension period ended on {mep_expired_on} needs the customer's agreement"
        )]
        ApproachNotAgreed {
            /// The approach.
            approach: &'static str,
            /// The end of the maximum extension period.
            mep_expired_on: NaiveDate,
        },
        /// A transfer does not settle the oldest pending transfers exactly.
        #[error("a transfer of `{amount}` does not settle the pending transfers ({pending})")]
        TransferMismatch {
            /// The amount transferred.
            amount: Money,
            /// The pending amounts, oldest first.
            pending: String,
        },
        /// A recovery is larger than what is still owed.
        #[error("a recovery of `{amount}` is more than the `{owed}` still owed")]
        MoreThanOwed {
            /// The recovery.
            amount: Money,
            /// What is still owed.
            owed: Money,
        },
        /// A reason code the rule pack's catalogue does not define.
        #[error("{0}")]
        UnknownReason(#[from] UnknownReason),
        /// An amount computation failed.
        #[error("{0}")]
        Money(#[from] MoneyError),
    }
}
