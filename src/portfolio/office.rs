//! The policy's own paperwork: names, the policy's parameter overrides, the premium year's
//! invoices (C2.4) and the customer's questions (C1.1, C2.1).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use super::{Track, Writer};
use crate::case_file::{InquiryCase, PremiumCase};
use crate::communication::{Channel, Inquiry, InquiryEvent, Priority, Topic};
use crate::error::Error;
use crate::ids::InquiryId;
use crate::money::Money;
use crate::premium::{PremiumEvent, PremiumYear};
use crate::rulebook::ParamInput;

const FIRST: &[&str] = &[
    "Van Dijk", "Hendriks", "De Vries", "Jansen", "Peeters", "Maes", "Bakker", "Visser", "Claes",
    "Smit", "Mulder", "Wouters", "Dekker", "Willems", "Bos", "Goossens",
];
const TRADE: &[&str] = &[
    "Metaal",
    "Bouw",
    "Logistiek",
    "Textiel",
    "Voeding",
    "Kunststof",
    "Papier",
    "Techniek",
    "Hout",
    "Chemie",
    "Glas",
    "Agro",
];
const FORM: &[&str] = &["BV", "NV", "BVBA", "VOF"];

/// A company name, e.g. `Hendriks Logistiek BV`.
pub(super) fn company(rng: &mut ChaCha8Rng) -> String {
    let mut part = |list: &[&'static str]| -> &'static str {
        let i = rng.random_range(0..list.len());
        list.get(i).copied().unwrap_or_default()
    };
    let (name, trade, form) = (part(FIRST), part(TRADE), part(FORM));
    format!("{name} {trade} {form}")
}

/// The policy's own terms: most policies take the pack's, some agree a longer notice or
/// another insured percentage.
pub(super) fn overrides(rng: &mut ChaCha8Rng) -> BTreeMap<String, ParamInput> {
    let mut parameters = BTreeMap::new();
    if rng.random_bool(0.15) {
        let days = if rng.random_bool(0.5) { 45 } else { 60 };
        parameters.insert("credit_limit.notice_days".into(), ParamInput::Whole(days));
    }
    if rng.random_bool(0.1) {
        parameters.insert(
            "claim.insured_percentage".into(),
            ParamInput::Text("85%".into()),
        );
    }
    parameters
}

impl Writer {
    /// The premium year: an estimate, four quarterly instalments for the limits monitored,
    /// each paid (some late), the declared turnover, and the closing invoice if one comes.
    pub(super) fn premium_year(&mut self, buyers: u32) -> Result<PremiumCase, Error> {
        let year_starts = self.day(0);
        let mut track = Track::new(PremiumYear::new(
            self.policy.clone(),
            self.currency,
            year_starts,
        )?);
        let turnover = Decimal::from(self.count(20, 500)) * Decimal::from(100_000);
        let estimated = self.money(turnover)?;
        let before = chrono::Days::new(self.count(5, 25));
        let on = year_starts.checked_sub_days(before).unwrap_or(year_starts);
        track.push(
            PremiumEvent::TurnoverEstimated {
                on,
                turnover: estimated,
            },
            &self.rules,
        )?;
        for quarter in [4, 90, 181, 273] {
            let on = self.day(quarter);
            let applications = u32::try_from(self.count(0, 2)).unwrap_or(0);
            track.push(
                PremiumEvent::InstalmentInvoiced {
                    on,
                    monitored_limits: buyers,
                    limit_applications: applications,
                },
                &self.rules,
            )?;
            self.pay_last(&mut track, on)?;
        }
        let factor = Decimal::from(self.count(85, 125)) / Decimal::ONE_HUNDRED;
        let on = self.some_day(374, 390);
        track.push(
            PremiumEvent::TurnoverDeclared {
                on,
                turnover: Money::rounded(turnover * factor, self.currency),
            },
            &self.rules,
        )?;
        self.pay_last(&mut track, on)?;
        Ok(PremiumCase {
            year_starts,
            events: track.events,
        })
    }

    /// Pays the last invoice issued since `since`, if any: mostly within its terms.
    fn pay_last(&mut self, track: &mut Track<PremiumYear>, since: NaiveDate) -> Result<(), Error> {
        let unpaid = track
            .machine
            .invoices()
            .last()
            .filter(|i| i.paid_on.is_none() && i.invoice.issued_on() >= since)
            .map(|i| (i.invoice.number().clone(), i.invoice.due_on()));
        if let Some((invoice, due)) = unpaid {
            let on = if self.chance(0.9) {
                let days = (due - since).num_days().max(0).unsigned_abs();
                self.after(since, 1, days.max(1))
            } else {
                self.after(due, 3, 20)
            };
            track.push(PremiumEvent::InvoicePaid { on, invoice }, &self.rules)?;
        }
        Ok(())
    }

    /// Up to four questions, acknowledged and answered, mostly in time.
    pub(super) fn inquiries(&mut self) -> Result<Vec<InquiryCase>, Error> {
        let mut cases = Vec::new();
        for n in 1..=self.count(0, 4) {
            let id = InquiryId::new(format!("{}-Q{n}", self.policy))?;
            let mut track = Track::new(Inquiry::new(self.policy.clone(), id.as_str()));
            let received = self.some_day(5, 340);
            let priority = if self.chance(0.15) {
                Priority::Urgent
            } else {
                Priority::Normal
            };
            track.push(
                InquiryEvent::Received {
                    on: received,
                    channel: self
                        .pick(&[
                            Channel::Phone,
                            Channel::Email,
                            Channel::Portal,
                            Channel::Letter,
                        ])
                        .unwrap_or(Channel::Email),
                    priority,
                    topic: self
                        .pick(&[
                            Topic::Administration,
                            Topic::CreditLimits,
                            Topic::Claims,
                            Topic::Invoices,
                            Topic::Other,
                        ])
                        .unwrap_or(Topic::Other),
                    about: "a question about the policy".into(),
                },
                &self.rules,
            )?;
            let acknowledged = self.after(received, 0, 1);
            track.push(InquiryEvent::Acknowledged { on: acknowledged }, &self.rules)?;
            let answered = if self.chance(0.9) {
                self.after(acknowledged, 0, 4)
            } else {
                self.after(acknowledged, 8, 15)
            };
            track.push(InquiryEvent::Answered { on: answered }, &self.rules)?;
            cases.push(InquiryCase {
                id,
                events: track.events,
            });
        }
        Ok(cases)
    }
}
