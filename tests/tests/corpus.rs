//! The real-world corpus (`corpus/`, every document its `manifest.tsv`
//! lists; a missing or unlisted one fails the test) as a test: every document
//! generates, except those refused for what they are (Swagger 2.0): never
//! for a schema feature, a media type, a parameter shape or a security
//! scheme, never by a panic.
//! Compiling the generated crates is `cargo xtask corpus`'s job.

use fyno_workspace_tests::{CORPUS_REPRODUCERS, CORPUS_SPECS, CORPUS_TREES, corpus_documents};
use xtask::corpus::{Row, generate_row};
use xtask::workspace_root;

/// Documents refused for what they are, with the reason's text.
const REFUSED_DOCUMENTS: &[(&str, &str)] = &[("readme20-petstore.yaml", "Swagger 2.0")];

fn message(first: &str) -> &str {
    // `error[E012]: file:line:col at /pointer: message`
    first
        .split_once(": ")
        .and_then(|(_, rest)| rest.split_once(": "))
        .map_or(first, |(_, message)| message)
}

/// A document is refused only when it is listed with its reason.
fn check(row: &Row) -> Result<(), String> {
    let Some(errors) = &row.refused else {
        return Ok(());
    };
    if let Some((_, reason)) = REFUSED_DOCUMENTS.iter().find(|(d, _)| *d == row.document) {
        return if errors.iter().any(|e| e.contains(reason)) {
            Ok(())
        } else {
            Err(format!(
                "{}: expected `{reason}`, got {errors:?}",
                row.document
            ))
        };
    }
    Err(format!(
        "{}: {} errors, the first: {}",
        row.document,
        errors.len(),
        errors.first().map_or("", |e| message(e))
    ))
}

/// The corpus is whole: every document the manifest lists is present and
/// readable, every document present is listed, the counts are the expected
/// ones, and every document taken from elsewhere names the commit it was
/// taken at and a licence.
#[test]
fn the_corpus_is_whole_and_every_document_has_an_origin() {
    assert_eq!(corpus_documents("specs").len(), CORPUS_SPECS);
    assert_eq!(corpus_documents("reproducers").len(), CORPUS_REPRODUCERS);
    assert_eq!(corpus_documents("trees").len(), CORPUS_TREES);
    let manifest = xtask::corpus::Manifest::read(&workspace_root().join(xtask::corpus::CORPUS_DIR))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        manifest.entries.len(),
        CORPUS_SPECS + CORPUS_REPRODUCERS + CORPUS_TREES
    );
    for entry in &manifest.entries {
        if entry.file.starts_with("specs/") || entry.file.starts_with("trees/") {
            assert!(
                entry.repository.contains('/')
                    && entry.commit.len() == 40
                    && entry.commit.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}: a document of another vendor names its repository and commit: {entry:?}",
                entry.file
            );
        }
    }
}

#[test]
fn corpus_documents_generate_unless_refused_for_what_they_are() {
    let rows: Vec<Row> = corpus_documents("specs")
        .iter()
        .map(|d| generate_row(d))
        .collect();
    assert_eq!(rows.len(), CORPUS_SPECS);
    let problems: Vec<String> = rows.iter().filter_map(|r| check(r).err()).collect();
    let generated = rows.iter().filter(|r| r.refused.is_none()).count();
    assert!(
        problems.is_empty(),
        "{} of {} generated; unexpected refusals:\n{}",
        generated,
        rows.len(),
        problems.join("\n")
    );
}

#[test]
fn reproducers_never_crash() {
    let documents = corpus_documents("reproducers");
    assert_eq!(documents.len(), CORPUS_REPRODUCERS);
    for document in &documents {
        let row = generate_row(document);
        for error in row.refused.iter().flatten() {
            assert!(!error.contains("panicked"), "{error}");
        }
    }
}

/// CI's compile check: every corpus document up to 500 KB that generates,
/// and every reproducer, builds as the crate `cargo xtask codegen --out`
/// writes, with no error and no warning (one scratch workspace, `cargo
/// check`). `cargo xtask corpus` prints the same verdicts as a table.
#[test]
fn generated_corpus_crates_compile_without_warnings() {
    let root = workspace_root();
    for (dir, scratch) in [
        ("specs", "corpus-test"),
        ("reproducers", "reproducers-test"),
    ] {
        let documents = corpus_documents(dir);
        let expected = documents.len();
        let options = xtask::corpus::Options {
            documents,
            scratch: root.join("target").join(scratch),
            target: root.join("target/scratch-target"),
            compile_up_to: Some(500 * 1024),
        };
        let rows = xtask::corpus::run(&options, &root).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), expected, "{dir}: documents run");
        let built: Vec<&Row> = rows.iter().filter(|r| r.compiled.is_some()).collect();
        assert!(!built.is_empty(), "{dir}: nothing was built");
        let unclean: Vec<String> = built
            .iter()
            .filter(|r| !r.compiled.as_ref().is_some_and(|c| c.is_clean()))
            .map(|r| format!("{}: {:?}", r.document, r.compiled))
            .collect();
        assert!(
            unclean.is_empty(),
            "{dir}: generated crates that do not build cleanly:\n{}\n\n{}",
            unclean.join("\n"),
            xtask::corpus::table(&rows)
        );
    }
}

/// Stripe's document (4 MB; its query parameters and form bodies nest lists
/// and objects in brackets) generates, and its crate builds with no error
/// and no warning. Apart from the size limit above because it is the
/// largest document that must compile (about three minutes of `cargo check`).
#[test]
fn stripes_document_generates_and_its_crate_compiles_without_warnings() {
    let stripe: Vec<_> = corpus_documents("specs")
        .into_iter()
        .filter(|d| d.ends_with("stripe.yaml"))
        .collect();
    assert_eq!(stripe.len(), 1, "the corpus holds stripe.yaml");
    fyno_workspace_tests::assert_documents_compile(stripe, "stripe-test");
}

/// Regenerating a document with the API lock its first generation wrote
/// changes nothing: the same files, the same lock, no change reported. The
/// property `cargo xtask codegen` run twice depends on, over every document
/// of the corpus.
#[test]
fn regenerating_with_its_own_lock_changes_nothing() {
    let mut checked = 0;
    let mut unstable = Vec::new();
    for path in corpus_documents("specs") {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Refused documents are `corpus_documents_generate_…`'s business.
        let Ok(first) = fyno_workspace_tests::generate_keeping(&text, None) else {
            continue;
        };
        let lock = first.lock.render();
        let again = fyno_workspace_tests::generate_keeping(&text, Some(&lock))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        checked += 1;
        if !again.changes.is_empty() || again.files != first.files || again.lock.render() != lock {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            unstable.push(format!(
                "{}: {}",
                name.unwrap_or_default(),
                again
                    .changes
                    .render()
                    .lines()
                    .next()
                    .unwrap_or("files differ")
            ));
        }
    }
    assert_eq!(
        checked,
        CORPUS_SPECS - REFUSED_DOCUMENTS.len(),
        "documents generated and regenerated"
    );
    assert!(unstable.is_empty(), "{unstable:#?}");
}
