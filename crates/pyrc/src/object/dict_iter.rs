//! The live iterators of dicts, sets and frozensets (CPython's `dictiterobject` and
//! `setiterobject`): an iterator keeps its container and a slot position, never a copy of
//! the keys, so it sees later changes of values, and a change of size between two steps is
//! CPython's `RuntimeError` ("dictionary changed size during iteration"). A dict whose keys
//! changed under an unchanged size is caught by counting what is left to give ("dictionary
//! keys changed during iteration"), as CPython's `di->len`.

use crate::object::class::BuiltinType;
use crate::object::dict::Dict;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise};
use crate::object::{Kind, PyRef};

/// What an iterator gives of each entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DictIterKind {
    /// A dict's keys (`iter(d)`, `iter(d.keys())`).
    Keys,
    /// A dict's values.
    Values,
    /// A dict's `(key, value)` pairs.
    Items,
    /// A set's or frozenset's keys.
    SetKeys,
}

/// The state of a dict or set iterator (`Iter::Dict`).
#[derive(Clone)]
pub struct DictIter {
    /// The dict, set or frozenset; `None` once exhausted (the iterator lets it go, as
    /// CPython's does, so an exhausted iterator keeps nothing alive).
    pub container: Option<PyRef>,
    pub kind: DictIterKind,
    /// Walking from the last entry back (`reversed(d)`).
    pub reversed: bool,
    /// The next slot to look at, or (reversed) one past it.
    pub pos: usize,
    /// The container's size when the iterator was made; `None` once a size change was
    /// reported, so that every later step reports it again (CPython's sticky `di_used = -1`).
    pub used: Option<usize>,
    /// Entries left to give (CPython's `di->len`).
    pub remaining: usize,
}

/// Runs `f` on the storage of a dict, set or frozenset (`None` for anything else).
fn with_storage<T>(container: &PyRef, f: impl FnOnce(&Dict) -> T) -> Option<T> {
    match &container.kind {
        Kind::Dict(cell) | Kind::Set(cell) => Some(f(&cell.borrow())),
        Kind::FrozenSet(dict) => Some(f(dict)),
        _ => None,
    }
}

impl DictIter {
    /// An iterator over `container` (a dict, set or frozenset object) from its first entry,
    /// or from its last when `reversed`.
    pub fn new(container: &PyRef, kind: DictIterKind, reversed: bool) -> DictIter {
        let (len, end) = with_storage(container, |d| (d.len(), d.slot_end())).unwrap_or((0, 0));
        DictIter {
            container: Some(container.clone()),
            kind,
            reversed,
            pos: if reversed { end } else { 0 },
            used: Some(len),
            remaining: len,
        }
    }

    /// The built-in type of the iterator (`dict_keyiterator`, `set_iterator`...).
    pub fn builtin_type(&self) -> BuiltinType {
        match (self.kind, self.reversed) {
            (DictIterKind::Keys, false) => BuiltinType::DictKeyIterator,
            (DictIterKind::Values, false) => BuiltinType::DictValueIterator,
            (DictIterKind::Items, false) => BuiltinType::DictItemIterator,
            (DictIterKind::Keys, true) => BuiltinType::DictReverseKeyIterator,
            (DictIterKind::Values, true) => BuiltinType::DictReverseValueIterator,
            (DictIterKind::Items, true) => BuiltinType::DictReverseItemIterator,
            (DictIterKind::SetKeys, _) => BuiltinType::SetIterator,
        }
    }

    /// `__length_hint__`: what is left, or 0 once the size changed or the end was reached.
    pub fn length_hint(&self) -> usize {
        let Some(container) = &self.container else { return 0 };
        let len = with_storage(container, Dict::len).unwrap_or(0);
        if self.used == Some(len) {
            self.remaining
        } else {
            0
        }
    }

    /// The next item: `Ok(None)` at the end; an error when the container changed size (or,
    /// for a dict walked forwards, its keys) since the iterator was made.
    // Inlined into `ops::next`, the loop's step: a call of its own costs a tenth of a step.
    #[inline(always)]
    pub fn step(&mut self) -> Res<Option<PyRef>> {
        let Some(container) = &self.container else { return Ok(None) };
        let mut borrowed = None;
        let dict: &Dict = match &container.kind {
            Kind::Dict(cell) | Kind::Set(cell) => borrowed.insert(cell.borrow()),
            Kind::FrozenSet(dict) => dict,
            _ => return Ok(None),
        };
        let (len, entry) = dict.walk_step(self.pos, self.reversed);
        if self.used != Some(len) {
            drop(borrowed);
            return self.size_changed();
        }
        let Some((slot, _, key, value)) = entry else {
            drop(borrowed);
            self.container = None;
            return Ok(None);
        };
        if self.remaining == 0 {
            drop(borrowed);
            return self.keys_changed();
        }
        self.pos = if self.reversed { slot } else { slot + 1 };
        self.remaining -= 1;
        match self.kind {
            DictIterKind::Keys | DictIterKind::SetKeys => Ok(Some(key.clone())),
            DictIterKind::Values => Ok(Some(value.clone())),
            DictIterKind::Items => {
                let (key, value) = (key.clone(), value.clone());
                // The pair is made after the borrow: an allocation may collect, and a
                // finalizer may change the dict.
                drop(borrowed);
                Ok(Some(rt::tuple(vec![key, value])))
            }
        }
    }

    /// The container's size changed: an error now and at every later step.
    #[cold]
    fn size_changed(&mut self) -> Res<Option<PyRef>> {
        self.used = None;
        let what = if self.kind == DictIterKind::SetKeys { "Set" } else { "dictionary" };
        raise(ExcKind::RuntimeError, format!("{what} changed size during iteration"))
    }

    /// An entry past the count the iterator started with: keys were removed and added.
    #[cold]
    fn keys_changed(&mut self) -> Res<Option<PyRef>> {
        self.container = None;
        if self.kind == DictIterKind::SetKeys {
            // CPython's set iterator counts no keys; ending here keeps a loop that swaps keys
            // at an unchanged size from running for ever.
            return Ok(None);
        }
        raise(ExcKind::RuntimeError, "dictionary keys changed during iteration")
    }

    /// Visits the container.
    pub fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Some(container) = &self.container {
            visitor.visit(container);
        }
    }
}
