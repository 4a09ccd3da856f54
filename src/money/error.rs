use rust_decimal::Decimal;

/// Why an amount, a currency or a percentage was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The currency code is not an ISO 4217 code this crate knows.
    #[error("unknown currency `{code}`")]
    UnknownCurrency {
        /// The code as given.
        code: String,
    },
    /// Two amounts in different currencies were combined.
    #[error("cannot combine `{left}` with `{right}`: currencies differ")]
    CurrencyMismatch {
        /// Currency of the left operand.
        left: String,
        /// Currency of the right operand.
        right: String,
    },
    /// An amount has more decimal places than its currency allows.
    #[error("amount `{amount}` has more decimals than `{currency}` allows ({minor_units})")]
    TooPrecise {
        /// The amount as given.
        amount: Decimal,
        /// Its currency.
        currency: String,
        /// Decimal places the currency allows.
        minor_units: u32,
    },
    /// Arithmetic left the range of `Decimal`.
    #[error("amount out of range while computing `{operation}`")]
    Overflow {
        /// The operation that overflowed.
        operation: &'static str,
    },
    /// A text could not be read as an amount or a percentage.
    #[error("cannot read `{text}` as {expected}")]
    Unreadable {
        /// The text as given.
        text: String,
        /// What was expected, e.g. `an amount like "EUR 12500.00"`.
        expected: &'static str,
    },
    /// A percentage outside 0%–100%.
    #[error("percentage `{value}%` is outside 0%–100%")]
    PercentageOutOfRange {
        /// The value in percent points.
        value: Decimal,
    },
}
