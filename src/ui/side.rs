//! The side panel: the open article's metadata, the passage under the cursor, names found.

use super::{pane_block, theme::Theme};
use crate::app::App;
use crate::app::layout::{Pane, inner};
use crate::app::side::{Tone, content};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Heading => theme.heading,
        Tone::Label => theme.label,
        Tone::Text => theme.text,
        Tone::Source => theme.source,
        Tone::Date => theme.date,
        Tone::Dim => theme.dim,
        Tone::Warning => theme.warning,
        Tone::Strong => theme.text.add_modifier(ratatui::style::Modifier::BOLD),
        Tone::Mark(kind) => theme.mark(kind),
        Tone::Side(i) => theme.side(i),
        Tone::Selected => theme.cursor_marker,
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    // The tabs in the border, the active one marked.
    let mut title = vec![Span::raw(" ")];
    for (i, tab) in crate::app::side::SideTab::ALL.iter().enumerate() {
        if i > 0 {
            title.push(Span::styled(" · ", theme.dim));
        }
        let name = if *tab == crate::app::side::SideTab::Details && app.highlighted().is_some() {
            "Inspector"
        } else {
            tab.title()
        };
        let style = if *tab == app.side.tab {
            theme
                .heading
                .add_modifier(ratatui::style::Modifier::UNDERLINED)
        } else {
            theme.dim
        };
        title.push(Span::styled(name, style));
    }
    title.push(Span::raw(" "));
    frame.render_widget(pane_block(app, Pane::Side, Line::from(title), theme), area);
    let inner = inner(area);
    let lines = content(app, (inner.width as usize).saturating_sub(1).max(1)).lines;
    let rows = inner.height as usize;
    let scroll = app.side.scroll.min(lines.len().saturating_sub(rows));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(rows)
        .map(|pieces| {
            Line::from(
                pieces
                    .into_iter()
                    .map(|(tone, text)| Span::styled(text, style(theme, tone)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
