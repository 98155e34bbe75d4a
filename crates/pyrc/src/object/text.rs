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
    Gc::new_leaf_with_tail(PyObject::new(Kind::Str(Cell::new(hash))), text.as_bytes())
}

/// The text of `object` if it is a str object (not a subclass instance: see
/// `types::str::text`), borrowed from the handle.
#[inline]
pub fn str_text(object: &PyRef) -> Option<&str> {
    match object.kind {
        Kind::Str(_) => Some(tail_text(object)),
        _ => None,
    }
}

/// The text of `object`, which the caller knows to be a str object ("" for any other object:
/// only a str has a tail).
#[inline]
pub fn text_of(object: &PyRef) -> &str {
    debug_assert!(matches!(object.kind, Kind::Str(_)) || Gc::tail(object).is_empty());
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
    }
}
