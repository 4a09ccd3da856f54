use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ChangeKind, ExceptionalCircumstance};
use crate::explain::{ObligationId, Subject, SubjectKind};
use crate::ids::{BuyerId, PolicyId};
use crate::money::{Currency, Money};

/// A reduction or withdrawal announced but not yet applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncedChange {
    /// Reduction or withdrawal.
    pub kind: ChangeKind,
    /// The limit before the change.
    pub from: Money,
    /// The limit after it (zero for a withdrawal).
    pub to: Money,
    /// When it was announced.
    pub announced_on: NaiveDate,
    /// INVARIANT (notice covers the change): `effective_on` is `announced_on` plus the
    /// notice the rule gave; the old limit covers deliveries before it.
    pub effective_on: NaiveDate,
    /// The exceptional circumstance invoked, if any.
    pub circumstance: Option<ExceptionalCircumstance>,
    /// The C3.4 obligation the change's application discharges.
    pub notice: ObligationId,
}

/// Where a credit limit stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum CreditLimitState {
    /// No limit has been granted.
    NoLimit,
    /// A limit is in force.
    InForce {
        /// The limit.
        amount: Money,
    },
    /// A reduction or withdrawal is announced; its notice may still be running.
    ChangeAnnounced {
        /// The change.
        change: AnnouncedChange,
    },
    /// The limit was withdrawn.
    Withdrawn,
}

/// The kind of a [`CreditLimitState`], for messages and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CreditLimitStatus {
    /// No limit.
    NoLimit,
    /// In force.
    InForce,
    /// Change announced.
    ChangeAnnounced,
    /// Withdrawn.
    Withdrawn,
}

impl fmt::Display for CreditLimitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CreditLimitStatus::NoLimit => "not granted",
            CreditLimitStatus::InForce => "in force",
            CreditLimitStatus::ChangeAnnounced => "awaiting an announced change",
            CreditLimitStatus::Withdrawn => "withdrawn",
        })
    }
}

/// The limit that covers deliveries made from `from` on (until the next span).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitSpan {
    /// First delivery date covered at this amount.
    pub from: NaiveDate,
    /// The limit.
    pub amount: Money,
}

/// A credit limit on one buyer under one policy: the aggregate the credit-limit machine
/// advances. Persist it as JSON between events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditLimit {
    pub(super) policy: PolicyId,
    pub(super) buyer: BuyerId,
    pub(super) currency: Currency,
    pub(super) state: CreditLimitState,
    /// INVARIANT (history is dated): spans are sorted by `from`, without duplicates.
    pub(super) history: Vec<LimitSpan>,
    pub(super) last_event_on: Option<NaiveDate>,
    /// Accepted events so far; numbers obligation ids.
    pub(super) events: u32,
}

impl CreditLimit {
    /// A buyer with no limit yet.
    #[must_use]
    pub fn new(policy: PolicyId, buyer: BuyerId, currency: Currency) -> CreditLimit {
        CreditLimit {
            policy,
            buyer,
            currency,
            state: CreditLimitState::NoLimit,
            history: Vec::new(),
            last_event_on: None,
            events: 0,
        }
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &PolicyId {
        &self.policy
    }

    /// The buyer.
    #[must_use]
    pub fn buyer(&self) -> &BuyerId {
        &self.buyer
    }

    /// The state.
    #[must_use]
    pub fn state(&self) -> &CreditLimitState {
        &self.state
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> CreditLimitStatus {
        match self.state {
            CreditLimitState::NoLimit => CreditLimitStatus::NoLimit,
            CreditLimitState::InForce { .. } => CreditLimitStatus::InForce,
            CreditLimitState::ChangeAnnounced { .. } => CreditLimitStatus::ChangeAnnounced,
            CreditLimitState::Withdrawn => CreditLimitStatus::Withdrawn,
        }
    }

    /// Every limit the buyer has had, by the first delivery date it covers.
    #[must_use]
    pub fn history(&self) -> &[LimitSpan] {
        &self.history
    }

    /// The limit covering a delivery made on `delivery`: changes are never retroactive, so
    /// a delivery before a change's effective date keeps the old limit (C3.4).
    #[must_use]
    pub fn cover_on(&self, delivery: NaiveDate) -> Money {
        self.history
            .iter()
            .rev()
            .find(|span| span.from <= delivery)
            .map_or_else(|| Money::zero(self.currency), |span| span.amount)
    }

    /// What decisions about this limit are about.
    #[must_use]
    pub fn subject(&self) -> Subject {
        Subject {
            kind: SubjectKind::CreditLimit,
            id: format!("{}/{}", self.policy, self.buyer),
        }
    }
}
