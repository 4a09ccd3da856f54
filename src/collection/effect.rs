use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// What the host must do after a collection transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum CollectionEffect {
    /// Tell the customer what happened (C4.2: up-to-date information on every event).
    NotifyCustomer {
        /// The event in one sentence.
        summary: String,
    },
    /// Transfer `amount` to the customer on or before `by` (C4.2).
    TransferToCustomer {
        /// The customer's part of a recovery, after fees.
        amount: Money,
        /// The due date.
        by: NaiveDate,
    },
}
