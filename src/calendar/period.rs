use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CalendarError, HolidayCalendar, MonthEnd, add_days, add_months, sub_days, sub_months};

/// A length of time a deadline runs for, in the unit the charter or policy speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "count")]
pub enum Period {
    /// Calendar days.
    Days(u32),
    /// Business days: weekdays that are not public holidays in the policy's calendar.
    BusinessDays(u32),
    /// Calendar months; a missing day clamps to the month's last day ([`MonthEnd::Clamp`]).
    Months(u32),
}

impl Period {
    /// The day the period ends when it starts on `start` (see the module's counting convention).
    ///
    /// # Errors
    ///
    /// [`CalendarError`] when the date is out of range or, for business days, outside the
    /// calendar's covered years.
    pub fn after(
        self,
        start: NaiveDate,
        calendar: &HolidayCalendar,
    ) -> Result<NaiveDate, CalendarError> {
        match self {
            Period::Days(days) => add_days(start, days),
            Period::BusinessDays(days) => calendar.add_business_days(start, days),
            Period::Months(months) => add_months(start, months, MonthEnd::Clamp),
        }
    }
}

impl Period {
    /// The day that lies this period before `end`: "60 days before 31 December" is
    /// 1 November, "2 months before 31 December" is 31 October (clamped at month ends).
    ///
    /// # Errors
    ///
    /// [`CalendarError`] when the date is out of range or, for business days, outside the
    /// calendar's covered years.
    pub fn before(
        self,
        end: NaiveDate,
        calendar: &HolidayCalendar,
    ) -> Result<NaiveDate, CalendarError> {
        match self {
            Period::Days(days) => sub_days(end, days),
            Period::BusinessDays(days) => calendar.sub_business_days(end, days),
            Period::Months(months) => sub_months(end, months),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Period::Days(n) => (n, "day"),
            Period::BusinessDays(n) => (n, "business day"),
            Period::Months(n) => (n, "month"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}
