//! The project's code generation, as a library so tests run exactly what
//! `cargo xtask codegen` runs.

pub mod api_changes;
pub mod corpus;
pub mod fuzz;
pub mod problems;
pub mod retarget;

use fyno_codegen::diagnostics::render::MessageFormat;
use fyno_codegen::diagnostics::{Diagnostic, Severity};
use fyno_codegen::{EmitOptions, Generated, Input, SPEC_EXAMPLES_TEST, SourceFile};
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
/// The API lock of the project's crate, relative to the workspace root.
pub const LOCK: &str = "spec/api.lock";
/// The file name of the API lock and of the changelog in a `--out` crate.
pub const CRATE_LOCK: &str = "api.lock";
/// The changelog the change report is appended to, in the client crate.
pub const CHANGELOG: &str = "CHANGELOG.md";
/// The generated client crate, relative to the workspace root.
pub const CLIENT_CRATE: &str = "generated-client";
/// The package name of the client crate.
pub const CLIENT_PACKAGE: &str = "fyno";
/// Directory of generated files inside the client crate.
pub const GENERATED_DIR: &str = "src/generated";
/// The runtime crate generated crates depend on, relative to the workspace root.
pub const RUNTIME_CRATE: &str = "runtime";
/// First line of every generated file; only such files are ever deleted.
pub const GENERATED_MARKER: &str = "// @generated";

/// A command running the cargo that runs this task (`$CARGO`, which cargo
/// sets for what it starts), else the `cargo` on `PATH`.
pub fn cargo_command() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

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
    /// The crate's package name, from which the environment variables'
    /// prefix is derived (`fyno` → `FYNO_API_KEY`); `None`: the spec's title.
    pub crate_name: Option<String>,
    /// The API lock read before generating and written after (names kept
    /// across spec updates); `None`: names are derived afresh, nothing written.
    pub lock: Option<PathBuf>,
    /// The changelog the change report is merged into; `None`: none.
    pub changelog: Option<PathBuf>,
}

impl Job {
    /// The project's own job: `spec/` → `generated-client/`.
    pub fn project(root: &Path) -> Self {
        Self {
            spec: root.join(SPEC),
            overlays: OVERLAYS.iter().map(|o| root.join(o)).collect(),
            out: root.join(CLIENT_CRATE),
            crate_name: Some(CLIENT_PACKAGE.to_owned()),
            lock: Some(root.join(LOCK)),
            changelog: Some(root.join(CLIENT_CRATE).join(CHANGELOG)),
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
    /// The command cannot do what was asked (e.g. an unusable crate name).
    Usage(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Io(path, error) => write!(f, "{}: {error}", path.display()),
            Failure::Usage(message) => f.write_str(message),
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

pub(crate) fn read(path: &Path) -> Result<String, Failure> {
    fs::read_to_string(path).map_err(|e| Failure::Io(path.to_path_buf(), e))
}

/// Display name of a path: relative to the root when inside it.
pub(crate) fn display_name(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The texts a job reads: the spec and its overlays, each with its display name.
struct Sources {
    spec: (String, String),
    overlays: Vec<(String, String)>,
    /// The API lock, when the job has one and it exists.
    lock: Option<(String, String)>,
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
            lock: match &job.lock {
                Some(path) if path.exists() => Some(named(path)?),
                _ => None,
            },
        })
    }

    fn lock(&self) -> Option<SourceFile<'_>> {
        self.lock
            .as_ref()
            .map(|(name, text)| SourceFile { name, text })
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

/// Usage of `cargo xtask codegen`.
pub const CODEGEN_USAGE: &str =
    "usage: cargo xtask codegen [--check | --retarget-overlays] [--spec PATH [--overlay PATH]... --out DIR [--crate-name NAME]]
                           [--message-format human|short|json] | --explain CODE

  (no flags)         regenerate generated-client/ from spec/ (vendor spec + overlays)
  --check            change nothing; fail if the committed output is stale
  --retarget-overlays  first rewrite, in the overlay files, the targets of actions whose schema
                     the spec moved (a component renamed, an inline schema moved into
                     `components`), as the generator's errors suggest; prints each change
  --spec PATH        generate from another OpenAPI 3.0 or 3.1 document (no overlays unless --overlay);
                     needs --out, so generated-client/ is never overwritten by another spec
  --overlay PATH     apply an Overlay 1.0 document (repeatable, in order)
  --out DIR          write a crate into DIR: the generated tree under DIR/src/generated, the
                     spec's examples as the test DIR/tests/spec_examples.rs, and
                     DIR/Cargo.toml and DIR/src/lib.rs when they do not exist yet
  --crate-name NAME  package name of a new crate (default: the spec's title in kebab case);
                     its environment variables are NAME in screaming snake case, e.g. NAME_API_KEY
  --message-format human|short|json
                     how problems are written: with source snippets (default; colour on a terminal
                     unless NO_COLOR is set), one line each, or one JSON object per line on stdout
                     (schema: docs/diagnostics.schema.json)
  --explain CODE     print what a problem code (E012, W031, …) means and how to fix it";

/// What `cargo xtask codegen` was asked to do.
#[derive(Debug)]
pub enum Codegen {
    /// Print the usage.
    Help,
    /// Print a code's explanation.
    Explain(String),
    /// Generate (or, with `check`, compare); `new_crate` when `--out` named
    /// the directory, which then also gets `Cargo.toml` and `src/lib.rs`.
    Run {
        /// What to generate from and where to.
        job: Job,
        /// `--check`.
        check: bool,
        /// `--retarget-overlays`.
        retarget: bool,
        /// `--out` was given.
        new_crate: bool,
        /// `--message-format`.
        format: MessageFormat,
    },
}

/// Parses the arguments after `codegen`. Another spec (or overlays, or a
/// crate name) without `--out` is refused: `generated-client/` is only ever
/// generated from `spec/`.
pub fn parse_codegen_args(args: &[String], root: &Path) -> Result<Codegen, String> {
    let mut args = args.iter();
    let mut job = Job::project(root);
    let mut check = false;
    let mut retarget = false;
    let mut custom_spec = false;
    let mut overlays = Vec::new();
    let mut out = None;
    let mut crate_name = None;
    let mut format = MessageFormat::default();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value\n\n{CODEGEN_USAGE}"))
        };
        match arg.as_str() {
            "--check" => check = true,
            "--retarget-overlays" => retarget = true,
            "--spec" => {
                job.spec = value("--spec")?;
                custom_spec = true;
            }
            "--overlay" => overlays.push(value("--overlay")?),
            "--out" => out = Some(value("--out")?),
            "--crate-name" => {
                let name = value("--crate-name")?;
                crate_name = Some(name.to_string_lossy().into_owned());
            }
            "--message-format" => {
                let name = value("--message-format")?;
                let name = name.to_string_lossy();
                format = MessageFormat::parse(&name).ok_or_else(|| {
                    format!(
                        "--message-format is human, short or json, not `{name}`\n\n{CODEGEN_USAGE}"
                    )
                })?;
            }
            "--explain" => {
                let code = value("--explain")?;
                return Ok(Codegen::Explain(code.to_string_lossy().into_owned()));
            }
            "-h" | "--help" => return Ok(Codegen::Help),
            other => return Err(format!("unknown argument `{other}`\n\n{CODEGEN_USAGE}")),
        }
    }
    if (custom_spec || !overlays.is_empty() || crate_name.is_some()) && out.is_none() {
        return Err(format!(
            "--spec, --overlay and --crate-name need --out DIR: generated-client/ is only ever generated from spec/\n\n{CODEGEN_USAGE}"
        ));
    }
    if check && retarget {
        return Err(format!(
            "--check changes nothing, and --retarget-overlays rewrites overlays: give one\n\n{CODEGEN_USAGE}"
        ));
    }
    if custom_spec || !overlays.is_empty() {
        job.overlays = overlays;
    }
    let new_crate = out.is_some();
    if let Some(out) = out {
        // A crate of its own keeps its lock and changelog beside its manifest.
        job.lock = Some(out.join(CRATE_LOCK));
        job.changelog = Some(out.join(CHANGELOG));
        job.out = out;
        // Unless named, a new crate is named after its spec, not after Fyno.
        job.crate_name = crate_name;
    }

    Ok(Codegen::Run {
        job,
        check,
        retarget,
        new_crate,
        format,
    })
}

/// Runs the generator for `job` (reading files, writing nothing).
pub fn generate(job: &Job, root: &Path) -> Result<Generated, Failure> {
    generate_with_lock(job, root, None)
}

/// Like [`generate`], keeping the names of `lock` (its text) instead of
/// those of the job's lock file.
pub fn generate_with_lock(
    job: &Job,
    root: &Path,
    lock: Option<&str>,
) -> Result<Generated, Failure> {
    let mut sources = Sources::read(job, root)?;
    if let Some(text) = lock {
        sources.lock = Some(("the previous API lock".to_owned(), text.to_owned()));
    }
    // The other files of a document split over several, by the names the
    // generator joins from the spec's display name: relative to `root` when
    // the spec is under it (see `display_name`), else as the spec's path is
    // (relative to the working directory, or absolute).
    let base = if job.spec.strip_prefix(root).is_ok() {
        root
    } else {
        Path::new("")
    };
    let read_file =
        |name: &str| std::fs::read_to_string(base.join(name)).map_err(|err| err.to_string());
    let input = Input {
        spec: sources.spec(),
        overlays: sources.overlays(),
        lock: sources.lock(),
        options: EmitOptions {
            source_description: sources.description(),
            env_prefix: job.crate_name.clone(),
            library_name: library_name(job)?,
            ..EmitOptions::default()
        },
        files: Some(fyno_codegen::Files(&read_file)),
    };
    fyno_codegen::generate(&input).map_err(Failure::Spec)
}

/// The library name the crate `job` writes is named by in its integration
/// test: `--crate-name`'s, else that of the crate's manifest when it has one
/// (`scaffold` never rewrites it, so its name is the crate's), else `None`:
/// the generator's default, after the spec's title, as `scaffold` names a
/// new crate.
fn library_name(job: &Job) -> Result<Option<String>, Failure> {
    if let Some(name) = &job.crate_name {
        return Ok(Some(fyno_codegen::library_name(name)));
    }
    // A job that writes nowhere (corpus rows, api-diff) has an empty `out`:
    // the working directory's manifest is not its crate's.
    if job.out.as_os_str().is_empty() {
        return Ok(None);
    }
    manifest_library_name(&job.out.join("Cargo.toml"))
}

/// The library name a manifest gives its crate: `[lib] name`, else its
/// `[package] name` with `-` → `_`; `None` when there is no manifest or it
/// names no package (a virtual workspace's).
fn manifest_library_name(path: &Path) -> Result<Option<String>, Failure> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Failure::Io(path.to_path_buf(), e)),
    };
    let manifest: toml::Table = text
        .parse()
        .map_err(|e| Failure::Io(path.to_path_buf(), std::io::Error::other(e)))?;
    let name = |table: &str| {
        manifest
            .get(table)
            .and_then(|t| t.get("name"))
            .and_then(toml::Value::as_str)
    };
    Ok(name("lib")
        .map(str::to_owned)
        .or_else(|| name("package").map(fyno_codegen::library_name)))
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

/// Generated files of the crate in `out`, those starting with the marker:
/// under `out/src/generated`, and the examples test (which the generator
/// writes only while the spec has examples).
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
                && is_generated(&path)
            {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    if is_generated(&out.join(SPEC_EXAMPLES_TEST)) {
        found.push(SPEC_EXAMPLES_TEST.to_owned());
    }
    found.sort();
    Ok(found)
}

/// Whether the file at `path` is one the generator wrote (starts with the marker).
fn is_generated(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| t.starts_with(GENERATED_MARKER))
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

/// The package name of the crate `job` writes: `--crate-name`, else the
/// spec's title in kebab case (`Swagger Petstore` → `swagger-petstore`).
pub fn package_name(job: &Job, generated: &Generated) -> Result<String, Failure> {
    let name = match &job.crate_name {
        Some(name) => name.clone(),
        None => fyno_codegen::default_package_name(&generated.api.title),
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(Failure::Usage(format!(
            "`{name}` is not a usable package name (ASCII letters, digits, `-` and `_`, starting with a letter); pass --crate-name"
        )))
    }
}

/// `Cargo.toml` of a new generated crate. No `[workspace]` table: whether
/// the crate joins a workspace is the caller's choice.
pub fn manifest(package: &str, description: &str, runtime: &Path) -> String {
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    // A TOML basic string: no raw control characters, `\` and `"` escaped.
    let description: String = description
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let description = description.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "[package]\n\
         name = \"{package}\"\n\
         version = \"0.1.0\"\n\
         description = \"{description}\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         fyno-codegen-runtime = {{ path = \"{runtime}\" }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n"
    )
}

/// `to` relative to `from` (both absolute, or both relative to one place),
/// e.g. `../../runtime`.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for component in &to[common..] {
        path.push(component);
    }
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    path
}

/// Writes `Cargo.toml` and `src/lib.rs` into `job.out` when they do not
/// exist (an existing crate's own are never touched); returns the files created.
pub fn scaffold(job: &Job, root: &Path, generated: &Generated) -> Result<Vec<String>, Failure> {
    let mut created = Vec::new();
    fs::create_dir_all(&job.out).map_err(|e| Failure::Io(job.out.clone(), e))?;
    let manifest_path = job.out.join("Cargo.toml");
    if !manifest_path.exists() {
        let package = package_name(job, generated)?;
        let out = fs::canonicalize(&job.out).map_err(|e| Failure::Io(job.out.clone(), e))?;
        let runtime_dir = root.join(RUNTIME_CRATE);
        let runtime = fs::canonicalize(&runtime_dir).map_err(|e| Failure::Io(runtime_dir, e))?;
        let description = format!(
            "Client of the {} API, generated from its OpenAPI document.",
            generated.api.title
        );
        let text = manifest(&package, &description, &relative_path(&out, &runtime));
        fs::write(&manifest_path, text).map_err(|e| Failure::Io(manifest_path.clone(), e))?;
        created.push("Cargo.toml".to_owned());
    }
    let lib = job.out.join("src/lib.rs");
    if !lib.exists() {
        if let Some(parent) = lib.parent() {
            fs::create_dir_all(parent).map_err(|e| Failure::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&lib, &generated.crate_root).map_err(|e| Failure::Io(lib.clone(), e))?;
        created.push("src/lib.rs".to_owned());
    }
    Ok(created)
}

/// Writes `generated` into `out` as `cargo xtask codegen --out` does
/// (manifest and `src/lib.rs` when absent, then the generated tree), as the
/// package `name`: for crates built in scratch workspaces.
pub fn write_crate(
    out: &Path,
    name: &str,
    generated: &Generated,
    root: &Path,
) -> Result<(), Failure> {
    let job = Job {
        spec: PathBuf::new(),
        overlays: Vec::new(),
        out: out.to_path_buf(),
        crate_name: Some(name.to_owned()),
        lock: None,
        changelog: None,
    };
    scaffold(&job, root, generated)?;
    let changes = compare(out, &generated.files)?;
    apply(out, &generated.files, &changes)
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use fyno_codegen::diagnostics::{Diagnostics, ErrorCode, Location, WarningCode};

    const BAD: ErrorCode = ErrorCode::new("E998", "bad", "a test's");
    const ODD: WarningCode = WarningCode::new("W998", "odd", "a test's");

    #[test]
    fn summary_counts_errors_and_warnings_apart() {
        let mut diags = Diagnostics::new();
        assert_eq!(
            problem_counts(&diags.clone().into_sorted()),
            "0 errors, 0 warnings"
        );
        diags.error(BAD, Location::new("s.yaml", "/a"), "bad");
        diags.warning(ODD, Location::new("s.yaml", "/b"), "odd");
        diags.warning(ODD, Location::new("s.yaml", "/c"), "odd");
        let diagnostics = diags.into_sorted();
        assert_eq!(problem_counts(&diagnostics), "1 error, 2 warnings");
        let failure = Failure::Spec(diagnostics).to_string();
        assert!(
            failure.ends_with("\ngeneration failed: 1 error, 2 warnings"),
            "{failure}"
        );
    }
}
