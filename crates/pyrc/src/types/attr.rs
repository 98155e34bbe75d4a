//! Attribute access: `getattr`, `setattr`, `delattr` for every kind of object.

use std::cell::Cell;

use crate::object::dict::Dict;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime as rt;
use crate::object::{alloc, builtin_base, Kind, PyRef};
use crate::types;
use crate::types::descriptor;
use crate::types::ops;

pub(crate) fn dict_of(object: &PyRef) -> Option<&std::cell::RefCell<Dict>> {
    match &object.kind {
        Kind::Dict(d) => Some(d),
        _ => None,
    }
}

fn get_in(dict: &PyRef, name: &str) -> Option<PyRef> {
    dict_of(dict).and_then(|d| d.borrow().get_str(name))
}

pub(crate) fn attribute_error<T>(message: String) -> Res<T> {
    rt::raise(ExcKind::AttributeError, message)
}

/// `object.name`.
pub fn getattr(object: &PyRef, name: &str) -> Res<PyRef> {
    match lookup(object, name)? {
        Some(value) => Ok(value),
        None => match getattr_hook(object, name) {
            Some(result) => result,
            None => attribute_error(missing_message(object, name)),
        },
    }
}

/// `object.name`, or `None` when it has none (CPython's `_PyObject_LookupAttr`): unless a
/// `__getattr__` runs, no AttributeError is made, which `getattr(x, name, default)` and
/// `hasattr` take as the common case.
pub fn getattr_optional(object: &PyRef, name: &str) -> Res<Option<PyRef>> {
    let result = match lookup(object, name) {
        Ok(Some(value)) => return Ok(Some(value)),
        Ok(None) => match getattr_hook(object, name) {
            Some(result) => result,
            None => return Ok(None),
        },
        Err(error) => Err(error),
    };
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) if rt::is_exception(&error.value, ExcKind::AttributeError) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Calls the `__getattr__` of a class defined in Python (on the metaclass for a class), or
/// of a module (PEP 562: a function in its namespace), the last resort of an attribute
/// lookup; `None` when there is none.
fn getattr_hook(object: &PyRef, name: &str) -> Option<Res<PyRef>> {
    if let Kind::Module(module) = &object.kind {
        let hook = get_in(&module.dict, "__getattr__")?;
        return Some(ops::call(&hook, vec![rt::str(name)], vec![]));
    }
    if let Some(hook) = crate::types::class_new::metaclass_special(object, "__getattr__") {
        return Some(ops::call(&hook, vec![rt::str(name)], vec![]));
    }
    let instance = object.instance()?;
    let hook = crate::object::class::class_lookup_name(
        &instance.class(),
        crate::object::hash::name!("__getattr__"),
    )?;
    let bound = alloc(Kind::BoundMethod { function: hook, receiver: object.clone() });
    Some(ops::call(&bound, vec![rt::str(name)], vec![]))
}

pub(crate) fn missing_message(object: &PyRef, name: &str) -> String {
    match &object.kind {
        Kind::Class(class) => format!("type object '{}' has no attribute '{name}'", class.name),
        Kind::Module(module) => format!("module '{}' has no attribute '{name}'", module.name),
        _ => format!("'{}' object has no attribute '{name}'", types::type_name(object)),
    }
}

/// The plain function `object.name` would bind, when it is one: found on the class of an
/// instance of a class defined in Python and not shadowed by the instance's `__dict__`.
/// A method call can then pass `object` as the first argument without making a bound
/// method (CPython's `LOAD_METHOD`). `None`: look the attribute up as usual.
pub fn method_for_call(object: &PyRef, name: &str) -> Option<PyRef> {
    if !matches!(object.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_))
        || name.starts_with("__")
    {
        return None;
    }
    crate::object::check_alive(object).ok()?;
    let instance = object.instance()?;
    let hash = crate::object::hash::str_hash(name);
    let attribute = crate::object::class::class_lookup_hashed(&instance.class(), name, hash)?;
    // Python functions and the methods of native classes (built-in functions without a
    // receiver, which bind as methods: `types::native_class`).
    match &attribute.kind {
        Kind::Function(_) => {}
        Kind::Builtin(builtin) if builtin.receiver.is_none() => {}
        _ => return None,
    }
    if rt::dict_get_str_hashed(&instance.dict, name, hash).is_some() {
        return None;
    }
    Some(attribute)
}

/// An instance's attribute (CPython's `PyObject_GenericGetAttr`), `class_attribute` being
/// what the lookup of `name` (hash `hash`) on its class found.
fn instance_lookup(
    object: &PyRef,
    name: &str,
    hash: i64,
    class_attribute: Option<PyRef>,
) -> Res<Option<PyRef>> {
    let instance = object.instance().expect("an instance");
    // Data descriptors first: properties, instances of classes defining `__set__` or
    // `__delete__` (`types::descriptor`).
    if let Some(attribute) = &class_attribute {
        match &attribute.kind {
            Kind::Property(_) => {
                return descriptor::property_get(attribute, object, name).map(Some)
            }
            Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
                if descriptor::is_data(attribute) =>
            {
                let class = &instance.class();
                if let Some(value) = descriptor::call_get(attribute, Some(object), class)? {
                    return Ok(Some(value));
                }
                let view = descriptor::builtin_view(attribute);
                if let Kind::Property(_) = &view.kind {
                    return descriptor::property_get(&view, object, name).map(Some);
                }
            }
            _ => {}
        }
    }
    if name.starts_with("__") {
        match name {
            // An instance of a class with `__slots__` only has no `__dict__` (its values
            // are kept in the hidden one).
            "__dict__" if types::slot_names(&instance.class()).is_none() => {
                return Ok(Some(instance.dict.clone()))
            }
            "__class__" => return Ok(Some(instance.class())),
            _ => {}
        }
    }
    if let Some(value) = rt::dict_get_str_hashed(&instance.dict, name, hash) {
        return Ok(Some(value));
    }
    // The class is needed from here on (a new handle: descriptors run Python code, which
    // may assign `__class__`).
    let class = &instance.class();
    if let Some(attribute) = class_attribute {
        if matches!(attribute.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
            if let Some(value) = descriptor::call_get(&attribute, Some(object), class)? {
                return Ok(Some(value));
            }
        }
        return Ok(Some(bind_to_instance(&attribute, object, class)));
    }
    // A subclass of a built-in type: the built-in value's methods (`a.append`).
    if let Some(base) = &builtin_base(object) {
        if name == "__init__" {
            if let Some(ty) = types::builtin_layout(class) {
                let init = crate::types::lookup::type_attribute(ty, &rt::builtin_type(ty), name);
                if let Some(init) = init {
                    return Ok(Some(alloc(Kind::BoundMethod {
                        function: init,
                        receiver: object.clone(),
                    })));
                }
            }
        }
        if matches!(base.kind, Kind::Property(_)) && matches!(name, "getter" | "setter" | "deleter")
        {
            return Ok(crate::types::lookup::property_copy_method(object, name));
        }
        // The pickle protocol works on the instance itself (its class, its `__dict__`).
        if matches!(name, "__reduce_ex__" | "__reduce__" | "__getstate__") {
            return Ok(Some(crate::types::reduce::bound_to_extended(object, base, name)));
        }
        if !matches!(name, "__dict__" | "__doc__") {
            if let Some(value) = lookup(base, name)? {
                return Ok(Some(value));
            }
        }
    }
    // Exceptions: `e.args` lives in the dict; `__traceback__`, `__cause__` etc. default.
    if types::is_subclass(class, &rt::exception_class(ExcKind::BaseException)) {
        if name == "code" && types::is_subclass(class, &rt::exception_class(ExcKind::SystemExit)) {
            let args = ops::exception_args(object);
            return Ok(Some(match args.len() {
                0 => rt::none(),
                1 => args[0].clone(),
                _ => rt::tuple(args),
            }));
        }
        match name {
            "__cause__" | "__context__" | "__traceback__" => return Ok(Some(rt::none())),
            "with_traceback" => return Ok(Some(with_traceback_method(object))),
            "add_note" => return Ok(Some(types::exception_group::add_note_method(object))),
            "__suppress_context__" => return Ok(Some(rt::boolean(false))),
            _ => {}
        }
    }
    Ok(common_attribute(object, name))
}

/// `getattr(object, name)` with the name's hash and interned key known and the class lookup
/// cached (the interpreter's `LoadAttr`).
pub fn getattr_cached(
    object: &PyRef,
    name: &str,
    hash: i64,
    key: &PyRef,
    cache: &crate::object::class::AttrCache,
    slot_hint: &Cell<u32>,
) -> Res<PyRef> {
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {}
        Kind::Class(data) => return class_getattr_cached(object, data, name, hash, key, cache),
        Kind::Module(module) if !name.starts_with("__") => {
            // A module's own names come before its type's (which are all dunder names).
            return match rt::dict_get_str_hashed(&module.dict, name, hash) {
                Some(value) => Ok(value),
                None => getattr(object, name),
            };
        }
        _ => return getattr(object, name),
    }
    crate::object::check_alive(object)?;
    let instance = object.instance().expect("an instance");
    // SAFETY: a cached class lookup compares str keys only: no Python code runs, so nothing
    // replaces the class meanwhile.
    let class = unsafe { instance.class_unchecked() };
    let class_attribute = crate::object::class::class_lookup_cached(class, name, hash, key, cache);
    // The common case first: a plain name the class does not define, in the instance's dict
    // (CPython's `LOAD_ATTR_INSTANCE_VALUE`: instances sharing their class's keys keep the
    // name at the same slot, remembered in `slot_hint`).
    if class_attribute.is_none() && !name.starts_with("__") {
        if let Some(value) = instance_value(&instance.dict, name, hash, key, slot_hint) {
            return Ok(value);
        }
    }
    match instance_lookup(object, name, hash, class_attribute)? {
        Some(value) => Ok(value),
        None => getattr(object, name),
    }
}

/// `Class.name` through the instruction's cache: for a class with no metaclass of its own
/// and a name `type` has no data descriptor for (no dunder name), the class's own attribute
/// (a static method unwrapped, a class method bound to the class) unless it is a descriptor
/// defined in Python; everything else goes the general way (`class_attr::lookup`).
fn class_getattr_cached(
    object: &PyRef,
    data: &crate::object::Class,
    name: &str,
    hash: i64,
    key: &PyRef,
    cache: &crate::object::class::AttrCache,
) -> Res<PyRef> {
    if data.metaclass.is_none() && !name.starts_with("__") {
        let found = crate::object::class::class_lookup_cached(object, name, hash, key, cache);
        if let Some(attribute) = found {
            match &attribute.kind {
                Kind::Instance(_) | Kind::Extended(_) => {}
                Kind::StaticMethod(inner) => return Ok(inner.clone()),
                Kind::ClassMethod(inner) => {
                    return Ok(alloc(Kind::BoundMethod {
                        function: inner.clone(),
                        receiver: object.clone(),
                    }))
                }
                _ => return Ok(attribute),
            }
        }
    }
    getattr(object, name)
}

/// What [`setattr_cached`] needs besides the object, the name and the value: the name's
/// hash and interned key, the store site's cache and its instance-dict slot hint.
pub struct StoreSite<'a> {
    pub hash: i64,
    pub key: &'a PyRef,
    pub cache: &'a crate::object::class::StoreCache,
    pub slot_hint: &'a Cell<u32>,
}

/// `object.name = value` (the interpreter's `StoreAttr`): an instance whose class defines
/// neither the name as a data descriptor (a property, an object whose class defines
/// `__set__` or `__delete__`) nor `__setattr__`, nor `__slots__` without the name, and a
/// name other than `__class__`
/// (remembered per class epoch by the site's cache), stores straight into its dict, at the remembered slot when it
/// still holds the name; everything else goes the general way ([`setattr`]).
pub fn setattr_cached(object: &PyRef, name: &str, value: PyRef, site: &StoreSite<'_>) -> Res<()> {
    if !matches!(object.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
        return setattr(object, name, value);
    }
    crate::object::check_alive(object)?;
    let instance = object.instance().expect("an instance");
    // SAFETY: the class is used only by lookups of str keys and the store itself, which run
    // no Python code (`setattr`, which may, is only called as the last use of it).
    let class = unsafe { instance.class_unchecked() };
    if !site.cache.is_plain(class) {
        // `__traceback__` of an exception is BaseException's checked setter.
        let property = name == "__class__"
            || name == "__traceback__"
            || crate::object::class::class_lookup_hashed(class, name, site.hash)
                .is_some_and(|a| descriptor::is_data(&a));
        let hook = crate::object::class::class_lookup_name(
            class,
            crate::object::hash::name!("__setattr__"),
        );
        // With `__slots__`, a listed name is stored as any other (in the hidden dict).
        let unlisted =
            types::slot_names(class).is_some_and(|names| !names.iter().any(|n| &**n == name));
        if property || hook.is_some() || unlisted {
            return setattr(object, name, value);
        }
        site.cache.set_plain(class);
    }
    let Kind::Dict(cell) = &instance.dict.kind else { return setattr(object, name, value) };
    crate::object::track_dict_for(&instance.dict, &value);
    let replaced = {
        let mut dict = cell.borrow_mut();
        // The slot the site last stored at: a value to replace, or in a dict sharing its
        // class's keys, the name's index (CPython 3.11's `STORE_ATTR_INSTANCE_VALUE`).
        match dict.store_at(site.slot_hint.get() as usize, site.key, value) {
            Ok(old) => old,
            Err(value) => {
                rt::share_keys_in(class, &mut dict);
                let (old, slot) = dict.set_interned(site.key, name, site.hash, value);
                if let Some(slot) = slot.and_then(|s| u32::try_from(s).ok()) {
                    site.slot_hint.set(slot);
                }
                old
            }
        }
    };
    // Dropped after the borrow: its `__del__` may use the dict.
    drop(replaced);
    Ok(())
}

/// `name` in an instance dict, trying the slot `slot_hint` remembers first (a hint is used
/// only if that entry still holds the name's interned key object `key`).
fn instance_value(
    dict: &PyRef,
    name: &str,
    hash: i64,
    key: &PyRef,
    slot_hint: &Cell<u32>,
) -> Option<PyRef> {
    let Kind::Dict(dict) = &dict.kind else { return None };
    let dict = dict.try_borrow().ok()?;
    if let Some((_, found, value)) = dict.entry_at(slot_hint.get() as usize) {
        if rcgc::Gc::ptr_eq(found, key) {
            return Some(value.clone());
        }
    }
    let slot = dict.find_str(name, hash)?;
    if let Ok(slot) = u32::try_from(slot) {
        slot_hint.set(slot);
    }
    dict.value_at(slot)
}

/// [`method_for_call`] with the name's hash and interned key known and the class lookup
/// cached.
pub fn method_for_call_cached(
    object: &PyRef,
    name: &str,
    hash: i64,
    key: &PyRef,
    cache: &crate::object::class::AttrCache,
) -> Option<PyRef> {
    if !matches!(object.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_))
        || name.starts_with("__")
    {
        return None;
    }
    crate::object::check_alive(object).ok()?;
    let instance = object.instance()?;
    // SAFETY: a cached class lookup compares str keys only: no Python code runs, so nothing
    // replaces the class meanwhile.
    let class = unsafe { instance.class_unchecked() };
    let attribute = crate::object::class::class_lookup_cached(class, name, hash, key, cache)?;
    // Python functions and the methods of native classes (built-in functions without a
    // receiver, which bind as methods: `types::native_class`).
    match &attribute.kind {
        Kind::Function(_) => {}
        Kind::Builtin(builtin) if builtin.receiver.is_none() => {}
        _ => return None,
    }
    let unshadowed = match &instance.dict.kind {
        Kind::Dict(dict) => {
            dict.try_borrow().is_ok_and(|dict| cache.unshadowed(class, &dict, key, hash))
        }
        _ => false,
    };
    if !unshadowed && rt::dict_get_str_hashed(&instance.dict, name, hash).is_some() {
        return None;
    }
    Some(attribute)
}

/// The interpreter's first try at `object.name` (CPython's `LOAD_ATTR_INSTANCE_VALUE`): an
/// instance of a class defined in Python, whose class the site's cache says defines no
/// `name` (not a dunder name, which the general path treats apart), with the name at the
/// remembered slot of its dict. `None`: take the general path ([`getattr_cached`]).
#[inline]
pub fn instance_value_cached(
    object: &PyRef,
    name: &str,
    key: &PyRef,
    cache: &crate::object::class::AttrCache,
    slot_hint: &Cell<u32>,
) -> Option<PyRef> {
    let Kind::Instance(instance) = &object.kind else { return None };
    // SAFETY: only compared by address and epoch: no Python code runs, so nothing replaces
    // the class meanwhile.
    let class = unsafe { instance.class_unchecked() };
    if !cache.says_absent(class) || name.starts_with("__") || object.is_deallocated() {
        return None;
    }
    let Kind::Dict(dict) = &instance.dict.kind else { return None };
    let dict = dict.try_borrow().ok()?;
    match dict.entry_at(slot_hint.get() as usize) {
        Some((_, found, value)) if rcgc::Gc::ptr_eq(found, key) => Some(value.clone()),
        _ => None,
    }
}

/// `getattr(object, name, None)`-style lookup: `Ok(None)` when absent.
pub fn lookup(object: &PyRef, name: &str) -> Res<Option<PyRef>> {
    crate::object::check_alive(object)?;
    if let Kind::Iterator(state) = &object.kind {
        if let Ok(state) = state.try_borrow() {
            if let crate::object::Iter::Function(generator) = &*state {
                if let Some(value) = generator.attribute(name) {
                    return Ok(Some(value));
                }
            }
        }
    }
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            let hash = crate::object::hash::str_hash(name);
            let class_attribute =
                crate::object::class::class_lookup_hashed(&instance.class(), name, hash);
            instance_lookup(object, name, hash, class_attribute)
        }
        Kind::Class(class) => crate::types::class_attr::lookup(object, class, name),
        Kind::Module(module) => {
            if name == "__dict__" {
                return Ok(Some(module.dict.clone()));
            }
            Ok(get_in(&module.dict, name).or_else(|| common_attribute(object, name)))
        }
        Kind::Function(function) => Ok(match name {
            "__get__" => descriptor::builtin_method(object, name),
            // Calling it calls the function (CPython's `method-wrapper`); `unittest.mock`'s
            // `_callable` tests for the attribute.
            "__call__" => Some(object.clone()),
            "__name__" => Some(rt::str(function.current_name())),
            "__qualname__" => Some(rt::str(function.current_qualname())),
            "__defaults__" => Some({
                let defaults = function.defaults.borrow().to_vec();
                if defaults.is_empty() {
                    rt::none()
                } else {
                    rt::tuple(defaults)
                }
            }),
            "__globals__" => Some(function.globals.clone()),
            "__code__" => Some(alloc(Kind::Code(function.code.clone()))),
            "__kwdefaults__" => Some({
                let kw_defaults = function.kw_defaults.borrow().to_vec();
                if kw_defaults.is_empty() {
                    rt::none()
                } else {
                    let dict = rt::new_dict();
                    for (key, value) in kw_defaults {
                        rt::dict_set_str(&dict, &key, value);
                    }
                    dict
                }
            }),
            // Made empty on first access when the definition had none, as CPython's.
            "__annotations__" => {
                let dict = function_dict(object);
                Some(get_in(&dict, name).unwrap_or_else(|| {
                    let annotations = rt::new_dict();
                    rt::dict_set_str(&dict, name, annotations.clone());
                    annotations
                }))
            }
            "__dict__" => Some(function_dict(object)),
            "__closure__" => Some(if function.closure.is_empty() {
                rt::none()
            } else {
                rt::tuple(function.closure.to_vec())
            }),
            // Assigned ones (`functools.wraps`) live in the function's dict.
            "__module__" | "__doc__" => {
                let dict = function.extras.borrow().as_ref().and_then(|e| e.dict.clone());
                dict.and_then(|d| get_in(&d, name)).or_else(|| match name {
                    "__module__" => get_in(&function.globals, "__name__"),
                    _ => Some(rt::none()),
                })
            }
            _ => {
                let dict = function.extras.borrow().as_ref().and_then(|e| e.dict.clone());
                dict.and_then(|d| get_in(&d, name)).or_else(|| common_attribute(object, name))
            }
        }),
        Kind::BoundMethod { function, receiver } => Ok(match name {
            "__self__" => Some(receiver.clone()),
            "__func__" => Some(function.clone()),
            _ => return lookup(function, name),
        }),
        Kind::Builtin(builtin) => Ok(match name {
            "__name__" | "__qualname__" => Some(rt::str(builtin.name)),
            "__call__" => Some(object.clone()),
            "__self__" => Some(builtin.receiver.clone().unwrap_or_else(rt::none)),
            _ => common_attribute(object, name),
        }),
        Kind::Frame(_) if name == "clear" => {
            Ok(Some(crate::object::native::method_of(object, "clear", crate::types::frame::clear)))
        }
        Kind::Frame(frame) => {
            Ok(crate::types::frame::attribute(frame, name)
                .or_else(|| common_attribute(object, name)))
        }
        Kind::Traceback(traceback) => Ok(crate::types::frame::traceback_attribute(traceback, name)
            .or_else(|| common_attribute(object, name))),
        Kind::Code(code) => Ok(match name {
            "co_name" => Some(rt::str(code.code.name.clone())),
            "co_qualname" => Some(rt::str(code.code.qualname.clone())),
            "co_filename" => Some(rt::str(code.code.filename.clone())),
            "co_firstlineno" => Some(rt::int(i64::from(code.code.first_line))),
            "co_positions" => Some(crate::types::frame::co_positions(object)),
            // CO_ITERABLE_COROUTINE, set by `types.coroutine`.
            "co_flags" if code.iterable_coroutine.get() => {
                let flags = crate::types::frame::code_attribute(&code.code, name)
                    .and_then(|f| match &f.kind {
                        Kind::Int(i) => i.to_i64(),
                        _ => None,
                    })
                    .unwrap_or(0);
                Some(rt::int(flags | 0x100))
            }
            _ => crate::types::frame::code_attribute(&code.code, name)
                .or_else(|| common_attribute(object, name)),
        }),
        Kind::Cell(content) if name == "cell_contents" => match content.borrow().clone() {
            Some(value) => Ok(Some(value)),
            None => rt::value_error("Cell is empty"),
        },
        Kind::Property(property) => Ok(match name {
            "fget" => Some(property.getter.clone()),
            "fset" => Some(property.setter.borrow().clone().unwrap_or_else(rt::none)),
            "fdel" => Some(property.deleter.borrow().clone().unwrap_or_else(rt::none)),
            "__doc__" => match property.doc.borrow().clone() {
                Some(doc) => Some(doc),
                None => lookup(&property.getter, "__doc__")?.or_else(|| Some(rt::none())),
            },
            "getter" | "setter" | "deleter" => {
                crate::types::lookup::property_copy_method(object, name)
            }
            "__get__" | "__set__" | "__delete__" => descriptor::builtin_method(object, name),
            "__isabstractmethod__" => Some(rt::boolean(
                is_abstract(&property.getter)?
                    || is_abstract_option(&property.setter.borrow().clone())?
                    || is_abstract_option(&property.deleter.borrow().clone())?,
            )),
            _ => common_attribute(object, name),
        }),
        Kind::ClassMethod(inner) | Kind::StaticMethod(inner) => Ok(match name {
            "__get__" => descriptor::builtin_method(object, name),
            "__func__" | "__wrapped__" => Some(inner.clone()),
            "__isabstractmethod__" => Some(rt::boolean(is_abstract(inner)?)),
            "__name__" | "__qualname__" | "__doc__" | "__module__" => lookup(inner, name)?,
            _ => common_attribute(object, name),
        }),
        Kind::Int(_) | Kind::Bool(_)
            if matches!(name, "real" | "imag" | "numerator" | "denominator") =>
        {
            Ok(Some(match name {
                "real" | "numerator" => rt::int(ops::to_bigint(object).expect("an int")),
                "imag" => rt::int(0),
                _ => rt::int(1),
            }))
        }
        Kind::Range(range) if matches!(name, "start" | "stop" | "step") => {
            Ok(Some(rt::int(match name {
                "start" => range.start.clone(),
                "stop" => range.stop.clone(),
                _ => range.step.clone(),
            })))
        }
        Kind::Slice(slice) if matches!(name, "start" | "stop" | "step") => Ok(Some(match name {
            "start" => slice.start.clone(),
            "stop" => slice.stop.clone(),
            _ => slice.step.clone(),
        })),
        Kind::Complex(re, im) if matches!(name, "real" | "imag") => {
            Ok(crate::types::complex::attribute(*re, *im, name))
        }
        Kind::Float(f) if matches!(name, "real" | "imag") => {
            Ok(Some(if name == "real" { rt::float(*f) } else { rt::float(0.0) }))
        }
        Kind::Super { .. } => match crate::types::lookup::super_lookup(object, name)? {
            Some(value) => Ok(Some(value)),
            None => Ok(common_attribute(object, name)),
        },
        _ => {
            if let Some(method) = crate::types::lookup::method(object, name) {
                return Ok(Some(method));
            }
            if let Some(method) = crate::types::methods::dunder(object, name) {
                return Ok(Some(method));
            }
            Ok(common_attribute(object, name))
        }
    }
}

/// Attributes every object has.
pub(crate) fn common_attribute(object: &PyRef, name: &str) -> Option<PyRef> {
    match name {
        "__class__" => Some(types::type_of(object)),
        "__doc__" => Some(rt::none()),
        // `type(x).__new__` (`None.__new__`, which `enum` compares against).
        "__new__" => Some(crate::object::native::native("__new__", |a| {
            let Some(class) = a.positional.first() else {
                return rt::type_error("__new__(): not enough arguments");
            };
            ops::construct_default(class, a.positional[1..].to_vec(), a.keywords.clone())
        })),
        _ => crate::types::lookup::object_method(object, name),
    }
}

/// `f.__defaults__ = ...` (a tuple or `None`) and `f.__kwdefaults__ = ...` (a dict or `None`).
fn set_function_defaults(function: &crate::object::Function, name: &str, value: PyRef) -> Res<()> {
    if name == "__defaults__" {
        let items: thin_vec::ThinVec<PyRef> = match &value.kind {
            Kind::None => thin_vec::ThinVec::new(),
            Kind::Tuple(items) => items.iter().cloned().collect(),
            _ => return rt::type_error("__defaults__ must be set to a tuple object"),
        };
        let Ok(mut slot) = function.defaults.try_borrow_mut() else {
            return rt::raise(ExcKind::RuntimeError, "__defaults__ is in use");
        };
        let old = std::mem::replace(&mut *slot, items);
        drop(slot);
        drop(old);
        return Ok(());
    }
    let items: thin_vec::ThinVec<(std::rc::Rc<str>, PyRef)> = match &value.kind {
        Kind::None => thin_vec::ThinVec::new(),
        Kind::Dict(_) => {
            let mut items = thin_vec::ThinVec::new();
            for (key, value) in ops::mapping_items(&value)? {
                let Some(key) = crate::object::str_text(&key) else {
                    return rt::type_error("keyword names must be strings");
                };
                items.push((std::rc::Rc::from(key), value));
            }
            items
        }
        _ => return rt::type_error("__kwdefaults__ must be set to a dict object"),
    };
    let Ok(mut slot) = function.kw_defaults.try_borrow_mut() else {
        return rt::raise(ExcKind::RuntimeError, "__kwdefaults__ is in use");
    };
    let old = std::mem::replace(&mut *slot, items);
    drop(slot);
    drop(old);
    Ok(())
}

fn function_dict(function: &PyRef) -> PyRef {
    let Kind::Function(f) = &function.kind else { return rt::new_dict() };
    f.with_extras(|extras| extras.dict.get_or_insert_with(rt::new_dict).clone())
}

/// A class attribute as seen through an instance.
pub fn bind_to_instance(attribute: &PyRef, receiver: &PyRef, class: &PyRef) -> PyRef {
    if let Kind::Extended(_) = &attribute.kind {
        // An instance of a subclass of `classmethod`/`staticmethod` binds as its value.
        let view = descriptor::builtin_view(attribute);
        if !rcgc::Gc::ptr_eq(&view, attribute) && !matches!(view.kind, Kind::Property(_)) {
            return bind_to_instance(&view, receiver, class);
        }
    }
    match &attribute.kind {
        Kind::Function(_) => {
            alloc(Kind::BoundMethod { function: attribute.clone(), receiver: receiver.clone() })
        }
        Kind::Builtin(builtin) if builtin.receiver.is_none() => {
            alloc(Kind::BoundMethod { function: attribute.clone(), receiver: receiver.clone() })
        }
        Kind::StaticMethod(inner) => inner.clone(),
        Kind::ClassMethod(inner) => {
            alloc(Kind::BoundMethod { function: inner.clone(), receiver: class.clone() })
        }
        _ => attribute.clone(),
    }
}

/// Whether `function.__isabstractmethod__` is true (`abc.abstractmethod` sets it).
fn is_abstract(function: &PyRef) -> Res<bool> {
    match lookup(function, "__isabstractmethod__")? {
        Some(value) => ops::truthy(&value),
        None => Ok(false),
    }
}

fn is_abstract_option(function: &Option<PyRef>) -> Res<bool> {
    match function {
        Some(function) => is_abstract(function),
        None => Ok(false),
    }
}

/// `exception.with_traceback(tb)`: sets `__traceback__`, returns the exception.
fn with_traceback_method(exception: &PyRef) -> PyRef {
    alloc(Kind::Builtin(Box::new(crate::object::Builtin {
        name: "with_traceback",
        function: |a| {
            let exception = a.receiver.cloned().expect("bound to the exception");
            let [traceback] = &a.positional[..] else {
                return rt::type_error(format!(
                    "with_traceback() takes exactly one argument ({} given)",
                    a.positional.len()
                ));
            };
            setattr(&exception, "__traceback__", traceback.clone())?;
            Ok(exception)
        },
        receiver: Some(exception.clone()),
    })))
}

/// `object.name = value`.
pub fn setattr(object: &PyRef, name: &str, value: PyRef) -> Res<()> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) | Kind::Class(_) => {}
        _ if name == "__class__" => {
            return rt::type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            )
        }
        _ => {}
    }
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(hook) = crate::object::class::class_lookup_name(
                &instance.class(),
                crate::object::hash::name!("__setattr__"),
            ) {
                let bound = alloc(Kind::BoundMethod { function: hook, receiver: object.clone() });
                return ops::call(&bound, vec![rt::str(name), value], vec![]).map(drop);
            }
            store_in_instance(object, name, value)
        }
        Kind::Class(_) => {
            if let Some(hook) = crate::types::class_new::metaclass_special(object, "__setattr__") {
                return ops::call(&hook, vec![rt::str(name), value], vec![]).map(drop);
            }
            crate::types::class_attr::class_setattr(object, name, value)
        }
        Kind::Module(module) => {
            store(&module.dict, name, value);
            Ok(())
        }
        Kind::Function(function) if matches!(name, "__name__" | "__qualname__") => {
            let Some(text) = crate::object::str_text(&value) else {
                return rt::type_error(format!("{name} must be set to a string object"));
            };
            function.with_extras(|extras| {
                let slot = if name == "__name__" { &mut extras.name } else { &mut extras.qualname };
                *slot = Some(std::rc::Rc::from(text));
            });
            Ok(())
        }
        Kind::Function(function) if matches!(name, "__defaults__" | "__kwdefaults__") => {
            set_function_defaults(function, name, value)
        }
        Kind::Function(_) => {
            store(&function_dict(object), name, value);
            Ok(())
        }
        Kind::Property(property) if name == "__doc__" => {
            let old = property.doc.replace(Some(value));
            drop(old);
            Ok(())
        }
        Kind::Traceback(traceback) if name == "tb_next" => {
            crate::types::frame::set_tb_next(object, traceback, value)
        }
        _ => attribute_error(format!(
            "'{}' object has no attribute '{name}'",
            types::type_name(object)
        )),
    }
}

/// `exception.__traceback__ = value` (BaseException's setter): a traceback or None.
fn set_exception_traceback(exception: &PyRef, value: PyRef) -> Res<()> {
    match &value.kind {
        Kind::Traceback(_) => {
            crate::object::traceback::set_exception_traceback(exception, Some(value))
        }
        Kind::None => crate::object::traceback::set_exception_traceback(exception, None),
        _ => return rt::type_error("__traceback__ must be a traceback or None"),
    }
    Ok(())
}

/// Stores an attribute in an instance's dict (`object.__setattr__`): only the `__slots__`
/// names when its class has no `__dict__`.
pub fn store_in_instance(object: &PyRef, name: &str, value: PyRef) -> Res<()> {
    let Some(instance) = object.instance() else { return setattr(object, name, value) };
    if name == "__class__" {
        return crate::types::class_attr::set_class(object, value);
    }
    let class = instance.class();
    if name == "__traceback__"
        && types::is_subclass(&class, &rt::exception_class(ExcKind::BaseException))
    {
        return set_exception_traceback(object, value);
    }
    // `object.__setattr__`: a data descriptor of the class takes the value.
    if let Some(attribute) = types::class_lookup(&class, name) {
        if descriptor::is_data(&attribute)
            && descriptor::set(&attribute, object, name, value.clone())?
        {
            return Ok(());
        }
    }
    if let Some(names) = types::slot_names(&class) {
        if !names.iter().any(|n| &**n == name) {
            return attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                types::type_name(object)
            ));
        }
    }
    rt::share_keys_on_first_store(&class, &instance.dict);
    store(&instance.dict, name, value);
    Ok(())
}

/// The old value is dropped after the dict borrow ends (its `__del__` may touch the dict).
pub(crate) fn store(dict: &PyRef, name: &str, value: PyRef) {
    if let Some(d) = dict_of(dict) {
        crate::object::track_dict_for(dict, &value);
        let old = d.borrow_mut().set_name(name, value);
        drop(old);
    }
}

/// `del object.name`.
pub fn delattr(object: &PyRef, name: &str) -> Res<()> {
    crate::object::check_alive(object)?;
    let dict = match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) if name == "__class__" => {
            return rt::type_error("can't delete __class__ attribute");
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(hook) = crate::object::class::class_lookup_name(
                &instance.class(),
                crate::object::hash::name!("__delattr__"),
            ) {
                let bound = alloc(Kind::BoundMethod { function: hook, receiver: object.clone() });
                return ops::call(&bound, vec![rt::str(name)], vec![]).map(drop);
            }
            if let Some(attribute) = types::class_lookup(&instance.class(), name) {
                if descriptor::is_data(&attribute) && descriptor::delete(&attribute, object, name)?
                {
                    return Ok(());
                }
            }
            instance.dict.clone()
        }
        Kind::Class(_) => {
            if let Some(hook) = crate::types::class_new::metaclass_special(object, "__delattr__") {
                return ops::call(&hook, vec![rt::str(name)], vec![]).map(drop);
            }
            return crate::types::class_attr::class_delattr(object, name);
        }
        Kind::Module(module) => module.dict.clone(),
        Kind::Function(_) => function_dict(object),
        _ => {
            return attribute_error(format!(
                "'{}' object has no attribute '{name}'",
                types::type_name(object)
            ))
        }
    };
    remove_from_namespace(object, &dict, name)
}

/// `del object.name` in `dict`, the namespace of `object`: `AttributeError` when absent; a
/// removed `__del__` forgets the cached answers of `object` (a class).
pub(crate) fn remove_from_namespace(object: &PyRef, dict: &PyRef, name: &str) -> Res<()> {
    let removed = dict_of(dict).and_then(|d| d.borrow_mut().remove_str(name));
    match removed {
        Some(entry) => {
            // Dropped after the borrow: its `__del__` may use the dict.
            drop(entry);
            if name == "__del__" {
                types::invalidate_del_caches(object);
            }
            Ok(())
        }
        None => attribute_error(missing_message(object, name)),
    }
}

/// `hasattr`.
pub fn hasattr(object: &PyRef, name: &str) -> Res<bool> {
    Ok(getattr_optional(object, name)?.is_some())
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    /// The `__dict__` of an instance, when it shares its keys: those keys.
    fn shared_keys(object: &PyRef) -> Option<Rc<crate::object::dict::SharedKeys>> {
        let instance = object.instance().expect("an instance");
        match &instance.dict.kind {
            Kind::Dict(d) => d.borrow().shared_keys().cloned(),
            _ => None,
        }
    }

    fn int_of(object: &PyRef) -> i64 {
        match &object.kind {
            Kind::Int(i) => i.to_i64().expect("small"),
            _ => panic!("not an int"),
        }
    }

    /// Instances of a class defined in Python share their dict's keys through the class; a
    /// subclass has keys of its own; classes made in Rust give combined dicts.
    #[test]
    fn instances_of_python_classes_share_keys() {
        let object = rt::builtin_type(types::BuiltinType::Object);
        let class = types::new_python_class("P", None, vec![object], rt::new_dict(), None).unwrap();
        let (a, b) = (rt::instance(class.clone()), rt::instance(class.clone()));
        // A fresh instance's dict holds no storage; its first attribute makes it split.
        assert!(shared_keys(&a).is_none() && shared_keys(&b).is_none());
        setattr(&a, "x", rt::int(1)).unwrap();
        let keys = shared_keys(&a).expect("split");
        setattr(&a, "y", rt::int(2)).unwrap();
        setattr(&b, "y", rt::int(3)).unwrap();
        assert!(Rc::ptr_eq(&keys, &shared_keys(&b).expect("split")));
        assert_eq!(keys.len(), 2);
        assert_eq!(
            (int_of(&getattr(&a, "y").unwrap()), int_of(&getattr(&b, "y").unwrap())),
            (2, 3)
        );
        // `b` holds `y` (index 1): `x` (index 0) would come out of order.
        setattr(&b, "x", rt::int(4)).unwrap();
        assert!(shared_keys(&b).is_none() && shared_keys(&a).is_some());
        assert_eq!(int_of(&getattr(&b, "x").unwrap()), 4);
        // Deleting keeps the dict split.
        delattr(&a, "x").unwrap();
        assert!(shared_keys(&a).is_some() && lookup(&a, "x").unwrap().is_none());
        let sub =
            types::new_python_class("S", None, vec![class.clone()], rt::new_dict(), None).unwrap();
        let s = rt::instance(sub);
        setattr(&s, "x", rt::int(5)).unwrap();
        assert!(!Rc::ptr_eq(&keys, &shared_keys(&s).expect("split")));
        let q = rt::instance(types::plain_class("Q", "m"));
        setattr(&q, "x", rt::int(6)).unwrap();
        assert!(shared_keys(&q).is_none());
        // A dict given a key through `__dict__` before any attribute stays combined.
        let c = rt::instance(class.clone());
        crate::types::ops::dict_set(&c.instance().unwrap().dict, rt::str("k"), rt::int(7)).unwrap();
        setattr(&c, "x", rt::int(8)).unwrap();
        assert!(shared_keys(&c).is_none());
    }
}
