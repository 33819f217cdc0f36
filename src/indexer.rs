//! The corpus-wide index builds' queue: one build at a time on one thread, the most urgent kind
//! first, and a newer request of a kind replaces one of that kind still waiting.
//!
//! Every build is parallel inside (rayon), so running two at once on a small machine only makes
//! both late; in order, search is ready first and the slow alignment index never delays it. A
//! catch-up build (over the part of a corpus loaded so far) may be held back until a given
//! moment: a corpus that loads faster than that is indexed once, whole.

use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Instant;

/// What a build makes, most urgent first: the order in which waiting builds run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndexKind {
    Search,
    Terms,
    /// Writing the search index beside the corpus cache for the next run: after the indexes a
    /// reader waits for, before the slow ones, so that quitting early still leaves it saved.
    SaveSearch,
    SaveTerms,
    Align,
    Words,
    Ledger,
}

impl IndexKind {
    const ALL: [IndexKind; 7] = [
        IndexKind::Search,
        IndexKind::Terms,
        IndexKind::SaveSearch,
        IndexKind::SaveTerms,
        IndexKind::Align,
        IndexKind::Words,
        IndexKind::Ledger,
    ];
}

/// A build waiting its turn.
struct Job {
    generation: u64,
    /// Not started before this moment.
    not_before: Option<Instant>,
    run: Box<dyn FnOnce() + Send>,
}

#[derive(Default)]
struct Queue {
    waiting: [Option<Job>; IndexKind::ALL.len()],
    /// Builds for an older corpus than this one are dropped unrun.
    generation: u64,
    /// No more jobs come: the thread runs what waits, then ends.
    closed: bool,
}

/// What the thread does next.
enum Next {
    Run(Job),
    /// Nothing may start before this moment.
    WaitUntil(Instant),
    Wait,
}

impl Queue {
    /// The most urgent build that may start now, dropping builds for older corpora. Once the
    /// queue is closed nobody is loading any more: held-back builds may start at once.
    fn next(&mut self, now: Instant) -> Next {
        let closed = self.closed;
        let mut earliest: Option<Instant> = None;
        for slot in &mut self.waiting {
            let Some(job) = slot else { continue };
            if job.generation < self.generation {
                *slot = None;
                continue;
            }
            match job.not_before {
                Some(at) if at > now && !closed => {
                    earliest = Some(earliest.map_or(at, |e| e.min(at)))
                }
                _ => {
                    if let Some(job) = slot.take() {
                        return Next::Run(job);
                    }
                }
            }
        }
        earliest.map_or(Next::Wait, Next::WaitUntil)
    }
}

type Shared = Arc<(Mutex<Queue>, Condvar)>;

/// The queue and its thread (started with the first job). Dropping it lets the thread finish
/// the builds still waiting, then end.
#[derive(Default)]
pub struct Indexer {
    shared: Shared,
    thread: Option<thread::JoinHandle<()>>,
}

/// Queues more work from inside a running build (saving what it built).
#[derive(Clone)]
pub struct Submitter(Shared);

impl Submitter {
    /// Queues `run` to start as soon as its turn comes.
    pub fn submit(&self, kind: IndexKind, generation: u64, run: impl FnOnce() + Send + 'static) {
        enqueue(&self.0, kind, generation, None, Box::new(run));
    }
}

fn enqueue(
    shared: &Shared,
    kind: IndexKind,
    generation: u64,
    not_before: Option<Instant>,
    run: Box<dyn FnOnce() + Send>,
) {
    let (queue, wake) = &**shared;
    if let Ok(mut queue) = queue.lock() {
        queue.waiting[kind as usize] = Some(Job {
            generation,
            not_before,
            run,
        });
        wake.notify_one();
    }
}

impl Indexer {
    /// From now on, builds for corpora older than `generation` are not started.
    pub fn new_generation(&mut self, generation: u64) {
        let (queue, _) = &*self.shared;
        if let Ok(mut queue) = queue.lock() {
            queue.generation = queue.generation.max(generation);
        }
    }

    /// Queues `run`, to start no sooner than `not_before`, replacing a build of the same kind
    /// that has not started.
    pub fn submit(
        &mut self,
        kind: IndexKind,
        generation: u64,
        not_before: Option<Instant>,
        run: impl FnOnce() + Send + 'static,
    ) {
        if self.thread.is_none() {
            self.start();
        }
        enqueue(&self.shared, kind, generation, not_before, Box::new(run));
    }

    /// A handle for queueing work from inside a build.
    pub fn submitter(&self) -> Submitter {
        Submitter(self.shared.clone())
    }

    fn start(&mut self) {
        let shared = self.shared.clone();
        let spawned = thread::Builder::new()
            .name("indexer".into())
            .spawn(move || work(&shared));
        match spawned {
            Ok(handle) => self.thread = Some(handle),
            Err(e) => tracing::error!("cannot start the indexer thread: {e}"),
        }
    }

    /// Runs everything queued (saves included) and waits for it: for tests and benchmarks that
    /// need the saved indexes on disk before they go on.
    pub fn finish(mut self) {
        self.close();
        if let Some(handle) = self.thread.take() {
            let _ = handle.join();
        }
    }

    fn close(&self) {
        let (queue, wake) = &*self.shared;
        if let Ok(mut queue) = queue.lock() {
            queue.closed = true;
        }
        wake.notify_all();
    }
}

fn work(shared: &Shared) {
    let (queue, wake) = &**shared;
    loop {
        let job = {
            let Ok(mut waiting) = queue.lock() else {
                return;
            };
            loop {
                let woken = match waiting.next(Instant::now()) {
                    Next::Run(job) => break job,
                    Next::Wait if waiting.closed => return,
                    Next::Wait => wake.wait(waiting).ok(),
                    Next::WaitUntil(at) => wake
                        .wait_timeout(waiting, at.saturating_duration_since(Instant::now()))
                        .ok()
                        .map(|(w, _)| w),
                };
                waiting = match woken {
                    Some(w) => w,
                    None => return,
                };
            }
        };
        (job.run)();
        // A build's temporaries are many times the index it leaves.
        crate::memory::release_free_memory();
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{Sender, channel};

    /// Starts a build that reports `name` and holds the thread until the returned gate is
    /// opened (sent to), so that what is queued meanwhile waits.
    fn hold_the_thread(
        indexer: &mut Indexer,
        tx: &Sender<&'static str>,
        name: &'static str,
    ) -> Sender<()> {
        let (gate_tx, gate_rx) = channel::<()>();
        let (running_tx, running) = channel::<()>();
        let report = tx.clone();
        indexer.submit(IndexKind::Ledger, 1, None, move || {
            let _ = running_tx.send(());
            let _ = gate_rx.recv();
            let _ = report.send(name);
        });
        running.recv().expect("the first build starts");
        gate_tx
    }

    #[test]
    fn waiting_builds_run_most_urgent_first_and_a_newer_request_replaces_a_waiting_one() {
        let mut indexer = Indexer::default();
        let (tx, rx) = channel();
        let gate = hold_the_thread(&mut indexer, &tx, "ledger");
        for (kind, name) in [
            (IndexKind::Align, "align (replaced)"),
            (IndexKind::Words, "words"),
            (IndexKind::Terms, "terms"),
            (IndexKind::Align, "align"),
            (IndexKind::Search, "search"),
        ] {
            let tx = tx.clone();
            indexer.submit(kind, 1, None, move || {
                let _ = tx.send(name);
            });
        }
        let _ = gate.send(());
        drop(tx);
        drop(indexer);
        let ran: Vec<&str> = rx.iter().collect();
        assert_eq!(ran, ["ledger", "search", "terms", "align", "words"]);
    }

    #[test]
    fn builds_for_an_older_corpus_are_dropped_unrun() {
        let mut indexer = Indexer::default();
        let (tx, rx) = channel();
        let gate = hold_the_thread(&mut indexer, &tx, "held");
        let old = tx.clone();
        indexer.submit(IndexKind::Search, 1, None, move || {
            let _ = old.send("old search");
        });
        indexer.new_generation(2);
        let new = tx.clone();
        indexer.submit(IndexKind::Terms, 2, None, move || {
            let _ = new.send("new terms");
        });
        let _ = gate.send(());
        drop(tx);
        drop(indexer);
        let ran: Vec<&str> = rx.iter().collect();
        assert_eq!(ran, ["held", "new terms"]);
    }

    #[test]
    fn a_held_back_build_waits_and_a_newer_request_that_may_start_now_replaces_it() {
        let mut indexer = Indexer::default();
        let (tx, rx) = channel();
        let later = Instant::now() + std::time::Duration::from_secs(3600);
        let held = tx.clone();
        indexer.submit(IndexKind::Search, 1, Some(later), move || {
            let _ = held.send("catch-up");
        });
        let urgent = tx.clone();
        indexer.submit(IndexKind::Terms, 1, None, move || {
            let _ = urgent.send("terms");
        });
        assert_eq!(
            rx.recv().ok(),
            Some("terms"),
            "not held behind the waiting one"
        );
        let last = tx.clone();
        indexer.submit(IndexKind::Search, 1, None, move || {
            let _ = last.send("whole");
        });
        assert_eq!(rx.recv().ok(), Some("whole"));
        drop(tx);
        drop(indexer);
        assert_eq!(rx.iter().collect::<Vec<_>>(), Vec::<&str>::new());
    }
}
