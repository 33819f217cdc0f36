//! The status line: focused pane, position, loading progress, messages and key hints.

use super::theme::Theme;
use crate::app::action::Action;
use crate::app::layout::Pane;
use crate::app::{App, LoadPhase};
use crate::wrap::width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const BAR: usize = 10;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let badge = match app.focus {
        Pane::List => " LIST ",
        Pane::Reader => " READER ",
        Pane::Side => " DETAILS ",
    };
    let mut left = vec![Span::styled(badge, theme.status_badge), Span::raw(" ")];
    if !app.articles.is_empty() {
        // The selected article's place in the list as it shows (filtered, sorted), or "–"
        // when the filter hides it.
        let shown = app.list.order().len();
        let rank = app
            .list
            .rank(app.list.selected)
            .map_or_else(|| "–".to_string(), |r| (r + 1).to_string());
        left.push(Span::styled(format!("{rank}/{shown} "), theme.text));
    }
    if let Some((rank, shown)) = app.cursor_rank() {
        left.push(Span::styled(format!("¶ {rank}/{shown} "), theme.text));
    }
    match app.load.phase {
        LoadPhase::Scanning { found } => {
            left.push(Span::styled(
                format!("scanning… {found} files "),
                theme.warning,
            ));
        }
        LoadPhase::Loading {
            bytes_done,
            bytes,
            files_done,
            files,
        } if files_done < files => {
            let filled = (bytes_done.min(bytes) * BAR as u64)
                .checked_div(bytes)
                .unwrap_or(0) as usize;
            // One big file (JSON Lines, a feed) says how much of it is read; a folder, how
            // many of its files.
            let count = if files == 1 {
                format!(
                    "{}%",
                    (bytes_done.min(bytes) * 100)
                        .checked_div(bytes)
                        .unwrap_or(0)
                )
            } else {
                format!("{files_done}/{files} files")
            };
            left.push(Span::styled(
                format!(
                    "loading {}{} {count} ",
                    "█".repeat(filled),
                    "░".repeat(BAR - filled)
                ),
                theme.warning,
            ));
        }
        _ => {}
    }
    let problems = app.load.diagnostics.len();
    if problems > 0 {
        left.push(Span::styled(
            format!(
                "⚠ {problems} message(s) ({}) ",
                app.config.keymap.hint(Action::ShowMessages)
            ),
            theme.warning,
        ));
    }
    if app.selection.is_some() {
        left.push(Span::styled("selecting ", theme.key));
    }
    if app.notes.read_only.is_some() {
        left.push(Span::styled("notes read-only ", theme.warning));
    } else if app.notes.error.is_some() {
        left.push(Span::styled("notes not saved! ", theme.error));
    }
    if let Some(flash) = &app.flash {
        left.push(Span::styled(flash.clone(), theme.text));
    }
    let keys = &app.config.keymap;
    let hints = format!(
        "{} help  {} panes  {} quit ",
        keys.hint(Action::Help),
        keys.hint(Action::FocusNext),
        keys.hint(Action::Quit)
    );
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let total = area.width as usize;
    if used + width(&hints) < total {
        left.push(Span::raw(" ".repeat(total - used - width(&hints))));
        left.push(Span::styled(hints, theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.status), area);
}
