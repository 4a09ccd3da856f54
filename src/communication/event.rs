use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Channel, Priority, Topic};
use crate::machine::Event;

/// What can happen to a question from the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum InquiryEvent {
    /// The question arrived.
    Received {
        /// Business date.
        on: NaiveDate,
        /// How it arrived.
        channel: Channel,
        /// How urgent it is.
        #[serde(default = "normal")]
        priority: Priority,
        /// What it is about.
        topic: Topic,
        /// The question in a few words.
        #[serde(default)]
        about: String,
    },
    /// The insurer acknowledged it.
    Acknowledged {
        /// Business date.
        on: NaiveDate,
    },
    /// The insurer answered it (an answer also acknowledges).
    Answered {
        /// Business date.
        on: NaiveDate,
    },
}

fn normal() -> Priority {
    Priority::Normal
}

impl Event for InquiryEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            InquiryEvent::Received { on, .. }
            | InquiryEvent::Acknowledged { on }
            | InquiryEvent::Answered { on } => *on,
        }
    }

    /// The event's name as written in case files.
    fn kind(&self) -> &'static str {
        self.into()
    }
}

/// The role a named contact has for the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// The account manager: the customer's own contact for any matter (C1.2, C6.1).
    AccountManager,
    /// A specialist who knows the customer's business and market (C5.1).
    Specialist,
}

/// What can happen in the relationship with the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum RelationshipEvent {
    /// The relationship starts (the policy's first day): a named contact is owed.
    Opened {
        /// Business date.
        on: NaiveDate,
    },
    /// A named contact was assigned.
    ContactAssigned {
        /// Business date.
        on: NaiveDate,
        /// The contact's name.
        name: String,
        /// The role.
        role: ContactRole,
        /// How to reach them.
        #[serde(default)]
        details: String,
    },
    /// The customer gave feedback (C1.4).
    FeedbackReceived {
        /// Business date.
        on: NaiveDate,
        /// What it is about.
        about: String,
        /// A score from 1 (poor) to 5 (excellent), when given.
        #[serde(default)]
        score: Option<u8>,
    },
    /// The insurer answered the feedback, saying what it does with it.
    FeedbackAnswered {
        /// Business date.
        on: NaiveDate,
        /// What is done with it.
        action: String,
    },
}

impl Event for RelationshipEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            RelationshipEvent::Opened { on }
            | RelationshipEvent::ContactAssigned { on, .. }
            | RelationshipEvent::FeedbackReceived { on, .. }
            | RelationshipEvent::FeedbackAnswered { on, .. } => *on,
        }
    }

    /// The event's name as written in case files.
    fn kind(&self) -> &'static str {
        self.into()
    }
}

/// What the host must do after a communication transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum CommunicationEffect {
    /// Tell the customer this step.
    NotifyCustomer {
        /// The step in one sentence.
        summary: String,
    },
    /// Route the question to a team, to answer by `due`.
    RouteToTeam {
        /// The answer's due date.
        due: NaiveDate,
    },
}
