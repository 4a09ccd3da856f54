use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// What the host must do after a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum CreditLimitEffect {
    /// Send the customer this decision, with its explanation and objection right.
    NotifyCustomer {
        /// The decision in one sentence.
        summary: String,
    },
    /// From `from`, cover new deliveries to the buyer only up to `amount`.
    ChangeCoverFrom {
        /// The effective date.
        from: NaiveDate,
        /// The limit from that date.
        amount: Money,
    },
}
