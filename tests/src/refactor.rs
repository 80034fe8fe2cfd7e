//! A vendor's export tool refactoring a document without changing what it
//! means: every component schema renamed, and every inline response schema
//! that is a type of its own (an object, an enum, a `oneOf`) moved into
//! `components` and referred to from where it was. Every `$ref` (and
//! discriminator `mapping`) follows.
//!
//! A discriminator without a `mapping` tells alternatives apart by their
//! component names, so renaming would change the values on the wire: as a
//! tool that keeps them would, the refactor writes those mappings out
//! first (`{ImageContext: '#/components/schemas/ImageContext'}`, whose
//! reference then follows the rename).
//!
//! Names are `RenamedSchema<n>` and `ExtractedResponse<n>`, numbered in
//! document order: they carry nothing of the old names, so a generator that
//! keeps a type's name across this refactor cannot have guessed it.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The refactored document, and each old place → new place.
pub struct Refactored {
    /// The document after the refactor.
    pub document: Value,
    /// Old JSON pointer → new JSON pointer of every schema that moved.
    pub moved: BTreeMap<String, String>,
}

/// Refactors `document` (see the module docs). Panics if a new name is
/// taken already (the document would have to be refactored otherwise).
pub fn refactor(document: &Value) -> Refactored {
    let mut document = document.clone();
    let mut moved = BTreeMap::new();
    explicit_mappings(&mut document);
    rename_components(&mut document, &mut moved);
    extract_response_schemas(&mut document, &mut moved);
    let renamed: BTreeMap<String, String> = moved
        .iter()
        .filter_map(|(old, new)| Some((component_name(old)?, component_name(new)?)))
        .collect();
    retarget_references(&mut document, &moved, &renamed);
    Refactored { document, moved }
}

fn component_name(pointer: &str) -> Option<String> {
    let name = pointer.strip_prefix("/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn schemas(document: &mut Value) -> &mut Map<String, Value> {
    let components = document
        .as_object_mut()
        .expect("a document is an object")
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    components
        .as_object_mut()
        .expect("components is an object")
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("schemas is an object")
}

/// Writes out the mapping every discriminator implies: a component name for
/// each alternative (`oneOf`, `anyOf`) that is a component `$ref`, and, for
/// a component's own discriminator, for each component extending it
/// (`allOf`).
fn explicit_mappings(document: &mut Value) {
    let mut stack: Vec<&mut Value> = vec![&mut *document];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(members) => {
                let implied: Vec<String> = ["oneOf", "anyOf"]
                    .iter()
                    .filter_map(|k| members.get(*k).and_then(Value::as_array))
                    .flatten()
                    .filter_map(|s| s.get("$ref").and_then(Value::as_str))
                    .filter_map(component_of_reference)
                    .collect();
                add_mapping(members, implied);
                stack.extend(members.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    let components: Vec<(String, Vec<String>)> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, schema)| {
                    let parents = schema
                        .get("allOf")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|s| s.get("$ref").and_then(Value::as_str))
                        .filter_map(component_of_reference)
                        .collect();
                    (name.clone(), parents)
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            let children: Vec<String> = components
                .iter()
                .filter(|(_, parents)| parents.contains(name))
                .map(|(child, _)| child.clone())
                .collect();
            if let Value::Object(members) = schema {
                add_mapping(members, children);
            }
        }
    }
}

/// The component a `$ref` names (`#/components/schemas/Pet` → `Pet`).
fn component_of_reference(reference: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// Adds `names` to the mapping of the discriminator of `schema` (if it
/// has one), each to its component, unless mapped already.
fn add_mapping(schema: &mut Map<String, Value>, names: Vec<String>) {
    let Some(Value::Object(discriminator)) = schema.get_mut("discriminator") else {
        return;
    };
    if names.is_empty() {
        return;
    }
    let mapping = discriminator
        .entry("mapping")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(mapping) = mapping {
        let mapped: Vec<String> = mapping
            .values()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        for name in names {
            let reference = format!("#/components/schemas/{}", escape(&name));
            // A component mapped under another value is not also implied.
            if !mapped.contains(&reference) {
                mapping.entry(name).or_insert(Value::String(reference));
            }
        }
    }
}

fn rename_components(document: &mut Value, moved: &mut BTreeMap<String, String>) {
    let schemas = schemas(document);
    let old = std::mem::take(schemas);
    for (index, (name, schema)) in old.into_iter().enumerate() {
        let new = format!("RenamedSchema{index}");
        moved.insert(
            format!("/components/schemas/{}", escape(&name)),
            format!("/components/schemas/{new}"),
        );
        assert!(schemas.insert(new, schema).is_none(), "a name is taken");
    }
}

/// Whether an inline schema is a type of its own in the generated crate.
fn is_named_type(schema: &Value) -> bool {
    ["properties", "oneOf", "anyOf", "allOf", "enum"]
        .iter()
        .any(|k| schema.get(k).is_some())
        && schema.get("$ref").is_none()
}

fn extract_response_schemas(document: &mut Value, moved: &mut BTreeMap<String, String>) {
    let mut places: Vec<String> = Vec::new();
    let responses_of = |pointer: String, responses: &Value, places: &mut Vec<String>| {
        let Some(responses) = responses.as_object() else {
            return;
        };
        for (status, response) in responses {
            let Some(content) = response.get("content").and_then(Value::as_object) else {
                continue;
            };
            for (media, media_type) in content {
                if media_type.get("schema").is_some_and(is_named_type) {
                    places.push(format!(
                        "{pointer}/{}/content/{}/schema",
                        escape(status),
                        escape(media)
                    ));
                }
            }
        }
    };
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                if let Some(responses) = operation.get("responses") {
                    let pointer = format!("/paths/{}/{method}/responses", escape(path));
                    responses_of(pointer, responses, &mut places);
                }
            }
        }
    }
    if let Some(responses) = document.pointer("/components/responses") {
        let pointer = "/components/responses".to_owned();
        let wrapped: Value = responses.clone();
        responses_of(pointer, &wrapped, &mut places);
    }
    for (index, place) in places.into_iter().enumerate() {
        let name = format!("ExtractedResponse{index}");
        let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        let schema = std::mem::replace(
            document.pointer_mut(&place).expect("the place exists"),
            reference,
        );
        assert!(
            schemas(document).insert(name.clone(), schema).is_none(),
            "a name is taken"
        );
        moved.insert(place, format!("/components/schemas/{name}"));
    }
}

/// Every `$ref` into a moved place (or below it), and every discriminator
/// mapping to a renamed component, follows the move.
fn retarget_references(
    value: &mut Value,
    moved: &BTreeMap<String, String>,
    renamed: &BTreeMap<String, String>,
) {
    // An explicit stack: a document's depth is not the test's stack's.
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(members) => {
                for (key, member) in members.iter_mut() {
                    match (key.as_str(), &*member) {
                        ("$ref", Value::String(reference)) => {
                            if let Some(new) = retargeted(reference, moved) {
                                *member = Value::String(new);
                            }
                        }
                        ("mapping", Value::Object(_)) => {
                            if let Some(mapping) = member.as_object_mut() {
                                for target in mapping.values_mut() {
                                    let Some(text) = target.as_str() else {
                                        continue;
                                    };
                                    let new = retargeted(text, moved)
                                        .or_else(|| renamed.get(text).cloned());
                                    if let Some(new) = new {
                                        *target = Value::String(new);
                                    }
                                }
                            }
                        }
                        _ => stack.push(member),
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn retargeted(reference: &str, moved: &BTreeMap<String, String>) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    std::iter::successors(Some(pointer), |p| p.rfind('/').map(|cut| &p[..cut])).find_map(|prefix| {
        moved
            .get(prefix)
            .map(|new| format!("#{new}{}", &pointer[prefix.len()..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_renamed_and_inline_responses_extracted() {
        let document = serde_json::json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}
            }}}}}}},
            "components": {"schemas": {"B": {"type": "object", "properties": {"c": {"type": "string"}}},
                                       "C": {"$ref": "#/components/schemas/B/properties/c"}}}
        });
        let refactored = refactor(&document);
        let schemas = &refactored.document["components"]["schemas"];
        assert_eq!(
            schemas["RenamedSchema1"]["$ref"],
            "#/components/schemas/RenamedSchema0/properties/c"
        );
        assert_eq!(
            schemas["ExtractedResponse0"]["properties"]["b"]["$ref"],
            "#/components/schemas/RenamedSchema0"
        );
        assert_eq!(
            refactored.document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["$ref"],
            "#/components/schemas/ExtractedResponse0"
        );
    }
}
