//! The index: the corpus vocabulary (folded words, sorted) and, per word, its postings (the
//! passages it occurs in, with its word positions there), built in parallel; and the per-word
//! vocabulary matches of a query word, cached.

use super::alias::AliasTable;
use super::fuzzy::{Kind, Pattern, Skim, WordScorer, mask_of};
#[cfg(test)]
use super::postings::Positions;
use super::postings::{Cursor, PostingLists};
use super::query::source_key;
use super::tokens::{for_each_token, push_token_text};
use crate::corpus::{Article, Role};
use crate::lexicon::Matcher;
use crate::lexicon::fold::fold_text;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

/// How many vocabulary words one query word may stand for: enough for every spelling and
/// inflection of a name, few enough that a two-letter prefix stays cheap.
pub(crate) const MAX_WORDS: usize = 64;
/// Cached vocabulary matches, by query word; the cache starts over when it reaches this.
const CACHE_ENTRIES: usize = 4096;
/// Passages tokenised per parallel task.
const CHUNK: usize = 512;
/// Runs of words whose postings are encoded in parallel.
const ENCODE_RUNS: usize = 64;

/// Runs a query's parallel work on threads of its own. On rayon's global pool, which the index
/// builds keep busy for seconds while a corpus loads, it would wait for a build to finish; on
/// its own threads it shares the cores with the build and answers at once.
fn in_query_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("query-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// An indexed passage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PassageInfo {
    pub article: u32,
    /// Index in `Article::passages`.
    pub passage: u32,
    /// Length in words (tokens).
    pub words: u32,
    pub title: bool,
}

/// The folded words of the corpus, sorted, so that the words a prefix starts are one range.
#[derive(Default)]
pub(crate) struct Vocab {
    pub(super) arena: String,
    /// Word `i` is `arena[ends[i - 1]..ends[i]]` (from 0 for the first).
    pub(super) ends: Vec<u32>,
    pub masks: Vec<u64>,
    /// Length in chars, at most 255.
    pub lens: Vec<u8>,
}

impl Vocab {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    pub fn find(&self, word: &str) -> Option<u32> {
        let mut lo = 0;
        let mut hi = self.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The words that start with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let first = |pred: &dyn Fn(&str) -> bool, mut lo: usize| {
            let mut hi = self.len();
            while lo < hi {
                let mid = (lo + hi) / 2;
                if pred(self.get(mid)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let start = first(&|w| w < prefix, 0);
        let end = first(&|w| w.starts_with(prefix), start);
        start..end
    }

    fn shrink_to_fit(&mut self) {
        self.arena.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.masks.shrink_to_fit();
        self.lens.shrink_to_fit();
    }

    fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.ends.capacity() * 4
            + self.masks.capacity() * 8
            + self.lens.capacity()
    }
}

/// A vocabulary word standing for a query word, and how well it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WordHit {
    pub word: u32,
    pub quality: f32,
    /// Which tier chose it: 0 the word itself, 1 a longer word it starts, 2 a fuzzy match.
    tier: u8,
}

/// A searchable index of the prose passages of a corpus. `Send + Sync`: build it on a worker,
/// share it behind an `Arc`.
pub struct SearchIndex {
    pub(crate) passages: Vec<PassageInfo>,
    /// Passages of article `a` are `article_first[a]..article_first[a + 1]`.
    pub(crate) article_first: Vec<u32>,
    pub(crate) vocab: Vocab,
    /// Per vocabulary word, the passages it occurs in and its positions there.
    pub(super) postings: PostingLists,
    /// Each article's source and outlet, as indices in `source_names`, for `@source`: many
    /// articles share them.
    pub(crate) article_sources: Vec<[u32; 2]>,
    /// The distinct `source_key`s of sources and outlets.
    pub(crate) source_names: NameList,
    pub(crate) query: QueryParts,
}

/// What an index needs for queries besides its data: the same whether it was built or read
/// back, so it is made in one place.
pub(crate) struct QueryParts {
    pub aliases: AliasTable,
    pub scorer: Box<dyn WordScorer>,
    cache: WordCache,
}

impl QueryParts {
    /// `matcher` enables alias expansion.
    pub fn new(matcher: Option<&Matcher>) -> QueryParts {
        QueryParts {
            aliases: AliasTable::new(matcher),
            scorer: Box::new(Skim::default()),
            cache: Mutex::new(HashMap::new()),
        }
    }
}

/// Vocabulary matches by query word and matching mode.
type WordCache = Mutex<HashMap<(String, u8), Arc<Vec<WordHit>>>>;

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("articles", &self.articles())
            .field("passages", &self.passages.len())
            .field("words", &self.vocab.len())
            .finish()
    }
}

/// One parallel task's tokens: its own word ids, merged afterwards.
struct Chunk {
    words: Vec<String>,
    tokens: Vec<u32>,
    /// End of each passage's tokens in `tokens`.
    ends: Vec<u32>,
}

fn tokenize_chunk(articles: &[Arc<Article>], infos: &[PassageInfo]) -> Chunk {
    // Millions of short keys: a fast hash, not a DoS-resistant one (the keys are our own).
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut chunk = Chunk {
        words: Vec::new(),
        tokens: Vec::new(),
        ends: Vec::with_capacity(infos.len()),
    };
    let mut word = String::new();
    // An article's passages are consecutive: its text is read once for all of them.
    let mut current: Option<(u32, std::borrow::Cow<'_, str>)> = None;
    for info in infos {
        if current.as_ref().is_none_or(|(a, _)| *a != info.article) {
            current = articles
                .get(info.article as usize)
                .map(|a| (info.article, a.text()));
        }
        let text = match (&current, articles.get(info.article as usize)) {
            (Some((_, text)), Some(a)) => a
                .passages
                .get(info.passage as usize)
                .map_or("", |p| p.text(text)),
            _ => "",
        };
        let folded = fold_text(text);
        for_each_token(&folded, |r| {
            word.clear();
            push_token_text(&mut word, &folded[r]);
            let id = match ids.get(word.as_str()) {
                Some(&id) => id,
                None => {
                    let id = chunk.words.len() as u32;
                    chunk.words.push(word.clone());
                    ids.insert(word.clone(), id);
                    id
                }
            };
            chunk.tokens.push(id);
        });
        chunk.ends.push(chunk.tokens.len() as u32);
    }
    chunk
}

/// Calls `f` with each passage's id, its tokens (chunk word ids) and its chunk's map from those
/// ids to vocabulary ids, in passage order.
fn for_each_passage(chunks: &[Chunk], maps: &[Vec<u32>], mut f: impl FnMut(u32, &[u32], &[u32])) {
    let mut pid = 0u32;
    for (chunk, map) in chunks.iter().zip(maps) {
        let mut start = 0usize;
        for &end in &chunk.ends {
            f(pid, &chunk.tokens[start..end as usize], map);
            start = end as usize;
            pid += 1;
        }
    }
}

/// Strings end to end in one buffer: a folder of files without metadata has a source per
/// article, tens of thousands of short names that would each be an allocation of their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct NameList {
    text: String,
    ends: Vec<u32>,
}

impl NameList {
    pub fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let name = self.text.get(start..end as usize).unwrap_or("");
            start = end as usize;
            name
        })
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
}

/// Each article's source and outlet keys as indices in a list of the distinct keys.
fn intern_sources(articles: &[Arc<Article>]) -> (Vec<[u32; 2]>, NameList) {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut names = NameList::default();
    let mut id_of = |key: String| {
        *ids.entry(key).or_insert_with_key(|key| {
            names.push(key);
            (names.len() - 1) as u32
        })
    };
    let pairs = articles
        .iter()
        .map(|a| [id_of(source_key(&a.source)), id_of(source_key(a.outlet()))])
        .collect();
    names.shrink_to_fit();
    (pairs, names)
}

impl SearchIndex {
    /// Indexes the prose passages (Role::Body and Role::Title; never boilerplate) of `articles`;
    /// article indices in hits are positions in this slice. `matcher` enables alias expansion.
    pub fn build(articles: &[Arc<Article>], matcher: Option<Arc<Matcher>>) -> SearchIndex {
        let mut passages = Vec::new();
        let mut article_first = Vec::with_capacity(articles.len() + 1);
        for (a, article) in articles.iter().enumerate() {
            article_first.push(passages.len() as u32);
            for (p, passage) in article.prose_passages() {
                passages.push(PassageInfo {
                    article: a as u32,
                    passage: p as u32,
                    words: 0,
                    title: passage.role == Role::Title,
                });
            }
        }
        article_first.push(passages.len() as u32);

        let chunks: Vec<Chunk> = passages
            .par_chunks(CHUNK)
            .map(|infos| tokenize_chunk(articles, infos))
            .collect();

        // One vocabulary: chunk ids to global ids, then global ids to sorted ids.
        let mut global: FxHashMap<&str, u32> = FxHashMap::default();
        let mut all: Vec<&str> = Vec::new();
        let mut maps: Vec<Vec<u32>> = Vec::with_capacity(chunks.len());
        for chunk in &chunks {
            let mut map = Vec::with_capacity(chunk.words.len());
            for w in &chunk.words {
                let id = match global.get(w.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = all.len() as u32;
                        global.insert(w, id);
                        all.push(w);
                        id
                    }
                };
                map.push(id);
            }
            maps.push(map);
        }
        drop(global);
        let mut order: Vec<u32> = (0..all.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| all[a as usize].cmp(all[b as usize]));
        let mut rank = vec![0u32; all.len()];
        for (r, &g) in order.iter().enumerate() {
            rank[g as usize] = r as u32;
        }
        let mut vocab = Vocab::default();
        for &g in &order {
            let w = all[g as usize];
            vocab.arena.push_str(w);
            vocab.ends.push(vocab.arena.len() as u32);
            vocab.masks.push(mask_of(w));
            vocab.lens.push(w.chars().count().min(255) as u8);
        }
        for map in &mut maps {
            for id in map.iter_mut() {
                *id = rank[*id as usize];
            }
        }
        drop(order);
        drop(rank);
        drop(all);
        vocab.shrink_to_fit();

        // Postings in two passes over the tokens: count, then fill, each word's postings in
        // passage order and its positions in one block, so neither needs sorting.
        let words = vocab.len();
        let mut post_count = vec![0u32; words];
        let mut pos_count = vec![0u32; words];
        let mut last = vec![u32::MAX; words];
        for_each_passage(&chunks, &maps, |pid, tokens, map| {
            for &t in tokens {
                let w = map[t as usize] as usize;
                pos_count[w] += 1;
                if last[w] != pid {
                    last[w] = pid;
                    post_count[w] += 1;
                }
            }
            if let Some(info) = passages.get_mut(pid as usize) {
                info.words = tokens.len() as u32;
            }
        });
        let mut word_start = Vec::with_capacity(words + 1);
        let mut pos_base = Vec::with_capacity(words);
        let (mut posts, mut poss) = (0usize, 0usize);
        for w in 0..words {
            word_start.push(posts);
            pos_base.push(poss);
            posts += post_count[w] as usize;
            poss += pos_count[w] as usize;
        }
        word_start.push(posts);
        drop(post_count);
        drop(pos_count);
        // Uncompressed first, each word's postings in one block, then encoded word by word.
        let mut post_passage = vec![0u32; posts];
        let mut pos_start = vec![0usize; posts + 1];
        let mut positions = vec![0u32; poss];
        let mut post_cursor: Vec<usize> = word_start[..words].to_vec();
        let mut pos_cursor = pos_base;
        last.fill(u32::MAX);
        for_each_passage(&chunks, &maps, |pid, tokens, map| {
            for (i, &t) in tokens.iter().enumerate() {
                let w = map[t as usize] as usize;
                if last[w] != pid {
                    last[w] = pid;
                    let j = post_cursor[w];
                    post_cursor[w] += 1;
                    post_passage[j] = pid;
                    pos_start[j] = pos_cursor[w];
                }
                positions[pos_cursor[w]] = i as u32;
                pos_cursor[w] += 1;
            }
        });
        pos_start[posts] = poss;
        drop(post_cursor);
        drop(pos_cursor);
        drop(chunks);
        drop(maps);
        // Encoded in parallel, in runs of words holding about as many postings each.
        let runs = ENCODE_RUNS.min(words.max(1));
        let bounds: Vec<usize> = (0..=runs)
            .map(|r| match r {
                r if r == runs => words,
                r => word_start[..words].partition_point(|&start| start < posts * r / runs),
            })
            .collect();
        let parts: Vec<PostingLists> = bounds
            .par_windows(2)
            .map(|run| {
                let mut part = PostingLists::default();
                for w in run[0]..run[1] {
                    let word = word_start[w]..word_start[w + 1];
                    part.push_word(
                        word.map(|j| (post_passage[j], &positions[pos_start[j]..pos_start[j + 1]])),
                    );
                }
                part
            })
            .collect();
        let mut postings = PostingLists::default();
        for part in parts {
            postings.append(part);
        }
        postings.shrink_to_fit();

        // Pushed one by one, these grew by doubling: up to half of each is spare.
        passages.shrink_to_fit();
        article_first.shrink_to_fit();
        let (article_sources, source_names) = intern_sources(articles);
        SearchIndex {
            passages,
            article_first,
            vocab,
            postings,
            article_sources,
            source_names,
            query: QueryParts::new(matcher.as_deref()),
        }
    }

    /// How many articles were indexed (hits' `article` is below this).
    pub fn articles(&self) -> usize {
        self.article_first.len().saturating_sub(1)
    }

    /// How many passages were indexed.
    pub fn passages(&self) -> usize {
        self.passages.len()
    }

    /// How many distinct words the corpus has.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }

    /// Heap bytes held by the index (an estimate: vectors by capacity, the cache not counted).
    pub fn heap_bytes(&self) -> usize {
        self.passages.capacity() * std::mem::size_of::<PassageInfo>()
            + self.article_first.capacity() * 4
            + self.vocab.heap_bytes()
            + self.postings.heap_bytes()
            + self.article_sources.capacity() * 8
            + self.source_names.heap_bytes()
            + self.query.aliases.heap_bytes()
    }

    /// In how many passages word `w` occurs.
    pub(crate) fn frequency(&self, w: u32) -> u32 {
        self.postings.frequency(w)
    }

    /// The postings of word `w` for passages in `range`, in passage order.
    pub(crate) fn postings(&self, w: u32, range: &Range<u32>) -> Cursor<'_> {
        self.postings.cursor(w, range)
    }

    /// How many passages in `range` word `w` occurs in.
    pub(crate) fn frequency_in(&self, w: u32, range: &Range<u32>) -> usize {
        if range.start == 0 && range.end as usize >= self.passages.len() {
            self.frequency(w) as usize
        } else {
            self.postings(w, range).count()
        }
    }

    /// Word positions of word `w` in passage `pid`, ascending (none when it does not occur
    /// there). For passages visited in order, a cursor from [`SearchIndex::postings`] is
    /// cheaper.
    #[cfg(test)]
    pub(crate) fn positions_in(&self, w: u32, pid: u32) -> Positions<'_> {
        self.postings.positions_in(w, pid)
    }

    /// The vocabulary words a query word stands for, best first, at most [`MAX_WORDS`]: better
    /// quality, then more frequent.
    pub(crate) fn word_hits(&self, p: &Pattern) -> Arc<Vec<WordHit>> {
        let mode = u8::from(p.open) | u8::from(p.prefix) << 1 | u8::from(p.fuzzy) << 2;
        let key = (p.text.clone(), mode);
        if let Ok(cache) = self.query.cache.lock()
            && let Some(hit) = cache.get(&key)
        {
            return hit.clone();
        }
        let scorer = self.query.scorer.as_ref();
        let check = |w: usize| {
            p.matches(
                self.vocab.get(w),
                self.vocab.lens[w] as usize,
                self.vocab.masks[w],
                scorer,
            )
            .map(|(quality, kind)| WordHit {
                word: w as u32,
                quality,
                tier: match kind {
                    Kind::Exact => 0,
                    Kind::Prefix => 1,
                    _ => 2,
                },
            })
        };
        let mut hits: Vec<WordHit> = if p.fuzzy {
            let budget = p.budget as u32;
            let shortest = p.len.saturating_sub(p.budget);
            in_query_pool(|| {
                (0..self.vocab.len())
                    .into_par_iter()
                    .with_min_len(4096)
                    .filter(|&w| {
                        (p.mask & !self.vocab.masks[w]).count_ones() <= budget
                            && self.vocab.lens[w] as usize >= shortest
                    })
                    .filter_map(check)
                    .collect()
            })
        } else if p.prefix {
            self.vocab.prefix_range(&p.text).filter_map(check).collect()
        } else {
            self.vocab
                .find(&p.text)
                .map(|w| WordHit {
                    word: w,
                    quality: 1.0,
                    tier: 0,
                })
                .into_iter()
                .collect()
        };
        // Among the words a prefix starts, the common ones are likelier what is being typed
        // than the short ones: "bank of e" should keep "england" among its words.
        hits.sort_by(|a, b| {
            let by_quality = if a.tier == 1 && b.tier == 1 {
                std::cmp::Ordering::Equal
            } else {
                b.quality.total_cmp(&a.quality)
            };
            a.tier
                .cmp(&b.tier)
                .then(by_quality)
                .then(self.frequency(b.word).cmp(&self.frequency(a.word)))
                .then(a.word.cmp(&b.word))
        });
        hits.truncate(MAX_WORDS);
        let hits = Arc::new(hits);
        if let Ok(mut cache) = self.query.cache.lock() {
            if cache.len() >= CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, hits.clone());
        }
        hits
    }

    /// Forgets the cached vocabulary matches (for measuring the search from scratch).
    pub fn clear_cache(&self) {
        if let Ok(mut cache) = self.query.cache.lock() {
            cache.clear();
        }
    }

    /// Every vocabulary word that `prefix` starts (for exclusions: no limit).
    pub(crate) fn words_with_prefix(&self, prefix: &str) -> Range<usize> {
        self.vocab.prefix_range(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[&str]) -> SearchIndex {
        SearchIndex::build(&crate::search::test_articles(texts), None)
    }

    #[test]
    fn postings_hold_passages_and_positions_in_order() {
        let idx = index(&[
            "Title of one\n\nThe cat sat on the cat mat today.\n\nA dog.",
            "Another title\n\nThe dog and the cat.",
        ]);
        assert_eq!(idx.articles(), 2);
        let cat = idx.vocab.find("cat").unwrap();
        let mut postings = idx.postings(cat, &(0..u32::MAX));
        let mut found: Vec<(u32, Vec<u32>)> = Vec::new();
        while let Some(p) = postings.next() {
            found.push((p.passage, postings.positions().collect()));
        }
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, [1, 5]);
        assert_eq!(found[1].1, [4]);
        let only_second = idx.postings(cat, &(idx.article_first[1]..idx.article_first[2]));
        assert_eq!(only_second.count(), 1);
        assert_eq!(idx.positions_in(cat, found[1].0).collect::<Vec<_>>(), [4]);
        assert!(idx.vocab.find("zebra").is_none());
        let range = idx.vocab.prefix_range("t");
        let words: Vec<&str> = range.map(|w| idx.vocab.get(w)).collect();
        assert_eq!(words, ["the", "title", "today"]);
    }

    #[test]
    fn a_short_prefix_keeps_the_common_words_it_starts() {
        // Seventy rare short words and one common long one, all starting with "ab".
        let rare: Vec<String> = (0..70)
            .map(|i| format!("ab{}{}", (b'a' + i / 26) as char, (b'a' + i % 26) as char))
            .collect();
        let text = format!(
            "Title\n\n{}\n\nAbstraction one.\n\nAbstraction two.\n\nAbstraction three.",
            rare.join(" ")
        );
        let idx = index(&[&text]);
        let skim = Skim::default();
        let hits = idx.word_hits(&Pattern::new("ab", true, &skim));
        assert_eq!(hits.len(), MAX_WORDS);
        let abstraction = idx.vocab.find("abstraction").unwrap();
        assert_eq!(hits[0].word, abstraction);
    }

    #[test]
    fn a_fuzzy_query_is_answered_while_the_global_pool_is_busy() {
        // Enough words for the vocabulary scan to be split across threads.
        let filler: Vec<String> = (0..10_000).map(|i| format!("w{i}q")).collect();
        let text = format!(
            "Title\n\nStepanakert and Khankendi.\n\n{}",
            filler.join(" ")
        );
        let idx = Arc::new(index(&[&text]));
        // Every thread of rayon's global pool held, as a long index build holds them.
        let threads = rayon::current_num_threads();
        let (started_tx, started) = std::sync::mpsc::channel();
        let (release_tx, release) = std::sync::mpsc::channel::<()>();
        let release = Arc::new(Mutex::new(release));
        for _ in 0..threads {
            let (started_tx, release) = (started_tx.clone(), release.clone());
            rayon::spawn(move || {
                let _ = started_tx.send(());
                if let Ok(release) = release.lock() {
                    let _ = release.recv();
                }
            });
        }
        for _ in 0..threads {
            started.recv().expect("a pool thread started");
        }
        let (done_tx, done) = std::sync::mpsc::channel();
        let searching = idx.clone();
        std::thread::spawn(move || {
            let skim = Skim::default();
            let hits = searching.word_hits(&Pattern::new("stepanakrt", false, &skim));
            let _ = done_tx.send(hits.iter().map(|h| h.word).collect::<Vec<_>>());
        });
        let answer = done.recv_timeout(std::time::Duration::from_secs(60));
        for _ in 0..threads {
            let _ = release_tx.send(());
        }
        let words = answer.expect("the query waited for the busy pool");
        assert_eq!(words, [idx.vocab.find("stepanakert").unwrap()]);
    }

    #[test]
    fn the_index_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<SearchIndex>();
    }
}
