//! A `ctypes` shim for the seed's "Forcefully deallocating objects" section, made safe:
//! `ctypes.pythonapi._Py_Dealloc(ctypes.py_object(x))` runs `x.__del__` (once, PEP 442),
//! clears its contents now, and marks it deallocated, so that any later use through a remaining
//! reference raises `ReferenceError` instead of crashing. Immortal objects (None, True, False,
//! small ints, built-in types) are refused, echoing CPython's "Fatal Python error: deallocating
//! None". Raw memory access (`from_address`) is refused too.

use rcgc::Gc;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime as rt;
use crate::object::{alloc, Builtin, Kind, Module, PyRef};

fn native(name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Box::new(Builtin { name, function, receiver: None })))
}

fn module(name: &str, entries: Vec<(&str, PyRef)>) -> PyRef {
    let dict = rt::new_dict();
    for (key, value) in std::iter::once(("__name__", rt::str(name))).chain(entries) {
        rt::dict_set_str(&dict, key, value);
    }
    alloc(Kind::Module(Box::new(Module { name: name.into(), dict })))
}

/// The `ctypes` module.
pub fn ctypes_module() -> PyRef {
    let pythonapi = module("pythonapi", vec![("_Py_Dealloc", native("_Py_Dealloc", py_dealloc))]);
    module(
        "ctypes",
        vec![
            ("py_object", native("py_object", py_object)),
            ("pythonapi", pythonapi),
            ("c_char", native("c_char", |_| refuse_raw_memory())),
            ("sizeof", native("sizeof", |_| refuse_raw_memory())),
        ],
    )
}

fn refuse_raw_memory<T>() -> Res<T> {
    rt::raise(ExcKind::NotImplementedError, "pyrc's ctypes does not give access to raw memory")
}

/// `ctypes.py_object(x)`: a tuple-like box holding `x` (what `_Py_Dealloc` receives).
fn py_object(a: Args) -> Res<PyRef> {
    match a.positional.first() {
        Some(object) => {
            let boxed = rt::instance(py_object_class());
            crate::types::attr::setattr(&boxed, "value", object.clone())?;
            Ok(boxed)
        }
        None => rt::type_error("py_object() takes exactly one argument"),
    }
}

thread_local! {
    static PY_OBJECT: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

fn py_object_class() -> PyRef {
    PY_OBJECT.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| {
                let object = rt::builtin_type(crate::types::BuiltinType::Object);
                let class =
                    crate::types::new_class("py_object", vec![object], rt::new_dict(), None)
                        .expect("a simple MRO");
                Gc::make_immortal(&class);
                class
            })
            .clone()
    })
}

/// `ctypes.pythonapi._Py_Dealloc(py_object)`.
fn py_dealloc(a: Args) -> Res<PyRef> {
    let Some(argument) = a.positional.first() else {
        return rt::type_error("_Py_Dealloc() takes exactly one argument");
    };
    let target = match &argument.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
            if argument
                .instance()
                .is_some_and(|instance| Gc::ptr_eq(&instance.class(), &py_object_class())) =>
        {
            crate::types::attr::getattr(argument, "value")?
        }
        _ => argument.clone(),
    };
    deallocate(&target)?;
    Ok(rt::none())
}

/// Forcibly deallocates `object` (see the module documentation).
pub fn deallocate(object: &PyRef) -> Res<()> {
    if Gc::is_immortal(object) {
        let description = match &object.kind {
            Kind::None => "None".to_string(),
            _ => crate::types::ops::repr(object).map(|r| r.to_string()).unwrap_or_default(),
        };
        return rt::raise(
            ExcKind::SystemError,
            format!("deallocating {description}: refused, the object is immortal (CPython: \"Fatal Python error: deallocating {description}\")"),
        );
    }
    if object.is_deallocated() {
        return Err(ExcInfo::new(rt::exception(
            ExcKind::ReferenceError,
            "the object was already deallocated",
        )));
    }
    // `__del__` first, once (PEP 442), while the contents are intact.
    Gc::finalize_now(object);
    object.mark_deallocated();
    // Contents are cleared now; what they held is released after each borrow ends.
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            clear_dict(&instance.dict)
        }
        Kind::Dict(d) | Kind::Set(d) => {
            let entries = d.borrow_mut().take_all();
            drop(entries);
        }
        Kind::List(items) => {
            let taken = std::mem::take(&mut *items.borrow_mut());
            drop(taken);
        }
        Kind::Cell(content) => {
            let taken = content.borrow_mut().take();
            drop(taken);
        }
        Kind::File(state) => {
            let file = state.borrow_mut().file.take();
            drop(file);
        }
        _ => {}
    }
    Ok(())
}

fn clear_dict(dict: &PyRef) {
    if let Kind::Dict(d) = &dict.kind {
        let entries = d.borrow_mut().take_all();
        drop(entries);
    }
}
