//! The handles: [`Gc<T>`] (strong) and [`Weak<T>`] (weak); [`GcAny`](crate::GcAny), the
//! type-erased strong handle, is in `any`.

use crate::any::GcAny;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

use crate::header::{allocate, flag, GcBox, Header};
use crate::trace::Trace;
use crate::{dealloc, state, weak};

/// A reference-counted pointer whose cycles are reclaimed by a generational cycle collector:
/// CPython's object model for Rust.
///
/// Like `Rc`: cloning adds a reference, dropping removes one, and when the last one goes the
/// value is finalized (see [`Finalize`](crate::Finalize)), dropped and freed at once. Unlike
/// `Rc`, objects that only keep each other alive are found by [`collect`](crate::collect)
/// (or automatically, every `threshold0` allocations) and reclaimed.
///
/// Thread-local (`!Send`, `!Sync`): each thread has its own collector.
///
/// Dereferencing a handle whose value was dropped by the cycle collector (possible only from a
/// `Drop` impl of a neighbour in the same garbage cycle, or after a `Drop` stored a handle
/// somewhere) panics with a message naming the type; see [`Gc::try_deref`].
///
/// # Example
///
/// ```
/// use rcgc::{Finalize, Gc, Trace};
/// use std::cell::RefCell;
///
/// #[derive(Trace, Finalize)]
/// struct Node {
///     other: RefCell<Option<Gc<Node>>>,
/// }
///
/// let a = Gc::new(Node { other: RefCell::new(None) });
/// let b = Gc::new(Node { other: RefCell::new(Some(a.clone())) });
/// *a.other.borrow_mut() = Some(b.clone());
/// drop(a);
/// drop(b); // a cycle: reference counting alone cannot free it
/// assert_eq!(rcgc::collect(), 2);
/// ```
pub struct Gc<T> {
    pub(crate) ptr: NonNull<GcBox<T>>,
    /// Owns a `T` for drop-check purposes; also makes `Gc` `!Send` and `!Sync`.
    pub(crate) _owns: PhantomData<(T, *const ())>,
}

impl<T: Trace + 'static> Gc<T> {
    /// Allocates `value` in a new object with one reference.
    ///
    /// If `T` may own handles (`Trace::MAY_CONTAIN_GC`), the object is tracked by the collector
    /// and counts towards generation 0's threshold; creating it may run an automatic
    /// collection first (and with it, finalizers and `Drop` of garbage), as in CPython.
    /// Otherwise the object can never be tracked, and its allocation carries no list links
    /// (16 bytes less, as CPython's non-GC objects have no `PyGC_Head`): see
    /// [`Gc::new_leaf`].
    ///
    /// ```
    /// let five = rcgc::Gc::new(5);
    /// assert_eq!(*five, 5);
    /// assert!(!rcgc::Gc::is_tracked(&five)); // ints hold no handles: untracked, as in CPython
    /// assert!(rcgc::Gc::is_leaf(&five));
    /// ```
    #[inline]
    pub fn new(value: T) -> Gc<T> {
        let ptr = allocate(value, T::MAY_CONTAIN_GC);
        if T::MAY_CONTAIN_GC {
            // SAFETY: the allocation is new, hence in no list.
            unsafe { state::link_new(ptr.cast()) };
        }
        Gc { ptr, _owns: PhantomData }
    }
}

impl<T> Gc<T> {
    #[inline]
    pub(crate) fn header(&self) -> &Header {
        // SAFETY: a handle keeps the allocation alive (strong >= 1), and the header is never
        // mutated except through `Cell`s.
        unsafe { &self.ptr.as_ref().header }
    }

    #[inline]
    pub(crate) fn header_ptr(&self) -> NonNull<Header> {
        self.ptr.cast()
    }

    /// Adopts one strong reference that the caller already counted.
    ///
    /// # Safety
    /// `header` heads a `GcBox<T>` and the caller transfers one counted strong reference.
    #[inline]
    pub(crate) unsafe fn from_header(header: NonNull<Header>) -> Gc<T> {
        Gc { ptr: header.cast(), _owns: PhantomData }
    }

    /// The value, or `None` if the cycle collector (or [`force_drop`](Gc::force_drop)-style
    /// clearing) already dropped it.
    ///
    /// ```
    /// let g = rcgc::Gc::new(String::from("hi"));
    /// assert_eq!(rcgc::Gc::try_deref(&g).map(String::as_str), Some("hi"));
    /// ```
    #[inline]
    pub fn try_deref(this: &Self) -> Option<&T> {
        if this.header().has(flag::DROPPED) {
            None
        } else {
            // SAFETY: the value is live (not DROPPED) and values are only dropped once
            // DROPPED is set; the returned borrow is tied to the handle, which keeps the
            // allocation alive. The collector never drops a value reachable from a handle that
            // is borrowed (such a handle is a root, see ARCHITECTURE.md).
            Some(unsafe { &*this.ptr.as_ref().value.get() })
        }
    }

    /// The number of strong references (Python's `sys.getrefcount(x) - 1`).
    ///
    /// ```
    /// let a = rcgc::Gc::new(());
    /// let b = a.clone();
    /// assert_eq!(rcgc::Gc::strong_count(&a), 2);
    /// # drop(b);
    /// ```
    #[inline]
    pub fn strong_count(this: &Self) -> usize {
        this.header().visible_strong()
    }

    /// Whether both handles point to the same object (Python's `is`).
    ///
    /// ```
    /// let a = rcgc::Gc::new(1);
    /// let b = a.clone();
    /// assert!(rcgc::Gc::ptr_eq(&a, &b));
    /// assert!(!rcgc::Gc::ptr_eq(&a, &rcgc::Gc::new(1)));
    /// ```
    #[inline]
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.ptr == other.ptr
    }

    /// The object's address (stable for its lifetime, like Python's `id`).
    ///
    /// ```
    /// let a = rcgc::Gc::new(1);
    /// assert_eq!(rcgc::Gc::as_ptr(&a), rcgc::Gc::as_ptr(&a.clone()));
    /// ```
    #[inline]
    pub fn as_ptr(this: &Self) -> *const () {
        this.ptr.as_ptr() as *const ()
    }

    /// Whether the collector tracks this object (`gc.is_tracked`): only objects whose type may
    /// hold handles are tracked.
    ///
    /// ```
    /// use std::cell::RefCell;
    /// let list = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<i32>>::new()));
    /// assert!(rcgc::Gc::is_tracked(&list));
    /// ```
    pub fn is_tracked(this: &Self) -> bool {
        // SAFETY: the handle keeps the object alive; its pointer is the allocation's.
        unsafe { Header::is_tracked(this.header_ptr()) }
    }

    /// Whether the object can never be tracked because its allocation carries no list links:
    /// it was made by [`Gc::new_leaf`], or its type can hold no handle
    /// (`Trace::MAY_CONTAIN_GC` false). CPython's "not a GC object".
    ///
    /// ```
    /// use std::cell::RefCell;
    /// let list = rcgc::Gc::new_untracked(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
    /// assert!(!rcgc::Gc::is_leaf(&list)); // untracked for now, but it can be tracked
    /// assert!(rcgc::Gc::is_leaf(&rcgc::Gc::new(1u8)));
    /// assert!(rcgc::Gc::is_leaf(&rcgc::Gc::new_leaf(RefCell::new(Vec::<rcgc::Gc<u8>>::new()))));
    /// ```
    pub fn is_leaf(this: &Self) -> bool {
        !this.header().is_linked()
    }

    /// Whether the object's finalizer has already run (`gc.is_finalized`).
    ///
    /// ```
    /// assert!(!rcgc::Gc::is_finalized(&rcgc::Gc::new(1)));
    /// ```
    pub fn is_finalized(this: &Self) -> bool {
        this.header().has(flag::FINALIZED)
    }

    /// A type-erased strong handle to the same object.
    ///
    /// ```
    /// let a = rcgc::Gc::new(7u8);
    /// let any = rcgc::Gc::erase(&a);
    /// assert_eq!(*any.downcast::<u8>().unwrap(), 7);
    /// ```
    pub fn erase(this: &Self) -> GcAny {
        this.header().inc_strong();
        GcAny { ptr: this.header_ptr() }
    }
}

impl<T: Trace + 'static> Gc<T> {
    /// Creates a weak reference: it does not keep the value alive, and
    /// [`Weak::upgrade`] returns `None` once the value is gone.
    ///
    /// ```
    /// let strong = rcgc::Gc::new(3);
    /// let weak = rcgc::Gc::downgrade(&strong);
    /// assert_eq!(weak.upgrade().map(|g| *g), Some(3));
    /// drop(strong);
    /// assert!(weak.upgrade().is_none());
    /// ```
    pub fn downgrade(this: &Self) -> Weak<T> {
        Weak { slot: weak::new_handle(this.header_ptr(), None), _marker: PhantomData }
    }

    /// Creates a distinct weak reference whose `callback` runs once when the object dies
    /// (Python's `weakref.ref(obj, callback)`), receiving that weak reference (already dead).
    ///
    /// The callback does not run if every handle of this weak reference has been dropped
    /// first, or, in a collection, if the weak reference is itself garbage (owned only by
    /// objects of the garbage being collected: CPython's rule, `Modules/gc_weakref.txt`).
    /// In a collection, all weak references to garbage are cleared before any callback or
    /// finalizer runs. A panicking callback is reported and ignored.
    ///
    /// The handles the callback captures are roots, as those in an `Rc` are: the callback
    /// is shared by every clone of this weak reference, so no one value owns it, and the
    /// collector cannot see into a closure. (CPython traverses a weakref's callback; a
    /// cycle through one is collected there, not here.) Capture a `Weak` to the objects the
    /// callback needs instead of a `Gc`, or the object a callback keeps alive can keep its
    /// own cycle alive.
    ///
    /// ```
    /// use std::cell::Cell;
    /// use std::rc::Rc;
    ///
    /// let called = Rc::new(Cell::new(false));
    /// let flag = called.clone();
    /// let object = rcgc::Gc::new(1);
    /// let weak = rcgc::Gc::downgrade_with_callback(&object, move |w: &rcgc::Weak<i32>| {
    ///     assert!(w.upgrade().is_none());
    ///     flag.set(true);
    /// });
    /// drop(object);
    /// assert!(called.get());
    /// # drop(weak);
    /// ```
    pub fn downgrade_with_callback(
        this: &Self,
        callback: impl FnOnce(&Weak<T>) + 'static,
    ) -> Weak<T> {
        let erased: weak::SlotCallback = Box::new(move |slot| {
            weak::retain(slot);
            let handle = Weak::<T> { slot, _marker: PhantomData };
            callback(&handle);
        });
        Weak { slot: weak::new_handle(this.header_ptr(), Some(erased)), _marker: PhantomData }
    }

    /// The number of `Weak` handles to this object.
    ///
    /// ```
    /// let strong = rcgc::Gc::new(3);
    /// let w1 = rcgc::Gc::downgrade(&strong);
    /// let w2 = w1.clone();
    /// assert_eq!(rcgc::Gc::weak_count(&strong), 2);
    /// ```
    pub fn weak_count(this: &Self) -> usize {
        if this.header().has(flag::HAS_WEAK) {
            weak::count_for(this.header_ptr())
        } else {
            0
        }
    }

    /// Allocates `value` without tracking it, whatever its type: for values known to hold no
    /// handle at the moment (an interpreter's int in a `Gc<PyObject>`). It does not count
    /// towards generation 0's threshold. Always safe: an untracked object's handles are simply
    /// treated as roots. Track it later with [`Gc::track`] if it comes to hold handles.
    ///
    /// ```
    /// use std::cell::RefCell;
    /// let empty = rcgc::Gc::new_untracked(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
    /// assert!(!rcgc::Gc::is_tracked(&empty));
    /// rcgc::Gc::track(&empty);
    /// assert!(rcgc::Gc::is_tracked(&empty));
    /// ```
    pub fn new_untracked(value: T) -> Gc<T> {
        Gc { ptr: allocate(value, T::MAY_CONTAIN_GC), _owns: PhantomData }
    }

    /// Allocates `value` as a leaf of the object graph: an object that is never tracked and
    /// whose allocation carries no list links (CPython's non-GC objects, such as an int or a
    /// str, have no `PyGC_Head`). For values of a traceable type that will never need the
    /// collector: an interpreter's int or str in the same `Gc<PyObject>` as its lists and
    /// dicts. The header is then 16 bytes instead of 32.
    ///
    /// [`Gc::track`] does nothing on a leaf ([`Gc::is_tracked`] stays false), as on a value of
    /// a type that can hold no handle, and it does not count towards generation 0's
    /// threshold. Always safe: handles a leaf owns count as roots, as an untracked object's
    /// do, so a cycle through a leaf is never collected (it is freed by reference counting
    /// once broken). Everything else is as for any object: weak references, finalizers,
    /// [`force_drop`](Gc::force_drop), [`make_immortal`](Gc::make_immortal).
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use rcgc::{Finalize, Gc, Trace};
    ///
    /// #[derive(Trace, Finalize)]
    /// enum Object {
    ///     Int(i64),
    ///     List(RefCell<Vec<Gc<Object>>>),
    /// }
    ///
    /// let list = Gc::new(Object::List(RefCell::new(vec![])));
    /// let one = Gc::new_leaf(Object::Int(1));
    /// assert!(Gc::is_tracked(&list));
    /// assert!(!Gc::is_tracked(&one) && Gc::is_leaf(&one));
    /// Gc::track(&one); // no effect: a leaf is never tracked
    /// assert!(!Gc::is_tracked(&one));
    /// let size = |o: &Gc<Object>| rcgc::introspect::allocation_size(&Gc::erase(o));
    /// assert_eq!(size(&list) - size(&one), 2 * std::mem::size_of::<usize>()); // no list links
    /// ```
    pub fn new_leaf(value: T) -> Gc<T> {
        Gc { ptr: allocate(value, false), _owns: PhantomData }
    }

    /// Stops the collector from seeing this object (CPython's `PyObject_GC_UnTrack`), e.g.
    /// for a container that holds only atomic values. Safe: the handles it owns then count as
    /// roots; an untracked object in a cycle is never collected.
    ///
    /// ```
    /// use std::cell::RefCell;
    /// let list = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
    /// rcgc::Gc::untrack(&list);
    /// assert!(!rcgc::Gc::is_tracked(&list));
    /// ```
    pub fn untrack(this: &Self) {
        let header = this.header();
        // SAFETY: the handle keeps the object alive; its pointer is the allocation's.
        if unsafe { Header::is_tracked(this.header_ptr()) } {
            // SAFETY: a tracked object is linked and in a list; lists are never walked while
            // user code (which this is) runs.
            unsafe { crate::list::unlink(Header::links_ptr(this.header_ptr())) };
            header.clear(flag::COLLECTING);
        }
    }

    /// Lets the collector see this object again (CPython's `PyObject_GC_Track`): it joins
    /// generation 0. No effect on untracked-by-type values (`Trace::MAY_CONTAIN_GC` false), on
    /// leaves ([`Gc::new_leaf`]) or on values already dropped.
    ///
    /// ```
    /// let n = rcgc::Gc::new(1u8);
    /// rcgc::Gc::track(&n);
    /// assert!(!rcgc::Gc::is_tracked(&n)); // an atomic type is never tracked
    /// ```
    pub fn track(this: &Self) {
        let header = this.header();
        // `LINKED` implies a type that may hold handles (`VTable::tracked`).
        // SAFETY: the handle keeps the object alive; its pointer is the allocation's.
        if header.is_linked()
            && !unsafe { Header::is_tracked(this.header_ptr()) }
            && !header.has(flag::DROPPED)
        {
            // SAFETY: a linked, live object in no list.
            unsafe { state::track_new(this.header_ptr()) };
        }
    }

    /// Runs the object's finalizer now, if it has one that has not run yet (PEP 442: the
    /// object is marked finalized and the finalizer never runs again, neither on the
    /// refcount path nor in a collection). Returns whether it ran. For an interpreter's
    /// explicit deallocation that clears the object's contents itself.
    ///
    /// ```
    /// use std::cell::Cell;
    /// thread_local!(static RUNS: Cell<u32> = const { Cell::new(0) });
    /// #[derive(rcgc::Trace)]
    /// struct Noisy;
    /// impl rcgc::Finalize for Noisy {
    ///     fn finalize(_this: &rcgc::Gc<Self>) {
    ///         RUNS.with(|r| r.set(r.get() + 1));
    ///     }
    /// }
    /// let n = rcgc::Gc::new(Noisy);
    /// assert!(rcgc::Gc::finalize_now(&n));
    /// assert!(!rcgc::Gc::finalize_now(&n));
    /// drop(n);
    /// assert_eq!(RUNS.with(Cell::get), 1);
    /// ```
    pub fn finalize_now(this: &Self) -> bool {
        let header = this.header();
        if header.has(flag::DROPPED) {
            return false;
        }
        // SAFETY: the value is live (not DROPPED) and the caller's handle keeps it alive.
        if !unsafe { header.finalizer_pending(this.header_ptr()) } {
            return false;
        }
        header.set(flag::FINALIZED);
        header.inc_strong();
        // SAFETY: the value is live and one reference is counted for the call.
        unsafe { (header.vtable().finalize)(this.header_ptr()) };
        // The caller's handle remains, so this cannot reach zero.
        header.strong.set(header.strong.get() - 1);
        true
    }

    /// Declares that this object's value never has a finalizer, whatever its type says
    /// (CPython's objects of types without `tp_finalize`): when it dies, the finalizer query
    /// ([`Finalize::has_finalizer`](crate::Finalize::has_finalizer)) is skipped and it takes
    /// the short way of a type without one. For interpreters whose values share one Rust type,
    /// only some of which may ever have a finalizer (an int never has `__del__`). Safe: a
    /// wrong declaration only means a finalizer does not run.
    ///
    /// ```
    /// use std::cell::Cell;
    /// use rcgc::{Finalize, Gc, Trace};
    ///
    /// thread_local!(static RAN: Cell<u32> = const { Cell::new(0) });
    /// #[derive(Trace)]
    /// struct Value(u32);
    /// impl Finalize for Value {
    ///     fn finalize(_: &Gc<Self>) {
    ///         RAN.with(|r| r.set(r.get() + 1));
    ///     }
    /// }
    /// let plain = Gc::new(Value(1));
    /// Gc::declare_no_finalizer(&plain);
    /// drop(plain);
    /// assert_eq!(RAN.with(Cell::get), 0);
    /// drop(Gc::new(Value(2)));
    /// assert_eq!(RAN.with(Cell::get), 1);
    /// ```
    #[inline]
    pub fn declare_no_finalizer(this: &Self) {
        this.header().set(flag::NO_FINALIZER);
    }

    /// Makes the object immortal (as CPython 3.12 does for `None` and small ints): a hidden
    /// reference keeps it alive forever, so it is never deallocated nor collected, and
    /// [`force_drop`](Gc::force_drop) refuses it. [`strong_count`](Gc::strong_count) keeps
    /// reporting the real number of handles.
    ///
    /// ```
    /// let none = rcgc::Gc::new(());
    /// rcgc::Gc::make_immortal(&none);
    /// assert!(rcgc::Gc::is_immortal(&none));
    /// assert_eq!(rcgc::Gc::strong_count(&none), 1);
    /// assert!(rcgc::Gc::force_drop(&none).is_err());
    /// ```
    pub fn make_immortal(this: &Self) {
        let header = this.header();
        if !header.has(flag::IMMORTAL) {
            header.inc_strong();
            header.set(flag::IMMORTAL);
        }
    }

    /// Whether [`make_immortal`](Gc::make_immortal) was called on this object.
    ///
    /// ```
    /// assert!(!rcgc::Gc::is_immortal(&rcgc::Gc::new(1)));
    /// ```
    pub fn is_immortal(this: &Self) -> bool {
        this.header().has(flag::IMMORTAL)
    }

    /// Deallocates the object now although references remain: CPython's
    /// `ctypes.pythonapi._Py_Dealloc(ctypes.py_object(obj))`, made safe.
    ///
    /// The finalizer runs (if it has not yet), weak references are cleared (their callbacks
    /// run), the object leaves the collector, and from now on every handle refuses access:
    /// `Deref` panics with a message saying the object was force-dropped,
    /// [`try_deref`](Gc::try_deref) returns `None`, `Weak::upgrade` fails. The value's own
    /// `Drop` runs when the last remaining handle goes: running it earlier could free memory
    /// that a `&T` borrowed from another handle still points to (in CPython, using an object
    /// after `_Py_Dealloc` reads freed memory and typically crashes the interpreter), which no
    /// runtime check can see.
    ///
    /// # Errors
    ///
    /// Refuses immortal objects ("deallocating None") and objects already deallocated.
    ///
    /// ```
    /// let a = rcgc::Gc::new(String::from("x"));
    /// let b = a.clone();
    /// rcgc::Gc::force_drop(&a).unwrap();
    /// assert!(rcgc::Gc::try_deref(&b).is_none());
    /// let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| b.len()));
    /// assert!(read.is_err());
    /// ```
    pub fn force_drop(this: &Self) -> Result<(), ForceDropError> {
        let header = this.header();
        let type_name = std::any::type_name::<T>();
        if header.has(flag::IMMORTAL) {
            return Err(ForceDropError::Immortal { type_name });
        }
        if header.has(flag::DROPPED) {
            return Err(ForceDropError::AlreadyDropped { type_name });
        }
        // SAFETY: the caller's handle keeps the object alive.
        unsafe { dealloc::force_drop(this.header_ptr()) };
        Ok(())
    }
}

#[cold]
#[inline(never)]
fn panic_dropped(type_name: &str, forced: bool) -> ! {
    if forced {
        panic!("rcgc: use of a `Gc<{type_name}>` whose object was deallocated by `Gc::force_drop`")
    }
    panic!(
        "rcgc: use of a `Gc<{type_name}>` whose value was already dropped by the cycle \
         collector (a `Drop` impl reached into another object of the same garbage cycle, or \
         kept a handle to it)"
    )
}

/// Why [`Gc::force_drop`] refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForceDropError {
    /// The object is immortal (CPython: "Fatal Python error: deallocating None").
    Immortal {
        /// The Rust type of the value.
        type_name: &'static str,
    },
    /// The value was already dropped (by an earlier `force_drop` or by the collector).
    AlreadyDropped {
        /// The Rust type of the value.
        type_name: &'static str,
    },
}

impl fmt::Display for ForceDropError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForceDropError::Immortal { type_name } => {
                write!(f, "deallocating {type_name}: refused, the object is immortal")
            }
            ForceDropError::AlreadyDropped { type_name } => {
                write!(f, "deallocating {type_name}: the object was already deallocated")
            }
        }
    }
}

impl std::error::Error for ForceDropError {}

impl<T> Deref for Gc<T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        match Gc::try_deref(self) {
            Some(value) => value,
            None => {
                panic_dropped(std::any::type_name::<T>(), self.header().has(flag::DROP_PENDING))
            }
        }
    }
}

// As `Rc`: moving a handle into a `catch_unwind` closure is fine when `T` is.
impl<T: std::panic::RefUnwindSafe> std::panic::UnwindSafe for Gc<T> {}

impl<T> Clone for Gc<T> {
    #[inline]
    fn clone(&self) -> Gc<T> {
        self.header().inc_strong();
        Gc { ptr: self.ptr, _owns: PhantomData }
    }
}

impl<T> Drop for Gc<T> {
    #[inline]
    fn drop(&mut self) {
        let header = self.header();
        let count = header.strong.get() - 1;
        header.strong.set(count);
        if count == 0 {
            // SAFETY: this was the last strong reference, to a `GcBox<T>`.
            unsafe { dealloc::strong_reached_zero_typed(self.ptr) }
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Gc::try_deref(self) {
            Some(value) => fmt::Debug::fmt(value, f),
            None => f.write_str("<cleared>"),
        }
    }
}

/// Formats the value.
///
/// # Panics
///
/// If the value was dropped by the collector or by [`Gc::force_drop`] (as `Deref` does);
/// `Debug` prints `<cleared>` instead.
impl<T: fmt::Display> fmt::Display for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T> fmt::Pointer for Gc<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&Gc::as_ptr(self), f)
    }
}

/// Compares the values, as `Rc` does (use [`Gc::ptr_eq`] for identity).
///
/// # Panics
///
/// If either value was dropped by the collector or by [`Gc::force_drop`] (as `Deref` does).
impl<T: PartialEq> PartialEq for Gc<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}
impl<T: Eq> Eq for Gc<T> {}

/// Compares the values.
///
/// # Panics
///
/// If either value was dropped by the collector or by [`Gc::force_drop`] (as `Deref` does).
impl<T: PartialOrd> PartialOrd for Gc<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        (**self).partial_cmp(&**other)
    }
}
/// Compares the values.
///
/// # Panics
///
/// If either value was dropped by the collector or by [`Gc::force_drop`] (as `Deref` does).
impl<T: Ord> Ord for Gc<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        (**self).cmp(&**other)
    }
}

/// Hashes the value, as `Rc` does (so a `Gc` key finds an equal value's entry).
///
/// # Panics
///
/// If the value was dropped by the collector or by [`Gc::force_drop`] (as `Deref` does): a
/// map keyed by `Gc` must not be probed from a `Drop` impl of a garbage cycle's member.
impl<T: Hash> Hash for Gc<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

impl<T: Default + Trace + 'static> Default for Gc<T> {
    fn default() -> Gc<T> {
        Gc::new(T::default())
    }
}

impl<T: Trace + 'static> From<T> for Gc<T> {
    fn from(value: T) -> Gc<T> {
        Gc::new(value)
    }
}

impl<T> AsRef<T> for Gc<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T> std::borrow::Borrow<T> for Gc<T> {
    fn borrow(&self) -> &T {
        self
    }
}

/// A weak reference: does not keep its object alive (Python's `weakref.ref` without callback).
///
/// All `Weak`s of one object share a slot in a side table; when the object's value is
/// dropped (by reference counting or by the collector, which clears weak references to
/// garbage before running any finalizer), the slot is cleared and `upgrade` returns `None`.
///
/// # Example
///
/// ```
/// use rcgc::{Finalize, Gc, Trace, Weak};
/// use std::cell::RefCell;
///
/// #[derive(Trace, Finalize)]
/// struct Parent {
///     children: RefCell<Vec<Gc<Child>>>,
/// }
/// #[derive(Trace, Finalize)]
/// struct Child {
///     parent: Weak<Parent>,
/// }
///
/// let parent = Gc::new(Parent { children: RefCell::new(vec![]) });
/// let child = Gc::new(Child { parent: Gc::downgrade(&parent) });
/// parent.children.borrow_mut().push(child.clone());
/// assert!(child.parent.upgrade().is_some());
/// drop(parent); // no cycle: freed at once
/// assert!(child.parent.upgrade().is_none());
/// ```
pub struct Weak<T> {
    pub(crate) slot: NonNull<weak::WeakSlot>,
    pub(crate) _marker: PhantomData<*const T>,
}

impl<T: Trace + 'static> Weak<T> {
    /// A strong handle, if the object's value is still alive.
    pub fn upgrade(&self) -> Option<Gc<T>> {
        let header = weak::target(self.slot)?;
        // SAFETY: a slot's target is a live allocation (the slot is cleared before the value
        // is dropped and before the memory is freed).
        let h = unsafe { header.as_ref() };
        if h.strong.get() == 0 || h.has(flag::DROPPED) {
            return None;
        }
        h.inc_strong();
        // SAFETY: the slot was created for a `Gc<T>`, so the header heads a `GcBox<T>`; one
        // strong reference was just counted for the new handle.
        Some(unsafe { Gc::from_header(header) })
    }

    /// Whether `upgrade` would fail.
    ///
    /// ```
    /// let w = rcgc::Gc::downgrade(&rcgc::Gc::new(1));
    /// assert!(w.is_dead());
    /// ```
    pub fn is_dead(&self) -> bool {
        self.upgrade().is_none()
    }

    /// Strong references of the referent, 0 if it is gone.
    ///
    /// ```
    /// let g = rcgc::Gc::new(1);
    /// let w = rcgc::Gc::downgrade(&g);
    /// assert_eq!(w.strong_count(), 1);
    /// ```
    pub fn strong_count(&self) -> usize {
        match weak::target(self.slot) {
            // SAFETY: a slot's target is a live allocation.
            Some(header) => unsafe { header.as_ref().visible_strong() },
            None => 0,
        }
    }

    /// Whether two weak references share their referent (or are both dead and from one object).
    ///
    /// ```
    /// let g = rcgc::Gc::new(1);
    /// assert!(rcgc::Weak::ptr_eq(&rcgc::Gc::downgrade(&g), &rcgc::Gc::downgrade(&g)));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.slot == other.slot
    }
}

impl<T> Weak<T> {
    /// A weak reference to nothing: `upgrade` always returns `None` (as `rc::Weak::new`).
    /// It allocates a small slot (its handles' shared state), freed with the last clone.
    ///
    /// ```
    /// let nothing = rcgc::Weak::<u32>::new();
    /// assert!(nothing.upgrade().is_none());
    /// assert_eq!(nothing.strong_count(), 0);
    /// ```
    pub fn new() -> Weak<T> {
        Weak { slot: weak::dead_slot(), _marker: PhantomData }
    }

    pub(crate) fn slot_ptr(&self) -> NonNull<weak::WeakSlot> {
        self.slot
    }
}

impl<T> Default for Weak<T> {
    /// [`Weak::new`].
    fn default() -> Weak<T> {
        Weak::new()
    }
}

impl<T> Clone for Weak<T> {
    fn clone(&self) -> Weak<T> {
        weak::retain(self.slot);
        Weak { slot: self.slot, _marker: PhantomData }
    }
}

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        weak::release(self.slot);
    }
}

impl<T> fmt::Debug for Weak<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(Weak)")
    }
}
