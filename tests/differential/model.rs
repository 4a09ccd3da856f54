//! A plain-Rust reference model of the default rules: what each rule of `rules/` answers,
//! written again without rhai, reading the same parameters (the policy's overrides first).
//! `tests/differential` checks that the pack and the model agree on random facts.

use chrono::NaiveDate;
use credit_charter::calendar::{MonthEnd, Period, add_months};
use credit_charter::claim::{Eligibility, InvoiceCover};
use credit_charter::collection::Recovery;
use credit_charter::communication::{InquiryQuestion, Priority, ResponseTimetable};
use credit_charter::credit_limit::{
    ConsultationKind, ConsultationQuestion, DecisionTimetable, DiscretionaryRequest,
    LimitApplication, LimitChange, RatingQuestion, Route,
};
use credit_charter::invoice::{InvoiceKind, PaymentTerm};
use credit_charter::objection::{ObjectionQuestion, ObjectionTimetable};
use credit_charter::premium::{ClosingQuestion, PaymentQuestion};
use credit_charter::renewal::{PeriodQuestion, RenewalDates};
use credit_charter::rulebook::{Param, ParamType};
use credit_charter::{Money, PolicyRules};

/// What the model answers: the value and the reason code.
pub(crate) type Answer<T> = (T, &'static str);

fn get<T: ParamType>(rules: &PolicyRules, param: &Param<T>, on: NaiveDate) -> T {
    rules.get(param, on).unwrap()
}

fn days(rules: &PolicyRules, name: &'static str, on: NaiveDate) -> Period {
    get(rules, &Param::days(name), on)
}

fn business_days(rules: &PolicyRules, name: &'static str, on: NaiveDate) -> Period {
    get(rules, &Param::business_days(name), on)
}

fn months(rules: &PolicyRules, name: &'static str, on: NaiveDate) -> Period {
    get(rules, &Param::months(name), on)
}

/// C3.4 `credit_limit/notice_period`: immediate for a stated circumstance, else the notice.
pub(crate) fn notice(c: &LimitChange, rules: &PolicyRules, on: NaiveDate) -> Answer<Period> {
    match c.circumstance {
        Some(circumstance) => (Period::Days(0), circumstance.code()),
        None => (
            days(rules, "credit_limit.notice_days", on),
            "standard_notice",
        ),
    }
}

/// C3.1 `credit_limit/decision_deadline`.
pub(crate) fn decision(
    a: &LimitApplication,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<DecisionTimetable> {
    match a.route {
        Route::Instant => (
            DecisionTimetable {
                decide_within: Period::BusinessDays(0),
                updates_every: None,
            },
            "instant_check",
        ),
        Route::Referred => (
            DecisionTimetable {
                decide_within: business_days(
                    rules,
                    "credit_limit.referred_decision_business_days",
                    on,
                ),
                updates_every: Some(business_days(
                    rules,
                    "credit_limit.status_update_business_days",
                    on,
                )),
            },
            "underwriter_review",
        ),
    }
}

/// C3.2 `credit_limit/information_request`.
pub(crate) fn consultation(
    q: &ConsultationQuestion,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<Option<Period>> {
    let threshold: Money = get(
        rules,
        &Param::amount("credit_limit.consultation_threshold"),
        on,
    );
    let answer = business_days(rules, "credit_limit.answer_business_days", on);
    match q.kind {
        ConsultationKind::Application
            if q.route == Some(Route::Referred) && q.amount.amount() >= threshold.amount() =>
        {
            (Some(answer), "consult_before_adverse_decision")
        }
        ConsultationKind::Application => (None, "no_consultation_needed"),
        _ if q.circumstance.is_some() => (None, "exceptional_circumstance_no_time"),
        _ if q.limit_in_use => (Some(answer), "consult_before_reducing_used_limit"),
        _ => (None, "no_consultation_needed"),
    }
}

/// C3.3 `credit_limit/rating_disclosure`.
pub(crate) fn rating(q: &RatingQuestion, rules: &PolicyRules, on: NaiveDate) -> Answer<bool> {
    let grade: u32 = get(
        rules,
        &Param::count("credit_limit.disclosure_rating", 1, 10),
        on,
    );
    if q.adverse {
        (true, "adverse_decision_rating")
    } else if q.rating.is_some_and(|r| u32::from(r.grade()) >= grade) {
        (true, "weak_rating")
    } else {
        (false, "rating_not_relevant")
    }
}

/// C3.1 `credit_limit/discretionary_limit`: the checks in order, the first that fails
/// gives the reason.
pub(crate) fn discretionary(
    q: &DiscretionaryRequest,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<bool> {
    let max: Money = get(rules, &Param::amount("credit_limit.discretionary_max"), on);
    let months = |name| match months(rules, name, on) {
        Period::Months(n) => n,
        other => panic!("{name} in {other}"),
    };
    let later = |date, n| add_months(date, n, MonthEnd::Clamp).unwrap();
    if q.amount.amount() > max.amount() {
        (false, "discretionary_above_maximum")
    } else if later(
        q.credit_report_on,
        months("credit_limit.credit_report_validity_months"),
    ) < on
    {
        (false, "credit_report_too_old")
    } else if q.loss_in_last_12_months {
        (false, "recent_loss_on_buyer")
    } else if q.zero_decision_on.is_some_and(|zero| {
        later(zero, months("credit_limit.discretionary_after_zero_months")) > on
    }) {
        (false, "recent_zero_decision")
    } else {
        (true, "discretionary_limit_allowed")
    }
}

/// C3.5 `objection/handling`.
pub(crate) fn objection(
    _: &ObjectionQuestion,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<ObjectionTimetable> {
    (
        ObjectionTimetable {
            acknowledge: business_days(rules, "objection.acknowledge_business_days", on),
            update: days(rules, "objection.progress_update_days", on),
            answer: days(rules, "objection.final_answer_days", on),
            escalate: months(rules, "objection.escalation_months", on),
        },
        "objection_procedure",
    )
}

/// C2.3 `renewal/timetable`.
pub(crate) fn renewal(
    _: &PeriodQuestion,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<RenewalDates> {
    (
        RenewalDates {
            documents_before: days(rules, "renewal.documents_days_before", on),
            notice_before: months(rules, "renewal.notice_months_before", on),
        },
        "renewal_timetable",
    )
}

/// C1.1 `communication/response_times`.
pub(crate) fn response(
    q: &InquiryQuestion,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<ResponseTimetable> {
    if q.priority == Priority::Urgent {
        let urgent = business_days(rules, "communication.urgent_business_days", on);
        (
            ResponseTimetable {
                acknowledge: urgent,
                answer: urgent,
            },
            "urgent_response",
        )
    } else {
        (
            ResponseTimetable {
                acknowledge: business_days(rules, "communication.acknowledge_business_days", on),
                answer: business_days(rules, "communication.answer_business_days", on),
            },
            "standard_response",
        )
    }
}

/// C4.2 `collection/transfer_deadline`.
pub(crate) fn transfer(_: &Recovery, rules: &PolicyRules, on: NaiveDate) -> Answer<Period> {
    (
        business_days(rules, "collection.transfer_business_days", on),
        "collected_funds_transfer",
    )
}

/// C2.4 `invoice/payment_terms`.
pub(crate) fn payment(
    q: &PaymentQuestion,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<PaymentTerm> {
    let within = PaymentTerm::Within(days(rules, "invoice.payment_days", on));
    match q.kind {
        InvoiceKind::Closing => (within, "closing_premium_payment_terms"),
        InvoiceKind::Instalment => (within, "standard_payment_terms"),
    }
}

/// C2.4 `premium/closing_invoice`.
pub(crate) fn closing(q: &ClosingQuestion, _: &PolicyRules, _: NaiveDate) -> Answer<bool> {
    if q.final_premium.amount() > q.advance_premium.amount() {
        (true, "final_premium_above_advance")
    } else if q.final_premium.amount() < q.minimum_premium.amount() {
        (false, "minimum_premium_applies")
    } else {
        (false, "premium_already_invoiced")
    }
}

/// C4.3 `claim/payout`: the first judgement that applies decides.
pub(crate) fn payout_line(
    c: &InvoiceCover,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Answer<Eligibility> {
    let max_terms = match days(rules, "claim.max_credit_terms_days", on) {
        Period::Days(n) => i64::from(n),
        other => panic!("max credit terms in {other}"),
    };
    let vat_insured: bool = get(rules, &Param::flag("claim.vat_insured"), on);
    let terms = (c.invoice.due_date - c.invoice.invoice_date).num_days();
    if c.invoice.disputed {
        (Eligibility::Excluded, "disputed_invoice")
    } else if c
        .stoppage_of_cover
        .is_some_and(|s| c.invoice.delivery_date > s)
    {
        (Eligibility::Excluded, "delivered_after_stoppage")
    } else if c.limit_at_delivery.amount() <= rust_decimal::Decimal::ZERO {
        (Eligibility::Excluded, "no_credit_limit")
    } else if terms > max_terms {
        (Eligibility::Excluded, "beyond_max_credit_terms")
    } else if c.invoice.vat.amount() > rust_decimal::Decimal::ZERO && !vat_insured {
        (Eligibility::CoveredNet, "vat_not_insured")
    } else {
        (Eligibility::Covered, "invoice_covered")
    }
}
