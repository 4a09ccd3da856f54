//! The policy period's step: the only way it changes.

use chrono::NaiveDate;

use super::rules::{PERIOD_MONTHS, PeriodQuestion};
use super::{PeriodEffect, PeriodEvent, PeriodState, PolicyPeriod, RenewalError};
use crate::calendar::{MonthEnd, add_months, sub_days};
use crate::charter::Clause;
use crate::explain::{
    Decision, Discharge, Duty, ObligationId, Party, RecordBuilder, Subject, SubjectKind,
};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};

/// What one accepted policy-period event produces.
pub type PeriodTransition = Transition<PolicyPeriod, PeriodEffect>;

kept!(PolicyPeriod);

impl Machine for PolicyPeriod {
    type Event = PeriodEvent;
    type Effect = PeriodEffect;
    type Error = RenewalError;

    /// `policy period POL-1`.
    fn subject(&self) -> Subject {
        Subject::new(SubjectKind::PolicyPeriod, self.policy.to_string())
    }

    /// # Errors
    ///
    /// [`RenewalError::LateNotice`] for notice of non-renewal after its last day;
    /// [`RenewalError::NotEnded`] for a period ended early;
    /// [`RenewalError::EventNotAllowed`]; [`RenewalError::Rule`] when a rule fails.
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        use PeriodState as St;
        let on = at.on();
        match (&self.state, event, self.ends_on) {
            (St::NotStarted, PeriodEvent::Started { .. }, _) => {
                self.begin(on, Decision::PolicyPeriodStarted, None, at)
            }
            (
                St::Running | St::EndingWithoutRenewal { .. },
                PeriodEvent::RenewalDocumentsSent { .. },
                _,
            ) => self.documents_sent(at),
            (St::Running, PeriodEvent::NonRenewalNotice { by, .. }, Some(ends_on)) => {
                self.notice(*by, ends_on, at)
            }
            (
                St::Running | St::EndingWithoutRenewal { .. },
                PeriodEvent::PeriodEnded { .. },
                Some(ends_on),
            ) if on <= ends_on => Err(RenewalError::NotEnded { on, ends_on }),
            (St::EndingWithoutRenewal { .. }, PeriodEvent::PeriodEnded { .. }, Some(ends_on)) => {
                self.end(ends_on, at)
            }
            // The next period starts the day after the last one, whenever the event is
            // recorded: a late record must not shift every later period.
            (St::Running, PeriodEvent::PeriodEnded { .. }, Some(ends_on)) => self.begin(
                ends_on.succ_opt().unwrap_or(on),
                Decision::PolicyRenewed,
                self.documents.clone(),
                at,
            ),
            (_, event, _) => Err(RenewalError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }
}

impl PolicyPeriod {
    /// A record of this period (C2.3).
    fn record(&self, decision: Decision, summary: &str, at: &Step<'_>) -> RecordBuilder {
        at.record(decision, summary).clause(Clause::C2_3)
    }

    fn with_state(&self, state: PeriodState) -> PolicyPeriod {
        PolicyPeriod {
            state,
            ..self.clone()
        }
    }

    fn documents_sent(&self, at: &Step<'_>) -> Result<PeriodTransition, RenewalError> {
        let summary = format!("Renewal documents for policy {} sent.", self.policy);
        let mut record = self.record(Decision::RenewalDocumentsSent, &summary, at);
        if let Some(id) = &self.documents {
            record = record.discharge(Discharge::done(id.clone(), at.on()));
        }
        let next = PolicyPeriod {
            documents: None,
            ..self.clone()
        };
        Ok(Transition {
            next,
            effects: vec![PeriodEffect::NotifyCustomer { summary }],
            record: record.build()?,
        })
    }

    fn end(&self, ends_on: NaiveDate, at: &Step<'_>) -> Result<PeriodTransition, RenewalError> {
        let summary = format!(
            "Policy {} ended on {ends_on} after notice of non-renewal.",
            self.policy
        );
        let record = self.record(Decision::PolicyEnded, &summary, at).build()?;
        let next = PolicyPeriod {
            documents: None,
            ..self.with_state(PeriodState::Ended)
        };
        Ok(Transition {
            next,
            effects: vec![PeriodEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// A period starts (first, or renewed): the rule dates the documents and the notice.
    /// A renewal whose documents never came discharges that duty as missed.
    fn begin(
        &self,
        starts_on: NaiveDate,
        decision: Decision,
        unsent: Option<ObligationId>,
        at: &Step<'_>,
    ) -> Result<PeriodTransition, RenewalError> {
        let (on, rules) = (at.on(), at.rules());
        let crate::calendar::Period::Months(months) = rules.get(&PERIOD_MONTHS, starts_on)? else {
            return Err(RenewalError::Rule(crate::rulebook::RuleError {
                rule: "renewal.period_months",
                text: None,
                location: None,
                kind: crate::rulebook::RuleErrorKind::Parameter {
                    message: "`renewal.period_months` must be a number of months".into(),
                },
            }));
        };
        let ends_on = sub_days(add_months(starts_on, months, MonthEnd::Clamp)?, 1)?;
        let timetable = at.ask(&PeriodQuestion {
            starts_on,
            ends_on,
            months,
        })?;
        let documents_due = timetable
            .value
            .documents_before
            .before(ends_on, rules.calendar())?
            .max(starts_on);
        let notice_by = timetable
            .value
            .notice_before
            .before(ends_on, rules.calendar())?
            .max(starts_on);
        let documents = at.obligation(
            "documents",
            Clause::C2_3,
            Party::Insurer,
            Duty::By { due: documents_due },
            format!("send the renewal documents for the period after {ends_on} by {documents_due}"),
        );
        let verb = if decision == Decision::PolicyRenewed {
            "renewed"
        } else {
            "started"
        };
        let summary = format!(
            "Policy {} {verb}: period {starts_on} to {ends_on}; renewal documents due by {documents_due}; notice of non-renewal possible until {notice_by}.",
            self.policy
        );
        let mut record = self
            .record(decision, &summary, at)
            .reason(timetable.reason)
            .rule(timetable.rule)
            .obligation(documents.clone());
        if let Some(id) = unsent {
            record = record.discharge(Discharge::missed(id, on));
        }
        let next = PolicyPeriod {
            starts_on: Some(starts_on),
            ends_on: Some(ends_on),
            notice_by: Some(notice_by),
            documents: Some(documents.id),
            ..self.with_state(PeriodState::Running)
        };
        let effects = vec![
            PeriodEffect::NotifyCustomer { summary },
            PeriodEffect::PrepareRenewalDocuments { due: documents_due },
        ];
        Ok(Transition {
            next,
            effects,
            record: record.build()?,
        })
    }

    fn notice(
        &self,
        by: Party,
        ends_on: NaiveDate,
        at: &Step<'_>,
    ) -> Result<PeriodTransition, RenewalError> {
        let on = at.on();
        let last_day = self.notice_by.unwrap_or(ends_on);
        if on > last_day {
            let renews_on = ends_on.succ_opt().unwrap_or(ends_on);
            return Err(RenewalError::LateNotice {
                on,
                last_day,
                renews_on,
            });
        }
        let summary = format!(
            "The {by} gave notice that policy {} ends on {ends_on} without renewal.",
            self.policy
        );
        let mut record = self.record(Decision::NonRenewalNoticeGiven, &summary, at);
        // No next period, so no renewal documents are owed: the notice closes that duty.
        if let Some(id) = &self.documents {
            record = record.discharge(Discharge::done(id.clone(), on));
        }
        let record = record.build()?;
        let next = PolicyPeriod {
            documents: None,
            ..self.with_state(PeriodState::EndingWithoutRenewal { by, on })
        };
        Ok(Transition {
            next,
            effects: vec![PeriodEffect::NotifyCustomer { summary }],
            record,
        })
    }
}
