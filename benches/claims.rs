//! Criterion benchmarks for claims and collections (C4.1–C4.3): one `claim/payout` rule
//! call, a whole itemised payout, the claim machine's decision, and a recovery split.
//!
//! Run with `cargo bench --bench claims`; see `benches/README.md` for the figures.

mod common;

use std::hint::black_box;
use std::time::Duration;

use credit_charter::Machine;
use credit_charter::claim::compute_payout;
use criterion::{Criterion, criterion_main};

use common::{
    check, claim_decision, criterion, date, invoice_cover, payout_case, policy_rules,
    recovery_after_payout, setup,
};

/// `claim/payout_line` (one rule call), `claim/compute_payout_5` (five invoices) and
/// `claim/apply_decided_5` (the machine's decision with its record).
fn payout(c: &mut Criterion) {
    let rules = setup("rules", policy_rules(true));
    let on = setup("date", date(2026, 9, 1));
    let cover_one = setup("invoice", invoice_cover());
    let case = setup("case", payout_case());
    let payout = setup("payout", compute_payout(&case, &rules, on));
    check(
        "payout",
        payout.amount.to_string() == "EUR 90,000.00",
        || format!("expected EUR 90,000.00, got {}", payout.amount),
    );
    let (claim, decide) = setup("apply", claim_decision(&rules));

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
    let rules = setup("rules", policy_rules(true));
    let (case, recovery) = setup("apply", recovery_after_payout(&rules));

    let mut group = c.benchmark_group("collection");
    group.bench_function("apply_recovery", |b| {
        b.iter(|| case.apply(black_box(&recovery), &rules))
    });
    group.finish();
}

/// Every bench, with short measurement times (what `criterion_group!` would generate).
fn benches() {
    let mut c = criterion(Duration::from_secs(3));
    payout(&mut c);
    collection(&mut c);
}

criterion_main!(benches);
