//! The article list: title, then source, date and length, two rows per article.

use super::{pane_block, theme::Theme};
use crate::app::layout::{Pane, inner};
use crate::app::{App, LIST_ROW_HEIGHT, LoadPhase};
use crate::wrap::{truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let count = match app.load.phase {
        LoadPhase::Done { .. } => format!(" Articles {} ", app.articles.len()),
        _ => format!(" Articles {}… ", app.articles.len()),
    };
    frame.render_widget(pane_block(app, Pane::List, Line::from(count), theme), area);
    let inner = inner(area);
    let w = inner.width as usize;
    let rows = inner.height as usize / LIST_ROW_HEIGHT;
    let focused = app.focus == Pane::List;
    let mut lines: Vec<Line> = Vec::with_capacity(inner.height as usize);
    for (i, article) in app
        .articles
        .iter()
        .enumerate()
        .skip(app.list.offset)
        .take(rows)
    {
        let selected = i == app.list.selected;
        let open = app.reader.article == Some(i);
        let marker = if selected {
            "▶ "
        } else if open {
            "• "
        } else {
            "  "
        };
        let title = truncate(&article.title, w.saturating_sub(2)).into_owned();
        let date = article
            .date
            .map(|d| d.iso()[..10].to_string())
            .unwrap_or_else(|| "no date".to_string());
        let length = format!("{}w", article.words);
        // The source matters most; the length goes first when room runs out, then the date.
        let room = w.saturating_sub(2);
        let mut parts = vec![
            (article.source.clone(), theme.source),
            (date, theme.date),
            (length, theme.dim),
        ];
        let joined_width = |parts: &[(String, ratatui::style::Style)]| {
            parts.iter().map(|(t, _)| width(t)).sum::<usize>() + 3 * parts.len().saturating_sub(1)
        };
        while parts.len() > 1 && joined_width(&parts) > room {
            parts.pop();
        }
        if joined_width(&parts) > room {
            parts[0].0 = truncate(&parts[0].0, room).into_owned();
        }
        let row_style = match (selected, focused) {
            (true, true) => theme.selection,
            (true, false) => theme.selection_unfocused,
            _ => theme.text,
        };
        let pad = |used: usize| " ".repeat(w.saturating_sub(used));
        let title_used = 2 + width(&title);
        lines.push(
            Line::from(vec![
                Span::styled(marker, theme.open_marker),
                Span::styled(title, if open { theme.title } else { theme.text }),
                Span::raw(pad(title_used)),
            ])
            .style(row_style),
        );
        let meta_used = 2 + joined_width(&parts);
        let mut spans = vec![Span::raw("  ")];
        for (i, (text, style)) in parts.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme.dim));
            }
            spans.push(Span::styled(text, style));
        }
        spans.push(Span::raw(pad(meta_used)));
        lines.push(Line::from(spans).style(row_style));
    }
    if app.articles.is_empty() {
        let message = match app.load.phase {
            LoadPhase::Done { .. } => "No articles. Press ! for the loader's messages.",
            _ => "Loading…",
        };
        for l in crate::wrap::wrap(message, w.max(1)) {
            lines.push(Line::styled(l.into_owned(), theme.dim));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
