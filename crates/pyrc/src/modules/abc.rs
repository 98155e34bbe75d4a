//! The native `_abc` module (CPython's `Modules/_abc.c`): the state and algorithms behind
//! CPython's own `abc.ABCMeta`, which then runs from `abc.py` as in CPython. Being native
//! matters: these functions add no Python frames, so code that asks who called it (`typing`'s
//! protocol checks look two frames up for the `abc` module) sees what it sees under CPython.
//!
//! Each ABC keeps an `_abc_data` object as `_abc_impl`: its registry of virtual subclasses
//! and its positive and negative caches, `_weakrefset.WeakSet`s (classes held weakly), and
//! the negative cache's version, checked against a global counter that registration bumps.

use std::cell::Cell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, attr, ops};

use super::{native, new_module};

thread_local! {
    /// CPython's `abc_invalidation_counter`.
    static INVALIDATION: Cell<i64> = const { Cell::new(0) };
}

fn counter() -> i64 {
    INVALIDATION.with(Cell::get)
}

fn weak_set() -> Res<PyRef> {
    let module = super::import("_weakrefset")?;
    ops::call(&attr::getattr(&module, "WeakSet")?, vec![], vec![])
}

fn call_method(object: &PyRef, name: &str, args: Vec<PyRef>) -> Res<PyRef> {
    ops::call(&attr::getattr(object, name)?, args, vec![])
}

/// The `_abc_impl` of `cls` (from its own namespace, as CPython's `_get_impl`).
fn impl_of(cls: &PyRef) -> Res<PyRef> {
    let found = match &cls.kind {
        Kind::Class(class) => rt::dict_get_str(&class.dict, "_abc_impl"),
        _ => None,
    };
    match found {
        Some(data) => Ok(data),
        None => type_error("_abc_impl is set to a wrong type"),
    }
}

fn contains(set: &PyRef, item: &PyRef) -> Res<bool> {
    ops::contains(set, item)
}

fn field(data: &PyRef, name: &str) -> Res<PyRef> {
    attr::getattr(data, name)
}

fn get_cache_token(a: Args) -> Res<PyRef> {
    a.arity("get_cache_token", 0, 0)?;
    Ok(rt::int(counter()))
}

/// `_abc_init(cls)`: the abstract methods of a new ABC, and its registry and caches.
fn abc_init(a: Args) -> Res<PyRef> {
    a.arity("_abc_init", 1, 1)?;
    let cls = a.arg(0);
    let Kind::Class(class) = &cls.kind else {
        return type_error("_abc_init() argument must be a class");
    };
    let mut abstracts: Vec<PyRef> = Vec::new();
    let is_abstract = |value: &PyRef| -> Res<bool> {
        match attr::lookup(value, "__isabstractmethod__")? {
            Some(flag) => ops::truthy(&flag),
            None => Ok(false),
        }
    };
    for (name, value) in ops::mapping_items(&class.dict)? {
        if is_abstract(&value)? {
            abstracts.push(name);
        }
    }
    for base in class.bases.clone() {
        let Some(names) = attr::lookup(&base, "__abstractmethods__")? else { continue };
        for name in ops::to_vec(&names)? {
            let text = ops::str_of(&name)?.to_string();
            if let Some(value) = attr::lookup(&cls, &text)? {
                if is_abstract(&value)? {
                    abstracts.push(name);
                }
            }
        }
    }
    let frozen = ops::freeze_set(&ops::set_from(abstracts)?);
    attr::setattr(&cls, "__abstractmethods__", frozen)?;
    let data = rt::instance(data_class());
    attr::setattr(&data, "registry", weak_set()?)?;
    attr::setattr(&data, "cache", weak_set()?)?;
    attr::setattr(&data, "negative_cache", weak_set()?)?;
    attr::setattr(&data, "negative_cache_version", rt::int(counter()))?;
    attr::setattr(&cls, "_abc_impl", data)?;
    Ok(rt::none())
}

thread_local! {
    static DATA_CLASS: PyRef = types::plain_class("_abc_data", "_abc");
}

fn data_class() -> PyRef {
    DATA_CLASS.with(Clone::clone)
}

fn is_subclass(a: &PyRef, b: &PyRef) -> Res<bool> {
    let builtins = rt::with(|r| r.builtins.clone());
    let issubclass = rt::dict_get_str(&builtins, "issubclass").expect("a builtin");
    ops::truthy(&ops::call(&issubclass, vec![a.clone(), b.clone()], vec![])?)
}

/// `_abc_register(cls, subclass)`.
fn abc_register(a: Args) -> Res<PyRef> {
    a.arity("_abc_register", 2, 2)?;
    let (cls, subclass) = (a.arg(0), a.arg(1));
    if !matches!(subclass.kind, Kind::Class(_)) {
        return type_error("Can only register classes");
    }
    if is_subclass(&subclass, &cls)? {
        return Ok(subclass);
    }
    if is_subclass(&cls, &subclass)? {
        return raise(ExcKind::RuntimeError, "Refusing to create an inheritance cycle");
    }
    let data = impl_of(&cls)?;
    call_method(&field(&data, "registry")?, "add", vec![subclass.clone()])?;
    INVALIDATION.with(|c| c.set(c.get() + 1));
    Ok(subclass)
}

/// `_abc_instancecheck(cls, instance)`.
fn abc_instancecheck(a: Args) -> Res<PyRef> {
    a.arity("_abc_instancecheck", 2, 2)?;
    let (cls, instance) = (a.arg(0), a.arg(1));
    let data = impl_of(&cls)?;
    let subclass = attr::getattr(&instance, "__class__")?;
    if contains(&field(&data, "cache")?, &subclass)? {
        return Ok(rt::boolean(true));
    }
    let subtype = types::type_of(&instance);
    let check =
        |c: &PyRef| -> Res<PyRef> { call_method(&cls, "__subclasscheck__", vec![c.clone()]) };
    if rcgc::Gc::ptr_eq(&subtype, &subclass) {
        let version = ops::to_index(&field(&data, "negative_cache_version")?)?;
        if version == counter() && contains(&field(&data, "negative_cache")?, &subclass)? {
            return Ok(rt::boolean(false));
        }
        return check(&subclass);
    }
    for c in [subclass, subtype] {
        let result = check(&c)?;
        if ops::truthy(&result)? {
            return Ok(result);
        }
    }
    Ok(rt::boolean(false))
}

/// `_abc_subclasscheck(cls, subclass)`.
fn abc_subclasscheck(a: Args) -> Res<PyRef> {
    a.arity("_abc_subclasscheck", 2, 2)?;
    let (cls, subclass) = (a.arg(0), a.arg(1));
    if !matches!(subclass.kind, Kind::Class(_)) {
        return type_error("issubclass() arg 1 must be a class");
    }
    let data = impl_of(&cls)?;
    let cache = field(&data, "cache")?;
    if contains(&cache, &subclass)? {
        return Ok(rt::boolean(true));
    }
    let version = ops::to_index(&field(&data, "negative_cache_version")?)?;
    if version < counter() {
        attr::setattr(&data, "negative_cache", weak_set()?)?;
        attr::setattr(&data, "negative_cache_version", rt::int(counter()))?;
    } else if contains(&field(&data, "negative_cache")?, &subclass)? {
        return Ok(rt::boolean(false));
    }
    let add = |set: &str| -> Res<()> {
        call_method(&field(&data, set)?, "add", vec![subclass.clone()]).map(drop)
    };
    let ok = call_method(&cls, "__subclasshook__", vec![subclass.clone()])?;
    if !matches!(ok.kind, Kind::NotImplemented) {
        let Kind::Bool(value) = ok.kind else {
            return raise(
                ExcKind::AssertionError,
                "__subclasshook__ must return either False, True, or NotImplemented",
            );
        };
        add(if value { "cache" } else { "negative_cache" })?;
        return Ok(ok);
    }
    if types::mro_of(&subclass).iter().any(|c| rcgc::Gc::ptr_eq(c, &cls)) {
        add("cache")?;
        return Ok(rt::boolean(true));
    }
    for registered in ops::to_vec(&field(&data, "registry")?)? {
        if is_subclass(&subclass, &registered)? {
            add("cache")?;
            return Ok(rt::boolean(true));
        }
    }
    for child in ops::to_vec(&call_method(&cls, "__subclasses__", vec![])?)? {
        if is_subclass(&subclass, &child)? {
            add("cache")?;
            return Ok(rt::boolean(true));
        }
    }
    add("negative_cache")?;
    Ok(rt::boolean(false))
}

/// `_get_dump(cls)`: `(registry, cache, negative_cache, version)` as plain sets.
fn get_dump(a: Args) -> Res<PyRef> {
    a.arity("_get_dump", 1, 1)?;
    let data = impl_of(&a.arg(0))?;
    let plain = |name: &str| -> Res<PyRef> { ops::set_from(ops::to_vec(&field(&data, name)?)?) };
    Ok(rt::tuple(vec![
        plain("registry")?,
        plain("cache")?,
        plain("negative_cache")?,
        field(&data, "negative_cache_version")?,
    ]))
}

fn reset_registry(a: Args) -> Res<PyRef> {
    a.arity("_reset_registry", 1, 1)?;
    let data = impl_of(&a.arg(0))?;
    call_method(&field(&data, "registry")?, "clear", vec![])?;
    Ok(rt::none())
}

fn reset_caches(a: Args) -> Res<PyRef> {
    a.arity("_reset_caches", 1, 1)?;
    let data = impl_of(&a.arg(0))?;
    call_method(&field(&data, "cache")?, "clear", vec![])?;
    call_method(&field(&data, "negative_cache")?, "clear", vec![])?;
    Ok(rt::none())
}

/// `import _abc`.
pub fn abc_module() -> PyRef {
    new_module(
        "_abc",
        vec![
            ("get_cache_token", native("get_cache_token", get_cache_token)),
            ("_abc_init", native("_abc_init", abc_init)),
            ("_abc_register", native("_abc_register", abc_register)),
            ("_abc_instancecheck", native("_abc_instancecheck", abc_instancecheck)),
            ("_abc_subclasscheck", native("_abc_subclasscheck", abc_subclasscheck)),
            ("_get_dump", native("_get_dump", get_dump)),
            ("_reset_registry", native("_reset_registry", reset_registry)),
            ("_reset_caches", native("_reset_caches", reset_caches)),
        ],
    )
}
