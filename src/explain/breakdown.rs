//! Itemised calculations: a payout or a recovery split, line by line, so the customer can
//! follow every amount that lowered what they receive (C4.3).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::rulebook::Reason;

/// What a line of a breakdown does to the running amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The amount the calculation starts from.
    Start,
    /// An amount taken off the running amount; it always carries a reason.
    Less,
    /// The running amount at this point (no change).
    Subtotal,
    /// The calculation's result.
    Result,
}

/// One line of an itemised calculation.
///
/// INVARIANT (every reduction is explained): a [`LineKind::Less`] line carries a reason;
/// [`BreakdownLine::less`] is the only way to build one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BreakdownLine {
    /// What the line does.
    pub kind: LineKind,
    /// The line in words, e.g. `INV-3: VAT is not insured`.
    pub label: String,
    /// The amount: taken off for [`LineKind::Less`], otherwise the running amount.
    pub amount: Money,
    /// Why an amount is taken off (always set for [`LineKind::Less`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

impl BreakdownLine {
    /// The starting amount.
    #[must_use]
    pub fn start(label: impl Into<String>, amount: Money) -> BreakdownLine {
        BreakdownLine {
            kind: LineKind::Start,
            label: label.into(),
            amount,
            reason: None,
        }
    }

    /// An amount taken off, with its reason.
    #[must_use]
    pub fn less(label: impl Into<String>, amount: Money, reason: Reason) -> BreakdownLine {
        BreakdownLine {
            kind: LineKind::Less,
            label: label.into(),
            amount,
            reason: Some(reason),
        }
    }

    /// The running amount.
    #[must_use]
    pub fn subtotal(label: impl Into<String>, amount: Money) -> BreakdownLine {
        BreakdownLine {
            kind: LineKind::Subtotal,
            label: label.into(),
            amount,
            reason: None,
        }
    }

    /// The result.
    #[must_use]
    pub fn result(label: impl Into<String>, amount: Money) -> BreakdownLine {
        BreakdownLine {
            kind: LineKind::Result,
            label: label.into(),
            amount,
            reason: None,
        }
    }
}

/// `  less  INV-3: VAT is not insured ........ EUR 2,100.00  [vat_not_insured]`
impl fmt::Display for BreakdownLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.kind {
            LineKind::Start => "     ",
            LineKind::Less => "less ",
            LineKind::Subtotal => "   = ",
            LineKind::Result => "  => ",
        };
        write!(
            f,
            "{sign} {:<72} {:>18}",
            self.label,
            self.amount.to_string()
        )?;
        if let Some(reason) = &self.reason {
            write!(f, "  [{}]", reason.code)?;
        }
        Ok(())
    }
}
