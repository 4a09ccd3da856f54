//! The strict reading every case file gets before its typed one: JSON allows an object to
//! repeat a key (and serde keeps the last), and a reader to stop after the first document.
//! Both would let nonsense through silently — `"credit_limit.notice_days": 30,
//! "credit_limit.notice_days": 0` makes a reduction immediate — so both are errors here, at
//! their JSON path, line and column.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::CaseFileError;

/// Checks that `text` is one JSON document whose objects never repeat a key.
pub(super) fn check(text: &str) -> Result<(), CaseFileError> {
    let failed = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = Strict {
        path: String::new(),
        failed: &failed,
    };
    let malformed = |path: Option<String>, e: serde_json::Error| {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| message.get(..i).unwrap_or_default())
            .to_owned();
        CaseFileError::Malformed {
            path: path.filter(|p| !p.is_empty()).unwrap_or_else(|| ".".into()),
            line: e.line(),
            column: e.column(),
            message,
            text: None,
        }
    };
    seed.deserialize(&mut deserializer)
        .map_err(|e| malformed(failed.borrow_mut().take(), e))?;
    deserializer.end().map_err(|e| CaseFileError::Malformed {
        path: ".".into(),
        line: e.line(),
        column: e.column(),
        message: "trailing data after the JSON document".into(),
        text: None,
    })
}

/// Any JSON value at `path`; a repeated key fails, recording its path in `failed`.
struct Strict<'a> {
    path: String,
    failed: &'a RefCell<Option<String>>,
}

impl Strict<'_> {
    /// `e`, with this value's path recorded unless a value inside it recorded its own.
    fn at_innermost<E>(&self, e: E) -> E {
        self.failed
            .borrow_mut()
            .get_or_insert_with(|| self.path.clone());
        e
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let element = Strict {
                path: format!("{}[{i}]", self.path),
                failed: self.failed,
            };
            match seq.next_element_seed(element) {
                Ok(Some(())) => i += 1,
                Ok(None) => return Ok(()),
                Err(e) => return Err(self.at_innermost(e)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if !keys.insert(key.clone()) {
                *self.failed.borrow_mut() = Some(path);
                return Err(de::Error::custom(format!(
                    "duplicate key `{}`: each key may appear once",
                    crate::text::printable(&key)
                )));
            }
            map.next_value_seed(Strict {
                path,
                failed: self.failed,
            })
            .map_err(|e| self.at_innermost(e))?;
        }
        Ok(())
    }
}
