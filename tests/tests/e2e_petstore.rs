//! End to end on a spec that is not Fyno's: the petstore fixture generated
//! as `cargo xtask codegen --out` writes it, built in a scratch workspace
//! together with the hand-written integration test in
//! `tests/fixtures/e2e/petstore/`, which runs it against a wiremock server.

use fyno_workspace_tests::scratch::{ScratchWorkspace, diagnostics, write};
use std::fs;
use xtask::{Job, generate, workspace_root};

#[test]
fn generated_petstore_crate_works_against_a_server() {
    let root = workspace_root();
    let fixture = root.join("tests/fixtures/e2e/petstore");
    let job = Job {
        spec: root.join("tests/fixtures/petstore.yaml"),
        overlays: Vec::new(),
        out: root.join("target/unused"),
        crate_name: Some("petstore".to_owned()),
    };
    let generated = generate(&job, &root).unwrap_or_else(|failure| panic!("{failure}"));

    let mut workspace = ScratchWorkspace::new("e2e-petstore");
    let dir = workspace.add_crate("petstore", &generated);
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).expect("generated manifest");
    let dev = fs::read_to_string(fixture.join("dev-dependencies.toml")).expect("dev-dependencies");
    write(&dir.join("Cargo.toml"), &format!("{manifest}{dev}"));
    let test = fs::read_to_string(fixture.join("tests/petstore.rs")).expect("integration test");
    write(&dir.join("tests/petstore.rs"), &test);

    let output = workspace.cargo(&[
        "test",
        "--package",
        "petstore",
        "--quiet",
        "--message-format",
        "short",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let problems = diagnostics(&output);
    assert!(
        output.status.success() && problems.is_empty(),
        "the generated crate's tests fail or warn:\n{}\n{stdout}",
        problems.join("\n")
    );
    // The crate's own example test and the five end-to-end tests all ran.
    assert!(stdout.contains("test result: ok. 5 passed"), "{stdout}");
    assert!(stdout.contains("test result: ok. 1 passed"), "{stdout}");
}
