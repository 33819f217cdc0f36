//! Notes and bookmarks: the model, anchoring to article text, the store on disk (atomic,
//! locked, versioned), export and import.
//!
//! A note points into an article the way a W3C Web Annotation does: by the quoted text with
//! some context around it (`exact`, `prefix`, `suffix`), by character positions, and by a
//! fingerprint of the whole text. The quote is what survives edits, the positions are a hint,
//! the fingerprint says when nothing changed. `anchor` finds a note again in today's text;
//! `store` keeps notes on disk so that several running instances never lose each other's
//! writes; `export` turns them into a Markdown dossier, JSON-LD or JSON Lines.
//!
//! Nothing here knows about the terminal: the TUI and the CLI are both clients of this API.

pub mod anchor;
pub mod cli;
pub mod export;
pub mod store;
pub mod time;

pub use anchor::{
    Anchoring, Locator, article_for, byte_range, fingerprint, locate, retarget, target_for,
    target_for_bytes, target_for_passage,
};
pub use export::{
    Annotation, AnnotationCollection, ComparisonPassage, ImportError, Placed, comparison_passages,
    json_ld, json_lines, markdown, parse_json_lines, place_all,
};
pub use store::{ImportReport, OpenMode, Store, StoreError};

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a note is: a bookmark marks a place, a note says something about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Bookmark,
    Note,
}

impl NoteKind {
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Bookmark => "bookmark",
            NoteKind::Note => "note",
        }
    }
}

/// Where a note points: the article, and the selection inside it described three ways.
///
/// `start`/`end` count Unicode scalar values into `Article::text` (what W3C's
/// TextPositionSelector counts); `passage` is 0-based and is the passage holding `start`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Target {
    pub article_id: String,
    pub article_path: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub source: String,
    /// `fingerprint(&article.text)` when the note was made.
    pub fingerprint: String,
    pub passage: usize,
    pub start: usize,
    pub end: usize,
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

/// A bookmark or a note, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub kind: NoteKind,
    pub target: Target,
    /// The note itself, any number of lines; empty for most bookmarks.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// RFC 3339, UTC.
    pub created: String,
    /// RFC 3339, UTC.
    pub updated: String,
}

impl Note {
    /// Same note apart from its id and time stamps: what import treats as a duplicate.
    pub fn same_content(&self, other: &Note) -> bool {
        self.kind == other.kind
            && self.target == other.target
            && self.text == other.text
            && self.tags == other.tags
    }
}

/// A new note with a fresh id, created and updated now. Tags are trimmed, empty ones dropped,
/// repeats dropped (first kept).
pub fn new_note(kind: NoteKind, target: Target, text: String, tags: Vec<String>) -> Note {
    let now = time::now();
    Note {
        id: new_id(),
        kind,
        target,
        text,
        tags: normalize_tags(tags),
        created: now.clone(),
        updated: now,
    }
}

/// Trimmed, non-empty, each once, in the order given.
pub fn normalize_tags(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if !tag.is_empty() && !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    out
}

static ID_SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// A note id, unique across processes: `<ms since epoch, hex>-<pid, hex>-<sequence, hex><salt>`.
///
/// The millisecond time makes ids sort by creation; pid and the in-process sequence make two
/// ids made on one machine differ even in the same millisecond; the 16-bit salt from the
/// randomly keyed std hasher keeps ids from two machines (met through import) apart too. The
/// salt has a fixed width at the end, so pid and sequence cannot run into each other.
pub fn new_id() -> String {
    use std::hash::BuildHasher;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let millis = now.as_millis() as u64;
    let pid = std::process::id();
    let seq = ID_SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let salt =
        std::collections::hash_map::RandomState::new().hash_one((pid, seq, now.subsec_nanos()))
            as u16;
    format!("{millis:011x}-{pid:x}-{seq:x}{salt:04x}")
}

/// Where notes live when `--data-dir` is not given: the platform data directory.
pub fn default_dir() -> Option<PathBuf> {
    crate::dirs::project().map(|p| p.data_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_sort_by_time() {
        let ids: Vec<String> = (0..10_000).map(|_| new_id()).collect();
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        let first_ms = |id: &str| id.split('-').next().unwrap().to_string();
        assert!(first_ms(&ids[0]) <= first_ms(&ids[9_999]));
        assert!(ids[0].chars().all(|c| c.is_ascii_hexdigit() || c == '-'));
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let tags = normalize_tags(["a ", "", " b", "a", "  "].map(String::from));
        assert_eq!(tags, ["a", "b"]);
    }
}
