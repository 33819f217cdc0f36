//! newsboat's SQLite cache: every item it has stored, its feed's title as the source.

use super::{FormatError, Parsed};
use std::path::Path;

/// Every item in a newsboat `cache.db`.
pub fn parse(_path: &Path) -> Result<Parsed, FormatError> {
    Err(FormatError::NoArticles {
        format: "newsboat cache",
        message: "newsboat reading is being written".to_string(),
    })
}
