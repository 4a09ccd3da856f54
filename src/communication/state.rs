use std::collections::VecDeque;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ContactRole;
use super::{Channel, Priority, Topic};
use crate::explain::ObligationId;
use crate::ids::PolicyId;
use crate::machine::Ledger;

/// Where a question stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum InquiryState {
    /// Not received yet.
    NotReceived,
    /// Received and not yet answered.
    Open {
        /// The acknowledgement obligation, until acknowledged.
        acknowledgement: Option<ObligationId>,
        /// The answer obligation.
        answer: ObligationId,
        /// When the answer is due.
        answer_due: NaiveDate,
    },
    /// Answered.
    Answered {
        /// When.
        on: NaiveDate,
        /// When it was due.
        due: NaiveDate,
    },
}

/// The kind of an [`InquiryState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InquiryStatus {
    /// Not received.
    NotReceived,
    /// Open.
    Open,
    /// Answered.
    Answered,
}

impl fmt::Display for InquiryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InquiryStatus::NotReceived => "not received",
            InquiryStatus::Open => "open",
            InquiryStatus::Answered => "answered",
        })
    }
}

/// One question or request from the customer: the aggregate the inquiry machine advances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    pub(super) policy: PolicyId,
    pub(super) id: String,
    pub(super) channel: Option<Channel>,
    pub(super) priority: Option<Priority>,
    pub(super) topic: Option<Topic>,
    pub(super) received_on: Option<NaiveDate>,
    pub(super) state: InquiryState,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl Inquiry {
    /// A question `id` under `policy`, not yet received.
    #[must_use]
    pub fn new(policy: PolicyId, id: &str) -> Inquiry {
        Inquiry {
            policy,
            id: id.to_owned(),
            channel: None,
            priority: None,
            topic: None,
            received_on: None,
            state: InquiryState::NotReceived,
            ledger: Ledger::default(),
        }
    }

    /// The state.
    #[must_use]
    pub fn state(&self) -> &InquiryState {
        &self.state
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> InquiryStatus {
        match self.state {
            InquiryState::NotReceived => InquiryStatus::NotReceived,
            InquiryState::Open { .. } => InquiryStatus::Open,
            InquiryState::Answered { .. } => InquiryStatus::Answered,
        }
    }

    /// How it arrived, once received.
    #[must_use]
    pub fn channel(&self) -> Option<Channel> {
        self.channel
    }

    /// When it arrived, once received.
    #[must_use]
    pub fn received_on(&self) -> Option<NaiveDate> {
        self.received_on
    }
}

/// A named contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The name.
    pub name: String,
    /// The role.
    pub role: ContactRole,
    /// How to reach them.
    pub details: String,
    /// Since when.
    pub since: NaiveDate,
}

/// The relationship with the customer: named contacts and feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub(super) policy: PolicyId,
    pub(super) opened_on: Option<NaiveDate>,
    pub(super) account_manager: Option<Contact>,
    pub(super) specialist: Option<Contact>,
    /// The open obligations to assign a named contact (C1.2 and C6.1).
    pub(super) contact_owed: Vec<ObligationId>,
    /// Feedback waiting for an answer, oldest first.
    pub(super) feedback_owed: VecDeque<ObligationId>,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl Relationship {
    /// A relationship not yet opened.
    #[must_use]
    pub fn new(policy: PolicyId) -> Relationship {
        Relationship {
            policy,
            opened_on: None,
            account_manager: None,
            specialist: None,
            contact_owed: Vec::new(),
            feedback_owed: VecDeque::new(),
            ledger: Ledger::default(),
        }
    }

    /// The account manager, once assigned (C1.2, C6.1).
    #[must_use]
    pub fn account_manager(&self) -> Option<&Contact> {
        self.account_manager.as_ref()
    }

    /// The specialist, once assigned (C5.1).
    #[must_use]
    pub fn specialist(&self) -> Option<&Contact> {
        self.specialist.as_ref()
    }
}
