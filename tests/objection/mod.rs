//! Objections (C3.5, C4.3): the procedure's deadlines, late objections, reasons and the
//! external route, and the corrective event an upheld objection returns.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::credit_limit::{CreditLimit, CreditLimitEvent, CreditLimitStatus};
use credit_charter::explain::{Decision, Duty, Status};
use credit_charter::objection::{
    Correction, Objection, ObjectionEffect, ObjectionError, ObjectionEvent as Ev, Outcome,
};
use credit_charter::{BuyerId, Clause, ComplianceReport, Currency, DecisionRecord, PolicyId};
use proptest::prelude::*;

use crate::support::{d, eur, rules};

/// A limit of EUR 100,000 reduced to EUR 40,000 on 5 March 2026: the limit and the record.
fn reduced() -> (CreditLimit, DecisionRecord) {
    let rules = rules();
    let limit = CreditLimit::new(
        PolicyId::new("POL-1").unwrap(),
        BuyerId::new("B-7").unwrap(),
        Currency::EUR,
    );
    let limit = limit
        .apply(
            &CreditLimitEvent::Granted {
                on: d(2026, 1, 5),
                amount: eur("100000"),
            },
            &rules,
        )
        .unwrap()
        .next;
    let step = limit
        .apply(
            &CreditLimitEvent::reduction(d(2026, 3, 5), eur("40000"), "weak_financials"),
            &rules,
        )
        .unwrap();
    (step.next, step.record)
}

fn run(
    objection: &Objection,
    events: &[Ev],
) -> (Objection, Vec<DecisionRecord>, Vec<ObjectionEffect>) {
    let rules = rules();
    let mut objection = objection.clone();
    let (mut records, mut effects) = (Vec::new(), Vec::new());
    for event in events {
        let step = objection
            .apply(event, &rules)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        records.push(step.record);
        effects.extend(step.effects);
        objection = step.next;
    }
    (objection, records, effects)
}

fn filed(on: NaiveDate) -> Ev {
    Ev::Filed {
        on,
        grounds: "our own trading experience with the buyer is good".into(),
    }
}

fn statuses(records: &[DecisionRecord], as_of: NaiveDate) -> Vec<Status> {
    ComplianceReport::build(records, as_of)
        .obligations()
        .filter(|o| o.obligation.clause == Clause::C3_5)
        .map(|o| o.status.clone())
        .collect()
}

#[test]
fn c3_5_an_objection_is_acknowledged_updated_and_answered_on_time() {
    let (_, record) = reduced();
    let objection = Objection::against(&record).unwrap();
    assert_eq!(objection.right_until(), d(2026, 6, 5));
    let events = [
        filed(d(2026, 3, 9)),
        Ev::Acknowledged { on: d(2026, 3, 11) },
        Ev::ProgressUpdateSent { on: d(2026, 4, 1) },
        Ev::Decided {
            on: d(2026, 4, 20),
            outcome: Outcome::Rejected,
            reasons: vec!["weak_financials".into()],
            corrected_amount: None,
        },
    ];
    let (objection, records, _) = run(&objection, &events);
    // Filed Mon 9 March: acknowledgement by Mon 16 March, update by 6 April, answer by 4 May.
    let dues: Vec<Duty> = records[0].obligations().iter().map(|o| o.duty).collect();
    assert_eq!(
        dues,
        [
            Duty::By {
                due: d(2026, 3, 16)
            },
            Duty::By { due: d(2026, 4, 6) },
            Duty::By { due: d(2026, 5, 4) }
        ]
    );
    assert_eq!(
        statuses(&records, d(2026, 6, 1)),
        [
            Status::Met { on: d(2026, 3, 11) },
            Status::Met { on: d(2026, 4, 1) },
            Status::Met { on: d(2026, 4, 20) },
        ]
    );
    // A rejection gives its reasons and the external route with its window.
    let rejection = &records[3];
    assert_eq!(rejection.decision(), Decision::ObjectionRejected);
    let codes: Vec<&str> = rejection
        .reasons()
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(codes, ["weak_financials", "external_escalation"]);
    assert_eq!(rejection.objection().unwrap().until, d(2026, 7, 20));
    assert_eq!(objection.status().to_string(), "decided");
}

#[test]
fn c3_5_a_slow_answer_and_a_missing_acknowledgement_are_breaches() {
    let (_, record) = reduced();
    let objection = Objection::against(&record).unwrap();
    let (_, records, _) = run(&objection, &[filed(d(2026, 3, 9))]);
    assert_eq!(
        statuses(&records, d(2026, 5, 5)),
        [
            Status::Breached {
                on: d(2026, 3, 17),
                days: 50
            },
            Status::Breached {
                on: d(2026, 4, 7),
                days: 29
            },
            Status::Breached {
                on: d(2026, 5, 5),
                days: 1
            },
        ]
    );
}

#[test]
fn c3_5_a_late_objection_is_rejected_with_its_deadline() {
    let (_, record) = reduced();
    let objection = Objection::against(&record).unwrap();
    let err = objection
        .apply(&filed(d(2026, 6, 6)), &rules())
        .unwrap_err();
    assert_eq!(
        err,
        ObjectionError::Late {
            on: d(2026, 6, 6),
            until: d(2026, 6, 5)
        }
    );
    assert_eq!(
        err.to_string(),
        "the objection of 2026-06-06 is late: the decision allowed objections until 2026-06-05"
    );
    assert!(
        objection.apply(&filed(d(2026, 6, 5)), &rules()).is_ok(),
        "the last day is on time"
    );
}

#[test]
fn c3_5_only_adverse_decisions_can_be_objected_to() {
    let rules = rules();
    let limit = CreditLimit::new(
        PolicyId::new("POL-1").unwrap(),
        BuyerId::new("B-7").unwrap(),
        Currency::EUR,
    );
    let grant = limit
        .apply(
            &CreditLimitEvent::Granted {
                on: d(2026, 1, 5),
                amount: eur("100000"),
            },
            &rules,
        )
        .unwrap()
        .record;
    assert!(matches!(
        Objection::against(&grant),
        Err(ObjectionError::NoRight { .. })
    ));
}

#[test]
fn c3_5_an_upheld_objection_restores_the_limit_through_its_corrective_event() {
    let (limit, record) = reduced();
    let objection = Objection::against(&record).unwrap();
    let events = [
        filed(d(2026, 3, 9)),
        Ev::Decided {
            on: d(2026, 3, 20),
            outcome: Outcome::Upheld,
            reasons: vec![],
            corrected_amount: Some(eur("100000")),
        },
    ];
    let (_, records, effects) = run(&objection, &events);
    assert_eq!(records[1].reasons()[0].code, "objection_upheld");
    assert!(records[1].objection().is_none(), "nothing left to escalate");
    let Some(ObjectionEffect::Correct {
        correction: Correction::CreditLimit { event, .. },
    }) = effects.last()
    else {
        panic!("{effects:?}")
    };
    // The host applies it: the pending reduction is cancelled and cover is restored.
    let restored = limit.apply(event, &rules()).unwrap();
    assert_eq!(restored.next.status(), CreditLimitStatus::InForce);
    assert_eq!(restored.next.cover_on(d(2026, 5, 1)), eur("100000"));
    assert_eq!(restored.record.decision(), Decision::LimitRestored);
}

#[test]
fn c3_5_a_decision_without_reasons_or_correction_is_refused() {
    let (_, record) = reduced();
    let (under_review, _, _) = run(
        &Objection::against(&record).unwrap(),
        &[filed(d(2026, 3, 9))],
    );
    let rules = rules();
    let no_reasons = Ev::Decided {
        on: d(2026, 3, 20),
        outcome: Outcome::Rejected,
        reasons: vec![],
        corrected_amount: None,
    };
    assert_eq!(
        under_review
            .apply(&no_reasons, &rules)
            .unwrap_err()
            .to_string(),
        "a rejected objection must give its reasons"
    );
    let no_amount = Ev::Decided {
        on: d(2026, 3, 20),
        outcome: Outcome::PartlyUpheld,
        reasons: vec!["weak_financials".into()],
        corrected_amount: None,
    };
    assert!(matches!(
        under_review.apply(&no_amount, &rules),
        Err(ObjectionError::NoCorrection { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn objection_deadlines_never_precede_the_decision_and_upheld_always_corrects(
        filed_after in 0_u64..92,
        answered_after in 0_u64..90,
        outcome in prop::sample::select(vec![Outcome::Upheld, Outcome::PartlyUpheld, Outcome::Rejected]),
    ) {
        let (_, record) = reduced();
        let objection = Objection::against(&record).unwrap();
        prop_assert!(objection.right_until() >= record.on());
        let on = record.on() + chrono::Days::new(filed_after);
        let rules = rules();
        let Ok(step) = objection.apply(&filed(on), &rules) else {
            prop_assert!(on > objection.right_until(), "an objection within the right was refused");
            return Ok(());
        };
        for obligation in step.record.obligations() {
            let Duty::By { due } = obligation.duty else { panic!("objection duties are dated") };
            prop_assert!(due >= on && due > record.on());
        }
        let decided = Ev::Decided {
            on: on + chrono::Days::new(answered_after),
            outcome,
            reasons: vec!["weak_financials".into()],
            corrected_amount: Some(eur("70000")),
        };
        let step = step.next.apply(&decided, &rules).unwrap();
        let corrects = step.effects.iter().any(|e| matches!(e, ObjectionEffect::Correct { .. }));
        prop_assert_eq!(corrects, outcome != Outcome::Rejected);
        if let Some(escalation) = step.record.objection() {
            prop_assert!(escalation.until > step.record.on());
        }
    }
}

#[test]
fn c4_3_an_upheld_objection_to_a_partial_payout_corrects_the_claim() {
    let text = std::fs::read_to_string(format!(
        "{}/examples/cases/c4_protracted_default_partial_payout_recovery.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let replay = credit_charter::CaseFile::from_json(&text)
        .unwrap()
        .replay(&credit_charter::Rulebook::embedded().unwrap())
        .unwrap();
    let decision = replay
        .records
        .iter()
        .find(|r| r.decision() == Decision::ClaimPartlyPaid)
        .unwrap();
    let objection = Objection::against(decision).unwrap();
    let events = [
        filed(d(2026, 8, 20)),
        Ev::Decided {
            on: d(2026, 9, 15),
            outcome: Outcome::Upheld,
            reasons: vec![],
            corrected_amount: Some(eur("96843.00")),
        },
    ];
    let (_, records, effects) = run(&objection, &events);
    assert_eq!(records[0].clauses(), [Clause::C3_5, Clause::C4_3]);
    let Some(ObjectionEffect::Correct {
        correction: Correction::Claim { event, .. },
    }) = effects.last()
    else {
        panic!("{effects:?}")
    };
    let corrected = replay.claims[0].apply(event, &rules()).unwrap();
    assert_eq!(corrected.next.payout().unwrap().amount, eur("96843.00"));
}
