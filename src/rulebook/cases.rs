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
use serde_json::{Value, json};

use super::Rulebook;
use super::calls::{PolicyRules, PolicyTerms, Ruling};
use super::error::{Location, Problem};
use super::parameters::ParamInput;
use super::service_calls::{InquiryQuestion, ObjectionQuestion, PeriodQuestion};
use super::spec::{
    DECISION_DEADLINE, DISCRETIONARY_LIMIT, INFORMATION_REQUEST, NOTICE_PERIOD, OBJECTION_HANDLING,
    RATING_DISCLOSURE, RENEWAL_TIMETABLE, RESPONSE_TIMES,
};
use crate::calendar::Period;
use crate::credit_limit::{
    ConsultationQuestion, DiscretionaryRequest, LimitApplication, LimitChange, RatingQuestion,
};

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

#[derive(Debug)]
struct Case {
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
pub(crate) struct CaseFile {
    rule: String,
    cases: Vec<Case>,
}

impl CaseFile {
    pub(crate) fn parse(
        rule: &str,
        file: &str,
        text: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<CaseFile> {
        let raw: Raw = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let location = e.span().map_or_else(
                    || Location::file(file),
                    |s| Location::at_offset(file, text, s.start),
                );
                problems.push(Problem {
                    location,
                    message: e.message().to_owned(),
                });
                return None;
            }
        };
        let mut cases = Vec::new();
        for spanned in raw.case {
            let location = Location::at_offset(file, text, spanned.span().start);
            let raw = spanned.into_inner();
            let on = raw.on.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            });
            let Some(on) = on.filter(|_| raw.on.time.is_none()) else {
                problems.push(Problem {
                    location,
                    message: format!("case `{}`: `on` must be a date like 2026-03-05", raw.name),
                });
                continue;
            };
            // `Err` holds the expected error text, lowercased for a forgiving match.
            let expect = match (raw.expect, raw.expect_error) {
                (Some(table), None) => match serde_json::to_value(table) {
                    Ok(value) => Ok(value),
                    Err(e) => {
                        problems.push(Problem {
                            location,
                            message: format!("case `{}`: {e}", raw.name),
                        });
                        continue;
                    }
                },
                (None, Some(message)) => Err(message.to_lowercase()),
                _ => {
                    problems.push(Problem {
                        location,
                        message: format!(
                            "case `{}`: give exactly one of `expect` and `expect_error`",
                            raw.name
                        ),
                    });
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
        Some(CaseFile {
            rule: rule.to_owned(),
            cases,
        })
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
        match (self.answer(book, case), &case.expect) {
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

    /// Calls the case's rule through its typed method and renders the answer as the flat
    /// fields that `expect` names.
    fn answer(&self, book: &Rulebook, case: &Case) -> Result<Value, String> {
        let on = case.on;
        match self.rule.as_str() {
            NOTICE_PERIOD => {
                let change: LimitChange = input(case)?;
                let ruling = rules(book, case, change.current.currency())?
                    .notice_period(&change, on)
                    .map_err(show)?;
                let mut fields = period_fields(ruling.value);
                if let Value::Object(map) = &mut fields {
                    map.insert("period".into(), json!(ruling.value.to_string()));
                }
                Ok(with_ruling(&ruling, fields))
            }
            DECISION_DEADLINE => {
                let application: LimitApplication = input(case)?;
                let rules = rules(book, case, application.requested.currency())?;
                let ruling = rules.decision_deadline(&application, on).map_err(show)?;
                let timetable = ruling.value;
                Ok(with_ruling(
                    &ruling,
                    json!({
                        "within": timetable.decide_within.to_string(),
                        "updates_every": timetable.updates_every.map_or_else(|| "none".to_owned(), |p| p.to_string()),
                    }),
                ))
            }
            INFORMATION_REQUEST => {
                let question: ConsultationQuestion = input(case)?;
                let ruling = rules(book, case, question.amount.currency())?
                    .information_request(&question, on)
                    .map_err(show)?;
                let answer_within = ruling
                    .value
                    .map_or_else(|| "none".to_owned(), |p| p.to_string());
                Ok(with_ruling(
                    &ruling,
                    json!({ "ask": ruling.value.is_some(), "answer_within": answer_within }),
                ))
            }
            RATING_DISCLOSURE => {
                let question: RatingQuestion = input(case)?;
                let ruling = rules(book, case, crate::money::Currency::EUR)?
                    .rating_disclosure(&question, on)
                    .map_err(show)?;
                Ok(with_ruling(&ruling, json!({ "disclose": ruling.value })))
            }
            DISCRETIONARY_LIMIT => {
                let request: DiscretionaryRequest = input(case)?;
                let ruling = rules(book, case, request.amount.currency())?
                    .discretionary_limit(&request, on)
                    .map_err(show)?;
                Ok(with_ruling(&ruling, json!({ "allowed": ruling.value })))
            }
            OBJECTION_HANDLING => {
                let question: ObjectionQuestion = input(case)?;
                let ruling = rules(book, case, crate::money::Currency::EUR)?
                    .objection_handling(&question, on)
                    .map_err(show)?;
                let t = ruling.value;
                Ok(with_ruling(
                    &ruling,
                    json!({
                        "acknowledge": t.acknowledge.to_string(), "update": t.update.to_string(),
                        "answer": t.answer.to_string(), "escalate": t.escalate.to_string(),
                    }),
                ))
            }
            RENEWAL_TIMETABLE => {
                let period: PeriodQuestion = input(case)?;
                let ruling = rules(book, case, crate::money::Currency::EUR)?
                    .renewal_timetable(&period, on)
                    .map_err(show)?;
                let t = ruling.value;
                Ok(with_ruling(
                    &ruling,
                    json!({ "documents_before": t.documents_before.to_string(), "notice_before": t.notice_before.to_string() }),
                ))
            }
            RESPONSE_TIMES => {
                let inquiry: InquiryQuestion = input(case)?;
                let ruling = rules(book, case, crate::money::Currency::EUR)?
                    .response_times(&inquiry, on)
                    .map_err(show)?;
                let t = ruling.value;
                Ok(with_ruling(
                    &ruling,
                    json!({ "acknowledge": t.acknowledge.to_string(), "answer": t.answer.to_string() }),
                ))
            }
            "claim/payout" | "collection/transfer_deadline" => super::claim_calls::case_answer(
                self.rule.as_str(),
                book,
                &case.input,
                case.on,
                &case.calendar,
                &case.parameters,
            ),
            other if super::invoice_calls::serves(other) => super::invoice_calls::case(
                book,
                other,
                &case.input,
                on,
                &case.calendar,
                &case.parameters,
            ),
            other => Err(format!("no test runner for rule `{other}`")),
        }
    }
}

fn show(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// The case's input as the rule's typed question.
fn input<T: serde::de::DeserializeOwned>(case: &Case) -> Result<T, String> {
    case.input
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| format!("input: {}", e.message()))
}

/// The pack bound to the case's calendar, parameter overrides and currency.
fn rules(
    book: &Rulebook,
    case: &Case,
    currency: crate::money::Currency,
) -> Result<PolicyRules, String> {
    let terms = PolicyTerms {
        currency,
        calendar: case.calendar.clone(),
        parameters: case.parameters.clone(),
    };
    book.for_policy(&terms).map_err(show)
}

fn period_fields(period: Period) -> Value {
    match period {
        Period::Days(n) => json!({ "days": n }),
        Period::BusinessDays(n) => json!({ "business_days": n }),
        Period::Months(n) => json!({ "months": n }),
    }
}

pub(super) fn with_ruling<T>(ruling: &Ruling<T>, mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("reason".into(), json!(ruling.reason.code));
        map.insert(
            "exception".into(),
            json!(ruling.rule.exception.as_deref().unwrap_or("none")),
        );
        map.insert("version".into(), json!(ruling.rule.file));
    }
    value
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
