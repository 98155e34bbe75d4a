//! Constructors of the built-in types (`int(x)`, `list(it)`, `dict(...)`...), `object.__new__`
//! and `object.__init__`.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::Zero;
use rcgc::Gc;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, Kwargs};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::text_of;
use crate::object::{alloc, Kind, PyRef};
use crate::types::attr;
use crate::types::ops;
use crate::types::{self, BuiltinType};

/// `int(...)`, `str(...)`, `list(...)`... and `object()`.
pub fn construct(ty: BuiltinType, class: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    let a = Args { name: ty.name(), receiver: None, positional: args, keywords: kwargs };
    let name = ty.name();
    match ty {
        BuiltinType::Object => {
            a.arity("object", 0, 0)?;
            a.no_keywords("object")?;
            Ok(alloc(Kind::Object))
        }
        BuiltinType::Type => crate::types::class_new::type_call(a.positional, a.keywords),
        BuiltinType::Int => {
            a.arity("int", 0, 2)?;
            let Some(x) = a.positional.first() else { return Ok(rt::int(0)) };
            let base = match a.positional.get(1).cloned().or_else(|| a.keyword("base")) {
                Some(b) => Some(ops::to_index(&b)?),
                None => None,
            };
            match (&x.kind, base) {
                (Kind::Int(i), None) => Ok(rt::int(i.clone())),
                (Kind::Bool(b), None) => Ok(rt::int(*b as i64)),
                (Kind::Float(f), None) => {
                    if !f.is_finite() {
                        return raise(ExcKind::OverflowError, "cannot convert float infinity to integer");
                    }
                    Ok(rt::int(num_traits::FromPrimitive::from_f64(f.trunc()).unwrap_or_else(BigInt::zero)))
                }
                (Kind::Str(..), base) => parse_int(crate::object::text_of(x), base.unwrap_or(10)),
                (Kind::Bytes(_) | Kind::ByteArray(_), base) => {
                    let bytes = ops::bytes_like(x).unwrap_or_default();
                    parse_int(&String::from_utf8_lossy(&bytes), base.unwrap_or(10))
                }
                (Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_), None) => {
                    if let Some(result) = ops::call_special_name(x, crate::object::hash::name!("__int__"), vec![])? {
                        return Ok(result);
                    }
                    if let Some(result) = ops::call_special_name(x, crate::object::hash::name!("__index__"), vec![])? {
                        return Ok(result);
                    }
                    if let Some(base) = crate::object::builtin_base(x) {
                        return construct(ty, class, vec![base], vec![]);
                    }
                    type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", types::type_name(x)))
                }
                _ => type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", types::type_name(x))),
            }
        }
        BuiltinType::Float => {
            a.arity("float", 0, 1)?;
            let Some(x) = a.positional.first() else { return Ok(rt::float(0.0)) };
            match &x.kind {
                Kind::Str(..) => {
                    let t = crate::object::text_of(x).trim().replace('_', "");
                    let lower = t.to_ascii_lowercase();
                    let value = match lower.trim_start_matches(['+', '-']) {
                        "inf" | "infinity" => Some(if lower.starts_with('-') {
                            f64::NEG_INFINITY
                        } else {
                            f64::INFINITY
                        }),
                        "nan" => Some(f64::NAN),
                        _ => t.parse::<f64>().ok(),
                    };
                    match value {
                        Some(v) => Ok(rt::float(v)),
                        None => value_error(format!(
                            "could not convert string to float: {}",
                            ops::str_repr(crate::object::text_of(x))
                        )),
                    }
                }
                // Bytes are parsed as their ASCII text; the error shows the bytes' repr.
                Kind::Bytes(_) | Kind::ByteArray(_) => {
                    let bytes = match &x.kind {
                        Kind::Bytes(b) => b.to_vec(),
                        Kind::ByteArray(b) => b.borrow().clone(),
                        _ => unreachable!("matched above"),
                    };
                    let parsed = std::str::from_utf8(&bytes)
                        .ok()
                        .and_then(|text| construct(ty, class, vec![rt::str(text)], vec![]).ok());
                    match parsed {
                        Some(value) => Ok(value),
                        None => value_error(format!(
                            "could not convert string to float: {}",
                            ops::repr(x)?
                        )),
                    }
                }
                Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
                    match ops::call_special_name(
                        x,
                        crate::object::hash::name!("__float__"),
                        vec![],
                    )? {
                        Some(r) => Ok(r),
                        None if crate::object::builtin_base(x).is_some() => {
                            let base = crate::object::builtin_base(x).expect("checked");
                            construct(ty, class, vec![base], vec![])
                        }
                        None => type_error(format!(
                            "float() argument must be a string or a real number, not '{}'",
                            types::type_name(x)
                        )),
                    }
                }
                _ => match ops::to_f64(x) {
                    Ok(value) => Ok(rt::float(value)),
                    Err(e) if rt::is_exception(&e.value, ExcKind::OverflowError) => Err(e),
                    Err(_) => type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        types::type_name(x)
                    )),
                },
            }
        }
        BuiltinType::Complex => {
            a.arity("complex", 0, 2)?;
            let real = a.positional.first().cloned().or_else(|| a.keyword("real"));
            let imag = a.positional.get(1).cloned().or_else(|| a.keyword("imag"));
            crate::types::complex::construct(real, imag)
        }
        BuiltinType::Bool => {
            a.arity("bool", 0, 1)?;
            Ok(rt::boolean(match a.positional.first() {
                Some(x) => ops::truthy(x)?,
                None => false,
            }))
        }
        BuiltinType::Str => {
            a.arity("str", 0, 3)?;
            // `str(b, encoding, errors)`: `b.decode(encoding, errors)`.
            let encoding = a.positional.get(1).cloned().or_else(|| a.keyword("encoding"));
            let errors = a.positional.get(2).cloned().or_else(|| a.keyword("errors"));
            if encoding.is_some() || errors.is_some() {
                let Some(x) = a.positional.first() else {
                    return type_error("str() argument 'object' is missing");
                };
                let x = &crate::object::builtin_base(x).unwrap_or_else(|| x.clone());
                if ops::bytes_like(x).is_none() {
                    return type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        types::type_name(x)
                    ));
                }
                let utf8 = || rt::str("utf-8");
                let strict = || rt::str("strict");
                return crate::types::codec::bytes_decode(Args {
                    name: "decode",
                    receiver: Some(x),
                    positional: vec![encoding.unwrap_or_else(utf8), errors.unwrap_or_else(strict)],
                    keywords: vec![],
                });
            }
            a.arity("str", 0, 1)?;
            match a.positional.first() {
                Some(x) => Ok(rt::str(ops::str_of(x)?)),
                None => Ok(rt::str("")),
            }
        }
        BuiltinType::Bytes => {
            a.arity("bytes", 0, 3)?;
            // `bytes(x)` asks `type(x).__bytes__` first, as CPython does.
            if let Some(x) = a.positional.first() {
                if let Some(method) =
                    ops::lookup_special_name(x, crate::object::hash::name!("__bytes__"))
                {
                    let result = ops::call(&method, vec![], vec![])?;
                    if !matches!(result.kind, Kind::Bytes(_)) {
                        return type_error(format!(
                            "__bytes__ returned non-bytes (type {})",
                            types::type_name(&result)
                        ));
                    }
                    return Ok(result);
                }
            }
            match a.positional.first() {
                None => Ok(alloc(Kind::Bytes(Rc::from(&[][..])))),
                Some(x) => match &x.kind {
                    Kind::Str(..) => {
                        let bytes = crate::types::codec::encode_argument(&a, text_of(x))?;
                        Ok(alloc(Kind::Bytes(bytes.into())))
                    }
                    Kind::ByteArray(b) => Ok(alloc(Kind::Bytes(b.borrow().as_slice().into()))),
                    Kind::Int(n) => {
                        Ok(alloc(Kind::Bytes(vec![0u8; n.to_usize().unwrap_or(0)].into())))
                    }
                    _ => {
                        let mut bytes = Vec::new();
                        for item in ops::to_vec(x)? {
                            match ops::to_index(&item)? {
                                b @ 0..=255 => bytes.push(b as u8),
                                _ => return value_error("bytes must be in range(0, 256)"),
                            }
                        }
                        Ok(alloc(Kind::Bytes(bytes.into())))
                    }
                },
            }
        }
        BuiltinType::ByteArray => {
            a.arity("bytearray", 0, 3)?;
            let bytes: Vec<u8> = match a.positional.first() {
                None => Vec::new(),
                Some(x) => match &x.kind {
                    Kind::Str(..) => crate::types::codec::encode_argument(&a, text_of(x))?,
                    Kind::Bytes(b) => b.to_vec(),
                    Kind::ByteArray(b) => b.borrow().clone(),
                    Kind::Int(n) => match n.to_usize() {
                        Some(n) => vec![0u8; n],
                        None => return value_error("negative count"),
                    },
                    _ => bytes_of_iterable(x)?,
                },
            };
            Ok(alloc(Kind::byte_array(bytes)))
        }
        BuiltinType::List => {
            a.arity("list", 0, 1)?;
            Ok(rt::list(match a.positional.first() {
                Some(x) => ops::to_vec(x)?,
                None => vec![],
            }))
        }
        BuiltinType::Tuple => {
            a.arity("tuple", 0, 1)?;
            match a.positional.first() {
                Some(x) if matches!(x.kind, Kind::Tuple(_)) => Ok(x.clone()),
                Some(x) => Ok(rt::tuple(ops::to_vec(x)?)),
                None => Ok(rt::tuple(vec![])),
            }
        }
        BuiltinType::Dict => {
            a.arity("dict", 0, 1)?;
            let dict = rt::new_dict();
            if let Some(x) = a.positional.first() {
                dict_update(&dict, x)?;
            }
            for (k, v) in a.keywords {
                ops::dict_set(&dict, rt::str(k), v)?;
            }
            Ok(dict)
        }
        BuiltinType::Set => {
            a.arity("set", 0, 1)?;
            ops::set_from(match a.positional.first() {
                Some(x) => ops::to_vec(x)?,
                None => vec![],
            })
        }
        BuiltinType::FrozenSet => {
            a.arity("frozenset", 0, 1)?;
            let set = ops::set_from(match a.positional.first() {
                Some(x) => ops::to_vec(x)?,
                None => vec![],
            })?;
            Ok(ops::freeze_set(&set))
        }
        BuiltinType::Range => {
            a.arity("range", 1, 3)?;
            let int = |x: &PyRef| -> Res<BigInt> {
                ops::to_bigint(x).map_or_else(
                    || {
                        type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            types::type_name(x)
                        ))
                    },
                    Ok,
                )
            };
            let (start, stop, step) = match a.positional.len() {
                1 => (BigInt::zero(), int(&a.arg(0))?, BigInt::from(1)),
                2 => (int(&a.arg(0))?, int(&a.arg(1))?, BigInt::from(1)),
                _ => (int(&a.arg(0))?, int(&a.arg(1))?, int(&a.arg(2))?),
            };
            if step.is_zero() {
                return value_error("range() arg 3 must not be zero");
            }
            Ok(alloc(Kind::range(start, stop, step)))
        }
        BuiltinType::Slice => {
            a.arity("slice", 1, 3)?;
            let none = rt::none();
            let (start, stop, step) = match a.positional.len() {
                1 => (none.clone(), a.arg(0), none),
                2 => (a.arg(0), a.arg(1), none),
                _ => (a.arg(0), a.arg(1), a.arg(2)),
            };
            Ok(alloc(Kind::Slice(Box::new(crate::object::Slice { start, stop, step }))))
        }
        BuiltinType::StaticMethod | BuiltinType::ClassMethod => {
            a.no_keywords(name)?;
            if a.positional.len() != 1 {
                return type_error(format!(
                    "{name} expected 1 argument, got {}",
                    a.positional.len()
                ));
            }
            Ok(alloc(match ty {
                BuiltinType::StaticMethod => Kind::StaticMethod(a.arg(0)),
                _ => Kind::ClassMethod(a.arg(0)),
            }))
        }
        BuiltinType::Property => property_new(a),
        // `types.MethodType(function, instance)`.
        BuiltinType::Method => {
            a.no_keywords("method")?;
            let [function, receiver] = &a.positional[..] else {
                return type_error(format!(
                    "method expected 2 arguments, got {}",
                    a.positional.len()
                ));
            };
            if !crate::types::ops::callable(function) {
                return type_error("first argument must be callable");
            }
            if matches!(receiver.kind, Kind::None) {
                return type_error("instance must not be None");
            }
            Ok(alloc(Kind::BoundMethod { function: function.clone(), receiver: receiver.clone() }))
        }
        // `types.ModuleType(name, doc=None)`: an empty module, its dict as CPython's
        // `module.__init__` fills it.
        BuiltinType::Module => {
            let given = a.positional.len() + a.keywords.len();
            if given > 2 {
                return type_error(format!("module() takes at most 2 arguments ({given} given)"));
            }
            let keyword =
                |name: &str| a.keywords.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone());
            if let Some((k, _)) = a.keywords.iter().find(|(k, _)| !matches!(&**k, "name" | "doc")) {
                return type_error(format!("module() got an unexpected keyword argument '{k}'"));
            }
            let Some(module_name) = a.positional.first().cloned().or_else(|| keyword("name"))
            else {
                return type_error("module() missing required argument 'name' (pos 1)");
            };
            let doc = a.positional.get(1).cloned().or_else(|| keyword("doc"));
            let doc = doc.unwrap_or_else(rt::none);
            let Some(text) = crate::object::str_text(&module_name) else {
                return type_error(format!(
                    "module() argument 'name' must be str, not {}",
                    types::type_name(&module_name)
                ));
            };
            let dict = rt::new_dict();
            rt::dict_set_str(&dict, "__name__", module_name.clone());
            rt::dict_set_str(&dict, "__doc__", doc);
            for key in ["__package__", "__loader__", "__spec__"] {
                rt::dict_set_str(&dict, key, rt::none());
            }
            let module = crate::object::Module { name: text.into(), dict };
            Ok(alloc(Kind::Module(Box::new(module))))
        }
        _ => {
            let _ = class;
            type_error(format!("cannot create '{name}' instances"))
        }
    }
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
fn property_new(a: Args) -> Res<PyRef> {
    const NAMES: [&str; 4] = ["fget", "fset", "fdel", "doc"];
    if a.positional.len() > 4 {
        return type_error(format!(
            "property() takes at most 4 arguments ({} given)",
            a.positional.len()
        ));
    }
    let values = a.bind("property", &NAMES, 0, &[])?;
    let given = |v: Option<PyRef>| v.filter(|v| !matches!(v.kind, Kind::None));
    let [fget, fset, fdel, doc] = <[Option<PyRef>; 4]>::try_from(values)
        .unwrap_or_else(|_| unreachable!("one value per name"));
    Ok(alloc(Kind::Property(Box::new(crate::object::Property {
        getter: given(fget).unwrap_or_else(rt::none),
        setter: std::cell::RefCell::new(given(fset)),
        deleter: std::cell::RefCell::new(given(fdel)),
        doc: std::cell::RefCell::new(given(doc)),
    }))))
}

/// The bytes of an iterable of ints in range(256).
pub(crate) fn bytes_of_iterable(x: &PyRef) -> Res<Vec<u8>> {
    if let Some(bytes) = ops::bytes_like(x) {
        return Ok(bytes);
    }
    let mut bytes = Vec::new();
    for item in ops::to_vec(x)? {
        match ops::to_index(&item)? {
            b @ 0..=255 => bytes.push(b as u8),
            _ => return value_error("byte must be in range(0, 256)"),
        }
    }
    Ok(bytes)
}

/// `list.__init__`, `dict.__init__`, `set.__init__` (also of a subclass's instance, whose
/// built-in value they fill): list and set are replaced, dict is updated, as CPython does.
pub fn builtin_init(a: Args) -> Res<PyRef> {
    let Some(this) = a.positional.first().cloned() else {
        return type_error("descriptor '__init__' of 'object' object needs an argument");
    };
    let target = crate::object::builtin_base(&this).unwrap_or_else(|| this.clone());
    let ty = BuiltinType::of(&target.kind);
    let rest = a.positional[1..].to_vec();
    match &target.kind {
        Kind::List(items) => {
            let value = construct(ty, &rt::builtin_type(ty), rest, a.keywords)?;
            let new = ops::to_vec(&value)?;
            let old = std::mem::replace(&mut *items.borrow_mut(), new.into());
            drop(old);
        }
        Kind::Set(content) => {
            let value = construct(ty, &rt::builtin_type(ty), rest, a.keywords)?;
            if let Kind::Set(new) = &value.kind {
                let new = std::mem::take(&mut *new.borrow_mut());
                let old = std::mem::replace(&mut *content.borrow_mut(), new);
                drop(old);
            }
        }
        Kind::Dict(_) => {
            let value = construct(ty, &rt::builtin_type(ty), rest, a.keywords)?;
            if let Kind::Dict(new) = &value.kind {
                let items = new.borrow().items();
                for (k, v) in items {
                    ops::dict_set(&target, k, v)?;
                }
            }
        }
        _ => {}
    }
    Ok(rt::none())
}

/// `float.__new__(cls, ...)` and friends: for a subclass, an instance extending the built-in
/// value (empty for list, dict and set, whose `__init__` fills it).
pub(crate) fn builtin_new(a: Args) -> Res<PyRef> {
    let builtin_class = a.receiver();
    let Some(ty) = ops::builtin_of_class(&builtin_class) else {
        return type_error("__new__ of a non-type");
    };
    let Some(class) = a.positional.first().cloned() else {
        return type_error(format!("{}.__new__(): not enough arguments", ty.name()));
    };
    if !matches!(class.kind, Kind::Class(_)) {
        return type_error(format!(
            "{0}.__new__(X): X is not a type object ({1})",
            ty.name(),
            types::type_name(&class)
        ));
    }
    if !types::is_subclass(&class, &builtin_class) {
        return type_error(format!(
            "{0}.__new__({1}): {1} is not a subtype of {0}",
            ty.name(),
            types::class_name(&class)
        ));
    }
    let rest = a.positional[1..].to_vec();
    if Gc::ptr_eq(&class, &builtin_class) {
        return construct(ty, &class, rest, a.keywords);
    }
    let value = if ops::is_mutable_layout(ty) {
        construct(ty, &builtin_class, vec![], vec![])?
    } else {
        construct(ty, &builtin_class, rest, a.keywords)?
    };
    Ok(rt::instance_with_base(class, Some(value)))
}

pub(crate) fn parse_int(s: &str, base: i64) -> Res<PyRef> {
    let error = || {
        value_error::<PyRef>(format!(
            "invalid literal for int() with base {base}: {}",
            ops::str_repr(s)
        ))
    };
    let t = s.trim().replace('_', "");
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let (base, digits) = match base {
        0 => {
            let lower = digits.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("0x") {
                (16, r.to_string())
            } else if let Some(r) = lower.strip_prefix("0o") {
                (8, r.to_string())
            } else if let Some(r) = lower.strip_prefix("0b") {
                (2, r.to_string())
            } else {
                (10, digits)
            }
        }
        16 => (
            16,
            digits.to_ascii_lowercase().strip_prefix("0x").map(str::to_string).unwrap_or(digits),
        ),
        8 => (
            8,
            digits.to_ascii_lowercase().strip_prefix("0o").map(str::to_string).unwrap_or(digits),
        ),
        2 => (
            2,
            digits.to_ascii_lowercase().strip_prefix("0b").map(str::to_string).unwrap_or(digits),
        ),
        b if (2..=36).contains(&b) => (b as u32, digits),
        _ => return value_error("int() base must be >= 2 and <= 36, or 0"),
    };
    if digits.is_empty() {
        return error();
    }
    match BigInt::parse_bytes(digits.as_bytes(), base) {
        Some(v) => Ok(rt::int(if negative { -v } else { v })),
        None => error(),
    }
}

pub(crate) fn dict_update(dict: &PyRef, source: &PyRef) -> Res<()> {
    match &source.kind {
        Kind::Dict(d) => {
            for (k, v) in d.borrow().items() {
                ops::dict_set(dict, k, v)?;
            }
        }
        _ => {
            if attr::lookup(source, "keys")?.is_some() {
                for (k, v) in crate::types::ops::mapping_items(source)? {
                    ops::dict_set(dict, k, v)?;
                }
                return Ok(());
            }
            for (i, item) in ops::to_vec(source)?.into_iter().enumerate() {
                let pair = ops::to_vec(&item)?;
                if pair.len() != 2 {
                    return value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        pair.len()
                    ));
                }
                let mut pair = pair.into_iter();
                let (k, v) = (pair.next().expect("2"), pair.next().expect("2"));
                ops::dict_set(dict, k, v)?;
            }
        }
    }
    Ok(())
}
