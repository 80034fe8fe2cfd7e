//! Shared by the benches: paired, interleaved comparisons.
//!
//! Every comparison a bench reports is a time ratio `subject / baseline`
//! measured by [`paired`]: both sides run in the same process, in short
//! alternating batches, so a change of machine load, CPU frequency or
//! allocator state hits both alike. Criterion's own output (absolute times
//! of each benchmark, run one after another) is kept as secondary
//! information: a ratio of two criterion medians compares runs made at
//! different moments, in a different heap, after different predecessors,
//! and disagreed with the paired figure by up to 0.4 before.

use std::time::{Duration, Instant};

/// Whether this is a real `cargo bench` run (criterion's own test mode, as
/// under `cargo test --benches`, runs each bench once and skips this), and
/// not a criterion `--list` or `--profile-time` run.
pub(crate) fn bench_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|arg| arg == "--bench")
        && !args
            .iter()
            .any(|arg| matches!(arg.as_str(), "--list" | "--test" | "--profile-time"))
}

/// The benchmark filter given on the command line (`cargo bench -- FILTER`),
/// which selects paired comparisons by substring as it selects criterion's.
fn filter() -> Option<String> {
    let mut args = std::env::args().skip(1);
    let mut filter = None;
    while let Some(arg) = args.next() {
        if arg.starts_with('-') {
            // Criterion's options that take a value.
            if matches!(
                arg.as_str(),
                "--save-baseline"
                    | "--baseline"
                    | "--baseline-lenient"
                    | "--load-baseline"
                    | "--sample-size"
                    | "--warm-up-time"
                    | "--measurement-time"
                    | "--nresamples"
                    | "--noise-threshold"
                    | "--confidence-level"
                    | "--significance-level"
                    | "--profile-time"
                    | "--color"
                    | "--format"
                    | "--output-format"
                    | "--plotting-backend"
            ) {
                args.next();
            }
            continue;
        }
        filter = Some(arg);
    }
    filter
}

/// One paired comparison: time ratios `subject / baseline` over rounds.
pub(crate) struct Paired {
    pub(crate) label: String,
    /// Sorted ratios, one per round.
    ratios: Vec<f64>,
    /// Calls of each side per batch.
    batch: u64,
    /// Mean time of one call of each side (subject, baseline), for scale.
    per_call: (Duration, Duration),
    /// The share of the machine's CPU time other processes took meanwhile.
    others: Option<f64>,
}

impl Paired {
    fn quantile(&self, q: f64) -> f64 {
        self.ratios[((self.ratios.len() - 1) as f64 * q).round() as usize]
    }

    pub(crate) fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    fn line(&self, width: usize) -> String {
        format!(
            "{:<width$} {:>6.3}×  IQR {:.3}–{:.3}  range {:.3}–{:.3}  ({} rounds × 2×{} calls a side; {} / {} a call{})",
            self.label,
            self.median(),
            self.quantile(0.25),
            self.quantile(0.75),
            self.ratios[0],
            self.ratios[self.ratios.len() - 1],
            self.ratios.len(),
            self.batch,
            human(self.per_call.0),
            human(self.per_call.1),
            self.others
                .map(|others| format!("; others busy {:.0}%", 100.0 * others))
                .unwrap_or_default(),
        )
    }
}

/// CPU time in clock ticks from Linux's `/proc` (as `xtask`'s benches read
/// it): the machine's busy and total time and this process's, to tell how
/// much of the machine other processes took during a comparison.
struct CpuTicks {
    busy: u64,
    total: u64,
    own: u64,
}

impl CpuTicks {
    fn now() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let times: Vec<u64> = stat
            .lines()
            .next()?
            .strip_prefix("cpu ")?
            .split_whitespace()
            .map(|n| n.parse().unwrap_or(0))
            .collect();
        // user nice system idle iowait irq softirq steal.
        let total: u64 = times.iter().take(8).sum();
        let idle = times.get(3)? + times.get(4)?;
        let own = std::fs::read_to_string("/proc/self/stat").ok()?;
        // utime and stime: the 12th and 13th fields after the command name.
        let fields: Vec<&str> = own.rsplit_once(')')?.1.split_whitespace().collect();
        let own = [11, 12]
            .iter()
            .map(|i| fields.get(*i)?.parse::<u64>().ok())
            .sum::<Option<u64>>()?;
        Some(Self {
            busy: total - idle,
            total,
            own,
        })
    }

    /// The share of all CPU time since `before` that others were busy.
    fn others_since(&self, before: &Self) -> f64 {
        let busy = self.busy.saturating_sub(before.busy);
        let ours = self.own.saturating_sub(before.own);
        let total = self.total.saturating_sub(before.total).max(1);
        busy.saturating_sub(ours) as f64 / total as f64
    }
}

fn human(duration: Duration) -> String {
    let ns = duration.as_secs_f64() * 1e9;
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// How long each batch of one side runs.
const BATCH: Duration = Duration::from_millis(5);

/// Measures `subject` against `baseline` (their results go through
/// `black_box`), interleaved, and prints the ratio
/// of their times (below 1.0: the subject is faster): the median over
/// `rounds` rounds, its interquartile range and full range.
///
/// Both sides first run alternately for a warm-up; the batch size is then
/// chosen so the slower side's batch takes about [`BATCH`]. Each round runs
/// four batches, A-B-B-A in even rounds and B-A-A-B in odd ones (so neither
/// side always goes first, and a linear drift cancels within a round), and
/// gives the ratio (A1 + A2) / (B1 + B2). Bounded: about `rounds` × 4 ×
/// [`BATCH`] plus the warm-up. Skipped (`None`) outside a real bench run or
/// when the command line's filter does not match `label`.
pub(crate) fn paired<A, B>(
    label: &str,
    rounds: usize,
    mut subject: impl FnMut() -> A,
    mut baseline: impl FnMut() -> B,
) -> Option<Paired> {
    if !bench_mode() || filter().is_some_and(|filter| !label.contains(&filter)) {
        return None;
    }
    fn time<R>(calls: u64, routine: &mut impl FnMut() -> R) -> Duration {
        let started = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(routine());
        }
        started.elapsed()
    }
    let cpu_before = CpuTicks::now();
    // Warm-up: caches, branch predictors, the allocator's free lists, lazy
    // statics and connection pools, for both sides alike.
    let warm_up = Instant::now();
    while warm_up.elapsed() < 20 * BATCH {
        time(1, &mut subject);
        time(1, &mut baseline);
    }
    let mut batch: u64 = 1;
    while batch < 1 << 24 && time(batch, &mut subject).max(time(batch, &mut baseline)) < BATCH {
        batch *= 2;
    }
    let (mut subject_total, mut baseline_total) = (Duration::ZERO, Duration::ZERO);
    let mut ratios: Vec<f64> = (0..rounds.max(1))
        .map(|round| {
            let (a, b) = if round % 2 == 0 {
                let a1 = time(batch, &mut subject);
                let b = time(batch, &mut baseline) + time(batch, &mut baseline);
                (a1 + time(batch, &mut subject), b)
            } else {
                let b1 = time(batch, &mut baseline);
                let a = time(batch, &mut subject) + time(batch, &mut subject);
                (a, b1 + time(batch, &mut baseline))
            };
            subject_total += a;
            baseline_total += b;
            a.as_secs_f64() / b.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let calls = u32::try_from(2 * batch * ratios.len() as u64).unwrap_or(u32::MAX);
    let result = Paired {
        label: label.to_owned(),
        ratios,
        batch,
        per_call: (subject_total / calls, baseline_total / calls),
        others: cpu_before.and_then(|before| Some(CpuTicks::now()?.others_since(&before))),
    };
    println!("paired  {}", result.line(66));
    Some(result)
}

/// Prints the comparisons of one bench together, after criterion's output.
pub(crate) fn summary(title: &str, results: &[Option<Paired>]) {
    let results: Vec<&Paired> = results.iter().flatten().collect();
    if results.is_empty() {
        return;
    }
    println!("\n== {title} ==");
    println!(
        "time ratio subject / baseline, paired and interleaved (below 1.0: subject faster); \
         \"others busy\": the machine's CPU time other processes took meanwhile (a memory-bound \
         side suffers more from a busy neighbour, which pairing cannot cancel)"
    );
    let width = results
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    for result in results {
        println!("{}", result.line(width));
    }
}
