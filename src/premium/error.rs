use crate::ids::InvalidId;
use crate::invoice::InvoiceError;
use crate::machine::step_errors;
use crate::money::{Money, MoneyError};

use super::PremiumYearStatus;

step_errors! {
    /// Why a premium-year event was rejected. The year is unchanged.
    ///
    /// Not `#[non_exhaustive]`: hosts handle every way an event can be rejected.
    pub enum PremiumError {
        /// The event does not fit the premium year's status.
        #[error("cannot apply `{event}` to a premium year that is {status}")]
        EventNotAllowed {
            /// Where the premium year stands.
            status: PremiumYearStatus,
            /// The event's kind, e.g. `instalment_invoiced`.
            event: &'static str,
        },
        /// Every instalment of the minimum premium is already invoiced.
        #[error("all `{count}` instalments of the minimum premium are already invoiced")]
        NoInstalmentLeft {
            /// The number of instalments.
            count: u32,
        },
        /// The number of instalments does not split the 12-month insurance year into equal
        /// whole months.
        #[error("`{count}` instalments do not split a 12-month insurance year into whole months")]
        UnevenInstalments {
            /// The number of instalments.
            count: u32,
        },
        /// An amount is split into zero parts.
        #[error("cannot split `{amount}` into `0` parts")]
        NoParts {
            /// The amount.
            amount: Money,
        },
        /// A turnover below zero.
        #[error("turnover `{turnover}` is negative")]
        NegativeTurnover {
            /// The turnover as given.
            turnover: Money,
        },
        /// A payment names an invoice this premium year did not issue.
        #[error("no invoice `{invoice}` was issued in this premium year")]
        UnknownInvoice {
            /// The invoice number as given.
            invoice: String,
        },
        /// A payment for an invoice already paid.
        #[error("invoice `{invoice}` was already paid on {paid_on}")]
        AlreadyPaid {
            /// The invoice number.
            invoice: String,
            /// When it was paid.
            paid_on: chrono::NaiveDate,
        },
        /// The closing rule asked to invoice the difference, but the final premium does not
        /// exceed the premium already invoiced.
        #[error(
            "no closing invoice possible: the final premium `{final_premium}` does not exceed the `{invoiced}` already invoiced"
        )]
        NothingToAdjust {
            /// The premium on the declared turnover.
            final_premium: Money,
            /// The premium already invoiced.
            invoiced: Money,
        },
        /// An invoice would not be clear (C2.4).
        #[error("{0}")]
        Invoice(#[from] InvoiceError),
        /// An amount.
        #[error("{0}")]
        Money(#[from] MoneyError),
        /// An invoice number.
        #[error("{0}")]
        Id(#[from] InvalidId),
    }
}
