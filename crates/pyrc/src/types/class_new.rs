//! Making classes as CPython's `type.__new__` does, and what metaclasses defined in Python
//! (subclasses of `type`) change: the type of a class, calling a class (`__call__` on the
//! metaclass), attributes found on the metaclass, and the attributes of `type` itself
//! (`type.__new__`, `type.__call__`, `type.__prepare__`, `__subclasses__`...).
//!
//! Every class made here is made by `object::class::new_python_class`, which starts a new
//! class epoch (`bump_class_epoch`): attribute caches never see a stale class.

use std::rc::Rc;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{native, Args, Kwargs};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, builtin_base, Kind, PyRef};
use crate::types::{self, ops, BuiltinType};

/// Whether `class` is `type` or a subclass of it (its instances are classes).
pub fn is_metaclass(class: &PyRef) -> bool {
    matches!(&class.kind, Kind::Class(data) if data.is_metaclass)
}

/// CPython's `_PyType_CalculateMetaclass`: the most derived of `metaclass` and the types of
/// `bases`.
pub fn calculate_metaclass(metaclass: &PyRef, bases: &[PyRef]) -> Res<PyRef> {
    let mut winner = metaclass.clone();
    for base in bases {
        let base_type = types::type_of(base);
        if types::is_subclass(&winner, &base_type) {
            continue;
        }
        if types::is_subclass(&base_type, &winner) {
            winner = base_type;
            continue;
        }
        return type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
             subclass of the metaclasses of all its bases",
        );
    }
    Ok(winner)
}

/// The `(key, value)` pairs of a class namespace: a dict or an instance of a dict subclass
/// (`enum`'s `_EnumDict`).
fn namespace_items(namespace: &PyRef) -> Res<Vec<(PyRef, PyRef)>> {
    match (&namespace.kind, builtin_base(namespace)) {
        (Kind::Dict(d), _) => Ok(d.borrow().items()),
        (_, Some(base)) if matches!(base.kind, Kind::Dict(_)) => namespace_items(&base),
        _ => type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            types::type_name(namespace)
        )),
    }
}

/// `type.__new__(metaclass, name, bases, namespace, **kwargs)`: the class, with
/// `__set_name__` called on its attributes and `__init_subclass__` of its parent.
pub fn type_new(
    metaclass: &PyRef,
    name: &PyRef,
    bases: &PyRef,
    namespace: &PyRef,
    kwargs: Kwargs,
) -> Res<PyRef> {
    let Some(name) = crate::object::str_text(name).map(Rc::<str>::from) else {
        return type_error(format!(
            "type.__new__() argument 1 must be str, not {}",
            types::type_name(name)
        ));
    };
    let Kind::Tuple(given) = &bases.kind else {
        return type_error(format!(
            "type.__new__() argument 2 must be tuple, not {}",
            types::type_name(bases)
        ));
    };
    let items = namespace_items(namespace)?;
    let given = given.to_vec();
    let metaclass = calculate_metaclass(metaclass, &given)?;
    let mut bases = Vec::new();
    for base in &given {
        if !matches!(&base.kind, Kind::Class(_)) {
            return type_error("bases must be types");
        }
        // `object` as an explicit base adds nothing: every class ends with it.
        if !matches!(&base.kind, Kind::Class(d) if d.builtin == Some(BuiltinType::Object)) {
            bases.push(base.clone());
        }
    }
    if bases.is_empty() {
        bases.push(rt::builtin_type(BuiltinType::Object));
    }
    types::check_bases(&bases).map_err(|m| ExcInfo::new(rt::exception(ExcKind::TypeError, m)))?;
    // The class's own namespace: a copy, `__qualname__` taken out, the implicit class and
    // static methods wrapped.
    let dict = rt::new_dict();
    let mut qualname = None;
    for (key, value) in items {
        let value = match crate::object::str_text(&key) {
            Some("__qualname__") => match crate::object::str_text(&value) {
                Some(text) => {
                    qualname = Some(Rc::from(text));
                    continue;
                }
                None => {
                    return type_error(format!(
                        "type __qualname__ must be a str, not {}",
                        types::type_name(&value)
                    ))
                }
            },
            Some("__init_subclass__" | "__class_getitem__")
                if matches!(value.kind, Kind::Function(_)) =>
            {
                alloc(Kind::ClassMethod(value))
            }
            Some("__new__") if matches!(value.kind, Kind::Function(_)) => {
                alloc(Kind::StaticMethod(value))
            }
            _ => value,
        };
        ops::dict_set(&dict, key, value)?;
    }
    if rt::dict_get_str(&dict, "__module__").is_none() {
        let globals = (crate::object::hooks::vm().current_globals)();
        if let Some(module) = globals.and_then(|g| rt::dict_get_str(&g, "__name__")) {
            rt::dict_set_str(&dict, "__module__", module);
        }
    }
    let python_metaclass = match &metaclass.kind {
        Kind::Class(data) if data.builtin == Some(BuiltinType::Type) => None,
        _ => Some(metaclass.clone()),
    };
    let class = types::new_python_class(&name, qualname, bases, dict.clone(), python_metaclass)
        .map_err(|m| ExcInfo::new(rt::exception(ExcKind::TypeError, m)))?;
    let entries = match &dict.kind {
        Kind::Dict(d) => d.borrow().items(),
        _ => Vec::new(),
    };
    // Methods that call `super()` learn their class (CPython's `__class__` cell).
    for (_, value) in &entries {
        set_defining_class(value, &class, 2);
    }
    set_names(&class, &name, &entries)?;
    init_subclass(&class, kwargs)?;
    Ok(class)
}

/// Tells the functions a class attribute holds (itself, a class or static method's function,
/// a property's functions, a wrapper's `__wrapped__`, `depth` levels down) that call
/// `super()` which class they were defined in.
fn set_defining_class(value: &PyRef, class: &PyRef, depth: u32) {
    let view = crate::types::descriptor::builtin_view(value);
    match &view.kind {
        Kind::Function(f) => {
            if f.code.code.scope.uses_super {
                f.with_extras(|extras| extras.defining_class = Some(class.clone()));
            }
            let wrapped = f.extras.borrow().as_ref().and_then(|e| e.dict.clone());
            if let Some(wrapped) = wrapped.and_then(|d| rt::dict_get_str(&d, "__wrapped__")) {
                if depth > 0 {
                    set_defining_class(&wrapped, class, depth - 1);
                }
            }
        }
        Kind::StaticMethod(inner) | Kind::ClassMethod(inner) => {
            set_defining_class(inner, class, depth)
        }
        Kind::Property(property) => {
            set_defining_class(&property.getter, class, depth);
            for function in [property.setter.borrow().clone(), property.deleter.borrow().clone()]
                .into_iter()
                .flatten()
            {
                set_defining_class(&function, class, depth);
            }
        }
        _ => {}
    }
}

/// Calls `value.__set_name__(class, key)` for every attribute whose type defines it.
fn set_names(class: &PyRef, class_name: &str, entries: &[(PyRef, PyRef)]) -> Res<()> {
    for (key, value) in entries {
        let Some(hook) = ops::lookup_special(value, "__set_name__") else { continue };
        if let Err(error) = ops::call(&hook, vec![class.clone(), key.clone()], vec![]) {
            let message = format!(
                "Error calling __set_name__ on '{}' instance {} in '{class_name}'",
                types::type_name(value),
                ops::repr(key)?
            );
            let wrapper = rt::exception(ExcKind::RuntimeError, message);
            crate::types::attr::setattr(&wrapper, "__cause__", error.value.clone())?;
            return Err(ExcInfo::new(wrapper));
        }
    }
    Ok(())
}

/// `super(class, class).__init_subclass__(**kwargs)`.
fn init_subclass(class: &PyRef, kwargs: Kwargs) -> Res<()> {
    let Kind::Class(data) = &class.kind else { return Ok(()) };
    for base in &data.mro {
        let Kind::Class(base_data) = &base.kind else { continue };
        let Some(hook) = rt::dict_get_str(&base_data.dict, "__init_subclass__") else { continue };
        let function = match &hook.kind {
            Kind::ClassMethod(inner) => inner.clone(),
            _ => hook,
        };
        return ops::call(&function, vec![class.clone()], kwargs).map(drop);
    }
    object_init_subclass(class, &kwargs)
}

/// `object.__init_subclass__`: takes no keyword arguments.
fn object_init_subclass(class: &PyRef, kwargs: &Kwargs) -> Res<()> {
    if !kwargs.is_empty() {
        return type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            types::class_name(class)
        ));
    }
    Ok(())
}

/// Calling a class: its metaclass's `__call__` when a metaclass defined in Python has one,
/// else `type.__call__` (`None`: the caller constructs as `type.__call__`).
pub fn metaclass_call(class: &PyRef) -> Option<PyRef> {
    let metaclass = types::python_metaclass(class)?;
    let method = python_lookup(metaclass, "__call__")?;
    Some(types::attr::bind_to_instance(&method, class, metaclass))
}

/// `name` in the dicts of the classes of `class`'s MRO defined in Python (not in the
/// built-in types, whose attributes are native).
fn python_lookup(class: &PyRef, name: &str) -> Option<PyRef> {
    types::mro_of(class).iter().find_map(|c| match &c.kind {
        Kind::Class(data) if data.builtin.is_none() => rt::dict_get_str(&data.dict, name),
        _ => None,
    })
}

/// An attribute of a class found on its metaclass defined in Python: methods bound to the
/// class, properties computed. `data_only`: only data descriptors (properties), which come
/// before the class's own attributes.
pub fn metaclass_attribute(class: &PyRef, name: &str, data_only: bool) -> Res<Option<PyRef>> {
    let Some(metaclass) = types::python_metaclass(class) else { return Ok(None) };
    let Some(attribute) = python_lookup(metaclass, name) else { return Ok(None) };
    match &attribute.kind {
        Kind::Property(property) => {
            ops::call(&property.getter, vec![class.clone()], vec![]).map(Some)
        }
        _ if data_only => Ok(None),
        _ => Ok(Some(types::attr::bind_to_instance(&attribute, class, metaclass))),
    }
}

/// A special method of a class looked up on its metaclass defined in Python, bound to it.
pub fn metaclass_special(class: &PyRef, name: &str) -> Option<PyRef> {
    let metaclass = types::python_metaclass(class)?;
    let attribute = python_lookup(metaclass, name)?;
    Some(types::attr::bind_to_instance(&attribute, class, metaclass))
}

/// `metaclass(name, bases, namespace)` for a subclass of `type` with no `__new__` of its
/// own, or `__new__` found: the class, then `__init__` defined in Python if any.
pub fn construct_class(metaclass: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    let class = match python_lookup(metaclass, "__new__") {
        Some(new) => {
            let new = match &new.kind {
                Kind::StaticMethod(inner) => inner.clone(),
                _ => new,
            };
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(metaclass.clone());
            full.extend(args.iter().cloned());
            let made = ops::call(&new, full, kwargs.clone())?;
            if !types::is_subclass(&types::type_of(&made), metaclass) {
                return Ok(made);
            }
            made
        }
        None => {
            let [name, bases, namespace] = &args[..] else { return wrong_count(args.len()) };
            type_new(metaclass, name, bases, namespace, kwargs.clone())?
        }
    };
    if let Some(init) = python_lookup(metaclass, "__init__") {
        let bound = types::attr::bind_to_instance(&init, &class, metaclass);
        ops::call(&bound, args, kwargs)?;
    }
    Ok(class)
}

/// CPython's error for `type.__new__` called with a wrong number of arguments.
fn wrong_count(given: usize) -> Res<PyRef> {
    type_error(format!("type.__new__() takes exactly 3 arguments ({given} given)"))
}

/// `type(object)` and `type(name, bases, namespace)`.
pub fn type_call(args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    match &args[..] {
        [object] if kwargs.is_empty() => Ok(types::type_of(object)),
        [_] => type_error("type() takes no keyword arguments"),
        [name, bases, namespace] => {
            let Kind::Tuple(items) = &bases.kind else {
                return type_error(format!(
                    "type.__new__() argument 2 must be tuple, not {}",
                    types::type_name(bases)
                ));
            };
            let type_class = rt::builtin_type(BuiltinType::Type);
            let winner = calculate_metaclass(&type_class, items)?;
            if types::python_metaclass(&winner).is_some()
                || matches!(&winner.kind, Kind::Class(d) if d.builtin.is_none())
            {
                return ops::call(&winner, args.clone(), kwargs);
            }
            type_new(&type_class, name, bases, namespace, kwargs)
        }
        _ => type_error("type() takes 1 or 3 arguments"),
    }
}

/// The attributes of `type` itself (reached through metaclasses' `super()` and `type.x`).
pub fn type_attribute(name: &str) -> Option<PyRef> {
    Some(match name {
        "__new__" => native("__new__", |a| {
            let [metaclass, rest @ ..] = &a.positional[..] else {
                return type_error("type.__new__(): not enough arguments");
            };
            if !is_metaclass(metaclass) {
                return type_error(format!(
                    "type.__new__(X): X is not a type object ({})",
                    types::type_name(metaclass)
                ));
            }
            match rest {
                [name, bases, namespace] => {
                    type_new(metaclass, name, bases, namespace, a.keywords.clone())
                }
                _ => wrong_count(rest.len()),
            }
        }),
        "__init__" => native("__init__", |_| Ok(rt::none())),
        "__call__" => native("__call__", |a| {
            let Some(class) = a.positional.first() else {
                return type_error("descriptor '__call__' of 'type' object needs an argument");
            };
            ops::construct_default(class, a.positional[1..].to_vec(), a.keywords.clone())
        }),
        "__prepare__" => native("__prepare__", |_| Ok(rt::new_dict())),
        "__subclasses__" => native("__subclasses__", |a| {
            a.arity("__subclasses__", 1, 1)?;
            Ok(rt::list(types::subclasses_of(&a.arg(0))))
        }),
        "mro" => native("mro", |a| {
            a.arity("mro", 1, 1)?;
            Ok(rt::list(types::mro_of(&a.arg(0))))
        }),
        "__instancecheck__" => native("__instancecheck__", |a| {
            a.arity("__instancecheck__", 2, 2)?;
            let class = types::type_of(&a.arg(1));
            Ok(rt::boolean(types::is_subclass(&class, &a.arg(0))))
        }),
        "__subclasscheck__" => native("__subclasscheck__", |a| {
            a.arity("__subclasscheck__", 2, 2)?;
            Ok(rt::boolean(types::is_subclass(&a.arg(1), &a.arg(0))))
        }),
        "__setattr__" => native("__setattr__", |a| {
            a.arity("__setattr__", 3, 3)?;
            let name = crate::types::str::expect_str(&a.positional[1], "attribute name")?;
            types::class_attr::class_setattr(&a.arg(0), name, a.arg(2))?;
            Ok(rt::none())
        }),
        "__delattr__" => native("__delattr__", |a| {
            a.arity("__delattr__", 2, 2)?;
            let name = crate::types::str::expect_str(&a.positional[1], "attribute name")?;
            types::class_attr::class_delattr(&a.arg(0), name)?;
            Ok(rt::none())
        }),
        "__repr__" => native("__repr__", |a| {
            a.arity("__repr__", 1, 1)?;
            Ok(rt::str(ops::class_repr(&a.arg(0))))
        }),
        _ => return None,
    })
}

/// `object.__init_subclass__` (reached by `super().__init_subclass__(**kwargs)`).
pub fn object_init_subclass_native(a: Args) -> Res<PyRef> {
    let class = match (a.receiver, a.positional.first()) {
        (Some(class), _) | (None, Some(class)) => class.clone(),
        _ => return type_error("__init_subclass__() needs a class"),
    };
    object_init_subclass(&class, &a.keywords)?;
    Ok(rt::none())
}
