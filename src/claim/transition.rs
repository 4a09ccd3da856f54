//! The claim's step: the only place a claim changes state.

use chrono::NaiveDate;

use super::payout::{Payout, PayoutCase, PayoutOutcome, compute_payout};
use super::rules::{ASSESSMENT_DAYS, MEP_DAYS, NOTIFICATION_DAYS, PAYMENT_DAYS};
use super::{
    BuyerInvoice, Claim, ClaimDates, ClaimEffect, ClaimError, ClaimEvent, ClaimState,
    CoverStoppage, Credit, DateOfLoss, Deadline, LossBasis, LossDates, OverdueClock,
    PolicyYearUsage, StepDeadline, StepDuty, StoppageOccasion,
};
use crate::charter::Clause;
use crate::explain::{
    Decision, Discharge, Duty, ObjectionRight, Obligation, ObligationId, Party, RecordBuilder,
    Subject, SubjectKind,
};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};
use crate::money::Money;
use crate::rulebook::{PolicyRules, RuleRef};

/// One of the customer's acts in the step plan on an overdue account (C4.1).
#[derive(Clone, Copy)]
enum CustomerAct {
    /// Notifying the insurer of the overdue account.
    Notification,
    /// Handing the debt over for collection.
    HandOver,
}

/// Cover stopped, as the rule `claim/stoppage_of_cover` ruled.
struct Stopped {
    /// The last delivery date still covered.
    after: NaiveDate,
    reason: crate::rulebook::Reason,
    rule: RuleRef,
}

impl Stopped {
    /// The stoppage's reason, rule and clauses on the record that stopped cover.
    fn explain(self, record: RecordBuilder) -> RecordBuilder {
        record
            .reason(self.reason)
            .rule(self.rule)
            .clause(Clause::C4_1)
            .clause(Clause::C3_4)
    }
}

/// What one accepted claim event produces.
pub type ClaimTransition = Transition<Claim, ClaimEffect>;

kept!(Claim);

impl Machine for Claim {
    type Event = ClaimEvent;
    type Effect = ClaimEffect;
    type Error = ClaimError;

    /// `claim POL-1/B-7`.
    fn subject(&self) -> Subject {
        Subject::new(
            SubjectKind::Claim,
            format!("{}/{}", self.policy, self.buyer),
        )
    }

    /// # Errors
    ///
    /// [`ClaimError::EventNotAllowed`] when the event does not fit the status; amount, date
    /// and step-plan errors named on [`ClaimError`]; [`ClaimError::Rule`] when a rule fails
    /// (the machine fails closed).
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        use ClaimEvent as Ev;
        use ClaimState as St;
        let open = matches!(
            self.state,
            St::NoClaim | St::Submitted { .. } | St::AwaitingDocuments { .. }
        );
        let before_decision = open || matches!(self.state, St::UnderAssessment { .. });
        match (&self.state, event) {
            (_, Ev::InvoiceIssued { invoice, .. }) if open => self.record_invoice(invoice, at),
            (_, Ev::CreditReceived { on, kind, amount }) if before_decision => self.record_credit(
                Credit {
                    on: *on,
                    kind: *kind,
                    amount: *amount,
                },
                at,
            ),
            (_, Ev::PaymentOverdue { .. }) if before_decision => self.overdue_from(at),
            (_, Ev::MepExpired { .. }) if before_decision => self.stop_cover(at),
            (_, Ev::OverdueNotified { .. }) if before_decision => {
                self.customer_act(CustomerAct::Notification, at)
            }
            (_, Ev::CollectionHandedOver { .. }) if before_decision => {
                self.customer_act(CustomerAct::HandOver, at)
            }
            (_, Ev::InsolvencyDeclared { .. }) if before_decision => self.insolvency(at),
            (St::NoClaim, Ev::ClaimSubmitted { .. }) => self.submit(at),
            (
                St::Submitted { .. } | St::AwaitingDocuments { .. },
                Ev::DocumentsRequested { documents, .. },
            ) => self.request_documents(documents, at),
            (
                St::Submitted { .. } | St::AwaitingDocuments { .. },
                Ev::DocumentsCompleted { .. },
            ) => self.documents_complete(at),
            (St::UnderAssessment { assessment, .. }, Ev::ClaimDecided { policy_year, .. }) => {
                self.decide(assessment, *policy_year, at)
            }
            (
                St::Decided {
                    payout, payment, ..
                },
                Ev::PayoutMade { .. },
            ) => self.pay(payout, payment, at),
            (
                St::Decided { .. } | St::Rejected { .. } | St::PaidOut { .. },
                Ev::PayoutCorrected { amount, .. },
            ) => self.correct(*amount, at),
            (_, event) => Err(ClaimError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }
}

impl Claim {
    /// C4.1: the payment discharges the insurer's duty to pay.
    fn pay(
        &self,
        payout: &Payout,
        payment: &ObligationId,
        at: &Step<'_>,
    ) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let summary = format!(
            "Payout of {} on buyer {} paid on {on}.",
            payout.amount, self.buyer
        );
        let record = at
            .record(Decision::PayoutMade, &summary)
            .clause(Clause::C4_1)
            .discharge(Discharge::done(payment.clone(), on))
            .build()?;
        let next = self.with_state(ClaimState::PaidOut {
            on,
            payout: payout.clone(),
        });
        Ok(Transition {
            next,
            effects: vec![ClaimEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// C4.3: an upheld objection raises the payout; what was not yet paid is due again.
    fn correct(&self, corrected: Money, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let rules = at.rules();
        self.in_currency(corrected)?;
        let (payout, superseded, paid) = match &self.state {
            ClaimState::Decided {
                payout, payment, ..
            } => (payout, Some(payment), Money::zero(self.currency)),
            ClaimState::Rejected { payout, .. } => (payout, None, Money::zero(self.currency)),
            ClaimState::PaidOut { payout, .. } => (payout, None, payout.amount),
            _ => {
                return Err(ClaimError::EventNotAllowed {
                    status: self.status(),
                    event: "payout_corrected",
                });
            }
        };
        if corrected.checked_cmp(payout.amount)? != std::cmp::Ordering::Greater {
            return Err(ClaimError::NotAnIncrease {
                current: payout.amount,
                corrected,
            });
        }
        let to_pay = corrected.checked_sub(paid)?;
        let due = rules
            .get(&PAYMENT_DAYS, on)?
            .after(on.max(payout.date_of_loss), rules.calendar())?;
        let payment = at.id("pay");
        let mut lines = payout.lines.clone();
        if let Some(last) = lines.last_mut() {
            *last = crate::explain::BreakdownLine::subtotal("Payout as first decided", last.amount);
        }
        lines.push(crate::explain::BreakdownLine::result(
            "Payout after the upheld objection",
            corrected,
        ));
        let summary = format!(
            "After the upheld objection the payout on buyer {} is {corrected} (was {}); {to_pay} is due by {due}.",
            self.buyer, payout.amount
        );
        let mut builder = at
            .record(Decision::PayoutCorrected, &summary)
            .clause(Clause::C4_3)
            .clause(Clause::C3_5)
            .breakdown(lines.clone());
        if let Some(superseded) = superseded {
            // The earlier payment duty is replaced by the corrected one.
            builder = builder.discharge(Discharge::done(superseded.clone(), on));
        }
        let record = builder
            .obligation(Obligation {
                id: payment.clone(),
                clause: Clause::C4_1,
                subject: self.subject(),
                owner: Party::Insurer,
                duty: Duty::By { due },
                what: format!("pay {to_pay} of the corrected payout by {due}").into(),
                waiver: None,
            })
            .build()?;
        let mut next_payout = payout.clone();
        next_payout.amount = corrected;
        next_payout.lines = lines;
        Ok(Transition {
            next: self.with_state(ClaimState::Decided {
                on,
                payout: next_payout,
                payment,
                due,
            }),
            effects: vec![
                ClaimEffect::NotifyCustomer { summary },
                ClaimEffect::PayCustomer {
                    amount: to_pay,
                    by: due,
                },
            ],
            record,
        })
    }

    /// The date of loss as the claim stands on `on`, as the rule `claim/date_of_loss`
    /// fixes it (by default the insolvency plus `claim.insolvency_loss_days`, or the end of
    /// the waiting period after the oldest unpaid invoice's original due date, whichever
    /// comes first); `None` while there is neither.
    ///
    /// # Errors
    ///
    /// [`ClaimError::Rule`] when the rule fails.
    pub fn date_of_loss(
        &self,
        rules: &PolicyRules,
        on: NaiveDate,
    ) -> Result<Option<DateOfLoss>, ClaimError> {
        Ok(self.date_of_loss_ruled(rules, on)?.0)
    }

    /// [`Claim::date_of_loss`] with the rule that fixed it.
    fn date_of_loss_ruled(
        &self,
        rules: &PolicyRules,
        on: NaiveDate,
    ) -> Result<(Option<DateOfLoss>, RuleRef), ClaimError> {
        let question = LossDates {
            mep_end: self.overdue.as_ref().map(|c| c.mep_expires),
            dates: self.dates(),
        };
        let ruling = rules.ask(&question, on)?;
        Ok((ruling.value, ruling.rule))
    }

    /// The claim's dates a wording may use.
    #[must_use]
    pub fn dates(&self) -> ClaimDates {
        let clock = self.overdue.as_ref();
        ClaimDates {
            oldest_due: clock.map(|c| c.oldest_due),
            notified_on: clock.and_then(|c| c.notified_on),
            handed_over_on: clock.and_then(|c| c.handed_over_on),
            insolvency_on: self.insolvency_on,
        }
    }

    fn record_invoice(
        &self,
        invoice: &BuyerInvoice,
        at: &Step<'_>,
    ) -> Result<ClaimTransition, ClaimError> {
        self.in_currency(invoice.amount)?;
        self.in_currency(invoice.vat)?;
        if invoice.amount.is_zero() || invoice.amount.is_negative() {
            return Err(ClaimError::NotPositive {
                amount: invoice.amount,
            });
        }
        if invoice.vat.is_negative() {
            return Err(ClaimError::NotPositive {
                amount: invoice.vat,
            });
        }
        if invoice.due_date < invoice.invoice_date {
            return Err(ClaimError::DueBeforeInvoice {
                number: invoice.number.clone(),
                invoice_date: invoice.invoice_date,
                due_date: invoice.due_date,
            });
        }
        if self.invoices.iter().any(|i| i.number == invoice.number) {
            return Err(ClaimError::DuplicateInvoice {
                number: invoice.number.clone(),
            });
        }
        let summary = format!(
            "Invoice {} of {} plus VAT {} to buyer {}, delivered {}, due {}.",
            invoice.number,
            invoice.amount,
            invoice.vat,
            self.buyer,
            invoice.delivery_date,
            invoice.due_date
        );
        let record = at
            .record(Decision::InvoiceRecorded, &summary)
            .clause(Clause::C4_1)
            .build()?;
        let mut next = self.clone();
        next.invoices.push(invoice.clone());
        Ok(Transition {
            next,
            effects: Vec::new(),
            record,
        })
    }

    fn record_credit(&self, credit: Credit, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        self.in_currency(credit.amount)?;
        if credit.amount.is_zero() || credit.amount.is_negative() {
            return Err(ClaimError::NotPositive {
                amount: credit.amount,
            });
        }
        let on = credit.on;
        let mut next = self.clone();
        next.credits.push(credit.clone());
        let balance = next.balance()?;
        let cleared = balance.is_zero()
            && matches!(self.state, ClaimState::NoClaim)
            && self.overdue.is_some();
        let summary = format!(
            "{} of {} from buyer {} recorded; {} remains outstanding.",
            credit.kind.label(),
            credit.amount,
            self.buyer,
            balance
        );
        let mut builder = at.record(
            if cleared {
                Decision::OverdueCleared
            } else {
                Decision::CreditRecorded
            },
            &summary,
        );
        builder = builder.clause(Clause::C4_1);
        if cleared && let Some(clock) = &self.overdue {
            // The debt is paid: the customer's step-plan duties lapse on the day it was paid.
            for (id, done) in [
                (&clock.notification, clock.notified_on),
                (&clock.hand_over, clock.handed_over_on),
                (&clock.filing, None),
            ] {
                if done.is_none() {
                    builder = builder.discharge(Discharge::done(id.clone(), on));
                }
            }
            next.overdue = None;
        }
        Ok(Transition {
            next,
            effects: vec![ClaimEffect::NotifyCustomer {
                summary: summary.clone(),
            }],
            record: builder.build()?,
        })
    }

    /// The outstanding amount of each invoice after the credits up to `up_to`, oldest
    /// invoice first.
    fn outstanding(&self, up_to: NaiveDate) -> Result<Vec<(&BuyerInvoice, Money)>, ClaimError> {
        let mut invoices: Vec<&BuyerInvoice> = self.invoices.iter().collect();
        invoices.sort_by(|a, b| {
            (a.due_date, a.invoice_date, &a.number).cmp(&(b.due_date, b.invoice_date, &b.number))
        });
        let mut open = Vec::with_capacity(invoices.len());
        for invoice in invoices {
            open.push((invoice, invoice.gross()?));
        }
        for credit in self.credits.iter().filter(|c| c.on <= up_to) {
            let mut left = credit.amount;
            for (_, remaining) in &mut open {
                let take = left.checked_min(*remaining)?;
                *remaining = remaining.checked_sub(take)?;
                left = left.checked_sub(take)?;
            }
        }
        Ok(open)
    }

    fn overdue_from(&self, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let rules = at.rules();
        if let Some(clock) = &self.overdue {
            return Err(ClaimError::AlreadyRecorded {
                event: "payment_overdue",
                on: clock.recorded_on,
            });
        }
        let oldest = self
            .outstanding(on)?
            .into_iter()
            .find(|(_, remaining)| !remaining.is_zero())
            .map(|(invoice, _)| invoice.clone())
            .filter(|invoice| invoice.due_date < on)
            .ok_or(ClaimError::NotOverdue { on })?;
        let calendar = rules.calendar();
        let mep_expires = rules.get(&MEP_DAYS, on)?.after(oldest.due_date, calendar)?;
        let notify_by = rules
            .get(&NOTIFICATION_DAYS, on)?
            .after(mep_expires, calendar)?;
        let mut clock = OverdueClock {
            oldest_due: oldest.due_date,
            recorded_on: on,
            mep_expires,
            notification: at.id("notify_overdue"),
            hand_over: at.id("hand_over"),
            filing: at.id("file_claim"),
            notified_on: None,
            handed_over_on: None,
            from_notification: Vec::new(),
        };
        let customer = |id: &ObligationId, due, what: String| Obligation {
            id: id.clone(),
            clause: Clause::C4_1,
            subject: self.subject(),
            owner: Party::Customer,
            duty: Duty::By { due },
            what: what.into(),
            waiver: None,
        };
        let summary = format!(
            "Invoice {} to buyer {} is overdue since {}: the maximum extension period ends on {mep_expires}; after it cover for new deliveries stops.",
            oldest.number, self.buyer, oldest.due_date
        );
        let mut record = at
            .record(Decision::OverdueRecorded, &summary)
            .obligation(customer(
                &clock.notification,
                notify_by,
                format!("notify the insurer of the overdue account by {notify_by}"),
            ));
        // A claim already submitted (after an insolvency) needs no filing duty.
        let duties = if matches!(self.state, ClaimState::NoClaim) {
            &[StepDuty::HandOver, StepDuty::Filing][..]
        } else {
            &[StepDuty::HandOver][..]
        };
        let mut consulted: Vec<RuleRef> = Vec::new();
        for &duty in duties {
            let deadline = at.ask(&StepDeadline {
                duty,
                oldest_due: oldest.due_date,
                mep_end: mep_expires,
            })?;
            if !consulted.contains(&deadline.rule) {
                consulted.push(deadline.rule.clone());
            }
            match deadline.value {
                Deadline::On(due) => {
                    record = record.obligation(customer(clock.id(duty), due, duty.what(due)));
                }
                Deadline::AfterNotification(within) => {
                    clock.from_notification.push((duty, within));
                }
            }
        }
        let record = consulted
            .into_iter()
            .fold(record, RecordBuilder::rule)
            .build()?;
        let mut next = self.clone();
        next.overdue = Some(clock);
        Ok(Transition {
            next,
            effects: vec![ClaimEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// C4.1: the maximum extension period ended unpaid; the rule `claim/stoppage_of_cover`
    /// says from when deliveries are no longer covered.
    fn stop_cover(&self, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let clock = self.overdue.as_ref().ok_or(ClaimError::NotOverdue { on })?;
        if let Some(after) = self.stoppage_of_cover {
            return Err(ClaimError::AlreadyRecorded {
                event: "mep_expired",
                on: after,
            });
        }
        if on <= clock.mep_expires {
            return Err(ClaimError::MepRunning {
                on,
                mep_expires: clock.mep_expires,
            });
        }
        let mut next = self.clone();
        let mut effects = Vec::new();
        let record = match self.stoppage(StoppageOccasion::MepExpired, at)? {
            Some(stopped) => {
                let after = stopped.after;
                let summary = format!(
                    "The maximum extension period ended on {} with buyer {} still in arrears: deliveries after {after} are not covered.",
                    clock.mep_expires, self.buyer
                );
                next.stop(&stopped, &summary, &mut effects);
                stopped.explain(at.record(Decision::CoverStopped, &summary))
            }
            None => {
                let summary = format!(
                    "The maximum extension period ended on {} with buyer {} still in arrears; under the policy's wording cover for new deliveries continues.",
                    clock.mep_expires, self.buyer
                );
                effects.push(ClaimEffect::NotifyCustomer {
                    summary: summary.clone(),
                });
                at.record(Decision::CoverContinued, &summary)
                    .clause(Clause::C4_1)
            }
        }
        .build()?;
        Ok(Transition {
            next,
            effects,
            record,
        })
    }

    /// What the rule `claim/stoppage_of_cover` answers now: the last delivery date still
    /// covered, with its ruling, when cover stops by today; `None` otherwise.
    fn stoppage(
        &self,
        occasion: StoppageOccasion,
        at: &Step<'_>,
    ) -> Result<Option<Stopped>, ClaimError> {
        let on = at.on();
        let Some(clock) = &self.overdue else {
            return Ok(None);
        };
        if self.stoppage_of_cover.is_some() {
            return Ok(None);
        }
        let oldest_invoice_date = self
            .outstanding(on)?
            .into_iter()
            .find(|(_, remaining)| !remaining.is_zero())
            .map_or(clock.oldest_due, |(invoice, _)| invoice.invoice_date);
        let ruling = at.ask(&CoverStoppage {
            occasion,
            on,
            oldest_invoice_date,
            mep_end: clock.mep_expires,
            dates: self.dates(),
        })?;
        Ok(ruling
            .value
            .filter(|after| *after <= on)
            .map(|after| Stopped {
                after,
                reason: ruling.reason,
                rule: ruling.rule,
            }))
    }

    /// Stops cover after `stopped.after` and tells the customer (`summary`) and the host,
    /// which withdraws the buyer's limit ([`ClaimEffect::StopCover`]).
    fn stop(&mut self, stopped: &Stopped, summary: &str, effects: &mut Vec<ClaimEffect>) {
        self.stoppage_of_cover = Some(stopped.after);
        effects.push(ClaimEffect::NotifyCustomer {
            summary: summary.to_owned(),
        });
        effects.push(ClaimEffect::StopCover {
            after: stopped.after,
        });
    }

    /// C4.1: the customer notifies the overdue account, or hands the debt over; each once.
    fn customer_act(&self, act: CustomerAct, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let clock = self.overdue.as_ref().ok_or(ClaimError::NotOverdue { on })?;
        let buyer = &self.buyer;
        let (done, duty, event, decision, clauses, summary) = match act {
            CustomerAct::Notification => (
                clock.notified_on,
                &clock.notification,
                "overdue_notified",
                Decision::OverdueNotified,
                &[Clause::C4_1][..],
                format!("The customer notified the overdue account of buyer {buyer} on {on}."),
            ),
            CustomerAct::HandOver => (
                clock.handed_over_on,
                &clock.hand_over,
                "collection_handed_over",
                Decision::CollectionHandedOver,
                &[Clause::C4_1, Clause::C4_2][..],
                format!(
                    "The customer handed the debt of buyer {buyer} over for collection on {on}."
                ),
            ),
        };
        if let Some(done) = done {
            return Err(ClaimError::AlreadyRecorded { event, on: done });
        }
        let mut next = self.clone();
        if let Some(clock) = &mut next.overdue {
            match act {
                CustomerAct::Notification => clock.notified_on = Some(on),
                CustomerAct::HandOver => clock.handed_over_on = Some(on),
            }
        }
        // A wording may stop cover at the hand-over to collection.
        let stopped = match act {
            CustomerAct::HandOver => next.stoppage(StoppageOccasion::HandedOver, at)?,
            CustomerAct::Notification => None,
        };
        let mut effects = Vec::new();
        let mut summary = summary;
        if let Some(stopped) = &stopped {
            summary = format!(
                "{summary} Deliveries after {} are not covered.",
                stopped.after
            );
            next.stop(stopped, &summary, &mut effects);
        }
        let mut record = clauses
            .iter()
            .fold(at.record(decision, &summary), |r, c| r.clause(*c))
            .discharge(Discharge::done(duty.clone(), on));
        if let Some(stopped) = stopped {
            record = stopped.explain(record);
        }
        if let (CustomerAct::Notification, Some(clock)) = (act, &mut next.overdue) {
            // Duties the wording times from the notification start now, unless done.
            for (duty, within) in std::mem::take(&mut clock.from_notification) {
                let done = match duty {
                    StepDuty::HandOver => clock.handed_over_on.is_some(),
                    StepDuty::Filing => !matches!(self.state, ClaimState::NoClaim),
                };
                if !done {
                    let due = at.after(within, on)?;
                    record = record.obligation(Obligation {
                        id: clock.id(duty).clone(),
                        clause: Clause::C4_1,
                        subject: self.subject(),
                        owner: Party::Customer,
                        duty: Duty::By { due },
                        what: duty.what(due).into(),
                        waiver: None,
                    });
                }
            }
        }
        Ok(Transition {
            next,
            effects,
            record: record.build()?,
        })
    }

    fn insolvency(&self, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let rules = at.rules();
        if let Some(done) = self.insolvency_on {
            return Err(ClaimError::AlreadyRecorded {
                event: "insolvency_declared",
                on: done,
            });
        }
        let mut next = self.clone();
        next.insolvency_on = Some(on);
        let (loss, rule) = next.date_of_loss_ruled(rules, on)?;
        let loss = loss.map_or_else(String::new, |d| format!(" The date of loss is {}.", d.on));
        let summary = format!("Buyer {} became insolvent on {on}.{loss}", self.buyer);
        let record = at
            .record(Decision::InsolvencyRecorded, &summary)
            .clause(Clause::C4_1)
            .rule(rule)
            .build()?;
        Ok(Transition {
            next,
            effects: vec![ClaimEffect::NotifyCustomer { summary }],
            record,
        })
    }

    fn submit(&self, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        if self.overdue.is_none() && self.insolvency_on.is_none() {
            return Err(ClaimError::NoLoss);
        }
        let summary = format!("Claim on buyer {} submitted on {on}.", self.buyer);
        let mut builder = at
            .record(Decision::ClaimSubmitted, &summary)
            .clause(Clause::C4_1);
        if let Some(clock) = &self.overdue {
            builder = builder.discharge(Discharge::done(clock.filing.clone(), on));
        }
        let record = builder.build()?;
        Ok(Transition {
            next: self.with_state(ClaimState::Submitted { on }),
            effects: vec![ClaimEffect::NotifyCustomer { summary }],
            record,
        })
    }

    fn request_documents(
        &self,
        documents: &[String],
        at: &Step<'_>,
    ) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let summary = format!(
            "The insurer asked for documents on the claim on buyer {}: {}.",
            self.buyer,
            documents.join("; ")
        );
        let record = at
            .record(Decision::DocumentsRequested, &summary)
            .clause(Clause::C4_1)
            .build()?;
        Ok(Transition {
            next: self.with_state(ClaimState::AwaitingDocuments {
                requested_on: on,
                documents: documents.to_vec(),
            }),
            effects: vec![ClaimEffect::NotifyCustomer { summary }],
            record,
        })
    }

    fn documents_complete(&self, at: &Step<'_>) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let rules = at.rules();
        let due = rules
            .get(&ASSESSMENT_DAYS, on)?
            .after(on, rules.calendar())?;
        let assessment = at.id("assess");
        let summary = format!(
            "The claim on buyer {} is fully documented on {on}; the insurer decides by {due}.",
            self.buyer
        );
        let record = at
            .record(Decision::DocumentsComplete, &summary)
            .obligation(Obligation {
                id: assessment.clone(),
                clause: Clause::C4_1,
                subject: self.subject(),
                owner: Party::Insurer,
                duty: Duty::By { due },
                what: format!("assess the claim and decide the payout by {due}").into(),
                waiver: None,
            })
            .build()?;
        Ok(Transition {
            next: self.with_state(ClaimState::UnderAssessment {
                complete_on: on,
                assessment,
                due,
            }),
            effects: vec![ClaimEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// C4.3: the itemised payout, explained, with the objection right when not full.
    fn decide(
        &self,
        assessment: &ObligationId,
        usage: PolicyYearUsage,
        at: &Step<'_>,
    ) -> Result<ClaimTransition, ClaimError> {
        let on = at.on();
        let rules = at.rules();
        let (loss, loss_rule) = self.date_of_loss_ruled(rules, on)?;
        let loss = loss.ok_or(ClaimError::NoLoss)?;
        let case = PayoutCase {
            currency: self.currency,
            invoices: self.invoices.clone(),
            credits: self.credits.clone(),
            cover: self.cover.clone(),
            date_of_loss: loss.on,
            stoppage_of_cover: self.stoppage_of_cover,
            usage,
            dates: self.dates(),
        };
        let payout = compute_payout(&case, rules, on)?;
        let basis = match loss.basis {
            LossBasis::Insolvency => "insolvency".to_owned(),
            LossBasis::ProtractedDefault => "protracted default".to_owned(),
        };
        let (decision, verdict) = match payout.outcome {
            PayoutOutcome::Full => (Decision::ClaimPaidInFull, "is paid in full"),
            PayoutOutcome::Partial => (Decision::ClaimPartlyPaid, "is partly paid"),
            PayoutOutcome::Nil => (Decision::ClaimRejected, "pays nothing"),
        };
        let summary = format!(
            "The claim on buyer {} {verdict}: {} of a loss of {} (date of loss {}, {basis}).",
            self.buyer, payout.amount, payout.loss, loss.on
        );
        let mut builder = at
            .record(decision, &summary)
            .discharge(Discharge::done(assessment.clone(), on));
        let mut consulted: Vec<RuleRef> = Vec::new();
        for rule in payout.rules.iter().chain([&loss_rule]) {
            if !consulted.contains(rule) {
                consulted.push(rule.clone());
            }
        }
        for rule in consulted {
            builder = builder.rule(rule);
        }
        let mut reasons = payout.reasons();
        if reasons.is_empty() && payout.amount.is_zero() {
            reasons.push(at.reason("nothing_outstanding")?);
        }
        for reason in reasons {
            builder = builder.reason(reason);
        }
        // The explanation is part of this decision: the duty is opened and met at once.
        let explanation = at.id("explain");
        builder = builder
            .obligation(Obligation {
                id: explanation.clone(),
                clause: Clause::C4_3,
                subject: self.subject(),
                owner: Party::Insurer,
                duty: Duty::By { due: on },
                what: "explain the payout line by line, with a reason for every reduction".into(),
                waiver: None,
            })
            .discharge(Discharge::done(explanation, on))
            .breakdown(payout.lines.clone());
        let mut effects = vec![ClaimEffect::NotifyCustomer {
            summary: summary.clone(),
        }];
        if decision.is_adverse() {
            let right: ObjectionRight = at.objection_right::<ClaimError>(Clause::C4_3)?;
            effects.push(ClaimEffect::OfferObjection { until: right.until });
            builder = builder.objection(right);
        }
        let next_state = if payout.amount.is_zero() {
            builder = builder.clause(Clause::C4_1);
            ClaimState::Rejected { on, payout }
        } else {
            // Payment is due a few days after the decision, never before the date of loss.
            let from = on.max(loss.on);
            let due = rules
                .get(&PAYMENT_DAYS, on)?
                .after(from, rules.calendar())?;
            let payment = at.id("pay");
            builder = builder.obligation(Obligation {
                id: payment.clone(),
                clause: Clause::C4_1,
                subject: self.subject(),
                owner: Party::Insurer,
                duty: Duty::By { due },
                what: format!("pay the payout of {} by {due}", payout.amount).into(),
                waiver: None,
            });
            effects.push(ClaimEffect::PayCustomer {
                amount: payout.amount,
                by: due,
            });
            ClaimState::Decided {
                on,
                payout,
                payment,
                due,
            }
        };
        let record = builder.build()?;
        Ok(Transition {
            next: self.with_state(next_state),
            effects,
            record,
        })
    }

    fn in_currency(&self, amount: Money) -> Result<(), ClaimError> {
        if amount.currency() == self.currency {
            Ok(())
        } else {
            Err(ClaimError::WrongCurrency {
                amount,
                currency: self.currency.code().to_owned(),
            })
        }
    }

    fn with_state(&self, state: ClaimState) -> Claim {
        Claim {
            state,
            ..self.clone()
        }
    }
}
