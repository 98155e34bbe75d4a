//! The split form of a dict (PEP 412, CPython's split tables): the keys live in a
//! [`SharedKeys`] object shared by every instance dict of one class, each dict holds only its
//! values, one per shared key, in the shared keys' order.
//!
//! The shared keys are only ever appended to (never removed, never moved), so a key's index is
//! the slot of its value in every dict sharing them, stable for the life of the keys object;
//! a reference to a key stays valid as long as the keys object does. They are `str`s, at most
//! [`SHARED_KEYS_MAX`] of them (CPython's `SHARED_KEYS_MAX_SIZE`).
//!
//! A split dict iterates in the shared keys' order, so its insertion order must be that
//! order: a key may be added to it only after every key it holds. [`Split::try_push`] refuses
//! the others (a non-`str` key, a key whose index is below one the dict holds (deleted and
//! set again, or set in another order than the first instance's), a new key when the shared
//! keys are full); the dict then converts itself to the combined form (`Dict::push`).

use std::cell::{Cell, OnceCell};
use std::ptr::NonNull;
use std::rc::Rc;

use rcgc::{Gc, Visitor};

use super::thin::ThinSlice;
use super::{Entry, Probe, EMPTY};
use crate::object::{Kind, PyRef};

/// At most this many keys are shared (CPython's `SHARED_KEYS_MAX_SIZE`).
pub const SHARED_KEYS_MAX: usize = 30;
/// The shared keys' index table: 64 slots, at most 30 used (no key is ever removed, so no
/// `DUMMY` slots and no rebuild).
const INDEX_SIZE: usize = 64;

/// The keys of the instance dicts of one class (CPython's `ht_cached_keys`).
pub struct SharedKeys {
    len: Cell<usize>,
    /// `(hash, key)` in insertion order; the first `len` are set, each exactly once.
    keys: [OnceCell<(i64, PyRef)>; SHARED_KEYS_MAX],
    /// `EMPTY` or the index of a key, addressed by hash with CPython's probe sequence.
    indices: [Cell<i8>; INDEX_SIZE],
}

impl SharedKeys {
    pub fn new() -> Rc<SharedKeys> {
        Rc::new(SharedKeys {
            len: Cell::new(0),
            keys: std::array::from_fn(|_| OnceCell::new()),
            indices: std::array::from_fn(|_| Cell::new(EMPTY as i8)),
        })
    }

    pub fn len(&self) -> usize {
        self.len.get()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The key at `index` (below `len`) and its hash.
    pub fn key(&self, index: usize) -> Option<&(i64, PyRef)> {
        self.keys.get(index)?.get()
    }

    /// The indices of the keys of `hash`, in index order, offered to `visit` until it accepts
    /// one (whose index is returned).
    fn probe(&self, hash: i64, mut visit: impl FnMut(usize, &PyRef) -> bool) -> Option<usize> {
        let mut probe = Probe::new(hash, INDEX_SIZE - 1);
        // As in `probe_entries`: the sequence may pass a slot twice, but meets the keys of
        // `hash` in increasing index order the first time.
        let mut next = 0;
        loop {
            let value = self.indices[probe.i].get();
            if value as isize == EMPTY {
                return None;
            }
            let index = value as usize;
            let (key_hash, key) = self.key(index).expect("indexed keys are set");
            if index >= next && *key_hash == hash {
                if visit(index, key) {
                    return Some(index);
                }
                next = index + 1;
            }
            probe.advance();
        }
    }

    /// Whether the `str` key `key` (hash `hash`) is one of the keys.
    pub fn contains(&self, hash: i64, key: &PyRef) -> bool {
        self.index_of(hash, key).is_some()
    }

    /// The index of the `str` `key`, compared by content.
    fn index_of(&self, hash: i64, key: &PyRef) -> Option<usize> {
        let text = crate::object::str_text(key)?;
        self.probe(hash, |_, k| Gc::ptr_eq(k, key) || crate::object::str_text(k) == Some(text))
    }

    /// Appends `key` (a `str` not yet present); `None` when the keys are full.
    fn append(&self, hash: i64, key: PyRef) -> Option<usize> {
        let index = self.len();
        if index >= SHARED_KEYS_MAX {
            return None;
        }
        let mut probe = Probe::new(hash, INDEX_SIZE - 1);
        while self.indices[probe.i].get() as isize != EMPTY {
            probe.advance();
        }
        self.indices[probe.i].set(index as i8);
        assert!(self.keys[index].set((hash, key)).is_ok(), "a shared key is set once");
        self.len.set(index + 1);
        Some(index)
    }
}

/// A split dict's own part, one allocation ([`ThinSlice`]): the shared keys and one value per
/// key (`None`: absent here).
///
/// The values are indexed like the shared keys; they may be fewer (the keys added since are
/// absent here), sized exactly to the keys there were when they last grew.
///
/// `#[repr(transparent)]` over the `ThinSlice`, itself over its pointer: `Storage` keeps that
/// pointer in its word and reads the word in place as a `Split`.
#[repr(transparent)]
pub struct Split {
    block: ThinSlice<Rc<SharedKeys>, Option<PyRef>>,
}

impl Split {
    pub fn new(keys: Rc<SharedKeys>) -> Split {
        Split { block: ThinSlice::new(keys) }
    }

    pub fn keys(&self) -> &Rc<SharedKeys> {
        self.block.header()
    }

    fn values(&self) -> &[Option<PyRef>] {
        self.block.as_slice()
    }

    pub fn len(&self) -> usize {
        self.values().iter().filter(|v| v.is_some()).count()
    }

    /// How many slots the values block has (present or not): slots are below it.
    pub fn slot_count(&self) -> usize {
        self.values().len()
    }

    /// `(slot, hash, key, value)` of the present keys, in order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, i64, &PyRef, &PyRef)> {
        self.values().iter().enumerate().filter_map(|(index, value)| {
            let value = value.as_ref()?;
            let (hash, key) = self.keys().key(index).expect("a value has a key");
            Some((index, *hash, key, value))
        })
    }

    /// The key and value at `slot`, if present.
    pub fn at(&self, slot: usize) -> Option<(i64, &PyRef, &PyRef)> {
        let value = self.values().get(slot)?.as_ref()?;
        let (hash, key) = self.keys().key(slot)?;
        Some((*hash, key, value))
    }

    /// The first present slot of `hash` whose key satisfies `same`.
    pub fn find(&self, hash: i64, mut same: impl FnMut(&PyRef) -> bool) -> Option<usize> {
        let values = self.values();
        self.keys()
            .probe(hash, |index, key| values.get(index).is_some_and(Option::is_some) && same(key))
    }

    /// Offers the present slots of `hash` to `visit`, in slot order.
    pub fn candidates(&self, hash: i64, mut visit: impl FnMut(usize, &PyRef)) {
        let values = self.values();
        self.keys().probe(hash, |index, key| {
            if values.get(index).is_some_and(Option::is_some) {
                visit(index, key);
            }
            false
        });
    }

    pub fn replace_value(&mut self, slot: usize, value: PyRef) -> Option<PyRef> {
        let old = self.block.as_mut_slice().get_mut(slot)?;
        old.as_ref()?;
        old.replace(value)
    }

    /// Stores `values` under the first shared keys, which must be `names` (hash and text) in
    /// order, in a split dict holding nothing yet: what storing them one by one would do,
    /// without probing for each key (a native constructor filling a new instance). Gives the
    /// values back when the dict or the keys are not so.
    pub fn fill_prefix<const N: usize>(
        &mut self,
        names: &[(i64, &str); N],
        values: [PyRef; N],
    ) -> Result<(), [PyRef; N]> {
        let keys = self.keys();
        let fits = self.values().iter().all(Option::is_none)
            && names.iter().enumerate().all(|(index, (hash, text))| {
                keys.key(index).is_some_and(|(key_hash, key)| {
                    key_hash == hash && crate::object::str_text(key) == Some(*text)
                })
            });
        if !fits {
            return Err(values);
        }
        let size = keys.len();
        if self.block.len() < size {
            self.block.grow_with(size, || None);
        }
        for (slot, value) in self.block.as_mut_slice().iter_mut().zip(values) {
            *slot = Some(value);
        }
        Ok(())
    }

    /// Adds an absent key if the split form allows it (see the module docs); gives the
    /// arguments back otherwise.
    pub fn try_push(
        &mut self,
        hash: i64,
        key: PyRef,
        value: PyRef,
    ) -> Result<(), (i64, PyRef, PyRef)> {
        if !matches!(key.kind, Kind::Str(..)) {
            return Err((hash, key, value));
        }
        let last = self.values().iter().rposition(Option::is_some);
        let keys = self.keys();
        let index = match keys.index_of(hash, &key) {
            Some(index) if last.is_none_or(|last| index > last) => index,
            Some(_) => return Err((hash, key, value)),
            None => match keys.append(hash, key.clone()) {
                Some(index) => index,
                None => return Err((hash, key, value)),
            },
        };
        if index >= self.block.len() {
            // Room for every key there is now (CPython sizes values to the shared keys).
            let size = self.keys().len();
            self.block.grow_with(size, || None);
        }
        let slot = &mut self.block.as_mut_slice()[index];
        debug_assert!(slot.is_none());
        *slot = Some(value);
        Ok(())
    }

    /// Stores `value` at `slot` when the shared key there is `key` (the same object) and
    /// the split form allows it there: the slot holds a value (replaced, returned), or every
    /// slot after it is empty (a new key in the keys' order). Gives `value` back otherwise.
    pub fn store_at(
        &mut self,
        slot: usize,
        key: &PyRef,
        value: PyRef,
    ) -> Result<Option<PyRef>, PyRef> {
        if !self.keys().key(slot).is_some_and(|(_, k)| Gc::ptr_eq(k, key)) {
            return Err(value);
        }
        let values = self.values();
        if values.get(slot).is_some_and(Option::is_some) {
            return Ok(self.block.as_mut_slice()[slot].replace(value));
        }
        if values.get(slot..).is_some_and(|tail| tail.iter().any(Option::is_some)) {
            return Err(value);
        }
        if slot >= self.block.len() {
            let size = self.keys().len();
            self.block.grow_with(size, || None);
        }
        self.block.as_mut_slice()[slot] = Some(value);
        Ok(None)
    }

    pub fn remove_at(&mut self, slot: usize) -> Option<Entry> {
        let (keys, values) = self.block.parts_mut();
        let value = values.get_mut(slot)?.take()?;
        let (hash, key) = keys.key(slot).expect("a value has a key");
        Some(Entry { hash: *hash, key: key.clone(), value })
    }

    pub fn pop_last(&mut self) -> Option<Entry> {
        let slot = self.values().iter().rposition(Option::is_some)?;
        self.remove_at(slot)
    }

    /// The present entries, in order.
    pub fn into_entries(mut self) -> Vec<Entry> {
        let (keys, values) = self.block.parts_mut();
        (values.iter_mut().enumerate())
            .filter_map(|(index, value)| {
                let (hash, key) = keys.key(index).expect("a value has a key");
                Some(Entry { hash: *hash, key: key.clone(), value: value.take()? })
            })
            .collect()
    }

    /// Visits the values (the keys are `str`s, leaves, owned by the keys object).
    pub fn trace(&self, visitor: &mut Visitor) {
        for value in self.values().iter().flatten() {
            visitor.visit(value);
        }
    }

    /// Gives up ownership: the pointer for [`Split::from_raw`], at least 4-byte aligned.
    pub fn into_raw(self) -> NonNull<u8> {
        self.block.into_raw()
    }

    /// Takes back ownership of what [`Split::into_raw`] gave up.
    ///
    /// # Safety
    ///
    /// As [`ThinSlice::from_raw`]: `ptr` came from `Split::into_raw`, no longer owned elsewhere.
    pub unsafe fn from_raw(ptr: NonNull<u8>) -> Split {
        // SAFETY: the caller's guarantee; `Split::into_raw` is `ThinSlice::into_raw`.
        Split { block: unsafe { ThinSlice::from_raw(ptr) } }
    }
}
