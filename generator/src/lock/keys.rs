//! Identities of public items in the API lock: what stays the same when a
//! vendor edits around an item.
//!
//! An operation is its method and path template (with variables unnamed:
//! renaming `{id}` to `{user_id}` is the same operation). A type is the
//! places in the spec it is made of, as JSON pointers in which positions
//! that move are replaced by what they hold: `…/parameters/3/schema` is
//! `…/parameters/query:status/schema` and `…/oneOf/1` is `…/oneOf/tag
//! disk`, so inserting a parameter or an alternative moves nothing. A
//! member is its owner plus its wire name or value.

use crate::ir::{Api, OneOfVariant, Operation, Shape, StatusMatch, Ty, TypeDef, TypeSpace};
use crate::lock::{ApiLock, Entry, key, kind};
use std::collections::{BTreeMap, BTreeSet};

/// An operation's identity: method and path, variables unnamed.
pub fn operation_key(op: &Operation) -> String {
    let mut path = String::with_capacity(op.path.len());
    let mut in_variable = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_variable = true;
                path.push_str("{}");
            }
            '}' => in_variable = false,
            _ if in_variable => {}
            c => path.push(c),
        }
    }
    format!("{} {path}", op.method.as_str())
}

/// The lock key of each parameter of `op`, in the order path, query,
/// header, cookie. A path parameter is its position in the template (its
/// name is not part of a call: renaming `{id}` changes nothing for users);
/// any other is its wire name, with its location only when two share a
/// name (so moving `limit` from the query to a header keeps its setter).
pub fn parameter_keys(op: &Operation) -> Vec<Vec<String>> {
    let op_key = operation_key(op);
    let not_in_path = || op.params().skip(op.path_params.len());
    let mut wires: BTreeMap<&str, usize> = BTreeMap::new();
    for param in not_in_path() {
        *wires.entry(param.wire.as_str()).or_default() += 1;
    }
    let path = op
        .path_params
        .iter()
        .enumerate()
        .map(|(index, _)| key([kind::PARAMETER, &op_key, &format!("path #{index}")]));
    let others = not_in_path().map(|p| match wires.get(p.wire.as_str()) {
        Some(1) => key([kind::PARAMETER, &op_key, &p.wire]),
        _ => key([kind::PARAMETER, &op_key, &p.wire, p.location.as_str()]),
    });
    path.chain(others).collect()
}

/// A documented status as written in the lock key (`404`, `4XX`, `default`).
pub fn status_key(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(digit) => format!("{digit}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn fresh_type_key(def: &TypeDef) -> Vec<String> {
    let pointer = def.lock_pointers.first().map(String::as_str);
    key([kind::TYPE, pointer.unwrap_or_default()])
}

/// The entry each type of `types` is published as: the one holding one of
/// its places. Where several entries hold one place (see
/// [`ApiLock::types_at`]: copies of a schema kept apart, numbered `#2`,
/// `#3`, … in type order), a type takes the entry of exactly its places,
/// else the next in that order, as when the lock was written.
pub fn published<'l>(lock: &'l ApiLock, types: &TypeSpace) -> Vec<Option<&'l Entry>> {
    let mut taken: BTreeSet<&'l [String]> = BTreeSet::new();
    types
        .types
        .iter()
        .map(|def| {
            for pointer in &def.lock_pointers {
                let entries: Vec<&Entry> = lock.types_at(pointer).collect();
                match entries.as_slice() {
                    [] => continue,
                    [only] => return Some(*only),
                    _ => {}
                }
                // The entry of exactly this type's places first, then the
                // next in number order.
                let free = |e: &&&Entry| !taken.contains(e.key.as_slice());
                let chosen = entries
                    .iter()
                    .filter(free)
                    .find(|e| e.pointers == def.lock_pointers)
                    .or_else(|| entries.iter().find(free))
                    .copied();
                if let Some(entry) = chosen {
                    taken.insert(&entry.key);
                }
                return chosen;
            }
            None
        })
        .collect()
}

/// Every type's key, unique: a type whose places lead to an entry another
/// type already holds (two copies published as one that could not stay
/// one) gets a key of its own, and so does a new type whose first place is
/// the key of an entry some other type holds.
pub fn unique_type_keys(lock: &ApiLock, types: &TypeSpace) -> Vec<Vec<String>> {
    let mut used: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut keys = Vec::with_capacity(types.types.len());
    let entries = published(lock, types);
    for (def, entry) in types.types.iter().zip(entries) {
        let published = entry.map(|e| e.key.clone()).filter(|k| !used.contains(k));
        let key = match published {
            Some(key) => key,
            None => {
                // A fresh key is never one the lock gives another type; a
                // numbered key the lock gives a type of these same places
                // is this type's from the last run (else the numbers would
                // alternate run to run, and the lock never settle).
                let fresh = fresh_type_key(def);
                let mut numbered = fresh.clone();
                let mut n = 2;
                let held_by_other = |key: &Vec<String>| {
                    lock.get(key)
                        .is_some_and(|entry| entry.pointers != def.lock_pointers)
                };
                while used.contains(&numbered) || held_by_other(&numbered) {
                    numbered.clone_from(&fresh);
                    if let Some(last) = numbered.last_mut() {
                        last.push_str(&format!("#{n}"));
                    }
                    n += 1;
                }
                numbered
            }
        };
        used.insert(key.clone());
        keys.push(key);
    }
    keys
}

/// The pointer a type's member keys are built on (the second key element).
pub fn type_key_pointer(type_key: &[String]) -> &str {
    type_key.get(1).map(String::as_str).unwrap_or_default()
}

/// Sets every alternative's identity and every type's lock pointers and
/// structural digest. Runs
/// right after lowering, so deduplication can consult the lock too.
pub fn assign(api: &mut Api) {
    assign_alternative_identities(&mut api.types);
    api.parameter_positions = parameter_positions(api);
    let segments = moving_segments(api);
    let structures = crate::ir::structure::digests(&api.types);
    for (def, structure) in api.types.types.iter_mut().zip(structures) {
        def.lock_pointers = def
            .origins
            .iter()
            .map(|o| stable_pointer(&o.pointer, &segments))
            .collect();
        def.structure = structure;
    }
}

/// `pointer` as output (documentation, the lock's `at`) shows it: a
/// position in a `parameters` list is the canonical order's
/// (`load/canonical.rs`), not the author's, so it is named by the
/// parameter's `in:name` instead (`…/parameters/query:limit/schema`).
pub fn readable_pointer(api: &Api, pointer: &str) -> String {
    if api.parameter_positions.is_empty() {
        return pointer.to_owned();
    }
    stable_pointer(pointer, &api.parameter_positions)
}

/// Each parameter's pointer at a position of a `parameters` list → its
/// `in:name`. A parameter that is a `$ref` to `/components/parameters/<name>`
/// is named already, and two components with one wire name must stay two
/// places.
fn parameter_positions(api: &Api) -> BTreeMap<String, String> {
    api.operations
        .iter()
        .flat_map(Operation::params)
        .filter(|p| is_position(&p.pointer))
        .map(|p| (p.pointer.clone(), parameter_identity(p)))
        .collect()
}

/// A parameter as its pointer's last segment names it: `query:limit`.
fn parameter_identity(param: &crate::ir::Param) -> String {
    format!("{}:{}", param.location.as_str(), param.wire)
}

/// A parameter's pointer as output shows it (see [`readable_pointer`]).
pub fn readable_parameter_pointer(param: &crate::ir::Param) -> String {
    match param.pointer.rsplit_once('/') {
        Some((parent, _)) if is_position(&param.pointer) => {
            crate::diagnostics::pointer_push(parent, &parameter_identity(param))
        }
        _ => param.pointer.clone(),
    }
}

/// Raw pointer prefix → what its last segment becomes in a lock pointer.
fn moving_segments(api: &Api) -> BTreeMap<String, String> {
    let mut segments = api.parameter_positions.clone();
    for def in &api.types.types {
        let Shape::OneOf(o) = &def.shape else {
            continue;
        };
        for origin in &def.origins {
            for (index, variant) in o.variants.iter().enumerate() {
                for keyword in ["oneOf", "anyOf"] {
                    segments.insert(
                        format!("{}/{keyword}/{index}", origin.pointer),
                        variant.identity.clone(),
                    );
                }
            }
        }
    }
    segments
}

/// Whether `pointer` is a position in a `parameters` list (not a
/// component parameter whose name is a number).
fn is_position(pointer: &str) -> bool {
    let mut tokens = pointer.rsplit('/');
    let last = tokens.next().unwrap_or_default();
    let list = tokens.next();
    !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
        && list == Some("parameters")
        && !pointer.starts_with("/components/parameters/")
}

/// `pointer` with each moving segment replaced (see [`moving_segments`]).
fn stable_pointer(pointer: &str, segments: &BTreeMap<String, String>) -> String {
    if !pointer.starts_with('/') {
        return pointer.to_owned();
    }
    let mut raw = String::with_capacity(pointer.len());
    let mut stable = String::with_capacity(pointer.len());
    for segment in pointer.split('/').skip(1) {
        raw.push('/');
        raw.push_str(segment);
        match segments.get(&raw) {
            Some(replacement) => stable = crate::diagnostics::pointer_push(&stable, replacement),
            None => {
                stable.push('/');
                stable.push_str(segment);
            }
        }
    }
    stable
}

/// Each alternative's identity: its tag, else the component it refers to,
/// else its shape (an object by its required members, else by all its
/// members; anything else by its kind), numbered when two share one.
fn assign_alternative_identities(types: &mut TypeSpace) {
    let identities: Vec<Option<Vec<String>>> = types
        .types
        .iter()
        .map(|def| match &def.shape {
            Shape::OneOf(o) => Some(o.variants.iter().map(|v| identity(types, v)).collect()),
            _ => None,
        })
        .collect();
    for (def, identities) in types.types.iter_mut().zip(identities) {
        let (Shape::OneOf(o), Some(identities)) = (&mut def.shape, identities) else {
            continue;
        };
        let mut taken = BTreeSet::new();
        for (variant, identity) in o.variants.iter_mut().zip(identities) {
            let mut unique = identity.clone();
            let mut n = 2;
            while taken.contains(&unique) {
                unique = format!("{identity} #{n}");
                n += 1;
            }
            taken.insert(unique.clone());
            variant.identity = unique;
        }
    }
}

fn identity(types: &TypeSpace, variant: &OneOfVariant) -> String {
    if let Some(tags) = variant.tag.as_ref().filter(|t| !t.is_empty()) {
        return format!("tag {}", tags.join(" "));
    }
    if let Some(reference) = &variant.reference {
        return format!("ref {reference}");
    }
    let shape = match &variant.ty {
        Ty::Named(id) => match &types.get(*id).shape {
            Shape::Struct(s) => {
                let required: Vec<&str> = s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.wire.as_str())
                    .collect();
                let keys: BTreeSet<&str> = if required.is_empty() {
                    s.fields.iter().map(|f| f.wire.as_str()).collect()
                } else {
                    required.into_iter().collect()
                };
                format!("object {}", keys.into_iter().collect::<Vec<_>>().join(","))
            }
            Shape::StringEnum(_) | Shape::IntEnum(_) => "enum".to_owned(),
            Shape::OneOf(_) => "oneOf".to_owned(),
            Shape::Alias(_) | Shape::Newtype(_) => "alias".to_owned(),
        },
        Ty::String => match &variant.format {
            Some(format) => format!("string {format}"),
            None => "string".to_owned(),
        },
        Ty::Integer(_) => "integer".to_owned(),
        Ty::Number(_) => "number".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::Json => "any".to_owned(),
        Ty::JsonObject | Ty::Map(_) => "map".to_owned(),
        Ty::Array(_) => "array".to_owned(),
        Ty::Format(format) => format!("{format:?}"),
    };
    format!("shape {shape}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_segments_are_replaced_wherever_they_are() {
        let segments: BTreeMap<String, String> = [
            (
                "/paths/~1a/get/parameters/2".to_owned(),
                "query:status".to_owned(),
            ),
            (
                "/components/schemas/R/oneOf/1".to_owned(),
                "tag a/b".to_owned(),
            ),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            stable_pointer("/paths/~1a/get/parameters/2/schema", &segments),
            "/paths/~1a/get/parameters/query:status/schema"
        );
        assert_eq!(
            stable_pointer("/components/schemas/R/oneOf/1/properties/x", &segments),
            "/components/schemas/R/oneOf/tag a~1b/properties/x"
        );
        assert_eq!(stable_pointer("", &segments), "");
    }
}
