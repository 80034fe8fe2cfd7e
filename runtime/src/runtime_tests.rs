//! End-to-end tests of `Core::execute` against a loopback mock server, with
//! a core configured as a generated client would configure it.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use tracing::instrument::WithSubscriber;
use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::__private::{Core, CoreBuilder, CoreSpec, Credential, Query, Scheme, SchemeSpec};
use crate::transport::{Idempotency, Request};
use crate::{CallOptions, Error, RetryPolicy, TimeoutKind};

const KEY: &str = "pets_test_key_5e1f0c";

/// The single bearer scheme of a bearer-authenticated API.
const BEARER: &[SchemeSpec] = &[SchemeSpec {
    scheme: Scheme::Bearer,
    setting: "api_key",
    required: true,
}];

/// What a generated client for a bearer-authenticated API passes.
fn spec() -> CoreSpec {
    CoreSpec {
        default_base_url: Some("https://api.example.com/v1".to_owned()),
        schemes: BEARER,
        user_agent: "pets-rust/0.1.0",
    }
}

fn builder() -> CoreBuilder {
    CoreBuilder::new().api_key(KEY.to_owned())
}

/// Retries fast enough for tests.
fn fast_policy(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(max_retries)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

fn client(server: &MockServer) -> Core {
    builder()
        .base_url(&format!("{}/v1", server.uri()))
        .retry_policy(fast_policy(3))
        .build(spec())
        .unwrap()
}

fn request(method: Method, path: &str, idempotency: Idempotency) -> Request {
    Request {
        operation: "test_operation",
        method,
        path: path.to_owned(),
        query: Query::new(),
        headers: Vec::new(),
        cookies: Vec::new(),
        body: None,
        accept: "application/json",
        idempotency,
        security: &[&[0]],
    }
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

fn header_value<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_auth_accept_user_agent_query_and_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/WS1/test/event"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(query_param("q", "a b&c"))
        .and(body_bytes(br#"{"event":"x"}"#.to_vec()))
        .respond_with(ResponseTemplate::new(202).set_body_string("accepted"))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let mut req = request(Method::POST, "/WS1/test/event", Idempotency::None);
    req.query.push("q", "a b&c");
    req.body = crate::request_body::to_body::<_, ()>("op", &serde_json::json!({"event": "x"})).ok();
    let response = client.execute(req, &CallOptions::default()).await.unwrap();
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(&response.body[..], b"accepted");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let user_agent = header_value(&requests[0], "user-agent").unwrap();
    assert_eq!(user_agent, "pets-rust/0.1.0");
    // The unreplayable body still has a known length: not chunked.
    assert_eq!(header_value(&requests[0], "content-length"), Some("13"));
    assert!(requests[0].headers.get("transfer-encoding").is_none());
    // No key was requested or supplied, so none is sent.
    assert!(requests[0].headers.get("idempotency-key").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_without_body_has_no_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    client(&server)
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default(),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    assert!(requests[0].headers.get("content-type").is_none());
    assert!(requests[0].headers.get("authorization").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_parameters_stay_encoded_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut route = String::from("/WS1/users/");
    crate::path::push_param::<()>(&mut route, "op", "id", "a/../b?c#d e").unwrap();
    client(&server)
        .execute(
            request(Method::GET, &route, Idempotency::None),
            &CallOptions::default(),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/v1/WS1/users/a%2F..%2Fb%3Fc%23d%20e"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_429_honouring_retry_after_with_one_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .with_priority(2)
        .mount(&server)
        .await;

    // Retry-After (30 s) is capped at max_delay (40 ms); without it the
    // backoff would be at most 1 ms, so the elapsed time shows it was used
    // (>= 2 x 40 ms) and capped (far below 30 s: the bound leaves a loaded
    // machine seconds of slack).
    let policy = fast_policy(3).max_delay(Duration::from_millis(40));
    let started = Instant::now();
    let response = client(&server)
        .execute(
            request(Method::POST, "/WS1/test/event", Idempotency::Auto),
            &CallOptions::default().retry_policy(policy),
        )
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status, StatusCode::OK);
    assert!(elapsed >= Duration::from_millis(80), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let keys: Vec<_> = requests
        .iter()
        .map(|r| header_value(r, "idempotency-key").unwrap().to_owned())
        .collect();
    assert!(uuid::Uuid::parse_str(&keys[0]).is_ok(), "{keys:?}");
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_call_gets_a_fresh_generated_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    for _ in 0..2 {
        client
            .execute(
                request(Method::POST, "/WS1/x", Idempotency::Auto),
                &CallOptions::default(),
            )
            .await
            .unwrap();
    }
    let requests = received(&server).await;
    assert_ne!(
        header_value(&requests[0], "idempotency-key"),
        header_value(&requests[1], "idempotency-key")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gives_up_on_503_after_max_retries_and_returns_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("x-request-id", "req-503")
                .set_body_string("overloaded"),
        )
        .expect(3)
        .mount(&server)
        .await;

    let response = client(&server)
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default().retry_policy(fast_policy(2)),
        )
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    let err: Error<()> = crate::error::unexpected_status("test_operation", response);
    assert_eq!(err.request_id(), Some("req-503"));
    assert!(err.is_retryable());
    assert!(err.to_string().contains("overloaded"));
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_errors_other_than_408_and_429_are_not_retried() {
    for (status, expected_attempts) in [(400, 1), (401, 1), (404, 1), (409, 1), (408, 3), (500, 3)]
    {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let response = client(&server)
            .execute(
                request(Method::PUT, "/WS1/x", Idempotency::None),
                &CallOptions::default().retry_policy(fast_policy(2)),
            )
            .await
            .unwrap();
        assert_eq!(response.status.as_u16(), status);
        assert_eq!(
            received(&server).await.len(),
            expected_attempts,
            "status {status}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_without_key_is_never_retried_but_with_a_caller_key_is() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);

    let response = client
        .execute(
            request(Method::POST, "/WS1/x", Idempotency::None),
            &CallOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(received(&server).await.len(), 1);

    for method in [Method::POST, Method::PATCH] {
        server.reset().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        client
            .execute(
                request(method.clone(), "/WS1/x", Idempotency::None),
                &CallOptions::default()
                    .retry_policy(fast_policy(2))
                    .idempotency_key("caller-key-1"),
            )
            .await
            .unwrap();
        let requests = received(&server).await;
        assert_eq!(requests.len(), 3, "{method}");
        for r in &requests {
            assert_eq!(header_value(r, "idempotency-key"), Some("caller-key-1"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caller_key_wins_over_generated_key_and_custom_header_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-idem", "mine"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder()
        .base_url(&server.uri())
        .idempotency_header("X-Idem".to_owned())
        .build(spec())
        .unwrap();
    let response = client
        .execute(
            request(Method::POST, "/WS1/x", Idempotency::Auto),
            &CallOptions::default().idempotency_key("mine"),
        )
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::OK);
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_caller_key_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .execute(
            request(Method::POST, "/WS1/x", Idempotency::Auto),
            &CallOptions::default().idempotency_key("bad\nkey"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(received(&server).await.is_empty());
}

/// A response slower than any bound the timing tests assert, so a bound
/// proves a timeout cut it while leaving a loaded machine seconds of slack
/// (the mock server does not wait for it when the test ends).
const SLOW_RESPONSE: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempt_timeout_covers_slow_responses_and_is_retried_for_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(SLOW_RESPONSE))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server)
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default()
                .retry_policy(fast_policy(1))
                .attempt_timeout(Duration::from_millis(50)),
        )
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    match err {
        Error::Timeout {
            operation,
            kind,
            attempts,
            ..
        } => {
            assert_eq!(operation, "test_operation");
            assert_eq!(kind, TimeoutKind::Attempt);
            assert_eq!(attempts, 2);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    // Far below two slow responses: each attempt was cut, with seconds of
    // slack for a loaded machine.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timed_out_post_without_key_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let err = client(&server)
        .execute(
            request(Method::POST, "/WS1/x", Idempotency::None),
            &CallOptions::default().attempt_timeout(Duration::from_millis(30)),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadline_bounds_the_whole_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(SLOW_RESPONSE))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server)
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default()
                .attempt_timeout(Duration::from_secs(20))
                .deadline(Duration::from_millis(60)),
        )
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
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
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_beyond_the_deadline_returns_the_last_response_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let response = client(&server)
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default()
                .retry_policy(fast_policy(3).max_delay(Duration::from_secs(60)))
                .deadline(Duration::from_secs(20)),
        )
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    // Retry-After (30 s) is beyond the deadline (20 s): no wait at all.
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_refused_is_a_transport_error_retried_even_for_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);

    let client = builder()
        .base_url(&format!("http://127.0.0.1:{port}/v1"))
        .retry_policy(fast_policy(2))
        .build(spec())
        .unwrap();
    let (logs, subscriber) = capture_logs();
    let options = CallOptions::default();
    let call = request(Method::POST, "/WS1/x", Idempotency::None);
    let err = async { client.execute(call, &options).await }
        .with_subscriber(subscriber)
        .await
        .unwrap_err();
    match &err {
        Error::Transport {
            operation, source, ..
        } => {
            assert_eq!(*operation, "test_operation");
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(
        err.to_string(),
        "test_operation: could not connect to the server"
    );
    let logs = logs.text();
    // Nothing reached a server, so the POST was safely attempted 3 times.
    assert!(logs.contains("attempt=3"), "{logs}");
    assert!(!logs.contains("attempt=4"), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_name_operation_attempt_and_status_but_never_secrets_or_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("SERVER-BODY-SECRET"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("SERVER-BODY-SECRET"))
        .with_priority(2)
        .mount(&server)
        .await;
    let (logs, subscriber) = capture_logs();
    let mut req = request(Method::POST, "/WS1/PATH-SECRET", Idempotency::Auto);
    req.query.push("email", "QUERY-SECRET");
    req.body = crate::request_body::to_body::<_, ()>(
        "op",
        &serde_json::json!({"phone": "CLIENT-BODY-SECRET"}),
    )
    .ok();
    // Called inside the future the subscriber wraps, as generated code
    // calls it (from its own `async fn`): the span is made by the call.
    let options = CallOptions::default().idempotency_key("IDEMPOTENCY-SECRET");
    let client = client(&server);
    async { client.execute(req, &options).await }
        .with_subscriber(subscriber)
        .await
        .unwrap();
    let logs = logs.text();
    assert!(logs.contains("api.request"), "{logs}");
    assert!(logs.contains("operation=\"test_operation\""), "{logs}");
    assert!(logs.contains("method=POST"), "{logs}");
    assert!(
        logs.contains("attempt=1") && logs.contains("status=503"),
        "{logs}"
    );
    assert!(
        logs.contains("attempt=2") && logs.contains("status=200"),
        "{logs}"
    );
    for secret in [
        KEY,
        "IDEMPOTENCY-SECRET",
        "SERVER-BODY-SECRET",
        "CLIENT-BODY-SECRET",
        "PATH-SECRET",
        "QUERY-SECRET",
    ] {
        assert!(!logs.contains(secret), "{secret} leaked: {logs}");
    }
}

/// Collects formatted `tracing` output for a single future.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() -> (Logs, impl tracing::Subscriber + Send + Sync) {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (logs, subscriber)
}

#[test]
fn public_types_are_thread_safe_and_execute_is_send() {
    fn thread_safe<T: Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    thread_safe::<Core>();
    thread_safe::<CoreBuilder>();
    thread_safe::<crate::ConfigError>();
    thread_safe::<Error<String>>();
    thread_safe::<CallOptions>();
    thread_safe::<RetryPolicy>();

    let client = builder().build(spec()).unwrap();
    let options = CallOptions::default();
    // Operations are spawned onto multi-threaded runtimes; never polled here.
    let call = client.execute(request(Method::GET, "/x", Idempotency::None), &options);
    send(&call);
}

#[tokio::test(flavor = "multi_thread")]
async fn operations_without_security_send_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut public = request(Method::GET, "/public", Idempotency::None);
    public.security = &[];
    client
        .execute(public, &CallOptions::default())
        .await
        .unwrap();
    client
        .execute(
            request(Method::GET, "/private", Idempotency::None),
            &CallOptions::default(),
        )
        .await
        .unwrap();
    let sent = received(&server).await;
    assert_eq!(header_value(&sent[0], "authorization"), None);
    assert_eq!(
        header_value(&sent[1], "authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

/// A `PUT` (idempotent, so retried on 503) of `body`; how many attempts reached the server.
async fn put_attempts(body: crate::request_body::Payload) -> (Vec<wiremock::Request>, StatusCode) {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let mut req = request(Method::PUT, "/WS1/file", Idempotency::None);
    req.body = Some(body);
    let response = client(&server)
        .execute(req, &CallOptions::default())
        .await
        .unwrap();
    (received(&server).await, response.status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_bodies_are_resent_on_retry_and_streams_never_are() {
    let bytes = crate::request_body::binary_body::<()>(
        "op",
        crate::Binary::from(b"PNG-DATA".to_vec()),
        "image/png",
    )
    .unwrap();
    let (requests, status) = put_attempts(bytes).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(requests.len(), 4, "three retries of a replayable body");
    for request in &requests {
        assert_eq!(request.body, b"PNG-DATA");
        assert_eq!(header_value(request, "content-type"), Some("image/png"));
        assert_eq!(header_value(request, "content-length"), Some("8"));
    }

    let chunks = [
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"PNG-")),
        Ok(bytes::Bytes::from_static(b"DATA")),
    ];
    let stream = crate::Binary::stream(futures_util::stream::iter(chunks));
    let streamed = crate::request_body::binary_body::<()>("op", stream, "image/png").unwrap();
    let (requests, status) = put_attempts(streamed).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(requests.len(), 1, "a stream is sent once");
    assert_eq!(requests[0].body, b"PNG-DATA");
    assert_eq!(
        header_value(&requests[0], "content-type"),
        Some("image/png")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multipart_forms_arrive_with_their_boundary_and_are_resent() {
    let form = crate::Multipart::new().text("title", "Holiday").part(
        "photo",
        crate::Part::bytes(b"JPEG".to_vec()).file_name("a.jpg"),
    );
    let payload =
        crate::request_body::multipart_body::<()>("op", form, &[("photo", "image/jpeg")]).unwrap();
    let (requests, _) = put_attempts(payload).await;
    assert_eq!(requests.len(), 4);
    let content_type = header_value(&requests[3], "content-type").unwrap_or_default();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let body = String::from_utf8_lossy(&requests[3].body);
    assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
    assert!(body.contains("Content-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_a_typed_error_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-big")
                .set_body_string("x".repeat(2048)),
        )
        .mount(&server)
        .await;
    let client = builder()
        .base_url(&format!("{}/v1", server.uri()))
        .retry_policy(fast_policy(3))
        .max_body_bytes(1024)
        .build(spec())
        .unwrap();
    let err = client
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default(),
        )
        .await
        .unwrap_err();
    match &err {
        Error::BodyTooLarge {
            operation,
            status,
            request_id,
            limit,
            announced,
        } => {
            assert_eq!(*operation, "test_operation");
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(request_id.as_deref(), Some("req-big"));
            assert_eq!((*limit, *announced), (1024, Some(2048)));
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert!(
        err.to_string()
            .contains("larger than the limit of 1024 bytes"),
        "{err}"
    );
    assert_eq!(received(&server).await.len(), 1, "not retried");

    // The per-call limit overrides the client's.
    let response = client
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default().max_body_bytes(4096),
        )
        .await
        .unwrap();
    assert_eq!(response.body.len(), 2048);
    let zero = builder().max_body_bytes(0).build(spec()).unwrap_err();
    assert_eq!(zero.setting(), Some("max_body_bytes"));
}

/// API keys in a header, the query and a cookie, sent together (a
/// combination), next to header and cookie parameters.
const KEYS: &[SchemeSpec] = &[
    SchemeSpec {
        scheme: Scheme::HeaderKey("X-API-Key"),
        setting: "header_key",
        required: true,
    },
    SchemeSpec {
        scheme: Scheme::QueryKey("api_key"),
        setting: "query_key",
        required: false,
    },
    SchemeSpec {
        scheme: Scheme::CookieKey("sid"),
        setting: "cookie_key",
        required: false,
    },
];

fn keyed_client(server: &MockServer, with_query_key: bool) -> Core {
    let mut builder = CoreBuilder::new()
        .credential(0, Credential::secret("hdr-key".into()), "header_key")
        .credential(2, Credential::secret("ck-key".into()), "cookie_key");
    if with_query_key {
        builder = builder.credential(1, Credential::secret("q-key".into()), "query_key");
    }
    builder
        .base_url(&server.uri())
        .retry_policy(fast_policy(3))
        .build(CoreSpec {
            schemes: KEYS,
            ..spec()
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parameters_and_api_keys_arrive_in_their_places() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut req = request(Method::GET, "/things", Idempotency::None);
    req.query.push("page", "2");
    req.headers = vec![("X-Trace", "t-1".to_owned())];
    req.cookies = vec![("theme", "dark mode".to_owned())];
    req.security = &[&[0, 1, 2]];
    keyed_client(&server, true)
        .execute(req, &CallOptions::default())
        .await
        .unwrap();
    let sent = &received(&server).await[0];
    assert_eq!(sent.url.query(), Some("page=2&api_key=q-key"));
    assert_eq!(header_value(sent, "x-trace"), Some("t-1"));
    assert_eq!(header_value(sent, "x-api-key"), Some("hdr-key"));
    assert_eq!(
        header_value(sent, "cookie"),
        Some("theme=dark%20mode; sid=ck-key")
    );
    assert_eq!(header_value(sent, "authorization"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsendable_parameters_and_missing_credentials_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = keyed_client(&server, false);
    let mut bad_header = request(Method::GET, "/things", Idempotency::None);
    bad_header.headers = vec![("X-Trace", "a\r\nInjected: yes".to_owned())];
    bad_header.security = &[&[0]];
    let mut no_key = request(Method::GET, "/things", Idempotency::None);
    no_key.security = &[&[1]];
    for req in [bad_header, no_key] {
        let err = client
            .execute(req, &CallOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert!(!err.is_retryable());
        assert!(!err.to_string().contains("Injected"), "{err}");
    }
    assert!(received(&server).await.is_empty());
}

/// A POST with a body and an idempotency key, as `send_event` makes it.
fn event_request() -> Request {
    let mut req = request(Method::POST, "/WS1/test/event", Idempotency::Auto);
    req.body =
        crate::request_body::to_body::<_, ()>("op", &serde_json::json!({"event": "order_shipped"}))
            .ok();
    req
}

/// A server that redirects everything to `target` with `status`.
async fn redirecting_server(status: u16, target: &MockServer) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("location", format!("{}/elsewhere", target.uri()).as_str()),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_errors_naming_status_and_location_never_retried() {
    let target = MockServer::start().await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting_server(status, &target).await;
        let err = client(&server)
            .execute(event_request(), &CallOptions::default())
            .await
            .unwrap_err();
        let location = format!("{}/elsewhere", target.uri());
        match &err {
            Error::Redirect {
                status: got,
                location: Some(got_location),
                ..
            } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(*got_location, location);
            }
            other => panic!("{status}: expected a redirect error, got {other:?}"),
        }
        assert!(!err.is_retryable());
        let shown = err.to_string();
        assert!(shown.contains(&status.to_string()), "{shown}");
        assert!(shown.contains(&location), "{shown}");
        assert_eq!(received(&server).await.len(), 1, "{status}: one attempt");
    }
    assert!(received(&target).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_client_that_follows_redirects_never_resends_the_body() {
    let target = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&target)
        .await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting_server(status, &target).await;
        let client = builder()
            .base_url(&format!("{}/v1", server.uri()))
            .retry_policy(fast_policy(3))
            // Asks for reqwest's default, following policy: the runtime overrides it.
            .http_client(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
            .build(spec())
            .unwrap();
        let err = client
            .execute(event_request(), &CallOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Redirect { .. }),
            "{status}: expected a redirect error, got {err:?}"
        );
        assert!(err.to_string().contains("/elsewhere"), "{err}");
        assert_eq!(received(&server).await.len(), 1, "{status}: one attempt");
    }
    // The runtime finishes the caller's configuration with redirects off:
    // nothing at all reaches the other origin, not even a bodyless GET.
    assert!(received(&target).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_cannot_be_built_is_invalid_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    // HTTP/1 request targets are limited to 64 KiB by the `http` crate.
    let mut route = String::from("/WS1/users/");
    let long = "a".repeat(256 * 1024);
    crate::path::push_param::<()>(&mut route, "op", "id", &long).unwrap();
    let (logs, subscriber) = capture_logs();
    let client = client(&server);
    let options = CallOptions::default();
    let call = request(Method::GET, &route, Idempotency::None);
    let err = async { client.execute(call, &options).await }
        .with_subscriber(subscriber)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidRequest { .. }),
        "expected InvalidRequest, got {err:?}"
    );
    assert!(!err.is_retryable());
    assert!(received(&server).await.is_empty());
    let logs = logs.text();
    assert!(logs.contains("attempt=1"), "{logs}");
    assert!(!logs.contains("attempt=2"), "{logs}");
    assert!(!logs.contains(&long), "the URL stays out of logs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_dropped_mid_body_is_a_receive_failure() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            // Promises 100 bytes, sends 5, hangs up.
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nhello")
                .await;
        }
    });
    let client = builder()
        .base_url(&format!("http://127.0.0.1:{port}/v1"))
        .retry_policy(RetryPolicy::none())
        .build(spec())
        .unwrap();
    let err = client
        .execute(
            request(Method::GET, "/WS1/x", Idempotency::None),
            &CallOptions::default(),
        )
        .await
        .unwrap_err();
    match &err {
        Error::Transport { phase, .. } => {
            assert_eq!(*phase, crate::TransportPhase::Receive);
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "test_operation: connection failed while receiving the response"
    );
}
