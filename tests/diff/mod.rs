//! `charter diff` on a generated book of 1,000 case files (`credit_charter::portfolio`):
//! C3.4's notice from 30 to 45 days moves every standard notice's effective date 15 days
//! later and changes nothing else; swapped, the opposite; the same pack twice, nothing.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;

use credit_charter::batch::Batch;
use credit_charter::diff::{CaseDiff, DateKind, Impact};
use credit_charter::explain::Duty;
use credit_charter::portfolio::Portfolio;
use credit_charter::{CaseFile, Clause, Rulebook};

use crate::support::{pack_dir, pack_files, pack_with};

const BOOK: u64 = 1_000;

fn book() -> &'static [CaseFile] {
    static BOOK_FILES: OnceLock<Vec<CaseFile>> = OnceLock::new();
    BOOK_FILES.get_or_init(|| {
        Portfolio::new(7, &Rulebook::embedded().unwrap())
            .book(BOOK)
            .unwrap()
    })
}

/// The shipped `parameters.toml` with `credit_limit.notice_days` at 45.
fn parameters_45() -> String {
    let parameters = &pack_files()["parameters.toml"];
    let start = parameters.find("[credit_limit.notice_days]").unwrap();
    let (head, tail) = parameters.split_at(start);
    let changed = format!(
        "{head}{}",
        tail.replacen(
            "values = { 2020-01-01 = 30 }",
            "values = { 2020-01-01 = 45 }",
            1
        )
    );
    assert_ne!(
        &changed, parameters,
        "the notice is no longer 30 days from 2020"
    );
    changed
}

fn notice_45() -> Rulebook {
    pack_with(&[("parameters.toml", Some(&parameters_45()))]).unwrap()
}

fn impact(from: &Rulebook, to: &Rulebook) -> Impact {
    let diffs = Batch::new()
        .map(book(), |file| CaseDiff::of(file, from, to, None))
        .unwrap();
    let mut impact = Impact::default();
    for diff in diffs {
        impact.add(diff.unwrap());
    }
    assert_eq!(impact.cases, BOOK as usize);
    impact
}

/// Default pack → notice of 45 days, computed once for the tests that read it.
fn later() -> &'static Impact {
    static LATER: OnceLock<Impact> = OnceLock::new();
    LATER.get_or_init(|| impact(&Rulebook::embedded().unwrap(), &notice_45()))
}

/// The oracle, read from the book's own replay: C3.4 "not before" duties 30 days after
/// their announcement (the standard notice; an exception's immediate effect stays).
fn standard_notices() -> usize {
    let rules = Rulebook::embedded().unwrap();
    let reports = Batch::new()
        .map(book(), |file| {
            file.report(&rules, file.as_of.unwrap()).unwrap()
        })
        .unwrap();
    reports
        .iter()
        .flat_map(|r| r.obligations())
        .filter(|o| {
            o.obligation.clause == Clause::C3_4
                && matches!(o.obligation.duty, Duty::NotBefore { date } if (date - o.opened_on).num_days() == 30)
        })
        .count()
}

/// Nothing changed but effective dates, and the statuses that follow from them.
fn only_effective_dates_moved(impact: &Impact) {
    assert!(impact.statuses.is_empty(), "{:?}", impact.statuses);
    assert!(impact.only.is_empty(), "{:?}", impact.only);
    assert!(
        !impact.moved.contains_key(&DateKind::Deadline),
        "{:?}",
        impact.moved
    );
    assert_eq!(impact.payouts.changed, 0);
    assert_eq!(impact.decisions, 0);
    assert_eq!(impact.fails, 0);
}

#[test]
fn c3_4_notice_of_45_days_moves_every_standard_notice_15_days_later_and_nothing_else() {
    let impact = later();
    only_effective_dates_moved(impact);
    let moves = &impact.moved[&DateKind::EffectiveDate];
    let notices = standard_notices();
    assert!(notices > 100, "{notices} standard notices in the book");
    assert_eq!((moves.later, moves.earlier), (notices, 0));
    assert_eq!(moves.by_days, BTreeMap::from([(15, notices)]));
    // A change the case file applied on day 30 now comes before its effective date.
    assert!(moves.statuses["met → breached"] > 0, "{:?}", moves.statuses);
    assert!(impact.changed_cases > 0 && impact.changed_cases < impact.cases);
}

#[test]
fn c3_4_the_packs_swapped_report_the_opposite() {
    let later = later();
    let earlier = impact(&notice_45(), &Rulebook::embedded().unwrap());
    only_effective_dates_moved(&earlier);
    let (a, b) = (
        &later.moved[&DateKind::EffectiveDate],
        &earlier.moved[&DateKind::EffectiveDate],
    );
    assert_eq!((b.later, b.earlier), (a.earlier, a.later));
    let negated: BTreeMap<i64, usize> = a.by_days.iter().map(|(d, n)| (-d, *n)).collect();
    assert_eq!(b.by_days, negated);
    assert_eq!(b.statuses["breached → met"], a.statuses["met → breached"]);
    assert_eq!(earlier.changed_cases, later.changed_cases);
}

#[test]
fn the_same_pack_twice_is_no_change() {
    let rules = Rulebook::embedded().unwrap();
    let impact = impact(&rules, &rules);
    assert!(impact.is_empty(), "{impact:?}");
    assert_eq!(
        impact,
        Impact {
            cases: BOOK as usize,
            ..Impact::default()
        }
    );
}

/// The command: exit 1 and the JSON shape on a change, exit 0 and "no change" on none,
/// exit 2 on a pack that does not load; a small book on disk.
#[test]
fn charter_diff_exits_0_1_or_2_and_speaks_json() {
    let dir = std::env::temp_dir().join(format!("credit-charter-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in &book()[..20] {
        let path = dir.join(format!("{}.json", file.policy.id));
        std::fs::write(path, serde_json::to_string(file).unwrap()).unwrap();
    }
    let pack = pack_dir("diff-45", &[("parameters.toml", Some(&parameters_45()))]);
    let charter = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_charter"))
            .arg("diff")
            .args(args)
            .arg(&dir)
            .output()
            .unwrap()
    };
    let pack = pack.to_str().unwrap();
    let out = charter(&["--from", "embedded", "--to", pack, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "credit-charter/diff/1");
    assert_eq!(json["cases"], 20);
    assert!(
        json["moved"]["effective_date"]["by_days"]["15"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert!(json["sample"][0]["changes"].is_array());
    let out = charter(&["--from", "embedded", "--to", "embedded"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("RESULT: no change"));
    let out = charter(&["--from", "embedded", "--to", "/nonexistent-pack"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(pack).unwrap();
}
