//! JSON text → `serde_json::Value`, noticing duplicate keys.
//!
//! `serde_json` reads every valid JSON text, in linear time and with its own
//! depth limit (128, checked as it reads, which also bounds the recursion of
//! the visitor below). But building a `Value` keeps only the last of two equal
//! keys, silently; JSON allows such documents, so they are read, and each
//! earlier value is reported as ignored.

use super::yaml::too_deep_message;
use crate::diagnostics::{Reporter, codes, pointer_push};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// Parses `text` (JSON); problems go to `diags` with line and column.
pub(crate) fn read(text: &str, report: &mut Reporter<'_>) -> Option<Value> {
    let duplicates = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = Seed {
        path: &Path::Root,
        duplicates: &duplicates,
    };
    let parsed = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match parsed {
        Ok(value) => {
            for (pointer, key) in duplicates.into_inner() {
                report.warning(codes::DUPLICATE_JSON_KEY,
                    pointer,
                    format!("duplicate key `{key}`: only its last value is read, earlier ones are ignored"),
                );
            }
            Some(value)
        }
        Err(err) => {
            let mut location = report.at("");
            location.line = Some(err.line());
            location.column = Some(char_column(text, err.line(), err.column()));
            let (code, message) = if err.to_string().starts_with("recursion limit exceeded") {
                (codes::DOCUMENT_TOO_LARGE, too_deep_message())
            } else {
                (
                    codes::SYNTAX_ERROR,
                    format!("cannot parse the document as JSON: {err}"),
                )
            };
            report.sink().error(code, location, message);
            None
        }
    }
}

/// The 1-based column in characters of serde_json's column (which counts
/// bytes, and is 0 at the start of a line it failed at the end of).
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let mut end = byte_column.min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count().max(1)
}

/// Where a value is, as a chain of borrowed steps (built only on a duplicate).
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn pointer(&self) -> String {
        let mut steps = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, key) => {
                    steps.push((*key).to_owned());
                    at = parent;
                }
                Path::Index(parent, index) => {
                    steps.push(index.to_string());
                    at = parent;
                }
            }
        }
        steps
            .iter()
            .rev()
            .fold(String::new(), |pointer, step| pointer_push(&pointer, step))
    }
}

#[derive(Clone, Copy)]
struct Seed<'p, 'd> {
    path: &'p Path<'p>,
    duplicates: &'d RefCell<Vec<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    /// Also integers beyond 64 bits: serde_json reads them as the nearest `f64`.
    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = Path::Index(self.path, items.len());
            let seed = Seed {
                path: &path,
                duplicates: self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key(self.path, &key);
            let seed = Seed {
                path: &path,
                duplicates: self.duplicates,
            };
            let value = map.next_value_seed(seed)?;
            let pointer = members.contains_key(&key).then(|| path.pointer());
            if let Some(pointer) = pointer {
                self.duplicates.borrow_mut().push((pointer, key.clone()));
            }
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use serde_json::json;

    /// Columns count characters from 1, as every place's: serde_json's
    /// count bytes, and are 0 after a last line break.
    #[test]
    fn a_syntax_error_is_placed_at_its_character_column() {
        let place = |text: &str| {
            let mut diags = Diagnostics::new();
            assert_eq!(read(text, &mut Reporter::new("s.json", &mut diags)), None);
            let problem = diags.into_sorted().remove(0);
            (problem.location.line, problem.location.column)
        };
        assert_eq!(place(r#"{"é": "ééé", "x": [1, 2}"#), (Some(1), Some(24)));
        assert_eq!(place("{\"openapi\": \"3.0.3\",\n"), (Some(2), Some(1)));
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_are_reported() {
        let mut diags = Diagnostics::new();
        let value = read(
            r#"{"a": {"b/c": 1, "b/c": [2]}, "d": [{"e": 1, "e": 2}]}"#,
            &mut Reporter::new("s.json", &mut diags),
        );
        assert_eq!(value, Some(json!({"a": {"b/c": [2]}, "d": [{"e": 2}]})));
        assert_eq!(
            diags.to_string(),
            "warning[W001]: s.json at /a/b~1c: duplicate key `b/c`: only its last value is read, earlier ones are ignored\n\
             warning[W001]: s.json at /d/0/e: duplicate key `e`: only its last value is read, earlier ones are ignored\n"
        );
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = r#"{"s": "\ud83d\udc4d", "n": [1, -1, 1.5, 18446744073709551615, 1e2], "t": true, "z": null}"#;
        let mut diags = Diagnostics::new();
        let value = read(text, &mut Reporter::new("s.json", &mut diags));
        assert_eq!(value, serde_json::from_str::<Value>(text).ok());
        assert!(diags.is_empty());
    }

    #[test]
    fn trailing_text_and_syntax_errors_are_errors_with_positions() {
        for (text, expected) in [
            (
                "{} x",
                "error[E001]: s.json:1:4 at (document root): cannot parse the document as JSON: trailing characters",
            ),
            (
                "{\"a\": }",
                "error[E001]: s.json:1:7 at (document root): cannot parse the document as JSON: expected value",
            ),
        ] {
            let mut diags = Diagnostics::new();
            assert!(read(text, &mut Reporter::new("s.json", &mut diags)).is_none());
            assert!(diags.to_string().starts_with(expected), "{diags}");
        }
    }
}
