//! Where each old place of a moved type went: one place to another, for
//! the targets of overlay actions (a type's places as a whole are enough
//! for the lock).
//!
//! A type with one place before and one after moved from one to the other.
//! With several (copies merged into one type), an old place that now holds
//! a `$ref` to one of the new places was extracted to it (an inline schema
//! moved into `components`), and a lone component before and after was
//! renamed; other places are left unpaired rather than guessed.
//!
//! Types whose structure changed as well are paired by their members
//! ([`pair_by_members`]) for overlays only: an overlay correction that
//! stopped applying because its schema moved changes that schema's
//! structure, and the maintainer still needs to be told where it went.

use crate::ir::{Shape, TypeSpace};
use crate::lock::{ApiLock, Entry, kind};
use std::collections::{BTreeMap, BTreeSet};

/// Where an old place went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    /// The new place, as the author's document writes it.
    pub(crate) pointer: String,
    /// The new place in the loaded document.
    pub(crate) loaded: String,
    /// The published type that was there.
    pub(crate) type_name: String,
    /// True when the type at the new place has the same structure (it is
    /// the same type); false when only its members say so.
    pub(crate) same_structure: bool,
}

/// One place of a fresh type: its lock pointer, its pointer in the loaded
/// document and its pointer in the author's.
pub(super) struct NewPlace {
    lock: String,
    loaded: String,
    author: String,
}

/// The places of the fresh types `group`.
pub(super) fn new_places(
    types: &TypeSpace,
    group: &[usize],
    source: &dyn Fn(&str) -> String,
) -> Vec<NewPlace> {
    group
        .iter()
        .flat_map(|&i| {
            let def = &types.types[i];
            def.lock_pointers.iter().zip(&def.origins)
        })
        .map(|(lock, origin)| NewPlace {
            lock: lock.clone(),
            loaded: origin.pointer.clone(),
            author: source(&origin.pointer),
        })
        .collect()
}

/// Pairs the old places of `entry` with `new` places (see the module docs);
/// `referred` pairs places by the fields that refer to them.
pub(super) fn pair(
    entry: &Entry,
    new: &[NewPlace],
    raw: &serde_json::Value,
    referred: &BTreeMap<String, String>,
    same_structure: bool,
    out: &mut BTreeMap<String, Place>,
) {
    let mut paired: BTreeMap<&str, &NewPlace> = BTreeMap::new();
    match (entry.pointers.as_slice(), new) {
        ([old], [now]) => {
            paired.insert(old, now);
        }
        _ => {
            for old in &entry.pointers {
                let target = raw
                    .pointer(old)
                    .and_then(|node| node.get("$ref"))
                    .and_then(serde_json::Value::as_str)
                    .and_then(|r| crate::reference::local_pointer(r).ok());
                let target = target.or_else(|| referred.get(old).cloned());
                if let Some(now) = target.and_then(|t| new.iter().find(|n| n.loaded == t)) {
                    paired.insert(old, now);
                }
            }
            let old_components: Vec<&str> = entry
                .pointers
                .iter()
                .map(String::as_str)
                .filter(|p| is_component(p) && !paired.contains_key(p))
                .collect();
            let taken: BTreeSet<&str> = paired.values().map(|n| n.lock.as_str()).collect();
            let new_components: Vec<&NewPlace> = new
                .iter()
                .filter(|n| is_component(&n.lock) && !taken.contains(n.lock.as_str()))
                .collect();
            if let ([old], [now]) = (old_components.as_slice(), new_components.as_slice()) {
                paired.insert(old, now);
            }
        }
    }
    for (old, now) in paired {
        out.insert(
            old.to_owned(),
            Place {
                pointer: now.author.clone(),
                loaded: now.loaded.clone(),
                type_name: entry.name.clone(),
                same_structure,
            },
        );
    }
}

/// The places of `vanished` types (of another structure now) that fields
/// the lock knows refer to elsewhere in their stead, where nothing else
/// said where they went.
pub(super) fn add_referred(
    vanished: &[&Entry],
    referred: &BTreeMap<String, String>,
    source: &dyn Fn(&str) -> String,
    out: &mut BTreeMap<String, Place>,
) {
    for entry in vanished {
        for old in &entry.pointers {
            if let (Some(now), false) = (referred.get(old), out.contains_key(old)) {
                out.insert(
                    old.clone(),
                    Place {
                        pointer: source(now),
                        loaded: now.clone(),
                        type_name: entry.name.clone(),
                        same_structure: false,
                    },
                );
            }
        }
    }
}

/// A component schema's own place (`/components/schemas/<name>`).
fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// A member posting list longer than this is not looked through (`id`,
/// `name`): the pairing stays linear, and such members tell little apart.
const MAX_SHARED: usize = 64;

/// How much of two member sets must be shared (of their union) for a
/// vanished and a fresh type to be taken for each other.
const MIN_SHARED_PERCENT: usize = 60;

/// Pairs the vanished types no candidate of their structure was paired
/// with and the candidates left by their members (field keys, enum values,
/// alternatives): where each is the other's one best match, and they share
/// most members. Returns (index into `vanished`, index into `candidates`).
pub(super) fn pair_by_members(
    lock: &ApiLock,
    vanished: &[&Entry],
    types: &TypeSpace,
    candidates: &[Vec<usize>],
    paired: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let paired_old: BTreeSet<usize> = paired.iter().map(|(o, _)| *o).collect();
    let paired_new: BTreeSet<usize> = paired.iter().map(|(_, n)| *n).collect();
    let olds: Vec<usize> = (0..vanished.len())
        .filter(|o| !paired_old.contains(o))
        .collect();
    let news: Vec<usize> = (0..candidates.len())
        .filter(|n| !paired_new.contains(n))
        .collect();
    if olds.is_empty() || news.is_empty() {
        return Vec::new();
    }
    let unpaired: Vec<&Entry> = olds.iter().map(|&o| vanished[o]).collect();
    let old_members = published_members(lock, &unpaired);
    let new_members: Vec<BTreeSet<String>> = news
        .iter()
        .map(|&n| members(types, candidates[n][0]))
        .collect();
    let mut posting: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, set) in new_members.iter().enumerate() {
        for member in set {
            posting.entry(member).or_default().push(index);
        }
    }
    let mut best_of_new: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    let mut best_of_old: Vec<Option<usize>> = vec![None; unpaired.len()];
    for (old_index, entry) in unpaired.iter().enumerate() {
        let Some(set) = old_members.get(&entry.key[1..]) else {
            continue;
        };
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for member in set {
            match posting.get(member.as_str()) {
                Some(list) if list.len() <= MAX_SHARED => {
                    for &n in list {
                        *shared.entry(n).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        let scores: Vec<(usize, usize)> = shared
            .into_iter()
            .map(|(n, common)| {
                let union = set.len() + new_members[n].len() - common;
                (n, common * 100 / union.max(1))
            })
            .filter(|(_, score)| *score >= MIN_SHARED_PERCENT)
            .collect();
        best_of_old[old_index] = unique_best(&scores);
        for (n, score) in scores {
            best_of_new.entry(n).or_default().push((old_index, score));
        }
    }
    let mut out = Vec::new();
    for (old_index, best) in best_of_old.iter().enumerate() {
        let Some(n) = *best else { continue };
        let mutual = best_of_new
            .get(&n)
            .and_then(|scores| unique_best(scores))
            .is_some_and(|o| o == old_index);
        if mutual {
            out.push((olds[old_index], news[n]));
        }
    }
    out
}

/// The index with the highest score, when no other has it.
fn unique_best(scores: &[(usize, usize)]) -> Option<usize> {
    let top = scores.iter().map(|(_, s)| *s).max()?;
    let mut at_top = scores.iter().filter(|(_, s)| *s == top);
    let first = at_top.next()?.0;
    at_top.next().is_none().then_some(first)
}

/// The members the lock records for each of `types`, by the type key's
/// place (the key without its kind).
fn published_members(lock: &ApiLock, types: &[&Entry]) -> BTreeMap<Vec<String>, BTreeSet<String>> {
    let wanted: BTreeSet<&[String]> = types.iter().map(|e| &e.key[1..]).collect();
    let mut out: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for entry in lock.entries.values() {
        let prefix = match entry.kind() {
            kind::FIELD => "field",
            kind::VARIANT => "value",
            kind::ALTERNATIVE => "alternative",
            _ => continue,
        };
        let (Some(owner), Some(member)) = (entry.key.get(1..2), entry.key.get(2)) else {
            continue;
        };
        if wanted.contains(owner) {
            out.entry(owner.to_vec())
                .or_default()
                .insert(format!("{prefix} {member}"));
        }
    }
    out
}

/// A fresh type's members, written as [`published_members`] writes them.
fn members(types: &TypeSpace, index: usize) -> BTreeSet<String> {
    match &types.types[index].shape {
        Shape::Struct(s) => s
            .fields
            .iter()
            .map(|f| format!("field {}", f.wire))
            .collect(),
        Shape::StringEnum(e) => e
            .variants
            .iter()
            .map(|v| format!("value {}", v.wire))
            .collect(),
        Shape::IntEnum(e) => e
            .variants
            .iter()
            .map(|v| format!("value {}", v.wire))
            .collect(),
        Shape::OneOf(o) => o
            .variants
            .iter()
            .map(|v| format!("alternative {}", v.identity))
            .collect(),
        Shape::Alias(_) | Shape::Newtype(_) => BTreeSet::new(),
    }
}
