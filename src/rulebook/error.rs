use std::fmt;

use chrono::NaiveDate;
use miette::{Diagnostic, LabeledSpan};

use crate::text::SourceText;

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
        // Counted as bytes, which the compiler vectorises: a pack's files are read entry by
        // entry, and searching them as chars was a quarter of loading the default pack.
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
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
            problems.push(Problem::new(
                ProblemCode::Toml,
                location,
                e.message().to_owned(),
            ));
        })
        .ok()
}

/// What kind of problem a [`Problem`] is: its stable diagnostic code (`pack::unknown_fact`),
/// for editors and CI to match on rather than on the wording.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// A TOML file of the pack does not parse or does not fit its format.
    Toml,
    /// A file is not UTF-8.
    NotUtf8,
    /// A file, or the pack, is larger than the limit.
    TooLarge,
    /// A file the pack layout has no place for.
    UnexpectedFile,
    /// `parameters.toml` or `reasons.toml` is missing.
    MissingFile,
    /// A reason code the crate gives is missing from `reasons.toml`.
    MissingReason,
    /// A reason in `reasons.toml` is malformed.
    Reason,
    /// A rule the crate calls has no file.
    MissingRule,
    /// A rule file or test file for a rule the crate does not call.
    UnknownRule,
    /// A dated rule version whose file name is not `<rule>@YYYY-MM-DD.rhai`.
    VersionName,
    /// A rule file does not parse.
    Syntax,
    /// A rule's header comment does not cite the clause it serves.
    HeaderClause,
    /// A function with the wrong number of parameters.
    Arity,
    /// An exception whose label is not lowercase letters, digits and `_`.
    ExceptionLabel,
    /// A function defined twice.
    DefinedTwice,
    /// A rule file without its entry point.
    MissingEntry,
    /// A call to a function that is neither defined in the file nor given to rules.
    UnknownFunction,
    /// A call with the wrong number of arguments.
    CallArity,
    /// An array or object map, which rules may not build.
    ArrayOrMap,
    /// An answer built with another rule's constructor.
    ForeignConstructor,
    /// A reason code that `reasons.toml` does not define.
    UnknownReason,
    /// A parameter that `parameters.toml` does not define.
    UnknownParameter,
    /// A fact the rule does not see.
    UnknownFact,
    /// A parameter the crate reads is missing from `parameters.toml`.
    MissingParameter,
    /// A parameter in another unit than the crate declares.
    ParameterUnit,
    /// A parameter value that is malformed, undated or out of range.
    ParameterValue,
    /// A holiday calendar that is malformed.
    Calendar,
    /// A rule test case that is malformed.
    TestCase,
}

impl ProblemCode {
    /// The diagnostic code, e.g. `pack::unknown_fact`.
    #[must_use]
    pub fn code(self) -> String {
        format!("pack::{}", <&'static str>::from(self))
    }

    /// What the label under the offending text says.
    fn label(self) -> &'static str {
        match self {
            ProblemCode::UnknownFact => "not a fact of this rule",
            ProblemCode::UnknownParameter => "not in parameters.toml",
            ProblemCode::UnknownReason => "not in reasons.toml",
            ProblemCode::UnknownFunction => "not defined",
            ProblemCode::CallArity => "wrong number of arguments",
            ProblemCode::ForeignConstructor => "another rule's answer",
            ProblemCode::ArrayOrMap => "not available to rules",
            _ => "here",
        }
    }
}

/// One problem found while loading a rule pack.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What, in a rule author's words.
    pub message: String,
    /// What kind of problem, as a stable code.
    pub code: ProblemCode,
    /// How to fix it, when that is known: "did you mean `circumstance`?".
    pub help: Option<String>,
    /// The text of the file it is in, when the pack has that file, to show the line.
    pub text: Option<SourceText>,
}

impl Problem {
    /// A problem without help or source text.
    pub(crate) fn new(code: ProblemCode, location: Location, message: String) -> Problem {
        Problem {
            location,
            message,
            code,
            help: None,
            text: None,
        }
    }

    /// `file:line:column: message`, as one line.
    #[must_use]
    pub fn at(&self) -> String {
        format!("{}: {}", self.location, self.message)
    }

    /// The same problem with how to fix it.
    pub(crate) fn help(self, help: Option<String>) -> Problem {
        Problem { help, ..self }
    }
}

/// The message alone: a diagnostic shows the place beside it; [`Problem::at`] has both.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.code()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.text.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let at = &self.location;
        self.text
            .as_ref()?
            .label(at.line, at.column, self.code.label())
    }
}

/// "did you mean `circumstance`?" when one of `known` is a likely correction of `name`: the
/// nearest by edit distance (a swap of two letters counts once), at most two edits and
/// fewer than half the name.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let limit = (name.chars().count() / 2).min(3);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|&(distance, _)| distance > 0 && distance < limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

/// A rule pack could not be loaded, or policy terms do not fit it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Diagnostic)]
#[non_exhaustive]
pub enum RulebookError {
    /// Validation found problems; all of them are listed, one per line.
    #[diagnostic(code(pack::invalid))]
    #[error("rule pack is invalid ({} problem{}):\n{}", problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.iter().map(|p| format!("  {}", p.at())).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// Every problem, sorted by file, line and column.
        #[related]
        problems: Vec<Problem>,
    },
    /// A file or folder of the pack could not be read.
    #[diagnostic(code(pack::unreadable))]
    #[error("cannot read rule pack at `{path}`: {message}")]
    Unreadable {
        /// The path.
        path: String,
        /// The system's message.
        message: String,
    },
    /// A path of the pack was refused before it was read.
    #[diagnostic(
        code(pack::refused),
        help(
            "a pack holds regular files and folders inside its own folder, within the limits of `rulebook::files`"
        )
    )]
    #[error("rule pack: refused `{path}`: {why}")]
    Refused {
        /// The path, as found in the pack's folder.
        path: String,
        /// Why.
        why: Refusal,
    },
    /// A policy's parameter override does not fit the pack.
    #[diagnostic(code(policy::parameter))]
    #[error("policy parameter `{name}`: {message}")]
    Override {
        /// The parameter's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The policy names a holiday calendar the pack does not ship.
    #[diagnostic(code(policy::unknown_calendar))]
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
    /// The rule's id, e.g. `credit_limit/notice_period` (from the manifest).
    pub rule: &'static str,
    /// Where in the rule's source, when known.
    pub location: Option<Location>,
    /// What went wrong.
    pub kind: RuleErrorKind,
    /// The rule file's text, when known, to show the line.
    pub text: Option<SourceText>,
}

impl Diagnostic for RuleError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "rule::{}",
            <&'static str>::from(&self.kind)
        )))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind
            .help()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.text.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let at = self.location.as_ref()?;
        self.text.as_ref()?.label(at.line, at.column, "here")
    }
}

/// What went wrong inside a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
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
    /// How to fix it, when the kind says.
    fn help(&self) -> Option<&'static str> {
        Some(match self {
            RuleErrorKind::TooManyOperations { .. } | RuleErrorKind::TimedOut { .. } => {
                "a rule evaluation has one operation budget: look for a loop that does not end"
            }
            RuleErrorKind::TooDeep { .. } => "look for a function that calls itself without end",
            RuleErrorKind::WrongResult { .. } => {
                "every path of the rule must end in one of its answer constructors"
            }
            RuleErrorKind::UnknownReason { .. } => {
                "write the code as a literal, so `charter validate` checks it, or add it to reasons.toml"
            }
            RuleErrorKind::Conflict { .. } => "make the exceptions' conditions exclude each other",
            RuleErrorKind::CircumstanceNotStated { .. } => {
                "answer with that reason only under `if` the fact states the circumstance"
            }
            _ => return None,
        })
    }

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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Diagnostic)]
#[diagnostic(code(rule::unknown_reason))]
#[error("unknown reason code `{code}` (see reasons.toml)")]
pub struct UnknownReason {
    /// The code.
    pub code: String,
}
