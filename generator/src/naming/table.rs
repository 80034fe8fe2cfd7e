//! What naming returns: every Rust name it chose, kept beside the IR
//! rather than inside it, so no IR field is empty until a later pass fills
//! it.
//!
//! Each name sits where its item sits in the IR: a type's by its
//! [`TypeId`], an operation's by its position in [`Api::operations`], a
//! member's by its position in its type or operation. The one pass that
//! reorders members after naming (published argument orders) moves their
//! names with them.

use crate::ir::{Api, Shape, TypeId};

/// The names of a whole API.
#[derive(Clone, Debug, Default)]
pub struct Names {
    types: Vec<TypeNames>,
    operations: Vec<OperationNames>,
}

/// A type's name, its module and its members' names.
#[derive(Clone, Debug, Default)]
pub struct TypeNames {
    /// The Rust type name.
    pub name: String,
    /// The module (file) the type is emitted into.
    pub module: String,
    /// A struct's fields, an enum's variants or a `oneOf`'s alternatives,
    /// in the IR's order.
    pub members: Vec<String>,
    /// An enum's catch-all variant (empty for other shapes).
    pub other: String,
}

/// An operation's method, module, arguments and status variants.
#[derive(Clone, Debug, Default)]
pub struct OperationNames {
    /// The Rust method name.
    pub method: String,
    /// The module (file) the operation goes into.
    pub module: String,
    /// Each parameter's argument or setter name, in
    /// [`Operation::params`](crate::ir::Operation::params) order.
    pub params: Vec<String>,
    /// Each parameter's key in the API lock (naming may keep one the lock
    /// published), in the same order.
    pub param_keys: Vec<Vec<String>>,
    /// Each documented response's variant name, in spec order.
    pub responses: Vec<String>,
}

impl Names {
    /// Empty names, one slot for every type and member of `api` and one
    /// entry per operation (filled whole by the operations pass).
    pub(crate) fn slots(api: &Api) -> Self {
        let types = api
            .types
            .types
            .iter()
            .map(|def| TypeNames {
                members: vec![String::new(); member_count(&def.shape)],
                ..TypeNames::default()
            })
            .collect();
        let operations = vec![OperationNames::default(); api.operations.len()];
        Self { types, operations }
    }

    /// The names of the type `id` (an id of the API they were chosen for).
    pub fn ty(&self, id: TypeId) -> &TypeNames {
        &self.types[id.0]
    }

    /// The names of the `index`th operation.
    pub fn operation(&self, index: usize) -> &OperationNames {
        &self.operations[index]
    }

    /// Every type's names, by id.
    pub fn types(&self) -> &[TypeNames] {
        &self.types
    }

    /// Every operation's names, in IR order.
    pub fn operations(&self) -> &[OperationNames] {
        &self.operations
    }

    pub(super) fn ty_mut(&mut self, id: TypeId) -> &mut TypeNames {
        &mut self.types[id.0]
    }

    pub(super) fn operation_mut(&mut self, index: usize) -> &mut OperationNames {
        &mut self.operations[index]
    }
}

/// How many members of a type of this shape have names.
fn member_count(shape: &Shape) -> usize {
    match shape {
        Shape::Struct(s) => s.fields.len(),
        Shape::StringEnum(e) => e.variants.len(),
        Shape::IntEnum(e) => e.variants.len(),
        Shape::OneOf(o) => o.variants.len(),
        Shape::Alias(_) | Shape::Newtype(_) => 0,
    }
}
