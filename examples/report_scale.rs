//! How the compliance report grows with the book: 10k, 100k and 1M decision records of a
//! generated portfolio, the report's time (`ComplianceReport::from_records`, as
//! `charter report` builds it), the records' own heap, and the peak heap while the report is
//! built (records and report together), each size beside the last. The criterion bench
//! `report` in `benches/portfolio.rs` times the same builds; this adds the memory.
//!
//! ```sh
//! cargo run --release --example report_scale            # exit 1 if 1M records take over 1 GiB
//! ```

use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use credit_charter::portfolio::Portfolio;
use credit_charter::{ComplianceReport, Rulebook};
use peak_alloc::PeakAlloc;

/// Counts live heap bytes and their peak.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

type Run<T> = Result<T, Box<dyn std::error::Error>>;

/// The most heap a report over 1M records may take, records included (the issue's bound).
const MAX_BYTES: usize = 1 << 30;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Run<bool> {
    let rulebook = Rulebook::embedded()?;
    let portfolio = Portfolio::new(7, &rulebook);
    let as_of = NaiveDate::from_ymd_opt(2027, 3, 31).ok_or("date")?;
    let mut fits = true;
    println!(
        "| records | report | per record | records' heap | peak heap (records + report) | per record |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in [10_000, 100_000, 1_000_000] {
        let records = portfolio.records(n)?;
        let held = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let started = Instant::now();
        // As `charter report` does: the report keeps the records, no copy.
        let report = ComplianceReport::from_records(records, as_of);
        let took = started.elapsed();
        let peak = ALLOCATOR.peak_usage();
        let n128 = u128::try_from(n)?;
        println!(
            "| {n} | {} ms | {} ns | {} MiB | {} MiB | {} bytes |",
            took.as_millis(),
            took.as_nanos() / n128,
            held >> 20,
            peak >> 20,
            peak / n,
        );
        fits = peak <= MAX_BYTES;
        drop(report);
    }
    Ok(fits)
}
