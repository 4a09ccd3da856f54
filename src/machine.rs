//! What every state machine shares, written once: the [`Machine`] trait, whose provided
//! [`Machine::apply`] refuses an event dated before the last accepted one and keeps the
//! aggregate's [`Ledger`]; the [`Step`] a transition is decided in, which stamps its record
//! and numbers its obligations; and the [`Transition`] it returns.
//!
//! Layer: imports the ground floor, [`crate::rulebook`] and [`crate::explain`]; every
//! machine folder imports it.
//!
//! ```
//! use chrono::NaiveDate;
//! use credit_charter::credit_limit::{CreditLimit, CreditLimitEvent};
//! use credit_charter::{BuyerId, Currency, Machine, PolicyId, PolicyTerms, Rulebook};
//!
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
//! let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
//!     currency: Currency::EUR, calendar: "NL".into(), parameters: Default::default(),
//! })?;
//! let limit = CreditLimit::new(PolicyId::new("POL-1")?, BuyerId::new("B-7")?, Currency::EUR);
//! let limit = limit.apply(&CreditLimitEvent::Granted { on: d(3, 5), amount: "EUR 100000".parse()? }, &rules)?.next;
//! // Every machine refuses an event dated before the last one it accepted.
//! let late = limit.apply(&CreditLimitEvent::CancelledByCustomer { on: d(3, 4) }, &rules);
//! assert_eq!(
//!     late.unwrap_err().to_string(),
//!     "event `cancelled_by_customer` on 2026-03-04 is dated before the last event of credit limit POL-1/B-7, on 2026-03-05"
//! );
//! assert_eq!(limit.ledger().events(), 1);
//! # Ok::<(), credit_charter::Error>(())
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{CalendarError, Period};
use crate::charter::Clause;
use crate::explain::{
    Decision, DecisionRecord, Duty, ObjectionRight, Obligation, ObligationId, Party, RecordBuilder,
    Subject,
};
use crate::rulebook::{
    Param, ParamType, PolicyRules, Question, Reason, RuleError, Ruling, UnknownReason,
};

/// An event a machine accepts: every event carries its business date.
pub trait Event {
    /// The event's business date.
    fn on(&self) -> NaiveDate;
    /// The event's name as written in case files, e.g. `reduction_announced`.
    fn kind(&self) -> &'static str;
}

/// What an aggregate remembers of the events it accepted: how many, and the date of the
/// last. [`Machine::apply`] alone changes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ledger {
    last_event_on: Option<NaiveDate>,
    events: u32,
}

impl Ledger {
    /// A ledger that refuses events dated before `on`, as if an event had happened then
    /// (an objection cannot come before its decision).
    pub(crate) fn since(on: NaiveDate) -> Ledger {
        Ledger {
            last_event_on: Some(on),
            events: 0,
        }
    }

    /// The date of the last accepted event (or of the decision an objection is about).
    #[must_use]
    pub fn last_event_on(&self) -> Option<NaiveDate> {
        self.last_event_on
    }

    /// How many events were accepted.
    #[must_use]
    pub fn events(&self) -> u32 {
        self.events
    }
}

/// Declares a machine's error enum: its own variants, then those every step can give (an
/// event out of order, a failed rule, a date that cannot be computed, a decision that
/// cannot be explained), written once. (A variant the caller wraps shows its source with
/// `#[error("{0}")]`: thiserror does not see `transparent` through a macro.)
macro_rules! step_errors {
    ($(#[$meta:meta])* pub enum $name:ident { $($own:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        pub enum $name {
            $($own)*
            /// The event is dated before the last accepted one.
            #[error(transparent)]
            OutOfOrder(#[from] $crate::machine::OutOfOrder),
            /// A rule failed; nothing was decided (the machine fails closed).
            #[error(transparent)]
            Rule(#[from] $crate::rulebook::RuleError),
            /// A date computation failed.
            #[error(transparent)]
            Calendar(#[from] $crate::calendar::CalendarError),
            /// The decision could not be explained as the charter requires.
            #[error(transparent)]
            Explain(#[from] $crate::explain::ExplainError),
        }
    };
}

pub(crate) use step_errors;

/// An event dated before the last one the aggregate accepted. The aggregate is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event `{event}` on {on} is dated before the last event of {subject}, on {last}")]
pub struct OutOfOrder {
    /// The event's name.
    pub event: &'static str,
    /// Its date.
    pub on: NaiveDate,
    /// The aggregate, e.g. `credit limit POL-1/B-7`.
    pub subject: String,
    /// The last accepted event's date.
    pub last: NaiveDate,
}

/// The result of one accepted event: the next state, what the host must do, and why.
///
/// Machines take `&self` and build a new value, so a rejected event leaves the caller's
/// state exactly as it was, and nothing is applied until the caller stores `next`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[must_use = "a transition does nothing until the caller stores `next` and executes `effects`"]
pub struct Transition<S, E> {
    /// The aggregate after the event.
    pub next: S,
    /// Instructions for the host, in order.
    pub effects: Vec<E>,
    /// The explained decision.
    pub record: DecisionRecord,
}

/// C3.5, C4.3 — the months after an adverse decision during which the customer may object
/// to it; every machine that decides against the customer grants this right.
pub(crate) const OBJECTION_WINDOW: Param<Period> = Param::months("objection.window_months");

/// What [`Machine::step`] and [`Machine::apply`] return.
pub type Stepped<M> = Result<Transition<M, <M as Machine>::Effect>, <M as Machine>::Error>;

/// Where one event is decided: its date, the policy's rules, and the aggregate's subject
/// and event number. Only [`Machine::apply`] makes one, so a machine's own step cannot be
/// run around the order guard.
#[derive(Debug)]
pub struct Step<'r> {
    rules: &'r PolicyRules,
    on: NaiveDate,
    subject: Subject,
    number: u32,
}

impl<'r> Step<'r> {
    /// The event's business date.
    #[must_use]
    pub fn on(&self) -> NaiveDate {
        self.on
    }

    /// The policy's rules.
    #[must_use]
    pub fn rules(&self) -> &'r PolicyRules {
        self.rules
    }

    /// Puts `question` to its rule as of the event's date.
    pub(crate) fn ask<Q: Question>(&self, question: &Q) -> Result<Ruling<Q::Value>, RuleError> {
        self.rules.ask(question, self.on)
    }

    /// A parameter as of the event's date, the policy's override first.
    pub(crate) fn get<T: ParamType>(&self, param: &Param<T>) -> Result<T, RuleError> {
        self.rules.get(param, self.on)
    }

    /// The catalogue's reason for `code`.
    pub(crate) fn reason(&self, code: &str) -> Result<Reason, UnknownReason> {
        self.rules.reason(code)
    }

    /// The day `period` after `from`, in the policy's calendar.
    pub(crate) fn after(
        &self,
        period: Period,
        from: NaiveDate,
    ) -> Result<NaiveDate, CalendarError> {
        period.after(from, self.rules.calendar())
    }

    /// The customer's right to object to this event's decision, under `clause`, until
    /// [`OBJECTION_WINDOW`] after it.
    pub(crate) fn objection_right<E>(&self, clause: Clause) -> Result<ObjectionRight, E>
    where
        E: From<RuleError> + From<CalendarError>,
    {
        let until = self.after(self.get(&OBJECTION_WINDOW)?, self.on)?;
        Ok(ObjectionRight { until, clause })
    }

    /// Starts the record of this event's decision: the one place a record is stamped with
    /// its date, its subject and the rule pack's hash.
    pub(crate) fn record(&self, decision: Decision, summary: impl Into<String>) -> RecordBuilder {
        DecisionRecord::builder(
            self.on,
            self.subject.clone(),
            decision,
            summary.into(),
            self.rules.rulebook().hash().clone(),
        )
    }

    /// The id of an obligation this event opens on its subject.
    pub(crate) fn id(&self, label: &str) -> ObligationId {
        ObligationId::new(&self.subject, self.number, label)
    }

    /// An obligation this event opens on its subject.
    pub(crate) fn obligation(
        &self,
        label: &str,
        clause: Clause,
        owner: Party,
        duty: Duty,
        what: String,
    ) -> Obligation {
        Obligation {
            id: self.id(label),
            clause,
            subject: self.subject.clone(),
            owner,
            duty,
            what: what.into(),
            waiver: None,
        }
    }

    /// The same step about `subject` instead, for the obligations an event opens on
    /// another subject (the invoices a premium year issues).
    pub(crate) fn on_subject(&self, subject: Subject) -> Step<'r> {
        Step { subject, ..*self }
    }
}

mod sealed {
    /// Access to an aggregate's [`Ledger`](super::Ledger), for [`Machine`](super::Machine)
    /// only: hosts cannot name this trait, so only `apply` changes a ledger.
    pub trait Kept {
        fn kept(&self) -> &super::Ledger;
        fn kept_mut(&mut self) -> &mut super::Ledger;
    }
}

pub(crate) use sealed::Kept;

/// Gives an aggregate that keeps its [`Ledger`] in a `ledger` field the sealed access
/// [`Machine`] needs.
macro_rules! kept {
    ($aggregate:ty) => {
        impl $crate::machine::Kept for $aggregate {
            fn kept(&self) -> &$crate::machine::Ledger {
                &self.ledger
            }
            fn kept_mut(&mut self) -> &mut $crate::machine::Ledger {
                &mut self.ledger
            }
        }
    };
}

pub(crate) use kept;

/// One aggregate of the charter: a credit limit, a claim, a collection, an objection, a
/// policy period, a question, the relationship, a premium year.
///
/// Every machine is a pure function of its state and one event: [`Machine::apply`] takes
/// `&self` and returns a [`Transition`], or an error that leaves the caller's value exactly
/// as it was. The provided `apply` refuses an event dated before the last accepted one
/// before the machine's own [`Machine::step`] sees it, and counts the event afterwards, so
/// no machine can forget either.
pub trait Machine: Clone + Kept {
    /// What can happen to the aggregate.
    type Event: Event;
    /// What the host must do after a transition.
    type Effect;
    /// Why an event was rejected.
    type Error: From<OutOfOrder>;

    /// What the aggregate's decisions and obligations are about.
    fn subject(&self) -> Subject;

    /// The events accepted so far.
    fn ledger(&self) -> &Ledger {
        self.kept()
    }

    /// The machine's own step, for an event already known to be in order. Called only by
    /// [`Machine::apply`], which alone can make a [`Step`].
    ///
    /// # Errors
    ///
    /// The machine's error when the event does not fit its state.
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self>;

    /// Applies one event under a policy's rules.
    ///
    /// # Errors
    ///
    /// [`OutOfOrder`] (as the machine's error) for an event dated before the last accepted
    /// one; the machine's own errors as [`Machine::step`] documents them, among them a rule
    /// that failed (the machine fails closed).
    fn apply(&self, event: &Self::Event, rules: &PolicyRules) -> Stepped<Self> {
        let on = event.on();
        let ledger = *self.ledger();
        if let Some(last) = ledger.last_event_on.filter(|last| on < *last) {
            return Err(OutOfOrder {
                event: event.kind(),
                on,
                subject: self.subject().to_string(),
                last,
            }
            .into());
        }
        let at = Step {
            rules,
            on,
            subject: self.subject(),
            number: ledger.events.saturating_add(1),
        };
        let mut transition = self.step(event, &at)?;
        *transition.next.kept_mut() = Ledger {
            last_event_on: Some(on),
            events: at.number,
        };
        Ok(transition)
    }
}
