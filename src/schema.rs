//! The JSON Schema of the case-file format, generated from the Rust types with schemars
//! (`charter schema case-file`; committed as `schema/case-file.schema.json`). The types
//! derive their schemas where they are defined; the values read from text — amounts,
//! currencies, percentages, ids, ratings, payment terms — have theirs here, each with the
//! pattern its parser accepts, so the published formats sit in one place.
//!
//! Layer: beside the ground floor; only with the `schema` feature.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::case_file::CaseFile;

/// The JSON Schema (draft 2020-12) of a case file, as `charter schema case-file` prints it.
#[must_use]
pub fn case_file() -> Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<CaseFile>()
}

/// A string in a named format: its pattern and what it means.
macro_rules! text_schema {
    ($type:ty, $name:literal, $pattern:literal, $description:literal) => {
        impl JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description,
                })
            }
        }
    };
}

/// A decimal number written as a string, as amounts are.
const DECIMAL: &str = "^[-+]?[0-9]+(\\.[0-9]+)?$";

impl JsonSchema for crate::Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let currency = generator.subschema_for::<crate::Currency>();
        json_schema!({
            "description": "An exact amount with its ISO 4217 currency: `\"EUR 12500.00\"`, or `{ \"amount\": \"12500.00\", \"currency\": \"EUR\" }` (as the crate writes it).",
            "anyOf": [
                { "type": "string", "pattern": "^[A-Z]{3} [-+]?[0-9]+(\\.[0-9]+)?$" },
                {
                    "type": "object",
                    "properties": {
                        "amount": { "type": "string", "pattern": DECIMAL },
                        "currency": currency,
                    },
                    "required": ["amount", "currency"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}

text_schema!(
    crate::Currency,
    "Currency",
    "^[A-Z]{3}$",
    "An active ISO 4217 currency code with a minor unit, e.g. `EUR`."
);
text_schema!(
    crate::money::Percentage,
    "Percentage",
    "^[-+]?[0-9]+(\\.[0-9]+)? ?%$",
    "A percentage, e.g. `90%`."
);
text_schema!(
    crate::calendar::PaymentTerms,
    "PaymentTerms",
    "^([0-9]+ days?( end of month)?|end of month \\+ [0-9]+( days?| months?)?)$",
    "Payment terms: `30 days`, `30 days end of month`, `end of month + 15 days`, `end of month + 1 month`."
);

/// Every id: 1–64 of `A–Z a–z 0–9 - _ .`, starting with a letter or digit (`crate::ids`).
macro_rules! id_schema {
    ($($type:ty => $name:literal),* $(,)?) => {
        $(text_schema!(
            $type,
            $name,
            "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
            "An id: 1–64 of A–Z, a–z, 0–9, `-`, `_` and `.`, starting with a letter or digit."
        );)*
    };
}

id_schema!(
    crate::PolicyId => "PolicyId",
    crate::BuyerId => "BuyerId",
    crate::InquiryId => "InquiryId",
    crate::invoice::InvoiceId => "InvoiceId",
);

impl JsonSchema for crate::BuyerRating {
    fn schema_name() -> Cow<'static, str> {
        "BuyerRating".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": 10,
            "description": "A buyer's risk grade, 1 (exceptional) to 10 (at risk of failure).",
        })
    }
}
