//! Where each pane goes for a terminal size: one pure function used by drawing and by mouse
//! hit-testing, so the two always agree.

use ratatui::layout::Rect;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this width up all three panes show; below it the reader shares the screen with the
/// list or the side panel, whichever was focused last.
pub const THREE_PANE_WIDTH: u16 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Reader,
    Side,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Option<Rect>,
    pub reader: Rect,
    pub side: Option<Rect>,
    pub status: Rect,
}

impl Areas {
    pub fn of(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::List => self.list,
            Pane::Reader => Some(self.reader),
            Pane::Side => self.side,
        }
    }

    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let hit = |r: Rect| r.contains(ratatui::layout::Position { x: column, y: row });
        [Pane::List, Pane::Reader, Pane::Side]
            .into_iter()
            .find(|&p| self.of(p).is_some_and(hit))
    }
}

/// `None` below the minimum size. `companion` is the pane shown beside the reader when there
/// is room for only two.
pub fn areas(width: u16, height: u16, companion: Pane) -> Option<Areas> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let body_height = height - 1;
    let status = Rect::new(0, body_height, width, 1);
    let clamp = |v: u32, lo: u16, hi: u16| (v as u16).clamp(lo, hi);
    let w = u32::from(width);
    if width >= THREE_PANE_WIDTH {
        let list_w = clamp(w * 24 / 100, 28, 44);
        let side_w = clamp(w * 28 / 100, 32, 60);
        let reader_w = width - list_w - side_w;
        Some(Areas {
            list: Some(Rect::new(0, 0, list_w, body_height)),
            reader: Rect::new(list_w, 0, reader_w, body_height),
            side: Some(Rect::new(list_w + reader_w, 0, side_w, body_height)),
            status,
        })
    } else {
        let companion_w = clamp(w * 36 / 100, 22, 40);
        let reader_w = width - companion_w;
        let left = Rect::new(0, 0, companion_w, body_height);
        let right = Rect::new(companion_w, 0, reader_w, body_height);
        let (list, side, reader) = match companion {
            Pane::Side => (
                None,
                Some(Rect::new(reader_w, 0, companion_w, body_height)),
                Rect::new(0, 0, reader_w, body_height),
            ),
            _ => (Some(left), None, right),
        };
        Some(Areas {
            list,
            reader,
            side,
            status,
        })
    }
}

/// The parallel view's panes, from `THREE_PANE_WIDTH` columns up: the reader on the left half
/// (as `Areas`, with neither list nor side panel) and the other article's pane on the right.
pub fn parallel_areas(width: u16, height: u16) -> Option<(Areas, Rect)> {
    if width < THREE_PANE_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let body_height = height - 1;
    let left_w = width / 2;
    Some((
        Areas {
            list: None,
            reader: Rect::new(0, 0, left_w, body_height),
            side: None,
            status: Rect::new(0, body_height, width, 1),
        },
        Rect::new(left_w, 0, width - left_w, body_height),
    ))
}

/// The area inside a pane's border.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_minimum_there_is_no_layout() {
        assert!(areas(59, 40, Pane::List).is_none());
        assert!(areas(100, 14, Pane::List).is_none());
        assert!(areas(60, 15, Pane::List).is_some());
    }

    #[test]
    fn panes_tile_the_screen_without_overlap() {
        for width in [60, 80, 119, 120, 160, 300] {
            for companion in [Pane::List, Pane::Side] {
                let a = areas(width, 30, companion).unwrap();
                let panes: Vec<Rect> = [a.list, Some(a.reader), a.side]
                    .into_iter()
                    .flatten()
                    .collect();
                let total: u16 = panes.iter().map(|r| r.width).sum();
                assert_eq!(total, width, "width {width}");
                for (i, p) in panes.iter().enumerate() {
                    for q in &panes[i + 1..] {
                        assert!(!p.intersects(*q), "{p:?} overlaps {q:?}");
                    }
                }
                assert!(a.reader.width >= 36, "reader too narrow at {width}");
            }
        }
        let wide = areas(160, 45, Pane::List).unwrap();
        assert!(wide.list.is_some() && wide.side.is_some());
        let narrow = areas(80, 24, Pane::Side).unwrap();
        assert!(narrow.list.is_none() && narrow.side.is_some());
    }

    #[test]
    fn the_parallel_view_splits_the_body_in_two_from_120_columns() {
        assert!(parallel_areas(119, 40).is_none());
        for width in [120, 121, 200] {
            let (a, right) = parallel_areas(width, 40).unwrap();
            assert!(a.list.is_none() && a.side.is_none());
            assert_eq!(a.reader.width + right.width, width);
            assert!(!a.reader.intersects(right));
            assert!(a.reader.width.abs_diff(right.width) <= 1);
            assert_eq!(a.status.y, 39);
        }
    }
}
