//! The query string and `application/x-www-form-urlencoded` bodies: every
//! style OpenAPI defines for them (`form`, `spaceDelimited`,
//! `pipeDelimited`, `deepObject`, `allowReserved`), and the bracket forms
//! real servers read for what those styles leave undefined: lists and
//! objects nested inside a parameter (`items[0][price]=p_1`,
//! `expand[]=a`, `metadata[order]=6735`).
//!
//! Values are taken apart as `serde_json::Value`, so one implementation
//! serves every generated type. `serde_qs` writes bracket forms too, but
//! only indexed lists (`a[0]=x`) and without OpenAPI's styles, which this
//! module needs in the same string; the bracket writer is the twenty lines
//! of [`Query::nested`].

use percent_encoding::AsciiSet;
use serde_json::Value;

use crate::error::Error;
use crate::params::{
    FORM, RESERVED_KEPT, Style, form, invalid, members, scalar_text, sorted_members, to_value,
};

/// How lists and objects nested inside a query parameter or form field are
/// written, where OpenAPI's styles define no form (`deepObject` below its
/// first level, any nesting in `form`, `spaceDelimited` and
/// `pipeDelimited`). An operation chooses with `x-rust-nested-encoding`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Nesting {
    /// `a[k]=v`; lists of scalars as `a[]=x`, lists of anything else
    /// indexed (`a[0][k]=v`), because `a[][k]=v` cannot be read back
    /// unambiguously. What Rack, PHP, qs and Stripe read.
    #[default]
    Brackets,
    /// `a[k]=v`, every list indexed: `a[0]=x`.
    Indexed,
    /// A list or object as one parameter holding its JSON text:
    /// `a={"k":"v"}`.
    Json,
}

/// How one query parameter or form field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding {
    style: Style,
    explode: bool,
    allow_reserved: bool,
    nesting: Nesting,
}

impl Encoding {
    /// `style` with `explode`; reserved characters encoded, nesting in brackets.
    pub const fn new(style: Style, explode: bool) -> Self {
        Self {
            style,
            explode,
            allow_reserved: false,
            nesting: Nesting::Brackets,
        }
    }

    /// `allowReserved`: RFC 3986 reserved characters in values are sent unencoded.
    pub const fn allow_reserved(self, allow_reserved: bool) -> Self {
        Self {
            allow_reserved,
            ..self
        }
    }

    /// How nested lists and objects are written.
    pub const fn nesting(self, nesting: Nesting) -> Self {
        Self { nesting, ..self }
    }

    /// What a form-body field without an `encoding` entry gets: OpenAPI's
    /// default (`form`, exploded) for scalars and lists; an object in
    /// brackets (`metadata[order]=6735`), since spreading its members
    /// among the body's own fields could not be read back.
    fn form_field(value: &Value, nesting: Nesting) -> Self {
        let style = if value.is_object() {
            Style::DeepObject
        } else {
            Style::Form
        };
        Self::new(style, true).nesting(nesting)
    }
}

/// How deep a value may nest: deeper ones are refused rather than written
/// (recursive types, such as a tree, could otherwise nest without bound).
const MAX_DEPTH: usize = 32;

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

    /// Adds a parameter as `encoding` says: a scalar as `name=value`, a
    /// list or an object taken apart as its style describes (`explode`,
    /// delimiters, `deepObject` brackets), anything nested deeper in the
    /// encoding's [`Nesting`].
    pub fn push_styled<T: serde::Serialize, E>(
        &mut self,
        operation: &'static str,
        name: &str,
        encoding: Encoding,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = to_value(operation, name, value)?;
        self.push_value(operation, name, encoding, &value)
    }

    fn push_value<E>(
        &mut self,
        operation: &'static str,
        name: &str,
        encoding: Encoding,
        value: &Value,
    ) -> Result<(), Error<E>> {
        let set = if encoding.allow_reserved {
            RESERVED_KEPT
        } else {
            FORM
        };
        let key = form(name, FORM);
        if let Some(text) = scalar_text(value) {
            self.pair(&key, &form(&text, set));
            return Ok(());
        }
        let nested = Nested {
            operation,
            name,
            nesting: encoding.nesting,
            set,
        };
        if encoding.nesting == Nesting::Json {
            self.pair(&key, &form(&value.to_string(), set));
            return Ok(());
        }
        if encoding.style == Style::DeepObject {
            return self.nested(&nested, &key, value, 0);
        }
        // One level of scalars has the style's own form; deeper values
        // are written in brackets below the level the style takes apart.
        let Ok(members) = members::<E>(operation, name, value) else {
            return match value {
                Value::Object(map) if encoding.explode => {
                    for (member, inner) in sorted_members(map) {
                        self.nested(&nested, &form(member, FORM), inner, 1)?;
                    }
                    Ok(())
                }
                _ => self.nested(&nested, &key, value, 0),
            };
        };
        if encoding.explode {
            for (member, text) in &members {
                let member_key = member.as_deref().map_or(key.clone(), |m| form(m, FORM));
                self.pair(&member_key, &form(text, set));
            }
            return Ok(());
        }
        let delimiter = match encoding.style {
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

    /// `key[member][nested]=value`; list items as `key[]=item` or
    /// `key[0]=item` as the nesting says.
    fn nested<E>(
        &mut self,
        how: &Nested<'_>,
        key: &str,
        value: &Value,
        depth: usize,
    ) -> Result<(), Error<E>> {
        if depth > MAX_DEPTH {
            return Err(invalid(
                how.operation,
                format!(
                    "parameter `{}` nests deeper than {MAX_DEPTH} levels, which is not sent",
                    how.name
                ),
            ));
        }
        match value {
            Value::Object(map) => {
                for (member, inner) in sorted_members(map) {
                    let member_key = format!("{key}[{}]", form(member, FORM));
                    self.nested(how, &member_key, inner, depth + 1)?;
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let indexed = how.nesting == Nesting::Indexed || scalar_text(item).is_none();
                    let item_key = if indexed {
                        format!("{key}[{index}]")
                    } else {
                        format!("{key}[]")
                    };
                    self.nested(how, &item_key, item, depth + 1)?;
                }
            }
            scalar => {
                let text = scalar_text(scalar).unwrap_or_default();
                self.pair(key, &form(&text, how.set));
            }
        }
        Ok(())
    }
}

/// What [`Query::nested`] needs besides the value: whose it is, for errors,
/// and how to write it.
struct Nested<'n> {
    operation: &'static str,
    name: &'n str,
    nesting: Nesting,
    set: &'static AsciiSet,
}

/// An `application/x-www-form-urlencoded` body's text: each member of
/// `value` (an object) as a field, encoded as `fields` says (a request
/// body's `encoding`) or else by [`Encoding::form_field`]; members in key
/// order, null members left out.
pub(crate) fn form_text<T: serde::Serialize, E>(
    operation: &'static str,
    value: &T,
    fields: &[(&str, Encoding)],
    nesting: Nesting,
) -> Result<String, Error<E>> {
    let value = to_value(operation, "request body", value)?;
    let Value::Object(map) = &value else {
        return Err(invalid(
            operation,
            "a form body must be an object: its members are the fields".to_owned(),
        ));
    };
    let mut query = Query::new();
    for (name, member) in sorted_members(map) {
        let encoding = fields
            .iter()
            .find(|(field, _)| field == name)
            .map_or_else(|| Encoding::form_field(member, nesting), |(_, e)| *e);
        query.push_value(operation, name, encoding, member)?;
    }
    Ok(query.encoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(style: Style, explode: bool, value: Value) -> String {
        encoded(Encoding::new(style, explode), value)
    }

    fn encoded(encoding: Encoding, value: Value) -> String {
        let mut query = Query::new();
        query
            .push_styled::<_, ()>("op", "color", encoding, &value)
            .unwrap();
        query.as_str().to_owned()
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
        assert_eq!(
            encoded(
                Encoding::new(Style::Form, true).allow_reserved(true),
                json!("/a/b?c=d&e#f g")
            ),
            "color=/a/b?c=d&e%23f%20g"
        );
    }

    // What Stripe sends (`expand[]=a`, `metadata[order]=6735`,
    // `items[0][price]=p_1`), in each nesting.
    #[test]
    fn nested_values_are_written_in_brackets() {
        let deep = |nesting| Encoding::new(Style::DeepObject, true).nesting(nesting);
        let list = || json!(["a", "b"]);
        let items = || json!([{"price": "p_1", "quantity": 2}, {"price": "p_2"}]);
        assert_eq!(
            encoded(deep(Nesting::Brackets), list()),
            "color[]=a&color[]=b"
        );
        assert_eq!(
            encoded(deep(Nesting::Indexed), list()),
            "color[0]=a&color[1]=b"
        );
        assert_eq!(
            encoded(deep(Nesting::Brackets), items()),
            "color[0][price]=p_1&color[0][quantity]=2&color[1][price]=p_2"
        );
        assert_eq!(
            encoded(
                deep(Nesting::Brackets),
                json!({"order": 6735, "tags": [[1], 2]})
            ),
            "color[order]=6735&color[tags][0][]=1&color[tags][]=2"
        );
        assert_eq!(encoded(deep(Nesting::Brackets), json!(7)), "color=7");
        assert_eq!(
            encoded(deep(Nesting::Json), items()),
            "color=%5B%7B%22price%22%3A%22p_1%22%2C%22quantity%22%3A2%7D%2C%7B%22price%22%3A%22p_2%22%7D%5D"
        );
        // `form` takes apart the first level; deeper values go in brackets.
        let form = |explode| Encoding::new(Style::Form, explode);
        assert_eq!(
            encoded(form(true), items()),
            "color[0][price]=p_1&color[0][quantity]=2&color[1][price]=p_2"
        );
        assert_eq!(
            encoded(form(true), json!({"a": 1, "b": {"c": [2]}})),
            "a=1&b[c][]=2"
        );
        assert_eq!(
            encoded(form(false), json!({"a": 1, "b": {"c": 2}})),
            "color[a]=1&color[b][c]=2"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let mut value = json!(1);
        for _ in 0..40 {
            value = json!([value]);
        }
        let mut query = Query::new();
        let encoding = Encoding::new(Style::DeepObject, true);
        let err = query
            .push_styled::<_, ()>("op", "deep", encoding, &value)
            .unwrap_err();
        assert!(err.to_string().contains("deeper than 32"), "{err}");
    }

    #[test]
    fn form_bodies_encode_each_field_as_its_encoding_says() {
        let body = json!({
            "amount": 100,
            "expand": ["a", "b"],
            "metadata": {"order": 6735},
            "items": [{"price": "p_1"}],
            "ids": [1, 2],
            "note": null
        });
        let fields = [("expand", Encoding::new(Style::DeepObject, true))];
        assert_eq!(
            form_text::<_, ()>("op", &body, &fields, Nesting::Brackets).unwrap(),
            "amount=100&expand[]=a&expand[]=b&ids=1&ids=2&items[0][price]=p_1&metadata[order]=6735"
        );
        assert_eq!(
            form_text::<_, ()>("op", &body, &[], Nesting::Indexed).unwrap(),
            "amount=100&expand=a&expand=b&ids=1&ids=2&items[0][price]=p_1&metadata[order]=6735"
        );
        assert!(form_text::<_, ()>("op", &json!([1]), &[], Nesting::Brackets).is_err());
    }
}
