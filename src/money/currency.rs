use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::MoneyError;

/// An ISO 4217 currency with its number of minor units (decimal places).
///
/// Codes and minor units come from the maintained ISO 4217 table of the `iso_currency`
/// crate, so every active currency is known (AED, BHD with 3 minor units, JPY with none, CLF
/// with 4). Codes without a minor unit — precious metals (`XAU`), the testing code `XTS`,
/// "no currency" `XXX` — are not money a policy can be written in and are refused.
///
/// ```
/// use credit_charter::Currency;
/// let eur: Currency = "EUR".parse()?;
/// assert_eq!(eur.minor_units(), 2);
/// assert_eq!("JPY".parse::<Currency>()?.minor_units(), 0);
/// assert_eq!("AED".parse::<Currency>()?.minor_units(), 2);
/// assert_eq!("KWD".parse::<Currency>()?.minor_units(), 3);
/// assert!("EURO".parse::<Currency>().is_err());
/// assert!("XAU".parse::<Currency>().is_err()); // gold has no minor unit
/// # Ok::<(), credit_charter::money::MoneyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    iso: iso_currency::Currency,
    minor_units: u32,
}

impl Currency {
    /// Euro.
    pub const EUR: Currency = Currency::known(iso_currency::Currency::EUR, 2);
    /// US dollar.
    pub const USD: Currency = Currency::known(iso_currency::Currency::USD, 2);
    /// Pound sterling.
    pub const GBP: Currency = Currency::known(iso_currency::Currency::GBP, 2);
    /// Japanese yen (no minor units).
    pub const JPY: Currency = Currency::known(iso_currency::Currency::JPY, 0);

    /// A currency whose minor units the table states; for the constants above, which a
    /// test checks against the table.
    const fn known(iso: iso_currency::Currency, minor_units: u32) -> Currency {
        Currency { iso, minor_units }
    }

    /// Looks up a currency by its ISO 4217 code (upper case).
    ///
    /// # Errors
    ///
    /// [`MoneyError::UnknownCurrency`] when the code is not in ISO 4217 or has no minor
    /// unit (metals, testing and "no currency" codes).
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        iso_currency::Currency::from_code(code)
            .and_then(|iso| {
                iso.exponent().map(|minor_units| Currency {
                    iso,
                    minor_units: u32::from(minor_units),
                })
            })
            .ok_or_else(|| MoneyError::UnknownCurrency {
                code: code.to_owned(),
            })
    }

    /// The three-letter code, e.g. `EUR`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.iso.code()
    }

    /// Decimal places of the currency's minor unit (EUR: 2, JPY: 0, KWD: 3).
    #[must_use]
    pub fn minor_units(self) -> u32 {
        self.minor_units
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Currency, MoneyError> {
        Currency::from_code(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::money::Money;

    #[test]
    fn the_constants_agree_with_the_iso_table() {
        for constant in [Currency::EUR, Currency::USD, Currency::GBP, Currency::JPY] {
            assert_eq!(Currency::from_code(constant.code()), Ok(constant));
        }
    }

    #[test]
    fn amounts_round_to_zero_two_and_three_minor_units() {
        // Half away from zero, at each currency's own minor unit.
        let cases = [
            ("JPY", Decimal::new(15005, 1), "JPY 1,501"),
            ("AED", Decimal::new(100_005, 3), "AED 100.01"),
            ("KWD", Decimal::new(12_3455, 4), "KWD 12.346"),
            ("BHD", Decimal::new(-5, 4), "BHD -0.001"),
        ];
        for (code, amount, shown) in cases {
            let currency = Currency::from_code(code).unwrap();
            assert_eq!(
                Money::rounded(amount, currency).to_string(),
                shown,
                "{code}"
            );
        }
        assert!("KWD 1.0005".parse::<Money>().is_err(), "4 decimals in KWD");
        assert!(
            "JPY 1.5".parse::<Money>().is_err(),
            "the yen has no minor unit"
        );
    }

    #[test]
    fn codes_without_a_minor_unit_are_not_money() {
        for code in ["XAU", "XXX", "XTS", "eur", ""] {
            assert!(Currency::from_code(code).is_err(), "{code}");
        }
    }
}
