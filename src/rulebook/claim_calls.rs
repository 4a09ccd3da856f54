//! Typed calls for the claims and collections rules (C4.1–C4.3), and typed reads of the
//! parameters the payout and the machines use.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rhai::Dynamic;
use serde_json::{Value, json};

use super::bindings::Date;
use super::calls::{PolicyTerms, Ruling, cast, rule_spec};
use super::cases::with_ruling as fields;
use super::claim_bindings::{Claimable, InvoiceView, RecoveryView, Within};
use super::error::{Location, Problem, RuleError, RuleErrorKind};
use super::parameters::{ParamInput, ParamValue};
use super::reasons::{Reason, Reasons};
use super::{PolicyRules, Rulebook};
use crate::calendar::Period;
use crate::claim::{Eligibility, InvoiceCover};
use crate::collection::Recovery;
use crate::money::{Money, Percentage};

/// The reason codes the crate's own claims and collections arithmetic gives (not a rule),
/// so a pack's `reasons.toml` must define them; checked at load like the rules' codes.
pub(crate) const CRATE_REASONS: &[&str] = &[
    "payments_before_loss",
    "credit_notes",
    "set_off",
    "below_claim_threshold",
    "above_credit_limit",
    "aggregate_first_loss",
    "deductible",
    "uninsured_percentage",
    "max_liability_reached",
    "nothing_outstanding",
    "stoppage_of_cover",
    "recovery_insurer_share",
    "collection_fee_uncovered",
];

/// Reports every code of [`CRATE_REASONS`] that `reasons` lacks.
pub(super) fn check_crate_reasons(reasons: &Reasons, problems: &mut Vec<Problem>) {
    for code in CRATE_REASONS {
        if reasons.get(code).is_none() {
            problems.push(Problem {
                location: Location::file("reasons.toml"),
                message: format!(
                    "missing reason `{code}`: the claims and collections machines give it"
                ),
            });
        }
    }
}

fn parameter_error(name: &str, message: String) -> RuleError {
    RuleError {
        rule: name.to_owned(),
        location: None,
        kind: RuleErrorKind::Parameter { message },
    }
}

impl PolicyRules {
    /// C4.3 — what of one invoice counts towards the loss: all of it, all but its VAT, or
    /// nothing, with the reason.
    ///
    /// Rule `claim/payout`; by default it excludes disputed invoices, deliveries after the
    /// stoppage of cover, deliveries without a credit limit, and terms beyond the maximum
    /// credit terms, and leaves out VAT unless the policy insures it.
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails or answers with an unknown reason.
    pub fn payout_line(
        &self,
        cover: &InvoiceCover,
        on: NaiveDate,
    ) -> Result<Ruling<Eligibility>, RuleError> {
        let spec = rule_spec("claim/payout")?;
        let invoice = &cover.invoice;
        let view = InvoiceView {
            number: invoice.number.as_str().into(),
            currency: invoice.amount.currency().code().into(),
            invoice_date: Date(invoice.invoice_date),
            delivery_date: Date(invoice.delivery_date),
            due_date: Date(invoice.due_date),
            amount: invoice.amount.amount(),
            vat: invoice.vat.amount(),
            outstanding: cover.outstanding.amount(),
            disputed: invoice.disputed,
            limit_at_delivery: cover.limit_at_delivery.amount(),
            date_of_loss: Date(cover.date_of_loss),
            stoppage_of_cover: cover
                .stoppage_of_cover
                .map_or(Dynamic::UNIT, |d| Dynamic::from(Date(d))),
            delivered_after_stoppage: cover
                .stoppage_of_cover
                .is_some_and(|stop| invoice.delivery_date > stop),
        };
        let (answer, rule) = self.evaluate(spec, on, vec![Dynamic::from(view)])?;
        let claimable: Claimable = cast(spec, &rule, answer)?;
        let reason = self.reason(spec, &rule, &claimable.reason)?;
        Ok(Ruling {
            value: claimable.eligibility,
            reason,
            rule,
        })
    }

    /// C4.2 — how long the insurer may take to pass collected money on to the customer.
    ///
    /// Rule `collection/transfer_deadline`; by default 10 business days after receipt.
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails or answers with an unknown reason.
    pub fn transfer_deadline(
        &self,
        recovery: &Recovery,
        on: NaiveDate,
    ) -> Result<Ruling<Period>, RuleError> {
        let spec = rule_spec("collection/transfer_deadline")?;
        let view = RecoveryView {
            currency: recovery.amount.currency().code().into(),
            amount: recovery.amount.amount(),
            to_customer: recovery.to_customer.amount(),
            received_on: Date(recovery.received_on),
        };
        let (answer, rule) = self.evaluate(spec, on, vec![Dynamic::from(view)])?;
        let within: Within = cast(spec, &rule, answer)?;
        let reason = self.reason(spec, &rule, &within.reason)?;
        Ok(Ruling {
            value: within.period,
            reason,
            rule,
        })
    }

    /// An amount parameter on `on`, the policy's override first.
    ///
    /// # Errors
    ///
    /// [`RuleErrorKind::Parameter`] for an unknown name, a date before the first value, or
    /// a parameter that is not an amount in the policy's currency.
    pub fn amount_parameter(&self, name: &str, on: NaiveDate) -> Result<Money, RuleError> {
        match self.parameter(name, on)? {
            ParamValue::Amount(m) if m.currency() == self.currency() => Ok(m),
            ParamValue::Amount(m) => Err(parameter_error(
                name,
                format!(
                    "parameter `{name}` is in {} but the policy is in {}",
                    m.currency(),
                    self.currency()
                ),
            )),
            _ => Err(parameter_error(
                name,
                format!("parameter `{name}` is not an amount"),
            )),
        }
    }

    /// A percentage parameter on `on`, the policy's override first.
    ///
    /// # Errors
    ///
    /// [`RuleErrorKind::Parameter`] for an unknown name, a date before the first value, or
    /// a parameter that is not a percentage.
    pub fn percentage_parameter(&self, name: &str, on: NaiveDate) -> Result<Percentage, RuleError> {
        match self.parameter(name, on)? {
            ParamValue::Percent(p) => Ok(p),
            _ => Err(parameter_error(
                name,
                format!("parameter `{name}` is not a percentage"),
            )),
        }
    }

    /// A yes/no parameter on `on`, the policy's override first.
    ///
    /// # Errors
    ///
    /// [`RuleErrorKind::Parameter`] for an unknown name, a date before the first value, or
    /// a parameter that is not a flag.
    pub fn flag_parameter(&self, name: &str, on: NaiveDate) -> Result<bool, RuleError> {
        match self.parameter(name, on)? {
            ParamValue::Flag(b) => Ok(b),
            _ => Err(parameter_error(
                name,
                format!("parameter `{name}` is not true or false"),
            )),
        }
    }

    /// The catalogue's reason for `code`: the reasons the payout arithmetic itself gives
    /// (threshold, credit limit, first loss, deductible, …).
    ///
    /// # Errors
    ///
    /// [`RuleErrorKind::UnknownReason`] when the pack's `reasons.toml` lacks the code.
    pub fn catalogue_reason(&self, code: &str) -> Result<Reason, RuleError> {
        self.rulebook()
            .pack
            .reasons
            .get(code)
            .cloned()
            .ok_or_else(|| RuleError {
                rule: "reasons.toml".to_owned(),
                location: None,
                kind: RuleErrorKind::UnknownReason {
                    code: code.to_owned(),
                },
            })
    }
}

/// Runs one test case of `claim/payout` or `collection/transfer_deadline`.
pub(super) fn case_answer(
    rule: &str,
    book: &Rulebook,
    input: &toml::Value,
    on: NaiveDate,
    calendar: &str,
    parameters: &BTreeMap<String, ParamInput>,
) -> Result<Value, String> {
    let terms = |currency| PolicyTerms {
        currency,
        calendar: calendar.to_owned(),
        parameters: parameters.clone(),
    };
    match rule {
        "claim/payout" => {
            let cover: InvoiceCover = input
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| format!("input: {}", e.message()))?;
            let rules = book
                .for_policy(&terms(cover.invoice.amount.currency()))
                .map_err(|e| e.to_string())?;
            let ruling = rules.payout_line(&cover, on).map_err(|e| e.to_string())?;
            let counts = match ruling.value {
                Eligibility::Covered => "covered",
                Eligibility::CoveredNet => "covered_net",
                Eligibility::Excluded => "excluded",
            };
            Ok(fields(&ruling, json!({ "counts": counts })))
        }
        "collection/transfer_deadline" => {
            let recovery: Recovery = input
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| format!("input: {}", e.message()))?;
            let rules = book
                .for_policy(&terms(recovery.amount.currency()))
                .map_err(|e| e.to_string())?;
            let ruling = rules
                .transfer_deadline(&recovery, on)
                .map_err(|e| e.to_string())?;
            let due = ruling
                .value
                .after(recovery.received_on, rules.calendar())
                .map_err(|e| e.to_string())?;
            let mut value = match ruling.value {
                Period::Days(n) => json!({ "days": n }),
                Period::BusinessDays(n) => json!({ "business_days": n }),
                Period::Months(n) => json!({ "months": n }),
            };
            if let Value::Object(map) = &mut value {
                map.insert("due".into(), json!(due.to_string()));
            }
            Ok(fields(&ruling, value))
        }
        other => Err(format!("no test runner for rule `{other}`")),
    }
}
