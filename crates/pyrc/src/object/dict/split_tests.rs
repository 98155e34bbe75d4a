//! The split form against an independent oracle: several dicts sharing one keys object,
//! operated on in random interleavings, each compared after every step with an association
//! list, and its form (split or combined) with what the rules (`split`'s docs) predict.

use std::rc::Rc;

use rcgc::Gc;

use super::tests::{object, Rng};
use super::*;
use crate::object::Kind;

/// A key the test can use: `str`s (several objects of equal text for some), and `int`s.
struct Key {
    hash: i64,
    /// Equal keys (distinct objects for the same `str`).
    objects: Vec<PyRef>,
    is_str: bool,
}

/// Python equality for the test's keys (a `str` equals a `str` of the same text).
fn key_eq(a: &PyRef, b: &PyRef) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Str(..), Kind::Str(..)) => crate::object::text_of(a) == crate::object::text_of(b),
        (Kind::Int(a), Kind::Int(b)) => a == b,
        _ => false,
    }
}

fn str_key(text: &str) -> PyRef {
    crate::object::runtime::str(text)
}

fn keys() -> Vec<Key> {
    let mut keys: Vec<Key> = (0..36)
        .map(|i| {
            let text = format!("attr{i}");
            // Every fourth key collides with the others of its kind (hash 7).
            let hash = if i % 4 == 0 { 7 } else { str_hash(&text) };
            Key { hash, objects: vec![str_key(&text), str_key(&text)], is_str: true }
        })
        .collect();
    for i in 0..4 {
        keys.push(Key {
            hash: if i == 0 { 7 } else { i },
            objects: vec![object(i)],
            is_str: false,
        });
    }
    keys
}

/// One dict under test and what it should hold.
struct Case {
    dict: Dict,
    /// (key number, value) in insertion order.
    oracle: Vec<(usize, PyRef)>,
    split: bool,
}

/// What the rules say about adding key `k` to a split dict holding `case.oracle`.
fn stays_split(case: &Case, shared: &mut Vec<usize>, keys: &[Key], k: usize) -> bool {
    if !keys[k].is_str {
        return false;
    }
    let index_of = |k: usize, shared: &[usize]| shared.iter().position(|&s| s == k);
    let last = case.oracle.iter().map(|(k, _)| index_of(*k, shared).expect("shared")).max();
    match index_of(k, shared) {
        Some(index) => last.is_none_or(|last| index > last),
        None if shared.len() < SHARED_KEYS_MAX => {
            shared.push(k);
            true
        }
        None => false,
    }
}

fn check(case: &Case, shared_keys: &Rc<SharedKeys>, keys: &[Key]) {
    let dict = &case.dict;
    assert_eq!(dict.is_split(), case.split, "form");
    assert_eq!(dict.shared_keys().is_some_and(|s| Rc::ptr_eq(s, shared_keys)), case.split);
    assert_eq!(dict.len(), case.oracle.len());
    assert_eq!(dict.is_empty(), case.oracle.is_empty());
    let ours: Vec<(i64, PyRef, PyRef)> =
        dict.iter().map(|(h, k, v)| (h, k.clone(), v.clone())).collect();
    assert_eq!(ours.len(), case.oracle.len());
    for ((hash, key, value), (k, theirs)) in ours.iter().zip(&case.oracle) {
        assert_eq!(*hash, keys[*k].hash);
        assert!(key_eq(key, &keys[*k].objects[0]), "iteration order");
        assert!(Gc::ptr_eq(value, theirs));
    }
    assert_eq!(dict.keys().len(), case.oracle.len());
    for (k, value) in &case.oracle {
        let key = &keys[*k];
        let slot = dict.find(key.hash, |c| key_eq(c, &key.objects[0])).expect("present");
        assert!(Gc::ptr_eq(&dict.value_at(slot).unwrap(), value));
        let (hash, held, _) = dict.entry_at(slot).unwrap();
        assert!(hash == key.hash && dict.slot_holds(slot, held));
        let candidates = dict.candidates(key.hash);
        assert!(candidates.iter().any(|(s, c)| *s == slot && Gc::ptr_eq(c, held)));
        // Candidates are exactly the present keys of that hash.
        let same_hash = case.oracle.iter().filter(|(o, _)| keys[*o].hash == key.hash).count();
        assert_eq!(candidates.len(), same_hash);
    }
}

#[test]
fn split_dicts_match_the_oracle() {
    // Keys added to split dicts that stayed split, and conversions, over all seeds.
    let (mut kept, mut converted, mut full) = (0, 0, 0);
    for seed in 1..=60u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let keys = keys();
        // Few keys for some seeds (dicts stay split longer), all of them for others.
        let pool = [4, 8, 40][seed as usize % 3];
        let shared_keys = SharedKeys::new();
        // The model of the shared keys: key numbers in index order.
        let mut shared: Vec<usize> = Vec::new();
        let mut cases: Vec<Case> = (0..3)
            .map(|_| Case {
                dict: Dict::new_split(shared_keys.clone()),
                oracle: Vec::new(),
                split: true,
            })
            .collect();
        for step in 0..2000 {
            let which = rng.below(cases.len());
            let k = rng.below(pool);
            let key = &keys[k];
            let object = key.objects[rng.below(key.objects.len())].clone();
            let case = &mut cases[which];
            let position = case.oracle.iter().position(|(o, _)| *o == k);
            let slot = case.dict.find(key.hash, |c| key_eq(c, &object));
            assert_eq!(slot.is_some(), position.is_some());
            match rng.below(20) {
                // Set.
                0..=8 => {
                    let value = object_value(step);
                    match (slot, position) {
                        (Some(slot), Some(position)) => {
                            let old = case.dict.replace_value(slot, value.clone()).unwrap();
                            let theirs = std::mem::replace(&mut case.oracle[position].1, value);
                            assert!(Gc::ptr_eq(&old, &theirs));
                        }
                        _ => {
                            if case.split {
                                if stays_split(case, &mut shared, &keys, k) {
                                    kept += 1;
                                } else {
                                    converted += 1;
                                    full += (shared.len() == SHARED_KEYS_MAX) as usize;
                                    case.split = false;
                                }
                            }
                            case.dict.push(key.hash, object, value.clone());
                            case.oracle.push((k, value));
                        }
                    }
                }
                // Delete.
                9..=12 => {
                    if let (Some(slot), Some(position)) = (slot, position) {
                        let entry = case.dict.remove_at(slot).unwrap();
                        let (_, theirs) = case.oracle.remove(position);
                        assert!(Gc::ptr_eq(&entry.value, &theirs));
                        assert!(key_eq(&entry.key, &object) && entry.hash == key.hash);
                    }
                }
                13 => {
                    let entry = case.dict.pop_last();
                    let theirs = case.oracle.pop();
                    assert_eq!(entry.is_some(), theirs.is_some());
                    if let (Some(entry), Some((k, value))) = (entry, theirs) {
                        assert!(key_eq(&entry.key, &keys[k].objects[0]));
                        assert!(Gc::ptr_eq(&entry.value, &value));
                    }
                }
                14 if rng.below(8) == 0 => {
                    let entries = case.dict.take_all();
                    assert_eq!(entries.len(), case.oracle.len());
                    for (entry, (k, value)) in entries.iter().zip(&case.oracle) {
                        assert!(key_eq(&entry.key, &keys[*k].objects[0]));
                        assert!(Gc::ptr_eq(&entry.value, value));
                    }
                    case.oracle.clear();
                    case.split = false;
                }
                15 => {
                    // A copy is combined, same contents; it replaces the dict now and then.
                    let copy =
                        Case { dict: case.dict.copy(), oracle: case.oracle.clone(), split: false };
                    check(&copy, &shared_keys, &keys);
                    if rng.below(6) == 0 {
                        *case = copy;
                    }
                }
                16 if rng.below(4) == 0 => {
                    // A new instance's dict over the current keys.
                    let dict = Dict::new_split(shared_keys.clone());
                    cases.push(Case { dict, oracle: Vec::new(), split: true });
                    if cases.len() > 6 {
                        cases.remove(rng.below(cases.len()));
                    }
                }
                17 => {
                    // A key never seen by this dict, and absent keys in any form.
                    assert!(case.dict.find(99, |_| true).is_none());
                    for slot in 0..SHARED_KEYS_MAX + 2 {
                        if case.dict.entry_at(slot).is_none() {
                            assert!(case.dict.value_at(slot).is_none());
                            assert!(case.dict.replace_value(slot, object_value(0)).is_none());
                            assert!(case.dict.remove_at(slot).is_none());
                        }
                    }
                }
                _ => {}
            }
            check(&cases[which.min(cases.len() - 1)], &shared_keys, &keys);
            if step % 50 == 0 {
                for case in &cases {
                    check(case, &shared_keys, &keys);
                }
            }
            // The shared keys are the model's, in order, and never more than the cap.
            assert_eq!(shared_keys.len(), shared.len());
            for (index, k) in shared.iter().enumerate() {
                let (hash, key) = shared_keys.key(index).unwrap();
                assert!(*hash == keys[*k].hash && key_eq(key, &keys[*k].objects[0]));
            }
        }
    }
    // The runs exercised both outcomes, including the cap on shared keys.
    assert!(kept > 1000 && converted > 100 && full > 10, "{kept} {converted} {full}");
}

fn object_value(n: usize) -> PyRef {
    object(n as i64 + 1000)
}

/// Slots of a split dict are its keys' indices: stable while other keys come and go, and a
/// conversion to the combined form keeps contents and order.
#[test]
fn split_slots_and_conversion() {
    let keys = SharedKeys::new();
    let (a, b, c) = (str_key("a"), str_key("b"), str_key("c"));
    let mut first = Dict::new_split(keys.clone());
    let mut second = Dict::new_split(keys.clone());
    first.push(str_hash("a"), a.clone(), object(1));
    first.push(str_hash("b"), b.clone(), object(2));
    // The second dict may skip `a`: `b` comes after everything it holds.
    second.push(str_hash("b"), str_key("b"), object(3));
    assert!(second.is_split() && second.find(str_hash("b"), |k| Gc::ptr_eq(k, &b)) == Some(1));
    second.push(str_hash("c"), c.clone(), object(4));
    assert_eq!(keys.len(), 3);
    assert_eq!(first.find(str_hash("b"), |_| true), Some(1));
    assert!(first.remove_at(0).is_some());
    assert!(first.slot_holds(1, &b) && first.is_split());
    // `a` again, now after `b`: the order would break, so the dict combines.
    first.push(str_hash("a"), str_key("a"), object(5));
    assert!(!first.is_split());
    let items: Vec<i64> = first
        .values()
        .iter()
        .map(|v| match &v.kind {
            Kind::Int(i) => i.to_i64().unwrap(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(items, [2, 5]);
    // A non-`str` key combines too.
    second.push(1, object(1), object(6));
    assert!(!second.is_split() && second.len() == 3);
    assert_eq!(std::mem::size_of::<Dict>(), std::mem::size_of::<usize>());
}
