//! The itemised payout (C4.3), following `reference/domain.md` 3.6.
//!
//! ```text
//!   invoices outstanding (incl. VAT)
//! − payments, credit notes, set-offs before the date of loss (oldest invoice first)
//! = outstanding at the date of loss                      (the customer's loss)
//! − per invoice, what rule `claim/payout` excludes       (VAT, disputes, terms, stoppage …)
//! = eligible loss
//!   at or below the claim threshold: nothing paid, nothing counts towards the first loss
//! − above the credit limit in force at each delivery
//! − aggregate first loss left this policy year           (consumed in date-of-loss order)
//! − deductible and uninsured percentage, in the order the policy states
//! − up to the minimum retention: the customer keeps at least `claim.minimum_retention`
//! − beyond the maximum liability left this policy year
//! = payout
//! ```
//!
//! Every number comes from the policy's parameters (`claim.*`), every per-invoice judgement
//! from the rule; this module only does the arithmetic, rounding each line once with
//! [`money::rounding`](crate::money::rounding).

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{
    AGGREGATE_FIRST_LOSS, DEDUCTIBLE, DEDUCTIBLE_BEFORE_PERCENTAGE, INSURED_PERCENTAGE,
    MAX_LIABILITY, MINIMUM_RETENTION, THRESHOLD,
};
use super::{
    BuyerInvoice, ClaimDates, ClaimError, Credit, CreditKind, Eligibility, InvoiceCover,
    PolicyYearUsage,
};
use crate::credit_limit::LimitSpan;
use crate::explain::BreakdownLine;
use crate::money::{Currency, Money, Percentage};
use crate::rulebook::{PolicyRules, Reason, RuleRef};

/// In which order the deductible and the insured percentage apply; policies differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductibleOrder {
    /// `(loss − deductible) × insured %` (parameter `claim.deductible_before_percentage` true).
    DeductibleFirst,
    /// `loss × insured % − deductible`.
    PercentageFirst,
}

/// Whether the payout is the full insured percentage of the loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutOutcome {
    /// The insured percentage of the loss after credits: nothing withheld.
    Full,
    /// Something was withheld; every line says why.
    Partial,
    /// Nothing is paid; every line says why.
    Nil,
}

/// Everything the payout is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutCase {
    /// The currency of the policy.
    pub currency: Currency,
    /// The buyer's invoices.
    pub invoices: Vec<BuyerInvoice>,
    /// Payments, credit notes and set-offs; those after the date of loss are recoveries and
    /// do not count here.
    pub credits: Vec<Credit>,
    /// The credit limits on the buyer by first delivery date covered.
    pub cover: Vec<LimitSpan>,
    /// The date of loss.
    pub date_of_loss: NaiveDate,
    /// Cover stopped for deliveries after this date, if it did.
    pub stoppage_of_cover: Option<NaiveDate>,
    /// What earlier losses of the policy year used.
    pub usage: PolicyYearUsage,
    /// The claim's other dates, for wordings that use them (all absent by default).
    #[serde(default)]
    pub dates: ClaimDates,
}

/// An explained payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// The date of loss.
    pub date_of_loss: NaiveDate,
    /// What the buyer owed at the date of loss, after credits: the customer's loss, which
    /// later recoveries are shared by.
    pub loss: Money,
    /// The part of the loss the policy covers (after the rule's exclusions).
    pub eligible: Money,
    /// The loss within the credit limits in force at delivery.
    pub within_limit: Money,
    /// What the insurer pays.
    pub amount: Money,
    /// The aggregate first loss this claim consumed.
    pub first_loss_consumed: Money,
    /// Full, partial or nil.
    pub outcome: PayoutOutcome,
    /// The calculation, line by line.
    pub lines: Vec<BreakdownLine>,
    /// The rules consulted (one ruling per invoice).
    pub rules: Vec<RuleRef>,
}

impl Payout {
    /// The distinct reasons of the lines that lowered the payout, in line order.
    #[must_use]
    pub fn reasons(&self) -> Vec<Reason> {
        let mut reasons: Vec<Reason> = Vec::new();
        for reason in self.lines.iter().filter_map(|l| l.reason.as_ref()) {
            if !reasons.iter().any(|r| r.code == reason.code) {
                reasons.push(reason.clone());
            }
        }
        reasons
    }
}

/// The policy terms the payout reads, all parameters a policy overrides.
struct Terms {
    insured: Percentage,
    threshold: Money,
    first_loss: Money,
    deductible: Money,
    order: DeductibleOrder,
    minimum_retention: Money,
    max_liability: Money,
}

impl Terms {
    fn read(rules: &PolicyRules, on: NaiveDate) -> Result<Terms, ClaimError> {
        Ok(Terms {
            insured: rules.get(&INSURED_PERCENTAGE, on)?,
            threshold: rules.get(&THRESHOLD, on)?,
            first_loss: rules.get(&AGGREGATE_FIRST_LOSS, on)?,
            deductible: rules.get(&DEDUCTIBLE, on)?,
            order: if rules.get(&DEDUCTIBLE_BEFORE_PERCENTAGE, on)? {
                DeductibleOrder::DeductibleFirst
            } else {
                DeductibleOrder::PercentageFirst
            },
            minimum_retention: rules.get(&MINIMUM_RETENTION, on)?,
            max_liability: rules.get(&MAX_LIABILITY, on)?,
        })
    }
}

/// The credit limit covering a delivery on `delivery` (zero when none).
pub(crate) fn limit_at(cover: &[LimitSpan], delivery: NaiveDate, currency: Currency) -> Money {
    cover
        .iter()
        .rev()
        .find(|span| span.from <= delivery)
        .map_or_else(|| Money::zero(currency), |span| span.amount)
}

fn positive(m: Money) -> Money {
    if m.is_negative() {
        Money::zero(m.currency())
    } else {
        m
    }
}

fn min(a: Money, b: Money) -> Result<Money, ClaimError> {
    Ok(a.checked_min(b)?)
}

fn greater(a: Money, b: Money) -> Result<bool, ClaimError> {
    Ok(a.checked_cmp(b)? == Ordering::Greater)
}

/// Whether a reducing line makes the payout less than full (C4.3).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Withholds {
    /// Credits the buyer already gave, and the policy's own retention: still a full payout.
    No,
    /// An exclusion, the threshold, a cap, the first loss, a deductible: a partial payout.
    Yes,
}

/// Collects lines, tracking whether anything was withheld.
struct Sheet<'r> {
    rules: &'r PolicyRules,
    lines: Vec<BreakdownLine>,
    withheld: bool,
}

impl Sheet<'_> {
    /// Takes `amount` off with the catalogue's reason `code`; zero amounts add no line, so
    /// their `label` is never written (most stages take nothing off most claims).
    /// `withholds` marks a line that makes the payout less than full.
    fn less(
        &mut self,
        label: impl FnOnce() -> String,
        amount: Money,
        code: &str,
        withholds: Withholds,
    ) -> Result<(), ClaimError> {
        if amount.is_zero() {
            return Ok(());
        }
        let reason = self.rules.reason(code)?;
        self.lines
            .push(BreakdownLine::less(label(), amount, reason));
        self.withheld |= withholds == Withholds::Yes;
        Ok(())
    }

    fn less_ruled(&mut self, label: impl FnOnce() -> String, amount: Money, reason: Reason) {
        if !amount.is_zero() {
            self.lines
                .push(BreakdownLine::less(label(), amount, reason));
            self.withheld = true;
        }
    }
}

/// Computes the itemised payout of `case` under the parameters in force on `on` (the
/// decision date): the stages of the module's diagram, in order, each adding its explained line.
///
/// # Errors
///
/// [`ClaimError::Rule`] when the rule fails or a parameter is missing;
/// [`ClaimError::Money`] for an amount in another currency or an overflow.
pub fn compute_payout(
    case: &PayoutCase,
    rules: &PolicyRules,
    on: NaiveDate,
) -> Result<Payout, ClaimError> {
    let mut stages = LossStages {
        case,
        zero: Money::zero(case.currency),
        terms: Terms::read(rules, on)?,
        on,
        sheet: Sheet {
            rules,
            lines: Vec::new(),
            withheld: false,
        },
        ruled: Vec::new(),
    };
    let invoices = stages.oldest_first();
    let outstanding = stages.credits_and_set_off(&invoices)?;
    let loss = sum(stages.zero, &outstanding)?;
    let claimable = stages.eligible_invoices(&invoices, &outstanding)?;
    let eligible = sum(stages.zero, &claimable)?;
    stages
        .sheet
        .lines
        .push(BreakdownLine::subtotal("Eligible loss", eligible));
    let mut figures = Figures {
        loss,
        eligible,
        within_limit: stages.zero,
        amount: stages.zero,
        first_loss_consumed: stages.zero,
    };
    if !stages.above_threshold(eligible)? {
        return Ok(stages.finish(figures));
    }
    figures.within_limit = stages.cap_at_limit_at_delivery(&invoices, &claimable)?;
    let (after_first_loss, consumed) = stages.aggregate_first_loss(figures.within_limit)?;
    figures.first_loss_consumed = consumed;
    let insured = stages.deductible_and_percentage(after_first_loss)?;
    let retained = after_first_loss.checked_sub(insured)?;
    let insured = stages.minimum_retention(insured, retained)?;
    figures.amount = stages.maximum_liability(insured)?;
    Ok(stages.finish(figures))
}

fn sum(zero: Money, amounts: &[Money]) -> Result<Money, ClaimError> {
    let mut total = zero;
    for amount in amounts {
        total = total.checked_add(*amount)?;
    }
    Ok(total)
}

/// The loss computation as named stages (C4.3, domain.md 3.6), each a method that adds its
/// explained line: eligible invoices (rule `claim/payout`, told every date a wording can
/// use) → credits and set-off → the claim threshold → the cap at the limit in force at
/// delivery → the aggregate first loss → the deductible and the insured percentage, in the
/// policy's order → the minimum retention → the maximum liability left.
struct LossStages<'a, 'r> {
    case: &'a PayoutCase,
    zero: Money,
    terms: Terms,
    on: NaiveDate,
    sheet: Sheet<'r>,
    ruled: Vec<RuleRef>,
}

impl<'a> LossStages<'a, '_> {
    /// The invoices, oldest first: by original due date, then invoice date, then number.
    fn oldest_first(&self) -> Vec<&'a BuyerInvoice> {
        let mut invoices: Vec<&BuyerInvoice> = self.case.invoices.iter().collect();
        invoices.sort_by(|a, b| {
            (a.due_date, a.invoice_date, &a.number).cmp(&(b.due_date, b.invoice_date, &b.number))
        });
        invoices
    }

    /// Credits before the date of loss, allocated oldest invoice first: what each invoice
    /// still owes at the date of loss (the customer's loss).
    fn credits_and_set_off(
        &mut self,
        invoices: &[&BuyerInvoice],
    ) -> Result<Vec<Money>, ClaimError> {
        let case = self.case;
        let zero = self.zero;
        let mut outstanding = Vec::with_capacity(invoices.len());
        for invoice in invoices {
            outstanding.push(invoice.gross()?);
        }
        self.sheet.lines.push(BreakdownLine::start(
            format!("{} invoice(s) outstanding, VAT included", invoices.len()),
            sum(zero, &outstanding)?,
        ));
        let mut credits: Vec<&Credit> = case
            .credits
            .iter()
            .filter(|c| c.on <= case.date_of_loss)
            .collect();
        credits.sort_by_key(|c| c.on);
        let mut by_kind = [
            (CreditKind::Payment, zero),
            (CreditKind::CreditNote, zero),
            (CreditKind::SetOff, zero),
        ];
        for credit in credits {
            let mut left = credit.amount;
            for remaining in &mut outstanding {
                if left.is_zero() {
                    break;
                }
                let take = min(left, *remaining)?;
                *remaining = remaining.checked_sub(take)?;
                left = left.checked_sub(take)?;
                for (kind, sum) in &mut by_kind {
                    if *kind == credit.kind {
                        *sum = sum.checked_add(take)?;
                    }
                }
            }
        }
        for (kind, sum) in by_kind {
            let (label, code) = match kind {
                CreditKind::Payment => (
                    "Payments before the date of loss, allocated oldest invoice first",
                    "payments_before_loss",
                ),
                CreditKind::CreditNote => ("Credit notes to the buyer", "credit_notes"),
                CreditKind::SetOff => ("Amounts set off against the debt", "set_off"),
            };
            self.sheet
                .less(|| label.to_owned(), sum, code, Withholds::No)?;
        }
        self.sheet.lines.push(BreakdownLine::subtotal(
            format!("Outstanding at the date of loss, {}", case.date_of_loss),
            sum(zero, &outstanding)?,
        ));
        Ok(outstanding)
    }

    /// The rule's judgement, invoice by invoice: what of each counts towards the loss.
    fn eligible_invoices(
        &mut self,
        invoices: &[&BuyerInvoice],
        outstanding: &[Money],
    ) -> Result<Vec<Money>, ClaimError> {
        let case = self.case;
        let mut claimable = Vec::with_capacity(invoices.len());
        for (invoice, remaining) in invoices.iter().zip(outstanding) {
            if remaining.is_zero() {
                claimable.push(*remaining);
                continue;
            }
            let cover = InvoiceCover {
                invoice: (*invoice).clone(),
                outstanding: *remaining,
                limit_at_delivery: limit_at(&case.cover, invoice.delivery_date, case.currency),
                date_of_loss: case.date_of_loss,
                stoppage_of_cover: case.stoppage_of_cover,
                dates: case.dates,
            };
            let ruling = self.sheet.rules.ask(&cover, self.on)?;
            self.ruled.push(ruling.rule);
            let counts = match ruling.value {
                Eligibility::Covered => *remaining,
                Eligibility::CoveredNet => remaining.checked_mul(net_share(invoice)?)?,
                Eligibility::Excluded => self.zero,
            };
            let label = || match ruling.value {
                Eligibility::CoveredNet => format!("{}: its VAT does not count", invoice.number),
                Eligibility::Covered | Eligibility::Excluded => {
                    format!("{}: does not count", invoice.number)
                }
            };
            self.sheet
                .less_ruled(label, remaining.checked_sub(counts)?, ruling.reason);
            claimable.push(counts);
        }
        Ok(claimable)
    }

    /// The claim threshold: at or below it nothing is paid and no first loss is consumed.
    fn above_threshold(&mut self, eligible: Money) -> Result<bool, ClaimError> {
        if greater(eligible, self.terms.threshold)? {
            return Ok(true);
        }
        let threshold = self.terms.threshold;
        self.sheet.less(
            || format!("At or below the claim threshold of {threshold}"),
            eligible,
            "below_claim_threshold",
            Withholds::Yes,
        )?;
        Ok(false)
    }

    /// The credit limit in force at each delivery caps what the deliveries up to then add.
    fn cap_at_limit_at_delivery(
        &mut self,
        invoices: &[&BuyerInvoice],
        claimable: &[Money],
    ) -> Result<Money, ClaimError> {
        let case = self.case;
        let mut by_delivery: Vec<(&BuyerInvoice, Money)> = invoices
            .iter()
            .copied()
            .zip(claimable.iter().copied())
            .filter(|(_, c)| !c.is_zero())
            .collect();
        by_delivery.sort_by_key(|(invoice, _)| invoice.delivery_date);
        let mut within_limit = self.zero;
        for (invoice, counts) in by_delivery {
            let limit = limit_at(&case.cover, invoice.delivery_date, case.currency);
            let room = positive(limit.checked_sub(within_limit)?);
            let covered = min(counts, room)?;
            within_limit = within_limit.checked_add(covered)?;
            self.sheet.less(
                || {
                    format!(
                        "{}: above the {limit} limit at delivery on {}",
                        invoice.number, invoice.delivery_date
                    )
                },
                counts.checked_sub(covered)?,
                "above_credit_limit",
                Withholds::Yes,
            )?;
        }
        self.sheet.lines.push(BreakdownLine::subtotal(
            "Loss within the credit limit",
            within_limit,
        ));
        Ok(within_limit)
    }

    /// The aggregate first loss, consumed in date-of-loss order across the policy year:
    /// what is left after it, and what this claim consumed.
    fn aggregate_first_loss(&mut self, within_limit: Money) -> Result<(Money, Money), ClaimError> {
        let first_loss = self.terms.first_loss;
        let used = self.case.usage.first_loss_used.unwrap_or(self.zero);
        let left = positive(first_loss.checked_sub(used)?);
        let consumed = min(within_limit, left)?;
        self.sheet.less(
            || {
                format!(
                    "Aggregate first loss borne by you ({left} of {first_loss} left this policy year)"
                )
            },
            consumed,
            "aggregate_first_loss",
            Withholds::Yes,
        )?;
        Ok((within_limit.checked_sub(consumed)?, consumed))
    }

    /// The deductible and the insured percentage, in the policy's order: what is insured.
    fn deductible_and_percentage(&mut self, base: Money) -> Result<Money, ClaimError> {
        Ok(match self.terms.order {
            DeductibleOrder::DeductibleFirst => {
                let after = self.deductible(base)?;
                self.insured_percentage(after)?
            }
            DeductibleOrder::PercentageFirst => {
                let insured = self.insured_percentage(base)?;
                self.deductible(insured)?
            }
        })
    }

    /// Takes the deductible (at most `amount`) off `amount`.
    fn deductible(&mut self, amount: Money) -> Result<Money, ClaimError> {
        let deductible = min(amount, self.terms.deductible)?;
        let of = self.terms.deductible;
        let label = || format!("Deductible of {of}");
        self.sheet
            .less(label, deductible, "deductible", Withholds::Yes)?;
        Ok(amount.checked_sub(deductible)?)
    }

    /// The insured percentage of `amount`; the rest is the customer's own retention.
    fn insured_percentage(&mut self, amount: Money) -> Result<Money, ClaimError> {
        let insured = amount.checked_percentage(self.terms.insured)?;
        let percentage = self.terms.insured;
        let label = || format!("Uninsured percentage: the policy insures {percentage} of the loss");
        self.sheet.less(
            label,
            amount.checked_sub(insured)?,
            "uninsured_percentage",
            Withholds::No,
        )?;
        Ok(insured)
    }

    /// The minimum retention: the customer keeps the greater of the fixed amount and what
    /// the deductible and the uninsured percentage already leave them (`retained`;
    /// domain.md 1.7, Rycroft), so the payout drops by the shortfall.
    fn minimum_retention(&mut self, insured: Money, retained: Money) -> Result<Money, ClaimError> {
        let minimum = self.terms.minimum_retention;
        let shortfall = min(positive(minimum.checked_sub(retained)?), insured)?;
        self.sheet.less(
            || {
                format!(
                    "Minimum retention: you keep at least {minimum} (the deductible and uninsured percentage leave you {retained})"
                )
            },
            shortfall,
            "minimum_retention",
            Withholds::Yes,
        )?;
        Ok(insured.checked_sub(shortfall)?)
    }

    /// The maximum liability left for the policy year.
    fn maximum_liability(&mut self, insured: Money) -> Result<Money, ClaimError> {
        let max_liability = self.terms.max_liability;
        let paid = self.case.usage.paid.unwrap_or(self.zero);
        let left = positive(max_liability.checked_sub(paid)?);
        let amount = min(insured, left)?;
        self.sheet.less(
            || {
                format!(
                    "Beyond the maximum liability left this policy year ({left} of {max_liability})"
                )
            },
            insured.checked_sub(amount)?,
            "max_liability_reached",
            Withholds::Yes,
        )?;
        Ok(amount)
    }

    fn finish(self, figures: Figures) -> Payout {
        self.sheet.finish(self.case, figures, self.ruled)
    }
}

/// The share of an invoice's gross amount that is net of VAT.
fn net_share(invoice: &BuyerInvoice) -> Result<rust_decimal::Decimal, ClaimError> {
    let gross = invoice.gross()?;
    if gross.is_zero() {
        return Ok(rust_decimal::Decimal::ZERO);
    }
    Ok(invoice.amount.amount().checked_div(gross.amount()).ok_or(
        crate::money::MoneyError::Overflow {
            operation: "divide",
        },
    )?)
}

/// The payout's figures, for [`Sheet::finish`].
struct Figures {
    loss: Money,
    eligible: Money,
    within_limit: Money,
    amount: Money,
    first_loss_consumed: Money,
}

impl Sheet<'_> {
    fn finish(mut self, case: &PayoutCase, figures: Figures, rules: Vec<RuleRef>) -> Payout {
        self.lines
            .push(BreakdownLine::result("Payout", figures.amount));
        let outcome = if figures.amount.is_zero() {
            PayoutOutcome::Nil
        } else if self.withheld {
            PayoutOutcome::Partial
        } else {
            PayoutOutcome::Full
        };
        Payout {
            date_of_loss: case.date_of_loss,
            loss: figures.loss,
            eligible: figures.eligible,
            within_limit: figures.within_limit,
            amount: figures.amount,
            first_loss_consumed: figures.first_loss_consumed,
            outcome,
            lines: self.lines,
            rules,
        }
    }
}
