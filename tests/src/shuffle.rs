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
/// from `seed` (the same seed, the same shuffle).
pub fn shuffle(document: &Value, seed: u64) -> Value {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = document.clone();
    walk(&mut out, &mut rng, Reading::Keywords, 0);
    out
}

fn walk(value: &mut Value, rng: &mut fastrand::Rng, reading: Reading, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if reading == Reading::Keywords {
                shuffle_enum(map, rng);
                for key in ORDER_FREE_LISTS {
                    if let Some(Value::Array(items)) = map.get_mut(*key) {
                        rng.shuffle(items);
                    }
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
                walk(&mut child, rng, next, depth + 1);
                map.insert(key, child);
            }
        }
        Value::Array(items) => {
            let next = if reading == Reading::Data {
                Reading::Data
            } else {
                Reading::Keywords
            };
            for item in items {
                walk(item, rng, next, depth + 1);
            }
        }
        _ => {}
    }
}

/// Reorders `enum` and the companions of the same length by one permutation.
fn shuffle_enum(map: &mut Map<String, Value>, rng: &mut fastrand::Rng) {
    let Some(Value::Array(values)) = map.get("enum") else {
        return;
    };
    let mut order: Vec<usize> = (0..values.len()).collect();
    rng.shuffle(&mut order);
    for key in std::iter::once("enum").chain(ENUM_COMPANIONS.iter().copied()) {
        if let Some(Value::Array(items)) = map.get_mut(key)
            && items.len() == order.len()
        {
            let reordered: Vec<Value> = order.iter().map(|&i| items[i].clone()).collect();
            *items = reordered;
        }
    }
}
