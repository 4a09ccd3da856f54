//! Payment-term conventions for buyer invoices: when an invoice dated *X* falls due.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CalendarError, MonthEnd, add_days, add_months};

/// A payment-term convention, written as in trade: `30 days`, `30 days end of month`,
/// `end of month + 30 days` (or `+ 1 month`).
///
/// - **`N days`**: the invoice date plus *N* days.
/// - **`N days end of month`** ("30 jours fin de mois"): the invoice date plus *N* days,
///   then the last day of that month.
/// - **`end of month + N days`** ("fin de mois + 30 jours"): the last day of the invoice
///   month, then *N* days; `end of month + N months` is the last day of the *N*-th month
///   after the invoice month, since a month-end plus months stays a month-end (31 January +
///   1 month is 28 or 29 February, and 28 February + 1 month is 31 March, not 28 March).
///
/// ```
/// use chrono::NaiveDate;
/// use credit_charter::calendar::PaymentTerms;
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let eom: PaymentTerms = "30 days end of month".parse()?;
/// assert_eq!(eom.due_date(d(2026, 1, 10))?, d(2026, 2, 28)); // 9 February, then month end
/// let fdm: PaymentTerms = "end of month + 30 days".parse()?;
/// assert_eq!(fdm.due_date(d(2026, 1, 10))?, d(2026, 3, 2)); // 31 January + 30 days
/// assert_eq!("60 days".parse::<PaymentTerms>()?.due_date(d(2026, 1, 10))?, d(2026, 3, 11));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentTerms {
    /// The invoice date plus this many days.
    Days(u32),
    /// The invoice date plus this many days, then the end of that month.
    DaysEndOfMonth(u32),
    /// The end of the invoice month, then this many days.
    EndOfMonthPlusDays(u32),
    /// The end of the month this many months after the invoice month.
    EndOfMonthPlusMonths(u32),
}

/// The last day of `date`'s month.
///
/// # Errors
///
/// [`CalendarError::OutOfRange`] in the last representable month.
pub fn end_of_month(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    let first = date
        .with_day(1)
        .ok_or_else(|| out_of_range(date, "end of month"))?;
    add_months(first, 1, MonthEnd::Reject)?
        .pred_opt()
        .ok_or_else(|| out_of_range(date, "end of month"))
}

fn out_of_range(start: NaiveDate, amount: &str) -> CalendarError {
    CalendarError::OutOfRange {
        start,
        amount: amount.to_owned(),
    }
}

impl PaymentTerms {
    /// The due date of an invoice dated `invoice_date`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] past the last representable date.
    pub fn due_date(self, invoice_date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        match self {
            PaymentTerms::Days(n) => add_days(invoice_date, n),
            PaymentTerms::DaysEndOfMonth(n) => end_of_month(add_days(invoice_date, n)?),
            PaymentTerms::EndOfMonthPlusDays(n) => add_days(end_of_month(invoice_date)?, n),
            PaymentTerms::EndOfMonthPlusMonths(n) => {
                let first = invoice_date
                    .with_day(1)
                    .ok_or_else(|| out_of_range(invoice_date, "end of month"))?;
                end_of_month(add_months(first, n, MonthEnd::Reject)?)
            }
        }
    }
}

impl fmt::Display for PaymentTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u32| if n == 1 { "" } else { "s" };
        match *self {
            PaymentTerms::Days(n) => write!(f, "{n} day{}", plural(n)),
            PaymentTerms::DaysEndOfMonth(n) => write!(f, "{n} day{} end of month", plural(n)),
            PaymentTerms::EndOfMonthPlusDays(n) => write!(f, "end of month + {n} day{}", plural(n)),
            PaymentTerms::EndOfMonthPlusMonths(n) => {
                write!(f, "end of month + {n} month{}", plural(n))
            }
        }
    }
}

/// Payment terms that do not read as one of the conventions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read `{text}` as payment terms: write `30 days`, `30 days end of month` or `end of month + 30 days`"
)]
pub struct UnreadableTerms {
    /// The text as given.
    pub text: String,
}

impl FromStr for PaymentTerms {
    type Err = UnreadableTerms;
    fn from_str(s: &str) -> Result<PaymentTerms, UnreadableTerms> {
        let unreadable = || UnreadableTerms { text: s.to_owned() };
        let words: Vec<&str> = s.split_whitespace().collect();
        let count = |word: &str| word.parse::<u32>().map_err(|_| unreadable());
        let days = |unit: &str| matches!(unit, "day" | "days");
        let months = |unit: &str| matches!(unit, "month" | "months");
        match words.as_slice() {
            [n, unit] if days(unit) => Ok(PaymentTerms::Days(count(n)?)),
            [n, unit, "end", "of", "month"] if days(unit) => {
                Ok(PaymentTerms::DaysEndOfMonth(count(n)?))
            }
            ["end", "of", "month", "+", n] => Ok(PaymentTerms::EndOfMonthPlusDays(count(n)?)),
            ["end", "of", "month", "+", n, unit] if days(unit) => {
                Ok(PaymentTerms::EndOfMonthPlusDays(count(n)?))
            }
            ["end", "of", "month", "+", n, unit] if months(unit) => {
                Ok(PaymentTerms::EndOfMonthPlusMonths(count(n)?))
            }
            _ => Err(unreadable()),
        }
    }
}

impl Serialize for PaymentTerms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PaymentTerms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PaymentTerms, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn due(terms: &str, invoice: NaiveDate) -> NaiveDate {
        terms
            .parse::<PaymentTerms>()
            .unwrap()
            .due_date(invoice)
            .unwrap()
    }

    #[test]
    fn n_days_counts_from_the_invoice_date_across_leap_days() {
        assert_eq!(due("30 days", d(2028, 2, 10)), d(2028, 3, 11)); // 2028 is a leap year
        assert_eq!(due("30 days", d(2027, 2, 10)), d(2027, 3, 12));
        assert_eq!(due("1 day", d(2026, 12, 31)), d(2027, 1, 1));
        assert_eq!(due("0 days", d(2026, 5, 5)), d(2026, 5, 5));
    }

    #[test]
    fn n_days_end_of_month_adds_the_days_then_goes_to_the_month_end() {
        assert_eq!(due("30 days end of month", d(2026, 1, 10)), d(2026, 2, 28));
        assert_eq!(due("30 days end of month", d(2028, 1, 10)), d(2028, 2, 29));
        assert_eq!(due("30 days end of month", d(2026, 1, 31)), d(2026, 3, 31));
        assert_eq!(due("45 days end of month", d(2026, 11, 20)), d(2027, 1, 31));
    }

    #[test]
    fn end_of_month_plus_goes_to_the_month_end_then_adds() {
        assert_eq!(due("end of month + 30 days", d(2026, 1, 10)), d(2026, 3, 2));
        assert_eq!(due("end of month + 30", d(2028, 1, 10)), d(2028, 3, 1));
        assert_eq!(due("end of month + 30 days", d(2026, 2, 1)), d(2026, 3, 30));
        assert_eq!(due("end of month + 0 days", d(2028, 2, 3)), d(2028, 2, 29));
    }

    #[test]
    fn end_of_month_plus_months_stays_on_month_ends() {
        assert_eq!(
            due("end of month + 1 month", d(2026, 1, 31)),
            d(2026, 2, 28)
        );
        assert_eq!(
            due("end of month + 1 month", d(2028, 1, 15)),
            d(2028, 2, 29)
        );
        assert_eq!(
            due("end of month + 1 month", d(2026, 2, 28)),
            d(2026, 3, 31)
        );
        assert_eq!(
            due("end of month + 2 months", d(2026, 11, 30)),
            d(2027, 1, 31)
        );
    }

    #[test]
    fn terms_read_back_as_written_and_refuse_other_text() {
        for text in [
            "30 days",
            "30 days end of month",
            "end of month + 30 days",
            "end of month + 1 month",
        ] {
            assert_eq!(text.parse::<PaymentTerms>().unwrap().to_string(), text);
        }
        for text in [
            "30",
            "thirty days",
            "30 days eom",
            "end of month - 5 days",
            "",
        ] {
            assert!(text.parse::<PaymentTerms>().is_err(), "{text}");
        }
    }
}
