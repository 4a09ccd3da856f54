//! What rule scripts see: read-only facts, read-only parameters, a `Date` type, periods,
//! and the answer constructors of the manifest, registered in one loop. Nothing else is
//! registered, so a rule cannot change state, read a clock or do I/O.

use std::any::TypeId;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString, NativeCallContext};

use super::PolicyRules;
use super::manifest::{ArgKind, Constructor, Manifest};
use super::parameters::ParamValue;
use super::question::{Answer, AnswerValue, AnswerValues, Date, Facts};
use crate::calendar::{MonthEnd, Period, add_days, add_months};

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

/// The most days, business days or months a rule may count: ten years.
pub(crate) const MAX_COUNT: i64 = 3_660;

/// A rule's read-only view of the parameters in force on the business date, with the
/// policy's overrides. `params.notice_days` reads `<area>.notice_days` of the rule's own
/// area; `params["claim.mep_days"]` reads any parameter by its full name.
#[derive(Debug, Clone)]
pub(crate) struct ParamsView {
    pub(crate) rules: PolicyRules,
    pub(crate) area: &'static str,
    pub(crate) on: NaiveDate,
}

impl ParamsView {
    /// `full`, the parameter a read of `name` in the view's area stands for.
    fn read(&self, full: &str, name: &str) -> ScriptResult<Dynamic> {
        match self.rules.value(full, self.on) {
            Some(value) => value.map(to_dynamic).map_err(Into::into),
            None => self.lookup(name),
        }
    }

    fn lookup(&self, name: &str) -> ScriptResult<Dynamic> {
        let own = format!("{}.{name}", self.area);
        for key in [own.as_str(), name] {
            if let Some(value) = self.rules.value(key, self.on) {
                return value.map(to_dynamic).map_err(Into::into);
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

fn count(n: i64, what: &str) -> ScriptResult<u32> {
    u32::try_from(n)
        .ok()
        .filter(|d| i64::from(*d) <= MAX_COUNT)
        .ok_or_else(|| format!("{what}: `{n}` is not between 0 and {MAX_COUNT}").into())
}

pub(crate) fn register(engine: &mut Engine, manifest: &'static Manifest) {
    register_values(engine);
    for constructor in manifest.constructors() {
        register_constructor(engine, constructor);
    }
    register_names(engine, manifest);
}

/// A getter for every fact and parameter name the manifest declares, so `change.kind` and
/// `params.notice_days` find their value at once; rhai tries a property getter before an
/// indexer, and a miss costs an error built and dropped (measured: most of a payout-line
/// call). Other names still go through the indexers, with the same answers.
fn register_names(engine: &mut Engine, manifest: &'static Manifest) {
    let mut facts: Vec<&'static str> = manifest
        .rules()
        .flat_map(|r| r.facts.iter().map(|f| f.name))
        .collect();
    facts.sort_unstable();
    facts.dedup();
    for name in facts {
        engine.register_get(name, move |f: &mut Facts| -> ScriptResult<Dynamic> {
            fact(f, name)
        });
    }
    // Each short name with the full names it stands for, by area, so a read in a rule's
    // own area finds its parameter without building the name.
    let mut params: BTreeMap<&'static str, Vec<(&'static str, &'static str)>> = BTreeMap::new();
    for p in manifest.parameters() {
        if let Some((area, short)) = p.name.split_once('.') {
            params.entry(short).or_default().push((area, p.name));
        }
    }
    for (name, owners) in params {
        engine.register_get(name, move |p: &mut ParamsView| {
            match owners.iter().find(|(area, _)| *area == p.area) {
                Some((_, full)) => p.read(full, name),
                None => p.lookup(name),
            }
        });
    }
}

/// What `facts.name` reads.
fn fact(facts: &Facts, name: &str) -> ScriptResult<Dynamic> {
    facts.get(name).ok_or_else(|| {
        let known: Vec<&str> = facts.names().collect();
        format!(
            "unknown fact `{name}` (this rule sees: {})",
            known.join(", ")
        )
        .into()
    })
}

fn register_values(engine: &mut Engine) {
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
            add_days(d.0, count(n, "add_days")?)
                .map(Date)
                .map_err(|e| e.to_string().into())
        })
        .register_fn("add_months", |d: Date, n: i64| -> ScriptResult<Date> {
            add_months(d.0, count(n, "add_months")?, MonthEnd::Clamp)
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
        .register_type_with_name::<Facts>("Facts")
        .register_indexer_get(|f: &mut Facts, name: &str| fact(f, name));

    engine
        .register_type_with_name::<ParamsView>("Parameters")
        .register_indexer_get(|p: &mut ParamsView, name: &str| p.lookup(name));

    engine
        .register_type_with_name::<Period>("Period")
        .register_fn("days", |n: i64| -> ScriptResult<Period> {
            Ok(Period::Days(count(n, "days")?))
        })
        .register_fn("business_days", |n: i64| -> ScriptResult<Period> {
            Ok(Period::BusinessDays(count(n, "business_days")?))
        })
        .register_fn("months", |n: i64| -> ScriptResult<Period> {
            Ok(Period::Months(count(n, "months")?))
        })
        .register_fn("to_string", |p: &mut Period| p.to_string());

    engine.register_type_with_name::<Answer>("Answer");
}

/// One constructor of the manifest: its arguments as their kinds say, then the reason.
fn register_constructor(engine: &mut Engine, constructor: &'static Constructor) {
    let mut types: Vec<TypeId> = constructor
        .args
        .iter()
        .map(|arg| match arg.kind {
            ArgKind::Period => TypeId::of::<Period>(),
            ArgKind::Days | ArgKind::BusinessDays => TypeId::of::<i64>(),
            ArgKind::Date => TypeId::of::<Date>(),
        })
        .collect();
    types.push(TypeId::of::<ImmutableString>());
    engine.register_raw_fn(
        constructor.name,
        types,
        move |context: NativeCallContext, args: &mut [&mut Dynamic]| -> ScriptResult<Answer> {
            let at = context.call_position();
            let (reason, values) = args
                .split_last_mut()
                .ok_or_else(|| format!("{}: no reason given", constructor.name))?;
            let mut answer = Answer {
                constructor: constructor.name,
                values: AnswerValues::new(),
                reason: Dynamic::clone(reason).into_immutable_string()?,
                at: (at.line().unwrap_or(0), at.position().unwrap_or(0)),
            };
            for (arg, value) in constructor.args.iter().zip(values.iter()) {
                let what = constructor.name;
                answer.values.push(match arg.kind {
                    ArgKind::Period => AnswerValue::Period(
                        Dynamic::clone(value)
                            .try_cast::<Period>()
                            .ok_or_else(|| format!("{what}: not a period"))?,
                    ),
                    ArgKind::Days => {
                        AnswerValue::Period(Period::Days(count(value.as_int()?, what)?))
                    }
                    ArgKind::BusinessDays => {
                        AnswerValue::Period(Period::BusinessDays(count(value.as_int()?, what)?))
                    }
                    ArgKind::Date => AnswerValue::Date(
                        Dynamic::clone(value)
                            .try_cast::<Date>()
                            .ok_or_else(|| format!("{what}: not a date"))?
                            .0,
                    ),
                });
            }
            Ok(answer)
        },
    );
}
