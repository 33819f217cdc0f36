//! One query word against one vocabulary word (both folded): exact, prefix, a bounded edit
//! distance for misspellings ("Stepankert"), and skim's subsequence score for dropped letters,
//! each with a quality in 0..=1 so that exact > prefix > fuzzy.
//!
//! Skim alone is not enough: it only finds the query as a subsequence, so "Kelbajar" never
//! finds "Kalbajar", and a short query is a subsequence of most long words. The edit distance
//! is bounded by the word's length and the subsequence score must be near the query's own.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A fuzzy scorer for one word against a pattern; the search only needs these two calls, so the
/// algorithm behind them can change without touching the index.
pub(crate) trait WordScorer: Send + Sync {
    /// Higher is better; `None` when `pattern` does not match `candidate`.
    fn score(&self, candidate: &str, pattern: &str) -> Option<i64>;
    /// The score and the char indices in `candidate` of the matched chars.
    fn indices(&self, candidate: &str, pattern: &str) -> Option<(i64, Vec<usize>)>;
}

/// [`WordScorer`] with skim's algorithm (fzf's v2), case-insensitive: inputs are already folded.
pub(crate) struct Skim(SkimMatcherV2);

impl Default for Skim {
    fn default() -> Self {
        Skim(SkimMatcherV2::default().ignore_case())
    }
}

impl WordScorer for Skim {
    fn score(&self, candidate: &str, pattern: &str) -> Option<i64> {
        self.0.fuzzy_match(candidate, pattern)
    }

    fn indices(&self, candidate: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        self.0.fuzzy_indices(candidate, pattern)
    }
}

/// How a vocabulary word matched a query word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Exact,
    Prefix,
    Typo,
    /// A misspelt start of a longer word, while the word is still being typed.
    PrefixTypo,
    Subsequence,
}

/// Below this a skim match is more likely noise than the word meant: the query's letters are
/// scattered through the word.
const MIN_SUBSEQUENCE: f32 = 0.6;
/// Longer words than this are compared only by prefix: the edit distance uses small fixed rows.
const MAX_TYPO_LEN: usize = 48;

/// Letters and digits present in a word, as bits, for a cheap lower bound on edits: every letter
/// of the query missing from a word costs at least one edit. Other chars share the high bits,
/// which only weakens the bound.
pub(crate) fn mask_of(s: &str) -> u64 {
    let mut mask = 0u64;
    for c in s.chars() {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        mask |= 1 << bit;
    }
    mask
}

/// Edits allowed for a word of `len` chars: none for short words, where one edit turns a word
/// into many others ("oil" / "soil"), then one per four letters or so ("exports" must not find
/// "imports"; "Karabakh" finds "Garabagh").
pub(crate) fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=11 => 2,
        _ => 3,
    }
}

/// A query word prepared for matching against many vocabulary words.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub text: String,
    pub chars: Vec<char>,
    pub len: usize,
    pub mask: u64,
    /// Still being typed (the query's last word with nothing after it): any longer word it
    /// starts counts almost as much as the word itself.
    pub open: bool,
    /// Longer words it starts count too (complete words of four letters or more: stems).
    pub prefix: bool,
    /// Misspellings and dropped letters count (four letters or more, not a number).
    pub fuzzy: bool,
    pub budget: usize,
    self_score: i64,
}

impl Pattern {
    pub fn new(text: &str, open: bool, scorer: &dyn WordScorer) -> Pattern {
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let numeric = chars.iter().any(char::is_ascii_digit);
        let fuzzy = len >= 4 && !numeric;
        Pattern {
            text: text.to_string(),
            len,
            mask: mask_of(text),
            open,
            prefix: open || len >= 4,
            fuzzy,
            budget: if fuzzy { typo_budget(len) } else { 0 },
            self_score: if fuzzy {
                scorer.score(text, text).unwrap_or(1).max(1)
            } else {
                1
            },
            chars,
        }
    }

    /// An exact word or, for `^word`, a prefix only: never fuzzy.
    pub fn literal(text: &str, prefix: bool) -> Pattern {
        let chars: Vec<char> = text.chars().collect();
        Pattern {
            text: text.to_string(),
            len: chars.len(),
            mask: mask_of(text),
            open: prefix,
            prefix,
            fuzzy: false,
            budget: 0,
            self_score: 1,
            chars,
        }
    }

    fn prefix_quality(&self, word_len: usize) -> f32 {
        let ratio = self.len as f32 / word_len.max(1) as f32;
        if self.open {
            0.8 + 0.15 * ratio
        } else {
            0.55 + 0.3 * ratio
        }
    }

    /// The quality of `word` for this pattern, and how it matched; `word_len` (chars) and
    /// `word_mask` are the vocabulary's precomputed values for it.
    pub fn matches(
        &self,
        word: &str,
        word_len: usize,
        word_mask: u64,
        scorer: &dyn WordScorer,
    ) -> Option<(f32, Kind)> {
        if word.starts_with(self.text.as_str()) {
            if word.len() == self.text.len() {
                return Some((1.0, Kind::Exact));
            }
            if self.prefix {
                return Some((self.prefix_quality(word_len), Kind::Prefix));
            }
        }
        if !self.fuzzy || word_mask & DIGITS != 0 {
            return None;
        }
        let mut best: Option<(f32, Kind)> = None;
        let mut consider = |q: f32, kind: Kind| {
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, kind));
            }
        };
        let missing = (self.mask & !word_mask).count_ones() as usize;
        if missing <= self.budget && word_len <= MAX_TYPO_LEN {
            let diff = word_len as isize - self.len as isize;
            let full_ok = diff.unsigned_abs() <= self.budget;
            let prefix_ok = self.open && diff > 0;
            if full_ok || prefix_ok {
                let (full, pre) = if word.is_ascii() && self.text.is_ascii() {
                    osa(self.text.as_bytes(), word.as_bytes(), self.budget)
                } else {
                    let w: Vec<char> = word.chars().collect();
                    osa(&self.chars, &w, self.budget)
                };
                if let Some(d) = full.filter(|_| full_ok) {
                    let longest = self.len.max(word_len) as f32;
                    consider(0.75 * (1.0 - d as f32 / longest), Kind::Typo);
                }
                if let Some(d) = pre.filter(|_| prefix_ok) {
                    consider(0.7 * (1.0 - d as f32 / self.len as f32), Kind::PrefixTypo);
                }
            }
        }
        if missing == 0
            && word_len > self.len
            && word_len <= 2 * self.len + 2
            && is_subsequence(self.text.as_bytes(), word.as_bytes())
            && let Some(score) = scorer.score(word, &self.text)
        {
            let norm = (score as f32 / self.self_score as f32).min(1.0);
            if norm >= MIN_SUBSEQUENCE {
                consider(0.75 * norm, Kind::Subsequence);
            }
        }
        best
    }

    /// Char indices in `word` of the chars that match this pattern, for highlighting.
    pub fn matched_chars(&self, word: &str, kind: Kind, scorer: &dyn WordScorer) -> Vec<usize> {
        let w: Vec<char> = word.chars().collect();
        match kind {
            Kind::Exact => (0..w.len()).collect(),
            Kind::Prefix => (0..self.len.min(w.len())).collect(),
            Kind::Typo => alignment(&self.chars, &w, false),
            Kind::PrefixTypo => alignment(&self.chars, &w, true),
            Kind::Subsequence => scorer
                .indices(word, &self.text)
                .map(|(_, i)| i)
                .unwrap_or_default(),
        }
    }
}

const DIGITS: u64 = 0x3ff << 26;

fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|n| it.any(|h| h == n))
}

const ROW: usize = MAX_TYPO_LEN + 1;

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) of `a` to all
/// of `b` and to the closest prefix of `b`, each only when at most `k`; gives up as soon as a
/// whole row exceeds `k`.
pub(crate) fn osa<T: Copy + PartialEq>(
    a: &[T],
    b: &[T],
    k: usize,
) -> (Option<usize>, Option<usize>) {
    if a.len() > MAX_TYPO_LEN || b.len() > MAX_TYPO_LEN {
        return (None, None);
    }
    let lb = b.len();
    let mut rows = [[0u8; ROW]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(lb + 1) {
        *cell = j as u8;
    }
    // Row i lives in rows[i % 3]: the transposition needs the row before the previous one.
    for i in 1..=a.len() {
        let (cur_i, prev_i, prev2_i) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        let mut row_min = i as u8;
        rows[cur_i][0] = i as u8;
        for j in 1..=lb {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev_i][j] + 1)
                .min(rows[cur_i][j - 1] + 1)
                .min(rows[prev_i][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2_i][j - 2] + 1);
            }
            rows[cur_i][j] = v;
            row_min = row_min.min(v);
        }
        if row_min as usize > k {
            return (None, None);
        }
    }
    let last = &rows[a.len() % 3];
    let full = last[lb] as usize;
    let prefix = last[..=lb].iter().copied().min().unwrap_or(u8::MAX) as usize;
    (
        Some(full).filter(|&d| d <= k),
        Some(prefix).filter(|&d| d <= k),
    )
}

/// Indices in `b` of the chars an optimal alignment of `a` with `b` (or, with `prefix`, with
/// the closest prefix of `b`) keeps as they are, transposed pairs included.
pub(crate) fn alignment(a: &[char], b: &[char], prefix: bool) -> Vec<usize> {
    let (la, lb) = (a.len(), b.len());
    let at = |i: usize, j: usize| i * (lb + 1) + j;
    let mut d = vec![0usize; (la + 1) * (lb + 1)];
    for i in 0..=la {
        d[at(i, 0)] = i;
    }
    for j in 0..=lb {
        d[at(0, j)] = j;
    }
    for i in 1..=la {
        for j in 1..=lb {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = v;
        }
    }
    let mut j = if prefix {
        (0..=lb).min_by_key(|&j| (d[at(la, j)], j)).unwrap_or(lb)
    } else {
        lb
    };
    let mut i = la;
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        let here = d[at(i, j)];
        if a[i - 1] == b[j - 1] && here == d[at(i - 1, j - 1)] {
            out.push(j - 1);
            i -= 1;
            j -= 1;
        } else if i > 1
            && j > 1
            && a[i - 1] == b[j - 2]
            && a[i - 2] == b[j - 1]
            && here == d[at(i - 2, j - 2)] + 1
        {
            out.push(j - 1);
            out.push(j - 2);
            i -= 2;
            j -= 2;
        } else if here == d[at(i - 1, j - 1)] + 1 {
            i -= 1;
            j -= 1;
        } else if here == d[at(i - 1, j)] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quality(query: &str, word: &str, open: bool) -> Option<(f32, Kind)> {
        let skim = Skim::default();
        let p = Pattern::new(query, open, &skim);
        p.matches(word, word.chars().count(), mask_of(word), &skim)
    }

    #[test]
    fn distances_count_transpositions_and_prefixes() {
        assert_eq!(osa(b"stepankert", b"stepanakert", 2), (Some(1), Some(1)));
        assert_eq!(osa(b"kelbajr", b"kalbajar", 2), (Some(2), Some(2)));
        assert_eq!(osa(b"hajiev", b"hajiyev", 1), (Some(1), Some(1)));
        assert_eq!(osa(b"abcd", b"bacd", 1), (Some(1), Some(1)));
        assert_eq!(osa(b"kelba", b"kalbajar", 1), (None, Some(1)));
        assert_eq!(osa(b"oil", b"prices", 1), (None, None));
    }

    #[test]
    fn misspelt_and_transliterated_names_match_their_word() {
        for (query, word) in [
            ("stepankert", "stepanakert"),
            ("kelbajr", "kelbajar"),
            ("hajiev", "hajiyev"),
            ("kelbajar", "kalbajar"),
            ("stepanaker", "stepanakert"),
        ] {
            let found = quality(query, word, false);
            assert!(
                found.is_some_and(|(q, _)| q >= 0.5),
                "{query} -> {word}: {found:?}"
            );
        }
    }

    #[test]
    fn exact_beats_prefix_beats_fuzzy() {
        let exact = quality("kalbajar", "kalbajar", true).unwrap();
        let prefix = quality("kalba", "kalbajar", true).unwrap();
        let typo = quality("kelbajar", "kalbajar", true).unwrap();
        assert_eq!(exact, (1.0, Kind::Exact));
        assert_eq!(prefix.1, Kind::Prefix);
        assert!(
            exact.0 > prefix.0 && prefix.0 > typo.0,
            "{prefix:?} {typo:?}"
        );
    }

    #[test]
    fn short_words_and_numbers_do_not_match_everything() {
        assert_eq!(quality("oil", "soil", false), None);
        assert_eq!(quality("oil", "oils", false), None);
        assert!(quality("oil", "oils", true).is_some());
        assert_eq!(quality("2000", "2001", true), None);
        assert_eq!(quality("prices", "obligations", false), None);
        assert_eq!(quality("kelbajr", "karabakh", false), None);
        assert_eq!(quality("exports", "imports", false), None);
        assert_eq!(quality("zzqxj", "azizbekov", true), None);
    }

    #[test]
    fn matched_chars_are_letters_of_the_query() {
        let skim = Skim::default();
        for (query, word, open) in [
            ("hajiev", "hajiyev", false),
            ("karabakh", "garabagh", false),
            ("stepankert", "stepanakert", false),
            ("kelba", "kalbajar", true),
            ("kendi", "khankendi", false),
        ] {
            let p = Pattern::new(query, open, &skim);
            let w: Vec<char> = word.chars().collect();
            let (_, kind) = p.matches(word, w.len(), mask_of(word), &skim).unwrap();
            let chars = p.matched_chars(word, kind, &skim);
            assert!(!chars.is_empty(), "{query} {word}");
            for i in chars {
                assert!(query.contains(w[i]), "{query} {word} {kind:?}: {}", w[i]);
            }
        }
    }
}
