//! Which module (file) each type goes into.

use super::{COMMON_MODULE, Names, OWN_FILE_VARIANTS};
use crate::idents::module_ident;
use crate::ir::{Api, Shape};
use std::collections::BTreeSet;

/// Puts each type in a module: the module of the only tag that uses it,
/// `common` when several do, and a file of its own for very large enums.
pub(super) fn assign_type_modules(api: &Api, names: &mut Names) {
    let count = api.types.types.len();
    let mut tags: Vec<BTreeSet<String>> = vec![BTreeSet::new(); count];
    for (op, op_names) in api.operations.iter().zip(names.operations()) {
        let roots = op
            .params()
            .map(|p| &p.ty)
            .chain(op.body.iter().map(|b| &b.ty))
            .chain(op.responses.iter().filter_map(|r| r.ty.as_ref()));
        for (index, reached) in api.types.reachable(roots).into_iter().enumerate() {
            if reached {
                tags[index].insert(op_names.module.clone());
            }
        }
    }
    for ((id, def), tags) in api.types.ids().zip(&api.types.types).zip(tags) {
        let type_names = names.ty_mut(id);
        let big_enum = match &def.shape {
            Shape::StringEnum(e) => e.variants.len() >= OWN_FILE_VARIANTS,
            Shape::IntEnum(e) => e.variants.len() >= OWN_FILE_VARIANTS,
            _ => false,
        };
        type_names.module = if big_enum {
            module_ident(&type_names.name)
        } else if tags.len() == 1 {
            tags.into_iter()
                .next()
                .unwrap_or_else(|| COMMON_MODULE.to_owned())
        } else {
            COMMON_MODULE.to_owned()
        };
    }
}
