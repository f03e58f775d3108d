//! How the benches take the figures of their `summary:` lines ([`crate::summary`]).
//!
//! - [`Samples`]: criterion's own samples, kept as criterion takes them (through `iter_custom`), so that the
//!   figure is the median of the same samples criterion reports, read in the same process right after the
//!   group ran: no file under `target/criterion` to find, to be stale after a filtered run, or to be missing
//!   in `--test` mode.
//! - [`alternate`]: workloads timed in turn, round after round, for a ratio that the machine's load moves
//!   less (a load shift between two criterion benchmarks falls on one side only).
//! - [`callgrind`]: one pass of a named workload inside one function, for `benches/callgrind`, which counts
//!   its instructions under valgrind: figures that do not move with the load at all.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{Bencher, BenchmarkGroup};

/// The time per iteration of each sample criterion takes of each benchmark, by the benchmark's id.
#[derive(Debug)]
pub struct Samples {
    sample_size: usize,
    taken: RefCell<BTreeMap<String, Vec<Duration>>>,
}

impl Samples {
    /// Samples for `group`, whose sample size this sets to `sample_size` (at least 10): criterion calls a
    /// routine for its warm-up, then once per sample, so the last `sample_size` calls are the samples.
    pub fn for_group(group: &mut BenchmarkGroup<'_, WallTime>, sample_size: usize) -> Self {
        group.sample_size(sample_size);
        Self {
            sample_size,
            taken: RefCell::default(),
        }
    }

    fn keep(&self, id: &str, per_iteration: Duration) {
        self.taken
            .borrow_mut()
            .entry(id.to_owned())
            .or_default()
            .push(per_iteration);
    }

    /// Times `routine` as `Bencher::iter_custom` does, keeping each call's time per iteration under `id`.
    pub fn iter_custom(
        &self,
        id: &str,
        b: &mut Bencher<'_>,
        mut routine: impl FnMut(u64) -> Duration,
    ) {
        b.iter_custom(|iters| {
            let elapsed = routine(iters);
            self.keep(id, elapsed.div_f64(iters.max(1) as f64));
            elapsed
        });
    }

    /// Times `routine` as `Bencher::iter` does.
    pub fn iter<O>(&self, id: &str, b: &mut Bencher<'_>, mut routine: impl FnMut() -> O) {
        self.iter_custom(id, b, |iters| {
            let started = Instant::now();
            for _ in 0..iters {
                black_box(routine());
            }
            started.elapsed()
        });
    }

    /// Times `routine` on a fresh input from `setup` each iteration, the setup and the drop of the output
    /// outside the timing (as `Bencher::iter_batched` with a large input does).
    pub fn iter_batched<I, O>(
        &self,
        id: &str,
        b: &mut Bencher<'_>,
        mut setup: impl FnMut() -> I,
        mut routine: impl FnMut(I) -> O,
    ) {
        self.iter_custom(id, b, |iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let input = setup();
                let started = Instant::now();
                let output = black_box(routine(input));
                total += started.elapsed();
                drop(output);
            }
            total
        });
    }

    /// The median time per iteration of `id`'s samples; `None` where criterion took none (the benchmark was
    /// filtered out, or ran once in `--test` mode).
    pub fn median(&self, id: &str) -> Option<Duration> {
        let taken = self.taken.borrow();
        let all = taken.get(id)?;
        if all.len() < 2 {
            return None;
        }
        let mut last = all[all.len().saturating_sub(self.sample_size)..].to_vec();
        last.sort_unstable();
        Some(last[last.len() / 2])
    }

    /// `items` (done by one iteration) per second, at `id`'s median.
    pub fn per_second(&self, id: &str, items: f64) -> Option<f64> {
        self.median(id).map(|d| items / d.as_secs_f64())
    }
}

/// Times each workload once per round, in turn, for `rounds` rounds; gives each one's median.
pub fn alternate<const N: usize>(rounds: usize, workloads: [&dyn Fn(); N]) -> [Duration; N] {
    let mut times: [Vec<Duration>; N] = std::array::from_fn(|_| Vec::with_capacity(rounds));
    for _ in 0..rounds.max(1) {
        for (work, times) in workloads.iter().zip(times.iter_mut()) {
            let started = Instant::now();
            work();
            times.push(started.elapsed());
        }
    }
    times.map(|mut t| {
        t.sort_unstable();
        t[t.len() / 2]
    })
}

/// One pass of a named workload, for `benches/callgrind`.
pub mod callgrind {
    /// The environment variable naming the workload to run.
    pub const WORKLOAD: &str = "HOSO_CALLGRIND";

    /// If [`WORKLOAD`] is set, runs that one of `workloads` once inside [`measured`] (the function whose
    /// instructions `benches/callgrind` counts) and returns `true`: the bench then stops. Panics, naming
    /// the bench's workloads, if it names none of them.
    pub fn run_requested(workloads: &[(&str, &dyn Fn())]) -> bool {
        run_named(std::env::var(WORKLOAD).ok().as_deref(), workloads)
    }

    /// [`run_requested`] with the workload's name given.
    pub fn run_named(wanted: Option<&str>, workloads: &[(&str, &dyn Fn())]) -> bool {
        let Some(wanted) = wanted else {
            return false;
        };
        match workloads.iter().find(|(name, _)| *name == wanted) {
            Some((_, work)) => {
                measured(*work);
                true
            }
            None => {
                let names: Vec<_> = workloads.iter().map(|(n, _)| *n).collect();
                panic!("{WORKLOAD}={wanted}: this bench's workloads are {names:?}")
            }
        }
    }

    /// Runs `work`: callgrind collects only inside this function (`--toggle-collect`).
    #[inline(never)]
    pub fn measured(work: &dyn Fn()) {
        work();
        std::hint::black_box(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn alternate_runs_every_workload_once_per_round_in_turn() {
        let order = RefCell::new(String::new());
        let a = || order.borrow_mut().push('a');
        let b = || order.borrow_mut().push('b');
        let medians = alternate(3, [&a, &b]);
        assert_eq!(order.into_inner(), "ababab");
        assert_eq!(medians.len(), 2);
    }

    #[test]
    fn a_named_workload_runs_once_and_the_others_not_at_all() {
        let (raw, decode) = (Cell::new(0), Cell::new(0));
        let raw_pass = || raw.set(raw.get() + 1);
        let decode_pass = || decode.set(decode.get() + 1);
        let workloads: [(&str, &dyn Fn()); 2] = [("raw", &raw_pass), ("decode", &decode_pass)];
        assert!(!callgrind::run_named(None, &workloads));
        assert!(callgrind::run_named(Some("decode"), &workloads));
        assert_eq!((raw.get(), decode.get()), (0, 1));
    }

    #[test]
    #[should_panic(expected = "this bench's workloads are [\"raw\"]")]
    fn an_unknown_workload_names_the_known_ones() {
        callgrind::run_named(Some("decoder"), &[("raw", &|| {})]);
    }

    #[test]
    fn the_median_is_of_the_last_samples_only() {
        let samples = Samples {
            sample_size: 3,
            taken: RefCell::default(),
        };
        assert_eq!(samples.median("x"), None);
        // Warm-up calls first (long), then the three samples.
        for ms in [90, 80, 1] {
            samples.keep("x", Duration::from_millis(ms));
        }
        assert_eq!(samples.median("x"), Some(Duration::from_millis(80)));
        for ms in [3, 2] {
            samples.keep("x", Duration::from_millis(ms));
        }
        assert_eq!(samples.median("x"), Some(Duration::from_millis(2)));
        let rate = samples.per_second("x", 10.0).unwrap();
        assert!((rate - 5000.0).abs() < 1e-6, "{rate}");
    }
}
