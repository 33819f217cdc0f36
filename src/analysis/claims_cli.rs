//! `parallax claims` and `parallax events`: the claims ledger and the events timeline, as
//! scripts and readers see them. Article ids instead of indices, passages numbered from 1.

use super::align::AlignIndex;
use super::claims::{ClaimGroup, Events, claims, events};
use crate::corpus::Article;
use crate::corpus::clean::sanitize_inline;
use crate::lexicon::Matcher;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {
    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,
    /// Print JSON: [{counted, event, disagreement, claims: [{source, article, passage, value, low, high, hedge, text, sentence}]}]
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,
    /// Print JSON: {events: [{sources, dates, label, passages: [{article, passage}]}], omissions: [{article, event, covered_by}]}
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    counted: &'a str,
    /// index into `parallax events` (0-based), when the claims belong to one event
    event: Option<usize>,
    disagreement: bool,
    claims: Vec<ClaimOut<'a>>,
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    source: &'a str,
    article: &'a str,
    passage: usize,
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    hedge: Option<&'a str>,
    text: String,
    sentence: String,
}

#[derive(Serialize)]
struct EventsOut<'a> {
    events: Vec<EventOut<'a>>,
    omissions: Vec<OmissionOut<'a>>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    sources: &'a [String],
    dates: &'a [String],
    label: &'a str,
    passages: Vec<PassageRef<'a>>,
}

#[derive(Serialize)]
struct PassageRef<'a> {
    article: &'a str,
    passage: usize,
}

#[derive(Serialize)]
struct OmissionOut<'a> {
    article: &'a str,
    event: usize,
    covered_by: usize,
}

fn load(paths: &[PathBuf], matcher: Arc<Matcher>) -> anyhow::Result<(Vec<Arc<Article>>, Events)> {
    let articles: Vec<Arc<Article>> = crate::cli::load_for_cli(paths)?
        .into_iter()
        .map(Arc::new)
        .collect();
    let index = AlignIndex::build(&articles, matcher);
    let found = events(&articles, &index);
    Ok((articles, found))
}

fn id_of(articles: &[Arc<Article>], index: usize) -> &str {
    articles.get(index).map(|a| a.id.as_str()).unwrap_or("")
}

pub fn run_claims(args: &ClaimsArgs, matcher: Arc<Matcher>) -> anyhow::Result<ExitCode> {
    let (articles, found) = load(&args.paths, matcher)?;
    let groups = claims(&articles, &found.events);
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc: Vec<GroupOut> = groups.iter().map(|g| group_out(&articles, g)).collect();
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        print_claims(&mut out, &articles, &groups)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn group_out<'a>(articles: &'a [Arc<Article>], g: &'a ClaimGroup) -> GroupOut<'a> {
    GroupOut {
        counted: &g.counted,
        event: g.event,
        disagreement: g.disagreement,
        claims: g
            .claims
            .iter()
            .map(|c| (c, c.quoted_in(articles)))
            .map(|(c, (text, sentence))| ClaimOut {
                source: &c.source,
                article: id_of(articles, c.article()),
                passage: c.passage() + 1,
                value: c.value,
                low: c.low(),
                high: c.high(),
                hedge: c.hedge.as_deref(),
                text,
                sentence,
            })
            .collect(),
    }
}

fn print_claims(
    out: &mut impl Write,
    articles: &[Arc<Article>],
    groups: &[ClaimGroup],
) -> anyhow::Result<()> {
    if groups.is_empty() {
        writeln!(out, "No numeric claims with a known counted thing.")?;
    }
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let mut head = sanitize_inline(&g.counted).into_owned();
        if let Some(e) = g.event {
            head.push_str(&format!(" (event {e})"));
        }
        if g.disagreement {
            head.push_str(" — disagreement");
        }
        writeln!(out, "{head}")?;
        for c in &g.claims {
            let (text, sentence) = c.quoted_in(articles);
            writeln!(
                out,
                "  {}: {} (“{}”)",
                sanitize_inline(&c.source),
                sanitize_inline(&text),
                sanitize_inline(&sentence)
            )?;
        }
    }
    Ok(())
}

pub fn run_events(args: &EventsArgs, matcher: Arc<Matcher>) -> anyhow::Result<ExitCode> {
    let (articles, found) = load(&args.paths, matcher)?;
    if let Some(why) = &found.skipped {
        eprintln!("note: {why}");
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = EventsOut {
            events: found
                .events
                .iter()
                .map(|e| EventOut {
                    sources: &e.sources,
                    dates: &e.dates,
                    label: &e.label,
                    passages: e
                        .passages
                        .iter()
                        .map(|&(a, p)| PassageRef {
                            article: id_of(&articles, a),
                            passage: p + 1,
                        })
                        .collect(),
                })
                .collect(),
            omissions: found
                .omissions
                .iter()
                .map(|o| OmissionOut {
                    article: id_of(&articles, o.article),
                    event: o.event,
                    covered_by: o.covered_by,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        print_events(&mut out, &articles, &found)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_events(
    out: &mut impl Write,
    articles: &[Arc<Article>],
    found: &Events,
) -> anyhow::Result<()> {
    if found.events.is_empty() {
        writeln!(out, "No event told by two or more sources.")?;
    }
    for (i, e) in found.events.iter().enumerate() {
        let dates = if e.dates.is_empty() {
            "undated".to_string()
        } else {
            e.dates.join(", ")
        };
        writeln!(
            out,
            "{i}. {} [{}]",
            sanitize_inline(&e.label),
            sanitize_inline(&dates)
        )?;
        let sources: Vec<String> = e
            .sources
            .iter()
            .map(|s| sanitize_inline(s).into_owned())
            .collect();
        writeln!(out, "   sources: {}", sources.join(", "))?;
        let refs: Vec<String> = e
            .passages
            .iter()
            .map(|&(a, p)| format!("{}:{}", sanitize_inline(id_of(articles, a)), p + 1))
            .collect();
        writeln!(out, "   passages: {}", refs.join(" "))?;
    }
    if !found.omissions.is_empty() {
        writeln!(out, "\nOmissions (events most other sources tell):")?;
        for o in &found.omissions {
            writeln!(
                out,
                "  {} omits event {} (told by {} other sources)",
                sanitize_inline(id_of(articles, o.article)),
                o.event,
                o.covered_by
            )?;
        }
    }
    Ok(())
}
