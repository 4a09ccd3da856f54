use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::MoneyError;

/// An ISO 4217 currency with its number of minor units (decimal places).
///
/// Only currencies in this crate's table can be built, so `minor_units` is always right.
///
/// ```
/// use credit_charter::Currency;
/// let eur: Currency = "EUR".parse()?;
/// assert_eq!(eur.minor_units(), 2);
/// assert_eq!("JPY".parse::<Currency>()?.minor_units(), 0);
/// assert!("EURO".parse::<Currency>().is_err());
/// # Ok::<(), credit_charter::money::MoneyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

/// ISO 4217 codes with their minor units: the currencies a European trade credit insurer
/// writes policies in, and the common trading currencies of their buyers.
const TABLE: &[(&str, u32)] = &[
    ("AUD", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MXN", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PLN", 2),
    ("RON", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("TRY", 2),
    ("USD", 2),
    ("ZAR", 2),
];

impl Currency {
    /// Euro.
    pub const EUR: Currency = Currency {
        code: "EUR",
        minor_units: 2,
    };
    /// US dollar.
    pub const USD: Currency = Currency {
        code: "USD",
        minor_units: 2,
    };
    /// Pound sterling.
    pub const GBP: Currency = Currency {
        code: "GBP",
        minor_units: 2,
    };
    /// Japanese yen (no minor units).
    pub const JPY: Currency = Currency {
        code: "JPY",
        minor_units: 0,
    };

    /// Looks up a currency by its ISO 4217 code (upper case).
    ///
    /// # Errors
    ///
    /// [`MoneyError::UnknownCurrency`] when the code is not in the crate's table.
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        TABLE
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(code, minor_units)| Currency { code, minor_units })
            .ok_or_else(|| MoneyError::UnknownCurrency {
                code: code.to_owned(),
            })
    }

    /// The three-letter code, e.g. `EUR`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.code
    }

    /// Decimal places of the currency's minor unit (EUR: 2, JPY: 0).
    #[must_use]
    pub fn minor_units(self) -> u32 {
        self.minor_units
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
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
        serializer.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}
