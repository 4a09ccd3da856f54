//! A rule author's host crate property-testing its own pack with the kit's public
//! strategies (feature `testing`): the charter's catalogue first, then a promise of the
//! host's own, written with the same strategies.
//!
//! ```sh
//! cargo run --example verify_my_rules --features testing -- rules   # or your pack's folder
//! ```

use std::collections::BTreeMap;
use std::error::Error;

use credit_charter::Rulebook;
use credit_charter::calendar::Period;
use credit_charter::testing::verify::{self, Options};
use credit_charter::testing::{CATALOGUE, questions};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn main() -> Result<(), Box<dyn Error>> {
    let book = match std::env::args().nth(1) {
        Some(dir) => Rulebook::from_dir(dir)?,
        None => Rulebook::embedded()?,
    };

    // 1. Every promise of the charter, 64 random inputs each, from seed 1.
    let options = Options { cases: 64, seed: 1 };
    let verdicts = verify::verify(&book, CATALOGUE, &options, |v| {
        let mark = if v.violation.is_none() {
            "ok  "
        } else {
            "FAIL"
        };
        println!("{mark} {}", v.invariant);
    });

    // 2. The host's own promise, on the kit's strategies: "our notice of a reduction or
    //    withdrawal is never longer than 90 days", for any limit, date and calendar.
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let changes = questions::asked(questions::limit_change(false), &book, Just(BTreeMap::new()));
    let own = runner.run(&changes, |asked| {
        let rules = asked
            .rules(&book)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let notice = asked
            .ruling(&rules)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let days = match notice.value {
            Period::Days(n) | Period::BusinessDays(n) => n,
            Period::Months(n) => n * 31,
        };
        prop_assert!(
            days <= 90,
            "{} notice for {:?}",
            notice.value,
            asked.question
        );
        Ok(())
    });
    println!(
        "{} our notice is at most 90 days",
        if own.is_ok() { "ok  " } else { "FAIL" }
    );
    if let Err(e) = own {
        println!("     {e}");
    }

    let broken = verdicts.iter().filter(|v| v.violation.is_some()).count();
    println!(
        "{} of {} charter invariants kept",
        verdicts.len() - broken,
        verdicts.len()
    );
    Ok(())
}
