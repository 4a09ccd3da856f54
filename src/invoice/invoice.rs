use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::InvoiceError;
use super::validate::{Defect, clear_invoice};
use crate::calendar::{CalendarError, HolidayCalendar, Period};
use crate::ids::PolicyId;
use crate::money::{Currency, Money, Percentage};

crate::ids::id!(
    /// An invoice number, e.g. `POL-1-2026-1`: an id of the crate's id set.
    InvoiceId, "invoice"
);

/// Which invoice of the premium year it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InvoiceKind {
    /// An instalment of the minimum premium (the advance), with the quarter's fees.
    Instalment,
    /// The year-end adjustment: the final premium above what was already invoiced.
    Closing,
}

impl InvoiceKind {
    /// The code rules see: `"instalment"` or `"closing"`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for InvoiceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InvoiceKind::Instalment => "instalment invoice",
            InvoiceKind::Closing => "closing invoice",
        })
    }
}

/// The service a line charges for (C2.4: "for which service").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// An instalment of the minimum premium, paid in advance.
    PremiumInstalment,
    /// The year-end premium adjustment on the declared turnover.
    PremiumAdjustment,
    /// Monitoring of the credit limits in force.
    MonitoringFee,
    /// Handling of credit-limit applications.
    CreditLimitFee,
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::PremiumInstalment => "premium instalment",
            Service::PremiumAdjustment => "premium adjustment",
            Service::MonitoringFee => "credit-limit monitoring fee",
            Service::CreditLimitFee => "credit-limit application fee",
        })
    }
}

/// The period a line charges for, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServicePeriod {
    /// The first day.
    pub from: NaiveDate,
    /// The last day (included).
    pub to: NaiveDate,
}

/// `2026-01-01 to 2026-03-31`.
impl fmt::Display for ServicePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.to)
    }
}

/// How long the customer has to pay, as `invoice/payment_terms` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentTerm {
    /// Payable within this period after the issue date.
    Within(Period),
    /// Payable on or before this date.
    On(NaiveDate),
}

impl PaymentTerm {
    /// The due date of an invoice issued on `issued_on`.
    ///
    /// # Errors
    ///
    /// [`CalendarError`] when the date is out of range or outside the calendar's years.
    pub fn due_on(
        self,
        issued_on: NaiveDate,
        calendar: &HolidayCalendar,
    ) -> Result<NaiveDate, CalendarError> {
        match self {
            PaymentTerm::Within(period) => period.after(issued_on, calendar),
            PaymentTerm::On(date) => Ok(date),
        }
    }
}

/// One line of an invoice: what it is for, over which period, and what it costs.
///
/// INVARIANT (line adds up): `total == net + tax`; INVARIANT (period runs forward):
/// `period.from <= period.to`. Both are checked whenever a line is built
/// ([`InvoiceLine::new`], or an [`InvoiceDraft`] turned into an [`Invoice`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InvoiceLine {
    pub(super) service: Service,
    pub(super) description: String,
    pub(super) period: ServicePeriod,
    pub(super) net: Money,
    pub(super) tax_rate: Option<Percentage>,
    pub(super) tax: Money,
    pub(super) total: Money,
}

impl InvoiceLine {
    /// A line charging `net` for `service` over `period`, with tax at `tax_rate` rounded
    /// once with the crate's rounding policy.
    ///
    /// # Errors
    ///
    /// [`InvoiceError::Unclear`] when the period runs backwards;
    /// [`InvoiceError::Money`] on overflow.
    pub fn new(
        service: Service,
        description: impl Into<String>,
        period: ServicePeriod,
        net: Money,
        tax_rate: Percentage,
    ) -> Result<InvoiceLine, InvoiceError> {
        if period.from > period.to {
            return Err(InvoiceError::Unclear {
                invoice: "(line)".into(),
                defects: vec![Defect::PeriodReversed {
                    line: 1,
                    from: period.from,
                    to: period.to,
                }],
            });
        }
        let tax = net.checked_percentage(tax_rate)?;
        let total = net.checked_add(tax)?;
        let description = description.into();
        Ok(InvoiceLine {
            service,
            description: if description.trim().is_empty() {
                service.to_string()
            } else {
                description
            },
            period,
            net,
            tax_rate: Some(tax_rate),
            tax,
            total,
        })
    }

    /// The service charged for.
    #[must_use]
    pub fn service(&self) -> Service {
        self.service
    }
    /// The line in words, e.g. `premium instalment 1 of 4`.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The period charged for.
    #[must_use]
    pub fn period(&self) -> ServicePeriod {
        self.period
    }
    /// The amount before tax.
    #[must_use]
    pub fn net(&self) -> Money {
        self.net
    }
    /// The tax rate applied, when the line states one.
    #[must_use]
    pub fn tax_rate(&self) -> Option<Percentage> {
        self.tax_rate
    }
    /// The tax.
    #[must_use]
    pub fn tax(&self) -> Money {
        self.tax
    }
    /// Net plus tax.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }
}

/// A clear invoice (C2.4): the customer reads at once what to pay, for which service, and
/// by which date.
///
/// INVARIANT (clear): it has a number, an issue date, a due date on or after the issue
/// date, at least one line, every line states its service and period and adds up, every
/// amount is in one currency, and the lines sum exactly to `total`. The only ways to get
/// one are [`Invoice::try_from`] an [`InvoiceDraft`] (also used when reading JSON), and
/// [`Invoice::issue`], so an unclear invoice cannot exist.
///
/// ```
/// use chrono::NaiveDate;
/// use credit_charter::invoice::{Invoice, InvoiceDraft};
///
/// let draft: InvoiceDraft = serde_json::from_str(r#"{
///     "number": "INV-1", "issued_on": "2026-01-05",
///     "lines": [ { "service": "premium_instalment",
///                  "period": { "from": "2026-01-01", "to": "2026-03-31" },
///                  "net": "EUR 100.00", "tax": "EUR 21.00", "total": "EUR 121.00" } ],
///     "total": "EUR 125.00" }"#)?;
/// let err = Invoice::try_from(draft).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invoice `INV-1` is unclear: no due date; the lines add up to `EUR 121.00` but the total says `EUR 125.00`"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "InvoiceDraft", into = "InvoiceDraft")]
pub struct Invoice {
    pub(super) number: InvoiceId,
    pub(super) policy: Option<PolicyId>,
    pub(super) kind: InvoiceKind,
    pub(super) issued_on: NaiveDate,
    pub(super) due_on: NaiveDate,
    pub(super) lines: Vec<InvoiceLine>,
    pub(super) net: Money,
    pub(super) tax: Money,
    pub(super) total: Money,
}

impl Invoice {
    /// Issues an invoice from built lines: the totals are their exact sums.
    ///
    /// # Errors
    ///
    /// [`InvoiceError::Unclear`] listing every defect (no lines, a due date before the
    /// issue date, mixed currencies); [`InvoiceError::Money`] on overflow.
    pub fn issue(
        number: InvoiceId,
        policy: PolicyId,
        kind: InvoiceKind,
        issued_on: NaiveDate,
        due_on: NaiveDate,
        lines: Vec<InvoiceLine>,
    ) -> Result<Invoice, InvoiceError> {
        let currency = lines.first().map_or(Currency::EUR, |l| l.total.currency());
        let mut total = Money::zero(currency);
        for line in &lines {
            // A mismatch is reported as a defect by the draft check below.
            total = total.checked_add(line.total).unwrap_or(total);
        }
        let draft = InvoiceDraft {
            number: Some(number.0),
            policy: Some(policy),
            kind: Some(kind),
            issued_on: Some(issued_on),
            due_on: Some(due_on),
            lines: lines.into_iter().map(LineDraft::from).collect(),
            total: Some(total),
        };
        Invoice::try_from(draft)
    }

    /// The invoice number.
    #[must_use]
    pub fn number(&self) -> &InvoiceId {
        &self.number
    }
    /// The policy invoiced, when stated.
    #[must_use]
    pub fn policy(&self) -> Option<&PolicyId> {
        self.policy.as_ref()
    }
    /// Which invoice of the premium year it is.
    #[must_use]
    pub fn kind(&self) -> InvoiceKind {
        self.kind
    }
    /// The issue date.
    #[must_use]
    pub fn issued_on(&self) -> NaiveDate {
        self.issued_on
    }
    /// The last day to pay.
    #[must_use]
    pub fn due_on(&self) -> NaiveDate {
        self.due_on
    }
    /// The lines, in the order the invoice reads.
    #[must_use]
    pub fn lines(&self) -> &[InvoiceLine] {
        &self.lines
    }
    /// The sum of the lines before tax.
    #[must_use]
    pub fn net(&self) -> Money {
        self.net
    }
    /// The sum of the lines' tax.
    #[must_use]
    pub fn tax(&self) -> Money {
        self.tax
    }
    /// What to pay: the exact sum of the lines' totals.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }
    /// The currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.total.currency()
    }
}

impl TryFrom<InvoiceDraft> for Invoice {
    type Error = InvoiceError;

    /// Checks a draft — built here or produced elsewhere — and accepts it only when clear.
    fn try_from(draft: InvoiceDraft) -> Result<Invoice, InvoiceError> {
        clear_invoice(draft)
    }
}

/// An invoice as written, every part optional: what [`validate`](super::validate) checks
/// and what an [`Invoice`] is read from. In JSON, amounts are `"EUR 12000.00"` and
/// percentages `"21%"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceDraft {
    /// The invoice number.
    #[serde(default)]
    pub number: Option<String>,
    /// The policy invoiced.
    #[serde(default)]
    pub policy: Option<PolicyId>,
    /// Which invoice of the premium year (instalment when absent).
    #[serde(default)]
    pub kind: Option<InvoiceKind>,
    /// The issue date.
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    /// The last day to pay.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// The lines.
    #[serde(default)]
    pub lines: Vec<LineDraft>,
    /// The amount to pay as the invoice states it.
    #[serde(default)]
    pub total: Option<Money>,
}

/// One invoice line as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineDraft {
    /// The service charged for.
    #[serde(default)]
    pub service: Option<Service>,
    /// The line in words.
    #[serde(default)]
    pub description: Option<String>,
    /// The period charged for.
    #[serde(default)]
    pub period: Option<ServicePeriod>,
    /// The amount before tax.
    #[serde(default)]
    pub net: Option<Money>,
    /// The tax rate (0% when absent).
    #[serde(default)]
    pub tax_rate: Option<Percentage>,
    /// The tax (zero when absent).
    #[serde(default)]
    pub tax: Option<Money>,
    /// Net plus tax as the line states it (computed when absent).
    #[serde(default)]
    pub total: Option<Money>,
}

impl From<InvoiceLine> for LineDraft {
    fn from(line: InvoiceLine) -> LineDraft {
        LineDraft {
            service: Some(line.service),
            description: Some(line.description),
            period: Some(line.period),
            net: Some(line.net),
            tax_rate: line.tax_rate,
            tax: Some(line.tax),
            total: Some(line.total),
        }
    }
}

impl From<Invoice> for InvoiceDraft {
    fn from(invoice: Invoice) -> InvoiceDraft {
        InvoiceDraft {
            number: Some(invoice.number.0),
            policy: invoice.policy,
            kind: Some(invoice.kind),
            issued_on: Some(invoice.issued_on),
            due_on: Some(invoice.due_on),
            lines: invoice.lines.into_iter().map(LineDraft::from).collect(),
            total: Some(invoice.total),
        }
    }
}
