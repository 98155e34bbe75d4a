//! Truth value, `repr()` and `str()`.

use std::rc::Rc;

use num_bigint::BigInt;
use rcgc::Gc;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{builtin_base, Iter, Kind, PyRef};
use crate::types;

use super::*;

pub fn truthy(object: &PyRef) -> Res<bool> {
    Ok(match &object.kind {
        Kind::None => false,
        Kind::Bool(b) => *b,
        Kind::Int(i) => !i.is_zero(),
        Kind::Float(f) => *f != 0.0,
        Kind::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Kind::Str(..) => !crate::object::text_of(object).is_empty(),
        Kind::Bytes(b) => !b.is_empty(),
        Kind::List(items) => !items.borrow().is_empty(),
        Kind::Tuple(items) => !items.is_empty(),
        Kind::Dict(d) | Kind::Set(d) => !d.borrow().is_empty(),
        Kind::FrozenSet(d) => !d.is_empty(),
        Kind::Range { .. } => len(object)? > 0,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            // An instance without a built-in base whose class has neither method: true. The
            // class epoch changes with any class namespace change, so the answer is redone
            // when a `__bool__` or `__len__` appears.
            let plain = !matches!(object.kind, Kind::Extended(_));
            let class = object.instance().expect("an instance").class();
            let class_data = match &class.kind {
                Kind::Class(data) => Some(data),
                _ => None,
            };
            let epoch = crate::object::class::class_epoch() + 1;
            if plain && class_data.is_some_and(|d| d.construct.always_true.get() == epoch) {
                return Ok(true);
            }
            if let Some(result) =
                call_special_name(object, crate::object::hash::name!("__bool__"), vec![])?
            {
                return match result.kind {
                    Kind::Bool(b) => Ok(b),
                    _ => type_error(format!(
                        "__bool__ should return bool, returned {}",
                        types::type_name(&result)
                    )),
                };
            }
            if lookup_special_name(object, crate::object::hash::name!("__len__")).is_some() {
                return Ok(len(object)? > 0);
            }
            match builtin_base(object) {
                Some(base) => return truthy(&base),
                None => {
                    // Both lookups ran no Python code (they found nothing), so the epoch
                    // read before them still describes the class.
                    if let Some(data) = class_data.filter(|_| plain) {
                        data.construct.always_true.set(epoch);
                    }
                    true
                }
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
    let mut formatted = format!("{value:e}");
    // Of two shortest strings equally near the value, Rust's picks the one rounded half up
    // and CPython's (David Gay's) the one rounded half to even: `2**-25` is
    // 2.9802322387695312e-08. Formatting with that many digits rounds the exact value half
    // to even; it is CPython's string whenever it also reads back as the value.
    let digit_count = formatted
        .split_once('e')
        .map_or(0, |(m, _)| m.chars().filter(|c| c.is_ascii_digit()).count());
    if digit_count > 1 {
        let nearest = format!("{:.*e}", digit_count - 1, value);
        if nearest != formatted && nearest.parse::<f64>() == Ok(value) {
            formatted = nearest;
        }
    }
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

/// Python's `repr` of a str (the compiler's, which writes annotations' constants too).
pub fn str_repr(text: &str) -> String {
    crate::compile::unparse::str_repr(text)
}

pub(super) fn address(object: &PyRef) -> String {
    format!("0x{:012x}", Gc::as_ptr(object) as usize)
}

/// Guards against infinite recursion through self-containing containers: `[...]` (CPython's
/// `Py_ReprEnter`).
pub fn with_repr_guard(
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

pub(super) fn join_reprs(items: &[PyRef]) -> Res<String> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        parts.push(repr(item)?.to_string());
    }
    Ok(parts.join(", "))
}

/// A bytes literal for `data` (CPython's bytes repr): double quotes when there is a `'` and
/// no `"`; `bytearray`'s repr escapes `'` even then (`escape_single`), as CPython's does.
fn bytes_literal(data: &[u8], escape_single: bool) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::with_capacity(data.len() + 3);
    out.push('b');
    out.push(quote);
    for &byte in data {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\'' if quote == '\'' || escape_single => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote);
    out
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
        Kind::Str(..) => str_repr(crate::object::text_of(object)),
        Kind::ByteArray(b) => format!("bytearray({})", bytes_literal(&b.borrow(), true)),
        Kind::Bytes(b) => bytes_literal(b, false),
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
        Kind::Class(_) => {
            if let Some(result) =
                call_special_name(object, crate::object::hash::name!("__repr__"), vec![])?
            {
                return repr_result(&result);
            }
            class_repr(object)
        }
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(result) =
                call_special_name(object, crate::object::hash::name!("__repr__"), vec![])?
            {
                return repr_result(&result);
            }
            if let Some(base) = &builtin_base(object) {
                return repr(base);
            }
            if types::is_subclass(&instance.class(), &rt::exception_class(ExcKind::BaseException)) {
                let args = exception_args(object);
                let name = types::class_name(&instance.class());
                return Ok(if args.len() == 1 {
                    format!("{name}({})", repr(&args[0])?)
                } else {
                    format!("{name}({})", join_reprs(&args)?)
                }
                .into());
            }
            let module = crate::object::class::class_lookup_name(
                &instance.class(),
                crate::object::hash::name!("__module__"),
            )
            .and_then(|m| crate::object::str_text(&m).map(str::to_string))
            .unwrap_or_else(|| "__main__".into());
            let qualname = match &instance.class().kind {
                Kind::Class(c) => c.qualname.clone(),
                _ => "?".into(),
            };
            format!("<{module}.{qualname} object at {}>", address(object))
        }
        // importlib's `_module_repr`: the file a module came from, else plain for a module
        // made by `types.ModuleType` (it has `__spec__`), else a native module's "(built-in)".
        Kind::Module(m) => match rt::dict_get_str(&m.dict, "__file__") {
            Some(file) if crate::object::str_text(&file).is_some() => {
                format!("<module '{}' from '{}'>", m.name, crate::object::text_of(&file))
            }
            _ if rt::dict_get_str(&m.dict, "__spec__").is_some() => {
                format!("<module '{}'>", m.name)
            }
            _ => format!("<module '{}' (built-in)>", m.name),
        },
        Kind::Cell(_) => format!("<cell at {}>", address(object)),
        Kind::Iterator(state) if matches!(state.try_borrow().as_deref(), Ok(Iter::Native(_))) => {
            let own = match state.try_borrow().as_deref() {
                Ok(Iter::Native(native)) => native.repr(),
                _ => None,
            };
            match own {
                Some(own_repr) => own_repr(object)?,
                None => {
                    let class = types::type_of(object);
                    let module = crate::object::class::class_lookup_name(
                        &class,
                        crate::object::hash::name!("__module__"),
                    )
                    .and_then(|m| crate::object::str_text(&m).map(str::to_string))
                    .unwrap_or_else(|| "builtins".into());
                    format!(
                        "<{module}.{} object at {}>",
                        types::class_name(&class),
                        address(object)
                    )
                }
            }
        }
        Kind::Iterator(state) => match state.try_borrow().as_deref() {
            Ok(Iter::Function(g)) => format!(
                "<{} object {} at {}>",
                match g.flavor() {
                    crate::object::GenFlavor::Generator => "generator",
                    crate::object::GenFlavor::Coroutine => "coroutine",
                    crate::object::GenFlavor::AsyncGenerator => "async_generator",
                },
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
        Kind::Traceback(_) => format!("<traceback object at {}>", address(object)),
        Kind::Code(code) => format!(
            "<code object {} at {}, file \"{}\", line {}>",
            code.code.name,
            address(object),
            code.code.filename,
            code.code.first_line
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

/// The text of `str(x)`: borrowed from a str object, or shared (`Rc`) when made.
pub enum Text<'a> {
    Borrowed(&'a str),
    Shared(Rc<str>),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Shared(text) => text,
        }
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

/// `str(x)`: a str's own text is borrowed (printing or formatting a str copies nothing more).
pub fn str_of(object: &PyRef) -> Res<Text<'_>> {
    crate::object::check_alive(object)?;
    match &object.kind {
        Kind::Str(..) => Ok(Text::Borrowed(crate::object::text_of(object))),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            if let Some(result) =
                call_special_name(object, crate::object::hash::name!("__str__"), vec![])?
            {
                return match crate::object::str_text(&result) {
                    Some(s) => Ok(Text::Shared(Rc::from(s))),
                    None => type_error(format!(
                        "__str__ returned non-string (type {})",
                        types::type_name(&result)
                    )),
                };
            }
            if types::is_subclass(&instance.class(), &rt::exception_class(ExcKind::BaseException)) {
                if let Some(text) = unicode_error_str(object, &instance.class())? {
                    return Ok(Text::Shared(text.into()));
                }
                if let Some(text) = os_error_str(object, &instance.class())? {
                    return Ok(Text::Shared(text.into()));
                }
                let args = exception_args(object);
                let is_key_error =
                    types::is_subclass(&instance.class(), &rt::exception_class(ExcKind::KeyError));
                return Ok(Text::Shared(match args.len() {
                    0 => "".into(),
                    1 if is_key_error => repr(&args[0])?,
                    1 => Rc::from(&*str_of(&args[0])?),
                    _ => repr(&rt::tuple(args))?,
                }));
            }
            if let Some(s) = crate::types::str::text(object) {
                return Ok(Text::Borrowed(s));
            }
            Ok(Text::Shared(repr(object)?))
        }
        _ => Ok(Text::Shared(repr(object)?)),
    }
}

/// `str()` of an `OSError` with `errno` and `strerror` (CPython's `OSError_str`):
/// `[Errno 2] No such file or directory: 'name'` (`-> 'other'` with a second filename).
fn os_error_str(object: &PyRef, class: &PyRef) -> Res<Option<String>> {
    if !types::is_subclass(class, &rt::exception_class(ExcKind::OSError)) {
        return Ok(None);
    }
    let Some(instance) = object.instance() else { return Ok(None) };
    let field = |name: &str| {
        rt::dict_get_str(&instance.dict, name).filter(|v| !matches!(v.kind, Kind::None))
    };
    let (errno, strerror) = (field("errno"), field("strerror"));
    Ok(match (field("filename"), field("filename2")) {
        (Some(filename), Some(filename2)) => Some(format!(
            "[Errno {}] {}: {} -> {}",
            str_of(&errno.unwrap_or_else(rt::none))?,
            str_of(&strerror.unwrap_or_else(rt::none))?,
            repr(&filename)?,
            repr(&filename2)?
        )),
        (Some(filename), None) => Some(format!(
            "[Errno {}] {}: {}",
            str_of(&errno.unwrap_or_else(rt::none))?,
            str_of(&strerror.unwrap_or_else(rt::none))?,
            repr(&filename)?
        )),
        _ => match (errno, strerror) {
            (Some(errno), Some(strerror)) => {
                Some(format!("[Errno {}] {}", str_of(&errno)?, str_of(&strerror)?))
            }
            _ => None,
        },
    })
}

/// `str()` of a `UnicodeEncodeError`/`UnicodeDecodeError` made with its five fields, as
/// CPython's `UnicodeEncodeError_str`/`UnicodeDecodeError_str` (`None`: not such an error).
fn unicode_error_str(object: &PyRef, class: &PyRef) -> Res<Option<String>> {
    let encode = types::is_subclass(class, &rt::exception_class(ExcKind::UnicodeEncodeError));
    if !encode && !types::is_subclass(class, &rt::exception_class(ExcKind::UnicodeDecodeError)) {
        return Ok(None);
    }
    let Some(dict) = object.instance().map(|i| i.dict.clone()) else { return Ok(None) };
    let field = |name: &str| rt::dict_get_str(&dict, name);
    let (Some(encoding), Some(data), Some(start), Some(end), Some(reason)) =
        (field("encoding"), field("object"), field("start"), field("end"), field("reason"))
    else {
        return Ok(None);
    };
    let (start, end) = (crate::types::ops::to_index(&start)?, crate::types::ops::to_index(&end)?);
    let (encoding, reason) = (str_of(&encoding)?.to_string(), str_of(&reason)?.to_string());
    let single = if encode {
        let text = crate::types::str::text(&data).unwrap_or("");
        let c = usize::try_from(start).ok().and_then(|s| text.chars().nth(s));
        c.filter(|_| end == start + 1).map(|c| match c as u32 {
            code @ 0..=0xff => format!("character '\\x{code:02x}'"),
            code @ 0x100..=0xffff => format!("character '\\u{code:04x}'"),
            code => format!("character '\\U{code:08x}'"),
        })
    } else {
        let bytes = crate::types::ops::bytes_like(&data).unwrap_or_default();
        let b = usize::try_from(start).ok().and_then(|s| bytes.get(s).copied());
        b.filter(|_| end == start + 1).map(|b| format!("byte 0x{b:02x}"))
    };
    let verb = if encode { "encode" } else { "decode" };
    Ok(Some(match single {
        Some(what) => {
            format!("'{encoding}' codec can't {verb} {what} in position {start}: {reason}")
        }
        None => {
            let what = if encode { "characters" } else { "bytes" };
            format!(
                "'{encoding}' codec can't {verb} {what} in position {start}-{}: {reason}",
                end - 1
            )
        }
    }))
}

/// `type.__repr__`: `<class 'module.Qualname'>`.
pub fn class_repr(object: &PyRef) -> String {
    let Kind::Class(class) = &object.kind else { return String::new() };
    match class.builtin {
        Some(_) => format!("<class '{}'>", class.name),
        None => {
            let module = crate::object::class::class_lookup_name(
                object,
                crate::object::hash::name!("__module__"),
            )
            .and_then(|m| crate::object::str_text(&m).map(str::to_string))
            .unwrap_or_else(|| "__main__".into());
            let builtin_exception = || {
                types::is_subclass(object, &rt::exception_class(ExcKind::BaseException))
                    && rt::with(|r| {
                        r.exception_classes().iter().any(|(_, c)| Gc::ptr_eq(c, object))
                    })
            };
            // Built-in classes made in Rust (`dict_keys`) show no module, as CPython's.
            if module == "builtins" || builtin_exception() {
                format!("<class '{}'>", class.name)
            } else {
                format!("<class '{module}.{}'>", class.qualname)
            }
        }
    }
}

/// The text of what a `__repr__` defined in Python returned, which must be a str.
fn repr_result(result: &PyRef) -> Res<Rc<str>> {
    match crate::object::str_text(result) {
        Some(s) => Ok(Rc::from(s)),
        None => {
            type_error(format!("__repr__ returned non-string (type {})", types::type_name(result)))
        }
    }
}
