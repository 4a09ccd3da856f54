//! C3.1 application support: how large a credit limit to ask for on a buyer.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::CreditLimitError;
use super::rules::SIZING_STEP;
use crate::money::{Money, MoneyError};
use crate::rulebook::PolicyRules;

/// The credit limit that covers what a buyer owes at any time: `annual_turnover ×
/// credit_days ÷ 365`, rounded **up** to the next multiple of `step`, exactly (no Decimal
/// division is left to round: the remainder decides).
///
/// ```
/// use credit_charter::credit_limit::limit_for_turnover;
/// // EUR 1,200,000 a year on 60 days: 197,260.27… owed on average, so ask for EUR 198,000.
/// let limit = limit_for_turnover("EUR 1200000".parse()?, 60, "EUR 1000".parse()?)?;
/// assert_eq!(limit.to_string(), "EUR 198,000.00");
/// # Ok::<(), credit_charter::credit_limit::CreditLimitError>(())
/// ```
///
/// # Errors
///
/// [`CreditLimitError::NotPositive`] for a step of zero or less;
/// [`CreditLimitError::Negative`] for a negative turnover; [`CreditLimitError::Money`] for
/// amounts in different currencies or an overflow.
pub fn limit_for_turnover(
    annual_turnover: Money,
    credit_days: u32,
    step: Money,
) -> Result<Money, CreditLimitError> {
    if step.is_zero() || step.is_negative() {
        return Err(CreditLimitError::NotPositive { amount: step });
    }
    if annual_turnover.is_negative() {
        return Err(CreditLimitError::Negative {
            amount: annual_turnover,
        });
    }
    let currency = annual_turnover.currency();
    step.checked_cmp(annual_turnover)?;
    let overflow = |operation| MoneyError::Overflow { operation };
    let owed = annual_turnover
        .amount()
        .checked_mul(Decimal::from(credit_days))
        .ok_or(overflow("multiply"))?;
    let divisor = step
        .amount()
        .checked_mul(Decimal::from(365))
        .ok_or(overflow("multiply"))?;
    let remainder = owed.checked_rem(divisor).ok_or(overflow("divide"))?;
    let whole_steps = (owed - remainder)
        .checked_div(divisor)
        .ok_or(overflow("divide"))?;
    let steps = if remainder.is_zero() {
        whole_steps
    } else {
        whole_steps + Decimal::ONE
    };
    let limit = steps
        .checked_mul(step.amount())
        .ok_or(overflow("multiply"))?;
    Ok(Money::new(limit, currency)?)
}

/// [`limit_for_turnover`] with the policy's step, `credit_limit.sizing_step` (EUR 1,000 by
/// default), in force on `on`.
///
/// # Errors
///
/// As [`limit_for_turnover`]; [`CreditLimitError::Rule`] when the parameter is missing.
pub fn size_limit(
    annual_turnover: Money,
    credit_days: u32,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Result<Money, CreditLimitError> {
    limit_for_turnover(annual_turnover, credit_days, rules.get(&SIZING_STEP, on)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn rounds_up_to_the_step_and_keeps_exact_multiples() {
        let cases = [
            ("EUR 1200000", 60, "EUR 1000", "EUR 198000"),
            ("EUR 365000", 30, "EUR 1000", "EUR 30000"), // exactly 30,000: no rounding up
            ("EUR 365001", 30, "EUR 1000", "EUR 31000"), // 30,000.08…: one step up
            ("EUR 100000", 45, "EUR 5000", "EUR 15000"), // 12,328.77… to the next 5,000
            ("EUR 0", 60, "EUR 1000", "EUR 0"),
            ("EUR 500000", 0, "EUR 1000", "EUR 0"),
            ("JPY 100000000", 90, "JPY 1000000", "JPY 25000000"),
        ];
        for (turnover, days, step, expected) in cases {
            assert_eq!(
                limit_for_turnover(money(turnover), days, money(step)).unwrap(),
                money(expected),
                "{turnover} × {days} ÷ 365 by {step}"
            );
        }
    }

    #[test]
    fn a_step_of_zero_or_another_currency_is_refused() {
        assert!(limit_for_turnover(money("EUR 1000"), 30, money("EUR 0")).is_err());
        assert!(limit_for_turnover(money("EUR 1000"), 30, money("USD 1000")).is_err());
        assert!(limit_for_turnover(money("EUR -1000"), 30, money("EUR 1000")).is_err());
    }
}
