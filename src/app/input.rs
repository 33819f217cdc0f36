//! Editing text in the interface: a one-line input (search) and a multi-line one (notes),
//! driven by keys, with the cursor counted in chars.

use super::key::{Code, Key};

/// One line of editable text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

fn byte_at(s: &str, char_index: usize) -> usize {
    s.char_indices().nth(char_index).map_or(s.len(), |(i, _)| i)
}

impl LineInput {
    pub fn with(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = byte_at(&self.text, self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Applies an editing key; `false` when the key is not an editing key.
    pub fn edit(&mut self, key: &Key) -> bool {
        match (key.code, key.ctrl, key.alt) {
            (Code::Char(c), false, false) => self.insert(c),
            (Code::Char('w'), true, false) | (Code::Backspace, _, true) => {
                // Delete the word before the cursor, and the spaces after it.
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (a, b) = (byte_at(&self.text, start), byte_at(&self.text, self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
            }
            (Code::Backspace, _, _) | (Code::Char('h'), true, false) => {
                if self.cursor > 0 {
                    let at = byte_at(&self.text, self.cursor - 1);
                    self.text.remove(at);
                    self.cursor -= 1;
                }
            }
            (Code::Delete, _, _) | (Code::Char('d'), true, false) => {
                if self.cursor < self.len() {
                    let at = byte_at(&self.text, self.cursor);
                    self.text.remove(at);
                }
            }
            (Code::Left, false, _) | (Code::Char('b'), true, false) => {
                self.cursor = self.cursor.saturating_sub(1)
            }
            (Code::Right, false, _) | (Code::Char('f'), true, false) => {
                self.cursor = (self.cursor + 1).min(self.len())
            }
            (Code::Home, _, _) | (Code::Char('a'), true, false) => self.cursor = 0,
            (Code::End, _, _) | (Code::Char('e'), true, false) => self.cursor = self.len(),
            (Code::Char('u'), true, false) => {
                let b = byte_at(&self.text, self.cursor);
                self.text.replace_range(..b, "");
                self.cursor = 0;
            }
            (Code::Char('k'), true, false) => {
                let a = byte_at(&self.text, self.cursor);
                self.text.truncate(a);
            }
            _ => return false,
        }
        true
    }

    /// The text before and after the cursor, for drawing it.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(byte_at(&self.text, self.cursor))
    }

    /// The text before the cursor, the character under it (a space at the end) and the rest:
    /// how an input line is drawn with its cursor.
    pub fn around_cursor(&self) -> (&str, String, &str) {
        let (before, after) = self.split();
        let mut chars = after.chars();
        let at = chars.next().map(String::from).unwrap_or_else(|| " ".into());
        (before, at, chars.as_str())
    }
}

/// Several lines of editable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    pub lines: Vec<LineInput>,
    pub row: usize,
}

impl Default for TextArea {
    fn default() -> Self {
        TextArea {
            lines: vec![LineInput::default()],
            row: 0,
        }
    }
}

impl TextArea {
    pub fn with(text: &str) -> Self {
        let lines: Vec<LineInput> = text.split('\n').map(LineInput::with).collect();
        let row = lines.len().saturating_sub(1);
        TextArea { lines, row }
    }

    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn current(&mut self) -> &mut LineInput {
        if self.lines.is_empty() {
            self.lines.push(LineInput::default());
        }
        let last = self.lines.len() - 1;
        self.row = self.row.min(last);
        &mut self.lines[self.row]
    }

    /// Applies an editing key, Enter included; `false` when it is not an editing key.
    pub fn edit(&mut self, key: &Key) -> bool {
        match (key.code, key.ctrl) {
            (Code::Enter, false) => {
                let line = self.current();
                let (before, after) = line.split();
                let (before, after) = (before.to_string(), after.to_string());
                *line = LineInput::with(&before);
                self.lines.insert(
                    self.row + 1,
                    LineInput {
                        text: after,
                        cursor: 0,
                    },
                );
                self.row += 1;
            }
            (Code::Up, false) => {
                if self.row > 0 {
                    let col = self.current().cursor;
                    self.row -= 1;
                    let line = self.current();
                    line.cursor = col.min(line.text.chars().count());
                }
            }
            (Code::Down, false) => {
                if self.row + 1 < self.lines.len() {
                    let col = self.current().cursor;
                    self.row += 1;
                    let line = self.current();
                    line.cursor = col.min(line.text.chars().count());
                }
            }
            (Code::Backspace, false) if self.current().cursor == 0 && self.row > 0 => {
                let line = self.lines.remove(self.row);
                self.row -= 1;
                let prev = self.current();
                let at = prev.text.chars().count();
                prev.text.push_str(&line.text);
                prev.cursor = at;
            }
            (Code::Delete, false)
                if {
                    let l = self.current();
                    l.cursor == l.text.chars().count()
                } && self.row + 1 < self.lines.len() =>
            {
                let next = self.lines.remove(self.row + 1);
                self.current().text.push_str(&next.text);
            }
            _ => return self.current().edit(key),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::parse_sequence;

    fn typed(input: &mut LineInput, keys: &str) {
        for k in parse_sequence(keys).unwrap() {
            input.edit(&k);
        }
    }

    #[test]
    fn a_line_edits_like_a_shell() {
        let mut i = LineInput::default();
        typed(&mut i, "K h a n space k e n d i");
        assert_eq!(i.text, "Khan kendi");
        typed(&mut i, "ctrl-w");
        assert_eq!(i.text, "Khan ");
        typed(&mut i, "backspace home Ş");
        assert_eq!(i.text, "ŞKhan");
        assert_eq!(i.cursor, 1);
        typed(&mut i, "right delete end ctrl-u");
        assert_eq!(i.text, "");
    }

    #[test]
    fn a_text_area_splits_and_joins_lines() {
        let mut t = TextArea::default();
        for k in parse_sequence("a b enter c d left enter").unwrap() {
            t.edit(&k);
        }
        assert_eq!(t.text(), "ab\nc\nd");
        for k in parse_sequence("up end backspace backspace").unwrap() {
            t.edit(&k);
        }
        assert_eq!(t.text(), "ab\nd", "backspace at a line start joins lines");
        assert_eq!(TextArea::with("x\ny").text(), "x\ny");
    }
}
