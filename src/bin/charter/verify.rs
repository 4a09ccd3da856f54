//! `charter verify`: the catalogue of charter invariants run against a pack, each broken
//! promise printed with its clause, the rule that broke it and a shrunk counterexample.

use std::io::IsTerminal;
use std::path::PathBuf;

use credit_charter::batch::Batch;
use credit_charter::testing::Counterexample;
use credit_charter::testing::invariants::{self, CATALOGUE, Invariant};
use credit_charter::testing::verify::{self, Options, Verdict};
use credit_charter::text::printable;
use indicatif::{ProgressBar, ProgressStyle};

use crate::diagnostics::{Failure, Usage};
use crate::json::{self, Format};
use crate::{FINE, FOUND, load};

/// The JSON shapes' names and versions: the verdicts, and the catalogue (`--list`).
pub(crate) const SCHEMA: &str = "credit-charter/verify/1";

/// `charter verify`'s arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A rule-pack folder; the embedded default pack when absent.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Random inputs tried per invariant.
    #[arg(long, default_value_t = 256)]
    cases: u32,
    /// The seed: the same seed gives the same result.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Check only this invariant (see `--list`).
    #[arg(long)]
    only: Option<String>,
    /// List the invariants instead of checking them.
    #[arg(long)]
    list: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Worker threads, one invariant each (0: one per core); the result is the same.
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

pub(crate) fn run(args: Args) -> Result<u8, Failure> {
    if args.list {
        return list(args.format);
    }
    let chosen: Vec<&'static Invariant> = match &args.only {
        Some(name) => vec![invariants::invariant(name).ok_or_else(|| {
            Usage(format!(
                "no invariant is called `{name}`: `charter verify --list` names them"
            ))
        })?],
        None => CATALOGUE.iter().collect(),
    };
    let book = load(args.rules)?;
    let options = Options {
        cases: args.cases,
        seed: args.seed,
    };
    let bar = progress(&chosen, args.format);
    // Each invariant has its own runner, seeded by the run's seed and its name, so the
    // verdicts do not depend on the threads that computed them.
    let verdicts = Batch::new()
        .threads(args.threads)
        .on_progress(|p| bar.set_position(p.done as u64))
        .map(&chosen, |invariant| {
            verify::check(&book, invariant, &options)
        })
        .map_err(|e| Usage(e.to_string()))?;
    bar.finish_and_clear();
    let broken = verdicts.iter().filter(|v| v.violation.is_some()).count();
    match args.format {
        Format::Json => json::print(
            SCHEMA,
            serde_json::json!({
                "pack": book.hash(),
                "cases": options.cases,
                "seed": options.seed,
                "verdicts": verdicts,
            }),
        )?,
        Format::Text => {
            let mut out = format!(
                "charter verify · pack {} · {} cases per invariant · seed {}\n\n",
                book.hash().short(),
                options.cases,
                options.seed
            );
            for verdict in &verdicts {
                out.push_str(&render(verdict));
            }
            out.push_str(&format!(
                "\n{} kept, {broken} broken\n",
                verdicts.len() - broken
            ));
            // Counterexamples quote the pack's reason codes and the file's strings.
            print!("{}", printable(&out));
        }
    }
    Ok(if broken == 0 { FINE } else { FOUND })
}

/// A bar on a terminal; hidden when stdout is not one, or for JSON.
fn progress(chosen: &[&Invariant], format: Format) -> ProgressBar {
    if format == Format::Json || !std::io::stdout().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(chosen.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} invariants") {
        bar.set_style(style);
    }
    bar
}

fn clauses(verdict_clauses: &[credit_charter::Clause]) -> String {
    verdict_clauses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(verdict: &Verdict) -> String {
    let Some(violation) = &verdict.violation else {
        return format!(
            "ok    {:<30} {}\n",
            verdict.invariant,
            clauses(verdict.clauses)
        );
    };
    let mut out = format!(
        "FAIL  {:<30} {}\n      {}\n",
        verdict.invariant,
        clauses(verdict.clauses),
        violation.what
    );
    if let Some(rule) = &violation.rule {
        let exception = rule
            .exception
            .as_deref()
            .map_or_else(String::new, |e| format!(", exception `{e}`"));
        out.push_str(&format!(
            "      rule {} (version {}{exception})\n",
            rule.id, rule.file
        ));
    }
    let how = match &violation.counterexample {
        Counterexample::RuleCase { file, .. } => {
            format!("add this case to {file} and run `charter test --rules DIR`")
        }
        Counterexample::CaseFile { .. } => {
            "save this case file and run `charter report FILE --rules DIR`".to_owned()
        }
        Counterexample::Input { what, .. } => format!("the input of {what}"),
        Counterexample::None => String::new(),
    };
    if !how.is_empty() {
        out.push_str(&format!("      counterexample: {how}\n"));
        for line in violation.counterexample.text().lines() {
            out.push_str(&format!("        {line}\n"));
        }
    }
    out
}

fn list(format: Format) -> Result<u8, Failure> {
    match format {
        Format::Json => {
            let list: Vec<_> = CATALOGUE
                .iter()
                .map(|i| serde_json::json!({ "name": i.name, "clauses": i.clauses, "checks": i.checks }))
                .collect();
            json::print(SCHEMA, serde_json::json!({ "invariants": list }))?;
        }
        Format::Text => {
            for i in CATALOGUE {
                println!("{:<30} {:<16} {}", i.name, clauses(i.clauses), i.checks);
            }
        }
    }
    Ok(FINE)
}
