//! `dict` methods: one table (CPython's `mapp_methods`), one function per method.

use std::cell::RefCell;

use crate::object::dict::Dict;
use crate::object::dict_iter::DictIterKind;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::construct::dict_update;
use crate::types::dict_view::new_view;
use crate::types::ops;

/// The methods of `dict`.
pub const DICT_METHODS: &[MethodDef] = &[
    MethodDef { name: "get", function: get },
    MethodDef { name: "keys", function: keys },
    MethodDef { name: "values", function: values },
    MethodDef { name: "items", function: items },
    MethodDef { name: "pop", function: pop },
    MethodDef { name: "popitem", function: popitem },
    MethodDef { name: "setdefault", function: setdefault },
    MethodDef { name: "update", function: update },
    MethodDef { name: "clear", function: clear },
    MethodDef { name: "copy", function: copy },
];

/// The dict a method was called on, and its storage.
fn with_dict<T>(a: &Args, f: impl FnOnce(&PyRef, &RefCell<Dict>) -> Res<T>) -> Res<T> {
    let receiver = a.receiver();
    let Kind::Dict(cell) = &receiver.kind else {
        return type_error(format!("descriptor '{}' requires a 'dict' object", a.name));
    };
    f(&receiver, cell)
}

fn no_arguments(a: &Args) -> Res<()> {
    if a.positional.is_empty() {
        Ok(())
    } else {
        type_error(format!("dict.{}() takes no arguments ({} given)", a.name, a.positional.len()))
    }
}

fn get(a: Args) -> Res<PyRef> {
    a.arity("get", 1, 2)?;
    with_dict(&a, |receiver, _| {
        Ok(ops::dict_get(receiver, &a.arg(0))?
            .unwrap_or_else(|| a.positional.get(1).cloned().unwrap_or_else(rt::none)))
    })
}

/// `keys()`, `values()`, `items()`: a live view (`dict_view`).
fn view(a: Args, kind: DictIterKind) -> Res<PyRef> {
    no_arguments(&a)?;
    with_dict(&a, |receiver, _| Ok(new_view(receiver, kind)))
}

fn keys(a: Args) -> Res<PyRef> {
    view(a, DictIterKind::Keys)
}

fn values(a: Args) -> Res<PyRef> {
    view(a, DictIterKind::Values)
}

fn items(a: Args) -> Res<PyRef> {
    view(a, DictIterKind::Items)
}

fn pop(a: Args) -> Res<PyRef> {
    a.arity("pop", 1, 2)?;
    with_dict(&a, |receiver, _| match ops::dict_remove(receiver, &a.arg(0))? {
        Some(v) => Ok(v),
        None => match a.positional.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::KeyError),
                vec![a.arg(0)],
            ))),
        },
    })
}

fn popitem(a: Args) -> Res<PyRef> {
    no_arguments(&a)?;
    with_dict(&a, |_, cell| {
        let entry = cell.borrow_mut().pop_last();
        match entry {
            Some(e) => Ok(rt::tuple(vec![e.key, e.value])),
            None => raise(ExcKind::KeyError, "popitem(): dictionary is empty"),
        }
    })
}

fn setdefault(a: Args) -> Res<PyRef> {
    a.arity("setdefault", 1, 2)?;
    with_dict(&a, |receiver, _| {
        if let Some(v) = ops::dict_get(receiver, &a.arg(0))? {
            return Ok(v);
        }
        let value = a.positional.get(1).cloned().unwrap_or_else(rt::none);
        ops::dict_set(receiver, a.arg(0), value.clone())?;
        Ok(value)
    })
}

fn update(a: Args) -> Res<PyRef> {
    a.arity("update", 0, 1)?;
    with_dict(&a, |receiver, _| {
        if let Some(source) = a.positional.first() {
            dict_update(receiver, source)?;
        }
        for (k, v) in a.keywords.iter().cloned() {
            ops::dict_set(receiver, rt::str(k), v)?;
        }
        Ok(rt::none())
    })
}

fn clear(a: Args) -> Res<PyRef> {
    no_arguments(&a)?;
    with_dict(&a, |_, cell| {
        let entries = cell.borrow_mut().take_all();
        drop(entries);
        Ok(rt::none())
    })
}

fn copy(a: Args) -> Res<PyRef> {
    no_arguments(&a)?;
    with_dict(&a, |receiver, _| ops::copy_container(receiver))
}
