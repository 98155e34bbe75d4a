//! [`GcAny`]: a strong handle with its type erased (`gc.garbage`, `get_objects`,
//! `get_referents`).

use std::any::TypeId;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ptr::NonNull;

use crate::dealloc;
use crate::gc::Gc;
use crate::header::{flag, Header};
use crate::trace::Trace;

/// A strong handle with its type erased, for introspection (`gc.garbage`, `get_objects`,
/// `get_referents`). Downcast it back with [`GcAny::downcast`].
///
/// ```
/// let g = rcgc::Gc::new(String::from("x"));
/// let any = rcgc::Gc::erase(&g);
/// assert!(any.type_name().contains("String"));
/// assert!(any.downcast::<u32>().is_none());
/// ```
pub struct GcAny {
    pub(crate) ptr: NonNull<Header>,
}

impl GcAny {
    /// # Safety
    /// `header` is a live object; one strong reference is added for the new handle.
    pub(crate) unsafe fn new_counted(header: NonNull<Header>) -> GcAny {
        // SAFETY: the caller guarantees a live header.
        unsafe { header.as_ref().inc_strong() };
        GcAny { ptr: header }
    }

    #[inline]
    fn header(&self) -> &Header {
        // SAFETY: a strong handle keeps the allocation alive.
        unsafe { self.ptr.as_ref() }
    }

    pub(crate) fn header_ptr(&self) -> NonNull<Header> {
        self.ptr
    }

    /// A typed handle, if the object's value is a `T`.
    pub fn downcast<T: Trace + 'static>(&self) -> Option<Gc<T>> {
        if (self.header().vtable().type_id)() == TypeId::of::<T>() {
            self.header().inc_strong();
            // SAFETY: the type id matches, so the header heads a `GcBox<T>`; one reference
            // was counted for the new handle.
            Some(unsafe { Gc::from_header(self.ptr) })
        } else {
            None
        }
    }

    /// The Rust type name of the value.
    pub fn type_name(&self) -> &'static str {
        (self.header().vtable().type_name)()
    }

    /// The object's address, equal to `Gc::as_ptr` of its typed handles.
    pub fn as_ptr(&self) -> *const () {
        self.ptr.as_ptr() as *const ()
    }

    /// See [`Gc::strong_count`].
    pub fn strong_count(&self) -> usize {
        self.header().visible_strong()
    }

    /// See [`Gc::is_tracked`].
    pub fn is_tracked(&self) -> bool {
        // SAFETY: the handle keeps the object alive; its pointer is the allocation's.
        unsafe { Header::is_tracked(self.ptr) }
    }

    /// See [`Gc::is_leaf`].
    ///
    /// ```
    /// assert!(rcgc::Gc::erase(&rcgc::Gc::new(1u8)).is_leaf());
    /// ```
    pub fn is_leaf(&self) -> bool {
        !self.header().is_linked()
    }

    /// See [`Gc::is_finalized`].
    pub fn is_finalized(&self) -> bool {
        self.header().has(flag::FINALIZED)
    }

    /// Whether the value was dropped (by the collector) while this handle lived.
    pub fn is_cleared(&self) -> bool {
        self.header().has(flag::DROPPED)
    }

    /// Same object?
    pub fn ptr_eq(&self, other: &GcAny) -> bool {
        self.ptr == other.ptr
    }
}

impl Clone for GcAny {
    fn clone(&self) -> GcAny {
        self.header().inc_strong();
        GcAny { ptr: self.ptr }
    }
}

impl Drop for GcAny {
    fn drop(&mut self) {
        let header = self.header();
        let count = header.strong.get() - 1;
        header.strong.set(count);
        if count == 0 {
            // SAFETY: this was the last strong reference.
            unsafe { dealloc::strong_reached_zero(self.ptr) }
        }
    }
}

impl fmt::Debug for GcAny {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} object at {:p}>", self.type_name(), self.as_ptr())
    }
}

impl PartialEq for GcAny {
    fn eq(&self, other: &GcAny) -> bool {
        self.ptr == other.ptr
    }
}
impl Eq for GcAny {}
impl Hash for GcAny {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ptr.hash(state)
    }
}
