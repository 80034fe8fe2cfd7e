//! Load: spec text (YAML or JSON) → overlays applied → typed [`openapiv3::OpenAPI`].
//!
//! The document goes through a `serde_json::Value` on the way so that
//! overlays (JSONPath based) can edit it before typing, and so that a typing
//! error can be reported with the JSON pointer of the offending node.

use crate::diagnostics::{Diagnostics, Location, pointer_push};
use crate::overlay::Overlay;
use crate::source_map::SourceMap;
use serde_json::Value;

/// A named source text: what the user would call the file.
#[derive(Clone, Copy, Debug)]
pub struct SourceFile<'a> {
    /// The file name used in diagnostics (e.g. `spec/fyno-openapi.yaml`).
    pub name: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// The spec after loading: typed, and with its raw form kept for pointer lookups.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The document as JSON, after overlays (for examples and extensions).
    pub raw: Value,
}

/// Parses `spec`, applies `overlays` in order, checks the version and types it.
///
/// Returns `None` when the document could not be typed; every problem found
/// on the way is in `diags`.
pub fn load(
    spec: SourceFile<'_>,
    overlays: &[SourceFile<'_>],
    diags: &mut Diagnostics,
) -> Option<LoadedSpec> {
    let result = load_located(spec, overlays, diags);
    // Positions are only needed to report something: the source map (a second
    // parse of the document) is built only then.
    if !diags.is_empty() {
        let source_map = SourceMap::parse(spec.text);
        diags.locate(spec.name, |pointer| source_map.position(pointer));
    }
    result
}

fn load_located(
    spec: SourceFile<'_>,
    overlays: &[SourceFile<'_>],
    diags: &mut Diagnostics,
) -> Option<LoadedSpec> {
    let mut raw = parse_document(spec, diags)?;
    check_version(&raw, spec.name, diags)?;

    let parsed: Vec<Overlay> = overlays
        .iter()
        .filter_map(|o| Overlay::parse(o.text, o.name, diags))
        .collect();
    if diags.has_errors() {
        return None;
    }
    for overlay in &parsed {
        overlay.apply(&mut raw, diags);
    }
    if diags.has_errors() {
        return None;
    }

    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw) {
        Ok(api) => Some(LoadedSpec { api, raw }),
        Err(err) => {
            let pointer = path_to_pointer(err.path());
            diags.error(
                Location::new(spec.name, pointer),
                format!("not a valid OpenAPI 3.0 document here: {}", err.inner()),
            );
            None
        }
    }
}

/// YAML (a superset of JSON) text → JSON value, reporting syntax errors with position.
fn parse_document(spec: SourceFile<'_>, diags: &mut Diagnostics) -> Option<Value> {
    let yaml: yaml_serde::Value = match yaml_serde::from_str(spec.text) {
        Ok(value) => value,
        Err(err) => {
            let mut location = Location::new(spec.name, "");
            if let Some(position) = err.location() {
                location.line = Some(position.line());
                location.column = Some(position.column());
            }
            diags.error(
                location,
                format!("cannot parse the document as YAML or JSON: {err}"),
            );
            return None;
        }
    };
    yaml_to_json(yaml, "", spec.name, diags)
}

/// Converts a YAML value to JSON. YAML allows non-string keys (`200:`) which
/// JSON does not; scalar keys are turned into their string form, as every
/// OpenAPI tool does, and anything else is an error.
fn yaml_to_json(
    value: yaml_serde::Value,
    pointer: &str,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<Value> {
    use yaml_serde::Value as Y;
    Some(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        diags.error(
                            Location::new(file, pointer),
                            format!("number {n} cannot be represented in JSON"),
                        );
                        Value::Null
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    yaml_to_json(item, &pointer_push(pointer, &i.to_string()), file, diags)
                        .unwrap_or(Value::Null)
                })
                .collect(),
        ),
        Y::Mapping(mapping) => {
            let mut object = serde_json::Map::with_capacity(mapping.len());
            for (key, item) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        diags.error(
                            Location::new(file, pointer),
                            format!(
                                "mapping key {other:?} is not a scalar; JSON keys must be strings"
                            ),
                        );
                        continue;
                    }
                };
                let child = pointer_push(pointer, &key);
                let converted = yaml_to_json(item, &child, file, diags).unwrap_or(Value::Null);
                object.insert(key, converted);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => {
            diags.error(
                Location::new(file, pointer),
                format!(
                    "YAML tag {} is not allowed in an OpenAPI document",
                    tagged.tag
                ),
            );
            return None;
        }
    })
}

/// Only OpenAPI 3.0.x is supported: 3.1 changed the schema dialect
/// (JSON Schema 2020-12, `type` arrays, `null` type) and 2.0 is a different format.
fn check_version(raw: &Value, file: &str, diags: &mut Diagnostics) -> Option<()> {
    let Some(object) = raw.as_object() else {
        diags.error(
            Location::new(file, ""),
            "the document must be an object with an `openapi` field",
        );
        return None;
    };
    match object.get("openapi") {
        Some(Value::String(v)) if is_openapi_30(v) => Some(()),
        Some(Value::String(v)) => {
            diags.error(
                Location::new(file, "/openapi"),
                format!("OpenAPI version {v} is not supported: this generator reads OpenAPI 3.0.x documents"),
            );
            None
        }
        Some(other) => {
            diags.error(
                Location::new(file, "/openapi"),
                format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
            );
            None
        }
        None if object.contains_key("swagger") => {
            diags.error(
                Location::new(file, "/swagger"),
                "Swagger 2.0 documents are not supported: convert to OpenAPI 3.0.x first",
            );
            None
        }
        None => {
            diags.error(
                Location::new(file, ""),
                "missing `openapi` field: this generator reads OpenAPI 3.0.x documents",
            );
            None
        }
    }
}

fn is_openapi_30(version: &str) -> bool {
    let mut parts = version.split('.');
    parts.next() == Some("3")
        && parts.next() == Some("0")
        && parts
            .next()
            .is_none_or(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none()
}

/// serde_path_to_error's path → JSON pointer. Segments that are not map keys
/// or sequence indices (enum variants, unknown) are dropped: the pointer then
/// names the nearest addressable ancestor.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> (Option<LoadedSpec>, String) {
        let mut diags = Diagnostics::new();
        let spec = SourceFile {
            name: "spec.yaml",
            text,
        };
        let loaded = load(spec, &[], &mut diags);
        (loaded, diags.to_string())
    }

    #[test]
    fn accepts_3_0_documents() {
        let (loaded, report) =
            load_text("openapi: 3.0.2\ninfo: {title: t, version: v}\npaths: {}\n");
        assert!(loaded.is_some(), "{report}");
    }

    #[test]
    fn rejects_other_versions_with_the_reason() {
        let (loaded, report) =
            load_text("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n");
        assert!(loaded.is_none());
        assert!(report.contains("spec.yaml:1:1 at /openapi"), "{report}");
        assert!(
            report.contains("OpenAPI version 3.1.0 is not supported"),
            "{report}"
        );

        let (_, report) = load_text("swagger: '2.0'\n");
        assert!(report.contains("Swagger 2.0"), "{report}");
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let (loaded, report) = load_text("openapi: 3.0.2\ninfo: [unclosed\n");
        assert!(loaded.is_none());
        assert!(report.starts_with("error: spec.yaml:"), "{report}");
        assert!(report.contains("cannot parse"), "{report}");
    }

    #[test]
    fn typing_errors_name_the_pointer() {
        let text = "openapi: 3.0.2\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: nope\n";
        let (loaded, report) = load_text(text);
        assert!(loaded.is_none());
        // openapiv3 flattens path items, so serde's path ends at `/paths`;
        // the position and the message still say where and what.
        assert!(report.contains("spec.yaml:3:1 at /paths:"), "{report}");
        assert!(
            report.contains("invalid type: integer `5`, expected a string"),
            "{report}"
        );
    }

    #[test]
    fn integer_keys_become_strings() {
        let text = "openapi: 3.0.2\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n";
        let (loaded, report) = load_text(text);
        assert!(loaded.is_some(), "{report}");
    }
}
