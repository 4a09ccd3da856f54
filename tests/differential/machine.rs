//! The credit-limit machine against a reference state machine (`proptest-state-machine`):
//! the reference is a few lines of plain Rust over the model's notice rule; the system under
//! test is `CreditLimit` through `Machine::apply` under the default pack. After every step
//! the status, the limit, an announced change's effective date and the cover on both sides
//! of it must agree.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use credit_charter::credit_limit::{
    ChangeKind, CreditLimit, CreditLimitEvent, CreditLimitState, CreditLimitStatus,
    ExceptionalCircumstance, LimitChange,
};
use credit_charter::testing::domain::{FIRST_DAY, circumstance};
use credit_charter::{BuyerId, Currency, Machine, Money, PolicyId, PolicyRules};
use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use rust_decimal::Decimal;

use super::model;

static RULES: LazyLock<PolicyRules> = LazyLock::new(crate::support::rules);

fn eur(units: u32) -> Money {
    Money::rounded(Decimal::from(units), Currency::EUR)
}

/// The reference: what the limit should be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Limit {
    day: NaiveDate,
    status: CreditLimitStatus,
    amount: u32,
    /// An announced change: the new amount and the day it takes effect.
    pending: Option<(u32, NaiveDate)>,
}

/// One step: the days since the last event, and the event.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Grant(u8, u32),
    Reduce(u8, u32, Option<ExceptionalCircumstance>),
    Withdraw(u8, Option<ExceptionalCircumstance>),
    Apply(u8),
    Cancel(u8),
}

impl Step {
    fn gap(&self) -> u8 {
        match *self {
            Step::Grant(g, _)
            | Step::Reduce(g, ..)
            | Step::Withdraw(g, _)
            | Step::Apply(g)
            | Step::Cancel(g) => g,
        }
    }
}

impl Limit {
    fn next_day(&self, step: &Step) -> NaiveDate {
        let day = self.day + Days::new(u64::from(step.gap()));
        match (step, self.pending) {
            // A change is applied on its effective date or later.
            (Step::Apply(_), Some((_, effective))) => day.max(effective),
            _ => day,
        }
    }

    fn change(
        &self,
        kind: ChangeKind,
        to: u32,
        circumstance: Option<ExceptionalCircumstance>,
    ) -> LimitChange {
        LimitChange {
            kind,
            current: eur(self.amount),
            new_amount: eur(to),
            circumstance,
        }
    }
}

pub(crate) struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Limit;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Limit> {
        (0u64..600)
            .prop_map(|n| Limit {
                day: FIRST_DAY + Days::new(n),
                status: CreditLimitStatus::NoLimit,
                amount: 0,
                pending: None,
            })
            .boxed()
    }

    fn transitions(state: &Limit) -> BoxedStrategy<Step> {
        let gap = 0u8..40;
        let below = state.amount.max(2);
        prop_oneof![
            (gap.clone(), 1u32..500_000).prop_map(|(g, a)| Step::Grant(g, a)),
            (
                gap.clone(),
                1..below,
                proptest::option::weighted(0.3, circumstance())
            )
                .prop_map(|(g, to, c)| Step::Reduce(g, to, c)),
            (gap.clone(), proptest::option::weighted(0.3, circumstance()))
                .prop_map(|(g, c)| Step::Withdraw(g, c)),
            gap.clone().prop_map(Step::Apply),
            gap.prop_map(Step::Cancel),
        ]
        .boxed()
    }

    fn preconditions(state: &Limit, step: &Step) -> bool {
        use CreditLimitStatus as S;
        match step {
            Step::Grant(..) => matches!(state.status, S::NoLimit | S::Withdrawn | S::Cancelled),
            Step::Reduce(_, to, _) => state.status == S::InForce && *to < state.amount,
            Step::Withdraw(..) | Step::Cancel(_) => state.status == S::InForce,
            Step::Apply(_) => state.status == S::ChangeAnnounced,
        }
    }

    fn apply(state: Limit, step: &Step) -> Limit {
        let day = state.next_day(step);
        let announce = |kind, to, circumstance| {
            let (notice, _) = model::notice(&state.change(kind, to, circumstance), &RULES, day);
            let effective = notice.after(day, RULES.calendar()).unwrap();
            Limit {
                day,
                status: CreditLimitStatus::ChangeAnnounced,
                pending: Some((to, effective)),
                ..state.clone()
            }
        };
        match *step {
            Step::Grant(_, amount) => Limit {
                day,
                status: CreditLimitStatus::InForce,
                amount,
                pending: None,
            },
            Step::Reduce(_, to, c) => announce(ChangeKind::Reduction, to, c),
            Step::Withdraw(_, c) => announce(ChangeKind::Withdrawal, 0, c),
            Step::Apply(_) => match state.pending {
                Some((0, _)) => Limit {
                    day,
                    status: CreditLimitStatus::Withdrawn,
                    amount: 0,
                    pending: None,
                },
                Some((to, _)) => Limit {
                    day,
                    status: CreditLimitStatus::InForce,
                    amount: to,
                    pending: None,
                },
                None => state,
            },
            Step::Cancel(_) => Limit {
                day,
                status: CreditLimitStatus::Cancelled,
                amount: 0,
                pending: None,
            },
        }
    }
}

pub(crate) struct CreditLimitMachine;

impl StateMachineTest for CreditLimitMachine {
    type SystemUnderTest = CreditLimit;
    type Reference = Reference;

    fn init_test(_: &Limit) -> CreditLimit {
        CreditLimit::new(
            PolicyId::new("POL-1").unwrap(),
            BuyerId::new("B-1").unwrap(),
            Currency::EUR,
        )
    }

    /// `after` is the reference after the step: its day is the event's.
    fn apply(limit: CreditLimit, after: &Limit, step: Step) -> CreditLimit {
        let on = after.day;
        let reasons = vec!["weak_financials".to_owned()];
        let event = match step {
            Step::Grant(_, amount) => CreditLimitEvent::Granted {
                on,
                amount: eur(amount),
            },
            Step::Reduce(_, to, circumstance) => CreditLimitEvent::ReductionAnnounced {
                on,
                new_amount: eur(to),
                reasons,
                circumstance,
                customer_consulted_on: None,
                limit_in_use: false,
                rating: None,
                rating_stated: false,
            },
            Step::Withdraw(_, circumstance) => CreditLimitEvent::WithdrawalAnnounced {
                on,
                reasons,
                circumstance,
                customer_consulted_on: None,
                limit_in_use: false,
                rating: None,
                rating_stated: false,
            },
            Step::Apply(_) => CreditLimitEvent::ChangeApplied { on },
            Step::Cancel(_) => CreditLimitEvent::CancelledByCustomer { on },
        };
        limit
            .apply(&event, &RULES)
            .unwrap_or_else(|e| panic!("{event:?} refused: {e}"))
            .next
    }

    fn check_invariants(limit: &CreditLimit, reference: &Limit) {
        assert_eq!(limit.status(), reference.status);
        if matches!(
            reference.status,
            CreditLimitStatus::InForce | CreditLimitStatus::ChangeAnnounced
        ) {
            assert_eq!(
                limit.terms().map(|t| t.amount),
                Some(eur(reference.amount)),
                "the limit in force"
            );
        }
        if let (CreditLimitState::ChangeAnnounced { change }, Some((to, effective))) =
            (limit.state(), reference.pending)
        {
            assert_eq!(change.effective_on, effective, "the effective date");
            assert_eq!(
                limit.cover_on(effective),
                eur(to),
                "cover from the effective date"
            );
            if effective > reference.day {
                assert_eq!(
                    limit.cover_on(effective - Days::new(1)),
                    eur(reference.amount),
                    "cover before it"
                );
            }
        }
    }
}

prop_state_machine! {
    #![proptest_config(proptest::test_runner::Config { cases: 64, failure_persistence: None, ..Default::default() })]

    #[test]
    fn the_credit_limit_machine_agrees_with_its_reference_model(sequential 1..24 => CreditLimitMachine);
}
