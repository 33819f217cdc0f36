//! Quotations and scare quotes: whose words a quoted stretch is, the source's or the writer's.
//!
//! Pairing works line by line (a quote never crosses a paragraph) and reports only top-level
//! quotes: marks of another family inside an open quote are nested quotes and are skipped.
//! - `“…”`, `„…“`, `„…”` and `«…»` pair freely; a `“` that looks like an opener while one is
//!   already open means the first was never closed, so pairing restarts there.
//! - `‘…’`: `’` is also the apostrophe, so `‘` opens only at a word start (no letter or digit
//!   before, no space after) and `’` closes only at a word end (no space before, no letter or
//!   digit after): "Azerbaijan’s", "couldn’t" never pair. A stray `’ word ‘` with the marks
//!   facing the wrong way (a seed has "The word’ Nagorno-Karabakh ‘ region") is skipped.
//! - ASCII `"…"` pairs when the opener is not glued to a word on its left and the closer not
//!   to a space; ASCII `'…'` only at clean word boundaries and within 200 chars.
//! - Pairs longer than 400 chars (1200 for the unambiguous curly and angle marks) are taken
//!   for mismatched marks and dropped. An opener at the start of a paragraph that is never
//!   closed is the multi-paragraph convention (each paragraph opens, only the last closes):
//!   that quote runs to the paragraph's end.
//!
//! Classification, in order:
//! 1. "so-called" right before the quote: `Scare`.
//! 2. Attributed: `Speech`. A quote is attributed when, earlier in its sentence, a speech or
//!    naming cue appears ("said", "told", "stated", "according to", "called", "dubbed",
//!    "termed", "the words", "slogan", ...; "described"/"referred to" … "as"), or a colon sits
//!    right before it, or it is followed by ", he said" / "," … "told AFP" style attribution.
//!    Naming is attribution too: "described in academic circles as a ‘frozen conflict’" and
//!    "referred to the event as a “limited … action”" report someone else's label, so they
//!    are `Speech`; `Scare` is kept for the writer's own distance.
//! 3. Long (more than four words) or with sentence punctuation inside: `Speech`.
//! 4. Otherwise (a short noun phrase woven into the sentence: the "NKR", "civil servants"):
//!    `Scare`.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Someone's words, reported.
    Speech,
    /// A name or label held at a distance: "NKR", so-called "authorities",
    /// "international recognition".
    Scare,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Byte range including the quote marks (an unclosed paragraph quote ends at the
    /// paragraph's last non-space char).
    pub range: Range<usize>,
    /// Byte range between the marks.
    pub inner: Range<usize>,
    pub kind: QuoteKind,
}

/// Quotes in `text`, in order, none inside another.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if line.contains(is_mark) {
            scan_line(line, offset, &mut out);
        }
        offset += line.len() + 1;
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201c}'
            | '\u{201d}'
            | '\u{201e}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{ab}'
            | '\u{bb}'
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// “ ” „
    Curly,
    /// « »
    Angle,
    /// ‘ ’
    Single,
    /// "
    Ascii,
    /// '
    AsciiSingle,
}

impl Family {
    fn max_chars(self) -> usize {
        match self {
            Family::Curly | Family::Angle => 1200,
            Family::Single | Family::Ascii => 400,
            Family::AsciiSingle => 200,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Open {
    family: Family,
    mark: char,
    /// Byte offset of the mark in the line.
    at: usize,
}

/// Longest unclosed paragraph-start quote, in chars (a long passage).
const MAX_UNCLOSED_CHARS: usize = 4000;

fn scan_line(line: &str, offset: usize, out: &mut Vec<Quote>) {
    let mut open: Option<Open> = None;
    // Single-quote marks before this offset belong to a skipped, wrong-way-round pair.
    let mut single_skip = 0;
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let before = prev;
        prev = Some(c);
        if !is_mark(c) {
            continue;
        }
        let ws_before = before.is_none_or(char::is_whitespace);
        let ws_after = next.is_none_or(char::is_whitespace);
        let alnum_before = before.is_some_and(char::is_alphanumeric);
        let alnum_after = next.is_some_and(char::is_alphanumeric);
        let is_single = matches!(c, '\u{2018}' | '\u{2019}');
        if is_single && i < single_skip {
            continue;
        }
        let opens = |family: Family| Open {
            family,
            mark: c,
            at: i,
        };
        match open {
            None => {
                open = match c {
                    '\u{201c}' | '\u{201e}' if !ws_after => Some(opens(Family::Curly)),
                    '\u{ab}' if next.is_some() => Some(opens(Family::Angle)),
                    '\u{2018}' if !alnum_before && !ws_after => Some(opens(Family::Single)),
                    '"' if !alnum_before && !ws_after => Some(opens(Family::Ascii)),
                    '\'' if !alnum_before && next.is_some_and(char::is_alphabetic) => {
                        Some(opens(Family::AsciiSingle))
                    }
                    '\u{2019}' if !ws_before && ws_after && !matches!(before, Some('s' | 'S')) => {
                        // A closer with nothing open, then an opener after a space: the marks
                        // face the wrong way round ("word’ Nagorny ‘means"). Skip both.
                        if let Some(end) = wrong_way_pair_end(line, i + c.len_utf8()) {
                            single_skip = end;
                        }
                        None
                    }
                    _ => None,
                };
            }
            Some(o) => {
                let close = match (o.family, c) {
                    (Family::Curly, '\u{201d}') => true,
                    (Family::Curly, '\u{201c}') => {
                        if o.mark == '\u{201e}' || (!ws_before && !alnum_after) {
                            true
                        } else {
                            if !ws_after {
                                open = Some(opens(Family::Curly));
                            }
                            false
                        }
                    }
                    (Family::Curly, '\u{201e}') => {
                        if !ws_after {
                            open = Some(opens(Family::Curly));
                        }
                        false
                    }
                    (Family::Angle, '\u{bb}') => true,
                    (Family::Angle, '\u{ab}') => {
                        open = Some(opens(Family::Angle));
                        false
                    }
                    (Family::Single, '\u{2019}') => !ws_before && !alnum_after,
                    (Family::Single, '\u{2018}') => {
                        if !alnum_before && !ws_after {
                            open = Some(opens(Family::Single));
                        }
                        false
                    }
                    (Family::Ascii, '"') => {
                        if !ws_before {
                            true
                        } else {
                            if !ws_after {
                                open = Some(opens(Family::Ascii));
                            }
                            false
                        }
                    }
                    (Family::AsciiSingle, '\'') => {
                        if !ws_before && !alnum_after {
                            true
                        } else {
                            if !alnum_before && next.is_some_and(char::is_alphabetic) {
                                open = Some(opens(Family::AsciiSingle));
                            }
                            false
                        }
                    }
                    _ => false,
                };
                if close {
                    let end = i + c.len_utf8();
                    if let Some(q) = make_quote(line, offset, o, i, end, o.family.max_chars()) {
                        out.push(q);
                    }
                    open = None;
                }
            }
        }
    }
    if let Some(o) = open
        && matches!(o.family, Family::Curly | Family::Angle)
        && line.get(..o.at).is_some_and(|head| head.trim().is_empty())
    {
        let end = line.trim_end().len();
        if end > o.at
            && let Some(q) = make_quote(line, offset, o, end, end, MAX_UNCLOSED_CHARS)
        {
            out.push(q);
        }
    }
}

/// After a stray `’` at `from`: the end of the next `‘` if it follows a space within a short
/// stretch, which makes the two a wrong-way-round pair.
fn wrong_way_pair_end(line: &str, from: usize) -> Option<usize> {
    let rest = line.get(from..)?;
    let mut last: Option<char> = None;
    for (k, c) in rest.char_indices().take(80) {
        match c {
            '\u{2018}' if last.is_some_and(char::is_whitespace) => {
                return Some(from + k + c.len_utf8());
            }
            '\u{2018}' | '\u{2019}' | '.' | '!' | '?' => return None,
            _ => {}
        }
        last = Some(c);
    }
    None
}

/// The quote from the opener `o` to a closer spanning `close..end` in the line, if sane.
fn make_quote(
    line: &str,
    offset: usize,
    o: Open,
    close: usize,
    end: usize,
    max_chars: usize,
) -> Option<Quote> {
    let inner_start = o.at + o.mark.len_utf8();
    let inner = line.get(inner_start..close)?;
    if !inner.chars().any(char::is_alphanumeric) || inner.chars().nth(max_chars).is_some() {
        return None;
    }
    let kind = classify(line, o.at, end, inner);
    Some(Quote {
        range: offset + o.at..offset + end,
        inner: offset + inner_start..offset + close,
        kind,
    })
}

/// Words that, earlier in the sentence or just after the quote, make it someone's words.
const CUES: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "stated",
    "stating",
    "added",
    "adds",
    "asked",
    "asks",
    "noted",
    "wrote",
    "writes",
    "announced",
    "declared",
    "declaring",
    "proclaimed",
    "insisted",
    "insists",
    "warned",
    "warns",
    "claimed",
    "argued",
    "argues",
    "explained",
    "replied",
    "responded",
    "tweeted",
    "posted",
    "quoted",
    "quoting",
    "chanted",
    "chanting",
    "shouted",
    "shouting",
    "asserted",
    "commented",
    "remarked",
    "recalled",
    "admitted",
    "acknowledged",
    "stressed",
    "emphasised",
    "emphasized",
    "underlined",
    "reiterated",
    "concluded",
    "exclaimed",
    "vowed",
    "urged",
    "demanded",
    "reported",
    "according",
    "called",
    "calls",
    "calling",
    "termed",
    "dubbed",
    "dubbing",
    "labelled",
    "labeled",
    "branded",
    "words",
    "word",
    "slogan",
    "slogans",
    "headlined",
    "entitled",
    "titled",
    "reads",
];

/// Naming verbs that attribute a label when "as" comes right before the quote.
const AS_CUES: &[&str] = &[
    "described",
    "describes",
    "describing",
    "referred",
    "refers",
    "referring",
    "characterised",
    "characterized",
    "portrayed",
    "presented",
    "designated",
];

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "vs", "etc", "inc",
    "ltd", "co", "no", "sgt", "capt", "gov", "sen", "rep", "approx", "e.g", "i.e",
];

fn classify(line: &str, open_at: usize, end: usize, inner: &str) -> QuoteKind {
    let before = sentence_head(line, open_at);
    let head = before.trim_end();
    let lower_tail: String = head
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    if lower_tail.ends_with("so-called") || lower_tail.ends_with("so called") {
        return QuoteKind::Scare;
    }
    if head.ends_with(':') {
        return QuoteKind::Speech;
    }
    let words: Vec<String> = head
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.iter().any(|w| CUES.contains(&w.as_str())) {
        return QuoteKind::Speech;
    }
    let ends_with_as = match words.as_slice() {
        [.., last] if last == "as" => true,
        [.., as_, art] if as_ == "as" && matches!(art.as_str(), "a" | "an" | "the") => true,
        _ => false,
    };
    if ends_with_as && words.iter().any(|w| AS_CUES.contains(&w.as_str())) {
        return QuoteKind::Speech;
    }
    if attributed_after(line.get(end..).unwrap_or(""), inner) {
        return QuoteKind::Speech;
    }
    let word_count = inner
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if word_count > 4 || has_sentence_punct(inner) {
        QuoteKind::Speech
    } else {
        QuoteKind::Scare
    }
}

/// The part of the quote's sentence before it (at most ~400 bytes back).
fn sentence_head(line: &str, open_at: usize) -> &str {
    let mut from = open_at.saturating_sub(400);
    while from > 0 && !line.is_char_boundary(from) {
        from -= 1;
    }
    let Some(head) = line.get(from..open_at) else {
        return "";
    };
    let mut start = 0;
    for (i, c) in head.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut after = i + c.len_utf8();
        let mut rest = head.get(after..).unwrap_or("").chars();
        let mut n = rest.next();
        // ".” He said" ends a sentence too.
        if n.is_some_and(is_mark) {
            after += n.map_or(0, char::len_utf8);
            n = rest.next();
        }
        if n.is_some_and(char::is_whitespace) && !(c == '.' && abbreviation_before(head, i)) {
            start = after;
        }
    }
    head.get(start..).unwrap_or("")
}

fn abbreviation_before(head: &str, dot: usize) -> bool {
    let word: String = head
        .get(..dot)
        .unwrap_or("")
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    word.chars().count() == 1 || word.contains('.') || ABBREVIATIONS.contains(&lower.as_str())
}

/// ", he said", "," … "told AFP", ", according to": attribution right after the quote.
fn attributed_after(after: &str, inner: &str) -> bool {
    let after = after.trim_start();
    let inner_comma = inner.trim_end().ends_with([',', '!', '?']);
    let rest = match after.strip_prefix(',') {
        Some(rest) => rest,
        None if inner_comma => after,
        None => return false,
    };
    for word in rest
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take(7)
    {
        let bare: String = word
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_lowercase();
        if CUES.contains(&bare.as_str()) {
            return true;
        }
        if word.contains(['.', '!', '?', ';', ':']) || word.contains(is_mark) {
            return false;
        }
    }
    false
}

/// Sentence-ending punctuation inside the quote, leaving abbreviations and decimals aside.
fn has_sentence_punct(inner: &str) -> bool {
    if inner.contains(['!', '?', ';', '\u{2026}']) {
        return true;
    }
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '.' {
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        if next.is_none_or(char::is_whitespace) && !abbreviation_before(inner, i) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = include_str!("../../assets/corpus/000_c7578c60d21c174b.txt");
    const SEED_001: &str = include_str!("../../assets/corpus/001_88d79b41f7afebc8.txt");
    const SEED_002: &str = include_str!("../../assets/corpus/002_ef07ea4504f32489.txt");
    const SEED_003: &str = include_str!("../../assets/corpus/003_47cd471fb8d6deea.txt");
    const SEED_004: &str = include_str!("../../assets/corpus/004_4e6cf89af3c18a31.txt");

    /// (inner text, kind) of every quote.
    fn found(text: &str) -> Vec<(&str, QuoteKind)> {
        find_quotes(text)
            .into_iter()
            .map(|q| (&text[q.inner], q.kind))
            .collect()
    }

    fn kinds_of(text: &str, inner: &str) -> Vec<QuoteKind> {
        found(text)
            .into_iter()
            .filter(|(s, _)| *s == inner)
            .map(|(_, k)| k)
            .collect()
    }

    fn kind_of(text: &str, inner: &str) -> QuoteKind {
        let kinds = kinds_of(text, inner);
        assert_eq!(kinds.len(), 1, "{inner:?} in {:?}", found(text));
        kinds[0]
    }

    fn kind_starting(text: &str, start: &str) -> QuoteKind {
        let all = found(text);
        let hits: Vec<_> = all.iter().filter(|(s, _)| s.starts_with(start)).collect();
        assert_eq!(hits.len(), 1, "{start:?} in {all:?}");
        hits[0].1
    }

    use QuoteKind::{Scare, Speech};

    #[test]
    fn synthetic_classification() {
        assert_eq!(
            found(r#"They held so-called "elections" there."#),
            vec![("elections", Scare)]
        );
        assert_eq!(
            found(r#"He called it "a disgrace"."#),
            vec![("a disgrace", Speech)]
        );
        assert_eq!(
            found(r#"Then the "peace process" stalled."#),
            vec![("peace process", Scare)]
        );
        assert_eq!(
            found(r#"The minister said the "peace process" was over."#),
            vec![("peace process", Speech)]
        );
        assert_eq!(
            found(r#"Officials said that the so-called "authorities" fled."#),
            vec![("authorities", Scare)]
        );
        assert_eq!(found(r#"His answer: "never"."#), vec![("never", Speech)]);
        assert_eq!(found(r#""Never," he said."#), vec![("Never,", Speech)]);
        assert_eq!(
            found(r#""Not now", said Aliyev."#),
            vec![("Not now", Speech)]
        );
        assert_eq!(
            found(r#"It was "over." Then silence."#),
            vec![("over.", Speech)]
        );
        assert_eq!(
            found("The “limited action” was described as a “local operation”."),
            vec![("limited action", Scare), ("local operation", Speech)]
        );
        assert_eq!(
            found(r#"A crowd chanted "Karabakh is ours" outside."#),
            vec![("Karabakh is ours", Speech)]
        );
        assert_eq!(
            found(r#"the "U.S. position" held"#),
            vec![("U.S. position", Scare)]
        );
        assert_eq!(
            found(r#"We never "wanted this war to go on and on" here."#),
            vec![("wanted this war to go on and on", Speech)]
        );
    }

    #[test]
    fn mark_families() {
        assert_eq!(found("the «republic» fell"), vec![("republic", Scare)]);
        assert_eq!(found("die „Regierung“ fiel"), vec![("Regierung", Scare)]);
        assert_eq!(found("the ‘truce’ held"), vec![("truce", Scare)]);
        assert_eq!(found("the 'truce' held"), vec![("truce", Scare)]);
        assert_eq!(found("the “truce” held"), vec![("truce", Scare)]);
        // Nested quotes belong to the outer one.
        assert_eq!(
            found("He said: “They call it ‘peace’ but it is not.”"),
            vec![("They call it ‘peace’ but it is not.", Speech)]
        );
    }

    #[test]
    fn apostrophes_do_not_pair() {
        assert_eq!(
            found("Azerbaijan’s army couldn’t say we’d go; the soldiers’ families"),
            vec![]
        );
        assert_eq!(
            found("Azerbaijan's army couldn't say we'd go; the soldiers' families"),
            vec![]
        );
        assert_eq!(
            found("the ‘peace’ for Azerbaijan’s people"),
            vec![("peace", Scare)]
        );
        assert_eq!(found("rock ’n’ roll and the ’90s"), vec![]);
    }

    #[test]
    fn malformed_and_unbalanced() {
        assert_eq!(
            found("The word’ Nagorno-Karabakh ‘ region consists"),
            vec![]
        );
        assert_eq!(
            found("The word’ Nagorny ‘means’ mountainous ‘ (нагорный), in Russian."),
            vec![]
        );
        assert_eq!(found(r#"an "unclosed quote here"#), vec![]);
        assert_eq!(found("a “dangling one\nand ” another"), vec![]);
        let long = format!("the \"{}\" end", "word ".repeat(100));
        assert_eq!(found(&long), vec![]);
        // An opener at a paragraph's start that never closes runs to the paragraph's end.
        let text = "“This goes on into the next paragraph, as quotes do.  \n“And ends here.”";
        let qs = find_quotes(text);
        assert_eq!(qs.len(), 2);
        assert_eq!(
            &text[qs[0].range.clone()],
            "“This goes on into the next paragraph, as quotes do."
        );
        assert_eq!(qs[0].kind, Speech);
        for text in [
            "\"",
            "'",
            "“",
            "”",
            "‘",
            "’",
            "«",
            "»",
            "„",
            "\"\"",
            "“”",
            "\" \"",
            "''''''",
            "«»«»»«",
            "“a“b“c”d”e”",
            "‘a‘b’c’’’",
            "ü“ü”ü ‘ü’ «ü» \"ü\" 'ü'",
            "\u{301}\"\u{301}\"\u{301}",
            "日本“日本”日本",
            "\n\"\n\"\n",
        ] {
            for q in find_quotes(text) {
                assert!(q.range.start <= q.inner.start && q.inner.end <= q.range.end);
                for b in [q.range.start, q.range.end, q.inner.start, q.inner.end] {
                    assert!(text.is_char_boundary(b), "{text:?}: {q:?}");
                }
            }
        }
    }

    #[test]
    fn seed_000() {
        let t = SEED_000;
        assert_eq!(kinds_of(t, "NKR"), vec![Scare, Scare]);
        assert_eq!(kind_of(t, "international recognition"), Scare);
        assert_eq!(kind_of(t, "authorities"), Scare);
        assert_eq!(kind_of(t, "civil servants"), Scare);
        assert_eq!(kind_of(t, "subjectivity"), Scare);
        assert_eq!(
            kind_of(
                t,
                "whoever does not come, we will exclude him from the pioneers, the Komsomol and \
                 the party"
            ),
            Speech
        );
        // A headline: "Kremlin calls … "extremely hostile" decision" reports the Kremlin's words.
        assert_eq!(kind_of(t, "extremely hostile"), Speech);
    }

    #[test]
    fn seed_001() {
        let t = SEED_001;
        assert_eq!(kind_of(t, "suicide"), Speech);
        // "described in academic circles as a ‘frozen conflict’": a label someone else gave.
        assert_eq!(kind_of(t, "frozen conflict"), Speech);
        assert_eq!(
            kind_starting(t, "the city of Lachin is in the middle"),
            Speech
        );
        assert_eq!(kind_starting(t, "This corridor will be under"), Speech);
        assert_eq!(kind_starting(t, "5 kilometers is enough"), Speech);
        assert_eq!(kind_starting(t, "the final status of Karabakh"), Speech);
        // The wrong-way-round marks around "Nagorno-Karabakh" and "Nagorny" pair with nothing.
        assert!(
            !found(t)
                .iter()
                .any(|(s, _)| s.contains("Nagorny") || *s == "means")
        );
        assert!(find_quotes(t).iter().all(|q| q.range.len() < 400));
    }

    #[test]
    fn seed_002() {
        let t = SEED_002;
        assert_eq!(kind_starting(t, "I was six years old"), Speech);
        assert_eq!(kind_starting(t, "My earliest childhood memory"), Speech);
        assert_eq!(found(t).len(), 2);
    }

    #[test]
    fn seed_003() {
        let t = SEED_003;
        assert_eq!(
            kind_of(t, "limited, local, counter-terrorism action"),
            Speech
        );
        assert_eq!(
            kind_starting(t, "In this case, hundreds of Armenian soldiers were killed"),
            Speech
        );
        assert_eq!(kind_of(t, "Everything is under control."), Speech);
        assert_eq!(kind_starting(t, "They didn’t want to wait"), Speech);
        assert_eq!(found(t).len(), 4);
    }

    #[test]
    fn seed_004() {
        let t = SEED_004;
        assert_eq!(
            kind_of(
                t,
                "units of the Azerbaijani army entered Kalbajar district on November 25"
            ),
            Speech
        );
        assert_eq!(kind_of(t, "children grew up and went to school"), Speech);
        assert_eq!(kind_starting(t, "They are burning (the houses),"), Speech);
        assert_eq!(kind_starting(t, "benefit the peace and prosperity"), Speech);
    }
}
