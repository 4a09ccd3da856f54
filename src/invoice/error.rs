use crate::ids::InvalidId;
use crate::money::MoneyError;

use super::Defect;

/// Why an invoice could not be built: it would not be clear (C2.4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    /// The invoice would not be clear (C2.4); every defect is listed.
    #[error("invoice `{invoice}` is unclear: {}", list(.defects))]
    Unclear {
        /// The invoice number, or `(no number)`.
        invoice: String,
        /// Every clarity defect found, in the order the invoice reads.
        defects: Vec<Defect>,
    },
    /// An amount.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// An invoice number.
    #[error(transparent)]
    Id(#[from] InvalidId),
}

fn list(defects: &[Defect]) -> String {
    defects
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
