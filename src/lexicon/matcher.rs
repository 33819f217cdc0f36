//! Finding a lexicon's terms in text: folded for case and diacritics, on word boundaries,
//! longest match first, with case-sensitive terms (acronyms) checked against the source.

use super::Lexicon;
use super::fold::{alphanumerics, fold, fold_term};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// What a match is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// `concepts[concept].variants[variant]`.
    Variant { concept: usize, variant: usize },
    /// `entities[entity]`.
    Entity(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexMatch {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    pub target: Target,
}

struct Pattern {
    target: Target,
    /// For case-sensitive patterns: the letters and digits the source must show exactly.
    exact: Option<String>,
}

/// A compiled lexicon. Cheap to share (`Arc`) between threads.
pub struct Matcher {
    pub lexicon: Arc<Lexicon>,
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

impl Matcher {
    /// The built-in lexicon, compiled.
    pub fn builtin() -> Result<Arc<Matcher>, super::LexiconError> {
        Ok(Arc::new(Matcher::new(Arc::new(Lexicon::builtin()?))))
    }

    pub fn new(lexicon: Arc<Lexicon>) -> Self {
        // One pattern per folded spelling; a later definition (user files come later) wins.
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        let mut folded: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut add = |spelling: &str, target: Target, case_sensitive: bool| {
            let key = fold_term(spelling);
            if key.is_empty() {
                return;
            }
            let pattern = Pattern {
                target,
                exact: case_sensitive.then(|| alphanumerics(spelling)),
            };
            match by_folded.get(&key) {
                Some(&i) => patterns[i] = pattern,
                None => {
                    by_folded.insert(key.clone(), patterns.len());
                    folded.push(key);
                    patterns.push(pattern);
                }
            }
        };
        for (ci, concept) in lexicon.concepts.iter().enumerate() {
            for (vi, variant) in concept.variants.iter().enumerate() {
                let target = Target::Variant {
                    concept: ci,
                    variant: vi,
                };
                add(&variant.term, target, variant.case_sensitive);
                for alias in &variant.aliases {
                    add(alias, target, variant.case_sensitive);
                }
            }
        }
        for (ei, entity) in lexicon.entities.iter().enumerate() {
            add(&entity.name, Target::Entity(ei), entity.case_sensitive);
            for alias in &entity.aliases {
                add(alias, Target::Entity(ei), entity.case_sensitive);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&folded)
            .ok();
        Matcher {
            lexicon,
            automaton,
            patterns,
        }
    }

    /// Matches in `text`, in order, not overlapping; where matches overlap the longest wins
    /// (then the leftmost).
    pub fn find(&self, text: &str) -> Vec<LexMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold(text);
        let f = folded.text.as_str();
        let mut candidates: Vec<(Range<usize>, Target)> = Vec::new();
        for m in automaton.find_overlapping_iter(f) {
            let (start, end) = (m.start(), m.end());
            let before_ok = f[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = f[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !before_ok || !after_ok {
                continue;
            }
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            let range = folded.source_range(start, end, text);
            if let Some(exact) = &pattern.exact
                && alphanumerics(&text[range.clone()]) != *exact
            {
                continue;
            }
            candidates.push((range, pattern.target));
        }
        candidates.sort_by(|a, b| {
            (b.0.end - b.0.start)
                .cmp(&(a.0.end - a.0.start))
                .then(a.0.start.cmp(&b.0.start))
        });
        let mut chosen: Vec<LexMatch> = Vec::new();
        for (range, target) in candidates {
            if chosen
                .iter()
                .all(|c| range.end <= c.range.start || range.start >= c.range.end)
            {
                chosen.push(LexMatch { range, target });
            }
        }
        chosen.sort_by_key(|m| m.range.start);
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(toml: &str) -> Matcher {
        Matcher::new(Arc::new(Lexicon::parse("t.toml", toml).unwrap()))
    }

    const LEX: &str = r#"
[[concept]]
id = "khankendi"
label = "Main city"
kind = "place"
  [[concept.variant]]
  term = "Stepanakert"
  used_by = "Armenian"
  [[concept.variant]]
  term = "Khankendi"
  aliases = ["Khankandi", "Xankəndi"]
  used_by = "Azerbaijani"

[[concept]]
id = "region"
label = "The region"
kind = "place"
  [[concept.variant]]
  term = "Nagorno-Karabakh"
  used_by = "international"
  [[concept.variant]]
  term = "Karabakh"
  used_by = "international"
  [[concept.variant]]
  term = "NKR"
  case_sensitive = true
  used_by = "Armenian"

[[entity]]
name = "Ilham Aliyev"
kind = "person"
aliases = ["Aliyev"]
"#;

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        m.find(text)
            .iter()
            .map(|x| text[x.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn folds_case_and_diacritics_on_word_boundaries() {
        let m = matcher(LEX);
        assert_eq!(
            found(
                &m,
                "In XANKƏNDI and khankandi, not Khankendistan; Stepanakert."
            ),
            ["XANKƏNDI", "khankandi", "Stepanakert"]
        );
    }

    #[test]
    fn longest_match_wins_and_spaced_hyphens_match() {
        let m = matcher(LEX);
        assert_eq!(
            found(
                &m,
                "Nagorno-Karabakh, Nagorno - Karabakh and Karabakh; President Ilham Aliyev met Aliyev's aide."
            ),
            [
                "Nagorno-Karabakh",
                "Nagorno - Karabakh",
                "Karabakh",
                "Ilham Aliyev",
                "Aliyev"
            ]
        );
    }

    #[test]
    fn case_sensitive_terms_need_their_case() {
        let m = matcher(LEX);
        assert_eq!(found(&m, "the \"NKR\" and nkr"), ["NKR"]);
    }

    #[test]
    fn targets_point_into_the_lexicon() {
        let m = matcher(LEX);
        let hits = m.find("Khankandi");
        assert_eq!(
            hits[0].target,
            Target::Variant {
                concept: 0,
                variant: 1
            }
        );
        let Target::Variant { concept, variant } = hits[0].target else {
            panic!()
        };
        assert_eq!(
            m.lexicon.concepts[concept].variants[variant].used_by,
            "Azerbaijani"
        );
    }
}
