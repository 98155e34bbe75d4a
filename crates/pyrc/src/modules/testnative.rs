//! `_testnative`: a native class that exercises every part of the native-type facility
//! (`object::native_type`, `types::native_class`) from Python, as CPython's `_testcapi` does
//! for its C API: `_testnative.Counter(start=0)` holds an int and one object in Rust state, is
//! subclassable, has a `__dict__`, read-only and read-write attributes, and the special
//! methods `__repr__`, `__len__`, `__iter__`/`__next__`, `__getitem__`/`__setitem__`,
//! `__contains__`, `__eq__`/`__hash__`, `__enter__`/`__exit__`, `__copy__`/`__deepcopy__`,
//! `__bool__`, `__class_getitem__`. The golden program `native_types` drives it (with a cycle
//! through its Rust state, collected by `gc.collect()`).

use std::cell::{Cell, RefCell};

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{
    args_after_self, state_of, AttrDef, NativeClassDef, NativeObject,
};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::PyRef;
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::ops;

/// A `Counter`'s state: changed through `Cell`/`RefCell` and borrowed only around Rust code.
struct Counter {
    value: Cell<i64>,
    payload: RefCell<PyRef>,
}

impl NativeObject for Counter {
    fn trace(&self, visitor: &mut Visitor) {
        if let Ok(payload) = self.payload.try_borrow() {
            visitor.visit(&payload);
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static COUNTER: NativeClassDef = NativeClassDef {
    name: "Counter",
    module: "_testnative",
    new: Some(counter_new),
    methods: &[
        MethodDef { name: "incr", function: incr },
        MethodDef { name: "__repr__", function: repr },
        MethodDef { name: "__len__", function: len },
        MethodDef { name: "__bool__", function: truth },
        MethodDef { name: "__iter__", function: iter },
        MethodDef { name: "__next__", function: next },
        MethodDef { name: "__getitem__", function: getitem },
        MethodDef { name: "__setitem__", function: setitem },
        MethodDef { name: "__contains__", function: contains },
        MethodDef { name: "__eq__", function: eq },
        MethodDef { name: "__hash__", function: hash },
        MethodDef { name: "__enter__", function: enter },
        MethodDef { name: "__exit__", function: exit },
        MethodDef { name: "__copy__", function: copy },
        MethodDef { name: "__deepcopy__", function: copy },
    ],
    class_methods: &[MethodDef { name: "__class_getitem__", function: class_getitem }],
    attributes: &[
        AttrDef { name: "value", get: get_value, set: Some(set_value) },
        AttrDef { name: "payload", get: get_payload, set: Some(set_payload) },
        AttrDef { name: "doubled", get: get_doubled, set: None },
    ],
    has_dict: true,
    subclassable: true,
};

thread_local! {
    static CLASS: PyRef = make_class(&COUNTER, Vec::new());
}

fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

/// `import _testnative`.
pub fn module() -> PyRef {
    super::new_module("_testnative", vec![("Counter", class())])
}

fn this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a Counter)> {
    state_of::<Counter>(a, &COUNTER)
}

fn counter_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &class())?.clone();
    let values = a.bind("Counter", &["cls", "start"], 1, &[])?;
    let start = match &values[1] {
        Some(start) => ops::to_index(start)?,
        None => 0,
    };
    Ok(new_object(&cls, Counter { value: Cell::new(start), payload: RefCell::new(rt::none()) }))
}

fn incr(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let by = match args_after_self(&a) {
        [] => 1,
        [by] => ops::to_index(by)?,
        more => return type_error(format!("incr expected at most 1 argument, got {}", more.len())),
    };
    counter.value.set(counter.value.get() + by);
    Ok(rt::none())
}

fn repr(a: Args) -> Res<PyRef> {
    let (object, counter) = this(&a)?;
    let name = crate::types::type_name(object);
    Ok(rt::str(format!("{name}({})", counter.value.get())))
}

fn len(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    if counter.value.get() < 0 {
        return raise(ExcKind::ValueError, "__len__() should return >= 0");
    }
    Ok(rt::int(counter.value.get()))
}

fn truth(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    Ok(rt::boolean(counter.value.get() != 0))
}

fn iter(a: Args) -> Res<PyRef> {
    let (object, _) = this(&a)?;
    Ok(object.clone())
}

/// Counts down to zero.
fn next(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let value = counter.value.get();
    if value <= 0 {
        return raise(ExcKind::StopIteration, "");
    }
    counter.value.set(value - 1);
    Ok(rt::int(value))
}

fn index_arg(a: &Args) -> Res<i64> {
    match args_after_self(a).first() {
        Some(index) => ops::to_index(index),
        None => type_error("expected an index"),
    }
}

fn getitem(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let index = index_arg(&a)?;
    if index < 0 || index >= counter.value.get() {
        return raise(ExcKind::IndexError, "Counter index out of range");
    }
    Ok(rt::int(index * 10))
}

fn setitem(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let index = index_arg(&a)?;
    counter.value.set(index);
    Ok(rt::none())
}

fn contains(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let index = index_arg(&a)?;
    Ok(rt::boolean((0..counter.value.get()).contains(&index)))
}

fn eq(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let other = args_after_self(&a).first().and_then(crate::object::native_type::state::<Counter>);
    Ok(match other {
        Some(other) => rt::boolean(other.value.get() == counter.value.get()),
        None => rt::not_implemented(),
    })
}

fn hash(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    Ok(rt::int(counter.value.get().wrapping_mul(31)))
}

fn enter(a: Args) -> Res<PyRef> {
    let (object, counter) = this(&a)?;
    counter.value.set(counter.value.get() + 100);
    Ok(object.clone())
}

fn exit(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    counter.value.set(counter.value.get() - 100);
    // Suppresses nothing.
    Ok(rt::boolean(false))
}

fn copy(a: Args) -> Res<PyRef> {
    let (object, counter) = this(&a)?;
    let payload = counter.payload.borrow().clone();
    let state = Counter { value: Cell::new(counter.value.get()), payload: RefCell::new(payload) };
    Ok(new_object(&crate::types::type_of(object), state))
}

fn class_getitem(a: Args) -> Res<PyRef> {
    let cls = a.positional.first().cloned().unwrap_or_else(rt::none);
    let item = a.positional.get(1).cloned().unwrap_or_else(rt::none);
    Ok(rt::tuple(vec![cls, item]))
}

fn get_value(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    Ok(rt::int(counter.value.get()))
}

fn set_value(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let value = index_arg(&a)?;
    counter.value.set(value);
    Ok(rt::none())
}

fn get_doubled(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    Ok(rt::int(counter.value.get() * 2))
}

fn get_payload(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let payload = counter.payload.borrow().clone();
    Ok(payload)
}

fn set_payload(a: Args) -> Res<PyRef> {
    let (_, counter) = this(&a)?;
    let value = args_after_self(&a).first().cloned().unwrap_or_else(rt::none);
    // The old payload is dropped after the borrow ends: its drop may run Python code.
    let old = counter.payload.replace(value);
    drop(old);
    Ok(rt::none())
}
