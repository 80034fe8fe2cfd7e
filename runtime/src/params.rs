//! Parameters in every style OpenAPI defines: path segments ([`push_styled_param`]: `simple`, `label`, `matrix`),
//! header values and cookies ([`simple`]); the query string is
//! [`crate::query`]'s, on the text forms this module defines.
//!
//! Arrays and objects are serialised through `serde_json::Value`, so one
//! implementation serves every generated type; scalars of one of those
//! (strings, numbers, booleans, enums) are written as their JSON text.

use std::convert::Infallible;

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;

use crate::error::Error;

/// A parameter's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Query and cookie default: `a=1&a=2` or `a=1,2`.
    Form,
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[x]=1&a[y]=2`.
    DeepObject,
    /// Path and header default: `1,2`.
    Simple,
    /// `.1.2` or `.1,2`.
    Label,
    /// `;a=1;a=2` or `;a=1,2`.
    Matrix,
}

/// What `application/x-www-form-urlencoded` leaves as it is (space becomes `+`).
pub(crate) const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// `allowReserved: true`: RFC 3986 reserved characters stay, except `#`,
/// which would end the query, and space.
pub(crate) const RESERVED_KEPT: &AsciiSet = &FORM
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// Path parameter values: everything except the unreserved characters.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Cookie values: what is not a `cookie-octet` (RFC 6265), and `%`.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Whether `byte` may appear in a cookie value unencoded (RFC 6265 `cookie-octet`).
pub(crate) fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

pub(crate) fn invalid<E>(operation: &'static str, message: String) -> Error<E> {
    Error::InvalidRequest { operation, message }
}

/// The value as JSON, for styles that take arrays and objects apart.
pub(crate) fn to_value<T: serde::Serialize, E>(
    operation: &'static str,
    name: &str,
    value: &T,
) -> Result<Value, Error<E>> {
    serde_json::to_value(value).map_err(|err| {
        invalid(
            operation,
            format!("parameter `{name}` could not be serialised: {err}"),
        )
    })
}

/// The text of a scalar; `None` for arrays and objects.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The members of a value one level deep, as text: `[(None, item)]` for an
/// array, `[(Some(key), value)]` for an object (null members are left out,
/// as absent optional fields are). Nested arrays and objects have no form
/// in these styles.
pub(crate) fn members<E>(
    operation: &'static str,
    name: &str,
    value: &Value,
) -> Result<Vec<(Option<String>, String)>, Error<E>> {
    let nested = || {
        invalid(
            operation,
            format!(
                "parameter `{name}` holds a nested array or object, which its style cannot express"
            ),
        )
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| scalar_text(item).map(|t| (None, t)).ok_or_else(nested))
            .collect(),
        Value::Object(map) => sorted_members(map)
            .map(|(k, v)| {
                scalar_text(v)
                    .map(|t| (Some(k.clone()), t))
                    .ok_or_else(nested)
            })
            .collect(),
        scalar => Ok(vec![(None, scalar_text(scalar).unwrap_or_default())]),
    }
}

/// An object's non-null members by key. Key order is the one order that does
/// not depend on how `serde_json` was built: with its `preserve_order`
/// feature (which another crate in the build may turn on) a `Map` keeps
/// insertion order, without it, key order.
pub(crate) fn sorted_members(
    map: &serde_json::Map<String, Value>,
) -> impl Iterator<Item = (&String, &Value)> {
    let mut members: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !v.is_null()).collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members.into_iter()
}

/// Form encoding of `text`: `set` percent-encoded, space as `+` unless the
/// reserved characters (among them `+`) are kept.
pub(crate) fn form(text: &str, set: &'static AsciiSet) -> String {
    let space = if std::ptr::eq(set, FORM) { "+" } else { "%20" };
    utf8_percent_encode(text, set)
        .map(|chunk| if chunk == "%20" { space } else { chunk })
        .collect()
}

/// Appends a path parameter in `style` (`simple`, `label` or `matrix`):
/// values percent-encoded, the style's delimiters literal.
///
/// As with scalar parameters, a result that is empty, `.` or `..` is
/// refused: it would change which route the request hits.
pub fn push_styled_param<T: serde::Serialize, E>(
    path: &mut String,
    operation: &'static str,
    name: &'static str,
    style: Style,
    explode: bool,
    value: &T,
) -> Result<(), Error<E>> {
    let value = to_value(operation, name, value)?;
    let members = members(operation, name, &value)?;
    let encode = |text: &str| utf8_percent_encode(text, PATH_VALUE).to_string();
    let is_object = value.is_object();
    // `k=v` for exploded object members, `k,v` otherwise.
    let items: Vec<String> = members
        .iter()
        .map(|(member, text)| match member {
            Some(m) if explode => format!("{}={}", encode(m), encode(text)),
            Some(m) => format!("{},{}", encode(m), encode(text)),
            None => encode(text),
        })
        .collect();
    let text = match style {
        Style::Label if explode => items.iter().map(|i| format!(".{i}")).collect(),
        Style::Label => format!(".{}", items.join(",")),
        Style::Matrix if explode && is_object => items.iter().map(|i| format!(";{i}")).collect(),
        Style::Matrix if explode => items.iter().map(|i| format!(";{name}={i}")).collect(),
        Style::Matrix => format!(";{name}={}", items.join(",")),
        _ => items.join(","),
    };
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(invalid(
            operation,
            format!("path parameter `{name}` must not be empty, `.` or `..` (got {text:?})"),
        ));
    }
    path.push_str(&text);
    Ok(())
}

/// A header parameter's value in the `simple` style: `a,b` for an array,
/// `k,v,k2,v2` (or `k=v,k2=v2` exploded) for an object, a scalar as itself.
pub fn simple<T: serde::Serialize, E>(
    operation: &'static str,
    name: &'static str,
    explode: bool,
    value: &T,
) -> Result<String, Error<E>> {
    let value = to_value(operation, name, value)?;
    let items: Vec<String> = members(operation, name, &value)?
        .into_iter()
        .map(|(member, text)| match member {
            Some(m) if explode => format!("{m}={text}"),
            Some(m) => format!("{m},{text}"),
            None => text,
        })
        .collect();
    Ok(items.join(","))
}

/// The value of a parameter declared with `content: application/json`
/// (instead of a `schema`): its JSON text, whatever its shape; the caller
/// encodes it for where it travels.
pub fn json_text<T: serde::Serialize, E>(
    operation: &'static str,
    name: &'static str,
    value: &T,
) -> Result<String, Error<E>> {
    to_value(operation, name, value).map(|value| value.to_string())
}

/// Checks header parameters as header names and values; an invalid one is
/// an error naming the header (never its value) and nothing is sent.
pub(crate) fn header_pairs(
    operation: &'static str,
    headers: &[(&'static str, String)],
) -> Result<Vec<(HeaderName, HeaderValue)>, Error<Infallible>> {
    headers
        .iter()
        .map(|(name, value)| {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(operation, format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                invalid(
                    operation,
                    format!("the value of header parameter `{name}` is not a valid header value"),
                )
            })?;
            Ok((header, value))
        })
        .collect()
}

/// Checks cookie parameters (names are tokens) and percent-encodes what a
/// cookie value cannot hold. Arrays and objects reach here as [`simple`]
/// text (`form` style without explode: `a,b`), so their commas are encoded.
pub(crate) fn cookie_pairs(
    operation: &'static str,
    cookies: &[(&'static str, String)],
) -> Result<Vec<String>, Error<Infallible>> {
    cookies
        .iter()
        .map(|(name, value)| {
            let name_ok = !name.is_empty() && HeaderName::from_bytes(name.as_bytes()).is_ok();
            if !name_ok {
                return Err(invalid(
                    operation,
                    format!("`{name}` is not a valid cookie name"),
                ));
            }
            let encoded = utf8_percent_encode(value, COOKIE_VALUE).to_string();
            Ok(format!("{name}={encoded}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(style: Style, explode: bool, value: Value) -> String {
        let mut path = String::new();
        push_styled_param::<_, ()>(&mut path, "op", "color", style, explode, &value).unwrap();
        path
    }

    #[test]
    fn path_styles_match_the_specification() {
        let array = || json!(["blue", "black", "brown"]);
        // The specification's examples, with object members in key order
        // (see `sorted_members`).
        let object = || json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(path(Style::Simple, false, json!("blue")), "blue");
        assert_eq!(path(Style::Simple, false, array()), "blue,black,brown");
        assert_eq!(path(Style::Simple, false, object()), "B,150,G,200,R,100");
        assert_eq!(path(Style::Simple, true, object()), "B=150,G=200,R=100");
        assert_eq!(path(Style::Label, false, json!("blue")), ".blue");
        assert_eq!(path(Style::Label, false, array()), ".blue,black,brown");
        assert_eq!(path(Style::Label, true, array()), ".blue.black.brown");
        assert_eq!(path(Style::Label, false, object()), ".B,150,G,200,R,100");
        assert_eq!(path(Style::Label, true, object()), ".B=150.G=200.R=100");
        assert_eq!(path(Style::Matrix, false, json!("blue")), ";color=blue");
        assert_eq!(
            path(Style::Matrix, false, array()),
            ";color=blue,black,brown"
        );
        assert_eq!(
            path(Style::Matrix, true, array()),
            ";color=blue;color=black;color=brown"
        );
        assert_eq!(
            path(Style::Matrix, false, object()),
            ";color=B,150,G,200,R,100"
        );
        assert_eq!(path(Style::Matrix, true, object()), ";B=150;G=200;R=100");
        assert_eq!(
            path(Style::Simple, false, json!(["a/b", "c,d"])),
            "a%2Fb,c%2Cd"
        );
        for bad in [json!(""), json!(".."), json!([])] {
            let mut p = String::new();
            assert!(
                push_styled_param::<_, ()>(&mut p, "op", "x", Style::Simple, false, &bad).is_err()
            );
        }
    }

    #[test]
    fn json_content_is_the_values_json_text() {
        let text = json_text::<_, ()>("op", "filter", &json!({"a": [1, "b"]})).unwrap();
        assert_eq!(text, r#"{"a":[1,"b"]}"#);
        assert_eq!(json_text::<_, ()>("op", "q", &"x").unwrap(), r#""x""#);
    }

    #[test]
    fn headers_and_cookies_are_validated() {
        assert_eq!(
            simple::<_, ()>("op", "X", false, &json!([1, 2])).unwrap(),
            "1,2"
        );
        assert_eq!(
            simple::<_, ()>("op", "X", true, &json!({"a": 1, "b": "x"})).unwrap(),
            "a=1,b=x"
        );
        let ok = header_pairs("op", &[("X-Trace", "abc".to_owned())]).unwrap();
        assert_eq!(ok[0].0, "x-trace");
        for (name, value) in [("X-Trace", "a\nb"), ("Bad Name", "v"), ("X-Nul", "\0")] {
            let err = header_pairs("op", &[(name, value.to_owned())]).unwrap_err();
            assert!(matches!(
                err,
                Error::InvalidRequest {
                    operation: "op",
                    ..
                }
            ));
            assert!(!err.to_string().contains(value) || value == "v", "{err}");
        }
        assert_eq!(
            cookie_pairs("op", &[("session", "a b;c".to_owned())]).unwrap(),
            ["session=a%20b%3Bc"]
        );
        let ids = simple::<_, ()>("op", "ids", false, &json!([1, 2])).unwrap();
        assert_eq!(cookie_pairs("op", &[("ids", ids)]).unwrap(), ["ids=1%2C2"]);
        assert!(cookie_pairs("op", &[("bad name", "v".to_owned())]).is_err());
        assert!(is_cookie_octet(b'a') && !is_cookie_octet(b';') && !is_cookie_octet(b' '));
    }
}
