//! Every style the interface uses, built from the configured colours. Under NO_COLOR the styles
//! keep their weight, italics and reverse video and drop their colours.

use crate::analysis::spans::SpanKind;
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
    pub person: Style,
    pub place: Style,
    pub org: Style,
    pub date_mark: Style,
    pub number: Style,
    pub scare_quote: Style,
    /// A contested term with no known side.
    pub term: Style,
    /// A contested term in the colour of its side, by convention index.
    pub sides: [Style; 4],
    pub lens_swap: Style,
    /// Characters a search matched.
    pub search: Style,
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
            // Under NO_COLOR each kind keeps a weight or slant of its own.
            person: fg(colors.person).add_modifier(if no_color { bold } else { Modifier::empty() }),
            place: fg(colors.place).add_modifier(if no_color {
                Modifier::ITALIC
            } else {
                Modifier::empty()
            }),
            org: fg(colors.org).add_modifier(if no_color {
                Modifier::UNDERLINED
            } else {
                Modifier::empty()
            }),
            date_mark: fg(colors.mark_date).add_modifier(if no_color {
                Modifier::DIM
            } else {
                Modifier::empty()
            }),
            number: fg(colors.number).add_modifier(if no_color {
                Modifier::DIM
            } else {
                Modifier::empty()
            }),
            scare_quote: fg(colors.scare_quote)
                .add_modifier(Modifier::ITALIC | if no_color { bold } else { Modifier::empty() }),
            // Contested terms stand out most: bold and underlined, in their side's colour.
            term: fg(colors.accent).add_modifier(bold | Modifier::UNDERLINED),
            sides: colors
                .sides
                .map(|c| fg(c).add_modifier(bold | Modifier::UNDERLINED)),
            search: if no_color {
                Style::default().add_modifier(Modifier::REVERSED | bold)
            } else {
                Style::default()
                    .fg(Color::Black)
                    .bg(colors.search_bg)
                    .add_modifier(bold)
            },
            lens_swap: fg(colors.lens_swap)
                .add_modifier(bold | Modifier::UNDERLINED | Modifier::ITALIC),
        }
    }

    pub fn mark(&self, kind: SpanKind) -> Style {
        match kind {
            SpanKind::Person => self.person,
            SpanKind::Place => self.place,
            SpanKind::Org => self.org,
            SpanKind::Date => self.date_mark,
            SpanKind::Number => self.number,
            SpanKind::Term => self.term,
            SpanKind::ScareQuote => self.scare_quote,
        }
    }

    /// The style of a contested term used by the convention at `index`.
    pub fn side(&self, index: usize) -> Style {
        self.sides
            .get(index % self.sides.len())
            .copied()
            .unwrap_or(self.term)
    }
}
