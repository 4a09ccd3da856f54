//! A buyer that stops paying (C4.1–C4.3): several invoices, the step plan, the claim and
//! its payout, and the collection with its recoveries and transfers.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Track, Writer, later};
use crate::case_file::{ClaimCase, CollectionCase};
use crate::claim::{BuyerInvoice, Claim, ClaimEvent, ClaimState, CreditKind};
use crate::collection::{Approach, Collection, CollectionEvent, CustomerAgreement, OpenItem};
use crate::credit_limit::CreditLimit;
use crate::error::Error;
use crate::ids::BuyerId;
use crate::money::Money;

/// The documents an insurer asks for with a claim.
const DOCUMENTS: &[&str] = &[
    "statement of account",
    "copies of the unpaid invoices",
    "correspondence with the buyer",
    "proof of delivery",
];

/// How a buyer stops paying, fixed before its limit is written (the limit ends with it).
pub(super) struct DefaultPlan {
    /// The limit in force from before the first delivery.
    pub(super) limit: Money,
    /// The first delivery on credit.
    pub(super) first_invoice: NaiveDate,
    /// The deliveries, in invoice order.
    invoices: Vec<BuyerInvoice>,
    /// The oldest due date.
    oldest_due: NaiveDate,
    /// The last day of the maximum extension period.
    mep_end: NaiveDate,
    /// When the buyer is declared insolvent; none under protracted default.
    pub(super) insolvency_on: Option<NaiveDate>,
    /// When the limit is withdrawn at once: on insolvency, or when cover stops.
    pub(super) withdrawn_on: NaiveDate,
}

impl Writer {
    /// Two to five deliveries from January to April, and how the default comes about.
    pub(super) fn default_plan(&mut self, buyer: &BuyerId) -> Result<DefaultPlan, Error> {
        let limit = self.thousands(20, 300)?;
        let first_invoice = self.some_day(10, 110);
        let mut invoices = Vec::new();
        let mut on = first_invoice;
        for n in 1..=self.count(2, 5) {
            let terms = if self.chance(0.05) {
                90 // beyond the longest payment terms covered
            } else {
                self.pick(&[30, 45, 60]).unwrap_or(30)
            };
            let amount = self.invoice_amount(limit)?;
            let vat = if self.chance(0.85) {
                Money::rounded(amount.amount() * Decimal::new(21, 2), self.currency)
            } else {
                Money::zero(self.currency) // an export delivery
            };
            invoices.push(BuyerInvoice {
                number: format!("{buyer}-{n}"),
                invoice_date: on,
                delivery_date: on,
                due_date: later(on, terms),
                amount,
                vat,
                disputed: self.chance(0.04),
            });
            on = self.after(on, 3, 20);
        }
        let oldest_due = invoices
            .iter()
            .map(|i| i.due_date)
            .min()
            .unwrap_or(first_invoice);
        let mep = self
            .rules
            .get(&crate::claim::rules::MEP_DAYS, oldest_due)?
            .after(oldest_due, self.rules.calendar())?;
        let insolvency_on = self.chance(0.35).then(|| {
            let from = later(oldest_due, 12);
            let days = (mep - from).num_days().max(1).unsigned_abs();
            self.after(from, 0, days)
        });
        Ok(DefaultPlan {
            limit,
            first_invoice,
            invoices,
            oldest_due,
            mep_end: mep,
            withdrawn_on: insolvency_on.unwrap_or_else(|| later(mep, 1)),
            insolvency_on,
        })
    }

    /// A delivery of 5–60% of the limit, in whole hundreds.
    fn invoice_amount(&mut self, limit: Money) -> Result<Money, Error> {
        let share = Decimal::from(self.count(5, 60)) / Decimal::ONE_HUNDRED;
        let hundreds = (limit.amount() * share / Decimal::ONE_HUNDRED)
            .trunc()
            .max(Decimal::TEN);
        self.money(hundreds * Decimal::ONE_HUNDRED)
    }

    /// The claim on `plan`, insured by `limit`'s history, with its date of loss for the file's
    /// order; and, for most claims, the collection.
    pub(super) fn claim_story(
        &mut self,
        buyer: &BuyerId,
        plan: &DefaultPlan,
        limit: &CreditLimit,
    ) -> Result<((ClaimCase, NaiveDate), Option<CollectionCase>), Error> {
        let cover = limit.history().to_vec();
        let claim = Claim::new(self.policy.clone(), buyer.clone(), self.currency, cover);
        let mut track = Track::new(claim);
        let mut steps: Vec<ClaimEvent> = plan
            .invoices
            .iter()
            .map(|invoice| ClaimEvent::InvoiceIssued {
                on: invoice.invoice_date,
                invoice: invoice.clone(),
            })
            .collect();
        let overdue = self.after(plan.oldest_due, 1, 5);
        steps.push(ClaimEvent::PaymentOverdue { on: overdue });
        if self.chance(0.4)
            && let Some(first) = plan.invoices.first()
        {
            let share = Decimal::from(self.count(5, 30)) / Decimal::ONE_HUNDRED;
            let amount = Money::rounded(first.amount.amount() * share, self.currency);
            let on = self.after(overdue, 5, 25);
            steps.push(ClaimEvent::CreditReceived {
                on,
                kind: CreditKind::Payment,
                amount,
            });
        }
        match plan.insolvency_on {
            Some(on) => steps.push(ClaimEvent::InsolvencyDeclared { on }),
            None => {
                steps.push(ClaimEvent::MepExpired {
                    on: plan.withdrawn_on,
                });
                if self.chance(0.2) {
                    // A delivery after cover stopped: not insured (C3.4, C4.3).
                    let on = plan.withdrawn_on;
                    let amount = self.invoice_amount(plan.limit)?;
                    steps.push(ClaimEvent::InvoiceIssued {
                        on,
                        invoice: BuyerInvoice {
                            number: format!("{buyer}-late"),
                            invoice_date: on,
                            delivery_date: on,
                            due_date: later(on, 30),
                            amount,
                            vat: Money::zero(self.currency),
                            disputed: false,
                        },
                    });
                }
            }
        }
        // The customer's duties, mostly in time (C4.1).
        let span = (plan.mep_end - plan.oldest_due).num_days().unsigned_abs();
        let notified = if self.chance(0.92) {
            self.after(plan.oldest_due, 20, span + 25)
        } else {
            self.after(plan.mep_end, 31, 45)
        };
        let handed_over = self.after(notified, 0, 4);
        // A claim is filed once the loss is certain: after insolvency or the MEP.
        let submitted = self.after(handed_over.max(plan.withdrawn_on), 1, 5);
        steps.push(ClaimEvent::OverdueNotified { on: notified });
        steps.push(ClaimEvent::CollectionHandedOver { on: handed_over });
        steps.push(ClaimEvent::ClaimSubmitted { on: submitted });
        let complete = if self.chance(0.5) {
            let asked = self.after(submitted, 2, 8);
            let documents = (0..self.count(1, 3))
                .filter_map(|_| self.pick(DOCUMENTS).map(str::to_owned))
                .collect();
            steps.push(ClaimEvent::DocumentsRequested {
                on: asked,
                documents,
            });
            self.after(asked, 5, 20)
        } else {
            self.after(submitted, 1, 5)
        };
        steps.push(ClaimEvent::DocumentsCompleted { on: complete });
        // The insurer decides within the assessment period, now and then late (C4.3).
        let decided = if self.chance(0.95) {
            self.after(complete, 5, 25)
        } else {
            self.after(complete, 35, 45)
        };
        steps.push(ClaimEvent::ClaimDecided {
            on: decided,
            policy_year: Default::default(),
        });
        steps.sort_by_key(crate::machine::Event::on);
        for step in steps {
            track.push(step, &self.rules)?;
        }
        let mut paid = None;
        if let ClaimState::Decided { payout, .. } = track.machine.state() {
            let from = decided.max(payout.date_of_loss);
            let on = if self.chance(0.93) {
                self.after(from, 1, 4)
            } else {
                self.after(from, 8, 15)
            };
            paid = Some((on, payout.amount, payout.loss));
            track.push(ClaimEvent::PayoutMade { on }, &self.rules)?;
        }
        let loss_on = track
            .machine
            .payout()
            .map_or(decided, |payout| payout.date_of_loss);
        let collection = if self.chance(0.7) {
            Some(self.collection_story(buyer, plan, handed_over, paid)?)
        } else {
            None
        };
        Ok((
            (
                ClaimCase {
                    buyer: buyer.clone(),
                    events: track.events,
                },
                loss_on,
            ),
            collection,
        ))
    }

    /// The collection of the invoices before cover stopped, opened when the debt is handed
    /// over: the approach agreed, monthly updates (C4.2), the claim's payout, a recovery
    /// shared pro rata and passed on (C4.2, C4.3).
    fn collection_story(
        &mut self,
        buyer: &BuyerId,
        plan: &DefaultPlan,
        opened: NaiveDate,
        paid: Option<(NaiveDate, Money, Money)>,
    ) -> Result<CollectionCase, Error> {
        let mut items = Vec::new();
        let mut outstanding = Money::zero(self.currency);
        for invoice in &plan.invoices {
            let amount = invoice.gross()?;
            outstanding = outstanding.checked_add(amount)?;
            items.push(OpenItem {
                number: invoice.number.clone(),
                due_date: invoice.due_date,
                amount,
            });
        }
        let covered = plan.limit.checked_min(outstanding)?;
        let mut track = Track::new(Collection::new(
            self.policy.clone(),
            buyer.clone(),
            self.currency,
        ));
        let mut keys = vec![CollectionEvent::Opened {
            on: opened,
            items,
            covered,
            mep_expired_on: (opened > plan.mep_end).then_some(plan.mep_end),
        }];
        keys.push(CollectionEvent::ApproachChosen {
            on: self.after(opened, 1, 5),
            approach: Approach::Amicable,
            agreement: CustomerAgreement::Agreed,
        });
        if self.chance(0.3) {
            keys.push(CollectionEvent::ApproachChosen {
                on: self.after(opened, 30, 60),
                approach: Approach::LegalAction,
                agreement: CustomerAgreement::Agreed,
            });
        }
        if let Some((on, paid, loss)) = paid {
            keys.push(CollectionEvent::ClaimPaidOut { on, paid, loss });
        }
        keys.sort_by_key(crate::machine::Event::on);
        for key in keys {
            self.keep_informed(&mut track, key)?;
        }
        if paid.is_some() && self.chance(0.5) {
            let last = track.last_on().unwrap_or(opened);
            let share = Decimal::from(self.count(10, 60)) / Decimal::ONE_HUNDRED;
            let amount = Money::rounded(outstanding.amount() * share, self.currency);
            let on = self.after(last, 10, 60);
            self.keep_informed(&mut track, CollectionEvent::RecoveryReceived { on, amount })?;
            let transfers: Vec<_> = track
                .machine
                .pending_transfers()
                .iter()
                .map(|t| (t.due, t.amount))
                .collect();
            for (due, amount) in transfers {
                let on = if self.chance(0.93) {
                    self.after(on, 1, 7).min(due).max(on)
                } else {
                    self.after(due, 2, 6)
                };
                self.keep_informed(&mut track, CollectionEvent::TransferMade { on, amount })?;
            }
        }
        if self.chance(0.5) {
            let last = track.last_on().unwrap_or(opened);
            let on = self.after(last, 5, 25);
            track.push(CollectionEvent::Closed { on }, &self.rules)?;
        }
        Ok(CollectionCase {
            buyer: buyer.clone(),
            events: track.events,
        })
    }

    /// Applies `event`, with a status update to the customer in every quiet month before
    /// it (C4.2) — now and then one comes late.
    fn keep_informed(
        &mut self,
        track: &mut Track<Collection>,
        event: CollectionEvent,
    ) -> Result<(), Error> {
        let on = crate::machine::Event::on(&event);
        while let Some(last) = track.last_on() {
            let next = if self.chance(0.96) {
                self.after(last, 20, 30)
            } else {
                self.after(last, 31, 40)
            };
            if next >= on {
                break;
            }
            track.push(CollectionEvent::StatusUpdated { on: next }, &self.rules)?;
        }
        track.push(event, &self.rules)
    }
}
