//! Overlays: the help screen generated from the keymap, and the loader's messages.

use super::theme::Theme;
use crate::app::action::{Action, Group};
use crate::app::{App, Overlay};
use crate::wrap::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

/// Columns of the keys column.
const KEY_WIDTH: usize = 20;

const GROUPS: [Group; 6] = [
    Group::Move,
    Group::Panes,
    Group::List,
    Group::Reading,
    Group::Highlights,
    Group::App,
];

pub fn render(app: &App, overlay: Overlay, frame: &mut Frame, screen: Rect, theme: &Theme) {
    let width = (screen.width * 4 / 5).clamp(40.min(screen.width), 100);
    let height = screen.height.saturating_sub(2).max(3);
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - height) / 2,
        width,
        height,
    );
    let inner_width = width.saturating_sub(4) as usize;
    let (title, lines, scroll) = match overlay {
        Overlay::Help { scroll } => (" Help ", help_lines(app, inner_width, theme), scroll),
        Overlay::Messages { scroll } => (
            " Loader messages ",
            message_lines(app, inner_width, theme),
            scroll,
        ),
        Overlay::Search | Overlay::Editor | Overlay::Notes | Overlay::NotesProblem => return,
    };
    let rows = height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let close = format!(" {} closes ", app.config.keymap.hint(Action::Cancel));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Line::from(title))
        .title_bottom(Line::from(close));
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let padded = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(scroll)
                .take(rows)
                .collect::<Vec<_>>(),
        ),
        padded,
    );
}

fn help_lines(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::styled("parallax: one story, many sources", theme.title),
        Line::styled(
            truncate(
                &format!(
                    "Reading {} ({} articles).",
                    app.corpus_label,
                    app.articles.len()
                ),
                width,
            )
            .into_owned(),
            theme.dim,
        ),
        Line::default(),
    ];
    let key_width = KEY_WIDTH;
    for group in GROUPS {
        out.push(Line::styled(group.title(), theme.heading));
        for action in Action::ALL.iter().filter(|a| a.group() == group) {
            let keys: Vec<String> = app
                .config
                .keymap
                .keys(*action)
                .iter()
                .map(|k| k.to_string())
                .collect();
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys.join(", ")
            };
            let description =
                truncate(action.description(), width.saturating_sub(key_width + 1)).into_owned();
            out.push(Line::from(vec![
                Span::styled(
                    format!("{:<key_width$} ", truncate(&keys, key_width)),
                    theme.key,
                ),
                Span::styled(description, theme.text),
            ]));
        }
        out.push(Line::default());
        if group == Group::List {
            fixed_keys(
                &mut out,
                "In the list filter (typing narrows the list)",
                crate::app::list::FILTER_KEYS,
                width,
                theme,
            );
        }
        if group == Group::Reading {
            // Overlays that take typing have fixed keys of their own.
            for (title, keys) in [
                (
                    "In the search overlay (typing edits the query)",
                    crate::app::search::SEARCH_KEYS,
                ),
                ("In the note editor", crate::app::notes::EDITOR_KEYS),
                (
                    "In the notes view (typing filters)",
                    crate::app::notes::NOTES_VIEW_KEYS,
                ),
            ] {
                fixed_keys(&mut out, title, keys, width, theme);
            }
        }
    }
    let mouse = "Mouse: the wheel scrolls the pane under the pointer; a click focuses a pane and selects an article or passage.";
    let config = match (&app.config.user_file, &app.config.user_file_location) {
        (Some(p), _) => format!(
            "Keys and colours: {} (merged over the defaults).",
            p.display()
        ),
        (None, Some(p)) => format!(
            "Keys and colours: defaults; override them in {}.",
            p.display()
        ),
        (None, None) => "Keys and colours: defaults.".to_string(),
    };
    for text in [mouse, &crate::corpus::clean::sanitize_inline(&config)] {
        for l in wrap(text, width) {
            out.push(Line::styled(l.into_owned(), theme.dim));
        }
    }
    out
}

/// A titled table of keys that are not in the keymap (typing in an overlay or input line).
fn fixed_keys(
    out: &mut Vec<Line<'static>>,
    title: &'static str,
    keys: &[(&'static str, &'static str)],
    width: usize,
    theme: &Theme,
) {
    let key_width = KEY_WIDTH;
    out.push(Line::styled(title, theme.heading));
    for (k, description) in keys {
        out.push(Line::from(vec![
            Span::styled(
                format!("{:<key_width$} ", truncate(k, key_width)),
                theme.key,
            ),
            Span::styled(
                truncate(description, width.saturating_sub(key_width + 1)).into_owned(),
                theme.text,
            ),
        ]));
    }
    out.push(Line::default());
}

fn message_lines(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    if app.load.diagnostics.is_empty() {
        return vec![Line::styled(
            "Loading reported nothing: every file was read cleanly.",
            theme.dim,
        )];
    }
    let mut out = Vec::new();
    for d in &app.load.diagnostics {
        let style = match d.severity {
            crate::corpus::Severity::Error => theme.error,
            crate::corpus::Severity::Warning => theme.warning,
        };
        for (i, l) in wrap(&d.to_string(), width).into_iter().enumerate() {
            out.push(Line::styled(
                l.into_owned(),
                if i == 0 { style } else { theme.text },
            ));
        }
    }
    out
}
