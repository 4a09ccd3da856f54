//! Objections to decisions (C3.5, C4.3): a transparent procedure with dated steps.
//!
//! ```text
//!  NotFiled ──Filed (within the right)──▶ UnderReview ──Acknowledged / ProgressUpdateSent──▶ UnderReview
//!                                               └──Decided (upheld, partly upheld, rejected)──▶ Decided
//! ```
//!
//! | clause | what the machine does |
//! |---|---|
//! | C3.5 | any decision that carries an objection right can be objected to until its deadline; the rule `objection/handling` sets when it is acknowledged, updated and answered; a rejection gives reasons and the external route with its window; an upheld objection returns the corrective event for the original aggregate |
//! | C4.3 | the same procedure for a claim not paid in full |
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::credit_limit::{CreditLimit, CreditLimitEvent};
//! use credit_charter::objection::{Objection, ObjectionEvent, Outcome};
//! use credit_charter::{BuyerId, Currency, Machine, PolicyId, PolicyTerms, Rulebook};
//!
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
//! let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
//!     currency: Currency::EUR, calendar: "NL".into(), parameters: Default::default(),
//! })?;
//! let limit = CreditLimit::new(PolicyId::new("POL-1")?, BuyerId::new("B-7")?, Currency::EUR);
//! let limit = limit.apply(&CreditLimitEvent::Granted { on: d(1, 5), amount: "EUR 100000".parse()? }, &rules)?.next;
//! let cut = limit.apply(&CreditLimitEvent::reduction(d(3, 5), "EUR 40000".parse()?, "weak_financials"), &rules)?;
//!
//! let objection = Objection::against(&cut.record)?;
//! let filed = objection.apply(&ObjectionEvent::Filed { on: d(3, 9), grounds: "new accounts show recovery".into() }, &rules)?;
//! let decided = filed.next.apply(&ObjectionEvent::Decided {
//!     on: d(4, 2), outcome: Outcome::Upheld, reasons: vec![], corrected_amount: Some("EUR 100000".parse()?),
//! }, &rules)?;
//! assert_eq!(decided.effects.len(), 2); // notify, and the corrective event for the limit
//! # Ok::<(), credit_charter::Error>(())
//! ```
//!
//! Layer: a machine; imports the ground floor, [`crate::rulebook`], [`crate::explain`],
//! [`crate::machine`], and the corrective events of the credit-limit and claim machines.

mod error;
mod event;
pub(crate) mod rules;
mod state;
mod transition;

pub use error::ObjectionError;
pub use event::{Correction, ObjectionEffect, ObjectionEvent, Outcome};
pub use rules::{ObjectionQuestion, ObjectionTimetable};
pub use state::{Objection, ObjectionState, ObjectionStatus, Review};
pub use transition::ObjectionTransition;
