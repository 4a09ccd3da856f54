//! The property-testing kit (feature `testing`): public [proptest] strategies for every
//! domain type, every event, valid event sequences per machine, whole case files and the
//! facts of every rule question, and the [catalogue](invariants::CATALOGUE) of charter
//! invariants that `charter verify` runs against any rule pack.
//!
//! ```
//! use credit_charter::testing::{invariants, verify};
//! use credit_charter::Rulebook;
//!
//! let book = Rulebook::embedded()?;
//! let notice = invariants::invariant("notice_before_effect").unwrap();
//! let verdict = verify::check(&book, notice, &verify::Options { cases: 64, seed: 7 });
//! assert!(verdict.violation.is_none(), "the shipped pack keeps C3.4");
//! # Ok::<(), credit_charter::rulebook::RulebookError>(())
//! ```
//!
//! Layer: the top of the library, beside [`crate::case_file`], which it builds files of.
//! Strategies draw business dates from 2025 and 2026, inside the shipped calendars.

pub mod case_files;
pub mod counterexample;
pub mod domain;
pub mod events;
pub mod invariants;
pub mod questions;
pub mod verify;

pub use counterexample::Counterexample;
pub use invariants::{CATALOGUE, Invariant, Violation};
