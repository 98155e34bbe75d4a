//! The native `_codecs` module that CPython's `codecs.py` and `encodings` package import
//! (CPython's `Modules/_codecsmodule.c`): the registry (`register`, `unregister`, `lookup`,
//! `encode`, `decode`, `register_error`, `lookup_error`) and the codec functions, each
//! returning `(result, consumed)`. The work is done in `types::codec`, which `str.encode`
//! and `bytes.decode` share. Not provided: `utf_7_*` (the `utf-7` codec fails to import).

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::codec::{charmap, errors, escape, registry, unicode};
use crate::types::{self, ops};

use super::{add_functions, new_module};

/// `import _codecs`.
pub fn codecs_module() -> PyRef {
    let functions: &[(&'static str, crate::object::native::NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("lookup", lookup),
        ("_forget_codec", forget_codec),
        ("encode", encode),
        ("decode", decode),
        ("register_error", register_error),
        ("lookup_error", lookup_error),
        ("utf_8_encode", utf_8_encode),
        ("utf_8_decode", utf_8_decode),
        ("utf_16_encode", utf_16_encode),
        ("utf_16_le_encode", utf_16_encode),
        ("utf_16_be_encode", utf_16_encode),
        ("utf_16_decode", utf_16_decode),
        ("utf_16_le_decode", utf_16_decode),
        ("utf_16_be_decode", utf_16_decode),
        ("utf_16_ex_decode", utf_16_ex_decode),
        ("utf_32_encode", utf_32_encode),
        ("utf_32_le_encode", utf_32_encode),
        ("utf_32_be_encode", utf_32_encode),
        ("utf_32_decode", utf_32_decode),
        ("utf_32_le_decode", utf_32_decode),
        ("utf_32_be_decode", utf_32_decode),
        ("utf_32_ex_decode", utf_32_ex_decode),
        ("latin_1_encode", latin_1_encode),
        ("latin_1_decode", latin_1_decode),
        ("ascii_encode", ascii_encode),
        ("ascii_decode", ascii_decode),
        ("charmap_encode", charmap_encode),
        ("charmap_decode", charmap_decode),
        ("charmap_build", charmap_build),
        ("escape_encode", escape_encode),
        ("escape_decode", escape_decode),
        ("unicode_escape_encode", unicode_escape_encode),
        ("unicode_escape_decode", unicode_escape_decode),
        ("raw_unicode_escape_encode", raw_unicode_escape_encode),
        ("raw_unicode_escape_decode", raw_unicode_escape_decode),
        ("readbuffer_encode", readbuffer_encode),
    ];
    let module = new_module("_codecs", vec![]);
    add_functions(&module, functions);
    module
}

/// The positional arguments of a positional-only function taking `min..=max` of them, the
/// missing ones `None`.
fn positional(a: &Args, min: usize, max: usize) -> Res<Vec<Option<PyRef>>> {
    a.no_keywords(a.name)?;
    a.arity(a.name, min, max)?;
    let mut values: Vec<Option<PyRef>> = a.positional.iter().cloned().map(Some).collect();
    values.resize(max, None);
    Ok(values)
}

/// A str argument (`what`: the parameter's number, for the message).
fn str_argument<'a>(a: &Args, value: &'a PyRef, number: usize) -> Res<&'a str> {
    types::str::text(value).map_or_else(
        || {
            type_error(format!(
                "{}() argument {number} must be str, not {}",
                a.name,
                types::type_name(value)
            ))
        },
        Ok,
    )
}

/// The `errors` argument: `None` or absent means `strict`.
fn errors_argument(a: &Args, value: &Option<PyRef>, number: usize) -> Res<String> {
    match value {
        None => Ok("strict".into()),
        Some(v) if matches!(v.kind, Kind::None) => Ok("strict".into()),
        Some(v) => Ok(str_argument(a, v, number)?.to_string()),
    }
}

/// A bytes-like argument; `accept_str` also takes a str (as its UTF-8 bytes).
fn data_argument(value: &PyRef, accept_str: bool) -> Res<Vec<u8>> {
    if let Some(bytes) = ops::bytes_like(value) {
        return Ok(bytes);
    }
    if accept_str {
        if let Some(text) = types::str::text(value) {
            return Ok(text.as_bytes().to_vec());
        }
    }
    type_error(format!("a bytes-like object is required, not '{}'", types::type_name(value)))
}

fn flag_argument(value: &Option<PyRef>, default: bool) -> Res<bool> {
    value.as_ref().map_or(Ok(default), ops::truthy)
}

fn int_argument(value: &Option<PyRef>) -> Res<i32> {
    let value = value.as_ref().map_or(Ok(0), ops::to_index)?;
    Ok(value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
}

fn pair(first: PyRef, consumed: usize) -> Res<PyRef> {
    Ok(rt::tuple(vec![first, rt::int(consumed as i64)]))
}

fn bytes(data: Vec<u8>) -> PyRef {
    alloc(Kind::Bytes(data.into()))
}

/// The bytes object itself when the argument is one (errors carry it), else none.
fn bytes_object(value: &PyRef) -> Option<PyRef> {
    matches!(value.kind, Kind::Bytes(_)).then(|| value.clone())
}

fn register(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    registry::register(args[0].clone().expect("required"))?;
    Ok(rt::none())
}

fn unregister(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    registry::unregister(args[0].as_ref().expect("required"))?;
    Ok(rt::none())
}

fn lookup(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    registry::lookup(str_argument(&a, args[0].as_ref().expect("required"), 1)?)
}

fn forget_codec(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    registry::forget(str_argument(&a, args[0].as_ref().expect("required"), 1)?)?;
    Ok(rt::none())
}

/// `encode(obj, encoding='utf-8', errors='strict')` and `decode(...)`.
fn encode(a: Args) -> Res<PyRef> {
    convert(a, true)
}

fn decode(a: Args) -> Res<PyRef> {
    convert(a, false)
}

fn convert(a: Args, encoding: bool) -> Res<PyRef> {
    a.arity(a.name, 1, 3)?;
    let values = a.bind(a.name, &["obj", "encoding", "errors"], 1, &[])?;
    let object = values[0].clone().expect("required");
    let name = match &values[1] {
        Some(v) => str_argument(&a, v, 2)?.to_string(),
        None => "utf-8".into(),
    };
    let errors = match &values[2] {
        Some(v) => Some(str_argument(&a, v, 3)?.to_string()),
        None => None,
    };
    if encoding {
        registry::encode(object, &name, errors.as_deref())
    } else {
        registry::decode(object, &name, errors.as_deref())
    }
}

fn register_error(a: Args) -> Res<PyRef> {
    let args = positional(&a, 2, 2)?;
    let name = str_argument(&a, args[0].as_ref().expect("required"), 1)?;
    errors::register_error(name, args[1].clone().expect("required"))?;
    Ok(rt::none())
}

fn lookup_error(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    errors::lookup_error(str_argument(&a, args[0].as_ref().expect("required"), 1)?)
}

/// An encoder of the form `name(str, errors=None)`: the bytes and the length of the str.
fn text_encoder(a: &Args, encode: impl FnOnce(&str, PyRef, &str) -> Res<Vec<u8>>) -> Res<PyRef> {
    let args = positional(a, 1, 2)?;
    let object = args[0].clone().expect("required");
    let text = str_argument(a, &object, 1)?;
    let errors = errors_argument(a, &args[1], 2)?;
    let encoded = encode(text, object.clone(), &errors)?;
    pair(bytes(encoded), text.chars().count())
}

fn utf_8_encode(a: Args) -> Res<PyRef> {
    text_encoder(&a, |text, _, _| Ok(text.as_bytes().to_vec()))
}

fn latin_1_encode(a: Args) -> Res<PyRef> {
    text_encoder(&a, |text, object, errors| {
        unicode::encode_byte_range(text, Some(object), "latin-1", errors, 0xff)
    })
}

fn ascii_encode(a: Args) -> Res<PyRef> {
    text_encoder(&a, |text, object, errors| {
        unicode::encode_byte_range(text, Some(object), "ascii", errors, 0x7f)
    })
}

fn unicode_escape_encode(a: Args) -> Res<PyRef> {
    text_encoder(&a, |text, _, _| Ok(escape::unicode_escape_encode(text)))
}

fn raw_unicode_escape_encode(a: Args) -> Res<PyRef> {
    text_encoder(&a, |text, _, _| Ok(escape::raw_unicode_escape_encode(text)))
}

/// The byte order a `_le_`/`_be_` function name fixes (0: the function decides).
fn order_of_name(name: &str) -> i32 {
    if name.contains("_le_") {
        -1
    } else if name.contains("_be_") {
        1
    } else {
        0
    }
}

/// `utf_16_encode(str, errors=None, byteorder=0)` and the `_le_`/`_be_` forms (no byteorder).
fn utf_16_encode(a: Args) -> Res<PyRef> {
    wide_encode(a, unicode::encode_utf_16)
}

fn utf_32_encode(a: Args) -> Res<PyRef> {
    wide_encode(a, unicode::encode_utf_32)
}

fn wide_encode(a: Args, encode: fn(&str, i32) -> Vec<u8>) -> Res<PyRef> {
    let fixed = order_of_name(a.name);
    let args = positional(&a, 1, if fixed == 0 { 3 } else { 2 })?;
    let object = args[0].clone().expect("required");
    let text = str_argument(&a, &object, 1)?;
    errors_argument(&a, &args[1], 2)?;
    let order = if fixed == 0 { int_argument(args.get(2).unwrap_or(&None))? } else { fixed };
    let order = order.signum();
    pair(bytes(encode(text, order)), text.chars().count())
}

/// A decoder of the form `name(data, errors=None)`.
fn simple_decoder(
    a: &Args,
    decode: impl FnOnce(&[u8], Option<PyRef>, &str) -> Res<String>,
) -> Res<PyRef> {
    let args = positional(a, 1, 2)?;
    let object = args[0].clone().expect("required");
    let data = data_argument(&object, false)?;
    let errors = errors_argument(a, &args[1], 2)?;
    let text = decode(&data, bytes_object(&object), &errors)?;
    pair(rt::str(text), data.len())
}

fn latin_1_decode(a: Args) -> Res<PyRef> {
    simple_decoder(&a, |data, _, _| Ok(unicode::decode_latin_1(data)))
}

fn ascii_decode(a: Args) -> Res<PyRef> {
    simple_decoder(&a, unicode::decode_ascii)
}

/// A decoder of the form `name(data, errors=None, final=...)`.
fn final_decoder(
    a: &Args,
    accept_str: bool,
    default_final: bool,
    decode: impl FnOnce(&[u8], Option<PyRef>, &str, bool) -> Res<unicode::Decoded>,
) -> Res<PyRef> {
    let args = positional(a, 1, 3)?;
    let object = args[0].clone().expect("required");
    let data = data_argument(&object, accept_str)?;
    let errors = errors_argument(a, &args[1], 2)?;
    let last = flag_argument(&args[2], default_final)?;
    let (text, consumed) = decode(&data, bytes_object(&object), &errors, last)?;
    pair(rt::str(text), consumed)
}

fn utf_8_decode(a: Args) -> Res<PyRef> {
    final_decoder(&a, false, false, unicode::decode_utf_8)
}

fn unicode_escape_decode(a: Args) -> Res<PyRef> {
    final_decoder(&a, true, true, escape::unicode_escape_decode)
}

fn raw_unicode_escape_decode(a: Args) -> Res<PyRef> {
    final_decoder(&a, true, true, escape::raw_unicode_escape_decode)
}

type WideDecoder = fn(&[u8], Option<PyRef>, &str, i32, bool) -> Res<(String, usize, i32)>;

/// `utf_16_decode(data, errors=None, final=False)` and the `_le_`/`_be_` forms.
fn utf_16_decode(a: Args) -> Res<PyRef> {
    let order = order_of_name(a.name);
    final_decoder(&a, false, false, |data, object, errors, last| {
        let (text, consumed, _) = unicode::decode_utf_16(data, object, errors, order, last)?;
        Ok((text, consumed))
    })
}

fn utf_32_decode(a: Args) -> Res<PyRef> {
    let order = order_of_name(a.name);
    final_decoder(&a, false, false, |data, object, errors, last| {
        let (text, consumed, _) = unicode::decode_utf_32(data, object, errors, order, last)?;
        Ok((text, consumed))
    })
}

/// `utf_16_ex_decode(data, errors=None, byteorder=0, final=False)`: also the byte order.
fn utf_16_ex_decode(a: Args) -> Res<PyRef> {
    wide_ex_decode(a, unicode::decode_utf_16)
}

fn utf_32_ex_decode(a: Args) -> Res<PyRef> {
    wide_ex_decode(a, unicode::decode_utf_32)
}

fn wide_ex_decode(a: Args, decode: WideDecoder) -> Res<PyRef> {
    let args = positional(&a, 1, 4)?;
    let object = args[0].clone().expect("required");
    let data = data_argument(&object, false)?;
    let errors = errors_argument(&a, &args[1], 2)?;
    let order = int_argument(&args[2])?.signum();
    let last = flag_argument(&args[3], false)?;
    let (text, consumed, found) = decode(&data, bytes_object(&object), &errors, order, last)?;
    let found = if order != 0 { order } else { found };
    Ok(rt::tuple(vec![rt::str(text), rt::int(consumed as i64), rt::int(i64::from(found))]))
}

/// `charmap_encode(str, errors=None, mapping=None)`.
fn charmap_encode(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 3)?;
    let mapping = args[2].clone().filter(|m| !matches!(m.kind, Kind::None));
    text_encoder(
        &Args {
            name: a.name,
            receiver: None,
            positional: args.iter().take(2).flatten().cloned().collect(),
            keywords: vec![],
        },
        |text, object, errors| match &mapping {
            None => unicode::encode_byte_range(text, Some(object), "latin-1", errors, 0xff),
            Some(mapping) => charmap::encode(text, Some(object), errors, mapping),
        },
    )
}

/// `charmap_decode(data, errors=None, mapping=None)`.
fn charmap_decode(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 3)?;
    let mapping = args[2].clone().filter(|m| !matches!(m.kind, Kind::None));
    simple_decoder(
        &Args {
            name: a.name,
            receiver: None,
            positional: args.iter().take(2).flatten().cloned().collect(),
            keywords: vec![],
        },
        |data, object, errors| match &mapping {
            None => Ok(unicode::decode_latin_1(data)),
            Some(mapping) => charmap::decode(data, object, errors, mapping),
        },
    )
}

fn charmap_build(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 1)?;
    charmap::build(str_argument(&a, args[0].as_ref().expect("required"), 1)?)
}

/// `escape_encode(data, errors=None)`: bytes only.
fn escape_encode(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 2)?;
    let object = args[0].clone().expect("required");
    let Kind::Bytes(data) = &object.kind else {
        return type_error(format!(
            "escape_encode() argument 1 must be bytes, not {}",
            types::type_name(&object)
        ));
    };
    pair(bytes(escape::escape_encode(data)), data.len())
}

/// `escape_decode(data, errors=None)`: bytes-like or str.
fn escape_decode(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 2)?;
    let data = data_argument(args[0].as_ref().expect("required"), true)?;
    let errors = errors_argument(&a, &args[1], 2)?;
    pair(bytes(escape::escape_decode(&data, &errors)?), data.len())
}

/// `readbuffer_encode(data, errors=None)`: the bytes of a bytes-like object or str.
fn readbuffer_encode(a: Args) -> Res<PyRef> {
    let args = positional(&a, 1, 2)?;
    let data = data_argument(args[0].as_ref().expect("required"), true)?;
    let length = data.len();
    pair(bytes(data), length)
}
