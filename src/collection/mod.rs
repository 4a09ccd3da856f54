//! Collection cases on one buyer under one policy (charter C4.2).
//!
//! ```text
//!  NotOpened ─Opened─▶ Open ─ApproachChosen / StatusUpdated / ClaimPaidOut─▶ Open
//!                       │  ─RecoveryReceived─▶ Open (+ a transfer due to the customer)
//!                       │  ─TransferMade─▶ Open
//!                       └──Closed─▶ Closed ─TransferMade─▶ Closed
//! ```
//!
//! | clause | what the machine does |
//! |---|---|
//! | C4.2 | up-to-date information: every event updates the customer, and the insurer owes an update at least every `collection.update_interval_days` (30); the approach agreed with the customer: legal action or a payment plan after the maximum extension period without the customer's agreement is rejected; collected money passed on fast: each recovery is split exactly ([`allocate_recovery`]) and the customer's part is due within the rule `collection/transfer_deadline` (10 business days by default); no collection fee on the covered part, `collection.fee_on_uncovered` on the uncovered part |
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::collection::{Collection, CollectionEvent, OpenItem};
//! use credit_charter::{BuyerId, Currency, Machine, PolicyId, PolicyTerms, Rulebook};
//!
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
//! let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
//!     currency: Currency::EUR, calendar: "NL".into(), parameters: Default::default(),
//! })?;
//! let case = Collection::new(PolicyId::new("POL-1")?, BuyerId::new("B-7")?, Currency::EUR);
//! let item = OpenItem { number: "INV-1".into(), due_date: d(2, 9), amount: "EUR 120000".parse()? };
//! let case = case.apply(&CollectionEvent::Opened {
//!     on: d(5, 1), items: vec![item], covered: "EUR 100000".parse()?, mep_expired_on: Some(d(4, 10)),
//! }, &rules)?.next;
//! let case = case.apply(&CollectionEvent::ClaimPaidOut {
//!     on: d(6, 1), paid: "EUR 90000".parse()?, loss: "EUR 120000".parse()?,
//! }, &rules)?.next;
//! let step = case.apply(&CollectionEvent::RecoveryReceived { on: d(7, 1), amount: "EUR 10000".parse()? }, &rules)?;
//! // 75% is the insurer's (90,000 of 120,000); the rest is the customer's, less 5% fee.
//! assert_eq!(step.next.pending_transfers()[0].amount.to_string(), "EUR 2,375.00");
//! assert_eq!(step.next.pending_transfers()[0].due, d(7, 15)); // 10 business days
//! # Ok::<(), credit_charter::Error>(())
//! ```
//!
//! Layer: a machine; imports the ground floor, [`crate::rulebook`], [`crate::explain`] and
//! [`crate::machine`]; no other machine.

mod effect;
mod error;
mod event;
pub(crate) mod rules;
mod state;
mod transition;

pub use effect::CollectionEffect;
pub use error::CollectionError;
pub use event::{Approach, CollectionEvent, CustomerAgreement, OpenItem};
pub use rules::{Recovery, SharedRecovery};
pub use state::{
    Collection, CollectionState, CollectionStatus, LossShares, PendingTransfer, RecoveryAllocation,
    RecoverySharing, SharedLoss, allocate_recovery,
};
pub use transition::CollectionTransition;
