//! Criterion benchmarks: what a rule call costs through rhai, next to the same decision
//! written in Rust, and what the machinery around it (a credit-limit transition, a
//! compliance report, loading the pack) costs.
//!
//! Run with `cargo bench --bench rules`; see `benches/README.md` for the figures.

mod common;

use std::hint::black_box;
use std::time::Duration;

use credit_charter::Machine;
use credit_charter::credit_limit::{CreditLimit, CreditLimitEvent, ExceptionalCircumstance};
use credit_charter::{
    BuyerId, ComplianceReport, Currency, DecisionRecord, PolicyId, PolicyRules, Rulebook,
};
use criterion::{Criterion, criterion_main};

use common::{
    Setup, announced_reduction, criterion, date, native_effective_on, plus, policy_rules,
    reduction, setup,
};

/// Limits replayed for the report bench; 5 decision records each.
const LIMITS: u32 = 2_000;

/// About 10,000 decision records: each limit is granted, reduced (one in two with an
/// exceptional circumstance, one in four applied 15 days early), then withdrawn.
fn records(rules: &PolicyRules) -> Setup<Vec<DecisionRecord>> {
    use ExceptionalCircumstance as Ec;
    let circumstances = [
        None,
        None,
        None,
        Some(Ec::BuyerInsolvency),
        Some(Ec::Sanctions),
        Some(Ec::Fraud),
    ];
    let start = date(2026, 1, 5)?;
    let mut records = Vec::new();
    for (i, circumstance) in (0..LIMITS).zip(circumstances.iter().copied().cycle()) {
        let granted_on = plus(start, u64::from(i % 90))?;
        let announced = plus(granted_on, 30)?;
        let applied = plus(announced, if i % 4 == 0 { 15 } else { 30 })?;
        let withdrawn = plus(applied, 20)?;
        let events = [
            CreditLimitEvent::ReductionAnnounced {
                on: announced,
                new_amount: format!("EUR {}", 10_000 + (i % 50) * 1_000).parse()?,
                reasons: vec!["weak_financials".into()],
                circumstance,
                customer_consulted_on: Some(granted_on),
                limit_in_use: true,
                rating: None,
                rating_stated: false,
            },
            CreditLimitEvent::ChangeApplied { on: applied },
            CreditLimitEvent::withdrawal(withdrawn, None, &["payment_experience"]),
            CreditLimitEvent::ChangeApplied {
                on: plus(withdrawn, 30)?,
            },
        ];
        let granted = CreditLimit::new(
            PolicyId::new("POL-BENCH")?,
            BuyerId::new(format!("B-{i}"))?,
            Currency::EUR,
        );
        let step = granted.apply(
            &CreditLimitEvent::Granted {
                on: granted_on,
                amount: "EUR 100000".parse()?,
            },
            rules,
        )?;
        records.push(step.record);
        let mut limit = step.next;
        for event in &events {
            let step = limit.apply(event, rules)?;
            records.push(step.record);
            limit = step.next;
        }
    }
    Ok(records)
}

/// `notice_period/rhai/*` against `notice_period/native/*`, in the same run.
fn notice_period(c: &mut Criterion) {
    let rules = setup("rules", policy_rules(true));
    let on = setup("date", date(2026, 3, 5));
    let plain = setup("change", reduction(None));
    let insolvency = setup(
        "change",
        reduction(Some(ExceptionalCircumstance::BuyerInsolvency)),
    );
    // Both implementations must agree before their speed is compared.
    for change in [&plain, &insolvency] {
        let ruling = setup("notice_period", rules.ask(change, on));
        let (rhai, native) = (
            ruling.value.after(on, rules.calendar()).ok(),
            native_effective_on(change, on),
        );
        if rhai != native {
            setup(
                "notice_period",
                Err::<(), _>(format!("rhai gives {rhai:?}, native {native:?}")),
            );
        }
    }

    let mut group = c.benchmark_group("notice_period");
    group.bench_function("rhai/plain", |b| {
        b.iter(|| rules.ask(black_box(&plain), black_box(on)))
    });
    group.bench_function("rhai/insolvency", |b| {
        b.iter(|| rules.ask(black_box(&insolvency), black_box(on)))
    });
    group.bench_function("native/plain", |b| {
        b.iter(|| native_effective_on(black_box(&plain), black_box(on)))
    });
    group.bench_function("native/insolvency", |b| {
        b.iter(|| native_effective_on(black_box(&insolvency), black_box(on)))
    });
    group.finish();
}

/// `credit_limit/apply`: a reduction announced on a limit in force.
fn credit_limit(c: &mut Criterion) {
    let rules = setup("rules", policy_rules(true));
    let (limit, event) = setup("apply", announced_reduction(&rules));

    let mut group = c.benchmark_group("credit_limit");
    group.bench_function("apply", |b| {
        b.iter(|| limit.apply(black_box(&event), &rules))
    });
    group.finish();
}

/// `report/build_10k`: a compliance report over about 10,000 decision records.
fn report(c: &mut Criterion) {
    let rules = setup("rules", policy_rules(true));
    let records = setup("records", records(&rules));
    let as_of = setup("date", date(2026, 12, 31));

    let mut group = c.benchmark_group("report");
    group.bench_function(format!("build_{}k", records.len() / 1_000), |b| {
        b.iter(|| ComplianceReport::build(black_box(&records), black_box(as_of)))
    });
    group.finish();
}

/// `rulebook/load_embedded`: compile and validate the whole default pack.
fn rulebook(c: &mut Criterion) {
    let mut group = c.benchmark_group("rulebook");
    group.bench_function("load_embedded", |b| b.iter(Rulebook::embedded));
    group.finish();
}

/// Every bench, with measurement times short enough for the file to run in under two
/// minutes (what `criterion_group!` would generate, with a doc comment).
fn benches() {
    let mut c = criterion(Duration::from_secs(3));
    notice_period(&mut c);
    credit_limit(&mut c);
    report(&mut c);
    rulebook(&mut c);
}

criterion_main!(benches);
