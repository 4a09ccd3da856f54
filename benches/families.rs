//! Criterion benchmarks: every rule family of the default pack beside a native-Rust
//! reference of the same logic, in the same run, and one `Machine::apply` per machine.
//!
//! `family/<name>/rhai` asks the rule with the memo off, `family/<name>/cached` with the
//! memo on (the crate's default; the answer remembered before timing), and
//! `family/<name>/native` is the same decision written inline below, with the embedded
//! pack's parameter values as constants. Before any is timed, all three must give the same
//! answer, or the bench stops. `apply/<machine>` times one representative event on a valid
//! state, under the default (memo on) rules.
//!
//! Run with `cargo bench --bench families`; see `benches/README.md` for the figures.

mod common;

use std::fmt::{Debug, Display};
use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use credit_charter::calendar::Period;
use credit_charter::claim::{BuyerInvoice, Eligibility, InvoiceCover, PayoutCase, compute_payout};
use credit_charter::collection::{
    LossShares, RecoverySharing, SharedLoss, SharedRecovery, allocate_recovery,
};
use credit_charter::communication::{
    Channel, Inquiry, InquiryEvent, Priority, Relationship, RelationshipEvent, Topic,
};
use credit_charter::credit_limit::{DecisionTimetable, LimitApplication, Route};
use credit_charter::invoice::InvoiceKind;
use credit_charter::objection::{Objection, ObjectionEvent};
use credit_charter::premium::{ClosingQuestion, PaymentQuestion, PremiumEvent, PremiumYear};
use credit_charter::renewal::{PeriodEvent, PolicyPeriod};
use credit_charter::{Currency, Machine, PolicyId, PolicyRules};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_main};
use rust_decimal::{Decimal, RoundingStrategy};

use common::{
    Setup, announced_reduction, check, claim_decision, criterion, date, invoice_cover,
    native_effective_on, payout_case, plus, policy_rules, recovery_after_payout, reduction, setup,
};

// The embedded pack's values the native references hard-code; the agreement check before
// timing fails if the pack changes them (the claim's first loss, deductible and minimum
// retention are zero).
const REFERRED_DECISION_BUSINESS_DAYS: u32 = 5; // credit_limit.referred_decision_business_days
const STATUS_UPDATE_BUSINESS_DAYS: u32 = 5; // credit_limit.status_update_business_days
const MAX_CREDIT_TERMS_DAYS: i64 = 60; // claim.max_credit_terms_days
const VAT_INSURED: bool = false; // claim.vat_insured
const PAYMENT_DAYS: u64 = 20; // invoice.payment_days

const THRESHOLD: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0); // claim.threshold
const INSURED: Decimal = Decimal::from_parts(90, 0, 0, false, 2); // claim.insured_percentage
const MAX_LIABILITY: Decimal = Decimal::from_parts(5_000_000, 0, 0, false, 0); // claim.max_liability

/// The crate's rounding of money (half away from zero, to the cent), written out.
fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The same pack loaded twice: asked with the memo off, and with it on.
struct Rules {
    fresh: PolicyRules,
    cached: PolicyRules,
}

/// Stops the bench unless the rule, asked with the memo off and on, gives the native
/// reference's answer. The memo-on call also remembers the answer for `cached`.
fn agree<T: PartialEq + Debug>(
    family: &str,
    rules: &Rules,
    rhai: impl Fn(&PolicyRules) -> Setup<T>,
    native: T,
) {
    let fresh = setup(family, rhai(&rules.fresh));
    let cached = setup(family, rhai(&rules.cached));
    check(family, fresh == native && cached == native, || {
        format!("rhai gives {fresh:?} (memo on: {cached:?}), native {native:?}")
    });
}

/// `family/<name>/{rhai,cached,native}`, in that order, in one group.
fn time_family<R, N>(
    c: &mut Criterion,
    name: &str,
    rules: &Rules,
    rhai: impl Fn(&PolicyRules) -> R,
    native: impl Fn() -> N,
) {
    let mut group = c.benchmark_group(format!("family/{name}"));
    group.bench_function("rhai", |b| b.iter(|| rhai(black_box(&rules.fresh))));
    group.bench_function("cached", |b| b.iter(|| rhai(black_box(&rules.cached))));
    group.bench_function("native", |b| b.iter(&native));
    group.finish();
}

// ---- the families ------------------------------------------------------------------

/// C3.4 `credit_limit/notice_period`, a reduction with no circumstance: the effective date.
fn notice(c: &mut Criterion, rules: &Rules) {
    let change = setup("change", reduction(None));
    let on = setup("date", date(2026, 3, 5));
    let effective = |r: &PolicyRules| -> Setup<Option<NaiveDate>> {
        Ok(r.ask(&change, on)?.value.after(on, r.calendar()).ok())
    };
    agree("notice", rules, effective, native_effective_on(&change, on));
    time_family(
        c,
        "notice",
        rules,
        |r| r.ask(black_box(&change), black_box(on)),
        || native_effective_on(black_box(&change), black_box(on)),
    );
}

/// The native reference of `credit_limit/decision_deadline`: an automated check answers at
/// once; an underwriter within the review period, with status updates meanwhile.
fn native_decision_deadline(application: &LimitApplication) -> DecisionTimetable {
    match application.route {
        Route::Instant => DecisionTimetable {
            decide_within: Period::BusinessDays(0),
            updates_every: None,
        },
        Route::Referred => DecisionTimetable {
            decide_within: Period::BusinessDays(REFERRED_DECISION_BUSINESS_DAYS),
            updates_every: Some(Period::BusinessDays(STATUS_UPDATE_BUSINESS_DAYS)),
        },
    }
}

/// C3.1 `credit_limit/decision_deadline`, a referred application for EUR 60,000.
fn decision_deadline(c: &mut Criterion, rules: &Rules) {
    let application = LimitApplication {
        route: Route::Referred,
        requested: setup("amount", "EUR 60000".parse()),
        current: None,
    };
    let on = setup("date", date(2026, 3, 5));
    agree(
        "decision_deadline",
        rules,
        |r| Ok(r.ask(&application, on)?.value),
        native_decision_deadline(&application),
    );
    time_family(
        c,
        "decision_deadline",
        rules,
        |r| r.ask(black_box(&application), black_box(on)),
        || native_decision_deadline(black_box(&application)),
    );
}

/// The native reference of `claim/payout`'s judgement on one invoice: the first exclusion
/// that applies decides; VAT counts only when insured.
fn native_judgement(
    invoice: &BuyerInvoice,
    limit_at_delivery: Decimal,
    stoppage_of_cover: Option<NaiveDate>,
) -> Eligibility {
    let terms_days = (invoice.due_date - invoice.invoice_date).num_days();
    if invoice.disputed
        || stoppage_of_cover.is_some_and(|stop| invoice.delivery_date > stop)
        || limit_at_delivery <= Decimal::ZERO
        || terms_days > MAX_CREDIT_TERMS_DAYS
    {
        Eligibility::Excluded
    } else if invoice.vat.amount() > Decimal::ZERO && !VAT_INSURED {
        Eligibility::CoveredNet
    } else {
        Eligibility::Covered
    }
}

/// [`native_judgement`] on the invoice `claim/payout` is asked about.
fn native_payout_line(cover: &InvoiceCover) -> Eligibility {
    native_judgement(
        &cover.invoice,
        cover.limit_at_delivery.amount(),
        cover.stoppage_of_cover,
    )
}

/// C4.3 `claim/payout`, one invoice with VAT within its limit.
fn payout_line(c: &mut Criterion, rules: &Rules) {
    let cover = setup("invoice", invoice_cover());
    let on = setup("date", date(2026, 9, 1));
    agree(
        "payout_line",
        rules,
        |r| Ok(r.ask(&cover, on)?.value),
        native_payout_line(&cover),
    );
    time_family(
        c,
        "payout_line",
        rules,
        |r| r.ask(black_box(&cover), black_box(on)),
        || native_payout_line(black_box(&cover)),
    );
}

/// The native reference of the 5-invoice payout: credits before the date of loss oldest
/// invoice first, each invoice's judgement, the threshold, the limit at delivery, the
/// insured percentage and the maximum liability. The invoices are already oldest first and
/// the cover spans in date order.
fn native_payout(case: &PayoutCase) -> Option<Decimal> {
    let mut credit = Decimal::ZERO;
    for c in case.credits.iter().filter(|c| c.on < case.date_of_loss) {
        credit = credit.checked_add(c.amount.amount())?;
    }
    let (mut eligible, mut within_limit) = (Decimal::ZERO, Decimal::ZERO);
    for invoice in &case.invoices {
        let gross = invoice.amount.amount().checked_add(invoice.vat.amount())?;
        let paid = credit.min(gross);
        credit = credit.checked_sub(paid)?;
        let outstanding = gross.checked_sub(paid)?;
        if outstanding.is_zero() {
            continue;
        }
        let limit = case
            .cover
            .iter()
            .rev()
            .find(|span| span.from <= invoice.delivery_date)
            .map_or(Decimal::ZERO, |span| span.amount.amount());
        let counts = match native_judgement(invoice, limit, case.stoppage_of_cover) {
            Eligibility::Covered => outstanding,
            Eligibility::CoveredNet => {
                cents(outstanding.checked_mul(invoice.amount.amount().checked_div(gross)?)?)
            }
            Eligibility::Excluded => Decimal::ZERO,
        };
        eligible = eligible.checked_add(counts)?;
        let room = limit.checked_sub(within_limit)?.max(Decimal::ZERO);
        within_limit = within_limit.checked_add(counts.min(room))?;
    }
    if eligible <= THRESHOLD {
        return Some(Decimal::ZERO);
    }
    Some(cents(within_limit.checked_mul(INSURED)?).min(MAX_LIABILITY))
}

/// C4.3 the whole payout on five invoices (five `claim/payout` judgements, the arithmetic
/// in Rust, 14 explained lines).
fn payout_5(c: &mut Criterion, rules: &Rules) {
    let case = setup("case", payout_case());
    let on = setup("date", date(2026, 9, 1));
    agree(
        "payout_5",
        rules,
        |r| Ok(Some(compute_payout(&case, r, on)?.amount.amount())),
        native_payout(&case),
    );
    time_family(
        c,
        "payout_5",
        rules,
        |r| compute_payout(black_box(&case), r, black_box(on)),
        || native_payout(black_box(&case)),
    );
}

/// The native reference of `collection/recovery_sharing` and the split it leads to: the
/// insurer takes its share of the loss, `amount × paid ÷ loss` rounded once, at most what
/// it has still to recover of its payout.
fn native_insurer_share(recovery: &SharedRecovery) -> Option<Decimal> {
    let (paid, loss) = (recovery.paid.amount(), recovery.loss.amount());
    let fraction = if loss.is_zero() {
        Decimal::ZERO
    } else {
        paid.checked_div(loss)?
    };
    let share = cents(recovery.amount.amount().checked_mul(fraction)?);
    let left = paid
        .checked_sub(recovery.insurer_recovered.amount())?
        .max(Decimal::ZERO);
    Some(share.min(left))
}

/// C4.2 `collection/recovery_sharing`, EUR 30,000 recovered after a EUR 90,000 payout on a
/// EUR 161,500 loss. The rule only chooses how to share; the check runs the crate's split
/// ([`allocate_recovery`]) with its choice against the native share, which the native bench
/// computes too (so it does a little more than the rule call).
fn recovery_split(c: &mut Criterion, rules: &Rules) {
    let recovery = SharedRecovery {
        received_on: setup("date", date(2026, 9, 1)),
        amount: setup("amount", "EUR 30000".parse()),
        paid: setup("amount", "EUR 90000".parse()),
        loss: setup("amount", "EUR 161500".parse()),
        covered: setup("amount", "EUR 100000".parse()),
        insurer_recovered: setup("amount", "EUR 0".parse()),
    };
    let on = recovery.received_on;
    let insurer = |r: &PolicyRules| -> Setup<Option<Decimal>> {
        let sharing: RecoverySharing = r.ask(&recovery, on)?.value;
        let shares = SharedLoss {
            shares: LossShares {
                paid: recovery.paid,
                loss: recovery.loss,
            },
            sharing,
            insurer_recovered: recovery.insurer_recovered,
        };
        let split = allocate_recovery(
            recovery.amount,
            &[],
            Some(shares),
            recovery.covered,
            recovery.loss,
            "5%".parse()?,
        )?;
        Ok(Some(split.insurer.amount()))
    };
    agree(
        "recovery_split",
        rules,
        insurer,
        native_insurer_share(&recovery),
    );
    time_family(
        c,
        "recovery_split",
        rules,
        |r| r.ask(black_box(&recovery), black_box(on)),
        || native_insurer_share(black_box(&recovery)),
    );
}

/// The native reference of `invoice/payment_terms`: every invoice, instalment or closing,
/// is payable 20 calendar days after its issue date.
fn native_due_on(question: &PaymentQuestion, issued_on: NaiveDate) -> Option<NaiveDate> {
    let days = match question.kind {
        InvoiceKind::Instalment | InvoiceKind::Closing => PAYMENT_DAYS,
    };
    issued_on.checked_add_days(Days::new(days))
}

/// C2.4 `invoice/payment_terms`, an instalment invoice of EUR 12,100: its due date.
fn payment_terms(c: &mut Criterion, rules: &Rules) {
    let question = PaymentQuestion {
        kind: InvoiceKind::Instalment,
        total: setup("amount", "EUR 12100".parse()),
    };
    let on = setup("date", date(2026, 4, 2));
    agree(
        "payment_terms",
        rules,
        |r| Ok(Some(r.ask(&question, on)?.value.due_on(on, r.calendar())?)),
        native_due_on(&question, on),
    );
    time_family(
        c,
        "payment_terms",
        rules,
        |r| r.ask(black_box(&question), black_box(on)),
        || native_due_on(black_box(&question), black_box(on)),
    );
}

/// The native reference of `premium/closing_invoice`: invoice the difference only when the
/// final premium exceeds what was invoiced in advance.
fn native_closing_invoice(question: &ClosingQuestion) -> bool {
    question.final_premium.amount() > question.advance_premium.amount()
}

/// C2.4 `premium/closing_invoice`, a final premium of EUR 44,000 over EUR 40,000 invoiced.
fn closing_invoice(c: &mut Criterion, rules: &Rules) {
    let question = ClosingQuestion {
        final_premium: setup("amount", "EUR 44000".parse()),
        minimum_premium: setup("amount", "EUR 40000".parse()),
        advance_premium: setup("amount", "EUR 40000".parse()),
    };
    let on = setup("date", date(2027, 1, 20));
    agree(
        "closing_invoice",
        rules,
        |r| Ok(r.ask(&question, on)?.value),
        native_closing_invoice(&question),
    );
    time_family(
        c,
        "closing_invoice",
        rules,
        |r| r.ask(black_box(&question), black_box(on)),
        || native_closing_invoice(black_box(&question)),
    );
}

// ---- one apply per machine ---------------------------------------------------------

/// `apply/<name>`: `event` on `state`, checked to be accepted before it is timed.
fn time_apply<M: Machine>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    rules: &PolicyRules,
    (state, event): (M, M::Event),
) where
    M::Error: Display,
{
    setup(name, state.apply(&event, rules).map(|_| ()));
    group.bench_function(name, |b| b.iter(|| state.apply(black_box(&event), rules)));
}

/// A premium year from 1 January 2026, its turnover estimated at EUR 20,000,000 on
/// 15 December 2025, and `instalments` of its four instalments invoiced.
fn premium_year(rules: &PolicyRules, instalments: u32) -> Setup<PremiumYear> {
    let mut year = PremiumYear::new(
        PolicyId::new("POL-BENCH")?,
        Currency::EUR,
        date(2026, 1, 1)?,
    )?;
    let mut events = vec![PremiumEvent::TurnoverEstimated {
        on: date(2025, 12, 15)?,
        turnover: "EUR 20000000".parse()?,
    }];
    for month in (0..instalments).map(|i| 1 + 3 * i) {
        events.push(instalment(date(2026, month, 2)?));
    }
    for event in &events {
        year = year.apply(event, rules)?.next;
    }
    Ok(year)
}

/// The instalment invoiced on `on`: three limits monitored, one application since the last.
fn instalment(on: NaiveDate) -> PremiumEvent {
    PremiumEvent::InstalmentInvoiced {
        on,
        monitored_limits: 3,
        limit_applications: 1,
    }
}

/// An objection to the reduction of [`announced_reduction`], filed four days later.
fn objection_filed(rules: &PolicyRules) -> Setup<(Objection, ObjectionEvent)> {
    let (limit, event) = announced_reduction(rules)?;
    let record = limit.apply(&event, rules)?.record;
    Ok((
        Objection::against(&record)?,
        ObjectionEvent::Filed {
            on: date(2026, 3, 9)?,
            grounds: "our own trading experience with the buyer is good".into(),
        },
    ))
}

/// A relationship opened on 5 January 2026 and feedback on it a month later.
fn feedback(rules: &PolicyRules) -> Setup<(Relationship, RelationshipEvent)> {
    let opened = date(2026, 1, 5)?;
    let relationship = Relationship::new(PolicyId::new("POL-BENCH")?)
        .apply(&RelationshipEvent::Opened { on: opened }, rules)?
        .next;
    Ok((
        relationship,
        RelationshipEvent::FeedbackReceived {
            on: plus(opened, 28)?,
            about: "the online portal".into(),
            score: Some(4),
        },
    ))
}

/// One representative event per machine, under the default rules (memo on).
fn apply(c: &mut Criterion, rules: &PolicyRules) {
    let mut group = c.benchmark_group("apply");
    let reduction = setup("credit_limit", announced_reduction(rules));
    time_apply(&mut group, "credit_limit", rules, reduction);
    time_apply(
        &mut group,
        "claim",
        rules,
        setup("claim", claim_decision(rules)),
    );
    let recovery = setup("collection", recovery_after_payout(rules));
    time_apply(&mut group, "collection", rules, recovery);
    let first = setup("date", date(2026, 1, 2));
    let estimated = setup("premium", premium_year(rules, 0));
    time_apply(
        &mut group,
        "premium/instalment_invoiced",
        rules,
        (estimated, instalment(first)),
    );
    let invoiced = setup("premium", premium_year(rules, 4));
    let declared = PremiumEvent::TurnoverDeclared {
        on: setup("date", date(2027, 1, 20)),
        turnover: setup("amount", "EUR 22000000".parse()),
    };
    time_apply(
        &mut group,
        "premium/turnover_declared",
        rules,
        (invoiced, declared),
    );
    let filed = setup("objection", objection_filed(rules));
    time_apply(&mut group, "objection", rules, filed);
    let started = PeriodEvent::Started {
        on: setup("date", date(2026, 1, 1)),
    };
    let period = PolicyPeriod::new(setup("id", PolicyId::new("POL-BENCH")));
    time_apply(&mut group, "renewal", rules, (period, started));
    let received = InquiryEvent::Received {
        on: setup("date", date(2026, 3, 5)),
        channel: Channel::Email,
        priority: Priority::Normal,
        topic: Topic::CreditLimits,
        about: "a limit on a new buyer".into(),
    };
    let inquiry = Inquiry::new(setup("id", PolicyId::new("POL-BENCH")), "Q-1");
    time_apply(
        &mut group,
        "communication/inquiry",
        rules,
        (inquiry, received),
    );
    let feedback = setup("communication", feedback(rules));
    time_apply(&mut group, "communication/relationship", rules, feedback);
    group.finish();
}

/// Every bench, with measurement times short enough for the file to run in a few minutes.
fn benches() {
    let rules = Rules {
        fresh: setup("rules", policy_rules(false)),
        cached: setup("rules", policy_rules(true)),
    };
    let mut c = criterion(Duration::from_secs(2));
    notice(&mut c, &rules);
    decision_deadline(&mut c, &rules);
    payout_line(&mut c, &rules);
    payout_5(&mut c, &rules);
    recovery_split(&mut c, &rules);
    payment_terms(&mut c, &rules);
    closing_invoice(&mut c, &rules);
    apply(&mut c, &rules.cached);
}

criterion_main!(benches);
