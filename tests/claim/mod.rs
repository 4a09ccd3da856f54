//! The claim machine and the itemised payout: C4.1 and C4.3 scenarios with worked numbers,
//! and properties of the payout over random claims and policy terms.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::claim::{
    BuyerInvoice, Claim, ClaimDates, ClaimEffect, ClaimError, ClaimEvent, ClaimStatus, Credit,
    CreditKind, LossBasis, Payout, PayoutCase, PayoutOutcome, PolicyYearUsage, compute_payout,
};
use credit_charter::credit_limit::LimitSpan;
use credit_charter::explain::{Decision, Duty, LineKind, Party, Status};
use credit_charter::money::Percentage;
use credit_charter::money::rounding::round_to_minor_units;
use credit_charter::rulebook::ParamInput;
use credit_charter::{
    BuyerId, Clause, ComplianceReport, Currency, DecisionRecord, Money, PolicyId, PolicyRules,
    PolicyTerms, Rulebook,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::support::{d, eur};

/// The embedded pack bound to EUR/NL terms with these parameter overrides.
fn rules_with(parameters: &[(&str, ParamInput)]) -> PolicyRules {
    policy(&Rulebook::embedded().unwrap(), parameters)
}

/// `pack` bound to EUR/NL terms with these parameter overrides.
pub(crate) fn policy(pack: &Rulebook, parameters: &[(&str, ParamInput)]) -> PolicyRules {
    pack.for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: parameters
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    })
    .unwrap()
}

pub(crate) fn text(s: &str) -> ParamInput {
    ParamInput::Text(s.to_owned())
}

pub(crate) fn invoice(number: &str, delivered: NaiveDate, amount: &str, vat: &str) -> BuyerInvoice {
    BuyerInvoice {
        number: number.into(),
        invoice_date: delivered,
        delivery_date: delivered,
        due_date: delivered + chrono::Days::new(30),
        amount: eur(amount),
        vat: eur(vat),
        disputed: false,
    }
}

pub(crate) fn limit(amount: &str) -> Vec<LimitSpan> {
    vec![LimitSpan {
        from: d(2025, 1, 1),
        amount: eur(amount),
    }]
}

pub(crate) fn case(invoices: Vec<BuyerInvoice>, cover: Vec<LimitSpan>) -> PayoutCase {
    PayoutCase {
        currency: Currency::EUR,
        invoices,
        credits: Vec::new(),
        cover,
        date_of_loss: d(2026, 8, 1),
        stoppage_of_cover: None,
        usage: PolicyYearUsage::default(),
        dates: ClaimDates::default(),
    }
}

pub(crate) fn less(payout: &Payout, code: &str) -> Option<Money> {
    payout
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Less && l.reason.as_ref().is_some_and(|r| r.code == code))
        .map(|l| l.amount)
}

#[test]
fn c4_3_limit_of_100000_on_120000_outstanding_at_90_percent_pays_90000() {
    let payout = compute_payout(
        &case(
            vec![
                invoice("INV-1", d(2026, 1, 10), "60000", "0"),
                invoice("INV-2", d(2026, 1, 20), "60000", "0"),
            ],
            limit("100000"),
        ),
        &rules_with(&[]),
        d(2026, 9, 1),
    )
    .unwrap();
    assert_eq!(payout.amount, eur("90000"));
    assert_eq!(payout.loss, eur("120000"));
    assert_eq!(payout.within_limit, eur("100000"));
    assert_eq!(less(&payout, "above_credit_limit"), Some(eur("20000")));
    assert_eq!(less(&payout, "uninsured_percentage"), Some(eur("10000")));
    assert_eq!(payout.outcome, PayoutOutcome::Partial);
    // The excess is the later delivery's: the limit is used up in delivery order.
    let above = payout
        .lines
        .iter()
        .find(|l| {
            l.reason
                .as_ref()
                .is_some_and(|r| r.code == "above_credit_limit")
        })
        .unwrap();
    assert!(
        above
            .label
            .starts_with("INV-2: above the EUR 100,000.00 limit at delivery on 2026-01-20")
    );
    assert!(
        above
            .reason
            .as_ref()
            .unwrap()
            .text
            .contains("above the credit limit")
    );
}

#[test]
fn c4_3_within_the_limit_the_insured_percentage_is_a_full_payout() {
    let payout = compute_payout(
        &case(
            vec![invoice("INV-1", d(2026, 1, 10), "80000", "0")],
            limit("100000"),
        ),
        &rules_with(&[]),
        d(2026, 9, 1),
    )
    .unwrap();
    assert_eq!(payout.amount, eur("72000"));
    assert_eq!(payout.outcome, PayoutOutcome::Full);
}

#[test]
fn c4_3_vat_and_payments_before_the_date_of_loss_come_off_oldest_invoice_first() {
    let mut claim = case(
        vec![
            invoice("INV-1", d(2026, 1, 10), "10000", "2100"),
            invoice("INV-2", d(2026, 2, 10), "10000", "2100"),
        ],
        limit("100000"),
    );
    claim.credits = vec![
        Credit {
            on: d(2026, 3, 1),
            kind: CreditKind::Payment,
            amount: eur("12100"),
        },
        // After the date of loss: a recovery, not part of the payout.
        Credit {
            on: d(2026, 8, 2),
            kind: CreditKind::Payment,
            amount: eur("1000"),
        },
    ];
    let payout = compute_payout(&claim, &rules_with(&[]), d(2026, 9, 1)).unwrap();
    assert_eq!(less(&payout, "payments_before_loss"), Some(eur("12100")));
    // INV-1 is paid; only INV-2's VAT is left out.
    assert_eq!(less(&payout, "vat_not_insured"), Some(eur("2100")));
    assert_eq!(payout.eligible, eur("10000"));
    assert_eq!(payout.amount, eur("9000"));
    assert_eq!(payout.outcome, PayoutOutcome::Partial);
}

#[test]
fn c4_3_a_claim_at_or_below_the_threshold_pays_nothing_and_does_not_consume_the_first_loss() {
    let rules = rules_with(&[
        ("claim.threshold", text("EUR 1000")),
        ("claim.aggregate_first_loss", text("EUR 5000")),
    ]);
    let at = compute_payout(
        &case(
            vec![invoice("INV-1", d(2026, 1, 10), "1000", "0")],
            limit("100000"),
        ),
        &rules,
        d(2026, 9, 1),
    )
    .unwrap();
    assert_eq!(at.amount, eur("0"));
    assert_eq!(at.first_loss_consumed, eur("0"));
    assert_eq!(at.outcome, PayoutOutcome::Nil);
    assert_eq!(less(&at, "below_claim_threshold"), Some(eur("1000")));
    assert_eq!(less(&at, "aggregate_first_loss"), None);

    let above = compute_payout(
        &case(
            vec![invoice("INV-1", d(2026, 1, 10), "1000.01", "0")],
            limit("100000"),
        ),
        &rules,
        d(2026, 9, 1),
    )
    .unwrap();
    assert_eq!(above.first_loss_consumed, eur("1000.01"));
    assert_eq!(above.amount, eur("0"));
    assert_eq!(less(&above, "aggregate_first_loss"), Some(eur("1000.01")));
}

#[test]
fn c4_3_the_two_deductible_orders_give_two_results() {
    let claim = case(
        vec![invoice("INV-1", d(2026, 1, 10), "10000", "0")],
        limit("100000"),
    );
    let deductible_first = rules_with(&[
        ("claim.deductible", text("EUR 1000")),
        ("claim.deductible_before_percentage", ParamInput::Flag(true)),
    ]);
    let percentage_first = rules_with(&[
        ("claim.deductible", text("EUR 1000")),
        (
            "claim.deductible_before_percentage",
            ParamInput::Flag(false),
        ),
    ]);
    // (10,000 − 1,000) × 90% = 8,100
    let a = compute_payout(&claim, &deductible_first, d(2026, 9, 1)).unwrap();
    assert_eq!(a.amount, eur("8100"));
    assert_eq!(less(&a, "deductible"), Some(eur("1000")));
    assert_eq!(less(&a, "uninsured_percentage"), Some(eur("900")));
    // 10,000 × 90% − 1,000 = 8,000
    let b = compute_payout(&claim, &percentage_first, d(2026, 9, 1)).unwrap();
    assert_eq!(b.amount, eur("8000"));
    assert_eq!(less(&b, "uninsured_percentage"), Some(eur("1000")));
    assert_eq!(less(&b, "deductible"), Some(eur("1000")));
}

#[test]
fn c4_3_the_maximum_liability_left_caps_a_payout() {
    let mut claim = case(
        vec![invoice("INV-1", d(2026, 1, 10), "80000", "0")],
        limit("100000"),
    );
    claim.usage = PolicyYearUsage {
        first_loss_used: None,
        paid: Some(eur("50000")),
    };
    let rules = rules_with(&[("claim.max_liability", text("EUR 100000"))]);
    let payout = compute_payout(&claim, &rules, d(2026, 9, 1)).unwrap();
    // 80,000 × 90% = 72,000, but only 50,000 of the 100,000 is left this policy year.
    assert_eq!(payout.amount, eur("50000"));
    assert_eq!(less(&payout, "max_liability_reached"), Some(eur("22000")));
    assert_eq!(payout.outcome, PayoutOutcome::Partial);
}

#[test]
fn c4_3_the_aggregate_first_loss_is_consumed_across_claims_in_date_of_loss_order() {
    let rules = rules_with(&[("claim.aggregate_first_loss", text("EUR 15000"))]);
    let first = compute_payout(
        &case(
            vec![invoice("INV-1", d(2026, 1, 10), "10000", "0")],
            limit("100000"),
        ),
        &rules,
        d(2026, 9, 1),
    )
    .unwrap();
    assert_eq!(first.first_loss_consumed, eur("10000"));
    assert_eq!(first.amount, eur("0"));
    let mut second = case(
        vec![invoice("INV-9", d(2026, 2, 10), "20000", "0")],
        limit("100000"),
    );
    second.usage.first_loss_used = Some(first.first_loss_consumed);
    let second = compute_payout(&second, &rules, d(2026, 9, 1)).unwrap();
    // 5,000 of the first loss is left: (20,000 − 5,000) × 90% = 13,500.
    assert_eq!(second.first_loss_consumed, eur("5000"));
    assert_eq!(second.amount, eur("13500"));
}

// ----- the machine ---------------------------------------------------------------------

fn new_claim(cover: Vec<LimitSpan>) -> Claim {
    Claim::new(
        PolicyId::new("POL-1").unwrap(),
        BuyerId::new("B-7").unwrap(),
        Currency::EUR,
        cover,
    )
}

fn run(claim: Claim, events: &[ClaimEvent], rules: &PolicyRules) -> (Claim, Vec<DecisionRecord>) {
    let mut claim = claim;
    let mut records = Vec::new();
    for event in events {
        let step = claim
            .apply(event, rules)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        records.push(step.record);
        claim = step.next;
    }
    (claim, records)
}

/// Delivered 10 January, due 9 February: MEP ends 10 April; duties due 10 May.
fn overdue_events() -> Vec<ClaimEvent> {
    vec![
        ClaimEvent::InvoiceIssued {
            on: d(2026, 1, 10),
            invoice: BuyerInvoice {
                number: "INV-1".into(),
                invoice_date: d(2026, 1, 10),
                delivery_date: d(2026, 1, 10),
                due_date: d(2026, 2, 9),
                amount: eur("60000"),
                vat: eur("12600"),
                disputed: false,
            },
        },
        ClaimEvent::InvoiceIssued {
            on: d(2026, 1, 20),
            invoice: invoice("INV-2", d(2026, 1, 20), "60000", "0"),
        },
        ClaimEvent::PaymentOverdue { on: d(2026, 2, 10) },
    ]
}

fn obligation_status(records: &[DecisionRecord], as_of: NaiveDate, what: &str) -> Status {
    let report = ComplianceReport::build(records, as_of);
    report
        .obligations()
        .find(|o| o.obligation.what.contains(what))
        .unwrap_or_else(|| panic!("no obligation `{what}`"))
        .status
        .clone()
}

#[test]
fn c4_1_an_overdue_starts_the_customers_step_plan() {
    let rules = rules_with(&[]);
    let (claim, records) = run(new_claim(limit("100000")), &overdue_events(), &rules);
    let clock = claim.overdue().unwrap();
    assert_eq!(clock.mep_expires, d(2026, 4, 10));
    let overdue = records.last().unwrap();
    assert_eq!(overdue.decision(), Decision::OverdueRecorded);
    let duties: Vec<_> = overdue
        .obligations()
        .iter()
        .map(|o| (o.owner, o.duty, o.clause))
        .collect();
    assert_eq!(
        duties,
        vec![
            (
                Party::Customer,
                Duty::By {
                    due: d(2026, 5, 10)
                },
                Clause::C4_1
            );
            3
        ]
    );
    assert_eq!(
        obligation_status(&records, d(2026, 5, 11), "notify the insurer"),
        Status::Breached {
            on: d(2026, 5, 11),
            days: 1
        }
    );
    let (_, records) = run(
        claim,
        &[ClaimEvent::OverdueNotified { on: d(2026, 4, 20) }],
        &rules,
    );
    let mut all = run(new_claim(limit("100000")), &overdue_events(), &rules).1;
    all.extend(records);
    assert_eq!(
        obligation_status(&all, d(2026, 6, 1), "notify the insurer"),
        Status::Met { on: d(2026, 4, 20) }
    );
}

#[test]
fn c4_1_cover_stops_only_after_the_maximum_extension_period_and_tells_the_credit_limit() {
    let rules = rules_with(&[]);
    let (claim, _) = run(new_claim(limit("100000")), &overdue_events(), &rules);
    let early = claim.apply(&ClaimEvent::MepExpired { on: d(2026, 4, 10) }, &rules);
    assert_eq!(
        early.unwrap_err(),
        ClaimError::MepRunning {
            on: d(2026, 4, 10),
            mep_expires: d(2026, 4, 10)
        }
    );
    let stopped = claim
        .apply(&ClaimEvent::MepExpired { on: d(2026, 4, 11) }, &rules)
        .unwrap();
    assert!(stopped.effects.contains(&ClaimEffect::StopCover {
        after: d(2026, 4, 10)
    }));
    assert_eq!(stopped.record.reasons()[0].code, "stoppage_of_cover");
    assert_eq!(stopped.next.stoppage_of_cover(), Some(d(2026, 4, 10)));
}

#[test]
fn c4_1_protracted_default_fixes_the_date_of_loss_180_days_after_the_oldest_due_date() {
    let rules = rules_with(&[]);
    let (claim, _) = run(new_claim(limit("100000")), &overdue_events(), &rules);
    let loss = claim.date_of_loss(&rules, d(2026, 3, 1)).unwrap().unwrap();
    assert_eq!(loss.basis, LossBasis::ProtractedDefault);
    assert_eq!(loss.on, d(2026, 8, 8));
    let (insolvent, _) = run(
        claim,
        &[ClaimEvent::InsolvencyDeclared { on: d(2026, 5, 4) }],
        &rules,
    );
    let loss = insolvent
        .date_of_loss(&rules, d(2026, 5, 4))
        .unwrap()
        .unwrap();
    assert_eq!(
        (loss.on, loss.basis),
        (d(2026, 5, 4), LossBasis::Insolvency)
    );
}

fn claim_events() -> Vec<ClaimEvent> {
    let mut events = overdue_events();
    events.extend([
        ClaimEvent::OverdueNotified { on: d(2026, 4, 20) },
        ClaimEvent::CollectionHandedOver { on: d(2026, 4, 20) },
        ClaimEvent::ClaimSubmitted { on: d(2026, 4, 20) },
        ClaimEvent::DocumentsRequested {
            on: d(2026, 4, 25),
            documents: vec!["statement of account".into()],
        },
        ClaimEvent::DocumentsCompleted { on: d(2026, 5, 10) },
    ]);
    events
}

#[test]
fn c4_3_partial_payout_explains_and_offers_objection() {
    let rules = rules_with(&[]);
    let mut events = claim_events();
    events.push(ClaimEvent::ClaimDecided {
        on: d(2026, 6, 1),
        policy_year: PolicyYearUsage::default(),
    });
    let (claim, records) = run(new_claim(limit("100000")), &events, &rules);
    let decided = records.last().unwrap();
    assert_eq!(decided.decision(), Decision::ClaimPartlyPaid);
    // 120,000 net + 12,600 VAT; VAT left out, 20,000 above the limit, 90% of 100,000.
    assert_eq!(claim.payout().unwrap().amount, eur("90000"));
    let codes: Vec<&str> = decided.reasons().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "vat_not_insured",
            "above_credit_limit",
            "uninsured_percentage"
        ]
    );
    assert!(decided.breakdown().len() >= 7);
    for line in decided.breakdown() {
        if line.kind == LineKind::Less {
            let reason = line.reason.as_ref().expect("every reduction has a reason");
            assert!(!reason.text.is_empty());
        }
    }
    let objection = decided.objection().unwrap();
    assert_eq!(
        (objection.until, objection.clause),
        (d(2026, 9, 1), Clause::C4_3)
    );
    assert!(decided.clauses().contains(&Clause::C4_3));
    assert_eq!(decided.rules()[0].id, "claim/payout");

    // Protracted default: the date of loss is 8 August, so payment is due 13 August.
    let pay = decided
        .obligations()
        .iter()
        .find(|o| o.what.starts_with("pay"))
        .unwrap();
    assert_eq!(
        pay.duty,
        Duty::By {
            due: d(2026, 8, 13)
        }
    );
    assert_eq!(pay.owner, Party::Insurer);

    let report = ComplianceReport::build(&records, d(2026, 7, 1));
    assert_eq!(report.breaches().count(), 0);
    let assessment = report
        .obligations()
        .find(|o| o.obligation.what.starts_with("assess"))
        .unwrap();
    assert_eq!(*assessment.status, Status::Met { on: d(2026, 6, 1) });

    let paid = claim
        .apply(&ClaimEvent::PayoutMade { on: d(2026, 8, 12) }, &rules)
        .unwrap();
    assert_eq!(paid.next.status(), ClaimStatus::PaidOut);
    let mut all = records;
    all.push(paid.record);
    let report = ComplianceReport::build(&all, d(2026, 12, 31));
    assert_eq!(report.breaches().count(), 0, "{}", report.to_text());
    assert!(report.to_text().contains("above the credit limit"));
}

#[test]
fn c4_3_a_nil_payout_is_a_rejection_with_reasons_and_an_objection_right() {
    let rules = rules_with(&[]);
    let mut events = vec![
        ClaimEvent::InvoiceIssued {
            on: d(2026, 1, 10),
            invoice: BuyerInvoice {
                disputed: true,
                ..invoice("INV-1", d(2026, 1, 10), "50000", "0")
            },
        },
        ClaimEvent::PaymentOverdue { on: d(2026, 2, 10) },
        ClaimEvent::ClaimSubmitted { on: d(2026, 4, 20) },
        ClaimEvent::DocumentsCompleted { on: d(2026, 5, 10) },
    ];
    events.push(ClaimEvent::ClaimDecided {
        on: d(2026, 6, 1),
        policy_year: PolicyYearUsage::default(),
    });
    let (claim, records) = run(new_claim(limit("100000")), &events, &rules);
    let decided = records.last().unwrap();
    assert_eq!(decided.decision(), Decision::ClaimRejected);
    assert_eq!(claim.status(), ClaimStatus::Rejected);
    assert_eq!(decided.reasons()[0].code, "disputed_invoice");
    assert!(decided.objection().is_some());
    assert!(
        decided
            .obligations()
            .iter()
            .all(|o| !o.what.starts_with("pay"))
    );
}

#[test]
fn c4_1_an_assessment_past_30_days_is_a_breach_of_the_insurer() {
    let rules = rules_with(&[]);
    let (_, records) = run(new_claim(limit("100000")), &claim_events(), &rules);
    assert_eq!(
        obligation_status(&records, d(2026, 6, 15), "assess the claim"),
        Status::Breached {
            on: d(2026, 6, 10),
            days: 6
        }
    );
}

#[test]
fn rejected_claim_events_leave_the_claim_unchanged() {
    let rules = rules_with(&[]);
    let (claim, _) = run(new_claim(limit("100000")), &overdue_events(), &rules);
    let before = claim.clone();
    assert!(
        claim
            .apply(&ClaimEvent::PayoutMade { on: d(2026, 5, 1) }, &rules)
            .is_err()
    );
    assert!(
        claim
            .apply(&ClaimEvent::PaymentOverdue { on: d(2026, 1, 1) }, &rules)
            .is_err()
    );
    assert_eq!(claim, before);
}

// ----- properties ----------------------------------------------------------------------

fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|c| Decimal::new(c, 2))
}

fn money(amount: Decimal) -> Money {
    Money::new(amount, Currency::EUR).unwrap()
}

prop_compose! {
    fn arb_invoice(i: usize)(
        delivered in 0u64..150,
        terms in 10u64..90,
        amount in 1i64..=20_000_000,
        vat_pct in prop_oneof![Just(0i64), Just(9), Just(21)],
        disputed in proptest::bool::weighted(0.15),
    ) -> BuyerInvoice {
        let delivery = d(2026, 1, 1) + chrono::Days::new(delivered);
        let amount = Decimal::new(amount, 2);
        BuyerInvoice {
            number: format!("INV-{i}"),
            invoice_date: delivery,
            delivery_date: delivery,
            due_date: delivery + chrono::Days::new(terms),
            amount: money(amount),
            vat: Money::rounded(amount * Decimal::new(vat_pct, 2), Currency::EUR),
            disputed,
        }
    }
}

fn arb_invoices() -> impl Strategy<Value = Vec<BuyerInvoice>> {
    (1usize..6).prop_flat_map(|n| (0..n).map(arb_invoice).collect::<Vec<_>>())
}

#[derive(Debug, Clone)]
struct Terms {
    pct: i64,
    threshold: Decimal,
    first_loss: Decimal,
    first_loss_used: Decimal,
    deductible: Decimal,
    deductible_first: bool,
    minimum_retention: Decimal,
    max_liability: Decimal,
    paid: Decimal,
    limit: Decimal,
    payment: Decimal,
}

prop_compose! {
    fn arb_terms()(
        pct in 50i64..=100,
        threshold in cents(500_000),
        first_loss in cents(5_000_000),
        used_share in 0i64..=100,
        deductible in cents(1_000_000),
        deductible_first in any::<bool>(),
        minimum_retention in prop_oneof![Just(Decimal::ZERO), cents(2_000_000)],
        max_liability in cents(50_000_000),
        paid_share in 0i64..=100,
        limit in cents(30_000_000),
        payment in cents(5_000_000),
    ) -> Terms {
        Terms {
            pct,
            threshold,
            first_loss,
            first_loss_used: round_to_minor_units(first_loss * Decimal::new(used_share, 2), Currency::EUR),
            deductible,
            deductible_first,
            minimum_retention,
            max_liability,
            paid: round_to_minor_units(max_liability * Decimal::new(paid_share, 2), Currency::EUR),
            limit,
            payment,
        }
    }
}

fn rules_for(t: &Terms) -> PolicyRules {
    rules_with(&[
        ("claim.insured_percentage", text(&format!("{}%", t.pct))),
        ("claim.threshold", text(&format!("EUR {}", t.threshold))),
        (
            "claim.aggregate_first_loss",
            text(&format!("EUR {}", t.first_loss)),
        ),
        ("claim.deductible", text(&format!("EUR {}", t.deductible))),
        (
            "claim.deductible_before_percentage",
            ParamInput::Flag(t.deductible_first),
        ),
        (
            "claim.minimum_retention",
            text(&format!("EUR {}", t.minimum_retention)),
        ),
        (
            "claim.max_liability",
            text(&format!("EUR {}", t.max_liability)),
        ),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The payout laws of C4.3, whatever the claim and the policy's terms.
    #[test]
    fn payout_laws_hold(invoices in arb_invoices(), t in arb_terms()) {
        let rules = rules_for(&t);
        let claim = PayoutCase {
            currency: Currency::EUR,
            invoices,
            credits: vec![Credit { on: d(2026, 3, 1), kind: CreditKind::Payment, amount: money(t.payment) }],
            cover: limit(&t.limit.to_string()),
            date_of_loss: d(2026, 9, 1),
            stoppage_of_cover: None,
            usage: PolicyYearUsage {
                first_loss_used: Some(money(t.first_loss_used)),
                paid: Some(money(t.paid)),
            },
            dates: ClaimDates::default(),
        };
        let payout = compute_payout(&claim, &rules, d(2026, 10, 1)).unwrap();
        let amount = payout.amount.amount();
        // payout ≥ 0
        prop_assert!(amount >= Decimal::ZERO);
        // payout ≤ insured % × min(eligible loss, limit at delivery), to the cent as rounded
        let insured = Percentage::from_points(Decimal::from(t.pct)).unwrap();
        let bound = payout.eligible.amount().min(t.limit);
        prop_assert!(amount <= round_to_minor_units(bound * insured.fraction(), Currency::EUR));
        // payout ≤ the maximum liability left
        prop_assert!(amount <= t.max_liability - t.paid);
        // every line that lowers the payout has a reason, and the lines add up
        let mut running = Decimal::ZERO;
        for line in &payout.lines {
            match line.kind {
                LineKind::Start => running = line.amount.amount(),
                LineKind::Less => {
                    let reason = line.reason.as_ref();
                    prop_assert!(reason.is_some_and(|r| !r.code.is_empty() && !r.text.is_empty()), "{line:?}");
                    prop_assert!(line.amount.amount() > Decimal::ZERO);
                    running -= line.amount.amount();
                }
                LineKind::Subtotal | LineKind::Result => prop_assert_eq!(running, line.amount.amount()),
            }
        }
        prop_assert_eq!(running, amount);
        // at or below the threshold: nothing paid, no first loss consumed
        if payout.eligible.amount() <= t.threshold {
            prop_assert!(payout.amount.is_zero());
            prop_assert!(payout.first_loss_consumed.is_zero());
        }
        // a payout below the full insured percentage is never called full
        if payout.outcome == PayoutOutcome::Full {
            prop_assert_eq!(amount, round_to_minor_units(payout.loss.amount() * insured.fraction(), Currency::EUR));
        }
    }
}

// ----- the sample case file and `charter report` ----------------------------------------

const SAMPLE: &str = "examples/cases/c4_protracted_default_partial_payout_recovery.json";

#[test]
fn c4_sample_case_replays_with_a_partial_payout_and_a_recovery_after_payment() {
    let text = std::fs::read_to_string(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let case = credit_charter::CaseFile::from_json(&text).unwrap();
    let replay = case.replay(&Rulebook::embedded().unwrap()).unwrap();
    let claim = &replay.claims[0];
    let payout = claim.payout().unwrap();
    assert_eq!(claim.status(), ClaimStatus::PaidOut);
    assert_eq!(payout.amount, eur("90000"));
    assert_eq!(payout.loss, eur("139880"));
    assert_eq!(payout.date_of_loss, d(2026, 8, 8)); // protracted default
    assert!(replay.collections[0].pending_transfers().is_empty());
    let report = ComplianceReport::build(&replay.records, d(2026, 10, 31));
    assert_eq!(report.breaches().count(), 0, "{}", report.to_text());
    for clause in [Clause::C4_1, Clause::C4_2, Clause::C4_3] {
        assert!(
            report.clauses().contains_key(&clause),
            "no {clause} obligation"
        );
    }
}

#[test]
fn c4_charter_report_shows_the_payout_line_by_line_and_every_c4_obligation() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["report", SAMPLE])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for expected in [
        "claim partly paid",
        "less  Payments before the date of loss, allocated oldest invoice first",
        "[vat_not_insured]",
        "[delivered_after_stoppage]",
        "[above_credit_limit]",
        "EUR 7,603.31",
        "=>  Payout",
        "EUR 90,000.00",
        "objection: you may object to this decision until 2026-09-10 (C4.3)",
        "(customer) — notify the insurer of the overdue account by 2026-05-10",
        "(customer) — hand the debt over for collection by 2026-05-10",
        "(customer) — submit the claim by 2026-05-10",
        "(insurer) — assess the claim and decide the payout by 2026-06-19",
        "(insurer) — pay the payout of EUR 90,000.00 by 2026-08-13",
        "(insurer) — explain the payout line by line",
        "(insurer) — transfer EUR 10,162.85 collected on 2026-10-01 to the customer by 2026-10-15",
        "[recovery_insurer_share]",
        "RESULT: no breaches",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn c4_case_files_refuse_claims_out_of_date_of_loss_order() {
    let text = std::fs::read_to_string(format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut case = credit_charter::CaseFile::from_json(&text).unwrap();
    let mut later = case.claims[0].clone();
    // A second buyer's claim with the same invoices, but an insolvency that puts its loss earlier.
    let second = credit_charter::BuyerId::new("NL-KVK-99999999").unwrap();
    case.buyers.push(credit_charter::case_file::Buyer {
        id: second.clone(),
        name: "Second BV".into(),
        country: None,
    });
    later.buyer = second;
    later
        .events
        .insert(3, ClaimEvent::InsolvencyDeclared { on: d(2026, 3, 1) });
    case.claims.push(later);
    let err = case.replay(&Rulebook::embedded().unwrap()).unwrap_err();
    assert!(
        err.to_string()
            .contains("is before claim POL-2026-0042/NL-KVK-30123456's 2026-08-08: decide claims in date-of-loss order"),
        "{err}"
    );
}

#[test]
fn c4_3_a_pack_missing_a_reason_the_payout_gives_is_refused_at_load() {
    let reasons = crate::support::pack_files()["reasons.toml"]
        .replace("[above_credit_limit]", "[above_credit_limit_typo]");
    let err = crate::support::pack_with(&[("reasons.toml", Some(&reasons))]).unwrap_err();
    assert!(
        err.to_string().contains(
            "reasons.toml: missing reason `above_credit_limit`: the claim machine gives it"
        ),
        "{err}"
    );
}

#[test]
fn c4_3_the_payout_rule_is_validated_like_every_rule() {
    let bad = "// C4.3\nfn payout_line(invoice, params) {\n    if invoice.disputed { return excluded(\"disputd\"); }\n    covered(params.vat_insurd)\n}\n";
    let err = crate::support::pack_with(&[("claim/payout.rhai", Some(bad))]).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("claim/payout.rhai:3:43: unknown reason code `disputd`"),
        "{text}"
    );
    assert!(text.contains("unknown parameter `vat_insurd`"), "{text}");
}

#[test]
fn c4_1_an_overdue_paid_off_lifts_the_customers_duties() {
    let rules = rules_with(&[]);
    let mut events = overdue_events();
    events.push(ClaimEvent::CreditReceived {
        on: d(2026, 3, 1),
        kind: CreditKind::Payment,
        amount: eur("132600"),
    });
    let (claim, records) = run(new_claim(limit("100000")), &events, &rules);
    assert_eq!(records.last().unwrap().decision(), Decision::OverdueCleared);
    assert!(claim.overdue().is_none());
    let report = ComplianceReport::build(&records, d(2026, 12, 31));
    assert_eq!(report.breaches().count(), 0, "{}", report.to_text());
    assert!(
        claim
            .apply(&ClaimEvent::ClaimSubmitted { on: d(2026, 3, 2) }, &rules)
            .is_err()
    );
}

#[test]
fn c4_3_a_failing_payout_rule_decides_nothing() {
    let looping = "// C4.3\nfn payout_line(invoice, params) { loop { } }\n";
    let book = crate::support::pack_with(&[("claim/payout.rhai", Some(looping))]).unwrap();
    let rules = book.for_policy(&crate::support::terms(&[])).unwrap();
    let (claim, _) = run(new_claim(limit("100000")), &claim_events(), &rules);
    let before = claim.clone();
    let err = claim
        .apply(
            &ClaimEvent::ClaimDecided {
                on: d(2026, 6, 1),
                policy_year: PolicyYearUsage::default(),
            },
            &rules,
        )
        .unwrap_err();
    assert!(matches!(err, ClaimError::Rule(_)), "{err}");
    assert!(err.to_string().contains("claim/payout"), "{err}");
    assert_eq!(claim, before);
}

#[test]
fn c4_1_an_overdue_after_a_claim_on_insolvency_opens_no_filing_duty() {
    let rules = rules_with(&[]);
    let mut events = overdue_events();
    let overdue = events.pop().unwrap();
    events.extend([
        ClaimEvent::InsolvencyDeclared { on: d(2026, 2, 2) },
        ClaimEvent::ClaimSubmitted { on: d(2026, 2, 3) },
        overdue,
    ]);
    let (_, records) = run(new_claim(limit("100000")), &events, &rules);
    let whats: Vec<&str> = records
        .last()
        .unwrap()
        .obligations()
        .iter()
        .map(|o| o.what.as_str())
        .collect();
    assert_eq!(whats.len(), 2, "{whats:?}");
    assert!(whats.iter().all(|w| !w.starts_with("submit")));
}

fn arb_event(on: NaiveDate, pick: u8, n: usize, cents: i64) -> ClaimEvent {
    let amount = Money::new(Decimal::new(cents, 2), Currency::EUR).unwrap();
    match pick {
        0..=2 => ClaimEvent::InvoiceIssued {
            on,
            invoice: BuyerInvoice {
                number: format!("INV-{n}"),
                invoice_date: on,
                delivery_date: on,
                due_date: on + chrono::Days::new(30),
                amount,
                vat: eur("0"),
                disputed: cents % 7 == 0,
            },
        },
        3 => ClaimEvent::CreditReceived {
            on,
            kind: CreditKind::Payment,
            amount,
        },
        4 => ClaimEvent::PaymentOverdue { on },
        5 => ClaimEvent::MepExpired { on },
        6 => ClaimEvent::OverdueNotified { on },
        7 => ClaimEvent::CollectionHandedOver { on },
        8 => ClaimEvent::InsolvencyDeclared { on },
        9 => ClaimEvent::ClaimSubmitted { on },
        10 => ClaimEvent::DocumentsRequested {
            on,
            documents: vec!["ledger".into()],
        },
        11 => ClaimEvent::DocumentsCompleted { on },
        12 => ClaimEvent::ClaimDecided {
            on,
            policy_year: PolicyYearUsage::default(),
        },
        13 => ClaimEvent::PayoutMade { on },
        _ => ClaimEvent::PayoutCorrected { on, amount },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Model-based: random event sequences never break the machine's promises. A rejected
    /// event leaves the claim as it was and is a step-plan refusal, never a failed rule,
    /// date or explanation; every duty names its owner as the charter does; payment is never
    /// due before the date of loss; an adverse decision always explains and offers objection.
    #[test]
    fn claim_machine_keeps_its_promises(
        steps in proptest::collection::vec((0u64..20, any::<bool>(), 0u8..15, 1i64..=5_000_000), 1..40),
    ) {
        // Half the steps follow the step plan, so sequences reach decisions and payments;
        // the other half are any event at all.
        const PLAN: [u8; 7] = [0, 0, 4, 9, 11, 12, 13];
        let rules = rules_with(&[]);
        let mut claim = new_claim(limit("30000"));
        let mut on = d(2026, 1, 5);
        let mut next_in_plan = 0;
        for (n, (gap, follow, any_pick, cents)) in steps.into_iter().enumerate() {
            on = on + chrono::Days::new(gap);
            let planned = PLAN.get(next_in_plan).copied().filter(|_| follow);
            let event = arb_event(on, planned.unwrap_or(any_pick), n, cents);
            let before = claim.clone();
            match claim.apply(&event, &rules) {
                Ok(step) => {
                    let record = &step.record;
                    if record.decision().is_adverse() {
                        prop_assert!(!record.reasons().is_empty());
                        prop_assert!(record.objection().is_some());
                    }
                    for o in record.obligations() {
                        let customer = ["notify", "hand", "submit"].iter().any(|w| o.what.starts_with(w));
                        prop_assert_eq!(o.owner == Party::Customer, customer, "{}", o.what);
                    }
                    if let (Some(payout), Some(pay)) = (
                        step.next.payout(),
                        record.obligations().iter().find(|o| o.what.starts_with("pay")),
                    ) {
                        let Duty::By { due } = pay.duty else { panic!("{pay:?}") };
                        prop_assert!(due >= payout.date_of_loss);
                        prop_assert!(due >= on);
                    }
                    claim = step.next;
                    if planned.is_some() {
                        next_in_plan += 1;
                    }
                }
                Err(e) => {
                    prop_assert_eq!(&claim, &before);
                    prop_assert!(
                        !matches!(e, ClaimError::Rule(_) | ClaimError::Calendar(_) | ClaimError::Explain(_) | ClaimError::Money(_)),
                        "{e}"
                    );
                }
            }
        }
    }
}

#[test]
fn c4_3_an_upheld_objection_raises_the_payout_and_the_difference_is_due() {
    let rules = rules_with(&[]);
    let mut events = claim_events();
    events.extend([
        ClaimEvent::ClaimDecided {
            on: d(2026, 6, 1),
            policy_year: PolicyYearUsage::default(),
        },
        ClaimEvent::PayoutMade { on: d(2026, 8, 12) },
    ]);
    let (claim, mut records) = run(new_claim(limit("100000")), &events, &rules);
    assert!(
        claim
            .apply(
                &ClaimEvent::PayoutCorrected {
                    on: d(2026, 9, 1),
                    amount: eur("90000"),
                },
                &rules,
            )
            .is_err()
    );
    let corrected = claim
        .apply(
            &ClaimEvent::PayoutCorrected {
                on: d(2026, 9, 1),
                amount: eur("95000"),
            },
            &rules,
        )
        .unwrap();
    assert_eq!(corrected.record.decision(), Decision::PayoutCorrected);
    assert!(corrected.effects.contains(&ClaimEffect::PayCustomer {
        amount: eur("5000"),
        by: d(2026, 9, 6)
    }));
    let last = corrected.record.breakdown().last().unwrap();
    assert_eq!((last.kind, last.amount), (LineKind::Result, eur("95000")));
    let paid = corrected
        .next
        .apply(&ClaimEvent::PayoutMade { on: d(2026, 9, 4) }, &rules)
        .unwrap();
    assert_eq!(paid.next.payout().unwrap().amount, eur("95000"));
    records.extend([corrected.record, paid.record]);
    let report = ComplianceReport::build(&records, d(2026, 12, 31));
    assert_eq!(report.breaches().count(), 0, "{}", report.to_text());
}
