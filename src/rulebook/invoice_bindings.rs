//! What the C2.4 rules may answer: a payment term (`invoice/payment_terms`) and the
//! year-end decision (`premium/closing_invoice`).

use rhai::{Engine, ImmutableString};

use super::bindings::Date;
use crate::calendar::Period;
use crate::invoice::PaymentTerm;

/// `invoice/payment_terms`: by when an invoice is payable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PaymentAnswer {
    pub(crate) term: PaymentTerm,
    pub(crate) reason: ImmutableString,
}

/// `premium/closing_invoice`: whether the year-end adjustment is invoiced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClosingAnswer {
    pub(crate) charge: bool,
    pub(crate) reason: ImmutableString,
}

pub(crate) fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<PaymentAnswer>("PaymentTerm")
        .register_fn("pay_within", |period: Period, reason: ImmutableString| {
            PaymentAnswer {
                term: PaymentTerm::Within(period),
                reason,
            }
        })
        .register_fn("pay_by", |date: Date, reason: ImmutableString| {
            PaymentAnswer {
                term: PaymentTerm::On(date.0),
                reason,
            }
        });
    engine
        .register_type_with_name::<ClosingAnswer>("ClosingInvoice")
        .register_fn("charge_difference", |reason: ImmutableString| {
            ClosingAnswer {
                charge: true,
                reason,
            }
        })
        .register_fn("no_closing_invoice", |reason: ImmutableString| {
            ClosingAnswer {
                charge: false,
                reason,
            }
        });
}
