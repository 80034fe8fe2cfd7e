//! `$ref` wherever real documents put it: a Reference Object that the
//! lowering cannot take where it stands is replaced by a copy of what it
//! points to, before the document is typed. That is every `$ref`'d path
//! item (valid OpenAPI), a reference to an object outside its components
//! section (a parameter of another operation, a scheme by its pointer),
//! and a `$ref` where OpenAPI allows none (an operation, a media type, a
//! server): that last is a warning, then followed. References to the
//! components section of their kind stay references (they name types), as
//! do schemas, which the lowering follows wherever they point.
//!
//! Each copy is recorded in [`Origins`], so a problem found in it names
//! the place it was copied from.

use serde_json::Value;

use super::Dialect;
use super::origins::Origins;
use crate::diagnostics::{ErrorCode, Reporter, codes, pointer_push};
use crate::load::spec_kinds::{Kind, kind_name, walk};
use crate::reference::Stop;

/// How many times copies are searched again for references of their own
/// (a copied path item's operations may be references too).
const MAX_ROUNDS: usize = 8;

/// How many `$ref`s one reference may go through to reach an object.
const MAX_HOPS: usize = 32;

/// How many copies one document may need: copies that hold references to
/// copy again could otherwise grow the document exponentially.
const MAX_COPIES: usize = 100_000;

/// The components section whose entries a reference in a place of `kind`
/// may name and stay a reference; `None` where every reference is copied.
fn component_section(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Parameter => Some("parameters"),
        Kind::RequestBody => Some("requestBodies"),
        Kind::Response => Some("responses"),
        Kind::Header => Some("headers"),
        Kind::Example => Some("examples"),
        Kind::Link => Some("links"),
        Kind::Callback => Some("callbacks"),
        _ => None,
    }
}

/// Whether OpenAPI allows a Reference Object in a place of `kind`.
fn reference_allowed(kind: Kind) -> bool {
    component_section(kind).is_some() || matches!(kind, Kind::PathItem | Kind::SecurityScheme)
}

/// A reference to copy.
struct Found {
    pointer: String,
    reference: String,
    expected: Kind,
}

/// Replaces the references the lowering cannot take by copies of their
/// targets, reporting each one OpenAPI does not allow and each it cannot
/// follow.
pub(crate) fn inline(
    raw: &mut Value,
    dialect: Dialect,
    origins: &mut Origins,
    report: &mut Reporter<'_>,
) {
    let mut reported = std::collections::BTreeSet::new();
    // Each reference text, where it is first written (in the first round:
    // the author's own `$ref`).
    let mut first_written = std::collections::BTreeMap::new();
    let mut copies = 0;
    for _ in 0..MAX_ROUNDS {
        let found = find(raw, dialect);
        copies += found.len();
        if copies > MAX_COPIES {
            report.error(codes::REFERENCE_LIMIT,
                String::new(),
                format!("following its references would copy more than {MAX_COPIES} objects; refer to components instead"),
            );
            return;
        }
        let mut copied = 0;
        // Last first: a copy never moves a later node's pointer.
        for found in found.iter().rev() {
            match target(raw, &found.reference) {
                Ok((value, at)) => {
                    // A reference inside a copy is reported where it is written.
                    let written = origins.source(&found.pointer).into_owned();
                    first_written
                        .entry(found.reference.clone())
                        .or_insert_with(|| pointer_push(&written, "$ref"));
                    if !reference_allowed(found.expected) {
                        let followed_to = report.at(origins.source(&at).into_owned());
                        report
                            .warning(
                                codes::REFERENCE_NOT_ALLOWED,
                                pointer_push(&written, "$ref"),
                                format!(
                                    "OpenAPI allows no `$ref` here ({}); it is followed to `{at}`",
                                    kind_name(found.expected)
                                ),
                            )
                            .also_at(followed_to, "what the `$ref` is followed to");
                    }
                    let keep_siblings = found.expected == Kind::PathItem;
                    replace(raw, &found.pointer, value, keep_siblings);
                    origins.moved(found.pointer.clone(), &at);
                    copied += 1;
                }
                Err(unfollowed) => {
                    let written = origins.source(&found.pointer).into_owned();
                    if reported.insert(written.clone()) {
                        // The problem is further along a chain: where it is.
                        let via = unfollowed
                            .via
                            .map(|via| report.at(pointer_push(&origins.source(&via), "$ref")));
                        let diagnostic = report.error(
                            unfollowed.code,
                            pointer_push(&written, "$ref"),
                            unfollowed.message,
                        );
                        if let Some(place) = via {
                            diagnostic
                                .also_at(place, "the `$ref` it leads to, where following stops");
                        }
                    }
                }
            }
        }
        if copied == 0 {
            return;
        }
    }
    // Said at the `$ref` the author wrote that the first one left unfollowed
    // copies (inside copies of copies, its own pointer is no author's).
    let left = find(raw, dialect)
        .first()
        .and_then(|found| first_written.get(&found.reference).cloned())
        .unwrap_or_default();
    report.warning(codes::REFERENCES_NEST_TOO_DEEP,
        left,
        format!("references inside copied references nest more than {MAX_ROUNDS} deep; the deepest are left as they are"),
    );
}

/// The references of `raw` the lowering cannot take, in document order.
fn find(raw: &Value, dialect: Dialect) -> Vec<Found> {
    let walk = walk(raw, dialect);
    walk.nodes
        .iter()
        .filter(|node| node.expected != Kind::Schema)
        .filter_map(|node| {
            let reference = node.value.get("$ref")?.as_str()?;
            let keep = component_section(node.expected)
                .is_some_and(|section| names_component(reference, section));
            (!keep).then(|| Found {
                pointer: walk.pointer(node),
                reference: reference.to_owned(),
                expected: node.expected,
            })
        })
        .collect()
}

/// Whether `reference` is `#/components/<section>/<name>`.
fn names_component(reference: &str, section: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// Why a reference cannot be followed.
struct Unfollowed {
    code: ErrorCode,
    message: String,
    /// The object holding the `$ref` where following stopped, when that is
    /// further along a chain than the reference itself.
    via: Option<String>,
}

/// What `reference` (a local one) points to, through at most [`MAX_HOPS`]
/// further references, and the pointer it was found at.
fn target(raw: &Value, reference: &str) -> Result<(Value, String), Unfollowed> {
    match crate::reference::follow(raw, reference, MAX_HOPS) {
        Ok((value, pointer)) => Ok((value.clone(), pointer)),
        Err(error) => Err(Unfollowed {
            code: match error.stop {
                Stop::Malformed => codes::MALFORMED_REFERENCE,
                Stop::NothingThere => codes::DANGLING_REFERENCE,
                Stop::TooManyHops => codes::REFERENCE_LIMIT,
            },
            message: error.message,
            // A chain too long is most often a loop: no one place stops it.
            via: error.via.filter(|_| error.stop != Stop::TooManyHops),
        }),
    }
}

/// Puts `value` at `pointer`. A path item's own fields beside its `$ref`
/// are kept over the target's (OpenAPI leaves that case undefined); beside
/// any other reference they are dropped, as OpenAPI 3.0 ignores them (the
/// lint has said so).
fn replace(raw: &mut Value, pointer: &str, value: Value, keep_siblings: bool) {
    let Some(slot) = raw.pointer_mut(pointer) else {
        return;
    };
    let siblings = match slot {
        Value::Object(map) => {
            map.remove("$ref");
            std::mem::take(map)
        }
        _ => serde_json::Map::new(),
    };
    *slot = value;
    if !keep_siblings {
        return;
    }
    if let Value::Object(map) = slot {
        for (key, sibling) in siblings {
            map.insert(key, sibling);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use serde_json::json;

    fn inlined(mut doc: Value) -> (Value, Origins, Vec<String>) {
        let mut diags = Diagnostics::default();
        let mut origins = Origins::default();
        inline(
            &mut doc,
            Dialect::OpenApi30,
            &mut origins,
            &mut Reporter::new("r.yaml", &mut diags),
        );
        let messages = diags.iter().map(ToString::to_string).collect();
        (doc, origins, messages)
    }

    #[test]
    fn path_items_operations_and_schemes_are_copied_and_component_references_kept() {
        let doc = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a": {"$ref": "#/x/item", "summary": "kept over the target's"},
                "/b": {"get": {"parameters": [
                    {"$ref": "#/components/parameters/P"},
                    {"$ref": "#/paths/~1c/get/parameters/0"}
                ], "responses": {}}},
                "/c": {"get": {"parameters": [{"name": "q", "in": "query"}], "responses": {}}}
            },
            "components": {
                "parameters": {"P": {"name": "p", "in": "query"}},
                "securitySchemes": {"S": {"$ref": "#/x/scheme"}}
            },
            "x": {
                "item": {"summary": "s", "get": {"$ref": "#/x/op"}},
                "op": {"operationId": "a", "responses": {}},
                "scheme": {"type": "http", "scheme": "bearer"}
            }
        });
        let (doc, origins, messages) = inlined(doc);
        assert_eq!(
            doc["paths"]["/a"],
            json!({"summary": "kept over the target's", "get": {"operationId": "a", "responses": {}}})
        );
        assert_eq!(
            doc["paths"]["/b"]["get"]["parameters"],
            json!([{"$ref": "#/components/parameters/P"}, {"name": "q", "in": "query"}])
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["S"],
            json!({"type": "http", "scheme": "bearer"})
        );
        // The operation's `$ref` is the one OpenAPI does not allow, and it is
        // reported where it is written: in the copied path item's source.
        assert_eq!(
            messages,
            [
                "warning[W004]: r.yaml at /x/item/get/$ref: OpenAPI allows no `$ref` here (an operation); it is followed to `/x/op` [r.yaml at /x/op: what the `$ref` is followed to]"
            ]
        );
        assert_eq!(
            origins.source("/paths/~1a/get/responses"),
            "/x/op/responses"
        );
    }

    #[test]
    fn references_that_cannot_be_followed_are_errors_and_chains_are_bounded() {
        let doc = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a": {"get": {"$ref": "#/nowhere"}},
                "/b": {"$ref": "other.yaml#/paths/~1b"},
                "/c": {"$ref": "#/x/loop"},
                "/d": {"$ref": "#/x/c0"}
            },
            "x": chain(40).into_iter().chain([("loop".to_owned(), json!({"$ref": "#/x/loop"}))]).collect::<serde_json::Map<_, _>>()
        });
        let (_, _, messages) = inlined(doc);
        assert_eq!(messages.len(), 4, "{messages:?}");
        for needle in [
            "error[E006]: r.yaml at /paths/~1a/get/$ref: `$ref` `#/nowhere` points to nothing",
            "error[E007]: r.yaml at /paths/~1b/$ref: `$ref` `other.yaml#/paths/~1b` points outside this document",
            "error[E008]: r.yaml at /paths/~1c/$ref: `$ref` `#/x/loop` leads back to a place it passed: `#/x/loop` → `#/x/loop`",
            "error[E008]: r.yaml at /paths/~1d/$ref: `$ref` `#/x/c0` goes through more than 32 references",
        ] {
            assert!(
                messages.iter().any(|m| m.starts_with(needle)),
                "{needle}: {messages:?}"
            );
        }
    }

    /// `#/x/c0` → `#/x/c1` → … → `#/x/c{n-1}`, which ends in a path item.
    fn chain(n: usize) -> Vec<(String, serde_json::Value)> {
        (0..n)
            .map(|i| {
                let value = if i + 1 < n {
                    json!({"$ref": format!("#/x/c{}", i + 1)})
                } else {
                    json!({"get": {"responses": {}}})
                };
                (format!("c{i}"), value)
            })
            .collect()
    }
}
