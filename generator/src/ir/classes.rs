//! Structural equivalence: which types are the same type.
//!
//! Two types are equivalent when their local shapes match (members,
//! requiredness, values, alternatives; not names or docs) and what they
//! refer to is equivalent in turn. Deduplication merges each class into one
//! type; the lock's move detection counts the copies deduplication will
//! merge as one.

use super::{Shape, Ty, TypeDef, TypeId, TypeSpace};
use std::collections::BTreeMap;

/// The class of every type that deduplication would merge it by, the lock
/// aside (same class = one type after deduplication).
pub(crate) fn structural_classes(types: &TypeSpace) -> Vec<usize> {
    classes(types, &[])
}

/// The equivalence class of every type (same class = same structure).
///
/// Types are visited by strongly connected components of the reference
/// graph, sinks first: a type on no cycle is classed by its local shape and
/// the (final) classes of what it references, which costs one look-up; the
/// types of one cycle are told apart by partition refinement among
/// themselves, and their classes are then registered by the same key, so an
/// acyclic copy of a recursive type (`{replies: [Comment]}` beside
/// `Comment`) still merges with it. Two separate but identical cycles stay
/// two types. The cost is linear in the spec except inside one cycle.
///
/// `groups` (empty, or one per type) keeps types of different published
/// identities in different classes.
pub(crate) fn classes(types: &TypeSpace, groups: &[Option<usize>]) -> Vec<usize> {
    let locals: Vec<(String, Vec<TypeId>)> = types
        .types
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (key, refs) = local_key(i, d);
            match groups.get(i).copied().flatten() {
                Some(group) => (format!("published{group}|{key}"), refs),
                None => (key, refs),
            }
        })
        .collect();
    let edges: Vec<Vec<usize>> = locals
        .iter()
        .map(|(_, refs)| refs.iter().map(|r| r.0).collect())
        .collect();
    let component = super::graph::components(&edges);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (node, &c) in component.iter().enumerate() {
        if groups.len() <= c {
            groups.resize_with(c + 1, Vec::new);
        }
        groups[c].push(node);
    }
    let mut interner: BTreeMap<String, usize> = BTreeMap::new();
    let mut class = vec![usize::MAX; locals.len()];
    for group in &groups {
        let cyclic = match group.as_slice() {
            [only] => edges[*only].contains(only),
            _ => true,
        };
        if cyclic {
            class_cycle(group, &locals, &mut class, &mut interner);
        } else {
            for &node in group {
                let key = signature(&locals[node], |r| format!("g{}", class[r]));
                let next = interner.len();
                class[node] = *interner.entry(key).or_insert(next);
            }
        }
    }
    class
}

/// Classes for the members of one cycle (see [`classes`]).
fn class_cycle(
    group: &[usize],
    locals: &[(String, Vec<TypeId>)],
    class: &mut [usize],
    interner: &mut BTreeMap<String, usize>,
) {
    let position: BTreeMap<usize, usize> = group.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut local = vec![0usize; group.len()];
    loop {
        let refined = intern(group.iter().zip(&local).map(|(&node, own)| {
            let key = signature(&locals[node], |r| match position.get(&r) {
                Some(&p) => format!("l{}", local[p]),
                None => format!("g{}", class[r]),
            });
            format!("{own}|{key}")
        }));
        let before = local.iter().max().map_or(0, |m| m + 1);
        let after = refined.iter().max().map_or(0, |m| m + 1);
        local = refined;
        if before == after {
            break;
        }
    }
    // Fresh classes, distinct from every key-interned one.
    let base = interner.len();
    for (&node, l) in group.iter().zip(&local) {
        class[node] = base + l;
    }
    let count = local.iter().max().map_or(0, |m| m + 1);
    for index in 0..count {
        interner.insert(format!("cycle#{}", base + index), base + index);
    }
    for &node in group {
        let key = signature(&locals[node], |r| format!("g{}", class[r]));
        interner.entry(key).or_insert(class[node]);
    }
}

/// A type's local key followed by the names of what it references.
fn signature(local: &(String, Vec<TypeId>), name: impl Fn(usize) -> String) -> String {
    let (key, refs) = local;
    let referenced: Vec<String> = refs.iter().map(|r| name(r.0)).collect();
    format!("{key}|{}", referenced.join(","))
}

/// Numbers keys by first appearance.
fn intern(keys: impl Iterator<Item = String>) -> Vec<usize> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    keys.map(|key| {
        let next = seen.len();
        *seen.entry(key).or_insert(next)
    })
    .collect()
}

/// A type's structure with named references abstracted to `#`, plus the
/// referenced ids in the order the `#`s appear.
fn local_key(index: usize, def: &TypeDef) -> (String, Vec<TypeId>) {
    let mut refs = Vec::new();
    let key = match &def.shape {
        Shape::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{:?}:{}{}:{}{:?}",
                        f.wire,
                        f.required,
                        f.nullable,
                        ty_key(&f.ty, &mut refs),
                        f.deprecated
                    )
                })
                .collect();
            let additional = s.additional.as_ref().map(|ty| ty_key(ty, &mut refs));
            format!(
                "struct{}{{{}}}{additional:?}",
                s.min_properties,
                fields.join(",")
            )
        }
        // Each value with the name a human gave it: the same values named
        // differently (`[red, blue]` as `[Warm, Cold]` vs `[blue, red]` as
        // `[Warm, Cold]`) are different types.
        Shape::StringEnum(e) => {
            let mut values: Vec<(&str, Option<&str>)> = e
                .variants
                .iter()
                .map(|v| (v.wire.as_str(), v.explicit.as_deref()))
                .collect();
            values.sort_unstable();
            format!("strenum{values:?}")
        }
        Shape::IntEnum(e) => {
            let mut values: Vec<(i64, Option<&str>)> = e
                .variants
                .iter()
                .map(|v| (v.wire, v.explicit.as_deref()))
                .collect();
            values.sort_unstable();
            format!("intenum{values:?}")
        }
        Shape::OneOf(o) => {
            let variants: Vec<String> = o
                .variants
                .iter()
                .map(|v| {
                    format!(
                        "{:?}{:?}{:?}:{}",
                        v.format,
                        v.explicit,
                        v.tag,
                        ty_key(&v.ty, &mut refs)
                    )
                })
                .collect();
            format!("oneof{:?}[{}]", o.discriminator, variants.join(","))
        }
        // Aliases are the names of component schemas; two components that are
        // both "a string" mean different things, so aliases never merge.
        Shape::Alias(_) | Shape::Newtype(_) => format!("alias#{index}"),
    };
    // A deprecated schema and a live copy of it are two types: users of the
    // live one must not be warned, nor the deprecation lost.
    let key = match &def.deprecated {
        Some(note) => format!("{key} deprecated {note:?}"),
        None => key,
    };
    (key, refs)
}

fn ty_key(ty: &Ty, refs: &mut Vec<TypeId>) -> String {
    match ty {
        Ty::Named(id) => {
            refs.push(*id);
            "#".to_owned()
        }
        Ty::Array(inner) => format!("[{}]", ty_key(inner, refs)),
        Ty::Map(inner) => format!("{{{}}}", ty_key(inner, refs)),
        other => format!("{other:?}"),
    }
}
