//! The rule manifest: which rules a pack must provide, their entry points and the clauses
//! they serve. Rules are called through typed methods, so this table is Rust.

use crate::charter::Clause;

/// What the crate expects of one rule.
#[derive(Debug)]
pub(crate) struct RuleSpec {
    /// `area/name`; the file is `rules/area/name.rhai`.
    pub(crate) id: &'static str,
    /// The function the rule file must define.
    pub(crate) entry: &'static str,
    /// The entry's parameters, in order (for messages and docs).
    pub(crate) args: &'static [&'static str],
    /// The clauses the rule serves.
    pub(crate) clauses: &'static [Clause],
    /// What the rule must return, in rule authors' words.
    pub(crate) returns: &'static str,
}

impl RuleSpec {
    /// The area, i.e. the folder and the parameter prefix, e.g. `credit_limit`.
    pub(crate) fn area(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(area, _)| area)
    }
}

/// Functions in a rule file named `exception_<label>` are labelled exceptions to the entry.
pub(crate) const EXCEPTION_PREFIX: &str = "exception_";

/// Every rule a pack provides.
pub(crate) const RULES: &[RuleSpec] = &[
    RuleSpec {
        id: "credit_limit/notice_period",
        entry: "notice_period",
        args: &["change", "params"],
        clauses: &[Clause::C3_4],
        returns: "a notice: notice_days(n, reason), notice_business_days(n, reason) or immediately(reason)",
    },
    RuleSpec {
        id: "claim/payout",
        entry: "payout_line",
        args: &["invoice", "params"],
        clauses: &[Clause::C4_3],
        returns: "what of the invoice counts towards the loss: covered(reason), covered_net(reason) or excluded(reason)",
    },
    RuleSpec {
        id: "collection/transfer_deadline",
        entry: "transfer_deadline",
        args: &["recovery", "params"],
        clauses: &[Clause::C4_2],
        returns: "a time limit: within_days(n, reason) or within_business_days(n, reason)",
    },
];

pub(crate) fn spec(id: &str) -> Option<&'static RuleSpec> {
    RULES.iter().find(|s| s.id == id)
}
