//! The rule engine: a validated, immutable, content-hashed pack of sandboxed rhai rules,
//! dated parameters, reason texts and holiday calendars.
//!
//! ```text
//! rules/                          a pack: the embedded default, or a customer's folder
//!   parameters.toml               every number, with dated values
//!   reasons.toml                  every reason code with its customer-facing sentence
//!   calendars/NL.toml             public holidays per jurisdiction
//!   credit_limit/notice_period.rhai            the rule (C3.4)
//!   credit_limit/notice_period@2027-07-01.rhai a later version, in force from that date
//!   credit_limit/notice_period.cases.toml      its test cases
//! ```
//!
//! [`Rulebook::embedded`] and [`Rulebook::from_dir`] go through the same validation, which
//! reports *every* problem at once with file, line and column. Machines call rules through
//! typed methods on [`PolicyRules`] (a rulebook bound to one policy's terms); string names
//! of rhai functions never leave this module.
//!
//! # Precedence
//!
//! A rule file defines its entry function (the base rule) and may define labelled
//! exceptions, `fn exception_<label>(..)` with the same parameters, each answering `()`
//! when it does not apply. One applicable exception overrides the base rule; two at once
//! are a [`RuleErrorKind::Conflict`] naming both, never a silent first match.

mod bindings;
mod calls;
mod cases;
mod claim_bindings;
mod claim_calls;
mod embedded;
mod error;
mod invoice_bindings;
mod invoice_calls;
mod load;
mod parameters;
mod reasons;
mod sandbox;
mod service_calls;
mod spec;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use calls::{DecisionTimetable, PolicyRules, PolicyTerms, RuleRef, Ruling};
pub use cases::CaseResult;
pub use error::{Location, Problem, RuleError, RuleErrorKind, RulebookError};
pub use parameters::{ParamInput, ParamValue, Parameter, ParameterTable, Unit};
pub use reasons::Reason;
pub use service_calls::{
    Channel, InquiryQuestion, ObjectionQuestion, ObjectionTimetable, PeriodQuestion, Priority,
    RenewalDates, ResponseTimetable, Topic,
};

use crate::calendar::HolidayCalendar;

/// The SHA-256 of every file in a pack (paths and contents), in hex. Every decision
/// record carries it, so a decision can be traced to the exact rules that made it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PackHash(String);

impl PackHash {
    /// The first 12 hex digits, enough to tell packs apart in a report.
    #[must_use]
    pub fn short(&self) -> &str {
        self.0.get(..12).unwrap_or(&self.0)
    }
}

impl fmt::Display for PackHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the crate asks of one rule: its id, entry point, inputs, clauses and answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// `area/name`; the file is `rules/area/name.rhai`.
    pub id: &'static str,
    /// The function the rule file must define.
    pub entry: &'static str,
    /// The entry's parameters: the facts, then the parameters.
    pub args: &'static [&'static str],
    /// The fields of the facts argument.
    pub facts: &'static [&'static str],
    /// The clauses the rule serves.
    pub clauses: &'static [crate::Clause],
    /// What the rule must answer, in rule authors' words.
    pub returns: &'static str,
}

/// Every rule a pack must provide, in manifest order.
pub fn manifest() -> impl Iterator<Item = RuleInfo> {
    spec::RULES.iter().map(|s| RuleInfo {
        id: s.id,
        entry: s.entry,
        args: s.args,
        facts: s.facts,
        clauses: s.clauses,
        returns: s.returns,
    })
}

/// A loaded and validated rule pack. Immutable, `Send + Sync`, and cheap to clone.
#[derive(Debug, Clone)]
pub struct Rulebook {
    pack: Arc<load::Pack>,
}

impl Rulebook {
    /// The default rule pack shipped inside the crate (the `rules/` folder).
    ///
    /// # Errors
    ///
    /// [`RulebookError::Invalid`] only if the shipped pack is broken, which the crate's
    /// own tests rule out.
    pub fn embedded() -> Result<Rulebook, RulebookError> {
        Rulebook::from_sources(
            embedded::FILES
                .iter()
                .map(|&(path, text)| (path.to_owned(), text.to_owned())),
        )
    }

    /// Loads a pack from a folder laid out like `rules/` (`README.md` files are skipped).
    ///
    /// # Errors
    ///
    /// [`RulebookError::Unreadable`] when the folder cannot be read;
    /// [`RulebookError::Invalid`] with every problem found.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Rulebook, RulebookError> {
        let mut files = Vec::new();
        read_dir(dir.as_ref(), "", &mut files)?;
        Rulebook::from_sources(files)
    }

    /// Loads a pack from `(path, text)` pairs, paths relative to the pack root with `/`.
    ///
    /// # Errors
    ///
    /// [`RulebookError::Invalid`] with every problem found.
    pub fn from_sources(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Rulebook, RulebookError> {
        let files: BTreeMap<String, String> = files.into_iter().collect();
        let pack = load::load(&files).map_err(|problems| RulebookError::Invalid { problems })?;
        Ok(Rulebook {
            pack: Arc::new(pack),
        })
    }

    /// The pack's content hash.
    #[must_use]
    pub fn hash(&self) -> &PackHash {
        &self.pack.hash
    }

    /// The pack's parameters.
    #[must_use]
    pub fn parameters(&self) -> &ParameterTable {
        &self.pack.parameters
    }

    /// The holiday calendar with this code (e.g. `NL`).
    #[must_use]
    pub fn calendar(&self, code: &str) -> Option<&HolidayCalendar> {
        self.pack.calendars.get(code)
    }

    /// The reason with this code, from the pack's catalogue.
    #[must_use]
    pub fn reason(&self, code: &str) -> Option<&Reason> {
        self.pack.reasons.get(code)
    }

    /// Runs every test case of the pack (`<area>/<rule>.cases.toml`).
    #[must_use]
    pub fn run_cases(&self) -> Vec<CaseResult> {
        self.pack
            .cases
            .iter()
            .flat_map(|file| file.run(self))
            .collect()
    }
}

fn read_dir(
    dir: &Path,
    prefix: &str,
    files: &mut Vec<(String, String)>,
) -> Result<(), RulebookError> {
    let unreadable = |e: std::io::Error| RulebookError::Unreadable {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            read_dir(&path, &format!("{relative}/"), files)?;
        } else if name != "README.md" && !name.starts_with('.') {
            let text = std::fs::read_to_string(&path).map_err(|e| RulebookError::Unreadable {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            files.push((relative, text));
        }
    }
    Ok(())
}
