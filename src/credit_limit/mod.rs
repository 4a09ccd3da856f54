//! Credit limits on buyers (charter section C3).
//!
//! ```text
//!  NoLimit ──Granted──▶ InForce ──ReductionAnnounced / WithdrawalAnnounced──▶ ChangeAnnounced
//!                         ▲                                                       │
//!                         └──────────── ChangeApplied (reduction) ◀───────────────┤
//!                                       ChangeApplied (withdrawal) ──▶ Withdrawn ─┘
//! ```
//!
//! | clause | what the machine does |
//! |---|---|
//! | C3.4 | a reduction or withdrawal takes effect only after the notice the rule `credit_limit/notice_period` gives (30 days by default), unless an exceptional circumstance applies; deliveries before the effective date stay covered up to the old limit ([`CreditLimit::cover_on`]); applying a change early is a breach in the report |
//! | C3.1 | application support: [`size_limit`] sizes a request as `turnover × days ÷ 365`, rounded up to `credit_limit.sizing_step` (EUR 1,000) |
//! | C3.5 | every reduction or withdrawal carries the customer's objection right and its deadline |
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::credit_limit::{CreditLimit, CreditLimitEvent};
//! use credit_charter::{BuyerId, Currency, Machine, PolicyId, PolicyTerms, Rulebook};
//!
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
//! let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
//!     currency: Currency::EUR, calendar: "NL".into(), parameters: Default::default(),
//! })?;
//! let limit = CreditLimit::new(PolicyId::new("POL-1")?, BuyerId::new("B-7")?, Currency::EUR);
//! let limit = limit.apply(&CreditLimitEvent::Granted { on: d(1, 5), amount: "EUR 100000".parse()? }, &rules)?.next;
//! let step = limit.apply(&CreditLimitEvent::reduction(d(3, 5), "EUR 40000".parse()?, "weak_financials"), &rules)?;
//! assert_eq!(step.record.reasons()[0].code, "weak_financials"); // why
//! assert_eq!(step.record.reasons()[1].code, "standard_notice"); // and why 30 days
//! assert_eq!(step.next.cover_on(d(4, 3)).to_string(), "EUR 100,000.00"); // notice still running
//! assert_eq!(step.next.cover_on(d(4, 4)).to_string(), "EUR 40,000.00");  // 30 days after 5 March
//! # Ok::<(), credit_charter::Error>(())
//! ```
//!
//! Layer: a machine; imports the ground floor, [`crate::rulebook`], [`crate::explain`] and
//! [`crate::machine`]; no other machine.

mod change;
mod cover;
mod effect;
mod error;
mod event;
mod review;
pub(crate) mod rules;
mod sizing;
mod state;
mod transition;

pub use cover::{Delivery, Exposure, ExposureLine, Uncovered};
pub use effect::CreditLimitEffect;
pub use error::CreditLimitError;
pub use event::{ChangeKind, CreditLimitEvent, ExceptionalCircumstance};
pub use rules::{
    ConsultationKind, ConsultationQuestion, DecisionTimetable, DiscretionaryRequest,
    LimitApplication, LimitChange, RatingOccasion, RatingQuestion, Route,
};
pub use sizing::{limit_for_turnover, size_limit};
pub use state::{
    AnnouncedChange, Application, CreditLimit, CreditLimitState, CreditLimitStatus,
    InformationRequest, LimitKind, LimitSpan, LimitTerms,
};
pub use transition::LimitTransition;

pub use crate::rating::{BuyerRating, InvalidRating};
