//! The charmap codec, as CPython's `PyUnicode_DecodeCharmap` / `PyUnicode_EncodeCharmap`:
//! the 8-bit code pages of `encodings` (cp1252, cp437, ...) decode through a 256-character
//! table (a str, `'\ufffe'` for unmapped bytes) or any mapping of byte values, and encode
//! through the mapping `charmap_build` makes of such a table (a dict of code point to byte)
//! or any mapping of code points to ints, bytes or `None`.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::{self, ops};

use super::errors::{encode_with, Decoding, Encoding};

const UNDEFINED: &str = "character maps to <undefined>";

/// `mapping[key]`, `None` when the mapping has no such key (a `LookupError`).
fn lookup(mapping: &PyRef, key: u32) -> Res<Option<PyRef>> {
    match ops::getitem(mapping, &rt::int(i64::from(key))) {
        Ok(value) if matches!(value.kind, Kind::None) => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(error) if rt::is_exception(&error.value, ExcKind::LookupError) => Ok(None),
        Err(error) => Err(error),
    }
}

/// `charmap_decode(data, errors, mapping)`.
pub(crate) fn decode(
    data: &[u8],
    object: Option<PyRef>,
    errors: &str,
    mapping: &PyRef,
) -> Res<String> {
    let mut state = Decoding { encoding: "charmap", errors, data, object };
    let mut out = String::with_capacity(data.len());
    let table: Option<Vec<char>> = types::str::text(mapping).map(|t| t.chars().collect());
    let mut i = 0;
    while i < data.len() {
        let byte = data[i];
        let mapped = match &table {
            Some(table) => match table.get(usize::from(byte)) {
                Some(&c) if c != '\u{fffe}' => {
                    out.push(c);
                    true
                }
                _ => false,
            },
            None => match lookup(mapping, u32::from(byte))? {
                None => false,
                Some(value) => {
                    if let Some(text) = types::str::text(&value) {
                        let defined = text != "\u{fffe}";
                        if defined {
                            out.push_str(text);
                        }
                        defined
                    } else if let Kind::Int(_) | Kind::Bool(_) = value.kind {
                        let code = ops::to_index(&value)?;
                        match u32::try_from(code).ok().and_then(char::from_u32) {
                            Some(c) if code != 0xfffe => {
                                out.push(c);
                                true
                            }
                            Some(_) => false,
                            None => {
                                return type_error("character mapping must be in range(0x110000)")
                            }
                        }
                    } else {
                        return type_error("character mapping must return integer, None or str");
                    }
                }
            },
        };
        i = if mapped { i + 1 } else { state.handle(&mut out, i, i + 1, UNDEFINED)? };
    }
    Ok(out)
}

/// `charmap_encode(text, errors, mapping)`.
pub(crate) fn encode(
    text: &str,
    object: Option<PyRef>,
    errors: &str,
    mapping: &PyRef,
) -> Res<Vec<u8>> {
    let spec = Encoding { encoding: "charmap", errors, reason: UNDEFINED, text, object };
    encode_with(spec, &mut |c, out| {
        let Some(value) = lookup(mapping, c as u32)? else { return Ok(false) };
        match &value.kind {
            Kind::Int(_) | Kind::Bool(_) => match u8::try_from(ops::to_index(&value)?) {
                Ok(byte) => out.push(byte),
                Err(_) => return type_error("character mapping must be in range(256)"),
            },
            Kind::Bytes(bytes) => out.extend_from_slice(bytes),
            _ => {
                return type_error(format!(
                    "character mapping must return integer, bytes or None, not {}",
                    types::type_name(&value)
                ))
            }
        }
        Ok(true)
    })
}

/// `charmap_build(decoding_table)`: the encoding map of a decoding table, a dict of code
/// point to byte value (unmapped `'\ufffe'` entries left out).
pub(crate) fn build(table: &str) -> Res<PyRef> {
    let map = rt::new_dict();
    for (index, c) in table.chars().enumerate().filter(|(_, c)| *c != '\u{fffe}') {
        ops::dict_set(&map, rt::int(c as i64), rt::int(index as i64))?;
    }
    Ok(map)
}
