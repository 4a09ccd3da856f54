//! Case files: the documented JSON format, its errors, and replay.

use credit_charter::case_file::CaseFileError;
use credit_charter::{CaseFile, Rulebook};

use crate::support::d;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/examples/cases/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn every_sample_case_file_reads_and_replays() {
    let book = Rulebook::embedded().unwrap();
    let dir = format!("{}/examples/cases", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let case = CaseFile::from_json(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            case.replay(&book)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
        }
    }
    assert!(count >= 3);
}

#[test]
fn malformed_json_names_the_path_and_line() {
    let text = sample("c3_4_reduction_with_notice").replace(
        "\"new_amount\": \"EUR 40000\"",
        "\"new_amount\": \"EUR forty\"",
    );
    // Events are tagged by `type`, so the path ends at the event; the line points into it.
    let CaseFileError::Malformed {
        path,
        line,
        message,
        ..
    } = CaseFile::from_json(&text).unwrap_err()
    else {
        panic!()
    };
    assert_eq!((path.as_str(), line), ("credit_limits[0].events[1]", 21));
    assert_eq!(
        message,
        "cannot read `EUR forty` as an amount like `EUR 12500.00`"
    );
}

#[test]
fn unknown_fields_are_refused() {
    let text = sample("c3_4_reduction_with_notice").replace("\"holder\"", "\"holdr\"");
    let CaseFileError::Malformed {
        path,
        line,
        message,
        ..
    } = CaseFile::from_json(&text).unwrap_err()
    else {
        panic!()
    };
    assert_eq!((path.as_str(), line), ("policy.holdr", 7));
    assert!(message.starts_with("unknown field `holdr`"), "{message}");
}

#[test]
fn a_rejected_event_names_its_path() {
    let text = sample("c3_4_reduction_with_notice")
        .replace("\"on\": \"2026-04-04\"", "\"on\": \"2026-02-01\"");
    let err = CaseFile::from_json(&text)
        .unwrap()
        .replay(&Rulebook::embedded().unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "case file: at `credit_limits[0].events[2]`: event `change_applied` on 2026-02-01 is dated before the last event of credit limit POL-2026-0042/NL-KVK-30123456, on 2026-03-05"
    );
}

#[test]
fn unknown_buyers_are_refused() {
    let text = sample("c3_4_reduction_with_notice")
        .replace("\"buyer\": \"NL-KVK-30123456\"", "\"buyer\": \"NL-KVK-9\"");
    let err = CaseFile::from_json(&text)
        .unwrap()
        .replay(&Rulebook::embedded().unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "case file: at `credit_limits[0].buyer`: unknown buyer `NL-KVK-9` (not in `buyers`)"
    );
}

#[test]
fn the_report_only_sees_what_happened_by_its_date() {
    let case = CaseFile::from_json(&sample("c3_4_reduction_applied_too_early")).unwrap();
    let book = Rulebook::embedded().unwrap();
    assert_eq!(
        case.report(&book, d(2026, 3, 10))
            .unwrap()
            .breaches()
            .count(),
        0
    );
    assert_eq!(
        case.report(&book, d(2026, 3, 20))
            .unwrap()
            .breaches()
            .count(),
        1
    );
}

#[test]
fn a_buyer_or_question_listed_twice_is_refused_not_mixed_up() {
    let mut case = CaseFile::from_json(&sample("c3_4_reduction_with_notice")).unwrap();
    case.credit_limits.push(case.credit_limits[0].clone());
    let err = case.replay(&Rulebook::embedded().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "case file: at `credit_limits[1].buyer`: buyer `NL-KVK-30123456` is listed twice in `credit_limits`: list its events in one entry"
    );
}
