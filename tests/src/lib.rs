//! Workspace-level tests live in `tests/`. This library compiles the README's
//! Rust snippets as doctests, so the documentation cannot drift from the API,
//! and holds what several tests share.
#![doc = include_str!("../../README.md")]

pub mod refactor;
pub mod scratch;
pub mod shuffle;
pub mod split;

/// Generates from a spec text keeping the names of `lock` (an API lock's
/// text), as a regeneration after a spec update does; the problems as text.
pub fn generate_keeping(spec: &str, lock: Option<&str>) -> Result<fyno_codegen::Generated, String> {
    generate_named("api.yaml", spec, lock)
}

/// [`generate_keeping`] for a spec file called `name` (problems name it).
pub fn generate_named(
    name: &str,
    spec: &str,
    lock: Option<&str>,
) -> Result<fyno_codegen::Generated, String> {
    fyno_codegen::generate(&fyno_codegen::Input {
        spec: fyno_codegen::SourceFile { name, text: spec },
        overlays: Vec::new(),
        lock: lock.map(|text| fyno_codegen::SourceFile {
            name: "api.lock",
            text,
        }),
        options: fyno_codegen::EmitOptions::default(),
        files: None,
    })
    .map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// How many documents the repository's corpus holds in each folder. Every
/// test that runs the corpus checks it ran exactly these, so a lost document,
/// a lost manifest line or a lost folder fails a test instead of shrinking it.
pub const CORPUS_SPECS: usize = 57;
/// See [`CORPUS_SPECS`].
pub const CORPUS_REPRODUCERS: usize = 11;
/// See [`CORPUS_SPECS`]: documents split over many files (their roots).
pub const CORPUS_TREES: usize = 1;

/// The listed documents of one folder of the repository's corpus
/// (`corpus/specs`, `corpus/reproducers`): panics naming every missing,
/// unreadable or unlisted document, and when the count is not the expected one.
pub fn corpus_documents(folder: &str) -> Vec<std::path::PathBuf> {
    let dir = xtask::workspace_root().join(xtask::corpus::CORPUS_DIR);
    let documents = xtask::corpus::Manifest::read(&dir)
        .and_then(|manifest| manifest.documents(folder))
        .unwrap_or_else(|e| panic!("the corpus is not whole:\n{e}"));
    let expected = match folder {
        "specs" => CORPUS_SPECS,
        "reproducers" => CORPUS_REPRODUCERS,
        "trees" => CORPUS_TREES,
        other => panic!("the corpus has no folder `{other}`"),
    };
    assert_eq!(
        documents.len(),
        expected,
        "corpus/{folder} lists {} documents, the tests expect {expected} (update CORPUS_SPECS/CORPUS_REPRODUCERS/CORPUS_TREES in tests/src/lib.rs when you add one)",
        documents.len()
    );
    documents
}

/// Generates each of `documents` as `cargo xtask corpus` does and builds
/// every generated crate, whatever its size, in one scratch workspace
/// (`target/<scratch>`): panics naming a document that is refused or whose
/// crate does not build with no error and no warning.
pub fn assert_documents_compile(
    documents: Vec<std::path::PathBuf>,
    scratch: &str,
) -> Vec<xtask::corpus::Row> {
    let root = xtask::workspace_root();
    let options = xtask::corpus::Options {
        documents,
        scratch: root.join("target").join(scratch),
        target: root.join("target/scratch-target"),
        compile_up_to: Some(u64::MAX),
    };
    let rows = xtask::corpus::run(&options, &root).unwrap_or_else(|e| panic!("{e}"));
    for row in &rows {
        assert!(row.refused.is_none(), "{}: {:?}", row.document, row.refused);
        assert!(
            row.compiled.as_ref().is_some_and(|c| c.is_clean()),
            "{}: {:?}",
            row.document,
            row.compiled
        );
    }
    rows
}

/// One reproducer of the repository's corpus, as text.
pub fn corpus_reproducer(name: &str) -> String {
    let path = xtask::workspace_root()
        .join(xtask::corpus::CORPUS_DIR)
        .join("reproducers")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
