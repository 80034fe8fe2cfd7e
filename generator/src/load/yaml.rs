//! YAML text → `serde_json::Value`, in time linear in the text and with
//! bounded nesting.
//!
//! Why not `yaml_serde`: its libyaml scanner rescans every open flow
//! collection's "simple key" slot on each token (`yaml_parser_stale_simple_keys`),
//! so `[[[[…]]]]` costs O(tokens × depth), and its loader reads the whole event
//! stream before its recursion limit of 128 applies: 100 KB of nested flow
//! collections took about 9 s. It also refused valid input (integers beyond
//! 64 bits). `saphyr-parser`'s scanner has the same per-token scan of open flow
//! levels, but it hands out events as it goes, so stopping at [`MAX_DEPTH`]
//! keeps every token's cost bounded and the whole read linear.
//!
//! Scalars are resolved as `yaml_serde` resolved them (the YAML 1.2 core
//! schema: `true`/`True`/`TRUE`, `~`/`null`, `0x`/`0o`/`0b` integers, `.inf`),
//! so documents read as before, except integers beyond 64 bits, which become
//! the nearest `f64` instead of an error, and application tags (`!include`),
//! which are ignored with a warning instead of refusing valid YAML.

use super::MAX_DEPTH;
use crate::diagnostics::{ErrorCode, Reporter, WarningCode, codes, pointer_push};
use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

/// Values that aliases may add beyond the text's own nodes: enough for any
/// real document, far below what a "billion laughs" expansion would build.
const ALIAS_NODE_BUDGET: usize = 1_000_000;

/// Parses the first (and only) YAML document of `text` into JSON. Problems are
/// reported to `diags` at `file` with line and column; `None` on an error.
pub(crate) fn read(text: &str, report: &mut Reporter<'_>) -> Option<Value> {
    let mut builder = Builder::new(ALIAS_NODE_BUDGET.saturating_add(text.len()));
    for item in Parser::new_from_str(text) {
        let step = match item {
            Ok((event, span)) => builder.event(event, span),
            Err(error) => {
                // The scanner's own flow-nesting limit (deeper than ours, but
                // it can trip first while the scanner looks ahead for a key).
                let (code, message) = if error.info() == "recursion limit exceeded" {
                    (codes::DOCUMENT_TOO_LARGE, too_deep_message())
                } else {
                    (
                        codes::SYNTAX_ERROR,
                        format!("cannot parse the document as YAML: {}", error.info()),
                    )
                };
                Err(Problem {
                    code,
                    line: error.marker().line(),
                    column: error.marker().col() + 1,
                    message,
                    node: None,
                })
            }
        };
        match step {
            Ok(Step::More) => {}
            Ok(Step::Done) => break,
            Err(problem) => {
                problem.report(report);
                return None;
            }
        }
    }
    for warning in builder.warnings.drain(..) {
        let mut location = report.at(warning.pointer);
        location.line = Some(warning.line);
        location.column = Some(warning.column);
        report
            .sink()
            .warning(warning.code, location, warning.message);
    }
    Some(builder.root.unwrap_or(Value::Null))
}

/// An error with the position the parser was at.
struct Problem {
    code: ErrorCode,
    line: usize,
    column: usize,
    message: String,
    /// The node the problem is of, when it is one node's (else the root is
    /// named), and another place it involves (boxed: rare, and a `Problem`
    /// travels in every `Result` of the reader).
    node: Option<Box<NodeProblem>>,
}

/// The node a problem is of, and another place it involves.
struct NodeProblem {
    pointer: String,
    /// Pointer, line, column and what it is (the first of two equal keys).
    related: Option<(String, usize, usize, String)>,
}

impl Problem {
    fn at(code: ErrorCode, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            line: span.start.line(),
            column: span.start.col() + 1,
            message: message.into(),
            node: None,
        }
    }

    fn report(self, report: &mut Reporter<'_>) {
        let (pointer, related) = match self.node {
            Some(node) => (node.pointer, node.related),
            None => (String::new(), None),
        };
        let mut location = report.at(pointer);
        location.line = Some(self.line);
        location.column = Some(self.column);
        let related = related.map(|(pointer, line, column, label)| {
            let mut place = report.at(pointer);
            place.line = Some(line);
            place.column = Some(column);
            (place, label)
        });
        let diagnostic = report.sink().error(self.code, location, self.message);
        if let Some((place, label)) = related {
            diagnostic.also_at(place, label);
        }
    }
}

/// A value kept but changed (a `.nan` with no JSON form kept as text).
struct Warning {
    code: WarningCode,
    pointer: String,
    line: usize,
    column: usize,
    message: String,
}

enum Step {
    More,
    Done,
}

/// An anchored node, kept for its aliases.
#[derive(Clone)]
struct Anchored {
    value: Value,
    nodes: usize,
    depth: usize,
}

/// One open collection.
enum Frame {
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        nodes: usize,
        depth: usize,
    },
    Mapping {
        members: Map<String, Value>,
        /// Where each key of `members` was written (line, column), in the
        /// same order, for the first of two equal keys.
        positions: Vec<(usize, usize)>,
        /// The key read, waiting for its value.
        key: Option<String>,
        anchor: usize,
        nodes: usize,
        depth: usize,
    },
}

impl Frame {
    fn nodes_mut(&mut self) -> &mut usize {
        match self {
            Frame::Sequence { nodes, .. } | Frame::Mapping { nodes, .. } => nodes,
        }
    }

    fn depth_mut(&mut self) -> &mut usize {
        match self {
            Frame::Sequence { depth, .. } | Frame::Mapping { depth, .. } => depth,
        }
    }
}

/// Builds the value from events with an explicit stack (no recursion).
struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<Option<Anchored>>,
    root: Option<Value>,
    alias_budget: usize,
    documents: usize,
    warnings: Vec<Warning>,
}

impl Builder {
    fn new(alias_budget: usize) -> Self {
        Self {
            stack: Vec::new(),
            anchors: Vec::new(),
            root: None,
            alias_budget,
            documents: 0,
            warnings: Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<Step, Problem> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Problem::at(
                        codes::SYNTAX_ERROR,
                        span,
                        "the text holds more than one YAML document; an OpenAPI document is one",
                    ));
                }
            }
            Event::StreamEnd => return Ok(Step::Done),
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::Scalar(text, style, anchor, tag) => {
                if self.expects_key() {
                    if let Some(tag) = tag.as_deref().filter(|t| !is_core(t, SCALAR_TAGS)) {
                        self.ignored_tag(tag, span);
                    }
                    // A key is its text, as written: `200:` is the key "200"
                    // (the source map builds pointers from the same text).
                    self.set_key(text.into_owned(), span)?;
                } else {
                    let value = self.scalar(&text, style, tag.as_deref(), span)?;
                    self.finish(value, 1, 0, anchor, span)?;
                }
            }
            Event::Alias(id) => {
                let Some(Some(found)) = self.anchors.get(id).cloned() else {
                    return Err(Problem::at(
                        codes::SYNTAX_ERROR,
                        span,
                        "alias to an anchor that is not defined before it (or contains the alias)",
                    ));
                };
                if self.expects_key() {
                    return match found.value {
                        Value::String(key) => self.set_key(key, span).map(|()| Step::More),
                        _ => Err(non_scalar_key(span)),
                    };
                }
                self.alias_budget = self.alias_budget.checked_sub(found.nodes).ok_or_else(|| {
                    Problem::at(
                        codes::DOCUMENT_TOO_LARGE,
                        span,
                        format!("aliases expand to more than {ALIAS_NODE_BUDGET} values; refusing a document that large"),
                    )
                })?;
                self.finish(found.value, found.nodes, found.depth, 0, span)?;
            }
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag.as_deref(), span)?,
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag.as_deref(), span)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
        }
        Ok(Step::More)
    }

    fn open(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), Problem> {
        if self.expects_key() {
            return Err(non_scalar_key(span));
        }
        if let Some(tag) = tag.filter(|t| !is_core(t, COLLECTION_TAGS)) {
            self.ignored_tag(tag, span);
        }
        // The check that keeps the scanner linear: see the module docs.
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(span));
        }
        self.stack.push(if mapping {
            Frame::Mapping {
                members: Map::new(),
                positions: Vec::new(),
                key: None,
                anchor,
                nodes: 1,
                depth: 1,
            }
        } else {
            Frame::Sequence {
                items: Vec::new(),
                anchor,
                nodes: 1,
                depth: 1,
            }
        });
        Ok(())
    }

    /// The JSON pointer of the node being read (for warnings).
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Sequence { items, .. } => pointer.push_str(&format!("/{}", items.len())),
                Frame::Mapping { key: Some(key), .. } => pointer = pointer_push(&pointer, key),
                Frame::Mapping { key: None, .. } => {}
            }
        }
        pointer
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }))
    }

    fn set_key(&mut self, key: String, span: Span) -> Result<(), Problem> {
        let duplicate = matches!(
            self.stack.last(),
            Some(Frame::Mapping { members, .. }) if members.contains_key(&key)
        );
        if duplicate {
            return Err(self.duplicate_key(&key, span));
        }
        if let Some(Frame::Mapping {
            positions,
            key: slot,
            ..
        }) = self.stack.last_mut()
        {
            positions.push((span.start.line(), span.start.col() + 1));
            *slot = Some(key);
        }
        Ok(())
    }

    /// The error for a second `key` in the open mapping, with where the
    /// first was written.
    fn duplicate_key(&self, key: &str, span: Span) -> Problem {
        let mut problem = Problem::at(
            codes::INVALID_KEY,
            span,
            format!("duplicate key `{key}`: YAML mapping keys must be unique"),
        );
        let pointer = pointer_push(&self.pointer(), key);
        let mut related = None;
        if let Some(Frame::Mapping {
            members, positions, ..
        }) = self.stack.last()
        {
            // Keys keep their order (`preserve_order`), as do positions.
            let first = members.keys().position(|k| k == key);
            if let Some(&(line, column)) = first.and_then(|index| positions.get(index)) {
                let label = format!("`{key}` first written here");
                related = Some((pointer.clone(), line, column, label));
            }
        }
        problem.node = Some(Box::new(NodeProblem { pointer, related }));
        problem
    }

    /// Adds a finished node (`nodes` values, `depth` levels deep) to its parent.
    fn finish(
        &mut self,
        value: Value,
        nodes: usize,
        depth: usize,
        anchor: usize,
        span: Span,
    ) -> Result<(), Problem> {
        if self.stack.len() + depth > MAX_DEPTH {
            return Err(too_deep(span));
        }
        if anchor != 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some(Anchored {
                value: value.clone(),
                nodes,
                depth,
            });
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        *parent.nodes_mut() += nodes;
        let parent_depth = parent.depth_mut();
        *parent_depth = (*parent_depth).max(depth + 1);
        match parent {
            Frame::Sequence { items, .. } => items.push(value),
            Frame::Mapping { members, key, .. } => {
                if let Some(key) = key.take() {
                    members.insert(key, value);
                }
            }
        }
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), Problem> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (value, anchor, nodes, depth) = match frame {
            Frame::Sequence {
                items,
                anchor,
                nodes,
                depth,
            } => (Value::Array(items), anchor, nodes, depth),
            Frame::Mapping {
                members,
                anchor,
                nodes,
                depth,
                ..
            } => (Value::Object(members), anchor, nodes, depth),
        };
        self.finish(value, nodes, depth, anchor, span)
    }

    /// A scalar value (not a key), resolved by its style and tag.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<Value, Problem> {
        let core = match tag {
            Some(tag) if is_core(tag, SCALAR_TAGS) => Some(tag),
            Some(tag) => {
                self.ignored_tag(tag, span);
                None
            }
            None => None,
        };
        let resolved = match core {
            Some(tag) => tagged_scalar(text, tag, span)?,
            None if style == ScalarStyle::Plain => plain_scalar(text),
            None => Scalar::String,
        };
        Ok(match resolved {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Number(n) => Value::Number(n),
            Scalar::String => Value::String(text.to_owned()),
            Scalar::NotJson => {
                self.warnings.push(Warning {
                    code: codes::NOT_A_JSON_NUMBER,
                    pointer: self.pointer(),
                    line: span.start.line(),
                    column: span.start.col() + 1,
                    message: format!(
                        "`{text}` has no JSON number form; it is kept as the string \"{text}\""
                    ),
                });
                Value::String(text.to_owned())
            }
        })
    }
}

impl Builder {
    /// Application tags (`!include x`) mean nothing in OpenAPI: the node is
    /// read as if untagged, and the author told.
    fn ignored_tag(&mut self, tag: &Tag, span: Span) {
        self.warnings.push(Warning {
            code: codes::IGNORED_YAML_TAG,
            pointer: self.pointer(),
            line: span.start.line(),
            column: span.start.col() + 1,
            message: format!(
                "YAML tag `{}` has no meaning in an OpenAPI document; it is ignored",
                shown(tag)
            ),
        });
    }
}

/// A tag as written: `!!binary` rather than its expanded `tag:yaml.org,2002:` form.
fn shown(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        tag.to_string()
    }
}

fn too_deep(span: Span) -> Problem {
    Problem::at(codes::DOCUMENT_TOO_LARGE, span, too_deep_message())
}

pub(super) fn too_deep_message() -> String {
    format!("the document nests deeper than {MAX_DEPTH} levels; no OpenAPI document needs that")
}

fn non_scalar_key(span: Span) -> Problem {
    Problem::at(
        codes::INVALID_KEY,
        span,
        "a mapping key is a collection; JSON (and OpenAPI) keys must be strings",
    )
}

/// What a scalar's text means.
enum Scalar {
    Null,
    Bool(bool),
    Number(Number),
    String,
    /// `.inf` or `.nan`: a YAML float that JSON cannot hold.
    NotJson,
}

const SCALAR_TAGS: &[&str] = &["str", "int", "float", "bool", "null"];

const COLLECTION_TAGS: &[&str] = &["map", "seq"];

/// A tag of the YAML core schema (`!!str`, `!!map`…) among `suffixes`.
fn is_core(tag: &Tag, suffixes: &[&str]) -> bool {
    tag.is_yaml_core_schema() && suffixes.contains(&tag.suffix.as_str())
}

/// A scalar with an explicit core-schema tag (`!!str 123`).
fn tagged_scalar(text: &str, tag: &Tag, span: Span) -> Result<Scalar, Problem> {
    let resolved = match tag.suffix.as_str() {
        "str" => Some(Scalar::String),
        "null" => is_null(text).then_some(Scalar::Null),
        "bool" => parse_bool(text).map(Scalar::Bool),
        "int" => parse_int(text),
        _ => parse_float(text),
    };
    resolved.ok_or_else(|| {
        Problem::at(
            codes::SYNTAX_ERROR,
            span,
            format!("`{text}` is not a valid `{tag}` value"),
        )
    })
}

/// An untagged plain scalar: null, boolean, integer, float or string.
fn plain_scalar(text: &str) -> Scalar {
    if text.is_empty() || is_null(text) {
        return Scalar::Null;
    }
    if let Some(b) = parse_bool(text) {
        return Scalar::Bool(b);
    }
    if let Some(number) = parse_int(text) {
        return number;
    }
    if !leading_zero_digits(text)
        && let Some(number) = parse_float(text)
    {
        return number;
    }
    Scalar::String
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?(0x|0o|0b)?digits`. Beyond 64 bits an integer becomes the nearest
/// `f64`: JSON numbers carry no precision promise, and refusing valid YAML
/// would be worse (OpenAI's document has `minimum: -9223372036854776000`).
fn parse_int(text: &str) -> Option<Scalar> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|(prefix, radix)| unsigned.strip_prefix(prefix).map(|d| (*radix, d)))
        .unwrap_or((10, unsigned));
    if digits.is_empty()
        || digits.starts_with(['+', '-'])
        || (radix == 10 && leading_zero_digits(text))
    {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok();
    let number = match magnitude {
        Some(m) if negative => i64::try_from(m)
            .ok()
            .map(|m| Number::from(-m))
            .or_else(|| (m == 1u128 << 63).then(|| Number::from(i64::MIN)))
            .or_else(|| Number::from_f64(-(m as f64))),
        Some(m) => u64::try_from(m)
            .ok()
            .map(Number::from)
            .or_else(|| Number::from_f64(m as f64)),
        // Beyond 128 bits: decimal digits still read as a float.
        None if radix == 10 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            return text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Scalar::Number);
        }
        None => return None,
    };
    number.map(Scalar::Number)
}

/// Decimal floats, `.inf` and `.nan`.
fn parse_float(text: &str) -> Option<Scalar> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    if unsigned.starts_with(['+', '-']) && text.starts_with('+') {
        return None;
    }
    let special = matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN"
    );
    if special {
        return Some(Scalar::NotJson);
    }
    // Rust's parser also takes `inf`, `nan` and `infinity`, which YAML reads as
    // strings: only finite results count.
    let float: f64 = unsigned.parse().ok()?;
    Number::from_f64(float)
        .filter(|_| float.is_finite())
        .map(Scalar::Number)
}

/// `007`: digits with a leading zero are a string in YAML 1.2.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use serde_json::json;

    fn read_text(text: &str) -> (Option<Value>, String) {
        let mut diags = Diagnostics::new();
        let value = read(text, &mut Reporter::new("t.yaml", &mut diags));
        (value, diags.to_string())
    }

    #[test]
    fn scalars_resolve_as_in_yaml_1_2_core() {
        let text = "\
a: [~, null, Null, '', true, False, yes, off, 12, +12, -12, 0x1F, 0o17, 0b101, 007, -0x10]
b: [1.5, -.5, 1e3, 5., inf, nan, '12', \"true\"]
e: |
  block
c: !!str 12
d: !!int '7'
";
        let (value, report) = read_text(text);
        assert_eq!(report, "");
        assert_eq!(
            value,
            Some(json!({
                "a": [null, null, null, "", true, false, "yes", "off", 12, 12, -12, 31, 15, 5, "007", -16],
                "b": [1.5, -0.5, 1000.0, 5.0, "inf", "nan", "12", "true"],
                "e": "block\n",
                "c": "12",
                "d": 7,
            }))
        );
    }

    #[test]
    fn keys_are_their_text() {
        let (value, _) = read_text("200: ok\n'3': x\n~: n\n");
        assert_eq!(value, Some(json!({"200": "ok", "3": "x", "~": "n"})));
    }

    #[test]
    fn anchors_and_aliases_are_expanded() {
        let (value, report) = read_text("a: &s {type: string}\nb: *s\nc: [&n 1, *n]\n");
        assert_eq!(report, "");
        assert_eq!(
            value,
            Some(json!({"a": {"type": "string"}, "b": {"type": "string"}, "c": [1, 1]}))
        );
    }

    #[test]
    fn alias_expansion_is_bounded() {
        // Nine levels of ten aliases each: 10^9 values if expanded.
        let mut text = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = format!("*l{}", level - 1);
            let items = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        let (value, report) = read_text(&text);
        assert!(value.is_none());
        assert!(report.contains("aliases expand to more than"), "{report}");
    }

    #[test]
    fn problems_are_errors_with_positions() {
        for (text, expected) in [
            ("a: 1\na: 2\n", "t.yaml:2:1 at /a: duplicate key `a`"),
            (
                "? [a]\n: b\n",
                "t.yaml:1:3 at (document root): a mapping key is a collection",
            ),
            (
                "a: 1\n---\nb: 2\n",
                "t.yaml:2:1 at (document root): the text holds more than one YAML document",
            ),
            ("a: *nowhere\n", "cannot parse the document as YAML"),
            (
                "a: [1, 2\n",
                "error[E001]: t.yaml:2:1 at (document root): cannot parse the document as YAML",
            ),
        ] {
            let (value, report) = read_text(text);
            assert!(value.is_none(), "{text}");
            assert!(report.contains(expected), "{text:?}: {report}");
        }
    }

    #[test]
    fn floats_json_cannot_hold_are_kept_as_text_with_a_warning() {
        let (value, report) = read_text("a:\n  b: [1, .inf]\n");
        assert_eq!(value, Some(json!({"a": {"b": [1, ".inf"]}})));
        assert_eq!(
            report,
            "warning[W002]: t.yaml:2:10 at /a/b/1: `.inf` has no JSON number form; it is kept as the string \".inf\"\n"
        );
    }

    #[test]
    fn application_tags_are_ignored_with_a_warning() {
        let (value, report) = read_text("a: !custom 12\nb: !set {x: 1}\n!k c: !!binary aGk=\n");
        assert_eq!(value, Some(json!({"a": 12, "b": {"x": 1}, "c": "aGk="})));
        assert_eq!(
            report,
            "warning[W003]: t.yaml:1:4 at /a: YAML tag `!custom` has no meaning in an OpenAPI document; it is ignored\n\
             warning[W003]: t.yaml:2:4 at /b: YAML tag `!set` has no meaning in an OpenAPI document; it is ignored\n\
             warning[W003]: t.yaml:3:1 at (document root): YAML tag `!k` has no meaning in an OpenAPI document; it is ignored\n\
             warning[W003]: t.yaml:3:7 at /c: YAML tag `!!binary` has no meaning in an OpenAPI document; it is ignored\n"
        );
    }

    #[test]
    fn empty_text_is_null() {
        assert_eq!(read_text("# nothing\n").0, Some(Value::Null));
    }
}
