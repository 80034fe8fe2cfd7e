//! Per-request overhead of `fyno::Client` against a raw `reqwest` call making
//! the same request, both against a minimal keep-alive HTTP/1.1 server on
//! 127.0.0.1 started by this bench, on the same single-threaded runtime
//! (see `start_server` for why).
//!
//! `cargo bench -p fyno --bench overhead`
//!
//! Both sides send the same method, URL, headers (`Authorization`, `Accept`,
//! `User-Agent`, and for `send_event` `Content-Type` and `Idempotency-Key`)
//! and body, read the whole response and decode it into the same generated
//! type. The raw side is what a caller would write by hand with `reqwest` and
//! `serde_json`, with its URL and headers prepared once: it builds no path
//! from parameters, retry loop, attempt timeout, tracing span, fresh
//! idempotency key, bounded body read or typed error, which is the overhead
//! measured. The event body is cloned per call on both sides (the client's
//! builder takes it by value).
//!
//! The figures are paired, interleaved ratios (`common::paired`): the two
//! sides alternate in batches of a few milliseconds, so load from other
//! processes on a shared machine hits both alike. Criterion's groups give
//! absolute times only (secondary). The `parts` comparisons price pieces of
//! the client's work on the raw call: an attempt timeout around it, boxing
//! it as `IntoFuture` does, a fresh UUID idempotency key.
//!
//! For profilers: `OVERHEAD_LOOP=fyno_get:100000` (or `raw_get`,
//! `fyno_event`, `raw_event`) makes exactly that many calls of one side and
//! exits, e.g. under `valgrind --tool=callgrind` (instructions per call: the
//! difference between two counts over the difference in calls) or `perf
//! record`.
//!
//! Bounded: the server answers at most `MAX_REQUESTS` requests and only
//! listens on 127.0.0.1; criterion's sample counts and times are fixed below.

mod common;

use common::Paired;
use criterion::Criterion;
use fyno::types::{EventAccepted, EventRequest, UserProfile};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "fyno_bench_key_5e1f0c";
const WORKSPACE: &str = "WS1";
/// Hard cap on requests the server answers, whatever criterion asks for.
const MAX_REQUESTS: u64 = 3_000_000;

const PROFILE: &str = r#"{"distinct_id":"u1","name":"Jane Doe","status":1,"channel":{"sms":"+919879000001","whatsapp":"+919879000001","email":"jane.doe@example.com","push":[{"token":"fcm_token:dGhpcyBpcyBhIHRva2Vu","integration_id":"INT1","status":1}],"inapp":[{"token":"u1","integration_id":"INT2","status":1}]},"timezone":"Asia/Kolkata","country_code":"IN","created_at":"2024-01-01T10:00:00.000Z","updated_at":"2024-03-05T10:20:00.000Z","profile_id":"P001","version":"test"}"#;
const ACCEPTED: &str = r#"{"event":"order_shipped","received_time":"2024-03-05T10:20:00.000Z","request_id":"REQ-0001","response":{"sms":{"destination":"+919879000001","msg_id":"MSG-1","status":"accepted"},"email":{"destination":"jane.doe@example.com","msg_id":"MSG-2","status":"accepted"}}}"#;
const EVENT: &str = r#"{"event":"order_shipped","distinct_id":"u1","to":{"sms":"+919879000001","email":"jane.doe@example.com"},"data":{"first_name":"Jane","order_id":"ORD-1029","amount":1499.5,"eta":"2024-03-05"},"callback":{"custom_id":"cb-1029","enable":true}}"#;

fn http_response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

struct Responses {
    profile: Vec<u8>,
    accepted: Vec<u8>,
}

/// Starts the server as a task on `runtime` (the one the client runs on);
/// returns its `http://127.0.0.1:PORT`.
///
/// Same thread on purpose: with the server on another thread, every round
/// trip waits for a cross-core wake-up, and on this 2-core VM that latency
/// flips between ~30 µs and ~110 µs depending on what else runs, which
/// swamps a 5% difference. On one current-thread runtime the round trip is
/// CPU work only (client, loopback TCP, server), which is what the client's
/// overhead adds to.
fn start_server(runtime: &tokio::runtime::Runtime) -> String {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    std_listener.set_nonblocking(true).expect("nonblocking");
    let address = std_listener.local_addr().expect("address");
    let responses = Arc::new(Responses {
        profile: http_response("200 OK", PROFILE),
        accepted: http_response("202 Accepted", ACCEPTED),
    });
    let served = Arc::new(AtomicU64::new(0));
    runtime.spawn(async move {
        let listener = TcpListener::from_std(std_listener).expect("listener");
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(connection(stream, responses.clone(), served.clone()));
        }
    });
    format!("http://{address}")
}

/// Serves keep-alive HTTP/1.1 requests with `Content-Length` bodies.
async fn connection(mut stream: TcpStream, responses: Arc<Responses>, served: Arc<AtomicU64>) {
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read_buf(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
        assert!(
            !head.contains("transfer-encoding:"),
            "the bench server reads Content-Length bodies only"
        );
        let body_len: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0);
        while buffer.len() < head_end + body_len {
            match stream.read_buf(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        if served.fetch_add(1, Ordering::Relaxed) >= MAX_REQUESTS {
            return;
        }
        let request_line = head.lines().next().unwrap_or_default();
        let response = if request_line.starts_with("post ") && request_line.contains("/event ") {
            &responses.accepted
        } else {
            &responses.profile
        };
        if stream.write_all(response).await.is_err() {
            return;
        }
        buffer.drain(..head_end + body_len);
    }
}

/// The raw side: a `reqwest::Client` configured as `fyno::Client` configures
/// its own, and the header values the client sends.
struct Raw {
    http: reqwest::Client,
    profile_url: String,
    event_url: String,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    idempotency_key: HeaderValue,
}

impl Raw {
    fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        Self {
            http,
            profile_url: format!("{base}/v1/{WORKSPACE}/test/profiles/u1"),
            event_url: format!("{base}/v1/{WORKSPACE}/test/event"),
            authorization: HeaderValue::from_str(&format!("Bearer {KEY}")).expect("header"),
            user_agent: HeaderValue::from_static(concat!("fyno-rust/", env!("CARGO_PKG_VERSION"))),
            // Same length as the client's fresh v4 UUID.
            idempotency_key: HeaderValue::from_static("0b6f2a7e-3c1d-4e5f-8a9b-0c1d2e3f4a5b"),
        }
    }

    /// A fresh v4 UUID key, made as the client makes one per call.
    fn fresh_key() -> HeaderValue {
        let mut buffer = uuid::Uuid::encode_buffer();
        let key = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
        let mut value = HeaderValue::from_str(key).expect("uuid header");
        value.set_sensitive(true);
        value
    }

    async fn get_user_profile(&self) -> UserProfile {
        let response = self
            .http
            .get(&self.profile_url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.user_agent.clone())
            .send()
            .await
            .expect("raw get");
        assert_eq!(response.status().as_u16(), 200);
        let body = response.bytes().await.expect("raw body");
        serde_json::from_slice(&body).expect("raw decode")
    }

    /// `fresh_key`: a new UUID per call (as the client), else a fixed key.
    async fn send_event(&self, event: EventRequest, fresh_key: bool) -> EventAccepted {
        let body = serde_json::to_vec(&event).expect("raw encode");
        let key = if fresh_key {
            Self::fresh_key()
        } else {
            self.idempotency_key.clone()
        };
        let response = self
            .http
            .post(&self.event_url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.user_agent.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("idempotency-key", key)
            .body(body)
            .send()
            .await
            .expect("raw post");
        assert_eq!(response.status().as_u16(), 202);
        let body = response.bytes().await.expect("raw body");
        serde_json::from_slice(&body).expect("raw decode")
    }
}

const GROUP_GET: &str = "overhead_get_user_profile";
const GROUP_EVENT: &str = "overhead_send_event";

/// Rounds of the two headline comparisons (each ≈ 4 × 5 ms, so ≈ 5 s a
/// comparison); the parts take fewer. With 80 rounds the median moved by
/// ±1.5% between runs on this 2-core VM, the size of the overhead itself.
const ROUNDS: usize = 240;
const PART_ROUNDS: usize = 40;

/// Makes `OVERHEAD_LOOP`'s calls, if set (see the top of this file).
fn profile_loop(
    runtime: &tokio::runtime::Runtime,
    client: &fyno::Client,
    raw: &Raw,
    event: &EventRequest,
) {
    let Ok(spec) = std::env::var("OVERHEAD_LOOP") else {
        return;
    };
    let (side, calls) = spec
        .split_once(':')
        .expect("OVERHEAD_LOOP=SIDE:CALLS, SIDE one of fyno_get raw_get fyno_event raw_event");
    let calls: u64 = calls.parse().expect("OVERHEAD_LOOP's CALLS is a number");
    for _ in 0..calls {
        match side {
            "fyno_get" => drop(black_box(
                runtime
                    .block_on(async { client.get_user_profile("u1").await })
                    .expect("fyno get"),
            )),
            "raw_get" => drop(black_box(runtime.block_on(raw.get_user_profile()))),
            "fyno_event" => drop(black_box(
                runtime
                    .block_on(async { client.send_event(event.clone()).await })
                    .expect("fyno post"),
            )),
            "raw_event" => drop(black_box(
                runtime.block_on(raw.send_event(event.clone(), false)),
            )),
            other => panic!("OVERHEAD_LOOP: unknown side {other}"),
        }
    }
    std::process::exit(0);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let base = start_server(&runtime);
    let client = fyno::Client::builder()
        .workspace_id(WORKSPACE)
        .api_key(KEY)
        .version(fyno::Version::Test)
        .base_url(format!("{base}/v1"))
        .build()
        .expect("fyno client");
    let raw = Raw::new(&base);
    let event: EventRequest = serde_json::from_str(EVENT).expect("event body decodes");

    // Large futures are moved (memcpy) on every hand-off before their first
    // poll and into the `Box` of `IntoFuture`; their sizes, for the report.
    eprintln!(
        "future sizes: fyno get_user_profile {} B, send_event {} B; raw get {} B, post {} B",
        std::mem::size_of_val(&client.get_user_profile("u1").send()),
        std::mem::size_of_val(&client.send_event(event.clone()).send()),
        std::mem::size_of_val(&raw.get_user_profile()),
        std::mem::size_of_val(&raw.send_event(event.clone(), false)),
    );

    // Both sides get the same answers (and open their keep-alive connection).
    runtime.block_on(async {
        let typed = client.get_user_profile("u1").await.expect("fyno get");
        assert_eq!(typed, raw.get_user_profile().await);
        let typed = client.send_event(event.clone()).await.expect("fyno post");
        assert_eq!(typed, raw.send_event(event.clone(), false).await);
    });
    profile_loop(&runtime, &client, &raw, &event);

    let fyno_get = || {
        runtime
            .block_on(async { client.get_user_profile("u1").await })
            .expect("fyno get")
    };
    let raw_get = || runtime.block_on(raw.get_user_profile());
    let fyno_event = || {
        runtime
            .block_on(async { client.send_event(event.clone()).await })
            .expect("fyno post")
    };
    let raw_event = || runtime.block_on(raw.send_event(event.clone(), false));

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group(GROUP_GET);
    group.sample_size(40);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("raw_reqwest", |b| b.iter(raw_get));
    group.bench_function("fyno_client", |b| b.iter(fyno_get));
    group.finish();
    let mut group = criterion.benchmark_group(GROUP_EVENT);
    group.sample_size(40);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("raw_reqwest", |b| b.iter(raw_event));
    group.bench_function("fyno_client", |b| b.iter(fyno_event));
    group.finish();
    criterion.final_summary();

    let results: Vec<Option<Paired>> = vec![
        common::paired(
            "overhead_get_user_profile: fyno_client / raw_reqwest",
            ROUNDS,
            fyno_get,
            raw_get,
        ),
        common::paired(
            "overhead_send_event: fyno_client / raw_reqwest",
            ROUNDS,
            fyno_event,
            raw_event,
        ),
        common::paired(
            "parts: raw get in an attempt timeout / raw get",
            PART_ROUNDS,
            || {
                runtime
                    .block_on(async {
                        tokio::time::timeout(Duration::from_secs(30), raw.get_user_profile()).await
                    })
                    .expect("no timeout")
            },
            raw_get,
        ),
        common::paired(
            "parts: raw get boxed as IntoFuture boxes / raw get",
            PART_ROUNDS,
            || {
                let boxed: std::pin::Pin<
                    Box<dyn std::future::Future<Output = UserProfile> + Send + '_>,
                > = Box::pin(raw.get_user_profile());
                runtime.block_on(boxed)
            },
            raw_get,
        ),
        common::paired(
            "parts: raw post with a fresh UUID key / raw post",
            PART_ROUNDS,
            || runtime.block_on(raw.send_event(event.clone(), true)),
            raw_event,
        ),
    ];
    common::summary(
        "per-request overhead: fyno::Client vs raw reqwest (goal: ≤ 1.03×)",
        &results,
    );
}
