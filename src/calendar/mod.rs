//! Calendar arithmetic for deadlines: calendar days, business days with holiday calendars,
//! months with an explicit month-end policy, and the payment-term conventions of buyer
//! invoices ([`PaymentTerms`]: `30 days`, `30 days end of month`, `end of month + 30 days`).
//!
//! # The counting convention
//!
//! "*N* days after *X*" is *X* + *N*: the day after *X* is day 1, so a 30-day notice given
//! on 5 March ends on 4 April, and the change may take effect on that day. "*N* business days
//! after *X*" is the *N*-th business day after *X*; *X* itself never counts, whatever day it
//! is. Adding a month to 31 January has no single answer; the caller names a [`MonthEnd`]
//! policy.
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::calendar::{add_days, add_months, MonthEnd};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! assert_eq!(add_days(d(2026, 3, 5), 30)?, d(2026, 4, 4));
//! assert_eq!(add_months(d(2027, 1, 31), 1, MonthEnd::Clamp)?, d(2027, 2, 28));
//! assert!(add_months(d(2027, 1, 31), 1, MonthEnd::Reject).is_err());
//! # Ok::<(), credit_charter::calendar::CalendarError>(())
//! ```
//!
//! Dates outside what a [`HolidayCalendar`] covers are an error, never "no holidays".
//!
//! Layer: the ground floor; imports nothing of the crate.

mod arithmetic;
mod error;
mod holidays;
mod period;
mod terms;

pub use arithmetic::{MonthEnd, add_days, add_months, sub_days, sub_months};
pub use error::CalendarError;
pub use holidays::HolidayCalendar;
pub use period::Period;
pub use terms::{PaymentTerms, UnreadableTerms, end_of_month};
