//! Views that put naming's table back beside the IR for emission: an item
//! with its Rust name, and types and operations whose members carry theirs.
//!
//! Each view dereferences to the IR item it wraps, so emission reads
//! `field.wire` and `field.name` from one value, as it would if the name
//! were a field of the IR; the IR itself has no name fields (naming returns
//! them as a table, `naming::Names`), so nothing can read a name before
//! naming chose it. The views own only vectors of references, built once
//! per type or operation emitted.

use super::rust::Context;
use crate::ir::{
    EnumVariant, Field, IntEnum, OneOf, OneOfVariant, Operation, Param, Response, StringEnum,
    Struct, TypeId,
};
use std::ops::Deref;

/// An IR item with the Rust name naming chose for it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Named<'a, T> {
    pub(crate) item: &'a T,
    pub(crate) name: &'a str,
}

impl<T> Deref for Named<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.item
    }
}

/// Pairs each item with its name (naming gives one name per item, in order).
fn pair<'a, T>(items: &'a [T], names: &'a [String]) -> Vec<Named<'a, T>> {
    items
        .iter()
        .zip(names)
        .map(|(item, name)| Named { item, name })
        .collect()
}

/// A struct whose fields carry their names.
pub(crate) struct NamedStruct<'a> {
    shape: &'a Struct,
    pub(crate) fields: Vec<Named<'a, Field>>,
}

impl Deref for NamedStruct<'_> {
    type Target = Struct;
    fn deref(&self) -> &Struct {
        self.shape
    }
}

/// An enum whose variants carry their names, with its catch-all's name.
pub(crate) struct NamedEnum<'a, E, V> {
    shape: &'a E,
    pub(crate) variants: Vec<Named<'a, EnumVariant<V>>>,
    pub(crate) other: &'a str,
}

impl<E, V> Deref for NamedEnum<'_, E, V> {
    type Target = E;
    fn deref(&self) -> &E {
        self.shape
    }
}

/// A `oneOf` whose alternatives carry their names.
pub(crate) struct NamedOneOf<'a> {
    shape: &'a OneOf,
    pub(crate) variants: Vec<Named<'a, OneOfVariant>>,
}

impl Deref for NamedOneOf<'_> {
    type Target = OneOf;
    fn deref(&self) -> &OneOf {
        self.shape
    }
}

/// An operation with its method name, whose parameters and responses
/// carry theirs.
pub(crate) struct NamedOperation<'a> {
    op: &'a Operation,
    /// The method name.
    pub(crate) name: &'a str,
    pub(crate) path_params: Vec<Named<'a, Param>>,
    pub(crate) query_params: Vec<Named<'a, Param>>,
    pub(crate) header_params: Vec<Named<'a, Param>>,
    pub(crate) cookie_params: Vec<Named<'a, Param>>,
    pub(crate) responses: Vec<Named<'a, Response>>,
}

impl Deref for NamedOperation<'_> {
    type Target = Operation;
    fn deref(&self) -> &Operation {
        self.op
    }
}

impl<'a> NamedOperation<'a> {
    /// Every parameter with its name: path (in template order), query,
    /// header, cookie, as [`Operation::params`].
    pub(crate) fn params(&self) -> impl Iterator<Item = &Named<'a, Param>> {
        self.path_params
            .iter()
            .chain(&self.query_params)
            .chain(&self.header_params)
            .chain(&self.cookie_params)
    }
}

impl<'a> Context<'a> {
    /// The struct `s` (the shape of the type `id`) with its field names.
    pub(crate) fn named_struct(&self, id: TypeId, s: &'a Struct) -> NamedStruct<'a> {
        NamedStruct {
            shape: s,
            fields: pair(&s.fields, self.member_names(id)),
        }
    }

    /// The string enum `e` (the shape of the type `id`) with its names.
    pub(crate) fn named_string_enum(
        &self,
        id: TypeId,
        e: &'a StringEnum,
    ) -> NamedEnum<'a, StringEnum, String> {
        NamedEnum {
            shape: e,
            variants: pair(&e.variants, self.member_names(id)),
            other: &self.names.ty(id).other,
        }
    }

    /// The integer enum `e` (the shape of the type `id`) with its names.
    pub(crate) fn named_int_enum(&self, id: TypeId, e: &'a IntEnum) -> NamedEnum<'a, IntEnum, i64> {
        NamedEnum {
            shape: e,
            variants: pair(&e.variants, self.member_names(id)),
            other: &self.names.ty(id).other,
        }
    }

    /// The `oneOf` `o` (the shape of the type `id`) with its alternatives' names.
    pub(crate) fn named_one_of(&self, id: TypeId, o: &'a OneOf) -> NamedOneOf<'a> {
        NamedOneOf {
            shape: o,
            variants: pair(&o.variants, self.member_names(id)),
        }
    }

    /// The `index`th operation with its names.
    pub(crate) fn named_operation(&self, index: usize) -> NamedOperation<'a> {
        let op = &self.api.operations[index];
        let names = self.operation_names(index);
        // Parameter names are in `Operation::params` order.
        let (path, rest) = names
            .params
            .split_at(op.path_params.len().min(names.params.len()));
        let (query, rest) = rest.split_at(op.query_params.len().min(rest.len()));
        let (header, cookie) = rest.split_at(op.header_params.len().min(rest.len()));
        NamedOperation {
            op,
            name: &names.method,
            path_params: pair(&op.path_params, path),
            query_params: pair(&op.query_params, query),
            header_params: pair(&op.header_params, header),
            cookie_params: pair(&op.cookie_params, cookie),
            responses: pair(&op.responses, &names.responses),
        }
    }
}
