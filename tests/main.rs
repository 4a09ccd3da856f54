//! The integration tests: one binary, one module per area (Cargo builds every top-level
//! file in `tests/` as its own binary, so modules live in folders).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise; helpers outside #[test] fns count too"
)]
#[cfg(all(feature = "batch", feature = "portfolio"))]
mod batch;
mod calendar;
mod case_file;
mod claim;
mod cli;
mod collection;
mod communication;
mod credit_limit;
#[cfg(feature = "cli")]
mod diagnostics;
#[cfg(all(feature = "batch", feature = "portfolio"))]
mod diff;
mod differential;
mod explain;
mod hostile;
mod invoice;
mod money;
mod objection;
#[cfg(feature = "portfolio")]
mod portfolio;
mod renewal;
mod rulebook;
#[cfg(all(feature = "schema", feature = "portfolio"))]
mod schema;
mod support;
mod verify;
mod wordings;
