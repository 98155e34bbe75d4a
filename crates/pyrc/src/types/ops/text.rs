//! Items of a str: `s[i]` and `s[a:b:c]`, by byte offset when the text is ASCII (its length
//! in characters, kept in the object, equals its length in bytes), by character otherwise.

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise};
use crate::object::{Kind, PyRef};

use super::*;

/// `object[key]` for a str object.
pub(super) fn str_item(object: &PyRef, key: &PyRef) -> Res<PyRef> {
    let index_error = || raise::<PyRef>(ExcKind::IndexError, "string index out of range");
    if let Some(text) = crate::object::text::ascii_text(object) {
        // One byte per character: positions are byte offsets.
        if matches!(key.kind, Kind::Slice(_)) {
            let (start, stop, step) = slice_indices(key, text.len())?;
            if step == 1 {
                return Ok(rt::str(if start < stop {
                    &text[start as usize..stop as usize]
                } else {
                    ""
                }));
            }
            let bytes = text.as_bytes();
            let picked: String =
                slice_positions(key, text.len())?.into_iter().map(|i| bytes[i] as char).collect();
            return Ok(rt::str(picked));
        }
        return match normalize_index(to_index_for(key, "string")?, text.len()) {
            Some(i) => Ok(rt::str(&text[i..i + 1])),
            None => index_error(),
        };
    }
    let text = crate::object::text_of(object);
    let length = crate::object::text::char_count(object);
    if matches!(key.kind, Kind::Slice(_)) {
        let (start, stop, step) = slice_indices(key, length)?;
        if step == 1 {
            let (start, stop) = (start as usize, (stop as usize).max(start as usize));
            return Ok(rt::str(crate::types::str::char_slice(text, start, stop)));
        }
        let chars: Vec<char> = text.chars().collect();
        let picked: String = slice_positions(key, length)?.into_iter().map(|i| chars[i]).collect();
        return Ok(rt::str(picked));
    }
    match normalize_index(to_index_for(key, "string")?, length) {
        Some(i) => Ok(rt::str(text.chars().nth(i).expect("within the length").to_string())),
        None => index_error(),
    }
}
