//! The native `_collections` module (CPython's `Modules/_collectionsmodule.c`) under CPython's
//! own `collections` package: `deque` (`deque`) and its iterators (`deque_iter`), `defaultdict`
//! (`defaultdict`), `_count_elements` (what `Counter` counts with) and `_tuplegetter` (the
//! field accessors of `namedtuple` classes).

mod defaultdict;
mod deque;
mod deque_iter;

use std::cell::RefCell;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

use super::native_iter;

/// `import _collections`.
pub fn collections_module() -> PyRef {
    let module = super::new_module(
        "_collections",
        vec![
            ("deque", deque::class()),
            ("_deque_iterator", deque::iter_class(false)),
            ("_deque_reverse_iterator", deque::iter_class(true)),
            ("defaultdict", defaultdict::class()),
            ("_tuplegetter", tuplegetter_class()),
        ],
    );
    super::add_functions(&module, &[("_count_elements", count_elements)]);
    module
}

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for each item
/// (a plain dict directly, any other mapping through its `get` and `__setitem__`).
fn count_elements(a: Args) -> Res<PyRef> {
    let [mapping, iterable] = &a.positional[..] else {
        return type_error(format!(
            "_count_elements expected 2 arguments, got {}",
            a.positional.len()
        ));
    };
    let one = rt::int(1);
    let iterator = ops::iter(iterable)?;
    if matches!(mapping.kind, Kind::Dict(_)) {
        while let Some(item) = ops::next(&iterator)? {
            let count = match ops::dict_get(mapping, &item)? {
                Some(old) => ops::binary_op(crate::compile::ast::BinOp::Add, &old, &one)?,
                None => one.clone(),
            };
            ops::dict_set(mapping, item, count)?;
        }
        return Ok(rt::none());
    }
    let get = types::attr::getattr(mapping, "get")?;
    let zero = rt::int(0);
    while let Some(item) = ops::next(&iterator)? {
        let old = ops::call(&get, vec![item.clone(), zero.clone()], vec![])?;
        let count = ops::binary_op(crate::compile::ast::BinOp::Add, &old, &one)?;
        ops::setitem(mapping, &item, count)?;
    }
    Ok(rt::none())
}

// ---- _tuplegetter --------------------------------------------------------------------------

/// A namedtuple field: the item index and the docstring.
struct TupleGetter {
    index: usize,
    doc: RefCell<PyRef>,
}

impl NativeObject for TupleGetter {
    fn trace(&self, visitor: &mut Visitor) {
        if let Ok(doc) = self.doc.try_borrow() {
            visitor.visit(&doc);
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static TUPLEGETTER: NativeClassDef = NativeClassDef {
    name: "_tuplegetter",
    module: "collections",
    new: Some(tuplegetter_new),
    methods: &[
        MethodDef { name: "__get__", function: tuplegetter_get },
        MethodDef { name: "__set__", function: tuplegetter_set },
        MethodDef { name: "__delete__", function: tuplegetter_set },
        MethodDef { name: "__reduce__", function: tuplegetter_reduce },
        MethodDef { name: "__repr__", function: tuplegetter_repr },
    ],
    class_methods: &[],
    attributes: &[AttrDef { name: "__doc__", get: tuplegetter_doc, set: Some(set_doc) }],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static TUPLEGETTER_CLASS: PyRef = make_class(&TUPLEGETTER, Vec::new());
}

fn tuplegetter_class() -> PyRef {
    TUPLEGETTER_CLASS.with(Clone::clone)
}

fn tuplegetter_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &tuplegetter_class())?.clone();
    let [_, index, doc] = &a.positional[..] else {
        return type_error(format!(
            "_tuplegetter expected 2 arguments, got {}",
            a.positional.len().saturating_sub(1)
        ));
    };
    let index = ops::to_index(index)?;
    if index < 0 {
        return raise(ExcKind::ValueError, "index must be non-negative");
    }
    Ok(new_object(&cls, TupleGetter { index: index as usize, doc: RefCell::new(doc.clone()) }))
}

fn tuplegetter_get(a: Args) -> Res<PyRef> {
    let (this, getter) = state_of::<TupleGetter>(&a, &TUPLEGETTER)?;
    let args = crate::object::native_type::args_after_self(&a);
    let Some(object) = args.first() else {
        return type_error("__get__(None, None) is invalid");
    };
    if matches!(object.kind, Kind::None) {
        return Ok(this.clone());
    }
    let tuple = match &object.kind {
        Kind::Tuple(_) => object.clone(),
        _ => match builtin_base(object) {
            Some(base) if matches!(base.kind, Kind::Tuple(_)) => base,
            _ => {
                return type_error(format!(
                    "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
                    getter.index,
                    types::type_name(object)
                ))
            }
        },
    };
    let Kind::Tuple(items) = &tuple.kind else { unreachable!("checked to be a tuple") };
    match items.get(getter.index) {
        Some(item) => Ok(item.clone()),
        None => raise(ExcKind::IndexError, "tuple index out of range"),
    }
}

fn tuplegetter_set(a: Args) -> Res<PyRef> {
    state_of::<TupleGetter>(&a, &TUPLEGETTER)?;
    let what = if a.name == "__set__" { "set" } else { "delete" };
    raise(ExcKind::AttributeError, format!("can't {what} attribute"))
}

fn tuplegetter_reduce(a: Args) -> Res<PyRef> {
    let (this, getter) = state_of::<TupleGetter>(&a, &TUPLEGETTER)?;
    let doc = getter.doc.borrow().clone();
    Ok(rt::tuple(vec![types::type_of(this), rt::tuple(vec![rt::int(getter.index as i64), doc])]))
}

/// `_tuplegetter(0, 'Alias for field number 0')`.
fn tuplegetter_repr(a: Args) -> Res<PyRef> {
    let (this, getter) = state_of::<TupleGetter>(&a, &TUPLEGETTER)?;
    let doc = getter.doc.borrow().clone();
    let name = types::class_name(&types::type_of(this));
    Ok(rt::str(format!("{name}({}, {})", getter.index, ops::repr(&doc)?)))
}

fn tuplegetter_doc(a: Args) -> Res<PyRef> {
    let (_, getter) = state_of::<TupleGetter>(&a, &TUPLEGETTER)?;
    let doc = getter.doc.borrow().clone();
    Ok(doc)
}

fn set_doc(a: Args) -> Res<PyRef> {
    let (_, getter) = state_of::<TupleGetter>(&a, &TUPLEGETTER)?;
    let value = crate::object::native_type::args_after_self(&a).first().cloned();
    let old = getter.doc.replace(value.unwrap_or_else(rt::none));
    drop(old);
    Ok(rt::none())
}
