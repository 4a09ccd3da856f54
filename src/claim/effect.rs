use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// What the host must do after a claim transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ClaimEffect {
    /// Send the customer this decision, with its explanation.
    NotifyCustomer {
        /// The decision in one sentence.
        summary: String,
    },
    /// Cover stopped: deliveries to the buyer after `after` are not covered. Announce the
    /// withdrawal of the buyer's credit limit with the circumstance `stoppage_of_cover`
    /// (the credit-limit machine then applies it at once, C3.4). The case-file replay does
    /// so itself, unless the file states that withdrawal or the limit's events go on.
    StopCover {
        /// The last delivery date still covered (the end of the maximum extension period).
        after: NaiveDate,
    },
    /// Pay the customer `amount` on or before `by`.
    PayCustomer {
        /// The payout.
        amount: Money,
        /// The due date (never before the date of loss).
        by: NaiveDate,
    },
    /// Tell the customer they may object to the decision until `until` (C4.3).
    OfferObjection {
        /// The last day an objection is on time.
        until: NaiveDate,
    },
}
