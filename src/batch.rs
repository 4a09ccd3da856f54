//! Many items at once — whole case files, limits, claims, obligations — evaluated in
//! parallel on a pool of worker threads, the results in input order.
//!
//! ```
//! use credit_charter::batch::Batch;
//! use credit_charter::portfolio::Portfolio;
//! use credit_charter::Rulebook;
//!
//! let rulebook = Rulebook::embedded()?;
//! let book = Portfolio::new(7, &rulebook).book(4)?;
//! let reports = Batch::new().threads(2).map(&book, |file| {
//!     let as_of = file.as_of.unwrap_or_default();
//!     file.case_report(&rulebook, as_of)
//! })?;
//! assert_eq!(reports.len(), 4);
//! assert!(reports.iter().all(Result::is_ok)); // each item's result is its own
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each worker thread builds its own rhai engine on first use (the sandbox keeps one per
//! thread, `DESIGN.md` "Why one rhai engine per thread?"); the compiled pack, a
//! [`Rulebook`](crate::Rulebook), is shared by every worker. An item's result depends only
//! on the item, never on the thread that computed it or on the others — an item that fails
//! is an error in its own place and the others are untouched — so a batch gives
//! byte-identical results on one thread and on many (`tests/batch`).
//!
//! Layer: beside [`crate::case_file`], at the top of the library; behind the `batch`
//! feature (rayon).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// How far a batch has come, as its progress callback is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Items finished so far.
    pub done: usize,
    /// Items in the batch.
    pub total: usize,
}

/// A batch runner: how many worker threads, and who hears about progress.
pub struct Batch<'a> {
    threads: usize,
    progress: Option<Box<dyn Fn(Progress) + Sync + 'a>>,
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("threads", &self.threads)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Default for Batch<'_> {
    fn default() -> Self {
        Batch::new()
    }
}

/// The worker pool could not be started (the operating system refused a thread).
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker thread(s): {message}")]
pub struct BatchError {
    threads: usize,
    message: String,
}

impl<'a> Batch<'a> {
    /// A batch on one worker thread per core, without a progress callback.
    #[must_use]
    pub fn new() -> Batch<'a> {
        Batch {
            threads: 0,
            progress: None,
        }
    }

    /// Runs on `threads` worker threads (0: one per core).
    #[must_use]
    pub fn threads(self, threads: usize) -> Batch<'a> {
        Batch { threads, ..self }
    }

    /// Calls `progress` after every finished item, from the worker that finished it: each
    /// call's `done` is another of `1..=total`, in no fixed order across threads.
    #[must_use]
    pub fn on_progress(self, progress: impl Fn(Progress) + Sync + 'a) -> Batch<'a> {
        Batch {
            progress: Some(Box::new(progress)),
            ..self
        }
    }

    /// `work` applied to every item, in parallel; the results in the items' order. `work`
    /// returns each item's own result, a `Result` when items can fail, so one item's error
    /// stays in its place.
    ///
    /// # Errors
    ///
    /// [`BatchError`] when the worker threads cannot be started.
    pub fn map<T, R>(
        &self,
        items: &[T],
        work: impl Fn(&T) -> R + Sync,
    ) -> Result<Vec<R>, BatchError>
    where
        T: Sync,
        R: Send,
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .thread_name(|i| format!("charter-batch-{i}"))
            .build()
            .map_err(|e| BatchError {
                threads: self.threads,
                message: e.to_string(),
            })?;
        let done = AtomicUsize::new(0);
        let total = items.len();
        let progress = self.progress.as_deref();
        Ok(pool.install(|| {
            items
                .par_iter()
                .map(|item| {
                    let result = work(item);
                    if let Some(progress) = progress {
                        let done = done.fetch_add(1, Ordering::Relaxed).saturating_add(1);
                        progress(Progress { done, total });
                    }
                    result
                })
                .collect()
        }))
    }
}
