//! Runs every hostile script of `tests/fixtures/hostile/rules.toml` and prints, for each, how
//! long it took and how much the process's heap grew, then the margin between the slowest
//! evaluation the sandbox's limits allow and its wall-clock fuse.
//!
//! ```sh
//! cargo run --release --example hostile_stress          # exit 1 if a limit is exceeded
//! cargo run --release --example hostile_stress -- 20    # 20 runs per script (default 5)
//! ```
//!
//! A script that fails at run time ran until a limit stopped it, so its time is the cost of
//! a whole budget spent its way; the slowest of them is the slowest evaluation within the
//! limits. Heap growth is measured by a counting allocator (`peak_alloc`): the peak of live bytes during
//! the run, above what was live before it. The command fails when any run takes more than
//! 50 ms or grows the heap by more than 64 MiB.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use credit_charter::credit_limit::{ChangeKind, ExceptionalCircumstance, LimitChange};
use credit_charter::rulebook::limits::{FUSE, MAX_OPERATIONS};
use credit_charter::{Currency, PolicyTerms, Rulebook};
use peak_alloc::PeakAlloc;
use serde::Deserialize;

/// Counts live heap bytes and their peak.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const MAX_TIME: Duration = Duration::from_millis(50);
const MAX_GROWTH: usize = 64 << 20;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    target: String,
    expect: String,
    ask: Option<String>,
    #[serde(rename = "why")]
    _why: String,
    #[serde(rename = "at")]
    _at: Option<String>,
}

/// Time and heap growth of `f`.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    let growth = ALLOCATOR.peak_usage().saturating_sub(before);
    (out, took, growth)
}

type Failure = Box<dyn std::error::Error>;

fn pack_files(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<(), Failure> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<PathBuf>, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pack_files(root, &path, out)?;
        } else if path.file_name().is_some_and(|n| n != "README.md") {
            let relative = path
                .strip_prefix(root)?
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(relative, std::fs::read_to_string(&path)?);
        }
    }
    Ok(())
}

/// `12.345` (milliseconds, from a duration).
fn millis(d: Duration) -> String {
    let us = d.as_micros();
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// `12.3` (KiB, from bytes).
fn kib(bytes: usize) -> String {
    let tenths = bytes * 10 / 1024;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn main() -> Result<ExitCode, Failure> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/hostile");
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(fixtures.join("rules.toml"))?)?;
    let mut pack = BTreeMap::new();
    pack_files(&root.join("rules"), &root.join("rules"), &mut pack)?;
    let terms = PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: BTreeMap::new(),
    };
    let on = NaiveDate::from_ymd_opt(2026, 3, 5).ok_or("a date")?;
    let eur = |a: &str| format!("EUR {a}").parse::<credit_charter::Money>();

    println!(
        "{runs} run(s) per script; budget {MAX_OPERATIONS} operations; fuse {} ms\n",
        FUSE.as_millis()
    );
    println!(
        "{:<36} {:<6} {:<24} {:>10} {:>12}",
        "script", "phase", "ended in", "max ms", "max heap KiB"
    );
    let mut slowest_run = (Duration::ZERO, String::new());
    let (mut worst_time, mut worst_growth) = (Duration::ZERO, 0);
    for case in &corpus.case {
        let text =
            String::from_utf8_lossy(&std::fs::read(fixtures.join("rules").join(&case.file))?)
                .into_owned();
        let mut files = pack.clone();
        files.insert(case.target.clone(), text);
        let phase = if case.expect.starts_with("run") {
            "run"
        } else {
            "load"
        };
        let (mut max_time, mut max_growth, mut ended) = (Duration::ZERO, 0, String::new());
        let loaded = Rulebook::from_sources(files.clone());
        let rules = match &loaded {
            Ok(book) => Some(book.for_policy(&terms)?),
            Err(_) => None,
        };
        let circumstance = match case.ask.as_deref() {
            Some(code) => Some(serde_json::from_value::<ExceptionalCircumstance>(
                code.into(),
            )?),
            None => None,
        };
        let question = LimitChange {
            kind: ChangeKind::Reduction,
            current: eur("100000")?,
            new_amount: eur("40000")?,
            circumstance,
        };
        for _ in 0..runs {
            let (outcome, took, growth) = match &rules {
                Some(rules) if phase == "run" => {
                    let (result, took, growth) = measure(|| rules.ask(&question, on));
                    let outcome = match result {
                        Ok(_) => "an answer".to_owned(),
                        Err(e) => format!("{:?}", e.kind)
                            .split(|c: char| !c.is_alphanumeric())
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                    };
                    (outcome, took, growth)
                }
                _ => {
                    let (result, took, growth) =
                        measure(|| Rulebook::from_sources(files.clone()).map(|_| ()));
                    let outcome = match result {
                        Ok(()) => "loaded".to_owned(),
                        Err(_) => "invalid pack".to_owned(),
                    };
                    (outcome, took, growth)
                }
            };
            max_time = max_time.max(took);
            max_growth = max_growth.max(growth);
            ended = outcome;
        }
        if phase == "run" && max_time > slowest_run.0 {
            slowest_run = (max_time, case.file.clone());
        }
        worst_time = worst_time.max(max_time);
        worst_growth = worst_growth.max(max_growth);
        println!(
            "{:<36} {:<6} {:<24} {:>10} {:>12}",
            case.file,
            phase,
            ended,
            millis(max_time),
            kib(max_growth)
        );
    }
    let margin = FUSE.as_micros() / slowest_run.0.as_micros().max(1);
    println!(
        "\nslowest evaluation within the limits: {} ms ({}); fuse {} ms; margin {margin}×",
        millis(slowest_run.0),
        slowest_run.1,
        FUSE.as_millis()
    );
    println!(
        "slowest script (load or run): {} ms; largest heap growth: {} KiB",
        millis(worst_time),
        kib(worst_growth)
    );
    if worst_time > MAX_TIME || worst_growth > MAX_GROWTH {
        println!("FAILED: a script took more than 50 ms or grew the heap by more than 64 MiB");
        return Ok(ExitCode::FAILURE);
    }
    println!("ok: every script under 50 ms and 64 MiB");
    Ok(ExitCode::SUCCESS)
}
