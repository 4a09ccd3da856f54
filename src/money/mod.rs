//! Exact money: [`Money`] is a `Decimal` amount with an ISO 4217 [`Currency`].
//!
//! There is no `Add` for `Money`: an operator cannot report a currency mismatch, and a
//! panic is never acceptable. Use the `checked_*` methods. Rounding happens in exactly one
//! place, [`rounding`].
//!
//! Layer: the ground floor; imports nothing of the crate.

mod amount;
mod currency;
mod error;
mod rate;
pub mod rounding;

pub use amount::Money;
pub use currency::Currency;
pub use error::MoneyError;
pub use rate::Percentage;
