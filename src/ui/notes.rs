//! Notes overlays: the editor (text and tags), the notes view (every note of the corpus,
//! filtered, orphans apart), and the choice offered when the notes file cannot be read.

use super::theme::Theme;
use crate::app::App;
use crate::app::notes::{EDITOR_KEYS, EditorField, NOTES_VIEW_KEYS};
use crate::notes::{Anchoring, NoteKind};
use crate::wrap::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

fn frame_box<'a>(title: &'a str, footer: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Line::from(title))
        .title_bottom(Line::from(footer))
}

fn centered(screen: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(screen.width);
    let h = height.min(screen.height);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

fn keys_footer(keys: &[(&str, &str)]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .map(|(k, d)| {
            format!(
                "{k} {}",
                d.split_whitespace().next().unwrap_or("").to_lowercase()
            )
        })
        .collect();
    format!(" {} ", parts.join(" · "))
}

/// A line with the cursor drawn at `cursor` (chars) when `focused`.
fn with_cursor(text: &str, cursor: usize, focused: bool, theme: &Theme) -> Line<'static> {
    if !focused {
        return Line::raw(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let before: String = chars.iter().take(cursor).collect();
    let at: String = chars
        .get(cursor)
        .map(|c| c.to_string())
        .unwrap_or_else(|| " ".into());
    let after: String = chars.iter().skip(cursor + 1).collect();
    Line::from(vec![
        Span::raw(before),
        Span::styled(at, theme.text.add_modifier(Modifier::REVERSED)),
        Span::raw(after),
    ])
}

pub fn render_editor(app: &App, frame: &mut Frame, screen: Rect, theme: &Theme) {
    let Some(editor) = &app.editor else {
        return;
    };
    let area = centered(screen, 84, screen.height.saturating_sub(4).min(24));
    frame.render_widget(Clear, area);
    let title = if editor.editing.is_some() {
        " Edit note "
    } else {
        " New note "
    };
    let block = frame_box(title, keys_footer(EDITOR_KEYS), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width.saturating_sub(2) as usize;
    let target = editor
        .editing
        .as_ref()
        .map(|n| &n.target)
        .or(editor.target.as_ref());
    let mut lines: Vec<Line> = Vec::new();
    if let Some(t) = target {
        lines.push(Line::styled(
            truncate(&format!("{} · {}", t.source, t.title), w).into_owned(),
            theme.dim,
        ));
        for l in wrap(&format!("“{}”", t.exact), w).into_iter().take(4) {
            lines.push(Line::styled(l.into_owned(), theme.scare_quote));
        }
        lines.push(Line::default());
    }
    let text_focused = editor.field == EditorField::Text;
    lines.push(Line::styled(
        "Note",
        if text_focused {
            theme.heading
        } else {
            theme.label
        },
    ));
    for (i, line) in editor.text.lines.iter().enumerate() {
        let focused = text_focused && i == editor.text.row;
        lines.push(with_cursor(&line.text, line.cursor, focused, theme));
    }
    lines.push(Line::default());
    let tags_focused = editor.field == EditorField::Tags;
    lines.push(Line::styled(
        "Tags (comma or space separated)",
        if tags_focused {
            theme.heading
        } else {
            theme.label
        },
    ));
    lines.push(with_cursor(
        &editor.tags.text,
        editor.tags.cursor,
        tags_focused,
        theme,
    ));
    let padded = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Paragraph::new(lines), padded);
}

pub fn render_notes_view(app: &App, frame: &mut Frame, screen: Rect, theme: &Theme) {
    let area = centered(
        screen,
        (screen.width * 9 / 10).max(40),
        screen.height.saturating_sub(2),
    );
    frame.render_widget(Clear, area);
    let block = frame_box(" Notes and bookmarks ", keys_footer(NOTES_VIEW_KEYS), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width.saturating_sub(2) as usize;
    let listed = app.listed_notes();
    let mut lines: Vec<Line> = vec![
        Line::from(vec![Span::styled("filter: ", theme.key)]).patch_style(theme.text),
        Line::default(),
    ];
    lines[0] = {
        let mut spans = vec![Span::styled("filter: ", theme.key)];
        spans.extend(
            with_cursor(
                &app.notes_view.filter.text,
                app.notes_view.filter.cursor,
                true,
                theme,
            )
            .spans,
        );
        spans.push(Span::styled(
            format!("   {} of {} note(s)", listed.len(), app.notes.notes.len()),
            theme.dim,
        ));
        Line::from(spans)
    };
    if let Some(why) = &app.notes.read_only {
        lines.push(Line::styled(
            truncate(&format!("read-only: {why}"), w).into_owned(),
            theme.warning,
        ));
    }
    let mut selected_line = 0;
    let mut group: Option<String> = None;
    for (row, &i) in listed.iter().enumerate() {
        let Some(note) = app.notes.notes.get(i) else {
            continue;
        };
        let placed = app.notes.placed.get(i).cloned().flatten();
        let heading = match &placed {
            Some((_, Anchoring::Orphan)) | None => {
                "Orphans: their text is no longer found".to_string()
            }
            Some((article, _)) => app
                .articles
                .get(*article)
                .map(|a| format!("{} · {}", a.outlet(), a.title))
                .unwrap_or_default(),
        };
        if group.as_deref() != Some(heading.as_str()) {
            lines.push(Line::styled(
                truncate(&heading, w).into_owned(),
                theme.heading,
            ));
            group = Some(heading);
        }
        if row == app.notes_view.selected {
            selected_line = lines.len();
        }
        let selected = row == app.notes_view.selected;
        let icon = match note.kind {
            NoteKind::Bookmark => "★",
            _ => "✎",
        };
        let state = match placed {
            Some((_, Anchoring::Reanchored { .. })) => " (re-anchored)",
            _ => "",
        };
        let first_line = note.text.lines().next().unwrap_or("");
        let tags = if note.tags.is_empty() {
            String::new()
        } else {
            format!("  #{}", note.tags.join(" #"))
        };
        let style = if selected {
            theme.selection
        } else {
            theme.text
        };
        lines.push(
            Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, theme.cursor_marker),
                Span::styled(format!("{icon} "), theme.key),
                Span::styled(
                    truncate(&format!("“{}”", note.target.exact), w / 2).into_owned(),
                    theme.scare_quote,
                ),
                Span::raw(" "),
                Span::styled(truncate(first_line, w / 3).into_owned(), style),
                Span::styled(tags, theme.source),
                Span::styled(state, theme.warning),
            ])
            .style(style),
        );
    }
    if listed.is_empty() {
        let message = if app.notes.notes.is_empty() {
            "No notes yet. In the reader: b bookmarks the passage, v selects sentences, a annotates."
        } else {
            "No note matches the filter."
        };
        for l in wrap(message, w.max(1)) {
            lines.push(Line::styled(l.into_owned(), theme.dim));
        }
    }
    if app.notes_view.confirm_delete.is_some() {
        lines.insert(
            1,
            Line::styled(
                "Delete the selected note? y deletes, any other key keeps it.",
                theme.error,
            ),
        );
    }
    let rows = inner.height as usize;
    let offset = (selected_line + 2).saturating_sub(rows);
    let padded = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let mut shown: Vec<Line> = lines.iter().take(2).cloned().collect();
    shown.extend(
        lines
            .into_iter()
            .skip(2 + offset)
            .take(rows.saturating_sub(2)),
    );
    frame.render_widget(Paragraph::new(shown), padded);
}

pub fn render_problem(app: &App, frame: &mut Frame, screen: Rect, theme: &Theme) {
    let Some(problem) = &app.notes.problem else {
        return;
    };
    let area = centered(screen, 76, 12);
    frame.render_widget(Clear, area);
    let block = frame_box(
        " Notes could not be read ",
        " f fresh store · r read-only · q quit ".to_string(),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(&problem.message, w.max(1)) {
        lines.push(Line::styled(l.into_owned(), theme.error));
    }
    lines.push(Line::default());
    for l in wrap(
        "Nothing was overwritten. Press f to start a fresh, empty notes file (the old one stays where it was set aside), or r to go on read-only, without notes.",
        w.max(1),
    ) {
        lines.push(Line::styled(l.into_owned(), theme.text));
    }
    let padded = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Paragraph::new(lines), padded);
}
