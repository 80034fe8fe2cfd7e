//! Stage 8, the report: the public surface this generation publishes
//! (`surface`: the new lock's entries, spelled as the emitted code spells
//! them), the changelog, and the change report.
//!
//! The change report: what a spec update changes for the crate's users,
//! from two API locks (the committed one and the regenerated one), each
//! change classified and the release's semver bump derived from them.
//!
//! The rules follow what compiles downstream. Generated structs and enums
//! are `#[non_exhaustive]` and built with constructors, so a new optional
//! field, enum value, alternative, status or operation is additive; a new
//! required field or argument changes a constructor's or method's
//! arguments, and anything removed, renamed or retyped is breaking. An
//! edit of documentation alone is a patch.

pub mod changelog;
pub(crate) mod surface;

use crate::lock::{ApiLock, Entry, kind};
use std::fmt::Write as _;

/// How a change affects users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled may not compile, or means something else.
    Breaking,
    /// New items only.
    Additive,
    /// Items the spec now deprecates (or no longer does): users' code
    /// compiles, with warnings.
    Deprecation,
    /// Nothing users write changes; the client behaves as the spec now
    /// says (a success status renumbered).
    Behaviour,
    /// Documentation text only.
    Documentation,
}

/// The release a set of changes needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing users see changed.
    None,
    /// Documentation only.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// `major`, `minor`, `patch`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version to release: `major`/`minor`/`patch` of `version`, where
    /// for `0.y.z` (Cargo's rule) a breaking change bumps `y` and anything
    /// else bumps `z`.
    pub fn next_version(self, version: &str) -> Option<String> {
        let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
        let (Some(Some(major)), Some(Some(minor)), Some(Some(patch))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(match (self, major) {
            (Bump::None, _) => version.to_owned(),
            (Bump::Major, 0) => format!("0.{}.0", minor + 1),
            (Bump::Major, _) => format!("{}.0.0", major + 1),
            (Bump::Minor | Bump::Patch, 0) => format!("0.{minor}.{}", patch + 1),
            (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
            (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        })
    }
}

/// One change users will see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// How it affects them.
    pub impact: Impact,
    /// What happened to the item, as a sentence (`field `Recipient::sms` added (Option<String>)`).
    pub what: String,
    /// The spec pointer behind it (in the new spec, or the old one for removals).
    pub at: String,
}

/// Every change, breaking first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// The changes, ordered by impact, then as the lock orders items.
    pub changes: Vec<Change>,
}

/// Compares the API recorded in `old` with `new`.
pub fn diff(old: &ApiLock, new: &ApiLock) -> ChangeReport {
    let old = &*moved_types_rekeyed(old, new);
    let old = &*credentials_rekeyed(old, new);
    let old = &*alternatives_of_renamed_components(old, new);
    let renumbered = renumbered_successes(old, new);
    let mut changes: Vec<Change> = renumbered
        .iter()
        .map(|(before, after)| renumbering(new, before, after))
        .collect();
    let paired = |key: &Vec<String>| {
        renumbered
            .iter()
            .any(|(b, a)| &b.key == key || &a.key == key)
    };
    for (key, entry) in &new.entries {
        if paired(key) {
            continue;
        }
        match old.get(key) {
            None if !owner_is_new(old, entry) => changes.push(added(new, entry)),
            None => {}
            Some(before) => changes.extend(changed(new, before, entry)),
        }
    }
    for (key, entry) in &old.entries {
        if new.get(key).is_none() && !owner_is_gone(new, entry) && !paired(key) {
            changes.push(Change {
                impact: Impact::Breaking,
                what: format!("{} removed", describe(old, entry)),
                at: entry.at.clone(),
            });
        }
    }
    changes.sort_by_key(|c| c.impact);
    ChangeReport { changes }
}

/// `old` with each type that moved in the spec (its key is gone, and a new
/// key holds a type of the same name: a schema moved into `components` and
/// kept its name with `x-rust-name`) and its members under their new keys:
/// for users it is the same type, compared member by member.
fn moved_types_rekeyed<'a>(old: &'a ApiLock, new: &ApiLock) -> std::borrow::Cow<'a, ApiLock> {
    let types = |lock: &ApiLock| -> std::collections::BTreeMap<String, Vec<String>> {
        lock.entries
            .values()
            .filter(|e| e.kind() == kind::TYPE)
            .map(|e| (e.name.clone(), e.key.clone()))
            .collect()
    };
    let (old_types, new_types) = (types(old), types(new));
    let mut moved: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for (name, old_key) in &old_types {
        if let Some(new_key) = new_types.get(name)
            && new_key != old_key
            && new.get(old_key).is_none()
            && old.get(new_key).is_none()
            && let (Some(from), Some(to)) = (old_key.get(1), new_key.get(1))
        {
            moved.insert(from.clone(), to.clone());
        }
    }
    // Usually nothing moved: `old` as it is, not a copy of every entry.
    if moved.is_empty() {
        return std::borrow::Cow::Borrowed(old);
    }
    std::borrow::Cow::Owned(ApiLock::from_entries(old.entries.values().map(|entry| {
        let mut entry = entry.clone();
        let owned = matches!(
            entry.kind(),
            kind::TYPE | kind::FIELD | kind::VARIANT | kind::ALTERNATIVE | kind::CATCH_ALL
        );
        if owned && let Some(pointer) = entry.key.get(1).and_then(|p| moved.get(p)) {
            entry.key[1].clone_from(pointer);
        }
        entry
    })))
}

/// Whether a type entry's places are all new: the schema moved (a
/// component renamed, an inline schema moved into `components`) and the
/// type was found again by its structure (`moves.rs`).
fn moved(before: &Entry, after: &Entry) -> bool {
    after.kind() == kind::TYPE
        && !before.pointers.is_empty()
        && !after.pointers.is_empty()
        && !before.pointers.iter().any(|p| after.pointers.contains(p))
}

/// `old` with each alternative known by a component that was renamed
/// (`ref profiles_delete_body`) known by the new name, as the new lock
/// knows it: the same alternative for users. A component is renamed when
/// the type (same key) held it before and the new one after, and an
/// alternative of one owner and one name refers to it by each name.
fn alternatives_of_renamed_components<'a>(
    old: &'a ApiLock,
    new: &ApiLock,
) -> std::borrow::Cow<'a, ApiLock> {
    // Types whose places changed (all of them, or a component among copies).
    let moved: Vec<(&Entry, &Entry)> = old
        .entries
        .values()
        .filter(|e| e.kind() == kind::TYPE)
        .filter_map(|before| {
            let after = new.get(&before.key)?;
            (before.pointers != after.pointers).then_some((before, after))
        })
        .collect();
    if moved.is_empty() {
        return std::borrow::Cow::Borrowed(old);
    }
    // Each component a type held before and not after, with each it holds
    // after and not before.
    let mut renamed: std::collections::BTreeSet<(String, String)> = Default::default();
    for (before, after) in &moved {
        let names = |entry: &Entry| -> std::collections::BTreeSet<String> {
            entry
                .pointers
                .iter()
                .filter_map(|p| crate::lock::moves::component_name(p))
                .collect()
        };
        let (was, is) = (names(before), names(after));
        for from in was.difference(&is) {
            for to in is.difference(&was) {
                renamed.insert((from.clone(), to.clone()));
            }
        }
    }
    // The new alternatives by owner and name: one look-up per old one.
    let mut appeared: std::collections::BTreeMap<(Option<&String>, &str), Vec<&str>> =
        std::collections::BTreeMap::new();
    for (after, to) in referring_in(new, old) {
        appeared
            .entry((after.key.get(1), after.name.as_str()))
            .or_default()
            .push(to);
    }
    let mut renames = std::collections::BTreeMap::new();
    for (before, from) in referring_in(old, new) {
        let candidates = appeared.get(&(before.key.get(1), before.name.as_str()));
        for to in candidates.into_iter().flatten() {
            if renamed.contains(&(from.to_owned(), (*to).to_owned())) {
                renames.insert(from.to_owned(), (*to).to_owned());
            }
        }
    }
    crate::lock::moves::alternatives_renamed(old, &renames)
}

/// The alternatives of `lock` not in `other` that refer to a component.
fn referring_in<'l>(lock: &'l ApiLock, other: &ApiLock) -> Vec<(&'l Entry, &'l str)> {
    lock.entries
        .values()
        .filter(|e| e.kind() == kind::ALTERNATIVE && other.get(&e.key).is_none())
        .filter_map(|e| Some((e, e.key.get(2)?.strip_prefix("ref ")?)))
        .collect()
}

/// `old` with each credential recorded under its scheme's key (a lock
/// written before credentials were known by how they travel) under the key
/// of the new credential of the same scheme: the same setter for users.
fn credentials_rekeyed<'a>(old: &'a ApiLock, new: &ApiLock) -> std::borrow::Cow<'a, ApiLock> {
    let renamed: Vec<(Vec<String>, Vec<String>)> = old
        .entries
        .values()
        .filter(|e| e.kind() == kind::CREDENTIAL && new.get(&e.key).is_none())
        .filter_map(|before| {
            new.entries
                .values()
                .find(|e| {
                    e.kind() == kind::CREDENTIAL && e.at == before.at && old.get(&e.key).is_none()
                })
                .map(|after| (before.key.clone(), after.key.clone()))
        })
        .collect();
    if renamed.is_empty() {
        return std::borrow::Cow::Borrowed(old);
    }
    std::borrow::Cow::Owned(ApiLock::from_entries(old.entries.values().map(|entry| {
        let mut entry = entry.clone();
        if let Some((_, to)) = renamed.iter().find(|(from, _)| *from == entry.key) {
            entry.key.clone_from(to);
        }
        entry
    })))
}

/// Operations whose one documented success moved to another status with
/// the same body (`202` → `201`): the old entry and the new one.
fn renumbered_successes<'a>(old: &'a ApiLock, new: &'a ApiLock) -> Vec<(&'a Entry, &'a Entry)> {
    let successes = |lock: &'a ApiLock| -> std::collections::BTreeMap<&'a str, Vec<&'a Entry>> {
        let mut by_operation: std::collections::BTreeMap<&str, Vec<&Entry>> = Default::default();
        for entry in lock.entries.values() {
            if entry.kind() == kind::RESPONSE
                && entry.sig.starts_with("success")
                && let Some(operation) = entry.key.get(1)
            {
                by_operation.entry(operation).or_default().push(entry);
            }
        }
        by_operation
    };
    let (before, after) = (successes(old), successes(new));
    before
        .iter()
        .filter_map(
            |(operation, was)| match (was.as_slice(), after.get(operation)?.as_slice()) {
                ([was], [now]) if was.key != now.key && was.sig == now.sig => Some((*was, *now)),
                _ => None,
            },
        )
        .collect()
}

/// The report line of a renumbered success: the client accepts any 2xx
/// when one success is documented, so calls that worked still work.
fn renumbering(new: &ApiLock, before: &Entry, after: &Entry) -> Change {
    let status = |e: &Entry| e.key.last().cloned().unwrap_or_default();
    let operation = owner_key(after)
        .and_then(|k| {
            new.get(&k)
                .map(|e| e.name.trim_start_matches("r#").to_owned())
        })
        .unwrap_or_else(|| "?".to_owned());
    Change {
        impact: Impact::Behaviour,
        what: format!(
            "the success of `Client::{operation}` is now status {} instead of {} ({}); the client reads any 2xx as it, so the Rust API is the same and calls that worked still work",
            status(after),
            status(before),
            after.sig
        ),
        at: after.at.clone(),
    }
}

/// The key of the item a member belongs to: its operation or type.
fn owner_key(entry: &Entry) -> Option<Vec<String>> {
    let owner = entry.key.get(1)?.clone();
    match entry.kind() {
        kind::PARAMETER | kind::RESPONSE => Some(vec![kind::OPERATION.to_owned(), owner]),
        kind::FIELD | kind::VARIANT | kind::ALTERNATIVE | kind::CATCH_ALL => {
            Some(vec![kind::TYPE.to_owned(), owner])
        }
        _ => None,
    }
}

/// A member of an item that is itself new: reported with its owner.
fn owner_is_new(old: &ApiLock, entry: &Entry) -> bool {
    owner_key(entry).is_some_and(|k| old.get(&k).is_none())
}

/// A member of an item that is itself removed: reported with its owner.
fn owner_is_gone(new: &ApiLock, entry: &Entry) -> bool {
    owner_key(entry).is_some_and(|k| new.get(&k).is_none())
}

fn added(new: &ApiLock, entry: &Entry) -> Change {
    let what = describe(new, entry);
    let (impact, why) = match entry.kind() {
        kind::FIELD if entry.sig.starts_with("required ") => (
            Impact::Breaking,
            "; its type's `new` takes it, so existing calls no longer compile",
        ),
        kind::PARAMETER if entry.sig.starts_with("argument") => (
            Impact::Breaking,
            "; the method takes it, so existing calls no longer compile",
        ),
        _ => (Impact::Additive, ""),
    };
    let sig = if entry.sig.is_empty() {
        String::new()
    } else {
        format!(" ({})", entry.sig)
    };
    Change {
        impact,
        what: format!("{what} added{sig}{why}"),
        at: entry.at.clone(),
    }
}

fn changed(new: &ApiLock, before: &Entry, after: &Entry) -> Vec<Change> {
    // Most entries are unchanged: no description is built for them.
    let moved = moved(before, after);
    if before.name == after.name
        && before.sig == after.sig
        && before.doc == after.doc
        && before.deprecated == after.deprecated
        && !moved
    {
        return Vec::new();
    }
    let what = describe(new, after);
    let mut out = Vec::new();
    if moved {
        out.push(Change {
            impact: Impact::Documentation,
            what: format!(
                "{what} moved in the spec from `{}` to `{}`: the same structure, so the same type (its name and members are kept; its documentation names the new place)",
                before.at, after.at
            ),
            at: after.at.clone(),
        });
    }
    if before.name != after.name {
        out.push(Change {
            impact: Impact::Breaking,
            what: format!("{what} renamed from `{}`", before.name),
            at: after.at.clone(),
        });
    }
    if after.kind() == kind::CREDENTIAL {
        out.extend(credential_change(&what, before, after));
    } else if before.sig != after.sig {
        out.push(Change {
            impact: sig_change_impact(after, &before.sig, &after.sig),
            what: format!("{what} changed from `{}` to `{}`", before.sig, after.sig),
            at: after.at.clone(),
        });
    }
    // Deprecating warns users (their code still compiles, unless it denies
    // warnings): a minor release, as cargo-semver-checks counts it.
    if before.deprecated != after.deprecated {
        let how = if after.deprecated.is_empty() {
            "is no longer deprecated".to_owned()
        } else {
            format!("deprecated: {}", after.deprecated)
        };
        out.push(Change {
            impact: Impact::Deprecation,
            what: format!("{what} {how}"),
            at: after.at.clone(),
        });
    }
    if before.doc != after.doc && out.is_empty() {
        out.push(Change {
            impact: Impact::Documentation,
            what: format!("documentation of {what} edited"),
            at: after.at.clone(),
        });
    }
    out
}

/// How a credential changed for users, if it did: `build` requiring it no
/// more asks less of them; requiring it now, or another way of sending it
/// or reading it from the environment, breaks working setups. A lock written
/// before credentials recorded their variables (`Bearer, required`) is
/// compared without them.
fn credential_change(what: &str, before: &Entry, after: &Entry) -> Option<Change> {
    let after_sig = match before.sig.contains(", env ") {
        true => after.sig.as_str(),
        false => after.sig.split(", env ").next().unwrap_or_default(),
    };
    // Such a lock also wrote a header's name as the spec spelled it; header
    // names are case-insensitive, and written in lower case now.
    let before_sig = match before.sig.strip_prefix("HeaderKey(") {
        Some(rest) if !before.sig.contains(", env ") => match rest.split_once(')') {
            Some((name, tail)) => format!("HeaderKey({}){tail}", name.to_ascii_lowercase()),
            None => before.sig.clone(),
        },
        _ => before.sig.clone(),
    };
    if before_sig == after_sig {
        return None;
    }
    let optional = |sig: &str| sig.replacen(", required", "", 1);
    let relaxed = before_sig.contains(", required")
        && !after_sig.contains(", required")
        && optional(&before_sig) == after_sig;
    let (impact, how) = if relaxed {
        (
            Impact::Additive,
            "is no longer required: another credential can be used instead".to_owned(),
        )
    } else {
        (
            Impact::Breaking,
            format!("changed from `{}` to `{}`", before.sig, after.sig),
        )
    };
    Some(Change {
        impact,
        what: format!("{what} {how}"),
        at: after.at.clone(),
    })
}

/// A struct that starts keeping undeclared members gains a field, which a
/// `#[non_exhaustive]` struct may; every other change of what users see is breaking.
fn sig_change_impact(entry: &Entry, before: &str, after: &str) -> Impact {
    let without_other_members = |sig: &str| match sig.split_once(", other members: ") {
        Some((kind, rest)) => {
            let built = rest.split_once(" | ").map_or("", |(_, built)| built);
            format!("{kind} | {built}")
        }
        None => sig.to_owned(),
    };
    let gains_other_members = !before.contains(", other members: ")
        && after.contains(", other members: ")
        && without_other_members(after) == before;
    if entry.kind() == kind::TYPE && gains_other_members {
        Impact::Additive
    } else {
        Impact::Breaking
    }
}

/// How the report names an item: `field `Recipient::sms``.
fn describe(lock: &ApiLock, entry: &Entry) -> String {
    let owner_name = || {
        owner_key(entry)
            .and_then(|k| {
                lock.get(&k)
                    .map(|e| e.name.trim_start_matches("r#").to_owned())
            })
            .unwrap_or_else(|| "?".to_owned())
    };
    let name = entry.name.trim_start_matches("r#");
    let wire = entry.key.last().map(String::as_str).unwrap_or_default();
    match entry.kind() {
        kind::OPERATION => format!("operation `Client::{name}` ({wire})"),
        kind::PARAMETER if wire.is_empty() => format!("request body of `Client::{}`", owner_name()),
        kind::PARAMETER => format!("parameter `{name}` of `Client::{}`", owner_name()),
        kind::RESPONSE => format!("status {wire} (`{name}`) of `Client::{}`", owner_name()),
        kind::TYPE => format!("type `{name}`"),
        kind::FIELD => format!("field `{}::{name}`", owner_name()),
        kind::VARIANT => format!("variant `{}::{name}` (`{wire}`)", owner_name()),
        kind::ALTERNATIVE => format!("alternative `{}::{name}`", owner_name()),
        kind::CATCH_ALL => format!("catch-all variant `{}::{name}`", owner_name()),
        kind::SETTING => format!("client setting `{name}`"),
        kind::CREDENTIAL => format!("credential setter `ClientBuilder::{name}` ({wire})"),
        other => format!("{other} `{name}`"),
    }
}

impl ChangeReport {
    /// The release these changes need.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| match c.impact {
                Impact::Breaking => Bump::Major,
                Impact::Additive | Impact::Deprecation => Bump::Minor,
                Impact::Behaviour | Impact::Documentation => Bump::Patch,
            })
            .max()
            .unwrap_or(Bump::None)
    }

    /// Whether nothing users see changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of each impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// The report for a terminal: a summary line, then one line per change
    /// with its impact and spec pointer.
    pub fn render(&self) -> String {
        let mut out = format!(
            "API changes: {} breaking, {} additive, {} deprecated, {} behaviour, {} documentation-only: a {} release\n",
            self.count(Impact::Breaking),
            self.count(Impact::Additive),
            self.count(Impact::Deprecation),
            self.count(Impact::Behaviour),
            self.count(Impact::Documentation),
            self.bump().as_str(),
        );
        for change in &self.changes {
            let label = match change.impact {
                Impact::Breaking => "breaking",
                Impact::Additive => "additive",
                Impact::Deprecation => "deprecated",
                Impact::Behaviour => "behaviour",
                Impact::Documentation => "docs    ",
            };
            let _ = writeln!(
                out,
                "  {label}  {}\n            at {}",
                change.what, change.at
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lock::key;

    fn entry(key: Vec<String>, name: &str, sig: &str) -> Entry {
        Entry {
            key,
            name: name.to_owned(),
            sig: sig.to_owned(),
            doc: String::new(),
            pointers: Vec::new(),
            deprecated: String::new(),
            structure: String::new(),
            refers_to: String::new(),
            at: "#/x".to_owned(),
        }
    }

    fn ty(name: &str) -> Entry {
        entry(key(["type", "#/A"]), name, "struct")
    }

    #[test]
    fn optional_fields_are_additive_required_ones_breaking() {
        let old = ApiLock::from_entries([ty("A")]);
        let new = ApiLock::from_entries([
            ty("A"),
            entry(key(["field", "#/A", "x"]), "x", "Option<String>"),
        ]);
        assert_eq!(diff(&old, &new).bump(), Bump::Minor);
        let new = ApiLock::from_entries([
            ty("A"),
            entry(key(["field", "#/A", "x"]), "x", "required String"),
        ]);
        let report = diff(&old, &new);
        assert_eq!(report.bump(), Bump::Major);
        assert!(
            report.render().contains("field `A::x` added"),
            "{}",
            report.render()
        );
    }

    #[test]
    fn members_of_new_and_removed_types_are_reported_with_them() {
        let old = ApiLock::default();
        let new = ApiLock::from_entries([
            ty("A"),
            entry(key(["field", "#/A", "x"]), "x", "required String"),
        ]);
        let report = diff(&old, &new);
        assert_eq!(report.changes.len(), 1);
        assert_eq!(report.bump(), Bump::Minor);
        assert_eq!(diff(&new, &old).changes.len(), 1);
        assert_eq!(diff(&new, &old).bump(), Bump::Major);
    }

    #[test]
    fn renames_and_documentation() {
        let mut documented = ty("A");
        documented.doc = crate::digest::digest("new words");
        let old = ApiLock::from_entries([ty("A")]);
        assert_eq!(
            diff(&old, &ApiLock::from_entries([documented])).bump(),
            Bump::Patch
        );
        assert_eq!(
            diff(&old, &ApiLock::from_entries([ty("B")])).bump(),
            Bump::Major
        );
        assert_eq!(diff(&old, &old).bump(), Bump::None);
    }

    #[test]
    fn versions_follow_cargo_rules() {
        assert_eq!(Bump::Major.next_version("0.1.3").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Minor.next_version("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::Major.next_version("1.2.3").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.next_version("1.2.3").as_deref(), Some("1.3.0"));
        assert_eq!(Bump::Patch.next_version("1.2.3").as_deref(), Some("1.2.4"));
        assert_eq!(Bump::Major.next_version("x"), None);
    }
}
