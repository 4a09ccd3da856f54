//! Fixtures shared by the test modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use credit_charter::rulebook::RulebookError;
use credit_charter::{Currency, Money, PolicyRules, PolicyTerms, Rulebook};

/// A date; panics on an impossible one (tests only).
pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// `eur("40000")` is EUR 40,000.00.
pub(crate) fn eur(amount: &str) -> Money {
    format!("EUR {amount}").parse().unwrap()
}

/// Dutch EUR terms with optional parameter overrides.
pub(crate) fn terms(parameters: &[(&str, i64)]) -> PolicyTerms {
    PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: parameters
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_owned(),
                    credit_charter::rulebook::ParamInput::Whole(*v),
                )
            })
            .collect(),
    }
}

/// The embedded pack bound to Dutch EUR terms.
pub(crate) fn rules() -> PolicyRules {
    Rulebook::embedded()
        .unwrap()
        .for_policy(&terms(&[]))
        .unwrap()
}

/// The root of the shipped rule pack.
pub(crate) fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// The shipped pack's files, as `(path, text)`.
pub(crate) fn pack_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{prefix}{name}/"), out);
            } else if name != "README.md" {
                out.insert(
                    format!("{prefix}{name}"),
                    std::fs::read_to_string(entry.path()).unwrap(),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&rules_dir(), "", &mut files);
    files
}

/// The shipped pack with some files replaced (`Some`) or removed (`None`).
pub(crate) fn pack_with(changes: &[(&str, Option<&str>)]) -> Result<Rulebook, RulebookError> {
    let mut files = pack_files();
    for (path, text) in changes {
        match text {
            Some(text) => drop(files.insert((*path).to_owned(), (*text).to_owned())),
            None => drop(files.remove(*path)),
        }
    }
    Rulebook::from_sources(files)
}

/// Writes the shipped pack with changes to a fresh folder, for the CLI.
pub(crate) fn pack_dir(name: &str, changes: &[(&str, Option<&str>)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("credit-charter-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut files = pack_files();
    for (path, text) in changes {
        match text {
            Some(text) => drop(files.insert((*path).to_owned(), (*text).to_owned())),
            None => drop(files.remove(*path)),
        }
    }
    for (path, text) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    dir
}
