//! The premium year's step: the only way it changes.

use chrono::Datelike;
use rust_decimal::Decimal;

use super::arithmetic::{INSTALMENT_REMAINDER, premium_on, split_exactly};
use super::event::PremiumEvent;
use super::rules::{
    ClosingQuestion, FEE_TAX_RATE, INSTALMENTS, LIMIT_APPLICATION_FEE, MINIMUM_SHARE,
    MONITORING_FEE, PaymentQuestion, RATE, TAX_RATE,
};
use super::state::{Estimate, IssuedInvoice, PremiumYear, PremiumYearStatus};
use super::{PremiumEffect, PremiumError};
use crate::calendar::{MonthEnd, add_months};
use crate::charter::Clause;
use crate::explain::{Decision, DecisionRecord, Discharge, Duty, Party, Subject, SubjectKind};
use crate::invoice::{Invoice, InvoiceId, InvoiceKind, InvoiceLine, Service, ServicePeriod};
use crate::machine::{Event, Machine, Step, Stepped, Transition, kept};
use crate::money::{Money, MoneyError};
use crate::rulebook::{Reason, RuleRef};

/// What one accepted premium-year event produces.
pub type PremiumTransition = Transition<PremiumYear, PremiumEffect>;

/// Months in an insurance year.
const YEAR_MONTHS: u32 = 12;

/// An invoice about to be issued.
struct Draft {
    number: InvoiceId,
    kind: InvoiceKind,
    /// The premium it charges, before tax and without fees.
    premium: Money,
    lines: Vec<InvoiceLine>,
    /// The decision behind a closing invoice: its reason, rule and basis.
    decided: Option<(Reason, RuleRef, String)>,
}

kept!(PremiumYear);

impl Machine for PremiumYear {
    type Event = PremiumEvent;
    type Effect = PremiumEffect;
    type Error = PremiumError;

    /// `policy POL-1/2026`: the policy's insurance year.
    fn subject(&self) -> Subject {
        Subject::new(
            SubjectKind::Policy,
            format!("{}/{}", self.policy, self.year.from.year()),
        )
    }

    /// Premium parameters (`premium.rate`, `premium.minimum_share`, `premium.instalments`,
    /// `premium.tax_rate`) are those in force on the first day of the insurance year;
    /// invoice parameters (fees, payment days) those in force on the issue date.
    ///
    /// # Errors
    ///
    /// * [`PremiumError::EventNotAllowed`] when `event` does not fit the status.
    /// * [`PremiumError::NoInstalmentLeft`], [`PremiumError::UnknownInvoice`],
    ///   [`PremiumError::AlreadyPaid`], [`PremiumError::NegativeTurnover`],
    ///   [`PremiumError::UnevenInstalments`] for events that contradict the year.
    /// * [`PremiumError::Rule`] when a rule fails: the machine fails closed.
    /// * [`PremiumError::NothingToAdjust`] when `premium/closing_invoice` asks for a
    ///   closing invoice although the final premium does not exceed what was invoiced.
    /// * [`PremiumError::Invoice`] when an invoice would not be clear (e.g. a payment
    ///   rule answering a date before the issue date).
    fn step(&self, event: &Self::Event, at: &Step<'_>) -> Stepped<Self> {
        use PremiumEvent as Ev;
        use PremiumYearStatus as St;
        match (self.status, event) {
            (St::AwaitingEstimate, Ev::TurnoverEstimated { turnover, .. }) => {
                self.estimated(*turnover, at)
            }
            (
                St::Invoicing,
                Ev::InstalmentInvoiced {
                    monitored_limits,
                    limit_applications,
                    ..
                },
            ) => self.instalment(*monitored_limits, *limit_applications, at),
            (
                St::Invoicing | St::AwaitingDeclaration | St::Closed,
                Ev::InvoicePaid { invoice, .. },
            ) => self.paid(invoice, at),
            (St::AwaitingDeclaration, Ev::TurnoverDeclared { turnover, .. }) => {
                self.declared(*turnover, at)
            }
            (status, event) => Err(PremiumError::EventNotAllowed {
                status,
                event: event.kind(),
            }),
        }
    }
}

impl PremiumYear {
    fn estimated(&self, turnover: Money, at: &Step<'_>) -> Result<PremiumTransition, PremiumError> {
        let rules = at.rules();
        let start = self.year.from;
        let rate = rules.get(&RATE, start)?;
        let minimum_share = rules.get(&MINIMUM_SHARE, start)?;
        let parts = rules.get(&INSTALMENTS, start)?;
        if !YEAR_MONTHS.is_multiple_of(parts) {
            return Err(PremiumError::UnevenInstalments { count: parts });
        }
        self.same_currency(turnover)?;
        let estimated_premium = premium_on(turnover, rate)?;
        let minimum_premium = estimated_premium.checked_percentage(minimum_share)?;
        let instalments = split_exactly(minimum_premium, parts)?;
        let summary = format!(
            "minimum premium {minimum_premium}: {minimum_share} of the estimated premium {estimated_premium} \
             ({turnover} projected turnover at {rate}), invoiced in {parts} instalment(s) of {}; {}",
            instalments
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            INSTALMENT_REMAINDER
        );
        let record = at
            .record(Decision::MinimumPremiumSet, summary)
            .amount(minimum_premium)
            .clause(Clause::C2_4)
            .build()?;
        let mut next = self.clone();
        next.estimate = Some(Estimate {
            turnover,
            rate,
            estimated_premium,
            minimum_share,
            minimum_premium,
            instalments,
        });
        next.status = PremiumYearStatus::Invoicing;
        Ok(next.finish(Vec::new(), record))
    }

    fn instalment(
        &self,
        monitored_limits: u32,
        limit_applications: u32,
        at: &Step<'_>,
    ) -> Result<PremiumTransition, PremiumError> {
        let on = at.on();
        let rules = at.rules();
        let schedule = self
            .estimate
            .as_ref()
            .map(|e| e.instalments.as_slice())
            .unwrap_or_default();
        let index = self
            .invoices
            .iter()
            .filter(|i| i.invoice.kind() == InvoiceKind::Instalment)
            .count();
        let parts = u32::try_from(schedule.len()).unwrap_or(u32::MAX);
        let premium = *schedule
            .get(index)
            .ok_or(PremiumError::NoInstalmentLeft { count: parts })?;
        let number = u32::try_from(index).unwrap_or(u32::MAX).saturating_add(1);
        let period = self.instalment_period(number, parts)?;
        let tax_rate = rules.get(&TAX_RATE, self.year.from)?;
        let mut lines = vec![InvoiceLine::new(
            Service::PremiumInstalment,
            format!("premium instalment {number} of {parts} (advance on the minimum premium)"),
            period,
            premium,
            tax_rate,
        )?];
        let fee_tax = rules.get(&FEE_TAX_RATE, on)?;
        // The monitoring fee is per limit per quarter: an invoice period of `months` months
        // bills `months / 3` quarters (1 with the default quarterly instalments).
        let months = YEAR_MONTHS / parts.max(1);
        let quarters = Decimal::from(months) / Decimal::from(3);
        let per_period = match months {
            3 => "per quarter".to_owned(),
            m if m % 3 == 0 => format!("per quarter × {} quarters", m / 3),
            m => format!("per quarter × {m}/3 of a quarter"),
        };
        for (fee, service, count, factor, what) in [
            (
                &MONITORING_FEE,
                Service::MonitoringFee,
                monitored_limits,
                quarters,
                format!("credit limit(s) monitored × {{fee}} {per_period}"),
            ),
            (
                &LIMIT_APPLICATION_FEE,
                Service::CreditLimitFee,
                limit_applications,
                Decimal::ONE,
                "credit-limit application(s) × {fee}".to_owned(),
            ),
        ] {
            // Declared zero or more: the pack and every override are checked against it.
            let fee = rules.get(fee, on)?;
            let units = Decimal::from(count)
                .checked_mul(factor)
                .ok_or(MoneyError::Overflow {
                    operation: "multiply",
                })?;
            // Rounded once, with the crate's rounding policy.
            let charged = fee.checked_mul(units)?;
            if !charged.is_zero() {
                lines.push(InvoiceLine::new(
                    service,
                    format!(
                        "{service}: {count} {}",
                        what.replace("{fee}", &fee.to_string())
                    ),
                    period,
                    charged,
                    fee_tax,
                )?);
            }
        }
        let draft = Draft {
            number: self.invoice_id(&number.to_string())?,
            kind: InvoiceKind::Instalment,
            premium,
            lines,
            decided: None,
        };
        self.issue(draft, at, |next| {
            if index + 1 == schedule.len() {
                next.status = PremiumYearStatus::AwaitingDeclaration;
            }
        })
    }

    fn declared(&self, turnover: Money, at: &Step<'_>) -> Result<PremiumTransition, PremiumError> {
        let rules = at.rules();
        self.same_currency(turnover)?;
        let Some(estimate) = &self.estimate else {
            return Err(PremiumError::EventNotAllowed {
                status: self.status,
                event: "turnover_declared",
            });
        };
        let final_premium = premium_on(turnover, estimate.rate)?;
        let mut advance = Money::zero(self.currency);
        for issued in &self.invoices {
            advance = advance.checked_add(issued.premium)?;
        }
        let question = ClosingQuestion {
            final_premium,
            minimum_premium: estimate.minimum_premium,
            advance_premium: advance,
        };
        let ruling = at.ask(&question)?;
        let basis = format!(
            "final premium {final_premium} ({turnover} declared turnover at {}); minimum premium {}; \
             already invoiced {advance}",
            estimate.rate, estimate.minimum_premium
        );
        if !ruling.value {
            let record = at
                .record(
                    Decision::NoClosingInvoice,
                    format!("no closing invoice: {basis}"),
                )
                .amount(final_premium)
                .reason(ruling.reason)
                .rule(ruling.rule)
                .clause(Clause::C2_4)
                .build()?;
            let mut next = self.clone();
            next.final_premium = Some(final_premium);
            next.status = PremiumYearStatus::Closed;
            return Ok(next.finish(Vec::new(), record));
        }
        let adjustment = final_premium.checked_sub(advance)?;
        // Whatever a rule pack answers, a closing invoice only charges a final premium above
        // what was already invoiced (C2.4); anything else would be an unclear charge.
        if adjustment.is_negative() || adjustment.is_zero() {
            return Err(PremiumError::NothingToAdjust {
                final_premium,
                invoiced: advance,
            });
        }
        let tax_rate = rules.get(&TAX_RATE, self.year.from)?;
        let line = InvoiceLine::new(
            Service::PremiumAdjustment,
            format!(
                "premium adjustment: final premium {final_premium} less {advance} already invoiced"
            ),
            self.year,
            adjustment,
            tax_rate,
        )?;
        let draft = Draft {
            number: self.invoice_id("C")?,
            kind: InvoiceKind::Closing,
            premium: adjustment,
            lines: vec![line],
            decided: Some((ruling.reason, ruling.rule, basis)),
        };
        self.issue(draft, at, |next| {
            next.final_premium = Some(final_premium);
            next.status = PremiumYearStatus::Closed;
        })
    }

    fn paid(&self, number: &InvoiceId, at: &Step<'_>) -> Result<PremiumTransition, PremiumError> {
        let on = at.on();
        let position = self
            .invoices
            .iter()
            .position(|i| i.invoice.number() == number)
            .ok_or_else(|| PremiumError::UnknownInvoice {
                invoice: number.to_string(),
            })?;
        let mut next = self.clone();
        let Some(issued) = next.invoices.get_mut(position) else {
            return Err(PremiumError::UnknownInvoice {
                invoice: number.to_string(),
            });
        };
        if let Some(paid_on) = issued.paid_on {
            return Err(PremiumError::AlreadyPaid {
                invoice: number.to_string(),
                paid_on,
            });
        }
        issued.paid_on = Some(on);
        let due_on = issued.invoice.due_on();
        let timing = if on <= due_on { "on time" } else { "late" };
        let record = at
            .record(
                Decision::InvoicePaid,
                format!(
                    "invoice {number} paid: {} received {timing} (due {due_on})",
                    issued.invoice.total()
                ),
            )
            .amount(issued.invoice.total())
            .clause(Clause::C2_4)
            .discharge(Discharge::done(issued.obligation.clone(), on))
            .build()?;
        Ok(next.finish(Vec::new(), record))
    }

    /// Issues an invoice: asks `invoice/payment_terms` for its due date, builds it (which
    /// checks it is clear), opens the customer's duty to pay and records that the insurer's
    /// invoice stated what, for which service and by when (C2.4).
    fn issue(
        &self,
        draft: Draft,
        at: &Step<'_>,
        evolve: impl FnOnce(&mut PremiumYear),
    ) -> Result<PremiumTransition, PremiumError> {
        let on = at.on();
        let rules = at.rules();
        let Draft {
            number,
            kind,
            premium,
            lines,
            decided,
        } = draft;
        let mut total = Money::zero(self.currency);
        for line in &lines {
            total = total.checked_add(line.total())?;
        }
        let term = at.ask(&PaymentQuestion { kind, total })?;
        let due_on = term.value.due_on(on, rules.calendar())?;
        let invoice = Invoice::issue(number.clone(), self.policy.clone(), kind, on, due_on, lines)?;
        let subject = Subject {
            kind: SubjectKind::Invoice,
            id: number.to_string().into(),
        };
        let invoice_step = at.on_subject(subject);
        let pay = invoice_step.obligation(
            "pay",
            Clause::C2_4,
            Party::Customer,
            Duty::By { due: due_on },
            format!("pay {} by {due_on}", invoice.total()),
        );
        let clear = invoice_step.obligation(
            "clear",
            Clause::C2_4,
            Party::Insurer,
            Duty::By { due: on },
            format!(
                "state what to pay ({}), for which service ({} line(s), each with its period) and by when ({due_on})",
                invoice.total(),
                invoice.lines().len()
            ),
        );
        let services: Vec<String> = invoice
            .lines()
            .iter()
            .map(|l| l.service().to_string())
            .collect();
        let decision = match kind {
            InvoiceKind::Instalment => Decision::InvoiceIssued,
            InvoiceKind::Closing => Decision::ClosingInvoiceIssued,
        };
        let mut summary = format!(
            "{kind} {number}: pay {} by {due_on} for {}",
            invoice.total(),
            services.join(", ")
        );
        if let Some((_, _, basis)) = &decided {
            summary = format!("{summary}; {basis}");
        }
        let mut record = at.record(decision, summary);
        if let Some((reason, rule, _)) = decided {
            record = record.reason(reason).rule(rule);
        }
        let record = record
            .amount(invoice.total())
            .reason(term.reason)
            .rule(term.rule)
            .discharge(Discharge::done(clear.id.clone(), on))
            .obligation(clear)
            .obligation(pay.clone())
            .invoice(invoice.clone())
            .build()?;
        let mut next = self.clone();
        next.invoices.push(IssuedInvoice {
            invoice: invoice.clone(),
            premium,
            obligation: pay.id,
            paid_on: None,
        });
        evolve(&mut next);
        Ok(next.finish(
            vec![PremiumEffect::SendInvoice {
                invoice: Box::new(invoice),
            }],
            record,
        ))
    }

    /// The service period of instalment `number` (from 1) of `parts`.
    fn instalment_period(&self, number: u32, parts: u32) -> Result<ServicePeriod, PremiumError> {
        let months = YEAR_MONTHS / parts.max(1);
        let from = add_months(
            self.year.from,
            months.saturating_mul(number.saturating_sub(1)),
            MonthEnd::Clamp,
        )?;
        let next = add_months(
            self.year.from,
            months.saturating_mul(number),
            MonthEnd::Clamp,
        )?;
        Ok(ServicePeriod {
            from,
            to: next.pred_opt().unwrap_or(next),
        })
    }

    fn invoice_id(&self, suffix: &str) -> Result<InvoiceId, PremiumError> {
        Ok(InvoiceId::new(format!(
            "{}-{}-{suffix}",
            self.policy,
            self.year.from.year()
        ))?)
    }

    fn same_currency(&self, amount: Money) -> Result<(), PremiumError> {
        if amount.currency() == self.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency.code().to_owned(),
                right: amount.currency().code().to_owned(),
            }
            .into())
        }
    }

    fn finish(self, effects: Vec<PremiumEffect>, record: DecisionRecord) -> PremiumTransition {
        Transition {
            next: self,
            effects,
            record,
        }
    }
}
