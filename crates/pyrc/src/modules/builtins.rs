//! Built-in functions, constructors of the built-in types, and the methods of built-in
//! objects (`list.append`, `str.join`, file objects...).

use std::io::{Read, Write};
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use rcgc::Gc;

use crate::compile::ast::BinOp;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{method_of, native, Args, Kwargs, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Builtin, FileState, Iter, Kind, PyRef};
use crate::types::attr;
use crate::types::ops;
use crate::types::{self, BuiltinType};

fn text(object: &PyRef) -> Option<Rc<str>> {
    match &object.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Instance(_) => text(&crate::object::builtin_base(object)?),
        _ => None,
    }
}

fn expect_str(object: &PyRef, what: &str) -> Res<Rc<str>> {
    text(object).map_or_else(
        || type_error(format!("{what} must be str, not {}", types::type_name(object))),
        Ok,
    )
}

// ---- installation --------------------------------------------------------------------------

/// Fills the `builtins` namespace.
pub fn install() {
    let builtins = rt::with(|r| r.builtins.clone());
    let set = |name: &str, value: PyRef| {
        if let Kind::Dict(d) = &builtins.kind {
            let old = d.borrow_mut().set_str(rt::str(name), name, value);
            drop(old);
        }
    };
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
            if let Kind::Str(_) = &total.kind {
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
            if let Some(result) = ops::call_special(&x, "__abs__", vec![])? {
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
            let name = expect_str(&a.arg(1), "attribute name")?;
            match attr::getattr(&a.arg(0), &name) {
                Ok(v) => Ok(v),
                Err(e)
                    if a.positional.len() == 3
                        && rt::is_exception(&e.value, ExcKind::AttributeError) =>
                {
                    Ok(a.arg(2))
                }
                Err(e) => Err(e),
            }
        }),
        ("setattr", |a| {
            a.arity("setattr", 3, 3)?;
            let name = expect_str(&a.arg(1), "attribute name")?;
            attr::setattr(&a.arg(0), &name, a.arg(2))?;
            Ok(rt::none())
        }),
        ("hasattr", |a| {
            a.arity("hasattr", 2, 2)?;
            let name = expect_str(&a.arg(1), "attribute name")?;
            Ok(rt::boolean(attr::hasattr(&a.arg(0), &name)?))
        }),
        ("delattr", |a| {
            a.arity("delattr", 2, 2)?;
            let name = expect_str(&a.arg(1), "attribute name")?;
            attr::delattr(&a.arg(0), &name)?;
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
                ) {
                    return type_error("iter(v, w): v must be callable");
                }
                return Ok(alloc(Kind::iterator(Iter::CallUntil { callable, sentinel: a.arg(1) })));
            }
            ops::iter(&a.arg(0))
        }),
        ("next", |a| {
            a.arity("next", 1, 2)?;
            if crate::vm::generator::is_function_generator(&a.arg(0)) {
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
        ("open", builtin_open),
        ("callable", |a| {
            a.arity("callable", 1, 1)?;
            let x = a.arg(0);
            Ok(rt::boolean(match &x.kind {
                Kind::Function(_)
                | Kind::Builtin(_)
                | Kind::BoundMethod { .. }
                | Kind::Class(_) => true,
                Kind::Instance(_) => ops::lookup_special(&x, "__call__").is_some(),
                _ => false,
            }))
        }),
        ("round", builtin_round),
        ("divmod", |a| {
            a.arity("divmod", 2, 2)?;
            let q = ops::binary_op(BinOp::FloorDiv, &a.arg(0), &a.arg(1))?;
            let r = ops::binary_op(BinOp::Mod, &a.arg(0), &a.arg(1))?;
            Ok(rt::tuple(vec![q, r]))
        }),
        ("pow", |a| {
            a.arity("pow", 2, 3)?;
            let result = ops::binary_op(BinOp::Pow, &a.arg(0), &a.arg(1))?;
            match a.positional.get(2) {
                Some(m) => ops::binary_op(BinOp::Mod, &result, m),
                None => Ok(result),
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
            let s = expect_str(&a.arg(0), "ord() argument")?;
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
                None => "".into(),
            };
            Ok(rt::str(crate::types::format::format_value(&a.arg(0), &spec)?))
        }),
        ("vars", |a| {
            a.arity("vars", 1, 1)?;
            attr::getattr(&a.arg(0), "__dict__")
        }),
        ("dir", |a| {
            a.arity("dir", 0, 1)?;
            let mut names: Vec<String> = Vec::new();
            if let Some(x) = a.positional.first() {
                let mut add = |d: &PyRef| {
                    if let Kind::Dict(d) = &d.kind {
                        for k in d.borrow().keys() {
                            if let Kind::Str(s) = &k.kind {
                                names.push(s.to_string());
                            }
                        }
                    }
                };
                match &x.kind {
                    Kind::Instance(i) => {
                        add(&i.dict);
                        for c in types::mro_of(&i.class) {
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
            Ok(rt::list(names.into_iter().map(rt::str).collect()))
        }),
        ("staticmethod", |a| {
            a.arity("staticmethod", 1, 1)?;
            Ok(alloc(Kind::StaticMethod(a.arg(0))))
        }),
        ("classmethod", |a| {
            a.arity("classmethod", 1, 1)?;
            Ok(alloc(Kind::ClassMethod(a.arg(0))))
        }),
        ("property", |a| {
            a.arity("property", 1, 2)?;
            Ok(alloc(Kind::Property {
                getter: a.arg(0),
                setter: std::cell::RefCell::new(a.positional.get(1).cloned()),
            }))
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
            let mut line = String::new();
            match std::io::stdin().read_line(&mut line) {
                Ok(0) => raise(ExcKind::EOFError, "EOF when reading a line"),
                Ok(_) => Ok(rt::str(line.trim_end_matches(['\n', '\r']))),
                Err(e) => raise(ExcKind::OSError, e.to_string()),
            }
        }),
        ("globals", |_| type_error("globals() is not supported by pyrc")),
        ("exec", builtin_exec),
        ("__import__", |a| {
            a.arity("__import__", 1, 5)?;
            let argument = |i: usize, keyword: &str| {
                a.positional.get(i).cloned().or_else(|| a.keyword(keyword))
            };
            let name = expect_str(&a.arg(0), "__import__() argument 1")?;
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
            crate::vm::import::dunder_import(&name, globals.as_ref(), fromlist, level as u32)
        }),
        ("exit", |a| crate::modules::sys::sys_exit(a)),
        ("quit", |a| crate::modules::sys::sys_exit(a)),
    ];
    for (name, function) in functions {
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
        BuiltinType::Type,
    ] {
        set(ty.name(), rt::builtin_type(ty));
    }
    let classes: Vec<(&'static str, PyRef)> = rt::with(|r| r.exception_classes().to_vec());
    for (name, class) in classes {
        set(name, class);
    }
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

fn class_spec_matches(object_class: &PyRef, spec: &PyRef, function: &str) -> Res<bool> {
    match &spec.kind {
        Kind::Class(_) => Ok(types::is_subclass(object_class, spec)),
        Kind::Tuple(items) => {
            for item in items {
                if class_spec_matches(object_class, item, function)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => type_error(format!("{function}() arg 2 must be a type, a tuple of types, or a union")),
    }
}

fn builtin_isinstance(a: Args) -> Res<PyRef> {
    a.arity("isinstance", 2, 2)?;
    let class = types::type_of(&a.arg(0));
    Ok(rt::boolean(class_spec_matches(&class, &a.arg(1), "isinstance")?))
}

fn builtin_issubclass(a: Args) -> Res<PyRef> {
    a.arity("issubclass", 2, 2)?;
    let class = a.arg(0);
    if !matches!(class.kind, Kind::Class(_)) {
        return type_error("issubclass() arg 1 must be a class");
    }
    Ok(rt::boolean(class_spec_matches(&class, &a.arg(1), "issubclass")?))
}

/// Merge sort with a fallible `less`: stable, and never panics on inconsistent comparisons.
fn sort_values(items: &mut Vec<(PyRef, PyRef)>, reverse: bool) -> Res<()> {
    fn merge_sort(items: Vec<(PyRef, PyRef)>, reverse: bool) -> Res<Vec<(PyRef, PyRef)>> {
        if items.len() <= 1 {
            return Ok(items);
        }
        let mut left = items;
        let right = left.split_off(left.len() / 2);
        let left = merge_sort(left, reverse)?;
        let right = merge_sort(right, reverse)?;
        let mut out = Vec::with_capacity(left.len() + right.len());
        let mut l = left.into_iter().peekable();
        let mut r = right.into_iter().peekable();
        while let (Some(x), Some(y)) = (l.peek(), r.peek()) {
            let take_right =
                if reverse { ops::less_than(&x.0, &y.0)? } else { ops::less_than(&y.0, &x.0)? };
            if take_right {
                out.push(r.next().expect("peeked"));
            } else {
                out.push(l.next().expect("peeked"));
            }
        }
        out.extend(l);
        out.extend(r);
        Ok(out)
    }
    let taken = std::mem::take(items);
    *items = merge_sort(taken, reverse)?;
    Ok(())
}

/// Sorts values by `key` (a callable or None), possibly reversed.
pub fn sort_list(values: Vec<PyRef>, key: Option<PyRef>, reverse: bool) -> Res<Vec<PyRef>> {
    let mut keyed = Vec::with_capacity(values.len());
    for value in values {
        let k = match &key {
            Some(key) if !matches!(key.kind, Kind::None) => {
                ops::call(key, vec![value.clone()], vec![])?
            }
            _ => value.clone(),
        };
        keyed.push((k, value));
    }
    sort_values(&mut keyed, reverse)?;
    Ok(keyed.into_iter().map(|(_, v)| v).collect())
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
    if let Some(result) = ops::call_special(&x, "__round__", a.positional[1..].to_vec())? {
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
        BuiltinType::Type => {
            if a.positional.len() == 1 {
                return Ok(types::type_of(&a.arg(0)));
            }
            type_error("type() with 3 arguments is not supported by pyrc")
        }
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
                (Kind::Str(s), base) => parse_int(s, base.unwrap_or(10)),
                (Kind::Instance(_), None) => {
                    if let Some(result) = ops::call_special(x, "__int__", vec![])? {
                        return Ok(result);
                    }
                    if let Some(result) = ops::call_special(x, "__index__", vec![])? {
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
                Kind::Str(s) => {
                    let t = s.trim().replace('_', "");
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
                            ops::str_repr(s)
                        )),
                    }
                }
                Kind::Instance(_) => match ops::call_special(x, "__float__", vec![])? {
                    Some(r) => Ok(r),
                    None if crate::object::builtin_base(x).is_some() => {
                        let base = crate::object::builtin_base(x).expect("checked");
                        construct(ty, class, vec![base], vec![])
                    }
                    None => type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        types::type_name(x)
                    )),
                },
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
            a.arity("str", 0, 1)?;
            match a.positional.first() {
                Some(x) => Ok(rt::str(ops::str_of(x)?)),
                None => Ok(rt::str("")),
            }
        }
        BuiltinType::Bytes => {
            a.arity("bytes", 0, 2)?;
            // `bytes(x)` asks `type(x).__bytes__` first, as CPython does.
            if let Some(x) = a.positional.first() {
                if let Some(method) = ops::lookup_special(x, "__bytes__") {
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
                    Kind::Str(s) => Ok(alloc(Kind::Bytes(Rc::from(s.as_bytes())))),
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
            let encoding = a.positional.get(1).cloned().or_else(|| a.keyword("encoding"));
            let bytes: Vec<u8> = match a.positional.first() {
                None => Vec::new(),
                Some(x) => match &x.kind {
                    Kind::Str(s) => match encoding {
                        Some(encoding) => {
                            let encoding =
                                expect_str(&encoding, "bytearray() argument 'encoding'")?;
                            encode_str(s, &encoding)?
                        }
                        None => return type_error("string argument without an encoding"),
                    },
                    Kind::Bytes(b) => b.to_vec(),
                    Kind::ByteArray(b) => b.borrow().clone(),
                    Kind::Int(n) => match n.to_usize() {
                        Some(n) => vec![0u8; n],
                        None => return value_error("negative count"),
                    },
                    _ => bytes_of_iterable(x)?,
                },
            };
            Ok(alloc(Kind::ByteArray(std::cell::RefCell::new(bytes))))
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
            Ok(alloc(Kind::Slice { start, stop, step }))
        }
        _ => {
            let _ = class;
            type_error(format!("cannot create '{name}' instances"))
        }
    }
}

/// `str.encode` for the codecs pyrc knows (UTF-8, ASCII, Latin-1).
fn encode_str(s: &str, encoding: &str) -> Res<Vec<u8>> {
    match encoding.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" => Ok(s.as_bytes().to_vec()),
        "ascii" | "latin-1" | "latin1" | "iso-8859-1" => {
            let limit = if encoding.eq_ignore_ascii_case("ascii") { 0x7f } else { 0xff };
            s.chars()
                .map(|c| {
                    if (c as u32) <= limit {
                        Ok(c as u8)
                    } else {
                        raise(
                            ExcKind::UnicodeError,
                            format!("'{encoding}' codec can't encode character {c:?}"),
                        )
                    }
                })
                .collect()
        }
        _ => raise(ExcKind::LookupError, format!("unknown encoding: {encoding}")),
    }
}

/// The bytes of an iterable of ints in range(256).
fn bytes_of_iterable(x: &PyRef) -> Res<Vec<u8>> {
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
            let old = std::mem::replace(&mut *items.borrow_mut(), new);
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
fn builtin_new(a: Args) -> Res<PyRef> {
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

fn parse_int(s: &str, base: i64) -> Res<PyRef> {
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

fn dict_update(dict: &PyRef, source: &PyRef) -> Res<()> {
    match &source.kind {
        Kind::Dict(d) => {
            for (k, v) in d.borrow().items() {
                ops::dict_set(dict, k, v)?;
            }
        }
        _ => {
            if attr::lookup(source, "keys")?.is_some() {
                for (k, v) in crate::vm::eval::mapping_items(source)? {
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

// ---- methods of built-in objects ----------------------------------------------------------

/// The REPL's display hook: prints `repr(value)` and stores it as `_`.
pub fn display_hook(value: &PyRef) -> Res<()> {
    let text = ops::repr(value)?;
    crate::modules::sys::write_stdout(&format!("{text}\n"))?;
    let builtins = rt::with(|r| r.builtins.clone());
    if let Kind::Dict(d) = &builtins.kind {
        let old = d.borrow_mut().set_str(rt::str("_"), "_", value.clone());
        drop(old);
    }
    Ok(())
}

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
                for (k, v) in crate::vm::eval::mapping_items(&a.arg(0))? {
                    let key = match &k.kind {
                        Kind::Str(s) if s.chars().count() == 1 => {
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
            Some(alloc(Kind::Builtin(Builtin {
                name: "__new__",
                function: builtin_new,
                receiver: Some(class.clone()),
            })))
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
fn default_repr(object: &PyRef) -> String {
    let class = types::type_of(object);
    let module = match &class.kind {
        Kind::Class(c) if c.builtin.is_none() => types::class_lookup(&class, "__module__")
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
fn object_setattr(object: &PyRef, name: &str, value: PyRef) -> Res<()> {
    match &object.kind {
        Kind::Instance(_) => attr::store_in_instance(object, name, value),
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
        let Kind::Property { getter, .. } = &receiver.kind else {
            return type_error("not a property");
        };
        Ok(alloc(Kind::Property {
            getter: getter.clone(),
            setter: std::cell::RefCell::new(Some(a.arg(0))),
        }))
    })
}

/// A method of a built-in object, bound to it.
pub fn method(object: &PyRef, name: &str) -> Option<PyRef> {
    let function: NativeFn = match (&object.kind, name) {
        (Kind::Super { .. }, _) => return super_lookup(object, name),
        (Kind::List(_), _) => match name {
            "append" => |a| list_method("append", a),
            "extend" => |a| list_method("extend", a),
            "insert" => |a| list_method("insert", a),
            "pop" => |a| list_method("pop", a),
            "remove" => |a| list_method("remove", a),
            "index" => |a| list_method("index", a),
            "count" => |a| list_method("count", a),
            "clear" => |a| list_method("clear", a),
            "copy" => |a| list_method("copy", a),
            "reverse" => |a| list_method("reverse", a),
            "sort" => |a| list_method("sort", a),
            _ => return None,
        },
        (Kind::Dict(_), _) => match name {
            "get" => |a| dict_method("get", a),
            "keys" => |a| dict_method("keys", a),
            "values" => |a| dict_method("values", a),
            "items" => |a| dict_method("items", a),
            "pop" => |a| dict_method("pop", a),
            "popitem" => |a| dict_method("popitem", a),
            "setdefault" => |a| dict_method("setdefault", a),
            "update" => |a| dict_method("update", a),
            "clear" => |a| dict_method("clear", a),
            "copy" => |a| dict_method("copy", a),
            _ => return None,
        },
        (Kind::Set(_) | Kind::FrozenSet(_), _) => match name {
            "add" => |a| set_method("add", a),
            "discard" => |a| set_method("discard", a),
            "remove" => |a| set_method("remove", a),
            "pop" => |a| set_method("pop", a),
            "clear" => |a| set_method("clear", a),
            "update" => |a| set_method("update", a),
            "union" => |a| set_method("union", a),
            "intersection" => |a| set_method("intersection", a),
            "difference" => |a| set_method("difference", a),
            "issubset" => |a| set_method("issubset", a),
            "isdisjoint" => |a| set_method("isdisjoint", a),
            "issuperset" => |a| set_method("issuperset", a),
            "copy" => |a| set_method("copy", a),
            _ => return None,
        },
        (Kind::Tuple(_), "index") => |a| list_method("index", a),
        (Kind::Tuple(_), "count") => |a| list_method("count", a),
        (Kind::Str(_), _) => {
            if !STR_METHODS.contains(&name) {
                return None;
            }
            let name: &'static str = STR_METHODS.iter().find(|m| **m == name).expect("listed");
            return Some(alloc(Kind::Builtin(Builtin {
                name,
                function: str_dispatch,
                receiver: Some(object.clone()),
            })));
        }
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
        (Kind::Iterator(_), "__next__") if crate::vm::generator::is_function_generator(object) => {
            |a| crate::vm::generator::send(&a.receiver(), rt::none())
        }
        (Kind::Iterator(_), "__next__") => |a| match ops::next(&a.receiver())? {
            Some(item) => Ok(item),
            None => Err(ExcInfo::new(rt::exception_of(
                rt::exception_class(ExcKind::StopIteration),
                vec![],
            ))),
        },
        (Kind::Iterator(_), "__iter__") => |a| Ok(a.receiver()),
        (Kind::Iterator(_), "send") if crate::vm::generator::is_function_generator(object) => |a| {
            a.arity("send", 1, 1)?;
            crate::vm::generator::send(&a.receiver(), a.arg(0))
        },
        (Kind::Iterator(_), "throw") if crate::vm::generator::is_function_generator(object) => {
            |a| {
                a.arity("throw", 1, 3)?;
                let value = (a.positional.len() > 1).then(|| a.arg(1));
                let exc = crate::vm::generator::exception_for_throw(a.arg(0), value)?;
                crate::vm::generator::throw(&a.receiver(), exc)
            }
        }
        (Kind::Iterator(_), "close") if crate::vm::generator::is_function_generator(object) => {
            |a| {
                crate::vm::generator::close(&a.receiver())?;
                Ok(rt::none())
            }
        }
        _ => return None,
    };
    Some(method_of(object, static_name(name), function))
}

/// Every method name a built-in object answers to, as `&'static str` (a builtin's name).
const METHOD_NAMES: &[&str] = &[
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "index",
    "count",
    "clear",
    "copy",
    "reverse",
    "sort",
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

fn static_name(name: &str) -> &'static str {
    METHOD_NAMES.iter().find(|known| **known == name).copied().unwrap_or("method")
}

/// `exec(source, globals)`: runs module code in the `globals` dict (pyrc needs the dict:
/// builtins cannot see their caller's frame).
fn builtin_exec(a: Args) -> Res<PyRef> {
    a.arity("exec", 1, 3)?;
    let source = match &a.arg(0).kind {
        Kind::Str(s) => s.clone(),
        _ => return type_error("exec() arg 1 must be a string, bytes or code object"),
    };
    let Some(globals) = a.positional.get(1).cloned() else {
        return type_error("exec() without a globals dict is not supported by pyrc");
    };
    if !matches!(globals.kind, Kind::Dict(_)) {
        return type_error(format!(
            "exec() globals must be a dict, not {}",
            types::type_name(&globals)
        ));
    }
    if ops::dict_get(&globals, &rt::str("__builtins__"))?.is_none() {
        ops::dict_set(&globals, rt::str("__builtins__"), rt::with(|r| r.builtins.clone()))?;
    }
    let module = crate::compile::parse::parse_module(&source, "<string>")
        .map_err(|e| crate::vm::import::syntax_error(&e))?;
    crate::vm::eval::register_source("<string>", &source);
    crate::vm::eval::run_module(std::rc::Rc::new(module), &globals, "<string>", false)?;
    Ok(rt::none())
}

/// `super().name`: looked up in the MRO after the defining class, bound to the receiver.
fn super_lookup(object: &PyRef, name: &str) -> Option<PyRef> {
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

fn list_method(name: &str, a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let items_of = |o: &PyRef| -> Vec<PyRef> {
        match &o.kind {
            Kind::List(items) => items.borrow().clone(),
            Kind::Tuple(items) => items.clone(),
            _ => vec![],
        }
    };
    match name {
        "index" | "count" => {
            a.arity(name, 1, 3)?;
            let items = items_of(&receiver);
            let needle = a.arg(0);
            if name == "count" {
                let mut n = 0;
                for item in &items {
                    if ops::eq(item, &needle)? {
                        n += 1;
                    }
                }
                return Ok(rt::int(n));
            }
            let start = match a.positional.get(1) {
                Some(s) => ops::to_index(s)?.max(0) as usize,
                None => 0,
            };
            for (i, item) in items.iter().enumerate().skip(start) {
                if ops::eq(item, &needle)? {
                    return Ok(rt::int(i as i64));
                }
            }
            let what = if matches!(receiver.kind, Kind::Tuple(_)) {
                "tuple.index(x): x not in tuple".to_string()
            } else {
                format!("{} is not in list", ops::repr(&needle)?)
            };
            value_error(what)
        }
        _ => {
            let Kind::List(cell) = &receiver.kind else { return type_error("not a list") };
            match name {
                "append" => {
                    a.arity("append", 1, 1)?;
                    cell.borrow_mut().push(a.arg(0));
                    Ok(rt::none())
                }
                "extend" => {
                    a.arity("extend", 1, 1)?;
                    let extra = ops::to_vec(&a.arg(0))?;
                    cell.borrow_mut().extend(extra);
                    Ok(rt::none())
                }
                "insert" => {
                    a.arity("insert", 2, 2)?;
                    let index = ops::to_index(&a.arg(0))?;
                    let mut items = cell.borrow_mut();
                    let len = items.len() as i64;
                    let position = if index < 0 { (index + len).max(0) } else { index.min(len) };
                    items.insert(position as usize, a.arg(1));
                    Ok(rt::none())
                }
                "pop" => {
                    a.arity("pop", 0, 1)?;
                    let mut items = cell.borrow_mut();
                    if items.is_empty() {
                        return raise(ExcKind::IndexError, "pop from empty list");
                    }
                    let len = items.len() as i64;
                    let index = match a.positional.first() {
                        Some(i) => ops::to_index(i)?,
                        None => len - 1,
                    };
                    let index = if index < 0 { index + len } else { index };
                    if !(0..len).contains(&index) {
                        return raise(ExcKind::IndexError, "pop index out of range");
                    }
                    Ok(items.remove(index as usize))
                }
                "remove" => {
                    a.arity("remove", 1, 1)?;
                    let items = cell.borrow().clone();
                    for (i, item) in items.iter().enumerate() {
                        if ops::eq(item, &a.arg(0))? {
                            let removed = cell.borrow_mut().remove(i);
                            drop(removed);
                            return Ok(rt::none());
                        }
                    }
                    value_error("list.remove(x): x not in list")
                }
                "clear" => {
                    let mut removed = std::mem::take(&mut *cell.borrow_mut());
                    // Last to first, as CPython's list.clear.
                    while let Some(item) = removed.pop() {
                        drop(item);
                    }
                    Ok(rt::none())
                }
                "copy" => Ok(rt::list(cell.borrow().clone())),
                "reverse" => {
                    cell.borrow_mut().reverse();
                    Ok(rt::none())
                }
                "sort" => {
                    a.arity("sort", 0, 0)?;
                    let values = std::mem::take(&mut *cell.borrow_mut());
                    let reverse = match a.keyword("reverse") {
                        Some(r) => ops::truthy(&r)?,
                        None => false,
                    };
                    let sorted = sort_list(values, a.keyword("key"), reverse);
                    match sorted {
                        Ok(sorted) => {
                            *cell.borrow_mut() = sorted;
                            Ok(rt::none())
                        }
                        Err(e) => Err(e),
                    }
                }
                _ => type_error(format!("list has no method {name}")),
            }
        }
    }
}

fn dict_method(name: &str, a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let Kind::Dict(cell) = &receiver.kind else { return type_error("not a dict") };
    match name {
        "get" => {
            a.arity("get", 1, 2)?;
            Ok(ops::dict_get(&receiver, &a.arg(0))?
                .unwrap_or_else(|| a.positional.get(1).cloned().unwrap_or_else(rt::none)))
        }
        "keys" | "values" | "items" if !a.positional.is_empty() => {
            type_error(format!("dict.{name}() takes no arguments ({} given)", a.positional.len()))
        }
        "keys" => Ok(rt::list(cell.borrow().keys())),
        "values" => Ok(rt::list(cell.borrow().values())),
        "items" => {
            let items = cell.borrow().items();
            Ok(rt::list(items.into_iter().map(|(k, v)| rt::tuple(vec![k, v])).collect()))
        }
        "pop" => {
            a.arity("pop", 1, 2)?;
            match ops::dict_remove(&receiver, &a.arg(0))? {
                Some(v) => Ok(v),
                None => match a.positional.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(ExcInfo::new(rt::exception_of(
                        rt::exception_class(ExcKind::KeyError),
                        vec![a.arg(0)],
                    ))),
                },
            }
        }
        "popitem" => {
            let entry = cell.borrow_mut().pop_last();
            match entry {
                Some(e) => Ok(rt::tuple(vec![e.key, e.value])),
                None => raise(ExcKind::KeyError, "popitem(): dictionary is empty"),
            }
        }
        "setdefault" => {
            a.arity("setdefault", 1, 2)?;
            if let Some(v) = ops::dict_get(&receiver, &a.arg(0))? {
                return Ok(v);
            }
            let value = a.positional.get(1).cloned().unwrap_or_else(rt::none);
            ops::dict_set(&receiver, a.arg(0), value.clone())?;
            Ok(value)
        }
        "update" => {
            a.arity("update", 0, 1)?;
            if let Some(source) = a.positional.first() {
                dict_update(&receiver, source)?;
            }
            for (k, v) in a.keywords.iter().cloned() {
                ops::dict_set(&receiver, rt::str(k), v)?;
            }
            Ok(rt::none())
        }
        "clear" => {
            let entries = cell.borrow_mut().take_all();
            drop(entries);
            Ok(rt::none())
        }
        "copy" => ops::copy_container(&receiver),
        _ => type_error(format!("dict has no method {name}")),
    }
}

fn set_method(name: &str, a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let cell = match &receiver.kind {
        Kind::Set(cell) => Some(cell),
        _ => None,
    };
    let keys = |o: &PyRef| -> Vec<PyRef> {
        match &o.kind {
            Kind::Set(d) => d.borrow().keys(),
            Kind::FrozenSet(d) => d.keys(),
            _ => vec![],
        }
    };
    let mutable = || -> Res<&std::cell::RefCell<crate::object::dict::Dict>> {
        cell.ok_or_else(|| {
            ExcInfo::new(rt::exception(
                ExcKind::AttributeError,
                format!("'frozenset' object has no attribute '{name}'"),
            ))
        })
    };
    match name {
        "add" => {
            a.arity("add", 1, 1)?;
            mutable()?;
            ops::dict_set(&receiver, a.arg(0), rt::none())?;
            Ok(rt::none())
        }
        "discard" | "remove" => {
            a.arity(name, 1, 1)?;
            mutable()?;
            match ops::dict_remove(&receiver, &a.arg(0))? {
                Some(_) => Ok(rt::none()),
                None if name == "discard" => Ok(rt::none()),
                None => Err(ExcInfo::new(rt::exception_of(
                    rt::exception_class(ExcKind::KeyError),
                    vec![a.arg(0)],
                ))),
            }
        }
        "pop" => {
            let entry = mutable()?.borrow_mut().pop_last();
            match entry {
                Some(e) => Ok(e.key),
                None => raise(ExcKind::KeyError, "pop from an empty set"),
            }
        }
        "clear" => {
            let entries = mutable()?.borrow_mut().take_all();
            drop(entries);
            Ok(rt::none())
        }
        "update" => {
            mutable()?;
            for other in &a.positional {
                for item in ops::to_vec(other)? {
                    ops::dict_set(&receiver, item, rt::none())?;
                }
            }
            Ok(rt::none())
        }
        "union" | "intersection" | "difference" => {
            let mut result = ops::set_from(keys(&receiver))?;
            for other in &a.positional {
                let other = ops::set_from(ops::to_vec(other)?)?;
                let op = match name {
                    "union" => BinOp::BitOr,
                    "intersection" => BinOp::BitAnd,
                    _ => BinOp::Sub,
                };
                result = ops::binary_op(op, &result, &other)?;
            }
            Ok(if matches!(receiver.kind, Kind::FrozenSet(_)) {
                ops::freeze_set(&result)
            } else {
                result
            })
        }
        "issubset" | "issuperset" => {
            a.arity(name, 1, 1)?;
            let other = ops::set_from(ops::to_vec(&a.arg(0))?)?;
            let op = if name == "issubset" { ops::CompareOp::Le } else { ops::CompareOp::Ge };
            ops::compare(&receiver, &other, op)
        }
        "isdisjoint" => {
            a.arity("isdisjoint", 1, 1)?;
            for item in ops::to_vec(&a.arg(0))? {
                if ops::contains(&receiver, &item)? {
                    return Ok(rt::boolean(false));
                }
            }
            Ok(rt::boolean(true))
        }
        "copy" => ops::copy_container(&receiver),
        _ => type_error(format!("set has no method {name}")),
    }
}

const STR_METHODS: &[&str] = &[
    "isprintable",
    "isdecimal",
    "isnumeric",
    "istitle",
    "removeprefix",
    "removesuffix",
    "expandtabs",
    "translate",
    "join",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "upper",
    "lower",
    "startswith",
    "endswith",
    "replace",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "format",
    "isdigit",
    "isalpha",
    "isspace",
    "isalnum",
    "isupper",
    "islower",
    "isidentifier",
    "title",
    "capitalize",
    "swapcase",
    "splitlines",
    "encode",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "partition",
    "rpartition",
    "casefold",
];

fn str_dispatch(a: Args) -> Res<PyRef> {
    let mut positional = a.positional.clone();
    if matches!(a.name, "split" | "rsplit") {
        // `sep=` and `maxsplit=` keywords become positions 0 and 1.
        for (key, value) in &a.keywords {
            let slot = match &**key {
                "sep" => 0,
                "maxsplit" => 1,
                other => {
                    return type_error(format!(
                        "{}() got an unexpected keyword argument '{other}'",
                        a.name
                    ))
                }
            };
            while positional.len() <= slot {
                positional.push(rt::none());
            }
            positional[slot] = value.clone();
        }
        if positional.get(1).is_some_and(|m| matches!(m.kind, Kind::None)) {
            positional[1] = rt::int(-1);
        }
    } else if a.name == "format" {
        let receiver = a.receiver();
        let template = text(&receiver).expect("a str receiver");
        return Ok(rt::str(str_format(&template, &positional, &a.keywords)?));
    } else if !a.keywords.is_empty() {
        a.no_keywords(a.name)?;
    }
    str_method(a.name, &a.receiver(), positional)
}

/// Calls the `str` method `name` on `receiver`.
pub fn str_method(name: &str, receiver: &PyRef, args: Vec<PyRef>) -> Res<PyRef> {
    let s = text(receiver).expect("a str receiver");
    let arg = |i: usize| -> Res<Rc<str>> {
        match args.get(i) {
            Some(x) => expect_str(x, "argument"),
            None => type_error(format!("{name}() missing required argument")),
        }
    };
    let opt_str = |i: usize| -> Res<Option<Rc<str>>> {
        match args.get(i) {
            Some(x) if !matches!(x.kind, Kind::None) => Ok(Some(expect_str(x, "argument")?)),
            _ => Ok(None),
        }
    };
    let maxsplit = |i: usize| -> Res<i64> {
        match args.get(i) {
            Some(x) => ops::to_index(x),
            None => Ok(-1),
        }
    };
    Ok(match name {
        "join" => {
            let items = ops::to_vec(&args.first().cloned().ok_or_else(|| {
                ExcInfo::new(rt::exception(
                    ExcKind::TypeError,
                    "join() takes exactly one argument (0 given)",
                ))
            })?)?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match text(item) {
                    Some(t) => parts.push(t.to_string()),
                    None => {
                        return type_error(format!(
                            "sequence item {i}: expected str instance, {} found",
                            types::type_name(item)
                        ))
                    }
                }
            }
            rt::str(parts.join(&s))
        }
        "split" | "rsplit" => {
            let separator = opt_str(0)?;
            let limit = maxsplit(1)?;
            let pieces: Vec<String> = match &separator {
                None => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    if limit < 0 || (limit as usize) >= words.len() {
                        words.into_iter().map(str::to_string).collect()
                    } else if name == "split" {
                        let mut out: Vec<String> =
                            words[..limit as usize].iter().map(|w| w.to_string()).collect();
                        let mut rest = s.trim_start();
                        for _ in 0..limit {
                            rest = rest.trim_start();
                            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                            rest = &rest[end..];
                        }
                        out.push(rest.trim_start().to_string());
                        out
                    } else {
                        let keep = words.len() - limit as usize;
                        let mut out = vec![words[..keep].join(" ")];
                        out.extend(words[keep..].iter().map(|w| w.to_string()));
                        out
                    }
                }
                Some(sep) if sep.is_empty() => return value_error("empty separator"),
                Some(sep) => {
                    if limit < 0 {
                        s.split(&**sep).map(str::to_string).collect()
                    } else if name == "split" {
                        s.splitn(limit as usize + 1, &**sep).map(str::to_string).collect()
                    } else {
                        let mut v: Vec<String> =
                            s.rsplitn(limit as usize + 1, &**sep).map(str::to_string).collect();
                        v.reverse();
                        v
                    }
                }
            };
            rt::list(pieces.into_iter().map(rt::str).collect())
        }
        "strip" | "lstrip" | "rstrip" => {
            let chars = opt_str(0)?;
            let matcher = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            rt::str(match name {
                "strip" => s.trim_matches(matcher),
                "lstrip" => s.trim_start_matches(matcher),
                _ => s.trim_end_matches(matcher),
            })
        }
        "upper" => rt::str(s.to_uppercase()),
        "lower" | "casefold" => rt::str(s.to_lowercase()),
        "swapcase" => rt::str(
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect::<String>(),
        ),
        "title" => {
            let mut out = String::new();
            let mut previous_cased = false;
            for c in s.chars() {
                if previous_cased {
                    out.extend(c.to_lowercase())
                } else {
                    out.extend(c.to_uppercase())
                }
                previous_cased = c.is_alphabetic();
            }
            rt::str(out)
        }
        "capitalize" => {
            let mut chars = s.chars();
            rt::str(match chars.next() {
                Some(first) => format!("{}{}", first.to_uppercase(), chars.as_str().to_lowercase()),
                None => String::new(),
            })
        }
        "startswith" | "endswith" => {
            let prefixes: Vec<Rc<str>> = match args.first().map(|a| &a.kind) {
                Some(Kind::Tuple(items)) => {
                    items.iter().map(|i| expect_str(i, "prefix")).collect::<Res<_>>()?
                }
                _ => vec![arg(0)?],
            };
            let (start, end) = char_bounds(&s, args.get(1), args.get(2))?;
            let window: String = if start > end {
                String::new()
            } else {
                s.chars().skip(start).take(end - start).collect()
            };
            let found = start <= end
                && prefixes.iter().any(|p| {
                    if name == "startswith" {
                        window.starts_with(&**p)
                    } else {
                        window.ends_with(&**p)
                    }
                });
            rt::boolean(found)
        }
        "replace" => {
            let (old, new) = (arg(0)?, arg(1)?);
            let count = maxsplit(2)?;
            rt::str(if count < 0 {
                s.replace(&*old, &new)
            } else {
                s.replacen(&*old, &new, count as usize)
            })
        }
        "find" | "rfind" | "index" | "rindex" | "count" => {
            let needle = arg(0)?;
            let (start, end) = char_bounds(&s, args.get(1), args.get(2))?;
            let chars: Vec<char> = s.chars().collect();
            let window: String =
                if start > end { String::new() } else { chars[start..end].iter().collect() };
            if name == "count" {
                let n = if start > end {
                    0
                } else if needle.is_empty() {
                    window.chars().count() + 1
                } else {
                    window.matches(&*needle).count()
                };
                return Ok(rt::int(n as i64));
            }
            let found = if start > end {
                None
            } else if name.starts_with('r') {
                window.rfind(&*needle)
            } else {
                window.find(&*needle)
            };
            match found {
                Some(byte) => rt::int((start + window[..byte].chars().count()) as i64),
                None if name.ends_with("find") => rt::int(-1),
                None => return value_error("substring not found"),
            }
        }
        "format" => rt::str(str_format(&s, &args, &[])?),
        "isdigit" => rt::boolean(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
        "isdecimal" | "isnumeric" => {
            rt::boolean(!s.is_empty() && s.chars().all(|c| c.is_numeric()))
        }
        "isprintable" => {
            rt::boolean(s.chars().all(|c| !c.is_control() && c != '\u{2028}' && c != '\u{2029}'))
        }
        "istitle" => {
            let mut cased = false;
            let mut previous_cased = false;
            let mut title = true;
            for c in s.chars() {
                if c.is_uppercase() {
                    if previous_cased {
                        title = false;
                    }
                    previous_cased = true;
                    cased = true;
                } else if c.is_lowercase() {
                    if !previous_cased {
                        title = false;
                    }
                    previous_cased = true;
                    cased = true;
                } else {
                    previous_cased = false;
                }
            }
            rt::boolean(title && cased)
        }
        "removeprefix" => {
            let prefix = arg(0)?;
            rt::str(s.strip_prefix(&*prefix).unwrap_or(&s))
        }
        "removesuffix" => {
            let suffix = arg(0)?;
            rt::str(if suffix.is_empty() { &s[..] } else { s.strip_suffix(&*suffix).unwrap_or(&s) })
        }
        "expandtabs" => {
            let size = match args.first() {
                Some(n) => ops::to_index(n)?.max(0) as usize,
                None => 8,
            };
            let mut out = String::new();
            let mut column = 0;
            for c in s.chars() {
                match c {
                    '\t' => {
                        let spaces = if size == 0 { 0 } else { size - column % size };
                        out.extend(std::iter::repeat_n(' ', spaces));
                        column += spaces;
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        column = 0;
                    }
                    _ => {
                        out.push(c);
                        column += 1;
                    }
                }
            }
            rt::str(out)
        }
        "translate" => {
            let table = args.first().cloned().ok_or_else(|| {
                ExcInfo::new(rt::exception(
                    ExcKind::TypeError,
                    "translate() takes exactly one argument (0 given)",
                ))
            })?;
            let mut out = String::new();
            for c in s.chars() {
                match ops::getitem(&table, &rt::int(c as i64)) {
                    Ok(mapped) => match &mapped.kind {
                        Kind::None => {}
                        Kind::Str(t) => out.push_str(t),
                        Kind::Int(_) => match u32::try_from(ops::to_index(&mapped)?)
                            .ok()
                            .and_then(char::from_u32)
                        {
                            Some(m) => out.push(m),
                            None => {
                                return value_error("character mapping must be in range(0x110000)")
                            }
                        },
                        _ => {
                            return type_error("character mapping must return integer, None or str")
                        }
                    },
                    Err(e) if rt::is_exception(&e.value, ExcKind::LookupError) => out.push(c),
                    Err(e) => return Err(e),
                }
            }
            rt::str(out)
        }
        "isalpha" => rt::boolean(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isspace" => rt::boolean(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isalnum" => rt::boolean(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isupper" => {
            rt::boolean(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
        }
        "islower" => {
            rt::boolean(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase))
        }
        "isidentifier" => rt::boolean(
            s.chars().next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && s.chars().all(|c| c == '_' || c.is_alphanumeric()),
        ),
        "splitlines" => rt::list(s.lines().map(rt::str).collect()),
        "encode" => alloc(Kind::Bytes(Rc::from(s.as_bytes()))),
        "center" | "ljust" | "rjust" | "zfill" => {
            let width = match args.first() {
                Some(w) => ops::to_index(w)?.max(0) as usize,
                None => return type_error(format!("{name}() takes at least 1 argument (0 given)")),
            };
            let fill = match opt_str(1)? {
                Some(f) if f.chars().count() == 1 => f.chars().next().expect("one"),
                Some(_) => {
                    return type_error("The fill character must be exactly one character long")
                }
                None => {
                    if name == "zfill" {
                        '0'
                    } else {
                        ' '
                    }
                }
            };
            let len = s.chars().count();
            if width <= len {
                rt::str(s.clone())
            } else {
                let padding = width - len;
                let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
                rt::str(match name {
                    "ljust" => format!("{s}{}", fills(padding)),
                    "rjust" => format!("{}{s}", fills(padding)),
                    "zfill" => match s.strip_prefix(['-', '+']) {
                        Some(rest) => format!("{}{}{rest}", &s[..1], fills(padding)),
                        None => format!("{}{s}", fills(padding)),
                    },
                    _ => {
                        let left = padding / 2 + (padding & len & 1);
                        format!("{}{s}{}", fills(left), fills(padding - left))
                    }
                })
            }
        }
        "partition" | "rpartition" => {
            let sep = arg(0)?;
            let found = if name == "partition" { s.find(&*sep) } else { s.rfind(&*sep) };
            match found {
                Some(i) => rt::tuple(vec![
                    rt::str(&s[..i]),
                    rt::str(sep.clone()),
                    rt::str(&s[i + sep.len()..]),
                ]),
                None if name == "partition" => {
                    rt::tuple(vec![rt::str(s.clone()), rt::str(""), rt::str("")])
                }
                None => rt::tuple(vec![rt::str(""), rt::str(""), rt::str(s.clone())]),
            }
        }
        _ => return type_error(format!("str has no method {name}")),
    })
}

/// `[start:end]` of a str method, as char indices clamped like slices.
fn char_bounds(s: &str, start: Option<&PyRef>, end: Option<&PyRef>) -> Res<(usize, usize)> {
    let len = s.chars().count() as i64;
    let clamp = |value: Option<&PyRef>, default: i64| -> Res<usize> {
        let v = match value {
            Some(v) if !matches!(v.kind, Kind::None) => ops::to_index(v)?,
            _ => default,
        };
        let v = if v < 0 { (v + len).max(0) } else { v.min(len + 1) };
        Ok(v as usize)
    };
    let (start, end) = (clamp(start, 0)?, clamp(end, len)?.min(len as usize));
    // A start past the end matches nothing (`"abc".find("", 4)` is -1).
    Ok((start, end))
}

/// `"...".format(*args, **kwargs)`: positional (automatic or numbered) and keyword fields,
/// `.attribute` and `[key]` lookups, conversions, and specs with nested fields.
fn str_format(template: &str, args: &[PyRef], kwargs: &[(Rc<str>, PyRef)]) -> Res<String> {
    let mut auto = 0;
    format_template(template, args, kwargs, &mut auto, 0)
}

fn format_template(
    template: &str,
    args: &[PyRef],
    kwargs: &[(Rc<str>, PyRef)],
    auto: &mut usize,
    depth: usize,
) -> Res<String> {
    if depth > 2 {
        return value_error("Max string recursion exceeded");
    }
    let mut out = String::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return value_error("Single '}' encountered in format string");
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        // The matching '}', allowing one level of nested fields in the spec.
        let mut level = 0;
        let mut end = None;
        for (j, &d) in chars.iter().enumerate().skip(i + 1) {
            match d {
                '{' => level += 1,
                '}' if level == 0 => {
                    end = Some(j);
                    break;
                }
                '}' => level -= 1,
                _ => {}
            }
        }
        let Some(end) = end else {
            return value_error("Single '{' encountered in format string");
        };
        let field: String = chars[i + 1..end].iter().collect();
        i = end + 1;
        // field_name ["!" conversion] [":" spec]; the name part stops at the first '!' or ':'
        // outside brackets.
        let mut split = field.len();
        let mut bracket = false;
        for (j, ch) in field.char_indices() {
            match ch {
                '[' => bracket = true,
                ']' => bracket = false,
                '!' | ':' if !bracket => {
                    split = j;
                    break;
                }
                _ => {}
            }
        }
        let (name, rest) = field.split_at(split);
        let (conversion, spec) = match rest.strip_prefix('!') {
            Some(after) => match after.split_once(':') {
                Some((conv, spec)) => (Some(conv.to_string()), spec.to_string()),
                None => (Some(after.to_string()), String::new()),
            },
            None => (None, rest.strip_prefix(':').unwrap_or("").to_string()),
        };
        let spec = if spec.contains('{') {
            format_template(&spec, args, kwargs, auto, depth + 1)?
        } else {
            spec
        };
        let value = resolve_field(name, args, kwargs, auto)?;
        let value = match conversion.as_deref() {
            None => value,
            Some("r") => rt::str(ops::repr(&value)?),
            Some("s") => rt::str(ops::str_of(&value)?),
            Some("a") => rt::str(crate::types::format::ascii(&ops::repr(&value)?)),
            Some(other) => return value_error(format!("Unknown conversion specifier {other}")),
        };
        out.push_str(&crate::types::format::format_value(&value, &spec)?);
    }
    Ok(out)
}

fn resolve_field(
    name: &str,
    args: &[PyRef],
    kwargs: &[(Rc<str>, PyRef)],
    auto: &mut usize,
) -> Res<PyRef> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(first_end);
    let mut value = if first.is_empty() {
        let index = *auto;
        *auto += 1;
        match args.get(index) {
            Some(v) => v.clone(),
            None => {
                return raise(
                    ExcKind::IndexError,
                    format!("Replacement index {index} out of range for positional args tuple"),
                )
            }
        }
    } else if let Ok(index) = first.parse::<usize>() {
        match args.get(index) {
            Some(v) => v.clone(),
            None => {
                return raise(
                    ExcKind::IndexError,
                    format!("Replacement index {index} out of range for positional args tuple"),
                )
            }
        }
    } else {
        match kwargs.iter().find(|(k, _)| &**k == first) {
            Some((_, v)) => v.clone(),
            None => {
                return Err(ExcInfo::new(rt::exception_of(
                    rt::exception_class(ExcKind::KeyError),
                    vec![rt::str(first)],
                )))
            }
        }
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            value = attr::getattr(&value, &after[..end])?;
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some(close) = after.find(']') else {
                return value_error("Missing ']' in format string");
            };
            let key = &after[..close];
            let key = match key.parse::<i64>() {
                Ok(n) => rt::int(n),
                Err(_) => rt::str(key),
            };
            value = ops::getitem(&value, &key)?;
            rest = &after[close + 1..];
        } else {
            return value_error("Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    Ok(value)
}

// ---- files ------------------------------------------------------------------------------

fn builtin_open(a: Args) -> Res<PyRef> {
    a.arity("open", 1, 3)?;
    let path = expect_str(&a.arg(0), "file")?;
    let mode: Rc<str> = match a.positional.get(1).cloned().or_else(|| a.keyword("mode")) {
        Some(m) => expect_str(&m, "mode")?,
        None => "r".into(),
    };
    let mut options = std::fs::OpenOptions::new();
    match mode.replace(['b', 't'], "").as_str() {
        "r" => options.read(true),
        "w" => options.write(true).create(true).truncate(true),
        "a" => options.append(true).create(true),
        "x" => options.write(true).create_new(true),
        "r+" => options.read(true).write(true),
        "w+" => options.read(true).write(true).create(true).truncate(true),
        "a+" => options.read(true).append(true).create(true),
        other => return value_error(format!("invalid mode: '{other}'")),
    };
    match options.open(&*path) {
        Ok(file) => Ok(alloc(Kind::file(FileState {
            name: path,
            mode,
            file: Some(file),
            pending: String::new(),
        }))),
        Err(e) => {
            let (class, text) = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    (ExcKind::FileNotFoundError, "No such file or directory")
                }
                std::io::ErrorKind::PermissionDenied => {
                    (ExcKind::PermissionError, "Permission denied")
                }
                std::io::ErrorKind::AlreadyExists => (ExcKind::FileExistsError, "File exists"),
                _ => (ExcKind::OSError, "I/O error"),
            };
            let code = e.raw_os_error().unwrap_or(0);
            raise(class, format!("[Errno {code}] {text}: {}", ops::str_repr(&path)))
        }
    }
}

fn closed_file<T>() -> Res<T> {
    value_error("I/O operation on closed file.")
}

fn file_method(object: &PyRef, name: &str) -> Option<PyRef> {
    let Kind::File(state) = &object.kind else { return None };
    match name {
        "closed" => return Some(rt::boolean(state.borrow().file.is_none())),
        "name" => return Some(rt::str(state.borrow().name.clone())),
        "mode" => return Some(rt::str(state.borrow().mode.clone())),
        _ => {}
    }
    let function: NativeFn = match name {
        "read" => |a| {
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            let mut state = state.borrow_mut();
            let mut content = std::mem::take(&mut state.pending);
            let Some(file) = state.file.as_mut() else { return closed_file() };
            file.read_to_string(&mut content)
                .map_err(|e| ExcInfo::new(rt::exception(ExcKind::OSError, e.to_string())))?;
            Ok(rt::str(content))
        },
        "readline" => |a| Ok(file_next_line(&a.receiver())?.unwrap_or_else(|| rt::str(""))),
        "readlines" => |a| {
            let receiver = a.receiver();
            let mut lines = Vec::new();
            while let Some(line) = file_next_line(&receiver)? {
                lines.push(line);
            }
            Ok(rt::list(lines))
        },
        "write" => |a| {
            a.arity("write", 1, 1)?;
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            let data = expect_str(&a.arg(0), "write() argument")?;
            let mut state = state.borrow_mut();
            let Some(file) = state.file.as_mut() else { return closed_file() };
            file.write_all(data.as_bytes())
                .map_err(|e| ExcInfo::new(rt::exception(ExcKind::OSError, e.to_string())))?;
            Ok(rt::int(data.chars().count() as i64))
        },
        "flush" => |_| Ok(rt::none()),
        "close" | "__exit__" => |a| {
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            let file = state.borrow_mut().file.take();
            drop(file);
            Ok(rt::none())
        },
        "__enter__" => |a| {
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            if state.borrow().file.is_none() {
                return closed_file();
            }
            Ok(receiver)
        },
        "__iter__" => |a| Ok(a.receiver()),
        _ => return None,
    };
    Some(method_of(object, static_name(name), function))
}

/// The next line of a file object (iteration, `readline`).
pub fn file_next_line(file: &PyRef) -> Res<Option<PyRef>> {
    let Kind::File(state) = &file.kind else { return Ok(None) };
    let mut state = state.borrow_mut();
    loop {
        if let Some(end) = state.pending.find('\n') {
            let line: String = state.pending.drain(..=end).collect();
            return Ok(Some(rt::str(line)));
        }
        let Some(handle) = state.file.as_mut() else { return closed_file() };
        let mut buffer = [0u8; 4096];
        let n = handle
            .read(&mut buffer)
            .map_err(|e| ExcInfo::new(rt::exception(ExcKind::OSError, e.to_string())))?;
        if n == 0 {
            if state.pending.is_empty() {
                return Ok(None);
            }
            let rest = std::mem::take(&mut state.pending);
            return Ok(Some(rt::str(rest)));
        }
        state.pending.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
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
