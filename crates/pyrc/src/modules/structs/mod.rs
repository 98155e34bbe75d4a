//! The native `_struct` module (CPython's `Modules/_struct.c`): `pack`, `unpack`,
//! `calcsize`, `pack_into`, `unpack_from`, `iter_unpack`, `Struct` and `error`, every format
//! code in every byte order; `struct.py` from CPython's Lib re-exports it.
//!
//! `Struct` is a class of the module whose instances keep their format in `format` and
//! `size`; its methods run the module's functions on it.

mod format;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{self, attr, ops};

use format::{Format, Item, Order};

use super::{native, new_module};

thread_local! {
    /// `struct.error`, made with the module.
    static ERROR: RefCell<Option<PyRef>> = const { RefCell::new(None) };
    /// Parsed formats by text (CPython keeps such a cache too; `_clearcache` empties it).
    static CACHE: RefCell<HashMap<String, Rc<Format>>> = RefCell::new(HashMap::new());
}

const MAX_CACHE: usize = 100;

/// Raises `struct.error(message)`.
fn error<T>(message: impl AsRef<str>) -> Res<T> {
    let class = ERROR.with(|e| e.borrow().clone());
    match class {
        Some(class) => {
            let value = ops::call(&class, vec![rt::str(message.as_ref())], Vec::new())?;
            Err(ExcInfo::new(value))
        }
        None => raise(ExcKind::ValueError, message),
    }
}

/// The text of a format argument (str or bytes).
fn format_text(format: &PyRef) -> Res<String> {
    match &format.kind {
        Kind::Str(..) => Ok(crate::object::str_text(format).unwrap_or("").to_string()),
        Kind::Bytes(bytes) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        _ => type_error(format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            types::type_name(format)
        )),
    }
}

/// The parsed format of a format argument or a `Struct`.
fn format_of(format: &PyRef) -> Res<Rc<Format>> {
    let format = if is_struct(format) { attr::getattr(format, "format")? } else { format.clone() };
    let text = format_text(&format)?;
    if let Some(parsed) = CACHE.with(|c| c.borrow().get(&text).cloned()) {
        return Ok(parsed);
    }
    let parsed = match format::parse(&text) {
        Ok(parsed) => Rc::new(parsed),
        Err(message) => return error(message),
    };
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= MAX_CACHE {
            cache.clear();
        }
        cache.insert(text, parsed.clone());
    });
    Ok(parsed)
}

/// An integer argument (ints, bools, objects with `__index__`), as CPython's `get_pylong`.
fn integer(value: &PyRef) -> Res<BigInt> {
    if let Some(n) = ops::to_bigint(value) {
        return Ok(n);
    }
    if matches!(value.kind, Kind::Instance(_) | Kind::Extended(_))
        && ops::lookup_special(value, "__index__").is_some()
    {
        let index = ops::call_special(value, "__index__", Vec::new())?.unwrap_or_else(rt::none);
        if let Some(n) = ops::to_bigint(&index) {
            return Ok(n);
        }
    }
    error("required argument is not an integer")
}

/// Encodes one integer of `item`'s code with CPython's range checks and messages.
fn pack_integer(item: &Item, value: &PyRef, order: Order, out: &mut [u8]) -> Res<()> {
    let n = integer(value)?;
    let code = item.code;
    let signed = matches!(code, b'b' | b'h' | b'i' | b'l' | b'q' | b'n');
    // b/B/h/H are read as C longs first (so -1 for 'B' gets the range message); the other
    // unsigned codes as unsigned values (a negative one is "out of range").
    let small = matches!(code, b'b' | b'B' | b'h' | b'H');
    let raw: u64 = if code == b'P' {
        match n.to_i64().map(|v| v as u64).or_else(|| n.to_u64()) {
            Some(v) => v,
            None => return error("int too large to convert"),
        }
    } else if signed || small {
        let Some(v) = n.to_i64() else { return error("argument out of range") };
        let bits = 8 * item.size as u32;
        let (low, high) = if signed {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        };
        if i128::from(v) < low || i128::from(v) > high {
            return error(match code {
                b'b' => "byte format requires -128 <= number <= 127".to_string(),
                b'B' => "ubyte format requires 0 <= number <= 255".to_string(),
                b'h' => "short format requires -32768 <= number <= 32767".to_string(),
                b'H' => "ushort format requires 0 <= number <= 65535".to_string(),
                _ if item.size == 8 => "argument out of range".to_string(),
                _ => format!("'{}' format requires {low} <= number <= {high}", code as char),
            });
        }
        v as u64
    } else {
        if n.is_negative() {
            return error("argument out of range");
        }
        let Some(v) = n.to_u64() else { return error("argument out of range") };
        if item.size < 8 && v >> (8 * item.size) != 0 {
            let high = (1u64 << (8 * item.size)) - 1;
            return error(format!("'{}' format requires 0 <= number <= {high}", code as char));
        }
        v
    };
    format::put_int(out, raw, item.size, order.little());
    Ok(())
}

/// A float argument (floats and anything with `__float__` or `__index__`).
fn float(value: &PyRef) -> Res<f64> {
    let convertible = match &value.kind {
        Kind::Float(_) | Kind::Int(_) | Kind::Bool(_) => true,
        Kind::Instance(_) | Kind::Extended(_) => {
            ops::lookup_special(value, "__float__").is_some()
                || ops::lookup_special(value, "__index__").is_some()
        }
        _ => false,
    };
    if !convertible {
        return error("required argument is not a float");
    }
    ops::to_f64(value)
}

/// Packs `values` by `format` into `out` (which is `format.size` bytes).
fn pack_values(format: &Format, values: &[PyRef], out: &mut [u8]) -> Res<()> {
    let mut next = values.iter();
    let little = format.order.little();
    for item in &format.items {
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let value = next.next().expect("counted");
                let Some(data) = bytes_of(value) else {
                    return error(format!(
                        "argument for '{}' must be a bytes object",
                        item.code as char
                    ));
                };
                let field = &mut out[item.offset..item.offset + item.count];
                if item.code == b's' {
                    let n = data.len().min(item.count);
                    field[..n].copy_from_slice(&data[..n]);
                } else if item.count > 0 {
                    let n = data.len().min(item.count - 1).min(255);
                    field[0] = n as u8;
                    field[1..=n].copy_from_slice(&data[..n]);
                }
            }
            _ => {
                for k in 0..item.count {
                    let value = next.next().expect("counted");
                    let at = item.offset + k * item.size;
                    let slot = &mut out[at..at + item.size];
                    match item.code {
                        b'c' => match &value.kind {
                            Kind::Bytes(b) if b.len() == 1 => slot[0] = b[0],
                            _ => return error("char format requires a bytes object of length 1"),
                        },
                        b'?' => slot[0] = u8::from(ops::truthy(value)?),
                        b'e' => {
                            let Some(bits) = format::f64_to_half(float(value)?) else {
                                return raise(
                                    ExcKind::OverflowError,
                                    "float too large to pack with e format",
                                );
                            };
                            format::put_int(slot, u64::from(bits), 2, little);
                        }
                        b'f' => {
                            let x = float(value)?;
                            let narrow = x as f32;
                            if narrow.is_infinite()
                                && x.is_finite()
                                && format.order != Order::Native
                            {
                                return raise(
                                    ExcKind::OverflowError,
                                    "float too large to pack with f format",
                                );
                            }
                            format::put_int(slot, u64::from(narrow.to_bits()), 4, little);
                        }
                        b'd' => format::put_int(slot, float(value)?.to_bits(), 8, little),
                        _ => pack_integer(item, value, format.order, slot)?,
                    }
                }
            }
        }
    }
    Ok(())
}

/// The bytes of a `bytes` or `bytearray` argument.
fn bytes_of(value: &PyRef) -> Option<Vec<u8>> {
    ops::bytes_like(value)
}

/// Unpacks `data` (exactly `format.size` bytes) into a tuple.
fn unpack_values(format: &Format, data: &[u8]) -> Res<PyRef> {
    let little = format.order.little();
    let mut values = Vec::with_capacity(format.values);
    for item in &format.items {
        match item.code {
            b'x' => {}
            b's' => values.push(bytes(&data[item.offset..item.offset + item.count])),
            b'p' => {
                if item.count == 0 {
                    values.push(bytes(&[]));
                } else {
                    let n = usize::from(data[item.offset]).min(item.count - 1);
                    values.push(bytes(&data[item.offset + 1..item.offset + 1 + n]));
                }
            }
            _ => {
                for k in 0..item.count {
                    let at = item.offset + k * item.size;
                    let slot = &data[at..at + item.size];
                    values.push(match item.code {
                        b'c' => bytes(slot),
                        b'?' => rt::boolean(slot[0] != 0),
                        b'e' => {
                            rt::float(format::half_to_f64(format::get_uint(slot, 2, little) as u16))
                        }
                        b'f' => rt::float(f64::from(f32::from_bits(
                            format::get_uint(slot, 4, little) as u32,
                        ))),
                        b'd' => rt::float(f64::from_bits(format::get_uint(slot, 8, little))),
                        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                            rt::int(format::get_int(slot, item.size, little))
                        }
                        _ => {
                            let v = format::get_uint(slot, item.size, little);
                            match i64::try_from(v) {
                                Ok(v) => rt::int(v),
                                Err(_) => rt::int(crate::object::int::Int::from(BigInt::from(v))),
                            }
                        }
                    });
                }
            }
        }
    }
    Ok(rt::tuple(values))
}

fn bytes(data: &[u8]) -> PyRef {
    alloc(Kind::Bytes(data.into()))
}

/// The `(format, rest...)` of a module function, or `(self, rest...)` of a `Struct` method.
fn split(a: &Args, name: &str) -> Res<(Rc<Format>, Vec<PyRef>)> {
    let Some(first) = a.positional.first() else {
        return type_error(format!("{name}() missing required argument 'format' (pos 1)"));
    };
    Ok((format_of(first)?, a.positional[1..].to_vec()))
}

fn pack(a: Args) -> Res<PyRef> {
    let (format, values) = split(&a, "pack")?;
    if values.len() != format.values {
        return error(format!(
            "pack expected {} items for packing (got {})",
            format.values,
            values.len()
        ));
    }
    let mut out = vec![0u8; format.size];
    pack_values(&format, &values, &mut out)?;
    Ok(alloc(Kind::Bytes(out.into())))
}

/// A buffer argument's bytes; anything else is CPython's buffer-protocol `TypeError`.
fn buffer(value: &PyRef) -> Res<Vec<u8>> {
    match bytes_of(value) {
        Some(data) => Ok(data),
        None => type_error(format!(
            "a bytes-like object is required, not '{}'",
            types::type_name(value)
        )),
    }
}

fn unpack(a: Args) -> Res<PyRef> {
    let (format, rest) = split(&a, "unpack")?;
    if rest.len() != 1 {
        return type_error(format!("unpack expected 2 arguments, got {}", rest.len() + 1));
    }
    let data = buffer(&rest[0])?;
    if data.len() != format.size {
        return error(format!("unpack requires a buffer of {} bytes", format.size));
    }
    unpack_values(&format, &data)
}

/// The offset argument of `pack_into`/`unpack_from` made absolute, with CPython's checks.
fn offset(value: Option<&PyRef>, length: usize, needed: usize, what: &str) -> Res<usize> {
    let offset = match value {
        Some(value) => ops::to_index(value)?,
        None => 0,
    };
    let start = if offset < 0 {
        if offset.unsigned_abs() as usize > length {
            return error(format!("offset {offset} out of range for {length}-byte buffer"));
        }
        length - offset.unsigned_abs() as usize
    } else {
        offset as usize
    };
    if length < start || length - start < needed {
        if offset < 0 {
            return error(format!("not enough data to {what} {needed} bytes at offset {offset}"));
        }
        let verb = if what == "pack" { "packing" } else { "unpacking" };
        let function = if what == "pack" { "pack_into" } else { "unpack_from" };
        return error(format!(
            "{function} requires a buffer of at least {} bytes for {verb} {needed} bytes at offset {start} (actual buffer size is {length})",
            needed + start
        ));
    }
    Ok(start)
}

fn unpack_from(a: Args) -> Res<PyRef> {
    let (format, rest) = split(&a, "unpack_from")?;
    let buffer_arg = rest.first().cloned().or_else(|| a.keyword("buffer"));
    let Some(buffer_arg) = buffer_arg else {
        return type_error("unpack_from() missing required argument 'buffer' (pos 2)");
    };
    let offset_arg = rest.get(1).cloned().or_else(|| a.keyword("offset"));
    let data = buffer(&buffer_arg)?;
    let start = offset(offset_arg.as_ref(), data.len(), format.size, "unpack")?;
    unpack_values(&format, &data[start..start + format.size])
}

fn pack_into(a: Args) -> Res<PyRef> {
    let (format, rest) = split(&a, "pack_into")?;
    if rest.len() < 2 {
        return type_error("pack_into expected buffer and offset arguments");
    }
    let target = &rest[0];
    let values = &rest[2..];
    if values.len() != format.values {
        return error(format!(
            "pack_into expected {} items for packing (got {})",
            format.values,
            values.len()
        ));
    }
    let Kind::ByteArray(storage) = &target.kind else {
        return type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            types::type_name(target)
        ));
    };
    let length = storage.borrow().len();
    let start = offset(Some(&rest[1]), length, format.size, "pack")?;
    let mut out = vec![0u8; format.size];
    pack_values(&format, values, &mut out)?;
    let mut storage = storage.borrow_mut();
    if storage.len() >= start + out.len() {
        storage[start..start + out.len()].copy_from_slice(&out);
    }
    Ok(rt::none())
}

fn calcsize(a: Args) -> Res<PyRef> {
    a.arity("calcsize", 1, 1)?;
    Ok(rt::int(format_of(&a.arg(0))?.size as i64))
}

fn iter_unpack(a: Args) -> Res<PyRef> {
    let (format, rest) = split(&a, "iter_unpack")?;
    if rest.len() != 1 {
        return type_error(format!("iter_unpack expected 2 arguments, got {}", rest.len() + 1));
    }
    if format.size == 0 {
        return error("cannot iteratively unpack with a struct of length 0");
    }
    let data = buffer(&rest[0])?;
    if !data.len().is_multiple_of(format.size) {
        return error(format!(
            "iterative unpacking requires a buffer of a multiple of {} bytes",
            format.size
        ));
    }
    let tuples = data
        .chunks(format.size)
        .map(|chunk| unpack_values(&format, chunk))
        .collect::<Res<Vec<_>>>()?;
    ops::iter(&rt::list(tuples))
}

fn clear_cache(_: Args) -> Res<PyRef> {
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(rt::none())
}

// ---- Struct ---------------------------------------------------------------------------------

thread_local! {
    static STRUCT_CLASS: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

fn is_struct(object: &PyRef) -> bool {
    STRUCT_CLASS.with(|c| {
        c.borrow().as_ref().is_some_and(|class| types::is_subclass(&types::type_of(object), class))
    })
}

/// `Struct(format)`: keeps the format (as str) and its size.
fn struct_init(a: Args) -> Res<PyRef> {
    let values = a.bind("Struct", &["self", "format"], 2, &[])?;
    let (this, format) = (values[0].clone().expect("bound"), values[1].clone().expect("bound"));
    let text = format_text(&format)?;
    let parsed = format_of(&rt::str(&text))?;
    attr::store_in_instance(&this, "format", rt::str(&text))?;
    attr::store_in_instance(&this, "size", rt::int(parsed.size as i64))?;
    Ok(rt::none())
}

const STRUCT_METHODS: &[(&str, NativeFn)] = &[
    ("__init__", struct_init),
    ("pack", pack),
    ("unpack", unpack),
    ("pack_into", pack_into),
    ("unpack_from", unpack_from),
    ("iter_unpack", iter_unpack),
];

fn struct_class() -> PyRef {
    let class = types::plain_class("Struct", "_struct");
    if let Kind::Class(data) = &class.kind {
        for (name, function) in STRUCT_METHODS {
            rt::dict_set_str(&data.dict, name, native(name, *function));
        }
    }
    class
}

/// `import _struct`.
pub fn struct_module() -> PyRef {
    let namespace = rt::new_dict();
    rt::dict_set_str(&namespace, "__module__", rt::str("struct"));
    let base = rt::exception_class(ExcKind::Exception);
    let error_class = types::new_class("error", vec![base], namespace, None).expect("one base");
    ERROR.with(|e| *e.borrow_mut() = Some(error_class.clone()));
    let class = struct_class();
    STRUCT_CLASS.with(|c| *c.borrow_mut() = Some(class.clone()));
    new_module(
        "_struct",
        vec![
            ("__doc__", rt::str("Functions to convert between Python values and C structs.")),
            ("error", error_class),
            ("Struct", class),
            ("pack", native("pack", pack)),
            ("unpack", native("unpack", unpack)),
            ("calcsize", native("calcsize", calcsize)),
            ("pack_into", native("pack_into", pack_into)),
            ("unpack_from", native("unpack_from", unpack_from)),
            ("iter_unpack", native("iter_unpack", iter_unpack)),
            ("_clearcache", native("_clearcache", clear_cache)),
        ],
    )
}
