//! The `charter` command: exit codes and what a user reads.

use std::process::{Command, Output};

use crate::support::pack_dir;

fn charter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn report_on_a_kept_promise_exits_0_and_explains() {
    let out = charter(&["report", "examples/cases/c3_4_reduction_with_notice.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    for expected in [
        "reduction announced",
        "effective 2026-04-04",
        "[standard_notice]",
        "C3.4",
        "MET on 2026-04-04",
        "RESULT: no breaches",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn report_on_an_early_reduction_exits_1_with_the_breach() {
    let out = charter(&[
        "report",
        "examples/cases/c3_4_reduction_applied_too_early.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("BREACHED on 2026-03-20 (15 day(s))"));
}

#[test]
fn report_on_insolvency_shows_the_waiver() {
    let out = charter(&[
        "report",
        "examples/cases/c3_4_withdrawal_on_insolvency.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("effective 2026-05-12 (immediate effect)"),
        "{text}"
    );
    assert!(
        text.contains("WAIVED: buyer_insolvency — The buyer is insolvent"),
        "{text}"
    );
}

#[test]
fn report_as_json_is_the_compliance_report() {
    let out = charter(&[
        "report",
        "examples/cases/c3_4_reduction_applied_too_early.json",
        "--format",
        "json",
        "--as-of",
        "2026-03-31",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: credit_charter::ComplianceReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.as_of.to_string(), "2026-03-31");
    assert_eq!(report.breaches().count(), 1);
}

#[test]
fn validate_reports_three_problems_in_one_run_and_exits_2() {
    let dir = pack_dir(
        "validate",
        &[
            (
                "credit_limit/notice_period.rhai",
                Some(
                    "//! C3.4\nfn notice_period(change, params) { notice_days(30, \"standrad\") }\n",
                ),
            ),
            (
                "credit_limit/notice_period@2027-01-01.rhai",
                Some(
                    "//! C3.4\nfn notice_period(change, params) { notice_days(30 \"standard_notice\") }\n",
                ),
            ),
            (
                "credit_limit/notice_period@2028-01-01.rhai",
                Some("//! C3.4\nfn other(change, params) { () }\n"),
            ),
        ],
    );
    let out = charter(&["validate", "--rules", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rule pack is invalid (3 problems)"), "{err}");
    assert!(
        err.contains("credit_limit/notice_period.rhai:2:52: unknown reason code `standrad`"),
        "{err}"
    );
    assert!(
        err.contains("credit_limit/notice_period@2027-01-01.rhai:2:51: syntax error"),
        "{err}"
    );
    assert!(
        err.contains("credit_limit/notice_period@2028-01-01.rhai: missing entry point"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn validate_and_test_pass_on_the_default_pack() {
    assert_eq!(charter(&["validate"]).status.code(), Some(0));
    let out = charter(&["test", "--rules", "rules"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(" passed, 0 failed"));
}

#[test]
fn a_failing_rule_test_exits_1() {
    let cases = "[[case]]\nname = \"wrong on purpose\"\non = 2026-03-05\ninput = { kind = \"reduction\", current = \"EUR 10\", new_amount = \"EUR 5\" }\nexpect = { days = 31 }\n";
    let dir = pack_dir(
        "failing-test",
        &[("credit_limit/notice_period.cases.toml", Some(cases))],
    );
    let out = charter(&["test", "--rules", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("days: expected 31, got 30"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let out = charter(&["report", "examples/cases/missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: cannot read `examples/cases/missing.json`")
    );
}

#[test]
fn report_on_a_year_of_one_buyer_lists_every_decision_and_obligation() {
    let out = charter(&["report", "examples/cases/c3_a_year_of_one_buyer.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    for decision in [
        "application received",
        "information requested",
        "limit partially approved (counter-offer)",
        "limit approved temporarily",
        "buyer rating changed",
        "temporary limit expired",
        "reduction announced",
        "withdrawal announced",
    ] {
        assert!(text.contains(decision), "missing `{decision}`");
    }
    assert_eq!(text.matches("\n      MET on").count(), 15, "{text}");
    assert_eq!(text.matches("\n      WAIVED:").count(), 2, "{text}");
    for clause in ["C3.1", "C3.2", "C3.3", "C3.4", "C3.5"] {
        assert!(
            text.contains(&format!("\n  {clause} Working together on credit limits")),
            "no tally for {clause}"
        );
    }
}

#[test]
fn the_every_clause_sample_report_is_the_committed_one() {
    let out = charter(&["report", "examples/cases/charter_every_clause.json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the sample shows three honest breaches"
    );
    let committed = std::fs::read_to_string(format!(
        "{}/examples/cases/charter_every_clause.report.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert_eq!(
        stdout(&out),
        committed,
        "regenerate with: cargo run -- report examples/cases/charter_every_clause.json > examples/cases/charter_every_clause.report.txt"
    );
    for clause in credit_charter::Clause::ALL {
        assert!(
            committed.contains(&format!("\n  {clause} ")),
            "{clause} missing from the report"
        );
    }
}
