//! A `Dict`'s storage in one word (see [`Storage`]): the tagged pointer, and the forms it is
//! read as.

use super::split::Split;
use super::Table;

/// A `Dict`'s storage in one word: null (an empty combined dict), a `Box<Table>` with the low
/// bit set (combined; a `Table` is 8-byte aligned, so the bit is free), or a [`Split`]'s
/// pointer as it is (its low bits are clear, see [`Split::into_raw`]).
///
/// The split pointer is untagged so that the word can be read in place as the `Split` it
/// holds (`Storage` and `Split` are both `#[repr(transparent)]` over one pointer): a
/// split dict's `&mut Split` writes its new pointer straight into this word when its values
/// grow and move.
#[repr(transparent)]
pub(super) struct Storage {
    ptr: *mut u8,
}

/// The low bit of a `Storage` pointing to a `Table`.
const TABLE_TAG: usize = 1;
const _: () = assert!(std::mem::align_of::<Table>() > TABLE_TAG);
const _: () = assert!(std::mem::size_of::<Split>() == std::mem::size_of::<Storage>());

/// A `Storage` taken apart.
pub(super) enum Owned {
    Combined(Option<Box<Table>>),
    Split(Split),
}

pub(super) enum Form<'a> {
    Combined(Option<&'a Table>),
    Split(&'a Split),
}

pub(super) enum FormMut<'a> {
    Combined(Option<&'a mut Table>),
    Split(&'a mut Split),
}

impl Default for Storage {
    fn default() -> Storage {
        Storage { ptr: std::ptr::null_mut() }
    }
}

impl Storage {
    pub(super) fn new(owned: Owned) -> Storage {
        let ptr = match owned {
            Owned::Combined(None) => std::ptr::null_mut(),
            Owned::Combined(Some(table)) => {
                Box::into_raw(table).cast::<u8>().wrapping_add(TABLE_TAG)
            }
            Owned::Split(split) => split.into_raw().as_ptr(),
        };
        Storage { ptr }
    }

    pub(super) fn is_split(&self) -> bool {
        !self.ptr.is_null() && self.ptr as usize & TABLE_TAG == 0
    }

    pub(super) fn form(&self) -> Form<'_> {
        if self.ptr.is_null() {
            Form::Combined(None)
        } else if self.is_split() {
            // SAFETY: the word holds a `Split`'s pointer, owned by `self` (made by
            // `Storage::new`, or written through the `&mut Split` of `form_mut`); both types
            // are `#[repr(transparent)]` over that one pointer.
            Form::Split(unsafe { &*std::ptr::from_ref(self).cast::<Split>() })
        } else {
            // SAFETY: made by `Storage::new` from a `Box<Table>`, owned by `self`.
            Form::Combined(Some(unsafe { &*self.ptr.wrapping_sub(TABLE_TAG).cast::<Table>() }))
        }
    }

    pub(super) fn form_mut(&mut self) -> FormMut<'_> {
        if self.ptr.is_null() {
            FormMut::Combined(None)
        } else if self.is_split() {
            // SAFETY: as in `form`; `&mut self` makes the access unique. Whatever is written
            // through the `&mut Split` is a `Split`, whose pointer is untagged and not null:
            // the word still holds a split dict.
            FormMut::Split(unsafe { &mut *std::ptr::from_mut(self).cast::<Split>() })
        } else {
            // SAFETY: as in `form`; `&mut self` makes the access unique.
            FormMut::Combined(Some(unsafe {
                &mut *self.ptr.wrapping_sub(TABLE_TAG).cast::<Table>()
            }))
        }
    }

    /// Takes the storage out, leaving an empty combined dict.
    pub(super) fn take(&mut self) -> Owned {
        let ptr = std::mem::replace(&mut self.ptr, std::ptr::null_mut());
        match std::ptr::NonNull::new(ptr) {
            None => Owned::Combined(None),
            Some(ptr) if ptr.as_ptr() as usize & TABLE_TAG == 0 => {
                // SAFETY: a `Split`'s pointer (see `form`); `self` no longer owns it.
                Owned::Split(unsafe { Split::from_raw(ptr) })
            }
            Some(ptr) => {
                // SAFETY: made by `Storage::new` from a `Box<Table>`; `self` no longer owns it.
                let table = ptr.as_ptr().wrapping_sub(TABLE_TAG).cast::<Table>();
                Owned::Combined(Some(unsafe { Box::from_raw(table) }))
            }
        }
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        drop(self.take());
    }
}
