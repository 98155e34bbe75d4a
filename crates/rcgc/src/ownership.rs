//! The `Rc`-style ownership operations on [`Gc`]: building a value that refers to itself
//! (`new_cyclic`), taking the value back (`try_unwrap`) and borrowing it mutably (`get_mut`,
//! with its guard [`GcMut`]).

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

use crate::gc::{Gc, Weak};
use crate::header::{allocate_uninit, flag, GcBox, Header};
use crate::trace::Trace;
use crate::{dealloc, state, weak};

impl<T: Trace + 'static> Gc<T> {
    /// Allocates a value that holds weak references to itself: `data_fn` receives a
    /// [`Weak`] to the object being built and returns its value. As with `Rc::new_cyclic`,
    /// upgrading that weak reference fails until `new_cyclic` returns; afterwards it works.
    /// If `data_fn` panics, the allocation is released and the panic goes on.
    ///
    /// ```
    /// use rcgc::{Finalize, Gc, Trace, Weak};
    ///
    /// #[derive(Trace, Finalize)]
    /// struct Node {
    ///     me: Weak<Node>,
    /// }
    ///
    /// let node = Gc::new_cyclic(|me: &Weak<Node>| {
    ///     assert!(me.upgrade().is_none()); // not built yet
    ///     Node { me: me.clone() }
    /// });
    /// assert!(Gc::ptr_eq(&node.me.upgrade().unwrap(), &node));
    /// ```
    pub fn new_cyclic(data_fn: impl FnOnce(&Weak<T>) -> T) -> Gc<T> {
        // A `GcBox<T>` whose value is not written yet.
        let ptr: NonNull<GcBox<T>> = allocate_uninit::<T>(T::MAY_CONTAIN_GC);
        let header_ptr: NonNull<Header> = ptr.cast();
        // SAFETY: the allocation is live and ours.
        let header = unsafe { header_ptr.as_ref() };
        // No handle yet: `Weak::upgrade` refuses an object whose count is zero, and nothing
        // else can reach the unwritten value (the object is in no list).
        header.strong.set(0);
        let weak = Weak { slot: weak::new_handle(header_ptr, None), _marker: PhantomData };

        /// Releases the allocation if `data_fn` unwinds: weak references are cleared
        /// (none can have a callback: that takes a `Gc`), the unwritten value is not dropped.
        struct Unbuilt(NonNull<Header>);
        impl Drop for Unbuilt {
            fn drop(&mut self) {
                // SAFETY: the allocation is live, in no list, has no handle and no value.
                let header = unsafe { self.0.as_ref() };
                header.set(flag::DROPPED);
                if !header.has(flag::HAS_WEAK) || weak::clear_and_call_back(self.0) {
                    // SAFETY: nothing refers to the allocation; the value was never written
                    // and `free` does not drop it.
                    unsafe { (header.vtable().free)(self.0) };
                }
            }
        }
        let unbuilt = Unbuilt(header_ptr);
        let value = data_fn(&weak);
        std::mem::forget(unbuilt);
        // SAFETY: the value slot is ours and unwritten; `ManuallyDrop<T>` has `T`'s layout.
        unsafe { ptr.as_ref().value.get().write(ManuallyDrop::new(value)) };
        header.strong.set(1);
        drop(weak);
        if T::MAY_CONTAIN_GC {
            // SAFETY: the allocation is in no list.
            unsafe { state::link_new(header_ptr) };
        }
        Gc { ptr, _owns: PhantomData }
    }

    /// Moves the value out if this is the only handle (as `Rc::try_unwrap`), else gives the
    /// handle back. The object leaves the collector; weak references to it are cleared and
    /// their callbacks run, since the object is gone. Its finalizer does not run: the value
    /// is not dropped but handed to the caller, whose own `Drop` will run when it goes.
    ///
    /// ```
    /// let a = rcgc::Gc::new(String::from("x"));
    /// let b = a.clone();
    /// let a = rcgc::Gc::try_unwrap(a).unwrap_err();
    /// drop(b);
    /// assert_eq!(rcgc::Gc::try_unwrap(a).unwrap(), "x");
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        // An immortal object's hidden reference makes the count at least 2.
        if this.header().strong.get() != 1 || this.header().has(flag::DROPPED) {
            return Err(this);
        }
        let this = ManuallyDrop::new(this);
        let header_ptr = this.header_ptr();
        // SAFETY: the handle (kept from dropping) still keeps the allocation alive.
        let header = unsafe { header_ptr.as_ref() };
        state::with(|state| {
            if state.analysing.get() {
                state::analysis_violation();
            }
            dealloc::untrack_dying(state, header_ptr);
        });
        header.strong.set(0);
        header.set(flag::DROPPED);
        let pending =
            if header.has(flag::HAS_WEAK) { weak::clear_for(header_ptr) } else { Some(Vec::new()) };
        // SAFETY: the only handle is consumed, the object is in no list and marked DROPPED, so
        // nothing else reads the value; it is read exactly once and never dropped in place.
        let value = unsafe { ManuallyDrop::take(&mut *this.ptr.as_ref().value.get()) };
        if let Some(pending) = pending {
            // SAFETY: no handle, list, queue or weak slot refers to the allocation, whose
            // value was moved out (`free` does not drop it).
            unsafe { crate::header::free_box_of(this.ptr) };
            for slot in pending {
                weak::run_callback(slot);
            }
        }
        // Else the weak table is gone (thread exit): the allocation is leaked, not freed,
        // since weak slots may still point at it.
        Ok(value)
    }

    /// A mutable borrow of the value if this is the only handle and no weak reference
    /// exists (as `Rc::get_mut`). The object is out of the collector's sight while the
    /// returned guard lives (a collection traces values through shared borrows, which must
    /// not overlap a mutable one), and rejoins generation 0 when the guard goes.
    ///
    /// ```
    /// let mut a = rcgc::Gc::new(vec![1]);
    /// rcgc::Gc::get_mut(&mut a).unwrap().push(2);
    /// let b = a.clone();
    /// assert!(rcgc::Gc::get_mut(&mut a).is_none());
    /// drop(b);
    /// assert_eq!(*a, [1, 2]);
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<GcMut<'_, T>> {
        let header = this.header();
        if header.strong.get() != 1 || header.has(flag::DROPPED | flag::HAS_WEAK) {
            return None;
        }
        let was_tracked = Gc::is_tracked(this);
        Gc::untrack(this);
        Some(GcMut { handle: this, was_tracked })
    }
}

/// The mutable borrow returned by [`Gc::get_mut`]. While it lives the object is untracked;
/// dropping it returns the object to the collector (generation 0). Forgetting it only leaves
/// the object untracked, which is safe (its handles then count as roots).
///
/// ```
/// let mut list = rcgc::Gc::new(std::cell::RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
/// rcgc::collect();
/// {
///     let mut borrowed = rcgc::Gc::get_mut(&mut list).unwrap();
///     borrowed.get_mut().push(rcgc::Gc::new(1));
///     assert_eq!(rcgc::get_count().0, 0); // out of the collector's sight
/// }
/// assert!(rcgc::Gc::is_tracked(&list));
/// ```
pub struct GcMut<'a, T: Trace + 'static> {
    handle: &'a mut Gc<T>,
    was_tracked: bool,
}

impl<T: Trace + 'static> Deref for GcMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `get_mut` checked that the value is live; the guard borrows the only handle.
        unsafe { &*self.handle.ptr.as_ref().value.get() }
    }
}

impl<T: Trace + 'static> std::ops::DerefMut for GcMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: `get_mut` found this the only handle, with no weak reference, and
        // untracked the object, so no other code (not even the collector) can reach the
        // value while the guard, which borrows that handle mutably, lives.
        unsafe { &mut *self.handle.ptr.as_ref().value.get() }
    }
}

impl<T: Trace + 'static> Drop for GcMut<'_, T> {
    fn drop(&mut self) {
        if self.was_tracked {
            Gc::track(self.handle);
        }
    }
}
