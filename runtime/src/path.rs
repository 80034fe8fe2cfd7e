//! Percent-encoding of path parameters.
//!
//! A path parameter value must never change which route a request hits, so
//! every byte except the RFC 3986 unreserved characters is encoded: `/`, `?`,
//! `#`, `%`, `\`, spaces and non-ASCII all become `%XX`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::Error;

/// Everything except ALPHA / DIGIT / `-` / `.` / `_` / `~` is encoded.
const PATH_PARAM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends the percent-encoded `value` to `path` (no slash is added).
///
/// `""`, `"."` and `".."` are rejected: an empty segment collapses the route
/// and URL parsers resolve dot segments (even as `%2E`), so none of them can
/// be sent without changing which resource is addressed.
pub fn push_param<E>(
    path: &mut String,
    operation: &'static str,
    param: &'static str,
    value: &str,
) -> Result<(), Error<E>> {
    if matches!(value, "" | "." | "..") {
        return Err(Error::InvalidRequest {
            operation,
            message: format!(
                "path parameter `{param}` must not be empty, `.` or `..` (got {value:?})"
            ),
        });
    }
    for chunk in utf8_percent_encode(value, PATH_PARAM) {
        path.push_str(chunk);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::push_param;
    use crate::error::Error;

    fn encode(value: &str) -> Result<String, Error<()>> {
        let mut path = String::from("/users/");
        push_param::<()>(&mut path, "get_user", "distinct_id", value)?;
        Ok(path)
    }

    #[test]
    fn unreserved_characters_are_kept() {
        assert_eq!(encode("Az09-._~").unwrap(), "/users/Az09-._~");
    }

    #[test]
    fn route_changing_characters_are_encoded() {
        let cases = [
            ("a/b", "a%2Fb"),
            ("a?b", "a%3Fb"),
            ("a#b", "a%23b"),
            ("100%", "100%25"),
            ("a\\b", "a%5Cb"),
            ("a b", "a%20b"),
            ("a+b", "a%2Bb"),
            ("a/../b", "a%2F..%2Fb"),
            ("ünï", "%C3%BCn%C3%AF"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("...", "..."),
            ("%2e%2e", "%252e%252e"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(encode(raw).unwrap(), format!("/users/{encoded}"), "{raw:?}");
        }
    }

    #[test]
    fn empty_and_dot_segments_are_rejected() {
        for value in ["", ".", ".."] {
            match encode(value) {
                Err(Error::InvalidRequest { operation, message }) => {
                    assert_eq!(operation, "get_user");
                    assert!(message.contains("distinct_id"), "{message}");
                }
                other => panic!("{value:?} was not rejected: {other:?}"),
            }
        }
    }

    #[test]
    fn url_keeps_the_encoded_segment() {
        let base = reqwest::Url::parse("https://api.example.com/v1").unwrap();
        for raw in [
            "a/../b", "../x", "a?b#c", "a\\b", "x y", "ü", "%2e%2e", "...",
        ] {
            let mut path = String::from("/WS1/");
            push_param::<()>(&mut path, "op", "p", raw).unwrap();
            path.push_str("/tail");
            let url = crate::transport::join_url(&base, path, "").unwrap();
            let segments: Vec<_> = url.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 4, "{raw:?} -> {url}");
            assert_eq!(segments[0], "v1");
            assert_eq!(segments[1], "WS1");
            assert_eq!(segments[3], "tail");
            let decoded = percent_encoding::percent_decode_str(segments[2])
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, raw, "{url}");
            assert!(url.query().is_none() && url.fragment().is_none(), "{url}");
        }
    }
}
