//! `collections.defaultdict` (CPython's `defdictobject`): a subclass of `dict` whose methods
//! are native functions. Its instances are dict-subclass instances (a real dict as their base
//! value), so every dict operation is the dict's own; `__missing__` calls `default_factory`
//! (kept in the instance's namespace, assignable as CPython's member) and stores the result.

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, ops, BuiltinType};

thread_local! {
    static CLASS: PyRef = make();
}

/// The `defaultdict` class.
pub fn class() -> PyRef {
    CLASS.with(Clone::clone)
}

fn make() -> PyRef {
    let namespace = rt::new_dict();
    rt::dict_set_str(&namespace, "__module__", rt::str("collections"));
    rt::dict_set_str(
        &namespace,
        "__doc__",
        rt::str(
            "defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\n\
             The default factory is called without arguments to produce\n\
             a new value when a key is not present, in __getitem__ only.\n\
             A defaultdict compares equal to a dict with the same items.\n\
             All remaining arguments are treated the same as if they were\n\
             passed to the dict constructor, including keyword arguments.\n",
        ),
    );
    let methods: &[(&'static str, NativeFn)] = &[
        ("__init__", init),
        ("__missing__", missing),
        ("__repr__", repr),
        ("copy", copy),
        ("__copy__", copy),
        ("__reduce__", reduce),
        ("__or__", or),
        ("__ror__", ror),
    ];
    for &(name, function) in methods {
        rt::dict_set_str(&namespace, name, super::super::native(name, function));
    }
    let dict = rt::builtin_type(BuiltinType::Dict);
    types::new_class("defaultdict", vec![dict], namespace, None)
        .expect("dict is a base with an MRO")
}

/// `default_factory` of a defaultdict (`None` when unset).
fn factory(object: &PyRef) -> PyRef {
    object
        .instance()
        .and_then(|i| rt::dict_get_str(&i.dict, "default_factory"))
        .unwrap_or_else(rt::none)
}

/// The receiver (`self`, the first positional argument).
fn receiver(a: &Args) -> Res<PyRef> {
    match a.positional.first() {
        Some(object) if types::is_subclass(&types::type_of(object), &class()) => Ok(object.clone()),
        Some(other) => type_error(format!(
            "descriptor '{}' requires a 'collections.defaultdict' object but received a '{}'",
            a.name,
            types::type_name(other)
        )),
        None => type_error(format!("descriptor '{}' needs an argument", a.name)),
    }
}

fn init(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let mut rest = a.positional[1..].to_vec();
    let factory = if rest.is_empty() { rt::none() } else { rest.remove(0) };
    if !matches!(factory.kind, Kind::None) && !ops::callable(&factory) {
        return type_error("first argument must be callable or None");
    }
    if let Some(instance) = this.instance() {
        rt::dict_set_str(&instance.dict, "default_factory", factory);
    }
    let dict_init = types::attr::getattr(&rt::builtin_type(BuiltinType::Dict), "__init__")?;
    let mut args = vec![this];
    args.extend(rest);
    ops::call(&dict_init, args, a.keywords.clone())?;
    Ok(rt::none())
}

fn missing(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let [_, key] = &a.positional[..] else {
        return type_error("__missing__() takes exactly one argument");
    };
    let factory = factory(&this);
    if matches!(factory.kind, Kind::None) {
        let class = rt::exception_class(ExcKind::KeyError);
        return Err(ExcInfo::new(rt::exception_of(class, vec![key.clone()])));
    }
    let value = ops::call(&factory, vec![], vec![])?;
    ops::setitem(&this, key, value.clone())?;
    Ok(value)
}

fn repr(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let factory = factory(&this);
    let factory_repr = if matches!(factory.kind, Kind::None) {
        "None".to_string()
    } else {
        ops::with_repr_guard(&factory, "...", || Ok(ops::repr(&factory)?.to_string()))?
    };
    let dict_repr = types::attr::getattr(&rt::builtin_type(BuiltinType::Dict), "__repr__")?;
    let base = ops::call(&dict_repr, vec![this.clone()], vec![])?;
    let name = types::class_name(&types::type_of(&this));
    let base = crate::object::str_text(&base).unwrap_or_default().to_string();
    Ok(rt::str(format!("{name}({factory_repr}, {base})")))
}

/// `type(self)(self.default_factory, self)`.
fn copy(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    ops::call(&types::type_of(&this), vec![factory(&this), this.clone()], vec![])
}

fn reduce(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let factory = factory(&this);
    let args = if matches!(factory.kind, Kind::None) {
        rt::tuple(vec![])
    } else {
        rt::tuple(vec![factory])
    };
    let items = ops::call(&types::attr::getattr(&this, "items")?, vec![], vec![])?;
    Ok(rt::tuple(vec![types::type_of(&this), args, rt::none(), rt::none(), ops::iter(&items)?]))
}

fn is_dict(object: &PyRef) -> bool {
    matches!(object.kind, Kind::Dict(_))
        || types::is_subclass(&types::type_of(object), &rt::builtin_type(BuiltinType::Dict))
}

/// `self | other`: a copy updated with `other` (a dict; else `NotImplemented`).
fn or(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let Some(other) = a.positional.get(1).filter(|o| is_dict(o)) else {
        return Ok(rt::not_implemented());
    };
    let result =
        copy(Args { name: "copy", receiver: None, positional: vec![this], keywords: vec![] })?;
    ops::call(&types::attr::getattr(&result, "update")?, vec![other.clone()], vec![])?;
    Ok(result)
}

/// `other | self`: `type(self)(self.default_factory, other)` updated with `self`.
fn ror(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let Some(other) = a.positional.get(1).filter(|o| is_dict(o)) else {
        return Ok(rt::not_implemented());
    };
    let result = ops::call(&types::type_of(&this), vec![factory(&this), other.clone()], vec![])?;
    ops::call(&types::attr::getattr(&result, "update")?, vec![this], vec![])?;
    Ok(result)
}
