use std::fmt;

use miette::{Diagnostic, LabeledSpan};

use crate::error::Error;
use crate::rulebook::{Refusal, RulebookError};
use crate::text::SourceText;

/// A case file could not be read or replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum CaseFileError {
    /// The case file was refused before it was read: not a regular file, or too large.
    #[error("cannot read case file `{path}`: {why}")]
    Refused {
        /// The path.
        path: String,
        /// Why.
        why: Refusal,
    },
    /// The case file could not be read, or is not UTF-8.
    #[error("cannot read case file `{path}`: {message}")]
    Unreadable {
        /// The path.
        path: String,
        /// The system's message, or where the first invalid byte is.
        message: String,
    },
    /// The JSON is malformed or does not fit the format.
    #[error("case file: at `{path}` (line {line}, column {column}): {message}")]
    Malformed {
        /// The JSON path, e.g. `credit_limits[0].events[2].new_amount`.
        path: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
        /// The case file's text, to show the line.
        text: Option<SourceText>,
    },
    /// An entry names a buyer the file does not list, a buyer or question is listed twice,
    /// or claims are not in date-of-loss order.
    #[error("case file: at `{path}`: {message}")]
    Inconsistent {
        /// The JSON path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A machine rejected an event.
    #[error("case file: at `{path}`: {source}")]
    Rejected {
        /// The JSON path of the event.
        path: String,
        /// Why.
        source: Box<Error>,
    },
    /// The policy's terms do not fit the rule pack: an override that is unknown, of the
    /// wrong unit or out of range, or an unknown calendar.
    #[error("case file: at `{path}`: {source}")]
    Terms {
        /// The JSON path, e.g. `policy.parameters.claim.deductible`.
        path: String,
        /// Why.
        source: RulebookError,
    },
}

impl CaseFileError {
    /// The policy's terms did not bind: the error at the JSON path of what is wrong.
    pub(super) fn terms(source: RulebookError) -> CaseFileError {
        let path = match &source {
            RulebookError::Override { name, .. } => format!("policy.parameters.{name}"),
            RulebookError::UnknownCalendar { .. } => "policy.calendar".to_owned(),
            _ => "policy".to_owned(),
        };
        CaseFileError::Terms { path, source }
    }
}

impl CaseFileError {
    /// The error with the case file's text, for a diagnostic to show the line; the name
    /// is the file's path, or `case file`.
    pub(super) fn with_text(self, name: &str, source: &str) -> CaseFileError {
        match self {
            CaseFileError::Malformed {
                path,
                line,
                column,
                message,
                text: _,
            } => CaseFileError::Malformed {
                path,
                line,
                column,
                message,
                text: Some(SourceText::new(name, source)),
            },
            other => other,
        }
    }

    /// The machine or rule-pack error inside, whose diagnostic says more.
    fn inner(&self) -> Option<&dyn Diagnostic> {
        match self {
            CaseFileError::Rejected { source, .. } => Some(source.as_ref()),
            CaseFileError::Terms { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Diagnostic for CaseFileError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "case_file::{}",
            <&'static str>::from(self)
        )))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            CaseFileError::Malformed { .. } => Some(Box::new(
                "the format is published as a JSON Schema: `charter schema case-file`",
            )),
            _ => self.inner()?.help(),
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self {
            CaseFileError::Malformed { text, .. } => {
                text.as_ref().map(|s| s as &dyn miette::SourceCode)
            }
            _ => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let CaseFileError::Malformed {
            path,
            line,
            column,
            text,
            ..
        } = self
        else {
            return None;
        };
        // serde_json's column is the character it stopped after; point at that character.
        let span = text.as_ref()?.token_at(*line, (*column).max(1))?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(format!("at `{path}`")),
                miette::SourceSpan::new(span.offset().into(), span.len().min(1)),
            ),
        )))
    }
}
