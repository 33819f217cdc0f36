//! Remembering across runs, through the real App: what one App leaves in the data directory,
//! a new App on the same corpus restores (article, position, panes, tab, layers, lens), in
//! whichever order the session and the articles arrive.

mod common;

use common::press;
use parallax::analysis::spans::SpanKind;
use parallax::app::layout::Pane;
use parallax::app::side::SideTab;
use parallax::app::{App, Effect};
use parallax::config::Config;
use parallax::corpus::Input;
use std::path::{Path, PathBuf};

/// Whether the session is read before or after the articles arrive.
#[derive(Clone, Copy, Debug)]
enum Arrival {
    SessionFirst,
    ArticlesFirst,
}

fn app_remembering(inputs: Vec<Input>, data: &Path, restore: bool, arrival: Arrival) -> App {
    let (mut app, load) = App::new(
        Config::default_config(),
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        inputs,
        "test corpus".to_string(),
        120,
        36,
    );
    let session = app.open_session(data.to_path_buf(), restore);
    // perform_inline runs the last effect first.
    let effects: Vec<Effect> = match arrival {
        Arrival::SessionFirst => load.into_iter().chain(session).collect(),
        Arrival::ArticlesFirst => session.into_iter().chain(load).collect(),
    };
    parallax::tui::perform_inline(&mut app, effects);
    app
}

fn sample(data: &Path, arrival: Arrival) -> App {
    app_remembering(parallax::assets::embedded_corpus(), data, true, arrival)
}

fn session_files(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("sessions"))
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn a_new_app_on_the_same_corpus_is_where_the_last_one_quit() {
    for arrival in [Arrival::SessionFirst, Arrival::ArticlesFirst] {
        let data = tempfile::tempdir().unwrap();
        let mut app = sample(data.path(), arrival);
        assert_eq!(app.reader.article, Some(0), "nothing remembered yet");
        // The third article, read a few passages down; the Claims tab; a layer off; the lens.
        press(&mut app, "j j tab j j j ctrl-d > > > 5 c D");
        press(&mut app, "q");
        assert!(app.quit);
        let article = app.reader.article;
        let position = app.reader.position;
        assert_eq!(article, Some(2));
        assert_ne!(position.unwrap().cursor, 0, "the cursor moved");
        let (tab, lens) = (app.side.tab, app.lens);
        assert_eq!(tab, SideTab::Claims);
        assert!(lens.is_some());
        assert!(app.reader.show_boilerplate);
        assert_eq!(session_files(data.path()).len(), 1);
        drop(app);

        let again = sample(data.path(), arrival);
        assert_eq!(again.reader.article, article, "{arrival:?}");
        assert_eq!(again.reader.position, position, "{arrival:?}");
        assert_eq!(again.list.selected, 2);
        assert_eq!(again.focus, Pane::Reader);
        assert_eq!(again.side.tab, tab);
        assert_eq!(again.lens, lens);
        assert!(again.reader.show_boilerplate);
        assert_eq!(
            again.hidden_layers.iter().copied().collect::<Vec<_>>(),
            [SpanKind::Person]
        );
        let flash = again.flash.clone().unwrap_or_default();
        assert!(flash.starts_with("back where you left off: "), "{flash}");
        assert!(
            flash.contains(&again.articles[2].title),
            "the flash names the article: {flash}"
        );
        assert!(
            again.load.diagnostics.is_empty(),
            "{:?}",
            again.load.diagnostics
        );
    }
}

#[test]
fn other_articles_keep_their_positions_across_runs() {
    let data = tempfile::tempdir().unwrap();
    let mut app = sample(data.path(), Arrival::SessionFirst);
    press(&mut app, "j tab j j j");
    let second = app.reader.position;
    press(&mut app, "1 j j j tab j");
    let fifth = app.reader.position;
    assert_eq!(app.reader.article, Some(4));
    press(&mut app, "q");
    drop(app);

    let mut again = sample(data.path(), Arrival::ArticlesFirst);
    assert_eq!(again.reader.article, Some(4));
    assert_eq!(again.reader.position, fifth);
    press(&mut again, "1 k k k");
    assert_eq!(again.reader.article, Some(1));
    assert_eq!(
        again.reader.position, second,
        "the second article where it was left"
    );
}

#[test]
fn fresh_starts_at_the_top_and_is_remembered_from_there() {
    let data = tempfile::tempdir().unwrap();
    let mut app = sample(data.path(), Arrival::SessionFirst);
    press(&mut app, "j j j > q");
    drop(app);

    let mut fresh = app_remembering(
        parallax::assets::embedded_corpus(),
        data.path(),
        false,
        Arrival::SessionFirst,
    );
    assert_eq!(fresh.reader.article, Some(0));
    assert_eq!(fresh.side.tab, SideTab::Details);
    assert_eq!(fresh.focus, Pane::List);
    assert!(fresh.flash.is_none(), "{:?}", fresh.flash);
    press(&mut fresh, "j q");
    drop(fresh);

    let again = sample(data.path(), Arrival::SessionFirst);
    assert_eq!(
        again.reader.article,
        Some(1),
        "the fresh run was remembered"
    );
    assert_eq!(again.side.tab, SideTab::Details);
}

#[test]
fn a_broken_session_file_is_a_warning_and_the_app_starts_as_new() {
    let data = tempfile::tempdir().unwrap();
    let mut app = sample(data.path(), Arrival::SessionFirst);
    press(&mut app, "j j q");
    drop(app);
    let [file] = session_files(data.path()).try_into().unwrap();
    std::fs::write(
        &file,
        "{\"version\": 1, \"corpus\": [\"embedded\"], \"current\": {\"arti",
    )
    .unwrap();

    let mut app = sample(data.path(), Arrival::SessionFirst);
    assert_eq!(app.reader.article, Some(0), "started as new");
    let warnings: Vec<String> = app.load.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!(
            "warning: {}: not a readable session",
            file.display()
        )),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("not restored"), "{warnings:?}");
    // The broken file holds no work: the next save replaces it.
    press(&mut app, "j j j q");
    drop(app);
    let again = sample(data.path(), Arrival::SessionFirst);
    assert_eq!(again.reader.article, Some(3));
    assert!(again.load.diagnostics.is_empty());
}

#[test]
fn a_session_from_a_newer_parallax_is_ignored_with_a_warning() {
    let data = tempfile::tempdir().unwrap();
    let mut app = sample(data.path(), Arrival::SessionFirst);
    press(&mut app, "j q");
    drop(app);
    let [file] = session_files(data.path()).try_into().unwrap();
    std::fs::write(&file, "{\"version\": 99, \"everything\": \"different\"}").unwrap();
    let app = sample(data.path(), Arrival::ArticlesFirst);
    assert_eq!(app.reader.article, Some(0));
    let warning = app.load.diagnostics.first().map(|d| d.message.clone());
    assert!(
        warning
            .as_deref()
            .is_some_and(|w| w.contains("newer parallax (session format 99")),
        "{warning:?}"
    );
}

fn folder_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie")] {
        let body: Vec<String> = (1..=30)
            .map(|n| format!("{title} paragraph {n} says something about the story."))
            .collect();
        std::fs::write(
            dir.path().join(format!("{name}.txt")),
            format!("{title} headline\n\n{}\n", body.join("\n\n")),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_folder_is_found_again_under_another_spelling() {
    let corpus = folder_corpus();
    let data = tempfile::tempdir().unwrap();
    let plain = vec![Input::Path(corpus.path().to_path_buf())];
    let mut app = app_remembering(plain, data.path(), true, Arrival::SessionFirst);
    assert_eq!(app.articles.len(), 3);
    press(&mut app, "j tab ctrl-d");
    let position = app.reader.position;
    press(&mut app, "q");
    drop(app);

    let dotted = vec![Input::Path(corpus.path().join(".").join("sub").join(".."))];
    std::fs::create_dir(corpus.path().join("sub")).unwrap();
    let again = app_remembering(dotted, data.path(), true, Arrival::ArticlesFirst);
    assert_eq!(again.reader.article, Some(1));
    assert_eq!(again.articles[1].title, "Bravo headline");
    assert_eq!(again.reader.position, position);
    assert_eq!(session_files(data.path()).len(), 1, "one corpus, one file");
}

#[test]
fn an_article_that_is_gone_opens_the_first_and_says_so() {
    let corpus = folder_corpus();
    let data = tempfile::tempdir().unwrap();
    let inputs = || vec![Input::Path(corpus.path().to_path_buf())];
    let mut app = app_remembering(inputs(), data.path(), true, Arrival::SessionFirst);
    press(&mut app, "j q");
    drop(app);
    std::fs::remove_file(corpus.path().join("b.txt")).unwrap();

    for arrival in [Arrival::SessionFirst, Arrival::ArticlesFirst] {
        let app = app_remembering(inputs(), data.path(), true, arrival);
        assert_eq!(app.articles.len(), 2);
        assert_eq!(app.reader.article, Some(0));
        let flash = app.flash.clone().unwrap_or_default();
        assert!(
            flash.contains("not in the corpus any more: opened the first")
                && flash.contains("b.txt"),
            "{arrival:?}: {flash}"
        );
    }
}

#[test]
fn reloading_keeps_the_place() {
    let data = tempfile::tempdir().unwrap();
    let mut app = sample(data.path(), Arrival::SessionFirst);
    press(&mut app, "j j j tab j j");
    let position = app.reader.position;
    press(&mut app, "R");
    assert_eq!(app.reader.article, Some(3));
    assert_eq!(app.reader.position, position);
}
