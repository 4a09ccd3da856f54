use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DecisionRecord, Discharge, Duty, Obligation, ObligationId};
use crate::charter::Clause;

/// Where an obligation stands on the report's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Status {
    /// Done on time (or, for a "not before" duty, not done early).
    Met {
        /// When.
        on: NaiveDate,
    },
    /// Done, but after its due date.
    MetLate {
        /// When.
        on: NaiveDate,
        /// Days after the due date.
        days_late: i64,
    },
    /// Not yet due.
    Pending {
        /// The due date, or the first allowed date of a "not before" duty.
        until: NaiveDate,
    },
    /// Not done by its due date, or done before it was allowed.
    Breached {
        /// The first day in breach, or the day of the premature act.
        on: NaiveDate,
        /// Days overdue (as of the report) or days too early.
        days: i64,
    },
    /// Lifted by an exceptional circumstance.
    Waived {
        /// The circumstance.
        circumstance: String,
        /// The reason's sentence.
        reason: String,
    },
}

impl Status {
    /// `true` for a broken promise: breached, or met late.
    #[must_use]
    pub fn is_breach(&self) -> bool {
        matches!(self, Status::Breached { .. } | Status::MetLate { .. })
    }
}

/// One obligation with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationStatus {
    /// The obligation.
    pub obligation: Obligation,
    /// The date of the decision that opened it.
    pub opened_on: NaiveDate,
    /// Where it stands.
    pub status: Status,
}

/// How many obligations of one clause are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseTally {
    /// Met on time.
    pub met: usize,
    /// Met late.
    pub met_late: usize,
    /// Not yet due.
    pub pending: usize,
    /// Breached.
    pub breached: usize,
    /// Waived.
    pub waived: usize,
}

/// Every decision and obligation of a case, and their standing on a date.
///
/// A pure function of the records and `as_of`: records dated after `as_of` are left out,
/// as if they had not happened yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceReport {
    /// The report's date.
    pub as_of: NaiveDate,
    /// The decisions up to `as_of`, in date order.
    pub decisions: Vec<DecisionRecord>,
    /// Every obligation opened up to `as_of`, with its status.
    pub obligations: Vec<ObligationStatus>,
    /// Tallies per clause, for every clause with at least one obligation.
    pub clauses: BTreeMap<Clause, ClauseTally>,
}

impl ComplianceReport {
    /// Builds the report as of `as_of` from a copy of the records it needs.
    #[must_use]
    pub fn build(records: &[DecisionRecord], as_of: NaiveDate) -> ComplianceReport {
        let due: Vec<DecisionRecord> = records
            .iter()
            .filter(|r| r.on() <= as_of)
            .cloned()
            .collect();
        ComplianceReport::from_records(due, as_of)
    }

    /// Builds the report as of `as_of`, keeping `records` rather than copying them (what a
    /// replay's owner does: `charter report`).
    #[must_use]
    pub fn from_records(mut records: Vec<DecisionRecord>, as_of: NaiveDate) -> ComplianceReport {
        records.retain(|r| r.on() <= as_of);
        // Sorted as (date, position) pairs, then the records permuted in place: the stable
        // order by date without moving whole records through a sort or a second vector.
        let mut order: Vec<(NaiveDate, usize)> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.on(), i))
            .collect();
        order.sort_unstable();
        permute(&mut records, order.into_iter().map(|(_, i)| i).collect());
        let decisions = records;
        // Looked up once per obligation, never iterated: hashed rather than searched.
        let mut discharged: Hashed<&ObligationId, &Discharge> = Hashed::default();
        for discharge in decisions.iter().flat_map(DecisionRecord::discharges) {
            discharged.entry(&discharge.obligation).or_insert(discharge);
        }
        let obligations: Vec<ObligationStatus> = decisions
            .iter()
            .flat_map(|r| r.obligations().iter().map(move |o| (r.on(), o)))
            .map(|(opened_on, o)| ObligationStatus {
                status: status(o, discharged.get(&o.id).copied(), as_of),
                obligation: o.clone(),
                opened_on,
            })
            .collect();
        let mut clauses: BTreeMap<Clause, ClauseTally> = BTreeMap::new();
        for entry in &obligations {
            let tally = clauses.entry(entry.obligation.clause).or_default();
            match entry.status {
                Status::Met { .. } => tally.met += 1,
                Status::MetLate { .. } => tally.met_late += 1,
                Status::Pending { .. } => tally.pending += 1,
                Status::Breached { .. } => tally.breached += 1,
                Status::Waived { .. } => tally.waived += 1,
            }
        }
        ComplianceReport {
            as_of,
            decisions,
            obligations,
            clauses,
        }
    }

    /// The obligations in breach (including those met late).
    pub fn breaches(&self) -> impl Iterator<Item = &ObligationStatus> {
        self.obligations.iter().filter(|o| o.status.is_breach())
    }
}

/// Moves `items[order[k]]` to position `k` for every `k`, in place, by following each cycle
/// of the permutation `order` once (a position done points at itself).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        while let Some(&from) = order.get(at)
            && from != start
        {
            items.swap(at, from);
            if let Some(done) = order.get_mut(at) {
                *done = at;
            }
            at = from;
        }
        if let Some(done) = order.get_mut(at) {
            *done = at;
        }
    }
}

/// A map hashed with fixed keys (the same on every run).
type Hashed<K, V> = HashMap<K, V, BuildHasherDefault<ahash::AHasher>>;

fn status(obligation: &Obligation, discharge: Option<&Discharge>, as_of: NaiveDate) -> Status {
    if let Some(waiver) = &obligation.waiver {
        return Status::Waived {
            circumstance: waiver.circumstance.clone(),
            reason: waiver.reason.text.to_string(),
        };
    }
    if let Some(missed) = discharge.filter(|d| d.missed) {
        return Status::Breached {
            on: missed.on,
            days: 0,
        };
    }
    match (obligation.duty, discharge.map(|d| d.on)) {
        (Duty::By { due }, Some(on)) if on <= due => Status::Met { on },
        (Duty::By { due }, Some(on)) => Status::MetLate {
            on,
            days_late: (on - due).num_days(),
        },
        (Duty::By { due }, None) if as_of <= due => Status::Pending { until: due },
        (Duty::By { due }, None) => Status::Breached {
            on: due.succ_opt().unwrap_or(due),
            days: (as_of - due).num_days(),
        },
        (Duty::NotBefore { date }, Some(on)) if on < date => Status::Breached {
            on,
            days: (date - on).num_days(),
        },
        (Duty::NotBefore { .. }, Some(on)) => Status::Met { on },
        (Duty::NotBefore { date }, None) if as_of < date => Status::Pending { until: date },
        (Duty::NotBefore { date }, None) => Status::Met { on: date },
    }
}
