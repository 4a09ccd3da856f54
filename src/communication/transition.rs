//! The steps of questions and of the relationship: the only way they change.

use super::rules::{CONTACT_BUSINESS_DAYS, FEEDBACK_ANSWER_BUSINESS_DAYS, InquiryQuestion, Topic};
use super::{
    CommunicationEffect, CommunicationError, Contact, ContactRole, Inquiry, InquiryEvent,
    InquiryState, Relationship, RelationshipEvent,
};
use crate::charter::Clause;
use crate::explain::{Decision, Discharge, Duty, ObligationId, Party, Subject, SubjectKind};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};

/// What one accepted question event produces.
pub type InquiryTransition = Transition<Inquiry, CommunicationEffect>;
/// What one accepted relationship event produces.
pub type RelationshipTransition = Transition<Relationship, CommunicationEffect>;

kept!(Inquiry);

impl Machine for Inquiry {
    type Event = InquiryEvent;
    type Effect = CommunicationEffect;
    type Error = CommunicationError;

    /// `inquiry POL-1/Q-17`.
    fn subject(&self) -> Subject {
        Subject::new(SubjectKind::Inquiry, format!("{}/{}", self.policy, self.id))
    }

    /// # Errors
    ///
    /// [`CommunicationError::EventNotAllowed`]; [`CommunicationError::Rule`] when a rule
    /// fails.
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
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
                let ruling = at.ask(&InquiryQuestion {
                    channel: *channel,
                    priority: *priority,
                    topic: *topic,
                })?;
                let ack_due = at.after(ruling.value.acknowledge, *on)?;
                let answer_due = at.after(ruling.value.answer, *on)?;
                // C2.1: questions about administration and the online systems are support.
                let clause = if *topic == Topic::Administration {
                    Clause::C2_1
                } else {
                    Clause::C1_1
                };
                let ack = at.obligation(
                    "acknowledgement",
                    Clause::C1_1,
                    Party::Insurer,
                    Duty::By { due: ack_due },
                    format!("acknowledge the question by {ack_due}"),
                );
                let answer = at.obligation(
                    "answer",
                    clause,
                    Party::Insurer,
                    Duty::By { due: answer_due },
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
                let record = at
                    .record(Decision::InquiryReceived, &summary)
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
                    ..self.clone()
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
                let mut record = at
                    .record(Decision::InquiryAcknowledged, &summary)
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
                    ..self.clone()
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
                let mut record = at
                    .record(Decision::InquiryAnswered, &summary)
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
                    ..self.clone()
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
}

fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

kept!(Relationship);

impl Machine for Relationship {
    type Event = RelationshipEvent;
    type Effect = CommunicationEffect;
    type Error = CommunicationError;

    /// `relationship POL-1`.
    fn subject(&self) -> Subject {
        Subject::new(SubjectKind::Relationship, self.policy.to_string())
    }

    /// # Errors
    ///
    /// [`CommunicationError::EventNotAllowed`]; [`CommunicationError::InvalidScore`] for a
    /// feedback score outside 1–5.
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        let opened = self.opened_on.is_some();
        match event {
            RelationshipEvent::Opened { on } if !opened => {
                let due = at.after(at.get(&CONTACT_BUSINESS_DAYS)?, *on)?;
                let named = at.obligation(
                    "named-contact",
                    Clause::C1_2,
                    Party::Insurer,
                    Duty::By { due },
                    format!(
                        "give the customer a named contact with clear contact details by {due}"
                    ),
                );
                let manager = at.obligation(
                    "account-manager",
                    Clause::C6_1,
                    Party::Insurer,
                    Duty::By { due },
                    format!(
                        "assign an account manager the customer can raise any matter with by {due}"
                    ),
                );
                let summary = format!(
                    "Relationship with the policyholder of {} opened; a named account manager is due by {due}.",
                    self.policy
                );
                let record = at
                    .record(Decision::RelationshipOpened, &summary)
                    .obligation(named.clone())
                    .obligation(manager.clone())
                    .build()?;
                let next = Relationship {
                    opened_on: Some(*on),
                    contact_owed: vec![named.id, manager.id],
                    ..self.clone()
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
                let mut record = at.record(Decision::ContactAssigned, &summary);
                for clause in clauses {
                    record = record.clause(*clause);
                }
                for id in owed {
                    record = record.discharge(Discharge::done(id, *on));
                }
                let mut next = self.clone();
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
                let due = at.after(at.get(&FEEDBACK_ANSWER_BUSINESS_DAYS)?, *on)?;
                let answer = at.obligation(
                    "feedback",
                    Clause::C1_4,
                    Party::Insurer,
                    Duty::By { due },
                    format!("answer the feedback on {about} by {due}, saying what is done with it"),
                );
                let scored = score.map(|s| format!(", score {s}/5")).unwrap_or_default();
                let summary = format!("Feedback received on {about}{scored}; answer due by {due}.");
                let record = at
                    .record(Decision::FeedbackReceived, &summary)
                    .obligation(answer.clone())
                    .build()?;
                let mut next = self.clone();
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
                let mut next = self.clone();
                let answered = next.feedback_owed.pop_front();
                let summary = format!("Feedback answered: {action}");
                let mut record = at
                    .record(Decision::FeedbackAnswered, &summary)
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
}
