//! The public strategies: every question's facts are what its rule's manifest declares,
//! and generated case files replay and read back.

use credit_charter::Rulebook;
use credit_charter::case_file::CaseFile;
use credit_charter::claim::InvoiceCover;
use credit_charter::collection::Recovery;
use credit_charter::communication::InquiryQuestion;
use credit_charter::credit_limit::{
    ConsultationQuestion, DiscretionaryRequest, LimitApplication, LimitChange, RatingQuestion,
};
use credit_charter::objection::ObjectionQuestion;
use credit_charter::premium::{ClosingQuestion, PaymentQuestion};
use credit_charter::renewal::PeriodQuestion;
use credit_charter::rulebook::{Facts, Question};
use credit_charter::testing::{case_files, questions as q};
use proptest::prelude::*;

fn declared<Q: Question>(facts: &Facts) -> Result<(), TestCaseError> {
    let mismatches = facts.mismatches(Q::RULE);
    prop_assert!(mismatches.is_empty(), "{}: {mismatches:?}", Q::RULE.id);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_question_strategy_gives_the_facts_its_rule_declares(
        change in q::facts(q::limit_change(true)),
        application in q::facts(q::limit_application()),
        consultation in q::facts(q::consultation()),
        rating in q::facts(q::rating_question()),
        discretionary in q::facts(q::discretionary_request()),
        objection in q::facts(q::objection_question()),
        period in q::facts(q::period_question()),
        inquiry in q::facts(q::inquiry_question()),
        recovery in q::facts(q::recovery()),
        payment in q::facts(q::payment_question()),
        closing in q::facts(q::closing_question()),
        cover in q::facts(q::invoice_cover()),
    ) {
        declared::<LimitChange>(&change)?;
        declared::<LimitApplication>(&application)?;
        declared::<ConsultationQuestion>(&consultation)?;
        declared::<RatingQuestion>(&rating)?;
        declared::<DiscretionaryRequest>(&discretionary)?;
        declared::<ObjectionQuestion>(&objection)?;
        declared::<PeriodQuestion>(&period)?;
        declared::<InquiryQuestion>(&inquiry)?;
        declared::<Recovery>(&recovery)?;
        declared::<PaymentQuestion>(&payment)?;
        declared::<ClosingQuestion>(&closing)?;
        declared::<InvoiceCover>(&cover)?;
    }

    #[test]
    fn every_question_strategy_is_answered_by_the_shipped_pack(
        change in q::asked(q::limit_change(true), &Rulebook::embedded().unwrap(), Just(Default::default())),
        cover in q::asked(q::invoice_cover(), &Rulebook::embedded().unwrap(), Just(Default::default())),
    ) {
        let book = Rulebook::embedded().unwrap();
        prop_assert!(change.ruling(&change.rules(&book).unwrap()).is_ok());
        prop_assert!(cover.ruling(&cover.rules(&book).unwrap()).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn generated_case_files_replay_and_read_back(file in case_files::case_file(&Rulebook::embedded().unwrap())) {
        let book = Rulebook::embedded().unwrap();
        let replay = file.replay(&book).unwrap();
        prop_assert!(!replay.records.is_empty());
        let read = CaseFile::from_json(&serde_json::to_string(&file).unwrap()).unwrap();
        prop_assert_eq!(read, file);
    }
}
