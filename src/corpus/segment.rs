//! Passages (paragraphs) and sentences with stable offsets into the article text.

use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// How the file lays out its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `.txt`: blank-line separated or one paragraph per line; hard-wrapped text is joined.
    Plain,
    /// `.md`: blank-line blocks; headings and list items stand alone; light inline markup removed.
    Markdown,
}

/// The article text as parallax stores it and the paragraph ranges into it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segmented {
    /// Paragraphs joined by blank lines, each with its inner whitespace normalised.
    pub text: String,
    /// Byte ranges of the paragraphs in `text`, trimmed, non-empty, in order.
    pub paragraphs: Vec<Range<usize>>,
}

/// Longest paragraph kept whole, in chars; longer ones are split at sentence or word bounds.
pub const MAX_PASSAGE_CHARS: usize = 4000;

/// Cuts cleaned text into paragraphs.
///
/// The result's `text` holds the paragraphs separated by exactly `"\n\n"`; a paragraph never
/// contains a blank line itself (only fenced Markdown code keeps single `\n`s), so splitting
/// `text` on `"\n\n"` gives the same paragraphs as `paragraphs`.
pub fn segment(cleaned: &str, layout: Layout) -> Segmented {
    let mut out = Builder {
        text: String::with_capacity(cleaned.len()),
        paragraphs: Vec::new(),
    };
    match layout {
        Layout::Plain => plain(cleaned, &mut out),
        Layout::Markdown => markdown(cleaned, &mut out),
    }
    Segmented {
        text: out.text,
        paragraphs: out.paragraphs,
    }
}

/// Sentence byte ranges (absolute in `text`) inside one paragraph range.
///
/// The ranges are trimmed, non-empty and in order, and together cover every non-space char of
/// the paragraph. A range that is out of bounds or not on char boundaries yields no sentences.
pub fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let Some(s) = text.get(paragraph.clone()) else {
        return Vec::new();
    };
    let base = paragraph.start;
    let mut out = Vec::new();
    let mut start = 0;
    for end in sentence_breaks(s)
        .into_iter()
        .chain(std::iter::once(s.len()))
    {
        if let Some(r) = s.get(start..end).and_then(trimmed_range) {
            out.push(base + start + r.start..base + start + r.end);
        }
        start = end;
    }
    out
}

/// The range of `s.trim()` within `s`, if not empty.
fn trimmed_range(s: &str) -> Option<Range<usize>> {
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    (!body.is_empty()).then(|| lead..lead + body.len())
}

#[derive(Default)]
struct Builder {
    text: String,
    paragraphs: Vec<Range<usize>>,
}

impl Builder {
    fn push(&mut self, paragraph: &str) {
        let p = paragraph.trim();
        if p.len() <= MAX_PASSAGE_CHARS {
            // A char is at least a byte, so this is within the limit without counting.
            self.push_piece(p);
        } else {
            split_overlong(p, |piece| self.push_piece(piece));
        }
    }

    fn push_piece(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(piece);
        self.paragraphs.push(start..self.text.len());
    }
}

/// Emits `p` (trimmed) in pieces of at most `MAX_PASSAGE_CHARS` chars, cutting at the last
/// sentence end in the second half of each window, else the last whitespace there, else at the
/// window's end. Cuts are never in the first half, so every window advances by at least half
/// its size and the whole is linear in the length of `p`.
fn split_overlong(p: &str, mut emit: impl FnMut(&str)) {
    if p.chars().count() <= MAX_PASSAGE_CHARS {
        emit(p.trim());
        return;
    }
    let breaks = sentence_breaks(p);
    let mut next_break = 0;
    let mut start = skip_space(p, 0);
    while start < p.len() {
        let rest = p.get(start..).unwrap_or_default();
        let mut half = 0;
        let mut limit = None;
        for (n, (off, _)) in rest.char_indices().enumerate() {
            if n == MAX_PASSAGE_CHARS / 2 {
                half = off;
            }
            if n == MAX_PASSAGE_CHARS {
                limit = Some(off);
                break;
            }
        }
        let Some(limit) = limit else {
            emit(rest.trim());
            return;
        };
        let (lo, hi) = (start + half, start + limit);
        while breaks.get(next_break).is_some_and(|&b| b <= hi) {
            next_break += 1;
        }
        let sentence_cut = next_break
            .checked_sub(1)
            .and_then(|i| breaks.get(i))
            .copied()
            .filter(|&b| b >= lo);
        let space_cut = || {
            p.get(lo..hi)
                .and_then(|w| w.rfind(char::is_whitespace))
                .map(|i| lo + i)
                .filter(|&i| i > start)
        };
        let cut = sentence_cut.or_else(space_cut).unwrap_or(hi);
        emit(p.get(start..cut).unwrap_or_default().trim());
        start = skip_space(p, cut);
    }
}

fn skip_space(s: &str, from: usize) -> usize {
    match s.get(from..) {
        Some(rest) => s.len() - rest.trim_start().len(),
        None => s.len(),
    }
}

// ---------------------------------------------------------------------------------------------
// Plain text

fn plain(src: &str, out: &mut Builder) {
    if looks_hard_wrapped(src) {
        let mut para = String::new();
        for line in src.split('\n') {
            let t = line.trim();
            if t.is_empty() {
                out.push(&para);
                para.clear();
            } else {
                join_line(&mut para, t);
            }
        }
        out.push(&para);
    } else {
        for line in src.split('\n') {
            out.push(line);
        }
    }
}

/// Appends a trimmed line to a paragraph being rebuilt from wrapped lines.
fn join_line(para: &mut String, line: &str) {
    if !para.is_empty() {
        // "well-" + "known" was one word before wrapping; "a -" + "b" was not.
        let mut tail = para.chars().rev();
        let hyphenated = tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic);
        if !hyphenated {
            para.push(' ');
        }
    }
    para.push_str(line);
}

/// Whether the file is hard-wrapped prose (email, Project Gutenberg): its blocks of consecutive
/// lines are paragraphs cut at a fixed width rather than one paragraph per line.
///
/// Looks at lines followed by another non-blank line ("inner" lines, the ones joining would
/// affect): in wrapped prose they are nearly all 40-100 chars, they mostly end mid-sentence,
/// and the following line often starts with a lowercase letter. One-paragraph-per-line text
/// (all the scraped seeds) fails on length or sentence endings; a list of headlines fails on
/// the capital letters.
fn looks_hard_wrapped(src: &str) -> bool {
    let (mut nonblank, mut long, mut inner) = (0usize, 0usize, 0usize);
    let (mut inner_wrapped, mut inner_ends, mut continued) = (0usize, 0usize, 0usize);
    let mut lines = src.split('\n').map(str::trim).peekable();
    while let Some(t) = lines.next() {
        if t.is_empty() {
            continue;
        }
        nonblank += 1;
        let len = t.chars().take(101).count();
        if len > 100 {
            long += 1;
        }
        let Some(next) = lines.peek().filter(|l| !l.is_empty()) else {
            continue;
        };
        inner += 1;
        inner_wrapped += usize::from((40..=100).contains(&len));
        inner_ends += usize::from(ends_sentence(t));
        continued += usize::from(next.chars().next().is_some_and(|c| !c.is_uppercase()));
    }
    inner >= 2
        && inner * 10 >= nonblank * 3
        && long * 10 <= nonblank
        && inner_wrapped * 4 >= inner * 3
        && inner_ends * 2 <= inner
        && continued * 3 >= inner
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(is_terminator)
}

// ---------------------------------------------------------------------------------------------
// Markdown

fn markdown(src: &str, out: &mut Builder) {
    let src = strip_html_comments(src);
    let mut pending = Pending::default();
    let mut fence: Option<Fence<'_>> = None;
    let mut depth = 0;
    for raw_line in src.split('\n') {
        if let Some(f) = fence.as_mut() {
            let (d, line) = strip_quotes(raw_line, f.depth);
            if d == f.depth {
                if f.closed_by(line) {
                    out.push(&f.text());
                    fence = None;
                } else {
                    f.lines.push(line);
                }
                continue;
            }
            // The quote the fence was in ended, and the fence with it.
            out.push(&f.text());
            fence = None;
        }
        let (d, line) = strip_quotes(raw_line, usize::MAX);
        if d != depth {
            pending.flush(out);
            depth = d;
        }
        let t = line.trim();
        if t.is_empty() {
            pending.flush(out);
            continue;
        }
        if let Some(f) = Fence::open(t, depth) {
            pending.flush(out);
            fence = Some(f);
            continue;
        }
        if pending.kind == Kind::Para && is_setext_underline(t) {
            // The paragraph so far is the heading; headings are plain paragraphs here.
            pending.flush(out);
            continue;
        }
        if is_thematic_break(t) {
            pending.flush(out);
            continue;
        }
        if let Some(heading) = atx_heading(t) {
            pending.flush(out);
            out.push(&lighten(heading));
            continue;
        }
        if pending.kind == Kind::None && REFERENCE_DEFINITION.is_match(t) {
            continue;
        }
        if t.starts_with('|') {
            pending.flush(out);
            if !is_table_separator(t) {
                out.push(&lighten(t.trim_matches('|').trim()));
            }
            continue;
        }
        if let Some(item) = list_item(t) {
            // Only a "1." may interrupt a paragraph, so a wrapped line that happens to start
            // with "1994. " stays part of its paragraph.
            if pending.kind != Kind::Para || item.may_interrupt {
                pending.flush(out);
                pending.kind = Kind::Item(item.marker);
                pending.text.push_str(item.rest);
                continue;
            }
        }
        if pending.kind == Kind::None {
            pending.kind = Kind::Para;
        }
        if pending.text.ends_with('\\') && !pending.text.ends_with("\\\\") {
            // A backslash hard line break.
            pending.text.pop();
        }
        join_line(&mut pending.text, t);
    }
    if let Some(f) = fence {
        out.push(&f.text());
    }
    pending.flush(out);
}

#[derive(Debug, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    None,
    Para,
    /// A list item with its marker as shown: "• " or "3. ".
    Item(String),
}

#[derive(Default)]
struct Pending {
    kind: Kind,
    text: String,
}

impl Pending {
    fn flush(&mut self, out: &mut Builder) {
        let body = lighten(&self.text);
        let body = body.trim();
        if !body.is_empty() {
            match &self.kind {
                Kind::Item(marker) => out.push(&format!("{marker}{body}")),
                _ => out.push(body),
            }
        }
        self.kind = Kind::None;
        self.text.clear();
    }
}

struct Fence<'a> {
    ch: char,
    len: usize,
    depth: usize,
    lines: Vec<&'a str>,
}

impl<'a> Fence<'a> {
    fn open(t: &str, depth: usize) -> Option<Self> {
        let ch = t.chars().next().filter(|&c| c == '`' || c == '~')?;
        let len = t.chars().take_while(|&c| c == ch).count();
        let info = t.get(len..).unwrap_or_default();
        // ```code``` on one line is an inline code span, not a fence.
        if len < 3 || (ch == '`' && info.contains('`')) {
            return None;
        }
        Some(Self {
            ch,
            len,
            depth,
            lines: Vec::new(),
        })
    }

    fn closed_by(&self, line: &str) -> bool {
        let t = line.trim();
        t.chars().count() >= self.len && t.chars().all(|c| c == self.ch)
    }

    /// The code with its common indentation removed; blank lines are dropped so that a blank
    /// line only ever separates paragraphs.
    fn text(&self) -> String {
        let indent = self
            .lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let mut code = String::new();
        for line in self.lines.iter().filter(|l| !l.trim().is_empty()) {
            let line = line.get(indent..).unwrap_or(line).trim_end();
            if !code.is_empty() {
                code.push('\n');
            }
            code.push_str(line);
        }
        code
    }
}

/// Removes up to `max` block-quote markers (`>` with an optional space) from the line's start.
fn strip_quotes(line: &str, max: usize) -> (usize, &str) {
    let mut rest = line;
    let mut depth = 0;
    while depth < max {
        let t = rest.trim_start_matches(' ');
        let Some(after) = t.strip_prefix('>') else {
            break;
        };
        rest = after.strip_prefix(' ').unwrap_or(after);
        depth += 1;
    }
    (depth, rest)
}

fn strip_html_comments(src: &str) -> Cow<'_, str> {
    if !src.contains("<!--") {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(open) = rest.find("<!--") {
        let after = rest.get(open + 4..).unwrap_or_default();
        let Some(close) = after.find("-->") else {
            // Unterminated: leave it as text rather than hide the rest of the file.
            break;
        };
        out.push_str(rest.get(..open).unwrap_or_default());
        rest = after.get(close + 3..).unwrap_or_default();
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn is_setext_underline(t: &str) -> bool {
    t.chars().all(|c| c == '=') || (t.len() >= 2 && t.chars().all(|c| c == '-'))
}

fn is_thematic_break(t: &str) -> bool {
    let mut marks = t.chars().filter(|c| *c != ' ');
    let Some(first) = marks.next() else {
        return false;
    };
    matches!(first, '*' | '-' | '_') && {
        let mut n = 1;
        marks.all(|c| {
            n += 1;
            c == first
        }) && n >= 3
    }
}

fn atx_heading(t: &str) -> Option<&str> {
    let level = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = t.get(level..)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    // A closing run of #s goes only when it is separate from the text ("C#" stays).
    let without = rest.trim_end_matches('#');
    Some(if without.is_empty() {
        ""
    } else if without.ends_with(char::is_whitespace) {
        without.trim_end()
    } else {
        rest
    })
}

fn is_table_separator(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

struct ListItem<'a> {
    marker: String,
    rest: &'a str,
    may_interrupt: bool,
}

fn list_item(t: &str) -> Option<ListItem<'_>> {
    let mut chars = t.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '*' | '+') {
        let rest = chars.as_str();
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some(ListItem {
                marker: "• ".to_string(),
                rest: rest.trim_start(),
                may_interrupt: true,
            });
        }
        return None;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let number = t.get(..digits)?;
    let after = t.get(digits..)?;
    let delimiter = after.chars().next().filter(|&c| c == '.' || c == ')')?;
    let rest = after.get(1..)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(ListItem {
        marker: format!("{number}{delimiter} "),
        rest: rest.trim_start(),
        may_interrupt: number == "1",
    })
}

static REFERENCE_DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[[^\]^][^\]]*\]:\s*\S").unwrap_or_else(|e| panic!("static regex: {e}"))
});

/// `[text](url)`, `![alt](url)`, with an optional title and one level of parentheses in the URL.
static INLINE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"!?\[([^\[\]]*)\]\(\s*(?:<[^<>]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"#,
    )
    .unwrap_or_else(|e| panic!("static regex: {e}"))
});

/// `[text][ref]` and `[text][]`.
static REFERENCE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"!?\[([^\[\]]+)\]\[[^\[\]]*\]").unwrap_or_else(|e| panic!("static regex: {e}"))
});

/// `<https://…>` and `<name@example.com>`.
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)|(?:[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+))>")
        .unwrap_or_else(|e| panic!("static regex: {e}"))
});

/// Stands for a code span while the rest of the line is lightened. Noncharacters are reserved
/// for exactly this kind of internal use; any in the input are dropped first.
const CODE: char = '\u{FFFF}';
/// `ESCAPED_BASE + i` stands for the backslash-escaped ASCII punctuation `PUNCTUATION[i]`.
const ESCAPED_BASE: u32 = 0xFDD0;
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

fn is_internal(c: char) -> bool {
    c == CODE || ('\u{FDD0}'..='\u{FDEF}').contains(&c)
}

/// Removes light inline Markdown: links and images keep their text, emphasis and code
/// markers go, backslash escapes are resolved. Everything is linear in the input.
fn lighten(s: &str) -> Cow<'_, str> {
    if !s.contains(['*', '_', '`', '[', '<', '\\', '~']) {
        return Cow::Borrowed(s);
    }
    let source: String = s.chars().filter(|&c| !is_internal(c)).collect();
    let (s, codes) = extract_code_spans(&source);
    let s = if s.contains('\\') {
        escape_punctuation(&s)
    } else {
        s
    };
    let s = strip_links(s);
    let s = strip_emphasis(&s);
    let mut codes = codes.into_iter();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == CODE {
            let code = codes.next().and_then(|r| source.get(r));
            out.push_str(code.unwrap_or_default());
        } else if let Some(p) = unescape(c) {
            out.push(p);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn unescape(c: char) -> Option<char> {
    let i = u32::from(c).checked_sub(ESCAPED_BASE)?;
    PUNCTUATION.chars().nth(usize::try_from(i).ok()?)
}

/// Backtick runs longer than this never delimit code, which keeps the bookkeeping fixed-size.
const LONGEST_TICKS: usize = 16;

/// The byte ranges of the runs of backticks in `s`.
fn backtick_runs(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let rest = s.get(from..)?;
        let start = from + rest.find('`')?;
        let len = s
            .get(start..)
            .map_or(0, |r| r.bytes().take_while(|&b| b == b'`').count());
        from = start + len;
        Some(start..from)
    })
}

/// Replaces each code span with `CODE` and returns where the spans' contents are in `s`, in
/// order. A backtick run opens a span only if a later run of the same length closes it.
fn extract_code_spans(s: &str) -> (String, Vec<Range<usize>>) {
    // Where the last run of each length starts: a run can open a span only if one of the
    // same length comes after it.
    let mut last = [None; LONGEST_TICKS + 1];
    let mut count = 0;
    for run in backtick_runs(s) {
        count += 1;
        if let Some(slot) = last.get_mut(run.len()) {
            *slot = Some(run.start);
        }
    }
    if count < 2 {
        return (s.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(s.len());
    let mut codes = Vec::new();
    let mut copied = 0;
    let mut open: Option<Range<usize>> = None;
    for run in backtick_runs(s) {
        match &open {
            Some(o) if o.len() == run.len() => {
                out.push_str(s.get(copied..o.start).unwrap_or_default());
                let content = s.get(o.end..run.start).unwrap_or_default();
                // One space of padding on both sides is syntax (it lets code start with a
                // backtick).
                let padded = content.len() >= 2
                    && content.starts_with(' ')
                    && content.ends_with(' ')
                    && !content.trim().is_empty();
                codes.push(if padded {
                    o.end + 1..run.start - 1
                } else {
                    o.end..run.start
                });
                out.push(CODE);
                copied = run.end;
                open = None;
            }
            Some(_) => {}
            None => {
                let closable = last
                    .get(run.len())
                    .copied()
                    .flatten()
                    .is_some_and(|l| l > run.start);
                if closable {
                    open = Some(run);
                }
            }
        }
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    (out, codes)
}

fn escape_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let escaped = chars
                .peek()
                .and_then(|&n| PUNCTUATION.find(n))
                .and_then(|i| u32::try_from(i).ok())
                .and_then(|i| char::from_u32(ESCAPED_BASE + i));
            if let Some(e) = escaped {
                out.push(e);
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn strip_links(mut s: String) -> String {
    if s.contains("](") {
        // Each pass unwraps one level: an image inside a link needs two.
        for _ in 0..4 {
            match INLINE_LINK.replace_all(&s, "${1}") {
                Cow::Owned(next) => s = next,
                Cow::Borrowed(_) => break,
            }
        }
    }
    if s.contains("][")
        && let Cow::Owned(next) = REFERENCE_LINK.replace_all(&s, "${1}")
    {
        s = next;
    }
    if s.contains('<')
        && let Cow::Owned(next) = AUTOLINK.replace_all(&s, "${1}")
    {
        s = next;
    }
    s
}

fn is_md_punct(c: char) -> bool {
    // Escaped punctuation still counts as punctuation; a code span counts as a word.
    c != CODE && (is_internal(c) || (!c.is_alphanumeric() && !c.is_whitespace()))
}

/// Removes matched `*`, `_` (runs of 1-3) and `~~` emphasis delimiters, using CommonMark's
/// flanking rules so that `snake_case`, `2 * 3` and a lone `*` stay as they are.
fn strip_emphasis(s: &str) -> String {
    if !s.contains(['*', '_', '~']) {
        return s.to_string();
    }
    // Openers waiting for a closer, per delimiter kind; matched pairs are removed.
    let mut stacks: [Vec<Range<usize>>; 7] = Default::default();
    let mut removed: Vec<Range<usize>> = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '*' | '_' | '~') {
            prev = Some(c);
            continue;
        }
        let mut len = 1;
        while iter.next_if(|&(_, d)| d == c).is_some() {
            len += 1;
        }
        let end = i + len;
        let next = s.get(end..).and_then(|r| r.chars().next());
        let before = prev;
        prev = Some(c);
        let key = match (c, len) {
            ('*', 1..=3) => len - 1,
            ('_', 1..=3) => len + 2,
            ('~', 2) => 6,
            _ => continue,
        };
        let left = next.is_some_and(|n| {
            !n.is_whitespace()
                && (!is_md_punct(n) || before.is_none_or(|p| p.is_whitespace() || is_md_punct(p)))
        });
        let right = before.is_some_and(|p| {
            !p.is_whitespace()
                && (!is_md_punct(p) || next.is_none_or(|n| n.is_whitespace() || is_md_punct(n)))
        });
        let (open, close) = if c == '_' {
            (
                left && (!right || before.is_some_and(is_md_punct)),
                right && (!left || next.is_some_and(is_md_punct)),
            )
        } else {
            (left, right)
        };
        let Some(stack) = stacks.get_mut(key) else {
            continue;
        };
        if close && let Some(opener) = stack.pop() {
            removed.push(opener);
            removed.push(i..end);
            continue;
        }
        if open {
            stack.push(i..end);
        }
    }
    removed.sort_unstable_by_key(|r| r.start);
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for r in removed {
        out.push_str(s.get(copied..r.start).unwrap_or_default());
        copied = r.end;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

// ---------------------------------------------------------------------------------------------
// Sentences

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '։' // Armenian full stop
            | '՜' // Armenian exclamation
            | '\u{37E}' // Greek question mark
            | '؟'
            | '۔'
            | '।'
            | '॥'
            | '።'
            | '፧'
            | '。'
            | '！'
            | '？'
            | '｡'
    )
}

/// Terminators of scripts written without spaces between sentences.
fn is_unspaced_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '」' | '』' | '）' | '】' | '〉' | '》'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '‹'
            | '('
            | '['
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '【'
    )
}

/// Whether a sentence may start with `c`: capitals and letters of caseless scripts, digits,
/// and opening quotes or brackets.
fn starts_sentence(c: char) -> bool {
    c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase()) || is_opener(c)
}

/// Abbreviations whose period does not end a sentence. Dotted ones (U.S., e.g., a.m.) and
/// single-letter initials are recognised by their shape.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "St", "Mt", "Ft", "Gen", "Col", "Lt", "Maj", "Sgt",
    "Cpl", "Pvt", "Capt", "Adm", "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Jr", "Sr", "Inc",
    "Ltd", "Co", "Corp", "No", "Nos", "vs", "Vs", "etc", "cf", "al", "approx", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Whether the word just before a single period is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    // Abbreviations are short: looking back a bounded distance keeps this O(1) per period.
    let mut start = before.len();
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        if c.is_whitespace() {
            break;
        }
        if n >= 16 {
            return false;
        }
        start = i;
    }
    let word = before
        .get(start..)
        .unwrap_or_default()
        .trim_start_matches(|c: char| is_opener(c) || matches!(c, '—' | '–' | '-' | '/'));
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_alphabetic(),
        _ => {
            ABBREVIATIONS.contains(&word)
                || (word.contains('.')
                    && word.split('.').all(|part| {
                        let mut p = part.chars();
                        p.next().is_some_and(char::is_alphabetic) && p.next().is_none()
                    }))
        }
    }
}

/// Byte offsets in `s` where a sentence ends (after its terminator and closing quotes) and
/// another begins; the end of `s` is not included. One forward pass.
fn sentence_breaks(s: &str) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut i = 0;
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        if !is_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        let term_start = i;
        let (mut terms, mut only_dots, mut unspaced) = (0usize, true, false);
        let mut j = i;
        while let Some(d) = s
            .get(j..)
            .and_then(|r| r.chars().next())
            .filter(|&d| is_terminator(d))
        {
            terms += 1;
            only_dots &= d == '.';
            unspaced |= is_unspaced_terminator(d);
            j += d.len_utf8();
        }
        while let Some(d) = s
            .get(j..)
            .and_then(|r| r.chars().next())
            .filter(|&d| is_closer(d))
        {
            j += d.len_utf8();
        }
        let rest = s.get(j..).unwrap_or_default();
        let after = rest.trim_start();
        let spaced = after.len() < rest.len();
        let split = match after.chars().next() {
            None => false,
            Some(_) if unspaced => true,
            Some(n) => {
                spaced
                    && starts_sentence(n)
                    && !(only_dots
                        && terms == 1
                        && is_abbreviation(s.get(..term_start).unwrap_or_default()))
            }
        };
        if split {
            breaks.push(j);
        }
        i = j;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = include_str!("../../assets/corpus/000_c7578c60d21c174b.txt");
    const SEED_001: &str = include_str!("../../assets/corpus/001_88d79b41f7afebc8.txt");
    const SEED_002: &str = include_str!("../../assets/corpus/002_ef07ea4504f32489.txt");
    const SEED_003: &str = include_str!("../../assets/corpus/003_47cd471fb8d6deea.txt");
    const SEED_004: &str = include_str!("../../assets/corpus/004_4e6cf89af3c18a31.txt");
    const SEEDS: [&str; 5] = [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004];

    fn paras(s: &Segmented) -> Vec<&str> {
        s.paragraphs.iter().map(|r| &s.text[r.clone()]).collect()
    }

    fn plain(src: &str) -> Vec<String> {
        let s = segment(src, Layout::Plain);
        check(&s);
        paras(&s).into_iter().map(String::from).collect()
    }

    fn md(src: &str) -> Vec<String> {
        let s = segment(src, Layout::Markdown);
        check(&s);
        paras(&s).into_iter().map(String::from).collect()
    }

    fn sents(p: &str) -> Vec<&str> {
        sentences(p, 0..p.len())
            .into_iter()
            .map(|r| &p[r])
            .collect()
    }

    /// The invariants every segmentation must keep.
    fn check(s: &Segmented) {
        let mut last_end = 0;
        for (i, r) in s.paragraphs.iter().enumerate() {
            assert!(r.start < r.end, "empty paragraph {i}");
            assert!(i == 0 || r.start >= last_end + 2);
            assert!(s.text.is_char_boundary(r.start) && s.text.is_char_boundary(r.end));
            let p = &s.text[r.clone()];
            assert_eq!(p, p.trim());
            assert!(!p.contains("\n\n"));
            assert!(p.chars().count() <= MAX_PASSAGE_CHARS);
            if i > 0 {
                assert_eq!(&s.text[last_end..r.start], "\n\n");
            }
            last_end = r.end;
            let ss = sentences(&s.text, r.clone());
            assert!(!ss.is_empty());
            let mut at = r.start;
            for x in &ss {
                assert!(x.start >= at && x.end <= r.end && x.start < x.end);
                let t = &s.text[x.clone()];
                assert_eq!(t, t.trim());
                assert!(s.text[at..x.start].trim().is_empty());
                at = x.end;
            }
            assert!(s.text[at..r.end].trim().is_empty());
        }
        assert_eq!(last_end, s.text.len());
    }

    #[test]
    fn seeds_keep_one_paragraph_per_line() {
        for seed in SEEDS {
            let lines: Vec<&str> = seed
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert!(!looks_hard_wrapped(seed));
            assert_eq!(plain(seed), lines);
        }
    }

    #[test]
    fn seed_000() {
        let p = plain(SEED_000);
        assert_eq!(p.len(), 109);
        assert_eq!(
            p[0],
            "Azerbaijan: Lachin corridor appears to be one-way only"
        );
        assert_eq!(p[1], "Tip for protesters in Khankandi");
        assert_eq!(p[2], "ANALYTICS\u{A0}\u{A0}31 October 2022 - 13:48");
        assert_eq!(p[3], "Taleyran Bakikhanov");
        assert_eq!(sents(&p[0]).len(), 1);
        let s = sents(&p[4]);
        assert_eq!(s.len(), 2);
        assert!(s[0].starts_with("On the eve of the meeting"));
        assert!(s[1].starts_with("In these fateful times"));
        // "Caliber.Az" is not a sentence end: no space after the dot.
        assert!(
            sents(&p[5])[0].starts_with("According to information available to Caliber.Az, all")
        );
    }

    #[test]
    fn seed_001() {
        let p = plain(SEED_001);
        assert_eq!(p.len(), 29);
        assert!(p[0].starts_with("Baku, Azerbaijan – After the Nagorno-Karabakh War"));
        assert_eq!(sents(&p[0]).len(), 2);
        assert_eq!(sents(&p[1]).len(), 1);
        assert_eq!(
            sents(&p[6]),
            [
                "Lachin people, who also live in the Azerbaijani city of Berde, are celebrating wildly.",
                "In the square you can see the flags of Azerbaijan, Turkey and Pakistan.",
                "Lachin folk songs are sung."
            ]
        );
    }

    #[test]
    fn seed_002() {
        let p = plain(SEED_002);
        // 22 non-blank lines, one paragraph each.
        assert_eq!(p.len(), 22);
        assert_eq!(
            p[0],
            "History in making as Armenian residents of Karabakh meet Azerbaijani officials"
        );
        assert_eq!(p[7], "Anti-terror operation");
        assert_eq!(p[16], "Widening crack in Armenia and Russia relations");
        assert_eq!(sents(&p[4]).len(), 2);
        assert_eq!(
            sents(&p[11]),
            [
                "Karabakh is a strategic region of Azerbaijan bordering Armenia and Iran.",
                &p[11]
                    ["Karabakh is a strategic region of Azerbaijan bordering Armenia and Iran. "
                        .len()..]
            ]
        );
    }

    #[test]
    fn seed_003_and_004() {
        let p = plain(SEED_003);
        assert_eq!(p.len(), 20);
        // The closing quote stays with its sentence.
        let s = sents(&p[1]);
        assert_eq!(s.len(), 2);
        assert!(s[1].ends_with("“Everything is under control.”"));
        let p = plain(SEED_004);
        assert_eq!(p.len(), 32);
        assert_eq!(
            p[2],
            "05:05\u{A0}\u{A0}25\u{A0}november\u{A0} 2020 Source:\u{A0}\u{A0} france24.com"
        );
        assert_eq!(p[30], "usr: 1");
        assert_eq!(p[31], "This is interesting!");
        // "truce.A convoy" has no space, so it is not split.
        let last_story = p
            .iter()
            .find(|x| x.starts_with("Lachin is the last"))
            .unwrap();
        assert_eq!(sents(last_story).len(), 1);
    }

    #[test]
    fn seed_sentence_offsets_are_consistent() {
        for seed in SEEDS {
            let s = segment(seed, Layout::Plain);
            check(&s);
            let s = segment(seed, Layout::Markdown);
            check(&s);
        }
    }

    const WRAPPED: &str = "\
It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it
was the epoch of incredulity, it was the season of Light, it was the
season of Darkness, it was the spring of hope.

There were a king with a large jaw and a queen with a plain face, on the
throne of England; there were a king with a large jaw and a queen with
a fair face, on the throne of France. In both countries it was clearer
than crystal to the lords of the State preserves of loaves and fishes,
that things in general were settled for ever.

CHAPTER II

It was the year of Our Lord one thousand seven hundred and seventy-five.
Spiritual revelations were conceded to England at that favoured period,
as at this. Mrs. Southcott had recently attained her five-and-twentieth
blessed birthday.
";

    #[test]
    fn hard_wrapped_text_is_joined() {
        let p = plain(WRAPPED);
        assert_eq!(p.len(), 4);
        assert!(p[0].starts_with(
            "It was the best of times, it was the worst of times, it was the age of wisdom,"
        ));
        assert!(p[0].ends_with("spring of hope."));
        assert_eq!(p[2], "CHAPTER II");
        assert!(p[3].contains("seventy-five. Spiritual"));
        assert!(p[3].contains("five-and-twentieth blessed"));
        assert_eq!(sents(&p[1]).len(), 2);
        // "Mrs." does not end a sentence.
        assert_eq!(sents(&p[3]).len(), 3);
    }

    #[test]
    fn hard_wrapped_with_crlf_and_indentation() {
        let src = WRAPPED.replace('\n', "\r\n    ");
        let p = plain(&src);
        assert_eq!(p.len(), 4);
        assert!(!p[0].contains('\r'));
        assert!(p[0].contains("age of wisdom"));
    }

    #[test]
    fn hyphen_at_wrap_joins_words() {
        let src = "The settlement in the valley was for a long time a well-\nknown place in the mountains of the region and\nits people were proud of it, and many of them\nhad lived there for generations before the war.\n";
        let p = plain(src);
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("well-known place"));
    }

    #[test]
    fn headline_lists_are_not_joined() {
        let src = "Azerbaijan and Armenia agree to new round of peace talks\nRussia announces withdrawal of peacekeepers from the region\nEuropean Union pledges aid for displaced families in Goris\n";
        assert_eq!(plain(src).len(), 3);
    }

    #[test]
    fn blank_and_whitespace_input() {
        assert!(plain("").is_empty());
        assert!(plain("\n\n   \n\u{A0}\n").is_empty());
        assert!(md("").is_empty());
        assert!(md("<!-- only a comment -->\n\n---\n").is_empty());
        assert_eq!(segment("", Layout::Plain), Segmented::default());
    }

    #[test]
    fn plain_trims_lines_but_keeps_inner_spacing() {
        assert_eq!(plain("   a  b   \n\n\n  c\n"), ["a  b", "c"]);
    }

    #[test]
    fn markdown_blocks() {
        let src = "\
# Title of the piece #

First paragraph line one
line two with a [link](https://example.com/a_(b)) and ![an image](img.png \"t\").

- first item
* second **bold** item
+ third
1. numbered
2) other

Setext Heading
==============

Another
---

> quoted text
> continues here
>
> second quote para

***

```rust
fn main() {
    println!(\"*not emphasis*\");

}
```
";
        assert_eq!(
            md(src),
            [
                "Title of the piece",
                "First paragraph line one line two with a link and an image.",
                "• first item",
                "• second bold item",
                "• third",
                "1. numbered",
                "2) other",
                "Setext Heading",
                "Another",
                "quoted text continues here",
                "second quote para",
                "fn main() {\n    println!(\"*not emphasis*\");\n}",
            ]
        );
    }

    #[test]
    fn markdown_list_continuation_and_nesting() {
        assert_eq!(
            md("- item one\n  continues\n  - nested\n- two"),
            ["• item one continues", "• nested", "• two"]
        );
        // A wrapped line starting with a year is not a list item.
        assert_eq!(
            md("The war ended in\n1994. Then came the ceasefire."),
            ["The war ended in 1994. Then came the ceasefire."]
        );
        assert_eq!(md("-\n\n-   \n"), Vec::<String>::new());
    }

    #[test]
    fn markdown_emphasis() {
        let cases = [
            ("**bold** and __strong__", "bold and strong"),
            ("*em* and _em_", "em and em"),
            ("***both***", "both"),
            ("snake_case_name and __init__", "snake_case_name and init"),
            (
                "5 * 3 = 15 and a lone * star",
                "5 * 3 = 15 and a lone * star",
            ),
            ("footnote* at the end", "footnote* at the end"),
            ("~~struck~~ text", "struck text"),
            ("a ~ tilde", "a ~ tilde"),
            ("**unclosed bold", "**unclosed bold"),
            ("*nested **deep** emphasis*", "nested deep emphasis"),
            ("file_name.txt_", "file_name.txt_"),
            ("**Şuşa** və *Ağdam*", "Şuşa və Ağdam"),
        ];
        for (input, want) in cases {
            assert_eq!(md(input), [want], "{input}");
        }
    }

    #[test]
    fn markdown_code_and_escapes() {
        assert_eq!(
            md("use `snake_case` and ``a ` b``"),
            ["use snake_case and a ` b"]
        );
        assert_eq!(md("`*not em*` but *em*"), ["*not em* but em"]);
        assert_eq!(md("\\*literal\\* and \\[x\\](y)"), ["*literal* and [x](y)"]);
        assert_eq!(md("unmatched ` backtick"), ["unmatched ` backtick"]);
        assert_eq!(md("~~~\ncode ~~~ inside\n~~~~"), ["code ~~~ inside"]);
        assert_eq!(md("```\nnever closed\n  more"), ["never closed\n  more"]);
        assert_eq!(md("```one line```"), ["one line"]);
        // A code span made of internal-use characters cannot confuse the placeholders.
        assert_eq!(md("a\u{FFFF}b `c` \u{FDD0}"), ["ab c"]);
    }

    #[test]
    fn markdown_links() {
        let cases = [
            ("[text](http://a.b/c_d_e)", "text"),
            ("![alt text](x.png)", "alt text"),
            ("[![badge](b.svg)](https://ci)", "badge"),
            ("[ref link][1] and [other][]", "ref link and other"),
            (
                "see <https://example.com/x_y_z> or <me@example.com>",
                "see https://example.com/x_y_z or me@example.com",
            ),
            ("[not a link] (here)", "[not a link] (here)"),
            ("[a](<url with spaces>)", "a"),
            ("[**bold link**](u)", "bold link"),
            ("![](empty-alt.png) caption", "caption"),
        ];
        for (input, want) in cases {
            assert_eq!(md(input), [want], "{input}");
        }
        assert_eq!(md("[1]: https://example.com\n\nText"), ["Text"]);
        assert_eq!(md("[^1]: A footnote."), ["[^1]: A footnote."]);
    }

    #[test]
    fn markdown_comments_headings_tables() {
        assert_eq!(md("a <!-- hidden\nstill hidden --> b"), ["a  b"]);
        assert_eq!(md("a <!-- never closed"), ["a <!-- never closed"]);
        assert_eq!(
            md("#hashtag\n\n####### seven"),
            ["#hashtag", "####### seven"]
        );
        assert_eq!(md("## C#\n#\n### Ends ###"), ["C#", "Ends"]);
        assert_eq!(md("| a | b |\n|---|:-:|\n| 1 | *2* |"), ["a | b", "1 | 2"]);
        assert_eq!(md("text\n# heading\nmore"), ["text", "heading", "more"]);
    }

    #[test]
    fn markdown_quoted_fence() {
        assert_eq!(
            md("> ```\n> code *x*\n> ```\n> after\n\nout"),
            ["code *x*", "after", "out"]
        );
        assert_eq!(md("> ```\n> code\nplain"), ["code", "plain"]);
    }

    #[test]
    fn markdown_hard_breaks() {
        assert_eq!(md("one\\\ntwo  \nthree"), ["one two three"]);
    }

    #[test]
    fn sentence_rules() {
        let cases: &[(&str, &[&str])] = &[
            (
                "One. Two! Three? Four… Five",
                &["One.", "Two!", "Three?", "Four…", "Five"],
            ),
            (
                "He said “Go.” Then he left.",
                &["He said “Go.”", "Then he left."],
            ),
            ("(Aside.) Next one.", &["(Aside.)", "Next one."]),
            (
                "Mr. Smith met Dr. Jones. They talked.",
                &["Mr. Smith met Dr. Jones.", "They talked."],
            ),
            (
                "J. R. Smith arrived. He sat.",
                &["J. R. Smith arrived.", "He sat."],
            ),
            (
                "The U.S. Army and the U.N. Security Council met.",
                &["The U.S. Army and the U.N. Security Council met."],
            ),
            (
                "Prices rose 5.93 percent. Then fell.",
                &["Prices rose 5.93 percent.", "Then fell."],
            ),
            (
                "It ended at 5 p.m. Monday was calm.",
                &["It ended at 5 p.m. Monday was calm."],
            ),
            (
                "See No. 5 and apples, etc. Then stop.",
                &["See No. 5 and apples, etc. Then stop."],
            ),
            (
                "On Oct. 3 it began. On Nov. 10 it ended.",
                &["On Oct. 3 it began.", "On Nov. 10 it ended."],
            ),
            (
                "It was 1994. 30 years later it ended.",
                &["It was 1994.", "30 years later it ended."],
            ),
            ("Why? because. no split", &["Why? because. no split"]),
            (
                "Wait... What?! \"Yes.\" 'No.'",
                &["Wait...", "What?!", "\"Yes.\"", "'No.'"],
            ),
            ("e.g. This and i.e. That", &["e.g. This and i.e. That"]),
            ("Ends with dot.", &["Ends with dot."]),
            ("Trailing space.   ", &["Trailing space."]),
            (
                "Caliber.Az reported. Next",
                &["Caliber.Az reported.", "Next"],
            ),
            (
                "Xankəndi şəhəri. İlham Əliyev dedi.",
                &["Xankəndi şəhəri.", "İlham Əliyev dedi."],
            ),
            ("Բարեւ։ Ինչպես ես։", &["Բարեւ։", "Ինչպես ես։"]),
            ("Привет. Как дела?", &["Привет.", "Как дела?"]),
            ("مرحبا. كيف حالك؟ جيد.", &["مرحبا.", "كيف حالك؟", "جيد."]),
            (
                "今日は晴れ。明日は雨！本当？",
                &["今日は晴れ。", "明日は雨！", "本当？"],
            ),
            ("「はい。」と言った。", &["「はい。」", "と言った。"]),
        ];
        for (p, want) in cases {
            assert_eq!(sents(p), *want, "{p}");
        }
    }

    #[test]
    fn sentences_edge_cases() {
        assert!(sentences("", 0..0).is_empty());
        assert!(sentences("   ", 0..3).is_empty());
        assert!(sentences("abc", 0..10).is_empty());
        assert!(sentences("é", 1..2).is_empty());
        assert_eq!(sentences("x\n\nAb cd. Ef g.", 3..14), [3..9, 10..14]);
        assert_eq!(sents(". A"), [".", "A"]);
    }

    #[test]
    fn overlong_paragraph_splits_at_sentences() {
        let sentence = "This is a sentence of moderate length about the mountains. ";
        let long = sentence.repeat(200);
        let p = plain(&long);
        assert!(p.len() >= 3);
        for piece in &p {
            assert!(piece.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(piece.ends_with('.'));
            assert!(piece.starts_with("This is"));
        }
        assert_eq!(p.join(" "), long.trim());
    }

    #[test]
    fn overlong_paragraph_without_sentences_splits_at_spaces() {
        let long = "word ".repeat(3000);
        let p = plain(&long);
        assert!(p.len() >= 4);
        for piece in &p {
            assert!(piece.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(piece.starts_with("word") && piece.ends_with("word"));
        }
        assert_eq!(p.join(" "), long.trim());
    }

    #[test]
    fn overlong_paragraph_without_spaces_splits_at_chars() {
        let long = "əx".repeat(5000);
        let p = plain(&long);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].chars().count(), MAX_PASSAGE_CHARS);
        assert_eq!(p[1].chars().count(), MAX_PASSAGE_CHARS);
        assert_eq!(p[2].chars().count(), 2000);
        assert_eq!(p.concat(), long);
    }

    #[test]
    fn exactly_max_chars_is_kept_whole() {
        let p = "ş".repeat(MAX_PASSAGE_CHARS);
        assert_eq!(plain(&p), std::slice::from_ref(&p));
        let p = "ş".repeat(MAX_PASSAGE_CHARS + 1);
        assert_eq!(plain(&p).len(), 2);
    }

    #[test]
    fn large_one_line_file_is_split_into_passages() {
        let line = "Azerbaijan and Armenia, ağ şə İı, met in Sochi. Mr. Smith said 5.93 was fine! "
            .repeat(250_000);
        assert!(line.len() > 19_000_000);
        let s = segment(&line, Layout::Plain);
        let mut n = 0;
        for r in &s.paragraphs {
            n += sentences(&s.text, r.clone()).len();
        }
        assert!(s.paragraphs.len() > 4000);
        assert!(n > 400_000);
    }

    #[test]
    fn large_markdown_of_unclosed_markup_segments() {
        let src = "*a [b](c d `e **f _g ~~h <i ".repeat(200_000);
        let s = segment(&src, Layout::Markdown);
        check(&s);
    }
}
