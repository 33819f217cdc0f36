//! Every style the interface uses, built from the configured colours. Under NO_COLOR the styles
//! keep their weight, italics and reverse video and drop their colours.

use crate::config::Colors;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub title: Style,
    pub heading: Style,
    pub label: Style,
    pub source: Style,
    pub date: Style,
    pub dim: Style,
    pub border: Style,
    pub border_focused: Style,
    pub cursor_marker: Style,
    pub selection: Style,
    pub selection_unfocused: Style,
    pub open_marker: Style,
    pub boilerplate: Style,
    pub warning: Style,
    pub error: Style,
    pub status: Style,
    pub status_badge: Style,
    pub key: Style,
}

impl Theme {
    pub fn new(colors: &Colors, no_color: bool) -> Self {
        let fg = |c: Color| {
            if no_color {
                Style::default()
            } else {
                Style::default().fg(c)
            }
        };
        let bg = |s: Style, c: Color| if no_color { s } else { s.bg(c) };
        let bold = Modifier::BOLD;
        Theme {
            text: Style::default(),
            title: fg(colors.title).add_modifier(bold),
            heading: fg(colors.accent).add_modifier(bold),
            label: fg(colors.dim),
            source: fg(colors.source),
            date: fg(colors.date),
            dim: fg(colors.dim),
            border: fg(colors.border),
            border_focused: fg(colors.border_focused).add_modifier(bold),
            cursor_marker: fg(colors.cursor).add_modifier(bold),
            selection: if no_color {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                bg(Style::default(), colors.selection_bg).add_modifier(bold)
            },
            selection_unfocused: if no_color {
                Style::default().add_modifier(Modifier::UNDERLINED)
            } else {
                bg(Style::default(), colors.selection_bg)
            },
            open_marker: fg(colors.cursor).add_modifier(bold),
            boilerplate: fg(colors.boilerplate).add_modifier(Modifier::ITALIC),
            warning: fg(colors.warning),
            error: fg(colors.error).add_modifier(bold),
            status: bg(Style::default(), colors.status_bg),
            status_badge: if no_color {
                Style::default().add_modifier(Modifier::REVERSED | bold)
            } else {
                Style::default()
                    .fg(Color::Black)
                    .bg(colors.accent)
                    .add_modifier(bold)
            },
            key: fg(colors.accent).add_modifier(bold),
        }
    }
}
