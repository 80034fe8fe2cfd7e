//! `fyno-codegen`: an OpenAPI 3.0/3.1 → Rust SDK generator. Spec text in, Rust
//! files out; no I/O (the `xtask` crate reads and writes files).
//!
//! Pipeline, one folder per stage, in the order [`generate`] runs them
//! (`ARCHITECTURE.md` at the repository's root tells where to change what):
//!
//! 1. [`load`]: YAML/JSON → version check → the document's other files
//!    (relative `$ref`s, through the caller's [`ReadFile`]) → overlays
//!    ([`load::overlay`]) → lint (keys and types that would be dropped
//!    silently, near misses read as meant) → the document's free order taken
//!    away (maps and order-free lists sorted) → boolean schemas → `$ref`s the
//!    model cannot take copied in place → 3.1 downlevel → `openapiv3` types;
//! 2. [`ir`]: schemas and operations lowered into a type space keyed by ids;
//! 3. [`lock`]: every item keyed as the API lock keys it, and the types the
//!    document moved or renamed found again, so later stages read the
//!    previous lock as if they had always been at their new places;
//! 4. [`dedup`]: structurally identical types merged (then recursion and
//!    discriminator tags settled in [`ir`]);
//! 5. [`client`]: the client model (settings, credentials);
//! 6. [`naming`]: every Rust name chosen in one deterministic pass, keeping
//!    the names the lock recorded, returned as a table ([`naming::Names`]);
//! 7. `emit`: `quote!` → `syn::parse2` → `prettyplease`, one file per module;
//! 8. [`report`]: the public surface as the new lock, compared with the old
//!    one (the change report).
//!
//! A stage imports only from earlier stages and from the shared vocabulary
//! ([`diagnostics`], [`idents`], JSON references, digests): the layer test
//! (`tests/tests/layers.rs`) holds it.
//!
//! Problems are collected as [`diagnostics::Diagnostic`]s with the file, the
//! JSON pointer and (where known) the line, and reported together.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod diagnostics;
mod digest;
pub mod idents;
#[cfg(test)]
mod random_text;
mod reference;

pub mod client;
pub mod dedup;
mod emit;
pub mod ir;
pub mod load;
pub mod lock;
pub mod naming;
pub mod report;

pub use emit::{EmitOptions, SPEC_EXAMPLES_TEST, default_package_name, library_name};
pub use load::{ReadFile, SourceFile};

use diagnostics::{Diagnostic, Diagnostics, Reporter};
use std::collections::BTreeMap;

/// What to generate from.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    /// The vendor's OpenAPI document.
    pub spec: SourceFile<'a>,
    /// Overlay 1.0 documents applied in order before lowering.
    pub overlays: Vec<SourceFile<'a>>,
    /// The API lock of the previous generation (`spec/api.lock`), whose
    /// names are kept; `None` when there is none yet.
    pub lock: Option<SourceFile<'a>>,
    /// Output layout.
    pub options: EmitOptions,
    /// Reads the other files of a document split over several (relative
    /// `$ref`s); `None` when there is one file, and a reference to another
    /// is then an error.
    pub files: Option<Files<'a>>,
}

/// The reader of a document's other files (see [`ReadFile`]).
#[derive(Clone, Copy)]
pub struct Files<'a>(pub &'a dyn ReadFile);

impl std::fmt::Debug for Files<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Files(..)")
    }
}

/// One row of the operation → method table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationSummary {
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: String,
    /// Rust method on `Client`.
    pub rust_method: String,
    /// Module the operation is emitted into.
    pub module: String,
    /// Spec summary.
    pub summary: String,
}

/// The generated files and what was noticed on the way.
#[derive(Clone, Debug)]
pub struct Generated {
    /// File contents keyed by path relative to the client crate.
    pub files: BTreeMap<String, String>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// The operation → method table.
    pub operations: Vec<OperationSummary>,
    /// `src/lib.rs` for a new crate around the generated tree: written once
    /// (when absent), so a crate's own root, like the `fyno` crate's, is kept.
    pub crate_root: String,
    /// The final IR (for tests and reports).
    pub api: ir::Api,
    /// Every Rust name of `api`, as naming chose them.
    pub names: naming::Names,
    /// The API lock of this generation, to commit in place of the input's.
    pub lock: lock::ApiLock,
    /// What changed for users since the input's lock (empty without one).
    pub changes: report::ChangeReport,
}

/// Stack for the pipeline's thread. Typing a document (serde with
/// `flatten`, in `openapiv3`) recurses once per nesting level of the
/// document, with frames of several kilobytes in debug builds; depth is
/// bounded by the load stage, and this leaves room for that bound whatever
/// thread the caller runs on (test threads get 2 MiB). Only touched pages
/// are committed.
const PIPELINE_STACK: usize = 256 << 20;

/// Runs the whole pipeline. Returns every problem when any is an error.
///
/// The pipeline runs on a thread of its own with a `PIPELINE_STACK`-sized
/// stack; a panic there (a generator bug) is returned as an error naming the
/// spec, never passed on to the caller.
pub fn generate(input: &Input<'_>) -> Result<Generated, Vec<Diagnostic>> {
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("fyno-codegen".to_owned())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || generate_here(input))
            .map(|handle| handle.join())
    });
    match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(vec![internal_error(
            input.spec.name,
            "the generator panicked on this document (a bug: please report it with the document)",
        )]),
        Err(err) => Err(vec![internal_error(
            input.spec.name,
            &format!("cannot start the generator's thread: {err}"),
        )]),
    }
}

fn internal_error(file: &str, message: &str) -> Diagnostic {
    Diagnostic::new(
        diagnostics::codes::INTERNAL.code(),
        diagnostics::Location::new(file, ""),
        message,
    )
}

/// Problems in the bundled document named in the file and at the pointer
/// their node was written, then lines and columns for every problem, from
/// one source map per file (a second parse), built only for files with a
/// problem.
///
/// Before that, a problem in a value an overlay action wrote gets the
/// action's value as a related place (`relate_to_overlay_actions`): the
/// problems' pointers are still those of the bundled document then, as the
/// actions' are.
fn locate(
    diags: &mut Diagnostics,
    input: &Input<'_>,
    sources: &load::Sources,
    actions: &[load::overlay::Applied],
) {
    let spec = input.spec;
    relate_to_overlay_actions(diags, spec.name, actions);
    if !sources.files.is_empty() {
        diags.relocate(spec.name, |pointer| sources.source(spec.name, pointer));
    }
    load::source_map::locate(diags, spec.name, spec.text);
    for (name, text) in &sources.files {
        load::source_map::locate(diags, name, text);
    }
    for overlay in &input.overlays {
        load::source_map::locate(diags, overlay.name, overlay.text);
    }
}

/// What a related place in an overlay is to a problem in the value it wrote.
const SET_BY_OVERLAY: &str = "set by this overlay action";

/// Adds to each problem whose place in `file` (the spec) is in a value an
/// overlay action wrote the place in the overlay that writes it
/// ([`load::overlay::writer_of`]): the fix is often there, not in the spec.
fn relate_to_overlay_actions(
    diags: &mut Diagnostics,
    file: &str,
    actions: &[load::overlay::Applied],
) {
    if actions.iter().all(|action| action.written.is_empty()) {
        return;
    }
    for (index, problem) in diags.iter_mut().enumerate() {
        if problem.location.file == file
            && let Some((action, pointer)) =
                load::overlay::writer_of(actions, &problem.location.pointer)
            && index >= action.problems_before
        {
            let place = diagnostics::Location::new(action.location.file.clone(), pointer);
            problem.also_at(place, SET_BY_OVERLAY);
        }
    }
}

/// The passes, in order; each takes what it needs and returns what it makes.
fn generate_here(input: &Input<'_>) -> Result<Generated, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let mut sources = load::Sources::default();
    let file = input.spec.name;
    // 1. Load (the previous lock is read beside the document).
    let (loaded, previous, lock_problems) = load_with_lock(input, &mut sources, &mut diags);
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(actions) => {
            locate(&mut diags, input, &sources, &actions);
            return Err(diags.into_sorted());
        }
    };
    let loaded_problems = diags.len();
    diags.extend(lock_problems);

    // 2. Lower; 3. key every item as the lock does, and find the published
    // types the document moved: later passes read the lock as if they had
    // always been at their new places.
    // Every pass from here reports against the document.
    let mut problems = Reporter::new(file, &mut diags);
    let mut api = ir::lower::lower(&loaded, &mut problems);
    lock::keys::assign(&mut api);
    let source = |pointer: &str| loaded.origins.source(pointer).into_owned();
    let moves = lock::moves::detect(&previous, &api, &loaded.raw, &source, &mut problems);
    let actions = &loaded.overlay_actions;
    lock::overlay_targets::report_stale(actions, &moves, &loaded.raw, &mut problems);
    let published = moves.applied(&previous);
    // The document is not needed past lowering: freed now, its memory
    // (several times the spec's size) is reused by emission instead of
    // fresh pages the kernel must zero.
    let load::LoadedSpec {
        api: document,
        raw,
        origins,
        overlay_actions,
        ..
    } = loaded;
    drop((document, raw));

    // 4. Merge identical types, then settle recursion and tags.
    dedup::dedup(&mut api, &published, &mut problems);
    ir::recursion::break_recursive_aliases(&mut api.types);
    ir::discriminators::infer_tags(&mut api.types, &mut problems);
    ir::recursion::mark_recursive_fields(&mut api.types, &mut problems);
    // 5. The client model; 6. every name.
    let env_prefix = input.options.env_prefix.as_deref();
    let model = client::model(&api, env_prefix, &published, &mut problems);
    let names = naming::name_all(&mut api, &published, &mut problems);
    // 7. Emit and 8. report, unless a problem already stops generation.
    let (files, crate_root, surface) = if problems.sink().has_errors() {
        (BTreeMap::new(), String::new(), Vec::new())
    } else {
        let ctx = emit::Context::new(&api, &names, &input.options, &model);
        let surface = report::surface::entries(&ctx, &published);
        (
            emit::emit(&api, &names, &input.options, &model, &mut problems),
            emit::crate_root(&api, &input.options, &mut problems),
            surface,
        )
    };
    let new_lock = lock::ApiLock::from_entries(surface);
    let changes = if input.lock.is_some() {
        report::diff(&previous, &new_lock)
    } else {
        report::ChangeReport::default()
    };

    // Later stages name pointers of the (possibly downlevelled) document.
    if !origins.is_empty() {
        diags.map_pointers(file, loaded_problems, |p| origins.source(p).into_owned());
    }
    locate(&mut diags, input, &sources, &overlay_actions);
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    Ok(Generated {
        files,
        warnings: diags.into_sorted(),
        operations: operation_summaries(&api, &names),
        crate_root,
        api,
        names,
        lock: new_lock,
        changes,
    })
}

/// The document loaded, and the previous lock read on a thread beside it
/// (neither needs the other), with the lock's problems apart.
fn load_with_lock(
    input: &Input<'_>,
    sources: &mut load::Sources,
    diags: &mut Diagnostics,
) -> (
    Result<load::LoadedSpec, Vec<load::overlay::Applied>>,
    lock::ApiLock,
    Diagnostics,
) {
    let (loaded, previous) = std::thread::scope(|scope| {
        let previous = scope.spawn(|| {
            let mut found = Diagnostics::new();
            let lock = match input.lock {
                Some(lock) => lock::ApiLock::parse(lock.name, lock.text, &mut found),
                None => lock::ApiLock::default(),
            };
            (lock, found)
        });
        let files = input.files.map(|files| files.0);
        let loaded = load::load_unlocated(input.spec, &input.overlays, files, sources, diags);
        (loaded, previous.join())
    });
    // A panic reading the lock (a generator bug) surfaces here, as it
    // would without the thread.
    let (previous, lock_problems) =
        previous.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    (loaded, previous, lock_problems)
}

/// The operation → method table.
fn operation_summaries(api: &ir::Api, names: &naming::Names) -> Vec<OperationSummary> {
    api.operations
        .iter()
        .zip(names.operations())
        .map(|(op, names)| OperationSummary {
            method: op.method.as_str(),
            path: op.path.clone(),
            rust_method: names.method.clone(),
            module: names.module.clone(),
            summary: op.summary.clone().unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: {type: string}\n";

    fn problems(overlay: &str) -> Vec<Diagnostic> {
        problems_of(SPEC, overlay)
    }

    fn problems_of(spec: &str, overlay: &str) -> Vec<Diagnostic> {
        let input = Input {
            spec: SourceFile {
                name: "spec.yaml",
                text: spec,
            },
            overlays: vec![SourceFile {
                name: "fixes.yaml",
                text: overlay,
            }],
            lock: None,
            options: EmitOptions::default(),
            files: None,
        };
        match generate(&input) {
            Ok(generated) => generated.warnings,
            Err(problems) => problems,
        }
    }

    /// The problems at `pointer` of the spec, each with its related places.
    fn related_at(problems: &[Diagnostic], pointer: &str) -> Vec<Vec<String>> {
        problems
            .iter()
            .filter(|p| p.location.file == "spec.yaml" && p.location.pointer == pointer)
            .map(|p| {
                p.related
                    .iter()
                    .map(|r| format!("{}: {}", r.location, r.label))
                    .collect()
            })
            .collect()
    }

    const HEADER: &str = "overlay: 1.0.0\ninfo: {title: Fixes, version: '1'}\nactions:\n";

    #[test]
    fn a_problem_in_a_value_an_overlay_wrote_names_the_action_even_when_loading_fails() {
        let problems = problems(&format!(
            "{HEADER}- target: $.components.schemas.Pet.properties.id\n  description: Ids are objects.\n  update:\n    type: objekt\n"
        ));
        assert_eq!(
            related_at(&problems, "/components/schemas/Pet/properties/id/type"),
            [[format!(
                "fixes.yaml:7:5 at /actions/0/update/type: {SET_BY_OVERLAY}"
            )]],
            "{problems:#?}"
        );
    }

    #[test]
    fn a_problem_beside_what_an_overlay_wrote_is_not_related_to_it() {
        let problems = problems(&format!(
            "{HEADER}- target: $.components.schemas.Pet\n  description: Documented.\n  update:\n    description: A pet.\n- target: $.components.schemas.Pet.properties.id\n  description: Named.\n  update:\n    x-rust-name: not a name\n"
        ));
        let related: Vec<&Diagnostic> = problems.iter().filter(|p| !p.related.is_empty()).collect();
        assert!(
            related.iter().all(|p| p
                .location
                .pointer
                .starts_with("/components/schemas/Pet/properties/id")),
            "{problems:#?}"
        );
    }

    /// A problem of the text as read (a YAML number with no JSON form) is
    /// found before any overlay runs: the action that then replaces the
    /// value did not write the problem.
    #[test]
    fn a_problem_found_before_the_overlays_ran_is_not_theirs() {
        let spec = SPEC.replace("id: {type: string}", "id: {type: number, example: .inf}");
        let problems = problems_of(
            &spec,
            &format!(
                "{HEADER}- target: $.components.schemas.Pet.properties.id\n  description: A finite example.\n  update:\n    example: 1\n"
            ),
        );
        let found: Vec<&Diagnostic> = problems
            .iter()
            .filter(|p| p.location.pointer == "/components/schemas/Pet/properties/id/example")
            .collect();
        assert!(
            !found.is_empty() && found.iter().all(|p| p.related.is_empty()),
            "{problems:#?}"
        );
    }
}
