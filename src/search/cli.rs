//! `parallax search`: the search as scripts see it.

use crate::lexicon::Matcher;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query: words matched fuzzily, "exact phrases", ^prefix, !negation, @source
    pub query: String,
    /// Files and folders of articles [default: the embedded sample corpus]
    pub paths: Vec<PathBuf>,
    /// How many results at most
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON: [{article, source, passage, score, text, positions}]
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &SearchArgs, matcher: Arc<Matcher>) -> anyhow::Result<ExitCode> {
    let _ = (args, matcher);
    anyhow::bail!("search is being built")
}
