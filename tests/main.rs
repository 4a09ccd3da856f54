//! The integration tests: one binary, one module per area (Cargo builds every top-level
//! file in `tests/` as its own binary, so modules live in folders).

mod calendar;
mod case_file;
mod cli;
mod credit_limit;
mod money;
mod rulebook;
mod support;
