//! RSS and Atom feeds: one article per item, the feed's title as the source.

use super::json::{looks_like_html, plain_paragraphs};
use super::{Document, FormatError, Parsed, RecordProblem};
use crate::corpus::meta::Fields;
use crate::corpus::segment::Layout;
use feed_rs::model::{Entry, Feed, Link, Person, Text};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

const FORMAT: &str = "feed";

/// Every item of an RSS (0.9x, 1.0, 2.0) or Atom feed.
pub fn parse(text: &str) -> Result<Parsed, FormatError> {
    let text = utf8_prolog(text);
    let feed = match read_feed(&text) {
        Ok(feed) => feed,
        Err(error) => return salvage(&text).ok_or(error),
    };
    let source = feed_source(&feed);
    let mut parsed = Parsed::default();
    for (i, entry) in feed.entries.iter().enumerate() {
        let locator = format!("item {}", i + 1);
        match entry_document(entry, source.as_deref(), &locator) {
            Ok(doc) => parsed.documents.push(doc),
            Err(message) => parsed.problems.push(RecordProblem { locator, message }),
        }
    }
    if parsed.documents.is_empty() {
        let message = match feed.entries.len() {
            0 => "the feed has no items".to_string(),
            1 => "its one item has no text (no content, summary or description)".to_string(),
            n => format!("none of its {n} items has text (content, summary or description)"),
        };
        return Err(FormatError::NoArticles {
            format: FORMAT,
            message,
        });
    }
    Ok(parsed)
}

fn read_feed(text: &str) -> Result<Feed, FormatError> {
    // An item without an id gets none, rather than feed-rs's hash: the loader then names the
    // article by file and item number, which the user can find again.
    feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(text.as_bytes())
        .map_err(|e| FormatError::Malformed {
            format: FORMAT,
            at: None,
            message: e.to_string(),
        })
}

/// feed-rs reads XML strictly, so one ill-formed item (an unclosed `<b>` in a description)
/// fails the whole feed. Then each item is read on its own inside the feed's own head and
/// tail: the good ones load, the bad ones are reported. `None` when that saves nothing.
fn salvage(text: &str) -> Option<Parsed> {
    let (head, items, tail) = split_items(text)?;
    let mut parsed = Parsed::default();
    for (i, item) in items.iter().enumerate() {
        let locator = format!("item {}", i + 1);
        let alone = format!("{head}{item}{tail}");
        let outcome = match read_feed(&alone) {
            Ok(feed) => match feed.entries.first() {
                Some(entry) => entry_document(entry, feed_source(&feed).as_deref(), &locator),
                None => Err("not an item the feed reader recognises".to_string()),
            },
            Err(FormatError::Malformed { message, .. }) => {
                Err(format!("not well-formed, skipped: {message}"))
            }
            Err(other) => Err(other.to_string()),
        };
        match outcome {
            Ok(doc) => parsed.documents.push(doc),
            Err(message) => parsed.problems.push(RecordProblem { locator, message }),
        }
    }
    (!parsed.documents.is_empty()).then_some(parsed)
}

/// The feed cut at its items: what comes before the first, each item, what follows the last.
fn split_items(text: &str) -> Option<(&str, Vec<&str>, &str)> {
    let (open, close) = if find_open_tag(text, "<item").is_some() {
        ("<item", "</item>")
    } else {
        ("<entry", "</entry>")
    };
    let first = find_open_tag(text, open)?;
    let mut items = Vec::new();
    let mut at = first;
    let mut end = first;
    while let Some(start) = find_open_tag(&text[at..], open).map(|s| s + at) {
        let Some(stop) = text[start..].find(close).map(|s| start + s + close.len()) else {
            break;
        };
        items.push(&text[start..stop]);
        at = stop;
        end = stop;
    }
    if items.is_empty() {
        return None;
    }
    Some((&text[..first], items, &text[end..]))
}

/// Where `<item` opens an `item` element, not `<items>` or `<itemref`.
fn find_open_tag(text: &str, open: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text.get(from..)?.find(open) {
        let at = from + found;
        let next = text[at + open.len()..].chars().next();
        if matches!(next, Some('>' | '/')) || next.is_some_and(char::is_whitespace) {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// The text handed to feed-rs is already decoded to UTF-8, but feed-rs decodes by the XML
/// declaration: a feed declared `encoding="windows-1251"` would be decoded twice into mojibake.
fn utf8_prolog(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.len() - text.trim_start().len();
    let Some(rest) = text.get(start..) else {
        return Cow::Borrowed(text);
    };
    if !rest.starts_with("<?xml") {
        return Cow::Borrowed(text);
    }
    let Some(end) = rest.find("?>") else {
        return Cow::Borrowed(text);
    };
    let declaration = &rest[..end];
    let Some(at) = declaration.find("encoding") else {
        return Cow::Borrowed(text);
    };
    let after = &declaration[at + "encoding".len()..];
    let Some(open) = after.find(['"', '\'']) else {
        return Cow::Borrowed(text);
    };
    let quote = &after[open..open + 1];
    let Some(close) = after[open + 1..].find(quote) else {
        return Cow::Borrowed(text);
    };
    let value_start = start + at + "encoding".len() + open + 1;
    let value_end = value_start + close;
    let mut fixed = String::with_capacity(text.len());
    fixed.push_str(&text[..value_start]);
    fixed.push_str("UTF-8");
    fixed.push_str(&text[value_end..]);
    Cow::Owned(fixed)
}

/// The feed's title, else the host of its web site.
fn feed_source(feed: &Feed) -> Option<String> {
    feed.title
        .as_ref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .or_else(|| page_link(&feed.links).and_then(|l| host(&l.href)))
}

fn entry_document(entry: &Entry, source: Option<&str>, locator: &str) -> Result<Document, String> {
    let from_content = entry
        .content
        .as_ref()
        .and_then(|c| {
            Some((
                c.body.as_deref()?,
                is_markup(c.content_type.subty().as_ref()),
            ))
        })
        .map(|(body, markup)| body_text(body, markup))
        .filter(|t| !t.trim().is_empty());
    let text = from_content.or_else(|| {
        entry
            .summary
            .as_ref()
            .map(|s| body_text(&s.content, is_markup(s.content_type.subty().as_ref())))
            .filter(|t| !t.trim().is_empty())
    });
    let title = entry.title.as_ref().map(one_line).filter(|t| !t.is_empty());
    let Some(text) = text else {
        return Err(match &title {
            Some(title) => format!("{title:?} has no text (no content, summary or description)"),
            None => "no text (no content, summary or description)".to_string(),
        });
    };
    Ok(Document {
        locator: Some(locator.to_string()),
        id: Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()),
        text,
        layout: Layout::Plain,
        fields: Fields {
            title,
            source: source.map(str::to_string),
            date: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
            url: page_link(&entry.links).map(|l| l.href.trim().to_string()),
            author: authors(&entry.authors),
            label: None,
        },
    })
}

/// Whether a feed text's declared type is markup (`html`, `xhtml`, `xhtml+xml`) or plain text.
fn is_markup(subtype: &str) -> bool {
    subtype.contains("html")
}

/// A body as paragraphs. Markup goes through the HTML reader; so does declared HTML that only
/// escapes characters. Declared HTML without tags or entities is really plain text, often with
/// blank-line paragraphs an HTML reading would lose.
pub(super) fn body_text(body: &str, declared_markup: bool) -> String {
    let markup = looks_like_html(body)
        || has_entity(body)
        || (declared_markup && (body.contains('<') || body.contains('&')));
    if markup {
        super::html::fragment_text(body)
    } else {
        plain_paragraphs(body.trim())
    }
}

/// A title as one line, its markup read when it has any.
fn one_line(text: &Text) -> String {
    flatten(&text.content, is_markup(text.content_type.subty().as_ref()))
}

/// A title of undeclared type (newsboat's) as one line, its markup read when it has any.
pub(super) fn one_line_text(raw: &str) -> String {
    flatten(raw, false)
}

fn flatten(raw: &str, declared_markup: bool) -> String {
    let content = if has_entity(raw)
        || looks_like_html(raw)
        || (declared_markup && (raw.contains('<') || raw.contains('&')))
    {
        Cow::Owned(super::html::fragment_text(raw))
    } else {
        Cow::Borrowed(raw)
    };
    content.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether plain text still carries HTML entities (`&nbsp;`, `&#8217;`): RSS titles and
/// descriptions are often escaped once more than their declared type says.
fn has_entity(text: &str) -> bool {
    static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    });
    text.contains('&') && ENTITY.is_match(text)
}

/// The link to the page itself, rather than to comments, the feed or an enclosure.
fn page_link(links: &[Link]) -> Option<&Link> {
    let usable = |l: &&Link| !l.href.trim().is_empty();
    links
        .iter()
        .filter(usable)
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")) && l.target.is_none())
        .or_else(|| links.iter().find(usable))
}

fn authors(people: &[Person]) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    for person in people {
        let name = person
            .name
            .as_deref()
            .map(bare_name)
            .filter(|n| !n.is_empty())
            .or_else(|| {
                person
                    .email
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
            });
        if let Some(name) = name
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| names.join(", "))
}

/// RSS writes authors as `jo@example.org (Jo Writer)`; feed-rs keeps the parentheses.
fn bare_name(name: &str) -> &str {
    let name = name.trim();
    name.strip_prefix('(')
        .and_then(|n| n.strip_suffix(')'))
        .map_or(name, str::trim)
}

/// The host of a URL, without `www.`: "https://www.example.org/feed" → "example.org".
pub(super) fn host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host("https://www.Example.org/feed.xml").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            host("http://user@news.example:8080/x").as_deref(),
            Some("news.example")
        );
        assert_eq!(host("example.net/rss").as_deref(), Some("example.net"));
        assert_eq!(host("https://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(host(""), None);
        assert_eq!(host("https:///path"), None);
    }

    #[test]
    fn the_declared_encoding_becomes_utf8() {
        assert_eq!(
            utf8_prolog("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>"
        );
        assert_eq!(
            utf8_prolog("\u{feff} <?xml encoding='latin1' ?><feed/>"),
            " <?xml encoding='UTF-8' ?><feed/>"
        );
        assert!(matches!(
            utf8_prolog("<rss encoding=\"x\"/>"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            utf8_prolog("<?xml encoding=\"x"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            utf8_prolog("<?xml version=\"1.0\"?>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn plain_bodies_keep_their_paragraphs() {
        assert_eq!(body_text("One.\n\nTwo.", true), "One.\n\nTwo.");
        assert_eq!(body_text("One.\nTwo.", false), "One.\n\nTwo.");
        assert_eq!(
            body_text("<p>One.</p>", true),
            super::super::html::fragment_text("<p>One.</p>")
        );
        assert_eq!(
            body_text("Fish &amp; chips", true),
            super::super::html::fragment_text("Fish &amp; chips")
        );
    }
}
