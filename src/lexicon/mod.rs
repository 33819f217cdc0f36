//! Lexicons: TOML files of contested concepts (naming variants, each with who uses it) and of
//! plain entities; the built-in South Caucasus lexicon, user files merged over it, and a
//! matcher that finds them in text. Nothing here is specific to one conflict.

pub mod fold;
pub mod matcher;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use matcher::{LexMatch, Matcher, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person,
    Place,
    Org,
    Event,
    Group,
    Other,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Org => "org",
            Kind::Event => "event",
            Kind::Group => "group",
            Kind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub used_by: String,
    #[serde(default)]
    pub case_sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    pub id: String,
    pub label: String,
    pub kind: Kind,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(rename = "variant")]
    pub variants: Vec<Variant>,
    /// The file the concept came from.
    #[serde(skip)]
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(skip)]
    pub origin: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    concept: Vec<toml::Spanned<Concept>>,
    #[serde(default)]
    entity: Vec<toml::Spanned<Entity>>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    /// `line` is 1-based.
    #[error("{path}: line {line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: cannot read: {message}")]
    Read { path: String, message: String },
}

/// Concepts and entities, merged from one or more files.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub concepts: Vec<Concept>,
    pub entities: Vec<Entity>,
}

/// The built-in lexicon files, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "caucasus-places.toml",
        include_str!("../../assets/lexicon/caucasus-places.toml"),
    ),
    (
        "caucasus-events.toml",
        include_str!("../../assets/lexicon/caucasus-events.toml"),
    ),
    (
        "caucasus-labels.toml",
        include_str!("../../assets/lexicon/caucasus-labels.toml"),
    ),
    (
        "caucasus-gazetteer.toml",
        include_str!("../../assets/lexicon/caucasus-gazetteer.toml"),
    ),
    (
        "caucasus-gazetteer-people.toml",
        include_str!("../../assets/lexicon/caucasus-gazetteer-people.toml"),
    ),
];

impl Lexicon {
    /// Identifies the lexicon's content: what saved indexes built with it are keyed by.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        postcard::to_allocvec(&self.concepts)
            .unwrap_or_default()
            .hash(&mut h);
        postcard::to_allocvec(&self.entities)
            .unwrap_or_default()
            .hash(&mut h);
        h.finish()
    }

    /// Parses one lexicon file's text. Errors name the file, the line and the problem.
    pub fn parse(path: &str, text: &str) -> Result<Lexicon, LexiconError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let invalid = |offset: usize, message: String| LexiconError::Invalid {
            path: path.to_string(),
            line: line_of(offset),
            message,
        };
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().map(|s| s.start).unwrap_or(0),
                e.message().trim().to_string(),
            )
        })?;
        let mut lexicon = Lexicon::default();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for spanned in file.concept {
            let at = spanned.span().start;
            let mut concept = spanned.into_inner();
            if concept.id.trim().is_empty() {
                return Err(invalid(at, "concept with an empty id".into()));
            }
            if let Some(first) = ids.insert(concept.id.clone(), at) {
                return Err(invalid(
                    at,
                    format!(
                        "concept id {:?} is used twice (first on line {})",
                        concept.id,
                        line_of(first)
                    ),
                ));
            }
            if concept.variants.is_empty() {
                return Err(invalid(
                    at,
                    format!("concept {:?} has no [[concept.variant]]", concept.id),
                ));
            }
            for v in &concept.variants {
                if fold::fold_term(&v.term).is_empty() {
                    return Err(invalid(
                        at,
                        format!("concept {:?} has a variant with an empty term", concept.id),
                    ));
                }
            }
            concept.origin = path.to_string();
            lexicon.concepts.push(concept);
        }
        for spanned in file.entity {
            let at = spanned.span().start;
            let mut entity = spanned.into_inner();
            if fold::fold_term(&entity.name).is_empty() {
                return Err(invalid(at, "entity with an empty name".into()));
            }
            entity.origin = path.to_string();
            lexicon.entities.push(entity);
        }
        Ok(lexicon)
    }

    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        for (name, text) in BUILTIN {
            lexicon.merge(Lexicon::parse(&format!("built-in {name}"), text)?);
        }
        Ok(lexicon)
    }

    /// Adds `other` over this lexicon: a concept with the same id, or an entity with the same
    /// folded name, replaces the one here.
    pub fn merge(&mut self, other: Lexicon) {
        for concept in other.concepts {
            match self.concepts.iter_mut().find(|c| c.id == concept.id) {
                Some(existing) => *existing = concept,
                None => self.concepts.push(concept),
            }
        }
        for entity in other.entities {
            let key = fold::fold_term(&entity.name);
            match self
                .entities
                .iter_mut()
                .find(|e| fold::fold_term(&e.name) == key)
            {
                Some(existing) => *existing = entity,
                None => self.entities.push(entity),
            }
        }
    }

    /// The built-in lexicon, then every `*.toml` in `user_dir` (sorted by name), then `files`
    /// in order.
    pub fn load(user_dir: Option<&Path>, files: &[PathBuf]) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::builtin()?;
        let mut paths: Vec<PathBuf> = Vec::new();
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            found.sort();
            paths.extend(found);
        }
        paths.extend(files.iter().cloned());
        for path in paths {
            let shown =
                crate::corpus::clean::sanitize_inline(&path.display().to_string()).into_owned();
            let text = std::fs::read_to_string(&path).map_err(|e| LexiconError::Read {
                path: shown.clone(),
                message: e.to_string(),
            })?;
            lexicon.merge(Lexicon::parse(&shown, &text)?);
        }
        Ok(lexicon)
    }

    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// Every side named in a `used_by`, the most used first (ties in first-seen order): what
    /// the naming lens cycles through and what term colours are keyed on.
    pub fn conventions(&self) -> Vec<String> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for c in &self.concepts {
            for v in &c.variants {
                for side in sides(&v.used_by) {
                    match out.iter_mut().find(|(o, _)| o == side) {
                        Some((_, n)) => *n += 1,
                        None => out.push((side.to_string(), 1)),
                    }
                }
            }
        }
        // A stable sort keeps first-seen order among equals.
        out.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        out.into_iter().map(|(side, _)| side).collect()
    }
}

/// The sides a `used_by` names: "Armenian; international" is used by both, and
/// "Azerbaijani: official" is the Azerbaijani side in an official register.
pub fn sides(used_by: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for part in used_by.split([';', ',']) {
        let side = part.split(':').next().unwrap_or("").trim();
        if !side.is_empty() && !out.contains(&side) {
            out.push(side);
        }
    }
    out
}

/// `<platform config dir>/lexicons`.
pub fn user_dir() -> Option<PathBuf> {
    crate::dirs::project().map(|d| d.config_dir().join("lexicons"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[[concept]]
id = "khankendi"
label = "Main city"
kind = "place"
note = "why"
  [[concept.variant]]
  term = "Stepanakert"
  used_by = "Armenian"
  [[concept.variant]]
  term = "Khankendi"
  aliases = ["Khankandi", "Xankəndi"]
  used_by = "Azerbaijani"

[[entity]]
name = "Ilham Aliyev"
kind = "person"
aliases = ["Aliyev"]
"#;

    #[test]
    fn parses_the_documented_format() {
        let lex = Lexicon::parse("small.toml", SMALL).unwrap();
        assert_eq!(lex.concepts.len(), 1);
        assert_eq!(
            lex.concepts[0].variants[1].aliases,
            ["Khankandi", "Xankəndi"]
        );
        assert_eq!(lex.entities[0].kind, Kind::Person);
        assert_eq!(lex.conventions(), ["Armenian", "Azerbaijani"]);
        assert_eq!(
            sides("Armenian; international"),
            ["Armenian", "international"]
        );
        assert_eq!(
            sides("Azerbaijani: official; Turkish: official"),
            ["Azerbaijani", "Turkish"]
        );
        assert_eq!(sides("Armenian"), ["Armenian"]);
    }

    #[test]
    fn errors_name_the_file_line_and_problem() {
        let bad_kind = SMALL.replace("kind = \"place\"", "kind = \"planet\"");
        let err = Lexicon::parse("x.toml", &bad_kind).unwrap_err().to_string();
        assert!(err.starts_with("x.toml: line 5:"), "{err}");
        assert!(err.contains("planet"), "{err}");
        let unknown = SMALL.replace("note = \"why\"", "notes = \"why\"");
        let err = Lexicon::parse("x.toml", &unknown).unwrap_err().to_string();
        assert!(err.contains("line ") && err.contains("notes"), "{err}");
        let twice = format!("{SMALL}\n{}", &SMALL[..SMALL.find("[[entity]]").unwrap()]);
        let err = Lexicon::parse("x.toml", &twice).unwrap_err().to_string();
        assert!(err.contains("used twice (first on line 2)"), "{err}");
        let err = Lexicon::parse(
            "x.toml",
            "[[concept]]\nid = \"a\"\nlabel = \"A\"\nkind = \"other\"\nvariant = []\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("has no [[concept.variant]]"), "{err}");
        let err = Lexicon::parse("x.toml", "[[concept]\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.toml: line 1:"), "{err}");
    }

    #[test]
    fn every_shipped_lexicon_file_is_built_in_and_valid() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lexicon");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let name = path.file_name().unwrap().to_str().unwrap();
                assert!(
                    BUILTIN.iter().any(|(n, _)| *n == name),
                    "{name} is not in BUILTIN"
                );
            }
        }
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(
            lexicon.conventions()[..3],
            ["Azerbaijani", "international", "Armenian"]
        );
        assert!(lexicon.concepts.len() >= 40, "{}", lexicon.concepts.len());
        assert!(lexicon.entities.len() >= 100, "{}", lexicon.entities.len());
    }

    #[test]
    fn a_user_concept_with_the_same_id_replaces_the_built_in_one() {
        let mut lex = Lexicon::parse("a.toml", SMALL).unwrap();
        let user = SMALL.replace("Main city", "User label");
        lex.merge(Lexicon::parse("b.toml", &user).unwrap());
        assert_eq!(lex.concepts.len(), 1);
        assert_eq!(lex.concepts[0].label, "User label");
        assert_eq!(lex.concepts[0].origin, "b.toml");
        assert_eq!(lex.entities.len(), 1);
    }
}
