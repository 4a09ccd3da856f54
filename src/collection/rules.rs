//! The questions the collection machine asks and the parameters it reads, mirroring
//! `rules/collection/`.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `transfer_deadline` (C4.2) | [`Recovery`] | how long the insurer may take to pass the customer's part on, a [`Period`] | a recovery with a part for the customer |
//! | `recovery_sharing` (C4.2) | [`SharedRecovery`] | how a recovery after a payout is shared, a [`RecoverySharing`] | a recovery after the claim was paid |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::RecoverySharing;
use crate::calendar::Period;
use crate::charter::Clause;
use crate::money::{Currency, Money, Percentage};
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, FactSpec, Facts, Param, ParamSpec, PolicyRules,
    Question, RuleSpec, Unit, period_fields, run_case,
};

/// What `collection/transfer_deadline` is told about a recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// When the money was received.
    pub received_on: NaiveDate,
    /// How much was received.
    pub amount: Money,
    /// The customer's part, to be transferred.
    pub to_customer: Money,
}

/// C4.2 — the insurer updates the customer on the case at least this often.
pub(super) const UPDATE_INTERVAL: Param<Period> = Param::days("collection.update_interval_days");
/// C4.2 — the collection fee, only on the uncovered part of a recovery.
pub(super) const FEE_ON_UNCOVERED: Param<Percentage> =
    Param::percent("collection.fee_on_uncovered");

/// What the collection machine contributes to the manifest.
pub(crate) const AREA: Area = Area {
    name: "collection",
    rules: &[Recovery::RULE, SharedRecovery::RULE],
    parameters: &[UPDATE_INTERVAL.spec(), FEE_ON_UNCOVERED.spec()],
    // The recovery split explains its two deductions with these.
    reasons: &["recovery_insurer_share", "collection_fee_uncovered"],
};

impl Question for Recovery {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "collection/transfer_deadline",
        entry: "transfer_deadline",
        input: "recovery",
        facts: &[
            FactSpec::text("currency"),
            FactSpec::amount("amount"),
            FactSpec::amount("to_customer"),
            FactSpec::date("received_on"),
        ],
        answer: "a time limit",
        answers: &[
            Constructor::new("within_days", &[Arg::days("n")]),
            Constructor::new("within_business_days", &[Arg::business_days("n")]),
        ],
        clauses: &[Clause::C4_2],
        parameters: &[ParamSpec::new(
            "collection.transfer_business_days",
            Unit::BusinessDays,
        )],
        cases: run_case::<Recovery>,
    };
    type Value = Period;

    fn facts(&self, _: NaiveDate) -> Facts {
        Facts::new([
            ("currency", self.amount.currency().code().into()),
            ("amount", self.amount.into()),
            ("to_customer", self.to_customer.into()),
            ("received_on", self.received_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<Period, AnswerError> {
        answer.period(0)
    }

    fn currency(&self) -> Currency {
        self.amount.currency()
    }

    fn fields(
        &self,
        within: &Period,
        _: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        let due = within
            .after(self.received_on, rules.calendar())
            .map_err(|e| e.to_string())?;
        let mut fields = period_fields(*within);
        if let serde_json::Value::Object(map) = &mut fields {
            map.insert("due".into(), due.to_string().into());
        }
        Ok(fields)
    }
}

/// What the rule `collection/recovery_sharing` is told about a recovery after a payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedRecovery {
    /// When the money was received.
    pub received_on: NaiveDate,
    /// How much was received.
    pub amount: Money,
    /// The payout.
    pub paid: Money,
    /// The loss it was paid on.
    pub loss: Money,
    /// The covered part of the debt (within the credit limit).
    pub covered: Money,
    /// What the insurer received of earlier recoveries.
    pub insurer_recovered: Money,
}

impl Question for SharedRecovery {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "collection/recovery_sharing",
        entry: "recovery_sharing",
        input: "recovery",
        facts: &[
            FactSpec::text("currency"),
            FactSpec::amount("amount"),
            FactSpec::amount("paid"),
            FactSpec::amount("loss"),
            FactSpec::amount("covered"),
            FactSpec::amount("insurer_recovered"),
            FactSpec::date("received_on"),
        ],
        answer: "how the recovery is shared",
        answers: &[
            Constructor::new("share_of_loss", &[]),
            Constructor::new("limit_over_debt", &[]),
            Constructor::new("insurer_first", &[]),
        ],
        clauses: &[Clause::C4_2],
        parameters: &[],
        cases: run_case::<SharedRecovery>,
    };
    type Value = RecoverySharing;

    fn facts(&self, _: NaiveDate) -> Facts {
        Facts::new([
            ("currency", self.amount.currency().code().into()),
            ("amount", self.amount.into()),
            ("paid", self.paid.into()),
            ("loss", self.loss.into()),
            ("covered", self.covered.into()),
            ("insurer_recovered", self.insurer_recovered.into()),
            ("received_on", self.received_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<RecoverySharing, AnswerError> {
        Ok(match answer.constructor() {
            "limit_over_debt" => RecoverySharing::LimitOverDebt,
            "insurer_first" => RecoverySharing::InsurerFirst,
            _ => RecoverySharing::ShareOfLoss,
        })
    }

    fn currency(&self) -> Currency {
        self.amount.currency()
    }

    fn fields(
        &self,
        sharing: &RecoverySharing,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "sharing": sharing }))
    }
}
