//! Plumbing for iterators defined by modules written in Rust (`itertools`, `_string`): making
//! one, and reaching its state (`object::NativeIter`) between the Python calls its `next`
//! makes.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::raise;
use crate::object::{alloc, Iter, Kind, NativeIter, PyRef};

/// A new iterator object holding `state`.
pub(crate) fn new_iterator(state: impl NativeIter) -> PyRef {
    alloc(Kind::iterator(Iter::Native(Box::new(state))))
}

/// Runs `change` on the state of `this` (an iterator holding a `T`), borrowed only for that
/// time: callers never call Python code inside `change`. An object of another kind or state
/// is a `SystemError`; a state already borrowed (which no caller allows) a `RuntimeError`.
pub(crate) fn with_state<T: 'static, R>(this: &PyRef, change: impl FnOnce(&mut T) -> R) -> Res<R> {
    let Kind::Iterator(cell) = &this.kind else {
        return raise(ExcKind::SystemError, "not a native iterator");
    };
    let Ok(mut state) = cell.try_borrow_mut() else {
        return raise(ExcKind::RuntimeError, "iterator already executing");
    };
    match &mut *state {
        Iter::Native(native) => match native.as_any_mut().downcast_mut::<T>() {
            Some(state) => Ok(change(state)),
            None => raise(ExcKind::SystemError, "unexpected native iterator state"),
        },
        _ => raise(ExcKind::SystemError, "not a native iterator"),
    }
}

/// Visits each handle of `refs`.
pub(crate) fn visit_all<'a>(
    visitor: &mut rcgc::Visitor,
    refs: impl IntoIterator<Item = &'a PyRef>,
) {
    for r in refs {
        visitor.visit(r);
    }
}
