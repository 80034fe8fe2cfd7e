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
//! `serde_json`: it builds no retry loop, timeout, tracing span, fresh
//! idempotency key or field-path error tracking, which is the overhead
//! measured. The event body is cloned per call on both sides (the client's
//! builder takes it by value). `raw_reqwest_like_client_codec` adds to the
//! raw call what the client does outside HTTP (`serde_path_to_error` both
//! ways, a fresh UUID key), so `fyno_client` against it is the cost of the
//! request loop alone (URL join, header map, retry bookkeeping, tracing
//! span, timeout, boxed future).
//!
//! Bounded: the server answers at most `MAX_REQUESTS` requests and only
//! listens on 127.0.0.1; criterion's sample counts and times are fixed below.

mod common;

use common::Ratio;
use criterion::Criterion;
use fyno::types::{EventAccepted, EventRequest, UserProfile};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
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

    /// A fresh v4 UUID key as the client makes one per call, or a fixed one.
    fn idempotency_key(&self, codec: Codec) -> HeaderValue {
        match codec {
            Codec::Plain => self.idempotency_key.clone(),
            Codec::LikeClient => {
                let mut buffer = uuid::Uuid::encode_buffer();
                let key = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
                let mut value = HeaderValue::from_str(key).expect("uuid header");
                value.set_sensitive(true);
                value
            }
        }
    }

    async fn get_user_profile(&self, codec: Codec) -> UserProfile {
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
        codec.decode(&body)
    }

    async fn send_event(&self, event: EventRequest, codec: Codec) -> EventAccepted {
        let body = codec.encode(&event);
        let response = self
            .http
            .post(&self.event_url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.user_agent.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("idempotency-key", self.idempotency_key(codec))
            .body(body)
            .send()
            .await
            .expect("raw post");
        assert_eq!(response.status().as_u16(), 202);
        let body = response.bytes().await.expect("raw body");
        codec.decode(&body)
    }
}

/// How the raw side encodes and decodes bodies.
#[derive(Clone, Copy)]
enum Codec {
    /// Plain `serde_json`, a fixed idempotency key.
    Plain,
    /// What the client does besides HTTP: `serde_path_to_error` around
    /// `serde_json` both ways, and a fresh v4 UUID idempotency key per call.
    /// The gap from this to `fyno_client` is the request loop itself.
    LikeClient,
}

impl Codec {
    fn decode<T: DeserializeOwned>(self, body: &[u8]) -> T {
        match self {
            Codec::Plain => serde_json::from_slice(body).expect("raw decode"),
            Codec::LikeClient => {
                let mut deserializer = serde_json::Deserializer::from_slice(body);
                let value =
                    serde_path_to_error::deserialize(&mut deserializer).expect("raw decode");
                deserializer.end().expect("one document");
                value
            }
        }
    }

    fn encode<T: Serialize>(self, value: &T) -> Vec<u8> {
        match self {
            Codec::Plain => serde_json::to_vec(value).expect("raw encode"),
            Codec::LikeClient => {
                let mut body = Vec::with_capacity(128);
                let mut serializer = serde_json::Serializer::new(&mut body);
                serde_path_to_error::serialize(value, &mut serializer).expect("raw encode");
                body
            }
        }
    }
}

const GROUP_GET: &str = "overhead_get_user_profile";
const GROUP_EVENT: &str = "overhead_send_event";
const GROUP_PARTS: &str = "overhead_parts";

fn benches(c: &mut Criterion) {
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

    // Large futures are moved (memcpy) on every poll-site hand-off and into
    // the `Box` of `IntoFuture`; print their sizes for the report.
    eprintln!(
        "future sizes: fyno get_user_profile {} B, send_event {} B; raw get {} B, post {} B",
        std::mem::size_of_val(&client.get_user_profile("u1").send()),
        std::mem::size_of_val(&client.send_event(event.clone()).send()),
        std::mem::size_of_val(&raw.get_user_profile(Codec::Plain)),
        std::mem::size_of_val(&raw.send_event(event.clone(), Codec::Plain)),
    );

    // Both sides get the same answers (and open their keep-alive connection).
    runtime.block_on(async {
        let typed = client.get_user_profile("u1").await.expect("fyno get");
        assert_eq!(typed, raw.get_user_profile(Codec::Plain).await);
        let typed = client.send_event(event.clone()).await.expect("fyno post");
        assert_eq!(typed, raw.send_event(event.clone(), Codec::Plain).await);
    });

    let mut group = c.benchmark_group(GROUP_GET);
    group.sample_size(60);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(raw.get_user_profile(Codec::Plain).await) })
    });
    group.bench_function("fyno_client", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(client.get_user_profile("u1").await.expect("fyno get")) })
    });
    group.bench_function("raw_reqwest_like_client_codec", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(raw.get_user_profile(Codec::LikeClient).await) })
    });
    group.finish();

    let mut group = c.benchmark_group(GROUP_EVENT);
    group.sample_size(60);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(raw.send_event(event.clone(), Codec::Plain).await) })
    });
    group.bench_function("fyno_client", |b| {
        b.to_async(&runtime).iter(|| async {
            black_box(client.send_event(event.clone()).await.expect("fyno post"))
        })
    });
    group.bench_function("raw_reqwest_like_client_codec", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(raw.send_event(event.clone(), Codec::LikeClient).await) })
    });
    group.finish();

    // Pieces of per-call work the client does and the raw call does not,
    // timed alone, to size the gap above.
    let mut group = c.benchmark_group(GROUP_PARTS);
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(3));
    let profile = PROFILE.as_bytes();
    group.bench_function("decode_profile_serde_json", |b| {
        b.iter(|| serde_json::from_slice::<UserProfile>(black_box(profile)).is_ok())
    });
    group.bench_function("decode_profile_path_to_error", |b| {
        b.iter(|| {
            let mut de = serde_json::Deserializer::from_slice(black_box(profile));
            serde_path_to_error::deserialize::<_, UserProfile>(&mut de).is_ok() && de.end().is_ok()
        })
    });
    group.bench_function("uuid_v4_idempotency_key", |b| {
        b.iter(|| {
            let mut buffer = uuid::Uuid::encode_buffer();
            let key = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
            HeaderValue::from_str(key).is_ok()
        })
    });
    group.bench_function("await_ready", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(std::future::ready(1u8).await) })
    });
    group.bench_function("await_ready_in_timeout", |b| {
        b.to_async(&runtime).iter(|| async {
            black_box(tokio::time::timeout(Duration::from_secs(30), std::future::ready(1u8)).await)
        })
    });
    group.finish();

    if common::bench_mode() {
        println!();
        common::paired(
            "overhead_get_user_profile: fyno_client / raw_reqwest",
            40,
            || {
                black_box(
                    runtime
                        .block_on(async { client.get_user_profile("u1").await })
                        .expect("fyno get"),
                );
            },
            || {
                black_box(runtime.block_on(raw.get_user_profile(Codec::Plain)));
            },
        );
        common::paired(
            "overhead_send_event: fyno_client / raw_reqwest",
            40,
            || {
                black_box(
                    runtime
                        .block_on(async { client.send_event(event.clone()).await })
                        .expect("fyno post"),
                );
            },
            || {
                black_box(runtime.block_on(raw.send_event(event.clone(), Codec::Plain)));
            },
        );
    }
}

const RATIOS: &[Ratio] = &[
    Ratio {
        group: GROUP_GET,
        subject: "fyno_client",
        baseline: "raw_reqwest",
    },
    Ratio {
        group: GROUP_EVENT,
        subject: "fyno_client",
        baseline: "raw_reqwest",
    },
    Ratio {
        group: GROUP_GET,
        subject: "fyno_client",
        baseline: "raw_reqwest_like_client_codec",
    },
    Ratio {
        group: GROUP_EVENT,
        subject: "fyno_client",
        baseline: "raw_reqwest_like_client_codec",
    },
    Ratio {
        group: GROUP_PARTS,
        subject: "decode_profile_path_to_error",
        baseline: "decode_profile_serde_json",
    },
    Ratio {
        group: GROUP_PARTS,
        subject: "await_ready_in_timeout",
        baseline: "await_ready",
    },
];

fn main() {
    let started = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    common::print_ratios(
        "per-request overhead: fyno::Client vs raw reqwest (target time ≤ 1.05×)",
        started,
        RATIOS,
    );
}
