//! The corpus: files turned into cleaned, segmented articles with metadata.
//!
//! Flow: `load` walks the inputs and decodes bytes (`decode`), `clean` sanitises the
//! untrusted text, `segment` cuts it into passages and sentences, `meta` reads title,
//! source, date and byline, and `debris` marks the scraper's leftovers as boilerplate.
//! Nothing here knows about the terminal.

pub mod cache;
pub mod clean;
pub mod debris;
pub mod decode;
pub mod formats;
pub mod index_store;
pub mod load;
pub mod meta;
pub mod segment;
pub mod text;

use serde::{Deserialize, Serialize};
use std::ops::Range;

pub use load::{Diagnostic, Input, LoadEvent, LoadOptions, Severity, load, load_streaming};
pub use text::ArticleText;

/// A calendar date with an optional time of day, as stated by the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// Hours and minutes when the text gives them.
    pub time: Option<(u8, u8)>,
}

impl Date {
    /// ISO 8601: `2022-10-31` or `2022-10-31T13:48`.
    pub fn iso(&self) -> String {
        match self.time {
            Some((h, m)) => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                self.year, self.month, self.day, h, m
            ),
            None => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::from_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {text:?}")))
    }
}

impl Date {
    /// Reads what `iso` writes, and nothing else.
    pub fn from_iso(text: &str) -> Option<Date> {
        let (day, time) = match text.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let mut parts = day.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let time = match time {
            Some(t) => {
                let (h, m) = t.split_once(':')?;
                let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
                (h < 24 && m < 60).then_some((h, m))?;
                Some((h, m))
            }
            None => None,
        };
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
            year,
            month,
            day,
            time,
        })
    }
}

/// Where a piece of metadata came from, so the UI can say how sure it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Manifest,
    /// The file format's own metadata: an HTML page's meta tags, a JSON record's fields.
    Format,
    FrontMatter,
    Text,
    FileName,
}

/// What a passage is within the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Article prose: what the reader shows and analysis works on.
    Body,
    /// The headline line the title was taken from.
    Title,
    /// Header lines whose content went into metadata: dateline, byline, `Source:` lines.
    Header,
    /// Scraper leftovers, with the reason they were recognised.
    Debris(DebrisKind),
}

impl Role {
    /// Header and debris passages are boilerplate: hidden by default, never deleted.
    pub fn is_boilerplate(self) -> bool {
        matches!(self, Role::Header | Role::Debris(_))
    }
}

/// Why a passage was recognised as scraper debris.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DebrisKind {
    /// "Read also", "Latest news", "Related" lists of other articles, with their timestamps.
    LinkList,
    /// "Subscribe to our Telegram channel", newsletter prompts, "follow us".
    Subscription,
    /// "Please enter your comment!", "Leave a reply".
    CommentForm,
    /// A headline repeated (alone, or as the start of the next passage).
    RepeatedHeadline,
    /// Site chrome: share buttons, counters (`usr: 1`), reaction widgets, copyright lines.
    SiteChrome,
}

impl DebrisKind {
    pub fn describe(self) -> &'static str {
        match self {
            DebrisKind::LinkList => "link list",
            DebrisKind::Subscription => "subscription prompt",
            DebrisKind::CommentForm => "comment form",
            DebrisKind::RepeatedHeadline => "repeated headline",
            DebrisKind::SiteChrome => "site chrome",
        }
    }
}

/// A paragraph of the cleaned text. Offsets are byte offsets into `Article::text`
/// (always on char boundaries); `char_start`/`char_end` are the same bounds counted in
/// Unicode scalar values, which is what the JSON contract exposes.
///
/// A corpus has hundreds of thousands of passages, so offsets are kept as `u32` (an article's
/// text is at most a file, and files over 256 MiB are refused) and read through methods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    start: u32,
    end: u32,
    char_start: u32,
    char_end: u32,
    /// This passage's sentences are `Article::sentence_bounds[first_sentence..][..stored]`:
    /// one table per article rather than one per passage. Read them with `sentences()`.
    first_sentence: u32,
    stored_sentences: u32,
    /// The passage is one sentence, the whole of it, and stores none: most passages are.
    whole_sentence: bool,
    pub role: Role,
}

impl Passage {
    /// A passage; `sentences` are byte ranges absolute in the article text, inside `range`.
    /// They are added to `table`, the article's `sentence_bounds` being built.
    pub fn new(
        range: Range<usize>,
        char_start: usize,
        char_end: usize,
        sentences: &[Range<usize>],
        role: Role,
        table: &mut Vec<(u32, u32)>,
    ) -> Passage {
        let whole_sentence = matches!(sentences, [only] if *only == range);
        let small = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        let first_sentence = small(table.len());
        if !whole_sentence {
            table.extend(sentences.iter().map(|s| (small(s.start), small(s.end))));
        }
        Passage {
            first_sentence,
            stored_sentences: small(table.len()).saturating_sub(first_sentence),
            whole_sentence,
            start: small(range.start),
            end: small(range.end),
            char_start: small(char_start),
            char_end: small(char_end),
            role,
        }
    }

    /// Byte range in `Article::text`.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Start in chars of `Article::text`.
    pub fn char_start(&self) -> usize {
        self.char_start as usize
    }

    /// End in chars of `Article::text`.
    pub fn char_end(&self) -> usize {
        self.char_end as usize
    }

    /// The same passage in a text with `bytes` (`chars`) more in front of it.
    fn shifted(&self, bytes: u32, chars: u32) -> Passage {
        Passage {
            start: self.start.saturating_add(bytes),
            end: self.end.saturating_add(bytes),
            char_start: self.char_start.saturating_add(chars),
            char_end: self.char_end.saturating_add(chars),
            ..self.clone()
        }
    }

    /// Sentence byte ranges, absolute in `Article::text`, in order, inside `range`; `table` is
    /// the article's `sentence_bounds`.
    pub fn sentences<'a>(
        &'a self,
        table: &'a [(u32, u32)],
    ) -> impl DoubleEndedIterator<Item = Range<usize>> + ExactSizeIterator + 'a {
        (0..self.sentence_count()).map(move |i| self.sentence_at(table, i))
    }

    pub fn sentence(&self, table: &[(u32, u32)], index: usize) -> Option<Range<usize>> {
        (index < self.sentence_count()).then(|| self.sentence_at(table, index))
    }

    /// Sentence `index`, which is below `sentence_count()`.
    fn sentence_at(&self, table: &[(u32, u32)], index: usize) -> Range<usize> {
        match self.stored(table).and_then(|stored| stored.get(index)) {
            Some(&(s, e)) if !self.whole_sentence => s as usize..e as usize,
            _ => self.range(),
        }
    }

    /// This passage's entries of the article's sentence table.
    fn stored<'a>(&self, table: &'a [(u32, u32)]) -> Option<&'a [(u32, u32)]> {
        let first = self.first_sentence as usize;
        table.get(first..first.checked_add(self.stored_sentences as usize)?)
    }

    pub fn sentence_count(&self) -> usize {
        if self.whole_sentence {
            1
        } else {
            self.stored_sentences as usize
        }
    }

    /// Whether the bounds hold together inside `text`: for passages read back from a cache,
    /// which is never trusted.
    pub fn is_consistent(&self, text: &str, table: &[(u32, u32)]) -> bool {
        let Range { start, end } = self.range();
        let Some(stored) = self.stored(table) else {
            return false;
        };
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
            && self.char_start <= self.char_end
            && (!self.whole_sentence || stored.is_empty())
            && stored.iter().all(|&(s, e)| {
                let (s, e) = (s as usize, e as usize);
                start <= s
                    && s <= e
                    && e <= end
                    && text.is_char_boundary(s)
                    && text.is_char_boundary(e)
            })
    }
    pub fn text<'a>(&self, article_text: &'a str) -> &'a str {
        &article_text[self.range()]
    }
}

/// One article of the corpus after loading.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    /// File stem, made unique within the corpus.
    pub id: String,
    /// Where it came from: a file path, or `embedded:NAME` for the built-in corpus.
    pub path: Box<str>,
    pub title: String,
    pub title_origin: Origin,
    pub source: String,
    pub source_origin: Origin,
    pub date: Option<Date>,
    pub author: Option<Box<str>>,
    pub url: Option<Box<str>>,
    /// Free label from the manifest, such as a side or a country.
    pub label: Option<Box<str>>,
    /// The cleaned text; every offset in the article points into it. Read it with `text()`:
    /// it may be kept in a file. The cache writes it apart from the rest of the article.
    #[serde(skip)]
    pub text: ArticleText,
    pub passages: Box<[Passage]>,
    /// The sentences of every passage that is not one whole sentence, absolute byte ranges of
    /// the text, passage after passage (see `Passage::sentences`).
    pub sentence_bounds: Box<[(u32, u32)]>,
    /// Number of words in body passages.
    pub words: usize,
}

impl Article {
    /// The cleaned text, read from its file when it is kept in one: read it once for a piece of
    /// work, not once per passage.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        self.text.get()
    }

    /// Moves every offset by `bytes` (`chars`): for a text given `bytes` more in front of it,
    /// as the tests of notes on edited articles do.
    pub fn shift_offsets(&mut self, bytes: usize, chars: usize) {
        let (bytes, chars) = (bytes as u32, chars as u32);
        for p in self.passages.iter_mut() {
            *p = p.shifted(bytes, chars);
        }
        for (start, end) in self.sentence_bounds.iter_mut() {
            *start = start.saturating_add(bytes);
            *end = end.saturating_add(bytes);
        }
    }

    /// The text of passage `index`: for one passage; for several, read `text()` once.
    pub fn passage_text(&self, index: usize) -> Option<String> {
        let passage = self.passages.get(index)?;
        Some(passage.text(&self.text()).to_string())
    }

    /// Prose passages (`Role::Body`), with their indices: not the headline line, not boilerplate.
    pub fn body_passages(&self) -> impl Iterator<Item = (usize, &Passage)> {
        self.passages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.role == Role::Body)
    }

    /// The outlet to group by when comparing sources: the source, or the article's id when the
    /// source is unknown (two unknown outlets are not the same outlet).
    pub fn outlet(&self) -> &str {
        if self.source.eq_ignore_ascii_case("unknown") || self.source.is_empty() {
            &self.id
        } else {
            &self.source
        }
    }

    /// Passages whose words count for analysis: the body and the headline.
    pub fn prose_passages(&self) -> impl Iterator<Item = (usize, &Passage)> {
        self.passages
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.role, Role::Body | Role::Title))
    }

    pub fn boilerplate_count(&self) -> usize {
        self.passages
            .iter()
            .filter(|p| p.role.is_boilerplate())
            .count()
    }
}

/// Counts words the way the list and `parallax list` report them.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A test article of one-sentence passages joined by blank lines, titled by its `Title`
    /// passage (or "Title").
    pub(crate) fn article_of(id: &str, source: &str, parts: &[(&str, Role)]) -> Article {
        let mut text = String::new();
        let mut passages = Vec::with_capacity(parts.len());
        let mut sentence_bounds = Vec::new();
        for (part, role) in parts {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let range = text.len()..text.len() + part.len();
            text.push_str(part);
            passages.push(Passage::new(
                range.clone(),
                0,
                0,
                std::slice::from_ref(&range),
                *role,
                &mut sentence_bounds,
            ));
        }
        let title = parts
            .iter()
            .find(|(_, role)| *role == Role::Title)
            .map_or("Title", |(part, _)| part);
        Article {
            id: id.to_string(),
            path: format!("{id}.txt").into(),
            title: title.to_string(),
            title_origin: Origin::Text,
            source: source.to_string(),
            source_origin: Origin::Manifest,
            date: None,
            author: None,
            url: None,
            label: None,
            text: text.into(),
            passages: passages.into(),
            sentence_bounds: sentence_bounds.into(),
            words: 0,
        }
    }

    #[test]
    fn a_passage_of_one_whole_sentence_reads_as_that_sentence() {
        let text = "Intro. One sentence here. Two. Three.";
        let mut t = Vec::new();
        let whole = Passage::new(
            7..25,
            7,
            25,
            std::slice::from_ref(&(7..25)),
            Role::Body,
            &mut t,
        );
        assert!(t.is_empty(), "a whole-sentence passage stores no sentence");
        assert_eq!(whole.sentence_count(), 1);
        assert_eq!(whole.sentences(&t).collect::<Vec<_>>(), vec![(7..25)]);
        assert_eq!(whole.sentence(&t, 0), Some(7..25));
        assert_eq!(whole.sentence(&t, 1), None);
        assert_eq!(whole.text(text), "One sentence here.");
        assert!(whole.is_consistent(text, &t));

        let inner = Passage::new(
            7..25,
            7,
            25,
            std::slice::from_ref(&(7..20)),
            Role::Body,
            &mut t,
        );
        let several = Passage::new(26..37, 26, 37, &[26..30, 31..37], Role::Body, &mut t);
        let none = Passage::new(0..6, 0, 6, &[], Role::Body, &mut t);
        assert_eq!(t, [(7, 20), (26, 30), (31, 37)]);
        assert_eq!(inner.sentences(&t).collect::<Vec<_>>(), vec![(7..20)]);
        assert_eq!(several.sentence_count(), 2);
        assert_eq!(
            several.sentences(&t).rev().collect::<Vec<_>>(),
            [31..37, 26..30]
        );
        assert_eq!(several.sentence(&t, 1), Some(31..37));
        assert!(several.is_consistent(text, &t));
        assert_eq!(none.sentence_count(), 0);
        assert_eq!(none.sentence(&t, 0), None);
    }

    #[test]
    fn a_whole_sentence_passage_with_bounds_besides_is_inconsistent() {
        let text = "One sentence here.";
        let mut t = Vec::new();
        let mut passage = Passage::new(
            0..18,
            0,
            18,
            std::slice::from_ref(&(0..18)),
            Role::Body,
            &mut t,
        );
        passage.stored_sentences = 1;
        assert!(!passage.is_consistent(text, &[(0, 3)]));
        // Entries beyond the table are inconsistent too, not a panic.
        assert!(!passage.is_consistent(text, &[]));
    }
}
