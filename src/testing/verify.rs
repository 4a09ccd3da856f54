//! Runs the [catalogue](super::invariants::CATALOGUE) against a pack: each invariant with
//! its own proptest runner, seeded from the run's seed and the invariant's name, so the
//! same seed gives the same result whatever else runs, and `--only NAME` finds what the
//! whole run found.

use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::invariants::{Invariant, Violation};
use crate::rulebook::Rulebook;

/// How many cases, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Inputs tried per invariant (before shrinking).
    pub cases: u32,
    /// The run's seed.
    pub seed: u64,
}

impl Default for Options {
    /// 256 cases from seed 0.
    fn default() -> Options {
        Options {
            cases: 256,
            seed: 0,
        }
    }
}

/// What one invariant came to.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The invariant's name.
    pub invariant: &'static str,
    /// Its clauses.
    pub clauses: &'static [crate::charter::Clause],
    /// The cases it was given.
    pub cases: u32,
    /// `None` when it held for all of them.
    pub violation: Option<Violation>,
}

/// A proptest runner for `invariant`: deterministic, seeded from `options.seed` and the
/// invariant's name, with no failure persistence and bounded shrinking.
#[must_use]
pub fn runner(options: &Options, invariant: &Invariant) -> TestRunner {
    let mut hash = Sha256::new();
    hash.update(options.seed.to_le_bytes());
    hash.update(invariant.name.as_bytes());
    let seed = hash.finalize();
    let config = Config {
        cases: options.cases,
        max_local_rejects: 65_536,
        max_global_rejects: options.cases.saturating_mul(16).max(1024),
        max_flat_map_regens: 1_000_000,
        failure_persistence: None,
        max_shrink_iters: 2048,
        max_shrink_time: 0,
        verbose: 0,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

/// Checks one invariant against `book`.
#[must_use]
pub fn check(book: &Rulebook, invariant: &'static Invariant, options: &Options) -> Verdict {
    let mut runner = runner(options, invariant);
    Verdict {
        invariant: invariant.name,
        clauses: invariant.clauses,
        cases: options.cases,
        violation: (invariant.check)(book, &mut runner).err(),
    }
}

/// Checks every one of `invariants` against `book`, telling `done` each verdict as it comes.
pub fn verify<'a>(
    book: &Rulebook,
    invariants: impl IntoIterator<Item = &'static Invariant>,
    options: &Options,
    mut done: impl FnMut(&Verdict) + 'a,
) -> Vec<Verdict> {
    invariants
        .into_iter()
        .map(|invariant| {
            let verdict = check(book, invariant, options);
            done(&verdict);
            verdict
        })
        .collect()
}
