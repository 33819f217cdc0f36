//! Saved web pages: the main article text, extracted the way a reader mode does, and the page's
//! own metadata.

use super::{Document, FormatError};

/// The article in a saved web page.
pub fn parse(_html: &str) -> Result<Document, FormatError> {
    Err(FormatError::NoArticles {
        format: "HTML",
        message: "HTML extraction is being written".to_string(),
    })
}

/// The text of an HTML fragment (a feed item's content), paragraphs separated by blank lines.
pub fn fragment_text(html: &str) -> String {
    html.to_string()
}
