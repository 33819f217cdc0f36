//! The corpus cache: articles as parsed last time, per file, so the second opening of a corpus
//! reads no file that has not changed.
//!
//! One cache file per set of inputs, in the platform cache directory. Each file's record is
//! keyed by its path, size, modification time and the manifest fields that applied to it, and
//! carries its own checksum; a record that fails any check, or an article whose offsets do not
//! hold together, is read again from the file. The cache is a copy: it is never trusted over
//! the files and is rebuilt whenever it cannot be read.
//!
//! Each article's text follows its record raw, so that a cached article can keep only where its
//! text is in the cache file (see `text`), through the file opened here: a cache rewritten or
//! removed later, by this parallax or another, does not change what that open file reads.

use super::formats::FieldNames;
use super::load::{Diagnostic, Input, Job};
use super::text::{ArticleText, TextFile};
use super::{Article, Passage};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8; 8] = b"PLXCACHE";
/// Bumped whenever what the loader makes of a file changes, or the record layout does.
const FORMAT_VERSION: u32 = 5;
const HEADER_LEN: usize = MAGIC.len() + 4 + 8;

/// What identifies a file's content without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileStamp {
    pub len: u64,
    /// Nanoseconds since the epoch; 0 when the platform cannot tell.
    pub modified_ns: i128,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        FileStamp {
            len: meta.len(),
            modified_ns,
        }
    }
}

/// The part of a record read when the cache is opened: enough to decide whether it is current.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RecordHead {
    path: String,
    stamp: FileStamp,
    manifest_key: u64,
    diagnostics: Vec<Diagnostic>,
    articles: u32,
    body_len: u64,
    body_hash: u64,
}

/// A file's articles and messages, as cached.
#[derive(Debug)]
pub struct Entry {
    pub articles: Vec<Article>,
    pub diagnostics: Vec<Diagnostic>,
    /// The record's bytes in the cache file, copied as they are when the cache is rewritten.
    record: Range<usize>,
}

/// The cache of one set of inputs, as read at the start of a load.
pub struct Cache {
    path: PathBuf,
    settings: u64,
    data: Arc<Vec<u8>>,
    /// The file `data` was read from, still open: cached articles keep their text in it rather
    /// than in memory. Replacing the cache file later does not change what this one reads.
    file: Option<Arc<TextFile>>,
    /// Records by file path; taken out as they are used.
    records: Mutex<HashMap<String, (RecordHead, Range<usize>)>>,
    /// How many records the file held, to tell whether rewriting it changes anything.
    held: usize,
}

impl Cache {
    /// Opens the cache of `inputs` in `dir`. A missing cache is empty; a damaged one is empty and
    /// the message says so (it is rebuilt, never trusted).
    pub fn open(dir: &Path, inputs: &[Input], fields: &FieldNames) -> (Cache, Option<String>) {
        let (name, settings) = identity(inputs, fields);
        let path = dir.join(format!("{name}.bin"));
        let mut cache = Cache {
            path,
            settings,
            data: Arc::new(Vec::new()),
            file: None,
            records: Mutex::new(HashMap::new()),
            held: 0,
        };
        let (file, data) = match read_whole(&cache.path) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (cache, None),
            Err(e) => return (cache, Some(format!("cache not readable ({e}); rebuilt"))),
        };
        match index(&data, settings) {
            Ok(Some(records)) => {
                cache.held = records.len();
                cache.records = Mutex::new(records);
                cache.data = Arc::new(data);
                cache.file = Some(Arc::new(TextFile::new(
                    file,
                    format!("the corpus cache {}", cache.path.display()),
                )));
                (cache, None)
            }
            // Another version of parallax or other settings: not damage, just not ours.
            Ok(None) => (cache, None),
            Err(problem) => (cache, Some(format!("cache damaged ({problem}); rebuilt"))),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cached articles of `job`'s file when it has not changed since they were cached.
    pub(crate) fn lookup(&self, job: &Job) -> Option<Entry> {
        let stamp = job.stamp?;
        let (head, record) = {
            let mut records = self.records.lock().ok()?;
            let (head, _) = records.get(&job.display)?;
            if head.stamp != stamp || head.manifest_key != manifest_key(job) {
                return None;
            }
            records.remove(&job.display)?
        };
        let body_start = record.end - head.body_len as usize;
        let body = self.data.get(body_start..record.end)?;
        if hash(body) != head.body_hash {
            return None;
        }
        let mut articles = Vec::with_capacity(head.articles as usize);
        let mut rest = body;
        for _ in 0..head.articles {
            let (mut article, after) = postcard::take_from_bytes::<Article>(rest).ok()?;
            let (len, after) = after.split_first_chunk::<4>()?;
            let len = u32::from_le_bytes(*len) as usize;
            let text = std::str::from_utf8(after.get(..len)?).ok()?;
            if !consistent(&article, text) {
                return None;
            }
            let at = (body_start + (body.len() - after.len())) as u64;
            article.text = self
                .file
                .as_ref()
                .and_then(|file| ArticleText::stored(file, at, text))
                .unwrap_or_else(|| text.into());
            articles.push(article);
            rest = &after[len..];
        }
        rest.is_empty().then_some(Entry {
            articles,
            diagnostics: head.diagnostics,
            record,
        })
    }
}

/// The file at `path`, open, and its bytes, read through it.
fn read_whole(path: &Path) -> std::io::Result<(std::fs::File, Vec<u8>)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut data = Vec::new();
    file.read_to_end(&mut data)?;
    Ok((file, data))
}

/// Whether everything an article's offsets point at is inside its text.
fn consistent(article: &Article, text: &str) -> bool {
    let mut chars = 0;
    let mut last = 0;
    article.passages.iter().all(|p: &Passage| {
        if !p.is_consistent(text, &article.sentence_bounds) || p.range().start < last {
            return false;
        }
        chars += text[last..p.range().start].chars().count();
        let ok = p.char_start() == chars && p.char_end() == chars + text[p.range()].chars().count();
        chars = p.char_end();
        last = p.range().end;
        ok
    })
}

/// The cache file's name for these inputs, and the key of everything else that changes what the
/// loader makes of a file.
fn identity(inputs: &[Input], fields: &FieldNames) -> (String, u64) {
    let mut settings = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut settings);
    FORMAT_VERSION.hash(&mut settings);
    fields.hash(&mut settings);
    (cache_name(inputs), settings.finish())
}

/// The name the cache files of a set of inputs share: from their canonical paths.
pub(crate) fn cache_name(inputs: &[Input]) -> String {
    let mut names = DefaultHasher::new();
    for input in inputs {
        if let Input::Path(p) = input {
            let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            canonical.hash(&mut names);
        }
    }
    format!("corpus-{:016x}", names.finish())
}

fn manifest_key(job: &Job) -> u64 {
    let mut h = DefaultHasher::new();
    job.manifest_fields().hash(&mut h);
    h.finish()
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

type Records = HashMap<String, (RecordHead, Range<usize>)>;

/// Reads the record heads. `Ok(None)` when the cache was written with other settings.
fn index(data: &[u8], settings: u64) -> Result<Option<Records>, String> {
    let header = data.get(..HEADER_LEN).ok_or("shorter than its header")?;
    if &header[..8] != MAGIC {
        return Err("not a parallax cache".to_string());
    }
    let version = u32::from_le_bytes(header[8..12].try_into().map_err(|_| "header")?);
    let stored = u64::from_le_bytes(header[12..20].try_into().map_err(|_| "header")?);
    if version != FORMAT_VERSION || stored != settings {
        return Ok(None);
    }
    let mut records = HashMap::new();
    let mut at = HEADER_LEN;
    while at < data.len() {
        let start = at;
        let fixed = data.get(at..at + 12).ok_or("truncated record")?;
        let head_len = u32::from_le_bytes(fixed[..4].try_into().map_err(|_| "record")?) as usize;
        let head_hash = u64::from_le_bytes(fixed[4..12].try_into().map_err(|_| "record")?);
        at += 12;
        let head_bytes = data.get(at..at + head_len).ok_or("truncated record")?;
        if hash(head_bytes) != head_hash {
            return Err("a record's checksum does not match".to_string());
        }
        let head: RecordHead =
            postcard::from_bytes(head_bytes).map_err(|e| format!("unreadable record: {e}"))?;
        at += head_len;
        let end = at
            .checked_add(usize::try_from(head.body_len).map_err(|_| "record too long")?)
            .filter(|&e| e <= data.len())
            .ok_or("truncated record")?;
        at = end;
        records.insert(head.path.clone(), (head, start..end));
    }
    Ok(Some(records))
}

/// Collects the records of one load and writes the new cache when the load is complete.
pub struct CacheWriter {
    path: PathBuf,
    settings: u64,
    old: Arc<Vec<u8>>,
    held: usize,
    kept: Vec<Range<usize>>,
    /// Records of files read this time, by path, in the order they were started.
    fresh: Vec<(String, Fresh)>,
    /// The bodies of the fresh records, one after another: one big buffer rather than one per
    /// file, so that when it is freed the memory goes back to the system instead of leaving
    /// thousands of holes among the articles.
    bodies: Vec<u8>,
    /// The fresh record whose body ends `bodies`.
    last_added: Option<usize>,
    fresh_index: HashMap<String, usize>,
}

struct Fresh {
    stamp: FileStamp,
    manifest_key: u64,
    diagnostics: Vec<Diagnostic>,
    articles: u32,
    /// Where the body is in `CacheWriter::bodies`.
    body: Range<usize>,
    /// Set when an article could not be encoded: the file is then left out of the cache.
    broken: bool,
}

impl CacheWriter {
    pub fn new(cache: &Cache) -> CacheWriter {
        CacheWriter {
            path: cache.path.clone(),
            settings: cache.settings,
            old: cache.data.clone(),
            held: cache.held,
            kept: Vec::new(),
            fresh: Vec::new(),
            bodies: Vec::new(),
            last_added: None,
            fresh_index: HashMap::new(),
        }
    }

    /// A file that came from the cache: its record is copied as it is.
    pub fn keep(&mut self, entry: &Entry) {
        self.kept.push(entry.record.clone());
    }

    /// A file read this time, with the messages about the file as a whole.
    pub(crate) fn start(&mut self, job: &Job, diagnostics: Vec<Diagnostic>) {
        let Some(stamp) = job.stamp else { return };
        self.fresh_index
            .insert(job.display.clone(), self.fresh.len());
        self.fresh.push((
            job.display.clone(),
            Fresh {
                stamp,
                manifest_key: manifest_key(job),
                diagnostics,
                articles: 0,
                body: 0..0,
                broken: false,
            },
        ));
    }

    /// One finished document of a file started with `start`.
    pub(crate) fn add(
        &mut self,
        job: &Job,
        article: Option<&Article>,
        diagnostics: Vec<Diagnostic>,
    ) {
        let Some(&i) = self.fresh_index.get(&job.display) else {
            return;
        };
        let fresh = &mut self.fresh[i].1;
        fresh.diagnostics.extend(diagnostics);
        let Some(article) = article else { return };
        // A file's documents are finished in order, one file after the other, so its body
        // grows at the end of the buffer; should that ever not hold, the file is not cached.
        let at_end = self.last_added == Some(i) || fresh.body.is_empty();
        if !at_end || fresh.broken {
            fresh.broken = true;
            return;
        }
        if fresh.body.is_empty() {
            fresh.body = self.bodies.len()..self.bodies.len();
        }
        let text = article.text();
        let before = self.bodies.len();
        let len = u32::try_from(text.len());
        if let (Ok(len), Ok(_)) = (len, postcard::to_io(article, &mut self.bodies)) {
            self.bodies.extend_from_slice(&len.to_le_bytes());
            self.bodies.extend_from_slice(text.as_bytes());
            fresh.body.end = self.bodies.len();
            fresh.articles += 1;
            self.last_added = Some(i);
        } else {
            self.bodies.truncate(before);
            fresh.broken = true;
        }
    }

    /// Writes the cache when it changed, atomically: a crash leaves the old cache or the new
    /// one, never half of one.
    pub fn finish(self) -> std::io::Result<()> {
        if self.fresh.is_empty() && self.kept.len() == self.held {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        remove_abandoned_temps(dir);
        let mut out = Vec::with_capacity(self.old.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.settings.to_le_bytes());
        for range in &self.kept {
            if let Some(bytes) = self.old.get(range.clone()) {
                out.extend_from_slice(bytes);
            }
        }
        for (path, fresh) in self.fresh {
            let Some(body) = self
                .bodies
                .get(fresh.body.clone())
                .filter(|_| !fresh.broken)
            else {
                continue;
            };
            let head = RecordHead {
                path,
                stamp: fresh.stamp,
                manifest_key: fresh.manifest_key,
                diagnostics: fresh.diagnostics,
                articles: fresh.articles,
                body_len: body.len() as u64,
                body_hash: hash(body),
            };
            let head_bytes = postcard::to_allocvec(&head).map_err(std::io::Error::other)?;
            out.extend_from_slice(&(head_bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(&hash(&head_bytes).to_le_bytes());
            out.extend_from_slice(&head_bytes);
            out.extend_from_slice(body);
        }
        crate::atomic::write_file_atomic(dir, &self.path, TEMP_PREFIX, &out)
    }
}

/// Temp files are named `.cache-<pid>-<n>`.
const TEMP_PREFIX: &str = ".cache-";

/// Temp files of loads killed while writing. Another parallax may be writing its own right now,
/// so only those old enough that no write takes that long are removed.
fn remove_abandoned_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let abandoned = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600);
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The platform's cache directory for corpora.
pub fn default_dir() -> Option<PathBuf> {
    crate::dirs::project().map(|p| p.cache_dir().join("corpora"))
}
