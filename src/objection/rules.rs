//! The question the objection machine asks, mirroring `rules/objection/`.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `handling` (C3.5, C4.3) | [`ObjectionQuestion`] | when the objection is acknowledged, updated and answered, an [`ObjectionTimetable`] | a filed objection |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Period;
use crate::charter::Clause;
use crate::explain::{Decision, SubjectKind};
use crate::machine::OBJECTION_WINDOW;
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, Fact, FactSpec, Facts, ParamSpec, PolicyRules,
    Question, RuleSpec, Unit, run_case,
};

/// An objection, as `objection/handling` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionQuestion {
    /// What the decision objected to is about.
    pub subject: SubjectKind,
    /// The decision objected to.
    pub decision: Decision,
    /// When it was taken.
    pub decided_on: NaiveDate,
}

/// C3.5 — how an objection is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionTimetable {
    /// Acknowledged within this, from filing.
    pub acknowledge: Period,
    /// A progress update is due within this, from filing.
    pub update: Period,
    /// The final answer is due within this, from filing.
    pub answer: Period,
    /// After the final answer, the customer may take it outside within this.
    pub escalate: Period,
}

/// What the objection machine contributes to the manifest: the right to object that every
/// adverse decision grants, and the codes of its own outcomes.
pub(crate) const AREA: Area = Area {
    name: "objection",
    rules: &[ObjectionQuestion::RULE],
    parameters: &[OBJECTION_WINDOW.spec()],
    reasons: &[
        "objection_upheld",
        "objection_partly_upheld",
        "objection_rejected_information",
        "external_escalation",
    ],
};

impl Question for ObjectionQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "objection/handling",
        entry: "handling",
        input: "objection",
        facts: &[
            FactSpec::text("subject"),
            FactSpec::text("decision"),
            FactSpec::date("decided_on"),
            FactSpec::date("filed_on"),
        ],
        answer: "a timetable",
        answers: &[Constructor::new(
            "handle_within",
            &[
                Arg::period("acknowledge"),
                Arg::period("update"),
                Arg::period("answer"),
                Arg::period("escalate"),
            ],
        )],
        clauses: &[Clause::C3_5, Clause::C4_3],
        parameters: &[
            ParamSpec::new("objection.acknowledge_business_days", Unit::BusinessDays),
            ParamSpec::new("objection.progress_update_days", Unit::Days),
            ParamSpec::new("objection.final_answer_days", Unit::Days),
            ParamSpec::new("objection.escalation_months", Unit::Months),
        ],
        cases: run_case::<ObjectionQuestion>,
    };
    type Value = ObjectionTimetable;

    fn facts(&self, on: NaiveDate) -> Facts {
        Facts::new([
            ("subject", self.subject.code().into()),
            ("decision", Fact::code(&self.decision)),
            ("decided_on", self.decided_on.into()),
            ("filed_on", on.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<ObjectionTimetable, AnswerError> {
        Ok(ObjectionTimetable {
            acknowledge: answer.period(0)?,
            update: answer.period(1)?,
            answer: answer.period(2)?,
            escalate: answer.period(3)?,
        })
    }

    fn fields(
        &self,
        t: &ObjectionTimetable,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "acknowledge": t.acknowledge.to_string(), "update": t.update.to_string(),
            "answer": t.answer.to_string(), "escalate": t.escalate.to_string(),
        }))
    }
}
