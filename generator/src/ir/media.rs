//! Media types of request and response bodies: which kind of Rust value
//! carries each (a table, not code), which one an operation prefers, and the
//! `Accept` header its responses ask for.

/// How a body of some media type is carried in Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MediaKind {
    /// `application/json` and `+json` types: the schema's type, through serde.
    Json,
    /// `application/x-www-form-urlencoded`: the schema's type, as `name=value` pairs.
    Form,
    /// `multipart/form-data`: the runtime's `Multipart` form.
    Multipart,
    /// `text/*`: a `String`.
    Text,
    /// Binary types (and any the generator cannot type): bytes.
    Binary,
}

impl MediaKind {
    /// The builder-method suffix for choosing this kind (`as_form`).
    pub fn suffix(self) -> &'static str {
        match self {
            MediaKind::Json => "json",
            MediaKind::Form => "form",
            MediaKind::Multipart => "multipart",
            MediaKind::Text => "text",
            MediaKind::Binary => "binary",
        }
    }
}

/// How a rule matches a media type's essence (lower case, no parameters).
enum Pattern {
    Exact(&'static str),
    Prefix(&'static str),
    Suffix(&'static str),
}

/// Media types the generator knows, first match wins. Anything else is
/// carried as bytes with a warning, never dropped.
const RULES: &[(Pattern, MediaKind)] = &[
    (Pattern::Exact("application/json"), MediaKind::Json),
    (Pattern::Suffix("+json"), MediaKind::Json),
    (Pattern::Exact("text/json"), MediaKind::Json),
    (
        Pattern::Exact("application/x-www-form-urlencoded"),
        MediaKind::Form,
    ),
    (Pattern::Exact("multipart/form-data"), MediaKind::Multipart),
    (Pattern::Prefix("text/"), MediaKind::Text),
    (
        Pattern::Exact("application/octet-stream"),
        MediaKind::Binary,
    ),
    (Pattern::Exact("*/*"), MediaKind::Binary),
    (Pattern::Exact("application/pdf"), MediaKind::Binary),
    (Pattern::Exact("application/zip"), MediaKind::Binary),
    (Pattern::Exact("application/gzip"), MediaKind::Binary),
    (Pattern::Prefix("image/"), MediaKind::Binary),
    (Pattern::Prefix("audio/"), MediaKind::Binary),
    (Pattern::Prefix("video/"), MediaKind::Binary),
    (Pattern::Prefix("font/"), MediaKind::Binary),
];

/// The kind of a media type, or `None` when no rule knows it.
pub fn known_kind(mime: &str) -> Option<MediaKind> {
    let essence = essence(mime);
    RULES.iter().find_map(|(pattern, kind)| {
        let hit = match pattern {
            Pattern::Exact(exact) => essence == *exact,
            Pattern::Prefix(prefix) => essence.starts_with(prefix),
            Pattern::Suffix(suffix) => essence.ends_with(suffix),
        };
        hit.then_some(*kind)
    })
}

/// `type/subtype` in lower case, without parameters.
fn essence(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// What a request declared with `mime` is sent as: the declared type, but
/// a range (`*/*`, `image/*`), which names no content type, as the generic
/// one of its kind.
pub fn sent_content_type(mime: &str, kind: MediaKind) -> String {
    if !essence(mime).contains('*') {
        return mime.to_owned();
    }
    match kind {
        MediaKind::Text => "text/plain",
        _ => "application/octet-stream",
    }
    .to_owned()
}

/// The media type an operation's body is sent as by default: JSON first,
/// then form, multipart, text, binary; in document order within a kind.
pub fn preferred<T>(content: &indexmap::IndexMap<String, T>) -> Option<(&String, &T)> {
    content
        .iter()
        .min_by_key(|(mime, _)| known_kind(mime).unwrap_or(MediaKind::Binary))
}

/// The kinds a response's content can be returned as: JSON when declared,
/// else text, else bytes.
pub fn response_kind(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, MediaKind)> {
    let (mime, _) = preferred(content)?;
    let kind = match known_kind(mime) {
        Some(MediaKind::Json) => MediaKind::Json,
        Some(MediaKind::Text) => MediaKind::Text,
        _ => MediaKind::Binary,
    };
    Some((mime, kind))
}

/// The `Accept` value of an operation: every media type its responses
/// declare, in document order; `application/json` when none is declared.
pub fn accept<'r>(mimes: impl IntoIterator<Item = &'r String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for mime in mimes {
        let essence = essence(mime);
        if !essence.is_empty() && !seen.contains(&essence) {
            seen.push(essence);
        }
    }
    if seen.is_empty() {
        "application/json".to_owned()
    } else {
        seen.join(", ")
    }
}

/// A multipart body's `encoding`: part name → content type, in spec order.
pub fn part_types(media: &openapiv3::MediaType) -> Vec<(String, String)> {
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| Some((name.clone(), encoding.content_type.clone()?)))
        .collect()
}

/// A multipart body's parts as its schema lists them: name, and whether
/// the part is a file (`format: binary` or `byte`). A `$ref` to a component
/// schema is followed once; other schemas list no parts.
pub fn parts(media: &openapiv3::MediaType, api: &openapiv3::OpenAPI) -> Vec<(String, bool)> {
    let schema = match &media.schema {
        Some(openapiv3::ReferenceOr::Item(schema)) => Some(schema),
        Some(openapiv3::ReferenceOr::Reference { reference }) => reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| api.components.as_ref()?.schemas.get(name))
            .and_then(|schema| schema.as_item()),
        None => None,
    };
    let Some(openapiv3::SchemaKind::Type(openapiv3::Type::Object(object))) =
        schema.map(|s| &s.schema_kind)
    else {
        return Vec::new();
    };
    object
        .properties
        .iter()
        .map(|(name, property)| {
            let file = matches!(
                property.as_item().map(|p| &p.schema_kind),
                Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(s)))
                    if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary | openapiv3::StringFormat::Byte))
            );
            (name.clone(), file)
        })
        .collect()
}

/// Whether a value for `a` also fits `b`: serde kinds share a schema type,
/// the others only their own kind.
pub fn same_value(a: MediaKind, b: MediaKind) -> bool {
    let serde = |kind| matches!(kind, MediaKind::Json | MediaKind::Form);
    a == b || (serde(a) && serde(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_table() {
        for (mime, kind) in [
            ("application/json; charset=utf-8", Some(MediaKind::Json)),
            ("application/problem+json", Some(MediaKind::Json)),
            ("Application/VND.API+JSON", Some(MediaKind::Json)),
            ("application/x-www-form-urlencoded", Some(MediaKind::Form)),
            ("multipart/form-data", Some(MediaKind::Multipart)),
            ("text/plain", Some(MediaKind::Text)),
            ("text/csv", Some(MediaKind::Text)),
            ("image/png", Some(MediaKind::Binary)),
            ("*/*", Some(MediaKind::Binary)),
            ("application/xml", None),
        ] {
            assert_eq!(known_kind(mime), kind, "{mime}");
        }
    }

    #[test]
    fn json_is_preferred_then_document_order() {
        let content: indexmap::IndexMap<String, ()> = [
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json",
        ]
        .into_iter()
        .map(|m| (m.to_owned(), ()))
        .collect();
        assert_eq!(
            preferred(&content).map(|(m, _)| m.as_str()),
            Some("application/json")
        );
        let content: indexmap::IndexMap<String, ()> = ["image/png", "text/plain"]
            .into_iter()
            .map(|m| (m.to_owned(), ()))
            .collect();
        assert_eq!(
            preferred(&content).map(|(m, _)| m.as_str()),
            Some("text/plain")
        );
    }

    #[test]
    fn ranges_are_sent_as_a_concrete_type() {
        assert_eq!(
            sent_content_type("*/*", MediaKind::Binary),
            "application/octet-stream"
        );
        assert_eq!(
            sent_content_type("image/*", MediaKind::Binary),
            "application/octet-stream"
        );
        assert_eq!(sent_content_type("text/*", MediaKind::Text), "text/plain");
        assert_eq!(
            sent_content_type("image/png", MediaKind::Binary),
            "image/png"
        );
    }

    #[test]
    fn accept_lists_declared_types_once() {
        let mimes = [
            "application/json".to_owned(),
            "text/plain; charset=utf-8".to_owned(),
            "application/json".to_owned(),
        ];
        assert_eq!(accept(&mimes), "application/json, text/plain");
        assert_eq!(accept(&[]), "application/json");
    }
}
