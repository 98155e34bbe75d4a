//! The searching and rewriting methods `bytes` and `bytearray` share (CPython's
//! `Objects/bytes_methods.c`): `find`, `rfind`, `index`, `rindex`, `count`, `startswith`,
//! `endswith`, `translate`, `join`. Each returns the receiver's own type where it makes a
//! sequence (`bytearray(...).translate(...)` is a bytearray).

use std::rc::Rc;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::ops;

/// The methods above, for both types' tables.
pub const SHARED_METHODS: &[MethodDef] = &[
    MethodDef { name: "find", function: find },
    MethodDef { name: "rfind", function: find },
    MethodDef { name: "index", function: find },
    MethodDef { name: "rindex", function: find },
    MethodDef { name: "count", function: find },
    MethodDef { name: "startswith", function: affix },
    MethodDef { name: "endswith", function: affix },
    MethodDef { name: "translate", function: translate },
    MethodDef { name: "join", function: join },
];

/// The receiver's bytes and whether it is a bytearray.
fn receiver(a: &Args) -> (Vec<u8>, bool) {
    let object = a.receiver();
    let is_array = matches!(object.kind, Kind::ByteArray(_));
    (ops::bytes_like(&object).unwrap_or_default(), is_array)
}

/// A bytes-like argument's content, else CPython's `TypeError`.
fn buffer(value: &PyRef) -> Res<Vec<u8>> {
    match ops::bytes_like(value) {
        Some(bytes) => Ok(bytes),
        None => type_error(format!(
            "a bytes-like object is required, not '{}'",
            crate::types::type_name(value)
        )),
    }
}

fn make(bytes: Vec<u8>, is_array: bool) -> PyRef {
    if is_array {
        alloc(Kind::byte_array(bytes))
    } else {
        alloc(Kind::Bytes(Rc::from(bytes)))
    }
}

/// Slice bounds as `s[start:end]` takes them (`None` for absent).
fn bounds(start: Option<&PyRef>, end: Option<&PyRef>, len: usize) -> Res<(usize, usize)> {
    let adjust = |value: Option<&PyRef>, default: usize| -> Res<usize> {
        match value {
            None => Ok(default),
            Some(v) if matches!(v.kind, Kind::None) => Ok(default),
            Some(v) => {
                let n = ops::to_index(v)?;
                let n = if n < 0 { n + len as i64 } else { n };
                Ok(n.clamp(0, len as i64) as usize)
            }
        }
    };
    Ok((adjust(start, 0)?, adjust(end, len)?))
}

/// `find`, `rfind`, `index`, `rindex`, `count`: the sub-sequence is bytes-like or one byte.
fn find(a: Args) -> Res<PyRef> {
    a.no_keywords(a.name)?;
    a.arity(a.name, 1, 3)?;
    let (haystack, _) = receiver(&a);
    let needle = match &a.positional[0].kind {
        Kind::Int(_) | Kind::Bool(_) => match ops::to_index(&a.positional[0])? {
            b @ 0..=255 => vec![b as u8],
            _ => return value_error("byte must be in range(0, 256)"),
        },
        _ => buffer(&a.positional[0])?,
    };
    let (start, end) = bounds(a.positional.get(1), a.positional.get(2), haystack.len())?;
    let window = if start <= end { &haystack[start..end] } else { &haystack[0..0] };
    if a.name == "count" {
        if start > end {
            return Ok(rt::int(0));
        }
        if needle.is_empty() {
            return Ok(rt::int(window.len() as i64 + 1));
        }
        let (mut count, mut at) = (0i64, 0usize);
        while at + needle.len() <= window.len() {
            if window[at..at + needle.len()] == needle[..] {
                count += 1;
                at += needle.len();
            } else {
                at += 1;
            }
        }
        return Ok(rt::int(count));
    }
    let found = if start > end || needle.len() > window.len() {
        None
    } else if a.name.starts_with('r') {
        (0..=window.len() - needle.len()).rev().find(|&i| window[i..i + needle.len()] == needle[..])
    } else {
        (0..=window.len() - needle.len()).find(|&i| window[i..i + needle.len()] == needle[..])
    };
    match found {
        Some(i) => Ok(rt::int((start + i) as i64)),
        None if a.name.ends_with("index") => raise(ExcKind::ValueError, "subsection not found"),
        None => Ok(rt::int(-1)),
    }
}

/// `startswith` and `endswith` (a prefix or a tuple of them).
fn affix(a: Args) -> Res<PyRef> {
    a.no_keywords(a.name)?;
    a.arity(a.name, 1, 3)?;
    let (haystack, _) = receiver(&a);
    let (start, end) = bounds(a.positional.get(1), a.positional.get(2), haystack.len())?;
    if start > end {
        return Ok(rt::boolean(false));
    }
    let window = &haystack[start..end];
    let candidates = match &a.positional[0].kind {
        Kind::Tuple(items) => items.to_vec(),
        _ => vec![a.positional[0].clone()],
    };
    for candidate in candidates {
        let Some(affix) = ops::bytes_like(&candidate) else {
            return type_error(format!(
                "{} first arg must be bytes or a tuple of bytes, not {}",
                a.name,
                crate::types::type_name(&candidate)
            ));
        };
        let hit = if a.name == "startswith" {
            window.starts_with(&affix)
        } else {
            window.ends_with(&affix)
        };
        if hit {
            return Ok(rt::boolean(true));
        }
    }
    Ok(rt::boolean(false))
}

/// `translate(table, /, delete=b'')`.
fn translate(a: Args) -> Res<PyRef> {
    a.arity("translate", 1, 2)?;
    let (bytes, is_array) = receiver(&a);
    let table = match &a.positional[0].kind {
        Kind::None => None,
        _ => {
            let table = buffer(&a.positional[0])?;
            if table.len() != 256 {
                return value_error("translation table must be 256 characters long");
            }
            Some(table)
        }
    };
    let delete = match a.positional.get(1).cloned().or_else(|| a.keyword("delete")) {
        Some(delete) => buffer(&delete)?,
        None => Vec::new(),
    };
    let out = bytes
        .iter()
        .filter(|b| !delete.contains(b))
        .map(|&b| table.as_ref().map_or(b, |t| t[b as usize]))
        .collect();
    Ok(make(out, is_array))
}

/// `sep.join(iterable)`.
fn join(a: Args) -> Res<PyRef> {
    a.arity("join", 1, 1)?;
    let (separator, is_array) = receiver(&a);
    let items = ops::to_vec(&a.positional[0])?;
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(&separator);
        }
        match ops::bytes_like(item) {
            Some(bytes) => out.extend_from_slice(&bytes),
            None => {
                return type_error(format!(
                    "sequence item {index}: expected a bytes-like object, {} found",
                    crate::types::type_name(item)
                ))
            }
        }
    }
    Ok(make(out, is_array))
}
