//! The invoice document (C2.4): *invoices are clear — the customer reads at once what to
//! pay, for which service, and by which date.*
//!
//! Layer: the ground floor; imports only money, calendar and ids, so decision records can
//! carry an [`Invoice`] and the premium machine ([`crate::premium`]) can issue one.
//!
//! | clause | what this module does |
//! |---|---|
//! | C2.4 | every [`Invoice`] states what to pay, for which service and period, and by when; it cannot be built otherwise, and [`validate`] lists every defect of an invoice produced elsewhere |

mod error;
#[expect(
    clippy::module_inception,
    reason = "the Invoice type lives in invoice::invoice, as the style guide's layout asks"
)]
mod invoice;
mod validate;

pub use error::InvoiceError;
pub use invoice::{
    Invoice, InvoiceDraft, InvoiceId, InvoiceKind, InvoiceLine, LineDraft, PaymentTerm, Service,
    ServicePeriod,
};
pub use validate::{Defect, validate};
