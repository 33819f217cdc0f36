//! Alias expansion: a query word or phrase that names a lexicon concept or entity, spelled as
//! one of its spellings or nearly, also finds every other spelling ("Stepanakert" finds
//! Khankendi and Khankandi; "Kelbajar" finds Kalbajar and Karvachar).

use super::fuzzy::osa;
use super::tokens::tokens;
use crate::lexicon::Matcher;

struct Spelling {
    words: Vec<String>,
    /// The words joined by one space, as chars: what a query is compared with.
    joined: Vec<char>,
}

/// The lexicon's spellings grouped by what they name.
#[derive(Default)]
pub(crate) struct AliasTable {
    groups: Vec<Vec<Spelling>>,
}

impl AliasTable {
    pub fn new(matcher: Option<&Matcher>) -> AliasTable {
        let mut table = AliasTable::default();
        let Some(matcher) = matcher else {
            return table;
        };
        let lexicon = &matcher.lexicon;
        for concept in &lexicon.concepts {
            table.add(
                concept
                    .variants
                    .iter()
                    .flat_map(|v| std::iter::once(&v.term).chain(&v.aliases)),
            );
        }
        for entity in &lexicon.entities {
            table.add(std::iter::once(&entity.name).chain(&entity.aliases));
        }
        table
    }

    fn add<'a>(&mut self, spellings: impl Iterator<Item = &'a String>) {
        let mut group: Vec<Spelling> = Vec::new();
        for spelling in spellings {
            let words = tokens(spelling);
            if words.is_empty() || group.iter().any(|s| s.words == words) {
                continue;
            }
            let joined = words.join(" ").chars().collect();
            group.push(Spelling { words, joined });
        }
        // One spelling has nothing to expand to.
        if group.len() > 1 {
            self.groups.push(group);
        }
    }

    /// The groups `words` names, each with how well: 1 for one of its spellings exactly, less
    /// for a near miss (one edit from five letters, two from nine; never for numbers).
    pub fn triggered(&self, words: &[String]) -> Vec<(usize, f32)> {
        let query: Vec<char> = words.join(" ").chars().collect();
        let budget = match query.len() {
            _ if query.iter().any(char::is_ascii_digit) => 0,
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let mut out = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            let mut best = 0.0f32;
            for s in group {
                if s.joined == query {
                    best = 1.0;
                    break;
                }
                if budget == 0 || s.joined.len().abs_diff(query.len()) > budget {
                    continue;
                }
                if let (Some(d), _) = osa(&query, &s.joined, budget) {
                    let longest = query.len().max(s.joined.len()) as f32;
                    best = best.max(0.75 * (1.0 - d as f32 / longest));
                }
            }
            if best > 0.0 {
                out.push((g, best));
            }
        }
        out
    }

    /// Every spelling of a group, as words.
    pub fn spellings(&self, group: usize) -> impl Iterator<Item = &[String]> {
        self.groups
            .get(group)
            .into_iter()
            .flatten()
            .map(|s| s.words.as_slice())
    }

    pub fn heap_bytes(&self) -> usize {
        self.groups
            .iter()
            .flatten()
            .map(|s| s.joined.len() * 4 + s.words.iter().map(|w| w.len() + 24).sum::<usize>() + 48)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings_for(table: &AliasTable, query: &str) -> Vec<String> {
        let words = tokens(query);
        let mut out: Vec<String> = table
            .triggered(&words)
            .into_iter()
            .flat_map(|(g, _)| table.spellings(g).map(|s| s.join(" ")))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_near_spelling_names_the_whole_group() {
        let matcher = Matcher::builtin().unwrap();
        let table = AliasTable::new(Some(&matcher));
        let found = spellings_for(&table, "Stepankert");
        assert_eq!(
            found,
            ["khankandi", "khankendi", "stepanakert", "xankendi"],
            "{found:?}"
        );
        let found = spellings_for(&table, "Kelbajr");
        for s in ["kalbajar", "karvachar", "kelbecer"] {
            assert!(found.iter().any(|f| f == s), "{found:?}");
        }
        assert!(spellings_for(&table, "hajiev").contains(&"hikmet hajiyev".to_string()));
        assert!(spellings_for(&table, "cleansing ethnic").is_empty());
        assert!(spellings_for(&table, "zzqxj").is_empty());
        assert!(
            AliasTable::new(None)
                .triggered(&["lachin".into()])
                .is_empty()
        );
    }
}
