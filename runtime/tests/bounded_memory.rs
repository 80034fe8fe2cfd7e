//! Response bodies cost at most the size limit plus a small constant, however
//! much a server sends: measured as the growth of this process's peak
//! resident set (Linux `VmHWM`, reset through `/proc/self/clear_refs`).
//!
//! One test function runs the scenarios in turn, so no other test in this
//! binary allocates while one is measured.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use fyno_codegen_runtime::__private::{CoreBuilder, CoreSpec, Idempotency, Request};
use fyno_codegen_runtime::{CallOptions, Error, RetryPolicy};

const MIB: u64 = 1024 * 1024;
/// What the allocator, reqwest's buffers and the runtime itself may add.
const SLACK: u64 = 12 * MIB;

/// How a server answers every request.
#[derive(Clone, Copy)]
enum Answer {
    /// `200`, chunked, never ending.
    Endless,
    /// `503` with `Content-Length` and the whole body sent.
    Error { len: u64, announce: bool },
}

/// Serves `answer` on a loopback port until the process ends.
fn serve(answer: Answer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || respond(stream, answer));
        }
    });
    format!("http://{address}")
}

fn respond(mut stream: TcpStream, answer: Answer) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let chunk = vec![b'x'; 64 * 1024];
    // Write errors mean the client stopped reading, which is the point.
    match answer {
        Answer::Endless => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n");
            loop {
                let framed =
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                if stream.write_all(&framed).is_err() {
                    return;
                }
            }
        }
        Answer::Error { len, announce } => {
            let head = if announce {
                format!(
                    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
                )
            } else {
                "HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n".to_owned()
            };
            let _ = stream.write_all(head.as_bytes());
            let mut left = len;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                if stream.write_all(&chunk[..n]).is_err() {
                    return;
                }
                left -= n as u64;
            }
        }
    }
}

/// A kernel-reported figure of this process, in bytes.
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|line| line.starts_with(field))
        .expect("field present");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number");
    kib * 1024
}

/// Resets the peak resident set to the current one.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("clear_refs");
}

async fn call(base: &str, options: &CallOptions) -> Error<()> {
    let core = CoreBuilder::new()
        .base_url(base)
        .attempt_timeout(Duration::from_secs(120))
        .deadline(Duration::from_secs(240))
        .retry_policy(RetryPolicy::none())
        .build(CoreSpec {
            default_base_url: None,
            schemes: &[],
            user_agent: "bounded-memory-test/0",
        })
        .expect("config");
    let request = Request {
        operation: "download",
        method: fyno_codegen_runtime::reqwest::Method::GET,
        path: "/x".to_owned(),
        query: fyno_codegen_runtime::__private::Query::new(),
        headers: Vec::new(),
        cookies: Vec::new(),
        body: None,
        accept: "application/json",
        idempotency: Idempotency::None,
        security: &[],
    };
    match core.execute(request, options).await {
        // As generated code does for a status the operation does not document.
        Ok(response) => fyno_codegen_runtime::__private::unexpected_status("download", response),
        Err(err) => fyno_codegen_runtime::__private::widen(err),
    }
}

/// Runs `scenario` and returns how far the peak resident set rose above
/// what was resident before.
async fn peak_growth<F: std::future::Future<Output = ()>>(scenario: F) -> u64 {
    reset_peak();
    let before = status_bytes("VmRSS:");
    scenario.await;
    status_bytes("VmHWM:").saturating_sub(before)
}

#[tokio::test(flavor = "current_thread")]
async fn memory_stays_within_the_limit_plus_a_constant() {
    // Warm up: the first call maps TLS roots, the runtime and reqwest's pools.
    let endless = serve(Answer::Endless);
    let limit = 8 * MIB;
    let options = CallOptions::new().max_body_bytes(limit);
    let _ = call(&endless, &options).await;

    let growth = peak_growth(async {
        let err = call(&endless, &options).await;
        assert!(
            matches!(err, Error::BodyTooLarge { limit: l, announced: None, .. } if l == limit),
            "{err:?}"
        );
        assert!(!err.is_retryable());
    })
    .await;
    assert!(
        growth < limit + SLACK,
        "an endless body raised the peak by {} MiB",
        growth / MIB
    );

    for announce in [true, false] {
        let len = 256 * MIB;
        let server = serve(Answer::Error { len, announce });
        let growth = peak_growth(async {
            let err = call(&server, &CallOptions::new().max_body_bytes(limit)).await;
            let Error::UnexpectedStatus { raw, body_len, .. } = &err else {
                panic!("expected UnexpectedStatus, got {err:?}");
            };
            assert_eq!(raw.len(), 64 * 1024, "a bounded prefix is kept");
            if announce {
                assert_eq!(*body_len, len, "the announced length is reported");
            } else {
                assert!(*body_len > limit, "counted past the limit: {body_len}");
            }
            assert!(err.to_string().contains("bytes total"), "{err}");
        })
        .await;
        assert!(
            growth < limit + SLACK,
            "a 256 MiB error body (announced: {announce}) raised the peak by {} MiB",
            growth / MIB
        );
    }
}
