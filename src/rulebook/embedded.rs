//! The default rule pack, compiled into the crate so it works with no files at all.
//!
//! A test checks that this list and the `rules/` folder hold the same files.

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../rules/", $path)))),*]
    };
}

pub(crate) const FILES: &[(&str, &str)] = embed![
    "parameters.toml",
    "reasons.toml",
    "calendars/BE.toml",
    "calendars/NL.toml",
    "credit_limit/decision_deadline.rhai",
    "credit_limit/decision_deadline.cases.toml",
    "credit_limit/discretionary_limit.rhai",
    "credit_limit/discretionary_limit.cases.toml",
    "credit_limit/information_request.rhai",
    "credit_limit/information_request.cases.toml",
    "credit_limit/notice_period.rhai",
    "credit_limit/notice_period.cases.toml",
    "credit_limit/rating_disclosure.rhai",
    "credit_limit/rating_disclosure.cases.toml",
    "communication/response_times.rhai",
    "communication/response_times.cases.toml",
    "objection/handling.rhai",
    "objection/handling.cases.toml",
    "renewal/timetable.rhai",
    "renewal/timetable.cases.toml",
    "claim/payout.rhai",
    "claim/payout.cases.toml",
    "collection/transfer_deadline.rhai",
    "collection/transfer_deadline.cases.toml",
    "invoice/payment_terms.rhai",
    "invoice/payment_terms.cases.toml",
    "premium/closing_invoice.rhai",
    "premium/closing_invoice.cases.toml",
];
