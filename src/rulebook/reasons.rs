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

use serde::{Deserialize, Serialize};

use super::error::{Location, Problem, read_toml};
use crate::charter::Clause;

/// Why a decision came out as it did: a stable code and the sentence the customer reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reason {
    /// Stable, machine-readable code, e.g. `buyer_insolvency`.
    pub code: String,
    /// The plain sentence for the customer.
    pub text: String,
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
                    problems.push(Problem {
                        location: at.clone(),
                        message: format!("reason `{code}`: {e}"),
                    });
                }
            }
            if entry.text.trim().is_empty() {
                problems.push(Problem {
                    location: at,
                    message: format!("reason `{code}` has no text"),
                });
            }
            by_code.insert(
                code.clone(),
                Reason {
                    code,
                    text: entry.text,
                },
            );
        }
        Reasons { by_code }
    }

    pub(crate) fn get(&self, code: &str) -> Option<&Reason> {
        self.by_code.get(code)
    }
}
