use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::invoice::{InvoiceId, InvoiceKind};
use crate::machine::Event;
use crate::money::Money;

/// What happens in a premium year, each on its business date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
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
        match self {
            PremiumEvent::TurnoverEstimated { .. } => "turnover_estimated",
            PremiumEvent::InstalmentInvoiced { .. } => "instalment_invoiced",
            PremiumEvent::InvoicePaid { .. } => "invoice_paid",
            PremiumEvent::TurnoverDeclared { .. } => "turnover_declared",
        }
    }
}

/// A question for rule `invoice/payment_terms`: by when must this invoice be paid?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentQuestion {
    /// Which invoice of the year.
    pub kind: InvoiceKind,
    /// What it asks, tax included.
    pub total: Money,
}

/// A question for rule `premium/closing_invoice`: is the year-end adjustment invoiced?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosingQuestion {
    /// Declared turnover × rate.
    pub final_premium: Money,
    /// The year's minimum premium.
    pub minimum_premium: Money,
    /// Premium already invoiced in instalments, before tax.
    pub advance_premium: Money,
}
