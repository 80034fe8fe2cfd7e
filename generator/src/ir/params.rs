//! Parameter lowering decisions: where a parameter travels and in which
//! style, which headers the runtime manages itself, and which value shapes
//! each location and style can carry.

use super::{ParamIn, ParamStyle};
use crate::diagnostics::{WarningCode, codes};
use openapiv3::{Parameter, ParameterData, PathStyle, QueryStyle};

/// A parameter taken apart: its data, location, style and `allowReserved`.
pub(crate) struct Classified<'p> {
    pub(crate) data: &'p ParameterData,
    pub(crate) location: ParamIn,
    pub(crate) style: ParamStyle,
    pub(crate) allow_reserved: bool,
}

/// Where `parameter` travels and how.
pub(crate) fn classify(parameter: &Parameter) -> Classified<'_> {
    let (data, location, style, allow_reserved) = match parameter {
        Parameter::Path {
            parameter_data,
            style,
        } => {
            let style = match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            };
            (parameter_data, ParamIn::Path, style, false)
        }
        Parameter::Query {
            parameter_data,
            style,
            allow_reserved,
            ..
        } => {
            let style = match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (parameter_data, ParamIn::Query, style, *allow_reserved)
        }
        Parameter::Header { parameter_data, .. } => {
            (parameter_data, ParamIn::Header, ParamStyle::Simple, false)
        }
        Parameter::Cookie { parameter_data, .. } => {
            (parameter_data, ParamIn::Cookie, ParamStyle::Form, false)
        }
    };
    Classified {
        data,
        location,
        style,
        allow_reserved,
    }
}

/// `explode`, defaulting as OpenAPI says: `true` for `form`, else `false`.
pub(crate) fn explode(data: &ParameterData, style: ParamStyle) -> bool {
    data.explode.unwrap_or(style == ParamStyle::Form)
}

/// What the client does with a header parameter it manages itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Managed {
    /// The idempotency key: the client's own feature (per-call
    /// `idempotency_key`, and a generated key when the header is required).
    Idempotency,
    /// Set by the client from other information; the parameter is ignored
    /// with a warning saying where the value comes from.
    Ignored(&'static str),
}

/// Header parameters the runtime already sends, by lower-case name.
const MANAGED_HEADERS: &[(&str, Managed)] = &[
    ("idempotency-key", Managed::Idempotency),
    (
        "content-type",
        Managed::Ignored("the client sets it from the request body"),
    ),
    ("accept", Managed::Ignored("the client sets it")),
    (
        "authorization",
        Managed::Ignored(
            "credentials come from the security schemes and the client's credential setters",
        ),
    ),
    (
        "user-agent",
        Managed::Ignored("the client sets it (see `ClientBuilder::user_agent`)"),
    ),
    (
        "content-length",
        Managed::Ignored("the HTTP client sets it"),
    ),
    (
        "host",
        Managed::Ignored("the HTTP client sets it from the base URL"),
    ),
    (
        "cookie",
        Managed::Ignored("cookie parameters and API keys are sent in it"),
    ),
];

/// How the client handles a header parameter of this name, if it manages it.
pub(crate) fn managed_header(name: &str) -> Option<Managed> {
    MANAGED_HEADERS
        .iter()
        .find(|(managed, _)| name.eq_ignore_ascii_case(managed))
        .map(|(_, how)| *how)
}

/// Whether `name` is an HTTP token (RFC 9110), as header and cookie names must be.
pub(crate) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The name a header, cookie or API key declared as `name` is sent as: the
/// name itself when it is an HTTP token; with surrounding whitespace
/// trimmed and inner runs of whitespace made `-` when that makes one (a
/// vendor's `X-Api Key` for `X-Api-Key`); `None` when nothing does.
pub(crate) fn sendable_name(name: &str) -> Option<String> {
    if is_token(name) {
        return Some(name.to_owned());
    }
    let joined = name.split_whitespace().collect::<Vec<_>>().join("-");
    is_token(&joined).then_some(joined)
}

/// The shape of a parameter's value, as far as styles care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueShape {
    /// One plain-text form (`Display`).
    Scalar,
    /// A list of scalars.
    List,
    /// An object or map (its members are checked when sending), or any JSON value.
    Object,
    /// Lists of lists or objects, which no style but `deepObject` expresses.
    Nested,
}

/// What the generator says of a value of some shape in some location and style.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The style has a form for it.
    Sent,
    /// Sent in a form OpenAPI does not define (said in the message, with
    /// the warning's code).
    Decided(WarningCode, String),
    /// No style has a form for it: its JSON text is sent (said in the
    /// message, with the warning's code).
    AsJson(WarningCode, String),
}

/// How a value of `shape` travels in `location` with `style`. Nested lists
/// and objects in the query are written in the nesting the operation
/// chooses (`deepObject` is made of brackets, so it needs no choice; other
/// styles define no nesting, so the default is said); path segments,
/// headers and cookies have no form for them, so their JSON text is sent.
pub(crate) fn verdict(
    location: ParamIn,
    style: ParamStyle,
    shape: ValueShape,
    nesting_chosen: bool,
) -> Verdict {
    let at = location.as_str();
    match (location, style, shape) {
        (_, _, ValueShape::Scalar | ValueShape::List | ValueShape::Object) => Verdict::Sent,
        (ParamIn::Query, ParamStyle::DeepObject, _) => Verdict::Sent,
        (ParamIn::Query, _, _) if nesting_chosen => Verdict::Sent,
        (ParamIn::Query, _, _) => Verdict::Decided(
            codes::NESTED_QUERY_VALUE,
            format!(
                "OpenAPI defines no form for lists or objects nested in a `{}` query parameter: they are sent in brackets (`a[0][k]=v`, `a[k][]=x`); set `{}` to `brackets`, `indexed` or `json` to choose",
                style_name(style),
                super::encoding::X_RUST_NESTED_ENCODING,
            ),
        ),
        _ => Verdict::AsJson(
            codes::NESTED_VALUE_AS_JSON,
            format!(
                "OpenAPI defines no form for lists or objects nested in a {at} parameter: its value is sent as its JSON text"
            ),
        ),
    }
}

/// A style as OpenAPI spells it.
fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Form => "form",
        ParamStyle::SpaceDelimited => "spaceDelimited",
        ParamStyle::PipeDelimited => "pipeDelimited",
        ParamStyle::DeepObject => "deepObject",
        ParamStyle::Simple => "simple",
        ParamStyle::Label => "label",
        ParamStyle::Matrix => "matrix",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_headers_are_found_in_any_case() {
        assert_eq!(
            managed_header("Idempotency-Key"),
            Some(Managed::Idempotency)
        );
        assert!(matches!(
            managed_header("CONTENT-TYPE"),
            Some(Managed::Ignored(_))
        ));
        assert_eq!(managed_header("X-Request-Id"), None);
    }

    #[test]
    fn tokens_and_shapes() {
        assert!(is_token("X-Rate_Limit.1"));
        assert!(!is_token("bad name") && !is_token("") && !is_token("a:b"));
        assert_eq!(sendable_name("X-Api Key").as_deref(), Some("X-Api-Key"));
        assert_eq!(sendable_name(" X-Token ").as_deref(), Some("X-Token"));
        assert_eq!(sendable_name("a:b"), None);
        let deep = ParamStyle::DeepObject;
        for shape in [ValueShape::Scalar, ValueShape::List, ValueShape::Nested] {
            assert_eq!(verdict(ParamIn::Query, deep, shape, false), Verdict::Sent);
        }
        let nested = ValueShape::Nested;
        assert!(matches!(
            verdict(ParamIn::Query, ParamStyle::Form, nested, false),
            Verdict::Decided(codes::NESTED_QUERY_VALUE, _)
        ));
        assert_eq!(
            verdict(ParamIn::Query, ParamStyle::Form, nested, true),
            Verdict::Sent
        );
        assert_eq!(
            verdict(ParamIn::Path, ParamStyle::Matrix, ValueShape::Object, false),
            Verdict::Sent
        );
        assert!(matches!(
            verdict(ParamIn::Header, ParamStyle::Simple, nested, false),
            Verdict::AsJson(codes::NESTED_VALUE_AS_JSON, _)
        ));
    }
}
