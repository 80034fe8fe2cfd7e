//! The project's code generation, as a library so tests run exactly what
//! `cargo xtask codegen` runs.

use fyno_codegen::diagnostics::{Diagnostic, Severity};
use fyno_codegen::{EmitOptions, Generated, Input, SourceFile};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The vendor's spec, relative to the workspace root.
pub const SPEC: &str = "spec/fyno-openapi.yaml";
/// Overlays applied in this order: corrections of the vendor's defects, then
/// Rust-specific naming and client settings.
pub const OVERLAYS: &[&str] = &[
    "spec/corrections.overlay.yaml",
    "spec/rust-sdk.overlay.yaml",
];
/// The generated client crate, relative to the workspace root.
pub const CLIENT_CRATE: &str = "generated-client";
/// Directory of generated files inside the client crate.
pub const GENERATED_DIR: &str = "src/generated";
/// First line of every generated file; only such files are ever deleted.
pub const GENERATED_MARKER: &str = "// @generated";

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// What to generate from and where to.
#[derive(Clone, Debug)]
pub struct Job {
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// Overlays, in order.
    pub overlays: Vec<PathBuf>,
    /// The client crate directory the files are written under.
    pub out: PathBuf,
}

impl Job {
    /// The project's own job: `spec/` → `generated-client/`.
    pub fn project(root: &Path) -> Self {
        Self {
            spec: root.join(SPEC),
            overlays: OVERLAYS.iter().map(|o| root.join(o)).collect(),
            out: root.join(CLIENT_CRATE),
        }
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// A file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// The spec has problems.
    Spec(Vec<Diagnostic>),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Io(path, error) => write!(f, "{}: {error}", path.display()),
            Failure::Spec(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                write!(f, "generation failed: {}", problem_counts(diagnostics))
            }
        }
    }
}

/// `2 errors, 1 warning`: errors and warnings counted apart, for summary lines.
pub fn problem_counts(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn read(path: &Path) -> Result<String, Failure> {
    fs::read_to_string(path).map_err(|e| Failure::Io(path.to_path_buf(), e))
}

/// Display name of a path: relative to the root when inside it.
fn display_name(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The texts a job reads: the spec and its overlays, each with its display name.
struct Sources {
    spec: (String, String),
    overlays: Vec<(String, String)>,
}

impl Sources {
    fn read(job: &Job, root: &Path) -> Result<Self, Failure> {
        let named = |path: &Path| Ok((display_name(path, root), read(path)?));
        Ok(Self {
            spec: named(&job.spec)?,
            overlays: job
                .overlays
                .iter()
                .map(|p| named(p))
                .collect::<Result<_, Failure>>()?,
        })
    }

    fn spec(&self) -> SourceFile<'_> {
        SourceFile {
            name: &self.spec.0,
            text: &self.spec.1,
        }
    }

    fn overlays(&self) -> Vec<SourceFile<'_>> {
        self.overlays
            .iter()
            .map(|(name, text)| SourceFile { name, text })
            .collect()
    }

    /// `spec/fyno-openapi.yaml + spec/corrections.overlay.yaml + …`, for file headers.
    fn description(&self) -> String {
        let names: Vec<&str> = std::iter::once(&self.spec)
            .chain(&self.overlays)
            .map(|(n, _)| n.as_str())
            .collect();
        names.join(" + ")
    }
}

/// Runs the generator for `job` (reading files, writing nothing).
pub fn generate(job: &Job, root: &Path) -> Result<Generated, Failure> {
    let sources = Sources::read(job, root)?;
    let input = Input {
        spec: sources.spec(),
        overlays: sources.overlays(),
        options: EmitOptions {
            source_description: sources.description(),
            ..EmitOptions::default()
        },
    };
    fyno_codegen::generate(&input).map_err(Failure::Spec)
}

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files that do not exist yet.
    pub created: Vec<String>,
    /// Files whose content differs.
    pub updated: Vec<String>,
    /// Generated files on disk that are no longer produced.
    pub deleted: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Changes {
    /// Whether disk matches the generator.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.updated.is_empty() && self.deleted.is_empty()
    }
}

/// Compares `files` (relative to `out`) with what is on disk.
pub fn compare(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes, Failure> {
    let mut changes = Changes::default();
    for (relative, contents) in files {
        let path = out.join(relative);
        match fs::read_to_string(&path) {
            Ok(existing) if existing == *contents => changes.unchanged += 1,
            Ok(_) => changes.updated.push(relative.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                changes.created.push(relative.clone())
            }
            Err(e) => return Err(Failure::Io(path, e)),
        }
    }
    for relative in existing_generated(out)? {
        if !files.contains_key(&relative) {
            changes.deleted.push(relative);
        }
    }
    Ok(changes)
}

/// Generated files under `out/src/generated` (those starting with the marker).
fn existing_generated(out: &Path) -> Result<Vec<String>, Failure> {
    let mut found = Vec::new();
    let mut stack = vec![out.join(GENERATED_DIR)];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Failure::Io(dir, e)),
        };
        for entry in entries {
            let path = entry.map_err(|e| Failure::Io(dir.clone(), e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(out)
                && fs::read_to_string(&path).is_ok_and(|t| t.starts_with(GENERATED_MARKER))
            {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Writes `changes` to disk (creating directories, deleting stale generated files).
pub fn apply(
    out: &Path,
    files: &BTreeMap<String, String>,
    changes: &Changes,
) -> Result<(), Failure> {
    for relative in changes.created.iter().chain(&changes.updated) {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Failure::Io(parent.to_path_buf(), e))?;
        }
        let contents = files.get(relative).map(String::as_str).unwrap_or_default();
        fs::write(&path, contents).map_err(|e| Failure::Io(path.clone(), e))?;
    }
    for relative in &changes.deleted {
        let path = out.join(relative);
        fs::remove_file(&path).map_err(|e| Failure::Io(path.clone(), e))?;
    }
    Ok(())
}

/// A readable summary of stale files: each with its first differing lines.
pub fn stale_report(out: &Path, files: &BTreeMap<String, String>, changes: &Changes) -> String {
    let mut report = String::new();
    for relative in &changes.created {
        let _ = writeln!(report, "missing: {relative}");
    }
    for relative in &changes.deleted {
        let _ = writeln!(report, "no longer generated: {relative}");
    }
    for relative in &changes.updated {
        let _ = writeln!(report, "stale: {relative}");
        let on_disk = fs::read_to_string(out.join(relative)).unwrap_or_default();
        let expected = files.get(relative).map(String::as_str).unwrap_or_default();
        report.push_str(&first_difference(&on_disk, expected));
    }
    report
}

/// The first differing line of two texts, with its line number.
pub fn first_difference(on_disk: &str, expected: &str) -> String {
    let mut disk_lines = on_disk.lines();
    let mut expected_lines = expected.lines();
    let mut line = 1;
    loop {
        match (disk_lines.next(), expected_lines.next()) {
            (None, None) => return String::new(),
            (a, b) if a == b => line += 1,
            (a, b) => {
                return format!(
                    "    line {line}:\n      committed: {}\n      generated: {}\n",
                    a.unwrap_or("<end of file>"),
                    b.unwrap_or("<end of file>")
                );
            }
        }
    }
}

/// The spec with every overlay applied, as JSON: what the client is generated
/// from, and what an independent validator (Prism) should check requests against.
pub fn resolved_spec(job: &Job, root: &Path) -> Result<String, Failure> {
    let sources = Sources::read(job, root)?;
    let mut diags = fyno_codegen::diagnostics::Diagnostics::new();
    match fyno_codegen::load::load(sources.spec(), &sources.overlays(), &mut diags) {
        Some(loaded) if !diags.has_errors() => serde_json::to_string_pretty(&loaded.raw)
            .map_err(|e| Failure::Io(job.spec.clone(), std::io::Error::other(e))),
        _ => Err(Failure::Spec(diags.into_sorted())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fyno_codegen::diagnostics::{Diagnostics, Location};

    #[test]
    fn summary_counts_errors_and_warnings_apart() {
        let mut diags = Diagnostics::new();
        assert_eq!(
            problem_counts(&diags.clone().into_sorted()),
            "0 errors, 0 warnings"
        );
        diags.error(Location::new("s.yaml", "/a"), "bad");
        diags.warning(Location::new("s.yaml", "/b"), "odd");
        diags.warning(Location::new("s.yaml", "/c"), "odd");
        let diagnostics = diags.into_sorted();
        assert_eq!(problem_counts(&diagnostics), "1 error, 2 warnings");
        let failure = Failure::Spec(diagnostics).to_string();
        assert!(
            failure.ends_with("\ngeneration failed: 1 error, 2 warnings"),
            "{failure}"
        );
    }
}
