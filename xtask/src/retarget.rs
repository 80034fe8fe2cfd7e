//! `cargo xtask codegen --retarget-overlays`: overlay actions whose targets
//! named schemas the vendor moved get the targets the generator suggests
//! (its errors' fixes), written into the overlay files in place: only the
//! `target:` values change, so the maintainer reviews a small diff.

use crate::{Failure, Job, display_name, generate_with_lock, read};
use fyno_codegen::diagnostics::{Diagnostic, Fix};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// How many times the overlays are retargeted at most: a correction that
/// applies again can let another schema be recognised, whose overlay
/// actions are retargeted in the next round.
const MAX_ROUNDS: usize = 4;

/// Retargets the job's overlays until generation suggests nothing more,
/// keeping the names of the job's lock (or of `lock`, its text, when
/// given). Returns one line per rewritten target (`file:line: `old` →
/// `new``); problems the overlays do not cause are left to the generation
/// after.
pub fn retarget_overlays(
    job: &Job,
    root: &Path,
    lock: Option<&str>,
) -> Result<Vec<String>, Failure> {
    let paths: BTreeMap<String, &PathBuf> = job
        .overlays
        .iter()
        .map(|path| (display_name(path, root), path))
        .collect();
    let mut lines = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let diagnostics = match generate_with_lock(job, root, lock) {
            Ok(_) => break,
            Err(Failure::Spec(diagnostics)) => diagnostics,
            Err(other) => return Err(other),
        };
        let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for diagnostic in &diagnostics {
            if let Some(fix) = &diagnostic.fix {
                by_file
                    .entry(fix.file.as_str())
                    .or_default()
                    .push(diagnostic);
            }
        }
        if by_file.is_empty() {
            break;
        }
        for (file, diagnostics) in by_file {
            let Some(path) = paths.get(file) else {
                return Err(Failure::Usage(format!(
                    "{file} is not one of this job's overlays; a fix for it is not applied"
                )));
            };
            let fixes: Vec<&Fix> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
            let text = read(path)?;
            let edited = fyno_codegen::load::overlay::retarget_text(&text, &fixes);
            if edited.text != text {
                fs::write(path, &edited.text).map_err(|e| Failure::Io(path.to_path_buf(), e))?;
            }
            for (_, reason) in &edited.refused {
                lines.push(format!("not retargeted: {reason}"));
            }
            let written = diagnostics
                .iter()
                .filter_map(|d| Some((d, d.fix.as_ref()?)));
            for (diagnostic, fix) in written {
                if edited
                    .refused
                    .iter()
                    .any(|(pointer, _)| *pointer == fix.pointer)
                {
                    continue;
                }
                let line = diagnostic
                    .location
                    .line
                    .map_or_else(String::new, |l| format!(":{l}"));
                lines.push(format!(
                    "retargeted {file}{line}: `{}` → `{}`",
                    fix.old, fix.new
                ));
            }
            if edited.text == text {
                // Nothing this round could write: another round would not either.
                return Ok(lines);
            }
        }
    }
    Ok(lines)
}
