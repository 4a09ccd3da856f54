//! A host program driving the credit-limit machine through an application: the insurer
//! asks the customer for information, sends a status update, and makes a counter-offer;
//! then an exposure check on the buyer's outstanding invoices.
//!
//! Run with `cargo run --example credit_limits`.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::credit_limit::{
    BuyerRating, CreditLimit, CreditLimitEvent as Ev, Delivery, Route,
};
use credit_charter::{BuyerId, ComplianceReport, Currency, Error, PolicyId, PolicyTerms, Rulebook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?;
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("impossible date");

    let events = [
        Ev::Applied {
            on: date(1, 12)?,
            requested: "EUR 250000".parse()?,
            route: Route::Referred,
        },
        Ev::InformationRequested {
            on: date(1, 13)?,
            about: "2025 annual accounts".into(),
        },
        Ev::InformationReceived { on: date(1, 15)? },
        Ev::StatusUpdateSent { on: date(1, 16)? },
        Ev::Decided {
            on: date(1, 19)?,
            amount: "EUR 150000".parse()?,
            conditions: Vec::new(),
            expires_on: None,
            reasons: vec!["limited_information".into()],
            rating: Some(BuyerRating::new(6)?),
            rating_stated: true,
        },
    ];
    let mut limit = CreditLimit::new(
        PolicyId::new("POL-2026-0042")?,
        BuyerId::new("NL-KVK-30123456")?,
        Currency::EUR,
    );
    let mut records = Vec::new();
    for event in &events {
        let step = limit.apply(event, &rules).map_err(Error::from)?;
        println!(
            "{} {:<28} {}",
            step.record.on(),
            step.record.decision().to_string(),
            step.record.summary()
        );
        records.push(step.record);
        limit = step.next;
    }

    let deliveries = [
        Delivery {
            invoice: "2026-0117".into(),
            delivered_on: date(1, 26)?,
            outstanding: "EUR 90000".parse()?,
        },
        Delivery {
            invoice: "2026-0142".into(),
            delivered_on: date(2, 9)?,
            outstanding: "EUR 75000".parse()?,
        },
    ];
    let exposure = limit.exposure(&deliveries)?;
    println!(
        "\nexposure: covered {}, uncovered {}",
        exposure.covered, exposure.uncovered
    );
    for line in &exposure.lines {
        println!(
            "  invoice {} of {}: covered {} ({:?})",
            line.delivery.invoice, line.delivery.delivered_on, line.covered, line.reason
        );
    }

    let report = ComplianceReport::build(&records, date(3, 31)?);
    println!("\nbreaches as of 2026-03-31: {}", report.breaches().count());
    Ok(())
}
