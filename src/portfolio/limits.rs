//! A buyer's credit limit over the year (C3.1–C3.4): granted, or applied for and decided;
//! rating changes; increases; reductions and withdrawals with their notice.

use chrono::NaiveDate;
use rand::Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::claims::DefaultPlan;
use super::{Track, Writer};
use crate::credit_limit::{
    CreditLimit, CreditLimitEvent, CreditLimitState, ExceptionalCircumstance, Route,
};
use crate::error::Error;
use crate::ids::BuyerId;
use crate::money::Money;
use crate::rating::BuyerRating;

/// The insurer's causes for an adverse decision, from `reasons.toml`.
const CAUSES: &[&str] = &[
    "weak_financials",
    "payment_experience",
    "exposure_concentration",
    "rating_downgrade",
];

/// The circumstances that end a limit at once (C3.4).
const AT_ONCE: &[ExceptionalCircumstance] = &[
    ExceptionalCircumstance::BuyerInsolvency,
    ExceptionalCircumstance::Sanctions,
    ExceptionalCircumstance::Fraud,
];

/// No limit changes are written after this day of the year (mid October).
const LAST_CHANGE_DAY: u64 = 288;

impl Writer {
    /// A buyer that keeps trading: a first limit, then up to four changes.
    pub(super) fn limit_story(&mut self, buyer: &BuyerId) -> Result<Track<CreditLimit>, Error> {
        let mut limit = self.new_limit(buyer);
        let start = self.some_day(1, 40);
        let mut on = self.first_limit(&mut limit, start, 5, 400)?;
        let changes = self.count(0, 4);
        for _ in 0..changes {
            on = self.after(on, 20, 90);
            if on > self.day(LAST_CHANGE_DAY)
                || !matches!(limit.machine.state(), CreditLimitState::InForce)
            {
                break;
            }
            let roll = self.count(0, 99);
            on = match roll {
                0..25 => self.rating_change(&mut limit, on)?,
                25..50 => self.increase(&mut limit, on)?,
                50..80 => self.reduction(&mut limit, on)?,
                _ => self.withdrawal(&mut limit, on)?,
            };
        }
        Ok(limit)
    }

    /// A buyer that will stop paying: a limit before its first delivery, perhaps a rating
    /// change, and a withdrawal at once when the buyer is declared insolvent or cover stops.
    pub(super) fn defaulting_limit(
        &mut self,
        buyer: &BuyerId,
        plan: &DefaultPlan,
    ) -> Result<Track<CreditLimit>, Error> {
        let mut limit = self.new_limit(buyer);
        let on = plan.first_invoice.pred_opt().unwrap_or(plan.first_invoice);
        limit.push(
            CreditLimitEvent::Granted {
                on,
                amount: plan.limit,
            },
            &self.rules,
        )?;
        if self.chance(0.5) {
            let on = self.after(on, 10, 30);
            if on < plan.withdrawn_on {
                self.push_rating(&mut limit, on, 8)?;
            }
        }
        let circumstance = if plan.insolvency_on.is_some() {
            ExceptionalCircumstance::BuyerInsolvency
        } else {
            ExceptionalCircumstance::StoppageOfCover
        };
        let rating = BuyerRating::new(self.grade(9, 10)).ok();
        limit.push(
            CreditLimitEvent::WithdrawalAnnounced {
                on: plan.withdrawn_on,
                reasons: Vec::new(),
                circumstance: Some(circumstance),
                customer_consulted_on: None,
                limit_in_use: true,
                rating,
                rating_stated: self.chance(0.9),
            },
            &self.rules,
        )?;
        self.apply_change(&mut limit, 1.0)?;
        Ok(limit)
    }

    fn new_limit(&self, buyer: &BuyerId) -> Track<CreditLimit> {
        Track::new(CreditLimit::new(
            self.policy.clone(),
            buyer.clone(),
            self.currency,
        ))
    }

    /// A limit granted outright, or applied for and decided (C3.1–C3.3); the day of the
    /// last event.
    fn first_limit(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
        from: i64,
        to: i64,
    ) -> Result<NaiveDate, Error> {
        let amount = self.thousands(from, to)?;
        if self.chance(0.45) {
            limit.push(CreditLimitEvent::Granted { on, amount }, &self.rules)?;
            return Ok(on);
        }
        self.application(limit, on, amount)
    }

    /// An application and its decision: instant, or referred to an underwriter who may ask
    /// for information; approved, counter-offered or refused.
    fn application(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
        requested: Money,
    ) -> Result<NaiveDate, Error> {
        let route = if self.chance(0.4) {
            Route::Instant
        } else {
            Route::Referred
        };
        limit.push(
            CreditLimitEvent::Applied {
                on,
                requested,
                route,
            },
            &self.rules,
        )?;
        let mut last = on;
        if route == Route::Referred {
            if self.chance(0.3) {
                last = self.after(last, 1, 2);
                limit.push(
                    CreditLimitEvent::InformationRequested {
                        on: last,
                        about: "latest annual accounts".into(),
                    },
                    &self.rules,
                )?;
                last = self.after(last, 1, 8);
                limit.push(
                    CreditLimitEvent::InformationReceived { on: last },
                    &self.rules,
                )?;
            }
            if self.chance(0.3) {
                last = self.after(last, 1, 4);
                limit.push(CreditLimitEvent::StatusUpdateSent { on: last }, &self.rules)?;
            }
            // Mostly within the five business days; now and then late (C3.1).
            last = if self.chance(0.93) {
                self.after(last, 0, 4)
            } else {
                self.after(last, 9, 14)
            };
        }
        let current = limit.machine.terms().map(|t| t.amount);
        let roll = self.count(0, 99);
        let (amount, reasons) = match roll {
            0..72 => (requested, Vec::new()),
            72..90 => {
                let floor = current.unwrap_or(Money::zero(self.currency));
                (self.between(floor, requested)?, self.causes())
            }
            _ if current.is_none() => (Money::zero(self.currency), self.causes()),
            _ => (current.unwrap_or(requested), self.causes()),
        };
        let adverse = !reasons.is_empty();
        let rating = BuyerRating::new(if adverse {
            self.grade(6, 9)
        } else {
            self.grade(2, 7)
        })
        .ok();
        limit.push(
            CreditLimitEvent::Decided {
                on: last,
                amount,
                conditions: Vec::new(),
                expires_on: None,
                reasons,
                rating,
                rating_stated: adverse && self.chance(0.88),
            },
            &self.rules,
        )?;
        Ok(last)
    }

    /// A rating change the customer is usually told about (C3.3).
    fn rating_change(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
    ) -> Result<NaiveDate, Error> {
        let now = limit.machine.rating().map_or(5, BuyerRating::grade);
        let grade = if self.chance(0.6) {
            now.saturating_add(1).min(10)
        } else {
            now.saturating_sub(1).max(1)
        };
        self.push_rating(limit, on, grade)?;
        Ok(on)
    }

    fn push_rating(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
        grade: u8,
    ) -> Result<(), Error> {
        let told_customer = self.chance(0.85);
        if let Ok(rating) = BuyerRating::new(grade) {
            limit.push(
                CreditLimitEvent::RatingChanged {
                    on,
                    rating,
                    told_customer,
                },
                &self.rules,
            )?;
        }
        Ok(())
    }

    /// An application for more than the limit in force.
    fn increase(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
    ) -> Result<NaiveDate, Error> {
        let Some(current) = limit.machine.terms().map(|t| t.amount) else {
            return Ok(on);
        };
        let factor = Decimal::from(self.count(12, 20)) / Decimal::TEN;
        let requested = self.round_thousands(current.amount() * factor)?;
        if requested.checked_cmp(current)?.is_le() {
            return Ok(on);
        }
        self.application(limit, on, requested)
    }

    /// A reduction with the insurer's causes, usually after consulting the customer (C3.2),
    /// stating the rating (C3.3), with notice (C3.4) — or at once for a circumstance.
    fn reduction(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
    ) -> Result<NaiveDate, Error> {
        let Some(current) = limit.machine.terms().map(|t| t.amount) else {
            return Ok(on);
        };
        let factor = Decimal::from(self.count(3, 8)) / Decimal::TEN;
        let new_amount = self.round_thousands(current.amount() * factor)?;
        if new_amount.is_zero() || new_amount.checked_cmp(current)?.is_ge() {
            return Ok(on);
        }
        let circumstance = if self.chance(0.08) {
            self.pick(&[
                ExceptionalCircumstance::Sanctions,
                ExceptionalCircumstance::Fraud,
            ])
        } else {
            None
        };
        let event = CreditLimitEvent::ReductionAnnounced {
            on,
            new_amount,
            reasons: self.causes(),
            circumstance,
            customer_consulted_on: self.consulted(on),
            limit_in_use: self.chance(0.8),
            rating: limit.machine.rating(),
            rating_stated: self.chance(0.85),
        };
        limit.push(event, &self.rules)?;
        self.apply_change(limit, 0.88)
    }

    /// A withdrawal: with notice for the insurer's causes, at once for a circumstance.
    fn withdrawal(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on: NaiveDate,
    ) -> Result<NaiveDate, Error> {
        let circumstance = if self.chance(0.3) {
            self.pick(AT_ONCE)
        } else {
            None
        };
        let reasons = if circumstance.is_some() {
            Vec::new()
        } else {
            self.causes()
        };
        let event = CreditLimitEvent::WithdrawalAnnounced {
            on,
            reasons,
            circumstance,
            customer_consulted_on: self.consulted(on),
            limit_in_use: self.chance(0.8),
            rating: limit.machine.rating(),
            rating_stated: self.chance(0.85),
        };
        limit.push(event, &self.rules)?;
        self.apply_change(limit, 0.88)
    }

    /// Applies the announced change: on its effective date with probability `on_time`,
    /// else a little early (a C3.4 breach) or a little late.
    fn apply_change(
        &mut self,
        limit: &mut Track<CreditLimit>,
        on_time: f64,
    ) -> Result<NaiveDate, Error> {
        let CreditLimitState::ChangeAnnounced { change } = limit.machine.state() else {
            return Ok(limit.last_on().unwrap_or_default());
        };
        let (announced, effective) = (change.announced_on, change.effective_on);
        let on = if self.chance(on_time) || effective == announced {
            effective
        } else if self.chance(0.5) {
            let early = self.after(announced, 1, 10);
            early.min(effective)
        } else {
            self.after(effective, 1, 5)
        };
        limit.push(CreditLimitEvent::ChangeApplied { on }, &self.rules)?;
        Ok(on)
    }

    /// One or two of the insurer's causes.
    fn causes(&mut self) -> Vec<String> {
        let n = self.count(1, 2);
        let mut causes: Vec<String> = Vec::new();
        for _ in 0..n {
            if let Some(cause) = self.pick(CAUSES)
                && !causes.iter().any(|c| c == cause)
            {
                causes.push(cause.to_owned());
            }
        }
        causes
    }

    /// When the customer was consulted before an adverse change, if at all (C3.2).
    fn consulted(&mut self, on: NaiveDate) -> Option<NaiveDate> {
        self.chance(0.75).then(|| {
            let back = self.count(3, 15);
            on.checked_sub_days(chrono::Days::new(back)).unwrap_or(on)
        })
    }

    /// A whole-thousand amount strictly between `low` and `high`, or `high` when there is none.
    fn between(&mut self, low: Money, high: Money) -> Result<Money, Error> {
        let span = (high.amount() - low.amount()) / Decimal::ONE_THOUSAND;
        let steps = span.trunc().to_i64().unwrap_or(0);
        if steps < 2 {
            return Ok(high);
        }
        let n = self.rng.random_range(1..steps);
        self.money(low.amount() + Decimal::from(n * 1000))
    }

    fn round_thousands(&self, amount: Decimal) -> Result<Money, Error> {
        self.money((amount / Decimal::ONE_THOUSAND).trunc() * Decimal::ONE_THOUSAND)
    }
}
