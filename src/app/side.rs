//! What the side panel says: the inspector for the highlight under the highlight cursor, the
//! open article's metadata, the passage under the cursor, and what the article names. Plain
//! styled text lines; the UI maps the tones to colours.

use super::App;
use crate::analysis::quantities::Value;
use crate::analysis::spans::{Span, SpanKind};
use crate::corpus::{Origin, Role};
use crate::lexicon::Target;
use crate::wrap::{truncate, width as text_width, wrap};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Heading,
    Label,
    Text,
    Strong,
    Source,
    Date,
    Dim,
    Warning,
    /// A highlight kind's colour.
    Mark(SpanKind),
    /// A lexicon convention's colour, by its index.
    Side(usize),
    Selected,
}

/// The side panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideTab {
    /// The open article, the passage under the cursor, its notes, the inspector.
    #[default]
    Details,
    /// How the other sources tell the passage under the cursor.
    Compare,
    /// Concept × source: which variant each source uses.
    Terms,
    /// Numeric claims grouped by what they count, disagreements first.
    Claims,
    /// Events covered by several sources, as a timeline, and what this article omits.
    Events,
    /// Each source's distinctive vocabulary.
    Words,
}

impl SideTab {
    pub const ALL: [SideTab; 6] = [
        SideTab::Details,
        SideTab::Compare,
        SideTab::Terms,
        SideTab::Claims,
        SideTab::Events,
        SideTab::Words,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SideTab::Details => "Details",
            SideTab::Compare => "Compare",
            SideTab::Terms => "Terms",
            SideTab::Claims => "Claims",
            SideTab::Events => "Events",
            SideTab::Words => "Words",
        }
    }

    pub fn step(self, forward: bool) -> SideTab {
        let i = SideTab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = SideTab::ALL.len();
        SideTab::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// One line of the panel: styled pieces, already fitted to the panel width.
pub type SideLine = Vec<(Tone, String)>;

#[derive(Debug, Clone, Default)]
pub struct SideContent {
    /// The lines asked for: all of them, or those of a window (from `first`).
    pub lines: Vec<SideLine>,
    /// Which line of the whole panel `lines[0]` is.
    pub first: usize,
    /// How many lines the whole panel has.
    pub total: usize,
    /// The line each keyword-in-context entry starts on.
    pub kwic_lines: Vec<usize>,
}

/// The part of the panel a caller shows: `rows` lines from `scroll`, where a scroll past the
/// last full page stands for the last page. A tab with tens of thousands of entries (the
/// claims of a large corpus) lays out only these lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub scroll: usize,
    pub rows: usize,
}

impl Window {
    pub const ALL: Window = Window {
        scroll: 0,
        rows: usize::MAX,
    };
    /// No lines: for the panel's length and where its entries start.
    pub const LAYOUT: Window = Window { scroll: 0, rows: 0 };
}

/// Collects the lines of a window out of a panel laid out line by line, counting the rest.
struct WindowedLines {
    from: usize,
    to: usize,
    at: usize,
    lines: Vec<SideLine>,
}

impl WindowedLines {
    fn push(&mut self, line: SideLine) {
        if self.shows(1) {
            self.lines.push(line);
        }
        self.at += 1;
    }

    /// Whether any of the next `n` lines is in the window.
    fn shows(&self, n: usize) -> bool {
        self.at < self.to && self.at + n > self.from
    }

    fn skip(&mut self, n: usize) {
        self.at += n;
    }
}

const LABEL_WIDTH: usize = 9;
/// Names shown per kind before "and N more".
const NAMES_PER_KIND: usize = 8;
/// Sources the Terms tab names one by one, per concept.
const SOURCES_LISTED: usize = 12;
/// Keyword-in-context entries listed at most.
pub const KWIC_LIMIT: usize = 200;

fn origin_note(origin: Origin) -> &'static str {
    match origin {
        Origin::Manifest => " (manifest)",
        Origin::FrontMatter => " (front matter)",
        Origin::Format => " (file metadata)",
        Origin::Text => "",
        Origin::FileName => " (file name)",
    }
}

fn field(out: &mut Vec<SideLine>, label: &str, value: &str, tone: Tone, width: usize) {
    let value_width = width.saturating_sub(LABEL_WIDTH).max(8);
    for (i, line) in wrap(value, value_width).into_iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        out.push(vec![
            (Tone::Label, format!("{label:<LABEL_WIDTH$}")),
            (tone, line.into_owned()),
        ]);
    }
}

fn paragraph(out: &mut Vec<SideLine>, text: &str, tone: Tone, width: usize) {
    for line in wrap(text, width) {
        out.push(vec![(tone, line.into_owned())]);
    }
}

/// A list item: wrapped lines after the first are indented by `indent` columns.
fn item(out: &mut Vec<SideLine>, text: &str, first: Tone, rest: Tone, indent: usize, width: usize) {
    let pad = " ".repeat(indent);
    let options = textwrap::Options::new(width.max(indent + 8))
        .subsequent_indent(&pad)
        .break_words(true);
    for (i, line) in textwrap::wrap(text, options).into_iter().enumerate() {
        out.push(vec![(if i == 0 { first } else { rest }, line.into_owned())]);
    }
}

/// The panel's lines at a width.
pub fn content(app: &App, width: usize) -> SideContent {
    content_in(app, width, Window::ALL)
}

/// The panel at a width: its length, where its entries start, and the lines of `window`
/// (or more).
pub fn content_in(app: &App, width: usize, window: Window) -> SideContent {
    let mut content = match app.side.tab {
        SideTab::Details => details(app, width),
        SideTab::Compare => compare(app, width),
        SideTab::Terms => terms(app, width),
        SideTab::Claims => return claims(app, width, window),
        SideTab::Events => events(app, width),
        SideTab::Words => words(app, width),
    };
    content.total = content.lines.len();
    content
}

/// The Compare tab: each other source's best-aligned passage, its score, and what differs.
fn compare(app: &App, width: usize) -> SideContent {
    let mut content = SideContent::default();
    let out = &mut content.lines;
    let Some((index, _)) = app.cursor_passage() else {
        out.push(vec![(
            Tone::Dim,
            "No passage under the cursor.".to_string(),
        )]);
        return content;
    };
    out.push(vec![(
        Tone::Heading,
        format!("How the other sources tell ¶{}", index + 1),
    )]);
    let comparison = app
        .comparison
        .as_ref()
        .filter(|c| Some(c.article) == app.reader.article && c.passage == index);
    let Some(comparison) = comparison else {
        let state = if app.align_index.is_none() {
            "aligning the corpus…"
        } else {
            "comparing…"
        };
        out.push(vec![(Tone::Dim, state.to_string())]);
        return content;
    };
    if comparison.matches.is_empty() {
        paragraph(
            out,
            "No other source has a comparable passage.",
            Tone::Dim,
            width,
        );
    }
    for (i, m) in comparison.matches.iter().enumerate() {
        let Some(article) = app.articles.get(m.article) else {
            continue;
        };
        out.push(Vec::new());
        content.kwic_lines.push(out.len());
        let selected = i == app.side.kwic;
        let filled = ((m.score.clamp(0.0, 1.0) * 10.0).round()) as usize;
        out.push(vec![
            (
                if selected { Tone::Selected } else { Tone::Text },
                if selected { "▶ " } else { "  " }.to_string(),
            ),
            (
                Tone::Source,
                truncate(&m.source, width.saturating_sub(18)).into_owned(),
            ),
            (
                Tone::Dim,
                format!(
                    " {}{} {:.2}",
                    "█".repeat(filled),
                    "░".repeat(10 - filled),
                    m.score
                ),
            ),
        ]);
        let text = article.passage_text(m.passage).unwrap_or_default();
        for line in wrap(
            &format!("¶{} {text}", m.passage + 1),
            width.saturating_sub(2),
        ) {
            out.push(vec![(Tone::Text, format!("  {line}"))]);
        }
        for d in &m.differences {
            let (label, line) = match d.kind {
                crate::analysis::align::DifferenceKind::Term => (
                    "≠ name",
                    format!("{}: here {} — there {}", d.concept, d.here, d.there),
                ),
                crate::analysis::align::DifferenceKind::Number => (
                    "≠ number",
                    format!("{}: here {} — there {}", d.concept, d.here, d.there),
                ),
                crate::analysis::align::DifferenceKind::MissingEntity if d.there.is_empty() => {
                    ("∅ only here", d.here.clone())
                }
                crate::analysis::align::DifferenceKind::MissingEntity => {
                    ("∅ only there", d.there.clone())
                }
            };
            item(
                out,
                &format!("  {label} {line}"),
                Tone::Warning,
                Tone::Warning,
                4,
                width,
            );
        }
    }
    if !comparison.unmatched_sources.is_empty() {
        out.push(Vec::new());
        // A corpus without sources makes every article an outlet: name a few, count the rest.
        let shown: Vec<&str> = comparison
            .unmatched_sources
            .iter()
            .take(20)
            .map(String::as_str)
            .collect();
        let more = comparison
            .unmatched_sources
            .len()
            .saturating_sub(shown.len());
        let rest = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        item(
            out,
            &format!("No comparable passage in: {}{rest}", shown.join(", ")),
            Tone::Dim,
            Tone::Dim,
            2,
            width,
        );
    }
    out.push(Vec::new());
    paragraph(
        out,
        "tab here, j/k to pick, enter opens it, ctrl-o comes back.",
        Tone::Dim,
        width,
    );
    content
}

/// The claims ledger: what the sources count, with provenance; never a verdict. The selected
/// claim shows its whole sentence, the others one line of it around the figure: every entry's
/// height is known without laying it out, so only the window's lines are made, however many
/// claims a corpus has.
fn claims(app: &App, width: usize, window: Window) -> SideContent {
    let mut head = Vec::new();
    let Some(ledger) = &app.ledger else {
        head.push(vec![(Tone::Dim, "building the claims ledger…".to_string())]);
        return whole(head);
    };
    head.push(vec![(Tone::Heading, "Claims: who counts what".to_string())]);
    paragraph(
        &mut head,
        "Figures grouped by what they count; where sources disagree it says so. Provenance, not a verdict.",
        Tone::Dim,
        width,
    );
    if ledger.claims.is_empty() {
        head.push(vec![(Tone::Dim, "no numeric claims found".to_string())]);
        return whole(head);
    }
    let selected = app.side.kwic;
    let mut selected_sentence = Vec::new();
    if let Some(claim) = ledger.claims.iter().flat_map(|g| &g.claims).nth(selected) {
        let (_, sentence) = claim.quoted_in(&app.articles);
        item(
            &mut selected_sentence,
            &format!("    “{sentence}”"),
            Tone::Dim,
            Tone::Dim,
            5,
            width,
        );
    }
    // Lines the selected claim takes beyond the two every claim takes.
    let extra = selected_sentence.len().saturating_sub(1);
    let claim_lines = |k: usize| 2 + if k == selected { extra } else { 0 };
    let total = head.len()
        + ledger
            .claims
            .iter()
            .map(|g| 2 + 2 * g.claims.len())
            .sum::<usize>()
        + extra;
    let from = window.scroll.min(total.saturating_sub(window.rows));
    let mut out = WindowedLines {
        from,
        to: from.saturating_add(window.rows),
        at: 0,
        lines: Vec::new(),
    };
    let mut kwic_lines = Vec::new();
    for line in head {
        out.push(line);
    }
    let mut k = 0;
    for group in &ledger.claims {
        let n = group.claims.len();
        let group_lines: usize = 2 + (k..k + n).map(claim_lines).sum::<usize>();
        if !out.shows(group_lines) {
            let mut at = out.at + 2;
            for i in k..k + n {
                kwic_lines.push(at);
                at += claim_lines(i);
            }
            out.skip(group_lines);
            k += n;
            continue;
        }
        out.push(Vec::new());
        let state = if group.disagreement {
            " — sources disagree"
        } else {
            ""
        };
        out.push(vec![
            (Tone::Strong, group.counted.clone()),
            (Tone::Warning, state.to_string()),
        ]);
        for claim in &group.claims {
            kwic_lines.push(out.at);
            if !out.shows(claim_lines(k)) {
                out.skip(claim_lines(k));
                k += 1;
                continue;
            }
            // The figure comes with its hedge: "more than 6,000".
            let (figure, _) = claim.quoted_in(&app.articles);
            let marker = if k == selected { "▶ " } else { "  " };
            let entry = format!("{marker}{}: {figure}", claim.source);
            out.push(vec![(Tone::Text, truncate(&entry, width).into_owned())]);
            if k == selected {
                for line in selected_sentence.drain(..) {
                    out.push(line);
                }
            } else {
                let [before, written, after] = claim.context_in(&app.articles);
                let [before, written, after] =
                    crate::wrap::around(&before, &written, &after, width.saturating_sub(6));
                out.push(vec![
                    (Tone::Dim, format!("    “{before}")),
                    (Tone::Text, written),
                    (Tone::Dim, format!("{after}”")),
                ]);
            }
            k += 1;
        }
    }
    SideContent {
        lines: out.lines,
        first: from,
        total,
        kwic_lines,
    }
}

/// A panel of a few lines, all of them shown.
fn whole(lines: Vec<SideLine>) -> SideContent {
    SideContent {
        total: lines.len(),
        lines,
        ..SideContent::default()
    }
}

/// Events covered by several sources, as a timeline; what the open article leaves out.
fn events(app: &App, width: usize) -> SideContent {
    let mut content = SideContent::default();
    let out = &mut content.lines;
    let Some(ledger) = &app.ledger else {
        out.push(vec![(
            Tone::Dim,
            "finding events across sources…".to_string(),
        )]);
        return content;
    };
    let current = app.reader.article;
    out.push(vec![(Tone::Heading, "Events across sources".to_string())]);
    paragraph(out, "◆ this article covers it.", Tone::Dim, width);
    for (i, event) in ledger.events.events.iter().enumerate() {
        out.push(Vec::new());
        let here = current.is_some_and(|a| event.passages.iter().any(|(x, _)| *x == a));
        let dates = if event.dates.is_empty() {
            "undated".to_string()
        } else {
            event.dates.join(", ")
        };
        content.kwic_lines.push(out.len());
        let marker = if i == app.side.kwic { "▶" } else { " " };
        out.push(vec![
            (Tone::Selected, marker.to_string()),
            (
                Tone::Strong,
                format!("{}{}. ", if here { "◆ " } else { "  " }, i + 1),
            ),
            (Tone::Date, dates),
        ]);
        item(
            out,
            &format!("    {}", event.label),
            Tone::Text,
            Tone::Text,
            4,
            width,
        );
        item(
            out,
            &format!("    covered by: {}", event.sources.join(", ")),
            Tone::Source,
            Tone::Source,
            4,
            width,
        );
    }
    if let Some(why) = &ledger.events.skipped {
        out.push(vec![(Tone::Dim, why.clone())]);
    } else if ledger.events.events.is_empty() {
        out.push(vec![(
            Tone::Dim,
            "no passage is aligned across two sources".to_string(),
        )]);
    }
    if let Some(a) = current {
        let omitted: Vec<String> = ledger
            .events
            .omissions
            .iter()
            .filter(|o| o.article == a)
            .map(|o| {
                format!(
                    "{} (covered by {} other source(s))",
                    o.event + 1,
                    o.covered_by
                )
            })
            .collect();
        out.push(Vec::new());
        out.push(vec![(Tone::Heading, "Omitted here".to_string())]);
        if omitted.is_empty() {
            out.push(vec![(Tone::Dim, "nothing most sources cover".to_string())]);
        } else {
            item(
                out,
                &format!("events {}", omitted.join(", ")),
                Tone::Warning,
                Tone::Warning,
                2,
                width,
            );
        }
    }
    content
}

/// Each source's distinctive vocabulary, the open article's source first.
fn words(app: &App, width: usize) -> SideContent {
    let mut content = SideContent::default();
    let out = &mut content.lines;
    let Some(groups) = &app.words else {
        out.push(vec![(
            Tone::Dim,
            "weighing each source's vocabulary…".to_string(),
        )]);
        return content;
    };
    out.push(vec![(Tone::Heading, "Distinctive words".to_string())]);
    if let Some(reason) = &app.words_skipped {
        paragraph(out, reason, Tone::Dim, width);
        return content;
    }
    paragraph(
        out,
        "Per source against the rest: log-odds with an informative Dirichlet prior, z-scores. / searches a word across sources.",
        Tone::Dim,
        width,
    );
    let current = app.current_article().map(|a| a.outlet().to_string());
    let mut ordered: Vec<_> = groups.iter().collect();
    ordered.sort_by_key(|g| Some(&g.group) != current.as_ref());
    for group in ordered {
        out.push(Vec::new());
        out.push(vec![(
            Tone::Source,
            format!("{} ({} article(s))", group.group, group.articles),
        )]);
        let own = Some(&group.group) == current.as_ref();
        for (i, w) in group
            .words
            .iter()
            .take(if own { 15 } else { 6 })
            .enumerate()
        {
            if own {
                content.kwic_lines.push(out.len());
            }
            let marker = if own && i == app.side.kwic {
                "▶ "
            } else {
                "  "
            };
            let tone = if w.concept {
                Tone::Mark(SpanKind::Term)
            } else {
                Tone::Text
            };
            out.push(vec![
                (
                    tone,
                    format!("{marker}{}", truncate(&w.word, width.saturating_sub(16))),
                ),
                (Tone::Dim, format!("  z={:.1} ×{}", w.z, w.count)),
            ]);
        }
    }
    content
}

/// The terms matrix: for each contested concept the corpus uses, each source's variant.
fn terms(app: &App, width: usize) -> SideContent {
    let mut content = SideContent::default();
    let out = &mut content.lines;
    let Some(index) = &app.terms else {
        out.push(vec![(Tone::Dim, "indexing the corpus…".to_string())]);
        return content;
    };
    let lexicon = &app.matcher.lexicon;
    out.push(vec![(Tone::Heading, "Who names what how".to_string())]);
    paragraph(
        out,
        &format!(
            "{} contested concept(s) in {} source(s); each source's variants, most used first.",
            index.usage.len(),
            index.sources.len()
        ),
        Tone::Dim,
        width,
    );
    let mut concepts: Vec<(&usize, usize)> = index
        .usage
        .iter()
        .map(|(c, by)| (c, by.values().flat_map(|v| v.values()).sum()))
        .collect();
    concepts.sort_by_key(|(c, n)| (std::cmp::Reverse(*n), **c));
    // A folder of files without metadata makes every article its own source: past a few
    // sources, each concept lists its variants' totals and the sources that use it most.
    let every_source = index.sources.len() <= SOURCES_LISTED;
    for (concept, total) in concepts {
        let Some(c) = lexicon.concepts.get(*concept) else {
            continue;
        };
        let by_source = index.usage.get(concept);
        out.push(Vec::new());
        item(
            out,
            &format!("{} ×{total}", c.label),
            Tone::Strong,
            Tone::Strong,
            2,
            width,
        );
        let variant_line = |label: String, variants: Vec<(usize, usize)>| {
            let mut line: SideLine = vec![(Tone::Source, label)];
            for (i, (vi, n)) in variants.into_iter().enumerate() {
                let Some(v) = c.variants.get(vi) else {
                    continue;
                };
                if i > 0 {
                    line.push((Tone::Dim, ", ".to_string()));
                }
                line.push((side_tone(app, &v.used_by), v.term.clone()));
                line.push((Tone::Dim, format!(" ×{n}")));
            }
            line
        };
        let most_used_first = |variants: &BTreeMap<usize, usize>| {
            let mut vs: Vec<(usize, usize)> = variants.iter().map(|(v, n)| (*v, *n)).collect();
            vs.sort_by_key(|(v, n)| (std::cmp::Reverse(*n), *v));
            vs
        };
        if every_source {
            for source in &index.sources {
                let label = format!("  {}: ", truncate(source, width / 2));
                match by_source.and_then(|by| by.get(source)) {
                    Some(variants) => out.push(variant_line(label, most_used_first(variants))),
                    None => out.push(vec![(Tone::Source, label), (Tone::Dim, "—".to_string())]),
                }
            }
            continue;
        }
        let Some(by_source) = by_source else { continue };
        let mut totals = BTreeMap::new();
        for (v, n) in by_source.values().flat_map(|vs| vs.iter()) {
            *totals.entry(*v).or_insert(0) += *n;
        }
        out.push(variant_line(
            format!("  all {} source(s) using it: ", by_source.len()),
            most_used_first(&totals),
        ));
        let mut users: Vec<(&String, usize)> = by_source
            .iter()
            .map(|(source, vs)| (source, vs.values().sum()))
            .collect();
        users.sort_by_key(|(source, n)| (std::cmp::Reverse(*n), *source));
        for (source, _) in users.iter().take(SOURCES_LISTED) {
            let label = format!("  {}: ", truncate(source, width / 2));
            out.push(variant_line(label, most_used_first(&by_source[*source])));
        }
        let more = users.len().saturating_sub(SOURCES_LISTED);
        let silent = index.sources.len().saturating_sub(by_source.len());
        let rest = match (more, silent) {
            (0, s) => format!("  {s} other source(s) do not name it"),
            (m, s) => format!("  … {m} more source(s) name it; {s} do not"),
        };
        out.push(vec![(Tone::Dim, truncate(&rest, width).into_owned())]);
    }
    content
}

fn details(app: &App, width: usize) -> SideContent {
    let mut content = SideContent::default();
    let Some(article) = app.current_article() else {
        content
            .lines
            .push(vec![(Tone::Dim, "No article open.".to_string())]);
        return content;
    };
    if let Some(span) = app.highlighted() {
        inspector(app, span, width, &mut content);
        content.lines.push(Vec::new());
    }
    let out = &mut content.lines;
    if let Some((index, _)) = app.cursor_passage() {
        let notes = app.notes_on(index);
        if !notes.is_empty() {
            out.push(Vec::new());
            out.push(vec![(
                Tone::Heading,
                format!("Notes on this passage ({})", notes.len()),
            )]);
            for note in notes {
                let icon = match note.kind {
                    crate::notes::NoteKind::Bookmark => "★ bookmark",
                    _ => "✎ note",
                };
                let tags = if note.tags.is_empty() {
                    String::new()
                } else {
                    format!("  #{}", note.tags.join(" #"))
                };
                out.push(vec![(Tone::Strong, icon.to_string()), (Tone::Source, tags)]);
                if !note.text.is_empty() {
                    for line in note.text.lines() {
                        paragraph(out, line, Tone::Text, width);
                    }
                }
                if note.target.exact.chars().count()
                    < article
                        .passages
                        .get(index)
                        .map_or(0, |p| p.char_end() - p.char_start())
                {
                    paragraph(
                        out,
                        &format!("on “{}”", note.target.exact),
                        Tone::Dim,
                        width,
                    );
                }
            }
        }
    }

    out.push(vec![(Tone::Heading, "Article".to_string())]);
    field(
        out,
        "Title",
        &format!("{}{}", article.title, origin_note(article.title_origin)),
        Tone::Text,
        width,
    );
    field(
        out,
        "Source",
        &format!("{}{}", article.source, origin_note(article.source_origin)),
        Tone::Source,
        width,
    );
    field(
        out,
        "Date",
        &article
            .date
            .map(|d| d.iso())
            .unwrap_or_else(|| "unknown".to_string()),
        Tone::Date,
        width,
    );
    if let Some(author) = &article.author {
        field(out, "Author", author, Tone::Text, width);
    }
    if let Some(label) = &article.label {
        field(out, "Label", label, Tone::Text, width);
    }
    if let Some(url) = &article.url {
        field(out, "URL", url, Tone::Dim, width);
    }
    let room = width.saturating_sub(LABEL_WIDTH).max(8);
    let path = if text_width(&article.path) > room {
        let tail: String = article
            .path
            .chars()
            .rev()
            .take(room.saturating_sub(1))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    } else {
        article.path.to_string()
    };
    field(out, "File", &path, Tone::Dim, width);
    let body = article.body_passages().count();
    field(
        out,
        "Length",
        &format!("{} words, {} passages", article.words, body),
        Tone::Text,
        width,
    );
    let hidden = article.boilerplate_count();
    if hidden > 0 {
        let state = if app.reader.show_boilerplate {
            "shown dimmed"
        } else {
            "hidden"
        };
        let key = app
            .config
            .keymap
            .hint(super::action::Action::ToggleBoilerplate);
        field(
            out,
            "Debris",
            &format!("{hidden} boilerplate passage(s) {state} ({key} toggles)"),
            Tone::Dim,
            width,
        );
    }
    if let Some(convention) = app.lens_convention() {
        field(
            out,
            "Lens",
            &format!(
                "terms as {convention} sources name them ({} renamed)",
                app.lens_swaps()
            ),
            Tone::Mark(SpanKind::Term),
            width,
        );
    }

    if let Some((index, passage)) = app.cursor_passage() {
        out.push(Vec::new());
        let heading = match app.cursor_rank() {
            Some((rank, shown)) => format!("Passage {rank} of {shown} (¶{})", index + 1),
            None => format!("Passage ¶{}", index + 1),
        };
        out.push(vec![(Tone::Heading, heading)]);
        let article_text = article.text();
        let text = passage.text(&article_text);
        let role = match passage.role {
            Role::Body => "body".to_string(),
            Role::Title => "headline".to_string(),
            Role::Header => "header line (metadata)".to_string(),
            Role::Debris(kind) => format!("scraper debris: {}", kind.describe()),
        };
        field(
            out,
            "Kind",
            &role,
            if passage.role == Role::Body {
                Tone::Text
            } else {
                Tone::Warning
            },
            width,
        );
        field(
            out,
            "Length",
            &format!(
                "{} words, {} sentence(s)",
                crate::corpus::count_words(text),
                passage.sentence_count()
            ),
            Tone::Text,
            width,
        );
        field(
            out,
            "Offsets",
            &format!("chars {}–{}", passage.char_start(), passage.char_end()),
            Tone::Dim,
            width,
        );
    }

    out.push(Vec::new());
    out.push(vec![(Tone::Heading, "Named in this article".to_string())]);
    match app
        .spans
        .as_ref()
        .filter(|(a, _)| Some(*a) == app.reader.article)
    {
        Some((_, spans)) => {
            if spans.summary.is_empty() {
                out.push(vec![(Tone::Dim, "nothing recognised".to_string())]);
            }
            for kind in [
                SpanKind::Term,
                SpanKind::Person,
                SpanKind::Place,
                SpanKind::Org,
            ] {
                let of_kind: Vec<_> = spans.summary.iter().filter(|m| m.kind == kind).collect();
                if of_kind.is_empty() {
                    continue;
                }
                let title = match kind {
                    SpanKind::Term => "Contested terms".to_string(),
                    k => capitalise(k.label()),
                };
                out.push(vec![(Tone::Label, title)]);
                for mention in of_kind.iter().take(NAMES_PER_KIND) {
                    let count = format!(" ×{}", mention.count);
                    let room = width.saturating_sub(2 + count.len());
                    out.push(vec![
                        (
                            Tone::Mark(kind),
                            format!("  {}", truncate(&mention.name, room)),
                        ),
                        (Tone::Dim, count),
                    ]);
                }
                if of_kind.len() > NAMES_PER_KIND {
                    out.push(vec![(
                        Tone::Dim,
                        format!("  and {} more", of_kind.len() - NAMES_PER_KIND),
                    )]);
                }
            }
        }
        None => out.push(vec![(Tone::Dim, "finding names…".to_string())]),
    }
    content
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn side_tone(app: &App, used_by: &str) -> Tone {
    let first = crate::lexicon::sides(used_by)
        .first()
        .copied()
        .unwrap_or("");
    app.conventions
        .iter()
        .position(|c| c == first)
        .map(Tone::Side)
        .unwrap_or(Tone::Text)
}

fn inspector(app: &App, span: &Span, width: usize, content: &mut SideContent) {
    let Some(article) = app.current_article() else {
        return;
    };
    let written = article
        .text()
        .get(span.range.clone())
        .unwrap_or("")
        .to_string();
    let lexicon = &app.matcher.lexicon;
    let out = &mut content.lines;
    out.push(vec![(Tone::Heading, "Inspector".to_string())]);
    out.push(vec![(
        Tone::Mark(span.kind),
        truncate(&format!("“{written}”"), width).into_owned(),
    )]);
    match (span.kind, span.target) {
        (SpanKind::Term, Some(Target::Variant { concept, variant })) => {
            let Some(c) = lexicon.concepts.get(concept) else {
                return;
            };
            field(
                out,
                "Concept",
                &format!("{} ({})", c.label, c.kind.name()),
                Tone::Strong,
                width,
            );
            if let Some(note) = &c.note {
                field(out, "Why", note, Tone::Text, width);
            }
            out.push(vec![(Tone::Label, "Variants".to_string())]);
            for (i, v) in c.variants.iter().enumerate() {
                let here = if i == variant { "◀ " } else { "  " };
                let line = format!("{here}{} — {}", v.term, v.used_by);
                let tone = side_tone(app, &v.used_by);
                item(out, &line, tone, tone, 4, width);
                if !v.aliases.is_empty() {
                    item(
                        out,
                        &format!("    also: {}", v.aliases.join(", ")),
                        Tone::Dim,
                        Tone::Dim,
                        10,
                        width,
                    );
                }
            }
            out.push(vec![(
                Tone::Label,
                "Who uses which, in this corpus".to_string(),
            )]);
            match &app.terms {
                Some(index) => match index.usage.get(&concept) {
                    Some(by_source) => {
                        for (source, variants) in by_source {
                            let used: Vec<String> = variants
                                .iter()
                                .filter_map(|(vi, n)| {
                                    c.variants.get(*vi).map(|v| format!("{} ×{n}", v.term))
                                })
                                .collect();
                            let line = format!("  {}: {}", source, used.join(", "));
                            item(out, &line, Tone::Text, Tone::Text, 4, width);
                        }
                    }
                    None => out.push(vec![(Tone::Dim, "  no other use".to_string())]),
                },
                None => out.push(vec![(Tone::Dim, "  indexing the corpus…".to_string())]),
            }
        }
        (_, Some(Target::Entity(e))) => {
            if let Some(entity) = lexicon.entities.get(e) {
                field(
                    out,
                    "Name",
                    &format!("{} ({})", entity.name, entity.kind.name()),
                    Tone::Strong,
                    width,
                );
                if !entity.aliases.is_empty() {
                    field(out, "Also", &entity.aliases.join(", "), Tone::Dim, width);
                }
            }
        }
        (SpanKind::ScareQuote, _) => paragraph(
            out,
            "Scare quotes: the words are held at a distance, a framing device, not a quotation of someone's words.",
            Tone::Text,
            width,
        ),
        (SpanKind::Date | SpanKind::Number, _) => match &span.value {
            Some(Value::Date { iso }) => field(out, "Date", iso, Tone::Strong, width),
            Some(Value::Number {
                value,
                low,
                high,
                hedge,
                unit,
            }) => {
                let mut v = match (low, high) {
                    (Some(l), Some(h)) => format!("{l}–{h}"),
                    _ => format!("{value}"),
                };
                if let Some(unit) = unit {
                    v.push(' ');
                    v.push_str(unit);
                }
                field(out, "Value", &v, Tone::Strong, width);
                if let Some(hedge) = hedge {
                    field(out, "Hedge", hedge, Tone::Text, width);
                }
            }
            None => {}
        },
        (kind, _) => paragraph(
            out,
            &format!(
                "A {} found by its shape (capitals, titles, context); not in the lexicon.",
                kind.name()
            ),
            Tone::Dim,
            width,
        ),
    }
    let occurrences = app.kwic();
    if span.target.is_some() && !occurrences.is_empty() {
        out.push(vec![(
            Tone::Label,
            format!(
                "In context, across sources ({}) — Enter jumps",
                occurrences.len()
            ),
        )]);
        for (i, occ) in occurrences.iter().take(KWIC_LIMIT).enumerate() {
            let Some(a) = app.articles.get(occ.article) else {
                continue;
            };
            content.kwic_lines.push(out.len());
            let selected = i == app.side.kwic;
            let marker = if selected { "▶ " } else { "  " };
            out.push(vec![
                (
                    if selected { Tone::Selected } else { Tone::Text },
                    marker.to_string(),
                ),
                (
                    Tone::Source,
                    truncate(a.outlet(), width.saturating_sub(2)).into_owned(),
                ),
            ]);
            let Some(p) = a.passages.get(occ.passage) else {
                continue;
            };
            let text = a.text();
            let term = text.get(occ.range.clone()).unwrap_or("");
            let before = text.get(p.range().start..occ.range.start).unwrap_or("");
            let after = text.get(occ.range.end..p.range().end).unwrap_or("");
            let room = width.saturating_sub(4 + text_width(term));
            let left_room = room / 2;
            let right_room = room - left_room;
            let left: String = {
                let chars: Vec<char> = before.chars().collect();
                if chars.len() > left_room {
                    let tail: String = chars[chars.len() - left_room.saturating_sub(1)..]
                        .iter()
                        .collect();
                    format!("…{tail}")
                } else {
                    before.to_string()
                }
            };
            let right = truncate(after, right_room).into_owned();
            out.push(vec![
                (Tone::Dim, format!("  {left}")),
                (Tone::Mark(span.kind), term.to_string()),
                (Tone::Dim, right),
            ]);
        }
        if occurrences.len() > KWIC_LIMIT {
            out.push(vec![(
                Tone::Dim,
                format!("  and {} more", occurrences.len() - KWIC_LIMIT),
            )]);
        }
    }
}
