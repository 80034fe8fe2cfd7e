//! JSON text → the same events the YAML parser produces, with positions.
//!
//! JSON is YAML, but not every JSON string is a YAML string: YAML parsers
//! refuse the surrogate-pair escapes (`"\ud83d\udc4d"`) that JSON uses for
//! characters beyond the Basic Multilingual Plane, which left such documents
//! without positions. This tokenizer reads JSON as JSON, in one linear pass.
//! It assumes the text is valid (the loader has parsed it with `serde_json`
//! already) and simply stops at anything it does not expect.

use saphyr_parser::{Event, Marker, ScalarStyle, Span};
use std::borrow::Cow;

/// Feeds the events of `text` to `sink` until it returns false or the text
/// ends. Returns false, having stopped, at a bare word JSON does not have
/// (the text is then YAML in flow style: `{openapi: 3.1.0}`).
pub(super) fn events(text: &str, mut sink: impl FnMut(Event<'_>, Span) -> bool) -> bool {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        index: 0,
        line: 1,
        column: 0,
    };
    while let Some((event, span)) = scanner.next_event() {
        if let Event::Scalar(text, ScalarStyle::Plain, ..) = &event
            && !is_json_literal(text)
        {
            return false;
        }
        if !sink(event, span) {
            return true;
        }
    }
    let end = scanner.marker();
    sink(Event::StreamEnd, Span::empty(end));
    true
}

/// `true`, `false`, `null` or the start of a number.
fn is_json_literal(word: &str) -> bool {
    matches!(word, "true" | "false" | "null")
        || word.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// Byte offset of the next unread byte.
    index: usize,
    /// 1-based line and 0-based column (in characters) of `index`.
    line: usize,
    column: usize,
}

impl<'t> Scanner<'t> {
    fn marker(&self) -> Marker {
        Marker::new(self.index, self.line, self.column)
    }

    /// Moves past one byte, keeping line and column (columns count characters:
    /// UTF-8 continuation bytes do not advance them).
    fn bump(&mut self) {
        if let Some(&byte) = self.bytes.get(self.index) {
            self.index += 1;
            if byte == b'\n' {
                self.line += 1;
                self.column = 0;
            } else if byte & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
    }

    fn next_event(&mut self) -> Option<(Event<'t>, Span)> {
        loop {
            let byte = *self.bytes.get(self.index)?;
            let start = self.marker();
            let event = match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' => {
                    self.bump();
                    continue;
                }
                b'{' => Event::MappingStart(0, None),
                b'}' => Event::MappingEnd,
                b'[' => Event::SequenceStart(0, None),
                b']' => Event::SequenceEnd,
                b'"' => {
                    let text = self.string()?;
                    return Some((
                        Event::Scalar(text, ScalarStyle::DoubleQuoted, 0, None),
                        Span::new(start, self.marker()),
                    ));
                }
                _ => {
                    let text = self.bare();
                    if text.is_empty() {
                        return None;
                    }
                    return Some((
                        Event::Scalar(Cow::Borrowed(text), ScalarStyle::Plain, 0, None),
                        Span::new(start, self.marker()),
                    ));
                }
            };
            self.bump();
            return Some((event, Span::new(start, self.marker())));
        }
    }

    /// A string starting at the current `"`; its decoded text.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        let start = self.index;
        self.bump();
        let mut escaped = false;
        loop {
            match *self.bytes.get(self.index)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.bump();
                    self.bump();
                }
                _ => self.bump(),
            }
        }
        self.bump();
        let quoted = self.text.get(start..self.index)?;
        if escaped {
            serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
        } else {
            quoted.get(1..quoted.len() - 1).map(Cow::Borrowed)
        }
    }

    /// A number, `true`, `false` or `null`.
    fn bare(&mut self) -> &'t str {
        let start = self.index;
        while let Some(&byte) = self.bytes.get(self.index) {
            if matches!(byte, b',' | b':' | b']' | b'}' | b'"' | b'[' | b'{')
                || byte.is_ascii_whitespace()
            {
                break;
            }
            self.bump();
        }
        self.text.get(start..self.index).unwrap_or_default()
    }
}
