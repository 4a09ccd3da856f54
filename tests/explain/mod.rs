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
            ObligationId::new(&Subject { kind: *kind, id: id.clone() }, *event, label)
        };
        prop_assert_eq!(make(&a) == make(&b), a == b);
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
