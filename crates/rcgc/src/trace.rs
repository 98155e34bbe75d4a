//! `Trace` (CPython's `tp_traverse`) and `Finalize` (CPython's `tp_finalize`, Python's `__del__`),
//! with their implementations for standard types.
//!
//! This module knows nothing about lists or collections: it only says which `Gc` handles a value
//! owns. The collector decides what to do with them through [`Visitor`].

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::marker::PhantomData;
use std::rc::Rc;

use crate::gc::{Gc, Weak};
use crate::visitor::Visitor;

/// Tells the collector which [`Gc`] handles a value owns: CPython's `tp_traverse`.
///
/// Derive it with `#[derive(Trace)]`; put `#[rcgc(skip)]` on a field that holds no `Gc` (or whose
/// `Gc` handles you accept to be treated as roots).
///
/// # Safety
///
/// An implementation must uphold all of the following; the collector relies on them to decide
/// which objects are garbage, and a violation can free a value that is still borrowed.
///
/// 1. `trace` visits a `Gc` only if the value *owns* that handle (the handle is a field of the
///    value, or is owned by a field, transitively through owning containers such as `Box`,
///    `Vec`, `RefCell`). It never visits a handle reached through a shared owner that the value
///    does not own alone (an `Rc<...>`, a thread-local, a raw pointer), and never visits one
///    handle twice in a single call. Visiting *fewer* handles than the value owns is allowed:
///    the unvisited targets are then treated as externally referenced (they stay alive).
/// 2. `trace` must not create, clone or drop a `Gc` or `Weak`, must not call into the collector,
///    and must not mutate the value. It may panic; the collector then treats the value
///    conservatively (see `ARCHITECTURE.md`).
/// 3. Two calls of `trace` on the same value with no mutation in between visit the same handles.
/// 4. `MAY_CONTAIN_GC` is `false` only if no value of the type can ever own a `Gc`.
///
/// `#[derive(Trace)]` produces implementations that satisfy these rules when every field's type
/// does.
///
/// # Example
///
/// ```
/// use rcgc::{Finalize, Gc, Trace};
/// use std::cell::RefCell;
///
/// #[derive(Trace, Finalize)]
/// struct Node {
///     children: RefCell<Vec<Gc<Node>>>,
///     #[rcgc(skip)]
///     label: String,
/// }
///
/// let leaf = Gc::new(Node { children: RefCell::new(vec![]), label: "leaf".into() });
/// let root = Gc::new(Node { children: RefCell::new(vec![leaf.clone()]), label: "root".into() });
/// assert_eq!(Gc::strong_count(&leaf), 2);
/// drop(root);
/// assert_eq!(Gc::strong_count(&leaf), 1);
/// ```
pub unsafe trait Trace: Finalize {
    /// `false` when no value of this type can own a `Gc`: such objects are never tracked by the
    /// collector, like CPython's ints and strings.
    const MAY_CONTAIN_GC: bool = true;

    /// Visits every `Gc` this value owns with [`Visitor::visit`] (usually by calling `trace` on
    /// each field).
    fn trace(&self, visitor: &mut Visitor);

    /// `true` when [`Trace::may_untrack`] may answer `true` for some value of the type: only
    /// then does the collector ask.
    const MAY_UNTRACK: bool = false;

    /// Asked of every tracked object that survives a collection (types with `MAY_UNTRACK`
    /// only): `true` untracks it, as CPython's collector untracks tuples of atomic items
    /// (`untrack_tuples`, every collection) and dicts of them (`untrack_dicts`, in full
    /// collections only, `full_collection` here). Answer `true` only when the value owns no
    /// handle to a tracked object (`Gc::is_tracked` is false for each): otherwise a cycle
    /// through it can never be collected (a leak, never unsafety). The value stays untracked
    /// until [`Gc::track`](crate::Gc::track). Rule 2 above applies: read only. A panic counts
    /// as `false`.
    ///
    /// ```
    /// use rcgc::{Finalize, Gc, Trace, Visitor};
    /// use std::cell::RefCell;
    ///
    /// struct Bag(RefCell<Vec<Gc<u8>>>);
    /// impl Finalize for Bag {}
    /// // SAFETY: visits exactly the handles the bag owns; `may_untrack` only reads.
    /// unsafe impl Trace for Bag {
    ///     fn trace(&self, visitor: &mut Visitor) {
    ///         self.0.borrow().iter().for_each(|h| visitor.visit(h));
    ///     }
    ///     const MAY_UNTRACK: bool = true;
    ///     fn may_untrack(&self, _full_collection: bool) -> bool {
    ///         self.0.borrow().iter().all(|h| !Gc::is_tracked(h))
    ///     }
    /// }
    /// let bag = Gc::new(Bag(RefCell::new(vec![Gc::new(7)])));
    /// assert!(Gc::is_tracked(&bag));
    /// rcgc::collect();
    /// assert!(!Gc::is_tracked(&bag)); // it holds only an atomic value
    /// ```
    fn may_untrack(&self, full_collection: bool) -> bool {
        let _ = full_collection;
        false
    }
}

/// A value's finalizer: Python's `__del__` with PEP 442 semantics.
///
/// The finalizer runs at most once per object, before its value is dropped: when the last
/// handle goes, or when the collector finds the object in garbage (then every finalizer of the
/// garbage set runs while all values are still intact). A finalizer may resurrect its object
/// (store a clone of `this` somewhere reachable); the object then lives on and is never
/// finalized again. A panic in a finalizer is caught and reported like Python's
/// "Exception ignored in".
///
/// `#[derive(Finalize)]` declares that the type has no finalizer. A hand-written
/// `impl Finalize` declares one (even an empty one): set `HAS_FINALIZER = false` to opt out.
/// The default is `true` because Rust cannot tell whether an impl overrides `finalize`: a
/// default of `false` would silently never run a finalizer someone wrote, which is worse than
/// an empty one that runs (its only costs: the finalization step, and in legacy mode such a
/// cycle is kept as uncollectable).
///
/// # Example
///
/// ```
/// use rcgc::{Finalize, Gc, Trace};
/// use std::cell::Cell;
///
/// thread_local!(static FINALIZED: Cell<u32> = Cell::new(0));
///
/// #[derive(Trace)]
/// struct Track;
///
/// impl Finalize for Track {
///     fn finalize(_this: &Gc<Self>) {
///         FINALIZED.with(|f| f.set(f.get() + 1));
///     }
/// }
///
/// let t = Gc::new(Track);
/// let another_t = t.clone();
/// drop(t);
/// assert_eq!(FINALIZED.with(Cell::get), 0);
/// drop(another_t);
/// assert_eq!(FINALIZED.with(Cell::get), 1);
/// ```
pub trait Finalize {
    /// Whether [`Finalize::finalize`] does anything. Objects without a finalizer skip the
    /// finalization step, and in [legacy mode](crate::set_legacy_finalizers) only objects with
    /// one make a garbage cycle uncollectable.
    const HAS_FINALIZER: bool = true;

    /// Whether this value has a finalizer now; only asked when `HAS_FINALIZER` is true. For
    /// types where some values have a finalizer and others not (an interpreter's objects,
    /// where only instances of classes with `__del__` have one). In legacy mode only objects
    /// answering true make a cycle uncollectable.
    ///
    /// It is meant as a query. Whatever it does, memory stays safe: it is asked only while
    /// the object is held by a counted reference and the collector's lists are consistent,
    /// so it may allocate, collect (during a collection that returns 0), clone and drop
    /// handles, even its object's last other one. But it should not keep a handle it did not
    /// have (store a clone of a field's `Gc` somewhere): the collector asks it about garbage
    /// and, if no finalizer, weakref callback or other user code ran, clears the garbage
    /// without recomputing reachability, so a handle stored here finds its object cleared
    /// (dereferencing it panics, as for any object cleared by the collector). Resurrecting is
    /// what [`Finalize::finalize`] is for.
    fn has_finalizer(&self) -> bool {
        Self::HAS_FINALIZER
    }

    /// Runs once, before the value is dropped; `this` is a handle to the dying object.
    fn finalize(this: &Gc<Self>)
    where
        Self: Sized,
    {
        let _ = this;
    }
}

// SAFETY: `Gc<T>` owns exactly one handle, itself, and visits it once.
unsafe impl<T: Trace + 'static> Trace for Gc<T> {
    #[inline]
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(self);
    }
}
impl<T: Trace + 'static> Finalize for Gc<T> {
    const HAS_FINALIZER: bool = false;
}

/// A weak handle owns no strong reference. It is still visited (with
/// [`Visitor::visit_weak`]) so that the collector knows which weak references are owned by
/// garbage: their callbacks must not run (CPython's `handle_weakrefs` rule). For the same
/// reason values holding a `Weak` are tracked, as CPython tracks weakref objects.
// SAFETY: `visit_weak` never affects strong-reference accounting.
unsafe impl<T: Trace + 'static> Trace for Weak<T> {
    fn trace(&self, visitor: &mut Visitor) {
        visitor.visit_weak(self);
    }
}
impl<T: Trace + 'static> Finalize for Weak<T> {
    const HAS_FINALIZER: bool = false;
}

/// Types that can never own a `Gc`.
macro_rules! atomic_trace {
    ($($t:ty),* $(,)?) => {$(
        // SAFETY: this type owns no `Gc`, so visiting nothing is exact.
        unsafe impl Trace for $t {
            const MAY_CONTAIN_GC: bool = false;
            #[inline]
            fn trace(&self, _visitor: &mut Visitor) {}
        }
        impl Finalize for $t {
            const HAS_FINALIZER: bool = false;
        }
    )*};
}

atomic_trace!(
    (),
    bool,
    char,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    String,
    str,
    &'static str,
    std::num::NonZeroUsize,
    std::num::NonZeroU64,
    std::num::NonZeroU32,
    std::num::NonZeroI64,
    std::path::PathBuf,
    std::ffi::OsString,
    std::time::Duration,
    std::time::Instant,
    std::fs::File,
    std::any::TypeId,
);

// SAFETY: `PhantomData` owns nothing.
unsafe impl<T: ?Sized> Trace for PhantomData<T> {
    const MAY_CONTAIN_GC: bool = false;
    fn trace(&self, _visitor: &mut Visitor) {}
}
impl<T: ?Sized> Finalize for PhantomData<T> {
    const HAS_FINALIZER: bool = false;
}

/// `Rc` is a shared owner: the value does not own what the `Rc` points to alone, so tracing
/// through it would break rule 1. Its `Gc` handles are treated as roots.
// SAFETY: visits nothing, which rule 1 allows (fewer handles than owned).
unsafe impl<T: ?Sized> Trace for Rc<T> {
    const MAY_CONTAIN_GC: bool = false;
    fn trace(&self, _visitor: &mut Visitor) {}
}
impl<T: ?Sized> Finalize for Rc<T> {
    const HAS_FINALIZER: bool = false;
}

/// Containers that own their elements and expose them through `&self` iteration.
macro_rules! iterable_trace {
    ($([$($g:tt)*] $t:ty),* $(,)?) => {$(
        // SAFETY: the container owns each element, iteration yields each exactly once, and the
        // elements' own `Trace` impls uphold the contract.
        unsafe impl<$($g)*> Trace for $t {
            const MAY_CONTAIN_GC: bool = E::MAY_CONTAIN_GC;
            #[inline]
            fn trace(&self, visitor: &mut Visitor) {
                if Self::MAY_CONTAIN_GC {
                    for element in self.iter() {
                        element.trace(visitor);
                    }
                }
            }
        }
        impl<$($g)*> Finalize for $t {
            const HAS_FINALIZER: bool = false;
        }
    )*};
}

iterable_trace!(
    [E: Trace] Vec<E>,
    [E: Trace] VecDeque<E>,
    [E: Trace] LinkedList<E>,
    [E: Trace] [E],
    [E: Trace, const N: usize] [E; N],
    [E: Trace] Option<E>,
    [E: Trace, S] HashSet<E, S>,
    [E: Trace] BTreeSet<E>,
    [E: Trace] BinaryHeap<E>,
);

/// Maps own their keys and values.
macro_rules! map_trace {
    ($([$($g:tt)*] $t:ty),* $(,)?) => {$(
        // SAFETY: the map owns each key and value, iteration yields each entry exactly once.
        unsafe impl<$($g)*> Trace for $t {
            const MAY_CONTAIN_GC: bool = K::MAY_CONTAIN_GC || V::MAY_CONTAIN_GC;
            #[inline]
            fn trace(&self, visitor: &mut Visitor) {
                if Self::MAY_CONTAIN_GC {
                    for (key, value) in self.iter() {
                        key.trace(visitor);
                        value.trace(visitor);
                    }
                }
            }
        }
        impl<$($g)*> Finalize for $t {
            const HAS_FINALIZER: bool = false;
        }
    )*};
}

map_trace!([K: Trace, V: Trace, S] HashMap<K, V, S>, [K: Trace, V: Trace] BTreeMap<K, V>);

// SAFETY: a box owns its content.
unsafe impl<T: Trace + ?Sized> Trace for Box<T> {
    const MAY_CONTAIN_GC: bool = T::MAY_CONTAIN_GC;
    #[inline]
    fn trace(&self, visitor: &mut Visitor) {
        (**self).trace(visitor);
    }
}
impl<T: ?Sized> Finalize for Box<T> {
    const HAS_FINALIZER: bool = false;
}

// SAFETY: the result owns whichever side it holds.
unsafe impl<T: Trace, E: Trace> Trace for Result<T, E> {
    const MAY_CONTAIN_GC: bool = T::MAY_CONTAIN_GC || E::MAY_CONTAIN_GC;
    fn trace(&self, visitor: &mut Visitor) {
        match self {
            Ok(value) => value.trace(visitor),
            Err(error) => error.trace(visitor),
        }
    }
}
impl<T, E> Finalize for Result<T, E> {
    const HAS_FINALIZER: bool = false;
}

/// A `RefCell` that is mutably borrowed while the collector looks at it cannot be read: its
/// handles are then not visited, which makes their targets look externally referenced. That is
/// the conservative (safe) answer, and it is the right one: a live `borrow_mut` means some code
/// on the stack reached this value from a root.
// SAFETY: visits the owned content when it can be borrowed, nothing otherwise (rule 1 allows
// fewer). `try_borrow` does not mutate anything observable once the borrow ends.
unsafe impl<T: Trace + ?Sized> Trace for RefCell<T> {
    const MAY_CONTAIN_GC: bool = T::MAY_CONTAIN_GC;
    #[inline]
    fn trace(&self, visitor: &mut Visitor) {
        if let Ok(content) = self.try_borrow() {
            content.trace(visitor);
        }
    }
}
impl<T: ?Sized> Finalize for RefCell<T> {
    const HAS_FINALIZER: bool = false;
}

/// A `Cell<T>` can only be read by copying, so it can hold no `Gc` (which is not `Copy`);
/// `Cell<Option<Gc<T>>>` and friends should use `RefCell` instead.
// SAFETY: `T: Copy` rules out `Gc` (which implements `Drop`), so there is nothing to visit.
unsafe impl<T: Copy + Trace> Trace for Cell<T> {
    const MAY_CONTAIN_GC: bool = false;
    fn trace(&self, _visitor: &mut Visitor) {}
}
impl<T: ?Sized> Finalize for Cell<T> {
    const HAS_FINALIZER: bool = false;
}

// SAFETY: the cell owns its content once set.
unsafe impl<T: Trace> Trace for OnceCell<T> {
    const MAY_CONTAIN_GC: bool = T::MAY_CONTAIN_GC;
    fn trace(&self, visitor: &mut Visitor) {
        if let Some(value) = self.get() {
            value.trace(visitor);
        }
    }
}
impl<T> Finalize for OnceCell<T> {
    const HAS_FINALIZER: bool = false;
}

macro_rules! tuple_trace {
    ($(($($name:ident),+)),* $(,)?) => {$(
        // SAFETY: a tuple owns each of its fields.
        unsafe impl<$($name: Trace),+> Trace for ($($name,)+) {
            const MAY_CONTAIN_GC: bool = false $(|| $name::MAY_CONTAIN_GC)+;
            #[allow(non_snake_case)]
            fn trace(&self, visitor: &mut Visitor) {
                let ($($name,)+) = self;
                $($name.trace(visitor);)+
            }
        }
        impl<$($name),+> Finalize for ($($name,)+) {
            const HAS_FINALIZER: bool = false;
        }
    )*};
}

tuple_trace!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F),
    (A, B, C, D, E, F, G),
    (A, B, C, D, E, F, G, H),
);
