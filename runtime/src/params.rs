//! Parameters in every style OpenAPI defines: the query string ([`Query`]:
//! `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`, `allowReserved`),
//! path segments ([`push_styled_param`]: `simple`, `label`, `matrix`),
//! header values and cookies ([`simple`]).
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
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// `allowReserved: true`: RFC 3986 reserved characters stay, except `#`,
/// which would end the query, and space.
const RESERVED_KEPT: &AsciiSet = &FORM
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

fn invalid<E>(operation: &'static str, message: String) -> Error<E> {
    Error::InvalidRequest { operation, message }
}

/// The value as JSON, for styles that take arrays and objects apart.
fn to_value<T: serde::Serialize, E>(
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
fn scalar_text(value: &Value) -> Option<String> {
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
fn members<E>(
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
fn sorted_members(map: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    let mut members: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !v.is_null()).collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members.into_iter()
}

/// An encoded query string, built parameter by parameter in spec order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    encoded: String,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no parameter was added.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }

    /// The encoded query (without `?`).
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// Adds `name=value`, both form-encoded.
    pub fn push(&mut self, name: &str, value: &str) {
        self.pair(&form(name, FORM), &form(value, FORM));
    }

    fn pair(&mut self, name: &str, encoded_value: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        self.encoded.push_str(name);
        self.encoded.push('=');
        self.encoded.push_str(encoded_value);
    }

    /// Adds a parameter in `style`: an array or an object taken apart as
    /// OpenAPI describes (`explode`, delimiters, `deepObject` brackets), a
    /// scalar as `name=value`. With `allow_reserved`, reserved characters
    /// in values are sent unencoded.
    pub fn push_styled<T: serde::Serialize, E>(
        &mut self,
        operation: &'static str,
        name: &'static str,
        style: Style,
        explode: bool,
        allow_reserved: bool,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = to_value(operation, name, value)?;
        let set = if allow_reserved { RESERVED_KEPT } else { FORM };
        let key = form(name, FORM);
        if style == Style::DeepObject {
            self.deep_object(&key, &value, set);
            return Ok(());
        }
        if let Some(text) = scalar_text(&value) {
            self.pair(&key, &form(&text, set));
            return Ok(());
        }
        let members = members(operation, name, &value)?;
        if explode {
            for (member, text) in &members {
                let member_key = member.as_deref().map_or(key.clone(), |m| form(m, FORM));
                self.pair(&member_key, &form(text, set));
            }
            return Ok(());
        }
        let delimiter = match style {
            Style::SpaceDelimited => "%20",
            Style::PipeDelimited => "|",
            _ => ",",
        };
        let parts: Vec<String> = members
            .iter()
            .flat_map(|(member, text)| member.iter().chain(std::iter::once(text)))
            .map(|part| form(part, set))
            .collect();
        self.pair(&key, &parts.join(delimiter));
        Ok(())
    }

    /// `key[member][nested]=value`; list items as `key[member][]=item`.
    fn deep_object(&mut self, key: &str, value: &Value, set: &'static AsciiSet) {
        match value {
            Value::Object(map) => {
                for (member, inner) in sorted_members(map) {
                    let nested = format!("{key}[{}]", form(member, FORM));
                    self.deep_object(&nested, inner, set);
                }
            }
            Value::Array(items) => {
                let nested = format!("{key}[]");
                for item in items {
                    self.deep_object(&nested, item, set);
                }
            }
            scalar => {
                let text = scalar_text(scalar).unwrap_or_default();
                self.pair(key, &form(&text, set));
            }
        }
    }
}

/// Form encoding of `text`: `set` percent-encoded, space as `+` unless the
/// reserved characters (among them `+`) are kept.
fn form(text: &str, set: &'static AsciiSet) -> String {
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

    fn query(style: Style, explode: bool, value: Value) -> String {
        let mut query = Query::new();
        query
            .push_styled::<_, ()>("op", "color", style, explode, false, &value)
            .unwrap();
        query.as_str().to_owned()
    }

    fn path(style: Style, explode: bool, value: Value) -> String {
        let mut path = String::new();
        push_styled_param::<_, ()>(&mut path, "op", "color", style, explode, &value).unwrap();
        path
    }

    // The examples of the OpenAPI 3.0.3 style table (`color`: "blue",
    // ["blue","black","brown"], {"R":100,"G":200,"B":150}).
    #[test]
    fn query_styles_match_the_specification() {
        let array = || json!(["blue", "black", "brown"]);
        // The specification's examples, with object members in key order
        // (see `sorted_members`).
        let object = || json!({"R": 100, "G": 200, "B": 150});
        assert_eq!(query(Style::Form, true, json!("blue")), "color=blue");
        assert_eq!(
            query(Style::Form, true, array()),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(query(Style::Form, false, array()), "color=blue,black,brown");
        assert_eq!(query(Style::Form, true, object()), "B=150&G=200&R=100");
        assert_eq!(
            query(Style::Form, false, object()),
            "color=B,150,G,200,R,100"
        );
        assert_eq!(
            query(Style::SpaceDelimited, false, array()),
            "color=blue%20black%20brown"
        );
        assert_eq!(
            query(Style::SpaceDelimited, false, object()),
            "color=B%20150%20G%20200%20R%20100"
        );
        assert_eq!(
            query(Style::PipeDelimited, false, array()),
            "color=blue|black|brown"
        );
        assert_eq!(
            query(Style::PipeDelimited, true, array()),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(
            query(Style::DeepObject, true, object()),
            "color[B]=150&color[G]=200&color[R]=100"
        );
        assert_eq!(
            query(
                Style::DeepObject,
                true,
                json!({"a": {"b": "c d"}, "l": [1, 2], "n": null})
            ),
            "color[a][b]=c+d&color[l][]=1&color[l][]=2"
        );
    }

    #[test]
    fn query_values_are_encoded_and_delimiters_are_not() {
        assert_eq!(
            query(Style::Form, false, json!(["a,b", "c&d"])),
            "color=a%2Cb,c%26d"
        );
        assert_eq!(
            query(Style::Form, true, json!(["x y/ü#"])),
            "color=x+y%2F%C3%BC%23"
        );
        let mut reserved = Query::new();
        reserved
            .push_styled::<_, ()>(
                "op",
                "path",
                Style::Form,
                true,
                true,
                &json!("/a/b?c=d&e#f g"),
            )
            .unwrap();
        assert_eq!(reserved.as_str(), "path=/a/b?c=d&e%23f%20g");
        let mut err = Query::new();
        assert!(matches!(
            err.push_styled::<_, ()>("op", "x", Style::Form, true, false, &json!([[1]])),
            Err(Error::InvalidRequest {
                operation: "op",
                ..
            })
        ));
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
