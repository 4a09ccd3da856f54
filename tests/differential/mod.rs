//! Differential tests: the rhai pack against a plain-Rust reference model of the default
//! rules (`model.rs`), rule by rule on random facts and per-policy overrides, and the
//! credit-limit machine against a reference state machine (`machine.rs`). A deliberate
//! mutation in a fixture pack (`tests/fixtures/mutant/`) shows that they would fail if
//! the pack and the model disagreed.

mod machine;
mod model;

use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::NaiveDate;
use credit_charter::PolicyRules;
use credit_charter::rulebook::{Question, Rulebook};
use credit_charter::testing::questions::{self as q, Asked};
use credit_charter::testing::{CATALOGUE, verify};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};

use crate::support::pack_files;

/// Asks random questions of `strategy` under `book` and of `model`, and compares the
/// answers and their reasons.
fn agree<Q, S>(
    book: &Rulebook,
    strategy: S,
    model: fn(&Q, &PolicyRules, NaiveDate) -> model::Answer<Q::Value>,
) -> Result<(), TestError<Asked<Q>>>
where
    Q: Question + Debug + Clone,
    Q::Value: PartialEq + Debug,
    S: Strategy<Value = Asked<Q>>,
{
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    runner.run(&strategy, |asked| {
        let rules = asked
            .rules(book)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ruling = asked
            .ruling(&rules)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (value, reason) = model(&asked.question, &rules, asked.on);
        prop_assert_eq!(&ruling.value, &value, "{} on {}", Q::RULE.id, asked.on);
        prop_assert_eq!(ruling.reason.code.as_str(), reason, "{}", Q::RULE.id);
        Ok(())
    })
}

fn none() -> impl Strategy<Value = BTreeMap<&'static str, i64>> {
    Just(BTreeMap::new())
}

#[test]
fn the_pack_and_the_reference_model_agree_on_every_rule() {
    let book = Rulebook::embedded().unwrap();
    let b = &book;
    agree(
        b,
        q::asked(
            q::limit_change(true),
            b,
            q::overrides(&[("credit_limit.notice_days", 0, 120)]),
        ),
        model::notice,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::limit_application(),
            b,
            q::overrides(&[
                ("credit_limit.referred_decision_business_days", 0, 30),
                ("credit_limit.status_update_business_days", 1, 30),
            ]),
        ),
        model::decision,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::consultation(),
            b,
            q::overrides(&[("credit_limit.answer_business_days", 1, 30)]),
        ),
        model::consultation,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::rating_question(),
            b,
            q::overrides(&[("credit_limit.disclosure_rating", 1, 10)]),
        ),
        model::rating,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::discretionary_request(),
            b,
            q::overrides(&[
                ("credit_limit.credit_report_validity_months", 1, 24),
                ("credit_limit.discretionary_after_zero_months", 0, 24),
            ]),
        ),
        model::discretionary,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::objection_question(),
            b,
            q::overrides(&[
                ("objection.acknowledge_business_days", 1, 20),
                ("objection.progress_update_days", 1, 60),
                ("objection.final_answer_days", 1, 120),
                ("objection.escalation_months", 1, 12),
            ]),
        ),
        model::objection,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::period_question(),
            b,
            q::overrides(&[
                ("renewal.documents_days_before", 0, 120),
                ("renewal.notice_months_before", 0, 6),
            ]),
        ),
        model::renewal,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::inquiry_question(),
            b,
            q::overrides(&[
                ("communication.acknowledge_business_days", 0, 10),
                ("communication.answer_business_days", 0, 20),
                ("communication.urgent_business_days", 0, 5),
            ]),
        ),
        model::response,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::recovery(),
            b,
            q::overrides(&[("collection.transfer_business_days", 0, 30)]),
        ),
        model::transfer,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::payment_question(),
            b,
            q::overrides(&[("invoice.payment_days", 0, 90)]),
        ),
        model::payment,
    )
    .unwrap();
    agree(
        b,
        q::asked(q::closing_question(), b, none()),
        model::closing,
    )
    .unwrap();
    agree(
        b,
        q::asked(
            q::invoice_cover(),
            b,
            q::overrides(&[("claim.max_credit_terms_days", 0, 120)]),
        ),
        model::payout_line,
    )
    .unwrap();
}

/// The default pack with `claim/payout.rhai` mutated: `>=` for `>` in the credit-terms
/// check, so an invoice on exactly the maximum terms is excluded. Its own cases and
/// `charter validate` pass; only the model notices.
fn mutant() -> Rulebook {
    let mut files = pack_files();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mutant/claim/payout.rhai"
    );
    files.insert(
        "claim/payout.rhai".into(),
        std::fs::read_to_string(path).unwrap(),
    );
    Rulebook::from_sources(files).unwrap()
}

#[test]
fn a_mutation_in_a_fixture_pack_makes_the_differential_test_fail_at_the_boundary() {
    let book = mutant();
    let failed: Vec<_> = book
        .run_cases()
        .into_iter()
        .filter(|r| r.failure.is_some())
        .collect();
    assert!(
        failed.is_empty(),
        "the mutant passes its own cases: {failed:?}"
    );
    // It keeps every promise of the catalogue, too: excluding more is not a broken promise.
    let options = verify::Options { cases: 60, seed: 9 };
    let broken: Vec<_> = verify::verify(&book, CATALOGUE, &options, |_| {})
        .into_iter()
        .filter_map(|v| v.violation.map(|x| format!("{}: {}", v.invariant, x.what)))
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
    match agree(
        &book,
        q::asked(q::invoice_cover(), &book, none()),
        model::payout_line,
    ) {
        Err(TestError::Fail(why, minimal)) => {
            let invoice = &minimal.question.invoice;
            // Shrunk to the boundary: terms of exactly the 60 days the policy allows.
            assert_eq!(
                (invoice.due_date - invoice.invoice_date).num_days(),
                60,
                "{why}"
            );
            assert!(why.to_string().contains("Excluded"), "{why}");
        }
        other => panic!("the mutation went unnoticed: {other:?}"),
    }
}
