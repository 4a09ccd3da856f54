//! The crate's own rule pack: the [`MANIFEST`] every machine contributes its questions,
//! parameters and reason codes to (each from its `rules.rs`), and the default rules of
//! `rules/`, compiled into the crate so it works with no files at all.
//!
//! Layer: above the machines (it lists them), below the case file and the CLI. It adds the
//! [`Rulebook`] constructors that validate a pack against the crate's manifest.

use std::path::Path;

use crate::rulebook::{Manifest, Rulebook, RulebookError};
use crate::{claim, collection, communication, credit_limit, objection, premium, renewal};

/// Every rule the crate's machines ask, every parameter they read and every reason code
/// they give, area by area.
pub static MANIFEST: Manifest = Manifest {
    areas: &[
        &credit_limit::rules::AREA,
        &objection::rules::AREA,
        &renewal::rules::AREA,
        &communication::rules::AREA,
        &claim::rules::AREA,
        &collection::rules::AREA,
        &premium::rules::AREA,
    ],
};

impl Rulebook {
    /// The default rule pack shipped inside the crate (the `rules/` folder).
    ///
    /// # Errors
    ///
    /// [`RulebookError::Invalid`] only if the shipped pack is broken, which the crate's
    /// own tests rule out.
    pub fn embedded() -> Result<Rulebook, RulebookError> {
        Rulebook::from_sources(
            FILES
                .iter()
                .map(|&(path, text)| (path.to_owned(), text.to_owned())),
        )
    }

    /// Loads a pack from a folder laid out like `rules/` (`README.md` files are skipped),
    /// validated against the crate's [`MANIFEST`].
    ///
    /// # Errors
    ///
    /// [`RulebookError::Unreadable`] when the folder cannot be read;
    /// [`RulebookError::Invalid`] with every problem found.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Rulebook, RulebookError> {
        Rulebook::load_dir(dir, &MANIFEST)
    }

    /// Loads a pack from `(path, text)` pairs, paths relative to the pack root with `/`,
    /// validated against the crate's [`MANIFEST`].
    ///
    /// # Errors
    ///
    /// [`RulebookError::Invalid`] with every problem found.
    pub fn from_sources(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Rulebook, RulebookError> {
        Rulebook::load(files, &MANIFEST)
    }
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../rules/", $path)))),*]
    };
}

/// The embedded default pack; a test checks that it holds every file of `rules/`.
const FILES: &[(&str, &str)] = embed![
    "parameters.toml",
    "reasons.toml",
    "calendars/BE.toml",
    "calendars/NL.toml",
    "credit_limit/decision_deadline.rhai",
    "credit_limit/decision_deadline.cases.toml",
    "credit_limit/discretionary_limit.rhai",
    "credit_limit/discretionary_limit.cases.toml",
    "credit_limit/information_request.rhai",
    "credit_limit/information_request.cases.toml",
    "credit_limit/notice_period.rhai",
    "credit_limit/notice_period.cases.toml",
    "credit_limit/rating_disclosure.rhai",
    "credit_limit/rating_disclosure.cases.toml",
    "communication/response_times.rhai",
    "communication/response_times.cases.toml",
    "objection/handling.rhai",
    "objection/handling.cases.toml",
    "renewal/timetable.rhai",
    "renewal/timetable.cases.toml",
    "claim/payout.rhai",
    "claim/payout.cases.toml",
    "claim/date_of_loss.rhai",
    "claim/date_of_loss.cases.toml",
    "claim/stoppage_of_cover.rhai",
    "claim/stoppage_of_cover.cases.toml",
    "claim/step_plan.rhai",
    "claim/step_plan.cases.toml",
    "collection/transfer_deadline.rhai",
    "collection/transfer_deadline.cases.toml",
    "collection/recovery_sharing.rhai",
    "collection/recovery_sharing.cases.toml",
    "invoice/payment_terms.rhai",
    "invoice/payment_terms.cases.toml",
    "premium/closing_invoice.rhai",
    "premium/closing_invoice.cases.toml",
];
