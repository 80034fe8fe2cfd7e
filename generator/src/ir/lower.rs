//! Entry point of lowering: spec → [`Api`].

use super::operations::lower_operations;
use super::schema::SchemaLowerer;
use super::{Api, Shape, Ty, TypeId, TypeSpace};
use crate::diagnostics::Diagnostics;
use crate::load::LoadedSpec;

/// Lowers the loaded spec into the IR (before deduplication and naming).
pub fn lower(spec: &LoadedSpec, file: &str, diags: &mut Diagnostics) -> Api {
    let mut lowerer = SchemaLowerer::new(&spec.api, file, diags);
    lowerer.lower_components();
    let operations = lower_operations(&mut lowerer);
    let SchemaLowerer {
        types, examples, ..
    } = lowerer;
    Api {
        title: spec.api.info.title.clone(),
        version: spec.api.info.version.clone(),
        description: spec.api.info.description.clone(),
        default_base_url: spec.api.servers.first().map(|s| s.url.clone()),
        server_variables: server_variables(&spec.api),
        types,
        operations,
        examples,
    }
}

/// The first server's URL variables: the ones its base URL is built from.
fn server_variables(api: &openapiv3::OpenAPI) -> Vec<super::ServerVariable> {
    let Some(variables) = api.servers.first().and_then(|s| s.variables.as_ref()) else {
        return Vec::new();
    };
    variables
        .iter()
        .map(|(name, variable)| super::ServerVariable {
            name: name.clone(),
            default: variable.default.clone(),
            allowed: variable.enumeration.clone(),
            doc: variable.description.clone(),
            env_var: super::operations::extension_string(
                &variable.extensions,
                super::operations::X_ENV_VAR,
            ),
            pointer: crate::diagnostics::pointer_push("/servers/0/variables", name),
        })
        .collect()
}

/// Marks struct fields that must be boxed: those whose type can reach the
/// struct again without passing through a `Vec` or map (which already allocate).
/// A `oneOf` that contains itself with no object, list or map in between
/// (which would be an infinitely large enum) is reported.
pub fn mark_recursive_fields(types: &mut TypeSpace, file: &str, diags: &mut Diagnostics) {
    let count = types.types.len();
    let edges = |through_structs: bool| -> Vec<Vec<TypeId>> {
        types
            .types
            .iter()
            .map(|def| match &def.shape {
                Shape::Struct(s) if through_structs => s
                    .fields
                    .iter()
                    .filter_map(|f| direct_named(&f.ty))
                    .collect(),
                Shape::OneOf(o) => o
                    .variants
                    .iter()
                    .filter_map(|v| direct_named(&v.ty))
                    .collect(),
                // An alias holds a built-in shape (a list or map allocates), never
                // a bare named type, so it adds no direct edge.
                _ => Vec::new(),
            })
            .collect()
    };
    let direct = edges(true);
    // Struct fields on a cycle are boxed, so only a cycle made of `oneOf`
    // alternatives alone has no indirection.
    let one_of_only = edges(false);
    let reaches = |edges: &[Vec<TypeId>], from: TypeId, to: TypeId| {
        let mut seen = vec![false; count];
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            stack.extend(edges[id.0].iter().copied());
        }
        false
    };
    for index in 0..count {
        let owner = TypeId(index);
        if let Shape::OneOf(o) = &types.types[index].shape
            && o.variants
                .iter()
                .any(|v| direct_named(&v.ty).is_some_and(|t| reaches(&one_of_only, t, owner)))
        {
            let pointer = types.types[index]
                .origins
                .first()
                .map(|o| o.pointer.clone())
                .unwrap_or_default();
            diags.error(
                crate::diagnostics::Location::new(file, pointer),
                "this oneOf contains itself with no object, list or map in between, which no value can end; make the recursion go through an object property or a list",
            );
        }
        let boxed: Vec<bool> = match &types.types[index].shape {
            Shape::Struct(s) => s
                .fields
                .iter()
                .map(|f| direct_named(&f.ty).is_some_and(|t| reaches(&direct, t, owner)))
                .collect(),
            _ => continue,
        };
        if let Shape::Struct(s) = &mut types.types[index].shape {
            for (field, boxed) in s.fields.iter_mut().zip(boxed) {
                field.boxed = boxed;
            }
        }
    }
}

fn direct_named(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        _ => None,
    }
}
