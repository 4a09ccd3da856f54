use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{MonthEnd, add_months};
use crate::explain::ObligationId;
use crate::ids::PolicyId;
use crate::invoice::{Invoice, ServicePeriod};
use crate::machine::Ledger;
use crate::money::{Currency, Money, Percentage};

use super::PremiumError;

/// Where a premium year stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PremiumYearStatus {
    /// Waiting for the estimated turnover that fixes the minimum premium.
    AwaitingEstimate,
    /// Invoicing the minimum premium in instalments.
    Invoicing,
    /// Every instalment is invoiced; waiting for the declared turnover.
    AwaitingDeclaration,
    /// The declared turnover is in and the year-end adjustment decided.
    Closed,
}

impl fmt::Display for PremiumYearStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PremiumYearStatus::AwaitingEstimate => "awaiting the turnover estimate",
            PremiumYearStatus::Invoicing => "invoicing the minimum premium",
            PremiumYearStatus::AwaitingDeclaration => "awaiting the declared turnover",
            PremiumYearStatus::Closed => "closed",
        })
    }
}

/// The premium of a year as estimated at its start (domain: premium = turnover × rate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    /// The projected insurable turnover.
    pub turnover: Money,
    /// The premium rate in force on the first day of the year.
    pub rate: Percentage,
    /// `turnover × rate`.
    pub estimated_premium: Money,
    /// The minimum premium's share of the estimated premium.
    pub minimum_share: Percentage,
    /// What the customer pays whatever the declared turnover: `estimated_premium × share`.
    pub minimum_premium: Money,
    /// The minimum premium split into instalments, exactly (see
    /// [`INSTALMENT_REMAINDER`](super::INSTALMENT_REMAINDER)).
    pub instalments: Vec<Money>,
}

/// An invoice issued in the year, and whether it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedInvoice {
    /// The invoice.
    pub invoice: Invoice,
    /// The premium it charges, before tax and without fees.
    pub premium: Money,
    /// The customer's obligation to pay it.
    pub obligation: ObligationId,
    /// When it was paid.
    pub paid_on: Option<NaiveDate>,
}

/// The premium and invoices of one insurance year of one policy (C2.4).
///
/// INVARIANT (instalments): `invoices` holds at most `estimate.instalments.len()`
/// instalment invoices, in order, then at most one closing invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PremiumYear {
    pub(super) policy: PolicyId,
    pub(super) currency: Currency,
    pub(super) year: ServicePeriod,
    pub(super) status: PremiumYearStatus,
    pub(super) estimate: Option<Estimate>,
    pub(super) invoices: Vec<IssuedInvoice>,
    pub(super) final_premium: Option<Money>,
    #[serde(flatten)]
    pub(super) ledger: Ledger,
}

impl PremiumYear {
    /// A premium year of 12 months starting on `starts_on`, awaiting its estimate.
    ///
    /// # Errors
    ///
    /// [`PremiumError::Calendar`] when the year's end is out of range.
    pub fn new(
        policy: PolicyId,
        currency: Currency,
        starts_on: NaiveDate,
    ) -> Result<PremiumYear, PremiumError> {
        let end = add_months(starts_on, 12, MonthEnd::Clamp)?;
        let to = end.pred_opt().unwrap_or(end);
        Ok(PremiumYear {
            policy,
            currency,
            year: ServicePeriod {
                from: starts_on,
                to,
            },
            status: PremiumYearStatus::AwaitingEstimate,
            estimate: None,
            invoices: Vec::new(),
            final_premium: None,
            ledger: Ledger::default(),
        })
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &PolicyId {
        &self.policy
    }
    /// The policy currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }
    /// The insurance year, both days included.
    #[must_use]
    pub fn year(&self) -> ServicePeriod {
        self.year
    }
    /// Where the year stands.
    #[must_use]
    pub fn status(&self) -> PremiumYearStatus {
        self.status
    }
    /// The estimate and minimum premium, once set.
    #[must_use]
    pub fn estimate(&self) -> Option<&Estimate> {
        self.estimate.as_ref()
    }
    /// Every invoice issued, in order.
    #[must_use]
    pub fn invoices(&self) -> &[IssuedInvoice] {
        &self.invoices
    }
    /// The premium on the declared turnover, once declared.
    #[must_use]
    pub fn final_premium(&self) -> Option<Money> {
        self.final_premium
    }
}
