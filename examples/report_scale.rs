//! How the compliance report grows with the book: 10k, 100k and 1M decision records of a
//! generated portfolio, the report's time (`ComplianceReport::from_records`, as
//! `charter report` builds it), the records' own heap, and the peak heap (records and
//! report together), each size beside the last; then the process's peak resident memory.
//! The criterion bench `report` in `benches/portfolio.rs` times the same builds; this adds
//! the memory.
//!
//! ```sh
//! cargo run --release --example report_scale            # exit 1 if 1M records take over 1 GiB
//! cargo run --release --example report_scale -- 1000000 # one size: the max RSS is its own
//! ```
//!
//! The heap is counted by `cap` (the live bytes) around `peakmem-alloc` (their peak since
//! a reset). Both hand every call, `realloc` included, to the system allocator: a counter
//! that moved each grown block instead would fragment the heap and show a resident size
//! the program does not have.

use std::alloc::System;
use std::process::ExitCode;
use std::time::Instant;

use cap::Cap;
use chrono::NaiveDate;
use credit_charter::portfolio::Portfolio;
use credit_charter::{ComplianceReport, Rulebook};
use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait as _};

/// The peak of live heap bytes since its last reset, above what was live at the reset.
static PEAK: PeakMemAlloc<System> = PeakMemAlloc::system();

/// Counts live heap bytes (no limit), through [`PEAK`].
#[global_allocator]
static ALLOCATOR: Cap<&PeakMemAlloc<System>> = Cap::new(&PEAK, usize::MAX);

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
    let parsed: Result<Vec<usize>, _> = std::env::args().skip(1).map(|a| a.parse()).collect();
    let sizes = match parsed {
        Ok(sizes) if sizes.is_empty() => vec![10_000, 100_000, 1_000_000],
        Ok(sizes) => sizes,
        Err(e) => return Err(format!("a size is a number of records: {e}").into()),
    };
    let mut fits = true;
    println!(
        "| records | report | per record | records' heap | peak heap (records + report) | per record |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let records = portfolio.records(n)?;
        let held = ALLOCATOR.allocated();
        PEAK.reset_peak_memory();
        let started = Instant::now();
        // As `charter report` does: the report keeps the records, no copy.
        let report = ComplianceReport::from_records(records, as_of);
        let took = started.elapsed();
        let peak = held + PEAK.get_peak_memory();
        let n128 = u128::try_from(n)?;
        println!(
            "| {n} | {} ms | {} ns | {} MiB | {} MiB | {} bytes |",
            took.as_millis(),
            took.as_nanos() / n128,
            held >> 20,
            peak >> 20,
            peak / n,
        );
        fits &= n < 1_000_000 || peak <= MAX_BYTES;
        drop(report);
    }
    // Linux's count of the most memory the process has held in RAM.
    if let Some(rss) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:").map(str::trim).map(String::from))
        })
    {
        println!("\nprocess peak resident memory (VmHWM): {rss}");
    }
    Ok(fits)
}
