//! Strategies for every machine's events, and valid event sequences built on the
//! [`Machine`] trait: candidate events in date order, each applied through
//! [`Machine::apply`] and kept only when the machine accepts it, so a sequence is valid
//! under whatever pack it is built for, and shrinks by dropping candidates.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::domain::{circumstance, date_after, money, rating, whole_money};
use super::questions::buyer_invoice;
use crate::claim::{ClaimEvent, CreditKind};
use crate::collection::{Approach, CollectionEvent, CustomerAgreement, OpenItem};
use crate::communication::{
    Channel, ContactRole, InquiryEvent, Priority, RelationshipEvent, Topic,
};
use crate::credit_limit::CreditLimitEvent;
use crate::explain::{DecisionRecord, Party};
use crate::ids::PolicyId;
use crate::invoice::InvoiceId;
use crate::machine::{Event, Machine};
use crate::money::Currency;
use crate::objection::{ObjectionEvent, Outcome};
use crate::premium::PremiumEvent;
use crate::renewal::PeriodEvent;
use crate::rulebook::PolicyRules;

/// What [`accepted`] made of a machine and its candidate events.
#[derive(Debug, Clone)]
pub struct Accepted<M: Machine> {
    /// The machine after the last accepted event.
    pub machine: M,
    /// The events it accepted, in order: a valid sequence.
    pub events: Vec<M::Event>,
    /// The record of each accepted event.
    pub records: Vec<DecisionRecord>,
    /// How many candidates it rejected; each left the machine exactly as it was.
    pub rejected: usize,
}

/// Applies `candidates` to `machine` in order under `rules`, keeping the events the
/// machine accepts (and their records) and skipping those it rejects.
pub fn accepted<M: Machine>(machine: M, candidates: &[M::Event], rules: &PolicyRules) -> Accepted<M>
where
    M::Event: Clone,
{
    let mut out = Accepted {
        machine,
        events: Vec::new(),
        records: Vec::new(),
        rejected: 0,
    };
    for event in candidates {
        match out.machine.apply(event, rules) {
            Ok(step) => {
                out.machine = step.next;
                out.records.push(step.record);
                out.events.push(event.clone());
            }
            Err(_) => out.rejected += 1,
        }
    }
    out
}

/// Up to `max` events of `one`, sorted by date (stably): the candidates of a sequence.
pub fn in_date_order<E: Event + Clone + std::fmt::Debug>(
    one: impl Strategy<Value = E>,
    max: usize,
) -> impl Strategy<Value = Vec<E>> {
    proptest::collection::vec(one, 0..=max).prop_map(|mut events| {
        events.sort_by_key(Event::on);
        events
    })
}

fn reasons() -> impl Strategy<Value = Vec<String>> {
    let code = prop_oneof![
        Just("weak_financials"),
        Just("payment_experience"),
        Just("limited_information"),
        Just("exposure_concentration"),
        Just("rating_downgrade"),
    ];
    proptest::collection::vec(code.prop_map(str::to_owned), 0..=2)
}

/// A credit-limit event in `currency` within `days` of `from`.
pub fn credit_limit_event(
    currency: Currency,
    from: NaiveDate,
    days: u32,
) -> impl Strategy<Value = CreditLimitEvent> {
    use CreditLimitEvent as Ev;
    let on = move || date_after(from, days);
    let amount = move || whole_money(currency, 0, 500_000);
    prop_oneof![
        (on(), amount(), super::questions::route()).prop_map(|(on, requested, route)| {
            Ev::Applied {
                on,
                requested,
                route,
            }
        }),
        on().prop_map(|on| Ev::StatusUpdateSent { on }),
        on().prop_map(|on| Ev::InformationRequested {
            on,
            about: "accounts".into()
        }),
        on().prop_map(|on| Ev::InformationReceived { on }),
        on().prop_map(|on| Ev::AnswerPeriodLapsed { on }),
        (
            on(),
            amount(),
            reasons(),
            proptest::option::of(rating()),
            any::<bool>()
        )
            .prop_map(|(on, amount, reasons, rating, rating_stated)| Ev::Decided {
                on,
                amount,
                conditions: Vec::new(),
                expires_on: None,
                reasons,
                rating,
                rating_stated,
            }),
        (on(), amount()).prop_map(|(on, amount)| Ev::Granted { on, amount }),
        (on(), rating(), any::<bool>()).prop_map(|(on, rating, told_customer)| Ev::RatingChanged {
            on,
            rating,
            told_customer
        }),
        (
            on(),
            amount(),
            reasons(),
            proptest::option::weighted(0.3, circumstance()),
            any::<bool>()
        )
            .prop_map(|(on, new_amount, reasons, circumstance, limit_in_use)| {
                Ev::ReductionAnnounced {
                    on,
                    new_amount,
                    reasons,
                    circumstance,
                    customer_consulted_on: None,
                    limit_in_use,
                    rating: None,
                    rating_stated: false,
                }
            }),
        (
            on(),
            reasons(),
            proptest::option::weighted(0.3, circumstance()),
            any::<bool>()
        )
            .prop_map(|(on, reasons, circumstance, limit_in_use)| {
                Ev::WithdrawalAnnounced {
                    on,
                    reasons,
                    circumstance,
                    customer_consulted_on: None,
                    limit_in_use,
                    rating: None,
                    rating_stated: false,
                }
            }),
        on().prop_map(|on| Ev::ChangeApplied { on }),
        on().prop_map(|on| Ev::CancelledByCustomer { on }),
        (on(), amount()).prop_map(|(on, amount)| Ev::Restored { on, amount }),
    ]
}

/// An objection's event within `days` of `from`.
pub fn objection_event(
    currency: Currency,
    from: NaiveDate,
    days: u32,
) -> impl Strategy<Value = ObjectionEvent> {
    let on = move || date_after(from, days);
    let outcome = prop_oneof![
        Just(Outcome::Rejected),
        Just(Outcome::Upheld),
        Just(Outcome::PartlyUpheld),
    ];
    prop_oneof![
        on().prop_map(|on| ObjectionEvent::Filed {
            on,
            grounds: "the buyer pays on time".into()
        }),
        on().prop_map(|on| ObjectionEvent::Acknowledged { on }),
        on().prop_map(|on| ObjectionEvent::ProgressUpdateSent { on }),
        (
            on(),
            outcome,
            proptest::option::of(whole_money(currency, 0, 500_000))
        )
            .prop_map(|(on, outcome, corrected_amount)| ObjectionEvent::Decided {
                on,
                outcome,
                reasons: match outcome {
                    Outcome::Rejected => vec!["objection_rejected_information".into()],
                    Outcome::Upheld => vec!["objection_upheld".into()],
                    Outcome::PartlyUpheld => vec!["objection_partly_upheld".into()],
                },
                corrected_amount,
            }),
    ]
}

/// A policy period's event within `days` of `from` (C2.3).
pub fn period_event(from: NaiveDate, days: u32) -> impl Strategy<Value = PeriodEvent> {
    let on = move || date_after(from, days);
    let by = prop_oneof![Just(Party::Customer), Just(Party::Insurer)];
    prop_oneof![
        on().prop_map(|on| PeriodEvent::Started { on }),
        on().prop_map(|on| PeriodEvent::RenewalDocumentsSent { on }),
        (on(), by).prop_map(|(on, by)| PeriodEvent::NonRenewalNotice { on, by }),
        on().prop_map(|on| PeriodEvent::PeriodEnded { on }),
    ]
}

/// The relationship's event within `days` of `from` (C1.2, C1.4, C5.1, C6.1).
pub fn relationship_event(from: NaiveDate, days: u32) -> impl Strategy<Value = RelationshipEvent> {
    let on = move || date_after(from, days);
    let role = prop_oneof![
        Just(ContactRole::AccountManager),
        Just(ContactRole::Specialist)
    ];
    prop_oneof![
        on().prop_map(|on| RelationshipEvent::Opened { on }),
        (on(), role).prop_map(|(on, role)| RelationshipEvent::ContactAssigned {
            on,
            name: "A. de Vries".into(),
            role,
            details: "+31 20 000 0000".into(),
        }),
        (on(), proptest::option::of(1u8..=10)).prop_map(|(on, score)| {
            RelationshipEvent::FeedbackReceived {
                on,
                about: "the portal".into(),
                score,
            }
        }),
        on().prop_map(|on| RelationshipEvent::FeedbackAnswered {
            on,
            action: "fixed".into()
        }),
    ]
}

/// A customer question's event within `days` of `from` (C1.1, C2.1).
pub fn inquiry_event(from: NaiveDate, days: u32) -> impl Strategy<Value = InquiryEvent> {
    let on = move || date_after(from, days);
    let received = (
        on(),
        prop_oneof![
            Just(Channel::Email),
            Just(Channel::Phone),
            Just(Channel::Letter)
        ],
        prop_oneof![Just(Priority::Normal), Just(Priority::Urgent)],
        prop_oneof![
            Just(Topic::Claims),
            Just(Topic::Invoices),
            Just(Topic::Other)
        ],
    )
        .prop_map(|(on, channel, priority, topic)| InquiryEvent::Received {
            on,
            channel,
            priority,
            topic,
            about: "a question".into(),
        });
    prop_oneof![
        received,
        on().prop_map(|on| InquiryEvent::Acknowledged { on }),
        on().prop_map(|on| InquiryEvent::Answered { on }),
    ]
}

/// A premium year's event within `days` of `from` (C2.4); payments name the year's first
/// invoices, `<policy>-<year>-<n>`.
pub fn premium_event(
    policy: PolicyId,
    currency: Currency,
    from: NaiveDate,
    days: u32,
) -> impl Strategy<Value = PremiumEvent> {
    let on = move || date_after(from, days);
    let turnover = move || whole_money(currency, 0, 50_000_000);
    let year = chrono::Datelike::year(&from);
    prop_oneof![
        (on(), turnover())
            .prop_map(|(on, turnover)| PremiumEvent::TurnoverEstimated { on, turnover }),
        (on(), 0u32..=5, 0u32..=3).prop_map(|(on, monitored_limits, limit_applications)| {
            PremiumEvent::InstalmentInvoiced {
                on,
                monitored_limits,
                limit_applications,
            }
        }),
        (on(), 1u32..=5).prop_filter_map("an invoice id", move |(on, n)| {
            let invoice = InvoiceId::new(format!("{policy}-{year}-{n}")).ok()?;
            Some(PremiumEvent::InvoicePaid { on, invoice })
        }),
        (on(), turnover())
            .prop_map(|(on, turnover)| PremiumEvent::TurnoverDeclared { on, turnover }),
    ]
}

/// A collection's event within `days` of `from` (C4.2).
pub fn collection_event(
    currency: Currency,
    from: NaiveDate,
    days: u32,
) -> impl Strategy<Value = CollectionEvent> {
    let on = move || date_after(from, days);
    let amount = move || money(currency, 1, 200_000);
    let approach = prop_oneof![
        Just(Approach::Amicable),
        Just(Approach::PaymentPlan),
        Just(Approach::LegalAction),
        Just(Approach::InsolvencyProceedings),
    ];
    let agreement = prop_oneof![
        Just(CustomerAgreement::Agreed),
        Just(CustomerAgreement::NotAgreed)
    ];
    prop_oneof![
        (on(), amount(), amount(), proptest::option::of(on())).prop_map(
            move |(on, owed, covered, mep_expired_on)| CollectionEvent::Opened {
                on,
                items: vec![OpenItem {
                    number: "INV-1".into(),
                    due_date: on - Days::new(30),
                    amount: owed,
                }],
                covered,
                mep_expired_on,
            }
        ),
        (on(), approach, agreement).prop_map(|(on, approach, agreement)| {
            CollectionEvent::ApproachChosen {
                on,
                approach,
                agreement,
            }
        }),
        on().prop_map(|on| CollectionEvent::StatusUpdated { on }),
        (on(), amount(), amount()).prop_map(|(on, paid, loss)| CollectionEvent::ClaimPaidOut {
            on,
            paid,
            loss
        }),
        (on(), amount()).prop_map(|(on, amount)| CollectionEvent::RecoveryReceived { on, amount }),
        (on(), amount()).prop_map(|(on, amount)| CollectionEvent::TransferMade { on, amount }),
        on().prop_map(|on| CollectionEvent::Closed { on }),
    ]
}

/// A claim's event within `days` of `from` (C4.1, C4.3).
pub fn claim_event(
    currency: Currency,
    from: NaiveDate,
    days: u32,
) -> impl Strategy<Value = ClaimEvent> {
    let on = move || date_after(from, days);
    let credit = prop_oneof![
        Just(CreditKind::Payment),
        Just(CreditKind::CreditNote),
        Just(CreditKind::SetOff)
    ];
    prop_oneof![
        3 => (on(), buyer_invoice(currency)).prop_map(|(on, mut invoice)| {
            let terms = invoice.due_date - invoice.invoice_date;
            invoice.invoice_date = on;
            invoice.delivery_date = on;
            invoice.due_date = on + terms;
            ClaimEvent::InvoiceIssued { on, invoice }
        }),
        1 => (on(), credit, money(currency, 1, 100_000))
            .prop_map(|(on, kind, amount)| ClaimEvent::CreditReceived { on, kind, amount }),
        1 => on().prop_map(|on| ClaimEvent::PaymentOverdue { on }),
        1 => on().prop_map(|on| ClaimEvent::MepExpired { on }),
        1 => on().prop_map(|on| ClaimEvent::OverdueNotified { on }),
        1 => on().prop_map(|on| ClaimEvent::CollectionHandedOver { on }),
        1 => on().prop_map(|on| ClaimEvent::InsolvencyDeclared { on }),
        1 => on().prop_map(|on| ClaimEvent::ClaimSubmitted { on }),
        1 => on().prop_map(|on| ClaimEvent::DocumentsRequested { on, documents: vec!["ledger".into()] }),
        1 => on().prop_map(|on| ClaimEvent::DocumentsCompleted { on }),
        1 => on().prop_map(|on| ClaimEvent::ClaimDecided { on, policy_year: Default::default() }),
        1 => on().prop_map(|on| ClaimEvent::PayoutMade { on }),
    ]
}
