//! Notes out and in: a Markdown dossier, W3C Web Annotation JSON-LD, and JSON Lines (our own
//! format, the one `import` reads back).

use super::anchor::{Anchoring, Locator, article_for, retarget};
use super::{Note, NoteKind, Target, time};
use crate::analysis::align::{AlignIndex, Difference, DifferenceKind};
use crate::corpus::Article;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A note with where it is today among the loaded articles.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub note: &'a Note,
    /// Index into the loaded articles; `None` when its article is not loaded at all.
    pub article: Option<(usize, &'a Article)>,
    /// `Orphan` also when the article is not loaded: check `article` to tell them apart.
    pub anchoring: Anchoring,
}

impl Placed<'_> {
    /// `anchored`, `re-anchored`, `orphan`, or `missing` (the article is not loaded, so where
    /// the note would be cannot be said).
    pub fn state(&self) -> &'static str {
        match self.article {
            None => "missing",
            Some(_) => self.anchoring.state(),
        }
    }

    /// The selectors as they would be made today where the note was found, or the stored ones
    /// when it was not (orphan, missing article).
    pub fn current_target(&self) -> Target {
        self.article
            .and_then(|(_, a)| retarget(a, &self.anchoring))
            .unwrap_or_else(|| self.note.target.clone())
    }
}

/// Places every note: its article among `articles` (by path, then id) and its anchoring there.
/// Each article's fingerprint and word index are computed once, however many notes it has.
pub fn place_all<'a>(notes: &'a [Note], articles: &'a [Arc<Article>]) -> Vec<Placed<'a>> {
    let mut locators: Vec<Option<Locator<'a>>> = articles.iter().map(|_| None).collect();
    notes
        .iter()
        .map(|note| {
            let article = article_for(&note.target, articles);
            let anchoring = match article {
                Some((i, a)) => locators[i]
                    .get_or_insert_with(|| Locator::new(a))
                    .locate(&note.target),
                None => Anchoring::Orphan,
            };
            Placed {
                note,
                article,
                anchoring,
            }
        })
        .collect()
}

/// A passage from another outlet on the same point, for the dossier to set beside a note.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonPassage {
    pub article_id: String,
    pub title: String,
    pub source: String,
    /// 0-based.
    pub passage: usize,
    pub text: String,
    /// How well it aligns with the note's passage, 0..1.
    pub score: f64,
    /// What the note's passage says differently from it.
    pub differences: Vec<Difference>,
}

/// How the other outlets tell the passage a note is on: each outlet's best-aligned passage
/// (`AlignIndex::compare`), best first. Nothing for an orphan, a note whose article is not
/// loaded, or without an index.
pub fn comparison_passages(
    placed: &Placed<'_>,
    articles: &[Arc<Article>],
    align: Option<&AlignIndex>,
) -> Vec<ComparisonPassage> {
    let (Some(align), Some((article, _)), Some((passage, _, _))) =
        (align, placed.article, placed.anchoring.position())
    else {
        return Vec::new();
    };
    align
        .compare(article, passage, 1)
        .matches
        .into_iter()
        .filter_map(|m| {
            let other = articles.get(m.article)?;
            Some(ComparisonPassage {
                article_id: other.id.clone(),
                title: other.title.clone(),
                source: m.source,
                passage: m.passage,
                text: other.passage_text(m.passage)?,
                score: m.score,
                differences: m.differences,
            })
        })
        .collect()
}

/// A Markdown dossier, one section per article (by title), notes in text order within it:
/// where each note is, the quote in its context, the note, its tags, and (with an alignment
/// index) how the other outlets tell the same passage.
pub fn markdown(
    placed: &[Placed<'_>],
    articles: &[Arc<Article>],
    align: Option<&AlignIndex>,
) -> String {
    let mut groups: BTreeMap<(String, String), Vec<&Placed>> = BTreeMap::new();
    for p in placed {
        let (title, path) = match p.article {
            Some((_, a)) => (a.title.clone(), a.path.to_string()),
            None => (
                p.note.target.title.clone(),
                p.note.target.article_path.clone(),
            ),
        };
        groups.entry((title, path)).or_default().push(p);
    }
    let mut out = String::from("# Notes\n\n");
    out.push_str(&format!(
        "Exported {} · {} note{} on {} article{}\n",
        time::now(),
        placed.len(),
        plural(placed.len()),
        groups.len(),
        plural(groups.len())
    ));
    for ((title, path), mut notes) in groups {
        notes.sort_by_key(|p| {
            let start = p.anchoring.position().map(|(_, s, _)| s);
            (start.is_none(), start.unwrap_or(p.note.target.start))
        });
        let first = notes[0];
        let (source, id) = match first.article {
            Some((_, a)) => (a.source.as_str(), a.id.as_str()),
            None => (
                first.note.target.source.as_str(),
                first.note.target.article_id.as_str(),
            ),
        };
        out.push_str(&format!("\n## {}\n\n", escape(&title)));
        out.push_str(&format!(
            "{} · `{}` · {}\n",
            escape(source),
            id.replace('`', "'"),
            escape(&path)
        ));
        if first.article.is_none() {
            out.push_str("\n*This article was not loaded: the notes below could not be checked against its text.*\n");
        }
        for p in notes {
            out.push_str(&note_section(p, articles, align));
        }
    }
    out
}

fn note_section(p: &Placed<'_>, articles: &[Arc<Article>], align: Option<&AlignIndex>) -> String {
    let note = p.note;
    let target = p.current_target();
    let mut heading = format!(
        "\n### {} · passage {}",
        capitalize(note.kind.name()),
        target.passage + 1
    );
    match p.state() {
        "anchored" => {}
        "re-anchored" => heading.push_str(" · re-anchored (the article changed)"),
        "orphan" => heading.push_str(" · orphan (no longer found in the article)"),
        _ => heading.push_str(" · not checked"),
    }
    let mut out = format!("{heading}\n\n");
    out.push_str(&quote_block(&target.prefix, &target.exact, &target.suffix));
    if !note.text.trim().is_empty() {
        out.push('\n');
        // The note is the user's own Markdown: printed as written.
        out.push_str(note.text.trim_end());
        out.push('\n');
    }
    if !note.tags.is_empty() {
        let tags: Vec<String> = note
            .tags
            .iter()
            .map(|t| format!("`{}`", t.replace('`', "'")))
            .collect();
        out.push_str(&format!("\nTags: {}\n", tags.join(", ")));
    }
    let compared = comparison_passages(p, articles, align);
    if !compared.is_empty() {
        out.push_str("\nHow other outlets tell it:\n\n");
        for c in compared {
            out.push_str(&format!(
                "- **{}** ({}, passage {}; alignment {:.2}): {}\n",
                escape(&c.source),
                escape(&c.title),
                c.passage + 1,
                c.score,
                escape(&collapse(&c.text))
            ));
            for d in &c.differences {
                let line = match d.kind {
                    DifferenceKind::Term => format!(
                        "named differently ({}): here {}, there {}",
                        d.concept, d.here, d.there
                    ),
                    DifferenceKind::Number => format!(
                        "figures differ ({}): here {}, there {}",
                        d.concept, d.here, d.there
                    ),
                    DifferenceKind::MissingEntity if d.there.is_empty() => {
                        format!("only here: {}", d.here)
                    }
                    DifferenceKind::MissingEntity => format!("only there: {}", d.there),
                };
                out.push_str(&format!("  - {}\n", escape(&line)));
            }
        }
    }
    out
}

/// The quote in bold inside a blockquote, with its context around it in plain text. Each
/// paragraph of the quote is bolded on its own, since emphasis cannot span paragraphs.
fn quote_block(prefix: &str, exact: &str, suffix: &str) -> String {
    let paragraphs: Vec<String> = exact
        .split("\n\n")
        .map(collapse)
        .filter(|p| !p.is_empty())
        .map(|p| format!("**{}**", escape(&p)))
        .collect();
    // Context from the same paragraph only; its spacing against the quote is kept, so a quote
    // inside a sentence reads as part of it.
    let before = prefix.rsplit("\n\n").next().unwrap_or("");
    let after = suffix.split("\n\n").next().unwrap_or("");
    let spaced = |s: &str, lead: bool, trail: bool| {
        let core = collapse(s);
        if core.is_empty() {
            return core;
        }
        let space = |yes: bool| if yes { " " } else { "" };
        format!(
            "{}{}{}",
            space(lead && s.starts_with(char::is_whitespace)),
            escape(&core),
            space(trail && s.ends_with(char::is_whitespace))
        )
    };
    let before = spaced(before, false, true);
    let after = spaced(after, true, false);
    let mut lines = Vec::new();
    for (i, para) in paragraphs.iter().enumerate() {
        let mut line = String::new();
        if i == 0 && !before.is_empty() {
            line.push_str(&format!("…{before}"));
        }
        line.push_str(para);
        if i + 1 == paragraphs.len() && !after.is_empty() {
            line.push_str(&format!("{after}…"));
        }
        lines.push(format!("> {line}"));
    }
    if lines.is_empty() {
        lines.push("> (an empty selection)".to_string());
    }
    format!("{}\n", lines.join("\n>\n"))
}

/// Whitespace runs (line breaks included) as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Article text is untrusted and not Markdown: backslash-escape what Markdown would act on.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A W3C Web Annotation collection, fields in the order the model's examples use.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotationCollection {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub label: &'static str,
    pub total: usize,
    pub first: AnnotationPage,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnotationPage {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(rename = "startIndex")]
    pub start_index: usize,
    pub items: Vec<Annotation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub motivation: &'static str,
    pub created: String,
    pub modified: String,
    pub body: Vec<TextualBody>,
    pub target: SpecificResource,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextualBody {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub purpose: &'static str,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpecificResource {
    pub source: String,
    pub selector: Vec<Selector>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type")]
pub enum Selector {
    TextQuoteSelector {
        exact: String,
        prefix: String,
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// The notes as a W3C Web Annotation collection (JSON-LD): one `Annotation` per note, its body
/// `TextualBody`s for the note (`commenting`), each tag (`tagging`) and bookmarks
/// (`bookmarking`), its target the article's file with a `TextQuoteSelector` and a
/// `TextPositionSelector`, both as the note is found today when it is.
pub fn json_ld(placed: &[Placed<'_>]) -> AnnotationCollection {
    let items: Vec<Annotation> = placed.iter().map(annotation).collect();
    AnnotationCollection {
        context: ANNO_CONTEXT,
        kind: "AnnotationCollection",
        label: "parallax notes",
        total: items.len(),
        first: AnnotationPage {
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    }
}

fn annotation(p: &Placed<'_>) -> Annotation {
    let note = p.note;
    let target = p.current_target();
    let textual = |purpose, value: &str, format| TextualBody {
        kind: "TextualBody",
        purpose,
        value: value.to_string(),
        format,
    };
    let mut body = Vec::new();
    let motivation = match note.kind {
        NoteKind::Bookmark => {
            // A TextualBody needs a value: the bookmark's own words, or what it marks.
            let label = if note.text.trim().is_empty() {
                &target.title
            } else {
                &note.text
            };
            body.push(textual("bookmarking", label, Some("text/plain")));
            "bookmarking"
        }
        NoteKind::Note => {
            if !note.text.is_empty() {
                body.push(textual("commenting", &note.text, Some("text/plain")));
            }
            "commenting"
        }
    };
    for tag in &note.tags {
        body.push(textual("tagging", tag, None));
    }
    Annotation {
        id: format!("urn:parallax:note:{}", note.id),
        kind: "Annotation",
        motivation,
        created: note.created.clone(),
        modified: note.updated.clone(),
        body,
        target: SpecificResource {
            source: source_iri(&target.article_path),
            selector: vec![
                Selector::TextQuoteSelector {
                    exact: target.exact,
                    prefix: target.prefix,
                    suffix: target.suffix,
                },
                Selector::TextPositionSelector {
                    start: target.start,
                    end: target.end,
                },
            ],
        },
    }
}

/// A `file://` URL for an article on disk (absolute, percent-encoded); the built-in corpus's
/// `embedded:NAME` paths are not files and stay as they are.
pub fn source_iri(path: &str) -> String {
    if path.starts_with("embedded:") {
        return path.to_string();
    }
    let p = Path::new(path);
    let absolute = std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    });
    let mut s = absolute.to_string_lossy().replace('\\', "/");
    if let Some(rest) = s.strip_prefix("//?/") {
        s = rest.to_string();
    }
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    let mut url = String::from("file://");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// One note per line, as stored: what `import` reads back.
pub fn json_lines(notes: &[Note]) -> String {
    let mut out = String::new();
    for note in notes {
        // A Note is strings, numbers and enums: serialising it cannot fail.
        if let Ok(line) = serde_json::to_string(note) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

/// Reads a JSON Lines export: one note per line, blank lines ignored. All or nothing: the first
/// bad line is an error.
pub fn parse_json_lines(text: &str) -> Result<Vec<Note>, ImportError> {
    let mut notes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let note: Note = serde_json::from_str(line).map_err(|e| ImportError {
            line: i + 1,
            message: format!("not a parallax note: {e}"),
        })?;
        if note.id.trim().is_empty() {
            return Err(ImportError {
                line: i + 1,
                message: "the note has no id".to_string(),
            });
        }
        notes.push(note);
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::anchor::tests::article;
    use crate::notes::{new_note, target_for, target_for_passage};

    #[test]
    fn markdown_escapes_article_text_but_not_the_note() {
        let a = Arc::new(article(
            "a",
            "A *bold* claim about [links].\n\nMore text here.",
        ));
        let t = target_for_passage(&a, 0);
        let n = new_note(
            NoteKind::Note,
            t,
            "My **own** note".into(),
            vec!["x".into()],
        );
        let notes = [n];
        let articles = vec![a];
        let md = markdown(&place_all(&notes, &articles), &articles, None);
        assert!(
            md.contains(r"**A \*bold\* claim about \[links\].**"),
            "{md}"
        );
        assert!(md.contains("My **own** note"));
        assert!(md.contains("Tags: `x`"));
    }

    #[test]
    fn quote_block_splits_paragraphs() {
        let q = quote_block("end of before.\n\nstart ", "one\n\ntwo", ", three\n\nnext");
        assert_eq!(q, "> …start **one**\n>\n> **two**, three…\n");
    }

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        assert_eq!(source_iri("embedded:x.txt"), "embedded:x.txt");
        let url = source_iri("/no such/dir/ä.txt");
        assert_eq!(url, "file:///no%20such/dir/%C3%A4.txt");
        assert!(source_iri("relative.txt").starts_with("file:///"));
    }

    #[test]
    fn json_lines_round_trip() {
        let a = article("a", "Some text to note.");
        let notes = vec![
            new_note(NoteKind::Note, target_for(&a, 0, 4), "a\nb".into(), vec![]),
            new_note(
                NoteKind::Bookmark,
                target_for(&a, 5, 9),
                String::new(),
                vec![],
            ),
        ];
        let text = json_lines(&notes);
        assert_eq!(text.lines().count(), 2);
        assert_eq!(parse_json_lines(&text).unwrap(), notes);
        let err = parse_json_lines(&format!("{text}\n{{\"id\": 3}}\n")).unwrap_err();
        assert_eq!(err.line, 4);
    }
}
