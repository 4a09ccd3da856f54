//! Premium and invoices (C2.4): *invoices are clear — the customer reads at once what to
//! pay, for which service, and by which date.*
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
//! | clause | what this module does |
//! |---|---|
//! | C2.4 | every [`Invoice`] states what to pay, for which service and period, and by when; it cannot be built otherwise, and [`validate`] lists every defect of an invoice produced elsewhere |
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
//! use credit_charter::invoice::{PremiumEvent, PremiumYear};
//! use credit_charter::{Currency, PolicyId, PolicyTerms, Rulebook};
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

mod error;
mod event;
#[expect(
    clippy::module_inception,
    reason = "the Invoice type lives in invoice::invoice, as the style guide's layout asks"
)]
mod invoice;
mod premium;
mod state;
mod transition;
mod validate;

pub use error::InvoiceError;
pub use event::{ClosingQuestion, InvoiceEffect, PaymentQuestion, PremiumEvent};
pub use invoice::{
    Invoice, InvoiceDraft, InvoiceId, InvoiceKind, InvoiceLine, LineDraft, PaymentTerm, Service,
    ServicePeriod,
};
pub use premium::{INSTALMENT_REMAINDER, RemainderRule, premium_on, split_exactly};
pub use state::{Estimate, IssuedInvoice, PremiumYear, PremiumYearStatus};
pub use validate::{Defect, validate};
