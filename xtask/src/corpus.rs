//! `cargo xtask corpus [DIR]`: generate every OpenAPI document of a corpus,
//! build every generated crate in one scratch workspace (one shared target
//! directory, `cargo check`), and print a table: document, operations,
//! types, outcome (generated / refused with the reason / compiled), time.

use fyno_codegen::diagnostics::SkippedKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod manifest;

pub use manifest::{CORPUS_DIR, Manifest};

/// What happened to one document.
#[derive(Clone, Debug)]
pub struct Row {
    /// File name of the document.
    pub document: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Operations generated.
    pub operations: usize,
    /// Types generated.
    pub types: usize,
    /// Warnings reported while generating.
    pub warnings: usize,
    /// What the generated crate leaves out, by kind and reason: how many.
    pub skipped: BTreeMap<(SkippedKind, &'static str), usize>,
    /// `None` when generated; else every error, in document order.
    pub refused: Option<Vec<String>>,
    /// Time to generate, in process.
    pub time: Duration,
    /// After `cargo check`: errors and warnings in the generated crate, when it was built.
    pub compiled: Option<Compiled>,
}

/// The compiler's verdict on one generated crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compiled {
    /// Compiler errors.
    pub errors: usize,
    /// Compiler warnings (generated code must have none).
    pub warnings: usize,
    /// The first error or warning, for the table.
    pub first: Option<String>,
    /// Cargo produced the crate's library (it was really checked).
    pub built: bool,
}

impl Compiled {
    /// Built, with no error and no warning.
    pub fn is_clean(&self) -> bool {
        self.built && self.errors == 0 && self.warnings == 0
    }
}

/// Options of a corpus run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The documents, in the order of the table.
    pub documents: Vec<PathBuf>,
    /// Scratch directory: `crates/<name>/` and the workspace manifest.
    pub scratch: PathBuf,
    /// Cargo's target directory for the build (shared with the tests' scratch
    /// workspaces, so the runtime builds once).
    pub target: PathBuf,
    /// Build generated crates of documents up to this size (bytes); `None`: build none.
    pub compile_up_to: Option<u64>,
}

/// Documents of `dir`, sorted by name (JSON and YAML files only).
pub fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut documents: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    documents.sort();
    Ok(documents)
}

/// The crate (package) name a document's generated crate gets in the scratch workspace.
pub fn crate_name(document: &Path) -> String {
    let stem = document
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec");
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{}", cleaned.trim_matches('-'))
}

/// Generates one document in process (as `cargo xtask codegen --spec
/// DOCUMENT --out …` would) and reports what came out.
pub fn generate_row(document: &Path) -> Row {
    generate_document(document).0
}

/// [`generate_row`], keeping what was generated.
pub fn generate_document(document: &Path) -> (Row, Option<fyno_codegen::Generated>) {
    let name = document
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let mut row = Row {
        document: name.clone(),
        bytes: fs::metadata(document).map(|m| m.len()).unwrap_or(0),
        operations: 0,
        types: 0,
        warnings: 0,
        skipped: BTreeMap::new(),
        refused: None,
        time: Duration::ZERO,
        compiled: None,
    };
    let job = crate::Job {
        spec: document.to_path_buf(),
        overlays: Vec::new(),
        out: PathBuf::new(),
        crate_name: Some(crate_name(document)),
        lock: None,
        changelog: None,
    };
    let root = document.parent().unwrap_or(document);
    let started = Instant::now();
    let outcome = crate::generate(&job, root);
    row.time = started.elapsed();
    match outcome {
        Ok(generated) => {
            row.operations = generated.operations.len();
            row.types = generated.api.types.types.len();
            row.warnings = generated.warnings.len();
            for skipped in generated.warnings.iter().filter_map(|w| w.skipped) {
                *row.skipped
                    .entry((skipped.what, skipped.reason))
                    .or_default() += skipped.count;
            }
            (row, Some(generated))
        }
        Err(crate::Failure::Spec(diagnostics)) => {
            let errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == fyno_codegen::diagnostics::Severity::Error)
                .map(ToString::to_string)
                .collect();
            row.refused = Some(errors);
            (row, None)
        }
        Err(other) => {
            row.refused = Some(vec![other.to_string()]);
            (row, None)
        }
    }
}

/// Generates every document of `options.documents`, builds the crates of those up
/// to `options.compile_up_to` bytes in one scratch workspace, and returns a
/// row per document.
pub fn run(options: &Options, root: &Path) -> Result<Vec<Row>, String> {
    let crates = options.scratch.join("crates");
    let _ = fs::remove_dir_all(&crates);
    fs::create_dir_all(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    let mut rows = Vec::new();
    let mut members = BTreeMap::new();
    for document in &options.documents {
        let (row, generated) = generate_document(document);
        let build = options
            .compile_up_to
            .is_some_and(|limit| row.bytes <= limit);
        if let (Some(generated), true) = (generated, build) {
            let name = crate_name(document);
            crate::write_crate(&crates.join(&name), &name, &generated, root)
                .map_err(|e| e.to_string())?;
            members.insert(name, format!("crates/{}", crate_name(document)));
        }
        rows.push(row);
    }
    if !members.is_empty() {
        // The lock file pins the versions this repository builds with.
        let lock = root.join("Cargo.lock");
        fs::copy(&lock, options.scratch.join("Cargo.lock"))
            .map_err(|e| format!("{}: {e}", lock.display()))?;
        let verdicts = check_workspace(&options.scratch, &options.target, &members)?;
        for row in &mut rows {
            let name = crate_name(Path::new(&row.document));
            row.compiled = verdicts.get(&name).cloned();
        }
    }
    Ok(rows)
}

/// Builds the crates listed in `members` (`package name → crate dir` relative
/// to `scratch`) with one `cargo check`, and returns each package's verdict.
pub fn check_workspace(
    scratch: &Path,
    target: &Path,
    members: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, Compiled>, String> {
    let listed: Vec<String> = members.values().map(|dir| format!("{dir:?}")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`: every generated crate of the corpus.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        listed.join(", ")
    );
    fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let output = crate::cargo_command()
        // `--keep-going`: one crate that fails does not stop the others.
        .args([
            "check",
            "--workspace",
            "--lib",
            "--keep-going",
            "--message-format",
            "json",
        ])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        // A checked crate is regenerated before it is checked again, so
        // incremental state saves nothing; and re-checking a crate of a
        // thousand-deep type chain against old state overflows rustc's stack
        // (marking the dependency graph green recurses once per link).
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut verdicts: BTreeMap<String, Compiled> = members
        .keys()
        .map(|name| (name.clone(), Compiled::default()))
        .collect();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        record_message(line, &mut verdicts);
    }
    if !output.status.success() && verdicts.values().all(|v| v.errors == 0) {
        // Cargo failed before compiling (a manifest or resolution problem).
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("cargo check failed:\n{stderr}"));
    }
    Ok(verdicts)
}

/// Counts one `--message-format json` line against its package.
fn record_message(line: &str, verdicts: &mut BTreeMap<String, Compiled>) {
    let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
        return;
    };
    let Some(package) = package_name(message["package_id"].as_str().unwrap_or_default()) else {
        return;
    };
    let Some(verdict) = verdicts.get_mut(&package) else {
        return;
    };
    if message["reason"] == "compiler-artifact" {
        verdict.built = true;
        return;
    }
    if message["reason"] != "compiler-message" {
        return;
    }
    let level = message["message"]["level"].as_str().unwrap_or_default();
    match level {
        "error" => verdict.errors += 1,
        "warning" => verdict.warnings += 1,
        _ => return,
    }
    let text = message["message"]["message"].as_str().unwrap_or_default();
    // "aborting due to …" and "N warnings emitted" summaries add nothing.
    if verdict.first.is_none()
        && !text.starts_with("aborting")
        && !text.contains("warnings emitted")
        && !text.contains("warning emitted")
    {
        let place = message["message"]["spans"][0]["file_name"]
            .as_str()
            .unwrap_or_default();
        verdict.first = Some(format!("{level}: {text} ({place})"));
    }
}

/// The package name in a cargo package id: `path+file:///…/dir#version`
/// (the directory is the package, as the corpus names them),
/// `path+file:///…/dir#name@version`, or the older `name 0.0.0 (…)`.
fn package_name(id: &str) -> Option<String> {
    if let Some((path, fragment)) = id.rsplit_once('#') {
        return Some(match fragment.split_once('@') {
            Some((name, _)) => name.to_owned(),
            None => path.rsplit('/').next()?.to_owned(),
        });
    }
    id.split_whitespace().next().map(str::to_owned)
}

/// The table, one row per document, as Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | KB | operations | types | warnings | outcome | time |\n|---|---:|---:|---:|---:|---|---:|\n",
    );
    for row in rows {
        let outcome = match (&row.refused, &row.compiled) {
            (Some(errors), _) => format!(
                "refused ({} errors): {}",
                errors.len(),
                errors
                    .first()
                    .map(String::as_str)
                    .unwrap_or_default()
                    .replace('|', "\\|")
            ),
            (None, None) => "generated".to_owned(),
            (None, Some(c)) if c.is_clean() => "compiled".to_owned(),
            (None, Some(c)) if c.errors == 0 && !c.built => "generated; not built".to_owned(),
            (None, Some(c)) => format!(
                "generated; {} compile errors, {} warnings: {}",
                c.errors,
                c.warnings,
                c.first.clone().unwrap_or_default().replace('|', "\\|")
            ),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {:.0} ms |",
            row.document,
            row.bytes.div_ceil(1024),
            row.operations,
            row.types,
            row.warnings,
            outcome,
            row.time.as_secs_f64() * 1000.0
        );
    }
    let generated = rows.iter().filter(|r| r.refused.is_none()).count();
    let compiled = rows
        .iter()
        .filter(|r| r.compiled.as_ref().is_some_and(Compiled::is_clean))
        .count();
    let built = rows.iter().filter(|r| r.compiled.is_some()).count();
    let reasons = refusal_reasons(rows);
    if !reasons.is_empty() {
        out.push_str("\n| documents refused for | count |\n|---|---:|\n");
        let mut by_count: Vec<(&String, &usize)> = reasons.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (reason, count) in by_count {
            let _ = writeln!(out, "| {} | {count} |", reason.replace('|', "\\|"));
        }
    }
    let skipped = skip_counts(rows);
    if !skipped.is_empty() {
        out.push_str("\n| left out of generated crates | reason | count | documents |\n|---|---|---:|---:|\n");
        for ((what, reason), (count, documents)) in &skipped {
            let _ = writeln!(
                out,
                "| {} | {} | {count} | {documents} |",
                what.plural(),
                reason.replace('|', "\\|")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} documents: {generated} generated, {} refused; {compiled} of {built} built compiled with no warnings",
        rows.len(),
        rows.len() - generated
    );
    out
}

/// What the generated crates leave out, by kind and reason: how many, and
/// in how many documents.
pub fn skip_counts(rows: &[Row]) -> BTreeMap<(SkippedKind, &'static str), (usize, usize)> {
    let mut counts: BTreeMap<(SkippedKind, &'static str), (usize, usize)> = BTreeMap::new();
    for row in rows {
        for (key, count) in &row.skipped {
            let entry = counts.entry(*key).or_default();
            entry.0 += count;
            entry.1 += 1;
        }
    }
    counts
}

/// How many refused documents have each kind of error: the message without
/// its location, with names in backticks and pointers elided (`…`), so
/// errors of one kind count together. A document counts once per kind.
pub fn refusal_reasons(rows: &[Row]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for errors in rows.iter().filter_map(|r| r.refused.as_ref()) {
        let kinds: std::collections::BTreeSet<String> =
            errors.iter().map(|e| error_kind(e)).collect();
        for kind in kinds {
            *counts.entry(kind).or_default() += 1;
        }
    }
    counts
}

/// `error[E085]: f.json:1:2 at /paths/~1a: method name `x` is also derived
/// for /paths/~1b; …` → `E085 method name `…` is also derived for …; …`:
/// the code first, so a report's kinds read grouped by code.
fn error_kind(error: &str) -> String {
    let (code, error) = match error
        .strip_prefix("error[")
        .and_then(|rest| rest.split_once("]: "))
    {
        Some((code, rest)) => (format!("{code} "), rest),
        None => (
            String::new(),
            error.strip_prefix("error: ").unwrap_or(error),
        ),
    };
    let message = match error.split_once(" at ") {
        Some((_, rest)) => rest.split_once(": ").map_or(rest, |(_, m)| m),
        None => error.split_once(": ").map_or(error, |(_, m)| m),
    };
    let mut kind = code;
    for (index, part) in message.split('`').enumerate() {
        if index % 2 == 1 {
            kind.push_str("`…`");
            continue;
        }
        let words: Vec<String> = part
            .split(' ')
            .map(|w| {
                if w.starts_with('/') || w.starts_with("#/") {
                    let punctuation = w.len() - w.trim_end_matches([';', ',', '.', ':']).len();
                    format!("…{}", &w[w.len() - punctuation..])
                } else {
                    w.to_owned()
                }
            })
            .collect();
        kind.push_str(&words.join(" "));
    }
    kind
}

/// Usage of `cargo xtask corpus`.
pub const USAGE: &str = "       cargo xtask corpus [DIR] [--compile-up-to KB | --no-compile]
  generate every document of DIR (default: the repository's corpus/specs, every document its
  manifest lists), build the crates in one scratch workspace (target/corpus) and print a table";

/// `cargo xtask corpus …`: fails when a built crate has errors or warnings.
pub fn command(args: &[String], root: &Path) -> Result<std::process::ExitCode, String> {
    let mut dir = None;
    let mut options = Options {
        documents: Vec::new(),
        scratch: root.join("target/corpus"),
        target: root.join("target/scratch-target"),
        compile_up_to: Some(u64::MAX),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-compile" => options.compile_up_to = None,
            "--compile-up-to" => {
                let kb = args
                    .next()
                    .and_then(|v| v.parse::<u64>().ok())
                    .ok_or_else(|| format!("--compile-up-to takes a size in KB\n\n{USAGE}"))?;
                options.compile_up_to = Some(kb * 1024);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(std::process::ExitCode::SUCCESS);
            }
            other => dir = Some(PathBuf::from(other)),
        }
    }
    options.documents = match dir {
        Some(dir) => documents(&dir)?,
        None => Manifest::read(&root.join(CORPUS_DIR))?.documents("specs")?,
    };
    let started = Instant::now();
    let rows = run(&options, root)?;
    print!("{}", table(&rows));
    println!("({:.0} s in all)", started.elapsed().as_secs_f64());
    let clean = rows
        .iter()
        .all(|r| r.compiled.as_ref().is_none_or(Compiled::is_clean));
    Ok(if clean {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_count_by_kind_once_per_document() {
        let row = |errors: &[&str]| Row {
            document: "d".to_owned(),
            bytes: 0,
            operations: 0,
            types: 0,
            warnings: 0,
            skipped: BTreeMap::new(),
            refused: Some(errors.iter().map(|e| (*e).to_owned()).collect()),
            time: Duration::ZERO,
            compiled: None,
        };
        let rows = [
            row(&[
                "error[E085]: a.json:1:5 at /paths/~1a/get: method name `x` is also derived for /paths/~1b/get; set `x-rust-method` on one of them",
                "error[E085]: a.json:1:9 at /paths/~1c/get: method name `y` is also derived for /paths/~1d/get; set `x-rust-method` on one of them",
            ]),
            row(&["error: b.yaml: Swagger 2.0 is not supported"]),
        ];
        let reasons = refusal_reasons(&rows);
        assert_eq!(
            reasons.get("E085 method name `…` is also derived for … set `…` on one of them"),
            None,
            "{reasons:?}"
        );
        assert_eq!(
            reasons.get("E085 method name `…` is also derived for …; set `…` on one of them"),
            Some(&1),
            "{reasons:?}"
        );
        assert_eq!(reasons.get("Swagger 2.0 is not supported"), Some(&1));
    }

    #[test]
    fn skips_add_up_by_kind_and_reason_and_count_documents() {
        let row = |count: usize| Row {
            document: "d".to_owned(),
            bytes: 0,
            operations: 0,
            types: 0,
            warnings: 0,
            skipped: BTreeMap::from([((SkippedKind::Parameter, "why"), count)]),
            refused: None,
            time: Duration::ZERO,
            compiled: None,
        };
        let counts = skip_counts(&[row(2), row(3)]);
        assert_eq!(counts.get(&(SkippedKind::Parameter, "why")), Some(&(5, 2)));
        assert!(table(&[row(1)]).contains("| parameters | why | 1 | 1 |"));
    }

    #[test]
    fn package_names_from_ids() {
        assert_eq!(
            package_name("path+file:///tmp/s/crates/corpus-a#0.0.0").as_deref(),
            Some("corpus-a")
        );
        assert_eq!(
            package_name("path+file:///tmp/s/crates/dir#corpus-b@0.0.0").as_deref(),
            Some("corpus-b")
        );
        assert_eq!(
            package_name("corpus-c 0.0.0 (path+file:///tmp)").as_deref(),
            Some("corpus-c")
        );
    }

    #[test]
    fn crate_names_are_valid() {
        assert_eq!(
            crate_name(Path::new("x/Twilio_v1.json")),
            "corpus-twilio-v1"
        );
    }

    #[test]
    fn messages_count_against_their_package() {
        let mut verdicts = BTreeMap::from([("corpus-a".to_owned(), Compiled::default())]);
        let line = r#"{"reason":"compiler-message","package_id":"path+file:///s/crates/corpus-a#0.0.0","message":{"level":"warning","message":"unused import","spans":[{"file_name":"src/lib.rs"}]}}"#;
        record_message(line, &mut verdicts);
        record_message(
            r#"{"reason":"build-finished","success":true}"#,
            &mut verdicts,
        );
        assert!(
            !verdicts["corpus-a"].is_clean(),
            "a warning, and no artifact yet"
        );
        let artifact =
            r#"{"reason":"compiler-artifact","package_id":"path+file:///s/crates/corpus-a#0.0.0"}"#;
        record_message(artifact, &mut verdicts);
        assert!(verdicts["corpus-a"].built);
        assert_eq!(verdicts["corpus-a"].warnings, 1);
        assert_eq!(
            verdicts["corpus-a"].first.as_deref(),
            Some("warning: unused import (src/lib.rs)")
        );
    }
}
