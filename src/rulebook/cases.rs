//! Test cases that live next to the rules, for rule authors: `<area>/<rule>.cases.toml`.
//!
//! ```toml
//! [[case]]
//! name = "insolvency withdraws the limit at once"
//! on = 2026-03-05
//! input = { kind = "withdrawal", current = "EUR 100000", new_amount = "EUR 0", circumstance = "buyer_insolvency" }
//! parameters = { "credit_limit.notice_days" = 45 }   # optional policy overrides
//! expect = { days = 0, reason = "buyer_insolvency", exception = "buyer_insolvency" }
//! # or: expect_error = "both apply"               (a part of the error message)
//! ```
//!
//! `expect` lists only the fields the case is about; each must equal the rule's answer.
//! Both `cargo test` and `charter test` run them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::Rulebook;
use super::error::{Location, Problem, ProblemCode, read_toml};
use super::manifest::RuleSpec;
use super::parameters::ParamInput;
use super::policy::PolicyTerms;
use super::question::Question;
use crate::calendar::Period;

/// Runs one test case of one rule: the function every [`RuleSpec`] names, so the runner
/// behind `charter test` is one generic function over questions, [`run_case`].
pub type CaseRunner = fn(&Rulebook, &Case) -> Result<Value, String>;

/// The outcome of one test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// Where the case is written.
    pub location: Location,
    /// The case's name.
    pub name: String,
    /// `None` when it passed; otherwise what differed.
    pub failure: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    case: Vec<toml::Spanned<RawCase>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    on: toml::value::Datetime,
    #[serde(default = "default_calendar")]
    calendar: String,
    input: toml::Value,
    #[serde(default)]
    parameters: BTreeMap<String, ParamInput>,
    expect: Option<toml::Table>,
    expect_error: Option<String>,
}

fn default_calendar() -> String {
    "NL".to_owned()
}

/// One test case, as `<rule>.cases.toml` states it.
#[derive(Debug)]
pub struct Case {
    location: Location,
    name: String,
    on: NaiveDate,
    calendar: String,
    input: toml::Value,
    parameters: BTreeMap<String, ParamInput>,
    expect: Result<Value, String>,
}

/// The cases of one rule.
#[derive(Debug)]
pub(crate) struct CaseSet {
    rule: &'static RuleSpec,
    cases: Vec<Case>,
}

impl CaseSet {
    pub(crate) fn parse(
        rule: &'static RuleSpec,
        file: &str,
        text: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<CaseSet> {
        let raw: Raw = read_toml(file, text, problems)?;
        let mut cases = Vec::new();
        for spanned in raw.case {
            let location = Location::at_offset(file, text, spanned.span().start);
            let raw = spanned.into_inner();
            let on = raw.on.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            });
            let Some(on) = on.filter(|_| raw.on.time.is_none()) else {
                problems.push(Problem::new(
                    ProblemCode::TestCase,
                    location,
                    format!("case `{}`: `on` must be a date like 2026-03-05", raw.name),
                ));
                continue;
            };
            // `Err` holds the expected error text, lowercased for a forgiving match.
            let expect = match (raw.expect, raw.expect_error) {
                (Some(table), None) => match serde_json::to_value(table) {
                    Ok(value) => Ok(value),
                    Err(e) => {
                        problems.push(Problem::new(
                            ProblemCode::TestCase,
                            location,
                            format!("case `{}`: {e}", raw.name),
                        ));
                        continue;
                    }
                },
                (None, Some(message)) => Err(message.to_lowercase()),
                _ => {
                    problems.push(Problem::new(
                        ProblemCode::TestCase,
                        location,
                        format!(
                            "case `{}`: give exactly one of `expect` and `expect_error`",
                            raw.name
                        ),
                    ));
                    continue;
                }
            };
            cases.push(Case {
                location,
                name: raw.name,
                on,
                calendar: raw.calendar,
                input: raw.input,
                parameters: raw.parameters,
                expect,
            });
        }
        Some(CaseSet { rule, cases })
    }

    pub(crate) fn run(&self, book: &Rulebook) -> Vec<CaseResult> {
        self.cases
            .iter()
            .map(|case| CaseResult {
                location: case.location.clone(),
                name: case.name.clone(),
                failure: self.check(book, case).err(),
            })
            .collect()
    }

    fn check(&self, book: &Rulebook, case: &Case) -> Result<(), String> {
        match ((self.rule.cases)(book, case), &case.expect) {
            (Ok(actual), Ok(expected)) => compare(&actual, expected),
            (Err(error), Err(expected)) if error.to_lowercase().contains(expected) => Ok(()),
            (Err(error), Err(expected)) => Err(format!(
                "expected an error containing `{expected}`, got: {error}"
            )),
            (Err(error), Ok(_)) => Err(error),
            (Ok(actual), Err(expected)) => Err(format!(
                "expected an error containing `{expected}`, got the answer {actual}"
            )),
        }
    }
}

/// Runs `case` through question `Q`: its input read as `Q`, the pack bound to the case's
/// calendar, overrides and the question's currency, the facts checked against the manifest,
/// and the answer rendered as the flat fields `expect` names.
///
/// # Errors
///
/// A message when the input does not read as `Q`, the terms do not bind, the facts differ
/// from the manifest's, or the rule fails.
pub fn run_case<Q: Question + DeserializeOwned>(
    book: &Rulebook,
    case: &Case,
) -> Result<Value, String> {
    let question: Q = case
        .input
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| format!("input: {}", e.message()))?;
    let terms = PolicyTerms {
        currency: question.currency(),
        calendar: case.calendar.clone(),
        parameters: case.parameters.clone(),
    };
    let rules = book.for_policy(&terms).map_err(|e| e.to_string())?;
    let mismatches = question.facts(case.on).mismatches(Q::RULE);
    if !mismatches.is_empty() {
        return Err(format!(
            "the question's facts differ from the manifest of `{}`: {}",
            Q::RULE.id,
            mismatches.join("; ")
        ));
    }
    let ruling = rules.ask(&question, case.on).map_err(|e| e.to_string())?;
    let mut fields = question.fields(&ruling.value, case.on, &rules)?;
    if let Value::Object(map) = &mut fields {
        map.insert("reason".into(), json!(ruling.reason.code));
        map.insert(
            "exception".into(),
            json!(ruling.rule.exception.as_deref().unwrap_or("none")),
        );
        map.insert("version".into(), json!(ruling.rule.file));
    }
    Ok(fields)
}

/// A period as the fields test cases name: `{ days = 30 }`, `{ business_days = 10 }` or
/// `{ months = 3 }`.
#[must_use]
pub fn period_fields(period: Period) -> Value {
    match period {
        Period::Days(n) => json!({ "days": n }),
        Period::BusinessDays(n) => json!({ "business_days": n }),
        Period::Months(n) => json!({ "months": n }),
    }
}

fn compare(actual: &Value, expected: &Value) -> Result<(), String> {
    let Value::Object(expected) = expected else {
        return Err("`expect` must be a table".into());
    };
    let differences: Vec<String> = expected
        .iter()
        .filter(|(key, want)| actual.get(key.as_str()) != Some(want))
        .map(|(key, want)| {
            format!(
                "{key}: expected {want}, got {}",
                actual.get(key.as_str()).unwrap_or(&Value::Null)
            )
        })
        .collect();
    if differences.is_empty() {
        Ok(())
    } else {
        Err(differences.join("; "))
    }
}
