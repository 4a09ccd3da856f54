//! The only place a collection case changes state.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::{
    Approach, Collection, CollectionEffect, CollectionError, CollectionEvent, CollectionState,
    CustomerAgreement, LossShares, OpenItem, PendingTransfer, Recovery, allocate_recovery,
};
use crate::charter::Clause;
use crate::explain::{
    BreakdownLine, Decision, Discharge, Duty, Obligation, ObligationId, Party, RecordBuilder,
};
use crate::money::Money;
use crate::rulebook::PolicyRules;
use crate::transition::Transition;

/// What one accepted collection event produces.
pub type CollectionTransition = Transition<Collection, CollectionEffect>;

impl Collection {
    /// Applies one event under a policy's rules.
    ///
    /// Takes `&self` and returns a new value: a rejected event leaves the case exactly as
    /// it was. Every accepted event while the case is open updates the customer, meets the
    /// pending status-update duty and starts the next one (C4.2).
    ///
    /// # Errors
    ///
    /// [`CollectionError::EventNotAllowed`] when the event does not fit the status;
    /// [`CollectionError::OutOfOrder`]; [`CollectionError::ApproachNotAgreed`] for legal
    /// action or a payment plan after the maximum extension period without the customer's
    /// agreement; amount errors; [`CollectionError::Rule`] when a rule fails.
    pub fn apply(
        &self,
        event: &CollectionEvent,
        rules: &PolicyRules,
    ) -> Result<CollectionTransition, CollectionError> {
        use CollectionEvent as Ev;
        use CollectionState as St;
        if let Some(last) = self.last_event_on.filter(|last| event.on() < *last) {
            return Err(CollectionError::OutOfOrder {
                event: event.kind(),
                on: event.on(),
                last,
            });
        }
        match (&self.state, event) {
            (
                St::NotOpened,
                Ev::Opened {
                    on,
                    items,
                    covered,
                    mep_expired_on,
                },
            ) => self.open(*on, items, *covered, *mep_expired_on, rules),
            (
                St::Open { .. },
                Ev::ApproachChosen {
                    on,
                    approach,
                    agreement,
                },
            ) => self.choose(*on, *approach, *agreement, rules),
            (St::Open { .. }, Ev::StatusUpdated { on }) => {
                let summary = format!("Collection on buyer {}: status update.", self.buyer);
                self.step(
                    *on,
                    Decision::CollectionUpdated,
                    summary,
                    rules,
                    self.advance(*on, self.state.clone()),
                    |b| b,
                )
            }
            (St::Open { .. }, Ev::ClaimPaidOut { on, paid, loss }) => {
                self.in_currency(*paid)?;
                self.in_currency(*loss)?;
                if paid.checked_cmp(*loss)? == Ordering::Greater || paid.is_negative() {
                    return Err(CollectionError::PartExceedsWhole {
                        part: *paid,
                        whole: *loss,
                    });
                }
                let mut next = self.advance(*on, self.state.clone());
                next.shares = Some(LossShares {
                    paid: *paid,
                    loss: *loss,
                });
                let summary = format!(
                    "Collection on buyer {}: the claim was paid ({paid} of a loss of {loss}); later recoveries are shared with the insurer pro rata.",
                    self.buyer
                );
                self.step(
                    *on,
                    Decision::CollectionUpdated,
                    summary,
                    rules,
                    next,
                    |b| b,
                )
            }
            (St::Open { .. }, Ev::RecoveryReceived { on, amount }) => {
                self.recover(*on, *amount, rules)
            }
            (St::Open { .. } | St::Closed { .. }, Ev::TransferMade { on, amount }) => {
                self.transferred(*on, *amount, rules)
            }
            (St::Open { .. }, Ev::Closed { on }) => {
                let summary = format!("Collection on buyer {} closed on {on}.", self.buyer);
                let mut builder = self
                    .record(*on, Decision::CollectionClosed, &summary, rules)
                    .clause(Clause::C4_2);
                if let Some(update) = &self.update {
                    builder = builder.discharge(Discharge::done(update.clone(), *on));
                }
                let mut next = self.advance(*on, St::Closed { on: *on });
                next.update = None;
                Ok(Transition {
                    next,
                    effects: vec![CollectionEffect::NotifyCustomer { summary }],
                    record: builder.build()?,
                })
            }
            (_, event) => Err(CollectionError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }

    fn open(
        &self,
        on: NaiveDate,
        items: &[OpenItem],
        covered: Money,
        mep_expired_on: Option<NaiveDate>,
        rules: &PolicyRules,
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
        let mut next = self.advance(on, CollectionState::Open { approach: None });
        next.items = items.to_vec();
        next.outstanding = outstanding;
        next.covered = covered;
        next.mep_expired_on = mep_expired_on;
        let summary = format!(
            "Collection opened on buyer {} for {outstanding} ({} invoice(s), {covered} covered).",
            self.buyer,
            items.len()
        );
        self.step(on, Decision::CollectionOpened, summary, rules, next, |b| b)
    }

    /// C4.2: the approach is agreed with the customer; after the maximum extension period,
    /// legal action and payment plans need that agreement.
    fn choose(
        &self,
        on: NaiveDate,
        approach: Approach,
        agreement: CustomerAgreement,
        rules: &PolicyRules,
    ) -> Result<CollectionTransition, CollectionError> {
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
        let next = self.advance(
            on,
            CollectionState::Open {
                approach: Some(approach),
            },
        );
        self.step(
            on,
            Decision::CollectionApproachAgreed,
            summary,
            rules,
            next,
            |b| b,
        )
    }

    fn recover(
        &self,
        on: NaiveDate,
        amount: Money,
        rules: &PolicyRules,
    ) -> Result<CollectionTransition, CollectionError> {
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
        let fee_rate = rules.percentage_parameter("collection.fee_on_uncovered", on)?;
        let split = allocate_recovery(
            amount,
            &self.items,
            self.shares,
            self.covered,
            self.outstanding,
            fee_rate,
        )?;
        let mut next = self.advance(on, self.state.clone());
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
        if let Some(shares) = self.shares {
            lines.push(BreakdownLine::less(
                format!(
                    "Insurer's share: it paid {} of a loss of {}",
                    shares.paid, shares.loss
                ),
                split.insurer,
                rules.catalogue_reason("recovery_insurer_share")?,
            ));
        }
        lines.push(BreakdownLine::subtotal("Your share", split.insured));
        if !split.fee.is_zero() {
            lines.push(BreakdownLine::less(
                format!("Collection fee of {fee_rate} on the uncovered part"),
                split.fee,
                rules.catalogue_reason("collection_fee_uncovered")?,
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
            let ruling = rules.transfer_deadline(&recovery, on)?;
            // INVARIANT (transfer never due before receipt): periods only move forward.
            let due = ruling.value.after(on, rules.calendar())?;
            let id = self.obligation_id("transfer");
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
        let outcome = self.step(
            on,
            Decision::RecoveryAllocated,
            summary,
            rules,
            next,
            move |mut b| {
                b = b.breakdown(lines);
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
                            ),
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
        on: NaiveDate,
        amount: Money,
        rules: &PolicyRules,
    ) -> Result<CollectionTransition, CollectionError> {
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
        let mut next = self.advance(on, self.state.clone());
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
            let mut builder = self
                .record(on, Decision::CollectedMoneyTransferred, &summary, rules)
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
        self.step(
            on,
            Decision::CollectedMoneyTransferred,
            summary,
            rules,
            next,
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
    fn step(
        &self,
        on: NaiveDate,
        decision: Decision,
        summary: String,
        rules: &PolicyRules,
        mut next: Collection,
        extra: impl FnOnce(RecordBuilder) -> RecordBuilder,
    ) -> Result<CollectionTransition, CollectionError> {
        let due = rules
            .period("collection.update_interval_days", on)?
            .after(on, rules.calendar())?;
        let update = self.obligation_id("update");
        let mut builder = self
            .record(on, decision, &summary, rules)
            .clause(Clause::C4_2);
        if let Some(previous) = &self.update {
            builder = builder.discharge(Discharge::done(previous.clone(), on));
        }
        builder = extra(builder).obligation(Obligation {
            id: update.clone(),
            clause: Clause::C4_2,
            subject: self.subject(),
            owner: Party::Insurer,
            duty: Duty::By { due },
            what: format!("update the customer on the collection by {due}"),
            waiver: None,
        });
        next.update = Some(update);
        Ok(Transition {
            next,
            effects: vec![CollectionEffect::NotifyCustomer { summary }],
            record: builder.build()?,
        })
    }

    fn record(
        &self,
        on: NaiveDate,
        decision: Decision,
        summary: &str,
        rules: &PolicyRules,
    ) -> RecordBuilder {
        rules.record(on, self.subject(), decision, summary)
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

    fn obligation_id(&self, label: &str) -> ObligationId {
        ObligationId(format!(
            "{}/collection#{}.{label}",
            self.subject().id,
            self.events + 1
        ))
    }

    fn advance(&self, on: NaiveDate, state: CollectionState) -> Collection {
        Collection {
            state,
            last_event_on: Some(on),
            events: self.events + 1,
            ..self.clone()
        }
    }
}
