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
//! * `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet` and `finalize` are Python code
//!   ([`PY_SOURCE`], adapted from CPython's `Lib/weakref.py` without generators) run in the
//!   module's namespace at import.
//! * [`run_exit_finalizers`] runs the `finalize` objects still alive whose `atexit` is true
//!   (newest first), as CPython's `atexit` hook does; the interpreter's exit path is to call
//!   it first, before the final collection and the clearing of the main module.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use rcgc::{Gc, Weak};

use crate::builtins::{Args, NativeFn};
use crate::error::{ExcInfo, Res};
use crate::object::{alloc, Builtin, Class, Kind, Module, PyObject, PyRef};
use crate::ops::{self, BinOp, CompareOp};
use crate::runtime::{self as rt, type_error};
use crate::types::{self, BuiltinType};

/// Key, in a weakref object's `__dict__`, of its `Kind::WeakRef` handle.
const HANDLE: &str = "__weakref_handle__";
/// Key of the cached hash of a `ref`.
const HASH: &str = "__weakref_hash__";

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
    map: HashMap<usize, Vec<Weak<PyObject>>>,
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
    alloc(Kind::Builtin(Builtin { name, function, receiver: None }))
}

fn dict_set(dict: &PyRef, name: &str, value: PyRef) {
    if let Kind::Dict(d) = &dict.kind {
        let old = d.borrow_mut().set_str(rt::str(name), name, value);
        drop(old);
    }
}

fn dict_get(dict: &PyRef, name: &str) -> Option<PyRef> {
    match &dict.kind {
        Kind::Dict(d) => d.try_borrow().ok()?.get_str(name),
        _ => None,
    }
}

fn address(object: &PyRef) -> String {
    format!("{:#x}", Gc::as_ptr(object) as usize)
}

fn classes() -> Option<Classes> {
    CLASSES.with(|c| c.borrow().clone())
}

/// Which weakref kind `object` is, if it is a weakref object of this module.
fn kind_of(object: &PyRef) -> Option<RefKind> {
    let Kind::Instance(instance) = &object.kind else { return None };
    let classes = classes()?;
    if types::is_subclass(&instance.class, &classes.reference) {
        Some(RefKind::Ref)
    } else if types::is_subclass(&instance.class, &classes.callable_proxy) {
        Some(RefKind::CallableProxy)
    } else if types::is_subclass(&instance.class, &classes.proxy) {
        Some(RefKind::Proxy)
    } else {
        None
    }
}

/// The `Kind::WeakRef` handle of a weakref object.
fn handle_of(object: &PyRef) -> Option<PyRef> {
    let Kind::Instance(instance) = &object.kind else { return None };
    dict_get(&instance.dict, HANDLE).filter(|h| matches!(h.kind, Kind::WeakRef(..)))
}

/// The referent of a weakref object, if still alive.
fn referent(object: &PyRef) -> Option<PyRef> {
    let handle = handle_of(object)?;
    match &handle.kind {
        Kind::WeakRef(weak, _) => weak.upgrade(),
        _ => None,
    }
}

/// The callback of a weakref object that has not been called yet.
fn callback_of(object: &PyRef) -> Option<PyRef> {
    let handle = handle_of(object)?;
    match &handle.kind {
        Kind::WeakRef(_, callback) => callback.try_borrow().ok()?.clone(),
        _ => None,
    }
}

fn reference_error() -> crate::error::Exc {
    let class = reference_error_class();
    ExcInfo::new(rt::exception_of(
        class,
        vec![rt::str("weakly-referenced object no longer exists")],
    ))
}

/// `ReferenceError`: the built-in one if the interpreter has it, else a class created once and
/// added to the builtins namespace.
fn reference_error_class() -> PyRef {
    let builtins = rt::with(|r| r.builtins.clone());
    if let Some(class) = dict_get(&builtins, "ReferenceError") {
        if matches!(class.kind, Kind::Class(_)) {
            return class;
        }
    }
    let dict = rt::new_dict();
    dict_set(&dict, "__module__", rt::str("builtins"));
    let base = rt::exception_class("Exception");
    let class = types::new_class("ReferenceError", vec![base], dict, None)
        .expect("a single base has an MRO");
    dict_set(&builtins, "ReferenceError", class.clone());
    class
}

/// Whether CPython 3.11 can weakly reference objects of this kind.
fn weakrefable(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Instance(instance) => {
            if kind_of(object).is_some() {
                return false;
            }
            // Instances of the built-in exception classes themselves have no weakref slot
            // (instances of subclasses defined in Python do).
            !rt::with(|r| r.exception_classes().iter().any(|(_, c)| Gc::ptr_eq(c, &instance.class)))
        }
        Kind::Function(_)
        | Kind::Builtin(_)
        | Kind::BoundMethod { .. }
        | Kind::Class(_)
        | Kind::Module(_)
        | Kind::Set(_)
        | Kind::FrozenSet(_)
        | Kind::File(_) => true,
        Kind::Iterator(_) => types::BuiltinType::of(&object.kind) == BuiltinType::Generator,
        _ => false,
    }
}

fn is_callable(object: &PyRef) -> bool {
    match &object.kind {
        Kind::Function(_) | Kind::Builtin(_) | Kind::BoundMethod { .. } | Kind::Class(_) => true,
        Kind::Instance(_) => ops::lookup_special(object, "__call__").is_some(),
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
    let mut kept = HashMap::with_capacity(map.len());
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
    let Kind::WeakRef(_, cell) = &handle.kind else { return };
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
    crate::eval::print_exception(exc);
}

/// Whether `object` (a weakref object) is a basic one of kind `wanted`: no callback, and a ref
/// or a proxy as asked.
fn is_basic(object: &PyRef, wanted_proxy: bool) -> bool {
    match kind_of(object) {
        Some(RefKind::Ref) => !wanted_proxy && callback_of(object).is_none(),
        Some(RefKind::Proxy | RefKind::CallableProxy) => {
            wanted_proxy && callback_of(object).is_none()
        }
        None => false,
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

/// `weakref.ref(target, callback)` / `weakref.proxy(target, callback)`.
fn create(target: &PyRef, callback: Option<PyRef>, proxy: bool) -> Res<PyRef> {
    check_weakrefable(target)?;
    let Some(classes) = classes() else {
        return type_error("the weakref module is not initialized");
    };
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
    attach(&object, target, callback, proxy);
    Ok(object)
}

/// Makes the new instance `object` a weak reference to `target` and records it.
fn attach(object: &PyRef, target: &PyRef, callback: Option<PyRef>, proxy: bool) {
    let has_callback = callback.is_some();
    let weak = if has_callback {
        let weak_self = Gc::downgrade(object);
        Gc::downgrade_with_callback(target, move |_: &Weak<PyObject>| fire(&weak_self))
    } else {
        Gc::downgrade(target)
    };
    let handle = alloc(Kind::WeakRef(weak, RefCell::new(callback)));
    if let Kind::Instance(instance) = &object.kind {
        dict_set(&instance.dict, HANDLE, handle);
    }
    // The allocations above may have run a collection (and Python code): list afresh. Nothing
    // below allocates Python objects. CPython's insertion: a basic ref at the head, a basic
    // proxy after the basic ref, any other after the basic ones (callbacks run newest first).
    let mut refs = live_refs(target);
    refs.retain(|r| !Gc::ptr_eq(r, object));
    let (basic_ref, basic_proxy) = basic_refs(&refs);
    let after_ref = usize::from(basic_ref.is_some());
    let position = match (has_callback, proxy) {
        (false, false) => 0,
        (false, true) => after_ref,
        (true, _) => after_ref + usize::from(basic_proxy.is_some()),
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

fn weakref_ref(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("ref() takes no keyword arguments");
    }
    let (target, callback) = target_and_callback(&a, "__new__")?;
    create(&target, callback, false)
}

fn weakref_proxy(a: Args) -> Res<PyRef> {
    if !a.keywords.is_empty() {
        return type_error("_weakref.proxy() takes no keyword arguments");
    }
    let (target, callback) = target_and_callback(&a, "proxy")?;
    create(&target, callback, true)
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

// ---- ReferenceType -----------------------------------------------------------------------------

fn receiver(a: &Args) -> Res<PyRef> {
    match a.positional.first() {
        Some(object) if kind_of(object).is_some() => Ok(object.clone()),
        _ => type_error(format!("descriptor '{}' requires a weakref object", a.name)),
    }
}

fn ref_call(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    if !a.keywords.is_empty() {
        return type_error("weakref() takes no keyword arguments");
    }
    if a.positional.len() > 1 {
        return type_error(format!("weakref expected 0 arguments, got {}", a.positional.len() - 1));
    }
    Ok(referent(&this).unwrap_or_else(rt::none))
}

/// `ReferenceType(target[, callback])` (the class called directly): a new ref, never the
/// shared basic one.
fn ref_init(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    if handle_of(&this).is_some() {
        return Ok(rt::none());
    }
    if !a.keywords.is_empty() {
        return type_error("ReferenceType() takes no keyword arguments");
    }
    let rest = Args {
        name: a.name,
        receiver: None,
        positional: a.positional[1..].to_vec(),
        keywords: Vec::new(),
    };
    let (target, callback) = target_and_callback(&rest, "__init__")?;
    check_weakrefable(&target)?;
    attach(&this, &target, callback, false);
    Ok(rt::none())
}

fn ref_compare(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let Some(other) = a.positional.get(1).cloned() else {
        return type_error(format!("expected 1 argument, got {}", a.positional.len() - 1));
    };
    if kind_of(&other).is_none() {
        return Ok(rt::not_implemented());
    }
    let equal_op = a.name == "__eq__";
    match (referent(&this), referent(&other)) {
        (Some(x), Some(y)) => {
            ops::compare(&x, &y, if equal_op { CompareOp::Eq } else { CompareOp::Ne })
        }
        _ => Ok(rt::boolean(Gc::ptr_eq(&this, &other) == equal_op)),
    }
}

fn ref_hash(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let Kind::Instance(instance) = &this.kind else { unreachable!("a weakref object") };
    if let Some(hash) = dict_get(&instance.dict, HASH) {
        return Ok(hash);
    }
    let Some(target) = referent(&this) else {
        return type_error("weak object has gone away");
    };
    let hash = rt::int(ops::hash(&target)?);
    dict_set(&instance.dict, HASH, hash.clone());
    Ok(hash)
}

fn ref_repr(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let text = match referent(&this) {
        None => format!("<weakref at {}; dead>", address(&this)),
        Some(target) => {
            let name = match crate::attr::getattr(&target, "__name__") {
                Ok(name) => match &name.kind {
                    Kind::Str(s) => Some(s.clone()),
                    _ => None,
                },
                Err(e) if rt::is_exception(&e.value, "AttributeError") => None,
                Err(e) => return Err(e),
            };
            let start = format!(
                "<weakref at {}; to '{}' at {}",
                address(&this),
                types::type_name(&target),
                address(&target)
            );
            match name {
                Some(name) => format!("{start} ({name})>"),
                None => format!("{start}>"),
            }
        }
    };
    Ok(rt::str(text))
}

fn ref_callback(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    Ok(callback_of(&this).unwrap_or_else(rt::none))
}

// ---- ProxyType ---------------------------------------------------------------------------------

/// The referent of a proxy, or `ReferenceError`.
fn unwrap_proxy(object: &PyRef) -> Res<PyRef> {
    referent(object).ok_or_else(reference_error)
}

/// A proxy operand is replaced by its referent (CPython's `UNWRAP`).
fn unwrap_operand(object: &PyRef) -> Res<PyRef> {
    match kind_of(object) {
        Some(RefKind::Proxy | RefKind::CallableProxy) => unwrap_proxy(object),
        _ => Ok(object.clone()),
    }
}

/// (dunder, reflected dunder, in-place dunder, operator)
const BINARY: &[(&str, &str, &str, BinOp)] = &[
    ("__add__", "__radd__", "__iadd__", BinOp::Add),
    ("__sub__", "__rsub__", "__isub__", BinOp::Sub),
    ("__mul__", "__rmul__", "__imul__", BinOp::Mul),
    ("__matmul__", "__rmatmul__", "__imatmul__", BinOp::MatMul),
    ("__truediv__", "__rtruediv__", "__itruediv__", BinOp::Div),
    ("__floordiv__", "__rfloordiv__", "__ifloordiv__", BinOp::FloorDiv),
    ("__mod__", "__rmod__", "__imod__", BinOp::Mod),
    ("__pow__", "__rpow__", "__ipow__", BinOp::Pow),
    ("__lshift__", "__rlshift__", "__ilshift__", BinOp::LShift),
    ("__rshift__", "__rrshift__", "__irshift__", BinOp::RShift),
    ("__and__", "__rand__", "__iand__", BinOp::BitAnd),
    ("__or__", "__ror__", "__ior__", BinOp::BitOr),
    ("__xor__", "__rxor__", "__ixor__", BinOp::BitXor),
];

const COMPARE: &[(&str, CompareOp)] = &[
    ("__eq__", CompareOp::Eq),
    ("__ne__", CompareOp::Ne),
    ("__lt__", CompareOp::Lt),
    ("__le__", CompareOp::Le),
    ("__gt__", CompareOp::Gt),
    ("__ge__", CompareOp::Ge),
];

/// Other special methods forwarded by proxies.
const PROXY_METHODS: &[&str] = &[
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__str__",
    "__bool__",
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__iter__",
    "__neg__",
    "__pos__",
    "__invert__",
    "__abs__",
    "__int__",
    "__float__",
    "__index__",
    "__hash__",
];

fn argument(a: &Args, index: usize) -> Res<PyRef> {
    match a.positional.get(index) {
        Some(value) => Ok(value.clone()),
        None => type_error(format!(
            "{}() takes exactly {index} argument ({} given)",
            a.name,
            a.positional.len().saturating_sub(1)
        )),
    }
}

fn name_argument(a: &Args) -> Res<Rc<str>> {
    let name = argument(a, 1)?;
    match &name.kind {
        Kind::Str(s) => Ok(s.clone()),
        _ => {
            type_error(format!("attribute name must be string, not '{}'", types::type_name(&name)))
        }
    }
}

fn call_builtin(name: &str, args: Vec<PyRef>) -> Res<PyRef> {
    let builtins = rt::with(|r| r.builtins.clone());
    match dict_get(&builtins, name) {
        Some(function) => ops::call(&function, args, vec![]),
        None => rt::raise("NameError", format!("name '{name}' is not defined")),
    }
}

fn proxy_method(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let name = a.name;
    if name == "__hash__" {
        return type_error(format!("unhashable type: '{}'", types::type_name(&this)));
    }
    let target = unwrap_proxy(&this)?;
    if let Some((_, op)) = COMPARE.iter().find(|(n, _)| *n == name) {
        let other = unwrap_operand(&argument(&a, 1)?)?;
        return ops::compare(&target, &other, *op);
    }
    if let Some(&(direct, reflected, _, op)) =
        BINARY.iter().find(|(d, r, i, _)| [*d, *r, *i].contains(&name))
    {
        let other = unwrap_operand(&argument(&a, 1)?)?;
        return if name == direct {
            ops::binary_op(op, &target, &other)
        } else if name == reflected {
            ops::binary_op(op, &other, &target)
        } else {
            ops::inplace_op(op, &target, &other)
        };
    }
    match name {
        "__getattr__" => crate::attr::getattr(&target, &name_argument(&a)?),
        "__setattr__" => {
            let value = argument(&a, 2)?;
            crate::attr::setattr(&target, &name_argument(&a)?, value)?;
            Ok(rt::none())
        }
        "__delattr__" => {
            crate::attr::delattr(&target, &name_argument(&a)?)?;
            Ok(rt::none())
        }
        "__str__" => Ok(rt::str(ops::str_of(&target)?)),
        "__bool__" => Ok(rt::boolean(ops::truthy(&target)?)),
        "__len__" => Ok(rt::int(ops::len(&target)? as i64)),
        "__getitem__" => ops::getitem(&target, &argument(&a, 1)?),
        "__setitem__" => {
            let (key, value) = (argument(&a, 1)?, argument(&a, 2)?);
            ops::setitem(&target, &key, value)?;
            Ok(rt::none())
        }
        "__delitem__" => {
            ops::delitem(&target, &argument(&a, 1)?)?;
            Ok(rt::none())
        }
        "__contains__" => Ok(rt::boolean(ops::contains(&target, &argument(&a, 1)?)?)),
        "__iter__" => ops::iter(&target),
        "__neg__" => ops::unary_op(ops::UnaryOp::Neg, &target),
        "__pos__" => ops::unary_op(ops::UnaryOp::Pos, &target),
        "__invert__" => ops::unary_op(ops::UnaryOp::Invert, &target),
        "__abs__" => call_builtin("abs", vec![target]),
        "__int__" => call_builtin("int", vec![target]),
        "__float__" => call_builtin("float", vec![target]),
        "__index__" => Ok(rt::int(ops::to_index(&target)?)),
        _ => type_error(format!("unsupported proxy method {name}")),
    }
}

fn proxy_call(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let target = unwrap_proxy(&this)?;
    ops::call(&target, a.positional[1..].to_vec(), a.keywords)
}

fn proxy_repr(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    // CPython 3.11 names the referent's type, `NoneType` (and None's address) once it is dead.
    let target = referent(&this).unwrap_or_else(rt::none);
    Ok(rt::str(format!(
        "<weakproxy at {} to {} at {}>",
        address(&this),
        types::type_name(&target),
        address(&target)
    )))
}

// ---- the module --------------------------------------------------------------------------------

/// A class of this module implemented in Rust: `name` is the full name used in messages
/// (`weakref.ReferenceType`), `qualname` the one in the class's repr.
fn native_class(name: &str, qualname: &str, entries: Vec<(&'static str, PyRef)>) -> PyRef {
    let dict = rt::new_dict();
    dict_set(&dict, "__module__", rt::str("weakref"));
    for (key, value) in entries {
        dict_set(&dict, key, value);
    }
    let bases = vec![rt::builtin_type(BuiltinType::Object)];
    let mro = types::compute_mro(&bases).expect("object has an MRO");
    let class = alloc(Kind::Class(Class {
        name: name.into(),
        qualname: qualname.into(),
        bases,
        mro,
        dict,
        builtin: None,
        has_del: Cell::new(None),
        mro_tuple: std::cell::RefCell::new(None),
    }));
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
    let callback = alloc(Kind::Property {
        getter: native("__callback__", ref_callback),
        setter: RefCell::new(None),
    });
    let reference = native_class(
        "weakref.ReferenceType",
        "ReferenceType",
        vec![
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

/// The file name of the module's Python part in tracebacks.
const FILENAME: &str = "<frozen weakref>";

/// Creates the `weakref` module (`import weakref`).
pub fn module() -> PyRef {
    let classes = create_classes();
    let previous = CLASSES.with(|c| c.replace(Some(classes.clone())));
    drop(previous);
    install_collection_hook();
    reference_error_class();
    let dict = rt::new_dict();
    let entries: Vec<(&str, PyRef)> = vec![
        ("__name__", rt::str("weakref")),
        ("ref", native("ref", weakref_ref)),
        ("proxy", native("proxy", weakref_proxy)),
        ("getweakrefcount", native("getweakrefcount", getweakrefcount)),
        ("getweakrefs", native("getweakrefs", getweakrefs)),
        ("ReferenceType", classes.reference.clone()),
        ("ProxyType", classes.proxy.clone()),
        ("CallableProxyType", classes.callable_proxy.clone()),
        ("ProxyTypes", rt::tuple(vec![classes.proxy, classes.callable_proxy])),
    ];
    for (key, value) in entries {
        dict_set(&dict, key, value);
    }
    let module = alloc(Kind::Module(Module { name: "weakref".into(), dict: dict.clone() }));
    match crate::parse::parse_module(PY_SOURCE, FILENAME) {
        Ok(code) => {
            crate::eval::register_source(FILENAME, PY_SOURCE);
            if let Err(exc) = crate::eval::run_module(Rc::new(code), &dict, FILENAME, false) {
                report_unraisable(&module, &exc);
            }
        }
        Err(error) => eprint!("{error}"),
    }
    module
}

/// Runs the `weakref.finalize` objects still alive whose `atexit` is true, newest first (as
/// CPython's `atexit` hook `finalize._exitfunc` does), with the collector disabled meanwhile;
/// afterwards no finalizer runs any more. Does nothing if `weakref` was never imported. For the
/// interpreter's exit path (`cli::finalize`), first: before the final collection and the
/// clearing of the main module.
pub fn run_exit_finalizers() {
    let modules = rt::with(|r| r.modules.clone());
    let Some(module) = dict_get(&modules, "weakref") else { return };
    if !matches!(&module.kind, Kind::Module(m) if &*m.name == "weakref") {
        return;
    }
    let Ok(finalize) = crate::attr::getattr(&module, "finalize") else { return };
    let reenable = rcgc::is_enabled();
    if reenable {
        rcgc::disable();
    }
    loop {
        let pending = crate::attr::getattr(&finalize, "_select_for_exit")
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
            crate::eval::print_exception(&exc);
        }
        // `__call__` takes it out of the registry first; never loop on one that stays.
        let still = crate::attr::getattr(&f, "alive").and_then(|a| ops::truthy(&a));
        if !matches!(still, Ok(false)) {
            break;
        }
    }
    let _ = crate::attr::setattr(&finalize, "_shutdown", rt::boolean(true));
    if reenable {
        rcgc::enable();
    }
}

/// The Python part of the module: CPython 3.11's `Lib/weakref.py` classes, adapted to pyrc
/// (no generator functions: iteration goes over snapshots; no `KeyedRef` subclass: each
/// value's callback is a closure that knows its key).
pub const PY_SOURCE: &str = r#"
def _remove_dead(d, key, wr):
    # Removes d[key] if it still is the dead weak reference wr.
    try:
        current = d[key]
    except KeyError:
        return
    if current is wr:
        del d[key]


class WeakValueDictionary:
    """Mapping class that references values weakly.

    Entries in the dictionary will be discarded when no strong
    reference to the value exists anymore
    """

    def __init__(self, other=(), /, **kw):
        self.data = {}
        self._selfref = ref(self)
        self.update(other, **kw)

    def _remover(self, key):
        selfref = self._selfref
        def remove(wr):
            self = selfref()
            if self is not None:
                _remove_dead(self.data, key, wr)
        return remove

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        else:
            return o

    def __delitem__(self, key):
        del self.data[key]

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        try:
            o = self.data[key]()
        except KeyError:
            return False
        return o is not None

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[key] = ref(value, self._remover(key))

    def copy(self):
        new = WeakValueDictionary()
        for key, wr in list(self.data.items()):
            o = wr()
            if o is not None:
                new[key] = o
        return new

    __copy__ = copy

    def get(self, key, default=None):
        try:
            wr = self.data[key]
        except KeyError:
            return default
        o = wr()
        if o is None:
            return default
        else:
            return o

    def items(self):
        result = []
        for k, wr in list(self.data.items()):
            v = wr()
            if v is not None:
                result.append((k, v))
        return result

    def keys(self):
        result = []
        for k, wr in list(self.data.items()):
            if wr() is not None:
                result.append(k)
        return result

    def __iter__(self):
        return iter(self.keys())

    def itervaluerefs(self):
        return iter(self.valuerefs())

    def valuerefs(self):
        return list(self.data.values())

    def values(self):
        result = []
        for wr in list(self.data.values()):
            obj = wr()
            if obj is not None:
                result.append(obj)
        return result

    def popitem(self):
        while True:
            key, wr = self.data.popitem()
            o = wr()
            if o is not None:
                return key, o

    def pop(self, key, *args):
        try:
            o = self.data.pop(key)()
        except KeyError:
            o = None
        if o is None:
            if args:
                return args[0]
            else:
                raise KeyError(key)
        else:
            return o

    def setdefault(self, key, default=None):
        try:
            o = self.data[key]()
        except KeyError:
            o = None
        if o is None:
            self.data[key] = ref(default, self._remover(key))
            return default
        else:
            return o

    def update(self, other=None, /, **kwargs):
        d = self.data
        if other is not None:
            if not hasattr(other, "items"):
                other = dict(other)
            for key, o in other.items():
                d[key] = ref(o, self._remover(key))
        for key, o in kwargs.items():
            d[key] = ref(o, self._remover(key))

    def clear(self):
        self.data.clear()

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        c = self.copy()
        c.update(other)
        return c


class WeakKeyDictionary:
    """ Mapping class that references keys weakly.

    Entries in the dictionary will be discarded when there is no
    longer a strong reference to the key.
    """

    def __init__(self, dict=None):
        self.data = {}
        selfref = ref(self)
        def remove(k):
            self = selfref()
            if self is not None:
                try:
                    del self.data[k]
                except KeyError:
                    pass
        self._remove = remove
        if dict is not None:
            self.update(dict)

    def __delitem__(self, key):
        del self.data[ref(key)]

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def copy(self):
        new = WeakKeyDictionary()
        for key, value in list(self.data.items()):
            o = key()
            if o is not None:
                new[o] = value
        return new

    __copy__ = copy

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def items(self):
        result = []
        for wr, value in list(self.data.items()):
            key = wr()
            if key is not None:
                result.append((key, value))
        return result

    def keys(self):
        result = []
        for wr in list(self.data):
            obj = wr()
            if obj is not None:
                result.append(obj)
        return result

    def __iter__(self):
        return iter(self.keys())

    def values(self):
        result = []
        for wr, value in list(self.data.items()):
            if wr() is not None:
                result.append(value)
        return result

    def keyrefs(self):
        return list(self.data)

    def popitem(self):
        while True:
            key, value = self.data.popitem()
            o = key()
            if o is not None:
                return o, value

    def pop(self, key, *args):
        return self.data.pop(ref(key), *args)

    def setdefault(self, key, default=None):
        return self.data.setdefault(ref(key, self._remove), default)

    def update(self, dict=None, /, **kwargs):
        d = self.data
        if dict is not None:
            if not hasattr(dict, "items"):
                dict = type({})(dict)
            for key, value in dict.items():
                d[ref(key, self._remove)] = value
        if len(kwargs):
            self.update(kwargs)

    def clear(self):
        self.data.clear()

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        c = self.copy()
        c.update(other)
        return c


class WeakSet:
    def __init__(self, data=None):
        self.data = set()
        selfref = ref(self)
        def _remove(item):
            self = selfref()
            if self is not None:
                self.data.discard(item)
        self._remove = _remove
        if data is not None:
            self.update(data)

    def _items(self):
        result = []
        for itemref in list(self.data):
            item = itemref()
            if item is not None:
                result.append(item)
        return result

    def __iter__(self):
        return iter(self._items())

    def __len__(self):
        return len(self.data)

    def __contains__(self, item):
        try:
            wr = ref(item)
        except TypeError:
            return False
        return wr in self.data

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def add(self, item):
        self.data.add(ref(item, self._remove))

    def clear(self):
        self.data.clear()

    def copy(self):
        return WeakSet(self._items())

    def pop(self):
        while True:
            try:
                itemref = self.data.pop()
            except KeyError:
                raise KeyError('pop from empty WeakSet')
            item = itemref()
            if item is not None:
                return item

    def remove(self, item):
        self.data.remove(ref(item))

    def discard(self, item):
        self.data.discard(ref(item))

    def update(self, other):
        for element in other:
            self.add(element)

    def __ior__(self, other):
        self.update(other)
        return self


class finalize:
    """Class for finalization of weakrefable objects

    finalize(obj, func, *args, **kwargs) returns a callable finalizer
    object which will be called when obj is garbage collected. The
    first time the finalizer is called it evaluates func(*arg, **kwargs)
    and returns the result. After this the finalizer is dead, and
    calling it just returns None.

    When the program exits any remaining finalizers for which the
    atexit attribute is true will be run in reverse order of creation.
    By default atexit is true.
    """

    _registry = {}
    _shutdown = False
    _index = [0]
    _dirty = False

    class _Info:
        pass

    def __init__(self, obj, func, /, *args, **kwargs):
        info = self._Info()
        info.weakref = ref(obj, self)
        info.func = func
        info.args = args
        info.kwargs = kwargs or None
        info.atexit = True
        info.index = finalize._index[0]
        finalize._index[0] += 1
        self._registry[self] = info
        finalize._dirty = True

    def __call__(self, _=None):
        """If alive then mark as dead and return func(*args, **kwargs);
        otherwise return None"""
        info = self._registry.pop(self, None)
        if info and not self._shutdown:
            return info.func(*info.args, **(info.kwargs or {}))

    def detach(self):
        """If alive then mark as dead and return (obj, func, args, kwargs);
        otherwise return None"""
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None and self._registry.pop(self, None):
            return (obj, info.func, info.args, info.kwargs or {})

    def peek(self):
        """If alive then return (obj, func, args, kwargs);
        otherwise return None"""
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None:
            return (obj, info.func, info.args, info.kwargs or {})

    @property
    def alive(self):
        """Whether finalizer is alive"""
        return self in self._registry

    @property
    def atexit(self):
        """Whether finalizer should be called at exit"""
        info = self._registry.get(self)
        return bool(info) and info.atexit

    @atexit.setter
    def atexit(self, value):
        info = self._registry.get(self)
        if info:
            info.atexit = bool(value)

    def __repr__(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is None:
            return '<%s object at %#x; dead>' % (type(self).__name__, id(self))
        else:
            return '<%s object at %#x; for %r at %#x>' % \
                (type(self).__name__, id(self), type(obj).__name__, id(obj))

    @classmethod
    def _select_for_exit(cls):
        # Return live finalizers marked for exit, oldest first
        L = [(f, i) for (f, i) in cls._registry.items() if i.atexit]
        L.sort(key=lambda item: item[1].index)
        return [f for (f, i) in L]
"#;
