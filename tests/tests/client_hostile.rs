//! The client under hostile servers and careless callers (issue 10): no
//! redirect is ever followed, whatever `reqwest::Client` is supplied;
//! requests that cannot be built are refused without retries; reserved
//! header names and clear-text endpoints are configuration errors;
//! `Retry-After` is jittered; transport errors name their phase.
//!
//! Everything runs against loopback servers.

use std::time::{Duration, Instant};

use fyno::types::*;
use fyno::{Client, ConfigError, Error, RetryPolicy, TransportPhase, Version};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const WS: &str = "FY7Q2K9WS";
const KEY: &str = "fyno_sk_live_S3CR3T_4f9c2b71";

fn builder(base_url: &str) -> fyno::ClientBuilder {
    Client::builder()
        .workspace_id(WS)
        .api_key(KEY)
        .version(Version::Test)
        .base_url(base_url)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(3)
                .base_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(10)),
        )
}

fn event() -> EventRequestDistinctId {
    EventRequestDistinctId::new(EventName::new("order_shipped"), "user-42")
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// A server answering everything with `status` and a `Location` on `target`.
async fn redirecting(status: u16, target: &MockServer) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("location", format!("{}/stolen", target.uri()).as_str()),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn redirects_are_errors_even_with_a_following_caller_client() {
    let target = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202).set_body_string(
            r#"{"event": "x", "received_time": "t", "request_id": "r", "response": {}}"#,
        ))
        .mount(&target)
        .await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status, &target).await;
        for supplied in [false, true] {
            let mut builder = builder(&format!("{}/v1", server.uri()));
            if supplied {
                // A caller asking for reqwest's following policy: overridden.
                builder = builder.http_client(|http| {
                    http.redirect(fyno::reqwest::redirect::Policy::limited(10))
                });
            }
            let client = builder.build().expect("valid client");
            let err = client
                .send_event(event())
                .await
                .expect_err("a redirect is never a success");
            assert!(
                matches!(err, Error::Redirect { .. }),
                "{status} (caller client: {supplied}): {err:?}"
            );
            assert!(!err.is_retryable());
            let shown = err.to_string();
            assert!(shown.contains("/stolen"), "{shown}");
            assert_eq!(
                err.status().map(|s| s.as_u16()),
                Some(status),
                "caller client: {supplied}"
            );
        }
        assert_eq!(received(&server).await.len(), 2, "{status}: no retries");
    }
    // Nothing reached the other origin, whatever the caller configured:
    // the runtime always finishes the HTTP client with redirects off.
    assert!(received(&target).await.is_empty());
}

#[tokio::test]
async fn a_path_value_too_long_for_http_is_an_invalid_request_sent_never() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = builder(&format!("{}/v1", server.uri()))
        .build()
        .expect("valid client");
    let err = client
        .get_user_profile("u".repeat(256 * 1024))
        .await
        .expect_err("cannot be sent");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(!err.is_retryable());
    assert!(received(&server).await.is_empty());
}

#[test]
fn reserved_and_hop_by_hop_idempotency_headers_are_config_errors() {
    for name in [
        "Transfer-Encoding",
        "Connection",
        "TE",
        "Upgrade",
        "Host",
        "Content-Length",
        "Authorization",
        "Cookie",
    ] {
        let err = builder("https://api.example.com")
            .idempotency_header(name)
            .build()
            .expect_err(name);
        assert!(
            matches!(
                err,
                ConfigError::Invalid {
                    setting: "idempotency_header",
                    ..
                }
            ),
            "{name}: {err:?}"
        );
    }
}

#[test]
fn plain_http_needs_an_explicit_opt_in_except_on_loopback() {
    let err = builder("http://api.fyno.io/v1")
        .build()
        .expect_err("clear text");
    assert_eq!(err.setting(), Some("base_url"));
    assert!(err.to_string().contains("allow_insecure_http"), "{err}");
    assert!(
        builder("http://api.fyno.io/v1")
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    assert!(builder("http://127.0.0.1:4010").build().is_ok());
    assert!(builder("http://localhost:4010").build().is_ok());
}

#[tokio::test]
async fn clients_told_retry_after_zero_do_not_return_in_the_same_instant() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    // Base delay 100 ms: the spread after `Retry-After: 0`.
    let client = builder(&format!("{}/v1", server.uri()))
        .retry_policy(
            RetryPolicy::default()
                .max_retries(1)
                .base_delay(Duration::from_millis(100))
                .max_delay(Duration::from_secs(1)),
        )
        .build()
        .expect("valid client");
    let started = Instant::now();
    let calls = (0..40).map(|_| {
        let client = client.clone();
        async move {
            let _ = client.get_user_profile("user-1").await;
            started.elapsed()
        }
    });
    let mut finished: Vec<Duration> = Vec::new();
    for handle in calls.map(tokio::spawn).collect::<Vec<_>>() {
        finished.push(handle.await.expect("call task"));
    }
    finished.sort();
    let spread = finished[finished.len() - 1] - finished[0];
    assert!(
        spread >= Duration::from_millis(30),
        "40 retries within {spread:?}"
    );
    assert!(
        finished[finished.len() - 1] < Duration::from_secs(2),
        "{finished:?}"
    );
}

#[tokio::test]
async fn a_body_cut_short_is_a_receive_failure() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for mut socket in listener.incoming().flatten() {
            let mut buffer = [0u8; 8192];
            let _ = socket.read(&mut buffer);
            let _ =
                socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{\"distinct_id\"");
        }
    });
    let client = builder(&format!("http://127.0.0.1:{port}/v1"))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid client");
    let err = client
        .get_user_profile("user-1")
        .await
        .expect_err("cut short");
    assert!(
        matches!(
            err,
            Error::Transport {
                phase: TransportPhase::Receive,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("receiving the response"), "{err}");
}

#[tokio::test]
async fn bulk_items_keep_their_request_ids() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202).set_body_raw(
            r#"{"event": "order_shipped", "received_time": 1672991866453, "response": [
                {"request_id": "item-1-id", "seq": 1, "email": {"status": "ok", "destination": "a@b.c", "msg_id": "m1"}},
                {"request_id": "item-2-id", "seq": 2}
            ]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = builder(&format!("{}/v1", server.uri()))
        .build()
        .expect("valid client");
    let request = BulkEventRequest::new(
        EventName::new("order_shipped"),
        vec![BulkEventItem::from(BulkEventItemDistinctId::new("user-1"))],
    );
    let accepted = client.send_bulk_event(request).await.expect("accepted");
    let ids: Vec<Option<&str>> = accepted
        .response
        .iter()
        .flatten()
        .map(|item| item.request_id.as_deref())
        .collect();
    assert_eq!(ids, [Some("item-1-id"), Some("item-2-id")]);
}

/// Errors of two operations, collected as one type with `into_untyped`.
async fn profile_then_event(client: &Client) -> Result<(), Error<()>> {
    client
        .get_user_profile("user-1")
        .await
        .map_err(Error::into_untyped)?;
    client
        .send_event(event())
        .await
        .map_err(Error::into_untyped)?;
    Ok(())
}

#[tokio::test]
async fn errors_of_any_operation_convert_to_one_untyped_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-request-id", "req-77")
                .set_body_raw(
                    r#"{"_message":"bad id","status":"error"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let client = builder(&format!("{}/v1", server.uri()))
        .build()
        .expect("valid client");
    let err = profile_then_event(&client).await.expect_err("400");
    assert!(matches!(err, Error::Api { body: (), .. }), "{err:?}");
    assert_eq!(err.operation(), "get_user_profile");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.request_id(), Some("req-77"));
    assert_eq!(
        err.raw_body(),
        Some(&br#"{"_message":"bad id","status":"error"}"#[..])
    );
}
