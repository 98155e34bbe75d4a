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
//! An empty dict allocates nothing, and `Dict` itself is one pointer wide.
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
//!
//! A slot number may thus be reused by a later key, which is why callers re-check the key's
//! identity with [`Dict::slot_holds`]. New entries are only ever placed in `EMPTY` index slots
//! (never in `DUMMY` ones), so keys with equal hashes are met along the probe sequence in slot
//! order: [`Dict::candidates`] lists them, and [`Dict::find`] tries them, oldest first.

use rcgc::Visitor;

use crate::object::PyRef;

/// One key/value pair and the key's hash.
pub struct Entry {
    pub hash: i64,
    pub key: PyRef,
    pub value: PyRef,
}

/// Insertion-ordered hash table (see the module docs); no table while empty.
#[derive(Default)]
pub struct Dict {
    table: Option<Box<Table>>,
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
        self.len += 1;
        self.used += 1;
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    pub fn len(&self) -> usize {
        self.table.as_ref().map_or(0, |t| t.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entries(&self) -> &[Option<Entry>] {
        self.table.as_ref().map_or(&[], |t| &t.entries)
    }

    /// Slots whose key has `hash`, with their keys (in slot order).
    pub fn candidates(&self, hash: i64) -> Vec<(usize, PyRef)> {
        let mut found = Vec::new();
        if let Some(table) = &self.table {
            let entries = &table.entries;
            with_indices!(table, |ix| probe_entries(ix, entries, hash, |slot, entry| {
                found.push((slot, entry.key.clone()));
                false
            }));
        }
        found
    }

    /// The first slot with `hash` whose key satisfies `same` (which must not run Python code).
    pub fn find(&self, hash: i64, mut same: impl FnMut(&PyRef) -> bool) -> Option<usize> {
        let table = self.table.as_ref()?;
        let entries = &table.entries;
        with_indices!(table, |ix| probe_entries(ix, entries, hash, |_, entry| same(&entry.key)))
    }

    /// Whether `slot` still holds `key` (after Python code ran).
    pub fn slot_holds(&self, slot: usize, key: &PyRef) -> bool {
        self.entry_at(slot).is_some_and(|e| rcgc::Gc::ptr_eq(&e.key, key))
    }

    pub fn value_at(&self, slot: usize) -> Option<PyRef> {
        self.entry_at(slot).map(|e| e.value.clone())
    }

    pub fn entry_at(&self, slot: usize) -> Option<&Entry> {
        self.entries().get(slot).and_then(Option::as_ref)
    }

    /// Replaces the value at `slot`, returning the old one (drop it after the borrow).
    pub fn replace_value(&mut self, slot: usize, value: PyRef) -> Option<PyRef> {
        let entry = self.table.as_mut()?.entries.get_mut(slot)?.as_mut()?;
        Some(std::mem::replace(&mut entry.value, value))
    }

    /// Appends a new key (the caller checked it is absent).
    pub fn push(&mut self, hash: i64, key: PyRef, value: PyRef) {
        let table = self.table.get_or_insert_with(|| Table::new(MIN_SIZE, Vec::new()));
        table.push(Entry { hash, key, value });
    }

    /// Removes the entry at `slot` (drop it after the borrow).
    pub fn remove_at(&mut self, slot: usize) -> Option<Entry> {
        let table = self.table.as_mut()?;
        let entry = table.entries.get_mut(slot)?.take()?;
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
                self.table = None;
            }
        } else if table.entries.len() > COMPACT_MIN && table.len * 2 < table.entries.len() {
            table.compact();
        }
        Some(entry)
    }

    /// Removes and returns the last entry (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<Entry> {
        let table = self.table.as_mut()?;
        // The holes at the end go too (their index slots are `DUMMY`), so repeated `popitem`
        // does not rescan them.
        while let Some(None) = table.entries.last() {
            table.entries.pop();
        }
        let slot = table.entries.len().checked_sub(1)?;
        self.remove_at(slot)
    }

    /// Empties the table, returning the entries (drop them after the borrow).
    pub fn take_all(&mut self) -> Vec<Entry> {
        match self.table.take() {
            Some(table) => table.entries.into_iter().flatten().collect(),
            None => Vec::new(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries().iter().flatten()
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

    /// A copy sharing keys and values (compact: its slots are `0..len`).
    pub fn copy(&self) -> Dict {
        let len = self.len();
        if len == 0 {
            return Dict::new();
        }
        let size = table_size((len * 3).div_ceil(2), len);
        let mut entries = Vec::with_capacity(usable(size));
        entries.extend(
            self.iter()
                .map(|e| Some(Entry { hash: e.hash, key: e.key.clone(), value: e.value.clone() })),
        );
        Dict { table: Some(Table::new(size, entries)) }
    }

    pub fn trace(&self, visitor: &mut Visitor) {
        for entry in self.iter() {
            visitor.visit(&entry.key);
            visitor.visit(&entry.value);
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
    matches!(&key.kind, crate::object::Kind::Str(s, _)
        if std::ptr::eq(s.as_ptr(), text.as_ptr()) && s.len() == text.len() || &**s == text)
}

impl Dict {
    /// Looks up a `str` key without running Python code.
    pub fn get_str(&self, name: &str) -> Option<PyRef> {
        self.get_str_hashed(name, str_hash(name))
    }

    /// [`Dict::get_str`] with the name's hash already computed (a lookup along a class's MRO
    /// hashes the name once).
    pub fn get_str_hashed(&self, name: &str, hash: i64) -> Option<PyRef> {
        self.find(hash, |key| is_str(key, name)).and_then(|slot| self.value_at(slot))
    }

    /// Sets a `str` key; returns the replaced value (drop it after the borrow).
    pub fn set_str(&mut self, key: PyRef, name: &str, value: PyRef) -> Option<PyRef> {
        let hash = match &key.kind {
            crate::object::Kind::Str(text, cache) => cached_str_hash(text, cache),
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
        let hash = str_hash(name);
        match self.find(hash, |k| is_str(k, name)) {
            Some(slot) => self.replace_value(slot, value),
            None => {
                self.push(hash, crate::object::runtime::intern(name, hash), value);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::{alloc, Kind};
    use rcgc::Gc;

    /// Seeded xorshift64*.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn object(n: i64) -> PyRef {
        alloc(Kind::Int(n.into()))
    }

    /// The reference: the old `Vec<Option<Entry>>` storage with linear search, the same slot
    /// rules (holes left in place, compaction of long vectors more than half holes, numbering
    /// restarted when emptied, trailing holes dropped by `pop_last`).
    #[derive(Default)]
    struct Oracle {
        entries: Vec<Option<(i64, PyRef, PyRef)>>,
        len: usize,
    }

    impl Oracle {
        fn candidates(&self, hash: i64) -> Vec<(usize, PyRef)> {
            (self.entries.iter().enumerate())
                .filter_map(|(slot, e)| e.as_ref().map(|e| (slot, e)))
                .filter(|(_, e)| e.0 == hash)
                .map(|(slot, e)| (slot, e.1.clone()))
                .collect()
        }

        fn find(&self, hash: i64, mut same: impl FnMut(&PyRef) -> bool) -> Option<usize> {
            self.candidates(hash).into_iter().find(|(_, key)| same(key)).map(|(slot, _)| slot)
        }

        fn push(&mut self, hash: i64, key: PyRef, value: PyRef) {
            self.entries.push(Some((hash, key, value)));
            self.len += 1;
        }

        fn remove_at(&mut self, slot: usize) -> Option<(i64, PyRef, PyRef)> {
            let entry = self.entries.get_mut(slot)?.take()?;
            self.len -= 1;
            if self.len == 0 {
                self.entries.clear();
            } else if self.entries.len() > 32 && self.len * 2 < self.entries.len() {
                self.entries.retain(Option::is_some);
            }
            Some(entry)
        }

        fn pop_last(&mut self) -> Option<(i64, PyRef, PyRef)> {
            while let Some(None) = self.entries.last() {
                self.entries.pop();
            }
            let slot = self.entries.len().checked_sub(1)?;
            self.remove_at(slot)
        }
    }

    fn same_entry(a: Option<&Entry>, b: Option<&(i64, PyRef, PyRef)>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.hash == b.0 && Gc::ptr_eq(&a.key, &b.1) && Gc::ptr_eq(&a.value, &b.2)
            }
            _ => false,
        }
    }

    fn same_slots(a: &[(usize, PyRef)], b: &[(usize, PyRef)]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.0 == b.0 && Gc::ptr_eq(&a.1, &b.1))
    }

    /// The table's internal invariants, and its contents against the oracle.
    fn check(dict: &Dict, oracle: &Oracle) {
        assert_eq!(dict.len(), oracle.len);
        assert_eq!(dict.is_empty(), oracle.len == 0);
        let ours: Vec<&Entry> = dict.iter().collect();
        let theirs: Vec<_> = oracle.entries.iter().flatten().collect();
        assert_eq!(ours.len(), theirs.len());
        for (a, b) in ours.iter().zip(&theirs) {
            assert!(same_entry(Some(a), Some(b)), "iteration order differs");
        }
        for slot in 0..oracle.entries.len() + 2 {
            let theirs = oracle.entries.get(slot).and_then(Option::as_ref);
            assert!(same_entry(dict.entry_at(slot), theirs), "slot {slot} differs");
        }
        let Some(table) = &dict.table else {
            assert_eq!(oracle.len, 0);
            return;
        };
        let size = table.mask + 1;
        assert!(size.is_power_of_two() && size >= MIN_SIZE);
        assert!(table.entries.len() <= usable(size));
        // Reserved at once except in the smallest table, whose entries grow by doubling.
        assert!(size == MIN_SIZE || table.entries.capacity() >= usable(size));
        assert!(table.used <= usable(size));
        let (live, used) = with_indices!(table, |ix| {
            assert_eq!(ix.len(), size);
            let live = ix.iter().filter(|v| v.get() >= 0).count();
            let used = ix.iter().filter(|v| v.get() != EMPTY).count();
            for (slot, entry) in table.entries.iter().enumerate() {
                if let Some(entry) = entry {
                    position_of(ix, entry.hash, slot);
                }
            }
            (live, used)
        });
        assert_eq!(live, table.len);
        assert_eq!(used, table.used);
        let expected = match &table.indices {
            Indices::Inline(_) => size <= INLINE_SIZE,
            Indices::I8(_) => size > INLINE_SIZE && size <= 1 << 7,
            Indices::I16(_) => size > 1 << 7 && size <= 1 << 15,
            Indices::I32(_) => size > 1 << 15 && size <= 1 << 31,
            Indices::I64(_) => size > 1 << 31,
        };
        assert!(expected, "index width for size {size}");
    }

    /// Hashes that collide a lot: equal hashes, equal low bits, and the extremes.
    const NASTY: [i64; 10] = [0, 1, -1, -2, i64::MIN, i64::MAX, 8, 1 << 32, (1 << 32) + 8, -9];

    /// Random operations against the oracle, with keys of random and of colliding hashes.
    #[test]
    fn matches_the_oracle() {
        for seed in 1..=40u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
            let pool_size: usize = [4, 12, 60, 300, 3000][seed as usize % 5];
            let keys: Vec<(i64, PyRef)> = (0..pool_size)
                .map(|n| {
                    let hash = match rng.below(4) {
                        0 => NASTY[rng.below(NASTY.len())],
                        1 => n as i64, // sequential, like small ints
                        _ => rng.next() as i64,
                    };
                    (hash, object(n as i64))
                })
                .collect();
            let mut dict = Dict::new();
            let mut oracle = Oracle::default();
            let steps = 10 * pool_size.max(300);
            for step in 0..steps {
                // Phases: mostly inserting, then mostly removing, so the table grows and shrinks.
                let removing = (step / (4 * pool_size.max(50))) % 2 == 1;
                let (hash, key) = &keys[rng.below(keys.len())];
                match rng.below(16) {
                    0..=5 if !removing || rng.below(4) == 0 => {
                        let value = object(step as i64);
                        let slot = oracle.find(*hash, |k| Gc::ptr_eq(k, key));
                        assert_eq!(dict.find(*hash, |k| Gc::ptr_eq(k, key)), slot);
                        match slot {
                            Some(slot) => {
                                let entry = oracle.entries[slot].as_mut().unwrap();
                                let theirs = std::mem::replace(&mut entry.2, value.clone());
                                let ours = dict.replace_value(slot, value).unwrap();
                                assert!(Gc::ptr_eq(&ours, &theirs));
                            }
                            None => {
                                oracle.push(*hash, key.clone(), value.clone());
                                dict.push(*hash, key.clone(), value);
                            }
                        }
                    }
                    0..=9 => {
                        let slot = oracle.find(*hash, |k| Gc::ptr_eq(k, key));
                        assert_eq!(dict.find(*hash, |k| Gc::ptr_eq(k, key)), slot);
                        if let Some(slot) = slot {
                            let theirs = oracle.remove_at(slot);
                            let ours = dict.remove_at(slot);
                            assert!(same_entry(ours.as_ref(), theirs.as_ref()));
                        }
                    }
                    10 => {
                        let slot = rng.below(oracle.entries.len() + 3);
                        let theirs = oracle.remove_at(slot);
                        let ours = dict.remove_at(slot);
                        assert!(same_entry(ours.as_ref(), theirs.as_ref()));
                    }
                    11 if rng.below(3) == 0 => {
                        let theirs = oracle.pop_last();
                        let ours = dict.pop_last();
                        assert!(same_entry(ours.as_ref(), theirs.as_ref()));
                    }
                    12 => {
                        let hash =
                            if rng.below(2) == 0 { NASTY[rng.below(NASTY.len())] } else { *hash };
                        assert!(same_slots(&dict.candidates(hash), &oracle.candidates(hash)));
                        // The first key of that hash, and a key that is never there.
                        assert_eq!(dict.find(hash, |_| true), oracle.find(hash, |_| true));
                        assert_eq!(dict.find(hash, |_| false), None);
                    }
                    13 => {
                        let slot = rng.below(oracle.entries.len() + 3);
                        let held = oracle.entries.get(slot).and_then(Option::as_ref);
                        assert_eq!(
                            dict.slot_holds(slot, key),
                            held.is_some_and(|e| Gc::ptr_eq(&e.1, key))
                        );
                        let value = dict.value_at(slot);
                        assert_eq!(value.is_some(), held.is_some());
                        if let (Some(value), Some(held)) = (value, held) {
                            assert!(Gc::ptr_eq(&value, &held.2));
                        }
                    }
                    14 if rng.below(50) == 0 => {
                        let theirs: Vec<_> =
                            std::mem::take(&mut oracle).entries.into_iter().flatten().collect();
                        let ours = dict.take_all();
                        assert_eq!(ours.len(), theirs.len());
                        for (a, b) in ours.iter().zip(&theirs) {
                            assert!(same_entry(Some(a), Some(b)));
                        }
                        assert!(dict.table.is_none());
                    }
                    15 if rng.below(20) == 0 => {
                        let copy = dict.copy();
                        oracle.entries.retain(Option::is_some);
                        check(&copy, &oracle);
                        dict = copy;
                    }
                    _ => {}
                }
                if oracle.entries.len() < 100 || step.is_multiple_of(64) {
                    check(&dict, &oracle);
                }
            }
        }
    }

    /// Large tables (16- and 32-bit indices), all keys colliding in the low bits.
    #[test]
    fn large_tables() {
        let n = 70_000;
        let keys: Vec<PyRef> = (0..n).map(object).collect();
        let hash = |i: i64| i << 20; // equal low 20 bits: long probe sequences at first
        let mut dict = Dict::new();
        let mut oracle = Oracle::default();
        for (i, key) in keys.iter().enumerate() {
            dict.push(hash(i as i64), key.clone(), key.clone());
            oracle.push(hash(i as i64), key.clone(), key.clone());
        }
        check(&dict, &oracle);
        assert!(matches!(dict.table.as_ref().unwrap().indices, Indices::I32(_)));
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(dict.find(hash(i as i64), |k| Gc::ptr_eq(k, key)), Some(i));
        }
        // Half the entries go (no compaction yet: slot `i` still holds key `i`).
        for i in (0..n).step_by(2) {
            let slot = i as usize;
            assert_eq!(dict.find(hash(i), |k| Gc::ptr_eq(k, &keys[slot])), Some(slot));
            assert!(same_entry(dict.remove_at(slot).as_ref(), oracle.remove_at(slot).as_ref()));
        }
        check(&dict, &oracle);
        while let Some(entry) = dict.pop_last() {
            assert!(same_entry(Some(&entry), oracle.pop_last().as_ref()));
            if dict.len().is_multiple_of(5000) {
                check(&dict, &oracle);
            }
        }
        check(&dict, &oracle);
        assert!(dict.table.is_none());
    }

    /// Slots stay put while keys are added: a caller may hold one across Python code.
    #[test]
    fn push_never_moves_entries() {
        let keys: Vec<PyRef> = (0..1000).map(object).collect();
        let mut dict = Dict::new();
        for (i, key) in keys.iter().enumerate() {
            dict.push(i as i64 % 7, key.clone(), key.clone());
        }
        for i in (0..1000).step_by(3) {
            assert!(dict.remove_at(i).is_some());
        }
        // Fewer than half are holes: no compaction, and pushes (which grow the index table)
        // keep every slot.
        assert_eq!(dict.len(), 666);
        for (i, key) in keys.iter().enumerate() {
            dict.push(-1, key.clone(), key.clone());
            for j in (0..1000).filter(|j| j % 3 != 0) {
                assert!(dict.slot_holds(j, &keys[j]), "after {i} pushes");
            }
        }
    }

    #[test]
    fn small_and_empty() {
        assert_eq!(std::mem::size_of::<Dict>(), std::mem::size_of::<usize>());
        let mut dict = Dict::new();
        assert!(dict.table.is_none(), "an empty dict allocates nothing");
        assert!(dict.pop_last().is_none() && dict.remove_at(0).is_none());
        assert!(dict.candidates(0).is_empty() && dict.find(0, |_| true).is_none());
        let key = object(1);
        dict.push(-1, key.clone(), key.clone());
        assert_eq!(dict.find(-1, |_| true), Some(0));
        assert!(dict.remove_at(0).is_some());
        assert!(dict.table.is_some(), "the smallest table is kept for the next key");
        dict.push(i64::MIN, key.clone(), key.clone());
        assert_eq!(dict.find(i64::MIN, |_| true), Some(0));
        assert!(dict.take_all().len() == 1 && dict.table.is_none());
        assert!(dict.copy().table.is_none());
    }
}
