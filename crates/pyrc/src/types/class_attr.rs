//! Attributes of class objects (`C.x`, `C.x = v`, `del C.x`) and `__class__` assignment on
//! instances: what `types::attr` does for an object that is a class.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime as rt;
use crate::object::{alloc, Class, Kind, PyRef};
use crate::types;
use crate::types::attr::{common_attribute, store};
use crate::types::descriptor;
use crate::types::ops;

/// `class.name` (`class` is `object`'s data), `None` when absent.
pub(crate) fn lookup(object: &PyRef, class: &Class, name: &str) -> Res<Option<PyRef>> {
    match name {
        // A built-in type's `__name__` is its name after the module prefix
        // (`weakref.ReferenceType` -> `ReferenceType`), as CPython's tp_name rule.
        // A name assigned after creation (`typing.re.__name__ = 'typing.re'`) is kept in the
        // namespace, where `type.__setattr__` put it.
        "__name__" | "__qualname__"
            if class.builtin.is_none()
                && rt::dict_get_str(&class.dict, name)
                    .is_some_and(|v| matches!(v.kind, Kind::Str(..))) =>
        {
            return Ok(rt::dict_get_str(&class.dict, name));
        }
        "__name__" => {
            let short = class.name.rsplit('.').next().unwrap_or(&class.name);
            return Ok(Some(rt::str(short)));
        }
        "__qualname__" => return Ok(Some(rt::str(class.qualname.clone()))),
        "__dict__" => {
            return Ok(Some(builtin_class_dict(object).unwrap_or_else(|| class.dict.clone())))
        }
        "__bases__" => return Ok(Some(rt::tuple(class.bases.clone()))),
        "__mro__" => {
            if let Kind::Class(data) = &object.kind {
                if let Some(mro) = data.mro_tuple.borrow().clone() {
                    return Ok(Some(mro));
                }
            }
            return Ok(Some(rt::tuple(types::mro_of(object))));
        }
        "__class__" => return Ok(Some(types::type_of(object))),
        // The class's own annotations (never a base's), made empty on first access when
        // its body had none (CPython's `type_get_annotations`).
        "__annotations__" if class.builtin.is_none() => {
            if let Some(annotations) = rt::dict_get_str(&class.dict, name) {
                return Ok(Some(annotations));
            }
            let annotations = rt::new_dict();
            rt::dict_set_str(&class.dict, name, annotations.clone());
            return Ok(Some(annotations));
        }
        _ => {}
    }
    // Data descriptors of a metaclass come before the class's own attributes.
    if class.metaclass.is_some() {
        if let Some(value) = crate::types::class_new::metaclass_attribute(object, name, true)? {
            return Ok(Some(value));
        }
    }
    if let Some(attribute) = types::class_lookup(object, name) {
        if matches!(attribute.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
            if let Some(value) = descriptor::call_get(&attribute, None, object)? {
                return Ok(Some(value));
            }
        }
        return Ok(Some(match &descriptor::builtin_view(&attribute).kind {
            Kind::StaticMethod(inner) => inner.clone(),
            Kind::ClassMethod(inner) => {
                alloc(Kind::BoundMethod { function: inner.clone(), receiver: object.clone() })
            }
            _ => attribute,
        }));
    }
    if class.metaclass.is_some() {
        if let Some(value) = crate::types::class_new::metaclass_attribute(object, name, false)? {
            return Ok(Some(value));
        }
    }
    if let Some(ty) = class.builtin {
        if let Some(method) = builtin_type_attribute(ty, object, name) {
            return Ok(Some(method));
        }
    } else if crate::types::class_new::is_metaclass(object) {
        // A metaclass: `type`'s own attributes (`ABCMeta.__new__`, `M.__call__`).
        if let Some(method) = crate::types::class_new::type_attribute(name) {
            return Ok(Some(method));
        }
    } else if let Some(ty) = types::builtin_layout(object) {
        // `MyDict.fromkeys`, `MyList.append`: the built-in base type's attributes.
        let base = rt::builtin_type(ty);
        if let Some(method) = builtin_type_attribute(ty, &base, name) {
            return Ok(Some(method));
        }
    }
    if class.builtin.is_none() {
        // Exception classes: `BaseException`'s (`ValueError.__init__(self, message)` sets
        // `args`, as `json.JSONDecodeError.__init__` relies on).
        let base_exception = rt::exception_class(crate::object::exceptions::ExcKind::BaseException);
        if types::is_subclass(object, &base_exception) {
            let ty = types::BuiltinType::BaseException;
            if let Some(method) = crate::types::lookup::type_attribute(ty, &base_exception, name) {
                return Ok(Some(method));
            }
        }
        // Every class ends with `object`: `A.__new__`, `A.__init__`, `A.__setattr__`.
        let object_type = types::BuiltinType::Object;
        let base = rt::builtin_type(object_type);
        if let Some(method) = crate::types::lookup::type_attribute(object_type, &base, name) {
            return Ok(Some(method));
        }
    }
    if name == "__module__" {
        return Ok(Some(rt::str("builtins")));
    }
    // Methods of `type` that a class's instances do not have: bound to the class.
    if matches!(name, "__subclasses__" | "mro" | "__instancecheck__" | "__subclasscheck__") {
        if let Some(method) = crate::types::class_new::type_attribute(name) {
            return Ok(Some(alloc(Kind::BoundMethod {
                function: method,
                receiver: object.clone(),
            })));
        }
    }
    Ok(common_attribute(object, name))
}

/// The attributes of built-in classes made so far, by class address and name, with the class
/// (kept alive with them, so its address stays its own).
type AttributeCache = rustc_hash::FxHashMap<usize, rustc_hash::FxHashMap<Box<str>, (PyRef, PyRef)>>;

thread_local! {
    static BUILTIN_ATTRIBUTES: std::cell::RefCell<AttributeCache> =
        std::cell::RefCell::new(AttributeCache::default());
}

/// `lookup::type_attribute` of a built-in class, made once per class and name: each
/// lookup gives the same object, so `list.__repr__ is list.__repr__` as in CPython, where
/// it is the one descriptor in the type's dict (`pprint._safe_repr` compares them by
/// identity to decide how to print a container). Keyed by class, then by name, so that a
/// hit allocates nothing.
fn builtin_type_attribute(ty: types::BuiltinType, class: &PyRef, name: &str) -> Option<PyRef> {
    let address = rcgc::Gc::as_ptr(class) as usize;
    let cached = BUILTIN_ATTRIBUTES.with(|cache| {
        cache.borrow().get(&address).and_then(|names| names.get(name)).map(|(_, a)| a.clone())
    });
    if let Some(attribute) = cached {
        return Some(attribute);
    }
    let attribute = crate::types::lookup::type_attribute(ty, class, name)?;
    BUILTIN_ATTRIBUTES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let names = cache.entry(address).or_default();
        names.insert(name.into(), (class.clone(), attribute.clone()));
    });
    Some(attribute)
}

/// `__dict__` of a built-in type: a snapshot naming the methods its instances are made and
/// shown with (`'__new__' in int.__dict__`, which `enum` asks); `None` for other classes.
pub(crate) fn builtin_class_dict(class: &PyRef) -> Option<PyRef> {
    let Kind::Class(data) = &class.kind else { return None };
    let ty = data.builtin?;
    let dict = rt::new_dict();
    if let Kind::Dict(own) = &data.dict.kind {
        for (key, value) in own.borrow().items() {
            let _ = ops::dict_set(&dict, key, value);
        }
    }
    for name in ["__new__", "__init__", "__repr__"] {
        if let Some(method) = crate::types::lookup::type_attribute(ty, class, name) {
            rt::dict_set_str(&dict, name, method);
        }
    }
    Some(dict)
}

/// `type.__setattr__`: stores in the class's namespace (a new class epoch).
pub fn class_setattr(object: &PyRef, name: &str, value: PyRef) -> Res<()> {
    let Kind::Class(class) = &object.kind else {
        return rt::type_error(format!(
            "descriptor '__setattr__' requires a 'type' object but received a '{}'",
            types::type_name(object)
        ));
    };
    // Built-in and native classes are immutable, as CPython's static types.
    if class.builtin.is_some() {
        return rt::type_error(format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            class.name
        ));
    }
    if let Some(def) = class.native.get() {
        return rt::type_error(format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            def.full_name()
        ));
    }
    if matches!(name, "__name__" | "__qualname__") && !matches!(value.kind, Kind::Str(..)) {
        let current = rt::dict_get_str(&class.dict, "__name__")
            .and_then(|n| crate::object::str_text(&n).map(str::to_string))
            .unwrap_or_else(|| class.name.to_string());
        return rt::type_error(format!(
            "can only assign string to {current}.{name}, not '{}'",
            types::type_name(&value)
        ));
    }
    store(&class.dict, name, value);
    crate::object::class::bump_class_epoch();
    if name == "__del__" {
        types::invalidate_del_caches(object);
    }
    Ok(())
}

/// `type.__delattr__`: removes from the class's namespace (a new class epoch).
pub fn class_delattr(object: &PyRef, name: &str) -> Res<()> {
    let Kind::Class(class) = &object.kind else {
        return rt::type_error(format!(
            "descriptor '__delattr__' requires a 'type' object but received a '{}'",
            types::type_name(object)
        ));
    };
    // Built-in and native classes are immutable, as CPython's static types.
    if class.builtin.is_some() {
        return rt::type_error(format!(
            "cannot delete '{name}' attribute of immutable type '{}'",
            class.name
        ));
    }
    if let Some(def) = class.native.get() {
        return rt::type_error(format!(
            "cannot delete '{name}' attribute of immutable type '{}'",
            def.full_name()
        ));
    }
    crate::object::class::bump_class_epoch();
    crate::types::attr::remove_from_namespace(object, &class.dict, name)
}

/// `object.__class__ = class` (CPython's `object_set_class`): both classes defined in
/// Python, with the same instance layout (built-in value, `__slots__`).
pub(crate) fn set_class(object: &PyRef, class: PyRef) -> Res<()> {
    let Some(instance) = object.instance() else {
        return rt::type_error("__class__ assignment only supported for mutable types");
    };
    let Kind::Class(new) = &class.kind else {
        return rt::type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            types::type_name(&class)
        ));
    };
    let old = instance.class();
    let old_builtin = matches!(&old.kind, Kind::Class(c) if c.builtin.is_some());
    if new.builtin.is_some() || old_builtin {
        return rt::type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        );
    }
    let is_exception =
        |c: &PyRef| types::is_subclass(c, &rt::exception_class(ExcKind::BaseException));
    if types::builtin_layout(&class) != types::builtin_layout(&old)
        || types::slot_names(&class) != types::slot_names(&old)
        || is_exception(&class) != is_exception(&old)
    {
        return rt::type_error(format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            new.name,
            types::class_name(&old)
        ));
    }
    let previous = instance.set_class(class);
    drop(previous);
    Ok(())
}
