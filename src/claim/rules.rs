//! The questions the claim machine asks and the parameters it reads, mirroring
//! `rules/claim/`.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `payout` (C4.3) | [`InvoiceCover`] | what of the invoice counts, an [`Eligibility`] | [`compute_payout`](super::compute_payout), once per invoice still owed |
//! | `date_of_loss` (C4.1, C4.3) | [`LossDates`] | the date of loss and its basis, a [`DateOfLoss`], or none yet | [`Claim::date_of_loss`](super::Claim::date_of_loss) |
//! | `step_plan` (C4.1) | [`StepDeadline`] | by when the customer hands the debt over and files the claim, a [`Deadline`] | the overdue account |
//! | `stoppage_of_cover` (C4.1, C3.4) | [`CoverStoppage`] | the last delivery date still covered, or none | the MEP's end and the hand-over to collection |
//!
//! Every number of the step plan (C4.1) and of the payout arithmetic (C4.3) is a parameter
//! declared below: the pack must define each, in this unit and range.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BuyerInvoice, ClaimDates, DateOfLoss, LossBasis};
use crate::calendar::Period;
use crate::charter::Clause;
use crate::money::{Currency, Money, Percentage};
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, Fact, FactSpec, Facts, Param, ParamSpec,
    PolicyRules, Question, RuleSpec, Unit, run_case,
};

/// What the rule `claim/payout` is told about one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceCover {
    /// The invoice.
    pub invoice: BuyerInvoice,
    /// What the buyer still owes on it at the date of loss (incl. VAT).
    pub outstanding: Money,
    /// The credit limit in force on the delivery date (zero when none).
    pub limit_at_delivery: Money,
    /// The date of loss.
    pub date_of_loss: NaiveDate,
    /// Cover stopped for deliveries after this date (the end of a breached maximum
    /// extension period), if it did.
    #[serde(default)]
    pub stoppage_of_cover: Option<NaiveDate>,
    /// The claim's other dates (oldest due date, notification, hand-over, insolvency).
    #[serde(default)]
    pub dates: ClaimDates,
}

/// The rule's judgement on one invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// All that is outstanding counts (VAT included).
    Covered,
    /// What is outstanding counts without its VAT share.
    CoveredNet,
    /// Nothing of the invoice counts.
    Excluded,
}

/// C4.1 — the maximum extension period, from the oldest unpaid invoice's original due date.
pub(crate) const MEP_DAYS: Param<Period> = Param::days("claim.mep_days");
/// C4.1 — the customer notifies the overdue account within this of the MEP's end.
pub(super) const NOTIFICATION_DAYS: Param<Period> =
    Param::days("claim.notification_days_after_mep");
/// C4.1 — the insurer decides within this of complete documentation.
pub(super) const ASSESSMENT_DAYS: Param<Period> = Param::days("claim.assessment_days");
/// C4.1 — the insurer pays within this of the decision, never before the date of loss.
pub(super) const PAYMENT_DAYS: Param<Period> = Param::days("claim.payment_days");
/// C4.3 — the share of the loss the policy insures.
pub(super) const INSURED_PERCENTAGE: Param<Percentage> = Param::percent("claim.insured_percentage");
/// C4.3 — at or below this eligible loss nothing is paid.
pub(super) const THRESHOLD: Param<Money> = Param::amount("claim.threshold");
/// C4.3 — the customer's aggregate first loss per policy year.
pub(super) const AGGREGATE_FIRST_LOSS: Param<Money> = Param::amount("claim.aggregate_first_loss");
/// C4.3 — the deductible per claim.
pub(super) const DEDUCTIBLE: Param<Money> = Param::amount("claim.deductible");
/// C4.3 — whether the deductible comes off before the insured percentage.
pub(super) const DEDUCTIBLE_BEFORE_PERCENTAGE: Param<bool> =
    Param::flag("claim.deductible_before_percentage");
/// C4.3 — the least the customer keeps of a loss, whatever the insured percentage leaves.
pub(super) const MINIMUM_RETENTION: Param<Money> = Param::amount("claim.minimum_retention");
/// C4.3 — the most the insurer pays per policy year.
pub(super) const MAX_LIABILITY: Param<Money> = Param::amount("claim.max_liability");

/// What the claim machine contributes to the manifest.
pub(crate) const AREA: Area = Area {
    name: "claim",
    rules: &[
        InvoiceCover::RULE,
        LossDates::RULE,
        CoverStoppage::RULE,
        StepDeadline::RULE,
    ],
    parameters: &[
        MEP_DAYS.spec(),
        NOTIFICATION_DAYS.spec(),
        ASSESSMENT_DAYS.spec(),
        PAYMENT_DAYS.spec(),
        INSURED_PERCENTAGE.spec(),
        THRESHOLD.spec(),
        AGGREGATE_FIRST_LOSS.spec(),
        DEDUCTIBLE.spec(),
        DEDUCTIBLE_BEFORE_PERCENTAGE.spec(),
        MINIMUM_RETENTION.spec(),
        MAX_LIABILITY.spec(),
    ],
    // The payout arithmetic explains each of its steps with one of these.
    reasons: &[
        "payments_before_loss",
        "credit_notes",
        "set_off",
        "below_claim_threshold",
        "above_credit_limit",
        "aggregate_first_loss",
        "deductible",
        "uninsured_percentage",
        "minimum_retention",
        "max_liability_reached",
        "nothing_outstanding",
        "stoppage_of_cover",
    ],
};

impl Question for InvoiceCover {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "claim/payout",
        entry: "payout_line",
        input: "invoice",
        facts: &[
            FactSpec::text("number"),
            FactSpec::text("currency"),
            FactSpec::date("invoice_date"),
            FactSpec::date("delivery_date"),
            FactSpec::date("due_date"),
            FactSpec::whole("terms_days"),
            FactSpec::amount("amount"),
            FactSpec::amount("vat"),
            FactSpec::amount("outstanding"),
            FactSpec::flag("disputed"),
            FactSpec::amount("limit_at_delivery"),
            FactSpec::date("date_of_loss"),
            FactSpec::date("stoppage_of_cover").optional(),
            FactSpec::flag("delivered_after_stoppage"),
            FactSpec::date("oldest_due").optional(),
            FactSpec::date("notified_on").optional(),
            FactSpec::date("handed_over_on").optional(),
            FactSpec::date("insolvency_on").optional(),
        ],
        answer: "what of the invoice counts towards the loss",
        answers: &[
            Constructor::new("covered", &[]),
            Constructor::new("covered_net", &[]),
            Constructor::new("excluded", &[]),
        ],
        clauses: &[Clause::C4_3],
        parameters: &[
            ParamSpec::new("claim.max_credit_terms_days", Unit::Days),
            ParamSpec::new("claim.vat_insured", Unit::Flag),
        ],
        cases: run_case::<InvoiceCover>,
    };
    type Value = Eligibility;

    fn facts(&self, _: NaiveDate) -> Facts {
        let invoice = &self.invoice;
        Facts::new([
            ("number", invoice.number.clone().into()),
            ("currency", invoice.amount.currency().code().into()),
            ("invoice_date", invoice.invoice_date.into()),
            ("delivery_date", invoice.delivery_date.into()),
            ("due_date", invoice.due_date.into()),
            (
                "terms_days",
                (invoice.due_date - invoice.invoice_date).num_days().into(),
            ),
            ("amount", invoice.amount.into()),
            ("vat", invoice.vat.into()),
            ("outstanding", self.outstanding.into()),
            ("disputed", invoice.disputed.into()),
            ("limit_at_delivery", self.limit_at_delivery.into()),
            ("date_of_loss", self.date_of_loss.into()),
            ("stoppage_of_cover", self.stoppage_of_cover.into()),
            (
                "delivered_after_stoppage",
                self.stoppage_of_cover
                    .is_some_and(|stop| invoice.delivery_date > stop)
                    .into(),
            ),
            ("oldest_due", self.dates.oldest_due.into()),
            ("notified_on", self.dates.notified_on.into()),
            ("handed_over_on", self.dates.handed_over_on.into()),
            ("insolvency_on", self.dates.insolvency_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<Eligibility, AnswerError> {
        Ok(match answer.constructor() {
            "covered_net" => Eligibility::CoveredNet,
            "excluded" => Eligibility::Excluded,
            _ => Eligibility::Covered,
        })
    }

    fn currency(&self) -> Currency {
        self.invoice.amount.currency()
    }

    fn fields(
        &self,
        counts: &Eligibility,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "counts": counts }))
    }
}

/// What the rule `claim/date_of_loss` is told: the dates a wording may fix the date of
/// loss from. Each is absent until it happens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossDates {
    /// The end of the maximum extension period, once the account is overdue.
    #[serde(default)]
    pub mep_end: Option<NaiveDate>,
    /// The oldest unpaid invoice's original due date, notification, hand-over, insolvency.
    #[serde(default)]
    pub dates: ClaimDates,
}

fn date_fields(date: Option<NaiveDate>) -> serde_json::Value {
    date.map_or_else(|| "none".into(), |d| d.to_string().into())
}

impl Question for LossDates {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "claim/date_of_loss",
        entry: "date_of_loss",
        input: "claim",
        facts: &[
            FactSpec::date("oldest_due").optional(),
            FactSpec::date("mep_end").optional(),
            FactSpec::date("notified_on").optional(),
            FactSpec::date("handed_over_on").optional(),
            FactSpec::date("insolvency_on").optional(),
        ],
        answer: "the date of loss",
        answers: &[
            Constructor::new("insolvency_loss", &[Arg::date("on")]),
            Constructor::new("protracted_default", &[Arg::date("on")]),
            Constructor::new("no_loss_yet", &[]),
        ],
        clauses: &[Clause::C4_1, Clause::C4_3],
        parameters: &[
            ParamSpec::new("claim.waiting_period_days", Unit::Days),
            ParamSpec::new("claim.waiting_period_months", Unit::Months),
            ParamSpec::new("claim.insolvency_loss_days", Unit::Days),
            ParamSpec::new("claim.loss_later_of_mep_end", Unit::Flag),
            ParamSpec::new("claim.waiting_days_after_mep", Unit::Days),
        ],
        cases: run_case::<LossDates>,
    };
    type Value = Option<DateOfLoss>;

    fn facts(&self, _: NaiveDate) -> Facts {
        Facts::new([
            ("oldest_due", self.dates.oldest_due.into()),
            ("mep_end", self.mep_end.into()),
            ("notified_on", self.dates.notified_on.into()),
            ("handed_over_on", self.dates.handed_over_on.into()),
            ("insolvency_on", self.dates.insolvency_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<Option<DateOfLoss>, AnswerError> {
        let basis = match answer.constructor() {
            "insolvency_loss" => LossBasis::Insolvency,
            "protracted_default" => LossBasis::ProtractedDefault,
            _ => return Ok(None),
        };
        Ok(Some(DateOfLoss {
            on: answer.date(0)?,
            basis,
        }))
    }

    fn fields(
        &self,
        loss: &Option<DateOfLoss>,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "loss_on": date_fields(loss.map(|l| l.on)),
            "basis": loss.map_or_else(
                || "none".into(),
                |l| serde_json::to_value(l.basis).unwrap_or_default()
            ),
        }))
    }
}

/// When the rule `claim/stoppage_of_cover` is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoppageOccasion {
    /// The maximum extension period ended with the account unpaid.
    MepExpired,
    /// The customer handed the debt over for collection.
    HandedOver,
}

/// What the rule `claim/stoppage_of_cover` is told, at the end of the maximum extension
/// period and at the hand-over to collection, while cover has not stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverStoppage {
    /// Why the rule is asked now.
    pub occasion: StoppageOccasion,
    /// The business date it is asked on.
    pub on: NaiveDate,
    /// The oldest unpaid invoice's date.
    pub oldest_invoice_date: NaiveDate,
    /// The end of the maximum extension period.
    pub mep_end: NaiveDate,
    /// The oldest unpaid invoice's original due date, notification, hand-over, insolvency.
    #[serde(default)]
    pub dates: ClaimDates,
}

impl Question for CoverStoppage {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "claim/stoppage_of_cover",
        entry: "stoppage_of_cover",
        input: "cover",
        facts: &[
            FactSpec::text("occasion"),
            FactSpec::date("on"),
            FactSpec::date("oldest_invoice_date"),
            FactSpec::date("oldest_due").optional(),
            FactSpec::date("mep_end"),
            FactSpec::date("notified_on").optional(),
            FactSpec::date("handed_over_on").optional(),
            FactSpec::date("insolvency_on").optional(),
        ],
        answer: "the last delivery date still covered",
        answers: &[
            Constructor::new("stop_after", &[Arg::date("last_covered")]),
            Constructor::new("cover_continues", &[]),
        ],
        clauses: &[Clause::C4_1, Clause::C3_4],
        parameters: &[],
        cases: run_case::<CoverStoppage>,
    };
    type Value = Option<NaiveDate>;

    fn facts(&self, _: NaiveDate) -> Facts {
        Facts::new([
            ("occasion", Fact::code(&self.occasion)),
            ("on", self.on.into()),
            ("oldest_invoice_date", self.oldest_invoice_date.into()),
            ("oldest_due", self.dates.oldest_due.into()),
            ("mep_end", self.mep_end.into()),
            ("notified_on", self.dates.notified_on.into()),
            ("handed_over_on", self.dates.handed_over_on.into()),
            ("insolvency_on", self.dates.insolvency_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<Option<NaiveDate>, AnswerError> {
        match answer.constructor() {
            "stop_after" => answer.date(0).map(Some),
            _ => Ok(None),
        }
    }

    fn fields(
        &self,
        last_covered: &Option<NaiveDate>,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "stop_after": date_fields(*last_covered) }))
    }
}

/// A customer's duty in the step plan whose deadline a wording sets (C4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepDuty {
    /// Hand the debt over for collection.
    HandOver,
    /// Submit the claim.
    Filing,
}

impl StepDuty {
    /// The duty in words, with its deadline.
    pub(super) fn what(self, due: NaiveDate) -> String {
        match self {
            StepDuty::HandOver => format!("hand the debt over for collection by {due}"),
            StepDuty::Filing => format!("submit the claim by {due}"),
        }
    }
}

/// What the rule `claim/step_plan` is told: one of the customer's duties on an overdue
/// account, asked when the account becomes overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDeadline {
    /// The duty.
    pub duty: StepDuty,
    /// The oldest unpaid invoice's original due date.
    pub oldest_due: NaiveDate,
    /// The end of the maximum extension period.
    pub mep_end: NaiveDate,
}

/// By when a step-plan duty is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// On this date.
    On(NaiveDate),
    /// This long after the customer notifies the overdue account (opened then).
    AfterNotification(Period),
}

impl Question for StepDeadline {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "claim/step_plan",
        entry: "step_plan",
        input: "duty",
        facts: &[
            FactSpec::text("duty"),
            FactSpec::date("oldest_due"),
            FactSpec::date("mep_end"),
        ],
        answer: "a deadline",
        answers: &[
            Constructor::new("due_on", &[Arg::date("date")]),
            Constructor::new("after_notification", &[Arg::period("within")]),
        ],
        clauses: &[Clause::C4_1],
        parameters: &[
            ParamSpec::new("claim.hand_over_days_after_mep", Unit::Days),
            ParamSpec::new("claim.filing_days_after_mep", Unit::Days),
        ],
        cases: run_case::<StepDeadline>,
    };
    type Value = Deadline;

    fn facts(&self, _: NaiveDate) -> Facts {
        Facts::new([
            ("duty", Fact::code(&self.duty)),
            ("oldest_due", self.oldest_due.into()),
            ("mep_end", self.mep_end.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<Deadline, AnswerError> {
        match answer.constructor() {
            "after_notification" => answer.period(0).map(Deadline::AfterNotification),
            _ => answer.date(0).map(Deadline::On),
        }
    }

    fn fields(
        &self,
        deadline: &Deadline,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(match deadline {
            Deadline::On(due) => serde_json::json!({ "due_on": due.to_string() }),
            Deadline::AfterNotification(within) => {
                serde_json::json!({ "after_notification": within.to_string() })
            }
        })
    }
}
