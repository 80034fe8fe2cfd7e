//! Load time by input shape: it must grow linearly with the input's size,
//! whatever the input is.
//!
//! `cargo bench -p fyno-codegen --bench load`
//!
//! - `deep/*`: 100 KB of nested flow collections, 50,000 levels (as the
//!   corpus reproducer `quadratic-yaml-scan-deep-json-50000.json`), as JSON
//!   and as YAML: refused at the 128-level limit, so the time is that of the
//!   first few hundred bytes (the previous YAML reader took seconds here).
//! - `nested/*`: the same 100-level flow collection repeated N times, as JSON
//!   and YAML; within the limit, so every byte is read: time ∝ N.

use criterion::{BenchmarkId, Criterion};
use fyno_codegen::SourceFile;
use fyno_codegen::diagnostics::Diagnostics;
use fyno_codegen::load;
use std::hint::black_box;
use std::time::Duration;

fn read(name: &str, text: &str) -> bool {
    let spec = SourceFile { name, text };
    load::read_document(spec, &mut Diagnostics::new()).is_some()
}

fn flow(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));

    let deep = flow(50_000);
    let deep_json = format!(r#"{{"openapi":"3.0.3","x-deep":{deep}}}"#);
    let deep_yaml = format!("openapi: 3.0.3\nx-deep: {deep}\n");
    group.bench_function("deep/json", |b| {
        b.iter(|| read("d.json", black_box(&deep_json)))
    });
    group.bench_function("deep/yaml", |b| {
        b.iter(|| read("d.yaml", black_box(&deep_yaml)))
    });

    let nested = flow(100);
    for copies in [1_000, 2_000, 4_000] {
        let json: String = std::iter::once(r#"{"openapi":"3.0.3""#.to_owned())
            .chain((0..copies).map(|i| format!(r#","x-{i}":{nested}"#)))
            .chain(std::iter::once("}".to_owned()))
            .collect();
        let yaml: String = std::iter::once("openapi: 3.0.3\n".to_owned())
            .chain((0..copies).map(|i| format!("x-{i}: {nested}\n")))
            .collect();
        group.bench_with_input(BenchmarkId::new("nested/json", copies), &json, |b, text| {
            b.iter(|| read("n.json", black_box(text)))
        });
        group.bench_with_input(BenchmarkId::new("nested/yaml", copies), &yaml, |b, text| {
            b.iter(|| read("n.yaml", black_box(text)))
        });
    }
    group.finish();
    criterion.final_summary();
}
