use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// The circumstances the insurer may invoke for a change with less than the normal notice.
/// Whether one justifies immediate effect is the rule's judgement, not the machine's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionalCircumstance {
    /// The buyer is insolvent (bankruptcy, suspension of payments, administration).
    BuyerInsolvency,
    /// The buyer or its country has become subject to sanctions.
    Sanctions,
    /// Cover stopped because an invoice to the buyer passed its maximum extension period.
    StoppageOfCover,
    /// Fraud by or concerning the buyer.
    Fraud,
}

impl ExceptionalCircumstance {
    /// The code rules see, e.g. `buyer_insolvency`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ExceptionalCircumstance::BuyerInsolvency => "buyer_insolvency",
            ExceptionalCircumstance::Sanctions => "sanctions",
            ExceptionalCircumstance::StoppageOfCover => "stoppage_of_cover",
            ExceptionalCircumstance::Fraud => "fraud",
        }
    }
}

impl fmt::Display for ExceptionalCircumstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Whether a change lowers a limit or ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The limit is lowered to a smaller, non-zero amount.
    Reduction,
    /// The limit is withdrawn (to zero).
    Withdrawal,
}

impl ChangeKind {
    /// The code rules see: `reduction` or `withdrawal`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Reduction => "reduction",
            ChangeKind::Withdrawal => "withdrawal",
        }
    }
}

/// What the notice rule is told about a change (C3.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitChange {
    /// Reduction or withdrawal.
    pub kind: ChangeKind,
    /// The limit in force now.
    pub current: Money,
    /// The limit after the change (zero for a withdrawal).
    pub new_amount: Money,
    /// The exceptional circumstance the insurer invokes, if any.
    #[serde(default)]
    pub circumstance: Option<ExceptionalCircumstance>,
}

/// What can happen to a credit limit. Every event carries its business date `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
pub enum CreditLimitEvent {
    /// The insurer granted a limit.
    Granted {
        /// Business date.
        on: NaiveDate,
        /// The limit.
        amount: Money,
    },
    /// The insurer announced a reduction to `new_amount` (more than zero).
    ReductionAnnounced {
        /// Business date of the announcement.
        on: NaiveDate,
        /// The limit after the reduction.
        new_amount: Money,
        /// The exceptional circumstance invoked, if any.
        #[serde(default)]
        circumstance: Option<ExceptionalCircumstance>,
    },
    /// The insurer announced the withdrawal of the limit.
    WithdrawalAnnounced {
        /// Business date of the announcement.
        on: NaiveDate,
        /// The exceptional circumstance invoked, if any.
        #[serde(default)]
        circumstance: Option<ExceptionalCircumstance>,
    },
    /// The insurer applied the announced change (stopped covering new deliveries above the
    /// new amount). Before the effective date this breaks C3.4's notice.
    ChangeApplied {
        /// Business date the change was applied.
        on: NaiveDate,
    },
}

impl CreditLimitEvent {
    /// The event's business date.
    #[must_use]
    pub fn on(&self) -> NaiveDate {
        match self {
            CreditLimitEvent::Granted { on, .. }
            | CreditLimitEvent::ReductionAnnounced { on, .. }
            | CreditLimitEvent::WithdrawalAnnounced { on, .. }
            | CreditLimitEvent::ChangeApplied { on } => *on,
        }
    }

    /// The event's name as written in case files, e.g. `reduction_announced`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            CreditLimitEvent::Granted { .. } => "granted",
            CreditLimitEvent::ReductionAnnounced { .. } => "reduction_announced",
            CreditLimitEvent::WithdrawalAnnounced { .. } => "withdrawal_announced",
            CreditLimitEvent::ChangeApplied { .. } => "change_applied",
        }
    }
}
