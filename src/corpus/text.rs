//! An article's cleaned text: held in memory, or kept in a file on disk and read when asked for.
//!
//! The text is most of a corpus (20 MiB of the 21k-article corpus) and is read rarely once the
//! indexes are built: the article open in the reader, a search result's snippet, the passages a
//! comparison shows. So the loader writes it to a file (the corpus cache, or an unnamed file
//! beside it) and keeps only where it is. The operating system keeps what is read often in its
//! page cache, where it costs parallax nothing and is given up under memory pressure.
//!
//! A file can change under a running program (another program, a disk error). Every stored text
//! carries a checksum; text that no longer matches reads as spaces of the same length, so every
//! offset into it still falls on a character boundary, and the damage is logged.

use std::borrow::Cow;
use std::fs::File;
use std::hash::Hasher;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// An article's text, wherever it is kept.
#[derive(Clone)]
pub struct ArticleText(Repr);

#[derive(Clone)]
enum Repr {
    Held(Box<str>),
    Stored(Stored),
}

#[derive(Clone)]
struct Stored {
    file: Arc<TextFile>,
    at: u64,
    len: u32,
    check: u64,
}

impl ArticleText {
    /// The text, read from its file when it is kept in one.
    pub fn get(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Held(text) => Cow::Borrowed(text),
            Repr::Stored(stored) => Cow::Owned(stored.read()),
        }
    }

    /// Length in bytes, without reading the text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(text) => text.len(),
            Repr::Stored(stored) => stored.len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A checksum of the text, without reading it when it is stored (it was taken on writing).
    pub fn checksum(&self) -> u64 {
        match &self.0 {
            Repr::Held(text) => checksum(text.as_bytes()),
            Repr::Stored(stored) => stored.check,
        }
    }

    /// Whether the text is kept in a file rather than in memory.
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored(_))
    }

    /// Heap bytes held for the text itself.
    pub fn heap_bytes(&self) -> usize {
        match &self.0 {
            Repr::Held(text) => text.len(),
            Repr::Stored(_) => 0,
        }
    }

    /// The text, found at `at` in `file`, which `text` was written to: `text` is what it should
    /// read back as.
    pub(crate) fn stored(file: &Arc<TextFile>, at: u64, text: &str) -> Option<ArticleText> {
        Some(ArticleText(Repr::Stored(Stored {
            file: file.clone(),
            at,
            len: u32::try_from(text.len()).ok()?,
            check: checksum(text.as_bytes()),
        })))
    }
}

impl From<String> for ArticleText {
    fn from(text: String) -> Self {
        ArticleText(Repr::Held(text.into_boxed_str()))
    }
}

impl From<&str> for ArticleText {
    fn from(text: &str) -> Self {
        ArticleText(Repr::Held(text.into()))
    }
}

impl Default for ArticleText {
    fn default() -> Self {
        ArticleText(Repr::Held(Box::default()))
    }
}

impl std::fmt::Debug for ArticleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.get(), f)
    }
}

impl PartialEq for ArticleText {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.get() == other.get()
    }
}

impl Stored {
    fn read(&self) -> String {
        let len = self.len as usize;
        let mut bytes = vec![0; len];
        let read = self.file.read_exact_at(&mut bytes, self.at);
        match read {
            Ok(()) if checksum(&bytes) == self.check => match String::from_utf8(bytes) {
                Ok(text) => return text,
                Err(_) => self.file.report("text that is not UTF-8"),
            },
            Ok(()) => self.file.report("text that changed since it was written"),
            Err(e) => self.file.report(&format!("a failed read ({e})")),
        }
        " ".repeat(len)
    }
}

/// A file of article texts, shared by the articles kept in it.
pub struct TextFile {
    file: File,
    /// What the file is, for the log: the cache's path, or "a spill file in DIR".
    name: String,
    reported: AtomicBool,
}

impl TextFile {
    pub(crate) fn new(file: File, name: String) -> TextFile {
        TextFile {
            file,
            name,
            reported: AtomicBool::new(false),
        }
    }

    fn report(&self, what: &str) {
        if !self.reported.swap(true, Ordering::Relaxed) {
            tracing::error!(
                "{}: {what}; the damaged articles read as blank until the corpus is reloaded",
                self.name
            );
        }
    }

    #[cfg(unix)]
    fn read_exact_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.file, buf, at)
    }

    #[cfg(windows)]
    fn read_exact_at(&self, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(&self.file, buf, at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => {
                    buf = &mut buf[n..];
                    at += n as u64;
                }
            }
        }
        Ok(())
    }

    #[cfg(not(any(unix, windows)))]
    fn read_exact_at(&self, _buf: &mut [u8], _at: u64) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    #[cfg(unix)]
    fn write_all_at(&self, buf: &[u8], at: u64) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::write_all_at(&self.file, buf, at)
    }

    #[cfg(windows)]
    fn write_all_at(&self, mut buf: &[u8], mut at: u64) -> std::io::Result<()> {
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_write(&self.file, buf, at)? {
                0 => return Err(std::io::ErrorKind::WriteZero.into()),
                n => {
                    buf = &buf[n..];
                    at += n as u64;
                }
            }
        }
        Ok(())
    }

    #[cfg(not(any(unix, windows)))]
    fn write_all_at(&self, _buf: &[u8], _at: u64) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// A checksum of a text, to tell when the file it is read from has changed.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// Where a load writes the texts of the articles it reads: an unnamed file in a directory of the
/// user's (the cache directory), gone when parallax exits, however it exits.
pub struct Spill {
    file: Arc<TextFile>,
    end: u64,
}

impl Spill {
    /// A spill file in `dir`; `None` when none can be made there (texts then stay in memory).
    pub fn create(dir: &std::path::Path) -> Option<Spill> {
        std::fs::create_dir_all(dir).ok()?;
        match tempfile::tempfile_in(dir) {
            Ok(file) => Some(Spill {
                file: Arc::new(TextFile::new(
                    file,
                    format!("the spill file in {}", dir.display()),
                )),
                end: 0,
            }),
            Err(e) => {
                tracing::warn!(
                    "no spill file in {}: {e}; texts stay in memory",
                    dir.display()
                );
                None
            }
        }
    }

    /// Writes the texts among `texts` still held in memory to the file, in one write, and keeps
    /// only where they are (texts already stored are passed over).
    /// On a failed write the texts stay in memory.
    pub fn store(&mut self, texts: &mut [&mut ArticleText]) -> std::io::Result<()> {
        let mut buf = Vec::new();
        for text in texts.iter() {
            if let Repr::Held(held) = &text.0 {
                buf.extend_from_slice(held.as_bytes());
            }
        }
        self.file.write_all_at(&buf, self.end)?;
        let mut at = self.end;
        for text in texts.iter_mut() {
            let Repr::Held(held) = &text.0 else { continue };
            let len = held.len() as u64;
            if let Some(stored) = ArticleText::stored(&self.file, at, held) {
                **text = stored;
            }
            at += len;
        }
        self.end = at;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_texts_read_back_as_they_were() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut spill = Spill::create(dir.path()).expect("spill file");
        let mut a = ArticleText::from("Stepanakert, 19 September.");
        let mut b = ArticleText::from("Ханкенди — «Степанакерт» 🙂");
        let mut c = ArticleText::from("");
        spill.store(&mut [&mut a, &mut b, &mut c]).expect("written");
        assert!(a.is_stored() && b.is_stored() && c.is_stored());
        assert_eq!(a.get(), "Stepanakert, 19 September.");
        assert_eq!(b.get(), "Ханкенди — «Степанакерт» 🙂");
        assert_eq!(b.len(), "Ханкенди — «Степанакерт» 🙂".len());
        assert_eq!(c.get(), "");
        assert_eq!(a.heap_bytes(), 0);
    }

    #[test]
    fn a_text_changed_in_its_file_reads_as_blanks_of_its_length() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut spill = Spill::create(dir.path()).expect("spill file");
        let mut a = ArticleText::from("«Степанакерт»");
        spill.store(&mut [&mut a]).expect("written");
        // Another writer puts other bytes where the text was: half a Cyrillic letter first.
        spill
            .file
            .write_all_at(&[0xd0, b'x', b'y'], 0)
            .expect("overwritten");
        let read = a.get();
        assert_eq!(read.len(), "«Степанакерт»".len());
        assert!(read.chars().all(|c| c == ' '), "{read:?}");
    }
}
