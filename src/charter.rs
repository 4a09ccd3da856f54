//! The promises of the Customer Service Charter, numbered C1.1–C6.1, with their text.
//!
//! Code, rules, records, tests and docs cite a promise by its id: [`Clause::C3_4`] is shown
//! and serialised as `C3.4`.
//!
//! ```
//! use credit_charter::Clause;
//! let clause: Clause = "C3.4".parse()?;
//! assert_eq!(clause, Clause::C3_4);
//! assert!(clause.text().starts_with("If a credit limit must be reduced or withdrawn"));
//! # Ok::<(), credit_charter::charter::UnknownClause>(())
//! ```
//!
//! Layer: the ground floor; imports nothing of the crate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! clauses {
    ($($variant:ident = $id:literal, $section:literal, $text:literal;)*) => {
        /// One numbered promise of the charter.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Clause {
            $(#[doc = $text] $variant,)*
        }

        impl Clause {
            /// Every promise, in charter order.
            pub const ALL: &'static [Clause] = &[$(Clause::$variant),*];

            /// The id as the charter numbers it, e.g. `C3.4`.
            #[must_use]
            pub fn id(self) -> &'static str {
                match self { $(Clause::$variant => $id,)* }
            }

            /// The heading of the charter section the promise belongs to.
            #[must_use]
            pub fn section(self) -> &'static str {
                match self { $(Clause::$variant => $section,)* }
            }

            /// The promise, in the charter's words (English rendering).
            #[must_use]
            pub fn text(self) -> &'static str {
                match self { $(Clause::$variant => $text,)* }
            }
        }
    };
}

clauses! {
    C1_1 = "C1.1", "Smooth communication", "Dedicated account-management and customer-service teams respond to questions and requests quickly and efficiently.";
    C1_2 = "C1.2", "Smooth communication", "Where possible the customer gets their own named contact person and clear contact details.";
    C1_3 = "C1.3", "Smooth communication", "The insurer monitors and evaluates its communication regularly, to keep quality high.";
    C1_4 = "C1.4", "Smooth communication", "Customers are invited to share their experiences (feedback); feedback is used to improve.";
    C2_1 = "C2.1", "Simple policy administration", "Guidance and support for policy administration and for access to and use of the online systems.";
    C2_2 = "C2.2", "Simple policy administration", "Administrative obligations around the policy are kept to a minimum.";
    C2_3 = "C2.3", "Simple policy administration", "When a policy is renewed, the process is clear and the customer has the required documentation in time.";
    C2_4 = "C2.4", "Simple policy administration", "Invoices are clear: the customer reads at once what to pay, for which service, and by which date.";
    C3_1 = "C3.1", "Working together on credit limits", "The customer is notified of a credit-limit decision in good time, and kept informed during the whole process.";
    C3_2 = "C3.2", "Working together on credit limits", "No decision is taken behind the customer's back: where possible the insurer works with the customer to gather additional information about buyers, taking the customer's trading relationships into account.";
    C3_3 = "C3.3", "Working together on credit limits", "Where relevant, the insurer tells the customer the rating of their buyers, so credit management can be aligned with it.";
    C3_4 = "C3.4", "Working together on credit limits", "If a credit limit must be reduced or withdrawn, the customer gets enough time to make other trading arrangements — except in exceptional circumstances.";
    C3_5 = "C3.5", "Working together on credit limits", "A customer who disagrees with any decision can always use a transparent objection procedure.";
    C4_1 = "C4.1", "Efficient claims and collections service", "The customer follows a step plan, from submitting a claim to reporting overdue receivables.";
    C4_2 = "C4.2", "Efficient claims and collections service", "Throughout claims and collections the insurer works closely with the customer: up-to-date information on the case, the collection approach agreed with the customer, and collected amounts transferred to the customer as fast as possible.";
    C4_3 = "C4.3", "Efficient claims and collections service", "If no (full) payout is possible, the customer receives a clear explanation and has the right to object.";
    C5_1 = "C5.1", "Building the relationship", "Specialists who know the customer's business, strategy and market, backed by continuous professional development.";
    C6_1 = "C6.1", "Contact", "Any matter can be raised with the customer's own account manager.";
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A text that is not a charter clause id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown charter clause `{0}` (expected C1.1 … C6.1)")]
pub struct UnknownClause(pub String);

impl FromStr for Clause {
    type Err = UnknownClause;
    fn from_str(s: &str) -> Result<Clause, UnknownClause> {
        Clause::ALL
            .iter()
            .copied()
            .find(|c| c.id() == s)
            .ok_or_else(|| UnknownClause(s.to_owned()))
    }
}

impl Serialize for Clause {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Clause {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Clause, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clause_round_trips_through_its_id() {
        assert_eq!(Clause::ALL.len(), 18);
        for &clause in Clause::ALL {
            assert_eq!(clause.id().parse::<Clause>().unwrap(), clause);
            assert_eq!(clause.to_string(), clause.id());
        }
        assert!("C7.1".parse::<Clause>().is_err());
    }
}
