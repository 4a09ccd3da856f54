//! The questions the credit-limit machine asks, mirroring `rules/credit_limit/`: what each
//! rule is told (plain data, deserialisable so rule test cases can state it), how its
//! facts are built, and how its answer is read back. The parameters the machine reads are
//! declared here too.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `notice_period` (C3.4) | [`LimitChange`] | the notice, a [`Period`] | a reduction or withdrawal |
//! | `decision_deadline` (C3.1) | [`LimitApplication`] | a [`DecisionTimetable`] | an application |
//! | `information_request` (C3.2) | [`ConsultationQuestion`] | the customer's answer period, if asked | an application; a reduction or withdrawal |
//! | `rating_disclosure` (C3.3) | [`RatingQuestion`] | whether the rating is stated | a decision, a change, a rating change |
//! | `discretionary_limit` (C3.1) | [`DiscretionaryRequest`] | whether it is allowed | a discretionary limit |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BuyerRating, ChangeKind, ExceptionalCircumstance};
use crate::calendar::Period;
use crate::charter::Clause;
use crate::money::{Currency, Money};
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, FactSpec, Facts, Param, ParamSpec, PolicyRules,
    Question, RuleSpec, Unit, period_fields, run_case,
};

/// How an application is decided (`reference/domain.md` 2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Route {
    /// An automated credit check, answered at once.
    Instant,
    /// Referred to an underwriter.
    Referred,
}

impl Route {
    /// The code rules see: `instant` or `referred`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// What the notice rule is told about a change (C3.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitChange {
    /// Reduction or withdrawal.
    pub kind: ChangeKind,
    /// The limit in force now.
    pub current: Money,
    /// The limit after the change (zero for a withdrawal).
    pub new_amount: Money,
    /// The exceptional circumstance the insurer invokes, if any.
    #[serde(default)]
    pub circumstance: Option<ExceptionalCircumstance>,
}

/// C3.1 — an application, as `credit_limit/decision_deadline` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitApplication {
    /// How it is decided.
    pub route: Route,
    /// The limit asked for.
    pub requested: Money,
    /// The limit in force, for an increase.
    #[serde(default)]
    pub current: Option<Money>,
}

/// What the customer might be consulted about (C3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ConsultationKind {
    /// A decision on an application.
    Application,
    /// A reduction of a limit.
    Reduction,
    /// A withdrawal of a limit.
    Withdrawal,
}

impl ConsultationKind {
    /// The code rules see.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// C3.2 — a possible adverse decision, as `credit_limit/information_request` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationQuestion {
    /// Application decision, reduction or withdrawal.
    pub kind: ConsultationKind,
    /// The application's route, for an application.
    #[serde(default)]
    pub route: Option<Route>,
    /// The amount applied for, or the limit after the change.
    pub amount: Money,
    /// The limit in force, if any.
    #[serde(default)]
    pub current: Option<Money>,
    /// Whether the customer trades on the limit now (has outstanding invoices under it).
    #[serde(default)]
    pub limit_in_use: bool,
    /// The exceptional circumstance invoked, if any.
    #[serde(default)]
    pub circumstance: Option<ExceptionalCircumstance>,
}

/// When a rating might have to be told (C3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RatingOccasion {
    /// A decision on an application.
    Decision,
    /// A reduction or withdrawal.
    Change,
    /// The buyer's rating changed.
    RatingChange,
}

impl RatingOccasion {
    /// The code rules see.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// C3.3 — a decision or rating change, as `credit_limit/rating_disclosure` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingQuestion {
    /// The occasion.
    pub kind: RatingOccasion,
    /// Whether the decision goes against the customer.
    #[serde(default)]
    pub adverse: bool,
    /// The buyer's rating, when the insurer has one.
    #[serde(default)]
    pub rating: Option<BuyerRating>,
    /// The rating before a change.
    #[serde(default)]
    pub previous_rating: Option<BuyerRating>,
}

/// The customer's own discretionary limit, as `credit_limit/discretionary_limit` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscretionaryRequest {
    /// The limit the customer sets.
    pub amount: Money,
    /// The date of the credit report it rests on.
    pub credit_report_on: NaiveDate,
    /// Whether the customer had a loss on this buyer in the last 12 months.
    #[serde(default)]
    pub loss_in_last_12_months: bool,
    /// The insurer's last zero decision on the buyer, if any.
    #[serde(default)]
    pub zero_decision_on: Option<NaiveDate>,
}

/// C3.1 — how long a decision may take, and how often the customer hears meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTimetable {
    /// The decision is due this long after the application.
    pub decide_within: Period,
    /// While pending, a status update is due this often (none when `None`).
    pub updates_every: Option<Period>,
}

/// C3.2 — business days the customer gets to answer a request for information the rule
/// did not time itself.
pub(super) const ANSWER_BUSINESS_DAYS: Param<Period> =
    Param::business_days("credit_limit.answer_business_days");

/// C3.1 — a limit request is sized up to a multiple of this ([`size_limit`](super::size_limit)).
pub(super) const SIZING_STEP: Param<Money> =
    Param::amount_within("credit_limit.sizing_step", 1, i64::MAX);

/// What the credit-limit machine contributes to the manifest.
pub(crate) const AREA: Area = Area {
    name: "credit_limit",
    rules: &[
        LimitChange::RULE,
        LimitApplication::RULE,
        ConsultationQuestion::RULE,
        RatingQuestion::RULE,
        DiscretionaryRequest::RULE,
    ],
    parameters: &[ANSWER_BUSINESS_DAYS.spec(), SIZING_STEP.spec()],
    reasons: &[],
};

fn period_text(period: Option<Period>) -> String {
    period.map_or_else(|| "none".to_owned(), |p| p.to_string())
}

impl Question for LimitChange {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "credit_limit/notice_period",
        entry: "notice_period",
        input: "change",
        facts: &[
            FactSpec::text("kind"),
            FactSpec::text("currency"),
            FactSpec::amount("current"),
            FactSpec::amount("new_amount"),
            FactSpec::amount("reduction"),
            FactSpec::date("announced_on"),
            FactSpec::text("circumstance")
                .optional()
                .circumstance(ExceptionalCircumstance::CODES),
        ],
        answer: "a notice",
        answers: &[
            Constructor::new("notice_days", &[Arg::days("n")]),
            Constructor::new("notice_business_days", &[Arg::business_days("n")]),
            Constructor::new("notice", &[Arg::period("period")]),
            Constructor::new("immediately", &[]),
        ],
        clauses: &[Clause::C3_4],
        parameters: &[ParamSpec::new("credit_limit.notice_days", Unit::Days)],
        cases: run_case::<LimitChange>,
    };
    type Value = Period;

    fn facts(&self, on: NaiveDate) -> Facts {
        let reduction = self
            .current
            .amount()
            .saturating_sub(self.new_amount.amount());
        Facts::new([
            ("kind", self.kind.code().into()),
            ("currency", self.current.currency().code().into()),
            ("current", self.current.into()),
            ("new_amount", self.new_amount.into()),
            ("reduction", reduction.into()),
            ("announced_on", on.into()),
            (
                "circumstance",
                self.circumstance.map(ExceptionalCircumstance::code).into(),
            ),
        ])
    }

    fn read(answer: &Answer) -> Result<Period, AnswerError> {
        match answer.constructor() {
            "immediately" => Ok(Period::Days(0)),
            _ => answer.period(0),
        }
    }

    fn currency(&self) -> Currency {
        self.current.currency()
    }

    fn fields(
        &self,
        notice: &Period,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        let mut fields = period_fields(*notice);
        if let serde_json::Value::Object(map) = &mut fields {
            map.insert("period".into(), notice.to_string().into());
        }
        Ok(fields)
    }
}

impl Question for LimitApplication {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "credit_limit/decision_deadline",
        entry: "decision_deadline",
        input: "application",
        facts: &[
            FactSpec::text("route"),
            FactSpec::text("currency"),
            FactSpec::amount("requested"),
            FactSpec::amount("current"),
            FactSpec::flag("increase"),
            FactSpec::date("applied_on"),
        ],
        answer: "a deadline",
        answers: &[
            Constructor::new("decide_within", &[Arg::period("period")]),
            Constructor::new(
                "decide_within",
                &[Arg::period("period"), Arg::period("update_every")],
            ),
        ],
        clauses: &[Clause::C3_1],
        parameters: &[
            ParamSpec::new(
                "credit_limit.referred_decision_business_days",
                Unit::BusinessDays,
            ),
            ParamSpec::new(
                "credit_limit.status_update_business_days",
                Unit::BusinessDays,
            ),
        ],
        cases: run_case::<LimitApplication>,
    };
    type Value = DecisionTimetable;

    fn facts(&self, on: NaiveDate) -> Facts {
        let current = self
            .current
            .unwrap_or_else(|| Money::zero(self.requested.currency()));
        Facts::new([
            ("route", self.route.code().into()),
            ("currency", self.requested.currency().code().into()),
            ("requested", self.requested.into()),
            ("current", current.into()),
            ("increase", self.current.is_some().into()),
            ("applied_on", on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<DecisionTimetable, AnswerError> {
        Ok(DecisionTimetable {
            decide_within: answer.period(0)?,
            updates_every: answer.period_if(1),
        })
    }

    fn currency(&self) -> Currency {
        self.requested.currency()
    }

    fn fields(
        &self,
        t: &DecisionTimetable,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "within": t.decide_within.to_string(),
            "updates_every": period_text(t.updates_every),
        }))
    }
}

impl Question for ConsultationQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "credit_limit/information_request",
        entry: "information_request",
        input: "situation",
        facts: &[
            FactSpec::text("kind"),
            FactSpec::text("route").optional(),
            FactSpec::text("currency"),
            FactSpec::amount("amount"),
            FactSpec::amount("current"),
            FactSpec::flag("limit_in_use"),
            FactSpec::text("circumstance")
                .optional()
                .circumstance(ExceptionalCircumstance::CODES),
            FactSpec::date("on"),
        ],
        answer: "a consultation",
        answers: &[
            Constructor::new("ask_customer", &[Arg::period("answer_within")]),
            Constructor::new("no_consultation", &[]),
        ],
        clauses: &[Clause::C3_2],
        parameters: &[ParamSpec::new(
            "credit_limit.consultation_threshold",
            Unit::Amount,
        )],
        cases: run_case::<ConsultationQuestion>,
    };
    /// The customer's answer period, when the customer must be asked first.
    type Value = Option<Period>;

    fn facts(&self, on: NaiveDate) -> Facts {
        let current = self
            .current
            .unwrap_or_else(|| Money::zero(self.amount.currency()));
        Facts::new([
            ("kind", self.kind.code().into()),
            ("route", self.route.map(Route::code).into()),
            ("currency", self.amount.currency().code().into()),
            ("amount", self.amount.into()),
            ("current", current.into()),
            ("limit_in_use", self.limit_in_use.into()),
            (
                "circumstance",
                self.circumstance.map(ExceptionalCircumstance::code).into(),
            ),
            ("on", on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<Option<Period>, AnswerError> {
        Ok(answer.period_if(0))
    }

    fn currency(&self) -> Currency {
        self.amount.currency()
    }

    fn fields(
        &self,
        within: &Option<Period>,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "ask": within.is_some(), "answer_within": period_text(*within) }))
    }
}

impl Question for RatingQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "credit_limit/rating_disclosure",
        entry: "rating_disclosure",
        input: "decision",
        facts: &[
            FactSpec::text("kind"),
            FactSpec::flag("adverse"),
            FactSpec::whole("rating").optional(),
            FactSpec::whole("previous_rating").optional(),
        ],
        answer: "a disclosure",
        answers: &[
            Constructor::new("disclose_rating", &[]),
            Constructor::new("no_disclosure", &[]),
        ],
        clauses: &[Clause::C3_3],
        parameters: &[ParamSpec::new("credit_limit.disclosure_rating", Unit::Count).within(1, 10)],
        cases: run_case::<RatingQuestion>,
    };
    /// Whether the decision must state the buyer's rating.
    type Value = bool;

    fn facts(&self, _: NaiveDate) -> Facts {
        let grade = |r: Option<BuyerRating>| r.map(|r| u32::from(r.grade()));
        Facts::new([
            ("kind", self.kind.code().into()),
            ("adverse", self.adverse.into()),
            ("rating", grade(self.rating).into()),
            ("previous_rating", grade(self.previous_rating).into()),
        ])
    }

    fn read(answer: &Answer) -> Result<bool, AnswerError> {
        Ok(answer.constructor() == "disclose_rating")
    }

    fn fields(
        &self,
        disclose: &bool,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "disclose": disclose }))
    }
}

impl Question for DiscretionaryRequest {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "credit_limit/discretionary_limit",
        entry: "discretionary_limit",
        input: "request",
        facts: &[
            FactSpec::amount("amount"),
            FactSpec::text("currency"),
            FactSpec::date("set_on"),
            FactSpec::date("credit_report_on"),
            FactSpec::flag("loss_in_last_12_months"),
            FactSpec::date("zero_decision_on").optional(),
        ],
        answer: "a verdict",
        answers: &[
            Constructor::new("allow", &[]),
            Constructor::new("refuse", &[]),
        ],
        clauses: &[Clause::C3_1],
        parameters: &[
            ParamSpec::new("credit_limit.discretionary_max", Unit::Amount),
            ParamSpec::new("credit_limit.credit_report_validity_months", Unit::Months),
            ParamSpec::new("credit_limit.discretionary_after_zero_months", Unit::Months),
        ],
        cases: run_case::<DiscretionaryRequest>,
    };
    /// Whether the policy allows the discretionary limit.
    type Value = bool;

    fn facts(&self, on: NaiveDate) -> Facts {
        Facts::new([
            ("amount", self.amount.into()),
            ("currency", self.amount.currency().code().into()),
            ("set_on", on.into()),
            ("credit_report_on", self.credit_report_on.into()),
            ("loss_in_last_12_months", self.loss_in_last_12_months.into()),
            ("zero_decision_on", self.zero_decision_on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<bool, AnswerError> {
        Ok(answer.constructor() == "allow")
    }

    fn currency(&self) -> Currency {
        self.amount.currency()
    }

    fn fields(
        &self,
        allowed: &bool,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({ "allowed": allowed }))
    }
}
