//! Applications and their decisions: timely decisions and status updates (C3.1), working
//! with the customer before an adverse decision (C3.2), ratings (C3.3), the objection right
//! (C3.5), and the customer's own discretionary limit.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::rules::ANSWER_BUSINESS_DAYS;
use super::state::{Application, InformationRequest, LimitKind, LimitTerms};
use super::transition::{LimitTransition, after};
use super::{
    BuyerRating, ConsultationKind, ConsultationQuestion, CreditLimit, CreditLimitEffect,
    CreditLimitError, CreditLimitEvent, CreditLimitState, DiscretionaryRequest, LimitApplication,
    RatingOccasion, RatingQuestion, Route,
};
use crate::charter::Clause;
use crate::explain::{Decision, Discharge, Duty, Party};
use crate::machine::{Step, Transition};
use crate::money::Money;

impl CreditLimit {
    /// C3.1: the rule sets when the decision is due and how often the customer hears
    /// meanwhile; C3.2: whether an adverse outcome needs the customer's information first.
    pub(super) fn apply_for(
        &self,
        requested: Money,
        route: Route,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        self.in_currency(requested)?;
        let current = self.terms.as_ref().map(|t| t.amount);
        match current {
            Some(current) if requested.checked_cmp(current)? != Ordering::Greater => {
                return Err(CreditLimitError::NotAnIncrease { current, requested });
            }
            None if requested.is_zero() || requested.is_negative() => {
                return Err(CreditLimitError::NotPositive { amount: requested });
            }
            _ => {}
        }
        let timetable = at.ask(&LimitApplication {
            route,
            requested,
            current,
        })?;
        let question = ConsultationQuestion {
            kind: ConsultationKind::Application,
            route: Some(route),
            amount: requested,
            current,
            limit_in_use: false,
            circumstance: None,
        };
        let consultation = at.ask(&question)?;
        let decision_due = after(timetable.value.decide_within, on, at)?;
        let what = if current.is_some() {
            "an increase to"
        } else {
            "a limit of"
        };
        let decision = at.obligation(
            "decision",
            Clause::C3_1,
            Party::Insurer,
            Duty::By { due: decision_due },
            format!(
                "notify the decision on the application for {what} {requested} by {decision_due}"
            ),
        );
        let mut record = at.record(Decision::ApplicationReceived, format!("Application for {what} {requested} on buyer {} ({} route); decision due by {decision_due}.", self.buyer, route.code()))
            .reason(timetable.reason)
            .rule(timetable.rule)
            .rule(consultation.rule)
            .obligation(decision.clone());
        let mut update_obligation = None;
        if let Some(every) = timetable.value.updates_every.filter(|_| decision_due > on) {
            let update = self.next_update(every, at)?;
            update_obligation = Some(update.id.clone());
            record = record.obligation(update);
        }
        let application = Application {
            route,
            requested,
            applied_on: on,
            decision_due,
            decision_obligation: decision.id,
            updates_every: timetable.value.updates_every,
            update_obligation,
            consultation: consultation.value,
            information_requested_on: None,
        };
        let next = self.with_state(CreditLimitState::UnderReview { application });
        Ok(Transition {
            next,
            effects: Vec::new(),
            record: record.build()?,
        })
    }

    fn next_update(
        &self,
        every: crate::calendar::Period,
        at: &Step<'_>,
    ) -> Result<crate::explain::Obligation, CreditLimitError> {
        let on = at.on();
        let due = after(every, on, at)?;
        Ok(at.obligation(
            "update",
            Clause::C3_1,
            Party::Insurer,
            Duty::By { due },
            format!("send the customer a status update on the pending application by {due}"),
        ))
    }

    /// C3.1 "kept informed": an update discharges the one due and opens the next.
    pub(super) fn status_update(
        &self,
        application: &Application,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        let mut record = at
            .record(
                Decision::StatusUpdateSent,
                format!(
                    "Status update on the pending application for {}; decision due by {}.",
                    application.requested, application.decision_due
                ),
            )
            .clause(Clause::C3_1);
        if let Some(id) = &application.update_obligation {
            record = record.discharge(Discharge::done(id.clone(), on));
        }
        let mut application = application.clone();
        application.update_obligation = None;
        if let Some(every) = application.updates_every {
            let update = self.next_update(every, at)?;
            application.update_obligation = Some(update.id.clone());
            record = record.obligation(update);
        }
        let state = match &self.state {
            CreditLimitState::AwaitingInformation { request, .. } => {
                CreditLimitState::AwaitingInformation {
                    application,
                    request: request.clone(),
                }
            }
            _ => CreditLimitState::UnderReview { application },
        };
        Ok(Transition {
            next: self.with_state(state),
            effects: Vec::new(),
            record: record.build()?,
        })
    }

    /// C3.2: the insurer asks; the customer's duty to answer starts.
    pub(super) fn request_information(
        &self,
        application: &Application,
        about: &str,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        let period = match application.consultation {
            Some(period) => period,
            None => at.get(&ANSWER_BUSINESS_DAYS)?,
        };
        let answer_due = after(period, on, at)?;
        let answer = at.obligation(
            "answer",
            Clause::C3_2,
            Party::Customer,
            Duty::By { due: answer_due },
            format!("answer the request for information about the buyer by {answer_due}"),
        );
        let topic = if about.is_empty() {
            String::new()
        } else {
            format!(" ({about})")
        };
        let summary = format!(
            "Information about buyer {} requested from the customer{topic}; answer due by {answer_due}.",
            self.buyer
        );
        let record = at
            .record(Decision::InformationRequested, &summary)
            .obligation(answer.clone())
            .build()?;
        let mut application = application.clone();
        application.information_requested_on = Some(on);
        let request = InformationRequest {
            requested_on: on,
            answer_due,
            answer_obligation: answer.id,
        };
        let next = self.with_state(CreditLimitState::AwaitingInformation {
            application,
            request,
        });
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// The customer answers, or the answer period ends without one; the review goes on.
    pub(super) fn information_in(
        &self,
        application: &Application,
        request: &InformationRequest,
        lapsed: bool,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        let (decision, summary, discharge) = if lapsed {
            if on < request.answer_due {
                return Err(CreditLimitError::AnswerPeriodRunning {
                    answer_due: request.answer_due,
                });
            }
            let summary = format!(
                "No answer to the request of {} by {}; the review goes on without it.",
                request.requested_on, request.answer_due
            );
            (
                Decision::AnswerPeriodLapsed,
                summary,
                Discharge::missed(request.answer_obligation.clone(), on),
            )
        } else {
            let summary = format!(
                "The customer answered the request for information of {}.",
                request.requested_on
            );
            (
                Decision::InformationReceived,
                summary,
                Discharge::done(request.answer_obligation.clone(), on),
            )
        };
        let record = at
            .record(decision, &summary)
            .clause(Clause::C3_2)
            .discharge(discharge)
            .build()?;
        let next = self.with_state(CreditLimitState::UnderReview {
            application: application.clone(),
        });
        Ok(Transition {
            next,
            effects: Vec::new(),
            record,
        })
    }

    /// The decision: C3.1 on time, C3.2 consulted first if adverse, C3.3 rating, C3.5 right
    /// to object.
    pub(super) fn decide(
        &self,
        application: &Application,
        event: &CreditLimitEvent,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let CreditLimitEvent::Decided {
            on,
            amount,
            conditions,
            expires_on,
            reasons,
            rating,
            rating_stated,
        } = event
        else {
            return Err(self.not_allowed(event));
        };
        let (on, amount) = (*on, *amount);
        self.not_negative(amount)?;
        if amount.checked_cmp(application.requested)? == Ordering::Greater {
            return Err(CreditLimitError::AboveRequest {
                amount,
                requested: application.requested,
            });
        }
        // A discretionary limit is the customer's own: the insurer's decision replaces it,
        // and a zero decision cancels it (reference/domain.md 1.3), so it is no floor.
        let current = self.terms.clone().filter(|t| t.kind == LimitKind::Insurer);
        if let Some(terms) = &current
            && amount.checked_cmp(terms.amount)? == Ordering::Less
        {
            return Err(CreditLimitError::LowersLimitInForce {
                current: terms.amount,
                amount,
            });
        }
        if let Some(expires_on) = expires_on.filter(|e| *e <= on) {
            return Err(CreditLimitError::ExpiryNotAfterDecision { on, expires_on });
        }
        let decision = classify(
            application,
            current.as_ref().map(|t| t.amount),
            amount,
            conditions,
            *expires_on,
        );
        let summary =
            decision_summary(self, decision, application, amount, conditions, *expires_on);
        let mut record = at
            .record(decision, &summary)
            .amount(amount)
            .clause(Clause::C3_1)
            .discharge(Discharge::done(application.decision_obligation.clone(), on));
        for reason in at.rules().reasons(reasons)? {
            record = record.reason(reason);
        }
        if let Some(update) = &application.update_obligation {
            record = record.discharge(Discharge::done(update.clone(), on));
        }
        let adverse = decision.is_adverse();
        if adverse {
            if let Some(period) = application.consultation {
                let consult = at.obligation("consultation", Clause::C3_2, Party::Insurer, Duty::By { due: on }, format!("ask the customer for information before an adverse decision (answer period {period})"));
                let discharge = match application.information_requested_on {
                    Some(asked) => Discharge::done(consult.id.clone(), asked),
                    None => Discharge::missed(consult.id.clone(), on),
                };
                record = record.obligation(consult).discharge(discharge);
            }
            record = self.offer_objection(record, at)?;
        }
        let rating = rating.or(self.rating);
        let question = RatingQuestion {
            kind: RatingOccasion::Decision,
            adverse,
            rating,
            previous_rating: None,
        };
        let record = self.disclose_rating(record, &question, *rating_stated, at)?;

        let mut next = self.with_state(CreditLimitState::InForce);
        next.rating = rating;
        match decision {
            Decision::LimitRefused => {
                next.state = CreditLimitState::Refused;
                next.zero_decision_on = Some(on);
                next.terms = None;
                next.push_span(super::LimitSpan { from: on, amount });
            }
            Decision::IncreaseRefused => {}
            _ => {
                let after_expiry = current
                    .as_ref()
                    .map_or_else(|| Money::zero(self.currency), |t| t.amount);
                // A temporary limit on top of a temporary one: that one comes back, with
                // its own expiry, if it outlasts this one.
                let underlying = current
                    .as_ref()
                    .filter(|t| expires_on.is_some() && t.expires_on.is_some())
                    .map(|t| Box::new(t.clone()));
                next.put_in_force(
                    on,
                    LimitTerms {
                        amount,
                        kind: LimitKind::Insurer,
                        conditions: conditions.clone(),
                        expires_on: *expires_on,
                        after_expiry,
                        underlying,
                    },
                );
            }
        }
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record: record.build()?,
        })
    }

    /// The customer covers the buyer itself; the rule says whether the policy allows it.
    pub(super) fn set_discretionary(
        &self,
        event: &CreditLimitEvent,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let CreditLimitEvent::DiscretionaryLimitSet {
            on,
            amount,
            credit_report_on,
            loss_in_last_12_months,
        } = event
        else {
            return Err(self.not_allowed(event));
        };
        let (on, amount) = (*on, *amount);
        self.positive(amount)?;
        let request = DiscretionaryRequest {
            amount,
            credit_report_on: *credit_report_on,
            loss_in_last_12_months: *loss_in_last_12_months,
            zero_decision_on: self.zero_decision_on,
        };
        let ruling = at.ask(&request)?;
        let (decision, summary) = if ruling.value {
            (
                Decision::DiscretionaryLimitSet,
                format!(
                    "Discretionary limit of {amount} set by the customer on buyer {}, on a credit report of {credit_report_on}.",
                    self.buyer
                ),
            )
        } else {
            (
                Decision::DiscretionaryLimitRefused,
                format!(
                    "A discretionary limit of {amount} on buyer {} is not allowed under the policy.",
                    self.buyer
                ),
            )
        };
        let mut record = at
            .record(decision, &summary)
            .amount(amount)
            .clause(Clause::C3_1)
            .reason(ruling.reason)
            .rule(ruling.rule);
        let mut next = self.clone();
        if ruling.value {
            next.state = CreditLimitState::InForce;
            next.put_in_force(on, LimitTerms::plain(amount, LimitKind::Discretionary));
        } else {
            record = self.offer_objection(record, at)?;
        }
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record: record.build()?,
        })
    }

    /// A limit recorded without its application (e.g. migrating an existing limit book).
    pub(super) fn grant(
        &self,
        amount: Money,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        self.positive(amount)?;
        let summary = format!("Credit limit of {amount} granted on buyer {}.", self.buyer);
        let record = at
            .record(Decision::LimitGranted, &summary)
            .clause(Clause::C3_1)
            .build()?;
        let mut next = self.with_state(CreditLimitState::InForce);
        next.put_in_force(on, LimitTerms::plain(amount, LimitKind::Insurer));
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// C3.3: a rating change the rule deems relevant is told to the customer.
    pub(super) fn rating_changed(
        &self,
        rating: BuyerRating,
        told: bool,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let previous = self.rating;
        let was = previous.map_or_else(String::new, |p| format!(" from {p}"));
        let summary = format!("Rating of buyer {} changed{was} to {rating}.", self.buyer);
        let question = RatingQuestion {
            kind: RatingOccasion::RatingChange,
            adverse: false,
            rating: Some(rating),
            previous_rating: previous,
        };
        let record = at
            .record(Decision::RatingChanged, &summary)
            .clause(Clause::C3_3);
        let record = self.disclose_rating(record, &question, told, at)?.build()?;
        let mut next = self.clone();
        next.rating = Some(rating);
        let effects = if told {
            vec![CreditLimitEffect::NotifyCustomer { summary }]
        } else {
            Vec::new()
        };
        Ok(Transition {
            next,
            effects,
            record,
        })
    }
}

/// What kind of decision an amount, conditions and expiry make, against the application.
fn classify(
    application: &Application,
    current: Option<Money>,
    amount: Money,
    conditions: &[String],
    expires_on: Option<NaiveDate>,
) -> Decision {
    let granted_all = amount == application.requested;
    match current {
        Some(current) if amount == current => Decision::IncreaseRefused,
        _ if amount.is_zero() => Decision::LimitRefused,
        _ if !granted_all => Decision::LimitPartiallyApproved,
        _ if !conditions.is_empty() => Decision::LimitApprovedWithConditions,
        _ if expires_on.is_some() => Decision::LimitApprovedTemporarily,
        _ => Decision::LimitApproved,
    }
}

fn decision_summary(
    limit: &CreditLimit,
    decision: Decision,
    application: &Application,
    amount: Money,
    conditions: &[String],
    expires_on: Option<NaiveDate>,
) -> String {
    let buyer = &limit.buyer;
    let requested = application.requested;
    let mut summary = match decision {
        Decision::LimitRefused => {
            format!("Application for {requested} on buyer {buyer} refused: zero decision.")
        }
        Decision::IncreaseRefused => format!(
            "Increase to {requested} on buyer {buyer} refused; the limit of {amount} stays."
        ),
        Decision::LimitPartiallyApproved => format!(
            "Counter-offer: {amount} granted on buyer {buyer} of the {requested} applied for."
        ),
        _ => format!("Limit of {amount} granted on buyer {buyer} as applied for."),
    };
    if !conditions.is_empty() {
        summary.push_str(&format!(" Conditions: {}.", conditions.join("; ")));
    }
    if let Some(expires_on) = expires_on {
        summary.push_str(&format!(" Temporary until {expires_on}."));
    }
    summary
}
