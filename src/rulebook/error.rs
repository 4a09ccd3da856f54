use std::fmt;

use chrono::NaiveDate;

/// A place in a rule-pack file: `credit_limit/notice_period.rhai:3:17`.
///
/// Line and column count from 1; 0 means the whole file (e.g. a missing entry point).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// Path inside the pack, with `/` separators.
    pub file: String,
    /// Line, from 1 (0: the whole file).
    pub line: usize,
    /// Column, from 1 (0: the whole line).
    pub column: usize,
}

impl Location {
    pub(crate) fn file(file: &str) -> Location {
        Location {
            file: file.to_owned(),
            line: 0,
            column: 0,
        }
    }

    /// Line and column of a byte offset in `text`.
    pub(crate) fn at_offset(file: &str, text: &str, offset: usize) -> Location {
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Location {
            file: file.to_owned(),
            line,
            column,
        }
    }

    pub(crate) fn from_rhai(file: &str, position: rhai::Position) -> Location {
        Location {
            file: file.to_owned(),
            line: position.line().unwrap_or(0),
            column: position.position().unwrap_or(0),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (line, 0) => write!(f, "{}:{line}", self.file),
            (line, column) => write!(f, "{}:{line}:{column}", self.file),
        }
    }
}

/// Reads a TOML file of the pack; a syntax or shape error becomes a problem at its line and
/// column, and `None`.
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    toml::from_str(text)
        .map_err(|e: toml::de::Error| {
            let location = e.span().map_or_else(
                || Location::file(file),
                |s| Location::at_offset(file, text, s.start),
            );
            problems.push(Problem {
                location,
                message: e.message().to_owned(),
            });
        })
        .ok()
}

/// One problem found while loading a rule pack.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What, in a rule author's words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A rule pack could not be loaded, or policy terms do not fit it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RulebookError {
    /// Validation found problems; all of them are listed, one per line.
    #[error("rule pack is invalid ({} problem{}):\n{}", problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// Every problem, sorted by file, line and column.
        problems: Vec<Problem>,
    },
    /// A file or folder of the pack could not be read.
    #[error("cannot read rule pack at `{path}`: {message}")]
    Unreadable {
        /// The path.
        path: String,
        /// The system's message.
        message: String,
    },
    /// A path of the pack was refused before it was read.
    #[error("rule pack: refused `{path}`: {why}")]
    Refused {
        /// The path, as found in the pack's folder.
        path: String,
        /// Why.
        why: Refusal,
    },
    /// A policy's parameter override does not fit the pack.
    #[error("policy parameter `{name}`: {message}")]
    Override {
        /// The parameter's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The policy names a holiday calendar the pack does not ship.
    #[error("unknown holiday calendar `{code}` (the pack has: {available})")]
    UnknownCalendar {
        /// The code asked for.
        code: String,
        /// The codes the pack has, comma separated.
        available: String,
    },
}

/// Why a path of a rule pack, or a case file, was refused before it was read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// A symbolic link that leads out of the pack's folder.
    #[error("a symbolic link that leads out of the pack")]
    OutsidePack,
    /// A device, FIFO or socket, which might never end or never answer.
    #[error("{kind}, not a regular file")]
    NotARegularFile {
        /// What it is, e.g. `a FIFO`.
        kind: &'static str,
    },
    /// A file larger than the limit.
    #[error("{size} bytes is more than the {limit} a file may hold")]
    FileTooLarge {
        /// Its size, in bytes (at least, when it grew while read).
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The pack's files together exceed the limit.
    #[error("the pack's files hold more than {limit} bytes")]
    PackTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// More files than the limit.
    #[error("the pack holds more than {limit} files")]
    TooManyFiles {
        /// The limit.
        limit: usize,
    },
    /// Folders nested deeper than the limit.
    #[error("folders nest deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
}

/// A rule failed while being evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule `{rule}`{}: {kind}", location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default())]
pub struct RuleError {
    /// The rule's id, e.g. `credit_limit/notice_period`.
    pub rule: String,
    /// Where in the rule's source, when known.
    pub location: Option<Location>,
    /// What went wrong.
    pub kind: RuleErrorKind,
}

/// What went wrong inside a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The script raised an error (a typo'd property, a division by zero, ...).
    #[error("{message}")]
    Script {
        /// rhai's message, without its position.
        message: String,
    },
    /// The script ran past the sandbox's operation budget (an endless loop, most likely).
    #[error("ran past its budget of {max} operations")]
    TooManyOperations {
        /// The budget.
        max: u64,
    },
    /// The script nested calls deeper than the sandbox allows (runaway recursion).
    #[error("nested calls deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// The script ran longer than the sandbox's wall-clock guard.
    #[error("ran longer than {millis} ms")]
    TimedOut {
        /// The guard, in milliseconds.
        millis: u64,
    },
    /// The script built a string, array or map larger than the sandbox allows.
    #[error("{message}")]
    TooLarge {
        /// rhai's message.
        message: String,
    },
    /// The rule returned something other than its contract says.
    #[error("returned {got}, expected {expected}")]
    WrongResult {
        /// What the contract expects, e.g. `a notice (notice_days(..), immediately(..))`.
        expected: String,
        /// What came back.
        got: String,
    },
    /// The rule answered with a reason code that `reasons.toml` does not define.
    #[error("unknown reason code `{code}`")]
    UnknownReason {
        /// The code.
        code: String,
    },
    /// Two labelled exceptions applied at once; precedence between them is undefined.
    #[error("exceptions `{first}` and `{second}` both apply: precedence is undefined")]
    Conflict {
        /// The first exception (alphabetically).
        first: String,
        /// The second.
        second: String,
    },
    /// An answer gave a circumstance's code as its reason, but the facts do not state that
    /// circumstance: a rule cannot tell the customer, say, that the buyer is insolvent when
    /// nobody said so.
    #[error("answered for the circumstance `{code}`, but `{fact}` does not state it")]
    CircumstanceNotStated {
        /// The circumstance's code the answer gave.
        code: String,
        /// The fact that states the circumstance, e.g. `circumstance`.
        fact: String,
    },
    /// No version of the rule is in force on the business date.
    #[error("no version in force on {on}; the first starts on {first}")]
    NotInForce {
        /// The business date asked about.
        on: NaiveDate,
        /// The first version's start.
        first: NaiveDate,
    },
    /// A parameter the rule read is unknown or has no value on the date.
    #[error("{message}")]
    Parameter {
        /// What is wrong.
        message: String,
    },
}

impl RuleErrorKind {
    /// Whether rhai reports this error at the outermost call rather than where it struck:
    /// the sandbox's limits. (The fuse is not deterministic, so it is not looked for again.)
    pub(crate) fn stops_at_outermost_call(&self) -> bool {
        matches!(
            self,
            RuleErrorKind::TooManyOperations { .. }
                | RuleErrorKind::TooDeep { .. }
                | RuleErrorKind::TooLarge { .. }
        ) || matches!(self, RuleErrorKind::Script { message } if message.starts_with("Too many variables"))
    }
}

/// A reason code the rule pack's catalogue (`reasons.toml`) does not define.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown reason code `{code}` (see reasons.toml)")]
pub struct UnknownReason {
    /// The code.
    pub code: String,
}
