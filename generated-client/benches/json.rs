//! JSON (de)serialization of request bodies as the generated types against
//! a dynamic JSON value, on the same bytes.
//!
//! `cargo bench -p fyno --bench json`
//!
//! Bodies: one realistic `EventRequest` (both `distinct_id` and `to`, template
//! data, callback) and a `BulkEventRequest` of 1,000 items cycling through
//! the three item shapes. Each body is built as JSON text, decoded into the
//! typed value and re-encoded, so every variant works on identical bytes.
//!
//! The baseline is `serde_json::Value` as serde_json builds it by default,
//! objects in a `BTreeMap`. Cargo unifies features across the packages one
//! invocation builds, and the generator and xtask turn on `preserve_order`
//! (an `IndexMap` per object, a different cost): under a workspace-wide
//! `cargo bench` this `Value` is that one, so the bench checks which it got
//! and, if not the default, leaves the comparisons against it out and says
//! so. `-p fyno` builds the default one.
//!
//! `typed_path_to_error` decodes and encodes through `serde_path_to_error`,
//! which names the failing field: the client does this only after a plain
//! decode or encode has failed, so it is the cost the success path avoids.
//!
//! Every comparison is a paired, interleaved ratio (`common::paired`);
//! criterion's groups give absolute times only.

mod common;

use common::Paired;
use criterion::{Criterion, Throughput};
use fyno::types::{BulkEventRequest, EventRequest};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;

const DATA: &str = r#"{"first_name":"Jane","order_id":"ORD-1029","amount":1499.5,"currency":"INR","items":[{"sku":"SKU-1","qty":1,"price":999.5},{"sku":"SKU-2","qty":2,"price":250}],"shipping":{"carrier":"BlueDart","tracking_id":"BD123456789IN","eta":"2024-03-05"},"coupon":null,"is_prime":true,"support_url":"https://example.com/support?ref=ORD-1029"}"#;

fn single_event_json() -> String {
    format!(
        r#"{{"event":"order_shipped","distinct_id":"user_1029","to":{{"sms":"+919879000001","whatsapp":"+919879000001","email":"jane.doe@example.com","push":"fcm_token:dGhpcyBpcyBhIHRva2VuIGZvciBiZW5jaA","inapp":"user_1029"}},"data":{DATA},"callback":{{"custom_id":"cb-ORD-1029","custom1":"tenant-7","enable":true,"allowlist_url":["WebhookURL1","WebhookURL2"]}}}}"#
    )
}

fn bulk_json(items: usize) -> String {
    let batch: Vec<String> = (0..items)
        .map(|i| {
            let data = format!(
                r#"{{"first_name":"User {i}","order_id":"ORD-{i:06}","amount":{}.5,"items":{},"eta":"2024-03-05"}}"#,
                100 + i % 900,
                1 + i % 5
            );
            match i % 3 {
                0 => format!(
                    r#"{{"to":{{"sms":"+9198790{i:05}","email":"user{i}@example.com"}},"data":{data}}}"#
                ),
                1 => format!(
                    r#"{{"distinct_id":"user_{i}","data":{data},"callback":{{"custom_id":"cb-{i}"}}}}"#
                ),
                _ => format!(
                    r#"{{"distinct_id":"user_{i}","to":{{"whatsapp":"+9198790{i:05}"}},"data":{data}}}"#
                ),
            }
        })
        .collect();
    format!(
        r#"{{"event":"order_shipped","batch":[{}]}}"#,
        batch.join(",")
    )
}

/// What the generated `BulkEventItem` decoder reads before it chooses an
/// alternative: every key of every alternative, optional. Decoding the bulk
/// body into this is the generated decoder minus `select_object_variant`
/// and building the chosen variant, i.e. a floor for it.
#[derive(Deserialize)]
#[allow(dead_code)] // only decoded
struct ItemKeys {
    callback: Option<fyno::types::Callback>,
    data: Option<fyno::types::TemplateData>,
    to: Option<fyno::types::Recipient>,
    distinct_id: Option<fyno::types::DistinctId>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // only decoded
struct BulkKeys {
    batch: Vec<ItemKeys>,
    event: String,
}

/// Whether this build's `serde_json::Value` keeps objects in insertion
/// order (`preserve_order`, unified in from another package) rather than
/// key order.
fn value_preserves_order() -> bool {
    let value: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":2}"#).expect("valid JSON");
    value
        .as_object()
        .and_then(|map| map.keys().next())
        .is_some_and(|first| first == "b")
}

/// The canonical bytes of `json` as `T` encodes it; checks that `T` and
/// `Value` agree on its content.
fn canonical<T: DeserializeOwned + Serialize>(json: &str) -> Vec<u8> {
    let typed: T = serde_json::from_str(json).expect("the body decodes as its type");
    let bytes = serde_json::to_vec(&typed).expect("encodes");
    let original: Value = serde_json::from_str(json).expect("valid JSON");
    let round_trip: Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(original, round_trip, "the typed round trip keeps the body");
    bytes
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> bool {
    serde_json::from_slice::<T>(black_box(bytes)).is_ok()
}

fn decode_path_to_error<T: DeserializeOwned>(bytes: &[u8]) -> bool {
    let mut de = serde_json::Deserializer::from_slice(black_box(bytes));
    serde_path_to_error::deserialize::<_, T>(&mut de).is_ok() && de.end().is_ok()
}

fn encode<T: Serialize>(value: &T) -> usize {
    serde_json::to_vec(black_box(value)).map_or(0, |v| v.len())
}

/// Encodes as `serde_json::to_vec` does (a 128-byte buffer to start), with
/// the path tracking of `serde_path_to_error` around the serializer.
fn encode_path_to_error<T: Serialize>(value: &T) -> usize {
    let mut body = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::new(&mut body);
    match serde_path_to_error::serialize(black_box(value), &mut ser) {
        Ok(()) => body.len(),
        Err(_) => 0,
    }
}

/// Criterion's absolute times for one body (secondary: no ratios are taken
/// between them).
fn bench_body<T: DeserializeOwned + Serialize>(
    c: &mut Criterion,
    name: &str,
    bytes: &[u8],
    default_value: bool,
) {
    let typed: T = serde_json::from_slice(bytes).expect("decodes");
    let value: Value = serde_json::from_slice(bytes).expect("decodes");

    let mut group = c.benchmark_group(format!("json_decode_{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed", |b| b.iter(|| decode::<T>(bytes)));
    if default_value {
        group.bench_function("value", |b| b.iter(|| decode::<Value>(bytes)));
    }
    group.bench_function("typed_path_to_error", |b| {
        b.iter(|| decode_path_to_error::<T>(bytes))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("json_encode_{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed", |b| b.iter(|| encode(&typed)));
    if default_value {
        group.bench_function("value", |b| b.iter(|| encode(&value)));
    }
    group.bench_function("typed_path_to_error", |b| {
        b.iter(|| encode_path_to_error(&typed))
    });
    group.finish();
}

/// Rounds of each paired comparison (each ≈ 4 × 5 ms).
const ROUNDS: usize = 30;

fn pair<A, B>(
    label: String,
    subject: impl FnMut() -> A,
    baseline: impl FnMut() -> B,
) -> Option<Paired> {
    common::paired(&label, ROUNDS, subject, baseline)
}

/// The comparisons of one body, each paired and interleaved; those against
/// `Value` only when it is the default one.
fn paired_body<T: DeserializeOwned + Serialize>(
    name: &str,
    bytes: &[u8],
    default_value: bool,
) -> Vec<Option<Paired>> {
    let typed: T = serde_json::from_slice(bytes).expect("decodes");
    let value: Value = serde_json::from_slice(bytes).expect("decodes");
    let mut results = Vec::new();
    if default_value {
        results.push(pair(
            format!("json_decode_{name}: typed / value"),
            || decode::<T>(bytes),
            || decode::<Value>(bytes),
        ));
        results.push(pair(
            format!("json_encode_{name}: typed / value"),
            || encode(&typed),
            || encode(&value),
        ));
    }
    results.push(pair(
        format!("json_decode_{name}: typed_path_to_error / typed"),
        || decode_path_to_error::<T>(bytes),
        || decode::<T>(bytes),
    ));
    results.push(pair(
        format!("json_encode_{name}: typed_path_to_error / typed"),
        || encode_path_to_error(&typed),
        || encode(&typed),
    ));
    results
}

fn bodies() -> (Vec<u8>, Vec<u8>) {
    (
        canonical::<EventRequest>(&single_event_json()),
        canonical::<BulkEventRequest>(&bulk_json(1_000)),
    )
}

fn benches(c: &mut Criterion, single: &[u8], bulk: &[u8], default_value: bool) {
    bench_body::<EventRequest>(c, "single_event", single, default_value);
    bench_body::<BulkEventRequest>(c, "bulk_1000", bulk, default_value);
    let mut group = c.benchmark_group("json_decode_bulk_1000");
    group.throughput(Throughput::Bytes(bulk.len() as u64));
    group.bench_function("keys_only_floor", |b| b.iter(|| decode::<BulkKeys>(bulk)));
    group.finish();
}

fn paired_all(single: &[u8], bulk: &[u8], default_value: bool) -> Vec<Option<Paired>> {
    let mut results = paired_body::<EventRequest>("single_event", single, default_value);
    results.extend(paired_body::<BulkEventRequest>(
        "bulk_1000",
        bulk,
        default_value,
    ));
    results.push(pair(
        "json_decode_bulk_1000: typed / keys_only_floor".to_owned(),
        || decode::<BulkEventRequest>(bulk),
        || decode::<BulkKeys>(bulk),
    ));
    if default_value {
        results.push(pair(
            "json_decode_bulk_1000: keys_only_floor / value".to_owned(),
            || decode::<BulkKeys>(bulk),
            || decode::<Value>(bulk),
        ));
    }
    results
}

fn main() {
    let (single, bulk) = bodies();
    eprintln!(
        "json: single event body {} bytes, bulk body (1,000 items) {} bytes",
        single.len(),
        bulk.len()
    );
    let default_value = !value_preserves_order();
    if !default_value {
        println!(
            "serde_json was built with `preserve_order` here (features unified with another \
             package of this invocation, such as the generator), so its `Value` is not the \
             default one and the comparisons against it are left out: \
             run `cargo bench -p fyno --bench json`"
        );
    }
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    benches(&mut criterion, &single, &bulk, default_value);
    criterion.final_summary();
    let results = paired_all(&single, &bulk, default_value);
    common::summary(
        "JSON: generated types vs serde_json::Value (default build: objects in a BTreeMap)",
        &results,
    );
}
