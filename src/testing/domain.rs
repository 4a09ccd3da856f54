//! Strategies for the ground floor: money in a currency, business dates, ids, ratings and
//! exceptional circumstances.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::credit_limit::ExceptionalCircumstance;
use crate::ids::{BuyerId, PolicyId};
use crate::money::{Currency, Money};
use crate::rating::BuyerRating;

/// The first day [`date`] gives: inside every shipped holiday calendar (2025–2028), with a
/// year to spare for deadlines counted from the last.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2025, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

/// How many days after [`FIRST_DAY`] [`date`] reaches: two years.
pub const DAYS: u32 = 730;

/// A currency the shipped pack knows, EUR most often (the default policy's).
pub fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        4 => Just(Currency::EUR),
        1 => Just("GBP").prop_filter_map("a known code", |c| c.parse().ok()),
        1 => Just("USD").prop_filter_map("a known code", |c| c.parse().ok()),
    ]
}

/// An amount in `currency` between `min` and `max` whole units, in cents.
pub fn money(currency: Currency, min: i64, max: i64) -> impl Strategy<Value = Money> {
    (min.saturating_mul(100)..=max.saturating_mul(100))
        .prop_map(move |cents| Money::rounded(Decimal::new(cents, 2), currency))
}

/// An amount in `currency` in whole units: a credit limit, a turnover, a recovery.
pub fn whole_money(currency: Currency, min: i64, max: i64) -> impl Strategy<Value = Money> {
    (min..=max).prop_map(move |units| Money::rounded(Decimal::from(units), currency))
}

/// A business date in the two years from [`FIRST_DAY`]; shrinks towards it.
pub fn date() -> impl Strategy<Value = NaiveDate> {
    (0..DAYS).prop_map(after)
}

/// A date up to `days` after `from`; shrinks towards `from`.
pub fn date_after(from: NaiveDate, days: u32) -> impl Strategy<Value = NaiveDate> {
    (0..=days).prop_map(move |n| from.checked_add_days(Days::new(n.into())).unwrap_or(from))
}

fn after(days: u32) -> NaiveDate {
    FIRST_DAY
        .checked_add_days(Days::new(days.into()))
        .unwrap_or(FIRST_DAY)
}

/// A policy id such as `POL-17`.
pub fn policy_id() -> impl Strategy<Value = PolicyId> {
    (1u32..1000).prop_filter_map("a valid id", |n| PolicyId::new(format!("POL-{n}")).ok())
}

/// A buyer id such as `B-3`.
pub fn buyer_id() -> impl Strategy<Value = BuyerId> {
    (1u32..100).prop_filter_map("a valid id", |n| BuyerId::new(format!("B-{n}")).ok())
}

/// A buyer rating, grade 1 (best) to 10.
pub fn rating() -> impl Strategy<Value = BuyerRating> {
    (1u8..=10).prop_filter_map("a grade", |g| BuyerRating::new(g).ok())
}

/// An exceptional circumstance (C3.4).
pub fn circumstance() -> impl Strategy<Value = ExceptionalCircumstance> {
    prop_oneof![
        Just(ExceptionalCircumstance::BuyerInsolvency),
        Just(ExceptionalCircumstance::Sanctions),
        Just(ExceptionalCircumstance::StoppageOfCover),
        Just(ExceptionalCircumstance::Fraud),
    ]
}

/// A holiday calendar of the shipped pack.
pub fn calendar() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just("NL"), 1 => Just("BE")]
}
