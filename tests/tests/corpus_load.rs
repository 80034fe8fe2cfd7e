//! The load stage over the shared corpus of real vendor documents
//! (`$FYNO_CORPUS`, by default `../shared/corpus` beside the workspace): every
//! OpenAPI 3.0 and 3.1 document loads, every Swagger 2.0 one is refused with
//! how to convert it. The corpus is not part of the repository; without it
//! these tests say so and check nothing.

use fyno_codegen::diagnostics::{Diagnostics, Severity};
use fyno_codegen::load::{Dialect, load};
use fyno_codegen::{EmitOptions, Input, SourceFile};
use std::fs;
use std::path::PathBuf;
use xtask::workspace_root;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("FYNO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/corpus"));
    if dir.join("specs").is_dir() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        // CI always has the corpus beside the checkout: its absence there is a failure.
        panic!("no corpus at {}", dir.display());
    } else {
        eprintln!(
            "SKIPPED: no corpus at {} (set FYNO_CORPUS to the directory holding specs/)",
            dir.display()
        );
        None
    }
}

/// Every document of `specs/`, as (file name, text).
fn documents(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = fs::read_dir(dir.join("specs"))
        .expect("corpus specs")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            let is_document = [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e));
            is_document.then(|| (name, fs::read_to_string(&path).expect("read document")))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_openapi_document_of_the_corpus_loads_and_swagger_is_refused_helpfully() {
    let Some(dir) = corpus() else { return };
    let mut problems = Vec::new();
    let mut dialects = [0usize; 3];
    for (name, text) in documents(&dir) {
        let mut diags = Diagnostics::new();
        let spec = SourceFile {
            name: &name,
            text: &text,
        };
        let loaded = load(spec, &[], &mut diags);
        let report = diags.to_string();
        match loaded {
            Some(loaded) => {
                dialects[match loaded.dialect {
                    Dialect::OpenApi30 => 0,
                    Dialect::OpenApi31 => 1,
                }] += 1;
                if diags.iter().any(|d| d.severity == Severity::Error) {
                    problems.push(format!("{name}: loaded with errors:\n{report}"));
                }
            }
            None if report.contains("Swagger 2.0") && report.contains("swagger2openapi") => {
                dialects[2] += 1;
            }
            None => problems.push(format!("{name}: not loaded:\n{report}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let [v30, v31, v20] = dialects;
    assert!(
        v30 > 30 && v31 >= 10 && v20 >= 1,
        "3.0: {v30}, 3.1: {v31}, 2.0: {v20}"
    );
}

/// The reproducers that once were refused, hung or crashed now get an answer.
#[test]
fn load_reproducers_get_an_answer() {
    let Some(dir) = corpus() else { return };
    let read = |name: &str| fs::read_to_string(dir.join("reproducers").join(name)).expect(name);
    for (name, expected) in [
        ("valid-json-surrogate-pair-refused.json", None),
        ("valid-yaml-big-integer-masks-3.1.yaml", None),
        (
            "quadratic-yaml-scan-deep-json-50000.json",
            Some("nests deeper than 128 levels"),
        ),
    ] {
        let text = read(name);
        let input = Input {
            lock: None,
            spec: SourceFile { name, text: &text },
            overlays: Vec::new(),
            options: EmitOptions::default(),
        };
        match (fyno_codegen::generate(&input), expected) {
            (Ok(_), None) => {}
            (Err(diagnostics), Some(needle))
                if diagnostics.iter().any(|d| d.message.contains(needle)) => {}
            (outcome, _) => panic!("{name}: {:?}", outcome.map(|g| g.warnings)),
        }
    }
}
