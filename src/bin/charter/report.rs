//! `charter report`: replay a case file and report every decision, obligation and breach.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use credit_charter::text::printable;
use credit_charter::{CaseFile, Rulebook};

use crate::diagnostics::{self, Failure, Usage};
use crate::json::{self, Format};
use crate::many::Replay;
use crate::{FINE, FOUND, load};

/// The JSON shape's name and version.
pub(crate) const SCHEMA: &str = "credit-charter/report/1";

pub(crate) fn run(path: &Path, rules: Option<PathBuf>, replay: &Replay) -> Result<u8, Failure> {
    let Replay {
        as_of,
        format,
        max_case_bytes,
        ..
    } = *replay;
    let file = path.display().to_string();
    let case =
        CaseFile::read(path, max_case_bytes).map_err(|e| diagnostics::case_file(&file, e))?;
    let as_of = as_of
        .or(case.as_of)
        .ok_or_else(|| Usage("the case file has no `as_of`: pass --as-of YYYY-MM-DD".into()))?;
    let book = load(rules)?;
    let report = case
        .case_report(&book, as_of)
        .map_err(|e| diagnostics::case_file(&file, e))?;
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
        Format::Json => json::print(SCHEMA, &report)?,
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
