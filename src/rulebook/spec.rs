//! The rule manifest: which rules a pack must provide, their entry points, the facts they
//! see and the clauses they serve. Rules are called through typed methods, so this table is
//! Rust.

use crate::charter::Clause;

/// What the crate expects of one rule.
#[derive(Debug)]
pub(crate) struct RuleSpec {
    /// `area/name`; the file is `rules/area/name.rhai`.
    pub(crate) id: &'static str,
    /// The function the rule file must define.
    pub(crate) entry: &'static str,
    /// The entry's parameters, in order: the facts, then the parameters.
    pub(crate) args: &'static [&'static str],
    /// The fields of the facts argument.
    pub(crate) facts: &'static [&'static str],
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

pub(crate) const NOTICE_PERIOD: &str = "credit_limit/notice_period";
pub(crate) const DECISION_DEADLINE: &str = "credit_limit/decision_deadline";
pub(crate) const INFORMATION_REQUEST: &str = "credit_limit/information_request";
pub(crate) const RATING_DISCLOSURE: &str = "credit_limit/rating_disclosure";
pub(crate) const DISCRETIONARY_LIMIT: &str = "credit_limit/discretionary_limit";
pub(crate) const OBJECTION_HANDLING: &str = "objection/handling";
pub(crate) const RENEWAL_TIMETABLE: &str = "renewal/timetable";
pub(crate) const RESPONSE_TIMES: &str = "communication/response_times";
pub(crate) const PAYMENT_TERMS: &str = "invoice/payment_terms";
pub(crate) const CLOSING_INVOICE: &str = "premium/closing_invoice";

/// Every rule a pack provides.
pub(crate) const RULES: &[RuleSpec] = &[
    RuleSpec {
        id: NOTICE_PERIOD,
        entry: "notice_period",
        args: &["change", "params"],
        facts: &[
            "kind",
            "currency",
            "current",
            "new_amount",
            "reduction",
            "announced_on",
            "circumstance",
        ],
        clauses: &[Clause::C3_4],
        returns: "a notice: notice_days(n, reason), notice_business_days(n, reason), notice(period, reason) or immediately(reason)",
    },
    RuleSpec {
        id: DECISION_DEADLINE,
        entry: "decision_deadline",
        args: &["application", "params"],
        facts: &[
            "route",
            "currency",
            "requested",
            "current",
            "increase",
            "applied_on",
        ],
        clauses: &[Clause::C3_1],
        returns: "a deadline: decide_within(period, reason) or decide_within(period, update_every, reason)",
    },
    RuleSpec {
        id: INFORMATION_REQUEST,
        entry: "information_request",
        args: &["situation", "params"],
        facts: &[
            "kind",
            "route",
            "currency",
            "amount",
            "current",
            "limit_in_use",
            "circumstance",
            "on",
        ],
        clauses: &[Clause::C3_2],
        returns: "ask_customer(answer_within, reason) or no_consultation(reason)",
    },
    RuleSpec {
        id: RATING_DISCLOSURE,
        entry: "rating_disclosure",
        args: &["decision", "params"],
        facts: &["kind", "adverse", "rating", "previous_rating"],
        clauses: &[Clause::C3_3],
        returns: "disclose_rating(reason) or no_disclosure(reason)",
    },
    RuleSpec {
        id: DISCRETIONARY_LIMIT,
        entry: "discretionary_limit",
        args: &["request", "params"],
        facts: &[
            "amount",
            "currency",
            "set_on",
            "credit_report_on",
            "loss_in_last_12_months",
            "zero_decision_on",
        ],
        clauses: &[Clause::C3_1],
        returns: "allow(reason) or refuse(reason)",
    },
    RuleSpec {
        id: OBJECTION_HANDLING,
        entry: "handling",
        args: &["objection", "params"],
        facts: &["subject", "decision", "decided_on", "filed_on"],
        clauses: &[Clause::C3_5, Clause::C4_3],
        returns: "handle_within(acknowledge, update, answer, escalate, reason)",
    },
    RuleSpec {
        id: RENEWAL_TIMETABLE,
        entry: "timetable",
        args: &["period", "params"],
        facts: &["starts_on", "ends_on", "months"],
        clauses: &[Clause::C2_3],
        returns: "renewal_timetable(documents_before, notice_before, reason)",
    },
    RuleSpec {
        id: RESPONSE_TIMES,
        entry: "response_times",
        args: &["inquiry", "params"],
        facts: &["channel", "priority", "topic", "received_on"],
        clauses: &[Clause::C1_1, Clause::C2_1],
        returns: "respond_within(acknowledge, answer, reason)",
    },
    RuleSpec {
        id: "claim/payout",
        entry: "payout_line",
        args: &["invoice", "params"],
        facts: &[
            "number",
            "currency",
            "invoice_date",
            "delivery_date",
            "due_date",
            "terms_days",
            "amount",
            "vat",
            "outstanding",
            "disputed",
            "limit_at_delivery",
            "date_of_loss",
            "stoppage_of_cover",
            "delivered_after_stoppage",
        ],
        clauses: &[Clause::C4_3],
        returns: "what of the invoice counts towards the loss: covered(reason), covered_net(reason) or excluded(reason)",
    },
    RuleSpec {
        id: "collection/transfer_deadline",
        entry: "transfer_deadline",
        args: &["recovery", "params"],
        facts: &["currency", "amount", "to_customer", "received_on"],
        clauses: &[Clause::C4_2],
        returns: "a time limit: within_days(n, reason) or within_business_days(n, reason)",
    },
    RuleSpec {
        id: PAYMENT_TERMS,
        entry: "payment_terms",
        args: &["invoice", "params"],
        facts: &["kind", "currency", "total", "issued_on"],
        clauses: &[Clause::C2_4],
        returns: "a payment term: pay_within(period, reason) or pay_by(date, reason)",
    },
    RuleSpec {
        id: CLOSING_INVOICE,
        entry: "closing_invoice",
        args: &["year", "params"],
        facts: &[
            "currency",
            "final_premium",
            "minimum_premium",
            "advance_premium",
            "declared_on",
        ],
        clauses: &[Clause::C2_4],
        returns: "charge_difference(reason) or no_closing_invoice(reason)",
    },
];

pub(crate) fn spec(id: &str) -> Option<&'static RuleSpec> {
    RULES.iter().find(|s| s.id == id)
}
