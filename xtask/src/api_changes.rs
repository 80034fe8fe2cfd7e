//! What a regeneration changes for the crate's users: the API lock written
//! beside the spec, the change report printed after `cargo xtask codegen`,
//! the changelog entry, and `cargo xtask api-diff OLD NEW`.

use crate::{Failure, Job, generate, generate_with_lock, read};
use fyno_codegen::Generated;
use fyno_codegen::report::ChangeReport;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Whether the lock on disk is what this generation records.
pub fn lock_is_current(job: &Job, generated: &Generated) -> bool {
    match &job.lock {
        Some(path) => fs::read_to_string(path).ok() == Some(generated.lock.render()),
        None => true,
    }
}

/// Writes the lock, prints the change report and merges it into the
/// changelog. Returns the lines to print.
pub fn record(job: &Job, generated: &Generated, root: &Path) -> Result<Vec<String>, Failure> {
    let Some(lock_path) = &job.lock else {
        return Ok(Vec::new());
    };
    let had_lock = lock_path.exists();
    let mut lines = Vec::new();
    if had_lock {
        lines.push(report_text(
            &generated.changes,
            current_version(job).as_deref(),
        ));
        // The changelog first: should its write fail, the lock still holds
        // the old API, and the next run reports the same changes again.
        if let Some(changelog) = job
            .changelog
            .as_ref()
            .filter(|_| !generated.changes.is_empty())
        {
            let existing = fs::read_to_string(changelog).unwrap_or_default();
            let merged = fyno_codegen::report::changelog::merge(&existing, &generated.changes);
            if merged != existing {
                fs::write(changelog, merged).map_err(|e| Failure::Io(changelog.clone(), e))?;
                lines.push(format!("updated  {}", crate::display_name(changelog, root)));
            }
        }
    }
    let text = generated.lock.render();
    if read(lock_path).ok().as_deref() != Some(text.as_str()) {
        fs::write(lock_path, &text).map_err(|e| Failure::Io(lock_path.clone(), e))?;
        lines.push(format!("updated  {}", crate::display_name(lock_path, root)));
    }
    if !had_lock {
        lines.push(format!(
            "API lock created with {} items: the names it records are kept from now on",
            generated.lock.entries.len()
        ));
    }
    Ok(lines)
}

/// The report with the version to release, when the crate's is known.
fn report_text(report: &ChangeReport, version: Option<&str>) -> String {
    if report.is_empty() {
        return "API changes: none (users see no difference)".to_owned();
    }
    let mut text = report.render();
    if let Some(version) = version
        && let Some(next) = report.bump().next_version(version)
    {
        text.push_str(&format!(
            "release: {} ({version} → {next}; set `version` in Cargo.toml when releasing)\n",
            report.bump().as_str()
        ));
    }
    text.trim_end().to_owned()
}

/// The `version` of the crate `job` writes, from its manifest.
fn current_version(job: &Job) -> Option<String> {
    let manifest = fs::read_to_string(job.out.join("Cargo.toml")).ok()?;
    let package = manifest.split("[package]").nth(1)?;
    package.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("version")?
            .trim()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}

/// Usage of `cargo xtask api-diff`.
pub const API_DIFF_USAGE: &str =
    "usage: cargo xtask api-diff OLD_SPEC NEW_SPEC [--overlay PATH]... [--new-overlay PATH]...

  the API changes between the crates generated from two documents, as `cargo xtask codegen`
  reports them after a spec update: the crate of OLD_SPEC is generated first, then NEW_SPEC
  keeping its names. Writes nothing.
  --overlay PATH      applied to both documents (repeatable, in order)
  --new-overlay PATH  applied to NEW_SPEC only, before the others: a vendor edit written as an
                      overlay (tests/fixtures/evolution/ has some)
  --lock PATH         the API lock OLD_SPEC's crate was generated with (spec/api.lock for Fyno),
                      so its names are the published ones
  --crate-name NAME   the crate's name, which prefixes its environment variables (default: the
                      spec's title; `fyno` for Fyno)
  For Fyno: --overlay spec/corrections.overlay.yaml --overlay spec/rust-sdk.overlay.yaml
            --lock spec/api.lock --crate-name fyno";

/// `cargo xtask api-diff OLD NEW [--overlay PATH]...`.
pub fn command(args: &[String], root: &Path) -> Result<ExitCode, String> {
    let mut specs = Vec::new();
    let mut overlays = Vec::new();
    let mut edits = Vec::new();
    let mut lock = None;
    let mut crate_name = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            flag @ ("--overlay" | "--new-overlay" | "--lock" | "--crate-name") => {
                let value = args
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value\n\n{API_DIFF_USAGE}"))?;
                match flag {
                    "--overlay" => overlays.push(PathBuf::from(value)),
                    "--lock" => lock = Some(PathBuf::from(value)),
                    "--crate-name" => crate_name = Some(value.clone()),
                    _ => edits.push(PathBuf::from(value)),
                }
            }
            "-h" | "--help" => {
                println!("{API_DIFF_USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other if other.starts_with('-') => {
                return Err(format!("unknown argument `{other}`\n\n{API_DIFF_USAGE}"));
            }
            spec => specs.push(PathBuf::from(spec)),
        }
    }
    let [old, new] = specs.as_slice() else {
        return Err(format!("api-diff takes two documents\n\n{API_DIFF_USAGE}"));
    };
    let sides = Sides {
        overlays: &overlays,
        edits: &edits,
        lock: lock.as_deref(),
        crate_name: crate_name.as_deref(),
    };
    let after = api_diff(old, new, &sides, root).map_err(|e| e.to_string())?;
    for warning in &after.warnings {
        eprintln!("{warning}");
    }
    println!("{}", report_text(&after.changes, None));
    Ok(ExitCode::SUCCESS)
}

/// What `api-diff` applies to its two documents.
#[derive(Debug, Default)]
pub struct Sides<'a> {
    /// Overlays applied to both, in order.
    pub overlays: &'a [PathBuf],
    /// Overlays applied to the new document only, first (vendor edits).
    pub edits: &'a [PathBuf],
    /// The lock the old document's crate keeps its names from.
    pub lock: Option<&'a Path>,
    /// The crate's name (its environment variables' prefix).
    pub crate_name: Option<&'a str>,
}

/// The crate generated from `new` keeping the names of the one generated
/// from `old`, as a regeneration does; its `changes` are the report.
pub fn api_diff(
    old: &Path,
    new: &Path,
    sides: &Sides<'_>,
    root: &Path,
) -> Result<Generated, Failure> {
    let mut job = Job {
        spec: old.to_path_buf(),
        overlays: sides.overlays.to_vec(),
        out: PathBuf::new(),
        crate_name: sides.crate_name.map(str::to_owned),
        lock: sides.lock.map(Path::to_path_buf),
        changelog: None,
    };
    let before = generate(&job, root)?;
    job.spec = new.to_path_buf();
    job.overlays = sides.edits.iter().chain(sides.overlays).cloned().collect();
    generate_with_lock(&job, root, Some(&before.lock.render()))
}
