//! The case-file parser and replay: any bytes end in a report or a typed error, never a
//! panic, a hang or unbounded memory.
#![no_main]

use std::sync::OnceLock;

use credit_charter::{CaseFile, Rulebook};
use libfuzzer_sys::fuzz_target;

static BOOK: OnceLock<Rulebook> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(case) = CaseFile::from_json(text) else {
        return;
    };
    let book = BOOK.get_or_init(|| Rulebook::embedded().expect("the embedded pack loads"));
    if let Ok(replay) = case.replay(book) {
        let as_of = case.as_of.unwrap_or_default();
        let report = credit_charter::ComplianceReport::build(&replay.records, as_of);
        let _ = report.to_text();
    }
});
