//! Runs one decision N times, for instruction and allocation counts under valgrind — the
//! load-independent way to measure what a change to the rule engine buys
//! (`benches/README.md`, "What the profile showed").
//!
//! ```sh
//! cargo build --profile profiling --example profile_calls
//! valgrind --tool=callgrind target/profiling/examples/profile_calls notice 10000
//! valgrind --tool=dhat      target/profiling/examples/profile_calls notice 10000
//! ```
//!
//! Decisions: `notice` (C3.4, a reduction without circumstance), `insolvency` (the same for
//! an insolvent buyer), `payout5` (a payout on five invoices, C4.3), each evaluated every
//! time, or remembered with a `_cached` suffix (`notice_cached`); `plain_rhai` (the notice
//! logic as one idiomatic rhai call on object maps, the reference). The cost of one
//! decision is the difference between two runs with different N, divided by the difference.

use std::hint::black_box;
use std::process::ExitCode;

use chrono::{Days, NaiveDate};
use credit_charter::claim::{BuyerInvoice, Credit, CreditKind, PayoutCase, compute_payout};
use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange, LimitSpan};
use credit_charter::{Currency, PolicyRules, PolicyTerms, Rulebook};

type Run<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Run<()> {
    let mut args = std::env::args().skip(1);
    let what = args
        .next()
        .ok_or("usage: profile_calls notice|insolvency|payout5|plain_rhai N")?;
    let n: u64 = args.next().unwrap_or_else(|| "1000".into()).parse()?;
    // `*_cached` remembers evaluations (the default); the others evaluate every time.
    let memo = what.ends_with("_cached");
    let what = what.trim_end_matches("_cached");
    let rules = Rulebook::embedded()?.memo(memo).for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?;
    let on = NaiveDate::from_ymd_opt(2026, 3, 5).ok_or("date")?;
    match what {
        "notice" | "insolvency" => {
            let change = LimitChange {
                kind: ChangeKind::Reduction,
                current: "EUR 100000".parse()?,
                new_amount: "EUR 40000".parse()?,
                circumstance: (what == "insolvency")
                    .then_some(ExceptionalCircumstance::BuyerInsolvency),
            };
            for _ in 0..n {
                black_box(rules.ask(black_box(&change), on)?);
            }
        }
        "payout5" => {
            let case = payout_case()?;
            let decided = NaiveDate::from_ymd_opt(2026, 9, 1).ok_or("date")?;
            for _ in 0..n {
                black_box(compute_payout(black_box(&case), &rules, decided)?);
            }
        }
        "plain_rhai" => plain_rhai(&rules, n)?,
        other => return Err(format!("unknown decision `{other}`").into()),
    }
    Ok(())
}

/// The notice logic as one plain rhai call: object maps in, a number out.
fn plain_rhai(_rules: &PolicyRules, n: u64) -> Run<()> {
    use rhai::packages::Package;
    use rhai::{Dynamic, Engine, Map, Scope};
    let mut engine = Engine::new_raw();
    engine.register_global_module(rhai::packages::ArithmeticPackage::new().as_shared_module());
    engine.register_global_module(rhai::packages::LogicPackage::new().as_shared_module());
    let ast = engine.compile(
        "fn notice_period(change, params) { if change.circumstance != () { 0 } else { params.notice_days } }",
    )?;
    let mut change = Map::new();
    change.insert("kind".into(), Dynamic::from("reduction"));
    change.insert("circumstance".into(), Dynamic::UNIT);
    let mut params = Map::new();
    params.insert("notice_days".into(), Dynamic::from_int(30));
    for _ in 0..n {
        let days: i64 = engine.call_fn(
            &mut Scope::new(),
            &ast,
            "notice_period",
            (change.clone(), params.clone()),
        )?;
        black_box(days);
    }
    Ok(())
}

/// Five invoices of EUR 30,000 + 21% VAT ten days apart, a EUR 20,000 payment, a EUR 100,000
/// limit: the case of `benches/claims.rs`.
fn payout_case() -> Run<PayoutCase> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 10).ok_or("date")?;
    let mut invoices = Vec::new();
    for i in 0..5u64 {
        let delivered = start.checked_add_days(Days::new(10 * i)).ok_or("date")?;
        invoices.push(BuyerInvoice {
            number: format!("INV-{i}"),
            invoice_date: delivered,
            delivery_date: delivered,
            due_date: delivered.checked_add_days(Days::new(30)).ok_or("date")?,
            amount: "EUR 30000".parse()?,
            vat: "EUR 6300".parse()?,
            disputed: false,
        });
    }
    Ok(PayoutCase {
        currency: Currency::EUR,
        invoices,
        credits: vec![Credit {
            on: NaiveDate::from_ymd_opt(2026, 3, 25).ok_or("date")?,
            kind: CreditKind::Payment,
            amount: "EUR 20000".parse()?,
        }],
        cover: vec![LimitSpan {
            from: NaiveDate::from_ymd_opt(2025, 12, 1).ok_or("date")?,
            amount: "EUR 100000".parse()?,
        }],
        date_of_loss: NaiveDate::from_ymd_opt(2026, 8, 8).ok_or("date")?,
        stoppage_of_cover: None,
        usage: Default::default(),
        dates: Default::default(),
    })
}
