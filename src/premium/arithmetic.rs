//! Premium arithmetic: exact, in Rust, with the crate's one rounding policy. Rules decide
//! (the closing invoice, the payment term); this module only computes.

use rust_decimal::{Decimal, RoundingStrategy};

use super::PremiumError;
use crate::money::rounding::RemainderRule;
use crate::money::{Money, MoneyError, Percentage};

/// Premium on a turnover: `turnover × rate`, rounded once to the currency's minor units
/// with [`MONEY_ROUNDING`](crate::money::rounding::MONEY_ROUNDING).
///
/// ```
/// use credit_charter::premium::premium_on;
/// let premium = premium_on("EUR 20000000".parse()?, "0.30%".parse()?)?;
/// assert_eq!(premium.to_string(), "EUR 60,000.00");
/// // EUR 12,345,678 at 0.30% is 37,037.034, rounded once to EUR 37,037.03
/// assert_eq!(premium_on("EUR 12345678".parse()?, "0.30%".parse()?)?.to_string(), "EUR 37,037.03");
/// assert!(premium_on("EUR -1".parse()?, "0.30%".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`PremiumError::NegativeTurnover`]; [`PremiumError::Money`] on overflow.
pub fn premium_on(turnover: Money, rate: Percentage) -> Result<Money, PremiumError> {
    if turnover.is_negative() {
        return Err(PremiumError::NegativeTurnover { turnover });
    }
    Ok(turnover.checked_percentage(rate)?)
}

/// The remainder rule instalments are split with.
pub const INSTALMENT_REMAINDER: RemainderRule = RemainderRule::FirstPart;

/// Splits `amount` into `parts` amounts that sum to it exactly, to the minor unit, with
/// [`INSTALMENT_REMAINDER`].
///
/// ```
/// use credit_charter::premium::split_exactly;
/// let parts = split_exactly("EUR 29629.62".parse()?, 4)?;
/// let shown: Vec<String> = parts.iter().map(ToString::to_string).collect();
/// // 29,629.62 / 4 = 7,407.405: three parts of 7,407.40, the 2 cents left over go on the first
/// assert_eq!(shown, ["EUR 7,407.42", "EUR 7,407.40", "EUR 7,407.40", "EUR 7,407.40"]);
/// assert!(split_exactly("EUR 1.00".parse()?, 0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`PremiumError::NoParts`] for zero parts; [`PremiumError::Money`] on overflow.
pub fn split_exactly(amount: Money, parts: u32) -> Result<Vec<Money>, PremiumError> {
    if parts == 0 {
        return Err(PremiumError::NoParts { amount });
    }
    let overflow = || MoneyError::Overflow { operation: "split" };
    let count = Decimal::from(parts);
    let minor_units = amount.currency().minor_units();
    let each = amount
        .amount()
        .checked_div(count)
        .ok_or_else(overflow)?
        .round_dp_with_strategy(minor_units, RoundingStrategy::ToZero);
    let each = Money::new(each, amount.currency())?;
    let rest = each.checked_mul(Decimal::from(parts - 1))?;
    // INVARIANT (exact split): first + rest == amount, whatever the rounding of `each`.
    let first = amount.checked_sub(rest)?;
    let mut split = Vec::with_capacity(usize::try_from(parts).unwrap_or_default());
    split.push(first);
    for _ in 1..parts {
        split.push(each);
    }
    Ok(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(text: &str) -> Money {
        format!("EUR {text}").parse().unwrap()
    }

    #[test]
    fn splits_sum_exactly_and_the_first_part_carries_the_cents() {
        for (amount, parts) in [("0.01", 4), ("100.00", 3), ("48000.00", 4), ("-10.00", 3)] {
            let split = split_exactly(eur(amount), parts).unwrap();
            let sum = split
                .iter()
                .try_fold(eur("0"), |s, p| s.checked_add(*p))
                .unwrap();
            assert_eq!(sum, eur(amount), "{amount} / {parts}");
            assert!(split.windows(2).skip(1).all(|w| w[0] == w[1]));
        }
        assert_eq!(
            split_exactly(eur("100.00"), 3).unwrap(),
            [eur("33.34"), eur("33.33"), eur("33.33")]
        );
    }
}
