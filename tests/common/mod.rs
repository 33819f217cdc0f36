//! Test harness shared by the integration tests: the real App on the sample corpus, key
//! sequences as the keymap reads them, and frames drawn on ratatui's TestBackend.
#![allow(dead_code)]

use parallax::app::key::parse_sequence;
use parallax::app::{App, Msg};
use parallax::config::Config;
use parallax::corpus::Input;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The app on the embedded sample corpus, fully loaded, at a terminal size.
pub fn sample_app(width: u16, height: u16) -> App {
    app_on(
        parallax::assets::embedded_corpus(),
        "the embedded sample corpus",
        width,
        height,
    )
}

pub fn app_on(inputs: Vec<Input>, label: &str, width: u16, height: u16) -> App {
    let (mut app, effects) = App::new(
        Config::default_config(),
        parallax::lexicon::Matcher::builtin().expect("built-in lexicon"),
        inputs,
        label.to_string(),
        width,
        height,
    );
    parallax::tui::perform_inline(&mut app, effects);
    app
}

/// Presses a space-separated key sequence ("j j enter ctrl-d"), running effects inline.
pub fn press(app: &mut App, keys: &str) {
    for key in parse_sequence(keys).expect("valid key sequence") {
        let effects = app.press(key);
        parallax::tui::perform_inline(app, effects);
    }
}

pub fn resize(app: &mut App, width: u16, height: u16) {
    let effects = app.update(Msg::Resize { width, height });
    parallax::tui::perform_inline(app, effects);
}

pub fn draw(app: &App) -> Buffer {
    let backend = TestBackend::new(app.width, app.height);
    let mut terminal = Terminal::new(backend).expect("test terminal");
    terminal
        .draw(|frame| parallax::ui::render(app, frame))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The side panel's lines as text, at a width, without their colours.
pub fn side_lines(app: &App, width: usize) -> Vec<String> {
    parallax::app::side::content(app, width)
        .lines
        .iter()
        .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
        .collect()
}

/// The frame as text, one line per row, trailing spaces kept.
pub fn screen(app: &App) -> String {
    buffer_text(&draw(app))
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// The screen rows of a rectangle, as text.
pub fn region(buffer: &Buffer, rect: ratatui::layout::Rect) -> String {
    let mut out = String::new();
    for y in rect.y..rect.y + rect.height {
        for x in rect.x..rect.x + rect.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The sample app with its notes store in `dir`, opened.
pub fn notes_app(dir: &std::path::Path, width: u16, height: u16) -> App {
    let mut app = sample_app(width, height);
    let effects = app.open_notes(dir.to_path_buf());
    parallax::tui::perform_inline(&mut app, effects);
    app
}

/// Types text into whatever has the keyboard (an overlay's input), char by char.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = parallax::app::key::Key::plain(parallax::app::key::Code::Char(c));
        let effects = app.press(key);
        parallax::tui::perform_inline(app, effects);
    }
}

/// `text` with each edit applied: at a char position (modulo the length), insert one of
/// `pieces` (chosen modulo their count), or delete a char where the piece is empty. For
/// mutation fuzzing of the format parsers.
pub fn mutate(text: &str, edits: &[(usize, u8)], pieces: &[&str]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, piece) in edits {
        if chars.is_empty() || pieces.is_empty() {
            break;
        }
        let at = at % chars.len();
        let piece = pieces[usize::from(piece) % pieces.len()];
        if piece.is_empty() {
            chars.remove(at);
        } else {
            chars.splice(at..at, piece.chars());
        }
    }
    chars.into_iter().collect()
}
