//! Calls: `callable(*args, **kwargs)` for every kind of callable, and special-method lookup.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::hash::NameHash;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{self, BuiltinType};
use rcgc::Gc;

use crate::object::native::Kwargs;

/// Calls any callable object.
pub fn call(callable: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    crate::object::check_alive(callable)?;
    match &callable.kind {
        Kind::Function(_) => (crate::object::hooks::vm().call_function)(callable, args, kwargs),
        Kind::Builtin(builtin) if crate::object::native::is_unbound_method(builtin) => {
            // Reached only if one escaped the interpreter's stack: check the receiver.
            let mut args = args;
            let fits = args.first().and_then(|r| crate::types::lookup::method_def(r, builtin.name));
            if !fits.is_some_and(|def| std::ptr::fn_addr_eq(def.function, builtin.function)) {
                return crate::object::runtime::type_error(format!(
                    "descriptor '{}' needs a receiver of its type",
                    builtin.name
                ));
            }
            let receiver = args.remove(0);
            (builtin.function)(crate::object::native::Args {
                name: builtin.name,
                receiver: Some(&receiver),
                positional: args,
                keywords: kwargs,
            })
        }
        Kind::Builtin(builtin) => (builtin.function)(crate::object::native::Args {
            name: builtin.name,
            receiver: builtin.receiver.as_ref(),
            positional: args,
            keywords: kwargs,
        }),
        Kind::BoundMethod { function, receiver } => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(receiver.clone());
            full.extend(args);
            call(function, full, kwargs)
        }
        // `type(x)`, which `copy` and `pickle` call on every object they meet.
        Kind::Class(data)
            if matches!(data.builtin, Some(BuiltinType::Type))
                && args.len() == 1
                && kwargs.is_empty() =>
        {
            Ok(types::type_of(&args[0]))
        }
        Kind::Class(_) => match crate::types::class_new::metaclass_call(callable) {
            Some(call_method) => call(&call_method, args, kwargs),
            None => construct_default(callable, args, kwargs),
        },
        Kind::StaticMethod(inner) => call(inner, args, kwargs),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            match lookup_special_name(callable, crate::object::hash::name!("__call__")) {
                Some(method) => call(&method, args, kwargs),
                None => {
                    type_error(format!("'{}' object is not callable", types::type_name(callable)))
                }
            }
        }
        _ => type_error(format!("'{}' object is not callable", types::type_name(callable))),
    }
}

/// `callable(object)`.
pub fn callable(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Function(_)
        | Kind::Builtin(_)
        | Kind::BoundMethod { .. }
        | Kind::Class(_)
        | Kind::StaticMethod(_) => true,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            lookup_special_name(object, crate::object::hash::name!("__call__")).is_some()
        }
        _ => false,
    }
}

/// `type.__call__(class, ...)`: a new instance of `class` (a new class for a metaclass).
pub fn construct_default(class: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    match &class.kind {
        Kind::Class(data) => match data.builtin {
            Some(ty) => crate::types::construct::construct(ty, class, args, kwargs),
            None if crate::types::class_new::is_metaclass(class) => {
                crate::types::class_new::construct_class(class, args, kwargs)
            }
            None => construct_instance(class, args, kwargs),
        },
        _ => type_error(format!(
            "descriptor '__call__' requires a 'type' object but received a '{}'",
            types::type_name(class)
        )),
    }
}

/// Whether `Class(...)` makes an instance as `object.__new__` does and then only calls its
/// `__init__`: a class made by the `class` statement with no metaclass of its own, no
/// built-in base carrying a value, not an exception class, and no `__new__` defined in
/// Python. Cached per class epoch (every class creation and class namespace change starts a
/// new one, so a `__new__` added later is seen).
pub fn plain_construction(class: &PyRef) -> bool {
    let Kind::Class(data) = &class.kind else { return false };
    let epoch = crate::object::class::class_epoch() + 1;
    if data.construct.epoch.get() == epoch {
        return data.construct.plain.get();
    }
    let plain = data.builtin.is_none()
        && data.metaclass.is_none()
        && !data.is_metaclass
        && crate::types::builtin_layout(class).is_none()
        && !crate::types::is_subclass(
            class,
            &crate::object::runtime::exception_class(
                crate::object::exceptions::ExcKind::BaseException,
            ),
        )
        && crate::object::class::class_lookup_name(class, crate::object::hash::name!("__new__"))
            .is_none();
    data.construct.epoch.set(epoch);
    data.construct.plain.set(plain);
    plain
}

/// `Class(...)`: a new instance with its own `__dict__`, then `__init__`.
pub(super) fn construct_instance(class: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    check_not_abstract(class)?;
    // A `__new__` defined in Python (an implicit static method): its result is initialized
    // only if it is an instance of the class, as `type.__call__` does.
    if let Some(new) =
        crate::object::class::class_lookup_name(class, crate::object::hash::name!("__new__"))
    {
        let new = match &new.kind {
            Kind::StaticMethod(inner) => inner.clone(),
            _ => new,
        };
        let mut new_args = Vec::with_capacity(args.len() + 1);
        new_args.push(class.clone());
        new_args.extend(args.iter().cloned());
        let object = call(&new, new_args, kwargs.clone())?;
        if types::is_subclass(&types::type_of(&object), class)
            && (crate::object::class::class_lookup_name(
                class,
                crate::object::hash::name!("__init__"),
            )
            .is_some()
                || types::builtin_layout(class).is_some_and(is_mutable_layout))
        {
            return init_instance(class, object, args, kwargs);
        }
        return Ok(object);
    }
    // A subclass of an immutable built-in type: its value comes from the arguments
    // (`float.__new__`); a mutable one (list, dict, set) starts empty, its `__init__` fills it.
    let object = match types::builtin_layout(class) {
        Some(ty) if !is_mutable_layout(ty) => {
            let value = crate::types::construct::construct(
                ty,
                &rt::builtin_type(ty),
                args.clone(),
                kwargs.clone(),
            )?;
            rt::instance_with_base(class.clone(), Some(value))
        }
        _ => new_instance(class, &args),
    };
    init_instance(class, object, args, kwargs)
}

/// `object.__new__`'s refusal of a class with abstract methods (`abc`'s
/// `__abstractmethods__`, a non-empty set of names).
fn check_not_abstract(class: &PyRef) -> Res<()> {
    // Only a metaclass (`abc.ABCMeta`) computes abstract methods: plain classes pay nothing.
    if types::python_metaclass(class).is_none() {
        return Ok(());
    }
    let Some(abstracts) = crate::object::class::class_lookup_name(
        class,
        crate::object::hash::name!("__abstractmethods__"),
    ) else {
        return Ok(());
    };
    if matches!(abstracts.kind, Kind::Tuple(_) | Kind::List(_) | Kind::Set(_) | Kind::FrozenSet(_))
        && super::len(&abstracts)? > 0
    {
        let mut names: Vec<String> = super::to_vec(&abstracts)?
            .iter()
            .map(|n| super::str_of(n).map(|t| t.to_string()))
            .collect::<Res<_>>()?;
        names.sort();
        let plural = if names.len() == 1 { "" } else { "s" };
        return type_error(format!(
            "Can't instantiate abstract class {} with abstract method{plural} {}",
            types::class_name(class),
            names.join(", ")
        ));
    }
    Ok(())
}

/// Whether instances of a subclass of `ty` are filled by `ty.__init__` (not `ty.__new__`).
pub fn is_mutable_layout(ty: BuiltinType) -> bool {
    matches!(ty, BuiltinType::List | BuiltinType::Dict | BuiltinType::Set)
}

/// `object.__new__(cls, ...)`: an instance of `cls` (its `args` set for exceptions).
pub fn object_new(class: &PyRef, args: &[PyRef]) -> Res<PyRef> {
    if !matches!(&class.kind, Kind::Class(c) if c.builtin.is_none() || c.builtin == Some(types::BuiltinType::Object) || c.builtin == Some(types::BuiltinType::BaseException))
    {
        return type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            types::type_name(class)
        ));
    }
    Ok(new_instance(class, args))
}

/// A new instance with its own `__dict__` (exceptions get `args`, `StopIteration` `value`).
pub(super) fn new_instance(class: &PyRef, args: &[PyRef]) -> PyRef {
    let is_exception = types::is_subclass(class, &rt::exception_class(ExcKind::BaseException));
    // A subclass of a built-in type extends an empty (zero) value of it.
    let base = types::builtin_layout(class).and_then(|ty| {
        crate::types::construct::construct(ty, &rt::builtin_type(ty), vec![], vec![]).ok()
    });
    // `OSError(errno, strerror)` is made as the subclass its errno names (CPython's
    // `oserror_use_init`/`errnomap`), `FileNotFoundError` for ENOENT.
    let os_error_class = is_exception
        .then(|| rt::exception_class(ExcKind::OSError))
        .filter(|os_error| Gc::ptr_eq(os_error, class) && args.len() >= 2);
    let class = match os_error_class.as_ref().and_then(|_| match &args[0].kind {
        Kind::Int(errno) => errno.to_i64().and_then(|e| i32::try_from(e).ok()),
        _ => None,
    }) {
        Some(errno) => rt::exception_class(crate::object::exceptions::os_error_kind(errno)),
        None => class.clone(),
    };
    let object = rt::instance_with_base(class, base);
    if is_exception {
        rt::set_exception_args(&object, args);
    }
    object
}

pub(super) fn init_instance(
    class: &PyRef,
    object: PyRef,
    args: Vec<PyRef>,
    kwargs: Kwargs,
) -> Res<PyRef> {
    let is_exception = types::is_subclass(class, &rt::exception_class(ExcKind::BaseException));
    if let Some(init) =
        crate::object::class::class_lookup_name(class, crate::object::hash::name!("__init__"))
    {
        let bound = bind(&init, &object, class);
        let result = call(&bound, args, kwargs)?;
        if !matches!(result.kind, Kind::None) {
            return type_error(format!(
                "__init__() should return None, not '{}'",
                types::type_name(&result)
            ));
        }
    } else if let Some(ty) = types::builtin_layout(class) {
        // `list.__init__` and friends fill the value; immutable values took their arguments
        // in `__new__`.
        if is_mutable_layout(ty) {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(object.clone());
            full.extend(args);
            crate::types::construct::builtin_init(crate::object::native::Args {
                name: "__init__",
                receiver: None,
                positional: full,
                keywords: kwargs,
            })?;
        }
    } else if is_exception {
        // `BaseException.__init__` took the arguments in `new_instance`; `ImportError`'s
        // keywords are set here.
        if !kwargs.is_empty() {
            rt::set_import_error_keywords(&object, &kwargs)?;
        }
    } else if !args.is_empty() || !kwargs.is_empty() {
        return type_error(format!("{}() takes no arguments", types::class_name(class)));
    }
    Ok(object)
}

/// A class attribute as seen through an instance (functions become bound methods).
pub(super) fn bind(attribute: &PyRef, receiver: &PyRef, class: &PyRef) -> PyRef {
    if let Kind::Extended(_) = &attribute.kind {
        return crate::types::attr::bind_to_instance(attribute, receiver, class);
    }
    match &attribute.kind {
        Kind::Function(_) => {
            alloc(Kind::BoundMethod { function: attribute.clone(), receiver: receiver.clone() })
        }
        // A built-in function already bound (a module's, `__self__` the module) stays as is.
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

/// A special method looked up on the type, bound to `object` (only for instances of classes
/// defined in Python).
pub fn lookup_special(object: &PyRef, name: &str) -> Option<PyRef> {
    lookup_special_hashed(object, name, crate::object::hash::str_hash(name))
}

/// [`lookup_special`] of a name known at compile time (`name!("__len__")`: no hashing).
#[inline]
pub fn lookup_special_name(object: &PyRef, name: NameHash) -> Option<PyRef> {
    lookup_special_hashed(object, name.text, name.hash)
}

pub(super) fn lookup_special_hashed(object: &PyRef, name: &str, hash: i64) -> Option<PyRef> {
    if let Kind::Class(data) = &object.kind {
        data.metaclass.as_ref()?;
        return crate::types::class_new::metaclass_special(object, name);
    }
    let instance = object.instance()?;
    let class = instance.class();
    let attribute = crate::object::class::class_lookup_hashed(&class, name, hash)?;
    Some(bind(&attribute, object, &class))
}

/// Calls `object.name(*args)` if the type defines it.
pub fn call_special(object: &PyRef, name: &str, args: Vec<PyRef>) -> Res<Option<PyRef>> {
    match lookup_special(object, name) {
        Some(method) => call(&method, args, Vec::new()).map(Some),
        None => Ok(None),
    }
}

/// Whether a class attribute binds as a plain method: a function, or a built-in without a
/// receiver. Calling it with the instance first is what calling the bound method would do,
/// so callers skip making the bound method object.
pub fn binds_as_method(attribute: &PyRef) -> bool {
    match &attribute.kind {
        Kind::Function(_) => true,
        Kind::Builtin(builtin) => builtin.receiver.is_none(),
        _ => false,
    }
}

/// `object.name(*args, **kwargs)` for a name known at compile time (CPython's
/// `PyObject_VectorcallMethod`): a function or a native method that the instance's class
/// defines, with no `__getattribute__` of its own and the name not shadowed by the
/// instance's dict, is called with the object first, without hashing the name or making a
/// bound method; anything else goes through `getattr`.
pub fn call_method_name(
    object: &PyRef,
    name: NameHash,
    mut args: Vec<PyRef>,
    kwargs: Kwargs,
) -> Res<PyRef> {
    if matches!(object.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_))
        && !name.text.starts_with("__")
    {
        crate::object::check_alive(object)?;
        let instance = object.instance().expect("an instance");
        let class = instance.class();
        if let Some(attribute) =
            crate::object::class::class_lookup_hashed(&class, name.text, name.hash)
        {
            if binds_as_method(&attribute)
                && crate::object::class::class_lookup_name(
                    &class,
                    crate::object::hash::name!("__getattribute__"),
                )
                .is_none()
                && rt::dict_get_str_hashed(&instance.dict, name.text, name.hash).is_none()
            {
                args.insert(0, object.clone());
                return call(&attribute, args, kwargs);
            }
        }
    }
    let method = crate::types::attr::getattr(object, name.text)?;
    call(&method, args, kwargs)
}

/// [`call_special`] of a name known at compile time (`name!("__len__")`: no hashing).
pub fn call_special_name(object: &PyRef, name: NameHash, args: Vec<PyRef>) -> Res<Option<PyRef>> {
    // A method that would bind as a plain method (a function, an unbound builtin) is called
    // with the instance first, without making the bound method object `bind` would.
    if let Some(instance) = object.instance() {
        let class = instance.class();
        let attribute = crate::object::class::class_lookup_hashed(&class, name.text, name.hash);
        return match attribute {
            Some(attribute) => match &attribute.kind {
                _ if binds_as_method(&attribute) => {
                    let mut full = Vec::with_capacity(args.len() + 1);
                    full.push(object.clone());
                    full.extend(args);
                    call(&attribute, full, Vec::new()).map(Some)
                }
                _ => call(&bind(&attribute, object, &class), args, Vec::new()).map(Some),
            },
            None => Ok(None),
        };
    }
    match lookup_special_name(object, name) {
        Some(method) => call(&method, args, Vec::new()).map(Some),
        None => Ok(None),
    }
}
