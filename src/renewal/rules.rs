//! The question the renewal machine asks and the parameter it reads, mirroring
//! `rules/renewal/`.
//!
//! | rule | question | answer | asked by |
//! |---|---|---|---|
//! | `timetable` (C2.3) | [`PeriodQuestion`] | when the documents are due and notice may be given, as [`RenewalDates`] | a period that starts or renews |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Period;
use crate::charter::Clause;
use crate::rulebook::{
    Answer, AnswerError, Area, Arg, Constructor, FactSpec, Facts, Param, ParamSpec, PolicyRules,
    Question, RuleSpec, Unit, run_case,
};

/// A policy period, as `renewal/timetable` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuestion {
    /// First day of the period.
    pub starts_on: NaiveDate,
    /// Last day of the period.
    pub ends_on: NaiveDate,
    /// Its length in months.
    pub months: u32,
}

/// C2.3 — the renewal dates, counted back from expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalDates {
    /// The renewal documents are due this long before the period ends.
    pub documents_before: Period,
    /// Notice of non-renewal must be given at least this long before the period ends.
    pub notice_before: Period,
}

/// C2.3 — the length of a policy period, renewed for the same term.
pub(super) const PERIOD_MONTHS: Param<Period> = Param::months("renewal.period_months");

/// What the renewal machine contributes to the manifest.
pub(crate) const AREA: Area = Area {
    name: "renewal",
    rules: &[PeriodQuestion::RULE],
    parameters: &[PERIOD_MONTHS.spec()],
    reasons: &[],
};

impl Question for PeriodQuestion {
    const RULE: &'static RuleSpec = &RuleSpec {
        id: "renewal/timetable",
        entry: "timetable",
        input: "period",
        facts: &[
            FactSpec::date("starts_on"),
            FactSpec::date("ends_on"),
            FactSpec::whole("months"),
        ],
        answer: "a timetable",
        answers: &[Constructor::new(
            "renewal_timetable",
            &[
                Arg::period("documents_before"),
                Arg::period("notice_before"),
            ],
        )],
        clauses: &[Clause::C2_3],
        parameters: &[
            ParamSpec::new("renewal.documents_days_before", Unit::Days),
            ParamSpec::new("renewal.notice_months_before", Unit::Months),
        ],
        cases: run_case::<PeriodQuestion>,
    };
    type Value = RenewalDates;

    fn facts(&self, _: NaiveDate) -> Facts {
        Facts::new([
            ("starts_on", self.starts_on.into()),
            ("ends_on", self.ends_on.into()),
            ("months", self.months.into()),
        ])
    }

    fn read(answer: &Answer) -> Result<RenewalDates, AnswerError> {
        Ok(RenewalDates {
            documents_before: answer.period(0)?,
            notice_before: answer.period(1)?,
        })
    }

    fn fields(
        &self,
        t: &RenewalDates,
        _: NaiveDate,
        _: &PolicyRules,
    ) -> Result<serde_json::Value, String> {
        Ok(serde_json::json!({
            "documents_before": t.documents_before.to_string(),
            "notice_before": t.notice_before.to_string(),
        }))
    }
}
