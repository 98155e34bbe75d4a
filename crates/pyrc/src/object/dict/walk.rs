//! Walking a dict by slot, for the live iterators (`object::dict_iter`): an iterator keeps a
//! slot position, not a borrow, so the dict may change between its steps (CPython's
//! `di_pos` over `dk_entries`).

use super::storage::Form;
use super::{Dict, Entry};
use crate::object::PyRef;

/// An entry found by a walk: its slot, hash, key and value.
pub type SlotEntry<'a> = (usize, i64, &'a PyRef, &'a PyRef);

impl Dict {
    /// One past the last slot that may hold an entry (entries' positions are below it).
    pub fn slot_end(&self) -> usize {
        match self.storage.form() {
            Form::Combined(table) => table.map_or(0, |t| t.entries.len()),
            Form::Split(split) => split.slot_count(),
        }
    }

    /// The number of entries and the first entry at `slot` or after it (the last before
    /// `slot` when `backwards`): one step of an iterator, reading the storage's form once.
    #[inline(always)]
    pub fn walk_step(&self, slot: usize, backwards: bool) -> (usize, Option<SlotEntry<'_>>) {
        if let Form::Combined(Some(table)) = self.storage.form() {
            if !backwards {
                let found = table.entries.get(slot..).and_then(|entries| {
                    entries.iter().enumerate().find_map(|(offset, entry)| {
                        let Entry { hash, key, value } = entry.as_ref()?;
                        Some((slot + offset, *hash, key, value))
                    })
                });
                return (table.len, found);
            }
        }
        let found = if backwards { self.entry_before(slot) } else { self.entry_from(slot) };
        (self.len(), found)
    }

    /// The first entry at `slot` or after it.
    pub fn entry_from(&self, slot: usize) -> Option<SlotEntry<'_>> {
        match self.storage.form() {
            Form::Combined(table) => {
                let entries = table?.entries.get(slot..)?;
                entries.iter().enumerate().find_map(|(offset, entry)| {
                    let Entry { hash, key, value } = entry.as_ref()?;
                    Some((slot + offset, *hash, key, value))
                })
            }
            Form::Split(split) => (slot..split.slot_count())
                .find_map(|at| split.at(at).map(|(hash, key, value)| (at, hash, key, value))),
        }
    }

    /// The last entry before `slot`.
    pub fn entry_before(&self, slot: usize) -> Option<SlotEntry<'_>> {
        match self.storage.form() {
            Form::Combined(table) => {
                let entries = &table?.entries;
                let end = slot.min(entries.len());
                entries[..end].iter().enumerate().rev().find_map(|(at, entry)| {
                    let Entry { hash, key, value } = entry.as_ref()?;
                    Some((at, *hash, key, value))
                })
            }
            Form::Split(split) => (0..slot.min(split.slot_count()))
                .rev()
                .find_map(|at| split.at(at).map(|(hash, key, value)| (at, hash, key, value))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{object, Rng};
    use super::*;
    use crate::object::dict::SharedKeys;
    use crate::object::hash::str_hash;

    /// The slots a walk forwards and a walk backwards visit.
    fn walks(dict: &Dict) -> (Vec<usize>, Vec<usize>) {
        let (mut forward, mut backward) = (Vec::new(), Vec::new());
        let mut at = 0;
        while let Some((slot, ..)) = dict.entry_from(at) {
            forward.push(slot);
            at = slot + 1;
        }
        let mut at = dict.slot_end();
        while let Some((slot, ..)) = dict.entry_before(at) {
            backward.push(slot);
            at = slot;
        }
        (forward, backward)
    }

    /// Walks by slot meet exactly the entries `iter` gives, in its order and reversed, over
    /// random inserts and deletes (holes, compaction, emptying).
    #[test]
    fn walks_visit_the_entries_in_order() {
        let mut rng = Rng(0x5eed_d1c7);
        let mut dict = Dict::new();
        let mut live: Vec<i64> = Vec::new();
        for step in 0..3000 {
            if live.is_empty() || rng.below(3) > 0 {
                let n = step as i64;
                dict.push(n, object(n), object(-n));
                live.push(n);
            } else {
                let victim = live.remove(rng.below(live.len()));
                let slot = dict.find(victim, |_| true).expect("a live key");
                assert!(dict.remove_at(slot).is_some());
            }
            let (forward, backward) = walks(&dict);
            let keys: Vec<i64> = (forward.iter())
                .map(|&slot| dict.entry_at(slot).expect("a walked slot holds an entry").0)
                .collect();
            assert_eq!(keys, dict.iter().map(|(hash, ..)| hash).collect::<Vec<_>>());
            assert_eq!(forward, backward.into_iter().rev().collect::<Vec<_>>());
            assert!(forward.iter().all(|&slot| slot < dict.slot_end()));
        }
        assert!(dict.entry_from(dict.slot_end()).is_none() && dict.entry_before(0).is_none());
    }

    /// A split dict is walked over its shared keys' slots, skipping absent values.
    #[test]
    fn split_walks_skip_absent_values() {
        let keys = SharedKeys::new();
        let mut dict = Dict::new_split(keys);
        for name in ["a", "b", "c", "d"] {
            dict.push(str_hash(name), crate::object::runtime::str(name), object(1));
        }
        assert!(dict.is_split());
        dict.remove_at(1);
        dict.remove_at(3);
        assert_eq!(walks(&dict), (vec![0, 2], vec![2, 0]));
        assert_eq!(dict.slot_end(), 4);
        assert_eq!(Dict::new().slot_end(), 0);
        assert!(Dict::new().entry_from(0).is_none());
    }
}
