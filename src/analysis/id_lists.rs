//! Ascending id lists with a small count per id, delta- and varint-coded in a byte stream: the
//! compact storage of the alignment index (a passage's tokens with their term frequencies, a
//! token's passages likewise).
//!
//! Each id is written as the gap from the previous one (from 0 for the first) shifted left by
//! one, the low bit set when its count is not 1, as an LEB128 varint; a count other than 1
//! follows as a varint of `count - 2`. Most counts are 1 and most gaps small, so the typical
//! pair takes one or two bytes instead of eight.

use crate::varint::{Varint, pair_head};
pub use crate::varint::{push_pair, push_varint, read_varint, varint_len, write_varint};

/// Bytes `push_pair` writes for this gap and count.
pub fn pair_len(gap: u32, count: u32) -> usize {
    let count = count.max(1);
    varint_len(pair_head(gap, count))
        + if count != 1 {
            varint_len(u64::from(count - 2))
        } else {
            0
        }
}

/// Writes one pair into `out` at `*at` (room made beforehand, sized with `pair_len`), moving
/// `*at` past it; returns false, writing nothing, when there is no room.
pub fn write_pair(out: &mut [u8], at: &mut usize, gap: u32, count: u32) -> bool {
    let count = count.max(1);
    let head = Varint::new(pair_head(gap, count));
    let tail = Varint::new(u64::from(count.saturating_sub(2)));
    let tail = if count != 1 { tail.as_bytes() } else { &[] };
    let (head, n) = (head.as_bytes(), head.as_bytes().len() + tail.len());
    let Some(room) = out.get_mut(*at..*at + n) else {
        return false;
    };
    let (first, second) = room.split_at_mut(head.len());
    first.copy_from_slice(head);
    second.copy_from_slice(tail);
    *at += n;
    true
}

/// The (id, count) pairs of a list written with `push_pair`, in order. Stops at the end of the
/// bytes, or at the first pair that does not decode (a corrupt list reads as shorter, never
/// panics).
#[derive(Clone)]
pub struct Pairs<'a> {
    bytes: &'a [u8],
    at: usize,
    prev: u32,
}

impl<'a> Pairs<'a> {
    pub fn new(bytes: &'a [u8]) -> Pairs<'a> {
        Pairs {
            bytes,
            at: 0,
            prev: 0,
        }
    }
}

impl Iterator for Pairs<'_> {
    type Item = (u32, u32);

    #[inline]
    fn next(&mut self) -> Option<(u32, u32)> {
        // The common case first: a one-byte pair with a count of 1.
        if let Some(&b) = self.bytes.get(self.at)
            && b & 0x81 == 0
        {
            self.at += 1;
            self.prev = self.prev.checked_add(u32::from(b >> 1))?;
            return Some((self.prev, 1));
        }
        let mut at = self.at;
        let head = read_varint(self.bytes, &mut at)?;
        let count = if head & 1 == 1 {
            u32::try_from(read_varint(self.bytes, &mut at)?.checked_add(2)?).ok()?
        } else {
            1
        };
        let gap = u32::try_from(head >> 1).ok()?;
        self.prev = self.prev.checked_add(gap)?;
        self.at = at;
        Some((self.prev, count))
    }
}

/// Writes ascending `(id, count)` pairs as one list (the index writes its lists pair by pair).
#[cfg(test)]
pub fn encode(pairs: &[(u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev = 0;
    for &(id, count) in pairs {
        push_pair(&mut out, id - prev, count);
        prev = id;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_list_decodes_to_nothing() {
        assert!(encode(&[]).is_empty());
        assert_eq!(Pairs::new(&[]).count(), 0);
    }

    #[test]
    fn small_gaps_and_counts_of_one_take_one_byte() {
        let pairs = [(0, 1), (3, 1), (60, 1), (63, 1)];
        let bytes = encode(&pairs);
        assert_eq!(bytes.len(), 4);
        assert_eq!(Pairs::new(&bytes).collect::<Vec<_>>(), pairs);
    }

    #[test]
    fn extremes_round_trip() {
        let pairs = [(0, 7), (1, 1), (u32::MAX - 1, u32::MAX), (u32::MAX, 2)];
        let bytes = encode(&pairs);
        assert_eq!(Pairs::new(&bytes).collect::<Vec<_>>(), pairs);
        let mut at = 0;
        let mut buf = Vec::new();
        push_varint(&mut buf, u64::MAX);
        assert_eq!(buf.len(), 10);
        assert_eq!(read_varint(&buf, &mut at), Some(u64::MAX));
        assert_eq!(at, 10);
    }

    #[test]
    fn a_count_of_zero_is_stored_as_one() {
        let bytes = encode(&[(5, 0)]);
        assert_eq!(Pairs::new(&bytes).collect::<Vec<_>>(), [(5, 1)]);
    }

    #[test]
    fn long_list_round_trips() {
        let pairs: Vec<(u32, u32)> = (0..100_000u32)
            .map(|i| (i * 37 + (i % 7), 1 + (i % 5) * (i % 300)))
            .collect();
        let bytes = encode(&pairs);
        assert_eq!(Pairs::new(&bytes).collect::<Vec<_>>(), pairs);
    }

    #[test]
    fn truncated_bytes_end_the_list_without_panic() {
        let bytes = encode(&[(1, 1), (100_000, 3), (100_001, 1)]);
        for cut in 0..bytes.len() {
            let got: Vec<_> = Pairs::new(&bytes[..cut]).collect();
            assert!(got.len() <= 3);
        }
        assert_eq!(Pairs::new(&[0xff; 12]).count(), 0);
        let mut at = 0;
        assert_eq!(read_varint(&[0x80, 0x80], &mut at), None);
        assert_eq!(at, 0);
    }

    #[test]
    fn written_in_place_equals_pushed() {
        let pairs = [(2u32, 1u32), (200, 9), (70_000, 1), (70_001, 300)];
        let mut len = varint_len(4);
        let mut prev = 0;
        for &(id, count) in &pairs {
            len += pair_len(id - prev, count);
            prev = id;
        }
        let mut out = vec![0u8; len];
        let mut at = 0;
        assert!(write_varint(&mut out, &mut at, 4));
        prev = 0;
        for &(id, count) in &pairs {
            assert!(write_pair(&mut out, &mut at, id - prev, count));
            prev = id;
        }
        assert_eq!(at, len);
        let mut expected = Vec::new();
        push_varint(&mut expected, 4);
        expected.extend(encode(&pairs));
        assert_eq!(out, expected);
        assert!(!write_pair(&mut out, &mut at, 1, 1));
    }

    proptest! {
        #[test]
        fn any_ascending_list_round_trips(
            mut ids in proptest::collection::vec(any::<u32>(), 0..200),
            counts in proptest::collection::vec(1u32..1_000, 200),
        ) {
            ids.sort_unstable();
            ids.dedup();
            let pairs: Vec<(u32, u32)> = ids.iter().zip(&counts).map(|(&i, &c)| (i, c)).collect();
            let bytes = encode(&pairs);
            let expected_len: usize = pairs
                .iter()
                .scan(0u32, |prev, &(id, c)| {
                    let gap = id - *prev;
                    *prev = id;
                    Some(pair_len(gap, c))
                })
                .sum();
            prop_assert_eq!(bytes.len(), expected_len);
            prop_assert_eq!(Pairs::new(&bytes).collect::<Vec<_>>(), pairs);
        }

        #[test]
        fn varints_round_trip(value in any::<u64>()) {
            let mut bytes = Vec::new();
            push_varint(&mut bytes, value);
            prop_assert_eq!(bytes.len(), varint_len(value));
            let mut at = 0;
            prop_assert_eq!(read_varint(&bytes, &mut at), Some(value));
            prop_assert_eq!(at, bytes.len());
        }
    }
}
