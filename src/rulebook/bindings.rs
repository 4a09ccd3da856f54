//! What rule scripts see: a `Date` type, read-only parameters, and the outcome
//! constructors. Nothing else is registered, so a rule cannot change state, read a clock or
//! do I/O.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString};
use rust_decimal::Decimal;

use super::Rulebook;
use super::parameters::ParamValue;
use crate::calendar::{Period, add_days};

/// A business date inside a script: compare with `<`, `==`; `a - b` is days between;
/// `d.add_days(n)`; `d.year`, `d.month`, `d.day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(pub(crate) NaiveDate);

/// What `credit_limit/notice_period` sees of a change. A registered type rather than an
/// object map: rhai clones arguments for every function call, and this clones shallowly
/// (measured: the map's clones and drops were most of a rule call's cost).
#[derive(Debug, Clone)]
pub(crate) struct ChangeView {
    pub(crate) kind: ImmutableString,
    pub(crate) currency: ImmutableString,
    pub(crate) current: Decimal,
    pub(crate) new_amount: Decimal,
    pub(crate) announced_on: Date,
    /// `()` when the insurer invokes no exceptional circumstance.
    pub(crate) circumstance: Dynamic,
}

/// What a notice rule answers (`credit_limit/notice_period`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    pub(crate) period: Period,
    pub(crate) reason: ImmutableString,
}

/// A rule's read-only view of the parameters in force on the business date, with the
/// policy's overrides. `params.notice_days` reads `<area>.notice_days` of the rule's own
/// area; `params["claim.mep_days"]` reads any parameter by its full name.
#[derive(Debug, Clone)]
pub(crate) struct ParamsView {
    pub(crate) book: Rulebook,
    pub(crate) overrides: Arc<BTreeMap<String, ParamValue>>,
    pub(crate) area: &'static str,
    pub(crate) on: NaiveDate,
}

/// Outcome constructors and the index of their reason argument, for load-time checks.
pub(crate) const REASON_ARGUMENT: &[(&str, usize)] = &[
    ("notice_days", 1),
    ("notice_business_days", 1),
    ("immediately", 0),
    ("covered", 0),
    ("covered_net", 0),
    ("excluded", 0),
    ("within_days", 1),
    ("within_business_days", 1),
];

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

fn days(n: i64, constructor: &str) -> ScriptResult<u32> {
    u32::try_from(n)
        .ok()
        .filter(|d| *d <= 3_660)
        .ok_or_else(|| format!("{constructor}: `{n}` is not between 0 and 3660 days").into())
}

impl ParamsView {
    fn lookup(&self, name: &str) -> ScriptResult<Dynamic> {
        let own = format!("{}.{name}", self.area);
        for key in [own.as_str(), name] {
            if let Some(value) = self.overrides.get(key) {
                return Ok(to_dynamic(value));
            }
            if let Some(parameter) = self.book.parameters().get(key) {
                return parameter.on(self.on).map(to_dynamic).map_err(Into::into);
            }
        }
        Err(format!("unknown parameter `{name}` (looked for `{own}` and `{name}`)").into())
    }
}

fn to_dynamic(value: &ParamValue) -> Dynamic {
    match value {
        ParamValue::Whole(n) => Dynamic::from_int(*n),
        ParamValue::Amount(m) => Dynamic::from_decimal(m.amount()),
        ParamValue::Percent(p) => Dynamic::from_decimal(p.fraction()),
        ParamValue::Flag(b) => Dynamic::from_bool(*b),
    }
}

pub(crate) fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<Date>("Date")
        .register_fn("==", |a: Date, b: Date| a == b)
        .register_fn("!=", |a: Date, b: Date| a != b)
        .register_fn("<", |a: Date, b: Date| a < b)
        .register_fn("<=", |a: Date, b: Date| a <= b)
        .register_fn(">", |a: Date, b: Date| a > b)
        .register_fn(">=", |a: Date, b: Date| a >= b)
        .register_fn("-", |a: Date, b: Date| (a.0 - b.0).num_days())
        .register_fn("add_days", |d: Date, n: i64| -> ScriptResult<Date> {
            add_days(d.0, days(n, "add_days")?)
                .map(Date)
                .map_err(|e| e.to_string().into())
        })
        .register_get("year", |d: &mut Date| {
            i64::from(chrono::Datelike::year(&d.0))
        })
        .register_get("month", |d: &mut Date| {
            i64::from(chrono::Datelike::month(&d.0))
        })
        .register_get("day", |d: &mut Date| i64::from(chrono::Datelike::day(&d.0)))
        .register_fn("to_string", |d: &mut Date| d.0.to_string());

    engine
        .register_type_with_name::<ChangeView>("Change")
        .register_get("kind", |c: &mut ChangeView| c.kind.clone())
        .register_get("currency", |c: &mut ChangeView| c.currency.clone())
        .register_get("current", |c: &mut ChangeView| c.current)
        .register_get("new_amount", |c: &mut ChangeView| c.new_amount)
        .register_get("reduction", |c: &mut ChangeView| {
            c.current.saturating_sub(c.new_amount)
        })
        .register_get("announced_on", |c: &mut ChangeView| c.announced_on)
        .register_get("circumstance", |c: &mut ChangeView| c.circumstance.clone());

    engine
        .register_type_with_name::<ParamsView>("Parameters")
        .register_indexer_get(|p: &mut ParamsView, name: &str| p.lookup(name));

    engine
        .register_type_with_name::<Notice>("Notice")
        .register_fn(
            "notice_days",
            |n: i64, reason: ImmutableString| -> ScriptResult<Notice> {
                Ok(Notice {
                    period: Period::Days(days(n, "notice_days")?),
                    reason,
                })
            },
        )
        .register_fn(
            "notice_business_days",
            |n: i64, reason: ImmutableString| -> ScriptResult<Notice> {
                Ok(Notice {
                    period: Period::BusinessDays(days(n, "notice_business_days")?),
                    reason,
                })
            },
        )
        .register_fn("immediately", |reason: ImmutableString| Notice {
            period: Period::Days(0),
            reason,
        });

    super::claim_bindings::register(engine);
}
