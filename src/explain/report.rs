use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DecisionRecord, Discharge, Duty, Obligation, ObligationId};
use crate::charter::Clause;
use crate::text::Shared;

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
        circumstance: Shared,
        /// The reason's sentence.
        reason: Shared,
    },
}

impl Status {
    /// `true` for a broken promise: breached, or met late.
    #[must_use]
    pub fn is_breach(&self) -> bool {
        matches!(self, Status::Breached { .. } | Status::MetLate { .. })
    }
}

/// One obligation of a report's decisions, with its status: a view into the report, which
/// holds each obligation once, in its decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ObligationStatus<'r> {
    /// The obligation.
    pub obligation: &'r Obligation,
    /// The date of the decision that opened it.
    pub opened_on: NaiveDate,
    /// Where it stands.
    pub status: &'r Status,
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
///
/// It serialises as `as_of`, `decisions`, `obligations` (each obligation with the date it
/// was opened and its status) and `clauses`. Read back, the obligations must be the
/// decisions' own, in order, and the tallies theirs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Written")]
pub struct ComplianceReport {
    as_of: NaiveDate,
    decisions: Vec<DecisionRecord>,
    /// One per obligation of `decisions`, in their order: the obligations themselves stay
    /// in their decisions (a book's report holds a million).
    statuses: Vec<Status>,
    clauses: BTreeMap<Clause, ClauseTally>,
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
        // Looked up once per obligation, never iterated: hashed rather than searched, and
        // sized once, as the list below is.
        let mut discharged: Hashed<&ObligationId, &Discharge> = Hashed::with_capacity_and_hasher(
            decisions.iter().map(|r| r.discharges().len()).sum(),
            BuildHasherDefault::default(),
        );
        for discharge in decisions.iter().flat_map(DecisionRecord::discharges) {
            discharged.entry(&discharge.obligation).or_insert(discharge);
        }
        // Counted first: a list grown by doubling holds up to twice the room it needs, and
        // three times while it moves.
        let mut statuses =
            Vec::with_capacity(decisions.iter().map(|r| r.obligations().len()).sum());
        statuses.extend(
            opened(&decisions).map(|(_, o)| status(o, discharged.get(&o.id).copied(), as_of)),
        );
        let clauses = tally(&decisions, &statuses);
        ComplianceReport {
            as_of,
            decisions,
            statuses,
            clauses,
        }
    }

    /// The report's date.
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The decisions up to the report's date, in date order.
    #[must_use]
    pub fn decisions(&self) -> &[DecisionRecord] {
        &self.decisions
    }

    /// Every obligation opened up to the report's date, with its status, in the order of
    /// the decisions that opened them.
    pub fn obligations(&self) -> impl ExactSizeIterator<Item = ObligationStatus<'_>> + Clone {
        Opened {
            opened: opened(&self.decisions),
            statuses: self.statuses.iter(),
        }
    }

    /// The obligations in breach (including those met late).
    pub fn breaches(&self) -> impl Iterator<Item = ObligationStatus<'_>> {
        self.obligations().filter(|o| o.status.is_breach())
    }

    /// Tallies per clause, for every clause with at least one obligation.
    #[must_use]
    pub fn clauses(&self) -> &BTreeMap<Clause, ClauseTally> {
        &self.clauses
    }
}

/// Each obligation of `decisions` with the date of the decision that opened it, in order.
fn opened(decisions: &[DecisionRecord]) -> impl Iterator<Item = (NaiveDate, &Obligation)> + Clone {
    decisions
        .iter()
        .flat_map(|r| r.obligations().iter().map(move |o| (r.on(), o)))
}

/// [`ComplianceReport::obligations`]: the decisions' obligations beside their statuses. Its
/// own type, because the statuses give the length the flattened decisions cannot.
#[derive(Clone)]
struct Opened<'r, I> {
    opened: I,
    statuses: std::slice::Iter<'r, Status>,
}

impl<'r, I: Iterator<Item = (NaiveDate, &'r Obligation)>> Iterator for Opened<'r, I> {
    type Item = ObligationStatus<'r>;

    fn next(&mut self) -> Option<ObligationStatus<'r>> {
        let (opened_on, obligation) = self.opened.next()?;
        let status = self.statuses.next()?;
        Some(ObligationStatus {
            obligation,
            opened_on,
            status,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.statuses.size_hint()
    }
}

impl<'r, I: Iterator<Item = (NaiveDate, &'r Obligation)>> ExactSizeIterator for Opened<'r, I> {}

/// How many obligations of each clause are in each status: `statuses` has one per
/// obligation of `decisions`, in their order.
fn tally(decisions: &[DecisionRecord], statuses: &[Status]) -> BTreeMap<Clause, ClauseTally> {
    let mut clauses: BTreeMap<Clause, ClauseTally> = BTreeMap::new();
    for ((_, obligation), status) in opened(decisions).zip(statuses) {
        let tally = clauses.entry(obligation.clause).or_default();
        match status {
            Status::Met { .. } => tally.met += 1,
            Status::MetLate { .. } => tally.met_late += 1,
            Status::Pending { .. } => tally.pending += 1,
            Status::Breached { .. } => tally.breached += 1,
            Status::Waived { .. } => tally.waived += 1,
        }
    }
    clauses
}

impl Serialize for ComplianceReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        /// The obligations, written out as a list.
        struct Obligations<'r>(&'r ComplianceReport);
        impl Serialize for Obligations<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.obligations())
            }
        }
        let mut report = serializer.serialize_struct("ComplianceReport", 4)?;
        report.serialize_field("as_of", &self.as_of)?;
        report.serialize_field("decisions", &self.decisions)?;
        report.serialize_field("obligations", &Obligations(self))?;
        report.serialize_field("clauses", &self.clauses)?;
        report.end()
    }
}

/// A report as it is written: every obligation spelt out beside its decision's.
#[derive(Deserialize)]
struct Written {
    as_of: NaiveDate,
    decisions: Vec<DecisionRecord>,
    obligations: Vec<WrittenStatus>,
    clauses: BTreeMap<Clause, ClauseTally>,
}

/// One written obligation with its status.
#[derive(Deserialize)]
struct WrittenStatus {
    obligation: Obligation,
    opened_on: NaiveDate,
    status: Status,
}

impl TryFrom<Written> for ComplianceReport {
    type Error = String;

    /// Takes the statuses as written, once the obligations beside them are the decisions'
    /// own and the tallies count them: a report that lists other obligations, or counts
    /// them otherwise, is not the report of its decisions.
    fn try_from(written: Written) -> Result<ComplianceReport, String> {
        let listed = written
            .obligations
            .iter()
            .map(|w| (w.opened_on, &w.obligation));
        if !opened(&written.decisions).eq(listed) {
            return Err(
                "the report's obligations are not its decisions' obligations, in order".into(),
            );
        }
        let statuses: Vec<Status> = written.obligations.into_iter().map(|w| w.status).collect();
        if tally(&written.decisions, &statuses) != written.clauses {
            return Err("the report's clause tallies do not count its obligations".into());
        }
        Ok(ComplianceReport {
            as_of: written.as_of,
            decisions: written.decisions,
            statuses,
            clauses: written.clauses,
        })
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
            reason: waiver.reason.text.clone(),
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
