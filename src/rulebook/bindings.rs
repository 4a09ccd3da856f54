//! What rule scripts see: read-only facts, read-only parameters, a `Date` type, periods,
//! and the outcome constructors. Nothing else is registered, so a rule cannot change state,
//! read a clock or do I/O.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString};

use super::Rulebook;
use super::parameters::ParamValue;
use crate::calendar::{MonthEnd, Period, add_days, add_months};

/// A business date inside a script: compare with `<`, `==`; `a - b` is days between;
/// `d.add_days(n)`, `d.add_months(n)` (clamped at month end); `d.year`, `d.month`, `d.day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(pub(crate) NaiveDate);

/// The read-only facts a rule is given, read as `change.kind`, `application.route`, ....
///
/// Behind an `Arc`, because rhai clones arguments for every function call and a rule with
/// exceptions makes several (measured: cloning an object map per call was most of a rule
/// call's cost). Field names are checked against the rule's manifest at load.
#[derive(Debug, Clone)]
pub(crate) struct Facts(Arc<BTreeMap<&'static str, Dynamic>>);

impl Facts {
    pub(crate) fn new<const N: usize>(entries: [(&'static str, Dynamic); N]) -> Facts {
        Facts(Arc::new(entries.into_iter().collect()))
    }

    fn get(&self, name: &str) -> ScriptResult<Dynamic> {
        self.0.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.0.keys().copied().collect();
            format!(
                "unknown fact `{name}` (this rule sees: {})",
                known.join(", ")
            )
            .into()
        })
    }
}

/// An amount as rules see it: its Decimal value.
pub(crate) fn decimal(amount: crate::money::Money) -> Dynamic {
    Dynamic::from_decimal(amount.amount())
}

/// An optional value as rules see it: the value, or `()`.
pub(crate) fn optional<T: Clone + Send + Sync + 'static>(value: Option<T>) -> Dynamic {
    value.map_or(Dynamic::UNIT, Dynamic::from)
}

/// `credit_limit/notice_period`: how long before a change takes effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    pub(crate) period: Period,
    pub(crate) reason: ImmutableString,
}

/// `credit_limit/decision_deadline`: how long a decision may take, and how often the
/// customer hears while it is pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecisionDeadline {
    pub(crate) within: Period,
    pub(crate) updates_every: Option<Period>,
    pub(crate) reason: ImmutableString,
}

/// `credit_limit/information_request`: whether the customer must be asked first, and how
/// long they get to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Consultation {
    pub(crate) answer_within: Option<Period>,
    pub(crate) reason: ImmutableString,
}

/// `credit_limit/rating_disclosure`: whether the decision must state the buyer's rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Disclosure {
    pub(crate) disclose: bool,
    pub(crate) reason: ImmutableString,
}

/// `objection/handling`: how fast an objection is acknowledged, updated and answered, and
/// how long the customer then has to take it outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObjectionHandling {
    pub(crate) acknowledge: Period,
    pub(crate) update: Period,
    pub(crate) answer: Period,
    pub(crate) escalate: Period,
    pub(crate) reason: ImmutableString,
}

/// `renewal/timetable`: how long before expiry the renewal documents are due and the
/// last notice of non-renewal may be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RenewalTimetable {
    pub(crate) documents_before: Period,
    pub(crate) notice_before: Period,
    pub(crate) reason: ImmutableString,
}

/// `communication/response_times`: how fast an inquiry is acknowledged and answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResponseTimes {
    pub(crate) acknowledge: Period,
    pub(crate) answer: Period,
    pub(crate) reason: ImmutableString,
}

/// A yes-or-no judgement with its reason (`credit_limit/discretionary_limit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) allowed: bool,
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

/// The outcome constructors; each takes its reason code as its last argument, which the
/// loader checks against `reasons.toml` when it is a literal.
pub(crate) const OUTCOME_CONSTRUCTORS: &[&str] = &[
    "notice",
    "notice_days",
    "notice_business_days",
    "immediately",
    "decide_within",
    "ask_customer",
    "no_consultation",
    "disclose_rating",
    "no_disclosure",
    "allow",
    "refuse",
    "handle_within",
    "renewal_timetable",
    "respond_within",
    "covered",
    "covered_net",
    "excluded",
    "within_days",
    "within_business_days",
    "pay_within",
    "pay_by",
    "charge_difference",
    "no_closing_invoice",
];

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

fn count(n: i64, what: &str) -> ScriptResult<u32> {
    u32::try_from(n)
        .ok()
        .filter(|d| *d <= 3_660)
        .ok_or_else(|| format!("{what}: `{n}` is not between 0 and 3660").into())
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
    register_values(engine);
    register_outcomes(engine);
    super::invoice_bindings::register(engine);
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
        .register_indexer_get(|f: &mut Facts, name: &str| f.get(name));

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
}

fn register_outcomes(engine: &mut Engine) {
    engine
        .register_type_with_name::<Notice>("Notice")
        .register_fn("notice", |period: Period, reason: ImmutableString| Notice {
            period,
            reason,
        })
        .register_fn(
            "notice_days",
            |n: i64, reason: ImmutableString| -> ScriptResult<Notice> {
                Ok(Notice {
                    period: Period::Days(count(n, "notice_days")?),
                    reason,
                })
            },
        )
        .register_fn(
            "notice_business_days",
            |n: i64, reason: ImmutableString| -> ScriptResult<Notice> {
                Ok(Notice {
                    period: Period::BusinessDays(count(n, "notice_business_days")?),
                    reason,
                })
            },
        )
        .register_fn("immediately", |reason: ImmutableString| Notice {
            period: Period::Days(0),
            reason,
        });

    engine
        .register_type_with_name::<DecisionDeadline>("DecisionDeadline")
        .register_fn(
            "decide_within",
            |within: Period, reason: ImmutableString| DecisionDeadline {
                within,
                updates_every: None,
                reason,
            },
        )
        .register_fn(
            "decide_within",
            |within: Period, updates: Period, reason: ImmutableString| DecisionDeadline {
                within,
                updates_every: Some(updates),
                reason,
            },
        );

    engine
        .register_type_with_name::<Consultation>("Consultation")
        .register_fn(
            "ask_customer",
            |answer_within: Period, reason: ImmutableString| Consultation {
                answer_within: Some(answer_within),
                reason,
            },
        )
        .register_fn("no_consultation", |reason: ImmutableString| Consultation {
            answer_within: None,
            reason,
        });

    engine
        .register_type_with_name::<Disclosure>("Disclosure")
        .register_fn("disclose_rating", |reason: ImmutableString| Disclosure {
            disclose: true,
            reason,
        })
        .register_fn("no_disclosure", |reason: ImmutableString| Disclosure {
            disclose: false,
            reason,
        });

    engine
        .register_type_with_name::<ObjectionHandling>("ObjectionHandling")
        .register_fn(
            "handle_within",
            |acknowledge: Period,
             update: Period,
             answer: Period,
             escalate: Period,
             reason: ImmutableString| {
                ObjectionHandling {
                    acknowledge,
                    update,
                    answer,
                    escalate,
                    reason,
                }
            },
        );

    engine
        .register_type_with_name::<RenewalTimetable>("RenewalTimetable")
        .register_fn(
            "renewal_timetable",
            |documents_before: Period, notice_before: Period, reason: ImmutableString| {
                RenewalTimetable {
                    documents_before,
                    notice_before,
                    reason,
                }
            },
        );

    engine
        .register_type_with_name::<ResponseTimes>("ResponseTimes")
        .register_fn(
            "respond_within",
            |acknowledge: Period, answer: Period, reason: ImmutableString| ResponseTimes {
                acknowledge,
                answer,
                reason,
            },
        );

    engine
        .register_type_with_name::<Verdict>("Verdict")
        .register_fn("allow", |reason: ImmutableString| Verdict {
            allowed: true,
            reason,
        })
        .register_fn("refuse", |reason: ImmutableString| Verdict {
            allowed: false,
            reason,
        });
    super::claim_bindings::register(engine);
}
