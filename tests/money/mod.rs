//! Money: exact amounts, currency safety, the one rounding policy, lossless JSON.

use credit_charter::money::rounding::round_to_minor_units;
use credit_charter::money::{MoneyError, Percentage};
use credit_charter::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(vec!["EUR", "USD", "GBP", "JPY", "KWD", "CHF"])
        .prop_map(|c| c.parse().unwrap())
}

/// Any amount up to a trillion, with the currency's minor units.
fn money() -> impl Strategy<Value = Money> {
    (
        currency(),
        -1_000_000_000_000_000_i64..1_000_000_000_000_000,
    )
        .prop_map(|(c, units)| Money::new(Decimal::new(units, c.minor_units()), c).unwrap())
}

proptest! {
    #[test]
    fn combining_two_currencies_is_always_an_error(a in money(), b in money()) {
        prop_assume!(a.currency() != b.currency());
        let mismatch = |r: Result<Money, MoneyError>| matches!(r, Err(MoneyError::CurrencyMismatch { .. }));
        prop_assert!(mismatch(a.checked_add(b)));
        prop_assert!(mismatch(a.checked_sub(b)));
        prop_assert!(a.checked_cmp(b).is_err());
    }

    #[test]
    fn add_is_commutative_and_sub_undoes_it(a in money(), units in -1_000_000_000_i64..1_000_000_000) {
        let b = Money::new(Decimal::new(units, a.currency().minor_units()), a.currency()).unwrap();
        prop_assert_eq!(a.checked_add(b).unwrap(), b.checked_add(a).unwrap());
        prop_assert_eq!(a.checked_add(b).unwrap().checked_sub(b).unwrap(), a);
    }

    #[test]
    fn rounding_lands_on_minor_units_within_half_a_unit(mantissa in any::<i64>(), scale in 0_u32..10, c in currency()) {
        let exact = Decimal::new(mantissa, scale);
        let rounded = round_to_minor_units(exact, c);
        prop_assert_eq!(rounded.scale(), c.minor_units());
        let half_unit = Decimal::new(5, c.minor_units() + 1);
        prop_assert!((rounded - exact).abs() <= half_unit);
        // Half away from zero: the sign never flips and a tie goes outwards.
        prop_assert_eq!(round_to_minor_units(-exact, c), -rounded);
    }

    #[test]
    fn json_round_trip_is_lossless(m in money()) {
        let json = serde_json::to_string(&m).unwrap();
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        // Amounts travel as strings, never as JSON numbers (floats).
        let amount_as_string = format!("\"amount\":\"{}\"", m.amount());
        prop_assert!(json.contains(&amount_as_string));
        prop_assert_eq!(format!("{:?}", m).parse::<Money>().unwrap(), m);
    }

    #[test]
    fn display_groups_thousands_and_keeps_every_decimal(mantissa in any::<i64>(), scale in 0_u32..=6, c in currency()) {
        // The reference: `Decimal`'s own text, its whole part grouped by thousands.
        let m = Money::rounded(Decimal::new(mantissa, scale), c);
        let amount = m.amount();
        let plain = amount.abs().to_string();
        let (whole, fraction) = plain.split_once('.').map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
        let mut grouped = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let sign = if amount.is_sign_negative() && !amount.is_zero() { "-" } else { "" };
        let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
        prop_assert_eq!(m.to_string(), format!("{c} {sign}{grouped}{fraction}"));
    }

    #[test]
    fn percentages_stay_between_zero_and_the_whole(points in 0_i64..=10_000, m in money()) {
        let p = Percentage::from_points(Decimal::new(points, 2)).unwrap();
        let part = m.checked_percentage(p).unwrap();
        prop_assert!(part.amount().abs() <= m.amount().abs());
        prop_assert_eq!(p.to_string().parse::<Percentage>().unwrap(), p);
    }
}

#[test]
fn too_precise_amounts_are_rejected_not_rounded() {
    let err = Money::new(Decimal::new(1_005, 3), Currency::EUR).unwrap_err();
    assert_eq!(
        err.to_string(),
        "amount `1.005` has more decimals than `EUR` allows (2)"
    );
    assert!(
        Money::new(Decimal::new(1_500, 3), Currency::EUR).is_ok(),
        "trailing zeros are not precision"
    );
    assert!("JPY 10.5".parse::<Money>().is_err());
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let max = Money::new(Decimal::MAX, Currency::JPY).unwrap();
    assert!(matches!(
        max.checked_add(max),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(matches!(
        max.checked_mul(Decimal::TWO),
        Err(MoneyError::Overflow { .. })
    ));
}

#[test]
fn the_rounding_policy_is_half_away_from_zero() {
    let eur = Currency::EUR;
    let cases = [
        ("2.345", "2.35"),
        ("2.355", "2.36"),
        ("2.344", "2.34"),
        ("-2.345", "-2.35"),
        ("0.005", "0.01"),
    ];
    for (exact, shown) in cases {
        assert_eq!(
            round_to_minor_units(exact.parse().unwrap(), eur).to_string(),
            shown,
            "{exact}"
        );
    }
}

#[test]
fn unknown_currencies_and_bad_percentages_are_named() {
    assert_eq!(
        "XYZ 1".parse::<Money>().unwrap_err().to_string(),
        "unknown currency `XYZ`"
    );
    assert_eq!(
        "120%".parse::<Percentage>().unwrap_err().to_string(),
        "percentage `120%` is outside 0%–100%"
    );
    assert!(
        serde_json::from_str::<Money>(r#"{"amount": 12.5, "currency": "EUR"}"#).is_err(),
        "a JSON number is refused"
    );
}
