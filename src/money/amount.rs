use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::rounding::round_to_minor_units;
use super::{Currency, MoneyError, Percentage};

/// An exact amount of money in one currency.
///
/// INVARIANT (scale): `amount.scale() == currency.minor_units()`; upheld by every
/// constructor and arithmetic method, so `EUR 12500` is always stored as `12500.00`.
///
/// In JSON it is `{"amount": "12500.00", "currency": "EUR"}`; the short form
/// `"EUR 12500.00"` is read too.
///
/// ```
/// use credit_charter::{Currency, Money};
/// use rust_decimal::Decimal;
///
/// let limit = Money::new(Decimal::new(100_000, 0), Currency::EUR)?;
/// assert_eq!(limit.to_string(), "EUR 100,000.00");
/// let used: Money = "EUR 37500.50".parse()?;
/// assert_eq!(limit.checked_sub(used)?.to_string(), "EUR 62,499.50");
/// assert!(limit.checked_add("USD 1.00".parse()?).is_err()); // currencies differ
/// assert!(Money::new(Decimal::new(1_005, 3), Currency::EUR).is_err()); // 1.005 is too precise
/// # Ok::<(), credit_charter::money::MoneyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// An amount, rejecting more decimals than the currency has.
    ///
    /// # Errors
    ///
    /// [`MoneyError::TooPrecise`] when `amount` has more decimals than `currency` allows
    /// (after dropping trailing zeros, so `1.500` EUR is fine).
    pub fn new(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        if amount.normalize().scale() > currency.minor_units() {
            return Err(MoneyError::TooPrecise {
                amount,
                currency: currency.code().to_owned(),
                minor_units: currency.minor_units(),
            });
        }
        Ok(Money::rounded(amount, currency))
    }

    /// An amount rounded to the currency's minor units with the crate's one rounding policy,
    /// [`MONEY_ROUNDING`](super::rounding::MONEY_ROUNDING).
    #[must_use]
    pub fn rounded(amount: Decimal, currency: Currency) -> Money {
        Money {
            amount: round_to_minor_units(amount, currency),
            currency,
        }
    }

    /// Zero in `currency`.
    #[must_use]
    pub fn zero(currency: Currency) -> Money {
        Money::rounded(Decimal::ZERO, currency)
    }

    /// The amount, with exactly the currency's minor units as its scale.
    #[must_use]
    pub fn amount(self) -> Decimal {
        self.amount
    }

    /// The currency.
    #[must_use]
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// `true` for zero.
    #[must_use]
    pub fn is_zero(self) -> bool {
        self.amount.is_zero()
    }

    /// `true` for amounts below zero.
    #[must_use]
    pub fn is_negative(self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// Adds an amount of the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] or [`MoneyError::Overflow`].
    pub fn checked_add(self, rhs: Money) -> Result<Money, MoneyError> {
        self.same_currency(rhs)?;
        let sum = self
            .amount
            .checked_add(rhs.amount)
            .ok_or(MoneyError::Overflow { operation: "add" })?;
        Ok(Money::rounded(sum, self.currency))
    }

    /// Subtracts an amount of the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] or [`MoneyError::Overflow`].
    pub fn checked_sub(self, rhs: Money) -> Result<Money, MoneyError> {
        self.same_currency(rhs)?;
        let difference = self
            .amount
            .checked_sub(rhs.amount)
            .ok_or(MoneyError::Overflow {
                operation: "subtract",
            })?;
        Ok(Money::rounded(difference, self.currency))
    }

    /// This amount times `factor`, rounded once with the crate's rounding policy.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`].
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, MoneyError> {
        let product = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::Overflow {
                operation: "multiply",
            })?;
        Ok(Money::rounded(product, self.currency))
    }

    /// `percentage` of this amount (`EUR 100.00` at `90%` is `EUR 90.00`), rounded once.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Overflow`].
    pub fn checked_percentage(self, percentage: Percentage) -> Result<Money, MoneyError> {
        self.checked_mul(percentage.fraction())
    }

    /// Compares two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`].
    pub fn checked_cmp(self, rhs: Money) -> Result<Ordering, MoneyError> {
        self.same_currency(rhs)?;
        Ok(self.amount.cmp(&rhs.amount))
    }

    /// The smaller of two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`].
    pub fn checked_min(self, rhs: Money) -> Result<Money, MoneyError> {
        Ok(if self.checked_cmp(rhs)? == Ordering::Greater {
            rhs
        } else {
            self
        })
    }

    fn same_currency(self, rhs: Money) -> Result<(), MoneyError> {
        if self.currency == rhs.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency.code().to_owned(),
                right: rhs.currency.code().to_owned(),
            })
        }
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount)
    }
}

/// `EUR 12,500.00`: the currency, then the amount with thousands separated by commas.
/// `EUR 90,000.00`: the code, then the amount with thousands grouped and as many decimals
/// as it carries. Written straight from the mantissa: payout lines print many amounts, and
/// going through `Decimal`'s own text cost two allocations each.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.amount.mantissa().unsigned_abs();
        let scale = self.amount.scale();
        let unit = 10_u128.pow(scale);
        let sign = if self.is_negative() { "-" } else { "" };
        write!(f, "{} {sign}", self.currency)?;
        grouped(f, digits / unit)?;
        if scale > 0 {
            write!(f, ".{:0width$}", digits % unit, width = scale as usize)?;
        }
        Ok(())
    }
}

/// `1234567` as `1,234,567`.
fn grouped(f: &mut fmt::Formatter<'_>, whole: u128) -> fmt::Result {
    if whole < 1_000 {
        return write!(f, "{whole}");
    }
    grouped(f, whole / 1_000)?;
    write!(f, ",{:03}", whole % 1_000)
}

/// Reads `EUR 12500.00` (the code, one space, a plain decimal amount).
impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        let unreadable = || MoneyError::Unreadable {
            text: s.to_owned(),
            expected: "an amount like `EUR 12500.00`",
        };
        let (code, amount) = s.trim().split_once(' ').ok_or_else(unreadable)?;
        let amount = Decimal::from_str_exact(amount.trim()).map_err(|_| unreadable())?;
        Money::new(amount, Currency::from_code(code)?)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyFields {
    #[serde(with = "rust_decimal::serde::str")]
    amount: Decimal,
    currency: Currency,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MoneyForms {
    Short(String),
    Fields(MoneyFields),
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MoneyFields {
            amount: self.amount,
            currency: self.currency,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let parsed = match MoneyForms::deserialize(deserializer)? {
            MoneyForms::Short(text) => text.parse(),
            MoneyForms::Fields(MoneyFields { amount, currency }) => Money::new(amount, currency),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_groups_thousands_and_keeps_minor_units() {
        let cases = [
            ("EUR 0", "EUR 0.00"),
            ("EUR 999.5", "EUR 999.50"),
            ("EUR 1000", "EUR 1,000.00"),
            ("EUR -1234567.89", "EUR -1,234,567.89"),
            ("JPY 1500000", "JPY 1,500,000"),
        ];
        for (input, shown) in cases {
            assert_eq!(
                input.parse::<Money>().unwrap().to_string(),
                shown,
                "{input}"
            );
        }
    }

    #[test]
    fn short_and_long_json_forms_read_the_same() {
        let short: Money = serde_json::from_str(r#""EUR 12500""#).unwrap();
        let long: Money =
            serde_json::from_str(r#"{"amount": "12500.00", "currency": "EUR"}"#).unwrap();
        assert_eq!(short, long);
        assert_eq!(
            serde_json::to_string(&long).unwrap(),
            r#"{"amount":"12500.00","currency":"EUR"}"#
        );
    }

    #[test]
    fn unreadable_text_names_the_text() {
        let err = "12500 EUR".parse::<Money>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read `12500 EUR` as an amount like `EUR 12500.00`"
        );
        let err = "EURO 12500".parse::<Money>().unwrap_err();
        assert_eq!(err.to_string(), "unknown currency `EURO`");
        let err = "EUR twelve".parse::<Money>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read `EUR twelve` as an amount like `EUR 12500.00`"
        );
    }
}
