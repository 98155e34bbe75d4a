//! The behaviour of the built-in types: which may be subclassed and with what layout,
//! `__slots__`, attribute access, operators and methods. The type-object core (`type(x)`,
//! C3, class lookup) lives in `object::class` and is re-exported here for this layer's users.

pub mod attr;
pub mod bytes;
pub mod bytes_methods;
pub mod class_attr;
pub mod class_new;
pub mod codec;
pub mod complex;
pub mod construct;
pub mod descriptor;
pub mod dict;
pub mod dict_view;
pub mod exception_group;
pub mod file;
pub mod float;
pub mod format;
pub mod frame;
pub mod int;
pub mod iterator;
pub mod list;
pub mod lookup;
pub mod methods;
pub mod native_class;
pub mod ops;
pub mod range;
pub mod reduce;
pub mod set;
pub mod slice;
pub mod sort;
pub mod str;
pub mod union;

pub use crate::object::class::{
    class_has_del, class_lookup, class_name, compute_mro, create_builtin_classes,
    invalidate_del_caches, is_subclass, mro_of, new_class, new_python_class, python_metaclass,
    set_mro_tuple, subclasses_of, type_name, type_of, BuiltinType, CLASS_EPOCH,
};

use std::rc::Rc;

use crate::object::{Kind, PyRef};

/// Whether a class defined in Python may have this built-in type as a base, and whether its
/// instances then carry a value of it (`Instance::base`): `object` and `BaseException` add no
/// value; `bool`, `range`, `function`... are not acceptable base types, as in CPython.
pub fn subclassable(ty: BuiltinType) -> Option<bool> {
    match ty {
        // A subclass of `type` is a metaclass: its instances are classes.
        BuiltinType::Object | BuiltinType::BaseException | BuiltinType::Type => Some(false),
        BuiltinType::Int
        | BuiltinType::Float
        | BuiltinType::Complex
        | BuiltinType::Str
        | BuiltinType::Bytes
        | BuiltinType::List
        | BuiltinType::Tuple
        | BuiltinType::Dict
        | BuiltinType::Set
        | BuiltinType::FrozenSet
        | BuiltinType::StaticMethod
        | BuiltinType::ClassMethod
        | BuiltinType::Property
        // `types.ModuleType` subclasses (`importlib.util._LazyModule`): the instance carries
        // a module object as its base value, its own `__dict__` in front of the module's.
        | BuiltinType::Module => Some(true),
        _ => None,
    }
}

/// The built-in type whose value instances of `class` extend (`class F(float)`: `float`), if
/// any (`object` and `BaseException` do not count).
pub fn builtin_layout(class: &PyRef) -> Option<BuiltinType> {
    mro_of(class).iter().find_map(|c| match &c.kind {
        Kind::Class(data) => data.builtin.filter(|ty| subclassable(*ty) == Some(true)),
        _ => None,
    })
}

/// The instance layout of `class` for the "lay-out conflict" check: its value-carrying built-in
/// base, or `BaseException`.
fn layout_for_conflicts(class: &PyRef) -> Option<BuiltinType> {
    mro_of(class).iter().find_map(|c| match &c.kind {
        Kind::Class(data) => data.builtin.filter(|ty| *ty != BuiltinType::Object),
        _ => None,
    })
}

/// Checks the bases of a class defined in Python: each built-in one must be acceptable, and at
/// most one instance layout (built-in value) may be inherited.
pub fn check_bases(bases: &[PyRef]) -> Result<(), String> {
    let mut layout: Option<BuiltinType> = None;
    for base in bases {
        let Kind::Class(data) = &base.kind else { return Err("bases must be types".into()) };
        if let Some(def) = data.native.get().filter(|def| !def.subclassable) {
            return Err(format!("type '{}' is not an acceptable base type", def.full_name()));
        }
        if let Some(ty) = data.builtin {
            if subclassable(ty).is_none() {
                return Err(format!("type '{}' is not an acceptable base type", ty.name()));
            }
        }
        if let Some(ty) = layout_for_conflicts(base) {
            match layout {
                Some(existing) if existing != ty => {
                    return Err("multiple bases have instance lay-out conflict".into())
                }
                _ => layout = Some(ty),
            }
        }
    }
    Ok(())
}

/// The names an instance of `class` may store, if it has no `__dict__`: `None` when some class
/// of its MRO defined in Python has no `__slots__` (or lists `__dict__` in it), else the union
/// of the `__slots__` names (private names mangled).
pub fn slot_names(class: &PyRef) -> Option<Vec<Rc<str>>> {
    if let Kind::Class(data) = &class.kind {
        if data.builtin.is_none()
            && data.native.get().is_none()
            && crate::object::runtime::dict_get_str_hashed(
                &data.dict,
                "__slots__",
                crate::object::hash::name!("__slots__").hash,
            )
            .is_none()
        {
            return None; // the common case, without building the MRO list
        }
    }
    let mut names = Vec::new();
    for c in mro_of(class) {
        let Kind::Class(data) = &c.kind else { continue };
        if data.builtin.is_some() {
            continue;
        }
        // A native class adds no names; with a `__dict__` its instances have one.
        if let Some(def) = data.native.get() {
            if def.has_dict {
                return None;
            }
            continue;
        }
        let slots = crate::object::runtime::dict_get_str(&data.dict, "__slots__")?;
        let items = match &slots.kind {
            Kind::Str(..) => vec![slots.clone()],
            Kind::Tuple(items) => items.to_vec(),
            Kind::List(items) => items.try_borrow().ok()?.to_vec(),
            _ => return None,
        };
        for item in items {
            let Some(name) = crate::object::str_text(&item) else { continue };
            if name == "__dict__" {
                return None;
            }
            let mangled: Rc<str> = if name.starts_with("__") && !name.ends_with("__") {
                format!("_{}{}", data.name.trim_start_matches('_'), name).into()
            } else {
                Rc::from(name)
            };
            names.push(mangled);
        }
    }
    Some(names)
}

/// A class with no attributes but `__module__`, deriving from `object` (the classes of
/// small helper objects: `sys.implementation`'s namespace, frame objects' code objects).
pub fn plain_class(name: &str, module: &str) -> PyRef {
    let namespace = crate::object::runtime::new_dict();
    crate::object::runtime::dict_set_str(
        &namespace,
        "__module__",
        crate::object::runtime::str(module),
    );
    let object = crate::object::runtime::builtin_type(BuiltinType::Object);
    new_class(name, vec![object], namespace, None).expect("object has an MRO")
}
