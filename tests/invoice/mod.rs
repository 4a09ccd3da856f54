//! Premium and invoices (C2.4): the worked premium examples of the domain notes, clear
//! invoices, the validator, and properties of the exact arithmetic.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::explain::{Decision, Duty, Party, Status};
use credit_charter::invoice::{Defect, Invoice, InvoiceDraft, InvoiceKind, Service, validate};
use credit_charter::premium::{
    PremiumEffect, PremiumError, PremiumEvent, PremiumYear, PremiumYearStatus, split_exactly,
};
use credit_charter::rulebook::ParamInput;
use credit_charter::{
    CaseFile, Clause, ComplianceReport, Currency, DecisionRecord, Money, PolicyId, PolicyRules,
    PolicyTerms, Rulebook,
};
use proptest::prelude::*;

use crate::support::{d, eur, pack_with};

fn book() -> &'static Rulebook {
    static BOOK: OnceLock<Rulebook> = OnceLock::new();
    BOOK.get_or_init(|| Rulebook::embedded().unwrap())
}

/// Dutch EUR terms with parameter overrides written as in a case file.
fn rules_with(parameters: &[(&str, ParamInput)]) -> PolicyRules {
    book()
        .for_policy(&PolicyTerms {
            currency: Currency::EUR,
            calendar: "NL".into(),
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        })
        .unwrap()
}

fn text(value: &str) -> ParamInput {
    ParamInput::Text(value.to_owned())
}

fn year_2026() -> PremiumYear {
    PremiumYear::new(
        PolicyId::new("POL-1").unwrap(),
        Currency::EUR,
        d(2026, 1, 1),
    )
    .unwrap()
}

fn estimated(turnover: &str) -> PremiumEvent {
    PremiumEvent::TurnoverEstimated {
        on: d(2025, 12, 15),
        turnover: eur(turnover),
    }
}

fn instalment(on: NaiveDate) -> PremiumEvent {
    PremiumEvent::InstalmentInvoiced {
        on,
        monitored_limits: 0,
        limit_applications: 0,
    }
}

fn declared(turnover: &str) -> PremiumEvent {
    PremiumEvent::TurnoverDeclared {
        on: d(2027, 1, 20),
        turnover: eur(turnover),
    }
}

/// The four quarterly instalment invoices of 2026.
fn quarters() -> Vec<PremiumEvent> {
    [d(2026, 1, 5), d(2026, 4, 1), d(2026, 7, 1), d(2026, 10, 1)]
        .into_iter()
        .map(instalment)
        .collect()
}

/// Applies every event; panics on a rejected one.
fn run(
    events: &[PremiumEvent],
    rules: &PolicyRules,
) -> (PremiumYear, Vec<DecisionRecord>, Vec<PremiumEffect>) {
    let mut year = year_2026();
    let mut records = Vec::new();
    let mut effects = Vec::new();
    for event in events {
        let step = year.apply(event, rules).unwrap();
        records.push(step.record);
        effects.extend(step.effects);
        year = step.next;
    }
    (year, records, effects)
}

fn invoices(records: &[DecisionRecord]) -> Vec<&Invoice> {
    records.iter().filter_map(DecisionRecord::invoice).collect()
}

#[test]
fn c2_4_minimum_premium_is_80_percent_of_the_estimated_premium_in_four_instalments() {
    // EUR 20,000,000 × 0.30% = EUR 60,000.00 estimated; 80% = EUR 48,000.00 minimum;
    // ÷ 4 = EUR 12,000.00 per quarter; + 21% tax = EUR 2,520.00; EUR 14,520.00 to pay.
    let mut events = vec![estimated("20000000")];
    events.extend(quarters());
    let (year, records, _) = run(&events, &rules_with(&[]));
    let estimate = year.estimate().unwrap();
    assert_eq!(estimate.estimated_premium, eur("60000.00"));
    assert_eq!(estimate.minimum_premium, eur("48000.00"));
    assert_eq!(estimate.instalments, vec![eur("12000.00"); 4]);
    assert_eq!(records[0].decision(), Decision::MinimumPremiumSet);
    assert_eq!(records[0].amount(), Some(eur("48000.00")));
    let issued = invoices(&records);
    assert_eq!(issued.len(), 4);
    for invoice in issued {
        assert_eq!(invoice.net(), eur("12000.00"));
        assert_eq!(invoice.tax(), eur("2520.00"));
        assert_eq!(invoice.total(), eur("14520.00"));
    }
    assert_eq!(year.status(), PremiumYearStatus::AwaitingDeclaration);
}

#[test]
fn c2_4_no_closing_invoice_when_the_final_premium_is_below_the_minimum() {
    // Declared EUR 14,000,000 × 0.30% = EUR 42,000.00 final premium, below the EUR 48,000.00
    // minimum premium already invoiced: nothing more to pay, and no refund either.
    let mut events = vec![estimated("20000000")];
    events.extend(quarters());
    events.push(declared("14000000"));
    let rules = rules_with(&[]);
    let (year, records, effects) = run(&events, &rules);
    let last = records.last().unwrap();
    assert_eq!(last.decision(), Decision::NoClosingInvoice);
    assert_eq!(last.amount(), Some(eur("42000.00")));
    assert_eq!(last.reasons()[0].code, "minimum_premium_applies");
    assert_eq!(last.rules()[0].id, "premium/closing_invoice");
    assert!(last.invoice().is_none());
    assert_eq!(effects.len(), 4, "only the four instalments were sent");
    assert_eq!(year.final_premium(), Some(eur("42000.00")));
    assert_eq!(year.status(), PremiumYearStatus::Closed);
}

#[test]
fn c2_4_closing_invoice_charges_only_the_final_premium_above_what_was_invoiced() {
    // Declared EUR 22,000,000 × 0.30% = EUR 66,000.00; less EUR 48,000.00 invoiced =
    // EUR 18,000.00; + 21% = EUR 3,780.00 tax; EUR 21,780.00 payable 20 days later.
    let mut events = vec![estimated("20000000")];
    events.extend(quarters());
    events.push(declared("22000000"));
    let (_, records, effects) = run(&events, &rules_with(&[]));
    let last = records.last().unwrap();
    assert_eq!(last.decision(), Decision::ClosingInvoiceIssued);
    let closing = last.invoice().unwrap();
    assert_eq!(closing.kind(), InvoiceKind::Closing);
    assert_eq!(closing.lines().len(), 1);
    let line = &closing.lines()[0];
    assert_eq!(line.service(), Service::PremiumAdjustment);
    assert_eq!(line.period().from, d(2026, 1, 1));
    assert_eq!(line.period().to, d(2026, 12, 31));
    assert_eq!(line.net(), eur("18000.00"));
    assert_eq!(line.tax(), eur("3780.00"));
    assert_eq!(closing.total(), eur("21780.00"));
    assert_eq!(closing.due_on(), d(2027, 2, 9));
    let codes: Vec<&str> = last.reasons().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "final_premium_above_advance",
            "closing_premium_payment_terms"
        ]
    );
    assert_eq!(effects.len(), 5);
}

#[test]
fn c2_4_a_final_premium_equal_to_what_was_invoiced_needs_no_closing_invoice() {
    // EUR 16,000,000 × 0.30% = EUR 48,000.00: exactly the minimum premium invoiced.
    let mut events = vec![estimated("20000000")];
    events.extend(quarters());
    events.push(declared("16000000"));
    let (_, records, _) = run(&events, &rules_with(&[]));
    let last = records.last().unwrap();
    assert_eq!(last.decision(), Decision::NoClosingInvoice);
    assert_eq!(last.reasons()[0].code, "premium_already_invoiced");
}

#[test]
fn c2_4_uneven_instalments_put_the_cents_on_the_first_and_sum_exactly() {
    // EUR 12,345,678 × 0.30% = 37,037.034 -> EUR 37,037.03; × 80% = 29,629.624 ->
    // EUR 29,629.62; ÷ 4 = 7,407.405: three of EUR 7,407.40 and a first of EUR 7,407.42.
    let (year, _, _) = run(&[estimated("12345678")], &rules_with(&[]));
    let estimate = year.estimate().unwrap();
    assert_eq!(estimate.estimated_premium, eur("37037.03"));
    assert_eq!(estimate.minimum_premium, eur("29629.62"));
    assert_eq!(
        estimate.instalments,
        [
            eur("7407.42"),
            eur("7407.40"),
            eur("7407.40"),
            eur("7407.40")
        ]
    );
}

#[test]
fn c2_4_invoice_states_what_for_which_service_and_by_when() {
    let rules = rules_with(&[
        ("invoice.monitoring_fee", text("EUR 25")),
        ("invoice.limit_application_fee", text("EUR 40")),
    ]);
    let events = [
        estimated("20000000"),
        PremiumEvent::InstalmentInvoiced {
            on: d(2026, 1, 5),
            monitored_limits: 3,
            limit_applications: 1,
        },
    ];
    let (_, records, effects) = run(&events, &rules);
    let record = &records[1];
    assert_eq!(record.decision(), Decision::InvoiceIssued);
    let invoice = record.invoice().unwrap();
    // What: the total, the exact sum of the lines.
    assert_eq!(invoice.total(), eur("14635.00"));
    // For which service: each line names its service and period.
    let services: Vec<Service> = invoice.lines().iter().map(|l| l.service()).collect();
    assert_eq!(
        services,
        [
            Service::PremiumInstalment,
            Service::MonitoringFee,
            Service::CreditLimitFee
        ]
    );
    for line in invoice.lines() {
        assert_eq!(line.period().from, d(2026, 1, 1));
        assert_eq!(line.period().to, d(2026, 3, 31));
    }
    assert_eq!(invoice.lines()[1].net(), eur("75.00"));
    assert_eq!(invoice.lines()[2].net(), eur("40.00"));
    // By when: 20 days after issue, by rule invoice/payment_terms.
    assert_eq!(invoice.due_on(), d(2026, 1, 25));
    assert_eq!(record.rules()[0].id, "invoice/payment_terms");
    assert_eq!(record.clauses(), [Clause::C2_4]);
    // The customer must pay by the due date; the insurer's invoice was clear on issue.
    let pay = record
        .obligations()
        .iter()
        .find(|o| o.owner == Party::Customer)
        .unwrap();
    assert_eq!(pay.clause, Clause::C2_4);
    assert_eq!(
        pay.duty,
        Duty::By {
            due: d(2026, 1, 25)
        }
    );
    let report = ComplianceReport::build(&records, d(2026, 1, 31));
    let statuses: Vec<(Party, &Status)> = report
        .obligations()
        .map(|o| (o.obligation.owner, o.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (Party::Insurer, &Status::Met { on: d(2026, 1, 5) }),
            (
                Party::Customer,
                &Status::Breached {
                    on: d(2026, 1, 26),
                    days: 6
                }
            ),
        ]
    );
    assert!(matches!(
        &effects[0],
        PremiumEffect::SendInvoice { invoice: sent } if **sent == *invoice
    ));
}

#[test]
fn c2_4_payment_discharges_the_customers_duty() {
    let mut events = vec![estimated("20000000"), instalment(d(2026, 1, 5))];
    events.push(PremiumEvent::InvoicePaid {
        on: d(2026, 1, 30),
        invoice: "POL-1-2026-1".parse_invoice(),
    });
    let (year, records, _) = run(&events, &rules_with(&[]));
    assert_eq!(records[2].decision(), Decision::InvoicePaid);
    assert_eq!(year.invoices()[0].paid_on, Some(d(2026, 1, 30)));
    let report = ComplianceReport::build(&records, d(2026, 3, 31));
    let customer = report
        .obligations()
        .find(|o| o.obligation.owner == Party::Customer)
        .unwrap();
    assert_eq!(
        *customer.status,
        Status::MetLate {
            on: d(2026, 1, 30),
            days_late: 5
        }
    );
    // Paying twice, or an invoice never issued, is rejected and changes nothing.
    let again = PremiumEvent::InvoicePaid {
        on: d(2026, 2, 1),
        invoice: "POL-1-2026-1".parse_invoice(),
    };
    assert!(matches!(
        year.apply(&again, &rules_with(&[])),
        Err(PremiumError::AlreadyPaid { .. })
    ));
    let unknown = PremiumEvent::InvoicePaid {
        on: d(2026, 2, 1),
        invoice: "POL-1-2026-9".parse_invoice(),
    };
    assert_eq!(
        year.apply(&unknown, &rules_with(&[]))
            .unwrap_err()
            .to_string(),
        "no invoice `POL-1-2026-9` was issued in this premium year"
    );
}

trait ParseInvoice {
    fn parse_invoice(self) -> credit_charter::invoice::InvoiceId;
}

impl ParseInvoice for &str {
    fn parse_invoice(self) -> credit_charter::invoice::InvoiceId {
        credit_charter::invoice::InvoiceId::new(self).unwrap()
    }
}

#[test]
fn c2_4_a_policys_own_terms_change_rate_share_instalments_and_payment_days() {
    let rules = rules_with(&[
        ("premium.rate", text("0.25%")),
        ("premium.minimum_share", text("75%")),
        ("premium.instalments", ParamInput::Whole(2)),
        ("premium.tax_rate", text("0%")),
        ("invoice.payment_days", ParamInput::Whole(30)),
        ("invoice.monitoring_fee", text("EUR 25")),
    ]);
    // EUR 10,000,000 × 0.25% = EUR 25,000.00; × 75% = EUR 18,750.00; ÷ 2 = EUR 9,375.00.
    // Monitoring: 3 limits × EUR 25.00 per quarter × 2 quarters = EUR 150.00.
    let half_year = PremiumEvent::InstalmentInvoiced {
        on: d(2026, 1, 5),
        monitored_limits: 3,
        limit_applications: 0,
    };
    let (_, records, _) = run(&[estimated("10000000"), half_year], &rules);
    let invoice = records[1].invoice().unwrap();
    assert_eq!(invoice.lines()[0].net(), eur("9375.00"));
    assert_eq!(invoice.lines()[1].net(), eur("150.00"));
    assert_eq!(
        invoice.lines()[1].description(),
        "credit-limit monitoring fee: 3 credit limit(s) monitored × EUR 25.00 per quarter × 2 quarters"
    );
    assert_eq!(invoice.total(), eur("9525.00"));
    assert_eq!(invoice.lines()[0].period().to, d(2026, 6, 30));
    assert_eq!(invoice.due_on(), d(2026, 2, 4));
}

#[test]
fn c2_4_events_out_of_order_are_rejected_and_change_nothing() {
    let rules = rules_with(&[]);
    let year = year_2026();
    let err = year.apply(&instalment(d(2026, 1, 5)), &rules).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot apply `instalment_invoiced` to a premium year that is awaiting the turnover estimate"
    );
    let (year, _, _) = run(&[estimated("20000000")], &rules);
    let before = year.clone();
    assert!(matches!(
        year.apply(&declared("22000000"), &rules),
        Err(PremiumError::EventNotAllowed { .. })
    ));
    assert_eq!(year, before);
    let usd = PremiumEvent::TurnoverEstimated {
        on: d(2025, 12, 15),
        turnover: "USD 1000".parse().unwrap(),
    };
    assert!(year_2026().apply(&usd, &rules).is_err());
    let uneven = rules_with(&[("premium.instalments", ParamInput::Whole(5))]);
    assert_eq!(
        year_2026()
            .apply(&estimated("1000"), &uneven)
            .unwrap_err()
            .to_string(),
        "`5` instalments do not split a 12-month insurance year into whole months"
    );
    let mut events = vec![estimated("20000000")];
    events.extend(quarters());
    let (year, _, _) = run(&events, &rules);
    assert!(matches!(
        year.apply(&instalment(d(2026, 12, 1)), &rules),
        Err(PremiumError::EventNotAllowed { .. })
    ));
}

#[test]
fn c2_4_an_invoice_without_due_date_whose_lines_do_not_add_up_is_rejected_with_both_defects() {
    let draft: InvoiceDraft = serde_json::from_str(
        r#"{
            "number": "EXT-2026-17",
            "issued_on": "2026-04-02",
            "lines": [
                { "service": "premium_instalment", "period": { "from": "2026-04-01", "to": "2026-06-30" },
                  "net": "EUR 12000.00", "tax_rate": "21%", "tax": "EUR 2520.00", "total": "EUR 14520.00" },
                { "service": "monitoring_fee", "period": { "from": "2026-04-01", "to": "2026-06-30" },
                  "net": "EUR 100.00" }
            ],
            "total": "EUR 14720.00"
        }"#,
    )
    .unwrap();
    let defects = validate(&draft);
    assert_eq!(
        defects,
        [
            Defect::NoDueDate,
            Defect::LinesDoNotAddUp {
                sum: eur("14620.00"),
                total: eur("14720.00")
            }
        ]
    );
    let err = Invoice::try_from(draft.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invoice `EXT-2026-17` is unclear: no due date; the lines add up to `EUR 14,620.00` but the total says `EUR 14,720.00`"
    );
    // Reading it as an Invoice from JSON is refused the same way.
    let json = serde_json::to_string(&draft).unwrap();
    assert!(serde_json::from_str::<Invoice>(&json).is_err());
}

#[test]
fn c2_4_the_validator_lists_every_defect_at_once() {
    let draft: InvoiceDraft = serde_json::from_str(
        r#"{
            "issued_on": "2026-04-02",
            "due_on": "2026-03-31",
            "lines": [
                { "period": { "from": "2026-06-30", "to": "2026-04-01" }, "net": "EUR 100.00",
                  "tax_rate": "21%", "tax": "EUR 20.00", "total": "EUR 125.00" },
                { "service": "monitoring_fee", "net": "USD 10.00" },
                { "service": "credit_limit_fee", "period": { "from": "2026-04-01", "to": "2026-06-30" } }
            ]
        }"#,
    )
    .unwrap();
    let shown: Vec<String> = validate(&draft).iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "no invoice number",
            "due date `2026-03-31` is before the issue date `2026-04-02`",
            "line 1 states no service",
            "line 1 has a period ending `2026-04-01` before it starts `2026-06-30`",
            "line 1 has tax `EUR 20.00` but `21%` of its amount is `EUR 21.00`",
            "line 1 adds up to `EUR 120.00` but its total says `EUR 125.00`",
            "line 2 states no period",
            "line 2 is in `USD` but the invoice is in `EUR`",
            "line 3 states no amount",
            "no total to pay",
        ]
    );
    assert_eq!(validate(&InvoiceDraft::default()).len(), 5);
}

#[test]
fn c2_4_issued_invoices_pass_the_validator_and_round_trip_through_json() {
    let mut events = vec![estimated("12345678")];
    events.extend(quarters());
    events.push(declared("19999999"));
    let (_, records, _) = run(&events, &rules_with(&[]));
    for invoice in invoices(&records) {
        let draft = InvoiceDraft::from(invoice.clone());
        assert!(validate(&draft).is_empty());
        let json = serde_json::to_string(invoice).unwrap();
        assert_eq!(&serde_json::from_str::<Invoice>(&json).unwrap(), invoice);
    }
}

#[test]
fn c2_4_the_sample_premium_year_reports_every_invoice_line_by_line() {
    let text = std::fs::read_to_string(format!(
        "{}/examples/cases/c2_4_premium_year.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let case = CaseFile::from_json(&text).unwrap();
    let replay = case.replay(book()).unwrap();
    let year = replay.premium.unwrap();
    assert_eq!(year.status(), PremiumYearStatus::Closed);
    assert_eq!(year.invoices().len(), 5);
    let report = ComplianceReport::build(&replay.records, d(2027, 3, 31)).to_text();
    for expected in [
        "invoice POL-2026-0042-2026-1 · issued 2026-01-05 · due 2026-01-25",
        "service: premium instalment · period: 2026-01-01 to 2026-03-31",
        "amount EUR 12,000.00 + tax EUR 2,520.00 (21%) = EUR 14,520.00",
        "amount EUR 75.00 + tax EUR 0.00 (0%) = EUR 75.00",
        "total to pay: EUR 14,635.00 (amount EUR 12,115.00, tax EUR 2,520.00) by 2026-01-25",
        "amount EUR 18,000.00 + tax EUR 3,780.00 (21%) = EUR 21,780.00",
        "MET LATE on 2026-07-28, 7 day(s) late",
    ] {
        assert!(
            report.contains(expected),
            "missing `{expected}` in:\n{report}"
        );
    }
}

#[test]
fn c2_4_a_rejected_premium_event_in_a_case_file_names_its_path() {
    let text = std::fs::read_to_string(format!(
        "{}/examples/cases/c2_4_premium_year.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace(
        "\"invoice\": \"POL-2026-0042-2026-2\"",
        "\"invoice\": \"NOPE\"",
    );
    let err = CaseFile::from_json(&text)
        .unwrap()
        .replay(book())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "case file: at `premium.events[4]`: no invoice `NOPE` was issued in this premium year"
    );
}

#[test]
fn c2_4_a_payment_rule_that_answers_no_valid_term_fails_closed() {
    let broken = "//! C2.4 — invoices are clear\nfn payment_terms(invoice, params) { pay_within(days(-1), \"standard_payment_terms\") }\n";
    let book = pack_with(&[("invoice/payment_terms.rhai", Some(broken))]).unwrap();
    let rules = book
        .for_policy(&PolicyTerms {
            currency: Currency::EUR,
            calendar: "NL".into(),
            parameters: BTreeMap::new(),
        })
        .unwrap();
    let (year, _, _) = run(&[estimated("20000000")], &rules);
    let err = year.apply(&instalment(d(2026, 1, 5)), &rules).unwrap_err();
    assert!(matches!(err, PremiumError::Rule(_)), "{err}");
    assert!(err.to_string().contains("invoice/payment_terms"), "{err}");
}

#[test]
fn c2_4_a_closing_rule_cannot_charge_more_than_the_final_premium_above_what_was_invoiced() {
    let greedy = "//! C2.4 — invoices are clear\nfn closing_invoice(year, params) { charge_difference(\"final_premium_above_advance\") }\n";
    let book = pack_with(&[("premium/closing_invoice.rhai", Some(greedy))]).unwrap();
    let rules = book
        .for_policy(&PolicyTerms {
            currency: Currency::EUR,
            calendar: "NL".into(),
            parameters: BTreeMap::new(),
        })
        .unwrap();
    let mut events = vec![estimated("20000000")];
    events.extend(quarters());
    let (year, _, _) = run(&events, &rules);
    let err = year.apply(&declared("14000000"), &rules).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no closing invoice possible: the final premium `EUR 42,000.00` does not exceed the `EUR 48,000.00` already invoiced"
    );
}

#[test]
fn c2_4_rule_files_must_cite_their_clause() {
    let uncited = "//! Payment terms.\nfn payment_terms(invoice, params) { pay_within(days(params.payment_days), \"standard_payment_terms\") }\n";
    let err = pack_with(&[("invoice/payment_terms.rhai", Some(uncited))]).unwrap_err();
    assert!(
        err.to_string()
            .contains("invoice/payment_terms.rhai:1:1: the header comment must cite C2.4"),
        "{err}"
    );
}

fn sum(amounts: impl IntoIterator<Item = Money>) -> Money {
    amounts
        .into_iter()
        .try_fold(eur("0"), Money::checked_add)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For any premium: every invoice's total is the exact sum of its lines, every line is
    /// net + tax, and the instalments sum exactly to the minimum premium they split.
    #[test]
    fn invoice_totals_equal_the_sum_of_their_lines_for_any_premium(
        turnover_cents in 0i64..100_000_000_000,
        rate_bp in 1i64..=150,
        share in 50i64..=100,
        parts in prop::sample::select(vec![1i64, 2, 3, 4, 6, 12]),
        tax in prop::sample::select(vec!["0%", "9.5%", "21%", "24%"]),
        fee_cents in 0i64..10_000,
        limits in 0u32..40,
        declared_cents in 0i64..100_000_000_000,
    ) {
        let rate = format!("{}%", rust_decimal::Decimal::new(rate_bp, 2));
        let fee = format!("EUR {}", rust_decimal::Decimal::new(fee_cents, 2));
        let rules = rules_with(&[
            ("premium.rate", ParamInput::Text(rate)),
            ("premium.minimum_share", ParamInput::Text(format!("{share}%"))),
            ("premium.instalments", ParamInput::Whole(parts)),
            ("premium.tax_rate", text(tax)),
            ("invoice.monitoring_fee", ParamInput::Text(fee)),
        ]);
        let turnover = Money::new(rust_decimal::Decimal::new(turnover_cents, 2), Currency::EUR).unwrap();
        let mut year = year_2026();
        let mut records = Vec::new();
        let mut events = vec![PremiumEvent::TurnoverEstimated { on: d(2025, 12, 15), turnover }];
        for k in 0..parts {
            let month = u32::try_from(1 + k * 12 / parts).unwrap();
            events.push(PremiumEvent::InstalmentInvoiced { on: d(2026, month, 2), monitored_limits: limits, limit_applications: 0 });
        }
        events.push(PremiumEvent::TurnoverDeclared {
            on: d(2027, 1, 20),
            turnover: Money::new(rust_decimal::Decimal::new(declared_cents, 2), Currency::EUR).unwrap(),
        });
        for event in &events {
            let step = year.apply(event, &rules).unwrap();
            records.push(step.record);
            year = step.next;
        }
        let estimate = year.estimate().unwrap();
        prop_assert_eq!(sum(estimate.instalments.iter().copied()), estimate.minimum_premium);
        for invoice in invoices(&records) {
            prop_assert_eq!(sum(invoice.lines().iter().map(|l| l.total())), invoice.total());
            prop_assert_eq!(sum(invoice.lines().iter().map(|l| l.net())), invoice.net());
            prop_assert_eq!(invoice.net().checked_add(invoice.tax()).unwrap(), invoice.total());
            for line in invoice.lines() {
                prop_assert_eq!(line.net().checked_add(line.tax()).unwrap(), line.total());
            }
            prop_assert!(invoice.due_on() >= invoice.issued_on());
        }
        // A closing invoice only when the final premium exceeds the minimum premium invoiced.
        let closing = records.last().unwrap();
        let final_premium = year.final_premium().unwrap();
        let above = final_premium.checked_cmp(estimate.minimum_premium).unwrap().is_gt();
        prop_assert_eq!(closing.decision() == Decision::ClosingInvoiceIssued, above);
        if let Some(invoice) = closing.invoice() {
            prop_assert_eq!(invoice.net(), final_premium.checked_sub(estimate.minimum_premium).unwrap());
        }
    }

    /// Instalments sum exactly to what they split, to the cent; the first carries the
    /// remainder (fewer cents than there are parts) and the others are equal.
    #[test]
    fn splits_sum_exactly_to_the_cent_with_the_remainder_on_the_first(
        cents in -1_000_000_000_000i64..1_000_000_000_000,
        parts in 1u32..=24,
    ) {
        let amount = Money::new(rust_decimal::Decimal::new(cents, 2), Currency::EUR).unwrap();
        let split = split_exactly(amount, parts).unwrap();
        prop_assert_eq!(split.len(), usize::try_from(parts).unwrap());
        let total = split.iter().try_fold(Money::zero(Currency::EUR), |s, p| s.checked_add(*p)).unwrap();
        prop_assert_eq!(total, amount);
        let rest = split[1..].to_vec();
        prop_assert!(rest.windows(2).all(|w| w[0] == w[1]));
        if let Some(other) = rest.first() {
            let extra = split[0].checked_sub(*other).unwrap().amount().abs();
            prop_assert!(extra < rust_decimal::Decimal::new(i64::from(parts), 2));
        }
    }
}

/// One random step of a premium year: which event, an amount in cents, and a count.
fn step() -> impl Strategy<Value = (u8, i64, u32)> {
    (0u8..4, 0i64..5_000_000_000, 0u32..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Model-based: any sequence of events. A rejected event leaves the year unchanged; an
    /// accepted one that issues an invoice issues a clear one, with the customer's duty to
    /// pay by its due date and the insurer's clarity obligation met on issue.
    #[test]
    fn any_event_sequence_keeps_invoices_clear_and_rejections_harmless(
        steps in prop::collection::vec(step(), 1..16),
    ) {
        let rules = rules_with(&[("invoice.monitoring_fee", text("EUR 12.50"))]);
        let mut year = year_2026();
        let mut on = d(2025, 12, 1);
        for (kind, cents, count) in steps {
            on = on.succ_opt().unwrap();
            let amount = Money::new(rust_decimal::Decimal::new(cents, 2), Currency::EUR).unwrap();
            let event = match kind {
                0 => PremiumEvent::TurnoverEstimated { on, turnover: amount },
                1 => PremiumEvent::InstalmentInvoiced { on, monitored_limits: count, limit_applications: count / 2 },
                2 => PremiumEvent::InvoicePaid {
                    on,
                    invoice: if count == 5 { "POL-1-2026-C" } else { ["POL-1-2026-1", "POL-1-2026-2", "POL-1-2026-3", "POL-1-2026-4", "POL-1-2026-5"][count as usize] }.parse_invoice(),
                },
                _ => PremiumEvent::TurnoverDeclared { on, turnover: amount },
            };
            let before = year.clone();
            match year.apply(&event, &rules) {
                Err(_) => prop_assert_eq!(&year, &before),
                Ok(step) => {
                    if let Some(invoice) = step.record.invoice() {
                        prop_assert!(validate(&InvoiceDraft::from(invoice.clone())).is_empty());
                        let pay = step.record.obligations().iter().find(|o| o.owner == Party::Customer).unwrap();
                        prop_assert_eq!(pay.duty, Duty::By { due: invoice.due_on() });
                        let clear = step.record.obligations().iter().find(|o| o.owner == Party::Insurer).unwrap();
                        prop_assert!(step.record.discharges().iter().any(|d| d.obligation == clear.id && d.on == invoice.issued_on()));
                        prop_assert_eq!(step.effects.len(), 1);
                    } else {
                        prop_assert!(step.effects.is_empty());
                    }
                    year = step.next;
                }
            }
        }
    }
}

/// Every machine refuses an event dated before the last one it accepted; the premium year
/// had no such guard before the `Machine` trait gave it one.
#[test]
fn c2_4_premium_year_refuses_out_of_order_events_and_a_payment_before_its_invoice() {
    let rules = rules_with(&[]);
    let estimate = PremiumEvent::TurnoverEstimated {
        on: d(2026, 3, 1),
        turnover: eur("20000000"),
    };
    let year = year_2026().apply(&estimate, &rules).unwrap().next;
    let early = year.apply(&instalment(d(2025, 6, 1)), &rules).unwrap_err();
    assert!(matches!(early, PremiumError::OutOfOrder(_)), "{early}");
    assert_eq!(
        early.to_string(),
        "event `instalment_invoiced` on 2025-06-01 is dated before the last event of policy POL-1/2026, on 2026-03-01"
    );

    let invoiced = year.apply(&instalment(d(2026, 4, 1)), &rules).unwrap().next;
    let number = invoiced.invoices()[0].invoice.number().clone();
    let paid_early = PremiumEvent::InvoicePaid {
        on: d(2026, 3, 31),
        invoice: number,
    };
    let before = invoiced.clone();
    assert!(matches!(
        invoiced.apply(&paid_early, &rules),
        Err(PremiumError::OutOfOrder(_))
    ));
    assert_eq!(invoiced, before, "a rejected event changes nothing");
    assert_eq!(invoiced.ledger().events(), 2);
}
