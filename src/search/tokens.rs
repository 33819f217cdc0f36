//! Words as search sees them: folded text (`crate::lexicon::fold`) cut into runs of letters and
//! digits, the same way for the corpus and for queries, with a way back to the source chars.

use crate::lexicon::fold::{fold, fold_text};
use std::ops::Range;

/// Calls `f` with the byte range of each token of `folded` text. A token is a run of letters and
/// digits; inside a number a `,` or `.` between digits does not end it, so "2,000" is one token
/// (its text drops the comma: see [`push_token_text`]) and matches a query for "2000".
pub(crate) fn for_each_token(folded: &str, mut f: impl FnMut(Range<usize>)) {
    let mut start: Option<usize> = None;
    let mut prev_digit = false;
    let mut chars = folded.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            prev_digit = c.is_ascii_digit();
            continue;
        }
        let in_number = (c == ',' || c == '.')
            && prev_digit
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        if in_number {
            continue;
        }
        if let Some(s) = start.take() {
            f(s..i);
        }
        prev_digit = false;
    }
    if let Some(s) = start {
        f(s..folded.len());
    }
}

/// Appends a token's text: thousands separators go, so "2,000" and "2000" are one word.
pub(crate) fn push_token_text(out: &mut String, token: &str) {
    if token.contains(',') {
        out.extend(token.chars().filter(|&c| c != ','));
    } else {
        out.push_str(token);
    }
}

/// The tokens of a query fragment or a lexicon spelling.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let folded = fold_text(text);
    let mut out = Vec::new();
    for_each_token(&folded, |r| {
        let mut word = String::new();
        push_token_text(&mut word, &folded[r]);
        out.push(word);
    });
    out
}

/// A token of a passage with, for each char of its text, the char offset in the passage it came
/// from (two folded chars can share one: "æ" folds to "ae").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    pub chars: Vec<usize>,
}

/// The tokens of a passage's text, in order, mapped back to char offsets in that text.
pub(crate) fn tokens_with_chars(source: &str) -> Vec<Token> {
    let folded = fold(source);
    // Char index of each source byte that starts a char.
    let mut char_at = vec![0usize; source.len() + 1];
    let mut count = 0;
    for (b, _) in source.char_indices() {
        char_at[b] = count;
        count += 1;
    }
    char_at[source.len()] = count;
    let mut out = Vec::new();
    for_each_token(&folded.text, |r| {
        let mut token = Token {
            text: String::with_capacity(r.len()),
            chars: Vec::with_capacity(r.len()),
        };
        for (b, c) in folded.text[r.clone()].char_indices() {
            if c == ',' {
                continue;
            }
            token.text.push(c);
            token.chars.push(
                char_at
                    .get(folded.source(r.start + b))
                    .copied()
                    .unwrap_or(0),
            );
        }
        out.push(token);
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_separators_inside_one_token() {
        assert_eq!(
            tokens("Around 2,000 peacekeepers; 1.5 km. In 2020."),
            ["around", "2000", "peacekeepers", "1.5", "km", "in", "2020"]
        );
        assert_eq!(tokens("6-1/8 pct"), ["6", "1", "8", "pct"]);
    }

    #[test]
    fn folds_case_diacritics_apostrophes_and_dashes() {
        assert_eq!(
            tokens("Kəlbəcər, Azerbaijan’s Nagorno-Karabakh"),
            ["kelbecer", "azerbaijan", "s", "nagorno", "karabakh"]
        );
    }

    #[test]
    fn maps_token_chars_back_to_source_chars() {
        let source = "Ça, Kəlbəcər — 2,000 Æon";
        let toks = tokens_with_chars(source);
        let chars: Vec<char> = source.chars().collect();
        let texts: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["ca", "kelbecer", "2000", "aeon"]);
        let k = &toks[1];
        let back: String = k.chars.iter().map(|&i| chars[i]).collect();
        assert_eq!(back, "Kəlbəcər");
        let n: String = toks[2].chars.iter().map(|&i| chars[i]).collect();
        assert_eq!(n, "2000");
        assert_eq!(toks[3].chars[0], toks[3].chars[1]);
    }
}
