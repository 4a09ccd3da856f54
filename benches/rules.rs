//! Criterion benchmarks: what a rule call costs through rhai, next to the same decision
//! written in Rust, and what the machinery around it (a credit-limit transition, a
//! compliance report, loading the pack) costs.
//!
//! Run with `cargo bench --bench rules`; see `benches/README.md` for the figures.

use std::error::Error;
use std::fmt::Display;
use std::hint::black_box;
use std::process::exit;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use credit_charter::Machine;
use credit_charter::credit_limit::{
    ChangeKind, CreditLimit, CreditLimitEvent, ExceptionalCircumstance, LimitChange,
};
use credit_charter::{
    BuyerId, ComplianceReport, Currency, DecisionRecord, PolicyId, PolicyRules, PolicyTerms,
    Rulebook,
};
use criterion::{Criterion, criterion_main};

/// What setting up a bench can fail with.
type Setup<T> = Result<T, Box<dyn Error>>;

/// Limits replayed for the report bench; 5 decision records each.
const LIMITS: u32 = 2_000;

/// `y-m-d`, or an error.
fn date(y: i32, m: u32, d: u32) -> Setup<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("no date {y}-{m}-{d}").into())
}

/// The date `days` after `start`, or an error.
fn plus(start: NaiveDate, days: u64) -> Setup<NaiveDate> {
    start
        .checked_add_days(Days::new(days))
        .ok_or_else(|| format!("{start} + {days} days is out of range").into())
}

/// The embedded pack bound to a plain EUR policy with the NL calendar.
fn policy_rules() -> Setup<PolicyRules> {
    let terms = PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    };
    Ok(Rulebook::embedded()?.for_policy(&terms)?)
}

/// A reduction from EUR 100,000 to EUR 40,000, with or without a circumstance.
fn reduction(circumstance: Option<ExceptionalCircumstance>) -> Setup<LimitChange> {
    Ok(LimitChange {
        kind: ChangeKind::Reduction,
        current: "EUR 100000".parse()?,
        new_amount: "EUR 40000".parse()?,
        circumstance,
    })
}

/// The native-Rust reference of `credit_limit/notice_period`: any exceptional circumstance
/// means immediate effect, otherwise 30 calendar days; then the effective date.
fn native_effective_on(change: &LimitChange, on: NaiveDate) -> Option<NaiveDate> {
    let days = match change.circumstance {
        Some(_) => 0,
        None => 30,
    };
    on.checked_add_days(Days::new(days))
}

/// A limit on `buyer`, granted EUR 100,000 on `on`: in force.
fn limit_in_force(rules: &PolicyRules, buyer: String, on: NaiveDate) -> Setup<CreditLimit> {
    let limit = CreditLimit::new(
        PolicyId::new("POL-BENCH")?,
        BuyerId::new(buyer)?,
        Currency::EUR,
    );
    Ok(limit
        .apply(
            &CreditLimitEvent::Granted {
                on,
                amount: "EUR 100000".parse()?,
            },
            rules,
        )?
        .next)
}

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

/// `notice_period/rhai/*` against `notice_period/native/*`, in the same run.
fn notice_period(c: &mut Criterion) {
    let rules = setup("rules", policy_rules());
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
    let rules = setup("rules", policy_rules());
    let limit = setup(
        "limit",
        date(2026, 1, 5).and_then(|on| limit_in_force(&rules, "B-7".into(), on)),
    );
    let on = setup("date", date(2026, 3, 5));
    let new_amount = setup("amount", "EUR 40000".parse());
    let event = CreditLimitEvent::reduction(on, new_amount, "weak_financials");
    let step = setup("apply", limit.apply(&event, &rules));
    if step.effects.len() != 2 {
        setup(
            "apply",
            Err::<(), _>(format!("expected 2 effects, got {:?}", step.effects)),
        );
    }

    let mut group = c.benchmark_group("credit_limit");
    group.bench_function("apply", |b| {
        b.iter(|| limit.apply(black_box(&event), &rules))
    });
    group.finish();
}

/// `report/build_10k`: a compliance report over about 10,000 decision records.
fn report(c: &mut Criterion) {
    let rules = setup("rules", policy_rules());
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
    let mut c = Criterion::default()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30)
        .configure_from_args();
    notice_period(&mut c);
    credit_limit(&mut c);
    report(&mut c);
    rulebook(&mut c);
}

criterion_main!(benches);
