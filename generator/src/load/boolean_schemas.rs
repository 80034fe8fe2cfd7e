//! Boolean schemas (`true`, `false`) where a schema object belongs, read
//! before the document is typed (`openapiv3` takes only objects there).
//! JSON Schema, and so OpenAPI 3.1, allows them; in a 3.0 document they are
//! a vendor defect with one safe reading, said in a warning. `true` (any
//! value) becomes `{}`. `false` (no value) as a property means the member
//! is never sent: the property is left out. Anywhere else it becomes `{}`
//! too, so a value that should never come is still read rather than
//! refused. `additionalProperties` keeps its boolean, which `openapiv3`
//! reads.

use serde_json::Value;

use super::Dialect;
use crate::diagnostics::{Reporter, Skipped, SkippedKind, codes, push_token};
use crate::load::spec_kinds::{Holds, Kind, children, field, walk};

/// Schema keywords whose boolean `openapiv3` (or the 3.1 downlevel pass)
/// reads itself.
const BOOLEANS_READ: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// A boolean where a schema belongs.
struct Found {
    /// The schema holding it, and the field (`items`, `properties`, …).
    holder: String,
    field: String,
    /// The pointer of the boolean itself.
    pointer: String,
    value: bool,
}

/// Replaces every boolean schema of `raw`, with a warning where its
/// reading is not OpenAPI's own.
pub(crate) fn replace(raw: &mut Value, dialect: Dialect, report: &mut Reporter<'_>) {
    let found = find(raw, dialect);
    // Last first: removing a property never moves a later pointer.
    for found in found.iter().rev() {
        let at = report.at(found.pointer.clone());
        if found.field == "properties" && !found.value {
            remove_property(raw, found);
            report.sink().skipped(
                codes::FALSE_PROPERTY,
                at,
                "a property whose schema is `false` is never present: it is left out",
                Skipped {
                    what: SkippedKind::Member,
                    reason: "a property whose schema is `false`",
                    count: 1,
                },
            );
            continue;
        }
        if let Some(slot) = raw.pointer_mut(&found.pointer) {
            *slot = Value::Object(serde_json::Map::new());
        }
        if !found.value {
            report.sink().warning(codes::FALSE_SCHEMA, at, "schema `false` accepts no value; it is read as any JSON value (`{}`) so that a response is never refused for it");
        } else if dialect == Dialect::OpenApi30 {
            report.sink().warning(
                codes::BOOLEAN_SCHEMA_IN_3_0,
                at,
                "OpenAPI 3.0 has no boolean schemas: `true` is read as `{}` (any value)",
            );
        }
    }
}

fn find(raw: &Value, dialect: Dialect) -> Vec<Found> {
    let walked = walk(raw, dialect);
    let mut found = Vec::new();
    for node in &walked.nodes {
        for (key, child) in node.value {
            if BOOLEANS_READ.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            let Some(holds) = field(node.kind, key, dialect).map(|f| f.holds) else {
                continue;
            };
            if matches!(holds, Holds::Data) {
                continue;
            }
            for (step, kind, value) in children(String::new(), holds, child) {
                let (Kind::Schema, Value::Bool(value)) = (kind, value) else {
                    continue;
                };
                let mut holder = walked.pointer(node);
                let pointer = {
                    let mut pointer = holder.clone();
                    push_token(&mut pointer, key);
                    pointer.push_str(&step);
                    pointer
                };
                if node.kind != Kind::Schema {
                    holder.clear();
                }
                found.push(Found {
                    holder,
                    field: key.clone(),
                    pointer,
                    value: *value,
                });
            }
        }
    }
    found
}

/// Takes the property out of its schema's `properties` and `required`.
fn remove_property(raw: &mut Value, found: &Found) {
    let Some((_, name)) = found.pointer.rsplit_once('/') else {
        return;
    };
    let name = crate::reference::unescape_token(name);
    let Some(Value::Object(schema)) = raw.pointer_mut(&found.holder) else {
        return;
    };
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.shift_remove(&name);
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|r| r.as_str() != Some(&name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use serde_json::json;

    fn replaced(mut doc: Value, dialect: Dialect) -> (Value, Vec<String>) {
        let mut diags = Diagnostics::default();
        replace(&mut doc, dialect, &mut Reporter::new("b.yaml", &mut diags));
        let messages = diags.iter().map(ToString::to_string).collect();
        (doc, messages)
    }

    #[test]
    fn booleans_become_objects_and_false_properties_go() {
        let schema = json!({
            "type": "object",
            "required": ["no", "yes"],
            "properties": {"yes": true, "no": false, "list": {"type": "array", "items": false}},
            "additionalProperties": false
        });
        let doc = json!({"openapi": "3.0.3", "components": {"schemas": {"S": schema, "T": true}}});
        let (doc, messages) = replaced(doc, Dialect::OpenApi30);
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({
                "type": "object",
                "required": ["yes"],
                "properties": {"yes": {}, "list": {"type": "array", "items": {}}},
                "additionalProperties": false
            })
        );
        assert_eq!(doc["components"]["schemas"]["T"], json!({}));
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains(
                "/components/schemas/S/properties/no: a property whose schema is `false`"
            )),
            "{messages:?}"
        );
    }

    #[test]
    fn true_is_silent_in_3_1() {
        let doc = json!({"openapi": "3.1.0", "components": {"schemas": {"T": true}}});
        let (doc, messages) = replaced(doc, Dialect::OpenApi31);
        assert_eq!(doc["components"]["schemas"]["T"], json!({}));
        assert!(messages.is_empty(), "{messages:?}");
    }
}
