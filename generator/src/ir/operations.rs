//! Operation lowering: paths × methods → [`Operation`]s with parameters,
//! body and responses, resolving `$ref`s to component parameters, request
//! bodies and responses.

use super::media::MediaKind;
use super::params::{Classified, Managed, ValueShape, Verdict};
use super::schema::{SchemaLowerer, SchemaRef};
use super::{
    Body, BodyMedia, Example, Format, Method, NameSource, Nesting, Operation, OperationId, Param,
    ParamIn, ParamSource, PathPart, Response, SecurityScheme, Shape, StatusMatch, Ty,
};
use crate::diagnostics::{Diagnostic, ErrorCode, Skipped, SkippedKind, codes, pointer_push};
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody,
};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Extension binding a parameter to a client setting (`x-client-setting: workspace_id`).
pub(crate) const X_CLIENT_SETTING: &str = "x-client-setting";
/// Extension naming a client setting's environment variable (`x-env-var: FYNO_WSID`).
pub(crate) const X_ENV_VAR: &str = "x-env-var";
/// Extension naming an operation's method (`x-rust-method: send_event`).
pub(crate) const X_RUST_METHOD: &str = "x-rust-method";
/// Extension marking a parameter as secret (`x-sensitive: true`): never in `Debug`.
pub(crate) const X_SENSITIVE: &str = "x-sensitive";
/// Extension asking for an idempotency key on every call (`x-idempotency-key: true`).
pub(crate) const X_IDEMPOTENCY_KEY: &str = "x-idempotency-key";

const JSON: &str = "application/json";

/// What a path segment percent-encodes (RFC 3986 `pchar` is what stays).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// A parameter left out of the crate, for `reason`.
fn skipped_parameter(reason: &'static str) -> Skipped {
    Skipped {
        what: SkippedKind::Parameter,
        reason,
        count: 1,
    }
}

/// Lowers every operation in the spec, in path order then method order.
pub(crate) fn lower_operations(
    lowerer: &mut SchemaLowerer<'_>,
    schemes: &[SecurityScheme],
) -> Vec<Operation> {
    let api = lowerer.api;
    let mut operations = Vec::new();
    let mut responses = BTreeMap::new();
    for (path, item) in &api.paths.paths {
        let item_pointer = pointer_push("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                lowerer.report.error(
                    codes::PATH_ITEM_REFERENCE,
                    item_pointer,
                    "path item `$ref`s are not supported: inline the path item",
                );
                continue;
            }
        };
        for (method, operation) in methods(item) {
            let id = OperationId(operations.len());
            let pointer = pointer_push(&item_pointer, &method.as_str().to_ascii_lowercase());
            let lowered = OperationLowering {
                lowerer: &mut *lowerer,
                responses: &mut responses,
                id,
                pointer: pointer.clone(),
                success_count: 0,
                accepted: Vec::new(),
                schemes,
                idempotency_header: None,
                nesting: None,
            }
            .lower(path, method, item, operation);
            operations.push(lowered);
        }
    }
    lower_unused_responses(lowerer, &responses);
    operations
}

/// Component responses no operation refers to still get their types, as
/// component schemas always do. (Component parameters and request bodies only
/// exist through the operations that use them.)
fn lower_unused_responses(
    lowerer: &mut SchemaLowerer<'_>,
    lowered: &BTreeMap<String, (Option<Ty>, Option<MediaKind>)>,
) {
    let api = lowerer.api;
    let Some(components) = &api.components else {
        return;
    };
    for (name, response) in &components.responses {
        let ReferenceOr::Item(response) = response else {
            continue;
        };
        if lowered.contains_key(name) {
            continue;
        }
        let pointer = pointer_push("/components/responses", name);
        if let Some((mime, media)) = response.content.iter().find(|(mime, _)| is_json(mime))
            && let Some(schema) = &media.schema
        {
            let media_pointer = pointer_push(&pointer_push(&pointer, "content"), mime);
            lowerer.lower(
                SchemaRef::from(schema),
                &pointer_push(&media_pointer, "schema"),
                NameSource::ComponentResponse(name.clone()),
            );
        }
    }
}

fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

struct OperationLowering<'l, 'a> {
    lowerer: &'l mut SchemaLowerer<'a>,
    /// Component responses already lowered, so each is one type however often it is used.
    responses: &'l mut BTreeMap<String, (Option<Ty>, Option<MediaKind>)>,
    id: OperationId,
    pointer: String,
    /// How many 2xx responses the operation documents: with several, inline
    /// success bodies are named per status.
    success_count: usize,
    /// The media types responses are read as, for `Accept`.
    accepted: Vec<String>,
    /// The document's security schemes that operations use.
    schemes: &'l [SecurityScheme],
    /// A declared `Idempotency-Key` header: whether it is required.
    idempotency_header: Option<bool>,
    /// The nesting the operation (or else the document) chooses.
    nesting: Option<Nesting>,
}

impl<'a> OperationLowering<'_, 'a> {
    fn error(
        &mut self,
        code: ErrorCode,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.lowerer.report.error(code, pointer, message)
    }

    fn lower(
        mut self,
        path: &str,
        method: Method,
        item: &'a PathItem,
        op: &'a openapiv3::Operation,
    ) -> Operation {
        let api = self.lowerer.api;
        self.nesting = self
            .chosen_nesting(&op.extensions, &self.pointer.clone())
            .or_else(|| self.chosen_nesting(&api.extensions, ""));
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut cookie_params = Vec::new();

        // Path-level parameters apply unless the operation redefines them.
        let mut parameters: Vec<(String, &'a ReferenceOr<Parameter>)> = Vec::new();
        for (index, p) in op.parameters.iter().enumerate() {
            parameters.push((
                pointer_push(
                    &pointer_push(&self.pointer, "parameters"),
                    &index.to_string(),
                ),
                p,
            ));
        }
        let item_pointer = item_pointer(&self.pointer);
        for (index, p) in item.parameters.iter().enumerate() {
            parameters.push((
                pointer_push(
                    &pointer_push(&item_pointer, "parameters"),
                    &index.to_string(),
                ),
                p,
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (pointer, parameter) in parameters {
            let Some((parameter, pointer)) = self.resolve_parameter(parameter, &pointer) else {
                continue;
            };
            let classified = super::params::classify(&parameter);
            // Operation parameters come first: a path-level one of the same
            // name and location is overridden.
            // Header names are case-insensitive; other names are not.
            let key = match classified.location {
                ParamIn::Header => classified.data.name.to_ascii_lowercase(),
                _ => classified.data.name.clone(),
            };
            if !seen.insert((classified.location, key)) {
                continue;
            }
            let Some(wire) = self.accepts(&classified, &pointer) else {
                continue;
            };
            let mut param = self.param(&classified, &pointer);
            param.wire = wire;
            match classified.location {
                ParamIn::Path => path_params.push(param),
                ParamIn::Query => query_params.push(param),
                ParamIn::Header => header_params.push(param),
                ParamIn::Cookie => cookie_params.push(param),
            }
        }

        let (path_params, path_parts, fixed_query) =
            self.path_template(path, path_params, &mut query_params);
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &pointer_push(&self.pointer, "requestBody")));
        let responses = self.responses(op);
        let security = super::security::requirement(
            self.lowerer.api,
            op,
            self.schemes,
            &self.pointer,
            &mut self.lowerer.report,
        );
        let idempotent_by_key = matches!(
            op.extensions.get(X_IDEMPOTENCY_KEY),
            Some(Value::Bool(true))
        ) || self.idempotency_header == Some(true);

        Operation {
            pointer: self.pointer.clone(),
            method,
            path: path.to_owned(),
            path_parts,
            tag: op.tags.first().cloned(),
            operation_id: op.operation_id.clone(),
            explicit_name: match op.extensions.get(X_RUST_METHOD) {
                Some(Value::String(name)) => Some(name.clone()),
                _ => None,
            },
            summary: op.summary.clone(),
            description: op.description.clone(),
            path_params,
            query_params,
            fixed_query,
            header_params,
            cookie_params,
            body,
            responses,
            accept: super::media::accept(&self.accepted),
            idempotent_by_key,
            security: security.alternatives,
            unmet_security: security.unmet,
            deprecated: super::deprecation::note(
                op.deprecated,
                op.description.as_deref(),
                &op.extensions,
            ),
        }
    }

    /// The nesting `extensions` choose; a bad choice is reported and ignored.
    fn chosen_nesting(
        &mut self,
        extensions: &indexmap::IndexMap<String, Value>,
        pointer: &str,
    ) -> Option<Nesting> {
        super::encoding::chosen(extensions, pointer).unwrap_or_else(|(code, at, message)| {
            self.lowerer.warning(code, &at, message);
            None
        })
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Option<(Cow<'a, Parameter>, String)> {
        match parameter {
            ReferenceOr::Item(p) => Some((Cow::Borrowed(p), pointer.to_owned())),
            ReferenceOr::Reference { reference } => {
                let api = self.lowerer.api;
                let name = reference.strip_prefix("#/components/parameters/");
                let found = name.and_then(|n| api.components.as_ref()?.parameters.get(n));
                match found {
                    Some(ReferenceOr::Item(p)) => Some((
                        Cow::Borrowed(p),
                        pointer_push("/components/parameters", name.unwrap_or_default()),
                    )),
                    // A parameter anywhere else in the document (another
                    // operation's, say) is read from the raw document.
                    _ => match self.lowerer.object_at(reference, "parameter") {
                        Ok((parameter, at)) => Some((Cow::Owned(parameter), at)),
                        Err(message) => {
                            let target = self.reference_target(reference);
                            let code = (self.lowerer)
                                .reference_code(reference, codes::PARAMETER_REFERENCE);
                            let diagnostic = self.error(code, pointer, message);
                            if let Some(target) = target {
                                diagnostic.also_at(target, "where the `$ref` leads");
                            }
                            None
                        }
                    },
                }
            }
        }
    }

    /// The name a parameter is sent as when it becomes an argument; `None`
    /// for header parameters the client manages itself and names that have
    /// no sendable reading, which are reported instead.
    fn accepts(&mut self, classified: &Classified<'_>, pointer: &str) -> Option<String> {
        let declared = &classified.data.name;
        let named = matches!(classified.location, ParamIn::Header | ParamIn::Cookie);
        let name = if named {
            let at = classified.location.as_str();
            match super::params::sendable_name(declared) {
                Some(name) if name == *declared => name,
                Some(name) => {
                    self.lowerer.warning(
                        codes::INVALID_WIRE_NAME,
                        pointer,
                        format!("`{declared}` is not a valid {at} name: it is sent as `{name}`"),
                    );
                    name
                }
                None => {
                    self.lowerer.skipped(codes::INVALID_WIRE_NAME,
                        pointer,
                        format!("`{declared}` is not a valid {at} name and has no valid reading: the parameter is left out"),
                        skipped_parameter("a name no request can carry"),
                    );
                    return None;
                }
            }
        } else {
            declared.clone()
        };
        if classified.location != ParamIn::Header {
            return Some(name);
        }
        match super::params::managed_header(&name) {
            None => Some(name),
            Some(Managed::Idempotency) => {
                // The client's idempotency feature sends it: per-call
                // `idempotency_key`, and a generated key when it is required.
                self.idempotency_header = Some(classified.data.required);
                None
            }
            Some(Managed::Ignored(why)) => {
                self.lowerer.skipped(
                    codes::MANAGED_HEADER_PARAMETER,
                    pointer,
                    format!("header parameter `{name}` is ignored: {why}"),
                    skipped_parameter("a header the client sets itself"),
                );
                None
            }
        }
    }

    fn param(&mut self, classified: &Classified<'_>, pointer: &str) -> Param {
        let data = classified.data;
        let in_path = classified.location == ParamIn::Path;
        let mut json_content = false;
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.lowerer.lower(
                SchemaRef::from(schema),
                &pointer_push(pointer, "schema"),
                NameSource::Operation {
                    operation: self.id,
                    suffix: data.name.clone(),
                },
            ),
            ParameterSchemaOrContent::Content(content) => {
                let (ty, json) = self.content_schema(content, data, pointer);
                json_content = json;
                ty
            }
        };
        // Parameters travel as text: a formatted string (a date, a UUID) is
        // passed as the text the caller already has.
        let ty = match self.lowerer.types.resolved(&ty) {
            Ty::Format(_) => Ty::String,
            _ => strings_for_formats(ty),
        };
        if let Some(example) = &data.example {
            self.lowerer.examples.push(Example {
                pointer: pointer_push(pointer, "example"),
                ty: ty.clone(),
                value: example.clone(),
            });
        }
        let source = match data.extensions.get(X_CLIENT_SETTING) {
            Some(Value::String(setting)) if in_path => ParamSource::ClientSetting(setting.clone()),
            Some(_) => {
                self.error(codes::MISPLACED_CLIENT_SETTING,
                    &pointer_push(pointer, X_CLIENT_SETTING),
                    format!("`{X_CLIENT_SETTING}` must be a setting name and is only supported on path parameters"),
                );
                ParamSource::Argument
            }
            None => ParamSource::Argument,
        };
        if in_path && !data.required {
            self.lowerer.warning(codes::OPTIONAL_PATH_PARAMETER,
                pointer,
                "path parameters must be `required: true`: a path cannot leave it out, so it is required",
            );
        }
        let own_nesting = self.chosen_nesting(&data.extensions, pointer);
        let nesting = own_nesting.or(self.nesting);
        let shape = self.shape(&ty);
        match super::params::verdict(
            classified.location,
            classified.style,
            shape,
            nesting.is_some(),
        ) {
            // JSON text travels anywhere.
            _ if json_content => {}
            Verdict::Sent => {}
            Verdict::Decided(code, message) => {
                self.lowerer.warning(code, pointer, message);
            }
            Verdict::AsJson(code, message) => {
                self.lowerer
                    .warning(code, &pointer_push(pointer, "schema"), message);
                json_content = true;
            }
        }
        if classified.location == ParamIn::Cookie
            && data.explode == Some(true)
            && shape != ValueShape::Scalar
        {
            self.lowerer.warning(codes::COOKIE_EXPLODE,
                pointer,
                "`explode: true` has no cookie form: the list or object is sent as one cookie, its items joined by commas",
            );
        }
        let scalar = shape == ValueShape::Scalar;
        Param {
            wire: data.name.clone(),
            ty,
            required: data.required || in_path,
            doc: data.description.clone(),
            source,
            explode: super::params::explode(data, classified.style),
            location: classified.location,
            style: classified.style,
            allow_reserved: classified.allow_reserved,
            nesting: nesting.unwrap_or_default(),
            json_content,
            scalar: scalar && !json_content,
            sensitive: matches!(data.extensions.get(X_SENSITIVE), Some(Value::Bool(true))),
            pointer: pointer.to_owned(),
            default: match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                    match &schema.schema_data.default {
                        Some(Value::String(default)) => Some(default.clone()),
                        _ => None,
                    }
                }
                _ => None,
            },
            env_var: extension_string(&data.extensions, X_ENV_VAR),
            written_at: pointer.to_owned(),
            deprecated: super::deprecation::note(
                data.deprecated == Some(true),
                data.description.as_deref(),
                &data.extensions,
            ),
        }
    }

    /// The type of a parameter declared with `content` (one media type and
    /// its schema) instead of a `schema`, and whether its JSON text is sent.
    /// A JSON media type is preferred when there are several (OpenAPI allows
    /// one); another media type's value is sent as the schema's text.
    fn content_schema(
        &mut self,
        content: &indexmap::IndexMap<String, MediaType>,
        data: &openapiv3::ParameterData,
        pointer: &str,
    ) -> (Ty, bool) {
        let content_pointer = pointer_push(pointer, "content");
        let chosen = content
            .iter()
            .find(|(mime, _)| is_json(mime))
            .or_else(|| content.first());
        let Some((mime, media)) = chosen else {
            self.lowerer.warning(
                codes::PARAMETER_CONTENT_NOT_ONE,
                &content_pointer,
                "`content` lists no media type: the parameter is sent as a string",
            );
            return (Ty::String, false);
        };
        if content.len() > 1 {
            self.lowerer.warning(
                codes::PARAMETER_CONTENT_NOT_ONE,
                &content_pointer,
                format!(
                    "a parameter's `content` has exactly one media type; `{mime}` is the one used"
                ),
            );
        }
        let json = is_json(mime);
        let ty = match &media.schema {
            Some(schema) => self.lowerer.lower(
                SchemaRef::from(schema),
                &pointer_push(&pointer_push(&content_pointer, mime), "schema"),
                NameSource::Operation {
                    operation: self.id,
                    suffix: data.name.clone(),
                },
            ),
            None if json => Ty::Json,
            None => Ty::String,
        };
        (ty, json)
    }

    /// How styles see a value of `ty`.
    fn shape(&self, ty: &Ty) -> ValueShape {
        if self.is_scalar(ty) {
            return ValueShape::Scalar;
        }
        match self.lowerer.types.resolved(ty) {
            Ty::Array(item) if self.is_scalar(&item) => ValueShape::List,
            // Items of a `oneOf` of scalars are scalars; other items are
            // refused when sending.
            Ty::Array(item) if matches!(&*item, Ty::Named(id) if matches!(self.lowerer.types.get(*id).shape, Shape::OneOf(_))) => {
                ValueShape::List
            }
            Ty::Array(_) => ValueShape::Nested,
            // An object whose members are all scalars is one level deep;
            // one holding lists or objects nests.
            Ty::Named(id) => match &self.lowerer.types.get(id).shape {
                Shape::Struct(s) if s.fields.iter().all(|f| self.is_scalar(&f.ty)) => {
                    ValueShape::Object
                }
                Shape::OneOf(_) | Shape::Newtype(_) => ValueShape::Object,
                _ => ValueShape::Nested,
            },
            Ty::Map(value) if self.is_scalar(&value) => ValueShape::Object,
            Ty::Json | Ty::JsonObject => ValueShape::Object,
            _ => ValueShape::Nested,
        }
    }

    /// Whether a value of `ty` has one plain-text form (it implements `Display`).
    fn is_scalar(&self, ty: &Ty) -> bool {
        match self.lowerer.types.resolved(ty) {
            Ty::String | Ty::Integer(_) | Ty::Number(_) | Ty::Boolean => true,
            Ty::Named(id) => matches!(
                self.lowerer.types.get(id).shape,
                Shape::StringEnum(_) | Shape::IntEnum(_)
            ),
            // `Display` of a UUID or a date is its wire form; of a date-time it is not.
            Ty::Format(Format::Uuid | Format::Date) => true,
            Ty::Json | Ty::JsonObject | Ty::Array(_) | Ty::Map(_) | Ty::Format(_) => false,
        }
    }

    /// Binds the path template to the declared path parameters (see
    /// `path_binding`), reporting each decision as a warning, and lays out
    /// the path; a query string in the template adds query parameters.
    fn path_template(
        &mut self,
        path: &str,
        path_params: Vec<Param>,
        query_params: &mut Vec<Param>,
    ) -> (Vec<Param>, Vec<PathPart>, Vec<(String, String)>) {
        let template = super::path_template::parse(path);
        let pointer = self.pointer.clone();
        // Problems of the template itself are reported where it is written.
        let template_pointer = item_pointer(&pointer);
        if let Some(fragment) = template.fragment {
            // Documentation tools tell apart operations on one path with a
            // fragment (`/cookies#formNonExploded`); a fragment is never sent.
            let sent = path.split_once('#').map_or(path, |(sent, _)| sent);
            self.lowerer.warning(codes::PATH_FRAGMENT,
                &template_pointer,
                format!("path `{path}` has a fragment (`#{fragment}`), which is not part of a request: `{sent}` is called"),
            );
        }
        if template.unclosed {
            self.lowerer.warning(
                codes::UNCLOSED_PATH_SLOT,
                &template_pointer,
                format!(
                    "unclosed `{{` in path template `{path}`: the text from it on is sent as literal text, not as a parameter"
                ),
            );
        }
        let query_wires = query_params.iter().map(|p| p.wire.clone()).collect();
        let bound =
            super::path_binding::bind(&template, path, &pointer, &path_params, &query_wires);
        // Every decision of the binding involves the template: it is the
        // related place of one reported elsewhere (at a parameter).
        let template_at = self.lowerer.report.at(template_pointer.clone());
        for note in &bound.notes {
            let diagnostic = self
                .lowerer
                .warning(note.code, &note.pointer, note.message.clone());
            if note.pointer != template_pointer {
                diagnostic.also_at(template_at.clone(), "the path template");
            }
        }
        for note in &bound.left_out {
            self.lowerer
                .skipped(
                    note.code,
                    &note.pointer,
                    note.message.clone(),
                    skipped_parameter("a path parameter the path template lacks"),
                )
                .also_at(template_at.clone(), "the path template");
        }
        query_params.extend(bound.query_params);
        let mut parts = Vec::new();
        for piece in bound.pieces {
            match piece {
                super::path_binding::BoundPiece::Literal(text) => {
                    self.push_literal(&mut parts, &text, path);
                }
                super::path_binding::BoundPiece::Param(index) => {
                    parts.push(PathPart::Param(index));
                }
            }
        }
        (bound.path_params, parts, bound.fixed_query)
    }

    fn push_literal(&mut self, parts: &mut Vec<PathPart>, literal: &str, path: &str) {
        if literal.is_empty() {
            return;
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@%".contains(c);
        if literal.chars().all(allowed) {
            parts.push(PathPart::Literal(literal.to_owned()));
            return;
        }
        // Spaces, non-ASCII letters and the like are sent percent-encoded,
        // as a browser would; `/` keeps separating segments.
        let encoded: String = literal
            .split('/')
            .map(|segment| percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/");
        let pointer = item_pointer(&self.pointer);
        self.lowerer.warning(codes::INVALID_PATH_CHARACTERS,
            &pointer,
            format!("path template `{path}` contains characters that are not valid in a URL path; `{literal}` is sent as `{encoded}`"),
        );
        parts.push(PathPart::Literal(encoded));
    }

    fn body(&mut self, body: &'a ReferenceOr<RequestBody>, pointer: &str) -> Option<Body> {
        let (body, pointer, name) = match body {
            ReferenceOr::Item(b) => (
                b,
                pointer.to_owned(),
                NameSource::Operation {
                    operation: self.id,
                    suffix: "Request".into(),
                },
            ),
            ReferenceOr::Reference { reference } => {
                let api = self.lowerer.api;
                let name = reference.strip_prefix("#/components/requestBodies/");
                match name.and_then(|n| api.components.as_ref()?.request_bodies.get(n)) {
                    Some(ReferenceOr::Item(b)) => (
                        b,
                        pointer_push("/components/requestBodies", name.unwrap_or_default()),
                        NameSource::ComponentResponse(name.unwrap_or_default().to_owned()),
                    ),
                    _ => {
                        let target = self.reference_target(reference);
                        let code =
                            (self.lowerer).reference_code(reference, codes::REQUEST_BODY_REFERENCE);
                        let diagnostic = self.error(code, pointer, format!("`$ref` `{reference}` does not name a request body in `#/components/requestBodies`"));
                        if let Some(target) = target {
                            diagnostic.also_at(target, "where the `$ref` leads");
                        }
                        return None;
                    }
                }
            }
        };
        let Some((mime, media)) = super::media::preferred(&body.content) else {
            self.lowerer.warning(codes::REQUEST_BODY_WITHOUT_CONTENT,
                &pointer,
                "request body declares no `content`, so no media type says what to send: the operation sends no body",
            );
            return None;
        };
        let content_pointer = pointer_push(&pointer, "content");
        let preferred = self.body_media(mime, media, &content_pointer);
        let media_pointer = pointer_push(&content_pointer, mime);
        let ty = match preferred.kind {
            MediaKind::Json | MediaKind::Form => self.media_type(media, &media_pointer, name),
            MediaKind::Text => Ty::String,
            MediaKind::Binary | MediaKind::Multipart => Ty::Json,
        };
        let mut alternatives = Vec::new();
        for (other, other_media) in body.content.iter().filter(|(other, _)| *other != mime) {
            let alternative = self.body_media(other, other_media, &content_pointer);
            let same_schema = other_media.schema == media.schema;
            let serde = matches!(alternative.kind, MediaKind::Json | MediaKind::Form);
            if super::media::same_value(preferred.kind, alternative.kind) && (same_schema || !serde)
            {
                alternatives.push(alternative);
            } else {
                let sent = self.lowerer.report.at(media_pointer.clone());
                self.lowerer.warning(codes::REQUEST_BODY_MEDIA_DIFFERS,
                    &pointer_push(&content_pointer, other),
                    format!("`{other}` takes a different body than `{mime}`, which is what this operation sends"),
                ).also_at(sent, "the media type sent");
            }
        }
        Some(Body {
            ty,
            media: preferred,
            alternatives,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    /// One media type of a request body; one without a typed form is sent
    /// as bytes, with a warning.
    fn body_media(&mut self, mime: &str, media: &MediaType, content_pointer: &str) -> BodyMedia {
        let kind = match super::media::known_kind(mime) {
            Some(kind) => kind,
            None => {
                self.lowerer.warning(
                    codes::UNTYPED_MEDIA_TYPE,
                    &pointer_push(content_pointer, mime),
                    format!("`{mime}` has no typed form: the request body is sent as bytes"),
                );
                MediaKind::Binary
            }
        };
        BodyMedia {
            content_type: super::media::sent_content_type(mime, kind),
            kind,
            part_types: super::media::part_types(media),
            parts: match kind {
                MediaKind::Multipart => super::media::parts(media, self.lowerer.api),
                _ => Vec::new(),
            },
            form_fields: match kind {
                MediaKind::Form => {
                    let raw = pointer_push(&pointer_push(content_pointer, mime), "encoding");
                    super::encoding::form_fields(media, self.lowerer.raw_at(&raw))
                }
                _ => Vec::new(),
            },
            nesting: self.nesting.unwrap_or_default(),
        }
    }

    /// How a response's content is read: JSON through its schema's type,
    /// else text or bytes (a media type without a typed form with a warning).
    fn response_content(
        &mut self,
        content: &indexmap::IndexMap<String, MediaType>,
        pointer: &str,
        name: NameSource,
    ) -> (Option<Ty>, Option<MediaKind>) {
        let Some((mime, kind)) = super::media::response_kind(content) else {
            return (None, None);
        };
        if !self.accepted.contains(mime) {
            self.accepted.push(mime.clone());
        }
        if kind == MediaKind::Json {
            let ty = self
                .json_media(content, pointer)
                .map(|(media, media_pointer)| self.media_type(media, &media_pointer, name));
            return (ty, None);
        }
        if super::media::known_kind(mime).is_none_or(|known| known != kind) {
            let at = pointer_push(&pointer_push(pointer, "content"), mime);
            self.lowerer.warning(
                codes::UNTYPED_MEDIA_TYPE,
                &at,
                format!("`{mime}` has no typed form: the response body is returned as bytes"),
            );
        }
        (None, Some(kind))
    }

    fn json_media<'m>(
        &self,
        content: &'m indexmap::IndexMap<String, MediaType>,
        pointer: &str,
    ) -> Option<(&'m MediaType, String)> {
        content
            .iter()
            .find(|(mime, _)| is_json(mime))
            .map(|(mime, media)| (media, pointer_push(&pointer_push(pointer, "content"), mime)))
    }

    fn media_type(&mut self, media: &MediaType, pointer: &str, name: NameSource) -> Ty {
        let ty = match &media.schema {
            Some(schema) => self.lowerer.lower(
                SchemaRef::from(schema),
                &pointer_push(pointer, "schema"),
                name,
            ),
            None => Ty::Json,
        };
        if let Some(example) = &media.example {
            self.lowerer.examples.push(Example {
                pointer: pointer_push(pointer, "example"),
                ty: ty.clone(),
                value: example.clone(),
            });
        }
        ty
    }

    fn responses(&mut self, op: &openapiv3::Operation) -> Vec<Response> {
        let responses_pointer = pointer_push(&self.pointer, "responses");
        let mut out = Vec::new();
        self.success_count = op
            .responses
            .responses
            .keys()
            .filter(|code| match code {
                openapiv3::StatusCode::Code(c) => (200..300).contains(c),
                openapiv3::StatusCode::Range(r) => *r == 2,
            })
            .count();
        let entries = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                openapiv3::StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string(), r),
                openapiv3::StatusCode::Range(r100) => {
                    (StatusMatch::Range(*r100), format!("{r100}XX"), r)
                }
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
            );
        for (status, key, response) in entries {
            let pointer = pointer_push(&responses_pointer, &key);
            let (ty, raw, doc) = self.response(response, &pointer, status);
            out.push(Response {
                status,
                ty,
                raw,
                headers: self.response_headers(response),
                doc,
            });
        }
        if !out.iter().any(|r| r.status.is_success()) {
            let pointer = responses_pointer.clone();
            self.lowerer.report.warning(
                codes::NO_SUCCESS_RESPONSE,
                pointer,
                "no 2xx response is documented: any 2xx status is accepted with its body ignored",
            );
        }
        out
    }

    fn response(
        &mut self,
        response: &ReferenceOr<openapiv3::Response>,
        pointer: &str,
        status: StatusMatch,
    ) -> (Option<Ty>, Option<MediaKind>, Option<String>) {
        match response {
            ReferenceOr::Item(r) => {
                let successes = self.success_count;
                let suffix = match status {
                    StatusMatch::Code(c) if status.is_success() && successes > 1 => {
                        format!("Response{c}")
                    }
                    s if s.is_success() => "Response".to_owned(),
                    StatusMatch::Code(c) => format!("Response{c}"),
                    StatusMatch::Range(r) => format!("Response{r}xx"),
                    StatusMatch::Default => "DefaultResponse".to_owned(),
                };
                let name = NameSource::Operation {
                    operation: self.id,
                    suffix,
                };
                let (ty, raw) = self.response_content(&r.content, pointer, name);
                (ty, raw, Some(r.description.clone()))
            }
            ReferenceOr::Reference { reference } => {
                let Some((r, key, component_pointer, name)) =
                    self.resolve_response(reference, pointer)
                else {
                    return (None, None, None);
                };
                let doc = Some(r.description.clone());
                if let Some((ty, raw)) = self.responses.get(&key).cloned() {
                    // Lowered once; its media type still goes into `Accept`.
                    if let Some((mime, _)) = super::media::response_kind(&r.content)
                        && !self.accepted.contains(mime)
                    {
                        self.accepted.push(mime.clone());
                    }
                    return (ty, raw, doc);
                }
                let (ty, raw) = self.response_content(&r.content, &component_pointer, name);
                self.responses.insert(key, (ty.clone(), raw));
                (ty, raw, doc)
            }
        }
    }

    /// The names of the headers a response declares (a component response's too).
    fn response_headers(&self, response: &ReferenceOr<openapiv3::Response>) -> Vec<String> {
        let resolved = match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| self.lowerer.api.components.as_ref()?.responses.get(name))
                .and_then(|r| r.as_item()),
        };
        resolved
            .map(|r| r.headers.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The response a `$ref` names: a component response (keyed by its name),
    /// or any other object of the document read as a response (keyed by its
    /// pointer), with its pointer and how a type made from it is named.
    fn resolve_response(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Option<(Cow<'a, openapiv3::Response>, String, String, NameSource)> {
        let api = self.lowerer.api;
        if let Some(name) = reference.strip_prefix("#/components/responses/")
            && let Some(ReferenceOr::Item(r)) =
                api.components.as_ref().and_then(|c| c.responses.get(name))
        {
            let at = pointer_push("/components/responses", name);
            return Some((
                Cow::Borrowed(r),
                name.to_owned(),
                at,
                NameSource::ComponentResponse(name.to_owned()),
            ));
        }
        match self
            .lowerer
            .object_at::<openapiv3::Response>(reference, "response")
        {
            // Only a `#/components/responses/…` reference gets here: the
            // loader copies every other response `$ref` in place.
            Ok((r, at)) => {
                let name = NameSource::Pointer(super::refs::name_from_pointer(&at));
                Some((Cow::Owned(r), at.clone(), at, name))
            }
            Err(message) => {
                let target = self.reference_target(reference);
                let code = (self.lowerer).reference_code(reference, codes::RESPONSE_REFERENCE);
                let diagnostic = self.error(code, pointer, message);
                if let Some(target) = target {
                    diagnostic.also_at(target, "where the `$ref` leads");
                }
                None
            }
        }
    }

    /// The place a local `$ref` leads to, when the document has a value
    /// there (a related place of a reference that cannot be followed).
    fn reference_target(&self, reference: &str) -> Option<crate::diagnostics::Location> {
        let target = super::refs::local_pointer(reference).ok()?;
        self.lowerer.raw_at(&target)?;
        Some(self.lowerer.report.at(target))
    }
}

/// The path item an operation at `pointer` belongs to (`/paths/~1a/get` →
/// `/paths/~1a`): where its path template is written.
fn item_pointer(pointer: &str) -> String {
    pointer
        .rsplit_once('/')
        .map(|(item, _)| item.to_owned())
        .unwrap_or_default()
}

/// `ty` with typed string formats as plain strings (lists of them too).
fn strings_for_formats(ty: Ty) -> Ty {
    match ty {
        Ty::Format(_) => Ty::String,
        Ty::Array(inner) => Ty::Array(Box::new(strings_for_formats(*inner))),
        other => other,
    }
}

/// A string-valued extension.
pub(crate) fn extension_string(
    extensions: &indexmap::IndexMap<String, Value>,
    key: &str,
) -> Option<String> {
    match extensions.get(key) {
        Some(Value::String(value)) => Some(value.clone()),
        _ => None,
    }
}

pub(crate) fn is_json(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case(JSON) || essence.to_ascii_lowercase().ends_with("+json")
}
