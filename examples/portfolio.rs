//! Writes a generated portfolio — one case file per policy — into a folder, for
//! `charter report`, `charter diff`, benches and stress runs.
//!
//! ```sh
//! cargo run --release --example portfolio -- book 1000       # book/POL-0000000.json …
//! cargo run --release --example portfolio -- book 1000 42    # another seed (default 7)
//! cargo run -- report book                                    # every file, in parallel
//! ```
//!
//! The same seed and count write byte-identical files on any machine.

use std::path::PathBuf;
use std::process::ExitCode;

use credit_charter::Rulebook;
use credit_charter::portfolio::Portfolio;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: portfolio OUT_DIR [POLICIES (100)] [SEED (7)]";
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let number = |arg: Option<String>, default: u64| {
        arg.map_or(Ok(default), |a| {
            a.parse::<u64>().map_err(|e| format!("`{a}`: {e}\n{usage}"))
        })
    };
    let policies = number(args.next(), 100)?;
    let seed = number(args.next(), 7)?;
    let rulebook = Rulebook::embedded().map_err(|e| e.to_string())?;
    let portfolio = Portfolio::new(seed, &rulebook);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let (mut events, mut buyers) = (0, 0);
    for i in 0..policies {
        let file = portfolio
            .case_file(i)
            .map_err(|e| format!("policy {i}: {e}"))?;
        buyers += file.buyers.len();
        events += file.event_count();
        let path = out.join(format!("{}.json", file.policy.id));
        let json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "{policies} policies, {buyers} buyers, {events} events (seed {seed}) in {}",
        out.display()
    );
    Ok(())
}
