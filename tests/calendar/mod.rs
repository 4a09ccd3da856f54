//! Calendar: the counting convention, month ends, business days and holiday calendars.

use chrono::{Datelike, NaiveDate, Weekday};
use credit_charter::Rulebook;
use credit_charter::calendar::{
    CalendarError, HolidayCalendar, MonthEnd, Period, add_days, add_months,
};
use proptest::prelude::*;

use crate::support::d;

fn calendar(code: &str) -> HolidayCalendar {
    Rulebook::embedded()
        .unwrap()
        .calendar(code)
        .unwrap()
        .clone()
}

/// Any date the shipped calendars cover well inside (2025-01-01 … 2028-06-30).
fn covered_date() -> impl Strategy<Value = NaiveDate> {
    (0_u64..1_276).prop_map(|n| d(2025, 1, 1) + chrono::Days::new(n))
}

proptest! {
    #[test]
    fn a_deadline_is_never_before_its_start(start in covered_date(), n in 0_u32..120, months in 0_u32..24) {
        let nl = calendar("NL");
        prop_assert!(add_days(start, n).unwrap() >= start);
        prop_assert!(add_months(start, months, MonthEnd::Clamp).unwrap() >= start);
        prop_assert!(nl.add_business_days(start, n.min(100)).unwrap() >= start);
        for period in [Period::Days(n), Period::BusinessDays(n.min(100)), Period::Months(months)] {
            prop_assert!(period.after(start, &nl).unwrap() >= start);
        }
    }

    #[test]
    fn business_days_never_land_on_a_weekend_or_holiday(start in covered_date(), n in 1_u32..100, code in prop::sample::select(vec!["NL", "BE"])) {
        let cal = calendar(code);
        let end = cal.add_business_days(start, n).unwrap();
        prop_assert!(!matches!(end.weekday(), Weekday::Sat | Weekday::Sun));
        prop_assert!(cal.holiday(end).is_none(), "{} is {:?}", end, cal.holiday(end));
        // Exactly n business days lie in (start, end].
        let counted = start.iter_days().skip(1).take_while(|x| *x <= end).filter(|x| cal.is_business_day(*x).unwrap()).count();
        prop_assert_eq!(counted, n as usize);
    }

    #[test]
    fn later_starts_never_give_earlier_deadlines(a in covered_date(), b in covered_date(), n in 0_u32..60) {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let nl = calendar("NL");
        prop_assert!(add_days(early, n).unwrap() <= add_days(late, n).unwrap());
        prop_assert!(nl.add_business_days(early, n).unwrap() <= nl.add_business_days(late, n).unwrap());
        prop_assert!(add_months(early, n % 13, MonthEnd::Clamp).unwrap() <= add_months(late, n % 13, MonthEnd::Clamp).unwrap());
    }
}

#[test]
fn n_days_after_x_is_x_plus_n_across_month_year_and_leap_day() {
    assert_eq!(add_days(d(2026, 3, 5), 30).unwrap(), d(2026, 4, 4));
    assert_eq!(add_days(d(2026, 12, 2), 30).unwrap(), d(2027, 1, 1));
    assert_eq!(add_days(d(2028, 2, 1), 28).unwrap(), d(2028, 2, 29));
    assert_eq!(add_days(d(2027, 2, 1), 28).unwrap(), d(2027, 3, 1));
}

#[test]
fn month_ends_follow_the_named_policy() {
    assert_eq!(
        add_months(d(2026, 3, 31), 3, MonthEnd::Clamp).unwrap(),
        d(2026, 6, 30)
    );
    assert_eq!(
        add_months(d(2027, 11, 29), 3, MonthEnd::Clamp).unwrap(),
        d(2028, 2, 29)
    );
    assert_eq!(
        add_months(d(2026, 11, 29), 3, MonthEnd::Clamp).unwrap(),
        d(2027, 2, 28)
    );
    assert!(matches!(
        add_months(d(2026, 3, 31), 3, MonthEnd::Reject),
        Err(CalendarError::NoSuchDay { day: 31, .. })
    ));
}

#[test]
fn dutch_and_belgian_holidays_move_business_deadlines() {
    let (nl, be) = (calendar("NL"), calendar("BE"));
    // Koningsdag (Mon 27 April 2026) is a Dutch holiday, not a Belgian one.
    assert_eq!(
        nl.add_business_days(d(2026, 4, 24), 1).unwrap(),
        d(2026, 4, 28)
    );
    assert_eq!(
        be.add_business_days(d(2026, 4, 24), 1).unwrap(),
        d(2026, 4, 27)
    );
    // Thu 24 Dec 2026 + 2 in NL: Christmas Friday and the weekend are skipped (Mon 28, Tue 29).
    assert_eq!(
        nl.add_business_days(d(2026, 12, 24), 2).unwrap(),
        d(2026, 12, 29)
    );
    // Koningsdag 2025 fell on Saturday 26 April because 27 April was a Sunday.
    assert_eq!(nl.holiday(d(2025, 4, 26)), Some("Koningsdag"));
    // Belgian national day, Tuesday 21 July 2026.
    assert_eq!(
        be.add_business_days(d(2026, 7, 20), 1).unwrap(),
        d(2026, 7, 22)
    );
    // Leap day 2028 is an ordinary Tuesday.
    assert!(nl.is_business_day(d(2028, 2, 29)).unwrap());
}

#[test]
fn outside_the_calendar_is_an_error_not_a_guess() {
    let err = calendar("NL")
        .add_business_days(d(2028, 12, 27), 5)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "holiday calendar `NL` covers 2025–2028, not 2029-01-01"
    );
}

#[test]
fn counting_back_from_expiry() {
    let nl = calendar("NL");
    assert_eq!(
        Period::Days(60).before(d(2026, 12, 31), &nl).unwrap(),
        d(2026, 11, 1)
    );
    assert_eq!(
        Period::Months(2).before(d(2026, 12, 31), &nl).unwrap(),
        d(2026, 10, 31)
    );
    assert_eq!(
        Period::Months(2).before(d(2026, 4, 30), &nl).unwrap(),
        d(2026, 2, 28)
    );
    // 2 business days before Tue 28 April 2026: Mon 27 is Koningsdag, so Fri 24 and Thu 23.
    assert_eq!(
        Period::BusinessDays(2).before(d(2026, 4, 28), &nl).unwrap(),
        d(2026, 4, 23)
    );
}

proptest! {
    #[test]
    fn counting_back_then_forward_never_overshoots(days in 200_u64..1_276, n in 0_u32..60) {
        let end = d(2025, 1, 1) + chrono::Days::new(days);
        let nl = calendar("NL");
        // Counting back from a weekend and forward again lands on the next business day, so
        // the business-day law holds for business-day ends only.
        let business_days = nl.is_business_day(end).unwrap().then_some(Period::BusinessDays(n.min(40)));
        for period in [Some(Period::Days(n)), business_days, Some(Period::Months(n % 7))].into_iter().flatten() {
            let start = period.before(end, &nl).unwrap();
            prop_assert!(start <= end);
            prop_assert!(period.after(start, &nl).unwrap() <= end, "{} before {} then after overshoots", period, end);
        }
        prop_assert_eq!(Period::Days(n).after(Period::Days(n).before(end, &nl).unwrap(), &nl).unwrap(), end);
    }
}
