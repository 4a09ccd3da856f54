use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::MoneyError;

/// A percentage between 0% and 100% inclusive, held exactly in percent points.
///
/// Written `"90%"` or `"0.30%"` in case files and parameters.
///
/// ```
/// use credit_charter::money::Percentage;
/// let insured: Percentage = "90%".parse()?;
/// assert_eq!(insured.fraction().to_string(), "0.90");
/// assert!("120%".parse::<Percentage>().is_err());
/// # Ok::<(), credit_charter::money::MoneyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Percentage {
    points: Decimal,
}

impl Percentage {
    /// A percentage from percent points (`90` is 90%).
    ///
    /// # Errors
    ///
    /// [`MoneyError::PercentageOutOfRange`] outside 0–100.
    pub fn from_points(points: Decimal) -> Result<Percentage, MoneyError> {
        if points < Decimal::ZERO || points > Decimal::ONE_HUNDRED {
            return Err(MoneyError::PercentageOutOfRange { value: points });
        }
        Ok(Percentage { points })
    }

    /// Percent points: `90` for 90%.
    #[must_use]
    pub fn points(self) -> Decimal {
        self.points
    }

    /// The fraction: `0.90` for 90%.
    #[must_use]
    pub fn fraction(self) -> Decimal {
        // Cannot overflow: points is at most 100.
        self.points / Decimal::ONE_HUNDRED
    }
}

impl fmt::Debug for Percentage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.points)
    }
}

impl fmt::Display for Percentage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.points.normalize())
    }
}

impl FromStr for Percentage {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Percentage, MoneyError> {
        let unreadable = || MoneyError::Unreadable {
            text: s.to_owned(),
            expected: "a percentage like `90%`",
        };
        let points = s.trim().strip_suffix('%').ok_or_else(unreadable)?;
        Percentage::from_points(Decimal::from_str_exact(points.trim()).map_err(|_| unreadable())?)
    }
}

impl Serialize for Percentage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Percentage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percentage, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
