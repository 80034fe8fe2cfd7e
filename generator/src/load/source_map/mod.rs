//! Line and column of every node of a YAML (or JSON) text, by JSON pointer.
//!
//! The loader's values carry no positions, so diagnostics found on the
//! parsed document would only name a JSON pointer. This module re-reads the
//! same text with an event-level parser that reports spans (`saphyr-parser`
//! for YAML, a small tokenizer for JSON) and records where each node starts,
//! so a problem at `/paths/~1{WSID}~1{version}~1event/post` can also say
//! `spec.yaml:10:5`. Like the loader it stops at [`MAX_DEPTH`] levels, which
//! also keeps the YAML scanner linear (see `load/yaml.rs`).

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, Span};

use crate::diagnostics::{Diagnostics, pointer_push};
use crate::load::{MAX_DEPTH, looks_like_json};

mod json;

/// Positions of the nodes of one YAML or JSON text, keyed by RFC 6901 pointer.
///
/// A mapping entry is placed at its key (where an editor should jump to),
/// a sequence item at the item itself, and the root at its first node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    positions: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// Maps every node of the first document in `text`.
    ///
    /// Best effort: a text the YAML parser rejects yields an empty map (the
    /// loader reports the syntax error itself, with the parser's own
    /// position), and nodes that have no JSON pointer, such as the insides of
    /// a mapping used as a key, are left out.
    pub fn parse(text: &str) -> SourceMap {
        Self::parse_with(text, None)
    }

    /// Like [`parse`](Self::parse), but maps only what
    /// [`position`](Self::position) needs to answer for `pointers`: each of
    /// them and its ancestors. Nothing else gets a pointer string, so locating a few
    /// problems in a 10 MB document costs a scan of it, not a map of its
    /// million nodes.
    pub fn parse_for<'p>(text: &str, pointers: impl IntoIterator<Item = &'p str>) -> SourceMap {
        let mut wanted = HashSet::new();
        for pointer in pointers {
            let mut pointer = pointer.strip_prefix('#').unwrap_or(pointer);
            // Ancestors too: `position` falls back to the nearest one.
            while wanted.insert(pointer.to_owned()) {
                let Some(cut) = pointer.rfind('/') else { break };
                pointer = &pointer[..cut];
            }
        }
        Self::parse_with(text, Some(wanted))
    }

    fn parse_with(text: &str, wanted: Option<HashSet<String>>) -> SourceMap {
        let mut builder = Builder {
            wanted,
            ..Builder::default()
        };
        if looks_like_json(text) {
            if json::events(text, |event, span| builder.event(event, span)) {
                return SourceMap {
                    positions: builder.positions,
                };
            }
            // Not JSON after all (YAML flow style): start over as YAML.
            builder = Builder {
                wanted: builder.wanted.take(),
                ..Builder::default()
            };
        }
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else {
                return SourceMap::default();
            };
            if !builder.event(event, span) {
                break;
            }
        }
        SourceMap {
            positions: builder.positions,
        }
    }

    /// The 1-based `(line, column)` of the node at `pointer`.
    ///
    /// A pointer that does not exist in the text falls back to its nearest
    /// existing ancestor, so a problem about a missing member still points at
    /// the object that lacks it. A leading `#` (as in a `$ref`) is accepted.
    /// `None` only when the map is empty.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        loop {
            if let Some(found) = self.positions.get(pointer) {
                return Some(*found);
            }
            // Reference tokens never contain an unescaped `/`, so cutting at
            // the last one yields the parent pointer.
            let cut = pointer.rfind('/')?;
            pointer = &pointer[..cut];
        }
    }

    /// True when no position is known (empty or unparseable text).
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }
}

/// Where a scalar value is written, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarSpan {
    /// 1-based line and 0-based column (in characters) of its first
    /// character (a quote, for a quoted scalar).
    pub start: (usize, usize),
    /// Line and column just past its last character.
    pub end: (usize, usize),
    /// Its bytes in the text, quotes included.
    pub bytes: std::ops::Range<usize>,
    /// Plain, quoted, literal or folded.
    pub style: saphyr_parser::ScalarStyle,
    /// Its value, quotes and escapes resolved.
    pub value: String,
}

/// The scalar values at `pointers` in `text` (a pointer whose node is a
/// collection, or absent, is left out), for tools that edit one value in
/// place and keep every other byte.
pub fn scalar_values(text: &str, pointers: &[&str]) -> HashMap<String, ScalarSpan> {
    let mut wanted = HashSet::new();
    for pointer in pointers {
        let mut pointer = *pointer;
        while wanted.insert(pointer.to_owned()) {
            let Some(cut) = pointer.rfind('/') else { break };
            pointer = &pointer[..cut];
        }
    }
    let mut builder = Builder {
        wanted: Some(wanted),
        values: Some(HashMap::new()),
        ..Builder::default()
    };
    // The JSON scanner's indices are bytes; the YAML parser's characters.
    let complete =
        looks_like_json(text) && json::events(text, |event, span| builder.event(event, span));
    if !complete {
        builder = Builder {
            wanted: builder.wanted.take(),
            values: Some(HashMap::new()),
            ..Builder::default()
        };
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else {
                return HashMap::new();
            };
            if !builder.event(event, span) {
                break;
            }
        }
    }
    let mut values = builder.values.unwrap_or_default();
    values.retain(|pointer, _| pointers.contains(&pointer.as_str()));
    if !complete {
        characters_to_bytes(text, &mut values);
    }
    values
}

/// Turns the character ranges of `values` into byte ranges of `text`.
fn characters_to_bytes(text: &str, values: &mut HashMap<String, ScalarSpan>) {
    let mut wanted: Vec<usize> = values
        .values()
        .flat_map(|v| [v.bytes.start, v.bytes.end])
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let offsets: std::collections::BTreeMap<usize, usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .enumerate()
        .filter(|(char_index, _)| wanted.binary_search(char_index).is_ok())
        .collect();
    for value in values.values_mut() {
        let byte = |char_index: usize| offsets.get(&char_index).copied().unwrap_or(text.len());
        value.bytes = byte(value.bytes.start)..byte(value.bytes.end);
    }
}

/// One open collection while walking the event stream.
#[derive(Debug)]
enum Frame {
    /// A mapping at `pointer` (`None` when it has no pointer, e.g. inside a
    /// complex key). `value` is `Some(child pointer)` between a key and its
    /// value, and `None` while the next node is a key.
    Mapping {
        pointer: Option<String>,
        value: Option<Option<String>>,
    },
    /// A sequence at `pointer`; `next` is the index of the next item.
    Sequence {
        pointer: Option<String>,
        next: usize,
    },
}

/// Turns the event stream into positions, keeping an explicit stack instead
/// of recursing so deeply nested input cannot overflow the call stack.
#[derive(Debug, Default)]
struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    /// When set, only these pointers are mapped: any other node gets no
    /// pointer, and neither does anything inside it.
    wanted: Option<HashSet<String>>,
    /// Set once the first document's root node has been closed.
    done: bool,
    /// When set, the span of every scalar value that has a pointer.
    values: Option<HashMap<String, ScalarSpan>>,
}

impl Builder {
    /// Handles one event; returns false once the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        match event {
            Event::Scalar(text, style, ..) => {
                let pointer = self.node(Some(&text), span, false);
                if let (Some(values), Some(pointer)) = (self.values.as_mut(), pointer) {
                    values.insert(
                        pointer,
                        ScalarSpan {
                            start: (span.start.line(), span.start.col()),
                            end: (span.end.line(), span.end.col()),
                            bytes: span.start.index()..span.end.index(),
                            style,
                            value: text.into_owned(),
                        },
                    );
                }
            }
            Event::Alias(_) => {
                self.node(None, span, false);
            }
            // Nodes deeper than the loader reads have no pointer worth
            // mapping (the document was refused).
            Event::MappingStart(..) | Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => {
                self.done = true;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_mapping = matches!(event, Event::MappingStart(..));
                let pointer = self.node(None, span, true);
                self.stack.push(if is_mapping {
                    Frame::Mapping {
                        pointer,
                        value: None,
                    }
                } else {
                    Frame::Sequence { pointer, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.finished_child();
            }
            Event::DocumentEnd | Event::StreamEnd => self.done = true,
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
        }
        !self.done
    }

    /// Records a node starting at `span` and returns its pointer (`None` when
    /// it has none). `scalar` is the text of a scalar node, used when the
    /// node is a mapping key. For a collection (`opens`), the parent's
    /// bookkeeping is finished when the collection closes.
    fn node(&mut self, scalar: Option<&str>, span: Span, opens: bool) -> Option<String> {
        let position = (span.start.line(), span.start.col() + 1);
        let pointer = match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Mapping { pointer, value }) => match value {
                // A key: its pointer is the parent's plus the key text, and
                // the entry is located at the key.
                None => {
                    if opens {
                        // A complex key: nothing inside it is addressable.
                        // When it closes, `finished_child` moves on to its
                        // value, which has no pointer either.
                        return None;
                    }
                    let child = match (pointer.as_deref(), scalar) {
                        (Some(parent), Some(key)) => Some(pointer_push(parent, key)),
                        _ => None,
                    }
                    .filter(|child| is_wanted(self.wanted.as_ref(), child));
                    if let Some(child) = &child {
                        self.positions.entry(child.clone()).or_insert(position);
                    }
                    *value = Some(child);
                    return None;
                }
                // A value: already located at its key.
                Some(child) => child.clone(),
            },
            Some(Frame::Sequence { pointer, next }) => {
                let child = pointer
                    .as_deref()
                    .map(|p| format!("{p}/{next}"))
                    .filter(|child| is_wanted(self.wanted.as_ref(), child));
                if let Some(child) = &child {
                    self.positions.entry(child.clone()).or_insert(position);
                }
                child
            }
        };
        if self.stack.is_empty() {
            self.positions.entry(String::new()).or_insert(position);
        }
        if !opens {
            self.finished_child();
        }
        pointer
    }

    /// Advances the innermost collection past the node that just ended.
    fn finished_child(&mut self) {
        match self.stack.last_mut() {
            None => self.done = true,
            Some(Frame::Mapping { value, .. }) => {
                // After a key comes its value; after a value, the next key.
                *value = match value.take() {
                    None => Some(None),
                    Some(_) => None,
                };
            }
            Some(Frame::Sequence { next, .. }) => *next += 1,
        }
    }
}

fn is_wanted(wanted: Option<&HashSet<String>>, pointer: &str) -> bool {
    wanted.is_none_or(|wanted| wanted.contains(pointer))
}

/// Gives the problems `diags` holds for `file` without a line the line and
/// column of their pointers in `text`. The text is scanned only when there
/// is something to locate.
pub(crate) fn locate(diags: &mut Diagnostics, file: &str, text: &str) {
    let wanted = diags.unlocated_pointers(file);
    if wanted.is_empty() {
        return;
    }
    let source_map = SourceMap::parse_for(text, wanted.iter().map(String::as_str));
    diags.locate(file, |pointer| source_map.position(pointer));
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
openapi: 3.0.2
paths:
  /{WSID}/{version}/event:
    post:
      responses:
        '202':
          description: ok
components:
  schemas:
    set:
      properties:
        $set: {type: object}
        a~b: [1, {x: 2}]
tags:
- name: first
-   name: second
";

    #[test]
    fn keys_items_and_root_are_located() {
        let map = SourceMap::parse(SAMPLE);
        assert_eq!(map.position(""), Some((1, 1)));
        assert_eq!(map.position("/openapi"), Some((1, 1)));
        assert_eq!(map.position("/paths"), Some((2, 1)));
        assert_eq!(
            map.position("/paths/~1{WSID}~1{version}~1event"),
            Some((3, 3))
        );
        assert_eq!(
            map.position("/paths/~1{WSID}~1{version}~1event/post/responses/202"),
            Some((6, 9))
        );
        assert_eq!(
            map.position("/components/schemas/set/properties/$set"),
            Some((12, 9))
        );
        assert_eq!(
            map.position("/components/schemas/set/properties/$set/type"),
            Some((12, 16))
        );
        assert_eq!(
            map.position("/components/schemas/set/properties/a~0b/1/x"),
            Some((13, 19))
        );
        assert_eq!(map.position("/tags/0"), Some((15, 3)));
        assert_eq!(map.position("/tags/1/name"), Some((16, 5)));
    }

    #[test]
    fn missing_pointers_fall_back_to_the_nearest_ancestor() {
        let map = SourceMap::parse(SAMPLE);
        assert_eq!(map.position("/tags/7/name"), Some((14, 1)));
        assert_eq!(map.position("/components/schemas/nope/x"), Some((9, 3)));
        assert_eq!(map.position("/nowhere"), Some((1, 1)));
        assert_eq!(map.position("#/components/schemas/set"), Some((10, 5)));
    }

    #[test]
    fn mapping_only_some_pointers_places_them_as_the_whole_map_does() {
        let asked = [
            "/paths/~1{WSID}~1{version}~1event/post/responses/202",
            "/components/schemas/set/properties/a~0b/1/x",
            "#/components/schemas/set",
            "/tags/7/name",
            "/components/schemas/nope/x",
            "/nowhere",
            "",
        ];
        let json = "{\n  \"a\": {\"b/c\": [true,\n    null]}, \"d\": 1\n}\n";
        for (text, asked) in [
            (SAMPLE, &asked[..]),
            (json, &["/a/b~1c/1", "/d", "/a/x"][..]),
        ] {
            let whole = SourceMap::parse(text);
            let some = SourceMap::parse_for(text, asked.iter().copied());
            for pointer in asked {
                assert_eq!(some.position(pointer), whole.position(pointer), "{pointer}");
            }
            // Only the asked pointers and their ancestors were mapped.
            assert!(some.positions.len() < whole.positions.len());
            assert!(some.positions.keys().all(|mapped| {
                asked.iter().any(|p| {
                    let p = p.strip_prefix('#').unwrap_or(p);
                    p == mapped || p.starts_with(&format!("{mapped}/"))
                })
            }));
        }
        // Nothing asked: the root alone.
        assert_eq!(SourceMap::parse_for(SAMPLE, []).positions.len(), 1);
    }

    #[test]
    fn json_text_is_mapped_too() {
        let map = SourceMap::parse("{\n  \"a\": {\"b/c\": [true,\n    null]}\n}\n");
        assert_eq!(map.position("/a"), Some((2, 3)));
        assert_eq!(map.position("/a/b~1c"), Some((2, 9)));
        assert_eq!(map.position("/a/b~1c/1"), Some((3, 5)));
    }

    #[test]
    fn json_strings_yaml_refuses_are_mapped() {
        // Surrogate pairs and escaped keys: valid JSON, refused by YAML parsers.
        let text = "{\"info\": {\"title\": \"\\ud83d\\udc4d\"},\n \"a\\u002fb\": [1, \"\u{e9}\", {\"k\": null}]}";
        let map = SourceMap::parse(text);
        assert_eq!(map.position("/info/title"), Some((1, 11)));
        assert_eq!(map.position("/a~1b"), Some((2, 2)));
        assert_eq!(map.position("/a~1b/2/k"), Some((2, 24)));
    }

    #[test]
    fn nesting_beyond_the_loader_limit_is_not_mapped() {
        let flow = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
        let deep = format!("/a{}", "/0".repeat(MAX_DEPTH + 1));
        let shallower = format!("/a{}", "/0".repeat(MAX_DEPTH - 2));

        let json = SourceMap::parse(&format!("{{\"a\": {flow}}}"));
        assert_eq!(json.position("/a"), Some((1, 2)));
        assert_eq!(json.position(&deep), json.position(&shallower));
        assert!(json.position(&shallower) > json.position("/a"));

        // The YAML scanner trips its own limit while looking ahead: no map,
        // as for any text the loader refuses.
        let yaml = SourceMap::parse(&format!("a: {flow}\n"));
        assert_eq!(yaml.position(&deep), yaml.position(&shallower));
    }

    #[test]
    fn complex_keys_and_aliases_do_not_confuse_later_entries() {
        let text = "? [a, b]\n: skipped\nnext: &n 1\nagain: *n\n";
        let map = SourceMap::parse(text);
        assert_eq!(map.position("/next"), Some((3, 1)));
        assert_eq!(map.position("/again"), Some((4, 1)));
    }

    #[test]
    fn unparseable_or_empty_text_gives_an_empty_map() {
        for text in ["", "a: [1, 2", "key: value\n  bad: indent\n: :\n\t- x"] {
            let map = SourceMap::parse(text);
            assert!(map.is_empty(), "{text:?}");
            assert_eq!(map.position("/a"), None);
        }
    }

    #[test]
    fn only_the_first_document_is_mapped() {
        let map = SourceMap::parse("a: 1\n---\nb: 2\n");
        assert_eq!(map.position("/a"), Some((1, 1)));
        assert_eq!(map.position("/b"), Some((1, 1)));
    }

    #[test]
    fn arbitrary_yaml_soup_never_panics() {
        const PIECES: &[&str] = &[
            "a", ": ", ":", "- ", "-", "\n", "  ", "\t", "[", "]", "{", "}", ",", "? ", "&x ",
            "*x", "!t ", "'q'", "\"d\"", "|", ">", "#c", "---\n", "...\n", "~1", "/", "é",
        ];
        for text in crate::random_text::texts(0x2545_F491_4F6C_DD1D, PIECES, 3000) {
            let map = SourceMap::parse(&text);
            for pointer in ["", "/a", "/a/0", "/0/a/b", "#/a"] {
                map.position(pointer);
            }
        }
    }

    #[test]
    fn the_fyno_spec_is_mapped_quickly_and_exactly() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/fyno-openapi.yaml"
        ));
        let started = std::time::Instant::now();
        let map = SourceMap::parse(text);
        let elapsed = started.elapsed();
        // Generous bound: debug builds on a loaded 2-core machine.
        assert!(elapsed.as_millis() < 2_000, "took {elapsed:?}");

        let line_of = |needle: &str| {
            text.lines()
                .position(|line| line == needle)
                .map(|index| index + 1)
        };
        let callback = line_of("    callback:").expect("spec has the callback schema");
        assert_eq!(
            map.position("/components/schemas/callback"),
            Some((callback, 5))
        );

        let event = line_of("  /{WSID}/{version}/event:").expect("spec has the event path");
        assert_eq!(
            map.position("/paths/~1{WSID}~1{version}~1event"),
            Some((event, 3))
        );
        let accepted = text
            .lines()
            .enumerate()
            .skip(event)
            .find(|(_, line)| line.trim() == "'202':")
            .map(|(index, line)| (index + 1, line.len() - line.trim_start().len() + 1))
            .expect("event path has a 202 response");
        assert_eq!(
            map.position("/paths/~1{WSID}~1{version}~1event/post/responses/202"),
            Some(accepted)
        );
    }
}
