//! Strategies for the question every rule is asked: the machine's own type, from which the
//! [`Question`] contract builds the rule's facts, and [`Asked`], one question put on a
//! business date under a policy's terms, as a `.cases.toml` case states it.

use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::domain::{circumstance, currency, date, date_after, money, rating, whole_money};
use crate::calendar::{MonthEnd, add_months};
use crate::claim::{BuyerInvoice, InvoiceCover};
use crate::collection::Recovery;
use crate::communication::{Channel, InquiryQuestion, Priority, Topic};
use crate::credit_limit::{
    ChangeKind, ConsultationKind, ConsultationQuestion, DiscretionaryRequest, LimitApplication,
    LimitChange, RatingOccasion, RatingQuestion, Route,
};
use crate::explain::{Decision, SubjectKind};
use crate::invoice::InvoiceKind;
use crate::money::{Currency, Money};
use crate::objection::ObjectionQuestion;
use crate::premium::{ClosingQuestion, PaymentQuestion};
use crate::renewal::PeriodQuestion;
use crate::rulebook::{
    Facts, ParamInput, ParamValue, PolicyRules, PolicyTerms, Question, RuleError, Rulebook,
    RulebookError, Ruling,
};

/// One question put to its rule on a business date, under a policy's calendar and its
/// overrides: everything a `.cases.toml` case states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked<Q> {
    /// The question.
    pub question: Q,
    /// The business date it is asked on.
    pub on: NaiveDate,
    /// The policy's holiday calendar.
    pub calendar: String,
    /// The policy's own parameter values (whole numbers), by name.
    pub overrides: BTreeMap<&'static str, i64>,
}

impl<Q: Question> Asked<Q> {
    /// The policy's terms: the question's currency, the calendar and the overrides, plus
    /// every amount parameter `book` states in another currency, restated in this one
    /// (a policy in GBP must set them).
    #[must_use]
    pub fn terms(&self, book: &Rulebook) -> PolicyTerms {
        let mut terms = terms_in(book, self.question.currency(), &self.calendar, self.on);
        for (name, value) in &self.overrides {
            terms
                .parameters
                .insert((*name).to_owned(), ParamInput::Whole(*value));
        }
        terms
    }

    /// The pack bound to [`Asked::terms`].
    ///
    /// # Errors
    ///
    /// As [`Rulebook::for_policy`].
    pub fn rules(&self, book: &Rulebook) -> Result<PolicyRules, RulebookError> {
        book.for_policy(&self.terms(book))
    }

    /// The rule's ruling under `rules`.
    ///
    /// # Errors
    ///
    /// The rule's error.
    pub fn ruling(&self, rules: &PolicyRules) -> Result<Ruling<Q::Value>, RuleError> {
        rules.ask(&self.question, self.on)
    }

    /// The facts the rule sees.
    #[must_use]
    pub fn facts(&self) -> Facts {
        self.question.facts(self.on)
    }
}

/// A policy's terms in `currency` and `calendar` with no overrides of its own, except
/// that every amount parameter `book` states in another currency is restated, as of `on`,
/// with the same number in `currency`.
#[must_use]
pub fn terms_in(book: &Rulebook, currency: Currency, calendar: &str, on: NaiveDate) -> PolicyTerms {
    let parameters = book
        .parameters()
        .iter()
        .filter_map(
            |p| match p.on(on).ok().or_else(|| p.values.first().map(|(_, v)| v)) {
                Some(ParamValue::Amount(m)) if m.currency() != currency => Some((
                    p.name.clone(),
                    ParamInput::Text(format!("{} {}", currency.code(), m.amount())),
                )),
                _ => None,
            },
        )
        .collect();
    PolicyTerms {
        currency,
        calendar: calendar.to_owned(),
        parameters,
    }
}

/// `question` asked on a date of [`date`], in one of `book`'s calendars (NL most often,
/// when it has it), with `overrides`.
pub fn asked<Q: Debug + Clone>(
    question: impl Strategy<Value = Q>,
    book: &Rulebook,
    overrides: impl Strategy<Value = BTreeMap<&'static str, i64>>,
) -> impl Strategy<Value = Asked<Q>> {
    (question, date(), calendar_of(book), overrides).prop_map(
        |(question, on, calendar, overrides)| Asked {
            question,
            on,
            calendar,
            overrides,
        },
    )
}

/// One of `book`'s holiday calendars, `NL` first (where shrinking ends) when it has it.
pub fn calendar_of(book: &Rulebook) -> impl Strategy<Value = String> {
    let mut codes: Vec<String> = book.calendar_codes().map(str::to_owned).collect();
    codes.sort_by_key(|c| c != "NL");
    if codes.is_empty() {
        codes.push("NL".to_owned());
    }
    (0..codes.len()).prop_map(move |i| codes.get(i).cloned().unwrap_or_default())
}

/// The facts a rule is given, built from `question` through the [`Question`] contract, on
/// a business date of [`date`].
pub fn facts<Q: Question + Debug>(
    question: impl Strategy<Value = Q>,
) -> impl Strategy<Value = Facts> {
    (question, date()).prop_map(|(question, on)| question.facts(on))
}

/// Per-policy overrides: each named parameter left alone (most often) or set to a whole
/// number in its range. Shrinks towards no overrides.
pub fn overrides(
    parameters: &'static [(&'static str, i64, i64)],
) -> impl Strategy<Value = BTreeMap<&'static str, i64>> {
    let each: Vec<_> = parameters
        .iter()
        .map(|&(name, min, max)| {
            proptest::option::weighted(0.3, min..=max).prop_map(move |v| (name, v))
        })
        .collect();
    each.prop_map(|values| {
        values
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| (name, v)))
            .collect()
    })
}

/// A reduction or withdrawal of a limit, with or without an exceptional circumstance
/// (C3.4): `credit_limit/notice_period`.
pub fn limit_change(circumstances: bool) -> impl Strategy<Value = LimitChange> {
    let circumstance = if circumstances {
        circumstance().prop_map(Some).boxed()
    } else {
        Just(None).boxed()
    };
    (
        currency(),
        1i64..2_000_000,
        0u32..=100,
        any::<bool>(),
        circumstance,
    )
        .prop_map(|(currency, current, kept, withdrawal, circumstance)| {
            let current = Money::rounded(current.into(), currency);
            let new_amount = if withdrawal {
                Money::zero(currency)
            } else {
                Money::rounded(
                    current.amount() * rust_decimal::Decimal::from(kept)
                        / rust_decimal::Decimal::from(101),
                    currency,
                )
            };
            LimitChange {
                kind: if withdrawal {
                    ChangeKind::Withdrawal
                } else {
                    ChangeKind::Reduction
                },
                current,
                new_amount,
                circumstance,
            }
        })
}

/// A route: instant or referred.
pub fn route() -> impl Strategy<Value = Route> {
    prop_oneof![Just(Route::Referred), Just(Route::Instant)]
}

/// An application for a limit (C3.1): `credit_limit/decision_deadline`.
pub fn limit_application() -> impl Strategy<Value = LimitApplication> {
    currency().prop_flat_map(|currency| {
        (
            route(),
            whole_money(currency, 1, 5_000_000),
            proptest::option::of(whole_money(currency, 1, 5_000_000)),
        )
            .prop_map(|(route, requested, current)| LimitApplication {
                route,
                requested,
                current,
            })
    })
}

/// A possible adverse decision the customer might be consulted on (C3.2):
/// `credit_limit/information_request`.
pub fn consultation() -> impl Strategy<Value = ConsultationQuestion> {
    let kind = prop_oneof![
        Just(ConsultationKind::Application),
        Just(ConsultationKind::Reduction),
        Just(ConsultationKind::Withdrawal),
    ];
    (
        currency(),
        kind,
        route(),
        any::<bool>(),
        proptest::option::of(circumstance()),
    )
        .prop_flat_map(|(currency, kind, route, in_use, circumstance)| {
            (
                whole_money(currency, 0, 5_000_000),
                proptest::option::of(whole_money(currency, 1, 5_000_000)),
            )
                .prop_map(move |(amount, current)| {
                    let application = kind == ConsultationKind::Application;
                    ConsultationQuestion {
                        kind,
                        route: application.then_some(route),
                        amount: if kind == ConsultationKind::Withdrawal {
                            Money::zero(currency)
                        } else {
                            amount
                        },
                        current,
                        limit_in_use: in_use && !application,
                        circumstance: circumstance.filter(|_| !application),
                    }
                })
        })
}

/// A decision or rating change that might have to state the buyer's rating (C3.3):
/// `credit_limit/rating_disclosure`.
pub fn rating_question() -> impl Strategy<Value = RatingQuestion> {
    let kind = prop_oneof![
        Just(RatingOccasion::Decision),
        Just(RatingOccasion::Change),
        Just(RatingOccasion::RatingChange),
    ];
    (
        kind,
        any::<bool>(),
        proptest::option::of(rating()),
        proptest::option::of(rating()),
    )
        .prop_map(|(kind, adverse, rating, previous)| RatingQuestion {
            kind,
            adverse,
            rating,
            previous_rating: previous.filter(|_| kind == RatingOccasion::RatingChange),
        })
}

/// The customer's own discretionary limit: `credit_limit/discretionary_limit`. Its dates
/// lie before the business date it is asked on, which [`asked`] draws from 2025.
pub fn discretionary_request() -> impl Strategy<Value = DiscretionaryRequest> {
    currency().prop_flat_map(|currency| {
        (
            whole_money(currency, 1, 30_000),
            date_after(super::domain::FIRST_DAY - Days::new(730), 700),
            any::<bool>(),
            proptest::option::of(date_after(super::domain::FIRST_DAY - Days::new(730), 700)),
        )
            .prop_map(|(amount, report, loss, zero)| DiscretionaryRequest {
                amount,
                credit_report_on: report,
                loss_in_last_12_months: loss,
                zero_decision_on: zero,
            })
    })
}

/// An adverse decision a customer objects to (C3.5, C4.3): `objection/handling`. The
/// decision is dated in the year before 2025, before any business date [`asked`] draws.
pub fn objection_question() -> impl Strategy<Value = ObjectionQuestion> {
    let decision = prop_oneof![
        Just((SubjectKind::CreditLimit, Decision::LimitRefused)),
        Just((SubjectKind::CreditLimit, Decision::ReductionAnnounced)),
        Just((SubjectKind::CreditLimit, Decision::WithdrawalAnnounced)),
        Just((SubjectKind::CreditLimit, Decision::LimitPartiallyApproved)),
        Just((SubjectKind::Claim, Decision::ClaimRejected)),
        Just((SubjectKind::Claim, Decision::ClaimPartlyPaid)),
    ];
    (
        decision,
        date_after(super::domain::FIRST_DAY - Days::new(365), 364),
    )
        .prop_map(|((subject, decision), decided_on)| ObjectionQuestion {
            subject,
            decision,
            decided_on,
        })
}

/// A policy period of 6–24 months, 12 most often (C2.3): `renewal/timetable`.
pub fn period_question() -> impl Strategy<Value = PeriodQuestion> {
    (date(), prop_oneof![4 => Just(12u32), 1 => 6u32..=24]).prop_filter_map(
        "a period inside the calendar",
        |(starts_on, months)| {
            let end = add_months(starts_on, months, MonthEnd::Clamp).ok()?;
            Some(PeriodQuestion {
                starts_on,
                ends_on: end.pred_opt()?,
                months,
            })
        },
    )
}

/// A customer's question (C1.1, C2.1): `communication/response_times`.
pub fn inquiry_question() -> impl Strategy<Value = InquiryQuestion> {
    let channel = prop_oneof![
        Just(Channel::Email),
        Just(Channel::Phone),
        Just(Channel::Portal),
        Just(Channel::Letter),
    ];
    let topic = prop_oneof![
        Just(Topic::Other),
        Just(Topic::Administration),
        Just(Topic::CreditLimits),
        Just(Topic::Claims),
        Just(Topic::Invoices),
    ];
    let priority = prop_oneof![Just(Priority::Normal), Just(Priority::Urgent)];
    (channel, priority, topic).prop_map(|(channel, priority, topic)| InquiryQuestion {
        channel,
        priority,
        topic,
    })
}

/// A recovery and the customer's part of it (C4.2): `collection/transfer_deadline`. It is
/// received on a date of [`date`]; [`Asked::on`] should be the same day.
pub fn recovery() -> impl Strategy<Value = Recovery> {
    (currency(), 1i64..5_000_000, 0u32..=100, date()).prop_map(
        |(currency, amount, share, received_on)| {
            let amount = Money::rounded(amount.into(), currency);
            let to_customer = Money::rounded(
                amount.amount() * rust_decimal::Decimal::from(share)
                    / rust_decimal::Decimal::from(100),
                currency,
            );
            Recovery {
                received_on,
                amount,
                to_customer,
            }
        },
    )
}

/// An invoice to pay (C2.4): `invoice/payment_terms`.
pub fn payment_question() -> impl Strategy<Value = PaymentQuestion> {
    let kind = prop_oneof![Just(InvoiceKind::Instalment), Just(InvoiceKind::Closing)];
    (currency(), kind).prop_flat_map(|(currency, kind)| {
        money(currency, 1, 500_000).prop_map(move |total| PaymentQuestion { kind, total })
    })
}

/// A year-end premium adjustment (C2.4): `premium/closing_invoice`.
pub fn closing_question() -> impl Strategy<Value = ClosingQuestion> {
    currency().prop_flat_map(|currency| {
        (
            whole_money(currency, 0, 500_000),
            whole_money(currency, 0, 500_000),
            0u32..=100,
        )
            .prop_map(
                move |(final_premium, advance_premium, share)| ClosingQuestion {
                    final_premium,
                    minimum_premium: Money::rounded(
                        advance_premium.amount() * rust_decimal::Decimal::from(share)
                            / rust_decimal::Decimal::from(100),
                        currency,
                    ),
                    advance_premium,
                },
            )
    })
}

/// A buyer's invoice: delivered on its invoice date or before, due 0–120 days later (the
/// usual 30, 60 and 90 days most often, so rules that turn on them meet their edges).
pub fn buyer_invoice(currency: Currency) -> impl Strategy<Value = BuyerInvoice> {
    (
        1u32..1000,
        date(),
        0u64..=10,
        prop_oneof![2 => 0u64..=120, 1 => Just(30u64), 1 => Just(60u64), 1 => Just(90u64)],
        whole_money(currency, 1, 500_000),
        0u32..=21,
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            move |(n, invoice_date, early, terms, amount, vat, disputed)| BuyerInvoice {
                number: format!("INV-{n}"),
                invoice_date,
                delivery_date: invoice_date - Days::new(early),
                due_date: invoice_date + Days::new(terms),
                amount,
                vat: Money::rounded(
                    amount.amount() * rust_decimal::Decimal::from(vat)
                        / rust_decimal::Decimal::from(100),
                    currency,
                ),
                disputed,
            },
        )
}

/// One invoice of a claim as the payout rule judges it (C4.3): `claim/payout`, with the
/// date of loss after its due date and, sometimes, a stoppage of cover around its delivery.
pub fn invoice_cover() -> impl Strategy<Value = InvoiceCover> {
    currency().prop_flat_map(|currency| {
        (
            buyer_invoice(currency),
            0u32..=100,
            proptest::option::of(whole_money(currency, 0, 1_000_000)),
            60u64..=400,
            proptest::option::of(-30i64..=30),
        )
            .prop_map(move |(invoice, share, limit, loss_after, stoppage)| {
                let gross = invoice.amount.amount() + invoice.vat.amount();
                InvoiceCover {
                    outstanding: Money::rounded(
                        gross * rust_decimal::Decimal::from(share)
                            / rust_decimal::Decimal::from(100),
                        currency,
                    ),
                    limit_at_delivery: limit.unwrap_or_else(|| Money::zero(currency)),
                    date_of_loss: invoice.due_date + Days::new(loss_after),
                    stoppage_of_cover: stoppage.and_then(|shift| {
                        invoice
                            .delivery_date
                            .checked_add_signed(chrono::TimeDelta::days(shift))
                    }),
                    invoice,
                    dates: crate::claim::ClaimDates::default(),
                }
            })
    })
}
