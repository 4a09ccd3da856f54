//! The whole credit-limit lifecycle: scenarios per clause (kept, breached, waived) and
//! properties over random event sequences.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::credit_limit::{
    BuyerRating, CreditLimit, CreditLimitError, CreditLimitEvent as Ev, CreditLimitStatus,
    Delivery, ExceptionalCircumstance, Route, Uncovered,
};
use credit_charter::explain::{Decision, Party, Status};
use credit_charter::{Clause, ComplianceReport, DecisionRecord, Rulebook};
use proptest::prelude::*;

use super::{new_limit, run as run_with};
use crate::support::{d, eur, rules, terms};

fn run(events: &[Ev]) -> (CreditLimit, Vec<DecisionRecord>) {
    run_with(events, &rules())
}

/// The statuses of one clause's obligations, in order, as of `as_of`.
fn statuses(records: &[DecisionRecord], clause: Clause, as_of: NaiveDate) -> Vec<Status> {
    ComplianceReport::build(records, as_of)
        .obligations()
        .filter(|o| o.obligation.clause == clause)
        .map(|o| o.status.clone())
        .collect()
}

fn apply(on: NaiveDate, requested: &str, route: Route) -> Ev {
    Ev::Applied {
        on,
        requested: eur(requested),
        route,
    }
}

fn decided(on: NaiveDate, amount: &str, reasons: &[&str]) -> Ev {
    Ev::Decided {
        on,
        amount: eur(amount),
        conditions: Vec::new(),
        expires_on: None,
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
        rating: Some(BuyerRating::new(5).unwrap()),
        rating_stated: true,
    }
}

fn rating(grade: u8) -> BuyerRating {
    BuyerRating::new(grade).unwrap()
}

const THU: (i32, u32, u32) = (2026, 3, 5);

fn thu() -> NaiveDate {
    d(THU.0, THU.1, THU.2)
}

// C3.1 — timely decisions, kept informed.

#[test]
fn c3_1_an_instant_check_is_decided_the_same_day() {
    let (limit, records) = run(&[
        apply(thu(), "20000", Route::Instant),
        decided(thu(), "20000", &["limit_approved"]),
    ]);
    assert_eq!(limit.status(), CreditLimitStatus::InForce);
    assert_eq!(records[1].decision(), Decision::LimitApproved);
    assert_eq!(
        statuses(&records, Clause::C3_1, thu()),
        [Status::Met { on: thu() }]
    );
}

#[test]
fn c3_1_a_referred_decision_within_five_business_days_is_on_time() {
    // Thu 5 March + 5 business days = Thu 12 March; a first status update is due then too.
    let (_, records) = run(&[
        apply(thu(), "250000", Route::Referred),
        decided(d(2026, 3, 11), "250000", &["limit_approved"]),
    ]);
    assert_eq!(
        records[0].summary(),
        "Application for a limit of EUR 250,000.00 on buyer B-7 (referred route); decision due by 2026-03-12."
    );
    assert_eq!(
        statuses(&records, Clause::C3_1, d(2026, 6, 1)),
        [
            Status::Met { on: d(2026, 3, 11) },
            Status::Met { on: d(2026, 3, 11) }
        ]
    );
}

#[test]
fn c3_1_a_late_decision_without_updates_breaks_both_promises() {
    let (_, records) = run(&[
        apply(thu(), "250000", Route::Referred),
        decided(d(2026, 3, 16), "250000", &["limit_approved"]),
    ]);
    let late = Status::MetLate {
        on: d(2026, 3, 16),
        days_late: 4,
    };
    assert_eq!(
        statuses(&records, Clause::C3_1, d(2026, 6, 1)),
        [late.clone(), late]
    );
}

#[test]
fn c3_1_an_undecided_application_is_breached_once_overdue() {
    let (_, records) = run(&[apply(thu(), "250000", Route::Referred)]);
    assert_eq!(
        statuses(&records, Clause::C3_1, d(2026, 3, 12))[0],
        Status::Pending {
            until: d(2026, 3, 12)
        }
    );
    assert_eq!(
        statuses(&records, Clause::C3_1, d(2026, 3, 14))[0],
        Status::Breached {
            on: d(2026, 3, 13),
            days: 2
        }
    );
}

#[test]
fn c3_1_status_updates_keep_the_customer_informed_while_pending() {
    let rules = Rulebook::embedded()
        .unwrap()
        .for_policy(&terms(&[(
            "credit_limit.referred_decision_business_days",
            10,
        )]))
        .unwrap();
    let events = [
        apply(thu(), "250000", Route::Referred),
        Ev::StatusUpdateSent { on: d(2026, 3, 12) },
        decided(d(2026, 3, 17), "250000", &["limit_approved"]),
    ];
    let (_, records) = run_with(&events, &rules);
    // Decision due 19 March; update due 12 March (sent), next due 19 March (made moot by the decision).
    assert_eq!(
        statuses(&records, Clause::C3_1, d(2026, 6, 1)),
        [
            Status::Met { on: d(2026, 3, 17) },
            Status::Met { on: d(2026, 3, 12) },
            Status::Met { on: d(2026, 3, 17) },
        ]
    );
}

// C3.2 — no decision behind the customer's back.

fn consulted_cut() -> Vec<Ev> {
    vec![
        apply(thu(), "250000", Route::Referred),
        Ev::InformationRequested {
            on: d(2026, 3, 6),
            about: "latest accounts".into(),
        },
        Ev::InformationReceived { on: d(2026, 3, 10) },
        decided(d(2026, 3, 12), "150000", &["weak_financials"]),
    ]
}

#[test]
fn c3_2_a_counter_offer_after_consulting_the_customer_keeps_the_promise() {
    let (limit, records) = run(&consulted_cut());
    assert_eq!(records[3].decision(), Decision::LimitPartiallyApproved);
    assert_eq!(limit.cover_on(d(2026, 3, 12)), eur("150000"));
    let report = ComplianceReport::build(&records, d(2026, 6, 1));
    let c3_2 = report
        .obligations()
        .filter(|o| o.obligation.clause == Clause::C3_2);
    let owners_and_statuses: Vec<(Party, Status)> = c3_2
        .map(|o| (o.obligation.owner, o.status.clone()))
        .collect();
    assert_eq!(
        owners_and_statuses,
        [
            (Party::Customer, Status::Met { on: d(2026, 3, 10) }),
            (Party::Insurer, Status::Met { on: d(2026, 3, 6) }),
        ]
    );
}

#[test]
fn c3_2_a_refusal_without_consulting_the_customer_is_a_breach() {
    let (limit, records) = run(&[
        apply(thu(), "250000", Route::Referred),
        decided(d(2026, 3, 10), "0", &["payment_experience"]),
    ]);
    assert_eq!(limit.status(), CreditLimitStatus::Refused);
    assert_eq!(
        statuses(&records, Clause::C3_2, d(2026, 6, 1)),
        [Status::Breached {
            on: d(2026, 3, 10),
            days: 0
        }]
    );
}

#[test]
fn c3_2_a_customer_who_does_not_answer_breaks_its_own_duty() {
    let events = [
        apply(thu(), "250000", Route::Referred),
        Ev::InformationRequested {
            on: d(2026, 3, 6),
            about: String::new(),
        },
        Ev::AnswerPeriodLapsed { on: d(2026, 3, 20) },
        decided(d(2026, 3, 23), "100000", &["limited_information"]),
    ];
    let (_, records) = run(&events);
    let report = ComplianceReport::build(&records, d(2026, 6, 1));
    let customer: Vec<_> = report
        .breaches()
        .filter(|b| b.obligation.owner == Party::Customer)
        .collect();
    assert_eq!(customer.len(), 1);
    assert_eq!(
        *customer[0].status,
        Status::Breached {
            on: d(2026, 3, 20),
            days: 0
        }
    );
}

#[test]
fn c3_2_the_answer_period_cannot_lapse_early_and_no_decision_is_taken_meanwhile() {
    let rules = rules();
    let (limit, _) = run(&[
        apply(thu(), "250000", Route::Referred),
        Ev::InformationRequested {
            on: d(2026, 3, 6),
            about: String::new(),
        },
    ]);
    let early = limit
        .apply(&Ev::AnswerPeriodLapsed { on: d(2026, 3, 19) }, &rules)
        .unwrap_err();
    assert_eq!(
        early,
        CreditLimitError::AnswerPeriodRunning {
            answer_due: d(2026, 3, 20)
        }
    );
    let decided_meanwhile = limit
        .apply(&decided(d(2026, 3, 10), "0", &["weak_financials"]), &rules)
        .unwrap_err();
    assert_eq!(
        decided_meanwhile.to_string(),
        "cannot apply `decided` to a credit limit that is awaiting the customer's information"
    );
}

#[test]
fn c3_2_insolvency_waives_the_consultation() {
    let (_, records) = run(&[
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("100000"),
        },
        Ev::withdrawal(
            d(2026, 5, 12),
            Some(ExceptionalCircumstance::BuyerInsolvency),
            &[],
        ),
    ]);
    let waived = statuses(&records, Clause::C3_2, d(2026, 6, 1));
    let [
        Status::Waived {
            circumstance,
            reason,
        },
    ] = waived.as_slice()
    else {
        panic!("{waived:?}")
    };
    assert_eq!(circumstance, "buyer_insolvency");
    assert_eq!(
        reason,
        "An exceptional circumstance leaves no time to consult you before the change."
    );
}

// C3.3 — the buyer's rating, where relevant.

#[test]
fn c3_3_an_adverse_decision_states_the_rating() {
    let (_, records) = run(&consulted_cut());
    assert_eq!(
        statuses(&records, Clause::C3_3, d(2026, 6, 1)),
        [Status::Met { on: d(2026, 3, 12) }]
    );
    let mut silent = consulted_cut();
    if let Some(Ev::Decided { rating_stated, .. }) = silent.last_mut() {
        *rating_stated = false;
    }
    let (_, records) = run(&silent);
    assert_eq!(
        statuses(&records, Clause::C3_3, d(2026, 6, 1)),
        [Status::Breached {
            on: d(2026, 3, 12),
            days: 0
        }]
    );
}

#[test]
fn c3_3_a_downgrade_to_a_weak_grade_is_told_and_a_good_one_need_not_be() {
    let granted = Ev::Granted {
        on: d(2026, 1, 5),
        amount: eur("100000"),
    };
    let told = Ev::RatingChanged {
        on: d(2026, 2, 1),
        rating: rating(8),
        told_customer: true,
    };
    let untold = Ev::RatingChanged {
        on: d(2026, 2, 1),
        rating: rating(8),
        told_customer: false,
    };
    let good = Ev::RatingChanged {
        on: d(2026, 2, 1),
        rating: rating(4),
        told_customer: false,
    };
    assert_eq!(
        statuses(
            &run(&[granted.clone(), told]).1,
            Clause::C3_3,
            d(2026, 6, 1)
        ),
        [Status::Met { on: d(2026, 2, 1) }]
    );
    assert_eq!(
        statuses(
            &run(&[granted.clone(), untold]).1,
            Clause::C3_3,
            d(2026, 6, 1)
        ),
        [Status::Breached {
            on: d(2026, 2, 1),
            days: 0
        }]
    );
    assert!(statuses(&run(&[granted, good]).1, Clause::C3_3, d(2026, 6, 1)).is_empty());
}

// C3.5 — every adverse decision can be objected to.

#[test]
fn c3_5_every_adverse_decision_carries_the_objection_right() {
    let (_, records) = run(&[
        apply(thu(), "250000", Route::Referred),
        decided(d(2026, 3, 10), "0", &["payment_experience"]),
    ]);
    let refusal = &records[1];
    assert_eq!(refusal.objection().unwrap().until, d(2026, 6, 10));
    assert_eq!(
        statuses(&records, Clause::C3_5, d(2026, 6, 1)),
        [Status::Met { on: d(2026, 3, 10) }]
    );
    // And an adverse decision without a reason is refused outright.
    let rules = rules();
    let (pending, _) = run(&[apply(thu(), "250000", Route::Referred)]);
    let err = pending
        .apply(&decided(d(2026, 3, 10), "0", &[]), &rules)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "limit refused on credit limit POL-1/B-7 has no reason: adverse decisions are always explained"
    );
    assert!(
        pending
            .apply(&decided(d(2026, 3, 10), "0", &["made_up"]), &rules)
            .is_err()
    );
}

// The rest of the lifecycle.

#[test]
fn a_temporary_increase_covers_its_season_then_falls_back() {
    let events = [
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("100000"),
        },
        apply(d(2026, 9, 1), "160000", Route::Instant),
        Ev::Decided {
            on: d(2026, 9, 1),
            amount: eur("160000"),
            conditions: Vec::new(),
            expires_on: Some(d(2026, 12, 31)),
            reasons: vec!["seasonal_peak".into()],
            rating: None,
            rating_stated: false,
        },
        Ev::TemporaryLimitExpired {
            on: d(2026, 12, 31),
        },
    ];
    let (limit, records) = run(&events);
    assert_eq!(records[2].decision(), Decision::LimitApprovedTemporarily);
    assert_eq!(limit.cover_on(d(2026, 8, 31)), eur("100000"));
    assert_eq!(limit.cover_on(d(2026, 12, 30)), eur("160000"));
    assert_eq!(limit.cover_on(d(2026, 12, 31)), eur("100000"));
    assert_eq!(
        (limit.status(), limit.terms().unwrap().amount),
        (CreditLimitStatus::InForce, eur("100000"))
    );
}

#[test]
fn an_increase_cannot_be_used_to_cut_a_limit_without_notice() {
    let rules = rules();
    let (limit, _) = run(&[Ev::Granted {
        on: d(2026, 1, 5),
        amount: eur("100000"),
    }]);
    assert!(matches!(
        limit.apply(&apply(d(2026, 2, 1), "90000", Route::Referred), &rules),
        Err(CreditLimitError::NotAnIncrease { .. })
    ));
    let (pending, _) = run(&[
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("100000"),
        },
        apply(d(2026, 2, 2), "150000", Route::Referred),
    ]);
    let err = pending
        .apply(
            &decided(d(2026, 2, 3), "60000", &["weak_financials"]),
            &rules,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a decision cannot lower the limit in force from `EUR 100,000.00` to `EUR 60,000.00`: announce a reduction instead (C3.4)"
    );
    let (kept, records) = run(&[
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("100000"),
        },
        apply(d(2026, 2, 2), "150000", Route::Referred),
        decided(d(2026, 2, 3), "100000", &["exposure_concentration"]),
    ]);
    assert_eq!(
        (records[2].decision(), kept.cover_on(d(2026, 2, 3))),
        (Decision::IncreaseRefused, eur("100000"))
    );
}

#[test]
fn a_discretionary_limit_follows_the_policy_and_a_zero_decision_blocks_it() {
    let dcl = |on, amount: &str| Ev::DiscretionaryLimitSet {
        on,
        amount: eur(amount),
        credit_report_on: d(2026, 1, 10),
        loss_in_last_12_months: false,
    };
    let (limit, records) = run(&[dcl(d(2026, 2, 1), "15000")]);
    assert_eq!(
        (records[0].decision(), limit.cover_on(d(2026, 2, 1))),
        (Decision::DiscretionaryLimitSet, eur("15000"))
    );
    let (limit, records) = run(&[dcl(d(2026, 2, 1), "20000")]);
    assert_eq!(
        (records[0].decision(), limit.status()),
        (
            Decision::DiscretionaryLimitRefused,
            CreditLimitStatus::NoLimit
        )
    );
    assert_eq!(records[0].reasons()[0].code, "discretionary_above_maximum");
    let (_, records) = run(&[
        apply(thu(), "40000", Route::Instant),
        decided(thu(), "0", &["payment_experience"]),
        dcl(d(2026, 6, 1), "10000"),
    ]);
    assert_eq!(records[2].reasons()[0].code, "recent_zero_decision");
}

#[test]
fn cancelling_keeps_cover_for_deliveries_already_made() {
    let (limit, _) = run(&[
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("100000"),
        },
        Ev::CancelledByCustomer { on: d(2026, 6, 1) },
    ]);
    assert_eq!(
        (
            limit.status(),
            limit.cover_on(d(2026, 5, 31)),
            limit.cover_on(d(2026, 6, 1))
        ),
        (CreditLimitStatus::Cancelled, eur("100000"), eur("0"))
    );
}

#[test]
fn exposure_honours_the_limit_history() {
    let events = [
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("100000"),
        },
        Ev::reduction(d(2026, 3, 5), eur("40000"), "weak_financials"),
    ];
    let (limit, _) = run(&events);
    let delivery = |invoice: &str, on, amount: &str| Delivery {
        invoice: invoice.into(),
        delivered_on: on,
        outstanding: eur(amount),
    };
    let exposure = limit
        .exposure(&[
            delivery("F-1", d(2026, 1, 2), "5000"),
            delivery("F-2", d(2026, 1, 20), "60000"),
            delivery("F-3", d(2026, 2, 10), "50000"),
            delivery("F-4", d(2026, 4, 10), "5000"),
        ])
        .unwrap();
    let lines: Vec<(&str, Money, Option<Uncovered>)> = exposure
        .lines
        .iter()
        .map(|l| (l.delivery.invoice.as_str(), l.covered, l.reason))
        .collect();
    assert_eq!(
        lines,
        [
            ("F-1", eur("0"), Some(Uncovered::NoLimitAtDelivery)),
            ("F-2", eur("60000"), None),
            ("F-3", eur("40000"), Some(Uncovered::AboveLimitAtDelivery)),
            ("F-4", eur("0"), Some(Uncovered::AboveLimitAtDelivery)),
        ]
    );
    assert_eq!(
        (exposure.covered, exposure.uncovered),
        (eur("100000"), eur("20000"))
    );
}

use credit_charter::Money;

/// Any event of the lifecycle, valid or not, in 2026.
fn any_event() -> impl Strategy<Value = Ev> {
    let day = (0_u64..330).prop_map(|n| d(2026, 1, 1) + chrono::Days::new(n));
    let amount = (0_i64..40).prop_map(|k| eur(&(k * 10_000).to_string()));
    let grade = (1_u8..=10).prop_map(rating);
    let circumstance = prop::option::weighted(
        0.3,
        prop::sample::select(vec![
            ExceptionalCircumstance::BuyerInsolvency,
            ExceptionalCircumstance::Fraud,
        ]),
    );
    let reasons = prop::sample::subsequence(
        vec![
            "weak_financials".to_owned(),
            "payment_experience".to_owned(),
            "limit_approved".to_owned(),
        ],
        0..=2,
    );
    let route = prop::sample::select(vec![Route::Instant, Route::Referred]);
    prop_oneof![
        (day.clone(), amount.clone(), route).prop_map(|(on, requested, route)| Ev::Applied {
            on,
            requested,
            route
        }),
        day.clone().prop_map(|on| Ev::StatusUpdateSent { on }),
        day.clone().prop_map(|on| Ev::InformationRequested {
            on,
            about: String::new()
        }),
        day.clone().prop_map(|on| Ev::InformationReceived { on }),
        day.clone().prop_map(|on| Ev::AnswerPeriodLapsed { on }),
        (
            day.clone(),
            amount.clone(),
            reasons,
            prop::option::of(grade.clone()),
            any::<bool>(),
            prop::option::weighted(0.2, day.clone())
        )
            .prop_map(|(on, amount, reasons, rating, rating_stated, expires_on)| {
                Ev::Decided {
                    on,
                    amount,
                    conditions: Vec::new(),
                    expires_on,
                    reasons,
                    rating,
                    rating_stated,
                }
            }),
        (day.clone(), amount.clone()).prop_map(|(on, amount)| Ev::DiscretionaryLimitSet {
            on,
            amount,
            credit_report_on: d(2026, 1, 1),
            loss_in_last_12_months: false
        }),
        (day.clone(), amount.clone()).prop_map(|(on, amount)| Ev::Granted { on, amount }),
        (day.clone(), grade, any::<bool>()).prop_map(|(on, rating, told_customer)| {
            Ev::RatingChanged {
                on,
                rating,
                told_customer,
            }
        }),
        (
            day.clone(),
            amount.clone(),
            circumstance.clone(),
            any::<bool>()
        )
            .prop_map(
                |(on, new_amount, circumstance, in_use)| Ev::ReductionAnnounced {
                    on,
                    new_amount,
                    reasons: vec!["weak_financials".into()],
                    circumstance,
                    customer_consulted_on: None,
                    limit_in_use: in_use,
                    rating: None,
                    rating_stated: true,
                }
            ),
        (day.clone(), circumstance).prop_map(|(on, c)| Ev::withdrawal(
            on,
            c,
            &["payment_experience"]
        )),
        day.clone().prop_map(|on| Ev::ChangeApplied { on }),
        day.clone().prop_map(|on| Ev::CancelledByCustomer { on }),
        day.prop_map(|on| Ev::TemporaryLimitExpired { on }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn laws_of_the_whole_lifecycle(mut events in prop::collection::vec(any_event(), 1..30)) {
        events.sort_by_key(credit_charter::Event::on);
        let rules = rules();
        let mut limit = new_limit();
        for event in &events {
            let before = limit.clone();
            let Ok(step) = limit.apply(event, &rules) else {
                prop_assert_eq!(&limit, &before, "a rejected event changed the limit");
                continue;
            };
            let record = &step.record;
            if record.decision().is_adverse() {
                prop_assert!(!record.reasons().is_empty(), "adverse without a reason: {:?}", record.decision());
                prop_assert!(record.objection().is_some_and(|o| o.until > record.on()));
            }
            for obligation in record.obligations() {
                let (credit_charter::explain::Duty::By { due: date } | credit_charter::explain::Duty::NotBefore { date }) = obligation.duty;
                prop_assert!(date >= record.on(), "deadline before its trigger: {}", obligation.what);
                if obligation.clause == Clause::C3_4 && obligation.waiver.is_none() {
                    prop_assert!(date >= record.on() + chrono::Days::new(30), "notice shorter than 30 days");
                }
            }
            for past in [record.on() - chrono::Days::new(1), record.on() - chrono::Days::new(45)] {
                prop_assert_eq!(step.next.cover_on(past), limit.cover_on(past), "cover changed retroactively");
            }
            limit = step.next;
        }
    }

    #[test]
    fn covered_exposure_never_exceeds_the_limit_at_delivery(
        events in prop::collection::vec(any_event(), 1..20),
        deliveries in prop::collection::vec((0_u64..360, 0_i64..80), 0..12),
    ) {
        let mut events = events;
        events.sort_by_key(credit_charter::Event::on);
        let rules = rules();
        let mut limit = new_limit();
        for event in &events {
            if let Ok(step) = limit.apply(event, &rules) {
                limit = step.next;
            }
        }
        let deliveries: Vec<Delivery> = deliveries.iter().enumerate().map(|(i, (day, k))| Delivery {
            invoice: format!("F-{i}"),
            delivered_on: d(2026, 1, 1) + chrono::Days::new(*day),
            outstanding: eur(&(k * 2_500).to_string()),
        }).collect();
        let exposure = limit.exposure(&deliveries).unwrap();
        let mut covered_so_far = eur("0");
        for line in &exposure.lines {
            covered_so_far = covered_so_far.checked_add(line.covered).unwrap();
            prop_assert_eq!(line.covered.checked_add(line.uncovered).unwrap(), line.delivery.outstanding);
            prop_assert!(line.covered.is_zero() || covered_so_far.checked_cmp(line.limit_at_delivery).unwrap().is_le(),
                "covered {} exceeds the limit {} at delivery", covered_so_far, line.limit_at_delivery);
            prop_assert_eq!(line.reason.is_some(), !line.uncovered.is_zero());
        }
        prop_assert_eq!(exposure.covered, covered_so_far);
    }
}

#[test]
fn a_reduction_must_say_why_unless_an_exceptional_circumstance_does() {
    let rules = rules();
    let (limit, _) = run(&[Ev::Granted {
        on: d(2026, 1, 5),
        amount: eur("100000"),
    }]);
    let unexplained = Ev::withdrawal(d(2026, 3, 5), None, &[]);
    assert_eq!(
        limit.apply(&unexplained, &rules).unwrap_err().to_string(),
        "`withdrawal_announced` must state why: give at least one reason code, or the exceptional circumstance invoked"
    );
    assert!(
        limit
            .apply(
                &Ev::withdrawal(d(2026, 3, 5), Some(ExceptionalCircumstance::Fraud), &[]),
                &rules
            )
            .is_ok()
    );
}

#[test]
fn a_zero_decision_cancels_a_discretionary_limit() {
    let events = [
        Ev::DiscretionaryLimitSet {
            on: d(2026, 2, 1),
            amount: eur("15000"),
            credit_report_on: d(2026, 1, 10),
            loss_in_last_12_months: false,
        },
        apply(d(2026, 3, 2), "60000", Route::Referred),
        decided(d(2026, 3, 6), "0", &["payment_experience"]),
    ];
    let (limit, records) = run(&events);
    assert_eq!(
        (records[2].decision(), limit.status()),
        (Decision::LimitRefused, CreditLimitStatus::Refused)
    );
    assert_eq!(
        (limit.cover_on(d(2026, 3, 5)), limit.cover_on(d(2026, 3, 6))),
        (eur("15000"), eur("0"))
    );
}

#[test]
fn reducing_a_temporary_limit_keeps_its_expiry() {
    let events = [
        apply(d(2026, 1, 5), "100000", Route::Instant),
        Ev::Decided {
            on: d(2026, 1, 5),
            amount: eur("100000"),
            conditions: Vec::new(),
            expires_on: Some(d(2026, 6, 30)),
            reasons: vec!["seasonal_peak".into()],
            rating: None,
            rating_stated: false,
        },
        Ev::reduction(d(2026, 3, 2), eur("60000"), "weak_financials"),
        Ev::ChangeApplied { on: d(2026, 4, 1) },
        Ev::TemporaryLimitExpired { on: d(2026, 6, 30) },
    ];
    let (limit, _) = run(&events);
    assert_eq!(
        (
            limit.cover_on(d(2026, 4, 1)),
            limit.cover_on(d(2026, 6, 30))
        ),
        (eur("60000"), eur("0"))
    );
    assert_eq!(limit.status(), CreditLimitStatus::Expired);
}

fn temporary(on: NaiveDate, amount: &str, expires_on: NaiveDate) -> Ev {
    Ev::Decided {
        on,
        amount: eur(amount),
        conditions: Vec::new(),
        expires_on: Some(expires_on),
        reasons: vec!["seasonal_peak".into()],
        rating: None,
        rating_stated: false,
    }
}

/// Issue 12: a temporary increase on top of a temporary limit falls back to that limit
/// with its own expiry, not to a limit without one. EUR 100,000 until 30 June; EUR 150,000
/// for March: from 1 April EUR 100,000 again until 30 June, then nothing.
#[test]
fn a_temporary_increase_on_a_temporary_limit_keeps_the_first_expiry() {
    let events = [
        apply(d(2026, 1, 5), "100000", Route::Instant),
        temporary(d(2026, 1, 5), "100000", d(2026, 6, 30)),
        apply(d(2026, 3, 2), "150000", Route::Instant),
        temporary(d(2026, 3, 2), "150000", d(2026, 4, 1)),
        Ev::TemporaryLimitExpired { on: d(2026, 4, 1) },
    ];
    let (limit, _) = run(&events);
    let cover: Vec<_> = [
        d(2026, 3, 31),
        d(2026, 4, 1),
        d(2026, 6, 29),
        d(2026, 6, 30),
    ]
    .map(|on| limit.cover_on(on))
    .into();
    assert_eq!(
        cover,
        [eur("150000"), eur("100000"), eur("100000"), eur("0")]
    );
    let terms = limit.terms().unwrap();
    assert_eq!(
        (terms.amount, terms.expires_on),
        (eur("100000"), Some(d(2026, 6, 30)))
    );
    // The first limit's own expiry then ends cover as it would have.
    let (expired, _) = run(&[
        events.to_vec(),
        vec![Ev::TemporaryLimitExpired { on: d(2026, 6, 30) }],
    ]
    .concat());
    assert_eq!(expired.status(), CreditLimitStatus::Expired);
}

/// A temporary increase that outlasts the temporary limit under it falls back to what that
/// limit fell back to: EUR 80,000 permanent, EUR 100,000 until 30 June, EUR 150,000 until
/// 30 September — from 30 September EUR 80,000.
#[test]
fn a_temporary_increase_outlasting_the_one_below_falls_back_past_it() {
    let events = [
        Ev::Granted {
            on: d(2026, 1, 5),
            amount: eur("80000"),
        },
        apply(d(2026, 2, 2), "100000", Route::Instant),
        temporary(d(2026, 2, 2), "100000", d(2026, 6, 30)),
        apply(d(2026, 3, 2), "150000", Route::Instant),
        temporary(d(2026, 3, 2), "150000", d(2026, 9, 30)),
        Ev::TemporaryLimitExpired { on: d(2026, 9, 30) },
    ];
    let (limit, _) = run(&events);
    assert_eq!(limit.cover_on(d(2026, 9, 29)), eur("150000"));
    assert_eq!(limit.cover_on(d(2026, 9, 30)), eur("80000"));
    let terms = limit.terms().unwrap();
    assert_eq!((terms.amount, terms.expires_on), (eur("80000"), None));
}
