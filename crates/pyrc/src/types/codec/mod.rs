//! Text encodings: the codec machinery behind `str.encode`, `bytes.decode`, the `bytes` and
//! `bytearray` constructors and the native `_codecs` module (CPython's `Python/codecs.c` and
//! the codecs of `unicodeobject.c`). UTF-8, ASCII and Latin-1 under their usual names are
//! fast paths, as in CPython's `PyUnicode_AsEncodedString`; any other name goes through the
//! registry (`registry`: search functions, the `encodings` package), whose codecs call back
//! into the functions here (`unicode`, `escape`, `charmap`). Error handlers: `errors`.

pub mod charmap;
pub mod errors;
pub mod escape;
pub mod registry;
pub mod unicode;

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::{ops, str::expect_str};

/// The codecs with a fast path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fast {
    Utf8,
    Ascii,
    Latin1,
}

/// The fast-path codec `name` stands for, as CPython's `_Py_normalize_encoding` spells it
/// (lower case, each run of punctuation but `.` one `_`, none at the ends).
fn fast_codec(name: &str) -> Option<Fast> {
    // The spellings programs use, without building the normalised name (`str.encode` and
    // `bytes.decode` run this on every call; pickle's strings are `'utf-8'`).
    match name {
        "utf-8" | "utf8" | "UTF-8" | "utf_8" => return Some(Fast::Utf8),
        "ascii" => return Some(Fast::Ascii),
        "latin-1" | "latin1" | "iso-8859-1" => return Some(Fast::Latin1),
        _ => {}
    }
    let mut normal = String::with_capacity(name.len());
    let mut punctuation = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punctuation && !normal.is_empty() {
                normal.push('_');
            }
            punctuation = false;
            normal.push(c.to_ascii_lowercase());
        } else {
            punctuation = true;
        }
    }
    match normal.as_str() {
        "utf_8" | "utf8" => Some(Fast::Utf8),
        "ascii" | "us_ascii" => Some(Fast::Ascii),
        "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" => Some(Fast::Latin1),
        _ => None,
    }
}

/// Encodes `text` (CPython's `str.encode`); `object` is the str object when the caller has
/// one (errors carry it; made from `text` when needed otherwise).
pub fn encode_text(
    text: &str,
    object: Option<PyRef>,
    encoding: &str,
    errors: &str,
) -> Res<Vec<u8>> {
    match fast_codec(encoding) {
        // A pyrc str holds no surrogates: every str encodes in UTF-8.
        Some(Fast::Utf8) => Ok(text.as_bytes().to_vec()),
        Some(Fast::Ascii) => unicode::encode_byte_range(text, object, "ascii", errors, 0x7f),
        Some(Fast::Latin1) => unicode::encode_byte_range(text, object, "latin-1", errors, 0xff),
        None => registry::encode_text(object.unwrap_or_else(|| rt::str(text)), encoding, errors),
    }
}

/// Encodes `text` (see [`encode_text`]).
pub fn encode(text: &str, encoding: &str, errors: &str) -> Res<Vec<u8>> {
    encode_text(text, None, encoding, errors)
}

/// Decodes `data` to a str object (CPython's `bytes.decode`); `object` is the bytes object
/// when the caller has one.
pub fn decode_object(
    data: &[u8],
    object: Option<PyRef>,
    encoding: &str,
    errors: &str,
) -> Res<PyRef> {
    Ok(rt::str(match fast_codec(encoding) {
        Some(Fast::Utf8) => match std::str::from_utf8(data) {
            Ok(text) => return Ok(rt::str(text)),
            Err(_) => unicode::decode_utf_8(data, object, errors, true)?.0,
        },
        Some(Fast::Ascii) => unicode::decode_ascii(data, object, errors)?,
        Some(Fast::Latin1) => unicode::decode_latin_1(data),
        None => {
            let object = object.unwrap_or_else(|| alloc(Kind::Bytes(data.into())));
            return registry::decode_bytes(object, encoding, errors);
        }
    }))
}

/// Decodes `data` (see [`decode_object`]).
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> Res<String> {
    let object = decode_object(data, None, encoding, errors)?;
    Ok(crate::types::str::text(&object).unwrap_or_default().to_string())
}

/// The `encoding` and `errors` arguments of a call at positions `first` and `first + 1` or
/// as keywords, defaulting to `utf-8` and `strict`, borrowed from the call's arguments.
fn encoding_and_errors<'a>(a: &'a Args, first: usize, what: &str) -> Res<(&'a str, &'a str)> {
    let pick = |index: usize, key: &str, default: &'static str| -> Res<&'a str> {
        let value = a
            .positional
            .get(index)
            .or_else(|| a.keywords.iter().find(|(k, _)| &**k == key).map(|(_, v)| v));
        match value {
            // The message is built only for a wrong argument.
            Some(value) => match crate::types::str::text(value) {
                Some(text) => Ok(text),
                None if matches!(value.kind, Kind::None) => {
                    type_error(format!("{what}() argument '{key}' must be str, not None"))
                }
                None => expect_str(value, &format!("{what}() argument '{key}'")),
            },
            None => Ok(default),
        }
    };
    if let Some((key, _)) = a.keywords.iter().find(|(k, _)| !matches!(&**k, "encoding" | "errors"))
    {
        return type_error(format!("'{key}' is an invalid keyword argument for {what}()"));
    }
    Ok((pick(first, "encoding", "utf-8")?, pick(first + 1, "errors", "strict")?))
}

/// `str.encode(encoding="utf-8", errors="strict")`.
pub fn str_encode(a: Args) -> Res<PyRef> {
    a.arity("encode", 0, 2)?;
    let (encoding, errors) = encoding_and_errors(&a, 0, "encode")?;
    let receiver = a.receiver.expect("a str receiver");
    let text = crate::types::str::text(receiver).expect("a str receiver");
    if let Some(Fast::Utf8) = fast_codec(encoding) {
        // A pyrc str holds no surrogates: every str encodes in UTF-8, whatever `errors`.
        return Ok(alloc(Kind::Bytes(text.as_bytes().into())));
    }
    let bytes = encode_text(text, Some(receiver.clone()), encoding, errors)?;
    Ok(alloc(Kind::Bytes(bytes.into())))
}

/// `bytes.decode(encoding="utf-8", errors="strict")`, and bytearray's.
pub fn bytes_decode(a: Args) -> Res<PyRef> {
    a.arity("decode", 0, 2)?;
    let (encoding, errors) = encoding_and_errors(&a, 0, "decode")?;
    let receiver = a.receiver.expect("a bytes receiver");
    if let Kind::Bytes(data) = &receiver.kind {
        return decode_object(data, Some(receiver.clone()), encoding, errors);
    }
    let bytes = ops::bytes_like(receiver).expect("bytes");
    decode_object(&bytes, Some(receiver.clone()), encoding, errors)
}

/// `bytes(text, encoding, errors="strict")` and `bytearray(...)`: the encoding (position 1 or
/// keyword) is required for a str.
pub fn encode_argument(a: &Args, text: &str) -> Res<Vec<u8>> {
    if a.positional.get(1).is_none() && a.keyword("encoding").is_none() {
        return type_error("string argument without an encoding");
    }
    let (encoding, errors) = encoding_and_errors(a, 1, a.name)?;
    encode(text, encoding, errors)
}
