//! Criterion benchmarks for claims and collections (C4.1–C4.3): one `claim/payout` rule
//! call, a whole itemised payout, the claim machine's decision, and a recovery split.
//!
//! Run with `cargo bench --bench claims`; see `benches/README.md` for the figures.

use std::error::Error;
use std::fmt::Display;
use std::hint::black_box;
use std::process::exit;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use credit_charter::Machine;
use credit_charter::claim::{
    BuyerInvoice, Claim, ClaimEvent, Credit, CreditKind, InvoiceCover, PayoutCase, PolicyYearUsage,
    compute_payout,
};
use credit_charter::collection::{Collection, CollectionEvent, OpenItem};
use credit_charter::credit_limit::LimitSpan;
use credit_charter::{BuyerId, Currency, PolicyId, PolicyRules, PolicyTerms, Rulebook};
use criterion::{Criterion, criterion_main};

/// What setting up a bench can fail with.
type Setup<T> = Result<T, Box<dyn Error>>;

fn date(y: i32, m: u32, d: u32) -> Setup<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("no date {y}-{m}-{d}").into())
}

fn policy_rules() -> Setup<PolicyRules> {
    Ok(Rulebook::embedded()?.for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?)
}

/// Five invoices of EUR 30,000 + 21% VAT, ten days apart from 10 January 2026.
fn invoices() -> Setup<Vec<BuyerInvoice>> {
    let start = date(2026, 1, 10)?;
    (0..5u64)
        .map(|i| {
            let delivered = start
                .checked_add_days(Days::new(10 * i))
                .ok_or("date out of range")?;
            Ok(BuyerInvoice {
                number: format!("INV-{i}"),
                invoice_date: delivered,
                delivery_date: delivered,
                due_date: delivered
                    .checked_add_days(Days::new(30))
                    .ok_or("date out of range")?,
                amount: "EUR 30000".parse()?,
                vat: "EUR 6300".parse()?,
                disputed: false,
            })
        })
        .collect()
}

fn cover() -> Setup<Vec<LimitSpan>> {
    Ok(vec![LimitSpan {
        from: date(2025, 12, 1)?,
        amount: "EUR 100000".parse()?,
    }])
}

/// A claim on the five invoices, with a payment, under assessment.
fn claim_under_assessment(rules: &PolicyRules) -> Setup<Claim> {
    let mut claim = Claim::new(
        PolicyId::new("POL-BENCH")?,
        BuyerId::new("B-7")?,
        Currency::EUR,
        cover()?,
    );
    let mut events: Vec<ClaimEvent> = invoices()?
        .into_iter()
        .map(|invoice| ClaimEvent::InvoiceIssued {
            on: invoice.invoice_date,
            invoice,
        })
        .collect();
    events.extend([
        ClaimEvent::PaymentOverdue {
            on: date(2026, 3, 20)?,
        },
        ClaimEvent::CreditReceived {
            on: date(2026, 3, 25)?,
            kind: CreditKind::Payment,
            amount: "EUR 20000".parse()?,
        },
        ClaimEvent::ClaimSubmitted {
            on: date(2026, 4, 20)?,
        },
        ClaimEvent::DocumentsCompleted {
            on: date(2026, 5, 10)?,
        },
    ]);
    for event in &events {
        claim = claim.apply(event, rules)?.next;
    }
    Ok(claim)
}

/// Unwraps a setup step, or says why the bench cannot run and stops.
fn setup<T, E: Display>(what: &str, result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(e) => {
            eprintln!("bench setup failed ({what}): {e}");
            exit(1)
        }
    }
}

/// `claim/payout_line` (one rule call), `claim/compute_payout_5` (five invoices) and
/// `claim/apply_decided_5` (the machine's decision with its record).
fn payout(c: &mut Criterion) {
    let rules = setup("rules", policy_rules());
    let invoices = setup("invoices", invoices());
    let on = setup("date", date(2026, 9, 1));
    let dol = setup("date", date(2026, 8, 8));
    let first = setup("invoice", invoices.first().cloned().ok_or("no invoice"));
    let cover_one = InvoiceCover {
        outstanding: setup("amount", "EUR 36300".parse()),
        limit_at_delivery: setup("amount", "EUR 100000".parse()),
        date_of_loss: dol,
        stoppage_of_cover: None,
        invoice: first,
        dates: Default::default(),
    };
    let case = PayoutCase {
        currency: Currency::EUR,
        invoices,
        credits: vec![Credit {
            on: setup("date", date(2026, 3, 25)),
            kind: CreditKind::Payment,
            amount: setup("amount", "EUR 20000".parse()),
        }],
        cover: setup("cover", cover()),
        date_of_loss: dol,
        stoppage_of_cover: None,
        usage: PolicyYearUsage::default(),
        dates: Default::default(),
    };
    let payout = setup("payout", compute_payout(&case, &rules, on));
    if payout.amount.to_string() != "EUR 90,000.00" {
        setup(
            "payout",
            Err::<(), _>(format!("expected EUR 90,000.00, got {}", payout.amount)),
        );
    }
    let claim = setup("claim", claim_under_assessment(&rules));
    let decide = ClaimEvent::ClaimDecided {
        on: setup("date", date(2026, 6, 1)),
        policy_year: PolicyYearUsage::default(),
    };
    let decided = setup("apply", claim.apply(&decide, &rules));
    if decided.next.payout().is_none() {
        setup("apply", Err::<(), _>("the claim was not decided"));
    }

    let mut group = c.benchmark_group("claim");
    group.bench_function("payout_line", |b| {
        b.iter(|| rules.ask(black_box(&cover_one), black_box(on)))
    });
    group.bench_function("compute_payout_5", |b| {
        b.iter(|| compute_payout(black_box(&case), &rules, black_box(on)))
    });
    group.bench_function("apply_decided_5", |b| {
        b.iter(|| claim.apply(black_box(&decide), &rules))
    });
    group.finish();
}

/// `collection/apply_recovery`: a recovery after a payout, split and made due.
fn collection(c: &mut Criterion) {
    let rules = setup("rules", policy_rules());
    let mut case = Collection::new(
        setup("id", PolicyId::new("POL-BENCH")),
        setup("id", BuyerId::new("B-7")),
        Currency::EUR,
    );
    let events = [
        CollectionEvent::Opened {
            on: setup("date", date(2026, 4, 20)),
            items: vec![OpenItem {
                number: "INV-0".into(),
                due_date: setup("date", date(2026, 2, 9)),
                amount: setup("amount", "EUR 161500".parse()),
            }],
            covered: setup("amount", "EUR 100000".parse()),
            mep_expired_on: None,
        },
        CollectionEvent::ClaimPaidOut {
            on: setup("date", date(2026, 8, 12)),
            paid: setup("amount", "EUR 90000".parse()),
            loss: setup("amount", "EUR 161500".parse()),
        },
    ];
    for event in &events {
        case = setup("apply", case.apply(event, &rules)).next;
    }
    let recovery = CollectionEvent::RecoveryReceived {
        on: setup("date", date(2026, 9, 1)),
        amount: setup("amount", "EUR 30000".parse()),
    };
    let split = setup("apply", case.apply(&recovery, &rules));
    if split.next.pending_transfers().is_empty() {
        setup("apply", Err::<(), _>("no transfer is due"));
    }

    let mut group = c.benchmark_group("collection");
    group.bench_function("apply_recovery", |b| {
        b.iter(|| case.apply(black_box(&recovery), &rules))
    });
    group.finish();
}

/// Every bench, with short measurement times (what `criterion_group!` would generate).
fn benches() {
    let mut c = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30)
        .configure_from_args();
    payout(&mut c);
    collection(&mut c);
}

criterion_main!(benches);
