//! The crate's error: one variant per module error below the case file, which has its
//! own [`CaseFileError`](crate::case_file::CaseFileError) wrapping this one.

use std::fmt;

use miette::Diagnostic;

use crate::calendar::CalendarError;
use crate::charter::UnknownClause;
use crate::claim::ClaimError;
use crate::collection::CollectionError;
use crate::communication::CommunicationError;
use crate::credit_limit::CreditLimitError;
use crate::explain::ExplainError;
use crate::ids::InvalidId;
use crate::invoice::InvoiceError;
use crate::money::MoneyError;
use crate::objection::ObjectionError;
use crate::premium::PremiumError;
use crate::renewal::RenewalError;
use crate::rulebook::{RuleError, RulebookError};

/// Any error of a value type, the rule engine or a machine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Error {
    /// An amount, currency or percentage.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A date computation.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// Loading a rule pack, or binding it to a policy.
    #[error(transparent)]
    Rulebook(#[from] RulebookError),
    /// Evaluating a rule.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A credit-limit event was rejected.
    #[error(transparent)]
    CreditLimit(#[from] CreditLimitError),
    /// An objection event was rejected.
    #[error(transparent)]
    Objection(#[from] ObjectionError),
    /// A policy-period event was rejected.
    #[error(transparent)]
    Renewal(#[from] RenewalError),
    /// A communication event was rejected.
    #[error(transparent)]
    Communication(#[from] CommunicationError),
    /// A decision could not be explained as the charter requires.
    #[error(transparent)]
    Explain(#[from] ExplainError),
    /// An identifier.
    #[error(transparent)]
    Id(#[from] InvalidId),
    /// A charter clause id.
    #[error(transparent)]
    Clause(#[from] UnknownClause),
    /// A claim event was rejected.
    #[error(transparent)]
    Claim(#[from] ClaimError),
    /// A collection event was rejected.
    #[error(transparent)]
    Collection(#[from] CollectionError),
    /// An invoice was unclear (C2.4).
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
    /// A premium-year event was rejected (C2.4).
    #[error(transparent)]
    Premium(#[from] PremiumError),
}

impl Error {
    /// The rule-pack or rule error inside, whose diagnostic says more.
    fn inner(&self) -> Option<&dyn Diagnostic> {
        match self {
            Error::Rulebook(e) => Some(e),
            Error::Rule(e) => Some(e),
            _ => None,
        }
    }
}

/// A rule-pack or rule error keeps its own code, help and source line; a machine's
/// rejection of an event is `event::<machine>` (`event::credit_limit`).
impl Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner().map_or_else(
            || {
                Some(Box::new(format!("event::{}", <&'static str>::from(self)))
                    as Box<dyn fmt::Display>)
            },
            Diagnostic::code,
        )
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner()?.help()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner()?.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner()?.labels()
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        self.inner()?.related()
    }
}
