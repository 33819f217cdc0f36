//! LEB128 varints, and (gap, count) pairs made of them: the compact integers of the search and
//! alignment indexes.
//!
//! A pair is the gap from the previous id shifted left by one, the low bit set when the count is
//! not 1, as one varint; a count other than 1 follows as a varint of `count - 2`. Most counts
//! are 1 and most gaps small, so the typical pair takes one byte.

/// A varint as written: at most 10 bytes for a `u64`.
pub struct Varint {
    bytes: [u8; 10],
    len: u8,
}

impl Varint {
    pub fn new(mut value: u64) -> Varint {
        let mut out = Varint {
            bytes: [0; 10],
            len: 0,
        };
        for slot in out.bytes.iter_mut() {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            out.len += 1;
            if value == 0 {
                *slot = low;
                break;
            }
            *slot = low | 0x80;
        }
        out
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

/// Appends `value` as a varint.
pub fn push_varint(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(Varint::new(value).as_bytes());
}

/// Bytes `value` takes as a varint.
pub fn varint_len(value: u64) -> usize {
    let bits = 64 - value.max(1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// Reads a varint at `*at`, moving `*at` past it; `None` (and `*at` unchanged) at the end of
/// the bytes or on a varint that is cut short or too long for a `u64`.
#[inline]
pub fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut i = *at;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(i)?;
        i += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            *at = i;
            return Some(value);
        }
    }
    None
}

/// The head of one (id, count) pair: the gap shifted left, with the low bit saying a count
/// other than 1 follows.
pub fn pair_head(gap: u32, count: u32) -> u64 {
    (u64::from(gap) << 1) | u64::from(count != 1)
}

/// Appends one (id, count) pair as the gap from the previous id of the list (the id itself for
/// the first). A count of 0 is stored as 1: a listed id occurs at least once.
pub fn push_pair(out: &mut Vec<u8>, gap: u32, count: u32) {
    let count = count.max(1);
    push_varint(out, pair_head(gap, count));
    if count != 1 {
        push_varint(out, u64::from(count - 2));
    }
}

/// Writes a varint into `out` at `*at`, moving `*at` past it; false, writing nothing, when there
/// is no room.
pub fn write_varint(out: &mut [u8], at: &mut usize, value: u64) -> bool {
    let v = Varint::new(value);
    let bytes = v.as_bytes();
    let Some(room) = out.get_mut(*at..*at + bytes.len()) else {
        return false;
    };
    room.copy_from_slice(bytes);
    *at += bytes.len();
    true
}
