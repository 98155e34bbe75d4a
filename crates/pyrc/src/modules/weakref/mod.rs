//! The `weakref` module (CPython 3.11 semantics), on rcgc's weak references.
//!
//! * `ref` and `proxy` objects are instances of native classes (`weakref.ReferenceType`,
//!   `weakref.ProxyType`, `weakref.CallableProxyType`) whose methods are Rust functions, so
//!   that calling, `==`, `hash`, `repr` and attribute forwarding go through the ordinary
//!   instance protocol. Each one's `__dict__` holds a `Kind::WeakRef` handle object: the rcgc
//!   [`Weak`] to the referent plus the Python callback (both traced). A ref with a callback
//!   owns its own rcgc weak slot (`Gc::downgrade_with_callback`), so rcgc's rules apply as they
//!   are: a weakref that is itself garbage never calls back, and in a collection all weak
//!   references to garbage are cleared before any callback or finalizer runs. The rcgc
//!   callback holds the Python weakref object only weakly; when it fires it takes the Python
//!   callback out of the handle (`__callback__` becomes None, as in CPython) and calls it with
//!   the weakref object. (On the collector's path CPython leaves `__callback__` set, and so
//!   does this module.)
//! * `getweakrefcount` / `getweakrefs` need the weakref objects of a referent: a per-thread
//!   registry maps the referent's address to weak handles of its weakref objects, in CPython's
//!   list order (the shared basic ref, the shared basic proxy, then the others newest first).
//!   It keeps nothing alive; entries are checked on use (the weakref object must still be
//!   alive and still point to that very object) and swept from time to time.
//! * `ref` is `ReferenceType` itself, a class with a native `__new__`: `ref(x)` shares the basic
//!   ref, a subclass defined in Python (`WeakMethod`, `KeyedRef`, user classes) always gets a
//!   new instance, with its own `__dict__` for extra attributes.
//! * This is the native `_weakref` module. `WeakMethod`, `WeakValueDictionary`,
//!   `WeakKeyDictionary`, `WeakSet` and `finalize` are Python code in `lib/weakref.py` (pyrc's
//!   own implementation of the documented behaviour), which imports it.
//! * [`run_exit_finalizers`] runs the `finalize` objects still alive whose `atexit` is true
//!   (newest first), as CPython's `atexit` hook does; the interpreter's exit path is to call
//!   it first, before the final collection and the clearing of the main module.

use std::cell::{Cell, RefCell};
use std::io::Write;

use rcgc::{Gc, Weak};

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, NativeFn};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Builtin, Class, Kind, Module, PyObject, PyRef};
use crate::types::ops::{self};
use crate::types::{self, BuiltinType};

mod proxy;
mod reference;

use proxy::*;
use reference::*;

/// Key, in a weakref object's `__dict__`, of its `Kind::WeakRef` handle.
const HANDLE: crate::object::hash::NameHash = crate::object::hash::name!("__weakref_handle__");
/// Key of the cached hash of a `ref`.
const HASH: crate::object::hash::NameHash = crate::object::hash::name!("__weakref_hash__");

/// Which kind of weakref object.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RefKind {
    Ref,
    Proxy,
    CallableProxy,
}

#[derive(Clone)]
struct Classes {
    reference: PyRef,
    proxy: PyRef,
    callable_proxy: PyRef,
}

#[derive(Default)]
struct Registry {
    /// Referent address -> its weakref objects (weakly), in CPython's list order.
    map: rustc_hash::FxHashMap<usize, Vec<Weak<PyObject>>>,
    /// Sweep dead entries when the map grows past this.
    sweep_at: usize,
}

thread_local! {
    /// The classes of the `weakref` module imported in this thread's interpreter.
    static CLASSES: RefCell<Option<Classes>> = const { RefCell::new(None) };
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
    /// Collections under way (tracked by a collection callback, installed once per thread).
    static COLLECTING: Cell<usize> = const { Cell::new(0) };
    static COLLECTION_HOOK: Cell<bool> = const { Cell::new(false) };
}

/// Tracks whether a collection is running: CPython's collector leaves `__callback__` set on
/// the weakrefs whose callbacks it calls, while the refcount path clears it.
fn install_collection_hook() {
    if COLLECTION_HOOK.with(|h| h.replace(true)) {
        return;
    }
    rcgc::add_callback(|phase, _| {
        COLLECTING.with(|c| match phase {
            rcgc::Phase::Start => c.set(c.get() + 1),
            rcgc::Phase::Stop => c.set(c.get().saturating_sub(1)),
        })
    });
}

// ---- helpers ---------------------------------------------------------------------------------

fn native(name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Box::new(Builtin { name, function, receiver: None })))
}

fn address(object: &PyRef) -> String {
    format!("{:#x}", Gc::as_ptr(object) as usize)
}

fn classes() -> Option<Classes> {
    CLASSES.with(|c| c.borrow().clone())
}

/// Which weakref kind `object` is, if it is a weakref object of this module.
fn kind_of(object: &PyRef) -> Option<RefKind> {
    let instance = object.instance()?;
    let classes = classes()?;
    if types::is_subclass(&instance.class(), &classes.reference) {
        Some(RefKind::Ref)
    } else if types::is_subclass(&instance.class(), &classes.callable_proxy) {
        Some(RefKind::CallableProxy)
    } else if types::is_subclass(&instance.class(), &classes.proxy) {
        Some(RefKind::Proxy)
    } else {
        None
    }
}

/// The `Kind::WeakRef` handle of a weakref object.
fn handle_of(object: &PyRef) -> Option<PyRef> {
    let instance = object.instance()?;
    rt::dict_get_str_hashed(&instance.dict, HANDLE.text, HANDLE.hash)
        .filter(|h| matches!(h.kind, Kind::WeakRef(_)))
}

/// The referent of a weakref object, if still alive.
fn referent(object: &PyRef) -> Option<PyRef> {
    let handle = handle_of(object)?;
    match &handle.kind {
        Kind::WeakRef(reference) => reference.weak.upgrade(),
        _ => None,
    }
}

/// The callback of a weakref object that has not been called yet.
fn callback_of(object: &PyRef) -> Option<PyRef> {
    let handle = handle_of(object)?;
    match &handle.kind {
        Kind::WeakRef(reference) => reference.callback.try_borrow().ok()?.clone(),
        _ => None,
    }
}

fn reference_error() -> crate::object::error::Exc {
    let class = reference_error_class();
    ExcInfo::new(rt::exception_of(
        class,
        vec![rt::str("weakly-referenced object no longer exists")],
    ))
}

/// `ReferenceError`, the built-in class.
fn reference_error_class() -> PyRef {
    rt::exception_class(ExcKind::ReferenceError)
}

/// Whether CPython 3.11 can weakly reference objects of this kind.
fn weakrefable(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            if kind_of(object).is_some() {
                return weakrefable_subclass(&instance.class());
            }
            // Instances of the built-in exception classes themselves have no weakref slot
            // (instances of subclasses defined in Python do).
            let class = instance.class();
            let base_exception = rt::exception_class(ExcKind::BaseException);
            if !crate::object::class::is_subclass(&class, &base_exception) {
                return true;
            }
            !rt::with(|r| r.exception_classes().iter().any(|(_, c)| Gc::ptr_eq(c, &class)))
        }
        Kind::Function(_)
        | Kind::Builtin(_)
        | Kind::BoundMethod { .. }
        | Kind::Class(_)
        | Kind::Module(_)
        | Kind::Set(_)
        | Kind::FrozenSet(_)
        | Kind::File(_) => true,
        Kind::Iterator(_) => matches!(
            types::BuiltinType::of(&object.kind),
            BuiltinType::Generator | BuiltinType::Coroutine | BuiltinType::AsyncGenerator
        ),
        _ => false,
    }
}

/// Whether instances of `class`, a weakref class, have a `__weakref__` slot: CPython's native
/// weakref types have none, a subclass defined in Python has one unless every class of it
/// defines `__slots__` without `"__weakref__"`.
fn weakrefable_subclass(class: &PyRef) -> bool {
    let Some(classes) = classes() else { return false };
    let natives = [&classes.reference, &classes.proxy, &classes.callable_proxy];
    let object = rt::builtin_type(BuiltinType::Object);
    types::mro_of(class)
        .iter()
        .filter(|c| !natives.iter().any(|n| Gc::ptr_eq(n, c)) && !Gc::ptr_eq(c, &object))
        .any(|c| {
            let Kind::Class(data) = &c.kind else { return false };
            match rt::dict_get_str(&data.dict, "__slots__") {
                None => true,
                Some(slots) => match crate::object::str_text(&slots) {
                    Some(s) => s == "__weakref__",
                    None => ops::to_vec(&slots).is_ok_and(|names| {
                        names.iter().any(|n| crate::object::str_text(n) == Some("__weakref__"))
                    }),
                },
            }
        })
}

fn is_callable(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Function(_) | Kind::Builtin(_) | Kind::BoundMethod { .. } | Kind::Class(_) => true,
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            ops::lookup_special_name(object, crate::object::hash::name!("__call__")).is_some()
        }
        _ => false,
    }
}

// ---- the registry of weakref objects per referent ----------------------------------------------

fn key_of(object: &PyRef) -> usize {
    Gc::as_ptr(object) as usize
}

/// Whether the weakref object behind `weak` is alive and points to the object at `key`.
fn entry_is_live(weak: &Weak<PyObject>, key: usize) -> bool {
    weak.upgrade().and_then(|r| referent(&r)).is_some_and(|target| key_of(&target) == key)
}

/// The live weakref objects of `target`, in order (the registry entry is pruned).
fn live_refs(target: &PyRef) -> Vec<PyRef> {
    let key = key_of(target);
    let weaks = REGISTRY.with(|r| r.borrow_mut().map.remove(&key)).unwrap_or_default();
    let live: Vec<PyRef> = weaks
        .iter()
        .filter_map(Weak::upgrade)
        .filter(|r| referent(r).is_some_and(|t| Gc::ptr_eq(&t, target)))
        .collect();
    if !live.is_empty() {
        let handles = live.iter().map(Gc::downgrade).collect();
        REGISTRY.with(|r| r.borrow_mut().map.insert(key, handles));
    }
    drop(weaks);
    live
}

/// Records `target`'s weakref objects (`refs`, in order).
fn set_refs(target: &PyRef, refs: &[PyRef]) {
    let key = key_of(target);
    let handles: Vec<Weak<PyObject>> = refs.iter().map(Gc::downgrade).collect();
    let needs_sweep = REGISTRY.with(|r| {
        let mut registry = r.borrow_mut();
        registry.map.insert(key, handles);
        registry.map.len() > registry.sweep_at
    });
    if needs_sweep {
        sweep();
    }
}

/// Forgets the entries of dead referents and dead weakref objects.
fn sweep() {
    let map = REGISTRY.with(|r| std::mem::take(&mut r.borrow_mut().map));
    let mut kept = rustc_hash::FxHashMap::with_capacity_and_hasher(map.len(), Default::default());
    let mut dropped = Vec::new();
    for (key, weaks) in map {
        let (live, dead): (Vec<_>, Vec<_>) = weaks.into_iter().partition(|w| entry_is_live(w, key));
        dropped.extend(dead);
        if !live.is_empty() {
            kept.insert(key, live);
        }
    }
    REGISTRY.with(|r| {
        let mut registry = r.borrow_mut();
        // Nothing ran in between (no Python code), but merge rather than overwrite anyway.
        for (key, weaks) in std::mem::take(&mut registry.map) {
            kept.entry(key).or_insert(weaks);
        }
        registry.sweep_at = (kept.len() * 2).max(64);
        registry.map = kept;
    });
    drop(dropped);
}

// ---- creating weakref objects ----------------------------------------------------------------

/// Calls the Python callback of the weakref object `weak_self` (its referent just died).
fn fire(weak_self: &Weak<PyObject>) {
    let Some(object) = weak_self.upgrade() else { return };
    let Some(handle) = handle_of(&object) else { return };
    let Kind::WeakRef(reference) = &handle.kind else { return };
    let cell = &reference.callback;
    let in_collection = COLLECTING.with(|c| c.get() > 0);
    let callback = match cell.try_borrow_mut() {
        Ok(slot) if in_collection => slot.clone(),
        Ok(mut slot) => slot.take(),
        Err(_) => None,
    };
    let Some(callback) = callback else { return };
    if let Err(exc) = ops::call(&callback, vec![object.clone()], vec![]) {
        report_unraisable(&callback, &exc);
    }
}

/// CPython's `PyErr_WriteUnraisable(obj)`: "Exception ignored in: <obj>" and the traceback.
fn report_unraisable(object: &PyRef, exc: &ExcInfo) {
    let _ = std::io::stdout().flush();
    let description =
        ops::repr(object).map(|r| r.to_string()).unwrap_or_else(|_| "<object>".into());
    eprintln!("Exception ignored in: {description}");
    crate::vm::eval::print_exception(exc);
}

/// Whether `object` (a weakref object) is a basic one of kind `wanted`: no callback, and a ref
/// or a proxy as asked.
fn is_basic(object: &PyRef, wanted_proxy: bool) -> bool {
    match kind_of(object) {
        Some(RefKind::Ref) => {
            !wanted_proxy && callback_of(object).is_none() && is_exact_ref(object)
        }
        Some(RefKind::Proxy | RefKind::CallableProxy) => {
            wanted_proxy && callback_of(object).is_none()
        }
        None => false,
    }
}

/// Whether `object` is an instance of `ReferenceType` itself (not of a subclass).
fn is_exact_ref(object: &PyRef) -> bool {
    match (&object.kind, classes()) {
        (Kind::Instance(instance), Some(classes)) => {
            Gc::ptr_eq(&instance.class(), &classes.reference)
        }
        (Kind::Extended(extended), Some(classes)) => {
            Gc::ptr_eq(&extended.instance.class(), &classes.reference)
        }
        _ => false,
    }
}

fn check_weakrefable(target: &PyRef) -> Res<()> {
    if weakrefable(target) {
        Ok(())
    } else {
        type_error(format!("cannot create weak reference to '{}' object", types::type_name(target)))
    }
}

/// CPython's get_basic_refs: the list starts with the basic ref, then the basic proxy.
fn basic_refs(refs: &[PyRef]) -> (Option<PyRef>, Option<PyRef>) {
    let basic_ref = refs.first().filter(|r| is_basic(r, false)).cloned();
    let after_ref = usize::from(basic_ref.is_some());
    let basic_proxy = refs.get(after_ref).filter(|r| is_basic(r, true)).cloned();
    (basic_ref, basic_proxy)
}

/// `weakref.ref(target, callback)` / `weakref.proxy(target, callback)`; `subclass` is the
/// class of a ref made by `ReferenceType.__new__` for a subclass of `ReferenceType` (a new
/// ref always, never the shared basic one, as in CPython).
fn create(
    target: &PyRef,
    callback: Option<PyRef>,
    proxy: bool,
    subclass: Option<PyRef>,
) -> Res<PyRef> {
    check_weakrefable(target)?;
    let Some(classes) = classes() else {
        return type_error("the weakref module is not initialized");
    };
    if let Some(class) = subclass {
        let object = rt::instance(class);
        attach(&object, target, callback, false, false);
        return Ok(object);
    }
    if callback.is_none() {
        let (basic_ref, basic_proxy) = basic_refs(&live_refs(target));
        if let Some(existing) = if proxy { basic_proxy } else { basic_ref } {
            return Ok(existing);
        }
    }
    let class = match (proxy, is_callable(target)) {
        (false, _) => classes.reference,
        (true, false) => classes.proxy,
        (true, true) => classes.callable_proxy,
    };
    let object = rt::instance(class);
    let basic = callback.is_none();
    attach(&object, target, callback, proxy, basic);
    Ok(object)
}

/// Makes the new instance `object` a weak reference to `target` and records it (`basic`: a
/// basic ref or proxy, listed first).
fn attach(object: &PyRef, target: &PyRef, callback: Option<PyRef>, proxy: bool, basic: bool) {
    let weak = if callback.is_some() {
        let weak_self = Gc::downgrade(object);
        Gc::downgrade_with_callback(target, move |_: &Weak<PyObject>| fire(&weak_self))
    } else {
        Gc::downgrade(target)
    };
    let handle = alloc(Kind::WeakRef(Box::new(crate::object::WeakRef {
        weak,
        callback: RefCell::new(callback),
    })));
    if let Some(instance) = object.instance() {
        rt::dict_set_str(&instance.dict, HANDLE.text, handle);
    }
    // The allocations above may have run a collection (and Python code): list afresh. Nothing
    // below allocates Python objects. CPython's insertion: a basic ref at the head, a basic
    // proxy after the basic ref, any other after the basic ones (callbacks run newest first).
    let mut refs = live_refs(target);
    refs.retain(|r| !Gc::ptr_eq(r, object));
    let (basic_ref, basic_proxy) = basic_refs(&refs);
    let after_ref = usize::from(basic_ref.is_some());
    let position = match (basic, proxy) {
        (true, false) => 0,
        (true, true) => after_ref,
        (false, _) => after_ref + usize::from(basic_proxy.is_some()),
    };
    refs.insert(position, object.clone());
    set_refs(target, &refs);
}

fn target_and_callback(a: &Args, what: &str) -> Res<(PyRef, Option<PyRef>)> {
    let n = a.positional.len();
    if n == 0 {
        return type_error(format!("{what} expected at least 1 argument, got 0"));
    }
    if n > 2 {
        return type_error(format!("{what} expected at most 2 arguments, got {n}"));
    }
    let callback = a.positional.get(1).filter(|c| !matches!(c.kind, Kind::None)).cloned();
    Ok((a.positional[0].clone(), callback))
}

/// `ReferenceType.__new__(cls, target[, callback])` (a static method): `weakref.ref(...)`, or
/// a new ref for a subclass (whose extra arguments, positional or keyword, are for its own
/// `__new__` / `__init__`; CPython's only look at the first two positional ones).
fn ref_new(a: Args) -> Res<PyRef> {
    let Some(class) = a.positional.first().cloned() else {
        return type_error("ReferenceType.__new__(): not enough arguments");
    };
    let Some(classes) = classes() else {
        return type_error("the weakref module is not initialized");
    };
    if !matches!(class.kind, Kind::Class(_)) || !types::is_subclass(&class, &classes.reference) {
        return type_error(format!(
            "ReferenceType.__new__(X): X is not a subtype of ReferenceType ({})",
            types::type_name(&class)
        ));
    }
    let exact = Gc::ptr_eq(&class, &classes.reference);
    if exact && !a.keywords.is_empty() {
        return type_error("ref() takes no keyword arguments");
    }
    let rest = Args {
        name: a.name,
        receiver: None,
        positional: a.positional[1..].to_vec(),
        keywords: Vec::new(),
    };
    let (target, callback) = target_and_callback(&rest, "__new__")?;
    create(&target, callback, false, if exact { None } else { Some(class) })
}

fn weakref_proxy(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("_weakref.proxy() takes no keyword arguments");
    }
    let (target, callback) = target_and_callback(&a, "proxy")?;
    create(&target, callback, true, None)
}

fn one_argument(a: &Args, name: &str) -> Res<PyRef> {
    if a.positional.len() != 1 || !a.keywords.is_empty() {
        return type_error(format!(
            "_weakref.{name}() takes exactly one argument ({} given)",
            a.positional.len() + a.keywords.len()
        ));
    }
    Ok(a.positional[0].clone())
}

fn getweakrefcount(a: Args) -> Res<PyRef> {
    let target = one_argument(&a, "getweakrefcount")?;
    Ok(rt::int(live_refs(&target).len() as i64))
}

fn getweakrefs(a: Args) -> Res<PyRef> {
    let target = one_argument(&a, "getweakrefs")?;
    Ok(rt::list(live_refs(&target)))
}

// ---- the module --------------------------------------------------------------------------------

/// A class of this module implemented in Rust: `name` is the full name used in messages
/// (`weakref.ReferenceType`), `qualname` the one in the class's repr.
fn native_class(name: &str, qualname: &str, entries: Vec<(&'static str, PyRef)>) -> PyRef {
    let dict = rt::new_dict();
    rt::dict_set_str(&dict, "__module__", rt::str("weakref"));
    // CPython's native weakref types have no `__dict__`: a subclass whose classes all define
    // `__slots__` has none either (`types::slot_names`).
    rt::dict_set_str(&dict, "__slots__", rt::tuple(vec![]));
    for (key, value) in entries {
        rt::dict_set_str(&dict, key, value);
    }
    let bases = vec![rt::builtin_type(BuiltinType::Object)];
    let mro = types::compute_mro(&bases).expect("object has an MRO");
    let class = alloc(Kind::Class(Box::new(Class {
        name: name.into(),
        qualname: qualname.into(),
        bases,
        mro,
        dict,
        builtin: None,
        has_del: Cell::new(None),
        mro_tuple: std::cell::RefCell::new(None),
        shares_keys: false,
        shared_keys: Default::default(),
        metaclass: None,
        is_metaclass: false,
        subclasses: Default::default(),
        construct: Default::default(),
        native: std::cell::Cell::new(None),
    })));
    types::set_mro_tuple(&class);
    class
}

fn proxy_entries(callable: bool) -> Vec<(&'static str, PyRef)> {
    let mut entries: Vec<(&'static str, PyRef)> =
        vec![("__repr__", native("__repr__", proxy_repr))];
    for &name in PROXY_METHODS {
        entries.push((name, native(name, proxy_method)));
    }
    for &(name, _) in COMPARE {
        entries.push((name, native(name, proxy_method)));
    }
    for &(direct, reflected, inplace, _) in BINARY {
        for name in [direct, reflected, inplace] {
            entries.push((name, native(name, proxy_method)));
        }
    }
    if callable {
        entries.push(("__call__", native("__call__", proxy_call)));
    }
    entries
}

fn create_classes() -> Classes {
    let callback = alloc(Kind::Property(Box::new(crate::object::Property::new(
        native("__callback__", ref_callback),
        None,
    ))));
    let reference = native_class(
        "weakref.ReferenceType",
        "ReferenceType",
        vec![
            ("__new__", alloc(Kind::StaticMethod(native("__new__", ref_new)))),
            ("__init__", native("__init__", ref_init)),
            ("__call__", native("__call__", ref_call)),
            ("__eq__", native("__eq__", ref_compare)),
            ("__ne__", native("__ne__", ref_compare)),
            ("__hash__", native("__hash__", ref_hash)),
            ("__repr__", native("__repr__", ref_repr)),
            ("__callback__", callback),
        ],
    );
    let proxy = native_class("weakref.ProxyType", "ProxyType", proxy_entries(false));
    let callable_proxy =
        native_class("weakref.CallableProxyType", "CallableProxyType", proxy_entries(true));
    Classes { reference, proxy, callable_proxy }
}

/// Creates the native `_weakref` module; `lib/weakref.py` imports it and adds the weak
/// containers and `finalize` (CPython splits its `weakref` the same way).
pub fn module() -> PyRef {
    let classes = create_classes();
    let previous = CLASSES.with(|c| c.replace(Some(classes.clone())));
    drop(previous);
    install_collection_hook();
    reference_error_class();
    let dict = rt::new_dict();
    let entries: Vec<(&str, PyRef)> = vec![
        ("__name__", rt::str("_weakref")),
        ("ref", classes.reference.clone()),
        ("_bind_method", native("_bind_method", bind_method)),
        ("proxy", native("proxy", weakref_proxy)),
        ("getweakrefcount", native("getweakrefcount", getweakrefcount)),
        ("getweakrefs", native("getweakrefs", getweakrefs)),
        ("ReferenceType", classes.reference.clone()),
        ("ProxyType", classes.proxy.clone()),
        ("CallableProxyType", classes.callable_proxy.clone()),
    ];
    for (key, value) in entries {
        rt::dict_set_str(&dict, key, value);
    }
    alloc(Kind::Module(Box::new(Module { name: "_weakref".into(), dict })))
}

/// Runs the `weakref.finalize` objects still alive whose `atexit` is true, newest first (as
/// CPython's `atexit` hook `finalize._exitfunc` does), with the collector disabled meanwhile;
/// afterwards no finalizer runs any more. Does nothing if `weakref` was never imported. For the
/// interpreter's exit path (`cli::finalize`), first: before the final collection and the
/// clearing of the main module.
pub fn run_exit_finalizers() {
    let modules = rt::with(|r| r.modules.clone());
    let Some(module) = rt::dict_get_str(&modules, "weakref") else { return };
    if !matches!(&module.kind, Kind::Module(m) if &*m.name == "weakref") {
        return;
    }
    let Ok(finalize) = crate::types::attr::getattr(&module, "finalize") else { return };
    let reenable = rcgc::is_enabled();
    if reenable {
        rcgc::disable();
    }
    loop {
        let pending = crate::types::attr::getattr(&finalize, "_select_for_exit")
            .and_then(|select| ops::call(&select, vec![], vec![]))
            .and_then(|list| ops::to_vec(&list));
        let next = match pending {
            Ok(mut pending) => pending.pop(),
            Err(exc) => {
                report_unraisable(&finalize, &exc);
                None
            }
        };
        let Some(f) = next else { break };
        if let Err(exc) = ops::call(&f, vec![], vec![]) {
            let _ = std::io::stdout().flush();
            crate::vm::eval::print_exception(&exc);
        }
        // `__call__` takes it out of the registry first; never loop on one that stays.
        let still = crate::types::attr::getattr(&f, "alive").and_then(|a| ops::truthy(&a));
        if !matches!(still, Ok(false)) {
            break;
        }
    }
    let _ = crate::types::attr::setattr(&finalize, "_shutdown", rt::boolean(true));
    if reenable {
        rcgc::enable();
    }
}
