//! Documents split over many files: every document of the repository's
//! corpus, split one component and one path item per file in nested folders
//! (JSON and YAML in turn, `tests/src/split.rs`), generates exactly the
//! files the single document generates; problems in a referenced file are
//! reported in that file, at its line.

use fyno_codegen::{EmitOptions, Files, Generated, Input, SourceFile, generate};
use fyno_workspace_tests::corpus_documents;
use fyno_workspace_tests::split::split;
use std::collections::BTreeMap;

const ROOT: &str = "api/openapi.json";

fn generated(text: &str, files: Option<&BTreeMap<String, String>>) -> Result<Generated, String> {
    let reader = |path: &str| {
        files
            .and_then(|files| files.get(path).cloned())
            .ok_or_else(|| format!("`{path}` is not in the split"))
    };
    generate(&Input {
        spec: SourceFile { name: ROOT, text },
        overlays: Vec::new(),
        lock: None,
        options: EmitOptions::default(),
        files: Some(Files(&reader)),
    })
    .map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn every_corpus_document_split_over_files_generates_the_same_crate() {
    let mut compared = 0;
    let mut differences = Vec::new();
    for path in corpus_documents("specs") {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
        let Some(document) = fyno_codegen::load::read_document(
            SourceFile {
                name: ROOT,
                text: &text,
            },
            &mut diags,
        ) else {
            continue;
        };
        // The single document, written as the root is (JSON), for equal headers.
        let single_text = serde_json::to_string_pretty(&document).unwrap_or_default();
        let Ok(single) = generated(&single_text, None) else {
            continue;
        };
        let parts = split(ROOT, &document);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        match generated(&parts.root, Some(&parts.files)) {
            Ok(multi) if multi.files == single.files => compared += 1,
            Ok(multi) => {
                let differing: Vec<&String> = single
                    .files
                    .keys()
                    .chain(multi.files.keys())
                    .filter(|f| single.files.get(*f) != multi.files.get(*f))
                    .collect();
                differences.push(format!("{name}: files differ: {differing:?}"));
            }
            Err(problems) => differences.push(format!("{name}: refused:\n{problems}")),
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
    // Every corpus document that generates as one file was compared.
    assert!(compared >= 55, "{compared} compared");
}

/// `tests/fixtures/multi-file/`, read from disk as `cargo xtask codegen
/// --spec` reads it, with an overlay on a part that lives in another file.
fn fixture(overlays: Vec<std::path::PathBuf>) -> Result<Generated, xtask::Failure> {
    let root = xtask::workspace_root();
    let job = xtask::Job {
        spec: root.join("tests/fixtures/multi-file/openapi.yaml"),
        overlays,
        out: root.join("target/unused"),
        crate_name: Some("split".to_owned()),
        lock: None,
        changelog: None,
    };
    xtask::generate(&job, &root)
}

/// Problems in a referenced file are reported in that file, at its line;
/// one file reached by two paths (and a cycle across files) is one type;
/// a text in another file is read where it is referenced.
#[test]
fn a_split_document_is_read_from_disk_and_its_problems_located_in_their_files() {
    let generated = fixture(Vec::new()).unwrap_or_else(|e| panic!("{e}"));
    let report: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        report,
        [
            "warning[W019]: tests/fixtures/multi-file/paths/pets.yaml:7:9 at /get/parameters/0/schema/type: `type: \"integr\"` is not a JSON Schema type, so the schema is generated as free-form JSON; did you mean `integer`? (an overlay can correct it)"
        ]
    );
    let types = &generated.files["src/generated/types/general.rs"];
    assert_eq!(types.matches("pub struct ").count(), 2, "{types}");
    assert!(
        types.contains("pub struct Pet ") && types.contains("pub struct Owner "),
        "{types}"
    );
    let operations = &generated.files["src/generated/operations/general.rs"];
    let unspaced: String = operations.split_whitespace().collect();
    assert!(
        unspaced.contains("::std::vec::Vec<crate::types::Pet>"),
        "{operations}"
    );
    assert!(
        generated
            .crate_root
            .contains("The pets of a split document.")
    );
}

/// An overlay targets the bundled document, whichever file a part came from.
#[test]
fn an_overlay_corrects_a_part_that_lives_in_another_file() {
    let overlay = std::env::temp_dir().join(format!("split-{}.overlay.yaml", std::process::id()));
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.paths['/pets'].get.parameters[0].schema\n    description: the vendor's typo\n    update: {type: integer}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let generated = fixture(vec![overlay.clone()]);
    let _ = std::fs::remove_file(&overlay);
    let generated = generated.unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// An error in a referenced file stops the document and is reported in that
/// file, at its line.
#[test]
fn an_error_in_a_referenced_file_is_reported_in_that_file_at_its_line() {
    let files = BTreeMap::from([(
        "api/models/pet.yaml".to_owned(),
        "type: object\nproperties:\n  owner:\n    $ref: 'gone.yaml'\n".to_owned(),
    )]);
    let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: 'models/pet.yaml'}\n";
    let report = generated(root, Some(&files)).expect_err("a missing file");
    assert_eq!(
        report,
        "error[E010]: api/models/pet.yaml:4:5 at /properties/owner/$ref: cannot read `api/models/gone.yaml`: `api/models/gone.yaml` is not in the split"
    );
}

/// Moving a schema between files (its own file, then a file of several)
/// renames nothing: the same crate and the same API lock.
#[test]
fn moving_a_schema_between_files_renames_nothing() {
    let root = |reference: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /owner:\n    get:\n      operationId: getOwner\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
        )
    };
    let owner = "type: object\nproperties:\n  name: {type: string}\n";
    let alone = BTreeMap::from([("api/models/owner.yaml".to_owned(), owner.to_owned())]);
    let together = BTreeMap::from([(
        "api/shared/all.yaml".to_owned(),
        format!(
            "Owner:\n{}Other: {{type: string}}\n",
            owner
                .lines()
                .map(|l| format!("  {l}\n"))
                .collect::<String>()
        ),
    )]);
    let first =
        generated(&root("models/owner.yaml"), Some(&alone)).unwrap_or_else(|e| panic!("{e}"));
    let moved = generated(&root("shared/all.yaml#/Owner"), Some(&together))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.files, moved.files);
    assert_eq!(first.lock.render(), moved.lock.render());
    assert!(first.files["src/generated/types/general.rs"].contains("pub struct Owner "));
}

/// A real vendor document split over many files: DigitalOcean's public API
/// description (`corpus/trees/digitalocean`, 2,907 files; origin and commit
/// in `corpus/manifest.tsv`) generates, and its crate builds with no error
/// and no warning.
#[test]
fn digitaloceans_document_of_2907_files_generates_and_its_crate_compiles() {
    let trees = fyno_workspace_tests::corpus_documents("trees");
    let rows = fyno_workspace_tests::assert_documents_compile(trees, "trees-test");
    for row in &rows {
        assert!(
            row.operations > 400,
            "{}: {} operations",
            row.document,
            row.operations
        );
    }
}
