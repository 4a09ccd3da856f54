//! Recovery sharing after a payout as a rule-chosen variant (C4.2), on the worked figures
//! of the C4 sample: EUR 90,000 paid on a loss of EUR 139,880, EUR 100,000 of it within the
//! limit, and a recovery of EUR 30,000.

use credit_charter::CaseFile;
use credit_charter::collection::{
    LossShares, OpenItem, RecoverySharing, SharedLoss, allocate_recovery,
};
use credit_charter::explain::{Decision, LineKind};

use crate::support::{d, eur, pack_with};

fn split(sharing: RecoverySharing, amount: &str, recovered: &str) -> (String, String) {
    let items = [OpenItem {
        number: "INV-1".into(),
        due_date: d(2026, 2, 9),
        amount: eur("139880"),
    }];
    let shared = SharedLoss {
        shares: LossShares {
            paid: eur("90000"),
            loss: eur("139880"),
        },
        sharing,
        insurer_recovered: eur(recovered),
    };
    let s = allocate_recovery(
        eur(amount),
        &items,
        Some(shared),
        eur("100000"),
        eur("139880"),
        "0%".parse().unwrap(),
    )
    .unwrap();
    // The parts always sum exactly to what was received.
    assert_eq!(s.insurer.checked_add(s.insured).unwrap(), eur(amount));
    (s.insurer.to_string(), s.insured.to_string())
}

/// Share of the loss (the default): 30,000 × 90,000 ÷ 139,880 = EUR 19,302.26 to the
/// insurer, EUR 10,697.74 to the customer.
#[test]
fn c4_2_a_recovery_shared_by_each_ones_share_of_the_loss() {
    assert_eq!(
        split(RecoverySharing::ShareOfLoss, "30000", "0"),
        ("EUR 19,302.26".into(), "EUR 10,697.74".into())
    );
}

/// Limit ÷ debt: 30,000 × 100,000 ÷ 139,880 = EUR 21,446.95 to the insurer, EUR 8,553.05 to
/// the customer.
#[test]
fn c4_2_a_recovery_shared_by_the_limits_part_of_the_debt() {
    assert_eq!(
        split(RecoverySharing::LimitOverDebt, "30000", "0"),
        ("EUR 21,446.95".into(), "EUR 8,553.05".into())
    );
}

/// First in, first out: the insurer is repaid first — all EUR 30,000 — and of a later
/// EUR 70,000, only the EUR 60,000 left of its EUR 90,000 payout; EUR 10,000 is the customer's.
#[test]
fn c4_2_a_recovery_repays_the_insurer_first() {
    assert_eq!(
        split(RecoverySharing::InsurerFirst, "30000", "0"),
        ("EUR 30,000.00".into(), "EUR 0.00".into())
    );
    assert_eq!(
        split(RecoverySharing::InsurerFirst, "70000", "30000"),
        ("EUR 60,000.00".into(), "EUR 10,000.00".into())
    );
}

const PAID: &str = r#"{
  "title": "Two recoveries after a payout",
  "policy": { "id": "POL-1", "holder": "Van Dijk Metaal BV", "currency": "EUR", "calendar": "NL",
              "parameters": { "collection.fee_on_uncovered": "0%" } },
  "buyers": [ { "id": "B-7", "name": "Bouwbedrijf Hendriks BV" } ],
  "collections": [ { "buyer": "B-7", "events": [
    { "type": "opened", "on": "2026-04-20", "covered": "EUR 100000", "mep_expired_on": "2026-04-10",
      "items": [ { "number": "INV-1", "due_date": "2026-02-09", "amount": "EUR 139880" } ] },
    { "type": "claim_paid_out", "on": "2026-08-12", "paid": "EUR 90000", "loss": "EUR 139880" },
    { "type": "recovery_received", "on": "2026-09-01", "amount": "EUR 30000" },
    { "type": "recovery_received", "on": "2026-10-01", "amount": "EUR 70000" } ] } ]
}"#;

/// A pack whose rule chooses first in, first out: in the case file, the second recovery
/// gives the insurer only what is left of its payout, and the line names the variant.
#[test]
fn c4_2_the_pack_chooses_the_sharing_and_the_machine_remembers_what_was_recovered() {
    let rule = include_str!("../../rules/collection/recovery_sharing.rhai").replace(
        "share_of_loss(\"recovery_insurer_share\")",
        "insurer_first(\"recovery_insurer_first\")",
    );
    let pack = pack_with(&[("collection/recovery_sharing.rhai", Some(&rule))]).unwrap();
    let replay = CaseFile::from_json(PAID).unwrap().replay(&pack).unwrap();
    let shares: Vec<_> = replay
        .records
        .iter()
        .filter(|r| r.decision() == Decision::RecoveryAllocated)
        .map(|r| {
            let line = r
                .breakdown()
                .iter()
                .find(|l| l.kind == LineKind::Less)
                .unwrap();
            (line.amount, line.reason.as_ref().unwrap().code.to_string())
        })
        .collect();
    assert_eq!(
        shares,
        [
            (eur("30000"), "recovery_insurer_first".to_owned()),
            (eur("60000"), "recovery_insurer_first".to_owned())
        ]
    );
}
