//! `collections.deque` (CPython's `dequeobject` in `Modules/_collectionsmodule.c`): a native
//! class over a ring buffer (`VecDeque`), O(1) at both ends, with an optional `maxlen` that
//! drops items from the other end; a mutation counter (CPython's `state`) that its iterators
//! and the methods comparing items (`count`, `index`, `remove`, `in`) check after every step
//! that may have run Python code ("deque mutated during iteration"). Subclasses defined in
//! Python (with `__init__` and attributes of their own) work as CPython's, and so do weak
//! references, copying and pickling (`__reduce__` as CPython's: class, `((), maxlen)`, the
//! state of the instance dict, an iterator).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

use super::deque_iter::{iterator_new, new_deque_iterator};

/// A deque's state: items, bound, and the mutation counter. Borrowed only around Rust code.
pub struct Deque {
    items: RefCell<VecDeque<PyRef>>,
    maxlen: Cell<Option<usize>>,
    /// Bumped by every change of the order or length (CPython's `state`).
    pub(super) state: Cell<u64>,
}

impl NativeObject for Deque {
    fn trace(&self, visitor: &mut Visitor) {
        if let Ok(items) = self.items.try_borrow() {
            for item in items.iter() {
                visitor.visit(item);
            }
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Deque {
    fn new() -> Deque {
        Deque { items: RefCell::new(VecDeque::new()), maxlen: Cell::new(None), state: Cell::new(0) }
    }

    pub(super) fn len(&self) -> usize {
        self.items.borrow().len()
    }

    fn touch(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    /// Appends at the right (or left), dropping from the other end past `maxlen`; what is
    /// dropped is returned, to be released after the borrow.
    fn push(&self, item: PyRef, left: bool) -> Option<PyRef> {
        self.touch();
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return Some(item);
        }
        if left {
            items.push_front(item);
        } else {
            items.push_back(item);
        }
        if self.maxlen.get().is_some_and(|max| items.len() > max) {
            return if left { items.pop_back() } else { items.pop_front() };
        }
        None
    }

    fn snapshot(&self) -> Vec<PyRef> {
        self.items.borrow().iter().cloned().collect()
    }

    pub(super) fn get(&self, index: usize) -> Option<PyRef> {
        self.items.borrow().get(index).cloned()
    }
}

/// The class table.
static DEQUE: NativeClassDef = NativeClassDef {
    name: "deque",
    module: "collections",
    new: Some(deque_new),
    methods: &[
        MethodDef { name: "__init__", function: init },
        MethodDef { name: "append", function: append },
        MethodDef { name: "appendleft", function: appendleft },
        MethodDef { name: "pop", function: pop },
        MethodDef { name: "popleft", function: popleft },
        MethodDef { name: "extend", function: extend },
        MethodDef { name: "extendleft", function: extendleft },
        MethodDef { name: "clear", function: clear },
        MethodDef { name: "copy", function: copy },
        MethodDef { name: "__copy__", function: copy },
        MethodDef { name: "count", function: count },
        MethodDef { name: "index", function: index },
        MethodDef { name: "insert", function: insert },
        MethodDef { name: "remove", function: remove },
        MethodDef { name: "reverse", function: reverse },
        MethodDef { name: "rotate", function: rotate },
        MethodDef { name: "__len__", function: len },
        MethodDef { name: "__bool__", function: truth },
        MethodDef { name: "__contains__", function: contains },
        MethodDef { name: "__getitem__", function: getitem },
        MethodDef { name: "__setitem__", function: setitem },
        MethodDef { name: "__delitem__", function: delitem },
        MethodDef { name: "__iter__", function: super::deque_iter::iter },
        MethodDef { name: "__reversed__", function: super::deque_iter::reversed },
        MethodDef { name: "__repr__", function: repr },
        MethodDef { name: "__eq__", function: compare },
        MethodDef { name: "__ne__", function: compare },
        MethodDef { name: "__lt__", function: compare },
        MethodDef { name: "__le__", function: compare },
        MethodDef { name: "__gt__", function: compare },
        MethodDef { name: "__ge__", function: compare },
        MethodDef { name: "__add__", function: add },
        MethodDef { name: "__iadd__", function: iadd },
        MethodDef { name: "__mul__", function: mul },
        MethodDef { name: "__rmul__", function: mul },
        MethodDef { name: "__imul__", function: imul },
        MethodDef { name: "__reduce__", function: reduce },
    ],
    class_methods: &[MethodDef { name: "__class_getitem__", function: class_getitem }],
    attributes: &[AttrDef { name: "maxlen", get: maxlen, set: None }],
    has_dict: false,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static CLASS: PyRef = {
        let class = make_class(&DEQUE, Vec::new());
        if let Kind::Class(data) = &class.kind {
            // Mutable, compared by value: unhashable, as CPython's.
            rt::dict_set_str(&data.dict, "__hash__", rt::none());
        }
        class
    };
    static ITER_CLASS: PyRef = iterator_class("_deque_iterator");
    static REVERSE_ITER_CLASS: PyRef = iterator_class("_deque_reverse_iterator");
}

/// The `deque` class.
pub fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// `_deque_iterator` (`reversed`: `_deque_reverse_iterator`).
pub fn iter_class(reversed: bool) -> PyRef {
    if reversed {
        REVERSE_ITER_CLASS.with(Clone::clone)
    } else {
        ITER_CLASS.with(Clone::clone)
    }
}

/// An iterator class: `plain_class` with a native `__new__` (`_deque_iterator(d, index)`).
fn iterator_class(name: &str) -> PyRef {
    let class = types::plain_class(name, "_collections");
    if let Kind::Class(data) = &class.kind {
        let new: crate::object::native::NativeFn = if name == "_deque_iterator" {
            |a| iterator_new(a, false)
        } else {
            |a| iterator_new(a, true)
        };
        rt::dict_set_str(&data.dict, "__new__", super::super::native("__new__", new));
    }
    class
}

/// The receiver and its state.
pub(super) fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Deque)> {
    state_of::<Deque>(a, &DEQUE)
}

fn rest<'a>(a: &'a Args) -> &'a [PyRef] {
    args_after_self(a)
}

/// The single argument of a method taking one.
fn one_arg(a: &Args) -> Res<PyRef> {
    match rest(a) {
        [x] => Ok(x.clone()),
        given => type_error(format!(
            "deque.{}() takes exactly one argument ({} given)",
            a.name,
            given.len()
        )),
    }
}

fn no_args(a: &Args) -> Res<()> {
    match rest(a) {
        [] => Ok(()),
        given => {
            type_error(format!("deque.{}() takes no arguments ({} given)", a.name, given.len()))
        }
    }
}

pub(super) fn mutated() -> Res<PyRef> {
    raise(ExcKind::RuntimeError, "deque mutated during iteration")
}

fn deque_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    Ok(new_object(&cls, Deque::new()))
}

/// `maxlen` as `__init__` takes it: `None` or a non-negative int.
fn parse_maxlen(value: Option<&PyRef>) -> Res<Option<usize>> {
    match value {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::None) => Ok(None),
        Some(v) => {
            if !matches!(v.kind, Kind::Int(_) | Kind::Bool(_)) {
                return type_error("an integer is required");
            }
            let n = ops::to_index(v)?;
            if n < 0 {
                return raise(ExcKind::ValueError, "maxlen must be non-negative");
            }
            Ok(Some(n as usize))
        }
    }
}

fn init(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    let args = rest(&a);
    if args.len() > 2 {
        return type_error(format!("deque() takes at most 2 arguments ({} given)", args.len()));
    }
    let mut iterable = args.first().cloned();
    let mut maxlen = args.get(1).cloned();
    for (name, value) in &a.keywords {
        match &**name {
            "iterable" if iterable.is_none() => iterable = Some(value.clone()),
            "maxlen" if maxlen.is_none() => maxlen = Some(value.clone()),
            "iterable" | "maxlen" => {
                return type_error(format!(
                    "argument for deque() given by name ('{name}') and position"
                ))
            }
            _ => return type_error(format!("deque() got an unexpected keyword argument '{name}'")),
        }
    }
    deque.maxlen.set(parse_maxlen(maxlen.as_ref())?);
    if deque.len() > 0 {
        deque.touch();
        let old = std::mem::take(&mut *deque.items.borrow_mut());
        drop(old);
    }
    if let Some(iterable) = iterable {
        extend_with(object, deque, &iterable, false)?;
    }
    Ok(rt::none())
}

/// Appends every item of `iterable` (of the deque itself: a copy first).
fn extend_with(object: &PyRef, deque: &Deque, iterable: &PyRef, left: bool) -> Res<()> {
    if rcgc::Gc::ptr_eq(object, iterable) {
        for item in deque.snapshot() {
            drop(deque.push(item, left));
        }
        return Ok(());
    }
    let iterator = ops::iter(iterable)?;
    while let Some(item) = ops::next(&iterator)? {
        drop(deque.push(item, left));
    }
    Ok(())
}

fn append(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    drop(deque.push(one_arg(&a)?, false));
    Ok(rt::none())
}

fn appendleft(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    drop(deque.push(one_arg(&a)?, true));
    Ok(rt::none())
}

fn pop_end(a: Args, left: bool) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    no_args(&a)?;
    let item = {
        let mut items = deque.items.borrow_mut();
        if left {
            items.pop_front()
        } else {
            items.pop_back()
        }
    };
    match item {
        Some(item) => {
            deque.touch();
            Ok(item)
        }
        None => raise(ExcKind::IndexError, "pop from an empty deque"),
    }
}

fn pop(a: Args) -> Res<PyRef> {
    pop_end(a, false)
}

fn popleft(a: Args) -> Res<PyRef> {
    pop_end(a, true)
}

fn extend(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    extend_with(object, deque, &one_arg(&a)?, false)?;
    Ok(rt::none())
}

fn extendleft(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    extend_with(object, deque, &one_arg(&a)?, true)?;
    Ok(rt::none())
}

fn clear(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    no_args(&a)?;
    deque.touch();
    let old = std::mem::take(&mut *deque.items.borrow_mut());
    // Released after the borrow: a `__del__` may use the deque.
    drop(old);
    Ok(rt::none())
}

/// A copy of the same class: a plain deque directly, a subclass through its constructor
/// (`type(d)(d, maxlen)`), as CPython's `deque_copy`.
fn copy_of(object: &PyRef, deque: &Deque) -> Res<PyRef> {
    let class = types::type_of(object);
    if rcgc::Gc::ptr_eq(&class, &self::class()) {
        let copy = Deque::new();
        copy.maxlen.set(deque.maxlen.get());
        *copy.items.borrow_mut() = deque.items.borrow().clone();
        return Ok(new_object(&class, copy));
    }
    let mut args = vec![object.clone()];
    if let Some(max) = deque.maxlen.get() {
        args.push(rt::int(max as i64));
    }
    ops::call(&class, args, vec![])
}

fn copy(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    no_args(&a)?;
    copy_of(object, deque)
}

/// Compares `value` with each item from `start` to `stop`, checking after each comparison
/// that the deque was not changed meanwhile; the first equal position.
fn find(deque: &Deque, value: &PyRef, start: usize, stop: usize) -> Res<Option<usize>> {
    let state = deque.state.get();
    for i in start..stop {
        let Some(item) = deque.get(i) else { break };
        let equal = ops::eq(&item, value)?;
        if deque.state.get() != state {
            return mutated().map(|_| None);
        }
        if equal {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn count(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let value = one_arg(&a)?;
    let state = deque.state.get();
    let mut n = 0;
    for i in 0..deque.len() {
        let Some(item) = deque.get(i) else { break };
        let equal = ops::eq(&item, &value)?;
        if deque.state.get() != state {
            return mutated();
        }
        n += usize::from(equal);
    }
    Ok(rt::int(n as i64))
}

/// A slice bound as `list.index` takes it: negative from the end, clamped to `0..=len`.
fn clamp(value: &PyRef, len: usize) -> Res<usize> {
    let n = ops::to_index(value)?;
    let len = len as i64;
    Ok(if n < 0 { (n + len).max(0) } else { n.min(len) } as usize)
}

fn index(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let args = rest(&a);
    if args.is_empty() || args.len() > 3 {
        return type_error(format!("index expected at least 1 argument, got {}", args.len()));
    }
    let len = deque.len();
    let start = args.get(1).map(|s| clamp(s, len)).transpose()?.unwrap_or(0);
    let stop = args.get(2).map(|s| clamp(s, len)).transpose()?.unwrap_or(len);
    match find(deque, &args[0], start, stop)? {
        Some(i) => Ok(rt::int(i as i64)),
        None => raise(ExcKind::ValueError, format!("{} is not in deque", ops::repr(&args[0])?)),
    }
}

fn insert(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let [at, value] = rest(&a) else {
        return type_error(format!("insert expected 2 arguments, got {}", rest(&a).len()));
    };
    let len = deque.len();
    if deque.maxlen.get() == Some(len) {
        return raise(ExcKind::IndexError, "deque already at its maximum size");
    }
    let at = clamp(at, len)?;
    deque.touch();
    deque.items.borrow_mut().insert(at, value.clone());
    Ok(rt::none())
}

fn remove(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let value = one_arg(&a)?;
    let state = deque.state.get();
    let found = find(deque, &value, 0, deque.len());
    if found.is_err() && deque.state.get() != state {
        // CPython's `deque_remove` reports this one as an `IndexError`.
        return raise(ExcKind::IndexError, "deque mutated during iteration");
    }
    match found? {
        Some(i) => {
            deque.touch();
            let removed = deque.items.borrow_mut().remove(i);
            drop(removed);
            Ok(rt::none())
        }
        None => raise(ExcKind::ValueError, format!("{} is not in deque", ops::repr(&value)?)),
    }
}

fn reverse(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    no_args(&a)?;
    deque.touch();
    deque.items.borrow_mut().make_contiguous().reverse();
    Ok(rt::none())
}

fn rotate(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let n = match rest(&a) {
        [] => 1,
        [n] => ops::to_index(n)?,
        given => {
            return type_error(format!("rotate expected at most 1 argument, got {}", given.len()))
        }
    };
    let mut items = deque.items.borrow_mut();
    let len = items.len() as i64;
    if len > 1 {
        let steps = n.rem_euclid(len) as usize;
        items.rotate_right(steps);
    }
    drop(items);
    deque.touch();
    Ok(rt::none())
}

fn len(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    Ok(rt::int(deque.len() as i64))
}

fn truth(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    Ok(rt::boolean(deque.len() > 0))
}

fn contains(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let value = one_arg(&a)?;
    Ok(rt::boolean(find(deque, &value, 0, deque.len())?.is_some()))
}

/// An item position from `deque[i]`: ints only, negative from the end.
fn position(deque: &Deque, index: &PyRef) -> Res<usize> {
    if !matches!(index.kind, Kind::Int(_) | Kind::Bool(_))
        && types::attr::lookup(index, "__index__")?.is_none()
    {
        return type_error(format!(
            "sequence index must be integer, not '{}'",
            types::type_name(index)
        ));
    }
    let i = ops::to_index(index)?;
    let len = deque.len() as i64;
    let i = if i < 0 { i + len } else { i };
    if i < 0 || i >= len {
        return raise(ExcKind::IndexError, "deque index out of range");
    }
    Ok(i as usize)
}

fn getitem(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let i = position(deque, &one_arg(&a)?)?;
    deque.get(i).map_or_else(|| raise(ExcKind::IndexError, "deque index out of range"), Ok)
}

fn setitem(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let [index, value] = rest(&a) else { return type_error("expected 2 arguments") };
    let i = position(deque, index)?;
    let old = std::mem::replace(&mut deque.items.borrow_mut()[i], value.clone());
    drop(old);
    Ok(rt::none())
}

fn delitem(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let i = position(deque, &one_arg(&a)?)?;
    deque.touch();
    let removed = deque.items.borrow_mut().remove(i);
    drop(removed);
    Ok(rt::none())
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    let name = types::class_name(&types::type_of(object));
    let text = ops::with_repr_guard(object, "[...]", || {
        let items = ops::repr(&rt::list(deque.snapshot()))?;
        Ok(match deque.maxlen.get() {
            Some(max) => format!("{name}({items}, maxlen={max})"),
            None => format!("{name}({items})"),
        })
    })?;
    Ok(rt::str(text))
}

/// Comparisons with another deque, as sequences (anything else: `NotImplemented`).
fn compare(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    let other = one_arg(&a)?;
    let Some(theirs) = crate::object::native_type::state::<Deque>(&other) else {
        return Ok(rt::not_implemented());
    };
    let op = match a.name {
        "__eq__" => ops::CompareOp::Eq,
        "__ne__" => ops::CompareOp::Ne,
        "__lt__" => ops::CompareOp::Lt,
        "__le__" => ops::CompareOp::Le,
        "__gt__" => ops::CompareOp::Gt,
        _ => ops::CompareOp::Ge,
    };
    ops::compare(&rt::list(deque.snapshot()), &rt::list(theirs.snapshot()), op)
}

fn add(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    let other = one_arg(&a)?;
    if crate::object::native_type::state::<Deque>(&other).is_none() {
        return type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            types::type_name(&other)
        ));
    }
    let result = copy_of(object, deque)?;
    ops::call(&types::attr::getattr(&result, "extend")?, vec![other], vec![])?;
    Ok(result)
}

fn iadd(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    extend_with(object, deque, &one_arg(&a)?, false)?;
    Ok(object.clone())
}

/// Repeats the items in place `n` times; with a `maxlen`, only the last `maxlen` items of the
/// repetition are made (CPython's `deque_inplace_repeat` gives the same items).
fn repeat_in_place(deque: &Deque, n: i64) -> Res<()> {
    deque.touch();
    let items = deque.snapshot();
    let len = items.len() as u128;
    let total = if n <= 0 { 0 } else { len * n as u128 };
    let keep = deque.maxlen.get().map_or(total, |max| total.min(max as u128));
    if keep > (isize::MAX as u128) / 16 {
        return raise(ExcKind::MemoryError, "");
    }
    let start = total - keep;
    let repeated: VecDeque<PyRef> =
        (0..keep).map(|k| items[((start + k) % len.max(1)) as usize].clone()).collect();
    let old = std::mem::replace(&mut *deque.items.borrow_mut(), repeated);
    drop(old);
    Ok(())
}

fn mul(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    let n = ops::to_index(&one_arg(&a)?)?;
    let result = copy_of(object, deque)?;
    if let Some(copy) = crate::object::native_type::state::<Deque>(&result) {
        repeat_in_place(copy, n)?;
    }
    Ok(result)
}

fn imul(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    let n = ops::to_index(&one_arg(&a)?)?;
    repeat_in_place(deque, n)?;
    Ok(object.clone())
}

fn reduce(a: Args) -> Res<PyRef> {
    let (object, deque) = this(&a)?;
    let class = types::type_of(object);
    let state = match object.instance().map(|i| i.dict.clone()) {
        Some(dict) if ops::len(&dict)? > 0 => dict,
        _ => rt::none(),
    };
    let args = match deque.maxlen.get() {
        Some(max) => rt::tuple(vec![rt::tuple(vec![]), rt::int(max as i64)]),
        None => rt::tuple(vec![]),
    };
    let iterator = new_deque_iterator(object, deque, false);
    Ok(rt::tuple(vec![class, args, state, iterator]))
}

fn maxlen(a: Args) -> Res<PyRef> {
    let (_, deque) = this(&a)?;
    Ok(deque.maxlen.get().map_or_else(rt::none, |max| rt::int(max as i64)))
}

fn class_getitem(a: Args) -> Res<PyRef> {
    let types_module = (crate::object::hooks::vm().import_module)("types")?;
    let alias = types::attr::getattr(&types_module, "GenericAlias")?;
    ops::call(&alias, a.positional.clone(), vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(deque: &Deque) -> Vec<i64> {
        deque.snapshot().iter().map(|v| ops::to_index(v).expect("an int")).collect()
    }

    fn filled(items: &[i64], maxlen: Option<usize>) -> Deque {
        let deque = Deque::new();
        deque.maxlen.set(maxlen);
        for &i in items {
            drop(deque.push(rt::int(i), false));
        }
        deque
    }

    /// A bounded deque drops from the end opposite to the one pushed at, and a bound of 0
    /// keeps nothing.
    #[test]
    fn maxlen_drops_from_the_other_end() {
        let deque = filled(&[1, 2, 3, 4], Some(3));
        assert_eq!(ints(&deque), [2, 3, 4]);
        let dropped = deque.push(rt::int(0), true).expect("one item dropped");
        assert_eq!(ops::to_index(&dropped).unwrap(), 4);
        assert_eq!(ints(&deque), [0, 2, 3]);
        let empty = filled(&[1, 2], Some(0));
        assert!(ints(&empty).is_empty());
        let state = deque.state.get();
        drop(deque.push(rt::int(9), false));
        assert_ne!(deque.state.get(), state, "every push is a mutation for the iterators");
    }

    /// Repetition in place keeps the last `maxlen` items of the whole repetition, without
    /// making the others (a huge count with a small bound is cheap).
    #[test]
    fn repetition_keeps_the_tail_of_the_repetition() {
        let deque = filled(&[1, 2, 3], None);
        repeat_in_place(&deque, 2).unwrap();
        assert_eq!(ints(&deque), [1, 2, 3, 1, 2, 3]);
        let bounded = filled(&[1, 2, 3], Some(4));
        repeat_in_place(&bounded, i64::MAX).unwrap();
        assert_eq!(ints(&bounded), [3, 1, 2, 3]);
        repeat_in_place(&bounded, 0).unwrap();
        assert!(ints(&bounded).is_empty());
        let unbounded = filled(&[1], None);
        assert!(repeat_in_place(&unbounded, i64::MAX).is_err(), "a MemoryError, not an abort");
    }
}
