//! Built-in functions, constructors of the built-in types, and the methods of built-in
//! objects (`list.append`, `str.join`, file objects...).

use std::io::Write;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use rcgc::Gc;

use crate::compile::ast::BinOp;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{native, Args, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Iter, Kind, PyRef};
use crate::types::attr;
use crate::types::list::sort_list;
use crate::types::ops;
use crate::types::str::expect_str;
use crate::types::{self, BuiltinType};

pub(crate) mod memoryview;
mod scope;

// ---- installation --------------------------------------------------------------------------

/// Fills the `builtins` namespace.
pub fn install() {
    let builtins = rt::with(|r| r.builtins.clone());
    let set = |name: &str, value: PyRef| rt::dict_set_str(&builtins, name, value);
    set("memoryview", memoryview::class());
    let functions: &[(&'static str, NativeFn)] = &[
        ("print", builtin_print),
        ("len", |a| {
            a.arity("len", 1, 1)?;
            Ok(rt::int(ops::len(&a.arg(0))? as i64))
        }),
        ("repr", |a| {
            a.arity("repr", 1, 1)?;
            Ok(rt::str(ops::repr(&a.arg(0))?))
        }),
        ("ascii", |a| {
            a.arity("ascii", 1, 1)?;
            Ok(rt::str(crate::types::format::ascii(&ops::repr(&a.arg(0))?)))
        }),
        ("isinstance", builtin_isinstance),
        ("issubclass", builtin_issubclass),
        ("id", |a| {
            a.arity("id", 1, 1)?;
            Ok(rt::int(Gc::as_ptr(&a.arg(0)) as usize as i64))
        }),
        ("hash", |a| {
            a.arity("hash", 1, 1)?;
            Ok(rt::int(ops::hash(&a.arg(0))?))
        }),
        ("sorted", builtin_sorted),
        ("reversed", |a| {
            a.arity("reversed", 1, 1)?;
            ops::reversed(&a.arg(0))
        }),
        ("enumerate", |a| {
            a.arity("enumerate", 1, 2)?;
            let start = match a.positional.get(1).cloned().or_else(|| a.keyword("start")) {
                Some(s) => ops::to_bigint(&s).ok_or_else(|| {
                    ExcInfo::new(rt::exception(ExcKind::TypeError, "'start' must be an int"))
                })?,
                None => BigInt::zero(),
            };
            let inner = ops::iter(&a.arg(0))?;
            Ok(alloc(Kind::iterator(Iter::Enumerate { inner, count: start })))
        }),
        ("zip", |a| {
            let mut inners = Vec::new();
            for arg in &a.positional {
                inners.push(ops::iter(arg)?);
            }
            Ok(alloc(Kind::iterator(Iter::Zip { inners })))
        }),
        ("map", |a| {
            if a.positional.len() < 2 {
                return type_error("map() must have at least two arguments.");
            }
            let mut inners = Vec::new();
            for arg in &a.positional[1..] {
                inners.push(ops::iter(arg)?);
            }
            Ok(alloc(Kind::iterator(Iter::Map { function: a.arg(0), inners })))
        }),
        ("filter", |a| {
            a.arity("filter", 2, 2)?;
            let inner = ops::iter(&a.arg(1))?;
            Ok(alloc(Kind::iterator(Iter::Filter { function: a.arg(0), inner })))
        }),
        ("min", |a| min_max(a, "min", true)),
        ("max", |a| min_max(a, "max", false)),
        ("sum", |a| {
            a.arity("sum", 1, 2)?;
            let mut total = a
                .positional
                .get(1)
                .cloned()
                .or_else(|| a.keyword("start"))
                .unwrap_or_else(|| rt::int(0));
            if let Kind::Str(..) = &total.kind {
                return type_error("sum() can't sum strings [use ''.join(seq) instead]");
            }
            let iterator = ops::iter(&a.arg(0))?;
            while let Some(item) = ops::next(&iterator)? {
                total = ops::binary_op(BinOp::Add, &total, &item)?;
            }
            Ok(total)
        }),
        ("any", |a| {
            a.arity("any", 1, 1)?;
            let iterator = ops::iter(&a.arg(0))?;
            while let Some(item) = ops::next(&iterator)? {
                if ops::truthy(&item)? {
                    return Ok(rt::boolean(true));
                }
            }
            Ok(rt::boolean(false))
        }),
        ("all", |a| {
            a.arity("all", 1, 1)?;
            let iterator = ops::iter(&a.arg(0))?;
            while let Some(item) = ops::next(&iterator)? {
                if !ops::truthy(&item)? {
                    return Ok(rt::boolean(false));
                }
            }
            Ok(rt::boolean(true))
        }),
        ("abs", |a| {
            a.arity("abs", 1, 1)?;
            let x = a.arg(0);
            if let Some(result) =
                ops::call_special_name(&x, crate::object::hash::name!("__abs__"), vec![])?
            {
                return Ok(result);
            }
            let x = crate::object::builtin_base(&x).unwrap_or(x);
            match &x.kind {
                Kind::Int(i) => Ok(rt::int(i.to_big().abs())),
                Kind::Bool(b) => Ok(rt::int(*b as i64)),
                Kind::Float(f) => Ok(rt::float(f.abs())),
                Kind::Complex(re, im) => crate::types::complex::abs(*re, *im),
                _ => type_error(format!("bad operand type for abs(): '{}'", types::type_name(&x))),
            }
        }),
        ("getattr", |a| {
            a.arity("getattr", 2, 3)?;
            let name = expect_str(&a.positional[1], "attribute name")?;
            if a.positional.len() == 3 {
                return Ok(attr::getattr_optional(&a.arg(0), name)?.unwrap_or_else(|| a.arg(2)));
            }
            attr::getattr(&a.arg(0), name)
        }),
        ("setattr", |a| {
            a.arity("setattr", 3, 3)?;
            let name = expect_str(&a.positional[1], "attribute name")?;
            attr::setattr(&a.arg(0), name, a.arg(2))?;
            Ok(rt::none())
        }),
        ("hasattr", |a| {
            a.arity("hasattr", 2, 2)?;
            let name = expect_str(&a.positional[1], "attribute name")?;
            Ok(rt::boolean(attr::hasattr(&a.arg(0), name)?))
        }),
        ("delattr", |a| {
            a.arity("delattr", 2, 2)?;
            let name = expect_str(&a.positional[1], "attribute name")?;
            attr::delattr(&a.arg(0), name)?;
            Ok(rt::none())
        }),
        ("iter", |a| {
            a.arity("iter", 1, 2)?;
            if a.positional.len() == 2 {
                let callable = a.arg(0);
                if !matches!(
                    callable.kind,
                    Kind::Function(_)
                        | Kind::Builtin(_)
                        | Kind::BoundMethod { .. }
                        | Kind::Class(_)
                        | Kind::Instance(_)
                        | Kind::Extended(_)
                        | Kind::Native(_)
                ) {
                    return type_error("iter(v, w): v must be callable");
                }
                return Ok(alloc(Kind::iterator(Iter::CallUntil { callable, sentinel: a.arg(1) })));
            }
            ops::iter(&a.arg(0))
        }),
        ("next", |a| {
            a.arity("next", 1, 2)?;
            if crate::vm::generator::flavor(&a.arg(0)) == Some(crate::object::GenFlavor::Generator)
            {
                // A generator's return value travels in StopIteration.value.
                return match crate::vm::generator::resume(
                    &a.arg(0),
                    crate::vm::generator::Resume::Send(rt::none()),
                )? {
                    crate::vm::generator::Outcome::Yielded(item) => Ok(item),
                    crate::vm::generator::Outcome::Returned(_) if a.positional.len() == 2 => {
                        Ok(a.arg(1))
                    }
                    crate::vm::generator::Outcome::Returned(value) => {
                        crate::vm::generator::send_result_stop(value)
                    }
                };
            }
            match ops::next(&a.arg(0))? {
                Some(item) => Ok(item),
                None if a.positional.len() == 2 => Ok(a.arg(1)),
                None => Err(ExcInfo::new(rt::exception_of(
                    rt::exception_class(ExcKind::StopIteration),
                    vec![],
                ))),
            }
        }),
        ("open", super::io::open),
        ("callable", |a| {
            a.arity("callable", 1, 1)?;
            Ok(rt::boolean(ops::callable(&a.arg(0))))
        }),
        ("round", builtin_round),
        ("divmod", |a| {
            a.arity("divmod", 2, 2)?;
            // float.__divmod__ names itself when the divisor is zero.
            let is_float = |v: &PyRef| matches!(v.kind, Kind::Float(_));
            let zero = match &a.arg(1).kind {
                Kind::Float(f) => *f == 0.0,
                Kind::Int(_) | Kind::Bool(_) => {
                    ops::to_bigint(&a.arg(1)).is_some_and(|i| i.is_zero())
                }
                _ => false,
            };
            if zero
                && (is_float(&a.arg(0)) || is_float(&a.arg(1)))
                && matches!(a.arg(0).kind, Kind::Float(_) | Kind::Int(_) | Kind::Bool(_))
            {
                return raise(ExcKind::ZeroDivisionError, "float divmod()");
            }
            let q = ops::binary_op(BinOp::FloorDiv, &a.arg(0), &a.arg(1))?;
            let r = ops::binary_op(BinOp::Mod, &a.arg(0), &a.arg(1))?;
            Ok(rt::tuple(vec![q, r]))
        }),
        ("pow", |a| {
            a.arity("pow", 2, 3)?;
            let Some(modulus) = a.positional.get(2).filter(|m| !matches!(m.kind, Kind::None))
            else {
                return ops::binary_op(BinOp::Pow, &a.arg(0), &a.arg(1));
            };
            let (base, exponent) = (a.arg(0), a.arg(1));
            match (ops::to_bigint(&base), ops::to_bigint(&exponent), ops::to_bigint(modulus)) {
                (Some(b), Some(e), Some(m)) => Ok(rt::int(crate::types::int::pow_mod(&b, &e, &m)?)),
                _ => {
                    let name = crate::object::hash::name!("__pow__");
                    if let Some(result) = ops::call_special_name(
                        &base,
                        name,
                        vec![exponent.clone(), modulus.clone()],
                    )? {
                        if !matches!(result.kind, Kind::NotImplemented) {
                            return Ok(result);
                        }
                    }
                    type_error("pow() 3rd argument not allowed unless all arguments are integers")
                }
            }
        }),
        ("chr", |a| {
            a.arity("chr", 1, 1)?;
            let code = ops::to_index(&a.arg(0))?;
            match u32::try_from(code).ok().and_then(char::from_u32) {
                Some(c) => Ok(rt::str(c.to_string())),
                None => value_error("chr() arg not in range(0x110000)"),
            }
        }),
        ("ord", |a| {
            a.arity("ord", 1, 1)?;
            // A bytes or bytearray of length one gives its byte (`ord(b"a")`).
            let one_byte = match &a.positional[0].kind {
                Kind::Bytes(b) => Some(b.to_vec()),
                Kind::ByteArray(b) => Some(b.borrow().clone()),
                _ => None,
            };
            if let Some(bytes) = one_byte {
                return match bytes.as_slice() {
                    [byte] => Ok(rt::int(i64::from(*byte))),
                    _ => type_error(format!(
                        "ord() expected a character, but string of length {} found",
                        bytes.len()
                    )),
                };
            }
            let Some(s) = crate::types::str::text(&a.positional[0]) else {
                return type_error(format!(
                    "ord() expected string of length 1, but {} found",
                    crate::types::type_name(&a.positional[0])
                ));
            };
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(rt::int(c as i64)),
                _ => type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.chars().count()
                )),
            }
        }),
        ("bin", |a| radix(a, "bin", 2, "0b")),
        ("oct", |a| radix(a, "oct", 8, "0o")),
        ("hex", |a| radix(a, "hex", 16, "0x")),
        ("format", |a| {
            a.arity("format", 1, 2)?;
            let spec = match a.positional.get(1) {
                Some(s) => expect_str(s, "format spec")?,
                None => "",
            };
            Ok(rt::str(crate::types::format::format_value(&a.arg(0), spec)?))
        }),
        ("dir", |a| {
            if a.positional.is_empty() && a.keywords.is_empty() {
                return scope::dir_of_scope();
            }
            // The scope the compiler published for this call is not needed.
            drop(crate::vm::eval::caller_scope());
            a.arity("dir", 0, 1)?;
            let mut names: Vec<String> = Vec::new();
            if let Some(x) = a.positional.first() {
                let mut add = |d: &PyRef| {
                    if let Kind::Dict(d) = &d.kind {
                        for k in d.borrow().keys() {
                            if let Some(s) = crate::object::str_text(&k) {
                                names.push(s.to_string());
                            }
                        }
                    }
                };
                match &x.kind {
                    Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
                        let i = x.instance().expect("an instance");
                        add(&i.dict);
                        for c in types::mro_of(&i.class()) {
                            if let Kind::Class(c) = &c.kind {
                                add(&c.dict);
                            }
                        }
                    }
                    Kind::Class(_) => {
                        for c in types::mro_of(x) {
                            if let Kind::Class(c) = &c.kind {
                                add(&c.dict);
                            }
                        }
                    }
                    Kind::Module(m) => add(&m.dict),
                    _ => {}
                }
            }
            names.sort();
            names.dedup();
            Ok(rt::list(names.into_iter().map(rt::str).collect::<Vec<_>>()))
        }),
        ("super", |a| {
            a.arity("super", 2, 2)?;
            Ok(alloc(Kind::Super { class: a.arg(0), receiver: a.arg(1) }))
        }),
        ("input", |a| {
            a.arity("input", 0, 1)?;
            if let Some(prompt) = a.positional.first() {
                print!("{}", ops::str_of(prompt)?);
                let _ = std::io::stdout().flush();
            }
            match crate::modules::io::stdin_lines::read_line()? {
                None => raise(ExcKind::EOFError, "EOF when reading a line"),
                Some(line) => {
                    let line = String::from_utf8_lossy(&line);
                    Ok(rt::str(line.trim_end_matches(['\n', '\r'])))
                }
            }
        }),
        ("__import__", |a| {
            a.arity("__import__", 1, 5)?;
            let argument = |i: usize, keyword: &str| {
                a.positional.get(i).cloned().or_else(|| a.keyword(keyword))
            };
            let name = expect_str(&a.positional[0], "__import__() argument 1")?;
            let globals = argument(1, "globals").filter(|g| matches!(g.kind, Kind::Dict(_)));
            let fromlist = match argument(3, "fromlist") {
                Some(list) => ops::truthy(&list)?,
                None => false,
            };
            let level = match argument(4, "level") {
                Some(level) => ops::to_index(&level)?,
                None => 0,
            };
            if level < 0 {
                return value_error("level must be >= 0");
            }
            if name.is_empty() && level == 0 {
                return value_error("Empty module name");
            }
            crate::vm::import::dunder_import(name, globals.as_ref(), fromlist, level as u32)
        }),
        ("exit", |a| crate::modules::sys::sys_exit(a)),
        ("quit", |a| crate::modules::sys::sys_exit(a)),
    ];
    for (name, function) in functions.iter().chain(scope::FUNCTIONS) {
        set(name, native(name, *function));
    }
    for ty in [
        BuiltinType::Int,
        BuiltinType::Float,
        BuiltinType::Complex,
        BuiltinType::Bool,
        BuiltinType::Str,
        BuiltinType::Bytes,
        BuiltinType::ByteArray,
        BuiltinType::List,
        BuiltinType::Tuple,
        BuiltinType::Dict,
        BuiltinType::Set,
        BuiltinType::FrozenSet,
        BuiltinType::Range,
        BuiltinType::Slice,
        BuiltinType::Object,
        BuiltinType::StaticMethod,
        BuiltinType::ClassMethod,
        BuiltinType::Property,
        BuiltinType::Type,
    ] {
        set(ty.name(), rt::builtin_type(ty));
    }
    let classes: Vec<(&'static str, PyRef)> = rt::with(|r| r.exception_classes().to_vec());
    for (name, class) in classes {
        set(name, class);
    }
    crate::types::exception_group::install();
    set("None", rt::none());
    set("True", rt::boolean(true));
    set("False", rt::boolean(false));
    set("NotImplemented", rt::not_implemented());
    set("Ellipsis", rt::with(|r| r.ellipsis.clone()));
    set("__name__", rt::str("builtins"));
}

// ---- functions -------------------------------------------------------------------------------

fn builtin_print(a: Args) -> Res<PyRef> {
    let separator = match a.keyword("sep") {
        Some(s) if !matches!(s.kind, Kind::None) => expect_str(&s, "sep")?.to_string(),
        _ => " ".into(),
    };
    let end = match a.keyword("end") {
        Some(s) if !matches!(s.kind, Kind::None) => expect_str(&s, "end")?.to_string(),
        _ => "\n".into(),
    };
    // `file=`, else a replaced `sys.stdout` (doctest, `contextlib.redirect_stdout`), gets the
    // text through its `write`, piece by piece as CPython's print; the original `sys.stdout`
    // is written directly, one line at a time.
    let stream = match a.keyword("file") {
        Some(file) if !matches!(file.kind, Kind::None) => Some(file),
        _ => crate::modules::sys::replaced_stdout(),
    };
    let flush = match a.keyword("flush") {
        Some(flush) => ops::truthy(&flush)?,
        None => false,
    };
    match stream {
        Some(stream) => {
            let write = attr::getattr(&stream, "write")?;
            for (i, value) in a.positional.iter().enumerate() {
                if i > 0 {
                    ops::call(&write, vec![rt::str(separator.as_str())], vec![])?;
                }
                ops::call(&write, vec![rt::str(ops::str_of(value)?)], vec![])?;
            }
            ops::call(&write, vec![rt::str(end.as_str())], vec![])?;
            if flush {
                let flush = attr::getattr(&stream, "flush")?;
                ops::call(&flush, vec![], vec![])?;
            }
        }
        None => {
            let mut parts = Vec::with_capacity(a.positional.len());
            for value in &a.positional {
                parts.push(ops::str_of(value)?.to_string());
            }
            crate::modules::sys::write_stdout(&format!("{}{end}", parts.join(&separator)))?;
            if flush {
                let _ = std::io::stdout().flush();
            }
        }
    }
    Ok(rt::none())
}

/// `isinstance(object, spec)` / `issubclass(object, spec)` (`instance`: which): tuples
/// of classes recursively, the metaclass's `__instancecheck__`/`__subclasscheck__` when a
/// metaclass defined in Python (or an object's class) has one.
fn class_spec_matches(object: &PyRef, spec: &PyRef, instance: bool) -> Res<bool> {
    if let Kind::Tuple(items) = &spec.kind {
        for item in items {
            if class_spec_matches(object, item, instance)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    // A union stands for the tuple of its members (CPython 3.11's `object_isinstance`).
    if types::union::is_union(spec) {
        let members = rt::tuple(types::union::union_args(spec)?);
        return class_spec_matches(object, &members, instance);
    }
    let object_class = if instance { types::type_of(object) } else { object.clone() };
    if instance && Gc::ptr_eq(&object_class, spec) {
        return Ok(true);
    }
    let hook = if instance { "__instancecheck__" } else { "__subclasscheck__" };
    let user_hook = match &spec.kind {
        Kind::Class(class) if class.metaclass.is_some() => ops::lookup_special(spec, hook),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => ops::lookup_special(spec, hook),
        _ => None,
    };
    if let Some(hook) = user_hook {
        let result = ops::call(&hook, vec![object.clone()], vec![])?;
        return ops::truthy(&result);
    }
    match &spec.kind {
        Kind::Class(_) => {
            if !instance && !matches!(object.kind, Kind::Class(_)) {
                return type_error("issubclass() arg 1 must be a class");
            }
            Ok(types::is_subclass(&object_class, spec))
        }
        _ if instance => {
            type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
        _ => type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"),
    }
}

fn builtin_isinstance(a: Args) -> Res<PyRef> {
    a.arity("isinstance", 2, 2)?;
    Ok(rt::boolean(class_spec_matches(&a.arg(0), &a.arg(1), true)?))
}

fn builtin_issubclass(a: Args) -> Res<PyRef> {
    a.arity("issubclass", 2, 2)?;
    Ok(rt::boolean(class_spec_matches(&a.arg(0), &a.arg(1), false)?))
}

fn builtin_sorted(a: Args) -> Res<PyRef> {
    a.arity("sorted", 1, 1)?;
    let values = ops::to_vec(&a.arg(0))?;
    let reverse = match a.keyword("reverse") {
        Some(r) => ops::truthy(&r)?,
        None => false,
    };
    Ok(rt::list(sort_list(values, a.keyword("key"), reverse)?))
}

fn min_max(a: Args, name: &str, minimum: bool) -> Res<PyRef> {
    let values = match a.positional.len() {
        0 => return type_error(format!("{name} expected at least 1 argument, got 0")),
        1 => ops::to_vec(&a.arg(0))?,
        _ => a.positional.clone(),
    };
    let key = a.keyword("key");
    let mut best: Option<(PyRef, PyRef)> = None;
    for value in values {
        let k = match &key {
            Some(key) if !matches!(key.kind, Kind::None) => {
                ops::call(key, vec![value.clone()], vec![])?
            }
            _ => value.clone(),
        };
        best = Some(match best {
            None => (k, value),
            Some((bk, bv)) => {
                let better =
                    if minimum { ops::less_than(&k, &bk)? } else { ops::less_than(&bk, &k)? };
                if better {
                    (k, value)
                } else {
                    (bk, bv)
                }
            }
        });
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match a.keyword("default") {
            Some(d) => Ok(d),
            None => value_error(format!("{name}() arg is an empty sequence")),
        },
    }
}

fn builtin_round(a: Args) -> Res<PyRef> {
    a.arity("round", 1, 2)?;
    let x = a.arg(0);
    let digits = match a.positional.get(1) {
        Some(d) if !matches!(d.kind, Kind::None) => Some(ops::to_index(d)?),
        _ => None,
    };
    if let Some(result) = ops::call_special_name(
        &x,
        crate::object::hash::name!("__round__"),
        a.positional[1..].to_vec(),
    )? {
        return Ok(result);
    }
    let x = crate::object::builtin_base(&x).unwrap_or(x);
    match (&x.kind, digits) {
        (Kind::Int(_) | Kind::Bool(_), None) => Ok(rt::int(ops::to_bigint(&x).expect("int"))),
        (Kind::Int(i), Some(d)) => {
            if d >= 0 {
                return Ok(rt::int(i.clone()));
            }
            let i = i.to_big();
            let factor = num_traits::Pow::pow(BigInt::from(10), (-d) as u32);
            let (q, r) = num_integer::Integer::div_mod_floor(&i, &factor);
            let twice = &r * 2;
            let q = if twice > factor || (twice == factor && num_integer::Integer::is_odd(&q)) {
                q + 1
            } else {
                q
            };
            Ok(rt::int(q * factor))
        }
        (Kind::Float(f), None) => {
            if !f.is_finite() {
                return raise(ExcKind::OverflowError, "cannot convert float infinity to integer");
            }
            let rounded = round_half_even(*f);
            Ok(rt::int(num_traits::FromPrimitive::from_f64(rounded).unwrap_or_else(BigInt::zero)))
        }
        (Kind::Float(f), Some(d)) => {
            let text = format!("{:.*}", d.max(0) as usize, f);
            let value: f64 = if d >= 0 {
                text.parse().unwrap_or(*f)
            } else {
                let factor = 10f64.powi(-d as i32);
                round_half_even(f / factor) * factor
            };
            Ok(rt::float(value))
        }
        _ => type_error(format!("type {} doesn't define __round__ method", types::type_name(&x))),
    }
}

fn round_half_even(value: f64) -> f64 {
    let rounded = value.round();
    if (value - value.trunc()).abs() == 0.5 && rounded % 2.0 != 0.0 {
        rounded - value.signum()
    } else {
        rounded
    }
}

fn radix(a: Args, name: &str, base: u32, prefix: &str) -> Res<PyRef> {
    a.arity(name, 1, 1)?;
    let value = ops::to_index(&a.arg(0)).map(BigInt::from).or_else(|_| {
        ops::to_bigint(&a.arg(0)).ok_or_else(|| {
            ExcInfo::new(rt::exception(ExcKind::TypeError, "an integer is required"))
        })
    })?;
    let sign = if value.is_negative() { "-" } else { "" };
    Ok(rt::str(format!("{sign}{prefix}{}", value.abs().to_str_radix(base))))
}

// ---- constructors of built-in types ----------------------------------------------------------

// ---- methods of built-in objects ----------------------------------------------------------

// ---- files ------------------------------------------------------------------------------
