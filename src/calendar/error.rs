use chrono::NaiveDate;

/// Why a date computation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The result lies outside the dates this crate can represent.
    #[error("date out of range: {start} plus {amount}")]
    OutOfRange {
        /// The start date.
        start: NaiveDate,
        /// What was added, e.g. `30 days`.
        amount: String,
    },
    /// Adding months lands on a day the target month lacks, and the policy is to reject.
    #[error(
        "{start} plus {months} months has no day {day} in the target month (month-end policy: reject)"
    )]
    NoSuchDay {
        /// The start date.
        start: NaiveDate,
        /// Months added.
        months: u32,
        /// The day of month that does not exist in the target month.
        day: u32,
    },
    /// A business-day question about a date the holiday calendar does not cover.
    #[error("holiday calendar `{calendar}` covers {first_year}–{last_year}, not {date}")]
    NotCovered {
        /// The calendar's code, e.g. `NL`.
        calendar: String,
        /// The date asked about.
        date: NaiveDate,
        /// First year covered.
        first_year: i32,
        /// Last year covered.
        last_year: i32,
    },
    /// A holiday calendar file is malformed.
    #[error("holiday calendar `{calendar}`: {message}")]
    Malformed {
        /// The calendar's code.
        calendar: String,
        /// What is wrong.
        message: String,
    },
}
