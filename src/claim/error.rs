use chrono::NaiveDate;

use super::{ClaimStatus, LossOutOfOrder};
use crate::machine::step_errors;
use crate::money::{Money, MoneyError};
use crate::rulebook::UnknownReason;

step_errors! {
    /// Why a claim event was rejected. The claim is unchanged.
    pub enum ClaimError {
        /// The event does not fit the claim's status.
        #[error("cannot apply `{event}` to a claim that is {status}")]
        EventNotAllowed {
            /// The claim's status.
            status: ClaimStatus,
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
        /// An invoice number was used twice.
        #[error("invoice `{number}` is already recorded")]
        DuplicateInvoice {
            /// The number.
            number: String,
        },
        /// An invoice's dates are not in order (delivery and invoice before the due date).
        #[error("invoice `{number}` is due on {due_date}, before its invoice date {invoice_date}")]
        DueBeforeInvoice {
            /// The number.
            number: String,
            /// The invoice date.
            invoice_date: NaiveDate,
            /// The due date.
            due_date: NaiveDate,
        },
        /// No invoice is unpaid past its due date.
        #[error("no unpaid invoice is past its due date on {on}")]
        NotOverdue {
            /// The event's date.
            on: NaiveDate,
        },
        /// The maximum extension period has not ended.
        #[error("the maximum extension period runs until {mep_expires}, so cover cannot stop on {on}")]
        MepRunning {
            /// The event's date.
            on: NaiveDate,
            /// The last day of the maximum extension period.
            mep_expires: NaiveDate,
        },
        /// The event may happen once, and already did.
        #[error("`{event}` was already recorded on {on}")]
        AlreadyRecorded {
            /// The event's name.
            event: &'static str,
            /// When it was recorded.
            on: NaiveDate,
        },
        /// There is neither an overdue account nor an insolvency: nothing to claim.
        #[error("no overdue account and no insolvency is recorded: there is no loss to claim")]
        NoLoss,
        /// A correction after an objection must raise the payout.
        #[error("a corrected payout of `{corrected}` does not raise the payout of `{current}`")]
        NotAnIncrease {
            /// The payout so far.
            current: Money,
            /// The corrected amount given.
            corrected: Money,
        },
        /// A claim decided out of date-of-loss order within its policy year.
        #[error("{0}")]
        LossOutOfOrder(#[from] LossOutOfOrder),
        /// A reason code the rule pack's catalogue does not define.
        #[error("{0}")]
        UnknownReason(#[from] UnknownReason),
        /// An amount computation failed.
        #[error("{0}")]
        Money(#[from] MoneyError),
    }
}
