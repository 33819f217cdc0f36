//! Corpus-wide indexes saved beside the corpus cache, so that a corpus opened again is
//! searchable as soon as it is loaded instead of after its indexes are rebuilt.
//!
//! A saved index is tied to exactly what it was built from: the fingerprint of every article it
//! covers (text, passages, metadata), of the lexicon, and of this version of parallax. Each file
//! carries a checksum of its payload; a file that fails any check is ignored (and replaced by
//! the next save), never trusted. Files are written atomically.

use super::cache::cache_name;
use super::formats::FieldNames;
use super::{Article, Input};
use rayon::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"PLXINDEX";
/// Bumped whenever an index's layout or what goes into it changes.
const FORMAT_VERSION: u32 = 2;
const HEADER_LEN: usize = MAGIC.len() + 4 + 8 + 8 + 8;

/// Where the saved indexes of one set of inputs live: `None` when there is no cache directory
/// (`--no-cache`, tests).
#[derive(Debug, Clone)]
pub struct IndexStore {
    dir: PathBuf,
    name: String,
}

impl IndexStore {
    pub fn new(dir: &Path, inputs: &[Input], fields: &FieldNames) -> IndexStore {
        IndexStore {
            dir: dir.to_path_buf(),
            name: cache_name(inputs),
        }
        .with_fields(fields)
    }

    fn with_fields(mut self, fields: &FieldNames) -> IndexStore {
        let mut h = DefaultHasher::new();
        fields.hash(&mut h);
        self.name = format!("{}-{:08x}", self.name, h.finish() as u32);
        self
    }

    /// The file of the index called `kind` ("search", "terms").
    pub fn path(&self, kind: &str) -> PathBuf {
        self.dir.join(format!("{}.{kind}.bin", self.name))
    }

    /// The payload saved for `kind` when it was built from exactly what `key` identifies.
    pub fn load(&self, kind: &str, key: u64) -> Option<Vec<u8>> {
        let data = std::fs::read(self.path(kind)).ok()?;
        open(data, key)
    }

    /// Saves `payload` for `kind`, replacing what was saved before.
    pub fn save(&self, kind: &str, key: u64, payload: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let mut data = Vec::with_capacity(HEADER_LEN + payload.len());
        data.extend_from_slice(MAGIC);
        data.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        data.extend_from_slice(&key.to_le_bytes());
        data.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        data.extend_from_slice(&checksum(payload).to_le_bytes());
        data.extend_from_slice(payload);
        crate::atomic::write_file_atomic(&self.dir, &self.path(kind), ".index-", &data)
    }
}

/// The payload of a saved index file, when its header matches `key` and its checksum holds.
fn open(mut data: Vec<u8>, key: u64) -> Option<Vec<u8>> {
    let header = data.get(..HEADER_LEN)?;
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(header.get(at..at + 8)?.try_into().ok()?))
    };
    if &header[..MAGIC.len()] != MAGIC {
        return None;
    }
    let version = u32::from_le_bytes(header.get(8..12)?.try_into().ok()?);
    let (saved_key, len, sum) = (word(12)?, word(20)?, word(28)?);
    if version != FORMAT_VERSION || saved_key != key || len != (data.len() - HEADER_LEN) as u64 {
        return None;
    }
    if checksum(&data[HEADER_LEN..]) != sum {
        return None;
    }
    data.drain(..HEADER_LEN);
    Some(data)
}

/// A checksum of a payload, computed in parallel over 1 MiB blocks.
fn checksum(payload: &[u8]) -> u64 {
    let blocks: Vec<u64> = payload
        .par_chunks(1 << 20)
        .map(|block| {
            let mut h = DefaultHasher::new();
            h.write(block);
            h.finish()
        })
        .collect();
    let mut h = DefaultHasher::new();
    blocks.hash(&mut h);
    payload.len().hash(&mut h);
    h.finish()
}

/// What identifies a corpus for its indexes: every article in order, with everything an index
/// reads from it; plus `extra` (the lexicon's fingerprint) and this version of parallax.
pub fn fingerprint(articles: &[Arc<Article>], extra: u64) -> u64 {
    let per_article: Vec<u64> = articles
        .par_iter()
        .map(|a| {
            let mut h = DefaultHasher::new();
            a.id.hash(&mut h);
            a.path.hash(&mut h);
            a.title.hash(&mut h);
            a.source.hash(&mut h);
            a.date
                .map(|d| (d.year, d.month, d.day, d.time))
                .hash(&mut h);
            a.author.hash(&mut h);
            a.url.hash(&mut h);
            a.label.hash(&mut h);
            a.text.checksum().hash(&mut h);
            a.words.hash(&mut h);
            for p in &a.passages {
                p.range().hash(&mut h);
                p.char_start.hash(&mut h);
                p.char_end.hash(&mut h);
                p.role.hash(&mut h);
            }
            h.finish()
        })
        .collect();
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    FORMAT_VERSION.hash(&mut h);
    extra.hash(&mut h);
    per_article.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> IndexStore {
        IndexStore::new(
            dir,
            &[Input::Path(dir.join("corpus"))],
            &FieldNames::default(),
        )
    }

    #[test]
    fn a_saved_index_comes_back_only_for_the_same_key_and_intact() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = store(dir.path());
        let payload: Vec<u8> = (0..5000u32).flat_map(|i| i.to_le_bytes()).collect();
        store.save("search", 42, &payload).expect("saved");
        assert_eq!(store.load("search", 42).as_deref(), Some(&payload[..]));
        assert_eq!(store.load("search", 43), None, "another corpus");
        assert_eq!(store.load("terms", 42), None, "another kind");

        let path = store.path("search");
        let mut data = std::fs::read(&path).expect("file");
        for at in [0, 9, 13, HEADER_LEN + 7, data.len() - 1] {
            let mut damaged = data.clone();
            damaged[at] ^= 0x40;
            std::fs::write(&path, &damaged).expect("write");
            assert_eq!(store.load("search", 42), None, "byte {at} flipped");
        }
        data.truncate(data.len() - 3);
        std::fs::write(&path, &data).expect("write");
        assert_eq!(store.load("search", 42), None, "truncated");
        std::fs::write(&path, b"PLX").expect("write");
        assert_eq!(store.load("search", 42), None, "shorter than a header");
    }

    #[test]
    fn the_fingerprint_changes_with_any_article_text_or_order() {
        let articles = crate::search::test_articles(&["One\n\nFirst text.", "Two\n\nSecond text."]);
        let base = fingerprint(&articles, 0);
        assert_eq!(base, fingerprint(&articles, 0));
        assert_ne!(base, fingerprint(&articles, 1), "another lexicon");
        let reversed: Vec<_> = articles.iter().rev().cloned().collect();
        assert_ne!(base, fingerprint(&reversed, 0));
        let edited = crate::search::test_articles(&["One\n\nFirst text!", "Two\n\nSecond text."]);
        assert_ne!(base, fingerprint(&edited, 0));
    }
}
