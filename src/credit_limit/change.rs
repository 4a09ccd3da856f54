//! Ends and cuts of a limit: reductions and withdrawals with notice (C3.4), consulted first
//! (C3.2) and with the rating stated (C3.3); the insurer applying them; the customer
//! cancelling; a temporary limit expiring.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::state::{AnnouncedChange, LimitKind, LimitTerms};
use super::transition::LimitTransition;
use super::{
    ChangeKind, ConsultationKind, ConsultationQuestion, CreditLimit, CreditLimitEffect,
    CreditLimitError, CreditLimitEvent, CreditLimitState, ExceptionalCircumstance, LimitChange,
    LimitSpan, RatingOccasion, RatingQuestion,
};
use crate::calendar::Period;
use crate::charter::Clause;
use crate::explain::{Decision, Discharge, Duty, Party, RecordBuilder, Waiver};
use crate::machine::{Event, Step, Transition};
use crate::money::Money;
use crate::rulebook::Reason;

impl CreditLimit {
    /// C3.4: the rule sets the notice; the change takes effect when it has run.
    pub(super) fn announce(
        &self,
        event: &CreditLimitEvent,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let rules = at.rules();
        let current = self.current();
        let (on, change, reasons, consulted_on, limit_in_use, rating, rating_stated) = match event {
            CreditLimitEvent::ReductionAnnounced {
                on,
                new_amount,
                reasons,
                circumstance,
                customer_consulted_on,
                limit_in_use,
                rating,
                rating_stated,
            } => {
                self.in_currency(*new_amount)?;
                if new_amount.is_zero()
                    || new_amount.is_negative()
                    || new_amount.checked_cmp(current)? != Ordering::Less
                {
                    return Err(CreditLimitError::NotAReduction {
                        current,
                        new_amount: *new_amount,
                    });
                }
                let change = LimitChange {
                    kind: ChangeKind::Reduction,
                    current,
                    new_amount: *new_amount,
                    circumstance: *circumstance,
                };
                (
                    *on,
                    change,
                    reasons,
                    *customer_consulted_on,
                    *limit_in_use,
                    *rating,
                    *rating_stated,
                )
            }
            CreditLimitEvent::WithdrawalAnnounced {
                on,
                reasons,
                circumstance,
                customer_consulted_on,
                limit_in_use,
                rating,
                rating_stated,
            } => {
                let change = LimitChange {
                    kind: ChangeKind::Withdrawal,
                    current,
                    new_amount: Money::zero(self.currency),
                    circumstance: *circumstance,
                };
                (
                    *on,
                    change,
                    reasons,
                    *customer_consulted_on,
                    *limit_in_use,
                    *rating,
                    *rating_stated,
                )
            }
            other => {
                return Err(self.not_allowed(other));
            }
        };
        let causes = at.rules().reasons(reasons)?;
        if causes.is_empty() && change.circumstance.is_none() {
            return Err(CreditLimitError::NoCause {
                event: event.kind(),
            });
        }
        if let Some(consulted_on) = consulted_on.filter(|c| *c > on) {
            return Err(CreditLimitError::ConsultedAfterwards { consulted_on, on });
        }
        let ruling = at.ask(&change)?;
        let effective_on = ruling.value.after(on, rules.calendar())?;
        let notice = at.id("notice");
        let what = match change.kind {
            ChangeKind::Reduction => format!("reduction to {}", change.new_amount),
            ChangeKind::Withdrawal => "withdrawal".to_owned(),
        };
        let given = if ruling.value == Period::Days(0) {
            "immediate effect".to_owned()
        } else {
            format!("{} of notice", ruling.value)
        };
        let mut obligation = at.obligation(
            "notice",
            Clause::C3_4,
            Party::Insurer,
            Duty::NotBefore { date: effective_on },
            format!("let the {what} take effect no earlier than {effective_on} ({given})"),
        );
        obligation.waiver = waiver(
            change.circumstance,
            ruling.rule.exception.as_ref(),
            &ruling.reason,
        );
        let (decision, summary) = match change.kind {
            ChangeKind::Reduction => (
                Decision::ReductionAnnounced,
                format!(
                    "Limit on buyer {} to be reduced from {} to {}, effective {effective_on} ({given}).",
                    self.buyer, change.current, change.new_amount
                ),
            ),
            ChangeKind::Withdrawal => (
                Decision::WithdrawalAnnounced,
                format!(
                    "Limit of {} on buyer {} to be withdrawn, effective {effective_on} ({given}).",
                    change.current, self.buyer
                ),
            ),
        };
        let mut record = at.record(decision, &summary).amount(change.new_amount);
        for cause in causes {
            record = record.reason(cause);
        }
        let record = record
            .reason(ruling.reason)
            .rule(ruling.rule)
            .obligation(obligation);
        let record = self.consult_first(record, &change, consulted_on, limit_in_use, at)?;
        let record = self.offer_objection(record, at)?;
        let rating = rating.or(self.rating);
        let question = RatingQuestion {
            kind: RatingOccasion::Change,
            adverse: true,
            rating,
            previous_rating: None,
        };
        let record = self
            .disclose_rating(record, &question, rating_stated, at)?
            .build()?;
        let effects = vec![
            CreditLimitEffect::NotifyCustomer { summary },
            CreditLimitEffect::ChangeCoverFrom {
                from: effective_on,
                amount: change.new_amount,
            },
        ];
        let announced = AnnouncedChange {
            kind: change.kind,
            from: change.current,
            to: change.new_amount,
            announced_on: on,
            effective_on,
            circumstance: change.circumstance,
            notice,
        };
        let mut next = self.with_state(CreditLimitState::ChangeAnnounced { change: announced });
        next.rating = rating;
        next.push_span(LimitSpan {
            from: effective_on,
            amount: change.new_amount,
        });
        // A temporary limit keeps its expiry: the reduced limit ends when the old one would.
        if let Some(terms) = self
            .terms
            .as_ref()
            .filter(|t| t.expires_on.is_some_and(|e| e > effective_on))
        {
            next.push_expiries(&terms.capped(change.new_amount)?);
        }
        Ok(Transition {
            next,
            effects,
            record,
        })
    }

    /// C3.2: a limit the customer trades on is not cut without asking first — unless the
    /// rule's exception for exceptional circumstances lifts the duty.
    fn consult_first(
        &self,
        record: RecordBuilder,
        change: &LimitChange,
        consulted_on: Option<NaiveDate>,
        limit_in_use: bool,
        at: &Step<'_>,
    ) -> Result<RecordBuilder, CreditLimitError> {
        let on = at.on();
        let kind = match change.kind {
            ChangeKind::Reduction => ConsultationKind::Reduction,
            ChangeKind::Withdrawal => ConsultationKind::Withdrawal,
        };
        let question = ConsultationQuestion {
            kind,
            route: None,
            amount: change.new_amount,
            current: Some(change.current),
            limit_in_use,
            circumstance: change.circumstance,
        };
        let ruling = at.ask(&question)?;
        let record = record.rule(ruling.rule.clone());
        let lifted = waiver(
            change.circumstance,
            ruling.rule.exception.as_ref(),
            &ruling.reason,
        );
        if ruling.value.is_none() && (lifted.is_none() || !limit_in_use) {
            return Ok(record);
        }
        let mut consult = at.obligation(
            "consultation",
            Clause::C3_2,
            Party::Insurer,
            Duty::By { due: on },
            "ask the customer for information before cutting a limit it trades on".to_owned(),
        );
        consult.waiver = lifted.filter(|_| ruling.value.is_none());
        let discharge = match consulted_on {
            Some(asked) => Discharge::done(consult.id.clone(), asked),
            None => Discharge::missed(consult.id.clone(), on),
        };
        Ok(record.obligation(consult).discharge(discharge))
    }

    /// The insurer applies the change; before `effective_on` that breaks the notice (the
    /// report shows it), and cover stays as announced: changes are never retroactive.
    pub(super) fn apply_change(
        &self,
        change: &AnnouncedChange,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        let (decision, next_state, what) = match change.kind {
            ChangeKind::Reduction => (
                Decision::ReductionEffective,
                CreditLimitState::InForce,
                format!("Reduction to {}", change.to),
            ),
            ChangeKind::Withdrawal => (
                Decision::WithdrawalEffective,
                CreditLimitState::Withdrawn,
                "Withdrawal".to_owned(),
            ),
        };
        let timing = match (on - change.effective_on).num_days() {
            early if early < 0 => format!(
                "{} day(s) before the notice ends on {}",
                -early, change.effective_on
            ),
            _ => format!("as announced on {}", change.announced_on),
        };
        let summary = format!(
            "{what} of the limit on buyer {} applied on {on}, {timing}.",
            self.buyer
        );
        let record = at
            .record(decision, &summary)
            .clause(Clause::C3_4)
            .discharge(Discharge::done(change.notice.clone(), on))
            .build()?;
        let mut next = self.with_state(next_state);
        next.terms = match change.kind {
            ChangeKind::Reduction => {
                // A change is announced only on a limit in force, which always has terms.
                let terms = self
                    .terms
                    .clone()
                    .ok_or(CreditLimitError::EventNotAllowed {
                        status: self.status(),
                        event: "change_applied",
                    })?;
                Some(terms.capped(change.to)?)
            }
            ChangeKind::Withdrawal => None,
        };
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// C3.5: an upheld objection sets the limit; a pending change is cancelled.
    pub(super) fn restore(
        &self,
        amount: Money,
        at: &Step<'_>,
    ) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        self.not_negative(amount)?;
        let cancelled = match &self.state {
            CreditLimitState::ChangeAnnounced { change } => format!(
                " The change announced on {} is cancelled.",
                change.announced_on
            ),
            _ => String::new(),
        };
        let summary = format!(
            "Limit on buyer {} set to {amount} after an upheld objection.{cancelled}",
            self.buyer
        );
        let record = at
            .record(Decision::LimitRestored, &summary)
            .amount(amount)
            .clause(Clause::C3_5)
            .build()?;
        let state = if amount.is_zero() {
            CreditLimitState::Withdrawn
        } else {
            CreditLimitState::InForce
        };
        let mut next = self.with_state(state);
        next.terms = (!amount.is_zero()).then(|| LimitTerms::plain(amount, LimitKind::Insurer));
        next.push_span(LimitSpan { from: on, amount });
        let effects = vec![
            CreditLimitEffect::NotifyCustomer { summary },
            CreditLimitEffect::ChangeCoverFrom { from: on, amount },
        ];
        Ok(Transition {
            next,
            effects,
            record,
        })
    }

    /// The customer cancels; deliveries already made stay covered.
    pub(super) fn cancel(&self, at: &Step<'_>) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        let summary = format!(
            "Limit of {} on buyer {} cancelled by the customer; deliveries made before {on} stay covered.",
            self.current(),
            self.buyer
        );
        let record = at.record(Decision::LimitCancelled, &summary).build()?;
        let mut next = self.with_state(CreditLimitState::Cancelled);
        next.terms = None;
        next.push_span(LimitSpan {
            from: on,
            amount: Money::zero(self.currency),
        });
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::ChangeCoverFrom {
                from: on,
                amount: Money::zero(self.currency),
            }],
            record,
        })
    }

    /// A temporary limit ends: back to the limit before it, or none.
    pub(super) fn expire(&self, at: &Step<'_>) -> Result<LimitTransition, CreditLimitError> {
        let on = at.on();
        let terms = self
            .terms
            .clone()
            .filter(|t| t.expires_on.is_some_and(|e| e <= on))
            .ok_or_else(|| CreditLimitError::NotExpired {
                on,
                expires_on: self
                    .terms
                    .as_ref()
                    .and_then(|t| t.expires_on)
                    .map_or_else(|| "none".to_owned(), |e| e.to_string()),
            })?;
        let fallback = terms.after_expiry_on(on);
        let back = fallback
            .as_ref()
            .map_or_else(|| Money::zero(self.currency), |t| t.amount);
        let summary = if back.is_zero() {
            format!(
                "Temporary limit of {} on buyer {} expired.",
                terms.amount, self.buyer
            )
        } else {
            format!(
                "Temporary limit of {} on buyer {} expired; the limit is {back} again.",
                terms.amount, self.buyer
            )
        };
        let record = at
            .record(Decision::TemporaryLimitExpired, &summary)
            .build()?;
        let mut next = self.with_state(if back.is_zero() {
            CreditLimitState::Expired
        } else {
            CreditLimitState::InForce
        });
        next.terms = fallback;
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record,
        })
    }
}

/// Only an exception the event's circumstance triggered lifts a duty; an exception without
/// a circumstance (e.g. one that lengthens the notice) does not.
fn waiver(
    circumstance: Option<ExceptionalCircumstance>,
    exception: Option<&crate::text::Shared>,
    reason: &Reason,
) -> Option<Box<Waiver>> {
    circumstance.filter(|_| exception.is_some()).map(|c| {
        Box::new(Waiver {
            circumstance: c.code().into(),
            reason: reason.clone(),
        })
    })
}
