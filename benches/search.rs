//! Figures for search on a big corpus: index build time and memory, then per-keystroke latency
//! of realistic queries typed letter by letter (each prefix searched from scratch, as the
//! search box does), and the top results of each full query so a person can judge relevance.
//!
//! Reads the folder in PARALLAX_BENCH_CORPUS (default /tmp/parallax-bench/corpus; `scripts/bench`
//! makes it from the shared corpora) and adds the five sample articles. A plain `main`, not criterion: the figures are
//! distributions over keystrokes. With PARALLAX_SEARCH_LINES=FILE it also writes the indexed
//! passages there, one per line, for `scripts/bench` to time `fzf --filter` on the same text.
//! Without the corpus folder it says so and exits successfully.

use parallax::corpus::{Article, Input, LoadOptions, load};
use parallax::search::{Query, SearchIndex, match_positions, snippet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEFAULT_CORPUS: &str = "/tmp/parallax-bench/corpus";
const QUERIES: &[&str] = &[
    "stepanakert",
    "kelbajar",
    "oil prices",
    "bank of england",
    "hikmet hajiyev",
    "exports rose",
];
const HARD: &[&str] = &[
    "s",
    "the",
    "a b c d e",
    "said the",
    "\"of the\"",
    "^s",
    "@reuters",
    "the !a",
    "bnak of englnd",
    "zzqxjw",
];
/// Each query is typed this many times; latencies are pooled over all keystrokes.
const ROUNDS: usize = 5;
/// Results asked for per keystroke, and rows highlighted (what a result list shows).
const LIMIT: usize = 200;
const ROWS: usize = 30;

fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// (median, p99, max) of a set of durations.
fn spread(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let at = |q: f64| ms(v[((v.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.99), at(1.0))
}

/// Every prefix of `query`, one more char each, as typed.
fn prefixes(query: &str) -> Vec<&str> {
    query
        .char_indices()
        .map(|(i, c)| &query[..i + c.len_utf8()])
        .collect()
}

fn write_lines(path: &str, articles: &[Arc<Article>]) -> std::io::Result<usize> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut lines = 0;
    for a in articles {
        for (i, _) in a.prose_passages() {
            let line: String = a
                .passage_text(i)
                .unwrap_or_default()
                .chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect();
            writeln!(out, "{line}")?;
            lines += 1;
        }
    }
    out.flush()?;
    Ok(lines)
}

fn main() {
    let dir = std::env::var_os("PARALLAX_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    if !dir.is_dir() {
        println!(
            "search: no corpus at {} (set PARALLAX_BENCH_CORPUS, or run scripts/bench): skipped",
            dir.display()
        );
        return;
    }
    let threads = rayon::current_num_threads();
    // The sample corpus too, so that the Caucasus queries have their needles in the haystack.
    let mut inputs = vec![Input::Path(dir.clone())];
    inputs.extend(parallax::assets::embedded_corpus());
    let (articles, _) = load(&inputs, &LoadOptions::default());
    let articles: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    let text_bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    if let Ok(path) = std::env::var("PARALLAX_SEARCH_LINES") {
        match write_lines(&path, &articles) {
            Ok(n) => println!("search: wrote {n} passages, one per line, to {path}"),
            Err(e) => println!("search: cannot write {path}: {e}"),
        }
    }
    let matcher = parallax::lexicon::Matcher::builtin().ok();

    let rss_before = proc_status_bytes("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    let index = SearchIndex::build(&articles, matcher.clone());
    let build = started.elapsed();
    let rss_after = proc_status_bytes("VmRSS:").unwrap_or(0);
    println!(
        "search: corpus {} articles, {} passages indexed, {} distinct words, text {}",
        index.articles(),
        index.passages(),
        index.vocabulary(),
        mib(text_bytes as u64)
    );
    println!(
        "search: index built in {:.0} ms ({threads} threads); heap estimate {}, RSS +{} (peak RSS so far {})",
        ms(build),
        mib(index.heap_bytes() as u64),
        mib(rss_after.saturating_sub(rss_before)),
        mib(proc_status_bytes("VmHWM:").unwrap_or(0))
    );
    // Two more builds for a steadier build time.
    let mut builds = vec![build];
    for _ in 0..2 {
        let started = Instant::now();
        drop(SearchIndex::build(&articles, matcher.clone()));
        builds.push(started.elapsed());
    }
    let (build_median, _, _) = spread(builds);
    println!("search: index build median of 3: {build_median:.0} ms");

    let mut cold: Vec<Duration> = Vec::new();
    let mut warm: Vec<Duration> = Vec::new();
    let mut rows: Vec<Duration> = Vec::new();
    let mut per_query: Vec<(String, Vec<Duration>)> = Vec::new();
    for query in QUERIES {
        let mut mine = Vec::new();
        for round in 0..ROUNDS {
            for prefix in prefixes(query) {
                // From scratch: no vocabulary matches kept from the previous keystroke.
                index.clear_cache();
                let started = Instant::now();
                let q = Query::parse(prefix);
                let hits = index.search(&q, LIMIT);
                let took = started.elapsed();
                cold.push(took);
                mine.push(took);
                // The same keystroke with the cache the search box keeps while typing.
                let started = Instant::now();
                let again = index.search(&q, LIMIT);
                warm.push(started.elapsed());
                assert_eq!(hits, again, "search is deterministic");
                if round == 0 {
                    let started = Instant::now();
                    for hit in hits.iter().take(ROWS) {
                        let a = &articles[hit.article];
                        let positions = match_positions(&index, a, hit.passage, &q);
                        std::hint::black_box(snippet(a, hit.passage, &positions, 120));
                    }
                    rows.push(started.elapsed());
                }
            }
        }
        per_query.push((query.to_string(), mine));
    }
    for (query, times) in &per_query {
        let (median, p99, max) = spread(times.clone());
        println!(
            "search: {query:?} typed letter by letter: median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
        );
    }
    let keystrokes = cold.len();
    let (median, p99, max) = spread(cold);
    println!(
        "search: per keystroke, from scratch ({keystrokes} keystrokes, limit {LIMIT}): median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );
    let (wm, wp, _) = spread(warm);
    println!("search: per keystroke, vocabulary matches cached: median {wm:.2} ms, p99 {wp:.2} ms");
    let (rm, rp, _) = spread(rows);
    println!("search: highlighting + snippets for {ROWS} rows: median {rm:.2} ms, p99 {rp:.2} ms");
    println!("search-figures: median_ms={median:.3} p99_ms={p99:.3}");

    // Queries that touch the most postings: single letters, the commonest words, a phrase of
    // them, a filter alone, an exclusion of nearly everything.
    let mut hard: Vec<(f64, &str)> = Vec::new();
    for query in HARD {
        index.clear_cache();
        let started = Instant::now();
        let hits = index.search(&Query::parse(query), LIMIT);
        hard.push((ms(started.elapsed()), query));
        std::hint::black_box(hits);
    }
    let shown: Vec<String> = hard.iter().map(|(t, q)| format!("{q:?} {t:.1}")).collect();
    println!("search: hard queries, ms: {}", shown.join(", "));

    for query in QUERIES {
        let q = Query::parse(query);
        let hits = index.search(&q, 3);
        println!("search: top 3 for {query:?}:");
        for hit in hits {
            let a = &articles[hit.article];
            let positions = match_positions(&index, a, hit.passage, &q);
            let (snip, marked) = snippet(a, hit.passage, &positions, 110);
            let mut shown = String::new();
            let mut inside = false;
            for (i, c) in snip.chars().enumerate() {
                let on = marked.binary_search(&i).is_ok();
                if on != inside {
                    shown.push(if on { '[' } else { ']' });
                    inside = on;
                }
                shown.push(c);
            }
            if inside {
                shown.push(']');
            }
            println!(
                "  {:.2}  {} | {} | {}{}",
                hit.score,
                a.outlet(),
                parallax::wrap::truncate(&a.title, 50),
                shown,
                if hit.via_alias { " (alias)" } else { "" }
            );
        }
    }
}
