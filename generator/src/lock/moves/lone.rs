//! Pairs by structure alone: one published type and one candidate of a
//! structure left unpaired are the same type, when the structure says
//! enough to tell.
//!
//! A string alias or a one-member object says little: removing one such
//! schema and adding an unrelated one in the same release is as likely as
//! a rename, and pairing them would give the new schema the old one's name.
//! Such a pair is taken only with support: the old place now holds a `$ref`
//! to the new one (an inline schema moved into `components`), or it sits
//! at the same place inside a type already paired (a member of a renamed
//! component), or it is the last of several published types of its
//! structure whose others were told apart (they moved together). Otherwise
//! the references to it decide (`references.rs`), or nothing does.

use crate::ir::{Shape, TypeDef, TypeSpace};
use crate::lock::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// Members (fields, values, alternatives) a structure needs to be paired
/// by itself.
const TELLING_MEMBERS: usize = 3;

/// What the pairing reads.
pub(super) struct Structures<'a> {
    pub(super) types: &'a TypeSpace,
    pub(super) vanished: &'a [&'a Entry],
    pub(super) candidates: &'a [Vec<usize>],
    /// Vanished types by digest.
    pub(super) by_structure: &'a BTreeMap<&'a str, Vec<usize>>,
    /// Candidates by digest.
    pub(super) of_structure: &'a BTreeMap<&'a str, Vec<usize>>,
    /// The loaded document (for `$ref`s left in old places).
    pub(super) raw: &'a serde_json::Value,
}

/// The published types and candidates of one structure not paired yet.
pub(super) struct Unpaired {
    /// Indices into `vanished`.
    pub(super) olds: Vec<usize>,
    /// Indices into `candidates`.
    pub(super) news: Vec<usize>,
    /// How many published types the structure had, paired or not.
    pub(super) published: usize,
}

impl Structures<'_> {
    /// For each structure of a vanished type, what of it `pairs` left.
    pub(super) fn unpaired(&self, pairs: &[(usize, usize)]) -> Vec<Unpaired> {
        let paired_old: BTreeSet<usize> = pairs.iter().map(|(o, _)| *o).collect();
        let paired_new: BTreeSet<usize> = pairs.iter().map(|(_, n)| *n).collect();
        self.by_structure
            .iter()
            .map(|(digest, olds)| Unpaired {
                olds: olds
                    .iter()
                    .copied()
                    .filter(|o| !paired_old.contains(o))
                    .collect(),
                news: self
                    .of_structure
                    .get(digest)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|n| !paired_new.contains(n))
                    .collect(),
                published: olds.len(),
            })
            .collect()
    }
}

/// For each structure with exactly one published type and one candidate
/// not paired yet, that pair, when the structure tells or a place supports it.
pub(super) fn one_to_one(s: &Structures<'_>, pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let parents = parent_places(s, pairs);
    let mut out = Vec::new();
    for unpaired in s.unpaired(pairs) {
        if let ([old], [new]) = (unpaired.olds.as_slice(), unpaired.news.as_slice()) {
            let group = &s.candidates[*new];
            let telling = group
                .first()
                .is_some_and(|&i| tells(s.types, &s.types.types[i]));
            // The last of several of one structure, the others told apart:
            // they moved together (every component renamed, say).
            let last_of_several = unpaired.published > 1;
            if telling || last_of_several || supported(s, s.vanished[*old], group, &parents) {
                out.push((*old, *new));
            }
        }
    }
    out
}

/// Whether a type's structure says enough to be recognised by itself: its
/// own members and those of the types it refers to (one level) number
/// [`TELLING_MEMBERS`] at least.
fn tells(types: &TypeSpace, def: &TypeDef) -> bool {
    let referred: usize = def
        .shape
        .tys()
        .into_iter()
        .flat_map(super::references::named)
        .map(|id| own_members(&types.types[id]))
        .sum();
    own_members(def) + referred >= TELLING_MEMBERS
}

fn own_members(def: &TypeDef) -> usize {
    match &def.shape {
        Shape::Struct(s) => s.fields.len(),
        Shape::StringEnum(e) => e.variants.len(),
        Shape::IntEnum(e) => e.variants.len(),
        Shape::OneOf(o) => o.variants.len() + 1,
        Shape::Alias(_) | Shape::Newtype(_) => 0,
    }
}

/// Old place of each paired type → its new places (lock pointers).
fn parent_places<'a>(
    s: &Structures<'a>,
    pairs: &[(usize, usize)],
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &(old, new) in pairs {
        let now: Vec<&str> = s.candidates[new]
            .iter()
            .flat_map(|&i| s.types.types[i].lock_pointers.iter().map(String::as_str))
            .collect();
        for place in &s.vanished[old].pointers {
            out.entry(place.as_str()).or_default().extend(&now);
        }
    }
    out
}

/// Whether a place supports pairing `entry` with the candidate `group`: an
/// old place holds a `$ref` to one of the group's, or sits at the same
/// place inside a paired type as one of the group's does.
fn supported(
    s: &Structures<'_>,
    entry: &Entry,
    group: &[usize],
    parents: &BTreeMap<&str, Vec<&str>>,
) -> bool {
    let loaded: BTreeSet<&str> = group
        .iter()
        .flat_map(|&i| s.types.types[i].origins.iter().map(|o| o.pointer.as_str()))
        .collect();
    let now: BTreeSet<&str> = group
        .iter()
        .flat_map(|&i| s.types.types[i].lock_pointers.iter().map(String::as_str))
        .collect();
    entry.pointers.iter().any(|old| {
        let extracted = s
            .raw
            .pointer(old)
            .and_then(|node| node.get("$ref"))
            .and_then(serde_json::Value::as_str)
            .and_then(|r| crate::reference::local_pointer(r).ok())
            .is_some_and(|target| loaded.contains(target.as_str()));
        extracted || inside_paired(old, parents, &now)
    })
}

/// Whether `old` is below a paired type's old place, and the same place
/// below one of its new places is in `now`.
fn inside_paired(old: &str, parents: &BTreeMap<&str, Vec<&str>>, now: &BTreeSet<&str>) -> bool {
    std::iter::successors(old.rfind('/').map(|cut| &old[..cut]), |prefix| {
        prefix.rfind('/').map(|cut| &prefix[..cut])
    })
    .filter(|prefix| !prefix.is_empty())
    .any(|prefix| {
        parents.get(prefix).is_some_and(|news| {
            let below = &old[prefix.len()..];
            news.iter()
                .any(|parent| now.contains(format!("{parent}{below}").as_str()))
        })
    })
}
