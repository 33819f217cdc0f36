//! Compressed postings: for each word, the passages it occurs in and its word positions there,
//! as varint byte streams, with skip points so that a passage is found without decoding the
//! whole word.
//!
//! A word's passage bytes hold its skip points (one per block of [`BLOCK`] postings after the
//! first: three little-endian u32s, the smallest passage id the block may start at and where
//! the block starts in the word's passage and position bytes), then one varint per posting:
//! the gap from the smallest passage id it could have, shifted left once, its low bit set when
//! the word occurs more than once there, followed then by a varint of that count less two.
//! A word's position bytes hold, per posting, its positions: the first as is, each next as its
//! gap from the one before less one. Gaps rather than ids keep most varints to one byte, and
//! positions apart from passages keep the walks that need only passages and counts (merging a
//! word's postings) from reading them.

use crate::varint::{push_pair, push_varint};
use std::ops::Range;

/// Postings per skip point: few enough that finding a passage decodes little, many enough
/// that skip points cost a fraction of a byte per posting.
pub(crate) const BLOCK: usize = 64;
const SKIP_BYTES: usize = 12;

/// The postings of every vocabulary word, compressed.
#[derive(Debug)]
pub(crate) struct PostingLists {
    /// Word `w` has `word_start[w + 1] - word_start[w]` postings.
    pub(super) word_start: Vec<u32>,
    /// Word `w`'s skip points and passages are `passage_bytes[passage_start[w]..passage_start[w + 1]]`.
    pub(super) passage_start: Vec<u32>,
    pub(super) passage_bytes: Vec<u8>,
    /// Word `w`'s positions are `position_bytes[position_start[w]..position_start[w + 1]]`.
    pub(super) position_start: Vec<u32>,
    pub(super) position_bytes: Vec<u8>,
}

impl Default for PostingLists {
    fn default() -> PostingLists {
        PostingLists {
            word_start: vec![0],
            passage_start: vec![0],
            passage_bytes: Vec::new(),
            position_start: vec![0],
            position_bytes: Vec::new(),
        }
    }
}

/// One passage a word occurs in, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Posting {
    pub passage: u32,
    pub count: u32,
}

/// The varint at `at` (at most five bytes), moving `at` past it. Only for bytes already
/// checked: on others it gives some number, never a panic.
#[inline]
fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let Some(&first) = bytes.get(*at) else {
        return 0;
    };
    *at += 1;
    if first < 0x80 {
        return u64::from(first);
    }
    let mut value = u64::from(first & 0x7f);
    let mut shift = 7;
    while shift < 35 {
        let Some(&b) = bytes.get(*at) else { break };
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    value
}

/// The varint at `at` when it ends inside `bytes` within five bytes and is not padded with a
/// zero byte (so that every value has one encoding).
fn checked_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for (i, shift) in (0..35).step_by(7).enumerate() {
        let b = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return (i == 0 || b != 0).then_some(value);
        }
    }
    None
}

/// Where `n` more varints end, from `at` (or the end of `bytes`).
#[inline]
fn skip_varints(bytes: &[u8], mut at: usize, mut n: u32) -> usize {
    while n > 0 {
        let Some(&b) = bytes.get(at) else { break };
        at += 1;
        n -= u32::from(b < 0x80);
    }
    at
}

fn le_u32(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// Skip point `k` (of block `k + 1`): the smallest passage id its block may start at, and
/// where it starts in the word's passage bytes (after the skip points) and position bytes.
fn skip_point(skips: &[u8], k: usize) -> (u32, usize, usize) {
    let at = k * SKIP_BYTES;
    (
        le_u32(skips, at),
        le_u32(skips, at + 4) as usize,
        le_u32(skips, at + 8) as usize,
    )
}

impl PostingLists {
    /// Appends the next word's postings, in passage order, each with its positions (at least
    /// one, ascending). Returns false, appending an empty word instead, when the bytes would
    /// outgrow the u32 offsets (some billions of words of text): the word is then not found,
    /// which beats offsets that wrap.
    pub fn push_word<'p>(
        &mut self,
        postings: impl ExactSizeIterator<Item = (u32, &'p [u32])>,
    ) -> bool {
        let passage_mark = self.passage_bytes.len();
        let position_mark = self.position_bytes.len();
        let total = postings.len();
        let skips = total.div_ceil(BLOCK).saturating_sub(1);
        self.passage_bytes
            .resize(passage_mark + skips * SKIP_BYTES, 0);
        let body = self.passage_bytes.len();
        let mut next_min = 0u32;
        let mut last_passage = None;
        for (i, (passage, positions)) in postings.enumerate() {
            if i > 0 && i % BLOCK == 0 {
                let at = passage_mark + (i / BLOCK - 1) * SKIP_BYTES;
                let point = [
                    next_min,
                    u32::try_from(self.passage_bytes.len() - body).unwrap_or(u32::MAX),
                    u32::try_from(self.position_bytes.len() - position_mark).unwrap_or(u32::MAX),
                ];
                for (j, value) in point.iter().enumerate() {
                    self.passage_bytes[at + 4 * j..at + 4 * j + 4]
                        .copy_from_slice(&value.to_le_bytes());
                }
            }
            let count = u32::try_from(positions.len()).unwrap_or(u32::MAX);
            push_pair(
                &mut self.passage_bytes,
                passage.saturating_sub(next_min),
                count,
            );
            let mut next_position = 0u32;
            for &p in positions {
                push_varint(
                    &mut self.position_bytes,
                    u64::from(p.saturating_sub(next_position)),
                );
                next_position = p.saturating_add(1);
            }
            next_min = passage.saturating_add(1);
            last_passage = Some(passage);
        }
        let fits = |len: usize| u32::try_from(len).ok();
        let (passage_end, position_end) = match (
            fits(self.passage_bytes.len()),
            fits(self.position_bytes.len()),
            fits(self.word_start.last().map_or(0, |&s| s as usize) + total),
        ) {
            (Some(a), Some(b), Some(_)) if last_passage.is_none_or(|p| p < u32::MAX) => (a, b),
            _ => {
                self.passage_bytes.truncate(passage_mark);
                self.position_bytes.truncate(position_mark);
                let (last_posting, a, b) = self.ends();
                self.word_start.push(last_posting);
                self.passage_start.push(a);
                self.position_start.push(b);
                return false;
            }
        };
        let last_posting = self.ends().0;
        self.word_start.push(last_posting + total as u32);
        self.passage_start.push(passage_end);
        self.position_start.push(position_end);
        true
    }

    fn ends(&self) -> (u32, u32, u32) {
        (
            self.word_start.last().copied().unwrap_or(0),
            self.passage_start.last().copied().unwrap_or(0),
            self.position_start.last().copied().unwrap_or(0),
        )
    }

    /// Appends the words of `part` (encoded apart, in parallel) after these. Their bytes are
    /// copied as they are: skip points are relative to their word. Should the offsets outgrow
    /// u32, the part's words get no postings, as `push_word` does.
    pub fn append(&mut self, part: PostingLists) {
        let (postings, passage_end, position_end) = self.ends();
        let (part_postings, part_passages, part_positions) = part.ends();
        let fits = |base: u32, more: u32| base.checked_add(more);
        let shifts = (
            fits(postings, part_postings),
            fits(passage_end, part_passages),
            fits(position_end, part_positions),
        );
        let words = part.word_start.len().saturating_sub(1);
        let (Some(_), Some(_), Some(_)) = shifts else {
            for _ in 0..words {
                self.word_start.push(postings);
                self.passage_start.push(passage_end);
                self.position_start.push(position_end);
            }
            return;
        };
        let shifted = |offsets: &[u32], by: u32| -> Vec<u32> {
            offsets.iter().skip(1).map(|&o| o + by).collect()
        };
        self.word_start.extend(shifted(&part.word_start, postings));
        self.passage_start
            .extend(shifted(&part.passage_start, passage_end));
        self.position_start
            .extend(shifted(&part.position_start, position_end));
        self.passage_bytes.extend_from_slice(&part.passage_bytes);
        self.position_bytes.extend_from_slice(&part.position_bytes);
    }

    /// Gives back spare capacity once every word is in.
    pub fn shrink_to_fit(&mut self) {
        self.word_start.shrink_to_fit();
        self.passage_start.shrink_to_fit();
        self.passage_bytes.shrink_to_fit();
        self.position_start.shrink_to_fit();
        self.position_bytes.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        (self.word_start.capacity()
            + self.passage_start.capacity()
            + self.position_start.capacity())
            * 4
            + self.passage_bytes.capacity()
            + self.position_bytes.capacity()
    }

    /// In how many passages word `w` occurs.
    pub fn frequency(&self, w: u32) -> u32 {
        let w = w as usize;
        match (self.word_start.get(w), self.word_start.get(w + 1)) {
            (Some(&start), Some(&end)) => end.saturating_sub(start),
            _ => 0,
        }
    }

    fn range_of(offsets: &[u32], w: usize) -> Range<usize> {
        match (offsets.get(w), offsets.get(w + 1)) {
            (Some(&start), Some(&end)) if start <= end => start as usize..end as usize,
            _ => 0..0,
        }
    }

    /// A cursor over word `w`'s postings for passages in `range`, in passage order.
    pub fn cursor(&self, w: u32, range: &Range<u32>) -> Cursor<'_> {
        let total = self.frequency(w);
        let bytes = self
            .passage_bytes
            .get(Self::range_of(&self.passage_start, w as usize))
            .unwrap_or(&[]);
        let positions = self
            .position_bytes
            .get(Self::range_of(&self.position_start, w as usize))
            .unwrap_or(&[]);
        let skips_len = (total as usize)
            .div_ceil(BLOCK)
            .saturating_sub(1)
            .saturating_mul(SKIP_BYTES)
            .min(bytes.len());
        let (skips, passages) = bytes.split_at(skips_len);
        let mut cursor = Cursor {
            skips,
            passages,
            positions,
            total,
            end: range.end,
            read: 0,
            at: 0,
            next_min: 0,
            position_at: 0,
            positions_before: 0,
            current: Posting::default(),
            held: false,
        };
        if range.start > 0 {
            cursor.held = cursor.seek(range.start).is_some();
        }
        cursor
    }

    /// Word positions of word `w` in passage `pid` (none when it does not occur there).
    #[cfg(test)]
    pub fn positions_in(&self, w: u32, pid: u32) -> Positions<'_> {
        let mut cursor = self.cursor(w, &(pid..pid.saturating_add(1)));
        match cursor.next() {
            Some(_) => cursor.positions(),
            None => Positions::default(),
        }
    }

    /// Whether the lists hold together for `words` vocabulary words, over passages whose
    /// lengths (in words) `passage_words` gives by passage id (`None` past the last): offsets
    /// that start at zero, never go down and end at the end of their bytes; skip points where
    /// their blocks are; and per word exactly its postings' varints, each ending inside the
    /// word's bytes, with passage ids ascending and known, and positions ascending and inside
    /// their passage. Work is bounded by the bytes: every posting and position takes one.
    pub fn holds_together(
        &self,
        words: usize,
        passage_words: impl Fn(usize) -> Option<u32>,
    ) -> bool {
        let offsets_fit = |offsets: &[u32], end: Option<usize>| {
            offsets.len() == words + 1
                && offsets.first() == Some(&0)
                && offsets.windows(2).all(|w| w[0] <= w[1])
                && end.is_none_or(|end| offsets.last().is_some_and(|&last| last as usize == end))
        };
        offsets_fit(&self.word_start, None)
            && offsets_fit(&self.passage_start, Some(self.passage_bytes.len()))
            && offsets_fit(&self.position_start, Some(self.position_bytes.len()))
            && (0..words).all(|w| self.word_holds_together(w, &passage_words).is_some())
    }

    fn word_holds_together(
        &self,
        w: usize,
        passage_words: &impl Fn(usize) -> Option<u32>,
    ) -> Option<()> {
        let total = self.frequency(w as u32) as usize;
        let bytes = self
            .passage_bytes
            .get(Self::range_of(&self.passage_start, w))?;
        let positions = self
            .position_bytes
            .get(Self::range_of(&self.position_start, w))?;
        let skips_len = total
            .div_ceil(BLOCK)
            .saturating_sub(1)
            .checked_mul(SKIP_BYTES)?;
        let (skips, body) = bytes.split_at_checked(skips_len)?;
        let (mut at, mut position_at, mut next_min) = (0usize, 0usize, 0u64);
        for i in 0..total {
            if i > 0 && i % BLOCK == 0 {
                let (min, passage_offset, position_offset) = skip_point(skips, i / BLOCK - 1);
                if u64::from(min) != next_min
                    || passage_offset != at
                    || position_offset != position_at
                {
                    return None;
                }
            }
            let head = checked_varint(body, &mut at)?;
            let count = if head & 1 == 1 {
                checked_varint(body, &mut at)?.checked_add(2)?
            } else {
                1
            };
            let passage = next_min + (head >> 1);
            let length = u64::from(passage_words(usize::try_from(passage).ok()?)?);
            if count > length {
                return None;
            }
            let mut next_position = 0u64;
            for _ in 0..count {
                let p = next_position + checked_varint(positions, &mut position_at)?;
                if p >= length {
                    return None;
                }
                next_position = p + 1;
            }
            next_min = passage + 1;
        }
        (at == body.len() && position_at == positions.len()).then_some(())
    }
}

/// A walk over one word's postings in passage order, for passages below a bound: `next` for
/// each in turn, `seek` to jump ahead (through the skip points), `positions` for the current
/// posting's. Only the postings walked past are decoded, and positions only when asked for.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    skips: &'a [u8],
    passages: &'a [u8],
    positions: &'a [u8],
    /// Postings of the word, and how many are decoded.
    total: u32,
    read: u32,
    /// Passages from this one on are not yielded.
    end: u32,
    /// The next posting's varint in `passages`, and the smallest passage id it may have.
    at: usize,
    next_min: u32,
    /// The current posting's positions start after `positions_before` varints from
    /// `position_at`: positions are skipped only when some are read.
    position_at: usize,
    positions_before: u32,
    current: Posting,
    /// The current posting was found by a seek and is for `next` to yield.
    held: bool,
}

impl<'a> Cursor<'a> {
    /// The next posting, whatever its passage.
    #[inline]
    fn decode(&mut self) -> Option<Posting> {
        if self.read >= self.total {
            return None;
        }
        let head = varint(self.passages, &mut self.at);
        let count = if head & 1 == 1 {
            varint(self.passages, &mut self.at).saturating_add(2) as u32
        } else {
            1
        };
        self.positions_before = self.positions_before.saturating_add(self.current.count);
        self.current = Posting {
            passage: self.next_min.wrapping_add((head >> 1) as u32),
            count,
        };
        self.next_min = self.current.passage.wrapping_add(1);
        self.read += 1;
        Some(self.current)
    }

    /// Moves to the last block that starts at or before passage `target`, when that is ahead.
    fn jump_towards(&mut self, target: u32) {
        let blocks = self.skips.len() / SKIP_BYTES + 1;
        // Blocks from `lo` on start at or after the next posting to decode.
        let lo = (self.read as usize).div_ceil(BLOCK).max(1);
        // Mostly the target is in the current block: no search then.
        if lo >= blocks || skip_point(self.skips, lo - 1).0 > target {
            return;
        }
        let (mut first, mut last) = (lo + 1, blocks);
        while first < last {
            let mid = (first + last) / 2;
            if skip_point(self.skips, mid - 1).0 <= target {
                first = mid + 1;
            } else {
                last = mid;
            }
        }
        // `first - 1` is the last block starting at or before `target`.
        {
            let block = first - 1;
            let (min, passage_offset, position_offset) = skip_point(self.skips, block - 1);
            self.read = (block * BLOCK) as u32;
            self.at = passage_offset;
            self.next_min = min;
            self.position_at = position_offset;
            self.positions_before = 0;
            self.current = Posting::default();
        }
    }

    /// The first posting from the current one on (the current one included) whose passage is
    /// at or after `target`, when it is below the bound; the cursor stays on it.
    pub fn seek(&mut self, target: u32) -> Option<Posting> {
        self.held = false;
        if self.read > 0 && self.current.passage >= target {
            return (self.current.passage < self.end).then_some(self.current);
        }
        self.jump_towards(target);
        while let Some(p) = self.decode() {
            if p.passage >= target {
                return (p.passage < self.end).then_some(p);
            }
        }
        None
    }

    /// Whether the cursor has moved past passage `pid` (its postings there, if any, are behind).
    pub fn passed(&self, pid: u32) -> bool {
        self.read > 0 && self.current.passage > pid
    }

    /// Word positions of the current posting, ascending.
    pub fn positions(&mut self) -> Positions<'a> {
        if self.read == 0 {
            return Positions::default();
        }
        self.position_at = skip_varints(self.positions, self.position_at, self.positions_before);
        self.positions_before = 0;
        Positions {
            bytes: self.positions,
            at: self.position_at,
            left: self.current.count,
            next_min: 0,
        }
    }
}

impl Cursor<'_> {
    /// Calls `f` with each posting left: the same as iterating, in a tighter loop, for the
    /// walks over every posting of a word.
    #[inline]
    pub fn for_each_posting(self, mut f: impl FnMut(Posting)) {
        if self.held {
            if self.current.passage >= self.end {
                return;
            }
            f(self.current);
        }
        let (bytes, end) = (self.passages, self.end);
        let (mut at, mut next_min) = (self.at, self.next_min);
        for _ in self.read..self.total {
            let head = varint(bytes, &mut at);
            let count = if head & 1 == 1 {
                varint(bytes, &mut at).saturating_add(2) as u32
            } else {
                1
            };
            let passage = next_min.wrapping_add((head >> 1) as u32);
            if passage >= end {
                return;
            }
            f(Posting { passage, count });
            next_min = passage.wrapping_add(1);
        }
    }
}

impl Iterator for Cursor<'_> {
    type Item = Posting;

    #[inline]
    fn next(&mut self) -> Option<Posting> {
        let p = if self.held {
            self.held = false;
            self.current
        } else {
            self.decode()?
        };
        (p.passage < self.end).then_some(p)
    }
}

/// The word positions of one posting, ascending.
#[derive(Debug, Clone, Default)]
pub(crate) struct Positions<'a> {
    bytes: &'a [u8],
    at: usize,
    left: u32,
    next_min: u32,
}

impl Iterator for Positions<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 || self.at >= self.bytes.len() {
            return None;
        }
        self.left -= 1;
        let p = self
            .next_min
            .wrapping_add(varint(self.bytes, &mut self.at) as u32);
        self.next_min = p.wrapping_add(1);
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Postings of one word: (passage, positions).
    type Word = Vec<(u32, Vec<u32>)>;

    fn encode(words: &[Word]) -> PostingLists {
        let mut lists = PostingLists::default();
        for word in words {
            assert!(lists.push_word(word.iter().map(|(p, ps)| (*p, ps.as_slice()))));
        }
        lists.shrink_to_fit();
        lists
    }

    fn decode(cursor: &mut Cursor) -> Word {
        let mut out = Vec::new();
        while let Some(p) = cursor.next() {
            let positions: Vec<u32> = cursor.positions().collect();
            assert_eq!(positions.len(), p.count as usize);
            out.push((p.passage, positions));
        }
        out
    }

    /// Checks every way of reading `lists` against `words`, over `passages` passages.
    fn answers_as(lists: &PostingLists, words: &[Word], passages: u32) {
        let longest = words
            .iter()
            .flatten()
            .filter_map(|(_, ps)| ps.last())
            .max()
            .map_or(1, |&p| p + 1);
        assert!(lists.holds_together(words.len(), |pid| {
            (pid < passages as usize).then_some(longest)
        }));
        for (w, word) in words.iter().enumerate() {
            let w = w as u32;
            assert_eq!(lists.frequency(w) as usize, word.len());
            assert_eq!(decode(&mut lists.cursor(w, &(0..u32::MAX))), *word);
            for start in 0..=passages {
                let end = (start + 1 + start % 7).min(passages + 1);
                let within: Word = word
                    .iter()
                    .filter(|(p, _)| (start..end).contains(p))
                    .cloned()
                    .collect();
                assert_eq!(decode(&mut lists.cursor(w, &(start..end))), within);
                let mut walked = Vec::new();
                lists
                    .cursor(w, &(start..end))
                    .for_each_posting(|p| walked.push((p.passage, p.count as usize)));
                let counts: Vec<(u32, usize)> =
                    within.iter().map(|(p, ps)| (*p, ps.len())).collect();
                assert_eq!(walked, counts);
                let here: Vec<u32> = word
                    .iter()
                    .find(|(p, _)| *p == start)
                    .map(|(_, ps)| ps.clone())
                    .unwrap_or_default();
                assert_eq!(lists.positions_in(w, start).collect::<Vec<_>>(), here);
            }
            // Seeks ahead in steps, through blocks, as a walk over candidates does.
            for step in [1, 3, 50, 200] {
                let mut cursor = lists.cursor(w, &(0..u32::MAX));
                for target in (0..=passages).step_by(step) {
                    let expected = word.iter().find(|(p, _)| *p >= target);
                    let found = cursor.seek(target);
                    assert_eq!(found.map(|p| p.passage), expected.map(|(p, _)| *p));
                    if let Some((p, ps)) = expected {
                        assert_eq!(cursor.positions().collect::<Vec<_>>(), *ps);
                        assert!(!cursor.passed(*p) && cursor.passed(target) == (*p > target));
                    }
                }
            }
        }
    }

    fn every_passage(n: u32, positions: &[u32]) -> Word {
        (0..n).map(|p| (p, positions.to_vec())).collect()
    }

    #[test]
    fn words_read_back_across_block_boundaries() {
        let mut words: Vec<Word> = vec![
            Vec::new(),
            vec![(7, vec![0])],
            vec![(0, vec![3, 4, 90])],
            every_passage(300, &[1]),
            every_passage(300, &[0, 2, 5]),
        ];
        for n in [BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 1] {
            words.push((0..n as u32).map(|i| (i * 2 + 1, vec![i % 5])).collect());
        }
        words.push(Vec::new());
        let lists = encode(&words);
        answers_as(&lists, &words, 300);
        // A word in every passage: a byte per posting and per position, and skip points.
        let every = 3;
        let bytes = lists.passage_start[every + 1] - lists.passage_start[every];
        assert_eq!(bytes as usize, 300 + (300 / BLOCK) * SKIP_BYTES);
        let positions = lists.position_start[every + 1] - lists.position_start[every];
        assert_eq!(positions, 300);
    }

    #[test]
    fn varints_round_trip_and_refuse_what_no_encoder_writes() {
        for value in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            (1 << 33) - 1,
        ] {
            let mut bytes = Vec::new();
            push_varint(&mut bytes, value);
            let (mut a, mut b) = (0, 0);
            assert_eq!(checked_varint(&bytes, &mut a), Some(value));
            assert_eq!(varint(&bytes, &mut b), value);
            assert_eq!((a, b), (bytes.len(), bytes.len()));
            assert_eq!(skip_varints(&bytes, 0, 1), bytes.len());
        }
        let refused: [&[u8]; 4] = [&[], &[0x80], &[0x85, 0x00], &[0xff; 6]];
        for bytes in refused {
            assert_eq!(checked_varint(bytes, &mut 0), None, "{bytes:?}");
            let _ = varint(bytes, &mut 0);
        }
    }

    #[test]
    fn lists_that_do_not_hold_together_are_refused() {
        let words = vec![every_passage(200, &[0, 1]), vec![(5, vec![2])]];
        let lists = encode(&words);
        let lengths = |pid: usize| (pid < 200).then_some(3);
        assert!(lists.holds_together(2, lengths));
        assert!(!lists.holds_together(3, lengths), "more words than offsets");
        assert!(
            !lists.holds_together(2, |pid| (pid < 100).then_some(3)),
            "unknown passage"
        );
        assert!(
            !lists.holds_together(2, |pid| (pid < 200).then_some(2)),
            "past the passage"
        );
        for at in 0..lists.passage_bytes.len() {
            let mut changed = encode(&words);
            changed.passage_bytes[at] ^= 0x41;
            if changed.holds_together(2, lengths) {
                for w in 0..2 {
                    let _ = decode(&mut changed.cursor(w, &(0..u32::MAX)));
                }
            }
        }
        let mut moved = encode(&words);
        moved.word_start[1] += 1;
        assert!(!moved.holds_together(2, lengths));
    }

    /// A corpus as passages of word ids, and the naive postings of each word.
    fn naive(passages: &[Vec<u8>], words: usize) -> Vec<Word> {
        let mut out: Vec<Word> = vec![Vec::new(); words];
        for (pid, tokens) in passages.iter().enumerate() {
            for (i, &t) in tokens.iter().enumerate() {
                let word = &mut out[t as usize];
                match word.last_mut() {
                    Some((p, ps)) if *p == pid as u32 => ps.push(i as u32),
                    _ => word.push((pid as u32, vec![i as u32])),
                }
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn compressed_postings_answer_as_the_naive_ones(
            passages in prop::collection::vec(
                prop::collection::vec(prop_oneof![3 => 0u8..3, 1 => 0u8..12], 0..12),
                0..260,
            ),
        ) {
            let words = naive(&passages, 12);
            let lists = encode(&words);
            answers_as(&lists, &words, passages.len() as u32);
        }

        #[test]
        fn lists_encoded_in_parts_and_appended_are_the_lists_encoded_whole(
            passages in prop::collection::vec(
                prop::collection::vec(prop_oneof![3 => 0u8..3, 1 => 0u8..12], 0..12),
                0..260,
            ),
            cuts in prop::collection::vec(0usize..13, 0..4),
        ) {
            let words = naive(&passages, 12);
            let whole = encode(&words);
            let mut cuts = cuts;
            cuts.push(0);
            cuts.push(words.len());
            cuts.sort_unstable();
            let mut appended = PostingLists::default();
            for run in cuts.windows(2) {
                appended.append(encode(&words[run[0].min(words.len())..run[1].min(words.len())]));
            }
            prop_assert_eq!(&appended.word_start, &whole.word_start);
            prop_assert_eq!(&appended.passage_start, &whole.passage_start);
            prop_assert_eq!(&appended.passage_bytes, &whole.passage_bytes);
            prop_assert_eq!(&appended.position_start, &whole.position_start);
            prop_assert_eq!(&appended.position_bytes, &whole.position_bytes);
            answers_as(&appended, &words, passages.len() as u32);
        }
    }
}
