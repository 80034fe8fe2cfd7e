//! Every diagnostic code, pinned by the output a person reads.
//!
//! Each folder of `tests/fixtures/diagnostics/` is a small document that
//! causes one code, named after it (`E012-dangling-reference`): `spec.yaml`
//! (or `spec.json`), the overlays `*.overlay.yaml` applied in name order, an
//! `api.lock` when the problem is about one, and the other files of a
//! document split over several. It is generated exactly as
//! `cargo xtask codegen --spec … --overlay … --out …` generates, and every
//! problem it reports, rendered as the command renders them (without colour),
//! is the insta snapshot `snapshots/diagnostic_codes__<folder>.snap`.
//!
//! A code in the table without a fixture, a fixture that does not report its
//! code, and a JSON line that does not follow `docs/diagnostics.schema.json`
//! fail here.

use fyno_codegen::diagnostics::render::MessageFormat;
use fyno_codegen::diagnostics::{Diagnostic, codes};
use std::path::{Path, PathBuf};
use xtask::{Failure, Job, workspace_root};

fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures/diagnostics")
}

/// Every fixture folder, by name.
fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/diagnostics exists")
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .expect("a fixture folder has a name")
        .to_string_lossy()
        .into_owned()
}

/// The job `cargo xtask codegen` runs for the fixture in `dir`.
fn job(dir: &Path) -> Job {
    let spec = ["spec.yaml", "spec.json"]
        .iter()
        .map(|file| dir.join(file))
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("{}: no spec.yaml or spec.json", dir.display()));
    let mut overlays: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable fixture folder")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".overlay.yaml"))
        .collect();
    overlays.sort();
    let lock = dir.join("api.lock");
    Job {
        spec,
        overlays,
        out: PathBuf::new(),
        crate_name: Some("fixture".to_owned()),
        lock: lock.exists().then_some(lock),
        changelog: None,
    }
}

/// Every problem the fixture in `dir` reports, errors or warnings.
fn problems(dir: &Path) -> Vec<Diagnostic> {
    match xtask::generate(&job(dir), &workspace_root()) {
        Ok(generated) => generated.warnings,
        Err(Failure::Spec(diagnostics)) => diagnostics,
        Err(other) => panic!("{}: {other}", dir.display()),
    }
}

#[test]
fn each_fixture_reports_its_code_and_its_output_is_pinned() {
    let root = workspace_root();
    let mut missing = Vec::new();
    for dir in fixtures() {
        let name = name(&dir);
        let code = name.split('-').next().unwrap_or_default();
        let problems = problems(&dir);
        if !problems.iter().any(|problem| problem.code.id == code) {
            missing.push(format!("{name}: reports no {code}, but:\n{problems:#?}"));
            continue;
        }
        let rendered = xtask::problems::render(&problems, &root, MessageFormat::Human, false);
        insta::assert_snapshot!(name, rendered);
    }
    assert!(missing.is_empty(), "{}", missing.join("\n\n"));
}

#[test]
fn every_code_in_the_table_has_a_fixture() {
    let names: Vec<String> = fixtures().iter().map(|dir| name(dir)).collect();
    let without: Vec<&str> = codes::all()
        .iter()
        .filter(|code| !code.internal)
        .filter(|code| {
            !names
                .iter()
                .any(|n| n.starts_with(&format!("{}-", code.id)))
        })
        .map(|code| code.id)
        .collect();
    assert!(
        without.is_empty(),
        "codes without a fixture in tests/fixtures/diagnostics/: {without:?}"
    );
    for name in &names {
        let code = name.split('-').next().unwrap_or_default();
        assert!(
            codes::find(code).is_some(),
            "{name}: `{code}` is not a code in the table"
        );
    }
}

#[test]
fn problems_with_several_places_show_each_with_its_label() {
    let root = workspace_root();
    let mut across_files = 0;
    for dir in fixtures() {
        for problem in problems(&dir) {
            let files: std::collections::BTreeSet<&str> =
                problem.locations().map(|l| l.file.as_str()).collect();
            if problem.related.is_empty() {
                continue;
            }
            let rendered = xtask::problems::render(
                std::slice::from_ref(&problem),
                &root,
                MessageFormat::Human,
                false,
            );
            for related in &problem.related {
                assert!(
                    rendered.contains(&related.label),
                    "{}: the label `{}` is not shown:\n{rendered}",
                    name(&dir),
                    related.label
                );
            }
            across_files += usize::from(files.len() > 1);
        }
    }
    assert!(
        across_files > 0,
        "no fixture shows a problem with places in two files"
    );
}

#[test]
fn json_lines_follow_the_documented_schema() {
    let root = workspace_root();
    let schema_text = std::fs::read_to_string(root.join("docs/diagnostics.schema.json"))
        .expect("docs/diagnostics.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema is a JSON Schema");
    let mut lines = 0;
    for dir in fixtures() {
        let problems = problems(&dir);
        let output = xtask::problems::render(&problems, &root, MessageFormat::Json, false);
        for line in output.lines() {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {line}", name(&dir)));
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {line}\n{errors:#?}", name(&dir));
            lines += 1;
        }
        assert_eq!(output.lines().count(), problems.len(), "{}", name(&dir));
    }
    assert!(lines > 0);
}

#[test]
fn short_form_is_one_line_per_problem_with_its_code() {
    let root = workspace_root();
    for dir in fixtures() {
        let problems = problems(&dir);
        let output = xtask::problems::render(&problems, &root, MessageFormat::Short, false);
        assert_eq!(output.lines().count(), problems.len(), "{}", name(&dir));
        for (line, problem) in output.lines().zip(&problems) {
            assert!(
                line.starts_with(&format!("{}[{}]: ", severity(problem), problem.code.id)),
                "{line}"
            );
        }
    }
}

fn severity(problem: &Diagnostic) -> &'static str {
    match problem.severity {
        fyno_codegen::diagnostics::Severity::Error => "error",
        fyno_codegen::diagnostics::Severity::Warning => "warning",
    }
}

#[test]
fn the_code_table_document_is_current() {
    let path = workspace_root().join("docs/diagnostics.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == xtask::problems::table_markdown(),
        "docs/diagnostics.md is stale: run `cargo xtask codegen`"
    );
}

#[test]
fn explain_prints_the_entry_of_any_spelling_and_refuses_unknown_codes() {
    for code in codes::all() {
        let text = xtask::problems::explain(&code.id.to_ascii_lowercase()).expect("a code");
        assert!(
            text.starts_with(code.id) && text.contains(code.explanation),
            "{text}"
        );
    }
    assert!(xtask::problems::explain("E9999").is_err());
}
