//! JSON (de)serialization throughput of request bodies as the generated
//! types against `serde_json::Value`, on the same bytes.
//!
//! `cargo bench -p fyno --bench json`
//!
//! Bodies: one realistic `EventRequest` (both `distinct_id` and `to`, template
//! data, callback) and a `BulkEventRequest` of 1,000 items cycling through
//! the three item shapes. Each body is built as JSON text, decoded into the
//! typed value and re-encoded, so every variant works on identical bytes.
//!
//! `typed_path_to_error` is how the client itself decodes responses and
//! encodes bodies (through `serde_path_to_error`, so an error names the
//! field): it shows what that costs over plain `serde_json`.

mod common;

use common::Ratio;
use criterion::{Criterion, Throughput};
use fyno::types::{BulkEventRequest, EventRequest};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::time::{Duration, SystemTime};

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

/// The canonical bytes of `json` as `T` encodes it; checks that `T` and
/// `Value` agree on its content.
fn canonical<T: DeserializeOwned + Serialize>(json: &str) -> Vec<u8> {
    let typed: T = serde_json::from_str(json).expect("the body decodes as its type");
    let bytes = serde_json::to_vec(&typed).expect("encodes");
    let original: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let round_trip: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(original, round_trip, "the typed round trip keeps the body");
    bytes
}

fn bench_body<T: DeserializeOwned + Serialize>(c: &mut Criterion, name: &str, bytes: &[u8]) {
    let typed: T = serde_json::from_slice(bytes).expect("decodes");
    let value: serde_json::Value = serde_json::from_slice(bytes).expect("decodes");

    let mut group = c.benchmark_group(format!("json_decode_{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(bytes)).is_ok())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).is_ok())
    });
    group.bench_function("typed_path_to_error", |b| {
        b.iter(|| {
            let mut de = serde_json::Deserializer::from_slice(black_box(bytes));
            serde_path_to_error::deserialize::<_, T>(&mut de).is_ok() && de.end().is_ok()
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("json_encode_{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed", |b| {
        b.iter(|| serde_json::to_vec(black_box(&typed)).map(|v| v.len()))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).map(|v| v.len()))
    });
    group.bench_function("typed_path_to_error", |b| {
        b.iter(|| {
            let mut body = Vec::with_capacity(128);
            let mut ser = serde_json::Serializer::new(&mut body);
            serde_path_to_error::serialize(black_box(&typed), &mut ser).is_ok() && !body.is_empty()
        })
    });
    group.finish();
}

/// The goal ratios again, measured interleaved (see `common::paired`).
fn paired_body<T: DeserializeOwned + Serialize>(name: &str, bytes: &[u8]) {
    let typed: T = serde_json::from_slice(bytes).expect("decodes");
    let value: serde_json::Value = serde_json::from_slice(bytes).expect("decodes");
    common::paired(
        &format!("json_decode_{name}: typed / value"),
        30,
        || {
            black_box(serde_json::from_slice::<T>(black_box(bytes)).is_ok());
        },
        || {
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(bytes)).is_ok());
        },
    );
    common::paired(
        &format!("json_encode_{name}: typed / value"),
        30,
        || {
            black_box(serde_json::to_vec(black_box(&typed)).map(|v| v.len()).ok());
        },
        || {
            black_box(serde_json::to_vec(black_box(&value)).map(|v| v.len()).ok());
        },
    );
}

fn bodies() -> (Vec<u8>, Vec<u8>) {
    (
        canonical::<EventRequest>(&single_event_json()),
        canonical::<BulkEventRequest>(&bulk_json(1_000)),
    )
}

fn benches(c: &mut Criterion) {
    let (single, bulk) = bodies();
    eprintln!(
        "json: single event body {} bytes, bulk body (1,000 items) {} bytes",
        single.len(),
        bulk.len()
    );
    bench_body::<EventRequest>(c, "single_event", &single);
    bench_body::<BulkEventRequest>(c, "bulk_1000", &bulk);

    let mut group = c.benchmark_group("json_decode_bulk_1000");
    group.throughput(Throughput::Bytes(bulk.len() as u64));
    group.bench_function("keys_only_floor", |b| {
        b.iter(|| serde_json::from_slice::<BulkKeys>(black_box(&bulk)).is_ok())
    });
    group.finish();
}

const fn ratio(group: &'static str, subject: &'static str, baseline: &'static str) -> Ratio {
    Ratio {
        group,
        subject,
        baseline,
    }
}

const RATIOS: &[Ratio] = &[
    ratio("json_decode_single_event", "typed", "value"),
    ratio("json_encode_single_event", "typed", "value"),
    ratio("json_decode_bulk_1000", "typed", "value"),
    ratio("json_encode_bulk_1000", "typed", "value"),
    ratio("json_decode_bulk_1000", "typed", "keys_only_floor"),
    ratio("json_decode_bulk_1000", "keys_only_floor", "value"),
    ratio("json_decode_single_event", "typed_path_to_error", "typed"),
    ratio("json_encode_single_event", "typed_path_to_error", "typed"),
    ratio("json_decode_bulk_1000", "typed_path_to_error", "typed"),
    ratio("json_encode_bulk_1000", "typed_path_to_error", "typed"),
];

fn main() {
    let started = SystemTime::now();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    common::print_ratios(
        "JSON throughput: typed vs serde_json::Value (speed > 1.0 = typed faster)",
        started,
        RATIOS,
    );
    if common::bench_mode() {
        println!();
        let (single, bulk) = bodies();
        paired_body::<EventRequest>("single_event", &single);
        paired_body::<BulkEventRequest>("bulk_1000", &bulk);
    }
}
