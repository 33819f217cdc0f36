//! Wrapping text to a column width with textwrap; the reader and the side panel render only
//! pre-wrapped lines (ratatui's own wrapping can panic on wide characters in narrow areas).

use std::borrow::Cow;

/// Lines of `text` wrapped to `width` display columns; never empty (an empty text is one
/// empty line). Words longer than the width are broken.
pub fn wrap(text: &str, width: usize) -> Vec<Cow<'_, str>> {
    let options = textwrap::Options::new(width.max(1)).break_words(true);
    let lines = textwrap::wrap(text, options);
    if lines.is_empty() {
        vec![Cow::Borrowed("")]
    } else {
        lines
    }
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, with `…` when cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out: String = within(s.chars(), max).collect();
    out.push('…');
    Cow::Owned(out)
}

/// `s` cut to at most `max` columns from its start, keeping its end, with `…` when cut.
pub fn truncate_start(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let kept: Vec<char> = within(s.chars().rev(), max).collect();
    Cow::Owned(std::iter::once('…').chain(kept.into_iter().rev()).collect())
}

/// The first of `chars` that fit in `max` columns with room left for a `…`.
fn within(chars: impl Iterator<Item = char>, max: usize) -> impl Iterator<Item = char> {
    let room = max.saturating_sub(1);
    let mut used = 0;
    chars.take_while(move |&c| {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        used <= room
    })
}

/// A keyword in its context on one line of at most `max` columns: the keyword whole when it
/// fits, and as much of what comes before and after it as fits, shared evenly, each cut side
/// marked with `…`.
pub fn around(before: &str, key: &str, after: &str, max: usize) -> [String; 3] {
    let (wb, wk, wa) = (width(before), width(key), width(after));
    if wb + wk + wa <= max {
        return [before.to_string(), key.to_string(), after.to_string()];
    }
    if wk >= max {
        return [
            String::new(),
            truncate(key, max).into_owned(),
            String::new(),
        ];
    }
    let rest = max - wk;
    let half = rest / 2;
    let (before_room, after_room) = if wb <= half {
        (wb, rest - wb)
    } else if wa <= rest - half {
        (rest - wa, wa)
    } else {
        (half, rest - half)
    };
    [
        whole_words_at_start(before, truncate_start(before, before_room).into_owned()),
        key.to_string(),
        whole_words_at_end(after, truncate(after, after_room).into_owned()),
    ]
}

/// Columns of a word cut in two that a context line drops rather than show a stump of.
const WORD_STUMP: usize = 12;

/// `…ks, nearly` → `… nearly`: the end of `text` kept in `cut` starts at a word, when
/// that costs little.
fn whole_words_at_start(text: &str, cut: String) -> String {
    let Some(kept) = cut.strip_prefix('…') else {
        return cut;
    };
    let cut_inside_a_word = text[..text.len() - kept.len()]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    match kept.find(char::is_whitespace) {
        Some(at) if cut_inside_a_word && at > 0 && width(&kept[..at]) <= WORD_STUMP => {
            format!("…{}", &kept[at..])
        }
        _ => cut,
    }
}

/// `Armenians, con…` → `Armenians, …`: the start of `text` kept in `cut` ends at a word,
/// when that costs little.
fn whole_words_at_end(text: &str, cut: String) -> String {
    let Some(kept) = cut.strip_suffix('…') else {
        return cut;
    };
    let cut_inside_a_word = text[kept.len()..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    match kept.rfind(char::is_whitespace) {
        Some(at)
            if cut_inside_a_word && at + 1 < kept.len() && width(&kept[at..]) <= WORD_STUMP =>
        {
            format!("{}…", &kept[..=at])
        }
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyword_keeps_its_context_on_both_sides_as_far_as_it_fits() {
        let fit = |b, k, a, max| around(b, k, a, max).concat();
        assert_eq!(fit("some ", "6,000", " people", 40), "some 6,000 people");
        assert_eq!(
            fit("In the span of two weeks, ", "6,000", " people fled", 21),
            "…weeks, 6,000 people…"
        );
        assert_eq!(
            fit("so ", "6,000", " people fled the area", 16),
            "so 6,000 people…"
        );
        assert_eq!(
            fit("they said that ", "6,000", " fled", 16),
            "…that 6,000 fled"
        );
        assert_eq!(fit("a ", "6,000,000", " b", 5), "6,00…");
        // A word cut in two is dropped, not shown as a stump.
        assert_eq!(
            fit(
                "In the span of two weeks, ",
                "6,000",
                " people fled home",
                24
            ),
            "… weeks, 6,000 people …"
        );
        assert_eq!(fit("two weeks, ", "6,000", "", 9), "… 6,000");
        for max in 0..30 {
            let line = fit("東京都 は 日本 ", "6,000", " の 首都 です", max);
            assert!(width(&line) <= max, "{max}: {line}");
        }
    }

    #[test]
    fn wraps_at_width_and_breaks_long_words() {
        let lines = wrap("alpha beta gamma", 11);
        assert_eq!(lines, vec!["alpha beta", "gamma"]);
        let lines = wrap("abcdefghij", 4);
        assert_eq!(lines, vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_never_exceed_the_width() {
        for width in 2..8 {
            for line in wrap("東京都 は 日本 の 首都 です 東京都東京都", width) {
                assert!(super::width(&line) <= width, "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Khankendi", 20), "Khankendi");
        assert_eq!(truncate("Khankendi", 5), "Khan…");
        assert_eq!(truncate("東京都", 4), "東…");
    }
}
