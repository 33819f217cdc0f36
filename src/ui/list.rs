//! The article list: the filter line when there is one, then the view's rows: a source's header
//! (when grouped), or an article in two rows: its title, then source, date, length and notes.

use super::{pane_block, theme::Theme};
use crate::app::layout::{Pane, inner};
use crate::app::list::{Row, SortKey, thousands};
use crate::app::{App, LoadPhase};
use crate::wrap::{truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let list = &app.list;
    let loading = if matches!(app.load.phase, LoadPhase::Done { .. }) {
        ""
    } else {
        "…"
    };
    let total = thousands(app.articles.len());
    let count = if list.is_filtered() {
        format!("{} of {total}{loading}", thousands(list.order().len()))
    } else {
        format!("Articles {total}{loading}")
    };
    let order = list
        .describe_order()
        .map(|o| format!(" · {o}"))
        .unwrap_or_default();
    let mut title = format!(" {count}{order} ");
    if width(&title) + 2 > area.width as usize && !list.is_filtered() {
        // A narrow pane keeps the sort in view rather than the word "Articles".
        title = format!(" {total}{loading}{order} ");
    }
    frame.render_widget(pane_block(app, Pane::List, Line::from(title), theme), area);
    let inner = inner(area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::with_capacity(inner.height as usize);
    if app.list_filter_shown() {
        lines.push(filter_line(app, w, theme));
    }
    let room = app.list_lines();
    let mut used = 0;
    let focused = app.focus == Pane::List;
    for row in list.rows().iter().skip(list.offset) {
        if used + row.height() > room {
            break;
        }
        used += row.height();
        let i = match row {
            Row::Header { source, count } => {
                lines.push(header_line(source, *count, w, theme));
                continue;
            }
            Row::Article(i) => *i,
        };
        let Some(article) = app.articles.get(i) else {
            continue;
        };
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
        // The source matters most; when room runs out the length goes first, then the notes,
        // then the date, except the column the list is sorted by.
        let room = w.saturating_sub(2);
        // Each part with how much it matters here: the column the list is sorted by stays.
        let sorted_by = |key: SortKey| list.sort == key;
        let mut parts = vec![
            (article.source.clone(), theme.source, 9),
            (
                date,
                theme.date,
                if sorted_by(SortKey::Date) { 8 } else { 4 },
            ),
            (
                length,
                theme.dim,
                if sorted_by(SortKey::Length) { 8 } else { 2 },
            ),
        ];
        let notes = list.note_count(i);
        if notes > 0 {
            let rank = if sorted_by(SortKey::Notes) { 8 } else { 3 };
            parts.push((format!("✎{notes}"), theme.key, rank));
        }
        let joined_width = |parts: &[(String, ratatui::style::Style, u8)]| {
            parts.iter().map(|(t, _, _)| width(t)).sum::<usize>()
                + 3 * parts.len().saturating_sub(1)
        };
        while parts.len() > 1 && joined_width(&parts) > room {
            let least = (1..parts.len()).min_by_key(|&p| parts[p].2).unwrap_or(1);
            parts.remove(least);
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
        for (i, (text, style, _)) in parts.into_iter().enumerate() {
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
            LoadPhase::Done { .. } => "No articles. Press ! for the loader's messages.".to_string(),
            _ => "Loading…".to_string(),
        };
        push_message(&mut lines, &message, w, theme);
    } else if list.rows().is_empty() {
        let message = format!(
            "No article matches '{}'. {} clears the filter.",
            list.filter.text.trim(),
            if list.editing { "esc" } else { "f then esc" }
        );
        push_message(&mut lines, &message, w, theme);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn push_message(lines: &mut Vec<Line>, message: &str, w: usize, theme: &Theme) {
    for l in crate::wrap::wrap(message, w.max(1)) {
        lines.push(Line::styled(l.into_owned(), theme.dim));
    }
}

/// "filter: words" with the cursor while typing; the words alone once kept.
fn filter_line(app: &App, w: usize, theme: &Theme) -> Line<'static> {
    let input = &app.list.filter;
    let label = Span::styled("filter: ", theme.key);
    if !app.list.editing {
        let room = w.saturating_sub(width("filter: "));
        return Line::from(vec![
            label,
            Span::styled(truncate(input.text.trim(), room).into_owned(), theme.text),
        ]);
    }
    let (before, at_cursor, rest) = input.around_cursor();
    // Long filters scroll: what is just before the cursor stays in view.
    let room = w.saturating_sub(width("filter: ") + 1);
    let mut before = before;
    while width(before) > room {
        let mut chars = before.chars();
        chars.next();
        before = chars.as_str();
    }
    Line::from(vec![
        label,
        Span::raw(before.to_string()),
        Span::styled(at_cursor, theme.selection.add_modifier(Modifier::REVERSED)),
        Span::raw(rest.to_string()),
    ])
}

/// A source's header: its name and how many of its articles show, then a rule.
fn header_line(source: &str, count: usize, w: usize, theme: &Theme) -> Line<'static> {
    let count = format!(" {} ", thousands(count));
    let name = truncate(source, w.saturating_sub(width(&count) + 2)).into_owned();
    let used = 1 + width(&name) + width(&count);
    Line::from(vec![
        Span::styled("─", theme.dim),
        Span::styled(name, theme.source.add_modifier(Modifier::BOLD)),
        Span::styled(count, theme.dim),
        Span::styled("─".repeat(w.saturating_sub(used)), theme.dim),
    ])
}
