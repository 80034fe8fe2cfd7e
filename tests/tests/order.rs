//! Order never matters: a document whose maps and order-free lists are
//! shuffled (`src/shuffle.rs`) generates the same bytes — every file, the
//! API lock and the change report — as the document itself, with and
//! without a lock to keep. Only `servers`, alternatives and `security`
//! alternatives keep their order, which means something.

use fyno_codegen::{EmitOptions, Generated, Input, SourceFile};
use fyno_workspace_tests::shuffle::shuffle;
use serde_json::Value;
use std::fmt::Write as _;
use xtask::workspace_root;

/// Seeds of the shuffles each document is compared under.
const SEEDS: &[u64] = &[1, 2, 3];

struct Document {
    name: &'static str,
    value: Value,
    overlays: Vec<(String, String)>,
    env_prefix: Option<String>,
    /// The committed lock, when the document has one (Fyno's names need it).
    lock: Option<String>,
}

fn read(path: &str, name: &'static str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
    fyno_codegen::load::read_document(SourceFile { name, text: &text }, &mut diags)
        .unwrap_or_else(|| panic!("{path}: {:?}", diags.into_sorted()))
}

fn generate(doc: &Document, value: &Value, lock: Option<&str>) -> Generated {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let input = Input {
        spec: SourceFile {
            name: doc.name,
            text: &text,
        },
        overlays: doc
            .overlays
            .iter()
            .map(|(name, text)| SourceFile { name, text })
            .collect(),
        lock: lock.map(|text| SourceFile {
            name: "api.lock",
            text,
        }),
        options: EmitOptions {
            env_prefix: doc.env_prefix.clone(),
            ..EmitOptions::default()
        },
        files: None,
    };
    fyno_codegen::generate(&input).unwrap_or_else(|d| panic!("{}: {d:?}", doc.name))
}

/// Where `shuffled` differs from `original`: the files, the lock, the report.
fn differences(original: &Generated, shuffled: &Generated) -> String {
    let mut out = String::new();
    for path in original.files.keys().chain(shuffled.files.keys()) {
        let (a, b) = (original.files.get(path), shuffled.files.get(path));
        if a != b {
            let first =
                xtask::first_difference(b.map_or("", String::as_str), a.map_or("", String::as_str));
            let _ = writeln!(out, "file {path}:\n{first}");
        }
    }
    let (a, b) = (original.lock.render(), shuffled.lock.render());
    if a != b {
        let _ = writeln!(out, "the lock:\n{}", xtask::first_difference(&b, &a));
    }
    let (a, b) = (original.changes.render(), shuffled.changes.render());
    if a != b {
        let _ = writeln!(out, "the report:\n{a}\nvs\n{b}");
    }
    out
}

fn assert_order_free(doc: &Document) {
    // Without a lock (names derived afresh), then keeping the lock.
    let mut runs = Vec::new();
    let lock = match &doc.lock {
        Some(lock) => lock.clone(),
        None => {
            let fresh = generate(doc, &doc.value, None);
            let lock = fresh.lock.render();
            runs.push((fresh, None));
            lock
        }
    };
    runs.push((generate(doc, &doc.value, Some(&lock)), Some(lock.as_str())));
    let mut problems = String::new();
    for &seed in SEEDS {
        let shuffled = shuffle(&doc.value, seed);
        for (original, lock) in &runs {
            let lock = *lock;
            let found = differences(original, &generate(doc, &shuffled, lock));
            if !found.is_empty() {
                let with = if lock.is_some() { "with" } else { "without" };
                let _ = writeln!(problems, "seed {seed}, {with} a lock:\n{found}");
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}: order matters:\n{problems}",
        doc.name
    );
}

#[test]
fn fyno_generates_the_same_bytes_in_any_order() {
    let overlays = [
        "spec/corrections.overlay.yaml",
        "spec/rust-sdk.overlay.yaml",
    ]
    .iter()
    .map(|path| {
        let text = std::fs::read_to_string(workspace_root().join(path)).unwrap_or_default();
        ((*path).to_owned(), text)
    })
    .collect();
    assert_order_free(&Document {
        name: "spec/fyno-openapi.yaml",
        value: read("spec/fyno-openapi.yaml", "spec/fyno-openapi.yaml"),
        overlays,
        env_prefix: Some("fyno".to_owned()),
        lock: std::fs::read_to_string(workspace_root().join("spec/api.lock")).ok(),
    });
}

#[test]
fn corpus_documents_generate_the_same_bytes_in_any_order() {
    for (path, name) in [
        (
            "corpus/specs/readme-parameters-style.yaml",
            "readme-parameters-style.yaml",
        ),
        ("corpus/specs/pagerduty-rest.json", "pagerduty-rest.json"),
    ] {
        assert_order_free(&Document {
            name,
            value: read(path, name),
            overlays: Vec::new(),
            env_prefix: None,
            lock: None,
        });
    }
}
