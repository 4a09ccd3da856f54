//! Portfolio-scale benchmarks: 1,000,000 credit-limit re-evaluations through the batch API
//! on 1 and 2 threads, with the memo of pure rules and without; the compliance report over
//! 10k, 100k and 1M decision records of a generated book; one case file read and replayed.
//!
//! Run with `cargo bench --bench portfolio`; see `benches/README.md` for the figures and
//! `--bench portfolio -- batch` (a criterion filter) for one group.

use std::hint::black_box;
use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate};
use credit_charter::batch::Batch;
use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange};
use credit_charter::portfolio::Portfolio;
use credit_charter::{
    CaseFile, ComplianceReport, Currency, DecisionRecord, Money, PolicyRules, PolicyTerms, Rulebook,
};
use criterion::{BatchSize, Criterion, criterion_main};

type Setup<T> = Result<T, Box<dyn std::error::Error>>;

/// Credit limits re-evaluated per batch.
const LIMITS: usize = 1_000_000;

fn policy_rules(memo: bool) -> Setup<PolicyRules> {
    Ok(Rulebook::embedded()?.memo(memo).for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?)
}

/// A book's limits, each to be reduced on its own date: one in ten for an exceptional
/// circumstance, amounts from EUR 10,000 to EUR 1,009,000.
fn limits() -> Setup<Vec<(LimitChange, NaiveDate)>> {
    use ExceptionalCircumstance as Ec;
    let circumstances = [
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        Some(Ec::BuyerInsolvency),
        Some(Ec::Sanctions),
    ];
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).ok_or("date")?;
    let mut items = Vec::with_capacity(LIMITS);
    for i in 0..LIMITS {
        let current = Money::new(
            rust_decimal::Decimal::from(10_000 + (i % 1_000) * 1_000),
            Currency::EUR,
        )?;
        let new_amount = Money::new(current.amount() / rust_decimal::Decimal::TWO, Currency::EUR)?;
        let circumstance = circumstances
            .get(i % circumstances.len())
            .copied()
            .flatten();
        let change = LimitChange {
            kind: ChangeKind::Reduction,
            current,
            new_amount,
            circumstance,
        };
        let on = start
            .checked_add_days(Days::new((i % 300) as u64))
            .ok_or("date")?;
        items.push((change, on));
    }
    Ok(items)
}

/// One re-evaluation: the notice (C3.4), its effective date, and the cover on that date.
fn reevaluate(
    rules: &PolicyRules,
    (change, on): &(LimitChange, NaiveDate),
) -> Option<(NaiveDate, Money)> {
    let ruling = rules.ask(change, *on).ok()?;
    let effective = ruling.value.after(*on, rules.calendar()).ok()?;
    Some((effective, change.new_amount))
}

fn batch(c: &mut Criterion) -> Setup<()> {
    let items = limits()?;
    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for memo in [true, false] {
        let rules = policy_rules(memo)?;
        let name = if memo { "memo" } else { "no_memo" };
        // Both thread counts give the same answers before either is timed.
        let one = Batch::new()
            .threads(1)
            .map(&items, |i| reevaluate(&rules, i))?;
        if one
            != Batch::new()
                .threads(2)
                .map(&items, |i| reevaluate(&rules, i))?
            || one.iter().any(Option::is_none)
        {
            return Err("1 and 2 threads disagree, or a re-evaluation failed".into());
        }
        for threads in [1, 2] {
            group.bench_function(format!("reevaluate_1m_{name}_{threads}_threads"), |b| {
                b.iter(|| {
                    Batch::new()
                        .threads(threads)
                        .map(black_box(&items), |i| reevaluate(&rules, i))
                })
            });
        }
    }
    // The machine's own scaling in the same run: pure arithmetic, no allocation, no rule.
    for threads in [1, 2] {
        group.bench_function(format!("calibration_1m_{threads}_threads"), |b| {
            b.iter(|| {
                Batch::new()
                    .threads(threads)
                    .map(black_box(&items), |(_, on)| calibration(*on))
            })
        });
    }
    group.finish();
    Ok(())
}

/// About a microsecond of pure CPU work per item: a xorshift chain seeded by the date.
fn calibration(on: NaiveDate) -> u64 {
    let mut x = u64::from(on.ordinal()) | 1;
    for _ in 0..400 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// The first `n` decision records of the generated book of seed 7.
fn records(n: usize) -> Setup<Vec<DecisionRecord>> {
    Ok(Portfolio::new(7, &Rulebook::embedded()?).records(n)?)
}

fn report(c: &mut Criterion) -> Setup<()> {
    let as_of = NaiveDate::from_ymd_opt(2027, 3, 31).ok_or("date")?;
    let mut group = c.benchmark_group("report");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    for n in [10_000, 100_000, 1_000_000] {
        // Built on first use, so a filter that skips both benches skips building them.
        let book = std::cell::OnceCell::new();
        let book = || book.get_or_init(|| setup("records", records(n)));
        group.bench_function(format!("build_{}k", n / 1_000), |b| {
            let records = book();
            b.iter(|| ComplianceReport::build(black_box(records), as_of))
        });
        // What `charter report` does with a replay's records: keeps them, no copy (the
        // copy is made outside the timing).
        group.bench_function(format!("from_records_{}k", n / 1_000), |b| {
            let records = book();
            b.iter_batched(
                || records.clone(),
                |records| ComplianceReport::from_records(records, as_of),
                BatchSize::LargeInput,
            )
        });
        group.bench_function(format!("reference_{}k", n / 1_000), |b| {
            b.iter(|| steps_on_integers(black_box(n)))
        });
    }
    group.finish();
    Ok(())
}

/// The same-run reference for the report's growth: its steps on `n` plain integers, no
/// records — sort `n` (date, position) pairs, hash `n` keys, look each one up. What it
/// loses from 10k to 1M is the machine's (caches, TLB), not the report's.
fn steps_on_integers(n: usize) -> usize {
    let key = |i: usize| (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut order: Vec<(u32, usize)> = (0..n).map(|i| ((key(i) >> 52) as u32, i)).collect();
    order.sort_unstable();
    let mut keys: std::collections::HashMap<u64, usize, ahash::RandomState> =
        std::collections::HashMap::with_capacity_and_hasher(n, ahash::RandomState::with_seed(7));
    for (_, i) in &order {
        keys.insert(key(*i), *i);
    }
    (0..n).filter(|i| keys.contains_key(&key(*i))).count()
}

fn case_file(c: &mut Criterion) -> Setup<()> {
    let rulebook = Rulebook::embedded()?;
    let file = Portfolio::new(7, &rulebook).case_file(0)?;
    let json = serde_json::to_string_pretty(&file)?;
    let as_of = file.as_of.ok_or("no as_of")?;
    let mut group = c.benchmark_group("case_file");
    group.bench_function(
        format!("read_and_report_{}_events", file.event_count()),
        |b| {
            b.iter_batched(
                || json.clone(),
                |json| CaseFile::from_json(&json).map(|f| f.case_report(&rulebook, as_of)),
                BatchSize::SmallInput,
            )
        },
    );
    group.finish();
    Ok(())
}

/// Unwraps a setup step, or says why the bench cannot run and stops.
fn setup<T>(what: &str, result: Setup<T>) -> T {
    match result {
        Ok(value) => value,
        Err(e) => {
            eprintln!("bench setup failed ({what}): {e}");
            std::process::exit(1)
        }
    }
}

fn benches() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    for (name, result) in [
        ("case_file", case_file(&mut c)),
        ("report", report(&mut c)),
        ("batch", batch(&mut c)),
    ] {
        if let Err(e) = result {
            eprintln!("bench setup failed ({name}): {e}");
            std::process::exit(1);
        }
    }
}

criterion_main!(benches);
