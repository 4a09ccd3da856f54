use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ObjectionError, Outcome};
use crate::calendar::Period;
use crate::explain::{Decision, DecisionRecord, ObligationId, Subject};
use crate::machine::Ledger;
use crate::money::Money;

/// An objection under review, with the obligations its filing opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// When it was filed.
    pub filed_on: NaiveDate,
    /// The customer's grounds.
    pub grounds: String,
    /// The acknowledgement obligation, until discharged.
    pub acknowledgement: Option<ObligationId>,
    /// The progress-update obligation, until discharged.
    pub update: Option<ObligationId>,
    /// The final-answer obligation.
    pub answer: ObligationId,
    /// How long the customer may take a final answer outside.
    pub escalate: Period,
}

/// Where an objection stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ObjectionState {
    /// The right exists; no objection yet.
    NotFiled,
    /// Filed and being reviewed.
    UnderReview {
        /// The review.
        review: Review,
    },
    /// Decided.
    Decided {
        /// The outcome.
        outcome: Outcome,
        /// The external route is open until this date.
        escalation_until: Option<NaiveDate>,
    },
}

/// The kind of an [`ObjectionState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ObjectionStatus {
    /// Not filed.
    NotFiled,
    /// Under review.
    UnderReview,
    /// Decided.
    Decided,
}

impl fmt::Display for ObjectionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ObjectionStatus::NotFiled => "not filed",
            ObjectionStatus::UnderReview => "under review",
            ObjectionStatus::Decided => "decided",
        })
    }
}

/// An objection to one decision: the aggregate the objection machine advances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub(super) about: Subject,
    pub(super) decision: Decision,
    pub(super) decided_on: NaiveDate,
    pub(super) decided_amount: Option<Money>,
    /// INVARIANT (the right precedes the objection): `right_until >= decided_on`.
    pub(super) right_until: NaiveDate,
    pub(super) state: ObjectionState,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl Objection {
    /// The right to object to `record`, not yet used.
    ///
    /// # Errors
    ///
    /// [`ObjectionError::NoRight`] when the decision carries no objection right.
    pub fn against(record: &DecisionRecord) -> Result<Objection, ObjectionError> {
        let right = record.objection().ok_or_else(|| ObjectionError::NoRight {
            decision: record.decision().to_string(),
            on: record.on(),
            subject: record.subject().to_string(),
        })?;
        Ok(Objection {
            about: record.subject().clone(),
            decision: record.decision(),
            decided_on: record.on(),
            decided_amount: record.amount(),
            right_until: right.until,
            state: ObjectionState::NotFiled,
            ledger: Ledger::since(record.on()),
        })
    }

    /// What the objected decision is about.
    #[must_use]
    pub fn about(&self) -> &Subject {
        &self.about
    }

    /// The last day the customer may object.
    #[must_use]
    pub fn right_until(&self) -> NaiveDate {
        self.right_until
    }

    /// The state.
    #[must_use]
    pub fn state(&self) -> &ObjectionState {
        &self.state
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> ObjectionStatus {
        match self.state {
            ObjectionState::NotFiled => ObjectionStatus::NotFiled,
            ObjectionState::UnderReview { .. } => ObjectionStatus::UnderReview,
            ObjectionState::Decided { .. } => ObjectionStatus::Decided,
        }
    }
}
