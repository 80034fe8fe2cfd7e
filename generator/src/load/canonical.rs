//! The document's free order taken away, so that reordering what OpenAPI
//! gives no order (which changes nothing the document means) changes
//! nothing generated: no name, no file, no line of documentation, no line
//! of the API lock.
//!
//! Two passes:
//! - [`sort_maps`]: every object's keys sorted (JSON objects are unordered:
//!   paths, properties, media types, components, security requirements,
//!   example values…);
//! - [`sort_lists`]: the lists whose order means nothing sorted by what
//!   identifies their entries: `parameters` by location and name, `enum`
//!   values (with `x-enum-varnames` and their kin, one for one), `required`,
//!   `tags`. Each move is recorded in [`Origins`], so a problem found later
//!   names the place in the author's file.
//!
//! Orders that mean something stay as written: `servers` (the first is the
//! default), `oneOf`/`anyOf`/`allOf` alternatives (tried in order), the
//! alternatives of `security` (the first the client can meet is sent),
//! tuple `items`, and every list inside a value (`example`, `default`,
//! `const`, `enum` values themselves, extensions).

use super::Origins;
use crate::diagnostics::pointer_push;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Lists that name an `enum`'s values one for one, reordered with it.
const ENUM_COMPANIONS: &[&str] = &[
    "x-enum-varnames",
    "x-enumNames",
    "x-enum-descriptions",
    "x-enumDescriptions",
];

/// Keys of keyword objects whose values are data (or hold data), not
/// document structure: their lists keep their order.
const DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "const", "enum"];

/// Keys whose objects are maps from names (of properties, statuses, media
/// types, components…) to document structure, not keyword objects: a name
/// such as `default` or `example` there is a name, not a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "paths",
    "webhooks",
    "responses",
    "content",
    "headers",
    "encoding",
    "callbacks",
    "links",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "pathItems",
    "variables",
];

/// Sorts the keys of every object, in place (an explicit stack: the depth
/// of a document is not the stack's business).
pub(crate) fn sort_maps(document: &mut Value) {
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                map.sort_keys();
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// How an object is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Keywords (`type`, `enum`, `parameters`…).
    Keywords,
    /// Names → structure (`properties`, `paths`…).
    Names,
}

/// Sorts the order-free lists, in place, recording every move in `origins`
/// and taking every `$ref` into a moved entry along.
pub(crate) fn sort_lists(document: &mut Value, origins: &mut Origins) {
    let mut moved = Moved::default();
    sort_lists_recording(document, &mut moved);
    for (list, order) in &moved.lists {
        origins.permuted(list, order);
    }
    if !moved.lists.is_empty() {
        retarget_references(document, &moved);
    }
}

/// The lists reordered, by pointer (after their parents moved): `order[new] = old`.
#[derive(Default)]
struct Moved {
    lists: BTreeMap<String, Vec<usize>>,
}

impl Moved {
    /// `old` index of the list at `list` → its new index.
    fn new_index(&self, list: &str, old: usize) -> Option<usize> {
        self.lists.get(list)?.iter().position(|&o| o == old)
    }
}

/// Rewrites each local `$ref` that passes through a reordered list, so it
/// still names the entry it named (`#/paths/~1a/get/parameters/0/schema`).
fn retarget_references(document: &mut Value, moved: &Moved) {
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref")
                    && let Some(retargeted) = retargeted(reference, moved)
                {
                    *reference = retargeted;
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// `reference` with each index into a reordered list replaced, or `None`
/// when it passes through none.
fn retargeted(reference: &str, moved: &Moved) -> Option<String> {
    let pointer = crate::reference::local_pointer(reference).ok()?;
    if !pointer.starts_with('/') {
        return None;
    }
    let mut prefix = String::new();
    let mut changed = false;
    for token in pointer.split('/').skip(1) {
        let token = match token
            .parse::<usize>()
            .ok()
            .and_then(|old| moved.new_index(&prefix, old))
        {
            Some(new) => {
                changed |= new.to_string() != token;
                new.to_string()
            }
            None => token.to_owned(),
        };
        prefix.push('/');
        prefix.push_str(&token);
    }
    changed.then(|| format!("#{prefix}"))
}

fn sort_lists_recording(document: &mut Value, moved: &mut Moved) {
    let parameters = parameter_identities(document);
    let mut stack: Vec<(String, &mut Value, Reading)> =
        vec![(String::new(), document, Reading::Keywords)];
    while let Some((pointer, value, reading)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if reading == Reading::Keywords {
                    sort_keyword_lists(map, &pointer, &parameters, moved);
                }
                for (key, child) in map.iter_mut() {
                    let skip = reading == Reading::Keywords
                        && (DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-"));
                    if skip {
                        continue;
                    }
                    let next = if reading == Reading::Keywords && NAME_MAPS.contains(&key.as_str())
                    {
                        Reading::Names
                    } else {
                        Reading::Keywords
                    };
                    stack.push((pointer_push(&pointer, key), child, next));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    stack.push((
                        pointer_push(&pointer, &index.to_string()),
                        item,
                        Reading::Keywords,
                    ));
                }
            }
            _ => {}
        }
    }
}

/// The order-free lists of one keyword object.
fn sort_keyword_lists(
    map: &mut Map<String, Value>,
    pointer: &str,
    parameters: &BTreeMap<String, (String, String)>,
    moved: &mut Moved,
) {
    if let Some(Value::Array(items)) = map.get_mut("parameters") {
        let key = |item: &Value| parameter_key(item, parameters);
        let order = sorted_order(items, |a, b| {
            key(a).cmp(&key(b)).then_with(|| by_value(a, b))
        });
        reorder(items, &order, &pointer_push(pointer, "parameters"), moved);
    }
    for list in ["required", "tags"] {
        if let Some(Value::Array(items)) = map.get_mut(list) {
            let order = sorted_order(items, |a, b| by_tag_name(a, b).then_with(|| by_value(a, b)));
            reorder(items, &order, &pointer_push(pointer, list), moved);
        }
    }
    let Some(Value::Array(values)) = map.get("enum") else {
        return;
    };
    let order = sorted_order(values, by_value);
    for list in std::iter::once("enum").chain(ENUM_COMPANIONS.iter().copied()) {
        if let Some(Value::Array(items)) = map.get_mut(list)
            && items.len() == order.len()
        {
            reorder(items, &order, &pointer_push(pointer, list), moved);
        }
    }
}

/// The indices of `items` in sorted order (stable: equal entries keep theirs).
fn sorted_order(items: &[Value], compare: impl Fn(&Value, &Value) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| compare(&items[a], &items[b]));
    order
}

/// Puts `items` in `order` (`order[new] = old`), recording the move.
fn reorder(items: &mut Vec<Value>, order: &[usize], pointer: &str, moved: &mut Moved) {
    if order.iter().enumerate().all(|(new, &old)| new == old) {
        return;
    }
    let mut old: Vec<Option<Value>> = std::mem::take(items).into_iter().map(Some).collect();
    for &from in order {
        if let Some(item) = old.get_mut(from).and_then(Option::take) {
            items.push(item);
        }
    }
    moved.lists.insert(pointer.to_owned(), order.to_vec());
}

/// A parameter's identity: where it goes and its name (through its
/// `$ref`), `None` when neither is known.
fn parameter_key(
    item: &Value,
    parameters: &BTreeMap<String, (String, String)>,
) -> Option<(String, String)> {
    match item.get("$ref").and_then(Value::as_str) {
        Some(reference) => parameters.get(reference).cloned(),
        None => identity(item),
    }
}

fn identity(item: &Value) -> Option<(String, String)> {
    let location = item.get("in")?.as_str()?;
    let name = item.get("name")?.as_str()?;
    Some((location.to_owned(), name.to_owned()))
}

/// Each `$ref` a `parameters` list holds → the identity of the parameter it
/// names (in `#/components/parameters`, or another operation's list),
/// following references a few hops (longer chains are sorted as unknown).
/// Read before anything is sorted.
fn parameter_identities(document: &Value) -> BTreeMap<String, (String, String)> {
    const MAX_HOPS: usize = 8;
    let mut out = BTreeMap::new();
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                let references = match map.get("parameters") {
                    Some(Value::Array(items)) => items.as_slice(),
                    _ => &[],
                };
                for reference in references.iter().filter_map(|i| i.get("$ref")?.as_str()) {
                    let found = crate::reference::follow(document, reference, MAX_HOPS).ok();
                    if let Some(id) = found.and_then(|(item, _)| identity(item)) {
                        out.insert(reference.to_owned(), id);
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// Tag objects (the document's `tags`) by name; anything else equal.
fn by_tag_name(a: &Value, b: &Value) -> Ordering {
    let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_owned);
    name(a).cmp(&name(b))
}

/// A total order of JSON values: by kind, then numbers by value, strings
/// by text, anything else by its JSON text.
fn by_value(a: &Value, b: &Value) -> Ordering {
    let rank = |v: &Value| match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    };
    rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.total_cmp(&y)
                .then_with(|| a.to_string().cmp(&b.to_string()))
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => a.to_string().cmp(&b.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(v: &Value) -> Vec<String> {
        v.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn every_map_is_sorted() {
        let mut document = json!({
            "paths": {"/b": {}, "/a": {"get": {"responses": {"404": {}, "200": {}}}}},
            "components": {"schemas": {"Z": {"properties": {"b": {}, "a": {}}}, "A": {}}},
        });
        sort_maps(&mut document);
        assert_eq!(keys(&document["paths"]), ["/a", "/b"]);
        assert_eq!(keys(&document["components"]["schemas"]), ["A", "Z"]);
        assert_eq!(
            keys(&document["components"]["schemas"]["Z"]["properties"]),
            ["a", "b"]
        );
        assert_eq!(
            keys(&document["paths"]["/a"]["get"]["responses"]),
            ["200", "404"]
        );
    }

    #[test]
    fn order_free_lists_are_sorted_and_their_moves_recorded() {
        let mut document = json!({
            "components": {
                "parameters": {"Limit": {"in": "query", "name": "limit"}},
                "schemas": {"Z": {
                    "enum": ["z", "a", "m"],
                    "x-enum-varnames": ["Zed", "Ay", "Em"],
                    "required": ["b", "a"],
                    "example": {"list": ["b", "a"]},
                    "properties": {"default": {"enum": [2, 1]}},
                }},
            },
            "paths": {"/a": {"get": {
                "tags": ["z", "a"],
                "parameters": [
                    {"in": "query", "name": "q"},
                    {"$ref": "#/components/parameters/Limit"},
                    {"in": "header", "name": "x"},
                ],
            }}},
            "tags": [{"name": "z"}, {"name": "a"}],
            "servers": [{"url": "https://b"}, {"url": "https://a"}],
        });
        let mut origins = Origins::default();
        sort_lists(&mut document, &mut origins);
        let schema = &document["components"]["schemas"]["Z"];
        assert_eq!(schema["enum"], json!(["a", "m", "z"]));
        assert_eq!(schema["x-enum-varnames"], json!(["Ay", "Em", "Zed"]));
        assert_eq!(schema["required"], json!(["a", "b"]));
        assert_eq!(
            schema["example"],
            json!({"list": ["b", "a"]}),
            "data keeps its order"
        );
        assert_eq!(schema["properties"]["default"]["enum"], json!([1, 2]));
        let op = &document["paths"]["/a"]["get"];
        assert_eq!(op["tags"], json!(["a", "z"]));
        assert_eq!(op["parameters"][0]["name"], "x");
        assert_eq!(op["parameters"][1]["$ref"], "#/components/parameters/Limit");
        assert_eq!(op["parameters"][2]["name"], "q");
        assert_eq!(document["tags"][0]["name"], "a");
        assert_eq!(
            document["servers"][0]["url"], "https://b",
            "servers keep their order"
        );
        assert_eq!(
            origins.source("/paths/~1a/get/parameters/0/schema"),
            "/paths/~1a/get/parameters/2/schema"
        );
        assert_eq!(
            origins.source("/components/schemas/Z/enum/0"),
            "/components/schemas/Z/enum/1"
        );
    }

    #[test]
    fn references_into_a_reordered_list_follow_their_entry() {
        let mut document = json!({"paths": {
            "/a": {"get": {"parameters": [
                {"in": "query", "name": "zeta", "schema": {"type": "integer"}},
                {"in": "query", "name": "alpha", "schema": {"type": "string"}},
            ]}},
            "/b": {"get": {"parameters": [
                {"in": "query", "name": "z", "schema": {"$ref": "#/paths/~1a/get/parameters/0/schema"}},
            ]}},
        }});
        sort_lists(&mut document, &mut Origins::default());
        let reference = &document["paths"]["/b"]["get"]["parameters"][0]["schema"]["$ref"];
        assert_eq!(reference, "#/paths/~1a/get/parameters/1/schema");
        assert_eq!(
            document["paths"]["/a"]["get"]["parameters"][1]["name"],
            "zeta"
        );
    }

    #[test]
    fn a_parameter_referring_to_another_operations_sorts_by_its_identity() {
        let mut document = json!({"paths": {
            "/a": {"get": {"parameters": [{"in": "query", "name": "b"}]}},
            "/c": {"get": {"parameters": [
                {"$ref": "#/paths/~1a/get/parameters/0"},
                {"in": "query", "name": "a"},
            ]}},
        }});
        sort_lists(&mut document, &mut Origins::default());
        let list = &document["paths"]["/c"]["get"]["parameters"];
        assert_eq!(list[0]["name"], "a");
        assert_eq!(list[1]["$ref"], "#/paths/~1a/get/parameters/0");
    }
}
