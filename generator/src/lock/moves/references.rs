//! Published types of one structure told apart by what refers to them.
//!
//! Renaming every component leaves many aliases of one structure (`Date`,
//! `Email` and `Name` are all "a string"): their digests cannot say which
//! new component is which. The types and operations the lock still knows
//! can: a field the lock recorded as `Option<Date>` that now holds the new
//! component `RenamedSchema1` says `Date` moved there. A pair is taken when
//! every such reference agrees (each side has one partner, of the same
//! structure), and each pair found makes its own fields evidence for the
//! next round.

use super::pairing::{MAX_ROUNDS, Paired};
use super::places::Place;
use crate::ir::{Api, Shape, Ty};
use crate::lock::keys::{operation_key, parameter_keys, status_key, type_key_pointer};
use crate::lock::{ApiLock, Entry, key, kind};
use std::collections::{BTreeMap, BTreeSet};

/// New pairs (index into `vanished`, index into `candidates`) beside
/// `known` ones.
pub(super) fn pair(
    lock: &ApiLock,
    api: &Api,
    vanished: &[&Entry],
    candidates: &[Vec<usize>],
    digests: &[String],
    known: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut candidate_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, group) in candidates.iter().enumerate() {
        for &type_index in group {
            candidate_of.insert(type_index, index);
        }
    }
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, entry) in vanished.iter().enumerate() {
        if !entry.structure.is_empty() {
            by_name.entry(entry.name.as_str()).or_default().push(index);
        }
    }
    let published = crate::lock::keys::published(lock, &api.types);
    let mut pairs: Vec<(usize, usize)> = known.to_vec();
    let mut found = Vec::new();
    // Each round pairs more types, or ends.
    for _ in 0..MAX_ROUNDS {
        let paired_old: BTreeSet<usize> = pairs.iter().map(|(o, _)| *o).collect();
        let paired_new: BTreeMap<usize, usize> = pairs.iter().map(|(o, n)| (*n, *o)).collect();
        let key_of = |type_index: usize| {
            published_key(&published, type_index, &candidate_of, &paired_new, vanished)
        };
        let mut old_to_new: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        let mut new_to_old: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (site, ty) in sites(lock, api, &key_of) {
            let Some(entry) = lock.get(&site) else {
                continue;
            };
            let news: BTreeSet<usize> = named(ty)
                .filter_map(|id| candidate_of.get(&id).copied())
                .filter(|c| !paired_new.contains_key(c))
                .collect();
            let olds: BTreeSet<usize> = identifiers(&entry.sig)
                .filter_map(|name| match by_name.get(name).map(Vec::as_slice) {
                    Some([only]) => Some(*only),
                    _ => None,
                })
                .filter(|o| !paired_old.contains(o))
                .collect();
            if let (Some(&new), Some(&old), 1, 1) =
                (news.first(), olds.first(), news.len(), olds.len())
                && vanished[old].structure == digests[candidates[new][0]]
            {
                old_to_new.entry(old).or_default().insert(new);
                new_to_old.entry(new).or_default().insert(old);
            }
        }
        let agreed: Vec<(usize, usize)> = old_to_new
            .iter()
            .filter(|(_, news)| news.len() == 1)
            .filter_map(|(&old, news)| news.first().map(|&new| (old, new)))
            .filter(|(_, new)| new_to_old.get(new).is_some_and(|olds| olds.len() == 1))
            .collect();
        if agreed.is_empty() {
            break;
        }
        pairs.extend(&agreed);
        found.extend(agreed);
    }
    found
}

/// The key a type is published under: its own entry's (`published`), or
/// that of the vanished type its candidate is paired with.
fn published_key(
    published: &[Option<&Entry>],
    type_index: usize,
    candidate_of: &BTreeMap<usize, usize>,
    paired_new: &BTreeMap<usize, usize>,
    vanished: &[&Entry],
) -> Option<Vec<String>> {
    match published.get(type_index).copied().flatten() {
        Some(entry) => Some(entry.key.clone()),
        None => candidate_of
            .get(&type_index)
            .and_then(|c| paired_new.get(c))
            .map(|&o| vanished[o].key.clone()),
    }
}

/// Old place → new place (a pointer of the loaded document) of each
/// component a field the lock knows referred to and now refers to another
/// in its stead (`refers_to` in the lock): the copies of a moved type, and
/// a type whose structure changed (its overlay stopped applying), are
/// told apart so. Only the copy of a parent the lock recorded the fields
/// of (its first place) speaks, which `found` (the places found so far)
/// says for a parent that moved; only pairs every such field agrees on.
pub(super) fn referred_places(
    lock: &ApiLock,
    api: &Api,
    paired: &Paired<'_>,
    found: &BTreeMap<String, Place>,
) -> BTreeMap<String, String> {
    let mut candidate_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, group) in paired.candidates.iter().enumerate() {
        for &type_index in group {
            candidate_of.insert(type_index, index);
        }
    }
    let partner: BTreeMap<usize, usize> = paired
        .same
        .iter()
        .chain(paired.loose)
        .map(|(o, n)| (*n, *o))
        .collect();
    // The entry a type is recorded under, when the lock recorded its
    // fields from this very copy.
    let published = crate::lock::keys::published(lock, &api.types);
    let recorded = |index: usize| -> Option<&Entry> {
        let def = &api.types.types[index];
        if let Some(entry) = published.get(index).copied().flatten() {
            let first = entry.pointers.first()?;
            return def.lock_pointers.contains(first).then_some(entry);
        }
        let entry = *paired
            .vanished
            .get(*partner.get(candidate_of.get(&index)?)?)?;
        let first = entry.pointers.first()?;
        let here = match found.get(first) {
            Some(place) => def.origins.iter().any(|o| o.pointer == place.loaded),
            None => entry.pointers.len() == 1 && def.origins.len() == 1,
        };
        here.then_some(entry)
    };
    let mut old_to_new: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut new_to_old: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (index, def) in api.types.types.iter().enumerate() {
        let Shape::Struct(s) = &def.shape else {
            continue;
        };
        let Some(entry) = recorded(index) else {
            continue;
        };
        let owner = type_key_pointer(&entry.key);
        for field in &s.fields {
            let (Some(now), Some(member)) = (
                field.reference.as_deref(),
                lock.get(&key([kind::FIELD, owner, &field.wire])),
            ) else {
                continue;
            };
            if !member.refers_to.is_empty() && member.refers_to != now {
                old_to_new.entry(&member.refers_to).or_default().insert(now);
                new_to_old.entry(now).or_default().insert(&member.refers_to);
            }
        }
    }
    old_to_new
        .into_iter()
        .filter(|(_, news)| news.len() == 1)
        .filter_map(|(old, news)| news.first().map(|&new| (old, new)))
        .filter(|(_, new)| new_to_old.get(new).is_some_and(|olds| olds.len() == 1))
        .map(|(old, new)| (old.to_owned(), new.to_owned()))
        .collect()
}

/// Every place a type is referred to from an item the lock may know: the
/// member's lock key and the type written there.
fn sites<'a>(
    lock: &ApiLock,
    api: &'a Api,
    key_of: &dyn Fn(usize) -> Option<Vec<String>>,
) -> Vec<(Vec<String>, &'a Ty)> {
    let mut out = Vec::new();
    for (index, def) in api.types.types.iter().enumerate() {
        let Some(type_key) = key_of(index) else {
            continue;
        };
        let owner = type_key_pointer(&type_key).to_owned();
        match &def.shape {
            Shape::Struct(s) => {
                for field in &s.fields {
                    out.push((key([kind::FIELD, &owner, &field.wire]), &field.ty));
                }
                // The type's own entry says what its other members hold.
                if let Some(ty) = &s.additional {
                    out.push((type_key.clone(), ty));
                }
            }
            Shape::OneOf(o) => {
                for (position, variant) in o.variants.iter().enumerate() {
                    let known = key([kind::ALTERNATIVE, &owner, &variant.identity]);
                    // An alternative known by the component it refers to
                    // is known by another name once that component is
                    // renamed: the lock's alternative at its position
                    // speaks for it (alternatives keep their order).
                    let site = match lock.get(&known) {
                        Some(_) => known,
                        None => match alternative_at(lock, &owner, position) {
                            Some(entry) => entry.key.clone(),
                            None => continue,
                        },
                    };
                    out.push((site, &variant.ty));
                }
            }
            Shape::Alias(ty) | Shape::Newtype(ty) => out.push((type_key.clone(), ty)),
            Shape::StringEnum(_) | Shape::IntEnum(_) => {}
        }
    }
    for op in &api.operations {
        let op_key = operation_key(op);
        for (param_key, param) in parameter_keys(op).into_iter().zip(op.params()) {
            out.push((param_key, &param.ty));
        }
        if let Some(body) = &op.body {
            out.push((key([kind::PARAMETER, &op_key, "body", ""]), &body.ty));
            // A required body is an argument, in the operation's signature.
            out.push((key([kind::OPERATION, &op_key]), &body.ty));
        }
        for response in &op.responses {
            if let Some(ty) = &response.ty {
                let status = status_key(response.status);
                out.push((key([kind::RESPONSE, &op_key, &status]), ty));
            }
        }
    }
    out
}

/// The lock's alternative of the `oneOf` at `owner` written at `position`.
fn alternative_at<'l>(lock: &'l ApiLock, owner: &str, position: usize) -> Option<&'l Entry> {
    let first = key([kind::ALTERNATIVE, owner, ""]);
    lock.entries
        .range(first..)
        .map(|(_, entry)| entry)
        .take_while(|e| {
            e.kind() == kind::ALTERNATIVE && e.key.get(1).map(String::as_str) == Some(owner)
        })
        .find(|e| {
            e.at.rsplit_once('/').is_some_and(|(list, index)| {
                (list.ends_with("/oneOf") || list.ends_with("/anyOf"))
                    && index.parse() == Ok(position)
            })
        })
}

/// The named types `ty` holds.
pub(super) fn named(ty: &Ty) -> impl Iterator<Item = usize> + '_ {
    let mut stack = vec![ty];
    std::iter::from_fn(move || {
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Named(id) => return Some(id.0),
                Ty::Array(inner) | Ty::Map(inner) => stack.push(inner),
                _ => {}
            }
        }
        None
    })
}

/// The Rust identifiers a signature names (`Option<Vec<Date>>`: `Option`,
/// `Vec`, `Date`).
fn identifiers(sig: &str) -> impl Iterator<Item = &str> {
    sig.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
}
