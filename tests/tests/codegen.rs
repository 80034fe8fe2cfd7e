//! The generator on the real Fyno spec: freshness of the committed client,
//! snapshots of every generated file and of the method table, determinism.

use std::fmt::Write as _;
use xtask::{Job, compare, generate, stale_report, workspace_root};

fn generated() -> fyno_codegen::Generated {
    let root = workspace_root();
    match generate(&Job::project(&root), &root) {
        Ok(generated) => generated,
        Err(failure) => panic!("the project's spec does not generate:\n{failure}"),
    }
}

/// Fails when `generated-client/` differs from what `spec/` produces.
#[test]
fn committed_client_is_fresh() {
    let root = workspace_root();
    let job = Job::project(&root);
    let generated = generated();
    let changes = compare(&job.out, &generated.files).expect("read generated-client");
    assert!(
        changes.is_empty(),
        "generated-client/ is stale; run `cargo xtask codegen` and commit:\n{}",
        stale_report(&job.out, &generated.files, &changes)
    );
    assert!(
        xtask::api_changes::lock_is_current(&job, &generated),
        "spec/api.lock is stale; run `cargo xtask codegen` and commit it"
    );
    assert!(
        generated.changes.is_empty(),
        "the committed spec changes the API the lock records:\n{}",
        generated.changes.render()
    );
}

/// Headers the client manages, once declared by the spec, change nothing:
/// `Idempotency-Key` is the idempotency feature the client already has
/// (a generated key per call, as `x-idempotency-key` asked), `Content-Type`
/// is ignored with a warning.
#[test]
fn declared_managed_headers_leave_the_client_unchanged() {
    let root = workspace_root();
    let mut job = Job::project(&root);
    job.overlays
        .push(root.join("tests/fixtures/fyno-declares-headers.overlay.yaml"));
    let declared = match generate(&job, &root) {
        Ok(generated) => generated,
        Err(failure) => panic!("the declared headers are refused:\n{failure}"),
    };
    assert!(
        declared.warnings.iter().any(|d| d
            .to_string()
            .contains("header parameter `Content-Type` is ignored")),
        "{:?}",
        declared.warnings
    );
    // Below the first line, which names the overlays it came from.
    let body = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_owned());
    let project = generated();
    assert_eq!(declared.files.len(), project.files.len());
    for (path, contents) in &project.files {
        let same = declared.files.get(path).map(|d| body(d)) == Some(body(contents));
        assert!(same, "{path} changed");
    }
}

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = generated();
    let second = generated();
    assert_eq!(first.files, second.files);
    assert_eq!(first.lock.render(), second.lock.render());
}

/// Every file is compared, even after one differs: insta writes a
/// `.snap.new` beside each changed snapshot, so one run (then `cargo insta
/// review`) shows the whole change to the generated code, not its first file.
#[test]
fn every_generated_file_is_marked_and_snapshotted() {
    let generated = generated();
    let mut changed = Vec::new();
    for (path, contents) in &generated.files {
        assert!(
            contents.starts_with("// @generated"),
            "{path} lacks the @generated header"
        );
        let name = path.replace(['/', '.'], "__");
        let compared = std::panic::catch_unwind(|| insta::assert_snapshot!(name, contents));
        if compared.is_err() {
            changed.push(path.as_str());
        }
    }
    assert!(
        changed.is_empty(),
        "{} generated files differ from their snapshots (review them all with `cargo insta review`): {}",
        changed.len(),
        changed.join(", ")
    );
}

/// Fyno's document has well over 100 examples, each a row of the examples
/// test (`fyno`'s `tests/spec_examples.rs`): most of them missing means
/// examples are no longer collected, which that test, checking only the
/// rows it has, cannot see.
#[test]
fn fyno_examples_test_checks_every_example() {
    let generated = generated();
    let test = generated
        .files
        .get(fyno_codegen::SPEC_EXAMPLES_TEST)
        .expect("Fyno's examples test is generated");
    let rows = test.matches("\n        pointer: \"").count();
    assert_eq!(rows, generated.api.examples.len(), "one row per example");
    assert!(
        rows > 100,
        "Fyno's document has well over 100 examples, found {rows}"
    );
    assert!(
        test.contains("type_name: \"fyno::types::"),
        "named as users name them"
    );
}

#[test]
fn operation_method_table() {
    let generated = generated();
    assert_eq!(
        generated.operations.len(),
        23,
        "every operation of the spec is generated"
    );
    let mut table = String::new();
    for op in &generated.operations {
        let _ = writeln!(
            table,
            "{:<6} {:<62} -> {}::{}  ({})",
            op.method, op.path, op.module, op.rust_method, op.summary
        );
    }
    insta::assert_snapshot!("operation_method_table", table);
}

#[test]
fn type_names_and_their_spec_origins() {
    let generated = generated();
    let mut table = String::new();
    for (def, names) in generated
        .api
        .types
        .types
        .iter()
        .zip(generated.names.types())
    {
        let origins: Vec<&str> = def.origins.iter().map(|o| o.pointer.as_str()).collect();
        let _ = writeln!(
            table,
            "{} ({}) <- {}",
            names.name,
            names.module,
            origins.join(" | ")
        );
    }
    insta::assert_snapshot!("type_names", table);
}

#[test]
fn no_machine_names_leak_into_the_public_api() {
    let generated = generated();
    for def in generated.names.types() {
        for bad in [
            "Wsid",
            "WsiD",
            "InlineResponse",
            "Section1",
            "Sxxxxxxxxx",
            "Body",
        ] {
            assert!(
                !def.name.contains(bad),
                "type `{}` carries the machine name fragment `{bad}`",
                def.name
            );
        }
    }
}

#[test]
fn the_spec_generates_without_warnings() {
    let generated = generated();
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warnings.join("\n")
    );
}

/// `Client`'s methods come in one `impl` block per tag (module), so its
/// documentation page groups them instead of showing one block per operation.
#[test]
fn client_methods_are_one_impl_block_per_tag() {
    let generated = generated();
    for (path, text) in &generated.files {
        if !path.starts_with("src/generated/operations/") || path.ends_with("mod.rs") {
            continue;
        }
        let blocks = text.matches("impl crate::Client {").count();
        assert_eq!(blocks, 1, "{path}");
    }
}
