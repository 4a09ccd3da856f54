//! The batch API: results in input order, byte-identical on one thread and on many, one
//! item's error in its own place, progress counted once per item.

use std::sync::Mutex;

use credit_charter::batch::Batch;
use credit_charter::case_file::{CaseFileError, CaseReport};
use credit_charter::portfolio::Portfolio;
use credit_charter::{BuyerId, CaseFile, Rulebook};

fn reports(
    book: &[CaseFile],
    rulebook: &Rulebook,
    threads: usize,
) -> Vec<Result<CaseReport, CaseFileError>> {
    Batch::new()
        .threads(threads)
        .map(book, |file| file.case_report(rulebook, file.as_of.unwrap()))
        .unwrap()
}

fn json(results: &[Result<CaseReport, CaseFileError>]) -> String {
    let values: Vec<serde_json::Value> = results
        .iter()
        .map(|r| match r {
            Ok(report) => serde_json::to_value(report).unwrap(),
            Err(e) => serde_json::Value::String(e.to_string()),
        })
        .collect();
    serde_json::to_string(&values).unwrap()
}

/// The determinism promise: a sweep of a book gives byte for byte the same reports on one
/// worker and on several, and the same as replaying each file in turn.
#[test]
fn batch_results_are_byte_identical_on_1_and_n_threads() {
    let rulebook = Rulebook::embedded().unwrap();
    let book = Portfolio::new(3, &rulebook).book(48).unwrap();
    let sequential: Vec<_> = book
        .iter()
        .map(|file| file.case_report(&rulebook, file.as_of.unwrap()))
        .collect();
    let one = json(&reports(&book, &rulebook, 1));
    assert_eq!(one, json(&sequential));
    for threads in [2, 3, 8] {
        assert_eq!(
            json(&reports(&book, &rulebook, threads)),
            one,
            "{threads} threads"
        );
    }
}

/// A broken file in a sweep is reported in its own place; every other file's report is the
/// one it has alone.
#[test]
fn one_failing_item_is_its_own_error() {
    let rulebook = Rulebook::embedded().unwrap();
    let mut book = Portfolio::new(5, &rulebook).book(16).unwrap();
    book[6].credit_limits[0].buyer = BuyerId::new("NOT-LISTED").unwrap();
    let results = reports(&book, &rulebook, 4);
    for (i, result) in results.iter().enumerate() {
        if i == 6 {
            assert!(
                matches!(result, Err(CaseFileError::Inconsistent { path, .. }) if path == "credit_limits[0].buyer"),
                "{result:?}"
            );
        } else {
            let alone = book[i]
                .case_report(&rulebook, book[i].as_of.unwrap())
                .unwrap();
            assert_eq!(result.as_ref().unwrap(), &alone, "file {i}");
        }
    }
}

/// The CLI's progress bar counts on the callback: each item reports once, and the count
/// reaches the total.
#[test]
fn progress_counts_every_item_once() {
    let items: Vec<u32> = (0..500).collect();
    let seen = Mutex::new(Vec::new());
    let doubled = Batch::new()
        .threads(3)
        .on_progress(|p| {
            assert_eq!(p.total, 500);
            seen.lock().unwrap().push(p.done);
        })
        .map(&items, |n| n * 2)
        .unwrap();
    assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    let mut seen = seen.into_inner().unwrap();
    seen.sort_unstable();
    assert_eq!(seen, (1..=500).collect::<Vec<_>>());
}
