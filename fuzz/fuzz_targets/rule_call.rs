//! The rule-call boundary: any bytes as the notice rule (C3.4) of the default pack either
//! fail validation or, for every circumstance, answer or end in a typed, positioned error
//! within the sandbox's limits.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange};
use credit_charter::{Currency, PolicyTerms, Rulebook};
use libfuzzer_sys::fuzz_target;

/// The default pack's files, read once from the crate's `rules/` folder.
static PACK: OnceLock<BTreeMap<String, String>> = OnceLock::new();

fn pack() -> &'static BTreeMap<String, String> {
    PACK.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        let mut files = BTreeMap::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).expect("rules/") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.file_name().is_some_and(|n| n != "README.md") {
                    let relative = path.strip_prefix(&root).expect("inside");
                    let text = std::fs::read_to_string(&path).expect("a pack file");
                    files.insert(relative.to_string_lossy().replace('\\', "/"), text);
                }
            }
        }
        files
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = pack().clone();
    files.insert(
        "credit_limit/notice_period.rhai".into(),
        format!("//! C3.4 fuzzed\n{source}"),
    );
    let Ok(book) = Rulebook::from_sources(files) else {
        return;
    };
    let terms = PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: BTreeMap::new(),
    };
    let rules = book.for_policy(&terms).expect("the default terms bind");
    let on = NaiveDate::from_ymd_opt(2026, 3, 5).expect("a date");
    let eur = |a: &str| format!("EUR {a}").parse().expect("an amount");
    let circumstances = [
        None,
        Some(ExceptionalCircumstance::BuyerInsolvency),
        Some(ExceptionalCircumstance::Fraud),
    ];
    for circumstance in circumstances {
        let change = LimitChange {
            kind: ChangeKind::Reduction,
            current: eur("100000"),
            new_amount: eur("40000"),
            circumstance,
        };
        if let Err(error) = rules.ask(&change, on) {
            assert!(error.location.is_some(), "an unpositioned error: {error}");
        }
    }
});
