//! In-process generation time for the Fyno spec and its overlays.
//!
//! `cargo bench -p fyno-codegen --bench generate`
//!
//! The spec and overlays are read once, outside the timed loops; only
//! `fyno_codegen::generate` (and, for the breakdown, the public stages it
//! runs) is timed. After criterion has run, each stage's median is printed as
//! a share of the whole `generate` median measured in the same run. `emit` is
//! private, so its share is what remains of the total after the front stages.

#[path = "../../generated-client/benches/common/estimates.rs"]
mod estimates;
use estimates::median_ns;

use criterion::{BatchSize, Criterion};
use fyno_codegen::diagnostics::{Diagnostics, Reporter};
use fyno_codegen::load::overlay::Overlay;
use fyno_codegen::load::source_map::SourceMap;
use fyno_codegen::load::{self, LoadedSpec};
use fyno_codegen::{EmitOptions, Input, SourceFile, ir, naming};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, SystemTime};

const SPEC: &str = "spec/fyno-openapi.yaml";
const OVERLAYS: &[&str] = &[
    "spec/corrections.overlay.yaml",
    "spec/rust-sdk.overlay.yaml",
];
const GROUP: &str = "generate";

/// The spec and overlay texts, read once.
struct Texts {
    spec: String,
    overlays: Vec<(&'static str, String)>,
}

impl Texts {
    fn read() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let read = |relative: &str| {
            std::fs::read_to_string(root.join(relative))
                .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
        };
        Self {
            spec: read(SPEC),
            overlays: OVERLAYS.iter().map(|o| (*o, read(o))).collect(),
        }
    }

    fn input(&self) -> Input<'_> {
        let mut sources = vec![SPEC];
        sources.extend(OVERLAYS);
        Input {
            lock: None,
            spec: SourceFile {
                name: SPEC,
                text: &self.spec,
            },
            overlays: self
                .overlays
                .iter()
                .map(|(name, text)| SourceFile { name, text })
                .collect(),
            options: EmitOptions {
                source_description: sources.join(" + "),
                ..EmitOptions::default()
            },
            files: None,
        }
    }
}

fn loaded(input: &Input<'_>) -> LoadedSpec {
    let mut diags = Diagnostics::new();
    load::load(input.spec, &input.overlays, &mut diags).expect("the spec loads")
}

fn lowered(input: &Input<'_>, loaded: &LoadedSpec) -> ir::Api {
    ir::lower::lower(
        loaded,
        &mut Reporter::new(input.spec.name, &mut Diagnostics::new()),
    )
}

fn deduped(input: &Input<'_>, loaded: &LoadedSpec) -> ir::Api {
    let mut api = lowered(input, loaded);
    let mut diags = Diagnostics::new();
    let mut report = Reporter::new(input.spec.name, &mut diags);
    fyno_codegen::dedup::dedup(&mut api, &Default::default(), &mut report);
    ir::recursion::mark_recursive_fields(&mut api.types, &mut report);
    api
}

fn benches(c: &mut Criterion) {
    let texts = Texts::read();
    let input = texts.input();
    let file = input.spec.name;
    let generated = fyno_codegen::generate(&input).expect("the project's spec generates");
    let output_bytes: usize = generated.files.values().map(String::len).sum();
    eprintln!(
        "generate: {} files, {} bytes of Rust from {} bytes of spec + {} bytes of overlays",
        generated.files.len(),
        output_bytes,
        texts.spec.len(),
        texts.overlays.iter().map(|(_, t)| t.len()).sum::<usize>()
    );

    let loaded = loaded(&input);
    let deduped = deduped(&input, &loaded);

    let mut group = c.benchmark_group(GROUP);
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(10));

    // The whole pipeline, as `cargo xtask codegen` runs it minus file I/O.
    group.bench_function("total", |b| {
        b.iter(|| fyno_codegen::generate(black_box(&input)).map(|g| g.files.len()))
    });

    // Stage 1 (load), whole and in parts.
    group.bench_function("load", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            load::load(black_box(input.spec), &input.overlays, &mut diags).is_some()
        })
    });
    group.bench_function("load_yaml_parse", |b| {
        b.iter(|| load::read_document(black_box(input.spec), &mut Diagnostics::new()).is_some())
    });
    group.bench_function("load_source_map", |b| {
        // Run for the spec once inside `load` and once more in `generate`.
        b.iter(|| SourceMap::parse(black_box(&texts.spec)).is_empty())
    });
    group.bench_function("load_overlays_parse_apply", |b| {
        b.iter_batched(
            // The document before overlays is not public; applying to the
            // already-overlaid one runs the same parsing and JSONPath queries.
            || loaded.raw.clone(),
            |mut raw| {
                let mut diags = Diagnostics::new();
                for (name, text) in &texts.overlays {
                    if let Some(overlay) = Overlay::parse(text, name, &mut diags) {
                        overlay.apply(&mut raw, SPEC, &mut diags);
                    }
                }
                raw
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("load_typing", |b| {
        b.iter(|| {
            serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(black_box(&loaded.raw))
                .is_ok()
        })
    });

    // Stages 2–4 on the previous stage's output.
    group.bench_function("lower", |b| {
        b.iter(|| {
            ir::lower::lower(
                black_box(&loaded),
                &mut Reporter::new(file, &mut Diagnostics::new()),
            )
        })
    });
    group.bench_function("dedup", |b| {
        b.iter_batched(
            || lowered(&input, &loaded),
            |mut api| {
                let mut diags = Diagnostics::new();
                let mut report = Reporter::new(file, &mut diags);
                fyno_codegen::dedup::dedup(&mut api, &Default::default(), &mut report);
                ir::recursion::mark_recursive_fields(&mut api.types, &mut report);
                api
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("naming", |b| {
        b.iter_batched(
            || deduped.clone(),
            |mut api| {
                naming::name_all(
                    &mut api,
                    &Default::default(),
                    &mut Reporter::new(file, &mut Diagnostics::new()),
                );
                api
            },
            BatchSize::LargeInput,
        )
    });

    // `emit` is private; as a proxy for its render step (`syn::parse2` of the
    // `quote!` tokens, then `prettyplease::unparse`), re-lex the generated
    // files into token streams once and time those two calls on them.
    let tokens: Vec<(String, proc_macro2::TokenStream)> = generated
        .files
        .iter()
        .map(|(path, text)| {
            let tokens = text.parse().expect("generated files lex");
            (path.clone(), tokens)
        })
        .collect();
    let parsed: Vec<syn::File> = tokens
        .iter()
        .map(|(_, t)| syn::parse2(t.clone()).expect("generated files parse"))
        .collect();
    group.bench_function("emit_proxy_syn_parse2", |b| {
        b.iter(|| {
            tokens
                .iter()
                .map(|(_, t)| syn::parse2::<syn::File>(t.clone()).map_or(0, |f| f.items.len()))
                .sum::<usize>()
        })
    });
    // The same parse from token streams nothing else shares. `emit`'s
    // `render` passes `tokens.clone()` while still holding `tokens`, so
    // proc-macro2 copies the shared token vectors as `syn` walks them; this
    // shows whether that copy matters (so far: no, within noise).
    group.bench_function("emit_proxy_syn_parse2_unshared", |b| {
        b.iter_batched(
            || {
                tokens
                    .iter()
                    .map(|(_, t)| deep_copy(t.clone()))
                    .collect::<Vec<_>>()
            },
            |streams| {
                streams
                    .into_iter()
                    .map(|t| syn::parse2::<syn::File>(t).map_or(0, |f| f.items.len()))
                    .sum::<usize>()
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("emit_proxy_prettyplease", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|f| prettyplease::unparse(black_box(f)).len())
                .sum::<usize>()
        })
    });
    let timezone = tokens
        .iter()
        .position(|(path, _)| path.ends_with("types/timezone.rs"))
        .expect("timezone.rs is generated");
    group.bench_function("emit_proxy_timezone_rs", |b| {
        b.iter(|| {
            let file = syn::parse2::<syn::File>(tokens[timezone].1.clone()).expect("parses");
            prettyplease::unparse(&file).len()
        })
    });
    group.finish();
}

/// A token stream with the same tokens that shares no allocation with `tokens`.
fn deep_copy(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut copy = Group::new(group.delimiter(), deep_copy(group.stream()));
                copy.set_span(group.span());
                TokenTree::Group(copy)
            }
            other => other,
        })
        .collect()
}

fn summary(since: SystemTime) {
    let Some(total) = median_ns(GROUP, "total", since) else {
        return;
    };
    println!(
        "\n== generation breakdown (medians of this run) ==\ntotal generate: {:.2} ms",
        total / 1e6
    );
    let mut front = 0.0;
    for (id, counted) in [
        ("load", true),
        ("load_yaml_parse", false),
        ("load_source_map", false),
        ("load_overlays_parse_apply", false),
        ("load_typing", false),
        ("lower", true),
        ("dedup", true),
        ("naming", true),
    ] {
        if let Some(ns) = median_ns(GROUP, id, since) {
            if counted {
                front += ns;
            }
            let indent = if counted { "" } else { "  " };
            println!(
                "{indent}{id:<28} {:>8.2} ms  {:>5.1}% of total",
                ns / 1e6,
                100.0 * ns / total
            );
        }
    }
    if let Some(map) = median_ns(GROUP, "load_source_map", since) {
        println!(
            "{:<28} {:>8.2} ms  {:>5.1}% of total  (second spec source map, in generate)",
            "source_map_again",
            map / 1e6,
            100.0 * map / total
        );
        front += map;
    }
    println!(
        "{:<28} {:>8.2} ms  {:>5.1}% of total  (total minus the stages above)",
        "emit (remainder)",
        (total - front) / 1e6,
        100.0 * (total - front) / total
    );
    for id in [
        "emit_proxy_syn_parse2",
        "emit_proxy_syn_parse2_unshared",
        "emit_proxy_prettyplease",
        "emit_proxy_timezone_rs",
    ] {
        if let Some(ns) = median_ns(GROUP, id, since) {
            println!(
                "  {id:<26} {:>8.2} ms  {:>5.1}% of total  (proxy, re-lexed output)",
                ns / 1e6,
                100.0 * ns / total
            );
        }
    }
}

fn main() {
    let started = SystemTime::now();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    summary(started);
}
