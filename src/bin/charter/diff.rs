//! `charter diff --from PACK --to PACK CASES...`: every case file replayed under both packs
//! on the batch path (in parallel, results in input order, a failing file reported in its
//! place), and what the change does to the book (`credit_charter::diff`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use credit_charter::batch::{Batch, Progress};
use credit_charter::diff::{CaseDiff, Change, DateKind, Impact, Side};
use credit_charter::text::printable;
use credit_charter::{CaseFile, Rulebook};
use serde::Serialize;

use crate::diagnostics::{Failure, Usage};
use crate::json::{self, Format};
use crate::many::Replay;
use crate::{BAD_INPUT, FINE, FOUND};

/// The JSON shape's name and version.
pub(crate) const SCHEMA: &str = "credit-charter/diff/1";

/// `charter diff`'s arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The pack before the change: a folder, or `embedded`.
    #[arg(long)]
    from: String,
    /// The pack after the change: a folder, or `embedded`.
    #[arg(long)]
    to: String,
    /// Case files, or folders of `*.json` case files.
    #[arg(required = true, value_name = "CASE")]
    cases: Vec<PathBuf>,
    /// How many changed cases to show side by side.
    #[arg(long, default_value_t = 5)]
    sample: usize,
    #[command(flatten)]
    pub(crate) replay: Replay,
}

/// A pack named on the command line: `embedded`, or a folder.
#[derive(Serialize)]
struct Pack {
    name: String,
    hash: String,
}

/// One file's changes, or why it could not be compared.
#[derive(Serialize)]
struct FileDiff {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changes: Vec<Change>,
}

#[derive(Serialize)]
struct Output<'a> {
    from: Pack,
    to: Pack,
    #[serde(flatten)]
    impact: &'a Impact,
    errors: Vec<&'a FileDiff>,
    sample: Vec<&'a FileDiff>,
}

fn pack(name: &str) -> Result<Rulebook, Failure> {
    Ok(match name {
        "embedded" => Rulebook::embedded()?,
        dir => Rulebook::from_dir(dir)?,
    })
}

pub(crate) fn run(args: &Args) -> Result<u8, Failure> {
    let (from, to) = (pack(&args.from)?, pack(&args.to)?);
    let files = crate::many::case_files(&args.cases)?;
    if files.is_empty() {
        return Err(Usage("no case files to compare".into()).into());
    }
    let bar = crate::many::progress(files.len());
    let tick = |_: Progress| bar.inc(1);
    let diffs = Batch::new()
        .threads(args.replay.threads)
        .on_progress(tick)
        .map(&files, |path| compare(path, &from, &to, args))
        .map_err(|e| Usage(e.to_string()))?;
    bar.finish_and_clear();
    let mut impact = Impact::default();
    for diff in diffs.iter().filter(|d| d.error.is_none()) {
        impact.add(CaseDiff {
            changes: diff.changes.clone(),
        });
    }
    let errors: Vec<&FileDiff> = diffs.iter().filter(|d| d.error.is_some()).collect();
    let sample: Vec<&FileDiff> = diffs
        .iter()
        .filter(|d| !d.changes.is_empty())
        .take(args.sample)
        .collect();
    let code = if !errors.is_empty() {
        BAD_INPUT
    } else if impact.is_empty() {
        FINE
    } else {
        FOUND
    };
    let output = Output {
        from: Pack {
            name: args.from.clone(),
            hash: from.hash().to_string(),
        },
        to: Pack {
            name: args.to.clone(),
            hash: to.hash().to_string(),
        },
        impact: &impact,
        errors,
        sample,
    };
    match args.replay.format {
        Format::Json => json::print(SCHEMA, &output)?,
        Format::Text => print!("{}", printable(&text(&output))),
    }
    Ok(code)
}

fn compare(path: &Path, from: &Rulebook, to: &Rulebook, args: &Args) -> FileDiff {
    let file = path.display().to_string();
    let diff = CaseFile::read(path, args.replay.max_case_bytes)
        .and_then(|case| CaseDiff::of(&case, from, to, args.replay.as_of));
    match diff {
        Ok(diff) => FileDiff {
            file,
            error: None,
            changes: diff.changes,
        },
        Err(e) => FileDiff {
            file,
            error: Some(e.to_string()),
            changes: Vec::new(),
        },
    }
}

/// The impact for people: a section per kind of change, then the sample.
fn text(out: &Output<'_>) -> String {
    let impact = out.impact;
    let mut s = format!(
        "charter diff · {} case files\n  from {} (pack {})\n  to   {} (pack {})\n\n",
        impact.cases,
        out.from.name,
        short(&out.from.hash),
        out.to.name,
        short(&out.to.hash)
    );
    if impact.is_empty() && out.errors.is_empty() {
        s.push_str("RESULT: no change\n");
        return s;
    }
    s.push_str("Obligations whose status changes while their date stays, per clause\n");
    if impact.statuses.is_empty() && impact.only.is_empty() {
        s.push_str("  none\n");
    }
    for (clause, transitions) in &impact.statuses {
        for (transition, n) in transitions {
            let _ = writeln!(s, "  {clause:<5} {n:>7}  {transition}");
        }
    }
    for (clause, n) in &impact.only {
        let _ = writeln!(s, "  {clause:<5} {n:>7}  under one pack only");
    }
    for (kind, title) in [
        (DateKind::EffectiveDate, "Effective dates moved"),
        (DateKind::Deadline, "Deadlines moved"),
    ] {
        let _ = writeln!(s, "\n{title}");
        match impact.moved.get(&kind) {
            None => s.push_str("  none\n"),
            Some(moves) => {
                let _ = writeln!(s, "  {} later, {} earlier", moves.later, moves.earlier);
                for (days, n) in &moves.by_days {
                    let _ = writeln!(s, "  {days:>+5} days  {n:>7}");
                }
                if !moves.statuses.is_empty() {
                    s.push_str(
                        "  with them, statuses that follow (the act kept its date):
",
                    );
                }
                for (transition, n) in &moves.statuses {
                    let _ = writeln!(s, "  {n:>13}  {transition}");
                }
            }
        }
    }
    s.push_str("\nPayouts changed\n");
    if impact.payouts.changed == 0 {
        s.push_str("  none\n");
    } else {
        let _ = writeln!(s, "  {}", impact.payouts.changed);
        for totals in impact.payouts.totals.values() {
            let _ = writeln!(s, "  total {} → {}", totals.from, totals.to);
        }
    }
    let _ = writeln!(
        s,
        "\nDecisions whose outcome or reasons change\n  {}",
        if impact.decisions == 0 {
            "none".to_owned()
        } else {
            impact.decisions.to_string()
        }
    );
    if impact.fails > 0 {
        let _ = writeln!(s, "\nCase files one pack refuses\n  {}", impact.fails);
    }
    if !out.sample.is_empty() {
        s.push_str("\nSample of changed cases (from → to)\n");
    }
    for file in &out.sample {
        let _ = writeln!(s, "  {}", file.file);
        for change in &file.changes {
            let _ = writeln!(s, "    {}", side_by_side(change));
        }
    }
    for file in &out.errors {
        let _ = writeln!(
            s,
            "\nerror: {}: {}",
            file.file,
            file.error.as_deref().unwrap_or_default()
        );
    }
    let _ = writeln!(
        s,
        "\nRESULT: changes in {} of {} case files; {} file(s) with errors",
        impact.changed_cases,
        impact.cases,
        out.errors.len()
    );
    s
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// One change on one line, the first pack's value beside the second's.
fn side_by_side(change: &Change) -> String {
    let money = |m: &Option<credit_charter::Money>| m.map_or("none".to_owned(), |m| m.to_string());
    match change {
        Change::Status {
            obligation,
            from,
            to,
            ..
        } => format!("{obligation}: {} → {}", status(from), status(to)),
        Change::Moved {
            obligation,
            what,
            from,
            to,
            days,
            ..
        } => {
            let what = match what {
                DateKind::Deadline => "due",
                DateKind::EffectiveDate => "effective",
            };
            format!("{obligation}: {what} {from} → {to} ({days:+} days)")
        }
        Change::Only {
            obligation, under, ..
        } => format!("{obligation}: only under the {} pack", side(*under)),
        Change::Payout {
            subject,
            on,
            from,
            to,
        } => format!(
            "payout on {subject} ({on}): {} → {}",
            money(from),
            money(to)
        ),
        Change::Decision {
            subject,
            on,
            from,
            to,
        } => format!(
            "decision on {subject} ({on}): {} [{}] → {} [{}]",
            from.decision,
            from.reasons.join(", "),
            to.decision,
            to.reasons.join(", ")
        ),
        Change::Fails { under, message } => {
            format!("refused by the {} pack: {message}", side(*under))
        }
    }
}

fn side(side: Side) -> &'static str {
    match side {
        Side::From => "--from",
        Side::To => "--to",
    }
}

fn status(status: &credit_charter::explain::Status) -> String {
    use credit_charter::explain::Status as S;
    match status {
        S::Met { on } => format!("met on {on}"),
        S::MetLate { on, days_late } => format!("met late on {on} ({days_late} days)"),
        S::Pending { until } => format!("pending until {until}"),
        S::Breached { on, days } => format!("breached on {on} ({days} days)"),
        S::Waived { circumstance, .. } => format!("waived: {circumstance}"),
    }
}
