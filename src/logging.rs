//! The log: `tracing` to a file (never to the screen), level from PARALLAX_LOG.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub fn default_log_path() -> Option<PathBuf> {
    crate::dirs::project().map(|d| d.cache_dir().join("parallax.log"))
}

/// Starts logging to `path` or the default log file. Logging is best effort: when the file
/// cannot be opened parallax runs without a log.
pub fn init(path: Option<&Path>) {
    let Some(path) = path.map(Path::to_path_buf).or_else(default_log_path) else {
        return;
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("PARALLAX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}
