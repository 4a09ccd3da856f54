//! Typed calls for the service promises: objections (C3.5, C4.3), renewals (C2.3) and
//! answers to the customer's questions (C1.1, C2.1).

use chrono::NaiveDate;
use rhai::Dynamic;
use serde::{Deserialize, Serialize};

use super::bindings::{Date, Facts, ObjectionHandling, RenewalTimetable, ResponseTimes};
use super::calls::{PolicyRules, Ruling};
use super::error::RuleError;
use super::spec::{OBJECTION_HANDLING, RENEWAL_TIMETABLE, RESPONSE_TIMES};
use crate::calendar::Period;
use crate::explain::{Decision, SubjectKind};

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

/// How a question reached the insurer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Ordinary.
    Normal,
    /// Urgent, e.g. a delivery waiting on a limit.
    Urgent,
}

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The snake_case name of a serde enum value, as rules see it.
fn code<T: Serialize>(value: &T) -> Dynamic {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .map_or(Dynamic::UNIT, Dynamic::from)
}

impl PolicyRules {
    /// C3.5, C4.3 — how an objection filed on `on` is handled.
    ///
    /// Rule `objection/handling`; by default acknowledged within 5 business days, a
    /// progress update within 4 weeks, a final answer within 8 weeks, and 3 months to take
    /// it outside (`reference/domain.md` 5.2, 5.3).
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails or answers with an unknown reason.
    pub fn objection_handling(
        &self,
        question: &ObjectionQuestion,
        on: NaiveDate,
    ) -> Result<Ruling<ObjectionTimetable>, RuleError> {
        let facts = Facts::new([
            ("subject", code(&question.subject)),
            ("decision", code(&question.decision)),
            ("decided_on", Dynamic::from(Date(question.decided_on))),
            ("filed_on", Dynamic::from(Date(on))),
        ]);
        self.ask(OBJECTION_HANDLING, on, facts, |h: ObjectionHandling| {
            (
                ObjectionTimetable {
                    acknowledge: h.acknowledge,
                    update: h.update,
                    answer: h.answer,
                    escalate: h.escalate,
                },
                h.reason,
            )
        })
    }

    /// C2.3 — when the renewal documents are due and the last day for notice of
    /// non-renewal, counted back from the end of a period.
    ///
    /// Rule `renewal/timetable`; by default documents 60 days and notice 2 months before
    /// expiry (`reference/domain.md` 1.4).
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails or answers with an unknown reason.
    pub fn renewal_timetable(
        &self,
        period: &PeriodQuestion,
        on: NaiveDate,
    ) -> Result<Ruling<RenewalDates>, RuleError> {
        let facts = Facts::new([
            ("starts_on", Dynamic::from(Date(period.starts_on))),
            ("ends_on", Dynamic::from(Date(period.ends_on))),
            ("months", Dynamic::from_int(i64::from(period.months))),
        ]);
        self.ask(RENEWAL_TIMETABLE, on, facts, |t: RenewalTimetable| {
            (
                RenewalDates {
                    documents_before: t.documents_before,
                    notice_before: t.notice_before,
                },
                t.reason,
            )
        })
    }

    /// C1.1, C2.1 — how fast a question received on `on` is acknowledged and answered.
    ///
    /// Rule `communication/response_times`.
    ///
    /// # Errors
    ///
    /// [`RuleError`] when the rule fails or answers with an unknown reason.
    pub fn response_times(
        &self,
        inquiry: &InquiryQuestion,
        on: NaiveDate,
    ) -> Result<Ruling<ResponseTimetable>, RuleError> {
        let facts = Facts::new([
            ("channel", code(&inquiry.channel)),
            ("priority", code(&inquiry.priority)),
            ("topic", code(&inquiry.topic)),
            ("received_on", Dynamic::from(Date(on))),
        ]);
        self.ask(RESPONSE_TIMES, on, facts, |r: ResponseTimes| {
            (
                ResponseTimetable {
                    acknowledge: r.acknowledge,
                    answer: r.answer,
                },
                r.reason,
            )
        })
    }
}
