//! The methods `bytes` and `bytearray` share (CPython's `Objects/bytes_methods.c` and
//! `bytesobject.c`): searching, splitting, stripping, case changes on ASCII letters,
//! `translate`/`maketrans`, `hex`/`fromhex`, padding; a method of a `bytearray` returns a
//! `bytearray`.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::runtime::{self as rt, raise, type_error, value_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{self, ops};

/// The methods of `bytes`, also found on `bytearray` after its own.
pub const SHARED_METHODS: &[MethodDef] = &[
    MethodDef { name: "decode", function: crate::types::codec::bytes_decode },
    MethodDef { name: "join", function: join },
    MethodDef { name: "upper", function: case },
    MethodDef { name: "lower", function: case },
    MethodDef { name: "swapcase", function: case },
    MethodDef { name: "capitalize", function: case },
    MethodDef { name: "title", function: case },
    MethodDef { name: "strip", function: strip },
    MethodDef { name: "lstrip", function: strip },
    MethodDef { name: "rstrip", function: strip },
    MethodDef { name: "startswith", function: affix },
    MethodDef { name: "endswith", function: affix },
    MethodDef { name: "find", function: find },
    MethodDef { name: "rfind", function: find },
    MethodDef { name: "index", function: find },
    MethodDef { name: "rindex", function: find },
    MethodDef { name: "count", function: find },
    MethodDef { name: "replace", function: replace },
    MethodDef { name: "split", function: split },
    MethodDef { name: "rsplit", function: split },
    MethodDef { name: "splitlines", function: splitlines },
    MethodDef { name: "partition", function: partition },
    MethodDef { name: "rpartition", function: partition },
    MethodDef { name: "translate", function: translate },
    MethodDef { name: "hex", function: hex },
    MethodDef { name: "isalpha", function: predicate },
    MethodDef { name: "isdigit", function: predicate },
    MethodDef { name: "isalnum", function: predicate },
    MethodDef { name: "isspace", function: predicate },
    MethodDef { name: "isupper", function: predicate },
    MethodDef { name: "islower", function: predicate },
    MethodDef { name: "isascii", function: predicate },
    MethodDef { name: "istitle", function: predicate },
    MethodDef { name: "ljust", function: pad },
    MethodDef { name: "rjust", function: pad },
    MethodDef { name: "center", function: pad },
    MethodDef { name: "zfill", function: zfill },
    MethodDef { name: "removeprefix", function: remove_affix },
    MethodDef { name: "removesuffix", function: remove_affix },
];

/// The receiver's bytes and whether it is a `bytearray`.
fn receiver(a: &Args) -> (Vec<u8>, bool) {
    let object = a.receiver();
    let is_array = matches!(object.kind, Kind::ByteArray(_));
    (ops::bytes_like(&object).unwrap_or_default(), is_array)
}

/// A result of the receiver's type.
fn make(data: Vec<u8>, is_array: bool) -> PyRef {
    if is_array {
        alloc(Kind::byte_array(data))
    } else {
        alloc(Kind::Bytes(data.into()))
    }
}

/// A bytes-like argument; anything else is CPython's buffer `TypeError`.
fn buffer(value: &PyRef) -> Res<Vec<u8>> {
    ops::bytes_like(value).ok_or_else(|| ops::not_bytes_like(value))
}

fn join(a: Args) -> Res<PyRef> {
    a.arity("join", 1, 1)?;
    let object = a.receiver();
    let is_array = matches!(object.kind, Kind::ByteArray(_));
    let items = ops::to_vec(&a.arg(0))?;
    // Sized first and copied once, each item read in place (CPython's `bytes_join`); an item
    // of a `bytes` subclass through its `bytes` value.
    let mut values = Vec::with_capacity(items.len());
    let mut total = 0usize;
    for (i, item) in items.iter().enumerate() {
        let value = crate::object::builtin_base(item).unwrap_or_else(|| item.clone());
        let Some(length) = ops::with_bytes_like(&value, <[u8]>::len) else {
            return type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                types::type_name(item)
            ));
        };
        total += length;
        values.push(value);
    }
    let joined = |sep: &[u8]| {
        let mut out = Vec::with_capacity(total + sep.len() * values.len().saturating_sub(1));
        for (i, item) in values.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(sep);
            }
            ops::with_bytes_like(item, |data| out.extend_from_slice(data));
        }
        out
    };
    let out = match ops::with_bytes_like(&object, joined) {
        Some(out) => out,
        None => joined(&[]),
    };
    Ok(make(out, is_array))
}

fn case(a: Args) -> Res<PyRef> {
    a.arity(a.name, 0, 0)?;
    let (mut data, is_array) = receiver(&a);
    match a.name {
        "upper" => data.make_ascii_uppercase(),
        "lower" => data.make_ascii_lowercase(),
        "swapcase" => data.iter_mut().for_each(|b| {
            *b =
                if b.is_ascii_uppercase() { b.to_ascii_lowercase() } else { b.to_ascii_uppercase() }
        }),
        "capitalize" => {
            data.make_ascii_lowercase();
            if let Some(first) = data.first_mut() {
                first.make_ascii_uppercase();
            }
        }
        _ => {
            let mut previous_cased = false;
            for b in data.iter_mut() {
                if b.is_ascii_alphabetic() {
                    *b = if previous_cased {
                        b.to_ascii_lowercase()
                    } else {
                        b.to_ascii_uppercase()
                    };
                    previous_cased = true;
                } else {
                    previous_cased = false;
                }
            }
        }
    }
    Ok(make(data, is_array))
}

fn strip(a: Args) -> Res<PyRef> {
    a.arity(a.name, 0, 1)?;
    let (data, is_array) = receiver(&a);
    let chars = match a.positional.first() {
        Some(chars) if !matches!(chars.kind, Kind::None) => Some(buffer(chars)?),
        _ => None,
    };
    let strip_byte = |b: &u8| match &chars {
        Some(chars) => chars.contains(b),
        None => b.is_ascii_whitespace() || *b == 0x0b,
    };
    let mut start = 0;
    let mut end = data.len();
    if a.name != "rstrip" {
        while start < end && strip_byte(&data[start]) {
            start += 1;
        }
    }
    if a.name != "lstrip" {
        while end > start && strip_byte(&data[end - 1]) {
            end -= 1;
        }
    }
    Ok(make(data[start..end].to_vec(), is_array))
}

/// `start`/`end` arguments as slice bounds of a sequence of `length`.
fn bounds(a: &Args, first: usize, length: usize) -> Res<(usize, usize)> {
    let bound = |value: Option<&PyRef>, default: usize| -> Res<usize> {
        match value {
            None => Ok(default),
            Some(v) if matches!(v.kind, Kind::None) => Ok(default),
            Some(v) => {
                let i = ops::to_index(v)?;
                Ok(if i < 0 {
                    (length as i64 + i).max(0) as usize
                } else {
                    (i as usize).min(length)
                })
            }
        }
    };
    Ok((bound(a.positional.get(first), 0)?, bound(a.positional.get(first + 1), length)?))
}

fn affix(a: Args) -> Res<PyRef> {
    a.arity(a.name, 1, 3)?;
    let (data, _) = receiver(&a);
    let (start, end) = bounds(&a, 1, data.len())?;
    let window = if start <= end { &data[start..end] } else { &[][..] };
    let candidates = match &a.arg(0).kind {
        Kind::Tuple(items) => items.to_vec(),
        _ => vec![a.arg(0)],
    };
    for candidate in &candidates {
        let Some(affix) = ops::bytes_like(candidate) else {
            return type_error(format!(
                "{} first arg must be bytes or a tuple of bytes, not {}",
                a.name,
                types::type_name(candidate)
            ));
        };
        let hit = if a.name == "startswith" {
            window.starts_with(&affix)
        } else {
            window.ends_with(&affix)
        };
        if hit && start <= end {
            return Ok(rt::boolean(true));
        }
    }
    Ok(rt::boolean(false))
}

/// The needle of `find`/`count`/...: bytes-like, or an int in `range(256)`.
fn needle(value: &PyRef) -> Res<Vec<u8>> {
    if let Some(data) = ops::bytes_like(value) {
        return Ok(data);
    }
    if matches!(value.kind, Kind::Int(_) | Kind::Bool(_)) {
        return match ops::to_index(value)? {
            b @ 0..=255 => Ok(vec![b as u8]),
            _ => value_error("byte must be in range(0, 256)"),
        };
    }
    type_error(format!(
        "argument should be integer or bytes-like object, not '{}'",
        types::type_name(value)
    ))
}

fn find_in(haystack: &[u8], needle: &[u8], from_right: bool) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    let positions = 0..=haystack.len() - needle.len();
    if from_right {
        positions.rev().find(|&i| &haystack[i..i + needle.len()] == needle)
    } else {
        positions.into_iter().find(|&i| &haystack[i..i + needle.len()] == needle)
    }
}

fn find(a: Args) -> Res<PyRef> {
    a.arity(a.name, 1, 3)?;
    let (data, _) = receiver(&a);
    let sub = needle(&a.arg(0))?;
    let (start, end) = bounds(&a, 1, data.len())?;
    if start > end {
        return match a.name {
            "count" => Ok(rt::int(0)),
            "index" | "rindex" => raise(ExcKind::ValueError, "subsection not found"),
            _ => Ok(rt::int(-1)),
        };
    }
    let window = &data[start..end];
    if a.name == "count" {
        if sub.is_empty() {
            return Ok(rt::int(window.len() as i64 + 1));
        }
        let mut count = 0;
        let mut i = 0;
        while let Some(found) = find_in(&window[i..], &sub, false) {
            count += 1;
            i += found + sub.len();
        }
        return Ok(rt::int(count));
    }
    let from_right = a.name.starts_with('r');
    match find_in(window, &sub, from_right) {
        Some(i) => Ok(rt::int((start + i) as i64)),
        None if a.name.ends_with("index") => raise(ExcKind::ValueError, "subsection not found"),
        None => Ok(rt::int(-1)),
    }
}

fn replace(a: Args) -> Res<PyRef> {
    a.arity("replace", 2, 3)?;
    let (data, is_array) = receiver(&a);
    let (old, new) = (buffer(&a.arg(0))?, buffer(&a.arg(1))?);
    let mut remaining = match a.positional.get(2) {
        Some(count) => ops::to_index(count)?,
        None => -1,
    };
    let mut out = Vec::with_capacity(data.len());
    if old.is_empty() {
        for (i, &b) in data.iter().enumerate() {
            if remaining != 0 {
                out.extend_from_slice(&new);
                remaining -= 1;
            }
            out.push(b);
            if i + 1 == data.len() && remaining != 0 {
                out.extend_from_slice(&new);
            }
        }
        if data.is_empty() && remaining != 0 {
            out.extend_from_slice(&new);
        }
        return Ok(make(out, is_array));
    }
    let mut i = 0;
    while i < data.len() {
        if remaining != 0 && data[i..].starts_with(&old) {
            out.extend_from_slice(&new);
            i += old.len();
            remaining -= 1;
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    Ok(make(out, is_array))
}

fn split(a: Args) -> Res<PyRef> {
    let values = a.bind(a.name, &["sep", "maxsplit"], 0, &[])?;
    let (data, is_array) = receiver(&a);
    let sep = match &values[0] {
        Some(sep) if !matches!(sep.kind, Kind::None) => Some(buffer(sep)?),
        _ => None,
    };
    let maxsplit = match &values[1] {
        Some(n) => ops::to_index(n)?,
        None => -1,
    };
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let right = a.name == "rsplit";
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match sep {
        Some(sep) => {
            if sep.is_empty() {
                return value_error("empty separator");
            }
            let mut rest: &[u8] = &data;
            while parts.len() < limit {
                match find_in(rest, &sep, right) {
                    Some(i) if right => {
                        parts.push(rest[i + sep.len()..].to_vec());
                        rest = &rest[..i];
                    }
                    Some(i) => {
                        parts.push(rest[..i].to_vec());
                        rest = &rest[i + sep.len()..];
                    }
                    None => break,
                }
            }
            parts.push(rest.to_vec());
        }
        None => {
            let space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
            let mut rest: &[u8] = &data;
            loop {
                rest = if right {
                    let end = rest.iter().rposition(|b| !space(b)).map_or(0, |i| i + 1);
                    &rest[..end]
                } else {
                    let start = rest.iter().position(|b| !space(b)).unwrap_or(rest.len());
                    &rest[start..]
                };
                if rest.is_empty() {
                    break;
                }
                if parts.len() == limit {
                    parts.push(rest.to_vec());
                    break;
                }
                if right {
                    let start = rest.iter().rposition(space).map_or(0, |i| i + 1);
                    parts.push(rest[start..].to_vec());
                    rest = &rest[..start];
                } else {
                    let end = rest.iter().position(space).unwrap_or(rest.len());
                    parts.push(rest[..end].to_vec());
                    rest = &rest[end..];
                }
            }
        }
    }
    if right {
        parts.reverse();
    }
    Ok(rt::list(parts.into_iter().map(|p| make(p, is_array)).collect::<Vec<_>>()))
}

fn splitlines(a: Args) -> Res<PyRef> {
    let values = a.bind("splitlines", &["keepends"], 0, &[])?;
    let keepends = match &values[0] {
        Some(flag) => ops::truthy(flag)?,
        None => false,
    };
    let (data, is_array) = receiver(&a);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        let end_of_line = match data[i] {
            b'\r' if data.get(i + 1) == Some(&b'\n') => Some(2),
            b'\r' | b'\n' => Some(1),
            _ => None,
        };
        if let Some(width) = end_of_line {
            let end = if keepends { i + width } else { i };
            lines.push(make(data[start..end].to_vec(), is_array));
            i += width;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < data.len() {
        lines.push(make(data[start..].to_vec(), is_array));
    }
    Ok(rt::list(lines))
}

fn partition(a: Args) -> Res<PyRef> {
    a.arity(a.name, 1, 1)?;
    let (data, is_array) = receiver(&a);
    let sep = buffer(&a.arg(0))?;
    if sep.is_empty() {
        return value_error("empty separator");
    }
    let right = a.name == "rpartition";
    let parts = match find_in(&data, &sep, right) {
        Some(i) => [data[..i].to_vec(), sep.clone(), data[i + sep.len()..].to_vec()],
        None if right => [Vec::new(), Vec::new(), data],
        None => [data, Vec::new(), Vec::new()],
    };
    Ok(rt::tuple(parts.into_iter().map(|p| make(p, is_array)).collect()))
}

/// `bytes.translate(table, /, delete=b'')` (CPython's `bytes_translate_impl`): a byte loop
/// over the 256-byte table, the result built in place (one allocation for `bytes`).
fn translate(a: Args) -> Res<PyRef> {
    let given = a.positional.len();
    if given + a.keywords.len() > 2 {
        let total = given + a.keywords.len();
        return type_error(format!("translate() takes at most 2 arguments ({total} given)"));
    }
    if given == 0 {
        return type_error("translate() takes at least 1 positional argument (0 given)");
    }
    let mut delete = a.positional.get(1);
    for (key, value) in &a.keywords {
        if &**key != "delete" {
            return type_error(format!("'{key}' is an invalid keyword argument for translate()"));
        }
        if delete.is_some() {
            return type_error(
                "argument for translate() given by name ('delete') and position (2)",
            );
        }
        delete = Some(value);
    }
    let table = &a.positional[0];
    let identity = matches!(table.kind, Kind::None);
    if !identity {
        match ops::with_bytes_like(table, <[u8]>::len) {
            None => return Err(ops::not_bytes_like(table)),
            Some(256) => {}
            Some(_) => return value_error("translation table must be 256 characters long"),
        }
    }
    let mut deleted = [false; 256];
    let mut deletes = false;
    if let Some(delete) = delete {
        ops::with_bytes_like(delete, |d| {
            deletes = !d.is_empty();
            d.iter().for_each(|&b| deleted[usize::from(b)] = true)
        })
        .ok_or_else(|| ops::not_bytes_like(delete))?;
    }
    let object = a.receiver();
    let is_array = matches!(object.kind, Kind::ByteArray(_));
    let map = |table: &[u8]| {
        let table: &[u8; 256] = table.try_into().expect("checked: 256 bytes");
        let translate = |data: &[u8]| -> PyRef {
            let kept = data.iter().filter(|&&b| !deletes || !deleted[usize::from(b)]);
            if is_array {
                alloc(Kind::byte_array(kept.map(|&b| table[usize::from(b)]).collect()))
            } else if deletes {
                make(kept.map(|&b| table[usize::from(b)]).collect(), false)
            } else {
                // A trusted-length iterator: the `Rc<[u8]>` is allocated once, at its size.
                alloc(Kind::Bytes(data.iter().map(|&b| table[usize::from(b)]).collect()))
            }
        };
        ops::with_bytes_like(&object, translate).unwrap_or_else(|| translate(&[]))
    };
    if identity {
        let table: [u8; 256] = std::array::from_fn(|i| i as u8);
        return Ok(map(&table));
    }
    Ok(ops::with_bytes_like(table, map).expect("checked: bytes-like"))
}

fn hex(a: Args) -> Res<PyRef> {
    let values = a.bind("hex", &["sep", "bytes_per_sep"], 0, &[])?;
    let (data, _) = receiver(&a);
    let sep = match &values[0] {
        None => None,
        Some(sep) => {
            let sep = match crate::object::str_text(sep) {
                Some(text) => text.as_bytes().to_vec(),
                None => buffer(sep)?,
            };
            if sep.len() != 1 {
                return value_error("sep must be length 1.");
            }
            Some(sep[0])
        }
    };
    let per_sep = match &values[1] {
        Some(n) => ops::to_index(n)?,
        None => 1,
    };
    let group = per_sep.unsigned_abs() as usize;
    let mut out = String::with_capacity(data.len() * 3);
    for (i, byte) in data.iter().enumerate() {
        if let (Some(sep), true) = (sep, group > 0 && i > 0) {
            let boundary = if per_sep > 0 {
                (data.len() - i).is_multiple_of(group)
            } else {
                i.is_multiple_of(group)
            };
            if boundary {
                out.push(sep as char);
            }
        }
        out.push_str(&format!("{byte:02x}"));
    }
    Ok(rt::str(out))
}

fn predicate(a: Args) -> Res<PyRef> {
    a.arity(a.name, 0, 0)?;
    let (data, _) = receiver(&a);
    let all = |f: fn(&u8) -> bool| !data.is_empty() && data.iter().all(f);
    Ok(rt::boolean(match a.name {
        "isalpha" => all(u8::is_ascii_alphabetic),
        "isdigit" => all(u8::is_ascii_digit),
        "isalnum" => all(u8::is_ascii_alphanumeric),
        "isspace" => all(|b| b.is_ascii_whitespace() || *b == 0x0b),
        "isascii" => data.iter().all(u8::is_ascii),
        "isupper" => {
            data.iter().any(u8::is_ascii_uppercase) && !data.iter().any(u8::is_ascii_lowercase)
        }
        "islower" => {
            data.iter().any(u8::is_ascii_lowercase) && !data.iter().any(u8::is_ascii_uppercase)
        }
        _ => {
            // istitle: cased runs start upper-case, and there is at least one.
            let (mut cased, mut previous_cased) = (false, false);
            for b in &data {
                if b.is_ascii_uppercase() {
                    if previous_cased {
                        return Ok(rt::boolean(false));
                    }
                    previous_cased = true;
                    cased = true;
                } else if b.is_ascii_lowercase() {
                    if !previous_cased {
                        return Ok(rt::boolean(false));
                    }
                    previous_cased = true;
                    cased = true;
                } else {
                    previous_cased = false;
                }
            }
            cased
        }
    }))
}

fn pad(a: Args) -> Res<PyRef> {
    a.arity(a.name, 1, 2)?;
    let (data, is_array) = receiver(&a);
    let width = ops::to_index(&a.arg(0))?.max(0) as usize;
    let fill = match a.positional.get(1) {
        Some(fill) => match ops::bytes_like(fill) {
            Some(f) if f.len() == 1 => f[0],
            _ => {
                return type_error(format!(
                    "{}() argument 2 must be a byte string of length 1, not {}",
                    a.name,
                    types::type_name(fill)
                ))
            }
        },
        None => b' ',
    };
    if width <= data.len() {
        return Ok(make(data, is_array));
    }
    let total = width - data.len();
    let left = match a.name {
        "ljust" => 0,
        "rjust" => total,
        // CPython's `pad` for center: the extra byte goes left when the width is odd.
        _ => total / 2 + (total & width & 1),
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(&data);
    out.resize(width, fill);
    Ok(make(out, is_array))
}

fn zfill(a: Args) -> Res<PyRef> {
    a.arity("zfill", 1, 1)?;
    let (data, is_array) = receiver(&a);
    let width = ops::to_index(&a.arg(0))?.max(0) as usize;
    if width <= data.len() {
        return Ok(make(data, is_array));
    }
    let signed = matches!(data.first(), Some(b'+' | b'-'));
    let mut out = Vec::with_capacity(width);
    if signed {
        out.push(data[0]);
    }
    out.resize(out.len() + width - data.len(), b'0');
    out.extend_from_slice(&data[usize::from(signed)..]);
    Ok(make(out, is_array))
}

fn remove_affix(a: Args) -> Res<PyRef> {
    a.arity(a.name, 1, 1)?;
    let (data, is_array) = receiver(&a);
    let affix = buffer(&a.arg(0))?;
    let out = if a.name == "removeprefix" {
        data.strip_prefix(affix.as_slice()).unwrap_or(&data).to_vec()
    } else {
        data.strip_suffix(affix.as_slice()).unwrap_or(&data).to_vec()
    };
    Ok(make(out, is_array))
}

/// `bytes.maketrans(from, to)`: the 256-byte table mapping each byte of `from` to the byte of
/// `to` at the same place.
pub fn maketrans(a: Args) -> Res<PyRef> {
    // Called on the type (`bytes.maketrans(a, b)`): the arguments are the last two.
    let args = &a.positional[a.positional.len().saturating_sub(2)..];
    if args.len() != 2 {
        return type_error(format!("maketrans expected 2 arguments, got {}", args.len()));
    }
    let (from, to) = (buffer(&args[0])?, buffer(&args[1])?);
    if from.len() != to.len() {
        return value_error("maketrans arguments must have same length");
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (x, y) in from.iter().zip(&to) {
        table[usize::from(*x)] = *y;
    }
    Ok(alloc(Kind::Bytes(table.into())))
}

/// `bytes.fromhex(string)` / `bytearray.fromhex(string)`: pairs of hex digits, blanks
/// between pairs allowed.
pub fn fromhex(text: &str, is_array: bool) -> Res<PyRef> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let high = (bytes[i] as char).to_digit(16);
        let low = bytes.get(i + 1).and_then(|&b| (b as char).to_digit(16));
        match (high, low) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (Some(_), None) if i + 1 < bytes.len() => {
                return value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                ))
            }
            (Some(_), None) => {
                return value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                ))
            }
            (None, _) => {
                return value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {i}"
                ))
            }
        }
        i += 2;
    }
    Ok(make(out, is_array))
}
