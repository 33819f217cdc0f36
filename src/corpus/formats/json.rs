//! JSON Lines and JSON arrays of article objects, with the usual field names or the user's;
//! JSON Lines also a batch of lines at a time ([`LineReader`]), for the loader to stream.
//!
//! Also the text helpers the other many-article formats share: telling HTML from plain text,
//! and giving plain text blank-line paragraphs.

use super::{Document, FieldNames, FormatError, Parsed, RecordProblem};
use crate::corpus::meta::Fields;
use crate::corpus::segment::Layout;
use rayon::prelude::*;
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::LazyLock;

const FORMAT: &str = "JSON";

/// Keys under which exporters and APIs put their list of articles, tried in this order before
/// falling back to the only array of objects in the file.
const CONTAINER_KEYS: &[&str] = &[
    "articles",
    "items",
    "data",
    "results",
    "records",
    "entries",
    "posts",
    "documents",
    "docs",
    "stories",
    "hits",
];

/// How deep `{"data": {"articles": [...]}}` nesting is followed.
const MAX_CONTAINER_DEPTH: usize = 4;

/// Every article object in a JSON Lines file, a JSON array, or an object holding such an array.
pub fn parse(text: &str, names: &FieldNames) -> Result<Parsed, FormatError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim_start().is_empty() {
        return Err(FormatError::NoArticles {
            format: FORMAT,
            message: "the file is empty".to_string(),
        });
    }
    let mut tally = Tally::default();
    let mut documents = Vec::new();
    if is_lines(text) {
        let lines = LineCursor::new(text).take(text, usize::MAX);
        documents.extend(tally.count(judge_lines(lines, names)));
    } else {
        let records = whole_file(body, names)?.into_iter().map(|record| {
            let judged = judge(record.value, names, &record.locator);
            (record.locator, judged)
        });
        documents.extend(tally.count(records));
    }
    let problems = tally.end(names)?;
    Ok(Parsed {
        documents,
        problems,
        notes: Vec::new(),
    })
}

/// Whether the file is JSON Lines (one object per line) rather than one JSON value: such a file
/// can be read a batch of lines at a time with [`LineReader`].
pub fn is_lines(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    !start.is_empty() && !start.starts_with('[') && is_json_lines(text)
}

/// A JSON Lines file read a batch of lines at a time, so that the parsed records of a big file
/// never all live at once: each batch is parsed (in parallel) and handed on before the next.
pub struct LineReader {
    text: String,
    names: FieldNames,
    cursor: LineCursor,
    tally: Tally,
}

impl LineReader {
    /// `text` must be JSON Lines ([`is_lines`]).
    pub fn new(text: String, names: &FieldNames) -> LineReader {
        LineReader {
            cursor: LineCursor::new(&text),
            text,
            names: names.clone(),
            tally: Tally::default(),
        }
    }

    /// The articles of the next `lines` lines (fewer when some are not articles; none once
    /// [`LineReader::is_done`]).
    pub fn next_batch(&mut self, lines: usize) -> Vec<Document> {
        let taken = self.cursor.take(&self.text, lines.max(1));
        let judged = judge_lines(taken, &self.names);
        self.tally.count(judged)
    }

    pub fn is_done(&self) -> bool {
        self.cursor.at_end(&self.text)
    }

    /// How far the reading is, as bytes read of the file's text.
    pub fn progress(&self) -> (usize, usize) {
        (self.cursor.at, self.text.len())
    }

    /// The records that were not articles, or why the file as a whole is not a corpus (no
    /// record was an article).
    pub fn finish(self) -> Result<Vec<RecordProblem>, FormatError> {
        self.tally.end(&self.names)
    }
}

/// Where a [`LineReader`] is: a byte offset at the start of a line, and that line's number.
struct LineCursor {
    at: usize,
    line: usize,
}

impl LineCursor {
    fn new(text: &str) -> LineCursor {
        LineCursor {
            at: if text.starts_with('\u{feff}') { 3 } else { 0 },
            line: 1,
        }
    }

    fn at_end(&self, text: &str) -> bool {
        self.at >= text.len()
    }

    /// Up to `count` non-blank lines from here, with their line numbers.
    fn take<'t>(&mut self, text: &'t str, count: usize) -> Vec<(usize, &'t str)> {
        let mut lines = Vec::new();
        while lines.len() < count && !self.at_end(text) {
            let rest = text.get(self.at..).unwrap_or("");
            let (line, advance) = match rest.find('\n') {
                Some(end) => (&rest[..end], end + 1),
                None => (rest, rest.len()),
            };
            if !line.trim().is_empty() {
                lines.push((self.line, line));
            }
            self.at += advance;
            self.line += 1;
        }
        lines
    }
}

/// Lines parsed and judged in parallel, in order.
fn judge_lines(lines: Vec<(usize, &str)>, names: &FieldNames) -> Vec<(String, Judged)> {
    lines
        .into_par_iter()
        .map(|(number, line)| {
            let locator = format!("line {number}");
            let value = serde_json::from_str::<Value>(line)
                .map_err(|e| format!("not valid JSON: {}", describe_error(&e, false)));
            let judged = judge(value, names, &locator);
            (locator, judged)
        })
        .collect()
}

/// One record before its fields are read: where it is, and what it holds.
struct Record {
    locator: String,
    value: Result<Value, String>,
}

/// What one record turned out to be.
enum Judged {
    Article(Document),
    /// An object without a usable text: its keys, for the message when no record has one.
    NotAnArticle {
        keys: Vec<String>,
        message: String,
    },
    /// Not an object at all.
    NotAnObject(String),
    /// Not valid JSON.
    Broken(String),
}

fn judge(value: Result<Value, String>, names: &FieldNames, locator: &str) -> Judged {
    match value {
        Ok(Value::Object(map)) => match document(&map, names, locator) {
            Ok(doc) => Judged::Article(doc),
            Err(message) => Judged::NotAnArticle {
                keys: map.keys().cloned().collect(),
                message,
            },
        },
        Ok(other) => Judged::NotAnObject(format!("not an article object but {}", kind(&other))),
        Err(message) => Judged::Broken(message),
    }
}

/// The records of a file counted as they are judged, for its problems and, when no record is
/// an article, the reason the file is not a corpus.
#[derive(Default)]
struct Tally {
    records: usize,
    articles: usize,
    /// The fields of the first object that is not an article: when none is, this is the
    /// first object of the file, which the message names.
    first_object: Option<Vec<String>>,
    first_syntax_error: Option<RecordProblem>,
    problems: Vec<RecordProblem>,
}

impl Tally {
    /// Counts the records, passing on their articles.
    fn count(&mut self, records: impl IntoIterator<Item = (String, Judged)>) -> Vec<Document> {
        let mut articles = Vec::new();
        for (locator, judged) in records {
            self.records += 1;
            let message = match judged {
                Judged::Article(doc) => {
                    self.articles += 1;
                    articles.push(doc);
                    continue;
                }
                Judged::NotAnArticle { keys, message } => {
                    self.first_object.get_or_insert(keys);
                    message
                }
                Judged::NotAnObject(message) => message,
                Judged::Broken(message) => {
                    self.first_syntax_error.get_or_insert(RecordProblem {
                        locator: locator.clone(),
                        message: message.clone(),
                    });
                    message
                }
            };
            self.problems.push(RecordProblem { locator, message });
        }
        articles
    }

    fn end(self, names: &FieldNames) -> Result<Vec<RecordProblem>, FormatError> {
        if self.articles > 0 {
            return Ok(self.problems);
        }
        Err(match (self.first_object, self.first_syntax_error) {
            (None, Some(problem)) => FormatError::Malformed {
                format: FORMAT,
                at: Some(problem.locator),
                message: problem.message,
            },
            (Some(keys), _) => FormatError::NoArticles {
                format: FORMAT,
                message: format!(
                    "no record has a text field (looked for {}); the first record has {} — pass \
                     --field text=NAME to read one of them",
                    names.text.join(", "),
                    if keys.is_empty() {
                        "no fields".to_string()
                    } else {
                        format!("the fields {}", keys.join(", "))
                    },
                ),
            },
            (None, None) if self.records == 0 => FormatError::NoArticles {
                format: FORMAT,
                message: "the file holds an empty list".to_string(),
            },
            (None, None) => FormatError::NoArticles {
                format: FORMAT,
                message: "no record is an article object".to_string(),
            },
        })
    }
}

/// One object per line, unless the file is a single (perhaps pretty-printed) JSON value. A
/// broken first line still counts as JSON Lines when other lines stand alone as objects.
fn is_json_lines(text: &str) -> bool {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    match stream.next() {
        Some(Ok(_)) => !text
            .get(stream.byte_offset()..)
            .unwrap_or("")
            .trim()
            .is_empty(),
        _ => {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .take(10)
                .filter(|l| matches!(serde_json::from_str::<Value>(l), Ok(Value::Object(_))))
                .count()
                >= 2
        }
    }
}

fn whole_file(text: &str, names: &FieldNames) -> Result<Vec<Record>, FormatError> {
    let value = serde_json::from_str::<Value>(text).map_err(|e| FormatError::Malformed {
        format: FORMAT,
        at: (e.line() > 0).then(|| format!("line {}, column {}", e.line(), e.column())),
        message: describe_error(&e, true),
    })?;
    let list = match article_list(value, names, 0) {
        Ok(list) => list,
        Err(other) => {
            return Err(FormatError::NoArticles {
                format: FORMAT,
                message: format!("the file holds {}, not article objects", kind(&other)),
            });
        }
    };
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, value)| Record {
            locator: format!("record {}", i + 1),
            value: Ok(value),
        })
        .collect())
}

/// The articles a parsed file holds: an array's elements, the array an object keeps its
/// articles under, or a lone object that is itself an article. Anything else is returned.
fn article_list(value: Value, names: &FieldNames, depth: usize) -> Result<Vec<Value>, Value> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut map) => {
            if depth < MAX_CONTAINER_DEPTH
                && find(&map, &names.text, text_value).is_none()
                && let Some(key) = container_key(&map)
                && let Some(inner) = map.remove(&key)
            {
                return article_list(inner, names, depth + 1);
            }
            Ok(vec![Value::Object(map)])
        }
        other => Err(other),
    }
}

/// The key holding the articles of a wrapper object. Only asked of objects without a text field
/// of their own: those are articles, even when they carry an array of objects (comments, say).
fn container_key(map: &Map<String, Value>) -> Option<String> {
    let holds_records = |v: &Value| match v {
        Value::Array(items) => items.iter().any(Value::is_object),
        Value::Object(inner) => container_key(inner).is_some(),
        _ => false,
    };
    for name in CONTAINER_KEYS {
        let found = map
            .get_key_value(*name)
            .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)));
        if let Some((key, value)) = found
            && holds_records(value)
        {
            return Some(key.clone());
        }
    }
    let mut arrays = map.iter().filter(|(_, v)| {
        matches!(v, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
    });
    match (arrays.next(), arrays.next()) {
        (Some((key, _)), None) => Some(key.clone()),
        _ => None,
    }
}

/// One article object as a `Document`, or why it is not one.
fn document(
    map: &Map<String, Value>,
    names: &FieldNames,
    locator: &str,
) -> Result<Document, String> {
    let (key, raw) = match find(map, &names.text, text_value) {
        Some(found) => found,
        None => {
            let present = names
                .text
                .iter()
                .find_map(|n| map.keys().find(|k| k.eq_ignore_ascii_case(n)));
            return Err(match present {
                Some(key) => format!("the text field {key:?} is empty"),
                None => format!("no text field (looked for {})", names.text.join(", ")),
            });
        }
    };
    let text = if looks_like_html(&raw) {
        super::html::fragment_text(&raw)
    } else {
        plain_paragraphs(&raw)
    };
    if text.trim().is_empty() {
        return Err(format!("the text field {key:?} holds markup but no text"));
    }
    let scalar = |list: &[String]| find(map, list, scalar_text).map(|(_, v)| v);
    Ok(Document {
        locator: Some(locator.to_string()),
        id: scalar(&names.id),
        text,
        layout: Layout::Plain,
        fields: Fields {
            title: scalar(&names.title),
            source: scalar(&names.source),
            // Exports often write dates as Unix times; the date reader takes no bare numbers.
            date: scalar(&names.date).map(|d| crate::civil::unix_time_text(&d).unwrap_or(d)),
            url: scalar(&names.url),
            author: scalar(&names.author),
            label: scalar(&names.label),
        },
    })
}

/// The first of `names` present with a usable value: exact names first, then any spelling of
/// them in another case (`Title`, `BODY`). Returns the key found and the value.
fn find(
    map: &Map<String, Value>,
    names: &[String],
    convert: impl Fn(&Value) -> Option<String>,
) -> Option<(String, String)> {
    for name in names {
        if let Some(text) = map.get(name).and_then(&convert) {
            return Some((name.clone(), text));
        }
    }
    for name in names {
        for (key, value) in map {
            if key != name
                && key.eq_ignore_ascii_case(name)
                && let Some(text) = convert(value)
            {
                return Some((key.clone(), text));
            }
        }
    }
    None
}

/// An article's text: a string, or an array of strings taken as its paragraphs.
fn text_value(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
        _ => return None,
    };
    (!text.trim().is_empty()).then_some(text)
}

/// A metadata value as one line: strings and numbers as written, arrays joined with ", "
/// (several authors), objects by their "name" (`{"name": "BBC News", "id": "bbc-news"}`).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter(|v| !v.is_array())
                .filter_map(scalar_text)
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(map) => map
            .get("name")
            .or_else(|| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("name"))
                    .map(|(_, v)| v)
            })
            .filter(|v| v.is_string() || v.is_number())
            .and_then(scalar_text),
        Value::Bool(_) | Value::Null => None,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its position suffix; a JSON Lines record keeps the column
/// (its line is the record's own), a whole file reports line and column separately.
fn describe_error(error: &serde_json::Error, whole_file: bool) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let mut message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    // serde_json says "ident" when a bare word is neither true, false nor null.
    if message == "expected ident" {
        message = "expected a JSON value".to_string();
    }
    if whole_file || error.line() == 0 {
        message
    } else {
        format!("{message} at column {}", error.column())
    }
}

/// Whether a text field holds HTML rather than plain text. Angle brackets alone do not say so:
/// wire copy writes tickers as `<IBM>`, `<P>` and even `<em>`. A closing tag of a real element,
/// a line break, a lowercase `<p>` or a tag with attributes does.
pub(super) fn looks_like_html(text: &str) -> bool {
    static HTML: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)</(?:p|div|a|span|em|strong|b|i|u|li|ul|ol|h[1-6]|blockquote|figure|figcaption|section|article|table|tr|td|th|pre|code|cite|q|small|sup|sub)\s*>|<(?:br|hr)\s*/?>|(?-i:<p>)|<(?:p|div|a|span|img|figure|section|article|h[1-6]|li|ul|ol|table|blockquote)\s+[a-z-]+\s*=",
        )
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    });
    HTML.is_match(text)
}

/// Plain text with blank lines between paragraphs: kept as the author wrote it when it has
/// blank lines; when it has only single line breaks, each line is a paragraph.
pub(super) fn plain_paragraphs(text: &str) -> String {
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let trimmed = text.trim_matches('\n');
    let has_blank_line = trimmed.lines().any(|l| l.trim().is_empty());
    if has_blank_line || !trimmed.contains('\n') {
        return text;
    }
    trimmed
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> FieldNames {
        FieldNames::default()
    }

    #[test]
    fn tells_html_from_wire_copy_tickers() {
        assert!(looks_like_html("<p>One.</p><p>Two.</p>"));
        assert!(looks_like_html("One.<br/>Two."));
        assert!(looks_like_html("One.<p>Two."));
        assert!(looks_like_html("See <a href=\"x\">this"));
        assert!(looks_like_html("<P>Old style.</P>"));
        assert!(!looks_like_html(
            "Phillips Petroleum <P> and Sun Co <SUN> rose"
        ));
        assert!(!looks_like_html("Entertainment Marketing Inc <em> bid"));
        assert!(!looks_like_html("<Strong Point Inc> said"));
        assert!(!looks_like_html("a < b and c > d"));
    }

    #[test]
    fn single_line_breaks_become_paragraphs() {
        assert_eq!(
            plain_paragraphs("One.\nTwo.\r\nThree."),
            "One.\n\nTwo.\n\nThree."
        );
        assert_eq!(
            plain_paragraphs("One.\n\nTwo.\nstill two."),
            "One.\n\nTwo.\nstill two."
        );
        assert_eq!(plain_paragraphs("Just one."), "Just one.");
    }

    #[test]
    fn metadata_values_of_every_shape() {
        let v: Value = serde_json::json!({
            "text": "Body.",
            "Title": "Capitalised",
            "authors": ["A. Writer", {"name": "B. Writer"}, ""],
            "source": {"id": "bbc-news", "name": "BBC News"},
            "id": 42,
            "date": 1696000000,
            "url": "  ",
            "link": "https://example.org/a",
        });
        let Value::Object(map) = v else {
            unreachable!()
        };
        let doc = document(&map, &names(), "line 1").unwrap();
        assert_eq!(doc.fields.title.as_deref(), Some("Capitalised"));
        assert_eq!(doc.fields.author.as_deref(), Some("A. Writer, B. Writer"));
        assert_eq!(doc.fields.source.as_deref(), Some("BBC News"));
        assert_eq!(doc.id.as_deref(), Some("42"));
        assert_eq!(doc.fields.date.as_deref(), Some("2023-09-29T15:06:40Z"));
        assert_eq!(doc.fields.url.as_deref(), Some("https://example.org/a"));
    }

    #[test]
    fn exact_names_win_over_other_cases() {
        let v: Value = serde_json::json!({"TEXT": "upper", "body": "exact"});
        let Value::Object(map) = v else {
            unreachable!()
        };
        let (key, text) = find(&map, &names().text, text_value).unwrap();
        assert_eq!((key.as_str(), text.as_str()), ("body", "exact"));
    }

    #[test]
    fn text_arrays_are_paragraphs() {
        let parsed = parse(r#"[{"text": ["One.", "Two."]}]"#, &names()).unwrap();
        assert_eq!(parsed.documents[0].text, "One.\n\nTwo.");
    }

    #[test]
    fn error_messages_keep_only_the_useful_position() {
        let e = serde_json::from_str::<Value>(r#"{"a": 1 "b": 2}"#).unwrap_err();
        assert_eq!(describe_error(&e, false), "expected `,` or `}` at column 9");
        assert_eq!(describe_error(&e, true), "expected `,` or `}`");
    }

    #[test]
    fn nested_wrappers_are_followed() {
        let parsed = parse(
            r#"{"status": "ok", "data": {"articles": [{"body": "Hi."}]}}"#,
            &names(),
        )
        .unwrap();
        assert_eq!(parsed.documents.len(), 1);
        assert_eq!(parsed.documents[0].locator.as_deref(), Some("record 1"));
    }

    #[test]
    fn an_article_with_comments_is_not_a_wrapper() {
        let parsed = parse(
            r#"{"text": "Main.", "comments": [{"text": "A comment."}]}"#,
            &names(),
        )
        .unwrap();
        assert_eq!(parsed.documents.len(), 1);
        assert_eq!(parsed.documents[0].text, "Main.");
    }
}
