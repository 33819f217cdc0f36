//! `parallax notes ...`: the notes store as scripts see it.

use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct NotesArgs {
    #[command(subcommand)]
    pub command: NotesCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum NotesCommand {
    /// List the notes, with their anchoring state
    List {
        /// Files and folders of articles [default: the embedded sample corpus]
        paths: Vec<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: &NotesArgs, data_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let _ = (args, data_dir);
    anyhow::bail!("notes are being built")
}
