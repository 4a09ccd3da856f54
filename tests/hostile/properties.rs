//! Mutation properties and determinism: mutated case files and rule inputs never panic or
//! hang and every rejection leaves state as it was; the same case file gives byte-identical
//! reports across runs, threads, packs loaded two ways, and a loaded machine.

use std::path::PathBuf;

use credit_charter::credit_limit::{CreditLimit, CreditLimitEvent};
use credit_charter::{BuyerId, CaseFile, Currency, Machine, PolicyId, Rulebook};
use proptest::prelude::*;

use super::question;
use crate::support::{d, pack_with, rules_dir, terms};

fn samples() -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// One edit of a text: delete, insert or replace a character, or repeat a span.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    Repeat(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let significant = prop::sample::select(vec![
        '{', '}', '[', ']', '"', ':', ',', '0', '9', '-', 'e', ' ', '\u{1b}', '\u{202e}', '/', '#',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), significant.clone()).prop_map(|(at, c)| Edit::Insert(at, c)),
        (any::<usize>(), significant).prop_map(|(at, c)| Edit::Replace(at, c)),
        (any::<usize>(), 1usize..80).prop_map(|(at, len)| Edit::Repeat(at, len)),
    ]
}

fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let n = chars.len().max(1);
        match *edit {
            Edit::Delete(at) if !chars.is_empty() => drop(chars.remove(at % n)),
            Edit::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
            Edit::Replace(at, c) if !chars.is_empty() => chars[at % n] = c,
            Edit::Repeat(at, len) if !chars.is_empty() => {
                let start = at % n;
                let span: Vec<char> = chars[start..(start + len).min(chars.len())].to_vec();
                chars.splice(start..start, span);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// A mutated case file is read, refused with a typed error naming where, or replayed:
    /// never a panic, never a hang.
    #[test]
    fn mutated_case_files_end_in_a_report_or_a_typed_error(
        sample in 0usize..64,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let samples = samples();
        let (path, text) = &samples[sample % samples.len()];
        let mutated = mutate(text, &edits);
        let book = Rulebook::embedded().unwrap();
        match CaseFile::from_json(&mutated) {
            Ok(case) => {
                if let Err(error) = case.replay(&book) {
                    prop_assert!(!error.to_string().is_empty(), "{}", path.display());
                }
            }
            Err(error) => {
                let message = error.to_string();
                prop_assert!(message.starts_with("case file: at `"), "{message}");
                let positioned = matches!(error, credit_charter::case_file::CaseFileError::Malformed { line, .. } if line > 0);
                prop_assert!(positioned, "{message}");
            }
        }
    }

    /// Mutated credit-limit events (read from JSON, as a case file gives them) applied to a
    /// limit in force: a rejected event leaves the limit exactly as it was.
    #[test]
    fn a_rejected_mutated_event_leaves_the_limit_unchanged(
        which in 0usize..6,
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let events = [
            r#"{ "type": "reduction_announced", "on": "2026-03-05", "new_amount": "EUR 40000", "reasons": ["weak_financials"], "customer_consulted_on": "2026-02-20", "rating": 7, "rating_stated": true }"#,
            r#"{ "type": "withdrawal_announced", "on": "2026-03-05", "circumstance": "buyer_insolvency" }"#,
            r#"{ "type": "change_applied", "on": "2026-04-04" }"#,
            r#"{ "type": "rating_changed", "on": "2026-03-01", "rating": 9 }"#,
            r#"{ "type": "granted", "on": "2026-02-01", "amount": "EUR 120000" }"#,
            r#"{ "type": "cancelled_by_customer", "on": "2026-03-10" }"#,
        ];
        let rules = crate::support::rules();
        let limit = CreditLimit::new(PolicyId::new("POL-1").unwrap(), BuyerId::new("B-7").unwrap(), Currency::EUR);
        let granted = limit
            .apply(&CreditLimitEvent::Granted { on: d(2026, 1, 5), amount: crate::support::eur("100000") }, &rules)
            .unwrap()
            .next;
        let before = serde_json::to_string(&granted).unwrap();
        let text = mutate(events[which], &edits);
        if let Ok(event) = serde_json::from_str::<CreditLimitEvent>(&text)
            && granted.apply(&event, &rules).is_err()
        {
            prop_assert_eq!(serde_json::to_string(&granted).unwrap(), before);
        }
    }

    /// Any reduction or withdrawal, with or without a circumstance, asked of the default
    /// rule and of hostile ones: an answer or a typed, positioned error, the same each time.
    #[test]
    fn rule_inputs_give_the_same_answer_or_error_each_time(
        current in -1_000_000i64..10_000_000_000,
        new_amount in -1_000_000i64..10_000_000_000,
        circumstance in prop::option::of(prop::sample::select(vec!["buyer_insolvency", "sanctions", "stoppage_of_cover", "fraud"])),
        pack in 0usize..4,
    ) {
        let hostile = ["waives_unstated_insolvency.rhai", "two_exceptions_apply.rhai", "heavy_calls.rhai"];
        let book = match pack {
            0 => Rulebook::embedded().unwrap(),
            n => {
                let text = std::fs::read_to_string(super::fixtures().join("rules").join(hostile[n - 1])).unwrap();
                pack_with(&[("credit_limit/notice_period.rhai", Some(&text))]).unwrap()
            }
        };
        let rules = book.for_policy(&terms(&[])).unwrap();
        let mut change = question(circumstance);
        change.current = credit_charter::Money::new(current.into(), Currency::EUR).unwrap();
        change.new_amount = credit_charter::Money::new(new_amount.into(), Currency::EUR).unwrap();
        let first = rules.ask(&change, d(2026, 3, 5));
        let second = rules.ask(&change, d(2026, 3, 5));
        prop_assert_eq!(&first, &second);
        if let Err(error) = first {
            prop_assert!(error.location.as_ref().is_some_and(|l| l.line > 0), "{error}");
        }
    }
}

/// What `charter report` prints for `case`, as text and as JSON.
fn reports(case: &CaseFile, book: &Rulebook) -> (String, String) {
    let as_of = case.as_of.unwrap_or(d(2026, 12, 31));
    let report = case.case_report(book, as_of).unwrap();
    let text = format!(
        "{}{}",
        report.compliance.to_text(),
        report.monitoring.to_text()
    );
    (text, serde_json::to_string_pretty(&report).unwrap())
}

#[test]
fn the_same_case_file_gives_byte_identical_reports_across_runs_threads_and_packs() {
    let embedded = Rulebook::embedded().unwrap();
    let folder = Rulebook::from_dir(rules_dir()).unwrap();
    for (path, text) in samples() {
        let case = CaseFile::from_json(&text).unwrap();
        let first = reports(&case, &embedded);
        assert_eq!(
            reports(&case, &embedded),
            first,
            "{}: a second run differs",
            path.display()
        );
        assert_eq!(
            reports(&case, &folder),
            first,
            "{}: the folder pack differs",
            path.display()
        );
        for threads in [2, 4] {
            let all: Vec<(String, String)> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| s.spawn(|| reports(&case, &embedded)))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            assert!(
                all.iter().all(|r| *r == first),
                "{}: {threads} threads differ",
                path.display()
            );
        }
    }
}

/// A rule that spends most of its budget answers on a loaded machine exactly as on an idle
/// one: only operation counts decide, and the fuse is far above its run time.
#[test]
fn a_rule_near_its_budget_gives_the_same_answer_under_load() {
    let max = credit_charter::rulebook::limits::MAX_OPERATIONS;
    let source = format!(
        "//! C3.4 — most of the budget, then the standard notice.\n\
         fn notice_period(change, params) {{\n    let i = 0;\n    while i < {} {{ i += 1; }}\n    notice_days(params.notice_days, \"standard_notice\")\n}}\n",
        max / 8
    );
    let book = pack_with(&[("credit_limit/notice_period.rhai", Some(&source))]).unwrap();
    let rules = book.for_policy(&terms(&[])).unwrap();
    let idle = rules.ask(&question(None), d(2026, 3, 5)).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let loaded: Vec<_> = std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let mut x = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            });
        }
        let answers: Vec<_> = (0..20)
            .map(|_| rules.ask(&question(None), d(2026, 3, 5)))
            .collect();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        answers
    });
    assert!(loaded.iter().all(|a| a.as_ref() == Ok(&idle)), "{loaded:?}");
    // One more loop iteration's worth past the budget fails the same way every time.
    let over = source.replace(
        &format!("while i < {} ", max / 8),
        &format!("while i < {max} "),
    );
    let book = pack_with(&[("credit_limit/notice_period.rhai", Some(&over))]).unwrap();
    let rules = book.for_policy(&terms(&[])).unwrap();
    let errors: Vec<_> = (0..3)
        .map(|_| rules.ask(&question(None), d(2026, 3, 5)).unwrap_err())
        .collect();
    assert!(errors.windows(2).all(|w| w[0] == w[1]), "{errors:?}");
    assert_eq!(
        errors[0].kind,
        credit_charter::rulebook::RuleErrorKind::TooManyOperations { max }
    );
}
