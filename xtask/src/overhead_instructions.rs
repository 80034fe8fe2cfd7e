//! `cargo xtask bench-overhead-instructions`: the per-request overhead of
//! `fyno::Client` against raw `reqwest`, counted in instructions.
//!
//! The paired wall-clock figures of `cargo bench -p fyno --bench overhead`
//! move by a few percent from run to run on a shared VM, which is the size
//! of the overhead itself. Instructions executed are the same every run: the
//! bench binary's `OVERHEAD_LOOP=SIDE:CALLS` mode makes one side's calls
//! under valgrind's callgrind, twice with different call counts, and the
//! difference of the two totals over the difference of the calls is one
//! call's instructions, with start-up (server, client, runtime) cancelled
//! out. Both the client and the loopback server run in the process, so both
//! sides count the same server work; kernel time (loopback TCP, the same
//! on both sides) is not counted, which makes the ratio an upper bound of
//! the time ratio's CPU share.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask bench-overhead-instructions [--calls N]
  counts the instructions of one call of each side of the overhead bench
  (fyno::Client and raw reqwest, get_user_profile and send_event) with
  valgrind's callgrind (apt install valgrind); N calls and 3N calls per side
  (default N = 2000; about a minute per side)";

/// The bench's server answers at most 3,000,000 requests, and a side makes
/// `4 × calls` in all (a run of `calls` and one of `3 × calls`).
const MAX_CALLS: u64 = 500_000;

/// The comparisons: (label, subject side, baseline side) of `OVERHEAD_LOOP`.
const PAIRS: &[(&str, &str, &str)] = &[
    ("get_user_profile", "fyno_get", "raw_get"),
    ("send_event", "fyno_event", "raw_event"),
];

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let calls = match args {
        [] => 2000,
        [flag, n] if flag == "--calls" => n
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_CALLS).contains(n))
            .ok_or_else(|| {
                format!("--calls takes a number from 1 to {MAX_CALLS}, not `{n}`\n{USAGE}")
            })?,
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        _ => return Err(USAGE.to_owned()),
    };
    let valgrind = Command::new("valgrind").arg("--version").output();
    if !valgrind.is_ok_and(|out| out.status.success()) {
        return Err(format!("valgrind is not installed\n{USAGE}"));
    }
    let bench = build_bench(&xtask::workspace_root())?;
    println!(
        "instructions per call (callgrind, user space, client and server), from {} and {} calls a side",
        calls,
        3 * calls
    );
    for (label, subject, baseline) in PAIRS {
        let ours = per_call(&bench, subject, calls)?;
        let raw = per_call(&bench, baseline, calls)?;
        println!("{}", line(label, ours, raw));
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the overhead bench (release) and returns its executable.
fn build_bench(root: &Path) -> Result<PathBuf, String> {
    let out = xtask::cargo_command()
        .current_dir(root)
        .args(["bench", "-p", "fyno", "--bench", "overhead", "--no-run"])
        .args(["--message-format", "json"])
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !out.status.success() {
        return Err(format!(
            "building the overhead bench failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    bench_executable(&String::from_utf8_lossy(&out.stdout))
        .ok_or_else(|| "cargo named no executable for the overhead bench".to_owned())
}

/// The `executable` of the `overhead` bench in cargo's JSON messages.
fn bench_executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "overhead")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
}

/// One call's instructions on `side`: the difference of runs of `calls`
/// and `3 × calls` calls, over `2 × calls`.
fn per_call(bench: &Path, side: &str, calls: u64) -> Result<f64, String> {
    let low = total_instructions(bench, side, calls)?;
    let high = total_instructions(bench, side, 3 * calls)?;
    let Some(extra) = high.checked_sub(low).filter(|extra| *extra > 0) else {
        return Err(format!(
            "{side}: {} calls counted {high} instructions, no more than {calls} calls ({low}): \
             the bench did not make the calls it was asked for",
            3 * calls
        ));
    };
    // Both figures are far below 2^53: exact as f64.
    #[allow(clippy::cast_precision_loss)]
    Ok(extra as f64 / (2 * calls) as f64)
}

fn total_instructions(bench: &Path, side: &str, calls: u64) -> Result<u64, String> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(bench)
        .env("OVERHEAD_LOOP", format!("{side}:{calls}"))
        .output()
        .map_err(|err| format!("cannot run valgrind: {err}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{side} under callgrind failed:\n{stderr}"));
    }
    collected(&stderr).ok_or_else(|| format!("callgrind reported no total for {side}:\n{stderr}"))
}

/// The total of callgrind's `==PID== Collected : N` line.
fn collected(stderr: &str) -> Option<u64> {
    stderr.lines().find_map(|line| {
        let (_, total) = line.split_once("Collected :")?;
        total.trim().replace(',', "").parse().ok()
    })
}

fn line(label: &str, ours: f64, raw: f64) -> String {
    let ratio = if raw > 0.0 { ours / raw } else { f64::NAN };
    format!(
        "  {label:<18} fyno_client / raw_reqwest {ratio:.4}×  ({ours:.0} / {raw:.0} instructions a call, {:+.0})",
        ours - raw
    )
}

#[cfg(test)]
mod tests {
    use super::{bench_executable, collected, line};

    #[test]
    fn callgrind_totals_are_read_from_its_summary_line() {
        let stderr = "==21871== Callgrind, a call-graph generating cache profiler\n\
                      ==21871== Events    : Ir\n==21871== Collected : 231754091\n\
                      ==21871== I   refs:      231,754,091\n";
        assert_eq!(collected(stderr), Some(231_754_091));
        assert_eq!(collected("==1== Events : Ir\n"), None);
    }

    #[test]
    fn the_bench_executable_comes_from_its_artifact_message() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"fyno"},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"overhead"},"executable":"/t/release/deps/overhead-1"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            bench_executable(messages).as_deref(),
            Some(std::path::Path::new("/t/release/deps/overhead-1"))
        );
        assert_eq!(bench_executable("not json\n"), None);
    }

    #[test]
    fn a_line_gives_the_ratio_and_the_difference() {
        assert_eq!(
            line("get_user_profile", 97_650.0, 96_220.0),
            "  get_user_profile   fyno_client / raw_reqwest 1.0149×  (97650 / 96220 instructions a call, +1430)"
        );
    }
}
