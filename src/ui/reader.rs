//! The reader: the open article wrapped at the pane width, the passage under the cursor marked
//! in the gutter, boilerplate (when shown) dimmed with the reason it was recognised.

use super::{pane_block, theme::Theme};
use crate::app::layout::{Pane, inner};
use crate::app::reader::BlockKey;
use crate::app::{App, LoadPhase};
use crate::corpus::Role;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (Some(article), Some(geometry), Some(position)) =
        (app.current_article(), app.geometry(), app.reader.position)
    else {
        frame.render_widget(
            pane_block(app, Pane::Reader, Line::from(" Reader "), theme),
            area,
        );
        let message = match app.load.phase {
            LoadPhase::Done { .. } if app.articles.is_empty() => {
                "Nothing to read: no article loaded."
            }
            LoadPhase::Done { .. } => "Select an article in the list and press Enter.",
            _ => "Loading the corpus…",
        };
        frame.render_widget(
            Paragraph::new(Line::styled(message, theme.dim)),
            inner(area),
        );
        return;
    };
    let position_note = match app.cursor_rank() {
        Some((rank, shown)) => format!(" ¶ {rank}/{shown} "),
        None => String::new(),
    };
    let title = Line::from(vec![
        Span::raw(" "),
        Span::styled(
            crate::wrap::truncate(&article.id, 40).into_owned(),
            theme.dim,
        ),
        Span::raw(position_note),
    ]);
    frame.render_widget(pane_block(app, Pane::Reader, title, theme), area);
    let inner = inner(area);
    let screen = geometry.screen(app.reader_top(), inner.height as usize);
    let mut lines = Vec::with_capacity(screen.len());
    for line in screen {
        let is_cursor = line.block == BlockKey::Passage(position.cursor);
        let role = match line.block {
            BlockKey::Passage(i) => article.passages.get(i).map(|p| p.role),
            _ => None,
        };
        let gutter = if is_cursor && line.text.is_some() {
            Span::styled("▌ ", theme.cursor_marker)
        } else {
            Span::raw("  ")
        };
        let style = match (line.block, role) {
            (BlockKey::Title, _) => theme.title,
            (BlockKey::Meta, _) => theme.dim,
            (_, Some(Role::Body)) => theme.text,
            _ => theme.boilerplate,
        };
        match line.text {
            Some(text) => lines.push(Line::from(vec![gutter, Span::styled(text, style)])),
            None => {
                // The blank line after a boilerplate passage says why it is boilerplate.
                let note = match role {
                    Some(Role::Debris(kind)) => format!("  ↑ scraper debris: {}", kind.describe()),
                    Some(Role::Header) => "  ↑ header line, read into the metadata".to_string(),
                    Some(Role::Title) => "  ↑ headline, shown as the title".to_string(),
                    _ => String::new(),
                };
                lines.push(Line::styled(note, theme.dim));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
