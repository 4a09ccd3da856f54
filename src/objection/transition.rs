//! The objection's step: the only way an objection changes.

use chrono::NaiveDate;

use super::rules::ObjectionQuestion;
use super::{
    Correction, Objection, ObjectionEffect, ObjectionError, ObjectionEvent, ObjectionState,
    Outcome, Review,
};
use crate::charter::Clause;
use crate::claim::ClaimEvent;
use crate::credit_limit::CreditLimitEvent;
use crate::explain::{
    Decision, Discharge, Duty, ObjectionRight, Obligation, ObligationId, Party, RecordBuilder,
    Subject, SubjectKind,
};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};
use crate::money::Money;

/// What one accepted objection event produces.
pub type ObjectionTransition = Transition<Objection, ObjectionEffect>;

kept!(Objection);

impl Machine for Objection {
    type Event = ObjectionEvent;
    type Effect = ObjectionEffect;
    type Error = ObjectionError;

    /// `objection credit limit POL-1/B-7@2026-03-05`: the kind is part of the id, since a
    /// claim and a limit on one buyer share their subject's id.
    fn subject(&self) -> Subject {
        Subject::new(
            SubjectKind::Objection,
            format!("{}@{}", self.about, self.decided_on),
        )
    }

    /// # Errors
    ///
    /// [`ObjectionError::Late`] for an objection after the decision's deadline;
    /// [`ObjectionError::EventNotAllowed`] when the event does not fit the status;
    /// [`ObjectionError::NoReasons`] / [`ObjectionError::NoCorrection`] for a decision
    /// without its reasons or its correction; [`ObjectionError::Rule`] when a rule fails.
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        match (&self.state, event) {
            (ObjectionState::NotFiled, ObjectionEvent::Filed { grounds, .. }) => {
                self.file(grounds, at)
            }
            (ObjectionState::UnderReview { review }, ObjectionEvent::Acknowledged { .. }) => {
                let summary = format!(
                    "Objection to the {} of {} acknowledged.",
                    self.decision, self.decided_on
                );
                let done = review.acknowledgement.clone();
                let next = Review {
                    acknowledgement: None,
                    ..review.clone()
                };
                self.progress(Decision::ObjectionAcknowledged, summary, done, next, at)
            }
            (ObjectionState::UnderReview { review }, ObjectionEvent::ProgressUpdateSent { .. }) => {
                let summary = format!(
                    "Progress update on the objection to the {} of {}.",
                    self.decision, self.decided_on
                );
                let done = review.update.clone();
                let next = Review {
                    update: None,
                    ..review.clone()
                };
                self.progress(Decision::ObjectionProgressUpdate, summary, done, next, at)
            }
            (
                ObjectionState::UnderReview { review },
                ObjectionEvent::Decided {
                    outcome,
                    reasons,
                    corrected_amount,
                    ..
                },
            ) => self.decide(review, *outcome, reasons, *corrected_amount, at),
            (_, event) => Err(ObjectionError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }
}

impl Objection {
    /// The clauses this objection keeps: C3.5 always, C4.3 for a claim.
    fn clauses(&self) -> &'static [Clause] {
        if self.about.kind == SubjectKind::CreditLimit {
            &[Clause::C3_5]
        } else {
            &[Clause::C3_5, Clause::C4_3]
        }
    }

    /// A record of this objection, citing its clauses.
    fn record(&self, decision: Decision, summary: &str, at: &Step<'_>) -> RecordBuilder {
        let record = at.record(decision, summary);
        self.clauses().iter().fold(record, |r, c| r.clause(*c))
    }

    /// One of the insurer's C3.5 duties, due by `due`.
    fn duty(&self, label: &str, due: NaiveDate, what: String, at: &Step<'_>) -> Obligation {
        at.obligation(label, Clause::C3_5, Party::Insurer, Duty::By { due }, what)
    }

    fn with_state(&self, state: ObjectionState) -> Objection {
        Objection {
            state,
            ..self.clone()
        }
    }

    /// The rule sets when the objection is acknowledged, updated and answered.
    fn file(&self, grounds: &str, at: &Step<'_>) -> Result<ObjectionTransition, ObjectionError> {
        let on = at.on();
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
        let ruling = at.ask(&question)?;
        let t = ruling.value;
        let due = |period| at.after(period, on);
        let (ack_due, update_due, answer_due) =
            (due(t.acknowledge)?, due(t.update)?, due(t.answer)?);
        let ack = self.duty(
            "acknowledgement",
            ack_due,
            format!("acknowledge the objection in writing by {ack_due}"),
            at,
        );
        let update = self.duty(
            "update",
            update_due,
            format!("tell the customer how the review progresses by {update_due}"),
            at,
        );
        let answer = self.duty(
            "answer",
            answer_due,
            format!("give a reasoned final answer by {answer_due}"),
            at,
        );
        let summary = format!(
            "Objection to the {} of {} on {} filed; acknowledgement by {ack_due}, final answer by {answer_due}.",
            self.decision, self.decided_on, self.about
        );
        let record = self
            .record(Decision::ObjectionFiled, &summary, at)
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
        let next = self.with_state(ObjectionState::UnderReview { review });
        Ok(Transition {
            next,
            effects: vec![ObjectionEffect::NotifyCustomer { summary }],
            record,
        })
    }

    fn progress(
        &self,
        decision: Decision,
        summary: String,
        done: Option<ObligationId>,
        review: Review,
        at: &Step<'_>,
    ) -> Result<ObjectionTransition, ObjectionError> {
        let on = at.on();
        let mut record = self.record(decision, &summary, at);
        if let Some(id) = done {
            record = record.discharge(Discharge::done(id, on));
        }
        let next = self.with_state(ObjectionState::UnderReview { review });
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
        outcome: Outcome,
        reasons: &[String],
        corrected: Option<Money>,
        at: &Step<'_>,
    ) -> Result<ObjectionTransition, ObjectionError> {
        let on = at.on();
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
            .record(decision, &summary, at)
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
        for reason in at.rules().reasons(&codes)? {
            record = record.reason(reason);
        }
        let mut escalation_until = None;
        if decision.is_adverse() {
            let until = at.after(review.escalate, on)?;
            escalation_until = Some(until);
            let route = at.reason("external_escalation")?;
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
        let next = self.with_state(ObjectionState::Decided {
            outcome,
            escalation_until,
        });
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
