//! The hostile corpus (`tests/fixtures/hostile/`, listed in `tests/README.md`): every rule
//! pack and case file in it must end in its typed, positioned error — never a panic, a hang,
//! unbounded memory or a silent answer.

mod files;
mod properties;

use std::path::{Path, PathBuf};

use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange};
use credit_charter::rulebook::{Problem, RuleErrorKind, RulebookError};
use credit_charter::{CaseFile, Rulebook};
use serde::Deserialize;

use crate::support::{d, eur, pack_dir, terms};

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

#[derive(Debug, Deserialize)]
struct RuleCases {
    case: Vec<RuleCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleCase {
    pub(crate) file: String,
    pub(crate) target: String,
    pub(crate) why: String,
    pub(crate) expect: String,
    pub(crate) at: Option<String>,
    pub(crate) ask: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CaseCases {
    case: Vec<CaseCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseCase {
    pub(crate) file: String,
    why: String,
    expect: String,
    path: String,
    line: Option<usize>,
}

pub(crate) fn rule_cases() -> Vec<RuleCase> {
    let text = std::fs::read_to_string(fixtures().join("rules.toml")).unwrap();
    toml::from_str::<RuleCases>(&text).unwrap().case
}

pub(crate) fn case_cases() -> Vec<CaseCase> {
    let text = std::fs::read_to_string(fixtures().join("cases.toml")).unwrap();
    toml::from_str::<CaseCases>(&text).unwrap().case
}

/// The question a run-time case is asked: a plain reduction, or one invoking `ask`.
pub(crate) fn question(ask: Option<&str>) -> LimitChange {
    let circumstance =
        ask.map(|code| serde_json::from_value::<ExceptionalCircumstance>(code.into()).unwrap());
    LimitChange {
        kind: ChangeKind::Reduction,
        current: eur("100000"),
        new_amount: eur("40000"),
        circumstance,
    }
}

fn kind_name(kind: &RuleErrorKind) -> String {
    let debug = format!("{kind:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap()
        .to_owned()
}

/// The default pack with the case's file in place of its target, loaded from a folder.
pub(crate) fn load_case(case: &RuleCase) -> Result<Rulebook, RulebookError> {
    let bytes = std::fs::read(fixtures().join("rules").join(&case.file)).unwrap();
    let dir = pack_dir(&format!("hostile-{}", case.file), &[]);
    std::fs::write(dir.join(&case.target), bytes).unwrap();
    let loaded = Rulebook::from_dir(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    loaded
}

/// What one rule case ended in: `load: <problems>` or `run: <kind> at <location>`.
fn outcome(case: &RuleCase) -> Result<(String, Vec<String>), String> {
    match load_case(case) {
        Err(RulebookError::Invalid { problems }) => {
            Ok(("load".into(), problems.iter().map(Problem::at).collect()))
        }
        Err(other) => Err(format!("refused instead of validated: {other}")),
        Ok(book) => {
            let rules = book.for_policy(&terms(&[])).unwrap();
            match rules.ask(&question(case.ask.as_deref()), d(2026, 3, 5)) {
                Ok(ruling) => Err(format!("answered {:?}", ruling.value)),
                Err(e) => Ok((
                    format!("run: {}", kind_name(&e.kind)),
                    vec![e.location.map(|l| l.to_string()).unwrap_or_default()],
                )),
            }
        }
    }
}

#[test]
fn the_hostile_rule_corpus_ends_in_typed_positioned_errors() {
    let cases = rule_cases();
    assert!(cases.len() >= 40, "{} rule-pack cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let (got, details) = match outcome(case) {
            Ok(found) => found,
            Err(why) => {
                wrong.push(format!("{}: {why}", case.file));
                continue;
            }
        };
        let at = case.at.as_deref().map(|at| format!("{}:{at}", case.target));
        let fits = match case.expect.split_once(": ") {
            Some(("load", part)) => {
                got == "load"
                    && details.iter().any(|p| {
                        p.contains(part)
                            && at
                                .as_ref()
                                .is_none_or(|at| p.starts_with(&format!("{at}:")))
                    })
            }
            Some(("run", kind)) => {
                got == format!("run: {kind}")
                    && details.iter().all(|l| {
                        // Positioned: `file:line:column`, and where the corpus says.
                        l.matches(':').count() == 2 && at.as_ref().is_none_or(|at| l == at)
                    })
            }
            _ => false,
        };
        if !fits {
            wrong.push(format!(
                "{} ({}): expected {} at {at:?}, got {got}: {details:#?}",
                case.file, case.why, case.expect
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_hostile_case_file_corpus_ends_in_typed_errors_at_their_path() {
    let cases = case_cases();
    assert!(cases.len() >= 25, "{} case-file cases", cases.len());
    let book = Rulebook::embedded().unwrap();
    let mut wrong = Vec::new();
    for case in &cases {
        let path = fixtures().join("cases").join(&case.file);
        let result = CaseFile::read(&path, credit_charter::case_file::MAX_CASE_FILE_BYTES)
            .and_then(|file| file.replay(&book).map(|_| ()));
        let Err(error) = result else {
            wrong.push(format!("{}: accepted", case.file));
            continue;
        };
        use credit_charter::case_file::CaseFileError as E;
        let (variant, at, line) = match &error {
            E::Malformed { path, line, .. } => ("Malformed", path.clone(), Some(*line)),
            E::Inconsistent { path, .. } => ("Inconsistent", path.clone(), None),
            E::Rejected { path, .. } => ("Rejected", path.clone(), None),
            E::Terms { path, .. } => ("Terms", path.clone(), None),
            E::Unreadable { .. } => ("Unreadable", String::new(), None),
            E::Refused { .. } => ("Refused", String::new(), None),
            other => panic!("{other}"),
        };
        let line_fits = case.line.is_none_or(|want| line == Some(want));
        if variant != case.expect || at != case.path || !line_fits {
            wrong.push(format!(
                "{} ({}): expected {} at `{}` line {:?}, got {variant} at `{at}` line {line:?}: {error}",
                case.file, case.why, case.expect, case.path, case.line
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `tests/README.md` lists every fixture with what it must end in.
#[test]
fn the_tests_readme_lists_every_hostile_fixture() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/README.md"))
            .unwrap();
    for case in rule_cases() {
        let row = format!("| `rules/{}` |", case.file);
        assert!(readme.contains(&row), "tests/README.md lacks {row}");
    }
    for case in case_cases() {
        let row = format!("| `cases/{}` |", case.file);
        assert!(readme.contains(&row), "tests/README.md lacks {row}");
    }
    let on_disk = |dir: &str| std::fs::read_dir(fixtures().join(dir)).unwrap().count();
    assert_eq!(
        on_disk("rules"),
        rule_cases().len(),
        "a fixture in rules/ is not in rules.toml"
    );
    assert_eq!(
        on_disk("cases"),
        case_cases().len(),
        "a fixture in cases/ is not in cases.toml"
    );
}
