//! `cargo xtask bench-build [--runs N]`: compile time of the generated `fyno`
//! crate against a crate progenitor generates from the same API.
//!
//! Writes a throwaway workspace under `target/build-bench/` with four members:
//!
//! - `fyno/`: the `fyno` crate as it is in `generated-client/` (its
//!   `src/lib.rs` and `src/generated/`, so a regenerated tree is measured
//!   before it is committed), its manifest depending on `runtime/` by absolute
//!   path (versioned `0.1.0-build-bench`, so its artifacts are never mistaken
//!   for another copy's);
//! - `progenitor/`: the crate `cargo progenitor` (the pinned
//!   [`PROGENITOR`] version) generates, package `fyno-progenitor`, from
//!   `progenitor-spec.json`: the Fyno document with our overlays applied
//!   (what `fyno` is generated from), an `operationId` on every operation
//!   (our method name, so both crates have the same methods: progenitor
//!   refuses operations without one) and the cuts in [`cut_for_progenitor`]
//!   (what progenitor cannot generate code from);
//! - `consumer-fyno/`, `consumer-progenitor/`: a library per side with one
//!   function per operation that calls it and boxes the call's future, so
//!   the operation's whole state machine is compiled somewhere: in the SDK
//!   crate if it compiles it itself, else in the consumer. An async method
//!   is compiled only where its future is polled, so an SDK crate that
//!   leaves that to its users builds fast alone and makes their crates
//!   slower; the consumers show where the time went.
//!
//! The workspace starts from the project's `Cargo.lock`, so `fyno` builds
//! against the dependency versions the project locks. All crates build into
//! one target directory: dependencies are built once, untimed (each side's
//! dependency set in the release and dev profiles), then the measures below
//! take turns, ours then theirs, `--runs` times (default 5), each timing
//! `cargo build -p NAME` of one crate alone:
//!
//! - release: `src/lib.rs` touched (release builds are not incremental, so
//!   the whole crate compiles);
//! - debug from scratch: `cargo clean -p NAME` first (its artifacts and
//!   incremental cache), then `cargo build` as a user's first build does;
//! - incremental debug: one line (a doc line on the first struct of a
//!   generated file, inserted or removed in turn) changed since the last
//!   build, so every later span in that file moves;
//! - the consumer, release and debug from scratch, with the SDK crate built;
//!   then each SDK crate plus its consumer (the sums of the medians).
//!
//! Each measure is reported as the median of the paired ratios ours/theirs
//! of wall time (run i of ours over run i of theirs), their range, the
//! median paired ratio of CPU time (less disturbed by other processes, but
//! blind to how well a build uses both cores) and the median seconds of
//! each side. Then, once each: each runtime crate's release build alone
//! (`fyno-codegen-runtime`, `progenitor-client`), and each crate's release
//! build with its runtime (runtime cleaned first), so the crate alone and
//! the crate with its runtime can both be quoted. Last, the share of the
//! machine's CPU time other processes took while the builds were timed.

use crate::enum_build_bench::{
    cargo, locked_version, median, parse_runs, read, timed, touch, write,
};
use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;
use xtask::{CLIENT_CRATE, GENERATED_DIR, Job, RUNTIME_CRATE};

const USAGE: &str = "usage: cargo xtask bench-build [--runs N]

  Builds the generated `fyno` crate and the crate progenitor generates from
  the same (overlaid) spec N times each (default 5), taking turns: release,
  debug from scratch and incremental debug builds of each crate alone, with
  dependencies built beforehand. Prints a Markdown table of paired ratios
  ours/theirs. Needs cargo-progenitor: cargo install --locked cargo-progenitor --version 0.15.1";

/// The cargo-progenitor release the figures were measured with.
pub(crate) const PROGENITOR: &str = "0.15.1";
/// Package name of progenitor's crate.
const THEIRS: &str = "fyno-progenitor";
/// Package name of ours.
const OURS: &str = "fyno";
/// Version of our copy.
const OURS_VERSION: &str = "0.1.0-build-bench";
/// The generated file whose first struct gets the incremental edit (ours).
const OURS_EDITED: &str = "src/generated/types/fire_event.rs";
/// The file holding progenitor's types (all of its generated code).
const THEIRS_EDITED: &str = "src/lib.rs";

/// One side of the comparison.
struct Side {
    package: &'static str,
    /// The crate's directory in the bench workspace.
    dir: PathBuf,
    /// The file the incremental edit goes into, relative to `dir`.
    edited: &'static str,
    /// The runtime crate it depends on.
    runtime: &'static str,
    /// The package of its consumer crate, and that crate's directory.
    consumer: &'static str,
    consumer_dir: PathBuf,
}

/// Entry point for `cargo xtask bench-build`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(runs) = parse_runs(args, 5, USAGE)? else {
        return Ok(ExitCode::SUCCESS);
    };

    let root = xtask::workspace_root();
    let dir = root.join("target").join("build-bench");
    let progenitor = installed_progenitor()?;
    if progenitor != PROGENITOR {
        eprintln!(
            "warning: cargo-progenitor {progenitor} is installed; the bench pins {PROGENITOR} \
             (cargo install --locked cargo-progenitor --version {PROGENITOR})"
        );
    }
    let (ours, theirs, cuts) = write_workspace(&root, &dir)?;
    let target = dir.join("target");
    let rustc = rustc_version(&dir)?;
    println!(
        "{}: `{OURS}` (generated-client/, src/: {}) vs `{THEIRS}` (cargo-progenitor {progenitor}, src/: {}); \
         {rustc}; {runs} runs per measure, taking turns",
        dir.display(),
        rust_lines(&ours.dir.join("src"))?,
        rust_lines(&theirs.dir.join("src"))?,
    );
    for cut in &cuts {
        println!("  cut for progenitor: {cut}");
    }

    // Every dependency of both sides, in both profiles, plus each runtime
    // alone (its own feature set), built untimed; this also checks both compile.
    for profile in ["release", "dev"] {
        for side in [&ours, &theirs] {
            build(&dir, &target, side.consumer, profile)?;
            build(&dir, &target, side.runtime, profile)?;
        }
    }

    let cpu_before = CpuTicks::now();
    let mut rows = Vec::new();
    rows.push(measure(
        "release build, crate alone",
        runs,
        &ours,
        &theirs,
        |side| {
            touch(&side.dir.join("src").join("lib.rs"))?;
            build(&dir, &target, side.package, "release")
        },
    )?);
    rows.push(measure(
        "debug build from scratch, crate alone",
        runs,
        &ours,
        &theirs,
        |side| {
            clean(&dir, &target, side.package, "dev")?;
            build(&dir, &target, side.package, "dev")
        },
    )?);
    let originals = [
        read(&ours.dir.join(ours.edited))?,
        read(&theirs.dir.join(theirs.edited))?,
    ];
    let mut edits = [0usize; 2];
    let incremental = measure(
        "incremental debug rebuild, one-line edit",
        runs,
        &ours,
        &theirs,
        |side| {
            let index = usize::from(side.package == THEIRS);
            edits[index] += 1;
            let text = &originals[index];
            // Odd edits insert the line, even ones take it out again: each build
            // sees one line more or less than the last, at the same place.
            let edited = if edits[index] % 2 == 1 {
                with_doc_line(text)?
            } else {
                text.clone()
            };
            fs::write(side.dir.join(side.edited), edited)
                .map_err(|e| format!("{}: {e}", side.edited))?;
            build(&dir, &target, side.package, "dev")
        },
    );
    for (side, text) in [&ours, &theirs].into_iter().zip(&originals) {
        fs::write(side.dir.join(side.edited), text).map_err(|e| format!("{}: {e}", side.edited))?;
    }
    rows.push(incremental?);
    // The restored files are newer than both profiles' builds: rebuilt
    // untimed, so the consumers' builds below build only the consumers.
    for profile in ["release", "dev"] {
        for side in [&ours, &theirs] {
            build(&dir, &target, side.package, profile)?;
        }
    }
    rows.push(measure(
        "release build, consumer calling every operation",
        runs,
        &ours,
        &theirs,
        |side| {
            touch(&side.consumer_dir.join("src").join("lib.rs"))?;
            build(&dir, &target, side.consumer, "release")
        },
    )?);
    rows.push(measure(
        "debug build from scratch, consumer calling every operation",
        runs,
        &ours,
        &theirs,
        |side| {
            clean(&dir, &target, side.consumer, "dev")?;
            build(&dir, &target, side.consumer, "dev")
        },
    )?);
    for (what, crate_row, consumer_row) in [
        ("release builds, crate + consumer", 0, 3),
        ("debug builds from scratch, crate + consumer", 1, 4),
    ] {
        let (a, b) = (&rows[crate_row], &rows[consumer_row]);
        rows.push(Row::sum(what, a, b));
    }

    // Once each: the runtime alone, and the crate with its runtime.
    let mut runtime_alone = Vec::new();
    let mut with_runtime = Vec::new();
    for side in [&ours, &theirs] {
        clean(&dir, &target, side.runtime, "release")?;
        runtime_alone.push(build(&dir, &target, side.runtime, "release")?);
        clean(&dir, &target, side.runtime, "release")?;
        with_runtime.push(build(&dir, &target, side.package, "release")?);
    }
    rows.push(Row::new(
        "release build, crate + its runtime (once)",
        &[(with_runtime[0], with_runtime[1])],
    ));
    rows.push(Row::new(
        "release build, runtime alone (once)",
        &[(runtime_alone[0], runtime_alone[1])],
    ));

    println!();
    print!("{}", table(&rows));
    if let Some(line) = CpuTicks::others_line(
        cpu_before,
        "while the builds were timed",
        "times are inflated, and the paired ratios may be skewed",
    ) {
        println!("\n{line}");
    }
    println!(
        "\nours: {OURS} + {}; theirs: {THEIRS} + {}. Ratios are ours/theirs per pair of runs.",
        ours.runtime, theirs.runtime
    );
    Ok(ExitCode::SUCCESS)
}

/// One timed build: wall time, and the CPU time of the processes it ran
/// (`None` where `/proc` cannot tell).
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Option<Duration>,
}

/// One measure: `runs` paired runs, ours then theirs.
fn measure(
    what: &'static str,
    runs: usize,
    ours: &Side,
    theirs: &Side,
    mut time: impl FnMut(&Side) -> Result<Sample, String>,
) -> Result<Row, String> {
    let mut pairs = Vec::with_capacity(runs);
    for _ in 0..runs {
        let a = time(ours)?;
        let b = time(theirs)?;
        pairs.push((a, b));
    }
    Ok(Row::new(what, &pairs))
}

/// A line of the table.
struct Row {
    what: &'static str,
    /// Paired ratios ours/theirs of wall time, sorted.
    ratios: Vec<f64>,
    /// Median of the paired ratios of CPU time.
    cpu_ratio: Option<f64>,
    /// What stands in the range column instead of a range.
    note: Option<&'static str>,
    ours: Duration,
    theirs: Duration,
}

impl Row {
    fn new(what: &'static str, pairs: &[(Sample, Sample)]) -> Self {
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        let mut ratios: Vec<f64> = pairs.iter().map(|(a, b)| ratio(a.wall, b.wall)).collect();
        ratios.sort_by(f64::total_cmp);
        let cpu: Option<Vec<f64>> = pairs
            .iter()
            .map(|(a, b)| Some(ratio(a.cpu?, b.cpu?)))
            .collect();
        let cpu_ratio = cpu.map(|mut cpu| {
            cpu.sort_by(f64::total_cmp);
            median_f64(&cpu)
        });
        Self {
            what,
            ratios,
            cpu_ratio,
            note: (pairs.len() == 1).then_some("one run"),
            ours: median(pairs.iter().map(|p| p.0.wall).collect()),
            theirs: median(pairs.iter().map(|p| p.1.wall).collect()),
        }
    }

    /// Two measures one after the other: their medians added up.
    fn sum(what: &'static str, a: &Row, b: &Row) -> Self {
        let (ours, theirs) = (a.ours + b.ours, a.theirs + b.theirs);
        Self {
            what,
            ratios: vec![ours.as_secs_f64() / theirs.as_secs_f64()],
            cpu_ratio: None,
            note: Some("sum of the medians above"),
            ours,
            theirs,
        }
    }
}

/// Median of sorted values (the mean of the middle two for an even count).
fn median_f64(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| measure | ours/theirs, wall time (median of paired ratios) | range | ours/theirs, CPU time | ours (median) | theirs (median) |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in rows {
        let (low, high) = (row.ratios[0], row.ratios[row.ratios.len() - 1]);
        let spread = match row.note {
            Some(note) => note.to_owned(),
            None => format!("{low:.2}–{high:.2}×"),
        };
        let cpu = row
            .cpu_ratio
            .map_or_else(|| "–".to_owned(), |r| format!("{r:.2}×"));
        let _ = writeln!(
            out,
            "| {} | {:.2}× | {spread} | {cpu} | {:.2} s | {:.2} s |",
            row.what,
            median_f64(&row.ratios),
            row.ours.as_secs_f64(),
            row.theirs.as_secs_f64()
        );
    }
    out
}

/// `text` with a doc line inserted before its first `pub struct` (at any
/// depth: progenitor's are in a `types` module).
fn with_doc_line(text: &str) -> Result<String, String> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let code = line.trim_start();
        if code.starts_with("pub struct ") {
            let indent = &line[..line.len() - code.len()];
            return Ok(format!(
                "{}{indent}/// Edited by `cargo xtask bench-build`.\n{}",
                &text[..at],
                &text[at..]
            ));
        }
        at += line.len();
    }
    Err("the edited file has no `pub struct`".to_owned())
}

/// `cargo build -p package` in `profile`: its wall time and CPU time.
fn build(dir: &Path, target: &Path, package: &str, profile: &str) -> Result<Sample, String> {
    let mut command = cargo(dir, target);
    command.args(["build", "--package", package, "--profile", profile]);
    let before = CpuTicks::now();
    let wall = timed(
        &mut command,
        &format!("building {package} ({profile}) in {}", dir.display()),
    )?;
    let cpu = CpuTicks::now()
        .zip(before)
        .map(|(after, before)| after.children_since(&before));
    Ok(Sample { wall, cpu })
}

/// `cargo clean -p package` in `profile`: its artifacts and incremental cache.
fn clean(dir: &Path, target: &Path, package: &str, profile: &str) -> Result<(), String> {
    let mut command = cargo(dir, target);
    command.args(["clean", "--package", package, "--profile", profile]);
    timed(&mut command, &format!("cleaning {package} ({profile})")).map(|_| ())
}

/// CPU time, in clock ticks, from Linux's `/proc`: the machine's busy and
/// total time, and the time of this process and its finished children (the
/// timed cargo and rustc processes), to tell how much of the machine other
/// processes took while the builds (or generations) were timed.
pub(crate) struct CpuTicks {
    busy: u64,
    total: u64,
    /// This process's own time and its finished children's.
    children: u64,
}

impl CpuTicks {
    pub(crate) fn now() -> Option<Self> {
        let stat = fs::read_to_string("/proc/stat").ok()?;
        let times: Vec<u64> = stat
            .lines()
            .next()?
            .strip_prefix("cpu ")?
            .split_whitespace()
            .map(|n| n.parse().unwrap_or(0))
            .collect();
        // user nice system idle iowait irq softirq steal (guest time is in user).
        let total: u64 = times.iter().take(8).sum();
        let idle = times.get(3)? + times.get(4)?;
        let own = fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the parenthesised command name; cutime and cstime are
        // fields 16 and 17 of the line, 14th and 15th after it.
        let fields: Vec<&str> = own.rsplit_once(')')?.1.split_whitespace().collect();
        // utime, stime (11th, 12th after it): in-process benches count too.
        let children = [11, 12, 13, 14]
            .iter()
            .map(|i| fields.get(*i)?.parse::<u64>().ok())
            .sum::<Option<u64>>()?;
        Some(Self {
            busy: total - idle,
            total,
            children,
        })
    }

    /// CPU time of the children that finished since `before`.
    fn children_since(&self, before: &Self) -> Duration {
        // Clock ticks are USER_HZ, 100 a second on Linux.
        Duration::from_millis(10 * self.children.saturating_sub(before.children))
    }

    /// "other processes used N% of the machine's CPU time {when}", with
    /// `busy_caveat` when they used more than 5%; `None` without `/proc`.
    pub(crate) fn others_line(
        before: Option<Self>,
        when: &str,
        busy_caveat: &str,
    ) -> Option<String> {
        let others = Self::now()?.others_since(&before?);
        let caveat = if others > 0.05 {
            format!(" (a busy machine: {busy_caveat})")
        } else {
            String::new()
        };
        Some(format!(
            "other processes used {:.0}% of the machine's CPU time {when}{caveat}",
            100.0 * others
        ))
    }

    /// The share of all CPU time since `before` that others were busy.
    fn others_since(&self, before: &Self) -> f64 {
        let busy = self.busy.saturating_sub(before.busy);
        let ours = self.children.saturating_sub(before.children);
        let total = self.total.saturating_sub(before.total).max(1);
        busy.saturating_sub(ours) as f64 / total as f64
    }
}

fn rustc_version(dir: &Path) -> Result<String, String> {
    let output = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .current_dir(dir)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The installed cargo-progenitor's version, from `cargo install --list`.
fn installed_progenitor() -> Result<String, String> {
    let output = xtask::cargo_command()
        .args(["install", "--list"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| {
            let version = line.strip_prefix("cargo-progenitor v")?;
            Some(version.trim_end_matches(':').to_owned())
        })
        .ok_or_else(|| {
            format!(
                "cargo-progenitor is not installed: cargo install --locked cargo-progenitor --version {PROGENITOR}"
            )
        })
}

/// Writes the bench workspace; returns both sides and what was cut for progenitor.
fn write_workspace(root: &Path, dir: &Path) -> Result<(Side, Side, Vec<String>), String> {
    let job = Job::project(root);
    let generated = xtask::generate(&job, root).map_err(|e| e.to_string())?;
    let stale =
        xtask::compare(&root.join(CLIENT_CRATE), &generated.files).map_err(|e| e.to_string())?;
    if !stale.is_empty() {
        eprintln!(
            "warning: {CLIENT_CRATE}/ is stale (`cargo xtask codegen --check`); benchmarking it as it is"
        );
    }

    write(
        &dir.join("Cargo.toml"),
        "# Written by `cargo xtask bench-build`; throwaway.\n\
         [workspace]\nresolver = \"3\"\n\
         members = [\"fyno\", \"progenitor\", \"consumer-fyno\", \"consumer-progenitor\"]\n",
    )?;
    // The project's lock, so `fyno` builds against the versions the project
    // locks; cargo adds progenitor's dependencies. Replaced when the
    // project's lock changes.
    let lock = read(&root.join("Cargo.lock"))?;
    let seen = dir.join("Cargo.lock.project");
    if fs::read_to_string(&seen).ok().as_deref() != Some(lock.as_str()) {
        write(&dir.join("Cargo.lock"), &lock)?;
        write(&seen, &lock)?;
    }

    // Ours: the crate root and generated tree as they are in generated-client/.
    let ours_dir = dir.join("fyno");
    let client = root.join(CLIENT_CRATE);
    let _ = fs::remove_dir_all(ours_dir.join(GENERATED_DIR));
    copy_tree(&client.join(GENERATED_DIR), &ours_dir.join(GENERATED_DIR))?;
    write(
        &ours_dir.join("src/lib.rs"),
        &read(&client.join("src/lib.rs"))?,
    )?;
    let runtime =
        fs::canonicalize(root.join(RUNTIME_CRATE)).map_err(|e| format!("{RUNTIME_CRATE}: {e}"))?;
    write(
        &ours_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{OURS}\"\nversion = \"{OURS_VERSION}\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nfyno-codegen-runtime = {{ path = {:?} }}\n\
             serde = {{ version = \"={}\", features = [\"derive\"] }}\nserde_json = \"={}\"\n",
            runtime.display().to_string(),
            locked_version(&lock, "serde")?,
            locked_version(&lock, "serde_json")?,
        ),
    )?;

    // Theirs: progenitor's crate from the overlaid spec.
    let (spec, cuts) = progenitor_spec(root, &job, &generated)?;
    let spec_path = dir.join("progenitor-spec.json");
    write(&spec_path, &spec)?;
    let theirs_dir = dir.join("progenitor");
    generate_progenitor(&spec_path, &theirs_dir)?;
    // Both crates must offer the same operations, under the same names.
    let theirs_code = read(&theirs_dir.join(THEIRS_EDITED))?;
    let missing: Vec<&str> = generated
        .operations
        .iter()
        .map(|op| op.rust_method.as_str())
        .filter(|name| {
            !theirs_code.contains(&format!("pub async fn {name}<"))
                && !theirs_code.contains(&format!("pub async fn {name}("))
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "progenitor's crate lacks operations `fyno` has: {}",
            missing.join(", ")
        ));
    }

    // The consumers: a library calling every operation of its side.
    let methods: Vec<&str> = generated
        .operations
        .iter()
        .map(|op| op.rust_method.as_str())
        .collect();
    let mut ours_code = String::new();
    for file in generated
        .files
        .keys()
        .filter(|f| f.contains("/operations/"))
    {
        ours_code.push_str(&read(&ours_dir.join(file))?);
    }
    write_consumer(
        &dir.join("consumer-fyno"),
        "consumer-fyno",
        "fyno = { path = \"../fyno\" }",
        "use ::fyno::Client;",
        &ours_code,
        &methods,
        |ty| {
            let ty = ty
                .strip_prefix("impl ::std::convert::Into<")
                .and_then(|t| t.strip_suffix('>'))
                .map_or(ty, |t| t.trim().trim_end_matches(','));
            ty.replace("crate::generated::", "::fyno::")
        },
    )?;
    write_consumer(
        &dir.join("consumer-progenitor"),
        "consumer-progenitor",
        &format!("{THEIRS} = {{ path = \"../progenitor\" }}"),
        "use ::fyno_progenitor::{types, Client};",
        &theirs_code,
        &methods,
        str::to_owned,
    )?;

    let ours = Side {
        package: OURS,
        dir: ours_dir,
        edited: OURS_EDITED,
        runtime: "fyno-codegen-runtime",
        consumer: "consumer-fyno",
        consumer_dir: dir.join("consumer-fyno"),
    };
    let theirs = Side {
        package: THEIRS,
        dir: theirs_dir,
        edited: THEIRS_EDITED,
        runtime: "progenitor-client",
        consumer: "consumer-progenitor",
        consumer_dir: dir.join("consumer-progenitor"),
    };
    Ok((ours, theirs, cuts))
}

/// A library crate with one function per operation that sends it through
/// `client` and returns the call's future as a `Pin<Box<dyn Future>>`, so
/// its whole state machine (request building, the runtime's request loop,
/// response decoding) is compiled in this crate unless the SDK crate has
/// compiled it already: what an application using every operation builds.
///
/// The parameters are copied from the methods' signatures in `code` (the
/// `impl Client` blocks, formatted by prettyplease), each type passed
/// through `param_type`.
fn write_consumer(
    dir: &Path,
    package: &str,
    dependency: &str,
    imports: &str,
    code: &str,
    methods: &[&str],
    param_type: impl Fn(&str) -> String,
) -> Result<(), String> {
    let mut lib = format!(
        "//! Written by `cargo xtask bench-build`: every operation, called.\n\n\
         #![allow(clippy::all)]\n\n{imports}\n\n\
         type Call<'a> = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = ()> + 'a>>;\n"
    );
    for method in methods {
        let params = signature_params(code, method)
            .ok_or_else(|| format!("{package}: no signature of `{method}` found"))?;
        let mut decls = String::new();
        let mut args = Vec::new();
        for (name, ty) in &params {
            let _ = write!(decls, ", {name}: {}", param_type(ty));
            args.push(name.as_str());
        }
        let _ = write!(
            lib,
            "\npub fn {method}<'a>(client: &'a Client{decls}) -> Call<'a> {{\n    \
             ::std::boxed::Box::pin(async move {{\n        \
             let _ = client.{method}({}).await;\n    }})\n}}\n",
            args.join(", ")
        );
    }
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependency}\n"
        ),
    )?;
    write(&dir.join("src").join("lib.rs"), &lib)
}

/// The parameters (name, type with whitespace collapsed) after the receiver
/// of the first `pub fn method(` or `pub async fn method<'a>(` in `code`.
fn signature_params(code: &str, method: &str) -> Option<Vec<(String, String)>> {
    let start = [
        format!("pub fn {method}("),
        format!("pub async fn {method}<'a>("),
    ]
    .iter()
    .find_map(|head| code.find(head.as_str()).map(|at| at + head.len()))?;
    // The parameter list ends at the `)` that closes the opening `(`.
    let mut depth = 1usize;
    let end = start
        + code[start..].find(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth == 0
        })?;
    let list = &code[start..end];
    // Split at commas outside `<>` and `()`.
    let mut params = Vec::new();
    let (mut angle, mut paren, mut from) = (0i32, 0i32, 0);
    for (at, c) in list.char_indices().chain([(list.len(), ',')]) {
        match c {
            '<' => angle += 1,
            '>' if !list[..at].ends_with('-') => angle -= 1,
            '(' => paren += 1,
            ')' => paren -= 1,
            ',' if angle == 0 && paren == 0 => {
                let param = list[from..at]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                from = at + 1;
                if param.is_empty() || param.ends_with("self") {
                    continue;
                }
                let (name, ty) = param.split_once(':')?;
                params.push((name.trim().to_owned(), ty.trim().to_owned()));
            }
            _ => {}
        }
    }
    Some(params)
}

/// `cargo progenitor` into `out`, rewriting only files whose text changed
/// (so a rerun reuses what is built).
fn generate_progenitor(spec: &Path, out: &Path) -> Result<(), String> {
    let scratch = out.with_extension("new");
    let _ = fs::remove_dir_all(&scratch);
    let output = xtask::cargo_command()
        .arg("progenitor")
        .arg("-i")
        .arg(spec)
        .arg("-o")
        .arg(&scratch)
        .args(["-n", THEIRS, "-v", "0.1.0"])
        .output()
        .map_err(|e| format!("cannot run cargo progenitor: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo progenitor failed on {}:\n{}{}",
            spec.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    copy_tree(&scratch, out)?;
    fs::remove_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))
}

/// `14109 lines of Rust in 17 files`: every `.rs` file under `dir` (test-only
/// modules included).
fn rust_lines(dir: &Path) -> Result<String, String> {
    fn walk(dir: &Path, totals: &mut (usize, usize)) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                walk(&path, totals)?;
            } else if path.extension().is_some_and(|e| e == "rs") {
                totals.0 += read(&path)?.lines().count();
                totals.1 += 1;
            }
        }
        Ok(())
    }
    let mut totals = (0, 0);
    walk(dir, &mut totals)?;
    let plural = if totals.1 == 1 { "" } else { "s" };
    Ok(format!(
        "{} lines of Rust in {} file{plural}",
        totals.0, totals.1
    ))
}

/// Copies every file under `from` to the same place under `to` (through
/// [`write`], so unchanged files keep their modification time).
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            write(&dest, &read(&path)?)?;
        }
    }
    Ok(())
}

/// The document given to progenitor, as JSON, and a line per cut made.
fn progenitor_spec(
    root: &Path,
    job: &Job,
    generated: &fyno_codegen::Generated,
) -> Result<(String, Vec<String>), String> {
    let text = xtask::resolved_spec(job, root).map_err(|e| e.to_string())?;
    let mut spec: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("the spec has no paths")?;
    for op in &generated.operations {
        let operation = paths
            .get_mut(&op.path)
            .and_then(|item| item.get_mut(op.method.to_ascii_lowercase()))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("{} {} is not in the overlaid spec", op.method, op.path))?;
        operation.insert(
            "operationId".to_owned(),
            Value::from(op.rust_method.clone()),
        );
    }
    let mut cuts = Vec::new();
    cut_for_progenitor(&mut spec, &mut String::new(), &mut cuts);
    let text = serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())?;
    Ok((text + "\n", cuts))
}

/// What progenitor 0.15 (its type generator, typify 0.8) cannot generate
/// from, cut from every schema in `value`; a line per cut in `cuts`.
///
/// - String enum values whose variant names collide. typify names a
///   variant by Pascal-casing its value and, when two collide, by
///   Pascal-casing it with `_` and every non-identifier character turned
///   into `X`; when they still collide it panics, and no crate is
///   generated. In the Fyno timezone list `Etc/GMT+1` and `Etc/GMT-1` are
///   both `EtcXgmtx1`: the first value of each such set is kept.
/// - `not: {format: …}` (our corrections exclude dates from a plain-string
///   `oneOf` alternative with it): typify panics, "unhandled not schema".
///   It only validates; our generated types ignore it too.
fn cut_for_progenitor(value: &mut Value, pointer: &mut String, cuts: &mut Vec<String>) {
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            let here = if pointer.is_empty() {
                "/".to_owned()
            } else {
                pointer.clone()
            };
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                let mut seen = std::collections::HashSet::new();
                let mut cut = Vec::new();
                values.retain(|v| {
                    let Some(text) = v.as_str() else { return true };
                    let key: String = text
                        .chars()
                        .map(|c| {
                            if c.is_alphanumeric() {
                                c.to_ascii_lowercase()
                            } else {
                                'x'
                            }
                        })
                        .collect();
                    seen.insert(key) || {
                        cut.push(text.to_owned());
                        false
                    }
                });
                if !cut.is_empty() {
                    cuts.push(format!(
                        "{} values of the enum at {here}, named like values kept: {}",
                        cut.len(),
                        cut.join(", ")
                    ));
                }
            }
            let format_only = |not: &Value| {
                not.as_object()
                    .is_some_and(|not| not.len() == 1 && not.contains_key("format"))
            };
            if map.get("not").is_some_and(format_only) {
                let not = map.remove("not").unwrap_or_default();
                cuts.push(format!(
                    "`not: {not}` at {here} (typify: unhandled not schema)"
                ));
            }
            for (key, member) in map.iter_mut() {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                cut_for_progenitor(member, pointer, cuts);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let _ = write!(pointer, "/{index}");
                cut_for_progenitor(item, pointer, cuts);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
