//! A rulebook bound to one policy's terms, and the one way to ask it a question.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::{Dynamic, EvalAltResult};
use serde::{Deserialize, Serialize};

use super::bindings::ParamsView;
use super::error::{
    Location, RuleError, RuleErrorKind, RulebookError, UnknownReason, did_you_mean,
};
use super::load::RuleVersion;
use super::manifest::RuleSpec;
use super::memo::Evaluated;
use super::parameters::{Param, ParamInput, ParamType, ParamValue};
use super::question::{Answer, Facts, Question, RuleRef, Ruling};
use super::reasons::Reason;
use super::{Rulebook, memo, sandbox};
use crate::calendar::HolidayCalendar;
use crate::money::Currency;
use crate::text::Shared;

/// Functions in a rule file named `exception_<label>` are labelled exceptions to the entry.
pub(crate) const EXCEPTION_PREFIX: &str = "exception_";

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

/// A rulebook bound to one policy's terms: what machines consult. Cheap to clone.
#[derive(Debug, Clone)]
pub struct PolicyRules(Arc<Bound>);

#[derive(Debug)]
struct Bound {
    book: Rulebook,
    currency: Currency,
    calendar: HolidayCalendar,
    overrides: BTreeMap<String, ParamValue>,
}

impl Rulebook {
    /// Binds the rulebook to a policy's terms, checking its overrides and calendar.
    ///
    /// # Errors
    ///
    /// [`RulebookError::Override`] for an unknown parameter, a value that does not fit its
    /// unit or its range, or an amount parameter in another currency than the policy's
    /// that the policy does not override; [`RulebookError::UnknownCalendar`].
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
            let parameter = self.parameters().get(name).ok_or_else(|| {
                let known = self.parameters().iter().map(|p| p.name.as_str());
                let fix = did_you_mean(name, known).map(|fix| format!(": {fix}"));
                override_error(format!(
                    "no such parameter in the rule pack{}",
                    fix.unwrap_or_default()
                ))
            })?;
            overrides.insert(
                name.clone(),
                parameter.check(input).map_err(override_error)?,
            );
        }
        for parameter in self.parameters().iter() {
            let foreign = parameter.values.iter().find_map(|(_, v)| match v {
                ParamValue::Amount(m) if m.currency() != terms.currency => Some(m.currency()),
                _ => None,
            });
            let overridden = overrides.get(&parameter.name);
            let in_currency = |v: &ParamValue| !matches!(v, ParamValue::Amount(m) if m.currency() != terms.currency);
            match (foreign, overridden) {
                (Some(currency), None) => {
                    return Err(RulebookError::Override {
                        name: parameter.name.clone(),
                        message: format!(
                            "the pack's value is in {currency} but the policy is in {}: set it in the policy's terms",
                            terms.currency
                        ),
                    });
                }
                (_, Some(value)) if !in_currency(value) => {
                    return Err(RulebookError::Override {
                        name: parameter.name.clone(),
                        message: format!(
                            "`{value}` is not in the policy's currency {}",
                            terms.currency
                        ),
                    });
                }
                _ => {}
            }
        }
        Ok(PolicyRules(Arc::new(Bound {
            book: self.clone(),
            currency: terms.currency,
            calendar,
            overrides,
        })))
    }
}

impl PolicyRules {
    /// The rulebook.
    #[must_use]
    pub fn rulebook(&self) -> &Rulebook {
        &self.0.book
    }

    /// The policy currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.0.currency
    }

    /// The policy's holiday calendar.
    #[must_use]
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.0.calendar
    }

    /// The value of the parameter `name` on business date `on`: the policy's override, or
    /// else the pack's value in force on that date. `None` when the pack has no such
    /// parameter. The one place that precedence is decided.
    pub(crate) fn value(&self, name: &str, on: NaiveDate) -> Option<Result<&ParamValue, String>> {
        if let Some(value) = self.0.overrides.get(name) {
            return Some(Ok(value));
        }
        self.rulebook().parameters().get(name).map(|p| p.on(on))
    }

    /// A parameter the crate reads, on business date `on`, the policy's override first.
    ///
    /// # Errors
    ///
    /// [`RuleErrorKind::Parameter`] for a date before the parameter's first value, or for a
    /// parameter the rulebook's manifest does not declare so (a crate bug the crate's tests
    /// rule out: a declared parameter is checked at load).
    pub fn get<T: ParamType>(&self, param: &Param<T>, on: NaiveDate) -> Result<T, RuleError> {
        let spec = param.spec();
        let error = |message: String| RuleError {
            rule: spec.name,
            text: None,
            location: None,
            kind: RuleErrorKind::Parameter { message },
        };
        if !self.rulebook().declares(&spec) {
            return Err(error(format!(
                "parameter `{}` ({}) is not declared in the rulebook's manifest",
                spec.name,
                spec.describe()
            )));
        }
        let value = self
            .value(spec.name, on)
            .ok_or_else(|| error(format!("unknown parameter `{}`", spec.name)))?
            .map_err(error)?;
        T::read(value, spec.unit).ok_or_else(|| {
            error(format!(
                "parameter `{}` holds `{value}`, not {}",
                spec.name,
                spec.describe()
            ))
        })
    }

    /// The catalogue's reason for `code`.
    ///
    /// # Errors
    ///
    /// [`UnknownReason`] when the pack's `reasons.toml` lacks the code.
    pub fn reason(&self, code: &str) -> Result<Reason, UnknownReason> {
        self.rulebook()
            .reason(code)
            .cloned()
            .ok_or_else(|| UnknownReason {
                code: code.to_owned(),
            })
    }

    /// The catalogue's reasons for `codes`, in order.
    ///
    /// # Errors
    ///
    /// [`UnknownReason`] for the first code the catalogue lacks.
    pub fn reasons(&self, codes: &[String]) -> Result<Vec<Reason>, UnknownReason> {
        codes.iter().map(|code| self.reason(code)).collect()
    }

    /// Puts `question` to its rule, as of business date `on`: the version in force then,
    /// its exceptions first, then the base rule; the answer read back into the machine's
    /// own type, with its reason and the rule that gave it.
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails, answers with something its manifest entry does
    /// not allow or with an unknown reason, or two of its exceptions apply at once.
    pub fn ask<Q: Question>(
        &self,
        question: &Q,
        on: NaiveDate,
    ) -> Result<Ruling<Q::Value>, RuleError> {
        self.rule_on(question, on)
            .map_err(|e| self.rulebook().with_source(e))
    }

    fn rule_on<Q: Question>(
        &self,
        question: &Q,
        on: NaiveDate,
    ) -> Result<Ruling<Q::Value>, RuleError> {
        let spec = Q::RULE;
        let facts = question.facts(on);
        let key = match self.version(spec, on) {
            Ok((index, version)) if self.rulebook().memoises() => version
                .reads
                .as_ref()
                .and_then(|reads| memo::Key::of(self, spec, index, reads, &facts, on)),
            _ => None,
        };
        if let Some(ruling) = key.as_ref().and_then(|key| memo::recall(key, ruling::<Q>)) {
            return ruling;
        }
        let evaluated = self.evaluate(spec, on, facts)?;
        let ruling = ruling::<Q>(&evaluated);
        if let (Some(key), Ok(_)) = (key, &ruling) {
            memo::remember(key, &evaluated);
        }
        ruling
    }

    /// Runs the version in force on `on` (see [`PolicyRules::run`]) and finds its reason in
    /// the catalogue.
    fn evaluate(
        &self,
        spec: &'static RuleSpec,
        on: NaiveDate,
        facts: Facts,
    ) -> Result<Evaluated, RuleError> {
        let (answer, rule) = self.run_diagnosed(spec, on, facts)?;
        let reason = self
            .rulebook()
            .reason(answer.reason())
            .cloned()
            .ok_or_else(|| RuleError {
                rule: spec.id,
                text: None,
                location: Some(answer.location(&rule.file)),
                kind: RuleErrorKind::UnknownReason {
                    code: answer.reason().to_owned(),
                },
            })?;
        Ok(Evaluated {
            answer,
            rule,
            reason,
        })
    }

    /// [`PolicyRules::run`], run again to find the expression a limit stopped at.
    fn run_diagnosed(
        &self,
        spec: &'static RuleSpec,
        on: NaiveDate,
        facts: Facts,
    ) -> Result<(Answer, RuleRef), RuleError> {
        let error = match self.run(spec, on, facts.clone(), false) {
            Err(error) if error.kind.stops_at_outermost_call() => error,
            done => return done,
        };
        // rhai reports where a limit stopped a script at the outermost call; a second,
        // diagnosing run stops at the same place and knows the expression.
        match self.run(spec, on, facts, true) {
            Err(again) if again.kind == error.kind => {
                let (line, column) = sandbox::last_position();
                let location = error.location.map(|l| Location { line, column, ..l });
                Err(RuleError { location, ..error })
            }
            _ => Err(error),
        }
    }

    /// Runs the version in force on `on`: its exceptions first, then the base rule, all on
    /// one operation budget. An exception labelled with a circumstance the rule's facts can
    /// state runs only when the facts state it, and no answer may give a circumstance's code
    /// as its reason unless the facts state that circumstance (`rules/README.md`,
    /// "Exceptions and circumstances").
    fn run(
        &self,
        spec: &'static RuleSpec,
        on: NaiveDate,
        facts: Facts,
        diagnose: bool,
    ) -> Result<(Answer, RuleRef), RuleError> {
        let book = self.rulebook();
        let (_, version) = self.version(spec, on)?;
        let circumstances = spec.circumstance();
        let stated = circumstances.and_then(|fact| facts.text(fact.name));
        let params = Dynamic::from(ParamsView {
            rules: self.clone(),
            area: spec.area(),
            on,
        });
        let args = [facts.clone().into_dynamic(), params];
        let evaluation = sandbox::Evaluation::start(book.manifest(), diagnose);
        let call = |name: &str, args: [Dynamic; 2]| {
            let answer = evaluation
                .call(&version.ast, name, args)
                .map_err(|e| script_error(spec, version, name, *e))?;
            if let Some(answer) = answer.read_lock::<Answer>()
                && let Some(fact) = circumstances
                && fact.circumstances.contains(&answer.reason())
                && stated != Some(answer.reason())
            {
                return Err(RuleError {
                    rule: spec.id,
                    text: None,
                    location: Some(answer.location(&version.file)),
                    kind: RuleErrorKind::CircumstanceNotStated {
                        code: answer.reason().to_owned(),
                        fact: fact.name.to_owned(),
                    },
                });
            }
            Ok(answer)
        };
        let bound_elsewhere = |label: &str| {
            circumstances
                .is_some_and(|fact| fact.circumstances.contains(&label) && stated != Some(label))
        };
        let mut applied = Vec::new();
        for label in version.exceptions.iter().filter(|l| !bound_elsewhere(l)) {
            let name = format!("{EXCEPTION_PREFIX}{label}");
            let answer = call(&name, args.clone())?;
            if !answer.is_unit() {
                applied.push((label, name, answer));
            }
        }
        let rule = |exception: Option<&Shared>| RuleRef {
            id: version.id.clone(),
            file: version.file.clone(),
            exception: exception.cloned(),
        };
        match applied.as_slice() {
            [] => Ok((
                // The last call: the arguments move instead of being copied.
                accepted(spec, version, spec.entry, call(spec.entry, args)?)?,
                rule(None),
            )),
            [(label, name, answer)] => Ok((
                accepted(spec, version, name, answer.clone())?,
                rule(Some(label)),
            )),
            [(first, ..), (second, name, answer), ..] => Err(RuleError {
                rule: spec.id,
                text: None,
                location: Some(answer.read_lock::<Answer>().map_or_else(
                    || version.function_location(name),
                    |a| a.location(&version.file),
                )),
                kind: RuleErrorKind::Conflict {
                    first: first.to_string(),
                    second: second.to_string(),
                },
            }),
        }
    }
}

impl PolicyRules {
    /// The version of `spec` in force on `on`, with its place among the rule's versions.
    fn version(
        &self,
        spec: &'static RuleSpec,
        on: NaiveDate,
    ) -> Result<(usize, &RuleVersion), RuleError> {
        let versions = self.rulebook().versions(spec.id);
        versions
            .iter()
            .enumerate()
            .rev()
            .find(|(_, v)| v.from.is_none_or(|from| from <= on))
            .ok_or_else(|| RuleError {
                rule: spec.id,
                text: None,
                location: None,
                kind: match versions.first().and_then(|v| v.from) {
                    Some(first) => RuleErrorKind::NotInForce { on, first },
                    None => RuleErrorKind::Script {
                        message: "the pack has no version of this rule".into(),
                    },
                },
            })
    }
}

/// An evaluation read back into the machine's own type, with its reason and rule.
fn ruling<Q: Question>(evaluated: &Evaluated) -> Result<Ruling<Q::Value>, RuleError> {
    let Evaluated {
        answer,
        rule,
        reason,
    } = evaluated;
    let value = Q::read(answer).map_err(|e| RuleError {
        rule: Q::RULE.id,
        text: None,
        location: Some(answer.location(&rule.file)),
        kind: RuleErrorKind::WrongResult {
            expected: Q::RULE.returns(),
            got: e.to_string(),
        },
    })?;
    Ok(Ruling {
        value,
        reason: reason.clone(),
        rule: rule.clone(),
    })
}

/// The answer, when it was built with one of the rule's own constructors; otherwise an error
/// at the constructor's call, or at the function that returned something else.
fn accepted(
    spec: &RuleSpec,
    version: &RuleVersion,
    function: &str,
    answer: Dynamic,
) -> Result<Answer, RuleError> {
    let (got, location) = match answer.try_cast_result::<Answer>() {
        Ok(answer) if spec.constructor(answer.constructor()).is_some() => return Ok(answer),
        Ok(answer) => (answer.to_string(), answer.location(&version.file)),
        Err(other) => {
            let name = other.type_name();
            let name = name.rsplit("::").next().unwrap_or(name).to_owned();
            (name, version.return_location(function))
        }
    };
    Err(RuleError {
        rule: spec.id,
        text: None,
        location: Some(location),
        kind: RuleErrorKind::WrongResult {
            expected: spec.returns(),
            got,
        },
    })
}

fn script_error(
    spec: &RuleSpec,
    version: &RuleVersion,
    function: &str,
    error: EvalAltResult,
) -> RuleError {
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
        EvalAltResult::ErrorTerminated(token, _) => match sandbox::Stop::of(token) {
            Some(sandbox::Stop::Budget) => RuleErrorKind::TooManyOperations {
                max: sandbox::MAX_OPERATIONS,
            },
            _ => RuleErrorKind::TimedOut {
                millis: u64::try_from(sandbox::FUSE.as_millis()).unwrap_or(u64::MAX),
            },
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
        rule: spec.id,
        text: None,
        location: Some(location.unwrap_or_else(|| version.function_location(function))),
        kind,
    }
}
