//! Deduplication: structurally identical types become one.
//!
//! Vendor specs repeat themselves (the Fyno spec has 20+ copies of a
//! `{_message, status}` body and three copies of each channel token object).
//! Equality is decided by partition refinement, as in DFA minimisation, so
//! recursive types compare correctly: types start in classes by their local
//! shape, and classes split until every member's referenced types are in the
//! same classes. Descriptions and examples are not part of a type's
//! structure; the first occurrence's documentation is kept.

use super::{Api, NameSource, Shape, Ty, TypeDef, TypeId, TypeSpace};
use crate::diagnostics::{Diagnostics, Location};
use crate::lock::ApiLock;
use std::collections::BTreeMap;

/// Merges identical types in `api` and rewrites every reference.
///
/// Two merged occurrences carrying different `x-rust-name`s are an error:
/// one type cannot have two names.
///
/// Guided by the API lock (`lock`, see `lock_groups`): identical schemas
/// published as different types stay apart, and copies published as one
/// type that now differ are unified where one type can hold them.
pub fn dedup(api: &mut Api, lock: &ApiLock, file: &str, diags: &mut Diagnostics) {
    // Each round merges at least two types, so there are at most as many
    // rounds as types; in practice one, two when a unified type's parents
    // become identical in turn.
    for _ in 0..=api.types.types.len() {
        let structural = classes(&api.types, &[]);
        // Published types split their classes, and the split reaches the
        // types that refer to them: classes are computed again with each
        // type's published identity as part of its structure.
        let groups = super::lock_groups::groups(&api.types, lock, &structural);
        let classes = if groups.iter().any(Option::is_some) {
            classes(&api.types, &groups)
        } else {
            structural
        };
        check_explicit_names(&api.types, &classes, file, diags);
        merge_classes(api, &classes);
        let unified = super::lock_groups::unify_diverged(&mut api.types, lock, file);
        for (location, message) in unified.unified {
            diags.warning(location, message);
        }
        match unified.classes {
            Some(classes) => merge_classes(api, &classes),
            None => {
                // Only now: a parent that differs only through a child that
                // unifies in a later round is not reported as split.
                for (location, message) in unified.failures {
                    diags.warning(location, message);
                }
                return;
            }
        }
    }
}

/// Merges the types of each class into one (the first member's shape) and
/// rewrites every reference.
fn merge_classes(api: &mut Api, classes: &[usize]) {
    // New ids in order of each class's first member, so output order follows the spec.
    let mut new_id_of_class: BTreeMap<usize, TypeId> = BTreeMap::new();
    let mut remap = Vec::with_capacity(classes.len());
    for &class in classes {
        let next = TypeId(new_id_of_class.len());
        remap.push(*new_id_of_class.entry(class).or_insert(next));
    }

    let mut merged: Vec<Option<TypeDef>> = vec![None; new_id_of_class.len()];
    let mut conflicting_default = vec![false; new_id_of_class.len()];
    for (old, def) in std::mem::take(&mut api.types.types).into_iter().enumerate() {
        let slot = &mut merged[remap[old].0];
        match slot {
            None => *slot = Some(def),
            Some(kept) => {
                kept.origins.extend(def.origins);
                kept.lock_pointers.extend(def.lock_pointers);
                if kept.doc.is_none() {
                    kept.doc = def.doc;
                }
                // A default belongs to where a schema is used; merged copies
                // that disagree leave the type without one rather than pick.
                match (&kept.default, &def.default) {
                    (None, _) if !conflicting_default[remap[old].0] => kept.default = def.default,
                    (Some(a), Some(b)) if a != b => {
                        kept.default = None;
                        conflicting_default[remap[old].0] = true;
                    }
                    _ => {}
                }
            }
        }
    }
    api.types.types = merged.into_iter().flatten().collect();

    let map = |id: TypeId| remap[id.0];
    for def in &mut api.types.types {
        for origin in &mut def.origins {
            if let NameSource::Nested { parent, .. } = &mut origin.name {
                *parent = map(*parent);
            }
        }
        match &mut def.shape {
            Shape::Struct(s) => {
                s.fields.iter_mut().for_each(|f| remap_ty(&mut f.ty, &map));
                if let Some(ty) = &mut s.additional {
                    remap_ty(ty, &map);
                }
            }
            Shape::OneOf(o) => o
                .variants
                .iter_mut()
                .for_each(|v| remap_ty(&mut v.ty, &map)),
            Shape::Alias(ty) | Shape::Newtype(ty) => remap_ty(ty, &map),
            Shape::StringEnum(_) | Shape::IntEnum(_) => {}
        }
    }
    for op in &mut api.operations {
        let params = op
            .path_params
            .iter_mut()
            .chain(&mut op.query_params)
            .chain(&mut op.header_params)
            .chain(&mut op.cookie_params);
        params.for_each(|p| remap_ty(&mut p.ty, &map));
        if let Some(body) = &mut op.body {
            remap_ty(&mut body.ty, &map);
        }
        for response in &mut op.responses {
            if let Some(ty) = &mut response.ty {
                remap_ty(ty, &map);
            }
        }
    }
    for example in &mut api.examples {
        remap_ty(&mut example.ty, &map);
    }
}

fn remap_ty(ty: &mut Ty, map: &impl Fn(TypeId) -> TypeId) {
    match ty {
        Ty::Named(id) => *id = map(*id),
        Ty::Array(inner) | Ty::Map(inner) => remap_ty(inner, map),
        _ => {}
    }
}

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
fn classes(types: &TypeSpace, groups: &[Option<usize>]) -> Vec<usize> {
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

fn check_explicit_names(types: &TypeSpace, classes: &[usize], file: &str, diags: &mut Diagnostics) {
    let mut names: BTreeMap<usize, BTreeMap<&str, &str>> = BTreeMap::new();
    for (def, class) in types.types.iter().zip(classes) {
        for origin in &def.origins {
            if let NameSource::Explicit(name) = &origin.name {
                names
                    .entry(*class)
                    .or_default()
                    .entry(name)
                    .or_insert(&origin.pointer);
            }
        }
    }
    for explicit in names.values().filter(|n| n.len() > 1) {
        let listed: Vec<String> = explicit
            .iter()
            .map(|(name, pointer)| format!("`{name}` ({pointer})"))
            .collect();
        let pointer = explicit.values().next().copied().unwrap_or_default();
        diags.error(
            Location::new(file, pointer),
            format!(
                "these schemas are structurally identical, so they are one type, but `x-rust-name` gives it several names: {}; use one name",
                listed.join(", ")
            ),
        );
    }
}
