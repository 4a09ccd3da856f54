use serde::{Deserialize, Serialize};

use crate::invoice::Invoice;

/// What the host must do after a premium-year event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum PremiumEffect {
    /// Send this invoice to the customer.
    SendInvoice {
        /// The invoice, clear by construction.
        invoice: Box<Invoice>,
    },
}
