//! Shuffles an OpenAPI document everywhere its order means nothing: every
//! map, and the lists OpenAPI gives no order (`enum` values together with
//! their `x-enum-varnames` and kin, `required`, `tags`, `parameters`).
//! `servers`, `oneOf`/`anyOf`/`allOf` alternatives, `security` alternatives
//! and every other list keep their order, which means something.
//!
//! The order test generates a document and its shuffles and compares them
//! byte for byte. The lists below are written here again, not taken from
//! the generator's `load/canonical.rs`: a test that shared the generator's
//! idea of what is order-free could not catch a list it forgot.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Lists whose order carries no meaning, by the key that holds them.
const ORDER_FREE_LISTS: &[&str] = &["required", "tags", "parameters"];

/// Lists that name an `enum`'s values one for one, shuffled with it.
const ENUM_COMPANIONS: &[&str] = &[
    "x-enum-varnames",
    "x-enumNames",
    "x-enum-descriptions",
    "x-enumDescriptions",
];

/// Keys whose values are data (examples, defaults, extensions): inside
/// them only maps are shuffled, as JSON allows; their lists are data.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "const", "enum"];

/// Keys whose objects map names (of properties, statuses, components…) to
/// document structure: a name such as `default` there is not a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
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
    "variables",
    "$defs",
    "definitions",
];

/// Deepest level shuffled: documents nest far less; this bounds the walk.
const MAX_DEPTH: usize = 256;

/// How the walk reads a value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Keywords (`type`, `parameters`…).
    Keywords,
    /// Names → structure (`properties`, `paths`…).
    Names,
    /// Data: only maps are shuffled.
    Data,
}

/// `document` with every order-free part reordered by a permutation drawn
/// from `seed` (the same seed, the same shuffle). A local `$ref` into a
/// reordered list follows its entry, so the document means what it meant.
pub fn shuffle(document: &Value, seed: u64) -> Value {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = document.clone();
    let mut moved = BTreeMap::new();
    walk(
        &mut out,
        &mut rng,
        Reading::Keywords,
        String::new(),
        &mut moved,
    );
    retarget(&mut out, &moved, 0);
    out
}

/// Lists reordered, by pointer (after their parents moved): `order[new] = old`.
type Moved = BTreeMap<String, Vec<usize>>;

fn walk(
    value: &mut Value,
    rng: &mut fastrand::Rng,
    reading: Reading,
    pointer: String,
    moved: &mut Moved,
) {
    if pointer.matches('/').count() > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if reading == Reading::Keywords {
                let mut lists: Vec<(&str, Vec<usize>)> = shuffle_enum(map, rng);
                for key in ORDER_FREE_LISTS {
                    if let Some(Value::Array(items)) = map.get_mut(*key) {
                        let mut order: Vec<usize> = (0..items.len()).collect();
                        rng.shuffle(&mut order);
                        let reordered: Vec<Value> =
                            order.iter().map(|&i| items[i].clone()).collect();
                        *items = reordered;
                        lists.push((key, order));
                    }
                }
                for (key, order) in lists {
                    moved.insert(format!("{pointer}/{}", escape(key)), order);
                }
            }
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            rng.shuffle(&mut entries);
            for (key, mut child) in entries {
                let next = match reading {
                    Reading::Data => Reading::Data,
                    Reading::Names => Reading::Keywords,
                    Reading::Keywords
                        if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") =>
                    {
                        Reading::Data
                    }
                    Reading::Keywords if NAME_MAPS.contains(&key.as_str()) => Reading::Names,
                    Reading::Keywords => Reading::Keywords,
                };
                walk(
                    &mut child,
                    rng,
                    next,
                    format!("{pointer}/{}", escape(&key)),
                    moved,
                );
                map.insert(key, child);
            }
        }
        Value::Array(items) => {
            let next = if reading == Reading::Data {
                Reading::Data
            } else {
                Reading::Keywords
            };
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, rng, next, format!("{pointer}/{index}"), moved);
            }
        }
        _ => {}
    }
}

/// A JSON pointer token for `key`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Rewrites local `$ref`s that pass through a reordered list.
fn retarget(value: &mut Value, moved: &Moved, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(pointer) = reference.strip_prefix('#')
            {
                let decoded = percent_encoding::percent_decode_str(pointer)
                    .decode_utf8_lossy()
                    .into_owned();
                let mut prefix = String::new();
                for token in decoded.split('/').skip(1) {
                    let new = token
                        .parse::<usize>()
                        .ok()
                        .and_then(|old| moved.get(&prefix)?.iter().position(|&o| o == old));
                    prefix.push('/');
                    prefix.push_str(&new.map_or_else(|| token.to_owned(), |n| n.to_string()));
                }
                if decoded.starts_with('/') {
                    *reference = format!("#{prefix}");
                }
            }
            for child in map.values_mut() {
                retarget(child, moved, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                retarget(item, moved, depth + 1);
            }
        }
        _ => {}
    }
}

/// Reorders `enum` and the companions of the same length by one
/// permutation, and says which lists it reordered.
fn shuffle_enum(
    map: &mut Map<String, Value>,
    rng: &mut fastrand::Rng,
) -> Vec<(&'static str, Vec<usize>)> {
    let Some(Value::Array(values)) = map.get("enum") else {
        return Vec::new();
    };
    let mut order: Vec<usize> = (0..values.len()).collect();
    rng.shuffle(&mut order);
    let mut lists = Vec::new();
    for key in std::iter::once("enum").chain(ENUM_COMPANIONS.iter().copied()) {
        if let Some(Value::Array(items)) = map.get_mut(key)
            && items.len() == order.len()
        {
            let reordered: Vec<Value> = order.iter().map(|&i| items[i].clone()).collect();
            *items = reordered;
            lists.push((key, order.clone()));
        }
    }
    lists
}
