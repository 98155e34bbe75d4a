//! The storage of `dict` and `set`: an insertion-ordered hash table of `PyRef` keys.
//!
//! Key equality may need to run Python code (`__eq__`), which may mutate the very dict being
//! searched; so this table never calls back into the interpreter. It only finds candidates by
//! hash; the interpreter (`interp::dict_*`) compares them with the dict *not* borrowed, then
//! re-checks the slot. Values removed or replaced are returned to the caller, to be dropped
//! after the borrow ends (dropping can run `__del__`, which may touch the dict).
//!
//! # Layout
//!
//! CPython's compact dict (see the notes atop its `Objects/dictobject.c`): a dense vector of
//! entries `(hash, key, value)` in insertion order, and a sparse *index table* of small
//! integers addressed by the hash. An index slot is `EMPTY`, `DUMMY` (its entry was deleted) or
//! the position of an entry. Lookups walk CPython's open-addressing probe sequence
//! (`i = (i*5 + perturb + 1) & mask; perturb >>= 5`) until an `EMPTY` slot. The table holds at
//! most 2/3 as many used index slots as it has slots. Index integers are `i8`, `i16`, `i32` or
//! `i64` according to the table size; tables of up to 16 slots keep them inline.
//!
//! An empty dict allocates nothing, and `Dict` itself is one pointer wide (a tagged pointer
//! to the combined table or to the split form, see `Storage`).
//!
//! # Split form (PEP 412)
//!
//! The `__dict__` of an instance of a class defined in Python starts *split* ([`Dict::new_split`],
//! module `split`): its keys (`str`s, with their hashes, in order, and their own index table)
//! live in a [`SharedKeys`] object that the class holds and every instance dict of the class
//! shares; the dict itself holds only one value per shared key (or none: absent). Its
//! iteration order is the shared keys' order, so a key is added to a split dict only after all
//! the keys it holds; a new key is appended to the shared keys (at most [`SHARED_KEYS_MAX`]).
//! Anything else (a non-`str` key, a key that would come out of order, such as one deleted
//! and set again before a later one, a 31st key) makes [`Dict::push`] convert the dict to the
//! combined form first, same contents and order. Deletion and `pop_last` keep it split;
//! `take_all` (`clear()`) leaves an empty combined dict and [`Dict::copy`] is combined, as
//! CPython's `dict.clear()` and `dict(d)` are. Nothing else tells the two forms apart.
//!
//! # Slots
//!
//! A *slot* is the position of an entry in the dense vector. Callers hold slots across Python
//! code (`ops::dict_find` asks for candidates, runs `__eq__`, then re-checks with
//! [`Dict::slot_holds`]), so slots are kept stable:
//!
//! * [`Dict::push`] never moves an entry: when the index table must grow it is rebuilt over
//!   the same entries, deleted ones (`None`) included.
//! * [`Dict::remove_at`] leaves a hole (`None`) in place. It compacts (renumbers) the entries
//!   only when more than half of more than 32 positions are holes, and when the last entry
//!   goes the numbering starts again from 0.
//! * [`Dict::pop_last`] drops the holes at the end of the vector.
//! * In the split form a slot is the key's index in the shared keys, which never move.
//! * Converting to the combined form renumbers the slots (entries `0..len`): it happens only
//!   in [`Dict::push`], so a caller holding a slot from before an insertion re-checks it, as
//!   it must after any Python code anyway.
//!
//! A slot number may thus be reused by a later key, which is why callers re-check the key's
//! identity with [`Dict::slot_holds`]. New entries are only ever placed in `EMPTY` index slots
//! (never in `DUMMY` ones), so keys with equal hashes are met along the probe sequence in slot
//! order: [`Dict::candidates`] lists them, and [`Dict::find`] tries them, oldest first.

mod split;
mod storage;
mod thin;
mod walk;

use std::rc::Rc;

use rcgc::Visitor;

use self::split::Split;
pub use self::split::{SharedKeys, SHARED_KEYS_MAX};
use self::storage::{Form, FormMut, Owned, Storage};
pub use self::walk::SlotEntry;
use crate::object::PyRef;

/// One key/value pair and the key's hash.
pub struct Entry {
    pub hash: i64,
    pub key: PyRef,
    pub value: PyRef,
}

/// Insertion-ordered hash table (see the module docs); no table while empty. One word: the
/// combined table or the split form (see `Storage`).
#[derive(Default)]
pub struct Dict {
    storage: Storage,
}

/// The smallest index table (CPython's `PyDict_MINSIZE`).
const MIN_SIZE: usize = 8;
/// Index tables up to this size are kept inline in the `Table`.
const INLINE_SIZE: usize = 16;
const PERTURB_SHIFT: u32 = 5;
/// Index slot never used since the index table was built: ends a probe.
const EMPTY: isize = -1;
/// Index slot whose entry was deleted: probes walk past it.
const DUMMY: isize = -2;
/// `remove_at` compacts only vectors longer than this (and more than half holes).
const COMPACT_MIN: usize = 32;

/// How many index slots of a table of `size` may be used (CPython's `USABLE_FRACTION`).
fn usable(size: usize) -> usize {
    (size << 1) / 3
}

/// The smallest table size, a power of two and at least `MIN_SIZE` and `min_size`, whose
/// usable fraction is at least `min_usable`.
fn table_size(min_size: usize, min_usable: usize) -> usize {
    let mut size = min_size.max(MIN_SIZE).next_power_of_two();
    while usable(size) < min_usable {
        size *= 2;
    }
    size
}

/// The storage of a non-empty (or recently emptied) dict.
struct Table {
    /// Live entries.
    len: usize,
    /// Index slots that are not `EMPTY` (entries' and `DUMMY`s); at most `usable(size)`.
    used: usize,
    /// The index table's size minus one (the size is a power of two).
    mask: usize,
    indices: Indices,
    /// In insertion order; `None` where an entry was deleted. Never longer than
    /// `usable(size)`; its capacity is reserved up to that when a table larger than the
    /// smallest is built, and grows by doubling in the smallest.
    entries: Vec<Option<Entry>>,
    /// The version of the set of keys (CPython's `dk_version`): 0 until asked for, reset to
    /// 0 whenever a key comes or goes; see [`Dict::keys_version`].
    keys_version: std::cell::Cell<u32>,
}

/// The index table: `EMPTY`, `DUMMY`, or the position of an entry, in the narrowest integer
/// that holds every position (positions are below `usable(size) < size`).
enum Indices {
    /// Sizes up to `INLINE_SIZE` (only the first `size` are used).
    Inline([i8; INLINE_SIZE]),
    I8(Box<[i8]>),
    I16(Box<[i16]>),
    I32(Box<[i32]>),
    I64(Box<[i64]>),
}

impl Indices {
    /// A table of `size` `EMPTY` slots.
    fn new(size: usize) -> Indices {
        debug_assert!(size.is_power_of_two());
        if size <= INLINE_SIZE {
            Indices::Inline([EMPTY as i8; INLINE_SIZE])
        } else if size <= 1 << 7 {
            Indices::I8(vec![EMPTY as i8; size].into_boxed_slice())
        } else if size <= 1 << 15 {
            Indices::I16(vec![EMPTY as i16; size].into_boxed_slice())
        } else if size <= 1 << 31 {
            Indices::I32(vec![EMPTY as i32; size].into_boxed_slice())
        } else {
            Indices::I64(vec![EMPTY as i64; size].into_boxed_slice())
        }
    }
}

/// An integer type of the index table.
trait Index: Copy {
    fn get(self) -> isize;
    /// `value` must fit (the table's size guarantees it).
    fn make(value: isize) -> Self;
}

macro_rules! impl_index {
    ($($t:ty),*) => {$(
        impl Index for $t {
            #[inline]
            fn get(self) -> isize {
                self as isize
            }
            #[inline]
            fn make(value: isize) -> Self {
                debug_assert!(<$t>::try_from(value).is_ok());
                value as $t
            }
        }
    )*};
}
impl_index!(i8, i16, i32, i64);

/// Runs `$body` with `$ix` bound to the index table of `$table` as a slice (`&` or `&mut`),
/// monomorphized per integer width.
macro_rules! with_indices {
    ($table:expr, |$ix:ident| $body:expr) => {{
        let size = $table.mask + 1;
        match &$table.indices {
            Indices::Inline(a) => {
                let $ix = &a[..size];
                $body
            }
            Indices::I8(b) => {
                let $ix = &b[..];
                $body
            }
            Indices::I16(b) => {
                let $ix = &b[..];
                $body
            }
            Indices::I32(b) => {
                let $ix = &b[..];
                $body
            }
            Indices::I64(b) => {
                let $ix = &b[..];
                $body
            }
        }
    }};
    ($table:expr, |mut $ix:ident| $body:expr) => {{
        let size = $table.mask + 1;
        match &mut $table.indices {
            Indices::Inline(a) => {
                let $ix = &mut a[..size];
                $body
            }
            Indices::I8(b) => {
                let $ix = &mut b[..];
                $body
            }
            Indices::I16(b) => {
                let $ix = &mut b[..];
                $body
            }
            Indices::I32(b) => {
                let $ix = &mut b[..];
                $body
            }
            Indices::I64(b) => {
                let $ix = &mut b[..];
                $body
            }
        }
    }};
}

/// CPython's probe sequence over an index table of `mask + 1` slots.
struct Probe {
    i: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    #[inline]
    fn new(hash: i64, mask: usize) -> Probe {
        Probe { i: hash as usize & mask, perturb: hash as u64, mask }
    }

    #[inline]
    fn advance(&mut self) {
        self.perturb >>= PERTURB_SHIFT;
        self.i =
            self.i.wrapping_mul(5).wrapping_add(self.perturb as usize).wrapping_add(1) & self.mask;
    }
}

/// Walks `hash`'s probe sequence, offering each entry with that hash to `visit` (oldest
/// first), until `visit` accepts one (its slot is returned) or the sequence meets `EMPTY`.
#[inline]
fn probe_entries<I: Index>(
    ix: &[I],
    entries: &[Option<Entry>],
    hash: i64,
    mut visit: impl FnMut(usize, &Entry) -> bool,
) -> Option<usize> {
    let mut probe = Probe::new(hash, ix.len() - 1);
    // The sequence may pass an index slot twice: entries of `hash` are met in increasing slot
    // order the first time, so one at or below `next` was offered already.
    let mut next = 0;
    loop {
        let value = ix[probe.i].get();
        if value == EMPTY {
            return None;
        }
        if value >= next as isize {
            let slot = value as usize;
            // Always `Some`: the index slot of a deleted entry is `DUMMY`.
            if let Some(entry) = &entries[slot] {
                if entry.hash == hash {
                    if visit(slot, entry) {
                        return Some(slot);
                    }
                    next = slot + 1;
                }
            }
        }
        probe.advance();
    }
}

/// The index slot pointing at the entry in `slot`, whose key has `hash`.
fn position_of<I: Index>(ix: &[I], hash: i64, slot: usize) -> usize {
    let mut probe = Probe::new(hash, ix.len() - 1);
    loop {
        let value = ix[probe.i].get();
        if value == slot as isize {
            return probe.i;
        }
        assert!(value != EMPTY, "dict index table lost an entry");
        probe.advance();
    }
}

/// Points the first `EMPTY` index slot on `hash`'s probe sequence at `slot`. (Never a
/// `DUMMY` one: that keeps entries of equal hashes in slot order along the sequence.)
#[inline]
fn insert_index<I: Index>(ix: &mut [I], hash: i64, slot: usize) {
    let mut probe = Probe::new(hash, ix.len() - 1);
    while ix[probe.i].get() != EMPTY {
        probe.advance();
    }
    ix[probe.i] = I::make(slot as isize);
}

impl Table {
    /// A table of `size` index slots over `entries` (at most `usable(size)` of them).
    fn new(size: usize, entries: Vec<Option<Entry>>) -> Box<Table> {
        let mut table = Box::new(Table {
            len: 0,
            used: 0,
            mask: size - 1,
            indices: Indices::new(size),
            entries,
            keys_version: std::cell::Cell::new(0),
        });
        table.reindex();
        table
    }

    /// Rebuilds the index table (all `EMPTY` before) from the entries, which stay in place.
    fn reindex(&mut self) {
        let size = self.mask + 1;
        debug_assert!(self.entries.len() <= usable(size));
        if size > MIN_SIZE {
            self.entries.reserve_exact(usable(size) - self.entries.len());
        }
        let entries = &self.entries;
        with_indices!(self, |mut ix| {
            for (slot, entry) in entries.iter().enumerate() {
                if let Some(entry) = entry {
                    insert_index(ix, entry.hash, slot);
                }
            }
        });
        self.len = self.entries.iter().filter(|e| e.is_some()).count();
        self.used = self.len;
    }

    /// Replaces the index table by one of `size` slots; the entries stay in place.
    fn resize(&mut self, size: usize) {
        self.mask = size - 1;
        self.indices = Indices::new(size);
        self.reindex();
    }

    /// Drops the holes: renumbers the entries, and sizes the table for them.
    fn compact(&mut self) {
        let size = table_size(self.len * 3, self.len);
        let mut entries = Vec::with_capacity(usable(size));
        entries.extend(std::mem::take(&mut self.entries).into_iter().filter(Option::is_some));
        self.entries = entries;
        self.resize(size);
    }

    fn push(&mut self, entry: Entry) {
        if self.entries.len().max(self.used) >= usable(self.mask + 1) {
            // Grow (or, with many `DUMMY`s, just clean) without moving any entry.
            self.resize(table_size(self.len * 3, self.entries.len() + 1));
        }
        let slot = self.entries.len();
        if slot == self.entries.capacity() {
            // The smallest table's entries grow 1, 2, 4, 5 instead of being reserved at once:
            // most instance dicts and small dicts hold one to three keys.
            let room = usable(self.mask + 1) - slot;
            self.entries.reserve_exact(slot.max(1).min(room));
        }
        with_indices!(self, |mut ix| insert_index(ix, entry.hash, slot));
        self.entries.push(Some(entry));
        self.keys_version.set(0);
        self.len += 1;
        self.used += 1;
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    /// An empty dict in the split form over `keys` (an instance's `__dict__`).
    pub fn new_split(keys: Rc<SharedKeys>) -> Dict {
        Dict { storage: Storage::new(Owned::Split(Split::new(keys))) }
    }

    /// Makes a dict that has never held anything (no storage at all) split over `keys`, as an
    /// instance's `__dict__` becomes with its first attribute; any other dict is left as it is.
    /// Returns whether the dict is split now.
    pub fn split_if_unused(&mut self, keys: impl FnOnce() -> Rc<SharedKeys>) -> bool {
        if matches!(self.storage.form(), Form::Combined(None)) {
            self.storage = Storage::new(Owned::Split(Split::new(keys())));
        }
        self.is_split()
    }

    /// Whether this dict is in the split form (its keys shared with other dicts).
    pub fn is_split(&self) -> bool {
        self.storage.is_split()
    }

    /// The keys this dict shares, when split.
    pub fn shared_keys(&self) -> Option<&Rc<SharedKeys>> {
        match self.storage.form() {
            Form::Split(split) => Some(split.keys()),
            Form::Combined(_) => None,
        }
    }

    /// The combined table (`None` when empty or split).
    #[cfg(test)]
    fn table(&self) -> Option<&Table> {
        match self.storage.form() {
            Form::Combined(table) => table,
            Form::Split(_) => None,
        }
    }

    pub fn len(&self) -> usize {
        match self.storage.form() {
            Form::Combined(table) => table.map_or(0, |t| t.len),
            Form::Split(split) => split.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Slots whose key has `hash`, with their keys (in slot order).
    pub fn candidates(&self, hash: i64) -> Vec<(usize, PyRef)> {
        let mut found = Vec::new();
        let mut visit = |slot: usize, key: &PyRef| {
            found.push((slot, key.clone()));
            false
        };
        match self.storage.form() {
            Form::Combined(Some(table)) => {
                let entries = &table.entries;
                with_indices!(table, |ix| probe_entries(ix, entries, hash, |slot, entry| {
                    visit(slot, &entry.key)
                }));
            }
            Form::Combined(None) => {}
            Form::Split(split) => split.candidates(hash, |slot, key| {
                visit(slot, key);
            }),
        }
        found
    }

    /// The first slot with `hash` whose key satisfies `same` (which must not run Python code).
    pub fn find(&self, hash: i64, mut same: impl FnMut(&PyRef) -> bool) -> Option<usize> {
        match self.storage.form() {
            Form::Combined(table) => {
                let table = table?;
                let entries = &table.entries;
                with_indices!(table, |ix| probe_entries(ix, entries, hash, |_, entry| same(
                    &entry.key
                )))
            }
            Form::Split(split) => split.find(hash, same),
        }
    }

    /// A number that changes whenever a key is added or removed (values may change under
    /// it), unique over every dict of the process: while a dict's version is unchanged, a
    /// name found absent stays absent (CPython 3.11's `dk_version`, which `LOAD_GLOBAL`'s
    /// caches check). `None` for a dict without a combined table, or once the versions
    /// are used up.
    pub fn keys_version(&self) -> Option<u32> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let Form::Combined(Some(table)) = self.storage.form() else { return None };
        let version = table.keys_version.get();
        if version != 0 {
            return Some(version);
        }
        let fresh = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if fresh == 0 || fresh == u32::MAX {
            NEXT.store(u32::MAX, std::sync::atomic::Ordering::Relaxed);
            return None;
        }
        table.keys_version.set(fresh);
        Some(fresh)
    }

    /// Whether `slot` still holds `key` (after Python code ran).
    pub fn slot_holds(&self, slot: usize, key: &PyRef) -> bool {
        self.entry_at(slot).is_some_and(|(_, k, _)| rcgc::Gc::ptr_eq(k, key))
    }

    pub fn value_at(&self, slot: usize) -> Option<PyRef> {
        self.entry_at(slot).map(|(_, _, value)| value.clone())
    }

    /// The hash, key and value at `slot`, if it holds a key.
    pub fn entry_at(&self, slot: usize) -> Option<(i64, &PyRef, &PyRef)> {
        match self.storage.form() {
            Form::Combined(table) => {
                let entry = table?.entries.get(slot)?.as_ref()?;
                Some((entry.hash, &entry.key, &entry.value))
            }
            Form::Split(split) => split.at(slot),
        }
    }

    /// Replaces the value at `slot`, returning the old one (drop it after the borrow).
    pub fn replace_value(&mut self, slot: usize, value: PyRef) -> Option<PyRef> {
        match self.storage.form_mut() {
            FormMut::Combined(table) => {
                let entry = table?.entries.get_mut(slot)?.as_mut()?;
                Some(std::mem::replace(&mut entry.value, value))
            }
            FormMut::Split(split) => split.replace_value(slot, value),
        }
    }

    /// Appends a new key (the caller checked it is absent). A split dict that cannot take it
    /// (see `split`'s docs) converts itself to the combined form first: slots change, so
    /// callers holding one re-check it, as after any insertion.
    /// A split dict holding nothing yet: `values` stored under the first shared keys, which
    /// must be `names` in order (see `Split::fill_prefix`); the values back otherwise.
    pub fn fill_split_prefix<const N: usize>(
        &mut self,
        names: &[(i64, &str); N],
        values: [PyRef; N],
    ) -> Result<(), [PyRef; N]> {
        match self.storage.form_mut() {
            FormMut::Split(split) => split.fill_prefix(names, values),
            _ => Err(values),
        }
    }

    pub fn push(&mut self, hash: i64, key: PyRef, value: PyRef) {
        let (hash, key, value) = match self.storage.form_mut() {
            FormMut::Combined(Some(table)) => return table.push(Entry { hash, key, value }),
            FormMut::Combined(None) => (hash, key, value),
            FormMut::Split(split) => match split.try_push(hash, key, value) {
                Ok(()) => return,
                Err(refused) => {
                    self.combine();
                    refused
                }
            },
        };
        match self.storage.form_mut() {
            FormMut::Combined(Some(table)) => table.push(Entry { hash, key, value }),
            _ => {
                let mut table = Table::new(MIN_SIZE, Vec::new());
                table.push(Entry { hash, key, value });
                self.storage = Storage::new(Owned::Combined(Some(table)));
            }
        }
    }

    /// Converts a split dict to the combined form, same contents and order (a no-op when
    /// combined).
    pub fn combine(&mut self) {
        if self.is_split() {
            let mut combined = self.copy();
            // The values live in the copy too: the split storage, dropped with `combined`,
            // only drops its extra references.
            std::mem::swap(&mut self.storage, &mut combined.storage);
        }
    }

    /// Removes the entry at `slot` (drop it after the borrow).
    pub fn remove_at(&mut self, slot: usize) -> Option<Entry> {
        let table = match self.storage.form_mut() {
            FormMut::Combined(table) => table?,
            FormMut::Split(split) => return split.remove_at(slot),
        };
        let entry = table.entries.get_mut(slot)?.take()?;
        table.keys_version.set(0);
        with_indices!(table, |mut ix| {
            let position = position_of(ix, entry.hash, slot);
            ix[position] = Index::make(DUMMY);
        });
        table.len -= 1;
        if table.len == 0 {
            if table.mask + 1 == MIN_SIZE {
                // Keep the smallest table for the next key (`s.add(x); s.remove(x)` loops).
                table.entries.clear();
                table.indices = Indices::new(MIN_SIZE);
                table.used = 0;
            } else {
                self.storage = Storage::default();
            }
        } else if table.entries.len() > COMPACT_MIN && table.len * 2 < table.entries.len() {
            table.compact();
        }
        Some(entry)
    }

    /// Removes and returns the last entry (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<Entry> {
        let table = match self.storage.form_mut() {
            FormMut::Combined(table) => table?,
            FormMut::Split(split) => return split.pop_last(),
        };
        // The holes at the end go too (their index slots are `DUMMY`), so repeated `popitem`
        // does not rescan them.
        while let Some(None) = table.entries.last() {
            table.entries.pop();
        }
        let slot = table.entries.len().checked_sub(1)?;
        self.remove_at(slot)
    }

    /// Empties the dict, returning the entries (drop them after the borrow). A split dict
    /// becomes an empty combined one, as CPython's `dict.clear()` leaves it.
    pub fn take_all(&mut self) -> Vec<Entry> {
        match self.storage.take() {
            Owned::Combined(Some(table)) => table.entries.into_iter().flatten().collect(),
            Owned::Combined(None) => Vec::new(),
            Owned::Split(split) => split.into_entries(),
        }
    }

    /// `(hash, key, value)` in order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &PyRef, &PyRef)> {
        let (entries, split) = match self.storage.form() {
            Form::Combined(table) => (table.map_or(&[][..], |t| &t.entries[..]), None),
            Form::Split(split) => (&[][..], Some(split)),
        };
        let combined = entries.iter().flatten().map(|e| (e.hash, &e.key, &e.value));
        let split = split.into_iter().flat_map(|s| s.iter().map(|(_, h, k, v)| (h, k, v)));
        combined.chain(split)
    }

    pub fn keys(&self) -> Vec<PyRef> {
        self.iter().map(|(_, key, _)| key.clone()).collect()
    }

    pub fn values(&self) -> Vec<PyRef> {
        self.iter().map(|(_, _, value)| value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(PyRef, PyRef)> {
        self.iter().map(|(_, key, value)| (key.clone(), value.clone())).collect()
    }

    /// A combined copy sharing keys and values (compact: its slots are `0..len`).
    pub fn copy(&self) -> Dict {
        let len = self.len();
        if len == 0 {
            return Dict::new();
        }
        let size = table_size((len * 3).div_ceil(2), len);
        let mut entries = Vec::with_capacity(usable(size));
        entries.extend(self.iter().map(|(hash, key, value)| {
            Some(Entry { hash, key: key.clone(), value: value.clone() })
        }));
        Dict { storage: Storage::new(Owned::Combined(Some(Table::new(size, entries)))) }
    }

    /// Visits the keys and values (a split dict: its values; its keys are `str`s, leaves).
    pub fn trace(&self, visitor: &mut Visitor) {
        match self.storage.form() {
            Form::Combined(table) => {
                for entry in table.iter().flat_map(|t| t.entries.iter().flatten()) {
                    visitor.visit(&entry.key);
                    visitor.visit(&entry.value);
                }
            }
            Form::Split(split) => split.trace(visitor),
        }
    }
}

use crate::object::hash::str_hash;

/// The hash of a str object's text, from its cache when computed before (`Kind::Str`).
#[inline]
pub fn cached_str_hash(text: &str, cache: &std::cell::Cell<u32>) -> i64 {
    match cache.get() {
        0 => {
            let hash = str_hash(text);
            // A hash of 0 is not cached (0 marks "not computed"): it is recomputed each time.
            cache.set(hash as i32 as u32);
            hash
        }
        cached => cached as i32 as i64,
    }
}

/// Whether `key` is the `str` `text` (a `str` only ever equals a `str`); the same text
/// allocation (a name and the key made from it) is recognized without comparing bytes.
#[inline]
pub fn is_str(key: &PyRef, text: &str) -> bool {
    crate::object::str_text(key).is_some_and(|s| {
        std::ptr::eq(s.as_ptr(), text.as_ptr()) && s.len() == text.len() || s == text
    })
}

impl Dict {
    /// Looks up a `str` key without running Python code.
    pub fn get_str(&self, name: &str) -> Option<PyRef> {
        self.get_str_hashed(name, str_hash(name))
    }

    /// [`Dict::get_str`] with the name's hash already computed (a lookup along a class's MRO
    /// hashes the name once).
    /// The slot of a `str` key (its hash given), for lookups that cache slots.
    pub fn find_str(&self, name: &str, hash: i64) -> Option<usize> {
        self.find(hash, |key| is_str(key, name))
    }

    pub fn get_str_hashed(&self, name: &str, hash: i64) -> Option<PyRef> {
        self.find(hash, |key| is_str(key, name)).and_then(|slot| self.value_at(slot))
    }

    /// Sets a `str` key; returns the replaced value (drop it after the borrow).
    pub fn set_str(&mut self, key: PyRef, name: &str, value: PyRef) -> Option<PyRef> {
        let hash = match &key.kind {
            crate::object::Kind::Str(cache, _) => {
                cached_str_hash(crate::object::text_of(&key), cache)
            }
            _ => str_hash(name),
        };
        match self.find(hash, |k| is_str(k, name)) {
            Some(slot) => self.replace_value(slot, value),
            None => {
                self.push(hash, key, value);
                None
            }
        }
    }

    /// Sets `name` to `value`, making the key object only if the name is not there yet (an
    /// attribute assignment usually replaces a value); returns the replaced value (drop it
    /// after the borrow).
    pub fn set_name(&mut self, name: &str, value: PyRef) -> Option<PyRef> {
        self.set_name_hashed(name, str_hash(name), value)
    }

    /// [`Dict::set_name`] with the name's hash known.
    pub fn set_name_hashed(&mut self, name: &str, hash: i64, value: PyRef) -> Option<PyRef> {
        match self.find(hash, |k| is_str(k, name)) {
            Some(slot) => self.replace_value(slot, value),
            None => {
                self.push(hash, crate::object::runtime::intern(name, hash), value);
                None
            }
        }
    }

    /// Stores `value` at `slot` when the key there is `key` (the same object), as an
    /// attribute store whose site remembers the slot: a value there is replaced (and
    /// returned); in a split dict a new key at its shared index is added if the split form
    /// allows it. Gives `value` back otherwise (the caller stores by name).
    #[inline]
    pub fn store_at(
        &mut self,
        slot: usize,
        key: &PyRef,
        value: PyRef,
    ) -> Result<Option<PyRef>, PyRef> {
        match self.storage.form_mut() {
            FormMut::Combined(Some(table)) => match table.entries.get_mut(slot) {
                Some(Some(entry)) if rcgc::Gc::ptr_eq(&entry.key, key) => {
                    Ok(Some(std::mem::replace(&mut entry.value, value)))
                }
                _ => Err(value),
            },
            FormMut::Combined(None) => Err(value),
            FormMut::Split(split) => split.store_at(slot, key, value),
        }
    }

    /// Sets the `str` key `key`, the interned key object of `name` (hash `hash`), which is
    /// stored as it is when the name is new (no interning): the replaced value (drop it after
    /// the borrow) and the slot holding the name now.
    pub fn set_interned(
        &mut self,
        key: &PyRef,
        name: &str,
        hash: i64,
        value: PyRef,
    ) -> (Option<PyRef>, Option<usize>) {
        if let Some(slot) = self.find(hash, |k| rcgc::Gc::ptr_eq(k, key) || is_str(k, name)) {
            return (self.replace_value(slot, value), Some(slot));
        }
        self.push(hash, key.clone(), value);
        (None, self.find(hash, |k| rcgc::Gc::ptr_eq(k, key)))
    }

    /// Removes a `str` key; returns the entry (drop it after the borrow).
    pub fn remove_str(&mut self, name: &str) -> Option<Entry> {
        let slot = self.find(str_hash(name), |k| is_str(k, name))?;
        self.remove_at(slot)
    }
}

#[cfg(test)]
mod split_tests;
#[cfg(test)]
mod tests;
