//! A corpus that streams in: the app is usable on the part already loaded, and search, terms
//! and comparison catch up as more arrives; a partial index never replaces a fuller one.

mod common;

use common::{press, type_text};
use parallax::app::{App, Effect, LoadPhase, Msg};
use parallax::config::Config;
use parallax::corpus::{Article, LoadEvent, LoadOptions, load};
use std::time::Duration;

/// The app before anything is loaded, and the sample corpus to feed it by hand.
fn app_and_articles() -> (App, Vec<Article>) {
    let (app, _load) = App::new(
        Config::default_config(),
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        parallax::assets::embedded_corpus(),
        "the embedded sample corpus".to_string(),
        160,
        45,
    );
    let (articles, _) = load(
        &parallax::assets::embedded_corpus(),
        &LoadOptions::default(),
    );
    assert_eq!(articles.len(), 5);
    (app, articles)
}

fn arrive(app: &mut App, batch: Vec<Article>) -> Vec<Effect> {
    let generation = app.load.generation;
    app.update(Msg::Load {
        generation,
        event: LoadEvent::Articles(batch),
    })
}

/// The end of the load, as the loader reports it.
fn load_finished(app: &mut App) -> Vec<Effect> {
    let generation = app.load.generation;
    let articles = app.articles.len();
    app.update(Msg::Load {
        generation,
        event: LoadEvent::Finished {
            articles,
            elapsed: Duration::from_millis(1),
        },
    })
}

fn index_kinds(effects: &[Effect]) -> Vec<&'static str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::IndexTerms { articles, .. } if articles.is_empty() => None,
            Effect::IndexTerms { .. } => Some("terms"),
            Effect::IndexSearch { .. } => Some("search"),
            Effect::IndexAlign { .. } => Some("align"),
            _ => None,
        })
        .collect()
}

#[test]
fn search_works_on_the_first_batch_and_catches_up() {
    let (mut app, articles) = app_and_articles();
    let mut rest = articles.into_iter();
    // 000 is the first article; the Stepanakert passages are in 003.
    let effects = arrive(&mut app, rest.by_ref().take(1).collect());
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
    parallax::tui::perform_inline(&mut app, effects);
    assert_eq!(app.coverage.search, 1);
    assert!(
        app.current_article().is_some(),
        "the first article opens at once"
    );

    press(&mut app, "/");
    type_text(&mut app, "Stepanakert");
    assert!(
        app.search.hits.iter().all(|h| h.article == 0),
        "only the loaded part is searched"
    );

    // Growth below four times the indexed part asks for nothing new.
    for _ in 0..2 {
        let effects = arrive(&mut app, rest.by_ref().take(1).collect());
        assert!(
            index_kinds(&effects).is_empty(),
            "{:?}",
            index_kinds(&effects)
        );
    }
    let effects = arrive(&mut app, rest.by_ref().take(1).collect());
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
    parallax::tui::perform_inline(&mut app, effects);
    assert_eq!(app.coverage.search, 4);
    assert!(
        app.search
            .hits
            .iter()
            .any(|h| app.articles[h.article].id.starts_with("003")),
        "the open query is answered again by the fuller index"
    );

    // The rest, then the end of the load: everything is indexed once more, and the ledger built.
    let effects = arrive(&mut app, rest.collect());
    assert!(index_kinds(&effects).is_empty());
    let effects = load_finished(&mut app);
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
    parallax::tui::perform_inline(&mut app, effects);
    assert!(matches!(app.load.phase, LoadPhase::Done { .. }));
    assert_eq!(
        (app.coverage.search, app.coverage.align, app.coverage.terms),
        (5, 5, 5)
    );
    assert!(
        app.ledger.is_some(),
        "events and claims once everything is aligned"
    );
}

#[test]
fn a_late_partial_index_never_replaces_a_fuller_one() {
    let (mut app, articles) = app_and_articles();
    let all = articles.clone();
    let first = arrive(&mut app, articles.into_iter().collect());
    // Index over all five, delivered first.
    parallax::tui::perform_inline(&mut app, first);
    assert_eq!(app.coverage.search, 5);
    let full = app.search_index.clone().unwrap();

    // A stale build over one article arrives afterwards: dropped.
    let partial: Vec<std::sync::Arc<Article>> =
        all.into_iter().take(1).map(std::sync::Arc::new).collect();
    let stale = std::sync::Arc::new(parallax::search::SearchIndex::build(&partial, None));
    let generation = app.load.generation;
    app.update(Msg::SearchIndexed {
        generation,
        covers: 1,
        index: stale,
    });
    assert_eq!(app.coverage.search, 5);
    assert!(std::sync::Arc::ptr_eq(
        app.search_index.as_ref().unwrap(),
        &full
    ));
}

#[test]
fn a_big_corpus_aligns_once_at_the_end_and_never_stacks_search_builds() {
    let (mut app, articles) = app_and_articles();
    let many: Vec<Article> = articles.iter().cycle().take(5000).cloned().collect();
    let effects = arrive(&mut app, many.clone());
    assert_eq!(
        index_kinds(&effects),
        ["search", "terms"],
        "beyond the small-corpus limit alignment waits for the end"
    );

    let (mut app, _) = app_and_articles();
    let (first, rest) = many.split_at(1000);
    let effects = arrive(&mut app, first.to_vec());
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
    // Five times as many have arrived, but the first search build has not reported yet.
    let effects = arrive(&mut app, rest.to_vec());
    assert!(
        index_kinds(&effects).is_empty(),
        "{:?}",
        index_kinds(&effects)
    );
    let effects = load_finished(&mut app);
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
}

/// Each index build asked for, with whether it is of the whole corpus.
fn index_builds(effects: &[Effect]) -> Vec<(&'static str, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::IndexSearch { complete, .. } => Some(("search", *complete)),
            Effect::IndexTerms { complete, .. } => Some(("terms", *complete)),
            Effect::IndexAlign { complete, .. } => Some(("align", *complete)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_catch_up_over_every_article_is_asked_again_whole_unless_it_already_reported() {
    // The whole corpus in one batch (one cached file): the catch-up it starts may be held back
    // by the runtime, so the end of the load asks for the whole corpus, which replaces it.
    let (mut app, articles) = app_and_articles();
    let effects = arrive(&mut app, articles.clone());
    assert_eq!(
        index_builds(&effects),
        [("search", false), ("terms", false), ("align", false)]
    );
    let effects = load_finished(&mut app);
    assert_eq!(
        index_builds(&effects),
        [("search", true), ("terms", true), ("align", true)]
    );

    // When the catch-up has already reported, nothing is built twice.
    let (mut app, _) = app_and_articles();
    let effects = arrive(&mut app, articles);
    parallax::tui::perform_inline(&mut app, effects);
    assert_eq!((app.coverage.search, app.coverage.align), (5, 5));
    let effects = load_finished(&mut app);
    assert_eq!(index_builds(&effects), []);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveIndexes { articles, .. } if articles.len() == 5)),
        "its indexes are saved as a whole build's would be"
    );
    parallax::tui::perform_inline(&mut app, effects);
    assert!(app.ledger.is_some(), "the ledger is still built at the end");
}

fn progress(app: &mut App, bytes_done: u64, bytes: u64, files_done: usize, files: usize) {
    let generation = app.load.generation;
    app.update(Msg::Load {
        generation,
        event: LoadEvent::Progress {
            bytes_done,
            bytes,
            files_done,
            files,
        },
    });
}

#[test]
fn the_progress_bar_says_how_much_of_one_big_file_or_how_many_files() {
    let (mut app, _) = app_and_articles();
    progress(&mut app, 400, 1000, 0, 1);
    let status = common::screen(&app);
    assert!(status.contains("loading ████░░░░░░ 40%"), "{status}");
    progress(&mut app, 500, 1000, 3, 10);
    let status = common::screen(&app);
    assert!(status.contains("loading █████░░░░░ 3/10 files"), "{status}");
}

#[test]
fn catch_ups_stop_once_half_the_input_has_arrived() {
    let (mut app, articles) = app_and_articles();
    progress(&mut app, 100, 1000, 0, 1);
    let effects = arrive(&mut app, articles[..1].to_vec());
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
    parallax::tui::perform_inline(&mut app, effects);
    progress(&mut app, 600, 1000, 0, 1);
    let effects = arrive(&mut app, articles[1..].to_vec());
    assert!(
        index_kinds(&effects).is_empty(),
        "four times as many, but past half: {:?}",
        index_kinds(&effects)
    );
    let effects = load_finished(&mut app);
    assert_eq!(index_kinds(&effects), ["search", "terms", "align"]);
}

#[test]
fn one_big_file_reports_progress_as_its_articles_are_finished() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.jsonl");
    let lines: Vec<String> = (0..600)
        .map(|i| {
            format!(r#"{{"title": "Story {i}", "text": "Paragraph {i} of the story, with enough words to be one.", "source": "Wire"}}"#)
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).expect("write");
    let size = std::fs::metadata(&path).expect("size").len();
    let options = LoadOptions {
        batch: 100,
        ..LoadOptions::default()
    };
    let mut seen: Vec<(u64, u64, usize, usize)> = Vec::new();
    parallax::corpus::load_streaming(
        &[parallax::corpus::Input::Path(path)],
        &options,
        &std::sync::atomic::AtomicBool::new(false),
        |event| {
            if let LoadEvent::Progress {
                bytes_done,
                bytes,
                files_done,
                files,
            } = event
            {
                seen.push((bytes_done, bytes, files_done, files));
            }
        },
    );
    assert!(
        seen.iter()
            .all(|&(_, bytes, _, files)| bytes == size && files == 1)
    );
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    let within: Vec<u64> = seen
        .iter()
        .filter(|&&(done, _, files_done, _)| files_done == 0 && done > 0 && done < size)
        .map(|&(done, ..)| done)
        .collect();
    assert!(within.len() >= 4, "progress inside the file: {seen:?}");
    assert_eq!(seen.last(), Some(&(size, size, 1, 1)));
}
