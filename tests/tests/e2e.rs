//! End to end on specs that are not Fyno's: each generated as `cargo xtask
//! codegen --out` writes it, built in one scratch workspace together with a
//! hand-written integration test from `tests/fixtures/e2e/<crate>/`, which
//! runs it against a wiremock server.
//!
//! - `petstore` (`tests/fixtures/petstore.yaml`): no security, no settings;
//!   query, path, body and response decoding.
//! - `regional` (`tests/fixtures/odd-specs/c_server_variables.yaml`): client
//!   settings from path parameters and server variables, their derived and
//!   overridden environment variables, bearer authentication.
//! - `polymorph` (`tests/fixtures/e2e/polymorph/spec.yaml`): allOf
//!   inheritance, a discriminated oneOf, typed formats, undeclared members.
//! - `tree31` (`tests/fixtures/e2e/tree31/spec.yaml`, OpenAPI 3.1): recursive
//!   types, type lists with `null`, `const`, `$defs`, webhook payloads; an
//!   example, so the crate's generated examples test runs too.
//! - `media` (`tests/fixtures/e2e/media/spec.yaml`): text, binary (bytes and
//!   streamed), form, multipart and `+json` request bodies; text, binary,
//!   untyped (`application/xml`) responses, several 2xx, `4XX`, `default`.
//! - `growable` (`tests/fixtures/e2e/growable/spec.yaml`): `#[non_exhaustive]`
//!   types used from another crate: constructors and setters of response
//!   types, names that clash with them, unlisted enum values.
//! - `nested` (`tests/fixtures/e2e/nested/spec.yaml`): lists and objects
//!   nested in query parameters and form bodies (Stripe's and Box's), in
//!   each `x-rust-nested-encoding`: the exact bytes on the wire.
//! - `defects` (`tests/fixtures/e2e/defects/spec.yaml`): vendor defects read
//!   safely instead of refused (a query string in a path template, a header
//!   name with a space, `content` parameters, `$ref`'d path items and
//!   operations, a scheme the client cannot send): what goes on the wire.

use fyno_codegen::SPEC_EXAMPLES_TEST;
use fyno_workspace_tests::scratch::{ScratchWorkspace, diagnostics, write};
use std::fs;
use xtask::{Job, generate, workspace_root};

/// Crate name, spec, and how many tests its integration test has.
const CRATES: &[(&str, &str, usize)] = &[
    ("petstore", "tests/fixtures/petstore.yaml", 5),
    (
        "regional",
        "tests/fixtures/odd-specs/c_server_variables.yaml",
        4,
    ),
    ("polymorph", "tests/fixtures/e2e/polymorph/spec.yaml", 5),
    ("tree31", "tests/fixtures/e2e/tree31/spec.yaml", 2),
    ("media", "tests/fixtures/e2e/media/spec.yaml", 10),
    ("styles", "tests/fixtures/e2e/styles/spec.yaml", 5),
    ("secured", "tests/fixtures/e2e/secured/spec.yaml", 5),
    ("growable", "tests/fixtures/e2e/growable/spec.yaml", 5),
    ("nested", "tests/fixtures/e2e/nested/spec.yaml", 5),
    ("defects", "tests/fixtures/e2e/defects/spec.yaml", 4),
];

#[test]
fn generated_crates_work_against_a_server() {
    let root = workspace_root();
    let mut workspace = ScratchWorkspace::new("e2e");
    let mut with_examples = 0;
    for (name, spec, _) in CRATES {
        let job = Job {
            spec: root.join(spec),
            overlays: Vec::new(),
            out: root.join("target/unused"),
            crate_name: Some((*name).to_owned()),
            lock: None,
            changelog: None,
        };
        let generated = generate(&job, &root).unwrap_or_else(|failure| panic!("{failure}"));
        with_examples += usize::from(generated.files.contains_key(SPEC_EXAMPLES_TEST));
        let dir = workspace.add_crate(name, &generated);
        let fixture = root.join("tests/fixtures/e2e").join(name);
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).expect("generated manifest");
        let dev =
            fs::read_to_string(fixture.join("dev-dependencies.toml")).expect("dev-dependencies");
        write(&dir.join("Cargo.toml"), &format!("{manifest}{dev}"));
        let test_file = format!("tests/{name}.rs");
        let test = fs::read_to_string(fixture.join(&test_file)).expect("integration test");
        write(&dir.join(&test_file), &test);
    }

    let output = workspace.cargo(&[
        "test",
        "--workspace",
        "--quiet",
        "--message-format",
        "short",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let problems = diagnostics(&output);
    assert!(
        output.status.success() && problems.is_empty(),
        "the generated crates' tests fail or warn:\n{}\n{stdout}",
        problems.join("\n")
    );
    // Each crate's integration tests ran, and an examples test (one test)
    // for each crate whose spec has examples, and for no other crate.
    for (name, _, count) in CRATES {
        assert!(
            stdout.contains(&format!("test result: ok. {count} passed")),
            "{name}: {stdout}"
        );
    }
    assert!(with_examples > 0, "tree31's spec has examples");
    let example_tests = stdout.matches("test result: ok. 1 passed").count();
    assert_eq!(example_tests, with_examples, "{stdout}");
}
