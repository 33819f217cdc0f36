//! Running a query: each element (word, prefix, phrase) resolved to vocabulary words and alias
//! spellings, their postings merged per element on a dense per-passage scratch, elements
//! intersected from the most selective, filters applied, then ranked.
//!
//! Score of a passage: the sum over elements of the match quality (exact 1 > prefix > fuzzy;
//! a phrase counts its words; an alias spelling a little less than the word that named it),
//! plus a bonus when consecutive elements stand together in order, plus small tie-breakers
//! (repetition, a shorter passage, the headline). Equal scores keep corpus order.

use super::Hit;
use super::fuzzy::Pattern;
use super::index::SearchIndex;
use super::postings::{Cursor, Positions};
use super::query::{Element, Query};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Marks an element's reference as a phrase alternative (index below) rather than a word id.
const PHRASE: u32 = 1 << 31;
const NONE: u32 = u32::MAX;
/// An alias spelling counts this much of the quality with which the query named it, so that
/// the spelling typed ranks first.
const ALIAS_FACTOR: f32 = 0.8;
/// Elements next to each other, in order.
const ADJACENT: f32 = 0.4;
const NEAR: f32 = 0.2;
const CLOSE: f32 = 0.1;
/// At most this many positions per element are compared for proximity.
const MAX_SPANS: usize = 64;

/// What one element of a query stands for in the index.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    /// Vocabulary words: (word, quality, found through an alias).
    pub words: Vec<(u32, f32, bool)>,
    /// Word sequences, one set of words per slot: (slots, quality, found through an alias).
    pub phrases: Vec<(Vec<Vec<u32>>, f32, bool)>,
}

impl Resolved {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Total postings: how much merging this element costs, to start from the cheapest.
    fn cost(&self, index: &SearchIndex) -> u64 {
        let words: u64 = self
            .words
            .iter()
            .map(|&(w, _, _)| u64::from(index.frequency(w)))
            .sum();
        let phrases: u64 = self
            .phrases
            .iter()
            .map(|(slots, _, _)| {
                slots
                    .iter()
                    .map(|s| {
                        s.iter()
                            .map(|&w| u64::from(index.frequency(w)))
                            .sum::<u64>()
                    })
                    .min()
                    .unwrap_or(0)
            })
            .sum();
        words + phrases
    }
}

/// Per-passage best match of one element, dense over the searched passage range.
struct Scratch {
    direct: Vec<f32>,
    alias: Vec<f32>,
    direct_ref: Vec<u32>,
    alias_ref: Vec<u32>,
    direct_tf: Vec<u32>,
    alias_tf: Vec<u32>,
}

impl Scratch {
    fn new(len: usize) -> Scratch {
        Scratch {
            direct: vec![0.0; len],
            alias: vec![0.0; len],
            direct_ref: vec![0; len],
            alias_ref: vec![0; len],
            direct_tf: vec![0; len],
            alias_tf: vec![0; len],
        }
    }

    fn clear(&mut self) {
        self.direct.fill(0.0);
        self.alias.fill(0.0);
    }

    fn offer(&mut self, i: usize, quality: f32, alias: bool, reference: u32, tf: u32) {
        let (q, r, t) = if alias {
            (&mut self.alias, &mut self.alias_ref, &mut self.alias_tf)
        } else {
            (&mut self.direct, &mut self.direct_ref, &mut self.direct_tf)
        };
        if quality > q[i] || (quality == q[i] && tf > t[i]) {
            q[i] = quality;
            r[i] = reference;
            t[i] = tf;
        }
    }

    /// (quality with its tie-breaker, reference, only through an alias) when the element
    /// matched passage `i`.
    fn best(&self, i: usize) -> Option<(f32, u32, bool)> {
        let (d, a) = (self.direct[i], self.alias[i]);
        if d > 0.0 && d >= a {
            Some((d + tf_bonus(self.direct_tf[i]), self.direct_ref[i], false))
        } else if a > 0.0 {
            let alias_only = d == 0.0;
            Some((
                a + tf_bonus(self.alias_tf[i]),
                self.alias_ref[i],
                alias_only,
            ))
        } else {
            None
        }
    }
}

/// Repetition helps a little, and soon stops helping.
fn tf_bonus(tf: u32) -> f32 {
    0.02 * (tf.max(1) as f32).ln().min(2.0)
}

/// Shorter passages are more about what they match.
fn length_bonus(words: u32) -> f32 {
    0.05 / (1.0 + words as f32 / 40.0)
}

const TITLE_BONUS: f32 = 0.03;

/// Positions of words in passages asked for in passage order: one cursor per word, each only
/// moving forward, so that a walk over many passages decodes each word's postings at most
/// once instead of searching them afresh for every passage. (A passage before the last one
/// asked for starts its word over.)
struct Walk<'a> {
    index: &'a SearchIndex,
    cursors: FxHashMap<u32, Cursor<'a>>,
}

impl<'a> Walk<'a> {
    fn new(index: &'a SearchIndex) -> Walk<'a> {
        Walk {
            index,
            cursors: FxHashMap::default(),
        }
    }

    /// Word positions of word `w` in passage `pid`, ascending (none when it does not occur
    /// there).
    fn positions(&mut self, w: u32, pid: u32) -> Positions<'a> {
        let index = self.index;
        let every = 0..u32::MAX;
        let cursor = self
            .cursors
            .entry(w)
            .or_insert_with(|| index.postings(w, &every));
        if cursor.passed(pid) {
            *cursor = index.postings(w, &every);
        }
        match cursor.seek(pid) {
            Some(p) if p.passage == pid => cursor.positions(),
            _ => Positions::default(),
        }
    }

    /// Start positions of the phrase `slots` in passage `pid`.
    fn phrase_starts(&mut self, slots: &[Vec<u32>], pid: u32) -> Vec<u32> {
        let mut per_slot: Vec<Vec<u32>> = Vec::with_capacity(slots.len());
        for slot in slots {
            let mut positions: Vec<u32> = Vec::new();
            for &w in slot {
                positions.extend(self.positions(w, pid));
            }
            if positions.is_empty() {
                return Vec::new();
            }
            if slot.len() > 1 {
                positions.sort_unstable();
            }
            per_slot.push(positions);
        }
        let Some((first, rest)) = per_slot.split_first() else {
            return Vec::new();
        };
        first
            .iter()
            .copied()
            .filter(|&s| {
                rest.iter()
                    .enumerate()
                    .all(|(i, ps)| ps.binary_search(&(s + i as u32 + 1)).is_ok())
            })
            .collect()
    }
}

/// Candidates so far, with one reference per element (`refs[c * m + e]`).
struct Candidates {
    pid: Vec<u32>,
    score: Vec<f32>,
    alias_only: Vec<bool>,
    refs: Vec<u32>,
}

impl SearchIndex {
    /// What an element stands for: vocabulary words (fuzzy for words, by prefix for `^`,
    /// exact for phrases) and, with aliases on, the lexicon's other spellings.
    pub(crate) fn resolve(&self, element: &Element, aliases: bool) -> Resolved {
        let mut r = Resolved::default();
        let scorer = self.query.scorer.as_ref();
        match element {
            Element::Word { word, open } => {
                let p = Pattern::new(word, *open, scorer);
                r.words = self
                    .word_hits(&p)
                    .iter()
                    .map(|h| (h.word, h.quality, false))
                    .collect();
                if aliases {
                    self.add_aliases(std::slice::from_ref(word), 1.0, &mut r);
                }
            }
            Element::Prefix(prefix) => {
                let p = Pattern::literal(prefix, true);
                r.words = self
                    .word_hits(&p)
                    .iter()
                    .map(|h| (h.word, h.quality, false))
                    .collect();
            }
            Element::Phrase { words, open } => {
                let last = words.len().saturating_sub(1);
                let slot = |i: usize, w: &String| -> Vec<u32> {
                    if i == last && *open {
                        self.word_hits(&Pattern::literal(w, true))
                            .iter()
                            .map(|h| h.word)
                            .collect()
                    } else {
                        self.vocab.find(w).into_iter().collect()
                    }
                };
                if words.len() == 1 {
                    r.words = self
                        .word_hits(&Pattern::literal(&words[0], *open))
                        .iter()
                        .map(|h| (h.word, h.quality, false))
                        .collect();
                } else {
                    let slots: Vec<Vec<u32>> =
                        words.iter().enumerate().map(|(i, w)| slot(i, w)).collect();
                    if slots.iter().all(|s| !s.is_empty()) {
                        r.phrases.push((slots, words.len() as f32, false));
                    }
                }
                if aliases {
                    self.add_aliases(words, words.len() as f32, &mut r);
                }
            }
        }
        r
    }

    fn add_aliases(&self, words: &[String], scale: f32, r: &mut Resolved) {
        for (group, named) in self.query.aliases.triggered(words) {
            let quality = ALIAS_FACTOR * named * scale;
            for spelling in self.query.aliases.spellings(group) {
                let ids: Option<Vec<u32>> = spelling.iter().map(|w| self.vocab.find(w)).collect();
                let Some(ids) = ids else { continue };
                if let [id] = ids[..] {
                    // A word also found directly stays listed twice: the scratch keeps the better
                    // quality, and the direct match keeps the hit from counting as alias-only.
                    if !r.words.iter().any(|&(w, _, a)| w == id && a) {
                        r.words.push((id, quality, true));
                    }
                } else {
                    let slots: Vec<Vec<u32>> = ids.into_iter().map(|w| vec![w]).collect();
                    if !r.phrases.iter().any(|(s, _, _)| *s == slots) {
                        r.phrases.push((slots, quality, true));
                    }
                }
            }
        }
    }

    /// Passages in `range` that hold the phrase, with how many times.
    fn phrase_hits(&self, slots: &[Vec<u32>], range: &Range<u32>) -> Vec<(u32, u32)> {
        let Some(driver) = (0..slots.len()).min_by_key(|&s| {
            slots[s]
                .iter()
                .map(|&w| self.frequency_in(w, range))
                .sum::<usize>()
        }) else {
            return Vec::new();
        };
        let mut pids: Vec<u32> = Vec::new();
        for &w in &slots[driver] {
            self.postings(w, range)
                .for_each_posting(|p| pids.push(p.passage));
        }
        if slots[driver].len() > 1 {
            pids.sort_unstable();
            pids.dedup();
        }
        let mut walk = Walk::new(self);
        pids.into_iter()
            .filter_map(|pid| {
                let n = walk.phrase_starts(slots, pid).len() as u32;
                (n > 0).then_some((pid, n))
            })
            .collect()
    }

    fn fill(&self, r: &Resolved, range: &Range<u32>, scratch: &mut Scratch) {
        for &(w, quality, alias) in &r.words {
            self.postings(w, range).for_each_posting(|p| {
                let i = (p.passage - range.start) as usize;
                scratch.offer(i, quality, alias, w, p.count);
            });
        }
        for (k, (slots, quality, alias)) in r.phrases.iter().enumerate() {
            for (pid, n) in self.phrase_hits(slots, range) {
                let i = (pid - range.start) as usize;
                scratch.offer(i, *quality, *alias, PHRASE | k as u32, n);
            }
        }
    }

    /// Word spans (first, last position) of an element's match in a passage.
    fn spans(walk: &mut Walk, r: &Resolved, reference: u32, pid: u32) -> Vec<(u32, u32)> {
        if reference == NONE {
            return Vec::new();
        }
        if reference & PHRASE != 0 {
            let Some((slots, _, _)) = r.phrases.get((reference & !PHRASE) as usize) else {
                return Vec::new();
            };
            let len = slots.len() as u32;
            return walk
                .phrase_starts(slots, pid)
                .into_iter()
                .take(MAX_SPANS)
                .map(|s| (s, s + len - 1))
                .collect();
        }
        walk.positions(reference, pid)
            .take(MAX_SPANS)
            .map(|p| (p, p))
            .collect()
    }

    /// Articles whose source or outlet matches one of `sources`: contains it, or matches it
    /// fuzzily nearly as well as it matches itself.
    fn articles_from(&self, sources: &[String]) -> Vec<bool> {
        let scorer = self.query.scorer.as_ref();
        let patterns: Vec<(&String, i64)> = sources
            .iter()
            .map(|s| (s, scorer.score(s, s).unwrap_or(1).max(1)))
            .collect();
        let matches: Vec<bool> = self
            .source_names
            .iter()
            .map(|name| {
                patterns.iter().any(|(s, own)| {
                    name.contains(s.as_str())
                        || scorer
                            .score(name, s)
                            .is_some_and(|score| score as f32 >= 0.6 * *own as f32)
                })
            })
            .collect();
        self.article_sources
            .iter()
            .map(|names| {
                names
                    .iter()
                    .any(|&n| matches.get(n as usize).copied().unwrap_or(false))
            })
            .collect()
    }

    /// Passages in `range` that an exclusion (`!word`: it or a word it starts; `!"phrase"`)
    /// rules out, as flags over the range.
    fn excluded(&self, excluded: &[Vec<String>], range: &Range<u32>) -> Option<Vec<bool>> {
        if excluded.is_empty() {
            return None;
        }
        let mut out = vec![false; range.len()];
        for words in excluded {
            if let [word] = &words[..] {
                for w in self.words_with_prefix(word) {
                    self.postings(w as u32, range)
                        .for_each_posting(|p| out[(p.passage - range.start) as usize] = true);
                }
            } else {
                let slots: Option<Vec<Vec<u32>>> = words
                    .iter()
                    .map(|w| self.vocab.find(w).map(|id| vec![id]))
                    .collect();
                if let Some(slots) = slots {
                    for (pid, _) in self.phrase_hits(&slots, range) {
                        out[(pid - range.start) as usize] = true;
                    }
                }
            }
        }
        Some(out)
    }

    /// Best first, at most `limit`. Stable for equal scores (then article, passage order).
    pub fn search(&self, query: &Query, limit: usize) -> Vec<Hit> {
        self.search_with(query, limit, &|_, _, _| false)
    }

    /// The same with a predicate for `#tag` filters: passage_has_tag(article, passage, tag).
    /// [`SearchIndex::search`] treats every passage as untagged.
    pub fn search_with(
        &self,
        query: &Query,
        limit: usize,
        passage_has_tag: &dyn Fn(usize, usize, &str) -> bool,
    ) -> Vec<Hit> {
        if limit == 0 || query.is_empty() {
            return Vec::new();
        }
        let range = match query.article {
            None => 0..self.passages.len() as u32,
            Some(a) if a < self.articles() => self.article_first[a]..self.article_first[a + 1],
            Some(_) => return Vec::new(),
        };
        let allowed = (!query.sources.is_empty()).then(|| self.articles_from(&query.sources));
        if allowed.as_ref().is_some_and(|a| !a.contains(&true)) {
            return Vec::new();
        }
        let passes = |pid: u32| {
            allowed.as_ref().is_none_or(|a| {
                a.get(self.passages[pid as usize].article as usize)
                    .copied()
                    .unwrap_or(false)
            })
        };
        let elements: Vec<Resolved> = query
            .elements
            .iter()
            .map(|e| self.resolve(e, query.aliases))
            .collect();
        if elements.iter().any(Resolved::is_empty) {
            return Vec::new();
        }
        let m = elements.len();
        let mut order: Vec<usize> = (0..m).collect();
        let costs: Vec<u64> = elements.iter().map(|e| e.cost(self)).collect();
        order.sort_by_key(|&e| costs[e]);

        let mut c = Candidates {
            pid: Vec::new(),
            score: Vec::new(),
            alias_only: Vec::new(),
            refs: Vec::new(),
        };
        if m == 0 {
            c.pid = range.clone().filter(|&pid| passes(pid)).collect();
            c.score = vec![0.0; c.pid.len()];
            c.alias_only = vec![false; c.pid.len()];
        } else {
            let mut scratch = Scratch::new(range.len());
            for (step, &e) in order.iter().enumerate() {
                if step > 0 {
                    scratch.clear();
                }
                self.fill(&elements[e], &range, &mut scratch);
                if step == 0 {
                    for i in 0..range.len() {
                        let pid = range.start + i as u32;
                        if let Some((q, reference, alias_only)) = scratch.best(i)
                            && passes(pid)
                        {
                            c.pid.push(pid);
                            c.score.push(q);
                            c.alias_only.push(alias_only);
                            let at = c.refs.len();
                            c.refs.resize(at + m, NONE);
                            c.refs[at + e] = reference;
                        }
                    }
                } else {
                    let mut kept = 0;
                    for k in 0..c.pid.len() {
                        let i = (c.pid[k] - range.start) as usize;
                        let Some((q, reference, alias_only)) = scratch.best(i) else {
                            continue;
                        };
                        c.pid[kept] = c.pid[k];
                        c.score[kept] = c.score[k] + q;
                        c.alias_only[kept] = c.alias_only[k] || alias_only;
                        c.refs.copy_within(k * m..(k + 1) * m, kept * m);
                        c.refs[kept * m + e] = reference;
                        kept += 1;
                    }
                    c.pid.truncate(kept);
                    c.score.truncate(kept);
                    c.alias_only.truncate(kept);
                    c.refs.truncate(kept * m);
                }
                if c.pid.is_empty() {
                    return Vec::new();
                }
            }
        }

        let excluded = self.excluded(&query.excluded, &range);
        let keep: Vec<bool> =
            c.pid
                .iter()
                .map(|&pid| {
                    let out = excluded
                        .as_ref()
                        .is_some_and(|x| x[(pid - range.start) as usize]);
                    let info = self.passages[pid as usize];
                    !out && query.tags.iter().all(|tag| {
                        passage_has_tag(info.article as usize, info.passage as usize, tag)
                    })
                })
                .collect();
        if keep.contains(&false) {
            let mut kept = 0;
            for (k, _) in keep.iter().enumerate().filter(|(_, keep)| **keep) {
                c.pid[kept] = c.pid[k];
                c.score[kept] = c.score[k];
                c.alias_only[kept] = c.alias_only[k];
                c.refs.copy_within(k * m..(k + 1) * m, kept * m);
                kept += 1;
            }
            c.pid.truncate(kept);
            c.score.truncate(kept);
            c.alias_only.truncate(kept);
            c.refs.truncate(kept * m);
        }
        if c.pid.is_empty() {
            return Vec::new();
        }

        if m > 0 {
            for k in 0..c.pid.len() {
                let info = self.passages[c.pid[k] as usize];
                c.score[k] += length_bonus(info.words) + if info.title { TITLE_BONUS } else { 0.0 };
            }
        }
        if m > 1 {
            // Only candidates that the largest possible proximity bonus could lift into the
            // results need their positions read.
            let most = ADJACENT * (m - 1) as f32;
            let floor = if c.pid.len() > limit {
                let mut scores = c.score.clone();
                let (_, kth, _) = scores.select_nth_unstable_by(limit - 1, |a, b| b.total_cmp(a));
                *kth - most
            } else {
                f32::NEG_INFINITY
            };
            // Candidates are in passage order, so one walk serves them all.
            let mut walk = Walk::new(self);
            for k in 0..c.pid.len() {
                if c.score[k] >= floor {
                    let refs = &c.refs[k * m..(k + 1) * m];
                    c.score[k] += Self::proximity(&mut walk, &elements, refs, c.pid[k]);
                }
            }
        }

        let mut ranked: Vec<(f64, u32, bool)> = (0..c.pid.len())
            .map(|k| (round(c.score[k]), c.pid[k], c.alias_only[k]))
            .collect();
        let order =
            |a: &(f64, u32, bool), b: &(f64, u32, bool)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked
            .into_iter()
            .map(|(score, pid, via_alias)| {
                let info = self.passages[pid as usize];
                Hit {
                    article: info.article as usize,
                    passage: info.passage as usize,
                    score,
                    via_alias,
                }
            })
            .collect()
    }

    /// The bonus for consecutive elements standing together: next to each other in order,
    /// near, or close.
    fn proximity(walk: &mut Walk, elements: &[Resolved], refs: &[u32], pid: u32) -> f32 {
        let spans: Vec<Vec<(u32, u32)>> = elements
            .iter()
            .zip(refs)
            .map(|(r, &reference)| Self::spans(walk, r, reference, pid))
            .collect();
        spans.windows(2).map(|w| pair_bonus(&w[0], &w[1])).sum()
    }
}

fn pair_bonus(a: &[(u32, u32)], b: &[(u32, u32)]) -> f32 {
    let mut best = 0.0f32;
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let bonus = if b0 == a1 + 1 {
                ADJACENT
            } else {
                let gap = if b0 > a1 {
                    b0 - a1
                } else if a0 > b1 {
                    a0 - b1
                } else {
                    u32::MAX
                };
                match gap {
                    0..=3 => NEAR,
                    4..=8 => CLOSE,
                    _ => 0.0,
                }
            };
            if bonus == ADJACENT {
                return bonus;
            }
            best = best.max(bonus);
        }
    }
    best
}

/// Scores are shown and compared to four decimals, so that equal-looking scores are equal and
/// keep corpus order.
fn round(score: f32) -> f64 {
    (f64::from(score) * 1e4).round() / 1e4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proximity_prefers_adjacent_in_order() {
        assert_eq!(pair_bonus(&[(3, 3)], &[(4, 4)]), ADJACENT);
        assert_eq!(pair_bonus(&[(4, 4)], &[(3, 3)]), NEAR);
        assert_eq!(pair_bonus(&[(1, 2)], &[(9, 9)]), CLOSE);
        assert_eq!(pair_bonus(&[(1, 1)], &[(40, 40)]), 0.0);
        assert_eq!(pair_bonus(&[(5, 5)], &[(5, 5)]), 0.0);
        assert_eq!(pair_bonus(&[], &[(5, 5)]), 0.0);
    }

    #[test]
    fn tie_breakers_stay_small() {
        assert!(tf_bonus(1000) + length_bonus(0) + TITLE_BONUS < 0.15);
        assert_eq!(tf_bonus(0), 0.0);
        assert!(length_bonus(10) > length_bonus(100));
    }
}
