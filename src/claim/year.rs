//! The policy year across claims (C4.3): the aggregate first loss and the maximum liability
//! are policy-wide, while a claim machine is per buyer. A [`PolicyYear`] carries what the
//! claims decided so far used, in date-of-loss order, to the next claim's decision.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Claim, ClaimError, ClaimEvent, PolicyYearUsage};
use crate::machine::Machine;
use crate::money::{Currency, Money};

/// What the claims of one policy year used of the first loss and the maximum liability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyYear {
    first_loss_used: Money,
    paid: Money,
    /// The latest date of loss decided, and of which claim.
    last_loss: Option<(String, NaiveDate)>,
}

/// A claim decided with a date of loss before one already decided in the year: the
/// first loss and the maximum liability are consumed in date-of-loss order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the date of loss {on} is before {earlier}'s {earlier_on}: decide claims in date-of-loss order"
)]
pub struct LossOutOfOrder {
    /// This claim's date of loss.
    pub on: NaiveDate,
    /// The claim decided earlier, e.g. `claim POL-1/B-7`.
    pub earlier: String,
    /// Its date of loss.
    pub earlier_on: NaiveDate,
}

impl PolicyYear {
    /// A year with nothing used yet.
    #[must_use]
    pub fn new(currency: Currency) -> PolicyYear {
        PolicyYear {
            first_loss_used: Money::zero(currency),
            paid: Money::zero(currency),
            last_loss: None,
        }
    }

    /// What the claims so far used.
    #[must_use]
    pub fn usage(&self) -> PolicyYearUsage {
        PolicyYearUsage {
            first_loss_used: Some(self.first_loss_used),
            paid: Some(self.paid),
        }
    }

    /// `event`, with this year's usage when it is a decision that states none.
    #[must_use]
    pub fn complete(&self, event: &ClaimEvent) -> ClaimEvent {
        match event {
            ClaimEvent::ClaimDecided { on, policy_year }
                if *policy_year == PolicyYearUsage::default() =>
            {
                ClaimEvent::ClaimDecided {
                    on: *on,
                    policy_year: self.usage(),
                }
            }
            other => other.clone(),
        }
    }

    /// Counts what `claim`'s payout used, once it is decided.
    ///
    /// # Errors
    ///
    /// [`LossOutOfOrder`] (as [`ClaimError::LossOutOfOrder`]) when its date of loss is before
    /// one already counted; [`ClaimError::Money`] on overflow.
    pub fn count(&mut self, claim: &Claim) -> Result<(), ClaimError> {
        let Some(payout) = claim.payout() else {
            return Ok(());
        };
        if let Some((earlier, earlier_on)) = self
            .last_loss
            .as_ref()
            .filter(|(_, on)| payout.date_of_loss < *on)
        {
            return Err(LossOutOfOrder {
                on: payout.date_of_loss,
                earlier: earlier.clone(),
                earlier_on: *earlier_on,
            }
            .into());
        }
        self.first_loss_used = self
            .first_loss_used
            .checked_add(payout.first_loss_consumed)?;
        self.paid = self.paid.checked_add(payout.amount)?;
        self.last_loss = Some((claim.subject().to_string(), payout.date_of_loss));
        Ok(())
    }
}
