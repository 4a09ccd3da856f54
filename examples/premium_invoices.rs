//! A host program billing a premium year (C2.4): the turnover estimate fixes the minimum
//! premium, four quarterly instalment invoices follow, and the declared turnover decides
//! the closing invoice. Then an invoice produced by another system is checked for clarity.
//!
//! Run with `cargo run --example premium_invoices`.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::invoice::InvoiceDraft;
use credit_charter::premium::{PremiumEffect, PremiumEvent as Ev, PremiumYear};
use credit_charter::{ComplianceReport, Currency, PolicyId, PolicyTerms, Rulebook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: [(
            "invoice.monitoring_fee".to_owned(),
            credit_charter::rulebook::ParamInput::Text("EUR 25".into()),
        )]
        .into(),
    })?;
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("impossible date");

    let mut events = vec![Ev::TurnoverEstimated {
        on: date(2025, 12, 15)?,
        turnover: "EUR 20000000".parse()?,
    }];
    for month in [1, 4, 7, 10] {
        events.push(Ev::InstalmentInvoiced {
            on: date(2026, month, 2)?,
            monitored_limits: 3,
            limit_applications: 0,
        });
    }
    events.push(Ev::TurnoverDeclared {
        on: date(2027, 1, 20)?,
        turnover: "EUR 22000000".parse()?,
    });

    let mut year = PremiumYear::new(
        PolicyId::new("POL-2026-0042")?,
        Currency::EUR,
        date(2026, 1, 1)?,
    )?;
    let mut records = Vec::new();
    for event in &events {
        let step = year.apply(event, &rules)?;
        let mut payments = Vec::new();
        for effect in &step.effects {
            // The host sends the invoice; it is clear by construction.
            let PremiumEffect::SendInvoice { invoice } = effect;
            println!(
                "send {} ({}): {} due {}",
                invoice.number(),
                invoice.kind(),
                invoice.total(),
                invoice.due_on()
            );
            // Here the customer pays ten days after each invoice is issued.
            payments.push(Ev::InvoicePaid {
                on: invoice
                    .issued_on()
                    .checked_add_days(chrono::Days::new(10))
                    .ok_or("date out of range")?,
                invoice: invoice.number().clone(),
            });
        }
        records.push(step.record);
        year = step.next;
        for payment in &payments {
            let step = year.apply(payment, &rules)?;
            records.push(step.record);
            year = step.next;
        }
    }
    // The state is plain data: persist it as JSON between events.
    let stored = serde_json::to_string(&year)?;
    let _restored: PremiumYear = serde_json::from_str(&stored)?;

    let report = ComplianceReport::build(&records, date(2027, 3, 31)?);
    println!("{}", report.to_text());

    // An invoice from another billing system: every clarity defect at once.
    let external: InvoiceDraft = serde_json::from_str(
        r#"{ "number": "EXT-2026-17", "issued_on": "2026-04-02", "total": "EUR 14720.00",
             "lines": [ { "service": "premium_instalment", "net": "EUR 12000.00", "tax_rate": "21%",
                          "period": { "from": "2026-04-01", "to": "2026-06-30" } } ] }"#,
    )?;
    for defect in credit_charter::invoice::validate(&external) {
        println!("unclear: {defect}");
    }
    Ok(())
}
