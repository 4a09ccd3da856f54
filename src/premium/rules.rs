//! The questions the premium machine asks and the parameters it reads, mirroring
//! `rules/premium/` and `rules/invoice/`: the premium year is what issues invoices, so it
//! asks the invoice rule too.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `invoice/payment_terms` (C2.4) | [`PaymentQuestion`] | by when it is payable, a [`PaymentTerm`] | every invoice issued |
//! | `premium/closing_invoice` (C2.4) | [`ClosingQuestion`] | whether the year-end adjustment is invoiced | the declared turnover |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::charter::Clause;
use crate::invoice::{InvoiceKind, PaymentTerm};
use crate::money::{Currency, Money, Percentage};
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, FactSpec, Facts, Param, ParamSpec, PolicyRules,
    Question, RuleSpec, Unit, run_case,
};

/// A question for rule `invoice/payment_terms`: by when must this invoice be paid?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentQuestion {
    /// Which invoice of the year.
    pub kind: InvoiceKind,
    /// What it asks, tax included.
    pub total: Money,
}

/// A question for rule `premium/closing_invoice`: is the year-end adjustment invoiced?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosingQuestion {
    /// Declared turnover × rate.
    pub final_premium: Money,
    /// The year's minimum premium.
    pub minimum_premium: Money,
    /// Premium already invoiced in instalments, before tax.
    pub advance_premium: Money,
}

/// C2.4 — premium = insurable turnover × this rate (read on the year's first day).
pub(super) const RATE: Param<Percentage> = Param::percent("premium.rate");
/// C2.4 — the minimum premium's share of the estimated premium.
pub(super) const MINIMUM_SHARE: Param<Percentage> = Param::percent("premium.minimum_share");
/// C2.4 — the instalments the minimum premium is invoiced in: they must split 12 months.
pub(super) const INSTALMENTS: Param<u32> = Param::count("premium.instalments", 1, 12);
/// C2.4 — the tax on premium.
pub(super) const TAX_RATE: Param<Percentage> = Param::percent("premium.tax_rate");
/// C2.4 — the monitoring fee per credit limit per quarter.
pub(super) const MONITORING_FEE: Param<Money> = Param::amount("invoice.monitoring_fee");
/// C2.4 — the fee per credit-limit application.
pub(super) const LIMIT_APPLICATION_FEE: Param<Money> =
    Param::amount("invoice.limit_application_fee");
/// C2.4 — the tax on fees.
pub(super) const FEE_TAX_RATE: Param<Percentage> = Param::percent("invoice.fee_tax_rate");

/// What the premium machine contributes to the manifest.
pub(crate) const AREA: Area = Area {
    name: "premium",
    rules: &[PaymentQuestion::RULE, ClosingQuestion::RULE],
    parameters: &[
        RATE.spec(),
        MINIMUM_SHARE.spec(),
        INSTALMENTS.spec(),
        TAX_RATE.spec(),
        MONITORING_FEE.spec(),
        LIMIT_APPLICATION_FEE.spec(),
        FEE_TAX_RATE.spec(),
    ],
    reasons: &[],
};

impl Question for PaymentQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "invoice/payment_terms",
        entry: "payment_terms",
        input: "invoice",
        facts: &[
            FactSpec::text("kind"),
            FactSpec::text("currency"),
            FactSpec::amount("total"),
            FactSpec::date("issued_on"),
        ],
        answer: "a payment term",
        answers: &[
            Constructor::new("pay_within", &[Arg::period("period")]),
            Constructor::new("pay_by", &[Arg::date("date")]),
        ],
        clauses: &[Clause::C2_4],
        parameters: &[ParamSpec::new("invoice.payment_days", Unit::Days)],
        cases: run_case::<PaymentQuestion>,
    };
    type Value = PaymentTerm;

    fn facts(&self, issued_on: NaiveDate) -> Facts {
        Facts::new([
            ("kind", self.kind.code().into()),
            ("currency", self.total.currency().code().into()),
            ("total", self.total.into()),
            ("issued_on", issued_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<PaymentTerm, AnswerError> {
        match answer.constructor() {
            "pay_by" => answer.date(0).map(PaymentTerm::On),
            _ => answer.period(0).map(PaymentTerm::Within),
        }
    }

    fn currency(&self) -> Currency {
        self.total.currency()
    }

    fn fields(
        &self,
        term: &PaymentTerm,
        issued_on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        let due_on = term
            .due_on(issued_on, rules.calendar())
            .map_err(|e| e.to_string())?;
        let within = match term {
            PaymentTerm::Within(period) => period.to_string(),
            PaymentTerm::On(_) => "none".to_owned(),
        };
        Ok(serde_json::json!({ "due_on": due_on.to_string(), "within": within }))
    }
}

impl Question for ClosingQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "premium/closing_invoice",
        entry: "closing_invoice",
        input: "year",
        facts: &[
            FactSpec::text("currency"),
            FactSpec::amount("final_premium"),
            FactSpec::amount("minimum_premium"),
            FactSpec::amount("advance_premium"),
            FactSpec::date("declared_on"),
        ],
        answer: "a closing decision",
        answers: &[
            Constructor::new("charge_difference", &[]),
            Constructor::new("no_closing_invoice", &[]),
        ],
        clauses: &[Clause::C2_4],
        parameters: &[],
        cases: run_case::<ClosingQuestion>,
    };
    /// `true`: the crate invoices the final premium less the premium already invoiced.
    type Value = bool;

    fn facts(&self, declared_on: NaiveDate) -> Facts {
        Facts::new([
            ("currency", self.final_premium.currency().code().into()),
            ("final_premium", self.final_premium.into()),
            ("minimum_premium", self.minimum_premium.into()),
            ("advance_premium", self.advance_premium.into()),
            ("declared_on", declared_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<bool, AnswerError> {
        Ok(answer.constructor() == "charge_difference")
    }

    fn currency(&self) -> Currency {
        self.final_premium.currency()
    }

    fn fields(
        &self,
        close: &bool,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "close": close }))
    }
}
