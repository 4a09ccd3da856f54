//! The manifest: rules as data. What each rule is asked (its facts), what it may answer
//! (its constructors), the clauses it serves and the parameters it reads; what the crate
//! itself reads (parameters) and gives (reason codes). The engine loads, validates and
//! evaluates a pack against a manifest and knows nothing else about the machines.
//!
//! The crate's own manifest is [`crate::pack::MANIFEST`], assembled from the `rules.rs`
//! of every machine folder.

use std::fmt;

use super::cases::CaseRunner;
use super::parameters::ParamSpec;
use crate::charter::Clause;

/// Everything a pack must provide and may use.
#[derive(Debug)]
pub struct Manifest {
    /// One entry per area (machine), in the order reports list them.
    pub areas: &'static [&'static Area],
}

/// What one area contributes: its rules, the parameters the crate reads from Rust, and the
/// reason codes the crate gives from Rust.
#[derive(Debug)]
pub struct Area {
    /// The area, e.g. `claim`: the rules' folder and the parameters' prefix.
    pub name: &'static str,
    /// The rules the area's machine asks.
    pub rules: &'static [&'static RuleSpec],
    /// The parameters the crate reads: a pack must define each, in this unit and range.
    pub parameters: &'static [ParamSpec],
    /// The reason codes the crate gives (not a rule): `reasons.toml` must define each.
    pub reasons: &'static [&'static str],
}

impl Area {
    /// `the credit limit machine`, for messages.
    #[must_use]
    pub fn machine(&self) -> String {
        format!("the {} machine", self.name.replace('_', " "))
    }
}

impl Manifest {
    /// Every rule, area by area.
    pub fn rules(&self) -> impl Iterator<Item = &'static RuleSpec> + '_ {
        self.areas.iter().flat_map(|a| a.rules.iter().copied())
    }

    /// The rule with this id (`area/name`).
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&'static RuleSpec> {
        self.rules().find(|r| r.id == id)
    }

    /// Every parameter declared, by the crate or by a rule.
    pub fn parameters(&self) -> impl Iterator<Item = &'static ParamSpec> + '_ {
        let crate_read = self.areas.iter().flat_map(|a| a.parameters.iter());
        crate_read.chain(self.rules().flat_map(|r| r.parameters.iter()))
    }

    /// Every reason code the crate gives.
    pub fn reasons(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.areas.iter().flat_map(|a| a.reasons.iter().copied())
    }

    /// Every answer constructor, each name and arity once (a constructor two rules share
    /// must mean the same; the crate's tests check it).
    #[must_use]
    pub fn constructors(&self) -> Vec<&'static Constructor> {
        let mut all: Vec<&'static Constructor> = Vec::new();
        for constructor in self.rules().flat_map(|r| r.answers.iter()) {
            let same = |c: &&Constructor| {
                c.name == constructor.name && c.args.len() == constructor.args.len()
            };
            if !all.iter().any(same) {
                all.push(constructor);
            }
        }
        all
    }
}

/// What the crate expects of one rule.
#[derive(Debug)]
pub struct RuleSpec {
    /// `area/name`; the file is `rules/area/name.rhai`.
    pub id: &'static str,
    /// The function the rule file must define.
    pub entry: &'static str,
    /// The name of the facts argument, e.g. `change` in `fn notice_period(change, params)`.
    pub input: &'static str,
    /// The facts the rule sees, as `change.kind`, ….
    pub facts: &'static [FactSpec],
    /// What the answer is, in rule authors' words, e.g. `a notice`.
    pub answer: &'static str,
    /// The constructors an answer is built with.
    pub answers: &'static [Constructor],
    /// The clauses the rule serves; its header comment must cite them.
    pub clauses: &'static [Clause],
    /// The parameters the default rule reads, with their unit and range: a pack that
    /// defines them must keep that unit and range.
    pub parameters: &'static [ParamSpec],
    /// Runs one of the rule's test cases (`<rule>.cases.toml`).
    pub cases: CaseRunner,
}

impl RuleSpec {
    /// The area, i.e. the folder and the parameter prefix, e.g. `credit_limit`.
    #[must_use]
    pub fn area(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(area, _)| area)
    }

    /// `fn notice_period(change, params)`.
    #[must_use]
    pub fn signature(&self) -> String {
        format!("fn {}({}, params)", self.entry, self.input)
    }

    /// What the rule must return, e.g. `a notice: notice_days(n, reason) or immediately(reason)`.
    #[must_use]
    pub fn returns(&self) -> String {
        let calls: Vec<String> = self.answers.iter().map(ToString::to_string).collect();
        let list = match calls.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        format!("{}: {list}", self.answer)
    }

    /// The fact called `name`.
    #[must_use]
    pub fn fact(&self, name: &str) -> Option<&FactSpec> {
        self.facts.iter().find(|f| f.name == name)
    }

    /// The fact that states an exceptional circumstance, if the rule is told one.
    #[must_use]
    pub fn circumstance(&self) -> Option<&FactSpec> {
        self.facts.iter().find(|f| !f.circumstances.is_empty())
    }

    /// The constructor called `name`, when it answers this rule.
    #[must_use]
    pub fn constructor(&self, name: &str) -> Option<&'static Constructor> {
        self.answers.iter().find(|c| c.name == name)
    }
}

/// What a fact holds, as rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactKind {
    /// A text, usually a code such as `reduction`.
    Text,
    /// An amount: a Decimal in the policy currency.
    Amount,
    /// A whole number.
    Whole,
    /// `true` or `false`.
    Flag,
    /// A `Date`.
    Date,
}

impl fmt::Display for FactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FactKind::Text => "text",
            FactKind::Amount => "amount",
            FactKind::Whole => "whole number",
            FactKind::Flag => "true or false",
            FactKind::Date => "date",
        })
    }
}

/// One fact a rule sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactSpec {
    /// Its name, read as `change.kind`.
    pub name: &'static str,
    /// What it holds.
    pub kind: FactKind,
    /// Whether it may be absent (`()` in the rule).
    pub optional: bool,
    /// For the fact that states an exceptional circumstance: the circumstances' codes. An
    /// exception labelled with one answers only for it, and an answer may give one as its
    /// reason only when this fact states it. Empty for every other fact.
    pub circumstances: &'static [&'static str],
}

impl FactSpec {
    const fn new(name: &'static str, kind: FactKind) -> FactSpec {
        FactSpec {
            name,
            kind,
            optional: false,
            circumstances: &[],
        }
    }
    /// A text fact.
    #[must_use]
    pub const fn text(name: &'static str) -> FactSpec {
        FactSpec::new(name, FactKind::Text)
    }
    /// An amount fact.
    #[must_use]
    pub const fn amount(name: &'static str) -> FactSpec {
        FactSpec::new(name, FactKind::Amount)
    }
    /// A whole-number fact.
    #[must_use]
    pub const fn whole(name: &'static str) -> FactSpec {
        FactSpec::new(name, FactKind::Whole)
    }
    /// A yes-or-no fact.
    #[must_use]
    pub const fn flag(name: &'static str) -> FactSpec {
        FactSpec::new(name, FactKind::Flag)
    }
    /// A date fact.
    #[must_use]
    pub const fn date(name: &'static str) -> FactSpec {
        FactSpec::new(name, FactKind::Date)
    }
    /// The same fact, stating which of `codes` (an exceptional circumstance) applies, if any.
    #[must_use]
    pub const fn circumstance(self, codes: &'static [&'static str]) -> FactSpec {
        FactSpec {
            circumstances: codes,
            ..self
        }
    }
    /// The same fact, absent (`()`) when the question has no value for it.
    #[must_use]
    pub const fn optional(self) -> FactSpec {
        FactSpec {
            optional: true,
            ..self
        }
    }
}

/// What one argument of an answer constructor takes, before the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgKind {
    /// A period built with `days(n)`, `business_days(n)` or `months(n)`.
    Period,
    /// A whole number of calendar days (0–3660), read as a period.
    Days,
    /// A whole number of business days (0–3660), read as a period.
    BusinessDays,
    /// A `Date`.
    Date,
}

/// One argument of an answer constructor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arg {
    /// Its name in the rules' documentation, e.g. `n`.
    pub name: &'static str,
    /// What it takes.
    pub kind: ArgKind,
}

impl Arg {
    /// A period argument.
    #[must_use]
    pub const fn period(name: &'static str) -> Arg {
        Arg {
            name,
            kind: ArgKind::Period,
        }
    }
    /// A number of calendar days.
    #[must_use]
    pub const fn days(name: &'static str) -> Arg {
        Arg {
            name,
            kind: ArgKind::Days,
        }
    }
    /// A number of business days.
    #[must_use]
    pub const fn business_days(name: &'static str) -> Arg {
        Arg {
            name,
            kind: ArgKind::BusinessDays,
        }
    }
    /// A date.
    #[must_use]
    pub const fn date(name: &'static str) -> Arg {
        Arg {
            name,
            kind: ArgKind::Date,
        }
    }
}

/// A function rules answer with, e.g. `notice_days(n, reason)`: its arguments, then always
/// a reason code from `reasons.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constructor {
    /// The function's name.
    pub name: &'static str,
    /// Its arguments before the reason.
    pub args: &'static [Arg],
}

impl Constructor {
    /// A constructor `name(args…, reason)`.
    #[must_use]
    pub const fn new(name: &'static str, args: &'static [Arg]) -> Constructor {
        Constructor { name, args }
    }
}

/// `notice_days(n, reason)`.
impl fmt::Display for Constructor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for arg in self.args {
            write!(f, "{}, ", arg.name)?;
        }
        f.write_str("reason)")
    }
}
