//! The strings `_sre` matches against: str (ASCII text is matched byte by byte; other text
//! through the engine's UTF-8 drive, whose positions are code-point indexes, as Python's are),
//! bytes, bytearray and memoryview (and subclass instances of str and bytes), and slicing them by
//! code-point positions for groups.

use std::rc::Rc;

use crate::object::error::Res;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, builtin_base, Kind, PyRef};

/// What the engine matches: bytes (of a bytes-like object, or an ASCII str) or non-ASCII text.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    Bytes(&'a [u8]),
    Str(&'a str),
}

/// Runs `$body` with `$s` bound to the engine drive for `$text` (one monomorphic copy per
/// kind of drive).
macro_rules! with_drive {
    ($text:expr, |$s:ident| $body:expr) => {
        match $text {
            $crate::modules::sre::subject::Text::Bytes($s) => $body,
            $crate::modules::sre::subject::Text::Str($s) => $body,
        }
    };
}
pub(super) use with_drive;

/// The kind of a subject: whether it is bytes-like, and its length in characters.
pub(super) struct Shape {
    pub is_bytes: bool,
    pub len: usize,
}

/// The str or bytes value `object` is or extends (an instance of a subclass of str or bytes
/// carries one).
fn value_of(object: &PyRef) -> PyRef {
    match &object.kind {
        Kind::Str(..) | Kind::Bytes(_) | Kind::ByteArray(_) => object.clone(),
        _ => builtin_base(object).unwrap_or_else(|| object.clone()),
    }
}

/// Whether `object` is a str or bytes-like object, and its length; else CPython's
/// `TypeError`.
pub(super) fn shape(object: &PyRef) -> Res<Shape> {
    let value = value_of(object);
    match &value.kind {
        Kind::Str(..) => {
            Ok(Shape { is_bytes: false, len: crate::object::text::char_count(&value) })
        }
        Kind::Bytes(bytes) => Ok(Shape { is_bytes: true, len: bytes.len() }),
        Kind::ByteArray(bytes) => Ok(Shape { is_bytes: true, len: bytes.borrow().len() }),
        _ if let Some(bytes) = crate::modules::builtins::memoryview::viewed_bytes(&value) => {
            Ok(Shape { is_bytes: true, len: bytes.len() })
        }
        _ => type_error(format!(
            "expected string or bytes-like object, got '{}'",
            crate::types::type_name(object)
        )),
    }
}

/// Runs `f` on the text of `object` (a str or bytes-like object, checked by [`shape`]); the
/// text is borrowed only while `f` runs, which calls no Python code.
pub(super) fn with_text<R>(object: &PyRef, f: impl FnOnce(Text) -> R) -> Res<R> {
    let value = value_of(object);
    match &value.kind {
        Kind::Str(..) => {
            let text = crate::object::text_of(&value);
            if crate::object::text::char_count(&value) == text.len() {
                Ok(f(Text::Bytes(text.as_bytes())))
            } else {
                Ok(f(Text::Str(text)))
            }
        }
        Kind::Bytes(bytes) => Ok(f(Text::Bytes(bytes))),
        Kind::ByteArray(bytes) => match bytes.try_borrow() {
            Ok(bytes) => Ok(f(Text::Bytes(&bytes))),
            Err(_) => rt::raise(
                crate::object::exceptions::ExcKind::RuntimeError,
                "bytearray is being changed",
            ),
        },
        _ if let Some(bytes) = crate::modules::builtins::memoryview::viewed_bytes(&value) => {
            Ok(f(Text::Bytes(&bytes)))
        }
        _ => type_error(format!(
            "expected string or bytes-like object, got '{}'",
            crate::types::type_name(object)
        )),
    }
}

/// The byte offset of code point `index` in `text` (its length past the end).
pub(super) fn byte_offset(text: &str, index: usize) -> usize {
    text.char_indices().nth(index).map_or(text.len(), |(offset, _)| offset)
}

/// `string[start:end]` by code-point positions, as CPython's `getslice`: a str for a str
/// subject (the subject itself when it is an exact str and the slice is all of it), bytes for
/// bytes, a bytearray for a bytearray.
pub(super) fn slice(object: &PyRef, start: usize, end: usize) -> Res<PyRef> {
    let end = end.max(start);
    let value = value_of(object);
    match &value.kind {
        Kind::Str(..) => {
            let text = crate::object::text_of(&value);
            let chars = crate::object::text::char_count(&value);
            if start == 0 && end >= chars && matches!(object.kind, Kind::Str(..)) {
                return Ok(object.clone());
            }
            if chars == text.len() {
                let end = end.min(text.len());
                let start = start.min(end);
                return Ok(rt::str(&text[start..end]));
            }
            let from = byte_offset(text, start);
            let to = from + byte_offset(&text[from..], end - start);
            Ok(rt::str(&text[from..to]))
        }
        Kind::Bytes(bytes) => {
            let end = end.min(bytes.len());
            let start = start.min(end);
            if start == 0 && end == bytes.len() && matches!(object.kind, Kind::Bytes(_)) {
                return Ok(object.clone());
            }
            Ok(alloc(Kind::Bytes(Rc::from(&bytes[start..end]))))
        }
        Kind::ByteArray(bytes) => {
            let bytes = bytes.borrow();
            let end = end.min(bytes.len());
            let start = start.min(end);
            Ok(alloc(Kind::Bytes(Rc::from(&bytes[start..end]))))
        }
        _ if let Some(bytes) = crate::modules::builtins::memoryview::viewed_bytes(&value) => {
            let end = end.min(bytes.len());
            let start = start.min(end);
            Ok(alloc(Kind::Bytes(Rc::from(&bytes[start..end]))))
        }
        _ => type_error("expected string or bytes-like object"),
    }
}

/// An empty str or bytes, to join pieces with.
pub(super) fn empty(is_bytes: bool) -> PyRef {
    if is_bytes {
        alloc(Kind::Bytes(Rc::from(&b""[..])))
    } else {
        rt::str("")
    }
}

/// `"".join(pieces)` or `b"".join(pieces)` with `str.join`'s messages: each piece must be a
/// str (or bytes-like).
pub(super) fn join(pieces: &[PyRef], is_bytes: bool) -> Res<PyRef> {
    if is_bytes {
        let mut out = Vec::new();
        for (index, piece) in pieces.iter().enumerate() {
            let value = value_of(piece);
            match &value.kind {
                Kind::Bytes(bytes) => out.extend_from_slice(bytes),
                Kind::ByteArray(bytes) => out.extend_from_slice(&bytes.borrow()),
                _ => {
                    return type_error(format!(
                        "sequence item {index}: expected a bytes-like object, {} found",
                        crate::types::type_name(piece)
                    ))
                }
            }
        }
        return Ok(alloc(Kind::Bytes(Rc::from(out))));
    }
    if let [only] = pieces {
        if matches!(only.kind, Kind::Str(..)) {
            return Ok(only.clone());
        }
    }
    let mut out = String::new();
    for (index, piece) in pieces.iter().enumerate() {
        let value = value_of(piece);
        match crate::object::str_text(&value) {
            Some(text) => out.push_str(text),
            None => {
                return type_error(format!(
                    "sequence item {index}: expected str instance, {} found",
                    crate::types::type_name(piece)
                ))
            }
        }
    }
    Ok(rt::str(out))
}
