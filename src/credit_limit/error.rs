use chrono::NaiveDate;

use super::CreditLimitStatus;
use crate::calendar::CalendarError;
use crate::explain::ExplainError;
use crate::money::{Money, MoneyError};
use crate::rulebook::RuleError;

/// Why an event was rejected. The limit is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditLimitError {
    /// The event does not fit the limit's status.
    #[error("cannot apply `{event}` to a credit limit that is {status}")]
    EventNotAllowed {
        /// The limit's status.
        status: CreditLimitStatus,
        /// The event's name.
        event: &'static str,
    },
    /// The event is dated before the limit's last event.
    #[error("event `{event}` on {on} is dated before the limit's last event on {last}")]
    OutOfOrder {
        /// The event's name.
        event: &'static str,
        /// Its date.
        on: NaiveDate,
        /// The last accepted event's date.
        last: NaiveDate,
    },
    /// An amount is not in the limit's currency.
    #[error("amount `{amount}` is not in the limit's currency `{currency}`")]
    WrongCurrency {
        /// The amount given.
        amount: Money,
        /// The limit's currency.
        currency: String,
    },
    /// A granted limit must be more than zero.
    #[error("a credit limit must be more than zero, got `{amount}`")]
    NotPositive {
        /// The amount given.
        amount: Money,
    },
    /// A reduction must lower the limit and stay above zero (use a withdrawal for zero).
    #[error(
        "a reduction from `{current}` must be to an amount between zero and it, got `{new_amount}`"
    )]
    NotAReduction {
        /// The limit in force.
        current: Money,
        /// The amount given.
        new_amount: Money,
    },
    /// A rule failed; nothing was decided.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A date computation failed.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// An amount computation failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The decision could not be explained as the charter requires.
    #[error(transparent)]
    Explain(#[from] ExplainError),
}
