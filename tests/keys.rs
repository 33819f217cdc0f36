//! Key sequences on the real App over the sample corpus: keys in, state out, one line a case.

mod common;

use common::{draw, press, resize, sample_app, screen};
use parallax::app::layout::Pane;
use parallax::app::{App, Msg, Overlay};

/// A compact description of what the user sees: focused pane, selected and open article, the
/// passage under the cursor (rank among the shown ones) and any overlay.
fn describe(app: &App) -> String {
    let focus = match app.focus {
        Pane::List => "list",
        Pane::Reader => "reader",
        Pane::Side => "side",
    };
    let open = app
        .current_article()
        .map(|a| a.id[..3].to_string())
        .unwrap_or_else(|| "-".into());
    let passage = app
        .cursor_rank()
        .map(|(rank, shown)| format!("¶{rank}/{shown}"))
        .unwrap_or_else(|| "-".into());
    let overlay = match app.overlay {
        Some(Overlay::Help { .. }) => " help",
        Some(Overlay::Messages { .. }) => " messages",
        Some(Overlay::Search) => " search",
        Some(Overlay::Editor) => " editor",
        Some(Overlay::Notes) => " notes",
        Some(Overlay::NotesProblem) => " notes-problem",
        None => "",
    };
    format!(
        "{focus} sel={} open={open} {passage}{overlay}",
        app.list.selected + 1
    )
}

#[track_caller]
fn check(keys: &str, expected: &str) {
    let mut app = sample_app(160, 45);
    press(&mut app, keys);
    let got = describe(&app);
    let expected_head: String = expected.to_string();
    // "¶?" in an expectation accepts any passage position.
    let matches = if let Some(prefix) = expected_head.strip_suffix("¶?") {
        got.starts_with(prefix)
    } else {
        got == expected_head
    };
    assert!(matches, "keys {keys:?}: expected {expected:?}, got {got:?}");
}

#[test]
fn moving_through_the_list_opens_each_article() {
    check("", "list sel=1 open=000 ¶1/7");
    check("j", "list sel=2 open=001 ¶?");
    check("j j", "list sel=3 open=002 ¶?");
    check("j j k", "list sel=2 open=001 ¶?");
    check("G", "list sel=5 open=004 ¶?");
    check("G j j", "list sel=5 open=004 ¶?");
    check("G g", "list sel=1 open=000 ¶1/7");
    check("k", "list sel=1 open=000 ¶1/7");
    check("down down up", "list sel=2 open=001 ¶?");
    check("end home", "list sel=1 open=000 ¶1/7");
}

#[test]
fn focus_cycles_through_the_panes() {
    check("tab", "reader sel=1 open=000 ¶1/7");
    check("tab tab", "side sel=1 open=000 ¶1/7");
    check("tab tab tab", "list sel=1 open=000 ¶1/7");
    check("shift-tab", "side sel=1 open=000 ¶1/7");
    check("2", "reader sel=1 open=000 ¶1/7");
    check("3 1", "list sel=1 open=000 ¶1/7");
    check("j enter", "reader sel=2 open=001 ¶?");
    check("j enter esc", "list sel=2 open=001 ¶?");
}

#[test]
fn the_reader_cursor_moves_by_passage() {
    check("tab j", "reader sel=1 open=000 ¶2/7");
    check("tab j j j", "reader sel=1 open=000 ¶4/7");
    check("tab j j j k", "reader sel=1 open=000 ¶3/7");
    check("tab G", "reader sel=1 open=000 ¶7/7");
    check("tab G g", "reader sel=1 open=000 ¶1/7");
    check("tab G j j", "reader sel=1 open=000 ¶7/7");
    check("tab k", "reader sel=1 open=000 ¶1/7");
}

#[test]
fn next_and_previous_article_work_from_the_reader() {
    check("tab J", "reader sel=2 open=001 ¶?");
    check("tab J J K", "reader sel=2 open=001 ¶?");
    check("tab K", "reader sel=1 open=000 ¶1/7");
}

#[test]
fn overlays_open_and_close() {
    check("?", "list sel=1 open=000 ¶1/7 help");
    check("? esc", "list sel=1 open=000 ¶1/7");
    check("? ?", "list sel=1 open=000 ¶1/7");
    check("? q", "list sel=1 open=000 ¶1/7");
    check("? j j", "list sel=1 open=000 ¶1/7 help");
    check("!", "list sel=1 open=000 ¶1/7 messages");
    check("! esc", "list sel=1 open=000 ¶1/7");
}

#[test]
fn q_quits_but_not_from_an_overlay() {
    let mut app = sample_app(160, 45);
    press(&mut app, "?");
    press(&mut app, "q");
    assert!(!app.quit);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn each_article_remembers_where_the_reader_was() {
    let mut app = sample_app(160, 45);
    press(&mut app, "tab j j j shift-tab j k");
    assert_eq!(describe(&app), "list sel=1 open=000 ¶4/7");
}

#[test]
fn boilerplate_toggles_and_the_cursor_stays_on_a_shown_passage() {
    let mut app = sample_app(160, 45);
    press(&mut app, "tab G");
    let (_, body) = app.cursor_rank().unwrap();
    press(&mut app, "D");
    let (rank, all) = app.cursor_rank().unwrap();
    assert!(
        all > body,
        "showing boilerplate shows more passages ({all} > {body})"
    );
    assert!(
        rank < all,
        "the cursor stays on the same passage, now among more"
    );
    press(&mut app, "G");
    let debris_role = app.cursor_passage().unwrap().1.role;
    assert!(debris_role.is_boilerplate(), "000 ends with debris");
    press(&mut app, "D");
    let (rank, shown) = app.cursor_rank().unwrap();
    assert_eq!(shown, body);
    assert_eq!(
        rank, body,
        "hidden passage under the cursor: it moves to the nearest shown one"
    );
}

#[test]
fn paging_keeps_the_cursor_on_screen() {
    let mut app = sample_app(100, 20);
    press(&mut app, "j tab");
    for _ in 0..6 {
        press(&mut app, "pagedown");
        let text = common::screen(&app);
        assert!(
            text.contains('▌'),
            "cursor marker visible after page down:\n{text}"
        );
    }
    press(&mut app, "pageup pageup ctrl-u ctrl-d");
    assert!(common::screen(&app).contains('▌'));
}

#[test]
fn the_scroll_position_survives_a_resize() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j tab j j j j j");
    let before = app.cursor_passage().unwrap().0;
    let first_line = |app: &App| {
        let text = common::screen(app);
        text.lines()
            .find(|l| l.contains('▌'))
            .map(|l| l.to_string())
            .unwrap_or_default()
    };
    assert!(!first_line(&app).is_empty());
    resize(&mut app, 90, 30);
    assert_eq!(app.cursor_passage().unwrap().0, before);
    assert!(
        common::screen(&app).contains('▌'),
        "cursor still on screen after shrinking"
    );
    resize(&mut app, 200, 60);
    assert_eq!(app.cursor_passage().unwrap().0, before);
    assert!(common::screen(&app).contains('▌'));
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select() {
    let mut app = sample_app(160, 45);
    let areas = app.areas().unwrap();
    let reader = areas.reader;
    let top_before = app.reader_top();
    app.update(Msg::Wheel {
        column: reader.x + 5,
        row: reader.y + 5,
        down: true,
    });
    assert_ne!(
        app.reader_top(),
        top_before,
        "wheel over the reader scrolls it"
    );
    assert_eq!(app.focus, Pane::List, "the wheel does not steal focus");
    let list = areas.list.unwrap();
    // Second article's title row: border, then two rows per article.
    let effects = app.update(Msg::Click {
        column: list.x + 3,
        row: list.y + 1 + 2,
    });
    parallax::tui::perform_inline(&mut app, effects);
    assert_eq!(
        describe(&app),
        "list sel=2 open=001 ¶1/".to_string() + &app.cursor_rank().unwrap().1.to_string()
    );
    app.update(Msg::Click {
        column: reader.x + 5,
        row: reader.y + 3,
    });
    assert_eq!(app.focus, Pane::Reader);
    let side = areas.side.unwrap();
    app.update(Msg::Click {
        column: side.x + 2,
        row: side.y + 2,
    });
    assert_eq!(app.focus, Pane::Side);
}

#[test]
fn clicking_a_passage_puts_the_cursor_on_it() {
    let mut app = sample_app(160, 45);
    press(&mut app, "tab");
    let reader = app.areas().unwrap().reader;
    let buffer = draw(&app);
    // Find the screen row of the third passage's first line: the rows after the second blank
    // line following the cursor passage.
    let rows: Vec<String> = (reader.y + 1..reader.y + reader.height - 1)
        .map(|y| {
            (reader.x + 1..reader.x + reader.width - 1)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let target = rows
        .iter()
        .position(|r| r.contains("According to information available to Caliber.Az"))
        .expect("paragraph on screen");
    app.update(Msg::Click {
        column: reader.x + 4,
        row: reader.y + 1 + target as u16,
    });
    let text = app
        .current_article()
        .unwrap()
        .passage_text(app.cursor_passage().unwrap().0)
        .unwrap_or_default()
        .to_string();
    assert!(
        text.starts_with("According to information available to Caliber.Az"),
        "{text}"
    );
}

#[test]
fn narrow_terminals_show_the_reader_with_the_last_focused_companion() {
    let mut app = sample_app(80, 24);
    let text = common::screen(&app);
    assert!(text.contains("Articles 5"), "{text}");
    assert!(!text.contains("Details"));
    press(&mut app, "tab tab");
    let text = common::screen(&app);
    assert!(text.contains("Details"), "{text}");
    assert!(!text.contains("Articles 5"));
    press(&mut app, "shift-tab");
    assert!(
        common::screen(&app).contains("Details"),
        "reader focus keeps the companion"
    );
}

#[test]
fn below_the_minimum_size_a_message_says_so() {
    let mut app = sample_app(160, 45);
    resize(&mut app, 50, 12);
    let text = common::screen(&app);
    assert!(text.contains("at least 60×15"), "{text}");
    assert!(text.contains("50×12"), "{text}");
    press(&mut app, "j j");
    resize(&mut app, 160, 45);
    assert!(common::screen(&app).contains("Articles 5"));
}

#[test]
fn the_terms_tab_shows_which_variant_each_source_uses() {
    let mut app = sample_app(160, 45);
    press(&mut app, "> >");
    assert_eq!(app.side.tab, parallax::app::side::SideTab::Terms);
    let text = common::screen(&app);
    assert!(text.contains("Who names what how"), "{text}");
    let side = common::side_lines(&app, 80).join("\n");
    assert!(side.contains("Main city of Nagorno-Karabakh"), "{side}");
    assert!(
        side.contains("003_47cd471fb8d6deea: Khankendi ×2, Stepanakert ×1"),
        "{side}"
    );
    assert!(
        side.contains("france24.com: —"),
        "a source that does not use the concept: {side}"
    );
    press(&mut app, "< <");
    assert_eq!(app.side.tab, parallax::app::side::SideTab::Details);
    // In a two-pane layout the tab key brings the side panel forward.
    let mut narrow = sample_app(80, 24);
    press(&mut narrow, "> >");
    assert!(common::screen(&narrow).contains("Who names what how"));
}

#[test]
fn ctrl_o_goes_back_along_the_jump_list() {
    let mut app = sample_app(160, 45);
    press(&mut app, "j j j tab j j");
    let start = (app.reader.article, app.cursor_passage().unwrap().0);
    // Jump from a highlight's keyword-in-context line to another source.
    for _ in 0..80 {
        press(&mut app, "]");
        if &app.current_article().unwrap().text()[app.highlighted().unwrap().range.clone()]
            == "Khankendi"
        {
            break;
        }
    }
    let before_jump = (app.reader.article, app.cursor_passage().unwrap().0);
    press(&mut app, "tab enter");
    assert_ne!(app.reader.article, start.0, "jumped to another article");
    press(&mut app, "ctrl-o");
    assert_eq!(
        (app.reader.article, app.cursor_passage().unwrap().0),
        before_jump
    );
    press(&mut app, "ctrl-o");
    assert_eq!(app.flash.as_deref(), Some("the jump list is empty"));
}

#[test]
fn the_claims_events_and_words_tabs_show_the_corpus_analyses() {
    let mut app = sample_app(160, 45);
    let text_of = |app: &App| common::side_lines(app, 80).join("\n");
    press(&mut app, "> > >");
    assert_eq!(app.side.tab, parallax::app::side::SideTab::Claims);
    let claims = text_of(&app);
    assert!(claims.contains("Claims: who counts what"), "{claims}");
    assert!(
        claims.contains("peacekeepers") && claims.contains("around 2,000"),
        "{claims}"
    );
    assert!(claims.contains("sources disagree"), "{claims}");
    press(&mut app, ">");
    let events = text_of(&app);
    assert!(
        events.contains("Events across sources") && events.contains("covered by:"),
        "{events}"
    );
    assert!(events.contains("Omitted here"), "{events}");
    press(&mut app, ">");
    let words = text_of(&app);
    assert!(words.contains("Distinctive words"), "{words}");
    // The open article's source first: 000 is Caliber.Az, whose top words include "rally".
    let first_group = words
        .lines()
        .find(|l| l.contains("article(s)"))
        .unwrap_or("");
    assert!(first_group.starts_with("Caliber.Az"), "{words}");
    assert!(words.contains("rally"), "{words}");
    assert!(common::screen(&app).contains("Words"));
}

#[test]
fn enter_in_the_claims_events_and_words_tabs_opens_what_is_selected() {
    let mut app = sample_app(160, 45);
    press(&mut app, "> > > 3");
    let first = app.claim_list()[0].clone();
    press(&mut app, "j k enter");
    assert_eq!(app.reader.article, Some(first.article()));
    assert_eq!(app.cursor_passage().unwrap().0, first.passage());
    press(&mut app, "ctrl-o > 3 enter");
    assert_eq!(app.side.tab, parallax::app::side::SideTab::Events);
    let event = app.ledger.as_ref().unwrap().events.events[0].clone();
    assert!(
        event
            .passages
            .contains(&(app.reader.article.unwrap(), app.cursor_passage().unwrap().0))
    );
    press(&mut app, "1 g > 3");
    assert_eq!(app.side.tab, parallax::app::side::SideTab::Words);
    let word = app.outlet_words()[0].word.clone();
    press(&mut app, "enter");
    assert_eq!(app.overlay, Some(Overlay::Search));
    assert_eq!(app.search.input.text, word);
    assert!(
        !app.search.hits.is_empty(),
        "the word is searched across sources"
    );
}

#[test]
fn the_words_tab_says_why_a_corpus_without_sources_has_no_distinctive_words() {
    let mut app = sample_app(160, 45);
    let generation = app.load.generation;
    app.update(parallax::app::Msg::WordsIndexed {
        generation,
        words: std::sync::Arc::new(Vec::new()),
        skipped: Some("distinctive words need sources: 1001 outlets here".to_string()),
    });
    for _ in 0..parallax::app::side::SideTab::ALL.len() {
        if app.side.tab == parallax::app::side::SideTab::Words {
            break;
        }
        press(&mut app, ">");
    }
    assert_eq!(app.side.tab, parallax::app::side::SideTab::Words);
    let shown = screen(&app);
    assert!(
        shown.contains("distinctive words need sources: 1001"),
        "{shown}"
    );
}

#[test]
fn the_claims_tab_lays_out_only_the_lines_shown_and_they_are_those_of_the_whole() {
    use parallax::app::side::{Window, content, content_in};
    let mut app = sample_app(160, 45);
    press(&mut app, "> > > 3");
    for moves in ["", "j j", "j j j j j"] {
        press(&mut app, moves);
        for width in [24, 60] {
            let whole = content(&app, width);
            assert_eq!(whole.total, whole.lines.len());
            for rows in [0, 1, 7, 30] {
                for scroll in 0..whole.total + 3 {
                    let part = content_in(&app, width, Window { scroll, rows });
                    let from = scroll.min(whole.total.saturating_sub(rows));
                    let to = (from + rows).min(whole.total);
                    assert_eq!(part.total, whole.total);
                    assert_eq!(part.kwic_lines, whole.kwic_lines);
                    assert_eq!(part.first, from, "{moves} {width} {rows} {scroll}");
                    assert_eq!(part.lines, whole.lines[from..to], "{moves} {width} {rows}");
                }
            }
        }
    }
}

#[test]
fn the_selected_claim_shows_its_whole_sentence_and_the_others_one_line_around_the_figure() {
    let mut app = sample_app(160, 45);
    press(&mut app, "> > > 3");
    let text = |app: &App| common::side_lines(app, 50);
    let sentence = |app: &App, k: usize| app.claim_list()[k].sentence_in(&app.articles);
    let lines = text(&app);
    let entry = |app: &App, lines: &[String], k: usize| {
        let at = parallax::app::side::content(app, 50).kwic_lines[k];
        lines[at..].to_vec()
    };
    let first = entry(&app, &lines, 0);
    assert!(first[0].starts_with("▶ "), "{first:?}");
    let shown: String = first[1..]
        .iter()
        .take_while(|l| l.starts_with("    "))
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(shown, format!("“{}”", sentence(&app, 0)));
    // The second: one line, the figure in it, cut where the sentence is longer.
    let second = entry(&app, &lines, 1);
    assert!(second[0].starts_with("  "), "{second:?}");
    for claim in app.claim_list() {
        if let Some(hedge) = &claim.hedge {
            let twice = format!("{hedge} {hedge}");
            assert!(
                !lines.iter().any(|l| l.contains(&twice)),
                "{twice}: {lines:?}"
            );
        }
    }
    let figure = app.claim_list()[1].text_in(&app.articles);
    assert!(second[1].contains(&figure), "{second:?} {figure}");
    assert!(parallax::wrap::width(&second[1]) <= 50);
    assert!(!second[2].starts_with("    "), "one line: {second:?}");
    if sentence(&app, 1).chars().count() > 44 {
        assert!(second[1].contains('…'), "{second:?}");
    }
    // Moving down: the second claim is the one told whole.
    press(&mut app, "j");
    let lines = text(&app);
    assert!(entry(&app, &lines, 1)[0].starts_with("▶ "));
    let first = entry(&app, &lines, 0);
    assert!(
        !first[2].starts_with("    "),
        "the first is one line again: {first:?}"
    );
}

#[test]
fn the_terms_tab_sums_up_a_concept_when_every_article_is_its_own_source() {
    // Thirty files with no metadata: thirty sources. Twenty say Stepanakert, some of them
    // twice; ten say Khankendi.
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..30 {
        let (name, times) = if i < 20 {
            ("Stepanakert", 1 + usize::from(i < 3))
        } else {
            ("Khankendi", 1)
        };
        let body = format!(
            "Report {i}\n\n{}\n",
            format!("Crowds gathered in {name} today. ").repeat(times)
        );
        std::fs::write(dir.path().join(format!("{i:02}.txt")), body).expect("write");
    }
    std::fs::write(
        dir.path().join("30.txt"),
        "Weather\n\nRain over the hills.\n",
    )
    .expect("write");
    let mut app = common::app_on(
        vec![parallax::corpus::Input::Path(dir.path().to_path_buf())],
        "thirty-one files",
        160,
        45,
    );
    press(&mut app, "> >");
    let lines = common::side_lines(&app, 70);
    let city = lines
        .iter()
        .position(|l| l.starts_with("Main city of Nagorno-Karabakh ×33"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert_eq!(
        lines[city + 1],
        "  all 30 source(s) using it: Stepanakert ×23, Khankendi ×10"
    );
    // The twelve that use it most, most first, then how many more and how many do not.
    let listed = &lines[city + 2..city + 14];
    assert!(
        listed[..3].iter().all(|l| l.ends_with("Stepanakert ×2")),
        "{listed:#?}"
    );
    assert!(listed[3..].iter().all(|l| l.ends_with("×1")), "{listed:#?}");
    assert_eq!(lines[city + 14], "  … 18 more source(s) name it; 1 do not");
    assert!(
        lines.len() < 40,
        "bounded, not a line per source: {}",
        lines.len()
    );
}
