//! Overdue accounts, claims and payouts on one buyer under one policy (charter C4.1, C4.3).
//!
//! ```text
//!  invoices ─PaymentOverdue─▶ overdue ─MepExpired─▶ cover stopped (StopCover → credit limit)
//!     │        (clocks: notify, hand over, file — customer's duties, from the MEP's end)
//!     ▼
//!  NoClaim ─ClaimSubmitted─▶ Submitted ─DocumentsRequested─▶ AwaitingDocuments
//!                               └──────DocumentsCompleted─────────┴─▶ UnderAssessment
//!  UnderAssessment ─ClaimDecided─▶ Decided ─PayoutMade─▶ PaidOut   (full or partial payout)
//!                               └─▶ Rejected                       (nil payout)
//!  Decided / Rejected / PaidOut ─PayoutCorrected─▶ Decided        (an upheld objection)
//! ```
//!
//! | clause | what the machine does |
//! |---|---|
//! | C4.1 | the step plan: the maximum extension period (`claim.mep_days`, 60) runs from the original due date of the oldest unpaid invoice; the customer notifies the overdue account, hands the debt over and files the claim within `claim.*_days_after_mep` (30) of its end; the insurer decides within `claim.assessment_days` (30) of complete documentation and pays within `claim.payment_days` (5) of the decision, never before the date of loss; each duty is reported as the customer's or the insurer's |
//! | C4.3, C3.5 | an upheld objection raises the payout ([`ClaimEvent::PayoutCorrected`], what the objection machine's reassessment asks for): the earlier payment duty is replaced and what is not yet paid falls due |
//! | C4.3 | the payout is itemised ([`compute_payout`], rule `claim/payout`): every line that lowers it carries a reason code and a sentence; a partial or nil payout is an adverse decision with the customer's objection right |
//! | C3.4 | a breached maximum extension period stops cover for later deliveries ([`ClaimEffect::StopCover`]), which the credit-limit machine applies at once as the `stoppage_of_cover` exception |
//!
//! Recoveries after the payment belong to the collection case
//! ([`crate::collection`]): tell it `ClaimPaidOut` with the payout and
//! [`Payout::loss`], and it shares every later recovery pro rata.
//!
//! The date of loss ([`Claim::date_of_loss`], rule `claim/date_of_loss`) is by default the
//! insolvency date, or — protracted default — the end of the waiting period
//! (`claim.waiting_period_days`, 180, plus `claim.waiting_period_months`) after the oldest
//! unpaid invoice's original due date, whichever comes first; a wording may take the later
//! of that and a period after the MEP's end. The rule `claim/stoppage_of_cover` says when
//! cover for new deliveries stops (by default after the MEP's end).
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::claim::{Claim, ClaimEvent, BuyerInvoice};
//! use credit_charter::credit_limit::LimitSpan;
//! use credit_charter::explain::Decision;
//! use credit_charter::{BuyerId, Currency, Machine, PolicyId, PolicyTerms, Rulebook};
//!
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
//! let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
//!     currency: Currency::EUR, calendar: "NL".into(), parameters: Default::default(),
//! })?;
//! let cover = vec![LimitSpan { from: d(1, 1), amount: "EUR 100000".parse()? }];
//! let mut claim = Claim::new(PolicyId::new("POL-1")?, BuyerId::new("B-7")?, Currency::EUR, cover);
//! let invoice = BuyerInvoice {
//!     number: "INV-1".into(), invoice_date: d(1, 10), delivery_date: d(1, 10), due_date: d(2, 9),
//!     amount: "EUR 120000".parse()?, vat: "EUR 0".parse()?, disputed: false,
//! };
//! for event in [
//!     ClaimEvent::InvoiceIssued { on: d(1, 10), invoice },
//!     ClaimEvent::PaymentOverdue { on: d(2, 10) },
//!     ClaimEvent::InsolvencyDeclared { on: d(3, 2) },
//!     ClaimEvent::ClaimSubmitted { on: d(3, 5) },
//!     ClaimEvent::DocumentsCompleted { on: d(3, 20) },
//! ] {
//!     claim = claim.apply(&event, &rules)?.next;
//! }
//! let decided = claim.apply(&ClaimEvent::ClaimDecided { on: d(4, 10), policy_year: Default::default() }, &rules)?;
//! // 90% of the EUR 100,000 limit; the EUR 20,000 above it is explained.
//! assert_eq!(decided.record.decision(), Decision::ClaimPartlyPaid);
//! assert_eq!(claim.apply(&ClaimEvent::PayoutMade { on: d(4, 12) }, &rules).is_err(), true);
//! assert_eq!(decided.next.payout().unwrap().amount.to_string(), "EUR 90,000.00");
//! assert!(decided.record.reasons().iter().any(|r| r.code == "above_credit_limit"));
//! # Ok::<(), credit_charter::Error>(())
//! ```
//!
//! Layer: a machine; imports the ground floor, [`crate::rulebook`], [`crate::explain`],
//! [`crate::machine`], and the credit limit's [`LimitSpan`](crate::credit_limit::LimitSpan)
//! for its cover.

mod effect;
mod error;
mod event;
mod payout;
pub(crate) mod rules;
mod state;
mod transition;
mod year;

pub use effect::ClaimEffect;
pub use error::ClaimError;
pub use event::{BuyerInvoice, ClaimDates, ClaimEvent, Credit, CreditKind, PolicyYearUsage};
pub use payout::{DeductibleOrder, Payout, PayoutCase, PayoutOutcome, compute_payout};
pub use rules::{
    CoverStoppage, Deadline, Eligibility, InvoiceCover, LossDates, StepDeadline, StepDuty,
    StoppageOccasion,
};
pub use state::{Claim, ClaimState, ClaimStatus, DateOfLoss, LossBasis, OverdueClock};
pub use transition::ClaimTransition;
pub use year::{LossOutOfOrder, PolicyYear};
