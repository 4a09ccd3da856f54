//! Typed calls for premium and invoices (C2.4), and their case runner.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rhai::Dynamic;
use serde_json::{Value, json};

use super::Rulebook;
use super::bindings::{Date, Facts, decimal};
use super::calls::{PolicyRules, PolicyTerms, Ruling};
use super::error::{RuleError, RuleErrorKind};
use super::invoice_bindings::{ClosingAnswer, PaymentAnswer};
use super::parameters::{ParamInput, ParamValue};
use super::spec::{CLOSING_INVOICE, PAYMENT_TERMS};
use crate::invoice::PaymentTerm;
use crate::money::{Money, Percentage};
use crate::premium::{ClosingQuestion, PaymentQuestion};

impl PolicyRules {
    /// C2.4 — by when an invoice issued on `issued_on` must be paid.
    ///
    /// Rule `invoice/payment_terms`; by default `invoice.payment_days` (20) calendar days
    /// after the issue date.
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails or answers with an unknown reason.
    pub fn payment_terms(
        &self,
        question: &PaymentQuestion,
        issued_on: NaiveDate,
    ) -> Result<Ruling<PaymentTerm>, RuleError> {
        let facts = Facts::new([
            ("kind", Dynamic::from(question.kind.code())),
            ("currency", Dynamic::from(question.total.currency().code())),
            ("total", decimal(question.total)),
            ("issued_on", Dynamic::from(Date(issued_on))),
        ]);
        self.ask(PAYMENT_TERMS, issued_on, facts, |a: PaymentAnswer| {
            (a.term, a.reason)
        })
    }

    /// C2.4 — whether the year-end adjustment declared on `on` is invoiced (`true`: the
    /// crate invoices the final premium less the premium already invoiced).
    ///
    /// Rule `premium/closing_invoice`; by default only when the final premium exceeds the
    /// premium already invoiced.
    ///
    /// # Errors
    ///
    /// [`RuleError`] as for [`PolicyRules::payment_terms`].
    pub fn closing_invoice(
        &self,
        question: &ClosingQuestion,
        on: NaiveDate,
    ) -> Result<Ruling<bool>, RuleError> {
        let facts = Facts::new([
            (
                "currency",
                Dynamic::from(question.final_premium.currency().code()),
            ),
            ("final_premium", decimal(question.final_premium)),
            ("minimum_premium", decimal(question.minimum_premium)),
            ("advance_premium", decimal(question.advance_premium)),
            ("declared_on", Dynamic::from(Date(on))),
        ]);
        self.ask(CLOSING_INVOICE, on, facts, |a: ClosingAnswer| {
            (a.charge, a.reason)
        })
    }

    /// A percentage parameter on a business date, the policy's override first.
    pub(crate) fn percentage(&self, name: &str, on: NaiveDate) -> Result<Percentage, RuleError> {
        match self.parameter(name, on)? {
            ParamValue::Percent(p) => Ok(p),
            _ => Err(unit_error(name, "a percentage")),
        }
    }

    /// An amount parameter on a business date, the policy's override first.
    pub(crate) fn amount(&self, name: &str, on: NaiveDate) -> Result<Money, RuleError> {
        match self.parameter(name, on)? {
            ParamValue::Amount(m) => Ok(m),
            _ => Err(unit_error(name, "an amount")),
        }
    }

    /// A count parameter on a business date, the policy's override first.
    pub(crate) fn count(&self, name: &str, on: NaiveDate) -> Result<i64, RuleError> {
        match self.parameter(name, on)? {
            ParamValue::Whole(n) => Ok(n),
            _ => Err(unit_error(name, "a count")),
        }
    }
}

fn unit_error(name: &str, expected: &str) -> RuleError {
    RuleError {
        rule: name.to_owned(),
        location: None,
        kind: RuleErrorKind::Parameter {
            message: format!("parameter `{name}` is not {expected}"),
        },
    }
}

/// `true` for the rules whose cases [`case`] runs.
pub(crate) fn serves(rule: &str) -> bool {
    rule == PAYMENT_TERMS || rule == CLOSING_INVOICE
}

/// Runs one case of a C2.4 rule: the answer as the flat fields `expect` names.
pub(crate) fn case(
    book: &Rulebook,
    rule: &str,
    input: &toml::Value,
    on: NaiveDate,
    calendar: &str,
    parameters: &BTreeMap<String, ParamInput>,
) -> Result<Value, String> {
    let show = |e: &dyn std::fmt::Display| e.to_string();
    let bind = |currency| {
        book.for_policy(&PolicyTerms {
            currency,
            calendar: calendar.to_owned(),
            parameters: parameters.clone(),
        })
        .map_err(|e| show(&e))
    };
    let read = |e: toml::de::Error| format!("input: {}", e.message());
    if rule == PAYMENT_TERMS {
        let question: PaymentQuestion = input.clone().try_into().map_err(read)?;
        let rules = bind(question.total.currency())?;
        let ruling = rules.payment_terms(&question, on).map_err(|e| show(&e))?;
        let due_on = ruling
            .value
            .due_on(on, rules.calendar())
            .map_err(|e| show(&e))?;
        let within = match ruling.value {
            PaymentTerm::Within(period) => period.to_string(),
            PaymentTerm::On(_) => "none".to_owned(),
        };
        Ok(with_ruling(
            &ruling,
            json!({ "due_on": due_on.to_string(), "within": within }),
        ))
    } else {
        let question: ClosingQuestion = input.clone().try_into().map_err(read)?;
        let rules = bind(question.final_premium.currency())?;
        let ruling = rules.closing_invoice(&question, on).map_err(|e| show(&e))?;
        Ok(with_ruling(&ruling, json!({ "close": ruling.value })))
    }
}

fn with_ruling<T>(ruling: &Ruling<T>, mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("reason".into(), json!(ruling.reason.code));
        map.insert(
            "exception".into(),
            json!(ruling.rule.exception.as_deref().unwrap_or("none")),
        );
        map.insert("version".into(), json!(ruling.rule.file));
    }
    value
}
