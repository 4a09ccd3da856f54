use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::CalendarError;

/// What adding months does when the start day does not exist in the target month
/// (31 January + 1 month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthEnd {
    /// Use the last day of the target month: 31 January + 1 month = 28 (or 29) February.
    Clamp,
    /// Refuse: the computation is ambiguous, so it is an error.
    Reject,
}

/// `start` plus `days` calendar days ("30 days after 5 March" is 4 April).
///
/// # Errors
///
/// [`CalendarError::OutOfRange`] past the last representable date.
pub fn add_days(start: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
    start
        .checked_add_days(Days::new(u64::from(days)))
        .ok_or_else(|| CalendarError::OutOfRange {
            start,
            amount: format!("{days} days"),
        })
}

/// `end` minus `days` calendar days ("60 days before 31 December" is 1 November).
///
/// # Errors
///
/// [`CalendarError::OutOfRange`] before the first representable date.
pub fn sub_days(end: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
    end.checked_sub_days(Days::new(u64::from(days)))
        .ok_or_else(|| CalendarError::OutOfRange {
            start: end,
            amount: format!("-{days} days"),
        })
}

/// `end` minus `months` calendar months; a missing day clamps to the month's last day
/// ("2 months before 31 December" is 31 October; before 30 April, 28 or 29 February).
///
/// # Errors
///
/// [`CalendarError::OutOfRange`] before the first representable date.
pub fn sub_months(end: NaiveDate, months: u32) -> Result<NaiveDate, CalendarError> {
    end.checked_sub_months(Months::new(months))
        .ok_or_else(|| CalendarError::OutOfRange {
            start: end,
            amount: format!("-{months} months"),
        })
}

/// `start` plus `months` calendar months, with an explicit policy for month ends.
///
/// # Errors
///
/// [`CalendarError::NoSuchDay`] when the day does not exist in the target month and the
/// policy is [`MonthEnd::Reject`]; [`CalendarError::OutOfRange`] past the last date.
pub fn add_months(
    start: NaiveDate,
    months: u32,
    policy: MonthEnd,
) -> Result<NaiveDate, CalendarError> {
    let out_of_range = || CalendarError::OutOfRange {
        start,
        amount: format!("{months} months"),
    };
    // chrono clamps to the month's last day; detect that to honour `Reject`.
    let clamped = start
        .checked_add_months(Months::new(months))
        .ok_or_else(out_of_range)?;
    if clamped.day() != start.day() && policy == MonthEnd::Reject {
        return Err(CalendarError::NoSuchDay {
            start,
            months,
            day: start.day(),
        });
    }
    Ok(clamped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn days_cross_month_year_and_leap_day() {
        assert_eq!(add_days(d(2026, 1, 31), 1).unwrap(), d(2026, 2, 1));
        assert_eq!(add_days(d(2026, 12, 15), 30).unwrap(), d(2027, 1, 14));
        assert_eq!(add_days(d(2028, 2, 28), 1).unwrap(), d(2028, 2, 29));
        assert_eq!(add_days(d(2027, 2, 28), 1).unwrap(), d(2027, 3, 1));
        assert_eq!(add_days(d(2026, 3, 5), 0).unwrap(), d(2026, 3, 5));
    }

    #[test]
    fn months_clamp_or_reject_at_month_end() {
        assert_eq!(
            add_months(d(2028, 1, 31), 1, MonthEnd::Clamp).unwrap(),
            d(2028, 2, 29)
        );
        assert_eq!(
            add_months(d(2026, 11, 30), 3, MonthEnd::Clamp).unwrap(),
            d(2027, 2, 28)
        );
        assert_eq!(
            add_months(d(2026, 11, 30), 3, MonthEnd::Reject).unwrap_err(),
            CalendarError::NoSuchDay {
                start: d(2026, 11, 30),
                months: 3,
                day: 30
            }
        );
        assert_eq!(
            add_months(d(2026, 3, 15), 3, MonthEnd::Reject).unwrap(),
            d(2026, 6, 15)
        );
        assert_eq!(
            add_months(d(2026, 12, 31), 2, MonthEnd::Clamp).unwrap(),
            d(2027, 2, 28)
        );
    }

    #[test]
    fn the_end_of_time_is_an_error() {
        assert!(matches!(
            add_days(NaiveDate::MAX, 1),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            add_months(NaiveDate::MAX, 1, MonthEnd::Clamp),
            Err(CalendarError::OutOfRange { .. })
        ));
    }
}
