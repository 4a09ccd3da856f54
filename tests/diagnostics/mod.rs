//! Diagnostics as people and machines read them, as snapshots (`cargo insta review`
//! after a deliberate change; `tests/README.md`): the misspelt fact with its caret and
//! "did you mean", the same as JSON, and the diagnostic every hostile fixture ends in.

use std::process::Command;

use credit_charter::rulebook::RulebookError;
use credit_charter::{CaseFile, Rulebook};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::hostile::{case_cases, fixtures, load_case, question, rule_cases};
use crate::support::{d, pack_dir, terms};

/// A diagnostic as the CLI draws it, without colour (messages already name their causes).
fn render(diagnostic: &dyn Diagnostic) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .without_cause_chain()
        .render_report(&mut out, diagnostic)
        .unwrap();
    out
}

/// The shipped notice rule with `circumstance` misspelt in its insolvency exception.
fn misspelt_fact_pack(name: &str) -> std::path::PathBuf {
    let rule = std::fs::read_to_string(
        crate::support::rules_dir().join("credit_limit/notice_period.rhai"),
    )
    .unwrap();
    let misspelt = rule.replacen(
        "change.circumstance == \"buyer_insolvency\"",
        "change.circumstanse == \"buyer_insolvency\"",
        1,
    );
    assert_ne!(rule, misspelt, "the rule no longer reads the circumstance");
    pack_dir(
        name,
        &[("credit_limit/notice_period.rhai", Some(&misspelt))],
    )
}

fn charter_validate(dir: &std::path::Path, json: bool) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_charter"));
    command.args(["validate", "--rules", dir.to_str().unwrap()]);
    if json {
        command.args(["--format", "json"]);
    }
    command.output().unwrap()
}

#[test]
fn a_misspelt_fact_shows_its_line_a_caret_and_did_you_mean() {
    let dir = misspelt_fact_pack("misspelt-fact-text");
    let out = charter_validate(&dir, false);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("did you mean `circumstance`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_misspelt_fact_as_json_from_validate() {
    let dir = misspelt_fact_pack("misspelt-fact-json");
    let out = charter_validate(&dir, true);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "credit-charter/validate/1");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["code"], "pack::unknown_fact");
    assert_eq!(diagnostic["help"], "did you mean `circumstance`?");
    insta::assert_json_snapshot!(json);
}

/// Every hostile rule pack's diagnostics: each problem of an invalid pack, or the rule's
/// run-time error, drawn with its source line.
#[test]
fn every_hostile_rule_fixture_has_a_drawn_diagnostic() {
    for case in rule_cases() {
        let drawn = match load_case(&case) {
            Err(RulebookError::Invalid { problems }) => problems
                .iter()
                .map(|p| render(p))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(other) => render(&other),
            Ok(book) => {
                let rules = book.for_policy(&terms(&[])).unwrap();
                let error = rules
                    .ask(&question(case.ask.as_deref()), d(2026, 3, 5))
                    .unwrap_err();
                render(&error)
            }
        };
        let name = format!("rules__{}", case.file.replace('.', "_"));
        insta::assert_snapshot!(name, drawn);
    }
}

/// Every hostile case file's diagnostic; a malformed one shows its JSON line with a caret.
#[test]
fn every_hostile_case_file_has_a_drawn_diagnostic() {
    let book = Rulebook::embedded().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for case in case_cases() {
        let path = fixtures().join("cases").join(&case.file);
        // Relative, so that the drawn file name is the same on every machine.
        let path = path.strip_prefix(root).unwrap();
        let error = CaseFile::read(path, credit_charter::case_file::MAX_CASE_FILE_BYTES)
            .and_then(|file| file.replay(&book).map(|_| ()))
            .unwrap_err();
        let name = format!("cases__{}", case.file.replace('.', "_"));
        insta::assert_snapshot!(name, render(&error));
    }
}
