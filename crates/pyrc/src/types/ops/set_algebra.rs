//! Set algebra on sets and frozensets: the comparisons (`<=`, `<`, `==`, ...) and the
//! operators `|`, `&`, `-`, `^`.
//!
//! As CPython's `setobject.c`, keys are probed with the hash they are stored with (never
//! rehashed), sizes decide what they can before any probe, and a result made of one operand's
//! keys is filled without probing: its keys are distinct already. Keys are snapshotted before
//! probing, since a key's `__eq__` may change either set.

use crate::compile::ast::BinOp;
use crate::object::dict::Dict;
use crate::object::error::Res;
use crate::object::runtime as rt;
use crate::object::{alloc, Kind, PyRef};

use super::*;

/// The number of keys of a set or frozenset (0 for anything else).
fn set_len(object: &PyRef) -> usize {
    match &object.kind {
        Kind::Set(d) => d.borrow().len(),
        Kind::FrozenSet(d) => d.len(),
        _ => 0,
    }
}

/// The keys of a set or frozenset with their stored hashes, in iteration order.
pub(super) fn hashed_keys(object: &PyRef) -> Vec<(i64, PyRef)> {
    let collect = |d: &Dict| d.iter().map(|(hash, key, _)| (hash, key.clone())).collect();
    match &object.kind {
        Kind::Set(d) => collect(&d.borrow()),
        Kind::FrozenSet(d) => collect(d),
        _ => Vec::new(),
    }
}

fn holds(container: &PyRef, key: &PyRef, hash: i64) -> Res<bool> {
    Ok(dict_find(container, key, hash)?.is_some())
}

/// Runs `f` on the storage of a set or frozenset (`None` for anything else).
fn with_keys<T>(object: &PyRef, f: impl FnOnce(&Dict) -> T) -> Option<T> {
    match &object.kind {
        Kind::Set(d) => Some(f(&d.borrow())),
        Kind::FrozenSet(d) => Some(f(d)),
        _ => None,
    }
}

/// Whether `keys` holds `key`, decided without running Python code: `None` when a key of the
/// same hash needs `__eq__` to be told apart (then the caller takes the general path).
fn probe(keys: &Dict, key: &PyRef, hash: i64) -> Option<bool> {
    find_atomic(keys, key, hash).map(|slot| slot.is_some())
}

/// Whether every key of `a` is in `b` (CPython's `set_issubset`).
fn is_subset(a: &PyRef, b: &PyRef) -> Res<bool> {
    if set_len(a) > set_len(b) {
        return Ok(false);
    }
    // Atomic keys (ints, strs...) are decided with both tables borrowed, nothing copied.
    let quick = with_keys(a, |xs| {
        with_keys(b, |ys| {
            for (hash, key, _) in xs.iter() {
                if !probe(ys, key, hash)? {
                    return Some(false);
                }
            }
            Some(true)
        })
    });
    if let Some(Some(Some(subset))) = quick {
        return Ok(subset);
    }
    for (hash, key) in hashed_keys(a) {
        if !holds(b, &key, hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `a op b` for two sets or frozensets (CPython's `set_richcompare`).
pub(super) fn set_compare(a: &PyRef, b: &PyRef, op: CompareOp) -> Res<bool> {
    let (len_a, len_b) = (set_len(a), set_len(b));
    Ok(match op {
        CompareOp::Eq => len_a == len_b && is_subset(a, b)?,
        CompareOp::Ne => !(len_a == len_b && is_subset(a, b)?),
        CompareOp::Le => is_subset(a, b)?,
        CompareOp::Ge => is_subset(b, a)?,
        CompareOp::Lt => len_a < len_b && is_subset(a, b)?,
        CompareOp::Gt => len_a > len_b && is_subset(b, a)?,
    })
}

/// A set (or frozenset, when `frozen`) of keys known to be distinct.
fn from_distinct(keys: Dict, frozen: bool) -> PyRef {
    alloc(if frozen { Kind::FrozenSet(keys) } else { Kind::set(keys) })
}

/// The keys of `from` that are (`wanted`) or are not in `other`, appended to `into`.
fn filter_into(into: &mut Dict, from: &PyRef, other: &PyRef, wanted: bool) -> Res<()> {
    let quick = with_keys(from, |xs| {
        with_keys(other, |ys| {
            let mut kept = Dict::new();
            for (hash, key, _) in xs.iter() {
                if probe(ys, key, hash)? == wanted {
                    kept.push(hash, key.clone(), rt::none());
                }
            }
            Some(kept)
        })
    });
    if let Some(Some(Some(kept))) = quick {
        if into.is_empty() {
            *into = kept;
            return Ok(());
        }
        for (hash, key, _) in kept.iter() {
            into.push(hash, key.clone(), rt::none());
        }
        return Ok(());
    }
    for (hash, key) in hashed_keys(from) {
        if holds(other, &key, hash)? == wanted {
            into.push(hash, key, rt::none());
        }
    }
    Ok(())
}

/// The keys of `from` that are (`wanted`) or are not in `other`, as a new table.
fn filtered(from: &PyRef, other: &PyRef, wanted: bool) -> Res<Dict> {
    let mut kept = Dict::new();
    filter_into(&mut kept, from, other, wanted)?;
    Ok(kept)
}

/// `a op b` for two sets or frozensets; the result is a frozenset when `a` is one.
pub(super) fn set_binary(op: BinOp, a: &PyRef, b: &PyRef) -> Res<PyRef> {
    let frozen = matches!(a.kind, Kind::FrozenSet(_));
    Ok(match op {
        BinOp::BitOr => {
            // `b`'s keys that `a` lacks are distinct from `a`'s and from one another.
            let mut result = match &a.kind {
                Kind::Set(d) => d.borrow().copy(),
                Kind::FrozenSet(d) => d.copy(),
                _ => Dict::new(),
            };
            filter_into(&mut result, b, a, false)?;
            from_distinct(result, frozen)
        }
        // The smaller operand is walked, as CPython's `set_intersection` does.
        BinOp::BitAnd if set_len(b) < set_len(a) => from_distinct(filtered(b, a, true)?, frozen),
        BinOp::BitAnd => from_distinct(filtered(a, b, true)?, frozen),
        BinOp::Sub => from_distinct(filtered(a, b, false)?, frozen),
        _ => {
            let mut keys = filtered(a, b, false)?;
            filter_into(&mut keys, b, a, false)?;
            from_distinct(keys, frozen)
        }
    })
}
