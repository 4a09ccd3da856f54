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
//!
//! Every parameter is declared with its unit and range: in the manifest ([`ParamSpec`],
//! for the parameters the crate and the default rules read) or by its unit alone (amounts
//! zero or more, percentages 0–100, day counts 0–3660). Loading checks every value against
//! its declaration, and binding a policy checks every override the same way.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::{Location, Problem, ProblemCode, read_toml};
use super::manifest::Manifest;
use crate::calendar::Period;
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The range a value of this unit may take unless a declaration narrows it: day counts
    /// up to ten years, months up to ten years, amounts zero or more, percentages 0–100.
    #[must_use]
    pub const fn range(self) -> (i64, i64) {
        match self {
            Unit::Days | Unit::BusinessDays => (0, 3_660),
            Unit::Months => (0, 120),
            Unit::Count => (0, 1_000_000),
            Unit::Amount => (0, i64::MAX),
            Unit::Percent => (0, 100),
            Unit::Flag => (0, 1),
        }
    }

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

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Days => "days",
            Unit::BusinessDays => "business_days",
            Unit::Months => "months",
            Unit::Count => "count",
            Unit::Amount => "amount",
            Unit::Percent => "percent",
            Unit::Flag => "flag",
        })
    }
}

/// A parameter's declaration: its full name, its unit, and the range its values may take
/// (in the unit's own numbers: a count, the major units of an amount, percentage points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParamSpec {
    /// Full name, `area.name`.
    pub name: &'static str,
    /// What it measures.
    pub unit: Unit,
    /// The smallest value allowed.
    pub min: i64,
    /// The largest value allowed.
    pub max: i64,
}

impl ParamSpec {
    /// A parameter of `unit` over the unit's whole range.
    #[must_use]
    pub const fn new(name: &'static str, unit: Unit) -> ParamSpec {
        let (min, max) = unit.range();
        ParamSpec {
            name,
            unit,
            min,
            max,
        }
    }

    /// The same parameter, narrowed to `min..=max`.
    #[must_use]
    pub const fn within(self, min: i64, max: i64) -> ParamSpec {
        ParamSpec { min, max, ..self }
    }

    /// `days, 0–3660`, for messages.
    pub(crate) fn describe(&self) -> String {
        match self.unit {
            Unit::Flag => self.unit.to_string(),
            _ if self.max == i64::MAX => format!("{}, at least {}", self.unit, self.min),
            _ => format!("{}, {}–{}", self.unit, self.min, self.max),
        }
    }
}

/// Checks `value` against `unit` and `min..=max` (a count, the major units of an amount,
/// percentage points).
fn check_range(unit: Unit, min: i64, max: i64, value: &ParamValue) -> Result<(), String> {
    let (number, shown) = match value {
        ParamValue::Whole(n) => (Decimal::from(*n), n.to_string()),
        ParamValue::Amount(m) => (m.amount(), format!("`{m}`")),
        ParamValue::Percent(p) => (p.points(), format!("`{p}`")),
        ParamValue::Flag(_) => return Ok(()),
    };
    if number >= Decimal::from(min) && number <= Decimal::from(max) {
        return Ok(());
    }
    let allowed = match unit {
        Unit::Amount if max == i64::MAX => format!("an amount of at least {min}"),
        Unit::Percent => format!("between {min}% and {max}%"),
        _ => format!("between {min} and {max} ({unit})"),
    };
    Err(format!("{shown} is out of range: it must be {allowed}"))
}

/// A parameter the crate reads, declared once with its Rust type: `Param<Period>` for day,
/// business-day and month counts, `Param<Money>`, `Param<Percentage>`, `Param<bool>`,
/// `Param<u32>` for counts. Read it with [`PolicyRules::get`](super::PolicyRules::get).
#[derive(Debug)]
pub struct Param<T> {
    spec: ParamSpec,
    value: PhantomData<fn() -> T>,
}

impl<T> Param<T> {
    const fn declare(spec: ParamSpec) -> Param<T> {
        Param {
            spec,
            value: PhantomData,
        }
    }

    /// Its declaration.
    #[must_use]
    pub const fn spec(&self) -> ParamSpec {
        self.spec
    }
}

impl Param<Period> {
    /// Calendar days, 0–3660.
    #[must_use]
    pub const fn days(name: &'static str) -> Param<Period> {
        Param::declare(ParamSpec::new(name, Unit::Days))
    }
    /// Business days, 0–3660.
    #[must_use]
    pub const fn business_days(name: &'static str) -> Param<Period> {
        Param::declare(ParamSpec::new(name, Unit::BusinessDays))
    }
    /// Months, 0–120.
    #[must_use]
    pub const fn months(name: &'static str) -> Param<Period> {
        Param::declare(ParamSpec::new(name, Unit::Months))
    }
}

impl Param<Money> {
    /// An amount, zero or more.
    #[must_use]
    pub const fn amount(name: &'static str) -> Param<Money> {
        Param::declare(ParamSpec::new(name, Unit::Amount))
    }
    /// An amount in `min..=max` major units.
    #[must_use]
    pub const fn amount_within(name: &'static str, min: i64, max: i64) -> Param<Money> {
        Param::declare(ParamSpec::new(name, Unit::Amount).within(min, max))
    }
}

impl Param<Percentage> {
    /// A percentage, 0–100.
    #[must_use]
    pub const fn percent(name: &'static str) -> Param<Percentage> {
        Param::declare(ParamSpec::new(name, Unit::Percent))
    }
}

impl Param<bool> {
    /// Yes or no.
    #[must_use]
    pub const fn flag(name: &'static str) -> Param<bool> {
        Param::declare(ParamSpec::new(name, Unit::Flag))
    }
}

impl Param<u32> {
    /// A count in `min..=max`.
    #[must_use]
    pub const fn count(name: &'static str, min: u32, max: u32) -> Param<u32> {
        Param::declare(ParamSpec::new(name, Unit::Count).within(min as i64, max as i64))
    }
}

/// A Rust type a parameter value is read as.
pub trait ParamType: Sized {
    /// The value as this type, when the unit fits.
    fn read(value: &ParamValue, unit: Unit) -> Option<Self>;
}

impl ParamType for Period {
    fn read(value: &ParamValue, unit: Unit) -> Option<Period> {
        let ParamValue::Whole(n) = value else {
            return None;
        };
        let n = u32::try_from(*n).ok()?;
        match unit {
            Unit::Days => Some(Period::Days(n)),
            Unit::BusinessDays => Some(Period::BusinessDays(n)),
            Unit::Months => Some(Period::Months(n)),
            _ => None,
        }
    }
}

impl ParamType for Money {
    fn read(value: &ParamValue, _: Unit) -> Option<Money> {
        match value {
            ParamValue::Amount(m) => Some(*m),
            _ => None,
        }
    }
}

impl ParamType for Percentage {
    fn read(value: &ParamValue, _: Unit) -> Option<Percentage> {
        match value {
            ParamValue::Percent(p) => Some(*p),
            _ => None,
        }
    }
}

impl ParamType for bool {
    fn read(value: &ParamValue, _: Unit) -> Option<bool> {
        match value {
            ParamValue::Flag(b) => Some(*b),
            _ => None,
        }
    }
}

impl ParamType for u32 {
    fn read(value: &ParamValue, unit: Unit) -> Option<u32> {
        match (value, unit) {
            (ParamValue::Whole(n), Unit::Count) => u32::try_from(*n).ok(),
            _ => None,
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
    /// The smallest value allowed, in the unit's numbers (declared, or the unit's own).
    pub min: i64,
    /// The largest value allowed.
    pub max: i64,
    /// `(effective from, value)`, sorted by date, never empty.
    pub values: Vec<(NaiveDate, ParamValue)>,
}

impl Parameter {
    /// Checks `input` against the parameter's unit and range: what a policy's override
    /// goes through, like every value in the pack.
    ///
    /// # Errors
    ///
    /// A message naming what is wrong.
    pub fn check(&self, input: &ParamInput) -> Result<ParamValue, String> {
        let value = self.unit.read(input)?;
        check_range(self.unit, self.min, self.max, &value)?;
        Ok(value)
    }

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
    unit: toml::Spanned<Unit>,
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
    /// Reads `parameters.toml`, checking every value against its declaration in `manifest`
    /// (or its unit's range) and that every parameter the crate reads is there; adds every
    /// problem to `problems`.
    pub(crate) fn parse(
        file: &str,
        text: &str,
        manifest: &Manifest,
        problems: &mut Vec<Problem>,
    ) -> ParameterTable {
        let areas: BTreeMap<String, BTreeMap<String, toml::Spanned<ParameterEntry>>> =
            match read_toml(file, text, problems) {
                Some(v) => v,
                None => return ParameterTable::default(),
            };
        let declared: BTreeMap<&str, &ParamSpec> =
            manifest.parameters().map(|p| (p.name, p)).collect();
        let source = Source { file, text };
        let mut parameters = BTreeMap::new();
        let mut first_of_area = BTreeMap::new();
        for (area, entries) in areas {
            for (name, entry) in entries {
                let full = format!("{area}.{name}");
                let at = source.at(entry.span().start);
                let first = first_of_area
                    .entry(area.clone())
                    .or_insert_with(|| at.clone());
                *first = first.clone().min(at.clone());
                let spec = declared.get(full.as_str()).copied();
                let parameter = source.parameter(full, entry.into_inner(), spec, at, problems);
                parameters.insert(parameter.name.clone(), parameter);
            }
        }
        for area in manifest.areas {
            for spec in area.parameters {
                if !parameters.contains_key(spec.name) {
                    let prefix = spec.name.split('.').next().unwrap_or_default();
                    let location = first_of_area.get(prefix).cloned().unwrap_or(Location {
                        file: file.to_owned(),
                        line: 1,
                        column: 1,
                    });
                    problems.push(Problem::new(
                        ProblemCode::MissingParameter,
                        location,
                        format!(
                            "missing parameter `{}` ({}): {} reads it",
                            spec.name,
                            spec.describe(),
                            area.machine()
                        ),
                    ));
                }
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

/// The file being read, for locating problems.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.file, self.text, offset)
    }

    /// One parameter, checked against its declaration (or its unit's range).
    fn parameter(
        &self,
        full: String,
        entry: ParameterEntry,
        spec: Option<&ParamSpec>,
        at: Location,
        problems: &mut Vec<Problem>,
    ) -> Parameter {
        let unit = *entry.unit.get_ref();
        if let Some(spec) = spec.filter(|s| s.unit != unit) {
            problems.push(Problem::new(
                ProblemCode::ParameterUnit,
                self.at(entry.unit.span().start),
                format!(
                    "parameter `{full}` is in {unit}, but the crate declares it in {} ({})",
                    spec.unit,
                    spec.describe()
                ),
            ));
        }
        let (min, max) = spec.map_or_else(|| unit.range(), |s| (s.min, s.max));
        let mut clauses = Vec::new();
        for clause in &entry.clauses {
            match clause.parse::<Clause>() {
                Ok(c) => clauses.push(c),
                Err(e) => problems.push(Problem::new(
                    ProblemCode::ParameterValue,
                    at.clone(),
                    format!("parameter `{full}`: {e}"),
                )),
            }
        }
        if entry.values.is_empty() {
            problems.push(Problem::new(
                ProblemCode::ParameterValue,
                at,
                format!("parameter `{full}` has no values"),
            ));
        }
        let mut values = Vec::new();
        for (date, value) in entry.values {
            let here = self.at(date.span().start);
            let Ok(from) = date.get_ref().parse::<NaiveDate>() else {
                problems.push(Problem::new(
                    ProblemCode::ParameterValue,
                    here,
                    format!(
                        "parameter `{full}`: `{}` is not a date (YYYY-MM-DD)",
                        date.get_ref()
                    ),
                ));
                continue;
            };
            let checked = to_input(value.get_ref())
                .and_then(|input| unit.read(&input))
                .and_then(|v| check_range(unit, min, max, &v).map(|()| v));
            match checked {
                Ok(v) => values.push((from, v)),
                Err(message) => problems.push(Problem::new(
                    ProblemCode::ParameterValue,
                    here,
                    format!("parameter `{full}` from {from}: {message}"),
                )),
            }
        }
        // A parameter whose values all failed is still known by name, so rules reading it
        // do not report a second, misleading "unknown parameter".
        values.sort_by_key(|(d, _)| *d);
        Parameter {
            name: full,
            unit,
            clauses,
            about: entry.about,
            min,
            max,
            values,
        }
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
