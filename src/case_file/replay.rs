//! One generic replay over machines: every section of a case file is an aggregate and its
//! events, applied in order through [`Machine::apply`], every record kept.

use std::cell::RefCell;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CaseFile, CaseFileError, ObjectionCase};
use crate::claim::{Claim, ClaimEvent, PolicyYear};
use crate::collection::Collection;
use crate::communication::{Inquiry, Relationship};
use crate::credit_limit::{
    CreditLimit, CreditLimitEvent, CreditLimitStatus, ExceptionalCircumstance,
};
use crate::error::Error;
use crate::explain::DecisionRecord;
use crate::ids::BuyerId;
use crate::machine::{Event, Machine};
use crate::money::Currency;
use crate::objection::Objection;
use crate::premium::PremiumYear;
use crate::renewal::PolicyPeriod;
use crate::rulebook::{PolicyRules, Rulebook};

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

/// A claim's stoppage of cover, to apply to its buyer's credit limit.
struct CoverStop {
    buyer: BuyerId,
    /// The day cover stopped (the claim event's date).
    on: NaiveDate,
    /// The claim event that stopped it, for errors.
    path: String,
}

/// The policy years of a case file, each with its ledger, by first day.
struct PolicyYears {
    years: Vec<(NaiveDate, PolicyYear)>,
}

impl PolicyYears {
    /// One year per start date given; none given: one year for the whole file.
    fn new(starts: &[NaiveDate], currency: Currency) -> PolicyYears {
        let starts = if starts.is_empty() {
            &[NaiveDate::MIN][..]
        } else {
            starts
        };
        PolicyYears {
            years: starts
                .iter()
                .map(|&start| (start, PolicyYear::new(currency)))
                .collect(),
        }
    }

    fn index(&self, date_of_loss: NaiveDate) -> Result<usize, String> {
        let first = self.years.first().map(|(start, _)| *start);
        self.years
            .iter()
            .rposition(|(start, _)| *start <= date_of_loss)
            .ok_or_else(|| {
                format!(
                    "the date of loss {date_of_loss} is before the first policy year, which starts on {}",
                    first.map_or_else(String::new, |d| d.to_string())
                )
            })
    }

    /// The year a date of loss falls in.
    fn of(&self, date_of_loss: NaiveDate) -> Result<&PolicyYear, String> {
        let i = self.index(date_of_loss)?;
        self.years
            .get(i)
            .map(|(_, year)| year)
            .ok_or_else(|| "no policy year".to_owned())
    }

    fn of_mut(&mut self, date_of_loss: NaiveDate) -> Result<&mut PolicyYear, String> {
        let i = self.index(date_of_loss)?;
        self.years
            .get_mut(i)
            .map(|(_, year)| year)
            .ok_or_else(|| "no policy year".to_owned())
    }
}

/// Whether `event` is the withdrawal for a stoppage of cover, stated in the file itself.
fn states_stoppage(event: &CreditLimitEvent) -> bool {
    matches!(
        event,
        CreditLimitEvent::WithdrawalAnnounced {
            circumstance: Some(ExceptionalCircumstance::StoppageOfCover),
            ..
        }
    )
}

/// The rules bound to the file's policy and the records so far, for one replay.
struct Replayer<'a> {
    rules: &'a PolicyRules,
    records: Vec<DecisionRecord>,
}

impl Replayer<'_> {
    /// Applies `events` to `machine` in order, keeping every record; the first rejected
    /// event is an error naming its path.
    fn replay<M>(&mut self, machine: M, events: &[M::Event], path: &str) -> Result<M, CaseFileError>
    where
        M: Machine,
        M::Error: Into<Error>,
    {
        self.replay_watched(machine, events, path, |_, _| Ok(None), |_, _, _| Ok(()))
    }

    /// As [`Replayer::replay`], letting `prepare` complete each event from the state before
    /// it (`None`: as written), and showing `watch` each accepted event's number, the event
    /// and the state after it; what either refuses is an error at the event's path.
    fn replay_watched<M>(
        &mut self,
        machine: M,
        events: &[M::Event],
        path: &str,
        mut prepare: impl FnMut(&M, &M::Event) -> Result<Option<M::Event>, String>,
        mut watch: impl FnMut(usize, &M::Event, &M) -> Result<(), String>,
    ) -> Result<M, CaseFileError>
    where
        M: Machine,
        M::Error: Into<Error>,
    {
        let mut machine = machine;
        for (j, written) in events.iter().enumerate() {
            let path = || format!("{path}.events[{j}]");
            let inconsistent = |message| CaseFileError::Inconsistent {
                path: path(),
                message,
            };
            let completed = prepare(&machine, written).map_err(inconsistent)?;
            let event = completed.as_ref().unwrap_or(written);
            let step = machine
                .apply(event, self.rules)
                .map_err(|e| CaseFileError::Rejected {
                    path: path(),
                    source: Box::new(e.into()),
                })?;
            watch(j, event, &step.next).map_err(inconsistent)?;
            self.records.push(step.record);
            machine = step.next;
        }
        Ok(machine)
    }
}

impl CaseFile {
    /// Replays every event through its machine.
    ///
    /// # Errors
    ///
    /// [`CaseFileError::Inconsistent`] for unknown or duplicate buyers, or claims out of
    /// date-of-loss order; [`CaseFileError::Terms`] when the policy's terms do not fit the
    /// pack; [`CaseFileError::Rejected`] for the first event a machine rejects.
    pub fn replay(&self, rulebook: &Rulebook) -> Result<Replay, CaseFileError> {
        let rules = rulebook
            .for_policy(&self.policy.terms())
            .map_err(CaseFileError::terms)?;
        self.check_buyers()?;
        let mut replayer = Replayer {
            rules: &rules,
            records: Vec::new(),
        };
        let (policy, currency) = (&self.policy.id, self.policy.currency);
        // The claims are insured by the limits' history, and a claim's stoppage of cover
        // withdraws its buyer's limit: the limits are replayed once for their history, the
        // claims on it, then the limits again with each stoppage applied.
        let mut scratch = Replayer {
            rules: &rules,
            records: Vec::new(),
        };
        let histories = self.replay_limits(&mut scratch, &[])?;
        let mut claim_replayer = Replayer {
            rules: &rules,
            records: Vec::new(),
        };
        let (claims, stoppages) = self.replay_claims(&mut claim_replayer, &histories)?;
        let credit_limits = self.replay_limits(&mut replayer, &stoppages)?;
        replayer.records.append(&mut claim_replayer.records);
        let mut collections = Vec::new();
        for (i, case) in self.collections.iter().enumerate() {
            let collection = Collection::new(policy.clone(), case.buyer.clone(), currency);
            collections.push(replayer.replay(
                collection,
                &case.events,
                &format!("collections[{i}]"),
            )?);
        }
        let mut objections = Vec::new();
        for (i, case) in self.objections.iter().enumerate() {
            let path = format!("objections[{i}]");
            let objection = self.objection_against(case, &replayer.records, &path)?;
            objections.push(replayer.replay(objection, &case.events, &path)?);
        }
        let period = PolicyPeriod::new(policy.clone());
        let policy_period = replayer.replay(period, &self.policy_period, "policy_period")?;
        let relationship = Relationship::new(policy.clone());
        let relationship = replayer.replay(relationship, &self.relationship, "relationship")?;
        let mut inquiries = Vec::new();
        for (i, case) in self.inquiries.iter().enumerate() {
            let inquiry = Inquiry::new(policy.clone(), case.id.as_str());
            inquiries.push(replayer.replay(inquiry, &case.events, &format!("inquiries[{i}]"))?);
        }
        let premium =
            match &self.premium {
                Some(case) => {
                    let year = PremiumYear::new(policy.clone(), currency, case.year_starts)
                        .map_err(|e| CaseFileError::Rejected {
                            path: "premium.year_starts".into(),
                            source: Box::new(e.into()),
                        })?;
                    Some(replayer.replay(year, &case.events, "premium")?)
                }
                None => None,
            };
        let mut records = replayer.records;
        records.sort_by_key(DecisionRecord::on);
        Ok(Replay {
            credit_limits,
            objections,
            claims,
            collections,
            policy_period,
            relationship,
            inquiries,
            premium,
            records,
        })
    }

    /// Replays every credit limit, applying each claim's stoppage of cover (C4.1, C3.4) to
    /// its buyer's limit on the day cover stopped — unless the file tells that part of the
    /// limit's story itself: it states the withdrawal (a `withdrawal_announced` with the
    /// circumstance `stoppage_of_cover`) or has events after that day.
    fn replay_limits(
        &self,
        replayer: &mut Replayer<'_>,
        stoppages: &[CoverStop],
    ) -> Result<Vec<CreditLimit>, CaseFileError> {
        let (policy, currency) = (&self.policy.id, self.policy.currency);
        let mut credit_limits = Vec::new();
        for (i, case) in self.credit_limits.iter().enumerate() {
            let path = format!("credit_limits[{i}]");
            let limit = CreditLimit::new(policy.clone(), case.buyer.clone(), currency);
            // The file tells the limit's story itself when it states the withdrawal or
            // goes on past the stoppage; otherwise the stoppage ends it.
            let stop = stoppages
                .iter()
                .find(|s| s.buyer == case.buyer)
                .filter(|stop| {
                    !case
                        .events
                        .iter()
                        .any(|e| states_stoppage(e) || e.on() > stop.on)
                });
            let Some(stop) = stop else {
                credit_limits.push(replayer.replay(limit, &case.events, &path)?);
                continue;
            };
            let mut limit = replayer.replay(limit, &case.events, &path)?;
            if limit.status() == CreditLimitStatus::InForce {
                // The replay acts as the host executing the claim's `StopCover`: it
                // announces the withdrawal at once and states the rating it has (C3.3).
                let withdrawal = [
                    CreditLimitEvent::WithdrawalAnnounced {
                        on: stop.on,
                        reasons: Vec::new(),
                        circumstance: Some(ExceptionalCircumstance::StoppageOfCover),
                        customer_consulted_on: None,
                        limit_in_use: true,
                        rating: None,
                        rating_stated: true,
                    },
                    CreditLimitEvent::ChangeApplied { on: stop.on },
                ];
                limit = replayer.replay(limit, &withdrawal, &stop.path)?;
            }
            credit_limits.push(limit);
        }
        Ok(credit_limits)
    }

    /// Replays every claim on its buyer's limit history, in file order; a decision that
    /// states no usage gets its policy year's (the year its date of loss falls in, each
    /// with its own aggregate first loss and maximum liability ledger). Returns the claims
    /// and where each stopped cover.
    fn replay_claims(
        &self,
        replayer: &mut Replayer<'_>,
        limits: &[CreditLimit],
    ) -> Result<(Vec<Claim>, Vec<CoverStop>), CaseFileError> {
        let (policy, currency) = (&self.policy.id, self.policy.currency);
        let rules = replayer.rules;
        let mut claims = Vec::new();
        let mut stoppages = Vec::new();
        let years = RefCell::new(PolicyYears::new(&self.policy_years, currency));
        for (i, case) in self.claims.iter().enumerate() {
            let cover = limits
                .iter()
                .find(|l| l.buyer() == &case.buyer)
                .map(|l| l.history().to_vec())
                .unwrap_or_default();
            let claim = Claim::new(policy.clone(), case.buyer.clone(), currency, cover);
            let path = format!("claims[{i}]");
            let mut stopped = false;
            let prepare = |claim: &Claim, event: &ClaimEvent| {
                let ClaimEvent::ClaimDecided { on, .. } = event else {
                    return Ok(None);
                };
                // The date of loss decides the year; without one the machine refuses.
                let Some(loss) = claim.date_of_loss(rules, *on).map_err(|e| e.to_string())? else {
                    return Ok(None);
                };
                let years = years.borrow();
                Ok(Some(years.of(loss.on)?.complete(event)))
            };
            let watch = |j: usize, event: &ClaimEvent, claim: &Claim| {
                if !stopped && claim.stoppage_of_cover().is_some() {
                    stopped = true;
                    stoppages.push(CoverStop {
                        buyer: case.buyer.clone(),
                        on: event.on(),
                        path: format!("{path}.events[{j}]"),
                    });
                }
                match (event, claim.payout()) {
                    (ClaimEvent::ClaimDecided { .. }, Some(payout)) => years
                        .borrow_mut()
                        .of_mut(payout.date_of_loss)?
                        .count(claim)
                        .map_err(|e| e.to_string()),
                    _ => Ok(()),
                }
            };
            claims.push(replayer.replay_watched(claim, &case.events, &path, prepare, watch)?);
        }
        Ok((claims, stoppages))
    }

    /// The one buyer check: every buyer listed once; every credit limit, claim, collection
    /// and objection on a listed buyer; one credit limit, claim and collection per buyer
    /// and one entry per question id, since obligation ids are per subject and a second
    /// entry would discharge the first one's obligations.
    fn check_buyers(&self) -> Result<(), CaseFileError> {
        let twice =
            |path: String, message: String| Err(CaseFileError::Inconsistent { path, message });
        let mut known = BTreeSet::new();
        for (i, buyer) in self.buyers.iter().enumerate() {
            if !known.insert(&buyer.id) {
                return twice(
                    format!("buyers[{i}].id"),
                    format!("buyer `{}` is listed twice", buyer.id),
                );
            }
        }
        let sections: [(&str, Vec<&BuyerId>, bool); 4] = [
            (
                "credit_limits",
                self.credit_limits.iter().map(|c| &c.buyer).collect(),
                true,
            ),
            (
                "claims",
                self.claims.iter().map(|c| &c.buyer).collect(),
                true,
            ),
            (
                "collections",
                self.collections.iter().map(|c| &c.buyer).collect(),
                true,
            ),
            (
                "objections",
                self.objections.iter().map(|c| &c.buyer).collect(),
                false,
            ),
        ];
        for (section, buyers, one_each) in sections {
            let mut listed = BTreeSet::new();
            for (i, buyer) in buyers.into_iter().enumerate() {
                let path = format!("{section}[{i}].buyer");
                if !known.contains(buyer) {
                    return twice(path, format!("unknown buyer `{buyer}` (not in `buyers`)"));
                }
                if one_each && !listed.insert(buyer) {
                    return twice(
                        path,
                        format!(
                            "buyer `{buyer}` is listed twice in `{section}`: list its events in one entry"
                        ),
                    );
                }
            }
        }
        let mut ids = BTreeSet::new();
        for (i, case) in self.inquiries.iter().enumerate() {
            if !ids.insert(case.id.as_str()) {
                return twice(
                    format!("inquiries[{i}].id"),
                    format!("question `{}` is listed twice", case.id),
                );
            }
        }
        Ok(())
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
                    case.about.code().replace('_', " "),
                    case.decision_on,
                    case.buyer
                ),
            })?;
        Objection::against(decision).map_err(|e| CaseFileError::Rejected {
            path: path.to_owned(),
            source: Box::new(e.into()),
        })
    }
}
