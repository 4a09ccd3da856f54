//! `charter test`: run the test cases that live next to the rules.

use std::path::PathBuf;

use credit_charter::text::printable;
use serde::Serialize;

use crate::diagnostics::Failure;
use crate::json::{self, Format};
use crate::{FINE, FOUND, load};

/// The JSON shape's name and version.
pub(crate) const SCHEMA: &str = "credit-charter/test/1";

#[derive(Serialize)]
struct Results {
    passed: usize,
    failed: usize,
    cases: Vec<Case>,
}

#[derive(Serialize)]
struct Case {
    name: String,
    file: String,
    line: usize,
    passed: bool,
    failure: Option<String>,
}

pub(crate) fn run(rules: Option<PathBuf>, format: Format) -> Result<u8, Failure> {
    let results = load(rules)?.run_cases();
    let failed = results.iter().filter(|r| r.failure.is_some()).count();
    match format {
        Format::Text => {
            for result in &results {
                let line = match &result.failure {
                    None => format!("ok    {}  {}", result.location, result.name),
                    Some(why) => {
                        format!("FAIL  {}  {}\n      {why}", result.location, result.name)
                    }
                };
                println!("{}", printable(&line));
            }
            println!("\n{} passed, {failed} failed", results.len() - failed);
        }
        Format::Json => json::print(
            SCHEMA,
            Results {
                passed: results.len() - failed,
                failed,
                cases: results
                    .into_iter()
                    .map(|r| Case {
                        passed: r.failure.is_none(),
                        name: r.name,
                        file: r.location.file,
                        line: r.location.line,
                        failure: r.failure,
                    })
                    .collect(),
            },
        )?,
    }
    Ok(if failed == 0 { FINE } else { FOUND })
}
