//! The instructions' helpers: names, unpacking, formatting, exceptions, imports.

use std::cell::Cell;
use std::rc::Rc;

use rcgc::Gc;

use crate::compile::code::Code;
use crate::object::code::CodeObject;
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Kwargs;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types;
use crate::types::attr;
use crate::types::ops;

use super::report::set_context_if_unset;
use super::Frame;

// ---- names -------------------------------------------------------------------------------

pub(crate) fn cell_get(cell: &PyRef) -> Option<PyRef> {
    match &cell.kind {
        Kind::Cell(content) => content.borrow().clone(),
        _ => None,
    }
}

pub(crate) fn cell_set(cell: &PyRef, value: Option<PyRef>) -> Option<PyRef> {
    match &cell.kind {
        Kind::Cell(content) => std::mem::replace(&mut *content.borrow_mut(), value),
        _ => None,
    }
}

pub(crate) fn dict_lookup(dict: &PyRef, name: &str) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => d.borrow().get_str(name),
        _ => None,
    }
}

fn dict_lookup_hashed(dict: &PyRef, name: &str, hash: i64) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => d.borrow().get_str_hashed(name, hash),
        _ => None,
    }
}

/// Name `index` of `code` in `dict`, through the slot remembered in `hint`.
fn cached_lookup(dict: &PyRef, code: &CodeObject, index: usize, hint: &Cell<u32>) -> Option<PyRef> {
    let Kind::Dict(d) = &dict.kind else { return None };
    let d = d.borrow();
    let remembered = hint.get();
    if remembered != 0 {
        if let Some((_, key, value)) = d.entry_at(remembered as usize - 1) {
            if Gc::ptr_eq(key, &code.name_objects[index]) {
                return Some(value.clone());
            }
        }
    }
    let slot = d.find_str(&code.code.names[index], code.name_hashes[index])?;
    if let Ok(slot) = u32::try_from(slot + 1) {
        hint.set(slot);
    }
    d.value_at(slot)
}

/// `LoadGlobal`: name `index` of `code` in the module namespace, then in builtins.
pub(crate) fn load_global_cached(globals: &PyRef, code: &CodeObject, index: usize) -> Res<PyRef> {
    let keys_version = |dict: &PyRef| match &dict.kind {
        Kind::Dict(d) => d.borrow().keys_version(),
        _ => None,
    };
    let absent = &code.globals_absent[index];
    if absent.get() == 0 || keys_version(globals) != Some(absent.get()) {
        if let Some(value) = cached_lookup(globals, code, index, &code.global_hints[index]) {
            return Ok(value);
        }
        absent.set(keys_version(globals).unwrap_or(0));
    }
    let hint = &code.builtin_hints[index];
    if let Some(value) = rt::with(|r| cached_lookup(&r.builtins, code, index, hint)) {
        return Ok(value);
    }
    let name = &code.code.names[index];
    raise(ExcKind::NameError, format!("name '{name}' is not defined"))
}

/// A global name (whose str hash is `hash`): the module namespace, then builtins.
pub(crate) fn load_global(globals: &PyRef, name: &str, hash: i64) -> Res<PyRef> {
    if let Some(value) = dict_lookup_hashed(globals, name, hash) {
        return Ok(value);
    }
    if let Some(value) = rt::with(|r| dict_lookup_hashed(&r.builtins, name, hash)) {
        return Ok(value);
    }
    raise(ExcKind::NameError, format!("name '{name}' is not defined"))
}

/// `StoreGlobal`: name `index` of `code` set in the module namespace, through the slot
/// remembered in the name's globals hint (as `load_global_cached` reads it).
pub(crate) fn store_global_cached(globals: &PyRef, code: &CodeObject, index: usize, value: PyRef) {
    let Kind::Dict(d) = &globals.kind else { return };
    crate::object::track_dict_for(globals, &value);
    let hint = &code.global_hints[index];
    let remembered = hint.get();
    let old = {
        let mut d = d.borrow_mut();
        let hit = remembered != 0
            && d.entry_at(remembered as usize - 1)
                .is_some_and(|(_, key, _)| Gc::ptr_eq(key, &code.name_objects[index]));
        if hit {
            d.replace_value(remembered as usize - 1, value)
        } else {
            d.set_name_hashed(&code.code.names[index], code.name_hashes[index], value)
        }
    };
    // Dropped after the borrow: the old value's `__del__` may use the namespace.
    drop(old);
}

pub(crate) fn set_in_dict(dict: &PyRef, name: &Rc<str>, value: PyRef) {
    if let Kind::Dict(d) = &dict.kind {
        crate::object::track_dict_for(dict, &value);
        let old = d.borrow_mut().set_name(name, value);
        drop(old);
    }
}

/// `del name` in a namespace dict.
pub(crate) fn delete_from(dict: &PyRef, name: &str) -> Res<()> {
    let removed = match &dict.kind {
        Kind::Dict(d) => {
            let entry = d.borrow_mut().remove_str(name);
            entry.map(|e| e.value)
        }
        _ => None,
    };
    match removed {
        // Dropped here, after every borrow: `__del__` may run now (the seed's `del t`).
        Some(value) => {
            drop(value);
            Ok(())
        }
        None => raise(ExcKind::NameError, format!("name '{name}' is not defined")),
    }
}

pub(crate) fn unbound_local<T>(code: &Code, slot: u32) -> Res<T> {
    let name = code.slot_names.get(slot as usize).map(|n| &**n).unwrap_or("?");
    raise(
        ExcKind::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

pub(crate) fn unbound_free<T>(code: &Code, index: u32) -> Res<T> {
    let name = code.scope.freevars.get(index as usize).map(|n| &**n).unwrap_or("?");
    raise(
        ExcKind::NameError,
        format!(
            "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
        ),
    )
}

// ---- calls -------------------------------------------------------------------------------

/// `f(**mapping)` merged into the keywords dict `dict`: str keys, each once.
pub(crate) fn dict_merge(dict: &PyRef, mapping: &PyRef) -> Res<()> {
    for (key, value) in ops::mapping_items(mapping)? {
        let Some(name) = crate::object::str_text(&key) else {
            return type_error("keywords must be strings");
        };
        if dict_lookup(dict, name).is_some() {
            return type_error(format!("got multiple values for keyword argument '{name}'"));
        }
        ops::dict_set(dict, key, value)?;
    }
    Ok(())
}

/// The keyword arguments in a dict built by `DictMerge`.
pub(crate) fn keyword_list(dict: &PyRef) -> Res<Kwargs> {
    let mut keywords = Vec::new();
    for (key, value) in ops::mapping_items(dict)? {
        match crate::object::str_text(&key) {
            Some(name) => keywords.push((Rc::from(name), value)),
            None => return type_error("keywords must be strings"),
        }
    }
    Ok(keywords)
}

/// `super()` in a method: its defining class and its first argument.
pub fn zero_argument_super(frame: &Frame) -> Res<PyRef> {
    let Some(class) = frame.defining_class.clone() else {
        return raise(ExcKind::RuntimeError, "super(): __class__ cell not found");
    };
    let receiver = frame.fast.first().cloned().flatten().and_then(|first| match &first.kind {
        Kind::Cell(_) if frame.code.code.cell_slots.contains(&0) => cell_get(&first),
        _ => Some(first),
    });
    match receiver {
        Some(receiver) => Ok(alloc(Kind::Super { class, receiver })),
        None => raise(ExcKind::RuntimeError, "super(): no arguments"),
    }
}

// ---- values ------------------------------------------------------------------------------

/// An f-string field: conversion (`!s`, `!r`, `!a`), then `format(value, spec)`.
pub(crate) fn format_value(value: PyRef, conversion: u8, spec: Option<&PyRef>) -> Res<PyRef> {
    let value = match conversion {
        1 => rt::str(ops::str_of(&value)?),
        2 => rt::str(ops::repr(&value)?),
        3 => rt::str(crate::types::format::ascii(&ops::repr(&value)?)),
        _ => value,
    };
    let spec = spec.and_then(crate::object::str_text).unwrap_or("");
    if spec.is_empty() && matches!(value.kind, Kind::Str(..)) {
        return Ok(value);
    }
    Ok(rt::str(crate::types::format::format_value(&value, spec)?))
}

fn unpack_items(value: &PyRef) -> Res<Vec<PyRef>> {
    match ops::to_vec(value) {
        Ok(items) => Ok(items),
        Err(e) if rt::is_exception(&e.value, ExcKind::TypeError) && !is_iterable(value) => {
            type_error(format!("cannot unpack non-iterable {} object", types::type_name(value)))
        }
        Err(e) => Err(e),
    }
}

fn is_iterable(value: &PyRef) -> bool {
    ops::iter(value).is_ok()
}

/// `a, b, c = value`: pushes the `n` items of `value` onto `stack`, last item first (so that
/// the stores that follow pop them in order). A tuple or list of the right length is copied
/// without an intermediate vector; any other iterable is advanced at most `n + 1` times, as
/// CPython's `unpack_iterable` does, so unpacking an endless iterator fails instead of hanging.
pub(crate) fn unpack_onto(value: PyRef, n: usize, stack: &mut Vec<PyRef>) -> Res<()> {
    match &value.kind {
        Kind::Tuple(items) if items.len() == n => {
            stack.extend(items.iter().rev().cloned());
            return Ok(());
        }
        Kind::List(items) => {
            let items = items.borrow();
            if items.len() == n {
                stack.extend(items.iter().rev().cloned());
                return Ok(());
            }
        }
        _ => {}
    }
    let iterator = match ops::iter(&value) {
        Ok(iterator) => iterator,
        Err(e) if rt::is_exception(&e.value, ExcKind::TypeError) => {
            return type_error(format!(
                "cannot unpack non-iterable {} object",
                types::type_name(&value)
            ));
        }
        Err(e) => return Err(e),
    };
    let mut items = Vec::with_capacity(n);
    while items.len() < n {
        match ops::next(&iterator)? {
            Some(item) => items.push(item),
            None => {
                return rt::value_error(format!(
                    "not enough values to unpack (expected {n}, got {})",
                    items.len()
                ))
            }
        }
    }
    if ops::next(&iterator)?.is_some() {
        return rt::value_error(format!("too many values to unpack (expected {n})"));
    }
    stack.extend(items.into_iter().rev());
    Ok(())
}

/// `a, b = value` with local targets (`Instr::UnpackFast`): stores the items of `value`
/// into `slots` of `fast`, first item first. The old values are dropped as each store is
/// made (a finalizer they run sees the earlier stores, as after CPython's `STORE_FAST`s);
/// a list's items are copied out first, so such a finalizer may change the list.
pub(crate) fn unpack_to_slots(value: PyRef, slots: &[u32], fast: &mut [Option<PyRef>]) -> Res<()> {
    if let Kind::Tuple(items) = &value.kind {
        if items.len() == slots.len() {
            for (slot, item) in slots.iter().zip(items.iter()) {
                let old = fast[*slot as usize].replace(item.clone());
                drop(old);
            }
            return Ok(());
        }
    }
    let mut items = Vec::with_capacity(slots.len());
    unpack_onto(value, slots.len(), &mut items)?;
    // `unpack_onto` pushed the last item first.
    for slot in slots {
        let item = items.pop().expect("unpack_onto pushed one item per target");
        let old = fast[*slot as usize].replace(item);
        drop(old);
    }
    Ok(())
}

/// `before` items, a list of the middle ones, `after` items.
pub(crate) fn unpack_starred(value: PyRef, before: usize, after: usize) -> Res<Vec<PyRef>> {
    let mut items = unpack_items(&value)?;
    drop(value);
    if items.len() < before + after {
        return rt::value_error(format!(
            "not enough values to unpack (expected at least {}, got {})",
            before + after,
            items.len()
        ));
    }
    let tail = items.split_off(items.len() - after);
    let middle = items.split_off(before);
    items.push(rt::list(middle));
    items.extend(tail);
    Ok(items)
}

// ---- exceptions --------------------------------------------------------------------------

/// The exception a `raise` statement raises (`exc` absent: the one being handled).
pub(crate) fn raise_exception(exc: Option<PyRef>, cause: Option<PyRef>) -> Res<Exc> {
    let Some(exc) = exc else {
        let current = rt::with(|r| r.handling.borrow().last().cloned());
        return match current {
            Some(value) => Ok(ExcInfo::new(value)),
            None => Ok(ExcInfo::new(rt::exception(
                ExcKind::RuntimeError,
                "No active exception to reraise",
            ))),
        };
    };
    let value = make_exception(exc)?;
    if let Some(cause) = cause {
        let cause = if matches!(cause.kind, Kind::None) { cause } else { make_exception(cause)? };
        attr::setattr(&value, "__cause__", cause)?;
        attr::setattr(&value, "__suppress_context__", rt::boolean(true))?;
    }
    set_context_if_unset(&value, rt::with(|r| r.handling.borrow().last().cloned()));
    Ok(ExcInfo::new(value))
}

/// An exception instance from `raise X` (class or instance).
pub fn make_exception(value: PyRef) -> Res<PyRef> {
    let base = rt::exception_class(ExcKind::BaseException);
    match &value.kind {
        Kind::Class(_) if types::is_subclass(&value, &base) => ops::call(&value, vec![], vec![]),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
            if value
                .instance()
                .is_some_and(|instance| types::is_subclass(&instance.class(), &base)) =>
        {
            Ok(value)
        }
        _ => type_error("exceptions must derive from BaseException"),
    }
}

pub(crate) fn exception_matches(exc: &PyRef, spec: &PyRef) -> Res<bool> {
    match &spec.kind {
        Kind::Tuple(items) => {
            for item in items {
                if exception_matches(exc, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Class(_) => Ok(types::is_subclass(&types::type_of(exc), spec)),
        _ => type_error("catching classes that do not inherit from BaseException is not allowed"),
    }
}

pub(crate) fn special_method(object: &PyRef, name: &str) -> Res<PyRef> {
    match attr::lookup(object, name)? {
        Some(method) => Ok(method),
        None => type_error(format!(
            "'{}' object does not support the context manager protocol",
            types::type_name(object)
        )),
    }
}

// ---- modules and the REPL ------------------------------------------------------------------

/// `from module import *` into the frame's namespace.
pub(crate) fn import_star(frame: &Frame, module: &PyRef) -> Res<()> {
    let Kind::Module(m) = &module.kind else { return Ok(()) };
    let items = match &m.dict.kind {
        Kind::Dict(d) => d.borrow().items(),
        _ => vec![],
    };
    let public = attr::lookup(module, "__all__")?.map(|all| ops::to_vec(&all)).transpose()?;
    let namespace = frame.namespace.as_ref().unwrap_or(&frame.globals);
    for (key, value) in items {
        if let Some(key) = crate::object::str_text(&key) {
            let listed = match &public {
                Some(all) => all.iter().any(|n| crate::object::str_text(n) == Some(key)),
                None => !key.starts_with('_'),
            };
            if listed {
                set_in_dict(namespace, &Rc::from(key), value);
            }
        }
    }
    Ok(())
}

/// Shows an interactive expression statement's value through `sys.displayhook` (CPython's
/// `PRINT_EXPR`), looked up at the time, so that a program may replace it.
pub(crate) fn display(value: &PyRef) -> Res<()> {
    let sys = crate::vm::import::import_builtin("sys")?.expect("sys is built in");
    match attr::lookup(&sys, "displayhook")? {
        Some(hook) => ops::call(&hook, vec![value.clone()], vec![]).map(drop),
        None => rt::raise(ExcKind::RuntimeError, "lost sys.displayhook"),
    }
}
