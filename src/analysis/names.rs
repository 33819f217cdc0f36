//! Names an article mentions, found by shape: runs of capitalised words that are not merely a
//! sentence's first word, classed as person, place or organisation by the words around them.

use crate::corpus::Article;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Person,
    Place,
    Org,
    Other,
}

impl NameKind {
    pub fn label(self) -> &'static str {
        match self {
            NameKind::Person => "People",
            NameKind::Place => "Places",
            NameKind::Org => "Organisations",
            NameKind::Other => "Other names",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    pub text: String,
    pub kind: NameKind,
    pub count: usize,
}

const TITLES: &[&str] = &[
    "president",
    "minister",
    "prime",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "adviser",
    "advisor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "journalist",
    "engineer",
    "leader",
    "ambassador",
    "chancellor",
    "general",
    "fellow",
    "expert",
    "mason",
    "secretary",
    "envoy",
    "commander",
    "chairman",
    "chairwoman",
    "speaker",
    "deputy",
    "governor",
    "senator",
    "mayor",
    "pope",
    "king",
    "queen",
    "colonel",
    "analyst",
    "reporter",
    "correspondent",
    "director",
    "head",
];
const SPEECH: &[&str] = &[
    "said", "says", "told", "stated", "added", "noted", "asserted", "wrote",
];
const PLACE_CUES: &[&str] = &[
    "in", "to", "from", "near", "into", "across", "around", "towards", "toward",
];
const PLACE_NOUNS: &[&str] = &[
    "city", "town", "village", "district", "region", "capital", "province", "republic",
];
const ORG_WORDS: &[&str] = &[
    "ministry",
    "council",
    "union",
    "nations",
    "committee",
    "agency",
    "group",
    "party",
    "parliament",
    "bank",
    "cross",
    "crescent",
    "court",
    "commission",
    "office",
    "service",
    "institute",
    "foundation",
    "organisation",
    "organization",
    "army",
    "forces",
    "government",
    "kremlin",
    "assembly",
    "media",
    "news",
    "press",
    "tv",
    "television",
    "company",
    "corporation",
];
const CONNECTORS: &[&str] = &[
    "de", "del", "della", "da", "van", "von", "der", "den", "la", "le", "bin", "ibn", "al", "el",
    "of",
];
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "and",
    "but",
    "or",
    "nor",
    "so",
    "yet",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "however",
    "although",
    "despite",
    "after",
    "before",
    "since",
    "during",
    "when",
    "while",
    "if",
    "as",
    "with",
    "without",
    "by",
    "from",
    "under",
    "over",
    "about",
    "according",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "yes",
    "no",
    "not",
    "all",
    "some",
    "many",
    "most",
    "more",
    "much",
    "one",
    "two",
    "three",
    "each",
    "every",
    "both",
    "other",
    "another",
    "such",
    "then",
    "now",
    "also",
    "even",
    "still",
    "only",
    "just",
    "thus",
    "therefore",
    "meanwhile",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "read",
    "please",
    "photo",
    "video",
    "source",
    "long",
    "fast",
    "historic",
    "notwithstanding",
    "yet",
    "teams",
    "reports",
];

#[derive(Default)]
struct Tally {
    count: usize,
    votes: HashMap<NameKind, usize>,
}

/// Names in the article's body passages, most mentioned first.
pub fn find_names(article: &Article) -> Vec<Name> {
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut initial_only: HashMap<String, usize> = HashMap::new();
    for (_, passage) in article.body_passages() {
        for sentence in &passage.sentences {
            let Some(text) = article.text.get(sentence.clone()) else {
                continue;
            };
            scan_sentence(text, &mut tallies, &mut initial_only);
        }
    }
    // A sentence-initial word counts only when the name is also seen mid-sentence.
    for (name, n) in initial_only {
        if let Some(t) = tallies.get_mut(&name) {
            t.count += n;
        }
    }
    merge_surnames(&mut tallies);
    let mut names: Vec<Name> = tallies
        .into_iter()
        .map(|(text, t)| {
            let kind = t
                .votes
                .iter()
                .filter(|(k, _)| **k != NameKind::Other)
                .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
                .map(|(k, _)| *k)
                .unwrap_or(NameKind::Other);
            Name {
                text,
                kind,
                count: t.count,
            }
        })
        .collect();
    names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    names
}

struct Token<'a> {
    word: &'a str,
    /// Punctuation after the word that ends a name run (comma, full stop, quote...).
    breaks_after: bool,
}

fn tokens(sentence: &str) -> Vec<Token<'_>> {
    sentence
        .split_whitespace()
        .filter_map(|raw| {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
            let word = word
                .trim_end_matches("'s")
                .trim_end_matches('\'')
                .trim_matches('-');
            if word.is_empty() {
                return None;
            }
            let tail = raw
                .rsplit(|c: char| c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let head_quote = raw.starts_with(|c: char| !c.is_alphanumeric());
            Some(Token {
                word,
                breaks_after: !tail.is_empty() || (head_quote && raw.len() > word.len() + 1),
            })
        })
        .collect()
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && (word.chars().count() > 1)
        && !word.chars().all(|c| c.is_ascii_digit())
}

fn is_demonym(word: &str) -> bool {
    let w = word.to_lowercase();
    [
        "ian", "ians", "ani", "anis", "ish", "ese", "ean", "eans", "ans",
    ]
    .iter()
    .any(|s| w.ends_with(s) && w.len() > s.len() + 3)
}

fn scan_sentence(
    sentence: &str,
    tallies: &mut HashMap<String, Tally>,
    initial_only: &mut HashMap<String, usize>,
) {
    let toks = tokens(sentence);
    let lower: Vec<String> = toks.iter().map(|t| t.word.to_lowercase()).collect();
    let mut i = 0;
    while i < toks.len() {
        if !is_capitalised(toks[i].word) || NOT_NAMES.contains(&lower[i].as_str()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < toks.len() && !toks[end - 1].breaks_after {
            if is_capitalised(toks[end].word) && !NOT_NAMES.contains(&lower[end].as_str()) {
                end += 1;
            } else if CONNECTORS.contains(&lower[end].as_str())
                && end + 1 < toks.len()
                && is_capitalised(toks[end + 1].word)
                && !toks[end].breaks_after
            {
                end += 2;
            } else {
                break;
            }
        }
        i = end;
        // Leading titles are context, not part of the name.
        let mut name_start = start;
        let mut titled = false;
        // "Azerbaijani President Ilham Aliyev": a demonym and a title before the name.
        while name_start + 1 < end
            && (TITLES.contains(&lower[name_start].as_str()) || is_demonym(toks[name_start].word))
        {
            titled |= TITLES.contains(&lower[name_start].as_str());
            name_start += 1;
        }
        if name_start + 1 == end && TITLES.contains(&lower[name_start].as_str()) {
            continue;
        }
        if name_start == end {
            continue;
        }
        let words: Vec<&str> = toks[name_start..end].iter().map(|t| t.word).collect();
        if words.len() == 1 && is_demonym(words[0]) {
            continue;
        }
        let text = words.join(" ");
        let before = |n: usize| start.checked_sub(n).map(|j| lower[j].as_str());
        let after = lower.get(end).map(String::as_str);
        let last_lower = lower[end - 1].as_str();
        let kind = if ORG_WORDS
            .iter()
            .any(|w| lower[name_start..end].iter().any(|l| l == w))
            || (words.len() == 1
                && words[0].len() >= 2
                && words[0].chars().all(|c| c.is_uppercase()))
        {
            NameKind::Org
        } else if titled
            || before(1).is_some_and(|w| TITLES.contains(&w))
            || after.is_some_and(|w| SPEECH.contains(&w))
        {
            NameKind::Person
        } else if before(1).is_some_and(|w| PLACE_CUES.contains(&w))
            || (before(1) == Some("of") && before(2).is_some_and(|w| PLACE_NOUNS.contains(&w)))
            || PLACE_NOUNS.contains(&last_lower)
        {
            NameKind::Place
        } else {
            NameKind::Other
        };
        if start == 0 && words.len() == 1 && !titled {
            *initial_only.entry(text).or_default() += 1;
            continue;
        }
        let tally = tallies.entry(text).or_default();
        tally.count += 1;
        *tally.votes.entry(kind).or_default() += 1;
    }
}

/// "Aliyev" alone counts towards "Ilham Aliyev" when the article uses both.
fn merge_surnames(tallies: &mut HashMap<String, Tally>) {
    let full: Vec<String> = tallies
        .keys()
        .filter(|k| k.contains(' '))
        .cloned()
        .collect();
    let singles: Vec<String> = tallies
        .keys()
        .filter(|k| !k.contains(' '))
        .cloned()
        .collect();
    for single in singles {
        let owners: Vec<&String> = full
            .iter()
            .filter(|f| f.rsplit(' ').next() == Some(single.as_str()))
            .collect();
        if let [owner] = owners.as_slice()
            && let Some(t) = tallies.remove(&single)
            && let Some(o) = tallies.get_mut(*owner)
        {
            o.count += t.count;
            for (k, v) in t.votes {
                *o.votes.entry(k).or_default() += v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(sentences: &[&str]) -> Vec<Name> {
        let mut tallies = HashMap::new();
        let mut initial = HashMap::new();
        for s in sentences {
            scan_sentence(s, &mut tallies, &mut initial);
        }
        for (name, n) in initial {
            if let Some(t) = tallies.get_mut(&name) {
                t.count += n;
            }
        }
        merge_surnames(&mut tallies);
        let mut v: Vec<Name> = tallies
            .into_iter()
            .map(|(text, t)| Name {
                kind: t
                    .votes
                    .iter()
                    .filter(|(k, _)| **k != NameKind::Other)
                    .max_by_key(|(_, n)| **n)
                    .map(|(k, _)| *k)
                    .unwrap_or(NameKind::Other),
                text,
                count: t.count,
            })
            .collect();
        v.sort_by(|a, b| a.text.cmp(&b.text));
        v
    }

    fn find<'a>(names: &'a [Name], text: &str) -> Option<&'a Name> {
        names.iter().find(|n| n.text == text)
    }

    #[test]
    fn titles_and_speech_make_people() {
        let n = names_in(&[
            "It was a win for Azerbaijani President Ilham Aliyev who spoke.",
            "The talks, said Prime Minister Nikol Pashinyan, failed.",
            "Later Aliyev said it was over.",
        ]);
        let aliyev = find(&n, "Ilham Aliyev").unwrap();
        assert_eq!(aliyev.kind, NameKind::Person);
        assert_eq!(aliyev.count, 2, "surname merged");
        assert_eq!(find(&n, "Nikol Pashinyan").unwrap().kind, NameKind::Person);
        assert!(find(&n, "Azerbaijani").is_none(), "demonym is not a name");
    }

    #[test]
    fn places_and_organisations() {
        let n = names_in(&[
            "The meeting took place in the city of Yevlakh on Thursday.",
            "Teams from the Red Cross reached Khankendi after the UN asked.",
            "The delegation travelled to Yevlakh again.",
        ]);
        assert_eq!(find(&n, "Yevlakh").unwrap().kind, NameKind::Place);
        assert_eq!(find(&n, "Yevlakh").unwrap().count, 2);
        assert_eq!(find(&n, "Red Cross").unwrap().kind, NameKind::Org);
        assert_eq!(find(&n, "UN").unwrap().kind, NameKind::Org);
        assert_eq!(find(&n, "Khankendi").unwrap().kind, NameKind::Other);
    }

    #[test]
    fn sentence_initial_words_are_not_names_on_their_own() {
        let n = names_in(&[
            "Residents left quickly.",
            "Despite the cold, Thousands came.",
        ]);
        assert!(find(&n, "Residents").is_none());
        assert!(find(&n, "Despite").is_none());
        let n = names_in(&["Lachin was returned.", "Troops entered Lachin at night."]);
        assert_eq!(find(&n, "Lachin").unwrap().count, 2);
    }

    #[test]
    fn connectors_join_a_name() {
        let n = names_in(&["It was noted by Thomas de Waal, a senior fellow at Carnegie Europe."]);
        assert!(find(&n, "Thomas de Waal").is_some(), "{n:?}");
        assert!(find(&n, "Carnegie Europe").is_some(), "{n:?}");
    }
}
