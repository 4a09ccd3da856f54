//! The premium year and its invoices (C2.4).
//!
//! ```text
//! AwaitingEstimate --turnover_estimated--> Invoicing --instalment_invoiced (× n)--> AwaitingDeclaration
//!                     minimum premium        |  each: an Invoice, the customer's        |
//!                     and instalments set    |  duty to pay by its due date (C2.4)      | turnover_declared
//!                                            |                                          v
//!                     invoice_paid (any time after issue) discharges the duty      Closed: a closing
//!                                                                                 invoice only when the
//!                                                                                 final premium exceeds
//!                                                                                 what was invoiced
//! ```
//!
//! | clause | what the machine does |
//! |---|---|
//! | C2.4 | every instalment and closing invoice is an [`Invoice`](crate::invoice::Invoice), clear by construction, with its due date from `invoice/payment_terms`; the customer's duty to pay it is an obligation; a closing invoice is issued only when the final premium exceeds what was invoiced (`premium/closing_invoice`) |
//!
//! The arithmetic is Rust: premium = insurable turnover × `premium.rate`; minimum premium =
//! estimated premium × `premium.minimum_share`; instalments split it exactly with
//! [`INSTALMENT_REMAINDER`]; tax per line at `premium.tax_rate` (fees at
//! `invoice.fee_tax_rate`), each rounded once with the crate's rounding policy; an
//! invoice's total is the exact sum of its lines. The judgements are rules:
//! `invoice/payment_terms` (the due date, 20 days by default) and `premium/closing_invoice`
//! (whether the year-end adjustment is invoiced).
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::premium::{PremiumEvent, PremiumYear};
//! use credit_charter::{Currency, Machine, PolicyId, PolicyTerms, Rulebook};
//!
//! let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
//!     currency: Currency::EUR, calendar: "NL".into(), parameters: Default::default() })?;
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
//! let year = PremiumYear::new(PolicyId::new("POL-1")?, Currency::EUR, d(1, 1))?;
//! let step = year.apply(&PremiumEvent::TurnoverEstimated { on: d(1, 2), turnover: "EUR 20000000".parse()? }, &rules)?;
//! let step = step.next.apply(&PremiumEvent::InstalmentInvoiced { on: d(1, 5), monitored_limits: 0, limit_applications: 0 }, &rules)?;
//! let invoice = step.record.invoice().unwrap();
//! assert_eq!(invoice.total().to_string(), "EUR 14,520.00"); // EUR 12,000.00 + 21% tax
//! assert_eq!(invoice.due_on(), d(1, 25));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Layer: a machine; imports the ground floor (the invoice document among it),
//! [`crate::rulebook`], [`crate::explain`] and [`crate::machine`]; no other machine.

mod arithmetic;
mod effect;
mod error;
mod event;
pub(crate) mod rules;
mod state;
mod transition;

pub use arithmetic::{INSTALMENT_REMAINDER, premium_on, split_exactly};
pub use effect::PremiumEffect;
pub use error::PremiumError;
pub use event::PremiumEvent;
pub use rules::{ClosingQuestion, PaymentQuestion};
pub use state::{Estimate, IssuedInvoice, PremiumYear, PremiumYearStatus};
pub use transition::PremiumTransition;
