//! The interpreter's fast paths for numbers and indexing (CPython 3.11's specialised
//! `BINARY_OP_*_INT`/`_FLOAT`, `COMPARE_OP_*`, `BINARY_SUBSCR_LIST_INT`, and 3.12's
//! `FOR_ITER_RANGE`): each decides in the instruction, without the general protocol, or
//! hands its operands back for the general path.

use crate::compile::ast;
use crate::object::runtime as rt;
use crate::object::{alloc, Iter, Kind, PyRef};
use crate::types::ops;

/// `left op right` for two small ints or two floats, when the result needs no error check
/// (CPython 3.11's specialised `BINARY_OP_ADD_INT`...). The result goes into an operand's own
/// object when the stack held its only reference (a temporary such as `dx * dx` in
/// `dx * dx + dy * dy`): no allocation, no deallocation. `Err` gives the operands back for
/// the general path.
#[inline(always)]
pub(super) fn fast_binary(
    op: ast::BinOp,
    left: PyRef,
    right: PyRef,
) -> Result<PyRef, (PyRef, PyRef)> {
    use crate::object::int::Int;
    let result = match (&left.kind, &right.kind) {
        // `int / int` is exact in floats while both fit 53 bits (CPython's `long_true_divide`
        // takes the same shortcut); beyond that, or by zero, the general path.
        (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) if op == ast::BinOp::Div => {
            const EXACT: u64 = 1 << 53;
            if *y == 0 || x.unsigned_abs() > EXACT || y.unsigned_abs() > EXACT {
                return Err((left, right));
            }
            Number::Float(*x as f64 / *y as f64)
        }
        (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => {
            match crate::object::int::small_binary(op, *x, *y) {
                Some(value) => Number::Int(value),
                None => return Err((left, right)),
            }
        }
        (Kind::Float(x), Kind::Float(y)) => match float_binary(op, *x, *y) {
            Some(value) => Number::Float(value),
            None => return Err((left, right)),
        },
        // Mixed operands: the int converts to a float first, as `float.__add__` does.
        (Kind::Float(x), Kind::Int(Int::Small(y))) => match float_binary(op, *x, *y as f64) {
            Some(value) => Number::Float(value),
            None => return Err((left, right)),
        },
        (Kind::Int(Int::Small(x)), Kind::Float(y)) => match float_binary(op, *x as f64, *y) {
            Some(value) => Number::Float(value),
            None => return Err((left, right)),
        },
        _ => return Err((left, right)),
    };
    // An object `ctypes.pythonapi._Py_Dealloc` deallocated raises instead.
    if left.is_deallocated() || right.is_deallocated() {
        return Err((left, right));
    }
    if let Number::Int(value) = result {
        if rt::is_small_int(value) {
            // The shared immortal objects.
            return Ok(rt::int(value));
        }
    }
    let (mut first, mut second) = (left, right);
    if reuse(&mut first, result) {
        return Ok(first);
    }
    if reuse(&mut second, result) {
        return Ok(second);
    }
    Ok(alloc(match result {
        Number::Int(value) => Kind::Int(Int::Small(value)),
        Number::Float(value) => Kind::Float(value),
    }))
}

/// Before `left op right` whose result the next instruction stores into the local that
/// holds `left` (`i += 1`, `total = total + x`): drops the local's reference, so that when
/// the stack held the only other one the result goes into `left`'s own object (as for a
/// temporary) instead of a new one. Returns the slot, which the caller binds to `left`
/// again if the general path must run: nothing can observe the slot in between, and no
/// finalizer runs (the popped `left` keeps the object alive).
#[inline(always)]
pub(super) fn release_store_target(
    code: &crate::compile::code::Code,
    pc: u32,
    fast: &mut [Option<PyRef>],
    left: &PyRef,
) -> Option<usize> {
    let Some(&crate::compile::code::Instr::StoreFast(slot)) = code.instrs.get(pc as usize) else {
        return None;
    };
    let slot = slot as usize;
    if !matches!(left.kind, Kind::Int(_) | Kind::Float(_)) {
        return None;
    }
    match &fast[slot] {
        Some(held) if rcgc::Gc::ptr_eq(held, left) => {
            drop(fast[slot].take());
            Some(slot)
        }
        _ => None,
    }
}

/// `sequence[i]` for a list or tuple and an int index in range (CPython's
/// `BINARY_SUBSCR_LIST_INT`), or `d[key]` for a dict and a str or int key it holds;
/// `None`: the general path (which raises the errors).
#[inline(always)]
pub(super) fn item_fast(object: &PyRef, index: &PyRef) -> Option<PyRef> {
    if let Kind::Dict(_) = object.kind {
        return ops::dict_item_atomic(object, index);
    }
    let Kind::Int(crate::object::int::Int::Small(i)) = index.kind else { return None };
    let at = |len: usize| -> Option<usize> {
        let i = if i < 0 { i.checked_add(len as i64)? } else { i };
        usize::try_from(i).ok().filter(|i| *i < len)
    };
    match &object.kind {
        Kind::List(items) => {
            let items = items.try_borrow().ok()?;
            Some(items[at(items.len())?].clone())
        }
        Kind::Tuple(items) => Some(items[at(items.len())?].clone()),
        Kind::Bytes(bytes) => Some(rt::int(i64::from(bytes[at(bytes.len())?]))),
        _ => None,
    }
}

/// `list[i] = value` for an int index in range (CPython's `STORE_SUBSCR_LIST_INT`); the value
/// back when the general path must run. The old item is dropped after the list is released
/// (its finalizer may use the list).
#[inline(always)]
pub(super) fn store_item_fast(object: &PyRef, index: &PyRef, value: PyRef) -> Result<(), PyRef> {
    let (Kind::List(items), Kind::Int(crate::object::int::Int::Small(i))) =
        (&object.kind, &index.kind)
    else {
        return Err(value);
    };
    let Ok(mut items) = items.try_borrow_mut() else { return Err(value) };
    let len = items.len() as i64;
    let i = if *i < 0 { i + len } else { *i };
    if !(0..len).contains(&i) {
        return Err(value);
    }
    let old = std::mem::replace(&mut items[i as usize], value);
    drop(items);
    drop(old);
    Ok(())
}

/// `x op y` on floats where it is one machine operation (`None`: the general path, which
/// raises for a zero divisor and knows the other operators).
#[inline(always)]
fn float_binary(op: ast::BinOp, x: f64, y: f64) -> Option<f64> {
    match op {
        ast::BinOp::Add => Some(x + y),
        ast::BinOp::Sub => Some(x - y),
        ast::BinOp::Mult => Some(x * y),
        ast::BinOp::Div if y != 0.0 => Some(x / y),
        // A positive finite base to a finite power is the C library's `pow`, as in
        // `float_pow`; a result out of range raises there (OverflowError).
        ast::BinOp::Pow if x > 0.0 && x.is_finite() && y.is_finite() => {
            Some(x.powf(y)).filter(|r| r.is_finite())
        }
        _ => None,
    }
}

/// A fast path's result.
#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    Float(f64),
}

/// Stores `value` into `object` if the caller holds its only reference.
#[inline(always)]
fn reuse(object: &mut PyRef, value: Number) -> bool {
    if rcgc::Gc::strong_count(object) != 1 {
        return false;
    }
    let Some(mut only) = rcgc::Gc::get_mut(object) else { return false };
    match (&mut only.kind, value) {
        (Kind::Float(slot), Number::Float(v)) => *slot = v,
        (Kind::Int(slot @ crate::object::int::Int::Small(_)), Number::Int(v)) => {
            *slot = crate::object::int::Int::Small(v)
        }
        _ => return false,
    }
    true
}

/// `op value` for a small int, a float or a bool (`not`).
#[inline(always)]
pub(super) fn fast_unary(op: ast::UnaryOp, value: &PyRef) -> Option<PyRef> {
    use crate::object::int::Int;
    if value.is_deallocated() {
        return None;
    }
    Some(match (op, &value.kind) {
        (ast::UnaryOp::Not, Kind::Bool(b)) => rt::boolean(!b),
        (ast::UnaryOp::Not, Kind::None) => rt::boolean(true),
        (ast::UnaryOp::Not, Kind::Int(Int::Small(v))) => rt::boolean(*v == 0),
        (ast::UnaryOp::USub, Kind::Int(Int::Small(v))) => rt::int(v.checked_neg()?),
        (ast::UnaryOp::Invert, Kind::Int(Int::Small(v))) => rt::int(!v),
        (ast::UnaryOp::USub, Kind::Float(f)) => rt::float(-f),
        _ => return None,
    })
}

/// `left op right` for two small ints or two floats.
#[inline(always)]
pub(super) fn fast_compare(op: ast::CmpOp, left: &PyRef, right: &PyRef) -> Option<bool> {
    use crate::object::int::Int;
    use std::cmp::Ordering;
    let ordering = match (&left.kind, &right.kind) {
        (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => x.cmp(y),
        (Kind::Float(x), Kind::Float(y)) => x.partial_cmp(y)?,
        _ => return None,
    };
    if left.is_deallocated() || right.is_deallocated() {
        return None;
    }
    Some(match op {
        ast::CmpOp::Eq => ordering == Ordering::Equal,
        ast::CmpOp::NotEq => ordering != Ordering::Equal,
        ast::CmpOp::Lt => ordering == Ordering::Less,
        ast::CmpOp::LtE => ordering != Ordering::Greater,
        ast::CmpOp::Gt => ordering == Ordering::Greater,
        ast::CmpOp::GtE => ordering != Ordering::Less,
        _ => return None,
    })
}

/// `ForIter` directly followed by `StoreFast` over a range iterator whose items fit an `i64`
/// (CPython 3.12's `FOR_ITER_RANGE`): the next item goes into `local`, written into the int
/// object the local holds when nothing else references it, so a counting loop allocates
/// nothing per step. `None`: not such an iterator (the general path runs); `Some(false)`:
/// exhausted, nothing stored.
#[inline(always)]
pub(super) fn range_step_into(iterator: &PyRef, local: &mut Option<PyRef>) -> Option<bool> {
    let Kind::Iterator(state) = &iterator.kind else { return None };
    let value = {
        let mut state = state.try_borrow_mut().ok()?;
        let Iter::SmallRange { next, step, remaining } = &mut *state else { return None };
        match crate::object::small_range_next(next, *step, remaining) {
            Some(value) => value,
            None => return Some(false),
        }
    };
    if !rt::is_small_int(value) {
        if let Some(held) = local {
            if !held.is_deallocated() && reuse(held, Number::Int(value)) {
                return Some(true);
            }
        }
    }
    let old = local.replace(rt::int(value));
    drop(old);
    Some(true)
}
