//! End-to-end tests of the real `parallax` binary in a pseudo-terminal: what a person at a
//! terminal sees, read back through a terminal emulator (vt100), including colours, the window
//! title, the alternate screen and resizes.
//!
//! Timeouts here are failure limits only: every wait polls until the screen shows what it must.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use vt100::{Color, Screen};

const TIMEOUT: Duration = Duration::from_secs(20);
const CYAN: Color = Color::Idx(6);

/// What the terminal was asked to do besides drawing: window titles and icon names.
#[derive(Default)]
struct Watch {
    titles: Vec<String>,
    icon_names: Vec<String>,
}

impl vt100::Callbacks for Watch {
    fn set_window_title(&mut self, _: &mut Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }
    fn set_window_icon_name(&mut self, _: &mut Screen, name: &[u8]) {
        self.icon_names
            .push(String::from_utf8_lossy(name).into_owned());
    }
}

struct Shared {
    parser: vt100::Parser<Watch>,
    /// Every byte the program wrote, in order.
    raw: Vec<u8>,
}

/// The real binary running in a pty, with a terminal emulator reading its output.
struct Term {
    shared: Arc<Mutex<Shared>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    eof: Arc<AtomicBool>,
    _home: tempfile::TempDir,
}

struct Options<'a> {
    args: &'a [&'a str],
    cols: u16,
    rows: u16,
    no_color: bool,
    cwd: Option<&'a Path>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            args: &[],
            cols: 120,
            rows: 36,
            no_color: false,
            cwd: None,
        }
    }
}

impl Term {
    fn spawn(options: Options) -> Term {
        let home = tempfile::tempdir().unwrap();
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: options.rows,
                cols: options.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
        cmd.args(options.args);
        // A clean environment: no user config, log or colour preference leaks in.
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        if options.no_color {
            cmd.env("NO_COLOR", "1");
        }
        cmd.cwd(options.cwd.unwrap_or(home.path()));
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Only the child keeps the slave open, so the reader sees EOF when it exits.
        drop(pair.slave);

        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new_with_callbacks(
                options.rows,
                options.cols,
                0,
                Watch::default(),
            ),
            raw: Vec::new(),
        }));
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let eof = Arc::new(AtomicBool::new(false));
        let mut source = pair.master.try_clone_reader().unwrap();
        let reader = {
            let shared = shared.clone();
            let writer = writer.clone();
            let eof = eof.clone();
            thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                loop {
                    match source.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let chunk = &buf[..n];
                            let mut s = shared.lock().unwrap();
                            s.raw.extend_from_slice(chunk);
                            s.parser.process(chunk);
                            // Answer cursor position queries as a real terminal would.
                            let queries = chunk.windows(4).filter(|w| w == b"\x1b[6n").count();
                            if queries > 0 {
                                let (row, col) = s.parser.screen().cursor_position();
                                let answer = format!("\x1b[{};{}R", row + 1, col + 1);
                                drop(s);
                                let mut w = writer.lock().unwrap();
                                for _ in 0..queries {
                                    let _ = w.write_all(answer.as_bytes());
                                }
                                let _ = w.flush();
                            }
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        Term {
            shared,
            writer,
            master: pair.master,
            child,
            reader: Some(reader),
            eof,
            _home: home,
        }
    }

    /// Types raw bytes, as a terminal sends them for keys.
    fn send(&self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    fn with_screen<T>(&self, f: impl FnOnce(&Screen) -> T) -> T {
        let s = self.shared.lock().unwrap();
        f(s.parser.screen())
    }

    fn contents(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    /// Polls until `pred` holds for the screen and the output has settled (no byte arrived
    /// since the last look, when it already held): a frame comes in several writes, and a
    /// screen read between them shows half of the new frame over the old one. Panics with the
    /// screen when that does not happen within the timeout or when the program exits first.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Screen) -> bool) {
        let start = Instant::now();
        let mut held_at: Option<usize> = None;
        loop {
            let (holds, received) = {
                let s = self.shared.lock().unwrap();
                (pred(s.parser.screen()), s.raw.len())
            };
            if holds && held_at == Some(received) {
                return;
            }
            held_at = holds.then_some(received);
            let exited = self.eof.load(Ordering::SeqCst);
            if exited || start.elapsed() > TIMEOUT {
                // One last look: the final output may have just arrived.
                if self.with_screen(&pred) {
                    return;
                }
                panic!(
                    "{} waiting for: {what}\n--- screen ---\n{}\n--------------",
                    if exited {
                        "program exited"
                    } else {
                        "timed out"
                    },
                    self.dump()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_text(&mut self, text: &str) {
        let t = text.to_string();
        self.wait_for(&format!("{text:?} on screen"), move |s| {
            s.contents().contains(&t)
        });
    }

    /// The screen with row numbers, for failure messages.
    fn dump(&self) -> String {
        self.with_screen(|s| {
            let (_, cols) = s.size();
            s.rows(0, cols)
                .enumerate()
                .map(|(i, r)| format!("{i:>2}|{r}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.shared
            .lock()
            .unwrap()
            .parser
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Waits for the program to exit and for its last output to be read; returns the exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                panic!("the program did not exit\n--- screen ---\n{}", self.dump());
            }
            thread::sleep(Duration::from_millis(20));
        };
        while !self.eof.load(Ordering::SeqCst) {
            if start.elapsed() > TIMEOUT {
                panic!("no EOF from the pty after exit");
            }
            thread::sleep(Duration::from_millis(10));
        }
        if let Some(h) = self.reader.take() {
            h.join().unwrap();
        }
        status.exit_code()
    }

    fn raw(&self) -> Vec<u8> {
        self.shared.lock().unwrap().raw.clone()
    }

    fn titles(&self) -> (Vec<String>, Vec<String>) {
        let s = self.shared.lock().unwrap();
        let cb = s.parser.callbacks();
        (cb.titles.clone(), cb.icon_names.clone())
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn row_text(s: &Screen, row: u16) -> String {
    let (_, cols) = s.size();
    s.rows(0, cols).nth(row as usize).unwrap_or_default()
}

fn status_row(s: &Screen) -> String {
    let (rows, _) = s.size();
    row_text(s, rows - 1)
}

/// The text of a column range on every row.
fn columns(s: &Screen, start: u16, width: u16) -> String {
    s.rows(start, width).collect::<Vec<_>>().join("\n")
}

fn cell_text(s: &Screen, row: u16, col: u16) -> String {
    s.cell(row, col)
        .map(|c| c.contents().to_string())
        .unwrap_or_default()
}

/// Number of pane borders starting on the top row (rounded or thick top-left corners).
fn panes_on_top_row(s: &Screen) -> usize {
    let (_, cols) = s.size();
    (0..cols)
        .filter(|&c| matches!(cell_text(s, 0, c).as_str(), "╭" | "┏"))
        .count()
}

/// Columns of the top row where a pane starts, left to right.
fn pane_starts(s: &Screen) -> Vec<u16> {
    let (_, cols) = s.size();
    (0..cols)
        .filter(|&c| matches!(cell_text(s, 0, c).as_str(), "╭" | "┏"))
        .collect()
}

const VERTICAL: [&str; 2] = ["│", "┃"];

/// The three-pane layout at 120 columns: list 0..28, reader 28..87, side 87..120.
const WIDE_EDGES: [u16; 6] = [0, 27, 28, 86, 87, 119];

fn borders_intact(s: &Screen, edges: &[u16]) -> Result<(), String> {
    let (rows, _) = s.size();
    for row in 1..rows - 2 {
        for &col in edges {
            let t = cell_text(s, row, col);
            if !VERTICAL.contains(&t.as_str()) {
                return Err(format!(
                    "row {row} column {col} is {t:?}, not a pane border"
                ));
            }
        }
    }
    for &col in edges {
        for row in [0, rows - 2] {
            let t = cell_text(s, row, col);
            if !matches!(t.as_str(), "╭" | "╮" | "╰" | "╯" | "┏" | "┓" | "┗" | "┛")
            {
                return Err(format!("row {row} column {col} is {t:?}, not a corner"));
            }
        }
    }
    Ok(())
}

fn loaded(s: &Screen) -> bool {
    s.contents().contains("Articles 5 ")
}

#[test]
fn sample_corpus_navigation_help_and_clean_exit() {
    let mut t = Term::spawn(Options::default());
    t.wait_for("the sample corpus loaded", loaded);
    t.with_screen(|s| {
        let all = s.contents();
        assert!(all.contains("Azerbaijan: Lachin corridor"), "{all}");
        assert!(s.alternate_screen(), "the TUI runs on the alternate screen");
        assert!(
            status_row(s).starts_with(" LIST "),
            "status: {:?}",
            status_row(s)
        );
        // The reader (columns 28..87) shows the first article's text.
        let reader = columns(s, 28, 59);
        assert!(
            reader.contains("Tip for protesters in Khankandi"),
            "{reader}"
        );
        assert!(!reader.contains("Baku, Azerbaijan"), "{reader}");
        // The list marks the selected article.
        assert!(
            row_text(s, 1).contains("▶ Azerbaijan: Lachin"),
            "{}",
            row_text(s, 1)
        );
    });

    t.send("j");
    t.wait_for("the second article in the reader", |s| {
        columns(s, 28, 59).contains("Baku, Azerbaijan")
    });
    t.with_screen(|s| {
        assert!(
            row_text(s, 3).contains("▶ Baku, Azerbaijan"),
            "{}",
            row_text(s, 3)
        );
        assert!(!columns(s, 28, 59).contains("Tip for protesters"));
        assert!(
            status_row(s).starts_with(" LIST  2/5 "),
            "status: {:?}",
            status_row(s)
        );
    });

    t.send("\t");
    t.wait_for("the reader focused", |s| {
        status_row(s).starts_with(" READER ")
    });

    t.send("?");
    t.wait_text(" Help ");
    t.with_screen(|s| {
        let all = s.contents();
        assert!(all.contains("Focus the next pane"), "{all}");
        assert!(all.contains("Sort the list"), "{all}");
    });
    // The help is longer than the screen: G scrolls to its end.
    t.send("G");
    t.wait_text("Quit");
    t.send("q");
    t.wait_for("help closed", |s| {
        !s.contents().contains(" Help ") && s.contents().contains("Baku")
    });
    t.send("?");
    t.wait_text(" Help ");
    t.send("\x1b");
    t.wait_for("help closed by esc", |s| !s.contents().contains(" Help "));
    t.with_screen(|s| assert!(status_row(s).starts_with(" READER "), "{:?}", status_row(s)));

    t.send("q");
    let code = t.wait_exit();
    assert_eq!(code, 0, "exit status\n{}", t.dump());
    t.with_screen(|s| {
        assert!(
            !s.alternate_screen(),
            "the alternate screen was left on exit"
        );
        assert!(!s.hide_cursor(), "the cursor is shown again after exit");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture is off after exit"
        );
    });
    let raw = t.raw();
    assert!(!contains(&raw, b"panicked"), "no panic output");
    // Every frame is sent as one synchronized update, so that terminals show it whole.
    let begins = count(&raw, b"\x1b[?2026h");
    assert!(begins >= 4, "{begins} synchronized frames");
    assert_eq!(
        begins,
        count(&raw, b"\x1b[?2026l"),
        "each frame ends its update"
    );
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn focused_border_and_cursor_marker_are_cyan() {
    let mut t = Term::spawn(Options::default());
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_text("▌");
    t.with_screen(|s| {
        let (rows, _) = s.size();
        // The list is focused: its border (column 0 and 27) is cyan and bold.
        for row in 0..rows - 1 {
            for col in [0, 27] {
                let cell = s.cell(row, col).unwrap();
                assert_eq!(
                    cell.fgcolor(),
                    CYAN,
                    "list border at {row},{col} {:?}",
                    cell.contents()
                );
                assert!(cell.bold(), "focused border is bold at {row},{col}");
            }
        }
        // The unfocused reader's border is not the accent colour.
        let reader_edge = s.cell(5, 28).unwrap();
        assert_eq!(reader_edge.contents(), "│");
        assert_ne!(reader_edge.fgcolor(), CYAN);
        // The cursor marker in the reader is cyan.
        let marker = find_cell(s, "▌").expect("cursor marker on screen");
        assert_eq!(s.cell(marker.0, marker.1).unwrap().fgcolor(), CYAN);
        assert!(
            marker.1 > 28 && marker.1 < 87,
            "marker in the reader: {marker:?}"
        );
    });
    t.send("\t");
    t.wait_for("the reader focused", |s| {
        status_row(s).starts_with(" READER ")
    });
    t.with_screen(|s| {
        let cell = s.cell(5, 28).unwrap();
        assert_eq!(cell.contents(), "┃", "focused border is thick");
        assert_eq!(cell.fgcolor(), CYAN);
        assert_ne!(
            s.cell(5, 0).unwrap().fgcolor(),
            CYAN,
            "the list border is no longer the accent"
        );
    });
}

fn find_cell(s: &Screen, text: &str) -> Option<(u16, u16)> {
    let (rows, cols) = s.size();
    (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .find(|&(r, c)| cell_text(s, r, c) == text)
}

#[test]
fn no_color_draws_without_colours() {
    let mut t = Term::spawn(Options {
        no_color: true,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_text("▌");
    t.send("?");
    t.wait_text(" Help ");
    t.send("q");
    t.wait_for("help closed", |s| !s.contents().contains(" Help "));
    t.with_screen(|s| {
        let (rows, cols) = s.size();
        for r in 0..rows {
            for c in 0..cols {
                let cell = s.cell(r, c).unwrap();
                assert_eq!(
                    (cell.fgcolor(), cell.bgcolor()),
                    (Color::Default, Color::Default),
                    "cell {r},{c} {:?} has a colour under NO_COLOR",
                    cell.contents()
                );
            }
        }
        // The status badge stays visible through reverse video.
        assert!(status_row(s).starts_with(" LIST "));
        for c in 0..6 {
            assert!(
                s.cell(rows - 1, c).unwrap().inverse(),
                "badge cell {c} is reverse video"
            );
        }
        // So does the selected list row.
        assert!(
            s.cell(1, 3).unwrap().inverse(),
            "the selected row is reverse video"
        );
    });
    // No colour escape was ever written, not even on the first frames.
    let raw = String::from_utf8_lossy(&t.raw()).into_owned();
    for code in ["[38;5;", "[48;5;", "[38;2;", "[48;2;", "[36m", "[90m"] {
        assert!(
            !raw.contains(code),
            "colour code {code:?} written under NO_COLOR"
        );
    }
}

/// A file written to attack the terminal: escape sequences of every kind between the words.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut evil = String::from("Evil \x1b]0;PWNED\x07title \x1b[31mred\x1b[0m\n\n");
    evil.push_str(
        "alpha \x1b]0;PWNED\x07 beta \x1b]2;PWNED2\x1b\\ gamma \x1b[2J delta \x1b[H epsilon \
         \x1b[10;10H zeta \x1b[1;31;44m eta \x1b[0m theta \u{9b}31m iota \u{202e}kappa\u{202c} \
         lambda\x7f mu\x07 nu\x08\x08 xi\rrho\tsigma \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \
         \x1b[?1049l \x1b[?25l \x1bc tau \x1bP+q\x1b\\ upsilon \u{90}dcs\u{9c} omega.\n\n",
    );
    for i in 0..30 {
        evil.push_str(&format!(
            "Paragraph {i} \x1b]0;PWNED{i}\x07 keeps \x1b[{i};{i}H going \x1b[2K with \u{9b}2J words \
             \u{202e}and\u{202d} more \x1b[38;5;196mcolour\x1b[m and a tail of ordinary prose so that \
             it wraps over several lines of the reader pane.\n\n"
        ));
    }
    evil.push_str("The last words: finis \x1b]2;PWNED-END\x07 coda.\n");
    std::fs::write(dir.path().join("evil.txt"), evil).unwrap();
    std::fs::write(
        dir.path().join("ok.txt"),
        "ok article\n\nA plain and harmless paragraph about nothing at all.\n",
    )
    .unwrap();
    dir
}

fn check_frame_intact(t: &Term) {
    if std::env::var_os("PARALLAX_PTY_DUMP").is_some() {
        eprintln!("{}\n", t.dump());
    }
    t.with_screen(|s| {
        let all = s.contents();
        assert!(!all.contains("PWNED"), "PWNED on screen:\n{}", t.dump_of(s));
        let status = status_row(s);
        assert!(
            status.starts_with(" LIST ") || status.starts_with(" READER "),
            "status line: {status:?}\n{}",
            t.dump_of(s)
        );
        if let Err(e) = borders_intact(s, &WIDE_EDGES) {
            panic!("{e}\n{}", t.dump_of(s));
        }
        let list = columns(s, 0, 28);
        assert!(
            list.contains("ok article"),
            "the list still shows ok.txt's title:\n{list}"
        );
        assert!(list.contains("Evil title"), "{list}");
    });
}

impl Term {
    fn dump_of(&self, s: &Screen) -> String {
        let (_, cols) = s.size();
        s.rows(0, cols)
            .enumerate()
            .map(|(i, r)| format!("{i:>2}|{r}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn hostile_file_cannot_drive_the_terminal() {
    let dir = hostile_folder();
    let path = dir.path().to_str().unwrap().to_string();
    let mut t = Term::spawn(Options {
        args: &[&path],
        ..Options::default()
    });
    t.wait_for("the folder loaded", |s| {
        s.contents().contains("Articles 2 ")
    });
    check_frame_intact(&t);
    t.with_screen(|s| {
        let reader = columns(s, 28, 59);
        assert!(reader.contains("alpha"), "{reader}");
        assert!(reader.contains("omega"), "{reader}");
        assert!(reader.contains("Evil title red"), "{reader}");
    });

    // Open it and read it through to the end, checking every step.
    t.send("\r");
    t.wait_for("the reader focused", |s| {
        status_row(s).starts_with(" READER ")
    });
    check_frame_intact(&t);
    for i in 1..8 {
        t.send("j");
        let want = format!("¶ {}/", i + 1);
        t.wait_for(&format!("cursor on passage {}", i + 1), move |s| {
            status_row(s).contains(&want)
        });
        check_frame_intact(&t);
    }
    for _ in 0..3 {
        t.send(" ");
        thread::sleep(Duration::from_millis(50));
        check_frame_intact(&t);
    }
    t.send("G");
    t.wait_for("the end of the article", |s| {
        columns(s, 28, 59).contains("finis")
    });
    check_frame_intact(&t);
    t.with_screen(|s| {
        assert!(
            columns(s, 28, 59).contains("coda."),
            "{}",
            columns(s, 28, 59)
        )
    });
    t.send("g");
    t.wait_for("back at the top", |s| columns(s, 28, 59).contains("alpha"));
    check_frame_intact(&t);

    // The other article still opens normally.
    t.send("\x1b");
    t.wait_for("the list focused", |s| status_row(s).starts_with(" LIST "));
    t.send("j");
    t.wait_for("ok.txt in the reader", |s| {
        columns(s, 28, 59).contains("A plain and harmless")
    });
    check_frame_intact(&t);

    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    let (titles, icons) = t.titles();
    assert!(titles.is_empty(), "the window title was set: {titles:?}");
    assert!(icons.is_empty(), "the icon name was set: {icons:?}");
    let raw = t.raw();
    assert!(
        !contains(&raw, b"PWNED"),
        "the attack text reached the terminal"
    );
    let text = String::from_utf8_lossy(&raw);
    assert!(
        !text.contains('\u{202e}'),
        "a bidi override reached the terminal"
    );
    assert!(!text.contains('\u{9b}'), "a C1 CSI reached the terminal");
    assert!(!text.contains('\u{90}'), "a C1 DCS reached the terminal");
    assert!(!raw.contains(&0x07), "BEL reached the terminal");
    assert!(!raw.contains(&0x7f), "DEL reached the terminal");
    assert!(!raw.contains(&0x08), "backspace reached the terminal");
    assert!(
        !contains(&raw, b"\x1bc"),
        "a terminal reset reached the terminal"
    );
    assert!(
        !contains(&raw, b"\x1b]"),
        "an OSC sequence reached the terminal"
    );
}

#[test]
fn missing_path_is_one_clean_error_line() {
    let mut t = Term::spawn(Options {
        args: &["/nonexistent"],
        cols: 100,
        rows: 24,
        ..Options::default()
    });
    let code = t.wait_exit();
    assert_ne!(code, 0, "exit status for a missing path");
    let all = t.contents();
    let lines: Vec<&str> = all.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line of output:\n{all}");
    assert!(
        lines[0].starts_with("error: /nonexistent: cannot read"),
        "{all}"
    );
    assert!(
        !all.contains("panicked") && !all.contains("RUST_BACKTRACE"),
        "{all}"
    );
    t.with_screen(|s| assert!(!s.alternate_screen(), "no TUI was started"));
}

#[test]
fn binary_file_is_reported_and_the_rest_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2048u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(dir.path().join("image.txt"), png).unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "A good article\n\nIts only paragraph reads well.\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap().to_string();
    let mut t = Term::spawn(Options {
        args: &[&path],
        cols: 80,
        rows: 24,
        ..Options::default()
    });
    t.wait_for("the folder loaded", |s| {
        s.contents().contains("Articles 1 ")
    });
    t.with_screen(|s| {
        let all = s.contents();
        assert!(all.contains("A good article"), "{all}");
        assert!(all.contains("Its only paragraph reads well."), "{all}");
        let status = status_row(s);
        assert!(
            status.contains("message(s)"),
            "status line warns: {status:?}"
        );
        // At 80 columns: the list and the reader, no side pane.
        assert_eq!(panes_on_top_row(s), 2, "{all}");
        assert!(!all.contains(" Details "));
    });
    t.send("!");
    t.wait_text(" Loader messages ");
    t.with_screen(|s| {
        let all = s.contents();
        let line = all.lines().find(|l| l.contains("image.txt"));
        assert!(line.is_some(), "a message names image.txt:\n{all}");
        assert!(
            !all.contains("good.txt:"),
            "only the bad file is reported:\n{all}"
        );
    });
    t.send("\x1b");
    t.wait_for("messages closed", |s| {
        !s.contents().contains(" Loader messages ")
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn resizing_changes_the_layout() {
    let mut t = Term::spawn(Options::default());
    t.wait_for("the sample corpus loaded", loaded);
    t.with_screen(|s| {
        assert_eq!(
            pane_starts(s),
            vec![0, 28, 87],
            "three panes at 120 columns"
        );
        assert!(s.contents().contains(" Details "));
    });

    t.resize(70, 20);
    t.wait_for("two panes at 70x20", |s| {
        pane_starts(s) == vec![0, 25]
            && s.contents().contains("Articles 5")
            && status_row(s).starts_with(" LIST ")
    });
    t.with_screen(|s| {
        assert!(
            !s.contents().contains(" Details "),
            "no side pane at 70 columns"
        );
        borders_intact(s, &[0, 24, 25, 69]).unwrap();
    });

    t.resize(50, 12);
    t.wait_text("needs a terminal of at least 60×15");
    t.with_screen(|s| assert_eq!(panes_on_top_row(s), 0, "no panes when too small"));

    t.resize(100, 30);
    t.wait_for("two panes at 100x30", |s| {
        pane_starts(s) == vec![0, 36] && s.contents().contains("Articles 5")
    });
    t.with_screen(|s| {
        assert!(!s.contents().contains("needs a terminal"));
        borders_intact(s, &[0, 35, 36, 99]).unwrap();
        assert!(
            columns(s, 36, 64).contains("Tip for protesters"),
            "{}",
            s.contents()
        );
    });
    // Still responsive after all that.
    t.send("j");
    t.wait_for("second article", |s| {
        status_row(s).starts_with(" LIST  2/5 ")
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn harness_sees_titles_colours_and_the_alternate_screen() {
    // The checks above rely on the emulator reporting these; make sure it does.
    let mut parser = vt100::Parser::new_with_callbacks(5, 20, 0, Watch::default());
    parser.process(b"\x1b[?1049h\x1b]0;one\x07\x1b]2;two\x1b\\\x1b[36;1mX\x1b[0m\x1b[7mY");
    assert!(parser.screen().alternate_screen());
    assert_eq!(parser.callbacks().titles, ["one", "two"]);
    assert_eq!(parser.callbacks().icon_names, ["one"]);
    let x = parser.screen().cell(0, 0).unwrap();
    assert_eq!((x.contents(), x.fgcolor(), x.bold()), ("X", CYAN, true));
    assert!(parser.screen().cell(0, 1).unwrap().inverse());
    parser.process(b"\x1b[?1049l");
    assert!(!parser.screen().alternate_screen());
}

#[test]
fn narrow_terminal_swaps_the_list_and_the_side_panel() {
    let mut t = Term::spawn(Options {
        cols: 80,
        rows: 24,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.with_screen(|s| {
        assert_eq!(pane_starts(s), vec![0, 28], "list and reader at 80 columns");
        assert!(!s.contents().contains(" Details "));
        borders_intact(s, &[0, 27, 28, 79]).unwrap();
    });
    t.send("\t");
    t.wait_for("the reader focused", |s| {
        status_row(s).starts_with(" READER ")
    });
    t.send("\t");
    t.wait_for("the side panel in place of the list", |s| {
        status_row(s).starts_with(" DETAILS ") && s.contents().contains(" Details ")
    });
    t.with_screen(|s| {
        assert!(!s.contents().contains("Articles 5"), "{}", s.contents());
        assert_eq!(
            pane_starts(s),
            vec![0, 52],
            "reader on the left, side panel on the right"
        );
    });
    // shift-tab back to the reader keeps the side panel; once more brings the list back.
    t.send("\x1b[Z");
    t.wait_for("the reader focused", |s| {
        status_row(s).starts_with(" READER ")
    });
    t.with_screen(|s| assert!(s.contents().contains(" Details ")));
    t.send("\x1b[Z");
    t.wait_for("the list back", |s| {
        status_row(s).starts_with(" LIST ")
            && s.contents().contains("Articles 5")
            && pane_starts(s) == vec![0, 28]
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

/// Where `text` starts on screen, matching cell by cell (one char per cell).
fn find_text(s: &Screen, text: &str) -> Option<(u16, u16)> {
    let (rows, cols) = s.size();
    let want: Vec<String> = text.chars().map(|c| c.to_string()).collect();
    for row in 0..rows {
        // A cell never written since the screen was cleared reads back empty: a space.
        let cells: Vec<String> = (0..cols)
            .map(|c| cell_text(s, row, c))
            .map(|t| if t.is_empty() { " ".to_string() } else { t })
            .collect();
        for col in 0..cells.len().saturating_sub(want.len() - 1) {
            if cells[col..col + want.len()]
                .iter()
                .zip(&want)
                .all(|(a, b)| a == b)
            {
                return Some((row, col as u16));
            }
        }
    }
    None
}

/// The real binary draws a contested term bold and underlined in its side's colour, and `4`
/// switches the terms layer off.
#[test]
fn contested_terms_are_highlighted_and_the_layer_toggles() {
    let mut t = Term::spawn(Options::default());
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_text("Tip for protesters in Khankandi");
    // The analysis runs on a worker: wait until the term is drawn underlined.
    t.wait_for("Khankandi highlighted", |s| {
        find_text(s, "Tip for protesters in Khankandi")
            .map(|(row, col)| {
                let k = s.cell(row, col + 22).unwrap();
                k.contents() == "K" && k.underline() && k.bold()
            })
            .unwrap_or(false)
    });
    t.with_screen(|s| {
        let (row, col) = find_text(s, "Tip for protesters in Khankandi").unwrap();
        let k = s.cell(row, col + 22).unwrap();
        assert_ne!(
            k.fgcolor(),
            vt100::Color::Default,
            "terms carry their side's colour"
        );
        let plain = s.cell(row, col).unwrap();
        assert!(!plain.underline(), "ordinary words are not underlined");
        let legend = (0..s.size().0)
            .map(|r| row_text(s, r))
            .find(|l| l.contains("4·terms"));
        assert!(
            legend.is_some(),
            "the legend names the layers and their keys"
        );
    });
    t.send("4");
    t.wait_for("terms hidden", |s| {
        find_text(s, "Tip for protesters in Khankandi")
            .map(|(row, col)| !s.cell(row, col + 22).unwrap().underline())
            .unwrap_or(false)
    });
    t.send("q");
}

/// Notes in the real binary: a bookmark and an annotation made in one run are in the margin
/// of the next run on the same data directory.
#[test]
fn notes_made_in_one_run_are_there_in_the_next() {
    let data = tempfile::tempdir().unwrap();
    let data_arg = data.path().to_str().unwrap().to_string();
    let args = ["--data-dir", data_arg.as_str()];
    let mut t = Term::spawn(Options {
        args: &args,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_text("Tip for protesters in Khankandi");
    t.send("\tb");
    t.wait_text("▌★");
    t.send("ja");
    t.wait_text(" New note ");
    t.send("kept across runs\tevidence\x13"); // ctrl-s saves
    t.wait_text("✎");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);

    let mut t = Term::spawn(Options {
        args: &args,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_text("★");
    t.wait_text("✎");
    t.send("B");
    t.wait_text(" Notes and bookmarks ");
    t.wait_text("kept across runs");
    t.wait_text("#evidence");
    // Edit the note from the notes view: filter to it, ctrl-e, type, ctrl-s.
    t.send("kept");
    t.wait_text("1 of 2 note(s)");
    t.send("\x05"); // ctrl-e
    t.wait_text(" Edit note ");
    t.send(", edited\x13"); // ctrl-s
    t.wait_text("note saved");
    // Delete the bookmark, with confirmation: clear the filter, ctrl-d on the first note.
    t.send("B\x15"); // ctrl-u clears the filter
    t.wait_text("2 of 2 note(s)");
    t.send("\x04"); // ctrl-d
    t.wait_text("Delete the selected note?");
    t.send("y");
    t.wait_text("1 of 1 note(s)");
    // Enter jumps to the note's passage in the reader.
    t.send("\r");
    t.wait_for("the notes view closed", |s| {
        !s.contents().contains(" Notes and bookmarks ")
    });
    t.wait_text(" READER ");
    t.wait_text("✎");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    let stored = std::fs::read_to_string(data.path().join("notes.json")).unwrap();
    assert!(stored.contains("kept across runs, edited"), "{stored}");
    assert!(
        !stored.contains("\"bookmark\""),
        "the bookmark was deleted: {stored}"
    );
}

#[test]
fn the_parallel_view_opens_beside_the_reader_with_aligned_passages_level() {
    let mut t = Term::spawn(Options {
        cols: 160,
        rows: 45,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    // 002, then its passage on the 2020 war (the 12th shown).
    t.send("jj\t");
    t.wait_for("002 open in the reader", |s| {
        status_row(s).starts_with(" READER  3/5 ")
    });
    t.send(&"j".repeat(11));
    t.wait_for("the cursor on the 2020 war", |s| {
        status_row(s).contains("¶ 12/21")
    });
    t.send("p");
    t.wait_for("the parallel view with an aligned source", |s| {
        s.contents().contains("⇄") && s.contents().contains("↔")
    });
    t.send(">");
    t.wait_for("003's passage on the right", |s| {
        columns(s, 80, 80).contains("Fast forward to the recent")
    });
    t.with_screen(|s| {
        let bar = |col: u16| (0..45).find(|&row| cell_text(s, row, col) == "▌");
        assert_eq!(bar(1), bar(81), "level:\n{}", s.contents());
        let row = bar(81).unwrap() as usize;
        let right = columns(s, 83, 70);
        assert!(
            right.lines().nth(row).unwrap().starts_with("Fast forward"),
            "{right}"
        );
        assert!(
            s.contents()
                .contains("≠ killed: more than 6,000 / almost 7,000")
        );
    });
    t.send("p");
    t.wait_for("the three panes back", |s| !s.contents().contains("⇄"));
}

/// Remembering in the real binary: the article, the focused pane and the side tab of one run
/// are where the next run on the same data directory opens; `--fresh` starts at the top.
#[test]
fn the_next_run_opens_where_the_last_one_quit() {
    let data = tempfile::tempdir().unwrap();
    let data_arg = data.path().to_str().unwrap().to_string();
    let args = ["--data-dir", data_arg.as_str()];
    let third = "History in making";
    let mut t = Term::spawn(Options {
        args: &args,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.send("jj");
    t.wait_for("the third article in the reader", |s| {
        columns(s, 28, 59).contains(third)
    });
    t.send("\t>>>");
    t.wait_for("the Claims tab", |s| row_text(s, 0).contains("Claims 4/6"));
    t.wait_for("the reader focused", |s| {
        status_row(s).starts_with(" READER ")
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    let sessions: Vec<_> = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .collect();
    assert_eq!(sessions.len(), 1, "one session file, no temp files left");

    let mut t = Term::spawn(Options {
        args: &args,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_for("the third article back in the reader", |s| {
        columns(s, 28, 59).contains(third)
    });
    t.wait_text("back where you left off");
    t.with_screen(|s| {
        assert!(row_text(s, 0).contains("Claims 4/6"), "{}", row_text(s, 0));
        assert!(
            status_row(s).starts_with(" READER "),
            "status: {:?}",
            status_row(s)
        );
        assert!(
            row_text(s, 5).contains("▶ History in making"),
            "{}",
            row_text(s, 5)
        );
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);

    let fresh_args = ["--data-dir", data_arg.as_str(), "--fresh"];
    let mut t = Term::spawn(Options {
        args: &fresh_args,
        ..Options::default()
    });
    t.wait_for("the sample corpus loaded", loaded);
    t.wait_text("Tip for protesters in Khankandi");
    t.with_screen(|s| {
        assert!(!columns(s, 28, 59).contains(third));
        assert!(!row_text(s, 0).contains("Claims"), "{}", row_text(s, 0));
        assert!(status_row(s).starts_with(" LIST "), "{:?}", status_row(s));
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}
