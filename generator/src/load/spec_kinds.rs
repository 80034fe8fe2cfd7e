//! What each OpenAPI object may contain, as data: the fixed fields of every
//! object kind (OpenAPI 3.0 and 3.1) and where objects nest, plus an
//! iterative walk that names the kind of every node of a raw document.
//!
//! Shared by the lint (which reports keys no table knows) and the 3.1
//! downlevel pass (which rewrites every schema, wherever it occurs).

use crate::diagnostics::push_token;
use crate::load::Dialect;
use serde_json::Value;
use std::fmt::Write as _;

/// The kinds of OpenAPI objects the walk tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Root,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Callback,
    Example,
    Link,
    Header,
    Tag,
    /// A Reference Object (`{$ref}`) where a non-schema object may be.
    Reference,
    Schema,
    Discriminator,
    Xml,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    /// Keys are security scheme names; values are scope lists.
    SecurityRequirement,
}

/// In which versions a fixed field exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Since {
    /// OpenAPI 3.0 and 3.1.
    V30,
    /// Only OpenAPI 3.1 (JSON Schema 2020-12 keywords, `webhooks`, …).
    V31,
}

/// How a field's value holds child objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holds {
    /// Opaque data (a string, an example, an enum list…): not walked.
    Data,
    /// One object of the kind.
    One(Kind),
    /// A map whose values are of the kind.
    Map(Kind),
    /// A list whose items are of the kind.
    List(Kind),
    /// A schema, or (JSON Schema before 2020-12) a list of schemas.
    SchemaOrList,
}

/// A fixed field of an object kind.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) since: Since,
    pub(crate) holds: Holds,
}

const fn f(name: &'static str, holds: Holds) -> Field {
    Field {
        name,
        since: Since::V30,
        holds,
    }
}

const fn f31(name: &'static str, holds: Holds) -> Field {
    Field {
        name,
        since: Since::V31,
        holds,
    }
}

use Holds::{Data, List, Map, One, SchemaOrList};

const D: Holds = Data;

/// How kinds are named in messages.
pub(crate) fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Root => "the document root",
        Kind::Info => "`info`",
        Kind::Contact => "a contact",
        Kind::License => "a license",
        Kind::Server => "a server",
        Kind::ServerVariable => "a server variable",
        Kind::Components => "`components`",
        Kind::Paths => "`paths`",
        Kind::PathItem => "a path item",
        Kind::Operation => "an operation",
        Kind::ExternalDocs => "`externalDocs`",
        Kind::Parameter => "a parameter",
        Kind::RequestBody => "a request body",
        Kind::MediaType => "a media type",
        Kind::Encoding => "an encoding",
        Kind::Responses => "`responses`",
        Kind::Response => "a response",
        Kind::Callback => "a callback",
        Kind::Example => "an example",
        Kind::Link => "a link",
        Kind::Header => "a header",
        Kind::Tag => "a tag",
        Kind::Reference => "a reference",
        Kind::Schema => "a schema",
        Kind::Discriminator => "a discriminator",
        Kind::Xml => "`xml`",
        Kind::SecurityScheme => "a security scheme",
        Kind::OAuthFlows => "`flows`",
        Kind::OAuthFlow => "an OAuth flow",
        Kind::SecurityRequirement => "a security requirement",
    }
}

/// The fixed fields of `kind` (empty for kinds whose keys are free, see [`free_keys`]).
pub(crate) fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Root => {
            const {
                &[
                    f("openapi", D),
                    f("info", One(Kind::Info)),
                    f31("jsonSchemaDialect", D),
                    f("servers", List(Kind::Server)),
                    f("paths", One(Kind::Paths)),
                    f31("webhooks", Map(Kind::PathItem)),
                    f("components", One(Kind::Components)),
                    f("security", List(Kind::SecurityRequirement)),
                    f("tags", List(Kind::Tag)),
                    f("externalDocs", One(Kind::ExternalDocs)),
                ]
            }
        }
        Kind::Info => {
            const {
                &[
                    f("title", D),
                    f31("summary", D),
                    f("description", D),
                    f("termsOfService", D),
                    f("contact", One(Kind::Contact)),
                    f("license", One(Kind::License)),
                    f("version", D),
                ]
            }
        }
        Kind::Contact => const { &[f("name", D), f("url", D), f("email", D)] },
        Kind::License => const { &[f("name", D), f31("identifier", D), f("url", D)] },
        Kind::Server => {
            const {
                &[
                    f("url", D),
                    f("description", D),
                    f("variables", Map(Kind::ServerVariable)),
                ]
            }
        }
        Kind::ServerVariable => const { &[f("enum", D), f("default", D), f("description", D)] },
        Kind::Components => {
            const {
                &[
                    f("schemas", Map(Kind::Schema)),
                    f("responses", Map(Kind::Response)),
                    f("parameters", Map(Kind::Parameter)),
                    f("examples", Map(Kind::Example)),
                    f("requestBodies", Map(Kind::RequestBody)),
                    f("headers", Map(Kind::Header)),
                    f("securitySchemes", Map(Kind::SecurityScheme)),
                    f("links", Map(Kind::Link)),
                    f("callbacks", Map(Kind::Callback)),
                    f31("pathItems", Map(Kind::PathItem)),
                ]
            }
        }
        Kind::PathItem => {
            const {
                &[
                    f("$ref", D),
                    f("summary", D),
                    f("description", D),
                    f("get", One(Kind::Operation)),
                    f("put", One(Kind::Operation)),
                    f("post", One(Kind::Operation)),
                    f("delete", One(Kind::Operation)),
                    f("options", One(Kind::Operation)),
                    f("head", One(Kind::Operation)),
                    f("patch", One(Kind::Operation)),
                    f("trace", One(Kind::Operation)),
                    f("servers", List(Kind::Server)),
                    f("parameters", List(Kind::Parameter)),
                ]
            }
        }
        Kind::Operation => {
            const {
                &[
                    f("tags", D),
                    f("summary", D),
                    f("description", D),
                    f("externalDocs", One(Kind::ExternalDocs)),
                    f("operationId", D),
                    f("parameters", List(Kind::Parameter)),
                    f("requestBody", One(Kind::RequestBody)),
                    f("responses", One(Kind::Responses)),
                    f("callbacks", Map(Kind::Callback)),
                    f("deprecated", D),
                    f("security", List(Kind::SecurityRequirement)),
                    f("servers", List(Kind::Server)),
                ]
            }
        }
        Kind::ExternalDocs => const { &[f("description", D), f("url", D)] },
        Kind::Parameter => {
            const {
                &[
                    f("name", D),
                    f("in", D),
                    f("description", D),
                    f("required", D),
                    f("deprecated", D),
                    f("allowEmptyValue", D),
                    f("style", D),
                    f("explode", D),
                    f("allowReserved", D),
                    f("schema", One(Kind::Schema)),
                    f("example", D),
                    f("examples", Map(Kind::Example)),
                    f("content", Map(Kind::MediaType)),
                ]
            }
        }
        Kind::RequestBody => {
            const {
                &[
                    f("description", D),
                    f("content", Map(Kind::MediaType)),
                    f("required", D),
                ]
            }
        }
        Kind::MediaType => {
            const {
                &[
                    f("schema", One(Kind::Schema)),
                    f("example", D),
                    f("examples", Map(Kind::Example)),
                    f("encoding", Map(Kind::Encoding)),
                ]
            }
        }
        Kind::Encoding => {
            const {
                &[
                    f("contentType", D),
                    f("headers", Map(Kind::Header)),
                    f("style", D),
                    f("explode", D),
                    f("allowReserved", D),
                ]
            }
        }
        Kind::Responses => const { &[f("default", One(Kind::Response))] },
        Kind::Response => {
            const {
                &[
                    f("description", D),
                    f("headers", Map(Kind::Header)),
                    f("content", Map(Kind::MediaType)),
                    f("links", Map(Kind::Link)),
                ]
            }
        }
        Kind::Example => {
            const {
                &[
                    f("summary", D),
                    f("description", D),
                    f("value", D),
                    f("externalValue", D),
                ]
            }
        }
        Kind::Link => {
            const {
                &[
                    f("operationRef", D),
                    f("operationId", D),
                    f("parameters", D),
                    f("requestBody", D),
                    f("description", D),
                    f("server", One(Kind::Server)),
                ]
            }
        }
        Kind::Header => {
            const {
                &[
                    f("description", D),
                    f("required", D),
                    f("deprecated", D),
                    f("allowEmptyValue", D),
                    f("style", D),
                    f("explode", D),
                    f("allowReserved", D),
                    f("schema", One(Kind::Schema)),
                    f("example", D),
                    f("examples", Map(Kind::Example)),
                    f("content", Map(Kind::MediaType)),
                ]
            }
        }
        Kind::Tag => {
            const {
                &[
                    f("name", D),
                    f("description", D),
                    f("externalDocs", One(Kind::ExternalDocs)),
                ]
            }
        }
        Kind::Reference => const { &[f("$ref", D), f31("summary", D), f31("description", D)] },
        Kind::Schema => SCHEMA_FIELDS,
        Kind::Discriminator => const { &[f("propertyName", D), f("mapping", D)] },
        Kind::Xml => {
            const {
                &[
                    f("name", D),
                    f("namespace", D),
                    f("prefix", D),
                    f("attribute", D),
                    f("wrapped", D),
                ]
            }
        }
        Kind::SecurityScheme => {
            const {
                &[
                    f("type", D),
                    f("description", D),
                    f("name", D),
                    f("in", D),
                    f("scheme", D),
                    f("bearerFormat", D),
                    f("flows", One(Kind::OAuthFlows)),
                    f("openIdConnectUrl", D),
                ]
            }
        }
        Kind::OAuthFlows => {
            const {
                &[
                    f("implicit", One(Kind::OAuthFlow)),
                    f("password", One(Kind::OAuthFlow)),
                    f("clientCredentials", One(Kind::OAuthFlow)),
                    f("authorizationCode", One(Kind::OAuthFlow)),
                ]
            }
        }
        Kind::OAuthFlow => {
            const {
                &[
                    f("authorizationUrl", D),
                    f("tokenUrl", D),
                    f("refreshUrl", D),
                    f("scopes", D),
                ]
            }
        }
        Kind::Paths | Kind::Callback | Kind::SecurityRequirement => const { &[] },
    }
}

const S: Holds = One(Kind::Schema);
const SM: Holds = Map(Kind::Schema);
const SL: Holds = List(Kind::Schema);

/// Schema Object keywords: OpenAPI 3.0's JSON Schema subset plus its own
/// (`nullable`, `discriminator`, …), then JSON Schema 2020-12's for 3.1.
/// `nullable` and boolean `exclusiveMinimum` stay known in 3.1: documents
/// converted from 3.0 keep them, and the generator reads them either way.
const SCHEMA_FIELDS: &[Field] = &[
    f("$ref", D),
    f("title", D),
    f("description", D),
    f("type", D),
    f("format", D),
    f("enum", D),
    f("default", D),
    f("example", D),
    f("nullable", D),
    f("readOnly", D),
    f("writeOnly", D),
    f("deprecated", D),
    f("multipleOf", D),
    f("maximum", D),
    f("exclusiveMaximum", D),
    f("minimum", D),
    f("exclusiveMinimum", D),
    f("maxLength", D),
    f("minLength", D),
    f("pattern", D),
    f("maxItems", D),
    f("minItems", D),
    f("uniqueItems", D),
    f("maxProperties", D),
    f("minProperties", D),
    f("required", D),
    f("properties", SM),
    f("additionalProperties", S),
    f("items", SchemaOrList),
    f("allOf", SL),
    f("oneOf", SL),
    f("anyOf", SL),
    f("not", S),
    f("discriminator", One(Kind::Discriminator)),
    f("xml", One(Kind::Xml)),
    f("externalDocs", One(Kind::ExternalDocs)),
    f31("$schema", D),
    f31("$id", D),
    f31("$anchor", D),
    f31("$dynamicAnchor", D),
    f31("$dynamicRef", D),
    f31("$vocabulary", D),
    f31("$comment", D),
    f31("$defs", SM),
    f31("const", D),
    f31("examples", D),
    f31("contentEncoding", D),
    f31("contentMediaType", D),
    f31("contentSchema", S),
    f31("prefixItems", SL),
    f31("contains", S),
    f31("minContains", D),
    f31("maxContains", D),
    f31("patternProperties", SM),
    f31("propertyNames", S),
    f31("unevaluatedItems", S),
    f31("unevaluatedProperties", S),
    f31("dependentSchemas", SM),
    f31("dependentRequired", D),
    f31("if", S),
    f31("then", S),
    f31("else", S),
];

/// For kinds whose keys are not fixed fields: the kind of every value.
/// (`Paths` keys are path templates, `Callback` keys runtime expressions,
/// `Responses` keys status codes beside its one fixed field `default`.)
pub(crate) fn free_keys(kind: Kind) -> Option<Holds> {
    match kind {
        Kind::Paths | Kind::Callback => Some(One(Kind::PathItem)),
        Kind::Responses => Some(One(Kind::Response)),
        Kind::SecurityRequirement => Some(Data),
        _ => None,
    }
}

/// The fixed field `name` of `kind`, if `dialect` has it.
pub(crate) fn field(kind: Kind, name: &str, dialect: Dialect) -> Option<&'static Field> {
    fields(kind)
        .iter()
        .find(|f| f.name == name && (f.since == Since::V30 || dialect == Dialect::OpenApi31))
}

/// One object of the document, with its kind.
pub(crate) struct Node<'v> {
    pub(crate) kind: Kind,
    /// The kind its place holds: [`Node::kind`] but for a Reference
    /// Object, which stands in for one of this kind.
    pub(crate) expected: Kind,
    /// The kind of the object holding this one (`None` for the root).
    pub(crate) parent: Option<Kind>,
    pub(crate) value: &'v serde_json::Map<String, Value>,
    /// Where it is, for [`Walk::pointer`]: the index of the node holding it
    /// and the one or two steps from there (a field, then a member or item).
    up: Option<usize>,
    field: Option<&'v str>,
    member: Option<Step<'v>>,
}

#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// The nodes of a document, parents before children, in document order.
pub(crate) struct Walk<'v> {
    pub(crate) nodes: Vec<Node<'v>>,
}

impl Walk<'_> {
    /// The JSON pointer of `node`. Built on demand, not during the walk:
    /// only the few nodes something is reported about need one, and a
    /// pointer for each of a large document's nodes was most of the walk's
    /// time and memory.
    pub(crate) fn pointer(&self, node: &Node<'_>) -> String {
        let mut steps = Vec::new();
        let mut at = Some(node);
        while let Some(node) = at {
            steps.extend(node.member);
            steps.extend(node.field.map(Step::Key));
            at = node.up.and_then(|up| self.nodes.get(up));
        }
        let mut pointer = String::new();
        for step in steps.iter().rev() {
            step.push_onto(&mut pointer);
        }
        pointer
    }
}

impl Step<'_> {
    /// Appends this step to the JSON pointer `pointer`.
    fn push_onto(self, pointer: &mut String) {
        match self {
            Step::Key(key) => push_token(pointer, key),
            Step::Index(index) => {
                let _ = write!(pointer, "/{index}");
            }
        }
    }
}

/// Every object node of `root`, parents before children, in document order.
/// Iterative (the loader bounds depth, but nothing here relies on it).
/// Reference Objects are reported as [`Kind::Reference`] where a non-schema
/// object may be replaced by one.
pub(crate) fn walk(root: &Value, dialect: Dialect) -> Walk<'_> {
    let mut nodes = Vec::new();
    let mut stack = vec![Pending {
        up: None,
        field: None,
        member: None,
        kind: Kind::Root,
        parent: None,
        value: root,
    }];
    while let Some(pending) = stack.pop() {
        let Value::Object(object) = pending.value else {
            continue;
        };
        let expected = pending.kind;
        let kind = expected;
        let kind = if kind != Kind::Schema && kind != Kind::PathItem && object.contains_key("$ref")
        {
            Kind::Reference
        } else {
            kind
        };
        let index = nodes.len();
        nodes.push(Node {
            kind,
            expected,
            parent: pending.parent,
            value: object,
            up: pending.up,
            field: pending.field,
            member: pending.member,
        });
        let first_child = stack.len();
        for (key, child) in object {
            if key.starts_with("x-") {
                continue;
            }
            let holds = match field(kind, key, dialect) {
                Some(field) => field.holds,
                None => match free_keys(kind) {
                    Some(holds) => holds,
                    None => continue,
                },
            };
            push_held(&mut stack, index, key, kind, holds, child);
        }
        // The stack pops last-pushed first: reverse this node's children so
        // they come out in document order.
        stack[first_child..].reverse();
    }
    Walk { nodes }
}

struct Pending<'v> {
    up: Option<usize>,
    field: Option<&'v str>,
    member: Option<Step<'v>>,
    kind: Kind,
    parent: Option<Kind>,
    value: &'v Value,
}

/// Pushes the objects the field `key` of node `up` (of kind `parent`) holds.
fn push_held<'v>(
    stack: &mut Vec<Pending<'v>>,
    up: usize,
    key: &'v str,
    parent: Kind,
    holds: Holds,
    value: &'v Value,
) {
    for_each_held(holds, value, |member, kind, value| {
        stack.push(Pending {
            up: Some(up),
            field: Some(key),
            member,
            kind,
            parent: Some(parent),
            value,
        });
    });
}

/// The objects a field's `value` holds, with their pointers and kinds.
pub(crate) fn children(
    pointer: String,
    holds: Holds,
    value: &Value,
) -> Vec<(String, Kind, &Value)> {
    let mut found = Vec::new();
    for_each_held(holds, value, |member, kind, child| {
        let mut child_pointer = pointer.clone();
        if let Some(member) = member {
            member.push_onto(&mut child_pointer);
        }
        found.push((child_pointer, kind, child));
    });
    found
}

/// Calls `found` with each object a field's `value` holds (as `holds`
/// says), in document order: the step to it from the field (none when it
/// is the value itself), its kind, and the object.
fn for_each_held<'v>(
    holds: Holds,
    value: &'v Value,
    mut found: impl FnMut(Option<Step<'v>>, Kind, &'v Value),
) {
    match (holds, value) {
        (One(kind), _) => found(None, kind, value),
        (Map(kind), Value::Object(members)) => {
            for (member, child) in members {
                found(Some(Step::Key(member)), kind, child);
            }
        }
        (List(kind), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                found(Some(Step::Index(index)), kind, item);
            }
        }
        (SchemaOrList, Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                found(Some(Step::Index(index)), Kind::Schema, item);
            }
        }
        (SchemaOrList, _) => found(None, Kind::Schema, value),
        (Data, _) | (Map(_) | List(_), _) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_schema_is_found_wherever_it_is() {
        let doc = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"n": {"items": [{"type": "integer"}]}},
                        "$defs": {"D": {"const": 1}},
                    }}}},
                    "responses": {"200": {"description": "ok", "headers": {"h": {"schema": {}}}},
                                  "default": {"$ref": "#/components/responses/E"}},
                    "callbacks": {"c": {"{$request.body#/u}": {"get": {"responses": {}}}}},
                },
            }},
            "webhooks": {"w": {"post": {"requestBody": {"content": {"a/b": {"schema": {"anyOf": [{}]}}}}}}},
            "components": {"schemas": {"S": {"not": {"x-y": 1}}}, "x-schemas": {"T": {}}},
        });
        let walked = walk(&doc, Dialect::OpenApi31);
        let schemas: Vec<String> = walked
            .nodes
            .iter()
            .filter(|n| n.kind == Kind::Schema)
            .map(|n| walked.pointer(n))
            .collect();
        assert_eq!(
            schemas,
            [
                "/paths/~1a/parameters/0/schema",
                "/paths/~1a/post/requestBody/content/application~1json/schema",
                "/paths/~1a/post/requestBody/content/application~1json/schema/properties/n",
                "/paths/~1a/post/requestBody/content/application~1json/schema/properties/n/items/0",
                "/paths/~1a/post/requestBody/content/application~1json/schema/$defs/D",
                "/paths/~1a/post/responses/200/headers/h/schema",
                "/webhooks/w/post/requestBody/content/a~1b/schema",
                "/webhooks/w/post/requestBody/content/a~1b/schema/anyOf/0",
                "/components/schemas/S",
                "/components/schemas/S/not",
            ]
        );
        let references: Vec<String> = walked
            .nodes
            .iter()
            .filter(|n| n.kind == Kind::Reference)
            .map(|n| walked.pointer(n))
            .collect();
        assert_eq!(references, ["/paths/~1a/post/responses/default"]);
    }

    #[test]
    fn fields_of_3_1_are_only_known_in_3_1() {
        assert!(field(Kind::Schema, "const", Dialect::OpenApi30).is_none());
        assert!(field(Kind::Schema, "const", Dialect::OpenApi31).is_some());
        assert!(field(Kind::Root, "webhooks", Dialect::OpenApi30).is_none());
        assert!(field(Kind::Schema, "nullable", Dialect::OpenApi31).is_some());
    }
}
