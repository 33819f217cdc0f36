//! Anchoring: selectors built from a selection, and found again in an article that may have
//! been edited since the note was made.
//!
//! Order of trust: a fingerprint equal to today's text means nothing moved; then the exact quote
//! at the old position; then the exact quote elsewhere; then a fuzzy match. Every candidate found
//! away from its old place has to earn its place with a score built from how well the quote, the
//! prefix and the suffix agree; below the minimum the note is an orphan. A note attached to the
//! wrong passage misleads silently, while an orphan is visible and can be fixed, so the
//! thresholds lean towards orphans.

use super::Target;
use crate::corpus::{Article, Passage};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

/// How many characters of context `prefix` and `suffix` hold.
pub const CONTEXT_CHARS: usize = 32;

/// A candidate needs at least this score (0..=1, see `Locator::score`).
const MIN_SCORE: f64 = 0.5;
/// ... and at least this many characters' worth of agreement, so that a short word with no
/// context around it is never enough on its own.
const MIN_EVIDENCE: f64 = 16.0;
/// Context similarity that random text of the same length reaches anyway (edit-distance
/// similarity between unrelated English strings of 32 chars sits around 0.3); only agreement
/// above it counts.
const CHANCE_SIMILARITY: f64 = 0.35;
/// Candidates scored per stage, nearest to the old position first: a common word in a huge text
/// could otherwise have a million occurrences.
const MAX_CANDIDATES: usize = 1000;

/// Where a note is in today's text of its article. Positions are chars into `Article::text`;
/// `passage` is 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchoring {
    /// The text is unchanged, or the quote is still at the same position.
    Anchored {
        passage: usize,
        start: usize,
        end: usize,
    },
    /// Found elsewhere, or found after edits to the quote itself.
    Reanchored {
        passage: usize,
        start: usize,
        end: usize,
    },
    /// Not found with enough confidence: kept and listed, attached to nothing.
    Orphan,
}

impl Anchoring {
    /// `anchored`, `re-anchored` or `orphan`: the names the CLI and exports use.
    pub fn state(&self) -> &'static str {
        match self {
            Anchoring::Anchored { .. } => "anchored",
            Anchoring::Reanchored { .. } => "re-anchored",
            Anchoring::Orphan => "orphan",
        }
    }

    /// `(passage, start, end)` unless orphaned.
    pub fn position(&self) -> Option<(usize, usize, usize)> {
        match *self {
            Anchoring::Anchored {
                passage,
                start,
                end,
            }
            | Anchoring::Reanchored {
                passage,
                start,
                end,
            } => Some((passage, start, end)),
            Anchoring::Orphan => None,
        }
    }

    pub fn is_orphan(&self) -> bool {
        matches!(self, Anchoring::Orphan)
    }
}

/// FNV-1a (64 bit) of the text's bytes, as `fnv1a64:<16 hex digits>`. Not cryptographic: it
/// only has to tell "same text" from "edited text", and it is fast on megabyte articles.
pub fn fingerprint(text: &str) -> String {
    format!("fnv1a64:{:016x}", fnv1a(FNV_OFFSET, text.as_bytes()))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// Selectors for the chars `start_char..end_char` of the article's text (swapped if reversed,
/// clamped to the text): the quote, 32 chars of context each side, positions, the passage that
/// holds the start, and the article's identity and fingerprint.
pub fn target_for(article: &Article, start_char: usize, end_char: usize) -> Target {
    target_in(article, &article.text(), start_char, end_char)
}

/// `target_for` on the article's text, read already.
fn target_in(article: &Article, text: &str, start_char: usize, end_char: usize) -> Target {
    let total = char_len(article, text);
    let start = start_char.min(end_char).min(total);
    let end = start_char.max(end_char).min(total);
    let (sb, eb) = (
        char_to_byte(article, text, start),
        char_to_byte(article, text, end),
    );
    Target {
        article_id: article.id.clone(),
        article_path: article.path.to_string(),
        title: article.title.clone(),
        source: article.source.clone(),
        fingerprint: fingerprint(text),
        passage: passage_at(article, start),
        start,
        end,
        exact: text[sb..eb].to_string(),
        prefix: last_chars(&text[..sb], CONTEXT_CHARS).to_string(),
        suffix: first_chars(&text[eb..], CONTEXT_CHARS).to_string(),
    }
}

/// Selectors for a whole passage (0-based; clamped to the last passage).
pub fn target_for_passage(article: &Article, passage: usize) -> Target {
    let Some(last) = article.passages.len().checked_sub(1) else {
        return target_for(article, 0, 0);
    };
    let index = passage.min(last);
    let p = &article.passages[index];
    let mut target = target_for(article, p.char_start(), p.char_end());
    target.passage = index;
    target
}

/// Selectors for a byte range of the article's text, such as a run of `Passage::sentences`
/// (`first.start..last.end`, across passages if need be). Bounds inside a char are moved back
/// to its start.
pub fn target_for_bytes(article: &Article, bytes: Range<usize>) -> Target {
    let text = article.text();
    let start = byte_to_char(article, &text, bytes.start);
    let end = byte_to_char(article, &text, bytes.end);
    target_in(article, &text, start, end)
}

/// The byte range of `Article::text` for chars `start..end` (what `Anchoring` and `Target`
/// hold), for drawing: passages and sentences are byte ranges. Clamped to the text.
pub fn byte_range(article: &Article, start: usize, end: usize) -> Range<usize> {
    let text = article.text();
    let start = char_to_byte(article, &text, start.min(end));
    start..char_to_byte(article, &text, end).max(start)
}

/// Finds the target in today's text of `article`. For many targets on one article, a `Locator`
/// computes the fingerprint and the word index once.
pub fn locate(target: &Target, article: &Article) -> Anchoring {
    Locator::new(article).locate(target)
}

/// Which of the loaded articles a note belongs to: the same path first (the file the note was
/// made on), then the same id (the file moved, or was loaded through another folder).
pub fn article_for<'a>(
    target: &Target,
    articles: &'a [Arc<Article>],
) -> Option<(usize, &'a Article)> {
    articles
        .iter()
        .position(|a| *a.path == *target.article_path)
        .or_else(|| articles.iter().position(|a| a.id == target.article_id))
        .map(|i| (i, &*articles[i]))
}

/// The target as it would be made today, where it was found: fresh quote, context, positions
/// and fingerprint. `None` for an orphan (its old selectors are all there is).
pub fn retarget(article: &Article, anchoring: &Anchoring) -> Option<Target> {
    let (passage, start, end) = anchoring.position()?;
    let mut target = target_for(article, start, end);
    target.passage = passage;
    Some(target)
}

/// Locates targets in one article, computing what they share once.
pub struct Locator<'a> {
    article: &'a Article,
    text: Cow<'a, str>,
    fingerprint: String,
    chars: usize,
    words: OnceCell<Vec<Word>>,
}

/// A run of alphanumeric chars: the unit of the fuzzy match, so that edits to punctuation and
/// spacing cost nothing and an edited word costs one.
#[derive(Debug, Clone)]
struct Word {
    bytes: Range<usize>,
    chars: Range<usize>,
    key: u64,
}

/// The target's quote, prepared for matching.
struct Quote<'t> {
    chars: usize,
    keys: Vec<u64>,
    /// What comes before the first word and after the last (punctuation, quotes): put back
    /// around a fuzzy match when the text has it there too, so a whole sentence stays whole.
    lead: &'t str,
    trail: &'t str,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    bytes: (usize, usize),
    chars: (usize, usize),
    /// How much the quote counts (0..=1): 1 for an exact match.
    quote: f64,
    cost: usize,
}

impl<'a> Locator<'a> {
    pub fn new(article: &'a Article) -> Self {
        let text = article.text();
        Self {
            article,
            fingerprint: fingerprint(&text),
            chars: char_len(article, &text),
            text,
            words: OnceCell::new(),
        }
    }

    pub fn article(&self) -> &'a Article {
        self.article
    }

    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn locate(&self, target: &Target) -> Anchoring {
        let article = self.article;
        let text = &*self.text;
        if target.start <= target.end && target.end <= self.chars {
            let sb = char_to_byte(article, text, target.start);
            let same_text = target.fingerprint == self.fingerprint;
            let quote_in_place = if same_text {
                let eb = char_to_byte(article, text, target.end);
                text[sb..eb] == target.exact
            } else {
                !target.exact.is_empty() && text[sb..].starts_with(&target.exact)
            };
            if quote_in_place {
                return Anchoring::Anchored {
                    passage: passage_at(article, target.start),
                    start: target.start,
                    end: target.start + target.exact.chars().count(),
                };
            }
        }
        if target.exact.is_empty() {
            return self.locate_point(target);
        }
        let quote = Quote::new(&target.exact);
        let best = self
            .best(self.exact_candidates(target, &quote), target, &quote)
            .or_else(|| self.best(self.fuzzy_candidates(target, &quote), target, &quote));
        // The quote in place was handled above: whatever is found now moved or changed, even
        // when an edit of the same length leaves it at the same offsets.
        match best {
            Some(c) => Anchoring::Reanchored {
                passage: passage_at(article, c.chars.0),
                start: c.chars.0,
                end: c.chars.1,
            },
            None => Anchoring::Orphan,
        }
    }

    fn point_found(&self, target: &Target, at: usize) -> Anchoring {
        let (start, end) = (at, at);
        let passage = passage_at(self.article, start);
        if start == target.start {
            Anchoring::Anchored {
                passage,
                start,
                end,
            }
        } else {
            Anchoring::Reanchored {
                passage,
                start,
                end,
            }
        }
    }

    /// An empty selection (a caret) has only its context to go by: prefix and suffix together
    /// must appear verbatim, and be long enough to mean something.
    fn locate_point(&self, target: &Target) -> Anchoring {
        let needle = format!("{}{}", target.prefix, target.suffix);
        if (needle.chars().count() as f64) < MIN_EVIDENCE {
            return Anchoring::Orphan;
        }
        let before = target.prefix.chars().count();
        let hint = target.start.saturating_sub(before);
        let text = &*self.text;
        let mut counted = (0, 0);
        let mut best: Option<usize> = None;
        for (b, _) in text.match_indices(&needle) {
            counted.1 += text[counted.0..b].chars().count();
            counted.0 = b;
            if best.is_none_or(|c| counted.1.abs_diff(hint) < c.abs_diff(hint)) {
                best = Some(counted.1);
            }
        }
        match best {
            Some(c) => self.point_found(target, c + before),
            None => Anchoring::Orphan,
        }
    }

    fn exact_candidates(&self, target: &Target, quote: &Quote) -> Vec<Candidate> {
        let text = &*self.text;
        let mut out = Vec::new();
        let mut counted = (0, 0);
        for (b, _) in text.match_indices(&target.exact) {
            counted.1 += text[counted.0..b].chars().count();
            counted.0 = b;
            out.push(Candidate {
                bytes: (b, b + target.exact.len()),
                chars: (counted.1, counted.1 + quote.chars),
                quote: 1.0,
                cost: 0,
            });
        }
        nearest(out, target.start)
    }

    fn fuzzy_candidates(&self, target: &Target, quote: &Quote) -> Vec<Candidate> {
        let m = quote.keys.len();
        if m == 0 {
            return Vec::new();
        }
        let words = self.words.get_or_init(|| words(&self.text));
        let keys: Vec<u64> = words.iter().map(|w| w.key).collect();
        let text = &*self.text;
        let mut out: Vec<Candidate> = approximate_matches(&quote.keys, &keys, m / 2)
            .into_iter()
            .filter(|&(first, end, _)| first < end)
            .map(|(first, end, cost)| {
                let (a, b) = (&words[first], &words[end - 1]);
                let (mut sb, mut eb) = (a.bytes.start, b.bytes.end);
                let (mut sc, mut ec) = (a.chars.start, b.chars.end);
                if !quote.lead.is_empty() && text[..sb].ends_with(quote.lead) {
                    sb -= quote.lead.len();
                    sc -= quote.lead.chars().count();
                }
                if !quote.trail.is_empty() && text[eb..].starts_with(quote.trail) {
                    eb += quote.trail.len();
                    ec += quote.trail.chars().count();
                }
                let similarity = 1.0 - cost as f64 / m as f64;
                Candidate {
                    bytes: (sb, eb),
                    chars: (sc, ec),
                    // Half the words right is where the search stops; count only what is above.
                    quote: if cost == 0 {
                        1.0
                    } else {
                        ((similarity - 0.5) * 2.0).max(0.0)
                    },
                    cost,
                }
            })
            .collect();
        out.sort_by_key(|c| (c.cost, c.chars.0.abs_diff(target.start)));
        out.truncate(MAX_CANDIDATES);
        out
    }

    /// The best candidate that passes, by score, then nearest to the old position.
    fn best(
        &self,
        candidates: Vec<Candidate>,
        target: &Target,
        quote: &Quote,
    ) -> Option<Candidate> {
        let mut best: Option<(f64, usize, Candidate)> = None;
        for c in candidates {
            let (score, evidence) = self.score(&c, target, quote);
            if score < MIN_SCORE || evidence < MIN_EVIDENCE {
                continue;
            }
            let distance = c.chars.0.abs_diff(target.start);
            let better = match &best {
                None => true,
                Some((s, d, _)) => score > *s || (score == *s && distance < *d),
            };
            if better {
                best = Some((score, distance, c));
            }
        }
        best.map(|(_, _, c)| c)
    }

    /// `(score, evidence)`. The score weighs the quote twice its length and each context side
    /// its length, each by how well it agrees: `(2·q·|exact| + p·|prefix| + s·|suffix|) /
    /// (2·|exact| + |prefix| + |suffix|)`. So a long quote found verbatim stands on its own,
    /// while a short one needs its context. Evidence is the same sum unweighted, in chars.
    fn score(&self, c: &Candidate, target: &Target, quote: &Quote) -> (f64, f64) {
        let text = &*self.text;
        let side = |stored: &str, actual: &str| -> (f64, f64) {
            if stored.is_empty() {
                return (0.0, 0.0);
            }
            let similarity = similarity(stored, actual);
            let above_chance =
                ((similarity - CHANCE_SIMILARITY) / (1.0 - CHANCE_SIMILARITY)).max(0.0);
            (above_chance, stored.chars().count() as f64)
        };
        let (p, lp) = side(
            &target.prefix,
            last_chars(&text[..c.bytes.0], target.prefix.chars().count()),
        );
        let (s, ls) = side(
            &target.suffix,
            first_chars(&text[c.bytes.1..], target.suffix.chars().count()),
        );
        let lq = quote.chars as f64;
        let agreement = c.quote * lq * 2.0 + p * lp + s * ls;
        let score = agreement / (2.0 * lq + lp + ls);
        (score, c.quote * lq + p * lp + s * ls)
    }
}

impl<'t> Quote<'t> {
    fn new(exact: &'t str) -> Self {
        let words = words(exact);
        let lead = words.first().map_or("", |w| &exact[..w.bytes.start]);
        let trail = words.last().map_or("", |w| &exact[w.bytes.end..]);
        Self {
            chars: exact.chars().count(),
            keys: words.iter().map(|w| w.key).collect(),
            lead,
            trail,
        }
    }
}

/// The `MAX_CANDIDATES` nearest to `hint` (in chars).
fn nearest(mut candidates: Vec<Candidate>, hint: usize) -> Vec<Candidate> {
    if candidates.len() > MAX_CANDIDATES {
        candidates.sort_by_key(|c| c.chars.0.abs_diff(hint));
        candidates.truncate(MAX_CANDIDATES);
    }
    candidates
}

/// Words of `text` with byte and char ranges; keys are hashes of the lowercased word, so
/// comparing two words is comparing two integers.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, u64)> = None;
    let mut chars = 0;
    for (b, ch) in text.char_indices() {
        if ch.is_alphanumeric() {
            let (_, _, hash) = current.get_or_insert((b, chars, FNV_OFFSET));
            for lower in ch.to_lowercase() {
                *hash = fnv1a(*hash, &u32::from(lower).to_le_bytes());
            }
        } else if let Some((sb, sc, key)) = current.take() {
            out.push(Word {
                bytes: sb..b,
                chars: sc..chars,
                key,
            });
        }
        chars += 1;
    }
    if let Some((sb, sc, key)) = current {
        out.push(Word {
            bytes: sb..text.len(),
            chars: sc..chars,
            key,
        });
    }
    out
}

/// Substrings of `text` within edit distance `k` of `pattern` (Sellers' algorithm, with
/// Ukkonen's cut-off so that only rows that can still stay within `k` are computed): for each
/// end position that qualifies, `(first, end, cost)`, `text[first..end]` being the cheapest
/// substring ending there. Ties prefer substitution over skipping, so an edited first word is
/// kept inside the match rather than cut off.
fn approximate_matches(pattern: &[u64], text: &[u64], k: usize) -> Vec<(usize, usize, usize)> {
    let m = pattern.len();
    let over = k + 1;
    // Column j of the table: cost[i] = best cost of matching pattern[..i] ending at text[..j],
    // first[i] = where that match starts. Values above k are clamped to `over`.
    let mut cost: Vec<usize> = (0..=m).map(|i| i.min(over)).collect();
    let mut first: Vec<usize> = vec![0; m + 1];
    let mut last_active = k.min(m);
    let mut filled = m;
    let mut out = Vec::new();
    for (j, &word) in text.iter().enumerate() {
        let mut diagonal = (cost[0], first[0]);
        cost[0] = 0;
        first[0] = j + 1;
        let limit = (last_active + 1).min(m);
        for i in 1..=limit {
            let left = (cost[i], first[i]);
            let substitute = diagonal.0 + usize::from(pattern[i - 1] != word);
            let skip_pattern = cost[i - 1] + 1;
            let skip_text = left.0 + 1;
            let (c, f) = if substitute <= skip_pattern && substitute <= skip_text {
                (substitute, diagonal.1)
            } else if skip_pattern <= skip_text {
                (skip_pattern, first[i - 1])
            } else {
                (skip_text, left.1)
            };
            diagonal = left;
            cost[i] = c.min(over);
            first[i] = f;
        }
        for c in cost.iter_mut().take(filled + 1).skip(limit + 1) {
            *c = over;
        }
        filled = limit;
        last_active = (0..=limit).rev().find(|&i| cost[i] <= k).unwrap_or(0);
        if limit == m && cost[m] <= k {
            out.push((first[m], j + 1, cost[m]));
        }
    }
    out
}

/// 1 − (edit distance / longer length), over chars; 1 for two empty strings.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    1.0 - row[b.len()] as f64 / longest as f64
}

fn last_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The passage holding char `c`: the first passage ending after it (so a position in the gap
/// between two passages belongs to the next one), clamped to the last passage.
fn passage_at(article: &Article, c: usize) -> usize {
    article
        .passages
        .partition_point(|p| p.char_end() <= c)
        .min(article.passages.len().saturating_sub(1))
}

/// A byte/char pair known to agree: the start of the last passage that `is_before` accepts.
/// Passages carry both offsets, so conversions only count chars from the nearest one.
fn checkpoint(
    article: &Article,
    text: &str,
    is_before: impl Fn(&Passage) -> bool,
) -> (usize, usize) {
    let i = article.passages.partition_point(is_before);
    match i.checked_sub(1).and_then(|i| article.passages.get(i)) {
        Some(p) if text.is_char_boundary(p.range().start) => (p.range().start, p.char_start()),
        _ => (0, 0),
    }
}

fn char_to_byte(article: &Article, text: &str, c: usize) -> usize {
    let (b0, c0) = checkpoint(article, text, |p| p.char_start() <= c);
    let rest = &text[b0..];
    match rest.char_indices().nth(c.saturating_sub(c0)) {
        Some((offset, _)) => b0 + offset,
        None => text.len(),
    }
}

fn byte_to_char(article: &Article, text: &str, b: usize) -> usize {
    let mut b = b.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let (b0, c0) = checkpoint(article, text, |p| p.range().start <= b);
    c0 + text[b0..b].chars().count()
}

fn char_len(article: &Article, text: &str) -> usize {
    byte_to_char(article, text, text.len())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::segment::{Layout, segment, sentences};
    use crate::corpus::{Origin, Role};

    /// An article from plain text, segmented the way the loader does it.
    pub(crate) fn article(id: &str, text: &str) -> Article {
        let seg = segment(text, Layout::Plain);
        let mut sentence_bounds = Vec::new();
        let passages: Vec<Passage> = seg
            .paragraphs
            .iter()
            .map(|r| {
                Passage::new(
                    r.clone(),
                    seg.text[..r.start].chars().count(),
                    seg.text[..r.end].chars().count(),
                    &sentences(&seg.text, r.clone()),
                    Role::Body,
                    &mut sentence_bounds,
                )
            })
            .collect();
        Article {
            id: id.to_string(),
            path: format!("/tmp/{id}.txt").into(),
            title: format!("Title of {id}"),
            title_origin: Origin::FileName,
            source: "Example".to_string(),
            source_origin: Origin::Manifest,
            date: None,
            author: None,
            url: None,
            label: None,
            words: crate::corpus::count_words(&seg.text),
            text: seg.text.into(),
            passages: passages.into(),
            sentence_bounds: sentence_bounds.into(),
        }
    }

    const ORIGINAL: &str = "The talks in Sochi ended without a joint statement on the corridor.\n\n\
        Officials in Baku said the road would stay open to civilian traffic, but only under the \
        new checkpoint rules announced last week. Crowds gathered in the square on Sunday.\n\n\
        Observers counted roughly fifteen thousand people at the rally in Stepanakert, a \
        figure the organisers disputed.\n\n\
        Neither side commented on the prisoner exchange.";

    fn chars(s: &str, r: (usize, usize)) -> String {
        s.chars().skip(r.0).take(r.1 - r.0).collect()
    }

    #[test]
    fn selectors_hold_quote_context_and_positions() {
        let a = article("a", ORIGINAL);
        let t = target_for_passage(&a, 1);
        assert_eq!(t.passage, 1);
        assert_eq!(Some(t.exact.clone()), a.passage_text(1));
        assert!(t.prefix.ends_with("corridor.\n\n"), "{:?}", t.prefix);
        assert_eq!(t.prefix.chars().count(), CONTEXT_CHARS);
        assert!(t.suffix.starts_with("\n\nObservers"));
        assert_eq!(chars(&a.text(), (t.start, t.end)), t.exact);
        assert_eq!(byte_range(&a, t.start, t.end), a.passages[1].range());
        assert!(t.fingerprint.starts_with("fnv1a64:"));
        let reversed = target_for(&a, t.end, t.start);
        assert_eq!(reversed, t);
        let clamped = target_for(&a, 0, usize::MAX);
        assert_eq!(clamped.exact, a.text());
        assert_eq!(clamped.prefix, "");
        assert_eq!(clamped.suffix, "");
    }

    #[test]
    fn sentence_ranges_across_passages() {
        let a = article("a", ORIGINAL);
        let last_of_1 = a.passages[1].sentences(&a.sentence_bounds).last().unwrap();
        let first_of_2 = a.passages[2].sentence(&a.sentence_bounds, 0).unwrap();
        let t = target_for_bytes(&a, last_of_1.start..first_of_2.end);
        assert_eq!(t.passage, 1);
        assert!(t.exact.starts_with("Crowds gathered"));
        assert!(t.exact.ends_with("organisers disputed."));
        assert!(t.exact.contains("\n\n"));
    }

    #[test]
    fn unchanged_text_is_anchored() {
        let a = article("a", ORIGINAL);
        let t = target_for(&a, 20, 60);
        assert_eq!(
            locate(&t, &a),
            Anchoring::Anchored {
                passage: 0,
                start: 20,
                end: 60
            }
        );
    }

    #[test]
    fn multibyte_text_uses_char_offsets() {
        let a = article(
            "u",
            "Ötzi — «Ёлка» was here.\n\nSecond «paragraph» with émigrés.",
        );
        let t = target_for(&a, 7, 12);
        assert_eq!(t.exact, "«Ёлка");
        let edited = article(
            "u",
            "Ötzi — «Ёлка» was here.\n\nSecond «paragraph» with émigrés, and more.",
        );
        assert!(matches!(locate(&t, &edited), Anchoring::Anchored { .. }));
        let moved = article(
            "u",
            "Intro «…».\n\nÖtzi — «Ёлка» was here.\n\nSecond «paragraph» with émigrés.",
        );
        match locate(&t, &moved) {
            Anchoring::Reanchored { start, end, .. } => {
                assert_eq!(chars(&moved.text(), (start, end)), "«Ёлка")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_inserted_before_moves_the_anchor() {
        let a = article("a", ORIGINAL);
        let t = target_for_passage(&a, 2);
        let edited = article(
            "a",
            &ORIGINAL.replace("Sochi ended", "Sochi, which had raised hopes, ended"),
        );
        match locate(&t, &edited) {
            Anchoring::Reanchored {
                passage,
                start,
                end,
            } => {
                assert_eq!(passage, 2);
                assert_eq!(chars(&edited.text(), (start, end)), t.exact);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn edited_quote_is_found_fuzzily_with_its_whole_range() {
        let a = article("a", ORIGINAL);
        let t = target_for_passage(&a, 1);
        let new_passage = "Officials in Baku said the road would remain open to civilian \
            traffic, but only under the new checkpoint regime announced last week. Crowds \
            gathered in the square on Sunday.";
        let edited = article("a", &ORIGINAL.replace(&t.exact, new_passage));
        match locate(&t, &edited) {
            Anchoring::Reanchored {
                passage,
                start,
                end,
            } => {
                assert_eq!(passage, 1);
                assert_eq!(chars(&edited.text(), (start, end)), new_passage);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn edited_first_and_last_words_stay_inside_the_match() {
        let a = article("a", ORIGINAL);
        let t = target_for_passage(&a, 2);
        let new_passage = "Reporters counted roughly fifteen thousand people at the rally in \
            Stepanakert, a figure the organisers rejected.";
        let edited = article("a", &ORIGINAL.replace(&t.exact, new_passage));
        let Anchoring::Reanchored { start, end, .. } = locate(&t, &edited) else {
            panic!("not re-anchored")
        };
        assert_eq!(chars(&edited.text(), (start, end)), new_passage);
    }

    #[test]
    fn short_quote_follows_its_context_not_the_nearest_lookalike() {
        let text = "The square was full. The police stood by.\n\n\
            Later the square emptied as rain began to fall on the crowd.";
        let a = article("a", text);
        let start = a.text().find("square emptied").unwrap();
        let t = target_for(&a, start, start + "square".len());
        let edited = article(
            "a",
            &text.replace(
                "The police stood by.",
                "The police stood by, watching closely.",
            ),
        );
        let Anchoring::Reanchored { start, end, .. } = locate(&t, &edited) else {
            panic!("not re-anchored")
        };
        let expected = edited.text().find("square emptied").unwrap();
        assert_eq!((start, end), (expected, expected + 6));
    }

    #[test]
    fn rewritten_text_orphans_notes() {
        let a = article("a", ORIGINAL);
        let rewritten = article(
            "a",
            "A completely different story about harvest festivals in the valley.\n\n\
             Farmers brought apples, pears and honey to the market stalls.\n\n\
             Music played until late in the evening.",
        );
        for p in 0..a.passages.len() {
            let t = target_for_passage(&a, p);
            assert_eq!(locate(&t, &rewritten), Anchoring::Orphan, "passage {p}");
        }
        let the = a.text().find("the corridor").unwrap();
        let t = target_for(&a, the, the + 3);
        assert_eq!(locate(&t, &rewritten), Anchoring::Orphan);
    }

    #[test]
    fn a_short_common_word_without_its_context_is_an_orphan() {
        let a = article("a", ORIGINAL);
        let at = a.text().find("the road").unwrap();
        let t = target_for(&a, at, at + 3);
        let other = article(
            "a",
            "Something else entirely happened on the other side of the town hall today.",
        );
        assert_eq!(locate(&t, &other), Anchoring::Orphan);
    }

    #[test]
    fn caret_targets_follow_their_context() {
        let a = article("a", ORIGINAL);
        let at = a.text().find("Crowds").unwrap();
        let t = target_for(&a, at, at);
        let edited = article("a", &format!("New lead paragraph.\n\n{ORIGINAL}"));
        let Anchoring::Reanchored { start, end, .. } = locate(&t, &edited) else {
            panic!("not re-anchored")
        };
        assert_eq!(start, end);
        assert_eq!(start, edited.text().find("Crowds").unwrap());
    }

    #[test]
    fn approximate_matching_finds_substrings_within_k() {
        let found = approximate_matches(&[1, 2, 3, 4], &[9, 1, 2, 7, 4, 9], 1);
        assert!(found.contains(&(1, 5, 1)), "{found:?}");
        assert!(approximate_matches(&[1, 2, 3, 4], &[9, 8, 7, 6], 1).is_empty());
        let exact = approximate_matches(&[5], &[1, 5, 2, 5], 0);
        assert_eq!(exact, [(1, 2, 0), (3, 4, 0)]);
    }

    #[test]
    fn article_for_prefers_path_then_id() {
        let a = Arc::new(article("a", ORIGINAL));
        let mut b = article("b", ORIGINAL);
        b.path = "/elsewhere/a.txt".into();
        let articles = vec![Arc::new(b), a.clone()];
        let t = target_for(&a, 0, 5);
        assert_eq!(article_for(&t, &articles).map(|(i, _)| i), Some(1));
        let mut moved = t.clone();
        moved.article_path = "/gone/a.txt".to_string();
        assert_eq!(article_for(&moved, &articles).map(|(i, _)| i), Some(1));
        moved.article_id = "zzz".to_string();
        assert!(article_for(&moved, &articles).is_none());
    }
}
