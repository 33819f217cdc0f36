//! Names a text mentions, found by shape: runs of capitalised words that are not merely a
//! sentence's first word, classed as person, place or organisation by the words around them.

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
    "authority",
    "board",
    "police",
    "museum",
    "university",
    "hospital",
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
    /// Mentions shaped like a person's name (given name and surname) with no other cue: a
    /// guess that only stands when no mention gives a real cue.
    person_shaped: usize,
}

/// One mention of a name in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameSpan {
    /// Byte range in the text that was scanned.
    pub range: std::ops::Range<usize>,
    pub text: String,
    pub kind: NameKind,
}

/// A mention before the article's votes decide its kind.
struct Mention {
    range: std::ops::Range<usize>,
    text: String,
    sentence_initial: bool,
}

/// Names in the given sentences (byte ranges into `text`): every mention, with the kind the
/// whole text's usage votes for, and the names with their counts, most mentioned first.
/// A lone capitalised word that opens a sentence counts only if the text also uses it
/// mid-sentence.
pub fn name_spans(
    text: &str,
    sentences: impl IntoIterator<Item = std::ops::Range<usize>>,
) -> (Vec<NameSpan>, Vec<Name>) {
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut initial_only: HashMap<String, usize> = HashMap::new();
    let mut mentions: Vec<Mention> = Vec::new();
    for sentence in sentences {
        let Some(s) = text.get(sentence.clone()) else {
            continue;
        };
        scan_sentence(
            s,
            sentence.start,
            &mut tallies,
            &mut initial_only,
            &mut mentions,
        );
    }
    for (name, n) in initial_only {
        if let Some(t) = tallies.get_mut(&name) {
            t.count += n;
        }
    }
    let merged = merge_surnames(&mut tallies);
    let kinds: HashMap<String, NameKind> = tallies
        .iter()
        .map(|(text, t)| (text.clone(), t.kind()))
        .collect();
    let spans = mentions
        .into_iter()
        .filter_map(|m| {
            let owner = merged.get(&m.text).unwrap_or(&m.text);
            // A sentence-initial surname belongs to the one full name that ends with it.
            let kind = kinds.get(owner).copied().or_else(|| {
                let suffix = format!(" {}", m.text);
                let mut owners = kinds.iter().filter(|(k, _)| k.ends_with(&suffix));
                match (owners.next(), owners.next()) {
                    (Some((_, kind)), None) if m.sentence_initial => Some(*kind),
                    _ => None,
                }
            })?;
            Some(NameSpan {
                range: m.range,
                text: m.text,
                kind,
            })
        })
        .filter(|n| !n.text.is_empty())
        .collect::<Vec<_>>();
    let mut names: Vec<Name> = tallies
        .into_iter()
        .map(|(text, t)| Name {
            kind: t.kind(),
            text,
            count: t.count,
        })
        .collect();
    names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    (spans, names)
}

impl Tally {
    fn kind(&self) -> NameKind {
        self.votes
            .iter()
            .filter(|(k, _)| **k != NameKind::Other)
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
            .map(|(k, _)| *k)
            .unwrap_or(if self.person_shaped > 0 {
                NameKind::Person
            } else {
                NameKind::Other
            })
    }
}

struct Token<'a> {
    word: &'a str,
    /// Byte offset of `word` in the sentence.
    at: usize,
    /// Punctuation after the word that ends a name run (comma, full stop, quote...).
    breaks_after: bool,
}

fn tokens(sentence: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in sentence.split_whitespace() {
        let raw_at = sentence[offset..].find(raw).map_or(offset, |i| offset + i);
        offset = raw_at + raw.len();
        let trimmed_start =
            raw.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let lead = raw.len() - trimmed_start.len();
        let word =
            trimmed_start.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let word = word
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches('\'');
        let word_lead = word.len() - word.trim_start_matches('-').len();
        let word = word.trim_matches('-');
        if word.is_empty() {
            continue;
        }
        let tail = raw
            .rsplit(|c: char| c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let head_quote = raw.starts_with(|c: char| !c.is_alphanumeric());
        out.push(Token {
            word,
            at: raw_at + lead + word_lead,
            breaks_after: !tail.is_empty() || (head_quote && raw.len() > word.len() + 1),
        });
    }
    out
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
    base: usize,
    tallies: &mut HashMap<String, Tally>,
    initial_only: &mut HashMap<String, usize>,
    mentions: &mut Vec<Mention>,
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
        let mut person_shaped = false;
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
            && before(2) != Some("according")
            || (before(1) == Some("of") && before(2).is_some_and(|w| PLACE_NOUNS.contains(&w)))
            || PLACE_NOUNS.contains(&last_lower)
        {
            NameKind::Place
        } else if (2..=3).contains(&words.len())
            && words.iter().all(|w| w.chars().all(char::is_alphabetic))
            && !lower[name_start..end]
                .iter()
                .any(|l| PLACE_NOUNS.contains(&l.as_str()) || CONNECTORS.contains(&l.as_str()))
        {
            // Two or three capitalised words with no place or organisation word are most often
            // a person's given name and surname; counted apart, as a weak guess.
            person_shaped = true;
            NameKind::Other
        } else {
            NameKind::Other
        };
        let first = &toks[name_start];
        let last = &toks[end - 1];
        let range = base + first.at..base + last.at + last.word.len();
        let sentence_initial = start == 0 && words.len() == 1 && !titled;
        mentions.push(Mention {
            range,
            text: text.clone(),
            sentence_initial,
        });
        if sentence_initial {
            *initial_only.entry(text).or_default() += 1;
            continue;
        }
        let tally = tallies.entry(text).or_default();
        tally.count += 1;
        tally.person_shaped += usize::from(person_shaped);
        *tally.votes.entry(kind).or_default() += 1;
    }
}

/// "Aliyev" alone counts towards "Ilham Aliyev" when the article uses both. Returns which
/// single names went to which full name.
fn merge_surnames(tallies: &mut HashMap<String, Tally>) -> HashMap<String, String> {
    let mut merged = HashMap::new();
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
            o.person_shaped += t.person_shaped;
            for (k, v) in t.votes {
                *o.votes.entry(k).or_default() += v;
            }
            merged.insert(single, (*owner).clone());
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(sentences: &[&str]) -> Vec<Name> {
        let text = sentences.join(" ");
        let mut ranges = Vec::new();
        let mut at = 0;
        for s in sentences {
            ranges.push(at..at + s.len());
            at += s.len() + 1;
        }
        let mut v = name_spans(&text, ranges).1;
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

#[cfg(test)]
mod span_tests {
    use super::*;

    #[test]
    fn spans_point_at_each_mention_with_the_voted_kind() {
        let text = "Lachin was returned. Troops entered Lachin at night, said President Ilham Aliyev. Aliyev smiled.";
        let sentences = [0..20, 21..81, 82..96];
        let (spans, _) = name_spans(text, sentences);
        let shown: Vec<(&str, NameKind)> = spans
            .iter()
            .map(|s| (&text[s.range.clone()], s.kind))
            .collect();
        assert_eq!(
            shown,
            [
                ("Lachin", NameKind::Other),
                ("Lachin", NameKind::Other),
                ("Ilham Aliyev", NameKind::Person),
                ("Aliyev", NameKind::Person)
            ]
        );
    }

    #[test]
    fn a_lone_sentence_initial_word_is_not_a_name() {
        let text = "Residents left. Thousands came.";
        let (spans, names) = name_spans(text, [0..15, 16..31]);
        assert!(spans.is_empty(), "{spans:?}");
        assert!(names.is_empty());
    }
}
