//! The intermediate representation: a type space keyed by [`TypeId`] and a
//! list of operations, independent of both the OpenAPI model and Rust syntax.
//!
//! Stage 2. Lowering ([`lower`]) fills it from the loaded document; the
//! lock stage keys its items, deduplication (`crate::dedup`) merges
//! structurally identical types (their classes: `classes`), naming
//! (`crate::naming`) assigns every Rust name in one deterministic pass, and
//! emission (`crate::emit`) only reads it.

mod all_of;
pub(crate) mod classes;
mod deprecation;
pub mod encoding;
pub(crate) mod graph;
pub mod lower;
pub mod media;
mod operations;
mod params;
mod path_binding;
mod path_template;
pub mod recursion;
mod refs;
mod schema;
mod security;
pub mod structure;

pub(crate) use security::scheme_identities;
pub mod discriminators;
mod webhooks;

use serde_json::Value;

/// Index of a type in [`TypeSpace::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Index of an operation in [`Api::operations`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationId(pub usize);

/// A reference to a type: either a named type in the space or a built-in shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// A generated named type.
    Named(TypeId),
    /// `String`.
    String,
    /// A signed integer.
    Integer(IntWidth),
    /// A JSON number.
    Number(NumberKind),
    /// `bool`.
    Boolean,
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary members.
    JsonObject,
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// A string-keyed map.
    Map(Box<Ty>),
    /// A string with a `format` a well-kept crate gives a type to.
    Format(Format),
}

/// String formats with a Rust type of their own (see [`Format::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `date-time` (RFC 3339): `chrono::DateTime<chrono::FixedOffset>`, offset kept.
    DateTime,
    /// `date` (`YYYY-MM-DD`): `chrono::NaiveDate`.
    Date,
    /// `uuid` (and `guid`): `uuid::Uuid`.
    Uuid,
    /// `byte` (base64 text): bytes, encoded and decoded by the runtime.
    Bytes,
}

impl Format {
    /// The typed format a string schema's `format` names, if any. Other
    /// formats (`email`, `uri`, `password`, `binary` in JSON, …) stay `String`.
    pub fn of(format: &str) -> Option<Format> {
        Some(match format {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "uuid" | "guid" => Format::Uuid,
            "byte" => Format::Bytes,
            _ => return None,
        })
    }
}

impl Ty {
    /// Pushes the named types this reference mentions (through lists and maps).
    pub fn push_named(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            Ty::Array(inner) | Ty::Map(inner) => inner.push_named(out),
            _ => {}
        }
    }
}

/// Width of an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntWidth {
    /// `format: int32`.
    I32,
    /// `format: int64` or no format.
    I64,
    /// `format: uint32` (and narrower unsigned formats).
    U32,
    /// `format: uint64`.
    U64,
}

/// How a number is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NumberKind {
    /// No format: `serde_json::Number`, which keeps integers as integers
    /// (`123` is sent back as `123`, not `123.0`).
    Exact,
    /// `format: float`.
    F32,
    /// `format: double`.
    F64,
}

/// Where a type's name can come from, most preferred first in [`NameSource::rank`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NameSource {
    /// `x-rust-name` on the schema: a human chose it.
    Explicit(String),
    /// The key of a component schema.
    Component(String),
    /// The key of a component response or request body.
    ComponentResponse(String),
    /// An operation's inline request or response schema: method name + suffix.
    Operation {
        /// The operation.
        operation: OperationId,
        /// E.g. `Request`, `Response`.
        suffix: String,
    },
    /// A schema nested inside another named type: parent name + suffix.
    Nested {
        /// The enclosing type.
        parent: TypeId,
        /// E.g. the property name.
        suffix: String,
    },
    /// A `$ref` target that is not a component (`#/components/schemas/A/$defs/B`):
    /// a name made from the pointer, used only when no other occurrence names it.
    Pointer(String),
}

impl NameSource {
    /// Lower ranks win when several occurrences of a merged type disagree.
    pub fn rank(&self) -> u8 {
        match self {
            NameSource::Explicit(_) => 0,
            NameSource::Component(_) => 1,
            NameSource::ComponentResponse(_) => 2,
            NameSource::Operation { .. } => 3,
            NameSource::Nested { .. } => 4,
            NameSource::Pointer(_) => 5,
        }
    }
}

/// One place in the spec a type comes from.
#[derive(Clone, Debug)]
pub struct Origin {
    /// JSON pointer of the schema.
    pub pointer: String,
    /// How this occurrence would name the type.
    pub name: NameSource,
}

/// A generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// What it is.
    pub shape: Shape,
    /// The schema's description, if any (raw spec text).
    pub doc: Option<String>,
    /// Every occurrence in the spec; the first is the representative.
    pub origins: Vec<Origin>,
    /// The origins' pointers as the API lock knows them, with positions
    /// that move replaced by what they hold (set by `lock::keys::assign`).
    pub lock_pointers: Vec<String>,
    /// The digest of its structure as lowered (`structure::digests`, set by
    /// `lock::keys::assign`): taken before deduplication and tag inference,
    /// which may change a type, so the lock's digest and a new document's
    /// are taken at the same stage; merged copies keep the first's.
    pub structure: String,
    /// The schema's `default`, used to implement `Default` for enums.
    pub default: Option<Value>,
    /// `x-rust-distinct: true`: a text or number kept as its own type, not
    /// an alias, so it cannot be passed where another value of the same
    /// built-in type is expected (an event name where a user id belongs).
    pub distinct: bool,
    /// `deprecated: true`: the note of its `#[deprecated]` (the vendor's words).
    pub deprecated: Option<String>,
}

impl TypeDef {
    /// Where the type's representative occurrence (the first origin) is
    /// written; empty for a type with no origin.
    pub fn pointer(&self) -> &str {
        self.origins.first().map_or("", |o| o.pointer.as_str())
    }
}

/// The shape of a named type.
#[derive(Clone, Debug)]
pub enum Shape {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum, open to unknown values.
    StringEnum(StringEnum),
    /// An integer enum, open to unknown values.
    IntEnum(IntEnum),
    /// A `oneOf`.
    OneOf(OneOf),
    /// A component schema that is a built-in shape (string, array, map): a type alias.
    Alias(Ty),
    /// An alias that contains itself (`Tree = Vec<Tree>`), which Rust type
    /// aliases cannot express: a transparent single-field struct.
    Newtype(Ty),
}

impl Shape {
    /// The type references this shape holds: fields, alternatives, an alias's target.
    pub fn tys(&self) -> Vec<&Ty> {
        match self {
            Shape::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.as_ref())
                .collect(),
            Shape::OneOf(o) => o.variants.iter().map(|v| &v.ty).collect(),
            Shape::Alias(ty) | Shape::Newtype(ty) => vec![ty],
            Shape::StringEnum(_) | Shape::IntEnum(_) => Vec::new(),
        }
    }
}

/// An object type.
#[derive(Clone, Debug)]
pub struct Struct {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// `minProperties`: how many of the properties must be present at least.
    pub min_properties: usize,
    /// The value type of members beyond the declared ones, when the schema
    /// allows them (`additionalProperties: true` or a schema): kept in a map.
    pub additional: Option<Ty>,
}

/// One property of an object.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// A name chosen by a human (`x-rust-field-names` of its object), if any.
    pub explicit: Option<String>,
    /// The value type.
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// Position in the `required` list: constructors take required fields in
    /// the order the spec's author listed them, not property order.
    pub required_position: Option<usize>,
    /// `nullable: true`.
    pub nullable: bool,
    /// Property description (raw spec text).
    pub doc: Option<String>,
    /// The property's `example`, shown in its documentation when it has
    /// no description.
    pub example: Option<Value>,
    /// Needs `Box` to break a recursive type (set by the cycle check).
    pub boxed: bool,
    /// The property's schema says `deprecated: true`: the note.
    pub deprecated: Option<String>,
    /// The place the property's schema refers to (its `$ref`, or its
    /// items'), which tells a moved component's copies apart.
    pub reference: Option<String>,
}

impl Field {
    /// Rust `Option<T>` when the key may be absent or null.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct StringEnum {
    /// Known values in spec order.
    pub variants: Vec<EnumVariant<String>>,
}

/// An integer enum.
#[derive(Clone, Debug)]
pub struct IntEnum {
    /// Known values in spec order.
    pub variants: Vec<EnumVariant<i64>>,
}

/// One known value of an enum.
#[derive(Clone, Debug)]
pub struct EnumVariant<T> {
    /// The value on the wire.
    pub wire: T,
    /// A name chosen by a human (`x-enum-varnames`), if any.
    pub explicit: Option<String>,
}

/// A `oneOf` of alternatives.
#[derive(Clone, Debug)]
pub struct OneOf {
    /// Alternatives in spec order.
    pub variants: Vec<OneOfVariant>,
    /// `discriminator`: the member whose value picks the alternative.
    pub discriminator: Option<Discriminator>,
}

/// A `oneOf`'s `discriminator` (each alternative's values are in [`OneOfVariant::tag`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discriminator {
    /// The member holding the tag (`propertyName`).
    pub property: String,
}

/// One alternative of a `oneOf`.
#[derive(Clone, Debug)]
pub struct OneOfVariant {
    /// What identifies the alternative across spec updates, for the API
    /// lock (set by `lock::keys::assign`): its tag, else the component it refers to, else
    /// the name derived from its shape, which does not move when the
    /// vendor reorders or inserts alternatives.
    pub identity: String,
    /// The payload type.
    pub ty: Ty,
    /// `format` of a string alternative (`date`, …), which tells two string
    /// alternatives apart.
    pub format: Option<String>,
    /// `x-rust-name` on the alternative, if any.
    pub explicit: Option<String>,
    /// Under a discriminator, the tag values that select this alternative.
    pub tag: Option<Vec<String>>,
    /// The component an alternative written as `$ref` names: it names the
    /// variant even when deduplication merged that component with another.
    pub reference: Option<String>,
    /// The alternative's `title`, a name its author gave it.
    pub title: Option<String>,
}

/// How many aliases and containers [`TypeSpace::resolved`] looks through.
pub const MAX_RESOLVED_DEPTH: usize = 32;

/// All generated types.
#[derive(Clone, Debug, Default)]
pub struct TypeSpace {
    /// Indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
}

impl TypeSpace {
    /// The type with this id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Adds a type and returns its id.
    pub fn push(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId(self.types.len() - 1)
    }

    /// Ids of all types, in order.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        (0..self.types.len()).map(TypeId)
    }

    /// `ty` with every alias replaced by what it stands for: two references
    /// that are the same Rust type resolve to the same `Ty`.
    ///
    /// Resolution stops [`MAX_RESOLVED_DEPTH`] levels down (a spec can chain
    /// thousands of aliases); what is left there is named, which is still the
    /// same Rust type.
    pub fn resolved(&self, ty: &Ty) -> Ty {
        self.resolved_within(ty, MAX_RESOLVED_DEPTH)
    }

    fn resolved_within(&self, ty: &Ty, depth: usize) -> Ty {
        let Some(depth) = depth.checked_sub(1) else {
            return ty.clone();
        };
        match ty {
            Ty::Named(id) => match &self.get(*id).shape {
                Shape::Alias(inner) => self.resolved_within(inner, depth),
                _ => ty.clone(),
            },
            Ty::Array(inner) => Ty::Array(Box::new(self.resolved_within(inner, depth))),
            Ty::Map(inner) => Ty::Map(Box::new(self.resolved_within(inner, depth))),
            other => other.clone(),
        }
    }

    /// Whether the object `ty` declares the member `wire`; `None` when `ty`
    /// is not a generated struct.
    pub fn declares(&self, ty: &Ty, wire: &str) -> Option<bool> {
        match ty {
            Ty::Named(id) => match &self.get(*id).shape {
                Shape::Struct(s) => Some(s.fields.iter().any(|f| f.wire == wire)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Which types can be reached from `roots`, indexed by [`TypeId`].
    pub fn reachable<'t>(&self, roots: impl IntoIterator<Item = &'t Ty>) -> Vec<bool> {
        let mut seen = vec![false; self.types.len()];
        let mut stack = Vec::new();
        roots.into_iter().for_each(|ty| ty.push_named(&mut stack));
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            self.get(id)
                .shape
                .tys()
                .into_iter()
                .for_each(|ty| ty.push_named(&mut stack));
        }
        seen
    }
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, already valid in a URL path.
    Literal(String),
    /// `{name}`: index into [`Operation::path_params`].
    Param(usize),
}

/// Where a path parameter's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamSource {
    /// A per-call argument.
    Argument,
    /// A client setting (`x-client-setting`), e.g. the workspace id.
    ClientSetting(String),
}

/// A path, query or header parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The wire name.
    pub wire: String,
    /// Value type.
    pub ty: Ty,
    /// `required: true`.
    pub required: bool,
    /// Description (raw spec text).
    pub doc: Option<String>,
    /// Where the value comes from.
    pub source: ParamSource,
    /// Arrays and objects: one pair per item or member (`explode: true`) or
    /// one value joined by the style's delimiter.
    pub explode: bool,
    /// Where the parameter travels.
    pub location: ParamIn,
    /// `style` (its default for the location when not given).
    pub style: ParamStyle,
    /// `allowReserved: true` (query only): reserved characters sent unencoded.
    pub allow_reserved: bool,
    /// How nested lists and objects are written (query only).
    pub nesting: Nesting,
    /// Declared with `content: application/json` instead of a `schema`:
    /// the value's JSON text is sent, whatever its shape or the style.
    pub json_content: bool,
    /// The value has one plain-text form (`Display`): a string, number,
    /// boolean or enum; lists and objects are taken apart by their style.
    pub scalar: bool,
    /// `x-sensitive: true`: a secret (an OTP) that `Debug` must not show.
    pub sensitive: bool,
    /// Pointer of the parameter, for diagnostics.
    pub pointer: String,
    /// The schema's `default` when it is a string (a client setting's default).
    pub default: Option<String>,
    /// `x-env-var`: the environment variable of a client setting, when the
    /// derived name is not wanted.
    pub env_var: Option<String>,
    /// `deprecated: true`: the note.
    pub deprecated: Option<String>,
    /// Where the author wrote it: `pointer` before the canonical order moved
    /// it (what a lock written before that order recorded).
    pub written_at: String,
}

impl Param {
    /// A method argument (required, not a client setting); the others are
    /// builder setters.
    pub fn is_positional(&self) -> bool {
        self.required && self.source == ParamSource::Argument
    }
}

impl Param {
    /// A required string parameter the document uses but does not declare
    /// (a slot of its path template), made at the operation's `pointer`.
    pub(crate) fn text(wire: &str, location: ParamIn, pointer: &str) -> Param {
        let style = match location {
            ParamIn::Path | ParamIn::Header => ParamStyle::Simple,
            ParamIn::Query | ParamIn::Cookie => ParamStyle::Form,
        };
        Param {
            wire: wire.to_owned(),
            ty: Ty::String,
            required: true,
            doc: None,
            source: ParamSource::Argument,
            explode: style == ParamStyle::Form,
            location,
            style,
            allow_reserved: false,
            nesting: Nesting::Brackets,
            json_content: false,
            scalar: true,
            sensitive: false,
            pointer: pointer.to_owned(),
            default: None,
            env_var: None,
            deprecated: None,
            written_at: pointer.to_owned(),
        }
    }
}

/// One media type a request body can be sent as.
#[derive(Clone, Debug)]
pub struct BodyMedia {
    /// The media type as the spec declares it (sent as `Content-Type`).
    pub content_type: String,
    /// How the body is carried.
    pub kind: media::MediaKind,
    /// Multipart `encoding`: part name → content type, in spec order.
    pub part_types: Vec<(String, String)>,
    /// Multipart parts the schema lists: name, and whether it is a file.
    pub parts: Vec<(String, bool)>,
    /// Form fields whose `encoding` gives a style, in spec order.
    pub form_fields: Vec<encoding::FormField>,
    /// How a form body's nested lists and objects are written.
    pub nesting: Nesting,
}

/// A parameter's `in`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamIn {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamIn {
    /// The word OpenAPI uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

/// A parameter's `style`, as OpenAPI names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `form` (query and cookie default).
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
    /// `simple` (path and header default).
    Simple,
    /// `label`.
    Label,
    /// `matrix`.
    Matrix,
}

/// How lists and objects nested inside a query parameter or form field
/// are written (`x-rust-nested-encoding`), where OpenAPI's styles define
/// no form; the runtime's `Nesting` says what each writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nesting {
    /// `a[k]=v`, `a[]=x`, `a[0][k]=v` (the default).
    #[default]
    Brackets,
    /// `a[k]=v`, `a[0]=x`.
    Indexed,
    /// `a={"k":"v"}`.
    Json,
}

/// How a security scheme carries its credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP `bearer` (any `bearerFormat`).
    Bearer,
    /// HTTP `basic`.
    Basic,
    /// `apiKey` in a header.
    HeaderKey(String),
    /// `apiKey` in the query.
    QueryKey(String),
    /// `apiKey` in a cookie.
    CookieKey(String),
    /// `oauth2` or `openIdConnect`: a bearer token the caller supplies or refreshes.
    OAuth,
}

/// A security scheme some operation uses.
#[derive(Clone, Debug)]
pub struct SecurityScheme {
    /// Its key in `#/components/securitySchemes`.
    pub key: String,
    /// How the credential travels.
    pub kind: SchemeKind,
    /// Description (raw spec text).
    pub doc: Option<String>,
    /// Pointer of the scheme, for diagnostics.
    pub pointer: String,
}

/// The request body of an operation.
#[derive(Clone, Debug)]
pub struct Body {
    /// Body type of JSON and form bodies (`String` for text; unused, `Json`,
    /// for binary and multipart bodies, whose Rust types are the runtime's).
    pub ty: Ty,
    /// The media type sent by default.
    pub media: BodyMedia,
    /// Other media types the same value can be sent as, selectable per call.
    pub alternatives: Vec<BodyMedia>,
    /// `required: true`.
    pub required: bool,
    /// Description (raw spec text).
    pub doc: Option<String>,
}

/// Which statuses a response covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    /// `default`.
    Default,
}

impl StatusMatch {
    /// True for 2xx codes and the `2XX` range.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}

/// One documented response.
#[derive(Clone, Debug)]
pub struct Response {
    /// Statuses covered.
    pub status: StatusMatch,
    /// JSON body type; `None` when the response has no JSON content.
    pub ty: Option<Ty>,
    /// Without JSON content, how the declared content is returned (`Text`
    /// or `Binary`); `None` when the response declares no content.
    pub raw: Option<media::MediaKind>,
    /// Response description (raw spec text).
    pub doc: Option<String>,
    /// The response headers the spec declares, in spec order.
    pub headers: Vec<String>,
}

/// One API operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as written in the spec.
    pub path: String,
    /// Parsed path template.
    pub path_parts: Vec<PathPart>,
    /// First tag, if any.
    pub tag: Option<String>,
    /// `operationId`, if any.
    pub operation_id: Option<String>,
    /// `x-rust-method`, if any.
    pub explicit_name: Option<String>,
    /// Summary (raw).
    pub summary: Option<String>,
    /// Description (raw).
    pub description: Option<String>,
    /// Path parameters in template order.
    pub path_params: Vec<Param>,
    /// Query parameters in spec order.
    pub query_params: Vec<Param>,
    /// `key=value` pairs the path template's query string sends on every
    /// call, before the query parameters.
    pub fixed_query: Vec<(String, String)>,
    /// Header parameters in spec order.
    pub header_params: Vec<Param>,
    /// Cookie parameters in spec order.
    pub cookie_params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Documented responses, in spec order.
    pub responses: Vec<Response>,
    /// The `Accept` header: the media types the responses are read as.
    pub accept: String,
    /// Whether to send an idempotency key by default (`x-idempotency-key: true`).
    pub idempotent_by_key: bool,
    /// The security requirement: alternatives, each the indices (into
    /// [`Api::security_schemes`]) of schemes sent together; empty when the
    /// operation sends no credentials.
    pub security: Vec<Vec<usize>>,
    /// When the document requires credentials the client cannot send
    /// (schemes it does not support or that are not defined): their names,
    /// said in the operation's documentation. The call is sent without them.
    pub unmet_security: Vec<String>,
    /// `deprecated: true`: the note of its `#[deprecated]` (the vendor's words).
    pub deprecated: Option<String>,
}

impl Operation {
    /// Every parameter: path (in template order), query, header, cookie.
    pub fn params(&self) -> impl Iterator<Item = &Param> {
        self.path_params
            .iter()
            .chain(&self.query_params)
            .chain(&self.header_params)
            .chain(&self.cookie_params)
    }

    /// [`Self::params`], mutable.
    pub fn params_mut(&mut self) -> impl Iterator<Item = &mut Param> {
        self.path_params
            .iter_mut()
            .chain(&mut self.query_params)
            .chain(&mut self.header_params)
            .chain(&mut self.cookie_params)
    }
}

/// An `example` found in the spec, with the type it belongs to.
#[derive(Clone, Debug)]
pub struct Example {
    /// Pointer of the `example` value.
    pub pointer: String,
    /// The type the example should decode into.
    pub ty: Ty,
    /// The example value.
    pub value: Value,
}

/// A variable of the first server's URL template; it becomes a client setting.
#[derive(Clone, Debug)]
pub struct ServerVariable {
    /// The name in the URL template.
    pub name: String,
    /// The value used when none is configured.
    pub default: String,
    /// The values allowed (`enum`); empty when any is.
    pub allowed: Vec<String>,
    /// Description (raw spec text).
    pub doc: Option<String>,
    /// `x-env-var`, as on parameters.
    pub env_var: Option<String>,
    /// Pointer of the variable, for diagnostics.
    pub pointer: String,
}

/// Everything the emitter needs.
#[derive(Clone, Debug)]
pub struct Api {
    /// Spec title.
    pub title: String,
    /// Spec version.
    pub version: String,
    /// Spec description (raw).
    pub description: Option<String>,
    /// First server URL (a template when it has variables).
    pub default_base_url: Option<String>,
    /// The variables of the first server's URL, in spec order.
    pub server_variables: Vec<ServerVariable>,
    /// All named types.
    pub types: TypeSpace,
    /// All operations, in document order of paths, then method order.
    pub operations: Vec<Operation>,
    /// The security schemes operations use, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Examples to check against the generated types.
    pub examples: Vec<Example>,
    /// The pointer of each parameter at a position of a `parameters` list
    /// → its `in:name`: what pointers that reach output say instead of a
    /// position the canonical order chose (see `lock::keys::readable_pointer`).
    pub parameter_positions: std::collections::BTreeMap<String, String>,
}

impl Api {
    /// Whether the spec deprecates anything the crate emits.
    pub fn has_deprecations(&self) -> bool {
        let in_types = self.types.types.iter().any(|t| {
            t.deprecated.is_some()
                || matches!(&t.shape, Shape::Struct(s) if s.fields.iter().any(|f| f.deprecated.is_some()))
        });
        let in_operations = self
            .operations
            .iter()
            .any(|op| op.deprecated.is_some() || op.params().any(|p| p.deprecated.is_some()));
        in_types || in_operations
    }
}
