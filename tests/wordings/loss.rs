//! The loss computation's wordings (C4.3): minimum retention, deductible order, and the
//! payout rule told every claim date.

use credit_charter::Rulebook;
use credit_charter::claim::{PayoutCase, PayoutOutcome, compute_payout};
use credit_charter::rulebook::ParamInput;

use crate::claim::{case, invoice, less, limit, policy, text};
use crate::support::{d, eur, pack_with};

/// One invoice of `amount` delivered on 10 January 2026, within a EUR 100,000 limit.
fn one_invoice(amount: &str) -> PayoutCase {
    case(
        vec![invoice("INV-1", d(2026, 1, 10), amount, "0")],
        limit("100000"),
    )
}

/// "The insured keeps the greater of EUR 1,000 or 15%" (ciff.co.uk, domain.md 1.7): on a
/// EUR 5,000 loss 15% is EUR 750, so the customer keeps EUR 1,000 and is paid EUR 4,000; on
/// EUR 10,000, 15% is EUR 1,500, more than the minimum, and EUR 8,500 is paid.
#[test]
fn c4_3_a_minimum_retention_of_the_greater_of_1000_and_15_percent() {
    let rules = policy(
        &Rulebook::embedded().unwrap(),
        &[
            ("claim.insured_percentage", text("85%")),
            ("claim.minimum_retention", text("EUR 1000")),
        ],
    );
    let small = compute_payout(&one_invoice("5000"), &rules, d(2026, 9, 1)).unwrap();
    assert_eq!(small.amount, eur("4000"));
    assert_eq!(less(&small, "uninsured_percentage"), Some(eur("750")));
    assert_eq!(less(&small, "minimum_retention"), Some(eur("250")));
    assert_eq!(small.outcome, PayoutOutcome::Partial);
    let larger = compute_payout(&one_invoice("10000"), &rules, d(2026, 9, 1)).unwrap();
    assert_eq!(larger.amount, eur("8500"));
    assert_eq!(less(&larger, "minimum_retention"), None);
}

/// A deductible of EUR 5,000 before 10% co-insurance on a EUR 50,000 invoice pays
/// (50,000 − 5,000) × 90% = EUR 40,500; after it, 50,000 × 90% − 5,000 = EUR 40,000.
#[test]
fn c4_3_a_deductible_of_5000_before_or_after_10_percent_coinsurance() {
    let pack = Rulebook::embedded().unwrap();
    let with = |before: bool| {
        policy(
            &pack,
            &[
                ("claim.deductible", text("EUR 5000")),
                (
                    "claim.deductible_before_percentage",
                    ParamInput::Flag(before),
                ),
            ],
        )
    };
    let first = compute_payout(&one_invoice("50000"), &with(true), d(2026, 9, 1)).unwrap();
    assert_eq!(first.amount, eur("40500"));
    assert_eq!(less(&first, "uninsured_percentage"), Some(eur("4500")));
    let after = compute_payout(&one_invoice("50000"), &with(false), d(2026, 9, 1)).unwrap();
    assert_eq!(after.amount, eur("40000"));
    assert_eq!(less(&after, "uninsured_percentage"), Some(eur("5000")));
}

/// The per-invoice rule is told the claim's dates, so a pack can state "deliveries after
/// the debt was handed over for collection are not covered": of EUR 30,000 + EUR 20,000,
/// the delivery after the hand-over is excluded and 90% of EUR 30,000 is paid.
#[test]
fn c4_3_the_payout_rule_can_exclude_deliveries_after_the_hand_over() {
    let rule = include_str!("../../rules/claim/payout.rhai").replace(
        "    if invoice.delivered_after_stoppage {",
        "    if invoice.handed_over_on != () && invoice.delivery_date > invoice.handed_over_on {\n        return excluded(\"delivered_after_stoppage\");\n    }\n    if invoice.delivered_after_stoppage {",
    );
    let pack = pack_with(&[("claim/payout.rhai", Some(&rule))]).unwrap();
    let mut case = one_invoice("30000");
    let mut later = case.invoices[0].clone();
    later.number = "INV-2".into();
    later.delivery_date = d(2026, 4, 2);
    later.invoice_date = d(2026, 4, 2);
    later.due_date = d(2026, 5, 2);
    later.amount = eur("20000");
    case.invoices.push(later);
    case.dates.handed_over_on = Some(d(2026, 4, 1));
    let payout = compute_payout(&case, &policy(&pack, &[]), d(2026, 9, 1)).unwrap();
    assert_eq!(
        less(&payout, "delivered_after_stoppage"),
        Some(eur("20000"))
    );
    assert_eq!(payout.amount, eur("27000"));
}

/// `charter report` on the minimum-retention sample shows every stage of the loss as a line
/// with its reason: EUR 139,880 owed after a EUR 15,000 payment; VAT and a delivery after
/// the stoppage excluded (EUR 107,603.31 eligible); EUR 7,603.31 above the limit; EUR 5,000
/// first loss; EUR 2,000 deductible; 10% of EUR 93,000 uninsured (EUR 9,300); EUR 3,700 up to
/// the EUR 15,000 minimum retention; EUR 20,000 beyond the EUR 60,000 maximum liability.
#[test]
fn c4_3_the_minimum_retention_sample_shows_each_stage_with_its_reason() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["report", "examples/cases/c4_wording_minimum_retention.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "no breach in the sample");
    let report = String::from_utf8(out.stdout).unwrap();
    let stages = [
        ("EUR 15,000.00", "payments_before_loss"),
        ("EUR 9,996.69", "vat_not_insured"),
        ("EUR 9,680.00", "delivered_after_stoppage"),
        ("EUR 7,603.31", "above_credit_limit"),
        ("EUR 5,000.00", "aggregate_first_loss"),
        ("EUR 2,000.00", "deductible"),
        ("EUR 9,300.00", "uninsured_percentage"),
        ("EUR 3,700.00", "minimum_retention"),
        ("EUR 20,000.00", "max_liability_reached"),
    ];
    for (amount, code) in stages {
        assert!(
            report.lines().any(|l| l.contains("less")
                && l.contains(amount)
                && l.ends_with(&format!("[{code}]"))),
            "no line `less … {amount}  [{code}]` in\n{report}"
        );
    }
    assert!(report.contains("=>  Payout") && report.contains("EUR 60,000.00"));
    // The stoppage reached the limit: the replay withdrew it on the day cover stopped.
    assert!(report.contains("withdrawal effective"));
}
