//! The collection's step: the only place a collection case changes state.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::rules::{FEE_ON_UNCOVERED, SharedRecovery, UPDATE_INTERVAL};
use super::{
    Approach, Collection, CollectionEffect, CollectionError, CollectionEvent, CollectionState,
    CustomerAgreement, LossShares, OpenItem, PendingTransfer, Recovery, RecoverySharing,
    SharedLoss, allocate_recovery,
};
use crate::charter::Clause;
use crate::explain::{
    BreakdownLine, Decision, Discharge, Duty, Obligation, Party, RecordBuilder, Subject,
    SubjectKind,
};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};
use crate::money::Money;

/// What one accepted collection event produces.
pub type CollectionTransition = Transition<Collection, CollectionEffect>;

kept!(Collection);

impl Machine for Collection {
    type Event = CollectionEvent;
    type Effect = CollectionEffect;
    type Error = CollectionError;

    /// `collection POL-1/B-7`.
    fn subject(&self) -> Subject {
        Subject::new(
            SubjectKind::Collection,
            format!("{}/{}", self.policy, self.buyer),
        )
    }

    /// Every accepted event while the case is open updates the customer, meets the pending
    /// status-update duty and starts the next one (C4.2).
    ///
    /// # Errors
    ///
    /// [`CollectionError::EventNotAllowed`] when the event does not fit the status;
    /// [`CollectionError::ApproachNotAgreed`] for legal action or a payment plan after the
    /// maximum extension period without the customer's agreement; amount errors;
    /// [`CollectionError::Rule`] when a rule fails.
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        use CollectionEvent as Ev;
        use CollectionState as St;
        match (&self.state, event) {
            (
                St::NotOpened,
                Ev::Opened {
                    items,
                    covered,
                    mep_expired_on,
                    ..
                },
            ) => self.open(items, *covered, *mep_expired_on, at),
            (
                St::Open { .. },
                Ev::ApproachChosen {
                    approach,
                    agreement,
                    ..
                },
            ) => self.choose(*approach, *agreement, at),
            (St::Open { .. }, Ev::StatusUpdated { .. }) => {
                let summary = format!("Collection on buyer {}: status update.", self.buyer);
                self.update(
                    Decision::CollectionUpdated,
                    summary,
                    self.clone(),
                    at,
                    |b| b,
                )
            }
            (St::Open { .. }, Ev::ClaimPaidOut { paid, loss, .. }) => {
                self.paid_out(*paid, *loss, at)
            }
            (St::Open { .. }, Ev::RecoveryReceived { amount, .. }) => self.recover(*amount, at),
            (St::Open { .. } | St::Closed { .. }, Ev::TransferMade { amount, .. }) => {
                self.transferred(*amount, at)
            }
            (St::Open { .. }, Ev::Closed { .. }) => self.close(at),
            (_, event) => Err(CollectionError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }
}

impl Collection {
    /// The claim was paid: later recoveries are shared with the insurer pro rata.
    fn paid_out(
        &self,
        paid: Money,
        loss: Money,
        at: &Step<'_>,
    ) -> Result<CollectionTransition, CollectionError> {
        self.in_currency(paid)?;
        self.in_currency(loss)?;
        if paid.checked_cmp(loss)? == Ordering::Greater || paid.is_negative() {
            return Err(CollectionError::PartExceedsWhole {
                part: paid,
                whole: loss,
            });
        }
        let mut next = self.clone();
        next.shares = Some(LossShares { paid, loss });
        let summary = format!(
            "Collection on buyer {}: the claim was paid ({paid} of a loss of {loss}); later recoveries are shared with the insurer pro rata.",
            self.buyer
        );
        self.update(Decision::CollectionUpdated, summary, next, at, |b| b)
    }

    fn close(&self, at: &Step<'_>) -> Result<CollectionTransition, CollectionError> {
        let on = at.on();
        let summary = format!("Collection on buyer {} closed on {on}.", self.buyer);
        let mut builder = at
            .record(Decision::CollectionClosed, &summary)
            .clause(Clause::C4_2);
        if let Some(update) = &self.update {
            builder = builder.discharge(Discharge::done(update.clone(), on));
        }
        let mut next = self.with_state(CollectionState::Closed { on });
        next.update = None;
        Ok(Transition {
            next,
            effects: vec![CollectionEffect::NotifyCustomer { summary }],
            record: builder.build()?,
        })
    }

    fn open(
        &self,
        items: &[OpenItem],
        covered: Money,
        mep_expired_on: Option<NaiveDate>,
        at: &Step<'_>,
    ) -> Result<CollectionTransition, CollectionError> {
        let mut outstanding = Money::zero(self.currency);
        for item in items {
            self.in_currency(item.amount)?;
            if item.amount.is_zero() || item.amount.is_negative() {
                return Err(CollectionError::NotPositive {
                    amount: item.amount,
                });
            }
            outstanding = outstanding.checked_add(item.amount)?;
        }
        self.in_currency(covered)?;
        if covered.is_negative() || covered.checked_cmp(outstanding)? == Ordering::Greater {
            return Err(CollectionError::PartExceedsWhole {
                part: covered,
                whole: outstanding,
            });
        }
        let mut next = self.with_state(CollectionState::Open { approach: None });
        next.items = items.to_vec();
        next.outstanding = outstanding;
        next.covered = covered;
        next.mep_expired_on = mep_expired_on;
        let summary = format!(
            "Collection opened on buyer {} for {outstanding} ({} invoice(s), {covered} covered).",
            self.buyer,
            items.len()
        );
        self.update(Decision::CollectionOpened, summary, next, at, |b| b)
    }

    /// C4.2: the approach is agreed with the customer; after the maximum extension period,
    /// legal action and payment plans need that agreement.
    fn choose(
        &self,
        approach: Approach,
        agreement: CustomerAgreement,
        at: &Step<'_>,
    ) -> Result<CollectionTransition, CollectionError> {
        let on = at.on();
        if let Some(mep) = self.mep_expired_on
            && on > mep
            && agreement == CustomerAgreement::NotAgreed
            && matches!(approach, Approach::LegalAction | Approach::PaymentPlan)
        {
            return Err(CollectionError::ApproachNotAgreed {
                approach: approach.code(),
                mep_expired_on: mep,
            });
        }
        let agreed = match agreement {
            CustomerAgreement::Agreed => "agreed with the customer",
            CustomerAgreement::NotAgreed => "within the insurer's own discretion",
        };
        let summary = format!(
            "Collection on buyer {}: approach `{}`, {agreed}.",
            self.buyer,
            approach.code()
        );
        let next = self.with_state(CollectionState::Open {
            approach: Some(approach),
        });
        self.update(Decision::CollectionApproachAgreed, summary, next, at, |b| b)
    }

    fn recover(
        &self,
        amount: Money,
        at: &Step<'_>,
    ) -> Result<CollectionTransition, CollectionError> {
        let on = at.on();
        self.in_currency(amount)?;
        if amount.is_zero() || amount.is_negative() {
            return Err(CollectionError::NotPositive { amount });
        }
        let mut owed = Money::zero(self.currency);
        for item in &self.items {
            owed = owed.checked_add(item.amount)?;
        }
        if amount.checked_cmp(owed)? == Ordering::Greater {
            return Err(CollectionError::MoreThanOwed { amount, owed });
        }
        let fee_rate = at.get(&FEE_ON_UNCOVERED)?;
        let insurer_recovered = self
            .insurer_recovered
            .unwrap_or_else(|| Money::zero(self.currency));
        let sharing = match self.shares {
            Some(shares) => {
                let ruling = at.ask(&SharedRecovery {
                    received_on: on,
                    amount,
                    paid: shares.paid,
                    loss: shares.loss,
                    covered: self.covered,
                    insurer_recovered,
                })?;
                Some((
                    SharedLoss {
                        shares,
                        sharing: ruling.value,
                        insurer_recovered,
                    },
                    ruling,
                ))
            }
            None => None,
        };
        let split = allocate_recovery(
            amount,
            &self.items,
            sharing.as_ref().map(|(shared, _)| *shared),
            self.covered,
            self.outstanding,
            fee_rate,
        )?;
        let mut next = self.clone();
        if self.shares.is_some() {
            next.insurer_recovered = Some(insurer_recovered.checked_add(split.insurer)?);
        }
        for item in &mut next.items {
            for (number, taken) in &split.items {
                if *number == item.number {
                    item.amount = item.amount.checked_sub(*taken)?;
                }
            }
        }
        next.items.retain(|item| !item.amount.is_zero());
        let mut lines = vec![BreakdownLine::start(
            format!("Recovered from buyer {} on {on}", self.buyer),
            amount,
        )];
        let mut sharing_rule = None;
        if let Some((shared, ruling)) = sharing {
            let LossShares { paid, loss } = shared.shares;
            let label = match shared.sharing {
                RecoverySharing::ShareOfLoss => {
                    format!("Insurer's share: it paid {paid} of a loss of {loss}")
                }
                RecoverySharing::LimitOverDebt => format!(
                    "Insurer's share: the limit's part of the debt, {} of {loss}",
                    self.covered.checked_min(loss)?
                ),
                RecoverySharing::InsurerFirst => format!(
                    "Insurer's share: repaid first, up to its payout of {paid} ({insurer_recovered} recovered before)"
                ),
            };
            lines.push(BreakdownLine::less(label, split.insurer, ruling.reason));
            sharing_rule = Some(ruling.rule);
        }
        lines.push(BreakdownLine::subtotal("Your share", split.insured));
        if !split.fee.is_zero() {
            lines.push(BreakdownLine::less(
                format!("Collection fee of {fee_rate} on the uncovered part"),
                split.fee,
                at.reason("collection_fee_uncovered")?,
            ));
        }
        lines.push(BreakdownLine::result(
            "Transferred to you",
            split.to_customer,
        ));
        let allocation: Vec<String> = split
            .items
            .iter()
            .map(|(number, taken)| format!("{number} {taken}"))
            .collect();
        let mut summary = format!(
            "Recovery of {amount} from buyer {} allocated oldest invoice first ({}); {} is yours.",
            self.buyer,
            allocation.join(", "),
            split.to_customer
        );
        let mut transfer = None;
        if !split.to_customer.is_zero() {
            let recovery = Recovery {
                received_on: on,
                amount,
                to_customer: split.to_customer,
            };
            let ruling = at.ask(&recovery)?;
            // INVARIANT (transfer never due before receipt): periods only move forward.
            let due = at.after(ruling.value, on)?;
            let id = at.id("transfer");
            summary.push_str(&format!(" It is transferred to you by {due}."));
            next.pending.push(PendingTransfer {
                obligation: id.clone(),
                amount: split.to_customer,
                due,
            });
            transfer = Some((id, due, ruling));
        }
        let mut effects = Vec::new();
        let subject = self.subject();
        let to_customer = split.to_customer;
        let transfer_effect = transfer.as_ref().map(|(_, due, _)| *due);
        let outcome = self.update(
            Decision::RecoveryAllocated,
            summary,
            next,
            at,
            move |mut b| {
                b = b.breakdown(lines);
                if let Some(rule) = sharing_rule {
                    b = b.rule(rule);
                }
                if let Some((id, due, ruling)) = transfer {
                    b = b
                        .reason(ruling.reason)
                        .rule(ruling.rule)
                        .obligation(Obligation {
                            id,
                            clause: Clause::C4_2,
                            subject,
                            owner: Party::Insurer,
                            duty: Duty::By { due },
                            what: format!(
                                "transfer {to_customer} collected on {on} to the customer by {due}"
                            )
                            .into(),
                            waiver: None,
                        });
                }
                b
            },
        )?;
        if let Some(by) = transfer_effect {
            effects.push(CollectionEffect::TransferToCustomer {
                amount: to_customer,
                by,
            });
        }
        let mut outcome = outcome;
        outcome.effects.extend(effects);
        Ok(outcome)
    }

    fn transferred(
        &self,
        amount: Money,
        at: &Step<'_>,
    ) -> Result<CollectionTransition, CollectionError> {
        let on = at.on();
        self.in_currency(amount)?;
        let mut settled = 0;
        let mut sum = Money::zero(self.currency);
        for pending in &self.pending {
            if sum.checked_cmp(amount)? != Ordering::Less {
                break;
            }
            sum = sum.checked_add(pending.amount)?;
            settled += 1;
        }
        if amount.is_zero() || sum != amount {
            return Err(CollectionError::TransferMismatch {
                amount,
                pending: self
                    .pending
                    .iter()
                    .map(|p| format!("{} due {}", p.amount, p.due))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let (done, left) = self.pending.split_at(settled);
        let mut next = self.clone();
        next.pending = left.to_vec();
        let summary = format!(
            "{amount} collected from buyer {} transferred to the customer on {on}.",
            self.buyer
        );
        let discharges: Vec<Discharge> = done
            .iter()
            .map(|p| Discharge::done(p.obligation.clone(), on))
            .collect();
        if matches!(self.state, CollectionState::Closed { .. }) {
            let mut builder = at
                .record(Decision::CollectedMoneyTransferred, &summary)
                .clause(Clause::C4_2);
            for discharge in discharges {
                builder = builder.discharge(discharge);
            }
            return Ok(Transition {
                next,
                effects: vec![CollectionEffect::NotifyCustomer { summary }],
                record: builder.build()?,
            });
        }
        self.update(
            Decision::CollectedMoneyTransferred,
            summary,
            next,
            at,
            move |mut b| {
                for discharge in discharges {
                    b = b.discharge(discharge);
                }
                b
            },
        )
    }

    /// One event while the case is open: the customer is updated, which meets the pending
    /// status-update duty and starts the next one (`collection.update_interval_days`).
    fn update(
        &self,
        decision: Decision,
        summary: String,
        mut next: Collection,
        at: &Step<'_>,
        extra: impl FnOnce(RecordBuilder) -> RecordBuilder,
    ) -> Result<CollectionTransition, CollectionError> {
        let on = at.on();
        let due = at.after(at.get(&UPDATE_INTERVAL)?, on)?;
        let update = at.id("update");
        let mut builder = at.record(decision, &summary).clause(Clause::C4_2);
        if let Some(previous) = &self.update {
            builder = builder.discharge(Discharge::done(previous.clone(), on));
        }
        builder = extra(builder).obligation(Obligation {
            id: update.clone(),
            clause: Clause::C4_2,
            subject: self.subject(),
            owner: Party::Insurer,
            duty: Duty::By { due },
            what: format!("update the customer on the collection by {due}").into(),
            waiver: None,
        });
        next.update = Some(update);
        Ok(Transition {
            next,
            effects: vec![CollectionEffect::NotifyCustomer { summary }],
            record: builder.build()?,
        })
    }

    fn in_currency(&self, amount: Money) -> Result<(), CollectionError> {
        if amount.currency() == self.currency {
            Ok(())
        } else {
            Err(CollectionError::WrongCurrency {
                amount,
                currency: self.currency.code().to_owned(),
            })
        }
    }

    fn with_state(&self, state: CollectionState) -> Collection {
        Collection {
            state,
            ..self.clone()
        }
    }
}
