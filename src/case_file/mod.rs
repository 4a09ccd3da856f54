//! The JSON case file: a policy, its buyers, and the events of each aggregate, replayed
//! through the machines to produce decision records and a compliance report.
//!
//! ```json
//! {
//!   "title": "Reduction with notice",
//!   "as_of": "2026-06-30",
//!   "policy": { "id": "POL-1", "holder": "Van Dijk Metaal BV", "currency": "EUR",
//!               "calendar": "NL", "parameters": { "credit_limit.notice_days": 30 } },
//!   "buyers": [ { "id": "B-7", "name": "Bouwbedrijf Hendriks BV", "country": "NL" } ],
//!   "credit_limits": [ { "buyer": "B-7", "events": [
//!     { "type": "granted", "on": "2026-01-05", "amount": "EUR 100000" },
//!     { "type": "reduction_announced", "on": "2026-03-05", "new_amount": "EUR 40000" },
//!     { "type": "change_applied", "on": "2026-04-04" } ] } ]
//! }
//! ```
//!
//! Optional `claims` and `collections` arrays sit beside `credit_limits`, one entry per
//! buyer with its events (see [`ClaimEvent`] and [`CollectionEvent`] for the `type`s). A
//! claim on a buyer is insured by that buyer's credit-limit history in the same file. Claims
//! are replayed in file order, which must be date-of-loss order within a policy year: a
//! `claim_decided` event without `policy_year` gets the aggregate first loss and payouts of
//! the claims before it in its year ([`PolicyYear`](crate::claim::PolicyYear)). A file is one
//! policy year, or as many as `"policy_years"` lists by first day (`["2026-01-01",
//! "2027-01-01"]`), each with its own ledger; a claim belongs to the year of its date of
//! loss. A claim whose
//! cover stops withdraws its buyer's credit limit on that day (`stoppage_of_cover`), unless
//! the limit's own events state that withdrawal or go on past that day.
//!
//! Unknown fields, a key repeated in one object and anything after the JSON document are
//! errors; every error names the JSON path, and malformed JSON its line and column. Ids
//! (policy, buyers, questions) are 1–64 of `A–Z a–z 0–9 - _ .` ([`crate::ids`]).
//! [`CaseFile::read`] reads only a regular file of at most [`MAX_CASE_FILE_BYTES`] (or the
//! limit given).
//!
//! Layer: the top of the library. It imports the machines, [`crate::pack`] and
//! [`crate::explain`]; only the CLI imports it. `mod.rs` holds the format, `replay.rs` the
//! one generic replay over machines, `error.rs` its errors.

mod error;
mod replay;
mod strict;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use error::CaseFileError;
pub use replay::Replay;

use crate::claim::ClaimEvent;
use crate::collection::CollectionEvent;
use crate::communication::{InquiryEvent, Monitoring, RelationshipEvent};
use crate::credit_limit::CreditLimitEvent;
use crate::explain::{ComplianceReport, SubjectKind};
use crate::ids::{BuyerId, InquiryId, PolicyId};
use crate::money::Currency;
use crate::objection::ObjectionEvent;
use crate::premium::PremiumEvent;
use crate::renewal::PeriodEvent;
use crate::rulebook::files::{ReadError, read_regular};
use crate::rulebook::{ParamInput, PolicyTerms, Rulebook};

/// The most bytes a case file may hold unless the reader raises it (`charter report
/// --max-case-bytes`): a year of a large policy's events fits in a few hundred KiB.
pub const MAX_CASE_FILE_BYTES: u64 = 8 << 20;

/// A case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseFile {
    /// A title for the report.
    pub title: String,
    /// What the case shows, in a sentence or two.
    #[serde(default)]
    pub description: Option<String>,
    /// The report's date, when the file fixes one.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// The policy.
    pub policy: Policy,
    /// The buyers (the insured's customers).
    #[serde(default)]
    pub buyers: Vec<Buyer>,
    /// One entry per credit limit, with its events in order.
    #[serde(default)]
    pub credit_limits: Vec<CreditLimitCase>,
    /// One entry per overdue account and claim, with its events in order (C4.1, C4.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimCase>,
    /// One entry per collection case, with its events in order (C4.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<CollectionCase>,
    /// Objections to decisions in `credit_limits` (C3.5).
    #[serde(default)]
    pub objections: Vec<ObjectionCase>,
    /// The policy period's events: start, renewal documents, notice, end (C2.3).
    #[serde(default)]
    pub policy_period: Vec<PeriodEvent>,
    /// The relationship's events: contacts and feedback (C1.2, C1.4, C5.1, C6.1).
    #[serde(default)]
    pub relationship: Vec<RelationshipEvent>,
    /// The customer's questions, each with its events (C1.1, C2.1).
    #[serde(default)]
    pub inquiries: Vec<InquiryCase>,
    /// The premium year and its invoices (C2.4), when the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<PremiumCase>,
    /// The first day of each policy year the file spans, in order (C4.3): a claim counts
    /// towards the aggregate first loss and the maximum liability of the year its date of
    /// loss falls in. None: the file is one policy year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_years: Vec<NaiveDate>,
}

/// The premium part of a case file: one insurance year, replayed into invoices (C2.4).
///
/// ```json
/// "premium": { "year_starts": "2026-01-01", "events": [
///   { "type": "turnover_estimated", "on": "2025-12-15", "turnover": "EUR 20000000" },
///   { "type": "instalment_invoiced", "on": "2026-01-05", "monitored_limits": 3 },
///   { "type": "invoice_paid", "on": "2026-01-20", "invoice": "POL-1-2026-1" },
///   { "type": "turnover_declared", "on": "2027-01-20", "turnover": "EUR 22000000" } ] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PremiumCase {
    /// The first day of the 12-month insurance year.
    pub year_starts: NaiveDate,
    /// The events, in date order.
    pub events: Vec<PremiumEvent>,
}

/// The policy part of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Policy {
    /// The policy id.
    pub id: PolicyId,
    /// The insured business.
    pub holder: String,
    /// The policy currency.
    pub currency: Currency,
    /// The holiday calendar, e.g. `NL`.
    pub calendar: String,
    /// The policy's own parameter values.
    #[serde(default)]
    pub parameters: BTreeMap<String, ParamInput>,
}

impl Policy {
    /// The terms rules depend on.
    #[must_use]
    pub fn terms(&self) -> PolicyTerms {
        PolicyTerms {
            currency: self.currency,
            calendar: self.calendar.clone(),
            parameters: self.parameters.clone(),
        }
    }
}

/// A buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Buyer {
    /// The buyer's id.
    pub id: BuyerId,
    /// The buyer's name.
    pub name: String,
    /// ISO 3166 country code.
    #[serde(default)]
    pub country: Option<String>,
}

/// The events of one credit limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreditLimitCase {
    /// The buyer the limit is on.
    pub buyer: BuyerId,
    /// The events, in date order.
    pub events: Vec<CreditLimitEvent>,
}

/// The events of one overdue account and claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimCase {
    /// The buyer.
    pub buyer: BuyerId,
    /// The events, in date order.
    pub events: Vec<ClaimEvent>,
}

/// The events of one collection case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CollectionCase {
    /// The buyer.
    pub buyer: BuyerId,
    /// The events, in date order.
    pub events: Vec<CollectionEvent>,
}

/// An objection to one decision on a buyer: of its credit limit by default, or of its
/// claim or collection (`"about": "claim"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ObjectionCase {
    /// The buyer whose decision is objected to.
    pub buyer: BuyerId,
    /// What the decision is about.
    #[serde(default = "credit_limit")]
    pub about: SubjectKind,
    /// The date of that decision.
    pub decision_on: NaiveDate,
    /// The objection's events, in date order.
    pub events: Vec<ObjectionEvent>,
}

fn credit_limit() -> SubjectKind {
    SubjectKind::CreditLimit
}

/// One question from the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InquiryCase {
    /// The question's id, e.g. a ticket number.
    pub id: InquiryId,
    /// Its events, in date order.
    pub events: Vec<InquiryEvent>,
}

/// What `charter report` shows: the compliance report and the C1.3 monitoring figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReport {
    /// Decisions, obligations and their status.
    #[serde(flatten)]
    pub compliance: ComplianceReport,
    /// How the customer's questions were answered (C1.3).
    pub monitoring: Monitoring,
}

impl CaseFile {
    /// A case file on `policy` with no buyers and no events yet, as of no date.
    #[must_use]
    pub fn new(title: impl Into<String>, policy: Policy) -> CaseFile {
        CaseFile {
            title: title.into(),
            description: None,
            as_of: None,
            policy,
            buyers: Vec::new(),
            credit_limits: Vec::new(),
            claims: Vec::new(),
            collections: Vec::new(),
            objections: Vec::new(),
            policy_period: Vec::new(),
            relationship: Vec::new(),
            inquiries: Vec::new(),
            premium: None,
            policy_years: Vec::new(),
        }
    }

    /// Reads the case file at `path`: a regular file (a symbolic link to one is followed) of
    /// at most `max_bytes`, in UTF-8, read as [`CaseFile::from_json`].
    ///
    /// # Errors
    ///
    /// [`CaseFileError::Refused`] naming the path, for a device, FIFO, folder or socket
    /// (refused before it is opened) or a file over `max_bytes`;
    /// [`CaseFileError::Unreadable`] for one that cannot be read or is not UTF-8. Nothing
    /// of the file is echoed. Otherwise as [`CaseFile::from_json`].
    pub fn read(path: &Path, max_bytes: u64) -> Result<CaseFile, CaseFileError> {
        let unreadable = |message: String| CaseFileError::Unreadable {
            path: path.display().to_string(),
            message,
        };
        let bytes = read_regular(path, max_bytes).map_err(|e| match e {
            ReadError::Refused(why) => CaseFileError::Refused {
                path: path.display().to_string(),
                why,
            },
            ReadError::Io(e) => unreadable(e.to_string()),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            unreadable(format!(
                "not UTF-8: invalid byte at offset {}",
                e.utf8_error().valid_up_to()
            ))
        })?;
        CaseFile::from_json(&text).map_err(|e| e.with_text(&path.display().to_string(), &text))
    }

    /// Reads a case file from JSON.
    ///
    /// # Errors
    ///
    /// [`CaseFileError::Malformed`] with the JSON path, line and column: for malformed JSON,
    /// a key repeated in one object, data after the document, an unknown field, an invalid
    /// id or any value that does not fit the format.
    pub fn from_json(text: &str) -> Result<CaseFile, CaseFileError> {
        CaseFile::parse(text).map_err(|e| e.with_text("case file", text))
    }

    fn parse(text: &str) -> Result<CaseFile, CaseFileError> {
        strict::check(text)?;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let message = inner.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| message.get(..i).unwrap_or_default())
                .to_owned();
            CaseFileError::Malformed {
                path,
                line: inner.line(),
                column: inner.column(),
                message,
                text: None,
            }
        })
    }

    /// How many events the file holds, over every section.
    #[must_use]
    pub fn event_count(&self) -> usize {
        self.credit_limits
            .iter()
            .map(|c| c.events.len())
            .sum::<usize>()
            + self.claims.iter().map(|c| c.events.len()).sum::<usize>()
            + self
                .collections
                .iter()
                .map(|c| c.events.len())
                .sum::<usize>()
            + self
                .objections
                .iter()
                .map(|c| c.events.len())
                .sum::<usize>()
            + self.inquiries.iter().map(|c| c.events.len()).sum::<usize>()
            + self.policy_period.len()
            + self.relationship.len()
            + self.premium.as_ref().map_or(0, |p| p.events.len())
    }

    /// Replays the file and builds what `charter report` shows as of `as_of`.
    ///
    /// # Errors
    ///
    /// As [`CaseFile::replay`].
    pub fn case_report(
        &self,
        rulebook: &Rulebook,
        as_of: NaiveDate,
    ) -> Result<CaseReport, CaseFileError> {
        let replay = self.replay(rulebook)?;
        Ok(CaseReport {
            compliance: ComplianceReport::from_records(replay.records, as_of),
            monitoring: Monitoring::of(&replay.inquiries, as_of),
        })
    }

    /// Replays the file and builds its compliance report as of `as_of`.
    ///
    /// # Errors
    ///
    /// As [`CaseFile::replay`].
    pub fn report(
        &self,
        rulebook: &Rulebook,
        as_of: NaiveDate,
    ) -> Result<ComplianceReport, CaseFileError> {
        Ok(ComplianceReport::from_records(
            self.replay(rulebook)?.records,
            as_of,
        ))
    }
}
