//! The storage of `dict` and `set`: an insertion-ordered hash table of `PyRef` keys.
//!
//! Key equality may need to run Python code (`__eq__`), which may mutate the very dict being
//! searched; so this table never calls back into the interpreter. It only finds candidates by
//! hash; the interpreter (`interp::dict_*`) compares them with the dict *not* borrowed, then
//! re-checks the slot. Values removed or replaced are returned to the caller, to be dropped
//! after the borrow ends (dropping can run `__del__`, which may touch the dict).

use std::collections::HashMap;

use rcgc::Visitor;

use crate::object::PyRef;

/// One key/value pair and the key's hash.
pub struct Entry {
    pub hash: i64,
    pub key: PyRef,
    pub value: PyRef,
}

/// Insertion-ordered table: `entries` keeps order (with holes left by deletions), `index` maps
/// a hash to the slots holding keys with that hash.
#[derive(Default)]
pub struct Dict {
    entries: Vec<Option<Entry>>,
    index: HashMap<i64, Vec<usize>>,
    len: usize,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Slots whose key has `hash`, with their keys.
    pub fn candidates(&self, hash: i64) -> Vec<(usize, PyRef)> {
        match self.index.get(&hash) {
            Some(slots) => slots
                .iter()
                .filter_map(|&slot| self.entries[slot].as_ref().map(|e| (slot, e.key.clone())))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The first slot with `hash` whose key satisfies `same` (which must not run Python code).
    pub fn find(&self, hash: i64, mut same: impl FnMut(&PyRef) -> bool) -> Option<usize> {
        let slots = self.index.get(&hash)?;
        slots
            .iter()
            .copied()
            .find(|&slot| self.entries[slot].as_ref().is_some_and(|e| same(&e.key)))
    }

    /// Whether `slot` still holds `key` (after Python code ran).
    pub fn slot_holds(&self, slot: usize, key: &PyRef) -> bool {
        self.entries
            .get(slot)
            .and_then(Option::as_ref)
            .is_some_and(|e| rcgc::Gc::ptr_eq(&e.key, key))
    }

    pub fn value_at(&self, slot: usize) -> Option<PyRef> {
        self.entries.get(slot).and_then(Option::as_ref).map(|e| e.value.clone())
    }

    pub fn entry_at(&self, slot: usize) -> Option<&Entry> {
        self.entries.get(slot).and_then(Option::as_ref)
    }

    /// Replaces the value at `slot`, returning the old one (drop it after the borrow).
    pub fn replace_value(&mut self, slot: usize, value: PyRef) -> Option<PyRef> {
        self.entries
            .get_mut(slot)
            .and_then(Option::as_mut)
            .map(|e| std::mem::replace(&mut e.value, value))
    }

    /// Appends a new key (the caller checked it is absent).
    pub fn push(&mut self, hash: i64, key: PyRef, value: PyRef) {
        let slot = self.entries.len();
        self.entries.push(Some(Entry { hash, key, value }));
        self.index.entry(hash).or_default().push(slot);
        self.len += 1;
    }

    /// Removes the entry at `slot` (drop it after the borrow).
    pub fn remove_at(&mut self, slot: usize) -> Option<Entry> {
        let entry = self.entries.get_mut(slot)?.take()?;
        if let Some(slots) = self.index.get_mut(&entry.hash) {
            slots.retain(|&s| s != slot);
            if slots.is_empty() {
                self.index.remove(&entry.hash);
            }
        }
        self.len -= 1;
        if self.len == 0 {
            self.entries.clear();
        } else if self.entries.len() > 32 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        Some(entry)
    }

    /// Removes and returns the last entry (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<Entry> {
        let slot = self.entries.iter().rposition(Option::is_some)?;
        self.remove_at(slot)
    }

    /// Empties the table, returning the entries (drop them after the borrow).
    pub fn take_all(&mut self) -> Vec<Entry> {
        self.index.clear();
        self.len = 0;
        std::mem::take(&mut self.entries).into_iter().flatten().collect()
    }

    fn compact(&mut self) {
        let entries: Vec<Entry> = std::mem::take(&mut self.entries).into_iter().flatten().collect();
        self.index.clear();
        self.len = 0;
        for entry in entries {
            self.push(entry.hash, entry.key, entry.value);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    pub fn keys(&self) -> Vec<PyRef> {
        self.iter().map(|e| e.key.clone()).collect()
    }

    pub fn values(&self) -> Vec<PyRef> {
        self.iter().map(|e| e.value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(PyRef, PyRef)> {
        self.iter().map(|e| (e.key.clone(), e.value.clone())).collect()
    }

    /// A copy sharing keys and values.
    pub fn copy(&self) -> Dict {
        let mut copy = Dict::new();
        for entry in self.iter() {
            copy.push(entry.hash, entry.key.clone(), entry.value.clone());
        }
        copy
    }

    pub fn trace(&self, visitor: &mut Visitor) {
        for entry in self.iter() {
            visitor.visit(&entry.key);
            visitor.visit(&entry.value);
        }
    }
}

/// The hash of a `str` key (any stable hash will do: Python randomizes string hashes).
pub fn str_hash(text: &str) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let hash = hasher.finish() as i64;
    if hash == -1 {
        -2
    } else {
        hash
    }
}

/// Whether `key` is the `str` `text` (a `str` only ever equals a `str`).
pub fn is_str(key: &PyRef, text: &str) -> bool {
    matches!(&key.kind, crate::object::Kind::Str(s) if &**s == text)
}

impl Dict {
    /// Looks up a `str` key without running Python code.
    pub fn get_str(&self, name: &str) -> Option<PyRef> {
        self.find(str_hash(name), |key| is_str(key, name)).and_then(|slot| self.value_at(slot))
    }

    /// Sets a `str` key; returns the replaced value (drop it after the borrow).
    pub fn set_str(&mut self, key: PyRef, name: &str, value: PyRef) -> Option<PyRef> {
        let hash = str_hash(name);
        match self.find(hash, |k| is_str(k, name)) {
            Some(slot) => self.replace_value(slot, value),
            None => {
                self.push(hash, key, value);
                None
            }
        }
    }

    /// Removes a `str` key; returns the entry (drop it after the borrow).
    pub fn remove_str(&mut self, name: &str) -> Option<Entry> {
        let slot = self.find(str_hash(name), |k| is_str(k, name))?;
        self.remove_at(slot)
    }
}
