//! Schemas that moved: a type the API lock published whose places are all
//! gone, found again where a schema of the same structure appeared.
//!
//! Export tools rename components and move schemas between inline places
//! and `components` at will (`inline_response_202_response` is such a
//! tool's name). The lock keys types by place, so without this pass such a
//! move renames the type: a breaking release for a change that changed
//! nothing. Here each published type none of whose places holds a type any
//! more ("vanished") is compared, by structural digest
//! ([`crate::ir::structure`]), with the types none of whose places the lock
//! knows ("fresh"). When one vanished type has the structure of a fresh
//! group (copies of one schema, which deduplication makes one type), the
//! lock is read as if the type had always been at its new places: its key,
//! name and members are kept, and the change report says it moved. Two
//! vanished types of one structure are not told apart by guessing: the
//! fresh type is new, and a warning says why.
//!
//! The same pairing tells where each old place went ([`Moves::place`]), so
//! an overlay action whose target named a moved schema is told the target
//! to write instead (`overlay/retarget.rs`).

mod lone;
mod pairing;
mod places;
mod references;

use crate::diagnostics::Reporter;
use crate::ir::{Api, TypeSpace};
use crate::lock::{ApiLock, Entry, kind};
use crate::reference::unescape_token;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use pairing::{MAX_ROUNDS, Paired};
pub(crate) use places::Place;

/// What moved since the lock was written.
#[derive(Debug, Default)]
pub(crate) struct Moves {
    /// Key of a published type → the places (lock pointers) it is at now.
    moved: BTreeMap<Vec<String>, Vec<String>>,
    /// Old place (lock pointer) → where it went, for retargeting overlays.
    places: BTreeMap<String, Place>,
    /// Renamed components (old name → new) of types the lock knows: an
    /// alternative is known by the component it refers to.
    renames: BTreeMap<String, String>,
}

impl Moves {
    /// Where the node at `pointer` (an old place, or inside one) went: the
    /// deepest moved place at or above it, with the rest of `pointer`.
    pub(crate) fn place<'p>(&self, pointer: &'p str) -> Option<(&Place, &'p str)> {
        crate::reference::by_longest_prefix(pointer, |prefix| self.places.get(prefix))
    }

    /// `lock` as if every moved type had always been where it is now.
    pub(crate) fn applied<'l>(&self, lock: &'l ApiLock) -> Cow<'l, ApiLock> {
        if self.moved.is_empty() {
            return alternatives_renamed(lock, &self.renames);
        }
        let moved = lock.entries.values().map(|entry| {
            let mut entry = entry.clone();
            if let Some(now) = self.moved.get(&entry.key) {
                entry.pointers.clone_from(now);
            }
            entry
        });
        let mut moved = ApiLock::from_entries(moved);
        moved.keep_place_of(lock);
        Cow::Owned(alternatives_renamed(&moved, &self.renames).into_owned())
    }
}

/// Finds the published types of `lock` that moved in `api` (lowered, with
/// lock pointers assigned, before deduplication). `source` gives the
/// author's pointer of a pointer of the loaded document `raw`. Ambiguities
/// are warned about in `file`.
pub(crate) fn detect(
    lock: &ApiLock,
    api: &Api,
    raw: &serde_json::Value,
    source: &dyn Fn(&str) -> String,
    report: &mut Reporter<'_>,
) -> Moves {
    let mut moves = Moves::default();
    let types = &api.types;
    let current = current_places(types);
    let vanished = vanished(lock, &current);
    // Usually nothing the lock knows is gone, and there is nothing to do.
    if vanished.is_empty() && !component_gone(lock, &current) {
        return moves;
    }
    let digests: Vec<String> = types.types.iter().map(|d| d.structure.clone()).collect();
    let candidates = candidates(lock, types);
    let mut by_structure: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, entry) in vanished.iter().enumerate() {
        if !entry.structure.is_empty() {
            by_structure
                .entry(entry.structure.as_str())
                .or_default()
                .push(index);
        }
    }
    let mut of_structure: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        of_structure
            .entry(digests[candidate[0]].as_str())
            .or_default()
            .push(index);
    }
    // One published type and one candidate of a structure left unpaired:
    // the same type. Several: the types that refer to them tell them
    // apart, and what they pair may leave one of each of another structure.
    let structures = lone::Structures {
        types,
        vanished: &vanished,
        candidates: &candidates,
        by_structure: &by_structure,
        of_structure: &of_structure,
        raw,
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let before = pairs.len();
        let lone = lone::one_to_one(&structures, &pairs);
        pairs.extend(lone);
        let told_apart = references::pair(lock, api, &vanished, &candidates, &digests, &pairs);
        pairs.extend(told_apart);
        if pairs.len() == before {
            break;
        }
    }
    for unpaired in structures.unpaired(&pairs) {
        if !unpaired.news.is_empty() && !unpaired.olds.is_empty() {
            let olds: Vec<&Entry> = unpaired.olds.iter().map(|&o| vanished[o]).collect();
            warn_ambiguous(types, &candidates, &unpaired.news, &olds, report);
        }
    }
    // Types whose structure changed too (an overlay that stopped applying
    // changed it) are paired by their members, for overlays only.
    let loose = places::pair_by_members(lock, &vanished, types, &candidates, &pairs);
    for (old, new) in &pairs {
        let now: Vec<String> = candidates[*new]
            .iter()
            .flat_map(|&i| types.types[i].lock_pointers.iter().cloned())
            .collect();
        moves.moved.insert(vanished[*old].key.clone(), now);
    }
    let paired = Paired {
        vanished: &vanished,
        candidates: &candidates,
        same: &pairs,
        loose: &loose,
    };
    moves.places = places_of(lock, api, &paired, raw, source);
    moves.renames = moves
        .places
        .iter()
        .filter(|(_, place)| place.same_structure)
        .filter_map(|(old, place)| Some((component_name(old)?, component_name(&place.loaded)?)))
        .chain(joined_renames(lock, types, &current, &candidates, &pairs))
        .filter(|(old, new)| old != new)
        .collect();
    moves
}

/// Components renamed among copies that stay: a published type held
/// component `A` and copies elsewhere, `A` is gone, and a new component of
/// the type's structure joins the copies (deduplication makes it the same
/// type): `A` → the new one.
fn joined_renames(
    lock: &ApiLock,
    types: &TypeSpace,
    current: &BTreeSet<&str>,
    candidates: &[Vec<usize>],
    pairs: &[(usize, usize)],
) -> Vec<(String, String)> {
    let classes = crate::ir::classes::structural_classes(types);
    let published = crate::lock::keys::published(lock, types);
    let mut entry_of_class: BTreeMap<usize, &Entry> = BTreeMap::new();
    for (index, entry) in published.iter().enumerate() {
        if let Some(entry) = entry {
            entry_of_class.entry(classes[index]).or_insert(entry);
        }
    }
    let paired: BTreeSet<usize> = pairs.iter().map(|(_, n)| *n).collect();
    let mut out = Vec::new();
    for (index, group) in candidates.iter().enumerate() {
        let Some(&first) = group.first() else {
            continue;
        };
        if paired.contains(&index) {
            continue;
        }
        let new: Vec<String> = group
            .iter()
            .flat_map(|&i| types.types[i].lock_pointers.iter())
            .filter_map(|p| component_name(p))
            .collect();
        let Some(entry) = entry_of_class.get(&classes[first]) else {
            continue;
        };
        let gone: Vec<String> = entry
            .pointers
            .iter()
            .filter(|p| !current.contains(p.as_str()))
            .filter_map(|p| component_name(p))
            .collect();
        if let ([old], [new]) = (gone.as_slice(), new.as_slice()) {
            out.push((old.clone(), new.clone()));
        }
    }
    out
}

/// Where each old place went. Copies of a type are told apart by the fields
/// that refer to them, which needs to know which copy of each parent is
/// the one the lock recorded: the places found so far say, so this runs
/// until nothing more is found, at most [`MAX_ROUNDS`] times.
fn places_of(
    lock: &ApiLock,
    api: &Api,
    paired: &Paired<'_>,
    raw: &serde_json::Value,
    source: &dyn Fn(&str) -> String,
) -> BTreeMap<String, Place> {
    let mut found: BTreeMap<String, Place> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let referred = references::referred_places(lock, api, paired, &found);
        let mut next = BTreeMap::new();
        for (pairs, same_structure) in [(paired.same, true), (paired.loose, false)] {
            for (old, new) in pairs {
                let group = &paired.candidates[*new];
                let new_places = places::new_places(&api.types, group, source);
                let entry = paired.vanished[*old];
                places::pair(
                    entry,
                    &new_places,
                    raw,
                    &referred,
                    same_structure,
                    &mut next,
                );
            }
        }
        places::add_referred(paired.vanished, &referred, source, &mut next);
        if next == found {
            break;
        }
        found = next;
    }
    found
}

/// The fresh types (none of whose places the lock knows), as candidates
/// for a vanished type: the copies deduplication will merge into one type
/// are one candidate (an alias never merges: two components that are both
/// "a string" mean different things).
fn candidates(lock: &ApiLock, types: &TypeSpace) -> Vec<Vec<usize>> {
    let classes = crate::ir::classes::structural_classes(types);
    let mut by_class: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (index, def) in types.types.iter().enumerate() {
        if def.lock_pointers.iter().any(|p| lock.type_at(p).is_some()) {
            continue;
        }
        match by_class.get(&classes[index]) {
            Some(&at) => out[at].push(index),
            None => {
                by_class.insert(classes[index], out.len());
                out.push(vec![index]);
            }
        }
    }
    out
}

/// Every place that holds a type now (lock pointers).
fn current_places(types: &TypeSpace) -> BTreeSet<&str> {
    types
        .types
        .iter()
        .flat_map(|def| def.lock_pointers.iter().map(String::as_str))
        .collect()
}

/// Whether a component that held a published type holds none now.
fn component_gone(lock: &ApiLock, current: &BTreeSet<&str>) -> bool {
    lock.entries
        .values()
        .filter(|e| e.kind() == kind::TYPE)
        .flat_map(|e| &e.pointers)
        .any(|p| component_name(p).is_some() && !current.contains(p.as_str()))
}

/// The type entries of `lock` none of whose places holds a type now.
fn vanished<'l>(lock: &'l ApiLock, current: &BTreeSet<&str>) -> Vec<&'l Entry> {
    lock.entries
        .values()
        .filter(|e| e.kind() == kind::TYPE)
        .filter(|e| !e.pointers.iter().any(|p| current.contains(p.as_str())))
        .collect()
}

/// How many places and names one ambiguity warning lists.
const LISTED: usize = 5;

/// One warning for a structure whose published types and new schemas
/// could not be paired, at the first new schema.
fn warn_ambiguous(
    types: &TypeSpace,
    candidates: &[Vec<usize>],
    news: &[usize],
    olds: &[&Entry],
    report: &mut Reporter<'_>,
) {
    let places: Vec<&str> = news
        .iter()
        .filter_map(|&n| candidates[n].first())
        .filter_map(|&i| types.types[i].origins.first())
        .map(|o| o.pointer.as_str())
        .collect();
    let Some(first) = places.first() else {
        return;
    };
    let listed = |items: Vec<String>| -> String {
        let more = items.len().saturating_sub(LISTED);
        let mut shown: Vec<String> = items.into_iter().take(LISTED).collect();
        if more > 0 {
            shown.push(format!("{more} more"));
        }
        shown.join(", ")
    };
    let new_places = listed(places.iter().map(|p| format!("`{p}`")).collect());
    let old_types = listed(
        olds.iter()
            .map(|e| format!("`{}` (at `{}`)", e.name, e.at))
            .collect(),
    );
    let others: Vec<_> = places[1..].iter().map(|p| report.at(*p)).collect();
    let warning = report.warning(crate::diagnostics::codes::AMBIGUOUS_MOVE,
        *first,
        format!(
            "{} new schema(s) of one structure ({new_places}) and {} published type(s) of it whose places are all gone ({old_types}): which is which cannot be told (nothing that refers to them tells them apart), so each new one is taken for none and gets a name of its own; set `x-rust-name` to keep a published name",
            places.len(),
            olds.len()
        ),
    );
    for other in others {
        warning.also_at(other, "another new schema of this structure");
    }
}

/// The name of a component schema's own place (`/components/schemas/Pet`).
pub(crate) fn component_name(pointer: &str) -> Option<String> {
    let name = pointer.strip_prefix("/components/schemas/")?;
    (!name.is_empty() && !name.contains('/')).then(|| unescape_token(name))
}

/// `lock` with each alternative known by a renamed component (`ref Old`)
/// known by its new name (`ref New`).
pub(crate) fn alternatives_renamed<'l>(
    lock: &'l ApiLock,
    renames: &BTreeMap<String, String>,
) -> Cow<'l, ApiLock> {
    let renamed = |entry: &Entry| -> Option<String> {
        let identity = entry.key.get(2)?.strip_prefix("ref ")?;
        let new = renames.get(identity)?;
        Some(format!("ref {new}"))
    };
    if renames.is_empty()
        || !lock
            .entries
            .values()
            .any(|e| e.kind() == kind::ALTERNATIVE && renamed(e).is_some())
    {
        return Cow::Borrowed(lock);
    }
    let mut renamed_lock = ApiLock::from_entries(lock.entries.values().map(|entry| {
        let mut entry = entry.clone();
        if entry.kind() == kind::ALTERNATIVE
            && let Some(identity) = renamed(&entry)
        {
            entry.key[2] = identity;
        }
        entry
    }));
    renamed_lock.keep_place_of(lock);
    Cow::Owned(renamed_lock)
}
