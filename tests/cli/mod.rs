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
    assert_eq!(report.as_of().to_string(), "2026-03-31");
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
    assert!(
        err.ends_with("error: rule pack is invalid (3 problems)\n"),
        "{err}"
    );
    for (at, message) in [
        (
            "credit_limit/notice_period.rhai:2:52",
            "unknown reason code `standrad`",
        ),
        (
            "credit_limit/notice_period@2027-01-01.rhai:2:51",
            "syntax error",
        ),
        (
            "credit_limit/notice_period@2028-01-01.rhai:1:1",
            "missing entry point",
        ),
    ] {
        assert!(err.contains(&format!("[{at}]")), "{at} in {err}");
        assert!(err.contains(&format!("× {message}")), "{message} in {err}");
    }
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
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("case_file::unreadable\n"),
        "the diagnostic's code first: {err}"
    );
    assert!(err.contains("× cannot read case file `examples/cases/missing.json`"));
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
fn the_every_clause_sample_engages_every_clause_with_three_honest_breaches() {
    let out = charter(&["report", "examples/cases/charter_every_clause.json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the sample shows three honest breaches"
    );
    let text = stdout(&out);
    for clause in credit_charter::Clause::ALL {
        assert!(
            text.contains(&format!("\n  {clause} ")),
            "{clause} missing from the report"
        );
    }
}

/// Every sample's report, text and JSON, whole: a change of wording, layout, figures or
/// the pack's hash shows up as a snapshot diff (`tests/README.md`, "Snapshots").
#[test]
fn every_sample_report_is_its_snapshot() {
    let samples = std::fs::read_dir(format!("{}/examples/cases", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"));
    let mut seen = 0;
    for path in samples {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let file = format!("examples/cases/{stem}.json");
        let text = charter(&["report", &file]);
        assert!(text.status.code().is_some_and(|c| c < 2), "{file}");
        insta::assert_snapshot!(format!("report__{stem}"), stdout(&text));
        let json = charter(&["report", &file, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(json["schema"], "credit-charter/report/1");
        insta::assert_json_snapshot!(format!("report_json__{stem}"), json);
        seen += 1;
    }
    assert!(seen >= 7, "{seen} samples");
}

/// The shipped `parameters.toml` with `edit` applied, and where `needle` then stands
/// (`line:column`, from 1).
fn parameters_edited(edit: impl Fn(&str) -> String, needle: &str) -> (String, String) {
    let text = edit(&crate::support::pack_files()["parameters.toml"]);
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (text, format!("{line}:{column}"))
}

#[test]
fn c4_1_a_pack_without_the_mep_fails_validate_with_where() {
    let (parameters, at) = parameters_edited(
        |text| {
            let start = text.find("[claim.mep_days]").unwrap();
            let end = start + text[start..].find("\n\n").unwrap() + 2;
            format!("{}{}", &text[..start], &text[end..])
        },
        "[claim.",
    );
    let dir = pack_dir("no-mep", &[("parameters.toml", Some(&parameters))]);
    let out = charter(&["validate", "--rules", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("[parameters.toml:{at}]"))
            && err.contains(
                "× missing parameter `claim.mep_days` (days, 0–3660): the claim machine reads it"
            ),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn c4_3_a_waiting_period_in_months_fails_validate_with_where() {
    let (parameters, at) = parameters_edited(
        |text| {
            let start = text.find("[claim.waiting_period_days]").unwrap();
            let (head, tail) = text.split_at(start);
            format!(
                "{head}{}",
                tail.replacen("unit = \"days\"", "unit = \"months\"", 1)
            )
        },
        "\"months\"\nclauses = [\"C4.1\", \"C4.3\"]\nabout = \"Protracted",
    );
    let dir = pack_dir("waiting-months", &[("parameters.toml", Some(&parameters))]);
    let out = charter(&["validate", "--rules", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("[parameters.toml:{at}]")) && err.contains(
            "× parameter `claim.waiting_period_days` is in months, but the crate declares it in days (days, 0–3660)"
        ),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The claims sample with one policy override added, written to a fresh file.
fn claims_sample_overriding(name: &str, value: &str) -> std::path::PathBuf {
    let path = format!(
        "{}/examples/cases/c4_protracted_default_partial_payout_recovery.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    case["policy"]["parameters"][name] = value.into();
    let file = std::env::temp_dir().join(format!(
        "credit-charter-override-{}-{}.json",
        name.replace('.', "-"),
        std::process::id()
    ));
    std::fs::write(&file, case.to_string()).unwrap();
    file
}

#[test]
fn c4_3_a_negative_deductible_or_liability_override_is_refused_with_its_path() {
    for (name, value, message) in [
        (
            "claim.deductible",
            "EUR -1000000",
            "`EUR -1,000,000.00` is out of range: it must be an amount of at least 0",
        ),
        (
            "claim.max_liability",
            "EUR -1",
            "`EUR -1.00` is out of range: it must be an amount of at least 0",
        ),
    ] {
        let file = claims_sample_overriding(name, value);
        let out = charter(&["report", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "case file: at `policy.parameters.{name}`: policy parameter `{name}`: {message}"
            )),
            "{err}"
        );
        std::fs::remove_file(file).unwrap();
    }
}

/// A case file's own strings reach the terminal escaped: an ANSI sequence in the title or a
/// buyer's name is shown as `\u{1b}`, never obeyed.
#[test]
fn report_text_escapes_control_characters_from_the_case_file() {
    let path = format!(
        "{}/examples/cases/c3_4_reduction_with_notice.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    case["title"] = "\u{1b}[2J\u{1b}[31mall clear\u{202e}".into();
    case["buyers"][0]["name"] = "Hendriks\u{7}\u{200b} BV".into();
    let file =
        std::env::temp_dir().join(format!("credit-charter-ansi-{}.json", std::process::id()));
    std::fs::write(&file, case.to_string()).unwrap();
    let out = charter(&["report", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{7}'));
    assert!(
        text.starts_with("\\u{1b}[2J\\u{1b}[31mall clear\\u{202e}\n"),
        "{text}"
    );
    assert!(text.contains("Hendriks\\u{7}\\u{200b} BV"), "{text}");
    std::fs::remove_file(file).unwrap();
}

#[test]
fn a_case_path_that_is_a_device_is_refused_by_name_and_the_limit_can_be_raised() {
    let out = charter(&["report", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "case_file::refused\n\n  × cannot read case file `/dev/zero`: a device, not a regular file\n"
    );
    let sample = "examples/cases/c3_4_reduction_with_notice.json";
    let out = charter(&["report", sample, "--max-case-bytes", "100"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bytes is more than the 100 a file may hold")
    );
    let out = charter(&["report", sample, "--max-case-bytes", "100000"]);
    assert_eq!(out.status.code(), Some(0));
}

/// `charter report FOLDER` sweeps a book: one line per case file in name order, a total,
/// exit 1 for breaches; a file that cannot be read is an error on its own line and exit 2,
/// and the other files are still reported.
#[cfg(feature = "portfolio")]
#[test]
fn report_on_a_folder_gives_one_line_per_file_and_a_total() {
    use credit_charter::Rulebook;
    use credit_charter::portfolio::Portfolio;
    let dir = std::env::temp_dir().join(format!("credit-charter-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rulebook = Rulebook::embedded().unwrap();
    for file in Portfolio::new(7, &rulebook).book(5).unwrap() {
        let path = dir.join(format!("{}.json", file.policy.id));
        std::fs::write(path, serde_json::to_string(&file).unwrap()).unwrap();
    }
    let folder = dir.display().to_string();
    let out = charter(&["report", &folder, "--threads", "2"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("POL-")).collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].contains("POL-0000000.json") && lines[4].contains("POL-0000004.json"));
    assert!(
        text.contains("TOTAL") && text.contains("RESULT: "),
        "{text}"
    );
    std::fs::write(dir.join("POL-0000002.json"), "{ \"title\": 1 }").unwrap();
    let out = charter(&["report", &folder, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "credit-charter/reports/1");
    let reports = &json["files"];
    assert_eq!(reports.as_array().unwrap().len(), 5);
    assert!(
        reports[2]["error"].as_str().unwrap().contains("title"),
        "{}",
        reports[2]
    );
    assert!(reports[3]["report"]["obligations"].is_array());
    std::fs::remove_dir_all(&dir).unwrap();
}
