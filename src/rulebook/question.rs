//! The one contract between a machine and a rule: a [`Question`] builds the rule's
//! read-only [`Facts`] from the machine's own types, and reads the rule's [`Answer`] back
//! into the machine's own type. [`PolicyRules::ask`](super::PolicyRules::ask) is the one
//! way to put a question to a rule.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::{Dynamic, ImmutableString};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PolicyRules;
use super::error::Location;
use super::manifest::{FactKind, RuleSpec};
use super::reasons::Reason;
use crate::calendar::Period;
use crate::money::{Currency, Money};
use crate::text::Shared;

/// A question a machine puts to one rule.
///
/// The facts it builds must be exactly the facts its rule's manifest entry declares; the
/// case runner behind `charter test` checks that on every case, so the manifest, the rule's
/// header and the Rust side cannot drift apart.
pub trait Question {
    /// The rule that answers it.
    const RULE: &'static RuleSpec;
    /// What the answer means in the machine's own terms.
    type Value;

    /// The facts the rule sees, for a question asked on business date `on`.
    fn facts(&self, on: NaiveDate) -> Facts;

    /// Reads the rule's answer. The engine has already checked that it was built with one
    /// of the rule's constructors.
    ///
    /// # Errors
    ///
    /// [`AnswerError`] when the answer does not carry what its constructor promises.
    fn read(answer: &Answer) -> Result<Self::Value, AnswerError>;

    /// The currency the question is in, for binding a test case to a policy.
    fn currency(&self) -> Currency {
        Currency::EUR
    }

    /// The answer as the flat fields a test case's `expect` names (`days`, `within`, …);
    /// `reason`, `exception` and `version` are added by the case runner.
    ///
    /// # Errors
    ///
    /// A message when a date cannot be computed from the answer.
    fn fields(
        &self,
        value: &Self::Value,
        on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<serde_json::Value, String>;
}

/// One fact's value, as a [`Question`] states it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fact {
    /// A text.
    Text(String),
    /// A code the crate names, e.g. `"reduction"` (a text that needs no copy).
    Code(&'static str),
    /// An amount's Decimal value.
    Amount(Decimal),
    /// A whole number.
    Whole(i64),
    /// Yes or no.
    Flag(bool),
    /// A date.
    Date(NaiveDate),
    /// No value: the rule sees `()`.
    Absent,
}

impl From<&'static str> for Fact {
    fn from(code: &'static str) -> Fact {
        Fact::Code(code)
    }
}
impl From<String> for Fact {
    fn from(text: String) -> Fact {
        Fact::Text(text)
    }
}
impl From<Decimal> for Fact {
    fn from(amount: Decimal) -> Fact {
        Fact::Amount(amount)
    }
}
impl From<Money> for Fact {
    fn from(amount: Money) -> Fact {
        Fact::Amount(amount.amount())
    }
}
impl From<i64> for Fact {
    fn from(n: i64) -> Fact {
        Fact::Whole(n)
    }
}
impl From<u32> for Fact {
    fn from(n: u32) -> Fact {
        Fact::Whole(i64::from(n))
    }
}
impl From<bool> for Fact {
    fn from(flag: bool) -> Fact {
        Fact::Flag(flag)
    }
}
impl From<NaiveDate> for Fact {
    fn from(date: NaiveDate) -> Fact {
        Fact::Date(date)
    }
}
impl Fact {
    /// The name a value of a field-less enum has in case files and rules, e.g.
    /// `Channel::Email` as `"email"`; absent for anything else.
    pub fn code<T: Serialize>(value: &T) -> Fact {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .map_or(Fact::Absent, Fact::Text)
    }
}

impl<T: Into<Fact>> From<Option<T>> for Fact {
    fn from(value: Option<T>) -> Fact {
        value.map_or(Fact::Absent, Into::into)
    }
}

/// A business date inside a script: compare with `<`, `==`; `a - b` is days between;
/// `d.add_days(n)`, `d.add_months(n)` (clamped at month end); `d.year`, `d.month`, `d.day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(pub(crate) NaiveDate);

/// The read-only facts a rule is given, read as `change.kind`, `application.route`, ….
///
/// Behind an `Arc`, because rhai clones arguments for every function call and a rule with
/// exceptions makes several (measured: cloning an object map per call was most of a rule
/// call's cost). A fact becomes a script value only when the rule reads it, so building the
/// facts costs one allocation and a fact the rule never reads costs nothing more. Field names
/// are checked against the rule's manifest at load.
#[derive(Debug, Clone)]
pub struct Facts(Arc<[(&'static str, Fact)]>);

impl Facts {
    /// The facts `entries`, by name.
    pub fn new<const N: usize>(entries: [(&'static str, Fact); N]) -> Facts {
        Facts(Arc::from(entries))
    }

    /// What a script reads as `facts.name`.
    pub(crate) fn get(&self, name: &str) -> Option<Dynamic> {
        self.value(name).map(Fact::to_dynamic)
    }

    /// The fact `name`, when it is a text.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        match self.value(name)? {
            Fact::Text(text) => Some(text),
            Fact::Code(code) => Some(code),
            _ => None,
        }
    }

    // A few facts each: a scan beats a map's allocations.
    pub(crate) fn value(&self, name: &str) -> Option<&Fact> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The names given, in order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(name, _)| *name)
    }

    pub(crate) fn into_dynamic(self) -> Dynamic {
        Dynamic::from(self)
    }

    /// Every difference between these facts and what `rule` declares: a missing or extra
    /// name, a value of the wrong kind, or an absent value the manifest does not allow.
    #[must_use]
    pub fn mismatches(&self, rule: &RuleSpec) -> Vec<String> {
        let mut found = Vec::new();
        for spec in rule.facts {
            match self.value(spec.name) {
                None => found.push(format!("fact `{}` is declared but not given", spec.name)),
                Some(Fact::Absent) if !spec.optional => found.push(format!(
                    "fact `{}` is absent but not declared optional",
                    spec.name
                )),
                Some(Fact::Absent) => {}
                Some(value) if value.kind() != spec.kind => {
                    found.push(format!("fact `{}` is not a {}", spec.name, spec.kind));
                }
                Some(_) => {}
            }
        }
        for (i, name) in self.names().enumerate() {
            if rule.fact(name).is_none() {
                found.push(format!("fact `{name}` is given but not declared"));
            } else if self.names().take(i).any(|n| n == name) {
                found.push(format!("fact `{name}` is given twice"));
            }
        }
        found
    }
}

impl Fact {
    /// The value a script sees.
    fn to_dynamic(&self) -> Dynamic {
        match self {
            Fact::Text(text) => Dynamic::from(ImmutableString::from(text.as_str())),
            Fact::Code(code) => Dynamic::from(ImmutableString::from(*code)),
            Fact::Amount(amount) => Dynamic::from_decimal(*amount),
            Fact::Whole(n) => Dynamic::from_int(*n),
            Fact::Flag(flag) => Dynamic::from_bool(*flag),
            Fact::Date(date) => Dynamic::from(Date(*date)),
            Fact::Absent => Dynamic::UNIT,
        }
    }

    /// The kind of a stated value.
    fn kind(&self) -> FactKind {
        match self {
            Fact::Text(_) | Fact::Code(_) | Fact::Absent => FactKind::Text,
            Fact::Amount(_) => FactKind::Amount,
            Fact::Whole(_) => FactKind::Whole,
            Fact::Flag(_) => FactKind::Flag,
            Fact::Date(_) => FactKind::Date,
        }
    }
}

/// One value an answer carries, as its constructor built it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerValue {
    /// A period (from `days(n)`, a count of days, …).
    Period(Period),
    /// A date.
    Date(NaiveDate),
}

/// The values of one answer, inline: a constructor takes at most four.
pub(crate) type AnswerValues = smallvec::SmallVec<[AnswerValue; 4]>;

/// What a rule answered: the constructor it called, the values it gave, and its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub(crate) constructor: &'static str,
    pub(crate) values: AnswerValues,
    pub(crate) reason: ImmutableString,
    /// Line and column of the constructor's call in the rule file.
    pub(crate) at: (usize, usize),
}

/// An answer that does not carry what its constructor promises (a manifest bug).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("answer `{constructor}` has no {what} at position {at}")]
pub struct AnswerError {
    constructor: &'static str,
    what: &'static str,
    at: usize,
}

impl Answer {
    /// The constructor the rule answered with, e.g. `notice_days`.
    #[must_use]
    pub fn constructor(&self) -> &'static str {
        self.constructor
    }

    /// The reason code given.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The period at `at` (from 0).
    ///
    /// # Errors
    ///
    /// [`AnswerError`] when the value there is not a period.
    pub fn period(&self, at: usize) -> Result<Period, AnswerError> {
        match self.values.get(at) {
            Some(AnswerValue::Period(period)) => Ok(*period),
            _ => Err(self.missing("period", at)),
        }
    }

    /// The period at `at` (from 0), when the answer has one there (`decide_within(period,
    /// reason)` has no update interval).
    #[must_use]
    pub fn period_if(&self, at: usize) -> Option<Period> {
        self.period(at).ok()
    }

    /// The date at `at` (from 0).
    ///
    /// # Errors
    ///
    /// [`AnswerError`] when the value there is not a date.
    pub fn date(&self, at: usize) -> Result<NaiveDate, AnswerError> {
        match self.values.get(at) {
            Some(AnswerValue::Date(date)) => Ok(*date),
            _ => Err(self.missing("date", at)),
        }
    }

    /// Where in `file` the answer was built.
    pub(crate) fn location(&self, file: &str) -> Location {
        Location {
            file: file.to_owned(),
            line: self.at.0,
            column: self.at.1,
        }
    }

    fn missing(&self, what: &'static str, at: usize) -> AnswerError {
        AnswerError {
            constructor: self.constructor,
            what,
            at,
        }
    }
}

/// `notice_days(30, "standard_notice")`.
impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.constructor)?;
        for value in &self.values {
            match value {
                AnswerValue::Period(period) => write!(f, "{period}, ")?,
                AnswerValue::Date(date) => write!(f, "{date}, ")?,
            }
        }
        write!(f, "\"{}\")", self.reason)
    }
}

/// Which rule answered, and through which exception.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RuleRef {
    /// The rule's id, e.g. `credit_limit/notice_period`.
    pub id: Shared,
    /// The version's file inside the pack.
    pub file: Shared,
    /// The labelled exception that decided, when one did.
    pub exception: Option<Shared>,
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
