use super::*;
use crate::object::{alloc, Kind};
use rcgc::Gc;

/// Seeded xorshift64*.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub(super) fn object(n: i64) -> PyRef {
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

fn same_entry(a: Option<(i64, &PyRef, &PyRef)>, b: Option<&(i64, PyRef, PyRef)>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.0 == b.0 && Gc::ptr_eq(a.1, &b.1) && Gc::ptr_eq(a.2, &b.2),
        _ => false,
    }
}

fn owned(entry: Option<&Entry>) -> Option<(i64, &PyRef, &PyRef)> {
    entry.map(|e| (e.hash, &e.key, &e.value))
}

fn same_slots(a: &[(usize, PyRef)], b: &[(usize, PyRef)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.0 == b.0 && Gc::ptr_eq(&a.1, &b.1))
}

/// The table's internal invariants, and its contents against the oracle.
fn check(dict: &Dict, oracle: &Oracle) {
    assert_eq!(dict.len(), oracle.len);
    assert_eq!(dict.is_empty(), oracle.len == 0);
    let ours: Vec<_> = dict.iter().collect();
    let theirs: Vec<_> = oracle.entries.iter().flatten().collect();
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert!(same_entry(Some(*a), Some(b)), "iteration order differs");
    }
    for slot in 0..oracle.entries.len() + 2 {
        let theirs = oracle.entries.get(slot).and_then(Option::as_ref);
        assert!(same_entry(dict.entry_at(slot), theirs), "slot {slot} differs");
    }
    let Some(table) = dict.table() else {
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
                        assert!(same_entry(owned(ours.as_ref()), theirs.as_ref()));
                    }
                }
                10 => {
                    let slot = rng.below(oracle.entries.len() + 3);
                    let theirs = oracle.remove_at(slot);
                    let ours = dict.remove_at(slot);
                    assert!(same_entry(owned(ours.as_ref()), theirs.as_ref()));
                }
                11 if rng.below(3) == 0 => {
                    let theirs = oracle.pop_last();
                    let ours = dict.pop_last();
                    assert!(same_entry(owned(ours.as_ref()), theirs.as_ref()));
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
                        assert!(same_entry(owned(Some(a)), Some(b)));
                    }
                    assert!(dict.table().is_none());
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
    assert!(matches!(dict.table().unwrap().indices, Indices::I32(_)));
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(dict.find(hash(i as i64), |k| Gc::ptr_eq(k, key)), Some(i));
    }
    // Half the entries go (no compaction yet: slot `i` still holds key `i`).
    for i in (0..n).step_by(2) {
        let slot = i as usize;
        assert_eq!(dict.find(hash(i), |k| Gc::ptr_eq(k, &keys[slot])), Some(slot));
        assert!(same_entry(owned(dict.remove_at(slot).as_ref()), oracle.remove_at(slot).as_ref()));
    }
    check(&dict, &oracle);
    while let Some(entry) = dict.pop_last() {
        assert!(same_entry(owned(Some(&entry)), oracle.pop_last().as_ref()));
        if dict.len().is_multiple_of(5000) {
            check(&dict, &oracle);
        }
    }
    check(&dict, &oracle);
    assert!(dict.table().is_none());
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
    assert!(dict.table().is_none(), "an empty dict allocates nothing");
    assert!(dict.pop_last().is_none() && dict.remove_at(0).is_none());
    assert!(dict.candidates(0).is_empty() && dict.find(0, |_| true).is_none());
    let key = object(1);
    dict.push(-1, key.clone(), key.clone());
    assert_eq!(dict.find(-1, |_| true), Some(0));
    assert!(dict.remove_at(0).is_some());
    assert!(dict.table().is_some(), "the smallest table is kept for the next key");
    dict.push(i64::MIN, key.clone(), key.clone());
    assert_eq!(dict.find(i64::MIN, |_| true), Some(0));
    assert!(dict.take_all().len() == 1 && dict.table().is_none());
    assert!(dict.copy().table().is_none());
}
