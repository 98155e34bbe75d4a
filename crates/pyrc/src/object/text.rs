//! A str object's text: stored in the object's own allocation, right after it (rcgc's byte
//! tail, `Gc::new_leaf_with_tail`), as CPython's compact str keeps its characters after its
//! head: one allocation per str. `Kind::Str` holds only the cached hash; the text is read from
//! the handle, borrowed for as long as the handle is.

use std::cell::Cell;

use rcgc::Gc;

use crate::object::{Kind, PyObject, PyRef};

/// A new str object holding a copy of `text` (hash not computed yet), or with its hash
/// already known (`hash`, 0 for not computed: see `Kind::Str`).
pub fn new_str(text: &str, hash: u32) -> PyRef {
    let chars = if text.is_ascii() { text.len() } else { text.chars().count() };
    let chars = u32::try_from(chars).unwrap_or(u32::MAX);
    let object =
        Gc::new_leaf_with_tail(PyObject::new(Kind::Str(Cell::new(hash), chars)), text.as_bytes());
    Gc::declare_no_finalizer(&object);
    object
}

/// The length in characters of a str object (`len(s)`), 0 for any other object.
#[inline]
pub fn char_count(object: &PyRef) -> usize {
    match object.kind {
        Kind::Str(_, u32::MAX) => tail_text(object).chars().count(),
        Kind::Str(_, chars) => chars as usize,
        _ => 0,
    }
}

/// The text of a str object if it is ASCII (one byte per character: indexing is a byte
/// offset), known without reading it.
#[inline]
pub fn ascii_text(object: &PyRef) -> Option<&str> {
    let text = str_text(object)?;
    (char_count(object) == text.len()).then_some(text)
}

/// The text of `object` if it is a str object (not a subclass instance: see
/// `types::str::text`), borrowed from the handle.
#[inline]
pub fn str_text(object: &PyRef) -> Option<&str> {
    match object.kind {
        Kind::Str(..) => Some(tail_text(object)),
        _ => None,
    }
}

/// The text of `object`, which the caller knows to be a str object ("" for any other object:
/// only a str has a tail).
#[inline]
pub fn text_of(object: &PyRef) -> &str {
    debug_assert!(matches!(object.kind, Kind::Str(..)) || Gc::tail(object).is_empty());
    tail_text(object)
}

#[inline]
fn tail_text(object: &PyRef) -> &str {
    // SAFETY: only `new_str` gives a `PyObject` a tail, a copy of a `&str`'s bytes, which are
    // valid UTF-8; the tail never changes afterwards. Every other object's tail is empty.
    unsafe { std::str::from_utf8_unchecked(Gc::tail(object)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_in_the_object_s_allocation() {
        let object = new_str("héllo", 0);
        assert_eq!(str_text(&object), Some("héllo"));
        assert_eq!(text_of(&object), "héllo");
        let size = rcgc::introspect::allocation_size(&Gc::erase(&object));
        let empty = new_str("", 0);
        assert_eq!(text_of(&empty), "");
        assert_eq!(size, rcgc::introspect::allocation_size(&Gc::erase(&empty)) + "héllo".len());
        assert_eq!(str_text(&crate::object::runtime::int(3)), None);
        assert_eq!((char_count(&object), ascii_text(&object)), (5, None));
        let ascii = new_str("plain", 0);
        assert_eq!((char_count(&ascii), ascii_text(&ascii)), (5, Some("plain")));
        assert_eq!((char_count(&empty), ascii_text(&empty)), (0, Some("")));
    }
}
