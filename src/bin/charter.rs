//! `charter`: validate and test a rule pack, and report on a case file.
//!
//! Exit codes: 0 fine; 1 breaches found (`report`) or failing rule tests (`test`);
//! 2 bad input or an invalid rule pack.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use credit_charter::case_file::{CaseFileError, MAX_CASE_FILE_BYTES};
use credit_charter::text::printable;
use credit_charter::{CaseFile, Rulebook};

#[path = "charter/many.rs"]
mod many;

/// Executable customer-service-charter rules for trade credit insurance.
#[derive(Debug, Parser)]
#[command(name = "charter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load a rule pack and report every problem with file:line:column.
    Validate {
        /// A rule-pack folder; the embedded default pack when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Run the test cases that live next to the rules (`*.cases.toml`).
    Test {
        /// A rule-pack folder; the embedded default pack when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Replay a case file and report every decision, obligation and breach; given several
    /// files or a folder, one line per file, replayed in parallel.
    Report {
        /// The case file (JSON), or several, or folders of `*.json` case files.
        #[arg(required = true, value_name = "CASE")]
        cases: Vec<PathBuf>,
        /// The report's date; defaults to the case file's `as_of`.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// A rule-pack folder; the embedded default pack when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The most bytes the case file may hold.
        #[arg(long, default_value_t = MAX_CASE_FILE_BYTES)]
        max_case_bytes: u64,
        /// Worker threads for many case files (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

const FINE: u8 = 0;
const FOUND: u8 = 1;
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let code = match Cli::parse().command {
        Command::Validate { rules } => validate(rules),
        Command::Test { rules } => test(rules),
        Command::Report {
            cases,
            as_of,
            rules,
            format,
            max_case_bytes,
            threads,
        } => match cases.as_slice() {
            [case] if !case.is_dir() => report(case, as_of, rules, format, max_case_bytes),
            _ => many::case_files(&cases).and_then(|files| {
                many::report(
                    &files,
                    as_of,
                    &load(rules)?,
                    format,
                    max_case_bytes,
                    threads,
                )
            }),
        },
    };
    ExitCode::from(code.unwrap_or_else(|message| {
        // Messages quote user values; a terminal must not obey what they hold.
        eprintln!("error: {}", printable(&message));
        BAD_INPUT
    }))
}

fn load(rules: Option<PathBuf>) -> Result<Rulebook, String> {
    match rules {
        Some(dir) => Rulebook::from_dir(dir),
        None => Rulebook::embedded(),
    }
    .map_err(|e| e.to_string())
}

fn validate(rules: Option<PathBuf>) -> Result<u8, String> {
    let book = load(rules)?;
    println!(
        "rule pack is valid · {} parameters · pack {}",
        book.parameters().iter().count(),
        book.hash().short()
    );
    Ok(FINE)
}

fn test(rules: Option<PathBuf>) -> Result<u8, String> {
    let results = load(rules)?.run_cases();
    let failed = results.iter().filter(|r| r.failure.is_some()).count();
    for result in &results {
        let line = match &result.failure {
            None => format!("ok    {}  {}", result.location, result.name),
            Some(why) => format!("FAIL  {}  {}\n      {why}", result.location, result.name),
        };
        println!("{}", printable(&line));
    }
    println!("\n{} passed, {failed} failed", results.len() - failed);
    Ok(if failed == 0 { FINE } else { FOUND })
}

fn report(
    path: &Path,
    as_of: Option<NaiveDate>,
    rules: Option<PathBuf>,
    format: Format,
    max_case_bytes: u64,
) -> Result<u8, String> {
    let case = CaseFile::read(path, max_case_bytes).map_err(|e| match e {
        e @ (CaseFileError::Refused { .. } | CaseFileError::Unreadable { .. }) => e.to_string(),
        e => format!("{}: {e}", path.display()),
    })?;
    let as_of = as_of
        .or(case.as_of)
        .ok_or("the case file has no `as_of`: pass --as-of YYYY-MM-DD")?;
    let book = load(rules)?;
    let report = case
        .case_report(&book, as_of)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    match format {
        Format::Text => {
            let monitoring = if report.monitoring.total.received > 0 {
                report.monitoring.to_text()
            } else {
                String::new()
            };
            // The case file's own strings (title, names, invoice numbers) are user input.
            let text = format!(
                "{}{}{monitoring}",
                header(&case, &book, as_of),
                report.compliance.to_text()
            );
            print!("{}", printable(&text));
        }
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        ),
    }
    Ok(if report.compliance.breaches().next().is_some() {
        FOUND
    } else {
        FINE
    })
}

fn header(case: &CaseFile, book: &Rulebook, as_of: NaiveDate) -> String {
    let mut out = format!("{}\n", case.title);
    out.push_str(&"=".repeat(case.title.chars().count()));
    out.push('\n');
    if let Some(description) = &case.description {
        out.push_str(description);
        out.push('\n');
    }
    for buyer in &case.buyers {
        out.push_str(&format!("Buyer {} · {}\n", buyer.id, buyer.name));
    }
    out.push_str(&format!(
        "Policy {} · {} · {} · calendar {}\nReport as of {as_of} · rule pack {}\n\n",
        case.policy.id,
        case.policy.holder,
        case.policy.currency,
        case.policy.calendar,
        book.hash().short()
    ));
    out
}
