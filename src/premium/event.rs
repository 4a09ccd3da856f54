use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::invoice::InvoiceId;
use crate::machine::Event;
use crate::money::Money;

/// What happens in a premium year, each on its business date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum PremiumEvent {
    /// The customer's projected insurable turnover for the year: it fixes the estimated
    /// and the minimum premium and the instalments.
    TurnoverEstimated {
        /// The business date.
        on: NaiveDate,
        /// The projected insurable turnover (excluding VAT).
        turnover: Money,
    },
    /// The next instalment of the minimum premium is invoiced, with the quarter's fees.
    InstalmentInvoiced {
        /// The issue date.
        on: NaiveDate,
        /// Credit limits in force during the period, each billed the monitoring fee.
        #[serde(default)]
        monitored_limits: u32,
        /// Credit-limit applications since the last invoice, each billed the application fee.
        #[serde(default)]
        limit_applications: u32,
    },
    /// The customer paid an invoice.
    InvoicePaid {
        /// The day the payment arrived.
        on: NaiveDate,
        /// The invoice paid.
        invoice: InvoiceId,
    },
    /// The customer declared the year's actual insurable turnover; the year-end adjustment
    /// is decided (and invoiced) on this date.
    TurnoverDeclared {
        /// The business date.
        on: NaiveDate,
        /// The declared insurable turnover (excluding VAT).
        turnover: Money,
    },
}

impl Event for PremiumEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            PremiumEvent::TurnoverEstimated { on, .. }
            | PremiumEvent::InstalmentInvoiced { on, .. }
            | PremiumEvent::InvoicePaid { on, .. }
            | PremiumEvent::TurnoverDeclared { on, .. } => *on,
        }
    }

    /// The event's kind, as in JSON: e.g. `instalment_invoiced`.
    fn kind(&self) -> &'static str {
        self.into()
    }
}
