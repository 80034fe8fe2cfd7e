//! Workspace-level tests live in `tests/`. This library compiles the README's
//! Rust snippets as doctests, so the documentation cannot drift from the API,
//! and holds what several tests share.
#![doc = include_str!("../../README.md")]

pub mod scratch;

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
    })
    .map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}
