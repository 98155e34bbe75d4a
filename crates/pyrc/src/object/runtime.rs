//! The interpreter's per-thread state: singletons, the small-int cache, built-in classes,
//! exception classes, the builtins namespace and the module table; and constructors for
//! common values and exceptions.
//!
//! The state lives in a thread local because rcgc's heap is per thread; everything in it is
//! an ordinary rcgc object, made immortal where CPython's are (None, True, False, small ints).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::Gc;

use crate::object::class::{self, BuiltinType};
use crate::object::dict::{Dict, SharedKeys};
use crate::object::error::{Exc, ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::{alloc, Instance, Kind, PyRef};

/// Smallest and largest cached ints (CPython: -5..=256).
pub const SMALL_INT_MIN: i64 = -5;
pub const SMALL_INT_MAX: i64 = 256;

/// Creates a built-in module object (an entry of [`Runtime::inittab`]).
pub type ModuleInit = fn() -> PyRef;

/// What the command line asked for, as CPython's `PyConfig` (the part pyrc honours).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `-O` count (`sys.flags.optimize`).
    pub optimize: u8,
    /// `-i`.
    pub inspect: bool,
    /// `-E` (or `-I`): `PYTHON*` environment variables ignored.
    pub ignore_environment: bool,
    /// `-I`.
    pub isolated: bool,
    /// `-s` (or `-I`).
    pub no_user_site: bool,
    /// `-S`.
    pub no_site: bool,
    /// `-P` (or `-I`): no script directory in front of `sys.path`.
    pub safe_path: bool,
    /// `-q`.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
    /// `-b` count.
    pub bytes_warning: u8,
    /// `-u` (or `PYTHONUNBUFFERED`).
    pub unbuffered: bool,
    /// `-B` (or `PYTHONDONTWRITEBYTECODE`); pyrc writes no bytecode files either way.
    pub dont_write_bytecode: bool,
    /// `-W` options, then `PYTHONWARNINGS`' (`sys.warnoptions`).
    pub warnoptions: Vec<String>,
    /// `-X` options (`sys._xoptions`): a name, with the value after `=` if any.
    pub xoptions: Vec<(String, Option<String>)>,
}

/// Per-thread interpreter state.
pub struct Runtime {
    pub none: PyRef,
    pub true_: PyRef,
    pub false_: PyRef,
    pub not_implemented: PyRef,
    pub ellipsis: PyRef,
    /// Interned names: one immortal str object per attribute or global name ever stored as a
    /// dict key by name (CPython's interned strings), so that every dict holding the name
    /// shares its key object. Keys and values are the same object.
    pub interned: RefCell<Dict>,
    /// `()`: one object, immortal and untracked.
    pub empty_tuple: PyRef,
    small_ints: Vec<PyRef>,
    types: Vec<PyRef>,
    exceptions: Vec<(&'static str, PyRef)>,
    /// The `builtins` namespace (a dict object).
    pub builtins: PyRef,
    /// `sys.modules`: name -> module object (a dict object).
    pub modules: PyRef,
    /// The exceptions being handled (`except` blocks), innermost last, for bare `raise`.
    pub handling: RefCell<Vec<PyRef>>,
    /// `sys.argv`.
    pub argv: RefCell<Vec<String>>,
    /// Set when the legacy-finalizer switch is on (`-X legacy_gc`).
    pub legacy_gc: Cell<bool>,
    /// The command-line options `sys.flags`, `sys.warnoptions`, `sys._xoptions` and the
    /// initial `sys.path` reflect (set by the command line before `sys` is made).
    pub config: RefCell<Config>,
    /// The built-in modules and the functions that create them (CPython's `PyImport_Inittab`),
    /// registered by `modules::install`; import consults it before `sys.path`.
    pub inittab: RefCell<Vec<(&'static str, ModuleInit)>>,
    /// The codec registry (CPython's `interp->codec_search_path`, `codec_search_cache`,
    /// `codec_error_registry`): a list of search functions, a dict of normalized encoding
    /// names to `CodecInfo`s, a dict of error-handler names to handlers. Immortal: the
    /// registry lives as long as the interpreter.
    pub codec_search_path: PyRef,
    pub codec_search_cache: PyRef,
    pub codec_error_registry: PyRef,
}

thread_local! {
    static RUNTIME: RefCell<Option<Rc<Runtime>>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's runtime, creating it on first use.
///
/// The runtime stays shared-borrowed while `f` runs (nested calls borrow it again); only
/// its creation and [`shutdown`] borrow it mutably, and neither happens inside `f`.
#[inline]
pub fn with<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    RUNTIME.with(|slot| {
        if slot.borrow().is_none() {
            create_runtime(slot);
        }
        let guard = slot.borrow();
        f(guard.as_ref().expect("the runtime exists"))
    })
}

/// Makes this thread's runtime: once per thread, so kept out of line (every `with` is
/// inlined at its call site, and the builtins lookup of the interpreter loop is one).
#[cold]
#[inline(never)]
fn create_runtime(slot: &RefCell<Option<Rc<Runtime>>>) {
    let runtime = Rc::new(Runtime::new());
    *slot.borrow_mut() = Some(runtime);
}

/// Drops this thread's runtime (at exit, after the final collection).
pub fn shutdown() {
    let runtime = RUNTIME.with(|slot| slot.borrow_mut().take());
    drop(runtime);
}

fn immortal(kind: Kind) -> PyRef {
    let object = Gc::new_leaf(crate::object::PyObject::new(kind));
    Gc::make_immortal(&object);
    object
}

impl Runtime {
    fn new() -> Runtime {
        let small_ints = (SMALL_INT_MIN..=SMALL_INT_MAX)
            .map(|i| immortal(Kind::Int(crate::object::int::Int::Small(i))))
            .collect();
        let (types, exceptions) = class::create_builtin_classes();
        for class in types.iter().chain(exceptions.iter().map(|(_, c)| c)) {
            Gc::make_immortal(class);
        }
        // CPython's built-in types are static, untracked objects (`gc.is_tracked(int)` is
        // False); immortal, so the references they own are roots anyway.
        for class in &types {
            Gc::untrack(class);
        }
        let builtins = alloc(Kind::dict(Dict::new()));
        let modules = alloc(Kind::dict(Dict::new()));
        Gc::make_immortal(&builtins);
        Gc::make_immortal(&modules);
        let codec_search_path = alloc(Kind::List(RefCell::new(thin_vec::ThinVec::new())));
        let codec_search_cache = alloc(Kind::dict(Dict::new()));
        let codec_error_registry = alloc(Kind::dict(Dict::new()));
        for object in [&codec_search_path, &codec_search_cache, &codec_error_registry] {
            Gc::make_immortal(object);
        }
        Runtime {
            none: immortal(Kind::None),
            true_: immortal(Kind::Bool(true)),
            false_: immortal(Kind::Bool(false)),
            not_implemented: immortal(Kind::NotImplemented),
            ellipsis: immortal(Kind::Ellipsis),
            interned: RefCell::new(Dict::new()),
            // Holds nothing and never will: a leaf, so never tracked.
            empty_tuple: immortal(Kind::Tuple(Box::new([]))),
            small_ints,
            types,
            exceptions,
            builtins,
            modules,
            handling: RefCell::new(Vec::new()),
            argv: RefCell::new(Vec::new()),
            legacy_gc: Cell::new(false),
            config: RefCell::new(Config::default()),
            inittab: RefCell::new(Vec::new()),
            codec_search_path,
            codec_search_cache,
            codec_error_registry,
        }
    }

    pub fn builtin_type(&self, ty: BuiltinType) -> PyRef {
        let index = BuiltinType::ALL.iter().position(|t| *t == ty).expect("every type");
        self.types[index].clone()
    }

    /// The class of `kind` (the table is indexed by kind, in `ExcKind::ALL`'s order).
    pub fn exception_class(&self, kind: ExcKind) -> PyRef {
        self.exceptions[kind as usize].1.clone()
    }

    pub fn exception_classes(&self) -> &[(&'static str, PyRef)] {
        &self.exceptions
    }

    /// The function that creates built-in module `name`, if there is one.
    pub fn builtin_module_init(&self, name: &str) -> Option<ModuleInit> {
        self.inittab.borrow().iter().find(|(n, _)| *n == name).map(|(_, init)| *init)
    }

    pub fn small_int(&self, value: i64) -> Option<PyRef> {
        if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&value) {
            Some(self.small_ints[(value - SMALL_INT_MIN) as usize].clone())
        } else {
            None
        }
    }
}

pub fn none() -> PyRef {
    with(|rt| rt.none.clone())
}

pub fn boolean(value: bool) -> PyRef {
    with(|rt| if value { rt.true_.clone() } else { rt.false_.clone() })
}

pub fn not_implemented() -> PyRef {
    with(|rt| rt.not_implemented.clone())
}

/// An int: small values are the cached, shared objects; others are fresh objects (the seed's
/// "Reuse of primitive objects").
pub fn int(value: impl Into<crate::object::int::Int>) -> PyRef {
    let value = value.into();
    if let crate::object::int::Int::Small(small) = value {
        if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&small) {
            if let Some(cached) = with(|rt| rt.small_int(small)) {
                return cached;
            }
        }
    }
    alloc(Kind::Int(value))
}

/// Whether `value` is one of the shared immortal small ints.
#[inline]
pub fn is_small_int(value: i64) -> bool {
    (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&value)
}

pub fn float(value: f64) -> PyRef {
    alloc(Kind::Float(value))
}

/// A new str object: its text is copied into the object's own allocation (see
/// `object::text`).
pub fn str(text: impl AsRef<str>) -> PyRef {
    crate::object::text::new_str(text.as_ref(), 0)
}

pub fn list(items: impl Into<thin_vec::ThinVec<PyRef>>) -> PyRef {
    alloc(Kind::List(RefCell::new(items.into())))
}

/// The interned str object for `name` (whose hash is `hash`), made on first use: immortal,
/// shared by every dict that stores the name as a key.
pub fn intern(name: &str, hash: i64) -> PyRef {
    with(|r| {
        if let Some(found) = r.interned.borrow().get_str_hashed(name, hash) {
            return found;
        }
        let text = crate::object::text::new_str(name, hash as i32 as u32);
        Gc::make_immortal(&text);
        let old = r.interned.borrow_mut().set_str(text.clone(), name, text.clone());
        drop(old);
        text
    })
}

/// Raises `MemoryError` unless `count` items of `item_size` bytes can be allocated, as CPython
/// does when its allocator refuses. A size past `isize::MAX`, or past the machine's memory and
/// swap (the bound Linux's default overcommit puts on one request: CPython's `malloc` sees it
/// refused, while an allocator that reserves address space lazily would hand it out and the
/// process would be killed filling it), never can; a large one (1 MiB or more) is tried once and
/// given back, so that a request the system refuses becomes an exception instead of aborting.
pub fn check_allocation(count: usize, item_size: usize) -> Res<()> {
    const PROBED_FROM: usize = 1 << 20;
    let layout = count
        .checked_mul(item_size)
        .filter(|&bytes| bytes < PROBED_FROM || bytes <= memory_and_swap())
        .and_then(|bytes| std::alloc::Layout::from_size_align(bytes, 8).ok());
    let Some(layout) = layout else {
        return raise(ExcKind::MemoryError, "");
    };
    if layout.size() < PROBED_FROM {
        return Ok(());
    }
    // SAFETY: the layout's size is at least `PROBED_FROM`, never zero.
    let probe = unsafe { std::alloc::alloc(layout) };
    // The compiler may elide an allocation nothing uses: the probe must really ask.
    let probe = std::hint::black_box(probe);
    if probe.is_null() {
        return raise(ExcKind::MemoryError, "");
    }
    // SAFETY: `probe` was just allocated with `layout` and is not used.
    unsafe { std::alloc::dealloc(probe, layout) };
    Ok(())
}

/// Bytes of memory plus swap (`MemTotal + SwapTotal` of `/proc/meminfo`), read once; no bound
/// (`usize::MAX`) where that file is missing.
fn memory_and_swap() -> usize {
    thread_local! {
        static TOTAL: usize = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .map(|text| {
                text.lines()
                    .filter(|line| line.starts_with("MemTotal:") || line.starts_with("SwapTotal:"))
                    .filter_map(|line| line.split_whitespace().nth(1)?.parse::<usize>().ok())
                    .fold(0usize, |sum, kib| sum.saturating_add(kib.saturating_mul(1024)))
            })
            .filter(|&total| total > 0)
            .unwrap_or(usize::MAX);
    }
    TOTAL.with(|total| *total)
}

/// A tuple of `items`; the empty tuple is one immortal, untracked object, as CPython's.
pub fn tuple(items: Vec<PyRef>) -> PyRef {
    if items.is_empty() {
        return with(|r| r.empty_tuple.clone());
    }
    alloc(Kind::Tuple(items.into_boxed_slice()))
}

pub fn new_dict() -> PyRef {
    alloc(Kind::dict(Dict::new()))
}

/// `dict[name] = value` for a dict object and a str key (the old value is dropped after the
/// dict is released, so its `__del__` may use the dict).
pub fn dict_set_str(dict: &PyRef, name: &str, value: PyRef) {
    if let Kind::Dict(d) = &dict.kind {
        crate::object::track_dict_for(dict, &value);
        let old = d.borrow_mut().set_name(name, value);
        drop(old);
    }
}

/// `dict.get(name)` for a dict object and a str key; `None` also while the dict is being
/// changed (a borrowed dict is never waited for).
pub fn dict_get_str(dict: &PyRef, name: &str) -> Option<PyRef> {
    dict_get_str_hashed(dict, name, crate::object::hash::str_hash(name))
}

/// [`dict_get_str`] with the name's hash already computed.
pub fn dict_get_str_hashed(dict: &PyRef, name: &str, hash: i64) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => d.try_borrow().ok()?.get_str_hashed(name, hash),
        _ => None,
    }
}

/// `dict.pop(name, None)` for a dict object and a str key (the value is dropped after the
/// dict is released).
pub fn dict_remove_str(dict: &PyRef, name: &str) {
    if let Kind::Dict(d) = &dict.kind {
        let old = d.borrow_mut().remove_str(name);
        drop(old);
    }
}

/// A new instance of `class`, with its own (empty) `__dict__` object.
pub fn instance(class: PyRef) -> PyRef {
    instance_with_base(class, None)
}

/// Before an attribute is stored in `dict`, the `__dict__` of an instance of `class`: a dict
/// that has held nothing yet becomes split over the keys the class's instances share (PEP
/// 412), made with the first instance that stores one.
pub fn share_keys_on_first_store(class: &PyRef, dict: &PyRef) {
    if let Kind::Dict(cell) = &dict.kind {
        if let Ok(mut dict) = cell.try_borrow_mut() {
            share_keys_in(class, &mut dict);
        }
    }
}

/// [`share_keys_on_first_store`] on a dict already borrowed.
pub fn share_keys_in(class: &PyRef, dict: &mut crate::object::dict::Dict) {
    if let Kind::Class(data) = &class.kind {
        if data.shares_keys {
            dict.split_if_unused(|| data.shared_keys.get_or_init(SharedKeys::new).clone());
        }
    }
}

/// A new instance of a subclass of a built-in type, extending the built-in value `base`.
pub fn instance_with_base(class: PyRef, base: Option<PyRef>) -> PyRef {
    // Its `__dict__`: empty, with no storage yet (an object with its links and head, nothing
    // more); for a class whose instances share their dict's keys, the first attribute stored
    // makes it split over them (`share_keys_on_first_store`).
    let dict = new_dict();
    let instance = Instance::new(class, dict);
    alloc(match base {
        Some(base) => Kind::Extended(Box::new(crate::object::Extended { instance, base })),
        None => Kind::Instance(instance),
    })
}

/// An exception instance of the built-in class `name` with `args = (message,)`.
pub fn exception(kind: ExcKind, message: impl AsRef<str>) -> PyRef {
    let class = with(|rt| rt.exception_class(kind));
    exception_of(class, vec![str(message)])
}

/// An exception instance of `class` with the given `args`.
pub fn exception_of(class: PyRef, args: Vec<PyRef>) -> PyRef {
    let object = instance(class);
    set_exception_args(&object, &args);
    object
}

/// Sets a new exception instance's `args` (and `StopIteration.value`, its first argument:
/// PEP 380).
pub fn set_exception_args(object: &PyRef, args: &[PyRef]) {
    let Some(inst) = object.instance() else { return };
    dict_set_str(&inst.dict, "args", tuple(set_os_error_fields(object, args)));
    if class::is_subclass(&inst.class(), &exception_class(ExcKind::StopIteration)) {
        dict_set_str(&inst.dict, "value", args.first().cloned().unwrap_or_else(none));
    }
    if class::is_subclass(&inst.class(), &exception_class(ExcKind::ImportError)) {
        // CPython's `ImportError_init`: `msg` is the only argument, if there is one.
        let msg = if args.len() == 1 { args[0].clone() } else { none() };
        dict_set_str(&inst.dict, "msg", msg);
        dict_set_str(&inst.dict, "name", none());
        dict_set_str(&inst.dict, "path", none());
    }
    set_unicode_error_fields(object, args);
}

/// The keywords of `ImportError(*args, name=None, path=None)` (and its subclasses'), as
/// CPython's `ImportError_init`: `name` and `path` become attributes, any other keyword is a
/// `TypeError`. `Ok(false)`: `object` is no `ImportError`, its keywords are not handled here.
pub fn set_import_error_keywords(
    object: &PyRef,
    kwargs: &crate::object::native::Kwargs,
) -> Result<bool, Exc> {
    let Some(inst) = object.instance() else { return Ok(false) };
    if !class::is_subclass(&inst.class(), &exception_class(ExcKind::ImportError)) {
        return Ok(false);
    }
    for (key, value) in kwargs {
        match &**key {
            "name" | "path" => dict_set_str(&inst.dict, key, value.clone()),
            _ => {
                return type_error(format!(
                    "'{key}' is an invalid keyword argument for {}()",
                    class::class_name(&inst.class())
                ))
            }
        }
    }
    Ok(true)
}

/// `OSError(errno, strerror[, filename[, winerror[, filename2]]])` keeps its arguments as the
/// attributes `errno`, `strerror`, `filename` and `filename2` (all `None` unless it was given
/// two to five arguments), as CPython's `oserror_init`; returns the `args` to keep, which
/// drop the filenames when a filename was given. Other exceptions keep `args` as given.
pub fn set_os_error_fields(object: &PyRef, args: &[PyRef]) -> Vec<PyRef> {
    let Some(inst) = object.instance() else { return args.to_vec() };
    if !class::is_subclass(&inst.class(), &exception_class(ExcKind::OSError)) {
        return args.to_vec();
    }
    let given = (2..=5).contains(&args.len());
    let field = |i: usize| {
        args.get(i).filter(|v| given && !matches!(v.kind, Kind::None)).cloned().unwrap_or_else(none)
    };
    let filename = field(2);
    let has_filename = !matches!(filename.kind, Kind::None);
    dict_set_str(&inst.dict, "errno", field(0));
    dict_set_str(&inst.dict, "strerror", field(1));
    dict_set_str(&inst.dict, "filename", filename);
    dict_set_str(&inst.dict, "filename2", if has_filename { field(4) } else { none() });
    if has_filename {
        args[..2].to_vec()
    } else {
        args.to_vec()
    }
}

/// `UnicodeEncodeError(encoding, object, start, end, reason)` and `UnicodeDecodeError(...)`
/// keep their five arguments as attributes (CPython's `UnicodeError` fields), which error
/// handlers read and `str()` formats.
pub fn set_unicode_error_fields(object: &PyRef, args: &[PyRef]) {
    let Some(inst) = object.instance() else { return };
    let class = inst.class();
    let unicode = [ExcKind::UnicodeEncodeError, ExcKind::UnicodeDecodeError]
        .iter()
        .any(|kind| class::is_subclass(&class, &exception_class(*kind)));
    if unicode && args.len() == 5 {
        for (name, value) in ["encoding", "object", "start", "end", "reason"].iter().zip(args) {
            let value = match (&value.kind, *name) {
                // The bytes a decoder failed on are kept as bytes, as CPython converts them.
                (Kind::ByteArray(data), "object") => {
                    alloc(Kind::Bytes(data.borrow().as_slice().into()))
                }
                _ => value.clone(),
            };
            dict_set_str(&inst.dict, name, value);
        }
    }
}

/// Raises the built-in exception `name` with a message.
pub fn raise<T>(kind: ExcKind, message: impl AsRef<str>) -> Result<T, Exc> {
    Err(ExcInfo::new(exception(kind, message)))
}

pub fn type_error<T>(message: impl AsRef<str>) -> Result<T, Exc> {
    raise(ExcKind::TypeError, message)
}

pub fn value_error<T>(message: impl AsRef<str>) -> Result<T, Exc> {
    raise(ExcKind::ValueError, message)
}

pub fn builtin_type(ty: BuiltinType) -> PyRef {
    with(|rt| rt.builtin_type(ty))
}

pub fn exception_class(kind: ExcKind) -> PyRef {
    with(|rt| rt.exception_class(kind))
}

/// Whether `object` is an instance of the built-in exception class `kind` (or a subclass).
pub fn is_exception(object: &PyRef, kind: ExcKind) -> bool {
    class::is_subclass(&class::type_of(object), &exception_class(kind))
}
