//! The native `_struct` module (CPython's `Modules/_struct.c`): `pack`, `unpack`,
//! `calcsize`, `pack_into`, `unpack_from`, `iter_unpack`, `Struct` and `error`, every format
//! code in every byte order; `struct.py` from CPython's Lib re-exports it.
//!
//! Formats are parsed once (`format`) and kept by text in a cache, as CPython keeps its
//! `Struct` objects; a `Struct` (`struct_class`) holds its parsed format, so its methods read
//! no attribute and parse nothing. `values` converts between Python values and bytes.

mod format;
mod struct_class;
mod values;

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::PyRef;
use crate::types::{self, ops};

use format::Format;

use super::{native, new_module};

thread_local! {
    /// `struct.error`, made with the module.
    static ERROR: RefCell<Option<PyRef>> = const { RefCell::new(None) };
    /// Parsed formats by text (CPython keeps such a cache too; `_clearcache` empties it).
    static CACHE: RefCell<FxHashMap<Box<str>, Rc<Format>>> = RefCell::new(FxHashMap::default());
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

/// The text of a format argument (str or bytes), borrowed when it can be.
fn format_text(format: &PyRef) -> Res<Cow<'_, str>> {
    if let Some(text) = crate::object::str_text(format) {
        return Ok(Cow::Borrowed(text));
    }
    if let crate::object::Kind::Bytes(bytes) = &format.kind {
        return Ok(String::from_utf8_lossy(bytes));
    }
    // CPython names the type by its short name here (`_PyType_Name`): "not Struct".
    type_error(format!(
        "Struct() argument 1 must be a str or bytes object, not {}",
        crate::object::class::class_name(&types::type_of(format))
    ))
}

/// The parsed format of a format argument (str or bytes), from the cache when it is there.
fn format_of(format: &PyRef) -> Res<Rc<Format>> {
    let text = format_text(format)?;
    if let Some(parsed) = CACHE.with(|c| c.borrow().get(&*text).cloned()) {
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
        cache.insert(text.into(), parsed.clone());
    });
    Ok(parsed)
}

/// `pack` by a parsed format, with CPython's count check.
fn pack_by(format: &Format, values: &[PyRef]) -> Res<PyRef> {
    if values.len() != format.values {
        return error(format!(
            "pack expected {} items for packing (got {})",
            format.values,
            values.len()
        ));
    }
    values::pack_to_bytes(format, values)
}

/// Runs `f` on the bytes of a buffer argument: a `bytes` or `bytearray` read in place, or
/// what a `memoryview` shows (copied out); `None` for anything else.
fn with_buffer<R>(value: &PyRef, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    if matches!(value.kind, crate::object::Kind::Bytes(_) | crate::object::Kind::ByteArray(_)) {
        return ops::with_bytes_like(value, f);
    }
    crate::modules::builtins::memoryview::viewed_bytes(value).map(|data| f(&data))
}

/// `unpack` of `buffer` by a parsed format.
fn unpack_by(format: &Format, buffer: &PyRef) -> Res<PyRef> {
    match with_buffer(buffer, |data| {
        (data.len() == format.size).then(|| values::unpack_values(format, data))
    }) {
        Some(Some(tuple)) => Ok(tuple),
        Some(None) => error(format!("unpack requires a buffer of {} bytes", format.size)),
        None => Err(ops::not_bytes_like(buffer)),
    }
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

/// `unpack_from(buffer, offset)` by a parsed format.
fn unpack_from_by(format: &Format, buffer: &PyRef, offset_arg: Option<&PyRef>) -> Res<PyRef> {
    let length = with_buffer(buffer, <[u8]>::len).ok_or_else(|| ops::not_bytes_like(buffer))?;
    // The offset may run `__index__`, so the bytes are read after it.
    let start = offset(offset_arg, length, format.size, "unpack")?;
    with_buffer(buffer, |data| match data.get(start..start + format.size) {
        Some(data) => Ok(values::unpack_values(format, data)),
        None => error(format!("unpack requires a buffer of {} bytes", format.size)),
    })
    .ok_or_else(|| ops::not_bytes_like(buffer))?
}

/// `pack_into(buffer, offset, *values)` by a parsed format.
fn pack_into_by(format: &Format, rest: &[PyRef]) -> Res<PyRef> {
    match rest.len() {
        0 => return error("pack_into expected buffer argument"),
        1 => return error("pack_into expected offset argument"),
        _ => {}
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
    let crate::object::Kind::ByteArray(storage) = &target.kind else {
        return type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            types::type_name(target)
        ));
    };
    let length = storage.borrow().len();
    let start = offset(Some(&rest[1]), length, format.size, "pack")?;
    let mut out = vec![0u8; format.size];
    values::pack_values(format, values, &mut out)?;
    let mut storage = storage.borrow_mut();
    if storage.len() >= start + out.len() {
        storage[start..start + out.len()].copy_from_slice(&out);
    }
    Ok(rt::none())
}

/// `iter_unpack(buffer)` by a parsed format.
fn iter_unpack_by(format: &Format, buffer: &PyRef) -> Res<PyRef> {
    if format.size == 0 {
        return error("cannot iteratively unpack with a struct of length 0");
    }
    let tuples = with_buffer(buffer, |data| {
        data.len().is_multiple_of(format.size).then(|| {
            data.chunks(format.size)
                .map(|chunk| values::unpack_values(format, chunk))
                .collect::<Vec<_>>()
        })
    })
    .ok_or_else(|| ops::not_bytes_like(buffer))?;
    match tuples {
        Some(tuples) => ops::iter(&rt::list(tuples)),
        None => error(format!(
            "iterative unpacking requires a buffer of a multiple of {} bytes",
            format.size
        )),
    }
}

/// The `(format, rest...)` of a module function.
fn split<'a>(a: &'a Args, name: &str) -> Res<(Rc<Format>, &'a [PyRef])> {
    let Some(first) = a.positional.first() else {
        return type_error(format!("{name}() missing required argument 'format' (pos 1)"));
    };
    Ok((format_of(first)?, &a.positional[1..]))
}

/// CPython's refusal of keywords by the functions that take none.
fn no_keywords(a: &Args, function: &str) -> Res<()> {
    if a.keywords.is_empty() {
        Ok(())
    } else {
        type_error(format!("{function}() takes no keyword arguments"))
    }
}

fn pack(a: Args) -> Res<PyRef> {
    no_keywords(&a, "_struct.pack")?;
    if a.positional.is_empty() {
        return type_error("missing format argument");
    }
    let (format, values) = split(&a, "pack")?;
    pack_by(&format, values)
}

fn unpack(a: Args) -> Res<PyRef> {
    no_keywords(&a, "unpack")?;
    if a.positional.len() != 2 {
        return type_error(format!("unpack expected 2 arguments, got {}", a.positional.len()));
    }
    let (format, rest) = split(&a, "unpack")?;
    unpack_by(&format, &rest[0])
}

fn unpack_from(a: Args) -> Res<PyRef> {
    let (format, rest) = split(&a, "unpack_from")?;
    let buffer_arg = rest.first().cloned().or_else(|| a.keyword("buffer"));
    let Some(buffer_arg) = buffer_arg else {
        return type_error("unpack_from() missing required argument 'buffer' (pos 2)");
    };
    let offset_arg = rest.get(1).cloned().or_else(|| a.keyword("offset"));
    unpack_from_by(&format, &buffer_arg, offset_arg.as_ref())
}

fn pack_into(a: Args) -> Res<PyRef> {
    no_keywords(&a, "_struct.pack_into")?;
    let (format, rest) = split(&a, "pack_into")?;
    pack_into_by(&format, rest)
}

fn calcsize(a: Args) -> Res<PyRef> {
    if a.positional.len() != 1 {
        return type_error(format!(
            "_struct.calcsize() takes exactly one argument ({} given)",
            a.positional.len()
        ));
    }
    Ok(rt::int(format_of(&a.positional[0])?.size as i64))
}

fn iter_unpack(a: Args) -> Res<PyRef> {
    if a.positional.len() != 2 {
        return type_error(format!("iter_unpack expected 2 arguments, got {}", a.positional.len()));
    }
    let (format, rest) = split(&a, "iter_unpack")?;
    iter_unpack_by(&format, &rest[0])
}

fn clear_cache(_: Args) -> Res<PyRef> {
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(rt::none())
}

/// `import _struct`.
pub fn struct_module() -> PyRef {
    let namespace = rt::new_dict();
    rt::dict_set_str(&namespace, "__module__", rt::str("struct"));
    let base = rt::exception_class(ExcKind::Exception);
    let error_class = types::new_class("error", vec![base], namespace, None).expect("one base");
    ERROR.with(|e| *e.borrow_mut() = Some(error_class.clone()));
    new_module(
        "_struct",
        vec![
            ("__doc__", rt::str("Functions to convert between Python values and C structs.")),
            ("error", error_class),
            ("Struct", struct_class::class()),
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
