//! `charter validate`: load a rule pack and report every problem at once.

use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostics::Failure;
use crate::json::{self, Format};
use crate::{FINE, load};

/// The JSON shape's name and version.
pub(crate) const SCHEMA: &str = "credit-charter/validate/1";

#[derive(Serialize)]
struct Valid {
    valid: bool,
    pack: String,
    parameters: usize,
}

pub(crate) fn run(rules: Option<PathBuf>, format: Format) -> Result<u8, Failure> {
    let book = load(rules)?;
    let parameters = book.parameters().iter().count();
    match format {
        Format::Text => println!(
            "rule pack is valid · {parameters} parameters · pack {}",
            book.hash().short()
        ),
        Format::Json => json::print(
            SCHEMA,
            Valid {
                valid: true,
                pack: book.hash().to_string(),
                parameters,
            },
        )?,
    }
    Ok(FINE)
}
