//! A local stand-in for the Fyno API, so the examples run without an account.
//!
//! Not an example itself: `send_event.rs` and `manage_profile.rs` include it.
//! Set `FYNO_WSID` and `FYNO_API_KEY` (and optionally `FYNO_VERSION`,
//! `FYNO_ENDPOINT`) to run the examples against the real API instead.

use serde_json::json;
use wiremock::matchers::{header_exists, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client for the real API when its environment variables are set, else
/// for a mock server on loopback (kept alive by the returned guard).
pub(crate) async fn client()
-> Result<(fyno::Client, Option<MockServer>), Box<dyn std::error::Error>> {
    if std::env::var_os("FYNO_API_KEY").is_some() {
        println!("using the real Fyno API (FYNO_API_KEY is set)");
        return Ok((fyno::Client::from_env()?, None));
    }
    let server = MockServer::start().await;
    let ok = json!({"_message": "ok", "status": "ok"});
    let routes = [
        (
            "POST",
            r"^/v1/[^/]+/[^/]+/event$",
            202,
            json!({
                "event": "order_shipped", "received_time": "2025-02-17T07:49:13.352Z",
                "request_id": "5f1d7a52-0000-4000-8000-000000000001",
                "response": {"sms": {"destination": "+919879000000", "msg_id": "m-1", "status": "ok"}}
            }),
        ),
        (
            "POST",
            r"^/v1/[^/]+/[^/]+/event/bulk$",
            202,
            json!({
                "event": "order_shipped", "received_time": 1672991866453_i64, "request_id": "5f1d7a52-0000-4000-8000-000000000002"
            }),
        ),
        (
            "POST",
            r"^/v1/[^/]+/[^/]+/profiles$",
            201,
            json!({"_message": "Profile created successfully", "status": "ok"}),
        ),
        (
            "GET",
            r"^/v1/[^/]+/[^/]+/profiles/[^/]+$",
            200,
            json!({
                "distinct_id": "user-42", "name": "Asha Rao", "status": 1, "timezone": "Asia/Kolkata",
                "channel": {"sms": "+919879000000", "email": "asha@example.com"}
            }),
        ),
        (
            "PATCH",
            r"^/v1/[^/]+/[^/]+/profiles/[^/]+/channel$",
            200,
            ok.clone(),
        ),
        (
            "POST",
            r"^/v1/[^/]+/[^/]+/profiles/properties/set$",
            202,
            json!({"request_id": "5f1d7a52-0000-4000-8000-000000000003"}),
        ),
        (
            "POST",
            r"^/v1/[^/]+/[^/]+/profiles/delete$",
            200,
            json!({"_message": "1 User(s) deleted successfully", "status": "ok"}),
        ),
    ];
    for (verb, route, status, body) in routes {
        Mock::given(method(verb))
            .and(path_regex(route))
            .and(header_exists("authorization"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
    }
    println!(
        "using a mock Fyno API at {} (set FYNO_API_KEY to use the real one)",
        server.uri()
    );
    let client = fyno::Client::builder()
        .workspace_id("FYEXAMPLE1")
        .api_key("example-key")
        .base_url(format!("{}/v1", server.uri()))
        .build()?;
    Ok((client, Some(server)))
}
