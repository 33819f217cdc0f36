//! The search overlay: the query line, the results (source, title, snippet with the matched
//! characters highlighted, score; optionally grouped by source, with the sources that have no
//! match), and a live preview of the selected passage.

use super::theme::Theme;
use crate::app::App;
use crate::app::reader::wrap_with_offsets;
use crate::search::{match_positions, snippet};
use crate::wrap::{truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

/// Rows each result takes: source and title, then the snippet.
const RESULT_ROWS: usize = 2;

/// Styles the chars of `text` at `positions` (char offsets) with `hit`, the rest with `base`.
pub fn highlight_chars(
    text: &str,
    positions: &[usize],
    base: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    let mut next = positions.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while next.peek().is_some_and(|&&p| p < i) {
            next.next();
        }
        let is_hit = next.peek().is_some_and(|&&p| p == i);
        if is_hit != run_hit && !run.is_empty() {
            out.push(Span::styled(
                std::mem::take(&mut run),
                if run_hit { hit } else { base },
            ));
        }
        run_hit = is_hit;
        run.push(c);
    }
    if !run.is_empty() {
        out.push(Span::styled(run, if run_hit { hit } else { base }));
    }
    out
}

pub fn render(app: &App, frame: &mut Frame, screen: Rect, theme: &Theme) {
    let area = Rect::new(
        screen.x,
        screen.y,
        screen.width,
        screen.height.saturating_sub(1),
    );
    frame.render_widget(Clear, area);
    let view = &app.search;
    let query = view.query();

    // The query line.
    let status = match (&app.search_index, view.searching) {
        (None, _) => "indexing the corpus…".to_string(),
        (_, true) => "searching…".to_string(),
        _ => format!("{} result(s)", view.hits.len()),
    };
    let scope = if view.scope_article {
        "this article"
    } else {
        "all sources"
    };
    let flags = format!(
        " {status} · {scope} · names {} · {} ",
        if view.aliases { "expanded" } else { "as typed" },
        if view.grouped {
            "by source"
        } else {
            "by score"
        }
    );
    let input_block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Line::from(" Search "))
        .title_bottom(Line::from(flags));
    let input_area = Rect::new(area.x, area.y, area.width, 3.min(area.height));
    let inner = input_block.inner(input_area);
    frame.render_widget(input_block, input_area);
    let (before, at_cursor, rest) = view.input.around_cursor();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("/ ", theme.key),
            Span::raw(before.to_string()),
            Span::styled(
                at_cursor,
                theme
                    .selection
                    .add_modifier(ratatui::style::Modifier::REVERSED),
            ),
            Span::raw(rest),
        ])),
        inner,
    );

    let body = Rect::new(
        area.x,
        area.y + input_area.height,
        area.width,
        area.height.saturating_sub(input_area.height),
    );
    let (list_area, preview_area) = if body.width >= 100 {
        let list_w = body.width * 55 / 100;
        (
            Rect::new(body.x, body.y, list_w, body.height),
            Rect::new(body.x + list_w, body.y, body.width - list_w, body.height),
        )
    } else {
        let list_h = body.height * 3 / 5;
        (
            Rect::new(body.x, body.y, body.width, list_h),
            Rect::new(body.x, body.y + list_h, body.width, body.height - list_h),
        )
    };

    // Results.
    let list_block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Line::from(" Results "));
    let list_inner = list_block.inner(list_area);
    frame.render_widget(list_block, list_area);
    let w = list_inner.width as usize;
    let ordered = view.ordered(app);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_row = 0;
    let mut last_outlet: Option<String> = None;
    for (i, hit) in ordered.iter().enumerate() {
        let Some(article) = app.articles.get(hit.article) else {
            continue;
        };
        if view.grouped && last_outlet.as_deref() != Some(article.outlet()) {
            let count = ordered
                .iter()
                .filter(|h| {
                    app.articles
                        .get(h.article)
                        .is_some_and(|a| a.outlet() == article.outlet())
                })
                .count();
            lines.push(Line::styled(
                truncate(&format!("── {} ({count})", article.outlet()), w).into_owned(),
                theme.heading,
            ));
            last_outlet = Some(article.outlet().to_string());
        }
        if i == view.selected {
            selected_row = lines.len();
        }
        let selected = i == view.selected;
        let marker = if selected { "▶ " } else { "  " };
        let score = format!(" {:.0}", hit.score);
        let alias = if hit.via_alias { " ≈lexicon" } else { "" };
        let title_room =
            w.saturating_sub(2 + width(article.outlet()) + 3 + score.len() + alias.len());
        let row_style = if selected {
            theme.selection
        } else {
            theme.text
        };
        lines.push(
            Line::from(vec![
                Span::styled(marker, theme.cursor_marker),
                Span::styled(article.outlet().to_string(), theme.source),
                Span::styled(" · ", theme.dim),
                Span::styled(truncate(&article.title, title_room).into_owned(), row_style),
                Span::styled(
                    alias.to_string(),
                    theme.mark(crate::analysis::spans::SpanKind::Term),
                ),
                Span::styled(score, theme.dim),
            ])
            .style(row_style),
        );
        lines.push(Line::default());
    }
    let rows = list_inner.height as usize;
    // Snippets (and match positions) only for the rows on screen.
    let offset = (selected_row + RESULT_ROWS).saturating_sub(rows);
    let mut hit_at_row: Vec<Option<usize>> = vec![None; lines.len()];
    {
        let mut row = 0;
        let mut last: Option<String> = None;
        for (i, hit) in ordered.iter().enumerate() {
            let Some(article) = app.articles.get(hit.article) else {
                continue;
            };
            if view.grouped && last.as_deref() != Some(article.outlet()) {
                row += 1;
                last = Some(article.outlet().to_string());
            }
            hit_at_row[row + 1] = Some(i);
            row += RESULT_ROWS;
        }
    }
    if let Some(index) = &app.search_index {
        for row in offset..(offset + rows).min(lines.len()) {
            let Some(i) = hit_at_row[row] else {
                continue;
            };
            let hit = &ordered[i];
            let Some(article) = app.articles.get(hit.article) else {
                continue;
            };
            let positions = match_positions(index, article, hit.passage, &query);
            let (text, at) = snippet(article, hit.passage, &positions, w.saturating_sub(4));
            let mut spans = vec![Span::raw("    ")];
            spans.extend(highlight_chars(&text, &at, theme.dim, theme.search));
            lines[row] = Line::from(spans);
        }
    }
    if view.grouped && !view.hits.is_empty() {
        let mut missing: Vec<&str> = Vec::new();
        for a in &app.articles {
            let outlet = a.outlet();
            if !missing.contains(&outlet)
                && !ordered.iter().any(|h| {
                    app.articles
                        .get(h.article)
                        .is_some_and(|b| b.outlet() == outlet)
                })
            {
                missing.push(outlet);
            }
        }
        if !missing.is_empty() {
            for l in crate::wrap::wrap(&format!("No match in: {}", missing.join(", ")), w.max(1)) {
                lines.push(Line::styled(l.into_owned(), theme.warning));
            }
        }
    }
    if lines.is_empty() {
        let message = if query.is_empty() {
            "Type to search every source. Words match fuzzily, one by one; \"exact phrase\", ^prefix, !exclude, @source, #tag."
        } else if view.searching || app.search_index.is_none() {
            ""
        } else {
            "Nothing matches."
        };
        for l in crate::wrap::wrap(message, w.max(1)) {
            lines.push(Line::styled(l.into_owned(), theme.dim));
        }
    }
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(offset)
                .take(rows)
                .collect::<Vec<_>>(),
        ),
        list_inner,
    );

    // Preview.
    let preview_block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Line::from(" Preview "));
    let preview_inner = preview_block.inner(preview_area);
    frame.render_widget(preview_block, preview_area);
    let (Some(hit), Some(index)) = (ordered.get(view.selected), &app.search_index) else {
        return;
    };
    let Some(article) = app.articles.get(hit.article) else {
        return;
    };
    let Some(passage) = article.passages.get(hit.passage) else {
        return;
    };
    let pw = (preview_inner.width as usize).saturating_sub(1).max(1);
    let mut out = vec![
        Line::styled(truncate(&article.title, pw).into_owned(), theme.title),
        Line::from(vec![
            Span::styled(article.outlet().to_string(), theme.source),
            Span::styled(format!(" · ¶{}", hit.passage + 1), theme.dim),
        ]),
        Line::default(),
    ];
    let article_text = article.text();
    let text = passage.text(&article_text);
    let positions = match_positions(index, article, hit.passage, &query);
    // Positions are chars into the passage; each wrapped line takes its share.
    for line in wrap_with_offsets(text, pw) {
        let first = text[..line.offset.min(text.len())].chars().count();
        let count = line.text.chars().count();
        let local: Vec<usize> = positions
            .iter()
            .filter(|&&p| p >= first && p < first + count)
            .map(|&p| p - first)
            .collect();
        out.push(Line::from(highlight_chars(
            &line.text,
            &local,
            theme.text,
            theme.search,
        )));
    }
    frame.render_widget(
        Paragraph::new(
            out.into_iter()
                .take(preview_inner.height as usize)
                .collect::<Vec<_>>(),
        ),
        preview_inner,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_the_chars_at_the_positions() {
        let spans = highlight_chars(
            "Khankendi",
            &[0, 1, 2],
            Style::default(),
            Style::default().bold(),
        );
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["Kha", "nkendi"]);
        let spans = highlight_chars("aŞb", &[1], Style::default(), Style::default().bold());
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["a", "Ş", "b"]);
    }
}
