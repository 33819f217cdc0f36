//! What to highlight in one result row: the matched chars of a passage, found the way the
//! search found the passage, and a one-line snippet around the first of them.

use super::Query;
use super::fuzzy::Pattern;
use super::index::SearchIndex;
use super::query::Element;
use super::tokens::tokens_with_chars;
use crate::corpus::Article;
use unicode_width::UnicodeWidthChar;

/// Char offsets (Unicode scalar values) of matched characters in the passage's text, for
/// highlighting one result row (computed only for rows on screen). A word found through an
/// alias is highlighted whole; a fuzzy match shows the chars it shares with the query word.
pub fn match_positions(
    index: &SearchIndex,
    article: &Article,
    passage: usize,
    query: &Query,
) -> Vec<usize> {
    let Some(p) = article.passages.get(passage) else {
        return Vec::new();
    };
    let tokens = tokens_with_chars(p.text(&article.text()));
    let ids: Vec<Option<u32>> = tokens.iter().map(|t| index.vocab.find(&t.text)).collect();
    let scorer = index.query.scorer.as_ref();
    let mut out: Vec<usize> = Vec::new();
    for element in &query.elements {
        let resolved = index.resolve(element, query.aliases);
        let pattern = match element {
            Element::Word { word, open } => Some(Pattern::new(word, *open, scorer)),
            Element::Prefix(prefix) => Some(Pattern::literal(prefix, true)),
            Element::Phrase { words, open } if words.len() == 1 => {
                Some(Pattern::literal(&words[0], *open))
            }
            Element::Phrase { .. } => None,
        };
        // Alias spellings are shown only where the element did not match as typed: a passage
        // found directly is highlighted as found.
        let mut direct_found = false;
        let mut aliased: Vec<usize> = Vec::new();
        for (t, token) in tokens.iter().enumerate() {
            let listed = |alias: bool| {
                ids[t].is_some_and(|id| {
                    resolved
                        .words
                        .iter()
                        .any(|&(w, _, a)| w == id && a == alias)
                })
            };
            // A word outside the index (an article indexed without it) is matched afresh.
            let direct = listed(false) || (ids[t].is_none() && pattern.is_some());
            let found = pattern.as_ref().filter(|_| direct).and_then(|p| {
                p.matches(
                    &token.text,
                    token.text.chars().count(),
                    super::fuzzy::mask_of(&token.text),
                    scorer,
                )
                .map(|(_, kind)| (p, kind))
            });
            if let Some((p, kind)) = found {
                direct_found = true;
                out.extend(
                    p.matched_chars(&token.text, kind, scorer)
                        .into_iter()
                        .filter_map(|c| token.chars.get(c).copied()),
                );
            } else if listed(true) {
                aliased.extend(token.chars.iter().copied());
            }
        }
        let open_last = match element {
            Element::Phrase { words, open: true } => words.last().map(|w| w.chars().count()),
            _ => None,
        };
        for (slots, _, alias) in &resolved.phrases {
            let n = slots.len();
            if n == 0 || n > tokens.len() {
                continue;
            }
            for start in 0..=tokens.len() - n {
                let here = slots
                    .iter()
                    .enumerate()
                    .all(|(i, slot)| ids[start + i].is_some_and(|id| slot.contains(&id)));
                if !here {
                    continue;
                }
                for (i, token) in tokens[start..start + n].iter().enumerate() {
                    let shown = match open_last {
                        Some(len) if !alias && i == n - 1 => len.min(token.chars.len()),
                        _ => token.chars.len(),
                    };
                    let chars = token.chars[..shown].iter().copied();
                    if *alias {
                        aliased.extend(chars);
                    } else {
                        direct_found = true;
                        out.extend(chars);
                    }
                }
            }
        }
        if !direct_found {
            out.append(&mut aliased);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A one-line snippet of the passage around its first match, at most `width` display columns,
/// with the positions (char offsets into the snippet) of matched characters. Cut text is marked
/// with `…`; line breaks and tabs become spaces.
pub fn snippet(
    article: &Article,
    passage: usize,
    positions: &[usize],
    width: usize,
) -> (String, Vec<usize>) {
    let Some(p) = article.passages.get(passage) else {
        return (String::new(), Vec::new());
    };
    let chars: Vec<char> = p
        .text(&article.text())
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let w = |c: char| c.width().unwrap_or(0);
    let total: usize = chars.iter().map(|&c| w(c)).sum();
    if width == 0 {
        return (String::new(), Vec::new());
    }
    if total <= width {
        let inside = positions
            .iter()
            .copied()
            .filter(|&i| i < chars.len())
            .collect();
        return (chars.into_iter().collect(), inside);
    }
    let first = positions
        .iter()
        .copied()
        .find(|&i| i < chars.len())
        .unwrap_or(0);
    // Some context before the match, from the start of a word.
    let mut start = first;
    let mut before = 0;
    while start > 0 && before + w(chars[start - 1]) <= width / 4 {
        start -= 1;
        before += w(chars[start]);
    }
    if start > 0
        && let Some(space) = chars[start..first].iter().position(|&c| c == ' ')
    {
        start += space + 1;
    }
    let lead = start > 0;
    let room = width - usize::from(lead);
    let fit = |room: usize| {
        let mut end = start;
        let mut used = 0;
        while end < chars.len() && used + w(chars[end]) <= room {
            used += w(chars[end]);
            end += 1;
        }
        end
    };
    let mut end = fit(room);
    let trail = end < chars.len();
    if trail {
        end = fit(room.saturating_sub(1));
    }
    let mut text = String::new();
    if lead {
        text.push('…');
    }
    text.extend(&chars[start..end]);
    if trail {
        text.push('…');
    }
    let shift = usize::from(lead);
    let inside = positions
        .iter()
        .copied()
        .filter(|&i| i >= start && i < end)
        .map(|i| i - start + shift)
        .collect();
    (text, inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_articles;

    #[test]
    fn snippets_fit_the_width_and_keep_the_match() {
        let articles = test_articles(&[
            "Title\n\nOne two three four five six seven eight nine ten eleven twelve Kalbajar thirteen fourteen fifteen sixteen.",
        ]);
        let a = &articles[0];
        let (pi, _) = a.body_passages().last().unwrap();
        let text = a.passage_text(pi).unwrap_or_default();
        let at = text.chars().position(|c| c == 'K').unwrap();
        let positions: Vec<usize> = (at..at + 8).collect();
        let (snip, inside) = snippet(a, pi, &positions, 30);
        assert!(crate::wrap::width(&snip) <= 30, "{snip:?}");
        assert!(snip.starts_with('…') && snip.ends_with('…'), "{snip:?}");
        let chars: Vec<char> = snip.chars().collect();
        let shown: String = inside.iter().map(|&i| chars[i]).collect();
        assert_eq!(shown, "Kalbajar");
        let (whole, same) = snippet(a, pi, &positions, 500);
        assert_eq!(whole, text);
        assert_eq!(same, positions);
        assert_eq!(snippet(a, pi, &positions, 0).0, "");
        assert_eq!(snippet(a, 99, &positions, 10).0, "");
    }

    #[test]
    fn positions_are_the_matched_chars() {
        let articles =
            test_articles(&["Title\n\nThe road to Kəlbəcər and the ethnic cleansing claims."]);
        let index = SearchIndex::build(&articles, None);
        let a = &articles[0];
        let (pi, _) = a.body_passages().last().unwrap();
        let chars: Vec<char> = a.passage_text(pi).unwrap_or_default().chars().collect();
        let shown = |q: &str| -> String {
            match_positions(&index, a, pi, &Query::parse(q))
                .iter()
                .map(|&i| chars[i])
                .collect()
        };
        assert_eq!(shown("kelbecer"), "Kəlbəcər");
        assert_eq!(shown("\"ethnic clea"), "ethnicclea");
        assert_eq!(shown("^cleaner"), "");
        assert_eq!(shown("^clea"), "clea");
        assert_eq!(shown("road zzz"), "road");
    }
}
