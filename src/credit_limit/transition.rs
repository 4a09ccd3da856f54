//! The only place a credit limit changes state.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::{
    AnnouncedChange, ChangeKind, CreditLimit, CreditLimitEffect, CreditLimitError,
    CreditLimitEvent, CreditLimitState, LimitChange, LimitSpan,
};
use crate::calendar::Period;
use crate::charter::Clause;
use crate::explain::{
    Decision, DecisionRecord, Discharge, Duty, ObjectionRight, Obligation, ObligationId, Party,
    Waiver,
};
use crate::money::Money;
use crate::rulebook::PolicyRules;
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
    /// amount errors for a wrong currency or an amount that does not fit the event;
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
        match (&self.state, event) {
            (St::NoLimit | St::Withdrawn, Ev::Granted { on, amount }) => {
                self.grant(*on, *amount, rules)
            }
            (
                St::InForce { amount },
                Ev::ReductionAnnounced {
                    on,
                    new_amount,
                    circumstance,
                },
            ) => {
                self.in_currency(*new_amount)?;
                if new_amount.is_zero()
                    || new_amount.is_negative()
                    || new_amount.checked_cmp(*amount)? != Ordering::Less
                {
                    return Err(CreditLimitError::NotAReduction {
                        current: *amount,
                        new_amount: *new_amount,
                    });
                }
                let change = LimitChange {
                    kind: ChangeKind::Reduction,
                    current: *amount,
                    new_amount: *new_amount,
                    circumstance: *circumstance,
                };
                self.announce(change, *on, rules)
            }
            (St::InForce { amount }, Ev::WithdrawalAnnounced { on, circumstance }) => {
                let change = LimitChange {
                    kind: ChangeKind::Withdrawal,
                    current: *amount,
                    new_amount: Money::zero(self.currency),
                    circumstance: *circumstance,
                };
                self.announce(change, *on, rules)
            }
            (St::ChangeAnnounced { change }, Ev::ChangeApplied { on }) => {
                self.apply_change(change, *on, rules)
            }
            (_, event) => Err(CreditLimitError::EventNotAllowed {
                status: self.status(),
                event: event.kind(),
            }),
        }
    }

    fn grant(
        &self,
        on: NaiveDate,
        amount: Money,
        rules: &PolicyRules,
    ) -> Result<LimitTransition, CreditLimitError> {
        self.in_currency(amount)?;
        if amount.is_zero() || amount.is_negative() {
            return Err(CreditLimitError::NotPositive { amount });
        }
        let summary = format!("Credit limit of {amount} granted on buyer {}.", self.buyer);
        let record = DecisionRecord::builder(
            on,
            self.subject(),
            Decision::LimitGranted,
            summary.clone(),
            rules.rulebook().hash().clone(),
        )
        .clause(Clause::C3_1)
        .build()?;
        let next = self.advance(
            on,
            CreditLimitState::InForce { amount },
            Some(LimitSpan { from: on, amount }),
        );
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record,
        })
    }

    /// C3.4: the rule sets the notice; the change takes effect when it has run.
    fn announce(
        &self,
        change: LimitChange,
        on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<LimitTransition, CreditLimitError> {
        let ruling = rules.notice_period(&change, on)?;
        let effective_on = ruling.value.after(on, rules.calendar())?;
        let objection_until = rules
            .period("objection.window_months", on)?
            .after(on, rules.calendar())?;
        let notice = self.obligation_id("notice");
        let what = match change.kind {
            ChangeKind::Reduction => format!("reduction to {}", change.new_amount),
            ChangeKind::Withdrawal => "withdrawal".to_owned(),
        };
        let given = if ruling.value == Period::Days(0) {
            "immediate effect".to_owned()
        } else {
            format!("{} of notice", ruling.value)
        };
        // Only an exception the event's circumstance triggered lifts the duty; an exception
        // that lengthens the notice does not.
        let waiver = change
            .circumstance
            .filter(|_| ruling.rule.exception.is_some())
            .map(|c| Waiver {
                circumstance: c.code().to_owned(),
                reason: ruling.reason.clone(),
            });
        let obligation = Obligation {
            id: notice.clone(),
            clause: Clause::C3_4,
            subject: self.subject(),
            owner: Party::Insurer,
            duty: Duty::NotBefore { date: effective_on },
            what: format!("let the {what} take effect no earlier than {effective_on} ({given})"),
            waiver,
        };
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
        let record = DecisionRecord::builder(
            on,
            self.subject(),
            decision,
            summary.clone(),
            rules.rulebook().hash().clone(),
        )
        .reason(ruling.reason)
        .rule(ruling.rule)
        .obligation(obligation)
        .objection(ObjectionRight {
            until: objection_until,
            clause: Clause::C3_5,
        })
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
        let span = LimitSpan {
            from: effective_on,
            amount: change.new_amount,
        };
        let next = self.advance(
            on,
            CreditLimitState::ChangeAnnounced { change: announced },
            Some(span),
        );
        Ok(Transition {
            next,
            effects,
            record,
        })
    }

    /// The insurer applies the change; before `effective_on` that breaks the notice (the
    /// report shows it), and cover stays as announced: changes are never retroactive.
    fn apply_change(
        &self,
        change: &AnnouncedChange,
        on: NaiveDate,
        rules: &PolicyRules,
    ) -> Result<LimitTransition, CreditLimitError> {
        let (decision, next_state, what) = match change.kind {
            ChangeKind::Reduction => (
                Decision::ReductionEffective,
                CreditLimitState::InForce { amount: change.to },
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
        let record = DecisionRecord::builder(
            on,
            self.subject(),
            decision,
            summary.clone(),
            rules.rulebook().hash().clone(),
        )
        .clause(Clause::C3_4)
        .discharge(Discharge {
            obligation: change.notice.clone(),
            on,
        })
        .build()?;
        let next = self.advance(on, next_state, None);
        Ok(Transition {
            next,
            effects: vec![CreditLimitEffect::NotifyCustomer { summary }],
            record,
        })
    }

    fn in_currency(&self, amount: Money) -> Result<(), CreditLimitError> {
        if amount.currency() == self.currency {
            Ok(())
        } else {
            Err(CreditLimitError::WrongCurrency {
                amount,
                currency: self.currency.code().to_owned(),
            })
        }
    }

    /// Ids are the subject, the number of the event that opens them, and a label.
    fn obligation_id(&self, label: &str) -> ObligationId {
        ObligationId(format!("{}#{}.{label}", self.subject().id, self.events + 1))
    }

    fn advance(
        &self,
        on: NaiveDate,
        state: CreditLimitState,
        span: Option<LimitSpan>,
    ) -> CreditLimit {
        let mut history = self.history.clone();
        if let Some(span) = span {
            // INVARIANT (history is dated): `span.from >= on >=` every earlier span's `from`.
            history.retain(|s| s.from < span.from);
            history.push(span);
        }
        CreditLimit {
            state,
            history,
            last_event_on: Some(on),
            events: self.events + 1,
            ..self.clone()
        }
    }
}
