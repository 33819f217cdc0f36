//! Walking the inputs and turning each file into an `Article`, in parallel, streaming.

use super::cache::{Cache, CacheWriter, FileStamp};
use super::clean::{clean, sanitize_inline};
use super::decode::{Decoded, decode};
use super::formats::{self, Document, FieldNames, Format, FormatError};
use super::meta::{Fields, Manifest, parse_date, parse_manifest, read_header, split_front_matter};
use super::segment::{Layout, segment, sentences};
use super::text::{ArticleText, Spill};
use super::{Article, Origin, Passage, Role, count_words, debris};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// One thing to load: a path on disk (file or folder) or a file embedded in the binary.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Embedded {
        name: &'static str,
        bytes: &'static [u8],
    },
    /// A manifest that applies to the embedded files.
    EmbeddedManifest(&'static str),
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this are refused with a message.
    pub max_file_bytes: u64,
    /// How many articles to send in one `LoadEvent::Articles` batch.
    pub batch: usize,
    /// Which JSON fields hold the title, text, source and the rest.
    pub fields: FieldNames,
    /// Where the parsed corpus is cached between runs; `None` reads every file every time.
    pub cache_dir: Option<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: 256 * 1024 * 1024,
            batch: 256,
            fields: FieldNames::default(),
            cache_dir: None,
        }
    }
}

/// Record problems reported one by one for a file; beyond this they are counted in one line, so
/// a file of 10,000 bad lines does not bury the other messages.
const RECORD_PROBLEMS_SHOWN: usize = 20;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// A message about one file (or input), for stderr and the TUI's message list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file or folder concerned, already safe to print.
    pub path: String,
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn new(severity: Severity, path: &str, message: impl Into<String>) -> Self {
        Self {
            severity,
            path: sanitize_inline(path).into_owned(),
            message: sanitize_inline(&message.into()).into_owned(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.path, self.message)
    }
}

/// What a streaming load reports, in order.
#[derive(Debug, Clone)]
pub enum LoadEvent {
    /// The walk found this many candidate files so far.
    Scanning {
        found: usize,
    },
    /// How far the load is: `bytes_done` of the inputs' `bytes` (a file of many articles counts
    /// as its articles are finished), and `files_done` of `files` files.
    Progress {
        bytes_done: u64,
        bytes: u64,
        files_done: usize,
        files: usize,
    },
    Articles(Vec<Article>),
    Diagnostic(Diagnostic),
    Finished {
        articles: usize,
        elapsed: Duration,
    },
}

/// Loads everything at once: for the CLI and tests.
pub fn load(inputs: &[Input], options: &LoadOptions) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::new();
    let mut diagnostics = Vec::new();
    let cancel = AtomicBool::new(false);
    load_streaming(inputs, options, &cancel, |event| match event {
        LoadEvent::Articles(batch) => articles.extend(batch),
        LoadEvent::Diagnostic(d) => diagnostics.push(d),
        _ => {}
    });
    // Growth by doubling leaves up to half the vector empty: a corpus is kept for long.
    articles.shrink_to_fit();
    (articles, diagnostics)
}

/// Loads the inputs, reporting through `sink` as it goes. Stops early when `cancel` is set.
///
/// Files are read and parsed in parallel a chunk at a time; a file that holds many articles (JSON
/// Lines, a feed) has its articles finished in parallel too, so one 20 MB file streams like a
/// folder. JSON Lines are also parsed a batch of lines at a time, as the batch before is
/// finished: their parsed records never all live at once. Files unchanged since the last run
/// come from the cache without being parsed.
pub fn load_streaming(
    inputs: &[Input],
    options: &LoadOptions,
    cancel: &AtomicBool,
    mut sink: impl FnMut(LoadEvent),
) {
    let started = Instant::now();
    let jobs = collect_jobs(inputs, &mut sink);
    let files = jobs.len();
    let bytes: u64 = jobs.iter().map(Job::len).sum();
    sink(LoadEvent::Progress {
        bytes_done: 0,
        bytes,
        files_done: 0,
        files,
    });
    let mut spill = None;
    let (cache, mut writer) = match &options.cache_dir {
        Some(dir) if jobs.iter().any(|j| j.stamp.is_some()) => {
            spill = Spill::create(dir);
            let (cache, problem) = Cache::open(dir, inputs, &options.fields);
            if let Some(message) = problem {
                sink(LoadEvent::Diagnostic(Diagnostic::new(
                    Severity::Warning,
                    &cache.path().display().to_string(),
                    message,
                )));
            }
            let writer = CacheWriter::new(&cache);
            (Some(cache), Some(writer))
        }
        _ => (None, None),
    };
    let batch_size = options.batch.max(1);
    let mut ids = Ids::default();
    let (mut files_done, mut bytes_done) = (0, 0);
    for chunk in jobs.chunks(batch_size) {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let read: Vec<FileOutcome> = chunk
            .par_iter()
            .map(|job| read_file(job, options, cache.as_ref()))
            .collect();
        // Articles leave in the order of their files whether cached or not: ids made unique in
        // that order are then the same from one run to the next, and notes keep their article.
        let mut part: Vec<(&Job, Document, bool)> = Vec::new();
        let mut out: Vec<Article> = Vec::new();
        for (job, outcome) in chunk.iter().zip(read) {
            match outcome {
                FileOutcome::Cached(entry) => {
                    out.extend(finish_part(&mut part, &mut writer, &mut sink));
                    for d in &entry.diagnostics {
                        sink(LoadEvent::Diagnostic(d.clone()));
                    }
                    if let Some(w) = writer.as_mut() {
                        w.keep(&entry);
                    }
                    out.extend(entry.articles);
                }
                FileOutcome::Parsed {
                    mut documents,
                    diagnostics,
                } => {
                    for d in &diagnostics {
                        sink(LoadEvent::Diagnostic(d.clone()));
                    }
                    if let Some(w) = writer.as_mut() {
                        w.start(job, diagnostics);
                    }
                    let multi = documents.multi();
                    while !documents.is_done() {
                        let room = batch_size.saturating_sub(part.len());
                        part.extend(
                            documents
                                .next_batch(room)
                                .into_iter()
                                .map(|doc| (job, doc, multi)),
                        );
                        // A single big file streams a batch at a time.
                        if part.len() >= batch_size {
                            if cancel.load(Ordering::Relaxed) {
                                return;
                            }
                            out.extend(finish_part(&mut part, &mut writer, &mut sink));
                            emit(std::mem::take(&mut out), &mut ids, &mut spill, &mut sink);
                            let (read, of) = documents.progress();
                            sink(LoadEvent::Progress {
                                bytes_done: bytes_done + job.len() * read / of.max(1),
                                bytes,
                                files_done,
                                files,
                            });
                        }
                    }
                    // Records that were not articles, known once the whole file is read.
                    let late = documents.finish(job);
                    for d in &late {
                        sink(LoadEvent::Diagnostic(d.clone()));
                    }
                    if let Some(w) = writer.as_mut() {
                        w.add(job, None, late);
                    }
                }
            }
        }
        out.extend(finish_part(&mut part, &mut writer, &mut sink));
        emit(out, &mut ids, &mut spill, &mut sink);
        files_done += chunk.len();
        bytes_done += chunk.iter().map(Job::len).sum::<u64>();
        sink(LoadEvent::Progress {
            bytes_done,
            bytes,
            files_done,
            files,
        });
    }
    if let Some(w) = writer
        && let Err(e) = w.finish()
    {
        sink(LoadEvent::Diagnostic(Diagnostic::new(
            Severity::Warning,
            "(cache)",
            format!("the corpus cache could not be saved: {e}"),
        )));
    }
    // Reading and parsing left many times the corpus in freed buffers.
    crate::memory::release_free_memory();
    sink(LoadEvent::Finished {
        articles: ids.loaded,
        elapsed: started.elapsed(),
    });
}

/// Ids handed out so far, and how many articles have gone out.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    loaded: usize,
}

/// Sends articles on with ids made unique in the order they are sent, their texts written to
/// the spill file when there is one.
fn emit(
    articles: Vec<Article>,
    ids: &mut Ids,
    spill: &mut Option<Spill>,
    sink: &mut impl FnMut(LoadEvent),
) {
    let mut batch = Vec::with_capacity(articles.len());
    for mut article in articles {
        article.id = unique_id(&article.id, &mut ids.used);
        batch.push(article);
    }
    if let Some(file) = spill.as_mut() {
        // Texts already stored (from the cache) are passed over by `store`.
        let mut texts: Vec<&mut ArticleText> = batch.iter_mut().map(|a| &mut a.text).collect();
        if let Err(e) = file.store(&mut texts) {
            sink(LoadEvent::Diagnostic(Diagnostic::new(
                Severity::Warning,
                "(cache)",
                format!(
                    "article texts could not be written to the cache directory, so they are kept in memory: {e}"
                ),
            )));
            *spill = None;
        }
    }
    // The articles were made on the parsing threads, among the documents they came from and the
    // temporaries of cleaning them; kept there, a few live bytes pin every page once the rest is
    // freed. Copies made here keep the corpus together: a JSON Lines corpus of 21k articles
    // holds ~10 MiB less. Only when the texts are on disk: the copies are then only metadata and
    // passages.
    let batch: Vec<Article> = if spill.is_some() {
        batch.iter().map(Article::clone).collect()
    } else {
        batch
    };
    ids.loaded += batch.len();
    if !batch.is_empty() {
        sink(LoadEvent::Articles(batch));
    }
}

/// Finishes the documents gathered so far in parallel, in order; their messages go out now.
fn finish_part(
    part: &mut Vec<(&Job, Document, bool)>,
    writer: &mut Option<CacheWriter>,
    sink: &mut impl FnMut(LoadEvent),
) -> Vec<Article> {
    if part.is_empty() {
        return Vec::new();
    }
    let finished: Vec<(&Job, Option<Article>, Vec<Diagnostic>)> = std::mem::take(part)
        .into_par_iter()
        .map(|(job, doc, multi)| {
            let (article, diagnostics) = finish(job, doc, multi);
            (job, article, diagnostics)
        })
        .collect();
    let mut articles = Vec::with_capacity(finished.len());
    for (job, article, diagnostics) in finished {
        for d in &diagnostics {
            sink(LoadEvent::Diagnostic(d.clone()));
        }
        if let Some(w) = writer.as_mut() {
            w.add(job, article.as_ref(), diagnostics);
        }
        articles.extend(article);
    }
    articles
}

fn unique_id(stem: &str, used: &mut HashSet<String>) -> String {
    let mut id = stem.to_string();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{stem}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

enum Bytes {
    File(PathBuf),
    Embedded(&'static [u8]),
}

pub(crate) struct Job {
    pub(crate) display: String,
    stem: String,
    /// Files found in folders are read only when their extension is known; a file named on the
    /// command line is read whatever its extension.
    named: bool,
    bytes: Bytes,
    /// The manifest that covers this file and the file's path relative to it.
    manifest: Option<(Arc<Manifest>, String)>,
    /// Size and modification time of a file on disk, for the cache.
    pub(crate) stamp: Option<FileStamp>,
}

impl Job {
    /// The file's size, for progress.
    fn len(&self) -> u64 {
        match (&self.stamp, &self.bytes) {
            (Some(stamp), _) => stamp.len,
            (None, Bytes::Embedded(bytes)) => bytes.len() as u64,
            (None, Bytes::File(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
        }
    }

    /// The manifest's fields for this file.
    pub(crate) fn manifest_fields(&self) -> Fields {
        self.manifest
            .as_ref()
            .map(|(m, rel)| m.fields_for(rel))
            .unwrap_or_default()
    }
}

const MANIFEST: &str = "parallax.toml";

/// Whether a file found in a folder is one parallax reads, by its extension alone.
fn readable_extension(path: &Path) -> bool {
    formats::detect(path, b"").is_some()
}

fn stem_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_string());
    sanitize_inline(&stem).into_owned()
}

/// Manifests already read, by folder; `None` when the folder has none or it is broken.
type ManifestCache = HashMap<PathBuf, Option<Arc<Manifest>>>;

fn collect_jobs(inputs: &[Input], sink: &mut impl FnMut(LoadEvent)) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut manifests: ManifestCache = HashMap::new();
    let mut embedded_manifest: Option<Arc<Manifest>> = None;
    for input in inputs {
        if let Input::EmbeddedManifest(text) = input {
            match parse_manifest(text) {
                Ok(m) => embedded_manifest = Some(Arc::new(m)),
                Err(e) => sink(LoadEvent::Diagnostic(Diagnostic::new(
                    Severity::Error,
                    "embedded:parallax.toml",
                    e.to_string(),
                ))),
            }
        }
    }
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for input in inputs {
        match input {
            Input::EmbeddedManifest(_) => {}
            Input::Embedded { name, bytes } => {
                let path = Path::new(name);
                jobs.push(Job {
                    display: format!("embedded:{name}"),
                    stem: stem_of(path),
                    named: true,
                    bytes: Bytes::Embedded(bytes),
                    manifest: embedded_manifest.clone().map(|m| (m, name.to_string())),
                    stamp: None,
                });
            }
            Input::Path(path) => walk(path, &mut jobs, &mut manifests, &mut skipped, sink),
        }
        sink(LoadEvent::Scanning { found: jobs.len() });
    }
    if !skipped.is_empty() {
        let kinds: Vec<String> = skipped
            .iter()
            .map(|(ext, n)| format!("{n} {ext}"))
            .collect();
        let count: usize = skipped.values().sum();
        sink(LoadEvent::Diagnostic(Diagnostic::new(
            Severity::Warning,
            "(folders)",
            format!(
                "skipped {count} file(s) of unsupported types ({}); parallax reads text (.txt, .md), \
                 web pages (.html), JSON (.json, .jsonl), feeds (.rss, .atom, .xml) and \
                 newsboat caches (.db)",
                kinds.join(", ")
            ),
        )));
    }
    jobs
}

fn walk(
    root: &Path,
    jobs: &mut Vec<Job>,
    manifests: &mut ManifestCache,
    skipped: &mut BTreeMap<String, usize>,
    sink: &mut impl FnMut(LoadEvent),
) {
    let display_root = root.display().to_string();
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            sink(LoadEvent::Diagnostic(Diagnostic::new(
                Severity::Error,
                &display_root,
                format!("cannot read: {e}"),
            )));
            return;
        }
    };
    if meta.is_file() {
        // A file named explicitly is read whatever its extension; binary content is still refused.
        let manifest = manifest_for(root, root.parent(), manifests, sink);
        jobs.push(Job {
            display: display_root,
            stem: stem_of(root),
            named: true,
            bytes: Bytes::File(root.to_path_buf()),
            manifest,
            stamp: Some(FileStamp::of(&meta)),
        });
        return;
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| display_root.clone());
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => e.to_string(),
                    }
                };
                sink(LoadEvent::Diagnostic(Diagnostic::new(
                    Severity::Warning,
                    &path,
                    message,
                )));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == MANIFEST) {
            continue;
        }
        if !readable_extension(path) {
            let ext = path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy().to_ascii_lowercase()))
                .unwrap_or_else(|| "no extension".to_string());
            *skipped
                .entry(sanitize_inline(&ext).into_owned())
                .or_default() += 1;
            continue;
        }
        let manifest = manifest_for(path, Some(root), manifests, sink);
        jobs.push(Job {
            display: path.display().to_string(),
            stem: stem_of(path),
            named: false,
            bytes: Bytes::File(path.to_path_buf()),
            manifest,
            stamp: entry.metadata().ok().map(|m| FileStamp::of(&m)),
        });
        if jobs.len().is_multiple_of(1024) {
            sink(LoadEvent::Scanning { found: jobs.len() });
        }
    }
}

/// The nearest `parallax.toml` from the file's folder up to `root`, with the file's path
/// relative to the manifest's folder.
fn manifest_for(
    file: &Path,
    root: Option<&Path>,
    cache: &mut ManifestCache,
    sink: &mut impl FnMut(LoadEvent),
) -> Option<(Arc<Manifest>, String)> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        let manifest = cache
            .entry(d.to_path_buf())
            .or_insert_with(|| read_manifest(d, sink))
            .clone();
        if let Some(m) = manifest {
            let relative = file
                .strip_prefix(d)
                .map(|r| {
                    r.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            return Some((m, relative));
        }
        if Some(d) == root || root.is_none() {
            break;
        }
        dir = d.parent();
    }
    None
}

fn read_manifest(dir: &Path, sink: &mut impl FnMut(LoadEvent)) -> Option<Arc<Manifest>> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).ok()?;
    match parse_manifest(&text) {
        Ok(m) => Some(Arc::new(m)),
        Err(e) => {
            sink(LoadEvent::Diagnostic(Diagnostic::new(
                Severity::Error,
                &path.display().to_string(),
                format!("{e}; manifest ignored"),
            )));
            None
        }
    }
}

/// What reading one file gave: its articles from the cache, or its documents to finish.
pub(crate) enum FileOutcome {
    Cached(super::cache::Entry),
    Parsed {
        documents: Documents,
        diagnostics: Vec<Diagnostic>,
    },
}

/// A file's documents, handed out a batch at a time: all parsed already, or (JSON Lines) parsed
/// a batch of lines at a time as they are asked for.
pub(crate) enum Documents {
    Parsed {
        documents: std::vec::IntoIter<Document>,
        count: u64,
    },
    Lines(Box<formats::json::LineReader>),
}

impl Documents {
    fn parsed(documents: Vec<Document>) -> Documents {
        Documents::Parsed {
            count: documents.len() as u64,
            documents: documents.into_iter(),
        }
    }

    /// Whether the file holds several articles, so that each is named by its record.
    fn multi(&self) -> bool {
        match self {
            Documents::Parsed { documents, .. } => {
                documents.len() > 1
                    || documents
                        .as_slice()
                        .first()
                        .is_some_and(|d| d.locator.is_some())
            }
            Documents::Lines(_) => true,
        }
    }

    fn is_done(&self) -> bool {
        match self {
            Documents::Parsed { documents, .. } => documents.len() == 0,
            Documents::Lines(reader) => reader.is_done(),
        }
    }

    /// Up to `room` more documents (at least one is asked for; JSON Lines may give fewer).
    fn next_batch(&mut self, room: usize) -> Vec<Document> {
        match self {
            Documents::Parsed { documents, .. } => documents.by_ref().take(room.max(1)).collect(),
            Documents::Lines(reader) => reader.next_batch(room),
        }
    }

    /// How much of the file is done, as a fraction `done / of`.
    fn progress(&self) -> (u64, u64) {
        match self {
            Documents::Parsed { documents, count } => (count - documents.len() as u64, *count),
            Documents::Lines(reader) => {
                let (read, of) = reader.progress();
                (read as u64, of as u64)
            }
        }
    }

    /// Messages known only once every document was handed out.
    fn finish(self, job: &Job) -> Vec<Diagnostic> {
        match self {
            Documents::Parsed { .. } => Vec::new(),
            Documents::Lines(reader) => match reader.finish() {
                Ok(problems) => problem_diagnostics(job, &problems),
                Err(e) => vec![Diagnostic::new(
                    Severity::Error,
                    &job.display,
                    format!("{e}; skipped"),
                )],
            },
        }
    }
}

fn failed(job: &Job, severity: Severity, message: impl Into<String>) -> FileOutcome {
    FileOutcome::Parsed {
        documents: Documents::parsed(Vec::new()),
        diagnostics: vec![Diagnostic::new(severity, &job.display, message)],
    }
}

/// Reads one file (or takes it from the cache) and splits it into documents by its format.
fn read_file(job: &Job, options: &LoadOptions, cache: Option<&Cache>) -> FileOutcome {
    if let Some(entry) = cache.and_then(|c| c.lookup(job)) {
        return FileOutcome::Cached(entry);
    }
    let bytes: std::borrow::Cow<'_, [u8]> = match &job.bytes {
        Bytes::Embedded(b) => std::borrow::Cow::Borrowed(b),
        Bytes::File(path) => {
            if let Some(stamp) = job.stamp
                && stamp.len > options.max_file_bytes
            {
                return failed(
                    job,
                    Severity::Error,
                    format!(
                        "too large to read ({:.1} MB; the limit is {} MB), skipped",
                        stamp.len as f64 / 1e6,
                        options.max_file_bytes / 1_000_000
                    ),
                );
            }
            match std::fs::read(path) {
                Ok(b) => std::borrow::Cow::Owned(b),
                Err(e) => return failed(job, Severity::Error, format!("cannot read: {e}")),
            }
        }
    };
    let path = Path::new(&job.display);
    let head = &bytes[..bytes.len().min(4096)];
    if formats::detect(path, head) == Some(Format::Newsboat) {
        return match &job.bytes {
            Bytes::File(file) if head.starts_with(b"SQLite format 3\0") => {
                parsed(job, formats::newsboat::parse(file))
            }
            _ => failed(
                job,
                Severity::Error,
                "not a SQLite database, so not a newsboat cache; skipped",
            ),
        };
    }
    let mut diagnostics = Vec::new();
    let text = match decode(&bytes) {
        Decoded::Text { text, replaced, .. } => {
            if replaced > 0 {
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    &job.display,
                    format!(
                        "not valid UTF-8: {replaced} invalid byte sequence(s) shown as \u{FFFD}"
                    ),
                ));
            }
            text
        }
        Decoded::Binary(kind) => {
            return failed(
                job,
                Severity::Warning,
                format!("looks like {kind}, not text; skipped"),
            );
        }
        Decoded::Empty => return failed(job, Severity::Warning, "empty file, skipped"),
    };
    drop(bytes);
    // Decoding may have turned UTF-16 into UTF-8: the content is sniffed again as text.
    let head = &text.as_bytes()[..text.len().min(4096)];
    let format = match formats::detect(path, head) {
        Some(format) => format,
        None if job.named => Format::Text(Layout::Plain),
        None => {
            return failed(
                job,
                Severity::Warning,
                "not a format parallax reads; skipped",
            );
        }
    };
    let result = match format {
        Format::Text(layout) => Ok(formats::Parsed {
            documents: vec![Document::text(text, layout)],
            ..formats::Parsed::default()
        }),
        Format::Html => formats::html::parse_page(&text),
        Format::Json if formats::json::is_lines(&text) => {
            return FileOutcome::Parsed {
                documents: Documents::Lines(Box::new(formats::json::LineReader::new(
                    text,
                    &options.fields,
                ))),
                diagnostics,
            };
        }
        Format::Json => formats::json::parse(&text, &options.fields),
        Format::Feed => formats::feed::parse(&text),
        Format::Newsboat => Err(FormatError::Malformed {
            format: "newsboat cache",
            at: None,
            message: "not a SQLite database".to_string(),
        }),
    };
    match parsed(job, result) {
        FileOutcome::Parsed {
            documents,
            diagnostics: more,
        } => {
            diagnostics.extend(more);
            FileOutcome::Parsed {
                documents,
                diagnostics,
            }
        }
        cached => cached,
    }
}

/// A format's result as documents and messages naming the file (and the record).
fn parsed(job: &Job, result: Result<formats::Parsed, FormatError>) -> FileOutcome {
    match result {
        Err(e) => failed(job, Severity::Error, format!("{e}; skipped")),
        Ok(parsed) => {
            let mut diagnostics = problem_diagnostics(job, &parsed.problems);
            diagnostics.extend(
                parsed
                    .notes
                    .iter()
                    .map(|note| Diagnostic::new(Severity::Warning, &job.display, note.clone())),
            );
            if parsed.documents.is_empty() && parsed.problems.is_empty() {
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    &job.display,
                    "no articles in this file",
                ));
            }
            FileOutcome::Parsed {
                documents: Documents::parsed(parsed.documents),
                diagnostics,
            }
        }
    }
}

/// The records of a file that were skipped, the first few by name and the rest counted.
fn problem_diagnostics(job: &Job, problems: &[formats::RecordProblem]) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = problems
        .iter()
        .take(RECORD_PROBLEMS_SHOWN)
        .map(|p| {
            Diagnostic::new(
                Severity::Warning,
                &job.display,
                format!("{}: {}; skipped", p.locator, p.message),
            )
        })
        .collect();
    if problems.len() > RECORD_PROBLEMS_SHOWN {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            &job.display,
            format!(
                "{} more record(s) skipped for the same kinds of reasons",
                problems.len() - RECORD_PROBLEMS_SHOWN
            ),
        ));
    }
    diagnostics
}

/// Where a document came from, safe to print: the file, and the record within it.
fn document_display(job: &Job, doc: &Document) -> String {
    match &doc.locator {
        Some(at) => format!("{}#{}", job.display, at.replace(' ', "-")),
        None => job.display.clone(),
    }
}

/// An id usable on the command line: letters, digits, `-`, `_` and `.`.
fn id_from(raw: &str) -> String {
    let id: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    id.trim_matches('-').to_string()
}

/// Cleans, segments and finishes one document into an article. `multi` when the file holds
/// several, so the article's id and path name the record.
fn finish(job: &Job, doc: Document, multi: bool) -> (Option<Article>, Vec<Diagnostic>) {
    let display = document_display(job, &doc);
    let mut diagnostics = Vec::new();
    let warn = |d: &mut Vec<Diagnostic>, m: String| {
        d.push(Diagnostic::new(Severity::Warning, &display, m))
    };
    let raw = doc.text;
    let stem = match doc.id.as_deref().map(id_from).filter(|i| !i.is_empty()) {
        Some(id) if multi => id,
        _ if multi => {
            let at = doc.locator.as_deref().unwrap_or_default();
            let number: String = at.chars().filter(char::is_ascii_digit).collect();
            format!("{}-{}", job.stem, number)
        }
        _ => job.stem.clone(),
    };
    let cleaned = clean(&raw);
    drop(raw);
    if cleaned.removed() > 0 {
        warn(
            &mut diagnostics,
            format!(
                "removed {} escape sequence(s), {} control character(s), {} bidi control(s)",
                cleaned.escapes, cleaned.controls, cleaned.bidi
            ),
        );
    }
    let (front, body_start) = match split_front_matter(&cleaned.text) {
        Ok(found) => found,
        Err(e) => {
            warn(&mut diagnostics, format!("front matter ignored: {e}"));
            (None, 0)
        }
    };
    let segmented = segment(&cleaned.text[body_start..], doc.layout);
    drop(cleaned);
    if segmented.paragraphs.is_empty() {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            &display,
            "no text once cleaned, skipped",
        ));
        return (None, diagnostics);
    }
    // A corpus is tens of thousands of these: capacity slack adds up.
    let mut text = segmented.text;
    text.shrink_to_fit();
    let paragraphs = segmented.paragraphs;
    let header = read_header(&text, &paragraphs);
    let debris = debris::detect(&text, &paragraphs, header.title);

    let mut passages = Vec::with_capacity(paragraphs.len());
    let mut sentence_bounds = Vec::new();
    let mut chars_before = 0;
    let mut last_end = 0;
    for (i, range) in paragraphs.iter().enumerate() {
        chars_before += text[last_end..range.start].chars().count();
        let char_start = chars_before;
        let char_len = text[range.clone()].chars().count();
        chars_before += char_len;
        last_end = range.end;
        let role = if Some(i) == header.title {
            Role::Title
        } else if header.header_paragraphs.contains(&i) {
            Role::Header
        } else if let Some(kind) = debris.get(i).copied().flatten() {
            Role::Debris(kind)
        } else {
            Role::Body
        };
        passages.push(Passage::new(
            range.clone(),
            char_start,
            char_start + char_len,
            &sentences(&text, range.clone()),
            role,
            &mut sentence_bounds,
        ));
    }

    let manifest_fields = job.manifest_fields();
    let front = front.unwrap_or_default();
    let format_fields = doc.fields;
    let pick = |f: fn(&Fields) -> &Option<String>| -> Option<(String, Origin)> {
        f(&manifest_fields)
            .clone()
            .map(|v| (v, Origin::Manifest))
            .or_else(|| f(&format_fields).clone().map(|v| (v, Origin::Format)))
            .or_else(|| f(&front).clone().map(|v| (v, Origin::FrontMatter)))
            .map(|(v, o)| (sanitize_inline(v.trim()).into_owned(), o))
            .filter(|(v, _)| !v.is_empty())
    };

    let (title, title_origin) = pick(|f| &f.title)
        .or_else(|| {
            header
                .title
                .map(|i| (text[paragraphs[i].clone()].to_string(), Origin::Text))
        })
        .or_else(|| {
            passages
                .iter()
                .find(|p| p.role == Role::Body)
                .and_then(|p| p.sentence(&sentence_bounds, 0))
                .map(|s| (shorten(&text[s.clone()], 90), Origin::Text))
        })
        .unwrap_or_else(|| (stem.clone(), Origin::FileName));
    let (source, source_origin) = pick(|f| &f.source)
        .or_else(|| header.source.clone().map(|s| (s, Origin::Text)))
        .unwrap_or_else(|| (job.stem.clone(), Origin::FileName));
    let date = match pick(|f| &f.date) {
        Some((s, _)) if s.eq_ignore_ascii_case("unknown") => None,
        Some((s, _)) => {
            let parsed = parse_date(&s);
            if parsed.is_none() {
                warn(
                    &mut diagnostics,
                    format!("date {s:?} not understood, ignored"),
                );
            }
            parsed.or(header.date)
        }
        None => header.date,
    };
    let author = pick(|f| &f.author)
        .map(|(a, _)| a)
        .or_else(|| header.author.clone());
    let url = pick(|f| &f.url).map(|(u, _)| u);
    let label = pick(|f| &f.label).map(|(l, _)| l);
    let words = passages
        .iter()
        .filter(|p| p.role == Role::Body)
        .map(|p| count_words(p.text(&text)))
        .sum();
    let article = Article {
        id: stem,
        path: display.into(),
        title,
        title_origin,
        source,
        source_origin,
        date,
        author: author.filter(|a| !a.is_empty()).map(String::into_boxed_str),
        url: url.map(String::into_boxed_str),
        label: label.map(String::into_boxed_str),
        text: text.into(),
        passages: passages.into_boxed_slice(),
        sentence_bounds: sentence_bounds.into_boxed_slice(),
        words,
    };
    (Some(article), diagnostics)
}

/// The first `max` chars of `s`, cut at a word boundary, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}
