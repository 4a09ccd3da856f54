//! What the benches share: the policy they run under, the states and questions they time,
//! and how a setup step fails. Each bench file is its own crate and uses a part of this.

#![allow(
    dead_code,
    reason = "each bench file uses only some of the shared set-up"
)]

use std::error::Error;
use std::fmt::Display;
use std::process::exit;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use credit_charter::Machine;
use credit_charter::claim::{
    BuyerInvoice, Claim, ClaimEvent, Credit, CreditKind, InvoiceCover, PayoutCase, PolicyYearUsage,
};
use credit_charter::collection::{Collection, CollectionEvent, OpenItem};
use credit_charter::credit_limit::{
    ChangeKind, CreditLimit, CreditLimitEvent, ExceptionalCircumstance, LimitChange, LimitSpan,
};
use credit_charter::{BuyerId, Currency, PolicyId, PolicyRules, PolicyTerms, Rulebook};
use criterion::Criterion;

/// What setting up a bench can fail with.
pub(crate) type Setup<T> = Result<T, Box<dyn Error>>;

/// Criterion with settings short enough for a whole bench file to run in a few minutes:
/// 1 s warm-up, `measure` seconds of measurement, 30 samples (overridable from the command
/// line, as `criterion_group!` would allow).
pub(crate) fn criterion(measure: Duration) -> Criterion {
    Criterion::default()
        .measurement_time(measure)
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30)
        .configure_from_args()
}

/// Unwraps a setup step, or says why the bench cannot run and stops.
pub(crate) fn setup<T, E: Display>(what: &str, result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(e) => {
            eprintln!("bench setup failed ({what}): {e}");
            exit(1)
        }
    }
}

/// Stops the bench when `ok` is false: it must not time a wrong answer.
pub(crate) fn check(what: &str, ok: bool, why: impl FnOnce() -> String) {
    if !ok {
        setup(what, Err::<(), _>(why()));
    }
}

/// `y-m-d`, or an error.
pub(crate) fn date(y: i32, m: u32, d: u32) -> Setup<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("no date {y}-{m}-{d}").into())
}

/// The date `days` after `start`, or an error.
pub(crate) fn plus(start: NaiveDate, days: u64) -> Setup<NaiveDate> {
    start
        .checked_add_days(Days::new(days))
        .ok_or_else(|| format!("{start} + {days} days is out of range").into())
}

/// The embedded pack bound to a plain EUR policy with the NL calendar, remembering
/// evaluations (`memo`, the crate's default) or not.
pub(crate) fn policy_rules(memo: bool) -> Setup<PolicyRules> {
    let terms = PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    };
    Ok(Rulebook::embedded()?.memo(memo).for_policy(&terms)?)
}

// ---- credit limits (C3) ------------------------------------------------------------

/// A reduction from EUR 100,000 to EUR 40,000, with or without a circumstance.
pub(crate) fn reduction(circumstance: Option<ExceptionalCircumstance>) -> Setup<LimitChange> {
    Ok(LimitChange {
        kind: ChangeKind::Reduction,
        current: "EUR 100000".parse()?,
        new_amount: "EUR 40000".parse()?,
        circumstance,
    })
}

/// The native-Rust reference of `credit_limit/notice_period`: any exceptional circumstance
/// means immediate effect, otherwise 30 calendar days; then the effective date.
pub(crate) fn native_effective_on(change: &LimitChange, on: NaiveDate) -> Option<NaiveDate> {
    let days = match change.circumstance {
        Some(_) => 0,
        None => 30,
    };
    on.checked_add_days(Days::new(days))
}

/// A limit on `buyer`, granted EUR 100,000 on `on`: in force.
pub(crate) fn limit_in_force(
    rules: &PolicyRules,
    buyer: String,
    on: NaiveDate,
) -> Setup<CreditLimit> {
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

/// A limit of EUR 100,000 granted on 5 January 2026 and the announcement, on 5 March, of
/// its reduction to EUR 40,000 for weak financials (checked to give its two effects).
pub(crate) fn announced_reduction(rules: &PolicyRules) -> Setup<(CreditLimit, CreditLimitEvent)> {
    let limit = limit_in_force(rules, "B-7".into(), date(2026, 1, 5)?)?;
    let event =
        CreditLimitEvent::reduction(date(2026, 3, 5)?, "EUR 40000".parse()?, "weak_financials");
    let effects = limit.apply(&event, rules)?.effects;
    if effects.len() != 2 {
        return Err(format!("expected 2 effects, got {effects:?}").into());
    }
    Ok((limit, event))
}

// ---- claims and collections (C4) ---------------------------------------------------

/// Five invoices of EUR 30,000 + 21% VAT, ten days apart from 10 January 2026.
pub(crate) fn invoices() -> Setup<Vec<BuyerInvoice>> {
    let start = date(2026, 1, 10)?;
    (0..5u64)
        .map(|i| {
            let delivered = plus(start, 10 * i)?;
            Ok(BuyerInvoice {
                number: format!("INV-{i}"),
                invoice_date: delivered,
                delivery_date: delivered,
                due_date: plus(delivered, 30)?,
                amount: "EUR 30000".parse()?,
                vat: "EUR 6300".parse()?,
                disputed: false,
            })
        })
        .collect()
}

/// A EUR 100,000 limit from 1 December 2025.
pub(crate) fn cover() -> Setup<Vec<LimitSpan>> {
    Ok(vec![LimitSpan {
        from: date(2025, 12, 1)?,
        amount: "EUR 100000".parse()?,
    }])
}

/// The date of loss of the benches' claim: 8 August 2026.
pub(crate) fn date_of_loss() -> Setup<NaiveDate> {
    date(2026, 8, 8)
}

/// The first invoice as `claim/payout` is asked about it: all of its EUR 36,300 owed, within
/// the limit, cover never stopped.
pub(crate) fn invoice_cover() -> Setup<InvoiceCover> {
    Ok(InvoiceCover {
        invoice: invoices()?.into_iter().next().ok_or("no invoice")?,
        outstanding: "EUR 36300".parse()?,
        limit_at_delivery: "EUR 100000".parse()?,
        date_of_loss: date_of_loss()?,
        stoppage_of_cover: None,
        dates: Default::default(),
    })
}

/// The five invoices, a EUR 20,000 payment on 25 March 2026 and the EUR 100,000 limit: a
/// payout of EUR 90,000.00 under the embedded pack.
pub(crate) fn payout_case() -> Setup<PayoutCase> {
    Ok(PayoutCase {
        currency: Currency::EUR,
        invoices: invoices()?,
        credits: vec![Credit {
            on: date(2026, 3, 25)?,
            kind: CreditKind::Payment,
            amount: "EUR 20000".parse()?,
        }],
        cover: cover()?,
        date_of_loss: date_of_loss()?,
        stoppage_of_cover: None,
        usage: PolicyYearUsage::default(),
        dates: Default::default(),
    })
}

/// A claim on the five invoices, with a payment, under assessment.
pub(crate) fn claim_under_assessment(rules: &PolicyRules) -> Setup<Claim> {
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

/// The claim under assessment and its decision on 1 June 2026 (checked to decide it).
pub(crate) fn claim_decision(rules: &PolicyRules) -> Setup<(Claim, ClaimEvent)> {
    let claim = claim_under_assessment(rules)?;
    let decide = ClaimEvent::ClaimDecided {
        on: date(2026, 6, 1)?,
        policy_year: PolicyYearUsage::default(),
    };
    if claim.apply(&decide, rules)?.next.payout().is_none() {
        return Err("the claim was not decided".into());
    }
    Ok((claim, decide))
}

/// A collection opened on a EUR 161,500 debt (EUR 100,000 covered) and paid out EUR 90,000,
/// and a recovery of EUR 30,000 on 1 September 2026 (checked to make a transfer due).
pub(crate) fn recovery_after_payout(rules: &PolicyRules) -> Setup<(Collection, CollectionEvent)> {
    let mut case = Collection::new(
        PolicyId::new("POL-BENCH")?,
        BuyerId::new("B-7")?,
        Currency::EUR,
    );
    let events = [
        CollectionEvent::Opened {
            on: date(2026, 4, 20)?,
            items: vec![OpenItem {
                number: "INV-0".into(),
                due_date: date(2026, 2, 9)?,
                amount: "EUR 161500".parse()?,
            }],
            covered: "EUR 100000".parse()?,
            mep_expired_on: None,
        },
        CollectionEvent::ClaimPaidOut {
            on: date(2026, 8, 12)?,
            paid: "EUR 90000".parse()?,
            loss: "EUR 161500".parse()?,
        },
    ];
    for event in &events {
        case = case.apply(event, rules)?.next;
    }
    let recovery = CollectionEvent::RecoveryReceived {
        on: date(2026, 9, 1)?,
        amount: "EUR 30000".parse()?,
    };
    if case
        .apply(&recovery, rules)?
        .next
        .pending_transfers()
        .is_empty()
    {
        return Err("no transfer is due".into());
    }
    Ok((case, recovery))
}
