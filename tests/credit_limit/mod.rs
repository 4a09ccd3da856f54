//! The credit-limit machine: C3.4 scenarios, cover queries, and properties over random
//! event sequences.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::credit_limit::{
    CreditLimit, CreditLimitError, CreditLimitEvent, CreditLimitStatus, ExceptionalCircumstance,
};
use credit_charter::explain::{Decision, Duty, Status};
use credit_charter::{
    BuyerId, Clause, ComplianceReport, Currency, DecisionRecord, PolicyId, PolicyRules,
};
use proptest::prelude::*;

mod lifecycle;

use crate::support::{d, eur, rules};

pub(super) fn new_limit() -> CreditLimit {
    CreditLimit::new(
        PolicyId::new("POL-1").unwrap(),
        BuyerId::new("B-7").unwrap(),
        Currency::EUR,
    )
}

/// Applies every event, collecting the records; panics on a rejected event.
pub(super) fn run(
    events: &[CreditLimitEvent],
    rules: &PolicyRules,
) -> (CreditLimit, Vec<DecisionRecord>) {
    let mut limit = new_limit();
    let mut records = Vec::new();
    for event in events {
        let step = limit
            .apply(event, rules)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        records.push(step.record);
        limit = step.next;
    }
    (limit, records)
}

fn granted() -> CreditLimitEvent {
    CreditLimitEvent::Granted {
        on: d(2026, 1, 5),
        amount: eur("100000"),
    }
}

fn reduce(
    on: NaiveDate,
    to: &str,
    circumstance: Option<ExceptionalCircumstance>,
) -> CreditLimitEvent {
    CreditLimitEvent::ReductionAnnounced {
        on,
        new_amount: eur(to),
        reasons: vec!["weak_financials".into()],
        circumstance,
        customer_consulted_on: None,
        limit_in_use: true,
        rating: None,
        rating_stated: false,
    }
}

fn c3_4_status(records: &[DecisionRecord], as_of: NaiveDate) -> Status {
    let report = ComplianceReport::build(records, as_of);
    let c3_4: Vec<_> = report
        .obligations()
        .filter(|o| o.obligation.clause == Clause::C3_4)
        .collect();
    assert_eq!(c3_4.len(), 1);
    c3_4[0].status.clone()
}

#[test]
fn c3_4_reduction_gives_notice() {
    let rules = rules();
    let (limit, records) = run(&[granted(), reduce(d(2026, 3, 5), "40000", None)], &rules);
    let announced = &records[1];
    assert_eq!(announced.decision(), Decision::ReductionAnnounced);
    let reasons: Vec<&str> = announced
        .reasons()
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(reasons, ["weak_financials", "standard_notice"]); // why, and why 30 days
    assert_eq!(announced.rules()[0].id, "credit_limit/notice_period");
    assert_eq!(
        announced.clauses(),
        [Clause::C3_4, Clause::C3_2, Clause::C3_5, Clause::C3_3]
    );
    assert_eq!(
        announced.obligations()[0].duty,
        Duty::NotBefore {
            date: d(2026, 4, 4)
        }
    );
    assert_eq!(limit.status(), CreditLimitStatus::ChangeAnnounced);
    assert_eq!(
        c3_4_status(&records, d(2026, 4, 3)),
        Status::Pending {
            until: d(2026, 4, 4)
        }
    );
    assert_eq!(
        c3_4_status(&records, d(2026, 4, 4)),
        Status::Met { on: d(2026, 4, 4) }
    );
}

#[test]
fn c3_4_applying_on_the_effective_date_keeps_the_promise() {
    let events = [
        granted(),
        reduce(d(2026, 3, 5), "40000", None),
        CreditLimitEvent::ChangeApplied { on: d(2026, 4, 4) },
    ];
    let (limit, records) = run(&events, &rules());
    assert_eq!(limit.status(), CreditLimitStatus::InForce);
    assert_eq!(
        c3_4_status(&records, d(2026, 6, 30)),
        Status::Met { on: d(2026, 4, 4) }
    );
}

#[test]
fn c3_4_applying_early_is_a_breach() {
    let events = [
        granted(),
        reduce(d(2026, 3, 5), "40000", None),
        CreditLimitEvent::ChangeApplied { on: d(2026, 3, 20) },
    ];
    let (limit, records) = run(&events, &rules());
    assert_eq!(
        c3_4_status(&records, d(2026, 6, 30)),
        Status::Breached {
            on: d(2026, 3, 20),
            days: 15
        }
    );
    // Cover is contractual: deliveries before the effective date keep the old limit.
    assert_eq!(limit.cover_on(d(2026, 3, 25)), eur("100000"));
    assert!(
        records[2]
            .summary()
            .contains("15 day(s) before the notice ends on 2026-04-04")
    );
}

#[test]
fn c3_4_insolvency_waives_the_notice_with_its_reason() {
    let events = [
        granted(),
        CreditLimitEvent::withdrawal(
            d(2026, 5, 12),
            Some(ExceptionalCircumstance::BuyerInsolvency),
            &[],
        ),
        CreditLimitEvent::ChangeApplied { on: d(2026, 5, 12) },
    ];
    let (limit, records) = run(&events, &rules());
    assert_eq!(limit.status(), CreditLimitStatus::Withdrawn);
    assert_eq!(limit.cover_on(d(2026, 5, 11)), eur("100000"));
    assert_eq!(limit.cover_on(d(2026, 5, 12)), eur("0"));
    assert_eq!(
        records[1].rules()[0].exception.as_deref(),
        Some("buyer_insolvency")
    );
    let Status::Waived {
        circumstance,
        reason,
    } = c3_4_status(&records, d(2026, 6, 30))
    else {
        panic!("not waived")
    };
    assert_eq!(circumstance, "buyer_insolvency");
    assert!(reason.starts_with("The buyer is insolvent"));
}

#[test]
fn c3_4_a_policy_with_longer_notice_moves_the_effective_date() {
    let rules = credit_charter::Rulebook::embedded()
        .unwrap()
        .for_policy(&crate::support::terms(&[("credit_limit.notice_days", 60)]))
        .unwrap();
    let (limit, _) = run(&[granted(), reduce(d(2026, 3, 5), "40000", None)], &rules);
    assert_eq!(limit.cover_on(d(2026, 5, 3)), eur("100000"));
    assert_eq!(limit.cover_on(d(2026, 5, 4)), eur("40000"));
}

#[test]
fn c3_5_every_reduction_and_withdrawal_offers_an_objection_within_three_months() {
    let (_, records) = run(
        &[granted(), reduce(d(2026, 11, 30), "40000", None)],
        &rules(),
    );
    let right = records[1].objection().unwrap();
    assert_eq!((right.until, right.clause), (d(2027, 2, 28), Clause::C3_5)); // 30 Nov + 3 months, clamped
    assert!(records[0].objection().is_none(), "a grant is not adverse");
}

#[test]
fn events_that_do_not_fit_are_rejected_by_name() {
    let rules = rules();
    let limit = new_limit();
    let err = limit
        .apply(
            &CreditLimitEvent::ChangeApplied { on: d(2026, 1, 1) },
            &rules,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot apply `change_applied` to a credit limit that is not granted"
    );
    let limit = limit.apply(&granted(), &rules).unwrap().next;
    let cases = [
        (
            reduce(d(2026, 3, 5), "100000", None),
            "a reduction from `EUR 100,000.00` must be to an amount between zero and it, got `EUR 100,000.00`",
        ),
        (
            reduce(d(2026, 3, 5), "0", None),
            "a reduction from `EUR 100,000.00` must be to an amount between zero and it, got `EUR 0.00`",
        ),
        (
            CreditLimitEvent::reduction(
                d(2026, 3, 5),
                "USD 10".parse().unwrap(),
                "weak_financials",
            ),
            "amount `USD 10.00` is not in the limit's currency `EUR`",
        ),
        (
            reduce(d(2025, 12, 1), "40000", None),
            "event `reduction_announced` on 2025-12-01 is dated before the last event of credit limit POL-1/B-7, on 2026-01-05",
        ),
        (
            granted(),
            "cannot apply `granted` to a credit limit that is in force",
        ),
    ];
    for (event, message) in cases {
        let before = limit.clone();
        assert_eq!(
            limit.apply(&event, &rules).unwrap_err().to_string(),
            message
        );
        assert_eq!(limit, before);
    }
}

#[test]
fn a_failing_rule_fails_closed() {
    let source = "//! C3.4\nfn notice_period(change, params) { loop {} }";
    let book =
        crate::support::pack_with(&[("credit_limit/notice_period.rhai", Some(source))]).unwrap();
    let rules = book.for_policy(&crate::support::terms(&[])).unwrap();
    let limit = new_limit().apply(&granted(), &rules).unwrap().next;
    let err = limit
        .apply(&reduce(d(2026, 3, 5), "40000", None), &rules)
        .unwrap_err();
    assert!(matches!(err, CreditLimitError::Rule(_)));
    assert_eq!(limit.status(), CreditLimitStatus::InForce);
}

#[test]
fn state_survives_a_json_round_trip() {
    let (limit, records) = run(&[granted(), reduce(d(2026, 3, 5), "40000", None)], &rules());
    let back: CreditLimit = serde_json::from_str(&serde_json::to_string(&limit).unwrap()).unwrap();
    assert_eq!(back, limit);
    let record: DecisionRecord =
        serde_json::from_str(&serde_json::to_string(&records[1]).unwrap()).unwrap();
    assert_eq!(record, records[1]);
}

/// Random event sequences, valid or not, over 2026.
fn events() -> impl Strategy<Value = Vec<CreditLimitEvent>> {
    let day = (0_u64..330).prop_map(|n| d(2026, 1, 1) + chrono::Days::new(n));
    let amount = (0_i64..200).prop_map(|k| eur(&(k * 1_000).to_string()));
    let circumstance = prop::option::weighted(
        0.3,
        prop::sample::select(vec![
            ExceptionalCircumstance::BuyerInsolvency,
            ExceptionalCircumstance::Sanctions,
            ExceptionalCircumstance::StoppageOfCover,
            ExceptionalCircumstance::Fraud,
        ]),
    );
    let event = prop_oneof![
        (day.clone(), amount.clone())
            .prop_map(|(on, amount)| CreditLimitEvent::Granted { on, amount }),
        (day.clone(), amount, circumstance.clone()).prop_map(|(on, new_amount, circumstance)| {
            CreditLimitEvent::ReductionAnnounced {
                on,
                new_amount,
                reasons: vec!["weak_financials".into()],
                circumstance,
                customer_consulted_on: None,
                limit_in_use: true,
                rating: None,
                rating_stated: false,
            }
        }),
        (day.clone(), circumstance).prop_map(|(on, circumstance)| {
            CreditLimitEvent::withdrawal(on, circumstance, &["payment_experience"])
        }),
        day.prop_map(|on| CreditLimitEvent::ChangeApplied { on }),
    ];
    prop::collection::vec(event, 1..25).prop_map(|mut events| {
        // Mostly in date order, so that sequences get past the first event.
        events.sort_by_key(credit_charter::Event::on);
        events
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn laws_of_the_credit_limit_machine(events in events()) {
        let rules = rules();
        let notice_days = 30;
        let mut limit = new_limit();
        let mut records = Vec::new();
        for event in &events {
            let before = serde_json::to_string(&limit).unwrap();
            match limit.apply(event, &rules) {
                Err(_) => {
                    // A rejected event leaves the aggregate exactly as it was.
                    prop_assert_eq!(serde_json::to_string(&limit).unwrap(), before);
                }
                Ok(step) => {
                    let record = &step.record;
                    // Every adverse decision carries a reason and an objection deadline not before it.
                    if record.decision().is_adverse() {
                        prop_assert!(!record.reasons().is_empty());
                        prop_assert!(record.objection().is_some_and(|o| o.until > record.on()));
                    }
                    for obligation in record.obligations() {
                        let (Duty::By { due: date } | Duty::NotBefore { date }) = obligation.duty;
                        prop_assert!(date >= record.on(), "deadline before its trigger");
                        // A non-exceptional change never takes effect before the notice has run.
                        if obligation.clause == Clause::C3_4 && obligation.waiver.is_none() {
                            prop_assert!(date >= record.on() + chrono::Days::new(notice_days));
                        }
                    }
                    // Changes are never retroactive: cover for past deliveries is unchanged.
                    for past in [record.on() - chrono::Days::new(1), record.on() - chrono::Days::new(40)] {
                        prop_assert_eq!(step.next.cover_on(past), limit.cover_on(past));
                    }
                    records.push(step.record);
                    limit = step.next;
                }
            }
        }
        // The report is a pure function of the records.
        let as_of = d(2026, 12, 31);
        prop_assert_eq!(ComplianceReport::build(&records, as_of), ComplianceReport::build(&records, as_of));
    }
}
