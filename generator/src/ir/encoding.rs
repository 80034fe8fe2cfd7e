//! How query parameters and form fields holding lists and objects are
//! written: the `x-rust-nested-encoding` choice (a parameter's, else its
//! operation's, else the document's) and a form body's per-field
//! `encoding`.

use super::{Nesting, ParamStyle};
use crate::diagnostics::{WarningCode, codes, pointer_push};
use openapiv3::QueryStyle;
use serde_json::Value;

/// Extension choosing how nested lists and objects are written:
/// `brackets` (the default), `indexed` or `json`.
pub(crate) const X_RUST_NESTED_ENCODING: &str = "x-rust-nested-encoding";

/// The values `x-rust-nested-encoding` takes, as data.
const NESTINGS: &[(&str, Nesting)] = &[
    ("brackets", Nesting::Brackets),
    ("indexed", Nesting::Indexed),
    ("json", Nesting::Json),
];

/// The nesting an object's `x-rust-nested-encoding` chooses: `Ok(None)`
/// when it has none, `Err` (code, pointer, message) when the value is not
/// one of [`NESTINGS`].
pub(crate) fn chosen(
    extensions: &indexmap::IndexMap<String, Value>,
    pointer: &str,
) -> Result<Option<Nesting>, (WarningCode, String, String)> {
    let Some(value) = extensions.get(X_RUST_NESTED_ENCODING) else {
        return Ok(None);
    };
    let found = value
        .as_str()
        .and_then(|text| NESTINGS.iter().find(|(name, _)| *name == text));
    match found {
        Some((_, nesting)) => Ok(Some(*nesting)),
        None => {
            let names: Vec<&str> = NESTINGS.iter().map(|(name, _)| *name).collect();
            Err((
                codes::INVALID_NESTED_ENCODING,
                pointer_push(pointer, X_RUST_NESTED_ENCODING),
                format!(
                    "`{X_RUST_NESTED_ENCODING}` must be one of {}; got {value}, so nested values are written in brackets",
                    names.join(", ")
                ),
            ))
        }
    }
}

/// How one field of a form body is written, when its `encoding` says more
/// than the default (see the runtime's `Encoding::form_field`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// The field (a member of the body's schema).
    pub name: String,
    /// `style` (`form` when the entry gives none).
    pub style: ParamStyle,
    /// `explode` (as OpenAPI defaults it for the style when not given).
    pub explode: bool,
    /// `allowReserved`.
    pub allow_reserved: bool,
}

/// A form body's fields whose `encoding` gives a style, `explode` or
/// `allowReserved`, in spec order. `raw_encoding` is the `encoding` object
/// as written: `openapiv3` reads an absent `explode` as `false`, where
/// OpenAPI defaults it to `true` for `form`.
pub(crate) fn form_fields(
    media: &openapiv3::MediaType,
    raw_encoding: Option<&Value>,
) -> Vec<FormField> {
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let explode = raw_encoding.and_then(|raw| raw.get(name)?.get("explode")?.as_bool());
            if encoding.style.is_none() && explode.is_none() && !encoding.allow_reserved {
                return None;
            }
            let style = match encoding.style {
                None | Some(QueryStyle::Form) => ParamStyle::Form,
                Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
            };
            Some(FormField {
                name: name.clone(),
                style,
                explode: explode.unwrap_or(style == ParamStyle::Form),
                allow_reserved: encoding.allow_reserved,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nesting_is_read_from_the_extension_and_a_bad_value_is_reported() {
        let mut extensions = indexmap::IndexMap::new();
        assert_eq!(chosen(&extensions, "/paths"), Ok(None));
        extensions.insert(X_RUST_NESTED_ENCODING.to_owned(), json!("indexed"));
        assert_eq!(chosen(&extensions, "/paths"), Ok(Some(Nesting::Indexed)));
        extensions.insert(X_RUST_NESTED_ENCODING.to_owned(), json!("dots"));
        let (code, pointer, message) = chosen(&extensions, "/paths").unwrap_err();
        assert_eq!(code, codes::INVALID_NESTED_ENCODING);
        assert_eq!(pointer, "/paths/x-rust-nested-encoding");
        assert!(message.contains("brackets, indexed, json"), "{message}");
    }

    #[test]
    fn form_fields_keep_what_the_encoding_says() {
        let raw = json!({
            "expand": {"style": "deepObject", "explode": true},
            "ids": {"style": "form"},
            "tags": {"style": "pipeDelimited"},
            "file": {"contentType": "text/plain"}
        });
        let media: openapiv3::MediaType =
            serde_json::from_value(json!({"encoding": raw.clone()})).unwrap();
        let fields = form_fields(&media, Some(&raw));
        let summary: Vec<(&str, ParamStyle, bool)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.style, f.explode))
            .collect();
        assert_eq!(
            summary,
            [
                ("expand", ParamStyle::DeepObject, true),
                ("ids", ParamStyle::Form, true),
                ("tags", ParamStyle::PipeDelimited, false),
            ]
        );
    }
}
