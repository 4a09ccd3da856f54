//! What went wrong, for people and for machines: every error is a `miette::Diagnostic`
//! (code, message, the source line with a caret, help), rendered with miette's graphical
//! handler on stderr, or as data in the command's JSON envelope on stdout.

use std::io::IsTerminal;

use credit_charter::case_file::CaseFileError;
use credit_charter::rulebook::{Location, Problem, RuleError, RulebookError};
use credit_charter::text::printable;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use serde::Serialize;

/// One diagnostic as data: `charter <command> --format json` lists them under
/// `diagnostics` (`schema/README.md`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Record {
    /// The stable code, e.g. `pack::unknown_fact`.
    pub(crate) code: Option<String>,
    /// Always `error` (no command reports warnings yet).
    pub(crate) severity: &'static str,
    /// What is wrong.
    pub(crate) message: String,
    /// The file: a path inside the rule pack, or the case file's path.
    pub(crate) file: Option<String>,
    /// The line, from 1.
    pub(crate) line: Option<usize>,
    /// The column, from 1.
    pub(crate) column: Option<usize>,
    /// The JSON path inside a case file.
    pub(crate) json_path: Option<String>,
    /// How to fix it, when that is known.
    pub(crate) help: Option<String>,
}

/// One diagnostic and where it is, known beside the diagnostic even when no source text is.
pub(crate) struct Item {
    diagnostic: Box<dyn Diagnostic + Send + Sync>,
    location: Option<Location>,
    json_path: Option<String>,
}

/// Why a command could not do its job (exit 2): one or more diagnostics, and a closing
/// line for people when there are several.
pub(crate) struct Failure {
    items: Vec<Item>,
    summary: Option<String>,
}

impl Failure {
    fn one(
        diagnostic: impl Diagnostic + Send + Sync + 'static,
        location: Option<Location>,
    ) -> Failure {
        Failure {
            items: vec![Item {
                diagnostic: Box::new(diagnostic),
                location,
                json_path: None,
            }],
            summary: None,
        }
    }

    /// The GraphicalReportHandler the CLI draws with; messages already name their causes.
    pub(crate) fn handler(theme: GraphicalTheme) -> GraphicalReportHandler {
        GraphicalReportHandler::new_themed(theme).without_cause_chain()
    }

    /// The diagnostics as data.
    pub(crate) fn records(&self) -> Vec<Record> {
        self.items.iter().map(Item::record).collect()
    }

    /// Writes every diagnostic to stderr, as miette draws it (in colour on a terminal).
    pub(crate) fn print(&self) {
        let theme = if std::io::stderr().is_terminal() {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = Failure::handler(theme);
        for item in &self.items {
            let mut out = String::new();
            let drawn = handler.render_report(&mut out, item.diagnostic.as_ref());
            if drawn.is_err() {
                out = format!("error: {}\n", item.diagnostic);
            }
            // Messages quote user values; a terminal must not obey what they hold.
            eprint!("{}", printable(&out));
        }
        if let Some(summary) = &self.summary {
            eprintln!("error: {summary}");
        }
    }
}

impl Item {
    fn record(&self) -> Record {
        let d = self.diagnostic.as_ref();
        let known = |n: usize| (n > 0).then_some(n);
        Record {
            code: d.code().map(|c| c.to_string()),
            severity: "error",
            message: d.to_string(),
            file: self.location.as_ref().map(|l| l.file.clone()),
            line: self.location.as_ref().and_then(|l| known(l.line)),
            column: self.location.as_ref().and_then(|l| known(l.column)),
            json_path: self.json_path.clone(),
            help: d.help().map(|h| h.to_string()),
        }
    }
}

/// A plain message, for errors of the command line itself.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{0}")]
#[diagnostic(code(charter::usage))]
pub(crate) struct Usage(pub(crate) String);

impl From<Usage> for Failure {
    fn from(usage: Usage) -> Failure {
        Failure::one(usage, None)
    }
}

impl From<RulebookError> for Failure {
    /// An invalid pack is every problem, each its own diagnostic.
    fn from(error: RulebookError) -> Failure {
        match error {
            RulebookError::Invalid { problems } => Failure {
                summary: Some(match problems.len() {
                    1 => "rule pack is invalid (1 problem)".to_owned(),
                    n => format!("rule pack is invalid ({n} problems)"),
                }),
                items: problems
                    .into_iter()
                    .map(|p: Problem| Item {
                        location: Some(p.location.clone()),
                        diagnostic: Box::new(p),
                        json_path: None,
                    })
                    .collect(),
            },
            other => Failure::one(other, None),
        }
    }
}

impl From<RuleError> for Failure {
    fn from(error: RuleError) -> Failure {
        let location = error.location.clone();
        Failure::one(error, location)
    }
}

/// A case file's error, at `file`.
pub(crate) fn case_file(file: &str, error: CaseFileError) -> Failure {
    let (json_path, line, column) = match &error {
        CaseFileError::Malformed {
            path, line, column, ..
        } => (Some(path.clone()), *line, *column),
        CaseFileError::Inconsistent { path, .. }
        | CaseFileError::Rejected { path, .. }
        | CaseFileError::Terms { path, .. } => (Some(path.clone()), 0, 0),
        _ => (None, 0, 0),
    };
    Failure {
        items: vec![Item {
            diagnostic: Box::new(error),
            location: Some(Location {
                file: file.to_owned(),
                line,
                column,
            }),
            json_path,
        }],
        summary: None,
    }
}
