//! Keys as parallax names them ("j", "G", "ctrl-d", "pagedown", "shift-tab"), independent of
//! the terminal library, so the keymap, the config file, the help screen and tests agree.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers. Shift is folded into the character for printable keys
/// ("G", not "shift-g").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: Code) -> Self {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "unknown key {0:?} (write keys like \"j\", \"G\", \"ctrl-d\", \"pagedown\", \"shift-tab\", \"f1\")"
)]
pub struct KeyParseError(pub String);

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || KeyParseError(s.to_string());
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        // A lone "-" is the minus key, not a modifier separator.
        while let Some((modifier, tail)) = rest.split_once('-').filter(|(_, t)| !t.is_empty()) {
            match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "c" | "control" => ctrl = true,
                "alt" | "a" | "meta" | "m" => alt = true,
                "shift" | "s" => shift = true,
                _ => break,
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if shift {
                    Code::Char(c.to_uppercase().next().unwrap_or(c))
                } else {
                    Code::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" | "cr" => Code::Enter,
                "esc" | "escape" => Code::Esc,
                "tab" if shift => Code::BackTab,
                "tab" => Code::Tab,
                "backtab" => Code::BackTab,
                "backspace" | "bs" => Code::Backspace,
                "delete" | "del" => Code::Delete,
                "insert" | "ins" => Code::Insert,
                "up" => Code::Up,
                "down" => Code::Down,
                "left" => Code::Left,
                "right" => Code::Right,
                "home" => Code::Home,
                "end" => Code::End,
                "pageup" | "pgup" => Code::PageUp,
                "pagedown" | "pgdown" | "pgdn" => Code::PageDown,
                "space" => Code::Char(' '),
                "minus" => Code::Char('-'),
                "lt" => Code::Char('<'),
                f if f.starts_with('f') => {
                    let n: u8 = f[1..].parse().map_err(|_| err())?;
                    if !(1..=24).contains(&n) {
                        return Err(err());
                    }
                    Code::F(n)
                }
                _ => return Err(err()),
            },
        };
        if shift && !matches!(code, Code::Char(_) | Code::BackTab) {
            return Err(err());
        }
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            Code::Char(' ') => f.write_str("space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::Enter => f.write_str("enter"),
            Code::Esc => f.write_str("esc"),
            Code::Tab => f.write_str("tab"),
            Code::BackTab => f.write_str("shift-tab"),
            Code::Backspace => f.write_str("backspace"),
            Code::Delete => f.write_str("delete"),
            Code::Insert => f.write_str("insert"),
            Code::Up => f.write_str("up"),
            Code::Down => f.write_str("down"),
            Code::Left => f.write_str("left"),
            Code::Right => f.write_str("right"),
            Code::Home => f.write_str("home"),
            Code::End => f.write_str("end"),
            Code::PageUp => f.write_str("pageup"),
            Code::PageDown => f.write_str("pagedown"),
            Code::F(n) => write!(f, "f{n}"),
        }
    }
}

/// Parses a space-separated key sequence: "j j enter ctrl-d".
pub fn parse_sequence(keys: &str) -> Result<Vec<Key>, KeyParseError> {
    keys.split_whitespace().map(str::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for k in [
            "j",
            "G",
            "?",
            "ctrl-d",
            "alt-x",
            "enter",
            "shift-tab",
            "pagedown",
            "f1",
            "space",
            "-",
        ] {
            let key: Key = k.parse().unwrap();
            assert_eq!(key.to_string(), k);
        }
        assert_eq!("shift-g".parse::<Key>().unwrap().to_string(), "G");
        assert_eq!("PgDn".parse::<Key>().unwrap().code, Code::PageDown);
    }

    #[test]
    fn rejects_nonsense() {
        assert_eq!("ctrl--".parse::<Key>().unwrap().code, Code::Char('-'));
        assert!("ctrl-".parse::<Key>().is_err());
        assert!("hyper-j".parse::<Key>().is_err());
        assert!("f99".parse::<Key>().is_err());
        assert!("shift-enter".parse::<Key>().is_err());
        assert!("banana".parse::<Key>().is_err());
    }
}
