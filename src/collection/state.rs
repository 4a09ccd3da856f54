use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Approach, CollectionError, OpenItem};
use crate::explain::ObligationId;
use crate::ids::{BuyerId, PolicyId};
use crate::machine::Ledger;
use crate::money::rounding::RemainderRule;
use crate::money::{Currency, Money, MoneyError, Percentage};

/// The shares of the loss after a payout: the insurer's is `paid / loss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossShares {
    /// The payout.
    pub paid: Money,
    /// The loss it was paid on.
    pub loss: Money,
}

/// How recoveries after a payout are shared between the insurer and the customer, as the
/// rule `collection/recovery_sharing` chooses (domain.md 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoverySharing {
    /// In proportion to each one's share of the loss: the insurer's is `paid / loss`
    /// (Atradius BE, "naar rato van ieders aandeel in het verlies").
    ShareOfLoss,
    /// In proportion of the credit limit to the debt: the insurer's is
    /// `min(covered, loss) / loss`.
    LimitOverDebt,
    /// First in, first out: the insurer, whose money went in first, is repaid first, up to
    /// its payout; the customer gets the rest (ciff.co.uk: "one insurer runs a first in
    /// first out approach").
    InsurerFirst,
}

/// A payout's shares, the variant the rule chose, and what the insurer already recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedLoss {
    /// The payout and the loss it was paid on.
    pub shares: LossShares,
    /// How this recovery is shared.
    pub sharing: RecoverySharing,
    /// What the insurer received of earlier recoveries; it never recovers more than it paid.
    pub insurer_recovered: Money,
}

/// How one recovery is split (C4.2).
///
/// INVARIANT (exact split): `insurer + insured == received` and `fee + to_customer ==
/// insured`, to the cent; the items' allocations sum to `received`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryAllocation {
    /// What was received.
    pub received: Money,
    /// The insurer's share (zero before a payout).
    pub insurer: Money,
    /// The insured's share.
    pub insured: Money,
    /// The collection fee: only on the uncovered part, pro rata.
    pub fee: Money,
    /// What the customer receives.
    pub to_customer: Money,
    /// The recovery allocated to the invoices, oldest first.
    pub items: Vec<(String, Money)>,
    /// How the split's remainder was settled.
    pub remainder: RemainderRule,
}

fn fraction(part: Money, whole: Money) -> Result<Decimal, MoneyError> {
    if whole.is_zero() {
        return Ok(Decimal::ZERO);
    }
    part.amount()
        .checked_div(whole.amount())
        .ok_or(MoneyError::Overflow {
            operation: "divide",
        })
}

/// Splits a recovery of `amount` (C4.2).
///
/// The amount goes to the open items oldest due date first. Before a payout (`shares` is
/// `None`) all of it is the insured's; after one, the insurer's share is what the
/// [`RecoverySharing`] gives (by default `paid / loss` of it), never more than it has still
/// to recover of its payout, and the insured's is the rest
/// ([`RemainderRule::InsuredTakesRemainder`]). The fee
/// (`fee_rate`) falls only on the uncovered part of the insured's share: before a payout,
/// the part of the recovery beyond `covered / outstanding`; after one, all of the insured's
/// share (the covered part is the insurer's).
///
/// # Errors
///
/// [`CollectionError::Money`] for amounts in different currencies or an overflow.
pub fn allocate_recovery(
    amount: Money,
    items: &[OpenItem],
    shares: Option<SharedLoss>,
    covered: Money,
    outstanding: Money,
    fee_rate: Percentage,
) -> Result<RecoveryAllocation, CollectionError> {
    let zero = Money::zero(amount.currency());
    let mut ordered: Vec<&OpenItem> = items.iter().collect();
    ordered.sort_by(|a, b| (a.due_date, &a.number).cmp(&(b.due_date, &b.number)));
    let mut left = amount;
    let mut allocated = Vec::new();
    for item in ordered {
        if left.is_zero() {
            break;
        }
        let take = left.checked_min(item.amount)?;
        if !take.is_zero() {
            allocated.push((item.number.clone(), take));
        }
        left = left.checked_sub(take)?;
    }
    if !left.is_zero() {
        allocated.push(("unallocated".to_owned(), left));
    }
    let (insurer, uncovered) = match shares {
        Some(shared) => {
            let insurer = insurer_share(amount, shared, covered)?;
            (insurer, amount.checked_sub(insurer)?)
        }
        None => {
            let covered_part = amount.checked_mul(fraction(covered, outstanding)?)?;
            (zero, amount.checked_sub(covered_part)?)
        }
    };
    let insured = amount.checked_sub(insurer)?;
    let fee = uncovered.checked_percentage(fee_rate)?;
    let to_customer = insured.checked_sub(fee)?;
    Ok(RecoveryAllocation {
        received: amount,
        insurer,
        insured,
        fee,
        to_customer,
        items: allocated,
        remainder: RemainderRule::InsuredTakesRemainder,
    })
}

/// The insurer's share of a recovery of `amount` after a payout, rounded once, at most what
/// it has still to recover of its payout.
fn insurer_share(
    amount: Money,
    shared: SharedLoss,
    covered: Money,
) -> Result<Money, CollectionError> {
    let LossShares { paid, loss } = shared.shares;
    let share = match shared.sharing {
        RecoverySharing::ShareOfLoss => amount.checked_mul(fraction(paid, loss)?)?,
        RecoverySharing::LimitOverDebt => {
            amount.checked_mul(fraction(covered.checked_min(loss)?, loss)?)?
        }
        RecoverySharing::InsurerFirst => amount,
    };
    let left = paid.checked_sub(shared.insurer_recovered)?;
    let left = if left.is_negative() {
        Money::zero(amount.currency())
    } else {
        left
    };
    Ok(share.checked_min(left)?)
}

/// A transfer to the customer the insurer still owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingTransfer {
    /// The insurer's duty.
    pub obligation: ObligationId,
    /// How much.
    pub amount: Money,
    /// By when.
    pub due: NaiveDate,
}

/// Where a collection case stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum CollectionState {
    /// Not handed over yet.
    NotOpened,
    /// Being collected.
    Open {
        /// The approach agreed, once chosen.
        approach: Option<Approach>,
    },
    /// Closed; transfers still pending stay due.
    Closed {
        /// When.
        on: NaiveDate,
    },
}

/// The kind of a [`CollectionState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CollectionStatus {
    /// Not opened.
    NotOpened,
    /// Open.
    Open,
    /// Closed.
    Closed,
}

impl fmt::Display for CollectionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CollectionStatus::NotOpened => "not opened",
            CollectionStatus::Open => "open",
            CollectionStatus::Closed => "closed",
        })
    }
}

/// A collection case on one buyer under one policy: the aggregate the collection machine
/// advances. Persist it as JSON between events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub(super) policy: PolicyId,
    pub(super) buyer: BuyerId,
    pub(super) currency: Currency,
    pub(super) state: CollectionState,
    /// What is still owed per invoice.
    pub(super) items: Vec<OpenItem>,
    /// What was owed when the case opened.
    pub(super) outstanding: Money,
    /// The covered part of it.
    pub(super) covered: Money,
    pub(super) mep_expired_on: Option<NaiveDate>,
    pub(super) shares: Option<LossShares>,
    /// What the insurer received of recoveries after the payout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) insurer_recovered: Option<Money>,
    pub(super) pending: Vec<PendingTransfer>,
    /// The insurer's next status-update duty.
    pub(super) update: Option<ObligationId>,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl Collection {
    /// A case not opened yet.
    #[must_use]
    pub fn new(policy: PolicyId, buyer: BuyerId, currency: Currency) -> Collection {
        Collection {
            policy,
            buyer,
            currency,
            state: CollectionState::NotOpened,
            items: Vec::new(),
            outstanding: Money::zero(currency),
            covered: Money::zero(currency),
            mep_expired_on: None,
            shares: None,
            insurer_recovered: None,
            pending: Vec::new(),
            update: None,
            ledger: Ledger::default(),
        }
    }

    /// The state.
    #[must_use]
    pub fn state(&self) -> &CollectionState {
        &self.state
    }

    /// The kind of the state.
    #[must_use]
    pub fn status(&self) -> CollectionStatus {
        match self.state {
            CollectionState::NotOpened => CollectionStatus::NotOpened,
            CollectionState::Open { .. } => CollectionStatus::Open,
            CollectionState::Closed { .. } => CollectionStatus::Closed,
        }
    }

    /// What is still owed per invoice.
    #[must_use]
    pub fn items(&self) -> &[OpenItem] {
        &self.items
    }

    /// Transfers to the customer still owed, oldest first.
    #[must_use]
    pub fn pending_transfers(&self) -> &[PendingTransfer] {
        &self.pending
    }
}
