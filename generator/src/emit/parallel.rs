//! Independent jobs on every available core, results in job order.
//!
//! Turning tokens into formatted text (`syn::parse2` + `prettyplease`) is
//! most of generation's time and files are independent, so files are
//! rendered in parallel. `proc_macro2` values cannot cross threads: each
//! thread makes its own state (the emission `Context`) and the jobs it
//! takes; results come back by index, so the output does not depend on
//! scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `run(&state, index)` for every index below `count`, each thread's `state`
/// made once by `setup`; the results in index order.
///
/// A thread that panicked (a generator bug) leaves its jobs undone; they are
/// redone on the calling thread, where the panic surfaces as it would
/// without threads.
pub(super) fn on_all_cores<S, T: Send>(
    count: usize,
    setup: impl Fn() -> S + Sync,
    run: impl Fn(&S, usize) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(count)
        .max(1);
    let work = || {
        let state = setup();
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= count {
                return done;
            }
            done.push((index, run(&state, index)));
        }
    };
    let finished: Vec<(usize, T)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for done in helpers.into_iter().filter_map(|h| h.join().ok()) {
            all.extend(done);
        }
        all
    });
    let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
    for (index, result) in finished {
        results[index] = Some(result);
    }
    let mut state = None;
    results
        .into_iter()
        .enumerate()
        .map(|(index, result)| match result {
            Some(result) => result,
            None => run(state.get_or_insert_with(&setup), index),
        })
        .collect()
}
