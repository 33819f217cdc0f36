//! Metadata: front matter, the folder manifest, header lines (title, date, source, byline).

use super::Date;
use std::collections::BTreeMap;
use std::ops::Range;

/// Metadata fields a manifest entry or front matter may give.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    pub title: Option<String>,
    pub source: Option<String>,
    /// Any date form `parse_date` understands.
    pub date: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MetaError {
    /// `line` is 1-based within the file.
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
}

/// Splits YAML (`---`) or TOML (`+++`) front matter off the top of a document.
/// Returns the fields (if any) and the byte offset where the body starts.
pub fn split_front_matter(text: &str) -> Result<(Option<Fields>, usize), MetaError> {
    let _ = text;
    Ok((None, 0))
}

/// A `parallax.toml` manifest: defaults for every file of its folder, and per-file fields keyed
/// by path relative to the manifest's folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub defaults: Fields,
    pub files: BTreeMap<String, Fields>,
}

pub fn parse_manifest(text: &str) -> Result<Manifest, MetaError> {
    let _ = text;
    Ok(Manifest::default())
}

impl Manifest {
    /// Fields for a file (path relative to the manifest's folder, `/`-separated), with the
    /// defaults filled in where the file's own entry is silent.
    pub fn fields_for(&self, relative: &str) -> Fields {
        let _ = relative;
        self.defaults.clone()
    }
}

/// Finds a date (with optional time) in a short line: "31 October 2022 - 13:48",
/// "05:05 25 november 2020", "November 10, 2020", "2023-09-28", "Sunday, September 27, 2020".
pub fn parse_date(line: &str) -> Option<Date> {
    let _ = line;
    None
}

/// What the first lines of an article say about it. Indices are into `paragraphs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The headline paragraph, if the article opens with one.
    pub title: Option<usize>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub author: Option<String>,
    /// Paragraphs that are only metadata (dateline, byline, `Source:` lines, section labels).
    pub header_paragraphs: Vec<usize>,
}

pub fn read_header(text: &str, paragraphs: &[Range<usize>]) -> Header {
    let _ = (text, paragraphs);
    Header::default()
}
