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
