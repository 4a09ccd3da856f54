//! The notice decision (C3.4) and the 5-invoice payout (C4.3) side by side, in one run:
//! credit-charter (uncached and cached), GoRules ZEN (`zen-engine`, the same logic as JDM
//! decision tables in `models/`), the same logic as one plain rhai call, and native Rust.
//! Before timing, every peer must give the same answer; after it, the ratios are printed.
//!
//! ```sh
//! cd benches/peer && cargo bench     # see ../README.md, "Peer comparison"
//! ```

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use credit_charter::claim::{BuyerInvoice, Credit, CreditKind, PayoutCase, compute_payout};
use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange, LimitSpan};
use credit_charter::{Currency, PolicyRules, PolicyTerms, Rulebook};
use criterion::Criterion;
use rhai::packages::Package;
use rust_decimal::Decimal;
use serde_json::json;
use zen_engine::{Decision, DecisionEngine};
use zen_engine::model::DecisionContent;

type Run<T> = Result<T, Box<dyn std::error::Error>>;

/// Where criterion writes its estimates, read back for the ratios.
const OUT: &str = "target/peer-criterion";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn rules(memo: bool) -> Run<PolicyRules> {
    Ok(Rulebook::embedded()?.memo(memo).for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?)
}

fn zen(model: &str) -> Run<Decision> {
    let content: DecisionContent = serde_json::from_str(model)?;
    let mut decision = DecisionEngine::default().create_decision(Arc::new(content))?;
    decision.compile();
    Ok(decision)
}

/// One plain rhai engine with the packages the logic needs.
fn plain_engine() -> rhai::Engine {
    let mut engine = rhai::Engine::new_raw();
    engine.register_global_module(rhai::packages::ArithmeticPackage::new().as_shared_module());
    engine.register_global_module(rhai::packages::LogicPackage::new().as_shared_module());
    engine
}

// ---- C3.4: the notice --------------------------------------------------------------

/// The answer every peer must give: days of notice and the reason.
type Notice = (u32, String);

fn change(circumstance: Option<ExceptionalCircumstance>) -> Run<LimitChange> {
    Ok(LimitChange {
        kind: ChangeKind::Reduction,
        current: "EUR 100000".parse()?,
        new_amount: "EUR 40000".parse()?,
        circumstance,
    })
}

fn charter_notice(rules: &PolicyRules, change: &LimitChange, on: NaiveDate) -> Run<Notice> {
    let ruling = rules.ask(change, on)?;
    let days = ruling.value.after(on, rules.calendar())? - on;
    Ok((u32::try_from(days.num_days())?, ruling.reason.code.to_string()))
}

fn zen_notice(rt: &tokio::runtime::Runtime, decision: &Decision, change: &LimitChange) -> Run<Notice> {
    let input = json!({
        "circumstance": change.circumstance.map(ExceptionalCircumstance::code),
        "notice_days": 30,
    });
    let out = rt.block_on(decision.evaluate(input.into()))?.result.to_value();
    let days = out["days"].as_u64().ok_or("no days")?;
    Ok((u32::try_from(days)?, out["reason"].as_str().ok_or("no reason")?.to_owned()))
}

const PLAIN_NOTICE: &str = r#"
fn notice_period(change, params) {
    switch change.circumstance {
        "buyer_insolvency" | "sanctions" | "stoppage_of_cover" | "fraud" =>
            #{ days: 0, reason: change.circumstance },
        _ => #{ days: params.notice_days, reason: "standard_notice" }
    }
}"#;

fn plain_notice(engine: &rhai::Engine, ast: &rhai::AST, change: &LimitChange) -> Run<Notice> {
    let mut facts = rhai::Map::new();
    facts.insert("kind".into(), "reduction".into());
    let circumstance = change.circumstance.map_or("", ExceptionalCircumstance::code);
    facts.insert("circumstance".into(), circumstance.into());
    let mut params = rhai::Map::new();
    params.insert("notice_days".into(), rhai::Dynamic::from_int(30));
    let out: rhai::Map = engine.call_fn(&mut rhai::Scope::new(), ast, "notice_period", (facts, params))?;
    let days = out.get("days").and_then(|d| d.as_int().ok()).ok_or("no days")?;
    let reason = out.get("reason").map(ToString::to_string).ok_or("no reason")?;
    Ok((u32::try_from(days)?, reason))
}

fn native_notice(change: &LimitChange) -> Notice {
    match change.circumstance {
        Some(c) => (0, c.code().to_owned()),
        None => (30, "standard_notice".to_owned()),
    }
}

// ---- C4.3: the payout on five invoices ---------------------------------------------

/// What one invoice's judgement says: `covered`, `covered_net` or `excluded`.
type Judgement = (String, String);

/// What a judgement is given, as the crate's `claim/payout` rule is.
struct Line {
    disputed: bool,
    delivered_after_stoppage: bool,
    limit_at_delivery: Decimal,
    terms_days: i64,
    vat: Decimal,
}

fn payout_case() -> Run<PayoutCase> {
    let start = date(2026, 1, 10);
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
        credits: vec![Credit { on: date(2026, 3, 25), kind: CreditKind::Payment, amount: "EUR 20000".parse()? }],
        cover: vec![LimitSpan { from: date(2025, 12, 1), amount: "EUR 100000".parse()? }],
        date_of_loss: date(2026, 8, 8),
        stoppage_of_cover: None,
        usage: Default::default(),
        dates: Default::default(),
    })
}

/// The payout's arithmetic in Rust around a per-invoice judgement, for the peers: credits
/// oldest invoice first, the judgement's share of what is outstanding, the limit, 90%.
fn payout_with(case: &PayoutCase, mut judge: impl FnMut(&Line) -> Run<Judgement>) -> Run<Decimal> {
    let mut credit: Decimal = case.credits.iter().map(|c| c.amount.amount()).sum();
    let limit = case.cover.first().map_or(Decimal::ZERO, |c| c.amount.amount());
    let mut eligible = Decimal::ZERO;
    for invoice in &case.invoices {
        let gross = invoice.amount.amount() + invoice.vat.amount();
        let paid = credit.min(gross);
        credit -= paid;
        let outstanding = gross - paid;
        let (outcome, _) = judge(&Line {
            disputed: invoice.disputed,
            delivered_after_stoppage: false,
            limit_at_delivery: limit,
            terms_days: (invoice.due_date - invoice.invoice_date).num_days(),
            vat: invoice.vat.amount(),
        })?;
        eligible += match outcome.as_str() {
            "covered" => outstanding,
            "covered_net" => (outstanding * invoice.amount.amount() / gross).round_dp(2),
            _ => Decimal::ZERO,
        };
    }
    Ok((eligible.min(limit) * Decimal::new(90, 2)).round_dp(2))
}

/// A Decimal as a JSON number, as ZEN's expressions compare numbers.
fn number(amount: Decimal) -> serde_json::Value {
    serde_json::from_str(&amount.to_string()).unwrap_or_default()
}

fn zen_line(rt: &tokio::runtime::Runtime, decision: &Decision, line: &Line) -> Run<Judgement> {
    let input = json!({
        "disputed": line.disputed,
        "delivered_after_stoppage": line.delivered_after_stoppage,
        "limit_at_delivery": number(line.limit_at_delivery),
        "terms_days": line.terms_days,
        "vat": number(line.vat),
        "max_credit_terms_days": 60,
        "vat_insured": false,
    });
    let out = rt.block_on(decision.evaluate(input.into()))?.result.to_value();
    let text = |k: &str| out[k].as_str().map(str::to_owned).ok_or(format!("no {k}"));
    Ok((text("outcome")?, text("reason")?))
}

const PLAIN_LINE: &str = r#"
fn payout_line(invoice, params) {
    if invoice.disputed { return ["excluded", "disputed_invoice"]; }
    if invoice.delivered_after_stoppage { return ["excluded", "delivered_after_stoppage"]; }
    if invoice.limit_at_delivery <= 0.0 { return ["excluded", "no_credit_limit"]; }
    if invoice.terms_days > params.max_credit_terms_days { return ["excluded", "beyond_max_credit_terms"]; }
    if invoice.vat > 0.0 && !params.vat_insured { return ["covered_net", "vat_not_insured"]; }
    ["covered", "invoice_covered"]
}"#;

fn plain_line(engine: &rhai::Engine, ast: &rhai::AST, line: &Line) -> Run<Judgement> {
    let mut facts = rhai::Map::new();
    facts.insert("disputed".into(), line.disputed.into());
    facts.insert("delivered_after_stoppage".into(), line.delivered_after_stoppage.into());
    facts.insert("limit_at_delivery".into(), rhai::Dynamic::from_decimal(line.limit_at_delivery));
    facts.insert("terms_days".into(), rhai::Dynamic::from_int(line.terms_days));
    facts.insert("vat".into(), rhai::Dynamic::from_decimal(line.vat));
    let mut params = rhai::Map::new();
    params.insert("max_credit_terms_days".into(), rhai::Dynamic::from_int(60));
    params.insert("vat_insured".into(), false.into());
    let out: rhai::Array = engine.call_fn(&mut rhai::Scope::new(), ast, "payout_line", (facts, params))?;
    let text = |i: usize| out.get(i).map(ToString::to_string).ok_or("no answer");
    Ok((text(0)?, text(1)?))
}

fn native_line(line: &Line) -> Run<Judgement> {
    let (outcome, reason) = if line.disputed {
        ("excluded", "disputed_invoice")
    } else if line.delivered_after_stoppage {
        ("excluded", "delivered_after_stoppage")
    } else if line.limit_at_delivery <= Decimal::ZERO {
        ("excluded", "no_credit_limit")
    } else if line.terms_days > 60 {
        ("excluded", "beyond_max_credit_terms")
    } else if line.vat > Decimal::ZERO {
        ("covered_net", "vat_not_insured")
    } else {
        ("covered", "invoice_covered")
    };
    Ok((outcome.to_owned(), reason.to_owned()))
}

// ---- the run -----------------------------------------------------------------------

fn main() -> Run<()> {
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    let (fresh, cached) = (rules(false)?, rules(true)?);
    let zen_notice_model = zen(include_str!("../models/notice_period.json"))?;
    let zen_line_model = zen(include_str!("../models/payout_line.json"))?;
    let engine = plain_engine();
    let plain_notice_ast = engine.compile(PLAIN_NOTICE)?;
    let plain_line_ast = engine.compile(PLAIN_LINE)?;
    let on = date(2026, 3, 5);
    let mut c = Criterion::default()
        .output_directory(Path::new(OUT))
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30)
        .configure_from_args();

    for (group, circumstance) in [("notice_plain", None), ("notice_insolvency", Some(ExceptionalCircumstance::BuyerInsolvency))] {
        let change = change(circumstance)?;
        // Every peer gives the same answer before any is timed.
        let answers = [
            charter_notice(&fresh, &change, on)?,
            charter_notice(&cached, &change, on)?,
            zen_notice(&rt, &zen_notice_model, &change)?,
            plain_notice(&engine, &plain_notice_ast, &change)?,
            native_notice(&change),
        ];
        if answers.iter().any(|a| *a != answers[0]) {
            return Err(format!("{group}: the peers disagree: {answers:?}").into());
        }
        let mut g = c.benchmark_group(group);
        g.bench_function("credit_charter", |b| b.iter(|| fresh.ask(black_box(&change), on)));
        g.bench_function("credit_charter_cached", |b| b.iter(|| cached.ask(black_box(&change), on)));
        g.bench_function("zen_engine", |b| b.iter(|| zen_notice(&rt, &zen_notice_model, black_box(&change)).ok()));
        g.bench_function("plain_rhai", |b| b.iter(|| plain_notice(&engine, &plain_notice_ast, black_box(&change)).ok()));
        g.bench_function("native", |b| b.iter(|| native_notice(black_box(&change))));
        g.finish();
    }

    let case = payout_case()?;
    let decided = date(2026, 9, 1);
    let amounts = [
        compute_payout(&case, &fresh, decided)?.amount.amount(),
        compute_payout(&case, &cached, decided)?.amount.amount(),
        payout_with(&case, |l| zen_line(&rt, &zen_line_model, l))?,
        payout_with(&case, |l| plain_line(&engine, &plain_line_ast, l))?,
        payout_with(&case, native_line)?,
    ];
    if amounts.iter().any(|a| *a != amounts[0]) {
        return Err(format!("payout5: the peers disagree: {amounts:?}").into());
    }
    let mut g = c.benchmark_group("payout5");
    g.bench_function("credit_charter", |b| b.iter(|| compute_payout(black_box(&case), &fresh, decided)));
    g.bench_function("credit_charter_cached", |b| b.iter(|| compute_payout(black_box(&case), &cached, decided)));
    g.bench_function("zen_engine", |b| b.iter(|| payout_with(black_box(&case), |l| zen_line(&rt, &zen_line_model, l)).ok()));
    g.bench_function("plain_rhai", |b| b.iter(|| payout_with(black_box(&case), |l| plain_line(&engine, &plain_line_ast, l)).ok()));
    g.bench_function("native", |b| b.iter(|| payout_with(black_box(&case), native_line).ok()));
    g.finish();
    c.final_summary();
    ratios()
}

/// The median of one bench, in nanoseconds, from criterion's estimates of this run.
fn median(group: &str, bench: &str) -> Run<f64> {
    let path = Path::new(OUT).join(group).join(bench).join("new/estimates.json");
    let estimates: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    estimates["median"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no median", path.display()).into())
}

/// The ratios the issue asks for, from this run's medians.
fn ratios() -> Run<()> {
    println!("\n| decision | credit-charter | cached | zen-engine | plain rhai | native | zen / charter | cached / native |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for group in ["notice_plain", "notice_insolvency", "payout5"] {
        let m = |b: &str| median(group, b);
        let (charter, cached, zen, plain, native) =
            (m("credit_charter")?, m("credit_charter_cached")?, m("zen_engine")?, m("plain_rhai")?, m("native")?);
        let us = |ns: f64| format!("{:.2} µs", ns / 1000.0);
        println!(
            "| {group} | {} | {} | {} | {} | {:.1} ns | {:.2}× | {:.0}× |",
            us(charter), us(cached), us(zen), us(plain), native, zen / charter, cached / native
        );
    }
    Ok(())
}
