//! A buyer's risk rating: a ground-floor value, because decision records state it (C3.3)
//! and the credit-limit machine decides with it.
//!
//! Layer: the ground floor; imports nothing of the crate.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A buyer's risk grade on the 1–10 scale (1 exceptional, 5 average, 7 weak, 9–10 at risk
/// of failure; `reference/domain.md` 2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct BuyerRating(u8);

/// A rating outside 1–10.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("buyer rating `{0}` is outside 1–10")]
pub struct InvalidRating(pub u8);

impl BuyerRating {
    /// A rating from 1 to 10.
    ///
    /// # Errors
    ///
    /// [`InvalidRating`] outside 1–10.
    pub fn new(grade: u8) -> Result<BuyerRating, InvalidRating> {
        if (1..=10).contains(&grade) {
            Ok(BuyerRating(grade))
        } else {
            Err(InvalidRating(grade))
        }
    }

    /// The grade.
    #[must_use]
    pub fn grade(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for BuyerRating {
    type Error = InvalidRating;
    fn try_from(grade: u8) -> Result<BuyerRating, InvalidRating> {
        BuyerRating::new(grade)
    }
}

impl From<BuyerRating> for u8 {
    fn from(rating: BuyerRating) -> u8 {
        rating.0
    }
}

impl fmt::Display for BuyerRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/10", self.0)
    }
}
