use crate::error::Error;
use crate::rulebook::{Refusal, RulebookError};

/// A case file could not be read or replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
