//! Case files: the documented JSON format, its errors, and replay.

use credit_charter::case_file::CaseFileError;
use credit_charter::explain::{Status, SubjectKind};
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

/// A buyer id may not hold `/`, the separator inside subject ids, so a credit limit on buyer
/// `NL-1/collection` can no longer pass for the collection on buyer `NL-1`; and obligation
/// ids include their subject's kind, so the credit limit and the collection on the same
/// buyer never share one: the limit's status update must not meet the collection's customer
/// update, which stays unmet and is reported breached.
#[test]
fn c4_2_a_collections_unmet_update_is_breached_whatever_another_subjects_id_holds() {
    let text = r#"{
      "title": "Two subjects of one buyer", "as_of": "2026-03-01",
      "policy": { "id": "POL-1", "holder": "Van Dijk Metaal BV", "currency": "EUR", "calendar": "NL" },
      "buyers": [ { "id": "NL-1", "name": "Hendriks BV" } ],
      "credit_limits": [ { "buyer": "NL-1", "events": [
        { "type": "applied", "on": "2026-01-05", "requested": "EUR 20000", "route": "referred" },
        { "type": "status_update_sent", "on": "2026-01-09" } ] } ],
      "collections": [ { "buyer": "NL-1", "events": [
        { "type": "opened", "on": "2026-01-05", "covered": "EUR 10000",
          "items": [ { "number": "INV-1", "due_date": "2025-11-30", "amount": "EUR 12000" } ] } ] } ]
    }"#;
    let slash = text.replace(
        r#"{ "id": "NL-1", "name": "Hendriks BV" }"#,
        r#"{ "id": "NL-1/collection", "name": "Jansen BV" }"#,
    );
    let CaseFileError::Malformed { path, message, .. } = CaseFile::from_json(&slash).unwrap_err()
    else {
        panic!()
    };
    assert_eq!(path, "buyers[0].id");
    assert!(
        message.starts_with("invalid buyer id `NL-1/collection`"),
        "{message}"
    );
    let report = CaseFile::from_json(text)
        .unwrap()
        .report(&Rulebook::embedded().unwrap(), d(2026, 3, 1))
        .unwrap();
    let find = |kind: SubjectKind, what: &str| {
        report
            .obligations()
            .find(|o| o.obligation.subject.kind == kind && o.obligation.what.starts_with(what))
            .unwrap()
    };
    let collection = find(
        SubjectKind::Collection,
        "update the customer on the collection",
    );
    let limit = find(
        SubjectKind::CreditLimit,
        "send the customer a status update",
    );
    assert_eq!(collection.obligation.subject.id, "POL-1/NL-1");
    assert!(
        matches!(collection.status, Status::Breached { .. }),
        "{:?}",
        collection.status
    );
    assert_eq!(limit.obligation.subject.id, "POL-1/NL-1");
    assert!(
        matches!(limit.status, Status::Met { .. }),
        "{:?}",
        limit.status
    );
    assert_ne!(collection.obligation.id, limit.obligation.id);
}
