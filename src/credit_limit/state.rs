use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BuyerRating, ChangeKind, ExceptionalCircumstance, Route};
use crate::calendar::Period;
use crate::explain::ObligationId;
use crate::ids::{BuyerId, PolicyId};
use crate::machine::Ledger;
use crate::money::{Currency, Money};

/// An application being decided (C3.1), with the obligations it opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// How it is decided.
    pub route: Route,
    /// The limit asked for.
    pub requested: Money,
    /// When it was made.
    pub applied_on: NaiveDate,
    /// INVARIANT (decision due): `decision_due >= applied_on`, from the rule
    /// `credit_limit/decision_deadline`.
    pub decision_due: NaiveDate,
    /// The C3.1 obligation the decision discharges.
    pub decision_obligation: ObligationId,
    /// How often status updates are due while pending.
    pub updates_every: Option<Period>,
    /// The open status-update obligation, if any.
    pub update_obligation: Option<ObligationId>,
    /// When the customer must be consulted before an adverse decision, its answer period
    /// (from `credit_limit/information_request`).
    pub consultation: Option<Period>,
    /// When the insurer asked the customer for information, if it did.
    pub information_requested_on: Option<NaiveDate>,
}

/// A request for information the customer is answering (C3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationRequest {
    /// When it was asked.
    pub requested_on: NaiveDate,
    /// The last day of the answer period.
    pub answer_due: NaiveDate,
    /// The customer's obligation to answer.
    pub answer_obligation: ObligationId,
}

/// Who set the limit in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// A credit limit decision of the insurer.
    Insurer,
    /// The customer's own discretionary limit.
    Discretionary,
}

/// The limit in force and its terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitTerms {
    /// The limit.
    pub amount: Money,
    /// Who set it.
    pub kind: LimitKind,
    /// Conditions written on it.
    pub conditions: Vec<String>,
    /// The expiry of a temporary limit.
    pub expires_on: Option<NaiveDate>,
    /// The limit after expiry (the one before a temporary increase, or zero).
    pub after_expiry: Money,
    /// The temporary limit this one was granted on top of: it comes back with its own
    /// expiry when this one expires first (a temporary increase on a temporary limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlying: Option<Box<LimitTerms>>,
}

impl LimitTerms {
    /// A limit of `amount` set by `kind`, without conditions or expiry.
    #[must_use]
    pub fn plain(amount: Money, kind: LimitKind) -> LimitTerms {
        LimitTerms {
            amount,
            kind,
            conditions: Vec::new(),
            expires_on: None,
            after_expiry: Money::zero(amount.currency()),
            underlying: None,
        }
    }

    /// What comes back one step down when these terms expire: the underlying temporary
    /// limit, or `after_expiry` without an expiry.
    fn fallback(&self) -> LimitTerms {
        match &self.underlying {
            Some(underlying) => (**underlying).clone(),
            None => LimitTerms {
                amount: self.after_expiry,
                expires_on: None,
                after_expiry: Money::zero(self.amount.currency()),
                underlying: None,
                ..self.clone()
            },
        }
    }

    /// The terms in force once these have expired, as of `on`: the underlying temporary
    /// limit while it still runs, otherwise what it falls back to; `None` for no limit.
    #[must_use]
    pub fn after_expiry_on(&self, on: NaiveDate) -> Option<LimitTerms> {
        let mut back = self.fallback();
        // Each step goes one level down a finite chain, ending at terms without expiry.
        while back.expires_on.is_some_and(|e| e <= on) {
            back = back.fallback();
        }
        (!back.amount.is_zero()).then_some(back)
    }

    /// The same terms with every amount, down the chain, at most `max` (a reduction of a
    /// temporary limit also lowers what it falls back to).
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`](crate::money::MoneyError) for `max` in another
    /// currency.
    pub fn capped(&self, max: Money) -> Result<LimitTerms, crate::money::MoneyError> {
        let underlying = match &self.underlying {
            Some(u) => Some(Box::new(u.capped(max)?)),
            None => None,
        };
        Ok(LimitTerms {
            amount: self.amount.checked_min(max)?,
            after_expiry: self.after_expiry.checked_min(max)?,
            underlying,
            ..self.clone()
        })
    }
}

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
    /// No limit, and none applied for.
    NoLimit,
    /// An application (or an increase) is being decided.
    UnderReview {
        /// The application.
        application: Application,
    },
    /// The insurer is waiting for the customer's information about the buyer.
    AwaitingInformation {
        /// The application.
        application: Application,
        /// The request.
        request: InformationRequest,
    },
    /// A limit is in force (see [`CreditLimit::terms`]).
    InForce,
    /// A reduction or withdrawal is announced; its notice may still be running.
    ChangeAnnounced {
        /// The change.
        change: AnnouncedChange,
    },
    /// The insurer refused cover: a zero decision.
    Refused,
    /// The limit was withdrawn.
    Withdrawn,
    /// The customer cancelled the limit.
    Cancelled,
    /// A temporary limit expired.
    Expired,
}

/// The kind of a [`CreditLimitState`], for messages and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CreditLimitStatus {
    /// No limit.
    NoLimit,
    /// Under review.
    UnderReview,
    /// Awaiting the customer's information.
    AwaitingInformation,
    /// In force.
    InForce,
    /// Change announced.
    ChangeAnnounced,
    /// Refused.
    Refused,
    /// Withdrawn.
    Withdrawn,
    /// Cancelled.
    Cancelled,
    /// Expired.
    Expired,
}

impl fmt::Display for CreditLimitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CreditLimitStatus::NoLimit => "not granted",
            CreditLimitStatus::UnderReview => "under review",
            CreditLimitStatus::AwaitingInformation => "awaiting the customer's information",
            CreditLimitStatus::InForce => "in force",
            CreditLimitStatus::ChangeAnnounced => "awaiting an announced change",
            CreditLimitStatus::Refused => "refused",
            CreditLimitStatus::Withdrawn => "withdrawn",
            CreditLimitStatus::Cancelled => "cancelled",
            CreditLimitStatus::Expired => "expired",
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
    /// The limit in force, if any (also during an increase review or a change's notice).
    pub(super) terms: Option<LimitTerms>,
    /// The buyer's rating, as last known.
    pub(super) rating: Option<BuyerRating>,
    /// The insurer's last zero decision on the buyer.
    pub(super) zero_decision_on: Option<NaiveDate>,
    /// INVARIANT (history is dated): spans are sorted by `from`, without duplicates.
    pub(super) history: Vec<LimitSpan>,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
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
            terms: None,
            rating: None,
            zero_decision_on: None,
            history: Vec::new(),
            ledger: Ledger::default(),
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

    /// The limit in force and its terms, if any.
    #[must_use]
    pub fn terms(&self) -> Option<&LimitTerms> {
        self.terms.as_ref()
    }

    /// The buyer's rating, as last known.
    #[must_use]
    pub fn rating(&self) -> Option<BuyerRating> {
        self.rating
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> CreditLimitStatus {
        match self.state {
            CreditLimitState::NoLimit => CreditLimitStatus::NoLimit,
            CreditLimitState::UnderReview { .. } => CreditLimitStatus::UnderReview,
            CreditLimitState::AwaitingInformation { .. } => CreditLimitStatus::AwaitingInformation,
            CreditLimitState::InForce => CreditLimitStatus::InForce,
            CreditLimitState::ChangeAnnounced { .. } => CreditLimitStatus::ChangeAnnounced,
            CreditLimitState::Refused => CreditLimitStatus::Refused,
            CreditLimitState::Withdrawn => CreditLimitStatus::Withdrawn,
            CreditLimitState::Cancelled => CreditLimitStatus::Cancelled,
            CreditLimitState::Expired => CreditLimitStatus::Expired,
        }
    }

    /// Every limit the buyer has had, by the first delivery date it covers.
    #[must_use]
    pub fn history(&self) -> &[LimitSpan] {
        &self.history
    }
}
