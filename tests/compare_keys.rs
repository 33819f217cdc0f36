//! The Compare tab driven by keys: the passage under the cursor against the other sources,
//! a jump to an aligned passage and back.

mod common;

use common::{press, sample_app};
use parallax::app::layout::Pane;
use parallax::app::side::{SideTab, content};

fn side_text(app: &parallax::app::App) -> String {
    content(app, 80)
        .lines
        .iter()
        .map(|l| l.iter().map(|(_, t)| t.as_str()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_compare_tab_shows_the_other_sources_and_enter_jumps_there() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j tab");
    // 002's passage on the 2020 war (6,000 killed).
    for _ in 0..20 {
        if app
            .current_article()
            .unwrap()
            .passage_text(app.cursor_passage().unwrap().0)
            .unwrap_or_default()
            .contains("More than 6,000")
        {
            break;
        }
        press(&mut app, "j");
    }
    let here = app.cursor_passage().unwrap().0;
    press(&mut app, ">");
    assert_eq!(app.side.tab, SideTab::Compare);
    let text = side_text(&app);
    assert!(text.contains("How the other sources tell"), "{text}");
    assert!(
        text.contains("almost 7,000"),
        "003's passage with its figure:\n{text}"
    );
    assert!(
        text.contains("≠ number"),
        "the number difference is marked:\n{text}"
    );
    assert!(
        text.contains("No comparable passage in: Caliber.Az"),
        "sources without a comparable passage are named:\n{text}"
    );
    // Pick 003's match and open it.
    press(&mut app, "tab");
    assert_eq!(app.focus, Pane::Side);
    let matches = app.comparison.as_ref().unwrap().matches.clone();
    let target = matches
        .iter()
        .position(|m| app.articles[m.article].id.starts_with("003"))
        .unwrap();
    for _ in 0..target {
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    assert!(app.current_article().unwrap().id.starts_with("003"));
    assert!(
        app.current_article()
            .unwrap()
            .passage_text(app.cursor_passage().unwrap().0)
            .unwrap_or_default()
            .contains("almost 7,000")
    );
    // The panel follows the cursor: now 003's passage is compared, and 002 is among its matches.
    let now = app.comparison.as_ref().unwrap();
    assert!(
        now.matches
            .iter()
            .any(|m| app.articles[m.article].id.starts_with("002"))
    );
    press(&mut app, "ctrl-o");
    assert!(app.current_article().unwrap().id.starts_with("002"));
    assert_eq!(app.cursor_passage().unwrap().0, here);
}
