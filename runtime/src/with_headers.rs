//! A decoded response together with its status and headers, for the
//! response headers an API documents (rate limits, pagination links).

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use std::future::Future;

use futures_util::FutureExt as _;

use crate::Error;
use crate::response::Response;

/// A generated builder's `send()`: its `send_with_headers()` without the
/// headers. A mapped future, not an `async fn`, which would hold the
/// builder (its body included) twice, once as its argument and once in the
/// future it awaits: `IntoFuture` boxes this, and every byte of it is
/// written on every call.
pub fn without_headers<T, E>(
    sent: impl Future<Output = Result<WithHeaders<T>, Error<E>>>,
) -> impl Future<Output = Result<T, Error<E>>> {
    sent.map(|result| result.map(WithHeaders::into_inner))
}

/// A decoded response body with the response's status and headers, as
/// returned by a generated builder's `send_with_headers()`.
///
/// `.await` on a builder (or `send()`) returns just the body; use this form
/// when the headers matter:
///
/// ```no_run
/// # async fn run(response: fyno_codegen_runtime::WithHeaders<String>) {
/// let remaining = response.header("x-rate-limit-remaining").map(str::to_owned);
/// let body: String = response.into_inner();
/// # let _ = (remaining, body);
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct WithHeaders<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> WithHeaders<T> {
    /// The decoded body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded body, dropping the headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The body and the headers.
    pub fn into_parts(self) -> (T, HeaderMap) {
        (self.value, self.headers)
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` (case-insensitive), when present and
    /// visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// Wraps a decoded body with the status and headers of its response.
pub(crate) fn with_headers<T>(response: Response, value: T) -> WithHeaders<T> {
    WithHeaders {
        status: response.status,
        headers: response.headers,
        value,
    }
}

/// A value with a bare 200 and no headers, for tests of code that returns one.
#[cfg(test)]
pub(crate) fn for_tests<T>(value: T) -> WithHeaders<T> {
    WithHeaders {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        value,
    }
}

/// The arm of a documented success status: the body as `read` decodes it,
/// with the response's status and headers.
///
/// Generated operations have an arm per documented status; one short call
/// each keeps them (and the generator's work) small. Inlined into the arm,
/// where `read` is a known function.
#[inline]
pub fn decoded<T, E>(
    operation: &'static str,
    response: Response,
    read: fn(&'static str, &Response) -> Result<T, Error<E>>,
) -> Result<WithHeaders<T>, Error<E>> {
    decoded_as(operation, response, read, std::convert::identity)
}

/// [`decoded`] for one of several documented success statuses: the body
/// wrapped in the status's `variant` of the operation's response enum.
#[inline]
pub fn decoded_as<T, B, E>(
    operation: &'static str,
    response: Response,
    read: fn(&'static str, &Response) -> Result<B, Error<E>>,
    variant: fn(B) -> T,
) -> Result<WithHeaders<T>, Error<E>> {
    let value = read(operation, &response)?;
    Ok(with_headers(response, variant(value)))
}

/// The arm of a success status documented without a body: `value` (`()`,
/// or the status's variant), with the response's status and headers.
#[inline]
pub fn empty<T, E>(response: Response, value: T) -> Result<WithHeaders<T>, Error<E>> {
    Ok(with_headers(response, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn headers_are_read_case_insensitively() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit-remaining", HeaderValue::from_static("41"));
        headers.insert(
            "link",
            HeaderValue::from_static("<https://a/?page=2>; rel=\"next\""),
        );
        let response = Response {
            status: StatusCode::OK,
            headers,
            body: bytes::Bytes::new(),
            body_len: 0,
        };
        let wrapped = with_headers(response, 7u8);
        assert_eq!(wrapped.header("X-Rate-Limit-Remaining"), Some("41"));
        assert_eq!(wrapped.header("missing"), None);
        assert_eq!(wrapped.status(), StatusCode::OK);
        assert_eq!(*wrapped.value(), 7);
        let (value, headers) = wrapped.into_parts();
        assert_eq!((value, headers.len()), (7, 2));
    }
}
