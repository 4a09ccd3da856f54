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

fn pack_files(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the rules folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pack_files(root, &path, out);
        } else if path.file_name().is_some_and(|n| n != "README.md") {
            let relative = path.strip_prefix(root).expect("inside").to_string_lossy();
            let text = std::fs::read_to_string(&path).expect("a pack file");
            out.insert(relative.replace('\\', "/"), text);
        }
    }
}

fn main() -> ExitCode {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/hostile");
    let corpus: Corpus =
        toml::from_str(&std::fs::read_to_string(fixtures.join("rules.toml")).expect("the corpus"))
            .expect("the corpus parses");
    let mut pack = BTreeMap::new();
    pack_files(&root.join("rules"), &root.join("rules"), &mut pack);
    let terms = PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: BTreeMap::new(),
    };
    let on = NaiveDate::from_ymd_opt(2026, 3, 5).expect("a date");
    let eur = |a: &str| format!("EUR {a}").parse().expect("an amount");

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
        let text = String::from_utf8_lossy(
            &std::fs::read(fixtures.join("rules").join(&case.file)).expect("a fixture"),
        )
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
        let rules = loaded
            .as_ref()
            .ok()
            .map(|book| book.for_policy(&terms).expect("the default terms bind"));
        let question = LimitChange {
            kind: ChangeKind::Reduction,
            current: eur("100000"),
            new_amount: eur("40000"),
            circumstance: case.ask.as_deref().map(|code| {
                serde_json::from_value::<ExceptionalCircumstance>(code.into())
                    .expect("a circumstance")
            }),
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
            "{:<36} {:<6} {:<24} {:>10.3} {:>12.1}",
            case.file,
            phase,
            ended,
            max_time.as_secs_f64() * 1e3,
            max_growth as f64 / 1024.0
        );
    }
    let margin = FUSE.as_secs_f64() / slowest_run.0.as_secs_f64().max(1e-9);
    println!(
        "\nslowest evaluation within the limits: {:.3} ms ({}); fuse {} ms; margin {margin:.0}×",
        slowest_run.0.as_secs_f64() * 1e3,
        slowest_run.1,
        FUSE.as_millis()
    );
    println!(
        "slowest script (load or run): {:.3} ms; largest heap growth: {:.1} KiB",
        worst_time.as_secs_f64() * 1e3,
        worst_growth as f64 / 1024.0
    );
    if worst_time > MAX_TIME || worst_growth > MAX_GROWTH {
        println!("FAILED: a script took more than 50 ms or grew the heap by more than 64 MiB");
        return ExitCode::FAILURE;
    }
    println!("ok: every script under 50 ms and 64 MiB");
    ExitCode::SUCCESS
}
