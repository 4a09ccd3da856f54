use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{CalendarError, add_days};

/// Public holidays of one jurisdiction over a stated range of years, plus the weekend.
///
/// Calendars ship as data in the rule pack (`rules/calendars/NL.toml`), so a rule author
/// extends them without touching Rust. A question about a date outside the covered years
/// is an error: silently assuming "no holidays" would move deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    code: String,
    name: String,
    first_year: i32,
    last_year: i32,
    holidays: BTreeMap<NaiveDate, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    name: String,
    years: Years,
    holidays: BTreeMap<NaiveDate, String>,
}

impl CalendarFile {
    fn holidays_outside(&self) -> Option<NaiveDate> {
        let years = self.years.first..=self.years.last;
        self.holidays
            .keys()
            .find(|d| !years.contains(&d.year()))
            .copied()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Years {
    first: i32,
    last: i32,
}

impl HolidayCalendar {
    /// Builds a calendar from its code and holidays.
    ///
    /// # Errors
    ///
    /// [`CalendarError::Malformed`] when `first_year > last_year` or a holiday lies outside
    /// the covered years.
    pub fn new(
        code: &str,
        name: &str,
        first_year: i32,
        last_year: i32,
        holidays: BTreeMap<NaiveDate, String>,
    ) -> Result<HolidayCalendar, CalendarError> {
        let malformed = |message: String| CalendarError::Malformed {
            calendar: code.to_owned(),
            message,
        };
        if first_year > last_year {
            return Err(malformed(format!(
                "first year {first_year} is after last year {last_year}"
            )));
        }
        if let Some(day) = holidays
            .keys()
            .find(|d| d.year() < first_year || d.year() > last_year)
        {
            return Err(malformed(format!(
                "holiday {day} lies outside {first_year}–{last_year}"
            )));
        }
        Ok(HolidayCalendar {
            code: code.to_owned(),
            name: name.to_owned(),
            first_year,
            last_year,
            holidays,
        })
    }

    /// Reads a calendar from its TOML form (see `rules/calendars/`).
    ///
    /// # Errors
    ///
    /// [`CalendarError::Malformed`] for invalid TOML, unknown keys, or the checks of
    /// [`HolidayCalendar::new`].
    pub fn from_toml(code: &str, text: &str) -> Result<HolidayCalendar, CalendarError> {
        HolidayCalendar::read_toml(code, text).map_err(|(e, _)| e)
    }

    /// As [`HolidayCalendar::from_toml`], with the byte offset in `text` of what is wrong.
    pub(crate) fn read_toml(
        code: &str,
        text: &str,
    ) -> Result<HolidayCalendar, (CalendarError, usize)> {
        let file: CalendarFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let error = CalendarError::Malformed {
                calendar: code.to_owned(),
                message: e.message().to_owned(),
            };
            (error, at)
        })?;
        // The first holiday outside the years, or else the years themselves.
        let at = file
            .holidays_outside()
            .and_then(|day| text.find(&day.to_string()))
            .or_else(|| text.find("[years]"))
            .unwrap_or(0);
        HolidayCalendar::new(
            code,
            &file.name,
            file.years.first,
            file.years.last,
            file.holidays,
        )
        .map_err(|e| (e, at))
    }

    /// The calendar's code, e.g. `NL`.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    /// A human name, e.g. `Netherlands public holidays`.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The holiday's name when `date` is a public holiday.
    #[must_use]
    pub fn holiday(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// `true` for Monday–Friday days that are not public holidays.
    ///
    /// # Errors
    ///
    /// [`CalendarError::NotCovered`] when `date` lies outside the covered years.
    pub fn is_business_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if date.year() < self.first_year || date.year() > self.last_year {
            return Err(CalendarError::NotCovered {
                calendar: self.code.clone(),
                date,
                first_year: self.first_year,
                last_year: self.last_year,
            });
        }
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        Ok(!weekend && !self.holidays.contains_key(&date))
    }

    /// The `days`-th business day before `end` (`end` itself never counts).
    ///
    /// # Errors
    ///
    /// [`CalendarError::NotCovered`] when the count runs outside the covered years.
    pub fn sub_business_days(&self, end: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
        let mut date = end;
        let mut counted = 0;
        while counted < days {
            date = super::sub_days(date, 1)?;
            if self.is_business_day(date)? {
                counted += 1;
            }
        }
        Ok(date)
    }

    /// The `days`-th business day after `start` (`start` itself never counts).
    ///
    /// # Errors
    ///
    /// [`CalendarError::NotCovered`] when the count runs outside the covered years.
    pub fn add_business_days(
        &self,
        start: NaiveDate,
        days: u32,
    ) -> Result<NaiveDate, CalendarError> {
        let mut date = start;
        let mut counted = 0;
        while counted < days {
            date = add_days(date, 1)?;
            if self.is_business_day(date)? {
                counted += 1;
            }
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn nl() -> HolidayCalendar {
        let text = "name = \"test\"\nyears = { first = 2026, last = 2026 }\n[holidays]\n2026-04-06 = \"Tweede Paasdag\"\n2026-12-25 = \"Eerste Kerstdag\"\n2026-12-28 = \"made up\"\n";
        HolidayCalendar::from_toml("NL", text).unwrap()
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let cal = nl();
        // Thursday 2 April 2026 + 2 business days: Friday 3, (weekend), Easter Monday skipped, Tuesday 7.
        assert_eq!(
            cal.add_business_days(d(2026, 4, 2), 2).unwrap(),
            d(2026, 4, 7)
        );
        // Zero days is the start itself.
        assert_eq!(
            cal.add_business_days(d(2026, 4, 4), 0).unwrap(),
            d(2026, 4, 4)
        );
        // A Saturday start counts from Monday.
        assert_eq!(
            cal.add_business_days(d(2026, 3, 7), 1).unwrap(),
            d(2026, 3, 9)
        );
    }

    #[test]
    fn running_off_the_calendar_is_an_error() {
        let err = nl().add_business_days(d(2026, 12, 24), 5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "holiday calendar `NL` covers 2026–2026, not 2027-01-01"
        );
    }

    #[test]
    fn a_holiday_outside_the_years_is_malformed() {
        let text = "name = \"x\"\nyears = { first = 2026, last = 2026 }\n[holidays]\n2027-01-01 = \"New Year\"\n";
        assert!(matches!(
            HolidayCalendar::from_toml("NL", text),
            Err(CalendarError::Malformed { .. })
        ));
    }
}
