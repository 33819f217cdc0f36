//! Saved web pages: the main article text, extracted the way a reader mode does, and the page's
//! own metadata (JSON-LD, Open Graph and `<meta>` tags, `<title>`, `<h1>`).
//!
//! The page is parsed by html5ever (through `scraper`) and flattened into a pre-order arena in
//! which every subtree is a contiguous index range. Everything after that is a handful of linear
//! passes over the arena: no recursion on the DOM (a hostile page can nest arbitrarily deep) and
//! no per-node subtree walks (a 1 MB page must not go quadratic).

use super::{Document, FormatError};
use crate::corpus::meta::Fields;
use crate::corpus::segment::Layout;
use scraper::node::Element;
use scraper::{Html, Node};
use serde_json::{Map, Value};
use std::collections::HashMap;

const FORMAT: &str = "HTML";

/// How deep container elements may nest before the deeper ones are flattened (their text kept):
/// the HTML tree builder checks the open elements on every tag, so a page nested 20,000 deep
/// takes seconds. Browsers cap the depth they build at about this.
pub const MAX_NESTING: usize = 512;

/// A saved web page: its article, and a note when its nesting had to be flattened.
pub fn parse_page(html: &str) -> Result<super::Parsed, FormatError> {
    let (limited, flattened) = limit_nesting(html, MAX_NESTING);
    let document = parse(&limited)?;
    let notes = (flattened > 0)
        .then(|| {
            format!(
                "{flattened} elements nested deeper than {MAX_NESTING} levels were flattened \
                 (their text is kept)"
            )
        })
        .into_iter()
        .collect();
    Ok(super::Parsed {
        documents: vec![document],
        problems: Vec::new(),
        notes,
    })
}

/// The article in a saved web page.
pub fn parse(html: &str) -> Result<Document, FormatError> {
    let page = Html::parse_document(html);
    let dom = Dom::build(&page, Mode::Page);
    let meta = PageMeta::collect(&dom);
    let body = dom.first_element("body").unwrap_or(0);

    let root = choose_root(&dom, body);
    let headline_h1 = root.and_then(|r| dom.first_visible_within(r, "h1"));
    let mut paragraphs = root
        .map(|r| dom.paragraphs(r, Pass::Extract, headline_h1))
        .unwrap_or_default();
    if paragraphs.is_empty() && root != Some(body) && !dom.items.is_empty() {
        paragraphs = dom.paragraphs(body, Pass::Extract, None);
    }

    let fields = meta.fields(&dom, root);
    if let Some(title) = &fields.title {
        let key = comparison_key(title);
        let repeats = paragraphs
            .iter()
            .take_while(|p| comparison_key(&p.text) == key)
            .count();
        paragraphs.drain(..repeats);
    }
    if paragraphs.is_empty() {
        return Err(FormatError::NoArticles {
            format: FORMAT,
            message: no_text_reason(&dom),
        });
    }

    let mut texts: Vec<String> = Vec::with_capacity(paragraphs.len() + 1);
    if let (Some(_), Some(title)) = (headline_h1, &fields.title) {
        texts.push(title.clone());
    }
    texts.extend(paragraphs.into_iter().map(|p| p.text));
    Ok(Document {
        locator: None,
        id: None,
        text: texts.join("\n\n"),
        layout: Layout::Plain,
        fields,
    })
}

/// The text of an HTML fragment (a feed item's content), paragraphs separated by blank lines.
/// Feeds also carry HTML escaped once more (`&lt;p&gt;`) and plain text; both are handled.
pub fn fragment_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let dom = Dom::build(&fragment, Mode::Fragment);
    if dom.has_markup() {
        return dom.fragment_paragraphs();
    }
    let decoded = dom.all_text();
    if looks_like_escaped_markup(&decoded) {
        let inner = Html::parse_fragment(&decoded);
        let inner_dom = Dom::build(&inner, Mode::Fragment);
        if inner_dom.has_markup() {
            return inner_dom.fragment_paragraphs();
        }
    }
    plain_paragraphs(&decoded)
}

/// Why nothing was extracted, for the message naming the file.
fn no_text_reason(dom: &Dom) -> String {
    let count = dom
        .items
        .iter()
        .enumerate()
        .filter(|(i, item)| item.tag() == Some("p") && dom.has_text_within(*i))
        .count();
    match count {
        0 => "no article text found (the page has 0 paragraphs)".to_string(),
        1 => "no article text found (the page's only paragraph is in navigation, a sidebar, \
              comments or a hidden part)"
            .to_string(),
        n => format!(
            "no article text found (the page's {n} paragraphs are all in navigation, sidebars, \
             comments or hidden parts)"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The arena

/// Whether a tree is a whole page or a fragment: a fragment has no site chrome to tell apart,
/// so a `<header>` in it is content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Page,
    Fragment,
}

#[derive(Debug, Clone, Copy)]
enum Piece<'a> {
    Element(&'a Element),
    Text(&'a str),
}

#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    piece: Piece<'a>,
    parent: Option<usize>,
    /// One past the last index of this item's subtree.
    end: usize,
    /// Dropped from the text: chrome, scripts, hidden parts, or inside one of those.
    hidden: bool,
    in_link: bool,
    in_svg: bool,
    mark: ArticleMark,
    /// Its class or id says it is the content ("entry-content", "story-body").
    content_named: bool,
}

/// Elements that say they hold the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArticleMark {
    None,
    Article,
    ArticleBody,
    Main,
}

/// The attributes extraction looks at, read in one pass over an element's attributes.
#[derive(Debug, Clone, Copy, Default)]
struct Attributes<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    style: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    aria_hidden: Option<&'a str>,
    hidden: bool,
}

impl<'a> Attributes<'a> {
    fn read(el: &'a Element) -> Attributes<'a> {
        let mut attributes = Attributes::default();
        for (name, value) in el.attrs() {
            match name {
                "class" => attributes.class = Some(value),
                "id" => attributes.id = Some(value),
                "style" => attributes.style = Some(value),
                "role" => attributes.role = Some(value),
                "itemprop" => attributes.itemprop = Some(value),
                "aria-hidden" => attributes.aria_hidden = Some(value),
                "hidden" => attributes.hidden = true,
                _ => {}
            }
        }
        attributes
    }

    /// Class names and the id, each as written.
    fn names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.class
            .into_iter()
            .flat_map(str::split_ascii_whitespace)
            .chain(self.id)
    }

    fn mark(&self, tag: &str) -> ArticleMark {
        let role = |wanted: &str| {
            self.role.is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case(wanted))
            })
        };
        let body = self.itemprop.is_some_and(|p| {
            p.split_ascii_whitespace()
                .any(|p| p.eq_ignore_ascii_case("articleBody"))
        });
        if tag == "article" || role("article") {
            ArticleMark::Article
        } else if body {
            ArticleMark::ArticleBody
        } else if tag == "main" || role("main") {
            ArticleMark::Main
        } else {
            ArticleMark::None
        }
    }
}

impl<'a> Item<'a> {
    fn tag(&self) -> Option<&'a str> {
        match self.piece {
            Piece::Element(el) => Some(el.name()),
            Piece::Text(_) => None,
        }
    }

    fn element(&self) -> Option<&'a Element> {
        match self.piece {
            Piece::Element(el) => Some(el),
            Piece::Text(_) => None,
        }
    }
}

/// What ancestors pass down to their descendants while the arena is built.
#[derive(Debug, Clone, Copy, Default)]
struct Inherited {
    hidden: bool,
    in_link: bool,
    in_svg: bool,
    /// Inside `<article>`, `<main>` or an article body: a `<header>` there is the article's own.
    in_article: bool,
}

/// Visible text counts of a subtree, for link density and scoring.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    chars: u32,
    link_chars: u32,
    commas: u32,
}

struct Dom<'a> {
    items: Vec<Item<'a>>,
    counts: Vec<Counts>,
}

impl<'a> Dom<'a> {
    fn build(html: &'a Html, mode: Mode) -> Dom<'a> {
        let mut items: Vec<Item<'a>> = Vec::new();
        let mut stack = Vec::new();
        let root = html.tree.root();
        let mut child = root.last_child();
        while let Some(c) = child {
            stack.push((c, None, Inherited::default()));
            child = c.prev_sibling();
        }
        while let Some((node, parent, inherited)) = stack.pop() {
            let index = items.len();
            let mut mark = ArticleMark::None;
            let mut content_named = false;
            let (piece, passed_down) = match node.value() {
                Node::Text(text) => (Piece::Text(text), inherited),
                Node::Element(el) => {
                    let name = el.name();
                    let attributes = Attributes::read(el);
                    mark = attributes.mark(name);
                    content_named = attributes.names().any(is_content_name);
                    let in_svg = inherited.in_svg || name == "svg";
                    let hidden = inherited.hidden
                        || in_svg
                        || is_dropped(name, &attributes, mark, &inherited, mode);
                    let passed = Inherited {
                        hidden,
                        in_link: inherited.in_link || name == "a",
                        in_svg,
                        in_article: inherited.in_article || mark != ArticleMark::None,
                    };
                    (Piece::Element(el), passed)
                }
                _ => continue,
            };
            items.push(Item {
                piece,
                parent,
                end: index + 1,
                hidden: passed_down.hidden,
                in_link: passed_down.in_link,
                in_svg: passed_down.in_svg,
                mark,
                content_named,
            });
            let mut child = node.last_child();
            while let Some(c) = child {
                stack.push((c, Some(index), passed_down));
                child = c.prev_sibling();
            }
        }

        // Pre-order with a stack keeps every subtree contiguous; children follow their parent,
        // so one backward pass sums subtree sizes and visible text.
        let mut sizes = vec![1usize; items.len()];
        let mut counts = vec![Counts::default(); items.len()];
        for i in (0..items.len()).rev() {
            let item = items[i];
            if let (Piece::Text(text), false) = (item.piece, item.hidden) {
                let (mut chars, mut commas) = (0u32, 0u32);
                for c in text.chars() {
                    if !c.is_whitespace() {
                        chars = chars.saturating_add(1);
                    }
                    if c == ',' || c == '،' {
                        commas = commas.saturating_add(1);
                    }
                }
                counts[i].chars = counts[i].chars.saturating_add(chars);
                if item.in_link {
                    counts[i].link_chars = counts[i].link_chars.saturating_add(chars);
                }
                counts[i].commas = counts[i].commas.saturating_add(commas);
            }
            items[i].end = i + sizes[i];
            if let Some(p) = item.parent {
                sizes[p] += sizes[i];
                let own = counts[i];
                let total = &mut counts[p];
                total.chars = total.chars.saturating_add(own.chars);
                total.link_chars = total.link_chars.saturating_add(own.link_chars);
                total.commas = total.commas.saturating_add(own.commas);
            }
        }
        Dom { items, counts }
    }

    fn first_element(&self, name: &str) -> Option<usize> {
        self.items.iter().position(|i| i.tag() == Some(name))
    }

    fn first_visible_within(&self, root: usize, name: &str) -> Option<usize> {
        let end = self.items.get(root)?.end;
        (root..end).find(|&i| {
            let item = &self.items[i];
            !item.hidden && item.tag() == Some(name) && self.has_text_within(i)
        })
    }

    fn parent(&self, index: usize) -> Option<usize> {
        self.items.get(index).and_then(|i| i.parent)
    }

    fn has_text_within(&self, index: usize) -> bool {
        let Some(item) = self.items.get(index) else {
            return false;
        };
        self.items[index..item.end].iter().any(|i| match i.piece {
            Piece::Text(t) => !t.trim().is_empty(),
            Piece::Element(_) => false,
        })
    }

    /// The text of a subtree, hidden parts included, whitespace collapsed: for `<title>`,
    /// `<h1>` and the like.
    fn text_within(&self, index: usize) -> String {
        let Some(item) = self.items.get(index) else {
            return String::new();
        };
        let mut line = Line::default();
        for i in &self.items[index..item.end] {
            if let Piece::Text(t) = i.piece {
                line.push_text(t);
            }
        }
        line.take()
    }

    fn all_text(&self) -> String {
        self.items
            .iter()
            .filter_map(|i| match i.piece {
                Piece::Text(t) => Some(t),
                Piece::Element(_) => None,
            })
            .collect()
    }

    /// Whether a fragment holds any element besides the wrapper the parser adds.
    fn has_markup(&self) -> bool {
        self.items.iter().skip(1).any(|i| i.element().is_some())
    }

    fn fragment_paragraphs(&self) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        self.paragraphs(0, Pass::Extract, None)
            .into_iter()
            .map(|p| p.text)
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn link_density(&self, index: usize) -> f32 {
        let counts = self.counts[index];
        if counts.chars == 0 {
            0.0
        } else {
            counts.link_chars as f32 / counts.chars as f32
        }
    }

    /// Link lists, tag rows and "Read also" boxes: blocks that are mostly links.
    fn is_link_dense(&self, index: usize) -> bool {
        let Some(tag) = self.items[index].tag() else {
            return false;
        };
        let counts = self.counts[index];
        if counts.link_chars == 0 {
            return false;
        }
        let density = self.link_density(index);
        match tag {
            "ul" | "ol" | "dl" | "div" | "section" | "table" | "menu" | "center" => density > 0.5,
            "p" | "li" | "h2" | "h3" | "h4" | "h5" | "h6" => counts.chars < 160 && density > 0.7,
            _ => false,
        }
    }

    /// The paragraphs of a subtree: every block element starts a new one.
    fn paragraphs(&self, root: usize, pass: Pass, skip: Option<usize>) -> Vec<Paragraph> {
        let mut out = Paragraphs {
            pass,
            found: Vec::new(),
            line: Line::default(),
            open: Vec::new(),
        };
        let Some(root_item) = self.items.get(root) else {
            return Vec::new();
        };
        let end = root_item.end;
        let mut i = root;
        while i < end {
            while let Some(&block) = out.open.last() {
                if self.items[block].end > i {
                    break;
                }
                out.open.pop();
                out.flush(Some(block));
            }
            let item = &self.items[i];
            let dropped = item.hidden
                || Some(i) == skip
                || (pass == Pass::Extract && i != root && self.is_link_dense(i));
            if dropped {
                i = item.end;
                continue;
            }
            match item.piece {
                Piece::Text(text) => out.line.push_text(text),
                Piece::Element(el) => match el.name() {
                    "br" => out.line_break(),
                    "td" | "th" => out.line.cell(),
                    "img" | "hr" | "wbr" => {}
                    name if is_block(name) => {
                        let owner = out.open.last().copied();
                        out.flush(owner);
                        out.open.push(i);
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        while let Some(block) = out.open.pop() {
            out.flush(Some(block));
        }
        out.flush(None);
        out.found
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Every paragraph with the block that holds it, for scoring.
    Score,
    /// The reader's text: link-dense blocks and chrome labels left out.
    Extract,
}

#[derive(Debug)]
struct Paragraph {
    text: String,
    /// The innermost block element the paragraph's text sits in.
    owner: Option<usize>,
}

struct Paragraphs {
    pass: Pass,
    found: Vec<Paragraph>,
    line: Line,
    open: Vec<usize>,
}

impl Paragraphs {
    fn line_break(&mut self) {
        if self.line.line_break() {
            let owner = self.open.last().copied();
            self.flush(owner);
        }
    }

    fn flush(&mut self, owner: Option<usize>) {
        let text = self.line.take();
        if text.trim().is_empty() {
            return;
        }
        if self.pass == Pass::Extract && is_chrome_label(&text) {
            return;
        }
        self.found.push(Paragraph { text, owner });
    }
}

/// One paragraph being assembled: whitespace collapsed across inline elements the way a
/// browser renders it.
#[derive(Debug, Default)]
struct Line {
    text: String,
    space: bool,
    cell: bool,
    after_break: bool,
}

impl Line {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if is_collapsible(c) {
                self.space = true;
                continue;
            }
            if !self.text.is_empty() {
                if self.cell {
                    self.text.push_str(" | ");
                } else if self.space {
                    self.text.push(' ');
                }
            }
            self.space = false;
            self.cell = false;
            self.after_break = false;
            self.text.push(c);
        }
    }

    /// A `<br>`: a space inside the paragraph; two in a row end it. Returns whether it ends.
    fn line_break(&mut self) -> bool {
        self.space = true;
        let ends = self.after_break;
        self.after_break = true;
        ends
    }

    /// A table cell: cells of a row are one paragraph, separated by a bar.
    fn cell(&mut self) {
        if !self.text.is_empty() {
            self.cell = true;
        }
    }

    fn take(&mut self) -> String {
        self.space = false;
        self.cell = false;
        self.after_break = false;
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim_matches(is_blank);
        if trimmed.len() == text.len() {
            text
        } else {
            trimmed.to_string()
        }
    }
}

/// Whitespace a browser collapses. No-break spaces are kept: "10 000" means something.
fn is_collapsible(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

fn is_blank(c: char) -> bool {
    c.is_whitespace()
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Labels of page furniture that survive as a lone block once their links are gone.
fn is_chrome_label(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let label = text
        .trim_end_matches([':', '.', '…', ' ', '»', '›', '→'])
        .to_lowercase();
    matches!(
        label.as_str(),
        "read also"
            | "read more"
            | "also read"
            | "see also"
            | "related"
            | "related articles"
            | "related stories"
            | "related news"
            | "related posts"
            | "more on this story"
            | "more stories"
            | "more from this section"
            | "you may also like"
            | "recommended"
            | "most read"
            | "latest news"
            | "advertisement"
            | "sponsored"
            | "share"
            | "share this"
            | "share this article"
            | "share this story"
            | "share on facebook"
            | "share on twitter"
            | "leave a reply"
            | "leave a comment"
            | "skip to content"
            | "skip to main content"
    )
}

// ---------------------------------------------------------------------------------------------
// What is not article text

/// Elements whose content is never article text.
fn is_dropped_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "title"
            | "meta"
            | "link"
            | "base"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "canvas"
            | "svg"
            | "math"
            | "video"
            | "audio"
            | "source"
            | "track"
            | "map"
            | "form"
            | "input"
            | "button"
            | "select"
            | "option"
            | "optgroup"
            | "textarea"
            | "label"
            | "output"
            | "progress"
            | "meter"
            | "nav"
            | "aside"
            | "footer"
            | "dialog"
            | "menu"
    )
}

const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
    "form",
];

/// Class or id words that mark debris wherever they appear.
const ALWAYS_DEBRIS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "comentarios",
    "disqus",
    "respond",
    "reply",
    "replies",
    "share",
    "shares",
    "sharing",
    "sharedaddy",
    "sharebar",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "adsbygoogle",
    "advert",
    "advertisement",
    "adslot",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "outbrain",
    "taboola",
];

/// Class or id words that mark debris unless the same name also says it is the content
/// (`article-header` is the article's own header, `site-header` is not).
const LIKELY_DEBRIS: &[&str] = &[
    "sidebar",
    "related",
    "relatedposts",
    "widget",
    "widgets",
    "promo",
    "ad",
    "ads",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "header",
    "masthead",
    "banner",
    "pagination",
    "pager",
    "tags",
    "tagcloud",
    "trending",
    "recommended",
    "sponsored",
    "toolbar",
];

const CONTENT_WORDS: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "main", "text",
];

/// Two-word class names ("read-also", "more_stories") that mark link boxes.
const DEBRIS_PAIRS: &[(&str, &str)] = &[
    ("read", "also"),
    ("also", "read"),
    ("read", "more"),
    ("see", "also"),
    ("more", "stories"),
    ("most", "read"),
    ("most", "popular"),
    ("you", "may"),
    ("author", "bio"),
];

/// Class names of text meant only for screen readers or hidden by the stylesheet.
const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "is-hidden",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "d-none",
    "hide",
    "invisible",
];

/// The first word of class names that describe a state or a taxonomy, not a part of the page:
/// `has-sidebar`, `comments-open`'s sibling `no-comments`, WordPress's `category-social`.
const STATE_PREFIXES: &[&str] = &[
    "has", "with", "no", "without", "is", "show", "hide", "category", "tag", "section", "topic",
    "type", "format", "status", "postid", "page", "single", "template",
];

fn is_dropped(
    name: &str,
    attributes: &Attributes,
    mark: ArticleMark,
    inherited: &Inherited,
    mode: Mode,
) -> bool {
    if is_dropped_tag(name) {
        return true;
    }
    if attributes.hidden
        || attributes
            .aria_hidden
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = attributes.style {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if attributes.role.is_some_and(|role| {
        role.split_ascii_whitespace()
            .any(|r| DROPPED_ROLES.iter().any(|d| d.eq_ignore_ascii_case(r)))
    }) {
        return true;
    }
    if mode == Mode::Page
        && name == "header"
        && !inherited.in_article
        && !attributes.class.is_some_and(is_content_name)
    {
        return true;
    }
    // The page's outer shells carry the whole page's state in their classes
    // (`<body class="has-sidebar comments-open">`), and articles their taxonomy.
    if matches!(name, "html" | "body") || mark != ArticleMark::None {
        return false;
    }
    attributes.names().any(is_debris_name)
}

/// The words of a class name, lowercased: "read-also_box" is read, also, box.
fn class_words(lowered: &str) -> impl Iterator<Item = &str> + Clone {
    lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn is_content_name(class_names: &str) -> bool {
    let lowered = class_names.to_lowercase();
    class_words(&lowered).any(|w| CONTENT_WORDS.contains(&w))
}

fn is_debris_name(class_name: &str) -> bool {
    let lowered = class_name.to_lowercase();
    if HIDDEN_CLASSES.contains(&lowered.as_str()) {
        return true;
    }
    let words = class_words(&lowered);
    let Some(first) = words.clone().next() else {
        return false;
    };
    if STATE_PREFIXES.contains(&first)
        || words
            .clone()
            .last()
            .is_some_and(|w| matches!(w, "open" | "closed" | "enabled" | "disabled"))
    {
        return false;
    }
    if words.clone().any(|w| ALWAYS_DEBRIS.contains(&w)) {
        return true;
    }
    if words
        .clone()
        .zip(words.clone().skip(1))
        .any(|pair| DEBRIS_PAIRS.contains(&pair))
    {
        return true;
    }
    let content = words.clone().any(|w| CONTENT_WORDS.contains(&w));
    !content && words.into_iter().any(|w| LIKELY_DEBRIS.contains(&w))
}

// ---------------------------------------------------------------------------------------------
// Finding the article

/// The element holding the article: the `<article>`, article body or `<main>` around the
/// best-scoring block, else that block itself, else the first `<article>` or `<main>`.
fn choose_root(dom: &Dom, body: usize) -> Option<usize> {
    if dom.items.is_empty() {
        return None;
    }
    let Some(best) = best_candidate(dom, body) else {
        let article = dom.items.iter().enumerate().position(|(i, item)| {
            !item.hidden && item.mark != ArticleMark::None && dom.counts[i].chars > 0
        });
        return Some(article.unwrap_or(body));
    };
    let mut ancestors = Vec::new();
    let mut at = Some(best);
    while let Some(i) = at {
        ancestors.push(i);
        at = dom.parent(i);
    }
    [
        ArticleMark::Article,
        ArticleMark::ArticleBody,
        ArticleMark::Main,
    ]
    .iter()
    .find_map(|&wanted| {
        ancestors
            .iter()
            .copied()
            .find(|&i| dom.items[i].mark == wanted)
    })
    .or(Some(best))
}

/// Readability's idea: each paragraph credits the block holding it and, half as much, that
/// block's parent; a candidate's score is discounted by its link density.
fn best_candidate(dom: &Dom, body: usize) -> Option<usize> {
    let paragraphs = dom.paragraphs(body, Pass::Score, None);
    let mut scores: HashMap<usize, f32> = HashMap::new();
    for paragraph in &paragraphs {
        let Some(owner) = paragraph.owner else {
            continue;
        };
        let length = paragraph.text.chars().count();
        if length < 25 {
            continue;
        }
        let tag = dom.items[owner].tag().unwrap_or_default();
        let (first, second) = if is_container(tag) {
            (Some(owner), dom.parent(owner))
        } else {
            let parent = dom.parent(owner);
            (parent, parent.and_then(|p| dom.parent(p)))
        };
        let commas = paragraph
            .text
            .chars()
            .filter(|&c| c == ',' || c == '،')
            .count();
        let points = 1.0 + commas as f32 + (length as f32 / 100.0).min(3.0);
        for (target, share) in [(first, 1.0), (second, 0.5)] {
            let Some(target) = target else { continue };
            if dom.items[target].tag() == Some("html") {
                continue;
            }
            *scores
                .entry(target)
                .or_insert_with(|| base_score(dom, target)) += points * share;
        }
    }
    scores
        .into_iter()
        .map(|(i, score)| (i, score * (1.0 - dom.link_density(i))))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

fn is_container(tag: &str) -> bool {
    matches!(
        tag,
        "div" | "section" | "article" | "main" | "body" | "center" | "figure"
    )
}

fn base_score(dom: &Dom, index: usize) -> f32 {
    let Some(el) = dom.items[index].element() else {
        return 0.0;
    };
    let by_tag = match el.name() {
        "article" => 10.0,
        "div" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let content = dom.items[index].content_named;
    by_tag + if content { 25.0 } else { 0.0 }
}

// ---------------------------------------------------------------------------------------------
// Metadata

/// Metadata the page states about itself, by where it came from.
#[derive(Debug, Default)]
struct PageMeta {
    ld: LdArticle,
    /// `<meta>` content by lowercased `property`, `name` or `itemprop`; the first one wins.
    tags: HashMap<String, String>,
    canonical: Option<String>,
    title_tag: Option<String>,
}

impl PageMeta {
    fn collect(dom: &Dom) -> PageMeta {
        let mut meta = PageMeta::default();
        let mut scripts = Vec::new();
        for (index, item) in dom.items.iter().enumerate() {
            let Some(el) = item.element() else { continue };
            match el.name() {
                "meta" => {
                    let content = el.attr("content").map(squash).filter(|c| !c.is_empty());
                    let Some(content) = content else { continue };
                    for key in ["property", "name", "itemprop"] {
                        if let Some(key) = el.attr(key) {
                            meta.tags
                                .entry(key.trim().to_lowercase())
                                .or_insert_with(|| content.clone());
                        }
                    }
                }
                "link" if meta.canonical.is_none() => {
                    let canonical = el.attr("rel").is_some_and(|rel| {
                        rel.split_ascii_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        meta.canonical = el.attr("href").map(squash);
                    }
                }
                "title" if meta.title_tag.is_none() && !item.in_svg => {
                    meta.title_tag = Some(dom.text_within(index)).filter(|t| !t.is_empty());
                }
                "script" => {
                    let ld = el.attr("type").is_some_and(|t| {
                        t.trim()
                            .to_ascii_lowercase()
                            .starts_with("application/ld+json")
                    });
                    if ld {
                        scripts.push(raw_text_within(dom, index));
                    }
                }
                _ => {}
            }
        }
        meta.ld = LdArticle::from_scripts(&scripts);
        meta
    }

    fn tag(&self, key: &str) -> Option<String> {
        self.tags.get(key).cloned()
    }

    fn fields(&self, dom: &Dom, root: Option<usize>) -> Fields {
        let url = self
            .tag("og:url")
            .filter(|u| is_absolute_url(u))
            .or_else(|| self.canonical.clone().filter(|u| is_absolute_url(u)))
            .or_else(|| self.ld.url.clone().filter(|u| is_absolute_url(u)));

        let stated_outlet = self
            .ld
            .publisher
            .clone()
            .or_else(|| self.tag("og:site_name"))
            .or_else(|| self.tag("application-name"));
        let title_suffix = self
            .title_tag
            .as_deref()
            .and_then(|t| site_suffix(t, url.as_deref()));
        let source = stated_outlet.or(title_suffix);

        let strip = |title: String| match &source {
            Some(outlet) => strip_outlet(&title, outlet),
            None => title,
        };
        let h1 = || {
            let visible = dom.first_visible_within(0, "h1");
            visible
                .or_else(|| dom.first_element("h1"))
                .map(|i| dom.text_within(i))
                .filter(|t| !t.is_empty())
        };
        let title = self
            .ld
            .headline
            .clone()
            .or_else(|| self.tag("og:title").map(strip))
            .or_else(|| self.title_tag.clone().map(strip))
            .filter(|t| !t.is_empty())
            .or_else(h1);

        let author = self
            .ld
            .author
            .clone()
            .or_else(|| self.tag("author").filter(|a| !is_absolute_url(a)))
            .or_else(|| self.tag("article:author").filter(|a| !is_absolute_url(a)));

        let date = self
            .ld
            .date
            .clone()
            .or_else(|| self.tag("article:published_time"))
            .or_else(|| {
                [
                    "date",
                    "pubdate",
                    "publishdate",
                    "dc.date",
                    "dc.date.issued",
                    "dcterms.date",
                    "dcterms.issued",
                    "datepublished",
                ]
                .iter()
                .find_map(|k| self.tag(k))
            })
            .or_else(|| root.and_then(|r| time_within(dom, r)));

        Fields {
            title,
            source,
            date,
            url,
            author,
            label: None,
        }
    }
}

/// A script's text exactly as written (JSON-LD is not HTML: no whitespace collapsing).
fn raw_text_within(dom: &Dom, index: usize) -> String {
    let end = dom.items.get(index).map_or(index, |i| i.end);
    dom.items
        .get(index..end)
        .unwrap_or_default()
        .iter()
        .filter_map(|i| match i.piece {
            Piece::Text(t) => Some(t),
            Piece::Element(_) => None,
        })
        .collect()
}

/// The first `<time datetime>` in the article.
fn time_within(dom: &Dom, root: usize) -> Option<String> {
    let end = dom.items.get(root)?.end;
    dom.items[root..end].iter().find_map(|item| {
        let el = item.element()?;
        (el.name() == "time")
            .then(|| el.attr("datetime"))
            .flatten()
            .map(squash)
            .filter(|d| !d.is_empty())
    })
}

fn is_absolute_url(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Separators between a headline and the site's name in `<title>`, strongest first.
const TITLE_SEPARATORS: &[&str] = &[" | ", " · ", " » ", " :: ", " — ", " – ", " - "];

/// Title minus a leading or trailing " | Outlet" when it names the outlet.
fn strip_outlet(title: &str, outlet: &str) -> String {
    let outlet_key = comparison_key(outlet);
    if outlet_key.is_empty() {
        return title.to_string();
    }
    for separator in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(separator)
            && comparison_key(tail) == outlet_key
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(separator)
            && comparison_key(head) == outlet_key
            && !tail.trim().is_empty()
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

/// The site name a `<title>` ends with, when it clearly is one: after a bar, or after a dash
/// when it matches the page's host or is itself a domain ("Caliber.Az").
fn site_suffix(title: &str, url: Option<&str>) -> Option<String> {
    let host_key = url.map(|u| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        comparison_key(host.strip_prefix("www.").unwrap_or(host))
    });
    for separator in TITLE_SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(separator) else {
            continue;
        };
        let tail = tail.trim();
        let words = tail.split_whitespace().count();
        if tail.is_empty() || words > 5 || tail.chars().count() > 40 {
            continue;
        }
        if head.split_whitespace().count() < 2 {
            continue;
        }
        let strong = matches!(*separator, " | " | " · " | " » " | " :: ");
        let key = comparison_key(tail);
        let names_host = key.len() >= 3
            && host_key
                .as_deref()
                .is_some_and(|h| h.contains(&key) || (h.len() >= 3 && key.contains(h)));
        let is_domain = words == 1 && tail.contains('.') && !tail.ends_with('.');
        if strong || names_host || is_domain {
            return Some(tail.to_string());
        }
    }
    None
}

/// Letters and digits only, lowercased: "France 24" and "france24.com" compare by this.
fn comparison_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn squash(s: &str) -> String {
    let mut line = Line::default();
    line.push_text(s);
    line.take()
}

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct LdArticle {
    headline: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNews",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
];

impl LdArticle {
    /// The first article object in the scripts; scripts that are not valid JSON are ignored,
    /// as browsers and search engines do.
    fn from_scripts(scripts: &[String]) -> LdArticle {
        let values: Vec<Value> = scripts
            .iter()
            .filter_map(|s| serde_json::from_str(strip_script_wrapping(s)).ok())
            .collect();
        let mut objects = Vec::new();
        for value in &values {
            collect_objects(value, &mut objects);
        }
        let by_id: HashMap<&str, &Map<String, Value>> = objects
            .iter()
            .filter(|o| o.len() > 1)
            .filter_map(|o| Some((o.get("@id")?.as_str()?, *o)))
            .collect();
        let Some(article) = objects.iter().find(|o| is_article(o)) else {
            return LdArticle::default();
        };
        let resolve = |value: &'_ Value| -> Option<String> { name_of(value, &by_id) };
        LdArticle {
            headline: article.get("headline").and_then(first_text),
            publisher: article.get("publisher").and_then(resolve),
            author: article
                .get("author")
                .or_else(|| article.get("creator"))
                .and_then(|a| names_of(a, &by_id)),
            date: article.get("datePublished").and_then(first_text),
            url: article.get("url").and_then(first_text),
        }
    }
}

fn strip_script_wrapping(s: &str) -> &str {
    let s = s.trim();
    let s = s.strip_prefix("<!--").unwrap_or(s);
    let s = s.strip_suffix("-->").unwrap_or(s);
    let s = s.trim();
    let s = s.strip_prefix("//<![CDATA[").unwrap_or(s);
    let s = s.strip_prefix("<![CDATA[").unwrap_or(s);
    let s = s.strip_suffix("//]]>").unwrap_or(s);
    s.strip_suffix("]]>").unwrap_or(s)
}

/// Every object in a JSON-LD value, outer ones first. serde_json refuses nesting deeper than
/// 128, which bounds this recursion.
fn collect_objects<'v>(value: &'v Value, out: &mut Vec<&'v Map<String, Value>>) {
    match value {
        Value::Object(map) => {
            out.push(map);
            for inner in map.values() {
                collect_objects(inner, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out);
            }
        }
        _ => {}
    }
}

fn is_article(object: &Map<String, Value>) -> bool {
    let matches = |t: &str| {
        let t = t.rsplit(['/', ':', '#']).next().unwrap_or(t).trim();
        ARTICLE_TYPES.iter().any(|a| a.eq_ignore_ascii_case(t))
    };
    match object.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

fn first_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(decode_entities(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(first_text),
        _ => None,
    }
}

/// A person's or an organisation's name: a string, an object with `name`, or a reference by
/// `@id` to an object elsewhere in the page's JSON-LD.
fn name_of(value: &Value, by_id: &HashMap<&str, &Map<String, Value>>) -> Option<String> {
    match value {
        Value::String(s) if !is_absolute_url(s) => {
            Some(decode_entities(s)).filter(|s| !s.is_empty())
        }
        Value::Object(map) => map.get("name").and_then(first_text).or_else(|| {
            let id = map.get("@id")?.as_str()?;
            by_id.get(id)?.get("name").and_then(first_text)
        }),
        Value::Array(items) => items.iter().find_map(|v| name_of(v, by_id)),
        _ => None,
    }
}

/// All the authors' names, joined with commas.
fn names_of(value: &Value, by_id: &HashMap<&str, &Map<String, Value>>) -> Option<String> {
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(|v| name_of(v, by_id)).collect(),
        other => name_of(other, by_id).into_iter().collect(),
    };
    let mut unique: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    Some(unique.join(", ")).filter(|s| !s.is_empty())
}

/// JSON-LD strings are sometimes HTML-escaped by the CMS ("Peace &amp; war").
fn decode_entities(s: &str) -> String {
    if s.contains('&') {
        let fragment = Html::parse_fragment(s);
        squash(&Dom::build(&fragment, Mode::Fragment).all_text())
    } else {
        squash(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Fragments that are not markup

/// Escaped markup decodes to text that starts tags: `<p>`, `</div>`, `<br/>`.
fn looks_like_escaped_markup(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<p>",
        "<p ",
        "</p>",
        "<br",
        "<div",
        "</div>",
        "<a href",
        "</a>",
        "<li>",
        "<ul>",
        "<em>",
        "<strong>",
        "<blockquote",
        "<h2",
        "<h3",
        "<img ",
        "<span",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// Plain text: paragraphs are separated by blank lines, lines inside one are joined.
fn plain_paragraphs(text: &str) -> String {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                paragraphs.push(squash(&current));
            }
            current.clear();
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        paragraphs.push(squash(&current));
    }
    paragraphs.join("\n\n")
}

/// Container elements that stay open until their end tag, whatever follows: the ones a page can
/// nest without limit. (Elements such as `<p>` and `<li>` close themselves.)
const CONTAINERS: &[&str] = &[
    "a",
    "article",
    "aside",
    "b",
    "blockquote",
    "center",
    "dd",
    "details",
    "dl",
    "div",
    "em",
    "fieldset",
    "figure",
    "font",
    "footer",
    "form",
    "header",
    "i",
    "main",
    "nav",
    "ol",
    "section",
    "small",
    "span",
    "strong",
    "table",
    "u",
    "ul",
];

/// Elements whose content is text, not tags.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// A tag as the scanner sees it.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    /// Byte range of the whole tag, `<` to `>`.
    start: usize,
    end: usize,
}

/// The next tag at or after `from` (comments, doctypes and processing instructions skipped),
/// and where scanning goes on.
fn next_tag(html: &str, mut from: usize) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    loop {
        let start = from + html.get(from..)?.find('<')?;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            from = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        let name_len = bytes
            .get(name_start..)?
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml>`, or a lone `<` in text.
            from = start + 1;
            continue;
        }
        // The tag ends at the first `>` outside quoted attribute values.
        let mut quote: Option<u8> = None;
        let mut at = name_start + name_len;
        while let Some(&b) = bytes.get(at) {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'>') => break,
                _ => {}
            }
            at += 1;
        }
        return Some(Tag {
            name: &html[name_start..name_start + name_len],
            closing,
            start,
            end: (at + 1).min(html.len()),
        });
    }
}

/// Where the raw text of element `name` (lowercase) that starts at `from` ends: at its end tag,
/// in any case, or at the end of the page. Nothing is copied: a page of a thousand scripts
/// stays one linear scan.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html.get(at..).and_then(|rest| rest.find("</")) {
        let start = at + i;
        let candidate = bytes.get(start + 2..start + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return start;
        }
        at = start + 2;
    }
    html.len()
}

/// The page with container elements nested deeper than `max` removed (start and end tags
/// only: their content stays, in place), and how many were removed. One linear scan; the page
/// is returned as it is when nothing is that deep.
pub fn limit_nesting(html: &str, max: usize) -> (std::borrow::Cow<'_, str>, usize) {
    // Open containers, innermost last: (name, kept).
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut kept_depth = 0usize;
    let mut removed: Vec<std::ops::Range<usize>> = Vec::new();
    let mut flattened = 0usize;
    let mut from = 0;
    while let Some(tag) = next_tag(html, from) {
        from = tag.end;
        let name = tag.name.to_ascii_lowercase();
        if !tag.closing && RAW_TEXT.contains(&name.as_str()) {
            // Skip to the matching end tag: what is inside is not markup.
            from = raw_text_end(html, from, &name);
            continue;
        }
        if !CONTAINERS.contains(&name.as_str()) || html[tag.start..tag.end].ends_with("/>") {
            continue;
        }
        if !tag.closing {
            let keep = kept_depth < max;
            if keep {
                kept_depth += 1;
            } else {
                removed.push(tag.start..tag.end);
                flattened += 1;
            }
            open.push((name, keep));
        } else if let Some(at) = open.iter().rposition(|(n, _)| *n == name) {
            let kept_here = open[at + 1..].iter().filter(|(_, k)| *k).count();
            kept_depth -= kept_here;
            if open[at].1 {
                kept_depth -= 1;
            } else {
                removed.push(tag.start..tag.end);
            }
            open.truncate(at);
        }
    }
    if removed.is_empty() {
        return (std::borrow::Cow::Borrowed(html), 0);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for range in removed {
        out.push_str(&html[last..range.start]);
        last = range.end;
    }
    out.push_str(&html[last..]);
    (std::borrow::Cow::Owned(out), flattened)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>")
    }

    fn text_of(html: &str) -> String {
        parse(html)
            .map(|d| d.text)
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn inline_elements_join_with_the_spacing_written() {
        let html = page(
            "<article><p>One <b>two</b>three, <a href=x>four</a>\n  five&nbsp;six &amp; seven</p></article>",
        );
        assert_eq!(text_of(&html), "One twothree, four five\u{a0}six & seven");
    }

    #[test]
    fn blocks_become_paragraphs() {
        let html = page(
            "<article><h2>Sub</h2><p>First para.</p><ul><li>Item one</li><li>Item <i>two</i></li></ul>\
             <blockquote><p>Quoted.</p></blockquote><pre>code  here</pre>\
             <table><tr><td>Baku</td><td>12</td></tr><tr><th>Yerevan</th><td>9</td></tr></table></article>",
        );
        assert_eq!(
            text_of(&html),
            "Sub\n\nFirst para.\n\nItem one\n\nItem two\n\nQuoted.\n\ncode here\n\nBaku | 12\n\nYerevan | 9"
        );
    }

    #[test]
    fn one_break_is_a_space_two_end_the_paragraph() {
        let html = page("<article><div>Line one<br>line two<br><br>New para</div></article>");
        assert_eq!(text_of(&html), "Line one line two\n\nNew para");
    }

    #[test]
    fn hidden_and_chrome_are_dropped() {
        let html = page(
            "<article><p>Kept.</p><p hidden>Gone1</p><p style=\"display: none\">Gone2</p>\
             <div aria-hidden=\"true\">Gone3</div><span class=\"screen-reader-text\">Gone4</span>\
             <div class=\"share-buttons\">Gone5</div><div class=\"entry-content\"><p>Also kept.</p></div>\
             <form><p>Gone6</p></form><noscript>Gone7</noscript></article>",
        );
        assert_eq!(text_of(&html), "Kept.\n\nAlso kept.");
    }

    #[test]
    fn state_classes_on_shells_do_not_hide_the_page() {
        let html = "<html><body class=\"single has-sidebar comments-open\"><div id=\"page\" class=\"content-sidebar-wrap\">\
                    <div class=\"has-sidebar\"><p>Text that stays, with commas, and more words here.</p></div></div></body></html>";
        assert_eq!(
            text_of(html),
            "Text that stays, with commas, and more words here."
        );
    }

    #[test]
    fn debris_names() {
        for name in [
            "comments",
            "comment-respond",
            "read-also",
            "site-header",
            "sidebar",
            "sr-only",
            "relatedPosts",
        ] {
            assert!(is_debris_name(name), "{name}");
        }
        for name in [
            "entry-content",
            "article-header",
            "has-sidebar",
            "category-social",
            "commentary",
            "headline",
            "comments-open",
        ] {
            assert!(!is_debris_name(name), "{name}");
        }
    }

    #[test]
    fn title_suffixes() {
        assert_eq!(
            strip_outlet("Talks resume | Reuters", "Reuters"),
            "Talks resume"
        );
        assert_eq!(
            strip_outlet("Reuters - Talks resume", "Reuters"),
            "Talks resume"
        );
        assert_eq!(
            strip_outlet("Armenia - Azerbaijan talks", "Reuters"),
            "Armenia - Azerbaijan talks"
        );
        assert_eq!(
            site_suffix("Talks resume in Brussels | OC Media", None).as_deref(),
            Some("OC Media")
        );
        assert_eq!(
            site_suffix(
                "Talks resume in Brussels - France 24",
                Some("https://www.france24.com/en/x")
            )
            .as_deref(),
            Some("France 24")
        );
        assert_eq!(
            site_suffix("Talks resume in Brussels - Caliber.Az", None).as_deref(),
            Some("Caliber.Az")
        );
        assert_eq!(site_suffix("Armenia - Azerbaijan talks resume", None), None);
        assert_eq!(site_suffix("Baku and Yerevan - a long road", None), None);
    }

    #[test]
    fn json_ld_forms() {
        let scripts = [r##"{"@context":"https://schema.org","@graph":[
            {"@type":"Organization","@id":"#org","name":"Example News"},
            {"@type":"Person","@id":"#p1","name":"Ann Smith"},
            {"@type":["Article","NewsArticle"],"headline":"Peace &amp; war","publisher":{"@id":"#org"},
             "author":[{"@id":"#p1"},{"@type":"Person","name":"Bo Li"},"Ann Smith"],
             "datePublished":"2023-09-19T14:05:00+04:00"}]}"##
            .to_string()];
        let ld = LdArticle::from_scripts(&scripts);
        assert_eq!(ld.headline.as_deref(), Some("Peace & war"));
        assert_eq!(ld.publisher.as_deref(), Some("Example News"));
        assert_eq!(ld.author.as_deref(), Some("Ann Smith, Bo Li"));
        assert_eq!(ld.date.as_deref(), Some("2023-09-19T14:05:00+04:00"));

        let not_article = [r#"{"@type":"WebPage","headline":"No"}"#.to_string()];
        assert_eq!(LdArticle::from_scripts(&not_article), LdArticle::default());
        let broken = [r#"{"@type":"NewsArticle","headline":"x""#.to_string()];
        assert_eq!(LdArticle::from_scripts(&broken), LdArticle::default());
    }

    #[test]
    fn json_ld_dates_are_read_by_the_loader() {
        let date = crate::corpus::meta::parse_date("2023-09-19T14:05:00+04:00");
        assert_eq!(date.map(|d| d.iso()).as_deref(), Some("2023-09-19T14:05"));
    }

    #[test]
    fn empty_and_text_free_pages_are_errors() {
        for html in [
            "",
            "<html></html>",
            "<p>   </p>",
            "<nav><p>Only nav</p></nav>",
        ] {
            assert!(
                matches!(
                    parse(html),
                    Err(FormatError::NoArticles { format: "HTML", .. })
                ),
                "{html:?}"
            );
        }
        let err = parse("<html><body><img src=x></body></html>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no articles in this HTML file: no article text found (the page has 0 paragraphs)"
        );
        let err = parse("<nav><p>One</p><p>Two</p></nav>").unwrap_err();
        assert!(
            err.to_string()
                .contains("2 paragraphs are all in navigation")
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}<p>deep text</p>", "<div>".repeat(20_000));
        assert!(text_of(&html).ends_with("deep text"));
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_flattened_and_said() {
        let deep = format!(
            "<html><body><article>{}<p>deep text</p>{}</article><p>after</p></body></html>",
            "<div class=\"x>y\">".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let parsed = parse_page(&deep).expect("a page");
        assert_eq!(
            parsed.notes,
            [format!(
                "{} elements nested deeper than {MAX_NESTING} levels were flattened (their text is kept)",
                20_000 + 1 - MAX_NESTING
            )]
        );
        assert!(parsed.documents[0].text.contains("deep text"));

        let (limited, flattened) = limit_nesting(&deep, MAX_NESTING);
        assert_eq!(flattened, 20_000 + 1 - MAX_NESTING);
        assert_eq!(limited.matches("<div").count(), MAX_NESTING - 1);
        assert_eq!(limited.matches("</div>").count(), MAX_NESTING - 1);
        assert!(limited.ends_with("</article><p>after</p></body></html>"));
    }

    #[test]
    fn the_nesting_limit_reads_tags_as_a_parser_does() {
        // Nothing deep: the page comes back as it is, not copied.
        let page = "<div><p>one<div><span>two</span></div></div>";
        assert!(matches!(
            limit_nesting(page, 3),
            (std::borrow::Cow::Borrowed(_), 0)
        ));
        // A limit of 2: the third level goes, its end tag with it, its text stays.
        let (out, n) = limit_nesting("<div><div><div>x</div>y</div></div>", 2);
        assert_eq!((out.as_ref(), n), ("<div><div>xy</div></div>", 1));
        // Tags inside scripts, comments and quoted attributes are not tags; an end tag closes
        // what it names and everything left open inside it; unknown end tags change nothing.
        let (out, n) = limit_nesting(
            "<div title='a>b'><script>'<div><div></a>'</SCRIPT><!-- <div> --><b><i></div></span><div><div>z</div></div>",
            2,
        );
        assert_eq!(n, 1, "{out}");
        assert!(out.ends_with("</span><div><div>z</div></div>"), "{out}");
        assert!(out.contains("<script>'<div><div></a>'</SCRIPT>"));
    }

    #[test]
    fn fragments() {
        assert_eq!(fragment_text(""), "");
        assert_eq!(
            fragment_text("<p>One &amp; two</p><p>Three<br>four</p>"),
            "One & two\n\nThree four"
        );
        assert_eq!(
            fragment_text("&lt;p&gt;Escaped &amp;amp; once&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;"),
            "Escaped & once\n\nTwo"
        );
        assert_eq!(
            fragment_text("Plain line one\nwrapped here.\n\n  Second   para"),
            "Plain line one wrapped here.\n\nSecond para"
        );
        assert_eq!(
            fragment_text("Lead text<br><br>After <script>x()</script>break"),
            "Lead text\n\nAfter break"
        );
        assert_eq!(fragment_text("Use 3 < 4 &amp; 5 > 2"), "Use 3 < 4 & 5 > 2");
    }
}
