//! The memo of pure rules: a remembered evaluation is exactly the one it replaces.

use credit_charter::claim::{BuyerInvoice, InvoiceCover};
use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange};
use credit_charter::portfolio::Portfolio;
use credit_charter::{PolicyRules, Rulebook};
use proptest::prelude::*;

use crate::support::{d, eur, pack_with, terms};

fn both(notice_days: Option<i64>) -> (PolicyRules, PolicyRules) {
    let book = Rulebook::embedded().unwrap();
    let parameters: Vec<(&str, i64)> = notice_days
        .map(|n| ("credit_limit.notice_days", n))
        .into_iter()
        .collect();
    let on = book.memo(true).for_policy(&terms(&parameters)).unwrap();
    let off = book.memo(false).for_policy(&terms(&parameters)).unwrap();
    (on, off)
}

fn circumstance() -> impl Strategy<Value = Option<ExceptionalCircumstance>> {
    use ExceptionalCircumstance as Ec;
    prop_oneof![
        Just(None),
        Just(Some(Ec::BuyerInsolvency)),
        Just(Some(Ec::Sanctions)),
        Just(Some(Ec::StoppageOfCover)),
        Just(Some(Ec::Fraud)),
    ]
}

proptest! {
    /// The notice (C3.4) with the memo on — asked twice, so the second answer is a
    /// remembered one — is the notice without it, over reductions, withdrawals,
    /// circumstances, dates and the policy's own notice, in one thread's memo.
    #[test]
    fn the_memo_never_changes_a_notice(
        withdrawal in any::<bool>(),
        current in 1_000_i64..1_000_000,
        cut in 1_i64..100,
        circumstance in circumstance(),
        day in 0_u64..700,
        notice_days in proptest::option::of(0_i64..200),
    ) {
        let (on, off) = both(notice_days);
        let new_amount = if withdrawal { 0 } else { current * (100 - cut) / 100 };
        let change = LimitChange {
            kind: if withdrawal { ChangeKind::Withdrawal } else { ChangeKind::Reduction },
            current: eur(&current.to_string()),
            new_amount: eur(&new_amount.to_string()),
            circumstance,
        };
        let date = d(2026, 1, 1).checked_add_days(chrono::Days::new(day)).unwrap();
        let fresh = off.ask(&change, date);
        prop_assert_eq!(&on.ask(&change, date), &fresh);
        prop_assert_eq!(&on.ask(&change, date), &fresh);
    }

    /// The payout's judgement on one invoice (C4.3), remembered or not.
    #[test]
    fn the_memo_never_changes_a_payout_line(
        disputed in any::<bool>(),
        vat in 0_i64..5_000,
        terms_days in 0_u64..120,
        limit in 0_i64..3,
        stopped in proptest::option::of(0_u64..60),
    ) {
        let (on, off) = both(None);
        let delivered = d(2026, 2, 1);
        let invoice = BuyerInvoice {
            number: "INV-1".into(),
            invoice_date: delivered,
            delivery_date: delivered,
            due_date: delivered.checked_add_days(chrono::Days::new(terms_days)).unwrap(),
            amount: eur("10000"),
            vat: eur(&vat.to_string()),
            disputed,
        };
        let cover = InvoiceCover {
            outstanding: eur("10000"),
            limit_at_delivery: eur(&(limit * 10_000).to_string()),
            date_of_loss: d(2026, 9, 1),
            stoppage_of_cover: stopped.map(|n| d(2026, 1, 15).checked_add_days(chrono::Days::new(n)).unwrap()),
            invoice,
            dates: Default::default(),
        };
        let fresh = off.ask(&cover, d(2026, 9, 10));
        prop_assert_eq!(&on.ask(&cover, d(2026, 9, 10)), &fresh);
        prop_assert_eq!(&on.ask(&cover, d(2026, 9, 10)), &fresh);
    }
}

/// A whole generated book reports byte for byte the same with the memo and without it.
#[test]
fn a_book_reports_the_same_with_and_without_the_memo() {
    let book = Rulebook::embedded().unwrap();
    let files = Portfolio::new(19, &book).book(24).unwrap();
    for (i, file) in files.iter().enumerate() {
        let report = |memo: bool| {
            let r = file
                .case_report(&book.memo(memo), file.as_of.unwrap())
                .unwrap();
            serde_json::to_string(&r).unwrap()
        };
        assert_eq!(report(true), report(false), "policy {i}");
    }
}

/// Two packs that differ only in a parameter's value never share a remembered answer,
/// even asked alternately on one thread.
#[test]
fn another_pack_is_another_memo() {
    // The first parameter of the file is `credit_limit.notice_days`.
    let params = crate::support::pack_files()["parameters.toml"].replacen(
        "values = { 2020-01-01 = 30 }",
        "values = { 2020-01-01 = 45 }",
        1,
    );
    let other = pack_with(&[("parameters.toml", Some(&params))]).unwrap();
    let embedded = Rulebook::embedded().unwrap();
    let change = LimitChange {
        kind: ChangeKind::Reduction,
        current: eur("100000"),
        new_amount: eur("40000"),
        circumstance: None,
    };
    let days = |book: &Rulebook| {
        let rules = book.for_policy(&terms(&[])).unwrap();
        rules.ask(&change, d(2026, 3, 5)).unwrap().value.to_string()
    };
    for _ in 0..3 {
        assert_eq!(days(&embedded), "30 days");
        assert_eq!(days(&other), "45 days");
    }
}
