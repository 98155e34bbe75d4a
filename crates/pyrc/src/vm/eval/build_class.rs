//! The `class` statement, as CPython's `__build_class__`: bases resolved through
//! `__mro_entries__`, the metaclass chosen (the `metaclass=` keyword, else the most derived
//! type of the bases), the namespace made by `__prepare__`, the body run in it, and the
//! metaclass called with the name, bases, namespace and the other keywords (which reach
//! `__init_subclass__` through `type.__new__`, `types::class_new`).
//!
//! A namespace made by `__prepare__` may be a mapping other than a dict (`enum`'s
//! `_EnumDict`, a dict subclass): a class body's names are then read and stored through
//! its `__getitem__`/`__setitem__` ([`namespace_get`], [`namespace_set`]).

use std::rc::Rc;

use crate::object::code::CodeObject;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Kwargs;
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::class_new::{calculate_metaclass, is_metaclass};
use crate::types::{self, attr, ops, BuiltinType};

use super::call::closure_for;
use super::support::{delete_from, dict_lookup, keyword_list, set_in_dict};
use super::{run_frame, Frame};

/// `MakeClass` / `MakeClassKw`: runs the class body `body` in a new namespace and makes the
/// class with `bases` (a tuple) and the header's keywords `keywords` (a dict).
pub(super) fn make_class(
    frame: &Frame,
    body: &Rc<CodeObject>,
    bases: PyRef,
    keywords: Option<PyRef>,
) -> Res<PyRef> {
    let name = body.code.name.clone();
    let original = match &bases.kind {
        Kind::Tuple(items) => items.to_vec(),
        _ => ops::to_vec(&bases)?,
    };
    let bases = resolve_bases(&original, &bases)?;
    let mut kwargs: Kwargs = match &keywords {
        Some(dict) => keyword_list(dict)?,
        None => Vec::new(),
    };
    let explicit = kwargs.iter().position(|(k, _)| &**k == "metaclass").map(|i| kwargs.remove(i).1);
    let metaclass = match explicit {
        Some(meta) if matches!(meta.kind, Kind::Class(_)) => calculate_metaclass(&meta, &bases)?,
        Some(meta) => meta,
        None => match bases.first() {
            Some(first) => calculate_metaclass(&types::type_of(first), &bases)?,
            None => rt::builtin_type(BuiltinType::Type),
        },
    };
    let bases_tuple = rt::tuple(bases.clone());
    let namespace = prepare(&metaclass, &name, &bases_tuple, &kwargs)?;
    let module_name =
        dict_lookup(&frame.globals, "__name__").unwrap_or_else(|| rt::str("__main__"));
    namespace_set(&namespace, &"__module__".into(), module_name)?;
    let qualname = body.code.qualname.clone();
    namespace_set(&namespace, &"__qualname__".into(), rt::str(qualname))?;
    if original.len() != bases.len()
        || original.iter().zip(&bases).any(|(a, b)| !rcgc::Gc::ptr_eq(a, b))
    {
        namespace_set(&namespace, &"__orig_bases__".into(), rt::tuple(original))?;
    }
    let mut body_frame = Frame::new(body.clone(), frame.globals.clone(), closure_for(frame, body)?);
    body_frame.namespace = Some(namespace.clone());
    check_recursion()?;
    let result = run_frame(&mut body_frame);
    leave_recursion();
    result?;
    drop(body_frame);
    ops::call(&metaclass, vec![rt::str(name), bases_tuple, namespace], kwargs)
}

/// The bases after `__mro_entries__` (PEP 560): a base that is not a class but has the
/// method is replaced by what it returns.
fn resolve_bases(original: &[PyRef], tuple: &PyRef) -> Res<Vec<PyRef>> {
    let mut bases = Vec::with_capacity(original.len());
    for base in original {
        if matches!(base.kind, Kind::Class(_)) {
            bases.push(base.clone());
            continue;
        }
        match attr::lookup(base, "__mro_entries__")? {
            Some(method) => {
                let entries = ops::call(&method, vec![tuple.clone()], vec![])?;
                let Kind::Tuple(items) = &entries.kind else {
                    return type_error("__mro_entries__ must return a tuple");
                };
                bases.extend(items.iter().cloned());
            }
            None => bases.push(base.clone()),
        }
    }
    Ok(bases)
}

/// The class body's namespace: `metaclass.__prepare__(name, bases, **kwargs)`, or a new dict.
fn prepare(metaclass: &PyRef, name: &Rc<str>, bases: &PyRef, kwargs: &Kwargs) -> Res<PyRef> {
    let is_type = matches!(&metaclass.kind, Kind::Class(d) if d.builtin == Some(BuiltinType::Type));
    if is_type || (!is_metaclass(metaclass) && matches!(metaclass.kind, Kind::Class(_))) {
        return Ok(rt::new_dict());
    }
    let Some(prepare) = attr::lookup(metaclass, "__prepare__")? else {
        return Ok(rt::new_dict());
    };
    let namespace =
        ops::call(&prepare, vec![rt::str(name.clone()), bases.clone()], kwargs.clone())?;
    if matches!(namespace.kind, Kind::Dict(_)) || attr::lookup(&namespace, "__getitem__")?.is_some()
    {
        return Ok(namespace);
    }
    let meta_name = match &metaclass.kind {
        Kind::Class(data) => data.name.to_string(),
        _ => "<metaclass>".to_string(),
    };
    type_error(format!(
        "{meta_name}.__prepare__() must return a mapping, not {}",
        types::type_name(&namespace)
    ))
}

/// `name` in a class body's namespace (`None`: absent, look in the globals).
pub(super) fn namespace_get(namespace: &PyRef, name: &str) -> Res<Option<PyRef>> {
    if matches!(namespace.kind, Kind::Dict(_)) {
        return Ok(dict_lookup(namespace, name));
    }
    match ops::getitem(namespace, &rt::str(name)) {
        Ok(value) => Ok(Some(value)),
        Err(e) if rt::is_exception(&e.value, ExcKind::KeyError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Stores `name` in a class body's namespace.
pub(super) fn namespace_set(namespace: &PyRef, name: &Rc<str>, value: PyRef) -> Res<()> {
    if matches!(namespace.kind, Kind::Dict(_)) {
        set_in_dict(namespace, name, value);
        return Ok(());
    }
    ops::setitem(namespace, &rt::str(name.clone()), value)
}

/// Deletes `name` from a class body's namespace.
pub(super) fn namespace_delete(namespace: &PyRef, name: &str) -> Res<()> {
    if matches!(namespace.kind, Kind::Dict(_)) {
        return delete_from(namespace, name);
    }
    match ops::delitem(namespace, &rt::str(name)) {
        Err(e) if rt::is_exception(&e.value, ExcKind::KeyError) => {
            rt::raise(ExcKind::NameError, format!("name '{name}' is not defined"))
        }
        other => other,
    }
}
