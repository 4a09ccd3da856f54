//! The rule engine: validation that reports everything at once, the sandbox against
//! hostile rules, precedence with conflicts, dated parameters and versions.

#[cfg(feature = "portfolio")]
mod memo;

use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange};
use credit_charter::rulebook::{Problem, RuleErrorKind, RulebookError};
use credit_charter::{Rulebook, calendar::Period};

use crate::support::{d, eur, pack_with, rules, rules_dir, terms};

const RULE: &str = "credit_limit/notice_period.rhai";
const HEADER: &str = "//! C3.4 — notice before a reduction or withdrawal.\n";

fn reduction(circumstance: Option<ExceptionalCircumstance>) -> LimitChange {
    LimitChange {
        kind: ChangeKind::Reduction,
        current: eur("100000"),
        new_amount: eur("40000"),
        circumstance,
    }
}

/// The kind of error a pack whose notice rule is `body` gives for a plain reduction.
fn failure_of(body: &str) -> RuleErrorKind {
    let source = format!("{HEADER}{body}");
    let book = pack_with(&[(RULE, Some(&source))]).unwrap();
    let rules = book.for_policy(&terms(&[])).unwrap();
    rules.ask(&reduction(None), d(2026, 3, 5)).unwrap_err().kind
}

fn problems(err: RulebookError) -> Vec<String> {
    match err {
        RulebookError::Invalid { problems } => problems.iter().map(Problem::at).collect(),
        other => panic!("expected an invalid pack, got {other}"),
    }
}

#[test]
fn the_embedded_pack_is_the_rules_folder() {
    let embedded = Rulebook::embedded().unwrap();
    let folder = Rulebook::from_dir(rules_dir()).unwrap();
    assert_eq!(
        embedded.hash(),
        folder.hash(),
        "src/rulebook/embedded.rs must list every file in rules/"
    );
    assert_eq!(embedded.hash().short().len(), 12);
}

#[test]
fn every_rule_test_case_passes() {
    let results = Rulebook::embedded().unwrap().run_cases();
    assert!(results.len() >= 8);
    let failures: Vec<String> = results
        .iter()
        .filter_map(|r| {
            r.failure
                .as_ref()
                .map(|f| format!("{} {}: {f}", r.location, r.name))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn validation_reports_every_problem_at_once_with_file_line_and_column() {
    let unknown_reason = format!(
        "{HEADER}fn notice_period(change, params) {{\n    notice_days(30, \"standrad_notice\")\n}}\n"
    );
    let syntax_error = format!(
        "{HEADER}fn notice_period(change, params) {{\n    notice_days(30 \"standard_notice\")\n}}\n"
    );
    let no_entry = format!("{HEADER}fn notice(change, params) {{ immediately(\"fraud\") }}\n");
    let err = pack_with(&[
        (RULE, Some(&unknown_reason)),
        (
            "credit_limit/notice_period@2027-01-01.rhai",
            Some(&syntax_error),
        ),
        (
            "credit_limit/notice_period@2028-01-01.rhai",
            Some(&no_entry),
        ),
    ])
    .unwrap_err();
    assert_eq!(
        problems(err),
        [
            "credit_limit/notice_period.rhai:3:21: unknown reason code `standrad_notice` (add it to reasons.toml)",
            "credit_limit/notice_period@2027-01-01.rhai:3:20: syntax error: Expecting ',' to separate the arguments to function call 'notice_days'",
            "credit_limit/notice_period@2028-01-01.rhai:1:1: missing entry point `fn notice_period(change, params)` returning a notice: notice_days(n, reason), notice_business_days(n, reason), notice(period, reason) or immediately(reason)",
        ]
    );
}

#[test]
fn validation_checks_arity_parameters_headers_and_stray_files() {
    let wrong = "fn notice_period(change) { notice_days(30, \"standard_notice\") }\nfn exception_x(change, params) { () }\n";
    let err =
        pack_with(&[(RULE, Some(wrong)), ("credit_limit/notes.txt", Some("hi"))]).unwrap_err();
    let found = problems(err);
    assert!(
        found
            .iter()
            .any(|p| p.contains("the header comment must cite C3.4")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`fn notice_period` takes 1 parameters; it must take 2")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("credit_limit/notes.txt: unexpected file")),
        "{found:#?}"
    );
}

#[test]
fn an_unknown_parameter_is_caught_at_load() {
    let source = format!(
        "{HEADER}fn notice_period(change, params) {{ notice_days(params.notice_dyas, \"standard_notice\") }}\n"
    );
    let found = problems(pack_with(&[(RULE, Some(&source))]).unwrap_err());
    assert_eq!(
        found,
        [
            "credit_limit/notice_period.rhai:2:55: unknown parameter `notice_dyas` (looked for `credit_limit.notice_dyas` and `notice_dyas` in parameters.toml)"
        ]
    );
}

#[test]
fn parameter_gaps_and_bad_values_are_reported_with_their_line() {
    let parameters = std::fs::read_to_string(rules_dir().join("parameters.toml"))
        .unwrap()
        .replacen(
            "values = { 2020-01-01 = 30 }",
            "values = { 2020-01-01 = -3 }",
            1,
        )
        .replacen("values = { 2020-01-01 = 3 }", "values = { }", 1);
    let found = problems(pack_with(&[("parameters.toml", Some(&parameters))]).unwrap_err());
    assert_eq!(
        found,
        [
            "parameters.toml:18:12: parameter `credit_limit.notice_days` from 2020-01-01: `-3` is not a whole number of zero or more",
            "parameters.toml:20:1: parameter `objection.window_months` has no values",
        ]
    );
}

#[test]
fn a_date_before_the_first_parameter_value_is_an_error() {
    let err = rules().ask(&reduction(None), d(2019, 6, 1)).unwrap_err();
    assert_eq!(err.kind, RuleErrorKind::Script {
        message: "parameter `credit_limit.notice_days` has no value on 2019-06-01; its first value applies from 2020-01-01".into(),
    });
}

#[test]
fn dated_parameters_and_rule_versions_take_effect_on_their_date() {
    let parameters = std::fs::read_to_string(rules_dir().join("parameters.toml"))
        .unwrap()
        .replace(
            "values = { 2020-01-01 = 30 }",
            "values = { 2020-01-01 = 30, 2027-01-01 = 45 }",
        );
    let v2 = format!(
        "{HEADER}fn notice_period(change, params) {{ notice_business_days(20, \"standard_notice\") }}\n"
    );
    let book = pack_with(&[
        ("parameters.toml", Some(&parameters)),
        ("credit_limit/notice_period@2028-01-01.rhai", Some(&v2)),
    ])
    .unwrap();
    let rules = book.for_policy(&terms(&[])).unwrap();
    let notice = |on| rules.ask(&reduction(None), on).unwrap();
    assert_eq!(notice(d(2026, 12, 31)).value, Period::Days(30));
    assert_eq!(notice(d(2027, 1, 1)).value, Period::Days(45));
    let v2_ruling = notice(d(2028, 1, 1));
    assert_eq!(
        (v2_ruling.value, v2_ruling.rule.file.as_str()),
        (
            Period::BusinessDays(20),
            "credit_limit/notice_period@2028-01-01.rhai"
        )
    );
    // A policy's own value wins on every date.
    let own = book
        .for_policy(&terms(&[("credit_limit.notice_days", 60)]))
        .unwrap();
    assert_eq!(
        own.ask(&reduction(None), d(2027, 6, 1)).unwrap().value,
        Period::Days(60)
    );
}

#[test]
fn a_pack_whose_first_version_starts_late_refuses_earlier_dates() {
    let source = std::fs::read_to_string(rules_dir().join(RULE)).unwrap();
    let book = pack_with(&[
        (RULE, None),
        ("credit_limit/notice_period@2026-01-01.rhai", Some(&source)),
    ])
    .unwrap();
    let err = book
        .for_policy(&terms(&[]))
        .unwrap()
        .ask(&reduction(None), d(2025, 12, 31))
        .unwrap_err();
    assert_eq!(
        err.kind,
        RuleErrorKind::NotInForce {
            on: d(2025, 12, 31),
            first: d(2026, 1, 1)
        }
    );
}

#[test]
fn two_exceptions_at_once_are_a_conflict_naming_both() {
    let source = format!(
        "{HEADER}fn notice_period(change, params) {{ notice_days(30, \"standard_notice\") }}\n\
        fn exception_insolvency(change, params) {{ if change.circumstance == \"buyer_insolvency\" {{ immediately(\"buyer_insolvency\") }} }}\n\
        fn exception_any_circumstance(change, params) {{ if change.circumstance != () {{ immediately(\"exceptional_circumstance_no_time\") }} }}\n"
    );
    let book = pack_with(&[(RULE, Some(&source))]).unwrap();
    let rules = book.for_policy(&terms(&[])).unwrap();
    let err = rules
        .ask(
            &reduction(Some(ExceptionalCircumstance::BuyerInsolvency)),
            d(2026, 3, 5),
        )
        .unwrap_err();
    assert_eq!(
        err.kind,
        RuleErrorKind::Conflict {
            first: "any_circumstance".into(),
            second: "insolvency".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "rule `credit_limit/notice_period` at credit_limit/notice_period.rhai:3:90: exceptions `any_circumstance` and `insolvency` both apply: precedence is undefined"
    );
    // Only one applies for fraud: no conflict.
    let fraud = rules
        .ask(
            &reduction(Some(ExceptionalCircumstance::Fraud)),
            d(2026, 3, 5),
        )
        .unwrap();
    assert_eq!(fraud.rule.exception.as_deref(), Some("any_circumstance"));
}

#[test]
fn an_endless_loop_ends_with_a_typed_error() {
    assert_eq!(
        failure_of("fn notice_period(change, params) { loop { } }"),
        RuleErrorKind::TooManyOperations {
            max: credit_charter::rulebook::limits::MAX_OPERATIONS
        }
    );
}

#[test]
fn runaway_recursion_ends_with_a_typed_error() {
    let body = "fn deeper(n) { deeper(n + 1) }\nfn notice_period(change, params) { deeper(0) }";
    assert_eq!(failure_of(body), RuleErrorKind::TooDeep { max: 32 });
}

#[test]
fn a_growing_string_hits_the_size_limit() {
    let body = "fn notice_period(change, params) { let s = \"xxxxxxxx\"; loop { s += s; } }";
    assert!(
        matches!(failure_of(body), RuleErrorKind::TooLarge { .. }),
        "{:?}",
        failure_of(body)
    );
}

/// `print`, the clock and `sleep` are not given to rules, and validation says so with the
/// call's line and column instead of failing only on the path that calls them.
#[test]
fn eval_print_and_clocks_are_refused_at_load_with_where() {
    for (body, problem) in [
        ("fn notice_period(change, params) { eval(\"1\") }", "2:"),
        (
            "fn notice_period(change, params) { print(\"x\"); notice_days(1, \"fraud\") }",
            "2:36: unknown function `print`",
        ),
        (
            "fn notice_period(change, params) { timestamp() }",
            "2:36: unknown function `timestamp`",
        ),
        (
            "fn notice_period(change, params) { sleep(10) }",
            "2:36: unknown function `sleep`",
        ),
    ] {
        let source = format!("{HEADER}{body}");
        let found = problems(pack_with(&[(RULE, Some(&source))]).unwrap_err());
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(&format!("{RULE}:{problem}"))),
            "{body}: {found:#?}"
        );
    }
}

#[test]
fn wrong_answers_and_unknown_runtime_reasons_are_refused() {
    assert_eq!(failure_of("fn notice_period(change, params) { 30 }"), RuleErrorKind::WrongResult {
        expected: "a notice: notice_days(n, reason), notice_business_days(n, reason), notice(period, reason) or immediately(reason)".into(),
        got: "i64".into(),
    });
    assert_eq!(
        failure_of("fn notice_period(change, params) { let r = \"made_up\"; notice_days(30, r) }"),
        RuleErrorKind::UnknownReason {
            code: "made_up".into()
        }
    );
    assert!(matches!(
        failure_of("fn notice_period(change, params) { notice_days(-1, \"fraud\") }"),
        RuleErrorKind::Script { .. }
    ));
}

#[test]
fn script_errors_name_the_rule_file_line_and_column() {
    let source = format!(
        "{HEADER}fn notice_period(change, params) {{\n    let share = change.reduction / (change.current - change.current);\n    notice_days(30, \"standard_notice\")\n}}\n"
    );
    let book = pack_with(&[(RULE, Some(&source))]).unwrap();
    let err = book
        .for_policy(&terms(&[]))
        .unwrap()
        .ask(&reduction(None), d(2026, 3, 5))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule `credit_limit/notice_period` at credit_limit/notice_period.rhai:3:34: Division by zero: 60000.00 / 0.00"
    );
}

#[test]
fn a_misspelled_fact_is_caught_at_load() {
    let source = format!(
        "{HEADER}fn notice_period(change, params) {{\n    if change.circumstanse == () {{ immediately(\"fraud\") }}\n}}\n"
    );
    assert_eq!(
        problems(pack_with(&[(RULE, Some(&source))]).unwrap_err()),
        [
            "credit_limit/notice_period.rhai:3:15: unknown fact `change.circumstanse` (this rule sees: kind, currency, current, new_amount, reduction, announced_on, circumstance)"
        ]
    );
}

#[test]
fn policy_terms_are_checked_against_the_pack() {
    let book = Rulebook::embedded().unwrap();
    let err = book
        .for_policy(&terms(&[("credit_limit.notice_dayz", 10)]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "policy parameter `credit_limit.notice_dayz`: no such parameter in the rule pack: did you mean `credit_limit.notice_days`?"
    );
    let err = book
        .for_policy(&terms(&[("credit_limit.notice_days", -1)]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "policy parameter `credit_limit.notice_days`: `-1` is not a whole number of zero or more"
    );
    let mut de = terms(&[]);
    de.calendar = "DE".into();
    assert_eq!(
        book.for_policy(&de).unwrap_err().to_string(),
        "unknown holiday calendar `DE` (the pack has: BE, NL)"
    );
}

#[test]
fn a_rulebook_is_send_sync_and_deterministic_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Rulebook>();
    assert_send_sync::<credit_charter::PolicyRules>();
    let rules = rules();
    let answers: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| rules.ask(&reduction(None), d(2026, 3, 5)).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn the_rules_readme_documents_every_rule_and_fact() {
    let readme = std::fs::read_to_string(rules_dir().join("README.md")).unwrap();
    for rule in credit_charter::pack::MANIFEST.rules() {
        assert!(
            readme.contains(&format!("`{}`", rule.id)),
            "rules/README.md does not name `{}`",
            rule.id
        );
        let facts = rule.input;
        for fact in rule.facts.iter().map(|f| f.name) {
            assert!(
                readme.contains(&format!("`{facts}.{fact}`")),
                "rules/README.md does not document `{facts}.{fact}` of `{}`",
                rule.id
            );
        }
        for clause in rule.clauses {
            let row = readme.lines().any(|l| {
                l.starts_with("| ")
                    && l.split('|')
                        .nth(1)
                        .is_some_and(|cell| cell.contains(clause.id()))
            });
            assert!(row, "rules/README.md has no clause row for {clause}");
        }
    }
}

/// The manifest is the one place that says what a rule is asked and may answer; these are
/// the laws that keep it whole.
#[test]
fn the_manifest_declares_every_parameter_once_and_every_rule_has_cases() {
    use credit_charter::pack::MANIFEST;
    let book = Rulebook::embedded().unwrap();
    let declared: Vec<&str> = MANIFEST.parameters().map(|p| p.name).collect();
    let mut unique = declared.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        declared.len(),
        "a parameter is declared twice"
    );
    for parameter in book.parameters().iter() {
        assert!(
            declared.contains(&parameter.name.as_str()),
            "`{}` has no declaration in the manifest",
            parameter.name
        );
    }
    // Every case runs its question's facts against the manifest (`Facts::mismatches`), so
    // every question needs at least one case.
    for rule in MANIFEST.rules() {
        let file = rules_dir().join(format!("{}.cases.toml", rule.id));
        assert!(file.exists(), "`{}` has no test cases", rule.id);
    }
    let constructors = MANIFEST.constructors();
    for rule in MANIFEST.rules() {
        for answer in rule.answers {
            let registered = constructors
                .iter()
                .find(|c| c.name == answer.name && c.args.len() == answer.args.len())
                .unwrap();
            assert_eq!(
                registered.args, answer.args,
                "`{}` means two things",
                answer.name
            );
            assert!(
                !["days", "business_days", "months", "add_days", "add_months"]
                    .contains(&answer.name),
                "`{}` shadows a built-in",
                answer.name
            );
        }
    }
}

#[test]
fn facts_that_drift_from_the_manifest_are_named() {
    use credit_charter::rulebook::{Fact, Facts, Question};
    let facts = Facts::new([
        ("kind", Fact::from("reduction")),
        ("currency", Fact::from(eur("1"))),
        ("current", Fact::from(eur("100000"))),
        ("new_amount", Fact::from(eur("40000"))),
        ("reduction", Fact::Absent),
        ("announced_on", Fact::from(d(2026, 3, 5))),
        ("circumstance", Fact::Absent),
        ("kinds", Fact::from("typo")),
    ]);
    assert_eq!(
        facts.mismatches(LimitChange::RULE),
        [
            "fact `currency` is not a text",
            "fact `reduction` is absent but not declared optional",
            "fact `kinds` is given but not declared",
        ]
    );
    let question = reduction(None);
    assert!(
        question
            .facts(d(2026, 3, 5))
            .mismatches(LimitChange::RULE)
            .is_empty()
    );
}

#[test]
fn an_answer_built_with_another_rules_constructor_is_caught_at_load() {
    let source = format!(
        "{HEADER}fn notice_period(change, params) {{\n    covered(\"standard_notice\")\n}}\n"
    );
    let found = problems(pack_with(&[(RULE, Some(&source))]).unwrap_err());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "credit_limit/notice_period.rhai:3:5: `covered` does not answer `credit_limit/notice_period` (it answers notice_days(n, reason)"
        ),
        "{found:#?}"
    );
}

#[test]
fn an_override_out_of_range_or_in_another_currency_is_refused_when_the_policy_is_bound() {
    use credit_charter::rulebook::ParamInput;
    let book = Rulebook::embedded().unwrap();
    let bind = |name: &str, value: ParamInput| {
        let mut terms = terms(&[]);
        terms.parameters.insert(name.to_owned(), value);
        book.for_policy(&terms).unwrap_err().to_string()
    };
    assert_eq!(
        bind("credit_limit.notice_days", ParamInput::Whole(4000)),
        "policy parameter `credit_limit.notice_days`: 4000 is out of range: it must be between 0 and 3660 (days)"
    );
    assert_eq!(
        bind("credit_limit.disclosure_rating", ParamInput::Whole(11)),
        "policy parameter `credit_limit.disclosure_rating`: 11 is out of range: it must be between 1 and 10 (count)"
    );
    assert_eq!(
        bind("claim.insured_percentage", ParamInput::Text("120%".into())),
        "policy parameter `claim.insured_percentage`: percentage `120%` is outside 0%–100%"
    );
    assert_eq!(
        bind("claim.deductible", ParamInput::Text("USD 100".into())),
        "policy parameter `claim.deductible`: `USD 100.00` is not in the policy's currency EUR"
    );
}

/// An empty rule file is missing its header citation and its entry point: both are said.
#[test]
fn an_empty_rule_file_reports_every_missing_piece() {
    assert_eq!(
        problems(pack_with(&[(RULE, Some(""))]).unwrap_err()),
        [
            "credit_limit/notice_period.rhai:1:1: missing entry point `fn notice_period(change, params)` returning a notice: notice_days(n, reason), notice_business_days(n, reason), notice(period, reason) or immediately(reason)",
            "credit_limit/notice_period.rhai:1:1: the header comment must cite C3.4, the promise this rule serves",
        ]
    );
}
