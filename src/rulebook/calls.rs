//! Typed calls: the only way machines consult rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::{Dynamic, EvalAltResult, ImmutableString};
use serde::{Deserialize, Serialize};

use super::bindings::{
    Consultation, Date, DecisionDeadline, Disclosure, Facts, Notice, ParamsView, Verdict, decimal,
    optional,
};
use super::error::{Location, RuleError, RuleErrorKind, RulebookError};
use super::load::RuleVersion;
use super::parameters::{ParamInput, ParamValue, Unit};
use super::reasons::Reason;
use super::spec::{
    DECISION_DEADLINE, DISCRETIONARY_LIMIT, EXCEPTION_PREFIX, INFORMATION_REQUEST, NOTICE_PERIOD,
    RATING_DISCLOSURE, RuleSpec, spec,
};
use super::{Rulebook, sandbox};
use crate::calendar::{HolidayCalendar, Period};
use crate::credit_limit::{
    BuyerRating, ConsultationQuestion, DiscretionaryRequest, ExceptionalCircumstance,
    LimitApplication, LimitChange, RatingQuestion, Route,
};
use crate::explain::{Decision, DecisionRecord, RecordBuilder, Subject};
use crate::money::Currency;

/// The terms of one policy that rules depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTerms {
    /// The policy currency.
    pub currency: Currency,
    /// The holiday calendar business days are counted in, e.g. `NL`.
    pub calendar: String,
    /// The policy's own values for parameters, by full name
    /// (`"credit_limit.notice_days": 45`); they apply on every date.
    #[serde(default)]
    pub parameters: BTreeMap<String, ParamInput>,
}

/// A rulebook bound to one policy's terms: what machines consult.
#[derive(Debug, Clone)]
pub struct PolicyRules {
    book: Rulebook,
    currency: Currency,
    calendar: HolidayCalendar,
    overrides: Arc<BTreeMap<String, ParamValue>>,
}

/// Which rule answered, and through which exception.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RuleRef {
    /// The rule's id, e.g. `credit_limit/notice_period`.
    pub id: String,
    /// The version's file inside the pack.
    pub file: String,
    /// The labelled exception that decided, when one did.
    pub exception: Option<String>,
}

/// C3.1 — how long a decision may take, and how often the customer hears meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTimetable {
    /// The decision is due this long after the application.
    pub decide_within: Period,
    /// While pending, a status update is due this often (none when `None`).
    pub updates_every: Option<Period>,
}

/// A rule's answer with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling<T> {
    /// The answer.
    pub value: T,
    /// Why, as a reason from the pack's catalogue.
    pub reason: Reason,
    /// Which rule (and exception) gave it.
    pub rule: RuleRef,
}

impl Rulebook {
    /// Binds the rulebook to a policy's terms, checking its overrides and calendar.
    ///
    /// # Errors
    ///
    /// [`RulebookError::Override`] for an unknown parameter, a value that does not fit its
    /// unit, or an amount parameter in another currency than the policy's that the policy
    /// does not override; [`RulebookError::UnknownCalendar`].
    pub fn for_policy(&self, terms: &PolicyTerms) -> Result<PolicyRules, RulebookError> {
        let calendar = self.calendar(&terms.calendar).cloned().ok_or_else(|| {
            RulebookError::UnknownCalendar {
                code: terms.calendar.clone(),
                available: self
                    .pack
                    .calendars
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })?;
        let mut overrides = BTreeMap::new();
        for (name, input) in &terms.parameters {
            let override_error = |message: String| RulebookError::Override {
                name: name.clone(),
                message,
            };
            let parameter = self
                .parameters()
                .get(name)
                .ok_or_else(|| override_error("no such parameter in the rule pack".into()))?;
            overrides.insert(
                name.clone(),
                parameter.unit.read(input).map_err(override_error)?,
            );
        }
        for parameter in self
            .parameters()
            .iter()
            .filter(|p| p.unit == Unit::Amount && !overrides.contains_key(&p.name))
        {
            if let Some((_, ParamValue::Amount(m))) = parameter.values.iter().find(
                |(_, v)| !matches!(v, ParamValue::Amount(m) if m.currency() == terms.currency),
            ) {
                return Err(RulebookError::Override {
                    name: parameter.name.clone(),
                    message: format!(
                        "the pack's value is in {} but the policy is in {}: set it in the policy's terms",
                        m.currency(),
                        terms.currency
                    ),
                });
            }
        }
        Ok(PolicyRules {
            book: self.clone(),
            currency: terms.currency,
            calendar,
            overrides: Arc::new(overrides),
        })
    }
}

impl PolicyRules {
    /// The rulebook.
    #[must_use]
    pub fn rulebook(&self) -> &Rulebook {
        &self.book
    }

    /// Starts the record of a decision taken under these rules on `on`: the one place a
    /// record is stamped with the rule pack's hash.
    pub fn record(
        &self,
        on: NaiveDate,
        subject: Subject,
        decision: Decision,
        summary: impl Into<String>,
    ) -> RecordBuilder {
        DecisionRecord::builder(
            on,
            subject,
            decision,
            summary.into(),
            self.book.hash().clone(),
        )
    }

    /// The policy currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The policy's holiday calendar.
    #[must_use]
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.calendar
    }

    /// The value of a parameter on a business date, the policy's override first.
    ///
    /// # Errors
    ///
    /// [`RuleErrorKind::Parameter`] for an unknown name or a date before the first value.
    pub fn parameter(&self, name: &str, on: NaiveDate) -> Result<ParamValue, RuleError> {
        let error = |message: String| RuleError {
            rule: name.to_owned(),
            location: None,
            kind: RuleErrorKind::Parameter { message },
        };
        if let Some(value) = self.overrides.get(name) {
            return Ok(value.clone());
        }
        let parameter = self
            .book
            .parameters()
            .get(name)
            .ok_or_else(|| error(format!("unknown parameter `{name}`")))?;
        parameter.on(on).cloned().map_err(error)
    }

    /// A parameter measured in days, business days or months, as a [`Period`].
    ///
    /// # Errors
    ///
    /// As [`PolicyRules::parameter`], and [`RuleErrorKind::Parameter`] for another unit.
    pub fn period(&self, name: &str, on: NaiveDate) -> Result<Period, RuleError> {
        let value = self.parameter(name, on)?;
        let unit = self.book.parameters().get(name).map(|p| p.unit);
        let count = match value {
            ParamValue::Whole(n) => u32::try_from(n).ok(),
            _ => None,
        };
        match (unit, count) {
            (Some(Unit::Days), Some(n)) => Ok(Period::Days(n)),
            (Some(Unit::BusinessDays), Some(n)) => Ok(Period::BusinessDays(n)),
            (Some(Unit::Months), Some(n)) => Ok(Period::Months(n)),
            _ => Err(RuleError {
                rule: name.to_owned(),
                location: None,
                kind: RuleErrorKind::Parameter {
                    message: format!("parameter `{name}` is not a period of days or months"),
                },
            }),
        }
    }

    /// C3.4 — how long before a reduction or withdrawal announced on `on` may take effect.
    ///
    /// Rule `credit_limit/notice_period`; by default 30 days, and immediate effect only in
    /// the exceptional circumstances the pack lists.
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails, answers with an unknown reason, or two of its
    /// exceptions apply at once.
    pub fn notice_period(
        &self,
        change: &LimitChange,
        on: NaiveDate,
    ) -> Result<Ruling<Period>, RuleError> {
        let facts = Facts::new([
            ("kind", Dynamic::from(change.kind.code())),
            ("currency", Dynamic::from(change.current.currency().code())),
            ("current", decimal(change.current)),
            ("new_amount", decimal(change.new_amount)),
            (
                "reduction",
                Dynamic::from_decimal(
                    change
                        .current
                        .amount()
                        .saturating_sub(change.new_amount.amount()),
                ),
            ),
            ("announced_on", Dynamic::from(Date(on))),
            (
                "circumstance",
                optional(change.circumstance.map(ExceptionalCircumstance::code)),
            ),
        ]);
        self.ask(NOTICE_PERIOD, on, facts, |n: Notice| (n.period, n.reason))
    }

    /// C3.1 — by when an application made on `on` must be decided, and how often the
    /// customer hears while it is pending.
    ///
    /// Rule `credit_limit/decision_deadline`; by default the same day for an instant check,
    /// 5 business days with updates every 5 business days for an underwriter.
    ///
    /// # Errors
    ///
    /// [`RuleError`] as for [`PolicyRules::notice_period`].
    pub fn decision_deadline(
        &self,
        application: &LimitApplication,
        on: NaiveDate,
    ) -> Result<Ruling<DecisionTimetable>, RuleError> {
        let facts = Facts::new([
            ("route", Dynamic::from(application.route.code())),
            (
                "currency",
                Dynamic::from(application.requested.currency().code()),
            ),
            ("requested", decimal(application.requested)),
            (
                "current",
                application
                    .current
                    .map_or(Dynamic::from_decimal(rust_decimal::Decimal::ZERO), decimal),
            ),
            (
                "increase",
                Dynamic::from_bool(application.current.is_some()),
            ),
            ("applied_on", Dynamic::from(Date(on))),
        ]);
        self.ask(DECISION_DEADLINE, on, facts, |d: DecisionDeadline| {
            (
                DecisionTimetable {
                    decide_within: d.within,
                    updates_every: d.updates_every,
                },
                d.reason,
            )
        })
    }

    /// C3.2 — whether the customer must be asked for information before an adverse decision,
    /// and how long they get to answer (`Some(period)`), or not (`None`).
    ///
    /// Rule `credit_limit/information_request`.
    ///
    /// # Errors
    ///
    /// [`RuleError`] as for [`PolicyRules::notice_period`].
    pub fn information_request(
        &self,
        question: &ConsultationQuestion,
        on: NaiveDate,
    ) -> Result<Ruling<Option<Period>>, RuleError> {
        let facts = Facts::new([
            ("kind", Dynamic::from(question.kind.code())),
            ("route", optional(question.route.map(Route::code))),
            ("currency", Dynamic::from(question.amount.currency().code())),
            ("amount", decimal(question.amount)),
            (
                "current",
                question
                    .current
                    .map_or(Dynamic::from_decimal(rust_decimal::Decimal::ZERO), decimal),
            ),
            ("limit_in_use", Dynamic::from_bool(question.limit_in_use)),
            (
                "circumstance",
                optional(question.circumstance.map(ExceptionalCircumstance::code)),
            ),
            ("on", Dynamic::from(Date(on))),
        ]);
        self.ask(INFORMATION_REQUEST, on, facts, |c: Consultation| {
            (c.answer_within, c.reason)
        })
    }

    /// C3.3 — whether a decision or a rating change must state the buyer's rating.
    ///
    /// Rule `credit_limit/rating_disclosure`.
    ///
    /// # Errors
    ///
    /// [`RuleError`] as for [`PolicyRules::notice_period`].
    pub fn rating_disclosure(
        &self,
        question: &RatingQuestion,
        on: NaiveDate,
    ) -> Result<Ruling<bool>, RuleError> {
        let grade = |r: Option<BuyerRating>| {
            r.map_or(Dynamic::UNIT, |r| Dynamic::from_int(i64::from(r.grade())))
        };
        let facts = Facts::new([
            ("kind", Dynamic::from(question.kind.code())),
            ("adverse", Dynamic::from_bool(question.adverse)),
            ("rating", grade(question.rating)),
            ("previous_rating", grade(question.previous_rating)),
        ]);
        self.ask(RATING_DISCLOSURE, on, facts, |d: Disclosure| {
            (d.disclose, d.reason)
        })
    }

    /// Whether the customer may cover a buyer with their own discretionary limit.
    ///
    /// Rule `credit_limit/discretionary_limit`; by default up to EUR 15,000 on a credit
    /// report at most 12 months old, with no loss on the buyer in the last 12 months and no
    /// zero decision by the insurer in the last 12 months.
    ///
    /// # Errors
    ///
    /// [`RuleError`] as for [`PolicyRules::notice_period`].
    pub fn discretionary_limit(
        &self,
        request: &DiscretionaryRequest,
        on: NaiveDate,
    ) -> Result<Ruling<bool>, RuleError> {
        let facts = Facts::new([
            ("amount", decimal(request.amount)),
            ("currency", Dynamic::from(request.amount.currency().code())),
            ("set_on", Dynamic::from(Date(on))),
            (
                "credit_report_on",
                Dynamic::from(Date(request.credit_report_on)),
            ),
            (
                "loss_in_last_12_months",
                Dynamic::from_bool(request.loss_in_last_12_months),
            ),
            (
                "zero_decision_on",
                optional(request.zero_decision_on.map(Date)),
            ),
        ]);
        self.ask(DISCRETIONARY_LIMIT, on, facts, |v: Verdict| {
            (v.allowed, v.reason)
        })
    }

    /// Evaluates rule `id` on `facts`, checks its answer's type and reason, and reads it.
    pub(super) fn ask<A: Clone + 'static, T>(
        &self,
        id: &str,
        on: NaiveDate,
        facts: Facts,
        read: impl FnOnce(A) -> (T, ImmutableString),
    ) -> Result<Ruling<T>, RuleError> {
        let spec = rule_spec(id)?;
        let (answer, rule) = self.evaluate(spec, on, vec![Dynamic::from(facts)])?;
        let (value, code) = read(cast(spec, &rule, answer)?);
        let reason = self.reason(spec, &rule, &code)?;
        Ok(Ruling {
            value,
            reason,
            rule,
        })
    }

    /// Runs the version in force on `on`: its exceptions first, then the base rule.
    pub(super) fn evaluate(
        &self,
        spec: &'static RuleSpec,
        on: NaiveDate,
        mut args: Vec<Dynamic>,
    ) -> Result<(Dynamic, RuleRef), RuleError> {
        let versions = self
            .book
            .pack
            .rules
            .get(spec.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let version = versions
            .iter()
            .rev()
            .find(|v| v.from.is_none_or(|from| from <= on))
            .ok_or_else(|| RuleError {
                rule: spec.id.to_owned(),
                location: None,
                kind: match versions.first().and_then(|v| v.from) {
                    Some(first) => RuleErrorKind::NotInForce { on, first },
                    None => RuleErrorKind::Script {
                        message: "the pack has no version of this rule".into(),
                    },
                },
            })?;
        args.push(Dynamic::from(ParamsView {
            book: self.book.clone(),
            overrides: Arc::clone(&self.overrides),
            area: spec.area(),
            on,
        }));
        let mut answers = Vec::with_capacity(version.exceptions.len());
        for label in &version.exceptions {
            answers.push(call(
                spec,
                version,
                &format!("{EXCEPTION_PREFIX}{label}"),
                args.clone(),
            )?);
        }
        let applied: Vec<(&String, Dynamic)> = version
            .exceptions
            .iter()
            .zip(answers)
            .filter(|(_, answer)| !answer.is_unit())
            .collect();
        let rule = |exception: Option<&String>| RuleRef {
            id: spec.id.to_owned(),
            file: version.file.clone(),
            exception: exception.cloned(),
        };
        match applied.as_slice() {
            [] => Ok((call(spec, version, spec.entry, args)?, rule(None))),
            [(label, answer)] => Ok((answer.clone(), rule(Some(label)))),
            [(first, _), (second, _), ..] => Err(RuleError {
                rule: spec.id.to_owned(),
                location: Some(Location::file(&version.file)),
                kind: RuleErrorKind::Conflict {
                    first: (*first).clone(),
                    second: (*second).clone(),
                },
            }),
        }
    }

    pub(super) fn reason(
        &self,
        spec: &RuleSpec,
        rule: &RuleRef,
        code: &str,
    ) -> Result<Reason, RuleError> {
        self.book
            .pack
            .reasons
            .get(code)
            .cloned()
            .ok_or_else(|| RuleError {
                rule: spec.id.to_owned(),
                location: Some(Location::file(&rule.file)),
                kind: RuleErrorKind::UnknownReason {
                    code: code.to_owned(),
                },
            })
    }
}

pub(crate) fn rule_spec(id: &str) -> Result<&'static RuleSpec, RuleError> {
    spec(id).ok_or_else(|| RuleError {
        rule: id.to_owned(),
        location: None,
        kind: RuleErrorKind::Script {
            message: "not in the crate's rule manifest".into(),
        },
    })
}

pub(super) fn cast<T: Clone + 'static>(
    spec: &RuleSpec,
    rule: &RuleRef,
    answer: Dynamic,
) -> Result<T, RuleError> {
    let got = answer.type_name().to_owned();
    answer.try_cast::<T>().ok_or_else(|| RuleError {
        rule: spec.id.to_owned(),
        location: Some(Location::file(&rule.file)),
        kind: RuleErrorKind::WrongResult {
            expected: spec.returns.to_owned(),
            got: got.rsplit("::").next().unwrap_or(&got).to_owned(),
        },
    })
}

fn call(
    spec: &RuleSpec,
    version: &RuleVersion,
    name: &str,
    args: Vec<Dynamic>,
) -> Result<Dynamic, RuleError> {
    sandbox::call(&version.ast, name, args).map_err(|e| script_error(spec, version, *e))
}

fn script_error(spec: &RuleSpec, version: &RuleVersion, error: EvalAltResult) -> RuleError {
    let root = error.unwrap_inner();
    let position = if root.position().is_none() {
        error.position()
    } else {
        root.position()
    };
    // rhai appends " (line 3, position 7)"; the location is reported on its own.
    let message = root.to_string();
    let message = message
        .strip_suffix(&format!(" ({position})"))
        .unwrap_or(&message)
        .to_owned();
    let kind = match &root {
        EvalAltResult::ErrorTooManyOperations(_) => RuleErrorKind::TooManyOperations {
            max: sandbox::MAX_OPERATIONS,
        },
        EvalAltResult::ErrorStackOverflow(_) => RuleErrorKind::TooDeep {
            max: sandbox::MAX_CALL_LEVELS,
        },
        EvalAltResult::ErrorTerminated(..) => RuleErrorKind::TimedOut {
            millis: u64::try_from(sandbox::WALL_CLOCK.as_millis()).unwrap_or(u64::MAX),
        },
        EvalAltResult::ErrorDataTooLarge(..) => RuleErrorKind::TooLarge { message },
        // Raised by the crate's own bindings (parameters, constructors): the value is the message.
        EvalAltResult::ErrorRuntime(value, _) => RuleErrorKind::Script {
            message: value.to_string(),
        },
        _ => RuleErrorKind::Script { message },
    };
    let location = (!position.is_none()).then(|| Location::from_rhai(&version.file, position));
    RuleError {
        rule: spec.id.to_owned(),
        location: location.or_else(|| Some(Location::file(&version.file))),
        kind,
    }
}
