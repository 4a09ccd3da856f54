use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::explain::Party;
use crate::machine::Event;

/// What can happen to a policy period. Every event carries its business date `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum PeriodEvent {
    /// The policy starts; its first period begins on `on`.
    Started {
        /// The first day of cover.
        on: NaiveDate,
    },
    /// The insurer sent the renewal documents (terms, premium basis, limits) for the next
    /// period.
    RenewalDocumentsSent {
        /// Business date.
        on: NaiveDate,
    },
    /// A party gave notice that the policy is not to be renewed.
    NonRenewalNotice {
        /// Business date the notice reached the other party.
        on: NaiveDate,
        /// Who gave it.
        by: Party,
    },
    /// The day after the period's last day: the policy renews, or ends after notice.
    PeriodEnded {
        /// The first day after the period.
        on: NaiveDate,
    },
}

impl Event for PeriodEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            PeriodEvent::Started { on }
            | PeriodEvent::RenewalDocumentsSent { on }
            | PeriodEvent::NonRenewalNotice { on, .. }
            | PeriodEvent::PeriodEnded { on } => *on,
        }
    }

    /// The event's name as written in case files.
    fn kind(&self) -> &'static str {
        self.into()
    }
}

/// What the host must do after a policy-period transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum PeriodEffect {
    /// Tell the customer this step.
    NotifyCustomer {
        /// The step in one sentence.
        summary: String,
    },
    /// Prepare and send the renewal documents by `due`.
    PrepareRenewalDocuments {
        /// Their due date.
        due: NaiveDate,
    },
}
