//! `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__`: the pickle protocol's
//! default (CPython's `Objects/typeobject.c`: `object___reduce_ex___impl`, `_common_reduce`,
//! `reduce_newobj`, `object_getstate`), which `copy` and `pickle` fall back on for instances
//! of classes defined in Python; and `set`/`frozenset`'s `__reduce__`.
//!
//! Native because `copy.deepcopy` reaches it for every instance it copies: a Python version
//! of it cost more than the rest of `deepcopy` together.

use crate::object::error::Res;
use crate::object::native::{method_of, native, Args};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, attr, ops};

/// `object.__reduce_ex__` bound to `object` (an instance's attribute).
pub fn bound_reduce_ex(object: &PyRef) -> PyRef {
    method_of(object, "__reduce_ex__", reduce_ex)
}

/// `object.__reduce__` bound to `object`.
pub fn bound_reduce(object: &PyRef) -> PyRef {
    method_of(object, "__reduce__", reduce)
}

/// `object.__getstate__` bound to `object`.
pub fn bound_getstate(object: &PyRef) -> PyRef {
    method_of(object, "__getstate__", getstate)
}

/// `name` (`__reduce_ex__`, `__reduce__` or `__getstate__`) of an instance of a subclass of
/// the built-in type of `base`, bound to the instance: `set`'s and `frozenset`'s own
/// `__reduce__`, else `object`'s.
pub fn bound_to_extended(object: &PyRef, base: &PyRef, name: &str) -> PyRef {
    match name {
        "__reduce__" if matches!(base.kind, Kind::Set(_) | Kind::FrozenSet(_)) => {
            method_of(object, "__reduce__", set_reduce)
        }
        "__reduce__" => bound_reduce(object),
        "__getstate__" => bound_getstate(object),
        _ => bound_reduce_ex(object),
    }
}

/// `object.__reduce_ex__`, `object.__reduce__` or `object.__getstate__` as attributes of the
/// class `object` (unbound: the receiver is the first argument).
pub fn unbound(name: &str) -> Option<PyRef> {
    Some(match name {
        "__reduce_ex__" => native("__reduce_ex__", reduce_ex),
        "__reduce__" => native("__reduce__", reduce),
        "__getstate__" => native("__getstate__", getstate),
        _ => return None,
    })
}

/// The receiver and the other arguments, whether called bound or through the class.
fn receiver_and_rest<'a>(a: &'a Args, name: &str) -> Res<(PyRef, &'a [PyRef])> {
    match a.receiver {
        Some(receiver) => Ok((receiver.clone(), &a.positional[..])),
        None => match a.positional.split_first() {
            Some((receiver, rest)) => Ok((receiver.clone(), rest)),
            None => type_error(format!("descriptor '{name}' of 'object' object needs an argument")),
        },
    }
}

/// Whether `attribute` is `object`'s own native `function` (bound or not), i.e. not overridden.
fn is_object_native(attribute: &PyRef, function: crate::object::native::NativeFn) -> bool {
    matches!(&attribute.kind, Kind::Builtin(b) if std::ptr::fn_addr_eq(b.function, function))
}

fn reduce_ex(a: Args) -> Res<PyRef> {
    a.no_keywords("__reduce_ex__")?;
    let (object, rest) = receiver_and_rest(&a, "__reduce_ex__")?;
    if rest.len() != 1 {
        return type_error(format!(
            "object.__reduce_ex__() takes exactly one argument ({} given)",
            rest.len()
        ));
    }
    let protocol = ops::to_index(&rest[0])?;
    // A `__reduce__` other than `object`'s wins (CPython compares the class's attribute).
    if let Some(reduce) = attr::getattr_optional(&object, "__reduce__")? {
        if !is_object_native(&reduce, self::reduce) {
            return ops::call(&reduce, vec![], vec![]);
        }
    }
    common_reduce(&object, protocol)
}

fn reduce(a: Args) -> Res<PyRef> {
    a.no_keywords("__reduce__")?;
    let (object, rest) = receiver_and_rest(&a, "__reduce__")?;
    if !rest.is_empty() {
        return type_error(format!(
            "object.__reduce__() takes no arguments ({} given)",
            rest.len()
        ));
    }
    common_reduce(&object, 0)
}

fn getstate(a: Args) -> Res<PyRef> {
    a.no_keywords("__getstate__")?;
    let (object, rest) = receiver_and_rest(&a, "__getstate__")?;
    if !rest.is_empty() {
        return type_error(format!(
            "object.__getstate__() takes no arguments ({} given)",
            rest.len()
        ));
    }
    getstate_default(&object, false)
}

fn copyreg() -> Res<PyRef> {
    (crate::object::hooks::vm().import_module)("copyreg")
}

/// CPython's `_common_reduce`: protocols 2 and up reduce through `copyreg.__newobj__`, the
/// older ones through `copyreg._reduce_ex`.
fn common_reduce(object: &PyRef, protocol: i64) -> Res<PyRef> {
    if protocol >= 2 {
        return reduce_newobj(object);
    }
    let reduce_ex = attr::getattr(&copyreg()?, "_reduce_ex")?;
    ops::call(&reduce_ex, vec![object.clone(), rt::int(protocol)], vec![])
}

/// The value an instance of a subclass of an immutable built-in type extends, or the
/// immutable built-in value itself: what CPython's `__getnewargs__` of `int`, `float`, `str`,
/// `bytes`, `tuple` and `complex` return as the one argument.
fn immutable_value(object: &PyRef) -> Option<PyRef> {
    let value = crate::object::builtin_base(object).unwrap_or_else(|| object.clone());
    match &value.kind {
        Kind::Int(_)
        | Kind::Bool(_)
        | Kind::Float(_)
        | Kind::Complex(..)
        | Kind::Str(..)
        | Kind::Bytes(_)
        | Kind::Tuple(_) => Some(value),
        _ => None,
    }
}

/// CPython's `_PyObject_GetNewArguments`: `__getnewargs_ex__`, else `__getnewargs__`, else
/// none; `(args, kwargs)`.
fn new_arguments(object: &PyRef) -> Res<(Option<PyRef>, Option<PyRef>)> {
    if let Some(getnewargs_ex) = attr::getattr_optional(object, "__getnewargs_ex__")? {
        let result = ops::call(&getnewargs_ex, vec![], vec![])?;
        let Kind::Tuple(items) = &result.kind else {
            return type_error(format!(
                "__getnewargs_ex__ should return a tuple, not '{}'",
                types::type_name(&result)
            ));
        };
        if items.len() != 2 {
            return rt::value_error(format!(
                "__getnewargs_ex__ should return a tuple of length 2, not {}",
                items.len()
            ));
        }
        if !matches!(items[0].kind, Kind::Tuple(_)) {
            return type_error(format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                types::type_name(&items[0])
            ));
        }
        if !matches!(crate::types::descriptor::builtin_view(&items[1]).kind, Kind::Dict(_)) {
            return type_error(format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                types::type_name(&items[1])
            ));
        }
        return Ok((Some(items[0].clone()), Some(items[1].clone())));
    }
    if let Some(getnewargs) = attr::getattr_optional(object, "__getnewargs__")? {
        let result = ops::call(&getnewargs, vec![], vec![])?;
        if !matches!(result.kind, Kind::Tuple(_)) {
            return type_error(format!(
                "__getnewargs__ should return a tuple, not '{}'",
                types::type_name(&result)
            ));
        }
        return Ok((Some(result), None));
    }
    // The built-in immutable types' own `__getnewargs__`.
    Ok((immutable_value(object).map(|v| rt::tuple(vec![v])), None))
}

/// Whether `object` is a list or a dict (or extends one): CPython's `PyList_Check`,
/// `PyDict_Check`.
fn list_or_dict(object: &PyRef) -> (bool, bool) {
    let value = crate::object::builtin_base(object).unwrap_or_else(|| object.clone());
    (matches!(value.kind, Kind::List(_)), matches!(value.kind, Kind::Dict(_)))
}

/// CPython's `reduce_newobj`: `(copyreg.__newobj__, (cls, *args), state, listitems,
/// dictitems)`, or `copyreg.__newobj_ex__` with keyword arguments.
fn reduce_newobj(object: &PyRef) -> Res<PyRef> {
    let class = types::type_of(object);
    let (args, kwargs) = new_arguments(object)?;
    let copyreg = copyreg()?;
    let has_args = args.is_some();
    let args_items: Vec<PyRef> = match args.as_ref().map(|a| &a.kind) {
        Some(Kind::Tuple(items)) => items.to_vec(),
        _ => vec![],
    };
    let kwargs_empty = match &kwargs {
        None => true,
        Some(k) => ops::len(k)? == 0,
    };
    let (newobj, newargs) = if kwargs_empty {
        let mut newargs = Vec::with_capacity(args_items.len() + 1);
        newargs.push(class);
        newargs.extend(args_items);
        (attr::getattr(&copyreg, "__newobj__")?, rt::tuple(newargs))
    } else {
        let args = args.unwrap_or_else(|| rt::tuple(vec![]));
        let kwargs = kwargs.expect("kwargs is not empty");
        (attr::getattr(&copyreg, "__newobj_ex__")?, rt::tuple(vec![class, args, kwargs]))
    };
    let (is_list, is_dict) = list_or_dict(object);
    let state = object_getstate(object, !(has_args || is_list || is_dict))?;
    let list_items = if is_list { ops::iter(object)? } else { rt::none() };
    let dict_items = if is_dict {
        let items = ops::call(&attr::getattr(object, "items")?, vec![], vec![])?;
        ops::iter(&items)?
    } else {
        rt::none()
    };
    Ok(rt::tuple(vec![newobj, newargs, state, list_items, dict_items]))
}

/// CPython's `object_getstate`: the object's `__getstate__()`, or the default with
/// `required` when it is `object`'s own.
fn object_getstate(object: &PyRef, required: bool) -> Res<PyRef> {
    let getstate = attr::getattr(object, "__getstate__")?;
    if is_object_native(&getstate, self::getstate) {
        return getstate_default(object, required);
    }
    ops::call(&getstate, vec![], vec![])
}

/// CPython's `object_getstate_default`: the instance's `__dict__` (`None` when empty), paired
/// with a dict of its `__slots__` values when it has some. `required`: the object will be made
/// again by `cls.__new__(cls)` alone, which cannot rebuild the state of a built-in value.
fn getstate_default(object: &PyRef, required: bool) -> Res<PyRef> {
    let Some(instance) = object.instance() else {
        // A built-in value: only `object()` and lists and dicts (whose items travel apart)
        // are made again without arguments.
        if required && !matches!(object.kind, Kind::Object) {
            return cannot_pickle(object);
        }
        return Ok(rt::none());
    };
    if required && matches!(object.kind, Kind::Native(_)) {
        return cannot_pickle(object);
    }
    let class = instance.class();
    if let Some(slots) = types::slot_names(&class) {
        // No `__dict__`: the values of the slots that are set.
        let values = rt::new_dict();
        for name in slots.iter().filter(|n| !matches!(&***n, "__dict__" | "__weakref__")) {
            if let Some(value) = rt::dict_get_str(&instance.dict, name) {
                rt::dict_set_str(&values, name, value);
            }
        }
        if ops::len(&values)? == 0 {
            return Ok(rt::none());
        }
        return Ok(rt::tuple(vec![rt::none(), values]));
    }
    if ops::len(&instance.dict)? == 0 {
        return Ok(rt::none());
    }
    if crate::object::traceback::exception_traceback(object).is_some() {
        // An exception keeps `__traceback__` in its dict; CPython's state never holds it
        // (a traceback cannot be pickled, a copy starts without one).
        let state = rt::new_dict();
        for (key, value) in ops::mapping_items(&instance.dict)? {
            if crate::object::str_text(&key) != Some("__traceback__") {
                ops::dict_set(&state, key, value)?;
            }
        }
        if ops::len(&state)? == 0 {
            return Ok(rt::none());
        }
        return Ok(state);
    }
    Ok(instance.dict.clone())
}

fn cannot_pickle(object: &PyRef) -> Res<PyRef> {
    type_error(format!("cannot pickle '{}' object", types::type_name(object)))
}

/// `set.__reduce__` and `frozenset.__reduce__` (CPython's `set_reduce`): `(type(s),
/// (list(s),), state)`.
pub fn set_reduce(a: Args) -> Res<PyRef> {
    a.arity("__reduce__", 0, 0)?;
    let receiver = a.receiver();
    let items = ops::to_vec(&receiver)?;
    let state = object_getstate(&receiver, false)?;
    Ok(rt::tuple(vec![types::type_of(&receiver), rt::tuple(vec![rt::list(items)]), state]))
}
