//! Which native method or attribute a name gives on a built-in object or type: the method
//! tables of the built-in types, `object`'s own methods, and `super()` lookup.

use rcgc::Gc;

use crate::object::error::Res;
use crate::object::native::{bound_method, method_of, native, MethodDef};
use crate::object::runtime::{self as rt, type_error, value_error};
use crate::object::{alloc, Builtin, Kind, PyRef};
use crate::types::attr;
use crate::types::bytes::{BYTEARRAY_METHODS, BYTES_METHODS};
use crate::types::complex::COMPLEX_METHODS;
use crate::types::construct::{builtin_init, builtin_new};
use crate::types::dict::DICT_METHODS;
use crate::types::file::file_method;
use crate::types::float::FLOAT_METHODS;
use crate::types::int::INT_METHODS;
use crate::types::iterator::ITERATOR_METHODS;
use crate::types::list::{LIST_METHODS, TUPLE_METHODS};
use crate::types::ops;
use crate::types::range::RANGE_METHODS;
use crate::types::set::{FROZENSET_METHODS, SET_ONLY_METHODS};
use crate::types::slice::SLICE_METHODS;
use crate::types::str::{expect_str, str_method, text, STR_METHODS};
use crate::types::{self, descriptor, BuiltinType};

/// Attributes of a built-in type object (`dict.fromkeys`, `int.from_bytes`...).
pub fn type_attribute(ty: BuiltinType, class: &PyRef, name: &str) -> Option<PyRef> {
    match (ty, name) {
        (BuiltinType::Dict, "fromkeys") => Some(native("fromkeys", |a| {
            a.arity("fromkeys", 1, 2)?;
            let value = a.positional.get(1).cloned().unwrap_or_else(rt::none);
            let dict = rt::new_dict();
            for key in ops::to_vec(&a.arg(0))? {
                ops::dict_set(&dict, key, value.clone())?;
            }
            Ok(dict)
        })),
        (BuiltinType::Object, "__init__") => Some(native("__init__", |_| Ok(rt::none()))),
        // `object.__str__` is `repr(self)`.
        (BuiltinType::Object, "__str__") => Some(native("__str__", |a| {
            a.arity("__str__", 1, 1)?;
            Ok(rt::str(ops::repr(&a.arg(0))?))
        })),
        (BuiltinType::Object, "__format__") => Some(native("__format__", |a| {
            a.arity("__format__", 2, 2)?;
            let spec = expect_str(&a.positional[1], "format spec")?;
            if !spec.is_empty() {
                return type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    types::type_name(&a.arg(0))
                ));
            }
            Ok(rt::str(&*ops::str_of(&a.arg(0))?))
        })),
        (BuiltinType::Object, "__eq__") => Some(native("__eq__", |a| {
            a.arity("__eq__", 2, 2)?;
            Ok(if Gc::ptr_eq(&a.positional[0], &a.positional[1]) {
                rt::boolean(true)
            } else {
                rt::not_implemented()
            })
        })),
        (BuiltinType::Object, "__ne__") => Some(native("__ne__", |a| {
            a.arity("__ne__", 2, 2)?;
            let equal = ops::compare(&a.positional[0], &a.positional[1], ops::CompareOp::Eq)?;
            Ok(rt::boolean(!ops::truthy(&equal)?))
        })),
        (BuiltinType::Object, "__hash__") => Some(native("__hash__", |a| {
            a.arity("__hash__", 1, 1)?;
            Ok(rt::int((Gc::as_ptr(&a.positional[0]) as usize >> 4) as i64))
        })),
        (BuiltinType::Object, "__reduce_ex__" | "__reduce__" | "__getstate__") => {
            crate::types::reduce::unbound(name)
        }
        (BuiltinType::Object, "__subclasshook__") => {
            Some(native("__subclasshook__", |_| Ok(rt::not_implemented())))
        }
        (BuiltinType::Object, "__init_subclass__") => {
            Some(native("__init_subclass__", crate::types::class_new::object_init_subclass_native))
        }
        (BuiltinType::Type, _) if crate::types::class_new::type_attribute(name).is_some() => {
            crate::types::class_new::type_attribute(name)
        }
        (BuiltinType::Object, "__setattr__") => Some(native("__setattr__", |a| {
            a.arity("__setattr__", 3, 3)?;
            let name = expect_str(&a.positional[1], "attribute name")?;
            object_setattr(&a.arg(0), name, a.arg(2))?;
            Ok(rt::none())
        })),
        (BuiltinType::Object, "__repr__") => Some(native("__repr__", |a| {
            a.arity("__repr__", 1, 1)?;
            Ok(rt::str(default_repr(&a.arg(0))))
        })),
        (BuiltinType::Int, "from_bytes") => {
            Some(native("from_bytes", crate::types::int::from_bytes))
        }
        (BuiltinType::Bytes | BuiltinType::ByteArray, "maketrans") => {
            Some(native("maketrans", crate::types::bytes_methods::maketrans))
        }
        (BuiltinType::Bytes, "fromhex") => Some(native("fromhex", |a| {
            a.arity("fromhex", 1, 1)?;
            crate::types::bytes_methods::fromhex(
                expect_str(&a.arg(0), "fromhex() argument")?,
                false,
            )
        })),
        (BuiltinType::ByteArray, "fromhex") => Some(native("fromhex", |a| {
            a.arity("fromhex", 1, 1)?;
            crate::types::bytes_methods::fromhex(expect_str(&a.arg(0), "fromhex() argument")?, true)
        })),
        (BuiltinType::Str, "maketrans") => Some(native("maketrans", |a| {
            a.arity("maketrans", 1, 3)?;
            let table = rt::new_dict();
            if a.positional.len() == 1 {
                for (k, v) in crate::types::ops::mapping_items(&a.arg(0))? {
                    let single = crate::object::str_text(&k).and_then(|s| {
                        let mut chars = s.chars();
                        chars.next().filter(|_| chars.next().is_none())
                    });
                    let key = match single {
                        Some(c) => rt::int(c as i64),
                        None => k,
                    };
                    ops::dict_set(&table, key, v)?;
                }
                return Ok(table);
            }
            let (from, to) = (
                expect_str(&a.positional[0], "maketrans() argument")?,
                expect_str(&a.positional[1], "maketrans() argument")?,
            );
            if from.chars().count() != to.chars().count() {
                return value_error("the first two maketrans arguments must have equal length");
            }
            for (x, y) in from.chars().zip(to.chars()) {
                ops::dict_set(&table, rt::int(x as i64), rt::int(y as i64))?;
            }
            if let Some(delete) = a.positional.get(2) {
                for c in expect_str(delete, "maketrans() argument")?.chars() {
                    ops::dict_set(&table, rt::int(c as i64), rt::none())?;
                }
            }
            Ok(table)
        })),
        (BuiltinType::Str, "join") => Some(native("join", |a| {
            a.arity("join", 2, 2)?;
            str_method("join", &a.arg(0), a.positional[1..].to_vec())
        })),
        (BuiltinType::Object | BuiltinType::BaseException, "__new__") => {
            Some(native("__new__", |a| {
                let Some(class) = a.positional.first() else {
                    return type_error("object.__new__(): not enough arguments");
                };
                ops::object_new(class, &a.positional[1..])
            }))
        }
        (BuiltinType::BaseException, "__init__") => Some(native("__init__", |a| {
            if let Some(receiver) = a.positional.first() {
                let args = rt::set_os_error_fields(receiver, &a.positional[1..]);
                attr::setattr(receiver, "args", rt::tuple(args))?;
                rt::set_unicode_error_fields(receiver, &a.positional[1..]);
                if let Some(instance) = receiver.instance() {
                    let is_import_error = crate::object::class::is_subclass(
                        &instance.class(),
                        &rt::exception_class(crate::object::exceptions::ExcKind::ImportError),
                    );
                    if is_import_error {
                        let msg = if a.positional.len() == 2 {
                            a.positional[1].clone()
                        } else {
                            rt::none()
                        };
                        rt::dict_set_str(&instance.dict, "msg", msg);
                    }
                }
                rt::set_import_error_keywords(receiver, &a.keywords)?;
            }
            Ok(rt::none())
        })),
        (ty, "__new__") if types::subclassable(ty) == Some(true) => {
            Some(alloc(Kind::Builtin(Box::new(Builtin {
                name: "__new__",
                function: builtin_new,
                receiver: Some(class.clone()),
            }))))
        }
        (ty, "__init__") if types::subclassable(ty) == Some(true) => {
            if ops::is_mutable_layout(ty) {
                Some(native("__init__", builtin_init))
            } else {
                Some(native("__init__", |_| Ok(rt::none())))
            }
        }
        // A built-in type's `__format__`/`__str__` work on the built-in value (of an instance
        // of a subclass too: `int.__format__(IntEnum member, '')`).
        (_, "__format__") => Some(native("__format__", |a| {
            a.arity("__format__", 2, 2)?;
            let spec = expect_str(&a.positional[1], "format spec")?;
            let value = crate::object::builtin_base(&a.positional[0]).unwrap_or_else(|| a.arg(0));
            Ok(rt::str(crate::types::format::format_value(&value, spec)?))
        })),
        (_, "__str__") if types::subclassable(ty) == Some(true) => Some(native("__str__", |a| {
            a.arity("__str__", 1, 1)?;
            let value = crate::object::builtin_base(&a.positional[0]).unwrap_or_else(|| a.arg(0));
            Ok(rt::str(&*ops::str_of(&value)?))
        })),
        // Every type inherits `object`'s attributes.
        _ => crate::types::methods::unbound(ty, class, name).or_else(|| match ty {
            BuiltinType::Object => None,
            _ => type_attribute(BuiltinType::Object, class, name),
        }),
    }
}

/// `object.__repr__`: `<module.Class object at 0x...>`, without a module for the built-in
/// types (`<object object at 0x...>`).
pub(crate) fn default_repr(object: &PyRef) -> String {
    let class = types::type_of(object);
    let module = match &class.kind {
        Kind::Class(c) if c.builtin.is_none() => crate::object::class::class_lookup_name(
            &class,
            crate::object::hash::name!("__module__"),
        )
        .and_then(|m| text(&m).map(|m| format!("{m}.")))
        .unwrap_or_else(|| "__main__.".into()),
        _ => String::new(),
    };
    let name = match &class.kind {
        Kind::Class(c) if c.builtin.is_none() => c.qualname.to_string(),
        _ => types::type_name(object).to_string(),
    };
    format!("<{module}{name} object at 0x{:012x}>", Gc::as_ptr(object) as usize)
}

/// `object.__setattr__`: stores in the instance dict, bypassing a class's `__setattr__`.
pub(crate) fn object_setattr(object: &PyRef, name: &str, value: PyRef) -> Res<()> {
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            attr::store_in_instance(object, name, value)
        }
        _ => attr::setattr(object, name, value),
    }
}

/// Methods every object has, looked up last (`__init__` of `object`, ...).
pub fn object_method(object: &PyRef, name: &str) -> Option<PyRef> {
    match name {
        "__init__" => Some(method_of(object, "__init__", |_| Ok(rt::none()))),
        "__reduce_ex__" => Some(crate::types::reduce::bound_reduce_ex(object)),
        "__reduce__" => Some(crate::types::reduce::bound_reduce(object)),
        "__getstate__" => Some(crate::types::reduce::bound_getstate(object)),
        _ => None,
    }
}

/// `property.getter`, `property.setter`, `property.deleter`: a copy of the property with
/// one function replaced (`which`: the method's name).
pub fn property_copy_method(property: &PyRef, which: &str) -> Option<PyRef> {
    fn copy(a: crate::object::native::Args) -> Res<PyRef> {
        a.arity(a.name, 1, 1)?;
        let receiver = a.receiver();
        let view = crate::types::descriptor::builtin_view(&receiver);
        let Kind::Property(property) = &view.kind else {
            return type_error("not a property");
        };
        let function = a.arg(0);
        let mut copy = crate::object::Property {
            getter: property.getter.clone(),
            setter: property.setter.clone(),
            deleter: property.deleter.clone(),
            doc: property.doc.clone(),
        };
        match a.name {
            "getter" => copy.getter = function,
            "setter" => copy.setter = std::cell::RefCell::new(Some(function)),
            _ => copy.deleter = std::cell::RefCell::new(Some(function)),
        }
        if matches!(receiver.kind, Kind::Property(_)) {
            return Ok(alloc(Kind::Property(Box::new(copy))));
        }
        // A subclass of `property`: `type(self)(fget, fset, fdel, doc)`, as CPython.
        let none = rt::none;
        let args = vec![
            copy.getter.clone(),
            copy.setter.borrow().clone().unwrap_or_else(none),
            copy.deleter.borrow().clone().unwrap_or_else(none),
            copy.doc.borrow().clone().unwrap_or_else(none),
        ];
        ops::call(&types::type_of(&receiver), args, vec![])
    }
    Some(match which {
        "getter" => method_of(property, "getter", copy),
        "setter" => method_of(property, "setter", copy),
        "deleter" => method_of(property, "deleter", copy),
        _ => return None,
    })
}

/// A method of a built-in object, bound to it.
pub fn method(object: &PyRef, name: &str) -> Option<PyRef> {
    match &object.kind {
        Kind::File(_) => file_method(object, name),
        Kind::Iterator(state) => {
            let own = match &*state.try_borrow().ok()? {
                crate::object::Iter::Function(generator) => generator.methods(),
                crate::object::Iter::Native(native) => native.methods(),
                crate::object::Iter::Dict(_) => crate::types::iterator::DICT_ITER_METHODS,
                _ => &[],
            };
            bound_method(own, object, name).or_else(|| bound_method(ITERATOR_METHODS, object, name))
        }
        _ => {
            let def = find_in(value_method_tables(object)?, name)?;
            Some(method_of(object, def.name, def.function))
        }
    }
}

/// The method tables of a built-in value's type, searched in order (a set's own methods
/// before frozenset's, a bytearray's before bytes').
fn value_method_tables(object: &PyRef) -> Option<[&'static [MethodDef]; 2]> {
    Some(match &object.kind {
        Kind::List(_) => [LIST_METHODS, &[]],
        Kind::Dict(_) => [DICT_METHODS, &[]],
        Kind::Set(_) => [SET_ONLY_METHODS, FROZENSET_METHODS],
        Kind::FrozenSet(_) => [FROZENSET_METHODS, &[]],
        Kind::Tuple(_) => [TUPLE_METHODS, &[]],
        Kind::Str(..) => [STR_METHODS, &[]],
        Kind::Int(_) | Kind::Bool(_) => [INT_METHODS, &[]],
        Kind::Float(_) => [FLOAT_METHODS, &[]],
        Kind::Range(_) => [RANGE_METHODS, &[]],
        Kind::Slice(_) => [SLICE_METHODS, &[]],
        Kind::Complex(..) => [COMPLEX_METHODS, &[]],
        Kind::Bytes(_) => [BYTES_METHODS, &[]],
        Kind::ByteArray(_) => [BYTEARRAY_METHODS, BYTES_METHODS],
        _ => return None,
    })
}

/// The first entry named `name` in `tables`.
fn find_in(tables: [&'static [MethodDef]; 2], name: &str) -> Option<MethodDef> {
    tables.into_iter().flatten().find(|def| def.name == name).copied()
}

/// The table entry `object.name` finds on a list, dict, set, frozenset, tuple, str, bytes or
/// bytearray (not a subclass instance) for a name that is not a dunder name: what
/// [`method`] would bind, and nothing else could give (these objects have no `__dict__`).
pub fn method_def(object: &PyRef, name: &str) -> Option<MethodDef> {
    if name.starts_with("__") || method_table_tag(object) == 0 {
        return None;
    }
    find_in(value_method_tables(object)?, name)
}

/// A small tag per kind [`method_def`] serves (0: none), for caches keyed on it.
#[inline]
pub fn method_table_tag(object: &PyRef) -> u8 {
    match &object.kind {
        Kind::List(_) => 1,
        Kind::Dict(_) => 2,
        Kind::Set(_) => 3,
        Kind::FrozenSet(_) => 4,
        Kind::Tuple(_) => 5,
        Kind::Str(..) => 6,
        Kind::Bytes(_) => 7,
        Kind::ByteArray(_) => 8,
        _ => 0,
    }
}

/// `super().name`: looked up in the MRO after the defining class, bound to the receiver
/// (descriptors applied: a property's getter runs, a user descriptor's `__get__` is called).
pub(crate) fn super_lookup(object: &PyRef, name: &str) -> Res<Option<PyRef>> {
    let Kind::Super { class, receiver } = &object.kind else { return Ok(None) };
    // CPython's `supercheck`: a class that is a subclass of `class` is its own MRO's start
    // (class methods, metaclass methods called on a class); anything else starts at its type.
    let receiver_class = match &receiver.kind {
        Kind::Class(_) if types::is_subclass(receiver, class) => receiver.clone(),
        _ => types::type_of(receiver),
    };
    let mro = types::mro_of(&receiver_class);
    let Some(position) = mro.iter().position(|c| Gc::ptr_eq(c, class)) else { return Ok(None) };
    // The receiver is the class itself (a class method's `cls`): descriptors get no instance.
    let instance = (!Gc::ptr_eq(receiver, &receiver_class)).then_some(receiver);
    for base in &mro[position + 1..] {
        let Kind::Class(data) = &base.kind else { continue };
        let found = match &data.dict.kind {
            Kind::Dict(d) => d.borrow().get_str(name),
            _ => None,
        };
        if let Some(found) = found {
            // `__new__` is a static method: `super().__new__(cls)` passes `cls` itself.
            if name == "__new__" {
                return Ok(Some(match &found.kind {
                    Kind::StaticMethod(inner) => inner.clone(),
                    _ => found,
                }));
            }
            if matches!(found.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)) {
                if let Some(value) = descriptor::call_get(&found, instance, &receiver_class)? {
                    return Ok(Some(value));
                }
            }
            let view = descriptor::builtin_view(&found);
            if let (Kind::Property(_), Some(instance)) = (&view.kind, instance) {
                return descriptor::property_get(&view, instance, name).map(Some);
            }
            return Ok(Some(attr::bind_to_instance(&found, receiver, &receiver_class)));
        }
        if let Some(ty) = data.builtin {
            if let Some(found) = type_attribute(ty, base, name) {
                if name == "__new__" {
                    return Ok(Some(found));
                }
                return Ok(Some(alloc(Kind::BoundMethod {
                    function: found,
                    receiver: receiver.clone(),
                })));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unbound method of a built-in type (what `LoadMethod` pushes) called through
    /// `ops::call` takes its receiver from the arguments, and refuses one of another type.
    #[test]
    fn unbound_methods_check_their_receiver() {
        let list = rt::list(vec![]);
        let def = method_def(&list, "append").expect("list.append is in the table");
        let append = crate::object::native::unbound_method(def);
        assert!(ops::call(&append, vec![list.clone(), rt::int(7)], vec![]).is_ok());
        assert!(ops::repr(&list).is_ok_and(|text| &*text == "[7]"));
        let type_error = |result: crate::object::error::Res<PyRef>| match result {
            Err(error) => {
                rt::is_exception(&error.value, crate::object::exceptions::ExcKind::TypeError)
            }
            Ok(_) => false,
        };
        assert!(type_error(ops::call(&append, vec![rt::new_dict(), rt::int(1)], vec![])));
        assert!(type_error(ops::call(&append, vec![], vec![])));
        assert!(method_def(&list, "__len__").is_none(), "dunder names take the general path");
        assert!(method_def(&rt::int(1), "bit_length").is_none(), "only the tabled kinds");
    }

    /// Every builtin method is named after itself (no placeholder name).
    #[test]
    fn builtin_methods_carry_their_own_names() {
        let samples: Vec<(PyRef, &[&str])> = vec![
            (
                rt::list(vec![]),
                &[
                    "append", "extend", "insert", "pop", "remove", "index", "count", "clear",
                    "copy", "reverse", "sort",
                ],
            ),
            (
                rt::new_dict(),
                &[
                    "get",
                    "keys",
                    "values",
                    "items",
                    "pop",
                    "popitem",
                    "setdefault",
                    "update",
                    "clear",
                    "copy",
                ],
            ),
            (
                ops::set_from(vec![]).unwrap(),
                &[
                    "add",
                    "discard",
                    "remove",
                    "pop",
                    "clear",
                    "update",
                    "union",
                    "intersection",
                    "difference",
                    "issubset",
                    "issuperset",
                    "copy",
                ],
            ),
            (rt::tuple(vec![]), &["index", "count"]),
            (rt::int(7), &["bit_length", "bit_count"]),
            (rt::float(1.5), &["is_integer", "as_integer_ratio"]),
            (ops::iter(&rt::list(vec![])).unwrap(), &["__next__", "__iter__"]),
        ];
        for (object, names) in samples {
            for name in names {
                let bound = method(&object, name).unwrap_or_else(|| panic!("{name} missing"));
                match &bound.kind {
                    Kind::Builtin(b) => assert_eq!(b.name, *name),
                    _ => panic!("{name} is not a builtin"),
                }
            }
        }
    }
}
