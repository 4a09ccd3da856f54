//! The one place the crate's rounding policy is named.
//!
//! Every amount a customer sees (a payout, an instalment, a split of a recovery) is rounded
//! to its currency's minor units with [`MONEY_ROUNDING`]: half away from zero, the
//! commercial rounding used on invoices in the euro area.
//!
//! ```
//! use credit_charter::money::rounding::round_to_minor_units;
//! use credit_charter::Currency;
//! use rust_decimal::Decimal;
//!
//! let eur = Currency::EUR;
//! assert_eq!(round_to_minor_units(Decimal::new(2345, 3), eur), Decimal::new(235, 2)); // 2.345 -> 2.35
//! assert_eq!(round_to_minor_units(Decimal::new(2344, 3), eur), Decimal::new(234, 2)); // 2.344 -> 2.34
//! assert_eq!(round_to_minor_units(Decimal::new(-2345, 3), eur), Decimal::new(-235, 2)); // -2.345 -> -2.35
//! ```

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::Currency;

/// Half away from zero: `2.345 -> 2.35`, `2.344 -> 2.34`, `-2.345 -> -2.35`.
pub const MONEY_ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// Rounds `amount` to the minor units of `currency` with [`MONEY_ROUNDING`], and pads it to
/// exactly that many decimals (`12500` becomes `12500.00` in EUR).
#[must_use]
pub fn round_to_minor_units(amount: Decimal, currency: Currency) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(currency.minor_units(), MONEY_ROUNDING);
    rounded.rescale(currency.minor_units());
    rounded
}

/// How an amount that does not divide to the cent is settled, so the parts always sum to
/// the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemainderRule {
    /// Instalments: every part is the amount divided by the count, cut (toward zero) to the
    /// currency's minor units; the minor units left over all go on the **first** part, so
    /// the first instalment is the largest.
    FirstPart,
    /// A recovery split (C4.2): the insurer's share is rounded with [`MONEY_ROUNDING`]; the
    /// insured gets exactly the rest, so a rounding difference never leaves the customer's
    /// money with the insurer.
    InsuredTakesRemainder,
}

impl fmt::Display for RemainderRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RemainderRule::FirstPart => "the cents that do not split evenly go on the first part",
            RemainderRule::InsuredTakesRemainder => {
                "the insurer's share is rounded and the insured takes the rest"
            }
        })
    }
}
