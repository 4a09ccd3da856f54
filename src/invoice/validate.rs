//! The clarity check of C2.4, for invoices built here and invoices produced elsewhere.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::InvoiceError;
use super::invoice::{
    Invoice, InvoiceDraft, InvoiceId, InvoiceKind, InvoiceLine, LineDraft, ServicePeriod,
};
use crate::money::{Currency, Money, Percentage};

/// One way an invoice fails to be clear (C2.4). Lines are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "defect")]
#[non_exhaustive]
pub enum Defect {
    /// The invoice has no number to pay against.
    NoNumber,
    /// The number is not a valid invoice number.
    BadNumber {
        /// The number as written.
        number: String,
    },
    /// The invoice has no issue date.
    NoIssueDate,
    /// The invoice does not say by when to pay.
    NoDueDate,
    /// The due date is before the issue date.
    DueBeforeIssue {
        /// The issue date.
        issued_on: NaiveDate,
        /// The due date.
        due_on: NaiveDate,
    },
    /// The invoice has no lines: it does not say what is charged.
    NoLines,
    /// The invoice does not state its total.
    NoTotal,
    /// A line does not state its service.
    NoService {
        /// The line, from 1.
        line: usize,
    },
    /// A line does not state the period it charges for.
    NoPeriod {
        /// The line, from 1.
        line: usize,
    },
    /// A line's period ends before it starts.
    PeriodReversed {
        /// The line, from 1.
        line: usize,
        /// The first day as written.
        from: NaiveDate,
        /// The last day as written.
        to: NaiveDate,
    },
    /// A line does not state its amount.
    NoAmount {
        /// The line, from 1.
        line: usize,
    },
    /// A line's tax is not its amount at its tax rate.
    TaxNotAtRate {
        /// The line, from 1.
        line: usize,
        /// The tax as written.
        tax: Money,
        /// The tax at the stated rate.
        expected: Money,
        /// The stated rate.
        rate: Percentage,
    },
    /// A line's total is not its amount plus its tax.
    LineDoesNotAddUp {
        /// The line, from 1.
        line: usize,
        /// Amount plus tax.
        sum: Money,
        /// The line's total as written.
        total: Money,
    },
    /// An amount is in another currency than the invoice's.
    MixedCurrencies {
        /// The line, from 1.
        line: usize,
        /// The line's currency.
        found: Currency,
        /// The invoice's currency.
        expected: Currency,
    },
    /// The lines do not add up to the invoice's total.
    LinesDoNotAddUp {
        /// The sum of the lines' totals.
        sum: Money,
        /// The total as written.
        total: Money,
    },
    /// Adding the amounts left the range of exact decimals.
    OutOfRange,
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Defect::NoNumber => f.write_str("no invoice number"),
            Defect::BadNumber { number } => write!(f, "invoice number `{number}` is not valid"),
            Defect::NoIssueDate => f.write_str("no issue date"),
            Defect::NoDueDate => f.write_str("no due date"),
            Defect::DueBeforeIssue { issued_on, due_on } => {
                write!(
                    f,
                    "due date `{due_on}` is before the issue date `{issued_on}`"
                )
            }
            Defect::NoLines => f.write_str("no lines: nothing says what is charged"),
            Defect::NoTotal => f.write_str("no total to pay"),
            Defect::NoService { line } => write!(f, "line {line} states no service"),
            Defect::NoPeriod { line } => write!(f, "line {line} states no period"),
            Defect::PeriodReversed { line, from, to } => {
                write!(
                    f,
                    "line {line} has a period ending `{to}` before it starts `{from}`"
                )
            }
            Defect::NoAmount { line } => write!(f, "line {line} states no amount"),
            Defect::TaxNotAtRate {
                line,
                tax,
                expected,
                rate,
            } => write!(
                f,
                "line {line} has tax `{tax}` but `{rate}` of its amount is `{expected}`"
            ),
            Defect::LineDoesNotAddUp { line, sum, total } => write!(
                f,
                "line {line} adds up to `{sum}` but its total says `{total}`"
            ),
            Defect::MixedCurrencies {
                line,
                found,
                expected,
            } => write!(
                f,
                "line {line} is in `{found}` but the invoice is in `{expected}`"
            ),
            Defect::LinesDoNotAddUp { sum, total } => write!(
                f,
                "the lines add up to `{sum}` but the total says `{total}`"
            ),
            Defect::OutOfRange => f.write_str("the amounts are too large to add up exactly"),
        }
    }
}

/// Every clarity defect of an invoice, at once, in the order the invoice reads; empty
/// when the invoice is clear (C2.4).
///
/// ```
/// use credit_charter::invoice::{validate, Defect, InvoiceDraft};
///
/// let draft: InvoiceDraft = serde_json::from_str(r#"{
///     "number": "EXT-7", "issued_on": "2026-04-02",
///     "lines": [ { "net": "EUR 50.00" } ], "total": "EUR 50.00" }"#)?;
/// let defects = validate(&draft);
/// assert_eq!(defects, [Defect::NoDueDate, Defect::NoService { line: 1 }, Defect::NoPeriod { line: 1 }]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[must_use]
pub fn validate(draft: &InvoiceDraft) -> Vec<Defect> {
    check(draft).1
}

/// Checks a draft; the lines that could be built come back with the defects.
fn check(draft: &InvoiceDraft) -> (Vec<InvoiceLine>, Vec<Defect>) {
    let mut defects = Vec::new();
    match &draft.number {
        None => defects.push(Defect::NoNumber),
        Some(number) if InvoiceId::new(number.clone()).is_err() => {
            defects.push(Defect::BadNumber {
                number: number.clone(),
            });
        }
        Some(_) => {}
    }
    if draft.issued_on.is_none() {
        defects.push(Defect::NoIssueDate);
    }
    match (draft.issued_on, draft.due_on) {
        (_, None) => defects.push(Defect::NoDueDate),
        (Some(issued_on), Some(due_on)) if due_on < issued_on => {
            defects.push(Defect::DueBeforeIssue { issued_on, due_on });
        }
        _ => {}
    }
    if draft.lines.is_empty() {
        defects.push(Defect::NoLines);
    }
    let currency = draft
        .total
        .or_else(|| draft.lines.iter().find_map(|l| l.net))
        .map(Money::currency);
    let mut lines = Vec::new();
    let mut sum = currency.map(Money::zero);
    for (i, line) in draft.lines.iter().enumerate() {
        let (counted, built) = check_line(i + 1, line, currency, &mut defects);
        match counted {
            Some(total) => {
                sum = sum.and_then(|s| s.checked_add(total).ok());
                if sum.is_none() {
                    defects.push(Defect::OutOfRange);
                }
            }
            None => sum = None,
        }
        lines.extend(built);
    }
    match (draft.total, sum) {
        (None, _) => defects.push(Defect::NoTotal),
        (Some(total), Some(sum)) if sum != total => {
            defects.push(Defect::LinesDoNotAddUp { sum, total });
        }
        // A line that could not be read already has its own defect.
        _ => {}
    }
    (lines, defects)
}

/// Checks one line, adding its defects. Answers the total it counts towards the invoice's
/// sum (none when it has no readable amount) and the line when it has no defect.
fn check_line(
    line: usize,
    draft: &LineDraft,
    currency: Option<Currency>,
    defects: &mut Vec<Defect>,
) -> (Option<Money>, Option<InvoiceLine>) {
    let before = defects.len();
    if draft.service.is_none() {
        defects.push(Defect::NoService { line });
    }
    match draft.period {
        None => defects.push(Defect::NoPeriod { line }),
        Some(ServicePeriod { from, to }) if from > to => {
            defects.push(Defect::PeriodReversed { line, from, to });
        }
        Some(_) => {}
    }
    let Some(net) = draft.net else {
        defects.push(Defect::NoAmount { line });
        return (None, None);
    };
    let expected = currency.unwrap_or(net.currency());
    for amount in [Some(net), draft.tax, draft.total].into_iter().flatten() {
        if amount.currency() != expected {
            defects.push(Defect::MixedCurrencies {
                line,
                found: amount.currency(),
                expected,
            });
            return (None, None);
        }
    }
    let tax = match (draft.tax, draft.tax_rate) {
        (Some(tax), Some(rate)) => {
            match net.checked_percentage(rate) {
                Ok(at_rate) if at_rate != tax => defects.push(Defect::TaxNotAtRate {
                    line,
                    tax,
                    expected: at_rate,
                    rate,
                }),
                Ok(_) => {}
                Err(_) => defects.push(Defect::OutOfRange),
            }
            tax
        }
        (Some(tax), None) => tax,
        (None, Some(rate)) => match net.checked_percentage(rate) {
            Ok(at_rate) => at_rate,
            Err(_) => {
                defects.push(Defect::OutOfRange);
                return (None, None);
            }
        },
        (None, None) => Money::zero(net.currency()),
    };
    let Ok(sum) = net.checked_add(tax) else {
        defects.push(Defect::OutOfRange);
        return (None, None);
    };
    let total = draft.total.unwrap_or(sum);
    if total != sum {
        defects.push(Defect::LineDoesNotAddUp { line, sum, total });
    }
    let built = match (draft.service, draft.period) {
        (Some(service), Some(period)) if defects.len() == before => Some(InvoiceLine {
            service,
            description: draft
                .description
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| service.to_string()),
            period,
            net,
            tax_rate: draft.tax_rate,
            tax,
            total,
        }),
        _ => None,
    };
    // A defective line's stated total still counts, so a wrong invoice total is reported too.
    (Some(total), built)
}

/// Accepts a draft only when it has no defect.
pub(super) fn clear_invoice(draft: InvoiceDraft) -> Result<Invoice, InvoiceError> {
    let (lines, defects) = check(&draft);
    let shown = draft.number.clone().unwrap_or_else(|| "(no number)".into());
    let unclear = |defects| InvoiceError::Unclear {
        invoice: shown.clone(),
        defects,
    };
    if !defects.is_empty() {
        return Err(unclear(defects));
    }
    let (Some(number), Some(issued_on), Some(due_on), Some(total)) =
        (draft.number, draft.issued_on, draft.due_on, draft.total)
    else {
        // INVARIANT (clear): `check` reports each of these as a defect when absent.
        return Err(unclear(vec![Defect::NoTotal]));
    };
    let mut net = Money::zero(total.currency());
    let mut tax = Money::zero(total.currency());
    for line in &lines {
        net = net.checked_add(line.net)?;
        tax = tax.checked_add(line.tax)?;
    }
    Ok(Invoice {
        number: InvoiceId::new(number)?,
        policy: draft.policy,
        kind: draft.kind.unwrap_or(InvoiceKind::Instalment),
        issued_on,
        due_on,
        lines,
        net,
        tax,
        total,
    })
}
