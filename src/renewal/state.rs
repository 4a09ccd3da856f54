use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::explain::{ObligationId, Party};
use crate::ids::PolicyId;
use crate::machine::Ledger;

/// Where a policy period stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PeriodState {
    /// Not started.
    NotStarted,
    /// Running; it will renew unless notice is given in time.
    Running,
    /// Notice of non-renewal was given in time; the policy ends with the period.
    EndingWithoutRenewal {
        /// Who gave notice.
        by: Party,
        /// When.
        on: NaiveDate,
    },
    /// The policy ended.
    Ended,
}

/// The kind of a [`PeriodState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PeriodStatus {
    /// Not started.
    NotStarted,
    /// Running.
    Running,
    /// Ending without renewal.
    EndingWithoutRenewal,
    /// Ended.
    Ended,
}

impl fmt::Display for PeriodStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PeriodStatus::NotStarted => "not started",
            PeriodStatus::Running => "running",
            PeriodStatus::EndingWithoutRenewal => "ending without renewal",
            PeriodStatus::Ended => "ended",
        })
    }
}

/// A policy's current period: the aggregate the renewal machine advances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPeriod {
    pub(super) policy: PolicyId,
    pub(super) state: PeriodState,
    /// First day of the current period.
    pub(super) starts_on: Option<NaiveDate>,
    /// INVARIANT (a period has length): `ends_on >= starts_on`.
    pub(super) ends_on: Option<NaiveDate>,
    /// The last day for notice of non-renewal.
    pub(super) notice_by: Option<NaiveDate>,
    /// The open obligation to send the renewal documents.
    pub(super) documents: Option<ObligationId>,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl PolicyPeriod {
    /// A policy whose first period has not started.
    #[must_use]
    pub fn new(policy: PolicyId) -> PolicyPeriod {
        PolicyPeriod {
            policy,
            state: PeriodState::NotStarted,
            starts_on: None,
            ends_on: None,
            notice_by: None,
            documents: None,
            ledger: Ledger::default(),
        }
    }

    /// The state.
    #[must_use]
    pub fn state(&self) -> &PeriodState {
        &self.state
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> PeriodStatus {
        match self.state {
            PeriodState::NotStarted => PeriodStatus::NotStarted,
            PeriodState::Running => PeriodStatus::Running,
            PeriodState::EndingWithoutRenewal { .. } => PeriodStatus::EndingWithoutRenewal,
            PeriodState::Ended => PeriodStatus::Ended,
        }
    }

    /// The current period's first and last day.
    #[must_use]
    pub fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.starts_on.zip(self.ends_on)
    }

    /// The last day a party may give notice of non-renewal.
    #[must_use]
    pub fn notice_by(&self) -> Option<NaiveDate> {
        self.notice_by
    }
}
