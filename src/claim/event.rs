use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::PaymentTerms;
use crate::machine::Event;
use crate::money::Money;

/// An invoice to the buyer, as the claim sees it.
///
/// In a case file the due date may be given as payment terms instead
/// (`"terms": "30 days end of month"`, see [`PaymentTerms`]); given both, they must agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "InvoiceFields")]
pub struct BuyerInvoice {
    /// The invoice number, e.g. `INV-2026-0113`.
    pub number: String,
    /// The invoice date; credit terms run from it.
    pub invoice_date: NaiveDate,
    /// The delivery (or service) date; the credit limit in force on it applies.
    pub delivery_date: NaiveDate,
    /// The original due date; every step-plan clock runs from it, whatever was agreed later.
    pub due_date: NaiveDate,
    /// The amount excluding VAT.
    pub amount: Money,
    /// The VAT on the invoice (zero when none).
    pub vat: Money,
    /// `true` while the buyer disputes the invoice: cover is suspended until resolved.
    #[serde(default)]
    pub disputed: bool,
}

/// A buyer invoice as written: a due date, payment terms, or both.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct InvoiceFields {
    /// The invoice number, e.g. `INV-2026-0113`.
    number: String,
    /// The invoice date; credit terms run from it.
    invoice_date: NaiveDate,
    /// The delivery (or service) date; the credit limit in force on it applies.
    delivery_date: NaiveDate,
    /// The original due date (or give `terms`; given both, they must agree).
    #[serde(default)]
    due_date: Option<NaiveDate>,
    /// Payment terms from the invoice date, e.g. `30 days end of month`.
    #[serde(default)]
    terms: Option<PaymentTerms>,
    /// The amount excluding VAT.
    amount: Money,
    /// The VAT on the invoice (zero when none).
    vat: Money,
    /// `true` while the buyer disputes the invoice.
    #[serde(default)]
    disputed: bool,
}

impl TryFrom<InvoiceFields> for BuyerInvoice {
    type Error = String;
    fn try_from(fields: InvoiceFields) -> Result<BuyerInvoice, String> {
        let by_terms = match fields.terms {
            Some(terms) => Some(
                terms
                    .due_date(fields.invoice_date)
                    .map_err(|e| e.to_string())?,
            ),
            None => None,
        };
        let due_date = match (fields.due_date, by_terms) {
            (Some(given), Some(computed)) if given != computed => {
                return Err(format!(
                    "invoice `{}`: the due date {given} is not what its terms give ({computed})",
                    fields.number
                ));
            }
            (Some(date), _) | (None, Some(date)) => date,
            (None, None) => return Err("missing field `due_date` (or `terms`)".to_owned()),
        };
        Ok(BuyerInvoice {
            number: fields.number,
            invoice_date: fields.invoice_date,
            delivery_date: fields.delivery_date,
            due_date,
            amount: fields.amount,
            vat: fields.vat,
            disputed: fields.disputed,
        })
    }
}

impl BuyerInvoice {
    /// The amount including VAT: what the buyer owes.
    ///
    /// # Errors
    ///
    /// [`MoneyError`](crate::money::MoneyError) when the currencies differ or on overflow.
    pub fn gross(&self) -> Result<Money, crate::money::MoneyError> {
        self.amount.checked_add(self.vat)
    }
}

/// What kind of credit lowers what the buyer owes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CreditKind {
    /// A payment by the buyer.
    Payment,
    /// A credit note the customer issued to the buyer.
    CreditNote,
    /// An amount the customer owes the buyer, set off against the debt.
    SetOff,
}

impl CreditKind {
    /// The code used in case files and reason codes, e.g. `credit_note`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
    /// The kind in words, e.g. `Credit note`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CreditKind::Payment => "Payment",
            CreditKind::CreditNote => "Credit note",
            CreditKind::SetOff => "Set-off",
        }
    }
}

/// A payment, credit note or set-off, dated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// When it was received or issued.
    pub on: NaiveDate,
    /// Which kind.
    pub kind: CreditKind,
    /// How much.
    pub amount: Money,
}

/// The claim's dates beyond the invoice's own, for wordings that use them: the date of
/// loss (`claim/date_of_loss`), the stoppage of cover (`claim/stoppage_of_cover`) and each
/// invoice's judgement (`claim/payout`). Absent until they happen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDates {
    /// The original due date of the oldest unpaid invoice, once the account is overdue.
    #[serde(default)]
    pub oldest_due: Option<NaiveDate>,
    /// When the customer notified the insurer of the overdue account.
    #[serde(default)]
    pub notified_on: Option<NaiveDate>,
    /// When the customer handed the debt over for collection.
    #[serde(default)]
    pub handed_over_on: Option<NaiveDate>,
    /// When the buyer became insolvent.
    #[serde(default)]
    pub insolvency_on: Option<NaiveDate>,
}

/// What the policy year has already used of the aggregate first loss and of the maximum
/// liability, before this claim (claims are decided in date-of-loss order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyYearUsage {
    /// Aggregate first loss already borne by the customer on earlier losses.
    #[serde(default)]
    pub first_loss_used: Option<Money>,
    /// Payouts already made in the policy year.
    #[serde(default)]
    pub paid: Option<Money>,
}

/// What can happen on an overdue account and its claim. Every event carries its business
/// date `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum ClaimEvent {
    /// The customer invoiced the buyer.
    InvoiceIssued {
        /// Business date.
        on: NaiveDate,
        /// The invoice.
        invoice: BuyerInvoice,
    },
    /// The buyer paid, or the customer issued a credit note or set off an amount.
    CreditReceived {
        /// Business date.
        on: NaiveDate,
        /// Which kind.
        kind: CreditKind,
        /// How much.
        amount: Money,
    },
    /// The oldest unpaid invoice is past its due date: the step plan starts (C4.1).
    PaymentOverdue {
        /// Business date.
        on: NaiveDate,
    },
    /// The maximum extension period ended with the invoice unpaid: cover for deliveries
    /// after it stops.
    MepExpired {
        /// Business date.
        on: NaiveDate,
    },
    /// The customer notified the insurer of the overdue account.
    OverdueNotified {
        /// Business date.
        on: NaiveDate,
    },
    /// The customer handed the debt over for collection.
    CollectionHandedOver {
        /// Business date.
        on: NaiveDate,
    },
    /// The buyer became insolvent (bankruptcy, suspension of payments, administration).
    InsolvencyDeclared {
        /// Business date of the insolvency.
        on: NaiveDate,
    },
    /// The customer submitted the claim.
    ClaimSubmitted {
        /// Business date.
        on: NaiveDate,
    },
    /// The insurer asked for documents.
    DocumentsRequested {
        /// Business date.
        on: NaiveDate,
        /// What is asked for, in words.
        documents: Vec<String>,
    },
    /// The claim's documentation is complete.
    DocumentsCompleted {
        /// Business date.
        on: NaiveDate,
    },
    /// The insurer assessed the claim and decided the payout.
    ClaimDecided {
        /// Business date.
        on: NaiveDate,
        /// What earlier losses of the policy year used (zero when absent).
        #[serde(default)]
        policy_year: PolicyYearUsage,
    },
    /// The insurer paid the decided payout.
    PayoutMade {
        /// Business date.
        on: NaiveDate,
    },
    /// An objection to the decision was upheld (C4.3, C3.5): the payout is raised to the
    /// amount the objection found right, and the difference is due.
    PayoutCorrected {
        /// Business date.
        on: NaiveDate,
        /// The corrected payout in total.
        amount: Money,
    },
}

impl Event for ClaimEvent {
    /// The event's business date.
    fn on(&self) -> NaiveDate {
        match self {
            ClaimEvent::InvoiceIssued { on, .. }
            | ClaimEvent::CreditReceived { on, .. }
            | ClaimEvent::PaymentOverdue { on }
            | ClaimEvent::MepExpired { on }
            | ClaimEvent::OverdueNotified { on }
            | ClaimEvent::CollectionHandedOver { on }
            | ClaimEvent::InsolvencyDeclared { on }
            | ClaimEvent::ClaimSubmitted { on }
            | ClaimEvent::DocumentsRequested { on, .. }
            | ClaimEvent::DocumentsCompleted { on }
            | ClaimEvent::ClaimDecided { on, .. }
            | ClaimEvent::PayoutMade { on }
            | ClaimEvent::PayoutCorrected { on, .. } => *on,
        }
    }

    /// The event's name as written in case files, e.g. `claim_submitted`.
    fn kind(&self) -> &'static str {
        self.into()
    }
}
