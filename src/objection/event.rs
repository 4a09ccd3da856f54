use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::claim::ClaimEvent;
use crate::credit_limit::CreditLimitEvent;
use crate::explain::Subject;
use crate::machine::Event;
use crate::money::Money;

/// How an objection ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The insurer agrees and corrects its decision.
    Upheld,
    /// The insurer agrees in part and corrects its decision in part.
    PartlyUpheld,
    /// The insurer keeps its decision.
    Rejected,
}

impl Outcome {
    /// The outcome in words.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Upheld => "upheld",
            Outcome::PartlyUpheld => "partly upheld",
            Outcome::Rejected => "rejected",
        }
    }
}

/// What can happen to an objection. Every event carries its business date `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum ObjectionEvent {
    /// The customer objected.
    Filed {
        /// Business date.
        on: NaiveDate,
        /// The customer's grounds, in its words.
        #[serde(default)]
        grounds: String,
    },
    /// The insurer acknowledged the objection in writing.
    Acknowledged {
        /// Business date.
        on: NaiveDate,
    },
    /// The insurer told the customer how the review progresses.
    ProgressUpdateSent {
        /// Business date.
        on: NaiveDate,
    },
    /// The insurer decided the objection.
    Decided {
        /// Business date of the final answer.
        on: NaiveDate,
        /// The outcome.
        outcome: Outcome,
        /// Reason codes from the pack's catalogue; required unless upheld.
        #[serde(default)]
        reasons: Vec<String>,
        /// What the decision's amount becomes (the limit restored, the payout re-assessed);
        /// required when upheld, in whole or in part.
        #[serde(default)]
        corrected_amount: Option<Money>,
    },
}

impl Event for ObjectionEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            ObjectionEvent::Filed { on, .. }
            | ObjectionEvent::Acknowledged { on }
            | ObjectionEvent::ProgressUpdateSent { on }
            | ObjectionEvent::Decided { on, .. } => *on,
        }
    }

    /// The event's name as written in case files.
    fn kind(&self) -> &'static str {
        self.into()
    }
}

/// What an upheld objection changes in the original aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Correction {
    /// Apply this event to the credit limit the decision was about.
    CreditLimit {
        /// The credit limit.
        subject: Subject,
        /// The corrective event.
        event: CreditLimitEvent,
    },
    /// Apply this event to the claim the decision was about (the payout re-assessed).
    Claim {
        /// The claim.
        subject: Subject,
        /// The corrective event.
        event: ClaimEvent,
    },
    /// Decide the subject again at the amount the objection found right, for subjects
    /// without a corrective event of their own.
    Reassess {
        /// The subject.
        subject: Subject,
        /// The corrected amount.
        amount: Money,
    },
}

/// What the host must do after an objection transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ObjectionEffect {
    /// Send the customer this step, with its explanation.
    NotifyCustomer {
        /// The step in one sentence.
        summary: String,
    },
    /// Correct the original decision.
    Correct {
        /// How.
        correction: Correction,
    },
}
