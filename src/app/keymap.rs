//! Keys to actions. Built from the config; also answers the help screen's "which keys do what".

use super::action::Action;
use super::key::Key;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    /// Keys of each action, in the order the config lists them.
    by_action: HashMap<Action, Vec<Key>>,
}

impl Keymap {
    /// Binds `keys` to `action`, replacing the action's previous keys. A key bound before to
    /// another action moves to this one.
    pub fn bind(&mut self, action: Action, keys: Vec<Key>) {
        if let Some(old) = self.by_action.remove(&action) {
            for k in old {
                self.by_key.remove(&k);
            }
        }
        for k in &keys {
            if let Some(previous) = self.by_key.insert(*k, action)
                && let Some(list) = self.by_action.get_mut(&previous)
            {
                list.retain(|x| x != k);
            }
        }
        self.by_action.insert(action, keys);
    }

    pub fn action(&self, key: &Key) -> Option<Action> {
        self.by_key.get(key).copied()
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.by_action
            .get(&action)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The first key of an action as the status line shows it ("?"), or "unbound".
    pub fn hint(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(Key::to_string)
            .unwrap_or_else(|| "unbound".to_string())
    }
}
