//! A realistic portfolio, deterministic by seed: policies, each a [`CaseFile`] of a year of
//! trading with its buyers — credit limits granted or applied for and decided, rating
//! changes, reductions and withdrawals with and without exceptional circumstances, claims on
//! several invoices with their step plan, collections with recoveries and transfers, the
//! premium year's invoices, the customer's questions.
//!
//! ```
//! use credit_charter::portfolio::Portfolio;
//! use credit_charter::Rulebook;
//!
//! let rulebook = Rulebook::embedded()?;
//! let portfolio = Portfolio::new(7, &rulebook);
//! let book = portfolio.book(3)?;
//! assert_eq!(book.len(), 3);
//! assert_eq!(book[1], portfolio.case_file(1)?); // policy 1 on its own is the same file
//! # Ok::<(), credit_charter::Error>(())
//! ```
//!
//! Every event is applied to its machine while it is written, so amounts a real host would
//! read back (a payout, the customer's share of a recovery, a notice's effective date) come
//! from the machines, and a generated file replays without a refused event. Not every
//! promise is kept: some decisions come late, some letters omit the rating, some changes are
//! applied before their notice ends, some transfers are late — in proportions a compliance
//! sweep would find. Policy `i` depends only on the seed and `i` (its own ChaCha stream), so
//! a book can be written in parallel, or one policy regenerated alone. The numbers depend on
//! the rule pack given (the effective dates, the payouts), so the embedded pack is the usual
//! one.
//!
//! Layer: beside [`crate::case_file`], at the top of the library; behind the `portfolio`
//! feature.

mod claims;
mod limits;
mod office;

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::case_file::{Buyer, CaseFile, CreditLimitCase, Policy};
use crate::error::Error;
use crate::ids::{BuyerId, PolicyId};
use crate::machine::Machine;
use crate::money::{Currency, Money};
use crate::rulebook::{PolicyRules, PolicyTerms, Rulebook};

/// The policy year every generated file covers.
const YEAR: i32 = 2026;

/// What building a book's records can fail with ([`Portfolio::records`]).
#[cfg(feature = "batch")]
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// A policy could not be generated.
    #[error(transparent)]
    Generate(Box<Error>),
    /// A generated policy could not be replayed.
    #[error(transparent)]
    Replay(Box<crate::case_file::CaseFileError>),
    /// The worker pool could not start.
    #[error(transparent)]
    Batch(#[from] crate::batch::BatchError),
}

// Boxed: both errors are large, and a book's records are built in the thousands.
#[cfg(feature = "batch")]
impl From<Error> for BookError {
    fn from(error: Error) -> BookError {
        BookError::Generate(Box::new(error))
    }
}

#[cfg(feature = "batch")]
impl From<crate::case_file::CaseFileError> for BookError {
    fn from(error: crate::case_file::CaseFileError) -> BookError {
        BookError::Replay(Box::new(error))
    }
}

/// A portfolio generator: a seed and the rules that decide the machines' answers.
#[derive(Debug, Clone)]
pub struct Portfolio {
    seed: u64,
    rulebook: Rulebook,
}

impl Portfolio {
    /// The portfolio of `seed`, decided by `rulebook`'s rules.
    #[must_use]
    pub fn new(seed: u64, rulebook: &Rulebook) -> Portfolio {
        Portfolio {
            seed,
            rulebook: rulebook.clone(),
        }
    }

    /// Policies `0..policies`, in order.
    ///
    /// # Errors
    ///
    /// As [`Portfolio::case_file`].
    pub fn book(&self, policies: u64) -> Result<Vec<CaseFile>, Error> {
        (0..policies).map(|i| self.case_file(i)).collect()
    }

    /// The decision records of policies 0, 1, 2 …, replayed in parallel, until there are
    /// `n` (the first `n`): the books the report benches and `examples/report_scale.rs`
    /// build reports over.
    ///
    /// # Errors
    ///
    /// [`BookError`]: a policy that cannot be generated or replayed (neither happens with
    /// the embedded pack), or a worker pool that cannot start.
    #[cfg(feature = "batch")]
    pub fn records(&self, n: usize) -> Result<Vec<crate::DecisionRecord>, BookError> {
        let mut records = Vec::with_capacity(n);
        let mut next = 0;
        while records.len() < n {
            let ids: Vec<u64> = (next..next + 1_000).collect();
            next += 1_000;
            let replays = crate::batch::Batch::new().map(&ids, |i| {
                Ok::<_, BookError>(self.case_file(*i)?.replay(&self.rulebook)?.records)
            })?;
            for replay in replays {
                // Never past `n`: a list grown past its capacity would double it.
                let room = n - records.len();
                records.extend(replay?.into_iter().take(room));
            }
        }
        Ok(records)
    }

    /// Policy `index`: one year of one insured business with its buyers.
    ///
    /// # Errors
    ///
    /// [`Error::Rulebook`] when the rule pack does not fit the generated terms (an unknown
    /// calendar); a machine's error for an event it refuses or a rule that fails — with the
    /// embedded pack, neither happens (the crate's tests check many seeds).
    pub fn case_file(&self, index: u64) -> Result<CaseFile, Error> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(index);
        let policy = Policy {
            id: PolicyId::new(format!("POL-{index:07}"))?,
            holder: office::company(&mut rng),
            currency: Currency::EUR,
            calendar: if rng.random_bool(0.7) { "NL" } else { "BE" }.into(),
            parameters: office::overrides(&mut rng),
        };
        let rules = self.rulebook.for_policy(&PolicyTerms {
            currency: policy.currency,
            calendar: policy.calendar.clone(),
            parameters: policy.parameters.clone(),
        })?;
        let mut writer = Writer {
            rng,
            rules,
            policy: policy.id.clone(),
            currency: policy.currency,
        };
        let description = format!("{} trades with its buyers for a year.", policy.holder);
        let title = format!("Generated policy {index} of portfolio {}", self.seed);
        let mut file = CaseFile {
            description: Some(description),
            as_of: Some(writer.day(455)),
            ..CaseFile::new(title, policy)
        };
        let mut claims = Vec::new();
        let buyers = writer.rng.random_range(1..=9);
        for b in 1..=buyers {
            let id = BuyerId::new(format!("B-{index:07}-{b:02}"))?;
            file.buyers.push(Buyer {
                id: id.clone(),
                name: office::company(&mut writer.rng),
                country: Some(file.policy.calendar.clone()),
            });
            // About one buyer in eight stops paying during the year.
            let story = if writer.rng.random_bool(0.12) {
                let plan = writer.default_plan(&id)?;
                let limit = writer.defaulting_limit(&id, &plan)?;
                let (claim, collection) = writer.claim_story(&id, &plan, &limit.machine)?;
                claims.push((claim.1, claim.0));
                if let Some(collection) = collection {
                    file.collections.push(collection);
                }
                limit
            } else {
                writer.limit_story(&id)?
            };
            file.credit_limits.push(CreditLimitCase {
                buyer: id,
                events: story.events,
            });
        }
        // A case file lists claims in date-of-loss order (the policy year's ledger).
        claims.sort_by_key(|(loss, _)| *loss);
        file.claims = claims.into_iter().map(|(_, case)| case).collect();
        file.premium = Some(writer.premium_year(buyers)?);
        file.inquiries = writer.inquiries()?;
        Ok(file)
    }
}

/// One aggregate being written: the machine after the events so far.
struct Track<M: Machine> {
    machine: M,
    events: Vec<M::Event>,
}

impl<M: Machine> Track<M>
where
    M::Error: Into<Error>,
{
    fn new(machine: M) -> Track<M> {
        Track {
            machine,
            events: Vec::new(),
        }
    }

    /// The date of the last event written.
    fn last_on(&self) -> Option<NaiveDate> {
        self.machine.ledger().last_event_on()
    }

    /// Applies `event` and keeps it.
    fn push(&mut self, event: M::Event, rules: &PolicyRules) -> Result<(), Error> {
        let step = self.machine.apply(&event, rules).map_err(Into::into)?;
        self.machine = step.next;
        self.events.push(event);
        Ok(())
    }
}

/// What writes one policy: its random stream and its rules.
struct Writer {
    rng: ChaCha8Rng,
    rules: PolicyRules,
    policy: PolicyId,
    currency: Currency,
}

impl Writer {
    /// Day `n` of the policy year (day 0 is 1 January); beyond it, the next year.
    fn day(&self, n: u64) -> NaiveDate {
        later(year_start(), n)
    }

    /// A random amount of `from..=to` thousands of the policy currency.
    fn thousands(&mut self, from: i64, to: i64) -> Result<Money, Error> {
        let n = self.rng.random_range(from..=to);
        self.money(Decimal::from(n * 1000))
    }

    fn money(&self, amount: Decimal) -> Result<Money, Error> {
        Ok(Money::new(amount, self.currency)?)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// One of `items`, uniformly.
    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let i = self.rng.random_range(0..items.len().max(1));
        items.get(i).copied()
    }

    /// A count in `from..=to`.
    fn count(&mut self, from: u64, to: u64) -> u64 {
        self.rng.random_range(from..=to)
    }

    /// A rating grade in `from..=to`.
    fn grade(&mut self, from: u8, to: u8) -> u8 {
        self.rng.random_range(from..=to)
    }

    /// A day of the year in `from..=to`.
    fn some_day(&mut self, from: u64, to: u64) -> NaiveDate {
        let n = self.count(from, to);
        self.day(n)
    }

    /// `on` plus `from..=to` days.
    fn after(&mut self, on: NaiveDate, from: u64, to: u64) -> NaiveDate {
        let n = self.rng.random_range(from..=to);
        later(on, n)
    }
}

/// `on` plus `days` days (the generator's dates are far from the calendar's end).
fn later(on: NaiveDate, days: u64) -> NaiveDate {
    on.checked_add_days(Days::new(days)).unwrap_or(on)
}

/// The first day of the generated policy year.
fn year_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}
