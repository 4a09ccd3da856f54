use std::cmp::Ordering;
use std::fmt;
use std::hash::{BuildHasher as _, BuildHasherDefault, Hash, Hasher};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Subject;
use crate::charter::Clause;
use crate::rulebook::Reason;
use crate::text::Shared;

/// A stable id for an obligation: its subject (kind and id), the number of the event that
/// opened it, and a label, e.g. `credit_limit:POL-1/B-7#3.update`.
///
/// INVARIANT (ids never collide): [`ObligationId::new`] is the only constructor, and it
/// escapes `%` and `#` in the subject's id, so the kind, the subject's id, the event number
/// and the label can always be read back apart: two subjects never share an id, whatever
/// characters their ids hold.
///
/// It orders, prints and serialises as its text. It keeps the text's hash: a book's report
/// looks a million ids up, and hashing each from its text would read memory far from the
/// lookup (`benches/README.md`, "Portfolio scale").
#[derive(Clone)]
pub struct ObligationId {
    text: Shared,
    hash: u64,
}

impl ObligationId {
    /// The id of the obligation labelled `label` that event number `event` on `subject`
    /// opens.
    #[must_use]
    pub fn new(subject: &Subject, event: u32, label: &str) -> ObligationId {
        let id = subject.id.replace('%', "%25").replace('#', "%23");
        ObligationId::with_text(format!("{}:{id}#{event}.{label}", subject.kind.code()).into())
    }

    /// The id with this text, and its hash.
    fn with_text(text: Shared) -> ObligationId {
        let hash = BuildHasherDefault::<ahash::AHasher>::default().hash_one(text.as_str());
        ObligationId { text, hash }
    }
}

impl PartialEq for ObligationId {
    fn eq(&self, other: &ObligationId) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for ObligationId {}

impl Hash for ObligationId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialOrd for ObligationId {
    fn partial_cmp(&self, other: &ObligationId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ObligationId {
    fn cmp(&self, other: &ObligationId) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl fmt::Debug for ObligationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ObligationId").field(&self.text).finish()
    }
}

impl fmt::Display for ObligationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for ObligationId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ObligationId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ObligationId, D::Error> {
        Shared::deserialize(deserializer).map(ObligationId::with_text)
    }
}

/// Whose duty an obligation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The insurer (the charter's promises).
    Insurer,
    /// The customer, the insured business (its duties under the policy).
    Customer,
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Party::Insurer => "insurer",
            Party::Customer => "customer",
        })
    }
}

/// What must happen, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Duty {
    /// Act on or before `due` (notify a decision, pay, transfer collected money).
    By {
        /// The last day on time.
        due: NaiveDate,
    },
    /// Refrain until `date`: the act may happen on `date` or later, never earlier
    /// (a reduction may take effect only once its notice has run).
    NotBefore {
        /// The first day the act is allowed.
        date: NaiveDate,
    },
}

/// Why an obligation does not apply: the exceptional circumstance the charter allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Waiver {
    /// The exceptional circumstance, e.g. `buyer_insolvency`.
    pub circumstance: Shared,
    /// The rule's reason.
    pub reason: Reason,
}

/// A promise turned into a dated duty on one subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Obligation {
    /// Stable id; later records discharge it by this id.
    pub id: ObligationId,
    /// The promise it keeps.
    pub clause: Clause,
    /// What it concerns.
    pub subject: Subject,
    /// Whose duty it is.
    pub owner: Party,
    /// What must happen, and when.
    pub duty: Duty,
    /// The duty in words, e.g. `let the reduction take effect no earlier than 2026-04-04`.
    pub what: Shared,
    /// Set when an exceptional circumstance lifts the duty: boxed, because few duties are
    /// lifted and every obligation of a book would otherwise carry the room for one.
    pub waiver: Option<Box<Waiver>>,
}

/// A later record's statement that the act an obligation is about happened on `on` — or,
/// when `missed`, that on `on` the chance to do it passed without it (a refusal without
/// first consulting the customer, a decision letter without the rating it owed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Discharge {
    /// The obligation.
    pub obligation: ObligationId,
    /// When the act happened, or the chance passed.
    pub on: NaiveDate,
    /// The act did not happen and no longer can.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub missed: bool,
}

impl Discharge {
    /// The act happened on `on`.
    #[must_use]
    pub fn done(obligation: ObligationId, on: NaiveDate) -> Discharge {
        Discharge {
            obligation,
            on,
            missed: false,
        }
    }

    /// On `on` the chance to act passed without the act.
    #[must_use]
    pub fn missed(obligation: ObligationId, on: NaiveDate) -> Discharge {
        Discharge {
            obligation,
            on,
            missed: true,
        }
    }
}
