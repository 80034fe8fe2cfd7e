//! Spec evolution: realistic vendor edits of Fyno's spec
//! (`tests/fixtures/evolution/*.overlay.yaml`, each applied to the vendor's
//! document before our overlays), regenerated as `cargo xtask codegen`
//! would after Fyno published them: keeping the names of the committed
//! `spec/api.lock`.
//!
//! The fast tests check the change report's verdict for each edit and that
//! edits of documentation, operationIds and tags rename nothing. The
//! `#[ignore]`d one checks the verdicts independently: it builds the real
//! `fyno` crate before and after each edit and runs `cargo-semver-checks`
//! between the two (CI installs it: `cargo install --locked
//! cargo-semver-checks`; run with `cargo test -p fyno-workspace-tests --test
//! api_evolution -- --include-ignored`).

use fyno_codegen::Generated;
use fyno_codegen::report::{Bump, Impact};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::{Job, generate, generate_with_lock, workspace_root};

/// Each fixture with the release it needs.
const FIXTURES: &[(&str, Bump)] = &[
    ("summary-edited", Bump::Patch),
    ("operation-ids-added", Bump::None),
    ("tag-renamed", Bump::None),
    ("optional-field-added", Bump::Minor),
    ("required-field-added", Bump::Major),
    ("field-removed", Bump::Major),
    ("field-type-changed", Bump::Major),
    ("enum-value-added", Bump::Minor),
    ("enum-value-removed", Bump::Major),
    ("operation-added", Bump::Minor),
    ("operation-name-collides", Bump::Minor),
    ("operation-removed", Bump::Major),
    ("error-status-added", Bump::Minor),
    ("duplicate-diverged", Bump::Minor),
    ("security-scheme-added", Bump::Minor),
    ("success-status-renumbered", Bump::Patch),
    ("deprecated", Bump::Minor),
    ("paths-reordered", Bump::None),
    ("component-renamed", Bump::Patch),
    ("inline-schema-extracted", Bump::Patch),
    ("component-inlined", Bump::Patch),
];

/// Changes cargo-semver-checks 0.51 has no lint for, each with the
/// fixture that shows it and a program that compiles against the baseline
/// crate and must not against the new one (the break is checked by rustc).
const NO_SEMVER_LINT: &[(&str, &str)] = &[(
    "field-type-changed",
    "fn check(callback: fyno::types::Callback) -> Option<String> { callback.custom2 }",
)];

fn baseline() -> Generated {
    let root = workspace_root();
    generate(&Job::project(&root), &root).unwrap_or_else(|f| panic!("{f}"))
}

/// The crate after the vendor edit `fixture`, keeping `baseline`'s names,
/// as the maintainer regenerates it: `cargo xtask codegen
/// --retarget-overlays` (on copies of Fyno's overlays, in
/// `target/evolution-overlays/<fixture>/`, whose retargeted texts are
/// returned with the crate).
fn evolved_retargeted(fixture: &str, baseline: &Generated) -> (Generated, Vec<String>) {
    let root = workspace_root();
    let mut job = Job::project(&root);
    // Tests run at once, and several evolve one fixture: a directory each.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let copies = root
        .join("target/evolution-overlays")
        .join(format!("{fixture}-{}-{run}", std::process::id()));
    let _ = fs::remove_dir_all(&copies);
    fs::create_dir_all(&copies).expect("mkdir");
    for overlay in &mut job.overlays {
        let copy = copies.join(overlay.file_name().expect("an overlay file"));
        fs::copy(&*overlay, &copy).expect("copy an overlay");
        *overlay = copy;
    }
    let edit = root.join(format!("tests/fixtures/evolution/{fixture}.overlay.yaml"));
    job.overlays.insert(0, edit);
    let lock = baseline.lock.render();
    let retargeted = xtask::retarget::retarget_overlays(&job, &root, Some(&lock))
        .unwrap_or_else(|f| panic!("{fixture}: {f}"));
    let after =
        generate_with_lock(&job, &root, Some(&lock)).unwrap_or_else(|f| panic!("{fixture}: {f}"));
    (after, retargeted)
}

/// The crate after the vendor edit `fixture` (see [`evolved_retargeted`]).
fn evolved(fixture: &str, baseline: &Generated) -> Generated {
    evolved_retargeted(fixture, baseline).0
}

#[test]
fn every_fixture_gets_the_release_its_edit_needs() {
    let baseline = baseline();
    let mut wrong = Vec::new();
    for (fixture, expected) in FIXTURES {
        let after = evolved(fixture, &baseline);
        if after.changes.bump() != *expected {
            wrong.push(format!(
                "{fixture}: expected {}, reported\n{}",
                expected.as_str(),
                after.changes.render()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn documentation_operation_id_and_tag_edits_rename_nothing() {
    let baseline = baseline();
    for fixture in ["summary-edited", "operation-ids-added", "tag-renamed"] {
        let after = evolved(fixture, &baseline);
        let names = |g: &Generated| -> Vec<(Vec<String>, String)> {
            g.lock
                .entries
                .iter()
                .map(|(k, e)| (k.clone(), e.name.clone()))
                .collect()
        };
        assert_eq!(
            names(&after),
            names(&baseline),
            "{fixture} renamed something"
        );
        let methods: Vec<&str> = after
            .operations
            .iter()
            .map(|o| o.rust_method.as_str())
            .collect();
        assert!(methods.contains(&"get_user_profile"), "{methods:?}");
        assert_eq!(after.changes.count(Impact::Breaking), 0, "{fixture}");
    }
}

#[test]
fn a_diverging_duplicate_stays_one_type_and_says_so() {
    let after = evolved("duplicate-diverged", &baseline());
    let warning = after
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("were one type, `Timezone`"))
        .unwrap_or_else(|| panic!("no divergence warning: {:?}", after.warnings));
    assert!(warning.contains("`Europe/Kyiv`"), "{warning}");
    let timezones = after
        .names
        .types()
        .iter()
        .filter(|t| t.name.starts_with("Timezone"))
        .count();
    assert_eq!(timezones, 1, "one timezone type");
    let report = after.changes.render();
    assert!(
        report.contains("variant `Timezone::EuropeKyiv` (`Europe/Kyiv`) added"),
        "{report}"
    );
}

#[test]
fn removals_and_renames_name_the_spec_pointer() {
    let after = evolved("operation-removed", &baseline());
    let removed = after
        .changes
        .changes
        .iter()
        .find(|c| c.what.contains("removed"))
        .unwrap_or_else(|| panic!("{}", after.changes.render()));
    assert_eq!(removed.impact, Impact::Breaking);
    assert!(
        removed.at.contains("/paths/~1{WSID}~1suppressions/delete"),
        "{removed:?}"
    );
}

/// Fyno adds an operation whose operationId derives a method name the lock
/// already published: regeneration goes on, the published method keeps its
/// name, the newcomer is named after what sets its path apart, a warning
/// names both places, and the report calls it an addition.
#[test]
fn a_new_operation_never_takes_a_published_method_name() {
    let after = evolved("operation-name-collides", &baseline());
    let method = |path: &str| {
        after
            .operations
            .iter()
            .find(|op| op.method == "GET" && op.path == path)
            .map(|op| op.rust_method.as_str())
    };
    assert_eq!(
        method("/{WSID}/{version}/profiles/{distinct_id}"),
        Some("get_user_profile")
    );
    assert_eq!(
        method("/{WSID}/{version}/profiles/{distinct_id}/summary"),
        Some("get_user_profile_summary")
    );
    let warning = after
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("method name `get_user_profile`"))
        .unwrap_or_else(|| panic!("no naming warning: {:?}", after.warnings));
    assert!(
        warning.contains("profiles~1{distinct_id}~1summary/get")
            && warning.contains("GET /{WSID}/{version}/profiles/{distinct_id} (its name is published in the API lock)")
            && warning.contains("`get_user_profile_summary`")
            && warning.contains("x-rust-method"),
        "{warning}"
    );
    let report = after.changes.render();
    assert_eq!(after.changes.count(Impact::Breaking), 0, "{report}");
    assert!(report.contains("get_user_profile_summary"), "{report}");
}

/// Fyno's export tool renames a component: the type keeps its name and
/// members, the report calls it a move (documentation only), and the one
/// overlay action that named the component is retargeted, in place.
#[test]
fn a_renamed_component_keeps_its_type_and_the_overlay_follows() {
    let baseline = baseline();
    let (after, retargeted) = evolved_retargeted("component-renamed", &baseline);
    assert_eq!(
        retargeted.len(),
        1,
        "one target named the component: {retargeted:#?}"
    );
    assert!(
        retargeted[0].ends_with(
            "rust-sdk.overlay.yaml:150: `$.components.schemas.profiles_delete_body` → `$.components.schemas.DeleteProfilesBody`"
        ),
        "{retargeted:?}"
    );
    let report = after.changes.render();
    assert!(
        report.contains("type `DeleteProfilesRequest` moved in the spec from `/components/schemas/profiles_delete_body` to `/components/schemas/DeleteProfilesBody`"),
        "{report}"
    );
    assert_eq!(after.changes.bump(), Bump::Patch, "{report}");
    // Only the target's line of the overlay changed.
    let root = workspace_root();
    let original = fs::read_to_string(root.join("spec/rust-sdk.overlay.yaml")).expect("read");
    let copy = after_overlay(&retargeted[0]);
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(copy.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "  - target: $.components.schemas.profiles_delete_body",
            "  - target: $.components.schemas.DeleteProfilesBody"
        )]
    );
    assert_eq!(original.lines().count(), copy.lines().count());
}

/// The text of the overlay a `retargeted …` line names.
fn after_overlay(line: &str) -> String {
    let path = line
        .strip_prefix("retargeted ")
        .and_then(|rest| rest.split(".yaml:").next())
        .map(|stem| format!("{stem}.yaml"))
        .unwrap_or_else(|| panic!("not a retarget line: {line}"));
    fs::read_to_string(workspace_root().join(&path))
        .or_else(|_| fs::read_to_string(&path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An inline response schema extracted into `components`, and a component
/// written inline where it is used, are moves too; overlay targets inside
/// the extracted schema follow it.
#[test]
fn extracted_and_inlined_schemas_keep_their_types() {
    let baseline = baseline();
    let (extracted, retargeted) = evolved_retargeted("inline-schema-extracted", &baseline);
    let report = extracted.changes.render();
    assert!(
        report.contains("type `EventAccepted` moved in the spec from `/components/responses/EventRequestAccepted/content/application~1json/schema` to `/components/schemas/EventAccepted`"),
        "{report}"
    );
    let targets: Vec<&str> = retargeted
        .iter()
        .filter_map(|l| l.split(": ").nth(1))
        .collect();
    assert_eq!(
        targets,
        [
            "`$.components.responses.EventRequestAccepted.content['application/json'].schema.properties.received_time` → `$.components.schemas.EventAccepted.properties.received_time`",
            "`$.components.responses.EventRequestAccepted.content['application/json'].schema` → `$.components.schemas.EventAccepted`",
        ],
        "{retargeted:#?}"
    );
    let (inlined, _) = evolved_retargeted("component-inlined", &baseline);
    let report = inlined.changes.render();
    assert!(
        report.contains("type `DeleteProfilesRequest` moved in the spec from `/components/schemas/profiles_delete_body` to `/paths/~1{WSID}~1{version}~1profiles~1delete/post/requestBody/content/application~1json/schema`"),
        "{report}"
    );
}

// ------------------------------------------------------- cargo-semver-checks

/// `target/evolution/<name>/`: the `fyno` crate as published (its hand-written
/// root, manifest and the generated tree of `generated`), in a workspace of its own.
///
/// Each crate gets its own version (`0.1.0-<name>`): the crates share one
/// target directory, and Cargo names the artifacts of a workspace's root
/// package by name, version and path relative to the workspace, so
/// same-versioned copies would overwrite (and be mistaken for) each other.
fn write_fyno(name: &str, generated: &Generated) -> PathBuf {
    let root = workspace_root();
    let dir = root.join("target/evolution").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src")).expect("create the crate");
    fs::copy(
        root.join("generated-client/src/lib.rs"),
        dir.join("src/lib.rs"),
    )
    .expect("copy the crate root");
    for (path, text) in &generated.files {
        let target = dir.join(path);
        fs::create_dir_all(target.parent().expect("a file has a parent")).expect("mkdir");
        fs::write(target, text).expect("write a generated file");
    }
    let runtime = root.join("runtime");
    let manifest = format!(
        "[package]\nname = \"fyno\"\nversion = \"0.1.0-{name}\"\nedition = \"2024\"\n\n\
         [dependencies]\nfyno-codegen-runtime = {{ path = {:?} }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n[workspace]\n",
        runtime.display().to_string(),
    );
    fs::write(dir.join("Cargo.toml"), manifest).expect("write the manifest");
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    dir
}

fn cargo(dir: &Path) -> Command {
    let mut command = xtask::cargo_command();
    command
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/scratch-target"),
        )
        .env_remove("RUSTFLAGS");
    command
}

/// The crate's rustdoc JSON (what cargo-semver-checks reads), copied out of
/// the shared target directory.
fn rustdoc_json(dir: &Path) -> PathBuf {
    let output = cargo(dir)
        .args([
            "rustdoc",
            "--lib",
            "-q",
            "--",
            "-Z",
            "unstable-options",
            "--output-format",
            "json",
        ])
        // rustdoc's JSON output is unstable; this is how cargo-semver-checks builds it too.
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .expect("run cargo rustdoc");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let built = workspace_root().join("target/scratch-target/doc/fyno.json");
    let kept = dir.with_extension("json");
    fs::copy(&built, &kept).expect("keep the rustdoc JSON");
    kept
}

/// cargo-semver-checks' verdict: the release the changes need.
fn semver_checks(baseline: &Path, current: &Path) -> (Bump, String) {
    let output = Command::new("cargo")
        .args([
            "semver-checks",
            "--color",
            "never",
            "--release-type",
            "patch",
        ])
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .output()
        .expect("cargo-semver-checks is installed (`cargo install --locked cargo-semver-checks`)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.trim_start().starts_with("Summary"))
        .unwrap_or_else(|| panic!("no summary from cargo-semver-checks:\n{text}"))
        .to_owned();
    let bump = if summary.contains("new major version") {
        Bump::Major
    } else if summary.contains("new minor version") {
        Bump::Minor
    } else if summary.contains("no semver update required") {
        Bump::None
    } else {
        panic!("unexpected summary: {summary}\n{text}")
    };
    (bump, text)
}

/// Whether `program` compiles against the crate in `dir` (as a test of it).
fn compiles_against(dir: &Path, program: &str) -> bool {
    fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
    fs::write(
        dir.join("tests/use_of_the_old_api.rs"),
        format!("#![allow(dead_code)]\n{program}\n"),
    )
    .expect("write the program");
    cargo(dir)
        .args(["check", "-q", "--test", "use_of_the_old_api"])
        .output()
        .expect("run cargo check")
        .status
        .success()
}

#[test]
#[ignore = "needs cargo-semver-checks (CI installs it); run with --include-ignored"]
fn semver_checks_agrees_with_every_verdict() {
    let baseline = baseline();
    let baseline_dir = write_fyno("baseline", &baseline);
    let baseline_json = rustdoc_json(&baseline_dir);
    let mut disagreements = Vec::new();
    for (fixture, _) in FIXTURES {
        let after = evolved(fixture, &baseline);
        let ours = after.changes.bump();
        let dir = write_fyno(fixture, &after);
        let (theirs, text) = semver_checks(&baseline_json, &rustdoc_json(&dir));
        println!(
            "{fixture:<22} report: {:<6} cargo-semver-checks: {}",
            ours.as_str(),
            theirs.as_str()
        );
        let gap = NO_SEMVER_LINT.iter().find(|(name, _)| name == fixture);
        let agrees = match gap {
            // A break cargo-semver-checks cannot see: rustc must see it.
            Some((_, program)) => {
                compiles_against(&baseline_dir, program) && !compiles_against(&dir, program)
            }
            // Breaking exactly when cargo-semver-checks says major; never less
            // than the minor release it asks for; doc-only and additive never major.
            None => (ours == Bump::Major) == (theirs == Bump::Major) && ours >= theirs,
        };
        if !agrees {
            disagreements.push(format!(
                "{fixture}: ours {} vs cargo-semver-checks {}\n{}\n{text}",
                ours.as_str(),
                theirs.as_str(),
                after.changes.render()
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

// ------------------------------------------------------ lock-guided dedup

fn generate_keeping(text: &str, lock: Option<&str>) -> Generated {
    fyno_workspace_tests::generate_keeping(text, lock).unwrap_or_else(|d| panic!("{d}"))
}

const TWO_TYPES: &str = r"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  first: {$ref: '#/components/schemas/Home'}
                  second: {$ref: '#/components/schemas/Work'}
components:
  schemas:
    Home: {type: object, properties: {street: {type: string}, floor: {type: integer}}}
    Work: {type: object, properties: {street: {type: string}}}
";

#[test]
fn types_published_apart_stay_apart_when_they_become_identical() {
    let before = generate_keeping(TWO_TYPES, None);
    let identical = TWO_TYPES.replace(", floor: {type: integer}", "");
    // Without a lock, identical schemas are one type…
    let fresh = generate_keeping(&identical, None);
    assert!(!fresh.names.types().iter().any(|t| t.name == "Work"));
    // …but the published `Work` keeps existing.
    let after = generate_keeping(&identical, Some(&before.lock.render()));
    let names: Vec<&str> = after
        .names
        .types()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(
        names.contains(&"Home") && names.contains(&"Work"),
        "{names:?}"
    );
    let report = after.changes.render();
    assert!(report.contains("field `Home::floor` removed"), "{report}");
    assert!(!report.contains("type `Work`"), "{report}");
}

// ------------------------------------------------------------- deprecation

/// A program using what the `deprecated` fixture deprecates: an operation,
/// a parameter's setter, a schema's type and a property's field.
const USES_DEPRECATED: &str = r#"
pub fn uses(client: &fyno::Client, callback: fyno::types::Callback) -> String {
    let _list = client.get_suppression_list();
    let _preference = client.get_user_preference("user").event_list(true);
    callback.custom_id
}
"#;

/// What `compiles_against` reports, and rustc's warnings.
fn check_output(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = cargo(dir).args(args).output().expect("run cargo check");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The vendor's deprecations reach users as `#[deprecated(note = …)]`
/// with the vendor's words: code using them builds, with warnings, and
/// fails under `-D deprecated`; the crate itself, its tests and examples
/// build without a warning.
#[test]
#[ignore = "builds the fyno crate twice; CI runs it with --include-ignored"]
fn deprecations_warn_users_and_nothing_else() {
    let after = evolved("deprecated", &baseline());
    let dir = write_fyno("deprecated-consumer", &after);
    let (built, warnings) =
        check_output(&dir, &["check", "--all-targets", "--message-format=short"]);
    assert!(built, "{warnings}");
    assert!(
        !warnings.contains("warning"),
        "the crate warns:\n{warnings}"
    );
    assert!(
        compiles_against(&dir, USES_DEPRECATED),
        "a consumer of deprecated items must still build"
    );
    let denied = format!("#![deny(deprecated)]\n{USES_DEPRECATED}");
    assert!(
        !compiles_against(&dir, &denied),
        "a consumer denying deprecated items must not build"
    );
    let (_, text) = check_output(
        &dir,
        &[
            "check",
            "--test",
            "use_of_the_old_api",
            "--message-format=short",
        ],
    );
    for note in [
        "the whole list is no longer returned",
        "Deprecated since v2: use the `request_id` of the response instead.",
        "This parameter is deprecated and ignored",
        "deprecated by the API",
    ] {
        assert!(text.contains(note), "no `{note}` in:\n{text}");
    }
}

// ------------------------------------------------------------- credentials

/// Fyno adds an API-key header scheme beside its bearer token: the
/// published `api_key(..)` and `FYNO_API_KEY` stay (now optional: either
/// credential works), the newcomer gets `api_key_auth(..)` and
/// `FYNO_API_KEY_AUTH`, and `cargo xtask api-diff --crate-name fyno`
/// reports what codegen would.
#[test]
fn a_second_scheme_keeps_api_key_and_its_variable() {
    let after = evolved("security-scheme-added", &baseline());
    let client = after
        .files
        .get("src/generated/client.rs")
        .cloned()
        .unwrap_or_default();
    for expected in [
        "pub fn api_key(",
        "\"FYNO_API_KEY\"",
        "pub fn api_key_auth(",
        "\"FYNO_API_KEY_AUTH\"",
    ] {
        assert!(client.contains(expected), "no `{expected}` in client.rs");
    }
    let root = workspace_root();
    let spec = root.join("spec/fyno-openapi.yaml");
    let overlays = [
        root.join("spec/corrections.overlay.yaml"),
        root.join("spec/rust-sdk.overlay.yaml"),
    ];
    let edits = [root.join("tests/fixtures/evolution/security-scheme-added.overlay.yaml")];
    let lock = root.join("spec/api.lock");
    let sides = xtask::api_changes::Sides {
        overlays: &overlays,
        edits: &edits,
        lock: Some(&lock),
        crate_name: Some("fyno"),
    };
    let diffed =
        xtask::api_changes::api_diff(&spec, &spec, &sides, &root).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(diffed.changes.render(), after.changes.render());
    assert!(
        diffed.changes.render().contains("env FYNO_API_KEY_AUTH"),
        "{}",
        diffed.changes.render()
    );
}
