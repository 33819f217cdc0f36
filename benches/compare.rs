//! Figures for passage alignment on a big corpus: index build time, then the time to compare
//! one passage (median, p99, max over ~200 passages picked with a fixed seed), how many
//! sources each comparison matched, the heap the index holds and the time to link every passage
//! (`best_per_outlet`, what events are built from). Fingerprints of the results let two builds
//! be checked for identical scores.
//!
//! Reads the folder in PARALLAX_BENCH_CORPUS (default /tmp/parallax-bench/corpus) plus the five
//! sample articles. A plain `main`: the figures are a distribution, not one number. Without the
//! corpus folder it says so and exits successfully.

use parallax::analysis::align::AlignIndex;
use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::lexicon::Matcher;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEFAULT_CORPUS: &str = "/tmp/parallax-bench/corpus";
const SAMPLES: usize = 200;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A small deterministic generator, so runs compare the same passages.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn main() {
    let dir = PathBuf::from(
        std::env::var("PARALLAX_BENCH_CORPUS").unwrap_or_else(|_| DEFAULT_CORPUS.to_string()),
    );
    if !dir.is_dir() {
        println!(
            "compare bench: no corpus at {} (set PARALLAX_BENCH_CORPUS); skipped",
            dir.display()
        );
        return;
    }
    let mut inputs = parallax::assets::embedded_corpus();
    inputs.push(Input::Path(dir.clone()));
    let started = Instant::now();
    let (articles, _) = load(&inputs, &LoadOptions::default());
    let articles: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    println!(
        "loaded {} articles from {} in {:.0} ms",
        articles.len(),
        dir.display(),
        ms(started.elapsed())
    );
    let Ok(matcher) = Matcher::builtin() else {
        println!("compare bench: the built-in lexicon does not load; skipped");
        return;
    };

    let started = Instant::now();
    let index = AlignIndex::build(&articles, matcher);
    println!(
        "index build: {:.0} ms for {} passages",
        ms(started.elapsed()),
        index.passages()
    );

    let body: Vec<(usize, usize)> = articles
        .iter()
        .enumerate()
        .flat_map(|(a, art)| art.body_passages().map(move |(p, _)| (a, p)))
        .collect();
    if body.is_empty() {
        println!("no body passages");
        return;
    }
    println!(
        "heap held by the alignment index: {:.1} MiB",
        index.heap_bytes() as f64 / (1024.0 * 1024.0)
    );
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut fingerprint = Fingerprint::default();
    let mut times = Vec::with_capacity(SAMPLES);
    let mut matched = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let (a, p) = body[(next(&mut seed) % body.len() as u64) as usize];
        let started = Instant::now();
        let c = index.compare(a, p, 1);
        times.push(started.elapsed());
        matched.push(c.matches.len());
        for m in &c.matches {
            fingerprint.add(&[m.article as u64, m.passage as u64, m.score.to_bits()]);
        }
    }
    times.sort();
    matched.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "compare one passage ({} samples): median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(times[times.len() - 1])
    );
    println!(
        "sources matched per passage: median {}, max {}",
        matched[matched.len() / 2],
        matched[matched.len() - 1]
    );
    println!("compare results fingerprint: {:016x}", fingerprint.0);

    let started = Instant::now();
    let links = index.best_per_outlet();
    let elapsed = started.elapsed();
    let mut fingerprint = Fingerprint::default();
    for l in &links {
        fingerprint.add(&[l.article as u64, l.passage as u64]);
        for &(a, p, score) in &l.best {
            fingerprint.add(&[a as u64, p as u64, score.to_bits()]);
        }
    }
    println!(
        "link every passage (best_per_outlet): {:.0} ms, {} links; fingerprint {:016x}",
        ms(elapsed),
        links.iter().map(|l| l.best.len()).sum::<usize>(),
        fingerprint.0
    );
}

/// FNV-1a over the results, in order: equal only if every id and score bit is.
struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl Fingerprint {
    fn add(&mut self, values: &[u64]) {
        for v in values {
            for b in v.to_le_bytes() {
                self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
}
