//! The descriptor protocol (CPython's `tp_descr_get`/`tp_descr_set`): a class attribute
//! whose type defines `__get__` is asked for the value; one whose type also defines
//! `__set__` or `__delete__` (a data descriptor, as `property`) takes precedence over the
//! instance's `__dict__`, the others come after it. `classmethod`, `staticmethod` and
//! `property` are built-in descriptors; an instance of a subclass of one of them (`class
//! abstractclassmethod(classmethod)`) behaves as the value it extends unless its class
//! defines `__get__` itself.

use crate::object::error::Res;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types::{self, ops};

/// The built-in descriptor an attribute is or extends (`classmethod`, `staticmethod`,
/// `property` or a subclass), or the attribute itself.
pub fn builtin_view(attribute: &PyRef) -> PyRef {
    if let Kind::Extended(_) = &attribute.kind {
        if let Some(base) = builtin_base(attribute) {
            if matches!(base.kind, Kind::ClassMethod(_) | Kind::StaticMethod(_) | Kind::Property(_))
            {
                return base;
            }
        }
    }
    attribute.clone()
}

/// `name` defined by the Python-level class of `attribute` (only instances of classes
/// defined in Python can be user descriptors; built-in values are handled by kind).
fn hook(attribute: &PyRef, name: crate::object::hash::NameHash) -> Option<PyRef> {
    let instance = attribute.instance()?;
    crate::object::class::class_lookup_name(&instance.class(), name)
}

/// `__get__` of the attribute's class, if it is a user descriptor.
pub fn getter(attribute: &PyRef) -> Option<PyRef> {
    hook(attribute, crate::object::hash::name!("__get__"))
}

/// Whether the attribute is a data descriptor: a property, or an instance of a class
/// defining `__set__` or `__delete__`.
pub fn is_data(attribute: &PyRef) -> bool {
    if matches!(attribute.kind, Kind::Property(_)) {
        return true;
    }
    if !matches!(attribute.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
        return false;
    }
    hook(attribute, crate::object::hash::name!("__set__")).is_some()
        || hook(attribute, crate::object::hash::name!("__delete__")).is_some()
        || matches!(builtin_view(attribute).kind, Kind::Property(_))
}

/// `attribute.__get__(instance, owner)` for a user descriptor (`instance`: `None` when the
/// attribute is read on the class itself). `None`: not a user descriptor.
pub fn call_get(attribute: &PyRef, instance: Option<&PyRef>, owner: &PyRef) -> Res<Option<PyRef>> {
    let Some(get) = getter(attribute) else { return Ok(None) };
    let instance = instance.cloned().unwrap_or_else(rt::none);
    let args = vec![attribute.clone(), instance, owner.clone()];
    ops::call(&get, args, vec![]).map(Some)
}

/// `object.name = value` through a data descriptor of the class: `Ok(true)` when the
/// descriptor took the value.
pub fn set(attribute: &PyRef, object: &PyRef, name: &str, value: PyRef) -> Res<bool> {
    let view = builtin_view(attribute);
    if let Some(set) = hook(attribute, crate::object::hash::name!("__set__")) {
        ops::call(&set, vec![attribute.clone(), object.clone(), value], vec![])?;
        return Ok(true);
    }
    if let Kind::Property(property) = &view.kind {
        let setter = property.setter.borrow().clone();
        return match setter {
            Some(setter) => ops::call(&setter, vec![object.clone(), value], vec![]).map(|_| true),
            None => rt::raise(
                crate::object::exceptions::ExcKind::AttributeError,
                format!("property '{name}' of '{}' object has no setter", types::type_name(object)),
            ),
        };
    }
    if hook(attribute, crate::object::hash::name!("__delete__")).is_some() {
        return rt::raise(crate::object::exceptions::ExcKind::AttributeError, "__set__");
    }
    Ok(false)
}

/// `del object.name` through a data descriptor of the class: `Ok(true)` when the
/// descriptor handled it.
pub fn delete(attribute: &PyRef, object: &PyRef, name: &str) -> Res<bool> {
    let view = builtin_view(attribute);
    if let Some(delete) = hook(attribute, crate::object::hash::name!("__delete__")) {
        ops::call(&delete, vec![attribute.clone(), object.clone()], vec![])?;
        return Ok(true);
    }
    if let Kind::Property(property) = &view.kind {
        let deleter = property.deleter.borrow().clone();
        return match deleter {
            Some(deleter) => ops::call(&deleter, vec![object.clone()], vec![]).map(|_| true),
            None => rt::raise(
                crate::object::exceptions::ExcKind::AttributeError,
                format!(
                    "property '{name}' of '{}' object has no deleter",
                    types::type_name(object)
                ),
            ),
        };
    }
    if hook(attribute, crate::object::hash::name!("__set__")).is_some() {
        return rt::raise(crate::object::exceptions::ExcKind::AttributeError, "__delete__");
    }
    Ok(false)
}

/// Reads a property on an instance.
pub fn property_get(view: &PyRef, object: &PyRef, name: &str) -> Res<PyRef> {
    let Kind::Property(property) = &view.kind else { return type_error("not a property") };
    if matches!(property.getter.kind, Kind::None) {
        return rt::raise(
            crate::object::exceptions::ExcKind::AttributeError,
            format!("property '{name}' of '{}' object has no getter", types::type_name(object)),
        );
    }
    ops::call(&property.getter, vec![object.clone()], vec![])
}

/// `__get__`/`__set__`/`__delete__` of the built-in descriptors (functions, class and
/// static methods, properties), bound to `object`: what Python code calls to apply them
/// by hand (`functools.partialmethod`, `func.__get__(obj)`).
pub fn builtin_method(object: &PyRef, name: &str) -> Option<PyRef> {
    use crate::object::native::method_of;
    let view = builtin_view(object);
    match (&view.kind, name) {
        (
            Kind::Function(_) | Kind::ClassMethod(_) | Kind::StaticMethod(_) | Kind::Property(_),
            "__get__",
        ) => Some(method_of(object, "__get__", descriptor_get)),
        (Kind::Property(_), "__set__") => Some(method_of(object, "__set__", |a| {
            a.arity("__set__", 2, 2)?;
            let receiver = a.receiver();
            set(&receiver, &a.arg(0), "", a.arg(1))?;
            Ok(rt::none())
        })),
        (Kind::Property(_), "__delete__") => Some(method_of(object, "__delete__", |a| {
            a.arity("__delete__", 1, 1)?;
            let receiver = a.receiver();
            delete(&receiver, &a.arg(0), "")?;
            Ok(rt::none())
        })),
        _ => None,
    }
}

/// `descriptor.__get__(instance, owner=None)` of a built-in descriptor.
fn descriptor_get(a: crate::object::native::Args) -> Res<PyRef> {
    a.arity("__get__", 1, 2)?;
    let descriptor = a.receiver();
    let instance = a.arg(0);
    let owner = a.positional.get(1).cloned().filter(|o| !matches!(o.kind, Kind::None));
    if matches!(instance.kind, Kind::None) && owner.is_none() {
        return type_error("__get__(None, None) is invalid");
    }
    let owner = owner.unwrap_or_else(|| types::type_of(&instance));
    let view = builtin_view(&descriptor);
    let bound = |function: &PyRef, receiver: &PyRef| {
        crate::object::alloc(Kind::BoundMethod {
            function: function.clone(),
            receiver: receiver.clone(),
        })
    };
    Ok(match &view.kind {
        Kind::Function(_) if matches!(instance.kind, Kind::None) => descriptor,
        Kind::Function(_) => bound(&view, &instance),
        Kind::ClassMethod(inner) => bound(inner, &owner),
        Kind::StaticMethod(inner) => inner.clone(),
        Kind::Property(_) if matches!(instance.kind, Kind::None) => descriptor,
        Kind::Property(_) => property_get(&view, &instance, "")?,
        _ => return type_error("not a descriptor"),
    })
}
