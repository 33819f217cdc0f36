//! Figures for a big corpus: load time, memory, time to the first frame while loading in the
//! background, time until everything is loaded and indexed (with the corpus cache cold, then
//! warm; as a folder of files and as JSON Lines), and the render time of one frame.
//!
//! Reads the folder in PARALLAX_BENCH_CORPUS (default /tmp/parallax-bench/corpus; `scripts/bench`
//! makes it from the shared corpora) and prints the figures. A plain `main`, not criterion: each
//! figure is one wall-clock measurement (load: median of 3). The load and the TUI parts each run
//! in a child process of their own, so each peak RSS (VmHWM) is that part's alone. Without the
//! folder it says so and exits successfully, so `cargo bench` works anywhere.

use parallax::app::key::parse_sequence;
use parallax::app::{App, LoadPhase};
use parallax::config::Config;
use parallax::corpus::{Input, LoadOptions, load};
use parallax::tui::{Incoming, Runner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const DEFAULT_CORPUS: &str = "/tmp/parallax-bench/corpus";
const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

/// A field of /proc/self/status in bytes (the file gives kB), when there is one.
fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn rss() -> u64 {
    proc_status_bytes("VmRSS:").unwrap_or(0)
}

fn peak_rss() -> u64 {
    proc_status_bytes("VmHWM:").unwrap_or(0)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Files and bytes on disk under `dir`.
fn disk_size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (files, bytes)
}

fn main() {
    let dir = std::env::var_os("PARALLAX_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    if !dir.is_dir() {
        println!(
            "scale: no corpus at {} (set PARALLAX_BENCH_CORPUS, or run scripts/bench): skipped",
            dir.display()
        );
        return;
    }
    // As the binary does at start.
    parallax::memory::prefer_returning_memory();
    // Each part runs in a process of its own, so its memory figures are its own.
    match std::env::var("PARALLAX_SCALE_PART").ok().as_deref() {
        Some("load") => return load_part(&dir),
        Some("tui") => return tui_part(&dir),
        Some("highlight") => return highlight_part(&dir),
        _ => {}
    }
    let (files, disk_bytes) = disk_size(&dir);
    println!(
        "corpus: {} ({files} files, {} on disk)",
        dir.display(),
        mib(disk_bytes)
    );
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            println!("scale: cannot find this benchmark's executable: {e}");
            return;
        }
    };
    let cache = std::env::temp_dir().join(format!("parallax-bench-cache-{}", std::process::id()));
    let jsonl = std::env::var_os("PARALLAX_BENCH_JSONL").map(PathBuf::from);
    let mut parts = vec![
        ("load", None),
        ("tui", Some(("folder", "cold"))),
        ("tui", Some(("folder", "cached"))),
    ];
    if jsonl.as_deref().is_some_and(Path::is_dir) {
        parts.push(("tui", Some(("jsonl", "cold"))));
        parts.push(("tui", Some(("jsonl", "cached"))));
    } else {
        println!(
            "scale: set PARALLAX_BENCH_JSONL to the folder of the .jsonl corpora to time them too"
        );
    }
    parts.push(("highlight", None));
    for (part, tui) in parts {
        let mut command = std::process::Command::new(&exe);
        command
            .env("PARALLAX_SCALE_PART", part)
            .env("PARALLAX_BENCH_CORPUS", &dir)
            .env("PARALLAX_BENCH_DISK_BYTES", disk_bytes.to_string())
            .env("PARALLAX_BENCH_CACHE", &cache);
        if let Some((inputs, phase)) = tui {
            command
                .env("PARALLAX_BENCH_INPUTS", inputs)
                .env("PARALLAX_BENCH_PHASE", phase);
            if phase == "cold" {
                let _ = std::fs::remove_dir_all(&cache);
            }
        }
        let status = command.status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => println!("scale: the {part} part failed: {s}"),
            Err(e) => println!("scale: cannot run the {part} part: {e}"),
        }
    }
    let _ = std::fs::remove_dir_all(&cache);
}

fn disk_bytes_from_env(dir: &Path) -> u64 {
    std::env::var("PARALLAX_BENCH_DISK_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| disk_size(dir).1)
}

/// parallax::corpus::load, the CLI's path: counts, load time, memory.
fn load_part(dir: &Path) {
    let disk_bytes = disk_bytes_from_env(dir);
    let inputs = vec![Input::Path(dir.to_path_buf())];
    let options = LoadOptions::default();
    let base_rss = rss();
    let started = Instant::now();
    let (articles, diagnostics) = load(&inputs, &options);
    let first_load = started.elapsed();
    let load_peak = peak_rss();
    // As the TUI does once a load is done.
    parallax::memory::release_free_memory();
    let held = rss().saturating_sub(base_rss);
    let passages: usize = articles.iter().map(|a| a.passages.len()).sum();
    let body: usize = articles.iter().map(|a| a.body_passages().count()).sum();
    let text_bytes: u64 = articles.iter().map(|a| a.text.len() as u64).sum();
    let words: usize = articles.iter().map(|a| a.words).sum();
    println!("articles: {}", articles.len());
    println!(
        "passages: {passages} ({body} body, {} boilerplate)",
        passages - body
    );
    println!("words: {words}");
    println!(
        "text: {} bytes ({}) after cleaning",
        text_bytes,
        mib(text_bytes)
    );
    println!("diagnostics: {}", diagnostics.len());
    drop(articles);
    drop(diagnostics);
    let mut runs = vec![first_load];
    for _ in 0..2 {
        let started = Instant::now();
        let loaded = load(&inputs, &options);
        runs.push(started.elapsed());
        drop(loaded);
    }
    let runs_shown: Vec<String> = runs.iter().map(|d| ms(*d)).collect();
    println!(
        "load (parallax::corpus::load, wall clock): median {} of 3 runs [{}]",
        ms(median(runs)),
        runs_shown.join(", ")
    );
    println!(
        "load: peak RSS {} (process, from VmHWM; {} before loading)",
        mib(load_peak),
        mib(base_rss)
    );
    println!("load: RSS held by the loaded corpus {}", mib(held));
    index_memory(&inputs);
    println!(
        "memory / corpus size = {:.2} (held RSS / bytes on disk); peak RSS / bytes on disk = {:.2}",
        held as f64 / disk_bytes.max(1) as f64,
        load_peak as f64 / disk_bytes.max(1) as f64
    );
}

/// What each corpus index adds to the resident memory, built one after the other and kept, as
/// the TUI keeps them.
fn index_memory(inputs: &[Input]) {
    let (articles, _) = load(inputs, &LoadOptions::default());
    let articles: Vec<std::sync::Arc<parallax::corpus::Article>> =
        articles.into_iter().map(std::sync::Arc::new).collect();
    parallax::memory::release_free_memory();
    let mut last = rss();
    let step = |what: &str, last: &mut u64| {
        // What the index holds, not the build's freed temporaries.
        parallax::memory::release_free_memory();
        let now = rss();
        println!("memory: {what} adds {}", mib(now.saturating_sub(*last)));
        *last = now;
    };
    let matcher = parallax::lexicon::Matcher::builtin().expect("lexicon");
    step("the built-in lexicon", &mut last);
    let terms = parallax::analysis::terms::TermIndex::build(&articles, &matcher);
    step("the terms index", &mut last);
    let search = parallax::search::SearchIndex::build(&articles, Some(matcher.clone()));
    step("the search index", &mut last);
    let align = parallax::analysis::align::AlignIndex::build(&articles, matcher.clone());
    step("the alignment index", &mut last);
    let events = parallax::analysis::claims::events(&articles, &align);
    let claims = parallax::analysis::claims::claims(&articles, &events.events);
    step("events and claims", &mut last);
    let words = if parallax::analysis::words::by_source_skipped(&articles).is_none() {
        parallax::analysis::words::distinctive(
            &articles,
            &matcher,
            parallax::analysis::words::Grouping::Source,
            15,
        )
    } else {
        Vec::new()
    };
    step("distinctive words", &mut last);
    let claimed: usize = claims.iter().map(|g| g.claims.len()).sum();
    println!(
        "memory: {} events, {claimed} numeric claims in {} groups",
        events.events.len(),
        claims.len()
    );
    println!(
        "memory: heap held by the search index {}, by the alignment index {}",
        mib(search.heap_bytes() as u64),
        mib(align.heap_bytes() as u64)
    );
    drop((terms, search, align, events, claims, words));
}

/// Highlighting with the full built-in lexicon: throughput over the whole corpus, the time for
/// one article (what opening an article costs the analysis worker), and the corpus term index.
fn highlight_part(dir: &Path) {
    let (articles, _) = load(&[Input::Path(dir.to_path_buf())], &LoadOptions::default());
    let started = Instant::now();
    let matcher = match parallax::lexicon::Matcher::builtin() {
        Ok(m) => m,
        Err(e) => {
            println!("highlight: the built-in lexicon failed: {e}");
            return;
        }
    };
    let compile = started.elapsed();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut per_article: Vec<Duration> = Vec::with_capacity(articles.len());
    let mut spans = 0;
    let started = Instant::now();
    for article in &articles {
        let t = Instant::now();
        spans += parallax::analysis::spans::annotate(article, &matcher).count();
        per_article.push(t.elapsed());
    }
    let total = started.elapsed();
    per_article.sort();
    let at = |q: f64| per_article[((per_article.len() - 1) as f64 * q) as usize];
    println!(
        "highlight: lexicon compiled in {} ({} concepts, {} entities)",
        ms(compile),
        matcher.lexicon.concepts.len(),
        matcher.lexicon.entities.len()
    );
    println!(
        "highlight: {spans} spans over {} in {} = {:.1} MB/s (one thread: lexicon, names, dates, numbers, quotes)",
        mib(bytes as u64),
        ms(total),
        bytes as f64 / 1e6 / total.as_secs_f64()
    );
    println!(
        "highlight: one article median {}, p99 {}, slowest {} (on the analysis worker, not the UI thread)",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
    let shared: Vec<std::sync::Arc<parallax::corpus::Article>> =
        articles.into_iter().map(std::sync::Arc::new).collect();
    let started = Instant::now();
    let index = parallax::analysis::terms::TermIndex::build(&shared, &matcher);
    println!(
        "highlight: corpus term index built in {} ({} concepts used, on a worker after loading)",
        ms(started.elapsed()),
        index.usage.len()
    );
}

/// The TUI's path: App::new with the real threaded runner, frames drawn as the real loop does
/// (after each batch of messages), on a TestBackend, until everything is loaded, the search,
/// terms and alignment indexes cover it and the events and claims are built; then frames with
/// the whole list loaded.
fn tui_part(dir: &Path) {
    let kind = std::env::var("PARALLAX_BENCH_INPUTS").unwrap_or_else(|_| "folder".into());
    let phase = std::env::var("PARALLAX_BENCH_PHASE").unwrap_or_else(|_| "cold".into());
    let (inputs, disk_bytes): (Vec<Input>, u64) = if kind == "jsonl" {
        let folder = std::env::var_os("PARALLAX_BENCH_JSONL")
            .map(PathBuf::from)
            .unwrap_or_default();
        let files: Vec<PathBuf> = ["bbc.jsonl", "reuters.jsonl"]
            .iter()
            .map(|f| folder.join(f))
            .collect();
        let bytes = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        (files.into_iter().map(Input::Path).collect(), bytes)
    } else {
        (
            vec![Input::Path(dir.to_path_buf())],
            disk_bytes_from_env(dir),
        )
    };
    let cache = std::env::var_os("PARALLAX_BENCH_CACHE").map(PathBuf::from);
    let label = format!("TUI ({kind}, parallax cache {phase})");
    let base_rss = rss();
    let (tx, rx) = channel::<Incoming>();
    let started = Instant::now();
    let (mut app, effects) = App::new(
        Config::default_config(),
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        inputs,
        dir.display().to_string(),
        WIDTH,
        HEIGHT,
    );
    let mut runner = Runner::new(tx).with_load_options(LoadOptions {
        cache_dir: cache,
        ..LoadOptions::default()
    });
    runner.perform(effects);
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    draw(&mut term, &app);
    let first_frame = started.elapsed();
    let mut first_article_frame = None;
    let mut frames = 1;
    let mut slowest_frame = Duration::ZERO;
    let mut loaded_in = None;
    let mut held_loaded = 0;
    let mut searchable_in = None;
    let mut aligned_in = None;
    let everything = loop {
        match rx.recv_timeout(Duration::from_secs(300)) {
            Ok(event) => {
                handle(&mut app, &mut runner, event);
                while let Ok(event) = rx.try_recv() {
                    handle(&mut app, &mut runner, event);
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                println!("the background load did not finish in 300 s");
                return;
            }
            Err(RecvTimeoutError::Disconnected) => break None,
        }
        let t = Instant::now();
        draw(&mut term, &app);
        slowest_frame = slowest_frame.max(t.elapsed());
        frames += 1;
        if first_article_frame.is_none() && !app.articles.is_empty() {
            first_article_frame = Some(started.elapsed());
        }
        let done = matches!(app.load.phase, LoadPhase::Done { .. });
        let all = app.articles.len();
        if done && loaded_in.is_none() {
            loaded_in = Some(started.elapsed());
            held_loaded = rss().saturating_sub(base_rss);
        }
        if done
            && searchable_in.is_none()
            && app.coverage.search == all
            && app.coverage.terms == all
        {
            searchable_in = Some(started.elapsed());
        }
        if done && app.coverage.align == all && aligned_in.is_none() {
            aligned_in = Some(started.elapsed());
        }
        if done && searchable_in.is_some() && aligned_in.is_some() && app.ledger.is_some() {
            break Some(started.elapsed());
        }
    };
    println!(
        "{label}: first frame drawn after {} (corpus loading in the background)",
        ms(first_frame)
    );
    if let Some(t) = first_article_frame {
        println!("{label}: first frame with an article open after {}", ms(t));
    }
    let shown = |d: Option<Duration>| d.map(ms).unwrap_or_else(|| "never".to_string());
    println!(
        "{label}: all {} articles loaded and listed after {} ({frames} frames drawn meanwhile, slowest {})",
        app.articles.len(),
        shown(loaded_in),
        ms(slowest_frame)
    );
    println!(
        "{label}: loaded and indexed for search and terms after {}; alignment index (comparison) after {}; events and claims after {}",
        shown(searchable_in),
        shown(aligned_in),
        shown(everything)
    );
    // As the indexer does after every build.
    parallax::memory::release_free_memory();
    let held = rss().saturating_sub(base_rss);
    println!(
        "{label}: RSS held once loaded {} ({:.2} x bytes on disk); with every index, events and claims built {} ({:.2} x); peak {}",
        mib(held_loaded),
        held_loaded as f64 / disk_bytes.max(1) as f64,
        mib(held),
        held as f64 / disk_bytes.max(1) as f64,
        mib(peak_rss()),
    );
    if phase == "cached" || kind == "jsonl" {
        return;
    }

    // One frame with the whole list loaded: at the top of the list, and at its end.
    let frame_time = |term: &mut Terminal<TestBackend>, app: &App| {
        let times: Vec<Duration> = (0..50)
            .map(|_| {
                let t = Instant::now();
                draw(term, app);
                t.elapsed()
            })
            .collect();
        median(times)
    };
    println!(
        "frame 160x45 with {} articles listed: {} (median of 50)",
        app.articles.len(),
        ms(frame_time(&mut term, &app))
    );
    for key in parse_sequence("G").expect("key") {
        let effects = app.press(key);
        runner.perform(effects);
    }
    println!(
        "frame 160x45 with the last article selected: {} (median of 50)",
        ms(frame_time(&mut term, &app))
    );
    // Each tab of the side panel over the whole corpus: the claims of every article, the
    // events, each source's words; then a step down the tab's list, handled and drawn.
    for key in parse_sequence("3").expect("key") {
        let effects = app.press(key);
        runner.perform(effects);
    }
    for _ in 1..parallax::app::side::SideTab::ALL.len() {
        for key in parse_sequence(">").expect("key") {
            let effects = app.press(key);
            runner.perform(effects);
        }
        let frame = frame_time(&mut term, &app);
        let times: Vec<Duration> = (0..20)
            .map(|_| {
                let t = Instant::now();
                for key in parse_sequence("j").expect("key") {
                    let effects = app.press(key);
                    runner.perform(effects);
                }
                draw(&mut term, &app);
                t.elapsed()
            })
            .collect();
        println!(
            "frame 160x45 with the {} tab open: {} (median of 50); a step down its list, handled and drawn: {} (median of 20)",
            app.side.tab.title(),
            ms(frame),
            ms(median(times))
        );
    }
}

fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|frame| parallax::ui::render(app, frame))
        .expect("draw");
}

/// What the real loop does with a worker's message.
fn handle(app: &mut App, runner: &mut Runner, event: Incoming) {
    if let Incoming::Msg(msg) = event {
        let effects = app.update(msg);
        runner.perform(effects);
    }
}
