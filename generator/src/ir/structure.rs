//! Each type's structure as a digest: what stays the same when a vendor
//! renames a component or moves a schema to another place.
//!
//! The digest covers what the wire and the Rust types are made of: member
//! keys, requiredness, nullability, value types, enum values, formats,
//! alternatives and their tags, with every named reference replaced by the
//! structure of what it names (so a `$ref` and an inline copy of its
//! target are the same). Names (the component's, `x-rust-name`, variant
//! names), documentation, examples, defaults, deprecation and the places a
//! schema was written are not part of it.
//!
//! References are followed by digest, not by recursion: types are visited
//! by strongly connected components of the reference graph, sinks first,
//! so an acyclic type costs one pass over its own members. A type on a
//! cycle is its structure unfolded `CYCLE_DEPTH` references deep: every
//! member of the cycle starts from its own shape and takes in its
//! references' digests of the previous round, a fixed number of rounds.
//! Fixed, so that the digest depends on the structure alone and not on how
//! many copies of it the document holds (the lock's digests are taken after
//! deduplication, the new document's before), and bounded, so a recursive
//! schema costs a constant times its size. Digests are FNV-1a over text
//! built from the structure alone, so they are the same run to run, on
//! every machine, whatever the order of the types.

use super::{Shape, Ty, TypeDef, TypeSpace};
use crate::digest::digest;
use std::collections::BTreeSet;

/// How many references deep a type on a cycle is compared: two recursive
/// types that differ only deeper than this have one digest (a vanished type
/// and a new one are then taken for each other only if nothing else of that
/// structure is around).
const CYCLE_DEPTH: usize = 16;

/// The structural digest of every type, by type index.
pub fn digests(types: &TypeSpace) -> Vec<String> {
    let locals: Vec<(String, Vec<usize>)> = types.types.iter().map(local).collect();
    let edges: Vec<Vec<usize>> = locals.iter().map(|(_, refs)| refs.clone()).collect();
    let component = super::graph::components(&edges);
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (node, &c) in component.iter().enumerate() {
        if members.len() <= c {
            members.resize_with(c + 1, Vec::new);
        }
        members[c].push(node);
    }
    let mut done: Vec<Option<String>> = vec![None; locals.len()];
    // Tarjan numbers components sinks first: what a type refers to outside
    // its own cycle is final when the type is visited.
    for group in &members {
        let cyclic = match group.as_slice() {
            [only] => edges[*only].contains(only),
            _ => true,
        };
        if cyclic {
            for (node, value) in refine_cycle(group, &locals, &done) {
                done[node] = Some(value);
            }
        } else {
            for &node in group {
                let value = combine(&locals[node], |r| done[r].clone().unwrap_or_default());
                done[node] = Some(value);
            }
        }
    }
    done.into_iter().map(Option::unwrap_or_default).collect()
}

/// The digests of the types of one cycle (see the module docs).
fn refine_cycle(
    group: &[usize],
    locals: &[(String, Vec<usize>)],
    done: &[Option<String>],
) -> Vec<(usize, String)> {
    let positions: std::collections::BTreeMap<usize, usize> =
        group.iter().enumerate().map(|(p, &n)| (n, p)).collect();
    let mut current: Vec<String> = group.iter().map(|&n| digest(&locals[n].0)).collect();
    for _ in 0..CYCLE_DEPTH {
        current = group
            .iter()
            .map(|&n| {
                combine(&locals[n], |r| match positions.get(&r) {
                    Some(&p) => current[p].clone(),
                    None => done[r].clone().unwrap_or_default(),
                })
            })
            .collect();
    }
    group.iter().copied().zip(current).collect()
}

/// A type's own shape and the digests of what it references, as one digest.
fn combine(local: &(String, Vec<usize>), digest_of: impl Fn(usize) -> String) -> String {
    let (shape, refs) = local;
    let mut text = shape.clone();
    text.push('|');
    for r in refs {
        text.push_str(&digest_of(*r));
        text.push(',');
    }
    digest(&text)
}

/// A type's shape with named references written `#`, and the referenced
/// type indices in the order the `#`s appear.
fn local(def: &TypeDef) -> (String, Vec<usize>) {
    let mut refs = Vec::new();
    let shape = match &def.shape {
        Shape::Struct(s) => {
            let mut fields: Vec<&super::Field> = s.fields.iter().collect();
            fields.sort_by(|a, b| a.wire.cmp(&b.wire));
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let ty = ty_text(&f.ty, &mut refs);
                    format!("{:?}:{}{}:{ty}", f.wire, f.required, f.nullable)
                })
                .collect();
            let additional = s.additional.as_ref().map(|ty| ty_text(ty, &mut refs));
            format!(
                "object{}{{{}}}{additional:?}",
                s.min_properties,
                fields.join(",")
            )
        }
        Shape::StringEnum(e) => {
            let values: BTreeSet<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
            format!("strings{values:?}")
        }
        Shape::IntEnum(e) => {
            let values: BTreeSet<i64> = e.variants.iter().map(|v| v.wire).collect();
            format!("integers{values:?}")
        }
        Shape::OneOf(o) => {
            let variants: Vec<String> = o
                .variants
                .iter()
                .map(|v| format!("{:?}{:?}:{}", v.format, v.tag, ty_text(&v.ty, &mut refs)))
                .collect();
            let property = o.discriminator.as_ref().map(|d| d.property.as_str());
            format!("oneOf{property:?}[{}]", variants.join(","))
        }
        Shape::Alias(ty) | Shape::Newtype(ty) => format!("alias {}", ty_text(ty, &mut refs)),
    };
    let shape = if def.distinct {
        format!("distinct {shape}")
    } else {
        shape
    };
    (shape, refs)
}

fn ty_text(ty: &Ty, refs: &mut Vec<usize>) -> String {
    match ty {
        Ty::Named(id) => {
            refs.push(id.0);
            "#".to_owned()
        }
        Ty::Array(inner) => format!("[{}]", ty_text(inner, refs)),
        Ty::Map(inner) => format!("{{{}}}", ty_text(inner, refs)),
        other => format!("{other:?}"),
    }
}
