//! Communication (C1.1–C1.4, C2.1, C5.1, C6.1): answers on time, named contacts, feedback,
//! and the C1.3 monitoring figures.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::communication::{
    Channel, CommunicationError, ContactRole, Inquiry, InquiryEvent as Q, Monitoring, Priority,
    Relationship, RelationshipEvent as R, Topic,
};
use credit_charter::explain::Status;
use credit_charter::{Clause, ComplianceReport, DecisionRecord, PolicyId};

use crate::support::{d, rules};

fn ask(id: &str, events: &[Q]) -> (Inquiry, Vec<DecisionRecord>) {
    let rules = rules();
    let mut inquiry = Inquiry::new(PolicyId::new("POL-1").unwrap(), id);
    let mut records = Vec::new();
    for event in events {
        let step = inquiry
            .apply(event, &rules)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        records.push(step.record);
        inquiry = step.next;
    }
    (inquiry, records)
}

fn received(on: NaiveDate, channel: Channel, priority: Priority, topic: Topic) -> Q {
    Q::Received {
        on,
        channel,
        priority,
        topic,
        about: String::new(),
    }
}

fn statuses(records: &[DecisionRecord], clause: Clause, as_of: NaiveDate) -> Vec<Status> {
    ComplianceReport::build(records, as_of)
        .obligations()
        .filter(|o| o.obligation.clause == clause)
        .map(|o| o.status.clone())
        .collect()
}

#[test]
fn c1_1_a_question_is_acknowledged_and_answered_on_time() {
    // Thu 5 March: acknowledgement by Fri 6, answer by Thu 12.
    let (_, records) = ask(
        "Q-1",
        &[
            received(
                d(2026, 3, 5),
                Channel::Email,
                Priority::Normal,
                Topic::CreditLimits,
            ),
            Q::Acknowledged { on: d(2026, 3, 6) },
            Q::Answered { on: d(2026, 3, 11) },
        ],
    );
    assert_eq!(
        statuses(&records, Clause::C1_1, d(2026, 4, 1)),
        [
            Status::Met { on: d(2026, 3, 6) },
            Status::Met { on: d(2026, 3, 11) }
        ]
    );
}

#[test]
fn c1_1_an_urgent_question_answered_after_two_days_is_late() {
    let (_, records) = ask(
        "Q-2",
        &[
            received(
                d(2026, 3, 5),
                Channel::Phone,
                Priority::Urgent,
                Topic::CreditLimits,
            ),
            Q::Answered { on: d(2026, 3, 9) },
        ],
    );
    assert_eq!(
        statuses(&records, Clause::C1_1, d(2026, 4, 1)),
        [
            Status::MetLate {
                on: d(2026, 3, 9),
                days_late: 3
            },
            Status::MetLate {
                on: d(2026, 3, 9),
                days_late: 3
            },
        ]
    );
}

#[test]
fn c2_1_a_question_about_the_online_systems_is_support_owed_under_c2_1() {
    let (_, records) = ask(
        "Q-3",
        &[received(
            d(2026, 3, 5),
            Channel::Portal,
            Priority::Normal,
            Topic::Administration,
        )],
    );
    assert_eq!(
        statuses(&records, Clause::C2_1, d(2026, 3, 13)),
        [Status::Breached {
            on: d(2026, 3, 13),
            days: 1
        }]
    );
}

#[test]
fn c1_2_c6_1_a_named_account_manager_is_owed_and_c5_1_the_specialist_is_on_record() {
    let rules = rules();
    let mut relationship = Relationship::new(PolicyId::new("POL-1").unwrap());
    let mut records = Vec::new();
    for event in [
        R::Opened { on: d(2026, 1, 5) },
        R::ContactAssigned {
            on: d(2026, 1, 12),
            name: "Sanne de Vries".into(),
            role: ContactRole::AccountManager,
            details: "+31 20 553 9111".into(),
        },
        R::ContactAssigned {
            on: d(2026, 1, 12),
            name: "Pieter Bakker".into(),
            role: ContactRole::Specialist,
            details: String::new(),
        },
    ] {
        let step = relationship.apply(&event, &rules).unwrap();
        records.push(step.record);
        relationship = step.next;
    }
    assert_eq!(
        relationship.account_manager().unwrap().name,
        "Sanne de Vries"
    );
    assert_eq!(
        statuses(&records, Clause::C1_2, d(2026, 2, 1)),
        [Status::Met { on: d(2026, 1, 12) }]
    );
    assert_eq!(
        statuses(&records, Clause::C6_1, d(2026, 2, 1)),
        [Status::Met { on: d(2026, 1, 12) }]
    );
    assert_eq!(records[2].clauses(), [Clause::C5_1]);
    // Without an assignment, both promises are breached once due (19 January).
    assert_eq!(
        statuses(&records[..1], Clause::C6_1, d(2026, 1, 20)),
        [Status::Breached {
            on: d(2026, 1, 20),
            days: 1
        }]
    );
}

#[test]
fn c1_4_feedback_gets_an_answer_saying_what_is_done_with_it() {
    let rules = rules();
    let opened = Relationship::new(PolicyId::new("POL-1").unwrap())
        .apply(&R::Opened { on: d(2026, 1, 5) }, &rules)
        .unwrap()
        .next;
    let bad = opened
        .apply(
            &R::FeedbackReceived {
                on: d(2026, 2, 2),
                about: "portal".into(),
                score: Some(6),
            },
            &rules,
        )
        .unwrap_err();
    assert_eq!(bad, CommunicationError::InvalidScore { score: 6 });
    let step = opened
        .apply(
            &R::FeedbackReceived {
                on: d(2026, 2, 2),
                about: "the limit portal".into(),
                score: Some(2),
            },
            &rules,
        )
        .unwrap();
    let answered = step
        .next
        .apply(
            &R::FeedbackAnswered {
                on: d(2026, 2, 10),
                action: "the portal now shows pending decisions".into(),
            },
            &rules,
        )
        .unwrap();
    let records = [step.record, answered.record];
    assert_eq!(
        statuses(&records, Clause::C1_4, d(2026, 3, 1)),
        [Status::Met { on: d(2026, 2, 10) }]
    );
    assert!(
        answered
            .next
            .apply(
                &R::FeedbackAnswered {
                    on: d(2026, 2, 11),
                    action: "again".into()
                },
                &rules
            )
            .is_err()
    );
}

#[test]
fn c1_3_monitoring_gives_share_on_time_and_median_per_month_and_channel() {
    let inquiries = [
        ask(
            "Q-1",
            &[
                received(
                    d(2026, 3, 2),
                    Channel::Email,
                    Priority::Normal,
                    Topic::Claims,
                ),
                Q::Answered { on: d(2026, 3, 4) },
            ],
        )
        .0,
        ask(
            "Q-2",
            &[
                received(
                    d(2026, 3, 3),
                    Channel::Email,
                    Priority::Normal,
                    Topic::Claims,
                ),
                Q::Answered { on: d(2026, 3, 20) },
            ],
        )
        .0,
        ask(
            "Q-3",
            &[
                received(
                    d(2026, 3, 9),
                    Channel::Phone,
                    Priority::Urgent,
                    Topic::Other,
                ),
                Q::Answered { on: d(2026, 3, 10) },
            ],
        )
        .0,
        ask(
            "Q-4",
            &[received(
                d(2026, 4, 1),
                Channel::Portal,
                Priority::Normal,
                Topic::Administration,
            )],
        )
        .0,
        ask(
            "Q-5",
            &[received(
                d(2026, 4, 20),
                Channel::Email,
                Priority::Normal,
                Topic::Invoices,
            )],
        )
        .0,
    ];
    let m = Monitoring::of(&inquiries, d(2026, 4, 21));
    assert_eq!(
        (
            m.total.received,
            m.total.answered_on_time,
            m.total.answered_late,
            m.total.overdue,
            m.total.open
        ),
        (5, 2, 1, 1, 1)
    );
    assert_eq!(m.total.on_time_percent(), Some(50));
    assert_eq!(m.total.median_days_to_answer, Some(2)); // 1, 2, 17 days
    assert_eq!(m.by_month["2026-03"].on_time_percent(), Some(66));
    assert_eq!(m.by_channel[&Channel::Email].received, 3);
    assert_eq!(m.by_channel[&Channel::Phone].median_days_to_answer, Some(1));
}

#[test]
fn c1_4_feedback_left_unanswered_is_a_breach() {
    let rules = rules();
    let opened = Relationship::new(PolicyId::new("POL-1").unwrap())
        .apply(&R::Opened { on: d(2026, 1, 5) }, &rules)
        .unwrap();
    let feedback = opened
        .next
        .apply(
            &R::FeedbackReceived {
                on: d(2026, 2, 2),
                about: "invoices".into(),
                score: None,
            },
            &rules,
        )
        .unwrap();
    // Mon 2 February + 10 business days: due Mon 16 February, breached from the 17th.
    assert_eq!(
        statuses(&[feedback.record], Clause::C1_4, d(2026, 2, 20)),
        [Status::Breached {
            on: d(2026, 2, 17),
            days: 4
        }]
    );
}

#[test]
fn c2_1_a_question_about_the_online_systems_answered_in_time_keeps_the_promise() {
    let (_, records) = ask(
        "Q-4",
        &[
            received(
                d(2026, 3, 5),
                Channel::Portal,
                Priority::Normal,
                Topic::Administration,
            ),
            Q::Answered { on: d(2026, 3, 10) },
        ],
    );
    assert_eq!(
        statuses(&records, Clause::C2_1, d(2026, 4, 1)),
        [Status::Met { on: d(2026, 3, 10) }]
    );
}
