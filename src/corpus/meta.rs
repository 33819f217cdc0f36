//! Metadata: front matter, the folder manifest, header lines (title, date, source, byline).

use super::Date;
use regex::Regex;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// Metadata fields a manifest entry or front matter may give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    #[serde(default, deserialize_with = "text_field")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text_field")]
    pub source: Option<String>,
    /// Any date form `parse_date` understands.
    #[serde(default, deserialize_with = "text_field")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text_field")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text_field")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "text_field")]
    pub label: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MetaError {
    /// `line` is 1-based within the file.
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
}

/// Manifest writers reach for `date = 2022-10-31` (a TOML date, not a string) and
/// `author = ["A", "B"]` as often as for plain strings, so all of those are accepted.
fn text_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = toml::Value::deserialize(d)?;
    match toml_text(&value) {
        Some(text) => Ok(Some(text)),
        None => Err(serde::de::Error::custom(format!(
            "expected a string, found {}",
            value.type_str()
        ))),
    }
}

fn toml_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                toml::Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join(", ")),
        _ => None,
    }
}

/// The metadata fields, for mapping the many spellings front matter uses onto `Fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Source,
    Date,
    Url,
    Author,
    Label,
}

impl Field {
    /// The field a front-matter key stands for, with a rank: when a document gives both
    /// `source` and `site`, the canonical name (rank 0) wins over the alias.
    fn from_key(key: &str) -> Option<(Field, u8)> {
        let key = key.trim().to_ascii_lowercase().replace('-', "_");
        let found = match key.as_str() {
            "title" => (Field::Title, 0),
            "source" => (Field::Source, 0),
            "outlet" => (Field::Source, 1),
            "publisher" => (Field::Source, 2),
            "site" => (Field::Source, 3),
            "date" => (Field::Date, 0),
            "published" => (Field::Date, 1),
            "published_at" => (Field::Date, 2),
            "pubdate" => (Field::Date, 3),
            "url" => (Field::Url, 0),
            "link" => (Field::Url, 1),
            "canonical" => (Field::Url, 2),
            "author" => (Field::Author, 0),
            "byline" => (Field::Author, 1),
            "by" => (Field::Author, 2),
            "authors" => (Field::Author, 3),
            "label" => (Field::Label, 0),
            _ => return None,
        };
        Some(found)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Collects front-matter values, keeping the best-ranked spelling of each field.
#[derive(Default)]
struct FieldSink {
    values: [Option<(u8, String)>; 6],
}

impl FieldSink {
    fn offer(&mut self, field: Field, rank: u8, value: String) {
        let value = value.trim().to_string();
        if value.is_empty() {
            return;
        }
        let slot = &mut self.values[field.index()];
        // Equal rank means the same key twice: the later one wins, as in most YAML readers.
        if slot.as_ref().is_none_or(|(r, _)| rank <= *r) {
            *slot = Some((rank, value));
        }
    }

    fn finish(mut self) -> Fields {
        let mut take = |f: Field| self.values[f.index()].take().map(|(_, v)| v);
        Fields {
            title: take(Field::Title),
            source: take(Field::Source),
            date: take(Field::Date),
            url: take(Field::Url),
            author: take(Field::Author),
            label: take(Field::Label),
        }
    }
}

/// 1-based line number of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    let end = floor_boundary(text, offset.min(text.len()));
    text[..end].bytes().filter(|&b| b == b'\n').count() + 1
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits YAML (`---`) or TOML (`+++`) front matter off the top of a document.
/// Returns the fields (if any) and the byte offset where the body starts.
pub fn split_front_matter(text: &str) -> Result<(Option<Fields>, usize), MetaError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter::new(text, start);
    let Some(first) = lines.next() else {
        return Ok((None, 0));
    };
    let toml = match first.text.trim_end() {
        "---" => false,
        "+++" => true,
        _ => return Ok((None, 0)),
    };
    let content_start = first.next;
    for line in lines {
        let fence = line.text.trim_end();
        let closes = if toml {
            fence == "+++"
        } else {
            fence == "---" || fence == "..."
        };
        if closes {
            let block = &text[content_start..line.start];
            let first_line = line_at(text, content_start);
            let fields = if toml {
                toml_front_matter(block, first_line)?
            } else {
                yaml_front_matter(block, first_line)?
            };
            return Ok((Some(fields), line.next));
        }
    }
    // An opening fence with no closing one is more likely a rule in plain text than
    // front matter that swallows the whole article.
    Ok((None, 0))
}

struct Line<'a> {
    /// Without the line break (and without a trailing `\r`).
    text: &'a str,
    start: usize,
    /// Offset just past the line break.
    next: usize,
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Self { text, pos }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (end, next) = match rest.find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        self.pos = next;
        Some(Line {
            text: self.text[start..end].trim_end_matches('\r'),
            start,
            next,
        })
    }
}

fn toml_front_matter(block: &str, first_line: usize) -> Result<Fields, MetaError> {
    let table: toml::Table = toml::from_str(block).map_err(|e| MetaError::Syntax {
        line: first_line - 1 + e.span().map(|s| line_at(block, s.start)).unwrap_or(1),
        message: e.message().trim().to_string(),
    })?;
    let mut sink = FieldSink::default();
    for (key, value) in &table {
        // Unknown keys and values of shapes we cannot use (tables, numbers in odd places)
        // are other tools' business, not errors.
        if let (Some((field, rank)), Some(text)) = (Field::from_key(key), toml_text(value)) {
            sink.offer(field, rank, text);
        }
    }
    Ok(sink.finish())
}

/// What the most recent top-level YAML key left open for the lines that follow it.
enum Open {
    Nothing,
    /// A plain scalar that indented lines continue (folded with spaces).
    Plain {
        field: Option<(Field, u8)>,
        value: String,
    },
    /// `key:` with nothing after it: a list, a nested map or a null follows.
    Empty {
        field: Option<(Field, u8)>,
        items: Vec<String>,
    },
    /// Inside a nested map or other structure we ignore.
    Nested,
    /// `key: |` or `key: >`: indented lines are the value.
    Block {
        field: Option<(Field, u8)>,
        folded: bool,
        lines: Vec<String>,
    },
}

static YAML_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:"([^"]*)"|'([^']*)'|([^\s#'"\[\]{}:,&*!|>%@`\-?][^:#]*?|-[^\s:#][^:#]*?))\s*:(?:[ \t]+(.*))?$"#)
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

fn yaml_front_matter(block: &str, first_line: usize) -> Result<Fields, MetaError> {
    let mut sink = FieldSink::default();
    let mut open = Open::Nothing;
    for (n, raw) in block.split('\n').enumerate() {
        let line_no = first_line + n;
        let line = raw.trim_end_matches('\r').trim_end();
        let trimmed = line.trim_start();
        let indented = trimmed.len() < line.len();
        if let Open::Block { lines, .. } = &mut open {
            if trimmed.is_empty() {
                lines.push(String::new());
                continue;
            }
            if indented {
                lines.push(trimmed.to_string());
                continue;
            }
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indented {
            match &mut open {
                Open::Plain { value, .. } => {
                    let more = strip_comment(trimmed);
                    if !more.is_empty() {
                        value.push(' ');
                        value.push_str(more);
                    }
                }
                Open::Empty { field, items } => {
                    if let Some(item) = list_item(trimmed) {
                        if let (Some(_), Some(text)) = (field.as_ref(), scalar(item)) {
                            items.push(text);
                        }
                    } else {
                        open = Open::Nested;
                    }
                }
                // Continuations of things we do not read: other tools' front matter carries
                // structures we have no use for, and refusing them would lose the fields we do.
                _ => {}
            }
            continue;
        }
        if let Some(item) = list_item(trimmed) {
            match &mut open {
                Open::Empty { field, items } => {
                    if let (Some(_), Some(text)) = (field.as_ref(), scalar(item)) {
                        items.push(text);
                    }
                    continue;
                }
                _ => {
                    return Err(MetaError::Syntax {
                        line: line_no,
                        message: "list item with no key above it".to_string(),
                    });
                }
            }
        }
        let Some(caps) = YAML_KEY.captures(trimmed) else {
            return Err(MetaError::Syntax {
                line: line_no,
                message: format!(
                    "expected `key: value` in front matter, found {:?}",
                    preview(trimmed)
                ),
            });
        };
        finish_open(std::mem::replace(&mut open, Open::Nothing), &mut sink);
        let key = caps
            .get(1)
            .or_else(|| caps.get(2))
            .or_else(|| caps.get(3))
            .map_or("", |m| m.as_str());
        let field = Field::from_key(key);
        let value = caps.get(4).map_or("", |m| m.as_str()).trim();
        open = yaml_value(value, field, line_no, &mut sink)?;
    }
    finish_open(open, &mut sink);
    Ok(sink.finish())
}

fn finish_open(open: Open, sink: &mut FieldSink) {
    match open {
        Open::Plain {
            field: Some((f, r)),
            value,
        } => sink.offer(f, r, value),
        Open::Empty {
            field: Some((f, r)),
            items,
        } if !items.is_empty() => sink.offer(f, r, items.join(", ")),
        Open::Block {
            field: Some((f, r)),
            folded,
            lines,
        } => {
            let joined = if folded {
                lines.join(" ")
            } else {
                lines.join("\n")
            };
            sink.offer(f, r, joined);
        }
        _ => {}
    }
}

/// Reads the value after `key:`, storing it unless later lines may extend it.
fn yaml_value(
    value: &str,
    field: Option<(Field, u8)>,
    line: usize,
    sink: &mut FieldSink,
) -> Result<Open, MetaError> {
    let value = strip_tag(value);
    if value.is_empty() || value.starts_with('#') {
        return Ok(Open::Empty {
            field,
            items: Vec::new(),
        });
    }
    if let Some(indicator) = value.strip_prefix(['|', '>']) {
        let folded = value.starts_with('>');
        if strip_comment(indicator)
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        {
            return Ok(Open::Block {
                field,
                folded,
                lines: Vec::new(),
            });
        }
    }
    if value.starts_with('"') || value.starts_with('\'') {
        let text = quoted(value).map_err(|message| MetaError::Syntax { line, message })?;
        if let Some((f, r)) = field {
            sink.offer(f, r, text);
        }
        return Ok(Open::Nothing);
    }
    if value.starts_with('[') {
        if let (Some((f, r)), Some(items)) = (field, flow_list(value)) {
            sink.offer(f, r, items.join(", "));
        }
        return Ok(Open::Nested);
    }
    if value.starts_with('{') || value.starts_with('*') {
        return Ok(Open::Nested);
    }
    let plain = strip_comment(value);
    let plain = if matches!(plain, "~" | "null" | "Null" | "NULL") {
        ""
    } else {
        plain
    };
    Ok(Open::Plain {
        field,
        value: plain.to_string(),
    })
}

/// Drops a leading tag (`!!str`) or anchor (`&a`), which say nothing about the text.
fn strip_tag(mut value: &str) -> &str {
    while value.starts_with('!') || value.starts_with('&') {
        value = value
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest.trim_start());
    }
    value
}

/// A plain scalar without its trailing ` # comment`.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return value[..i].trim_end();
        }
    }
    value.trim_end()
}

fn list_item(trimmed: &str) -> Option<&str> {
    if trimmed == "-" {
        Some("")
    } else {
        trimmed.strip_prefix("- ").map(str::trim_start)
    }
}

/// A list item or flow item as text: quoted or plain; nested structures give `None`.
fn scalar(item: &str) -> Option<String> {
    let item = strip_tag(item.trim());
    if item.starts_with('"') || item.starts_with('\'') {
        return quoted(item).ok();
    }
    if item.starts_with(['[', '{', '*']) {
        return None;
    }
    let plain = strip_comment(item);
    (!plain.is_empty()).then(|| plain.to_string())
}

/// A single- or double-quoted scalar that closes on its line, followed at most by a comment.
fn quoted(value: &str) -> Result<String, String> {
    let mut chars = value.char_indices();
    let quote = match chars.next() {
        Some((_, q @ ('"' | '\''))) => q,
        _ => return Err("expected a quoted value".to_string()),
    };
    let mut out = String::new();
    let mut end = None;
    while let Some((i, c)) = chars.next() {
        if c == quote {
            if quote == '\'' && value[i + 1..].starts_with('\'') {
                out.push('\'');
                chars.next();
                continue;
            }
            end = Some(i + 1);
            break;
        }
        if c == '\\' && quote == '"' {
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, '0')) => {}
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '/')) => out.push('/'),
                Some((_, ' ')) => out.push(' '),
                Some((_, 'u')) => {
                    let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                    let decoded = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    match decoded {
                        Some(d) => out.push(d),
                        None => return Err(format!("bad escape \\u{hex} in quoted value")),
                    }
                }
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => break,
            }
            continue;
        }
        out.push(c);
    }
    let Some(end) = end else {
        return Err(format!(
            "quoted value does not close on its line: {:?}",
            preview(value)
        ));
    };
    let rest = value[end..].trim();
    if !rest.is_empty() && !rest.starts_with('#') {
        return Err(format!(
            "unexpected text after the quoted value: {:?}",
            preview(rest)
        ));
    }
    Ok(out)
}

/// `[a, "b", c]` on one line as its items; `None` when it nests or does not close.
fn flow_list(value: &str) -> Option<Vec<String>> {
    let inner = strip_comment(value).strip_prefix('[')?.strip_suffix(']')?;
    if inner.contains(['[', ']', '{', '}']) {
        return None;
    }
    let items: Vec<String> = inner.split(',').filter_map(scalar).collect();
    Some(items)
}

fn preview(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        let cut: String = s.chars().take(40).collect();
        format!("{cut}…")
    }
}

/// A `parallax.toml` manifest: defaults for every file of its folder, and per-file fields keyed
/// by path relative to the manifest's folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub defaults: Fields,
    pub files: BTreeMap<String, Fields>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    defaults: Fields,
    #[serde(default)]
    files: BTreeMap<String, Fields>,
}

pub fn parse_manifest(text: &str) -> Result<Manifest, MetaError> {
    let raw: RawManifest = toml::from_str(text).map_err(|e| MetaError::Syntax {
        line: e.span().map_or(1, |s| line_at(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let mut files = BTreeMap::new();
    for (path, fields) in raw.files {
        let key = normalize_path(&path);
        let merged = match files.remove(&key) {
            Some(earlier) => merge(fields, &earlier),
            None => fields,
        };
        files.insert(key, merged);
    }
    Ok(Manifest {
        defaults: raw.defaults,
        files,
    })
}

/// `./a\b.txt` and `a/b.txt` name the same file; manifests are hand-written.
fn normalize_path(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    path.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// `over`'s fields, with `under`'s where `over` is silent.
fn merge(over: Fields, under: &Fields) -> Fields {
    Fields {
        title: over.title.or_else(|| under.title.clone()),
        source: over.source.or_else(|| under.source.clone()),
        date: over.date.or_else(|| under.date.clone()),
        url: over.url.or_else(|| under.url.clone()),
        author: over.author.or_else(|| under.author.clone()),
        label: over.label.or_else(|| under.label.clone()),
    }
}

impl Manifest {
    /// Fields for a file (path relative to the manifest's folder, `/`-separated), with the
    /// defaults filled in where the file's own entry is silent.
    pub fn fields_for(&self, relative: &str) -> Fields {
        let entry = self
            .files
            .get(relative)
            .or_else(|| self.files.get(&normalize_path(relative)));
        match entry {
            Some(fields) => merge(fields.clone(), &self.defaults),
            None => self.defaults.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

/// Whitespace of every kind (scraped datelines are full of NBSPs) as single spaces, trimmed.
pub(crate) fn squash(s: &str) -> String {
    squashed(s).into_owned()
}

/// `s` squashed, borrowed when it already is: most paragraphs are, and every paragraph of a
/// corpus is asked.
pub(crate) fn squashed(s: &str) -> Cow<'_, str> {
    if is_squashed(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(squash_words(s))
    }
}

/// No whitespace but single spaces between words.
fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut after_space = true;
    for (at, &byte) in bytes.iter().enumerate() {
        let space = match byte {
            b' ' => true,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return false,
            // The lead bytes of every non-ASCII whitespace char (U+0085, U+00A0, U+1680,
            // U+2000..U+205F, U+3000); lead bytes are char boundaries.
            0xC2 | 0xE1 | 0xE2 | 0xE3
                if s[at..].chars().next().is_some_and(char::is_whitespace) =>
            {
                return false;
            }
            _ => false,
        };
        if space && after_space {
            return false;
        }
        after_space = space;
    }
    !after_space || bytes.is_empty()
}

fn squash_words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("static regex {pattern:?}: {e}"))
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[t ]([0-9]{1,2}):([0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\b",
    )
});
static YMD_SLASH: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"\b([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})\b"));
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"\b([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\b"));
static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b"));
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"\b([0-9]{1,2})(?:st|nd|rd|th)?\.?(?: of)?[ -]([a-z]{3,9})\.?,?[ -]([0-9]{4})\b")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"\b([a-z]{3,9})\.? ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})\b")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"\b([0-9]{1,2}):([0-9]{2})(?::[0-9]{2})?\b(?: ?([ap])\.?m\b\.?)?")
});

/// English month names, lowercase, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month from its full name or a 3–4 letter abbreviation ("sep", "sept"), lowercase.
fn month_from_word(word: &str) -> Option<u8> {
    let n = word.len();
    MONTHS
        .iter()
        .position(|m| *m == word || ((3..=4).contains(&n) && m.starts_with(word)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn make_date(year: &str, month: u8, day: &str) -> Option<Date> {
    let year: i32 = year.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    if !(1800..=2100).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(Date {
        year,
        month,
        day,
        time: None,
    })
}

fn make_time(hour: &str, minute: &str, meridiem: Option<&str>) -> Option<(u8, u8)> {
    let mut hour: u8 = hour.parse().ok()?;
    let minute: u8 = minute.parse().ok()?;
    match meridiem {
        Some(m) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour %= 12;
            if m == "p" {
                hour += 12;
            }
        }
        None if hour >= 24 => return None,
        None => {}
    }
    (minute < 60).then_some((hour, minute))
}

/// A date found in a squashed, lowercased line, with the byte spans it and its time cover.
struct Found {
    date: Date,
    spans: Vec<Range<usize>>,
}

fn find_date(norm: &str) -> Option<Found> {
    let mut best: Option<(Date, Range<usize>)> = None;
    let mut consider = |date: Option<Date>, span: Range<usize>| {
        let Some(date) = date else { return };
        if best.as_ref().is_none_or(|(_, b)| span.start < b.start) {
            best = Some((date, span));
        }
    };
    for c in ISO_DATE.captures_iter(norm) {
        let month = c[2].parse().ok();
        let date = month.and_then(|m| make_date(&c[1], m, &c[3])).map(|mut d| {
            if let (Some(h), Some(m)) = (c.get(4), c.get(5)) {
                d.time = make_time(h.as_str(), m.as_str(), None);
            }
            d
        });
        consider(date, c.get(0).map_or(0..0, |m| m.range()));
    }
    for c in YMD_SLASH.captures_iter(norm) {
        let date = c[2].parse().ok().and_then(|m| make_date(&c[1], m, &c[3]));
        consider(date, c.get(0).map_or(0..0, |m| m.range()));
    }
    for c in DOTTED.captures_iter(norm) {
        let date = c[2].parse().ok().and_then(|m| make_date(&c[3], m, &c[1]));
        consider(date, c.get(0).map_or(0..0, |m| m.range()));
    }
    for c in SLASHED.captures_iter(norm) {
        // 03/04/2023 is March or April depending on the writer's country: refuse to guess.
        let (a, b): (u8, u8) = match (c[1].parse(), c[2].parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => continue,
        };
        let date = if a > 12 && b <= 12 {
            make_date(&c[3], b, &c[1])
        } else if b > 12 && a <= 12 {
            make_date(&c[3], a, &c[2])
        } else {
            None
        };
        consider(date, c.get(0).map_or(0..0, |m| m.range()));
    }
    for c in DAY_MONTH.captures_iter(norm) {
        let date = month_from_word(&c[2]).and_then(|m| make_date(&c[3], m, &c[1]));
        consider(date, c.get(0).map_or(0..0, |m| m.range()));
    }
    for c in MONTH_DAY.captures_iter(norm) {
        let date = month_from_word(&c[1]).and_then(|m| make_date(&c[3], m, &c[2]));
        consider(date, c.get(0).map_or(0..0, |m| m.range()));
    }
    let (mut date, span) = best?;
    let mut spans = vec![span.clone()];
    if date.time.is_none() {
        let time = TIME.captures_iter(norm).find_map(|c| {
            let whole = c.get(0)?.range();
            if whole.start < span.end && span.start < whole.end {
                return None;
            }
            let time = make_time(&c[1], &c[2], c.get(3).map(|m| m.as_str()))?;
            Some((time, whole))
        });
        if let Some((time, whole)) = time {
            date.time = Some(time);
            spans.push(whole);
        }
    }
    Some(Found { date, spans })
}

/// Finds a date (with optional time) in a short line: "31 October 2022 - 13:48",
/// "05:05 25 november 2020", "November 10, 2020", "2023-09-28", "Sunday, September 27, 2020".
pub fn parse_date(line: &str) -> Option<Date> {
    find_date(&squash(line).to_lowercase()).map(|f| f.date)
}

/// Words a dateline carries besides the date itself, which do not make it prose.
const DATE_FILLER: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "at",
    "on",
    "updated",
    "update",
    "published",
    "posted",
    "last",
    "modified",
    "created",
    "date",
    "time",
    "gmt",
    "utc",
    "local",
];

/// The date of a line that is mostly a date, and how many other words it has.
fn dateline(line: &str) -> Option<(Date, usize)> {
    let norm = squash(line).to_lowercase();
    let found = find_date(&norm)?;
    let mut rest = String::with_capacity(norm.len());
    let mut last = 0;
    let mut spans = found.spans;
    spans.sort_by_key(|s| s.start);
    for span in spans {
        rest.push_str(norm.get(last..span.start).unwrap_or(""));
        rest.push(' ');
        last = span.end;
    }
    rest.push_str(norm.get(last..).unwrap_or(""));
    let others = rest
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .filter(|w| !DATE_FILLER.contains(w))
        .count();
    Some((found.date, others))
}

/// A line that is a date and time and nothing else, like link lists' "28 September 2023 - 17:10"
/// or "3 hours ago".
pub(crate) fn is_timestamp(line: &str) -> bool {
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        static_regex(
            r"^(?:(?:[0-9]+|an?|one) (?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s? ago|(?:today|yesterday|just now)(?:,? (?:at )?[0-9]{1,2}:[0-9]{2})?|[0-9]{1,2}:[0-9]{2}(?: ?[ap]\.?m\.?)?)$",
        )
    });
    // Every paragraph of a corpus is asked: prose is turned away before it is copied. Squashing
    // keeps every char but whitespace, and lowercasing never shortens, so this is exact.
    if line
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(60)
        .is_some()
    {
        return false;
    }
    let norm = squash(line).to_lowercase();
    if norm.chars().count() > 60 {
        return false;
    }
    if RELATIVE.is_match(norm.trim_end_matches(['.', ','])) {
        return true;
    }
    dateline(&norm).is_some_and(|(_, others)| others == 0)
}

// ---------------------------------------------------------------------------------------------
// The header: title, dateline, source line, byline

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

/// Metadata sits above the first real paragraph; past a few lines it is a list, not a header.
const HEADER_ZONE: usize = 8;
/// A headline longer than this is a paragraph.
const MAX_TITLE_CHARS: usize = 200;
/// A dateline may carry a section label or "Updated", not a sentence.
const MAX_DATELINE_WORDS: usize = 2;
const MAX_DATELINE_CHARS: usize = 120;

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '\'', '”', '’', ')', '»'])
        .ends_with(['.', '!', '?', '…'])
}

fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A paragraph of running text: where the header zone ends.
fn is_prose(s: &str) -> bool {
    let chars = s.chars().count();
    chars > MAX_TITLE_CHARS || (ends_sentence(s) && word_count(s) >= 15)
}

/// Sentence breaks inside a line: ". " followed by a capital or a quote.
fn inner_sentence_breaks(s: &str) -> usize {
    static BREAK: LazyLock<Regex> =
        LazyLock::new(|| static_regex(r#"[.!?]["'”’)]? +["'“‘(]?\p{Lu}"#));
    BREAK.find_iter(s).count()
}

fn looks_like_headline(s: &str) -> bool {
    let chars = s.chars().count();
    if chars == 0 || chars > MAX_TITLE_CHARS || word_count(s) < 2 {
        return false;
    }
    if !s.chars().any(char::is_alphabetic) || s.ends_with([':', ',', ';']) {
        return false;
    }
    if inner_sentence_breaks(s) > 0 {
        return false;
    }
    // A short line ending in a period can still be a headline ("Peace deal signed."),
    // a longer one is a sentence.
    if s.trim_end_matches(['"', '\'', '”', '’']).ends_with('.') && chars > 80 {
        return false;
    }
    super::debris::phrase_kind(s).is_none()
}

static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"(?i)(?:^|\s)source\s*(?::|-|–|—)\s*(\S.*)$"));

/// Splits "… Source: france24.com" into what precedes it and the source's name.
fn source_clause(line: &str) -> Option<(&str, String)> {
    let caps = SOURCE_LINE.captures(line)?;
    let whole = caps.get(0)?;
    let value = caps
        .get(1)?
        .as_str()
        .trim()
        .trim_end_matches(['.', ',', ';', '|'])
        .trim();
    let words: Vec<&str> = value.split_whitespace().collect();
    if value.is_empty() || value.chars().count() > 60 || words.len() > 5 {
        return None;
    }
    // A source is a domain or a proper name; "Source: officials say …" is a sentence.
    let domain = words.len() == 1 && value.contains('.') && !value.ends_with('.');
    let named = words.iter().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    if !domain && !named {
        return None;
    }
    Some((&line[..whole.start()], value.to_string()))
}

/// Lowercase words allowed inside a personal name.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "ibn", "al", "el", "y",
    "and", "&",
];

/// A capitalised name word: "Jane", "O'Neil", "Al-Masri", "J.", not "NEWS" or "2020".
fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest: String = chars.collect();
    if rest == "." {
        return true;
    }
    rest.chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && rest.chars().any(char::is_lowercase)
        && month_from_word(&word.to_lowercase()).is_none()
        && !DATE_FILLER.contains(&word.to_lowercase().as_str())
}

/// `words` read as a personal name of `min..=max` words.
fn is_name(words: &[&str], min: usize, max: usize) -> bool {
    let n = words.len();
    if n < min || n > max {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        is_name_word(w)
            || (i > 0 && i + 1 < n && NAME_PARTICLES.contains(&w.to_lowercase().as_str()))
    })
}

/// "By Jane Doe", "Author: Jane Doe", "Written by Jane Doe and John Roe".
fn byline(line: &str) -> Option<String> {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        static_regex(r"(?i)^(?:authors?|byline|written by|reporter|text)\s*(?::|-|–|—)\s*(\S.*)$")
    });
    static BY: LazyLock<Regex> =
        LazyLock::new(|| static_regex(r"(?i)^(?:(?:written|words|story|reporting) )?by:? (\S.*)$"));
    if line.chars().count() > 100 {
        return None;
    }
    let (name, strict) = if let Some(c) = LABELLED.captures(line) {
        (c.get(1)?.as_str(), false)
    } else {
        (BY.captures(line)?.get(1)?.as_str(), true)
    };
    let name = name.trim().trim_end_matches(['.', ',', ';', '|']).trim();
    if name.is_empty() || (ends_sentence(name) && !name.ends_with('.')) {
        return None;
    }
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // After a bare "By" only a capitalised name will do, or "By signing the deal, …" would
    // become an author.
    let ok = if strict {
        is_name(&words, 1, 8)
    } else {
        !words.is_empty() && words.len() <= 8 && inner_sentence_breaks(name) == 0
    };
    ok.then(|| name.to_string())
}

/// A line that is only a name: "Taleyran Bakikhanov".
fn bare_name(line: &str) -> Option<String> {
    if line.chars().count() > 60 || line.contains([',', ':', ';', '!', '?', '"', '“', '”']) {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    is_name(&words, 2, 4).then(|| line.to_string())
}

pub fn read_header(text: &str, paragraphs: &[Range<usize>]) -> Header {
    let lines: Vec<String> = paragraphs
        .iter()
        .take(HEADER_ZONE)
        .map(|r| squash(text.get(r.clone()).unwrap_or("")))
        .collect();
    let zone = lines
        .iter()
        .position(|l| is_prose(l))
        .unwrap_or(lines.len());
    let lines = &lines[..zone];

    let mut header = Header::default();
    let mut is_meta = vec![false; zone];
    let mut datelines = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((before, source)) = source_clause(line) {
            let before = before.trim();
            let date = dateline(before).filter(|(_, others)| *others <= MAX_DATELINE_WORDS);
            if before.is_empty() || date.is_some() {
                header.source.get_or_insert(source);
                is_meta[i] = true;
                if let Some((d, _)) = date {
                    header.date.get_or_insert(d);
                    datelines.push(i);
                }
            }
            continue;
        }
        let date = dateline(line).filter(|(_, others)| *others <= MAX_DATELINE_WORDS);
        if let Some((d, _)) = date.filter(|_| line.chars().count() <= MAX_DATELINE_CHARS) {
            header.date.get_or_insert(d);
            is_meta[i] = true;
            datelines.push(i);
            continue;
        }
        if let Some(name) = byline(line) {
            header.author.get_or_insert(name);
            is_meta[i] = true;
        }
    }
    // The headline is the first line that is not metadata, if it reads like one; the line
    // after it (a dek, a subtitle) is body text.
    let headline = is_meta
        .iter()
        .position(|m| !m)
        .filter(|&first| looks_like_headline(&lines[first]));
    for &d in &datelines {
        let next = d + 1;
        // A Title Case headline under a leading dateline looks like a name; the headline wins.
        if next >= zone || is_meta[next] || header.author.is_some() || Some(next) == headline {
            continue;
        }
        if let Some(name) = bare_name(&lines[next]) {
            header.author = Some(name);
            is_meta[next] = true;
        }
    }
    header.title = headline;
    header.header_paragraphs = (0..zone).filter(|&i| is_meta[i]).collect();
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u8, day: u8, time: Option<(u8, u8)>) -> Option<Date> {
        Some(Date {
            year,
            month,
            day,
            time,
        })
    }

    /// Paragraph ranges for lines joined the way `segment` joins them.
    fn doc(lines: &[&str]) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut ranges = Vec::new();
        for line in lines {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(line);
            ranges.push(start..text.len());
        }
        (text, ranges)
    }

    const PROSE: &str = "The meeting took place in the city on Thursday, officials said, and lasted for \
        several hours. Both delegations described the talks as constructive, although no joint \
        statement was issued afterwards and several questions remain open.";

    // ---- front matter

    #[test]
    fn no_front_matter() {
        assert_eq!(split_front_matter("Title\n\nBody").unwrap(), (None, 0));
        assert_eq!(split_front_matter("").unwrap(), (None, 0));
        assert_eq!(split_front_matter("--- \n").unwrap(), (None, 0));
    }

    #[test]
    fn unclosed_yaml_is_not_front_matter() {
        let text = "---\ntitle: x\n\nThe body goes on without a closing fence.";
        assert_eq!(split_front_matter(text).unwrap(), (None, 0));
    }

    #[test]
    fn fence_must_be_first_line() {
        let text = "\n---\ntitle: x\n---\nbody";
        assert_eq!(split_front_matter(text).unwrap(), (None, 0));
    }

    #[test]
    fn yaml_front_matter_fields_and_body_offset() {
        let text = "---\ntitle: \"Peace talks: day two\"\nsource: 'Reuters'\n\
                    date: 2023-09-28\nurl: https://example.com/a#frag\n\
                    author: Jane Doe # the reporter\nlabel: wire\n---\nBody starts here.\n";
        let (fields, offset) = split_front_matter(text).unwrap();
        let fields = fields.unwrap();
        assert_eq!(fields.title.as_deref(), Some("Peace talks: day two"));
        assert_eq!(fields.source.as_deref(), Some("Reuters"));
        assert_eq!(fields.date.as_deref(), Some("2023-09-28"));
        assert_eq!(fields.url.as_deref(), Some("https://example.com/a#frag"));
        assert_eq!(fields.author.as_deref(), Some("Jane Doe"));
        assert_eq!(fields.label.as_deref(), Some("wire"));
        assert_eq!(&text[offset..], "Body starts here.\n");
    }

    #[test]
    fn yaml_aliases_and_rank() {
        let text = "---\nsite: example.org\noutlet: The Outlet\npublished_at: 2020-11-25\n\
                    link: https://x.test\nbyline: John Roe\n---\n";
        let (fields, offset) = split_front_matter(text).unwrap();
        let fields = fields.unwrap();
        assert_eq!(fields.source.as_deref(), Some("The Outlet"));
        assert_eq!(fields.date.as_deref(), Some("2020-11-25"));
        assert_eq!(fields.url.as_deref(), Some("https://x.test"));
        assert_eq!(fields.author.as_deref(), Some("John Roe"));
        assert_eq!(offset, text.len());

        let text = "---\nsource: Canonical\npublisher: Alias\n---\n";
        let fields = split_front_matter(text).unwrap().0.unwrap();
        assert_eq!(fields.source.as_deref(), Some("Canonical"));
        for key in ["by", "pubdate", "canonical", "published", "Title"] {
            let text = format!("---\n{key}: v 2020-01-02\n---\n");
            let fields = split_front_matter(&text).unwrap().0.unwrap();
            assert_ne!(fields, Fields::default(), "{key}");
        }
    }

    #[test]
    fn yaml_ignores_unknown_keys_lists_and_nested_maps() {
        let text = "---\n# a comment\ntitle: Kept\ntags:\n  - war\n  - peace\ncategories: [a, b]\n\
                    image:\n  src: a.png\n  alt: \"x\"\nextra: {a: 1}\nweight: 3\n\n---\nbody";
        let (fields, offset) = split_front_matter(text).unwrap();
        assert_eq!(fields.unwrap().title.as_deref(), Some("Kept"));
        assert_eq!(&text[offset..], "body");
    }

    #[test]
    fn yaml_author_lists_are_joined() {
        let text = "---\nauthor:\n  - Jane Doe\n  - \"John Roe\"\n---\n";
        let fields = split_front_matter(text).unwrap().0.unwrap();
        assert_eq!(fields.author.as_deref(), Some("Jane Doe, John Roe"));
        let text = "---\nauthors: [Jane Doe, 'John Roe']\n---\n";
        let fields = split_front_matter(text).unwrap().0.unwrap();
        assert_eq!(fields.author.as_deref(), Some("Jane Doe, John Roe"));
        let text = "---\nauthor:\n- Jane Doe\n---\n";
        let fields = split_front_matter(text).unwrap().0.unwrap();
        assert_eq!(fields.author.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn yaml_continuations_blocks_and_escapes() {
        let text = "---\ntitle: A long title\n  that wraps\nlabel: >\n  folded\n  text\n\
                    source: |-\n  Line one\n---\n";
        let fields = split_front_matter(text).unwrap().0.unwrap();
        assert_eq!(fields.title.as_deref(), Some("A long title that wraps"));
        assert_eq!(fields.label.as_deref(), Some("folded text"));
        assert_eq!(fields.source.as_deref(), Some("Line one"));

        let text = "---\ntitle: \"Say \\\"hi\\\" \\u00e9\"\nauthor: 'O''Neil'\nurl: ~\n---\n";
        let fields = split_front_matter(text).unwrap().0.unwrap();
        assert_eq!(fields.title.as_deref(), Some("Say \"hi\" é"));
        assert_eq!(fields.author.as_deref(), Some("O'Neil"));
        assert_eq!(fields.url, None);
    }

    #[test]
    fn yaml_dot_fence_closes_and_crlf() {
        let text = "---\r\ntitle: x\r\n...\r\nbody";
        let (fields, offset) = split_front_matter(text).unwrap();
        assert_eq!(fields.unwrap().title.as_deref(), Some("x"));
        assert_eq!(&text[offset..], "body");
    }

    #[test]
    fn yaml_syntax_errors_name_the_file_line() {
        let text = "---\ntitle: ok\nthis line is prose, not a key\n---\nbody";
        assert_eq!(
            split_front_matter(text),
            Err(MetaError::Syntax {
                line: 3,
                message:
                    "expected `key: value` in front matter, found \"this line is prose, not a key\""
                        .to_string()
            })
        );
        let text = "---\n- orphan item\n---\n";
        assert!(matches!(
            split_front_matter(text),
            Err(MetaError::Syntax { line: 2, .. })
        ));
        let text = "---\ntitle: \"open\n---\n";
        let err = split_front_matter(text).unwrap_err();
        assert!(matches!(err, MetaError::Syntax { line: 2, .. }));
        assert!(
            err.to_string()
                .starts_with("line 2: quoted value does not close")
        );
        let text = "---\ntitle: 'a' b\n---\n";
        assert!(matches!(
            split_front_matter(text),
            Err(MetaError::Syntax { line: 2, .. })
        ));
        let text = "---\na: 1\nb:c\n---\n";
        assert!(matches!(
            split_front_matter(text),
            Err(MetaError::Syntax { line: 3, .. })
        ));
    }

    #[test]
    fn bom_before_fence() {
        let text = "\u{feff}---\ntitle: x\n---\nbody";
        let (fields, offset) = split_front_matter(text).unwrap();
        assert!(fields.is_some());
        assert_eq!(&text[offset..], "body");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"T\"\npublisher = \"P\"\ndate = 2022-10-31\nauthors = [\"A\", \"B\"]\n\
                    draft = true\n[extra]\nx = 1\n+++\nbody";
        let (fields, offset) = split_front_matter(text).unwrap();
        let fields = fields.unwrap();
        assert_eq!(fields.title.as_deref(), Some("T"));
        assert_eq!(fields.source.as_deref(), Some("P"));
        assert_eq!(fields.date.as_deref(), Some("2022-10-31"));
        assert_eq!(fields.author.as_deref(), Some("A, B"));
        assert_eq!(&text[offset..], "body");
    }

    #[test]
    fn toml_front_matter_error_line_is_file_line() {
        let text = "+++\ntitle = \"T\"\nsource = \n+++\nbody";
        let err = split_front_matter(text).unwrap_err();
        assert!(matches!(err, MetaError::Syntax { line: 3, .. }), "{err:?}");
    }

    #[test]
    fn unclosed_toml_is_not_front_matter() {
        assert_eq!(
            split_front_matter("+++\ntitle = \"x\"\n").unwrap(),
            (None, 0)
        );
    }

    // ---- manifest

    #[test]
    fn manifest_defaults_and_files() {
        let text = "[defaults]\nlabel = \"AZ\"\nsource = \"Def\"\n\n[files.\"a.txt\"]\nsource = \"A\"\n\
                    date = \"2022-10-31\"\n\n[files.\"sub/b.txt\"]\ntitle = \"B\"\nlabel = \"AM\"\n";
        let m = parse_manifest(text).unwrap();
        let a = m.fields_for("a.txt");
        assert_eq!(a.source.as_deref(), Some("A"));
        assert_eq!(a.label.as_deref(), Some("AZ"));
        assert_eq!(a.date.as_deref(), Some("2022-10-31"));
        let b = m.fields_for("sub/b.txt");
        assert_eq!(b.title.as_deref(), Some("B"));
        assert_eq!(b.label.as_deref(), Some("AM"));
        assert_eq!(b.source.as_deref(), Some("Def"));
        let other = m.fields_for("c.txt");
        assert_eq!(other, m.defaults);
    }

    #[test]
    fn manifest_paths_are_normalised() {
        let m = parse_manifest("[files.\"./sub\\\\b.txt\"]\ntitle = \"B\"\n").unwrap();
        assert_eq!(m.fields_for("sub/b.txt").title.as_deref(), Some("B"));
        assert_eq!(m.fields_for("./sub/b.txt").title.as_deref(), Some("B"));
    }

    #[test]
    fn manifest_accepts_toml_dates_and_author_lists() {
        let m = parse_manifest("[files.\"a.txt\"]\ndate = 2022-10-31\nauthor = [\"A\", \"B\"]\n")
            .unwrap();
        let a = m.fields_for("a.txt");
        assert_eq!(a.date.as_deref(), Some("2022-10-31"));
        assert_eq!(a.author.as_deref(), Some("A, B"));
    }

    #[test]
    fn manifest_empty_is_fine() {
        assert_eq!(parse_manifest("").unwrap(), Manifest::default());
        assert_eq!(
            parse_manifest("# only a comment\n").unwrap(),
            Manifest::default()
        );
    }

    #[test]
    fn manifest_unknown_key_is_an_error_with_its_line() {
        let text =
            "[defaults]\nlabel = \"x\"\n\n[files.\"a.txt\"]\nsource = \"A\"\nsauce = \"B\"\n";
        let err = parse_manifest(text).unwrap_err();
        let MetaError::Syntax { line, message } = &err;
        assert_eq!(*line, 6, "{err}");
        assert!(message.contains("sauce"), "{message}");
    }

    #[test]
    fn manifest_unknown_section_and_bad_syntax() {
        let err = parse_manifest("[defaults]\nlabel = \"x\"\n[other]\na = 1\n").unwrap_err();
        let MetaError::Syntax { line, message } = &err;
        assert_eq!(*line, 3, "{err}");
        assert!(message.contains("other"), "{message}");

        let err = parse_manifest("[files.\"a.txt\"]\nsource = \"A\n").unwrap_err();
        assert!(matches!(err, MetaError::Syntax { line: 2, .. }), "{err:?}");

        let err = parse_manifest("[files.\"a.txt\"]\nsource = 3.5\n").unwrap_err();
        assert!(matches!(err, MetaError::Syntax { line: 2, .. }), "{err:?}");
        assert!(err.to_string().contains("expected a string"), "{err}");
    }

    #[test]
    fn seed_manifest_parses() {
        let m = parse_manifest(include_str!("../../assets/corpus/parallax.toml")).unwrap();
        assert_eq!(
            m.fields_for("000_c7578c60d21c174b.txt").source.as_deref(),
            Some("Caliber.Az")
        );
        assert_eq!(
            m.fields_for("001_88d79b41f7afebc8.txt").date.as_deref(),
            Some("unknown")
        );
        assert_eq!(m.fields_for("004_4e6cf89af3c18a31.txt"), Fields::default());
    }

    // ---- dates

    #[test]
    fn dates_with_times() {
        assert_eq!(
            parse_date("31 October 2022 - 13:48"),
            date(2022, 10, 31, Some((13, 48)))
        );
        assert_eq!(
            parse_date("05:05\u{a0}\u{a0}25\u{a0}november\u{a0} 2020"),
            date(2020, 11, 25, Some((5, 5)))
        );
        assert_eq!(
            parse_date("ANALYTICS\u{a0}\u{a0}31 October 2022 - 13:48"),
            date(2022, 10, 31, Some((13, 48)))
        );
        assert_eq!(
            parse_date("2023-09-28T17:10"),
            date(2023, 9, 28, Some((17, 10)))
        );
        assert_eq!(
            parse_date("2023-09-28 17:10:00"),
            date(2023, 9, 28, Some((17, 10)))
        );
        assert_eq!(
            parse_date("2023-09-28T17:10:00+04:00"),
            date(2023, 9, 28, Some((17, 10)))
        );
        assert_eq!(
            parse_date("2023-09-28T17:10:00Z"),
            date(2023, 9, 28, Some((17, 10)))
        );
        assert_eq!(
            parse_date("Sept. 27, 2023, 3:05 pm"),
            date(2023, 9, 27, Some((15, 5)))
        );
        assert_eq!(
            parse_date("27 Sep 2023 12:30 a.m."),
            date(2023, 9, 27, Some((0, 30)))
        );
    }

    #[test]
    fn dates_without_times() {
        assert_eq!(parse_date("25 november 2020"), date(2020, 11, 25, None));
        assert_eq!(parse_date("November 10, 2020"), date(2020, 11, 10, None));
        assert_eq!(
            parse_date("Sunday, September 27, 2020"),
            date(2020, 9, 27, None)
        );
        assert_eq!(parse_date("2023-09-28"), date(2023, 9, 28, None));
        assert_eq!(parse_date("2022-10-31"), date(2022, 10, 31, None));
        assert_eq!(parse_date("28.09.2023"), date(2023, 9, 28, None));
        assert_eq!(parse_date("Sept. 27, 2023"), date(2023, 9, 27, None));
        assert_eq!(parse_date("27 Sep 2023"), date(2023, 9, 27, None));
        assert_eq!(parse_date("27 SEPT 2023"), date(2023, 9, 27, None));
        assert_eq!(parse_date("1st of March, 2021"), date(2021, 3, 1, None));
        assert_eq!(parse_date("27-Sep-2023"), date(2023, 9, 27, None));
        assert_eq!(parse_date("2023/09/28"), date(2023, 9, 28, None));
        assert_eq!(parse_date("Published: 5 Jan. 2021"), date(2021, 1, 5, None));
    }

    #[test]
    fn dates_validated() {
        assert_eq!(parse_date("29 February 2024"), date(2024, 2, 29, None));
        assert_eq!(parse_date("29 February 2000"), date(2000, 2, 29, None));
        assert_eq!(parse_date("29 February 2023"), None);
        assert_eq!(parse_date("29 February 1900"), None);
        assert_eq!(parse_date("31 April 2023"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-00-10"), None);
        assert_eq!(parse_date("0 May 2023"), None);
        assert_eq!(parse_date("5 May 1799"), None);
        assert_eq!(parse_date("5 May 2101"), None);
        assert_eq!(parse_date("32.01.2023"), None);
    }

    #[test]
    fn bad_times_are_dropped_not_the_date() {
        assert_eq!(
            parse_date("31 October 2022 - 25:48"),
            date(2022, 10, 31, None)
        );
        assert_eq!(
            parse_date("31 October 2022 - 13:61"),
            date(2022, 10, 31, None)
        );
        assert_eq!(parse_date("31 October 2022 13:5"), date(2022, 10, 31, None));
    }

    #[test]
    fn ambiguous_and_non_dates() {
        assert_eq!(parse_date("03/04/2023"), None);
        assert_eq!(parse_date("12/12/2023"), None);
        assert_eq!(parse_date("13/04/2023"), date(2023, 4, 13, None));
        assert_eq!(parse_date("04/13/2023"), date(2023, 4, 13, None));
        assert_eq!(parse_date("unknown"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("September 2023"), None);
        assert_eq!(parse_date("Marching 10, 2020"), None);
        assert_eq!(parse_date("10 Mayday 2020"), None);
        assert_eq!(parse_date("13:48"), None);
        assert_eq!(parse_date("Score was 3-1 in 2020"), None);
    }

    #[test]
    fn earliest_date_wins() {
        assert_eq!(
            parse_date("Published 28.09.2023, updated 2023-09-29"),
            date(2023, 9, 28, None)
        );
    }

    #[test]
    fn timestamps() {
        assert!(is_timestamp("28 September 2023 - 17:10"));
        assert!(is_timestamp("  28 September 2023 - 17:10  "));
        assert!(is_timestamp("Updated: Sunday, September 27, 2020"));
        assert!(is_timestamp("3 hours ago"));
        assert!(is_timestamp("Yesterday, 17:10"));
        assert!(is_timestamp("17:10"));
        assert!(!is_timestamp("ANALYTICS 31 October 2022 - 13:48"));
        assert!(!is_timestamp(
            "Azerbaijan improves positions in Global Innovation Index"
        ));
        assert!(!is_timestamp("Talks on 28 September 2023 ended"));
    }

    // ---- header

    #[test]
    fn header_title_dateline_byline() {
        let (text, ps) = doc(&[
            "Azerbaijan: Lachin corridor appears to be one-way only",
            "Tip for protesters in Khankandi",
            "ANALYTICS\u{a0}\u{a0} 31 October 2022 - 13:48",
            "Taleyran Bakikhanov",
            PROSE,
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.title, Some(0));
        assert_eq!(h.date, date(2022, 10, 31, Some((13, 48))));
        assert_eq!(h.author.as_deref(), Some("Taleyran Bakikhanov"));
        assert_eq!(h.source, None);
        assert_eq!(h.header_paragraphs, vec![2, 3]);
    }

    #[test]
    fn header_source_line_and_repeated_dateline() {
        let (text, ps) = doc(&[
            "World Azerbaijan takes back from the Armenians the district of Kalbajar, neighbor of Nagorno-Karabakh",
            "05:05\u{a0}\u{a0}25\u{a0}november\u{a0} 2020",
            "05:05\u{a0}\u{a0}25\u{a0}november\u{a0} 2020 Source:\u{a0}\u{a0} france24.com",
            "Armenia cedes disputed land to Azerbaijan in Karabakh peace deal",
            PROSE,
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.title, Some(0));
        assert_eq!(h.date, date(2020, 11, 25, Some((5, 5))));
        assert_eq!(h.source.as_deref(), Some("france24.com"));
        assert_eq!(h.author, None);
        assert_eq!(h.header_paragraphs, vec![1, 2]);
    }

    #[test]
    fn header_prose_first_has_nothing() {
        let (text, ps) = doc(&[PROSE, "Short line", "31 October 2022"]);
        assert_eq!(read_header(&text, &ps), Header::default());
    }

    #[test]
    fn header_dek_stays_body() {
        let (text, ps) = doc(&[
            "History in making as Armenian residents of Karabakh meet Azerbaijani officials",
            "This is the first time such a dialogue taking place since Armenian separatists took \
             control of the internationally-recognised Azerbaijani region in 1994.",
            "Azerbaijani government officials meet Armenian residents of Karabakh on Thursday.",
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.title, Some(0));
        assert!(h.header_paragraphs.is_empty());
        assert_eq!(h.date, None);
    }

    #[test]
    fn header_bylines() {
        let (text, ps) = doc(&["Headline about a thing", "By Jane Doe", PROSE]);
        let h = read_header(&text, &ps);
        assert_eq!((h.title, h.author.as_deref()), (Some(0), Some("Jane Doe")));
        assert_eq!(h.header_paragraphs, vec![1]);

        let (text, ps) = doc(&["Headline about a thing", "Author: jane doe, Reuters", PROSE]);
        let h = read_header(&text, &ps);
        assert_eq!(h.author.as_deref(), Some("jane doe, Reuters"));

        let (text, ps) = doc(&[
            "Headline about a thing",
            "By Ana de la Cruz and John O'Neil",
            PROSE,
        ]);
        assert_eq!(
            read_header(&text, &ps).author.as_deref(),
            Some("Ana de la Cruz and John O'Neil")
        );
    }

    #[test]
    fn header_by_in_prose_is_not_a_byline() {
        let (text, ps) = doc(&[
            "Headline about a thing",
            "By signing the deal, Yerevan agreed",
            PROSE,
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.author, None);
        assert!(h.header_paragraphs.is_empty());
    }

    #[test]
    fn header_bare_name_only_after_dateline() {
        let (text, ps) = doc(&["Headline about a thing", "Jane Doe", PROSE]);
        let h = read_header(&text, &ps);
        assert_eq!(h.author, None);
        assert!(h.header_paragraphs.is_empty());

        let (text, ps) = doc(&[
            "Headline about a thing",
            "12 May 2021",
            "BREAKING NEWS",
            PROSE,
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.author, None);
        assert_eq!(h.header_paragraphs, vec![1]);

        let (text, ps) = doc(&[
            "Headline about a thing",
            "12 May 2021",
            "Anti-terror operation",
            PROSE,
        ]);
        assert_eq!(read_header(&text, &ps).author, None);
    }

    #[test]
    fn header_dateline_first_then_title() {
        let (text, ps) = doc(&["2023-09-28 17:10", "Talks resume in Brussels", PROSE]);
        let h = read_header(&text, &ps);
        assert_eq!(h.title, Some(1));
        assert_eq!(h.date, date(2023, 9, 28, Some((17, 10))));
        assert_eq!(h.header_paragraphs, vec![0]);
    }

    #[test]
    fn header_title_case_headline_under_dateline_is_not_a_byline() {
        let (text, ps) = doc(&["2023-09-28", "Talks Resume In Brussels", PROSE]);
        let h = read_header(&text, &ps);
        assert_eq!(h.title, Some(1));
        assert_eq!(h.author, None);
    }

    #[test]
    fn header_headline_containing_a_date_is_a_title() {
        let (text, ps) = doc(&[
            "Armenia and Azerbaijan sign a deal on 10 November 2020",
            PROSE,
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.title, Some(0));
        assert_eq!(h.date, None);
    }

    #[test]
    fn header_source_needs_a_name() {
        let (text, ps) = doc(&[
            "Headline about a thing",
            "Source: officials say it is over",
            PROSE,
        ]);
        let h = read_header(&text, &ps);
        assert_eq!(h.source, None);
        let (text, ps) = doc(&["Headline about a thing", "Source - Associated Press", PROSE]);
        let h = read_header(&text, &ps);
        assert_eq!(h.source.as_deref(), Some("Associated Press"));
        assert_eq!(h.header_paragraphs, vec![1]);
    }

    #[test]
    fn header_title_rules() {
        let long = "word ".repeat(50);
        for (first, title) in [
            (
                "A sentence that ends with a period and is much too long to be read as a headline.",
                false,
            ),
            ("Peace deal signed.", true),
            ("Is this the end of the war?", true),
            ("Single", false),
            ("Subscribe to our Telegram channel", false),
            ("One. Two sentences here", false),
            (long.trim(), false),
        ] {
            let (text, ps) = doc(&[first, PROSE]);
            assert_eq!(read_header(&text, &ps).title.is_some(), title, "{first}");
        }
    }

    #[test]
    fn header_zone_is_limited() {
        let mut lines = vec!["Headline about a thing"; 1];
        lines.extend(["short line"; 9]);
        lines.push("12 May 2021");
        let (text, ps) = doc(&lines);
        let h = read_header(&text, &ps);
        assert_eq!(h.date, None);
        assert_eq!(h.title, Some(0));
    }

    #[test]
    fn header_empty() {
        assert_eq!(read_header("", &[]), Header::default());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn front_matter_never_panics(
                fence in "(---|\\+\\+\\+)\r?\n",
                body in "[ -~\u{a0}é“”\n\t]{0,160}",
                close in prop::bool::ANY,
            ) {
                let closing = if fence.starts_with('+') { "+++" } else { "---" };
                let text = if close { format!("{fence}{body}\n{closing}\nrest") } else { format!("{fence}{body}") };
                if let Ok((_, offset)) = split_front_matter(&text) {
                    prop_assert!(text.is_char_boundary(offset) && offset <= text.len());
                }
            }

            #[test]
            fn squash_leaves_the_words_single_spaced(
                s in "[ a-zé\u{a0}\u{85}\u{2003}\u{3000}\u{b}\u{c}\t\r\n’]{0,80}",
            ) {
                let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
                prop_assert_eq!(matches!(squashed(&s), Cow::Borrowed(_)), s == words);
                prop_assert_eq!(squash(&s), words);
            }

            #[test]
            fn text_functions_never_panic(s in "\\PC{0,200}") {
                let _ = split_front_matter(&s);
                let _ = parse_manifest(&s);
                let _ = parse_date(&s);
                let _ = is_timestamp(&s);
                let paragraphs: Vec<Range<usize>> = s
                    .split("\n\n")
                    .scan(0, |at, part| {
                        let r = *at..*at + part.len();
                        *at += part.len() + 2;
                        Some(r)
                    })
                    .filter(|r| !r.is_empty())
                    .collect();
                let h = read_header(&s, &paragraphs);
                prop_assert!(h.title.is_none_or(|t| t < paragraphs.len()));
                prop_assert!(!h.header_paragraphs.iter().any(|&i| Some(i) == h.title));
            }

            #[test]
            fn parsed_dates_are_valid(y in 1700i32..2200, m in 0u8..14, d in 0u8..33) {
                let line = format!("{y:04}-{m:02}-{d:02}");
                if let Some(date) = parse_date(&line) {
                    prop_assert!((1800..=2100).contains(&date.year));
                    prop_assert!((1..=12).contains(&date.month));
                    prop_assert!(date.day >= 1 && date.day <= days_in_month(date.year, date.month));
                    prop_assert_eq!(date.iso(), line);
                }
            }
        }
    }
}
