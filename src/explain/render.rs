//! The plain-text report a credit manager reads.

use std::fmt::Write as _;

use super::{ComplianceReport, DecisionRecord, ObligationStatus, Party, Status};
use crate::charter::Clause;

impl ComplianceReport {
    /// The report as plain text: decisions with their explanations, then obligations with
    /// their status, then a tally per clause. Control, bidi and zero-width characters in
    /// user-supplied strings are shown escaped ([`crate::text::printable`]).
    #[must_use]
    pub fn to_text(&self) -> String {
        crate::text::printable(&self.render()).into_owned()
    }

    fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("DECISIONS\n");
        for record in self.decisions() {
            decision(&mut out, record);
        }
        out.push_str("\nOBLIGATIONS\n");
        if self.obligations().len() == 0 {
            out.push_str("  none\n");
        }
        for entry in self.obligations() {
            obligation(&mut out, entry);
        }
        out.push_str("\nBY CLAUSE                                         met  late  pending  breached  waived\n");
        for clause in Clause::ALL {
            match self.clauses().get(clause) {
                Some(t) => {
                    let _ = writeln!(
                        out,
                        "  {clause:<6} {:<40} {:>4}  {:>4}  {:>7}  {:>8}  {:>6}",
                        short(clause.section()),
                        t.met,
                        t.met_late,
                        t.pending,
                        t.breached,
                        t.waived
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  {clause:<6} {:<40} {}",
                        short(clause.section()),
                        self.without_obligations(*clause)
                    );
                }
            }
        }
        let breaches = self.breaches().count();
        let _ = match breaches {
            0 => writeln!(out, "\nRESULT: no breaches as of {}", self.as_of()),
            1 => writeln!(out, "\nRESULT: 1 breach as of {}", self.as_of()),
            n => writeln!(out, "\nRESULT: {n} breaches as of {}", self.as_of()),
        };
        out
    }
}

impl ComplianceReport {
    /// What the report can say of a clause that opened no obligation in this case.
    fn without_obligations(&self, clause: Clause) -> String {
        let cited = self
            .decisions()
            .iter()
            .filter(|r| r.clauses().contains(&clause))
            .count();
        match clause {
            Clause::C1_3 => "monitoring figures below".to_owned(),
            Clause::C2_2 => {
                let duties = self
                    .obligations()
                    .filter(|o| o.obligation.owner == Party::Customer)
                    .count();
                format!("{duties} duty(ies) on the customer in this case")
            }
            _ if cited > 0 => format!("on record in {cited} decision(s)"),
            _ => "not engaged in this case".to_owned(),
        }
    }
}

fn short(section: &str) -> String {
    section.chars().take(40).collect()
}

fn decision(out: &mut String, record: &DecisionRecord) {
    let _ = writeln!(
        out,
        "  {}  {} — {}",
        record.on(),
        record.subject(),
        record.decision()
    );
    let _ = writeln!(out, "      {}", record.summary());
    if let Some(amount) = record.amount() {
        let _ = writeln!(out, "      amount: {amount}");
    }
    if let Some(rating) = record.rating() {
        let _ = writeln!(out, "      buyer rating: {rating}");
    }
    for line in record.breakdown() {
        let _ = writeln!(out, "        {line}");
        if let Some(reason) = &line.reason {
            let _ = writeln!(out, "              {}", reason.text);
        }
    }
    if let Some(invoice) = record.invoice() {
        invoice_lines(out, invoice);
    }
    for reason in record.reasons() {
        let _ = writeln!(out, "      why: {} [{}]", reason.text, reason.code);
    }
    for rule in record.rules() {
        let exception = rule
            .exception
            .as_ref()
            .map(|e| format!(", exception `{e}`"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      rule: {} ({}{exception}) · pack {}",
            rule.id,
            rule.file,
            record.pack().short()
        );
    }
    if let Some(right) = record.objection() {
        let _ = writeln!(
            out,
            "      objection: you may object to this decision until {} ({})",
            right.until, right.clause
        );
    }
    let clauses: Vec<String> = record.clauses().iter().map(ToString::to_string).collect();
    let _ = writeln!(
        out,
        "      charter: {}",
        if clauses.is_empty() {
            "—".into()
        } else {
            clauses.join(", ")
        }
    );
}

fn obligation(out: &mut String, entry: ObligationStatus<'_>) {
    let o = entry.obligation;
    let status = match entry.status {
        Status::Met { on } => format!("MET on {on}"),
        Status::MetLate { on, days_late } => format!("MET LATE on {on}, {days_late} day(s) late"),
        Status::Pending { until } => format!("PENDING until {until}"),
        Status::Breached { on, days: 0 } => format!("BREACHED on {on}: not done when it was due"),
        Status::Breached { on, days } => format!("BREACHED on {on} ({days} day(s))"),
        Status::Waived {
            circumstance,
            reason,
        } => format!("WAIVED: {circumstance} — {reason}"),
    };
    let _ = writeln!(
        out,
        "  {}  {} ({}) — {}",
        o.clause, o.subject, o.owner, o.what
    );
    let _ = writeln!(out, "      {status}");
}

/// C2.4: the invoice line by line — service, period, amount, tax, total — then what to pay
/// and by when.
fn invoice_lines(out: &mut String, invoice: &crate::invoice::Invoice) {
    let _ = writeln!(
        out,
        "      invoice {} · issued {} · due {}",
        invoice.number(),
        invoice.issued_on(),
        invoice.due_on()
    );
    for (i, line) in invoice.lines().iter().enumerate() {
        let rate = line
            .tax_rate()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(out, "        {}. {}", i + 1, line.description());
        let _ = writeln!(
            out,
            "           service: {} · period: {}",
            line.service(),
            line.period()
        );
        let _ = writeln!(
            out,
            "           amount {} + tax {}{rate} = {}",
            line.net(),
            line.tax(),
            line.total()
        );
    }
    let _ = writeln!(
        out,
        "      total to pay: {} (amount {}, tax {}) by {}",
        invoice.total(),
        invoice.net(),
        invoice.tax(),
        invoice.due_on()
    );
}
