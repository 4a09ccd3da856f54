//! `charter report` on many case files (several paths, or folders of `*.json`): each file
//! replayed on a worker thread through the batch API, one line per file and a total, a
//! progress bar on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use credit_charter::batch::{Batch, Progress};
use credit_charter::case_file::{CaseReport, MAX_CASE_FILE_BYTES};
use credit_charter::explain::ClauseTally;
use credit_charter::text::printable;
use credit_charter::{CaseFile, Rulebook};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::diagnostics::{Failure, Usage};
use crate::json::{self, Format};
use crate::{BAD_INPUT, FINE, FOUND};

/// The JSON shape's name and version: `files`, one entry per case file, in input order.
pub(crate) const SCHEMA: &str = "credit-charter/reports/1";

#[derive(Serialize)]
struct Files<'a> {
    files: &'a [FileReport],
}

/// How case files are read and replayed, for `report` and `diff`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct Replay {
    /// The reports' date; defaults to each case file's `as_of`.
    #[arg(long)]
    pub(crate) as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// The most bytes a case file may hold.
    #[arg(long, default_value_t = MAX_CASE_FILE_BYTES)]
    pub(crate) max_case_bytes: u64,
    /// Worker threads for many case files (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub(crate) threads: usize,
}

/// A progress bar on a terminal, for `total` case files; hidden elsewhere.
pub(crate) fn progress(total: usize) -> ProgressBar {
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
    match ProgressStyle::with_template("{bar:40} {pos}/{len} case files · {elapsed} · eta {eta}")
    {
        Ok(style) if std::io::stderr().is_terminal() => bar.set_style(style),
        _ => bar.set_draw_target(indicatif::ProgressDrawTarget::hidden()),
    }
    bar
}

/// What one file came to.
#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    #[serde(flatten)]
    outcome: Outcome,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    /// The whole report (`--format json`).
    Report(Box<CaseReport>),
    /// Its tallies (text).
    Tally(Tally),
    /// Why the file could not be reported on.
    Error(String),
}

/// One file's counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Tally {
    decisions: usize,
    obligations: ClauseTally,
}

impl Tally {
    fn of(report: &CaseReport) -> Tally {
        let mut obligations = ClauseTally::default();
        for t in report.compliance.clauses().values() {
            obligations.met += t.met;
            obligations.met_late += t.met_late;
            obligations.pending += t.pending;
            obligations.breached += t.breached;
            obligations.waived += t.waived;
        }
        Tally {
            decisions: report.compliance.decisions().len(),
            obligations,
        }
    }

    fn add(&mut self, other: Tally) {
        self.decisions += other.decisions;
        let (a, b) = (&mut self.obligations, other.obligations);
        a.met += b.met;
        a.met_late += b.met_late;
        a.pending += b.pending;
        a.breached += b.breached;
        a.waived += b.waived;
    }

    fn breaches(&self) -> usize {
        self.obligations.breached + self.obligations.met_late
    }

    fn line(&self, name: &str, width: usize) -> String {
        let t = &self.obligations;
        format!(
            "{name:<width$} {:>9} {:>7} {:>5} {:>7} {:>8} {:>6}",
            self.decisions, t.met, t.met_late, t.pending, t.breached, t.waived
        )
    }
}

/// The case files `paths` name: files as given, folders as their `*.json` files in name
/// order (not recursive).
pub(crate) fn case_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|e| Usage(format!("{}: {e}", path.display())))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.is_dir())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Reports on every file in `files`, on `replay.threads` workers.
pub(crate) fn report(files: &[PathBuf], book: &Rulebook, replay: &Replay) -> Result<u8, Failure> {
    let Replay {
        as_of,
        format,
        max_case_bytes,
        threads,
    } = *replay;
    let bar = progress(files.len());
    let tick = |_: Progress| bar.inc(1);
    let reports = Batch::new()
        .threads(threads)
        .on_progress(tick)
        .map(files, |path| FileReport {
            file: path.display().to_string(),
            outcome: match one(path, as_of, book, max_case_bytes) {
                Ok(report) if matches!(format, Format::Json) => Outcome::Report(Box::new(report)),
                Ok(report) => Outcome::Tally(Tally::of(&report)),
                Err(message) => Outcome::Error(message),
            },
        })
        .map_err(|e| Usage(e.to_string()))?;
    bar.finish_and_clear();
    let failed = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Error(_)))
        .count();
    let breached = reports.iter().any(|r| match &r.outcome {
        Outcome::Report(report) => report.compliance.breaches().next().is_some(),
        Outcome::Tally(tally) => tally.breaches() > 0,
        Outcome::Error(_) => false,
    });
    match format {
        Format::Json => json::print(SCHEMA, Files { files: &reports })?,
        Format::Text => print!("{}", printable(&table(&reports, book, failed))),
    }
    Ok(if failed > 0 {
        BAD_INPUT
    } else if breached {
        FOUND
    } else {
        FINE
    })
}

/// One line per file, then the total.
fn table(reports: &[FileReport], book: &Rulebook, failed: usize) -> String {
    let width = reports
        .iter()
        .map(|r| r.file.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = format!(
        "{} case files · rule pack {}\n\n{:<width$} {:>9} {:>7} {:>5} {:>7} {:>8} {:>6}\n",
        reports.len(),
        book.hash().short(),
        "file",
        "decisions",
        "met",
        "late",
        "pending",
        "breached",
        "waived"
    );
    let mut total = Tally::default();
    let mut with_breaches = 0;
    for report in reports {
        match &report.outcome {
            Outcome::Tally(tally) => {
                total.add(*tally);
                with_breaches += usize::from(tally.breaches() > 0);
                out.push_str(&tally.line(&report.file, width));
            }
            Outcome::Report(_) => {}
            Outcome::Error(message) => out.push_str(&format!("{}  error: {message}", report.file)),
        }
        out.push('\n');
    }
    out.push_str(&total.line("TOTAL", width));
    out.push_str(&format!(
        "\n\nRESULT: {} breaches in {with_breaches} of {} files; {failed} file(s) with errors\n",
        total.breaches(),
        reports.len()
    ));
    out
}

/// One file's report, or why there is none.
fn one(
    path: &Path,
    as_of: Option<NaiveDate>,
    book: &Rulebook,
    max_case_bytes: u64,
) -> Result<CaseReport, String> {
    let case = CaseFile::read(path, max_case_bytes).map_err(|e| e.to_string())?;
    let as_of = as_of
        .or(case.as_of)
        .ok_or("the case file has no `as_of`: pass --as-of YYYY-MM-DD")?;
    case.case_report(book, as_of).map_err(|e| e.to_string())
}
