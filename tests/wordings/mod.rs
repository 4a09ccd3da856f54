//! Issue 12, policy wordings: one scenario per wording, each with its worked figures, on
//! the embedded pack with per-policy parameters (or a pack that adds a wording as a rule).

mod dates;
mod loss;
mod recovery;
mod terms;
mod years;
