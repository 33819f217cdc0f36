//! RSS and Atom feeds: one article per item, the feed's title as the source.

use super::{FormatError, Parsed};

/// Every item of an RSS or Atom feed.
pub fn parse(_text: &str) -> Result<Parsed, FormatError> {
    Err(FormatError::NoArticles {
        format: "feed",
        message: "feed reading is being written".to_string(),
    })
}
