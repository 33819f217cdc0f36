//! Claims ledger and events: the numeric claims outlets make, grouped by what they count and
//! the event they belong to, and the events themselves (clusters of aligned passages) as a
//! timeline with each article's omissions. Shown with provenance, never as a verdict.
//!
//! Events: every body passage is linked to its best match in each other outlet (score >=
//! `align::THRESHOLD`, `AlignIndex::best_per_outlet`: the scoring of `compare`, walked in
//! parallel over the rarer tokens' postings, so a 100,000-passage archive takes seconds);
//! mutual best matches are edges, union-find joins the edges into clusters, and a cluster is
//! an event when it spans at least two outlets.
//!
//! Omissions: an article omits an event when its outlet does not cover it and more than half
//! of the other outlets do.
//!
//! Claims: every number in a body passage whose counted thing is known. A casualty word near
//! the figure in its sentence (as `align` decides: up to 12 words after, 3 before) or as its
//! unit gives the class ("killed", "injured", "displaced"); otherwise the unit's last word,
//! lowercased and put in the plural ("soldier" → "soldiers", "person" → "people"). Measures
//! (percent, days, kilometers, money, ...) are not claims.
//!
//! Ranges: an explicit range keeps its bounds; hedges widen a single figure: "more than X",
//! "over X", "at least X" → [X, 1.5·X]; "almost X", "nearly X", "up to X", "less than X" →
//! [0.9·X, X]; "about X", "around X", "some X", "approximately X" → [0.9·X, 1.1·X]. Two
//! figures agree when their ranges overlap within 10% (max of the lows <= 1.1 × min of the
//! highs). A group is a disagreement when two sources have no agreeing pair of figures.
//! So "more than 6,000" [6000, 9000] and "almost 7,000" [6300, 7000] agree.

use super::align::{AlignIndex, NUMBER_WORDS, casualty_class};
use super::quantities::{Value, find_quantities};
use crate::corpus::Article;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Relative tolerance when comparing figures.
const TOLERANCE: f64 = 0.10;

/// One figure an outlet gives. A corpus has tens of thousands, so a claim points into its
/// article for the sentence and shares its outlet's name instead of copying them; what it
/// counts is its group's `counted`.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The article, in the corpus (`u32`: tens of thousands of claims).
    article: u32,
    /// The passage, in its article (`u32`, as passages keep their offsets).
    passage: u32,
    pub source: Arc<str>,
    pub value: f64,
    /// An explicit range's bounds, `NaN` for none: read them with `low()` and `high()`.
    low: f64,
    high: f64,
    pub hedge: Option<Box<str>>,
    /// The figure as written, hedge and unit included: a byte range of the article's text
    /// (read it with `text_in`).
    figure: (u32, u32),
    /// The sentence holding the figure: a byte range of the article's text (`u32`, as
    /// passages keep theirs).
    sentence: (u32, u32),
}

impl Claim {
    pub fn article(&self) -> usize {
        self.article as usize
    }

    pub fn passage(&self) -> usize {
        self.passage as usize
    }

    /// The lower bound of an explicit range ("between 2,000 and 3,000").
    pub fn low(&self) -> Option<f64> {
        (!self.low.is_nan()).then_some(self.low)
    }

    /// The upper bound of an explicit range.
    pub fn high(&self) -> Option<f64> {
        (!self.high.is_nan()).then_some(self.high)
    }

    /// The figure as written, with its hedge, without the unit: "more than 6,000".
    pub fn text_in(&self, articles: &[Arc<Article>]) -> String {
        self.quoted_in(articles).0
    }

    /// The sentence holding the figure, from the articles the claims were found in.
    pub fn sentence_in(&self, articles: &[Arc<Article>]) -> String {
        self.quoted_in(articles).1
    }

    /// Its sentence cut around the figure: what comes before it, the figure as written (unit
    /// included), and what comes after; the ends of the sentence trimmed.
    pub fn context_in(&self, articles: &[Arc<Article>]) -> [String; 3] {
        let Some(article) = articles.get(self.article()) else {
            return Default::default();
        };
        let text = article.text();
        let (start, end) = (self.sentence.0 as usize, self.sentence.1 as usize);
        let (figure_start, figure_end) = (self.figure.0 as usize, self.figure.1 as usize);
        if !(start <= figure_start && figure_start <= figure_end && figure_end <= end) {
            return [String::new(), self.quoted_in(articles).1, String::new()];
        }
        let piece = |from: usize, to: usize| text.get(from..to).unwrap_or_default();
        [
            piece(start, figure_start).trim_start().to_string(),
            piece(figure_start, figure_end).to_string(),
            piece(figure_end, end).trim_end().to_string(),
        ]
    }

    /// The figure as written and its sentence, from one read of the article's text.
    pub fn quoted_in(&self, articles: &[Arc<Article>]) -> (String, String) {
        let Some(article) = articles.get(self.article()) else {
            return Default::default();
        };
        let text = article.text();
        let slice = |(start, end): (u32, u32)| text.get(start as usize..end as usize);
        (
            slice(self.figure)
                .map(|written| figure_text(written, self.hedge.as_deref()))
                .unwrap_or_default(),
            slice(self.sentence)
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
        )
    }
}

#[derive(Debug, Clone)]
pub struct ClaimGroup {
    pub counted: String,
    /// index into events, when the claims' passages belong to one
    pub event: Option<usize>,
    pub claims: Vec<Claim>,
    /// sources whose figures do not agree (no overlap within 10%)
    pub disagreement: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// (article, passage), sorted
    pub passages: Vec<(usize, usize)>,
    /// outlets, sorted
    pub sources: Vec<String>,
    /// iso dates found in the passages, sorted and deduplicated
    pub dates: Vec<String>,
    /// the words most passages of the event share
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub struct Events {
    /// timeline: by earliest dated year-first date, undated last
    pub events: Vec<Event>,
    pub omissions: Vec<Omission>,
    /// Why no events were looked for, when they were not.
    pub skipped: Option<String>,
}

/// Events join passages across outlets. An archive whose articles name no source has one outlet
/// per article, and mutual best matches between tens of thousands of "outlets" chain whole
/// topics into one event: above this many outlets events are not clustered, and `skipped` says
/// why and what to do.
pub const MAX_OUTLETS: usize = 1_000;

#[derive(Debug, Clone, Serialize)]
pub struct Omission {
    pub article: usize,
    pub event: usize,
    /// how many other outlets cover the event
    pub covered_by: usize,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// How many outlets the corpus has, when that is more than [`MAX_OUTLETS`]: an archive whose
/// articles name no source, where comparing "sources" would compare single articles.
pub fn too_many_outlets(articles: &[Arc<Article>]) -> Option<usize> {
    let outlets: HashSet<&str> = articles.iter().map(|a| a.outlet()).collect();
    (outlets.len() > MAX_OUTLETS).then_some(outlets.len())
}

/// Events of the corpus as a timeline, and per article the events it omits.
pub fn events(articles: &[Arc<Article>], align: &AlignIndex) -> Events {
    if let Some(outlets) = too_many_outlets(articles) {
        return Events {
            skipped: Some(format!(
                "events need sources: {outlets} outlets here (an article with no source is its \
                 own outlet), events are clustered for up to {MAX_OUTLETS}; give sources in a \
                 parallax.toml"
            )),
            ..Events::default()
        };
    }
    let mut nodes: Vec<(usize, usize)> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        nodes.extend(a.body_passages().map(|(pi, _)| (ai, pi)));
    }
    let id: HashMap<(usize, usize), usize> =
        nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut edges: HashSet<(usize, usize)> = HashSet::new();
    for links in align.best_per_outlet() {
        let Some(&i) = id.get(&(links.article, links.passage)) else {
            continue;
        };
        for (article, passage, _) in links.best {
            if let Some(&j) = id.get(&(article, passage)) {
                edges.insert((i, j));
            }
        }
    }
    // Only mutual best matches join passages: one-way matches chain unrelated passages
    // through a passage that mentions a bit of everything.
    let mut uf = UnionFind((0..nodes.len()).collect());
    let mut mutual: Vec<(usize, usize)> = edges
        .iter()
        .filter(|&&(i, j)| i < j && edges.contains(&(j, i)))
        .copied()
        .collect();
    mutual.sort_unstable();
    for (i, j) in mutual {
        uf.union(i, j);
    }
    let mut clusters: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, &n) in nodes.iter().enumerate() {
        clusters.entry(uf.find(i)).or_default().push(n);
    }
    let mut list: Vec<Event> = clusters
        .into_values()
        .filter_map(|passages| {
            let sources: BTreeSet<&str> = passages
                .iter()
                .filter_map(|&(a, _)| articles.get(a).map(|a| a.outlet()))
                .collect();
            if sources.len() < 2 {
                return None;
            }
            let mut dates: Vec<String> = passages
                .iter()
                .flat_map(|&(a, p)| passage_dates(articles, a, p))
                .collect();
            dates.sort();
            dates.dedup();
            Some(Event {
                label: label(articles, &passages),
                sources: sources.into_iter().map(str::to_string).collect(),
                dates,
                passages,
            })
        })
        .collect();
    list.sort_by(|x, y| {
        let (ex, ey) = (earliest(x), earliest(y));
        match (ex, ey) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| x.passages.cmp(&y.passages))
    });

    let outlets: BTreeSet<&str> = articles.iter().map(|a| a.outlet()).collect();
    let others = outlets.len().saturating_sub(1);
    // Only events most other outlets tell can be omitted; checking that first keeps the
    // article x event loop off an archive whose every article is its own outlet.
    let widely_told: Vec<(usize, &Event)> = list
        .iter()
        .enumerate()
        .filter(|(_, e)| e.sources.len() * 2 > others)
        .collect();
    let mut omissions = Vec::new();
    if !widely_told.is_empty() {
        for (ai, a) in articles.iter().enumerate() {
            if a.body_passages().next().is_none() {
                continue;
            }
            for &(ei, e) in &widely_told {
                if !e.sources.iter().any(|s| s == a.outlet()) {
                    omissions.push(Omission {
                        article: ai,
                        event: ei,
                        covered_by: e.sources.len(),
                    });
                }
            }
        }
    }
    Events {
        events: list,
        omissions,
        skipped: None,
    }
}

/// The first date with a year ("2020", "2020-11-10"), for the timeline.
fn earliest(e: &Event) -> Option<&str> {
    e.dates
        .iter()
        .find(|d| d.bytes().next().is_some_and(|b| b.is_ascii_digit()))
        .map(String::as_str)
}

fn passage_dates(articles: &[Arc<Article>], a: usize, p: usize) -> Vec<String> {
    let Some(text) = passage_text(articles, a, p) else {
        return Vec::new();
    };
    find_quantities(&text)
        .into_iter()
        .filter_map(|q| match q.value {
            Value::Date { iso } => Some(iso),
            Value::Number { .. } => None,
        })
        .collect()
}

fn passage_text(articles: &[Arc<Article>], a: usize, p: usize) -> Option<String> {
    articles.get(a)?.passage_text(p)
}

/// Up to three words shared by most passages of the event; capitalised words (names) first on
/// ties.
fn label(articles: &[Arc<Article>], passages: &[(usize, usize)]) -> String {
    // word -> (passages containing it, capitalised somewhere, first spelling)
    let mut seen: HashMap<String, (usize, bool, String)> = HashMap::new();
    for &(a, p) in passages {
        let Some(text) = passage_text(articles, a, p) else {
            continue;
        };
        let mut here: BTreeSet<String> = BTreeSet::new();
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let lower = w.to_lowercase();
            if w.chars().count() < 4
                || w.chars().any(|c| c.is_ascii_digit())
                || super::stopwords::is_stop_word(&lower)
            {
                continue;
            }
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let entry = seen
                .entry(lower.clone())
                .or_insert((0, false, w.to_string()));
            entry.1 |= capital;
            if here.insert(lower) {
                entry.0 += 1;
            }
        }
    }
    let mut ranked: Vec<(String, (usize, bool, String))> = seen.into_iter().collect();
    ranked.sort_by(|x, y| {
        y.1.0
            .cmp(&x.1.0)
            .then(y.1.1.cmp(&x.1.1))
            .then(x.0.cmp(&y.0))
    });
    ranked
        .into_iter()
        .filter(|(_, (n, _, _))| *n >= 2)
        .take(3)
        .map(|(_, (_, _, shown))| shown)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Numeric claims of the corpus grouped by (counted, event); disagreements first, then by
/// number of sources (most first).
pub fn claims(articles: &[Arc<Article>], events: &[Event]) -> Vec<ClaimGroup> {
    let mut event_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (ei, e) in events.iter().enumerate() {
        for &n in &e.passages {
            event_of.entry(n).or_insert(ei);
        }
    }
    let mut groups: BTreeMap<(String, Option<usize>), Vec<Claim>> = BTreeMap::new();
    for (ai, a) in articles.iter().enumerate() {
        let source: Arc<str> = Arc::from(a.outlet());
        let text = a.text();
        for (pi, p) in a.body_passages() {
            let found = passage_claims(p.text(&text), &a.sentence_bounds, (ai, pi), p, &source);
            for (counted, claim) in found {
                let event = event_of.get(&(ai, pi)).copied();
                groups.entry((counted, event)).or_default().push(claim);
            }
        }
    }
    // Kept for the session: no room left over from growing.
    for claims in groups.values_mut() {
        claims.shrink_to_fit();
    }
    let mut out: Vec<ClaimGroup> = groups
        .into_iter()
        .map(|((counted, event), claims)| ClaimGroup {
            disagreement: disagree(&claims),
            counted,
            event,
            claims,
        })
        .collect();
    out.sort_by(|x, y| {
        y.disagreement
            .cmp(&x.disagreement)
            .then(source_count(y).cmp(&source_count(x)))
            .then(x.counted.cmp(&y.counted))
            .then(x.event.cmp(&y.event))
    });
    out
}

fn source_count(g: &ClaimGroup) -> usize {
    g.claims
        .iter()
        .map(|c| &*c.source)
        .collect::<BTreeSet<_>>()
        .len()
}

/// The passage's claims, each with what it counts (normalised: "killed", "injured",
/// "displaced", or a plural noun such as "peacekeepers").
fn passage_claims(
    text: &str,
    sentence_bounds: &[(u32, u32)],
    (ai, pi): (usize, usize),
    p: &crate::corpus::Passage,
    source: &Arc<str>,
) -> Vec<(String, Claim)> {
    let mut out = Vec::new();
    for q in find_quantities(text) {
        let Value::Number {
            value,
            low,
            high,
            hedge,
            unit,
        } = q.value
        else {
            continue;
        };
        let Some(counted) = counted(text, q.range.clone(), unit.as_deref()) else {
            continue;
        };
        let abs = q.range.start + p.range().start..q.range.end + p.range().start;
        let sentence = p
            .sentences(sentence_bounds)
            .find(|s| s.start <= abs.start && abs.start < s.end)
            .unwrap_or_else(|| p.range());
        out.push((
            counted,
            Claim {
                article: u32::try_from(ai).unwrap_or(u32::MAX),
                passage: u32::try_from(pi).unwrap_or(u32::MAX),
                source: Arc::clone(source),
                value,
                low: low.unwrap_or(f64::NAN),
                high: high.unwrap_or(f64::NAN),
                figure: (abs.start as u32, abs.end as u32),
                hedge: hedge.map(String::into_boxed_str),
                sentence: (sentence.start as u32, sentence.end as u32),
            },
        ));
    }
    out
}

/// Units that measure rather than count something an outlet could be contradicted on.
const MEASURES: &[&str] = &[
    "percent",
    "per",
    "%",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "year-old",
    "years-old",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "km",
    "kilometers",
    "kilometres",
    "kilometer",
    "kilometre",
    "meters",
    "metres",
    "meter",
    "metre",
    "miles",
    "mile",
    "hectares",
    "dollars",
    "dollar",
    "euros",
    "euro",
    "manat",
    "rubles",
    "drams",
    "usd",
    "eur",
    "times",
    "century",
    "centuries",
    "am",
    "pm",
    "points",
];

/// What a figure counts: a casualty class from a casualty word after it in its sentence (up to
/// 12 words) or just before it (3 words) or as its unit; else its unit's last word, plural.
fn counted(text: &str, range: Range<usize>, unit: Option<&str>) -> Option<String> {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let last = unit
        .and_then(|u| u.split_whitespace().last())
        .map(str::to_lowercase);
    if last.as_deref().is_some_and(|l| MEASURES.contains(&l)) {
        return None;
    }
    if let Some(class) = last.as_deref().and_then(casualty_class) {
        return Some(class.to_string());
    }
    let sentence_end = |c: char| matches!(c, '.' | ';' | '!' | '?' | '\n');
    let after = text.get(range.end..).unwrap_or("");
    let after = &after[..after.find(sentence_end).unwrap_or(after.len())];
    if let Some(class) = words(after).iter().take(12).find_map(|w| casualty_class(w)) {
        return Some(class.to_string());
    }
    let before = text.get(..range.start).unwrap_or("");
    let before = &before[before.rfind(sentence_end).map_or(0, |i| i + 1)..];
    if let Some(class) = words(before)
        .iter()
        .rev()
        .take(3)
        .find_map(|w| casualty_class(w))
    {
        return Some(class.to_string());
    }
    let last = last?;
    if MEASURES.contains(&last.as_str())
        || !last.chars().next().is_some_and(char::is_alphabetic)
        || unit.is_some_and(|u| u.starts_with("square") || u.starts_with("cubic"))
    {
        return None;
    }
    Some(plural(&last))
}

/// "soldier" → "soldiers", "person" → "people"; plurals stay as they are.
pub fn plural(word: &str) -> String {
    match word {
        "person" => return "people".into(),
        "child" => return "children".into(),
        "people" | "children" | "men" | "women" | "police" | "personnel" => {
            return word.into();
        }
        _ => {}
    }
    if word.ends_with('s') {
        return word.into();
    }
    if let Some(stem) = word.strip_suffix("man") {
        return format!("{stem}men");
    }
    if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    format!("{word}s")
}

/// "More than 6,000 people" → "more than 6,000": the hedge lowercased, the unit dropped by
/// cutting after the last word holding a digit or a number word.
fn figure_text(written: &str, hedge: Option<&str>) -> String {
    let mut t = written.trim();
    let lower = t.to_lowercase();
    let mut prefix = String::new();
    if let Some(h) = hedge
        && lower.len() == t.len()
        && lower.starts_with(h)
    {
        t = t.get(h.len()..).unwrap_or(t).trim_start();
        prefix = format!("{h} ");
    }
    let mut end = t.len();
    let mut cut = None;
    let mut pos = 0;
    for w in t.split_inclusive(char::is_whitespace) {
        let word = w.trim_end();
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let lw = bare.to_lowercase();
        if bare.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&lw.as_str()) {
            cut = Some(pos + bare.len());
        }
        pos += w.len();
    }
    match cut {
        Some(c) => end = c,
        // a vague plural ("hundreds of soldiers"): the hedge is the figure
        None if !prefix.is_empty() => return prefix.trim_end().trim_end_matches(" of").into(),
        None => {}
    }
    format!("{prefix}{}", t.get(..end).unwrap_or(t))
}

/// The range a claim stands for, hedges widening single figures (see the module docs).
pub fn claim_range(c: &Claim) -> (f64, f64) {
    if let (Some(l), Some(h)) = (c.low(), c.high())
        && l < h
    {
        return (l, h);
    }
    let x = c.value;
    match c.hedge.as_deref().unwrap_or("") {
        "more than" | "over" | "at least" | "upwards of" | "in excess of" | "no fewer than"
        | "no less than" | "above" | "exceeding" => (x, x * 1.5),
        "almost" | "nearly" | "up to" | "less than" | "fewer than" | "under" | "just under"
        | "no more than" | "as many as" | "below" | "close to" => (x * 0.9, x),
        "" => (x, x),
        // about, around, some, approximately, roughly, an estimated, and any other hedge
        _ => (x * 0.9, x * 1.1),
    }
}

/// Two figures agree when their ranges overlap within `TOLERANCE`.
pub fn figures_agree(a: &Claim, b: &Claim) -> bool {
    let (al, ah) = claim_range(a);
    let (bl, bh) = claim_range(b);
    al.max(bl) <= ah.min(bh) * (1.0 + TOLERANCE)
}

/// Some two sources have no agreeing pair of figures.
fn disagree(claims: &[Claim]) -> bool {
    let mut by_source: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        by_source.entry(&c.source).or_default().push(c);
    }
    let sources: Vec<&Vec<&Claim>> = by_source.values().collect();
    sources.iter().enumerate().any(|(i, xs)| {
        sources[i + 1..]
            .iter()
            .any(|ys| !xs.iter().any(|x| ys.iter().any(|y| figures_agree(x, y))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_normalise() {
        assert_eq!(plural("soldier"), "soldiers");
        assert_eq!(plural("soldiers"), "soldiers");
        assert_eq!(plural("person"), "people");
        assert_eq!(plural("casualty"), "casualties");
        assert_eq!(plural("policeman"), "policemen");
    }

    #[test]
    fn counted_things() {
        let t = "More than 6,000 people including civilians from both sides were killed.";
        assert_eq!(counted(t, 0..22, Some("people")).as_deref(), Some("killed"));
        let t = "Russia deployed around 2,000 peacekeepers there.";
        assert_eq!(
            counted(t, 16..41, Some("peacekeepers")).as_deref(),
            Some("peacekeepers")
        );
        assert_eq!(counted("It grew 5 percent.", 8..17, Some("percent")), None);
        let t = "the 2020 war lasting 44 days where almost 7,000 were killed";
        assert_eq!(counted(t, 21..28, Some("days")), None);
        assert_eq!(counted("It had 5 of them.", 7..8, None), None);
    }

    #[test]
    fn figure_text_drops_the_unit() {
        assert_eq!(
            figure_text("More than 6,000 people", Some("more than")),
            "more than 6,000"
        );
        assert_eq!(figure_text("2,000 Russian peacekeepers", None), "2,000");
        assert_eq!(figure_text("26 thousand migrants", None), "26 thousand");
        assert_eq!(
            figure_text("hundreds of Armenian soldiers", Some("hundreds of")),
            "hundreds"
        );
    }
}
