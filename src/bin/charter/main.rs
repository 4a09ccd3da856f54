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

use clap::{Parser, Subcommand};
use credit_charter::Rulebook;

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
        /// A rule-pack folder; the embedded default pack when absent.
        #[arg(long)]
        rules: Option<PathBuf>,
        #[command(flatten)]
        replay: many::Replay,
    },
    /// Check that a rule pack keeps every promise of the charter, for random inputs;
    /// print each broken one with a shrunk counterexample to replay.
    Verify(verify::Args),
    /// Replay case files under two rule packs and report what the change does: obligations
    /// whose status changes, deadlines and effective dates that move, payouts and
    /// decisions that change. Exit 0: no change; 1: changes; 2: bad input.
    Diff(diff::Args),
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
        Command::Diff(args) => (args.replay.format, diff::SCHEMA, diff::run(&args)),
        Command::Schema { format } => (Format::Text, "", schema::run(format)),
        Command::Report {
            cases,
            rules,
            replay,
        } => match cases.as_slice() {
            [case] if !case.is_dir() => (
                replay.format,
                report::SCHEMA,
                report::run(case, rules, &replay),
            ),
            _ => (
                replay.format,
                many::SCHEMA,
                many::case_files(&cases)
                    .and_then(|files| many::report(&files, &load(rules)?, &replay)),
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
