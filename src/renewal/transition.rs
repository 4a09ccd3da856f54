//! `apply`: the only way a policy period changes.

use chrono::NaiveDate;

use super::{PeriodEffect, PeriodEvent, PeriodState, PolicyPeriod, RenewalError};
use crate::calendar::{MonthEnd, add_months, sub_days};
use crate::charter::Clause;
use crate::explain::{Decision, Discharge, Duty, Obligation, ObligationId, Party, RecordBuilder};
use crate::rulebook::{PeriodQuestion, PolicyRules};
use crate::transition::Transition;

/// What one accepted policy-period event produces.
pub type PeriodTransition = Transition<PolicyPeriod, PeriodEffect>;

impl PolicyPeriod {
    /// Applies one event under a policy's rules; a rejected event leaves the period as it was.
    ///
    /// # Errors
    ///
    /// [`RenewalError::LateNotice`] for notice of non-renewal after its last day;
    /// [`RenewalError::NotEnded`] for a period ended early;
    /// [`RenewalError::EventNotAllowed`] / [`RenewalError::OutOfOrder`];
    /// [`RenewalError::Rule`] when a rule fails.
    pub fn apply(
        &self,
        event: &PeriodEvent,
        rules: &PolicyRules,
    ) -> Result<PeriodTransition, RenewalError> {
        if let Some(last) = self.last_event_on.filter(|last| event.on() < *last) {
            return Err(RenewalError::OutOfOrder {
                event: event.kind(),
                on: event.on(),
                last,
            });
        }
        match (&self.state, event, self.ends_on) {
            (PeriodState::NotStarted, PeriodEvent::Started { on }, _) => {
                self.begin(*on, *on, Decision::PolicyPeriodStarted, None, rules)
            }
            (
                PeriodState::Running | PeriodState::EndingWithoutRenewal { .. },
                PeriodEvent::RenewalDocumentsSent { on },
                _,
            ) => {
                let summary = format!("Renewal documents for policy {} sent.", self.policy);
                let mut record = self.record(*on, Decision::RenewalDocumentsSent, &summary, rules);
                if let Some(id) = &self.documents {
                    record = record.discharge(Discharge::done(id.clone(), *on));
                }
                let next = PolicyPeriod {
                    documents: None,
                    ..self.advance(*on, self.state.clone())
                };
                Ok(Transition {
                    next,
                    effects: vec![PeriodEffect::NotifyCustomer { summary }],
                    record: record.build()?,
                })
            }
            (PeriodState::Running, PeriodEvent::NonRenewalNotice { on, by }, Some(ends_on)) => {
                self.notice(*on, *by, ends_on, rules)
            }
            (
                PeriodState::Running | PeriodState::EndingWithoutRenewal { .. },
                PeriodEvent::PeriodEnded { on },
                Some(ends_on),
            ) => {
                if *on <= ends_on {
                    return Err(RenewalError::NotEnded { on: *on, ends_on });
                }
                match self.state {
                    PeriodState::EndingWithoutRenewal { .. } => {
                        let summary = format!(
                            "Policy {} ended on {ends_on} after notice of non-renewal.",
                            self.policy
                        );
                        let record = self
                            .record(*on, Decision::PolicyEnded, &summary, rules)
                            .build()?;
                        let next = PolicyPeriod {
                            documents: None,
                            ..self.advance(*on, PeriodState::Ended)
                        };
                        Ok(Transition {
                            next,
                            effects: vec![PeriodEffect::NotifyCustomer { summary }],
                            record,
                        })
                    }
                    // The next period starts the day after the last one, whenever the event
                    // is recorded: a late record must not shift every later period.
                    _ => {
                        let starts_on = ends_on.succ_opt().unwrap_or(*on);
                        self.begin(
                            *on,
                            starts_on,
                            Decision::PolicyRenewed,
                            self.documents.clone(),
                            rules,
                        )
                    }
                }
            }
            (_, event, _) => Err(RenewalError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }

    fn record(
        &self,
        on: NaiveDate,
        decision: Decision,
        summary: &str,
        rules: &PolicyRules,
    ) -> RecordBuilder {
        rules
            .record(on, self.subject(), decision, summary)
            .clause(Clause::C2_3)
    }

    fn advance(&self, on: NaiveDate, state: PeriodState) -> PolicyPeriod {
        PolicyPeriod {
            state,
            last_event_on: Some(on),
            events: self.events + 1,
            ..self.clone()
        }
    }

    /// A period starts (first, or renewed): the rule dates the documents and the notice.
    /// A renewal whose documents never came discharges that duty as missed.
    fn begin(
        &self,
        on: NaiveDate,
        starts_on: NaiveDate,
        decision: Decision,
        unsent: Option<ObligationId>,
        rules: &PolicyRules,
    ) -> Result<PeriodTransition, RenewalError> {
        let crate::calendar::Period::Months(months) =
            rules.period("renewal.period_months", starts_on)?
        else {
            return Err(RenewalError::Rule(crate::rulebook::RuleError {
                rule: "renewal.period_months".into(),
                location: None,
                kind: crate::rulebook::RuleErrorKind::Parameter {
                    message: "`renewal.period_months` must be a number of months".into(),
                },
            }));
        };
        let ends_on = sub_days(add_months(starts_on, months, MonthEnd::Clamp)?, 1)?;
        let timetable = rules.renewal_timetable(
            &PeriodQuestion {
                starts_on,
                ends_on,
                months,
            },
            on,
        )?;
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
        let documents = Obligation {
            id: ObligationId(format!(
                "{}#{}.documents",
                self.subject().id,
                self.events + 1
            )),
            clause: Clause::C2_3,
            subject: self.subject(),
            owner: Party::Insurer,
            duty: Duty::By { due: documents_due },
            what: format!(
                "send the renewal documents for the period after {ends_on} by {documents_due}"
            ),
            waiver: None,
        };
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
            .record(on, decision, &summary, rules)
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
            ..self.advance(on, PeriodState::Running)
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
        on: NaiveDate,
        by: Party,
        ends_on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<PeriodTransition, RenewalError> {
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
        let mut record = self.record(on, Decision::NonRenewalNoticeGiven, &summary, rules);
        // No next period, so no renewal documents are owed: the notice closes that duty.
        if let Some(id) = &self.documents {
            record = record.discharge(Discharge::done(id.clone(), on));
        }
        let record = record.build()?;
        let next = PolicyPeriod {
            documents: None,
            ..self.advance(on, PeriodState::EndingWithoutRenewal { by, on })
        };
        Ok(Transition {
            next,
            effects: vec![PeriodEffect::NotifyCustomer { summary }],
            record,
        })
    }
}
