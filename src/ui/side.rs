//! The side panel: the open article's metadata, the passage under the cursor, names found.

use super::{pane_block, theme::Theme};
use crate::app::App;
use crate::app::layout::{Pane, inner};
use crate::app::side::{Tone, Window, content_in};
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
    // The tabs in the border, the active one marked; only the active one when all do not fit.
    let tabs = crate::app::side::SideTab::ALL;
    let name = |tab: crate::app::side::SideTab| {
        if tab == crate::app::side::SideTab::Details && app.highlighted().is_some() {
            "Inspector"
        } else {
            tab.title()
        }
    };
    let full: usize = tabs
        .iter()
        .map(|t| name(*t).chars().count() + 3)
        .sum::<usize>()
        + 1;
    let active_style = theme
        .heading
        .add_modifier(ratatui::style::Modifier::UNDERLINED);
    let mut title = vec![Span::raw(" ")];
    if full <= area.width.saturating_sub(4) as usize {
        for (i, tab) in tabs.iter().enumerate() {
            if i > 0 {
                title.push(Span::styled(" · ", theme.dim));
            }
            let style = if *tab == app.side.tab {
                active_style
            } else {
                theme.dim
            };
            title.push(Span::styled(name(*tab), style));
        }
    } else {
        let at = tabs.iter().position(|t| *t == app.side.tab).unwrap_or(0);
        title.push(Span::styled(name(app.side.tab), active_style));
        title.push(Span::styled(
            format!(" {}/{} ‹›", at + 1, tabs.len()),
            theme.dim,
        ));
    }
    title.push(Span::raw(" "));
    frame.render_widget(pane_block(app, Pane::Side, Line::from(title), theme), area);
    let inner = inner(area);
    let rows = inner.height as usize;
    let window = Window {
        scroll: app.side.scroll,
        rows,
    };
    let content = content_in(app, (inner.width as usize).saturating_sub(1).max(1), window);
    let scroll = app.side.scroll.min(content.total.saturating_sub(rows));
    let shown: Vec<Line> = content
        .lines
        .into_iter()
        .skip(scroll.saturating_sub(content.first))
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
