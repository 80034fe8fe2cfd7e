//! The load stage over the repository's corpus of real vendor documents
//! (`corpus/`, as its manifest lists them): every OpenAPI 3.0 and 3.1
//! document loads, every Swagger 2.0 one is refused with how to convert it.

use fyno_codegen::diagnostics::{Diagnostics, Severity};
use fyno_codegen::load::{Dialect, load};
use fyno_codegen::{EmitOptions, Input, SourceFile};
use fyno_workspace_tests::{CORPUS_SPECS, corpus_documents, corpus_reproducer};
use std::fs;

/// Every document of `corpus/specs` the manifest lists, as (file name, text).
fn documents() -> Vec<(String, String)> {
    corpus_documents("specs")
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, text)
        })
        .collect()
}

#[test]
fn every_openapi_document_of_the_corpus_loads_and_swagger_is_refused_helpfully() {
    let mut problems = Vec::new();
    let mut dialects = [0usize; 3];
    let documents = documents();
    assert_eq!(documents.len(), CORPUS_SPECS);
    for (name, text) in documents {
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
    for (name, expected) in [
        ("valid-json-surrogate-pair-refused.json", None),
        ("valid-yaml-big-integer-masks-3.1.yaml", None),
        (
            "quadratic-yaml-scan-deep-json-50000.json",
            Some("nests deeper than 128 levels"),
        ),
    ] {
        let text = corpus_reproducer(name);
        let input = Input {
            lock: None,
            spec: SourceFile { name, text: &text },
            overlays: Vec::new(),
            options: EmitOptions::default(),
            files: None,
        };
        match (fyno_codegen::generate(&input), expected) {
            (Ok(_), None) => {}
            (Err(diagnostics), Some(needle))
                if diagnostics.iter().any(|d| d.message.contains(needle)) => {}
            (outcome, _) => panic!("{name}: {:?}", outcome.map(|g| g.warnings)),
        }
    }
}
