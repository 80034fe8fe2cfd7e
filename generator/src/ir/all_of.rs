//! Object schemas seen uniformly, and `allOf` merged into one object.
//!
//! openapiv3 types a schema as `Type::Object` or as `Any` depending on which
//! keywords sit beside `properties`; [`ObjectParts`] is the one view of both.
//! [`merge`] flattens `allOf` the way a validator reads it: every member's
//! properties (following `$ref`s and nested `allOf`s), `required` unioned.
//! Two members declaring one property with different `type`s is an error
//! naming both places.

use super::refs::Unfollowable;
use crate::diagnostics::{Diagnostic, ErrorCode, Location, WarningCode, codes, pointer_push};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// What merging needs of the schema lowerer: reporting at a pointer, and
/// following a local `$ref` (a trait, so this module need not know it).
pub(crate) trait Lowering {
    fn report_error(
        &mut self,
        code: ErrorCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic;
    fn report_warning(
        &mut self,
        code: WarningCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic;
    /// Reports a `$ref` written at `at` that cannot be followed.
    fn report_unfollowable(&mut self, at: &str, problem: Unfollowable);
    /// The place `pointer` of the document, for a related place.
    fn place(&self, pointer: &str) -> Location;
    /// The schema at `pointer` (a `$ref` written at `at`) and where it is
    /// written, following chains of `$ref`s; `None` after reporting why not.
    fn follow_schema(&mut self, pointer: &str, at: &str) -> Option<(String, ReferenceOr<Schema>)>;
}

/// Extension naming an object's fields, by JSON key (`x-rust-field-names:
/// {"+1": plus_one}`), for names the generator would otherwise decide.
pub(crate) const X_RUST_FIELD_NAMES: &str = "x-rust-field-names";

/// `allOf` nesting deeper than this (through `$ref`s) is reported, not followed.
const MAX_MEMBER_DEPTH: usize = 64;

/// One declared property, with the pointer of its schema.
#[derive(Clone, Debug)]
pub(crate) struct Property {
    pub(crate) wire: String,
    pub(crate) schema: ReferenceOr<Box<Schema>>,
    pub(crate) pointer: String,
    /// The field name a human chose (`x-rust-field-names` of its object).
    pub(crate) explicit: Option<String>,
}

/// The object-describing keywords of a schema.
#[derive(Clone, Debug, Default)]
pub(crate) struct ObjectParts {
    /// Pointer of the schema (for `additionalProperties` and diagnostics).
    pub(crate) pointer: String,
    pub(crate) properties: Vec<Property>,
    /// `required` names in order, each with the pointer of its entry.
    pub(crate) required: Vec<(String, String)>,
    pub(crate) additional: Option<AdditionalProperties>,
    pub(crate) min_properties: Option<usize>,
    /// What is wrong with `x-rust-field-names`, as (pointer, message): warnings.
    pub(crate) field_name_problems: Vec<(String, String)>,
}

impl ObjectParts {
    /// The object keywords of `schema`; `None` when it describes no object.
    pub(crate) fn of(schema: &Schema, pointer: &str) -> Option<ObjectParts> {
        let (properties, required, additional, min_properties) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (
                &o.properties,
                &o.required,
                &o.additional_properties,
                o.min_properties,
            ),
            SchemaKind::Any(a)
                if !a.properties.is_empty()
                    || a.typ.as_deref() == Some("object")
                    || a.additional_properties.is_some() =>
            {
                (
                    &a.properties,
                    &a.required,
                    &a.additional_properties,
                    a.min_properties,
                )
            }
            _ => return None,
        };
        let properties_pointer = pointer_push(pointer, "properties");
        let required_pointer = pointer_push(pointer, "required");
        let (field_names, field_name_problems) = field_names(schema, pointer, properties);
        Some(ObjectParts {
            pointer: pointer.to_owned(),
            properties: properties
                .iter()
                .map(|(wire, schema)| Property {
                    wire: wire.clone(),
                    schema: schema.clone(),
                    pointer: pointer_push(&properties_pointer, wire),
                    explicit: field_names.get(wire.as_str()).map(|n| (*n).to_owned()),
                })
                .collect(),
            required: required
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    (
                        name.clone(),
                        pointer_push(&required_pointer, &i.to_string()),
                    )
                })
                .collect(),
            additional: additional.clone(),
            min_properties,
            field_name_problems,
        })
    }
}

/// `x-rust-field-names: {"+1": plus_one}`: field names a human chose, by
/// JSON key; and what is ignored of it (not a map of strings, or a key no
/// property has).
fn field_names<'s>(
    schema: &'s Schema,
    pointer: &str,
    properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
) -> (BTreeMap<&'s str, &'s str>, Vec<(String, String)>) {
    let mut names = BTreeMap::new();
    let mut problems = Vec::new();
    let Some(value) = schema.schema_data.extensions.get(X_RUST_FIELD_NAMES) else {
        return (names, problems);
    };
    let at = pointer_push(pointer, X_RUST_FIELD_NAMES);
    let Some(map) = value.as_object() else {
        problems.push((
            at,
            format!("`{X_RUST_FIELD_NAMES}` must map property names to field names; it is ignored"),
        ));
        return (names, problems);
    };
    for (wire, name) in map {
        match name.as_str() {
            Some(name) if properties.contains_key(wire) => {
                names.insert(wire.as_str(), name);
            }
            Some(_) => problems.push((
                pointer_push(&at, wire),
                format!("`{X_RUST_FIELD_NAMES}` names `{wire}`, which is not a property here; it is ignored"),
            )),
            None => problems.push((
                pointer_push(&at, wire),
                "a field name must be a string; it is ignored".to_owned(),
            )),
        }
    }
    (names, problems)
}

/// The `allOf` members of a schema (empty when it has none).
pub(crate) fn members(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// `allOf` with one member that says anything, and nothing but annotations
/// beside it: that member, with its index.
pub(crate) fn passthrough(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
    let all_of = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) if only_all_of(any) => &any.all_of,
        _ => return None,
    };
    let mut meaningful = all_of
        .iter()
        .enumerate()
        .filter(|(_, m)| !is_annotation_ref(m));
    let first = meaningful.next()?;
    meaningful.next().is_none().then_some(first)
}

/// The first member that has a type of its own.
pub(crate) fn first_typed(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
    members(schema)
        .iter()
        .enumerate()
        .find(|(_, m)| !is_annotation_ref(m))
}

/// `allOf` (plus the schema's own object keywords) as one object, or `None`
/// when no member describes an object.
pub(crate) fn merge(
    lowerer: &mut impl Lowering,
    schema: &Schema,
    pointer: &str,
) -> Option<ObjectParts> {
    let mut merged = ObjectParts {
        pointer: pointer.to_owned(),
        ..ObjectParts::default()
    };
    let mut any_object = false;
    if let Some(own) = ObjectParts::of(schema, pointer) {
        any_object = true;
        absorb(lowerer, &mut merged, own);
    }
    // Members are visited depth-first in document order with an explicit
    // stack. `ancestors` holds the `$ref` targets being merged on the
    // current path (one found again there includes itself: an error);
    // `visited` every target merged so far (a diamond, `Dog: allOf [Pet,
    // Owned]` with both including `Entity`, merges `Entity` once).
    let mut ancestors: BTreeSet<String> = BTreeSet::from([pointer.to_owned()]);
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<Step> = members(schema)
        .iter()
        .enumerate()
        .rev()
        .map(|(i, m)| Step::Visit(Box::new(m.clone()), member_pointer(pointer, i), 1))
        .collect();
    while let Some(step) = stack.pop() {
        let (member, at, depth) = match step {
            Step::Visit(member, at, depth) => (member, at, depth),
            Step::Leave(target) => {
                ancestors.remove(&target);
                continue;
            }
        };
        let (member_schema, member_at) = match *member {
            ReferenceOr::Item(s) => (s, at),
            ReferenceOr::Reference { reference } => {
                let Some((target, found)) = resolve(lowerer, &reference, &at) else {
                    continue;
                };
                if ancestors.contains(&target) {
                    let included = lowerer.place(&target);
                    lowerer
                        .report_error(
                            codes::ALL_OF_INCLUDES_ITSELF,
                            &at,
                            format!("`allOf` includes `#{target}` within itself"),
                        )
                        .also_at(included, "the schema included again");
                    continue;
                }
                if !visited.insert(target.clone()) {
                    continue;
                }
                ancestors.insert(target.clone());
                stack.push(Step::Leave(target.clone()));
                match found {
                    ReferenceOr::Item(s) => (s, target),
                    ReferenceOr::Reference { .. } => continue,
                }
            }
        };
        if depth > MAX_MEMBER_DEPTH {
            let merged_at = lowerer.place(pointer);
            lowerer
                .report_error(
                    codes::ALL_OF_TOO_DEEP,
                    &member_at,
                    format!(
                        "`allOf` nested more than {MAX_MEMBER_DEPTH} levels deep is not supported"
                    ),
                )
                .also_at(merged_at, "the schema whose `allOf` is merged");
            continue;
        }
        if let Some(parts) = ObjectParts::of(&member_schema, &member_at) {
            any_object = true;
            absorb(lowerer, &mut merged, parts);
        }
        for (i, inner) in members(&member_schema).iter().enumerate().rev() {
            stack.push(Step::Visit(
                Box::new(inner.clone()),
                member_pointer(&member_at, i),
                depth + 1,
            ));
        }
        if has_alternatives(&member_schema) {
            lowerer.report_warning(codes::ALTERNATIVES_BESIDE_PROPERTIES,
                &member_at,
                "a `oneOf`/`anyOf` inside `allOf` is not merged: only the object members' properties are generated",
            );
        }
    }
    any_object.then_some(merged)
}

/// One step of [`merge`]'s walk: merge a member, or finish a `$ref` target.
enum Step {
    Visit(Box<ReferenceOr<Schema>>, String, usize),
    Leave(String),
}

/// The pointer of member `index` of the `allOf` at `pointer`.
pub(crate) fn member_pointer(pointer: &str, index: usize) -> String {
    pointer_push(&pointer_push(pointer, "allOf"), &index.to_string())
}

fn resolve(
    lowerer: &mut impl Lowering,
    reference: &str,
    at: &str,
) -> Option<(String, ReferenceOr<Schema>)> {
    let pointer = match super::refs::schema_pointer(reference) {
        Ok(pointer) => pointer,
        Err(problem) => {
            lowerer.report_unfollowable(at, problem);
            return None;
        }
    };
    lowerer.follow_schema(&pointer, at)
}

/// Adds `parts` to `merged`: new properties are appended, a property declared
/// again replaces the earlier declaration unless the types conflict.
fn absorb(lowerer: &mut impl Lowering, merged: &mut ObjectParts, parts: ObjectParts) {
    for property in parts.properties {
        match merged
            .properties
            .iter_mut()
            .find(|p| p.wire == property.wire)
        {
            None => merged.properties.push(property),
            Some(earlier) => match (
                declared_type(&earlier.schema),
                declared_type(&property.schema),
            ) {
                (Some(a), Some(b)) if a != b => {
                    // No value is both: reading it as any value is the one
                    // reading that never refuses what the server sends.
                    let other = lowerer.place(&earlier.pointer);
                    lowerer
                        .report_warning(codes::ALL_OF_CONFLICT,
                            &property.pointer,
                            format!(
                                "`allOf` members disagree on property `{}`: `type: {b}` here, `type: {a}` at {}; it is read as any JSON value",
                                property.wire, earlier.pointer
                            ),
                        )
                        .also_at(other, format!("`{}` declared `type: {a}` by another member", property.wire));
                    earlier.schema = ReferenceOr::Item(Box::new(Schema {
                        schema_data: Default::default(),
                        schema_kind: openapiv3::SchemaKind::Any(Default::default()),
                    }));
                }
                _ if is_annotation_box(&property.schema) => {}
                _ => *earlier = property,
            },
        }
    }
    merged.field_name_problems.extend(parts.field_name_problems);
    for (name, pointer) in parts.required {
        if !merged.required.iter().any(|(r, _)| *r == name) {
            merged.required.push((name, pointer));
        }
    }
    if parts.additional.is_some() {
        merged.additional = parts.additional;
    }
    merged.min_properties = merged.min_properties.max(parts.min_properties);
}

/// The `type` an inline property schema declares.
fn declared_type(schema: &ReferenceOr<Box<Schema>>) -> Option<&'static str> {
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        _ => None,
    }
}

fn has_alternatives(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => !any.one_of.is_empty() || !any.any_of.is_empty(),
        _ => false,
    }
}

fn only_all_of(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

fn is_annotation_ref(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(s) if is_annotation(s))
}

fn is_annotation_box(member: &ReferenceOr<Box<Schema>>) -> bool {
    matches!(member, ReferenceOr::Item(s) if is_annotation(s))
}

/// A schema that constrains nothing a Rust type shows: only descriptions,
/// `nullable`, defaults, examples and validation keywords.
pub(crate) fn is_annotation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => only_all_of(any) && any.all_of.is_empty() && any.format.is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: serde_json::Value) -> Schema {
        serde_json::from_value(json).unwrap_or_else(|e| panic!("test schema: {e}"))
    }

    #[test]
    fn passthrough_needs_one_meaningful_member() {
        let one = schema(serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/A"}, {"description": "d"}],
            "nullable": true
        }));
        assert_eq!(passthrough(&one).map(|(i, _)| i), Some(0));
        let two = schema(serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "string"}}}]
        }));
        assert!(passthrough(&two).is_none());
        let with_properties = schema(serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/A"}],
            "properties": {"b": {"type": "string"}}
        }));
        assert!(passthrough(&with_properties).is_none());
    }

    #[test]
    fn object_parts_cover_both_typings() {
        let typed = schema(
            serde_json::json!({"type": "object", "properties": {"a": {}}, "required": ["a"]}),
        );
        let parts = ObjectParts::of(&typed, "/s").map(|p| (p.properties.len(), p.required));
        assert_eq!(
            parts,
            Some((1, vec![("a".to_owned(), "/s/required/0".to_owned())]))
        );
        let untyped = schema(serde_json::json!({"properties": {"a": {}}, "allOf": []}));
        assert!(ObjectParts::of(&untyped, "/s").is_some());
        assert!(ObjectParts::of(&schema(serde_json::json!({"type": "string"})), "/s").is_none());
    }
}
