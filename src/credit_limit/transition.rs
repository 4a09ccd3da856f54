//! `apply`: the only way a credit limit changes. Each arm builds the next value in locals;
//! the work is in `review.rs` (applications, C3.1–C3.3) and `change.rs` (C3.4 and the other
//! ways a limit ends).

use chrono::NaiveDate;

use super::{
    CreditLimit, CreditLimitEffect, CreditLimitError, CreditLimitEvent, CreditLimitState,
    LimitSpan, LimitTerms, RatingOccasion, RatingQuestion,
};
use crate::calendar::Period;
use crate::charter::Clause;
use crate::explain::{
    Decision, Discharge, Duty, ObjectionRight, Obligation, ObligationId, Party, RecordBuilder,
};
use crate::money::Money;
use crate::rulebook::{PolicyRules, Reason};
use crate::transition::Transition;

/// What one accepted credit-limit event produces.
pub type LimitTransition = Transition<CreditLimit, CreditLimitEffect>;

impl CreditLimit {
    /// Applies one event under a policy's rules.
    ///
    /// Takes `&self` and returns a new value: a rejected event leaves the limit exactly as
    /// it was.
    ///
    /// # Errors
    ///
    /// [`CreditLimitError::EventNotAllowed`] when the event does not fit the status;
    /// [`CreditLimitError::OutOfOrder`] for an event dated before the last one;
    /// amount, date and reason errors for an event that contradicts itself or the limit;
    /// [`CreditLimitError::Rule`] when a rule fails (the machine fails closed).
    pub fn apply(
        &self,
        event: &CreditLimitEvent,
        rules: &PolicyRules,
    ) -> Result<LimitTransition, CreditLimitError> {
        use CreditLimitEvent as Ev;
        use CreditLimitState as St;
        if let Some(last) = self.last_event_on.filter(|last| event.on() < *last) {
            return Err(CreditLimitError::OutOfOrder {
                event: event.kind(),
                on: event.on(),
                last,
            });
        }
        let closed = matches!(
            self.state,
            St::NoLimit | St::Refused | St::Withdrawn | St::Cancelled | St::Expired
        );
        match (&self.state, event) {
            (
                St::InForce,
                Ev::Applied {
                    on,
                    requested,
                    route,
                },
            ) => self.apply_for(*on, *requested, *route, rules),
            (
                _,
                Ev::Applied {
                    on,
                    requested,
                    route,
                },
            ) if closed => self.apply_for(*on, *requested, *route, rules),
            (
                St::UnderReview { application } | St::AwaitingInformation { application, .. },
                Ev::StatusUpdateSent { on },
            ) => self.status_update(application, *on, rules),
            (St::UnderReview { application }, Ev::InformationRequested { on, about }) => {
                self.request_information(application, *on, about, rules)
            }
            (
                St::AwaitingInformation {
                    application,
                    request,
                },
                Ev::InformationReceived { on },
            ) => self.information_in(application, request, *on, false, rules),
            (
                St::AwaitingInformation {
                    application,
                    request,
                },
                Ev::AnswerPeriodLapsed { on },
            ) => self.information_in(application, request, *on, true, rules),
            (St::UnderReview { application }, Ev::Decided { .. }) => {
                self.decide(application, event, rules)
            }
            (_, Ev::DiscretionaryLimitSet { .. }) if closed => self.set_discretionary(event, rules),
            (_, Ev::Granted { on, amount }) if closed => self.grant(*on, *amount, rules),
            (
                _,
                Ev::RatingChanged {
                    on,
                    rating,
                    told_customer,
                },
            ) => self.rating_changed(*on, *rating, *told_customer, rules),
            (St::InForce, Ev::ReductionAnnounced { .. } | Ev::WithdrawalAnnounced { .. }) => {
                self.announce(event, rules)
            }
            (St::ChangeAnnounced { change }, Ev::ChangeApplied { on }) => {
                self.apply_change(change, *on, rules)
            }
            (St::InForce, Ev::CancelledByCustomer { on }) => self.cancel(*on, rules),
            (St::InForce, Ev::TemporaryLimitExpired { on }) => self.expire(*on, rules),
            (_, Ev::Restored { on, amount })
                if !matches!(
                    self.state,
                    St::UnderReview { .. } | St::AwaitingInformation { .. }
                ) =>
            {
                self.restore(*on, *amount, rules)
            }
            (_, event) => Err(CreditLimitError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }

    /// The limit in force now, or zero.
    pub(super) fn current(&self) -> Money {
        self.terms
            .as_ref()
            .map_or_else(|| Money::zero(self.currency), |t| t.amount)
    }

    /// An amount a limit is set to: in the limit's currency and more than zero.
    pub(super) fn positive(&self, amount: Money) -> Result<(), CreditLimitError> {
        self.in_currency(amount)?;
        if amount.is_zero() || amount.is_negative() {
            return Err(CreditLimitError::NotPositive { amount });
        }
        Ok(())
    }

    /// An amount a decision or correction sets: in the limit's currency, zero allowed (a
    /// refusal or a withdrawal).
    pub(super) fn not_negative(&self, amount: Money) -> Result<(), CreditLimitError> {
        self.in_currency(amount)?;
        if amount.is_negative() {
            return Err(CreditLimitError::Negative { amount });
        }
        Ok(())
    }

    pub(super) fn in_currency(&self, amount: Money) -> Result<(), CreditLimitError> {
        if amount.currency() == self.currency {
            Ok(())
        } else {
            Err(CreditLimitError::WrongCurrency {
                amount,
                currency: self.currency.code().to_owned(),
            })
        }
    }

    /// Starts the record of this event's decision.
    pub(super) fn record(
        &self,
        on: NaiveDate,
        decision: Decision,
        summary: &str,
        rules: &PolicyRules,
    ) -> RecordBuilder {
        rules.record(on, self.subject(), decision, summary)
    }

    /// Ids are the subject, the number of the event that opens them, and a label.
    pub(super) fn obligation_id(&self, label: &str) -> ObligationId {
        ObligationId(format!("{}#{}.{label}", self.subject().id, self.events + 1))
    }

    /// An obligation this event opens.
    pub(super) fn obligation(
        &self,
        label: &str,
        clause: Clause,
        owner: Party,
        duty: Duty,
        what: String,
    ) -> Obligation {
        Obligation {
            id: self.obligation_id(label),
            clause,
            subject: self.subject(),
            owner,
            duty,
            what,
            waiver: None,
        }
    }

    /// C3.5: an adverse decision carries the objection right and its deadline, and the
    /// report shows it was offered.
    pub(super) fn offer_objection(
        &self,
        record: RecordBuilder,
        on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<RecordBuilder, CreditLimitError> {
        let until = rules
            .period("objection.window_months", on)?
            .after(on, rules.calendar())?;
        let offered = self.obligation(
            "objection",
            Clause::C3_5,
            Party::Insurer,
            Duty::By { due: on },
            format!("state the objection route and its deadline ({until}) in the decision"),
        );
        let id = offered.id.clone();
        Ok(record
            .objection(ObjectionRight {
                until,
                clause: Clause::C3_5,
            })
            .obligation(offered)
            .discharge(Discharge::done(id, on)))
    }

    /// C3.3: when the rule says the rating is relevant, the decision must state it; the
    /// record shows whether it did.
    pub(super) fn disclose_rating(
        &self,
        record: RecordBuilder,
        question: &RatingQuestion,
        stated: bool,
        on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<RecordBuilder, CreditLimitError> {
        let ruling = rules.rating_disclosure(question, on)?;
        let record = match (stated, question.rating) {
            (true, Some(rating)) => record.rating(rating),
            _ => record,
        };
        let record = record.rule(ruling.rule);
        if !ruling.value {
            return Ok(record);
        }
        let rating = question.rating.map_or_else(
            || "the buyer's rating".to_owned(),
            |r| format!("the buyer's rating ({r})"),
        );
        let what = match question.kind {
            RatingOccasion::RatingChange => format!("tell the customer {rating}"),
            RatingOccasion::Decision | RatingOccasion::Change => {
                format!("state {rating} in the decision")
            }
        };
        let owed = self.obligation(
            "rating",
            Clause::C3_3,
            Party::Insurer,
            Duty::By { due: on },
            what,
        );
        let discharge = if stated {
            Discharge::done(owed.id.clone(), on)
        } else {
            Discharge::missed(owed.id.clone(), on)
        };
        Ok(record.obligation(owed).discharge(discharge))
    }

    /// Looks up reason codes given with an event.
    pub(super) fn reasons(
        codes: &[String],
        rules: &PolicyRules,
    ) -> Result<Vec<Reason>, CreditLimitError> {
        codes
            .iter()
            .map(|code| {
                rules
                    .rulebook()
                    .reason(code)
                    .cloned()
                    .ok_or_else(|| CreditLimitError::UnknownReason { code: code.clone() })
            })
            .collect()
    }

    /// The next value: same limit, new state, one more event.
    pub(super) fn advance(&self, on: NaiveDate, state: CreditLimitState) -> CreditLimit {
        CreditLimit {
            state,
            last_event_on: Some(on),
            events: self.events + 1,
            ..self.clone()
        }
    }

    /// Records that deliveries from `span.from` on are covered up to `span.amount`.
    pub(super) fn push_span(&mut self, span: LimitSpan) {
        // INVARIANT (history is dated): spans from `span.from` on are replaced by it, and every
        // span kept starts earlier, so pushing keeps the order. Callers push a later span
        // (an expiry) after the one it follows.
        self.history.retain(|s| s.from < span.from);
        self.history.push(span);
    }

    /// Puts `terms` in force from `on` (and their expiry, if any).
    pub(super) fn put_in_force(&mut self, on: NaiveDate, terms: LimitTerms) {
        self.push_span(LimitSpan {
            from: on,
            amount: terms.amount,
        });
        if let Some(expires_on) = terms.expires_on {
            self.push_span(LimitSpan {
                from: expires_on,
                amount: terms.after_expiry,
            });
        }
        self.terms = Some(terms);
    }
}

/// `3 business days` after `on`, in the policy's calendar.
pub(super) fn after(
    period: Period,
    on: NaiveDate,
    rules: &PolicyRules,
) -> Result<NaiveDate, CreditLimitError> {
    Ok(period.after(on, rules.calendar())?)
}
