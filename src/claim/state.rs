use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BuyerInvoice, Credit, Payout, StepDuty};
use crate::calendar::Period;
use crate::credit_limit::LimitSpan;
use crate::explain::ObligationId;
use crate::ids::{BuyerId, PolicyId};
use crate::machine::Ledger;
use crate::money::{Currency, Money, MoneyError};

/// The step plan's clocks, started when the oldest unpaid invoice became overdue (C4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueClock {
    /// The original due date of the oldest unpaid invoice; every clock runs from it.
    pub oldest_due: NaiveDate,
    /// When the overdue was recorded.
    pub recorded_on: NaiveDate,
    /// INVARIANT (MEP from the original due date): `oldest_due` plus `claim.mep_days`.
    pub mep_expires: NaiveDate,
    /// The customer's duty to notify the overdue account.
    pub notification: ObligationId,
    /// The customer's duty to hand the debt over for collection.
    pub hand_over: ObligationId,
    /// The customer's duty to submit the claim.
    pub filing: ObligationId,
    /// When the customer notified the overdue account.
    pub notified_on: Option<NaiveDate>,
    /// When the customer handed the debt over.
    pub handed_over_on: Option<NaiveDate>,
    /// Duties whose deadline runs from the customer's notification of the overdue account
    /// (rule `claim/step_plan`), opened when it comes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_notification: Vec<(StepDuty, Period)>,
}

impl OverdueClock {
    /// The obligation id of a step-plan duty.
    #[must_use]
    pub fn id(&self, duty: StepDuty) -> &ObligationId {
        match duty {
            StepDuty::HandOver => &self.hand_over,
            StepDuty::Filing => &self.filing,
        }
    }
}

/// Where the claim stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ClaimState {
    /// No claim submitted (the account may be current or overdue).
    NoClaim,
    /// The customer submitted a claim.
    Submitted {
        /// When.
        on: NaiveDate,
    },
    /// The insurer asked for documents.
    AwaitingDocuments {
        /// When.
        requested_on: NaiveDate,
        /// What was asked for.
        documents: Vec<String>,
    },
    /// The documentation is complete; the insurer assesses the claim.
    UnderAssessment {
        /// When the documentation was complete.
        complete_on: NaiveDate,
        /// The insurer's duty to decide.
        assessment: ObligationId,
        /// The assessment's due date.
        due: NaiveDate,
    },
    /// A payout was decided and is to be paid.
    Decided {
        /// When.
        on: NaiveDate,
        /// The payout.
        payout: Payout,
        /// The insurer's duty to pay.
        payment: ObligationId,
        /// The payment's due date.
        due: NaiveDate,
    },
    /// Nothing is paid.
    Rejected {
        /// When.
        on: NaiveDate,
        /// The (nil) payout with its explanation.
        payout: Payout,
    },
    /// The payout was paid; later recoveries are shared by the shares of the loss.
    PaidOut {
        /// When.
        on: NaiveDate,
        /// The payout.
        payout: Payout,
    },
}

/// The kind of a [`ClaimState`], for messages and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClaimStatus {
    /// No claim.
    NoClaim,
    /// Submitted.
    Submitted,
    /// Awaiting documents.
    AwaitingDocuments,
    /// Under assessment.
    UnderAssessment,
    /// Decided, to be paid.
    Decided,
    /// Rejected.
    Rejected,
    /// Paid out.
    PaidOut,
}

impl fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClaimStatus::NoClaim => "not submitted",
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::AwaitingDocuments => "awaiting documents",
            ClaimStatus::UnderAssessment => "under assessment",
            ClaimStatus::Decided => "decided",
            ClaimStatus::Rejected => "rejected",
            ClaimStatus::PaidOut => "paid out",
        })
    }
}

/// How the date of loss was fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossBasis {
    /// The buyer's insolvency.
    Insolvency,
    /// Protracted default: the waiting period after the oldest unpaid invoice's due date ended.
    ProtractedDefault,
}

/// The date of loss and how it was fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateOfLoss {
    /// The date.
    pub on: NaiveDate,
    /// Why this date.
    pub basis: LossBasis,
}

/// The overdue account and claim on one buyer under one policy: the aggregate the claim
/// machine advances. Persist it as JSON between events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub(super) policy: PolicyId,
    pub(super) buyer: BuyerId,
    pub(super) currency: Currency,
    /// The buyer's credit limits by first delivery date covered.
    pub(super) cover: Vec<LimitSpan>,
    pub(super) invoices: Vec<BuyerInvoice>,
    pub(super) credits: Vec<Credit>,
    pub(super) overdue: Option<OverdueClock>,
    /// Deliveries after this date are not covered.
    pub(super) stoppage_of_cover: Option<NaiveDate>,
    pub(super) insolvency_on: Option<NaiveDate>,
    pub(super) state: ClaimState,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl Claim {
    /// A buyer with no invoices yet, whose deliveries the credit limits in `cover` insure
    /// (e.g. [`CreditLimit::history`](crate::credit_limit::CreditLimit::history)).
    #[must_use]
    pub fn new(
        policy: PolicyId,
        buyer: BuyerId,
        currency: Currency,
        cover: Vec<LimitSpan>,
    ) -> Claim {
        let mut cover = cover;
        cover.sort_by_key(|span| span.from);
        Claim {
            policy,
            buyer,
            currency,
            cover,
            invoices: Vec::new(),
            credits: Vec::new(),
            overdue: None,
            stoppage_of_cover: None,
            insolvency_on: None,
            state: ClaimState::NoClaim,
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
    pub fn state(&self) -> &ClaimState {
        &self.state
    }

    /// The invoices recorded.
    #[must_use]
    pub fn invoices(&self) -> &[BuyerInvoice] {
        &self.invoices
    }

    /// Payments, credit notes and set-offs recorded, in the order received.
    #[must_use]
    pub fn credits(&self) -> &[Credit] {
        &self.credits
    }

    /// The credit limits insuring the buyer's deliveries, by first delivery date covered.
    #[must_use]
    pub fn cover(&self) -> &[LimitSpan] {
        &self.cover
    }

    /// The date the buyer's insolvency was recorded, if it was.
    #[must_use]
    pub fn insolvency_on(&self) -> Option<NaiveDate> {
        self.insolvency_on
    }

    /// The step plan's clocks, once an invoice is overdue.
    #[must_use]
    pub fn overdue(&self) -> Option<&OverdueClock> {
        self.overdue.as_ref()
    }

    /// The last delivery date covered, once cover stopped.
    #[must_use]
    pub fn stoppage_of_cover(&self) -> Option<NaiveDate> {
        self.stoppage_of_cover
    }

    /// The payout, once decided.
    #[must_use]
    pub fn payout(&self) -> Option<&Payout> {
        match &self.state {
            ClaimState::Decided { payout, .. }
            | ClaimState::Rejected { payout, .. }
            | ClaimState::PaidOut { payout, .. } => Some(payout),
            _ => None,
        }
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> ClaimStatus {
        match self.state {
            ClaimState::NoClaim => ClaimStatus::NoClaim,
            ClaimState::Submitted { .. } => ClaimStatus::Submitted,
            ClaimState::AwaitingDocuments { .. } => ClaimStatus::AwaitingDocuments,
            ClaimState::UnderAssessment { .. } => ClaimStatus::UnderAssessment,
            ClaimState::Decided { .. } => ClaimStatus::Decided,
            ClaimState::Rejected { .. } => ClaimStatus::Rejected,
            ClaimState::PaidOut { .. } => ClaimStatus::PaidOut,
        }
    }

    /// What the buyer owes in total after every credit recorded so far.
    ///
    /// # Errors
    ///
    /// [`MoneyError`] on overflow.
    pub fn balance(&self) -> Result<Money, MoneyError> {
        let mut balance = Money::zero(self.currency);
        for invoice in &self.invoices {
            balance = balance.checked_add(invoice.gross()?)?;
        }
        for credit in &self.credits {
            balance = balance.checked_sub(credit.amount)?;
        }
        Ok(if balance.is_negative() {
            Money::zero(self.currency)
        } else {
            balance
        })
    }
}
