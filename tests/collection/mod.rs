//! The collection machine (C4.2): updates, the agreed approach, exact recovery splits and
//! fast transfers, with properties of the split and the transfer deadline.

use chrono::NaiveDate;
use credit_charter::Machine;
use credit_charter::collection::{
    Approach, Collection, CollectionError, CollectionEvent, CustomerAgreement, LossShares,
    OpenItem, Recovery, RecoverySharing, SharedLoss, allocate_recovery,
};
use credit_charter::explain::{Decision, LineKind, Party, Status};
use credit_charter::money::Percentage;
use credit_charter::money::rounding::RemainderRule;
use credit_charter::rulebook::ParamInput;
use credit_charter::{
    BuyerId, Clause, ComplianceReport, Currency, DecisionRecord, Money, PolicyId, PolicyRules,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::support::{d, eur, rules, terms};

fn items() -> Vec<OpenItem> {
    vec![
        OpenItem {
            number: "INV-2".into(),
            due_date: d(2026, 2, 19),
            amount: eur("60000"),
        },
        OpenItem {
            number: "INV-1".into(),
            due_date: d(2026, 2, 9),
            amount: eur("60000"),
        },
    ]
}

fn opened() -> CollectionEvent {
    CollectionEvent::Opened {
        on: d(2026, 4, 20),
        items: items(),
        covered: eur("100000"),
        mep_expired_on: Some(d(2026, 4, 10)),
    }
}

fn new_case() -> Collection {
    Collection::new(
        PolicyId::new("POL-1").unwrap(),
        BuyerId::new("B-7").unwrap(),
        Currency::EUR,
    )
}

fn run(events: &[CollectionEvent], rules: &PolicyRules) -> (Collection, Vec<DecisionRecord>) {
    let mut case = new_case();
    let mut records = Vec::new();
    for event in events {
        let step = case
            .apply(event, rules)
            .unwrap_or_else(|e| panic!("{event:?}: {e}"));
        records.push(step.record);
        case = step.next;
    }
    (case, records)
}

#[test]
fn c4_2_legal_action_after_the_mep_needs_the_customers_agreement() {
    let rules = rules();
    let (case, _) = run(&[opened()], &rules);
    let refused = case.apply(
        &CollectionEvent::ApproachChosen {
            on: d(2026, 4, 25),
            approach: Approach::LegalAction,
            agreement: CustomerAgreement::NotAgreed,
        },
        &rules,
    );
    assert_eq!(
        refused.unwrap_err(),
        CollectionError::ApproachNotAgreed {
            approach: "legal_action",
            mep_expired_on: d(2026, 4, 10)
        }
    );
    assert_eq!(
        CollectionError::ApproachNotAgreed {
            approach: "payment_plan",
            mep_expired_on: d(2026, 4, 10)
        }
        .to_string(),
        "`payment_plan` after the maximum extension period ended on 2026-04-10 needs the customer's agreement"
    );
    let agreed = case
        .apply(
            &CollectionEvent::ApproachChosen {
                on: d(2026, 4, 25),
                approach: Approach::LegalAction,
                agreement: CustomerAgreement::Agreed,
            },
            &rules,
        )
        .unwrap();
    assert_eq!(agreed.record.decision(), Decision::CollectionApproachAgreed);
    // Amicable collection needs no agreement.
    assert!(
        case.apply(
            &CollectionEvent::ApproachChosen {
                on: d(2026, 4, 25),
                approach: Approach::Amicable,
                agreement: CustomerAgreement::NotAgreed,
            },
            &rules,
        )
        .is_ok()
    );
}

#[test]
fn c4_2_the_customer_is_updated_at_least_every_30_days() {
    let rules = rules();
    let (_, records) = run(
        &[
            opened(),
            CollectionEvent::StatusUpdated { on: d(2026, 5, 15) },
        ],
        &rules,
    );
    let report = ComplianceReport::build(&records, d(2026, 6, 20));
    let updates: Vec<_> = report
        .obligations()
        .filter(|o| o.obligation.what.starts_with("update"))
        .map(|o| (o.obligation.owner, o.status.clone()))
        .collect();
    assert_eq!(
        updates,
        vec![
            (Party::Insurer, Status::Met { on: d(2026, 5, 15) }),
            (
                Party::Insurer,
                Status::Breached {
                    on: d(2026, 6, 15),
                    days: 6
                }
            ),
        ]
    );
}

#[test]
fn c4_2_a_recovery_after_payout_is_split_pro_rata_and_transferred_fast() {
    let rules = rules();
    let (case, records) = run(
        &[
            opened(),
            CollectionEvent::ClaimPaidOut {
                on: d(2026, 8, 12),
                paid: eur("90000"),
                loss: eur("132600"),
            },
            CollectionEvent::RecoveryReceived {
                on: d(2026, 10, 1),
                amount: eur("30000"),
            },
        ],
        &rules,
    );
    let recovery = records.last().unwrap();
    assert_eq!(recovery.decision(), Decision::RecoveryAllocated);
    // 30,000 × 90,000 / 132,600 = 20,361.990… → 20,361.99 for the insurer; 9,638.01 is yours,
    // less 5% fee on it (481.90), so 9,156.11 is transferred.
    let lines: Vec<(LineKind, Money)> = recovery
        .breakdown()
        .iter()
        .map(|l| (l.kind, l.amount))
        .collect();
    assert_eq!(
        lines,
        vec![
            (LineKind::Start, eur("30000")),
            (LineKind::Less, eur("20361.99")),
            (LineKind::Subtotal, eur("9638.01")),
            (LineKind::Less, eur("481.90")),
            (LineKind::Result, eur("9156.11")),
        ]
    );
    let transfer = &case.pending_transfers()[0];
    assert_eq!(transfer.amount, eur("9156.11"));
    assert_eq!(transfer.due, d(2026, 10, 15));
    // Oldest invoice first: INV-1 (due 9 February) takes the whole recovery.
    assert_eq!(case.items()[0].number, "INV-2");
    assert!(recovery.summary().contains("INV-1 EUR 30,000.00"));

    let paid = case
        .apply(
            &CollectionEvent::TransferMade {
                on: d(2026, 10, 9),
                amount: eur("9156.11"),
            },
            &rules,
        )
        .unwrap();
    let mut all = records;
    all.push(paid.record);
    let report = ComplianceReport::build(&all, d(2026, 10, 20));
    let transfer = report
        .obligations()
        .find(|o| o.obligation.what.starts_with("transfer"))
        .unwrap();
    assert_eq!(*transfer.status, Status::Met { on: d(2026, 10, 9) });
    assert_eq!(transfer.obligation.clause, Clause::C4_2);
    assert!(
        case.apply(
            &CollectionEvent::TransferMade {
                on: d(2026, 10, 9),
                amount: eur("100"),
            },
            &rules,
        )
        .is_err()
    );
}

#[test]
fn c4_2_no_fee_on_the_covered_part_before_a_payout() {
    // 100,000 of 120,000 covered: a 12,000 recovery has 2,000 uncovered; 5% of it is 100.
    let split = allocate_recovery(
        eur("12000"),
        &items(),
        None,
        eur("100000"),
        eur("120000"),
        "5%".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(split.insurer, eur("0"));
    assert_eq!(split.fee, eur("100"));
    assert_eq!(split.to_customer, eur("11900"));
    assert_eq!(split.remainder, RemainderRule::InsuredTakesRemainder);
}

#[test]
fn c4_2_the_transfer_deadline_counts_business_days() {
    let rules = rules();
    let ruling = rules
        .ask(
            &Recovery {
                received_on: d(2026, 12, 21),
                amount: eur("100"),
                to_customer: eur("100"),
            },
            d(2026, 12, 21),
        )
        .unwrap();
    assert_eq!(
        ruling
            .value
            .after(d(2026, 12, 21), rules.calendar())
            .unwrap(),
        d(2027, 1, 6)
    );
}

// ----- properties ----------------------------------------------------------------------

fn cents(min: i64, max: i64) -> impl Strategy<Value = Money> {
    (min..=max).prop_map(|c| Money::new(Decimal::new(c, 2), Currency::EUR).unwrap())
}

proptest! {
    /// The split sums exactly to the amount received, to the cent, whatever the shares and
    /// however the rule shares them; the insurer never recovers more than it paid.
    #[test]
    fn recovery_allocation_sums_exactly(
        amount in cents(1, 100_000_000),
        paid_cents in 0i64..=100_000_000,
        extra in 0i64..=100_000_000,
        covered_share in 0i64..=100,
        fee in 0i64..=100,
        after_payout in any::<bool>(),
        sharing in prop_oneof![
            Just(RecoverySharing::ShareOfLoss),
            Just(RecoverySharing::LimitOverDebt),
            Just(RecoverySharing::InsurerFirst),
        ],
        recovered_share in 0i64..=100,
    ) {
        let loss = Money::new(Decimal::new(paid_cents + extra + 1, 2), Currency::EUR).unwrap();
        let paid = Money::new(Decimal::new(paid_cents, 2), Currency::EUR).unwrap();
        let outstanding = amount.checked_add(eur("1000")).unwrap();
        let covered = Money::rounded(outstanding.amount() * Decimal::new(covered_share, 2), Currency::EUR);
        let insurer_recovered =
            Money::rounded(paid.amount() * Decimal::new(recovered_share, 2), Currency::EUR);
        let shares = after_payout.then_some(SharedLoss {
            shares: LossShares { paid, loss },
            sharing,
            insurer_recovered,
        });
        let items = vec![
            OpenItem { number: "A".into(), due_date: d(2026, 1, 1), amount: eur("1000") },
            OpenItem { number: "B".into(), due_date: d(2026, 2, 1), amount },
        ];
        let split = allocate_recovery(
            amount, &items, shares, covered, outstanding,
            Percentage::from_points(Decimal::from(fee)).unwrap(),
        ).unwrap();
        prop_assert_eq!(split.insurer.checked_add(split.insured).unwrap(), amount);
        prop_assert_eq!(split.fee.checked_add(split.to_customer).unwrap(), split.insured);
        let mut items_sum = Money::zero(Currency::EUR);
        for (_, taken) in &split.items {
            items_sum = items_sum.checked_add(*taken).unwrap();
        }
        prop_assert_eq!(items_sum, amount);
        for part in [split.insurer, split.insured, split.fee, split.to_customer] {
            prop_assert!(!part.is_negative());
        }
        prop_assert!(split.insurer.amount() <= paid.amount() - insurer_recovered.amount());
    }

    /// Collected money is never due back to the customer before it was received.
    #[test]
    fn transfer_deadline_is_never_before_receipt(day in 0u64..1_000, days in 0i64..=40) {
        let received: NaiveDate = d(2025, 1, 2) + chrono::Days::new(day);
        let rules = credit_charter::Rulebook::embedded().unwrap().for_policy(&{
            let mut t = terms(&[]);
            t.parameters.insert("collection.transfer_business_days".into(), ParamInput::Whole(days));
            t
        }).unwrap();
        let ruling = rules.ask(
            &Recovery { received_on: received, amount: eur("100"), to_customer: eur("100") },
            received,
        ).unwrap();
        let due = ruling.value.after(received, rules.calendar()).unwrap();
        prop_assert!(due >= received);
    }
}
