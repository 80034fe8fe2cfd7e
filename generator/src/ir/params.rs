//! Parameter lowering decisions: where a parameter travels and in which
//! style, which headers the runtime manages itself, and which value shapes
//! each location and style can carry.

use super::{ParamIn, ParamStyle};
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

/// Why a value of `shape` cannot travel in `location` with `style`, if it cannot.
pub(crate) fn unsupported(
    location: ParamIn,
    style: ParamStyle,
    shape: ValueShape,
) -> Option<String> {
    let at = location.as_str();
    match (style, shape) {
        (ParamStyle::DeepObject, ValueShape::Object) => None,
        (ParamStyle::DeepObject, _) => Some(format!(
            "a `style: deepObject` {at} parameter must be an object"
        )),
        (_, ValueShape::Nested) => Some(format!(
            "a {at} parameter must be a string, number, boolean, enum, a list of those or an object of those (`style: deepObject` for nested objects)"
        )),
        _ => None,
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
        assert!(unsupported(ParamIn::Query, ParamStyle::DeepObject, ValueShape::List).is_some());
        assert!(unsupported(ParamIn::Query, ParamStyle::DeepObject, ValueShape::Object).is_none());
        assert!(unsupported(ParamIn::Path, ParamStyle::Matrix, ValueShape::Object).is_none());
        assert!(unsupported(ParamIn::Header, ParamStyle::Simple, ValueShape::Nested).is_some());
    }
}
