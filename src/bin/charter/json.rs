//! The JSON envelope every command prints with `--format json`: a versioned `schema`
//! (`credit-charter/<command>/<version>`), the `diagnostics` (empty unless the command
//! failed) and the command's own fields beside them. `schema/README.md` documents each shape.

use serde::Serialize;

use crate::diagnostics::{Failure, Record};

/// Text for people, JSON for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Text for people.
    Text,
    /// JSON for machines, in a versioned envelope.
    Json,
}

#[derive(Serialize)]
struct Envelope<'a, T> {
    schema: &'a str,
    diagnostics: Vec<Record>,
    #[serde(flatten)]
    body: T,
}

/// Prints `body` in the envelope of `schema`.
pub(crate) fn print(schema: &str, body: impl Serialize) -> Result<(), Failure> {
    print_envelope(&Envelope {
        schema,
        diagnostics: Vec::new(),
        body,
    })
}

/// Prints why the command failed: in the envelope of `schema` for JSON, drawn on stderr
/// for text.
pub(crate) fn fail(format: Format, schema: &str, failure: &Failure) {
    match format {
        Format::Text => failure.print(),
        Format::Json => {
            let envelope = Envelope {
                schema,
                diagnostics: failure.records(),
                body: serde_json::Map::new(),
            };
            if print_envelope(&envelope).is_err() {
                failure.print();
            }
        }
    }
}

fn print_envelope<T: Serialize>(envelope: &Envelope<'_, T>) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(envelope)
        .map_err(|e| crate::diagnostics::Usage(e.to_string()))?;
    println!("{text}");
    Ok(())
}
