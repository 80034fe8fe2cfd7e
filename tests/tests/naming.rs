//! Names are decided, never refused, and nothing about them depends on the
//! document's order: the operations and schemas of documents with many
//! collisions, shuffled, give byte-identical crates, locks and warnings.

use fyno_codegen::diagnostics::Severity;
use fyno_workspace_tests::shuffle::shuffle;
use serde_json::Value;

/// Documents of the corpus where derived names collide: every kind the
/// APIs.guru directory showed (the reproducer), and a large real document.
/// Each with the fewest names it must have decided.
const DOCUMENTS: &[(&str, &str, usize)] = &[
    ("reproducers", "refused-colliding-derived-names.yaml", 15),
    ("specs", "pagerduty-rest.json", 3),
];

/// Warnings that say a derived name was decided.
const DECIDED: &[&str] = &[
    "would both be",
    "is also derived",
    "would be named",
    "is already used by",
    "is already a method",
];

fn generate(document: &Value) -> fyno_codegen::Generated {
    let text = serde_json::to_string_pretty(document).unwrap_or_else(|e| panic!("{e}"));
    fyno_workspace_tests::generate_named("shuffled.json", &text, None)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// What a warning says, without its line and column (which move with the
/// text): `file at pointer: message`.
fn warnings(generated: &fyno_codegen::Generated) -> Vec<String> {
    let mut said: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning)
        .map(|w| {
            format!(
                "{} {}",
                without_order_free_positions(&w.location.pointer),
                w.message
            )
        })
        .collect();
    said.sort();
    said
}

/// A pointer with its positions in order-free lists blanked: a warning
/// names the author's place, which a shuffle of the list moves.
fn without_order_free_positions(pointer: &str) -> String {
    let mut previous = "";
    pointer
        .split('/')
        .map(|token| {
            let order_free = ["parameters", "required", "enum", "tags"].contains(&previous);
            let blanked = order_free && token.bytes().all(|b| b.is_ascii_digit());
            previous = token;
            if blanked { "#" } else { token }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn shuffled_documents_generate_byte_identical_crates() {
    for (folder, name, fewest) in DOCUMENTS {
        let path = xtask::workspace_root()
            .join(xtask::corpus::CORPUS_DIR)
            .join(folder)
            .join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
        let source = fyno_codegen::SourceFile { name, text: &text };
        let document = fyno_codegen::load::read_document(source, &mut diags)
            .unwrap_or_else(|| panic!("{name}: {diags}"));
        let original = generate(&document);
        let decided = warnings(&original)
            .iter()
            .filter(|w| DECIDED.iter().any(|d| w.contains(d)))
            .count();
        assert!(decided >= *fewest, "{name}: only {decided} names decided");
        let paths = |d: &Value| {
            d["paths"]
                .as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
        };
        for seed in [1, 2, 3] {
            let shuffled = shuffle(&document, seed);
            // serde_json keeps insertion order here (`preserve_order`, which
            // the generator enables): the test would prove nothing otherwise.
            assert_ne!(paths(&shuffled), paths(&document), "{name}: not shuffled");
            let again = generate(&shuffled);
            assert!(
                again.files == original.files,
                "{name}, seed {seed}: the files differ"
            );
            assert_eq!(
                again.lock.render(),
                original.lock.render(),
                "{name}, seed {seed}: the lock differs"
            );
            assert_eq!(
                warnings(&again),
                warnings(&original),
                "{name}, seed {seed}: the warnings differ"
            );
        }
    }
}

/// Every derived name of the collision reproducer is distinct where Rust
/// needs it to be, and reads as the warnings say.
#[test]
fn the_collision_reproducer_gets_names_that_say_what_differs() {
    let text = fyno_workspace_tests::corpus_reproducer("refused-colliding-derived-names.yaml");
    let generated = fyno_workspace_tests::generate_named("names.yaml", &text, None)
        .unwrap_or_else(|e| panic!("{e}"));
    let method = |path: &str| {
        generated
            .operations
            .iter()
            .find(|op| op.path == path)
            .map(|op| op.rust_method.clone())
            .unwrap_or_default()
    };
    assert_eq!(method("/info.0.json"), "get_info_0_json");
    assert_eq!(
        method("/{comicId}/info.0.json"),
        "get_info_0_json_by_comic_id"
    );
    assert_eq!(method("/v2/employees"), "list_employees");
    assert_eq!(method("/v1/me/employees"), "list_employees_v1_me");
    assert_eq!(method("/config"), "builder_config");
    // The decisions are recorded: regenerating with the lock changes nothing.
    let lock = generated.lock.render();
    let again = fyno_workspace_tests::generate_named("names.yaml", &text, Some(&lock))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.files == generated.files, "regenerated files differ");
    assert_eq!(again.lock.render(), lock);
    assert!(again.changes.is_empty(), "{}", again.changes.render());
    let code: String = generated.files.values().cloned().collect();
    for expected in [
        "pub plus_1: i64",
        "pub minus_1: i64",
        "pub job_id: ",
        "pub job_id_upper: ",
        "pub at_id: ",
        "MinusEndAt",
        "AscUpper",
        "UserProfile2",
        "fn send_param(",
        "fn limit(",
        "fn limit_header(",
    ] {
        assert!(
            code.contains(expected),
            "no `{expected}` in the generated code"
        );
    }
}

/// Generates `before`, then `after` with the lock `before` wrote: what a
/// maintainer's regeneration does when the vendor edits the document.
fn regenerate(before: &str, after: &str) -> fyno_codegen::Generated {
    let first = fyno_workspace_tests::generate_named("api.yaml", before, None)
        .unwrap_or_else(|e| panic!("{e}"));
    let lock = first.lock.render();
    fyno_workspace_tests::generate_named("api.yaml", after, Some(&lock))
        .unwrap_or_else(|e| panic!("{e}"))
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A newcomer never takes a published name: not the catch-all variant's,
/// not a parameter's when another of the same name arrives in another
/// location, not the map of undeclared members'. Each edit is an addition.
#[test]
fn published_names_are_never_taken_by_a_newcomer() {
    let colors = |values: &str| {
        format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Color: {{type: string, enum: [{values}]}}\n"
        )
    };
    let after = regenerate(&colors("red, blue"), &colors("red, blue, other"));
    let code: String = after.files.values().cloned().collect();
    let report = after.changes.render();
    assert!(
        code.contains("Other2"),
        "the new value is named apart: {report}"
    );
    assert_eq!(
        after.changes.count(fyno_codegen::report::Impact::Breaking),
        0,
        "{report}"
    );

    let params = |extra: &str| {
        format!(
            "{HEAD}paths:\n  /things:\n    get:\n      operationId: getThings\n      parameters:\n      - {{name: id, in: query, schema: {{type: string}}}}\n{extra}      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let after = regenerate(
        &params(""),
        &params("      - {name: id, in: header, schema: {type: string}}\n"),
    );
    let report = after.changes.render();
    assert!(report.contains("parameter `id_header`"), "{report}");
    assert_eq!(
        after.changes.count(fyno_codegen::report::Impact::Breaking),
        0,
        "{report}"
    );

    let bag = |extra: &str| {
        format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Bag:\n      type: object\n      properties:\n        name: {{type: string}}\n{extra}      additionalProperties: {{type: string}}\n"
        )
    };
    let after = regenerate(
        &bag(""),
        &bag("        additional_properties: {type: integer}\n"),
    );
    let report = after.changes.render();
    assert!(report.contains("additional_properties_2"), "{report}");
    assert_eq!(
        after.changes.count(fyno_codegen::report::Impact::Breaking),
        0,
        "{report}"
    );
}
