//! Identifiers: newtypes, so a buyer's id cannot be passed where a policy's is expected.
//!
//! Every id is 1–64 characters from one documented set: ASCII letters and digits, `-`, `_`
//! and `.`, starting with a letter or digit (`POL-2026-0042`, `NL-KVK-30123456`). So an id
//! cannot hold a control, bidi or zero-width character, nor a separator the crate uses
//! between the parts of a subject's or an obligation's id (`/`, `:`, `#`, `%`).
//!
//! Layer: the ground floor; imports nothing of the crate but [`crate::text`].

/// The most characters an id may hold.
pub const MAX_ID_CHARS: usize = 64;

/// Whether `id` is a valid id of any kind: see the [module](self) documentation.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    id.len() <= MAX_ID_CHARS
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id.chars().all(allowed)
}

/// An identifier was empty, too long, or held a character outside the id set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid {what} id `{}`: use 1–64 of A–Z, a–z, 0–9, `-`, `_` and `.`, starting with a letter or digit",
    crate::text::printable(id)
)]
pub struct InvalidId {
    /// Which kind of id.
    pub what: &'static str,
    /// The id as given.
    pub id: String,
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an id.
            ///
            /// # Errors
            ///
            /// [`$crate::ids::InvalidId`] when empty, longer than 64 characters, or holding a
            /// character outside the id set (see [`crate::ids`]).
            pub fn new(id: impl Into<String>) -> Result<$name, $crate::ids::InvalidId> {
                let id = id.into();
                if $crate::ids::is_valid_id(&id) { Ok($name(id)) } else { Err($crate::ids::InvalidId { what: $what, id }) }
            }

            /// The id as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ids::InvalidId;
            fn try_from(id: String) -> Result<$name, $crate::ids::InvalidId> {
                $name::new(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use id;

id!(
    /// A policy's id, e.g. `POL-2026-0042`.
    PolicyId, "policy"
);
id!(
    /// A buyer's id (the insured's customer), e.g. `NL-KVK-12345678`.
    BuyerId, "buyer"
);
id!(
    /// A customer's question, e.g. a ticket number `Q-2026-014` (C1.1, C2.1).
    InquiryId, "question"
);
