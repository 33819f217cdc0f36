//! `parallax compare`: how the other outlets tell one passage, as scripts and readers see it.

use super::align::{AlignIndex, Comparison, Difference, DifferenceKind};
use crate::corpus::Article;
use crate::corpus::clean::sanitize_inline;
use crate::lexicon::Matcher;
use anyhow::{Context, bail};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Width of the score bar, in cells.
const BAR: usize = 10;

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// ARTICLE:N — an article id, file name or unique id prefix, and a passage number (as `parallax read` shows them)
    pub passage: String,
    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,
    /// Matches to show per other source (the best, then weaker ones)
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub per_source: usize,
    /// Print JSON: {article, passage, text, matches: [{source, article, passage, score, text, differences: [{kind, concept, here, there}]}], unmatched_sources}
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ComparisonOut<'a> {
    article: &'a str,
    passage: usize,
    text: String,
    matches: Vec<MatchOut<'a>>,
    unmatched_sources: &'a [String],
}

/// One aligned passage in `compare --json`: `passage` is 1-based as in `read`.
#[derive(Serialize)]
struct MatchOut<'a> {
    source: &'a str,
    article: &'a str,
    passage: usize,
    score: f64,
    text: String,
    differences: &'a [Difference],
}

/// `ARTICLE:N`, split at the last colon (ids and paths may hold colons, numbers do not).
fn parse_spec(spec: &str) -> anyhow::Result<(&str, usize)> {
    let expected = || {
        format!(
            "expected ARTICLE:N (an article and a passage number from 1, as `parallax read` \
             shows them), not {:?}",
            sanitize_inline(spec)
        )
    };
    let (article, number) = spec.rsplit_once(':').with_context(expected)?;
    let number: usize = number.trim().parse().ok().with_context(expected)?;
    if article.is_empty() || number == 0 {
        bail!(expected());
    }
    Ok((article, number))
}

pub fn run(args: &CompareArgs, matcher: Arc<Matcher>) -> anyhow::Result<ExitCode> {
    let (wanted, number) = parse_spec(&args.passage)?;
    let loaded = crate::cli::load_for_cli(&args.paths)?;
    let id = crate::cli::find_article(&loaded, wanted)?.id.clone();
    let articles: Vec<Arc<Article>> = loaded.into_iter().map(Arc::new).collect();
    let Some(ai) = articles.iter().position(|a| a.id == id) else {
        bail!("no article {:?}", sanitize_inline(wanted));
    };
    let article = &articles[ai];
    if number > article.passages.len() {
        bail!(
            "{} has {} passages; there is no passage {number}",
            sanitize_inline(&article.id),
            article.passages.len()
        );
    }
    let index = AlignIndex::build(&articles, matcher);
    let comparison = index.compare(ai, number - 1, args.per_source);
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&mut out, &articles, &comparison)?;
    } else {
        print_text(&mut out, &articles, &comparison)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json(
    out: &mut impl Write,
    articles: &[Arc<Article>],
    c: &Comparison,
) -> anyhow::Result<()> {
    let Some(article) = articles.get(c.article) else {
        return Ok(());
    };
    let matches = c
        .matches
        .iter()
        .filter_map(|m| {
            let other = articles.get(m.article)?;
            Some(MatchOut {
                source: &m.source,
                article: &other.id,
                passage: m.passage + 1,
                score: (m.score * 1000.0).round() / 1000.0,
                text: other.passage_text(m.passage)?,
                differences: &m.differences,
            })
        })
        .collect();
    let doc = ComparisonOut {
        article: &article.id,
        passage: c.passage + 1,
        text: article.passage_text(c.passage).unwrap_or_default(),
        matches,
        unmatched_sources: &c.unmatched_sources,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

/// `████░░░░░░ 0.42`
pub fn score_bar(score: f64) -> String {
    let score = score.clamp(0.0, 1.0);
    let filled = ((score * BAR as f64).round() as usize).min(BAR);
    format!(
        "{}{} {score:.2}",
        "█".repeat(filled),
        "░".repeat(BAR - filled)
    )
}

fn describe(d: &Difference) -> String {
    let said = |s: &str| {
        if s.is_empty() {
            "(not mentioned)".to_string()
        } else {
            format!("{:?}", sanitize_inline(s))
        }
    };
    let kind = match d.kind {
        DifferenceKind::Term => "term",
        DifferenceKind::Number => "number",
        DifferenceKind::MissingEntity => "only one side",
    };
    format!(
        "{kind} {}: here {} · there {}",
        sanitize_inline(&d.concept),
        said(&d.here),
        said(&d.there)
    )
}

/// `id [N] · outlet`, without the outlet when it is the id (the source is unknown).
fn heading(article: &Article, passage: usize) -> String {
    let id = sanitize_inline(&article.id);
    if article.outlet() == article.id {
        format!("{id} [{}]", passage + 1)
    } else {
        format!(
            "{id} [{}] · {}",
            passage + 1,
            sanitize_inline(article.outlet())
        )
    }
}

fn print_text(
    out: &mut impl Write,
    articles: &[Arc<Article>],
    c: &Comparison,
) -> anyhow::Result<()> {
    let Some(article) = articles.get(c.article) else {
        return Ok(());
    };
    let text = article.passage_text(c.passage).unwrap_or_default();
    writeln!(out, "{}", heading(article, c.passage))?;
    writeln!(out, "{text}")?;
    if c.matches.is_empty() {
        writeln!(out, "\nNo comparable passage in any other source.")?;
        return Ok(());
    }
    for m in &c.matches {
        let Some(other) = articles.get(m.article) else {
            continue;
        };
        writeln!(
            out,
            "\n{}  {}",
            heading(other, m.passage),
            score_bar(m.score)
        )?;
        writeln!(out, "{}", other.passage_text(m.passage).unwrap_or_default())?;
        for d in &m.differences {
            writeln!(out, "  · {}", describe(d))?;
        }
    }
    if !c.unmatched_sources.is_empty() {
        let shown: Vec<String> = c
            .unmatched_sources
            .iter()
            .take(20)
            .map(|s| sanitize_inline(s).into_owned())
            .collect();
        let more = c.unmatched_sources.len().saturating_sub(shown.len());
        writeln!(
            out,
            "\nNo comparable passage: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_need_an_article_and_a_passage_from_one() {
        assert_eq!(parse_spec("002:13").unwrap(), ("002", 13));
        assert_eq!(parse_spec("a:b:3").unwrap(), ("a:b", 3));
        assert!(parse_spec("002").is_err());
        assert!(parse_spec("002:0").is_err());
        assert!(parse_spec(":3").is_err());
    }

    #[test]
    fn bars_fill_with_the_score() {
        assert_eq!(score_bar(0.42), "████░░░░░░ 0.42");
        assert_eq!(score_bar(1.5), "██████████ 1.00");
    }
}
