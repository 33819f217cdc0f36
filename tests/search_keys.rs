//! The search overlay driven by keys: typing, results, opening a result, n/N, Esc back.

mod common;

use common::{buffer_text, draw, press, sample_app, type_text};
use parallax::app::Overlay;
use parallax::app::layout::Pane;

fn open_id(app: &parallax::app::App) -> String {
    app.current_article()
        .map(|a| a.id[..3].to_string())
        .unwrap_or_default()
}

#[test]
fn typing_a_misspelled_name_finds_it_and_enter_opens_it() {
    let mut app = sample_app(160, 45);
    press(&mut app, "/");
    assert_eq!(app.overlay, Some(Overlay::Search));
    type_text(&mut app, "Stepankert");
    assert!(!app.search.hits.is_empty(), "results for a misspelling");
    let top = app.search.hits[0].clone();
    assert_eq!(app.articles[top.article].id[..3].to_string(), "003");
    let text = buffer_text(&draw(&app));
    assert!(
        text.contains(" Search ") && text.contains(" Preview "),
        "{text}"
    );
    assert!(
        text.contains("Stepanakert"),
        "preview shows the passage:\n{text}"
    );
    press(&mut app, "enter");
    assert_eq!(app.overlay, None);
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(open_id(&app), "003");
    assert_eq!(app.cursor_passage().unwrap().0, top.passage);
    assert!(app.last_query.is_some());
}

#[test]
fn escape_goes_back_to_where_the_reader_was() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j tab j j");
    let before = (open_id(&app), app.cursor_passage().unwrap().0, app.focus);
    press(&mut app, "/");
    type_text(&mut app, "Kelbajr");
    press(&mut app, "down down esc");
    assert_eq!(app.overlay, None);
    assert_eq!(
        (open_id(&app), app.cursor_passage().unwrap().0, app.focus),
        before
    );
}

#[test]
fn n_and_capital_n_walk_the_matches_in_the_article() {
    let mut app = sample_app(160, 45);
    press(&mut app, "/");
    type_text(&mut app, "Kalbajar");
    // Open the first result from 004, which names Kalbajar in many passages.
    let first_004 = app
        .search
        .hits
        .iter()
        .position(|h| app.articles[h.article].id.starts_with("004"))
        .unwrap();
    for _ in 0..first_004 {
        press(&mut app, "down");
    }
    press(&mut app, "enter");
    assert_eq!(open_id(&app), "004");
    let start = app.cursor_passage().unwrap().0;
    press(&mut app, "n");
    let next = app.cursor_passage().unwrap().0;
    assert_ne!(next, start);
    assert!(
        app.current_article()
            .unwrap()
            .passage_text(next)
            .unwrap_or_default()
            .contains("Kalbajar")
    );
    press(&mut app, "N");
    assert_eq!(app.cursor_passage().unwrap().0, start);
}

#[test]
fn scope_grouping_aliases_and_history() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j j /");
    type_text(&mut app, "Khankendi");
    let everywhere = app.search.hits.len();
    let outlets: std::collections::BTreeSet<String> = app
        .search
        .hits
        .iter()
        .map(|h| app.articles[h.article].outlet().to_string())
        .collect();
    assert!(outlets.len() >= 3, "several sources: {outlets:?}");
    press(&mut app, "tab");
    assert!(
        app.search
            .hits
            .iter()
            .all(|h| app.articles[h.article].id.starts_with("003"))
    );
    assert!(app.search.hits.len() < everywhere);
    press(&mut app, "tab ctrl-g");
    let text = buffer_text(&draw(&app));
    assert!(text.contains("by source") && text.contains("── "), "{text}");
    assert!(
        text.contains("No match in: france24.com"),
        "sources without a match are named:\n{text}"
    );
    press(&mut app, "ctrl-t");
    assert!(!app.search.aliases);
    let as_typed = app.search.hits.len();
    assert!(as_typed <= everywhere);
    press(&mut app, "enter / ctrl-u");
    type_text(&mut app, "peacekeepers");
    press(&mut app, "ctrl-p");
    assert_eq!(
        app.search.input.text, "Khankendi",
        "history brings back the last query"
    );
}

#[test]
fn a_query_that_matches_nothing_says_so() {
    let mut app = sample_app(120, 36);
    press(&mut app, "/");
    type_text(&mut app, "zzqxj");
    assert!(app.search.hits.is_empty());
    assert!(buffer_text(&draw(&app)).contains("Nothing matches."));
}
