//! Renewals (C2.3): documents in time, clear notice rules, automatic renewal.

use credit_charter::Machine;
use credit_charter::explain::{Decision, Party, Status};
use credit_charter::renewal::{PeriodEvent as Ev, PeriodStatus, PolicyPeriod, RenewalError};
use credit_charter::{Clause, ComplianceReport, DecisionRecord, PolicyId};

use crate::support::{d, rules};

fn run(events: &[Ev]) -> (PolicyPeriod, Vec<DecisionRecord>) {
    let rules = rules();
    let mut period = PolicyPeriod::new(PolicyId::new("POL-1").unwrap());
    let mut records = Vec::new();
    for event in events {
        let step = period
            .apply(event, &rules)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        records.push(step.record);
        period = step.next;
    }
    (period, records)
}

fn c2_3(records: &[DecisionRecord], as_of: chrono::NaiveDate) -> Vec<Status> {
    ComplianceReport::build(records, as_of)
        .obligations()
        .filter(|o| o.obligation.clause == Clause::C2_3)
        .map(|o| o.status.clone())
        .collect()
}

#[test]
fn c2_3_documents_arrive_in_time_and_the_policy_renews() {
    let events = [
        Ev::Started { on: d(2026, 1, 1) },
        Ev::RenewalDocumentsSent {
            on: d(2026, 10, 20),
        },
        Ev::PeriodEnded { on: d(2027, 1, 1) },
    ];
    let (period, records) = run(&events);
    assert_eq!(
        records[0].summary(),
        "Policy POL-1 started: period 2026-01-01 to 2026-12-31; renewal documents due by 2026-10-30; notice of non-renewal possible until 2026-10-31."
    );
    assert_eq!(records[2].decision(), Decision::PolicyRenewed);
    assert_eq!(period.period(), Some((d(2027, 1, 1), d(2027, 12, 31))));
    assert_eq!(
        c2_3(&records, d(2027, 1, 1)),
        [
            Status::Met {
                on: d(2026, 10, 20)
            },
            Status::Pending {
                until: d(2027, 10, 30)
            }
        ]
    );
}

#[test]
fn c2_3_late_documents_are_met_late_and_missing_ones_breach_at_renewal() {
    let (_, late) = run(&[
        Ev::Started { on: d(2026, 1, 1) },
        Ev::RenewalDocumentsSent {
            on: d(2026, 11, 20),
        },
    ]);
    assert_eq!(
        c2_3(&late, d(2026, 12, 1)),
        [Status::MetLate {
            on: d(2026, 11, 20),
            days_late: 21
        }]
    );
    let (_, never) = run(&[
        Ev::Started { on: d(2026, 1, 1) },
        Ev::PeriodEnded { on: d(2027, 1, 1) },
    ]);
    assert_eq!(
        c2_3(&never, d(2027, 1, 1))[0],
        Status::Breached {
            on: d(2027, 1, 1),
            days: 0
        }
    );
}

#[test]
fn c2_3_notice_in_time_ends_the_policy_and_late_notice_is_refused() {
    let (period, records) = run(&[
        Ev::Started { on: d(2026, 1, 1) },
        Ev::NonRenewalNotice {
            on: d(2026, 10, 31),
            by: Party::Customer,
        },
        Ev::PeriodEnded { on: d(2027, 1, 1) },
    ]);
    assert_eq!(
        (period.status(), records[2].decision()),
        (PeriodStatus::Ended, Decision::PolicyEnded)
    );
    let (running, _) = run(&[Ev::Started { on: d(2026, 1, 1) }]);
    let err = running
        .apply(
            &Ev::NonRenewalNotice {
                on: d(2026, 11, 1),
                by: Party::Insurer,
            },
            &rules(),
        )
        .unwrap_err();
    assert_eq!(
        err,
        RenewalError::LateNotice {
            on: d(2026, 11, 1),
            last_day: d(2026, 10, 31),
            renews_on: d(2027, 1, 1)
        }
    );
    assert_eq!(
        err.to_string(),
        "notice of non-renewal on 2026-11-01 is late: the last day was 2026-10-31, so the policy renews on 2027-01-01"
    );
}

#[test]
fn a_period_cannot_end_early() {
    let (running, _) = run(&[Ev::Started { on: d(2026, 3, 1) }]);
    assert_eq!(running.period(), Some((d(2026, 3, 1), d(2027, 2, 28))));
    assert!(matches!(
        running.apply(&Ev::PeriodEnded { on: d(2027, 2, 28) }, &rules()),
        Err(RenewalError::NotEnded { .. })
    ));
}

#[test]
fn c2_3_a_late_record_of_the_period_end_does_not_shift_the_next_period() {
    let (period, records) = run(&[
        Ev::Started { on: d(2026, 1, 1) },
        Ev::RenewalDocumentsSent {
            on: d(2026, 10, 20),
        },
        Ev::PeriodEnded { on: d(2027, 1, 20) },
    ]);
    assert_eq!(period.period(), Some((d(2027, 1, 1), d(2027, 12, 31))));
    assert_eq!(
        c2_3(&records, d(2027, 2, 1))[1],
        Status::Pending {
            until: d(2027, 10, 30)
        }
    );
}

#[test]
fn c2_3_notice_of_non_renewal_closes_the_duty_to_send_renewal_documents() {
    let (_, records) = run(&[
        Ev::Started { on: d(2026, 1, 1) },
        Ev::NonRenewalNotice {
            on: d(2026, 6, 1),
            by: Party::Customer,
        },
        Ev::PeriodEnded { on: d(2027, 1, 1) },
    ]);
    assert!(
        ComplianceReport::build(&records, d(2027, 1, 1))
            .breaches()
            .next()
            .is_none()
    );
}
