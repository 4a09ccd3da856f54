//! The portfolio generator: deterministic by seed, every file replays, and a book holds
//! every kind of story the benches and stress runs need.

use credit_charter::Rulebook;
use credit_charter::claim::ClaimEvent;
use credit_charter::collection::CollectionEvent;
use credit_charter::credit_limit::CreditLimitEvent;
use credit_charter::explain::Status;
use credit_charter::portfolio::Portfolio;
use credit_charter::premium::PremiumEvent;

/// A generated file is only useful if the machines accept all of it: a refused event would
/// end a replay early and silently shrink every bench that uses the book.
#[test]
fn every_generated_policy_replays_without_a_refused_event() {
    let rulebook = Rulebook::embedded().unwrap();
    for seed in [1, 7, 2026] {
        for (i, file) in Portfolio::new(seed, &rulebook)
            .book(40)
            .unwrap()
            .iter()
            .enumerate()
        {
            let replay = file.replay(&rulebook);
            assert!(replay.is_ok(), "seed {seed}, policy {i}: {replay:?}");
            let text = serde_json::to_string(file).unwrap();
            let read = credit_charter::CaseFile::from_json(&text).unwrap();
            assert_eq!(
                &read, file,
                "seed {seed}, policy {i} does not read back as written"
            );
        }
    }
}

/// Benches, stress runs and `charter diff` compare runs on the same book: the same seed must
/// write the same files, policy by policy, and another seed another book.
#[test]
fn the_same_seed_writes_the_same_book() {
    let rulebook = Rulebook::embedded().unwrap();
    let book = Portfolio::new(11, &rulebook).book(12).unwrap();
    let again = Portfolio::new(11, &rulebook).book(12).unwrap();
    assert_eq!(book, again);
    assert_eq!(book[9], Portfolio::new(11, &rulebook).case_file(9).unwrap());
    let other = Portfolio::new(12, &rulebook).book(12).unwrap();
    assert_ne!(book, other);
}

/// A realistic book has what the issue asks for: limits granted and decided, rating changes,
/// reductions and withdrawals with and without circumstances, claims on several invoices,
/// payouts, recoveries and transfers, premium invoices — and promises kept, late and broken.
#[test]
fn a_book_holds_every_kind_of_story() {
    let rulebook = Rulebook::embedded().unwrap();
    let book = Portfolio::new(7, &rulebook).book(60).unwrap();
    let limit_events: Vec<&CreditLimitEvent> = book
        .iter()
        .flat_map(|f| &f.credit_limits)
        .flat_map(|c| &c.events)
        .collect();
    let has = |p: &dyn Fn(&CreditLimitEvent) -> bool| limit_events.iter().any(|e| p(e));
    assert!(has(&|e| matches!(e, CreditLimitEvent::Granted { .. })));
    assert!(has(
        &|e| matches!(e, CreditLimitEvent::Decided { reasons, .. } if !reasons.is_empty())
    ));
    assert!(has(&|e| matches!(
        e,
        CreditLimitEvent::RatingChanged { .. }
    )));
    assert!(has(&|e| matches!(
        e,
        CreditLimitEvent::ReductionAnnounced {
            circumstance: None,
            ..
        }
    )));
    assert!(has(&|e| matches!(
        e,
        CreditLimitEvent::ReductionAnnounced {
            circumstance: Some(_),
            ..
        }
    )));
    assert!(has(&|e| matches!(
        e,
        CreditLimitEvent::WithdrawalAnnounced {
            circumstance: None,
            ..
        }
    )));
    assert!(has(&|e| matches!(
        e,
        CreditLimitEvent::WithdrawalAnnounced {
            circumstance: Some(_),
            ..
        }
    )));
    let claims: Vec<_> = book.iter().flat_map(|f| &f.claims).collect();
    assert!(claims.iter().any(|c| {
        c.events
            .iter()
            .filter(|e| matches!(e, ClaimEvent::InvoiceIssued { .. }))
            .count()
            >= 3
    }));
    assert!(
        claims
            .iter()
            .flat_map(|c| &c.events)
            .any(|e| matches!(e, ClaimEvent::PayoutMade { .. }))
    );
    let collected: Vec<_> = book
        .iter()
        .flat_map(|f| &f.collections)
        .flat_map(|c| &c.events)
        .collect();
    assert!(
        collected
            .iter()
            .any(|e| matches!(e, CollectionEvent::RecoveryReceived { .. }))
    );
    assert!(
        collected
            .iter()
            .any(|e| matches!(e, CollectionEvent::TransferMade { .. }))
    );
    let premium: Vec<_> = book
        .iter()
        .filter_map(|f| f.premium.as_ref())
        .flat_map(|p| &p.events)
        .collect();
    assert!(
        premium
            .iter()
            .any(|e| matches!(e, PremiumEvent::InstalmentInvoiced { .. }))
    );
    let statuses: Vec<Status> = book
        .iter()
        .flat_map(|f| {
            let report = f.report(&rulebook, f.as_of.unwrap()).unwrap();
            let statuses: Vec<Status> = report.obligations().map(|o| o.status.clone()).collect();
            statuses
        })
        .collect();
    for wanted in ["met", "met_late", "breached", "waived"] {
        let found = statuses
            .iter()
            .any(|s| serde_json::to_value(s).unwrap()["status"] == wanted);
        assert!(found, "no obligation is {wanted} in 60 generated policies");
    }
}

/// The report benches take "the first n records of the book": exactly `n`, in policy order,
/// the same as replaying the files one by one.
#[test]
fn the_first_n_records_of_a_book_are_its_replays_in_order() {
    let rulebook = Rulebook::embedded().unwrap();
    let portfolio = Portfolio::new(5, &rulebook);
    let records = portfolio.records(300).unwrap();
    assert_eq!(records.len(), 300);
    let mut expected = Vec::new();
    for i in 0.. {
        if expected.len() >= 300 {
            break;
        }
        let file = portfolio.case_file(i).unwrap();
        expected.extend(file.replay(&rulebook).unwrap().records);
    }
    expected.truncate(300);
    assert_eq!(records, expected);
}
