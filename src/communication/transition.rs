//! `apply` for questions and for the relationship: the only way they change.

use chrono::NaiveDate;

use super::{
    CommunicationEffect, CommunicationError, Contact, ContactRole, Inquiry, InquiryEvent,
    InquiryState, Relationship, RelationshipEvent,
};
use crate::charter::Clause;
use crate::explain::{
    Decision, Discharge, Duty, Obligation, ObligationId, Party, RecordBuilder, Subject,
};
use crate::rulebook::{InquiryQuestion, PolicyRules, Topic};
use crate::transition::Transition;

/// What one accepted question event produces.
pub type InquiryTransition = Transition<Inquiry, CommunicationEffect>;
/// What one accepted relationship event produces.
pub type RelationshipTransition = Transition<Relationship, CommunicationEffect>;

fn obligation(
    subject: &Subject,
    events: u32,
    label: &str,
    clause: Clause,
    due: NaiveDate,
    what: String,
) -> Obligation {
    Obligation {
        id: ObligationId(format!("{}#{}.{label}", subject.id, events + 1)),
        clause,
        subject: subject.clone(),
        owner: Party::Insurer,
        duty: Duty::By { due },
        what,
        waiver: None,
    }
}

fn record(
    subject: Subject,
    on: NaiveDate,
    decision: Decision,
    summary: &str,
    rules: &PolicyRules,
) -> RecordBuilder {
    rules.record(on, subject, decision, summary)
}

fn in_order(
    last: Option<NaiveDate>,
    on: NaiveDate,
    event: &'static str,
) -> Result<(), CommunicationError> {
    match last.filter(|last| on < *last) {
        Some(last) => Err(CommunicationError::OutOfOrder { event, on, last }),
        None => Ok(()),
    }
}

impl Inquiry {
    /// Applies one event; a rejected event leaves the question as it was.
    ///
    /// # Errors
    ///
    /// [`CommunicationError::EventNotAllowed`] / [`CommunicationError::OutOfOrder`];
    /// [`CommunicationError::Rule`] when a rule fails.
    pub fn apply(
        &self,
        event: &InquiryEvent,
        rules: &PolicyRules,
    ) -> Result<InquiryTransition, CommunicationError> {
        in_order(self.last_event_on, event.on(), event.kind())?;
        let subject = self.subject();
        match (&self.state, event) {
            (
                InquiryState::NotReceived,
                InquiryEvent::Received {
                    on,
                    channel,
                    priority,
                    topic,
                    about,
                },
            ) => {
                let ruling = rules.response_times(
                    &InquiryQuestion {
                        channel: *channel,
                        priority: *priority,
                        topic: *topic,
                    },
                    *on,
                )?;
                let ack_due = ruling.value.acknowledge.after(*on, rules.calendar())?;
                let answer_due = ruling.value.answer.after(*on, rules.calendar())?;
                // C2.1: questions about administration and the online systems are support.
                let clause = if *topic == Topic::Administration {
                    Clause::C2_1
                } else {
                    Clause::C1_1
                };
                let ack = obligation(
                    &subject,
                    self.events,
                    "acknowledgement",
                    Clause::C1_1,
                    ack_due,
                    format!("acknowledge the question by {ack_due}"),
                );
                let answer = obligation(
                    &subject,
                    self.events,
                    "answer",
                    clause,
                    answer_due,
                    format!("answer the question by {answer_due}"),
                );
                let topic_text = if about.is_empty() {
                    String::new()
                } else {
                    format!(" ({about})")
                };
                let summary = format!(
                    "Question{topic_text} received by {}; answer due by {answer_due}.",
                    serde_name(channel)
                );
                let record = record(subject, *on, Decision::InquiryReceived, &summary, rules)
                    .reason(ruling.reason)
                    .rule(ruling.rule)
                    .obligation(ack.clone())
                    .obligation(answer.clone())
                    .build()?;
                let next = Inquiry {
                    channel: Some(*channel),
                    priority: Some(*priority),
                    topic: Some(*topic),
                    received_on: Some(*on),
                    state: InquiryState::Open {
                        acknowledgement: Some(ack.id),
                        answer: answer.id,
                        answer_due,
                    },
                    ..self.advance(*on)
                };
                Ok(Transition {
                    next,
                    effects: vec![CommunicationEffect::RouteToTeam { due: answer_due }],
                    record,
                })
            }
            (
                InquiryState::Open {
                    acknowledgement,
                    answer,
                    answer_due,
                },
                InquiryEvent::Acknowledged { on },
            ) => {
                let summary = format!("Question acknowledged; answer due by {answer_due}.");
                let mut record =
                    record(subject, *on, Decision::InquiryAcknowledged, &summary, rules)
                        .clause(Clause::C1_1);
                if let Some(id) = acknowledgement {
                    record = record.discharge(Discharge::done(id.clone(), *on));
                }
                let state = InquiryState::Open {
                    acknowledgement: None,
                    answer: answer.clone(),
                    answer_due: *answer_due,
                };
                let next = Inquiry {
                    state,
                    ..self.advance(*on)
                };
                Ok(Transition {
                    next,
                    effects: vec![CommunicationEffect::NotifyCustomer { summary }],
                    record: record.build()?,
                })
            }
            (
                InquiryState::Open {
                    acknowledgement,
                    answer,
                    answer_due,
                },
                InquiryEvent::Answered { on },
            ) => {
                let summary = format!("Question answered on {on}.");
                let mut record = record(subject, *on, Decision::InquiryAnswered, &summary, rules)
                    .clause(Clause::C1_1)
                    .discharge(Discharge::done(answer.clone(), *on));
                if let Some(id) = acknowledgement {
                    record = record.discharge(Discharge::done(id.clone(), *on));
                }
                let next = Inquiry {
                    state: InquiryState::Answered {
                        on: *on,
                        due: *answer_due,
                    },
                    ..self.advance(*on)
                };
                Ok(Transition {
                    next,
                    effects: vec![CommunicationEffect::NotifyCustomer { summary }],
                    record: record.build()?,
                })
            }
            (_, event) => Err(CommunicationError::EventNotAllowed {
                what: format!("a question that is {}", self.status()),
                event: event.kind(),
            }),
        }
    }

    fn advance(&self, on: NaiveDate) -> Inquiry {
        Inquiry {
            last_event_on: Some(on),
            events: self.events + 1,
            ..self.clone()
        }
    }
}

fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

impl Relationship {
    /// Applies one event; a rejected event leaves the relationship as it was.
    ///
    /// # Errors
    ///
    /// [`CommunicationError::EventNotAllowed`] / [`CommunicationError::OutOfOrder`];
    /// [`CommunicationError::InvalidScore`] for a feedback score outside 1–5.
    pub fn apply(
        &self,
        event: &RelationshipEvent,
        rules: &PolicyRules,
    ) -> Result<RelationshipTransition, CommunicationError> {
        in_order(self.last_event_on, event.on(), event.kind())?;
        let subject = self.subject();
        let opened = self.opened_on.is_some();
        match event {
            RelationshipEvent::Opened { on } if !opened => {
                let due = rules
                    .period("communication.contact_business_days", *on)?
                    .after(*on, rules.calendar())?;
                let named = obligation(
                    &subject,
                    self.events,
                    "named-contact",
                    Clause::C1_2,
                    due,
                    format!(
                        "give the customer a named contact with clear contact details by {due}"
                    ),
                );
                let manager = obligation(
                    &subject,
                    self.events,
                    "account-manager",
                    Clause::C6_1,
                    due,
                    format!(
                        "assign an account manager the customer can raise any matter with by {due}"
                    ),
                );
                let summary = format!(
                    "Relationship with the policyholder of {} opened; a named account manager is due by {due}.",
                    self.policy
                );
                let record = record(subject, *on, Decision::RelationshipOpened, &summary, rules)
                    .obligation(named.clone())
                    .obligation(manager.clone())
                    .build()?;
                let next = Relationship {
                    opened_on: Some(*on),
                    contact_owed: vec![named.id, manager.id],
                    ..self.advance(*on)
                };
                Ok(Transition {
                    next,
                    effects: vec![CommunicationEffect::NotifyCustomer { summary }],
                    record,
                })
            }
            RelationshipEvent::ContactAssigned {
                on,
                name,
                role,
                details,
            } if opened => {
                let contact = Contact {
                    name: name.clone(),
                    role: *role,
                    details: details.clone(),
                    since: *on,
                };
                let (summary, clauses, owed): (String, &[Clause], Vec<ObligationId>) = match role {
                    ContactRole::AccountManager => (
                        format!(
                            "{name} is your account manager: raise any matter with them. {details}"
                        ),
                        &[Clause::C1_2, Clause::C6_1],
                        self.contact_owed.clone(),
                    ),
                    ContactRole::Specialist => (
                        format!("{name} is the specialist for your business and market. {details}"),
                        &[Clause::C5_1],
                        Vec::new(),
                    ),
                };
                let summary = summary.trim_end().to_owned();
                let mut record = record(subject, *on, Decision::ContactAssigned, &summary, rules);
                for clause in clauses {
                    record = record.clause(*clause);
                }
                for id in owed {
                    record = record.discharge(Discharge::done(id, *on));
                }
                let mut next = self.advance(*on);
                match role {
                    ContactRole::AccountManager => {
                        next.account_manager = Some(contact);
                        next.contact_owed.clear();
                    }
                    ContactRole::Specialist => next.specialist = Some(contact),
                }
                Ok(Transition {
                    next,
                    effects: vec![CommunicationEffect::NotifyCustomer { summary }],
                    record: record.build()?,
                })
            }
            RelationshipEvent::FeedbackReceived { on, about, score } if opened => {
                if let Some(score) = score.filter(|s| !(1..=5).contains(s)) {
                    return Err(CommunicationError::InvalidScore { score });
                }
                let due = rules
                    .period("communication.feedback_answer_business_days", *on)?
                    .after(*on, rules.calendar())?;
                let answer = obligation(
                    &subject,
                    self.events,
                    "feedback",
                    Clause::C1_4,
                    due,
                    format!("answer the feedback on {about} by {due}, saying what is done with it"),
                );
                let scored = score.map(|s| format!(", score {s}/5")).unwrap_or_default();
                let summary = format!("Feedback received on {about}{scored}; answer due by {due}.");
                let record = record(subject, *on, Decision::FeedbackReceived, &summary, rules)
                    .obligation(answer.clone())
                    .build()?;
                let mut next = self.advance(*on);
                next.feedback_owed.push_back(answer.id);
                Ok(Transition {
                    next,
                    effects: Vec::new(),
                    record,
                })
            }
            RelationshipEvent::FeedbackAnswered { on, action }
                if !self.feedback_owed.is_empty() =>
            {
                let mut next = self.advance(*on);
                let answered = next.feedback_owed.pop_front();
                let summary = format!("Feedback answered: {action}");
                let mut record = record(subject, *on, Decision::FeedbackAnswered, &summary, rules)
                    .clause(Clause::C1_4);
                if let Some(id) = answered {
                    record = record.discharge(Discharge::done(id, *on));
                }
                Ok(Transition {
                    next,
                    effects: vec![CommunicationEffect::NotifyCustomer { summary }],
                    record: record.build()?,
                })
            }
            event => {
                let what = if opened {
                    "a relationship with no feedback waiting"
                } else {
                    "a relationship not yet opened"
                };
                Err(CommunicationError::EventNotAllowed {
                    what: what.to_owned(),
                    event: event.kind(),
                })
            }
        }
    }

    fn advance(&self, on: NaiveDate) -> Relationship {
        Relationship {
            last_event_on: Some(on),
            events: self.events + 1,
            ..self.clone()
        }
    }
}
