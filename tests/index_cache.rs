//! Saved indexes: a corpus opened again gets its search and terms indexes from beside the
//! corpus cache instead of building them; a changed corpus or a damaged file gets them rebuilt
//! and saved again. Drives the real threaded runtime, as the TUI does.

use parallax::app::{App, LoadPhase, Msg};
use parallax::config::Config;
use parallax::corpus::{Input, LoadEvent, LoadOptions};
use parallax::search::Query;
use parallax::tui::{Incoming, Runner};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::Duration;

/// Opens `corpus` with its caches in `cache`, runs until it is loaded and indexed for search
/// and terms, then lets every queued build and save finish.
fn open_and_index(corpus: &Path, cache: &Path) -> App {
    open_and_index_with(corpus, cache, false)
}

/// As `open_and_index`; with `late_end`, the loader's end of load reaches the app only after
/// the catch-up builds over every article have: a busy machine's order of events.
fn open_and_index_with(corpus: &Path, cache: &Path, late_end: bool) -> App {
    let (tx, rx) = channel();
    let (mut app, effects) = App::new(
        Config::default_config(),
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        vec![Input::Path(corpus.to_path_buf())],
        corpus.display().to_string(),
        160,
        45,
    );
    let mut runner = Runner::new(tx).with_load_options(LoadOptions {
        cache_dir: Some(cache.to_path_buf()),
        ..LoadOptions::default()
    });
    runner.perform(effects);
    let mut held_end = None;
    loop {
        let event = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the corpus loads and is indexed");
        if let Incoming::Msg(msg) = event {
            if late_end
                && matches!(
                    msg,
                    Msg::Load {
                        event: LoadEvent::Finished { .. },
                        ..
                    }
                )
            {
                held_end = Some(msg);
                continue;
            }
            let effects = app.update(msg);
            runner.perform(effects);
        }
        let all = app.articles.len();
        if all > 0
            && app.coverage.search == all
            && app.coverage.terms == all
            && let Some(end) = held_end.take()
        {
            let effects = app.update(end);
            runner.perform(effects);
        }
        if matches!(app.load.phase, LoadPhase::Done { .. })
            && all > 0
            && app.coverage.search == all
            && app.coverage.terms == all
        {
            break;
        }
    }
    runner.finish_indexing();
    app
}

fn seeds(dir: &Path) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus");
    for entry in fs::read_dir(seeds).expect("seeds").flatten() {
        fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
}

fn saved(cache: &Path, kind: &str) -> PathBuf {
    let suffix = format!(".{kind}.bin");
    let found: Vec<PathBuf> = fs::read_dir(cache)
        .expect("cache dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(&suffix))
        .collect();
    assert_eq!(found.len(), 1, "one saved {kind} index: {found:?}");
    found[0].clone()
}

/// Which file a path is now: a save replaces it with a new one (a new inode).
fn identity(path: &Path) -> (u64, i64) {
    let meta = fs::metadata(path).expect("saved index");
    (meta.ino(), meta.mtime_nsec())
}

fn hits(app: &App, query: &str) -> Vec<(String, usize)> {
    let index = app.search_index.as_ref().expect("search index");
    index
        .search(&Query::parse(query), 20)
        .iter()
        .map(|h| (app.articles[h.article].id.clone(), h.passage))
        .collect()
}

#[test]
fn a_corpus_opened_again_is_searchable_from_its_saved_indexes() {
    let corpus = tempfile::tempdir().expect("corpus dir");
    let cache = tempfile::tempdir().expect("cache dir");
    seeds(corpus.path());

    let first = open_and_index(corpus.path(), cache.path());
    let (search_file, terms_file) = (saved(cache.path(), "search"), saved(cache.path(), "terms"));
    let saved_as = (identity(&search_file), identity(&terms_file));
    let stepanakert = hits(&first, "Stepanakert");
    assert!(
        stepanakert.iter().any(|(id, _)| id.starts_with("003")),
        "{stepanakert:?}"
    );

    let second = open_and_index(corpus.path(), cache.path());
    assert_eq!(
        (identity(&search_file), identity(&terms_file)),
        saved_as,
        "read, not built and saved again"
    );
    assert_eq!(hits(&second, "Stepanakert"), stepanakert);
    assert_eq!(
        hits(&second, "kelbajr"),
        hits(&first, "kelbajr"),
        "fuzzy words too"
    );
    let (a, b) = (
        first.terms.as_ref().expect("terms"),
        second.terms.as_ref().expect("terms"),
    );
    assert_eq!(**a, **b);
}

fn finds_the_new_article(app: &App) -> bool {
    let found = hits(app, "quokkas");
    !found.is_empty() && found.iter().all(|(id, _)| id.starts_with("005"))
}

#[test]
fn a_changed_corpus_or_a_damaged_file_gets_its_indexes_rebuilt() {
    let corpus = tempfile::tempdir().expect("corpus dir");
    let cache = tempfile::tempdir().expect("cache dir");
    seeds(corpus.path());
    open_and_index(corpus.path(), cache.path());
    let search_file = saved(cache.path(), "search");

    // One more article: the saved index is not of this corpus any more.
    fs::write(
        corpus.path().join("005_added.txt"),
        "Quokka census\n\nRangers counted the quokkas on the island.\n",
    )
    .expect("write");
    let before = identity(&search_file);
    let changed = open_and_index(corpus.path(), cache.path());
    assert_eq!(changed.articles.len(), 6);
    assert!(
        finds_the_new_article(&changed),
        "the new article is searched"
    );
    assert_ne!(
        identity(&search_file),
        before,
        "saved again for the changed corpus"
    );

    // A damaged file is never trusted: rebuilt, and replaced by a good one.
    let mut bytes = fs::read(&search_file).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    fs::write(&search_file, &bytes).expect("damage");
    let before = identity(&search_file);
    let repaired = open_and_index(corpus.path(), cache.path());
    assert!(finds_the_new_article(&repaired));
    assert_eq!(
        hits(&repaired, "Stepanakert"),
        hits(&changed, "Stepanakert")
    );
    assert_ne!(identity(&search_file), before, "replaced");
    let repaired_as = identity(&search_file);
    let again = open_and_index(corpus.path(), cache.path());
    assert!(finds_the_new_article(&again));
    assert_eq!(
        identity(&search_file),
        repaired_as,
        "the repaired file is read"
    );
}

#[test]
fn indexes_caught_up_before_the_load_ends_are_saved_all_the_same() {
    let corpus = tempfile::tempdir().expect("corpus dir");
    let cache = tempfile::tempdir().expect("cache dir");
    seeds(corpus.path());

    let first = open_and_index_with(corpus.path(), cache.path(), true);
    let (search_file, terms_file) = (saved(cache.path(), "search"), saved(cache.path(), "terms"));
    let saved_as = (identity(&search_file), identity(&terms_file));

    let second = open_and_index(corpus.path(), cache.path());
    assert_eq!(
        (identity(&search_file), identity(&terms_file)),
        saved_as,
        "read, not built and saved again"
    );
    assert_eq!(hits(&second, "Stepanakert"), hits(&first, "Stepanakert"));

    // The same order of events once they are saved: kept, not written again.
    open_and_index_with(corpus.path(), cache.path(), true);
    assert_eq!(
        (identity(&search_file), identity(&terms_file)),
        saved_as,
        "a good saved index is left as it is"
    );
}
