//! Drawing: `render(&App, &mut Frame)` reads the state and draws it; it changes nothing and
//! touches no file. One file per pane or overlay; every style comes from `theme`.

mod help;
mod list;
mod notes;
mod reader;
mod search;
mod side;
mod status;
pub mod svg;
pub mod theme;

use crate::app::App;
use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH, Pane};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use theme::Theme;

pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme::new(&app.config.colors, app.config.no_color);
    let area = frame.area();
    let Some(areas) = layout::areas(area.width, area.height, app.companion) else {
        too_small(frame, area, &theme);
        return;
    };
    if app.parallel.open {
        match layout::parallel_areas(area.width, area.height) {
            Some((parallel, right)) => {
                reader::render(app, frame, parallel.reader, &theme);
                reader::render_parallel(app, frame, right, &theme);
            }
            None => parallel_too_narrow(app, frame, areas, &theme),
        }
    } else {
        if let Some(r) = areas.list {
            list::render(app, frame, r, &theme);
        }
        reader::render(app, frame, areas.reader, &theme);
        if let Some(r) = areas.side {
            side::render(app, frame, r, &theme);
        }
    }
    status::render(app, frame, areas.status, &theme);
    match app.overlay {
        Some(crate::app::Overlay::Search) => search::render(app, frame, area, &theme),
        Some(crate::app::Overlay::Editor) => notes::render_editor(app, frame, area, &theme),
        Some(crate::app::Overlay::Notes) => notes::render_notes_view(app, frame, area, &theme),
        Some(crate::app::Overlay::NotesProblem) => notes::render_problem(app, frame, area, &theme),
        Some(overlay) => help::render(app, overlay, frame, area, &theme),
        None => {}
    }
}

/// A pane's border, highlighted when focused.
fn pane_block<'a>(app: &App, pane: Pane, title: Line<'a>, theme: &Theme) -> Block<'a> {
    let focused = app.focus == pane;
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title)
}

/// The parallel view open in a terminal too narrow for it (after a resize).
fn parallel_too_narrow(app: &App, frame: &mut Frame, areas: layout::Areas, theme: &Theme) {
    let body = Rect::new(0, 0, areas.status.width, areas.status.y);
    let message = format!(
        "The parallel view needs at least {} columns; this terminal has {}. Widen it, or press {} to close the view.",
        layout::THREE_PANE_WIDTH,
        body.width,
        app.config.keymap.hint(crate::app::action::Action::Parallel)
    );
    let lines: Vec<Line> =
        crate::wrap::wrap(&message, body.width.saturating_sub(4).max(1) as usize)
            .into_iter()
            .map(|l| Line::styled(l.into_owned(), theme.warning))
            .collect();
    let top = body.height.saturating_sub(lines.len() as u16) / 2;
    let target = Rect::new(body.x, body.y + top, body.width, body.height - top);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), target);
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let message = format!(
        "parallax needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    let lines: Vec<Line> = crate::wrap::wrap(&message, area.width.max(1) as usize)
        .into_iter()
        .map(|l| Line::styled(l.into_owned(), theme.warning))
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let target = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), target);
}
