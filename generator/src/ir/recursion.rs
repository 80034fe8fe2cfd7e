//! Recursion, settled once types are merged: aliases that contain
//! themselves become newtypes, fields on a cycle are boxed, and how deep
//! types nest (what a crate's `recursion_limit` must allow).

use super::graph;
use super::{Shape, Ty, TypeId, TypeSpace};
use crate::diagnostics::{Reporter, codes};

/// Named references a shape holds directly, or through lists and maps when
/// `through_containers` (which allocate, and so break a struct's recursion).
fn edges(
    types: &TypeSpace,
    pick: fn(&Shape) -> Vec<&Ty>,
    through_containers: bool,
) -> Vec<Vec<usize>> {
    types
        .types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            for ty in pick(&def.shape) {
                if through_containers {
                    let mut named = Vec::new();
                    ty.push_named(&mut named);
                    out.extend(named.into_iter().map(|id| id.0));
                } else if let Ty::Named(id) = ty {
                    out.push(id.0);
                }
            }
            out
        })
        .collect()
}

/// Aliases that contain themselves (`Tree = Vec<Tree>`, `Map = BTreeMap<String, Map>`)
/// become newtypes: a Rust type alias cannot name itself (E0391). So do
/// aliases marked `x-rust-distinct`.
pub fn break_recursive_aliases(types: &mut TypeSpace) {
    let alias_edges = edges(types, alias_tys, true);
    let component = graph::components(&alias_edges);
    for (index, (def, targets)) in types.types.iter_mut().zip(&alias_edges).enumerate() {
        let recursive = targets
            .iter()
            .any(|&to| graph::on_cycle(&component, index, to));
        // `x-rust-distinct` asks for the same wrapper for another reason.
        if (recursive || def.distinct)
            && let Shape::Alias(ty) = &def.shape
        {
            def.shape = Shape::Newtype(ty.clone());
        }
    }
}

/// Marks struct fields that must be boxed: those whose type can reach the
/// struct again without passing through a `Vec` or map (which already allocate).
/// A `oneOf` that contains itself with no object, list or map in between
/// (which would be an infinitely large enum) is reported.
pub fn mark_recursive_fields(types: &mut TypeSpace, report: &mut Reporter<'_>) {
    let direct = graph::components(&edges(types, direct_tys, false));
    // Struct fields on a cycle are boxed, so only a cycle made of `oneOf`
    // alternatives alone has no indirection.
    let one_of_edges = edges(types, one_of_tys, false);
    let one_of_only = graph::components(&one_of_edges);
    let pointers: Vec<String> = types
        .types
        .iter()
        .map(|def| def.pointer().to_owned())
        .collect();
    for (index, (def, alternatives)) in types.types.iter_mut().zip(&one_of_edges).enumerate() {
        if let Some(&back) = alternatives
            .iter()
            .find(|&&to| graph::on_cycle(&one_of_only, index, to))
        {
            let pointer = def.pointer().to_owned();
            let alternative = pointers.get(back).map(|p| report.at(p.as_str()));
            let diagnostic = report.error(codes::ONE_OF_CONTAINS_ITSELF,
                pointer,
                "this oneOf contains itself with no object, list or map in between, which no value can end; make the recursion go through an object property or a list",
            );
            if let Some(alternative) = alternative {
                diagnostic.also_at(alternative, "the alternative that leads back to it");
            }
        }
        if let Shape::Struct(s) = &mut def.shape {
            for field in &mut s.fields {
                field.boxed = matches!(field.ty, Ty::Named(TypeId(to)) if graph::on_cycle(&direct, index, to));
            }
        }
    }
}

/// The longest chain of types held inside one another with no allocation in
/// between (a struct's unboxed member, a `oneOf`'s alternative, an alias's
/// target): how deep rustc recurses to lay them out. Edges on a cycle are
/// boxed (see [`mark_recursive_fields`]) and so not counted.
pub fn containment_depth(types: &TypeSpace) -> usize {
    let edges: Vec<Vec<usize>> = types
        .types
        .iter()
        .map(|def| match &def.shape {
            Shape::Struct(s) => s
                .fields
                .iter()
                .filter(|f| !f.boxed)
                .filter_map(|f| direct_id(&f.ty))
                .collect(),
            Shape::OneOf(o) => o.variants.iter().filter_map(|v| direct_id(&v.ty)).collect(),
            Shape::Alias(ty) => direct_id(ty).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = graph::components(&edges);
    // Components are numbered sinks first, so successors are done first.
    let mut order: Vec<usize> = (0..edges.len()).collect();
    order.sort_by_key(|&n| component[n]);
    let mut depth = vec![1usize; edges.len()];
    for node in order {
        depth[node] = 1 + edges[node]
            .iter()
            .filter(|&&to| component[to] != component[node])
            .map(|&to| depth[to])
            .max()
            .unwrap_or(0);
    }
    depth.into_iter().max().unwrap_or(0)
}

fn direct_id(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Named(id) => Some(id.0),
        _ => None,
    }
}

fn alias_tys(shape: &Shape) -> Vec<&Ty> {
    match shape {
        Shape::Alias(ty) => vec![ty],
        _ => Vec::new(),
    }
}

fn direct_tys(shape: &Shape) -> Vec<&Ty> {
    match shape {
        Shape::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        Shape::OneOf(o) => o.variants.iter().map(|v| &v.ty).collect(),
        // An alias of a named type (`allOf: [$ref]` as a component) is that
        // type, held directly; one of a list or map allocates, adding no edge.
        Shape::Alias(ty @ Ty::Named(_)) => vec![ty],
        _ => Vec::new(),
    }
}

fn one_of_tys(shape: &Shape) -> Vec<&Ty> {
    match shape {
        Shape::OneOf(o) => o.variants.iter().map(|v| &v.ty).collect(),
        Shape::Alias(ty @ Ty::Named(_)) => vec![ty],
        _ => Vec::new(),
    }
}
