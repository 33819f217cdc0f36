//! Files replaced whole: written beside the old one, synced, renamed over it, so a reader or a
//! crash sees the old file or the new one, never a part. Notes, sessions and the corpus cache.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

static TEMP_SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` (in `dir`) with `bytes` so that readers only ever see the old or the new
/// file, never a part: a temp file named `<temp_prefix><pid>-<n>` in the same folder (so the
/// rename cannot cross file systems), fsync, rename over the file, fsync the folder (so the
/// rename itself survives a crash). The temp file is removed when a step fails; one left by a
/// killed process is the caller's to clean up (it knows whether another writer may be busy).
/// The file is readable by its owner only.
pub fn write_file_atomic(
    dir: &Path,
    path: &Path,
    temp_prefix: &str,
    bytes: &[u8],
) -> io::Result<()> {
    let temp = dir.join(format!(
        "{temp_prefix}{}-{}",
        std::process::id(),
        TEMP_SEQUENCE.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| -> io::Result<()> {
        let mut file = new_private_file(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Notes are a journalist's private working material, and what they read is too: files parallax
/// writes are readable by their owner only.
fn new_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a folder as a file; its renames are durable through the file system's
/// journal instead.
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
