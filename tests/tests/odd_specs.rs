//! Odd but valid (or subtly broken) specs: the generator never panics, reports
//! what it cannot generate with a clear error, and what it does generate
//! compiles against the real runtime. Each fixture in `tests/fixtures/odd-specs/`
//! once made the generator panic or emit code that did not compile.

use fyno_codegen::{EmitOptions, Input, SourceFile, generate};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::workspace_root;

/// `Ok(())`: generates (and must compile); `Err(text)`: fails with an error containing `text`.
const FIXTURES: &[(&str, Result<(), &str>)] = &[
    ("p_alt_name_empty", Ok(())),
    (
        "p_client_setting",
        Err("`x-client-setting: work-space` is not a setting of the client"),
    ),
    ("p_enum_sup", Ok(())),
    ("p_oneof_key", Ok(())),
    ("p_opid_self", Ok(())),
    ("p_param_dollar", Ok(())),
    (
        "p_rust_method",
        Err("`x-rust-method: get thing` is not a usable Rust method name"),
    ),
    ("p_rust_name", Err("is not a usable Rust type name")),
    ("p_summary", Ok(())),
    ("p_sup_field", Ok(())),
    ("p_tag_sup", Ok(())),
    (
        "p_varnames_empty",
        Err("`x-enum-varnames` entry for `a` is not a usable name"),
    ),
    // Two alternatives that would share a name are numbered, with a warning.
    ("c_anyof_dup", Ok(())),
    (
        "c_builder_collide",
        Err("the operation type `GetUserError` would also be generated"),
    ),
    (
        "c_client_methods",
        Err("method name `version` is already a method of `Client`"),
    ),
    ("c_dedup_names", Ok(())),
    ("c_dedup_names2", Ok(())),
    ("c_enum_other", Ok(())),
    ("c_int_enum", Ok(())),
    ("c_kitchen", Ok(())),
    ("c_no_servers", Ok(())),
    ("c_oneof_alias", Ok(())),
    ("c_oneof_alias_num", Ok(())),
    (
        "c_oneof_cycle",
        Err("this oneOf contains itself with no object, list or map in between"),
    ),
    ("c_oneof_int_num", Ok(())),
    (
        "c_path_types",
        Err("a path parameter must be a string, number, boolean or enum"),
    ),
    ("c_query_required_array", Ok(())),
    (
        "c_query_types",
        Err("a query parameter must be a string, number, boolean, enum, or a list of those"),
    ),
    ("c_recursive_required", Ok(())),
    ("c_req_nullable", Err("a query parameter must be")),
    (
        "c_setting",
        Err("`x-client-setting: api_key` is not a setting of the client"),
    ),
    ("c_shadow", Ok(())),
    ("c_success_order", Ok(())),
    ("c_tag_keyword", Ok(())),
    ("e_rust_name_empty", Err("is not a usable Rust type name")),
    (
        "e_all_of_conflict",
        Err(
            "`allOf` members disagree on property `id`: `type: integer` here, `type: string` at /components/schemas/A/properties/id",
        ),
    ),
    ("f_all_of", Ok(())),
    ("f_discriminator", Ok(())),
    ("f_recursive", Ok(())),
    ("f_refs", Ok(())),
    ("f_additional", Ok(())),
    ("e_two_2xx_inline", Ok(())),
];

fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures/odd-specs")
}

type Files = std::collections::BTreeMap<String, String>;

/// Runs the generator, turning a panic into an error message.
fn run(name: &str) -> Result<Files, String> {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = format!("{name}.yaml");
    let outcome = std::panic::catch_unwind(|| {
        generate(&Input {
            spec: SourceFile {
                name: &file,
                text: &text,
            },
            overlays: Vec::new(),
            options: EmitOptions::default(),
        })
    });
    match outcome {
        Err(_) => Err(format!("PANIC while generating {name}")),
        Ok(Ok(generated)) => Ok(generated.files),
        Ok(Err(diagnostics)) => Err(diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

#[test]
fn every_fixture_is_listed() {
    let mut on_disk: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn odd_specs_never_panic_and_fail_clearly() {
    let mut problems = String::new();
    for (name, expected) in FIXTURES {
        match (run(name), expected) {
            (Ok(_), Ok(())) => {}
            (Err(report), Err(needle))
                if report.contains(needle) && !report.starts_with("PANIC") =>
            {
                assert!(
                    report.contains(&format!("{name}.yaml")),
                    "errors name the file: {report}"
                );
            }
            (outcome, expected) => {
                let _ = writeln!(
                    problems,
                    "{name}: expected {expected:?}, got {:?}",
                    outcome.map(|_| "generated")
                );
            }
        }
    }
    assert!(problems.is_empty(), "{problems}");
}

/// Every fixture that generates is compiled against the hand-written runtime
/// of the `fyno` crate, in a scratch workspace with its own target directory.
#[test]
fn generated_odd_specs_compile_against_the_runtime() {
    let root = workspace_root();
    let scratch = root.join("target/odd-specs");
    let _ = fs::remove_dir_all(scratch.join("crates"));
    let runtime = root.join("generated-client");
    let dependencies = dependencies_section(&runtime.join("Cargo.toml"));
    let mut members = Vec::new();
    for (name, expected) in FIXTURES {
        if expected.is_err() {
            continue;
        }
        let files = run(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dir = scratch.join("crates").join(name);
        copy_runtime(&runtime.join("src"), &dir.join("src"));
        for (path, contents) in &files {
            write(&dir.join(path), contents);
        }
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n{dependencies}",
                name.replace('_', "-")
            ),
        );
        members.push(format!("\"crates/{name}\""));
    }
    let workspace_dependencies = workspace_dependencies(&root.join("Cargo.toml"));
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n{workspace_dependencies}",
            members.join(", ")
        ),
    );
    // The lock file pins the same dependency versions the client uses.
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy Cargo.lock");

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "check",
            "--workspace",
            "--lib",
            "--quiet",
            "--message-format",
            "short",
        ])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target/odd-specs-target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert!(
        output.status.success(),
        "generated code does not compile:\n{}",
        errors.join("\n")
    );
}

/// The `[dependencies]` table of the client's manifest (up to the next table).
fn dependencies_section(manifest: &Path) -> String {
    let text = fs::read_to_string(manifest).expect("client manifest");
    let start = text.find("[dependencies]").expect("a [dependencies] table");
    let rest = &text[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 2);
    rest[..end].to_owned()
}

/// The root manifest's `[workspace.dependencies]`, without the path
/// dependencies on this workspace's own crates.
fn workspace_dependencies(manifest: &Path) -> String {
    let text = fs::read_to_string(manifest).expect("workspace manifest");
    let start = text
        .find("[workspace.dependencies]")
        .expect("a [workspace.dependencies] table");
    let rest = &text[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 2);
    rest[..end]
        .lines()
        .filter(|l| !l.contains("path ="))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The runtime's hand-written modules (not `generated/`).
fn copy_runtime(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create src");
    for entry in fs::read_dir(from).expect("runtime sources") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let target = to.join(path.file_name().expect("file name"));
            fs::copy(&path, target).expect("copy runtime module");
        }
    }
}

fn write(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dir");
    }
    fs::write(path, contents).expect("write file");
}
