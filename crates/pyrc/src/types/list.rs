//! `list` methods (and `tuple`'s, which it shares), one table each, and sorting (stable, with
//! keys, as CPython's `list.sort`).

use std::cell::RefCell;

use thin_vec::ThinVec;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

/// Sorts values by `key` (a callable or None), possibly reversed: CPython's timsort
/// ([`crate::types::sort`]), stable, the keys computed first, one call each.
pub fn sort_list(values: Vec<PyRef>, key: Option<PyRef>, reverse: bool) -> Res<Vec<PyRef>> {
    let keys = match &key {
        Some(key) if !matches!(key.kind, Kind::None) => {
            let mut keys = Vec::with_capacity(values.len());
            for value in &values {
                keys.push(ops::call(key, vec![value.clone()], vec![])?);
            }
            Some(keys)
        }
        _ => None,
    };
    let order = crate::types::sort::sorted_order(keys.as_deref().unwrap_or(&values), reverse)?;
    Ok(order.into_iter().map(|i| values[i].clone()).collect())
}

/// The methods of `list` (CPython's `list_methods`).
pub const LIST_METHODS: &[MethodDef] = &[
    MethodDef { name: "append", function: append },
    MethodDef { name: "extend", function: extend },
    MethodDef { name: "insert", function: insert },
    MethodDef { name: "pop", function: pop },
    MethodDef { name: "remove", function: remove },
    MethodDef { name: "index", function: index },
    MethodDef { name: "count", function: count },
    MethodDef { name: "clear", function: clear },
    MethodDef { name: "copy", function: copy },
    MethodDef { name: "reverse", function: reverse },
    MethodDef { name: "sort", function: sort },
];

/// The methods of `tuple` (CPython's `tuple_methods`): the sequence methods it shares with
/// `list`.
pub const TUPLE_METHODS: &[MethodDef] =
    &[MethodDef { name: "index", function: index }, MethodDef { name: "count", function: count }];

/// The items of the list or tuple a method was called on.
fn items_of(sequence: &PyRef) -> Vec<PyRef> {
    match &sequence.kind {
        Kind::List(items) => items.borrow().to_vec(),
        Kind::Tuple(items) => items.to_vec(),
        _ => vec![],
    }
}

/// Runs `f` on the items of the list a method was called on.
fn with_list<T>(a: &Args, f: impl FnOnce(&RefCell<ThinVec<PyRef>>) -> Res<T>) -> Res<T> {
    let receiver = a.receiver();
    let Kind::List(cell) = &receiver.kind else {
        return type_error(format!("descriptor '{}' requires a 'list' object", a.name));
    };
    f(cell)
}

fn count(a: Args) -> Res<PyRef> {
    a.arity("count", 1, 1)?;
    let needle = a.arg(0);
    let mut n = 0;
    for item in &items_of(&a.receiver()) {
        if ops::eq(item, &needle)? {
            n += 1;
        }
    }
    Ok(rt::int(n))
}

fn index(a: Args) -> Res<PyRef> {
    a.arity("index", 1, 3)?;
    let receiver = a.receiver();
    let needle = a.arg(0);
    let start = match a.positional.get(1) {
        Some(s) => ops::to_index(s)?.max(0) as usize,
        None => 0,
    };
    for (i, item) in items_of(&receiver).iter().enumerate().skip(start) {
        if ops::eq(item, &needle)? {
            return Ok(rt::int(i as i64));
        }
    }
    let what = if matches!(receiver.kind, Kind::Tuple(_)) {
        "tuple.index(x): x not in tuple".to_string()
    } else {
        format!("{} is not in list", ops::repr(&needle)?)
    };
    value_error(what)
}

fn append(a: Args) -> Res<PyRef> {
    a.arity("append", 1, 1)?;
    with_list(&a, |cell| {
        cell.borrow_mut().push(a.arg(0));
        Ok(rt::none())
    })
}

fn extend(a: Args) -> Res<PyRef> {
    a.arity("extend", 1, 1)?;
    let extra = ops::to_vec(&a.arg(0))?;
    with_list(&a, |cell| {
        cell.borrow_mut().extend(extra);
        Ok(rt::none())
    })
}

fn insert(a: Args) -> Res<PyRef> {
    a.arity("insert", 2, 2)?;
    let index = ops::to_index(&a.arg(0))?;
    with_list(&a, |cell| {
        let mut items = cell.borrow_mut();
        let len = items.len() as i64;
        let position = if index < 0 { (index + len).max(0) } else { index.min(len) };
        items.insert(position as usize, a.arg(1));
        Ok(rt::none())
    })
}

fn pop(a: Args) -> Res<PyRef> {
    a.arity("pop", 0, 1)?;
    let index = a.positional.first().map(ops::to_index).transpose()?;
    with_list(&a, |cell| {
        let mut items = cell.borrow_mut();
        if items.is_empty() {
            return raise(ExcKind::IndexError, "pop from empty list");
        }
        let len = items.len() as i64;
        let index = index.unwrap_or(len - 1);
        let index = if index < 0 { index + len } else { index };
        if !(0..len).contains(&index) {
            return raise(ExcKind::IndexError, "pop index out of range");
        }
        Ok(items.remove(index as usize))
    })
}

fn remove(a: Args) -> Res<PyRef> {
    a.arity("remove", 1, 1)?;
    with_list(&a, |cell| {
        let items = cell.borrow().clone();
        for (i, item) in items.iter().enumerate() {
            if ops::eq(item, &a.arg(0))? {
                let removed = cell.borrow_mut().remove(i);
                drop(removed);
                return Ok(rt::none());
            }
        }
        value_error("list.remove(x): x not in list")
    })
}

fn clear(a: Args) -> Res<PyRef> {
    a.arity("clear", 0, 0)?;
    with_list(&a, |cell| {
        let mut removed = std::mem::take(&mut *cell.borrow_mut());
        // Last to first, as CPython's list.clear.
        while let Some(item) = removed.pop() {
            drop(item);
        }
        Ok(rt::none())
    })
}

fn copy(a: Args) -> Res<PyRef> {
    a.arity("copy", 0, 0)?;
    with_list(&a, |cell| Ok(rt::list(cell.borrow().clone())))
}

fn reverse(a: Args) -> Res<PyRef> {
    a.arity("reverse", 0, 0)?;
    with_list(&a, |cell| {
        cell.borrow_mut().reverse();
        Ok(rt::none())
    })
}

fn sort(a: Args) -> Res<PyRef> {
    a.arity("sort", 0, 0)?;
    let reverse = match a.keyword("reverse") {
        Some(r) => ops::truthy(&r)?,
        None => false,
    };
    with_list(&a, |cell| {
        let values = std::mem::take(&mut *cell.borrow_mut());
        let sorted = sort_list(values.to_vec(), a.keyword("key"), reverse)?;
        *cell.borrow_mut() = sorted.into();
        Ok(rt::none())
    })
}
