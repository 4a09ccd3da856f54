//! The broken packs of `tests/fixtures/broken/`: each passes `charter validate` and its
//! own cases, and `charter verify` catches it with its clause and a shrunk counterexample
//! that, replayed through `charter test` or `charter report`, shows the broken promise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use credit_charter::Rulebook;
use credit_charter::testing::Counterexample;
use credit_charter::testing::invariants;
use credit_charter::testing::verify::{self, Options};
use serde::Deserialize;

use super::charter;
use crate::support::{pack_dir, pack_files};

#[derive(Debug, Deserialize)]
struct Index {
    pack: Vec<Broken>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Broken {
    name: String,
    what: String,
    breaks: String,
    clause: String,
    shows: String,
    shrunk: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken")
}

fn index() -> Vec<Broken> {
    let text = std::fs::read_to_string(fixtures().join("broken.toml")).unwrap();
    toml::from_str::<Index>(&text).unwrap().pack
}

/// The files a broken pack changes, as `(path in the pack, text)`.
fn overlay(name: &str) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out);
            } else {
                out.insert(
                    format!("{prefix}{name}"),
                    std::fs::read_to_string(&path).unwrap(),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&fixtures().join(name), "", &mut files);
    files
}

fn book(name: &str) -> Rulebook {
    let mut files = pack_files();
    files.extend(overlay(name));
    Rulebook::from_sources(files).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Enough cases to find each break from seed 1, few enough to keep `cargo test` fast.
const OPTIONS: Options = Options {
    cases: 300,
    seed: 1,
};

#[test]
fn every_broken_pack_is_listed_and_every_listed_pack_exists() {
    let listed: Vec<String> = index().into_iter().map(|b| b.name).collect();
    let mut folders: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, folders);
    assert!(listed.len() >= 8);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/README.md"))
            .unwrap();
    for name in &listed {
        assert!(
            readme.contains(&format!("`{name}`")),
            "tests/README.md does not list {name}"
        );
    }
}

#[test]
fn validate_and_the_packs_own_cases_do_not_notice_any_broken_pack() {
    for broken in index() {
        let book = book(&broken.name);
        let failed: Vec<_> = book
            .run_cases()
            .into_iter()
            .filter_map(|r| r.failure.map(|f| format!("{}: {f}", r.name)))
            .collect();
        assert!(failed.is_empty(), "{}: {failed:?}", broken.name);
    }
}

#[test]
fn verify_catches_each_broken_pack_with_its_clause_and_a_replayable_counterexample() {
    for broken in index() {
        let book = book(&broken.name);
        let invariant = invariants::invariant(&broken.breaks).unwrap();
        let verdict = verify::check(&book, invariant, &OPTIONS);
        let violation = verdict
            .violation
            .unwrap_or_else(|| panic!("{} ({}) was not caught", broken.name, broken.what));
        assert!(
            verdict
                .clauses
                .iter()
                .any(|c| c.to_string() == broken.clause),
            "{}: {:?}",
            broken.name,
            verdict.clauses
        );
        assert!(violation.rule.is_some(), "{}: no rule named", broken.name);
        assert!(
            violation.counterexample.text().contains(&broken.shrunk),
            "{}: not shrunk to `{}`:\n{}",
            broken.name,
            broken.shrunk,
            violation.counterexample.text()
        );
        let files = overlay(&broken.name);
        let changes: Vec<(&str, Option<&str>)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), Some(t.as_str())))
            .collect();
        let dir = pack_dir(&format!("broken-{}", broken.name), &changes);
        let dir_arg = dir.to_str().unwrap();

        // The CLI finds the same, from the same seed.
        let out = charter(&[
            "verify",
            "--rules",
            dir_arg,
            "--only",
            &broken.breaks,
            "--cases",
            "300",
            "--seed",
            "1",
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{}: {text}", broken.name);
        assert!(text.contains(&format!("FAIL  {}", broken.breaks)), "{text}");
        assert!(text.contains(&broken.clause), "{text}");
        for line in violation.counterexample.text().lines() {
            assert!(
                text.contains(line),
                "{}: the CLI's counterexample differs at `{line}`:\n{text}",
                broken.name
            );
        }

        // The counterexample, replayed, shows the broken promise.
        let shown = match &violation.counterexample {
            Counterexample::RuleCase { file, toml } => {
                let path = dir.join(file);
                let mut cases = std::fs::read_to_string(&path).unwrap();
                cases.push('\n');
                cases.push_str(toml);
                std::fs::write(&path, cases).unwrap();
                let out = charter(&["test", "--rules", dir_arg]);
                assert_eq!(out.status.code(), Some(1), "{}", broken.name);
                String::from_utf8_lossy(&out.stdout).into_owned()
            }
            Counterexample::CaseFile { json } => {
                let path = dir.join("counterexample.json");
                std::fs::write(&path, json).unwrap();
                let out = charter(&["report", path.to_str().unwrap(), "--rules", dir_arg]);
                String::from_utf8_lossy(&out.stdout).into_owned()
            }
            other => panic!("{}: not replayable: {other:?}", broken.name),
        };
        assert!(
            shown.contains(&broken.shows),
            "{}: the replay does not show `{}`:\n{shown}",
            broken.name,
            broken.shows
        );
        if let Counterexample::RuleCase { .. } = violation.counterexample {
            let line = shown
                .lines()
                .find(|l| l.contains(&format!("verify: {}", broken.breaks)));
            assert!(
                line.is_some_and(|l| l.starts_with("FAIL")),
                "{}: {shown}",
                broken.name
            );
        }
    }
}
