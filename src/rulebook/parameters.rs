//! Dated parameters: every number a rule uses, with the date each value starts to apply.
//!
//! `rules/parameters.toml` holds one table per parameter, grouped by area:
//!
//! ```toml
//! [credit_limit.notice_days]
//! unit = "days"
//! clauses = ["C3.4"]
//! about = "Calendar days between announcing a reduction or withdrawal and its effect"
//! values = { 2020-01-01 = 30 }
//! ```
//!
//! A value applies from its date until the next value's date, so dated values can neither
//! overlap nor leave gaps. A business date before the first value is an error, never a
//! silent fallback. A policy's own terms override a parameter for that policy.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Location, Problem};
use crate::charter::Clause;
use crate::money::{Money, Percentage};

/// What a parameter measures; it fixes how values are written and what rules see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Calendar days (a whole number).
    Days,
    /// Business days (a whole number).
    BusinessDays,
    /// Calendar months (a whole number).
    Months,
    /// A count, e.g. a rating grade (a whole number).
    Count,
    /// An amount of money, written `"EUR 15000"`; rules see the Decimal amount.
    Amount,
    /// A percentage, written `"90%"`; rules see the fraction (`0.90`).
    Percent,
    /// Yes or no.
    Flag,
}

/// One parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// Days, business days, months or a count.
    Whole(i64),
    /// An amount.
    Amount(Money),
    /// A percentage.
    Percent(Percentage),
    /// A flag.
    Flag(bool),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Whole(n) => write!(f, "{n}"),
            ParamValue::Amount(m) => write!(f, "{m}"),
            ParamValue::Percent(p) => write!(f, "{p}"),
            ParamValue::Flag(b) => write!(f, "{b}"),
        }
    }
}

/// A parameter value as written in a policy's terms (JSON) before it is checked against
/// its [`Unit`]: a whole number, a flag, or a text such as `"90%"` or `"EUR 15000"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamInput {
    /// A whole number.
    Whole(i64),
    /// A flag.
    Flag(bool),
    /// A text: an amount or a percentage.
    Text(String),
}

impl Unit {
    /// Checks `input` against this unit.
    pub(crate) fn read(self, input: &ParamInput) -> Result<ParamValue, String> {
        match (self, input) {
            (
                Unit::Days | Unit::BusinessDays | Unit::Months | Unit::Count,
                ParamInput::Whole(n),
            ) if *n >= 0 => Ok(ParamValue::Whole(*n)),
            (Unit::Amount, ParamInput::Text(t)) => {
                t.parse().map(ParamValue::Amount).map_err(|e| e.to_string())
            }
            (Unit::Percent, ParamInput::Text(t)) => t
                .parse()
                .map(ParamValue::Percent)
                .map_err(|e| e.to_string()),
            (Unit::Flag, ParamInput::Flag(b)) => Ok(ParamValue::Flag(*b)),
            (unit, input) => Err(format!("`{}` is not {}", show(input), unit.expects())),
        }
    }

    fn expects(self) -> &'static str {
        match self {
            Unit::Days | Unit::BusinessDays | Unit::Months | Unit::Count => {
                "a whole number of zero or more"
            }
            Unit::Amount => "an amount like \"EUR 15000\"",
            Unit::Percent => "a percentage like \"90%\"",
            Unit::Flag => "true or false",
        }
    }
}

fn show(input: &ParamInput) -> String {
    match input {
        ParamInput::Whole(n) => n.to_string(),
        ParamInput::Flag(b) => b.to_string(),
        ParamInput::Text(t) => format!("\"{t}\""),
    }
}

/// One parameter: its unit, the clauses it serves, and its dated values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    /// Full name, `area.name`, e.g. `credit_limit.notice_days`.
    pub name: String,
    /// What it measures.
    pub unit: Unit,
    /// The charter clauses it serves.
    pub clauses: Vec<Clause>,
    /// One sentence for rule authors and reports.
    pub about: String,
    /// `(effective from, value)`, sorted by date, never empty.
    pub values: Vec<(NaiveDate, ParamValue)>,
}

impl Parameter {
    /// The value in force on `on`.
    ///
    /// # Errors
    ///
    /// A message when `on` is before the first value's date.
    pub fn on(&self, on: NaiveDate) -> Result<&ParamValue, String> {
        self.values
            .iter()
            .rev()
            .find(|(from, _)| *from <= on)
            .map(|(_, v)| v)
            .ok_or_else(|| {
                let first = self
                    .values
                    .first()
                    .map_or_else(String::new, |(d, _)| d.to_string());
                format!(
                    "parameter `{}` has no value on {on}; its first value applies from {first}",
                    self.name
                )
            })
    }
}

/// All parameters of a pack, by full name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParameterTable {
    parameters: BTreeMap<String, Parameter>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParameterEntry {
    unit: Unit,
    #[serde(default)]
    clauses: Vec<String>,
    about: String,
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "documents a default's origin for rule authors; never read"
    )]
    source: Option<String>,
    values: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>,
}

impl ParameterTable {
    /// Reads `parameters.toml`, adding every problem to `problems`.
    pub(crate) fn parse(file: &str, text: &str, problems: &mut Vec<Problem>) -> ParameterTable {
        let areas: BTreeMap<String, BTreeMap<String, toml::Spanned<ParameterEntry>>> =
            match toml::from_str(text) {
                Ok(areas) => areas,
                Err(e) => {
                    let location = e.span().map_or_else(
                        || Location::file(file),
                        |s| Location::at_offset(file, text, s.start),
                    );
                    problems.push(Problem {
                        location,
                        message: e.message().to_owned(),
                    });
                    return ParameterTable::default();
                }
            };
        let mut parameters = BTreeMap::new();
        for (area, entries) in areas {
            for (name, entry) in entries {
                let full = format!("{area}.{name}");
                let at = Location::at_offset(file, text, entry.span().start);
                let entry = entry.into_inner();
                let mut clauses = Vec::new();
                for clause in &entry.clauses {
                    match clause.parse::<Clause>() {
                        Ok(c) => clauses.push(c),
                        Err(e) => problems.push(Problem {
                            location: at.clone(),
                            message: format!("parameter `{full}`: {e}"),
                        }),
                    }
                }
                if entry.values.is_empty() {
                    problems.push(Problem {
                        location: at.clone(),
                        message: format!("parameter `{full}` has no values"),
                    });
                }
                let mut values = Vec::new();
                for (date, value) in entry.values {
                    let here = Location::at_offset(file, text, date.span().start);
                    let Ok(from) = date.get_ref().parse::<NaiveDate>() else {
                        problems.push(Problem {
                            location: here,
                            message: format!(
                                "parameter `{full}`: `{}` is not a date (YYYY-MM-DD)",
                                date.get_ref()
                            ),
                        });
                        continue;
                    };
                    match to_input(value.get_ref()).and_then(|input| entry.unit.read(&input)) {
                        Ok(v) => values.push((from, v)),
                        Err(message) => problems.push(Problem {
                            location: here,
                            message: format!("parameter `{full}` from {from}: {message}"),
                        }),
                    }
                }
                // A parameter whose values all failed is still known by name, so rules reading
                // it do not report a second, misleading "unknown parameter".
                values.sort_by_key(|(d, _)| *d);
                parameters.insert(
                    full.clone(),
                    Parameter {
                        name: full,
                        unit: entry.unit,
                        clauses,
                        about: entry.about,
                        values,
                    },
                );
            }
        }
        ParameterTable { parameters }
    }

    /// The parameter called `name` (`area.name`).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Parameter> {
        self.parameters.get(name)
    }

    /// Every parameter, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters.values()
    }
}

fn to_input(value: &toml::Value) -> Result<ParamInput, String> {
    match value {
        toml::Value::Integer(n) => Ok(ParamInput::Whole(*n)),
        toml::Value::Boolean(b) => Ok(ParamInput::Flag(*b)),
        toml::Value::String(s) => Ok(ParamInput::Text(s.clone())),
        other => Err(format!("unsupported value `{other}`")),
    }
}
