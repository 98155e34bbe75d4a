//! `weakref.ReferenceType`'s methods: call, `__init__`, comparison, hash, repr, `__callback__`.

use rcgc::Gc;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::ops::{self, CompareOp};
use crate::types::{self};

use super::*;

pub(super) fn receiver(a: &Args) -> Res<PyRef> {
    match a.positional.first() {
        Some(object) if kind_of(object).is_some() => Ok(object.clone()),
        _ => type_error(format!("descriptor '{}' requires a weakref object", a.name)),
    }
}

pub(super) fn ref_call(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    if !a.keywords.is_empty() {
        return type_error("weakref() takes no keyword arguments");
    }
    if a.positional.len() > 1 {
        return type_error(format!("weakref expected 0 arguments, got {}", a.positional.len() - 1));
    }
    Ok(referent(&this).unwrap_or_else(rt::none))
}

/// `ReferenceType.__init__(self, target[, callback])`: `__new__` did the work; as CPython's,
/// it only checks its arguments (keywords are ignored).
pub(super) fn ref_init(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let rest = Args {
        name: a.name,
        receiver: None,
        positional: a.positional[1..].to_vec(),
        keywords: Vec::new(),
    };
    let (target, callback) = target_and_callback(&rest, "__init__")?;
    if handle_of(&this).is_none() {
        check_weakrefable(&target)?;
        attach(&this, &target, callback, false, false);
    }
    Ok(rt::none())
}

pub(super) fn ref_compare(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let Some(other) = a.positional.get(1).cloned() else {
        return type_error(format!("expected 1 argument, got {}", a.positional.len() - 1));
    };
    if kind_of(&other).is_none() {
        return Ok(rt::not_implemented());
    }
    let equal_op = a.name == "__eq__";
    match (referent(&this), referent(&other)) {
        (Some(x), Some(y)) => {
            ops::compare(&x, &y, if equal_op { CompareOp::Eq } else { CompareOp::Ne })
        }
        _ => Ok(rt::boolean(Gc::ptr_eq(&this, &other) == equal_op)),
    }
}

pub(super) fn ref_hash(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let Some(instance) = this.instance() else { unreachable!("a weakref object") };
    if let Some(hash) = rt::dict_get_str_hashed(&instance.dict, HASH.text, HASH.hash) {
        return Ok(hash);
    }
    let Some(target) = referent(&this) else {
        return type_error("weak object has gone away");
    };
    let hash = rt::int(ops::hash(&target)?);
    rt::dict_set_str(&instance.dict, HASH.text, hash.clone());
    Ok(hash)
}

pub(super) fn ref_repr(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let text = match referent(&this) {
        None => format!("<weakref at {}; dead>", address(&this)),
        Some(target) => {
            // CPython looks `__name__` up without the instance's `__getattr__`
            // (`_PyObject_LookupSpecial`, gh-99184).
            let name = match crate::types::attr::lookup(&target, "__name__") {
                Ok(Some(name)) => crate::object::str_text(&name).map(str::to_owned),
                Ok(None) => None,
                Err(e) if rt::is_exception(&e.value, ExcKind::AttributeError) => None,
                Err(e) => return Err(e),
            };
            let start = format!(
                "<weakref at {}; to '{}' at {}",
                address(&this),
                types::type_name(&target),
                address(&target)
            );
            match name {
                Some(name) => format!("{start} ({name})>"),
                None => format!("{start}>"),
            }
        }
    };
    Ok(rt::str(text))
}

pub(super) fn ref_callback(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    Ok(callback_of(&this).unwrap_or_else(rt::none))
}

/// `_bind_method(function, object)`: the bound method (what calling CPython's method type
/// does), for `WeakMethod`.
pub(super) fn bind_method(a: Args) -> Res<PyRef> {
    if a.positional.len() != 2 || !a.keywords.is_empty() {
        return type_error("_bind_method() takes exactly 2 arguments");
    }
    let function = a.positional[0].clone();
    if !is_callable(&function) {
        return type_error("first argument must be callable");
    }
    Ok(alloc(Kind::BoundMethod { function, receiver: a.positional[1].clone() }))
}
