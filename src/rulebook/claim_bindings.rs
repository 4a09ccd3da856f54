//! What the claims and collections rules see: read-only `Invoice` and `Recovery` views,
//! and their answer constructors. Registered types rather than object maps (measured:
//! rhai clones every argument per function call, and a registered type clones shallowly).

use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString};
use rust_decimal::Decimal;

use super::bindings::Date;
use crate::calendar::Period;
use crate::claim::Eligibility;

/// What `claim/payout` sees of one invoice.
#[derive(Debug, Clone)]
pub(crate) struct InvoiceView {
    pub(crate) number: ImmutableString,
    pub(crate) currency: ImmutableString,
    pub(crate) invoice_date: Date,
    pub(crate) delivery_date: Date,
    pub(crate) due_date: Date,
    pub(crate) amount: Decimal,
    pub(crate) vat: Decimal,
    pub(crate) outstanding: Decimal,
    pub(crate) disputed: bool,
    pub(crate) limit_at_delivery: Decimal,
    pub(crate) date_of_loss: Date,
    /// A `Date`, or `()` when cover never stopped.
    pub(crate) stoppage_of_cover: Dynamic,
    pub(crate) delivered_after_stoppage: bool,
}

/// What `claim/payout` answers for one invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claimable {
    pub(crate) eligibility: Eligibility,
    pub(crate) reason: ImmutableString,
}

/// What `collection/transfer_deadline` sees of a recovery.
#[derive(Debug, Clone)]
pub(crate) struct RecoveryView {
    pub(crate) currency: ImmutableString,
    pub(crate) amount: Decimal,
    pub(crate) to_customer: Decimal,
    pub(crate) received_on: Date,
}

/// A time limit (`collection/transfer_deadline`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Within {
    pub(crate) period: Period,
    pub(crate) reason: ImmutableString,
}

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

fn days(n: i64, constructor: &str) -> ScriptResult<u32> {
    u32::try_from(n)
        .ok()
        .filter(|d| *d <= 3_660)
        .ok_or_else(|| format!("{constructor}: `{n}` is not between 0 and 3660 days").into())
}

pub(crate) fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<InvoiceView>("Invoice")
        .register_get("number", |i: &mut InvoiceView| i.number.clone())
        .register_get("currency", |i: &mut InvoiceView| i.currency.clone())
        .register_get("invoice_date", |i: &mut InvoiceView| i.invoice_date)
        .register_get("delivery_date", |i: &mut InvoiceView| i.delivery_date)
        .register_get("due_date", |i: &mut InvoiceView| i.due_date)
        .register_get("terms_days", |i: &mut InvoiceView| {
            (i.due_date.0 - i.invoice_date.0).num_days()
        })
        .register_get("amount", |i: &mut InvoiceView| i.amount)
        .register_get("vat", |i: &mut InvoiceView| i.vat)
        .register_get("outstanding", |i: &mut InvoiceView| i.outstanding)
        .register_get("disputed", |i: &mut InvoiceView| i.disputed)
        .register_get("limit_at_delivery", |i: &mut InvoiceView| {
            i.limit_at_delivery
        })
        .register_get("date_of_loss", |i: &mut InvoiceView| i.date_of_loss)
        .register_get("stoppage_of_cover", |i: &mut InvoiceView| {
            i.stoppage_of_cover.clone()
        })
        .register_get("delivered_after_stoppage", |i: &mut InvoiceView| {
            i.delivered_after_stoppage
        });

    engine
        .register_type_with_name::<Claimable>("Claimable")
        .register_fn("covered", |reason: ImmutableString| Claimable {
            eligibility: Eligibility::Covered,
            reason,
        })
        .register_fn("covered_net", |reason: ImmutableString| Claimable {
            eligibility: Eligibility::CoveredNet,
            reason,
        })
        .register_fn("excluded", |reason: ImmutableString| Claimable {
            eligibility: Eligibility::Excluded,
            reason,
        });

    engine
        .register_type_with_name::<RecoveryView>("Recovery")
        .register_get("currency", |r: &mut RecoveryView| r.currency.clone())
        .register_get("amount", |r: &mut RecoveryView| r.amount)
        .register_get("to_customer", |r: &mut RecoveryView| r.to_customer)
        .register_get("received_on", |r: &mut RecoveryView| r.received_on);

    engine
        .register_type_with_name::<Within>("Within")
        .register_fn(
            "within_days",
            |n: i64, reason: ImmutableString| -> ScriptResult<Within> {
                Ok(Within {
                    period: Period::Days(days(n, "within_days")?),
                    reason,
                })
            },
        )
        .register_fn(
            "within_business_days",
            |n: i64, reason: ImmutableString| -> ScriptResult<Within> {
                Ok(Within {
                    period: Period::BusinessDays(days(n, "within_business_days")?),
                    reason,
                })
            },
        );
}
