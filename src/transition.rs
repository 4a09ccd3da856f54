//! What every state machine returns for an accepted event.

use serde::{Deserialize, Serialize};

use crate::explain::DecisionRecord;

/// The result of one accepted event: the next state, what the host must do, and why.
///
/// Machines take `&self` and build a new value, so a rejected event leaves the caller's
/// state exactly as it was, and nothing is applied until the caller stores `next`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[must_use = "a transition does nothing until the caller stores `next` and executes `effects`"]
pub struct Transition<S, E> {
    /// The aggregate after the event.
    pub next: S,
    /// Instructions for the host, in order.
    pub effects: Vec<E>,
    /// The explained decision.
    pub record: DecisionRecord,
}
