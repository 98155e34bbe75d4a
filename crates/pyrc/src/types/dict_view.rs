//! `dict_keys`, `dict_values` and `dict_items`: the live views `dict.keys()`, `values()` and
//! `items()` return (CPython's `dictviewobject` in `Objects/dictobject.c`). A view holds its
//! dict and reads it at each use, so it sees later inserts and deletes; its iterators are the
//! dict's own live iterators (`object::dict_iter`). Keys and items views are set-like:
//! comparisons with sets and other such views, `&`, `|`, `-`, `^` with any iterable (the
//! results are sets), `isdisjoint`; they are unhashable, as CPython's. A values view is none
//! of that (it compares and hashes by identity).
//!
//! The three are native classes (`object::native_type`) named as CPython's built-in types, so
//! `type({}.keys())` is a class CPython's `_collections_abc` can register as a `KeysView`.

use std::any::Any;

use crate::compile::ast::BinOp;
use crate::object::dict_iter::{DictIter, DictIterKind};
use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Iter, Kind, PyRef};
use crate::types::native_class::{make_class, new_object};
use crate::types::ops;

/// The state of a view: the dict it shows and which part of its entries.
pub struct DictView {
    dict: PyRef,
    kind: DictIterKind,
}

impl NativeObject for DictView {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        visitor.visit(&self.dict);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The methods every view has.
macro_rules! view_methods {
    ($($extra:expr),* $(,)?) => {
        &[
            MethodDef { name: "__len__", function: view_len },
            MethodDef { name: "__iter__", function: view_iter },
            MethodDef { name: "__reversed__", function: view_reversed },
            MethodDef { name: "__repr__", function: view_repr },
            $($extra),*
        ]
    };
}

/// The methods of the set-like views (keys and items).
macro_rules! set_like_methods {
    () => {
        view_methods![
            MethodDef { name: "__contains__", function: view_contains },
            MethodDef { name: "__eq__", function: view_compare },
            MethodDef { name: "__ne__", function: view_compare },
            MethodDef { name: "__lt__", function: view_compare },
            MethodDef { name: "__le__", function: view_compare },
            MethodDef { name: "__gt__", function: view_compare },
            MethodDef { name: "__ge__", function: view_compare },
            MethodDef { name: "__and__", function: view_set_op },
            MethodDef { name: "__rand__", function: view_set_op },
            MethodDef { name: "__or__", function: view_set_op },
            MethodDef { name: "__ror__", function: view_set_op },
            MethodDef { name: "__sub__", function: view_set_op },
            MethodDef { name: "__rsub__", function: view_set_op },
            MethodDef { name: "__xor__", function: view_set_op },
            MethodDef { name: "__rxor__", function: view_set_op },
            MethodDef { name: "isdisjoint", function: view_isdisjoint },
        ]
    };
}

const MAPPING: &[AttrDef] = &[AttrDef { name: "mapping", get: view_mapping, set: None }];

/// `dict_keys`.
static KEYS: NativeClassDef = NativeClassDef {
    name: "dict_keys",
    module: "builtins",
    new: None,
    methods: set_like_methods!(),
    class_methods: &[],
    attributes: MAPPING,
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

/// `dict_items`.
static ITEMS: NativeClassDef = NativeClassDef {
    name: "dict_items",
    module: "builtins",
    new: None,
    methods: set_like_methods!(),
    class_methods: &[],
    attributes: MAPPING,
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

/// `dict_values`.
static VALUES: NativeClassDef = NativeClassDef {
    name: "dict_values",
    module: "builtins",
    new: None,
    methods: view_methods![],
    class_methods: &[],
    attributes: MAPPING,
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

/// A view class; the set-like ones are unhashable (`__hash__` is `None`, as a class defining
/// `__eq__` alone has it).
fn make_view_class(def: &'static NativeClassDef, hashable: bool) -> PyRef {
    let class = make_class(def, Vec::new());
    if let (false, Kind::Class(data)) = (hashable, &class.kind) {
        rt::dict_set_str(&data.dict, "__hash__", rt::none());
    }
    class
}

thread_local! {
    static KEYS_CLASS: PyRef = make_view_class(&KEYS, false);
    static VALUES_CLASS: PyRef = make_view_class(&VALUES, true);
    static ITEMS_CLASS: PyRef = make_view_class(&ITEMS, false);
}

/// A new view of `dict` (a dict object).
pub fn new_view(dict: &PyRef, kind: DictIterKind) -> PyRef {
    let class = match kind {
        DictIterKind::Keys | DictIterKind::SetKeys => &KEYS_CLASS,
        DictIterKind::Values => &VALUES_CLASS,
        DictIterKind::Items => &ITEMS_CLASS,
    };
    new_object(&class.with(Clone::clone), DictView { dict: dict.clone(), kind })
}

/// The view a method was called on (its first positional argument or its receiver).
fn view_of<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a DictView)> {
    let receiver = a.receiver.or_else(|| a.positional.first());
    match receiver.and_then(|r| state::<DictView>(r).map(|view| (r, view))) {
        Some(found) => Ok(found),
        None => type_error(format!("descriptor '{}' requires a dict view", a.name)),
    }
}

/// The arguments after the view.
fn rest<'a>(a: &'a Args) -> &'a [PyRef] {
    crate::object::native_type::args_after_self(a)
}

/// The one argument after the view.
fn other_arg(a: &Args) -> Res<PyRef> {
    match rest(a) {
        [other] => Ok(other.clone()),
        given => {
            type_error(format!("{}() takes exactly one argument ({} given)", a.name, given.len()))
        }
    }
}

/// Whether `object` is a set-like view (keys or items), CPython's `PyDictViewSet_Check`.
fn is_set_like_view(object: &PyRef) -> bool {
    state::<DictView>(object).is_some_and(|view| view.kind != DictIterKind::Values)
}

fn view_len(a: Args) -> Res<PyRef> {
    let (_, view) = view_of(&a)?;
    Ok(rt::int(ops::len(&view.dict)? as i64))
}

fn iterator(view: &DictView, reversed: bool) -> PyRef {
    alloc(Kind::iterator(Iter::Dict(DictIter::new(&view.dict, view.kind, reversed))))
}

/// `iter(view)` for a dict view (`None` for any other object): the views' classes cannot be
/// subclassed, so no `__iter__` can override it.
#[inline]
pub fn view_iterator(object: &PyRef) -> Option<PyRef> {
    state::<DictView>(object).map(|view| iterator(view, false))
}

fn view_iter(a: Args) -> Res<PyRef> {
    let (_, view) = view_of(&a)?;
    Ok(iterator(view, false))
}

fn view_reversed(a: Args) -> Res<PyRef> {
    let (_, view) = view_of(&a)?;
    Ok(iterator(view, true))
}

fn view_repr(a: Args) -> Res<PyRef> {
    let (receiver, view) = view_of(&a)?;
    let name = match view.kind {
        DictIterKind::Values => "dict_values",
        DictIterKind::Items => "dict_items",
        _ => "dict_keys",
    };
    let text = ops::with_repr_guard(receiver, "...", || {
        let items = ops::to_vec(receiver)?;
        Ok(format!("{name}({})", ops::repr(&rt::list(items))?))
    })?;
    Ok(rt::str(text))
}

fn view_mapping(a: Args) -> Res<PyRef> {
    let (_, view) = view_of(&a)?;
    let types = (crate::object::hooks::vm().import_module)("types")?;
    let proxy = crate::types::attr::getattr(&types, "MappingProxyType")?;
    ops::call(&proxy, vec![view.dict.clone()], vec![])
}

/// `x in view`: a key of the dict, or (items) a pair whose value equals the dict's.
fn contains(view: &DictView, item: &PyRef) -> Res<bool> {
    match view.kind {
        DictIterKind::Items => {
            let Kind::Tuple(pair) = &item.kind else { return Ok(false) };
            let [key, value] = &pair[..] else { return Ok(false) };
            match ops::dict_get(&view.dict, key)? {
                Some(found) => ops::eq(&found, value),
                None => Ok(false),
            }
        }
        _ => ops::contains(&view.dict, item),
    }
}

fn view_contains(a: Args) -> Res<PyRef> {
    let (_, view) = view_of(&a)?;
    Ok(rt::boolean(contains(view, &other_arg(&a)?)?))
}

/// Whether every item of iterable `a` is in `b` (CPython's `all_contained_in`).
fn all_contained_in(a: &PyRef, b: &PyRef) -> Res<bool> {
    let iterator = ops::iter(a)?;
    while let Some(item) = ops::next(&iterator)? {
        let found = match state::<DictView>(b) {
            Some(view) => contains(view, &item)?,
            None => ops::contains(b, &item)?,
        };
        if !found {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The comparisons of a set-like view with a set or another set-like view (CPython's
/// `dictview_richcompare`); anything else is `NotImplemented`.
fn view_compare(a: Args) -> Res<PyRef> {
    let (receiver, _) = view_of(&a)?;
    let other = other_arg(&a)?;
    if !matches!(other.kind, Kind::Set(_) | Kind::FrozenSet(_)) && !is_set_like_view(&other) {
        return Ok(rt::not_implemented());
    }
    let (len_self, len_other) = (ops::len(receiver)?, ops::len(&other)?);
    let result = match a.name {
        "__eq__" | "__ne__" => {
            let same = len_self == len_other && all_contained_in(receiver, &other)?;
            same == (a.name == "__eq__")
        }
        "__lt__" => len_self < len_other && all_contained_in(receiver, &other)?,
        "__le__" => len_self <= len_other && all_contained_in(receiver, &other)?,
        "__gt__" => len_self > len_other && all_contained_in(&other, receiver)?,
        _ => len_self >= len_other && all_contained_in(&other, receiver)?,
    };
    Ok(rt::boolean(result))
}

/// `&`, `|`, `-`, `^` and their reflections: a new set (CPython's `dictviews_and`...), made
/// from the left operand's items and combined with the right one's.
fn view_set_op(a: Args) -> Res<PyRef> {
    let (receiver, _) = view_of(&a)?;
    let other = other_arg(&a)?;
    let (op, reflected) = match a.name {
        "__and__" => (BinOp::BitAnd, false),
        "__rand__" => (BinOp::BitAnd, true),
        "__or__" => (BinOp::BitOr, false),
        "__ror__" => (BinOp::BitOr, true),
        "__sub__" => (BinOp::Sub, false),
        "__rsub__" => (BinOp::Sub, true),
        "__xor__" => (BinOp::BitXor, false),
        _ => (BinOp::BitXor, true),
    };
    let (left, right) = if reflected { (&other, receiver) } else { (receiver, &other) };
    let left = ops::set_from(ops::to_vec(left)?)?;
    let right = ops::set_from(ops::to_vec(right)?)?;
    ops::binary_op(op, &left, &right)
}

/// `isdisjoint(iterable)`: no item of the iterable is in the view.
fn view_isdisjoint(a: Args) -> Res<PyRef> {
    let (_, view) = view_of(&a)?;
    let iterator = ops::iter(&other_arg(&a)?)?;
    while let Some(item) = ops::next(&iterator)? {
        if contains(view, &item)? {
            return Ok(rt::boolean(false));
        }
    }
    Ok(rt::boolean(true))
}
