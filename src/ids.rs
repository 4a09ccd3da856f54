//! Identifiers: newtypes, so a buyer's id cannot be passed where a policy's is expected.
//!
//! Layer: the ground floor; imports nothing of the crate.

/// An identifier was empty, too long, or held control characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} id `{id}`: use 1–64 printable characters")]
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
            /// [`$crate::ids::InvalidId`] when empty, longer than 64 characters, or holding control characters.
            pub fn new(id: impl Into<String>) -> Result<$name, $crate::ids::InvalidId> {
                let id = id.into();
                let valid = !id.trim().is_empty() && id.chars().count() <= 64 && !id.chars().any(char::is_control);
                if valid { Ok($name(id)) } else { Err($crate::ids::InvalidId { what: $what, id }) }
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
