//! Passage alignment: for one passage, the passages of other outlets that tell the same part of
//! the story, and how they tell it differently (contested names, figures, who is mentioned).
//!
//! The model is lexical over canonical tokens, so that outlets which disagree on names still
//! meet: every lexicon match becomes its concept (`c:kalbajar`) or entity (`e:12`), whatever
//! the spelling; dates become their year (`y:2020`) and full date; numbers become their value
//! (`n:6000`, so "6,000" meets "6000" and "twenty-four" meets "24") plus a coarse half-decade
//! bucket (`nb:7`, so "more than 6,000" and "almost 7,000" still pull together); other words
//! are folded, stop words dropped and lightly stemmed.
//!
//! A passage is a TF-IDF vector (sublinear tf) in which anchors (concepts, entities, dates,
//! numbers) weigh more than plain words; the score of a pair is the cosine, in 0..1, so two
//! passages sharing only common prose words stay low.
//! Finding candidates walks the postings of the query's tokens, skipping tokens so common that
//! their postings would dominate the time (the rarest few are always walked), and rescoring
//! exactly only the best few hundred.
//!
//! The index keeps counts, not weights: each passage's (token, count) pairs and each token's
//! (passage, count) postings are delta- and varint-coded byte lists (`id_lists`), a byte or two a
//! pair. Weights are worked out from the count and the token's idf where they are used, by the
//! one function the build used for the norms, so every score is the same to the bit as if the
//! weights had been stored.

use super::id_lists::{self, Pairs};
use super::quantities::{Value, find_quantities};
use crate::corpus::Article;
use crate::lexicon::fold::{alphanumerics, fold_term};
use crate::lexicon::{Matcher, Target};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Below this a passage is not comparable. Tuned on the sample corpus: the pairs on the same
/// event score 0.18–0.35; the childhood memories and other passages no outlet shares find
/// nothing above it.
pub const THRESHOLD: f64 = 0.15;

/// Weight of anchors (concepts, entities, dates, numbers) against plain words: agreeing on who,
/// where, when and how many says more about "the same part of the story" than shared prose.
const ANCHOR_BOOST: f32 = 1.5;
/// Candidates rescored exactly after the postings walk.
const RESCORE: usize = 400;
/// Tokens always walked, however common, so a passage of common words still finds candidates.
const RAREST_ALWAYS: usize = 3;

/// `best_per_outlet`: postings of tokens in more passages than this are not walked (past a
/// percent or so of a big corpus, a token says little about which event a passage tells).
const ALL_DF_CAP: u32 = 1_000;
/// `best_per_outlet`: the rarest tokens are walked above `ALL_DF_CAP` only up to this many
/// postings in all, so a passage of common words still finds candidates at bounded cost.
const ALL_ALWAYS_BUDGET: usize = 5_000;
/// `best_per_outlet`: candidates rescored exactly per passage, shared among the other outlets
/// (at least 4 each).
const ALL_RESCORE: usize = 48;

/// One passage's best match in each other outlet (`AlignIndex::best_per_outlet`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassageLinks {
    pub article: usize,
    pub passage: usize,
    /// (article, passage, score): one per other outlet with a match >= THRESHOLD.
    pub best: Vec<(usize, usize, f64)>,
}

/// Per-thread buffers of `best_per_outlet`, reused from passage to passage.
struct LinkScratch {
    /// Partial dot products by entry; all zero between passages.
    acc: Vec<f32>,
    touched: Vec<u32>,
    /// (partial score, entry) of the touched entries.
    ranked: Vec<(f32, u32)>,
    /// Candidates rescored so far by outlet; all zero between passages.
    per_outlet_taken: Vec<usize>,
    /// Best (score, entry) by outlet; all `None` between passages.
    best_of_outlet: Vec<Option<(f64, u32)>>,
    /// Outlets with a match above the threshold, in order of first match.
    touched_outlets: Vec<u32>,
    /// (df, token, weight) of the passage being linked.
    by_rarity: Vec<(u32, u32, f32)>,
    /// (token, weight) of the passage being linked, by token.
    here_terms: Vec<(u32, f32)>,
}

/// The result of comparing one passage with the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub article: usize,
    pub passage: usize,
    /// Grouped by source: sources ordered by their best score, each source's matches best
    /// first (one per source unless `per_source` > 1).
    pub matches: Vec<Match>,
    /// outlets with no passage above the threshold
    pub unmatched_sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub article: usize,
    pub passage: usize,
    /// The article's outlet (`Article::outlet`).
    pub source: String,
    /// 0..1.
    pub score: f64,
    pub differences: Vec<Difference>,
}

/// A passage of one article and its best counterpart in another (`AlignIndex::align_articles`).
#[derive(Debug, Clone, PartialEq)]
pub struct PassagePair {
    pub left: usize,
    pub right: usize,
    /// 0..1.
    pub score: f64,
    /// What the left passage says differently from the right one.
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub kind: DifferenceKind,
    /// concept id for terms; the counted thing ("killed", "peacekeepers") for numbers; the
    /// entity name (or concept id) for missing ones
    pub concept: String,
    /// what this passage says (variant + used_by, or the number text); "" when it does not
    /// mention it
    pub here: String,
    /// what the other passage says ("" when it does not mention it)
    pub there: String,
    /// Where this passage says it: byte ranges of its text (the concept's every mention, or the
    /// figure); empty for missing entities. For drawing, not part of the JSON contract.
    #[serde(skip)]
    pub here_at: Vec<Range<usize>>,
    /// Where the other passage says it, likewise.
    #[serde(skip)]
    pub there_at: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    Term,
    Number,
    MissingEntity,
}

/// A figure with what it counts, for comparing figures across passages.
#[derive(Debug, Clone)]
struct NumFact {
    low: f64,
    high: f64,
    /// Hedge and figure as written, without the unit: "more than 6,000".
    text: String,
    /// (key, shown): what the figure counts, from its unit and from casualty words nearby.
    keys: Vec<(String, String)>,
    /// Where the figure is written in its passage.
    range: Range<usize>,
}

/// What differences are computed from; byte ranges are relative to the passage text.
#[derive(Debug, Clone, Default)]
struct Facts {
    lex: Vec<(Target, Range<u32>)>,
    numbers: Vec<NumFact>,
}

/// An index of the body passages of a corpus for alignment. Build once (on a worker); `Send +
/// Sync`, so it can be shared behind an `Arc`.
pub struct AlignIndex {
    articles: Vec<Arc<Article>>,
    matcher: Arc<Matcher>,
    /// Distinct outlets, sorted, each as an article of it (the name is read from the article:
    /// a folder of files without metadata has an outlet per article); `article_outlet[a]`
    /// indexes it.
    outlets: Vec<u32>,
    article_outlet: Vec<u32>,
    /// Indexed passages ("entries") are numbered in (article, passage) order: article `a`'s are
    /// `article_first[a]..article_first[a+1]`, so an entry's article is found by bisection.
    article_first: Vec<u32>,
    /// By entry: its passage's index in its article.
    entry_passage: Vec<u32>,
    /// By entry: the norm of its vector.
    entry_norm: Vec<f32>,
    /// Entry `e`'s (token, count) pairs, by token, are the list
    /// `terms[term_start[e]..term_start[e + 1]]`; all in one allocation, so that the memory freed
    /// after the build can go back to the system.
    term_start: Vec<u32>,
    terms: Vec<u8>,
    vocab: TokenTable,
    idf: Vec<f32>,
    anchor: Bits,
    /// Token `t`'s postings are `postings[post_start[t]..post_start[t+1]]`: its document
    /// frequency as a varint, then its (entry, count) pairs as a list.
    post_start: Vec<u32>,
    postings: Vec<u8>,
}

impl std::fmt::Debug for AlignIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlignIndex")
            .field("articles", &self.articles.len())
            .field("passages", &self.passages())
            .field("tokens", &self.idf.len())
            .finish()
    }
}

/// A passage's tokens as (token id, count) pairs ascending by id; a token new to `vocab` gets
/// the next id, and `df` counts the passage once for each of its tokens.
fn count_terms<S: std::hash::BuildHasher>(
    tokens: Vec<String>,
    vocab: &mut std::collections::HashMap<String, u32, S>,
    df: &mut Vec<u32>,
) -> Vec<(u32, u32)> {
    let mut ids: Vec<u32> = tokens
        .into_iter()
        .map(|t| {
            let next = vocab.len() as u32;
            *vocab.entry(t).or_insert(next)
        })
        .collect();
    ids.sort_unstable();
    let mut tf: Vec<(u32, u32)> = Vec::new();
    for id in ids {
        match tf.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => tf.push((id, 1)),
        }
    }
    df.resize(vocab.len(), 0);
    for &(t, _) in &tf {
        df[t as usize] += 1;
    }
    tf
}

impl AlignIndex {
    /// Indexes the body passages of `articles` (positions in the slice are article indices).
    pub fn build(articles: &[Arc<Article>], matcher: Arc<Matcher>) -> AlignIndex {
        let analysed: Vec<Vec<(u32, Vec<String>)>> = articles
            .par_iter()
            .map(|a| {
                let text = a.text();
                a.body_passages()
                    .map(|(i, p)| {
                        let (tokens, _) = analyse(p.text(&text), &matcher, false);
                        (i as u32, tokens)
                    })
                    .collect()
            })
            .collect();

        let mut vocab: FxHashMap<String, u32> = FxHashMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut counted: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut article_first = Vec::with_capacity(articles.len() + 1);
        let mut entry_passage = Vec::new();
        for passages in analysed {
            article_first.push(counted.len() as u32);
            for (pi, tokens) in passages {
                entry_passage.push(pi);
                counted.push(count_terms(tokens, &mut vocab, &mut df));
            }
        }
        article_first.push(counted.len() as u32);
        entry_passage.shrink_to_fit();

        let n = counted.len() as f32;
        let idf: Vec<f32> = df.iter().map(|&d| idf_of(n, d as f32)).collect();
        let mut anchor = Bits::new(vocab.len());
        for (t, &id) in &vocab {
            if is_anchor(t) {
                anchor.set(id as usize);
            }
        }

        let total_pairs: usize = counted.iter().map(Vec::len).sum();
        let mut terms: Vec<u8> = Vec::with_capacity(total_pairs * 2);
        let mut term_start: Vec<u32> = Vec::with_capacity(counted.len() + 1);
        let mut entry_norm: Vec<f32> = Vec::with_capacity(counted.len());
        let mut weighed = Vec::new();
        for tf in &counted {
            term_start.push(terms.len() as u32);
            weighed.clear();
            entry_norm.push(weigh(tf, &idf, &anchor, &mut weighed));
            let mut prev = 0;
            for &(t, c) in tf {
                id_lists::push_pair(&mut terms, t - prev, c);
                prev = t;
            }
        }
        term_start.push(terms.len() as u32);
        terms.shrink_to_fit();

        // Postings are written in place: their exact sizes first, then each token's list at its
        // cursor, entries in order.
        let mut post_len: Vec<usize> = df
            .iter()
            .map(|&d| id_lists::varint_len(u64::from(d)))
            .collect();
        let mut last_entry = vec![0u32; vocab.len()];
        for (ei, tf) in counted.iter().enumerate() {
            for &(t, c) in tf {
                let t = t as usize;
                post_len[t] += id_lists::pair_len(ei as u32 - last_entry[t], c);
                last_entry[t] = ei as u32;
            }
        }
        let mut post_start = Vec::with_capacity(vocab.len() + 1);
        let mut total = 0usize;
        post_start.push(0u32);
        for len in &post_len {
            total += len;
            post_start.push(total as u32);
        }
        drop(post_len);
        let mut postings = vec![0u8; total];
        let mut cursor: Vec<usize> = post_start.iter().map(|&s| s as usize).collect();
        // The sizes were worked out above, so every write finds its room.
        let mut all_written = true;
        for (at, &d) in cursor.iter_mut().zip(&df) {
            all_written &= id_lists::write_varint(&mut postings, at, u64::from(d));
        }
        last_entry.fill(0);
        for (ei, tf) in counted.iter().enumerate() {
            for &(t, c) in tf {
                let t = t as usize;
                let gap = ei as u32 - last_entry[t];
                all_written &= id_lists::write_pair(&mut postings, &mut cursor[t], gap, c);
                last_entry[t] = ei as u32;
            }
        }
        debug_assert!(all_written, "postings sized too small");
        drop((counted, cursor, last_entry, df));
        let vocab = TokenTable::new(vocab);

        let outlet_of = |a: u32| articles.get(a as usize).map_or("", |a| a.outlet());
        let mut outlets: Vec<u32> = (0..articles.len() as u32).collect();
        outlets.sort_by(|&a, &b| outlet_of(a).cmp(outlet_of(b)));
        outlets.dedup_by(|a, b| outlet_of(*a) == outlet_of(*b));
        outlets.shrink_to_fit();
        let article_outlet = articles
            .iter()
            .map(|a| {
                outlets
                    .binary_search_by(|&o| outlet_of(o).cmp(a.outlet()))
                    .unwrap_or(0) as u32
            })
            .collect();

        AlignIndex {
            articles: articles.to_vec(),
            matcher,
            outlets,
            article_outlet,
            article_first,
            entry_passage,
            entry_norm,
            term_start,
            terms,
            vocab,
            idf,
            anchor,
            post_start,
            postings,
        }
    }

    /// Heap bytes the index holds (vectors by capacity; the articles it shares are not
    /// counted).
    pub fn heap_bytes(&self) -> usize {
        self.article_first.capacity() * 4
            + self.entry_passage.capacity() * 4
            + self.entry_norm.capacity() * 4
            + self.term_start.capacity() * 4
            + self.terms.capacity()
            + self.vocab.heap_bytes()
            + self.idf.capacity() * 4
            + self.anchor.heap_bytes()
            + self.post_start.capacity() * 4
            + self.postings.capacity()
            + self.article_outlet.capacity() * 4
            + self.outlets.capacity() * 4
    }

    /// The name of outlet `i` (an index into `outlets`).
    fn outlet_name(&self, i: usize) -> &str {
        self.outlets
            .get(i)
            .and_then(|&a| self.articles.get(a as usize))
            .map_or("", |a| a.outlet())
    }

    /// Number of indexed passages.
    pub fn passages(&self) -> usize {
        self.entry_norm.len()
    }

    /// For one passage: the best-matching passage in each OTHER source (outlet; an article's
    /// own other passages never count), best first, then up to `per_source - 1` weaker ones
    /// per source; only matches with score >= THRESHOLD. A passage that is not indexed (a
    /// headline, boilerplate) is analysed on the fly; one that does not exist matches nothing.
    pub fn compare(&self, article: usize, passage: usize, per_source: usize) -> Comparison {
        let mut out = Comparison {
            article,
            passage,
            matches: Vec::new(),
            unmatched_sources: Vec::new(),
        };
        let Some(a) = self.articles.get(article) else {
            return out;
        };
        let Some(p) = a.passages.get(passage) else {
            return out;
        };
        let own_outlet = self
            .article_outlet
            .get(article)
            .copied()
            .unwrap_or(u32::MAX);
        let text = a.text();
        let (terms, norm) = match self.entry(article, passage) {
            Some(ei) => (self.weighed_terms(ei), self.norm_of(ei)),
            None => self.analyse_unindexed(p.text(&text)),
        };

        let scored = self.candidates(&terms, norm);
        let mut by_outlet: HashMap<u32, Vec<(f64, usize)>> = HashMap::new();
        for ei in scored {
            let other_article = self.entry_article(ei);
            let outlet = self
                .article_outlet
                .get(other_article)
                .copied()
                .unwrap_or(u32::MAX);
            if other_article == article || outlet == own_outlet {
                continue;
            }
            let score = self.score(&terms, norm, ei);
            if score >= THRESHOLD {
                by_outlet.entry(outlet).or_default().push((score, ei));
            }
        }
        let mut groups: Vec<(u32, Vec<(f64, usize)>)> = by_outlet.into_iter().collect();
        for (_, list) in &mut groups {
            list.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            list.truncate(per_source.max(1));
        }
        groups.sort_by(|x, y| y.1[0].0.total_cmp(&x.1[0].0).then(x.0.cmp(&y.0)));
        let here_text = p.text(&text);
        let facts = self.facts_of(here_text);
        let mut matched = vec![false; self.outlets.len()];
        for (outlet, list) in groups {
            if let Some(m) = matched.get_mut(outlet as usize) {
                *m = true;
            }
            for (score, ei) in list {
                let other_article = self.entry_article(ei);
                let (Some(other), Some(&other_passage)) =
                    (self.articles.get(other_article), self.entry_passage.get(ei))
                else {
                    continue;
                };
                let Some(there_text) = other.passage_text(other_passage as usize) else {
                    continue;
                };
                out.matches.push(Match {
                    article: other_article,
                    passage: other_passage as usize,
                    source: self.outlet_name(outlet as usize).to_string(),
                    score,
                    differences: self.differences(
                        here_text,
                        &facts,
                        &there_text,
                        &self.facts_of(&there_text),
                    ),
                });
            }
        }
        out.unmatched_sources = (0..self.outlets.len())
            .filter(|&i| i as u32 != own_outlet && !matched[i])
            .map(|i| self.outlet_name(i).to_string())
            .collect();
        out
    }

    /// For every body passage of article `left`, the passage of article `right` that tells
    /// the same thing best (score >= THRESHOLD), with the differences; passages with no such
    /// counterpart are left out. Sorted by the left passage. Costs one exact score per pair of
    /// passages of the two articles: run it on a worker, like everything here.
    pub fn align_articles(&self, left: usize, right: usize) -> Vec<PassagePair> {
        let (Some(la), Some(ra)) = (self.articles.get(left), self.articles.get(right)) else {
            return Vec::new();
        };
        let candidates = self.article_entries(right);
        let (left_text, right_text) = (la.text(), ra.text());
        self.article_entries(left)
            .filter_map(|here| {
                let (terms, norm) = (self.weighed_terms(here), self.norm_of(here));
                // Entries of an article are in passage order: ties go to the earlier passage.
                let best = candidates
                    .clone()
                    .map(|there| (self.score(&terms, norm, there), there))
                    .filter(|(score, _)| *score >= THRESHOLD)
                    .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))?;
                let (score, there) = best;
                let here_passage = *self.entry_passage.get(here)? as usize;
                let there_passage = *self.entry_passage.get(there)? as usize;
                let (here_text, there_text) = (
                    la.passages.get(here_passage)?.text(&left_text),
                    ra.passages.get(there_passage)?.text(&right_text),
                );
                Some(PassagePair {
                    left: here_passage,
                    right: there_passage,
                    score,
                    differences: self.differences(
                        here_text,
                        &self.facts_of(here_text),
                        there_text,
                        &self.facts_of(there_text),
                    ),
                })
            })
            .collect()
    }

    /// The indexed passages (entries) of one article.
    fn article_entries(&self, article: usize) -> Range<usize> {
        match (
            self.article_first.get(article),
            self.article_first.get(article + 1),
        ) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        }
    }

    /// The entry of an indexed passage.
    fn entry(&self, article: usize, passage: usize) -> Option<usize> {
        let range = self.article_entries(article);
        let list = self.entry_passage.get(range.clone())?;
        let i = list.binary_search(&u32::try_from(passage).ok()?).ok()?;
        Some(range.start + i)
    }

    /// The article of an entry (past the last article for an entry that does not exist).
    fn entry_article(&self, entry: usize) -> usize {
        self.article_first
            .partition_point(|&first| first as usize <= entry)
            .saturating_sub(1)
    }

    fn norm_of(&self, entry: usize) -> f32 {
        self.entry_norm.get(entry).copied().unwrap_or(0.0)
    }

    /// An entry's (token, count) pairs, by token.
    fn entry_pairs(&self, entry: usize) -> Pairs<'_> {
        let bytes = match (self.term_start.get(entry), self.term_start.get(entry + 1)) {
            (Some(&start), Some(&end)) => {
                self.terms.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        };
        Pairs::new(bytes)
    }

    /// An entry's (token, weight) pairs, by token.
    fn weighed_terms(&self, entry: usize) -> Vec<(u32, f32)> {
        let mut out = Vec::new();
        self.weigh_entry_into(entry, &mut out);
        out
    }

    fn weigh_entry_into(&self, entry: usize, out: &mut Vec<(u32, f32)>) {
        out.extend(
            self.entry_pairs(entry)
                .map(|(t, count)| (t, self.weight(t, count))),
        );
    }

    /// The weight of a token counted `count` times in a passage.
    #[inline]
    fn weight(&self, token: u32, count: u32) -> f32 {
        term_weight(
            count,
            self.idf.get(token as usize).copied().unwrap_or(0.0),
            self.anchor.get(token as usize),
        )
    }

    /// A token's document frequency and its postings, (entry, count) by entry.
    fn postings_of(&self, token: u32) -> (u32, Pairs<'_>) {
        let bytes = match (
            self.post_start.get(token as usize),
            self.post_start.get(token as usize + 1),
        ) {
            (Some(&start), Some(&end)) => self
                .postings
                .get(start as usize..end as usize)
                .unwrap_or(&[]),
            _ => &[],
        };
        let mut at = 0;
        let df = id_lists::read_varint(bytes, &mut at).unwrap_or(0);
        (
            u32::try_from(df).unwrap_or(u32::MAX),
            Pairs::new(bytes.get(at..).unwrap_or(&[])),
        )
    }

    fn df(&self, token: u32) -> u32 {
        self.postings_of(token).0
    }

    /// What the differences between two passages are computed from: found when they are
    /// compared (a handful of passages) rather than kept for every passage of the corpus.
    fn facts_of(&self, text: &str) -> Facts {
        analyse(text, &self.matcher, true).1
    }

    /// A passage that was not indexed, weighed with the corpus statistics (unknown tokens count
    /// as the rarest: they lengthen the vector but meet nothing).
    fn analyse_unindexed(&self, text: &str) -> (Vec<(u32, f32)>, f32) {
        let (tokens, _) = analyse(text, &self.matcher, false);
        let n = self.passages() as f32;
        let unknown = idf_of(n, 0.0);
        let mut tf: HashMap<u32, u32> = HashMap::new();
        let mut extra_norm = 0f32;
        let mut unknown_tf: HashMap<String, u32> = HashMap::new();
        for t in tokens {
            match self.vocab.get(&t) {
                Some(id) => *tf.entry(id).or_default() += 1,
                None => *unknown_tf.entry(t).or_default() += 1,
            }
        }
        for (t, c) in unknown_tf {
            let w = term_weight(c, unknown, is_anchor(&t));
            extra_norm += w * w;
        }
        let mut tf: Vec<(u32, u32)> = tf.into_iter().collect();
        tf.sort_unstable();
        let mut terms = Vec::with_capacity(tf.len());
        let norm = weigh(&tf, &self.idf, &self.anchor, &mut terms);
        (terms, (norm * norm + extra_norm).sqrt())
    }

    /// Entries worth scoring exactly: those sharing a walked token, best partial dot first.
    fn candidates(&self, terms: &[(u32, f32)], norm: f32) -> Vec<usize> {
        if terms.is_empty() || norm <= 0.0 {
            return Vec::new();
        }
        let cap = (self.passages() / 50).max(64) as u32;
        let mut by_rarity: Vec<(u32, u32, f32)> =
            terms.iter().map(|&(t, w)| (self.df(t), t, w)).collect();
        // Stable: tokens as rare as each other are walked in token order.
        by_rarity.sort_by_key(|&(df, _, _)| df);
        let mut acc: Vec<f32> = vec![0.0; self.passages()];
        let mut touched: Vec<u32> = Vec::new();
        for (rank, &(df, t, w)) in by_rarity.iter().enumerate() {
            if rank >= RAREST_ALWAYS && df > cap {
                break;
            }
            let idf = self.idf.get(t as usize).copied().unwrap_or(0.0);
            let anchor = self.anchor.get(t as usize);
            for (ei, count) in self.postings_of(t).1 {
                let Some(slot) = acc.get_mut(ei as usize) else {
                    continue;
                };
                if *slot == 0.0 {
                    touched.push(ei);
                }
                *slot += w * term_weight(count, idf, anchor);
            }
        }
        let partial = |ei: u32| {
            let slot = acc.get(ei as usize).copied().unwrap_or(0.0);
            slot / self.norm_of(ei as usize).max(f32::MIN_POSITIVE)
        };
        if touched.len() > RESCORE {
            touched.select_nth_unstable_by(RESCORE, |&x, &y| partial(y).total_cmp(&partial(x)));
            touched.truncate(RESCORE);
        }
        touched.into_iter().map(|ei| ei as usize).collect()
    }

    /// For every indexed passage, its best match in each other outlet (score >= THRESHOLD),
    /// for clustering the whole corpus into events. Near-linear: passages run in parallel, each
    /// thread reuses one accumulator, only postings of tokens with document frequency up to
    /// `ALL_DF_CAP` are walked (the rarest `RAREST_ALWAYS` too while they stay under
    /// `ALL_ALWAYS_BUDGET` postings), and only the best few partial scores per outlet are
    /// rescored exactly with the scoring of `compare`. No differences are computed.
    pub fn best_per_outlet(&self) -> Vec<PassageLinks> {
        let mut entry_outlet: Vec<u32> = Vec::with_capacity(self.passages());
        for article in 0..self.articles.len() {
            let outlet = self
                .article_outlet
                .get(article)
                .copied()
                .unwrap_or(u32::MAX);
            entry_outlet.extend(self.article_entries(article).map(|_| outlet));
        }
        let cap = ((self.passages() / 50).max(64) as u32).min(ALL_DF_CAP);
        let per_outlet = (ALL_RESCORE / self.outlets.len().saturating_sub(1).max(1)).max(4);
        (0..self.passages())
            .into_par_iter()
            .with_min_len(256)
            .map_init(
                || LinkScratch {
                    acc: vec![0.0; self.passages()],
                    touched: Vec::new(),
                    ranked: Vec::new(),
                    per_outlet_taken: vec![0; self.outlets.len()],
                    best_of_outlet: vec![None; self.outlets.len()],
                    touched_outlets: Vec::new(),
                    by_rarity: Vec::new(),
                    here_terms: Vec::new(),
                },
                |scratch, ei| self.links_of(ei, &entry_outlet, cap, per_outlet, scratch),
            )
            .collect()
    }

    fn links_of(
        &self,
        ei: usize,
        entry_outlet: &[u32],
        cap: u32,
        per_outlet: usize,
        scratch: &mut LinkScratch,
    ) -> PassageLinks {
        let Some(&passage) = self.entry_passage.get(ei) else {
            return PassageLinks::default();
        };
        let mut links = PassageLinks {
            article: self.entry_article(ei),
            passage: passage as usize,
            best: Vec::new(),
        };
        let here_norm = self.norm_of(ei);
        if here_norm <= 0.0 {
            return links;
        }
        let own = entry_outlet.get(ei).copied().unwrap_or(u32::MAX);
        let LinkScratch {
            acc,
            touched,
            ranked,
            per_outlet_taken,
            best_of_outlet,
            touched_outlets,
            by_rarity,
            here_terms,
        } = scratch;
        here_terms.clear();
        self.weigh_entry_into(ei, here_terms);
        if here_terms.is_empty() {
            return links;
        }
        by_rarity.clear();
        by_rarity.extend(here_terms.iter().map(|&(t, w)| (self.df(t), t, w)));
        by_rarity.sort_unstable_by_key(|&(df, t, _)| (df, t));
        let mut walked = 0usize;
        for (rank, &(df, t, w)) in by_rarity.iter().enumerate() {
            let always = rank < RAREST_ALWAYS && walked + df as usize <= ALL_ALWAYS_BUDGET;
            if df > cap && !always {
                break;
            }
            walked += df as usize;
            let idf = self.idf.get(t as usize).copied().unwrap_or(0.0);
            let anchor = self.anchor.get(t as usize);
            for (other, count) in self.postings_of(t).1 {
                if entry_outlet.get(other as usize).copied() == Some(own) {
                    continue;
                }
                if let Some(slot) = acc.get_mut(other as usize) {
                    if *slot == 0.0 {
                        touched.push(other);
                    }
                    *slot += w * term_weight(count, idf, anchor);
                }
            }
        }
        // Partial scores taken, the accumulator is zeroed for the next passage.
        ranked.clear();
        for &other in touched.iter() {
            if let Some(slot) = acc.get_mut(other as usize) {
                let norm = self.entry_norm.get(other as usize).copied().unwrap_or(1.0);
                ranked.push((*slot / norm.max(f32::MIN_POSITIVE), other));
                *slot = 0.0;
            }
        }
        touched.clear();
        let by_partial = |x: &(f32, u32), y: &(f32, u32)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
        // The best partial scores, at most `per_outlet` from one outlet and `ALL_RESCORE` in
        // all, are rescored: a prolific outlet cannot crowd the others out.
        let pool = ALL_RESCORE * 4;
        if ranked.len() > pool {
            ranked.select_nth_unstable_by(pool, by_partial);
            ranked.truncate(pool);
        }
        ranked.sort_unstable_by(by_partial);
        let mut rescored = 0;
        for &(_, other) in ranked.iter() {
            if rescored == ALL_RESCORE {
                break;
            }
            let outlet = entry_outlet
                .get(other as usize)
                .copied()
                .unwrap_or(u32::MAX);
            let Some(taken) = per_outlet_taken.get_mut(outlet as usize) else {
                continue;
            };
            if *taken >= per_outlet {
                continue;
            }
            *taken += 1;
            rescored += 1;
            let score = self.score(here_terms, here_norm, other as usize);
            if score < THRESHOLD {
                continue;
            }
            let Some(slot) = best_of_outlet.get_mut(outlet as usize) else {
                continue;
            };
            if slot.is_none() {
                touched_outlets.push(outlet);
            }
            // Ties go to the earlier passage, as in `compare`.
            if slot.is_none_or(|(s, o)| score > s || (score == s && other < o)) {
                *slot = Some((score, other));
            }
        }
        for &outlet in touched_outlets.iter() {
            if let Some((score, other)) = best_of_outlet
                .get_mut(outlet as usize)
                .and_then(Option::take)
                && let Some(&passage) = self.entry_passage.get(other as usize)
            {
                links
                    .best
                    .push((self.entry_article(other as usize), passage as usize, score));
            }
        }
        for &(_, other) in ranked.iter() {
            let outlet = entry_outlet
                .get(other as usize)
                .copied()
                .unwrap_or(u32::MAX);
            if let Some(taken) = per_outlet_taken.get_mut(outlet as usize) {
                *taken = 0;
            }
        }
        touched_outlets.clear();
        links
    }

    /// The exact score of a passage's weighed terms (by token) against an entry, in 0..1.
    fn score(&self, terms: &[(u32, f32)], norm: f32, entry: usize) -> f64 {
        let their_norm = self.norm_of(entry);
        let mut dot = 0f64;
        let mut mine = terms.iter();
        let mut next_mine = mine.next();
        for (tb, count) in self.entry_pairs(entry) {
            while let Some(&(ta, _)) = next_mine
                && ta < tb
            {
                next_mine = mine.next();
            }
            let Some(&(ta, wa)) = next_mine else {
                break;
            };
            if ta == tb {
                dot += f64::from(wa) * f64::from(self.weight(tb, count));
                next_mine = mine.next();
            }
        }
        let cos = if norm > 0.0 && their_norm > 0.0 {
            dot / (f64::from(norm) * f64::from(their_norm))
        } else {
            0.0
        };
        cos.clamp(0.0, 1.0)
    }

    fn differences(&self, here: &str, hf: &Facts, there: &str, tf: &Facts) -> Vec<Difference> {
        let mut out = term_differences(&self.matcher, here, hf, there, tf);
        out.extend(number_differences(&hf.numbers, &tf.numbers));
        out.extend(missing_entities(&self.matcher, here, hf, there, tf));
        out
    }
}

fn idf_of(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn is_anchor(token: &str) -> bool {
    ["c:", "e:", "n:", "y:", "d:"]
        .iter()
        .any(|p| token.starts_with(p))
}

/// The sublinear TF-IDF weight of a token counted `count` times in a passage, anchors boosted:
/// the one formula for the norms at build time and the dot products when scoring, so that both
/// agree to the bit.
#[inline]
fn term_weight(count: u32, idf: f32, anchor: bool) -> f32 {
    // ln(1) is exactly 0: the shortcut for the common count gives the same weight.
    let tf = if count == 1 {
        1.0
    } else {
        1.0 + (count as f32).ln()
    };
    let boost = if anchor { ANCHOR_BOOST } else { 1.0 };
    tf * idf * boost
}

/// Appends the weighted terms of a passage (its (token, count) pairs) to `out`; returns the
/// vector's norm.
fn weigh(tf: &[(u32, u32)], idf: &[f32], anchor: &Bits, out: &mut Vec<(u32, f32)>) -> f32 {
    let mut norm = 0f32;
    out.extend(tf.iter().map(|&(t, c)| {
        let w = term_weight(
            c,
            idf.get(t as usize).copied().unwrap_or(0.0),
            anchor.get(t as usize),
        );
        norm += w * w;
        (t, w)
    }));
    norm.sqrt()
}

/// A fixed set of small integers, one bit each.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    #[inline]
    fn get(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|word| word >> (i % 64) & 1 == 1)
    }

    fn heap_bytes(&self) -> usize {
        self.0.capacity() * 8
    }
}

/// The corpus's tokens and their ids, sorted in one buffer: a few allocations for hundreds of
/// thousands of tokens.
struct TokenTable {
    arena: String,
    /// Token `i` (in sorted order) is `arena[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<u32>,
    ids: Vec<u32>,
}

impl TokenTable {
    fn new(map: FxHashMap<String, u32>) -> TokenTable {
        let mut pairs: Vec<(String, u32)> = map.into_iter().collect();
        pairs.sort_unstable();
        let mut table = TokenTable {
            arena: String::with_capacity(pairs.iter().map(|(t, _)| t.len()).sum()),
            ends: Vec::with_capacity(pairs.len()),
            ids: Vec::with_capacity(pairs.len()),
        };
        for (token, id) in pairs {
            table.arena.push_str(&token);
            table.ends.push(table.arena.len() as u32);
            table.ids.push(id);
        }
        table
    }

    fn token(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.arena.get(start..self.ends[i] as usize).unwrap_or("")
    }

    fn get(&self, token: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.token(mid).cmp(token) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.ids.get(mid).copied(),
            }
        }
        None
    }

    fn heap_bytes(&self) -> usize {
        self.arena.capacity() + self.ends.capacity() * 4 + self.ids.capacity() * 4
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// Number words, as written before a counted noun ("two weeks", "half a million").
pub(crate) const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "half",
    "mln",
    "bln",
    "bn",
    "tens",
];

/// Words that say a figure counts the dead, the injured or the displaced, whatever its noun.
pub(crate) fn casualty_class(word: &str) -> Option<&'static str> {
    Some(match word {
        "killed" | "kill" | "kills" | "killing" | "died" | "die" | "dies" | "dead" | "death"
        | "deaths" | "perished" | "perish" | "fatalities" | "lives" => "killed",
        "injured" | "wounded" | "injuries" | "injuring" | "wounding" => "injured",
        "displaced" | "refugees" | "fled" | "evacuated" | "uprooted" => "displaced",
        _ => return None,
    })
}

/// Strips common English suffixes so "killed", "kills" and "killing" meet. Deliberately crude:
/// both sides of a comparison are stemmed the same way, so over-stemming costs little.
fn stem(word: &str) -> String {
    let mut w = word;
    if w.len() > 4 {
        if let Some(s) = w.strip_suffix("ies") {
            return format!("{s}y");
        }
        for suffix in ["ings", "ing", "edly", "ed", "ly"] {
            if let Some(s) = w.strip_suffix(suffix)
                && s.len() >= 3
            {
                w = s;
                break;
            }
        }
        if w.len() == word.len() {
            if let Some(s) = w.strip_suffix("es")
                && ["ss", "x", "ch", "sh", "z"].iter().any(|e| s.ends_with(e))
            {
                w = s;
            } else if let Some(s) = w.strip_suffix('s')
                && !["s", "u", "i"].iter().any(|e| s.ends_with(e))
            {
                w = s;
            }
        }
        if w.len() > 4
            && let Some(s) = w.strip_suffix('e')
        {
            w = s;
        }
    }
    w.to_string()
}

/// Words of `text`, as the search cuts them: runs of letters and digits, with `,` or `.`
/// between digits kept inside a number.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    crate::search::tokens::for_each_token(text, |r| out.push(r));
    out
}

fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        fold_term(word)
    }
}

fn number_token(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("n:{}", v as i64)
    } else {
        format!("n:{v:.2}")
    }
}

/// Canonical tokens of a passage, and the facts differences are computed from.
/// A passage's tokens, and with `want_facts` what differences are computed from.
fn analyse(text: &str, matcher: &Matcher, want_facts: bool) -> (Vec<String>, Facts) {
    let lex = matcher.find(text);
    let quantities = find_quantities(text);
    let mut tokens: Vec<String> = Vec::new();
    let mut facts = Facts::default();
    for m in &lex {
        tokens.push(match m.target {
            Target::Variant { concept, .. } => match matcher.lexicon.concepts.get(concept) {
                Some(c) => format!("c:{}", c.id),
                None => continue,
            },
            Target::Entity(e) => format!("e:{e}"),
        });
        if want_facts {
            facts
                .lex
                .push((m.target, m.range.start as u32..m.range.end as u32));
        }
    }
    for q in &quantities {
        match &q.value {
            Value::Date { iso } => {
                if let Some(year) = iso
                    .get(..4)
                    .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                {
                    tokens.push(format!("y:{year}"));
                    if iso.len() > 4 {
                        tokens.push(format!("d:{iso}"));
                    }
                }
            }
            Value::Number {
                value,
                low,
                high,
                hedge,
                unit,
            } => {
                tokens.push(number_token(*value));
                if let Some(h) = high
                    && h != value
                {
                    tokens.push(number_token(*h));
                }
                if *value > 0.0 {
                    tokens.push(format!("nb:{}", (value.log10() * 2.0).floor() as i64));
                }
                if !want_facts {
                    continue;
                }
                let written = text.get(q.range.clone()).unwrap_or("");
                facts.numbers.push(NumFact {
                    low: low.unwrap_or(*value),
                    high: high.unwrap_or(*value),
                    text: figure_text(written, hedge.as_deref()),
                    keys: counted_keys(text, q.range.clone(), unit.as_deref()),
                    range: q.range.clone(),
                });
            }
        }
    }
    let (mut li, mut qi) = (0, 0);
    for r in words(text) {
        while lex.get(li).is_some_and(|m| m.range.end <= r.start) {
            li += 1;
        }
        // Words inside a lexicon match stay too: "Lachin corridor" and "Lachin" are different
        // concepts but the same story, and the concept token alone would not say so.
        let in_lex = lex.get(li).is_some_and(|m| m.range.start < r.end);
        while quantities.get(qi).is_some_and(|q| q.range.end <= r.start) {
            qi += 1;
        }
        let word = fold_word(&text[r.clone()]);
        if !in_lex
            && quantities.get(qi).is_some_and(|q| q.range.start < r.end)
            && (word.bytes().any(|b| b.is_ascii_digit()) || NUMBER_WORDS.contains(&word.as_str()))
        {
            continue;
        }
        if word.len() < 2 || super::stopwords::is_stop_word(&word) {
            continue;
        }
        tokens.push(stem(&word));
    }
    (tokens, facts)
}

/// "More than 6,000 people" → "more than 6,000": the hedge lowercased, the unit (and any
/// adjective before it) dropped by cutting after the last digit or number word.
fn figure_text(written: &str, hedge: Option<&str>) -> String {
    let mut t = written.trim();
    let lower = t.to_lowercase();
    let mut prefix = String::new();
    if let Some(h) = hedge
        && lower.len() == t.len()
        && lower.starts_with(h)
    {
        t = t.get(h.len()..).unwrap_or(t).trim_start();
        prefix = format!("{h} ");
    }
    let end = words(t)
        .into_iter()
        .filter(|r| {
            let w = t[r.clone()].to_lowercase();
            w.bytes().any(|b| b.is_ascii_digit()) || NUMBER_WORDS.contains(&w.as_str())
        })
        .map(|r| r.end)
        .next_back()
        .unwrap_or(t.len());
    format!("{prefix}{}", &t[..end])
}

/// What a figure counts: its unit's last word, and a casualty class when a casualty word sits
/// in the same sentence just after it (or just before: "killing 50 people").
fn counted_keys(text: &str, range: Range<usize>, unit: Option<&str>) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut add = |key: String, shown: String| {
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, shown));
        }
    };
    if let Some(last) = unit.and_then(|u| u.split_whitespace().last()) {
        match casualty_class(last) {
            Some(class) => add(class.to_string(), class.to_string()),
            None => add(stem(last), last.to_string()),
        }
    }
    let sentence_end = |c: char| matches!(c, '.' | ';' | '!' | '?' | '\n');
    let after = text.get(range.end..).unwrap_or("");
    let after = &after[..after.find(sentence_end).unwrap_or(after.len())];
    for r in words(after).into_iter().take(12) {
        if let Some(class) = casualty_class(&after[r].to_lowercase()) {
            add(class.to_string(), class.to_string());
        }
    }
    let before = text.get(..range.start).unwrap_or("");
    let before = &before[before.rfind(sentence_end).map_or(0, |i| i + 1)..];
    for r in words(before).into_iter().rev().take(3) {
        if let Some(class) = casualty_class(&before[r].to_lowercase()) {
            add(class.to_string(), class.to_string());
        }
    }
    keys
}

fn agree(a: &NumFact, b: &NumFact) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 0.01 * x.abs().max(y.abs());
    close(a.low, b.low) || (a.low <= b.high && b.low <= a.high)
}

fn number_differences(here: &[NumFact], there: &[NumFact]) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut seen_keys: HashSet<&str> = HashSet::new();
    let mut seen_pairs: HashSet<(usize, usize)> = HashSet::new();
    for h in here {
        for (key, shown) in &h.keys {
            if !seen_keys.insert(key) {
                continue;
            }
            let has = |n: &&NumFact| n.keys.iter().any(|(k, _)| k == key);
            let hs: Vec<(usize, &NumFact)> =
                here.iter().enumerate().filter(|(_, n)| has(n)).collect();
            let ts: Vec<(usize, &NumFact)> =
                there.iter().enumerate().filter(|(_, n)| has(n)).collect();
            if ts.is_empty() || hs.iter().any(|(_, a)| ts.iter().any(|(_, b)| agree(a, b))) {
                continue;
            }
            let distance = |a: &NumFact, b: &NumFact| {
                (a.low.abs().max(1e-9).ln() - b.low.abs().max(1e-9).ln()).abs()
            };
            let best = hs
                .iter()
                .flat_map(|&(i, a)| ts.iter().map(move |&(j, b)| (i, j, distance(a, b))))
                .min_by(|x, y| x.2.total_cmp(&y.2));
            if let Some((i, j, _)) = best
                && seen_pairs.insert((i, j))
            {
                out.push(Difference {
                    kind: DifferenceKind::Number,
                    concept: shown.clone(),
                    here: here[i].text.clone(),
                    there: there[j].text.clone(),
                    here_at: vec![here[i].range.clone()],
                    there_at: vec![there[j].range.clone()],
                });
            }
        }
    }
    out
}

/// Spellings of each concept in a passage, in order of first use: (concept, [(key, shown)]).
fn spellings(matcher: &Matcher, text: &str, facts: &Facts) -> Vec<(usize, Vec<(String, String)>)> {
    let mut out: Vec<(usize, Vec<(String, String)>)> = Vec::new();
    for (target, range) in &facts.lex {
        let Target::Variant { concept, variant } = *target else {
            continue;
        };
        let written = text
            .get(range.start as usize..range.end as usize)
            .unwrap_or("");
        let key = alphanumerics(&fold_term(written));
        let used_by = matcher
            .lexicon
            .concepts
            .get(concept)
            .and_then(|c| c.variants.get(variant))
            .map(|v| v.used_by.as_str())
            .unwrap_or("");
        let shown = if used_by.is_empty() {
            written.to_string()
        } else {
            format!("{written} ({used_by})")
        };
        let at = match out.iter().position(|(c, _)| *c == concept) {
            Some(i) => i,
            None => {
                out.push((concept, Vec::new()));
                out.len() - 1
            }
        };
        let slot = &mut out[at].1;
        if !slot.iter().any(|(k, _)| *k == key) {
            slot.push((key, shown));
        }
    }
    out
}

/// Byte ranges of a passage's mentions of a concept.
fn mentions(facts: &Facts, concept: usize) -> Vec<Range<usize>> {
    facts
        .lex
        .iter()
        .filter(|(t, _)| matches!(t, Target::Variant { concept: c, .. } if *c == concept))
        .map(|(_, r)| r.start as usize..r.end as usize)
        .collect()
}

/// The same concept written differently: each side uses a spelling the other does not.
fn term_differences(
    matcher: &Matcher,
    here: &str,
    hf: &Facts,
    there: &str,
    tf: &Facts,
) -> Vec<Difference> {
    let theirs = spellings(matcher, there, tf);
    let mut out = Vec::new();
    for (concept, mine) in spellings(matcher, here, hf) {
        let Some((_, other)) = theirs.iter().find(|(c, _)| *c == concept) else {
            continue;
        };
        let only = |a: &[(String, String)], b: &[(String, String)]| {
            a.iter().any(|(k, _)| !b.iter().any(|(kb, _)| kb == k))
        };
        if only(&mine, other) && only(other, &mine) {
            let join = |list: &[(String, String)]| {
                list.iter()
                    .map(|(_, s)| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(Difference {
                kind: DifferenceKind::Term,
                concept: matcher
                    .lexicon
                    .concepts
                    .get(concept)
                    .map(|c| c.id.clone())
                    .unwrap_or_default(),
                here: join(&mine),
                there: join(other),
                here_at: mentions(hf, concept),
                there_at: mentions(tf, concept),
            });
        }
    }
    out
}

/// Lexicon entities and concepts one passage mentions and the other does not.
fn missing_entities(
    matcher: &Matcher,
    here: &str,
    hf: &Facts,
    there: &str,
    tf: &Facts,
) -> Vec<Difference> {
    #[derive(PartialEq, Eq, Hash, Clone, Copy)]
    enum Key {
        Concept(usize),
        Entity(usize),
    }
    let key_of = |t: Target| match t {
        Target::Variant { concept, .. } => Key::Concept(concept),
        Target::Entity(e) => Key::Entity(e),
    };
    let firsts = |text: &str, facts: &Facts| {
        let mut list: Vec<(Key, String)> = Vec::new();
        for (t, r) in &facts.lex {
            let k = key_of(*t);
            if !list.iter().any(|(x, _)| *x == k) {
                let written = text.get(r.start as usize..r.end as usize).unwrap_or("");
                list.push((k, written.to_string()));
            }
        }
        list
    };
    let name = |k: Key| match k {
        Key::Concept(c) => matcher.lexicon.concepts.get(c).map(|c| c.id.clone()),
        Key::Entity(e) => matcher.lexicon.entities.get(e).map(|e| e.name.clone()),
    };
    let mine = firsts(here, hf);
    let theirs = firsts(there, tf);
    let mut out = Vec::new();
    for (k, written) in &mine {
        if !theirs.iter().any(|(x, _)| x == k) {
            out.push(Difference {
                kind: DifferenceKind::MissingEntity,
                concept: name(*k).unwrap_or_default(),
                here: written.clone(),
                there: String::new(),
                here_at: Vec::new(),
                there_at: Vec::new(),
            });
        }
    }
    for (k, written) in &theirs {
        if !mine.iter().any(|(x, _)| x == k) {
            out.push(Difference {
                kind: DifferenceKind::MissingEntity,
                concept: name(*k).unwrap_or_default(),
                here: String::new(),
                there: written.clone(),
                here_at: Vec::new(),
                there_at: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("killed"), stem("killing"));
        assert_eq!(stem("forces"), stem("forced"));
        assert_eq!(stem("districts"), "district");
        assert_eq!(stem("clashes"), "clash");
        assert_eq!(stem("casualties"), "casualty");
    }

    #[test]
    fn figure_text_keeps_hedge_and_drops_unit() {
        assert_eq!(
            figure_text("More than 6,000 people", Some("more than")),
            "more than 6,000"
        );
        assert_eq!(
            figure_text("almost 7,000 military personnel", Some("almost")),
            "almost 7,000"
        );
        assert_eq!(figure_text("Twenty-four hours", None), "Twenty-four");
    }

    #[test]
    fn casualty_words_after_a_figure_name_what_it_counts() {
        let text = "almost 7,000 military personnel and 170 civilians were killed.";
        let q = find_quantities(text);
        let keys: Vec<Vec<String>> = q
            .iter()
            .map(|q| {
                let unit = match &q.value {
                    Value::Number { unit, .. } => unit.clone(),
                    Value::Date { .. } => None,
                };
                counted_keys(text, q.range.clone(), unit.as_deref())
                    .into_iter()
                    .map(|k| k.0)
                    .collect()
            })
            .collect();
        assert!(
            keys.iter().all(|k| k.contains(&"killed".to_string())),
            "{keys:?}"
        );
    }

    #[test]
    fn numbers_and_variants_become_canonical_tokens() {
        let matcher = Matcher::builtin().unwrap();
        let (a, _) = analyse("Twenty-four soldiers left Kelbajar.", &matcher, false);
        let (b, _) = analyse("24 soldiers left Kalbajar.", &matcher, false);
        for t in ["n:24", "c:kalbajar", "soldier", "left"] {
            assert!(
                a.contains(&t.to_string()) && b.contains(&t.to_string()),
                "{t}: {a:?} {b:?}"
            );
        }
        let (c, _) = analyse("6,000 people", &matcher, false);
        let (d, _) = analyse("6000 people", &matcher, false);
        assert_eq!(c, d);
    }

    mod against_stored_weights {
        //! The compact index against the index as it was before counts replaced weights: every
        //! passage's (token, weight) pairs stored, and every pair of passages scored.

        use super::*;
        use crate::corpus::Role;
        use proptest::prelude::*;
        use std::sync::LazyLock;

        static MATCHER: LazyLock<Arc<Matcher>> =
            LazyLock::new(|| Matcher::builtin().expect("the built-in lexicon loads"));

        /// Words the random passages are made of: lexicon variants, figures, dates, prose and
        /// stop words (a passage of stop words only has no tokens).
        const WORDS: &[&str] = &[
            "Kalbajar",
            "Kelbajar",
            "Lachin",
            "corridor",
            "Shusha",
            "Shushi",
            "troops",
            "soldiers",
            "killed",
            "ceasefire",
            "village",
            "shelling",
            "refugees",
            "returned",
            "talks",
            "Moscow",
            "6,000",
            "24",
            "2020",
            "November",
            "peacekeepers",
            "border",
            "the",
            "of",
            "and",
        ];

        struct StoredEntry {
            article: usize,
            passage: usize,
            outlet: String,
            terms: Vec<(u32, f32)>,
            norm: f32,
        }

        /// The pre-change build: the same token counts (`count_terms`), weights stored.
        fn stored_weights(articles: &[Arc<Article>], matcher: &Matcher) -> Vec<StoredEntry> {
            let mut vocab: HashMap<String, u32> = HashMap::new();
            let mut df: Vec<u32> = Vec::new();
            let mut counted = Vec::new();
            for (ai, a) in articles.iter().enumerate() {
                for (pi, p) in a.body_passages() {
                    let (tokens, _) = analyse(p.text(&a.text()), matcher, false);
                    counted.push((ai, pi, count_terms(tokens, &mut vocab, &mut df)));
                }
            }
            let n = counted.len() as f32;
            let mut anchor = vec![false; vocab.len()];
            for (t, &id) in &vocab {
                anchor[id as usize] = is_anchor(t);
            }
            counted
                .into_iter()
                .map(|(article, passage, tf)| {
                    let mut norm = 0f32;
                    let terms = tf
                        .iter()
                        .map(|&(t, c)| {
                            let boost = if anchor[t as usize] {
                                ANCHOR_BOOST
                            } else {
                                1.0
                            };
                            let w =
                                (1.0 + (c as f32).ln()) * idf_of(n, df[t as usize] as f32) * boost;
                            norm += w * w;
                            (t, w)
                        })
                        .collect();
                    StoredEntry {
                        article,
                        passage,
                        outlet: articles[article].outlet().to_string(),
                        terms,
                        norm: norm.sqrt(),
                    }
                })
                .collect()
        }

        /// The pre-change exact score.
        fn stored_score(a: &StoredEntry, b: &StoredEntry) -> f64 {
            let mut dot = 0f64;
            let (mut i, mut j) = (0, 0);
            while let (Some(&(ta, wa)), Some(&(tb, wb))) = (a.terms.get(i), b.terms.get(j)) {
                match ta.cmp(&tb) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        dot += f64::from(wa) * f64::from(wb);
                        i += 1;
                        j += 1;
                    }
                }
            }
            let cos = if a.norm > 0.0 && b.norm > 0.0 {
                dot / (f64::from(a.norm) * f64::from(b.norm))
            } else {
                0.0
            };
            cos.clamp(0.0, 1.0)
        }

        /// `compare` by scoring every other passage: (article, passage, source, score bits).
        fn compare_by_brute_force(
            entries: &[StoredEntry],
            here: &StoredEntry,
            per_source: usize,
        ) -> Vec<(usize, usize, String, u64)> {
            let mut by_outlet: std::collections::BTreeMap<&str, Vec<(f64, usize)>> =
                Default::default();
            for (ei, e) in entries.iter().enumerate() {
                if e.article == here.article || e.outlet == here.outlet {
                    continue;
                }
                let score = stored_score(here, e);
                if score >= THRESHOLD {
                    by_outlet.entry(&e.outlet).or_default().push((score, ei));
                }
            }
            let mut groups: Vec<(&str, Vec<(f64, usize)>)> = by_outlet.into_iter().collect();
            for (_, list) in &mut groups {
                list.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                list.truncate(per_source);
            }
            groups.sort_by(|x, y| y.1[0].0.total_cmp(&x.1[0].0).then(x.0.cmp(y.0)));
            groups
                .into_iter()
                .flat_map(|(outlet, list)| {
                    list.into_iter().map(move |(score, ei)| {
                        let e = &entries[ei];
                        (e.article, e.passage, outlet.to_string(), score.to_bits())
                    })
                })
                .collect()
        }

        /// The best passage (score >= THRESHOLD, ties to the earlier) among `candidates`.
        fn best_of<'a>(
            here: &StoredEntry,
            candidates: impl Iterator<Item = &'a StoredEntry>,
        ) -> Option<(usize, usize, u64)> {
            let mut best: Option<(f64, &StoredEntry)> = None;
            for e in candidates {
                let score = stored_score(here, e);
                if score >= THRESHOLD && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, e));
                }
            }
            best.map(|(score, e)| (e.article, e.passage, score.to_bits()))
        }

        fn article(id: usize, source: &str, paragraphs: &[String]) -> Arc<Article> {
            let title = format!("Headline {id} {}", paragraphs.first().map_or("", |p| p));
            let parts: Vec<(&str, Role)> = std::iter::once((title.as_str(), Role::Title))
                .chain(paragraphs.iter().map(|p| (p.as_str(), Role::Body)))
                .collect();
            Arc::new(crate::corpus::tests::article_of(
                &format!("a{id}"),
                source,
                &parts,
            ))
        }

        fn corpus() -> impl Strategy<Value = Vec<(usize, Vec<Vec<usize>>)>> {
            let passage = proptest::collection::vec(0..WORDS.len(), 1..14);
            let article = (0..3usize, proptest::collection::vec(passage, 1..4));
            proptest::collection::vec(article, 2..8)
        }

        fn articles_of(spec: &[(usize, Vec<Vec<usize>>)]) -> Vec<Arc<Article>> {
            spec.iter()
                .enumerate()
                .map(|(id, (source, paragraphs))| {
                    let paragraphs: Vec<String> = paragraphs
                        .iter()
                        .map(|words| {
                            let words: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
                            format!("{}.", words.join(" "))
                        })
                        .collect();
                    article(id, ["Alpha", "Beta", "Gamma"][*source], &paragraphs)
                })
                .collect()
        }

        /// Checks `compare`, `best_per_outlet` and `align_articles` on a corpus against the
        /// stored-weight scoring; returns how many matches `compare` found.
        fn agrees_with_stored_weights(
            spec: &[(usize, Vec<Vec<usize>>)],
        ) -> Result<usize, TestCaseError> {
            let articles = articles_of(spec);
            let index = AlignIndex::build(&articles, MATCHER.clone());
            let stored = stored_weights(&articles, &MATCHER);
            prop_assert_eq!(index.passages(), stored.len());
            let mut matched = 0;

            for here in &stored {
                for per_source in [1, 3] {
                    let got: Vec<(usize, usize, String, u64)> = index
                        .compare(here.article, here.passage, per_source)
                        .matches
                        .into_iter()
                        .map(|m| (m.article, m.passage, m.source, m.score.to_bits()))
                        .collect();
                    matched += got.len();
                    prop_assert_eq!(got, compare_by_brute_force(&stored, here, per_source));
                }
            }

            let links = index.best_per_outlet();
            prop_assert_eq!(links.len(), stored.len());
            for (link, here) in links.iter().zip(&stored) {
                prop_assert_eq!((link.article, link.passage), (here.article, here.passage));
                let mut got: Vec<(usize, usize, u64)> = link
                    .best
                    .iter()
                    .map(|&(a, p, score)| (a, p, score.to_bits()))
                    .collect();
                got.sort_unstable();
                let mut outlets: Vec<&str> = stored.iter().map(|e| e.outlet.as_str()).collect();
                outlets.sort_unstable();
                outlets.dedup();
                let mut expected: Vec<(usize, usize, u64)> = outlets
                    .into_iter()
                    .filter(|&o| o != here.outlet)
                    .filter_map(|o| best_of(here, stored.iter().filter(|e| e.outlet == o)))
                    .collect();
                expected.sort_unstable();
                prop_assert_eq!(got, expected);
            }

            for left in 0..articles.len() {
                for right in 0..articles.len() {
                    let got: Vec<(usize, usize, u64)> = index
                        .align_articles(left, right)
                        .into_iter()
                        .map(|pair| (pair.left, pair.right, pair.score.to_bits()))
                        .collect();
                    let expected: Vec<(usize, usize, u64)> = stored
                        .iter()
                        .filter(|e| e.article == left)
                        .filter_map(|here| {
                            best_of(here, stored.iter().filter(|e| e.article == right))
                                .map(|(_, passage, score)| (here.passage, passage, score))
                        })
                        .collect();
                    prop_assert_eq!(got, expected);
                }
            }
            Ok(matched)
        }

        #[test]
        fn a_fixed_corpus_matches_as_with_stored_weights() {
            let words = |list: &[&str]| -> Vec<usize> {
                list.iter()
                    .filter_map(|w| WORDS.iter().position(|x| x == w))
                    .collect()
            };
            let spec = vec![
                (
                    0,
                    vec![
                        words(&["troops", "killed", "Kalbajar", "Kalbajar", "6,000", "2020"]),
                        words(&["the", "of", "and"]),
                        words(&["refugees", "returned", "village", "border", "village"]),
                    ],
                ),
                (
                    1,
                    vec![
                        words(&[
                            "soldiers", "killed", "Kelbajar", "6,000", "November", "2020",
                        ]),
                        words(&["refugees", "returned", "village", "shelling"]),
                    ],
                ),
                (
                    2,
                    vec![words(&[
                        "talks",
                        "Moscow",
                        "ceasefire",
                        "peacekeepers",
                        "Lachin",
                    ])],
                ),
                (
                    2,
                    vec![words(&[
                        "Moscow",
                        "talks",
                        "ceasefire",
                        "Lachin",
                        "corridor",
                    ])],
                ),
            ];
            let matched = agrees_with_stored_weights(&spec).expect("same as stored weights");
            assert!(
                matched >= 4,
                "only {matched} matches: the check says little"
            );
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn scores_are_those_of_stored_weights_to_the_bit(spec in corpus()) {
                agrees_with_stored_weights(&spec)?;
            }
        }
    }
}
