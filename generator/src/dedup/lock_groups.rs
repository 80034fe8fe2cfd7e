//! Deduplication guided by the API lock: a type published once stays one
//! type, and two published types stay two.
//!
//! Structural deduplication alone would let a vendor edit rename the
//! crate's API: two copies of the timezone list that were one `Timezone`
//! split into two types when one copy gains a value (and a field changes
//! type), and two types that become identical merge (and a name vanishes).
//! Here copies recorded as one type whose structures now differ are
//! unified when one type can hold both (enums: the values of both; objects:
//! the members of both), loudly; and identical schemas recorded as
//! different types are kept apart.

use crate::diagnostics::{Reporter, codes};
use crate::ir::{EnumVariant, Field, Shape, Struct, TypeDef, TypeSpace};
use crate::lock::ApiLock;
use std::collections::{BTreeMap, BTreeSet};

/// How many differing values or members a warning lists.
const LISTED: usize = 5;

/// The lock entry (its key) each type was published as, if any.
fn published_groups(lock: &ApiLock, types: &TypeSpace) -> Vec<Option<Vec<String>>> {
    crate::lock::keys::published(lock, types)
        .into_iter()
        .map(|entry| entry.map(|e| e.key.clone()))
        .collect()
}

/// Each type's published identity, as a number: its own lock entry's, or,
/// for a type not published yet, that of the first published type of its
/// structural class (so a new copy of a published type joins it); `None`
/// when its class holds no published type. An empty result without a lock.
pub(super) fn groups(types: &TypeSpace, lock: &ApiLock, classes: &[usize]) -> Vec<Option<usize>> {
    if lock.entries.is_empty() {
        return Vec::new();
    }
    let mut numbers: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    let mut own: Vec<Option<usize>> = Vec::with_capacity(types.types.len());
    for group in published_groups(lock, types) {
        own.push(group.map(|g| {
            let next = numbers.len();
            *numbers.entry(g).or_insert(next)
        }));
    }
    let mut first_of_class: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, group) in own.iter().enumerate() {
        if let Some(group) = group {
            first_of_class.entry(classes[index]).or_insert(*group);
        }
    }
    own.iter()
        .enumerate()
        .map(|(index, group)| group.or_else(|| first_of_class.get(&classes[index]).copied()))
        .collect()
}

/// What [`unify_diverged`] did: the classes to merge by when it unified
/// anything, and the groups it could not unify (reported once no round
/// unifies more).
pub(super) struct Unified {
    pub(super) classes: Option<Vec<usize>>,
    /// The warnings for the groups it unified.
    pub(super) unified: Vec<Diverged>,
    /// The warnings for the groups it could not unify.
    pub(super) failures: Vec<Diverged>,
}

/// The warning for one group of schemas published as one type that differ
/// now: the schemas' places, and what happened.
pub(super) struct Diverged {
    pointers: Vec<String>,
    message: String,
}

impl Diverged {
    /// Reports at the second schema (the first keeps the published type),
    /// with each other schema as a related place.
    pub(super) fn report(self, report: &mut Reporter<'_>) {
        let Some(at) = self.pointers.get(1) else {
            return;
        };
        let others: Vec<_> = self
            .pointers
            .iter()
            .enumerate()
            .filter(|&(index, _)| index != 1)
            .map(|(_, pointer)| report.at(pointer))
            .collect();
        let warning = report.warning(codes::PUBLISHED_TYPE_DIVERGED, at, self.message);
        for place in others {
            warning.also_at(place, "published as the same type");
        }
    }
}

/// Unifies types published as one that now differ. Returns the classes to
/// merge by (the unified types share their first member's), or `None` when
/// no group has several types.
pub(super) fn unify_diverged(types: &mut TypeSpace, lock: &ApiLock) -> Unified {
    let mut failures = Vec::new();
    let mut unified = Vec::new();
    let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (index, group) in published_groups(lock, types).into_iter().enumerate() {
        if let Some(group) = group {
            groups.entry(group).or_default().push(index);
        }
    }
    let mut classes: Vec<usize> = (0..types.types.len()).collect();
    let mut unified_any = false;
    for (group, members) in groups.iter().filter(|(_, m)| m.len() > 1) {
        let name = lock.get(group).map(|e| e.name.as_str()).unwrap_or_default();
        let shapes: Vec<&Shape> = members.iter().map(|&m| &types.types[m].shape).collect();
        let pointers: Vec<String> = members
            .iter()
            .map(|&m| first_pointer(&types.types[m]))
            .collect();
        match union(&shapes) {
            Ok((shape, differences)) => {
                unified.push(Diverged {
                    message: format!(
                        "the schemas at {} were one type, `{name}`, in the API lock and now differ ({differences}); \
                         they stay one type `{name}` holding what each allows, so no field changes type. \
                         If they are meant to be different types, give one an `x-rust-name` (a breaking change for the fields that use it)",
                        pointers.join(" and "),
                    ),
                    pointers,
                });
                types.types[members[0]].shape = shape;
                for &member in &members[1..] {
                    classes[member] = members[0];
                }
                unified_any = true;
            }
            Err(why) => failures.push(Diverged {
                message: format!(
                    "the schemas at {} were one type, `{name}`, in the API lock and can no longer be one ({why}); \
                     `{name}` stays the type at {}, and the others become new types, so the fields that use them \
                     change type: a breaking change (the change report lists them)",
                    pointers.join(" and "),
                    pointers[0],
                ),
                pointers,
            }),
        }
    }
    Unified {
        classes: unified_any.then_some(classes),
        unified,
        failures,
    }
}

fn first_pointer(def: &TypeDef) -> String {
    def.pointer().to_owned()
}

/// One shape holding every one of `shapes`, and what set them apart.
fn union(shapes: &[&Shape]) -> Result<(Shape, String), String> {
    match shapes {
        [Shape::StringEnum(first), rest @ ..] => {
            let mut merged = first.clone();
            let others = rest.iter().map(|s| match s {
                Shape::StringEnum(e) => Ok(&e.variants),
                _ => Err("an enum became another kind of schema".to_owned()),
            });
            let added = union_values(&mut merged.variants, others)?;
            Ok((Shape::StringEnum(merged), added))
        }
        [Shape::IntEnum(first), rest @ ..] => {
            let mut merged = first.clone();
            let others = rest.iter().map(|s| match s {
                Shape::IntEnum(e) => Ok(&e.variants),
                _ => Err("an enum became another kind of schema".to_owned()),
            });
            let added = union_values(&mut merged.variants, others)?;
            Ok((Shape::IntEnum(merged), added))
        }
        [Shape::Struct(first), rest @ ..] => {
            let others: Result<Vec<&Struct>, String> = rest
                .iter()
                .map(|s| match s {
                    Shape::Struct(s) => Ok(s),
                    _ => Err("an object became another kind of schema".to_owned()),
                })
                .collect();
            union_structs(first, &others?).map(|(s, d)| (Shape::Struct(s), d))
        }
        _ => Err("only enums and objects can be unified".to_owned()),
    }
}

/// Appends the values of `others` missing from `merged`; says which values
/// not every copy has. Linear in the values (sets of their wire text).
fn union_values<'a, T: Clone + std::fmt::Display + 'a>(
    merged: &mut Vec<EnumVariant<T>>,
    others: impl Iterator<Item = Result<&'a Vec<EnumVariant<T>>, String>>,
) -> Result<String, String> {
    let wires = |values: &[EnumVariant<T>]| -> BTreeSet<String> {
        values.iter().map(|v| v.wire.to_string()).collect()
    };
    let mut copies: Vec<BTreeSet<String>> = vec![wires(merged)];
    let mut present = copies[0].clone();
    for other in others {
        let other = other?;
        for value in other {
            if present.insert(value.wire.to_string()) {
                merged.push(value.clone());
            }
        }
        copies.push(wires(other));
    }
    let differing: Vec<String> = merged
        .iter()
        .map(|v| v.wire.to_string())
        .filter(|w| !copies.iter().all(|c| c.contains(w)))
        .map(|w| format!("`{w}`"))
        .collect();
    let listed = differing.len().min(LISTED);
    let more = match differing.len() - listed {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    Ok(format!(
        "values not in every copy: {}{more}",
        differing[..listed].join(", ")
    ))
}

/// The members of all copies: one only some copies have is optional; a
/// member typed differently in two copies cannot be unified.
fn union_structs(first: &Struct, others: &[&Struct]) -> Result<(Struct, String), String> {
    let mut merged = first.clone();
    let mut differing = Vec::new();
    for other in others {
        if other.additional != merged.additional {
            return Err("one copy keeps undeclared members and another does not".to_owned());
        }
        merged.min_properties = merged.min_properties.min(other.min_properties);
        for field in &other.fields {
            match merged.fields.iter_mut().find(|f| f.wire == field.wire) {
                Some(kept) if kept.ty != field.ty => {
                    return Err(format!("member `{}` has different types", field.wire));
                }
                Some(kept) => {
                    kept.required &= field.required;
                    kept.nullable |= field.nullable;
                }
                None => {
                    differing.push(format!("`{}`", field.wire));
                    merged.fields.push(optional(field));
                }
            }
        }
        for kept in &mut merged.fields {
            if !other.fields.iter().any(|f| f.wire == kept.wire) {
                if !differing.contains(&format!("`{}`", kept.wire)) {
                    differing.push(format!("`{}`", kept.wire));
                }
                *kept = optional(kept);
            }
        }
    }
    differing.truncate(LISTED);
    Ok((
        merged,
        format!("members not in every copy: {}", differing.join(", ")),
    ))
}

fn optional(field: &Field) -> Field {
    Field {
        required: false,
        required_position: None,
        ..field.clone()
    }
}
