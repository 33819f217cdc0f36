//! A rendered buffer as an SVG picture with its colours, for `screenshots/`.
//!
//! Text is written in runs of cells that share a style, each run stretched to exactly its cells
//! (`textLength`), so columns line up whatever monospace font the viewer picks. Box-drawing
//! lines and block elements are drawn as shapes, not glyphs: fonts draw them shorter than a
//! cell, which leaves gaps in pane borders and in the cursor bar.

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use std::fmt::Write;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 18.0;
const FONT: f32 = 14.0;
/// Baseline below the top of a cell.
const BASELINE: f32 = 13.5;
const DEFAULT_FG: &str = "#d4d4d4";
const DEFAULT_BG: &str = "#1e1e1e";
/// Stroke widths of light and heavy box-drawing lines; double lines are two light ones.
const LIGHT: f32 = 1.2;
const HEAVY: f32 = 2.6;
const DOUBLE_GAP: f32 = 1.6;

fn hex(color: Color, default: &str) -> String {
    let named = |s: &str| s.to_string();
    match color {
        Color::Reset => default.to_string(),
        Color::Black => named("#1e1e1e"),
        Color::Red => named("#cd3131"),
        Color::Green => named("#0dbc79"),
        Color::Yellow => named("#e5e510"),
        Color::Blue => named("#2472c8"),
        Color::Magenta => named("#bc3fbc"),
        Color::Cyan => named("#11a8cd"),
        Color::Gray => named("#cccccc"),
        Color::DarkGray => named("#767676"),
        Color::LightRed => named("#f14c4c"),
        Color::LightGreen => named("#23d18b"),
        Color::LightYellow => named("#f5f543"),
        Color::LightBlue => named("#3b8eea"),
        Color::LightMagenta => named("#d670d6"),
        Color::LightCyan => named("#29b8db"),
        Color::White => named("#e5e5e5"),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => {
            // The 16 ANSI colours as above, then the 6x6x6 cube and the grey ramp.
            const ANSI: [Color; 16] = [
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ];
            match i {
                0..=15 => hex(ANSI[usize::from(i)], default),
                16..=231 => {
                    let i = i - 16;
                    let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
                    format!(
                        "#{:02x}{:02x}{:02x}",
                        level(i / 36),
                        level((i / 6) % 6),
                        level(i % 6)
                    )
                }
                232..=255 => {
                    let v = 8 + (i - 232) * 10;
                    format!("#{v:02x}{v:02x}{v:02x}")
                }
            }
        }
    }
}

/// Text safe inside an XML element: markup escaped, characters XML forbids dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The colours and attributes a cell is drawn with.
#[derive(Clone, PartialEq, Eq)]
struct Look {
    fg: String,
    bg: String,
    bold: bool,
    italic: bool,
    underline: bool,
    dim: bool,
}

fn look(cell: &Cell) -> Look {
    let (fg, bg) = if cell.modifier.contains(Modifier::REVERSED) {
        (hex(cell.bg, DEFAULT_BG), hex(cell.fg, DEFAULT_FG))
    } else {
        (hex(cell.fg, DEFAULT_FG), hex(cell.bg, DEFAULT_BG))
    };
    Look {
        fg,
        bg,
        bold: cell.modifier.contains(Modifier::BOLD),
        italic: cell.modifier.contains(Modifier::ITALIC),
        underline: cell.modifier.contains(Modifier::UNDERLINED),
        dim: cell.modifier.contains(Modifier::DIM),
    }
}

/// Line weight of one arm of a box-drawing character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arm {
    None,
    Light,
    Heavy,
    Double,
}

/// Arms (left, right, up, down) and whether the corner is rounded, for the box-drawing
/// characters the interface uses.
fn box_arms(c: char) -> Option<([Arm; 4], bool)> {
    use Arm::{Double as D, Heavy as H, Light as L, None as N};
    let (arms, round) = match c {
        '─' => ([L, L, N, N], false),
        '│' => ([N, N, L, L], false),
        '━' => ([H, H, N, N], false),
        '┃' => ([N, N, H, H], false),
        '═' => ([D, D, N, N], false),
        '║' => ([N, N, D, D], false),
        '┌' => ([N, L, N, L], false),
        '┐' => ([L, N, N, L], false),
        '└' => ([N, L, L, N], false),
        '┘' => ([L, N, L, N], false),
        '╭' => ([N, L, N, L], true),
        '╮' => ([L, N, N, L], true),
        '╰' => ([N, L, L, N], true),
        '╯' => ([L, N, L, N], true),
        '┏' => ([N, H, N, H], false),
        '┓' => ([H, N, N, H], false),
        '┗' => ([N, H, H, N], false),
        '┛' => ([H, N, H, N], false),
        '╔' => ([N, D, N, D], false),
        '╗' => ([D, N, N, D], false),
        '╚' => ([N, D, D, N], false),
        '╝' => ([D, N, D, N], false),
        '├' => ([N, L, L, L], false),
        '┤' => ([L, N, L, L], false),
        '┬' => ([L, L, N, L], false),
        '┴' => ([L, L, L, N], false),
        '┼' => ([L, L, L, L], false),
        _ => return None,
    };
    Some((arms, round))
}

/// A box-drawing character as SVG paths filling its cell edge to edge.
fn draw_box(out: &mut String, x0: f32, y0: f32, arms: [Arm; 4], round: bool, color: &str) {
    let (x1, y1) = (x0 + CELL_W, y0 + CELL_H);
    let (cx, cy) = (x0 + CELL_W / 2.0, y0 + CELL_H / 2.0);
    let [left, right, up, down] = arms;
    let mut path = |d: String, width: f32| {
        let _ = writeln!(
            out,
            r#"<path d="{d}" stroke="{color}" stroke-width="{width}" fill="none" stroke-linecap="butt" stroke-linejoin="miter"/>"#
        );
    };
    let horizontal = [left, right].into_iter().find(|a| *a != Arm::None);
    let vertical = [up, down].into_iter().find(|a| *a != Arm::None);
    let is_corner =
        (left == Arm::None) != (right == Arm::None) && (up == Arm::None) != (down == Arm::None);
    if is_corner {
        // One bend: from the horizontal edge to the vertical edge.
        let sx = if right != Arm::None { 1.0 } else { -1.0 };
        let sy = if down != Arm::None { 1.0 } else { -1.0 };
        let hx = if sx > 0.0 { x1 } else { x0 };
        let vy = if sy > 0.0 { y1 } else { y0 };
        match horizontal.unwrap_or(Arm::Light) {
            Arm::Double => {
                for k in [-1.0, 1.0] {
                    let (px, py) = (cx + k * sx * DOUBLE_GAP, cy + k * sy * DOUBLE_GAP);
                    path(
                        format!("M{hx:.1},{py:.1} L{px:.1},{py:.1} L{px:.1},{vy:.1}"),
                        LIGHT,
                    );
                }
            }
            weight => {
                let width = if weight == Arm::Heavy { HEAVY } else { LIGHT };
                let d = if round {
                    let r = CELL_W / 2.0;
                    format!(
                        "M{hx:.1},{cy:.1} L{:.1},{cy:.1} Q{cx:.1},{cy:.1} {cx:.1},{:.1} L{cx:.1},{vy:.1}",
                        cx + sx * r,
                        cy + sy * r
                    )
                } else {
                    format!("M{hx:.1},{cy:.1} L{cx:.1},{cy:.1} L{cx:.1},{vy:.1}")
                };
                path(d, width);
            }
        }
        return;
    }
    // Straight lines and tees: each arm from the centre to its edge, overlapping at the centre.
    let arm =
        |weight: Arm, from: (f32, f32), to: (f32, f32), horizontal: bool| -> Vec<(String, f32)> {
            let line = |a: (f32, f32), b: (f32, f32)| {
                format!("M{:.1},{:.1} L{:.1},{:.1}", a.0, a.1, b.0, b.1)
            };
            match weight {
                Arm::None => Vec::new(),
                Arm::Light => vec![(line(from, to), LIGHT)],
                Arm::Heavy => vec![(line(from, to), HEAVY)],
                Arm::Double => [-DOUBLE_GAP, DOUBLE_GAP]
                    .into_iter()
                    .map(|g| {
                        let shift = |p: (f32, f32)| {
                            if horizontal {
                                (p.0, p.1 + g)
                            } else {
                                (p.0 + g, p.1)
                            }
                        };
                        (line(shift(from), shift(to)), LIGHT)
                    })
                    .collect(),
            }
        };
    let pad = |w: Arm| match w {
        Arm::Heavy => HEAVY / 2.0,
        Arm::Double => DOUBLE_GAP + LIGHT / 2.0,
        _ => LIGHT / 2.0,
    };
    if left == right && up == Arm::None && down == Arm::None {
        for (d, width) in arm(left, (x0, cy), (x1, cy), true) {
            path(d, width);
        }
        return;
    }
    if up == down && left == Arm::None && right == Arm::None {
        for (d, width) in arm(up, (cx, y0), (cx, y1), false) {
            path(d, width);
        }
        return;
    }
    let vpad = vertical.map(pad).unwrap_or(0.0);
    let hpad = horizontal.map(pad).unwrap_or(0.0);
    let mut lines = Vec::new();
    lines.extend(arm(left, (x0, cy), (cx + vpad, cy), true));
    lines.extend(arm(right, (cx - vpad, cy), (x1, cy), true));
    lines.extend(arm(up, (cx, y0), (cx, cy + hpad), false));
    lines.extend(arm(down, (cx, cy - hpad), (cx, y1), false));
    for (d, width) in lines {
        path(d, width);
    }
}

/// Block elements as rectangles: (x, y, width, height) as fractions of the cell, and opacity.
fn block_rect(c: char) -> Option<(f32, f32, f32, f32, f32)> {
    Some(match c {
        '█' => (0.0, 0.0, 1.0, 1.0, 1.0),
        '▌' => (0.0, 0.0, 0.5, 1.0, 1.0),
        '▐' => (0.5, 0.0, 0.5, 1.0, 1.0),
        '▀' => (0.0, 0.0, 1.0, 0.5, 1.0),
        '▄' => (0.0, 0.5, 1.0, 0.5, 1.0),
        '░' => (0.0, 0.0, 1.0, 1.0, 0.25),
        '▒' => (0.0, 0.0, 1.0, 1.0, 0.5),
        '▓' => (0.0, 0.0, 1.0, 1.0, 0.75),
        _ => return None,
    })
}

/// A cell drawn as a shape rather than text.
fn shape_of(symbol: &str) -> Option<char> {
    let mut chars = symbol.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    (box_arms(c).is_some() || block_rect(c).is_some()).then_some(c)
}

/// A run of text cells sharing one look.
struct Run {
    x: u16,
    cells: u16,
    text: String,
    look: Look,
}

fn write_run(out: &mut String, y: u16, run: &Run) {
    // Spaces at either end only pad: drop them and start the text at its first glyph.
    let lead = run.text.len() - run.text.trim_start_matches(' ').len();
    let text = run.text.trim_matches(' ');
    if text.is_empty() {
        return;
    }
    let trail = run.text.len() - run.text.trim_end_matches(' ').len();
    let cells = run.cells - lead as u16 - trail as u16;
    let x = run.x + lead as u16;
    let mut attrs = String::new();
    if run.look.bold {
        attrs.push_str(r#" font-weight="bold""#);
    }
    if run.look.italic {
        attrs.push_str(r#" font-style="italic""#);
    }
    if run.look.underline {
        attrs.push_str(r#" text-decoration="underline""#);
    }
    if run.look.dim {
        attrs.push_str(r#" fill-opacity="0.6""#);
    }
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" textLength="{:.1}" lengthAdjust="spacingAndGlyphs"{attrs} fill="{}">{}</text>"#,
        f32::from(x) * CELL_W,
        f32::from(y) * CELL_H + BASELINE,
        f32::from(cells) * CELL_W,
        run.look.fg,
        escape(text)
    );
}

/// The buffer as an SVG document.
pub fn buffer_to_svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let w = f32::from(area.width) * CELL_W;
    let h = f32::from(area.height) * CELL_H;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.1}" height="{h:.1}" viewBox="0 0 {w:.1} {h:.1}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{FONT}" xml:space="preserve">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{DEFAULT_BG}"/>"#
    );
    for y in 0..area.height {
        let cell_at = |x: u16| &buffer[(area.x + x, area.y + y)];
        // Backgrounds first, merged across cells of one colour.
        let mut x = 0;
        while x < area.width {
            let bg = look(cell_at(x)).bg;
            let start = x;
            while x < area.width && look(cell_at(x)).bg == bg {
                x += 1;
            }
            if bg != DEFAULT_BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{CELL_H}" fill="{bg}"/>"#,
                    f32::from(start) * CELL_W,
                    f32::from(y) * CELL_H,
                    f32::from(x - start) * CELL_W
                );
            }
        }
        // Then shapes and text runs.
        let mut run: Option<Run> = None;
        let mut x = 0;
        while x < area.width {
            let cell = cell_at(x);
            let symbol = cell.symbol();
            let width = unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            let cell_look = look(cell);
            let shape = shape_of(symbol);
            let joins = shape.is_none()
                && width == 1
                && run.as_ref().is_some_and(|r| {
                    r.look == cell_look || symbol == " " && r.look.bg == cell_look.bg
                });
            if joins {
                if let Some(r) = run.as_mut() {
                    r.text.push_str(symbol);
                    r.cells += 1;
                }
            } else {
                if let Some(r) = run.take() {
                    write_run(&mut out, y, &r);
                }
                let (x0, y0) = (f32::from(x) * CELL_W, f32::from(y) * CELL_H);
                match shape {
                    Some(c) => {
                        if let Some((arms, round)) = box_arms(c) {
                            draw_box(&mut out, x0, y0, arms, round, &cell_look.fg);
                        } else if let Some((fx, fy, fw, fh, opacity)) = block_rect(c) {
                            let _ = writeln!(
                                out,
                                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" fill-opacity="{opacity}"/>"#,
                                x0 + fx * CELL_W,
                                y0 + fy * CELL_H,
                                fw * CELL_W,
                                fh * CELL_H,
                                cell_look.fg
                            );
                        }
                    }
                    None => {
                        let r = Run {
                            x,
                            cells: width,
                            text: symbol.to_string(),
                            look: cell_look,
                        };
                        if width == 1 {
                            run = Some(r);
                        } else {
                            write_run(&mut out, y, &r);
                        }
                    }
                }
            }
            x += width;
        }
        if let Some(r) = run.take() {
            write_run(&mut out, y, &r);
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn cells_become_text_with_their_colours() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(
            0,
            0,
            "a<b",
            Style::default().fg(Color::Cyan).bg(Color::Rgb(1, 2, 3)),
        );
        let svg = buffer_to_svg(&buffer);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r##"fill="#11a8cd">a&lt;b</text>"##), "{svg}");
        assert!(svg.contains(r##"fill="#010203""##));
        // One background rectangle for the three cells.
        assert!(
            svg.contains(r##"width="25.2" height="18" fill="#010203""##),
            "{svg}"
        );
    }

    #[test]
    fn runs_keep_their_columns_and_split_on_style() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(1, 0, "ab cd", Style::default());
        buffer.set_string(7, 0, "ef", Style::default().fg(Color::Red));
        let svg = buffer_to_svg(&buffer);
        assert!(
            svg.contains(r#"<text x="8.4" y="13.5" textLength="42.0""#),
            "{svg}"
        );
        assert!(svg.contains(">ab cd</text>"), "{svg}");
        assert!(svg.contains(r##"<text x="58.8" y="13.5" textLength="16.8" lengthAdjust="spacingAndGlyphs" fill="#cd3131">ef</text>"##), "{svg}");
    }

    #[test]
    fn borders_and_blocks_are_shapes() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "╭─┃▌", Style::default().fg(Color::Indexed(6)));
        let svg = buffer_to_svg(&buffer);
        assert!(!svg.contains("<text"), "{svg}");
        assert_eq!(svg.matches("<path").count(), 3, "{svg}");
        assert!(
            svg.contains(r##"stroke="#11a8cd""##),
            "indexed 6 is the ANSI cyan: {svg}"
        );
        assert!(
            svg.contains(r#"width="4.2" height="18.0""#),
            "half-block: {svg}"
        );
    }

    #[test]
    fn control_characters_never_reach_the_document() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer[(0, 0)].set_symbol("\u{1b}");
        buffer[(1, 0)].set_symbol("x");
        let svg = buffer_to_svg(&buffer);
        assert!(!svg.contains('\u{1b}'));
        assert!(svg.contains(">x</text>"), "{svg}");
    }
}
