//! Schema lowering: OpenAPI schemas → [`Ty`] references and [`TypeDef`]s.
//!
//! Every component schema gets exactly one [`TypeDef`] (reserved before its
//! body is lowered, so `$ref` cycles resolve to the reserved id). Inline
//! schemas get a `TypeDef` only when they need a name: objects with
//! properties, enums and `oneOf`s; everything else becomes a built-in [`Ty`].

use super::{
    EnumVariant, Example, Field, IntEnum, IntWidth, NameSource, NumberKind, OneOf, OneOfVariant,
    Origin, Shape, StringEnum, Struct, Ty, TypeDef, TypeId, TypeSpace,
};
use crate::diagnostics::{Diagnostics, Location, pointer_push};
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// Extension naming a type (`x-rust-name: Timezone`).
pub(crate) const X_RUST_NAME: &str = "x-rust-name";
/// Extension naming enum variants, in the order of `enum` (as openapi-generator does).
pub(crate) const X_ENUM_VARNAMES: &str = "x-enum-varnames";

/// Schema lowering state shared by the whole spec.
pub(crate) struct SchemaLowerer<'a> {
    pub(crate) api: &'a openapiv3::OpenAPI,
    pub(crate) file: &'a str,
    pub(crate) diags: &'a mut Diagnostics,
    pub(crate) types: TypeSpace,
    pub(crate) examples: Vec<Example>,
    components: BTreeMap<String, Ty>,
}

/// A schema seen through `ReferenceOr`, boxed or not.
pub(crate) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(value: &'s ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(value: &'s ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> SchemaLowerer<'a> {
    pub(crate) fn new(
        api: &'a openapiv3::OpenAPI,
        file: &'a str,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Self {
            api,
            file,
            diags,
            types: TypeSpace::default(),
            examples: Vec::new(),
            components: BTreeMap::new(),
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.error(Location::new(self.file, pointer), message);
    }

    fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags
            .warning(Location::new(self.file, pointer), message);
    }

    /// Lowers every component schema, in document order, so each gets its type
    /// even when no operation uses it.
    pub(crate) fn lower_components(&mut self) {
        let names: Vec<String> = self
            .api
            .components
            .as_ref()
            .map(|c| c.schemas.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            self.component(&name, &pointer_push("/components/schemas", &name));
        }
    }

    /// The type of `#/components/schemas/{name}`; `from` is the pointer of the `$ref`.
    fn component(&mut self, name: &str, from: &str) -> Ty {
        if let Some(ty) = self.components.get(name) {
            return ty.clone();
        }
        let api = self.api;
        let Some(entry) = api.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            self.error(
                from,
                format!("`$ref` to `{SCHEMA_PREFIX}{name}`, which does not exist"),
            );
            return Ty::Json;
        };
        let pointer = pointer_push("/components/schemas", name);
        let schema = match entry {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                // A component that is only a `$ref` is the same type under another name.
                self.components.insert(name.to_owned(), Ty::Json);
                let ty = self.resolve_ref(reference, &pointer);
                self.components.insert(name.to_owned(), ty.clone());
                return ty;
            }
        };
        // Reserve the id first: a `$ref` back to this component while its
        // body is being lowered (a recursive type) resolves to it.
        let id = self.types.push(TypeDef {
            shape: Shape::Alias(Ty::Json),
            doc: schema.schema_data.description.clone(),
            origins: vec![Origin {
                pointer: pointer.clone(),
                name: self.name_source(schema, NameSource::Component(name.to_owned())),
            }],
            name: String::new(),
            default: schema.schema_data.default.clone(),
            module: String::new(),
        });
        self.components.insert(name.to_owned(), Ty::Named(id));
        let shape = match self.shape_of(schema, &pointer, id) {
            Some(shape) => shape,
            None => Shape::Alias(self.builtin(schema, &pointer, id)),
        };
        self.types.types[id.0].shape = shape;
        self.record_example(schema, &pointer, Ty::Named(id));
        Ty::Named(id)
    }

    fn resolve_ref(&mut self, reference: &str, pointer: &str) -> Ty {
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(name) if !name.contains('/') => {
                self.component(&unescape_pointer_token(name), pointer)
            }
            _ => {
                self.error(
                    pointer,
                    format!("unsupported `$ref` `{reference}`: only local references to `{SCHEMA_PREFIX}…` are supported for schemas"),
                );
                Ty::Json
            }
        }
    }

    /// Lowers a schema found at `pointer`; `name` is how a new type here would be named.
    pub(crate) fn lower(&mut self, schema: SchemaRef<'_>, pointer: &str, name: NameSource) -> Ty {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.resolve_ref(reference, pointer),
            SchemaRef::Inline(schema) => schema,
        };
        let ty = if needs_named_type(schema) {
            let id = self.types.push(TypeDef {
                shape: Shape::Alias(Ty::Json),
                doc: schema.schema_data.description.clone(),
                origins: vec![Origin {
                    pointer: pointer.to_owned(),
                    name: self.name_source(schema, name),
                }],
                name: String::new(),
                default: schema.schema_data.default.clone(),
                module: String::new(),
            });
            let shape = self
                .shape_of(schema, pointer, id)
                .unwrap_or(Shape::Alias(Ty::Json));
            self.types.types[id.0].shape = shape;
            Ty::Named(id)
        } else {
            // Built-in shapes nest under the nearest named type; the caller's
            // name source tells us which one that is.
            let parent = match &name {
                NameSource::Nested { parent, .. } => Some(*parent),
                _ => None,
            };
            self.builtin_with_parent(schema, pointer, parent, &name)
        };
        self.record_example(schema, pointer, ty.clone());
        ty
    }

    fn name_source(&self, schema: &Schema, fallback: NameSource) -> NameSource {
        match schema.schema_data.extensions.get(X_RUST_NAME) {
            Some(Value::String(name)) => NameSource::Explicit(name.clone()),
            _ => fallback,
        }
    }

    fn record_example(&mut self, schema: &Schema, pointer: &str, ty: Ty) {
        if let Some(value) = &schema.schema_data.example {
            self.examples.push(Example {
                pointer: pointer_push(pointer, "example"),
                ty,
                value: value.clone(),
            });
        }
    }

    /// The named shape of an object/enum/oneOf schema, `None` for built-in shapes.
    fn shape_of(&mut self, schema: &Schema, pointer: &str, id: TypeId) -> Option<Shape> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                Some(self.struct_shape(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    object.min_properties,
                    pointer,
                    id,
                ))
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                Some(self.string_enum(schema, &string.enumeration, pointer))
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                Some(self.int_enum(schema, &integer.enumeration, pointer))
            }
            SchemaKind::OneOf { one_of } => Some(self.one_of(one_of, pointer, "oneOf", id)),
            SchemaKind::AnyOf { any_of } => {
                self.warning(
                    pointer,
                    "`anyOf` is generated like `oneOf`: the most specific alternative that fits is chosen when decoding",
                );
                Some(self.one_of(any_of, pointer, "anyOf", id))
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                Some(self.one_of(&any.one_of, pointer, "oneOf", id))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => Some(self.struct_shape(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                any.min_properties,
                pointer,
                id,
            )),
            _ => None,
        }
    }

    fn struct_shape(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        min_properties: Option<usize>,
        pointer: &str,
        id: TypeId,
    ) -> Shape {
        let mut fields = Vec::with_capacity(properties.len());
        let properties_pointer = pointer_push(pointer, "properties");
        for (wire, property) in properties {
            let field_pointer = pointer_push(&properties_pointer, wire);
            let (doc, nullable) = match property {
                ReferenceOr::Item(s) => (s.schema_data.description.clone(), s.schema_data.nullable),
                ReferenceOr::Reference { .. } => (None, false),
            };
            let ty = self.lower(
                property.into(),
                &field_pointer,
                NameSource::Nested {
                    parent: id,
                    suffix: wire.clone(),
                },
            );
            fields.push(Field {
                wire: wire.clone(),
                name: String::new(),
                ty,
                required: required.iter().any(|r| r == wire),
                required_position: required.iter().position(|r| r == wire),
                nullable,
                doc,
                boxed: false,
            });
        }
        for (index, name) in required.iter().enumerate() {
            if !properties.contains_key(name) {
                self.warning(
                    &pointer_push(&pointer_push(pointer, "required"), &index.to_string()),
                    format!("`{name}` is listed as required but is not a declared property; it is ignored (declare it, or remove it from `required`, with an overlay)"),
                );
            }
        }
        if let Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true)) = additional
        {
            self.warning(
                &pointer_push(pointer, "additionalProperties"),
                "`additionalProperties` beside declared `properties` is not represented: unknown members are ignored when decoding",
            );
        }
        Shape::Struct(Struct {
            fields,
            min_properties: min_properties.unwrap_or(0),
        })
    }

    fn string_enum(&mut self, schema: &Schema, values: &[Option<String>], pointer: &str) -> Shape {
        let names = self.varnames(schema, values.len(), pointer);
        let mut variants = Vec::new();
        for (index, value) in values.iter().enumerate() {
            match value {
                Some(wire)
                    if !variants
                        .iter()
                        .any(|v: &EnumVariant<String>| &v.wire == wire) =>
                {
                    variants.push(EnumVariant {
                        wire: wire.clone(),
                        name: String::new(),
                        explicit: names.get(index).cloned(),
                    })
                }
                Some(wire) => self.warning(
                    &pointer_push(&pointer_push(pointer, "enum"), &index.to_string()),
                    format!("duplicate enum value `{wire}` is generated once"),
                ),
                // `null` in an enum only says the value may be null.
                None => {}
            }
        }
        Shape::StringEnum(StringEnum {
            variants,
            other: String::new(),
        })
    }

    fn int_enum(&mut self, schema: &Schema, values: &[Option<i64>], pointer: &str) -> Shape {
        let names = self.varnames(schema, values.len(), pointer);
        let mut variants: Vec<EnumVariant<i64>> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if let Some(wire) = value {
                if variants.iter().any(|v| v.wire == *wire) {
                    continue;
                }
                variants.push(EnumVariant {
                    wire: *wire,
                    name: String::new(),
                    explicit: names.get(index).cloned(),
                });
            }
        }
        Shape::IntEnum(IntEnum {
            variants,
            other: String::new(),
        })
    }

    fn varnames(&mut self, schema: &Schema, count: usize, pointer: &str) -> Vec<String> {
        match schema.schema_data.extensions.get(X_ENUM_VARNAMES) {
            None => Vec::new(),
            Some(Value::Array(items))
                if items.len() == count && items.iter().all(Value::is_string) =>
            {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            }
            Some(_) => {
                self.error(
                    &pointer_push(pointer, X_ENUM_VARNAMES),
                    format!("`{X_ENUM_VARNAMES}` must be a list of {count} strings, one per `enum` value"),
                );
                Vec::new()
            }
        }
    }

    fn one_of(
        &mut self,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &str,
        keyword: &str,
        id: TypeId,
    ) -> Shape {
        let list_pointer = pointer_push(pointer, keyword);
        let mut variants = Vec::with_capacity(alternatives.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            let variant_pointer = pointer_push(&list_pointer, &index.to_string());
            let (format, explicit) = match alternative {
                ReferenceOr::Item(s) => (
                    string_format(s),
                    match s.schema_data.extensions.get(X_RUST_NAME) {
                        Some(Value::String(n)) => Some(n.clone()),
                        _ => None,
                    },
                ),
                ReferenceOr::Reference { .. } => (None, None),
            };
            let ty = self.lower(
                alternative.into(),
                &variant_pointer,
                NameSource::Nested {
                    parent: id,
                    suffix: format!("#{index}"),
                },
            );
            variants.push(OneOfVariant {
                name: String::new(),
                ty,
                format,
                explicit,
            });
        }
        if variants.is_empty() {
            self.error(
                &list_pointer,
                format!("`{keyword}` must list at least one schema"),
            );
        }
        Shape::OneOf(OneOf { variants })
    }

    fn builtin(&mut self, schema: &Schema, pointer: &str, id: TypeId) -> Ty {
        self.builtin_with_parent(
            schema,
            pointer,
            Some(id),
            &NameSource::Nested {
                parent: id,
                suffix: String::new(),
            },
        )
    }

    /// Built-in shapes: primitives, arrays, maps, free-form JSON.
    fn builtin_with_parent(
        &mut self,
        schema: &Schema,
        pointer: &str,
        parent: Option<TypeId>,
        name: &NameSource,
    ) -> Ty {
        let nested = |suffix: &str| match (parent, name) {
            (Some(parent), NameSource::Nested { suffix: base, .. }) => NameSource::Nested {
                parent,
                suffix: format!("{base}{suffix}"),
            },
            (
                _,
                NameSource::Operation {
                    operation,
                    suffix: base,
                },
            ) => NameSource::Operation {
                operation: *operation,
                suffix: format!("{base}{suffix}"),
            },
            (_, NameSource::ComponentResponse(base)) => {
                NameSource::ComponentResponse(format!("{base}{suffix}"))
            }
            (_, other) => other.clone(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => Ty::String,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Boolean,
            SchemaKind::Type(Type::Integer(integer)) => Ty::Integer(int_width(&integer.format)),
            SchemaKind::Type(Type::Number(number)) => Ty::Number(number_kind(&number.format)),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => Ty::Array(Box::new(self.lower(
                    items.into(),
                    &pointer_push(pointer, "items"),
                    nested("Item"),
                ))),
                None => Ty::Array(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => self.map_of(
                object.additional_properties.as_ref(),
                pointer,
                nested("Value"),
            ),
            SchemaKind::Any(any) => self.any(any, pointer, nested),
            SchemaKind::AllOf { .. } => {
                self.error(pointer, "`allOf` is not supported yet: flatten it into one object schema with an overlay");
                Ty::Json
            }
            SchemaKind::Not { .. } => {
                self.error(pointer, "`not` cannot be represented as a Rust type");
                Ty::Json
            }
            // Named shapes are handled by `shape_of`; reaching here means an
            // empty oneOf/anyOf already reported, or an object without properties.
            _ => Ty::Json,
        }
    }

    fn map_of(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        name: NameSource,
    ) -> Ty {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value: &ReferenceOr<Schema> = value;
                Ty::Map(Box::new(self.lower(
                    value.into(),
                    &pointer_push(pointer, "additionalProperties"),
                    name,
                )))
            }
            _ => Ty::JsonObject,
        }
    }

    fn any(&mut self, any: &AnySchema, pointer: &str, nested: impl Fn(&str) -> NameSource) -> Ty {
        match any.typ.as_deref() {
            Some("string") => return Ty::String,
            Some("boolean") => return Ty::Boolean,
            Some("integer") => return Ty::Integer(IntWidth::I64),
            Some("number") => return Ty::Number(NumberKind::Exact),
            _ => {}
        }
        if let Some(items) = &any.items {
            return Ty::Array(Box::new(self.lower(
                items.into(),
                &pointer_push(pointer, "items"),
                nested("Item"),
            )));
        }
        if any.typ.as_deref() == Some("array") {
            return Ty::Array(Box::new(Ty::Json));
        }
        if any.additional_properties.is_some() || any.typ.as_deref() == Some("object") {
            return self.map_of(any.additional_properties.as_ref(), pointer, nested("Value"));
        }
        if !any.all_of.is_empty() {
            self.error(
                pointer,
                "`allOf` is not supported yet: flatten it into one object schema with an overlay",
            );
        }
        Ty::Json
    }
}

/// Whether an inline schema becomes a named type.
fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(integer)) => !integer.enumeration.is_empty(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => !any.properties.is_empty() || !any.one_of.is_empty(),
        _ => false,
    }
}

fn int_width(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> IntWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => IntWidth::I32,
        _ => IntWidth::I64,
    }
}

fn number_kind(format: &VariantOrUnknownOrEmpty<openapiv3::NumberFormat>) -> NumberKind {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => NumberKind::F32,
        VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Double) => NumberKind::F64,
        _ => NumberKind::Exact,
    }
}

/// `format` of a string schema, as written.
fn string_format(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(format) => Some(
                match format {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                }
                .to_owned(),
            ),
            VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    }
}

/// RFC 6901 unescaping of one reference token (`~1` → `/`, `~0` → `~`).
pub(crate) fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
