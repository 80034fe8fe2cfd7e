//! The request/response shapes exchanged with generated code, URL assembly,
//! and a single HTTP attempt.

use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};

use crate::attempt::AttemptBody;
use crate::body_limit::ReadError;
use crate::config::Config;
use crate::error::TransportPhase;
use crate::response::Response;

use crate::redirect::{self, Redirected};

/// A request as described by a generated operation.
#[derive(Debug)]
pub struct Request {
    /// The operation name, e.g. `get_user_profile`; used in errors and spans.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Starts with `/`, already percent-encoded by [`push_param`](crate::__private::push_param); appended
    /// to the base URL's path.
    pub path: String,
    /// The encoded query string, parameters in spec order.
    pub query: crate::query::Query,
    /// Header parameters (name, value), checked as header values before sending.
    pub headers: Vec<(&'static str, String)>,
    /// Cookie parameters (name, value), sent in one `Cookie` header.
    pub cookies: Vec<(&'static str, String)>,
    /// The body with its content type.
    pub body: Option<crate::request_body::Payload>,
    /// The `Accept` header: the media types the operation's responses declare.
    pub accept: &'static str,
    /// Whether a key is generated when the caller supplies none.
    pub idempotency: Idempotency,
    /// The operation's security requirement: alternatives, each the indices
    /// (into [`CoreSpec::schemes`](crate::__private::CoreSpec::schemes)) of
    /// schemes sent together. Empty: no credentials are sent.
    pub security: &'static [&'static [usize]],
}

/// Whether the client generates an idempotency key for the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Send a key only if the caller supplied one in `CallOptions`.
    None,
    /// Send the caller's key, or generate one (UUID v4) per logical call.
    Auto,
}

/// What an attempt produced.
#[derive(Debug)]
pub(crate) enum Sent {
    /// A response with its body read within the limit.
    Read(Response),
    /// A 2xx response whose body the caller streams (a download).
    Live(reqwest::Response),
}

/// Joins the base URL, an encoded path and an encoded query.
///
/// `base` has no query or fragment (see `Config`), so appending `path` to its
/// path yields the intended path; percent-encoded segments stay encoded. A
/// path of visible ASCII other than `?`, `#` and `\\` (every path
/// [`push_param`](crate::__private::push_param) builds) is set on a copy of
/// the parsed base, which parses the path alone rather than the scheme and
/// host again; any other path goes through the whole-URL parser, whose
/// message is the error (only possible with a malformed path).
pub(crate) fn join_url(base: &Url, mut path: String, query: &str) -> Result<Url, String> {
    let base_path = base.path().strip_suffix('/').unwrap_or(base.path());
    let slash = if path.starts_with('/') { "" } else { "/" };
    let mut url = if path
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'\\'))
    {
        // In place: generated code sizes `path` with room for the base's.
        path.insert_str(0, slash);
        path.insert_str(0, base_path);
        let mut url = base.clone();
        url.set_path(&path);
        url
    } else {
        let base = base.as_str();
        let base = base.strip_suffix('/').unwrap_or(base);
        let mut joined = String::with_capacity(base.len() + slash.len() + path.len());
        joined.push_str(base);
        joined.push_str(slash);
        joined.push_str(&path);
        Url::parse(&joined).map_err(|err| err.to_string())?
    };
    if !query.is_empty() {
        url.set_query(Some(query));
    }
    Ok(url)
}

/// Headers that are the same for every attempt of one call, kept as their
/// values so each attempt builds its map directly (one right-sized map per
/// attempt, no intermediate map to copy) and values are shared, not copied.
pub(crate) struct CallHeaders {
    /// Header parameters and credentials, in order (appended, so a header
    /// parameter declared twice in a combination is sent twice).
    extra: Vec<(HeaderName, HeaderValue)>,
    cookie: Option<HeaderValue>,
    accept: HeaderValue,
    user_agent: HeaderValue,
    /// `Content-Length: 0` on a bodyless request whose method expects a body.
    empty_body_length: bool,
    idempotency: Option<(HeaderName, HeaderValue)>,
}

impl CallHeaders {
    /// The headers of one call. `extra` are the header parameters and
    /// credentials; `cookie` the assembled `Cookie` header.
    pub(crate) fn new(
        config: &Config,
        method: &Method,
        accept: &'static str,
        has_body: bool,
        idempotency_key: Option<HeaderValue>,
        extra: Vec<(HeaderName, HeaderValue)>,
        cookie: Option<HeaderValue>,
    ) -> Self {
        Self {
            extra,
            cookie,
            accept: accept_value(accept),
            user_agent: config.user_agent.clone(),
            // hyper sends no length for an empty body; RFC 9110 §8.6 asks for
            // `Content-Length: 0` on a bodyless POST, and proxies such as
            // nginx answer 411 Length Required without it.
            empty_body_length: !has_body && method_expects_body(method),
            idempotency: idempotency_key.map(|key| (config.idempotency_header.clone(), key)),
        }
    }

    /// The header map of one attempt, with the body's `Content-Type` (which
    /// differs per attempt for a multipart boundary) and `Content-Length`.
    fn for_attempt(&self, body: Option<(HeaderValue, Option<u64>)>) -> HeaderMap {
        let count = self.extra.len()
            + usize::from(self.cookie.is_some())
            + 2
            + usize::from(self.empty_body_length)
            + usize::from(self.idempotency.is_some())
            + body
                .as_ref()
                .map_or(0, |(_, len)| 1 + usize::from(len.is_some()));
        // One spare entry: reqwest looks its default headers up with
        // `HeaderMap::entry`, which grows a full map even to find a header.
        let mut headers = HeaderMap::with_capacity(count + 1);
        for (name, value) in &self.extra {
            headers.append(name.clone(), value.clone());
        }
        if let Some(cookie) = &self.cookie {
            headers.insert(COOKIE, cookie.clone());
        }
        headers.insert(ACCEPT, self.accept.clone());
        headers.insert(USER_AGENT, self.user_agent.clone());
        if self.empty_body_length {
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        if let Some((name, key)) = &self.idempotency {
            headers.insert(name.clone(), key.clone());
        }
        if let Some((content_type, len)) = body {
            headers.insert(CONTENT_TYPE, content_type);
            if let Some(len) = len {
                headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
            }
        }
        headers
    }
}

/// The `Accept` value; generated media types are always valid, but a
/// malformed one falls back to accepting anything rather than panicking.
fn accept_value(accept: &'static str) -> HeaderValue {
    crate::headers::static_value(accept).unwrap_or(HeaderValue::from_static("*/*"))
}

/// Methods whose requests normally carry a body.
fn method_expects_body(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PUT || *method == Method::PATCH
}

/// Why one attempt produced no response.
#[derive(Debug)]
pub(crate) enum Failure {
    /// reqwest could not build the request (a URI too long for HTTP, a
    /// header value it refuses): nothing was sent, and no retry can help.
    Build(reqwest::Error),
    /// The exchange failed below HTTP, in the given phase.
    Transport(TransportPhase, reqwest::Error),
    /// The server redirected the request; it is never followed.
    Redirect(Redirected),
    /// A success body longer than the limit; never worth a retry.
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
        limit: u64,
        announced: Option<u64>,
    },
}

/// Sends one attempt and reads the body within `limit` bytes.
///
/// Timeouts are applied by the caller around this future, so they cover
/// reading the body too.
pub(crate) async fn send(
    http: &reqwest::Client,
    method: &Method,
    url: &Url,
    headers: &CallHeaders,
    body: Option<AttemptBody>,
    limit: u64,
    stream_success: bool,
) -> Result<Sent, Failure> {
    let mut request = reqwest::Request::new(method.clone(), url.clone());
    match body {
        None => *request.headers_mut() = headers.for_attempt(None),
        Some(body) => {
            *request.headers_mut() = headers.for_attempt(Some((body.content_type, body.len)));
            // A body reqwest cannot replay, so no redirect policy re-sends it.
            *request.body_mut() = Some(body.body.into_unreplayable());
        }
    }
    let mut response = http.execute(request).await.map_err(|err| {
        if err.is_builder() {
            Failure::Build(err)
        } else {
            Failure::Transport(TransportPhase::Send, err)
        }
    })?;
    redirect::check(url, &response).map_err(Failure::Redirect)?;
    let status = response.status();
    if stream_success && status.is_success() {
        // Not read here and not subject to the limit: the caller streams it.
        return Ok(Sent::Live(response));
    }
    let headers = std::mem::take(response.headers_mut());
    let announced = response.content_length();
    let read = if status.is_success() {
        crate::body_limit::read_success(&mut response, announced, limit).await
    } else {
        crate::body_limit::read_error(&mut response, announced, limit).await
    };
    match read {
        Ok(read) => Ok(Sent::Read(Response {
            status,
            headers,
            body: read.bytes,
            body_len: read.len,
        })),
        Err(ReadError::Transport(err)) => Err(Failure::Transport(TransportPhase::Receive, err)),
        Err(ReadError::TooLarge { limit, announced }) => Err(Failure::TooLarge {
            status,
            headers,
            limit,
            announced,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{CallHeaders, accept_value, join_url};
    use crate::config::{Config, CoreBuilder, CoreSpec};
    use crate::query::Query;
    use reqwest::header::{HeaderName, HeaderValue};
    use reqwest::{Method, Url};

    fn base(url: &str) -> Url {
        Url::parse(url).unwrap()
    }

    fn query(pairs: &[(&'static str, &str)]) -> String {
        let mut query = Query::new();
        for (k, v) in pairs {
            query.push(k, v);
        }
        query.as_str().to_owned()
    }

    #[test]
    fn joins_base_path_and_query() {
        let url = join_url(
            &base("https://api.example.com/v1"),
            "/WS1/live/event".to_owned(),
            "",
        )
        .unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/WS1/live/event");
        let url = join_url(&base("https://api.example.com/"), "/WS1/x".to_owned(), "").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/WS1/x");
        let url = join_url(&base("https://api.example.com/v1"), "WS1".to_owned(), "").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/WS1");
    }

    #[test]
    fn query_values_are_form_encoded_in_order() {
        let url = join_url(
            &base("https://api.example.com/v1"),
            "/WS1/users".to_owned(),
            &query(&[("b", "a&b=c"), ("a", "x y/ü#"), ("b", "")]),
        )
        .unwrap();
        assert_eq!(url.query(), Some("b=a%26b%3Dc&a=x+y%2F%C3%BC%23&b="));
        let pairs: Vec<_> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [
                ("b".to_owned(), "a&b=c".to_owned()),
                ("a".to_owned(), "x y/ü#".to_owned()),
                ("b".to_owned(), String::new()),
            ]
        );
    }

    /// What `join_url` returned before it set the path on the parsed base:
    /// the whole URL parsed again.
    fn parsed_whole(base: &str, path: &str, query: &str) -> Url {
        let base = base.strip_suffix('/').unwrap_or(base);
        let slash = if path.starts_with('/') { "" } else { "/" };
        let mut url = Url::parse(&format!("{base}{slash}{path}")).unwrap();
        if !query.is_empty() {
            url.set_query(Some(query));
        }
        url
    }

    #[test]
    fn setting_the_path_on_the_base_equals_parsing_the_whole_url() {
        let bases = [
            "https://api.example.com/v1",
            "https://api.example.com/",
            "http://127.0.0.1:8080/api/v2",
            "http://[::1]:3000/",
            "https://xn--bcher-kva.example/deep/er",
        ];
        let paths = [
            "/WS1/live/event",
            "WS1",
            "/",
            "",
            "/a/./b/../c",
            "/a/%2e%2e/b",
            "/users/a%2Fb/x%3Fy%23z",
            "/x//y/",
            "/%C3%BC/%E6%97%A5",
            "/a|b/{c}/[d]/^e`f",
            "/q=1&r=2;s,t:u@v!w$x'y(z)*+~",
            // Not fast-path: the whole URL parser decides, as before.
            "/a?b#c",
            "/a\\b",
            "/a b",
            "/ü",
            "/tab\tnew\nline",
        ];
        for base in bases {
            for path in paths {
                for query in ["", "a=1&b=x+y"] {
                    let joined =
                        join_url(&Url::parse(base).unwrap(), path.to_owned(), query).unwrap();
                    assert_eq!(
                        joined.as_str(),
                        parsed_whole(base, path, query).as_str(),
                        "{base} + {path:?} + {query:?}"
                    );
                }
            }
        }
    }

    fn config() -> Config {
        CoreBuilder::new()
            .into_config(CoreSpec {
                default_base_url: Some("https://api.example.com/v1".to_owned()),
                schemes: &[],
                user_agent: "pets-rust/1.2.3",
            })
            .unwrap()
    }

    fn names_and_values(map: &reqwest::header::HeaderMap) -> Vec<(String, String, bool)> {
        map.iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    value.to_str().unwrap().to_owned(),
                    value.is_sensitive(),
                )
            })
            .collect()
    }

    #[test]
    fn each_attempt_gets_the_same_headers_in_order() {
        let config = config();
        let mut key = HeaderValue::from_static("key-1");
        key.set_sensitive(true);
        let mut token = HeaderValue::from_static("Bearer t");
        token.set_sensitive(true);
        let x_trace = HeaderName::from_static("x-trace");
        let headers = CallHeaders::new(
            &config,
            &Method::POST,
            "application/json",
            true,
            Some(key),
            vec![
                (x_trace.clone(), HeaderValue::from_static("a")),
                (x_trace, HeaderValue::from_static("b")),
                (reqwest::header::AUTHORIZATION, token),
            ],
            Some(HeaderValue::from_static("c=1")),
        );
        let expected = [
            ("x-trace", "a", false),
            ("x-trace", "b", false),
            ("authorization", "Bearer t", true),
            ("cookie", "c=1", false),
            ("accept", "application/json", false),
            ("user-agent", "pets-rust/1.2.3", false),
            ("idempotency-key", "key-1", true),
            ("content-type", "application/json", false),
            ("content-length", "42", false),
        ]
        .map(|(n, v, s)| (n.to_owned(), v.to_owned(), s));
        for _ in 0..2 {
            let map = headers.for_attempt(Some((
                HeaderValue::from_static("application/json"),
                Some(42),
            )));
            assert_eq!(names_and_values(&map), expected);
            // Room for reqwest's lookup of its default headers without a regrowth.
            assert!(map.capacity() > map.len());
        }
        // A streamed body sends no length of its own.
        let map = headers.for_attempt(Some((HeaderValue::from_static("text/plain"), None)));
        assert!(!map.contains_key("content-length"));
    }

    #[test]
    fn a_bodyless_post_says_its_length_is_zero() {
        let config = config();
        for (method, zero) in [
            (Method::POST, true),
            (Method::PUT, true),
            (Method::PATCH, true),
            (Method::GET, false),
            (Method::DELETE, false),
        ] {
            let headers = CallHeaders::new(&config, &method, "*/*", false, None, Vec::new(), None);
            let map = headers.for_attempt(None);
            let expected: &[(&str, &str)] = if zero {
                &[
                    ("accept", "*/*"),
                    ("user-agent", "pets-rust/1.2.3"),
                    ("content-length", "0"),
                ]
            } else {
                &[("accept", "*/*"), ("user-agent", "pets-rust/1.2.3")]
            };
            let expected: Vec<_> = expected
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned(), false))
                .collect();
            assert_eq!(names_and_values(&map), expected, "{method}");
        }
    }

    #[test]
    fn accept_values_are_kept_or_fall_back_to_anything() {
        assert_eq!(accept_value("application/json"), "application/json");
        assert_eq!(
            accept_value("application/json, text/plain;\tq=0.5"),
            "application/json, text/plain;\tq=0.5"
        );
        // Opaque octets are valid (copied), control characters are not.
        assert_eq!(
            accept_value("text/x-\u{fc}").as_bytes(),
            "text/x-\u{fc}".as_bytes()
        );
        assert_eq!(accept_value("bad\nvalue"), "*/*");
    }
}
