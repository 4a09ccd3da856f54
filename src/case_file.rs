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
//! Unknown fields are errors, and every error names the JSON path and the line.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::credit_limit::{CreditLimit, CreditLimitError, CreditLimitEvent};
use crate::explain::{ComplianceReport, DecisionRecord};
use crate::ids::{BuyerId, PolicyId};
use crate::invoice::{InvoiceError, PremiumEvent, PremiumYear};
use crate::money::Currency;
use crate::rulebook::{ParamInput, PolicyTerms, Rulebook, RulebookError};

/// A case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// The premium year and its invoices (C2.4), when the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<PremiumCase>,
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
pub struct PremiumCase {
    /// The first day of the 12-month insurance year.
    pub year_starts: NaiveDate,
    /// The events, in date order.
    pub events: Vec<PremiumEvent>,
}

/// The policy part of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
pub struct CreditLimitCase {
    /// The buyer the limit is on.
    pub buyer: BuyerId,
    /// The events, in date order.
    pub events: Vec<CreditLimitEvent>,
}

/// The machines' final states and every decision, after a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    /// Each credit limit after its last event, in file order.
    pub credit_limits: Vec<CreditLimit>,
    /// Every decision, in date order (file order within a day).
    pub records: Vec<DecisionRecord>,
    /// The premium year after its last event, when the file has one (C2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<PremiumYear>,
}

/// A case file could not be read or replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseFileError {
    /// The JSON is malformed or does not fit the format.
    #[error("case file: at `{path}` (line {line}, column {column}): {message}")]
    Malformed {
        /// The JSON path, e.g. `credit_limits[0].events[2].new_amount`.
        path: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A limit names a buyer the file does not list, or a buyer is listed twice.
    #[error("case file: at `{path}`: {message}")]
    Inconsistent {
        /// The JSON path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A machine rejected an event.
    #[error("case file: at `{path}`: {source}")]
    Rejected {
        /// The JSON path of the event.
        path: String,
        /// Why.
        source: Box<CreditLimitError>,
    },
    /// The policy's terms do not fit the rule pack.
    #[error("case file: at `policy`: {0}")]
    Terms(#[from] RulebookError),
    /// The premium year rejected an event, or an invoice would not be clear (C2.4).
    #[error("case file: at `{path}`: {source}")]
    InvoiceRejected {
        /// The JSON path of the event.
        path: String,
        /// Why.
        source: Box<InvoiceError>,
    },
}

impl CaseFile {
    /// Reads a case file from JSON.
    ///
    /// # Errors
    ///
    /// [`CaseFileError::Malformed`] with the JSON path, line and column.
    pub fn from_json(text: &str) -> Result<CaseFile, CaseFileError> {
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
            }
        })
    }

    /// Replays every event through its machine.
    ///
    /// # Errors
    ///
    /// [`CaseFileError::Inconsistent`] for unknown or duplicate buyers;
    /// [`CaseFileError::Terms`] when the policy's terms do not fit the pack;
    /// [`CaseFileError::Rejected`] for the first event a machine rejects.
    pub fn replay(&self, rulebook: &Rulebook) -> Result<Replay, CaseFileError> {
        let rules = rulebook.for_policy(&self.policy.terms())?;
        let mut seen = BTreeSet::new();
        for (i, buyer) in self.buyers.iter().enumerate() {
            if !seen.insert(&buyer.id) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("buyers[{i}].id"),
                    message: format!("buyer `{}` is listed twice", buyer.id),
                });
            }
        }
        let mut credit_limits = Vec::new();
        let mut records = Vec::new();
        for (i, case) in self.credit_limits.iter().enumerate() {
            if !seen.contains(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("credit_limits[{i}].buyer"),
                    message: format!("unknown buyer `{}` (not in `buyers`)", case.buyer),
                });
            }
            let mut limit = CreditLimit::new(
                self.policy.id.clone(),
                case.buyer.clone(),
                self.policy.currency,
            );
            for (j, event) in case.events.iter().enumerate() {
                let step =
                    limit
                        .apply(event, &rules)
                        .map_err(|source| CaseFileError::Rejected {
                            path: format!("credit_limits[{i}].events[{j}]"),
                            source: Box::new(source),
                        })?;
                records.push(step.record);
                limit = step.next;
            }
            credit_limits.push(limit);
        }
        let premium = self.replay_premium(&rules, &mut records)?;
        records.sort_by_key(DecisionRecord::on);
        Ok(Replay {
            credit_limits,
            records,
            premium,
        })
    }

    /// Replays the premium year, when the file has one, adding its records.
    fn replay_premium(
        &self,
        rules: &crate::rulebook::PolicyRules,
        records: &mut Vec<DecisionRecord>,
    ) -> Result<Option<PremiumYear>, CaseFileError> {
        let Some(case) = &self.premium else {
            return Ok(None);
        };
        let rejected = |path: String| {
            move |source: InvoiceError| CaseFileError::InvoiceRejected {
                path,
                source: Box::new(source),
            }
        };
        let mut year = PremiumYear::new(
            self.policy.id.clone(),
            self.policy.currency,
            case.year_starts,
        )
        .map_err(rejected("premium.year_starts".into()))?;
        for (j, event) in case.events.iter().enumerate() {
            let step = year
                .apply(event, rules)
                .map_err(rejected(format!("premium.events[{j}]")))?;
            records.push(step.record);
            year = step.next;
        }
        Ok(Some(year))
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
        Ok(ComplianceReport::build(
            &self.replay(rulebook)?.records,
            as_of,
        ))
    }
}
