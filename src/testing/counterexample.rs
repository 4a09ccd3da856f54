//! How a violation is reproduced: as a test case for the rule's `.cases.toml` (run with
//! `charter test`), as a whole case file (run with `charter report`), or, for the crate's
//! own arithmetic, as the input of the library function.

use serde::Serialize;
use serde_json::Value;

use super::questions::Asked;
use crate::case_file::CaseFile;
use crate::claim::PayoutCase;
use crate::rulebook::{Question, Rulebook};

/// The smallest input found that breaks an invariant, written so a rule author can replay it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Counterexample {
    /// A test case: append it to `file` in the pack and run `charter test --rules DIR`.
    RuleCase {
        /// The rule's cases file inside the pack, e.g. `credit_limit/notice_period.cases.toml`.
        file: String,
        /// The `[[case]]`, whose `expect` states what the promise requires.
        toml: String,
    },
    /// A case file: save it and run `charter report FILE --rules DIR`.
    CaseFile {
        /// The case file, as JSON.
        json: String,
    },
    /// The input of a library function, for an invariant of the crate's own arithmetic.
    Input {
        /// The function or machines it is the input of.
        what: String,
        /// The input, as JSON.
        json: String,
    },
    /// No input could be made (the generator gave up).
    None,
}

impl Counterexample {
    /// A case file, pretty-printed.
    #[must_use]
    pub fn case_file(file: &CaseFile) -> Counterexample {
        Counterexample::CaseFile {
            json: serde_json::to_string_pretty(file).unwrap_or_default(),
        }
    }

    /// The input of [`compute_payout`](crate::claim::compute_payout).
    #[must_use]
    pub fn payout(case: &PayoutCase) -> Counterexample {
        Counterexample::Input {
            what: "claim::compute_payout".into(),
            json: serde_json::to_string_pretty(case).unwrap_or_default(),
        }
    }

    /// The text to replay: the case, the file or the input.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Counterexample::RuleCase { toml, .. } => toml,
            Counterexample::CaseFile { json } | Counterexample::Input { json, .. } => json,
            Counterexample::None => "",
        }
    }
}

/// The `[[case]]` that asks `asked` of its rule and expects `expect`: what invariant
/// `name` requires of the answer.
pub(crate) fn rule_case<Q: Question + Serialize>(
    book: &Rulebook,
    name: &str,
    asked: &Asked<Q>,
    expect: &Value,
) -> Counterexample {
    let mut case = toml::Table::new();
    case.insert("name".into(), format!("verify: {name}").into());
    let on = chrono::Datelike::year(&asked.on);
    let date = toml::value::Date {
        year: u16::try_from(on).unwrap_or_default(),
        month: u8::try_from(chrono::Datelike::month(&asked.on)).unwrap_or_default(),
        day: u8::try_from(chrono::Datelike::day(&asked.on)).unwrap_or_default(),
    };
    case.insert(
        "on".into(),
        toml::Value::Datetime(toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        }),
    );
    if asked.calendar != "NL" {
        case.insert("calendar".into(), asked.calendar.clone().into());
    }
    if let Ok(input) = toml::Value::try_from(&asked.question) {
        case.insert("input".into(), input);
    }
    let parameters = asked.terms(book).parameters;
    if let (false, Ok(parameters)) = (parameters.is_empty(), toml::Value::try_from(&parameters)) {
        case.insert("parameters".into(), parameters);
    }
    if let Ok(expect) = toml::Value::try_from(expect) {
        case.insert("expect".into(), expect);
    }
    let mut file = toml::Table::new();
    file.insert(
        "case".into(),
        toml::Value::Array(vec![toml::Value::Table(case)]),
    );
    Counterexample::RuleCase {
        file: format!("{}.cases.toml", Q::RULE.id),
        toml: toml::to_string(&file).unwrap_or_default(),
    }
}
