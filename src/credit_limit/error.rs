use chrono::NaiveDate;

use super::CreditLimitStatus;
use crate::machine::step_errors;
use crate::money::{Money, MoneyError};
use crate::rulebook::UnknownReason;

step_errors! {
    /// Why an event was rejected. The limit is unchanged.
    pub enum CreditLimitError {
        /// The event does not fit the limit's status.
        #[error("cannot apply `{event}` to a credit limit that is {status}")]
        EventNotAllowed {
            /// The limit's status.
            status: CreditLimitStatus,
            /// The event's name.
            event: &'static str,
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
        /// A limit decided or restored cannot be negative (zero is a refusal or a withdrawal).
        #[error("a credit limit cannot be negative, got `{amount}`")]
        Negative {
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
        /// An increase must ask for more than the limit in force.
        #[error("an increase of the limit of `{current}` must ask for more, got `{requested}`")]
        NotAnIncrease {
            /// The limit in force.
            current: Money,
            /// The amount asked for.
            requested: Money,
        },
        /// A decision granted more than was asked for.
        #[error("the decision grants `{amount}`, more than the `{requested}` applied for")]
        AboveRequest {
            /// The amount granted.
            amount: Money,
            /// The amount asked for.
            requested: Money,
        },
        /// A decision on an increase cannot lower the limit in force: that is a reduction, with
        /// its notice (C3.4).
        #[error(
            "a decision cannot lower the limit in force from `{current}` to `{amount}`: announce a reduction instead (C3.4)"
        )]
        LowersLimitInForce {
            /// The limit in force.
            current: Money,
            /// The amount decided.
            amount: Money,
        },
        /// A reason code the rule pack's catalogue does not define.
        #[error("{0}")]
        UnknownReason(#[from] UnknownReason),
        /// A temporary limit must expire after the decision.
        #[error("a temporary limit must expire after its decision on {on}, got {expires_on}")]
        ExpiryNotAfterDecision {
            /// The decision date.
            on: NaiveDate,
            /// The expiry given.
            expires_on: NaiveDate,
        },
        /// The customer's answer period has not ended yet.
        #[error("the customer's answer period runs until {answer_due}")]
        AnswerPeriodRunning {
            /// The last day of the answer period.
            answer_due: NaiveDate,
        },
        /// The limit in force has no expiry, or has not reached it.
        #[error("the limit in force does not expire on {on} (expiry: {expires_on})")]
        NotExpired {
            /// The event's date.
            on: NaiveDate,
            /// The limit's expiry, or `none`.
            expires_on: String,
        },
        /// A consultation date after the announcement it should precede.
        #[error("the customer was consulted on {consulted_on}, after the announcement on {on}")]
        ConsultedAfterwards {
            /// The consultation date given.
            consulted_on: NaiveDate,
            /// The announcement date.
            on: NaiveDate,
        },
        /// A reduction or withdrawal without an exceptional circumstance must say why.
        #[error(
            "`{event}` must state why: give at least one reason code, or the exceptional circumstance invoked"
        )]
        NoCause {
            /// The event's name.
            event: &'static str,
        },
        /// An amount computation failed.
        #[error("{0}")]
        Money(#[from] MoneyError),
    }
}
