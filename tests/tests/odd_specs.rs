//! Odd but valid (or subtly broken) specs: the generator never panics, reports
//! what it cannot generate with a clear error, and what it does generate
//! compiles, warning-free, against the runtime crate. Each fixture in `tests/fixtures/odd-specs/`
//! once made the generator panic or emit code that did not compile.

use fyno_codegen::{EmitOptions, Generated, Input, SourceFile, generate};
use fyno_workspace_tests::scratch::{ScratchWorkspace, diagnostics};
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use xtask::workspace_root;

/// `Ok(())`: generates (and must compile); `Err(text)`: fails with an error containing `text`.
const FIXTURES: &[(&str, Result<(), &str>)] = &[
    ("p_alt_name_empty", Ok(())),
    (
        "p_client_setting",
        Err("`x-client-setting: work-space` is not a usable Rust method name"),
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
    // An unusable `x-enum-varnames` entry: the variant's name is derived.
    ("p_varnames_empty", Ok(())),
    // Two alternatives that would share a name are numbered, with a warning.
    ("c_anyof_dup", Ok(())),
    // Derived method names colliding with another operation's types or
    // with the client's own methods are decided (with a warning), not refused.
    ("c_builder_collide", Ok(())),
    ("c_client_methods", Ok(())),
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
    // Lists and objects in paths are styled (`simple` here).
    ("c_path_types", Ok(())),
    ("c_query_required_array", Ok(())),
    // Objects, maps and lists of a scalar `oneOf` are styled; a list of
    // lists is written in brackets, with a warning.
    ("c_query_types", Ok(())),
    ("c_recursive_required", Ok(())),
    ("c_server_variables", Ok(())),
    // A server variable's default outside its `enum` is accepted as a value.
    ("c_server_default", Ok(())),
    (
        "c_setting_types",
        Err("`x-client-setting: mode` is bound to parameters of different types"),
    ),
    (
        "c_env_var_clash",
        Err("client settings `base_url` and `tenant` would both be read from `T_ENDPOINT`"),
    ),
    // A parameter of any JSON value is sent as its text, or styled.
    ("c_req_nullable", Ok(())),
    (
        "c_setting",
        Err("`x-client-setting: api_key` clashes with the client's own `api_key`"),
    ),
    ("c_shadow", Ok(())),
    ("c_success_order", Ok(())),
    ("c_tag_keyword", Ok(())),
    ("e_rust_name_empty", Err("is not a usable Rust type name")),
    // `allOf` members that disagree on a property's type: it is any JSON value.
    ("e_all_of_conflict", Ok(())),
    ("f_all_of", Ok(())),
    ("f_discriminator", Ok(())),
    ("f_recursive", Ok(())),
    ("f_recursive_through_alias", Ok(())),
    ("f_oneof_unsigned", Ok(())),
    ("f_refs", Ok(())),
    ("f_additional", Ok(())),
    ("f_formats", Ok(())),
    ("e_two_2xx_inline", Ok(())),
];

fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures/odd-specs")
}

/// Runs the generator, turning a panic into an error message.
fn run(name: &str) -> Result<Generated, String> {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = format!("{name}.yaml");
    let outcome = std::panic::catch_unwind(|| {
        generate(&Input {
            lock: None,
            spec: SourceFile {
                name: &file,
                text: &text,
            },
            overlays: Vec::new(),
            // `generated_odd_specs_compile_against_the_runtime` names each
            // crate after its fixture: its examples test names that library.
            options: EmitOptions {
                library_name: Some(name.to_owned()),
                ..EmitOptions::default()
            },
            files: None,
        })
    });
    match outcome {
        Err(_) => Err(format!("PANIC while generating {name}")),
        Ok(Ok(generated)) => Ok(generated),
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

/// Every fixture that generates is compiled as the crate `cargo xtask codegen
/// --out` would write, in a scratch workspace; errors and warnings both fail.
#[test]
fn generated_odd_specs_compile_against_the_runtime() {
    let mut workspace = ScratchWorkspace::new("odd-specs");
    for (name, expected) in FIXTURES {
        if expected.is_err() {
            continue;
        }
        let generated = run(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        workspace.add_crate(&name.replace('_', "-"), &generated);
    }
    let output = workspace.cargo(&[
        "check",
        "--workspace",
        "--lib",
        "--quiet",
        "--message-format",
        "short",
    ]);
    let problems = diagnostics(&output);
    assert!(
        output.status.success() && problems.is_empty(),
        "generated code does not compile cleanly:\n{}",
        problems.join("\n")
    );
}
