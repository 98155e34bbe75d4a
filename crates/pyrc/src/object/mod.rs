//! Python objects as rcgc objects: every value is a `Gc<PyObject>`; there is no other heap and
//! no shadow refcount. Containers hold `PyRef`s and report them through `Trace`, so the cycle
//! collector sees Python's object graph exactly.
//!
//! Class instances own their `__dict__` as a separate object, as in the seed (two instances in
//! a cycle are four objects for `gc.collect()`); for classes defined in Python that dict is
//! split, its keys shared with the class's other instances (PEP 412, see `dict`).

pub mod class;
pub mod code;
pub mod dict;
pub mod dict_iter;
pub mod error;
pub mod exceptions;
pub mod frame;
pub mod hash;
pub mod hooks;
pub mod int;
pub mod native;
pub mod native_type;
pub mod recursion;
pub mod runtime;
pub mod text;
pub mod traceback;

pub use text::{str_text, text_of};

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use thin_vec::ThinVec;

use num_bigint::BigInt;
use rcgc::{Finalize, Gc, Trace, Visitor};

use crate::object::dict::Dict;

/// A reference to a Python object.
pub type PyRef = Gc<PyObject>;

/// One Python object.
pub struct PyObject {
    pub kind: Kind,
}

thread_local! {
    /// Addresses of the live objects that `ctypes.pythonapi._Py_Dealloc` (the seed's forced
    /// deallocation, made safe) deallocated: their `__del__` ran and their contents were
    /// cleared; every checked use raises `ReferenceError` instead of crashing. A side table,
    /// as rcgc's weak references are, so that objects never force-deallocated (all but a
    /// handful) pay no byte for it; an entry goes when its object's value is dropped, before
    /// the address can be reused.
    static DEALLOCATED: RefCell<std::collections::HashSet<usize>> =
        RefCell::new(std::collections::HashSet::new());
    /// Whether `DEALLOCATED` may be non-empty: the one check every object's drop makes.
    static ANY_DEALLOCATED: Cell<bool> = const { Cell::new(false) };
}

/// What an object is. Containers use `RefCell`s: Python mutates through shared references.
pub enum Kind {
    None,
    NotImplemented,
    Ellipsis,
    Bool(bool),
    Int(crate::object::int::Int),
    Float(f64),
    /// `complex`: real and imaginary parts.
    Complex(f64, f64),
    /// The hash, computed on first use and kept (`str_hash` values fit 32 bits; 0 here means
    /// not computed yet), as CPython's `ob_shash`; it shares the tag's word. Then the length in
    /// characters, counted once when the str is made, as CPython's `length` (`u32::MAX`: that
    /// many or more, counted when asked); equal to the text's byte length exactly when the
    /// text is ASCII, which makes indexing a byte offset. The text is in the object's own
    /// allocation, after it (see `text`: `str_text`, `text_of`, `char_count`).
    Str(Cell<u32>, u32),
    Bytes(Rc<[u8]>),
    /// `bytearray`: mutable bytes; atomic (holds no references), so untracked.
    ByteArray(Box<RefCell<Vec<u8>>>),
    /// Items behind one pointer (`ThinVec`: length and capacity in the allocation), 16 bytes.
    List(RefCell<thin_vec::ThinVec<PyRef>>),
    Tuple(Box<[PyRef]>),
    // `Dict` is one pointer (its table is allocated apart, and not at all while empty).
    Dict(RefCell<Dict>),
    Set(RefCell<Dict>),
    FrozenSet(Dict),
    Range(Box<RangeBounds>),
    Slice(Box<Slice>),
    /// `object()`: no `__dict__`.
    Object,
    Function(Box<Function>),
    Builtin(Box<Builtin>),
    BoundMethod {
        function: PyRef,
        receiver: PyRef,
    },
    Class(Box<Class>),
    Instance(Instance),
    Extended(Box<Extended>),
    /// An object of a native type (`re.Pattern`, `_io.StringIO`): an instance whose Rust state
    /// follows its class and `__dict__` in the same box (see `native_type`).
    Native(Box<native_type::NativeInstance>),
    Module(Box<Module>),
    /// A closure cell.
    Cell(RefCell<Option<PyRef>>),
    Iterator(Box<RefCell<Iter>>),
    File(Box<RefCell<FileState>>),
    StaticMethod(PyRef),
    ClassMethod(PyRef),
    Property(Box<Property>),
    Super {
        class: PyRef,
        receiver: PyRef,
    },
    /// A frame object (`sys._getframe()`).
    Frame(Box<crate::object::frame::FrameObject>),
    /// A traceback object (`e.__traceback__`).
    Traceback(Box<crate::object::traceback::TracebackObject>),
    /// A weak reference (`weakref.ref`).
    WeakRef(Box<WeakRef>),
    /// A code object made by `compile()` (its constants are atomic: never traced).
    Code(Rc<crate::object::code::CodeObject>),
}

/// `slice(start, stop, step)`.
pub struct Slice {
    pub start: PyRef,
    pub stop: PyRef,
    pub step: PyRef,
}

/// `property(getter, setter)`.
pub struct Property {
    /// `fget` (`None` when made without one).
    pub getter: PyRef,
    pub setter: RefCell<Option<PyRef>>,
    pub deleter: RefCell<Option<PyRef>>,
    /// `__doc__`: given to the constructor or assigned later (`namedtuple` documents its
    /// field properties so).
    pub doc: RefCell<Option<PyRef>>,
}

impl Property {
    /// A property with a getter and an optional setter.
    pub fn new(getter: PyRef, setter: Option<PyRef>) -> Property {
        Property {
            getter,
            setter: RefCell::new(setter),
            deleter: RefCell::new(None),
            doc: RefCell::new(None),
        }
    }
}

/// A weak reference object (`weakref.ref`): the rcgc weak handle and the callback.
pub struct WeakRef {
    pub weak: rcgc::Weak<PyObject>,
    pub callback: RefCell<Option<PyRef>>,
}

/// `range(start, stop, step)`.
pub struct RangeBounds {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}

/// A function defined in Python.
pub struct Function {
    /// The compiled body: the name is `co_name`, the qualname `co_qualname` (fixed by the
    /// compiler), the file `co_filename`.
    pub code: Rc<crate::object::code::CodeObject>,
    pub globals: PyRef,
    // `ThinVec`s: one word each, nothing allocated when empty; in cells because
    // `__defaults__`/`__kwdefaults__` may be assigned (CPython's `namedtuple` does), borrowed
    // only while arguments are bound (no Python code runs then).
    pub defaults: RefCell<ThinVec<PyRef>>,
    pub kw_defaults: RefCell<ThinVec<(Rc<str>, PyRef)>>,
    /// Cells of the enclosing scopes' variables this function uses.
    pub closure: ThinVec<PyRef>,
    /// What most functions never get, in one box: a `__dict__`, the defining class of a
    /// method calling `super()`, names assigned after the definition.
    pub extras: RefCell<Option<Box<FunctionExtras>>>,
}

/// A function's rarely used parts (see [`Function::extras`]).
#[derive(Default)]
pub struct FunctionExtras {
    /// `__dict__`, made when first asked for or written.
    pub dict: Option<PyRef>,
    /// The class a method calling `super()` was defined in (CPython's `__class__` cell).
    pub defining_class: Option<PyRef>,
    /// `__name__` / `__qualname__` assigned after the definition (`functools.wraps`); `None`:
    /// the name it was defined with.
    pub name: Option<Rc<str>>,
    pub qualname: Option<Rc<str>>,
}

impl Function {
    /// The name the function was defined with.
    pub fn name(&self) -> &Rc<str> {
        &self.code.code.name
    }

    /// The qualname the function was defined with.
    pub fn qualname(&self) -> &Rc<str> {
        &self.code.code.qualname
    }

    /// `__name__`.
    pub fn current_name(&self) -> Rc<str> {
        let extras = self.extras.borrow();
        extras.as_ref().and_then(|e| e.name.clone()).unwrap_or_else(|| self.name().clone())
    }

    /// `__qualname__`.
    pub fn current_qualname(&self) -> Rc<str> {
        let extras = self.extras.borrow();
        extras.as_ref().and_then(|e| e.qualname.clone()).unwrap_or_else(|| self.qualname().clone())
    }

    /// Changes the rare parts (made on first use).
    pub fn with_extras<R>(&self, change: impl FnOnce(&mut FunctionExtras) -> R) -> R {
        let mut extras = self.extras.borrow_mut();
        change(extras.get_or_insert_with(Box::default))
    }

    /// The class a method calling `super()` was defined in.
    pub fn defining_class(&self) -> Option<PyRef> {
        self.extras.borrow().as_ref().and_then(|e| e.defining_class.clone())
    }
}

/// A function implemented in Rust.
#[derive(Clone)]
pub struct Builtin {
    pub name: &'static str,
    pub function: crate::object::native::NativeFn,
    /// `self` for builtin methods (`list.append` bound to a list).
    pub receiver: Option<PyRef>,
}

/// A class: its name, bases, method resolution order and namespace.
pub struct Class {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub bases: Vec<PyRef>,
    /// Linearized bases, not including the class itself.
    pub mro: Vec<PyRef>,
    /// The class namespace (a dict object).
    pub dict: PyRef,
    /// For the built-in types: which one.
    pub builtin: Option<crate::object::class::BuiltinType>,
    /// Cached: does the class (or a base) define `__del__`?
    pub has_del: Cell<Option<bool>>,
    /// `__mro__`, the class first: as CPython's `tp_mro`, it makes every class part of a
    /// reference cycle, so a class is freed by the collector, never by its refcount alone.
    pub mro_tuple: RefCell<Option<PyRef>>,
    /// Whether its instances' dicts share their keys (PEP 412): classes made by the `class`
    /// statement; not built-in and exception classes, nor classes made in Rust.
    pub shares_keys: bool,
    /// The keys its instances' dicts share, made with the first instance.
    pub shared_keys: std::cell::OnceCell<Rc<crate::object::dict::SharedKeys>>,
    /// `type(cls)` when it is a metaclass defined in Python (`None`: `type`).
    pub metaclass: Option<PyRef>,
    /// Whether it is `type` or a subclass of it (its instances are classes).
    pub is_metaclass: bool,
    /// Its direct subclasses, weakly (`__subclasses__()`, as CPython's `tp_subclasses`).
    pub subclasses: RefCell<Vec<rcgc::Weak<PyObject>>>,
    /// What `Class(...)` calls remember (see `types::ops::plain_construction`).
    pub construct: crate::object::class::ConstructCache,
    /// For a class made from a native table (`types::native_class`): the table.
    pub native: Cell<Option<&'static native_type::NativeClassDef>>,
}

/// An instance of a class defined in Python (or of a built-in exception class).
pub struct Instance {
    /// Its class: replaced by `__class__` assignment ([`Instance::set_class`]); read through
    /// [`Instance::class`] (one word, as the handle: `PyObject` stays 24 bytes).
    class: Cell<PyRef>,
    /// The instance's `__dict__`, a separate tracked dict object (split, sharing its keys with
    /// the class's other instances, for classes defined in Python).
    pub dict: PyRef,
}

impl Instance {
    pub fn new(class: PyRef, dict: PyRef) -> Instance {
        Instance { class: Cell::new(class), dict }
    }

    /// Its class (a new handle).
    #[inline]
    pub fn class(&self) -> PyRef {
        // SAFETY: the handle is only cloned (a count increment, which runs no code), so
        // nothing can replace it (`set_class`) while the reference made here lives; `Cell`
        // is not `Sync`, so no other thread can either.
        unsafe { (*self.class.as_ptr()).clone() }
    }

    /// Its class, borrowed.
    ///
    /// # Safety
    /// No code that may assign `__class__` ([`Instance::set_class`]), that is no Python code,
    /// may run while the reference lives (a trace, a dict lookup of a str key).
    #[inline]
    pub unsafe fn class_unchecked(&self) -> &PyRef {
        // SAFETY: the caller promises no `set_class` while the reference lives, so the
        // handle in the cell is neither moved out nor dropped meanwhile.
        unsafe { &*self.class.as_ptr() }
    }

    /// `object.__class__ = class`: returns the previous class (to be dropped by the caller
    /// once nothing is borrowed).
    pub fn set_class(&self, class: PyRef) -> PyRef {
        self.class.replace(class)
    }
}

/// An instance of a subclass of a built-in type (`class F(float)`): an instance plus the
/// built-in value it extends (a real `float`, `list`...); every operation the class does not
/// override falls back to that value ([`builtin_base`]). A variant of its own, boxed, so that
/// plain instances stay two words.
pub struct Extended {
    pub instance: Instance,
    pub base: PyRef,
}

/// The built-in value an instance of a subclass of a built-in type extends.
pub fn builtin_base(object: &PyRef) -> Option<PyRef> {
    match &object.kind {
        Kind::Extended(extended) => Some(extended.base.clone()),
        _ => None,
    }
}

/// A module: its name and namespace.
pub struct Module {
    pub name: Rc<str>,
    pub dict: PyRef,
}

/// Iteration state of the built-in iterators.
pub enum Iter {
    Seq {
        seq: PyRef,
        index: usize,
    },
    Range {
        next: BigInt,
        stop: BigInt,
        step: BigInt,
    },
    /// A range whose items all fit an `i64` (CPython's `rangeiterobject`, the common case):
    /// `remaining` items from `next` on.
    SmallRange {
        next: i64,
        step: i64,
        remaining: u64,
    },
    Chars {
        /// The str object iterated over (its text is borrowed at each step).
        text: PyRef,
        byte_index: usize,
    },
    /// Over a snapshot of items.
    Snapshot {
        items: Vec<PyRef>,
        index: usize,
    },
    /// A live iterator over a dict, set or frozenset (see `dict_iter`).
    Dict(dict_iter::DictIter),
    Enumerate {
        inner: PyRef,
        count: BigInt,
    },
    Zip {
        inners: Vec<PyRef>,
    },
    Map {
        function: PyRef,
        inners: Vec<PyRef>,
    },
    Filter {
        function: PyRef,
        inner: PyRef,
    },
    Reversed {
        seq: PyRef,
        index: usize,
    },
    /// A generator expression, evaluated lazily clause by clause.
    Generator(Box<dyn VmIter>),
    /// `iter(callable, sentinel)`: calls until the sentinel comes back.
    CallUntil {
        callable: PyRef,
        sentinel: PyRef,
    },
    /// A generator function's activation (`def` with `yield`).
    Function(Box<dyn VmIter>),
    /// An iterator of a module written in Rust (`itertools`): its state, traced and advanced
    /// through [`NativeIter`].
    Native(Box<dyn NativeIter>),
    /// A generator expression currently producing an item.
    Running,
    /// Finished.
    Exhausted,
}

/// The next item of an [`Iter::SmallRange`] (`None`: exhausted), shared by the iterator
/// protocol and the interpreter's counting-loop step.
#[inline(always)]
pub fn small_range_next(next: &mut i64, step: i64, remaining: &mut u64) -> Option<i64> {
    if *remaining == 0 {
        return None;
    }
    let value = *next;
    *remaining -= 1;
    // The last item's successor may not fit; it is never produced.
    *next = next.wrapping_add(step);
    Some(value)
}

/// Which of Python's generator-like types a generator function's activation is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenFlavor {
    /// `def` with `yield`, and generator expressions: `generator`.
    Generator,
    /// `async def` without `yield`: `coroutine`.
    Coroutine,
    /// `async def` with `yield`: `async_generator`.
    AsyncGenerator,
}

/// Iteration state that the execution layer runs (a generator function's activation, a
/// generator expression's clauses). This layer only traces it, names it and asks whether its
/// death must close it; `vm` downcasts it to its own type (through `dyn Any`).
pub trait VmIter: std::any::Any {
    /// Visits what the suspended frame holds.
    fn trace(&self, visitor: &mut Visitor);
    /// Whether the body is suspended inside (dying must then close it: `finally` runs).
    fn is_suspended(&self) -> bool;
    /// Whether dying must run the execution layer's finalizer: a suspended body to close,
    /// a coroutine never awaited to warn about, an async generator to hand to its hook.
    fn needs_finalizer(&self) -> bool {
        self.is_suspended()
    }
    /// Which type of generator it is.
    fn flavor(&self) -> GenFlavor {
        GenFlavor::Generator
    }
    /// The generator's `__qualname__`.
    fn qualname(&self) -> Option<std::rc::Rc<str>>;
    /// A data attribute of the generator (`__name__`, `gi_running`...), if it has one.
    fn attribute(&self, name: &str) -> Option<PyRef> {
        let _ = name;
        None
    }
    /// The function that advances an iterator holding this state (`next()`).
    fn resume(&self) -> fn(&PyRef) -> crate::object::error::Res<Option<PyRef>>;
    /// The state's own methods (a generator's `send`, `throw`, `close`, `__next__`), found
    /// before the built-in iterators' ones.
    fn methods(&self) -> &'static [crate::object::native::MethodDef];
}

/// The state of an iterator that a module written in Rust defines (`itertools.count`...).
/// This layer traces it, asks its class and advances it through the function it names, with
/// the object's state unborrowed: the function borrows the state itself, only between the
/// Python calls it makes (so that a key function may advance the same iterator).
pub trait NativeIter: std::any::Any {
    /// Visits every `PyRef` the state owns, once each.
    fn trace(&self, visitor: &mut Visitor);
    /// The iterator's class (`type(itertools.count())` is `itertools.count`).
    fn class(&self) -> Option<PyRef>;
    /// The function that advances an iterator holding this state (`next()`).
    fn resume(&self) -> fn(&PyRef) -> crate::object::error::Res<Option<PyRef>>;
    /// A `repr` of its own (`count(5)`); `None`: `<itertools.chain object at 0x...>`.
    fn repr(&self) -> Option<fn(&PyRef) -> crate::object::error::Res<String>> {
        None
    }
    /// Methods beyond `__next__` and `__iter__` (a tee iterator's `__copy__`).
    fn methods(&self) -> &'static [crate::object::native::MethodDef] {
        &[]
    }
    /// The state as `Any`, for its module to downcast.
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

/// A file opened by `open()`.
pub struct FileState {
    pub name: Rc<str>,
    pub mode: Rc<str>,
    pub file: Option<std::fs::File>,
    /// Text read but not yet consumed (line iteration).
    pub pending: String,
}

impl Kind {
    pub fn dict(dict: Dict) -> Kind {
        Kind::Dict(RefCell::new(dict))
    }

    pub fn set(set: Dict) -> Kind {
        Kind::Set(RefCell::new(set))
    }

    pub fn byte_array(bytes: Vec<u8>) -> Kind {
        Kind::ByteArray(Box::new(RefCell::new(bytes)))
    }

    pub fn iterator(state: Iter) -> Kind {
        Kind::Iterator(Box::new(RefCell::new(state)))
    }

    pub fn file(state: FileState) -> Kind {
        Kind::File(Box::new(RefCell::new(state)))
    }

    pub fn range(start: BigInt, stop: BigInt, step: BigInt) -> Kind {
        Kind::Range(Box::new(RangeBounds { start, stop, step }))
    }
}

impl PyObject {
    pub fn new(kind: Kind) -> PyObject {
        PyObject { kind }
    }

    /// The class and `__dict__` of an instance of a class defined in Python (extended or not).
    #[inline]
    pub fn instance(&self) -> Option<&Instance> {
        match &self.kind {
            Kind::Instance(instance) => Some(instance),
            Kind::Extended(extended) => Some(&extended.instance),
            Kind::Native(native) => Some(&native.instance),
            _ => None,
        }
    }

    /// Whether `ctypes.pythonapi._Py_Dealloc` deallocated this object.
    #[inline]
    pub fn is_deallocated(&self) -> bool {
        ANY_DEALLOCATED.with(Cell::get)
            && DEALLOCATED.with(|set| set.borrow().contains(&self.address()))
    }

    /// Marks this object deallocated (see `DEALLOCATED`).
    pub fn mark_deallocated(&self) {
        DEALLOCATED.with(|set| set.borrow_mut().insert(self.address()));
        ANY_DEALLOCATED.with(|any| any.set(true));
    }

    fn address(&self) -> usize {
        self as *const PyObject as usize
    }

    /// Whether this kind of value can ever hold references (CPython tracks only those).
    pub fn may_hold_references(kind: &Kind) -> bool {
        !matches!(
            kind,
            Kind::None
                | Kind::NotImplemented
                | Kind::Ellipsis
                | Kind::Bool(_)
                | Kind::Int(_)
                | Kind::Float(_)
                | Kind::Complex(..)
                | Kind::Str(..)
                | Kind::Bytes(_)
                | Kind::ByteArray(_)
                | Kind::Range(_)
                | Kind::Object
                | Kind::File(_)
                | Kind::Code(_)
        )
    }
}

/// Raises `ReferenceError` when `object` was forcibly deallocated (`ctypes.pythonapi._Py_Dealloc`,
/// see `modules::ctypes`).
#[inline]
pub fn check_alive(object: &PyRef) -> crate::object::error::Res<()> {
    if object.is_deallocated() {
        return Err(crate::object::error::ExcInfo::new(crate::object::runtime::exception(
            crate::object::exceptions::ExcKind::ReferenceError,
            format!(
                "the '{}' object was deallocated by ctypes.pythonapi._Py_Dealloc",
                class::type_name(object)
            ),
        )));
    }
    Ok(())
}

/// Allocates an object, tracked only if its kind can hold references; the others are leaves
/// of the object graph, allocated without list links (16 bytes smaller, as CPython's non-GC
/// objects have no `PyGC_Head`). A dict starts untracked unless it already holds something
/// that may be tracked, as CPython's (`gc.is_tracked({})` is False); inserting such a key or
/// value tracks it ([`track_dict_for`]).
pub fn alloc(kind: Kind) -> PyRef {
    if !PyObject::may_hold_references(&kind) {
        let object = Gc::new_leaf(PyObject::new(kind));
        // Only instances (`__del__`) and generators (closing) ever have a finalizer.
        Gc::declare_no_finalizer(&object);
        return object;
    }
    let never_finalized = !matches!(
        kind,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) | Kind::Iterator(_)
    );
    if let Kind::Dict(dict) = &kind {
        let holds_container = dict
            .try_borrow()
            .map_or(true, |d| d.iter().any(|e| may_be_tracked(e.1) || may_be_tracked(e.2)));
        if !holds_container {
            let object = Gc::new_untracked(PyObject::new(kind));
            Gc::declare_no_finalizer(&object);
            return object;
        }
    }
    let object = Gc::new(PyObject::new(kind));
    if never_finalized {
        Gc::declare_no_finalizer(&object);
    }
    object
}

/// CPython's `_PyObject_GC_MAY_BE_TRACKED`: `object` is a container that is tracked or may
/// become tracked (an untracked tuple holds only such untracked items and stays untracked).
#[inline]
pub fn may_be_tracked(object: &PyRef) -> bool {
    PyObject::may_hold_references(&object.kind)
        && (!matches!(object.kind, Kind::Tuple(_)) || Gc::is_tracked(object))
}

/// Tracks `dict` (a dict object) if `stored`, a key or value just stored in it, may be
/// tracked (CPython's `MAINTAIN_TRACKING`): call after every insertion into a dict object.
#[inline]
pub fn track_dict_for(dict: &PyRef, stored: &PyRef) {
    if !Gc::is_tracked(dict) && may_be_tracked(stored) {
        Gc::track(dict);
    }
}

fn visit_all<'a>(visitor: &mut Visitor, refs: impl IntoIterator<Item = &'a PyRef>) {
    for r in refs {
        visitor.visit(r);
    }
}

// SAFETY: every arm visits exactly the `PyRef`s the object owns (its fields and the contents
// of its cells), each once; a cell that is mutably borrowed is skipped (fewer is allowed).
unsafe impl Trace for PyObject {
    fn trace(&self, visitor: &mut Visitor) {
        match &self.kind {
            Kind::None
            | Kind::NotImplemented
            | Kind::Ellipsis
            | Kind::Bool(_)
            | Kind::Int(_)
            | Kind::Float(_)
            | Kind::Complex(..)
            | Kind::Str(..)
            | Kind::Bytes(_)
            | Kind::ByteArray(_)
            | Kind::Range(_)
            | Kind::Object
            | Kind::File(_) => {}
            Kind::List(items) => {
                if let Ok(items) = items.try_borrow() {
                    visit_all(visitor, items.iter());
                }
            }
            Kind::Tuple(items) => visit_all(visitor, items.iter()),
            Kind::Dict(dict) | Kind::Set(dict) => {
                if let Ok(dict) = dict.try_borrow() {
                    dict.trace(visitor);
                }
            }
            Kind::FrozenSet(dict) => dict.trace(visitor),
            Kind::Slice(slice) => visit_all(visitor, [&slice.start, &slice.stop, &slice.step]),
            Kind::Function(function) => {
                visitor.visit(&function.globals);
                if let Ok(defaults) = function.defaults.try_borrow() {
                    visit_all(visitor, defaults.iter());
                }
                if let Ok(kw_defaults) = function.kw_defaults.try_borrow() {
                    visit_all(visitor, kw_defaults.iter().map(|(_, v)| v));
                }
                visit_all(visitor, function.closure.iter());
                if let Ok(extras) = function.extras.try_borrow() {
                    if let Some(extras) = extras.as_ref() {
                        visit_all(visitor, extras.dict.iter().chain(&extras.defining_class));
                    }
                }
            }
            Kind::Builtin(builtin) => visit_all(visitor, builtin.receiver.iter()),
            Kind::BoundMethod { function, receiver } => visit_all(visitor, [function, receiver]),
            Kind::Class(class) => {
                visit_all(visitor, class.bases.iter());
                visit_all(visitor, class.mro.iter());
                visitor.visit(&class.dict);
                if let Ok(mro) = class.mro_tuple.try_borrow() {
                    visit_all(visitor, mro.iter());
                }
                visit_all(visitor, class.metaclass.iter());
                if let Ok(subclasses) = class.subclasses.try_borrow() {
                    for subclass in subclasses.iter() {
                        visitor.visit_weak(subclass);
                    }
                }
            }
            // SAFETY: tracing runs no Python code, so nothing replaces the class meanwhile.
            Kind::Instance(instance) => {
                visit_all(visitor, [unsafe { instance.class_unchecked() }, &instance.dict])
            }
            Kind::Extended(extended) => {
                let instance = &extended.instance;
                // SAFETY: tracing runs no Python code, so nothing replaces the class meanwhile.
                let class = unsafe { instance.class_unchecked() };
                visit_all(visitor, [class, &instance.dict, &extended.base]);
            }
            Kind::Native(native) => {
                let instance = &native.instance;
                // SAFETY: tracing runs no Python code, so nothing replaces the class meanwhile.
                let class = unsafe { instance.class_unchecked() };
                visit_all(visitor, [class, &instance.dict]);
                native.state.trace(visitor);
            }
            Kind::Module(module) => visitor.visit(&module.dict),
            Kind::Cell(content) => {
                if let Ok(content) = content.try_borrow() {
                    visit_all(visitor, content.iter());
                }
            }
            Kind::Iterator(state) => {
                if let Ok(state) = state.try_borrow() {
                    state.trace(visitor);
                }
            }
            Kind::StaticMethod(inner) | Kind::ClassMethod(inner) => visitor.visit(inner),
            Kind::Property(property) => {
                visitor.visit(&property.getter);
                if let Ok(setter) = property.setter.try_borrow() {
                    visit_all(visitor, setter.iter());
                }
                if let Ok(deleter) = property.deleter.try_borrow() {
                    visit_all(visitor, deleter.iter());
                }
                if let Ok(doc) = property.doc.try_borrow() {
                    visit_all(visitor, doc.iter());
                }
            }
            Kind::Super { class, receiver } => visit_all(visitor, [class, receiver]),
            Kind::Frame(frame) => frame.trace(visitor),
            Kind::Traceback(traceback) => traceback.trace(visitor),
            Kind::Code(_) => {}
            Kind::WeakRef(reference) => {
                visitor.visit_weak(&reference.weak);
                if let Ok(callback) = reference.callback.try_borrow() {
                    visit_all(visitor, callback.iter());
                }
            }
        }
    }

    const MAY_UNTRACK: bool = true;

    /// CPython's collector untracks tuples whose items may not be tracked, at every
    /// collection (`untrack_tuples`), and dicts whose keys and values may not be, in full
    /// collections (`untrack_dicts`).
    fn may_untrack(&self, full_collection: bool) -> bool {
        match &self.kind {
            Kind::Tuple(items) => !items.iter().any(may_be_tracked),
            Kind::Dict(dict) if full_collection => dict
                .try_borrow()
                .is_ok_and(|d| !d.iter().any(|e| may_be_tracked(e.1) || may_be_tracked(e.2))),
            _ => false,
        }
    }
}

impl Iter {
    fn trace(&self, visitor: &mut Visitor) {
        match self {
            Iter::Seq { seq, .. } | Iter::Reversed { seq, .. } => visitor.visit(seq),
            Iter::Range { .. } | Iter::SmallRange { .. } | Iter::Running | Iter::Exhausted => {}
            Iter::Chars { text, .. } => visitor.visit(text),
            Iter::Snapshot { items, .. } => visit_all(visitor, items.iter()),
            Iter::Dict(state) => state.trace(visitor),
            Iter::Enumerate { inner, .. } => visitor.visit(inner),
            Iter::Zip { inners } => visit_all(visitor, inners.iter()),
            Iter::Map { function, inners } => {
                visitor.visit(function);
                visit_all(visitor, inners.iter());
            }
            Iter::Filter { function, inner } => visit_all(visitor, [function, inner]),
            Iter::CallUntil { callable, sentinel } => visit_all(visitor, [callable, sentinel]),
            Iter::Generator(state) => state.trace(visitor),
            Iter::Function(generator) => generator.trace(visitor),
            Iter::Native(state) => state.trace(visitor),
        }
    }
}

/// Lists and tuples release their items last to first, as CPython's `list_dealloc` and
/// `tupledealloc` do (observable through `__del__` order).
impl Drop for PyObject {
    fn drop(&mut self) {
        if ANY_DEALLOCATED.try_with(Cell::get).unwrap_or(false) {
            let address = self.address();
            let _ = DEALLOCATED.try_with(|set| set.borrow_mut().remove(&address));
        }
        let items = match &mut self.kind {
            Kind::List(items) => items.get_mut(),
            Kind::Tuple(items) => {
                for item in std::mem::take(items).into_vec().into_iter().rev() {
                    drop(item);
                }
                return;
            }
            _ => return,
        };
        while let Some(item) = items.pop() {
            drop(item);
        }
    }
}

impl Finalize for PyObject {
    /// Only instances of classes that define `__del__` have a finalizer (PEP 442), so that in
    /// legacy mode only they make a cycle uncollectable.
    fn has_finalizer(&self) -> bool {
        match &self.kind {
            Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
                let instance = self.instance().expect("an instance");
                // SAFETY: `class_has_del` only reads the class's dicts (str keys): no Python
                // code runs, so nothing replaces the class meanwhile.
                crate::object::class::class_has_del(unsafe { instance.class_unchecked() })
            }
            // A suspended generator is closed when it dies (its `finally` blocks run).
            Kind::Iterator(state) => {
                matches!(state.try_borrow().as_deref(), Ok(Iter::Function(g)) if g.needs_finalizer())
            }
            _ => false,
        }
    }

    fn finalize(this: &Gc<Self>) {
        (hooks::vm().finalize)(this);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every object is as large as the largest variant of `Kind`: the rare large ones are
    /// boxed so that ints, floats, strs, lists, tuples and instances stay small.
    #[test]
    fn objects_are_not_sized_by_rare_variants() {
        // Every variant's payload fits in two words (the rare larger ones are boxed), so an
        // object is its tag and two words: 24 bytes after the header.
        assert!(std::mem::size_of::<Kind>() <= 24, "Kind is {} bytes", std::mem::size_of::<Kind>());
        assert!(
            std::mem::size_of::<PyObject>() <= 24,
            "PyObject is {} bytes",
            std::mem::size_of::<PyObject>()
        );
        // A function's own box: 80 bytes, an 80-byte block (176 while it also held its names,
        // which the definition and its scope hold, and its rare parts unboxed).
        assert!(
            std::mem::size_of::<Function>() <= 80,
            "Function is {} bytes",
            std::mem::size_of::<Function>()
        );
    }
}
