use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::machine::Event;
use crate::money::Money;

/// An unpaid invoice handed over for collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OpenItem {
    /// The invoice number.
    pub number: String,
    /// Its original due date; recoveries go to the oldest first.
    pub due_date: NaiveDate,
    /// What is still owed on it.
    pub amount: Money,
}

/// How the debt is collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Approach {
    /// Letters, calls, visits; no legal action.
    Amicable,
    /// Instalments agreed with the buyer.
    PaymentPlan,
    /// Proceedings in court.
    LegalAction,
    /// Filing the debt in the buyer's insolvency and following it.
    InsolvencyProceedings,
}

impl Approach {
    /// The code used in case files, e.g. `legal_action`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// Whether the customer agreed to an approach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerAgreement {
    /// The customer agreed.
    Agreed,
    /// The customer did not agree (or was not asked).
    NotAgreed,
}

/// What can happen in a collection case. Every event carries its business date `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum CollectionEvent {
    /// The case was handed over and opened.
    Opened {
        /// Business date.
        on: NaiveDate,
        /// The unpaid invoices.
        items: Vec<OpenItem>,
        /// The part of the debt the policy covers (within the credit limit); collection
        /// fees never fall on it.
        covered: Money,
        /// The last day of the maximum extension period, when it has passed.
        #[serde(default)]
        mep_expired_on: Option<NaiveDate>,
    },
    /// The insurer chose how to collect, with or without the customer's agreement.
    ApproachChosen {
        /// Business date.
        on: NaiveDate,
        /// The approach.
        approach: Approach,
        /// Whether the customer agreed.
        agreement: CustomerAgreement,
    },
    /// The insurer updated the customer on the case.
    StatusUpdated {
        /// Business date.
        on: NaiveDate,
    },
    /// The claim on the debt was paid: later recoveries are shared with the insurer.
    ClaimPaidOut {
        /// Business date.
        on: NaiveDate,
        /// The payout.
        paid: Money,
        /// The loss it was paid on.
        loss: Money,
    },
    /// Money was recovered from the buyer.
    RecoveryReceived {
        /// Business date.
        on: NaiveDate,
        /// How much.
        amount: Money,
    },
    /// The insurer transferred collected money to the customer.
    TransferMade {
        /// Business date.
        on: NaiveDate,
        /// How much.
        amount: Money,
    },
    /// The case was closed.
    Closed {
        /// Business date.
        on: NaiveDate,
    },
}

impl Event for CollectionEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            CollectionEvent::Opened { on, .. }
            | CollectionEvent::ApproachChosen { on, .. }
            | CollectionEvent::StatusUpdated { on }
            | CollectionEvent::ClaimPaidOut { on, .. }
            | CollectionEvent::RecoveryReceived { on, .. }
            | CollectionEvent::TransferMade { on, .. }
            | CollectionEvent::Closed { on } => *on,
        }
    }

    /// The event's name as written in case files, e.g. `recovery_received`.
    fn kind(&self) -> &'static str {
        self.into()
    }
}
