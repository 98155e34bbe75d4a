//! Native classes made from their static tables (`object::native_type::NativeClassDef`), and
//! their objects. The class is an ordinary class object whose namespace holds the table's
//! entries as built-in functions (`__new__` a static method, class methods as class methods,
//! attributes as properties of native getters and setters), so `type(x)`, `isinstance`,
//! `dir()`, `hasattr(cls, "read")`, subclassing and special-method dispatch all work as for
//! classes defined in Python.

use crate::object::error::Res;
use crate::object::native::{Args, NativeFn};
use crate::object::native_type::{NativeClassDef, NativeInstance, NativeObject};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Builtin, Instance, Kind, Property, PyRef};
use crate::types::BuiltinType;

fn function(name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Box::new(Builtin { name, function, receiver: None })))
}

/// The class `def` declares, deriving from `bases` (`object` when empty): made once by the
/// module that owns it, which keeps it for [`new_object`].
pub fn make_class(def: &'static NativeClassDef, bases: Vec<PyRef>) -> PyRef {
    let namespace = rt::new_dict();
    rt::dict_set_str(&namespace, "__module__", rt::str(def.module));
    let new = def.new.unwrap_or(cannot_create);
    rt::dict_set_str(&namespace, "__new__", alloc(Kind::StaticMethod(function("__new__", new))));
    for method in def.methods {
        rt::dict_set_str(&namespace, method.name, function(method.name, method.function));
    }
    for method in def.class_methods {
        let inner = function(method.name, method.function);
        rt::dict_set_str(&namespace, method.name, alloc(Kind::ClassMethod(inner)));
    }
    for attribute in def.attributes {
        let getter = function(attribute.name, attribute.get);
        let setter = attribute.set.map(|set| function(attribute.name, set));
        let property = Property::new(getter, setter);
        rt::dict_set_str(&namespace, attribute.name, alloc(Kind::Property(Box::new(property))));
    }
    let bases = if bases.is_empty() { vec![rt::builtin_type(BuiltinType::Object)] } else { bases };
    let class = crate::types::new_class(def.name, bases, namespace, None)
        .expect("a native class's bases have an MRO");
    if let Kind::Class(data) = &class.kind {
        data.native.set(Some(def));
    }
    class
}

/// `__new__` of a class that Python code cannot instantiate (`re.Match`).
fn cannot_create(a: Args) -> Res<PyRef> {
    let name = match a.positional.first().map(|c| &c.kind) {
        Some(Kind::Class(data)) => match data.native.get() {
            Some(def) => def.full_name(),
            None => data.name.to_string(),
        },
        _ => "?".to_string(),
    };
    type_error(format!("cannot create '{name}' instances"))
}

/// The native table of `class` or of the nearest class of its MRO made from one.
pub fn native_def(class: &PyRef) -> Option<&'static NativeClassDef> {
    crate::types::mro_of(class).iter().find_map(|c| match &c.kind {
        Kind::Class(data) => data.native.get(),
        _ => None,
    })
}

thread_local! {
    /// The one (always empty) `__dict__` of the objects of native classes without one.
    static NO_DICT: PyRef = rt::new_dict();
}

/// A new object of `class` (the native class, or a class defined in Python deriving from it)
/// holding `state`: `__new__` of a native class calls this with the class it was given.
/// Objects of the native class itself get a finalizer only if its table lists `__del__`;
/// those of a Python subclass may.
pub fn new_object<T: NativeObject>(class: &PyRef, state: T) -> PyRef {
    let def = match &class.kind {
        Kind::Class(data) => data.native.get(),
        _ => None,
    };
    let exact = def.is_some();
    // Objects of a native class without `__dict__` take no attribute (its `slot_names` is
    // empty), so they all share one empty dict: a match object costs no dict of its own. A
    // Python subclass's objects have their own (its `__slots__` values live there).
    let dict = match def {
        Some(def) if !def.has_dict => NO_DICT.with(Clone::clone),
        _ => rt::new_dict(),
    };
    let instance = Instance::new(class.clone(), dict);
    let native: Box<NativeInstance> = Box::new(NativeInstance { instance, state });
    let object = alloc(Kind::Native(native));
    // A native class may define `__del__` (`_asyncio.Future` reports exceptions never
    // retrieved): its objects keep their finalizer.
    if exact && !def.is_some_and(|def| def.methods.iter().any(|m| m.name == "__del__")) {
        rcgc::Gc::declare_no_finalizer(&object);
    }
    object
}

/// The class argument of a native `__new__` (`positional[0]`): a subclass of `class`, else
/// CPython's `TypeError`.
pub fn new_class_arg<'a>(a: &'a Args, class: &PyRef) -> Res<&'a PyRef> {
    match a.positional.first() {
        Some(cls) if matches!(cls.kind, Kind::Class(_)) => {
            if crate::types::is_subclass(cls, class) {
                Ok(cls)
            } else {
                type_error(format!(
                    "{}.__new__({}): {} is not a subtype of {}",
                    crate::types::class_name(class),
                    crate::types::class_name(cls),
                    crate::types::class_name(cls),
                    crate::types::class_name(class)
                ))
            }
        }
        Some(other) => type_error(format!(
            "{}.__new__(X): X is not a type object ({})",
            crate::types::class_name(class),
            crate::types::type_name(other)
        )),
        None => type_error(format!(
            "{}.__new__(): not enough arguments",
            crate::types::class_name(class)
        )),
    }
}
