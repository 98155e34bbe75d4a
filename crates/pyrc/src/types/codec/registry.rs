//! The codec registry, as CPython's `Python/codecs.c`: search functions registered by
//! `codecs.register` (the `encodings` package registers its own, imported on first use),
//! a cache of their answers by normalized name, and encoding and decoding through the
//! `CodecInfo` found.

use std::cell::Cell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, ops};

thread_local! {
    /// Whether `encodings` was imported (or is being imported) for this thread's registry.
    static INITIALIZED: Cell<bool> = const { Cell::new(false) };
}

fn search_path() -> PyRef {
    rt::with(|r| r.codec_search_path.clone())
}

fn cache() -> PyRef {
    rt::with(|r| r.codec_search_cache.clone())
}

/// Imports `encodings` once, which registers its search function (CPython's
/// `_PyCodecRegistry_Init`); marked first, so the import's own `codecs.register` call does
/// not come back here.
fn initialize() -> Res<()> {
    if INITIALIZED.with(|flag| flag.replace(true)) {
        return Ok(());
    }
    (crate::object::hooks::vm().import_module)("encodings").map(drop)
}

/// The registry's spelling of an encoding name: lower case, spaces and hyphens made
/// underscores (CPython 3.11's `normalizestring`).
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `codecs.register(search_function)`.
pub fn register(function: PyRef) -> Res<()> {
    if !ops::callable(&function) {
        return type_error("argument must be callable");
    }
    initialize()?;
    if let Kind::List(items) = &search_path().kind {
        items.borrow_mut().push(function);
    }
    Ok(())
}

/// `codecs.unregister(search_function)`: drops it and empties the cache.
pub fn unregister(function: &PyRef) -> Res<()> {
    let path = search_path();
    if let Kind::List(items) = &path.kind {
        let removed = {
            let mut items = items.borrow_mut();
            let found = items.iter().position(|f| rcgc::Gc::ptr_eq(f, function));
            found.map(|index| items.remove(index))
        };
        if removed.is_some() {
            let cache = cache();
            if let Kind::Dict(dict) = &cache.kind {
                let old = std::mem::take(&mut *dict.borrow_mut());
                drop(old);
            }
        }
    }
    Ok(())
}

/// `codecs._forget_codec(encoding)`: drops its cache entry.
pub fn forget(encoding: &str) -> Res<()> {
    let key = rt::str(normalize(encoding));
    if ops::dict_get(&cache(), &key)?.is_some() {
        ops::delitem(&cache(), &key)?;
    }
    Ok(())
}

/// `codecs.lookup(encoding)`: the `CodecInfo` of the first search function that knows it.
pub fn lookup(encoding: &str) -> Res<PyRef> {
    initialize()?;
    let normalized = normalize(encoding);
    let key = rt::str(&normalized);
    if let Some(found) = ops::dict_get(&cache(), &key)? {
        return Ok(found);
    }
    let functions = match &search_path().kind {
        Kind::List(items) => items.borrow().to_vec(),
        _ => Vec::new(),
    };
    for function in functions {
        let result = ops::call(&function, vec![key.clone()], vec![])?;
        if matches!(result.kind, Kind::None) {
            continue;
        }
        let is_tuple = matches!(result.kind, Kind::Tuple(_))
            || crate::object::builtin_base(&result)
                .is_some_and(|base| matches!(base.kind, Kind::Tuple(_)));
        if !is_tuple || ops::len(&result)? != 4 {
            return type_error("codec search functions must return 4-tuples");
        }
        ops::dict_set(&cache(), key, result.clone())?;
        return Ok(result);
    }
    raise(ExcKind::LookupError, format!("unknown encoding: {encoding}"))
}

/// Item `index` of a `CodecInfo` (0: encoder, 1: decoder).
fn codec_item(info: &PyRef, index: i64) -> Res<PyRef> {
    ops::getitem(info, &rt::int(index))
}

/// Calls a codec's encoder or decoder, which returns `(object, consumed)`: the object.
fn call_codec(function: &PyRef, object: PyRef, errors: Option<&str>, what: &str) -> Res<PyRef> {
    let mut args = vec![object];
    if let Some(errors) = errors {
        args.push(rt::str(errors));
    }
    let result = ops::call(function, args, vec![])?;
    let pair = match &result.kind {
        Kind::Tuple(items) if items.len() == 2 => Some(items[0].clone()),
        _ => None,
    };
    pair.map_or_else(|| type_error(format!("{what} must return a tuple (object, integer)")), Ok)
}

/// `codecs.encode(object, encoding, errors)`: any object through any codec.
pub fn encode(object: PyRef, encoding: &str, errors: Option<&str>) -> Res<PyRef> {
    let encoder = codec_item(&lookup(encoding)?, 0)?;
    call_codec(&encoder, object, errors, "encoder")
}

/// `codecs.decode(object, encoding, errors)`.
pub fn decode(object: PyRef, encoding: &str, errors: Option<&str>) -> Res<PyRef> {
    let decoder = codec_item(&lookup(encoding)?, 1)?;
    call_codec(&decoder, object, errors, "decoder")
}

/// The codec of `encoding` if it is a text encoding (CPython's
/// `_PyCodec_LookupTextEncoding`), for `str.encode` and `bytes.decode`.
fn text_codec(encoding: &str, alternative: &str) -> Res<PyRef> {
    let info = lookup(encoding)?;
    if let Kind::Instance(_) | Kind::Extended(_) = info.kind {
        if let Ok(flag) = crate::types::attr::getattr(&info, "_is_text_encoding") {
            if !ops::truthy(&flag)? {
                return raise(
                    ExcKind::LookupError,
                    format!("'{encoding}' is not a text encoding; use {alternative} to handle arbitrary codecs"),
                );
            }
        }
    }
    Ok(info)
}

/// `str.encode` with a codec found in the registry: the result must be bytes.
pub(crate) fn encode_text(text: PyRef, encoding: &str, errors: &str) -> Res<Vec<u8>> {
    let encoder = codec_item(&text_codec(encoding, "codecs.encode()")?, 0)?;
    let result = call_codec(&encoder, text, Some(errors), "encoder")?;
    match &result.kind {
        Kind::Bytes(bytes) => Ok(bytes.to_vec()),
        Kind::ByteArray(bytes) => Ok(bytes.borrow().clone()),
        _ => type_error(format!(
            "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
            types::type_name(&result)
        )),
    }
}

/// `bytes.decode` with a codec found in the registry: the result must be a str.
pub(crate) fn decode_bytes(data: PyRef, encoding: &str, errors: &str) -> Res<PyRef> {
    let decoder = codec_item(&text_codec(encoding, "codecs.decode()")?, 1)?;
    let result = call_codec(&decoder, data, Some(errors), "decoder")?;
    if types::str::text(&result).is_none() {
        return type_error(format!(
            "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            types::type_name(&result)
        ));
    }
    Ok(result)
}
