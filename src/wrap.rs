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
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
