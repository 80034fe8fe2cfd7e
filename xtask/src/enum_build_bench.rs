//! `cargo xtask bench-enum-build [--runs N]`: how long the 594-value
//! `Timezone` enum takes to compile in the style the generator emits, against
//! the same enum written with serde's derive.
//!
//! Writes a throwaway workspace under `target/enum-build-bench/` with two
//! styles of the enum:
//!
//! - `emitted`: `generated-client/src/generated/types/timezone.rs` copied
//!   verbatim (`as_str`, `From<&str>`, `From<String>`, `FromStr`, `Display`,
//!   hand-written serde impls), plus a copy of the one runtime helper it
//!   calls, `deserialize_string_enum` (from `runtime/src/serde_support.rs`, as
//!   `crate::codec::…`: the bench crates depend on nothing but serde);
//! - `derived`: the same variants and derives with
//!   `#[derive(Serialize, Deserialize)]`, a `#[serde(rename = "…")]` per
//!   variant and `#[serde(untagged)] Other(String)`, and nothing else.
//!
//! Each style is built as two crates. In the `-lib` one the serde impls stay
//! generic, so they are only type-checked (what compiling the enum's own
//! crate costs when nothing in it encodes or decodes). The `-json` one adds
//! the same three functions to both styles that encode and decode through
//! `serde_json`, which monomorphizes the serde code, as the client crate does
//! for its request and response bodies.
//!
//! All crates depend only on crates.io packages (`serde`, `serde_json`) at
//! the versions in the project's `Cargo.lock`, and share one target
//! directory, so the dependencies are built once. Then, for the dev and the
//! release profile, each crate is built `--runs` times (default 7), the
//! crates taking turns: touch `src/lib.rs`, time `cargo build`. Incremental
//! compilation is off (`CARGO_INCREMENTAL=0`) so each build compiles the
//! whole crate, as a change to the generated file would. Prints the median
//! wall time of each and the ratio emitted/derived.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

const USAGE: &str = "usage: cargo xtask bench-enum-build [--runs N]

  Builds the generated Timezone enum (emitted style) and a serde-derive
  equivalent N times each (default 7) in the dev and release profiles, and
  prints the median build times and their ratio.";

const TIMEZONE: &str = "generated-client/src/generated/types/timezone.rs";
const SERDE_SUPPORT: &str = "runtime/src/serde_support.rs";
/// How generated code names the runtime's helpers; the copy names its own.
const RUNTIME_HELPERS: &str = "::fyno_codegen_runtime::__private::";
/// (emitted crate, derived crate, what the pair measures).
const PAIRS: [(&str, &str, &str); 2] = [
    ("emitted-lib", "derived-lib", "enum crate only"),
    ("emitted-json", "derived-json", "+ serde_json use"),
];

/// Identical in both `-json` crates: encoding and decoding through `serde_json`.
const JSON_USE: &str =
    "//! Encodes and decodes through `serde_json`, monomorphizing the serde impls.

use crate::timezone::Timezone;

pub fn from_json(text: &str) -> serde_json::Result<Timezone> {
    serde_json::from_str(text)
}

pub fn from_value(value: serde_json::Value) -> serde_json::Result<Timezone> {
    serde_json::from_value(value)
}

pub fn to_json(value: &Timezone) -> serde_json::Result<String> {
    serde_json::to_string(value)
}
";

/// Entry point for `cargo xtask bench-enum-build`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(runs) = parse_runs(args, 7, USAGE)? else {
        return Ok(ExitCode::SUCCESS);
    };

    let root = xtask::workspace_root();
    let dir = root.join("target").join("enum-build-bench");
    let timezone = read(&root.join(TIMEZONE))?.replace(RUNTIME_HELPERS, "crate::codec::");
    let variants = variants(&timezone)?;
    let helper = string_enum_helper(&read(&root.join(SERDE_SUPPORT))?)?;
    let lock = read(&root.join("Cargo.lock"))?;
    let versions = Versions {
        serde: locked_version(&lock, "serde")?,
        serde_json: locked_version(&lock, "serde_json")?,
    };
    write_workspace(&dir, &timezone, &helper, &variants, &versions)?;
    println!(
        "{}: Timezone with {} values; serde {}, serde_json {}; {runs} builds per crate and profile",
        dir.display(),
        variants.len(),
        versions.serde,
        versions.serde_json
    );

    let target = dir.join("target");
    let crates: Vec<&str> = PAIRS.iter().flat_map(|(e, d, _)| [*e, *d]).collect();
    for profile in ["dev", "release"] {
        // Builds the dependencies (and checks every crate compiles) untimed.
        for name in &crates {
            build(&dir, &target, name, profile)?;
        }
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); crates.len()];
        for _ in 0..runs {
            for (index, name) in crates.iter().enumerate() {
                touch(&dir.join(name).join("src").join("lib.rs"))?;
                times[index].push(build(&dir, &target, name, profile)?);
            }
        }
        let medians: Vec<Duration> = times.into_iter().map(median).collect();
        for (pair, (_, _, what)) in PAIRS.iter().enumerate() {
            let (emitted, derived) = (medians[2 * pair], medians[2 * pair + 1]);
            println!(
                "{profile:<8} {what:<17} emitted {:>7.3} s   derived {:>7.3} s   emitted/derived {:.3}×",
                emitted.as_secs_f64(),
                derived.as_secs_f64(),
                emitted.as_secs_f64() / derived.as_secs_f64()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    // Unchanged files keep their mtime, so reruns reuse the built dependency.
    if fs::read_to_string(path).is_ok_and(|existing| existing == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn touch(path: &Path) -> Result<(), String> {
    fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `(Variant, "wire literal")` pairs, from the arms of the emitted `as_str`.
fn variants(timezone: &str) -> Result<Vec<(String, String)>, String> {
    let pairs: Vec<(String, String)> = timezone
        .lines()
        .filter_map(|line| {
            let (variant, literal) = line.trim().strip_prefix("Self::")?.split_once(" => ")?;
            let literal = literal.strip_suffix(',')?;
            let is_ident = variant
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
            (is_ident && literal.starts_with('"') && literal.ends_with('"'))
                .then(|| (variant.to_owned(), literal.to_owned()))
        })
        .collect();
    if pairs.len() < 2 {
        return Err(format!(
            "{TIMEZONE}: found no `Self::Variant => \"value\",` arms; has the emitted style changed?"
        ));
    }
    Ok(pairs)
}

/// The `deserialize_string_enum` function (with the imports it needs) from
/// the runtime's codec module.
fn string_enum_helper(codec: &str) -> Result<String, String> {
    let start = codec
        .find("pub fn deserialize_string_enum")
        .ok_or_else(|| format!("{SERDE_SUPPORT}: no `deserialize_string_enum`"))?;
    let body = &codec[start..];
    let end = body
        .find("\n}\n")
        .ok_or_else(|| format!("{SERDE_SUPPORT}: `deserialize_string_enum` has no end"))?;
    Ok(format!(
        "//! Copy of `deserialize_string_enum` from `{SERDE_SUPPORT}`.\n\n\
         use serde::de::{{self, Deserializer, Visitor}};\nuse std::fmt;\n\n{}\n}}\n",
        &body[..end]
    ))
}

/// The version of `package` that `Cargo.lock` pins.
pub(crate) fn locked_version(lock: &str, package: &str) -> Result<String, String> {
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("Cargo.lock has no `{package}`"))?
        + needle.len();
    let len = lock[start..]
        .find('"')
        .ok_or_else(|| "Cargo.lock is malformed".to_owned())?;
    Ok(lock[start..start + len].to_owned())
}

/// Locked versions of the throwaway crates' dependencies.
struct Versions {
    serde: String,
    serde_json: String,
}

fn manifest(name: &str, versions: &Versions, json: bool) -> String {
    let mut out = format!(
        "[package]\nname = \"enum-build-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nserde = {{ version = \"={}\", features = [\"derive\"] }}\n",
        versions.serde
    );
    if json {
        let _ = writeln!(out, "serde_json = \"={}\"", versions.serde_json);
    }
    out
}

fn derived_enum(variants: &[(String, String)]) -> String {
    let mut out = String::from(
        "//! The Timezone enum with serde's derive: a rename per variant and an untagged catch-all.\n\n\
         #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]\n\
         pub enum Timezone {\n",
    );
    for (variant, literal) in variants {
        let value = literal.trim_matches('"');
        let _ = writeln!(
            out,
            "    /// The value `{value}`.\n    #[serde(rename = {literal})]\n    {variant},"
        );
    }
    out.push_str(
        "    /// A value the spec does not list, kept verbatim.\n    #[serde(untagged)]\n    Other(String),\n}\n",
    );
    out
}

fn write_workspace(
    dir: &Path,
    timezone: &str,
    helper: &str,
    variants: &[(String, String)],
    versions: &Versions,
) -> Result<(), String> {
    let members: Vec<String> = PAIRS
        .iter()
        .flat_map(|(e, d, _)| [format!("\"{e}\""), format!("\"{d}\"")])
        .collect();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask bench-enum-build`; throwaway.\n\
             [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    let derived = derived_enum(variants);
    for (emitted_name, derived_name, _) in PAIRS {
        let json = emitted_name.ends_with("-json");
        let json_mod = if json { "pub mod json;\n" } else { "" };
        for (name, style) in [(emitted_name, "emitted"), (derived_name, "derived")] {
            let src = dir.join(name).join("src");
            write(
                &dir.join(name).join("Cargo.toml"),
                &manifest(name, versions, json),
            )?;
            let codec_mod = if style == "emitted" {
                write(&src.join("codec.rs"), helper)?;
                write(&src.join("timezone.rs"), timezone)?;
                "mod codec;\n"
            } else {
                write(&src.join("timezone.rs"), &derived)?;
                ""
            };
            write(
                &src.join("lib.rs"),
                &format!(
                    "//! The Timezone enum, {style} style.\n\n{codec_mod}pub mod timezone;\n{json_mod}"
                ),
            )?;
            if json {
                write(&src.join("json.rs"), JSON_USE)?;
            }
        }
    }
    Ok(())
}

/// Builds one crate and returns the wall time of `cargo build`.
fn build(dir: &Path, target: &Path, name: &str, profile: &str) -> Result<Duration, String> {
    let mut command = cargo(dir, target);
    command
        .args(["build", "--package", &format!("enum-build-{name}")])
        .args(["--profile", profile])
        .env("CARGO_INCREMENTAL", "0");
    timed(
        &mut command,
        &format!("building {name} ({profile}) in {}", dir.display()),
    )
}

/// `cargo` (the one running xtask) in `dir`, building into `target`, with
/// nothing from the environment that changes how rustc is run (wrappers,
/// `RUSTFLAGS`, a forced `CARGO_INCREMENTAL`): every bench build sees the
/// same compiler settings, whatever the shell has set.
pub(crate) fn cargo(dir: &Path, target: &Path) -> Command {
    let mut command = xtask::cargo_command();
    command
        .current_dir(dir)
        .arg("--quiet")
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_INCREMENTAL")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdout(Stdio::null());
    command
}

/// Runs `command` and returns its wall time; an error naming `what` when it fails.
pub(crate) fn timed(command: &mut Command, what: &str) -> Result<Duration, String> {
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("{what} failed"));
    }
    Ok(elapsed)
}

pub(crate) fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The arguments every bench takes: `--runs N` (default `default`), or
/// `--help`. `Ok(None)` when the usage was printed.
pub(crate) fn parse_runs(
    args: &[String],
    default: usize,
    usage: &str,
) -> Result<Option<usize>, String> {
    let mut runs = default;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--runs needs a positive number\n\n{usage}"))?;
            }
            "-h" | "--help" => {
                println!("{usage}");
                return Ok(None);
            }
            other => return Err(format!("unknown argument `{other}`\n\n{usage}")),
        }
    }
    Ok(Some(runs))
}
