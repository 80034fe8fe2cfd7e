//! A path template taken apart: literal text, `{name}` slots, and what
//! vendors write into templates that is not a path: a query string
//! (`/icons?term={term}&amount=10`) and a fragment (`/cookies#exploded`).

/// One piece of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'p> {
    /// Text sent as it is (percent-encoded where a path needs it).
    Literal(&'p str),
    /// `{name}`: a path parameter's value.
    Slot(&'p str),
}

/// The value of one pair of a query string written into the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueryValue<'p> {
    /// `key=text`: sent on every call.
    Fixed(&'p str),
    /// `key={name}`: the value of parameter `name`.
    Slot(&'p str),
}

/// A template taken apart.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Template<'p> {
    /// The path, in order.
    pub(crate) pieces: Vec<Piece<'p>>,
    /// The query string after `?`, as `key=value` pairs in order.
    pub(crate) query: Vec<(&'p str, QueryValue<'p>)>,
    /// The text after `?` as written, when there is one.
    pub(crate) query_text: Option<&'p str>,
    /// The text after `#`, which is never sent.
    pub(crate) fragment: Option<&'p str>,
    /// A `{` without its `}`: the rest of the path, from the `{`, is literal.
    pub(crate) unclosed: bool,
}

/// Takes `template` apart. Never fails: what is not a slot is literal.
pub(crate) fn parse(template: &str) -> Template<'_> {
    let (sent, fragment) = match template.split_once('#') {
        Some((sent, fragment)) => (sent, Some(fragment)),
        None => (template, None),
    };
    let (path, query_text) = match sent.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (sent, None),
    };
    let (pieces, unclosed) = pieces(path);
    Template {
        pieces,
        query: query_text.map(query_pairs).unwrap_or_default(),
        query_text,
        fragment,
        unclosed,
    }
}

fn pieces(path: &str) -> (Vec<Piece<'_>>, bool) {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        let Some(close) = after.find('}') else {
            pieces.push(Piece::Literal(after));
            return (pieces, true);
        };
        pieces.push(Piece::Slot(&after[1..close]));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    (pieces, false)
}

fn query_pairs(query: &str) -> Vec<(&str, QueryValue<'_>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(name) => QueryValue::Slot(name),
                None => QueryValue::Fixed(value),
            };
            (key, value)
        })
        .collect()
}

/// Whether a slot name and a parameter name are the same but for case and
/// punctuation (`{userID}` and `user_id`).
pub(crate) fn loosely_equal(slot: &str, name: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    letters(slot) == letters(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_literals_query_and_fragment() {
        let template = parse("/api/iconsets/v3/latest/{set}?term={term}&amount=10#doc");
        assert_eq!(
            template.pieces,
            [
                Piece::Literal("/api/iconsets/v3/latest/"),
                Piece::Slot("set")
            ]
        );
        assert_eq!(
            template.query,
            [
                ("term", QueryValue::Slot("term")),
                ("amount", QueryValue::Fixed("10"))
            ]
        );
        assert_eq!(template.fragment, Some("doc"));
        assert!(!template.unclosed);
    }

    #[test]
    fn an_unclosed_brace_is_literal() {
        let template = parse("/a/{b/c");
        assert_eq!(
            template.pieces,
            [Piece::Literal("/a/"), Piece::Literal("{b/c")]
        );
        assert!(template.unclosed);
    }

    #[test]
    fn loose_names() {
        assert!(loosely_equal("userID", "user_id"));
        assert!(!loosely_equal("user", "user_id"));
    }
}
