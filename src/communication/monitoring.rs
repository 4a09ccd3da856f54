//! C1.3 — the figures that monitor communication: how many questions were answered on
//! time, and how fast, per month and per channel.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Channel;
use super::{Inquiry, InquiryState};

/// Figures for one group of questions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Questions received.
    pub received: usize,
    /// Answered by their due date.
    pub answered_on_time: usize,
    /// Answered after their due date.
    pub answered_late: usize,
    /// Not answered and already past their due date.
    pub overdue: usize,
    /// Not answered and not yet due.
    pub open: usize,
    /// Median calendar days from receipt to answer, over answered questions.
    pub median_days_to_answer: Option<i64>,
}

impl Figures {
    /// The share of due questions answered on time, in percent, when any were due.
    #[must_use]
    pub fn on_time_percent(&self) -> Option<u32> {
        let due = self.answered_on_time + self.answered_late + self.overdue;
        (due > 0).then(|| u32::try_from(self.answered_on_time * 100 / due).unwrap_or(100))
    }
}

/// The C1.3 monitoring figures as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monitoring {
    /// The date the figures are taken.
    pub as_of: NaiveDate,
    /// All questions.
    pub total: Figures,
    /// By the month received, `YYYY-MM`.
    pub by_month: BTreeMap<String, Figures>,
    /// By channel.
    pub by_channel: BTreeMap<Channel, Figures>,
}

impl Monitoring {
    /// Figures over `inquiries` as of `as_of`; questions received later are left out.
    #[must_use]
    pub fn of(inquiries: &[Inquiry], as_of: NaiveDate) -> Monitoring {
        let mut all = Vec::new();
        let mut by_month: BTreeMap<String, Vec<Sample>> = BTreeMap::new();
        let mut by_channel: BTreeMap<Channel, Vec<Sample>> = BTreeMap::new();
        for inquiry in inquiries {
            let (Some(received), Some(channel)) = (inquiry.received_on(), inquiry.channel()) else {
                continue;
            };
            if received > as_of {
                continue;
            }
            let sample = match inquiry.state() {
                InquiryState::Answered { on, due } if *on <= as_of => Sample::Answered {
                    days: (*on - received).num_days(),
                    on_time: on <= due,
                },
                InquiryState::Open {
                    answer_due: due, ..
                }
                | InquiryState::Answered { due, .. }
                    if as_of > *due =>
                {
                    Sample::Overdue
                }
                _ => Sample::Open,
            };
            all.push(sample);
            by_month
                .entry(format!("{:04}-{:02}", received.year(), received.month()))
                .or_default()
                .push(sample);
            by_channel.entry(channel).or_default().push(sample);
        }
        Monitoring {
            as_of,
            total: figures(&all),
            by_month: by_month
                .iter()
                .map(|(k, v)| (k.clone(), figures(v)))
                .collect(),
            by_channel: by_channel.iter().map(|(k, v)| (*k, figures(v))).collect(),
        }
    }
}

impl Monitoring {
    /// The figures as plain text, one line per group.
    #[must_use]
    pub fn to_text(&self) -> String {
        let line = |name: &str, f: &Figures| {
            let share = f
                .on_time_percent()
                .map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
            let median = f
                .median_days_to_answer
                .map_or_else(|| "—".to_owned(), |d| format!("{d} day(s)"));
            format!(
                "  {name:<10} received {:>3} · on time {:>3} · late {:>3} · overdue {:>3} · open {:>3} · on time {share:>4} · median answer {median}\n",
                f.received, f.answered_on_time, f.answered_late, f.overdue, f.open
            )
        };
        let mut out = format!("\nMONITORING (C1.3) as of {}\n", self.as_of);
        out.push_str(&line("all", &self.total));
        for (month, f) in &self.by_month {
            out.push_str(&line(month, f));
        }
        for (channel, f) in &self.by_channel {
            let name = serde_json::to_value(channel)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push_str(&line(&name, f));
        }
        out
    }
}

#[derive(Debug, Clone, Copy)]
enum Sample {
    Answered { days: i64, on_time: bool },
    Overdue,
    Open,
}

fn figures(samples: &[Sample]) -> Figures {
    let mut f = Figures {
        received: samples.len(),
        ..Figures::default()
    };
    let mut days = Vec::new();
    for sample in samples {
        match *sample {
            Sample::Answered { days: d, on_time } => {
                days.push(d);
                if on_time {
                    f.answered_on_time += 1
                } else {
                    f.answered_late += 1
                }
            }
            Sample::Overdue => f.overdue += 1,
            Sample::Open => f.open += 1,
        }
    }
    days.sort_unstable();
    // The upper median for an even count: a whole number of days, never flattering.
    f.median_days_to_answer = days
        .len()
        .checked_sub(1)
        .and_then(|last| days.get(last.div_ceil(2)).copied());
    f
}
