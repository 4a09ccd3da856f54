//! The catalogue of charter invariants: each written once, as data — a name, the clauses
//! it protects, what it checks, and a check that runs against any rule pack and, through
//! random per-policy overrides, any parameter set. `charter verify --list` prints it;
//! [`super::verify`] runs it.

#![allow(
    clippy::result_large_err,
    reason = "a violation ends a search: it is built once per run, never on a hot path"
)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError, TestRunner};
use serde::Serialize;
use serde_json::{Value, json};

use super::case_files::{CASE_DAYS, case_file};
use super::counterexample::{Counterexample, rule_case};
use super::domain::{currency, date, date_after, money, whole_money};
use super::events::{accepted, collection_event, credit_limit_event, in_date_order, premium_event};
use super::questions::{
    Asked, asked, buyer_invoice, consultation, inquiry_question, invoice_cover, limit_application,
    limit_change, objection_question, overrides, payment_question, period_question,
    rating_question, recovery, terms_in,
};
use crate::calendar::Period;
use crate::case_file::CaseFile;
use crate::charter::Clause;
use crate::claim::{
    ClaimDates, Credit, CreditKind, Eligibility, PayoutCase, PolicyYearUsage, compute_payout,
};
use crate::collection::{
    Collection, LossShares, OpenItem, RecoverySharing, SharedLoss, allocate_recovery,
};
use crate::communication::{InquiryQuestion, Priority};
use crate::credit_limit::{CreditLimit, LimitSpan};
use crate::explain::Duty;
use crate::ids::{BuyerId, PolicyId};
use crate::machine::Machine;
use crate::money::{Currency, Money, Percentage};
use crate::premium::PremiumYear;
use crate::rulebook::{Param, PolicyRules, Question, RuleRef, Rulebook, Ruling, period_fields};

/// One promise of the charter, checkable against any pack.
#[derive(Debug)]
pub struct Invariant {
    /// Its name, for `charter verify --only NAME`.
    pub name: &'static str,
    /// The clauses it protects.
    pub clauses: &'static [Clause],
    /// What it checks, in one sentence.
    pub checks: &'static str,
    /// Runs it under `runner` against `book`.
    pub(crate) check: fn(&Rulebook, &mut TestRunner) -> Result<(), Violation>,
}

/// A broken promise, with the smallest input proptest found that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// What went wrong, in a sentence.
    pub what: String,
    /// The rule (and its version's file) that answered, when one did.
    pub rule: Option<RuleRef>,
    /// The input that reproduces it.
    pub counterexample: Counterexample,
}

/// Every invariant, in the order `charter verify` runs and lists them.
pub static CATALOGUE: &[Invariant] = &[
    Invariant {
        name: "deadline_after_trigger",
        clauses: &[Clause::C1_1, Clause::C3_1, Clause::C4_1, Clause::C4_2],
        checks: "no promise of the insurer in a replayed case file falls due (or may first be acted on) before the event that opened it (a customer's duty may: an overdue account recorded late)",
        check: deadline_after_trigger,
    },
    Invariant {
        name: "notice_before_effect",
        clauses: &[Clause::C3_4],
        checks: "a reduction or withdrawal without an exceptional circumstance never takes effect before its announcement plus the notice the pack declares (`credit_limit.notice_days`)",
        check: notice_before_effect,
    },
    Invariant {
        name: "exception_names_circumstance",
        clauses: &[Clause::C3_4],
        checks: "a reduction or withdrawal that takes effect sooner than the declared notice gives the stated exceptional circumstance as its reason",
        check: exception_names_circumstance,
    },
    Invariant {
        name: "adverse_decision_explained",
        clauses: &[Clause::C3_5, Clause::C4_3],
        checks: "every adverse decision in a replayed case file carries a reason and a right to object that ends after the decision",
        check: adverse_decision_explained,
    },
    Invariant {
        name: "kept_informed",
        clauses: &[Clause::C3_1],
        checks: "an application whose decision may take longer than the declared status-update interval comes with status updates at least that often",
        check: kept_informed,
    },
    Invariant {
        name: "consultation_gives_time",
        clauses: &[Clause::C3_2],
        checks: "a customer asked for information before an adverse decision gets at least the declared answer period (`credit_limit.answer_business_days`)",
        check: consultation_gives_time,
    },
    Invariant {
        name: "weak_rating_told",
        clauses: &[Clause::C3_3],
        checks: "a decision on a buyer rated at or worse than the declared disclosure grade states the rating",
        check: weak_rating_told,
    },
    Invariant {
        name: "objection_timetable_in_order",
        clauses: &[Clause::C3_5],
        checks: "an objection is acknowledged and updated no later than its final answer is due, and the customer's window to escalate closes after that answer",
        check: objection_timetable_in_order,
    },
    Invariant {
        name: "renewal_documents_in_time",
        clauses: &[Clause::C2_3],
        checks: "renewal documents are due inside the period and no later than the last day for notice of non-renewal",
        check: renewal_documents_in_time,
    },
    Invariant {
        name: "responses_in_order",
        clauses: &[Clause::C1_1, Clause::C2_1],
        checks: "a question is acknowledged no later than it is answered, and an urgent one is answered no later than the same question asked normally",
        check: responses_in_order,
    },
    Invariant {
        name: "transfer_within_declared",
        clauses: &[Clause::C4_2],
        checks: "the customer's part of a recovery falls due no later than the declared transfer period after receipt (`collection.transfer_business_days`)",
        check: transfer_within_declared,
    },
    Invariant {
        name: "recovery_split_exact",
        clauses: &[Clause::C4_2],
        checks: "a recovery's parts sum exactly to the recovery: insurer + insured = received, fee + to the customer = insured, items = received, none negative",
        check: recovery_split_exact,
    },
    Invariant {
        name: "invoice_payable_after_issue",
        clauses: &[Clause::C2_4],
        checks: "every invoice's due date is on or after its issue date",
        check: invoice_payable_after_issue,
    },
    Invariant {
        name: "no_cover_after_stoppage",
        clauses: &[Clause::C4_1, Clause::C4_3],
        checks: "an invoice delivered after the stoppage of cover counts for nothing in a payout",
        check: no_cover_after_stoppage,
    },
    Invariant {
        name: "payout_bounds",
        clauses: &[Clause::C4_3],
        checks: "a payout is never negative, never more than the amount owed, the insured share of the capped loss, or the maximum liability left",
        check: payout_bounds,
    },
    Invariant {
        name: "same_inputs_same_records",
        clauses: &[Clause::C4_3, Clause::C3_4],
        checks: "a case file written out and read back gives byte-identical decision records",
        check: same_inputs_same_records,
    },
    Invariant {
        name: "replay_twice_same_report",
        clauses: &[Clause::C1_3],
        checks: "replaying a case file twice gives the same report, as JSON and as text",
        check: replay_twice_same_report,
    },
    Invariant {
        name: "rejected_event_changes_nothing",
        clauses: &[Clause::C3_4, Clause::C4_2, Clause::C2_4],
        checks: "an event a machine rejects leaves it exactly as it was: the accepted events alone give the same records and state",
        check: rejected_event_changes_nothing,
    },
];

/// The invariant called `name`.
#[must_use]
pub fn invariant(name: &str) -> Option<&'static Invariant> {
    CATALOGUE.iter().find(|i| i.name == name)
}

/// Runs `property` on values of `strategy` until it fails or the runner's cases are used
/// up; a failure is shrunk by proptest and reported as the violation of the smallest value.
fn search<S>(
    runner: &mut TestRunner,
    strategy: S,
    property: impl Fn(&S::Value) -> Result<(), Violation>,
) -> Result<(), Violation>
where
    S: Strategy,
{
    let outcome = runner.run(&strategy, |value| {
        property(&value).map_err(|v| TestCaseError::fail(v.what))
    });
    match outcome {
        Ok(()) => Ok(()),
        Err(TestError::Fail(why, minimal)) => Err(property(&minimal).err().unwrap_or(Violation {
            what: why.to_string(),
            rule: None,
            counterexample: Counterexample::None,
        })),
        Err(TestError::Abort(why)) => Err(Violation {
            what: format!("no inputs could be generated: {why}"),
            rule: None,
            counterexample: Counterexample::None,
        }),
    }
}

/// What a rule-level check concludes: kept, or broken with the answer the promise needs
/// (as the fields a `.cases.toml` `expect` names).
type Verdict = Result<Option<(String, Value)>, String>;

/// A promise about one rule's answer: asks `Q` on values of `strategy` and lets `judge`
/// decide; a violation is reproduced as a `.cases.toml` case.
fn rule_promise<Q, S>(
    book: &Rulebook,
    runner: &mut TestRunner,
    invariant: &'static str,
    strategy: S,
    judge: impl Fn(&Asked<Q>, &PolicyRules, &Ruling<Q::Value>) -> Verdict,
) -> Result<(), Violation>
where
    Q: Question + Serialize + Debug + Clone,
    S: Strategy<Value = Asked<Q>>,
{
    search(runner, strategy, |asked| {
        let broken = |what: String, rule: Option<RuleRef>, expect: Value| Violation {
            what,
            rule,
            counterexample: rule_case(book, invariant, asked, &expect),
        };
        let rules = asked.rules(book).map_err(|e| {
            broken(
                format!("the pack does not bind to the policy: {e}"),
                None,
                json!({}),
            )
        })?;
        let ruling = asked.ruling(&rules).map_err(|e| {
            // An empty `expect`: `charter test` shows the rule's error itself.
            broken(format!("the rule failed: {e}"), None, json!({}))
        })?;
        match judge(asked, &rules, &ruling) {
            Ok(None) => Ok(()),
            Ok(Some((what, expect))) => Err(broken(what, Some(ruling.rule.clone()), expect)),
            Err(why) => Err(broken(why, Some(ruling.rule.clone()), json!({}))),
        }
    })
}

/// The pack's value of a declared parameter, or `None` when the pack does not define it
/// (then there is no declared bound to keep).
fn declared<T: crate::rulebook::ParamType>(
    rules: &PolicyRules,
    param: &Param<T>,
    on: NaiveDate,
) -> Option<T> {
    rules.get(param, on).ok()
}

fn after(period: Period, from: NaiveDate, rules: &PolicyRules) -> Result<NaiveDate, String> {
    period
        .after(from, rules.calendar())
        .map_err(|e| e.to_string())
}

/// The name a field-less enum has in case files, e.g. `email`.
fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

const NOTICE_DAYS: Param<Period> = Param::days("credit_limit.notice_days");

fn notice_before_effect(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(
        limit_change(false),
        book,
        overrides(&[("credit_limit.notice_days", 0, 120)]),
    );
    rule_promise(
        book,
        runner,
        "notice_before_effect",
        strategy,
        |asked, rules, ruling| {
            let Some(notice) = declared(rules, &NOTICE_DAYS, asked.on) else {
                return Ok(None);
            };
            let bound = after(notice, asked.on, rules)?;
            let effective = after(ruling.value, asked.on, rules)?;
            Ok((effective < bound).then(|| {
            (
                format!(
                    "a {} announced on {} with no exceptional circumstance takes effect on {effective} ({} notice, \"{}\"), before {bound}: the {notice} the pack declares",
                    asked.question.kind.code(),
                    asked.on,
                    ruling.value,
                    ruling.reason.code
                ),
                period_fields(notice),
            )
        }))
        },
    )
}

fn exception_names_circumstance(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(limit_change(true), book, Just(BTreeMap::new()));
    rule_promise(
        book,
        runner,
        "exception_names_circumstance",
        strategy,
        |asked, rules, ruling| {
            let (Some(notice), Some(circumstance)) = (
                declared(rules, &NOTICE_DAYS, asked.on),
                asked.question.circumstance,
            ) else {
                return Ok(None);
            };
            let early = after(ruling.value, asked.on, rules)? < after(notice, asked.on, rules)?;
            Ok((early && ruling.reason.code != circumstance.code()).then(|| {
            (
                format!(
                    "a {} for {circumstance} takes effect after {} instead of the declared {notice}, but gives the reason \"{}\", not the circumstance",
                    asked.question.kind.code(),
                    ruling.value,
                    ruling.reason.code
                ),
                json!({ "reason": circumstance.code() }),
            )
        }))
        },
    )
}

fn kept_informed(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    const UPDATES: Param<Period> = Param::business_days("credit_limit.status_update_business_days");
    let strategy = asked(
        limit_application(),
        book,
        overrides(&[("credit_limit.status_update_business_days", 1, 20)]),
    );
    rule_promise(
        book,
        runner,
        "kept_informed",
        strategy,
        |asked, rules, ruling| {
            let Some(interval) = declared(rules, &UPDATES, asked.on) else {
                return Ok(None);
            };
            let next_update = after(interval, asked.on, rules)?;
            if after(ruling.value.decide_within, asked.on, rules)? <= next_update {
                return Ok(None);
            }
            let updated = match ruling.value.updates_every {
                Some(every) => after(every, asked.on, rules)? <= next_update,
                None => false,
            };
            Ok((!updated).then(|| {
            (
                format!(
                    "a {} application may take {} to decide, but the customer hears {} instead of every {interval}",
                    asked.question.route.code(),
                    ruling.value.decide_within,
                    ruling.value.updates_every.map_or_else(|| "nothing meanwhile".to_owned(), |p| format!("only every {p}")),
                ),
                json!({ "updates_every": interval.to_string() }),
            )
        }))
        },
    )
}

fn consultation_gives_time(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    const ANSWER: Param<Period> = Param::business_days("credit_limit.answer_business_days");
    let strategy = asked(
        consultation(),
        book,
        overrides(&[("credit_limit.answer_business_days", 1, 30)]),
    );
    rule_promise(
        book,
        runner,
        "consultation_gives_time",
        strategy,
        |asked, rules, ruling| {
            let (Some(within), Some(declared)) = (ruling.value, declared(rules, &ANSWER, asked.on))
            else {
                return Ok(None);
            };
            Ok((after(within, asked.on, rules)? < after(declared, asked.on, rules)?).then(|| {
            (
                format!(
                    "the customer asked about a {} gets {within} to answer, less than the declared {declared}",
                    asked.question.kind.code()
                ),
                json!({ "answer_within": declared.to_string() }),
            )
        }))
        },
    )
}

fn weak_rating_told(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    const GRADE: Param<u32> = Param::count("credit_limit.disclosure_rating", 1, 10);
    let strategy = asked(
        rating_question(),
        book,
        overrides(&[("credit_limit.disclosure_rating", 1, 10)]),
    );
    rule_promise(
        book,
        runner,
        "weak_rating_told",
        strategy,
        |asked, rules, ruling| {
            let (Some(rating), Some(grade)) =
                (asked.question.rating, declared(rules, &GRADE, asked.on))
            else {
                return Ok(None);
            };
            Ok((u32::from(rating.grade()) >= grade && !ruling.value).then(|| {
            (
                format!(
                    "a buyer rated {} (at or worse than the declared grade {grade}) is not told to the customer",
                    rating.grade()
                ),
                json!({ "disclose": true }),
            )
        }))
        },
    )
}

fn objection_timetable_in_order(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(objection_question(), book, Just(BTreeMap::new()));
    rule_promise(
        book,
        runner,
        "objection_timetable_in_order",
        strategy,
        |asked, rules, ruling| {
            let t = ruling.value;
            let answer = after(t.answer, asked.on, rules)?;
            let acknowledge = after(t.acknowledge, asked.on, rules)?;
            let update = after(t.update, asked.on, rules)?;
            let escalation_ends = after(t.escalate, answer, rules)?;
            // The escalation window the pack declares, or at least a month when it
            // declares none (or none that opens it).
            const ESCALATION: Param<Period> = Param::months("objection.escalation_months");
            let escalate = declared(rules, &ESCALATION, asked.on)
                .filter(|p| *p != Period::Months(0))
                .unwrap_or(Period::Months(1));
            let broken = if acknowledge > answer {
                Some((
                    format!(
                        "the acknowledgement is due {acknowledge}, after the final answer ({answer})"
                    ),
                    json!({ "acknowledge": t.answer.to_string() }),
                ))
            } else if update > answer {
                Some((
                    format!(
                        "the progress update is due {update}, after the final answer ({answer})"
                    ),
                    json!({ "update": t.answer.to_string() }),
                ))
            } else if escalation_ends <= answer {
                Some((
                    format!(
                        "the window to escalate closes on {escalation_ends}, the day the final answer is due: it closes before it opens"
                    ),
                    json!({ "escalate": escalate.to_string() }),
                ))
            } else {
                None
            };
            Ok(broken.map(|(what, expect)| {
                (
                    format!(
                        "an objection to {} filed on {}: {what}",
                        asked.question.subject.code().replace('_', " "),
                        asked.on
                    ),
                    expect,
                )
            }))
        },
    )
}

fn renewal_documents_in_time(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(period_question(), book, Just(BTreeMap::new()));
    rule_promise(
        book,
        runner,
        "renewal_documents_in_time",
        strategy,
        |asked, rules, ruling| {
            let calendar = rules.calendar();
            let end = asked.question.ends_on;
            let documents = ruling
                .value
                .documents_before
                .before(end, calendar)
                .map_err(|e| e.to_string())?;
            let notice = ruling
                .value
                .notice_before
                .before(end, calendar)
                .map_err(|e| e.to_string())?;
            let broken = if documents > notice {
                Some(format!(
                    "the renewal documents are due {documents}, after the last day for notice of non-renewal ({notice})"
                ))
            } else if documents < asked.question.starts_on {
                Some(format!(
                    "the renewal documents are due {documents}, before the period starts ({})",
                    asked.question.starts_on
                ))
            } else {
                None
            };
            Ok(broken.map(|what| {
                (
                    format!(
                        "a {}-month period ending {end}: {what}",
                        asked.question.months
                    ),
                    json!({ "documents_before": ruling.value.notice_before.to_string() }),
                )
            }))
        },
    )
}

fn responses_in_order(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(inquiry_question(), book, Just(BTreeMap::new()));
    rule_promise(
        book,
        runner,
        "responses_in_order",
        strategy,
        |asked, rules, ruling| {
            let answer = after(ruling.value.answer, asked.on, rules)?;
            let acknowledge = after(ruling.value.acknowledge, asked.on, rules)?;
            if acknowledge > answer {
                return Ok(Some((
                    format!("a question is acknowledged by {acknowledge} but answered by {answer}"),
                    json!({ "acknowledge": ruling.value.answer.to_string() }),
                )));
            }
            if asked.question.priority != Priority::Urgent {
                return Ok(None);
            }
            let normal = InquiryQuestion {
                priority: Priority::Normal,
                ..asked.question.clone()
            };
            let normal = rules.ask(&normal, asked.on).map_err(|e| e.to_string())?;
            let normal_answer = after(normal.value.answer, asked.on, rules)?;
            Ok((answer > normal_answer).then(|| {
            (
                format!(
                    "an urgent question by {} about {} is answered by {answer}, later than the same question asked normally ({normal_answer})",
                    code(&asked.question.channel),
                    code(&asked.question.topic),
                ),
                json!({ "answer": normal.value.answer.to_string() }),
            )
        }))
        },
    )
}

fn transfer_within_declared(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    const TRANSFER: Param<Period> = Param::business_days("collection.transfer_business_days");
    let strategy = asked(
        recovery(),
        book,
        overrides(&[("collection.transfer_business_days", 1, 30)]),
    )
    .prop_map(|mut asked| {
        asked.on = asked.question.received_on;
        asked
    });
    rule_promise(
        book,
        runner,
        "transfer_within_declared",
        strategy,
        |asked, rules, ruling| {
            let Some(declared) = declared(rules, &TRANSFER, asked.on) else {
                return Ok(None);
            };
            let received = asked.question.received_on;
            let due = after(ruling.value, received, rules)?;
            let bound = after(declared, received, rules)?;
            Ok((due > bound).then(|| {
            (
                format!(
                    "the customer's {} of a {} recovery received on {received} falls due {due} ({}), after {bound}: the declared {declared}",
                    asked.question.to_customer, asked.question.amount, ruling.value
                ),
                period_fields(declared),
            )
        }))
        },
    )
}

fn invoice_payable_after_issue(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(payment_question(), book, Just(BTreeMap::new()));
    rule_promise(
        book,
        runner,
        "invoice_payable_after_issue",
        strategy,
        |asked, rules, ruling| {
            let due = ruling
                .value
                .due_on(asked.on, rules.calendar())
                .map_err(|e| e.to_string())?;
            Ok((due < asked.on).then(|| {
                (
                    format!(
                        "an invoice issued on {} is due on {due}, before it is issued",
                        asked.on
                    ),
                    json!({ "due_on": asked.on.to_string() }),
                )
            }))
        },
    )
}

fn no_cover_after_stoppage(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    let strategy = asked(invoice_cover(), book, Just(BTreeMap::new()));
    rule_promise(
        book,
        runner,
        "no_cover_after_stoppage",
        strategy,
        |asked, _, ruling| {
            let cover = &asked.question;
            let after_stoppage = cover
                .stoppage_of_cover
                .is_some_and(|s| cover.invoice.delivery_date > s);
            Ok((after_stoppage && ruling.value != Eligibility::Excluded).then(|| {
            (
                format!(
                    "invoice {} delivered on {}, after cover stopped on {}, counts towards the payout ({:?})",
                    cover.invoice.number,
                    cover.invoice.delivery_date,
                    cover.stoppage_of_cover.map(|d| d.to_string()).unwrap_or_default(),
                    ruling.value
                ),
                json!({ "counts": "excluded" }),
            )
        }))
        },
    )
}

fn payout_case() -> impl Strategy<Value = PayoutCase> {
    (currency(), date()).prop_flat_map(|(currency, start)| {
        (
            proptest::collection::vec(buyer_invoice(currency), 1..=4),
            proptest::collection::vec((date_after(start, 400), money(currency, 1, 100_000)), 0..=2),
            proptest::collection::vec(
                (
                    date_after(start - chrono::Days::new(400), 400),
                    whole_money(currency, 0, 400_000),
                ),
                0..=2,
            ),
            0u64..=200,
            proptest::option::of(date_after(start - chrono::Days::new(200), 400)),
            proptest::option::of(whole_money(currency, 0, 5_000_000)),
        )
            .prop_map(
                move |(invoices, credits, cover, loss_after, stoppage, paid)| {
                    let last_due = invoices.iter().map(|i| i.due_date).max().unwrap_or(start);
                    PayoutCase {
                        currency,
                        credits: credits
                            .into_iter()
                            .map(|(on, amount)| Credit {
                                on,
                                kind: CreditKind::Payment,
                                amount,
                            })
                            .collect(),
                        cover: cover
                            .into_iter()
                            .map(|(from, amount)| LimitSpan { from, amount })
                            .collect(),
                        date_of_loss: last_due + chrono::Days::new(loss_after),
                        stoppage_of_cover: stoppage,
                        usage: PolicyYearUsage {
                            first_loss_used: None,
                            paid,
                        },
                        invoices,
                        dates: ClaimDates::default(),
                    }
                },
            )
    })
}

fn payout_bounds(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    const INSURED: Param<Percentage> = Param::percent("claim.insured_percentage");
    const MAX_LIABILITY: Param<Money> = Param::amount("claim.max_liability");
    let book = book.clone();
    search(runner, payout_case(), |case| {
        let broken = |what: String| Violation {
            what,
            rule: None,
            counterexample: Counterexample::payout(case),
        };
        let terms = terms_in(&book, case.currency, "NL", case.date_of_loss);
        let rules = book
            .for_policy(&terms)
            .map_err(|e| broken(format!("the pack does not bind: {e}")))?;
        let on = case.date_of_loss;
        let payout = match compute_payout(case, &rules, on) {
            Ok(payout) => payout,
            // Money the arithmetic cannot hold is refused, not paid.
            Err(crate::claim::ClaimError::Money(_)) => return Ok(()),
            Err(e) => return Err(broken(format!("the payout failed: {e}"))),
        };
        let zero = Money::zero(case.currency);
        let owed = case
            .invoices
            .iter()
            .try_fold(zero, |sum, i| sum.checked_add(i.gross()?));
        let insured = declared(&rules, &INSURED, on).map(|p| p.fraction());
        let left = declared(&rules, &MAX_LIABILITY, on).map(|max| {
            max.amount()
                - case
                    .usage
                    .paid
                    .map_or(rust_decimal::Decimal::ZERO, Money::amount)
        });
        let amount = payout.amount.amount();
        let what = if amount < rust_decimal::Decimal::ZERO {
            Some(format!("the payout {} is negative", payout.amount))
        } else if owed.is_ok_and(|owed| amount > owed.amount()) {
            Some(format!(
                "the payout {} is more than the buyer owed",
                payout.amount
            ))
        } else if insured.is_some_and(|share| {
            // The insured share rounded once, with the crate's one rounding policy.
            amount > Money::rounded(payout.within_limit.amount() * share, case.currency).amount()
        }) {
            Some(format!(
                "the payout {} is more than the insured share of the capped loss {}",
                payout.amount, payout.within_limit
            ))
        } else if left.is_some_and(|left| amount > left.max(rust_decimal::Decimal::ZERO)) {
            Some(format!(
                "the payout {} is more than the maximum liability left",
                payout.amount
            ))
        } else {
            None
        };
        what.map_or(Ok(()), |what| {
            Err(Violation {
                rule: payout.rules.first().cloned(),
                ..broken(what)
            })
        })
    })
}

fn recovery_split_exact(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    const FEE: Param<Percentage> = Param::percent("collection.fee_on_uncovered");
    let strategy = (
        date(),
        1i64..1_000_000,
        proptest::collection::vec(1i64..500_000, 0..=3),
        proptest::option::of((1i64..500_000, 1i64..500_000, 0usize..3, 0i64..=100)),
        0i64..500_000,
    )
        .prop_map(|(on, amount, items, shares, covered)| (on, amount, items, shares, covered));
    let book = book.clone();
    search(
        runner,
        strategy,
        |&(on, amount, ref items, shares, covered)| {
            let eur =
                |cents: i64| Money::rounded(rust_decimal::Decimal::new(cents, 2), Currency::EUR);
            let open: Vec<OpenItem> = items
                .iter()
                .enumerate()
                .map(|(i, &cents)| OpenItem {
                    number: format!("INV-{}", i + 1),
                    due_date: on,
                    amount: eur(cents),
                })
                .collect();
            let outstanding = items.iter().sum::<i64>().max(covered);
            // Every sharing a rule may choose, after earlier recoveries of any size.
            let shares = shares.map(|(paid, loss, sharing, recovered)| SharedLoss {
                shares: LossShares {
                    paid: eur(paid.min(loss)),
                    loss: eur(loss),
                },
                sharing: [
                    RecoverySharing::ShareOfLoss,
                    RecoverySharing::LimitOverDebt,
                    RecoverySharing::InsurerFirst,
                ]
                .get(sharing)
                .copied()
                .unwrap_or(RecoverySharing::ShareOfLoss),
                insurer_recovered: eur(paid.min(loss) * recovered / 100),
            });
            let input = json!({ "received": eur(amount), "items": open, "shares": shares, "covered": eur(covered), "outstanding": eur(outstanding) });
            let broken = |what: String| Violation {
                what,
                rule: None,
                counterexample: Counterexample::Input {
                    what: "collection::allocate_recovery".into(),
                    json: input.to_string(),
                },
            };
            let terms = terms_in(&book, Currency::EUR, "NL", on);
            let rules = book
                .for_policy(&terms)
                .map_err(|e| broken(format!("the pack does not bind: {e}")))?;
            let Some(fee) = declared(&rules, &FEE, on) else {
                return Ok(());
            };
            let split = allocate_recovery(
                eur(amount),
                &open,
                shares,
                eur(covered),
                eur(outstanding),
                fee,
            )
            .map_err(|e| broken(format!("the split failed: {e}")))?;
            let sum = |parts: &[Money]| {
                parts
                    .iter()
                    .map(|m| m.amount())
                    .sum::<rust_decimal::Decimal>()
            };
            let items_sum = split
                .items
                .iter()
                .map(|(_, m)| m.amount())
                .sum::<rust_decimal::Decimal>();
            let parts = [split.insurer, split.insured, split.fee, split.to_customer];
            let what = if sum(&[split.insurer, split.insured]) != split.received.amount() {
                Some(format!(
                    "insurer {} + insured {} is not the {} received",
                    split.insurer, split.insured, split.received
                ))
            } else if sum(&[split.fee, split.to_customer]) != split.insured.amount() {
                Some(format!(
                    "fee {} + to the customer {} is not the insured part {}",
                    split.fee, split.to_customer, split.insured
                ))
            } else if items_sum != split.received.amount() {
                Some(format!(
                    "the items allocated sum to {items_sum}, not the {} received",
                    split.received
                ))
            } else if parts.iter().any(|m| m.is_negative()) {
                Some(format!("a part of the split is negative: {parts:?}"))
            } else {
                None
            };
            what.map_or(Ok(()), |what| Err(broken(what)))
        },
    )
}

/// A promise about whole case files: replays each generated file and lets `judge`
/// decide; a violation is reproduced as the case file itself.
fn case_promise(
    book: &Rulebook,
    runner: &mut TestRunner,
    judge: impl Fn(&CaseFile, &crate::case_file::Replay) -> Option<(String, Option<RuleRef>)>,
) -> Result<(), Violation> {
    search(runner, case_file(book), |file| {
        let broken = |what: String, rule: Option<RuleRef>| Violation {
            what,
            rule,
            counterexample: Counterexample::case_file(file),
        };
        let replay = file.replay(book).map_err(|e| {
            broken(
                format!("a file of accepted events does not replay: {e}"),
                None,
            )
        })?;
        judge(file, &replay).map_or(Ok(()), |(what, rule)| Err(broken(what, rule)))
    })
}

fn deadline_after_trigger(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    case_promise(book, runner, |_, replay| {
        replay.records.iter().find_map(|record| {
            let mut insurers = record.obligations().iter().filter(|o| o.owner == crate::explain::Party::Insurer);
            insurers.find_map(|o| {
                let (date, word) = match o.duty {
                    Duty::By { due } => (due, "falls due"),
                    Duty::NotBefore { date } => (date, "may first be acted on"),
                };
                (date < record.on()).then(|| {
                    (
                        format!(
                            "obligation {} ({}: {}) {word} on {date}, before the decision of {} that opened it",
                            o.id, o.clause, o.what, record.on()
                        ),
                        record.rules().first().cloned(),
                    )
                })
            })
        })
    })
}

fn adverse_decision_explained(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    case_promise(book, runner, |_, replay| {
        replay
            .records
            .iter()
            .filter(|r| r.decision().is_adverse())
            .find_map(|r| {
                let what = if r.reasons().is_empty() {
                    Some("carries no reason".to_owned())
                } else {
                    match r.objection() {
                        None => Some("grants no right to object".to_owned()),
                        Some(right) if right.until <= r.on() => Some(format!(
                            "lets the customer object only until {}",
                            right.until
                        )),
                        Some(_) => None,
                    }
                };
                what.map(|what| {
                    (
                        format!(
                            "the adverse decision `{}` of {} on {} {what}",
                            r.summary(),
                            r.subject(),
                            r.on()
                        ),
                        r.rules().first().cloned(),
                    )
                })
            })
    })
}

fn same_inputs_same_records(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    case_promise(book, runner, |file, replay| {
        let written = serde_json::to_string(file).ok()?;
        let read = match CaseFile::from_json(&written) {
            Ok(read) => read,
            Err(e) => {
                return Some((
                    format!("the case file written out does not read back: {e}"),
                    None,
                ));
            }
        };
        let again = match read.replay(book) {
            Ok(again) => again,
            Err(e) => {
                return Some((
                    format!("the case file read back does not replay: {e}"),
                    None,
                ));
            }
        };
        let same = serde_json::to_string(&replay.records).ok()
            == serde_json::to_string(&again.records).ok();
        (!same).then(|| {
            (
                "the same case file, written out and read back, gives different records".to_owned(),
                None,
            )
        })
    })
}

fn replay_twice_same_report(book: &Rulebook, runner: &mut TestRunner) -> Result<(), Violation> {
    case_promise(book, runner, |file, _| {
        let as_of = file.as_of?;
        let (Ok(first), Ok(second)) =
            (file.case_report(book, as_of), file.case_report(book, as_of))
        else {
            return Some(("the case file replays once but not twice".to_owned(), None));
        };
        let json = serde_json::to_string(&first).ok() == serde_json::to_string(&second).ok();
        let text = first.compliance.to_text() == second.compliance.to_text();
        (!(json && text)).then(|| {
            (
                "two replays of one case file give different reports".to_owned(),
                None,
            )
        })
    })
}

/// Checks that `candidates` with the rejected ones left out give the same records and
/// state as with them.
fn rejection_free<M>(machine: M, candidates: &[M::Event], rules: &PolicyRules) -> Option<String>
where
    M: Machine + PartialEq + Debug,
    M::Event: Clone + Serialize,
{
    let with = accepted(machine.clone(), candidates, rules);
    if with.rejected == 0 {
        return None;
    }
    let without = accepted(machine, &with.events, rules);
    let same =
        without.rejected == 0 && without.machine == with.machine && without.records == with.records;
    (!same).then(|| {
        format!(
            "{} events rejected along the way changed {}: its state or records differ from those of the accepted events alone",
            with.rejected,
            with.machine.subject()
        )
    })
}

fn rejected_event_changes_nothing(
    book: &Rulebook,
    runner: &mut TestRunner,
) -> Result<(), Violation> {
    let book = book.clone();
    let strategy = date().prop_flat_map(|from| {
        let policy = PolicyId::new("POL-1").ok();
        (
            Just(from),
            in_date_order(credit_limit_event(Currency::EUR, from, CASE_DAYS), 12),
            in_date_order(collection_event(Currency::EUR, from, CASE_DAYS), 8),
            match policy {
                Some(policy) => {
                    in_date_order(premium_event(policy, Currency::EUR, from, CASE_DAYS), 8).boxed()
                }
                None => Just(Vec::new()).boxed(),
            },
        )
    });
    search(runner, strategy, |(from, limits, collections, premiums)| {
        let broken = |what: String| {
            Violation {
            what,
            rule: None,
            counterexample: Counterexample::Input {
                what: "events (credit limit, collection, premium year)".into(),
                json: json!({ "credit_limit": limits, "collection": collections, "premium": premiums }).to_string(),
            },
        }
        };
        let terms = terms_in(&book, Currency::EUR, "NL", *from);
        let rules = book
            .for_policy(&terms)
            .map_err(|e| broken(format!("the pack does not bind: {e}")))?;
        let (Ok(policy), Ok(buyer)) = (PolicyId::new("POL-1"), BuyerId::new("B-1")) else {
            return Ok(());
        };
        let limit = CreditLimit::new(policy.clone(), buyer.clone(), Currency::EUR);
        let collection = Collection::new(policy.clone(), buyer, Currency::EUR);
        let found = rejection_free(limit, limits, &rules)
            .or_else(|| rejection_free(collection, collections, &rules))
            .or_else(|| {
                PremiumYear::new(policy, Currency::EUR, *from)
                    .ok()
                    .and_then(|year| rejection_free(year, premiums, &rules))
            });
        found.map_or(Ok(()), |what| Err(broken(what)))
    })
}
