//! Schema lowering: OpenAPI schemas → [`Ty`] references and [`TypeDef`]s.
//!
//! Every `$ref` target that is an object, enum, `oneOf` or component gets
//! exactly one [`TypeDef`], reserved before its body is lowered, so reference
//! cycles resolve to the reserved id. Inline schemas get a `TypeDef` only when
//! they need a name: objects with properties, enums and `oneOf`s; everything
//! else becomes a built-in [`Ty`].
//!
//! Depth is bounded whatever the spec: a reference met deeper than
//! [`DEFER_DEPTH`] is reserved and queued instead of lowered in place (so a
//! chain of 10,000 `$ref`s costs a queue, not a stack), and inline nesting
//! deeper than [`MAX_INLINE_DEPTH`] is an error.

use super::all_of::{self, ObjectParts};
use super::refs::{self, Found, Unfollowable};
use super::{
    Discriminator, EnumVariant, Example, Field, IntEnum, IntWidth, NameSource, NumberKind, OneOf,
    OneOfVariant, Origin, Shape, StringEnum, Struct, Ty, TypeDef, TypeId, TypeSpace,
};
use crate::diagnostics::{
    Diagnostic, ErrorCode, Location, Reporter, Skipped, SkippedKind, WarningCode, codes,
    pointer_push,
};
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Extension naming a type (`x-rust-name: Timezone`).
pub(crate) const X_RUST_NAME: &str = "x-rust-name";
/// Extension documenting a schema or property the vendor left without a
/// `description` (`x-rust-doc: Destinations of a notification.`), set in
/// the Rust overlay; the vendor's description wins when it has one.
pub(crate) const X_RUST_DOC: &str = "x-rust-doc";
/// Extension keeping a built-in shape (a string, say) as a distinct type
/// instead of an alias (`x-rust-distinct: true`).
pub(crate) const X_RUST_DISTINCT: &str = "x-rust-distinct";
/// Extension naming enum variants, in the order of `enum` (as openapi-generator does).
pub(crate) const X_ENUM_VARNAMES: &str = "x-enum-varnames";
/// Extension naming an enum's variants by value (`x-rust-variant-names:
/// {"1": Active, "0": Inactive}`): unlike the positional `x-enum-varnames`,
/// a vendor reordering the values moves no name onto another value.
pub(crate) const X_RUST_VARIANT_NAMES: &str = "x-rust-variant-names";

/// References met this deep are queued rather than lowered in place.
const DEFER_DEPTH: usize = 24;
/// Inline schemas nested deeper than this are refused (no real spec comes close).
const MAX_INLINE_DEPTH: usize = 64;

/// Schema lowering state shared by the whole spec.
pub(crate) struct SchemaLowerer<'a> {
    pub(crate) api: &'a openapiv3::OpenAPI,
    /// The document as JSON, for references that do not name a component.
    raw: &'a Value,
    pub(crate) report: Reporter<'a>,
    pub(crate) types: TypeSpace,
    pub(crate) examples: Vec<Example>,
    /// The type of every `$ref` target met so far, by JSON pointer.
    targets: BTreeMap<String, Ty>,
    /// Schemas typed on demand from the raw document, by JSON pointer.
    parsed: BTreeMap<String, Rc<ReferenceOr<Schema>>>,
    /// Reserved types whose schema is still to be lowered.
    pending: VecDeque<(TypeId, String, Found<'a>)>,
    /// How deep the current lowering is nested.
    depth: usize,
    /// Formats the document asks to keep as `String` (`x-rust-formats`).
    string_formats: std::collections::BTreeSet<String>,
}

/// Root extension choosing how formats are generated: `x-rust-formats:
/// {date-time: string}` keeps `format: date-time` members as `String`.
pub(crate) const X_RUST_FORMATS: &str = "x-rust-formats";

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

impl all_of::Lowering for SchemaLowerer<'_> {
    fn report_error(
        &mut self,
        code: ErrorCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.error(code, pointer, message)
    }

    fn report_warning(
        &mut self,
        code: WarningCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.warning(code, pointer, message)
    }

    fn report_unfollowable(&mut self, at: &str, problem: Unfollowable) {
        self.unfollowable(at, problem, &[]);
    }

    fn place(&self, pointer: &str) -> Location {
        SchemaLowerer::place(self, pointer)
    }

    fn follow_schema(&mut self, pointer: &str, at: &str) -> Option<(String, ReferenceOr<Schema>)> {
        let (target, found) = self.follow(pointer, at)?;
        Some((target, found.get().clone()))
    }
}

impl<'a> SchemaLowerer<'a> {
    pub(crate) fn new(api: &'a openapiv3::OpenAPI, raw: &'a Value, report: Reporter<'a>) -> Self {
        Self {
            api,
            raw,
            report,
            types: TypeSpace::default(),
            examples: Vec::new(),
            targets: BTreeMap::new(),
            parsed: BTreeMap::new(),
            pending: VecDeque::new(),
            depth: 0,
            string_formats: std::collections::BTreeSet::new(),
        }
    }

    /// Reads `x-rust-formats` from the document root; bad entries are errors.
    pub(crate) fn read_format_choices(&mut self) {
        let Some(choices) = self.raw.get(X_RUST_FORMATS) else {
            return;
        };
        let pointer = format!("/{X_RUST_FORMATS}");
        let Some(choices) = choices.as_object() else {
            self.error(
                codes::INVALID_FORMAT_CHOICE,
                &pointer,
                format!("`{X_RUST_FORMATS}` must map formats to `string`"),
            );
            return;
        };
        for (format, choice) in choices {
            match choice.as_str() {
                Some("string") if super::Format::of(format).is_some() => {
                    self.string_formats.insert(format.clone());
                }
                Some("string") => {
                    self.warning(
                        codes::FORMAT_ALREADY_STRING,
                        &pointer_push(&pointer, format),
                        format!("format `{format}` is generated as `String` anyway"),
                    );
                }
                _ => {
                    self.error(
                        codes::INVALID_FORMAT_CHOICE,
                        &pointer_push(&pointer, format),
                        format!(
                            "`{X_RUST_FORMATS}` values must be `string` (keep the format as text)"
                        ),
                    );
                }
            }
        }
    }

    /// The type of a string with this `format`.
    fn string_ty(&self, format: Option<&str>) -> Ty {
        match format.and_then(super::Format::of) {
            Some(typed) if !format.is_some_and(|f| self.string_formats.contains(f)) => {
                Ty::Format(typed)
            }
            _ => Ty::String,
        }
    }

    pub(crate) fn error(
        &mut self,
        code: ErrorCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report.error(code, pointer, message)
    }

    pub(crate) fn warning(
        &mut self,
        code: WarningCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report.warning(code, pointer, message)
    }

    /// A warning that `skipped` at `pointer` is left out of the crate.
    pub(crate) fn skipped(
        &mut self,
        code: WarningCode,
        pointer: &str,
        message: impl Into<String>,
        skipped: Skipped,
    ) -> &mut Diagnostic {
        self.report.skipped(code, pointer, message, skipped)
    }

    /// The place `pointer` of the document, for a related place of a problem.
    pub(crate) fn place(&self, pointer: &str) -> Location {
        self.report.at(pointer)
    }

    /// Reports a `$ref` written at `from` that cannot be followed; `hops`
    /// are the references passed on the way, shown beside it.
    fn unfollowable(&mut self, from: &str, problem: Unfollowable, hops: &[String]) {
        let target = problem.target.map(|t| self.place(&t));
        let hops: Vec<Location> = hops.iter().map(|hop| self.place(hop)).collect();
        let diagnostic = self.error(problem.code, from, problem.message);
        for hop in hops {
            diagnostic.also_at(hop, "a `$ref` followed on the way");
        }
        if let Some(target) = target {
            diagnostic.also_at(target, "the value it points to");
        }
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
            let pointer = pointer_push("/components/schemas", &name);
            self.target(&pointer, &pointer);
        }
        self.drain();
    }

    /// Lowers every reserved type whose body is still pending.
    pub(crate) fn drain(&mut self) {
        while let Some((id, pointer, found)) = self.pending.pop_front() {
            let saved = std::mem::replace(&mut self.depth, 0);
            if let ReferenceOr::Item(schema) = found.get() {
                self.fill(id, schema, &pointer);
            }
            self.depth = saved;
        }
    }

    /// The type of a `$ref` found at `from`.
    pub(crate) fn resolve_ref(&mut self, reference: &str, from: &str) -> Ty {
        match refs::schema_pointer(reference) {
            Ok(pointer) => self.target(&pointer, from),
            Err(problem) => {
                self.unfollowable(from, problem, &[]);
                Ty::Json
            }
        }
    }

    /// The schema a `$ref` leads to once every reference-only hop is followed,
    /// with its pointer; `None` (reported) when the chain is broken or circular.
    pub(crate) fn follow(&mut self, pointer: &str, from: &str) -> Option<(String, Found<'a>)> {
        self.follow_hops(pointer, from, &mut Vec::new())
    }

    /// [`Self::follow`], also returning (in `hops`) the reference-only
    /// pointers passed on the way. It stops early at a pointer whose type is
    /// already known, returning `None` with that pointer last in `hops`.
    fn follow_hops(
        &mut self,
        pointer: &str,
        from: &str,
        hops: &mut Vec<String>,
    ) -> Option<(String, Found<'a>)> {
        let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut current = pointer.to_owned();
        loop {
            if !hops.is_empty() && self.targets.contains_key(&current) {
                hops.push(current);
                return None;
            }
            let found = match self.schema_at(&current) {
                Ok(found) => found,
                Err(problem) => {
                    self.unfollowable(from, problem, &hops[..]);
                    return None;
                }
            };
            let ReferenceOr::Reference { reference } = found.get() else {
                return Some((current, found));
            };
            if !seen.insert(current.clone()) {
                // The place reported from is not repeated as a hop.
                let places: Vec<Location> = hops
                    .iter()
                    .filter(|hop| hop.as_str() != from)
                    .map(|hop| self.place(hop))
                    .collect();
                let diagnostic = self.error(
                    codes::REFERENCE_CYCLE,
                    from,
                    format!("`$ref` cycle with no schema in it: {}", hops.join(" → ")),
                );
                for place in places {
                    diagnostic.also_at(place, "a `$ref` of the cycle");
                }
                return None;
            }
            let next = match refs::schema_pointer(reference) {
                Ok(next) => next,
                Err(problem) => {
                    // Reported where the broken `$ref` is written.
                    self.unfollowable(&current, problem, &[]);
                    return None;
                }
            };
            hops.push(std::mem::replace(&mut current, next));
        }
    }

    /// Whether the schema a `$ref` ends at says `nullable: true`. Broken
    /// references are reported where they are lowered, not here.
    fn target_is_nullable(&mut self, reference: &str) -> bool {
        const MAX_HOPS: usize = 64;
        let mut reference = reference.to_owned();
        for _ in 0..MAX_HOPS {
            let Ok(pointer) = refs::local_pointer(&reference) else {
                return false;
            };
            match self.schema_at(&pointer).as_ref().map(Found::get) {
                Ok(ReferenceOr::Item(schema)) => return schema.schema_data.nullable,
                Ok(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                Err(_) => return false,
            }
        }
        false
    }

    /// The type of the schema at `pointer` (a `$ref` target); `from` is where it was referenced.
    fn target(&mut self, pointer: &str, from: &str) -> Ty {
        if let Some(ty) = self.targets.get(pointer) {
            return ty.clone();
        }
        let mut hops = Vec::new();
        let Some((resolved, found)) = self.follow_hops(pointer, from, &mut hops) else {
            // Either broken (reported) or ending at a known target.
            let ty = hops
                .last()
                .and_then(|known| self.targets.get(known))
                .cloned()
                .unwrap_or(Ty::Json);
            for hop in hops.into_iter().chain([pointer.to_owned()]) {
                self.targets.insert(hop, ty.clone());
            }
            return ty;
        };
        if let Some(ty) = self.targets.get(&resolved).cloned() {
            self.targets.insert(pointer.to_owned(), ty.clone());
            return ty;
        }
        let ReferenceOr::Item(schema) = found.get() else {
            return Ty::Json;
        };
        let component = refs::component_name(&resolved);
        if component.is_none() && is_plain_builtin(schema) {
            // A primitive reached by pointer needs no name, and cannot recurse.
            let ty = self.lower(
                SchemaRef::Inline(schema),
                &resolved,
                NameSource::Pointer(String::new()),
            );
            self.targets.insert(pointer.to_owned(), ty.clone());
            return ty;
        }
        let fallback = match component {
            Some(name) => NameSource::Component(name),
            None => NameSource::Pointer(refs::name_from_pointer(&resolved)),
        };
        let id = self.reserve(schema, &resolved, fallback);
        for hop in hops
            .into_iter()
            .chain([resolved.clone(), pointer.to_owned()])
        {
            self.targets.insert(hop, Ty::Named(id));
        }
        if self.depth >= DEFER_DEPTH {
            self.pending.push_back((id, resolved, found));
        } else {
            self.depth += 1;
            self.fill(id, schema, &resolved);
            self.depth -= 1;
        }
        Ty::Named(id)
    }

    /// The object (`what`: a parameter, a response) a `$ref` names anywhere
    /// in the document, typed, with its pointer.
    /// The document's value at `pointer`, as written.
    pub(crate) fn raw_at(&self, pointer: &str) -> Option<&'a Value> {
        self.raw.pointer(pointer)
    }

    /// The code of a problem with a `$ref` that should lead to an object of
    /// some kind: a malformed `$ref` or one that names nothing is any
    /// `$ref`'s problem (E007, E006), any other is the kind's own.
    pub(crate) fn reference_code(&self, reference: &str, kind: ErrorCode) -> ErrorCode {
        match refs::local_pointer(reference) {
            Err(_) => codes::MALFORMED_REFERENCE,
            Ok(pointer) if self.raw.pointer(&pointer).is_none() => codes::DANGLING_REFERENCE,
            Ok(_) => kind,
        }
    }

    pub(crate) fn object_at<T: serde::de::DeserializeOwned>(
        &self,
        reference: &str,
        what: &str,
    ) -> Result<(T, String), String> {
        let pointer = refs::local_pointer(reference)?;
        let value = self
            .raw
            .pointer(&pointer)
            .ok_or_else(|| format!("`$ref` `{reference}` points to nothing"))?;
        match serde_json::from_value::<ReferenceOr<T>>(value.clone()) {
            Ok(ReferenceOr::Item(object)) => Ok((object, pointer)),
            Ok(ReferenceOr::Reference { .. }) => Err(format!(
                "`$ref` `{reference}` points to another `$ref`; point to the {what} itself"
            )),
            Err(err) => Err(format!("`$ref` `{reference}` is not a {what}: {err}")),
        }
    }

    fn schema_at(&mut self, pointer: &str) -> Result<Found<'a>, Unfollowable> {
        let api = self.api;
        if let Some(name) = refs::component_name(pointer)
            && let Some(schema) = api.components.as_ref().and_then(|c| c.schemas.get(&name))
        {
            return Ok(Found::Borrowed(schema));
        }
        if let Some(parsed) = self.parsed.get(pointer) {
            return Ok(Found::Owned(Rc::clone(parsed)));
        }
        let parsed = Rc::new(refs::schema_at(self.raw, pointer)?);
        self.parsed.insert(pointer.to_owned(), Rc::clone(&parsed));
        Ok(Found::Owned(parsed))
    }

    /// Adds a placeholder type for `schema` (its shape is set by [`Self::fill`]).
    fn reserve(&mut self, schema: &Schema, pointer: &str, fallback: NameSource) -> TypeId {
        self.types.push(TypeDef {
            shape: Shape::Alias(Ty::Json),
            doc: described(schema),
            origins: vec![Origin {
                pointer: pointer.to_owned(),
                name: self.name_source(schema, fallback),
            }],
            lock_pointers: Vec::new(),
            structure: String::new(),
            default: schema.schema_data.default.clone(),
            distinct: schema.schema_data.extensions.get(X_RUST_DISTINCT)
                == Some(&Value::Bool(true)),
            deprecated: super::deprecation::note(
                schema.schema_data.deprecated,
                schema.schema_data.description.as_deref(),
                &schema.schema_data.extensions,
            ),
        })
    }

    /// Lowers the body of a reserved type.
    fn fill(&mut self, id: TypeId, schema: &Schema, pointer: &str) {
        let shape = match self.shape_of(schema, pointer, id) {
            Some(shape) => shape,
            None => Shape::Alias(self.builtin(schema, pointer, id)),
        };
        self.types.types[id.0].shape = shape;
        self.record_example(schema, pointer, Ty::Named(id));
    }

    /// Lowers a schema found at `pointer`; `name` is how a new type here would be named.
    pub(crate) fn lower(&mut self, schema: SchemaRef<'_>, pointer: &str, name: NameSource) -> Ty {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.resolve_ref(reference, pointer),
            SchemaRef::Inline(schema) => schema,
        };
        if self.depth >= MAX_INLINE_DEPTH {
            self.error(codes::SCHEMA_TOO_DEEP,
                pointer,
                format!("schemas nested more than {MAX_INLINE_DEPTH} levels deep are not supported; move the inner schemas into `components/schemas`"),
            );
            return Ty::Json;
        }
        self.depth += 1;
        let ty = self.lower_inline(schema, pointer, name);
        self.depth -= 1;
        ty
    }

    fn lower_inline(&mut self, schema: &Schema, pointer: &str, name: NameSource) -> Ty {
        if let Some(member) = all_of::passthrough(schema) {
            // `allOf: [$ref]` with annotations beside it (`nullable`,
            // `description`, 3.1's `$ref` siblings) is the referenced type.
            return self.lower_member(member, pointer, name);
        }
        let ty = if needs_named_type(schema) {
            let id = self.reserve(schema, pointer, name);
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
            SchemaKind::Type(Type::String(string)) if has_values(&string.enumeration) => {
                return Some(self.string_enum(schema, &string.enumeration, pointer));
            }
            SchemaKind::Type(Type::Integer(integer)) if has_values(&integer.enumeration) => {
                return Some(self.int_enum(schema, &integer.enumeration, pointer));
            }
            SchemaKind::OneOf { one_of } => {
                return Some(self.one_of(schema, one_of, pointer, "oneOf", id));
            }
            SchemaKind::AnyOf { any_of } => {
                return Some(self.one_of(schema, any_of, pointer, "anyOf", id));
            }
            SchemaKind::Any(any) if untyped_enum(any).is_some() => {
                return match untyped_enum(any) {
                    Some(UntypedEnum::Strings(values)) => {
                        Some(self.string_enum(schema, &values, pointer))
                    }
                    Some(UntypedEnum::Integers(values)) => {
                        Some(self.int_enum(schema, &values, pointer))
                    }
                    None => None,
                };
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.all_of.is_empty() => {
                self.warn_members_beside(any, pointer, "oneOf");
                return Some(self.one_of(schema, &any.one_of, pointer, "oneOf", id));
            }
            SchemaKind::Any(any)
                if !any.any_of.is_empty() && any.all_of.is_empty() && any.properties.is_empty() =>
            {
                return Some(self.one_of(schema, &any.any_of, pointer, "anyOf", id));
            }
            _ => {}
        }
        if let Some(member) = all_of::passthrough(schema) {
            // A component that is `allOf: [$ref]` plus annotations: an alias.
            return Some(Shape::Alias(self.lower_member(member, pointer, nested(id))));
        }
        if !all_of::members(schema).is_empty() {
            return self.all_of_shape(schema, pointer, id);
        }
        if let SchemaKind::Any(any) = &schema.schema_kind
            && !any.any_of.is_empty()
        {
            self.skipped(codes::ALTERNATIVES_BESIDE_PROPERTIES,
                &pointer_push(pointer, "anyOf"),
                "`anyOf` beside `properties` is not generated: the type has the declared properties only",
                Skipped {
                    what: SkippedKind::Member,
                    reason: "`anyOf` alternatives beside `properties`",
                    count: any.any_of.len(),
                },
            );
        }
        let parts = ObjectParts::of(schema, pointer)?;
        (!parts.properties.is_empty()).then(|| self.struct_shape(parts, id))
    }

    /// Lowers member `index` of the `allOf` at `pointer`.
    fn lower_member(
        &mut self,
        (index, member): (usize, &ReferenceOr<Schema>),
        pointer: &str,
        name: NameSource,
    ) -> Ty {
        self.lower(member.into(), &all_of::member_pointer(pointer, index), name)
    }

    /// Members declared beside `oneOf`/`anyOf` are not generated: say so.
    fn warn_members_beside(&mut self, any: &AnySchema, pointer: &str, keyword: &str) {
        if !any.properties.is_empty() {
            self.skipped(codes::PROPERTIES_BESIDE_ALTERNATIVES,
                &pointer_push(pointer, "properties"),
                format!("`properties` beside `{keyword}` are not generated: only the alternatives' own members are; move the shared members into each alternative (for example with `allOf`)"),
                Skipped {
                    what: SkippedKind::Member,
                    reason: "`properties` beside `oneOf`/`anyOf`",
                    count: any.properties.len(),
                },
            );
        }
    }

    /// `allOf` merged into one struct; `None` when no member is an object
    /// (then the first member that has a type stands for the whole).
    fn all_of_shape(&mut self, schema: &Schema, pointer: &str, id: TypeId) -> Option<Shape> {
        if let SchemaKind::Any(any) = &schema.schema_kind
            && (!any.one_of.is_empty() || !any.any_of.is_empty())
        {
            self.skipped(codes::ALTERNATIVES_BESIDE_PROPERTIES,
                pointer,
                "`oneOf`/`anyOf` beside `allOf` is not generated: the type has the `allOf` members' properties only",
                Skipped {
                    what: SkippedKind::Member,
                    reason: "`oneOf`/`anyOf` alternatives beside `allOf`",
                    count: any.one_of.len() + any.any_of.len(),
                },
            );
        }
        match all_of::merge(self, schema, pointer) {
            Some(parts) => Some(self.struct_shape(parts, id)),
            None => {
                let member = all_of::first_typed(schema)?;
                Some(Shape::Alias(self.lower_member(member, pointer, nested(id))))
            }
        }
    }

    pub(crate) fn struct_shape(&mut self, parts: ObjectParts, id: TypeId) -> Shape {
        for (pointer, message) in &parts.field_name_problems {
            self.warning(codes::FIELD_NAMES_IGNORED, pointer, message.clone());
        }
        let mut fields = Vec::with_capacity(parts.properties.len());
        // Indexes built once: a schema may list thousands of members.
        let required_at: BTreeMap<&str, usize> = parts
            .required
            .iter()
            .enumerate()
            .rev()
            .map(|(i, (name, _))| (name.as_str(), i))
            .collect();
        let declared: std::collections::BTreeSet<&str> =
            parts.properties.iter().map(|p| p.wire.as_str()).collect();
        for property in &parts.properties {
            let example = match &property.schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let (doc, nullable, read_only, write_only) = match &property.schema {
                ReferenceOr::Item(s) => (
                    described(s),
                    s.schema_data.nullable,
                    s.schema_data.read_only,
                    s.schema_data.write_only,
                ),
                // A member that is a `$ref` is nullable when its target says so.
                ReferenceOr::Reference { reference } => {
                    (None, self.target_is_nullable(reference), false, false)
                }
            };
            // A property is deprecated by its own schema; one that refers
            // to a deprecated component has a deprecated type instead.
            let deprecated = match &property.schema {
                ReferenceOr::Item(s) => super::deprecation::note(
                    s.schema_data.deprecated,
                    s.schema_data.description.as_deref(),
                    &s.schema_data.extensions,
                ),
                ReferenceOr::Reference { .. } => None,
            };
            let ty = self.lower(
                (&property.schema).into(),
                &property.pointer,
                NameSource::Nested {
                    parent: id,
                    suffix: property.wire.clone(),
                },
            );
            let position = required_at.get(property.wire.as_str()).copied();
            // A read-only member is never sent and a write-only one never
            // received: one Rust type serves both directions only if neither
            // is required.
            let one_way = read_only || write_only;
            fields.push(Field {
                wire: property.wire.clone(),
                explicit: property.explicit.clone(),
                ty,
                required: position.is_some() && !one_way,
                required_position: position,
                nullable,
                doc: one_way_doc(doc, read_only, write_only),
                example,
                boxed: false,
                deprecated,
                reference: referenced_place(&property.schema),
            });
        }
        for (name, pointer) in &parts.required {
            if !declared.contains(name.as_str()) {
                self.warning(codes::REQUIRED_NOT_DECLARED,
                    pointer,
                    format!("`{name}` is listed as required but is not a declared property; it is ignored (declare it, or remove it from `required`, with an overlay)"),
                );
            }
        }
        let additional = self.additional_members(&parts, id);
        Shape::Struct(Struct {
            fields,
            min_properties: parts.min_properties.unwrap_or(0),
            additional,
        })
    }

    /// The type of members beyond the declared properties, when the schema
    /// allows them explicitly (`additionalProperties: true` or a schema).
    fn additional_members(&mut self, parts: &ObjectParts, id: TypeId) -> Option<Ty> {
        let pointer = pointer_push(&parts.pointer, "additionalProperties");
        match &parts.additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            Some(AdditionalProperties::Schema(schema)) => {
                let schema: &ReferenceOr<Schema> = schema;
                Some(self.lower(
                    schema.into(),
                    &pointer,
                    NameSource::Nested {
                        parent: id,
                        suffix: "AdditionalProperty".to_owned(),
                    },
                ))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        }
    }

    fn string_enum(&mut self, schema: &Schema, values: &[Option<String>], pointer: &str) -> Shape {
        let names = self.varnames(schema, values, pointer);
        let mut variants = Vec::new();
        let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for (index, value) in values.iter().enumerate() {
            match value {
                Some(wire) if seen.insert(wire.as_str()) => variants.push(EnumVariant {
                    wire: wire.clone(),
                    explicit: names.get(index).filter(|n| !n.is_empty()).cloned(),
                }),
                Some(wire) => {
                    self.warning(
                        codes::DUPLICATE_ENUM_VALUE,
                        &pointer_push(&pointer_push(pointer, "enum"), &index.to_string()),
                        format!("duplicate enum value `{wire}` is generated once"),
                    );
                }
                // `null` in an enum only says the value may be null.
                None => {}
            }
        }
        Shape::StringEnum(StringEnum { variants })
    }

    fn int_enum(&mut self, schema: &Schema, values: &[Option<i64>], pointer: &str) -> Shape {
        let texts: Vec<Option<String>> = values.iter().map(|v| v.map(|v| v.to_string())).collect();
        let names = self.varnames(schema, &texts, pointer);
        let mut variants: Vec<EnumVariant<i64>> = Vec::new();
        let mut seen: std::collections::BTreeSet<i64> = std::collections::BTreeSet::new();
        for (index, value) in values.iter().enumerate() {
            if let Some(wire) = value {
                if !seen.insert(*wire) {
                    self.warning(
                        codes::DUPLICATE_ENUM_VALUE,
                        &pointer_push(&pointer_push(pointer, "enum"), &index.to_string()),
                        format!("duplicate enum value `{wire}` is generated once"),
                    );
                    continue;
                }
                variants.push(EnumVariant {
                    wire: *wire,
                    explicit: names.get(index).filter(|n| !n.is_empty()).cloned(),
                });
            }
        }
        Shape::IntEnum(IntEnum { variants })
    }

    /// The names a human chose for the variants of `values` (as text), one
    /// per value, empty where none was chosen: by value
    /// (`x-rust-variant-names`), else by position (`x-enum-varnames`).
    fn varnames(
        &mut self,
        schema: &Schema,
        values: &[Option<String>],
        pointer: &str,
    ) -> Vec<String> {
        if let Some(by_value) = schema.schema_data.extensions.get(X_RUST_VARIANT_NAMES) {
            return self.names_by_value(by_value, values, pointer);
        }
        let count = values.len();
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
            // A vendor defect with one safe reading (Xero's accounting API
            // lists 168 names for another number of values): the names
            // cannot be matched to values, so the variants get derived names.
            Some(value) => {
                let found = match value {
                    Value::Array(items) => format!("{} entries", items.len()),
                    _ => "no list".to_owned(),
                };
                self.warning(codes::ENUM_VARNAMES_MISMATCH,
                    &pointer_push(pointer, X_ENUM_VARNAMES),
                    format!("`{X_ENUM_VARNAMES}` must be a list of {count} strings, one per `enum` value, and has {found}; it is ignored and the variants get derived names"),
                );
                Vec::new()
            }
        }
    }

    fn names_by_value(
        &mut self,
        by_value: &Value,
        values: &[Option<String>],
        pointer: &str,
    ) -> Vec<String> {
        let at = pointer_push(pointer, X_RUST_VARIANT_NAMES);
        let Value::Object(map) = by_value else {
            self.warning(codes::VARIANT_NAMES_IGNORED, &at, format!("`{X_RUST_VARIANT_NAMES}` must map enum values to variant names; it is ignored and the variants get derived names"));
            return Vec::new();
        };
        for (value, name) in map {
            if !name.is_string() {
                self.warning(
                    codes::VARIANT_NAMES_IGNORED,
                    &pointer_push(&at, value),
                    format!(
                        "the name of `{value}` must be a string; the variant gets a derived name"
                    ),
                );
            } else if !values.iter().flatten().any(|v| v == value) {
                self.warning(
                    codes::VARIANT_NAMES_IGNORED,
                    &pointer_push(&at, value),
                    format!("`{value}` is not one of the enum's values; its name is ignored"),
                );
            }
        }
        values
            .iter()
            .map(|value| {
                value
                    .as_ref()
                    .and_then(|v| map.get(v))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }

    fn one_of(
        &mut self,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &str,
        keyword: &str,
        id: TypeId,
    ) -> Shape {
        let list_pointer = pointer_push(pointer, keyword);
        let mut variants = Vec::with_capacity(alternatives.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            let variant_pointer = pointer_push(&list_pointer, &index.to_string());
            let (format, explicit, title) = match alternative {
                ReferenceOr::Item(s) => (
                    string_format(s),
                    match s.schema_data.extensions.get(X_RUST_NAME) {
                        Some(Value::String(n)) => Some(n.clone()),
                        _ => None,
                    },
                    s.schema_data.title.clone(),
                ),
                ReferenceOr::Reference { .. } => (None, None, None),
            };
            let ty = self.lower(
                alternative.into(),
                &variant_pointer,
                NameSource::Nested {
                    parent: id,
                    suffix: format!("#{index}"),
                },
            );
            let reference = referenced_component(alternative);
            variants.push(OneOfVariant {
                identity: String::new(),
                ty,
                format,
                explicit,
                tag: None,
                reference,
                title,
            });
        }
        if variants.is_empty() {
            self.warning(codes::EMPTY_ONE_OF,
                &list_pointer,
                format!("`{keyword}` must list at least one schema; with none, the schema is read as any JSON value"),
            );
            return Shape::Alias(Ty::Json);
        }
        let discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| self.discriminator(d, alternatives, &mut variants, pointer));
        Shape::OneOf(OneOf {
            variants,
            discriminator,
        })
    }

    /// The tag of each alternative under a `discriminator`: from `mapping`,
    /// else the component name of the alternative's `$ref` (as the
    /// OpenAPI specification defines the default).
    fn discriminator(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        alternatives: &[ReferenceOr<Schema>],
        variants: &mut [OneOfVariant],
        pointer: &str,
    ) -> Discriminator {
        let mapping_pointer = pointer_push(&pointer_push(pointer, "discriminator"), "mapping");
        let mut mapped: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (value, target) in &discriminator.mapping {
            // A mapping value is a `$ref` or a bare component name.
            let target = if target.starts_with('#') {
                refs::local_pointer(target).unwrap_or_default()
            } else {
                pointer_push("/components/schemas", target)
            };
            mapped.entry(target).or_default().push(value.clone());
        }
        for (alternative, variant) in alternatives.iter().zip(variants.iter_mut()) {
            let ReferenceOr::Reference { reference } = alternative else {
                continue;
            };
            let Ok(target) = refs::local_pointer(reference) else {
                continue;
            };
            variant.tag = mapped
                .remove(&target)
                .or_else(|| refs::component_name(&target).map(|name| vec![name]));
        }
        for (target, values) in mapped {
            // The mapped schema, when the document has it.
            let mapped_place =
                (!target.is_empty() && self.raw_at(&target).is_some()).then(|| self.place(&target));
            // Reported at the first entry that maps there.
            let entry = values.first().map_or_else(
                || mapping_pointer.clone(),
                |v| pointer_push(&mapping_pointer, v),
            );
            let diagnostic = self.warning(codes::DISCRIMINATOR_MAPS_OUTSIDE,
                &entry,
                format!("discriminator value(s) {} map to `#{target}`, which is not one of the alternatives; they are not decoded", values.join(", ")),
            );
            if let Some(place) = mapped_place {
                diagnostic.also_at(place, "the schema they map to");
            }
        }
        Discriminator {
            property: discriminator.property_name.clone(),
        }
    }

    fn builtin(&mut self, schema: &Schema, pointer: &str, id: TypeId) -> Ty {
        self.builtin_with_parent(schema, pointer, Some(id), &nested(id))
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
            (_, NameSource::Pointer(base)) => NameSource::Pointer(format!("{base}{suffix}")),
            (_, other) => other.clone(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => self.string_ty(string_format(schema).as_deref()),
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
            SchemaKind::Not { .. } => {
                self.warning(codes::NOT_SCHEMA,
                    pointer,
                    "a schema that is only `not` accepts almost anything: generated as `serde_json::Value`",
                );
                Ty::Json
            }
            // Named shapes are handled by `shape_of`; reaching here means an
            // empty oneOf/anyOf/allOf already reported, or an object without properties.
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
            Some("string") => return self.string_ty(any.format.as_deref()),
            Some("boolean") => return Ty::Boolean,
            Some("integer") => {
                return Ty::Integer(int_width_of(any.format.as_deref()));
            }
            Some("number") => return Ty::Number(number_kind_of(any.format.as_deref())),
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
        Ty::Json
    }
}

/// How a built-in shape standing for the type `id` is named (after `id` itself).
fn nested(id: TypeId) -> NameSource {
    NameSource::Nested {
        parent: id,
        suffix: String::new(),
    }
}

/// The place a member's schema refers to: its `$ref`, or its items' (a list
/// of a component).
fn referenced_place(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let reference = match schema {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) => match &array.items {
                Some(ReferenceOr::Reference { reference }) => reference,
                _ => return None,
            },
            _ => return None,
        },
    };
    refs::local_pointer(reference).ok()
}

/// The component an alternative refers to: `$ref` itself, or `allOf: [$ref]`
/// with annotations only.
fn referenced_component(alternative: &ReferenceOr<Schema>) -> Option<String> {
    let reference = match alternative {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(schema) => match all_of::passthrough(schema)? {
            (_, ReferenceOr::Reference { reference }) => reference,
            (_, ReferenceOr::Item(_)) => return None,
        },
    };
    refs::local_pointer(reference)
        .ok()
        .and_then(|p| refs::component_name(&p))
}

/// The description of a one-way member, saying which way it goes.
/// The schema's description, else its `x-rust-doc`.
fn described(schema: &Schema) -> Option<String> {
    schema.schema_data.description.clone().or_else(|| {
        match schema.schema_data.extensions.get(X_RUST_DOC) {
            Some(Value::String(doc)) => Some(doc.clone()),
            _ => None,
        }
    })
}

fn one_way_doc(doc: Option<String>, read_only: bool, write_only: bool) -> Option<String> {
    let note = match (read_only, write_only) {
        (true, _) => "Read-only: set by the server in responses; ignored in requests.",
        (_, true) => "Write-only: sent in requests; never returned by the server.",
        _ => return doc,
    };
    Some(match doc {
        Some(doc) if !doc.trim().is_empty() => format!("{}\n\n{note}", doc.trim_end()),
        _ => note.to_owned(),
    })
}

/// Whether an inline schema becomes a named type.
fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => has_values(&string.enumeration),
        SchemaKind::Type(Type::Integer(integer)) => has_values(&integer.enumeration),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            untyped_enum(any).is_some()
                || !any.properties.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
                || !any.all_of.is_empty()
        }
        _ => false,
    }
}

/// Whether an `enum` lists a value; `enum: [null]` only says "null", which
/// `nullable` already says: such a schema is its plain type.
fn has_values<T>(values: &[Option<T>]) -> bool {
    values.iter().any(Option::is_some)
}

/// The values of an `enum` openapiv3 could not type (no `type` beside it,
/// as 3.1's `const` becomes), when they are all strings or all integers.
enum UntypedEnum {
    Strings(Vec<Option<String>>),
    Integers(Vec<Option<i64>>),
}

fn untyped_enum(any: &AnySchema) -> Option<UntypedEnum> {
    if any.enumeration.iter().all(Value::is_null)
        || !matches!(any.typ.as_deref(), None | Some("string" | "integer"))
        || !any.properties.is_empty()
    {
        return None;
    }
    let values = any.enumeration.iter().filter(|v| !v.is_null());
    if values.clone().all(Value::is_string) {
        return Some(UntypedEnum::Strings(
            any.enumeration
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect(),
        ));
    }
    if values.clone().all(Value::is_i64) {
        return Some(UntypedEnum::Integers(
            any.enumeration.iter().map(Value::as_i64).collect(),
        ));
    }
    None
}

/// A schema that can only be a primitive (no items, members or alternatives to recurse into).
fn is_plain_builtin(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !has_values(&s.enumeration),
        SchemaKind::Type(Type::Integer(i)) => !has_values(&i.enumeration),
        SchemaKind::Type(Type::Number(_) | Type::Boolean(_)) => true,
        _ => false,
    }
}

fn int_width(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> IntWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => IntWidth::I32,
        VariantOrUnknownOrEmpty::Unknown(other) => int_width_of(Some(other)),
        _ => IntWidth::I64,
    }
}

/// Integer widths by `format`, including the unsigned formats some vendors use.
fn int_width_of(format: Option<&str>) -> IntWidth {
    match format {
        Some("int32" | "int16" | "int8") => IntWidth::I32,
        Some("uint32" | "uint16" | "uint8") => IntWidth::U32,
        Some("uint64" | "uint") => IntWidth::U64,
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

fn number_kind_of(format: Option<&str>) -> NumberKind {
    match format {
        Some("float") => NumberKind::F32,
        Some("double") => NumberKind::F64,
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
