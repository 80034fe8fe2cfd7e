//! `$ref` strings → JSON pointers into the document, and the schema found there.
//!
//! A reference may point anywhere in the document (`#/components/schemas/A`,
//! `#/components/schemas/A/properties/b`, `#/paths/~1pets/get/responses/200/…`,
//! `#/$defs/X`): the fragment is percent-decoded (`%7B` → `{`) and read as an
//! RFC 6901 pointer. Only references into this document are supported; a
//! bundler resolves external files before generation.

use crate::diagnostics::{ErrorCode, codes};
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use std::rc::Rc;

pub(crate) use crate::reference::local_pointer;
use crate::reference::unescape_token;

/// The name of a component schema a pointer designates directly (`/components/schemas/A` → `A`).
pub(crate) fn component_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    (!rest.contains('/')).then(|| unescape_token(rest))
}

/// A schema, borrowed from the typed document or read from the raw one.
#[derive(Clone)]
pub(crate) enum Found<'a> {
    /// A component schema of the typed document.
    Borrowed(&'a ReferenceOr<Schema>),
    /// Any other place, typed on demand.
    Owned(Rc<ReferenceOr<Schema>>),
}

impl Found<'_> {
    pub(crate) fn get(&self) -> &ReferenceOr<Schema> {
        match self {
            Found::Borrowed(schema) => schema,
            Found::Owned(schema) => schema,
        }
    }
}

/// Why a schema `$ref` cannot be followed: the problem's code and message,
/// and the value it points to when there is one (shown beside the problem).
#[derive(Clone, Debug)]
pub(crate) struct Unfollowable {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
    pub(crate) target: Option<String>,
}

impl Unfollowable {
    /// A `$ref` that is no pointer into this document (`message` from
    /// [`local_pointer`]).
    pub(crate) fn invalid(message: String) -> Self {
        Self {
            code: codes::MALFORMED_REFERENCE,
            message,
            target: None,
        }
    }
}

/// The JSON pointer a schema `$ref` stands for.
pub(crate) fn schema_pointer(reference: &str) -> Result<String, Unfollowable> {
    local_pointer(reference).map_err(Unfollowable::invalid)
}

/// Types the raw value at `pointer` as a schema.
pub(crate) fn schema_at(raw: &Value, pointer: &str) -> Result<ReferenceOr<Schema>, Unfollowable> {
    let value = raw.pointer(pointer).ok_or_else(|| Unfollowable {
        code: codes::DANGLING_REFERENCE,
        message: format!("`$ref` to `#{pointer}`, which does not exist"),
        target: None,
    })?;
    serde_json::from_value(value.clone()).map_err(|err| Unfollowable {
        code: codes::REFERENCE_NOT_A_SCHEMA,
        message: format!("`$ref` to `#{pointer}`, which is not a schema: {err}"),
        target: Some(pointer.to_owned()),
    })
}

/// A type name for a schema reached by a pointer that is not a component:
/// its last meaningful token (`/components/schemas/A/$defs/Point` → `Point`,
/// `/paths/~1pets/get/responses/200/content/application~1json/schema` →
/// `Pets200`).
pub(crate) fn name_from_pointer(pointer: &str) -> String {
    const STRUCTURAL: &[&str] = &[
        "schema",
        "schemas",
        "content",
        "components",
        "properties",
        "items",
        "paths",
        "responses",
        "requestBody",
        "parameters",
        "$defs",
        "definitions",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "get",
        "put",
        "post",
        "delete",
        "patch",
        "head",
        "options",
        "trace",
    ];
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(unescape_token)
        .filter(|t| !STRUCTURAL.contains(&t.as_str()) && !t.contains('/'))
        .collect();
    let name: Vec<&str> = tokens
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(String::as_str)
        .collect();
    if name.is_empty() {
        "Schema".to_owned()
    } else {
        name.join("_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_percent_decoded() {
        assert_eq!(
            local_pointer("#/paths/~1a~1%7Bid%7D/get").as_deref(),
            Ok("/paths/~1a~1{id}/get")
        );
        assert_eq!(local_pointer("#").as_deref(), Ok(""));
        assert!(local_pointer("other.yaml#/a").is_err());
        assert!(local_pointer("#a").is_err());
    }

    #[test]
    fn component_names() {
        assert_eq!(
            component_name("/components/schemas/A~1B").as_deref(),
            Some("A/B")
        );
        assert_eq!(component_name("/components/schemas/A/properties/b"), None);
    }

    #[test]
    fn names_from_pointers() {
        assert_eq!(
            name_from_pointer("/components/schemas/A/$defs/Point"),
            "A_Point"
        );
        assert_eq!(
            name_from_pointer("/paths/~1pets/get/responses/200/content/application~1json/schema"),
            "200"
        );
    }
}
