//! The search index as bytes, for saving it beside the corpus cache: its arrays written whole,
//! little-endian, its compressed postings as they are, and read back with every length and
//! bound checked and every posting decoded once, so that bytes which are not an index give
//! `None`, never a panic later.

use super::index::{PassageInfo, QueryParts, SearchIndex, Vocab};
use super::postings::PostingLists;
use crate::corpus::Article;
use crate::lexicon::Matcher;
use std::sync::Arc;

struct Writer(Vec<u8>);

impl Writer {
    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        self.0.reserve(values.len() * 4);
        for v in values {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn u64s(&mut self, values: &[u64]) {
        self.len(values.len());
        for v in values {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn len(&mut self) -> Option<usize> {
        let raw = u64::from_le_bytes(self.take(8)?.try_into().ok()?);
        usize::try_from(raw).ok()
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len()?;
        let raw = self.take(n.checked_mul(4)?)?;
        Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    fn u64s(&mut self) -> Option<Vec<u64>> {
        let n = self.len()?;
        let raw = self.take(n.checked_mul(8)?)?;
        Some(
            raw.chunks_exact(8)
                .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                .collect(),
        )
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

/// Offsets that start at zero (when `from_zero`), never go down, and end at `end`.
fn ascending_to(offsets: &[u32], end: usize, from_zero: bool) -> bool {
    offsets.windows(2).all(|w| w[0] <= w[1])
        && offsets.last().is_some_and(|&last| last as usize == end)
        && (!from_zero || offsets.first() == Some(&0))
}

impl SearchIndex {
    /// The index as bytes; [`SearchIndex::from_bytes`] reads them back.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        let flat: Vec<u32> = self
            .passages
            .iter()
            .flat_map(|p| [p.article, p.passage, p.words, u32::from(p.title)])
            .collect();
        w.u32s(&flat);
        w.u32s(&self.article_first);
        w.bytes(self.vocab.arena.as_bytes());
        w.u32s(&self.vocab.ends);
        w.u64s(&self.vocab.masks);
        w.bytes(&self.vocab.lens);
        let postings = &self.postings;
        w.u32s(&postings.word_start);
        w.u32s(&postings.passage_start);
        w.bytes(&postings.passage_bytes);
        w.u32s(&postings.position_start);
        w.bytes(&postings.position_bytes);
        w.len(self.source_names.len());
        for name in self.source_names.iter() {
            w.bytes(name.as_bytes());
        }
        let flat: Vec<u32> = self.article_sources.iter().flatten().copied().collect();
        w.u32s(&flat);
        w.0
    }

    /// The index of `articles` saved by [`SearchIndex::to_bytes`]; `None` when the bytes do not
    /// hold one together or do not fit those articles. `matcher` enables alias expansion, as in
    /// [`SearchIndex::build`].
    pub fn from_bytes(
        bytes: &[u8],
        articles: &[Arc<Article>],
        matcher: Option<Arc<Matcher>>,
    ) -> Option<SearchIndex> {
        let mut r = Reader(bytes);
        let flat = r.u32s()?;
        if flat.len() % 4 != 0 {
            return None;
        }
        let passages: Vec<PassageInfo> = flat
            .chunks_exact(4)
            .map(|c| PassageInfo {
                article: c[0],
                passage: c[1],
                words: c[2],
                title: c[3] != 0,
            })
            .collect();
        let article_first = r.u32s()?;
        let arena = String::from_utf8(r.bytes()?.to_vec()).ok()?;
        let ends = r.u32s()?;
        let masks = r.u64s()?;
        let lens = r.bytes()?.to_vec();
        let postings = PostingLists {
            word_start: r.u32s()?,
            passage_start: r.u32s()?,
            passage_bytes: r.bytes()?.to_vec(),
            position_start: r.u32s()?,
            position_bytes: r.bytes()?.to_vec(),
        };
        let name_count = r.len()?;
        let mut source_names = super::index::NameList::default();
        for _ in 0..name_count {
            source_names.push(r.str()?);
        }
        source_names.shrink_to_fit();
        let flat = r.u32s()?;
        if flat.len() % 2 != 0 || flat.iter().any(|&n| n as usize >= source_names.len()) {
            return None;
        }
        let article_sources: Vec<[u32; 2]> = flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
        let words = ends.len();
        let holds_together = r.0.is_empty()
            && article_first.len() == articles.len() + 1
            && ascending_to(&article_first, passages.len(), true)
            && article_sources.len() == articles.len()
            && passages.iter().all(|p| {
                articles
                    .get(p.article as usize)
                    .is_some_and(|a| (p.passage as usize) < a.passages.len())
            })
            && (words == 0 || ascending_to(&ends, arena.len(), false))
            && ends.iter().all(|&e| arena.is_char_boundary(e as usize))
            && masks.len() == words
            && lens.len() == words
            && postings.holds_together(words, |pid| passages.get(pid).map(|p| p.words));
        if !holds_together {
            return None;
        }
        Some(SearchIndex {
            passages,
            article_first,
            vocab: Vocab {
                arena,
                ends,
                masks,
                lens,
            },
            postings,
            article_sources,
            source_names,
            query: QueryParts::new(matcher.as_deref()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    fn texts() -> Vec<&'static str> {
        vec![
            "Stepanakert talks\n\nOfficials met in Stepanakert on Monday. The talks ended.",
            "Khankendi\n\nAzerbaijan said the city of Khankendi was calm.\n\nNo more.",
            "Oil\n\nOil prices rose as exports fell.",
        ]
    }

    #[test]
    fn an_index_read_back_answers_every_query_as_the_built_one() {
        let articles = crate::search::test_articles(&texts());
        let matcher = Matcher::builtin().expect("lexicon");
        let built = SearchIndex::build(&articles, Some(matcher.clone()));
        let bytes = built.to_bytes();
        let read = SearchIndex::from_bytes(&bytes, &articles, Some(matcher)).expect("read back");
        assert_eq!(read.to_bytes(), bytes);
        for q in [
            "stepanakert",
            "khankendi",
            "oil pri",
            "\"the talks\"",
            "exprts",
            "!oil",
        ] {
            let query = Query::parse(q);
            assert_eq!(read.search(&query, 10), built.search(&query, 10), "{q}");
            assert!(
                !built.search(&query, 10).is_empty() || q.starts_with('!'),
                "{q}"
            );
        }
    }

    #[test]
    fn bytes_that_do_not_hold_together_give_none() {
        let articles = crate::search::test_articles(&texts());
        let bytes = SearchIndex::build(&articles, None).to_bytes();
        let read = |bytes: &[u8]| SearchIndex::from_bytes(bytes, &articles, None);
        assert!(read(&bytes).is_some());
        assert!(read(&bytes[..bytes.len() - 1]).is_none());
        assert!(read(&[]).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer).is_none());
        assert!(
            SearchIndex::from_bytes(&bytes, &articles[..2], None).is_none(),
            "other articles"
        );
        // Every single-byte change either still reads as an index or is refused; none panics,
        // and what reads answers a search without panicking.
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] = changed[at].wrapping_add(97);
            if let Some(index) = read(&changed) {
                let _ = index.search(&Query::parse("talks"), 5);
            }
        }
    }
}
