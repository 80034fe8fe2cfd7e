//! Reading criterion's own estimates back, so a bench can print figures
//! derived from medians measured in the same run. Used by
//! `generator/benches/generate.rs` (by path) for the shares of one run's
//! stages; the `fyno` benches compare with `common::paired` instead.

use std::path::PathBuf;
use std::time::SystemTime;

/// Where criterion writes its estimates (its own lookup order, with the
/// bench executable's `<target>/<profile>/deps/` standing in for `cargo metadata`).
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|t| t.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The median (ns) criterion measured for `group/id` since `since`, if any.
pub(crate) fn median_ns(group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(id)
        .join("new")
        .join("estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= since);
    if !fresh {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.pointer("/median/point_estimate")?.as_f64()
}
