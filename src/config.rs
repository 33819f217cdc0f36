//! Configuration: the embedded default (`assets/config.toml`) merged with the user's file.

use crate::app::action::Action;
use crate::app::key::Key;
use crate::app::keymap::Keymap;
use ratatui::style::Color;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The default configuration, as `--print-default-config` prints it.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    keys: BTreeMap<String, toml::Spanned<Vec<toml::Spanned<String>>>>,
    #[serde(default)]
    colors: BTreeMap<String, toml::Spanned<String>>,
}

/// Every colour the interface uses, by the name the config file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colors {
    pub accent: Color,
    pub title: Color,
    pub source: Color,
    pub date: Color,
    pub dim: Color,
    pub border: Color,
    pub border_focused: Color,
    pub cursor: Color,
    pub selection_bg: Color,
    pub boilerplate: Color,
    pub warning: Color,
    pub error: Color,
    pub status_bg: Color,
    pub person: Color,
    pub place: Color,
    pub org: Color,
    pub mark_date: Color,
    pub number: Color,
    pub scare_quote: Color,
    pub lens_swap: Color,
    pub search_bg: Color,
    /// Colours of the lexicon's sides, in the order of its conventions.
    pub sides: [Color; 4],
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            accent: Color::Reset,
            title: Color::Reset,
            source: Color::Reset,
            date: Color::Reset,
            dim: Color::Reset,
            border: Color::Reset,
            border_focused: Color::Reset,
            cursor: Color::Reset,
            selection_bg: Color::Reset,
            boilerplate: Color::Reset,
            warning: Color::Reset,
            error: Color::Reset,
            status_bg: Color::Reset,
            person: Color::Reset,
            place: Color::Reset,
            org: Color::Reset,
            mark_date: Color::Reset,
            number: Color::Reset,
            scare_quote: Color::Reset,
            lens_swap: Color::Reset,
            search_bg: Color::Reset,
            sides: [Color::Reset; 4],
        }
    }
}

impl Colors {
    fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "accent" => &mut self.accent,
            "title" => &mut self.title,
            "source" => &mut self.source,
            "date" => &mut self.date,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "cursor" => &mut self.cursor,
            "selection_bg" => &mut self.selection_bg,
            "boilerplate" => &mut self.boilerplate,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "status_bg" => &mut self.status_bg,
            "mark_person" => &mut self.person,
            "mark_place" => &mut self.place,
            "mark_org" => &mut self.org,
            "mark_date" => &mut self.mark_date,
            "mark_number" => &mut self.number,
            "mark_scare_quote" => &mut self.scare_quote,
            "lens_swap" => &mut self.lens_swap,
            "search_bg" => &mut self.search_bg,
            "side_1" => &mut self.sides[0],
            "side_2" => &mut self.sides[1],
            "side_3" => &mut self.sides[2],
            "side_4" => &mut self.sides[3],
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub keymap: Keymap,
    pub colors: Colors,
    /// NO_COLOR: styles keep their weight and reverse video, lose their colours.
    pub no_color: bool,
    /// The user file that was merged in, if any.
    pub user_file: Option<PathBuf>,
    /// Where a user file would be read from, for the help screen; `None` for the bare default.
    pub user_file_location: Option<PathBuf>,
}

impl Config {
    /// The embedded default alone.
    pub fn default_config() -> Self {
        let mut config = Config {
            keymap: Keymap::default(),
            colors: Colors::default(),
            no_color: false,
            user_file: None,
            user_file_location: None,
        };
        // The embedded file is part of the program and tested; a failure here is a build bug.
        if let Err(e) = config.merge("embedded config.toml", DEFAULT_CONFIG) {
            panic!("embedded default config is invalid: {e}");
        }
        config
    }

    /// The default merged with `path` when given, or else with the platform config file when it
    /// exists. `no_color` comes from the environment (NO_COLOR).
    pub fn load(path: Option<&Path>, no_color: bool) -> Result<Self, ConfigError> {
        let mut config = Self::default_config();
        config.no_color = no_color;
        config.user_file_location = path.map(Path::to_path_buf).or_else(default_config_path);
        let user = match path {
            Some(p) => Some(p.to_path_buf()),
            None => default_config_path().filter(|p| p.is_file()),
        };
        if let Some(path) = user {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: shown.clone(),
                source,
            })?;
            config.merge(&shown, &text)?;
            config.user_file = Some(path);
        }
        Ok(config)
    }

    /// Merges a config file's text over this config.
    pub fn merge(&mut self, path: &str, text: &str) -> Result<(), ConfigError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_string(),
            line: line_of(offset),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            invalid(offset, e.message().to_string())
        })?;
        for (name, keys) in raw.keys {
            let offset = keys.span().start;
            let action: Action = serde_json::from_value(serde_json::Value::String(name.clone()))
                .map_err(|_| {
                    let known: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
                    invalid(
                        offset,
                        format!("unknown action {name:?}; actions are: {}", known.join(", ")),
                    )
                })?;
            let mut parsed = Vec::new();
            for key in keys.into_inner() {
                let at = key.span().start;
                parsed.push(Key::from_str(key.get_ref()).map_err(|e| invalid(at, e.to_string()))?);
            }
            self.keymap.bind(action, parsed);
        }
        for (name, value) in raw.colors {
            let at = value.span().start;
            let color = Color::from_str(value.get_ref())
                .map_err(|_| invalid(at, format!("{:?} is not a colour", value.get_ref())))?;
            let slot = self
                .colors
                .slot(&name)
                .ok_or_else(|| invalid(at, format!("unknown colour {name:?}")))?;
            *slot = color;
        }
        Ok(())
    }
}

/// `<platform config dir>/config.toml`, e.g. `~/.config/parallax/config.toml` on Linux.
pub fn default_config_path() -> Option<PathBuf> {
    crate::dirs::project().map(|d| d.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::Code;

    #[test]
    fn default_config_binds_every_action() {
        let config = Config::default_config();
        for action in Action::ALL {
            assert!(
                !config.keymap.keys(action).is_empty(),
                "{action:?} has no key"
            );
        }
        assert_eq!(
            config.keymap.action(&"j".parse().unwrap()),
            Some(Action::MoveDown)
        );
        assert_eq!(config.colors.accent, Color::Cyan);
    }

    #[test]
    fn user_keys_replace_the_actions_they_name() {
        let mut config = Config::default_config();
        config
            .merge(
                "user.toml",
                "[keys]\nmove_down = [\"n\"]\n[colors]\naccent = \"#ff8800\"\n",
            )
            .unwrap();
        assert_eq!(
            config.keymap.action(&"n".parse().unwrap()),
            Some(Action::MoveDown)
        );
        assert_eq!(config.keymap.action(&"j".parse().unwrap()), None);
        assert_eq!(config.keymap.action(&Key::plain(Code::Down)), None);
        assert_eq!(
            config.keymap.action(&"k".parse().unwrap()),
            Some(Action::MoveUp)
        );
        assert_eq!(config.colors.accent, Color::Rgb(0xff, 0x88, 0x00));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let mut config = Config::default_config();
        let err = config
            .merge("user.toml", "[keys]\nmove_down = [\"j\"]\nfly = [\"x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("user.toml: line 3: unknown action \"fly\""),
            "{err}"
        );
        let err = config
            .merge("user.toml", "[colors]\n\naccent = \"ultraviolet\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 3") && err.contains("not a colour"),
            "{err}"
        );
        let err = config
            .merge("user.toml", "[keys]\nquit = [\"hyper-q\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("unknown key"),
            "{err}"
        );
        let err = config
            .merge("user.toml", "[keys\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("user.toml: line 1:"), "{err}");
    }
}
