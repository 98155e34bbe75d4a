//! Measurement: sizes (full or quick), warm-up, repetitions, medians, and the result lines
//! every system (and `scripts/bench-compare.py`) prints.

use std::time::{Duration, Instant};

/// Sizes and repetition counts of one run. `RCGC_BENCH_QUICK=1` scales everything down for a
/// smoke run; the CPython script's `--quick` uses the same numbers.
#[derive(Clone, Copy, Debug)]
pub struct Cfg {
    pub quick: bool,
}

/// How a workload is repeated.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// Nanosecond operations, timed in batches of `Cfg::batch()`.
    Micro,
    /// One collection (or one build + collection) per sample.
    Collection,
    /// A whole program-like run per sample (tens of milliseconds or more).
    Heavy,
    /// One run per process, no warm-up: the parent starts `Cfg::processes()` fresh processes.
    /// For the pause workloads (8), whose result depends on the collector's adaptive state
    /// (e.g. gc's and rust-cc's thresholds grow with the largest heap seen so far).
    Fresh,
}

impl Cfg {
    pub fn from_env() -> Cfg {
        let quick = std::env::var("RCGC_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
        Cfg { quick }
    }

    fn pick(&self, full: usize, quick: usize) -> usize {
        if self.quick {
            quick
        } else {
            full
        }
    }

    /// Operations per timed batch in the micro workloads (1) and (2).
    pub fn batch(&self) -> usize {
        self.pick(1_000_000, 100_000)
    }
    /// Live objects in the three full-collection rows (3).
    pub fn full_sizes(&self) -> [usize; 3] {
        if self.quick {
            [1_000, 10_000, 100_000]
        } else {
            [10_000, 100_000, 1_000_000]
        }
    }
    /// Two-object cycles per sample in (4).
    pub fn pairs(&self) -> usize {
        self.pick(100_000, 10_000)
    }
    /// Rings and links per ring in (5): pyperformance's gc_collect uses 100 and 20 (21 nodes).
    pub fn rings(&self) -> (usize, usize) {
        (100, 20)
    }
    /// Levels in (6): pyperformance's gc_traversal uses 1,000.
    pub fn levels(&self) -> usize {
        self.pick(1_000, 300)
    }
    /// Chain length in (7).
    pub fn chain(&self) -> usize {
        self.pick(1_000_000, 10_000)
    }
    /// Allocations in (8).
    pub fn pause_allocations(&self) -> usize {
        self.pick(1_000_000, 100_000)
    }
    /// Random operations in dumpster's benchmark (9).
    pub fn dumpster_ops(&self) -> usize {
        self.pick(1_000_000, 100_000)
    }
    /// rust-cc's stress test: nodes (= edges) and the shrink step.
    pub fn stress(&self) -> (usize, usize) {
        if self.quick {
            (1 << 11, 1 << 6)
        } else {
            (1 << 15, 1 << 10)
        }
    }
    /// rust-cc's binary trees: maximum depth.
    pub fn tree_depth(&self) -> usize {
        self.pick(11, 9)
    }
    /// rust-cc's large linked lists: lists and nodes per list.
    pub fn lists(&self) -> (usize, usize) {
        (30, self.pick(4096, 512))
    }

    /// Leaves replaced (and as many touched) between two collections of the old heap (11).
    pub fn old_heap_changes(&self) -> usize {
        self.pick(1_000, 100)
    }

    /// Objects kept alive in (10).
    pub fn memory_objects(&self) -> usize {
        self.pick(1_000_000, 100_000)
    }

    /// Processes (hence repetitions) for `Kind::Fresh` workloads.
    pub fn processes(&self) -> usize {
        self.pick(7, 3)
    }

    /// (warm-up runs, repetitions, time budget after which no new repetition starts).
    fn plan(&self, kind: Kind) -> (usize, usize, Duration) {
        match (kind, self.quick) {
            (Kind::Fresh, _) => (0, 1, Duration::ZERO),
            (Kind::Micro, false) => (3, 21, Duration::from_secs(10)),
            (Kind::Collection, false) => (2, 21, Duration::from_secs(20)),
            (Kind::Heavy, false) => (1, 11, Duration::from_secs(25)),
            (Kind::Micro, true) => (1, 5, Duration::from_secs(2)),
            (_, true) => (1, 3, Duration::from_secs(3)),
        }
    }
}

/// At least this many repetitions are taken, whatever the budget (except `Kind::Fresh`).
pub const MIN_REPS: usize = 3;

/// Runs `sample` for warm-up (results discarded), then repeatedly until the plan's repetition
/// count or time budget is reached (never fewer than `MIN_REPS`). Each call of `sample` does
/// its own untimed setup and returns one measurement in the row's unit. `RCGC_BENCH_RAW=1`
/// prints the samples in run order to stderr (to see alternation, drift, outliers).
pub fn measure(cfg: &Cfg, kind: Kind, mut sample: impl FnMut() -> f64) -> Vec<f64> {
    let (warmup, reps, budget) = cfg.plan(kind);
    for _ in 0..warmup {
        sample();
    }
    let start = Instant::now();
    let mut samples = Vec::with_capacity(reps);
    while samples.len() < reps && (samples.len() < MIN_REPS.min(reps) || start.elapsed() < budget) {
        samples.push(sample());
    }
    if std::env::var_os("RCGC_BENCH_RAW").is_some() {
        eprintln!("samples in run order: {samples:?}");
    }
    samples
}

/// This process's resident set size in bytes (`VmRSS` of `/proc/self/status`; Linux), or
/// `None` where that is not available.
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// This process's peak resident set size in KiB (`VmHWM` of `/proc/self/status`; Linux), or
/// `None` where that is not available.
pub fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn ns_per(elapsed: Duration, count: usize) -> f64 {
    elapsed.as_nanos() as f64 / count as f64
}

pub fn us(elapsed: Duration) -> f64 {
    elapsed.as_nanos() as f64 / 1e3
}

pub fn ms(elapsed: Duration) -> f64 {
    elapsed.as_nanos() as f64 / 1e6
}

/// The `q`-quantile of `samples` (linear interpolation between closest ranks, as Python's
/// `statistics.quantiles(method="inclusive")`); NaN for no samples.
pub fn quantile(samples: &[f64], q: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let position = q * (n - 1) as f64;
            let below = position.floor() as usize;
            let above = (below + 1).min(n - 1);
            sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
        }
    }
}

/// Whether the samples fall into two groups, described for the notes (`None`: they do not).
/// Two checks, both needing at least 8 samples, mirrored in `scripts/bench-compare.py`:
/// - **two clusters**: sorted, the samples split at their widest gap into two groups of at
///   least a quarter of the samples each, and that gap is wider than either group's own range
///   and than a tenth of the median;
/// - **alternation**: consecutive samples are strongly anti-correlated (lag-1 autocorrelation
///   below -0.5), i.e. runs alternate between a fast and a slow state.
pub fn bimodality(samples: &[f64]) -> Option<String> {
    let n = samples.len();
    if n < 8 {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = median(samples);
    let least = n.div_ceil(4);
    let split = (least..=n - least)
        .max_by(|&a, &b| (sorted[a] - sorted[a - 1]).total_cmp(&(sorted[b] - sorted[b - 1])))?;
    let gap = sorted[split] - sorted[split - 1];
    let spread = (sorted[split - 1] - sorted[0]).max(sorted[n - 1] - sorted[split]);
    if gap > spread && gap > 0.1 * middle.abs() {
        return Some(format!(
            "bimodal: {} samples around {}, {} around {}",
            split,
            short(median(&sorted[..split])),
            n - split,
            short(median(&sorted[split..]))
        ));
    }
    let mean = samples.iter().sum::<f64>() / n as f64;
    let variance: f64 = samples.iter().map(|x| (x - mean) * (x - mean)).sum();
    if variance > 0.0 {
        let lagged: f64 = samples.windows(2).map(|w| (w[0] - mean) * (w[1] - mean)).sum();
        let autocorrelation = lagged / variance;
        if autocorrelation < -0.5 {
            return Some(format!(
                "alternating samples (lag-1 autocorrelation {autocorrelation:.2})"
            ));
        }
    }
    None
}

fn short(value: f64) -> String {
    format!("{value:.3}")
}

pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// What one (workload, system) cell produced.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Measured: `size` is the workload's size parameter (checked against the CPython side's),
    /// `samples` are in the row's unit, `note` is an optional remark for the notes list.
    Ok { size: usize, samples: Vec<f64>, note: String },
    /// The system cannot express the workload; the reason is shown in the table.
    Na(String),
}

impl Outcome {
    pub fn ok(size: usize, samples: Vec<f64>) -> Outcome {
        Outcome::Ok { size, samples, note: String::new() }
    }
    pub fn na(reason: &str) -> Outcome {
        Outcome::Na(reason.to_string())
    }
}

/// One result line, tab-separated; `scripts/bench-compare.py` prints the same format:
/// `row  system  status  size  median  min  max  reps  note  q1  q3  shape  peak`, status being
/// `ok`, `na`, `crashed`, `failed` or `timeout` (for the last four, `note` is the reason and
/// the last four fields are absent); `q1`/`q3` the quartiles, `shape` empty or what
/// [`bimodality`] found, `peak` the process's peak resident set size in KiB (appended by the
/// child process that ran the cell, or the largest of a fresh cell's processes).
pub fn result_line(row: &str, system: &str, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Ok { size, samples, note } => {
            let min = samples.iter().copied().fold(f64::INFINITY, f64::min);
            let max = samples.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!(
                "{row}\t{system}\tok\t{size}\t{:.6}\t{min:.6}\t{max:.6}\t{}\t{}\t{:.6}\t{:.6}\t{}",
                median(samples),
                samples.len(),
                clean(note),
                quantile(samples, 0.25),
                quantile(samples, 0.75),
                bimodality(samples).unwrap_or_default()
            )
        }
        Outcome::Na(reason) => format!("{row}\t{system}\tna\t0\t\t\t\t0\t{}", clean(reason)),
    }
}

/// A result line for a cell whose child process did not report (crash, failure, time-out).
pub fn failure_line(row: &str, system: &str, status: &str, reason: &str) -> String {
    format!("{row}\t{system}\t{status}\t0\t\t\t\t0\t{}", clean(reason))
}

fn clean(text: &str) -> String {
    text.replace(['\t', '\n'], " ")
}

/// A small deterministic generator (SplitMix64), the same in `scripts/bench-compare.py`, so
/// that the random workloads perform the same operation sequence in every system.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `count` draws, generated before the timed part.
    pub fn draws(seed: u64, count: usize) -> Vec<u64> {
        let mut rng = SplitMix(seed);
        (0..count).map(|_| rng.next_u64()).collect()
    }
}
