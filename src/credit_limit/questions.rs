//! What the credit-limit rules are asked. Each is plain data, deserialisable so rule test
//! cases can state it, and turned into the rule's read-only facts by the rulebook.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BuyerRating, ExceptionalCircumstance};
use crate::money::Money;

/// How an application is decided (`reference/domain.md` 2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// An automated credit check, answered at once.
    Instant,
    /// Referred to an underwriter.
    Referred,
}

impl Route {
    /// The code rules see: `instant` or `referred`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Route::Instant => "instant",
            Route::Referred => "referred",
        }
    }
}

/// C3.1 — an application, as `credit_limit/decision_deadline` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitApplication {
    /// How it is decided.
    pub route: Route,
    /// The limit asked for.
    pub requested: Money,
    /// The limit in force, for an increase.
    #[serde(default)]
    pub current: Option<Money>,
}

/// What the customer might be consulted about (C3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationKind {
    /// A decision on an application.
    Application,
    /// A reduction of a limit.
    Reduction,
    /// A withdrawal of a limit.
    Withdrawal,
}

impl ConsultationKind {
    /// The code rules see.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ConsultationKind::Application => "application",
            ConsultationKind::Reduction => "reduction",
            ConsultationKind::Withdrawal => "withdrawal",
        }
    }
}

/// C3.2 — a possible adverse decision, as `credit_limit/information_request` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationQuestion {
    /// Application decision, reduction or withdrawal.
    pub kind: ConsultationKind,
    /// The application's route, for an application.
    #[serde(default)]
    pub route: Option<Route>,
    /// The amount applied for, or the limit after the change.
    pub amount: Money,
    /// The limit in force, if any.
    #[serde(default)]
    pub current: Option<Money>,
    /// Whether the customer trades on the limit now (has outstanding invoices under it).
    #[serde(default)]
    pub limit_in_use: bool,
    /// The exceptional circumstance invoked, if any.
    #[serde(default)]
    pub circumstance: Option<ExceptionalCircumstance>,
}

/// When a rating might have to be told (C3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingOccasion {
    /// A decision on an application.
    Decision,
    /// A reduction or withdrawal.
    Change,
    /// The buyer's rating changed.
    RatingChange,
}

impl RatingOccasion {
    /// The code rules see.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            RatingOccasion::Decision => "decision",
            RatingOccasion::Change => "change",
            RatingOccasion::RatingChange => "rating_change",
        }
    }
}

/// C3.3 — a decision or rating change, as `credit_limit/rating_disclosure` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingQuestion {
    /// The occasion.
    pub kind: RatingOccasion,
    /// Whether the decision goes against the customer.
    #[serde(default)]
    pub adverse: bool,
    /// The buyer's rating, when the insurer has one.
    #[serde(default)]
    pub rating: Option<BuyerRating>,
    /// The rating before a change.
    #[serde(default)]
    pub previous_rating: Option<BuyerRating>,
}

/// The customer's own discretionary limit, as `credit_limit/discretionary_limit` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscretionaryRequest {
    /// The limit the customer sets.
    pub amount: Money,
    /// The date of the credit report it rests on.
    pub credit_report_on: NaiveDate,
    /// Whether the customer had a loss on this buyer in the last 12 months.
    #[serde(default)]
    pub loss_in_last_12_months: bool,
    /// The insurer's last zero decision on the buyer, if any.
    #[serde(default)]
    pub zero_decision_on: Option<NaiveDate>,
}
