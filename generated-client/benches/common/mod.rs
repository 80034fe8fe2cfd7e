//! Shared by the benches: ratios between criterion medians of the same run.
//!
//! Criterion reports absolute times only; after the groups have run, each
//! bench reads the medians criterion just wrote and prints subject/baseline
//! ratios. Estimates older than this process (from an earlier or filtered
//! run) are ignored, so a ratio never mixes two runs.

use std::time::SystemTime;

/// One ratio to print: `subject` against `baseline`, both in `group`.
pub(crate) struct Ratio {
    pub(crate) group: &'static str,
    pub(crate) subject: &'static str,
    pub(crate) baseline: &'static str,
}

mod estimates;
use estimates::median_ns;

fn human(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.3} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// Prints `subject / baseline` median-time ratios (below 1.0: the subject is
/// faster) and the inverse speed ratio, for every pair measured in this run.
pub(crate) fn print_ratios(title: &str, since: SystemTime, rows: &[Ratio]) {
    let mut lines = Vec::new();
    for row in rows {
        let (Some(subject), Some(baseline)) = (
            median_ns(row.group, row.subject, since),
            median_ns(row.group, row.baseline, since),
        ) else {
            continue;
        };
        lines.push(format!(
            "{:<28} {:<34} {:>11} / {:<26} {:>11} = time {:>5.3}×  speed {:>5.2}×",
            row.group,
            row.subject,
            human(subject),
            row.baseline,
            human(baseline),
            subject / baseline,
            baseline / subject,
        ));
    }
    if !lines.is_empty() {
        println!("\n== {title} (medians of this run; time < 1.0 = subject faster) ==");
        for line in lines {
            println!("{line}");
        }
    }
}

/// Whether this is a real `cargo bench` run (criterion's own test mode, as
/// under `cargo test --benches`, runs each bench once and skips this).
pub(crate) fn bench_mode() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// A drift-resistant second opinion on one ratio: `subject` and `baseline`
/// run in alternating A-B-B-A batches (each batch ≈ 10 ms), so load from
/// other processes hits both alike; each round gives the time ratio
/// (A1 + A2) / (B1 + B2). Prints the median and interquartile range over
/// `rounds` rounds. Bounded: `rounds` × 4 batches.
pub(crate) fn paired(
    label: &str,
    rounds: usize,
    mut subject: impl FnMut(),
    mut baseline: impl FnMut(),
) {
    if !bench_mode() {
        return;
    }
    fn time(iterations: u64, routine: &mut impl FnMut()) -> f64 {
        let started = std::time::Instant::now();
        for _ in 0..iterations {
            routine();
        }
        started.elapsed().as_secs_f64()
    }
    let mut batch: u64 = 1;
    while batch < 1 << 24 && time(batch, &mut baseline) < 0.010 {
        batch *= 2;
    }
    let mut ratios: Vec<f64> = (0..rounds.max(1))
        .map(|_| {
            let a1 = time(batch, &mut subject);
            let b1 = time(batch, &mut baseline);
            let b2 = time(batch, &mut baseline);
            let a2 = time(batch, &mut subject);
            (a1 + a2) / (b1 + b2)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    println!(
        "paired ABBA  {label:<62} time {:>5.3}×  (IQR {:.3}–{:.3}, {} rounds × 2×{batch} iterations each)",
        at(0.5),
        at(0.25),
        at(0.75),
        ratios.len()
    );
}
