//! Redirects are never followed, whatever `reqwest::Client` sends the
//! request.
//!
//! The runtime's own client is built with `redirect::Policy::none()`, but a
//! caller may supply one that follows redirects (reqwest's default). Such a
//! client would turn a `POST` answered by `301`/`302` into a bodyless `GET`
//! elsewhere (and the call would "succeed" though nothing was sent), and
//! re-send the body and idempotency key to another origin on `307`/`308`.
//! Two measures stop that whatever the client's policy:
//!
//! - request bodies are handed to reqwest as a body it cannot replay
//!   ([`unreplayable`]), so no client can re-send one after a `307`/`308`;
//!   the redirect response comes back instead;
//! - every response is checked ([`check`]): a `3xx` with a `Location`, or a
//!   response from a URL other than the one requested (the client already
//!   followed a redirect for a bodyless request), is an error naming the
//!   status and location, and is never retried.
//!
//! What only the client's own policy can prevent: on `301`/`302`/`303` a
//! following client fetches the location with a bodyless `GET` before the
//! response reaches the runtime (reqwest drops the credential across hosts,
//! but not other headers such as the idempotency key). The call still fails.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::Url;
use reqwest::header::LOCATION;

/// A redirect the server answered with (or that a caller-supplied client
/// followed).
#[derive(Debug)]
pub(crate) struct Redirected {
    pub(crate) status: StatusCode,
    pub(crate) location: Option<String>,
}

/// A request body reqwest cannot clone, so no redirect policy can re-send
/// it. Its exact length is known, so it is still sent with
/// `Content-Length` rather than chunked.
pub(crate) fn unreplayable(body: Bytes) -> reqwest::Body {
    reqwest::Body::wrap(http_body_util::Full::new(body))
}

/// Refuses a redirect: a `3xx` response that names a new location, or a
/// response whose final URL is not the one requested.
pub(crate) fn check(requested: &Url, response: &reqwest::Response) -> Result<(), Redirected> {
    let status = response.status();
    if response.url() != requested {
        // The caller's client followed it; only the end of the chain is
        // known.
        return Err(Redirected {
            status,
            location: Some(response.url().as_str().to_owned()),
        });
    }
    // `304 Not Modified` and a `300` without `Location` are not redirects to
    // anywhere; they reach the operation's status handling like any other.
    // (The status first: most responses need no header lookup.)
    if !status.is_redirection() {
        return Ok(());
    }
    match response.headers().get(LOCATION) {
        Some(location) => Err(Redirected {
            status,
            location: location.to_str().ok().map(str::to_owned),
        }),
        None => Ok(()),
    }
}
