//! `parallax search`: the search as scripts see it.

use super::{Hit, Query, SearchIndex, match_positions, snippet};
use crate::corpus::Article;
use crate::lexicon::Matcher;
use anyhow::Context;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Snippet width of the text output, in columns.
const SNIPPET_WIDTH: usize = 100;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query: words matched fuzzily, "exact phrases", ^prefix, !negation, @source
    pub query: String,
    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,
    /// How many results at most
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON: [{article, source, passage, score, text, positions, via_alias}]
    #[arg(long)]
    pub json: bool,
    /// Do not also search the lexicon's other spellings of a name
    #[arg(long)]
    pub no_aliases: bool,
    /// Only articles whose source or outlet matches this (fuzzy; as @SOURCE in the query)
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
}

/// One result in `search --json`: `passage` is 1-based as in `read`, `positions` are char
/// offsets into `text`.
#[derive(Serialize)]
struct HitOut<'a> {
    article: &'a str,
    source: &'a str,
    passage: usize,
    score: f64,
    text: String,
    positions: Vec<usize>,
    via_alias: bool,
}

pub fn run(args: &SearchArgs, matcher: Arc<Matcher>) -> anyhow::Result<ExitCode> {
    let articles: Vec<Arc<Article>> = crate::cli::load_for_cli(&args.paths)?
        .into_iter()
        .map(Arc::new)
        .collect();
    let index = SearchIndex::build(&articles, Some(matcher));
    let mut query = Query::parse(&args.query).aliases(!args.no_aliases);
    if let Some(source) = &args.source {
        query = query.source(source);
    }
    let hits = index.search(&query, args.limit);
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows: Vec<HitOut> = hits
            .iter()
            .filter_map(|hit| {
                let article = articles.get(hit.article)?;
                Some(HitOut {
                    article: &article.id,
                    source: &article.source,
                    passage: hit.passage + 1,
                    score: hit.score,
                    text: article.passage_text(hit.passage)?,
                    positions: match_positions(&index, article, hit.passage, &query),
                    via_alias: hit.via_alias,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for hit in &hits {
        if let Some(line) = text_line(&index, &articles, hit, &query) {
            writeln!(out, "{line}").context("cannot write to stdout")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `score  source  id:passage  snippet`, the matches in [brackets], `(alias)` when found only
/// through another spelling.
fn text_line(
    index: &SearchIndex,
    articles: &[Arc<Article>],
    hit: &Hit,
    query: &Query,
) -> Option<String> {
    let article = articles.get(hit.article)?;
    let positions = match_positions(index, article, hit.passage, query);
    let (snip, marked) = snippet(article, hit.passage, &positions, SNIPPET_WIDTH);
    Some(format!(
        "{:>6.2}  {}  {}:{}{}  {}",
        hit.score,
        article.source,
        article.id,
        hit.passage + 1,
        if hit.via_alias { " (alias)" } else { "" },
        bracket(&snip, &marked)
    ))
}

/// `text` with each run of marked chars in brackets.
fn bracket(text: &str, marked: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + marked.len());
    let mut inside = false;
    let mut next = marked.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while next.next_if(|&&m| m < i).is_some() {}
        let on = next.peek().is_some_and(|&&m| m == i);
        if on != inside {
            out.push(if on { '[' } else { ']' });
            inside = on;
        }
        out.push(c);
    }
    if inside {
        out.push(']');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_mark_runs() {
        assert_eq!(
            bracket("Kalbajar road", &[0, 1, 2, 3, 4, 5, 6, 7]),
            "[Kalbajar] road"
        );
        assert_eq!(bracket("hajiyev", &[0, 1, 2, 3, 5, 6]), "[haji]y[ev]");
        assert_eq!(bracket("abc", &[]), "abc");
        assert_eq!(bracket("abc", &[2, 2, 9]), "ab[c]");
    }
}
