//! The request/response shapes exchanged with generated code, URL assembly,
//! and a single HTTP attempt.

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};

use crate::body::ReadError;
use crate::config::Config;
use crate::error::TransportPhase;
use crate::payload::AttemptBody;
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
    pub query: crate::params::Query,
    /// Header parameters (name, value), checked as header values before sending.
    pub headers: Vec<(&'static str, String)>,
    /// Cookie parameters (name, value), sent in one `Cookie` header.
    pub cookies: Vec<(&'static str, String)>,
    /// The body with its content type.
    pub body: Option<crate::payload::Payload>,
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

/// A response: status, headers and the body read within the size limit.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body of a 2xx response; of any other, at most its first
    /// 64 KiB (the runtime's private `ERROR_BODY_PREFIX`).
    pub body: Bytes,
    /// The body's full length (announced, or counted while reading).
    pub body_len: u64,
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
pub(crate) fn join_url(base: &Url, path: &str, query: &str) -> Result<Url, String> {
    let base_path = base.path().strip_suffix('/').unwrap_or(base.path());
    let slash = if path.starts_with('/') { "" } else { "/" };
    let mut url = if path
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'\\'))
    {
        let mut joined = String::with_capacity(base_path.len() + slash.len() + path.len());
        joined.push_str(base_path);
        joined.push_str(slash);
        joined.push_str(path);
        let mut url = base.clone();
        url.set_path(&joined);
        url
    } else {
        let base = base.as_str();
        let base = base.strip_suffix('/').unwrap_or(base);
        let mut joined = String::with_capacity(base.len() + slash.len() + path.len());
        joined.push_str(base);
        joined.push_str(slash);
        joined.push_str(path);
        Url::parse(&joined).map_err(|err| err.to_string())?
    };
    if !query.is_empty() {
        url.set_query(Some(query));
    }
    Ok(url)
}

/// Headers that are the same for every attempt of one call.
pub(crate) struct CallHeaders {
    headers: HeaderMap,
}

impl CallHeaders {
    /// Builds the headers once per call; each attempt clones them.
    /// `extra` are the header parameters and credentials (appended, so a
    /// header parameter declared twice in a combination is sent twice);
    /// `cookie` the assembled `Cookie` header.
    pub(crate) fn new(
        config: &Config,
        method: &Method,
        accept: &'static str,
        has_body: bool,
        idempotency_key: Option<HeaderValue>,
        extra: Vec<(HeaderName, HeaderValue)>,
        cookie: Option<HeaderValue>,
    ) -> Self {
        let mut headers = HeaderMap::with_capacity(6 + extra.len());
        for (name, value) in extra {
            headers.append(name, value);
        }
        if let Some(cookie) = cookie {
            headers.insert(COOKIE, cookie);
        }
        headers.insert(ACCEPT, accept_value(accept));
        headers.insert(USER_AGENT, config.user_agent.clone());
        // With a body, each attempt sets its own `Content-Type` (a multipart
        // boundary differs per attempt).
        if !has_body && method_expects_body(method) {
            // hyper sends no length for an empty body; RFC 9110 §8.6 asks for
            // `Content-Length: 0` on a bodyless POST, and proxies such as
            // nginx answer 411 Length Required without it.
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        if let Some(key) = idempotency_key {
            headers.insert(config.idempotency_header.clone(), key);
        }
        Self { headers }
    }
}

/// The `Accept` value; generated media types are always valid, but a
/// malformed one falls back to accepting anything rather than panicking.
fn accept_value(accept: &'static str) -> HeaderValue {
    HeaderValue::from_str(accept).unwrap_or(HeaderValue::from_static("*/*"))
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
    *request.headers_mut() = headers.headers.clone();
    if let Some(body) = body {
        request
            .headers_mut()
            .insert(CONTENT_TYPE, body.content_type);
        if let Some(len) = body.len {
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(len));
        }
        // A body reqwest cannot replay, so no redirect policy re-sends it.
        *request.body_mut() = Some(body.body.into_unreplayable());
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
        crate::body::read_success(&mut response, announced, limit).await
    } else {
        crate::body::read_error(&mut response, announced, limit).await
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
    use super::join_url;
    use crate::params::Query;
    use reqwest::Url;

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
        let url = join_url(&base("https://api.example.com/v1"), "/WS1/live/event", "").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/WS1/live/event");
        let url = join_url(&base("https://api.example.com/"), "/WS1/x", "").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/WS1/x");
        let url = join_url(&base("https://api.example.com/v1"), "WS1", "").unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1/WS1");
    }

    #[test]
    fn query_values_are_form_encoded_in_order() {
        let url = join_url(
            &base("https://api.example.com/v1"),
            "/WS1/users",
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
                    let joined = join_url(&Url::parse(base).unwrap(), path, query).unwrap();
                    assert_eq!(
                        joined.as_str(),
                        parsed_whole(base, path, query).as_str(),
                        "{base} + {path:?} + {query:?}"
                    );
                }
            }
        }
    }
}
