//! Objects of native types: classes that a module written in Rust declares by a static table
//! ([`NativeClassDef`], CPython's `PyType_Spec`) and whose instances hold Rust state (a
//! [`NativeObject`], reached with a checked downcast). Such an object is an instance like any
//! other (`Kind::Native`: its class and `__dict__`, then the state), so the VM's attribute
//! lookup and special-method dispatch (found on the class: `__len__`, `__iter__`, `__enter__`,
//! ...) serve it unchanged, and a class defined in Python may derive from the native class:
//! the native `__new__` makes the state, the subclass's overrides win, `super()` reaches the
//! native methods. `types::native_class` makes the class object from the table.

use std::any::Any;

use rcgc::Visitor;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef, NativeFn};
use crate::object::runtime::type_error;
use crate::object::{Instance, Kind, PyRef};

/// The Rust state of an object of a native type. State that Python code may change while a
/// method runs lives in `Cell`/`RefCell` and is borrowed only around Rust code (never across
/// a call into Python), so that re-entrant calls find it unborrowed.
pub trait NativeObject: Any {
    /// Visits every `PyRef` the state owns, once each (a `RefCell` mutably borrowed may be
    /// skipped: visiting fewer is safe).
    fn trace(&self, visitor: &mut Visitor);
    /// The state as `Any`, for its module to downcast.
    fn as_any(&self) -> &dyn Any;
}

/// An object of a native type: an instance (its class, possibly a Python subclass of the
/// native class, and its `__dict__`) and the state after it, in one allocation (the box of a
/// `Kind::Native` is a fat pointer to this struct with `T = dyn NativeObject`).
pub struct NativeInstance<T: ?Sized = dyn NativeObject> {
    pub instance: Instance,
    pub state: T,
}

/// A read-only or read-write attribute of a native class (CPython's `PyGetSetDef` /
/// `PyMemberDef`): `get` is called with the object as its one positional argument, `set` with
/// the object and the new value (`None`: read-only, assignment is an `AttributeError`).
#[derive(Clone, Copy)]
pub struct AttrDef {
    pub name: &'static str,
    pub get: NativeFn,
    pub set: Option<NativeFn>,
}

/// A native class, declared once as a static table. Methods (special ones such as
/// `__repr__`, `__len__`, `__iter__`/`__next__`, `__getitem__`, `__eq__`/`__hash__`,
/// `__enter__`/`__exit__`, `__copy__` included) receive the object as `positional[0]`, as a
/// Python method receives `self` (see [`state_of`]); `new` receives the class first, as
/// `__new__`, and makes the object with `types::native_class::new_object`.
pub struct NativeClassDef {
    /// `__name__` (`"Pattern"`).
    pub name: &'static str,
    /// `__module__` (`"re"`): CPython's `tp_name` is `module.name` (`re.Pattern`).
    pub module: &'static str,
    /// `__new__(cls, ...)`; `None`: the class cannot be instantiated from Python
    /// ("cannot create 're.Match' instances").
    pub new: Option<NativeFn>,
    /// Instance methods, special methods included.
    pub methods: &'static [MethodDef],
    /// Class methods (`__class_getitem__`): called with the class first.
    pub class_methods: &'static [MethodDef],
    /// Data attributes computed from the state.
    pub attributes: &'static [AttrDef],
    /// Whether instances have a `__dict__` (`io.StringIO`'s do; `re.Pattern`'s do not: storing
    /// an attribute is then an `AttributeError`).
    pub has_dict: bool,
    /// Whether a class defined in Python may derive from it (CPython's `Py_TPFLAGS_BASETYPE`).
    pub subclassable: bool,
}

impl NativeClassDef {
    /// CPython's `tp_name`: `module.name`, or the name alone for `builtins`.
    pub fn full_name(&self) -> String {
        if self.module == "builtins" {
            self.name.to_string()
        } else {
            format!("{}.{}", self.module, self.name)
        }
    }
}

/// The state of `object` as a `T`, if it is an object of a native type holding one (an object
/// of a Python subclass of that native type included).
pub fn state<T: 'static>(object: &PyRef) -> Option<&T> {
    match &object.kind {
        Kind::Native(native) => native.state.as_any().downcast_ref::<T>(),
        _ => None,
    }
}

/// The receiver of a native method (`positional[0]`, or the bound receiver) and its state as
/// a `T`: anything else is CPython's `TypeError` "descriptor 'read' for '_io.StringIO' objects
/// doesn't apply to a 'int' object".
pub fn state_of<'a, T: 'static>(a: &'a Args, class: &NativeClassDef) -> Res<(&'a PyRef, &'a T)> {
    let receiver = match a.receiver {
        Some(receiver) => Some(receiver),
        None => a.positional.first(),
    };
    let Some(receiver) = receiver else {
        return type_error(format!(
            "descriptor '{}' of '{}' object needs an argument",
            a.name,
            class.full_name()
        ));
    };
    match state::<T>(receiver) {
        Some(state) => Ok((receiver, state)),
        None => type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            a.name,
            class.full_name(),
            crate::object::class::type_name(receiver)
        )),
    }
}

/// The arguments of a native method after its receiver (`positional[1..]` when the receiver
/// came first).
pub fn args_after_self<'a>(a: &'a Args) -> &'a [PyRef] {
    if a.receiver.is_some() {
        &a.positional
    } else {
        a.positional.get(1..).unwrap_or(&[])
    }
}
