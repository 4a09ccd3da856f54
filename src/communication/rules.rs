//! The question the communication machines ask and the parameters they read, mirroring
//! `rules/communication/`.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `response_times` (C1.1, C2.1) | [`InquiryQuestion`] | how fast it is acknowledged and answered, a [`ResponseTimetable`] | a question received |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Period;
use crate::charter::Clause;
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, Fact, FactSpec, Facts, Param, ParamSpec,
    PolicyRules, Question, RuleSpec, Unit, run_case,
};

/// How a question reached the insurer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// By telephone.
    Phone,
    /// By e-mail.
    Email,
    /// Through the online portal.
    Portal,
    /// By letter.
    Letter,
}

/// How urgent a question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Ordinary.
    Normal,
    /// Urgent, e.g. a delivery waiting on a limit.
    Urgent,
}

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Policy administration or the online systems (C2.1).
    Administration,
    /// Credit limits.
    CreditLimits,
    /// Claims and collections.
    Claims,
    /// Invoices and premium.
    Invoices,
    /// Anything else.
    Other,
}

/// A question, as `communication/response_times` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InquiryQuestion {
    /// How it arrived.
    pub channel: Channel,
    /// How urgent it is.
    pub priority: Priority,
    /// What it is about.
    pub topic: Topic,
}

/// C1.1 — how fast a question is acknowledged and answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseTimetable {
    /// Acknowledged within this.
    pub acknowledge: Period,
    /// Answered within this.
    pub answer: Period,
}

/// C1.2, C6.1 — a named account manager is owed within this of the relationship's start.
pub(super) const CONTACT_BUSINESS_DAYS: Param<Period> =
    Param::business_days("communication.contact_business_days");
/// C1.4 — feedback is answered within this.
pub(super) const FEEDBACK_ANSWER_BUSINESS_DAYS: Param<Period> =
    Param::business_days("communication.feedback_answer_business_days");

/// What the communication machines contribute to the manifest.
pub(crate) const AREA: Area = Area {
    name: "communication",
    rules: &[InquiryQuestion::RULE],
    parameters: &[
        CONTACT_BUSINESS_DAYS.spec(),
        FEEDBACK_ANSWER_BUSINESS_DAYS.spec(),
    ],
    reasons: &[],
};

impl Question for InquiryQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "communication/response_times",
        entry: "response_times",
        input: "inquiry",
        facts: &[
            FactSpec::text("channel"),
            FactSpec::text("priority"),
            FactSpec::text("topic"),
            FactSpec::date("received_on"),
        ],
        answer: "response times",
        answers: &[Constructor::new(
            "respond_within",
            &[Arg::period("acknowledge"), Arg::period("answer")],
        )],
        clauses: &[Clause::C1_1, Clause::C2_1],
        parameters: &[
            ParamSpec::new(
                "communication.acknowledge_business_days",
                Unit::BusinessDays,
            ),
            ParamSpec::new("communication.answer_business_days", Unit::BusinessDays),
            ParamSpec::new("communication.urgent_business_days", Unit::BusinessDays),
        ],
        cases: run_case::<InquiryQuestion>,
    };
    type Value = ResponseTimetable;

    fn facts(&self, on: NaiveDate) -> Facts {
        Facts::new([
            ("channel", Fact::code(&self.channel)),
            ("priority", Fact::code(&self.priority)),
            ("topic", Fact::code(&self.topic)),
            ("received_on", on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<ResponseTimetable, AnswerError> {
        Ok(ResponseTimetable {
            acknowledge: answer.period(0)?,
            answer: answer.period(1)?,
        })
    }

    fn fields(
        &self,
        t: &ResponseTimetable,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "acknowledge": t.acknowledge.to_string(),
            "answer": t.answer.to_string(),
        }))
    }
}
