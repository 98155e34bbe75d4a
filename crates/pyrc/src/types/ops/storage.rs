//! Dict and set storage driven with Python equality: finding keys runs `__eq__` with the table unborrowed.

use rcgc::Gc;

use crate::object::dict::Dict;
use crate::object::error::Res;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};

use super::*;

pub(super) fn dict_cell(object: &PyRef) -> Option<&std::cell::RefCell<Dict>> {
    match &object.kind {
        Kind::Dict(d) | Kind::Set(d) => Some(d),
        _ => None,
    }
}

/// `key`'s slot in `keys` (`hash` its hash), decided without running Python code: `None`
/// when a key of the same hash needs Python's `__eq__` to be told apart from it.
pub(super) fn find_atomic(keys: &Dict, key: &PyRef, hash: i64) -> Option<Option<usize>> {
    let mut undecided = false;
    let found = keys.find(hash, |k| {
        Gc::ptr_eq(k, key)
            || fast_eq(k, key).unwrap_or_else(|| {
                undecided = true;
                false
            })
    });
    match found {
        None if undecided => None,
        found => Some(found),
    }
}

/// Finds `key`'s slot in a dict/set object, comparing with Python equality.
pub(super) fn dict_find(object: &PyRef, key: &PyRef, hash: i64) -> Res<Option<usize>> {
    let read = |f: &dyn Fn(&Dict) -> Option<usize>| -> Option<usize> {
        match &object.kind {
            Kind::Dict(d) | Kind::Set(d) => f(&d.borrow()),
            Kind::FrozenSet(d) => f(d),
            _ => None,
        }
    };
    let atomic = match &object.kind {
        Kind::Dict(d) | Kind::Set(d) => find_atomic(&d.borrow(), key, hash),
        Kind::FrozenSet(d) => find_atomic(d, key, hash),
        _ => Some(None),
    };
    if let Some(found) = atomic {
        return Ok(found);
    }
    // `__eq__` may change the dict. When an equal candidate has left its slot meanwhile, the
    // search starts again on the dict as it now is (CPython's lookdict restarts too); bounded,
    // so that an `__eq__` that always moves the entry cannot make the lookup spin forever.
    for _ in 0..MAX_LOOKUP_RESTARTS {
        let candidates = match &object.kind {
            Kind::Dict(d) | Kind::Set(d) => d.borrow().candidates(hash),
            Kind::FrozenSet(d) => d.candidates(hash),
            _ => Vec::new(),
        };
        let mut moved = false;
        for (slot, candidate) in candidates {
            if fast_eq(&candidate, key).is_some() {
                continue; // already decided above
            }
            if eq(&candidate, key)? {
                if read(&|d| d.slot_holds(slot, &candidate).then_some(slot)).is_some() {
                    return Ok(Some(slot));
                }
                moved = true;
                break;
            }
        }
        if !moved {
            return Ok(None);
        }
    }
    Ok(None)
}

/// `d[key]` for a dict object and a str or small-int key, decided without running Python
/// code (CPython's `BINARY_SUBSCR_DICT` fast case): `None` when absent or when telling a key
/// of the same hash apart would need `__eq__` (the general path decides then).
pub fn dict_item_atomic(object: &PyRef, key: &PyRef) -> Option<PyRef> {
    let Kind::Dict(d) = &object.kind else { return None };
    let hash = match &key.kind {
        Kind::Str(cache, _) => {
            crate::object::dict::cached_str_hash(crate::object::text_of(key), cache)
        }
        Kind::Int(int @ crate::object::int::Int::Small(_)) => int_value_hash(int),
        _ => return None,
    };
    let d = d.try_borrow().ok()?;
    d.value_at(find_atomic(&d, key, hash)??)
}

/// How many times a lookup starts again because `__eq__` moved the entry it matched.
const MAX_LOOKUP_RESTARTS: usize = 100;

/// `d[key]` for a dict object, or `None` when absent.
pub fn dict_get(object: &PyRef, key: &PyRef) -> Res<Option<PyRef>> {
    let hash = hash(key)?;
    Ok(match dict_find(object, key, hash)? {
        Some(slot) => match &object.kind {
            Kind::Dict(d) | Kind::Set(d) => d.borrow().value_at(slot),
            Kind::FrozenSet(d) => d.value_at(slot),
            _ => None,
        },
        None => None,
    })
}

/// `d[key] = value`.
pub fn dict_set(object: &PyRef, key: PyRef, value: PyRef) -> Res<()> {
    let hash = hash(&key)?;
    let slot = dict_find(object, &key, hash)?;
    let Some(cell) = dict_cell(object) else {
        return type_error("object does not support item assignment");
    };
    if matches!(object.kind, Kind::Dict(_)) {
        crate::object::track_dict_for(object, &key);
        crate::object::track_dict_for(object, &value);
    }
    let old = match slot {
        Some(slot) => cell.borrow_mut().replace_value(slot, value),
        None => {
            cell.borrow_mut().push(hash, key, value);
            None
        }
    };
    drop(old);
    Ok(())
}

/// `del d[key]`; returns the removed value, `None` if absent.
pub fn dict_remove(object: &PyRef, key: &PyRef) -> Res<Option<PyRef>> {
    let hash = hash(key)?;
    let Some(slot) = dict_find(object, key, hash)? else { return Ok(None) };
    let Some(cell) = dict_cell(object) else { return Ok(None) };
    let entry = cell.borrow_mut().remove_at(slot);
    Ok(entry.map(|e| e.value))
}

/// A new dict object from pairs.
pub fn dict_from(pairs: Vec<(PyRef, PyRef)>) -> Res<PyRef> {
    let object = rt::new_dict();
    for (k, v) in pairs {
        dict_set(&object, k, v)?;
    }
    Ok(object)
}

/// A new set object from items.
pub fn set_from(items: Vec<PyRef>) -> Res<PyRef> {
    let object = alloc(Kind::set(Dict::new()));
    for item in items {
        dict_set(&object, item, rt::none())?;
    }
    Ok(object)
}
