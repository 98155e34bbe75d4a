//! The `gc` module: Python's names for rcgc's collector controls, one to one, plus
//! `gc.callbacks` and `gc.garbage` as Python lists kept in step with rcgc.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{Kind, PyObject, PyRef};
use crate::types::ops;
use rcgc::Gc;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use super::{native, new_module};

thread_local! {
    /// `gc.garbage`: the Python list rcgc's uncollectable objects are moved into.
    static GARBAGE: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

thread_local! {
    /// `gc.callbacks`: the Python list of callables called around each collection.
    static CALLBACKS: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

fn callbacks_list() -> PyRef {
    CALLBACKS.with(|c| c.borrow_mut().get_or_insert_with(|| rt::list(vec![])).clone())
}

/// Calls every callable of `gc.callbacks` with `(phase, info)`, as CPython's
/// `invoke_gc_callback`; an exception is reported ("Exception ignored in") and the others run.
fn run_python_callbacks(phase: rcgc::Phase, info: &rcgc::CollectionInfo) {
    let callbacks = match &callbacks_list().kind {
        Kind::List(items) => items.borrow().clone(),
        _ => return,
    };
    if callbacks.is_empty() {
        return;
    }
    let details = ops::dict_from(vec![
        (rt::str("generation"), rt::int(info.generation as i64)),
        (rt::str("collected"), rt::int(info.collected as i64)),
        (rt::str("uncollectable"), rt::int(info.uncollectable as i64)),
    ]);
    let Ok(details) = details else { return };
    for callback in callbacks {
        let result = ops::call(&callback, vec![rt::str(phase.as_str()), details.clone()], vec![]);
        if let Err(exc) = result {
            let description = ops::repr(&callback).map(|r| r.to_string()).unwrap_or_default();
            let _ = std::io::stdout().flush();
            eprintln!("Exception ignored in: {description}");
            crate::vm::eval::print_exception(&exc);
        }
    }
}

fn garbage_list() -> PyRef {
    GARBAGE.with(|g| g.borrow_mut().get_or_insert_with(|| rt::list(vec![])).clone())
}

/// Moves what rcgc found uncollectable into `gc.garbage` (a Python list, as in CPython).
fn sync_garbage() {
    let found = rcgc::take_garbage();
    if found.is_empty() {
        return;
    }
    let list = garbage_list();
    if let Kind::List(items) = &list.kind {
        for object in found {
            if let Some(object) = object.downcast::<PyObject>() {
                items.borrow_mut().push(object);
            }
        }
    }
}

/// Hooks rcgc up to the interpreter: `gc.garbage` syncing and Python reprs in debug output.
pub fn install_gc_hooks() {
    rcgc::add_callback(|phase, info| {
        if phase == rcgc::Phase::Stop {
            sync_garbage();
        }
        run_python_callbacks(phase, info);
    });
    rcgc::set_object_describer(Some(Box::new(|object: &rcgc::GcAny| {
        match object.downcast::<PyObject>() {
            Some(o) => format!("<{} {:p}>", crate::types::type_name(&o), object.as_ptr()),
            None => format!("<{} {:p}>", object.type_name(), object.as_ptr()),
        }
    })));
    rcgc::set_debug_output(Some(Box::new(|line: &str| {
        let _ = std::io::stdout().flush();
        eprint!("{line}");
    })));
}

fn generation_arg(a: &Args, name: &str) -> Res<Option<usize>> {
    let value = a.positional.first().cloned().or_else(|| a.keyword("generation"));
    match value {
        None => Ok(None),
        Some(v) if matches!(v.kind, Kind::None) && name == "get_objects" => Ok(None),
        Some(v) => {
            let g = ops::to_index(&v)?;
            if !(0..3).contains(&g) {
                return if name == "get_objects" {
                    value_error("generation parameter must be less than the number of available generations (3)")
                } else {
                    value_error("invalid generation")
                };
            }
            Ok(Some(g as usize))
        }
    }
}

pub fn gc_module() -> PyRef {
    let int = |v: usize| rt::int(v as i64);
    new_module(
        "gc",
        vec![
            (
                "enable",
                native("enable", |_| {
                    rcgc::enable();
                    Ok(rt::none())
                }),
            ),
            (
                "disable",
                native("disable", |_| {
                    rcgc::disable();
                    Ok(rt::none())
                }),
            ),
            ("isenabled", native("isenabled", |_| Ok(rt::boolean(rcgc::is_enabled())))),
            (
                "collect",
                native("collect", |a| {
                    let generation = generation_arg(&a, "collect")?.unwrap_or(2);
                    let found = rcgc::collect_generation(generation);
                    sync_garbage();
                    Ok(rt::int(found as i64))
                }),
            ),
            (
                "get_count",
                native("get_count", |_| {
                    let (a, b, c) = rcgc::get_count();
                    Ok(rt::tuple(vec![rt::int(a as i64), rt::int(b as i64), rt::int(c as i64)]))
                }),
            ),
            (
                "get_threshold",
                native("get_threshold", |_| {
                    let (a, b, c) = rcgc::get_threshold();
                    Ok(rt::tuple(vec![rt::int(a as i64), rt::int(b as i64), rt::int(c as i64)]))
                }),
            ),
            (
                "set_threshold",
                native("set_threshold", |a| {
                    if a.positional.is_empty() || a.positional.len() > 3 {
                        return type_error("set_threshold() takes 1 to 3 arguments");
                    }
                    let current = rcgc::get_threshold();
                    let mut values = [current.0, current.1, current.2];
                    for (i, v) in a.positional.iter().enumerate() {
                        let n = ops::to_index(v)?;
                        values[i] = n.max(0) as usize;
                    }
                    rcgc::set_threshold(values[0], values[1], values[2]);
                    Ok(rt::none())
                }),
            ),
            (
                "get_stats",
                native("get_stats", |_| {
                    let mut out = Vec::new();
                    for stats in rcgc::get_stats() {
                        out.push(ops::dict_from(vec![
                            (rt::str("collections"), rt::int(stats.collections as i64)),
                            (rt::str("collected"), rt::int(stats.collected as i64)),
                            (rt::str("uncollectable"), rt::int(stats.uncollectable as i64)),
                        ])?);
                    }
                    Ok(rt::list(out))
                }),
            ),
            ("get_debug", native("get_debug", |_| Ok(rt::int(rcgc::get_debug() as i64)))),
            (
                "set_debug",
                native("set_debug", |a| {
                    let flags = ops::to_index(a.positional.first().ok_or_else(|| {
                        ExcInfo::new(rt::exception(
                            ExcKind::TypeError,
                            "set_debug() takes exactly one argument",
                        ))
                    })?)?;
                    rcgc::set_debug(flags.max(0) as u32);
                    Ok(rt::none())
                }),
            ),
            (
                "is_tracked",
                native("is_tracked", |a| {
                    let object = a.positional.first().ok_or_else(|| {
                        ExcInfo::new(rt::exception(
                            ExcKind::TypeError,
                            "is_tracked() takes exactly one argument",
                        ))
                    })?;
                    Ok(rt::boolean(Gc::is_tracked(object)))
                }),
            ),
            (
                "is_finalized",
                native("is_finalized", |a| {
                    let object = a.positional.first().ok_or_else(|| {
                        ExcInfo::new(rt::exception(
                            ExcKind::TypeError,
                            "is_finalized() takes exactly one argument",
                        ))
                    })?;
                    Ok(rt::boolean(Gc::is_finalized(object)))
                }),
            ),
            (
                "freeze",
                native("freeze", |_| {
                    rcgc::freeze();
                    Ok(rt::none())
                }),
            ),
            (
                "unfreeze",
                native("unfreeze", |_| {
                    rcgc::unfreeze();
                    Ok(rt::none())
                }),
            ),
            (
                "get_freeze_count",
                native("get_freeze_count", |_| Ok(rt::int(rcgc::get_freeze_count() as i64))),
            ),
            (
                "get_objects",
                native("get_objects", |a| {
                    let generation = generation_arg(&a, "get_objects")?;
                    let objects = rcgc::get_objects(generation)
                        .into_iter()
                        .filter_map(|o| o.downcast::<PyObject>())
                        .collect::<Vec<_>>();
                    Ok(rt::list(objects))
                }),
            ),
            (
                "get_referents",
                native("get_referents", |a| {
                    let mut out = Vec::new();
                    for object in &a.positional {
                        for referent in rcgc::get_referents(&Gc::erase(object)) {
                            if let Some(r) = referent.downcast::<PyObject>() {
                                out.push(r);
                            }
                        }
                    }
                    Ok(rt::list(out))
                }),
            ),
            (
                "get_referrers",
                native("get_referrers", |a| {
                    let wanted: Vec<rcgc::GcAny> = a.positional.iter().map(Gc::erase).collect();
                    let found = rcgc::get_referrers(&wanted)
                        .into_iter()
                        .filter_map(|o| o.downcast::<PyObject>())
                        .collect::<Vec<_>>();
                    Ok(rt::list(found))
                }),
            ),
            ("garbage", garbage_list()),
            ("callbacks", callbacks_list()),
            (
                "set_legacy_finalizers",
                native("set_legacy_finalizers", |a| {
                    // pyrc's switch for the seed's "Remarks" (Python before 3.4): cycles holding an
                    // object with `__del__` are not freed but kept in gc.garbage (also `-X legacy_gc`).
                    let on = match a.positional.first() {
                        Some(flag) => ops::truthy(flag)?,
                        None => {
                            return type_error("set_legacy_finalizers() takes exactly one argument")
                        }
                    };
                    rcgc::set_legacy_finalizers(on);
                    rt::with(|r| r.legacy_gc.set(on));
                    Ok(rt::none())
                }),
            ),
            (
                "get_legacy_finalizers",
                native("get_legacy_finalizers", |_| Ok(rt::boolean(rcgc::legacy_finalizers()))),
            ),
            ("DEBUG_STATS", int(rcgc::DEBUG_STATS as usize)),
            ("DEBUG_COLLECTABLE", int(rcgc::DEBUG_COLLECTABLE as usize)),
            ("DEBUG_UNCOLLECTABLE", int(rcgc::DEBUG_UNCOLLECTABLE as usize)),
            ("DEBUG_SAVEALL", int(rcgc::DEBUG_SAVEALL as usize)),
            ("DEBUG_LEAK", int(rcgc::DEBUG_LEAK as usize)),
        ],
    )
}

/// Keeps `Rc` in scope for signatures that need it.
pub type Name = Rc<str>;
