//! Folding text for matching: case and diacritics removed for every script, dashes and runs of
//! spaces made one space, with a map from each folded byte back to the source.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded text and, for each byte of it, the byte offset in the source of the char it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// `source_at[i]` is the source byte offset where folded byte `i` comes from; one extra
    /// entry at the end holds the source length.
    source_at: Vec<usize>,
}

impl Folded {
    /// Source byte offset of a folded byte offset.
    pub fn source(&self, folded: usize) -> usize {
        self.source_at.get(folded).copied().unwrap_or(0)
    }

    /// The source byte range of a folded byte range: from the start of the first char to the
    /// end of the last char that produced it.
    pub fn source_range(&self, start: usize, end: usize, source: &str) -> std::ops::Range<usize> {
        let s = self.source(start);
        let last = self.source(end.saturating_sub(1).max(start));
        let e = source[last..]
            .chars()
            .next()
            .map(|c| last + c.len_utf8())
            .unwrap_or(source.len());
        s..e.max(s)
    }
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Letters with no canonical decomposition that readers treat as plain letters.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ə' | 'Ə' => "e",
        'ı' | 'İ' => "i",
        'ß' | 'ẞ' => "ss",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' => "d",
        'ł' | 'Ł' => "l",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
        _ => return None,
    })
}

pub fn fold(source: &str) -> Folded {
    let mut source_at = Vec::with_capacity(source.len() + 1);
    let text = fold_with(source, |at, width| {
        source_at.extend(std::iter::repeat_n(at, width))
    });
    source_at.push(source.len());
    Folded { text, source_at }
}

/// The folded text alone, without the map back to the source: for indexing, which never maps
/// back, and is spared a `usize` per byte of the corpus.
pub fn fold_text(source: &str) -> String {
    fold_with(source, |_, _| {})
}

/// Folds `source`, telling `mark` the source offset and the width in bytes of each char pushed.
fn fold_with(source: &str, mut mark: impl FnMut(usize, usize)) -> String {
    let mut text = String::with_capacity(source.len());
    let mut last_space = false;
    let mut push = |text: &mut String, at: usize, c: char| {
        text.push(c);
        mark(at, c.len_utf8());
    };
    for (at, c) in source.char_indices() {
        // ASCII, most of any corpus, is told apart without the Unicode tables.
        let space = if c.is_ascii() {
            c.is_ascii_whitespace() || c == '\x0B' || c == '-'
        } else {
            c.is_whitespace() || is_dash(c)
        };
        if space {
            if !last_space {
                push(&mut text, at, ' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        if c.is_ascii() {
            let c = if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            };
            push(&mut text, at, c);
            continue;
        }
        if let Some(s) = special(c) {
            for d in s.chars() {
                push(&mut text, at, d);
            }
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    push(&mut text, at, d);
                }
            });
        }
    }
    text
}

/// The folded form of a term, trimmed: what patterns are matched as.
pub fn fold_term(term: &str) -> String {
    fold(term).text.trim().to_string()
}

/// The letters and digits of `s` in order, case kept: for case-sensitive comparisons that
/// ignore spacing and punctuation.
pub fn alphanumerics(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_special_letters() {
        assert_eq!(fold_term("Xankəndi"), "xankendi");
        assert_eq!(fold_term("Şuşa"), "susa");
        assert_eq!(fold_term("İSTANBUL ılık"), "istanbul ilik");
        assert_eq!(fold_term("Kəlbəcər"), "kelbecer");
        assert_eq!(fold_term("Füzuli"), "fuzuli");
        assert_eq!(fold_term("ՍՏԵՓԱՆԱԿԵՐՏ"), "ստեփանակերտ");
        assert_eq!(fold_term("Степанакерт"), "степанакерт");
        assert_eq!(fold_term("Ağdam"), "agdam");
    }

    #[test]
    fn dashes_and_spaces_become_one_space() {
        assert_eq!(fold_term("Nagorno-Karabakh"), "nagorno karabakh");
        assert_eq!(fold_term("Nagorno - Karabakh"), "nagorno karabakh");
        assert_eq!(fold_term("Nagorno–Karabakh"), "nagorno karabakh");
        assert_eq!(fold_term("anti-terror  operation"), "anti terror operation");
    }

    #[test]
    fn folded_text_alone_is_the_same_text() {
        for s in [
            "In Xankəndi - today",
            "A\u{0B}B\tC\u{00A0}D—E  ß ÆON",
            "",
            "  -–- x",
            "It`s",
        ] {
            assert_eq!(fold_text(s), fold(s).text, "{s:?}");
        }
    }

    #[test]
    fn maps_back_to_the_source() {
        let source = "In Xankəndi - today";
        let f = fold(source);
        let start = f.text.find("xankendi").unwrap();
        let r = f.source_range(start, start + "xankendi".len(), source);
        assert_eq!(&source[r], "Xankəndi");
        let start = f.text.find("today").unwrap();
        assert_eq!(&source[f.source_range(start, start + 5, source)], "today");
    }
}
