//! The reason catalogue: every code a rule may give, with the sentence a customer reads.
//!
//! `rules/reasons.toml`:
//!
//! ```toml
//! [standard_notice]
//! clauses = ["C3.4"]
//! text = "The change takes effect after the standard notice period, so you have time to make other trading arrangements."
//! ```

use std::collections::BTreeMap;

use crate::text::Shared;
use serde::{Deserialize, Serialize};

use super::error::{Location, Problem, ProblemCode, did_you_mean, read_toml};
use crate::charter::Clause;

/// Why a decision came out as it did: a stable code and the sentence the customer reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reason {
    /// Stable, machine-readable code, e.g. `buyer_insolvency`.
    pub code: Shared,
    /// The plain sentence for the customer.
    pub text: Shared,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    clauses: Vec<String>,
    text: String,
}

/// Every known reason code of a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reasons {
    by_code: BTreeMap<String, Reason>,
}

impl Reasons {
    pub(crate) fn parse(file: &str, text: &str, problems: &mut Vec<Problem>) -> Reasons {
        let entries: BTreeMap<String, toml::Spanned<Entry>> = match read_toml(file, text, problems)
        {
            Some(v) => v,
            None => return Reasons::default(),
        };
        let mut by_code = BTreeMap::new();
        for (code, entry) in entries {
            let at = Location::at_offset(file, text, entry.span().start);
            let entry = entry.into_inner();
            for clause in &entry.clauses {
                if let Err(e) = clause.parse::<Clause>() {
                    problems.push(Problem::new(
                        ProblemCode::Reason,
                        at.clone(),
                        format!("reason `{code}`: {e}"),
                    ));
                }
            }
            if entry.text.trim().is_empty() {
                problems.push(Problem::new(
                    ProblemCode::Reason,
                    at,
                    format!("reason `{code}` has no text"),
                ));
            }
            by_code.insert(
                code.clone(),
                Reason {
                    code: code.as_str().into(),
                    text: entry.text.into(),
                },
            );
        }
        Reasons { by_code }
    }

    pub(crate) fn get(&self, code: &str) -> Option<&Reason> {
        self.by_code.get(code)
    }

    /// Every code, sorted.
    pub(crate) fn codes(&self) -> impl Iterator<Item = &str> {
        self.by_code.keys().map(String::as_str)
    }

    /// How to fix the unknown reason code `code`: the likely correction, and every code.
    pub(crate) fn help_for(&self, code: &str) -> String {
        let known: Vec<&str> = self.codes().collect();
        let list = format!("known reason codes: {}", known.join(", "));
        match did_you_mean(code, known) {
            Some(fix) => format!("{fix} ({list})"),
            None => list,
        }
    }
}
