//! A host program driving the credit-limit machine: grant a limit, announce a reduction,
//! persist the state as JSON between events, apply the change, and report on C3.4.
//!
//! Run with `cargo run --example credit_limit_reduction`.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::credit_limit::{BuyerRating, CreditLimit, CreditLimitEffect, CreditLimitEvent};
use credit_charter::{BuyerId, ComplianceReport, Currency, Error, PolicyId, PolicyTerms, Rulebook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?;
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("impossible date");

    let events = [
        CreditLimitEvent::Granted {
            on: date(1, 5)?,
            amount: "EUR 100000".parse()?,
        },
        CreditLimitEvent::ReductionAnnounced {
            on: date(3, 5)?,
            new_amount: "EUR 40000".parse()?,
            reasons: vec!["weak_financials".into()],
            circumstance: None,
            customer_consulted_on: Some(date(2, 20)?), // C3.2: asked before deciding
            limit_in_use: true,
            rating: Some(BuyerRating::new(7)?),
            rating_stated: true, // C3.3: the announcement states the rating
        },
        CreditLimitEvent::ChangeApplied { on: date(4, 4)? },
    ];

    // The host keeps the aggregate in its own store; here, a JSON string.
    let mut stored = serde_json::to_string(&CreditLimit::new(
        PolicyId::new("POL-2026-0042")?,
        BuyerId::new("NL-KVK-30123456")?,
        Currency::EUR,
    ))?;
    let mut records = Vec::new();
    for event in &events {
        let limit: CreditLimit = serde_json::from_str(&stored)?;
        let step = limit.apply(event, &rules).map_err(Error::from)?;
        for effect in &step.effects {
            match effect {
                CreditLimitEffect::NotifyCustomer { summary } => {
                    println!("notify customer: {summary}")
                }
                CreditLimitEffect::ChangeCoverFrom { from, amount } => {
                    println!("cover system: from {from}, limit {amount}")
                }
            }
        }
        stored = serde_json::to_string(&step.next)?;
        records.push(step.record);
    }

    let report = ComplianceReport::build(&records, date(6, 30)?);
    print!("\n{}", report.to_text());
    Ok(())
}
