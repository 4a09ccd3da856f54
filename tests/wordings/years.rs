//! Several policy years of one policy in a case file (C4.3), each with its own aggregate
//! first loss and maximum liability.

use credit_charter::CaseFile;

use crate::support::eur;

fn file(policy_years: &str) -> String {
    let claim = |buyer: &str, year: i32, amount: &str| {
        format!(
            r#"{{ "buyer": "{buyer}", "events": [
      {{ "type": "invoice_issued", "on": "{year}-01-10", "invoice": {{ "number": "INV-{buyer}", "invoice_date": "{year}-01-10",
        "delivery_date": "{year}-01-10", "terms": "30 days", "amount": "EUR {amount}", "vat": "EUR 0" }} }},
      {{ "type": "payment_overdue", "on": "{year}-02-10" }},
      {{ "type": "claim_submitted", "on": "{year}-05-01" }},
      {{ "type": "documents_completed", "on": "{year}-05-20" }},
      {{ "type": "claim_decided", "on": "{year}-09-01" }} ] }}"#
        )
    };
    format!(
        r#"{{
  "title": "Two policy years",
  "policy": {{ "id": "POL-1", "holder": "Van Dijk Metaal BV", "currency": "EUR", "calendar": "NL",
    "parameters": {{ "claim.aggregate_first_loss": "EUR 10000", "claim.max_liability": "EUR 50000" }} }},
  {policy_years}
  "buyers": [ {{ "id": "B-1", "name": "Bouwbedrijf Hendriks BV" }}, {{ "id": "B-2", "name": "Staalbouw Noord BV" }} ],
  "credit_limits": [
    {{ "buyer": "B-1", "events": [ {{ "type": "granted", "on": "2025-12-01", "amount": "EUR 100000" }} ] }},
    {{ "buyer": "B-2", "events": [ {{ "type": "granted", "on": "2025-12-01", "amount": "EUR 100000" }} ] }} ],
  "claims": [ {}, {} ]
}}"#,
        claim("B-1", 2026, "60000"),
        claim("B-2", 2027, "40000")
    )
}

fn payouts(policy_years: &str) -> Vec<credit_charter::Money> {
    let case = CaseFile::from_json(&file(policy_years)).unwrap();
    let replay = case
        .replay(&credit_charter::Rulebook::embedded().unwrap())
        .unwrap();
    replay
        .claims
        .iter()
        .map(|c| c.payout().unwrap().amount)
        .collect()
}

/// A first loss of EUR 10,000 and a maximum liability of EUR 50,000 per policy year. The
/// 2026 loss of EUR 60,000 pays (60,000 − 10,000) × 90% = EUR 45,000. The 2027 loss of
/// EUR 40,000, in its own year, pays (40,000 − 10,000) × 90% = EUR 27,000; counted in the
/// same year it would find no first loss left and only EUR 5,000 of liability: EUR 5,000.
#[test]
fn c4_3_each_policy_year_has_its_own_first_loss_and_maximum_liability() {
    assert_eq!(
        payouts(r#""policy_years": ["2026-01-01", "2027-01-01"],"#),
        [eur("45000"), eur("27000")]
    );
    assert_eq!(payouts(""), [eur("45000"), eur("5000")]);
}

/// A date of loss before the first policy year listed is an error at the decision's path.
#[test]
fn c4_3_a_loss_before_the_first_policy_year_is_refused_with_its_path() {
    let case = CaseFile::from_json(&file(r#""policy_years": ["2027-01-01"],"#)).unwrap();
    let err = case
        .replay(&credit_charter::Rulebook::embedded().unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("claims[0].events[4]"), "{err}");
    assert!(
        err.contains("the date of loss 2026-08-08 is before the first policy year, which starts on 2027-01-01"),
        "{err}"
    );
}
