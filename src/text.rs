//! Text a user supplied, made safe to print: a case file's title, a buyer's name, an
//! invoice number can hold ANSI escape sequences, bidi overrides or zero-width characters,
//! which a terminal would obey or hide. [`printable`] shows each as `\u{..}` instead.
//!
//! Layer: the ground floor; imports nothing of the crate.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would act on a terminal or hide rather than show: a control character other
/// than a line break, a bidi control, or a zero-width or other invisible format character.
#[must_use]
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// `text` with every [hidden](is_hidden) character written as `\u{1b}`; line breaks stay.
#[must_use]
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's text, shared, so that a diagnostic can show the line it points at: a rule
/// file, a pack's TOML file, or a case file. One pointer wide; cloning it is a
/// reference-count increment.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceText(std::sync::Arc<(String, String)>);

impl SourceText {
    /// The text of the file called `name` (a path inside a pack, or a case file's path).
    #[must_use]
    pub fn new(name: &str, text: &str) -> SourceText {
        SourceText(std::sync::Arc::new((name.to_owned(), text.to_owned())))
    }

    /// The file's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.0.0
    }

    /// The file's text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.0.1
    }

    /// The span of the token at `line` and `column` (both from 1, in characters): an
    /// identifier, a quoted string, or one character. `None` when the place is not in the
    /// text, or is the whole file (line 0).
    #[must_use]
    pub fn token_at(&self, line: usize, column: usize) -> Option<miette::SourceSpan> {
        let text = self.text();
        let start_of_line = match line {
            0 => return None,
            1 => 0,
            n => text.match_indices('\n').nth(n - 2)?.0 + 1,
        };
        let rest = text.get(start_of_line..)?;
        let offset = start_of_line
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i);
        let token = text.get(offset..)?;
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        let length = match token.chars().next() {
            Some('"') => token
                .get(1..)
                .and_then(|t| t.find(['"', '\n']))
                .map_or(1, |end| end + 2),
            Some(c) if ident(c) => token.find(|c: char| !ident(c)).unwrap_or(token.len()),
            Some(c) => c.len_utf8(),
            None => 0,
        };
        Some(miette::SourceSpan::new(offset.into(), length))
    }
}

/// A diagnostic's one label: `label` under the token at a line and column.
pub type Label = Box<dyn Iterator<Item = miette::LabeledSpan>>;

impl SourceText {
    /// The label `label` under the [token](SourceText::token_at) at `line` and `column`,
    /// as a diagnostic's only label; `None` when the place is not in the text.
    #[must_use]
    pub fn label(&self, line: usize, column: usize, label: &str) -> Option<Label> {
        let span = self.token_at(line, column)?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(Some(label.to_owned()), span),
        )))
    }
}

impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SourceText({:?}, {} bytes)",
            self.name(),
            self.text().len()
        )
    }
}

impl miette::SourceCode for SourceText {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = self
            .text()
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name().to_owned(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// A text many records quote — a reason code, its sentence, a rule's id and file: cloning
/// it copies a pointer, not the text. It reads, prints, compares and serialises as a `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Shared(std::sync::Arc<str>);

impl Shared {
    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Shared {
    fn from(text: &str) -> Shared {
        Shared(text.into())
    }
}

impl From<String> for Shared {
    fn from(text: String) -> Shared {
        Shared(text.into())
    }
}

impl From<Shared> for String {
    fn from(text: Shared) -> String {
        text.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, other: &Shared) -> bool {
        **self == *other.0
    }
}

impl serde::Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Shared, D::Error> {
        String::deserialize(deserializer).map(Shared::from)
    }
}
