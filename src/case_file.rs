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
//! are replayed in file order, which must be date-of-loss order: a `claim_decided` event
//! without `policy_year` gets the aggregate first loss and payouts of the claims before it
//! (a file is one policy year).
//!
//! Unknown fields are errors; every error names the JSON path, and malformed JSON its line and column.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::claim::{Claim, ClaimEvent, PolicyYearUsage};
use crate::collection::{Collection, CollectionEvent};
use crate::communication::{Inquiry, InquiryEvent, Monitoring, Relationship, RelationshipEvent};
use crate::credit_limit::{CreditLimit, CreditLimitEvent};
use crate::error::Error;
use crate::explain::{ComplianceReport, DecisionRecord, SubjectKind};
use crate::ids::{BuyerId, PolicyId};
use crate::machine::{Machine, Transition};
use crate::money::{Currency, Money};
use crate::objection::{Objection, ObjectionEvent};
use crate::premium::{PremiumEvent, PremiumYear};
use crate::renewal::{PeriodEvent, PolicyPeriod};
use crate::rulebook::{ParamInput, PolicyRules, PolicyTerms, Rulebook, RulebookError};

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

/// The events of one overdue account and claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimCase {
    /// The buyer.
    pub buyer: BuyerId,
    /// The events, in date order.
    pub events: Vec<ClaimEvent>,
}

/// The events of one collection case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
pub struct InquiryCase {
    /// The question's id, e.g. a ticket number.
    pub id: String,
    /// Its events, in date order.
    pub events: Vec<InquiryEvent>,
}

/// The machines' final states and every decision, after a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    /// Each credit limit after its last event, in file order.
    pub credit_limits: Vec<CreditLimit>,
    /// Each objection after its last event, in file order.
    pub objections: Vec<Objection>,
    /// Each claim after its last event, in file order.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Each collection case after its last event, in file order.
    #[serde(default)]
    pub collections: Vec<Collection>,
    /// The policy period after its last event.
    pub policy_period: PolicyPeriod,
    /// The relationship after its last event.
    pub relationship: Relationship,
    /// Each question after its last event, in file order.
    pub inquiries: Vec<Inquiry>,
    /// The premium year after its last event, when the file has one (C2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<PremiumYear>,
    /// Every decision, in date order; within a day, in section order (limits, claims, collections,
    /// objections, the policy period, the relationship, questions, premium), then file order.
    pub records: Vec<DecisionRecord>,
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
        source: Box<Error>,
    },
    /// The policy's terms do not fit the rule pack.
    #[error("case file: at `policy`: {0}")]
    Terms(#[from] RulebookError),
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
        let mut records = Vec::new();
        let mut credit_limits = Vec::new();
        // One aggregate per buyer (and per question id): obligation ids are per subject, so a
        // second entry would discharge the first one's obligations.
        let mut limits_seen = BTreeSet::new();
        for (i, case) in self.credit_limits.iter().enumerate() {
            if !seen.contains(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("credit_limits[{i}].buyer"),
                    message: format!("unknown buyer `{}` (not in `buyers`)", case.buyer),
                });
            }
            if !limits_seen.insert(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("credit_limits[{i}].buyer"),
                    message: format!(
                        "buyer `{}` has a credit limit listed already: list its events in one entry",
                        case.buyer
                    ),
                });
            }
            let limit = CreditLimit::new(
                self.policy.id.clone(),
                case.buyer.clone(),
                self.policy.currency,
            );
            let path = format!("credit_limits[{i}]");
            credit_limits.push(replay(limit, &case.events, &path, &mut records, |a, e| {
                a.apply(e, &rules)
            })?);
        }
        let claims = self.replay_claims(&rules, &seen, &credit_limits, &mut records)?;
        let collections = self.replay_collections(&rules, &seen, &mut records)?;
        let mut objections = Vec::new();
        for (i, case) in self.objections.iter().enumerate() {
            let path = format!("objections[{i}]");
            let objection = self.objection_against(case, &records, &path)?;
            objections.push(replay(
                objection,
                &case.events,
                &path,
                &mut records,
                |a, e| a.apply(e, &rules),
            )?);
        }
        let period = PolicyPeriod::new(self.policy.id.clone());
        let policy_period = replay(
            period,
            &self.policy_period,
            "policy_period",
            &mut records,
            |a, e| a.apply(e, &rules),
        )?;
        let relationship = Relationship::new(self.policy.id.clone());
        let relationship = replay(
            relationship,
            &self.relationship,
            "relationship",
            &mut records,
            |a, e| a.apply(e, &rules),
        )?;
        let mut inquiries = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, case) in self.inquiries.iter().enumerate() {
            if !ids.insert(case.id.as_str()) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("inquiries[{i}].id"),
                    message: format!("question `{}` is listed twice", case.id),
                });
            }
            let inquiry = Inquiry::new(self.policy.id.clone(), &case.id);
            inquiries.push(replay(
                inquiry,
                &case.events,
                &format!("inquiries[{i}]"),
                &mut records,
                |a, e| a.apply(e, &rules),
            )?);
        }
        let premium = self.replay_premium(&rules, &mut records)?;
        records.sort_by_key(DecisionRecord::on);
        Ok(Replay {
            premium,
            credit_limits,
            claims,
            collections,
            objections,
            policy_period,
            relationship,
            inquiries,
            records,
        })
    }

    fn replay_claims(
        &self,
        rules: &PolicyRules,
        buyers: &BTreeSet<&BuyerId>,
        credit_limits: &[CreditLimit],
        records: &mut Vec<DecisionRecord>,
    ) -> Result<Vec<Claim>, CaseFileError> {
        let zero = Money::zero(self.policy.currency);
        let mut used = PolicyYearUsage {
            first_loss_used: Some(zero),
            paid: Some(zero),
        };
        let mut last_loss: Option<(usize, NaiveDate)> = None;
        let mut claims = Vec::new();
        let mut listed = BTreeSet::new();
        for (i, case) in self.claims.iter().enumerate() {
            if !buyers.contains(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("claims[{i}].buyer"),
                    message: format!("unknown buyer `{}` (not in `buyers`)", case.buyer),
                });
            }
            if !listed.insert(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("claims[{i}].buyer"),
                    message: format!(
                        "buyer `{}` is listed twice in `claims`: list its events in one entry",
                        case.buyer
                    ),
                });
            }
            let cover = credit_limits
                .iter()
                .find(|l| l.buyer() == &case.buyer)
                .map(|l| l.history().to_vec())
                .unwrap_or_default();
            let mut claim = Claim::new(
                self.policy.id.clone(),
                case.buyer.clone(),
                self.policy.currency,
                cover,
            );
            for (j, event) in case.events.iter().enumerate() {
                let path = || format!("claims[{i}].events[{j}]");
                let event = match event {
                    ClaimEvent::ClaimDecided { on, policy_year }
                        if *policy_year == PolicyYearUsage::default() =>
                    {
                        ClaimEvent::ClaimDecided {
                            on: *on,
                            policy_year: used,
                        }
                    }
                    other => other.clone(),
                };
                let step =
                    claim
                        .apply(&event, rules)
                        .map_err(|source| CaseFileError::Rejected {
                            path: path(),
                            source: Box::new(source.into()),
                        })?;
                if let (ClaimEvent::ClaimDecided { .. }, Some(payout)) =
                    (&event, step.next.payout())
                {
                    if let Some((earlier, on)) =
                        last_loss.filter(|(_, on)| payout.date_of_loss < *on)
                    {
                        return Err(CaseFileError::Inconsistent {
                            path: path(),
                            message: format!(
                                "the date of loss {} is before claims[{earlier}]'s {on}: list claims in date-of-loss order",
                                payout.date_of_loss
                            ),
                        });
                    }
                    last_loss = Some((i, payout.date_of_loss));
                    let add = |total: Option<Money>,
                               more: Money|
                     -> Result<Option<Money>, CaseFileError> {
                        total
                            .unwrap_or(zero)
                            .checked_add(more)
                            .map(Some)
                            .map_err(|e| CaseFileError::Inconsistent {
                                path: path(),
                                message: e.to_string(),
                            })
                    };
                    used = PolicyYearUsage {
                        first_loss_used: add(used.first_loss_used, payout.first_loss_consumed)?,
                        paid: add(used.paid, payout.amount)?,
                    };
                }
                records.push(step.record);
                claim = step.next;
            }
            claims.push(claim);
        }
        Ok(claims)
    }

    fn replay_collections(
        &self,
        rules: &PolicyRules,
        buyers: &BTreeSet<&BuyerId>,
        records: &mut Vec<DecisionRecord>,
    ) -> Result<Vec<Collection>, CaseFileError> {
        let mut collections = Vec::new();
        let mut listed = BTreeSet::new();
        for (i, case) in self.collections.iter().enumerate() {
            if !buyers.contains(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("collections[{i}].buyer"),
                    message: format!("unknown buyer `{}` (not in `buyers`)", case.buyer),
                });
            }
            if !listed.insert(&case.buyer) {
                return Err(CaseFileError::Inconsistent {
                    path: format!("collections[{i}].buyer"),
                    message: format!(
                        "buyer `{}` is listed twice in `collections`: list its events in one entry",
                        case.buyer
                    ),
                });
            }
            let mut collection = Collection::new(
                self.policy.id.clone(),
                case.buyer.clone(),
                self.policy.currency,
            );
            for (j, event) in case.events.iter().enumerate() {
                let step =
                    collection
                        .apply(event, rules)
                        .map_err(|source| CaseFileError::Rejected {
                            path: format!("collections[{i}].events[{j}]"),
                            source: Box::new(source.into()),
                        })?;
                records.push(step.record);
                collection = step.next;
            }
            collections.push(collection);
        }
        Ok(collections)
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
            move |source: crate::premium::PremiumError| CaseFileError::Rejected {
                path,
                source: Box::new(source.into()),
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

    /// The objection right of the decision a case objects to.
    fn objection_against(
        &self,
        case: &ObjectionCase,
        records: &[DecisionRecord],
        path: &str,
    ) -> Result<Objection, CaseFileError> {
        let subject = format!("{}/{}", self.policy.id, case.buyer);
        let decision = records
            .iter()
            .rev()
            .find(|r| {
                r.subject().kind == case.about
                    && r.subject().id == subject
                    && r.on() == case.decision_on
                    && r.objection().is_some()
            })
            .ok_or_else(|| CaseFileError::Inconsistent {
                path: format!("{path}.decision_on"),
                message: format!(
                    "no {} decision of {} on buyer `{}` carries an objection right",
                    serde_json::to_value(case.about)
                        .ok()
                        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                        .unwrap_or_default(),
                    case.decision_on,
                    case.buyer
                ),
            })?;
        Objection::against(decision).map_err(|e| CaseFileError::Rejected {
            path: path.to_owned(),
            source: Box::new(e.into()),
        })
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
            compliance: ComplianceReport::build(&replay.records, as_of),
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
        Ok(ComplianceReport::build(
            &self.replay(rulebook)?.records,
            as_of,
        ))
    }
}

/// Applies `events` to `aggregate` in order, collecting records; the first rejected event
/// is an error naming its path.
fn replay<A, Ev, Fx, E: Into<Error>>(
    aggregate: A,
    events: &[Ev],
    path: &str,
    records: &mut Vec<DecisionRecord>,
    apply: impl Fn(&A, &Ev) -> Result<Transition<A, Fx>, E>,
) -> Result<A, CaseFileError> {
    let mut aggregate = aggregate;
    for (j, event) in events.iter().enumerate() {
        let step = apply(&aggregate, event).map_err(|e| CaseFileError::Rejected {
            path: format!("{path}.events[{j}]"),
            source: Box::new(e.into()),
        })?;
        records.push(step.record);
        aggregate = step.next;
    }
    Ok(aggregate)
}
