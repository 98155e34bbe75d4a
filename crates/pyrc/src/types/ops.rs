//! The object protocol: truth, repr/str, hashing, equality and ordering, arithmetic,
//! attributes, items, iteration and calls, dispatching to `__dunder__` methods of classes
//! defined in Python.

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use rcgc::Gc;

use crate::compile::ast::BinOp;
use crate::object::dict::{self, Dict};
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::int::Int;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, builtin_base, Iter, Kind, PyRef};
use crate::types::{self, BuiltinType};

use crate::object::native::Kwargs;

// ---- calls ----------------------------------------------------------------------------------

/// Calls any callable object.
pub fn call(callable: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    crate::object::check_alive(callable)?;
    match &callable.kind {
        Kind::Function(_) => (crate::object::hooks::vm().call_function)(callable, args, kwargs),
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
        Kind::Class(class) => match class.builtin {
            Some(ty) => crate::types::construct::construct(ty, callable, args, kwargs),
            None => construct_instance(callable, args, kwargs),
        },
        Kind::StaticMethod(inner) => call(inner, args, kwargs),
        Kind::Instance(_) | Kind::Extended(_) => match lookup_special(callable, "__call__") {
            Some(method) => call(&method, args, kwargs),
            None => type_error(format!("'{}' object is not callable", types::type_name(callable))),
        },
        _ => type_error(format!("'{}' object is not callable", types::type_name(callable))),
    }
}

/// `Class(...)`: a new instance with its own `__dict__`, then `__init__`.
fn construct_instance(class: &PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    // A `__new__` defined in Python (an implicit static method): its result is initialized
    // only if it is an instance of the class, as `type.__call__` does.
    if let Some(new) = types::class_lookup(class, "__new__") {
        let new = match &new.kind {
            Kind::StaticMethod(inner) => inner.clone(),
            _ => new,
        };
        let mut new_args = Vec::with_capacity(args.len() + 1);
        new_args.push(class.clone());
        new_args.extend(args.iter().cloned());
        let object = call(&new, new_args, kwargs.clone())?;
        if types::is_subclass(&types::type_of(&object), class)
            && (types::class_lookup(class, "__init__").is_some()
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
fn new_instance(class: &PyRef, args: &[PyRef]) -> PyRef {
    let is_exception = types::is_subclass(class, &rt::exception_class(ExcKind::BaseException));
    // A subclass of a built-in type extends an empty (zero) value of it.
    let base = types::builtin_layout(class).and_then(|ty| {
        crate::types::construct::construct(ty, &rt::builtin_type(ty), vec![], vec![]).ok()
    });
    let object = rt::instance_with_base(class.clone(), base);
    if is_exception {
        rt::set_exception_args(&object, args);
    }
    object
}

fn init_instance(class: &PyRef, object: PyRef, args: Vec<PyRef>, kwargs: Kwargs) -> Res<PyRef> {
    let is_exception = types::is_subclass(class, &rt::exception_class(ExcKind::BaseException));
    if let Some(init) = types::class_lookup(class, "__init__") {
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
    } else if !is_exception && (!args.is_empty() || !kwargs.is_empty()) {
        return type_error(format!("{}() takes no arguments", types::class_name(class)));
    }
    Ok(object)
}

/// A class attribute as seen through an instance (functions become bound methods).
fn bind(attribute: &PyRef, receiver: &PyRef, class: &PyRef) -> PyRef {
    match &attribute.kind {
        Kind::Function(_) | Kind::Builtin(_) => {
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
    let instance = object.instance()?;
    let attribute = types::class_lookup(&instance.class, name)?;
    Some(bind(&attribute, object, &instance.class))
}

/// Calls `object.name(*args)` if the type defines it.
pub fn call_special(object: &PyRef, name: &str, args: Vec<PyRef>) -> Res<Option<PyRef>> {
    match lookup_special(object, name) {
        Some(method) => call(&method, args, Vec::new()).map(Some),
        None => Ok(None),
    }
}

// ---- truth, repr, str -------------------------------------------------------------------------

pub fn truthy(object: &PyRef) -> Res<bool> {
    Ok(match &object.kind {
        Kind::None => false,
        Kind::Bool(b) => *b,
        Kind::Int(i) => !i.is_zero(),
        Kind::Float(f) => *f != 0.0,
        Kind::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Kind::Str(s) => !s.is_empty(),
        Kind::Bytes(b) => !b.is_empty(),
        Kind::List(items) => !items.borrow().is_empty(),
        Kind::Tuple(items) => !items.is_empty(),
        Kind::Dict(d) | Kind::Set(d) => !d.borrow().is_empty(),
        Kind::FrozenSet(d) => !d.is_empty(),
        Kind::Range { .. } => len(object)? > 0,
        Kind::Instance(_) | Kind::Extended(_) => {
            if let Some(result) = call_special(object, "__bool__", vec![])? {
                return match result.kind {
                    Kind::Bool(b) => Ok(b),
                    _ => type_error(format!(
                        "__bool__ should return bool, returned {}",
                        types::type_name(&result)
                    )),
                };
            }
            if lookup_special(object, "__len__").is_some() {
                return Ok(len(object)? > 0);
            }
            match builtin_base(object) {
                Some(base) => return truthy(&base),
                None => true,
            }
        }
        Kind::ByteArray(b) => !b.borrow().is_empty(),
        _ => true,
    })
}

/// Python's `repr` of a float.
pub fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Shortest round-trip digits, then Python's layout: scientific when the exponent is
    // below -4 or at least 16.
    let formatted = format!("{value:e}");
    let (mantissa, exponent) = formatted.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("integer exponent");
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if !(-4..16).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs());
    }
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = exponent as usize + 1;
    if digits.len() <= point {
        format!("{sign}{digits}{}.0", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

/// Python's `repr` of a str.
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn address(object: &PyRef) -> String {
    format!("0x{:012x}", Gc::as_ptr(object) as usize)
}

/// Guards against infinite recursion through self-containing containers: `[...]`.
fn with_repr_guard(
    object: &PyRef,
    placeholder: &str,
    f: impl FnOnce() -> Res<String>,
) -> Res<String> {
    thread_local!(static ACTIVE: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) });
    let key = Gc::as_ptr(object) as usize;
    if ACTIVE.with(|a| a.borrow().contains(&key)) {
        return Ok(placeholder.to_string());
    }
    ACTIVE.with(|a| a.borrow_mut().push(key));
    crate::object::recursion::check_recursion()?;
    let result = f();
    crate::object::recursion::leave_recursion();
    ACTIVE.with(|a| a.borrow_mut().retain(|k| *k != key));
    result
}

fn join_reprs(items: &[PyRef]) -> Res<String> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        parts.push(repr(item)?.to_string());
    }
    Ok(parts.join(", "))
}

pub fn repr(object: &PyRef) -> Res<Rc<str>> {
    if object.is_deallocated() {
        return Ok(format!(
            "<deallocated {} object at {}>",
            types::type_name(object),
            address(object)
        )
        .into());
    }
    let text: String = match &object.kind {
        Kind::None => "None".into(),
        Kind::NotImplemented => "NotImplemented".into(),
        Kind::Ellipsis => "Ellipsis".into(),
        Kind::Bool(b) => if *b { "True" } else { "False" }.into(),
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => float_repr(*f),
        Kind::Complex(re, im) => crate::types::complex::repr(*re, *im),
        Kind::Str(s) => str_repr(s),
        Kind::ByteArray(b) => {
            let bytes = alloc(Kind::Bytes(b.borrow().as_slice().into()));
            format!("bytearray({})", repr(&bytes)?)
        }
        Kind::Bytes(b) => {
            let mut out = String::from("b'");
            for &byte in b.iter() {
                match byte {
                    b'\\' => out.push_str("\\\\"),
                    b'\'' => out.push_str("\\'"),
                    b'\n' => out.push_str("\\n"),
                    b'\r' => out.push_str("\\r"),
                    b'\t' => out.push_str("\\t"),
                    0x20..=0x7e => out.push(byte as char),
                    _ => out.push_str(&format!("\\x{byte:02x}")),
                }
            }
            out.push('\'');
            out
        }
        Kind::List(items) => {
            let items = items.borrow().clone();
            with_repr_guard(object, "[...]", || Ok(format!("[{}]", join_reprs(&items)?)))?
        }
        Kind::Tuple(items) => with_repr_guard(object, "(...)", || {
            Ok(if items.len() == 1 {
                format!("({},)", repr(&items[0])?)
            } else {
                format!("({})", join_reprs(items)?)
            })
        })?,
        Kind::Dict(d) => {
            let items = d.borrow().items();
            with_repr_guard(object, "{...}", || {
                let mut parts = Vec::with_capacity(items.len());
                for (k, v) in &items {
                    parts.push(format!("{}: {}", repr(k)?, repr(v)?));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            })?
        }
        Kind::Set(d) => {
            let keys = d.borrow().keys();
            if keys.is_empty() {
                "set()".into()
            } else {
                with_repr_guard(object, "{...}", || Ok(format!("{{{}}}", join_reprs(&keys)?)))?
            }
        }
        Kind::FrozenSet(d) => {
            let keys = d.keys();
            if keys.is_empty() {
                "frozenset()".into()
            } else {
                format!("frozenset({{{}}})", join_reprs(&keys)?)
            }
        }
        Kind::Range(range) => {
            let crate::object::RangeBounds { start, stop, step } = &**range;
            if step == &BigInt::from(1) {
                format!("range({start}, {stop})")
            } else {
                format!("range({start}, {stop}, {step})")
            }
        }
        Kind::Slice(slice) => {
            format!(
                "slice({}, {}, {})",
                repr(&slice.start)?,
                repr(&slice.stop)?,
                repr(&slice.step)?
            )
        }
        Kind::Object => format!("<object object at {}>", address(object)),
        Kind::Function(f) => {
            format!("<function {} at {}>", f.current_qualname(), address(object))
        }
        Kind::Builtin(b) => match &b.receiver {
            // A method of a built-in type looked up on the type (`list.append`); should the
            // function address comparison miss, only this repr falls back to the next arm's.
            Some(receiver)
                if matches!(&receiver.kind, Kind::Class(c) if c.builtin.is_some())
                    && std::ptr::fn_addr_eq(
                        b.function,
                        crate::types::methods::call_unbound as crate::object::native::NativeFn,
                    ) =>
            {
                format!("<method '{}' of '{}' objects>", b.name, types::class_name(receiver))
            }
            Some(receiver) => format!(
                "<built-in method {} of {} object at {}>",
                b.name,
                types::type_name(receiver),
                address(receiver)
            ),
            None => format!("<built-in function {}>", b.name),
        },
        Kind::BoundMethod { function, receiver } => {
            let name = match &function.kind {
                Kind::Function(f) => f.current_qualname().to_string(),
                Kind::Builtin(b) => b.name.to_string(),
                _ => "?".into(),
            };
            format!("<bound method {name} of {}>", repr(receiver)?)
        }
        Kind::Class(class) => match class.builtin {
            Some(_) => format!("<class '{}'>", class.name),
            None => {
                let module = types::class_lookup(object, "__module__")
                    .and_then(|m| match &m.kind {
                        Kind::Str(s) => Some(s.to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| "__main__".into());
                if types::is_subclass(object, &rt::exception_class(ExcKind::BaseException))
                    && rt::with(|r| {
                        r.exception_classes().iter().any(|(_, c)| Gc::ptr_eq(c, object))
                    })
                {
                    format!("<class '{}'>", class.name)
                } else {
                    format!("<class '{module}.{}'>", class.qualname)
                }
            }
        },
        Kind::Instance(_) | Kind::Extended(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(result) = call_special(object, "__repr__", vec![])? {
                return match &result.kind {
                    Kind::Str(s) => Ok(s.clone()),
                    _ => type_error(format!(
                        "__repr__ returned non-string (type {})",
                        types::type_name(&result)
                    )),
                };
            }
            if let Some(base) = &builtin_base(object) {
                return repr(base);
            }
            if types::is_subclass(&instance.class, &rt::exception_class(ExcKind::BaseException)) {
                let args = exception_args(object);
                let name = types::class_name(&instance.class);
                return Ok(if args.len() == 1 {
                    format!("{name}({})", repr(&args[0])?)
                } else {
                    format!("{name}({})", join_reprs(&args)?)
                }
                .into());
            }
            let module = types::class_lookup(&instance.class, "__module__")
                .and_then(|m| match &m.kind {
                    Kind::Str(s) => Some(s.to_string()),
                    _ => None,
                })
                .unwrap_or_else(|| "__main__".into());
            let qualname = match &instance.class.kind {
                Kind::Class(c) => c.qualname.clone(),
                _ => "?".into(),
            };
            format!("<{module}.{qualname} object at {}>", address(object))
        }
        Kind::Module(m) => format!("<module '{}' (built-in)>", m.name),
        Kind::Cell(_) => format!("<cell at {}>", address(object)),
        Kind::Iterator(state) => match state.try_borrow().as_deref() {
            Ok(Iter::Function(g)) => format!(
                "<generator object {} at {}>",
                g.qualname().unwrap_or_else(|| "?".into()),
                address(object)
            ),
            Ok(Iter::Generator(_) | Iter::Running) | Err(_) => {
                format!("<generator object <genexpr> at {}>", address(object))
            }
            Ok(_) => format!("<iterator object at {}>", address(object)),
        },
        Kind::File(state) => {
            let state = state.borrow();
            format!(
                "<_io.TextIOWrapper name={} mode={} encoding='UTF-8'>",
                str_repr(&state.name),
                str_repr(&state.mode)
            )
        }
        Kind::StaticMethod(_) => format!("<staticmethod object at {}>", address(object)),
        Kind::ClassMethod(_) => format!("<classmethod object at {}>", address(object)),
        Kind::Property(_) => format!("<property object at {}>", address(object)),
        Kind::Super { .. } => "<super object>".into(),
        Kind::Frame(frame) => format!(
            "<frame at {}, file {}, line {}, code {}>",
            address(object),
            str_repr(&frame.filename),
            frame.line.get(),
            frame.function
        ),
        Kind::WeakRef(reference) => match reference.weak.upgrade() {
            Some(target) => format!(
                "<weakref at {}; to '{}' at {}>",
                address(object),
                types::type_name(&target),
                address(&target)
            ),
            None => format!("<weakref at {}; dead>", address(object)),
        },
    };
    Ok(text.into())
}

/// The `args` tuple of an exception instance.
pub fn exception_args(object: &PyRef) -> Vec<PyRef> {
    if let Some(instance) = object.instance() {
        if let Kind::Dict(d) = &instance.dict.kind {
            if let Some(args) = d.borrow().get_str("args") {
                if let Kind::Tuple(items) = &args.kind {
                    return items.to_vec();
                }
            }
        }
    }
    Vec::new()
}

/// `str(x)`.
pub fn str_of(object: &PyRef) -> Res<Rc<str>> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::Str(s) => Ok(s.clone()),
        Kind::Instance(_) | Kind::Extended(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(result) = call_special(object, "__str__", vec![])? {
                return match &result.kind {
                    Kind::Str(s) => Ok(s.clone()),
                    _ => type_error(format!(
                        "__str__ returned non-string (type {})",
                        types::type_name(&result)
                    )),
                };
            }
            if types::is_subclass(&instance.class, &rt::exception_class(ExcKind::BaseException)) {
                let args = exception_args(object);
                let is_key_error =
                    types::is_subclass(&instance.class, &rt::exception_class(ExcKind::KeyError));
                return Ok(match args.len() {
                    0 => "".into(),
                    1 if is_key_error => repr(&args[0])?,
                    1 => str_of(&args[0])?,
                    _ => repr(&rt::tuple(args))?,
                });
            }
            if let Some(Kind::Str(s)) = builtin_base(object).as_ref().map(|b| &b.kind) {
                return Ok(s.clone());
            }
            repr(object)
        }
        _ => repr(object),
    }
}

// ---- hashing and comparison ---------------------------------------------------------------

const HASH_MODULUS: i64 = (1 << 61) - 1;

/// `hash()` of an int: CPython's, the value modulo 2^61 - 1 with its sign, -1 taken as -2.
fn int_value_hash(value: &Int) -> i64 {
    match value {
        Int::Small(small) => {
            signed_int_hash((small.unsigned_abs() % HASH_MODULUS as u64) as i64, *small < 0)
        }
        Int::Big(big) => int_hash(big),
    }
}

fn int_hash(value: &BigInt) -> i64 {
    let modulus = BigInt::from(HASH_MODULUS);
    let magnitude = (value.abs() % &modulus).to_i64().expect("below 2^61");
    signed_int_hash(magnitude, value.is_negative())
}

/// The hash from the magnitude modulo 2^61 - 1 and the sign (-1 is reserved for errors).
fn signed_int_hash(magnitude: i64, negative: bool) -> i64 {
    let hash = if negative { -magnitude } else { magnitude };
    if hash == -1 {
        -2
    } else {
        hash
    }
}

fn float_hash(value: f64) -> i64 {
    if value.fract() == 0.0 && value.is_finite() {
        if let Some(i) = num_bigint::BigInt::from_f64_exact(value) {
            return int_hash(&i);
        }
    }
    let bits = value.to_bits() as i64;
    if bits == -1 {
        -2
    } else {
        bits
    }
}

trait FromF64Exact {
    fn from_f64_exact(value: f64) -> Option<BigInt>;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(value: f64) -> Option<BigInt> {
        num_traits::FromPrimitive::from_f64(value)
    }
}

/// `hash(x)`.
pub fn hash(object: &PyRef) -> Res<i64> {
    Ok(match &object.kind {
        Kind::None => 0x5f3759df,
        Kind::Bool(b) => *b as i64,
        Kind::Int(i) => int_value_hash(i),
        Kind::Float(f) => float_hash(*f),
        Kind::Complex(re, im) => crate::types::complex::hash(*re, *im)?,
        Kind::Str(s) => dict::str_hash(s),
        Kind::Bytes(b) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            h.finish() as i64
        }
        Kind::Tuple(items) => {
            let mut acc: i64 = 0x345678;
            for item in items {
                acc = acc.wrapping_mul(1_000_003) ^ hash(item)?;
            }
            if acc == -1 {
                -2
            } else {
                acc
            }
        }
        Kind::FrozenSet(d) => {
            let mut acc: i64 = 0;
            for (hash, _, _) in d.iter() {
                acc ^= hash.wrapping_mul(0x9e3779b9);
            }
            acc
        }
        Kind::List(_) | Kind::Dict(_) | Kind::Set(_) | Kind::ByteArray(_) => {
            return type_error(format!("unhashable type: '{}'", types::type_name(object)))
        }
        // Equal bound methods (same function, same receiver) hash alike.
        Kind::BoundMethod { function, receiver } => {
            ((Gc::as_ptr(function) as usize >> 4)
                ^ (Gc::as_ptr(receiver) as usize >> 4).rotate_left(16)) as i64
        }
        Kind::Instance(_) | Kind::Extended(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(method) = types::class_lookup(&instance.class, "__hash__") {
                if matches!(method.kind, Kind::None) {
                    return type_error(format!("unhashable type: '{}'", types::type_name(object)));
                }
                let result = call(&bind(&method, object, &instance.class), vec![], vec![])?;
                return match &result.kind {
                    Kind::Int(i) => Ok(int_value_hash(i)),
                    Kind::Bool(b) => Ok(*b as i64),
                    _ => type_error("__hash__ method should return an integer"),
                };
            }
            if types::class_lookup(&instance.class, "__eq__").is_some() {
                return type_error(format!("unhashable type: '{}'", types::type_name(object)));
            }
            if let Some(base) = &builtin_base(object) {
                if matches!(base.kind, Kind::List(_) | Kind::Dict(_) | Kind::Set(_)) {
                    return type_error(format!("unhashable type: '{}'", types::type_name(object)));
                }
                return hash(base);
            }
            (Gc::as_ptr(object) as usize >> 4) as i64
        }
        _ => (Gc::as_ptr(object) as usize >> 4) as i64,
    })
}

/// Comparison operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    fn dunder(self) -> &'static str {
        match self {
            CompareOp::Eq => "__eq__",
            CompareOp::Ne => "__ne__",
            CompareOp::Lt => "__lt__",
            CompareOp::Le => "__le__",
            CompareOp::Gt => "__gt__",
            CompareOp::Ge => "__ge__",
        }
    }

    fn swapped(self) -> CompareOp {
        match self {
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    fn holds(self, ordering: Ordering) -> bool {
        match self {
            CompareOp::Eq => ordering == Ordering::Equal,
            CompareOp::Ne => ordering != Ordering::Equal,
            CompareOp::Lt => ordering == Ordering::Less,
            CompareOp::Le => ordering != Ordering::Greater,
            CompareOp::Gt => ordering == Ordering::Greater,
            CompareOp::Ge => ordering != Ordering::Less,
        }
    }
}

/// A number as a comparable/arithmetic value.
enum Num {
    Int(BigInt),
    Float(f64),
}

fn as_number(object: &PyRef) -> Option<Num> {
    match &object.kind {
        Kind::Bool(b) => Some(Num::Int(BigInt::from(*b as i64))),
        Kind::Int(i) => Some(Num::Int(i.to_big())),
        Kind::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

fn int_to_f64(value: &BigInt) -> Res<f64> {
    match value.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => raise(ExcKind::OverflowError, "int too large to convert to float"),
    }
}

fn compare_numbers(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Int(x), Num::Float(y)) => compare_int_float(x, *y),
        (Num::Float(x), Num::Int(y)) => compare_int_float(y, *x).map(Ordering::reverse),
    }
}

fn compare_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let floor = f.floor();
    let floor_int = BigInt::from_f64_exact(floor)?;
    match i.cmp(&floor_int) {
        Ordering::Equal => Some(if f > floor { Ordering::Less } else { Ordering::Equal }),
        other => Some(other),
    }
}

fn compare_sequences(a: &[PyRef], b: &[PyRef], op: CompareOp) -> Res<bool> {
    // Containers that contain themselves compare recursively: bounded like Python calls.
    crate::object::recursion::check_recursion_in("comparison")?;
    let result = compare_sequences_unguarded(a, b, op);
    crate::object::recursion::leave_recursion();
    result
}

fn compare_sequences_unguarded(a: &[PyRef], b: &[PyRef], op: CompareOp) -> Res<bool> {
    for (x, y) in a.iter().zip(b.iter()) {
        if !eq(x, y)? {
            return match op {
                CompareOp::Eq => Ok(false),
                CompareOp::Ne => Ok(true),
                _ => truthy(&compare(x, y, op)?),
            };
        }
    }
    Ok(op.holds(a.len().cmp(&b.len())))
}

fn builtin_compare(a: &PyRef, b: &PyRef, op: CompareOp) -> Res<Option<bool>> {
    if let (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) = (&a.kind, &b.kind) {
        return Ok(Some(op.holds(x.cmp(y))));
    }
    // Subclasses of built-in types compare as their values.
    if let (Some(_), _) | (_, Some(_)) = (builtin_base(a), builtin_base(b)) {
        let a = builtin_base(a).unwrap_or_else(|| a.clone());
        let b = builtin_base(b).unwrap_or_else(|| b.clone());
        return builtin_compare(&a, &b, op);
    }
    if let (Some(x), Some(y)) = (bytes_like(a), bytes_like(b)) {
        return Ok(Some(op.holds(x.cmp(&y))));
    }
    if let Some(equal) = crate::types::complex::eq(a, b) {
        return Ok(match op {
            CompareOp::Eq => Some(equal),
            CompareOp::Ne => Some(!equal),
            _ => None,
        });
    }
    if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
        return Ok(Some(match compare_numbers(&x, &y) {
            Some(ordering) => op.holds(ordering),
            None => op == CompareOp::Ne,
        }));
    }
    Ok(match (&a.kind, &b.kind) {
        (Kind::Str(x), Kind::Str(y)) => Some(op.holds(x.cmp(y))),
        (Kind::Bytes(x), Kind::Bytes(y)) => Some(op.holds(x.cmp(y))),
        (Kind::List(x), Kind::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            Some(compare_sequences(&x, &y, op)?)
        }
        (Kind::Tuple(x), Kind::Tuple(y)) => Some(compare_sequences(x, y, op)?),
        (Kind::Dict(x), Kind::Dict(y)) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            crate::object::recursion::check_recursion_in("comparison")?;
            let result = dict_equal(a, b, x, y);
            crate::object::recursion::leave_recursion();
            Some(result? == (op == CompareOp::Eq))
        }
        (Kind::Dict(_), Kind::Dict(_)) => None,
        (Kind::Set(_) | Kind::FrozenSet(_), Kind::Set(_) | Kind::FrozenSet(_)) => {
            let xs = set_keys(a);
            let ys = set_keys(b);
            let a_in_b = all_in(&xs, b)?;
            let b_in_a = all_in(&ys, a)?;
            Some(match op {
                CompareOp::Eq => a_in_b && b_in_a,
                CompareOp::Ne => !(a_in_b && b_in_a),
                CompareOp::Le => a_in_b,
                CompareOp::Lt => a_in_b && !b_in_a,
                CompareOp::Ge => b_in_a,
                CompareOp::Gt => b_in_a && !a_in_b,
            })
        }
        (
            Kind::BoundMethod { function: f1, receiver: r1 },
            Kind::BoundMethod { function: f2, receiver: r2 },
        ) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            let same = Gc::ptr_eq(f1, f2) && Gc::ptr_eq(r1, r2);
            Some(same == (op == CompareOp::Eq))
        }
        (Kind::Range { .. }, Kind::Range { .. }) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            let (x, y) = (to_vec(a)?, to_vec(b)?);
            Some(compare_sequences(&x, &y, op)?)
        }
        _ => None,
    })
}

fn dict_equal(
    a: &PyRef,
    b: &PyRef,
    x: &std::cell::RefCell<Dict>,
    y: &std::cell::RefCell<Dict>,
) -> Res<bool> {
    let _ = (a, y);
    let (xs, ys) = (x.borrow().items(), y.borrow().len());
    if xs.len() != ys {
        return Ok(false);
    }
    for (k, v) in &xs {
        match dict_get(b, k)? {
            Some(other) if eq(v, &other)? => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

fn set_keys(object: &PyRef) -> Vec<PyRef> {
    match &object.kind {
        Kind::Set(d) => d.borrow().keys(),
        Kind::FrozenSet(d) => d.keys(),
        _ => vec![],
    }
}

fn all_in(items: &[PyRef], container: &PyRef) -> Res<bool> {
    for item in items {
        if !contains(container, item)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The content of a `bytes` or `bytearray` object.
pub fn bytes_like(object: &PyRef) -> Option<Vec<u8>> {
    match &object.kind {
        Kind::Bytes(b) => Some(b.to_vec()),
        Kind::ByteArray(b) => Some(b.borrow().clone()),
        _ => None,
    }
}

/// Rich comparison (`a < b` etc.), returning the operator's result object.
pub fn compare(a: &PyRef, b: &PyRef, op: CompareOp) -> Res<PyRef> {
    // Python-level methods first, with the reflected one of the right operand.
    let a_is_instance = matches!(a.kind, Kind::Instance(_) | Kind::Extended(_));
    let b_is_instance = matches!(b.kind, Kind::Instance(_) | Kind::Extended(_));
    if a_is_instance || b_is_instance {
        if a_is_instance {
            if let Some(result) = call_special(a, op.dunder(), vec![b.clone()])? {
                if !matches!(result.kind, Kind::NotImplemented) {
                    return Ok(result);
                }
            }
        }
        if b_is_instance {
            if let Some(result) = call_special(b, op.swapped().dunder(), vec![a.clone()])? {
                if !matches!(result.kind, Kind::NotImplemented) {
                    return Ok(result);
                }
            }
        }
        if op == CompareOp::Ne {
            if let Some(result) = call_special(a, "__eq__", vec![b.clone()])? {
                if !matches!(result.kind, Kind::NotImplemented) {
                    return Ok(rt::boolean(!truthy(&result)?));
                }
            }
        }
    }
    if let Some(result) = builtin_compare(a, b, op)? {
        return Ok(rt::boolean(result));
    }
    match op {
        CompareOp::Eq => Ok(rt::boolean(Gc::ptr_eq(a, b))),
        CompareOp::Ne => Ok(rt::boolean(!Gc::ptr_eq(a, b))),
        _ => type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            types::type_name(a),
            types::type_name(b)
        )),
    }
}

/// `a == b` as a bool (identity first, as containers do).
pub fn eq(a: &PyRef, b: &PyRef) -> Res<bool> {
    if Gc::ptr_eq(a, b) {
        return Ok(true);
    }
    if let Some(result) = fast_eq(a, b) {
        return Ok(result);
    }
    truthy(&compare(a, b, CompareOp::Eq)?)
}

/// Equality of built-in atomic values, without running Python code.
fn fast_eq(a: &PyRef, b: &PyRef) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => Some(x == y),
        (Kind::Str(x), Kind::Str(y)) => Some(x == y),
        (Kind::Str(_), k) | (k, Kind::Str(_))
            if !matches!(k, Kind::Instance(_) | Kind::Extended(_)) =>
        {
            Some(false)
        }
        (Kind::Complex(..), _) | (_, Kind::Complex(..)) => crate::types::complex::eq(a, b),
        _ => {
            let (x, y) = (as_number(a)?, as_number(b)?);
            Some(compare_numbers(&x, &y) == Some(Ordering::Equal))
        }
    }
}

/// Total order for `sorted`/`min`/`max` (`<` only).
pub fn less_than(a: &PyRef, b: &PyRef) -> Res<bool> {
    truthy(&compare(a, b, CompareOp::Lt)?)
}

// ---- dict and set storage with Python equality ----------------------------------------------

fn dict_cell(object: &PyRef) -> Option<&std::cell::RefCell<Dict>> {
    match &object.kind {
        Kind::Dict(d) | Kind::Set(d) => Some(d),
        _ => None,
    }
}

/// Finds `key`'s slot in a dict/set object, comparing with Python equality.
fn dict_find(object: &PyRef, key: &PyRef, hash: i64) -> Res<Option<usize>> {
    let read = |f: &dyn Fn(&Dict) -> Option<usize>| -> Option<usize> {
        match &object.kind {
            Kind::Dict(d) | Kind::Set(d) => f(&d.borrow()),
            Kind::FrozenSet(d) => f(d),
            _ => None,
        }
    };
    if let Some(slot) =
        read(&|d| d.find(hash, |k| Gc::ptr_eq(k, key) || fast_eq(k, key) == Some(true)))
    {
        return Ok(Some(slot));
    }
    let candidates = match &object.kind {
        Kind::Dict(d) | Kind::Set(d) => d.borrow().candidates(hash),
        Kind::FrozenSet(d) => d.candidates(hash),
        _ => Vec::new(),
    };
    for (slot, candidate) in candidates {
        if fast_eq(&candidate, key).is_some() {
            continue; // already decided above
        }
        if eq(&candidate, key)?
            && read(&|d| d.slot_holds(slot, &candidate).then_some(slot)).is_some()
        {
            return Ok(Some(slot));
        }
    }
    Ok(None)
}

/// `d[key]` for a dict object, or `None` when absent.
pub fn dict_get(object: &PyRef, key: &PyRef) -> Res<Option<PyRef>> {
    let hash = hash(key)?;
    Ok(match dict_find(object, key, hash)? {
        Some(slot) => match &object.kind {
            Kind::Dict(d) | Kind::Set(d) => d.borrow().value_at(slot),
            Kind::FrozenSet(d) => d.value_at(slot),
            _ => None,
        },
        None => None,
    })
}

/// `d[key] = value`.
pub fn dict_set(object: &PyRef, key: PyRef, value: PyRef) -> Res<()> {
    let hash = hash(&key)?;
    let slot = dict_find(object, &key, hash)?;
    let Some(cell) = dict_cell(object) else {
        return type_error("object does not support item assignment");
    };
    let old = match slot {
        Some(slot) => cell.borrow_mut().replace_value(slot, value),
        None => {
            cell.borrow_mut().push(hash, key, value);
            None
        }
    };
    drop(old);
    Ok(())
}

/// `del d[key]`; returns the removed value, `None` if absent.
pub fn dict_remove(object: &PyRef, key: &PyRef) -> Res<Option<PyRef>> {
    let hash = hash(key)?;
    let Some(slot) = dict_find(object, key, hash)? else { return Ok(None) };
    let Some(cell) = dict_cell(object) else { return Ok(None) };
    let entry = cell.borrow_mut().remove_at(slot);
    Ok(entry.map(|e| e.value))
}

/// A new dict object from pairs.
pub fn dict_from(pairs: Vec<(PyRef, PyRef)>) -> Res<PyRef> {
    let object = rt::new_dict();
    for (k, v) in pairs {
        dict_set(&object, k, v)?;
    }
    Ok(object)
}

/// A new set object from items.
pub fn set_from(items: Vec<PyRef>) -> Res<PyRef> {
    let object = alloc(Kind::set(Dict::new()));
    for item in items {
        dict_set(&object, item, rt::none())?;
    }
    Ok(object)
}

// ---- arithmetic ---------------------------------------------------------------------------

/// Binary operators.
/// The stem of the operator's special methods (`add` for `__add__`, `__radd__`, `__iadd__`).
fn dunder_stem(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mult => "mul",
        BinOp::MatMult => "matmul",
        BinOp::Div => "truediv",
        BinOp::FloorDiv => "floordiv",
        BinOp::Mod => "mod",
        BinOp::Pow => "pow",
        BinOp::LShift => "lshift",
        BinOp::RShift => "rshift",
        BinOp::BitAnd => "and",
        BinOp::BitOr => "or",
        BinOp::BitXor => "xor",
    }
}

fn floor_div_int(a: &BigInt, b: &BigInt) -> BigInt {
    num_integer::Integer::div_floor(a, b)
}

fn mod_int(a: &BigInt, b: &BigInt) -> BigInt {
    num_integer::Integer::mod_floor(a, b)
}

fn float_mod(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else {
        r
    }
}

fn zero_division<T>(message: &str) -> Res<T> {
    raise(ExcKind::ZeroDivisionError, message)
}

fn numeric_op(op: BinOp, a: Num, b: Num) -> Res<Option<PyRef>> {
    use BinOp::*;
    Ok(Some(match (a, b) {
        (Num::Int(x), Num::Int(y)) => match op {
            Add => rt::int(x + y),
            Sub => rt::int(x - y),
            Mult => rt::int(x * y),
            Div => {
                if y.is_zero() {
                    return zero_division("division by zero");
                }
                rt::float(true_divide_ints(&x, &y)?)
            }
            FloorDiv => {
                if y.is_zero() {
                    return zero_division("integer division or modulo by zero");
                }
                rt::int(floor_div_int(&x, &y))
            }
            Mod => {
                if y.is_zero() {
                    return zero_division("integer division or modulo by zero");
                }
                rt::int(mod_int(&x, &y))
            }
            Pow => {
                if y.is_negative() {
                    let base = int_to_f64(&x)?;
                    if base == 0.0 {
                        return zero_division("0.0 cannot be raised to a negative power");
                    }
                    rt::float(base.powf(int_to_f64(&y)?))
                } else {
                    let Some(exponent) = y.to_u32() else {
                        return raise(ExcKind::OverflowError, "exponent too large");
                    };
                    rt::int(num_traits::Pow::pow(&x, exponent))
                }
            }
            LShift => {
                if y.is_negative() {
                    return value_error_shift();
                }
                let Some(shift) = y.to_usize() else {
                    return raise(ExcKind::OverflowError, "shift too large");
                };
                rt::int(x << shift)
            }
            RShift => {
                if y.is_negative() {
                    return value_error_shift();
                }
                let shift = y.to_usize().unwrap_or(usize::MAX / 2);
                rt::int(x >> shift.min(1 << 20))
            }
            BitAnd => rt::int(x & y),
            BitOr => rt::int(x | y),
            BitXor => rt::int(x ^ y),
            MatMult => return Ok(None),
        },
        (a, b) => {
            let x = match a {
                Num::Int(i) => int_to_f64(&i)?,
                Num::Float(f) => f,
            };
            let y = match b {
                Num::Int(i) => int_to_f64(&i)?,
                Num::Float(f) => f,
            };
            match op {
                Add => rt::float(x + y),
                Sub => rt::float(x - y),
                Mult => rt::float(x * y),
                Div => {
                    if y == 0.0 {
                        return zero_division("float division by zero");
                    }
                    rt::float(x / y)
                }
                FloorDiv => {
                    if y == 0.0 {
                        return zero_division("float floor division by zero");
                    }
                    rt::float((x / y).floor())
                }
                Mod => {
                    if y == 0.0 {
                        return zero_division("float modulo");
                    }
                    rt::float(float_mod(x, y))
                }
                Pow => {
                    if x == 0.0 && y < 0.0 {
                        return zero_division("0.0 cannot be raised to a negative power");
                    }
                    let result = x.powf(y);
                    if result.is_infinite() && x.is_finite() && y.is_finite() {
                        return raise(
                            ExcKind::OverflowError,
                            "(34, 'Numerical result out of range')",
                        );
                    }
                    rt::float(result)
                }
                _ => return Ok(None),
            }
        }
    }))
}

/// `a / b` for ints, rounded once as CPython does (not via two lossy conversions).
fn true_divide_ints(a: &BigInt, b: &BigInt) -> Res<f64> {
    const EXACT: u64 = 1 << 53;
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() <= EXACT && y.unsigned_abs() <= EXACT {
            return Ok(x as f64 / y as f64);
        }
    }
    let negative = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    // Scale so the integer quotient has 64+ significant bits, then one rounding to f64.
    let shift = 64i64 - (a.bits() as i64 - b.bits() as i64);
    let quotient =
        if shift >= 0 { (&a << shift as usize) / &b } else { &a / (&b << (-shift) as usize) };
    let mantissa = quotient.to_f64().unwrap_or(f64::INFINITY);
    let exponent = -shift;
    if exponent > 2000 {
        return raise(ExcKind::OverflowError, "integer division result too large for a float");
    }
    let value = if exponent < -1100 { 0.0 } else { mantissa * 2f64.powi(exponent as i32) };
    if value.is_infinite() {
        return raise(ExcKind::OverflowError, "integer division result too large for a float");
    }
    Ok(if negative { -value } else { value })
}

fn value_error_shift<T>() -> Res<T> {
    rt::value_error("negative shift count")
}

fn repeat(items: &[PyRef], count: &crate::object::int::Int) -> Vec<PyRef> {
    let n = count.to_usize().unwrap_or(0);
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    out
}

fn sequence_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<Option<PyRef>> {
    Ok(match (op, &a.kind, &b.kind) {
        (BinOp::Add, Kind::Str(x), Kind::Str(y)) => Some(rt::str(format!("{x}{y}"))),
        (BinOp::Add, Kind::List(x), Kind::List(y)) => {
            let mut items = x.borrow().clone();
            items.extend(y.borrow().iter().cloned());
            Some(rt::list(items))
        }
        (BinOp::Add, Kind::Tuple(x), Kind::Tuple(y)) => {
            let mut items = x.to_vec();
            items.extend(y.iter().cloned());
            Some(rt::tuple(items))
        }
        (BinOp::Add, Kind::Bytes(x), Kind::Bytes(y)) => {
            let mut bytes = x.to_vec();
            bytes.extend_from_slice(y);
            Some(alloc(Kind::Bytes(bytes.into())))
        }
        (BinOp::Add, Kind::ByteArray(_), _) | (BinOp::Add, Kind::Bytes(_), Kind::ByteArray(_)) => {
            match (bytes_like(a), bytes_like(b)) {
                (Some(mut x), Some(y)) => {
                    x.extend_from_slice(&y);
                    Some(if matches!(a.kind, Kind::ByteArray(_)) {
                        alloc(Kind::byte_array(x))
                    } else {
                        alloc(Kind::Bytes(x.into()))
                    })
                }
                _ => None,
            }
        }
        (BinOp::Mult, Kind::Str(s), Kind::Int(n)) | (BinOp::Mult, Kind::Int(n), Kind::Str(s)) => {
            Some(rt::str(s.repeat(n.to_usize().unwrap_or(0))))
        }
        (BinOp::Mult, Kind::List(items), Kind::Int(n))
        | (BinOp::Mult, Kind::Int(n), Kind::List(items)) => {
            let items = items.borrow().clone();
            Some(rt::list(repeat(&items, n)))
        }
        (BinOp::Mult, Kind::Tuple(items), Kind::Int(n))
        | (BinOp::Mult, Kind::Int(n), Kind::Tuple(items)) => Some(rt::tuple(repeat(items, n))),
        (BinOp::Mod, Kind::Str(format), _) => {
            Some(rt::str(crate::types::format::percent_format(format, b)?))
        }
        (BinOp::BitOr, Kind::Dict(_), Kind::Dict(y)) => {
            let merged = copy_container(a)?;
            for (k, v) in y.borrow().items() {
                dict_set(&merged, k, v)?;
            }
            Some(merged)
        }
        (
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
            Kind::Set(_) | Kind::FrozenSet(_),
            Kind::Set(_) | Kind::FrozenSet(_),
        ) => {
            let (xs, ys) = (set_keys(a), set_keys(b));
            let mut out = Vec::new();
            match op {
                BinOp::BitOr => {
                    out.extend(xs);
                    out.extend(ys);
                }
                BinOp::BitAnd => {
                    for x in xs {
                        if contains(b, &x)? {
                            out.push(x);
                        }
                    }
                }
                BinOp::Sub => {
                    for x in xs {
                        if !contains(b, &x)? {
                            out.push(x);
                        }
                    }
                }
                _ => {
                    for x in &xs {
                        if !contains(b, x)? {
                            out.push(x.clone());
                        }
                    }
                    for y in ys {
                        if !contains(a, &y)? {
                            out.push(y);
                        }
                    }
                }
            }
            let result = set_from(out)?;
            if matches!(a.kind, Kind::FrozenSet(_)) {
                Some(freeze_set(&result))
            } else {
                Some(result)
            }
        }
        _ => None,
    })
}

/// A frozenset with the content of a set object.
pub fn freeze_set(set: &PyRef) -> PyRef {
    match &set.kind {
        Kind::Set(d) => alloc(Kind::FrozenSet(d.borrow().copy())),
        _ => set.clone(),
    }
}

/// A shallow copy of a list/dict/set object.
pub fn copy_container(object: &PyRef) -> Res<PyRef> {
    Ok(match &object.kind {
        Kind::List(items) => rt::list(items.borrow().clone()),
        Kind::Dict(d) => alloc(Kind::dict(d.borrow().copy())),
        Kind::Set(d) => alloc(Kind::set(d.borrow().copy())),
        _ => object.clone(),
    })
}

/// `a <op> b`.
pub fn binary_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<PyRef> {
    crate::object::check_alive(a)?;
    crate::object::check_alive(b)?;
    if let (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) = (&a.kind, &b.kind) {
        if let Some(result) = crate::object::int::small_binary(op, *x, *y) {
            return Ok(rt::int(result));
        }
    }
    if matches!(a.kind, Kind::Instance(_) | Kind::Extended(_)) {
        if let Some(result) = call_special(a, &format!("__{}__", dunder_stem(op)), vec![b.clone()])?
        {
            if !matches!(result.kind, Kind::NotImplemented) {
                return Ok(result);
            }
        }
    }
    if matches!(b.kind, Kind::Instance(_) | Kind::Extended(_)) {
        if let Some(result) =
            call_special(b, &format!("__r{}__", dunder_stem(op)), vec![a.clone()])?
        {
            if !matches!(result.kind, Kind::NotImplemented) {
                return Ok(result);
            }
        }
    }
    // Subclasses of built-in types: the operation of their values (`F(2.0) + 1.0`).
    if let (Some(_), _) | (_, Some(_)) = (builtin_base(a), builtin_base(b)) {
        let x = builtin_base(a).unwrap_or_else(|| a.clone());
        let y = builtin_base(b).unwrap_or_else(|| b.clone());
        return binary_op(op, &x, &y).map_err(|e| {
            if rt::is_exception(&e.value, ExcKind::TypeError) {
                ExcInfo::new(rt::exception(
                    ExcKind::TypeError,
                    format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        op.as_str(),
                        types::type_name(a),
                        types::type_name(b)
                    ),
                ))
            } else {
                e
            }
        });
    }
    if let (Kind::Bool(x), Kind::Bool(y)) = (&a.kind, &b.kind) {
        match op {
            BinOp::BitAnd => return Ok(rt::boolean(*x & *y)),
            BinOp::BitOr => return Ok(rt::boolean(*x | *y)),
            BinOp::BitXor => return Ok(rt::boolean(*x ^ *y)),
            _ => {}
        }
    }
    if let Some(result) = crate::types::complex::binary_op(op, a, b)? {
        return Ok(result);
    }
    if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
        if let Some(result) = numeric_op(op, x, y)? {
            return Ok(result);
        }
    }
    if let Some(result) = sequence_op(op, a, b)? {
        return Ok(result);
    }
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.as_str(),
        types::type_name(a),
        types::type_name(b)
    ))
}

/// `a <op>= b`: in place for lists (`+=` extends) and instances defining `__i<op>__`.
pub fn inplace_op(op: BinOp, a: &PyRef, b: &PyRef) -> Res<PyRef> {
    if matches!(a.kind, Kind::Instance(_) | Kind::Extended(_)) {
        if let Some(result) =
            call_special(a, &format!("__i{}__", dunder_stem(op)), vec![b.clone()])?
        {
            if !matches!(result.kind, Kind::NotImplemented) {
                return Ok(result);
            }
        }
    }
    // A mutable built-in value changes in place; the result is the subclass instance.
    if let Some(base) = builtin_base(a) {
        if matches!(base.kind, Kind::List(_) | Kind::Dict(_) | Kind::Set(_)) {
            let result = inplace_op(op, &base, b)?;
            return Ok(if Gc::ptr_eq(&result, &base) { a.clone() } else { result });
        }
    }
    if let (BinOp::Add, Kind::ByteArray(bytes)) = (op, &a.kind) {
        let extra = match bytes_like(b) {
            Some(extra) => extra,
            None => {
                return type_error(format!("can't concat {} to bytearray", types::type_name(b)))
            }
        };
        bytes.borrow_mut().extend(extra);
        return Ok(a.clone());
    }
    if let (BinOp::Add, Kind::List(items)) = (op, &a.kind) {
        let extra = to_vec(b)?;
        items.borrow_mut().extend(extra);
        return Ok(a.clone());
    }
    if let (BinOp::Mult, Kind::List(items), Some(count)) = (op, &a.kind, to_bigint(b)) {
        let current = items.borrow().clone();
        let repeated = repeat(&current, &crate::object::int::Int::from_big(count));
        let old = std::mem::replace(&mut *items.borrow_mut(), repeated.into());
        drop(old);
        return Ok(a.clone());
    }
    if let (
        BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
        Kind::Set(cell),
        Kind::Set(_) | Kind::FrozenSet(_),
    ) = (op, &a.kind, &b.kind)
    {
        // Compute the result, then move its content into `a`: aliases see the change.
        let result = binary_op(op, a, b)?;
        if let Kind::Set(new) = &result.kind {
            let content = std::mem::take(&mut *new.borrow_mut());
            let old = std::mem::replace(&mut *cell.borrow_mut(), content);
            drop(old);
        }
        return Ok(a.clone());
    }
    if let (BinOp::BitOr, Kind::Dict(_)) = (op, &a.kind) {
        if let Kind::Dict(y) = &b.kind {
            for (k, v) in y.borrow().items() {
                dict_set(a, k, v)?;
            }
            return Ok(a.clone());
        }
    }
    binary_op(op, a, b)
}

/// Unary operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

pub fn unary_op(op: UnaryOp, a: &PyRef) -> Res<PyRef> {
    if op == UnaryOp::Not {
        return Ok(rt::boolean(!truthy(a)?));
    }
    let dunder = match op {
        UnaryOp::Neg => "__neg__",
        UnaryOp::Pos => "__pos__",
        UnaryOp::Invert => "__invert__",
        UnaryOp::Not => unreachable!(),
    };
    if let Some(result) = call_special(a, dunder, vec![])? {
        return Ok(result);
    }
    if let Some(base) = builtin_base(a) {
        return unary_op(op, &base);
    }
    match (op, as_number(a)) {
        (UnaryOp::Neg, Some(Num::Int(i))) => Ok(rt::int(-i)),
        (UnaryOp::Neg, Some(Num::Float(f))) => Ok(rt::float(-f)),
        (UnaryOp::Pos, Some(Num::Int(i))) => Ok(rt::int(i)),
        (UnaryOp::Pos, Some(Num::Float(f))) => Ok(rt::float(f)),
        (UnaryOp::Invert, Some(Num::Int(i))) => Ok(rt::int(!i)),
        (UnaryOp::Neg, None) if matches!(a.kind, Kind::Complex(..)) => {
            let Kind::Complex(re, im) = a.kind else { unreachable!() };
            Ok(crate::types::complex::new(-re, -im))
        }
        (UnaryOp::Pos, None) if matches!(a.kind, Kind::Complex(..)) => Ok(a.clone()),
        _ => {
            let symbol = match op {
                UnaryOp::Neg => "unary -",
                UnaryOp::Pos => "unary +",
                _ => "unary ~",
            };
            type_error(format!("bad operand type for {symbol}: '{}'", types::type_name(a)))
        }
    }
}

// ---- conversions ------------------------------------------------------------------------

/// An index argument (`int` or `bool`), as i64.
pub fn to_index(object: &PyRef) -> Res<i64> {
    match &object.kind {
        Kind::Int(i) => i.to_i64().map_or_else(
            || raise(ExcKind::IndexError, "cannot fit 'int' into an index-sized integer"),
            Ok,
        ),
        Kind::Bool(b) => Ok(*b as i64),
        _ => {
            if let Some(result) = call_special(object, "__index__", vec![])? {
                return to_index(&result);
            }
            if let Some(base) = builtin_base(object).filter(|b| to_bigint(b).is_some()) {
                return to_index(&base);
            }
            type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                types::type_name(object)
            ))
        }
    }
}

pub fn to_bigint(object: &PyRef) -> Option<BigInt> {
    match &object.kind {
        Kind::Int(i) => Some(i.to_big()),
        Kind::Bool(b) => Some(BigInt::from(*b as i64)),
        Kind::Instance(_) | Kind::Extended(_) => to_bigint(&builtin_base(object)?),
        _ => None,
    }
}

pub fn to_f64(object: &PyRef) -> Res<f64> {
    match &object.kind {
        Kind::Float(f) => Ok(*f),
        Kind::Int(i) => int_to_f64(&i.as_big()),
        Kind::Bool(b) => Ok(*b as i64 as f64),
        Kind::Instance(_) | Kind::Extended(_)
            if builtin_base(object).is_some_and(|b| as_number(&b).is_some()) =>
        {
            to_f64(&builtin_base(object).expect("checked"))
        }
        _ => type_error(format!("must be real number, not {}", types::type_name(object))),
    }
}

// ---- containers: len, items, membership, iteration -------------------------------------------

fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() {
        if start < stop {
            (stop - start - 1) / step + 1
        } else {
            BigInt::zero()
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        BigInt::zero()
    }
}

/// `len(x)`.
pub fn len(object: &PyRef) -> Res<usize> {
    crate::object::check_alive(object)?;
    Ok(match &object.kind {
        Kind::Str(s) => s.chars().count(),
        Kind::Bytes(b) => b.len(),
        Kind::ByteArray(b) => b.borrow().len(),
        Kind::List(items) => items.borrow().len(),
        Kind::Tuple(items) => items.len(),
        Kind::Dict(d) | Kind::Set(d) => d.borrow().len(),
        Kind::FrozenSet(d) => d.len(),
        Kind::Range(range) => {
            range_len(&range.start, &range.stop, &range.step).to_usize().unwrap_or(usize::MAX)
        }
        Kind::Instance(_) | Kind::Extended(_) => match call_special(object, "__len__", vec![])? {
            Some(result) => {
                let n = to_index(&result)?;
                if n < 0 {
                    return rt::value_error("__len__() should return >= 0");
                }
                n as usize
            }
            None if builtin_base(object).is_some() => {
                return len(&builtin_base(object).expect("checked"))
            }
            None => {
                return type_error(format!(
                    "object of type '{}' has no len()",
                    types::type_name(object)
                ))
            }
        },
        _ => {
            return type_error(format!(
                "object of type '{}' has no len()",
                types::type_name(object)
            ))
        }
    })
}

fn normalize_index(index: i64, length: usize) -> Option<usize> {
    let length = length as i64;
    let index = if index < 0 { index + length } else { index };
    (0..length).contains(&index).then_some(index as usize)
}

/// Resolves a slice against a length: (start, stop, step) as Python's `slice.indices`.
pub fn slice_indices(slice: &PyRef, length: usize) -> Res<(i64, i64, i64)> {
    let Kind::Slice(bounds) = &slice.kind else { return type_error("not a slice") };
    let crate::object::Slice { start, stop, step } = &**bounds;
    let length = length as i64;
    let step = if matches!(step.kind, Kind::None) { 1 } else { to_index(step)? };
    if step == 0 {
        return rt::value_error("slice step cannot be zero");
    }
    let clamp = |value: &PyRef, default: i64| -> Res<i64> {
        if matches!(value.kind, Kind::None) {
            return Ok(default);
        }
        let mut v = to_index(value)?;
        if v < 0 {
            v += length;
            if v < 0 {
                v = if step < 0 { -1 } else { 0 };
            }
        } else if v >= length {
            v = if step < 0 { length - 1 } else { length };
        }
        Ok(v)
    };
    let (default_start, default_stop) = if step < 0 { (length - 1, -1) } else { (0, length) };
    Ok((clamp(start, default_start)?, clamp(stop, default_stop)?, step))
}

fn slice_positions(slice: &PyRef, length: usize) -> Res<Vec<usize>> {
    let (start, stop, step) = slice_indices(slice, length)?;
    let mut positions = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        positions.push(i as usize);
        i += step;
    }
    Ok(positions)
}

/// `x[key]`.
pub fn getitem(object: &PyRef, key: &PyRef) -> Res<PyRef> {
    crate::object::check_alive(object)?;
    let index_error =
        |what: &str| raise::<PyRef>(ExcKind::IndexError, format!("{what} index out of range"));
    match &object.kind {
        Kind::List(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let items = items.borrow();
                let picked = slice_positions(key, items.len())?
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect::<Vec<_>>();
                return Ok(rt::list(picked));
            }
            let items = items.borrow();
            match normalize_index(to_index_for(key, "list")?, items.len()) {
                Some(i) => Ok(items[i].clone()),
                None => index_error("list"),
            }
        }
        Kind::Tuple(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let picked = slice_positions(key, items.len())?
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect();
                return Ok(rt::tuple(picked));
            }
            match normalize_index(to_index_for(key, "tuple")?, items.len()) {
                Some(i) => Ok(items[i].clone()),
                None => index_error("tuple"),
            }
        }
        Kind::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            if matches!(key.kind, Kind::Slice(_)) {
                let picked: String =
                    slice_positions(key, chars.len())?.into_iter().map(|i| chars[i]).collect();
                return Ok(rt::str(picked));
            }
            match normalize_index(to_index_for(key, "string")?, chars.len()) {
                Some(i) => Ok(rt::str(chars[i].to_string())),
                None => index_error("string"),
            }
        }
        Kind::Bytes(b) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let picked: Vec<u8> =
                    slice_positions(key, b.len())?.into_iter().map(|i| b[i]).collect();
                return Ok(alloc(Kind::Bytes(picked.into())));
            }
            match normalize_index(to_index(key)?, b.len()) {
                Some(i) => Ok(rt::int(b[i] as i64)),
                None => index_error("index"),
            }
        }
        Kind::Range(range) => {
            let (start, step) = (&range.start, &range.step);
            let length = len(object)?;
            if matches!(key.kind, Kind::Slice(_)) {
                let items: Vec<PyRef> = slice_positions(key, length)?
                    .into_iter()
                    .map(|i| rt::int(start + step * BigInt::from(i)))
                    .collect();
                return Ok(rt::list(items));
            }
            match normalize_index(to_index(key)?, length) {
                Some(i) => Ok(rt::int(start + step * BigInt::from(i))),
                None => raise(ExcKind::IndexError, "range object index out of range"),
            }
        }
        Kind::Dict(_) => match dict_get(object, key)? {
            Some(value) => Ok(value),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::KeyError),
                vec![key.clone()],
            ))),
        },
        Kind::ByteArray(b) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let b = b.borrow();
                let picked: Vec<u8> =
                    slice_positions(key, b.len())?.into_iter().map(|i| b[i]).collect();
                return Ok(alloc(Kind::byte_array(picked)));
            }
            let b = b.borrow();
            match normalize_index(to_index(key)?, b.len()) {
                Some(i) => Ok(rt::int(b[i] as i64)),
                None => raise(ExcKind::IndexError, "bytearray index out of range"),
            }
        }
        Kind::Instance(_) | Kind::Extended(_) => {
            match call_special(object, "__getitem__", vec![key.clone()])? {
                Some(result) => Ok(result),
                None if builtin_base(object).is_some() => {
                    let base = builtin_base(object).expect("checked");
                    // `dict.__getitem__` asks a subclass's `__missing__` for an absent key.
                    if let Kind::Dict(_) = &base.kind {
                        if let Some(value) = dict_get(&base, key)? {
                            return Ok(value);
                        }
                        if let Some(result) =
                            call_special(object, "__missing__", vec![key.clone()])?
                        {
                            return Ok(result);
                        }
                    }
                    getitem(&base, key)
                }
                None => type_error(format!(
                    "'{}' object is not subscriptable",
                    types::type_name(object)
                )),
            }
        }
        Kind::Class(_) => Ok(object.clone()), // `list[int]` and friends: generic aliases, ignored
        _ => type_error(format!("'{}' object is not subscriptable", types::type_name(object))),
    }
}

fn to_index_for(key: &PyRef, what: &str) -> Res<i64> {
    match &key.kind {
        Kind::Int(_) | Kind::Bool(_) | Kind::Instance(_) | Kind::Extended(_) => to_index(key),
        _ => type_error(format!(
            "{what} indices must be integers or slices, not {}",
            types::type_name(key)
        )),
    }
}

/// `x[key] = value`.
pub fn setitem(object: &PyRef, key: &PyRef, value: PyRef) -> Res<()> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::List(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let new_items = to_vec(&value)?;
                let length = items.borrow().len();
                let (start, stop, step) = slice_indices(key, length)?;
                if step == 1 {
                    let stop = stop.max(start);
                    let removed: Vec<PyRef> = items
                        .borrow_mut()
                        .splice(start as usize..stop as usize, new_items)
                        .collect();
                    drop(removed);
                    return Ok(());
                }
                let positions = slice_positions(key, length)?;
                if positions.len() != new_items.len() {
                    return rt::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        new_items.len(),
                        positions.len()
                    ));
                }
                let mut old = Vec::new();
                {
                    let mut items = items.borrow_mut();
                    for (position, item) in positions.into_iter().zip(new_items) {
                        old.push(std::mem::replace(&mut items[position], item));
                    }
                }
                drop(old);
                return Ok(());
            }
            let index = to_index_for(key, "list")?;
            let old = {
                let mut items = items.borrow_mut();
                match normalize_index(index, items.len()) {
                    Some(i) => std::mem::replace(&mut items[i], value),
                    None => {
                        return raise(ExcKind::IndexError, "list assignment index out of range")
                    }
                }
            };
            drop(old);
            Ok(())
        }
        Kind::Dict(_) => dict_set(object, key.clone(), value),
        Kind::ByteArray(b) => {
            let index = to_index(key)?;
            let byte = match to_index(&value)? {
                v @ 0..=255 => v as u8,
                _ => return rt::value_error("byte must be in range(0, 256)"),
            };
            let mut b = b.borrow_mut();
            match normalize_index(index, b.len()) {
                Some(i) => {
                    b[i] = byte;
                    Ok(())
                }
                None => raise(ExcKind::IndexError, "bytearray index out of range"),
            }
        }
        Kind::Instance(_) | Kind::Extended(_)
            if lookup_special(object, "__setitem__").is_none() =>
        {
            match builtin_base(object) {
                Some(base) => setitem(&base, key, value),
                None => type_error(format!(
                    "'{}' object does not support item assignment",
                    types::type_name(object)
                )),
            }
        }
        Kind::Instance(_) | Kind::Extended(_) => {
            match call_special(object, "__setitem__", vec![key.clone(), value])? {
                Some(_) => Ok(()),
                None => type_error(format!(
                    "'{}' object does not support item assignment",
                    types::type_name(object)
                )),
            }
        }
        _ => type_error(format!(
            "'{}' object does not support item assignment",
            types::type_name(object)
        )),
    }
}

/// `del x[key]`.
pub fn delitem(object: &PyRef, key: &PyRef) -> Res<()> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::List(items) => {
            if matches!(key.kind, Kind::Slice(_)) {
                let length = items.borrow().len();
                let mut positions = slice_positions(key, length)?;
                positions.sort_unstable();
                let mut removed = Vec::new();
                {
                    let mut items = items.borrow_mut();
                    for position in positions.into_iter().rev() {
                        removed.push(items.remove(position));
                    }
                }
                drop(removed);
                return Ok(());
            }
            let index = to_index_for(key, "list")?;
            let removed = {
                let mut items = items.borrow_mut();
                match normalize_index(index, items.len()) {
                    Some(i) => items.remove(i),
                    None => {
                        return raise(ExcKind::IndexError, "list assignment index out of range")
                    }
                }
            };
            drop(removed);
            Ok(())
        }
        Kind::Dict(_) => match dict_remove(object, key)? {
            Some(_) => Ok(()),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::KeyError),
                vec![key.clone()],
            ))),
        },
        Kind::Instance(_) | Kind::Extended(_) => {
            match call_special(object, "__delitem__", vec![key.clone()])? {
                Some(_) => Ok(()),
                None if builtin_base(object).is_some() => {
                    delitem(&builtin_base(object).expect("checked"), key)
                }
                None => type_error(format!(
                    "'{}' object does not support item deletion",
                    types::type_name(object)
                )),
            }
        }
        _ => type_error(format!(
            "'{}' object does not support item deletion",
            types::type_name(object)
        )),
    }
}

/// `item in container`.
pub fn contains(container: &PyRef, item: &PyRef) -> Res<bool> {
    crate::object::check_alive(container)?;
    match &container.kind {
        Kind::Str(s) => match &item.kind {
            Kind::Str(needle) => Ok(s.contains(&**needle)),
            _ => type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                types::type_name(item)
            )),
        },
        Kind::Dict(_) | Kind::Set(_) | Kind::FrozenSet(_) => {
            let hash = hash(item)?;
            Ok(dict_find(container, item, hash)?.is_some())
        }
        Kind::Bytes(_) | Kind::ByteArray(_) => {
            let haystack = bytes_like(container).expect("bytes");
            match bytes_like(item) {
                Some(needle) => Ok(needle.is_empty()
                    || haystack.windows(needle.len()).any(|w| w == needle.as_slice())),
                None => {
                    let byte = to_index(item)?;
                    if !(0..=255).contains(&byte) {
                        return rt::value_error("byte must be in range(0, 256)");
                    }
                    Ok(haystack.contains(&(byte as u8)))
                }
            }
        }
        Kind::List(items) => {
            let items = items.borrow().clone();
            for candidate in &items {
                if eq(candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Tuple(items) => {
            for candidate in items {
                if eq(candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Range(range) => Ok(match to_bigint(item) {
            Some(value) => {
                let crate::object::RangeBounds { start, stop, step } = &**range;
                let in_bounds = if step.is_positive() {
                    start <= &value && &value < stop
                } else {
                    stop < &value && &value <= start
                };
                in_bounds && mod_int(&(value - start), step).is_zero()
            }
            None => false,
        }),
        Kind::Instance(_) | Kind::Extended(_) => {
            if let Some(result) = call_special(container, "__contains__", vec![item.clone()])? {
                return truthy(&result);
            }
            if lookup_special(container, "__iter__").is_none() {
                if let Some(base) = builtin_base(container) {
                    return contains(&base, item);
                }
            }
            let iterator = iter(container)?;
            while let Some(candidate) = next(&iterator)? {
                if eq(&candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            let iterator = iter(container)?;
            while let Some(candidate) = next(&iterator)? {
                if eq(&candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn new_iterator(state: Iter) -> PyRef {
    alloc(Kind::iterator(state))
}

/// `iter(x)`.
pub fn iter(object: &PyRef) -> Res<PyRef> {
    crate::object::check_alive(object)?;
    Ok(match &object.kind {
        Kind::List(_) | Kind::Tuple(_) | Kind::Bytes(_) | Kind::ByteArray(_) => {
            new_iterator(Iter::Seq { seq: object.clone(), index: 0 })
        }
        Kind::Str(s) => new_iterator(Iter::Chars { text: s.clone(), byte_index: 0 }),
        Kind::Dict(d) | Kind::Set(d) => {
            new_iterator(Iter::Snapshot { items: d.borrow().keys(), index: 0 })
        }
        Kind::FrozenSet(d) => new_iterator(Iter::Snapshot { items: d.keys(), index: 0 }),
        Kind::Range(range) => new_iterator(Iter::Range {
            next: range.start.clone(),
            stop: range.stop.clone(),
            step: range.step.clone(),
        }),
        Kind::Iterator(_) | Kind::File(_) => object.clone(),
        Kind::Instance(_) | Kind::Extended(_) => {
            if let Some(result) = call_special(object, "__iter__", vec![])? {
                return Ok(result);
            }
            if lookup_special(object, "__getitem__").is_some() {
                return Ok(new_iterator(Iter::Seq { seq: object.clone(), index: 0 }));
            }
            if let Some(base) = builtin_base(object) {
                return iter(&base);
            }
            return type_error(format!("'{}' object is not iterable", types::type_name(object)));
        }
        _ => return type_error(format!("'{}' object is not iterable", types::type_name(object))),
    })
}

/// Advances an iterator: `Some(item)`, or `None` when exhausted (StopIteration absorbed).
pub fn next(iterator: &PyRef) -> Res<Option<PyRef>> {
    match &iterator.kind {
        Kind::Iterator(state) => {
            // Sequence iteration of an instance (`__getitem__`) and generator steps run
            // Python code, so they are driven without holding the borrow.
            let step = {
                let mut state = state.borrow_mut();
                match &mut *state {
                    Iter::Seq { seq, index } => match &seq.kind {
                        Kind::List(items) => {
                            let item = items.borrow().get(*index).cloned();
                            *index += 1;
                            return Ok(item);
                        }
                        Kind::Tuple(items) => {
                            let item = items.get(*index).cloned();
                            *index += 1;
                            return Ok(item);
                        }
                        Kind::Bytes(b) => {
                            let item = b.get(*index).map(|&byte| rt::int(byte as i64));
                            *index += 1;
                            return Ok(item);
                        }
                        Kind::ByteArray(b) => {
                            let item = b.borrow().get(*index).map(|&byte| rt::int(byte as i64));
                            *index += 1;
                            return Ok(item);
                        }
                        _ => {
                            let position = *index;
                            *index += 1;
                            Step::GetItem(seq.clone(), position)
                        }
                    },
                    Iter::Reversed { seq, index } => {
                        if *index == 0 {
                            return Ok(None);
                        }
                        *index -= 1;
                        Step::GetItem(seq.clone(), *index)
                    }
                    Iter::Range { next, stop, step } => {
                        let more = if step.is_positive() { &*next < stop } else { &*next > stop };
                        if !more {
                            return Ok(None);
                        }
                        let value = next.clone();
                        *next += &*step;
                        return Ok(Some(rt::int(value)));
                    }
                    Iter::Chars { text, byte_index } => {
                        let Some(c) = text[*byte_index..].chars().next() else { return Ok(None) };
                        *byte_index += c.len_utf8();
                        return Ok(Some(rt::str(c.to_string())));
                    }
                    Iter::Snapshot { items, index } => {
                        let item = items.get(*index).cloned();
                        *index += 1;
                        return Ok(item);
                    }
                    Iter::Enumerate { inner, .. } => Step::Enumerate(inner.clone()),
                    Iter::Zip { inners } => Step::Zip(inners.clone()),
                    Iter::Map { function, inners } => Step::Map(function.clone(), inners.clone()),
                    Iter::Filter { function, inner } => {
                        Step::Filter(function.clone(), inner.clone())
                    }
                    Iter::CallUntil { callable, sentinel } => {
                        Step::CallUntil(callable.clone(), sentinel.clone())
                    }
                    Iter::Generator(state) | Iter::Function(state) => Step::Resume(state.resume()),
                    // A generator expression asked for its next item while producing one.
                    Iter::Running => return rt::value_error("generator already executing"),
                    Iter::Exhausted => return Ok(None),
                }
            };
            match step {
                Step::GetItem(seq, position) => match getitem(&seq, &rt::int(position as i64)) {
                    Ok(item) => Ok(Some(item)),
                    Err(e)
                        if rt::is_exception(&e.value, ExcKind::IndexError)
                            || rt::is_exception(&e.value, ExcKind::StopIteration) =>
                    {
                        *state.borrow_mut() = Iter::Exhausted;
                        Ok(None)
                    }
                    Err(e) => Err(e),
                },
                Step::Enumerate(inner) => match next(&inner)? {
                    Some(item) => {
                        let count = match &mut *state.borrow_mut() {
                            Iter::Enumerate { count, .. } => {
                                let current = count.clone();
                                *count += 1;
                                current
                            }
                            _ => BigInt::zero(),
                        };
                        Ok(Some(rt::tuple(vec![rt::int(count), item])))
                    }
                    None => Ok(None),
                },
                Step::Zip(inners) => {
                    if inners.is_empty() {
                        return Ok(None);
                    }
                    let mut items = Vec::with_capacity(inners.len());
                    for inner in &inners {
                        match next(inner)? {
                            Some(item) => items.push(item),
                            None => return Ok(None),
                        }
                    }
                    Ok(Some(rt::tuple(items)))
                }
                Step::Map(function, inners) => {
                    let mut args = Vec::with_capacity(inners.len());
                    for inner in &inners {
                        match next(inner)? {
                            Some(item) => args.push(item),
                            None => return Ok(None),
                        }
                    }
                    call(&function, args, vec![]).map(Some)
                }
                Step::Filter(function, inner) => loop {
                    let Some(item) = next(&inner)? else { return Ok(None) };
                    let keep = if matches!(function.kind, Kind::None) {
                        truthy(&item)?
                    } else {
                        truthy(&call(&function, vec![item.clone()], vec![])?)?
                    };
                    if keep {
                        return Ok(Some(item));
                    }
                },
                Step::Resume(resume) => resume(iterator),
                Step::CallUntil(callable, sentinel) => {
                    let item = call(&callable, vec![], vec![])?;
                    if eq(&item, &sentinel)? {
                        *state.borrow_mut() = Iter::Exhausted;
                        return Ok(None);
                    }
                    Ok(Some(item))
                }
            }
        }
        Kind::File(_) => crate::types::file::file_next_line(iterator),
        Kind::Instance(_) | Kind::Extended(_) => match lookup_special(iterator, "__next__") {
            Some(method) => match call(&method, vec![], vec![]) {
                Ok(item) => Ok(Some(item)),
                Err(e) if rt::is_exception(&e.value, ExcKind::StopIteration) => Ok(None),
                Err(e) => Err(e),
            },
            None => {
                type_error(format!("'{}' object is not an iterator", types::type_name(iterator)))
            }
        },
        _ => type_error(format!("'{}' object is not an iterator", types::type_name(iterator))),
    }
}

enum Step {
    GetItem(PyRef, usize),
    Enumerate(PyRef),
    Zip(Vec<PyRef>),
    Map(PyRef, Vec<PyRef>),
    Filter(PyRef, PyRef),
    CallUntil(PyRef, PyRef),
    Resume(fn(&PyRef) -> Res<Option<PyRef>>),
}

/// All items of an iterable.
pub fn to_vec(object: &PyRef) -> Res<Vec<PyRef>> {
    match &object.kind {
        Kind::List(items) => Ok(items.borrow().to_vec()),
        Kind::Tuple(items) => Ok(items.to_vec()),
        _ => {
            let iterator = iter(object)?;
            let mut items = Vec::new();
            while let Some(item) = next(&iterator)? {
                items.push(item);
            }
            Ok(items)
        }
    }
}

/// Constructs the reversed iterator of a sequence.
pub fn reversed(object: &PyRef) -> Res<PyRef> {
    if let Some(result) = call_special(object, "__reversed__", vec![])? {
        return Ok(result);
    }
    if lookup_special(object, "__getitem__").is_none() {
        if let Some(base) = builtin_base(object) {
            return reversed(&base);
        }
    }
    let length = len(object)?;
    match &object.kind {
        Kind::Dict(d) => {
            let mut keys = d.borrow().keys();
            keys.reverse();
            Ok(new_iterator(Iter::Snapshot { items: keys, index: 0 }))
        }
        Kind::Set(_) => {
            type_error(format!("'{}' object is not reversible", types::type_name(object)))
        }
        _ => Ok(new_iterator(Iter::Reversed { seq: object.clone(), index: length })),
    }
}

/// The built-in type of a class (walking up to the first built-in base).
pub fn builtin_of_class(class: &PyRef) -> Option<BuiltinType> {
    types::mro_of(class).iter().find_map(|c| match &c.kind {
        Kind::Class(data) => data.builtin,
        _ => None,
    })
}

/// `(key, value)` pairs of a mapping (`**m`).
pub fn mapping_items(mapping: &PyRef) -> Res<Vec<(PyRef, PyRef)>> {
    match &mapping.kind {
        Kind::Dict(d) => Ok(d.borrow().items()),
        _ => {
            let keys_method = match crate::types::attr::lookup(mapping, "keys")? {
                Some(m) => m,
                None => {
                    return type_error(format!(
                        "'{}' object is not a mapping",
                        types::type_name(mapping)
                    ))
                }
            };
            let keys = call(&keys_method, vec![], vec![])?;
            let mut items = Vec::new();
            for key in to_vec(&keys)? {
                let value = getitem(mapping, &key)?;
                items.push((key, value));
            }
            Ok(items)
        }
    }
}
