//! Snapshots of the real app drawn on TestBackend, and the styles that carry meaning.

mod common;

use common::{buffer_text, draw, press, region, resize, sample_app};
use parallax::app::App;
use parallax::config::Config;
use ratatui::style::{Color, Modifier};

#[test]
fn main_screen() {
    let mut app = sample_app(120, 36);
    press(&mut app, "j j j tab j");
    insta::assert_snapshot!("main_screen", buffer_text(&draw(&app)));
}

#[test]
fn help_screen() {
    let mut app = sample_app(120, 40);
    press(&mut app, "?");
    insta::assert_snapshot!("help_screen", buffer_text(&draw(&app)));
}

#[test]
fn narrow_screen_with_details() {
    let mut app = sample_app(80, 24);
    press(&mut app, "G tab tab");
    insta::assert_snapshot!("narrow_details", buffer_text(&draw(&app)));
}

#[test]
fn boilerplate_shown_with_reasons() {
    let mut app = sample_app(120, 36);
    press(&mut app, "tab D G");
    insta::assert_snapshot!("boilerplate_shown", buffer_text(&draw(&app)));
}

#[test]
fn messages_overlay() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Title\n\nBody text here.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let mut app = common::app_on(
        vec![parallax::corpus::Input::Path(dir.path().to_path_buf())],
        "test folder",
        100,
        20,
    );
    press(&mut app, "!");
    let text = buffer_text(&draw(&app));
    assert!(text.contains("b.txt: looks like PNG image"), "{text}");
    assert!(text.contains("Loader messages"));
}

#[test]
fn too_small() {
    let mut app = sample_app(120, 36);
    resize(&mut app, 40, 10);
    insta::assert_snapshot!("too_small", buffer_text(&draw(&app)));
}

#[test]
fn help_lists_every_action_with_its_keys_from_the_keymap() {
    let mut app = sample_app(120, 120);
    press(&mut app, "?");
    let text = buffer_text(&draw(&app));
    for action in parallax::app::action::Action::ALL {
        let description: String = action.description().chars().take(40).collect();
        assert!(
            text.contains(&description),
            "help lacks {action:?}:\n{text}"
        );
    }
    // A user binding shows up in the help.
    let mut config = Config::default_config();
    config
        .merge("user.toml", "[keys]\nquit = [\"ctrl-q\", \"Q\"]\n")
        .unwrap();
    let (mut app, effects) = App::new(
        config,
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        parallax::assets::embedded_corpus(),
        "sample".into(),
        120,
        120,
    );
    parallax::tui::perform_inline(&mut app, effects);
    press(&mut app, "?");
    let text = buffer_text(&draw(&app));
    assert!(text.contains("ctrl-q, Q"), "{text}");
}

#[test]
fn the_cursor_passage_is_marked_in_the_accent_colour_and_the_focused_border_too() {
    let mut app = sample_app(120, 36);
    press(&mut app, "tab");
    let buffer = draw(&app);
    let reader = app.areas().unwrap().reader;
    let marker = (reader.y..reader.y + reader.height)
        .map(|y| &buffer[(reader.x + 1, y)])
        .find(|c| c.symbol() == "▌")
        .expect("cursor marker in the reader gutter");
    assert_eq!(marker.fg, Color::Cyan);
    let corner = &buffer[(reader.x, reader.y)];
    assert_eq!(corner.symbol(), "┏", "focused pane has a thick border");
    assert_eq!(corner.fg, Color::Cyan);
    let list = app.areas().unwrap().list.unwrap();
    assert_eq!(
        buffer[(list.x, list.y)].symbol(),
        "╭",
        "unfocused pane has a thin border"
    );
}

#[test]
fn no_color_draws_without_colours_but_keeps_the_selection_visible() {
    let mut config = Config::default_config();
    config.no_color = true;
    let (mut app, effects) = App::new(
        config,
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        parallax::assets::embedded_corpus(),
        "sample".into(),
        120,
        36,
    );
    parallax::tui::perform_inline(&mut app, effects);
    let buffer = draw(&app);
    for y in 0..36 {
        for x in 0..120 {
            let cell = &buffer[(x, y)];
            assert_eq!(cell.fg, Color::Reset, "colour at {x},{y}");
            assert_eq!(cell.bg, Color::Reset, "background at {x},{y}");
        }
    }
    let list = app.areas().unwrap().list.unwrap();
    let selected = &buffer[(list.x + 4, list.y + 1)];
    assert!(
        selected.modifier.contains(Modifier::REVERSED),
        "selection in reverse video"
    );
    assert!(region(&buffer, list).contains("▶ "), "selection marker");
}

#[test]
fn wide_and_combining_characters_render_in_narrow_panes_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let wide = "東京都の首都圏では、カラバフ紛争についての報道が続いている。".repeat(20);
    let combining = "Ш\u{0301}у\u{0301}ша Xankəndi İı ".repeat(40);
    std::fs::write(
        dir.path().join("wide.txt"),
        format!("東京の見出し\n\n{wide}\n\n{combining}\n😀👍🏽 emoji line\n"),
    )
    .unwrap();
    let mut app = common::app_on(
        vec![parallax::corpus::Input::Path(dir.path().to_path_buf())],
        "wide",
        60,
        15,
    );
    for (w, h) in [
        (60, 15),
        (61, 16),
        (73, 20),
        (119, 30),
        (120, 30),
        (121, 17),
        (250, 70),
    ] {
        resize(&mut app, w, h);
        press(&mut app, "tab j j pagedown G g");
        let text = buffer_text(&draw(&app));
        assert!(
            text.contains("東京") || text.contains("Xankəndi"),
            "{w}x{h}:\n{text}"
        );
    }
}
