//! Which native method or attribute a name gives on a built-in object or type: the method
//! tables of the built-in types, `object`'s own methods, and `super()` lookup.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use rcgc::Gc;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{bound_method, method_of, native, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Builtin, Kind, PyRef};
use crate::types::attr;
use crate::types::construct::{builtin_init, builtin_new, bytes_of_iterable};
use crate::types::dict::DICT_METHODS;
use crate::types::file::file_method;
use crate::types::list::{LIST_METHODS, TUPLE_METHODS};
use crate::types::ops;
use crate::types::set::{FROZENSET_METHODS, SET_METHODS};
use crate::types::str::{expect_str, str_method, text, STR_METHODS};
use crate::types::{self, BuiltinType};

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
        (BuiltinType::Object, "__setattr__") => Some(native("__setattr__", |a| {
            a.arity("__setattr__", 3, 3)?;
            let name = expect_str(&a.arg(1), "attribute name")?;
            object_setattr(&a.arg(0), &name, a.arg(2))?;
            Ok(rt::none())
        })),
        (BuiltinType::Object, "__repr__") => Some(native("__repr__", |a| {
            a.arity("__repr__", 1, 1)?;
            Ok(rt::str(default_repr(&a.arg(0))))
        })),
        (BuiltinType::Str, "maketrans") => Some(native("maketrans", |a| {
            a.arity("maketrans", 1, 3)?;
            let table = rt::new_dict();
            if a.positional.len() == 1 {
                for (k, v) in crate::types::ops::mapping_items(&a.arg(0))? {
                    let key = match &k.kind {
                        Kind::Str(s, _) if s.chars().count() == 1 => {
                            rt::int(s.chars().next().expect("one") as i64)
                        }
                        _ => k,
                    };
                    ops::dict_set(&table, key, v)?;
                }
                return Ok(table);
            }
            let (from, to) = (
                expect_str(&a.arg(0), "maketrans() argument")?,
                expect_str(&a.arg(1), "maketrans() argument")?,
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
                attr::setattr(receiver, "args", rt::tuple(a.positional[1..].to_vec()))?;
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
        _ => crate::types::methods::unbound(ty, class, name),
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
        .and_then(|m| text(&m))
        .map(|m| format!("{m}."))
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
        Kind::Instance(_) | Kind::Extended(_) => attr::store_in_instance(object, name, value),
        _ => attr::setattr(object, name, value),
    }
}

/// Methods every object has, looked up last (`__init__` of `object`, ...).
pub fn object_method(object: &PyRef, name: &str) -> Option<PyRef> {
    match name {
        "__init__" => Some(method_of(object, "__init__", |_| Ok(rt::none()))),
        _ => None,
    }
}

/// `property.setter`.
pub fn property_setter_method(property: &PyRef) -> PyRef {
    method_of(property, "setter", |a| {
        a.arity("setter", 1, 1)?;
        let receiver = a.receiver();
        let Kind::Property(property) = &receiver.kind else {
            return type_error("not a property");
        };
        Ok(alloc(Kind::Property(Box::new(crate::object::Property {
            getter: property.getter.clone(),
            setter: std::cell::RefCell::new(Some(a.arg(0))),
        }))))
    })
}

/// A method of a built-in object, bound to it.
pub fn method(object: &PyRef, name: &str) -> Option<PyRef> {
    let function: NativeFn = match (&object.kind, name) {
        (Kind::Super { .. }, _) => return super_lookup(object, name),
        (Kind::List(_), _) => return bound_method(LIST_METHODS, object, name),
        (Kind::Dict(_), _) => return bound_method(DICT_METHODS, object, name),
        (Kind::Set(_), _) => return bound_method(SET_METHODS, object, name),
        (Kind::FrozenSet(_), _) => return bound_method(FROZENSET_METHODS, object, name),
        (Kind::Tuple(_), _) => return bound_method(TUPLE_METHODS, object, name),
        (Kind::Str(..), _) => return bound_method(STR_METHODS, object, name),
        (Kind::Int(_) | Kind::Bool(_), "bit_count") => |a| {
            let value = ops::to_bigint(&a.receiver()).expect("int");
            Ok(rt::int(value.abs().to_str_radix(2).matches('1').count() as i64))
        },
        (Kind::Float(_), "as_integer_ratio") => |a| {
            let value = ops::to_f64(&a.receiver())?;
            if !value.is_finite() {
                return raise(ExcKind::OverflowError, "cannot convert Infinity to integer ratio");
            }
            let (mut numerator, mut exponent) = (value, 0i32);
            while numerator.fract() != 0.0 {
                numerator *= 2.0;
                exponent += 1;
            }
            let numerator: BigInt =
                num_traits::FromPrimitive::from_f64(numerator).unwrap_or_else(BigInt::zero);
            let denominator = BigInt::from(1) << exponent as usize;
            let divisor = num_integer::Integer::gcd(&numerator, &denominator);
            let divisor = if divisor.is_zero() { BigInt::from(1) } else { divisor };
            Ok(rt::tuple(vec![rt::int(&numerator / &divisor), rt::int(&denominator / &divisor)]))
        },
        (Kind::Range { .. }, "index") => |a| {
            a.arity("index", 1, 1)?;
            let receiver = a.receiver();
            let Kind::Range(range) = &receiver.kind else { unreachable!() };
            let (start, step) = (&range.start, &range.step);
            if ops::contains(&receiver, &a.arg(0))? {
                let value = ops::to_bigint(&a.arg(0)).expect("an int in a range");
                return Ok(rt::int((value - start) / step));
            }
            value_error(format!("{} is not in range", ops::repr(&a.arg(0))?))
        },
        (Kind::Range { .. }, "count") => |a| {
            a.arity("count", 1, 1)?;
            Ok(rt::int(ops::contains(&a.receiver(), &a.arg(0))? as i64))
        },
        (Kind::Int(_) | Kind::Bool(_), "bit_length") => |a| {
            let value = ops::to_bigint(&a.receiver()).expect("int");
            Ok(rt::int(value.abs().bits() as i64))
        },
        (Kind::Complex(..), "conjugate") => |a| match a.receiver().kind {
            Kind::Complex(re, im) => Ok(crate::types::complex::new(re, -im)),
            _ => unreachable!("conjugate of a complex"),
        },
        (Kind::Float(_), "is_integer") => {
            |a| Ok(rt::boolean(ops::to_f64(&a.receiver())?.fract() == 0.0))
        }
        (Kind::ByteArray(_), "append") => |a| {
            a.arity("append", 1, 1)?;
            let byte = match ops::to_index(&a.arg(0))? {
                b @ 0..=255 => b as u8,
                _ => return value_error("byte must be in range(0, 256)"),
            };
            if let Kind::ByteArray(b) = &a.receiver().kind {
                b.borrow_mut().push(byte);
            }
            Ok(rt::none())
        },
        (Kind::ByteArray(_), "extend") => |a| {
            a.arity("extend", 1, 1)?;
            let extra = bytes_of_iterable(&a.arg(0))?;
            if let Kind::ByteArray(b) = &a.receiver().kind {
                b.borrow_mut().extend(extra);
            }
            Ok(rt::none())
        },
        (Kind::ByteArray(_), "pop") => |a| {
            a.arity("pop", 0, 0)?;
            let popped = match &a.receiver().kind {
                Kind::ByteArray(b) => b.borrow_mut().pop(),
                _ => None,
            };
            match popped {
                Some(byte) => Ok(rt::int(byte as i64)),
                None => raise(ExcKind::IndexError, "pop from empty bytearray"),
            }
        },
        (Kind::ByteArray(_), "clear") => |a| {
            if let Kind::ByteArray(b) = &a.receiver().kind {
                b.borrow_mut().clear();
            }
            Ok(rt::none())
        },
        (Kind::Bytes(_) | Kind::ByteArray(_), "decode") => |a| {
            let receiver = a.receiver();
            let b = ops::bytes_like(&receiver).expect("bytes");
            match std::str::from_utf8(&b) {
                Ok(s) => Ok(rt::str(s)),
                Err(e) => raise(ExcKind::UnicodeError, format!("'utf-8' codec can't decode: {e}")),
            }
        },
        (Kind::File(_), _) => return file_method(object, name),
        (Kind::Iterator(state), _) if generator_method(state, name).is_some() => {
            generator_method(state, name).expect("checked")
        }
        (Kind::Iterator(_), "__next__") => |a| match ops::next(&a.receiver())? {
            Some(item) => Ok(item),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::StopIteration),
                vec![],
            ))),
        },
        (Kind::Iterator(_), "__iter__") => |a| Ok(a.receiver()),
        _ => return None,
    };
    Some(method_of(object, static_name(name), function))
}

/// The methods a generator's own state provides (`send`, `throw`, `close`, `__next__`).
fn generator_method(
    state: &std::cell::RefCell<crate::object::Iter>,
    name: &str,
) -> Option<NativeFn> {
    match &*state.try_borrow().ok()? {
        crate::object::Iter::Function(generator) => generator.method(name),
        _ => None,
    }
}

/// Every method name a built-in object answers to, as `&'static str` (a builtin's name).
pub(crate) const METHOD_NAMES: &[&str] = &[
    "pop",
    "remove",
    "clear",
    "copy",
    "get",
    "keys",
    "values",
    "items",
    "popitem",
    "setdefault",
    "update",
    "add",
    "discard",
    "union",
    "intersection",
    "difference",
    "issubset",
    "issuperset",
    "bit_length",
    "is_integer",
    "decode",
    "__next__",
    "__iter__",
    "send",
    "throw",
    "read",
    "readline",
    "readlines",
    "write",
    "flush",
    "close",
    "__exit__",
    "__enter__",
    "isdisjoint",
    "bit_count",
    "as_integer_ratio",
];

pub(crate) fn static_name(name: &str) -> &'static str {
    METHOD_NAMES.iter().find(|known| **known == name).copied().unwrap_or("method")
}

/// `super().name`: looked up in the MRO after the defining class, bound to the receiver.
pub(crate) fn super_lookup(object: &PyRef, name: &str) -> Option<PyRef> {
    let Kind::Super { class, receiver } = &object.kind else { return None };
    let receiver_class = match &receiver.kind {
        Kind::Class(_) => receiver.clone(),
        _ => types::type_of(receiver),
    };
    let mro = types::mro_of(&receiver_class);
    let position = mro.iter().position(|c| Gc::ptr_eq(c, class))?;
    for base in &mro[position + 1..] {
        let Kind::Class(data) = &base.kind else { continue };
        if let Kind::Dict(d) = &data.dict.kind {
            if let Some(found) = d.borrow().get_str(name) {
                // `__new__` is a static method: `super().__new__(cls)` passes `cls` itself.
                if name == "__new__" {
                    return Some(match &found.kind {
                        Kind::StaticMethod(inner) => inner.clone(),
                        _ => found,
                    });
                }
                return Some(attr::bind_to_instance(&found, receiver, &receiver_class));
            }
        }
        if let Some(ty) = data.builtin {
            if let Some(found) = type_attribute(ty, base, name) {
                if name == "__new__" {
                    return Some(found);
                }
                return Some(alloc(Kind::BoundMethod {
                    function: found,
                    receiver: receiver.clone(),
                }));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
