//! The configured core of a client and the request loop (attempts,
//! retries, deadlines).

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use futures_util::FutureExt as _;
use reqwest::Url;
use reqwest::header::HeaderValue;
use tracing::Instrument;

use crate::attempt::AttemptBody;
use crate::auth;
use crate::config::Config;
use crate::error::{Error, TimeoutKind, TransportPhase};
use crate::options::CallOptions;
use crate::params;
use crate::redirect::Redirected;
use crate::request_body::Payload;
use crate::response::Response;
use crate::retry::{self, RetryPolicy};
use crate::secret::ApiKey;
use crate::stream::{ByteStream, Streamed};
use crate::transport::{self, CallHeaders, Failure, Idempotency, Request, Sent};

/// What every generated client holds: the validated configuration and the
/// HTTP client, and the request loop generated operations call.
///
/// Generated clients keep it behind their own `Arc` (with their settings),
/// so it is not `Clone` itself. `Debug` output shows the API key as `***`.
pub struct Core {
    config: Config,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.config, f)
    }
}

/// How one attempt ended.
enum Outcome {
    /// A complete response, whatever its status.
    Response(Response),
    /// A 2xx response whose body the caller streams.
    Live(reqwest::Response),
    /// The request failed below HTTP.
    Transport(TransportPhase, reqwest::Error),
    /// reqwest could not build the request; nothing was sent.
    Unbuildable(reqwest::Error),
    /// The server redirected the request.
    Redirect(Redirected),
    /// The success body passed the size limit.
    TooLarge {
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        limit: u64,
        announced: Option<u64>,
    },
    /// The attempt (or the call) ran out of time.
    TimedOut(TimeoutKind),
}

impl Outcome {
    /// How an attempt that ended in time ended.
    fn of(sent: Result<Sent, Failure>) -> Self {
        match sent {
            Ok(Sent::Read(response)) => Outcome::Response(response),
            Ok(Sent::Live(response)) => Outcome::Live(response),
            Err(Failure::TooLarge {
                status,
                headers,
                limit,
                announced,
            }) => Outcome::TooLarge {
                status,
                headers,
                limit,
                announced,
            },
            // The caller-supplied reqwest client may have its own
            // timeout; a connect timeout stays a transport error because
            // it, unlike other timeouts, proves nothing was sent.
            Err(Failure::Transport(_, err)) if err.is_timeout() && !err.is_connect() => {
                Outcome::TimedOut(TimeoutKind::Attempt)
            }
            // Paths and queries may hold personal data; keep the URL
            // out of errors and logs.
            Err(Failure::Transport(phase, err)) => Outcome::Transport(phase, err.without_url()),
            Err(Failure::Build(err)) => Outcome::Unbuildable(err.without_url()),
            Err(Failure::Redirect(redirected)) => Outcome::Redirect(redirected),
        }
    }
}

impl Core {
    pub(crate) fn from_config(config: Config) -> Self {
        Self { config }
    }

    /// The API base URL that operation paths are appended to.
    pub fn base_url(&self) -> &Url {
        &self.config.base_url
    }

    /// The client-wide retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.config.retry_policy
    }

    /// Sends `request`, retrying as the retry policy and the method's
    /// idempotency allow, and returns the final response whatever its status
    /// (the generated caller maps statuses to results, and widens the error
    /// to its operation's with `__private::widen`).
    ///
    /// Its `api.request` span is made by this call, inside the subscriber
    /// of the future that calls it (generated code calls it from its own
    /// `async fn`, so when the caller's future is first polled).
    ///
    /// Not generic, and the request loop's future is boxed here: the loop is
    /// compiled once, in this crate, instead of in every generated crate
    /// (and per error type), which was most of a generated crate's release
    /// build. One allocation per call, next to a whole HTTP exchange.
    //
    // A plain function mapping the loop's future, not an `async fn`: each
    // async layer would keep its own copy of the request in a larger
    // future, copied on every hand-off before the first poll.
    pub fn execute<'a>(
        &'a self,
        request: Request,
        options: &'a CallOptions,
    ) -> Pin<Box<dyn Future<Output = Result<Response, Error<Infallible>>> + Send + 'a>> {
        let operation = request.operation;
        Box::pin(
            self.execute_erased(request, options, false)
                .map(move |sent| match sent? {
                    Sent::Read(response) => Ok(response),
                    // Only `execute_streaming` asks for a live body.
                    Sent::Live(_) => Err(Error::InvalidRequest {
                        operation,
                        message: "internal error: an unrequested streamed response".to_owned(),
                    }),
                }),
        )
    }

    /// Like [`execute`](Self::execute), but a 2xx response's body is not
    /// read: it is returned to be streamed, free of the size limit and of
    /// the attempt timeout (which end when the headers arrive). Other
    /// statuses are read as `execute` reads them.
    pub fn execute_streaming<'a>(
        &'a self,
        request: Request,
        options: &'a CallOptions,
    ) -> Pin<Box<dyn Future<Output = Result<Streamed, Error<Infallible>>> + Send + 'a>> {
        Box::pin(
            self.execute_erased(request, options, true)
                .map(|sent| match sent? {
                    Sent::Read(response) => Ok(Streamed::Response(response)),
                    Sent::Live(response) => Ok(Streamed::Body(ByteStream::new(response))),
                }),
        )
    }

    /// The request loop inside its `api.request` span.
    ///
    /// Not an `async fn`: that layer kept a second copy of the request
    /// beside the loop's future (2.7 KB in all instead of 2.1, moved into
    /// the box and written on every call).
    fn execute_erased<'a>(
        &'a self,
        request: Request,
        options: &'a CallOptions,
        stream_success: bool,
    ) -> tracing::instrument::Instrumented<
        impl Future<Output = Result<Sent, Error<Infallible>>> + Send + 'a,
    > {
        let span = tracing::info_span!(
            "api.request",
            operation = request.operation,
            method = %request.method,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.run(request, options, stream_success).instrument(span)
    }

    async fn run(
        &self,
        request: Request,
        options: &CallOptions,
        stream_success: bool,
    ) -> Result<Sent, Error<Infallible>> {
        let operation = request.operation;
        let config = &self.config;
        let policy = options
            .retry_policy
            .as_ref()
            .unwrap_or(&config.retry_policy);
        let attempt_timeout = options.attempt_timeout.unwrap_or(config.attempt_timeout);
        let max_body_bytes = options.max_body_bytes.unwrap_or(config.max_body_bytes);
        check_call_limits(operation, options, max_body_bytes)?;
        let started = Instant::now();
        // `None` only if the deadline is so far away that it overflows
        // `Instant`, i.e. effectively unbounded.
        let deadline_at = started.checked_add(options.deadline.unwrap_or(config.deadline));
        let (call, mut body) = self.prepare(request, options).await?;

        let mut attempt: u32 = 0;
        loop {
            let (limit, limit_kind) = attempt_limit(deadline_at, attempt_timeout);
            if limit.is_zero() {
                return Err(finish_timeout(operation, limit_kind, started, attempt));
            }
            attempt = attempt.saturating_add(1);
            let sent = transport::send(
                &config.http,
                &call.method,
                &call.url,
                &call.headers,
                attempt_body(operation, body.as_mut())?,
                max_body_bytes,
                stream_success,
            );
            let outcome = match tokio::time::timeout(limit, sent).await {
                Ok(result) => Outcome::of(result),
                Err(_elapsed) => Outcome::TimedOut(limit_kind),
            };
            trace_attempt(attempt, &outcome);

            if call.replayable
                && attempt <= policy.get_max_retries()
                && should_retry(&outcome, call.may_resend)
                && let Some(delay) = retry_delay(policy, attempt, &outcome, deadline_at)
            {
                tokio::time::sleep(delay).await;
                continue;
            }
            return finish(operation, outcome, started, attempt);
        }
    }

    /// What every attempt of a call sends alike: credentials applied, the
    /// URL built, headers checked and the idempotency key chosen once (one
    /// key per logical call, so the server recognises retries); the body
    /// apart, since each attempt takes it anew.
    async fn prepare(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<(PreparedCall, Option<Payload>), Error<Infallible>> {
        let Request {
            operation,
            method,
            path,
            mut query,
            headers,
            cookies,
            body,
            accept,
            idempotency,
            security,
        } = request;
        let config = &self.config;
        let credentials =
            auth::apply(operation, config.schemes, &config.credentials, security).await?;
        for (name, key) in &credentials.query {
            query.push(name, key.expose());
        }
        let mut extra = params::header_pairs(operation, &headers)?;
        if extra.is_empty() {
            // The usual case (no header parameters): no second vector.
            extra = credentials.headers;
        } else {
            extra.extend(credentials.headers);
        }
        let cookie = cookie_header(operation, &cookies, &credentials.cookies)?;
        let url =
            transport::join_url(&config.base_url, path, query.as_str()).map_err(|message| {
                Error::InvalidRequest {
                    operation,
                    message: format!("could not build the request URL: {message}"),
                }
            })?;
        let idempotency_key = match (&options.idempotency_key, idempotency) {
            (Some(key), _) => Some(caller_key(operation, key)?),
            (None, Idempotency::Auto) => Some(generated_key(operation)?),
            (None, Idempotency::None) => None,
        };
        let may_resend = retry::may_resend(&method, idempotency_key.is_some());
        // A streamed body is gone after the first attempt: never send again.
        let replayable = body.as_ref().is_none_or(|body| body.is_replayable());
        let headers = CallHeaders::new(
            config,
            &method,
            accept,
            body.is_some(),
            idempotency_key,
            extra,
            cookie,
        );
        let call = PreparedCall {
            method,
            url,
            headers,
            may_resend,
            replayable,
        };
        Ok((call, body))
    }
}

/// A call ready to be sent, as many times as its retries take.
struct PreparedCall {
    method: reqwest::Method,
    url: Url,
    headers: CallHeaders,
    /// The method and key make a second send safe.
    may_resend: bool,
    /// The body can be sent again (it is not a stream already consumed).
    replayable: bool,
}

/// How long the next attempt may take, and which limit that is: the
/// attempt timeout, or what is left before the call's deadline when that is
/// shorter.
fn attempt_limit(
    deadline_at: Option<Instant>,
    attempt_timeout: Duration,
) -> (Duration, TimeoutKind) {
    let remaining = deadline_at.map(|at| at.saturating_duration_since(Instant::now()));
    match remaining {
        Some(remaining) if remaining <= attempt_timeout => (remaining, TimeoutKind::Deadline),
        _ => (attempt_timeout, TimeoutKind::Attempt),
    }
}

/// The body of the next attempt. A streamed body already sent is an error,
/// never a request sent without it (unreachable while `replayable` stops
/// retries).
fn attempt_body(
    operation: &'static str,
    body: Option<&mut Payload>,
) -> Result<Option<AttemptBody>, Error<Infallible>> {
    let Some(payload) = body else {
        return Ok(None);
    };
    match payload.for_attempt() {
        Some(attempt_body) => Ok(Some(attempt_body)),
        None => Err(Error::InvalidRequest {
            operation,
            message: "the streamed request body was already sent".to_owned(),
        }),
    }
}

/// How long to wait before retrying after `outcome` (its `Retry-After`, else
/// the policy's backoff), or `None` when the deadline would pass first.
fn retry_delay(
    policy: &RetryPolicy,
    attempt: u32,
    outcome: &Outcome,
    deadline_at: Option<Instant>,
) -> Option<Duration> {
    let retry_after = match outcome {
        Outcome::Response(response) => retry::retry_after(&response.headers, SystemTime::now()),
        Outcome::Transport(..)
        | Outcome::TimedOut(_)
        | Outcome::Unbuildable(_)
        | Outcome::Redirect(_)
        | Outcome::TooLarge { .. }
        | Outcome::Live(_) => None,
    };
    let delay = policy.delay(attempt - 1, retry_after);
    if fits_before(deadline_at, delay) {
        tracing::debug!(
            attempt,
            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            "api.retry"
        );
        Some(delay)
    } else {
        tracing::debug!(attempt, "api.retry skipped: the deadline would pass first");
        None
    }
}

fn finish(
    operation: &'static str,
    outcome: Outcome,
    started: Instant,
    attempt: u32,
) -> Result<Sent, Error<Infallible>> {
    let span = tracing::Span::current();
    span.record("attempts", attempt);
    match outcome {
        Outcome::Response(response) => {
            span.record("status", response.status.as_u16());
            Ok(Sent::Read(response))
        }
        Outcome::Live(response) => {
            span.record("status", response.status().as_u16());
            Ok(Sent::Live(response))
        }
        Outcome::Transport(phase, source) => Err(Error::Transport {
            operation,
            phase,
            source,
        }),
        Outcome::Unbuildable(source) => Err(Error::InvalidRequest {
            operation,
            message: format!("the HTTP request could not be built: {source}"),
        }),
        Outcome::Redirect(Redirected { status, location }) => Err(Error::Redirect {
            operation,
            status,
            location,
        }),
        Outcome::TooLarge {
            status,
            headers,
            limit,
            announced,
        } => {
            span.record("status", status.as_u16());
            Err(Error::BodyTooLarge {
                operation,
                status,
                request_id: crate::error::request_id(&headers),
                limit,
                announced,
            })
        }
        Outcome::TimedOut(kind) => Err(finish_timeout(operation, kind, started, attempt)),
    }
}

/// Zero limits can only time out before sending: refused, as the builder
/// refuses them for the client-wide settings.
fn check_call_limits(
    operation: &'static str,
    options: &CallOptions,
    max_body_bytes: u64,
) -> Result<(), Error<Infallible>> {
    if max_body_bytes == 0 {
        return Err(Error::InvalidRequest {
            operation,
            message: "CallOptions::max_body_bytes must be greater than zero".to_owned(),
        });
    }
    for (setting, value) in [
        ("attempt_timeout", options.attempt_timeout),
        ("deadline", options.deadline),
    ] {
        if value == Some(std::time::Duration::ZERO) {
            return Err(Error::InvalidRequest {
                operation,
                message: format!("CallOptions::{setting} must be greater than zero"),
            });
        }
    }
    Ok(())
}

/// Whether this outcome is worth another attempt, given whether the request
/// may safely reach the server twice.
fn should_retry(outcome: &Outcome, may_resend: bool) -> bool {
    match outcome {
        Outcome::Response(response) => may_resend && retry::is_retryable_status(response.status),
        // A failed connect means the request never left this process, so
        // even a non-idempotent request can be sent again.
        Outcome::Transport(_, err) => may_resend || err.is_connect(),
        // Building fails the same way every time; a redirect answers the
        // same way too, and following it is what is refused.
        Outcome::Unbuildable(_) | Outcome::Redirect(_) => false,
        Outcome::TimedOut(TimeoutKind::Attempt) => may_resend,
        Outcome::TimedOut(TimeoutKind::Deadline) => false,
        // The same request would be answered with the same oversized body.
        Outcome::TooLarge { .. } => false,
        // A success.
        Outcome::Live(_) => false,
    }
}

/// Whether sleeping `delay` still leaves time before the deadline for
/// another attempt to start.
fn fits_before(deadline_at: Option<Instant>, delay: Duration) -> bool {
    match deadline_at {
        None => true,
        Some(at) => Instant::now()
            .checked_add(delay)
            .is_some_and(|wake| wake < at),
    }
}

fn finish_timeout(
    operation: &'static str,
    kind: TimeoutKind,
    started: Instant,
    attempts: u32,
) -> Error<Infallible> {
    tracing::Span::current().record("attempts", attempts);
    Error::Timeout {
        operation,
        kind,
        elapsed: started.elapsed(),
        attempts,
    }
}

/// Logs one attempt: its number and status or failure kind, never headers or
/// bodies.
fn trace_attempt(attempt: u32, outcome: &Outcome) {
    match outcome {
        Outcome::Response(response) => {
            tracing::debug!(attempt, status = response.status.as_u16(), "api.attempt");
        }
        Outcome::Transport(phase, err) => {
            tracing::debug!(attempt, error = %err, ?phase, connect = err.is_connect(), "api.attempt");
        }
        Outcome::Unbuildable(err) => {
            tracing::debug!(attempt, error = %err, "api.attempt: request not built");
        }
        Outcome::Redirect(redirected) => {
            tracing::debug!(
                attempt,
                status = redirected.status.as_u16(),
                "api.attempt: redirected"
            );
        }
        Outcome::TimedOut(kind) => {
            tracing::debug!(attempt, timeout = %kind, "api.attempt");
        }
        Outcome::Live(response) => {
            tracing::debug!(
                attempt,
                status = response.status().as_u16(),
                "api.attempt: streamed"
            );
        }
        Outcome::TooLarge { status, limit, .. } => {
            tracing::debug!(
                attempt,
                status = status.as_u16(),
                limit,
                "api.attempt: body too large"
            );
        }
    }
}

/// One `Cookie` header for the cookie parameters and API keys, marked
/// sensitive when it carries a key.
fn cookie_header(
    operation: &'static str,
    cookies: &[(&'static str, String)],
    keys: &[ApiKey],
) -> Result<Option<HeaderValue>, Error<Infallible>> {
    let mut pairs = params::cookie_pairs(operation, cookies)?;
    if pairs.is_empty() && keys.is_empty() {
        return Ok(None);
    }
    pairs.extend(keys.iter().map(|key| key.expose().to_owned()));
    let mut value = HeaderValue::try_from(pairs.join("; ")).map_err(|_| Error::InvalidRequest {
        operation,
        message: "the cookies do not form a valid header value".to_owned(),
    })?;
    value.set_sensitive(!keys.is_empty());
    Ok(Some(value))
}

/// Validates a caller-supplied idempotency key as a header value.
fn caller_key(operation: &'static str, key: &str) -> Result<HeaderValue, Error<Infallible>> {
    let invalid = |message: &str| Error::InvalidRequest {
        operation,
        message: message.to_owned(),
    };
    if key.is_empty() {
        return Err(invalid("the idempotency key must not be empty"));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            "the idempotency key must contain only visible ASCII characters",
        ));
    }
    let mut value = HeaderValue::from_str(key)
        .map_err(|_| invalid("the idempotency key is not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// A fresh random (v4) idempotency key.
fn generated_key(operation: &'static str) -> Result<HeaderValue, Error<Infallible>> {
    let mut buffer = [0u8; uuid::fmt::Hyphenated::LENGTH];
    uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
    // The key lives in its own shared buffer: the request's header map is
    // cloned for every send (by reqwest), and a shared value's clone only
    // counts a reference, where a copied one would be copied again.
    // A hyphenated UUID is always a valid header value; the error branch
    // exists only to avoid a panic path.
    let mut value =
        HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(buffer)).map_err(|_| {
            Error::InvalidRequest {
                operation,
                message: "could not encode the generated idempotency key".to_owned(),
            }
        })?;
    value.set_sensitive(true);
    Ok(value)
}

impl crate::config::CoreBuilder {
    /// Validates every setting and prepares the per-request header values.
    pub fn build(
        self,
        spec: crate::config::CoreSpec,
    ) -> Result<Core, crate::config_error::ConfigError> {
        self.into_config(spec).map(Core::from_config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_unique_uuids() {
        let a = generated_key("op").unwrap();
        let b = generated_key("op").unwrap();
        assert_ne!(a, b);
        let parsed = uuid::Uuid::parse_str(a.to_str().unwrap()).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert!(a.is_sensitive());
    }

    #[test]
    fn caller_keys_are_validated() {
        assert!(caller_key("op", "order-42").unwrap().is_sensitive());
        for bad in ["", "has space", "ü", "line\nbreak"] {
            let err = caller_key("op", bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidRequest {
                        operation: "op",
                        ..
                    }
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn sleeping_past_the_deadline_is_refused() {
        let soon = Instant::now() + Duration::from_millis(50);
        assert!(fits_before(Some(soon), Duration::from_millis(1)));
        assert!(!fits_before(Some(soon), Duration::from_secs(1)));
        assert!(fits_before(None, Duration::MAX));
        assert!(!fits_before(Some(soon), Duration::MAX));
    }
}
