//! Names inside a type: `oneOf` alternatives, struct fields, enum variants
//! and the catch-all.

use super::collisions::{self, Choice, Claim, Namespace, Outcome};
use super::spelling::{self, Case, marks, member_candidates};
use super::{Names, listed, numbered_free, placeholder_last};
use crate::diagnostics::{Location, Reporter, codes, pointer_push};
use crate::idents::{is_plain_ident, snake_ident, type_ident};
use crate::ir::{Api, NameSource, Shape, Ty};
use crate::lock::keys::type_key_pointer;
use crate::lock::{ApiLock, key, kind};
use std::collections::{BTreeMap, BTreeSet};

/// Variant names of a `oneOf`: `x-rust-name`, else what sets the alternative
/// apart (its distinguishing required keys: `To`, `DistinctId`,
/// `DistinctIdAndTo`), else its kind (`String`, `Number`, `Date`, `List`).
fn one_of_variant_names(api: &Api, one_of: &crate::ir::OneOf) -> Vec<String> {
    let key_sets: Vec<Option<(BTreeSet<&str>, BTreeSet<&str>)>> = one_of
        .variants
        .iter()
        .map(|v| match &v.ty {
            Ty::Named(id) => match &api.types.get(*id).shape {
                Shape::Struct(s) => Some((
                    s.fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire.as_str())
                        .collect(),
                    s.fields.iter().map(|f| f.wire.as_str()).collect(),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let required_by_all: BTreeSet<&str> = key_sets
        .iter()
        .flatten()
        .map(|(required, _)| required.clone())
        .reduce(|a, b| a.intersection(&b).copied().collect())
        .unwrap_or_default();

    one_of
        .variants
        .iter()
        .enumerate()
        .map(|(index, variant)| {
            if let Some(explicit) = variant
                .explicit
                .as_deref()
                .map(type_ident)
                .filter(|n| !n.is_empty())
            {
                return explicit;
            }
            if let Some(title) = variant
                .title
                .as_deref()
                .map(type_ident)
                .filter(|n| !n.is_empty())
            {
                return title;
            }
            // A tagged alternative is called what its tag says (`Blank`,
            // `Snapshot`); one with several tags, after its schema.
            match variant.tag.as_deref() {
                Some([tag]) if !type_ident(tag).is_empty() => return type_ident(tag),
                Some([first, ..]) => {
                    return referenced_name(api, variant).unwrap_or_else(|| type_ident(first));
                }
                _ => {}
            }
            if let Some((required, all)) = &key_sets[index] {
                let distinguishing: Vec<&str> =
                    required.difference(&required_by_all).copied().collect();
                let keys = if distinguishing.is_empty() {
                    // Keys no other alternative has.
                    all.iter()
                        .filter(|k| {
                            key_sets.iter().enumerate().all(|(j, other)| {
                                j == index || other.as_ref().is_none_or(|(_, o)| !o.contains(*k))
                            })
                        })
                        .copied()
                        .collect()
                } else {
                    distinguishing
                };
                let name = type_ident(&keys.join("_and_"));
                if !name.is_empty() {
                    return name;
                }
            }
            match (&variant.ty, variant.format.as_deref()) {
                (Ty::String, Some(format)) => type_ident(format),
                (Ty::String, None) => "String".to_owned(),
                (Ty::Integer(_), _) => "Integer".to_owned(),
                (Ty::Number(_), _) => "Number".to_owned(),
                (Ty::Boolean, _) => "Boolean".to_owned(),
                (Ty::Array(_), _) => "List".to_owned(),
                (Ty::Map(_) | Ty::JsonObject, _) => "Object".to_owned(),
                (Ty::Json, _) => "Json".to_owned(),
                (Ty::Format(format), _) => format!("{format:?}"),
                (Ty::Named(_), _) => {
                    referenced_name(api, variant).unwrap_or_else(|| format!("Variant{index}"))
                }
            }
        })
        .collect()
}

/// The name of the component an alternative refers to (as written), else of its type.
fn referenced_name(api: &Api, variant: &crate::ir::OneOfVariant) -> Option<String> {
    variant
        .reference
        .as_deref()
        .map(type_ident)
        .filter(|n| !n.is_empty())
        .or_else(|| component_name(api, &variant.ty))
}

/// The `x-rust-name` or component name of a named type.
fn component_name(api: &Api, ty: &Ty) -> Option<String> {
    let Ty::Named(id) = ty else {
        return None;
    };
    api.types
        .get(*id)
        .origins
        .iter()
        .find_map(|o| match &o.name {
            NameSource::Explicit(n) | NameSource::Component(n) => Some(type_ident(n)),
            _ => None,
        })
}

/// Names every `oneOf`'s alternatives, reporting two that would share a name.
pub(super) fn name_one_of_variants(
    api: &Api,
    lock: &ApiLock,
    keys: &[Vec<String>],
    table: &mut Names,
    report: &mut Reporter<'_>,
) {
    let names: Vec<Option<Vec<String>>> = api
        .types
        .types
        .iter()
        .zip(keys)
        .map(|(def, key)| match &def.shape {
            Shape::OneOf(o) => Some(locked_alternative_names(
                lock,
                key,
                o,
                one_of_variant_names(api, o),
            )),
            _ => None,
        })
        .collect();
    for ((id, def), names) in api.types.ids().zip(&api.types.types).zip(names) {
        let pointer = def.pointer();
        let (Shape::OneOf(o), Some(names)) = (&def.shape, names) else {
            continue;
        };
        // Each name given so far, with the alternative holding it.
        let mut taken: BTreeMap<String, usize> = BTreeMap::new();
        let mut chosen = Vec::with_capacity(o.variants.len());
        for (index, variant) in o.variants.iter().enumerate() {
            let mut name = names
                .get(index)
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("Variant{index}"));
            if let Some(&first) = taken.get(&name) {
                let alternative = |index: usize| {
                    pointer_push(&pointer_push(pointer, "oneOf"), &index.to_string())
                };
                let numbered = numbered_free(&name, |n| taken.contains_key(n));
                let message = format!(
                    "two alternatives of this oneOf/anyOf would both be named `{name}`; this one is `{numbered}` (set `x-rust-name` on the alternative to choose)"
                );
                let related = report.at(alternative(first));
                let label = format!("the other alternative named `{name}`");
                if variant.explicit.is_some() {
                    report
                        .error(
                            codes::COLLIDING_EXPLICIT_MEMBER_NAMES,
                            alternative(index),
                            message,
                        )
                        .also_at(related, label);
                } else {
                    report
                        .warning(codes::RENAMED_MEMBER, alternative(index), message)
                        .also_at(related, label);
                }
                name = numbered;
            }
            taken.insert(name.clone(), index);
            chosen.push(name);
        }
        table.ty_mut(id).members = chosen;
    }
}

/// Derived alternative names, replaced by the lock's where the
/// alternative has no `x-rust-name`.
fn locked_alternative_names(
    lock: &ApiLock,
    type_key: &[String],
    o: &crate::ir::OneOf,
    derived: Vec<String>,
) -> Vec<String> {
    let pointer = type_key_pointer(type_key);
    derived
        .into_iter()
        .zip(&o.variants)
        .map(|(name, variant)| {
            match lock.name(&key([kind::ALTERNATIVE, pointer, &variant.identity])) {
                Some(locked) if variant.explicit.is_none() => locked.to_owned(),
                _ => name,
            }
        })
        .collect()
}

pub(super) fn name_members(
    api: &Api,
    lock: &ApiLock,
    keys: &[Vec<String>],
    table: &mut Names,
    report: &mut Reporter<'_>,
) {
    for ((id, def), type_key) in api.types.ids().zip(&api.types.types).zip(keys) {
        let key_pointer = type_key_pointer(type_key).to_owned();
        let member = |member_kind: &str, wire: &str| {
            lock.name(&key([member_kind, &key_pointer, wire]))
                .map(str::to_owned)
        };
        let pointer = def.pointer().to_owned();
        let at = |token: &str| pointer_push(&pointer, token);
        let names = table.ty_mut(id);
        match &def.shape {
            Shape::Struct(s) => {
                names.members = decide_field_names(s, &member, &pointer, report);
            }
            Shape::StringEnum(e) => {
                (names.members, names.other) = name_enum_variants(
                    &e.variants,
                    |wire| enum_variant_ident(wire),
                    |wire| member(kind::VARIANT, wire),
                    member(kind::CATCH_ALL, ""),
                    &at("enum"),
                    report,
                );
            }
            Shape::IntEnum(e) => {
                let numbered = |wire: &i64| {
                    if *wire < 0 {
                        format!("ValueMinus{}", wire.unsigned_abs())
                    } else {
                        format!("Value{wire}")
                    }
                };
                (names.members, names.other) = name_enum_variants(
                    &e.variants,
                    numbered,
                    |wire| member(kind::VARIANT, wire),
                    member(kind::CATCH_ALL, ""),
                    &at("enum"),
                    report,
                );
            }
            Shape::OneOf(_) | Shape::Alias(_) | Shape::Newtype(_) => {}
        }
    }
}

/// Every field name of a struct: the lock's, else derived from the JSON
/// key, and when two keys give one name, names that say what sets them
/// apart (`plus_1`/`minus_1`, `job_id`/`job_id_upper`).
fn decide_field_names(
    s: &crate::ir::Struct,
    locked: &dyn Fn(&str, &str) -> Option<String>,
    schema: &str,
    report: &mut Reporter<'_>,
) -> Vec<String> {
    let at = &pointer_push(schema, "properties");
    // Where a field's name comes from: its `x-rust-field-names` entry when a
    // human chose it, else its property (a property of an `allOf` member, or
    // an entry written elsewhere, is shown at the nearest place that exists).
    let explicit_at = |wire: &str| pointer_push(&pointer_push(schema, "x-rust-field-names"), wire);
    let fields = &s.fields;
    let mut claims = Vec::with_capacity(fields.len());
    for (index, field) in fields.iter().enumerate() {
        claims.push({
            let mut derived = snake_ident(&field.wire);
            let placeholder = derived.is_empty();
            if placeholder {
                derived = format!("field{index}");
            }
            if let Some(explicit) = field.explicit.as_deref().filter(|n| !is_plain_ident(n)) {
                report.error(codes::UNUSABLE_EXPLICIT_NAME,
                explicit_at(&field.wire),
                    format!("`x-rust-field-names` names `{}` `{explicit}`, which is not a usable Rust field name (ASCII letters, digits and `_`, not a keyword)", field.wire),
                );
            }
            let claim = member_claim(
                &field.wire,
                derived,
                field.explicit.clone(),
                locked(kind::FIELD, &field.wire),
            );
            placeholder_last(claim, placeholder)
        });
    }
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    // The map of undeclared members is `additional_properties`, unless a
    // published or chosen field already holds that name (the map then gives way).
    let map_keeps_its_name = s.additional.is_some()
        && !claims
            .iter()
            .any(|c| c.choice != Choice::Derived && c.wanted == ADDITIONAL_FIELD);
    let reserved = |name: &str| map_keeps_its_name && name == ADDITIONAL_FIELD;
    let decisions = decide_members(&claims, &wires, Case::Snake, &reserved);
    let member_at = |index: usize, explicit: bool| {
        let wire = wires.get(index).copied().unwrap_or_default();
        if explicit {
            explicit_at(wire)
        } else {
            pointer_push(at, wire)
        }
    };
    report_members(&decisions, &wires, &FIELDS, at, Some(&member_at), report);
    decisions.into_iter().map(|d| d.name).collect()
}

/// A member's claim: a human's name, else the lock's, else the derived one.
fn member_claim(
    wire: &str,
    derived: String,
    explicit: Option<String>,
    locked: Option<String>,
) -> Claim {
    let (wanted, choice) = match (explicit, locked) {
        (Some(explicit), _) => (explicit, Choice::Human),
        (None, Some(locked)) => (locked, Choice::Locked),
        (None, None) => (derived.clone(), Choice::Derived),
    };
    Claim {
        wanted,
        choice,
        derived,
        identity: wire.to_owned(),
        rank: marks(wire),
    }
}

/// The field keeping an object's undeclared members.
const ADDITIONAL_FIELD: &str = "additional_properties";

/// Decides the names of a struct's fields or an enum's variants (one
/// namespace each; `reserved`: names the generated type uses itself).
fn decide_members(
    claims: &[Claim],
    wires: &[&str],
    case: Case,
    reserved: &dyn Fn(&str) -> bool,
) -> Vec<collisions::Decision> {
    let candidates = |index: usize, rivals: &[usize]| {
        let rival_wires: Vec<&str> = rivals.iter().map(|&r| wires[r]).collect();
        member_candidates(wires[index], &claims[index].derived, &rival_wires, case)
    };
    Namespace {
        reserved,
        occupies: &|name| vec![name.to_owned()],
        candidates: &candidates,
        numbered: &|name, n| spelling::numbered(case, name, n),
    }
    .decide(claims)
}

/// How messages speak of one kind of member.
struct MemberWords {
    /// What the spec lists, plural and singular (`properties`, `property`).
    many: &'static str,
    one: &'static str,
    /// What it becomes in Rust (`field`).
    member: &'static str,
    /// The extension a human names them with.
    key: &'static str,
}

const FIELDS: MemberWords = MemberWords {
    many: "properties",
    one: "property",
    member: "field",
    key: "x-rust-field-names",
};

const VARIANTS: MemberWords = MemberWords {
    many: "enum values",
    one: "enum value",
    member: "variant",
    key: "x-enum-varnames",
};

/// Where member `index` is, and its `x-rust-field-names` entry when the
/// flag is set (`None`: members are reported at the list of them).
type MemberAt<'a> = Option<&'a dyn Fn(usize, bool) -> String>;

/// Warns of every member renamed, and reports two human-chosen names that
/// collide as an error; each names the other members as related places
/// when `member_at` knows where they are.
fn report_members(
    decisions: &[collisions::Decision],
    wires: &[&str],
    words: &MemberWords,
    at: &str,
    member_at: MemberAt<'_>,
    report: &mut Reporter<'_>,
) {
    let MemberWords {
        many: what,
        one,
        member,
        key,
    } = words;
    let wire = |i: usize| wires.get(i).copied().unwrap_or("");
    let named = |indices: &[usize]| {
        listed(indices, |i| match wire(i) {
            "" => "the catch-all".to_owned(),
            wire => format!("`{wire}`"),
        })
    };
    let both = |rivals: &[usize]| if rivals.len() > 1 { "all" } else { "both" };
    let place = |index: usize, explicit: bool| match member_at {
        Some(member_at) => member_at(index, explicit),
        None => at.to_owned(),
    };
    for (index, decision) in decisions.iter().enumerate() {
        match &decision.outcome {
            Outcome::Kept => {}
            Outcome::Renamed { wanted, rivals } if rivals.is_empty() => {
                report.warning(codes::RENAMED_MEMBER,
                place(index, false),
                format!(
                    "{one} `{}` would be the {member} `{wanted}`, which the generated type uses itself; it is `{}` (name it with `{key}` to choose)",
                    wires[index], decision.name
                ),
            );
            }
            Outcome::Renamed { wanted, rivals } => {
                let related: Vec<(Location, String)> = match member_at {
                    Some(member_at) => rivals
                        .iter()
                        .map(|&rival| {
                            let verb = match decisions.get(rival) {
                                Some(d) if d.name == *wanted => "is",
                                _ => "would also be",
                            };
                            (
                                report.at(member_at(rival, false)),
                                format!("`{}` {verb} the {member} `{wanted}`", wire(rival)),
                            )
                        })
                        .collect(),
                    None => Vec::new(),
                };
                let diagnostic = report.warning(codes::RENAMED_MEMBER,
                place(index, false),
                format!(
                    "{what} {} and `{}` would {} be the {member} `{wanted}`; `{}` is `{}` (name them with `{key}` to choose)",
                    named(rivals),
                    wires[index],
                    both(rivals),
                    wires[index],
                    decision.name
                ),
            );
                for (location, label) in related {
                    diagnostic.also_at(location, label);
                }
            }
            Outcome::Conflict { with } => {
                let related = match (member_at, with) {
                    (Some(member_at), Some(other)) => Some((
                        report.at(member_at(*other, true)),
                        format!("`{}` is also named `{}`", wire(*other), decision.name),
                    )),
                    _ => None,
                };
                let diagnostic = report.error(
                    codes::COLLIDING_EXPLICIT_MEMBER_NAMES,
                    place(index, true),
                    format!(
                        "{what} {} and `{}` are both named `{}` by `{key}`; choose distinct names",
                        named(with.as_slice()),
                        wires[index],
                        decision.name
                    ),
                );
                if let Some((location, label)) = related {
                    diagnostic.also_at(location, label);
                }
            }
        }
    }
}

/// Names the known values of an enum (`x-enum-varnames` first, then the
/// lock's names, else derived ones), deciding collisions: their names, in
/// order, and the catch-all variant's.
fn name_enum_variants<T: std::fmt::Display>(
    variants: &[crate::ir::EnumVariant<T>],
    derived: impl Fn(&T) -> String,
    locked: impl Fn(&str) -> Option<String>,
    locked_other: Option<String>,
    at: &str,
    report: &mut Reporter<'_>,
) -> (Vec<String>, String) {
    let wires: Vec<String> = variants.iter().map(|v| v.wire.to_string()).collect();
    let mut claims = Vec::with_capacity(variants.len());
    for (variant, wire) in variants.iter().zip(&wires) {
        let explicit = variant.explicit.as_deref().map(type_ident);
        if explicit.as_deref() == Some("") {
            report.warning(codes::UNUSABLE_ENUM_VARNAME,
                at,
                format!("the `x-enum-varnames` entry for `{wire}` is not a usable name; the variant gets a derived name"),
            );
        }
        let explicit = explicit.filter(|n| !n.is_empty());
        claims.push(member_claim(
            wire,
            derived(&variant.wire),
            explicit,
            locked(wire),
        ));
    }
    let mut wire_refs: Vec<&str> = wires.iter().map(String::as_str).collect();
    // A published catch-all keeps its name against a new value: it is a
    // claim like the others (with no wire value).
    if let Some(other) = &locked_other {
        claims.push(Claim {
            wanted: other.clone(),
            choice: Choice::Locked,
            derived: other.clone(),
            identity: String::new(),
            rank: 0,
        });
        wire_refs.push("");
    }
    let mut decisions = decide_members(&claims, &wire_refs, Case::Camel, &|_| false);
    // The IR does not keep a value's index in `enum` (duplicates and
    // `null` are dropped), so variants are reported at the `enum` itself.
    report_members(&decisions, &wire_refs, &VARIANTS, at, None, report);
    let kept_other = match (&locked_other, decisions.len() > variants.len()) {
        (Some(other), true) => decisions.pop().filter(|d| d.name == *other).map(|d| d.name),
        _ => None,
    };
    let names: Vec<String> = decisions.into_iter().map(|d| d.name).collect();
    let taken: BTreeMap<String, ()> = names.iter().map(|n| (n.clone(), ())).collect();
    let other = kept_other.unwrap_or_else(|| other_variant(&taken));
    (names, other)
}

/// The catch-all variant's name: `Other`, unless a known value already took it.
fn other_variant<V>(taken: &BTreeMap<String, V>) -> String {
    ["Other", "Unknown", "UnknownValue", "OtherValue"]
        .into_iter()
        .map(str::to_owned)
        .chain((1..).map(|n| format!("Other{n}")))
        .find(|n| !taken.contains_key(n))
        .unwrap_or_default()
}

/// A wire enum value as a variant name. Signs carry meaning in values such as
/// `Etc/GMT-1` (which is *east* of Greenwich) and must never be dropped:
/// `+` reads "plus", and a `-` before a digit reads "minus", so
/// `Etc/GMT+1` → `EtcGmtPlus1` and `Etc/GMT-1` → `EtcGmtMinus1`.
pub fn enum_variant_ident(wire: &str) -> String {
    let mut spelled = String::with_capacity(wire.len() + 8);
    let mut chars = wire.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '+' => spelled.push_str(" plus "),
            '-' if chars.peek().is_some_and(char::is_ascii_digit) => spelled.push_str(" minus "),
            other => spelled.push(other),
        }
    }
    let name = type_ident(&spelled);
    if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    }
}
