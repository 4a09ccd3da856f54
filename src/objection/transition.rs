//! `apply`: the only way an objection changes.

use chrono::NaiveDate;

use super::{
    Correction, Objection, ObjectionEffect, ObjectionError, ObjectionEvent, ObjectionState,
    Outcome, Review,
};
use crate::charter::Clause;
use crate::claim::ClaimEvent;
use crate::credit_limit::CreditLimitEvent;
use crate::explain::{
    Decision, Discharge, Duty, ObjectionRight, Obligation, ObligationId, Party, RecordBuilder,
    SubjectKind,
};
use crate::money::Money;
use crate::rulebook::{ObjectionQuestion, PolicyRules};
use crate::transition::Transition;

/// What one accepted objection event produces.
pub type ObjectionTransition = Transition<Objection, ObjectionEffect>;

impl Objection {
    /// Applies one event under a policy's rules.
    ///
    /// Takes `&self` and returns a new value: a rejected event leaves the objection exactly
    /// as it was.
    ///
    /// # Errors
    ///
    /// [`ObjectionError::Late`] for an objection after the decision's deadline;
    /// [`ObjectionError::EventNotAllowed`] when the event does not fit the status;
    /// [`ObjectionError::OutOfOrder`] for an event dated before the last one;
    /// [`ObjectionError::NoReasons`] / [`ObjectionError::NoCorrection`] for a decision
    /// without its reasons or its correction; [`ObjectionError::Rule`] when a rule fails.
    pub fn apply(
        &self,
        event: &ObjectionEvent,
        rules: &PolicyRules,
    ) -> Result<ObjectionTransition, ObjectionError> {
        if event.on() < self.last_event_on {
            return Err(ObjectionError::OutOfOrder {
                event: event.kind(),
                on: event.on(),
                last: self.last_event_on,
            });
        }
        match (&self.state, event) {
            (ObjectionState::NotFiled, ObjectionEvent::Filed { on, grounds }) => {
                self.file(*on, grounds, rules)
            }
            (ObjectionState::UnderReview { review }, ObjectionEvent::Acknowledged { on }) => {
                let summary = format!(
                    "Objection to the {} of {} acknowledged.",
                    self.decision, self.decided_on
                );
                let done = review.acknowledgement.clone();
                let next = Review {
                    acknowledgement: None,
                    ..review.clone()
                };
                self.step(
                    *on,
                    Decision::ObjectionAcknowledged,
                    summary,
                    done,
                    next,
                    rules,
                )
            }
            (ObjectionState::UnderReview { review }, ObjectionEvent::ProgressUpdateSent { on }) => {
                let summary = format!(
                    "Progress update on the objection to the {} of {}.",
                    self.decision, self.decided_on
                );
                let done = review.update.clone();
                let next = Review {
                    update: None,
                    ..review.clone()
                };
                self.step(
                    *on,
                    Decision::ObjectionProgressUpdate,
                    summary,
                    done,
                    next,
                    rules,
                )
            }
            (
                ObjectionState::UnderReview { review },
                ObjectionEvent::Decided {
                    on,
                    outcome,
                    reasons,
                    corrected_amount,
                },
            ) => self.decide(review, *on, *outcome, reasons, *corrected_amount, rules),
            (_, event) => Err(ObjectionError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }

    /// The clauses this objection keeps: C3.5 always, C4.3 for a claim.
    fn clauses(&self) -> &'static [Clause] {
        if self.about.kind == SubjectKind::CreditLimit {
            &[Clause::C3_5]
        } else {
            &[Clause::C3_5, Clause::C4_3]
        }
    }

    fn record(
        &self,
        on: NaiveDate,
        decision: Decision,
        summary: &str,
        rules: &PolicyRules,
    ) -> RecordBuilder {
        let record = rules.record(on, self.subject(), decision, summary);
        self.clauses().iter().fold(record, |r, c| r.clause(*c))
    }

    fn obligation(&self, label: &str, due: NaiveDate, what: String) -> Obligation {
        Obligation {
            id: ObligationId(format!("{}#{}.{label}", self.subject().id, self.events + 1)),
            clause: Clause::C3_5,
            subject: self.subject(),
            owner: Party::Insurer,
            duty: Duty::By { due },
            what,
            waiver: None,
        }
    }

    fn advance(&self, on: NaiveDate, state: ObjectionState) -> Objection {
        Objection {
            state,
            last_event_on: on,
            events: self.events + 1,
            ..self.clone()
        }
    }

    /// The rule sets when the objection is acknowledged, updated and answered.
    fn file(
        &self,
        on: NaiveDate,
        grounds: &str,
        rules: &PolicyRules,
    ) -> Result<ObjectionTransition, ObjectionError> {
        if on > self.right_until {
            return Err(ObjectionError::Late {
                on,
                until: self.right_until,
            });
        }
        let question = ObjectionQuestion {
            subject: self.about.kind,
            decision: self.decision,
            decided_on: self.decided_on,
        };
        let ruling = rules.objection_handling(&question, on)?;
        let t = ruling.value;
        let due = |period: crate::calendar::Period| period.after(on, rules.calendar());
        let (ack_due, update_due, answer_due) =
            (due(t.acknowledge)?, due(t.update)?, due(t.answer)?);
        let ack = self.obligation(
            "acknowledgement",
            ack_due,
            format!("acknowledge the objection in writing by {ack_due}"),
        );
        let update = self.obligation(
            "update",
            update_due,
            format!("tell the customer how the review progresses by {update_due}"),
        );
        let answer = self.obligation(
            "answer",
            answer_due,
            format!("give a reasoned final answer by {answer_due}"),
        );
        let summary = format!(
            "Objection to the {} of {} on {} filed; acknowledgement by {ack_due}, final answer by {answer_due}.",
            self.decision, self.decided_on, self.about
        );
        let record = self
            .record(on, Decision::ObjectionFiled, &summary, rules)
            .reason(ruling.reason)
            .rule(ruling.rule)
            .obligation(ack.clone())
            .obligation(update.clone())
            .obligation(answer.clone())
            .build()?;
        let review = Review {
            filed_on: on,
            grounds: grounds.to_owned(),
            acknowledgement: Some(ack.id),
            update: Some(update.id),
            answer: answer.id,
            escalate: t.escalate,
        };
        let next = self.advance(on, ObjectionState::UnderReview { review });
        Ok(Transition {
            next,
            effects: vec![ObjectionEffect::NotifyCustomer { summary }],
            record,
        })
    }

    fn step(
        &self,
        on: NaiveDate,
        decision: Decision,
        summary: String,
        done: Option<ObligationId>,
        review: Review,
        rules: &PolicyRules,
    ) -> Result<ObjectionTransition, ObjectionError> {
        let mut record = self.record(on, decision, &summary, rules);
        if let Some(id) = done {
            record = record.discharge(Discharge::done(id, on));
        }
        let next = self.advance(on, ObjectionState::UnderReview { review });
        Ok(Transition {
            next,
            effects: vec![ObjectionEffect::NotifyCustomer { summary }],
            record: record.build()?,
        })
    }

    /// The final answer: reasons, the external route for what is not upheld, and the
    /// corrective event for what is.
    fn decide(
        &self,
        review: &Review,
        on: NaiveDate,
        outcome: Outcome,
        reasons: &[String],
        corrected: Option<Money>,
        rules: &PolicyRules,
    ) -> Result<ObjectionTransition, ObjectionError> {
        let (decision, standard) = match outcome {
            Outcome::Upheld => (Decision::ObjectionUpheld, "objection_upheld"),
            Outcome::PartlyUpheld => (Decision::ObjectionPartlyUpheld, "objection_partly_upheld"),
            Outcome::Rejected => (
                Decision::ObjectionRejected,
                "objection_rejected_information",
            ),
        };
        if outcome != Outcome::Upheld && reasons.is_empty() {
            return Err(ObjectionError::NoReasons {
                outcome: outcome.name(),
            });
        }
        let correction = match (outcome, corrected) {
            (Outcome::Rejected, _) => None,
            (_, Some(amount)) => Some((amount, self.correction(on, amount))),
            (_, None) => {
                return Err(ObjectionError::NoCorrection {
                    subject: self.about.to_string(),
                });
            }
        };
        let summary = format!(
            "Objection to the {} of {} {}.",
            self.decision,
            self.decided_on,
            outcome.name()
        );
        let mut record = self
            .record(on, decision, &summary, rules)
            .discharge(Discharge::done(review.answer.clone(), on));
        for id in [&review.acknowledgement, &review.update]
            .into_iter()
            .flatten()
        {
            record = record.discharge(Discharge::done(id.clone(), on));
        }
        let codes = if reasons.is_empty() {
            vec![standard.to_owned()]
        } else {
            reasons.to_vec()
        };
        for code in &codes {
            let reason = rules
                .rulebook()
                .reason(code)
                .cloned()
                .ok_or_else(|| ObjectionError::UnknownReason { code: code.clone() })?;
            record = record.reason(reason);
        }
        let mut escalation_until = None;
        if decision.is_adverse() {
            let until = review.escalate.after(on, rules.calendar())?;
            escalation_until = Some(until);
            let route = rules
                .rulebook()
                .reason("external_escalation")
                .cloned()
                .ok_or_else(|| ObjectionError::UnknownReason {
                    code: "external_escalation".into(),
                })?;
            record = record.reason(route).objection(ObjectionRight {
                until,
                clause: Clause::C3_5,
            });
        }
        let mut effects = vec![ObjectionEffect::NotifyCustomer { summary }];
        if let Some((amount, correction)) = correction {
            record = record.amount(amount);
            effects.push(ObjectionEffect::Correct { correction });
        }
        let next = self.advance(
            on,
            ObjectionState::Decided {
                outcome,
                escalation_until,
            },
        );
        Ok(Transition {
            next,
            effects,
            record: record.build()?,
        })
    }

    fn correction(&self, on: NaiveDate, amount: Money) -> Correction {
        let subject = self.about.clone();
        match self.about.kind {
            SubjectKind::CreditLimit => Correction::CreditLimit {
                subject,
                event: CreditLimitEvent::Restored { on, amount },
            },
            SubjectKind::Claim => Correction::Claim {
                subject,
                event: ClaimEvent::PayoutCorrected { on, amount },
            },
            _ => Correction::Reassess { subject, amount },
        }
    }
}
