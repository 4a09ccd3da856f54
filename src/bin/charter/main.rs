//! `charter`: validate and test a rule pack, and report on a case file.
//!
//! Exit codes: 0 fine; 1 breaches found (`report`) or failing rule tests (`test`);
//! 2 bad input or an invalid rule pack. Every command takes `--format json` and then prints
//! one JSON document in a versioned envelope (`schema/README.md`). Each command's body is
//! its own module.

mod diagnostics;
mod diff;
mod json;
mod many;
mod report;
mod rule_tests;
mod schema;
mod validate;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use credit_charter::Rulebook;
use credit_charter::case_file::MAX_CASE_FILE_BYTES;

use crate::diagnostics::Failure;
use crate::json::Format;

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
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run the test cases that live next to the rules (`*.cases.toml`).
    Test {
        /// A rule-pack folder; the embedded default pack when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
    /// Check that a rule pack keeps every promise of the charter, for random inputs;
    /// print each broken one with a shrunk counterexample to replay.
    Verify(verify::Args),
    /// Replay case files under two rule packs and report what the change does: obligations
    /// whose status changes, deadlines and effective dates that move, payouts and
    /// decisions that change. Exit 0: no change; 1: changes; 2: bad input.
    Diff {
        /// The pack before the change: a folder, or `embedded`.
        #[arg(long)]
        from: String,
        /// The pack after the change: a folder, or `embedded`.
        #[arg(long)]
        to: String,
        /// Case files, or folders of `*.json` case files.
        #[arg(required = true, value_name = "CASE")]
        cases: Vec<PathBuf>,
        /// The reports' date; defaults to each case file's `as_of`.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// How many changed cases to show side by side.
        #[arg(long, default_value_t = 5)]
        sample: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The most bytes a case file may hold.
        #[arg(long, default_value_t = MAX_CASE_FILE_BYTES)]
        max_case_bytes: u64,
        /// Worker threads (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Print the JSON Schema of a published format (the case file).
    Schema {
        /// Which format.
        #[arg(value_enum)]
        format: schema::Published,
    },
}

const FINE: u8 = 0;
const FOUND: u8 = 1;
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let (format, schema, outcome) = match Cli::parse().command {
        Command::Validate { rules, format } => {
            (format, validate::SCHEMA, validate::run(rules, format))
        }
        Command::Test { rules, format } => {
            (format, rule_tests::SCHEMA, rule_tests::run(rules, format))
        }
        Command::Diff {
            from,
            to,
            cases,
            as_of,
            sample,
            format,
            max_case_bytes,
            threads,
        } => (
            format,
            diff::SCHEMA,
            diff::run(&diff::Args {
                from,
                to,
                cases,
                as_of,
                max_case_bytes,
                threads,
                sample,
                format,
            }),
        ),
        Command::Schema { format } => (Format::Text, "", schema::run(format)),
        Command::Report {
            cases,
            as_of,
            rules,
            format,
            max_case_bytes,
            threads,
        } => match cases.as_slice() {
            [case] if !case.is_dir() => (
                format,
                report::SCHEMA,
                report::run(case, as_of, rules, format, max_case_bytes),
            ),
            _ => (
                format,
                many::SCHEMA,
                many::case_files(&cases).and_then(|files| {
                    many::report(
                        &files,
                        as_of,
                        &load(rules)?,
                        format,
                        max_case_bytes,
                        threads,
                    )
                }),
            ),
        },
        Command::Verify(args) => (args.format, verify::SCHEMA, verify::run(args)),
    };
    ExitCode::from(outcome.unwrap_or_else(|failure| {
        json::fail(format, schema, &failure);
        BAD_INPUT
    }))
}

/// The pack in `rules`, or the embedded one.
fn load(rules: Option<PathBuf>) -> Result<Rulebook, Failure> {
    Ok(match rules {
        Some(dir) => Rulebook::from_dir(dir),
        None => Rulebook::embedded(),
    }?)
}
