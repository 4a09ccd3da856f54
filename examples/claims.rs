//! A host program driving the claim and collection machines (C4.1–C4.3): invoices to a
//! buyer go unpaid, the step plan runs, cover stops, the claim is decided with an itemised,
//! explained payout, a recovery after the payout is split exactly and passed on, and the
//! compliance report says whose duties were kept.
//!
//! Run with `cargo run --example claims`.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::claim::{BuyerInvoice, Claim, ClaimEffect, ClaimEvent, CreditKind};
use credit_charter::collection::{
    Approach, Collection, CollectionEffect, CollectionEvent, CustomerAgreement, OpenItem,
};
use credit_charter::credit_limit::LimitSpan;
use credit_charter::{BuyerId, ComplianceReport, Currency, PolicyId, PolicyTerms, Rulebook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = Rulebook::embedded()?.for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: Default::default(),
    })?;
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).ok_or("impossible date");
    let policy = PolicyId::new("POL-2026-0042")?;
    let buyer = BuyerId::new("NL-KVK-30123456")?;
    let cover = vec![LimitSpan {
        from: NaiveDate::from_ymd_opt(2025, 12, 1).ok_or("impossible date")?,
        amount: "EUR 100000".parse()?,
    }];
    let invoice =
        |number: &str, m, d, vat: &str| -> Result<BuyerInvoice, Box<dyn std::error::Error>> {
            let delivered = date(m, d)?;
            Ok(BuyerInvoice {
                number: number.into(),
                invoice_date: delivered,
                delivery_date: delivered,
                due_date: delivered + chrono::Days::new(30),
                amount: "EUR 60000".parse()?,
                vat: vat.parse()?,
                disputed: false,
            })
        };

    let events = [
        ClaimEvent::InvoiceIssued {
            on: date(1, 10)?,
            invoice: invoice("INV-1", 1, 10, "EUR 12600")?,
        },
        ClaimEvent::InvoiceIssued {
            on: date(1, 20)?,
            invoice: invoice("INV-2", 1, 20, "EUR 12600")?,
        },
        ClaimEvent::PaymentOverdue { on: date(2, 10)? },
        ClaimEvent::CreditReceived {
            on: date(3, 2)?,
            kind: CreditKind::Payment,
            amount: "EUR 15000".parse()?,
        },
        ClaimEvent::MepExpired { on: date(4, 11)? },
        ClaimEvent::OverdueNotified { on: date(4, 20)? },
        ClaimEvent::CollectionHandedOver { on: date(4, 20)? },
        ClaimEvent::ClaimSubmitted { on: date(4, 28)? },
        ClaimEvent::DocumentsCompleted { on: date(5, 20)? },
        ClaimEvent::ClaimDecided {
            on: date(6, 10)?,
            policy_year: Default::default(),
        },
        ClaimEvent::PayoutMade { on: date(8, 12)? },
    ];
    let mut claim = Claim::new(policy.clone(), buyer.clone(), Currency::EUR, cover);
    let mut records = Vec::new();
    for event in &events {
        let step = claim.apply(event, &rules)?;
        for effect in &step.effects {
            match effect {
                ClaimEffect::StopCover { after } => println!(
                    "host: withdraw the credit limit (stoppage_of_cover); deliveries after {after} are uncovered"
                ),
                ClaimEffect::PayCustomer { amount, by } => println!("host: pay {amount} by {by}"),
                ClaimEffect::OfferObjection { until } => {
                    println!("host: tell the customer they may object until {until}")
                }
                ClaimEffect::NotifyCustomer { .. } => {}
            }
        }
        if !step.record.breakdown().is_empty() {
            println!("\n{} — {}", step.record.decision(), step.record.summary());
            for line in step.record.breakdown() {
                println!("  {line}");
            }
            println!();
        }
        records.push(step.record);
        // Persist between events: the state is plain JSON.
        claim = serde_json::from_str(&serde_json::to_string(&step.next)?)?;
    }
    let payout = claim.payout().ok_or("the claim was decided")?;

    let collection = Collection::new(policy, buyer, Currency::EUR);
    let collection_events = [
        CollectionEvent::Opened {
            on: date(4, 20)?,
            items: vec![
                OpenItem {
                    number: "INV-1".into(),
                    due_date: date(2, 9)?,
                    amount: "EUR 57600".parse()?,
                },
                OpenItem {
                    number: "INV-2".into(),
                    due_date: date(2, 19)?,
                    amount: "EUR 72600".parse()?,
                },
            ],
            covered: "EUR 100000".parse()?,
            mep_expired_on: Some(date(4, 10)?),
        },
        CollectionEvent::ApproachChosen {
            on: date(5, 15)?,
            approach: Approach::LegalAction,
            agreement: CustomerAgreement::Agreed,
        },
        CollectionEvent::StatusUpdated { on: date(6, 12)? },
        CollectionEvent::StatusUpdated { on: date(7, 10)? },
        CollectionEvent::StatusUpdated { on: date(8, 5)? },
        CollectionEvent::ClaimPaidOut {
            on: date(8, 12)?,
            paid: payout.amount,
            loss: payout.loss,
        },
        CollectionEvent::StatusUpdated { on: date(9, 10)? },
        CollectionEvent::RecoveryReceived {
            on: date(10, 1)?,
            amount: "EUR 30000".parse()?,
        },
    ];
    let mut collection = collection;
    for event in &collection_events {
        let step = collection.apply(event, &rules)?;
        for effect in &step.effects {
            if let CollectionEffect::TransferToCustomer { amount, by } = effect {
                println!("host: transfer {amount} to the customer by {by}");
            }
        }
        records.push(step.record);
        collection = step.next;
    }

    let report = ComplianceReport::build(&records, date(10, 10)?);
    println!("\n{}", report.to_text());
    Ok(())
}
