//! The credit limit's step: the only way it changes. Each arm builds the next value in locals;
//! the work is in `review.rs` (applications, C3.1–C3.3) and `change.rs` (C3.4 and the other
//! ways a limit ends).

use chrono::NaiveDate;

use super::{
    CreditLimit, CreditLimitEffect, CreditLimitError, CreditLimitEvent, CreditLimitState,
    LimitSpan, LimitTerms, RatingOccasion, RatingQuestion,
};
use crate::calendar::Period;
use crate::charter::Clause;
use crate::explain::{Discharge, Duty, ObjectionRight, Party, RecordBuilder, Subject, SubjectKind};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};
use crate::money::Money;

/// What one accepted credit-limit event produces.
pub type LimitTransition = Transition<CreditLimit, CreditLimitEffect>;

kept!(CreditLimit);

impl Machine for CreditLimit {
    type Event = CreditLimitEvent;
    type Effect = CreditLimitEffect;
    type Error = CreditLimitError;

    /// `credit limit POL-1/B-7`.
    fn subject(&self) -> Subject {
        Subject::new(
            SubjectKind::CreditLimit,
            format!("{}/{}", self.policy, self.buyer),
        )
    }

    /// # Errors
    ///
    /// [`CreditLimitError::EventNotAllowed`] when the event does not fit the status;
    /// amount, date and reason errors for an event that contradicts itself or the limit;
    /// [`CreditLimitError::Rule`] when a rule fails (the machine fails closed).
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        use CreditLimitEvent as Ev;
        use CreditLimitState as St;
        let closed = matches!(
            self.state,
            St::NoLimit | St::Refused | St::Withdrawn | St::Cancelled | St::Expired
        );
        match (&self.state, event) {
            (
                St::InForce,
                Ev::Applied {
                    requested, route, ..
                },
            ) => self.apply_for(*requested, *route, at),
            (
                _,
                Ev::Applied {
                    requested, route, ..
                },
            ) if closed => self.apply_for(*requested, *route, at),
            (
                St::UnderReview { application } | St::AwaitingInformation { application, .. },
                Ev::StatusUpdateSent { .. },
            ) => self.status_update(application, at),
            (St::UnderReview { application }, Ev::InformationRequested { about, .. }) => {
                self.request_information(application, about, at)
            }
            (
                St::AwaitingInformation {
                    application,
                    request,
                },
                Ev::InformationReceived { .. },
            ) => self.information_in(application, request, false, at),
            (
                St::AwaitingInformation {
                    application,
                    request,
                },
                Ev::AnswerPeriodLapsed { .. },
            ) => self.information_in(application, request, true, at),
            (St::UnderReview { application }, Ev::Decided { .. }) => {
                self.decide(application, event, at)
            }
            (_, Ev::DiscretionaryLimitSet { .. }) if closed => self.set_discretionary(event, at),
            (_, Ev::Granted { amount, .. }) if closed => self.grant(*amount, at),
            (
                _,
                Ev::RatingChanged {
                    rating,
                    told_customer,
                    ..
                },
            ) => self.rating_changed(*rating, *told_customer, at),
            (St::InForce, Ev::ReductionAnnounced { .. } | Ev::WithdrawalAnnounced { .. }) => {
                self.announce(event, at)
            }
            (St::ChangeAnnounced { change }, Ev::ChangeApplied { .. }) => {
                self.apply_change(change, at)
            }
            (St::InForce, Ev::CancelledByCustomer { .. }) => self.cancel(at),
            (St::InForce, Ev::TemporaryLimitExpired { .. }) => self.expire(at),
            (_, Ev::Restored { amount, .. })
                if !matches!(
                    self.state,
                    St::UnderReview { .. } | St::AwaitingInformation { .. }
                ) =>
            {
                self.restore(*amount, at)
            }
            (_, event) => Err(self.not_allowed(event)),
        }
    }
}

impl CreditLimit {
    /// The error for an event that does not fit the limit's status.
    pub(super) fn not_allowed(&self, event: &CreditLimitEvent) -> CreditLimitError {
        CreditLimitError::EventNotAllowed {
            status: self.status(),
            event: event.kind(),
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

    /// C3.5: an adverse decision carries the objection right and its deadline, and the
    /// report shows it was offered.
    pub(super) fn offer_objection(
        &self,
        record: RecordBuilder,
        at: &Step<'_>,
    ) -> Result<RecordBuilder, CreditLimitError> {
        let on = at.on();
        let right: ObjectionRight = at.objection_right::<CreditLimitError>(Clause::C3_5)?;
        let until = right.until;
        let offered = at.obligation(
            "objection",
            Clause::C3_5,
            Party::Insurer,
            Duty::By { due: on },
            format!("state the objection route and its deadline ({until}) in the decision"),
        );
        let id = offered.id.clone();
        Ok(record
            .objection(right)
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
        at: &Step<'_>,
    ) -> Result<RecordBuilder, CreditLimitError> {
        let on = at.on();
        let ruling = at.ask(question)?;
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
        let owed = at.obligation(
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

    /// The next value: same limit, new state.
    pub(super) fn with_state(&self, state: CreditLimitState) -> CreditLimit {
        CreditLimit {
            state,
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

    /// Puts `terms` in force from `on` (and their expiries, if any).
    pub(super) fn put_in_force(&mut self, on: NaiveDate, terms: LimitTerms) {
        self.push_span(LimitSpan {
            from: on,
            amount: terms.amount,
        });
        self.push_expiries(&terms);
        self.terms = Some(terms);
    }

    /// Records what covers deliveries from each expiry of `terms` on: a temporary limit
    /// on a temporary limit falls back to it until its own expiry, then to what it had.
    pub(super) fn push_expiries(&mut self, terms: &LimitTerms) {
        let mut temporary = terms.clone();
        while let Some(expires_on) = temporary.expires_on {
            let back = temporary.after_expiry_on(expires_on);
            self.push_span(LimitSpan {
                from: expires_on,
                amount: back
                    .as_ref()
                    .map_or_else(|| Money::zero(self.currency), |b| b.amount),
            });
            match back {
                Some(next) => temporary = next,
                None => break,
            }
        }
    }
}

/// `3 business days` after `from`, in the policy's calendar.
pub(super) fn after(
    period: Period,
    from: NaiveDate,
    at: &Step<'_>,
) -> Result<NaiveDate, CreditLimitError> {
    Ok(period.after(from, at.rules().calendar())?)
}
