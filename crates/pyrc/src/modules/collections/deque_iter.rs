//! The iterators of `deque` (CPython's `dequeiterobject`): `_deque_iterator` and
//! `_deque_reverse_iterator`, native iterators holding the deque, a position, the deque's
//! mutation counter when they were made, and what is left; a changed counter is
//! "deque mutated during iteration".

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, type_error};
use crate::object::PyRef;
use crate::types::{self, ops};

use super::deque::{iter_class, mutated, this, Deque};
use super::native_iter::{new_iterator, with_state};

/// A deque's iterator: position, the mutation counter it started with, items left.
struct DequeIter {
    deque: PyRef,
    index: usize,
    state: u64,
    remaining: usize,
    reversed: bool,
}

impl crate::object::NativeIter for DequeIter {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.deque);
    }
    fn class(&self) -> Option<PyRef> {
        Some(iter_class(self.reversed))
    }
    fn resume(&self) -> fn(&PyRef) -> Res<Option<PyRef>> {
        iterator_next
    }
    fn methods(&self) -> &'static [MethodDef] {
        &[
            MethodDef { name: "__length_hint__", function: iterator_length_hint },
            MethodDef { name: "__reduce__", function: iterator_reduce },
        ]
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// A new iterator over `object` (whose state is `deque`), from its first item or its last.
pub(super) fn new_deque_iterator(object: &PyRef, deque: &Deque, reversed: bool) -> PyRef {
    let len = deque.len();
    new_iterator(DequeIter {
        deque: object.clone(),
        index: 0,
        state: deque.state.get(),
        remaining: len,
        reversed,
    })
}

pub(super) fn iter(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    Ok(new_deque_iterator(object, deque, false))
}

pub(super) fn reversed(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    Ok(new_deque_iterator(object, deque, true))
}

fn iterator_next(this: &PyRef) -> Res<Option<PyRef>> {
    let step = with_state(this, |it: &mut DequeIter| {
        let deque = crate::object::native_type::state::<Deque>(&it.deque)?;
        if deque.state.get() != it.state {
            it.remaining = 0;
            return Some(Err(()));
        }
        if it.remaining == 0 {
            return None;
        }
        let len = deque.len();
        let at = if it.reversed { len.checked_sub(it.index + 1)? } else { it.index };
        let item = deque.get(at)?;
        it.index += 1;
        it.remaining -= 1;
        Some(Ok(item))
    })?;
    match step {
        Some(Ok(item)) => Ok(Some(item)),
        Some(Err(())) => mutated().map(|_| None),
        None => Ok(None),
    }
}

fn iterator_length_hint(a: Args) -> Res<PyRef> {
    let this = a.receiver();
    let n = with_state(&this, |it: &mut DequeIter| it.remaining)?;
    Ok(rt::int(n as i64))
}

/// `(type(it), (deque, index))`, as CPython's `dequeiter_reduce`.
fn iterator_reduce(a: Args) -> Res<PyRef> {
    let this = a.receiver();
    let (deque, index, reversed) =
        with_state(&this, |it: &mut DequeIter| (it.deque.clone(), it.index, it.reversed))?;
    Ok(rt::tuple(vec![iter_class(reversed), rt::tuple(vec![deque, rt::int(index as i64)])]))
}

/// `_deque_iterator(deque, index=0)`: an iterator from position `index` on.
pub(super) fn iterator_new(a: Args, reversed: bool) -> Res<PyRef> {
    let args = a.positional.get(1..).unwrap_or(&[]);
    let Some(object) = args.first() else {
        return type_error("_deque_iterator() missing required argument 'deque'");
    };
    let Some(deque) = crate::object::native_type::state::<Deque>(object) else {
        return type_error(format!(
            "_deque_iterator() argument 1 must be collections.deque, not {}",
            types::type_name(object)
        ));
    };
    let iterator = new_deque_iterator(object, deque, reversed);
    if let Some(index) = args.get(1) {
        let skip = ops::to_index(index)?.clamp(0, deque.len() as i64) as usize;
        with_state(&iterator, |it: &mut DequeIter| {
            it.index = skip;
            it.remaining = it.remaining.saturating_sub(skip);
        })?;
    }
    Ok(iterator)
}
