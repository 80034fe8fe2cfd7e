//! Decoding the generated `oneOf` enums against hand-written
//! `#[serde(untagged)]` enums over the same payload structs.
//!
//! `cargo bench -p fyno --bench one_of`
//!
//! The generated `EventRequest` / `BulkEventItem` decoders read the object
//! once into a struct of optional keys and pick the alternative from which
//! keys are present. `#[serde(untagged)]` buffers the whole object into
//! serde's private `Content` tree and then tries each alternative in order.
//!
//! Correctness, not only speed, differs. The payload structs do not deny
//! unknown fields, so an untagged enum takes the *first* alternative that
//! fits; with the alternatives in spec order (`To` first), the "both" shape
//! `{"event":…,"distinct_id":…,"to":…}` decodes as `To` and `distinct_id` is
//! silently dropped (asserted in `check_shapes`). The generated decoder
//! picks the most specific alternative (`DistinctIdAndTo`). Listing the
//! untagged alternatives most-specific-first fixes these three shapes, and
//! is measured too. For `PropertyValue`, untagged cannot tell a `date`
//! string from a plain string at all: `"2021-12-01"` comes out as `String`.
//!
//! The `struct_*` baselines decode straight into the matching payload
//! struct: the floor any `oneOf` dispatch is measured against.
//!
//! Every comparison is a paired, interleaved ratio (`common::paired`);
//! criterion's groups give absolute times only.

mod common;

use common::Paired;
use criterion::{Criterion, Throughput};
use fyno::types::{
    BulkEventItem, BulkEventItemDistinctId, BulkEventItemDistinctIdAndTo, BulkEventItemTo,
    EventRequest, EventRequestDistinctId, EventRequestDistinctIdAndTo, EventRequestTo,
    PropertyValue,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

/// `EventRequest` alternatives in spec order, as a naive port would write them.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only decoded
enum UntaggedEventSpecOrder {
    To(EventRequestTo),
    DistinctId(EventRequestDistinctId),
    DistinctIdAndTo(EventRequestDistinctIdAndTo),
}

/// `EventRequest` alternatives most specific first (correct for the three shapes).
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only decoded
enum UntaggedEventSpecificFirst {
    DistinctIdAndTo(EventRequestDistinctIdAndTo),
    DistinctId(EventRequestDistinctId),
    To(EventRequestTo),
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only decoded
enum UntaggedBulkItemSpecOrder {
    To(BulkEventItemTo),
    DistinctId(BulkEventItemDistinctId),
    DistinctIdAndTo(BulkEventItemDistinctIdAndTo),
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only decoded
enum UntaggedBulkItemSpecificFirst {
    DistinctIdAndTo(BulkEventItemDistinctIdAndTo),
    DistinctId(BulkEventItemDistinctId),
    To(BulkEventItemTo),
}

/// `PropertyValue` as untagged: there is no way to express the `date`
/// alternative, so dates decode as `String`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // only decoded
enum UntaggedPropertyValue {
    String(String),
    Number(serde_json::Number),
    Boolean(bool),
    List(Vec<serde_json::Value>),
}

const TO: &str = r#"{"sms":"+919879000001","email":"jane.doe@example.com","whatsapp":"+919879000001","push":"fcm_token:dGhpcyBpcyBhIHRva2Vu"}"#;
const DATA: &str = r#"{"order_id":"ORD-1029","amount":1499.5,"currency":"INR","items":3,"name":"Jane","eta":"2024-03-05","tracking_url":"https://example.com/t/ORD-1029"}"#;
const CALLBACK: &str = r#"{"custom_id":"cb-1029","enable":true,"allowlist_url":["WebhookURL1"]}"#;

/// The three documented shapes of an event body: (bench id, JSON).
fn event_shapes() -> [(&'static str, String); 3] {
    [
        (
            "to_only",
            format!(r#"{{"event":"order_shipped","to":{TO},"data":{DATA},"callback":{CALLBACK}}}"#),
        ),
        (
            "distinct_id_only",
            format!(
                r#"{{"event":"order_shipped","distinct_id":"user_1029","data":{DATA},"callback":{CALLBACK}}}"#
            ),
        ),
        (
            "both",
            format!(
                r#"{{"event":"order_shipped","distinct_id":"user_1029","to":{TO},"data":{DATA},"callback":{CALLBACK}}}"#
            ),
        ),
    ]
}

/// The three documented shapes of a bulk batch item.
fn bulk_item_shapes() -> [(&'static str, String); 3] {
    [
        (
            "to_only",
            format!(r#"{{"to":{TO},"data":{DATA},"callback":{CALLBACK}}}"#),
        ),
        (
            "distinct_id_only",
            format!(r#"{{"distinct_id":"user_1029","data":{DATA},"callback":{CALLBACK}}}"#),
        ),
        (
            "both",
            format!(
                r#"{{"distinct_id":"user_1029","to":{TO},"data":{DATA},"callback":{CALLBACK}}}"#
            ),
        ),
    ]
}

const PROPERTIES: &str = r#"{"plan":"pro","city":"Pune","age":31,"score":4.75,"vip":true,"signup":"2021-12-01","last_seen":"2024-03-05T10:20:00Z","tags":["beta","early"]}"#;

/// Fails fast if a payload does not decode, and pins the correctness
/// difference described at the top of this file.
fn check_shapes() {
    for (shape, json) in event_shapes() {
        let generated: EventRequest = serde_json::from_str(&json).expect("generated decodes");
        let spec_order: UntaggedEventSpecOrder =
            serde_json::from_str(&json).expect("untagged decodes");
        let specific: UntaggedEventSpecificFirst =
            serde_json::from_str(&json).expect("untagged decodes");
        match shape {
            "to_only" => {
                assert!(matches!(generated, EventRequest::To(_)));
                assert!(matches!(spec_order, UntaggedEventSpecOrder::To(_)));
                assert!(matches!(specific, UntaggedEventSpecificFirst::To(_)));
            }
            "distinct_id_only" => {
                assert!(matches!(generated, EventRequest::DistinctId(_)));
                assert!(matches!(spec_order, UntaggedEventSpecOrder::DistinctId(_)));
                assert!(matches!(
                    specific,
                    UntaggedEventSpecificFirst::DistinctId(_)
                ));
            }
            _ => {
                assert!(matches!(generated, EventRequest::DistinctIdAndTo(_)));
                // Spec-order untagged: `To` fits first and `distinct_id` is lost.
                assert!(matches!(spec_order, UntaggedEventSpecOrder::To(_)));
                assert!(matches!(
                    specific,
                    UntaggedEventSpecificFirst::DistinctIdAndTo(_)
                ));
            }
        }
    }
    for (shape, json) in bulk_item_shapes() {
        let generated: BulkEventItem = serde_json::from_str(&json).expect("generated decodes");
        let spec_order: UntaggedBulkItemSpecOrder =
            serde_json::from_str(&json).expect("untagged decodes");
        let _: UntaggedBulkItemSpecificFirst =
            serde_json::from_str(&json).expect("untagged decodes");
        if shape == "both" {
            assert!(matches!(generated, BulkEventItem::DistinctIdAndTo(_)));
            assert!(matches!(spec_order, UntaggedBulkItemSpecOrder::To(_)));
        }
    }
    let generated: BTreeMap<String, PropertyValue> =
        serde_json::from_str(PROPERTIES).expect("generated decodes");
    let untagged: BTreeMap<String, UntaggedPropertyValue> =
        serde_json::from_str(PROPERTIES).expect("untagged decodes");
    assert!(matches!(generated["signup"], PropertyValue::Date(_)));
    assert!(matches!(
        untagged["signup"],
        UntaggedPropertyValue::String(_)
    ));
}

fn benches(c: &mut Criterion) {
    check_shapes();

    for (shape, json) in event_shapes() {
        let mut group = c.benchmark_group(format!("one_of_event_{shape}"));
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function("generated", |b| {
            b.iter(|| serde_json::from_str::<EventRequest>(black_box(&json)).is_ok())
        });
        group.bench_function("untagged_spec_order", |b| {
            b.iter(|| serde_json::from_str::<UntaggedEventSpecOrder>(black_box(&json)).is_ok())
        });
        group.bench_function("untagged_specific_first", |b| {
            b.iter(|| serde_json::from_str::<UntaggedEventSpecificFirst>(black_box(&json)).is_ok())
        });
        group.bench_function("struct_floor", |b| {
            b.iter(|| match shape {
                "to_only" => serde_json::from_str::<EventRequestTo>(black_box(&json)).is_ok(),
                "distinct_id_only" => {
                    serde_json::from_str::<EventRequestDistinctId>(black_box(&json)).is_ok()
                }
                _ => serde_json::from_str::<EventRequestDistinctIdAndTo>(black_box(&json)).is_ok(),
            })
        });
        group.finish();
    }

    for (shape, json) in bulk_item_shapes() {
        let mut group = c.benchmark_group(format!("one_of_bulk_item_{shape}"));
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function("generated", |b| {
            b.iter(|| serde_json::from_str::<BulkEventItem>(black_box(&json)).is_ok())
        });
        group.bench_function("untagged_spec_order", |b| {
            b.iter(|| serde_json::from_str::<UntaggedBulkItemSpecOrder>(black_box(&json)).is_ok())
        });
        group.bench_function("untagged_specific_first", |b| {
            b.iter(|| {
                serde_json::from_str::<UntaggedBulkItemSpecificFirst>(black_box(&json)).is_ok()
            })
        });
        group.finish();
    }

    let mut group = c.benchmark_group("one_of_property_values");
    group.throughput(Throughput::Bytes(PROPERTIES.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_str::<BTreeMap<String, PropertyValue>>(black_box(PROPERTIES)).is_ok()
        })
    });
    group.bench_function("untagged", |b| {
        b.iter(|| {
            serde_json::from_str::<BTreeMap<String, UntaggedPropertyValue>>(black_box(PROPERTIES))
                .is_ok()
        })
    });
    group.finish();
}

/// Rounds of each paired comparison (each ≈ 4 × 5 ms).
const ROUNDS: usize = 30;

/// Decodes `json` as `T`, for a comparison.
fn decode<T: for<'de> Deserialize<'de>>(json: &str) -> bool {
    serde_json::from_str::<T>(black_box(json)).is_ok()
}

/// Every comparison, paired and interleaved.
fn paired_ratios() -> Vec<Option<Paired>> {
    let mut results = Vec::new();
    for (shape, json) in event_shapes() {
        let json = json.as_str();
        results.push(common::paired(
            &format!("one_of_event_{shape}: generated / untagged_spec_order"),
            ROUNDS,
            || decode::<EventRequest>(json),
            || decode::<UntaggedEventSpecOrder>(json),
        ));
        results.push(common::paired(
            &format!("one_of_event_{shape}: generated / untagged_specific_first"),
            ROUNDS,
            || decode::<EventRequest>(json),
            || decode::<UntaggedEventSpecificFirst>(json),
        ));
        let floor: fn(&str) -> bool = match shape {
            "to_only" => decode::<EventRequestTo>,
            "distinct_id_only" => decode::<EventRequestDistinctId>,
            _ => decode::<EventRequestDistinctIdAndTo>,
        };
        results.push(common::paired(
            &format!("one_of_event_{shape}: generated / struct_floor"),
            ROUNDS,
            || decode::<EventRequest>(json),
            || floor(json),
        ));
    }
    for (shape, json) in bulk_item_shapes() {
        let json = json.as_str();
        results.push(common::paired(
            &format!("one_of_bulk_item_{shape}: generated / untagged_spec_order"),
            ROUNDS,
            || decode::<BulkEventItem>(json),
            || decode::<UntaggedBulkItemSpecOrder>(json),
        ));
        results.push(common::paired(
            &format!("one_of_bulk_item_{shape}: generated / untagged_specific_first"),
            ROUNDS,
            || decode::<BulkEventItem>(json),
            || decode::<UntaggedBulkItemSpecificFirst>(json),
        ));
    }
    results.push(common::paired(
        "one_of_property_values: generated / untagged",
        ROUNDS,
        || decode::<BTreeMap<String, PropertyValue>>(PROPERTIES),
        || decode::<BTreeMap<String, UntaggedPropertyValue>>(PROPERTIES),
    ));
    results
}

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    let results = paired_ratios();
    common::summary("oneOf decoding: generated vs untagged", &results);
}
