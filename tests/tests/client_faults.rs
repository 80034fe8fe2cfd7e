//! The client under failure: rate limiting, server errors, retries and which
//! requests may be re-sent, timeouts and deadlines, refused connections,
//! broken or unexpected response bodies, request ids, and the API key never
//! showing up in `Debug` or error output.
//!
//! Everything runs against loopback mock servers with millisecond retry
//! delays; the only real waits are the timeouts a scenario is about.

use std::fmt::Debug;
use std::time::{Duration, Instant, SystemTime};

use fyno::operations::*;
use fyno::types::*;
use fyno::{CallOptions, Client, Error, RetryPolicy, TimeoutKind, Version};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const WS: &str = "FY7Q2K9WS";
const KEY: &str = "fyno_sk_live_S3CR3T_4f9c2b71";

const PROFILE: &str = r#"{"distinct_id": "user-1", "channel": {"sms": "+919879XXXXXX"}, "status": 1, "name": "John Doe"}"#;
const ACCEPTED: &str = r#"{"event": "order_shipped", "received_time": "2025-02-17T07:49:13.352Z", "request_id": "r-1", "response": {}}"#;
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// Retries that take milliseconds.
fn fast(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(max_retries)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(10))
}

fn builder(base_url: &str) -> fyno::ClientBuilder {
    Client::builder()
        .workspace_id(WS)
        .api_key(KEY)
        .version(Version::Test)
        .base_url(base_url)
        .retry_policy(fast(3))
}

fn client(server: &MockServer) -> Client {
    builder(&format!("{}/v1", server.uri()))
        .build()
        .expect("valid client")
}

fn profile_path(distinct_id: &str) -> String {
    format!("/v1/{WS}/test/profiles/{distinct_id}")
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn event() -> EventRequestDistinctId {
    EventRequestDistinctId::new(EventName::new("order_shipped"), "user-1")
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The idempotency key of every received request (`None` where absent).
async fn idempotency_keys(server: &MockServer) -> Vec<Option<String>> {
    received(server)
        .await
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency-key")
                .map(|v| v.to_str().expect("ASCII key").to_owned())
        })
        .collect()
}

/// Asserts every request carried the same generated (v4 UUID) key.
async fn assert_one_generated_key(server: &MockServer, attempts: usize) {
    let keys = idempotency_keys(server).await;
    assert_eq!(keys.len(), attempts, "{keys:?}");
    let first = keys[0].clone().expect("first attempt has a key");
    let uuid = uuid::Uuid::parse_str(&first).expect("generated key is a UUID");
    assert_eq!(uuid.get_version_num(), 4);
    for key in &keys {
        assert_eq!(key.as_deref(), Some(first.as_str()), "{keys:?}");
    }
}

/// `Display`, `Debug`, pretty `Debug` and the `source()` chain of an error.
fn renderings<E>(err: &Error<E>) -> Vec<String>
where
    Error<E>: std::error::Error,
{
    let mut shown = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(err);
    let mut depth = 0;
    while let Some(cause) = source {
        shown.push(cause.to_string());
        shown.push(format!("{cause:?}"));
        source = cause.source();
        depth += 1;
        assert!(depth < 32, "source chain too deep");
    }
    shown
}

fn assert_no_secret<E>(err: &Error<E>)
where
    Error<E>: std::error::Error,
{
    for text in renderings(err) {
        assert!(!text.contains(KEY), "API key leaked: {text}");
        assert!(
            !text.contains("S3CR3T"),
            "part of the API key leaked: {text}"
        );
    }
}

// ---------------------------------------------------------------------------
// Rate limiting and Retry-After
// ---------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_with_retry_after_zero_then_accepted_with_one_key() {
    let server = MockServer::start().await;
    let event_path = format!("/v1/{WS}/test/event");
    Mock::given(method("POST"))
        .and(path(event_path.as_str()))
        .respond_with(
            json(429, r#"{"_message":"Too many requests","status":"error"}"#)
                .insert_header("Retry-After", "0"),
        )
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(event_path.as_str()))
        .respond_with(json(202, ACCEPTED))
        .expect(1)
        .mount(&server)
        .await;

    let accepted = client(&server)
        .send_event(event())
        .await
        .expect("accepted after two 429s");
    assert_eq!(accepted.request_id, "r-1");
    assert_one_generated_key(&server, 3).await;
    // The same body on every attempt, too.
    let bodies: Vec<Vec<u8>> = received(&server)
        .await
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert!(bodies.iter().all(|b| b == &bodies[0]), "bodies differ");
}

#[tokio::test]
async fn rate_limited_with_an_http_date_retry_after() {
    let server = MockServer::start().await;
    let event_path = format!("/v1/{WS}/test/event");
    // A date in the past means "retry now".
    Mock::given(method("POST"))
        .and(path(event_path.as_str()))
        .respond_with(
            json(429, r#"{"_message":"Too many requests","status":"error"}"#)
                .insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(event_path.as_str()))
        .respond_with(json(202, ACCEPTED))
        .expect(1)
        .mount(&server)
        .await;

    let accepted = client(&server)
        .send_event(event())
        .await
        .expect("accepted after one 429");
    assert_eq!(accepted.event, "order_shipped");
    assert_one_generated_key(&server, 2).await;

    // A caller's key is reused the same way.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            json(429, "{}").insert_header("Retry-After", "Sunday, 06-Nov-94 08:49:37 GMT"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json(202, ACCEPTED))
        .mount(&server)
        .await;
    client(&server)
        .send_event(event())
        .idempotency_key("order-42-shipped")
        .await
        .expect("accepted after one 429");
    assert_eq!(
        idempotency_keys(&server).await,
        vec![Some("order-42-shipped".to_owned()); 2]
    );
}

#[tokio::test]
async fn retry_after_is_honoured_and_capped_at_max_delay() {
    // Backoff alone would wait at most 1 ms; a parsed Retry-After (one hour
    // away) is capped at max_delay, so the call takes at least that long.
    let max_delay = Duration::from_millis(300);
    let policy = RetryPolicy::default()
        .max_retries(1)
        .base_delay(Duration::from_millis(1))
        .max_delay(max_delay);
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for retry_after in [in_an_hour.as_str(), "3600"] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(json(429, "{}").insert_header("Retry-After", retry_after))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(json(200, PROFILE))
            .mount(&server)
            .await;
        let client = client(&server);
        let started = Instant::now();
        let profile = client
            .get_user_profile("user-1")
            .retry_policy(policy.clone())
            .await
            .expect("profile after one 429");
        let elapsed = started.elapsed();
        assert_eq!(profile.distinct_id, "user-1");
        assert!(
            elapsed >= max_delay,
            "Retry-After {retry_after:?} ignored: retried after {elapsed:?}"
        );
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
        assert_eq!(received(&server).await.len(), 2);
    }
}

#[tokio::test]
async fn retry_after_zero_overrides_a_long_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(429, "{}").insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(200, PROFILE))
        .mount(&server)
        .await;
    // Without the header the client would sleep up to 10 s.
    let slow = RetryPolicy::default()
        .max_retries(1)
        .base_delay(Duration::from_secs(10))
        .max_delay(Duration::from_secs(10));
    let started = Instant::now();
    client(&server)
        .get_user_profile("user-1")
        .retry_policy(slow)
        .await
        .expect("profile after one 429");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_returns_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json(429, r#"{"_message":"slow down","status":"error"}"#)
                .insert_header("Retry-After", "3600"),
        )
        .mount(&server)
        .await;
    let patient = RetryPolicy::default()
        .max_retries(3)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_secs(7200));
    let started = Instant::now();
    let err = client(&server)
        .get_user_profile("user-1")
        .options(
            CallOptions::new()
                .retry_policy(patient)
                .deadline(Duration::from_millis(500)),
        )
        .await
        .expect_err("still rate limited");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "slept past the deadline"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// Server errors and which requests are retried
// ---------------------------------------------------------------------------

#[tokio::test]
async fn server_errors_until_retries_run_out_keep_the_last_response() {
    let server = MockServer::start().await;
    let body = r#"{"_message":"upstream overloaded","status":"error"}"#;
    Mock::given(method("POST"))
        .respond_with(json(503, body).insert_header("x-request-id", "req-503"))
        .expect(3)
        .mount(&server)
        .await;
    let err = client(&server)
        .send_event(event())
        .retry_policy(fast(2))
        .await
        .expect_err("503 every time");
    match &err {
        Error::UnexpectedStatus {
            operation,
            status,
            request_id,
            raw,
            ..
        } => {
            assert_eq!(*operation, "send_event");
            assert_eq!(status.as_u16(), 503);
            assert_eq!(request_id.as_deref(), Some("req-503"));
            assert_eq!(raw.as_ref(), body.as_bytes());
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.raw_body(), Some(body.as_bytes()));
    // attempts = retries + 1, all with the same key.
    assert_one_generated_key(&server, 3).await;
}

#[tokio::test]
async fn get_is_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(profile_path("user-1").as_str()))
        .respond_with(json(503, "Service Unavailable"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(profile_path("user-1").as_str()))
        .respond_with(json(200, PROFILE))
        .expect(1)
        .mount(&server)
        .await;
    let profile = client(&server)
        .get_user_profile("user-1")
        .await
        .expect("profile on the third attempt");
    assert_eq!(profile.name.as_deref(), Some("John Doe"));
    assert_eq!(received(&server).await.len(), 3);
    assert_eq!(idempotency_keys(&server).await, vec![None, None, None]);
}

#[tokio::test]
async fn post_without_an_idempotency_key_is_not_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(503, "Service Unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .create_user_profile(CreateProfileRequest::new("user-1"))
        .retry_policy(fast(5))
        .await
        .expect_err("503");
    assert!(
        matches!(
            err,
            Error::UnexpectedStatus {
                operation: "create_user_profile",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.raw_body(), Some(&b"Service Unavailable"[..]));
    assert_eq!(
        received(&server).await.len(),
        1,
        "a POST without a key may not be re-sent"
    );
}

#[tokio::test]
async fn post_with_a_caller_idempotency_key_is_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(503, "Service Unavailable"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json(
            201,
            r#"{"_message":"Profile created successfully","status":"ok"}"#,
        ))
        .mount(&server)
        .await;
    let created = client(&server)
        .create_user_profile(CreateProfileRequest::new("user-1"))
        .idempotency_key("create-user-1")
        .await
        .expect("created on the third attempt");
    assert_eq!(created.status, "ok");
    assert_eq!(
        idempotency_keys(&server).await,
        vec![Some("create-user-1".to_owned()); 3]
    );
}

/// Checks a call failed with 503, returns how many requests reached the
/// server, and re-arms it with a fresh always-503 mock.
async fn attempts<T: Debug, E: Debug>(server: &MockServer, result: Result<T, Error<E>>) -> usize {
    let err = result.expect_err("503 every time");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    let n = received(server).await.len();
    server.reset().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json(503, "Service Unavailable"))
        .mount(server)
        .await;
    n
}

/// With 503 on every attempt and two retries allowed: 3 requests when the
/// request may be re-sent, 1 when it may not.
#[tokio::test]
async fn retries_follow_the_method_and_the_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json(503, "Service Unavailable"))
        .mount(&server)
        .await;
    let client = builder(&format!("{}/v1", server.uri()))
        .retry_policy(fast(2))
        .build()
        .expect("valid client");

    // GET, PUT and DELETE are idempotent.
    let n = attempts(&server, client.get_suppression_list().await).await;
    assert_eq!(n, 3, "GET");
    let n = attempts(
        &server,
        client
            .update_user_profile("user-1", UpdateProfileRequest::default())
            .await,
    )
    .await;
    assert_eq!(n, 3, "PUT");
    let n = attempts(
        &server,
        client.delete_user_from_suppression_list().id("x").await,
    )
    .await;
    assert_eq!(n, 3, "DELETE");
    // POST with a generated key.
    let n = attempts(
        &server,
        client
            .send_bulk_event(BulkEventRequest::new(
                EventName::new("order_shipped"),
                vec![BulkEventItem::from(BulkEventItemDistinctId::new("user-1"))],
            ))
            .await,
    )
    .await;
    assert_eq!(n, 3, "POST with a generated key");
    // PATCH and POST without a key are not.
    let n = attempts(
        &server,
        client.merge_user_profiles("user-1", "user-2").await,
    )
    .await;
    assert_eq!(n, 1, "PATCH");
    let n = attempts(&server, client.verify_otp("1234").await).await;
    assert_eq!(n, 1, "POST without a key");
    // A PATCH with a caller key is.
    let n = attempts(
        &server,
        client
            .merge_user_profiles("user-1", "user-2")
            .idempotency_key("merge-1-2")
            .await,
    )
    .await;
    assert_eq!(n, 3, "PATCH with a key");
}

// ---------------------------------------------------------------------------
// Timeouts and deadlines
// ---------------------------------------------------------------------------

#[tokio::test]
async fn attempt_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, PROFILE).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = builder(&format!("{}/v1", server.uri()))
        .attempt_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid client");
    let started = Instant::now();
    let err = client
        .get_user_profile("user-1")
        .await
        .expect_err("timed out");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    match &err {
        Error::Timeout {
            operation,
            kind,
            attempts,
            elapsed,
            ..
        } => {
            assert_eq!(*operation, "get_user_profile");
            assert_eq!(*kind, TimeoutKind::Attempt);
            assert_eq!(*attempts, 1);
            assert!(*elapsed >= Duration::from_millis(100), "{elapsed:?}");
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(err.raw_body(), None);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn attempt_timeouts_are_retried_only_when_the_request_may_be_resent() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json(200, PROFILE).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = client(&server);
    let options = || {
        CallOptions::new()
            .attempt_timeout(Duration::from_millis(100))
            .retry_policy(fast(2))
    };

    let err = client
        .get_user_profile("user-1")
        .options(options())
        .await
        .expect_err("timed out");
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 3);

    server.reset().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json(201, "{}").set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = client
        .create_user_profile(CreateProfileRequest::new("user-1"))
        .options(options())
        .await
        .expect_err("timed out");
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        received(&server).await.len(),
        1,
        "the server may have processed it"
    );
}

#[tokio::test]
async fn total_deadline_across_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, PROFILE).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = builder(&format!("{}/v1", server.uri()))
        .attempt_timeout(Duration::from_millis(200))
        .deadline(Duration::from_millis(500))
        .retry_policy(fast(10))
        .build()
        .expect("valid client");
    let started = Instant::now();
    let err = client
        .get_user_profile("user-1")
        .await
        .expect_err("deadline");
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(450), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    let Error::Timeout {
        kind,
        attempts,
        elapsed,
        ..
    } = &err
    else {
        panic!("expected Timeout, got {err:?}");
    };
    assert_eq!(*kind, TimeoutKind::Deadline);
    // 200 ms + 200 ms + the ~100 ms left: never all 11 attempts.
    assert!((2..=4).contains(attempts), "{attempts}");
    assert!(*elapsed >= Duration::from_millis(450), "{elapsed:?}");
    // The last attempt may time out before its request reaches the server.
    let seen = received(&server).await.len();
    assert!(
        seen <= *attempts as usize && seen + 1 >= *attempts as usize,
        "{seen} requests for {attempts} attempts"
    );
    assert!(err.is_retryable());
    assert!(err.to_string().contains("deadline"), "{err}");
}

#[tokio::test]
async fn a_deadline_shorter_than_the_attempt_timeout_wins() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, PROFILE).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server)
        .get_user_profile("user-1")
        .options(
            CallOptions::new()
                .attempt_timeout(Duration::from_secs(30))
                .deadline(Duration::from_millis(150)),
        )
        .await
        .expect_err("deadline");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Deadline,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

#[tokio::test]
async fn refused_connection_is_a_retryable_transport_error() {
    let base = format!("http://127.0.0.1:{}/v1", closed_port());
    let client = builder(&base).build().expect("valid client");
    let started = Instant::now();
    let err = client
        .get_user_profile("jane.doe@example.com")
        .await
        .expect_err("nothing listens");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    match &err {
        Error::Transport {
            operation, source, ..
        } => {
            assert_eq!(*operation, "get_user_profile");
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(err.raw_body(), None);
    assert_eq!(err.request_id(), None);
    let shown = err.to_string();
    assert!(shown.contains("get_user_profile"), "{shown}");
    assert!(shown.contains("connect"), "{shown}");
    // Paths can hold personal data: the URL is kept out of the error.
    for text in renderings(&err) {
        assert!(!text.contains("jane.doe"), "URL leaked: {text}");
    }
    assert_no_secret(&err);

    // Refused connects are retried even for a POST without a key (nothing
    // was sent); the outcome is still a transport error.
    let err = client
        .create_user_profile(CreateProfileRequest::new("user-1"))
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
}

// ---------------------------------------------------------------------------
// Bodies that do not decode, statuses that are not documented
// ---------------------------------------------------------------------------

async fn get_profile_answered_with(
    response: ResponseTemplate,
) -> (Error<GetUserProfileError>, usize) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(&server)
        .await;
    let err = client(&server)
        .get_user_profile("user-1")
        .await
        .expect_err("must not decode as a profile");
    let attempts = received(&server).await.len();
    (err, attempts)
}

fn assert_decode_error<E: Debug>(err: &Error<E>, operation: &str, status: u16, body: &[u8]) {
    match err {
        Error::Decode {
            operation: op,
            status: got,
            raw,
            message,
            ..
        } => {
            assert_eq!(*op, operation);
            assert_eq!(got.as_u16(), status);
            assert_eq!(raw.as_ref(), body);
            assert!(!message.is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.raw_body(), Some(body));
    assert_eq!(err.operation(), operation);
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(shown.contains(operation), "{shown}");
    assert!(shown.contains(&status.to_string()), "{shown}");
}

#[tokio::test]
async fn truncated_json_in_a_200_is_a_decode_error() {
    let truncated = &PROFILE[..PROFILE.len() / 2];
    let (err, attempts) = get_profile_answered_with(json(200, truncated)).await;
    assert_decode_error(&err, "get_user_profile", 200, truncated.as_bytes());
    assert_eq!(attempts, 1, "a decode error is not retried");
    assert_no_secret(&err);
}

#[tokio::test]
async fn malformed_json_in_a_200_is_a_decode_error() {
    for body in [
        "{distinct_id: 'user-1'}",
        r#"{"distinct_id": "user-1", "channel": {}, "status": 1} trailing"#,
        "",
        "null",
        "<html>OK</html>",
    ] {
        let (err, _) = get_profile_answered_with(json(200, body)).await;
        assert_decode_error(&err, "get_user_profile", 200, body.as_bytes());
    }

    // Valid JSON of the wrong shape names the field.
    let wrong = r#"{"distinct_id": 42, "channel": {}, "status": 1}"#;
    let (err, _) = get_profile_answered_with(json(200, wrong)).await;
    assert_decode_error(&err, "get_user_profile", 200, wrong.as_bytes());
    let Error::Decode { path: at, .. } = &err else {
        unreachable!()
    };
    assert_eq!(at, "distinct_id");

    // The same for an operation whose success status is 202.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(202, r#"{"event": "order_shipped""#))
        .mount(&server)
        .await;
    let err = client(&server)
        .send_event(event())
        .await
        .expect_err("truncated");
    assert_decode_error(&err, "send_event", 202, br#"{"event": "order_shipped""#);
}

#[tokio::test]
async fn an_html_502_page_is_an_unexpected_status() {
    let (err, attempts) = get_profile_answered_with(
        ResponseTemplate::new(502)
            .set_body_raw(BAD_GATEWAY_HTML.as_bytes().to_vec(), "text/html")
            .insert_header("x-amzn-requestid", "amzn-502"),
    )
    .await;
    match &err {
        Error::UnexpectedStatus {
            operation,
            status,
            raw,
            request_id,
            ..
        } => {
            assert_eq!(*operation, "get_user_profile");
            assert_eq!(status.as_u16(), 502);
            assert_eq!(raw.as_ref(), BAD_GATEWAY_HTML.as_bytes());
            assert_eq!(request_id.as_deref(), Some("amzn-502"));
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(attempts, 4, "a GET is retried on 502 (3 retries)");
    let shown = err.to_string();
    assert!(shown.contains("502"), "{shown}");
    assert!(shown.contains("502 Bad Gateway"), "{shown}");
    assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown}");
}

#[tokio::test]
async fn an_undocumented_418_is_an_unexpected_status() {
    let body = r#"{"_message":"I'm a teapot","status":"error"}"#;
    let (err, attempts) = get_profile_answered_with(json(418, body)).await;
    match &err {
        Error::UnexpectedStatus {
            operation,
            status,
            raw,
            ..
        } => {
            assert_eq!(*operation, "get_user_profile");
            assert_eq!(status.as_u16(), 418);
            assert_eq!(raw.as_ref(), body.as_bytes());
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert_eq!(err.body(), None);
    assert_eq!(attempts, 1);
}

#[tokio::test]
async fn a_documented_400_that_does_not_match_its_schema_is_a_decode_error() {
    // A perfectly good *profile* under 400 must not be taken for success.
    let (err, _) = get_profile_answered_with(json(400, PROFILE)).await;
    assert_decode_error(&err, "get_user_profile", 400, PROFILE.as_bytes());

    for body in [r#"{"error": "bad request"}"#, "Bad Request", ""] {
        let (err, attempts) = get_profile_answered_with(json(400, body)).await;
        assert_decode_error(&err, "get_user_profile", 400, body.as_bytes());
        assert_eq!(attempts, 1);
    }
    let (err, _) = get_profile_answered_with(json(401, r#"{"message": "Unauthorized"}"#)).await;
    assert_decode_error(
        &err,
        "get_user_profile",
        401,
        br#"{"message": "Unauthorized"}"#,
    );

    // Same for an operation whose success and error bodies share a schema.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(400, r#"{"status": "error"}"#))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_user_profile(CreateProfileRequest::new("user-1"))
        .await
        .expect_err("400");
    assert_decode_error(&err, "create_user_profile", 400, br#"{"status": "error"}"#);
}

// ---------------------------------------------------------------------------
// Request ids
// ---------------------------------------------------------------------------

#[tokio::test]
async fn request_ids_are_surfaced() {
    let unauthorized = r#"{"_message":"Invalid API details","status":"error"}"#;
    for (header, value) in [
        ("x-request-id", "req-1"),
        ("request-id", "req-2"),
        ("x-amzn-requestid", "amzn-3"),
        ("x-amz-request-id", "amz-4"),
        ("apigw-requestid", "apigw-5"),
    ] {
        let (err, _) =
            get_profile_answered_with(json(401, unauthorized).insert_header(header, value)).await;
        assert!(matches!(err, Error::Api { .. }), "{err:?}");
        assert_eq!(err.request_id(), Some(value), "{header}");
        assert!(err.to_string().contains(value), "{err}");
    }

    // x-request-id wins over the others.
    let (err, _) = get_profile_answered_with(
        json(418, "teapot")
            .insert_header("x-amzn-requestid", "amzn")
            .insert_header("x-request-id", "primary"),
    )
    .await;
    assert_eq!(err.request_id(), Some("primary"));

    let (err, _) = get_profile_answered_with(json(401, unauthorized)).await;
    assert_eq!(err.request_id(), None);
}

/// BUG (client runtime): `Error::Decode` has no `request_id` field, so a
/// response that does not match its schema loses the server's request id,
/// although its status and raw body are kept. That is exactly the error one
/// needs to report to Fyno support. Fails until `Decode` keeps the id.
#[tokio::test]
async fn decode_errors_keep_the_request_id() {
    let (err, _) = get_profile_answered_with(
        json(200, "{not json").insert_header("x-request-id", "req-decode"),
    )
    .await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.request_id(), Some("req-decode"));
}

// ---------------------------------------------------------------------------
// The API key stays secret
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_api_key_never_appears_in_debug_or_errors() {
    let server = MockServer::start().await;
    let client = client(&server);
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", builder("http://127.0.0.1:9/v1")),
    ] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("S3CR3T"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }

    // Configuration errors about the key do not quote it.
    let err = Client::builder()
        .workspace_id(WS)
        .api_key(format!("{KEY} extra"))
        .build()
        .expect_err("a space is not allowed in the key");
    assert_eq!(err.setting(), Some("api_key"));
    assert!(!err.to_string().contains("S3CR3T"), "{err}");
    assert!(!format!("{err:?}").contains("S3CR3T"), "{err:?}");

    // One error of every kind.
    let invalid = client
        .get_user_profile("..")
        .await
        .expect_err("invalid request");
    assert!(matches!(invalid, Error::InvalidRequest { .. }));
    assert_no_secret(&invalid);

    Mock::given(path(profile_path("api")))
        .respond_with(json(400, r#"{"_message":"bad","status":"error"}"#))
        .mount(&server)
        .await;
    Mock::given(path(profile_path("unexpected")))
        .respond_with(json(500, "boom"))
        .mount(&server)
        .await;
    Mock::given(path(profile_path("decode")))
        .respond_with(json(200, "{"))
        .mount(&server)
        .await;
    Mock::given(path(profile_path("slow")))
        .respond_with(json(200, PROFILE).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let api = client.get_user_profile("api").await.expect_err("400");
    assert!(matches!(api, Error::Api { .. }), "{api:?}");
    assert_no_secret(&api);
    let unexpected = client
        .get_user_profile("unexpected")
        .await
        .expect_err("500");
    assert!(
        matches!(unexpected, Error::UnexpectedStatus { .. }),
        "{unexpected:?}"
    );
    assert_no_secret(&unexpected);
    let decode = client
        .get_user_profile("decode")
        .await
        .expect_err("bad JSON");
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_no_secret(&decode);
    let timeout = client
        .get_user_profile("slow")
        .options(
            CallOptions::new()
                .attempt_timeout(Duration::from_millis(50))
                .retry_policy(RetryPolicy::none()),
        )
        .await
        .expect_err("timeout");
    assert!(matches!(timeout, Error::Timeout { .. }), "{timeout:?}");
    assert_no_secret(&timeout);

    let offline = builder(&format!("http://127.0.0.1:{}/v1", closed_port()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid client");
    let transport = offline
        .get_user_profile("user-1")
        .await
        .expect_err("refused");
    assert!(
        matches!(transport, Error::Transport { .. }),
        "{transport:?}"
    );
    assert_no_secret(&transport);
}

#[tokio::test]
async fn zero_per_call_limits_are_rejected_before_sending() {
    let server = wiremock::MockServer::start().await;
    let client = fyno::Client::builder()
        .workspace_id("FYXXXXXXXX")
        .api_key("key")
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .expect("valid configuration");
    for options in [
        fyno::CallOptions::new().deadline(Duration::ZERO),
        fyno::CallOptions::new().attempt_timeout(Duration::ZERO),
    ] {
        let err = client
            .get_user_profile("u1")
            .options(options)
            .await
            .expect_err("zero limits are invalid");
        assert!(matches!(err, fyno::Error::InvalidRequest { .. }), "{err:?}");
        assert!(
            err.to_string().contains("must be greater than zero"),
            "{err}"
        );
        assert!(!err.is_retryable());
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
