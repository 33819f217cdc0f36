//! The reader: the open article wrapped at the pane width, highlights drawn over it, the
//! passage under the cursor marked in the gutter, boilerplate (when shown) dimmed with the
//! reason it was recognised, and a legend of the highlight layers in the bottom border. The
//! parallel view's right side is drawn by the same code.

use super::{pane_block, theme::Theme};
use crate::analysis::align::DifferenceKind;
use crate::analysis::spans::SpanKind;
use crate::app::action::Action;
use crate::app::layout::{Pane, inner};
use crate::app::parallel::ParallelState;
use crate::app::reader::{
    BlockKey, Decor, Geometry, Mark, PassageView, Pos, passage_view, wrap_with_offsets,
};
use crate::app::{App, LoadPhase};
use crate::corpus::{Article, Role};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use std::collections::HashMap;

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
    let mut title = vec![
        Span::raw(" "),
        Span::styled(
            crate::wrap::truncate(&article.id, 40).into_owned(),
            theme.dim,
        ),
    ];
    if let Some((rank, shown)) = app.cursor_rank() {
        title.push(Span::raw(format!(" ¶ {rank}/{shown} ")));
    }
    if let Some(convention) = app.lens_convention() {
        title.push(Span::styled(
            format!(" lens: {} ", crate::wrap::truncate(convention, 24)),
            theme.lens_swap,
        ));
    }
    let block = pane_block(app, Pane::Reader, Line::from(title), theme).title_bottom(legend(
        app,
        theme,
        area.width.saturating_sub(4) as usize,
    ));
    frame.render_widget(block, area);
    let cursor = position.cursor;
    let differences: Vec<std::ops::Range<usize>> = if app.parallel.open {
        app.parallel_counterpart()
            .map(|c| {
                c.differences
                    .iter()
                    .filter(|d| d.kind != DifferenceKind::MissingEntity)
                    .flat_map(|d| d.here_at.iter().cloned())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let page = Page {
        article,
        geometry,
        top: app.reader_top(),
        marked: Some(cursor),
        decor: app.decor(),
        notes: true,
    };
    draw_page(app, frame, inner(area), &page, theme, &|index, view| {
        let mut extras = extra_marks(app, index, view, theme);
        if index == cursor && view.swaps == 0 {
            extras.extend(
                differences
                    .iter()
                    .map(|r| (r.clone(), difference_style(theme))),
            );
        }
        extras
    });
}

/// How a name or figure that the other side of the parallel view says differently is drawn.
fn difference_style(theme: &Theme) -> Style {
    theme
        .warning
        .add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// The parallel view's right side: the other source's article, its passage aligned with the
/// cursor passage marked and level with it, names and figures that differ marked; the border
/// says which source it is and how the cursor passage is aligned.
pub fn render_parallel(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let state = app.parallel_state();
    let state_style = match state {
        ParallelState::Level { .. } => theme.text,
        ParallelState::Working(_) => theme.dim,
        ParallelState::NoSource { .. } | ParallelState::Unaligned { .. } => theme.warning,
    };
    let room = area.width.saturating_sub(4) as usize;
    let mut title = vec![Span::raw(" ⇄ ")];
    let right = app.parallel_article();
    let counterpart = app.parallel_counterpart();
    if let Some(article) = right {
        title.push(Span::styled(
            crate::wrap::truncate(article.outlet(), room / 3).into_owned(),
            theme.source,
        ));
        if article.outlet() != article.id {
            title.push(Span::raw(" "));
            title.push(Span::styled(
                crate::wrap::truncate(&article.id, room / 3).into_owned(),
                theme.dim,
            ));
        }
        if let Some(c) = counterpart {
            title.push(Span::raw(format!(" ¶ {} ", c.passage + 1)));
        } else {
            title.push(Span::raw(" "));
        }
    } else {
        title.push(Span::styled("another source ", theme.dim));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Line::from(title))
        .title_bottom(Line::from(vec![
            Span::raw(" "),
            Span::styled(
                crate::wrap::truncate(&state.describe(), room.saturating_sub(2)).into_owned(),
                state_style,
            ),
            Span::raw(" "),
        ]));
    frame.render_widget(block, area);
    let inner = inner(area);
    let (Some(article), Some(geometry), Some(side)) =
        (right, app.parallel_geometry(), app.parallel.right.as_ref())
    else {
        let lines: Vec<Line> = crate::wrap::wrap(&state.describe(), inner.width.max(1) as usize)
            .into_iter()
            .map(|l| Line::styled(l.into_owned(), state_style))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let marked = counterpart.map(|c| c.passage);
    let differences: Vec<std::ops::Range<usize>> = counterpart
        .map(|c| {
            c.differences
                .iter()
                .filter(|d| d.kind != DifferenceKind::MissingEntity)
                .flat_map(|d| d.there_at.iter().cloned())
                .collect()
        })
        .unwrap_or_default();
    let page = Page {
        article,
        geometry,
        top: side.top,
        marked,
        decor: app.parallel_decor(),
        notes: false,
    };
    let rows = (app.parallel_viewport().1 as u16).min(inner.height);
    let footer = app.parallel_footer();
    let (footer_rows, above) = app.parallel_footer_place();
    let footer_rows = (footer_rows as u16).min(inner.height - rows);
    if !footer.is_empty() {
        let width = inner.width as usize;
        let rule = Line::styled("─".repeat(width), theme.border);
        let mut lines: Vec<Line> = footer
            .iter()
            .map(|l| Line::styled(crate::wrap::truncate(l, width).into_owned(), theme.warning))
            .collect();
        if above {
            lines.push(rule);
        } else {
            lines.insert(0, rule);
        }
        let y = if above { inner.y } else { inner.y + rows };
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(inner.x, y, inner.width, footer_rows),
        );
    }
    let page_y = if above {
        inner.y + footer_rows
    } else {
        inner.y
    };
    let inner = Rect::new(inner.x, page_y, inner.width, rows);
    draw_page(app, frame, inner, &page, theme, &|index, view| {
        if Some(index) == marked && view.swaps == 0 {
            differences
                .iter()
                .map(|r| (r.clone(), difference_style(theme)))
                .collect()
        } else {
            Vec::new()
        }
    });
}

/// One article as a pane shows it.
struct Page<'a> {
    article: &'a Article,
    geometry: Geometry<'a>,
    top: Pos,
    /// The passage with the bar in the margin: the cursor, or the aligned passage.
    marked: Option<usize>,
    decor: Option<Decor<'a>>,
    /// Whether the margin shows the notes' marks (the open article's notes only).
    notes: bool,
}

type Extras = Vec<(std::ops::Range<usize>, Style)>;

/// Draws the lines of `page` that fit in `inner`; `extras` gives the marks drawn over a
/// passage's highlights.
fn draw_page(
    app: &App,
    frame: &mut Frame,
    inner: Rect,
    page: &Page<'_>,
    theme: &Theme,
    extras: &dyn Fn(usize, &PassageView) -> Extras,
) {
    let article = page.article;
    let geometry = &page.geometry;
    let screen = geometry.screen(page.top, inner.height as usize);
    let decor = page.decor.as_ref();
    // Each passage on screen is viewed (and wrapped) once, whatever its line count.
    let mut views: HashMap<usize, (PassageView, Vec<usize>, Extras)> = HashMap::new();
    let mut lines = Vec::with_capacity(screen.len());
    for line in screen {
        let is_cursor = page
            .marked
            .is_some_and(|m| line.block == BlockKey::Passage(m));
        let role = match line.block {
            BlockKey::Passage(i) => article.passages.get(i).map(|p| p.role),
            _ => None,
        };
        // The margin: the cursor bar, then a mark on a noted passage's first line.
        let bar = if is_cursor && line.text.is_some() {
            "▌"
        } else {
            " "
        };
        let note_mark = match (line.block, line.line) {
            (BlockKey::Passage(i), 0) if page.notes => {
                let notes = app.notes_on(i);
                if notes.iter().any(|n| n.kind == crate::notes::NoteKind::Note) {
                    "✎"
                } else if notes.is_empty() {
                    " "
                } else {
                    "★"
                }
            }
            _ => " ",
        };
        let gutter = vec![
            Span::styled(bar, theme.cursor_marker),
            Span::styled(note_mark, theme.key),
        ];
        let base = match (line.block, role) {
            (BlockKey::Title, _) => theme.title,
            (BlockKey::Meta, _) => theme.dim,
            (_, Some(Role::Body)) => theme.text,
            _ => theme.boilerplate,
        };
        let Some(text) = line.text else {
            // The blank line after a boilerplate passage says why it is boilerplate.
            let note = match role {
                Some(Role::Debris(kind)) => format!("  ↑ scraper debris: {}", kind.describe()),
                Some(Role::Header) => "  ↑ header line, read into the metadata".to_string(),
                Some(Role::Title) => "  ↑ headline, shown as the title".to_string(),
                _ => String::new(),
            };
            lines.push(Line::styled(note, theme.dim));
            continue;
        };
        let BlockKey::Passage(index) = line.block else {
            let mut spans = gutter;
            spans.push(Span::styled(text, base));
            lines.push(Line::from(spans));
            continue;
        };
        let (view, offsets, marks) = views.entry(index).or_insert_with(|| {
            let view = match decor {
                Some(decor) => passage_view(article, &geometry.text, index, decor),
                None => PassageView {
                    text: article
                        .passages
                        .get(index)
                        .map(|p| p.text(&geometry.text).to_string())
                        .unwrap_or_default(),
                    ..PassageView::default()
                },
            };
            let offsets = wrap_with_offsets(&view.text, geometry.width)
                .into_iter()
                .map(|l| l.offset)
                .collect();
            let marks = extras(index, &view);
            (view, offsets, marks)
        });
        let start = offsets.get(line.line).copied().unwrap_or(0);
        let mut spans = gutter;
        spans.extend(styled_segments(
            &text,
            start,
            &view.marks,
            marks,
            base,
            app,
            theme,
        ));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Marks drawn over the highlights: the sentence selection and the last search's matches, as
/// byte ranges of the passage view. Under the naming lens the text differs from what was
/// written, so they are drawn only when the lens changed nothing in the passage.
fn extra_marks(
    app: &App,
    index: usize,
    view: &PassageView,
    theme: &Theme,
) -> Vec<(std::ops::Range<usize>, Style)> {
    let mut out = Vec::new();
    let (Some(article), true) = (app.current_article(), view.swaps == 0) else {
        return out;
    };
    let Some(passage) = article.passages.get(index) else {
        return out;
    };
    let base = passage.range().start;
    if let Some(range) = app.selection_in(index) {
        out.push((
            range.start - base..range.end - base,
            theme.selection.add_modifier(Modifier::UNDERLINED),
        ));
    }
    if let (Some(query), Some(index_)) = (&app.last_query, &app.search_index) {
        let positions = crate::search::match_positions(index_, article, index, query);
        let article_text = article.text();
        let text = passage.text(&article_text);
        let mut chars = text.char_indices().enumerate().peekable();
        for p in positions {
            while chars.peek().is_some_and(|(i, _)| *i < p) {
                chars.next();
            }
            if let Some((_, (at, c))) = chars.peek() {
                out.push((*at..*at + c.len_utf8(), theme.search));
            }
        }
    }
    out
}

/// Splits one wrapped line (starting at byte `start` of the passage view) into styled pieces.
fn styled_segments(
    text: &str,
    start: usize,
    marks: &[Mark],
    extras: &[(std::ops::Range<usize>, Style)],
    base: Style,
    app: &App,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let end = start + text.len();
    // Style change points inside the line.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let ranges = marks
        .iter()
        .map(|m| &m.range)
        .chain(extras.iter().map(|(r, _)| r));
    for r in ranges {
        for at in [r.start, r.end] {
            if at > start && at < end && text.is_char_boundary(at - start) {
                cuts.push(at - start);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let abs = start + a;
        let mut style = base;
        // Outer marks first (scare quotes around a term), inner ones on top.
        let mut covering: Vec<&Mark> = marks
            .iter()
            .filter(|m| m.range.start <= abs && abs < m.range.end)
            .collect();
        covering.sort_by_key(|m| std::cmp::Reverse(m.range.end - m.range.start));
        for m in covering {
            style = style.patch(mark_style(m, app, theme));
            if m.selected {
                style = style.add_modifier(Modifier::REVERSED);
            }
        }
        for (r, extra) in extras {
            if r.start <= abs && abs < r.end {
                style = style.patch(*extra);
            }
        }
        out.push(Span::styled(piece.to_string(), style));
    }
    out
}

fn mark_style(mark: &Mark, app: &App, theme: &Theme) -> Style {
    if mark.swapped {
        return theme.lens_swap;
    }
    match (mark.kind, &mark.side) {
        (SpanKind::Term, Some(side)) => app
            .conventions
            .iter()
            .position(|c| c == side)
            .map(|i| theme.side(i))
            .unwrap_or(theme.term),
        (kind, _) => theme.mark(kind),
    }
}

/// The layers with their keys, each in its own style, hidden ones struck through.
fn legend(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let layers = [
        (Action::LayerTerms, SpanKind::Term, "terms"),
        (Action::LayerPeople, SpanKind::Person, "people"),
        (Action::LayerPlaces, SpanKind::Place, "places"),
        (Action::LayerOrgs, SpanKind::Org, "orgs"),
        (Action::LayerDates, SpanKind::Date, "dates"),
        (Action::LayerNumbers, SpanKind::Number, "numbers"),
        (Action::LayerQuotes, SpanKind::ScareQuote, "“quotes”"),
    ];
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (action, kind, name) in layers {
        let key = app.config.keymap.hint(action);
        let piece = format!("{key}·{name}");
        if used + piece.chars().count() + 1 > width {
            break;
        }
        used += piece.chars().count() + 1;
        let style = if app.hidden_layers.contains(&kind) {
            theme.dim.add_modifier(Modifier::CROSSED_OUT)
        } else {
            theme.mark(kind)
        };
        spans.push(Span::styled(piece, style));
        spans.push(Span::raw(" "));
    }
    // Which colour is which side, while terms show.
    if !app.hidden_layers.contains(&SpanKind::Term) {
        for (i, side) in app.conventions.iter().take(3).enumerate() {
            let piece = format!("■{side}");
            if used + piece.chars().count() + 1 > width {
                break;
            }
            used += piece.chars().count() + 1;
            spans.push(Span::styled(piece, theme.side(i)));
            spans.push(Span::raw(" "));
        }
    }
    Line::from(spans)
}
