use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BreakdownLine, Discharge, Obligation};
use crate::charter::Clause;
use crate::invoice::Invoice;
use crate::money::Money;
use crate::rating::BuyerRating;
use crate::rulebook::{PackHash, Reason, RuleRef};
use crate::text::Shared;

/// Which kind of thing a decision is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[strum(serialize_all = "snake_case")]
pub enum SubjectKind {
    /// A credit limit on one buyer under one policy.
    CreditLimit,
    /// An objection to a decision (C3.5, C4.3).
    Objection,
    /// A policy period and its renewal (C2.3).
    PolicyPeriod,
    /// A customer's question or request (C1.1).
    Inquiry,
    /// The relationship with the customer: contacts and feedback (C1.2, C1.4, C5.1, C6.1).
    Relationship,
    /// The overdue account and claim on one buyer under one policy (C4.1, C4.3).
    Claim,
    /// A collection case on one buyer under one policy (C4.2).
    Collection,
    /// A policy, or one insurance year of it: `POL-1/2026` (C2.4 premium).
    Policy,
    /// One invoice, by its number (C2.4).
    Invoice,
}

/// What a decision is about: `credit limit POL-1/B-7`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Subject {
    /// The kind.
    pub kind: SubjectKind,
    /// The id, e.g. `POL-1/B-7` for a limit; shared by the record and every obligation of
    /// one event.
    pub id: Shared,
}

impl SubjectKind {
    /// The kind as case files and obligation ids write it, e.g. `credit_limit`.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }
}

impl Subject {
    /// The subject of `kind` called `id`.
    #[must_use]
    pub fn new(kind: SubjectKind, id: impl Into<Shared>) -> Subject {
        Subject {
            kind,
            id: id.into(),
        }
    }
}

/// `credit limit POL-1/B-7`: the kind's code in words, then the id.
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.code().replace('_', " "), self.id)
    }
}

/// The outcome of an accepted event. Hosts must handle every outcome, so this enum grows
/// only with a new major version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// An application for a limit (or an increase) was received.
    ApplicationReceived,
    /// The customer was told where a pending application stands (C3.1).
    StatusUpdateSent,
    /// The insurer asked the customer for information about the buyer (C3.2).
    InformationRequested,
    /// The customer answered the request for information.
    InformationReceived,
    /// The customer's answer period ended without an answer.
    AnswerPeriodLapsed,
    /// The limit was approved as requested.
    LimitApproved,
    /// A smaller limit than requested was granted: a counter-offer.
    LimitPartiallyApproved,
    /// The limit was approved with conditions.
    LimitApprovedWithConditions,
    /// The limit was approved until an expiry date.
    LimitApprovedTemporarily,
    /// The application was refused: a zero decision.
    LimitRefused,
    /// An increase was refused; the limit in force stays.
    IncreaseRefused,
    /// The customer set its own discretionary limit.
    DiscretionaryLimitSet,
    /// The customer's discretionary limit is not allowed.
    DiscretionaryLimitRefused,
    /// The buyer's rating changed (C3.3).
    RatingChanged,
    /// The customer cancelled the limit.
    LimitCancelled,
    /// A temporary limit reached its expiry date.
    TemporaryLimitExpired,
    /// A credit limit was granted (recorded without its application, e.g. on migration).
    LimitGranted,
    /// A limit was restored after an upheld objection.
    LimitRestored,
    /// The customer objected to a decision (C3.5).
    ObjectionFiled,
    /// The insurer acknowledged the objection.
    ObjectionAcknowledged,
    /// The insurer told the customer how the review of the objection progresses.
    ObjectionProgressUpdate,
    /// The objection was upheld; the decision is corrected.
    ObjectionUpheld,
    /// The objection was partly upheld; the decision is corrected in part.
    ObjectionPartlyUpheld,
    /// The objection was rejected, with reasons and the external route.
    ObjectionRejected,
    /// A policy period started (C2.3).
    PolicyPeriodStarted,
    /// The insurer sent the renewal documents (C2.3).
    RenewalDocumentsSent,
    /// A party gave notice that the policy will not be renewed.
    NonRenewalNoticeGiven,
    /// The policy renewed for a new period.
    PolicyRenewed,
    /// The policy ended without renewal.
    PolicyEnded,
    /// A question or request from the customer arrived (C1.1).
    InquiryReceived,
    /// The insurer acknowledged it.
    InquiryAcknowledged,
    /// The insurer answered it.
    InquiryAnswered,
    /// The relationship with the policyholder started: a named contact is owed (C1.2, C6.1).
    RelationshipOpened,
    /// A named contact was assigned (C1.2, C5.1, C6.1).
    ContactAssigned,
    /// The customer gave feedback (C1.4).
    FeedbackReceived,
    /// The insurer answered the feedback, saying what it does with it (C1.4).
    FeedbackAnswered,
    /// A reduction of a limit was announced (C3.4).
    ReductionAnnounced,
    /// A withdrawal of a limit was announced (C3.4).
    WithdrawalAnnounced,
    /// An announced reduction took effect.
    ReductionEffective,
    /// An announced withdrawal took effect.
    WithdrawalEffective,
    /// An invoice to the buyer was recorded (C4.1).
    InvoiceRecorded,
    /// A payment, credit note or set-off from the buyer was recorded (C4.1).
    CreditRecorded,
    /// The oldest unpaid invoice is overdue: the step plan's clocks start (C4.1).
    OverdueRecorded,
    /// The overdue was paid off before the maximum extension period ended.
    OverdueCleared,
    /// The maximum extension period ended unpaid: cover for new deliveries stops (C4.1).
    CoverStopped,
    /// The maximum extension period ended unpaid, but under the policy's wording cover for
    /// new deliveries continues (rule `claim/stoppage_of_cover`).
    CoverContinued,
    /// The customer notified the overdue account (C4.1).
    OverdueNotified,
    /// The customer handed the debt over for collection (C4.1, C4.2).
    CollectionHandedOver,
    /// The buyer's insolvency was recorded; it fixes the date of loss.
    InsolvencyRecorded,
    /// The customer submitted a claim (C4.1).
    ClaimSubmitted,
    /// The insurer asked for documents (C4.1).
    DocumentsRequested,
    /// The claim's documentation is complete; the assessment clock starts (C4.1).
    DocumentsComplete,
    /// The claim is paid in full: the insured percentage of the loss (C4.3).
    ClaimPaidInFull,
    /// Only part of the claim is paid, with every reduction explained (C4.3).
    ClaimPartlyPaid,
    /// Nothing is paid on the claim, with every reason explained (C4.3).
    ClaimRejected,
    /// The insurer paid the payout (C4.1).
    PayoutMade,
    /// A collection case was opened (C4.2).
    CollectionOpened,
    /// The collection approach was agreed with the customer (C4.2).
    CollectionApproachAgreed,
    /// The customer was updated on the collection case (C4.2).
    CollectionUpdated,
    /// A recovery was received and allocated (C4.2).
    RecoveryAllocated,
    /// Collected money was transferred to the customer (C4.2).
    CollectedMoneyTransferred,
    /// The collection case was closed (C4.2).
    CollectionClosed,
    /// A payout was raised after an upheld objection (C4.3, C3.5).
    PayoutCorrected,
    /// The estimated premium, minimum premium and its instalments were set (C2.4).
    MinimumPremiumSet,
    /// An instalment invoice was issued, clear and with its due date (C2.4).
    InvoiceIssued,
    /// The customer paid an invoice (C2.4).
    InvoicePaid,
    /// A closing invoice for the year-end premium adjustment was issued (C2.4).
    ClosingInvoiceIssued,
    /// The final premium does not exceed what was invoiced: no closing invoice (C2.4).
    NoClosingInvoice,
}

impl Decision {
    /// `true` for outcomes that go against the customer; they must carry a reason and an
    /// objection right (C3.5, C4.3).
    #[must_use]
    pub fn is_adverse(self) -> bool {
        matches!(
            self,
            Decision::ReductionAnnounced
                | Decision::WithdrawalAnnounced
                | Decision::LimitPartiallyApproved
                | Decision::LimitApprovedWithConditions
                | Decision::LimitRefused
                | Decision::IncreaseRefused
                | Decision::DiscretionaryLimitRefused
                | Decision::ObjectionPartlyUpheld
                | Decision::ObjectionRejected
                | Decision::ClaimPartlyPaid
                | Decision::ClaimRejected
        )
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::ApplicationReceived => "application received",
            Decision::StatusUpdateSent => "status update sent",
            Decision::InformationRequested => "information requested",
            Decision::InformationReceived => "information received",
            Decision::AnswerPeriodLapsed => "answer period lapsed",
            Decision::LimitApproved => "limit approved",
            Decision::LimitPartiallyApproved => "limit partially approved (counter-offer)",
            Decision::LimitApprovedWithConditions => "limit approved with conditions",
            Decision::LimitApprovedTemporarily => "limit approved temporarily",
            Decision::LimitRefused => "limit refused",
            Decision::IncreaseRefused => "increase refused",
            Decision::DiscretionaryLimitSet => "discretionary limit set",
            Decision::DiscretionaryLimitRefused => "discretionary limit refused",
            Decision::RatingChanged => "buyer rating changed",
            Decision::LimitCancelled => "limit cancelled",
            Decision::TemporaryLimitExpired => "temporary limit expired",
            Decision::LimitGranted => "limit granted",
            Decision::LimitRestored => "limit restored after objection",
            Decision::ObjectionFiled => "objection filed",
            Decision::ObjectionAcknowledged => "objection acknowledged",
            Decision::ObjectionProgressUpdate => "objection progress update",
            Decision::ObjectionUpheld => "objection upheld",
            Decision::ObjectionPartlyUpheld => "objection partly upheld",
            Decision::ObjectionRejected => "objection rejected",
            Decision::PolicyPeriodStarted => "policy period started",
            Decision::RenewalDocumentsSent => "renewal documents sent",
            Decision::NonRenewalNoticeGiven => "non-renewal notice given",
            Decision::PolicyRenewed => "policy renewed",
            Decision::PolicyEnded => "policy ended",
            Decision::InquiryReceived => "inquiry received",
            Decision::InquiryAcknowledged => "inquiry acknowledged",
            Decision::InquiryAnswered => "inquiry answered",
            Decision::RelationshipOpened => "relationship opened",
            Decision::ContactAssigned => "contact assigned",
            Decision::FeedbackReceived => "feedback received",
            Decision::FeedbackAnswered => "feedback answered",
            Decision::ReductionAnnounced => "reduction announced",
            Decision::WithdrawalAnnounced => "withdrawal announced",
            Decision::ReductionEffective => "reduction effective",
            Decision::WithdrawalEffective => "withdrawal effective",
            Decision::InvoiceRecorded => "invoice recorded",
            Decision::CreditRecorded => "payment or credit recorded",
            Decision::OverdueRecorded => "overdue recorded",
            Decision::OverdueCleared => "overdue cleared",
            Decision::CoverStopped => "cover stopped",
            Decision::CoverContinued => "cover continues",
            Decision::OverdueNotified => "overdue notified",
            Decision::CollectionHandedOver => "collection handed over",
            Decision::InsolvencyRecorded => "insolvency recorded",
            Decision::ClaimSubmitted => "claim submitted",
            Decision::DocumentsRequested => "documents requested",
            Decision::DocumentsComplete => "documents complete",
            Decision::ClaimPaidInFull => "claim paid in full",
            Decision::ClaimPartlyPaid => "claim partly paid",
            Decision::ClaimRejected => "claim rejected",
            Decision::PayoutMade => "payout made",
            Decision::CollectionOpened => "collection opened",
            Decision::CollectionApproachAgreed => "collection approach agreed",
            Decision::CollectionUpdated => "collection updated",
            Decision::RecoveryAllocated => "recovery allocated",
            Decision::CollectedMoneyTransferred => "collected money transferred",
            Decision::CollectionClosed => "collection closed",
            Decision::PayoutCorrected => "payout corrected",
            Decision::MinimumPremiumSet => "minimum premium set",
            Decision::InvoiceIssued => "invoice issued",
            Decision::InvoicePaid => "invoice paid",
            Decision::ClosingInvoiceIssued => "closing invoice issued",
            Decision::NoClosingInvoice => "no closing invoice",
        })
    }
}

/// The customer's right to object to a decision, and until when (C3.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectionRight {
    /// The last day an objection is on time.
    pub until: NaiveDate,
    /// The clause that grants it.
    pub clause: Clause,
}

/// A decision record was built without what the charter requires of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExplainError {
    /// An adverse decision had no reason.
    #[error("{decision} on {subject} has no reason: adverse decisions are always explained")]
    Unexplained {
        /// The decision.
        decision: Decision,
        /// Its subject.
        subject: String,
    },
    /// An adverse decision had no objection right.
    #[error(
        "{decision} on {subject} offers no objection: adverse decisions can always be objected to (C3.5)"
    )]
    NoObjectionRight {
        /// The decision.
        decision: Decision,
        /// Its subject.
        subject: String,
    },
}

/// A record's list, exactly as long as it is: a book holds records by the million, and a
/// `Vec` would keep a capacity word and the room its pushes grew into (four places on the
/// first push, where most records hold one).
type List<T> = Box<[T]>;

/// Why a transition happened: the explained decision, for the customer and for audit.
///
/// INVARIANT (adverse decisions are explained): an adverse [`Decision`] has at least one
/// reason and an objection right; [`RecordBuilder::build`] refuses otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    on: NaiveDate,
    subject: Subject,
    decision: Decision,
    summary: Box<str>,
    reasons: List<Reason>,
    rules: List<RuleRef>,
    pack: PackHash,
    clauses: List<Clause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating: Option<BuyerRating>,
    obligations: List<Obligation>,
    discharges: List<Discharge>,
    objection: Option<ObjectionRight>,
    /// An itemised calculation (a payout, a recovery split), line by line; empty otherwise.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    breakdown: List<BreakdownLine>,
    /// The invoice the decision issued, line by line (C2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    invoice: Option<Box<Invoice>>,
}

impl DecisionRecord {
    /// Starts a record of `decision` on `subject`, taken on business date `on`.
    pub fn builder(
        on: NaiveDate,
        subject: Subject,
        decision: Decision,
        summary: String,
        pack: PackHash,
    ) -> RecordBuilder {
        RecordBuilder {
            record: DecisionRecord {
                on,
                subject,
                decision,
                summary: summary.into_boxed_str(),
                reasons: List::default(),
                rules: List::default(),
                pack,
                clauses: List::default(),
                amount: None,
                rating: None,
                obligations: List::default(),
                discharges: List::default(),
                objection: None,
                breakdown: List::default(),
                invoice: None,
            },
            reasons: Vec::new(),
            rules: Vec::new(),
            clauses: Vec::new(),
            obligations: Vec::new(),
            discharges: Vec::new(),
        }
    }

    /// The business date of the decision.
    #[must_use]
    pub fn on(&self) -> NaiveDate {
        self.on
    }
    /// What it is about.
    #[must_use]
    pub fn subject(&self) -> &Subject {
        &self.subject
    }
    /// The outcome.
    #[must_use]
    pub fn decision(&self) -> Decision {
        self.decision
    }
    /// One sentence a credit manager can read.
    #[must_use]
    pub fn summary(&self) -> &str {
        &self.summary
    }
    /// Why, as reason codes with sentences.
    #[must_use]
    pub fn reasons(&self) -> &[Reason] {
        &self.reasons
    }
    /// The rules consulted, in order.
    #[must_use]
    pub fn rules(&self) -> &[RuleRef] {
        &self.rules
    }
    /// The content hash of the rule pack that decided.
    #[must_use]
    pub fn pack(&self) -> &PackHash {
        &self.pack
    }
    /// The charter clauses engaged.
    #[must_use]
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }
    /// The amount decided (the limit granted, the limit after a change), when there is one.
    #[must_use]
    pub fn amount(&self) -> Option<Money> {
        self.amount
    }
    /// The buyer's rating as the decision states it (C3.3), when it does.
    #[must_use]
    pub fn rating(&self) -> Option<BuyerRating> {
        self.rating
    }
    /// The obligations this decision starts.
    #[must_use]
    pub fn obligations(&self) -> &[Obligation] {
        &self.obligations
    }
    /// Earlier obligations this decision discharges.
    #[must_use]
    pub fn discharges(&self) -> &[Discharge] {
        &self.discharges
    }
    /// The customer's objection right, for adverse decisions.
    #[must_use]
    pub fn objection(&self) -> Option<&ObjectionRight> {
        self.objection.as_ref()
    }
    /// The itemised calculation behind the decision, line by line (empty when none).
    #[must_use]
    pub fn breakdown(&self) -> &[BreakdownLine] {
        &self.breakdown
    }
    /// The invoice this decision issued, when it issued one (C2.4).
    #[must_use]
    pub fn invoice(&self) -> Option<&Invoice> {
        self.invoice.as_deref()
    }
}

/// Builds a [`DecisionRecord`], checking the charter's requirements at the end.
#[derive(Debug)]
#[must_use]
pub struct RecordBuilder {
    /// The record, its lists empty until [`RecordBuilder::build`] moves them in.
    record: DecisionRecord,
    reasons: Vec<Reason>,
    rules: Vec<RuleRef>,
    clauses: Vec<Clause>,
    obligations: Vec<Obligation>,
    discharges: Vec<Discharge>,
}

impl RecordBuilder {
    /// Adds a reason.
    pub fn reason(mut self, reason: Reason) -> Self {
        self.reasons.push(reason);
        self
    }
    /// Adds a rule consulted.
    pub fn rule(mut self, rule: RuleRef) -> Self {
        self.rules.push(rule);
        self
    }
    /// Cites a clause (once).
    pub fn clause(mut self, clause: Clause) -> Self {
        if !self.clauses.contains(&clause) {
            self.clauses.push(clause);
        }
        self
    }
    /// States the amount decided.
    pub fn amount(mut self, amount: Money) -> Self {
        self.record.amount = Some(amount);
        self
    }
    /// States the buyer's rating (C3.3).
    pub fn rating(mut self, rating: BuyerRating) -> Self {
        self.record.rating = Some(rating);
        self
    }
    /// Starts an obligation; its clause is cited too.
    pub fn obligation(self, obligation: Obligation) -> Self {
        let mut this = self.clause(obligation.clause);
        this.obligations.push(obligation);
        this
    }
    /// Discharges an earlier obligation.
    pub fn discharge(mut self, discharge: Discharge) -> Self {
        self.discharges.push(discharge);
        self
    }
    /// Grants the objection right; its clause is cited too.
    pub fn objection(self, right: ObjectionRight) -> Self {
        let mut this = self.clause(right.clause);
        this.record.objection = Some(right);
        this
    }
    /// Sets the itemised calculation behind the decision.
    pub fn breakdown(mut self, lines: Vec<BreakdownLine>) -> Self {
        self.record.breakdown = lines.into_boxed_slice();
        self
    }

    /// Attaches the invoice the decision issued (C2.4).
    pub fn invoice(mut self, invoice: Invoice) -> Self {
        self.record.invoice = Some(Box::new(invoice));
        self
    }

    /// Finishes the record.
    ///
    /// # Errors
    ///
    /// [`ExplainError`] when an adverse decision lacks a reason or an objection right.
    pub fn build(self) -> Result<DecisionRecord, ExplainError> {
        let mut record = self.record;
        record.reasons = self.reasons.into_boxed_slice();
        record.rules = self.rules.into_boxed_slice();
        record.clauses = self.clauses.into_boxed_slice();
        record.obligations = self.obligations.into_boxed_slice();
        record.discharges = self.discharges.into_boxed_slice();
        let subject = || record.subject.to_string();
        if record.decision.is_adverse() {
            if record.reasons.is_empty() {
                return Err(ExplainError::Unexplained {
                    decision: record.decision,
                    subject: subject(),
                });
            }
            if record.objection.is_none() {
                return Err(ExplainError::NoObjectionRight {
                    decision: record.decision,
                    subject: subject(),
                });
            }
        }
        Ok(record)
    }
}
