//! Stage 4, deduplication: structurally identical types become one.
//!
//! In: the keyed [`crate::ir::Api`] and the (moved) lock; out: the same API
//! with each class of identical types merged into one and every reference
//! rewritten (`lock_groups`: what the lock published as one type stays one,
//! what it published apart stays apart).
//!
//! Vendor specs repeat themselves (the Fyno spec has 20+ copies of a
//! `{_message, status}` body and three copies of each channel token object).
//! Equality is decided by partition refinement, as in DFA minimisation, so
//! recursive types compare correctly: types start in classes by their local
//! shape, and classes split until every member's referenced types are in the
//! same classes. Descriptions and examples are not part of a type's
//! structure; the first occurrence's documentation is kept.

mod lock_groups;

use crate::diagnostics::{Reporter, codes, pointer_push};
use crate::ir::classes::classes;
use crate::ir::{Api, NameSource, Shape, Ty, TypeDef, TypeId, TypeSpace};
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
pub fn dedup(api: &mut Api, lock: &ApiLock, report: &mut Reporter<'_>) {
    // Each round merges at least two types, so there are at most as many
    // rounds as types; in practice one, two when a unified type's parents
    // become identical in turn.
    for _ in 0..=api.types.types.len() {
        let structural = classes(&api.types, &[]);
        // Published types split their classes, and the split reaches the
        // types that refer to them: classes are computed again with each
        // type's published identity as part of its structure.
        let groups = lock_groups::groups(&api.types, lock, &structural);
        let classes = if groups.iter().any(Option::is_some) {
            classes(&api.types, &groups)
        } else {
            structural
        };
        check_explicit_names(&api.types, &classes, report);
        merge_classes(api, &classes);
        let unified = lock_groups::unify_diverged(&mut api.types, lock);
        for diverged in unified.unified {
            diverged.report(report);
        }
        match unified.classes {
            Some(classes) => merge_classes(api, &classes),
            None => {
                // Only now: a parent that differs only through a child that
                // unifies in a later round is not reported as split.
                for diverged in unified.failures {
                    diverged.report(report);
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

/// The extension that names a type (as `ir` reads it).
const X_RUST_NAME: &str = "x-rust-name";

fn check_explicit_names(types: &TypeSpace, classes: &[usize], report: &mut Reporter<'_>) {
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
        // Each name where it is written: the first one's is the problem's
        // place, the others' are related to it.
        let mut places = explicit
            .iter()
            .map(|(name, pointer)| (name, pointer_push(pointer, X_RUST_NAME)));
        let Some((_, first)) = places.next() else {
            continue;
        };
        let others: Vec<_> = places
            .map(|(name, pointer)| {
                (
                    report.at(pointer),
                    format!("another of these schemas, named `{name}`"),
                )
            })
            .collect();
        let error = report.error(codes::MERGED_NAMES_DISAGREE,
            first,
            format!(
                "these schemas are structurally identical, so they are one type, but `x-rust-name` gives it several names: {}; use one name",
                listed.join(", ")
            ),
        );
        for (place, label) in others {
            error.also_at(place, label);
        }
    }
}
