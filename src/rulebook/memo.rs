//! Memoised pure rules: a rule is a pure function of the facts and parameter values it
//! reads, so an evaluation may be reused for the same pack, rule version, facts and
//! parameter values. What a version reads is found at load by walking its syntax tree
//! ([`Reads`]); a version that reads a fact or parameter by a computed name, or passes its
//! facts or parameters on, is never memoised.
//!
//! The memo is per thread (no lock on the hot path) and bounded: at [`MEMO_ENTRIES`] it is
//! emptied and starts again, so memory stays bounded whatever the inputs. Only successful
//! evaluations are kept, each in texts of the thread's own ([`Evaluated::own_copy`]).
//! Whether a result came from the memo never shows: the records with and without it are
//! identical (`tests/rulebook/memo.rs`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use chrono::NaiveDate;
use smallvec::SmallVec;

use super::manifest::RuleSpec;
use super::parameters::ParamValue;
use super::policy::PolicyRules;
use super::question::{Answer, Fact, Facts, RuleRef};
use super::reasons::Reason;
use crate::text::Shared;

/// Entries one thread's memo holds before it is emptied.
pub const MEMO_ENTRIES: usize = 4_096;

/// What one rule version reads, found at load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reads {
    /// The facts read, by name (and the fact naming a circumstance, which decides which
    /// exceptions run).
    pub(crate) facts: Vec<&'static str>,
    /// The parameters read, by full name.
    pub(crate) params: Vec<String>,
}

/// An evaluation's identity: the pack loaded, the rule version, and every value it reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pack: u64,
    rule: &'static str,
    version: usize,
    facts: SmallVec<[Fact; 4]>,
    params: SmallVec<[ParamValue; 4]>,
}

impl Key {
    /// The key of evaluating version `version` of `spec` on `facts` under `rules` on `on`,
    /// when every value it reads is there.
    pub(crate) fn of(
        rules: &PolicyRules,
        spec: &'static RuleSpec,
        version: usize,
        reads: &Reads,
        facts: &Facts,
        on: NaiveDate,
    ) -> Option<Key> {
        let mut key = Key {
            pack: rules.rulebook().pack_id(),
            rule: spec.id,
            version,
            facts: SmallVec::new(),
            params: SmallVec::new(),
        };
        for name in &reads.facts {
            key.facts
                .push(facts.value(name).cloned().unwrap_or(Fact::Absent));
        }
        for name in &reads.params {
            key.params.push(rules.value(name, on)?.ok()?.clone());
        }
        Some(key)
    }
}

/// One evaluation of a rule: its answer, the rule (and exception) that gave it, and the
/// answer's reason from the pack's catalogue.
#[derive(Debug, Clone)]
pub(crate) struct Evaluated {
    pub(crate) answer: Answer,
    pub(crate) rule: RuleRef,
    pub(crate) reason: Reason,
}

impl Evaluated {
    /// A copy whose texts no other thread holds. The pack's texts are shared by every
    /// thread, and each clone of one counts a reference on the same cache line: two threads
    /// recalling the same rule bounced it between the cores until two threads were slower
    /// than one (`perf`: the time went to `lock inc` in [`PolicyRules::ask`]).
    fn own_copy(&self) -> Evaluated {
        let text = |shared: &Shared| Shared::from(shared.as_str());
        Evaluated {
            answer: Answer {
                reason: self.answer.reason.as_str().into(),
                ..self.answer.clone()
            },
            rule: RuleRef {
                id: text(&self.rule.id),
                file: text(&self.rule.file),
                exception: self.rule.exception.as_ref().map(text),
            },
            reason: Reason {
                code: text(&self.reason.code),
                text: text(&self.reason.text),
            },
        }
    }
}

type Memo = HashMap<Key, Evaluated, BuildHasherDefault<ahash::AHasher>>;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// What `read` makes of the remembered evaluation for `key`, read in place.
pub(crate) fn recall<T>(key: &Key, read: impl FnOnce(&Evaluated) -> T) -> Option<T> {
    MEMO.with(|memo| memo.borrow().get(key).map(read))
}

/// Remembers an evaluation, emptying the memo first when it is full.
pub(crate) fn remember(key: Key, evaluated: &Evaluated) {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(key, evaluated.own_copy());
    });
}
