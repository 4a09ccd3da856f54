//! Decision records and obligations.

use credit_charter::explain::{ObligationId, Subject, SubjectKind};
use proptest::prelude::*;

fn kind() -> impl Strategy<Value = SubjectKind> {
    prop_oneof![
        Just(SubjectKind::CreditLimit),
        Just(SubjectKind::Claim),
        Just(SubjectKind::Collection),
        Just(SubjectKind::Objection),
        Just(SubjectKind::Invoice),
    ]
}

/// Ids made of the characters that build ids: separators, escapes and plain letters.
fn id() -> impl Strategy<Value = String> {
    "[a/#%.:1]{0,6}"
}

proptest! {
    /// INVARIANT (ids never collide): two obligations share an id only when subject, event
    /// number and label are all the same, whatever characters the subject's id holds.
    #[test]
    fn obligation_ids_never_collide(
        a in (kind(), id(), 0u32..3, prop_oneof![Just("update"), Just("update.x")]),
        b in (kind(), id(), 0u32..3, prop_oneof![Just("update"), Just("update.x")]),
    ) {
        let make = |(kind, id, event, label): &(SubjectKind, String, u32, &str)| {
            ObligationId::new(&Subject::new(*kind, id.as_str()), *event, label)
        };
        prop_assert_eq!(make(&a) == make(&b), a == b);
        // The id keeps its text's hash, but orders as its text, and reads back as itself.
        prop_assert_eq!(make(&a).cmp(&make(&b)), make(&a).to_string().cmp(&make(&b).to_string()));
        let read: ObligationId = serde_json::from_value(serde_json::to_value(make(&a)).unwrap()).unwrap();
        prop_assert_eq!(read, make(&a));
    }
}

#[test]
fn a_credit_limit_and_a_collection_never_share_an_obligation_id() {
    let limit = Subject {
        kind: SubjectKind::CreditLimit,
        id: "POL-1/NL-1/collection".into(),
    };
    let collection = Subject {
        kind: SubjectKind::Collection,
        id: "POL-1/NL-1".into(),
    };
    assert_eq!(
        ObligationId::new(&limit, 1, "update").to_string(),
        "credit_limit:POL-1/NL-1/collection#1.update"
    );
    assert_ne!(
        ObligationId::new(&limit, 1, "update"),
        ObligationId::new(&collection, 1, "update")
    );
}

/// `charter report` keeps a replay's records instead of copying them
/// (`credit_charter::ComplianceReport::from_records`); the report must be the one `build` makes from a copy,
/// with the decisions in stable date order, on records of many policies in any order.
#[test]
fn a_report_from_kept_records_is_the_report_from_a_copy() {
    use credit_charter::portfolio::Portfolio;
    let rulebook = credit_charter::Rulebook::embedded().unwrap();
    let mut records = Vec::new();
    for file in Portfolio::new(3, &rulebook).book(25).unwrap() {
        records.extend(file.replay(&rulebook).unwrap().records);
    }
    // Newest policy first: the dates interleave and many records share a date.
    records.reverse();
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for as_of in [date(2026, 6, 30), date(2027, 12, 31)] {
        let report = credit_charter::ComplianceReport::from_records(records.clone(), as_of);
        assert_eq!(
            report,
            credit_charter::ComplianceReport::build(&records, as_of)
        );
        let mut expected: Vec<_> = records
            .iter()
            .filter(|r| r.on() <= as_of)
            .cloned()
            .collect();
        expected.sort_by_key(|r| r.on());
        assert_eq!(
            report.decisions(),
            expected,
            "stable date order as of {as_of}"
        );
    }
}

/// The report of a small generated book, as of the end of its first year.
fn book_report() -> credit_charter::ComplianceReport {
    use credit_charter::portfolio::Portfolio;
    let rulebook = credit_charter::Rulebook::embedded().unwrap();
    let mut records = Vec::new();
    for file in Portfolio::new(3, &rulebook).book(4).unwrap() {
        records.extend(file.replay(&rulebook).unwrap().records);
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    credit_charter::ComplianceReport::from_records(records, as_of)
}

/// The report holds each obligation once, in its decision: the obligations it lists are
/// the decisions' own, in their order, each with its decision's date, and it reads back
/// from its JSON as the report written.
#[test]
fn a_report_lists_its_decisions_obligations_and_reads_back_as_itself() {
    let report = book_report();
    let opened: Vec<_> = report
        .decisions()
        .iter()
        .flat_map(|r| r.obligations().iter().map(move |o| (r.on(), o)))
        .collect();
    assert!(opened.len() > 20, "a book opens many obligations");
    assert_eq!(report.obligations().len(), opened.len());
    let listed: Vec<_> = report
        .obligations()
        .map(|o| (o.opened_on, o.obligation))
        .collect();
    assert_eq!(listed, opened);
    let json = serde_json::to_string(&report).unwrap();
    let read: credit_charter::ComplianceReport = serde_json::from_str(&json).unwrap();
    assert_eq!(read, report);
}

/// Read back, a report must be the report of its decisions: one whose obligation list
/// drops an obligation, or changes one, or whose tallies count otherwise, is refused, and
/// the error says which.
#[test]
fn a_written_report_that_is_not_its_decisions_report_is_refused() {
    let written = serde_json::to_value(book_report()).unwrap();
    let refused = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut json = written.clone();
        change(&mut json);
        serde_json::from_value::<credit_charter::ComplianceReport>(json)
            .unwrap_err()
            .to_string()
    };
    let not_theirs = "the report's obligations are not its decisions' obligations, in order";
    let dropped = refused(&|json| {
        json["obligations"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(dropped, not_theirs);
    let changed = refused(&|json| json["obligations"][0]["obligation"]["what"] = "nothing".into());
    assert_eq!(changed, not_theirs);
    let miscounted = refused(&|json| {
        let tally = json["clauses"]
            .as_object_mut()
            .unwrap()
            .values_mut()
            .next()
            .unwrap();
        tally["met"] = (tally["met"].as_u64().unwrap() + 1).into();
    });
    assert_eq!(
        miscounted,
        "the report's clause tallies do not count its obligations"
    );
}
