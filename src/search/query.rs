//! The query language, after fzf's extended mode: words matched fuzzily one by one (all must
//! match), "quoted phrases" word for word, `^prefix`, `!exclusion`, `@source` and `#tag`.

use super::tokens::tokens;
use crate::lexicon::fold::fold_term;

/// Something a passage must contain, in the order typed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Element {
    /// A word matched fuzzily; `open` while it is still being typed (the query's last word,
    /// nothing after it), when longer words it starts count almost as much as itself.
    Word { word: String, open: bool },
    /// `^word`: any word that starts with it.
    Prefix(String),
    /// `"a phrase"`: these words in a row. Without its closing quote it is still being typed
    /// and its last word matches as a prefix.
    Phrase { words: Vec<String>, open: bool },
}

/// A parsed query. Build it with [`Query::parse`], then [`Query::aliases`] and
/// [`Query::in_article`].
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub(crate) elements: Vec<Element>,
    /// `!word` (one word: that word or any word it starts) and `!"a phrase"`.
    pub(crate) excluded: Vec<Vec<String>>,
    /// `@source`, as [`source_key`]; a passage's article must match one of them.
    pub(crate) sources: Vec<String>,
    /// `#tag`, as typed; a passage must have all of them.
    pub(crate) tags: Vec<String>,
    pub(crate) aliases: bool,
    pub(crate) article: Option<usize>,
}

/// A source name as compared: folded, letters and digits only, so that "Caliber Az",
/// "caliber.az" and "CaliberAz" are one name.
pub(crate) fn source_key(name: &str) -> String {
    fold_term(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// One whitespace-separated item of the query text.
struct Item {
    modifier: Option<char>,
    text: String,
    quoted: bool,
    /// A quote left open, or a last item with no space after it: still being typed.
    open: bool,
}

fn items(text: &str) -> Vec<Item> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let modifier = matches!(chars[i], '!' | '^' | '@' | '#').then_some(chars[i]);
        if modifier.is_some() {
            i += 1;
        }
        if chars.get(i) == Some(&'"') {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|&c| c == '"')
                .map(|p| start + p);
            let stop = end.unwrap_or(chars.len());
            out.push(Item {
                modifier,
                text: chars[start..stop].iter().collect(),
                quoted: true,
                open: end.is_none(),
            });
            i = end.map_or(chars.len(), |e| e + 1);
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            out.push(Item {
                modifier,
                text: chars[start..i].iter().collect(),
                quoted: false,
                open: i == chars.len(),
            });
        }
    }
    out
}

impl Query {
    /// Words are matched fuzzily one by one (all must match, like fzf's extended mode);
    /// "quoted phrases" exactly; ^prefix as a word prefix; !word excludes passages containing
    /// it (or a word it starts: !Armenia also excludes Armenian); @source filters by source or
    /// outlet name (fuzzy; several @ are alternatives); #tag filters by note tag (several must
    /// all hold). A word with inner punctuation ("Nagorno-Karabakh") is its words.
    pub fn parse(text: &str) -> Query {
        let mut query = Query {
            elements: Vec::new(),
            excluded: Vec::new(),
            sources: Vec::new(),
            tags: Vec::new(),
            aliases: true,
            article: None,
        };
        for item in items(text) {
            match item.modifier {
                Some('@') => {
                    let source = source_key(&item.text);
                    if !source.is_empty() {
                        query.sources.push(source);
                    }
                }
                Some('#') => {
                    let tag = item.text.trim();
                    if !tag.is_empty() {
                        query.tags.push(tag.to_string());
                    }
                }
                Some('!') => {
                    let words = tokens(&item.text);
                    if !words.is_empty() {
                        query.excluded.push(words);
                    }
                }
                Some('^') => {
                    query
                        .elements
                        .extend(tokens(&item.text).into_iter().map(Element::Prefix));
                }
                _ if item.quoted => {
                    let words = tokens(&item.text);
                    if !words.is_empty() {
                        // A quote typed open but followed by a space is a complete last word.
                        let open = item.open && !item.text.ends_with(char::is_whitespace);
                        query.elements.push(Element::Phrase { words, open });
                    }
                }
                _ => {
                    let words = tokens(&item.text);
                    let last = words.len().saturating_sub(1);
                    for (i, word) in words.into_iter().enumerate() {
                        let open = item.open && i == last;
                        query.elements.push(Element::Word { word, open });
                    }
                }
            }
        }
        query
    }

    /// Alias expansion through the lexicon: on by default.
    pub fn aliases(mut self, on: bool) -> Query {
        self.aliases = on;
        self
    }

    /// Restricts the search to one article (its position in the indexed slice).
    pub fn in_article(mut self, article: usize) -> Query {
        self.article = Some(article);
        self
    }

    /// Adds a source filter, as `@source` in the text does.
    pub fn source(mut self, source: &str) -> Query {
        let source = source_key(source);
        if !source.is_empty() {
            self.sources.push(source);
        }
        self
    }

    /// Nothing to match and no filter: a restriction to one article alone does not count.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.excluded.is_empty()
            && self.sources.is_empty()
            && self.tags.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str, open: bool) -> Element {
        Element::Word {
            word: w.to_string(),
            open,
        }
    }

    #[test]
    fn parses_every_kind_of_item() {
        let q = Query::parse(
            r#"Kelbajr "ethnic cleansing" ^Lach !Azerbaijan @france24 #todo Nagorno-Karabakh"#,
        );
        assert_eq!(
            q.elements,
            [
                word("kelbajr", false),
                Element::Phrase {
                    words: vec!["ethnic".into(), "cleansing".into()],
                    open: false
                },
                Element::Prefix("lach".into()),
                word("nagorno", false),
                word("karabakh", true),
            ]
        );
        assert_eq!(q.excluded, [vec!["azerbaijan".to_string()]]);
        assert_eq!(q.sources, ["france24"]);
        assert_eq!(Query::parse("@\"Caliber Az\"").sources, ["caliberaz"]);
        assert_eq!(q.tags, ["todo"]);
        assert!(q.aliases);
        assert!(!q.is_empty());
    }

    #[test]
    fn the_last_word_is_open_until_a_space_follows() {
        assert_eq!(Query::parse("oil pr").elements[1], word("pr", true));
        assert_eq!(Query::parse("oil pr ").elements[1], word("pr", false));
        assert_eq!(
            Query::parse("\"ethnic clea").elements[0],
            Element::Phrase {
                words: vec!["ethnic".into(), "clea".into()],
                open: true
            }
        );
    }

    #[test]
    fn lone_modifiers_and_blanks_are_empty() {
        for text in ["", "   ", "!", "@", "#", "^", "\"\"", "—"] {
            assert!(Query::parse(text).is_empty(), "{text:?}");
        }
        assert!(Query::parse("x").in_article(2).aliases(false).article == Some(2));
        assert!(Query::parse("").in_article(2).is_empty());
        assert!(!Query::parse("").source("bbc").is_empty());
    }
}
