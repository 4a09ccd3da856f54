//! The published case-file schema (`schema/case-file.schema.json`): the committed file is
//! the one the Rust types generate, every sample case file validates against it, and what
//! the format refuses the schema refuses too.

use std::path::{Path, PathBuf};

use credit_charter::Rulebook;
use credit_charter::portfolio::Portfolio;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn committed() -> String {
    std::fs::read_to_string(root().join("schema/case-file.schema.json")).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&committed()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Why `instance` does not fit, one line per error; empty when it fits.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn samples() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("examples/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    found.sort();
    found
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = serde_json::to_string_pretty(&credit_charter::schema::case_file()).unwrap();
    assert!(
        committed() == format!("{generated}\n"),
        "schema/case-file.schema.json is stale; regenerate it with:\n  cargo run -- schema case-file > schema/case-file.schema.json"
    );
}

#[test]
fn every_sample_case_file_validates_against_the_schema() {
    let validator = validator();
    let samples = samples();
    assert!(samples.len() >= 7, "{} samples", samples.len());
    for path in samples {
        let instance: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors = errors(&validator, &instance);
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
    }
}

/// Generated books write amounts in the crate's own object form; those validate too.
#[test]
fn generated_case_files_validate_against_the_schema() {
    let validator = validator();
    let book = Portfolio::new(13, &Rulebook::embedded().unwrap())
        .book(25)
        .unwrap();
    for file in book {
        let instance = serde_json::to_value(&file).unwrap();
        let errors = errors(&validator, &instance);
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            file.policy.id,
            errors.join("\n")
        );
    }
}

/// The schema is not a blank cheque: hostile case files the format refuses for their shape
/// — an amount in words, an impossible date's format, a misspelt field, an unknown event, a
/// bad id — the schema refuses too.
#[test]
fn the_schema_refuses_what_the_format_refuses() {
    let validator = validator();
    for fixture in [
        "amount_in_words.json",
        "impossible_date.json",
        "unknown_field.json",
        "unknown_event.json",
        "slash_in_buyer_id.json",
        "long_policy_id.json",
        "empty_policy_id.json",
    ] {
        let path = root().join("tests/fixtures/hostile/cases").join(fixture);
        let instance: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            !errors(&validator, &instance).is_empty(),
            "{fixture} fits the schema"
        );
    }
}
