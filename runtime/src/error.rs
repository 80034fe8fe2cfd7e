//! The error type returned by every operation.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::response::Response;

/// Response headers that may carry the server's request id, in the order
/// they are checked.
pub(crate) const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "apigw-requestid",
];

/// At most this many bytes of a response body are shown by `Display`.
const DISPLAY_BODY_LIMIT: usize = 512;

/// An error from an API call.
///
/// `E` is the operation's documented error body (for example the schema of
/// its `400` response); it only appears in [`Error::Api`]. Use
/// [`is_retryable`](Self::is_retryable), [`status`](Self::status) and
/// [`request_id`](Self::request_id) to handle errors without matching every
/// variant.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be built, so nothing was sent: a path parameter
    /// was empty, `.` or `..`, the body failed to serialise, or a per-call
    /// option (such as the idempotency key) was not a valid header value.
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The operation that was called, e.g. `get_user_profile`.
        operation: &'static str,
        /// What was wrong with the request.
        message: String,
    },

    /// The request failed below HTTP: DNS, connection refused or reset, TLS,
    /// or the connection dropped while the response body was read.
    ///
    /// `Display` names the phase that failed (`phase`: sending the request or
    /// receiving the response); the cause is in `source` (walk
    /// [`std::error::Error::source`] for details). The URL is removed from
    /// `source` because paths and queries can carry personal data such as
    /// user ids or e-mail addresses.
    #[error("{operation}: {}", TransportSummary(*phase, source))]
    Transport {
        /// The operation that was called.
        operation: &'static str,
        /// Whether sending the request or receiving the response failed.
        phase: TransportPhase,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// The server answered with a redirect, which is never followed: an API
    /// call redirected elsewhere would lose its body (`301`/`302` turn a
    /// `POST` into a bodyless `GET`) or re-send it and its idempotency key to
    /// another origin (`307`/`308`). Not retried.
    ///
    /// The HTTP client is always finished with redirects off (whatever a
    /// caller's `http_client` configuration set), so `status` and
    /// `location` are those of the first response.
    #[error(
        "{operation}: the server redirected the request (HTTP {status}) to {}; \
         redirects are not followed (check the base URL)",
        LocationShown(location.as_deref())
    )]
    Redirect {
        /// The operation that was called.
        operation: &'static str,
        /// The redirect status, such as `301` or `307`.
        status: StatusCode,
        /// The `Location` the server pointed to, if it sent a readable one.
        location: Option<String>,
    },

    /// An attempt or the whole call ran out of time.
    #[error("{operation}: {kind} timed out after {elapsed:?} ({attempts} attempt(s))")]
    Timeout {
        /// The operation that was called.
        operation: &'static str,
        /// Which limit was hit.
        kind: TimeoutKind,
        /// Time from the start of the call until it gave up.
        elapsed: Duration,
        /// How many attempts were started.
        attempts: u32,
    },

    /// The server answered with a documented error status; `body` is the
    /// decoded error body.
    #[error(
        "{operation}: API error: HTTP {status}{}: {}",
        RequestIdSuffix(request_id.as_deref()),
        BodySnippet(raw, *body_len)
    )]
    Api {
        /// The operation that was called.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The decoded, documented error body.
        body: E,
        /// The server's request id, if it sent one.
        request_id: Option<String>,
        /// The raw response body (at most its first 64 KiB).
        raw: Bytes,
        /// The full length of the response body, which `raw` may only start.
        body_len: u64,
    },

    /// The server answered with a status this operation does not document.
    #[error(
        "{operation}: unexpected HTTP {status}{}: {}",
        RequestIdSuffix(request_id.as_deref()),
        BodySnippet(raw, *body_len)
    )]
    UnexpectedStatus {
        /// The operation that was called.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The server's request id, if it sent one.
        request_id: Option<String>,
        /// The raw response body (of an error status, at most its first 64 KiB).
        raw: Bytes,
        /// The full length of the response body, which `raw` may only start.
        body_len: u64,
    },

    /// The response body did not match the documented schema.
    #[error(
        "{operation}: could not decode the HTTP {status} response body at `{path}`{}: {message}",
        RequestIdSuffix(request_id.as_deref())
    )]
    Decode {
        /// The operation that was called.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The server's request id, if it sent one.
        request_id: Option<String>,
        /// Where in the document decoding failed, e.g. `data[3].email`
        /// (`.` for the document root).
        path: String,
        /// Why decoding failed.
        message: String,
        /// The raw response body.
        raw: Bytes,
    },

    /// A successful response's body is longer than the size limit (the
    /// client's `max_body_bytes`, or the call's); it was not read further and
    /// the call is not retried.
    #[error(
        "{operation}: the HTTP {status} response body is larger than the limit of {limit} bytes{}{}",
        AnnouncedSuffix(*announced),
        RequestIdSuffix(request_id.as_deref())
    )]
    BodyTooLarge {
        /// The operation that was called.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The server's request id, if it sent one.
        request_id: Option<String>,
        /// The limit in force, in bytes.
        limit: u64,
        /// The length the server announced (`Content-Length`), if any.
        announced: Option<u64>,
    },
}

/// Which phase of the exchange an [`Error::Transport`] failed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportPhase {
    /// Connecting or sending the request, before any response arrived: the
    /// server may or may not have received it.
    Send,
    /// Receiving the response body, after its status and headers arrived:
    /// the server has received and processed the request.
    Receive,
}

/// Which time limit a [`Error::Timeout`] hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// A single attempt exceeded the per-attempt timeout.
    Attempt,
    /// The call exceeded its total deadline (across all retries).
    Deadline,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Attempt => "attempt",
            Self::Deadline => "call deadline",
        })
    }
}

impl<E> Error<E> {
    /// The operation that failed, e.g. `get_user_profile`.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::InvalidRequest { operation, .. }
            | Self::Transport { operation, .. }
            | Self::Timeout { operation, .. }
            | Self::Redirect { operation, .. }
            | Self::Api { operation, .. }
            | Self::UnexpectedStatus { operation, .. }
            | Self::Decode { operation, .. }
            | Self::BodyTooLarge { operation, .. } => operation,
        }
    }

    /// The HTTP status of the response, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. }
            | Self::BodyTooLarge { status, .. }
            | Self::Redirect { status, .. } => Some(*status),
            Self::InvalidRequest { .. } | Self::Transport { .. } | Self::Timeout { .. } => None,
        }
    }

    /// The server's request id (from the first present header of
    /// `x-request-id`, `request-id`, `x-amzn-requestid`, `x-amz-request-id`,
    /// `apigw-requestid`); quote it when contacting the API's support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. }
            | Self::UnexpectedStatus { request_id, .. }
            | Self::Decode { request_id, .. }
            | Self::BodyTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether repeating the call later could plausibly succeed: transport
    /// failures, timeouts, and `408`, `429` and `5xx` responses.
    ///
    /// The client has already retried such failures as far as its
    /// [`RetryPolicy`](crate::RetryPolicy) and the method's idempotency
    /// allowed; a `POST` without an idempotency key may have been processed
    /// by the server even when this returns `true`.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Timeout { .. } => true,
            Self::Api { status, .. } | Self::UnexpectedStatus { status, .. } => {
                crate::retry::is_retryable_status(*status)
            }
            // Another attempt would receive the same oversized body.
            Self::InvalidRequest { .. }
            | Self::Decode { .. }
            | Self::Redirect { .. }
            | Self::BodyTooLarge { .. } => false,
        }
    }

    /// The raw response body, if a response was received (of an error
    /// status, at most its first 64 KiB; see [`body_len`](Self::body_len)).
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Self::Api { raw, .. }
            | Self::UnexpectedStatus { raw, .. }
            | Self::Decode { raw, .. } => Some(raw),
            Self::InvalidRequest { .. }
            | Self::Transport { .. }
            | Self::Timeout { .. }
            | Self::Redirect { .. }
            | Self::BodyTooLarge { .. } => None,
        }
    }

    /// The full length of the response body, which [`raw_body`](Self::raw_body)
    /// may only start.
    pub fn body_len(&self) -> Option<u64> {
        match self {
            Self::Api { body_len, .. } | Self::UnexpectedStatus { body_len, .. } => Some(*body_len),
            // Only complete bodies are decoded.
            Self::Decode { raw, .. } => Some(raw.len() as u64),
            Self::BodyTooLarge { announced, .. } => *announced,
            Self::InvalidRequest { .. }
            | Self::Transport { .. }
            | Self::Timeout { .. }
            | Self::Redirect { .. } => None,
        }
    }

    /// This error without its operation's typed body, so errors of
    /// different operations share one type (`Error<()>`, e.g. to collect
    /// them or to return them from one function). Status, request id and raw
    /// body are kept; an [`Error::Api`] stays `Api` (its typed body is still
    /// in `raw`).
    ///
    /// ```
    /// # use fyno_codegen_runtime::Error;
    /// fn report(error: Error<()>) -> String {
    ///     format!("{} failed (status {:?})", error.operation(), error.status())
    /// }
    /// # let _ = report;
    /// ```
    pub fn into_untyped(self) -> Error<()> {
        self.map_body(|_| ())
    }

    /// Converts the typed body of an [`Error::Api`] with `f`; every other
    /// variant, and every other field, is kept as it is.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Self::Api {
                operation,
                status,
                body,
                request_id,
                raw,
                body_len,
            } => Error::Api {
                operation,
                status,
                body: f(body),
                request_id,
                raw,
                body_len,
            },
            Self::InvalidRequest { operation, message } => {
                Error::InvalidRequest { operation, message }
            }
            Self::Transport {
                operation,
                phase,
                source,
            } => Error::Transport {
                operation,
                phase,
                source,
            },
            Self::Redirect {
                operation,
                status,
                location,
            } => Error::Redirect {
                operation,
                status,
                location,
            },
            Self::Timeout {
                operation,
                kind,
                elapsed,
                attempts,
            } => Error::Timeout {
                operation,
                kind,
                elapsed,
                attempts,
            },
            Self::UnexpectedStatus {
                operation,
                status,
                request_id,
                raw,
                body_len,
            } => Error::UnexpectedStatus {
                operation,
                status,
                request_id,
                raw,
                body_len,
            },
            Self::Decode {
                operation,
                status,
                request_id,
                path,
                message,
                raw,
            } => Error::Decode {
                operation,
                status,
                request_id,
                path,
                message,
                raw,
            },
            Self::BodyTooLarge {
                operation,
                status,
                request_id,
                limit,
                announced,
            } => Error::BodyTooLarge {
                operation,
                status,
                request_id,
                limit,
                announced,
            },
        }
    }

    /// The decoded documented error body, for [`Error::Api`].
    pub fn body(&self) -> Option<&E> {
        match self {
            Self::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// Builds [`Error::UnexpectedStatus`] for a status the operation does not
/// document.
pub fn unexpected_status<E>(operation: &'static str, response: Response) -> Error<E> {
    Error::UnexpectedStatus {
        operation,
        status: response.status,
        request_id: request_id(&response.headers),
        raw: response.body,
        body_len: response.body_len,
    }
}

/// Re-types an error that cannot carry a documented body.
///
/// The request loop is not generic over `E` (so it is compiled once, not once
/// per operation); its errors are `Error<Infallible>` and widened here.
pub fn widen<E>(error: Error<std::convert::Infallible>) -> Error<E> {
    error.map_body(|never| match never {})
}

/// The first request-id header present with a printable value.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .filter_map(|name| headers.get(*name))
        .find_map(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Names the phase a transport error happened in, without repeating the
/// error's own message (which `source()` already exposes).
struct TransportSummary<'a>(TransportPhase, &'a reqwest::Error);

impl fmt::Display for TransportSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            TransportPhase::Send if self.1.is_connect() => "could not connect to the server",
            TransportPhase::Send => "connection failed while sending the request",
            TransportPhase::Receive => "connection failed while receiving the response",
        })
    }
}

/// Formats a redirect's location, or says there was none.
struct LocationShown<'a>(Option<&'a str>);

impl fmt::Display for LocationShown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(location) => write!(f, "`{location}`"),
            None => f.write_str("an unreadable location"),
        }
    }
}

/// Formats ` (request id X)` when there is one.
struct RequestIdSuffix<'a>(Option<&'a str>);

impl fmt::Display for RequestIdSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

/// Formats ` (announced N bytes)` when the server announced a length.
struct AnnouncedSuffix(Option<u64>);

impl fmt::Display for AnnouncedSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(len) => write!(f, " (announced {len} bytes)"),
            None => Ok(()),
        }
    }
}

/// Formats at most [`DISPLAY_BODY_LIMIT`] bytes of a body (whose full length
/// is the second field), lossily decoded, with control characters replaced
/// so a hostile body cannot forge log lines.
struct BodySnippet<'a>(&'a [u8], u64);

impl fmt::Display for BodySnippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("<empty body>");
        }
        let shown = self.0.get(..DISPLAY_BODY_LIMIT).unwrap_or(self.0);
        let total = self.1.max(self.0.len() as u64);
        let text = String::from_utf8_lossy(shown);
        // A multi-byte character cut at the limit decodes as U+FFFD; drop it.
        let text = if shown.len() < self.0.len() {
            text.trim_end_matches(char::REPLACEMENT_CHARACTER)
        } else {
            &text
        };
        for c in text.chars() {
            if c.is_control() {
                f.write_str(" ")?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        if (shown.len() as u64) < total {
            write!(f, "… ({total} bytes total)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error_arms::documented;
    use reqwest::header::HeaderValue;

    fn response(status: u16, headers: &[(&'static str, &str)], body: &[u8]) -> Response {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        Response {
            status: StatusCode::from_u16(status).unwrap(),
            headers: map,
            body: Bytes::copy_from_slice(body),
            body_len: body.len() as u64,
        }
    }

    #[test]
    fn request_id_prefers_x_request_id() {
        let r = response(
            500,
            &[("x-amzn-requestid", "amzn"), ("x-request-id", "primary")],
            b"",
        );
        assert_eq!(request_id(&r.headers).as_deref(), Some("primary"));
        let r = response(500, &[("x-amzn-requestid", "amzn")], b"");
        assert_eq!(request_id(&r.headers).as_deref(), Some("amzn"));
        assert_eq!(request_id(&HeaderMap::new()), None);
    }

    #[test]
    fn documented_error_keeps_everything() {
        let r = response(400, &[("x-request-id", "req-1")], br#"{"message":"bad"}"#);
        let err = documented("send_event", r, "typed body");
        assert_eq!(err.operation(), "send_event");
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(err.body(), Some(&"typed body"));
        assert_eq!(err.raw_body(), Some(&br#"{"message":"bad"}"#[..]));
        assert!(!err.is_retryable());
        let shown = err.to_string();
        assert!(shown.contains("send_event"), "{shown}");
        assert!(shown.contains("400"), "{shown}");
        assert!(shown.contains("req-1"), "{shown}");
        assert!(shown.contains(r#"{"message":"bad"}"#), "{shown}");
    }

    #[test]
    fn unexpected_status_display_truncates_lossily() {
        let mut body = vec![b'a'; DISPLAY_BODY_LIMIT - 1];
        body.extend_from_slice("é".as_bytes()); // straddles the limit
        body.extend_from_slice(&[b'z'; 4000]);
        body.push(0xff);
        let err: Error<()> = unexpected_status("get_user", response(503, &[], &body));
        assert!(err.is_retryable());
        assert_eq!(err.body(), None);
        let shown = err.to_string();
        assert!(
            shown.starts_with("get_user: unexpected HTTP 503"),
            "{shown}"
        );
        assert!(shown.len() < DISPLAY_BODY_LIMIT + 200, "{}", shown.len());
        assert!(!shown.contains('z'), "{shown}");
        assert!(!shown.contains(char::REPLACEMENT_CHARACTER), "{shown}");
        assert!(
            shown.contains(&format!("({} bytes total)", body.len())),
            "{shown}"
        );
    }

    #[test]
    fn display_neutralises_control_characters_and_invalid_utf8() {
        let err: Error<()> = unexpected_status(
            "op",
            response(418, &[], b"line1\nFAKE LOG LINE\r\x1b[31m\xff"),
        );
        let shown = err.to_string();
        assert!(!shown.contains('\n') && !shown.contains('\r') && !shown.contains('\x1b'));
        assert!(shown.contains(char::REPLACEMENT_CHARACTER), "{shown}");
        let empty: Error<()> = unexpected_status("op", response(502, &[], b""));
        assert!(empty.to_string().contains("<empty body>"));
    }

    #[test]
    fn into_untyped_keeps_status_request_id_and_raw_body() {
        let r = response(400, &[("x-request-id", "req-9")], br#"{"message":"bad"}"#);
        let typed: Error<String> = documented("get_user", r, "typed".to_owned());
        let untyped: Error<()> = typed.into_untyped();
        assert!(matches!(untyped, Error::Api { body: (), .. }));
        assert_eq!(untyped.operation(), "get_user");
        assert_eq!(untyped.status(), Some(StatusCode::BAD_REQUEST));
        assert_eq!(untyped.request_id(), Some("req-9"));
        assert_eq!(untyped.raw_body(), Some(&br#"{"message":"bad"}"#[..]));
        let other: Error<String> = unexpected_status("get_user", response(503, &[], b"down"));
        let other = other.into_untyped();
        assert_eq!(other.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(other.raw_body(), Some(&b"down"[..]));
        assert!(other.is_retryable());
    }

    #[test]
    fn widen_preserves_fields() {
        let err: Error<String> = widen(Error::Timeout {
            operation: "op",
            kind: TimeoutKind::Deadline,
            elapsed: Duration::from_millis(5),
            attempts: 2,
        });
        assert!(matches!(
            err,
            Error::Timeout {
                operation: "op",
                kind: TimeoutKind::Deadline,
                attempts: 2,
                ..
            }
        ));
        assert!(err.is_retryable());
        assert!(err.to_string().contains("call deadline timed out"));
    }
}
