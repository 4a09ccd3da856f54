use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BuyerRating, Route};
use crate::machine::Event;
use crate::money::Money;

/// The circumstances the insurer may invoke for a change with less than the normal notice.
/// Whether one justifies immediate effect is the rule's judgement, not the machine's.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ExceptionalCircumstance {
    /// The buyer is insolvent (bankruptcy, suspension of payments, administration).
    BuyerInsolvency,
    /// The buyer or its country has become subject to sanctions.
    Sanctions,
    /// Cover stopped because an invoice to the buyer passed its maximum extension period.
    StoppageOfCover,
    /// Fraud by or concerning the buyer.
    Fraud,
}

impl ExceptionalCircumstance {
    /// Every circumstance's code, as rules see them.
    pub const CODES: &'static [&'static str] = <Self as strum::VariantNames>::VARIANTS;

    /// The code rules see, e.g. `buyer_insolvency`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for ExceptionalCircumstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Whether a change lowers a limit or ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ChangeKind {
    /// The limit is lowered to a smaller, non-zero amount.
    Reduction,
    /// The limit is withdrawn (to zero).
    Withdrawal,
}

impl ChangeKind {
    /// The code rules see: `reduction` or `withdrawal`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

fn yes() -> bool {
    true
}

/// What can happen to a credit limit. Every event carries its business date `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum CreditLimitEvent {
    /// The customer applied for a limit, or for an increase of the limit in force (C3.1).
    Applied {
        /// Business date of the application.
        on: NaiveDate,
        /// The limit asked for (the new total, for an increase).
        requested: Money,
        /// How it is decided.
        route: Route,
    },
    /// The insurer told the customer where the pending application stands (C3.1).
    StatusUpdateSent {
        /// Business date.
        on: NaiveDate,
    },
    /// The insurer asked the customer for information about the buyer (C3.2).
    InformationRequested {
        /// Business date.
        on: NaiveDate,
        /// What was asked, in a few words.
        #[serde(default)]
        about: String,
    },
    /// The customer answered the request for information.
    InformationReceived {
        /// Business date.
        on: NaiveDate,
    },
    /// The customer's answer period ended without an answer.
    AnswerPeriodLapsed {
        /// Business date (on or after the answer was due).
        on: NaiveDate,
    },
    /// The insurer decided the pending application and notified the customer.
    Decided {
        /// Business date the decision was notified.
        on: NaiveDate,
        /// The limit granted: the requested amount, less (a counter-offer), or zero (a refusal).
        amount: Money,
        /// Conditions written on the limit, if any.
        #[serde(default)]
        conditions: Vec<String>,
        /// The expiry of a temporary limit.
        #[serde(default)]
        expires_on: Option<NaiveDate>,
        /// Reason codes from the pack's catalogue; required for adverse decisions.
        #[serde(default)]
        reasons: Vec<String>,
        /// The buyer's rating, when the insurer has one.
        #[serde(default)]
        rating: Option<BuyerRating>,
        /// Whether the decision letter stated the rating (C3.3).
        #[serde(default)]
        rating_stated: bool,
    },
    /// The customer covered the buyer with its own discretionary limit.
    DiscretionaryLimitSet {
        /// Business date.
        on: NaiveDate,
        /// The limit.
        amount: Money,
        /// The date of the credit report it rests on.
        credit_report_on: NaiveDate,
        /// Whether the customer had a loss on this buyer in the last 12 months.
        #[serde(default)]
        loss_in_last_12_months: bool,
    },
    /// The insurer recorded a limit granted outside a tracked application (e.g. migrating
    /// a limit book).
    Granted {
        /// Business date.
        on: NaiveDate,
        /// The limit.
        amount: Money,
    },
    /// The insurer changed the buyer's rating (C3.3).
    RatingChanged {
        /// Business date.
        on: NaiveDate,
        /// The new rating.
        rating: BuyerRating,
        /// Whether the customer was told.
        #[serde(default)]
        told_customer: bool,
    },
    /// The insurer announced a reduction to `new_amount` (more than zero).
    ReductionAnnounced {
        /// Business date of the announcement.
        on: NaiveDate,
        /// The limit after the reduction.
        new_amount: Money,
        /// Why, as reason codes from the pack's catalogue; required unless an exceptional
        /// circumstance is invoked (which is its own reason).
        #[serde(default)]
        reasons: Vec<String>,
        /// The exceptional circumstance invoked, if any.
        #[serde(default)]
        circumstance: Option<ExceptionalCircumstance>,
        /// When the insurer asked the customer for information first (C3.2), if it did.
        #[serde(default)]
        customer_consulted_on: Option<NaiveDate>,
        /// Whether the customer trades on the limit (assumed, unless stated otherwise).
        #[serde(default = "yes")]
        limit_in_use: bool,
        /// The buyer's rating, when the insurer has one.
        #[serde(default)]
        rating: Option<BuyerRating>,
        /// Whether the announcement stated the rating (C3.3).
        #[serde(default)]
        rating_stated: bool,
    },
    /// The insurer announced the withdrawal of the limit.
    WithdrawalAnnounced {
        /// Business date of the announcement.
        on: NaiveDate,
        /// Why, as reason codes from the pack's catalogue; required unless an exceptional
        /// circumstance is invoked (which is its own reason).
        #[serde(default)]
        reasons: Vec<String>,
        /// The exceptional circumstance invoked, if any.
        #[serde(default)]
        circumstance: Option<ExceptionalCircumstance>,
        /// When the insurer asked the customer for information first (C3.2), if it did.
        #[serde(default)]
        customer_consulted_on: Option<NaiveDate>,
        /// Whether the customer trades on the limit (assumed, unless stated otherwise).
        #[serde(default = "yes")]
        limit_in_use: bool,
        /// The buyer's rating, when the insurer has one.
        #[serde(default)]
        rating: Option<BuyerRating>,
        /// Whether the announcement stated the rating (C3.3).
        #[serde(default)]
        rating_stated: bool,
    },
    /// The insurer applied the announced change (stopped covering new deliveries above the
    /// new amount). Before the effective date this breaks C3.4's notice.
    ChangeApplied {
        /// Business date the change was applied.
        on: NaiveDate,
    },
    /// The customer cancelled the limit (cover for deliveries already made stays).
    CancelledByCustomer {
        /// Business date.
        on: NaiveDate,
    },
    /// A temporary limit reached its expiry date.
    TemporaryLimitExpired {
        /// Business date (on or after the expiry date).
        on: NaiveDate,
    },
    /// The limit is set to `amount` because an objection was upheld (C3.5); an announced
    /// change that has not taken effect is cancelled.
    Restored {
        /// Business date.
        on: NaiveDate,
        /// The limit from that date.
        amount: Money,
    },
}

impl CreditLimitEvent {
    /// A reduction announced on `on` to `new_amount` for the reason `reason` (a code from the
    /// pack's catalogue), with no exceptional circumstance, on a limit the customer trades
    /// on, without prior consultation or a stated rating; set those fields on the variant
    /// when they apply.
    #[must_use]
    pub fn reduction(on: NaiveDate, new_amount: Money, reason: &str) -> CreditLimitEvent {
        CreditLimitEvent::ReductionAnnounced {
            on,
            new_amount,
            reasons: vec![reason.to_owned()],
            circumstance: None,
            customer_consulted_on: None,
            limit_in_use: true,
            rating: None,
            rating_stated: false,
        }
    }

    /// A withdrawal announced on `on`, invoking `circumstance` if any, for the reasons given
    /// (codes from the pack's catalogue); otherwise as [`CreditLimitEvent::reduction`].
    #[must_use]
    pub fn withdrawal(
        on: NaiveDate,
        circumstance: Option<ExceptionalCircumstance>,
        reasons: &[&str],
    ) -> CreditLimitEvent {
        CreditLimitEvent::WithdrawalAnnounced {
            on,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            circumstance,
            customer_consulted_on: None,
            limit_in_use: true,
            rating: None,
            rating_stated: false,
        }
    }
}

impl Event for CreditLimitEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        use CreditLimitEvent as Ev;
        match self {
            Ev::Applied { on, .. }
            | Ev::StatusUpdateSent { on }
            | Ev::InformationRequested { on, .. }
            | Ev::InformationReceived { on }
            | Ev::AnswerPeriodLapsed { on }
            | Ev::Decided { on, .. }
            | Ev::DiscretionaryLimitSet { on, .. }
            | Ev::Granted { on, .. }
            | Ev::RatingChanged { on, .. }
            | Ev::ReductionAnnounced { on, .. }
            | Ev::WithdrawalAnnounced { on, .. }
            | Ev::ChangeApplied { on }
            | Ev::CancelledByCustomer { on }
            | Ev::TemporaryLimitExpired { on }
            | Ev::Restored { on, .. } => *on,
        }
    }

    /// The event's name as written in case files, e.g. `reduction_announced`.
    fn kind(&self) -> &'static str {
        self.into()
    }
}
