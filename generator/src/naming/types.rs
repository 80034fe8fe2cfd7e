//! Type names: a human's, the lock's, else the best-ranked source's,
//! numbered (with a warning) when two schemas would share one.

use super::{Names, numbered_free};
use crate::diagnostics::{Reporter, codes, pointer_push};
use crate::idents::{is_plain_ident, type_ident};
use crate::ir::{Api, NameSource, Shape, TypeId};
use crate::lock::ApiLock;
use heck::ToUpperCamelCase;
use std::collections::BTreeMap;

pub(super) fn name_types(
    api: &Api,
    lock: &ApiLock,
    keys: &[Vec<String>],
    names: &mut Names,
    report: &mut Reporter<'_>,
) {
    for origin in api.types.types.iter().flat_map(|t| &t.origins) {
        if let NameSource::Explicit(name) = &origin.name
            && !is_plain_ident(name)
        {
            report.error(codes::UNUSABLE_EXPLICIT_NAME,
                pointer_push(&origin.pointer, "x-rust-name"),
                format!("`x-rust-name: {name}` is not a usable Rust type name (ASCII letters, digits and `_`, not a keyword)"),
            );
        }
    }
    let count = api.types.types.len();
    let locked: Vec<Option<String>> = keys
        .iter()
        .map(|key| lock.name(key).map(str::to_owned))
        .collect();
    // Order of assignment: human-chosen names, then names in the lock, then
    // the best-ranked source, then spec order: a published name is never
    // taken by a newcomer, a component keeps its own name, and inline
    // copies fall back.
    let mut order: Vec<TypeId> = api.types.ids().collect();
    order.sort_by_key(|id| {
        let def = api.types.get(*id);
        let rank = def
            .origins
            .iter()
            .map(|o| o.name.rank())
            .min()
            .unwrap_or(u8::MAX);
        let tier = match (rank, &locked[id.0]) {
            (0, _) => 0,
            (_, Some(_)) => 1,
            _ => 2,
        };
        // Ties break on where the schema is, never on the order lowering
        // met it (which is the document's order).
        let identity = def.origins.iter().map(|o| o.pointer.as_str()).min();
        (tier, rank, identity, id.0)
    });

    let mut chosen: Vec<Option<String>> = vec![None; count];
    let mut taken: BTreeMap<String, TypeId> = BTreeMap::new();
    for id in order {
        assign_type_name(
            api,
            names,
            &locked,
            id,
            &mut chosen,
            &mut taken,
            &mut Vec::new(),
            report,
        );
    }
    for (id, name) in api.types.ids().zip(chosen) {
        names.ty_mut(id).name = name.unwrap_or_default();
    }
}

#[allow(clippy::too_many_arguments)] // the naming pass's state, threaded through one recursion
fn assign_type_name(
    api: &Api,
    named: &Names,
    locked: &[Option<String>],
    id: TypeId,
    names: &mut Vec<Option<String>>,
    taken: &mut BTreeMap<String, TypeId>,
    visiting: &mut Vec<TypeId>,
    report: &mut Reporter<'_>,
) -> Option<String> {
    if let Some(name) = &names[id.0] {
        return Some(name.clone());
    }
    if visiting.contains(&id) {
        return None;
    }
    visiting.push(id);
    let def = api.types.get(id);
    let mut origins: Vec<&crate::ir::Origin> = def.origins.iter().collect();
    origins.sort_by(|a, b| (a.name.rank(), &a.pointer).cmp(&(b.name.rank(), &b.pointer)));
    let sources = origins.iter().map(|o| &o.name);

    let mut candidates: Vec<String> = Vec::new();
    for source in sources {
        let candidate = match source {
            NameSource::Explicit(name)
            | NameSource::Component(name)
            | NameSource::ComponentResponse(name)
            | NameSource::Pointer(name) => Some(type_ident(name)),
            NameSource::Operation { operation, suffix } => named
                .operations()
                .get(operation.0)
                .map(|op| type_ident(&format!("{}_{}", op.method, suffix))),
            NameSource::Nested { parent, suffix } => {
                let parent_name =
                    assign_type_name(api, named, locked, *parent, names, taken, visiting, report);
                parent_name.map(|p| {
                    let suffix = match suffix.strip_prefix('#') {
                        Some(index) => one_of_variant_suffix(api, named, *parent, index),
                        None => suffix.clone(),
                    };
                    type_ident(&format!("{p}_{}", suffix.to_upper_camel_case()))
                })
            }
        };
        if let Some(candidate) = candidate.filter(|c| !c.is_empty() && !candidates.contains(c)) {
            candidates.push(candidate);
        }
    }
    visiting.pop();
    // The published name comes right after a human-chosen one.
    if let Some(name) = &locked[id.0] {
        let explicit = usize::from(def.origins.iter().any(|o| o.name.rank() == 0));
        if !candidates.iter().take(explicit).any(|c| c == name) {
            candidates.retain(|c| c != name);
            candidates.insert(explicit.min(candidates.len()), name.clone());
        }
    }

    let explicit = def.origins.iter().find_map(|o| match &o.name {
        NameSource::Explicit(name) => Some(type_ident(name)),
        _ => None,
    });
    let free = candidates.iter().find(|c| !taken.contains_key(*c)).cloned();
    let name = match (free, explicit) {
        // A human-chosen name is never replaced by a fallback.
        (Some(free), Some(explicit)) if free != explicit => {
            report_type_collision(api, id, &explicit, taken, report);
            explicit
        }
        (Some(free), _) => free,
        (None, Some(explicit)) => {
            report_type_collision(api, id, &explicit, taken, report);
            format!("{explicit}{}", id.0)
        }
        // Two different schemas whose derived names coincide: the later one
        // is numbered, and the maintainer is told how to name it instead.
        (None, None) => {
            let first = candidates
                .first()
                .cloned()
                .unwrap_or_else(|| format!("Type{}", id.0));
            let numbered = numbered_free(&first, |n| taken.contains_key(n));
            report_numbered_type(api, id, &first, &numbered, taken, report);
            numbered
        }
    };
    taken.entry(name.clone()).or_insert(id);
    names[id.0] = Some(name.clone());
    Some(name)
}

/// Where the type `id` is, and where the type already named `name` is.
fn collision_pointers(
    api: &Api,
    id: TypeId,
    name: &str,
    taken: &BTreeMap<String, TypeId>,
) -> (String, String) {
    let first_pointer = |id: TypeId| api.types.get(id).pointer().to_owned();
    let other = taken
        .get(name)
        .map(|o| first_pointer(*o))
        .unwrap_or_default();
    (first_pointer(id), other)
}

fn report_numbered_type(
    api: &Api,
    id: TypeId,
    name: &str,
    numbered: &str,
    taken: &BTreeMap<String, TypeId>,
    report: &mut Reporter<'_>,
) {
    let (here, other) = collision_pointers(api, id, name, taken);
    let related = report.at(other.clone());
    let diagnostic = report.warning(codes::RENAMED_TYPE,
        here,
        format!("type name `{name}` is already used by the different schema at {other}; this one is named `{numbered}` (set `x-rust-name` to choose)"),
    );
    also_at_other(diagnostic, &other, related, name);
}

fn report_type_collision(
    api: &Api,
    id: TypeId,
    name: &str,
    taken: &BTreeMap<String, TypeId>,
    report: &mut Reporter<'_>,
) {
    let (_, other) = collision_pointers(api, id, name, taken);
    // Both places where the name was chosen: this schema's `x-rust-name`,
    // and the other's when it has one.
    let related = report.at(taken
        .get(name)
        .map_or_else(|| other.clone(), |o| name_place(api, *o)));
    let diagnostic = report.error(codes::COLLIDING_EXPLICIT_TYPE_NAMES,
        name_place(api, id),
        format!("type name `{name}` is already used by the different schema at {other}; give one of them another `x-rust-name`"),
    );
    also_at_other(diagnostic, &other, related, name);
}

/// Where the type `id`'s name is chosen: its `x-rust-name`, else the schema.
fn name_place(api: &Api, id: TypeId) -> String {
    let def = api.types.get(id);
    def.origins
        .iter()
        .find(|o| matches!(o.name, NameSource::Explicit(_)))
        .map_or_else(
            || def.pointer().to_owned(),
            |o| pointer_push(&o.pointer, "x-rust-name"),
        )
}

/// Adds the schema already named `name` to a collision's places (unless no
/// schema holds it: a numbered fallback of a type with no name at all).
fn also_at_other(
    diagnostic: &mut crate::diagnostics::Diagnostic,
    other: &str,
    related: crate::diagnostics::Location,
    name: &str,
) {
    if !other.is_empty() {
        diagnostic.also_at(related, format!("the other schema named `{name}`"));
    }
}

/// The variant name used as a suffix for the payload type of a `oneOf` alternative.
fn one_of_variant_suffix(api: &Api, named: &Names, parent: TypeId, index: &str) -> String {
    let Shape::OneOf(_) = &api.types.get(parent).shape else {
        return format!("Variant{index}");
    };
    let Ok(index) = index.parse::<usize>() else {
        return format!("Variant{index}");
    };
    named
        .ty(parent)
        .members
        .get(index)
        .cloned()
        .unwrap_or_else(|| format!("Variant{index}"))
}
