//! Whole case files: a policy, its buyers and every section's events, each section a valid
//! sequence for the pack it is built for (see [`super::events::accepted`]), so the file
//! replays through [`CaseFile::replay`] and `charter report`.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::Index;

use super::domain::{buyer_id, calendar, date, policy_id};
use super::events::{
    accepted, claim_event, collection_event, credit_limit_event, in_date_order, inquiry_event,
    objection_event, period_event, premium_event, relationship_event,
};
use super::questions::terms_in;
use crate::case_file::{
    Buyer, CaseFile, ClaimCase, CollectionCase, CreditLimitCase, InquiryCase, ObjectionCase,
    Policy, PremiumCase,
};
use crate::claim::{Claim, ClaimEvent, PolicyYear};
use crate::collection::{Collection, CollectionEvent};
use crate::communication::{InquiryEvent, RelationshipEvent};
use crate::credit_limit::{CreditLimit, CreditLimitEvent};
use crate::explain::DecisionRecord;
use crate::ids::{BuyerId, InquiryId, PolicyId};
use crate::machine::Machine;
use crate::money::Currency;
use crate::objection::{Objection, ObjectionEvent};
use crate::premium::{PremiumEvent, PremiumYear};
use crate::renewal::PeriodEvent;
use crate::rulebook::{PolicyRules, Rulebook};

/// How long after its start a generated case file's events run.
pub const CASE_DAYS: u32 = 400;

/// Candidate events of every section of a case file, before [`build`] keeps the valid ones.
#[derive(Debug, Clone)]
pub struct Candidates {
    /// The policy.
    pub policy: PolicyId,
    /// Its currency.
    pub currency: Currency,
    /// Its holiday calendar.
    pub calendar: &'static str,
    /// The first day of the file: the policy period and the premium year start then.
    pub starts: NaiveDate,
    /// Per buyer: credit-limit events (after a grant on the first day) and claim events.
    pub buyers: Vec<(BuyerId, Vec<CreditLimitEvent>, Vec<ClaimEvent>)>,
    /// A collection on the first buyer, when there is one.
    pub collection: Option<Vec<CollectionEvent>>,
    /// Objections: which adverse decision (of those with a right to object), and events.
    pub objections: Vec<(Index, Vec<ObjectionEvent>)>,
    /// The policy period's events after its start.
    pub period: Vec<PeriodEvent>,
    /// The relationship's events after it opens.
    pub relationship: Vec<RelationshipEvent>,
    /// The customer's questions.
    pub inquiries: Vec<Vec<InquiryEvent>>,
    /// The premium year's events after its estimate, when there is one.
    pub premium: Option<Vec<PremiumEvent>>,
}

/// Candidates for a case file in EUR (the shipped pack's currency), most sections filled.
pub fn candidates() -> impl Strategy<Value = Candidates> {
    (policy_id(), calendar(), date()).prop_flat_map(|(policy, calendar, starts)| {
        let currency = Currency::EUR;
        let buyer = (
            buyer_id(),
            in_date_order(credit_limit_event(currency, starts, CASE_DAYS), 8),
            in_date_order(claim_event(currency, starts, CASE_DAYS), 8),
        );
        (
            proptest::collection::vec(buyer, 1..=2),
            proptest::option::of(in_date_order(
                collection_event(currency, starts, CASE_DAYS),
                6,
            )),
            proptest::collection::vec(
                (
                    any::<Index>(),
                    in_date_order(objection_event(currency, starts, CASE_DAYS), 4),
                ),
                0..=1,
            ),
            in_date_order(period_event(starts, CASE_DAYS), 4),
            in_date_order(relationship_event(starts, CASE_DAYS), 4),
            proptest::collection::vec(in_date_order(inquiry_event(starts, 60), 3), 0..=2),
            proptest::option::of(in_date_order(
                premium_event(policy.clone(), currency, starts, CASE_DAYS),
                5,
            )),
        )
            .prop_map(
                move |(
                    buyers,
                    collection,
                    objections,
                    period,
                    relationship,
                    inquiries,
                    premium,
                )| {
                    Candidates {
                        policy: policy.clone(),
                        currency,
                        calendar,
                        starts,
                        buyers,
                        collection,
                        objections,
                        period,
                        relationship,
                        inquiries,
                        premium,
                    }
                },
            )
    })
}

/// A whole case file whose every section is valid under `book`.
pub fn case_file(book: &Rulebook) -> impl Strategy<Value = CaseFile> {
    let book = book.clone();
    candidates().prop_filter_map("the pack binds to the policy", move |c| build(&book, &c))
}

/// The case file `candidates` makes under `book`: each section's accepted events only.
/// `None` when the pack does not bind to the policy's terms.
#[must_use]
pub fn build(book: &Rulebook, c: &Candidates) -> Option<CaseFile> {
    let terms = terms_in(book, c.currency, c.calendar, c.starts);
    let rules = book.for_policy(&terms).ok()?;
    let policy = Policy {
        id: c.policy.clone(),
        holder: "Generated BV".into(),
        currency: c.currency,
        calendar: c.calendar.into(),
        parameters: terms.parameters.clone(),
    };
    let mut file = CaseFile {
        as_of: c
            .starts
            .checked_add_days(Days::new(u64::from(CASE_DAYS) + 100)),
        ..CaseFile::new("A generated case", policy)
    };
    // Decisions a customer may object to: (buyer, record).
    let mut adverse: Vec<(BuyerId, DecisionRecord)> = Vec::new();
    let mut year = PolicyYear::new(c.currency);
    for (buyer, limit_events, claim_events) in &c.buyers {
        if file.buyers.iter().any(|b| &b.id == buyer) {
            continue;
        }
        file.buyers.push(Buyer {
            id: buyer.clone(),
            name: format!("Buyer {buyer}"),
            country: Some("NL".into()),
        });
        let granted = CreditLimitEvent::Granted {
            on: c.starts,
            amount: crate::money::Money::rounded(100_000.into(), c.currency),
        };
        let events = opened_by(granted, limit_events);
        let limit = accepted(
            CreditLimit::new(c.policy.clone(), buyer.clone(), c.currency),
            &events,
            &rules,
        );
        adverse.extend(
            limit
                .records
                .iter()
                .filter(|r| r.objection().is_some())
                .map(|r| (buyer.clone(), r.clone())),
        );
        let cover = limit.machine.history().to_vec();
        file.credit_limits.push(CreditLimitCase {
            buyer: buyer.clone(),
            events: limit.events,
        });
        let claim = claim_events_kept(
            Claim::new(c.policy.clone(), buyer.clone(), c.currency, cover),
            claim_events,
            &rules,
            &mut year,
        );
        if !claim.is_empty() {
            file.claims.push(ClaimCase {
                buyer: buyer.clone(),
                events: claim,
            });
        }
    }
    if let (Some(events), Some(buyer)) = (&c.collection, file.buyers.first().map(|b| b.id.clone()))
    {
        let kept = accepted(
            Collection::new(c.policy.clone(), buyer.clone(), c.currency),
            events,
            &rules,
        );
        if !kept.events.is_empty() {
            file.collections.push(CollectionCase {
                buyer,
                events: kept.events,
            });
        }
    }
    for (index, events) in &c.objections {
        if adverse.is_empty() {
            break;
        }
        let (buyer, chosen) = index.get(&adverse);
        // The replay objects to the last such decision of that day: so does this.
        let Some(record) = adverse
            .iter()
            .rev()
            .find(|(b, r)| b == buyer && r.on() == chosen.on() && r.subject() == chosen.subject())
        else {
            continue;
        };
        let Ok(objection) = Objection::against(&record.1) else {
            continue;
        };
        let kept = accepted(objection, events, &rules);
        if !kept.events.is_empty() {
            file.objections.push(ObjectionCase {
                buyer: buyer.clone(),
                about: record.1.subject().kind,
                decision_on: record.1.on(),
                events: kept.events,
            });
        }
    }
    let period = opened_by(PeriodEvent::Started { on: c.starts }, &c.period);
    file.policy_period = accepted(
        crate::renewal::PolicyPeriod::new(c.policy.clone()),
        &period,
        &rules,
    )
    .events;
    let relationship = opened_by(RelationshipEvent::Opened { on: c.starts }, &c.relationship);
    file.relationship = accepted(
        crate::communication::Relationship::new(c.policy.clone()),
        &relationship,
        &rules,
    )
    .events;
    for (i, events) in c.inquiries.iter().enumerate() {
        let id = InquiryId::new(format!("Q-{}", i + 1)).ok()?;
        let kept = accepted(
            crate::communication::Inquiry::new(c.policy.clone(), id.as_str()),
            events,
            &rules,
        );
        if !kept.events.is_empty() {
            file.inquiries.push(InquiryCase {
                id,
                events: kept.events,
            });
        }
    }
    if let Some(events) = &c.premium {
        let year = PremiumYear::new(c.policy.clone(), c.currency, c.starts).ok()?;
        let estimate = PremiumEvent::TurnoverEstimated {
            on: c.starts,
            turnover: crate::money::Money::rounded(10_000_000.into(), c.currency),
        };
        let all = opened_by(estimate, events);
        file.premium = Some(PremiumCase {
            year_starts: c.starts,
            events: accepted(year, &all, &rules).events,
        });
    }
    Some(file)
}

/// `first`, then `rest`: the candidates of a section that opens with a fixed event.
fn opened_by<E: Clone>(first: E, rest: &[E]) -> Vec<E> {
    std::iter::once(first).chain(rest.iter().cloned()).collect()
}

/// A claim's accepted events, each decision completed and counted by the policy year as
/// the replay does.
fn claim_events_kept(
    claim: Claim,
    candidates: &[ClaimEvent],
    rules: &PolicyRules,
    year: &mut PolicyYear,
) -> Vec<ClaimEvent> {
    let mut claim = claim;
    let mut kept = Vec::new();
    for event in candidates {
        let Ok(step) = claim.apply(&year.complete(event), rules) else {
            continue;
        };
        if matches!(event, ClaimEvent::ClaimDecided { .. }) && year.count(&step.next).is_err() {
            continue;
        }
        claim = step.next;
        kept.push(event.clone());
    }
    kept
}
