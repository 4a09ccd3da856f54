//! What a rule change does to a book: every case file replayed under two packs, and what
//! differs — obligations whose status changes (per clause), deadlines and effective dates
//! that move (with the distribution in days), payouts that change (with the totals), and
//! decisions whose outcome or reasons change (`charter diff`).
//!
//! ```
//! use credit_charter::diff::{CaseDiff, Impact};
//! use credit_charter::portfolio::Portfolio;
//! use credit_charter::Rulebook;
//!
//! let rules = Rulebook::embedded()?;
//! let book = Portfolio::new(7, &rules).book(3)?;
//! let mut impact = Impact::default();
//! for file in &book {
//!     impact.add(CaseDiff::of(file, &rules, &rules, None)?);
//! }
//! assert!(impact.is_empty()); // the same pack twice changes nothing
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Obligations are matched by id (ids are stable across packs: a subject's kind and id and
//! the decision's number), decisions by subject and their place among that subject's
//! records. A "by" duty's due date is a *deadline*; a "not before" duty's date is an
//! *effective date* (a reduction may take effect only then, C3.4).
//!
//! Layer: beside [`crate::case_file`], at the top of the library.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::Clause;
use crate::case_file::{CaseFile, CaseFileError, CaseReport};
use crate::explain::{
    ComplianceReport, DecisionRecord, Duty, ObligationId, ObligationStatus, Status, SubjectKind,
};
use crate::money::{Currency, Money};
use crate::rulebook::Rulebook;

/// One thing that differs between the two replays of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    /// An obligation's status differs (`met` → `breached`).
    Status {
        /// The obligation.
        obligation: ObligationId,
        /// Its clause.
        clause: Clause,
        /// The kind of date that moved with it ([`Change::Moved`]), when one did: then the
        /// status follows from the move — the act stayed where the case file put it, and
        /// now falls before or after the new date.
        moved: Option<DateKind>,
        /// Under the first pack.
        from: Status,
        /// Under the second.
        to: Status,
    },
    /// A deadline (a "by" duty's due date) or an effective date (a "not before" duty's
    /// date) moved.
    Moved {
        /// The obligation.
        obligation: ObligationId,
        /// Its clause.
        clause: Clause,
        /// `deadline` or `effective_date`.
        what: DateKind,
        /// Under the first pack.
        from: NaiveDate,
        /// Under the second.
        to: NaiveDate,
        /// `to - from`, in days: positive is later.
        days: i64,
    },
    /// An obligation exists under one pack only.
    Only {
        /// The obligation.
        obligation: ObligationId,
        /// Its clause.
        clause: Clause,
        /// `from` or `to`: the pack under which it exists.
        under: Side,
    },
    /// A claim's payout differs.
    Payout {
        /// The claim, e.g. `POL-1/B-7`.
        subject: String,
        /// The decision's date.
        on: NaiveDate,
        /// Under the first pack (none: no payout).
        from: Option<Money>,
        /// Under the second.
        to: Option<Money>,
    },
    /// A decision's outcome or reasons differ.
    Decision {
        /// What it is about.
        subject: String,
        /// The decision's date under the first pack.
        on: NaiveDate,
        /// Outcome and reason codes under the first pack.
        from: Outcome,
        /// Under the second.
        to: Outcome,
    },
    /// The case replays under one pack only: the other refuses it.
    Fails {
        /// The pack that refuses it.
        under: Side,
        /// Why.
        message: String,
    },
}

/// Which of two dates a [`Change::Moved`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// The last day on time of a "by" duty.
    Deadline,
    /// The first allowed day of a "not before" duty: when a change takes effect.
    EffectiveDate,
}

/// One of the two packs compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The first pack (`--from`).
    From,
    /// The second pack (`--to`).
    To,
}

/// A decision's outcome and reasons, as compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The decision, e.g. `reduction announced`.
    pub decision: String,
    /// Its reason codes, in order.
    pub reasons: Vec<String>,
}

impl Outcome {
    fn of(record: &DecisionRecord) -> Outcome {
        Outcome {
            decision: record.decision().to_string(),
            reasons: record
                .reasons()
                .iter()
                .map(|r| r.code.to_string())
                .collect(),
        }
    }
}

/// What differs for one case file; no changes when the packs agree on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDiff {
    /// Every change, obligations first (by id), then decisions in order.
    pub changes: Vec<Change>,
}

impl CaseDiff {
    /// Replays `case` under `from` and `to`, each report as of `as_of` (or the file's own
    /// `as_of`; without either, the last event's day is not known, so the file is refused).
    ///
    /// # Errors
    ///
    /// The first pack's [`CaseFileError`] when neither pack can replay the file. A file
    /// only one pack refuses is a [`Change::Fails`].
    pub fn of(
        case: &CaseFile,
        from: &Rulebook,
        to: &Rulebook,
        as_of: Option<NaiveDate>,
    ) -> Result<CaseDiff, CaseFileError> {
        let as_of = as_of
            .or(case.as_of)
            .ok_or_else(|| CaseFileError::Inconsistent {
                path: "as_of".into(),
                message: "the case file has no `as_of`: give the report's date".into(),
            })?;
        let changes = match (case.case_report(from, as_of), case.case_report(to, as_of)) {
            (Ok(a), Ok(b)) => compare(&a, &b),
            (Err(e), Err(_)) => return Err(e),
            (Err(e), Ok(_)) => vec![fails(Side::From, &e)],
            (Ok(_), Err(e)) => vec![fails(Side::To, &e)],
        };
        Ok(CaseDiff { changes })
    }
}

fn fails(under: Side, error: &CaseFileError) -> Change {
    Change::Fails {
        under,
        message: error.to_string(),
    }
}

fn compare(from: &CaseReport, to: &CaseReport) -> Vec<Change> {
    let mut changes = obligations(&from.compliance, &to.compliance);
    changes.extend(decisions(
        from.compliance.decisions(),
        to.compliance.decisions(),
    ));
    changes
}

fn by_id(report: &ComplianceReport) -> BTreeMap<&ObligationId, ObligationStatus<'_>> {
    report
        .obligations()
        .map(|o| (&o.obligation.id, o))
        .collect()
}

/// The date a duty is about, and which kind of date it is.
fn date_of(duty: Duty) -> (DateKind, NaiveDate) {
    match duty {
        Duty::By { due } => (DateKind::Deadline, due),
        Duty::NotBefore { date } => (DateKind::EffectiveDate, date),
    }
}

fn obligations(from: &ComplianceReport, to: &ComplianceReport) -> Vec<Change> {
    let (a, b) = (by_id(from), by_id(to));
    let mut changes = Vec::new();
    for (id, x) in &a {
        let clause = x.obligation.clause;
        let Some(y) = b.get(id) else {
            changes.push(Change::Only {
                obligation: (*id).clone(),
                clause,
                under: Side::From,
            });
            continue;
        };
        let ((what, was), (_, is)) = (date_of(x.obligation.duty), date_of(y.obligation.duty));
        let moved = (was != is).then_some(what);
        if moved.is_some() {
            changes.push(Change::Moved {
                obligation: (*id).clone(),
                clause,
                what,
                from: was,
                to: is,
                days: (is - was).num_days(),
            });
        }
        if x.status != y.status {
            changes.push(Change::Status {
                obligation: (*id).clone(),
                clause,
                moved,
                from: x.status.clone(),
                to: y.status.clone(),
            });
        }
    }
    for (id, y) in b.iter().filter(|(id, _)| !a.contains_key(*id)) {
        changes.push(Change::Only {
            obligation: (*id).clone(),
            clause: y.obligation.clause,
            under: Side::To,
        });
    }
    changes
}

/// Each subject's records, in order.
fn per_subject(records: &[DecisionRecord]) -> BTreeMap<&str, Vec<&DecisionRecord>> {
    let mut by: BTreeMap<&str, Vec<&DecisionRecord>> = BTreeMap::new();
    for record in records {
        by.entry(record.subject().id.as_str())
            .or_default()
            .push(record);
    }
    by
}

fn decisions(from: &[DecisionRecord], to: &[DecisionRecord]) -> Vec<Change> {
    let (a, b) = (per_subject(from), per_subject(to));
    let mut changes = Vec::new();
    for (subject, records) in &a {
        let theirs = b.get(subject).map(Vec::as_slice).unwrap_or_default();
        for (x, y) in records.iter().zip(theirs) {
            let is_claim = x.subject().kind == SubjectKind::Claim;
            if is_claim && x.amount() != y.amount() {
                changes.push(Change::Payout {
                    subject: (*subject).to_owned(),
                    on: x.on(),
                    from: x.amount(),
                    to: y.amount(),
                });
            }
            let (was, is) = (Outcome::of(x), Outcome::of(y));
            if was != is {
                changes.push(Change::Decision {
                    subject: (*subject).to_owned(),
                    on: x.on(),
                    from: was,
                    to: is,
                });
            }
        }
    }
    changes
}

/// What changes over a whole book: the sums of its [`CaseDiff`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// Case files compared.
    pub cases: usize,
    /// Of those, files with at least one change.
    pub changed_cases: usize,
    /// Per clause: obligations whose status changes while their date stays, by
    /// `from → to` status.
    pub statuses: BTreeMap<Clause, BTreeMap<String, usize>>,
    /// Obligations that exist under one pack only, per clause.
    pub only: BTreeMap<Clause, usize>,
    /// Deadlines and effective dates that moved: how many by how many days.
    pub moved: BTreeMap<DateKind, Moves>,
    /// Payouts that changed.
    pub payouts: Payouts,
    /// Decisions whose outcome or reasons change.
    pub decisions: usize,
    /// Files one pack refuses and the other replays.
    pub fails: usize,
}

/// Dates that moved, and the statuses that changed with them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Moves {
    /// Of the obligations whose date moved, those whose status changed with it, by
    /// `from → to` status.
    pub statuses: BTreeMap<String, usize>,
    /// Moved earlier.
    pub earlier: usize,
    /// Moved later.
    pub later: usize,
    /// How many moved by each number of days (negative: earlier).
    pub by_days: BTreeMap<i64, usize>,
}

/// Payouts that changed, with the totals per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Payouts {
    /// How many.
    pub changed: usize,
    /// Per currency: the changed payouts' total under each pack.
    pub totals: BTreeMap<Currency, PayoutTotals>,
}

/// The changed payouts' totals in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayoutTotals {
    /// Under the first pack.
    pub from: Money,
    /// Under the second.
    pub to: Money,
}

impl Impact {
    /// Whether nothing changes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changed_cases == 0
    }

    /// Adds one file's changes.
    pub fn add(&mut self, diff: CaseDiff) {
        self.cases += 1;
        self.changed_cases += usize::from(!diff.changes.is_empty());
        for change in diff.changes {
            self.count(change);
        }
    }

    fn count(&mut self, change: Change) {
        match change {
            Change::Status {
                clause,
                from,
                to,
                moved,
                obligation: _,
            } => {
                let transition = match (status_name(&from), status_name(&to)) {
                    (a, b) if a == b => format!("{a}, other dates"),
                    (a, b) => format!("{a} → {b}"),
                };
                let by = match moved {
                    Some(kind) => &mut self.moved.entry(kind).or_default().statuses,
                    None => self.statuses.entry(clause).or_default(),
                };
                *by.entry(transition).or_default() += 1;
            }
            Change::Moved { what, days, .. } => {
                let moves = self.moved.entry(what).or_default();
                if days < 0 {
                    moves.earlier += 1;
                } else {
                    moves.later += 1;
                }
                *moves.by_days.entry(days).or_default() += 1;
            }
            Change::Only { clause, .. } => *self.only.entry(clause).or_default() += 1,
            Change::Payout { from, to, .. } => {
                self.payouts.changed += 1;
                if let Some(currency) = from.or(to).map(Money::currency) {
                    let zero = Money::zero(currency);
                    let totals = self.payouts.totals.entry(currency).or_insert(PayoutTotals {
                        from: zero,
                        to: zero,
                    });
                    // Amounts of one currency add up exactly; an overflow would need
                    // totals beyond 10^28, and leaves the total as it was.
                    totals.from = totals
                        .from
                        .checked_add(from.unwrap_or(zero))
                        .unwrap_or(totals.from);
                    totals.to = totals
                        .to
                        .checked_add(to.unwrap_or(zero))
                        .unwrap_or(totals.to);
                }
            }
            Change::Decision { .. } => self.decisions += 1,
            Change::Fails { .. } => self.fails += 1,
        }
    }
}

/// A status's name: `met`, `met_late`, `pending`, `breached`, `waived`.
fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Met { .. } => "met",
        Status::MetLate { .. } => "met_late",
        Status::Pending { .. } => "pending",
        Status::Breached { .. } => "breached",
        Status::Waived { .. } => "waived",
    }
}
