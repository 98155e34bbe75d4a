//! `set` and `frozenset` methods: one table each, one function per method.

use std::cell::RefCell;

use crate::compile::ast::BinOp;
use crate::object::dict::Dict;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

/// The methods only `set` has (those that mutate); a set has `frozenset`'s too
/// ([`FROZENSET_METHODS`]), as CPython's `set_methods` lists both.
pub const SET_ONLY_METHODS: &[MethodDef] = &[
    MethodDef { name: "add", function: add },
    MethodDef { name: "discard", function: discard },
    MethodDef { name: "remove", function: remove },
    MethodDef { name: "pop", function: pop },
    MethodDef { name: "clear", function: clear },
    MethodDef { name: "update", function: update },
];

/// The methods of `frozenset` (CPython's `frozenset_methods`): those that do not mutate,
/// which `set` has too.
pub const FROZENSET_METHODS: &[MethodDef] = &[
    MethodDef { name: "union", function: union },
    MethodDef { name: "intersection", function: intersection },
    MethodDef { name: "difference", function: difference },
    MethodDef { name: "issubset", function: issubset },
    MethodDef { name: "issuperset", function: issuperset },
    MethodDef { name: "isdisjoint", function: isdisjoint },
    MethodDef { name: "copy", function: copy },
    MethodDef { name: "__reduce__", function: crate::types::reduce::set_reduce },
];

/// The (mutable) set a method was called on, and its storage.
fn with_set<T>(a: &Args, f: impl FnOnce(&PyRef, &RefCell<Dict>) -> Res<T>) -> Res<T> {
    let receiver = a.receiver();
    let Kind::Set(cell) = &receiver.kind else {
        return type_error(format!("descriptor '{}' requires a 'set' object", a.name));
    };
    f(&receiver, cell)
}

/// The items of the set or frozenset a method was called on.
fn keys(receiver: &PyRef) -> Vec<PyRef> {
    match &receiver.kind {
        Kind::Set(d) => d.borrow().keys(),
        Kind::FrozenSet(d) => d.keys(),
        _ => vec![],
    }
}

fn add(a: Args) -> Res<PyRef> {
    a.arity("add", 1, 1)?;
    with_set(&a, |receiver, _| {
        ops::dict_set(receiver, a.arg(0), rt::none())?;
        Ok(rt::none())
    })
}

/// `discard` and `remove`: whether a missing item is an error.
fn remove_item(a: Args, missing_is_error: bool) -> Res<PyRef> {
    a.arity(a.name, 1, 1)?;
    with_set(&a, |receiver, _| match ops::dict_remove(receiver, &a.arg(0))? {
        Some(_) => Ok(rt::none()),
        None if !missing_is_error => Ok(rt::none()),
        None => Err(ExcInfo::new(rt::exception_of(
            rt::exception_class(ExcKind::KeyError),
            vec![a.arg(0)],
        ))),
    })
}

fn discard(a: Args) -> Res<PyRef> {
    remove_item(a, false)
}

fn remove(a: Args) -> Res<PyRef> {
    remove_item(a, true)
}

fn pop(a: Args) -> Res<PyRef> {
    a.arity("pop", 0, 0)?;
    with_set(&a, |_, cell| {
        let entry = cell.borrow_mut().pop_last();
        match entry {
            Some(e) => Ok(e.key),
            None => raise(ExcKind::KeyError, "pop from an empty set"),
        }
    })
}

fn clear(a: Args) -> Res<PyRef> {
    a.arity("clear", 0, 0)?;
    with_set(&a, |_, cell| {
        let entries = cell.borrow_mut().take_all();
        drop(entries);
        Ok(rt::none())
    })
}

fn update(a: Args) -> Res<PyRef> {
    with_set(&a, |receiver, _| {
        for other in &a.positional {
            for item in ops::to_vec(other)? {
                ops::dict_set(receiver, item, rt::none())?;
            }
        }
        Ok(rt::none())
    })
}

/// `union`, `intersection` and `difference` with any number of iterables; the result has
/// the receiver's type.
fn combine(a: Args, op: BinOp) -> Res<PyRef> {
    let receiver = a.receiver();
    let plain = |object: &PyRef| matches!(object.kind, Kind::Set(_) | Kind::FrozenSet(_));
    let mut result =
        if plain(&receiver) { receiver.clone() } else { ops::set_from(keys(&receiver))? };
    for other in &a.positional {
        let other = if plain(other) { other.clone() } else { ops::set_from(ops::to_vec(other)?)? };
        result = ops::binary_op(op, &result, &other)?;
    }
    if a.positional.is_empty() {
        result = ops::set_from(keys(&receiver))?;
    }
    Ok(if matches!(receiver.kind, Kind::FrozenSet(_)) { ops::freeze_set(&result) } else { result })
}

fn union(a: Args) -> Res<PyRef> {
    combine(a, BinOp::BitOr)
}

fn intersection(a: Args) -> Res<PyRef> {
    combine(a, BinOp::BitAnd)
}

fn difference(a: Args) -> Res<PyRef> {
    combine(a, BinOp::Sub)
}

/// `issubset` and `issuperset`.
fn compare_with(a: Args, op: ops::CompareOp) -> Res<PyRef> {
    a.arity(a.name, 1, 1)?;
    let other = a.arg(0);
    let other = if matches!(other.kind, Kind::Set(_) | Kind::FrozenSet(_)) {
        other
    } else {
        ops::set_from(ops::to_vec(&other)?)?
    };
    ops::compare(&a.receiver(), &other, op)
}

fn issubset(a: Args) -> Res<PyRef> {
    compare_with(a, ops::CompareOp::Le)
}

fn issuperset(a: Args) -> Res<PyRef> {
    compare_with(a, ops::CompareOp::Ge)
}

fn isdisjoint(a: Args) -> Res<PyRef> {
    a.arity("isdisjoint", 1, 1)?;
    let receiver = a.receiver();
    for item in ops::to_vec(&a.arg(0))? {
        if ops::contains(&receiver, &item)? {
            return Ok(rt::boolean(false));
        }
    }
    Ok(rt::boolean(true))
}

fn copy(a: Args) -> Res<PyRef> {
    a.arity("copy", 0, 0)?;
    ops::copy_container(&a.receiver())
}
