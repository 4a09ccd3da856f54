//! `charter schema case-file`: the JSON Schema of the case-file format, generated from the
//! Rust types (committed as `schema/case-file.schema.json`).

use clap::ValueEnum;

use crate::FINE;
use crate::diagnostics::{Failure, Usage};

/// Which published format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Published {
    /// The case file `charter report` reads.
    CaseFile,
}

pub(crate) fn run(which: Published) -> Result<u8, Failure> {
    let schema = match which {
        Published::CaseFile => credit_charter::schema::case_file(),
    };
    let text = serde_json::to_string_pretty(&schema).map_err(|e| Usage(e.to_string()))?;
    println!("{text}");
    Ok(FINE)
}
