//! `parallax words`: each source's distinctive vocabulary against the rest of the corpus.

use super::words::{GroupWords, Grouping, distinctive};
use crate::corpus::Article;
use crate::corpus::clean::sanitize_inline;
use crate::lexicon::Matcher;
use anyhow::bail;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// What to group articles by, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// The outlet
    Source,
    /// The manifest's label
    Label,
    /// The lexicon side whose variants an article uses most
    Side,
}

impl From<By> for Grouping {
    fn from(by: By) -> Self {
        match by {
            By::Source => Grouping::Source,
            By::Label => Grouping::Label,
            By::Side => Grouping::Side,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct WordsArgs {
    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,
    /// Show only groups whose name contains this (case-insensitive)
    #[arg(long)]
    pub source: Option<String>,
    /// Group articles by
    #[arg(long, value_enum, default_value = "source")]
    pub by: By,
    /// Words to show per group
    #[arg(long, default_value_t = 15)]
    pub limit: usize,
    /// Print JSON: [{group, articles, words: [{word, z, delta, count, concept}]}]
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &WordsArgs, matcher: Arc<Matcher>) -> anyhow::Result<ExitCode> {
    let loaded = crate::cli::load_for_cli(&args.paths)?;
    let articles: Vec<Arc<Article>> = loaded.into_iter().map(Arc::new).collect();
    let mut groups = distinctive(&articles, &matcher, args.by.into(), args.limit);
    if let Some(wanted) = &args.source {
        let wanted = wanted.to_lowercase();
        groups.retain(|g| g.group.to_lowercase().contains(&wanted));
        if groups.is_empty() {
            bail!("no group matches {:?}", sanitize_inline(&wanted));
        }
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &groups)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &groups)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(out: &mut impl Write, groups: &[GroupWords]) -> anyhow::Result<()> {
    if groups.is_empty() {
        writeln!(out, "No groups to compare.")?;
    }
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let plural = if g.articles == 1 { "" } else { "s" };
        writeln!(
            out,
            "{} ({} article{plural})",
            sanitize_inline(&g.group),
            g.articles
        )?;
        if g.words.is_empty() {
            writeln!(out, "  (nothing distinctive)")?;
        }
        for w in &g.words {
            let word = if w.concept {
                format!("[{}]", sanitize_inline(&w.word))
            } else {
                sanitize_inline(&w.word).into_owned()
            };
            writeln!(out, "  {word}  z={:.2}  ({})", w.z, w.count)?;
        }
    }
    Ok(())
}
