//! Sanitising untrusted text: nothing from a file reaches the terminal raw.

use std::borrow::Cow;
use std::str::Chars;

/// Cleaned article text plus what was removed, for the load report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// Lines end with `\n` only; no control characters but `\n`; no escape sequences, bidi
    /// controls or tabs (expanded to spaces).
    pub text: String,
    /// Escape sequences (ESC/CSI/OSC/DCS...) removed whole.
    pub escapes: usize,
    /// Other control characters (C0, C1, DEL) removed.
    pub controls: usize,
    /// Bidi overrides, embeddings, isolates and marks removed.
    pub bidi: usize,
}

impl Cleaned {
    pub fn removed(&self) -> usize {
        self.escapes + self.controls + self.bidi
    }
}

/// Tab stops every this many columns.
pub const TAB_WIDTH: usize = 4;

pub fn clean(raw: &str) -> Cleaned {
    run(raw, false)
}

/// For one-line display of any untrusted string (file names, titles in messages):
/// the same rules as `clean`, with line breaks turned into spaces.
pub fn sanitize_inline(s: &str) -> Cow<'_, str> {
    if is_inline_safe(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(run(s, true).text)
}

/// True when `sanitize_inline` would return its input unchanged.
fn is_inline_safe(s: &str) -> bool {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return true;
    }
    s.chars().all(|c| classify(c) == Class::Keep)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Keep,
    /// LF, VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    LineBreak,
    /// CR, alone or as half of CRLF.
    Cr,
    Tab,
    Esc,
    /// 8-bit CSI (U+009B).
    C1Csi,
    /// 8-bit OSC, DCS, SOS, PM, APC: strings up to ST.
    C1String,
    Control,
    Bidi,
}

fn classify(c: char) -> Class {
    match c {
        ' '..='~' => Class::Keep,
        '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::LineBreak,
        '\r' => Class::Cr,
        '\t' => Class::Tab,
        '\u{1B}' => Class::Esc,
        '\u{9B}' => Class::C1Csi,
        '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => Class::C1String,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Class::Control,
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Class::Bidi,
        // Invisible or format characters that can hide or disguise text: BOM/ZWNBSP, soft
        // hyphen, interlinear annotation marks, tag characters, and the noncharacters.
        '\u{FEFF}'
        | '\u{AD}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{FFFE}'
        | '\u{FFFF}' => Class::Control,
        _ => Class::Keep,
    }
}

fn is_line_break(c: char) -> bool {
    matches!(classify(c), Class::LineBreak | Class::Cr)
}

struct Out {
    cleaned: Cleaned,
    inline: bool,
    /// Tab expansion needs the column, counted in chars since the line start. Counting is
    /// deferred to the next tab and resumes from `anchor`, so it stays linear.
    anchor: usize,
    col: usize,
}

impl Out {
    fn push_str(&mut self, s: &str) {
        self.cleaned.text.push_str(s);
    }

    fn line_break(&mut self) {
        if self.inline {
            self.cleaned.text.push(' ');
        } else {
            self.cleaned.text.push('\n');
            self.anchor = self.cleaned.text.len();
            self.col = 0;
        }
    }

    fn tab(&mut self) {
        let text = &mut self.cleaned.text;
        self.col += text.get(self.anchor..).map_or(0, |s| s.chars().count());
        let n = TAB_WIDTH - self.col % TAB_WIDTH;
        text.extend(std::iter::repeat_n(' ', n));
        self.col += n;
        self.anchor = text.len();
    }
}

fn pos(raw: &str, it: &Chars<'_>) -> usize {
    raw.len() - it.as_str().len()
}

fn run(raw: &str, inline: bool) -> Cleaned {
    let mut out = Out {
        cleaned: Cleaned {
            text: String::with_capacity(raw.len()),
            ..Cleaned::default()
        },
        inline,
        anchor: 0,
        col: 0,
    };
    let mut it = raw.chars();
    // Runs of kept characters are copied as slices rather than char by char.
    let mut run_start = 0;
    loop {
        let here = pos(raw, &it);
        let Some(c) = it.next() else {
            out.push_str(raw.get(run_start..).unwrap_or_default());
            break;
        };
        let class = classify(c);
        if class == Class::Keep {
            continue;
        }
        out.push_str(raw.get(run_start..here).unwrap_or_default());
        match class {
            Class::Keep => {}
            Class::LineBreak => out.line_break(),
            Class::Cr => {
                // CRLF is one break: the LF that follows does the work.
                if it.clone().next() != Some('\n') {
                    out.line_break();
                }
            }
            Class::Tab => out.tab(),
            Class::Esc => {
                skip_escape(&mut it);
                out.cleaned.escapes += 1;
            }
            Class::C1Csi => {
                skip_csi(&mut it);
                out.cleaned.escapes += 1;
            }
            Class::C1String => {
                // Unlike ESC ], an 8-bit introducer without a terminator on the same line is
                // far more likely mis-decoded Windows-1252 ("ž", "Ÿ") than an attack, so only
                // the introducer goes and the rest of the line is kept.
                let before = it.clone();
                if skip_string(&mut it) {
                    out.cleaned.escapes += 1;
                } else {
                    it = before;
                    out.cleaned.controls += 1;
                }
            }
            Class::Control => out.cleaned.controls += 1,
            Class::Bidi => out.cleaned.bidi += 1,
        }
        run_start = pos(raw, &it);
    }
    out.cleaned
}

/// After an ESC: consumes the rest of the sequence. Anything that cannot continue the
/// sequence is left for normal processing, so a malformed sequence never eats real text
/// beyond what a terminal would.
fn skip_escape(it: &mut Chars<'_>) {
    let mut peek = it.clone();
    match peek.next() {
        Some('[') => {
            *it = peek;
            skip_csi(it);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            *it = peek;
            // ESC ] and friends eat to the end of the line when unterminated: one line
            // lost is better than a title or payload shown, and the file's rest is kept.
            skip_string(it);
        }
        Some('\u{20}'..='\u{2F}') => {
            // nF sequences such as ESC ( B: intermediates, then one final byte.
            *it = peek;
            loop {
                let mut p = it.clone();
                match p.next() {
                    Some('\u{20}'..='\u{2F}') => *it = p,
                    Some('\u{30}'..='\u{7E}') => {
                        *it = p;
                        break;
                    }
                    _ => break,
                }
            }
        }
        Some('\u{30}'..='\u{7E}') => *it = peek,
        // A lone ESC (at the end, or before a control or non-ASCII char) goes alone.
        _ => {}
    }
}

/// After a CSI introducer: parameter and intermediate bytes up to a final byte.
fn skip_csi(it: &mut Chars<'_>) {
    loop {
        let mut p = it.clone();
        match p.next() {
            Some('\u{20}'..='\u{3F}') => *it = p,
            Some('\u{40}'..='\u{7E}') => {
                *it = p;
                return;
            }
            _ => return,
        }
    }
}

/// After an OSC/DCS/SOS/PM/APC introducer: the payload up to BEL or ST (ESC \ or U+009C),
/// never past the end of the line. Returns whether a terminator was found.
fn skip_string(it: &mut Chars<'_>) -> bool {
    loop {
        let mut p = it.clone();
        match p.next() {
            None => {
                *it = p;
                return false;
            }
            Some('\u{07}' | '\u{9C}') => {
                *it = p;
                return true;
            }
            Some('\u{1B}') => {
                let mut st = p.clone();
                if st.next() == Some('\\') {
                    *it = st;
                    return true;
                }
                // Another escape aborts this one, as in xterm; it is handled on its own.
                return false;
            }
            Some(c) if is_line_break(c) => return false,
            Some(_) => *it = p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        clean(s).text
    }

    #[test]
    fn plain_text_is_unchanged() {
        let s = "Xankəndi, İşıq — «Şuşa» 😀 中文 Հայաստան e\u{301} a\u{A0}b \u{200D}";
        let c = clean(s);
        assert_eq!(c.text, s);
        assert_eq!(c.removed(), 0);
        assert!(matches!(sanitize_inline(s), Cow::Borrowed(_)));
    }

    #[test]
    fn line_endings() {
        assert_eq!(text("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(text("a\r\r\nb"), "a\n\nb");
        assert_eq!(
            text("a\u{2028}b\u{2029}c\u{0B}d\u{0C}e\u{85}f"),
            "a\nb\nc\nd\ne\nf"
        );
        assert_eq!(clean("a\r\nb").removed(), 0);
    }

    #[test]
    fn csi_sequences() {
        let c = clean("\x1b[1;31mRed\x1b[0m \x1b[2J\x1b[H\x1b[?25l");
        assert_eq!(c.text, "Red ");
        assert_eq!(c.escapes, 5);
        assert_eq!(c.controls, 0);
    }

    #[test]
    fn csi_with_intermediates_and_private_params() {
        assert_eq!(text("a\x1b[>4;2mb\x1b[1 qc\x1b[!pd"), "abcd");
    }

    #[test]
    fn aborted_csi_keeps_following_text() {
        let c = clean("\x1b[12\nnext");
        assert_eq!(c.text, "\nnext");
        assert_eq!(c.escapes, 1);
        assert_eq!(text("\x1b[1;é"), "é");
    }

    #[test]
    fn osc_terminated_by_bel_or_st() {
        let c = clean("\x1b]0;pwned\x07Title");
        assert_eq!(c.text, "Title");
        assert_eq!(c.escapes, 1);
        assert_eq!(
            text("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ done"),
            "link done"
        );
        assert_eq!(text("x\x1b]2;t\u{9C}y"), "xy");
    }

    #[test]
    fn unterminated_osc_eats_only_the_line() {
        let c = clean("before\x1b]0;never ends\nsecond line\nthird");
        assert_eq!(c.text, "before\nsecond line\nthird");
        assert_eq!(c.escapes, 1);
        assert_eq!(text("a\x1b]0;abc"), "a");
        assert_eq!(text("a\x1b]0;abc\r\nb"), "a\nb");
    }

    #[test]
    fn osc_aborted_by_another_escape() {
        let c = clean("\x1b]0;x\x1b[31mred");
        assert_eq!(c.text, "red");
        assert_eq!(c.escapes, 2);
    }

    #[test]
    fn dcs_sos_pm_apc() {
        assert_eq!(text("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(text("a\x1bXsos\x1b\\b"), "ab");
        assert_eq!(text("a\x1b^pm\x1b\\b"), "ab");
        assert_eq!(text("a\x1b_Gf=100;AAAA\x1b\\b"), "ab");
        assert_eq!(text("a\x1bPunterminated\nb"), "a\nb");
    }

    #[test]
    fn two_char_and_nf_escapes() {
        let c = clean("a\x1b7b\x1b8c\x1bMd\x1b(Be\x1b#8f\x1b=g");
        assert_eq!(c.text, "abcdefg");
        assert_eq!(c.escapes, 6);
    }

    #[test]
    fn lone_escape() {
        let c = clean("end\x1b");
        assert_eq!(c.text, "end");
        assert_eq!(c.escapes, 1);
        assert_eq!(text("\x1b\x1b\x1b"), "");
        assert_eq!(text("a\x1b\nb"), "a\nb");
        assert_eq!(text("a\x1bé"), "aé");
    }

    #[test]
    fn c1_sequences() {
        let c = clean("a\u{9B}31mb\u{9D}0;title\u{7}c\u{90}dcs\u{9C}d");
        assert_eq!(c.text, "abcd");
        assert_eq!(c.escapes, 3);
        assert_eq!(c.controls, 0);
    }

    #[test]
    fn unterminated_c1_string_keeps_the_line() {
        // "ž" in Windows-1252 misread as Latin-1 is U+009E, an 8-bit PM.
        let c = clean("Ko\u{9E}ani grad\nnext");
        assert_eq!(c.text, "Koani grad\nnext");
        assert_eq!(c.escapes, 0);
        assert_eq!(c.controls, 1);
    }

    #[test]
    fn c0_c1_and_del_are_removed() {
        let c = clean("a\0b\x01c\x07d\x08e\x7Ff\u{80}g\u{93}h\u{9C}i\x1Fj");
        assert_eq!(c.text, "abcdefghij");
        assert_eq!(c.controls, 9);
        assert_eq!(c.escapes, 0);
    }

    #[test]
    fn bidi_controls() {
        let c = clean(
            "a\u{202E}b\u{202A}\u{202B}\u{202C}\u{202D}c\u{2066}\u{2067}\u{2068}\u{2069}d\u{200E}\u{200F}\u{61C}e",
        );
        assert_eq!(c.text, "abcde");
        assert_eq!(c.bidi, 12);
        assert_eq!(c.controls, 0);
    }

    #[test]
    fn invisible_format_characters() {
        let c = clean(
            "\u{FEFF}a\u{AD}b\u{FFF9}c\u{FFFA}\u{FFFB}d\u{E0001}\u{E0041}\u{E007F}e\u{FFFE}\u{FFFF}",
        );
        assert_eq!(c.text, "abcde");
        assert_eq!(c.controls, 10);
    }

    #[test]
    fn kept_format_and_letters() {
        let s = "👨\u{200D}👩 a\u{200B}b \u{A0} ə ı İ ş Ա ա \u{300}";
        assert_eq!(text(s), s);
    }

    #[test]
    fn tabs_expand_to_four_columns() {
        assert_eq!(text("\tx"), "    x");
        assert_eq!(text("ab\tc"), "ab  c");
        assert_eq!(text("abcd\te"), "abcd    e");
        assert_eq!(text("a\t\tb"), "a       b");
        assert_eq!(text("əş\tx\nab\ty"), "əş  x\nab  y");
        assert_eq!(text("x\r\n\ty"), "x\n    y");
        // Removed characters take no column.
        assert_eq!(text("\x1b[31mab\x1b[0m\tc"), "ab  c");
        assert_eq!(clean("\t").removed(), 0);
    }

    #[test]
    fn sanitize_inline_turns_breaks_into_spaces() {
        assert_eq!(sanitize_inline("a\nb\r\nc\rd\u{2028}e"), "a b c d e");
        assert_eq!(sanitize_inline("a\n\nb"), "a  b");
        assert_eq!(sanitize_inline("\x1b]0;pwned\x07Title"), "Title");
        assert_eq!(sanitize_inline("a\u{202E}b"), "ab");
        assert_eq!(sanitize_inline("x\ty"), "x   y");
        assert!(matches!(
            sanitize_inline("plain name.txt"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(sanitize_inline("Şuşa 😀.md"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_inline("a\nb"), Cow::Owned(_)));
    }

    #[test]
    fn idempotent_on_examples() {
        for s in [
            "\x1b\x00[31m x",
            "a\r\x00\nb",
            "\t\x1b]0;\x1b\\\tz",
            "\u{9B}\u{9B}31m",
            "a\u{85}\r\n\tb",
        ] {
            let once = text(s);
            assert_eq!(text(&once), once, "{s:?}");
            assert_eq!(clean(&once).removed(), 0);
        }
    }

    #[test]
    fn seeds_need_no_cleaning() {
        for seed in [
            include_str!("../../assets/corpus/000_c7578c60d21c174b.txt"),
            include_str!("../../assets/corpus/001_88d79b41f7afebc8.txt"),
            include_str!("../../assets/corpus/002_ef07ea4504f32489.txt"),
            include_str!("../../assets/corpus/003_47cd471fb8d6deea.txt"),
            include_str!("../../assets/corpus/004_4e6cf89af3c18a31.txt"),
        ] {
            let c = clean(seed);
            assert_eq!(c.text, seed);
            assert_eq!(c.removed(), 0);
        }
    }

    #[test]
    fn large_input_is_handled_whole() {
        let s = "Plain text, ağ şə\tİı \x1b[1mbold\x1b[0m.\r\n".repeat(400_000);
        let c = clean(&s);
        assert_eq!(c.escapes, 800_000);
    }
}
