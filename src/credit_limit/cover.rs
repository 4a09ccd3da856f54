//! Cover queries: which limit covers a delivery, and how much of a buyer's outstanding
//! balance is covered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::CreditLimit;
use crate::money::{Money, MoneyError};

/// One outstanding invoice for the exposure check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// The invoice's number.
    pub invoice: String,
    /// The date the goods were delivered or the service performed.
    pub delivered_on: NaiveDate,
    /// The amount still unpaid.
    pub outstanding: Money,
}

/// Why part of a delivery is not covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uncovered {
    /// No limit was in force on the delivery date.
    NoLimitAtDelivery,
    /// Together with earlier deliveries, it exceeds the limit in force on its delivery date.
    AboveLimitAtDelivery,
}

/// One delivery, split into covered and uncovered parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposureLine {
    /// The delivery.
    pub delivery: Delivery,
    /// The limit in force on its delivery date.
    pub limit_at_delivery: Money,
    /// The covered part.
    pub covered: Money,
    /// The uncovered part.
    pub uncovered: Money,
    /// Why part is uncovered, when it is.
    pub reason: Option<Uncovered>,
}

/// A buyer's outstanding balance split into covered and uncovered amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposure {
    /// One line per delivery, in delivery order.
    pub lines: Vec<ExposureLine>,
    /// The covered total.
    pub covered: Money,
    /// The uncovered total.
    pub uncovered: Money,
}

impl CreditLimit {
    /// The limit covering a delivery made on `delivery`: changes are never retroactive, so
    /// a delivery before a change's effective date keeps the old limit (C3.4).
    #[must_use]
    pub fn cover_on(&self, delivery: NaiveDate) -> Money {
        self.history
            .iter()
            .rev()
            .find(|span| span.from <= delivery)
            .map_or_else(|| Money::zero(self.currency), |span| span.amount)
    }

    /// Splits outstanding deliveries into covered and uncovered amounts, honouring the limit
    /// history: the limit is revolving, so deliveries are taken in delivery order and each is
    /// covered only as far as the limit in force on its delivery date still has room after
    /// the earlier ones.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] for a delivery in another currency than the limit's.
    pub fn exposure(&self, deliveries: &[Delivery]) -> Result<Exposure, MoneyError> {
        let mut sorted: Vec<&Delivery> = deliveries.iter().collect();
        sorted.sort_by_key(|d| d.delivered_on);
        let zero = Money::zero(self.currency);
        let (mut covered_total, mut uncovered_total) = (zero, zero);
        let mut lines = Vec::with_capacity(sorted.len());
        for delivery in sorted {
            let limit = self.cover_on(delivery.delivered_on);
            let room = limit.checked_sub(covered_total)?;
            let room = if room.is_negative() { zero } else { room };
            let covered = delivery.outstanding.checked_min(room)?;
            let covered = if covered.is_negative() { zero } else { covered };
            let uncovered = delivery.outstanding.checked_sub(covered)?;
            let reason = match (uncovered.is_zero(), limit.is_zero()) {
                (true, _) => None,
                (false, true) => Some(Uncovered::NoLimitAtDelivery),
                (false, false) => Some(Uncovered::AboveLimitAtDelivery),
            };
            covered_total = covered_total.checked_add(covered)?;
            uncovered_total = uncovered_total.checked_add(uncovered)?;
            lines.push(ExposureLine {
                delivery: delivery.clone(),
                limit_at_delivery: limit,
                covered,
                uncovered,
                reason,
            });
        }
        Ok(Exposure {
            lines,
            covered: covered_total,
            uncovered: uncovered_total,
        })
    }
}
