//! The date of loss and the stoppage of cover as rules (C4.1, C4.3, C3.4), and the
//! stoppage reaching the credit limit in a case file.

use credit_charter::Machine;
use credit_charter::claim::{BuyerInvoice, Claim, ClaimEffect, ClaimEvent, LossBasis};
use credit_charter::credit_limit::{CreditLimitStatus, LimitSpan};
use credit_charter::explain::Decision;
use credit_charter::rulebook::ParamInput;
use credit_charter::{BuyerId, CaseFile, Currency, PolicyId, PolicyRules, Rulebook};

use crate::claim::policy;
use crate::support::{d, eur, pack_with};

fn overdue_claim(rules: &PolicyRules, extra: &[ClaimEvent]) -> (Claim, Vec<ClaimEffect>) {
    let cover = vec![LimitSpan {
        from: d(2026, 1, 1),
        amount: eur("100000"),
    }];
    let mut claim = Claim::new(
        PolicyId::new("POL-1").unwrap(),
        BuyerId::new("B-7").unwrap(),
        Currency::EUR,
        cover,
    );
    let invoice = BuyerInvoice {
        number: "INV-1".into(),
        invoice_date: d(2026, 1, 10),
        delivery_date: d(2026, 1, 10),
        due_date: d(2026, 2, 9),
        amount: eur("50000"),
        vat: eur("0"),
        disputed: false,
    };
    let mut effects = Vec::new();
    let events = [
        vec![
            ClaimEvent::InvoiceIssued {
                on: d(2026, 1, 10),
                invoice,
            },
            ClaimEvent::PaymentOverdue { on: d(2026, 2, 10) },
        ],
        extra.to_vec(),
    ]
    .concat();
    for event in &events {
        let step = claim.apply(event, rules).unwrap();
        effects.extend(step.effects);
        claim = step.next;
    }
    (claim, effects)
}

/// Allianz Trade Sweden (domain.md 3.2): "180 days from the oldest due date or 90 days after
/// MEP expiry, whichever is later". Due 9 February 2026: 180 days is 8 August. With a
/// 60-day MEP (ends 10 April) + 90 days = 9 July, the 8 August is later; with a 120-day MEP
/// (ends 9 June) + 90 days = 7 September, which is later and is the date of loss.
#[test]
fn c4_1_a_later_of_wording_takes_whichever_date_is_later() {
    let pack = Rulebook::embedded().unwrap();
    let later_of = |mep: i64| {
        policy(
            &pack,
            &[
                ("claim.loss_later_of_mep_end", ParamInput::Flag(true)),
                ("claim.waiting_days_after_mep", ParamInput::Whole(90)),
                ("claim.mep_days", ParamInput::Whole(mep)),
            ],
        )
    };
    for (mep, expected) in [(60, d(2026, 8, 8)), (120, d(2026, 9, 7))] {
        let rules = later_of(mep);
        let (claim, _) = overdue_claim(&rules, &[]);
        let loss = claim.date_of_loss(&rules, d(2026, 10, 1)).unwrap().unwrap();
        assert_eq!(
            (loss.on, loss.basis),
            (expected, LossBasis::ProtractedDefault),
            "MEP {mep}"
        );
    }
    // Without the wording, the waiting period alone: 8 August whatever the MEP.
    let plain = policy(&pack, &[("claim.mep_days", ParamInput::Whole(120))]);
    let (claim, _) = overdue_claim(&plain, &[]);
    assert_eq!(
        claim
            .date_of_loss(&plain, d(2026, 10, 1))
            .unwrap()
            .unwrap()
            .on,
        d(2026, 8, 8)
    );
}

/// Allianz Trade CH: "following a waiting period of six months": due 9 February, the date
/// of loss is 9 August (180 days would be 8 August).
#[test]
fn c4_1_a_waiting_period_in_months() {
    let rules = policy(
        &Rulebook::embedded().unwrap(),
        &[
            ("claim.waiting_period_days", ParamInput::Whole(0)),
            ("claim.waiting_period_months", ParamInput::Whole(6)),
        ],
    );
    let (claim, _) = overdue_claim(&rules, &[]);
    let loss = claim.date_of_loss(&rules, d(2026, 10, 1)).unwrap().unwrap();
    assert_eq!(loss.on, d(2026, 8, 9));
}

/// A pack's wording "deliveries more than 45 days after the oldest unpaid invoice are not
/// covered": the invoice of 10 January stops cover after 24 February, though the MEP ends
/// on 10 April.
#[test]
fn c4_1_cover_stops_n_days_after_the_oldest_unpaid_invoice() {
    let rule = include_str!("../../rules/claim/stoppage_of_cover.rhai").replace(
        "return stop_after(cover.mep_end, \"stoppage_of_cover\");",
        "return stop_after(cover.oldest_invoice_date.add_days(45), \"stoppage_of_cover\");",
    );
    let pack = pack_with(&[("claim/stoppage_of_cover.rhai", Some(&rule))]).unwrap();
    let rules = policy(&pack, &[]);
    let (claim, effects) = overdue_claim(&rules, &[ClaimEvent::MepExpired { on: d(2026, 4, 11) }]);
    assert_eq!(claim.stoppage_of_cover(), Some(d(2026, 2, 24)));
    assert!(effects.contains(&ClaimEffect::StopCover {
        after: d(2026, 2, 24)
    }));
}

/// A pack's wording "cover stops for deliveries after the debt is handed over for
/// collection": handed over on 20 March, before the MEP ends, cover stops after 20 March.
#[test]
fn c4_1_cover_stops_at_the_hand_over_to_collection() {
    let rule = include_str!("../../rules/claim/stoppage_of_cover.rhai").replace(
        "    cover_continues(\"cover_continues\")",
        "    if cover.occasion == \"handed_over\" {\n        return stop_after(cover.handed_over_on, \"stoppage_of_cover\");\n    }\n    cover_continues(\"cover_continues\")",
    );
    let pack = pack_with(&[("claim/stoppage_of_cover.rhai", Some(&rule))]).unwrap();
    let rules = policy(&pack, &[]);
    let (claim, effects) = overdue_claim(
        &rules,
        &[ClaimEvent::CollectionHandedOver { on: d(2026, 3, 20) }],
    );
    assert_eq!(claim.stoppage_of_cover(), Some(d(2026, 3, 20)));
    assert!(effects.contains(&ClaimEffect::StopCover {
        after: d(2026, 3, 20)
    }));
    // The default pack does not stop cover at the hand-over.
    let (default, _) = overdue_claim(
        &policy(&Rulebook::embedded().unwrap(), &[]),
        &[ClaimEvent::CollectionHandedOver { on: d(2026, 3, 20) }],
    );
    assert_eq!(default.stoppage_of_cover(), None);
}

const STOPPED: &str = r#"{
  "title": "Cover stops at the end of the MEP",
  "policy": { "id": "POL-1", "holder": "Van Dijk Metaal BV", "currency": "EUR", "calendar": "NL" },
  "buyers": [ { "id": "B-7", "name": "Bouwbedrijf Hendriks BV" } ],
  "credit_limits": [ { "buyer": "B-7", "events": [
    { "type": "granted", "on": "2025-12-01", "amount": "EUR 100000" } ] } ],
  "claims": [ { "buyer": "B-7", "events": [
    { "type": "invoice_issued", "on": "2026-01-10", "invoice": { "number": "INV-1", "invoice_date": "2026-01-10",
      "delivery_date": "2026-01-10", "terms": "30 days", "amount": "EUR 50000", "vat": "EUR 0" } },
    { "type": "payment_overdue", "on": "2026-02-10" },
    { "type": "mep_expired", "on": "2026-04-11" } ] } ]
}"#;

/// The claim's stoppage of cover reaches the credit limit: the replay withdraws the
/// buyer's limit on the day cover stopped, as an exceptional circumstance (C3.4, immediate
/// effect), and the report shows the withdrawal with its reason.
#[test]
fn c3_4_a_claims_stoppage_of_cover_withdraws_the_buyers_limit_in_the_replay() {
    let case = CaseFile::from_json(STOPPED).unwrap();
    let pack = Rulebook::embedded().unwrap();
    let replay = case.replay(&pack).unwrap();
    let limit = &replay.credit_limits[0];
    assert_eq!(limit.status(), CreditLimitStatus::Withdrawn);
    assert_eq!(limit.cover_on(d(2026, 4, 10)), eur("100000"));
    assert_eq!(limit.cover_on(d(2026, 4, 11)), eur("0"));
    let withdrawal = replay
        .records
        .iter()
        .find(|r| r.decision() == Decision::WithdrawalAnnounced)
        .unwrap();
    assert_eq!(withdrawal.on(), d(2026, 4, 11));
    assert!(
        withdrawal
            .reasons()
            .iter()
            .any(|r| r.code == "stoppage_of_cover")
    );
    let report = case.report(&pack, d(2026, 4, 30)).unwrap().to_text();
    assert!(report.contains("withdrawal announced"), "{report}");
}

/// Allianz Trade CH (domain.md 3.2): the claim is due four months after the notification
/// of the overdue account. Overdue since 9 February, notified on 20 April: the claim is due
/// on 20 August — not 10 May, 30 days after the MEP — and that duty opens with the
/// notification.
#[test]
fn c4_1_a_filing_deadline_runs_from_the_actual_notification() {
    let rule = include_str!("../../rules/claim/step_plan.rhai").replace(
        "    due_on(duty.mep_end.add_days(params.filing_days_after_mep), \"deadline_after_mep\")",
        "    after_notification(months(4), \"deadline_after_notification\")",
    );
    let pack = pack_with(&[("claim/step_plan.rhai", Some(&rule))]).unwrap();
    let rules = policy(&pack, &[]);
    let mut claim = overdue_claim(&rules, &[]).0;
    let step = claim
        .apply(&ClaimEvent::OverdueNotified { on: d(2026, 4, 20) }, &rules)
        .unwrap();
    let filing: Vec<_> = step
        .record
        .obligations()
        .iter()
        .filter(|o| o.what.starts_with("submit the claim"))
        .collect();
    assert_eq!(filing.len(), 1);
    assert_eq!(
        filing[0].duty,
        credit_charter::explain::Duty::By {
            due: d(2026, 8, 20)
        }
    );
    claim = step.next;
    // Filed on 1 August: met, under this wording (it would be late under the default).
    let filed = claim
        .apply(&ClaimEvent::ClaimSubmitted { on: d(2026, 8, 1) }, &rules)
        .unwrap();
    assert!(
        filed
            .record
            .discharges()
            .iter()
            .any(|d| d.obligation == filing[0].id)
    );
    // The default opens the filing duty with the overdue account, due 30 days after the MEP.
    let plain = policy(&Rulebook::embedded().unwrap(), &[]);
    let (claim, _) = overdue_claim(&plain, &[]);
    let notified = claim
        .apply(&ClaimEvent::OverdueNotified { on: d(2026, 4, 20) }, &plain)
        .unwrap();
    assert!(notified.record.obligations().is_empty());
}
