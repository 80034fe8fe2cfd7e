//! OpenAPI 3.1 → the 3.0 model, rewriting the JSON value before typing.
//!
//! `openapiv3` types only 3.0 documents, and the lowering reads its types,
//! so 3.1's JSON Schema 2020-12 forms are rewritten into the 3.0 forms that
//! mean the same (or, where 3.0 has no equivalent, the closest the generator
//! represents). Every schema is rewritten wherever it occurs (components,
//! parameters, bodies, responses, headers, callbacks, webhooks, `$defs`,
//! nested keywords), parents before children, with an explicit work list.
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, 'null']` | `type: T, nullable: true` |
//! | `type: [A, B]` | `oneOf: [{type: A, …}, {type: B, …}]`, each type's keywords on its alternative |
//! | `type: 'null'`, `{type: 'null'}` in `anyOf`/`oneOf` | removed, `nullable: true` on the schema |
//! | one alternative left | merged into the schema (a `$ref` becomes `allOf: [{$ref}]`) |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` (same for maximum) |
//! | `$ref` with siblings | `allOf: [{$ref}]` + the siblings |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//!
//! `$defs` and `webhooks` stay where they are (the lowering resolves
//! `$ref`s to any local pointer, and makes types from webhook schemas).

use super::origins::Origins;
use crate::diagnostics::pointer_push;
use crate::load::Dialect;
use crate::load::lint::Reading;
use crate::load::spec_kinds::{self, Holds, Kind};
use serde_json::{Map, Value, json};

/// Rewrites every schema of the 3.1 document `doc` into its 3.0 form, and
/// returns where the nodes it moved came from.
pub(crate) fn downlevel(doc: &mut Value, origins: &mut Origins) {
    let walked = spec_kinds::walk(doc, Dialect::OpenApi31);
    let roots: Vec<String> = walked
        .nodes
        .iter()
        .filter(|node| node.kind == Kind::Schema && node.parent != Some(Kind::Schema))
        .map(|node| walked.pointer(node))
        .collect();
    drop(walked);
    let mut pending = roots;
    while let Some(pointer) = pending.pop() {
        let Some(Value::Object(schema)) = doc.pointer_mut(&pointer) else {
            continue;
        };
        rewrite(
            schema,
            &mut At {
                pointer: &pointer,
                origins,
            },
        );
        // Children are found after the rewrite, which may have moved them.
        for (key, child) in schema.iter() {
            let Some(field) = spec_kinds::field(Kind::Schema, key, Dialect::OpenApi31) else {
                continue;
            };
            if matches!(field.holds, Holds::Data) {
                continue;
            }
            let child_pointer = pointer_push(&pointer, key);
            for (pointer, kind, _) in spec_kinds::children(child_pointer, field.holds, child) {
                if kind == Kind::Schema {
                    pending.push(pointer);
                }
            }
        }
    }
    if let Value::Object(root) = doc {
        // 3.1 made `paths` optional (a document may hold only webhooks).
        root.entry("paths").or_insert_with(|| json!({}));
    }
}

/// The `type` lists of a 3.0 document (a vendor defect the lint reported),
/// rewritten as [`downlevel`] rewrites them; nothing else of 3.1 is read.
pub(crate) fn type_lists(doc: &mut Value, readings: &[Reading], origins: &mut Origins) {
    for reading in readings {
        let Reading::TypeList { schema: pointer } = reading else {
            continue;
        };
        if let Some(Value::Object(schema)) = doc.pointer_mut(pointer) {
            type_list(schema, &mut At { pointer, origins });
        }
    }
}

/// The schema being rewritten: its pointer, and the record of moves.
struct At<'a> {
    pointer: &'a str,
    origins: &'a mut Origins,
}

impl At<'_> {
    /// The node now at `to` (relative to the schema) was at `from`.
    fn moved(&mut self, to: &str, from: &str) {
        let from = format!("{}{from}", self.pointer);
        self.origins.moved(format!("{}{to}", self.pointer), &from);
    }
}

/// One schema object, in place. Order matters: annotations first, then
/// `null` alternatives and type lists, and `$ref` siblings last (they are
/// everything else that was left beside the `$ref`).
fn rewrite(schema: &mut Map<String, Value>, at: &mut At<'_>) {
    const_to_enum(schema, at);
    examples_to_example(schema, at);
    exclusive_bound(schema, "exclusiveMinimum", "minimum", at);
    exclusive_bound(schema, "exclusiveMaximum", "maximum", at);
    content_to_format(schema, at);
    drop_null_alternatives(schema, "anyOf", at);
    drop_null_alternatives(schema, "oneOf", at);
    type_list(schema, at);
    ref_siblings(schema, at);
}

fn const_to_enum(schema: &mut Map<String, Value>, at: &mut At<'_>) {
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".to_owned(), Value::Array(vec![value]));
        at.moved("/enum/0", "/const");
    }
}

fn examples_to_example(schema: &mut Map<String, Value>, at: &mut At<'_>) {
    if !matches!(schema.get("examples"), Some(Value::Array(_))) {
        return;
    }
    if let Some(Value::Array(mut examples)) = schema.remove("examples")
        && !examples.is_empty()
        && !schema.contains_key("example")
    {
        schema.insert("example".to_owned(), examples.swap_remove(0));
        at.moved("/example", "/examples/0");
    }
}

/// 3.1's numeric `exclusiveMinimum: n` is 3.0's `minimum: n` + `exclusiveMinimum: true`.
/// Beside an inclusive bound, the tighter of the two wins.
fn exclusive_bound(
    schema: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    at: &mut At<'_>,
) {
    let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
        return;
    };
    let lower = inclusive == "minimum";
    let tighter = match (
        schema.get(inclusive).and_then(Value::as_f64),
        bound.as_f64(),
    ) {
        (Some(current), Some(new)) => {
            if lower {
                new >= current
            } else {
                new <= current
            }
        }
        _ => true,
    };
    if tighter {
        schema.insert(inclusive.to_owned(), Value::Number(bound));
        schema.insert(exclusive.to_owned(), Value::Bool(true));
        at.moved(&format!("/{inclusive}"), &format!("/{exclusive}"));
    } else {
        schema.remove(exclusive);
    }
}

/// Binary content in 3.1 is described by content keywords; 3.0 used formats.
fn content_to_format(schema: &mut Map<String, Value>, at: &mut At<'_>) {
    let encoding = schema.remove("contentEncoding");
    let media = schema.remove("contentMediaType");
    let (format, from) = match (encoding, media) {
        (Some(Value::String(e)), _) if e.eq_ignore_ascii_case("base64") => {
            ("byte", "/contentEncoding")
        }
        (None, Some(_)) => ("binary", "/contentMediaType"),
        _ => return,
    };
    if !schema.contains_key("format") {
        schema.insert("format".to_owned(), Value::String(format.to_owned()));
        at.moved("/format", from);
    }
}

fn is_null_type(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    }
}

/// `anyOf: [X, {type: 'null'}]` → X, nullable.
fn drop_null_alternatives(schema: &mut Map<String, Value>, keyword: &str, at: &mut At<'_>) {
    let Some(Value::Array(alternatives)) = schema.get(keyword) else {
        return;
    };
    if !alternatives.iter().any(is_null_type) {
        return;
    }
    let Some(Value::Array(alternatives)) = schema.remove(keyword) else {
        return;
    };
    // Each kept alternative with its index in the source.
    let mut kept: Vec<(usize, Value)> = alternatives
        .into_iter()
        .enumerate()
        .filter(|(_, alternative)| !is_null_type(alternative))
        .collect();
    schema.insert("nullable".to_owned(), Value::Bool(true));
    if kept.len() > 1 {
        for (index, (source, _)) in kept.iter().enumerate() {
            at.moved(
                &format!("/{keyword}/{index}"),
                &format!("/{keyword}/{source}"),
            );
        }
        let kept = kept
            .into_iter()
            .map(|(_, alternative)| alternative)
            .collect();
        schema.insert(keyword.to_owned(), Value::Array(kept));
        return;
    }
    let Some((source, Value::Object(only))) = kept.pop() else {
        return;
    };
    let from = format!("/{keyword}/{source}");
    if only.contains_key("$ref") && only.len() == 1 {
        append_all_of(schema, Value::Object(only), &from, at);
    } else if only.keys().any(|k| schema.contains_key(k)) {
        // Both say something about the same keyword: keep them apart.
        schema.insert(keyword.to_owned(), json!([only]));
        at.moved(&format!("/{keyword}/0"), &from);
    } else {
        for key in only.keys() {
            let token = pointer_push("", key);
            at.moved(&token, &format!("{from}{token}"));
        }
        schema.extend(only);
    }
}

/// Puts `item` (which was at `from`) first in `allOf`.
fn append_all_of(schema: &mut Map<String, Value>, item: Value, from: &str, at: &mut At<'_>) {
    match schema.get_mut("allOf") {
        Some(Value::Array(all_of)) => {
            for index in (0..all_of.len()).rev() {
                at.moved(&format!("/allOf/{}", index + 1), &format!("/allOf/{index}"));
            }
            all_of.insert(0, item);
        }
        _ => {
            schema.insert("allOf".to_owned(), Value::Array(vec![item]));
        }
    }
    at.moved("/allOf/0", from);
}

/// The keywords that apply to one JSON type only: with several types, each
/// goes to that type's alternative.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
            "unevaluatedItems",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedProperties",
            "discriminator",
        ],
    ),
];

/// Formats of numbers; any other `format` describes strings.
const NUMERIC_FORMATS: &[&str] = &["int32", "int64", "float", "double"];

/// `type: [T, 'null']` → `type: T, nullable: true`; several types → `oneOf`.
fn type_list(schema: &mut Map<String, Value>, at: &mut At<'_>) {
    let listed: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        _ => return,
    };
    schema.remove("type");
    // Each type with its index in the source list.
    let mut types: Vec<(usize, String)> = Vec::with_capacity(listed.len());
    for (index, ty) in listed.into_iter().enumerate() {
        if ty == "null" {
            schema.insert("nullable".to_owned(), Value::Bool(true));
        } else if !types.iter().any(|(_, t)| *t == ty) {
            types.push((index, ty));
        }
    }
    match types.len() {
        0 => {}
        1 => {
            let (index, ty) = types.remove(0);
            schema.insert("type".to_owned(), Value::String(ty));
            at.moved("/type", &format!("/type/{index}"));
        }
        _ => split_by_type(schema, &types, at),
    }
}

/// One `oneOf` alternative per type, each with the keywords of its type and
/// the `enum` values of its type; annotations stay on the schema.
fn split_by_type(schema: &mut Map<String, Value>, types: &[(usize, String)], at: &mut At<'_>) {
    let mut alternatives = Vec::with_capacity(types.len());
    let enumeration = schema.remove("enum");
    let format = schema.remove("format");
    let mut moved: Vec<&str> = Vec::new();
    // Where each alternative came from: its type in the list, its keywords
    // from the schema (recorded once the alternatives' places are known).
    let mut sources: Vec<(usize, Vec<String>)> = Vec::new();
    for (type_index, ty) in types {
        let mut alternative = Map::new();
        alternative.insert("type".to_owned(), Value::String(ty.clone()));
        let keywords = TYPE_KEYWORDS
            .iter()
            .find(|(t, _)| t == ty)
            .map(|(_, k)| *k)
            .unwrap_or_default();
        let mut keys = Vec::new();
        for keyword in keywords {
            if let Some(value) = schema.get(*keyword) {
                alternative.insert((*keyword).to_owned(), value.clone());
                moved.push(keyword);
                keys.push((*keyword).to_owned());
            }
        }
        if let Some(Value::String(f)) = &format {
            let numeric = NUMERIC_FORMATS.contains(&f.as_str());
            if numeric == (ty == "number" || ty == "integer") {
                alternative.insert("format".to_owned(), Value::String(f.clone()));
                keys.push("format".to_owned());
            }
        }
        if let Some(Value::Array(values)) = &enumeration {
            let own: Vec<Value> = values
                .iter()
                .filter(|v| value_has_type(v, ty))
                .cloned()
                .collect();
            if own.is_empty() {
                continue;
            }
            alternative.insert("enum".to_owned(), Value::Array(own));
            keys.push("enum".to_owned());
        }
        alternatives.push(Value::Object(alternative));
        sources.push((*type_index, keys));
    }
    for keyword in moved {
        schema.remove(keyword);
    }
    if let Some(Value::Array(values)) = &enumeration
        && values.iter().any(Value::is_null)
    {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    let base = if schema.contains_key("oneOf") {
        append_all_of(schema, json!({ "oneOf": alternatives }), "", at);
        "/allOf/0/oneOf"
    } else {
        schema.insert("oneOf".to_owned(), Value::Array(alternatives));
        "/oneOf"
    };
    for (index, (type_index, keys)) in sources.iter().enumerate() {
        for key in keys {
            at.moved(&format!("{base}/{index}/{key}"), &format!("/{key}"));
        }
        at.moved(
            &format!("{base}/{index}/type"),
            &format!("/type/{type_index}"),
        );
        at.moved(&format!("{base}/{index}"), &format!("/type/{type_index}"));
    }
}

fn value_has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        // An integer value fits `number` too, but `integer` claims it when listed.
        "number" => value.is_f64(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// `$ref` with siblings: 3.1 applies both, 3.0 ignored the siblings.
fn ref_siblings(schema: &mut Map<String, Value>, at: &mut At<'_>) {
    if schema.len() < 2 || !schema.contains_key("$ref") {
        return;
    }
    if let Some(reference) = schema.remove("$ref") {
        append_all_of(schema, json!({ "$ref": reference }), "", at);
        at.moved("/allOf/0/$ref", "/$ref");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 3.0 form of `schema` placed as a component of a 3.1 document.
    fn down(schema: Value) -> Value {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        downlevel(&mut doc, &mut Origins::default());
        doc["components"]["schemas"]["S"].take()
    }

    #[test]
    fn nullable_type_lists() {
        assert_eq!(
            down(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"maxLength": 3, "nullable": true, "type": "string"})
        );
        assert_eq!(down(json!({"type": "null"})), json!({"nullable": true}));
        assert_eq!(
            down(json!({"type": ["integer"]})),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn several_types_become_one_of_with_their_keywords() {
        assert_eq!(
            down(json!({
                "description": "d",
                "type": ["string", "integer", "null"],
                "minLength": 1,
                "minimum": 0,
                "format": "int64",
                "enum": ["a", 1, null],
            })),
            json!({
                "description": "d",
                "nullable": true,
                "oneOf": [
                    {"type": "string", "minLength": 1, "enum": ["a"]},
                    {"type": "integer", "minimum": 0, "format": "int64", "enum": [1]},
                ],
            })
        );
        assert_eq!(
            down(
                json!({"type": ["array", "object"], "items": {"type": ["boolean", "null"]}, "properties": {"a": {"const": 1}}})
            ),
            json!({"oneOf": [
                {"type": "array", "items": {"type": "boolean", "nullable": true}},
                {"type": "object", "properties": {"a": {"enum": [1]}}},
            ]})
        );
    }

    #[test]
    fn null_alternatives_become_nullable() {
        assert_eq!(
            down(
                json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"})
            ),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            down(json!({"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]})),
            json!({"nullable": true, "type": "string", "format": "date"})
        );
        assert_eq!(
            down(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        // A keyword on both sides: the alternative stays an alternative.
        assert_eq!(
            down(
                json!({"description": "d", "anyOf": [{"description": "e", "type": "string"}, {"type": ["null"]}]})
            ),
            json!({"description": "d", "anyOf": [{"description": "e", "type": "string"}], "nullable": true})
        );
    }

    #[test]
    fn const_examples_bounds_and_content() {
        assert_eq!(down(json!({"const": "x"})), json!({"enum": ["x"]}));
        assert_eq!(
            down(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            down(json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5})),
            json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 5})
        );
        assert_eq!(
            down(json!({"minimum": 0, "exclusiveMinimum": true})),
            json!({"minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            down(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            down(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn ref_siblings_move_the_ref_into_all_of() {
        assert_eq!(
            down(json!({"$ref": "#/components/schemas/T", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            down(json!({"$ref": "#/components/schemas/T"})),
            json!({"$ref": "#/components/schemas/T"})
        );
    }

    #[test]
    fn schemas_are_found_everywhere_and_paths_are_added() {
        let mut doc = json!({
            "openapi": "3.1.1",
            "webhooks": {"w": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$defs": {"D": {"type": ["string", "null"]}}, "items": {"const": 2}}
            }}}}}},
            "components": {"parameters": {"p": {"name": "p", "in": "query", "schema": {"examples": [1]}}}},
        });
        downlevel(&mut doc, &mut Origins::default());
        let schema =
            &doc["webhooks"]["w"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(
            schema["$defs"]["D"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(schema["items"], json!({"enum": [2]}));
        assert_eq!(
            doc["components"]["parameters"]["p"]["schema"],
            json!({"example": 1})
        );
        assert_eq!(doc["paths"], json!({}));
    }

    #[test]
    fn moved_nodes_lead_back_to_their_source() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "A": {"anyOf": [{"type": "null"}, {"type": "string"}, {"not": {}}]},
            "B": {"type": ["null", "string", "integer"], "minimum": 1},
            "E": {"type": ["integer", "null"], "const": 1},
            "C": {"$ref": "#/components/schemas/A", "description": "d"},
            "D": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"p": {}}}]},
        }}});
        let mut origins = Origins::default();
        downlevel(&mut doc, &mut origins);
        let source = |p: &str| {
            origins
                .source(&format!("/components/schemas/{p}"))
                .into_owned()
        };
        assert_eq!(source("A/anyOf/0"), "/components/schemas/A/anyOf/1");
        assert_eq!(source("A/anyOf/1/not"), "/components/schemas/A/anyOf/2/not");
        assert_eq!(source("B/oneOf/1"), "/components/schemas/B/type/2");
        assert_eq!(source("B/oneOf/1/minimum"), "/components/schemas/B/minimum");
        assert_eq!(source("E/enum/0"), "/components/schemas/E/const");
        assert_eq!(source("E/type"), "/components/schemas/E/type/0");
        assert_eq!(source("C/allOf/0/$ref"), "/components/schemas/C/$ref");
        assert_eq!(
            source("D/properties/p"),
            "/components/schemas/D/oneOf/1/properties/p"
        );
        assert_eq!(source("D/type"), "/components/schemas/D/oneOf/1/type");
    }

    #[test]
    fn deep_schemas_need_no_recursion() {
        // A small stack: a recursive rewrite of 2,000 levels would overflow it.
        let run = || {
            let mut schema = json!({"type": ["string", "null"]});
            // Built by hand: `json!` would serialise (recursively) what it embeds.
            for _ in 0..2_000 {
                let mut array = Map::new();
                array.insert("type".to_owned(), json!("array"));
                array.insert("items".to_owned(), schema);
                schema = Value::Object(array);
            }
            let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {}}});
            if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
                schemas.insert("S".to_owned(), schema);
            }
            downlevel(&mut doc, &mut Origins::default());
            // Take the chain apart iteratively: dropping it whole would recurse.
            let mut next = doc.pointer_mut("/components/schemas/S").map(Value::take);
            let mut leaf = Value::Null;
            while let Some(mut node) = next {
                next = node.get_mut("items").map(Value::take);
                if next.is_none() {
                    leaf = node;
                }
            }
            leaf
        };
        let leaf = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(run)
            .map(|handle| handle.join());
        assert!(
            matches!(&leaf, Ok(Ok(v)) if *v == json!({"type": "string", "nullable": true})),
            "{leaf:?}"
        );
    }
}
