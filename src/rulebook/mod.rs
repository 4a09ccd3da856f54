//! The rule engine: a generic, validated, immutable, content-hashed pack of sandboxed rhai
//! rules, dated parameters, reason texts and holiday calendars.
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
//! Layer: imports only the ground floor (money, calendar, charter clauses). It knows rules
//! as data — a [`Manifest`] of [`RuleSpec`]s (facts, answer constructors, clauses,
//! parameters) — never a machine and never `explain`. Machines own their questions: each
//! implements [`Question`] in its `rules.rs` and asks through [`PolicyRules::ask`]. The
//! crate's manifest and default pack are in [`crate::pack`].
//!
//! [`Rulebook::load`] validates a pack against a manifest and reports *every* problem at
//! once with file, line and column.
//!
//! # Precedence
//!
//! A rule file defines its entry function (the base rule) and may define labelled
//! exceptions, `fn exception_<label>(..)` with the same parameters, each answering `()`
//! when it does not apply. One applicable exception overrides the base rule; two at once
//! are a [`RuleErrorKind::Conflict`] naming both, never a silent first match.

mod bindings;
mod cases;
mod error;
pub mod files;
mod load;
mod manifest;
mod memo;
mod parameters;
mod policy;
mod question;
mod reasons;
mod sandbox;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use cases::{Case, CaseResult, CaseRunner, period_fields, run_case};
pub use error::{
    Location, Problem, ProblemCode, Refusal, RuleError, RuleErrorKind, RulebookError, UnknownReason,
};
pub use manifest::{Area, Arg, ArgKind, Constructor, FactKind, FactSpec, Manifest, RuleSpec};
pub use memo::MEMO_ENTRIES;
pub use parameters::{
    Param, ParamInput, ParamSpec, ParamType, ParamValue, Parameter, ParameterTable, Unit,
};
pub use policy::{PolicyRules, PolicyTerms};
pub use question::{Answer, AnswerError, AnswerValue, Fact, Facts, Question, RuleRef, Ruling};
pub use reasons::Reason;

use crate::calendar::HolidayCalendar;

/// The sandbox's limits, every one set in one place (`DESIGN.md`, "Why one budget per
/// evaluation?", says how they bound time and memory).
pub mod limits {
    pub use super::sandbox::{
        FUSE, MAX_CALL_LEVELS, MAX_EXPR_DEPTH, MAX_FUNCTIONS, MAX_OPERATIONS, MAX_PARAMETERS,
        MAX_STRING_BYTES, MAX_VARIABLES,
    };
}

/// The SHA-256 of every file in a pack (paths and contents), in hex. Every decision
/// record carries it, so a decision can be traced to the exact rules that made it; the
/// records of one load share its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PackHash(crate::text::Shared);

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

/// A loaded and validated rule pack. Immutable, `Send + Sync`, and cheap to clone.
#[derive(Debug, Clone)]
pub struct Rulebook {
    pack: Arc<load::Pack>,
    memo: bool,
}

impl Rulebook {
    /// Loads a pack from `(path, text)` pairs, paths relative to the pack root with `/`,
    /// and validates it against `manifest`.
    ///
    /// # Errors
    ///
    /// [`RulebookError::Invalid`] with every problem found.
    pub fn load(
        files: impl IntoIterator<Item = (String, String)>,
        manifest: &'static Manifest,
    ) -> Result<Rulebook, RulebookError> {
        Rulebook::validate(files.into_iter().collect(), manifest, Vec::new())
    }

    fn validate(
        files: BTreeMap<String, String>,
        manifest: &'static Manifest,
        found: Vec<Problem>,
    ) -> Result<Rulebook, RulebookError> {
        let pack = load::load(&files, manifest, found)
            .map_err(|problems| RulebookError::Invalid { problems })?;
        Ok(Rulebook {
            pack: Arc::new(pack),
            memo: true,
        })
    }

    /// The same rulebook, remembering evaluations of pure rules (`on`, the default) or not.
    /// A rule whose version reads only facts and parameters by name is pure, so an
    /// evaluation is reused for the same pack, version, facts and parameter values; a
    /// thread keeps at most [`MEMO_ENTRIES`] of them. Records are the same either way.
    #[must_use]
    pub fn memo(&self, on: bool) -> Rulebook {
        Rulebook {
            memo: on,
            ..self.clone()
        }
    }

    /// Whether evaluations are remembered ([`Rulebook::memo`]).
    #[must_use]
    pub fn memoises(&self) -> bool {
        self.memo
    }

    /// The identity of this load of the pack, for the memo: never shared by two loads.
    fn pack_id(&self) -> u64 {
        self.pack.id
    }

    /// Loads a pack from a folder laid out like `rules/` and validates it against
    /// `manifest`. `README.md` files and names starting with `.` are skipped.
    ///
    /// Only regular files inside the folder are read: a symbolic link may point to another
    /// file or folder inside it, never outside; devices, FIFOs and sockets are refused
    /// before they are opened. A file may hold [`files::MAX_FILE_BYTES`], the pack
    /// [`files::MAX_PACK_BYTES`] in [`files::MAX_PACK_FILES`] files, [`files::MAX_DEPTH`]
    /// folders deep. A file that is not UTF-8 is a problem at its first invalid byte.
    ///
    /// # Errors
    ///
    /// [`RulebookError::Unreadable`] when the folder or a file cannot be read;
    /// [`RulebookError::Refused`] naming a path the rules above refuse (nothing of a
    /// refused file is read); [`RulebookError::Invalid`] with every problem found.
    pub fn load_dir(
        dir: impl AsRef<Path>,
        manifest: &'static Manifest,
    ) -> Result<Rulebook, RulebookError> {
        let (files, problems) = files::read_pack(dir.as_ref())?;
        Rulebook::validate(files, manifest, problems)
    }

    /// The manifest the pack was validated against.
    #[must_use]
    pub fn manifest(&self) -> &'static Manifest {
        self.pack.manifest
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

    /// The codes of the pack's holiday calendars, e.g. `NL`.
    pub fn calendar_codes(&self) -> impl Iterator<Item = &str> {
        self.pack.calendars.keys().map(String::as_str)
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
            .flat_map(|set| set.run(self))
            .collect()
    }

    /// The compiled versions of rule `id`, oldest first.
    fn versions(&self, id: &str) -> &[load::RuleVersion] {
        self.pack
            .rules
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// `error` with the text of the rule file it points at, for a diagnostic to show.
    fn with_source(&self, error: RuleError) -> RuleError {
        let file = error.location.as_ref().map(|l| l.file.as_str());
        let text = self
            .pack
            .rules
            .values()
            .flatten()
            .find(|v| Some(v.file.as_str()) == file)
            .map(|v| v.source.clone());
        RuleError { text, ..error }
    }

    /// Whether the manifest declares exactly this parameter.
    fn declares(&self, spec: &ParamSpec) -> bool {
        self.pack.declared.get(spec.name) == Some(spec)
    }
}
