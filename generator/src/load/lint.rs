//! What the generator would drop without a word, reported before typing.
//!
//! `openapiv3` ignores every key it does not know: a misspelt `requestbody`
//! silently leaves the operation without its body, `GET:` or a path without
//! its leading `/` silently drops the operation, and `type: strin` silently
//! becomes free-form JSON. This pass walks the raw document (after overlays,
//! before the 3.1 downlevel, so pointers are the author's) and reports:
//!
//! - keys no table of [`spec_kinds`] knows for that object kind (`x-`
//!   extensions are always allowed), with a "did you mean" hint; an error
//!   when the hint names a key that shapes the client (see [`SHAPING`]),
//!   a warning otherwise;
//! - path keys without a leading `/`, and response keys that are not status codes;
//! - schema `type` values that are not JSON Schema types;
//! - keys beside a `$ref` in OpenAPI 3.0, which that version ignores.
//!
//! Two near misses have one safe reading, so they are warnings and the
//! lint returns them as [`Rename`]s for the load stage to apply: a known
//! key in the wrong case (`GET`, `requestbody`) and a path without its
//! leading `/` (`pets`), unless the key as meant is also there.

use crate::diagnostics::{ErrorCode, Reporter, WarningCode, codes, pointer_push};
use crate::load::Dialect;
use crate::load::spec_kinds::{self, Field, Kind, Node, Since, Walk, kind_name};
use serde_json::Value;

/// Keys that change the generated client: ignoring one (because the author
/// misspelt it) would produce wrong output, so a near miss is an error.
const SHAPING: &[(Kind, &[&str])] = &[
    (
        Kind::Root,
        &["paths", "components", "servers", "security", "webhooks"],
    ),
    (
        Kind::Components,
        &[
            "schemas",
            "responses",
            "parameters",
            "requestBodies",
            "securitySchemes",
        ],
    ),
    (
        Kind::PathItem,
        &[
            "$ref",
            "get",
            "put",
            "post",
            "delete",
            "options",
            "head",
            "patch",
            "trace",
            "parameters",
        ],
    ),
    (
        Kind::Operation,
        &[
            "operationId",
            "parameters",
            "requestBody",
            "responses",
            "security",
            "tags",
        ],
    ),
    (
        Kind::Parameter,
        &[
            "name", "in", "required", "schema", "content", "style", "explode",
        ],
    ),
    (Kind::RequestBody, &["content", "required"]),
    (Kind::MediaType, &["schema"]),
    (Kind::Responses, &["default"]),
    (Kind::Response, &["content"]),
    (Kind::Header, &["schema", "required", "content"]),
    (Kind::SecurityScheme, &["type", "scheme", "in", "name"]),
    (
        Kind::Schema,
        &[
            "$ref",
            "type",
            "format",
            "enum",
            "const",
            "nullable",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "not",
            "discriminator",
            "default",
            "prefixItems",
            "$defs",
        ],
    ),
];

/// JSON Schema's types (`null` only in 3.1, where `type` may also be a list).
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// JSON Schema 2020-12 keywords with no 3.0 form that change what a value
/// may look like: the downlevel pass keeps them, the types do not show them.
const UNREPRESENTED: &[(&str, &str)] = &[
    (
        "prefixItems",
        "tuple items are not typed one by one: the list is typed by `items` alone",
    ),
    (
        "patternProperties",
        "members matching a pattern are not typed: only `properties` and `additionalProperties` are",
    ),
    (
        "if",
        "conditional schemas (`if`/`then`/`else`) are not applied",
    ),
    (
        "dependentSchemas",
        "schemas depending on a member's presence are not applied",
    ),
    (
        "unevaluatedProperties",
        "`unevaluatedProperties` is not applied: use `additionalProperties`",
    ),
    ("unevaluatedItems", "`unevaluatedItems` is not applied"),
    (
        "$dynamicRef",
        "dynamic references are not resolved: the schema is free-form JSON",
    ),
];

/// Which `enum` values `openapiv3` accepts for each scalar type.
type Fits = fn(&Value) -> bool;
const ENUM_TYPES: &[(&str, Fits, &str)] = &[
    ("string", Value::is_string, "a string"),
    ("integer", Value::is_i64, "a 64-bit integer"),
    ("number", Value::is_number, "a number"),
    ("boolean", Value::is_boolean, "a boolean"),
];

/// A near miss read as meant, for the load stage to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The key `from` of the object at `holder` is read as `to`.
    Rename {
        holder: String,
        from: String,
        to: String,
    },
    /// The `type` of the schema at `schema` is read as `ty` (`String` as `string`).
    Retype { schema: String, ty: &'static str },
    /// The schema at `schema`, in a 3.0 document, has a `type` list, read
    /// as OpenAPI 3.1 reads one.
    TypeList { schema: String },
}

impl Reading {
    /// Applies a rename or a retype to `raw`; type lists are the downlevel
    /// pass's (see `load::downlevel::type_lists`).
    pub(crate) fn apply(&self, raw: &mut Value) {
        match self {
            Reading::Rename { holder, from, to } => {
                if let Some(Value::Object(object)) = raw.pointer_mut(holder)
                    && let Some(value) = object.remove(from)
                {
                    object.insert(to.clone(), value);
                }
            }
            Reading::Retype { schema, ty } => {
                if let Some(Value::Object(object)) = raw.pointer_mut(schema) {
                    object.insert("type".to_owned(), Value::String((*ty).to_owned()));
                }
            }
            Reading::TypeList { .. } => {}
        }
    }
}

/// Reports everything in `raw` the generator would ignore, and returns the
/// near misses to read as meant.
pub(crate) fn lint(raw: &Value, dialect: Dialect, report: &mut Reporter<'_>) -> Vec<Reading> {
    let walked = spec_kinds::walk(raw, dialect);
    let mut lint = Lint {
        dialect,
        report: report.reborrow(),
        walked: &walked,
        readings: Vec::new(),
    };
    for node in &walked.nodes {
        match node.kind {
            Kind::Paths => lint.path_keys(node),
            Kind::Responses => lint.status_keys(node),
            Kind::Callback | Kind::SecurityRequirement => {}
            Kind::Schema => {
                lint.unrepresented(node);
                lint.schema_type(node);
                lint.enum_values(node);
                lint.ref_siblings(node);
                lint.unknown_keys(node);
            }
            _ => lint.unknown_keys(node),
        }
    }
    lint.readings
}

struct Lint<'a, 'v> {
    dialect: Dialect,
    report: Reporter<'a>,
    /// The nodes, for the pointer of what is reported.
    walked: &'a Walk<'v>,
    readings: Vec<Reading>,
}

impl Lint<'_, '_> {
    /// The pointer of `key` in `node` (only built for what is reported).
    fn at(&self, node: &Node<'_>, key: &str) -> String {
        pointer_push(&self.walked.pointer(node), key)
    }

    fn rename(&mut self, node: &Node<'_>, from: &str, to: String) {
        self.readings.push(Reading::Rename {
            holder: self.walked.pointer(node),
            from: from.to_owned(),
            to,
        });
    }

    /// Keys that are neither fixed fields of the node's kind nor extensions.
    fn unknown_keys(&mut self, node: &Node<'_>) {
        let kind = node.kind;
        for key in node.value.keys() {
            if key.starts_with("x-") || spec_kinds::field(kind, key, self.dialect).is_some() {
                continue;
            }
            let at = self.at(node, key);
            let where_ = kind_name(kind);
            if let Some(field) = later_version_field(kind, key) {
                let message = format!(
                    "`{key}` in {where_} is an OpenAPI 3.1 keyword; this OpenAPI 3.0 document's `{key}` is ignored"
                );
                let codes = (codes::LATER_VERSION_SHAPING_KEY, codes::LATER_VERSION_KEY);
                self.report_key(kind, field.name, codes, at, message);
                continue;
            }
            match suggestion(key, spec_kinds::fields(kind), self.dialect) {
                Some(meant)
                    if key.eq_ignore_ascii_case(meant) && !node.value.contains_key(meant) =>
                {
                    let message = format!("`{key}` in {where_} is read as `{meant}`");
                    self.report.warning(codes::KEY_CASE, at, message);
                    self.rename(node, key, meant.to_owned());
                }
                Some(meant) => {
                    let message = format!(
                        "unknown key `{key}` in {where_} is ignored; did you mean `{meant}`?"
                    );
                    // `GET` beside a `get`: the one read is the other place.
                    let also = node
                        .value
                        .contains_key(meant)
                        .then(|| self.report.at(self.at(node, meant)));
                    let codes = (codes::MISSPELT_SHAPING_KEY, codes::UNKNOWN_KEY);
                    let diagnostic = self.report_key(kind, meant, codes, at, message);
                    if let Some(place) = also {
                        diagnostic.also_at(place, format!("the `{meant}` that is read"));
                    }
                }
                None => {
                    self.report.warning(
                        codes::UNKNOWN_KEY,
                        at,
                        format!("unknown key `{key}` in {where_} is ignored"),
                    );
                }
            }
        }
    }

    /// An error (the first code) when `meant` shapes the client, a warning
    /// (the second) otherwise.
    fn report_key(
        &mut self,
        kind: Kind,
        meant: &str,
        (error, warning): (ErrorCode, WarningCode),
        at: String,
        message: String,
    ) -> &mut crate::diagnostics::Diagnostic {
        let shaping = SHAPING
            .iter()
            .any(|(k, keys)| *k == kind && keys.contains(&meant));
        if shaping {
            self.report.error(error, at, message)
        } else {
            self.report.warning(warning, at, message)
        }
    }

    fn path_keys(&mut self, node: &Node<'_>) {
        for key in node.value.keys() {
            if key.starts_with("x-") || key.starts_with('/') {
                continue;
            }
            let meant = format!("/{key}");
            if node.value.contains_key(&meant) {
                let other = self.report.at(self.at(node, &meant));
                self.report.error(codes::PATH_WITHOUT_SLASH_COLLIDES,
                    self.at(node, key),
                    format!("path `{key}` does not start with `/`, and `{meant}` is another path, so its operations would be dropped"),
                )
                .also_at(other, format!("the path `{meant}`"));
                continue;
            }
            self.report.warning(
                codes::PATH_WITHOUT_SLASH,
                self.at(node, key),
                format!("path `{key}` does not start with `/`: it is read as `{meant}`"),
            );
            self.rename(node, key, meant);
        }
    }

    fn status_keys(&mut self, node: &Node<'_>) {
        for key in node.value.keys() {
            if key.starts_with("x-") || key == "default" || is_status_code(key) {
                continue;
            }
            let at = self.at(node, key);
            let message = match suggestion(key, spec_kinds::fields(Kind::Responses), self.dialect) {
                Some(meant) => format!(
                    "unknown key `{key}` in `responses` is ignored; did you mean `{meant}`?"
                ),
                None => format!(
                    "`{key}` is not a status code (such as `200`, `4XX` or `default`), so this response would be ignored"
                ),
            };
            self.report.error(codes::NOT_A_STATUS_CODE, at, message);
        }
    }

    /// Schema types: a 3.0 `type` list is read as 3.1 reads it; a known
    /// type in the wrong case (`String`) as that type; anything else is
    /// free-form JSON. Each with a warning.
    fn schema_type(&mut self, node: &Node<'_>) {
        let Some(ty) = node.value.get("type") else {
            return;
        };
        let listed: Vec<&Value> = match (ty, self.dialect) {
            (Value::Array(types), Dialect::OpenApi31) => types.iter().collect(),
            (Value::Array(_), Dialect::OpenApi30) => {
                self.report.warning(codes::TYPE_LIST_IN_3_0,
                    self.at(node, "type"),
                    "`type` lists are OpenAPI 3.1 (in 3.0 `type` is one type, with `nullable: true` for null); the list is read as 3.1 reads it",
                );
                let schema = self.walked.pointer(node);
                self.readings.push(Reading::TypeList { schema });
                return;
            }
            (one, _) => vec![one],
        };
        for ty in listed {
            let known = ty.as_str().is_some_and(|t| {
                TYPES.contains(&t) || (t == "null" && self.dialect == Dialect::OpenApi31)
            });
            if known {
                continue;
            }
            let same_but_case = ty
                .as_str()
                .and_then(|t| TYPES.iter().find(|known| known.eq_ignore_ascii_case(t)));
            if let (Some(meant), Value::String(_)) = (same_but_case, ty) {
                self.report.warning(
                    codes::TYPE_CASE,
                    self.at(node, "type"),
                    format!("`type: {ty}` is read as `{meant}`"),
                );
                let schema = self.walked.pointer(node);
                self.readings.push(Reading::Retype { schema, ty: meant });
                continue;
            }
            let hint = ty
                .as_str()
                .and_then(|t| closest(t, TYPES.iter().copied()))
                .map(|t| format!("; did you mean `{t}`? (an overlay can correct it)"))
                .unwrap_or_default();
            self.report.warning(codes::UNKNOWN_TYPE,
                self.at(node, "type"),
                format!("`type: {ty}` is not a JSON Schema type, so the schema is generated as free-form JSON{hint}"),
            );
        }
    }

    fn unrepresented(&mut self, node: &Node<'_>) {
        if self.dialect != Dialect::OpenApi31 {
            return;
        }
        for (keyword, consequence) in UNREPRESENTED {
            if node.value.contains_key(*keyword) {
                self.report.warning(
                    codes::UNREPRESENTED_KEYWORD,
                    self.at(node, keyword),
                    format!("`{keyword}`: {consequence}"),
                );
            }
        }
    }

    /// `openapiv3` reads a `string`, `integer`, `number` or `boolean` schema
    /// whose `enum` holds a value of another type as an untyped schema, and
    /// the enum is lost: any value of the type is then accepted.
    fn enum_values(&mut self, node: &Node<'_>) {
        let (Some(Value::String(ty)), Some(Value::Array(values))) =
            (node.value.get("type"), node.value.get("enum"))
        else {
            return;
        };
        let Some((_, fits, what)) = ENUM_TYPES.iter().find(|(t, _, _)| t == ty) else {
            return;
        };
        if let Some((index, value)) = values
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_null() && !fits(v))
        {
            let enum_pointer = pointer_push(&self.walked.pointer(node), "enum");
            let schema_type = self.report.at(self.at(node, "type"));
            self.report.warning(codes::ENUM_VALUE_TYPE,
                pointer_push(&enum_pointer, &index.to_string()),
                format!("enum value {value} is not {what}, so this `type: {ty}` schema's `enum` is ignored and any {ty} is accepted"),
            )
            .also_at(schema_type, format!("the schema's `type: {ty}`"));
        }
    }

    /// OpenAPI 3.0 ignores everything beside a `$ref` (3.1 applies it, and
    /// the downlevel pass keeps it).
    fn ref_siblings(&mut self, node: &Node<'_>) {
        if self.dialect != Dialect::OpenApi30 || !node.value.contains_key("$ref") {
            return;
        }
        let siblings: Vec<&str> = node
            .value
            .keys()
            .filter(|k| *k != "$ref" && !k.starts_with("x-"))
            .map(String::as_str)
            .collect();
        if siblings.is_empty() {
            return;
        }
        let ignored: Vec<_> = siblings
            .iter()
            .map(|key| self.report.at(self.at(node, key)))
            .collect();
        let diagnostic = self.report.warning(codes::REF_SIBLINGS_IGNORED,
            self.at(node, "$ref"),
            format!(
                "{} beside `$ref` {} ignored in OpenAPI 3.0 (wrap the reference as `allOf: [{{$ref: …}}]` to keep {})",
                siblings.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                if siblings.len() == 1 { "is" } else { "are" },
                if siblings.len() == 1 { "it" } else { "them" },
            ),
        );
        for place in ignored {
            diagnostic.also_at(place, "ignored beside the `$ref`");
        }
    }
}

/// `200`, `404`, `2XX` (any case, as `openapiv3` reads them).
fn is_status_code(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 3
        && (b'1'..=b'5').contains(&bytes[0])
        && (bytes[1..].iter().all(u8::is_ascii_digit)
            || bytes[1..].iter().all(|b| b.eq_ignore_ascii_case(&b'x')))
}

/// A 3.1-only field of `kind` named `key` (for a 3.0 document).
fn later_version_field(kind: Kind, key: &str) -> Option<&'static Field> {
    spec_kinds::fields(kind)
        .iter()
        .find(|f| f.name == key && f.since == Since::V31)
}

/// The field the author probably meant by `key`.
fn suggestion(key: &str, fields: &'static [Field], dialect: Dialect) -> Option<&'static str> {
    let names = fields
        .iter()
        .filter(|f| f.since == Since::V30 || dialect == Dialect::OpenApi31)
        .map(|f| f.name);
    closest(key, names)
}

/// The candidate equal to `word` but for case, else the one within a small
/// edit distance (1 for short words, 2 from six characters on).
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str> + Clone) -> Option<&'c str> {
    if let Some(same) = candidates.clone().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(same);
    }
    let allowed = match word.chars().count() {
        0..=3 => return None,
        4..=5 => 1,
        _ => 2,
    };
    candidates
        .map(|c| {
            (
                edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance (keys are short: the quadratic table is tiny).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(doc: Value, dialect: Dialect) -> String {
        let mut diags = crate::diagnostics::Diagnostics::new();
        lint(&doc, dialect, &mut Reporter::new("s.yaml", &mut diags));
        diags.to_string()
    }

    fn operation(op: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "v"}, "paths": {"/a": {"post": op}}})
    }

    #[test]
    fn a_clean_document_has_nothing_to_say() {
        let doc = operation(json!({
            "operationId": "x",
            "x-anything": {"goes": 1},
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}},
            "responses": {"200": {"description": "ok"}, "4XX": {"description": "e"}, "default": {"description": "d"}},
        }));
        assert_eq!(report(doc, Dialect::OpenApi30), "");
    }

    #[test]
    fn misspelt_keys_that_shape_the_client_are_errors_with_the_fix() {
        let doc = operation(json!({
            "requestbody": {},
            "parameter": [],
            "summry": "s",
            "whatever": 1,
            "responses": {"200": {"description": "ok", "contnet": {}}},
        }));
        assert_eq!(
            report(doc, Dialect::OpenApi30),
            "error[E013]: s.yaml at /paths/~1a/post/parameter: unknown key `parameter` in an operation is ignored; did you mean `parameters`?\n\
             error[E013]: s.yaml at /paths/~1a/post/responses/200/contnet: unknown key `contnet` in a response is ignored; did you mean `content`?\n\
             warning[W014]: s.yaml at /paths/~1a/post/requestbody: `requestbody` in an operation is read as `requestBody`\n\
             warning[W013]: s.yaml at /paths/~1a/post/summry: unknown key `summry` in an operation is ignored; did you mean `summary`?\n\
             warning[W013]: s.yaml at /paths/~1a/post/whatever: unknown key `whatever` in an operation is ignored\n"
        );
    }

    #[test]
    fn paths_methods_and_status_codes_that_would_drop_operations() {
        let doc = json!({"openapi": "3.0.3", "paths": {
            "pets": {"get": {"responses": {}}},
            "x-internal": {},
            "/owners": {"GET": {"responses": {"ok": {"description": "d"}, "2xx": {"description": "d"}}}},
        }});
        assert_eq!(
            report(doc, Dialect::OpenApi30),
            "warning[W016]: s.yaml at /paths/pets: path `pets` does not start with `/`: it is read as `/pets`\n\
             warning[W014]: s.yaml at /paths/~1owners/GET: `GET` in a path item is read as `get`\n"
        );
        let doc = operation(
            json!({"responses": {"ok": {"description": "d"}, "2xx": {"description": "d"}}}),
        );
        assert_eq!(
            report(doc, Dialect::OpenApi30),
            "error[E016]: s.yaml at /paths/~1a/post/responses/ok: `ok` is not a status code (such as `200`, `4XX` or `default`), so this response would be ignored\n"
        );
    }

    #[test]
    fn schema_types_and_keywords() {
        let schemas = json!({
            "A": {"type": "strin"},
            "B": {"type": ["string", "null"]},
            "C": {"type": "object", "propertes": {}, "minLenght": 1, "const": 1},
            "D": {"$ref": "#/components/schemas/A", "description": "d", "x-ok": 1},
        });
        let doc = json!({"openapi": "3.0.3", "components": {"schemas": schemas}});
        assert_eq!(
            report(doc, Dialect::OpenApi30),
            "error[E014]: s.yaml at /components/schemas/C/const: `const` in a schema is an OpenAPI 3.1 keyword; this OpenAPI 3.0 document's `const` is ignored\n\
             error[E013]: s.yaml at /components/schemas/C/propertes: unknown key `propertes` in a schema is ignored; did you mean `properties`?\n\
             warning[W019]: s.yaml at /components/schemas/A/type: `type: \"strin\"` is not a JSON Schema type, so the schema is generated as free-form JSON; did you mean `string`? (an overlay can correct it)\n\
             warning[W017]: s.yaml at /components/schemas/B/type: `type` lists are OpenAPI 3.1 (in 3.0 `type` is one type, with `nullable: true` for null); the list is read as 3.1 reads it\n\
             warning[W013]: s.yaml at /components/schemas/C/minLenght: unknown key `minLenght` in a schema is ignored; did you mean `minLength`?\n\
             warning[W022]: s.yaml at /components/schemas/D/$ref: `description` beside `$ref` is ignored in OpenAPI 3.0 (wrap the reference as `allOf: [{$ref: …}]` to keep it) [s.yaml at /components/schemas/D/description: ignored beside the `$ref`]\n"
        );
        let doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "B": {"type": ["string", "null", "nul"]},
            "C": {"const": 1, "$ref": "#/x", "description": "d", "$defs": {"E": {"type": "integr"}}},
        }}});
        assert_eq!(
            report(doc, Dialect::OpenApi31),
            "warning[W019]: s.yaml at /components/schemas/B/type: `type: \"nul\"` is not a JSON Schema type, so the schema is generated as free-form JSON\n\
             warning[W019]: s.yaml at /components/schemas/C/$defs/E/type: `type: \"integr\"` is not a JSON Schema type, so the schema is generated as free-form JSON; did you mean `integer`? (an overlay can correct it)\n"
        );
    }

    #[test]
    fn enum_values_of_another_type_are_reported() {
        let doc = json!({"openapi": "3.0.3", "components": {"schemas": {
            "N": {"type": "number", "enum": ["", 1, null]},
            "I": {"type": "integer", "enum": [1, 2.5]},
            "S": {"type": "string", "enum": ["a", null]},
        }}});
        assert_eq!(
            report(doc, Dialect::OpenApi30),
            "warning[W021]: s.yaml at /components/schemas/I/enum/1: enum value 2.5 is not a 64-bit integer, so this `type: integer` schema's `enum` is ignored and any integer is accepted [s.yaml at /components/schemas/I/type: the schema's `type: integer`]\n\
             warning[W021]: s.yaml at /components/schemas/N/enum/0: enum value \"\" is not a number, so this `type: number` schema's `enum` is ignored and any number is accepted [s.yaml at /components/schemas/N/type: the schema's `type: number`]\n"
        );
    }

    #[test]
    fn json_schema_keywords_without_a_3_0_form_are_reported() {
        let doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "T": {"type": "array", "prefixItems": [{"type": "string"}], "items": false},
        }}});
        assert_eq!(
            report(doc, Dialect::OpenApi31),
            "warning[W020]: s.yaml at /components/schemas/T/prefixItems: `prefixItems`: tuple items are not typed one by one: the list is typed by `items` alone\n"
        );
    }

    #[test]
    fn hints_need_a_close_match() {
        let names = ["requestBody", "parameters", "get"];
        assert_eq!(closest("GET", names.iter().copied()), Some("get"));
        assert_eq!(
            closest("requestBdy", names.iter().copied()),
            Some("requestBody")
        );
        assert_eq!(closest("gte", names.iter().copied()), None);
        assert_eq!(closest("payload", names.iter().copied()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
