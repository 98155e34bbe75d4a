//! The type-object core every layer needs: which built-in type an object is, `type(x)`, the
//! method resolution order as stored, class attribute lookup without descriptors, subclass
//! tests and the `__del__` cache (CPython's `Py_TYPE`, `_PyType_Lookup`, `PyType_IsSubtype`).
//! Creating classes (C3, layouts, `__slots__`) is the `types` layer's job.

use std::cell::Cell;
use std::rc::Rc;

use rcgc::Gc;

use crate::object::dict::Dict;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self, Runtime};
use crate::object::{alloc, Class, Kind, PyRef};

/// Which built-in type a class object stands for.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum BuiltinType {
    Object,
    Type,
    NoneType,
    NotImplementedType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Cell,
    Iterator,
    DictKeyIterator,
    DictValueIterator,
    DictItemIterator,
    DictReverseKeyIterator,
    DictReverseValueIterator,
    DictReverseItemIterator,
    SetIterator,
    Generator,
    Coroutine,
    AsyncGenerator,
    File,
    StaticMethod,
    ClassMethod,
    Property,
    Super,
    WeakRef,
    Frame,
    Traceback,
    Code,
    /// `BaseException` and its built-in subclasses are ordinary classes whose instances are
    /// `Instance`s; this marks the root.
    BaseException,
}

impl BuiltinType {
    pub const ALL: [BuiltinType; 45] = [
        BuiltinType::Object,
        BuiltinType::Type,
        BuiltinType::NoneType,
        BuiltinType::NotImplementedType,
        BuiltinType::Ellipsis,
        BuiltinType::Int,
        BuiltinType::Bool,
        BuiltinType::Float,
        BuiltinType::Complex,
        BuiltinType::Str,
        BuiltinType::Bytes,
        BuiltinType::ByteArray,
        BuiltinType::List,
        BuiltinType::Tuple,
        BuiltinType::Dict,
        BuiltinType::Set,
        BuiltinType::FrozenSet,
        BuiltinType::Range,
        BuiltinType::Slice,
        BuiltinType::Function,
        BuiltinType::BuiltinFunction,
        BuiltinType::Method,
        BuiltinType::Module,
        BuiltinType::Cell,
        BuiltinType::Iterator,
        BuiltinType::Generator,
        BuiltinType::Coroutine,
        BuiltinType::AsyncGenerator,
        BuiltinType::File,
        BuiltinType::StaticMethod,
        BuiltinType::ClassMethod,
        BuiltinType::Property,
        BuiltinType::Super,
        BuiltinType::Frame,
        BuiltinType::Traceback,
        BuiltinType::WeakRef,
        BuiltinType::Code,
        BuiltinType::BaseException,
        // Last: `Runtime::builtin_type` finds a type by its position in this list.
        BuiltinType::DictKeyIterator,
        BuiltinType::DictValueIterator,
        BuiltinType::DictItemIterator,
        BuiltinType::DictReverseKeyIterator,
        BuiltinType::DictReverseValueIterator,
        BuiltinType::DictReverseItemIterator,
        BuiltinType::SetIterator,
    ];

    /// The Python name (`type(x).__name__`).
    pub fn name(self) -> &'static str {
        match self {
            BuiltinType::Object => "object",
            BuiltinType::Type => "type",
            BuiltinType::NoneType => "NoneType",
            BuiltinType::NotImplementedType => "NotImplementedType",
            BuiltinType::Ellipsis => "ellipsis",
            BuiltinType::Bool => "bool",
            BuiltinType::Int => "int",
            BuiltinType::Float => "float",
            BuiltinType::Complex => "complex",
            BuiltinType::Str => "str",
            BuiltinType::Bytes => "bytes",
            BuiltinType::ByteArray => "bytearray",
            BuiltinType::List => "list",
            BuiltinType::Tuple => "tuple",
            BuiltinType::Dict => "dict",
            BuiltinType::Set => "set",
            BuiltinType::FrozenSet => "frozenset",
            BuiltinType::Range => "range",
            BuiltinType::Slice => "slice",
            BuiltinType::Function => "function",
            BuiltinType::BuiltinFunction => "builtin_function_or_method",
            BuiltinType::Method => "method",
            BuiltinType::Module => "module",
            BuiltinType::Cell => "cell",
            BuiltinType::Iterator => "iterator",
            BuiltinType::DictKeyIterator => "dict_keyiterator",
            BuiltinType::DictValueIterator => "dict_valueiterator",
            BuiltinType::DictItemIterator => "dict_itemiterator",
            BuiltinType::DictReverseKeyIterator => "dict_reversekeyiterator",
            BuiltinType::DictReverseValueIterator => "dict_reversevalueiterator",
            BuiltinType::DictReverseItemIterator => "dict_reverseitemiterator",
            BuiltinType::SetIterator => "set_iterator",
            BuiltinType::Generator => "generator",
            BuiltinType::Coroutine => "coroutine",
            BuiltinType::AsyncGenerator => "async_generator",
            BuiltinType::File => "TextIOWrapper",
            BuiltinType::StaticMethod => "staticmethod",
            BuiltinType::ClassMethod => "classmethod",
            BuiltinType::Property => "property",
            BuiltinType::Super => "super",
            BuiltinType::Frame => "frame",
            BuiltinType::Traceback => "traceback",
            BuiltinType::Code => "code",
            BuiltinType::WeakRef => "weakref.ReferenceType",
            BuiltinType::BaseException => "BaseException",
        }
    }

    /// The built-in type of a non-instance object.
    pub fn of(kind: &Kind) -> BuiltinType {
        match kind {
            Kind::None => BuiltinType::NoneType,
            Kind::NotImplemented => BuiltinType::NotImplementedType,
            Kind::Ellipsis => BuiltinType::Ellipsis,
            Kind::Bool(_) => BuiltinType::Bool,
            Kind::Int(_) => BuiltinType::Int,
            Kind::Float(_) => BuiltinType::Float,
            Kind::Complex(..) => BuiltinType::Complex,
            Kind::Str(..) => BuiltinType::Str,
            Kind::Bytes(_) => BuiltinType::Bytes,
            Kind::ByteArray(_) => BuiltinType::ByteArray,
            Kind::List(_) => BuiltinType::List,
            Kind::Tuple(_) => BuiltinType::Tuple,
            Kind::Dict(_) => BuiltinType::Dict,
            Kind::Set(_) => BuiltinType::Set,
            Kind::FrozenSet(_) => BuiltinType::FrozenSet,
            Kind::Range { .. } => BuiltinType::Range,
            Kind::Slice(_) => BuiltinType::Slice,
            Kind::Object => BuiltinType::Object,
            Kind::Function(_) => BuiltinType::Function,
            Kind::Builtin(_) => BuiltinType::BuiltinFunction,
            Kind::BoundMethod { .. } => BuiltinType::Method,
            Kind::Class(_) => BuiltinType::Type,
            Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => BuiltinType::Object,
            Kind::Module(_) => BuiltinType::Module,
            Kind::Cell(_) => BuiltinType::Cell,
            Kind::Frame(_) => BuiltinType::Frame,
            Kind::Traceback(_) => BuiltinType::Traceback,
            Kind::Code(_) => BuiltinType::Code,
            Kind::Iterator(state) => match state.try_borrow().as_deref() {
                Ok(crate::object::Iter::Function(g)) => match g.flavor() {
                    crate::object::GenFlavor::Generator => BuiltinType::Generator,
                    crate::object::GenFlavor::Coroutine => BuiltinType::Coroutine,
                    crate::object::GenFlavor::AsyncGenerator => BuiltinType::AsyncGenerator,
                },
                Ok(crate::object::Iter::Generator(_) | crate::object::Iter::Running) | Err(_) => {
                    BuiltinType::Generator
                }
                Ok(crate::object::Iter::Dict(state)) => state.builtin_type(),
                Ok(_) => BuiltinType::Iterator,
            },
            Kind::File(_) => BuiltinType::File,
            Kind::StaticMethod(_) => BuiltinType::StaticMethod,
            Kind::ClassMethod(_) => BuiltinType::ClassMethod,
            Kind::Property(_) => BuiltinType::Property,
            Kind::Super { .. } => BuiltinType::Super,
            Kind::WeakRef(_) => BuiltinType::WeakRef,
        }
    }

    pub fn base(self) -> Option<BuiltinType> {
        match self {
            BuiltinType::Object => None,
            BuiltinType::Bool => Some(BuiltinType::Int),
            _ => Some(BuiltinType::Object),
        }
    }
}

/// `type(x)`.
pub fn type_of(object: &PyRef) -> PyRef {
    match &object.kind {
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            let instance = object.instance().expect("an instance");
            instance.class()
        }
        Kind::Iterator(state) => {
            let native = match state.try_borrow().as_deref() {
                Ok(crate::object::Iter::Native(native)) => native.class(),
                _ => None,
            };
            native.unwrap_or_else(|| {
                runtime::with(|rt: &Runtime| rt.builtin_type(BuiltinType::of(&object.kind)))
            })
        }
        Kind::Class(data) if data.metaclass.is_some() => {
            data.metaclass.clone().expect("checked to be a metaclass")
        }
        kind => runtime::with(|rt: &Runtime| rt.builtin_type(BuiltinType::of(kind))),
    }
}

/// The metaclass defined in Python of a class (`None` for a class whose type is `type`, or
/// for an object that is no class).
pub fn python_metaclass(object: &PyRef) -> Option<&PyRef> {
    match &object.kind {
        Kind::Class(data) => data.metaclass.as_ref(),
        _ => None,
    }
}

/// The class itself followed by its MRO.
pub fn mro_of(class: &PyRef) -> Vec<PyRef> {
    match &class.kind {
        Kind::Class(data) => {
            let mut all = Vec::with_capacity(data.mro.len() + 1);
            all.push(class.clone());
            all.extend(data.mro.iter().cloned());
            all
        }
        _ => vec![],
    }
}

/// Looks `name` up in the class and its MRO (no descriptors applied).
pub fn class_lookup(class: &PyRef, name: &str) -> Option<PyRef> {
    class_lookup_hashed(class, name, crate::object::hash::str_hash(name))
}

/// [`class_lookup`] of a name known at compile time (`name!("__init__")`: no hashing).
#[inline]
pub fn class_lookup_name(class: &PyRef, name: crate::object::hash::NameHash) -> Option<PyRef> {
    class_lookup_hashed(class, name.text, name.hash)
}

/// [`class_lookup`] with the name's hash already computed (hashed once for the whole MRO),
/// through the method cache (`METHOD_CACHE`).
pub fn class_lookup_hashed(class: &PyRef, name: &str, hash: i64) -> Option<PyRef> {
    let Kind::Class(data) = &class.kind else { return None };
    let address = Gc::as_ptr(class) as usize;
    let index = method_cache_index(address, hash);
    let epoch = class_epoch();
    let cached = METHOD_CACHE.with(|cache| cache[index].get());
    if cached.class == address && cached.epoch == epoch && cached.hash == hash {
        if cached.owner == ABSENT {
            if cached.name == (name.as_ptr() as usize, name.len()) {
                return None;
            }
        } else if let Some(Kind::Dict(dict)) =
            mro_dict(class, cached.owner as usize).map(|d| &d.kind)
        {
            if let Ok(dict) = dict.try_borrow() {
                if let Some((_, key, value)) = dict.entry_at(cached.slot as usize) {
                    if crate::object::dict::is_str(key, name) {
                        return Some(value.clone());
                    }
                }
            }
        }
    }
    for owner in 0..=data.mro.len() {
        let Some(Kind::Dict(dict)) = mro_dict(class, owner).map(|d| &d.kind) else { continue };
        let Ok(dict) = dict.try_borrow() else { continue };
        if let Some(slot) = dict.find_str(name, hash) {
            let value = dict.value_at(slot);
            if let (Ok(owner), Ok(slot)) = (u32::try_from(owner), u32::try_from(slot)) {
                let entry =
                    MethodCacheEntry { class: address, epoch, hash, name: (0, 0), owner, slot };
                METHOD_CACHE.with(|cache| cache[index].set(entry));
            }
            return value;
        }
    }
    let name = (name.as_ptr() as usize, name.len());
    let entry = MethodCacheEntry { class: address, epoch, hash, name, owner: ABSENT, slot: 0 };
    METHOD_CACHE.with(|cache| cache[index].set(entry));
    None
}

/// How many lookups the [`METHOD_CACHE`] remembers (CPython's `MCACHE_SIZE_EXP` is 12).
const METHOD_CACHE_SIZE: usize = 1 << 12;

/// One remembered lookup: on the class at address `class` as it was at class epoch
/// `epoch`, the name whose hash is `hash` was found in the dict of `class.__mro__[owner]`
/// at entry `slot` (checked on use against that entry's key), or nowhere (`owner ==
/// ABSENT`; `name` is then the looked-up text's address and length, which a hit must
/// match as well as the hash).
#[derive(Clone, Copy, Default)]
struct MethodCacheEntry {
    class: usize,
    epoch: u64,
    hash: i64,
    name: (usize, usize),
    owner: u32,
    slot: u32,
}

thread_local! {
    /// CPython's type method cache (`Objects/typeobject.c`, `_PyType_Lookup`): every
    /// uncached class lookup by name (special methods, `hash()`, `setattr`, descriptors)
    /// probes one dict per MRO entry; the last lookup of each (class, name) slot is kept
    /// here. Holds no reference: the class is named by address and epoch (a class made at
    /// a freed class's address starts a new epoch), the value re-read from its dict entry.
    static METHOD_CACHE: Box<[Cell<MethodCacheEntry>]> =
        vec![Cell::new(MethodCacheEntry::default()); METHOD_CACHE_SIZE].into_boxed_slice();
}

#[inline]
fn method_cache_index(address: usize, hash: i64) -> usize {
    ((address >> 4) ^ (hash as usize) ^ ((hash as usize) >> 17)) & (METHOD_CACHE_SIZE - 1)
}

/// Whether `class` is `other` or inherits from it.
pub fn is_subclass(class: &PyRef, other: &PyRef) -> bool {
    if rcgc::Gc::ptr_eq(class, other) {
        return true;
    }
    match &class.kind {
        Kind::Class(data) => data.mro.iter().any(|c| rcgc::Gc::ptr_eq(c, other)),
        _ => false,
    }
}

// Bumped whenever a class is made or a class namespace or MRO changes (see `class_epoch`).
thread_local! {
    pub static CLASS_EPOCH: Cell<u64> = const { Cell::new(0) };
}

/// Whether instances of `class` have a `__del__` (their finalizer).
pub fn class_has_del(class: &PyRef) -> bool {
    // The class may already have been cleared by the collector (it was garbage together with
    // its instances): such an instance has no `__del__` to run any more.
    let Some(object) = rcgc::Gc::try_deref(class) else { return false };
    let Kind::Class(data) = &object.kind else { return false };
    if let Some(cached) = data.has_del.get() {
        return cached;
    }
    let found = class_lookup_name(class, crate::object::hash::name!("__del__")).is_some();
    data.has_del.set(Some(found));
    found
}

/// The current class epoch: it changes whenever a class is made or a class namespace or
/// MRO changes, which invalidates every attribute cache (`types::attr::AttrCache`).
#[inline]
pub fn class_epoch() -> u64 {
    CLASS_EPOCH.with(Cell::get)
}

/// Starts a new class epoch (see [`class_epoch`]).
#[inline]
pub fn bump_class_epoch() {
    CLASS_EPOCH.with(|e| e.set(e.get() + 1));
}

/// Forgets cached `__del__` lookups (a class namespace changed).
pub fn invalidate_del_caches(class: &PyRef) {
    if let Kind::Class(data) = &class.kind {
        data.has_del.set(None);
    }
    CLASS_EPOCH.with(|e| e.set(e.get() + 1));
}

/// The class name of any object, for messages: for a native class, CPython's `tp_name`
/// (`re.Pattern`).
pub fn type_name(object: &PyRef) -> Rc<str> {
    let class = type_of(object);
    if let Kind::Class(data) = &class.kind {
        if let Some(def) = data.native.get() {
            return def.full_name().into();
        }
    }
    class_name(&class)
}

pub fn class_name(class: &PyRef) -> Rc<str> {
    match &class.kind {
        Kind::Class(data) => data.name.clone(),
        _ => "?".into(),
    }
}

/// Creates a class object (whose instances get combined dicts).
pub fn new_class(
    name: &str,
    bases: Vec<PyRef>,
    dict: PyRef,
    builtin: Option<BuiltinType>,
) -> Result<PyRef, String> {
    build_class(name, bases, dict, builtin, false)
}

/// Creates a class defined in Python (a `class` statement, `type(name, bases, dict)`): its
/// instances' dicts share their keys (PEP 412). `qualname` is its `__qualname__` (`None`: its
/// name); `metaclass` its type when that is a metaclass defined in Python (`None`: `type`).
/// Each base records it as a subclass.
pub fn new_python_class(
    name: &str,
    qualname: Option<Rc<str>>,
    bases: Vec<PyRef>,
    dict: PyRef,
    metaclass: Option<PyRef>,
) -> Result<PyRef, String> {
    let class = build_class_named(name, qualname, bases, dict, None, true, metaclass)?;
    if let Kind::Class(data) = &class.kind {
        for base in &data.bases {
            if let Kind::Class(base_data) = &base.kind {
                let mut subclasses = base_data.subclasses.borrow_mut();
                subclasses.retain(|weak| weak.upgrade().is_some());
                subclasses.push(Gc::downgrade(&class));
            }
        }
    }
    Ok(class)
}

/// The direct subclasses of `class` still alive, oldest first.
pub fn subclasses_of(class: &PyRef) -> Vec<PyRef> {
    match &class.kind {
        Kind::Class(data) => data.subclasses.borrow().iter().filter_map(|w| w.upgrade()).collect(),
        _ => Vec::new(),
    }
}

fn build_class(
    name: &str,
    bases: Vec<PyRef>,
    dict: PyRef,
    builtin: Option<BuiltinType>,
    shares_keys: bool,
) -> Result<PyRef, String> {
    build_class_named(name, None, bases, dict, builtin, shares_keys, None)
}

fn build_class_named(
    name: &str,
    qualname: Option<Rc<str>>,
    bases: Vec<PyRef>,
    dict: PyRef,
    builtin: Option<BuiltinType>,
    shares_keys: bool,
    metaclass: Option<PyRef>,
) -> Result<PyRef, String> {
    let mro = compute_mro(&bases)?;
    let name: Rc<str> = name.into();
    let is_metaclass = builtin == Some(BuiltinType::Type)
        || bases.iter().any(|b| matches!(&b.kind, Kind::Class(data) if data.is_metaclass));
    bump_class_epoch();
    let class = alloc(Kind::Class(Box::new(Class {
        qualname: qualname.unwrap_or_else(|| name.clone()),
        name,
        bases,
        mro,
        dict,
        builtin,
        has_del: Cell::new(None),
        mro_tuple: std::cell::RefCell::new(None),
        shares_keys,
        shared_keys: Default::default(),
        metaclass,
        is_metaclass,
        subclasses: Default::default(),
        construct: Default::default(),
        native: Cell::new(None),
    })));
    set_mro_tuple(&class);
    Ok(class)
}

/// Fills `Class::mro_tuple` (the class and its linearized bases).
pub fn set_mro_tuple(class: &PyRef) {
    bump_class_epoch();
    if let Kind::Class(data) = &class.kind {
        let mut items = Vec::with_capacity(data.mro.len() + 1);
        items.push(class.clone());
        items.extend(data.mro.iter().cloned());
        *data.mro_tuple.borrow_mut() = Some(crate::object::runtime::tuple(items));
    }
}

/// The built-in classes, created once per interpreter: one per `BuiltinType`, then the
/// exception hierarchy. Returns (types in `BuiltinType::ALL` order, exceptions by name).
pub fn create_builtin_classes() -> (Vec<PyRef>, Vec<(&'static str, PyRef)>) {
    let mut types: Vec<PyRef> = Vec::new();
    for ty in BuiltinType::ALL {
        let bases = match ty.base() {
            Some(base) => {
                let index = BuiltinType::ALL.iter().position(|t| *t == base).expect("base first");
                vec![types[index].clone()]
            }
            None => vec![],
        };
        let dict = alloc(Kind::dict(Dict::new()));
        let class = new_class(ty.name(), bases, dict, Some(ty)).expect("built-in MRO");
        types.push(class);
    }
    let mut exceptions: Vec<(&'static str, PyRef)> = Vec::new();
    let base_exception = types
        [BuiltinType::ALL.iter().position(|t| *t == BuiltinType::BaseException).unwrap()]
    .clone();
    exceptions.push(("BaseException", base_exception));
    for kind in &ExcKind::ALL[1..] {
        // `ExcKind::ALL` lists every base before the classes derived from it.
        let base = exceptions[kind.base().expect("only BaseException has none") as usize].1.clone();
        let dict = alloc(Kind::dict(Dict::new()));
        let class = new_class(kind.name(), vec![base], dict, None).expect("exception MRO");
        exceptions.push((kind.name(), class));
    }
    // PEP 654's classes, after the table (`ExceptionGroup` has two bases, which the kinds'
    // single-base table cannot say). Their methods (`__new__`, `split`, ...) are
    // `types::exception_group`'s, added when `builtins` is built (this layer cannot name them).
    let group_base = exceptions[ExcKind::BaseException as usize].1.clone();
    let dict = alloc(Kind::dict(Dict::new()));
    let base_group =
        new_class("BaseExceptionGroup", vec![group_base], dict, None).expect("exception group MRO");
    let exception = exceptions[ExcKind::Exception as usize].1.clone();
    let dict = alloc(Kind::dict(Dict::new()));
    let group = new_class("ExceptionGroup", vec![base_group.clone(), exception], dict, None)
        .expect("exception group MRO");
    exceptions.push(("BaseExceptionGroup", base_group));
    exceptions.push(("ExceptionGroup", group));
    (types, exceptions)
}

/// C3 linearization of `bases` (the class itself excluded).
pub fn compute_mro(bases: &[PyRef]) -> Result<Vec<PyRef>, String> {
    let mut sequences: Vec<Vec<PyRef>> = Vec::new();
    for base in bases {
        let Kind::Class(class) = &base.kind else {
            return Err("bases must be types".into());
        };
        let mut linear = vec![base.clone()];
        linear.extend(class.mro.iter().cloned());
        sequences.push(linear);
    }
    sequences.push(bases.to_vec());
    let mut result: Vec<PyRef> = Vec::new();
    loop {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            return Ok(result);
        }
        let candidate = sequences.iter().map(|s| s[0].clone()).find(|head| {
            !sequences.iter().any(|s| s[1..].iter().any(|x| rcgc::Gc::ptr_eq(x, head)))
        });
        let Some(head) = candidate else {
            return Err("Cannot create a consistent method resolution order (MRO)".into());
        };
        for sequence in &mut sequences {
            if rcgc::Gc::ptr_eq(&sequence[0], &head) {
                sequence.remove(0);
            }
        }
        result.push(head);
    }
}

/// What a class remembers for the calls the interpreter makes on it and its instances:
/// whether, at class epoch `epoch`, instances are made plainly (see
/// `types::ops::plain_construction`), and where its `__init__`, `__getitem__` and
/// `__setitem__` are. Holds no reference.
#[derive(Default)]
pub struct ConstructCache {
    /// The class epoch `plain` was computed at, plus one (0: never computed).
    pub epoch: Cell<u64>,
    pub plain: Cell<bool>,
    /// The lookup of `__init__`.
    pub init: AttrCache,
    /// The lookup of `__getitem__` (subscripts of instances).
    pub getitem: AttrCache,
    /// The lookup of `__setitem__`.
    pub setitem: AttrCache,
    /// The class epoch, plus one, at which the class and its bases were found to define
    /// neither `__bool__` nor `__len__` (0: not known): its plain instances are then true
    /// with no lookup (CPython's `PyObject_IsTrue` finds no slot on the type).
    pub always_true: Cell<u64>,
}

/// One instruction's memory of a class-attribute lookup (CPython 3.11's attribute inline
/// caches, keyed on the type's version), for the last [`CACHED_CLASSES`] classes the site
/// saw: a site reached with instances of sibling classes (`task.run()` over several
/// subclasses) keeps hitting, where CPython's one-class cache misses. Holds no reference:
/// a hit is checked against the class's current identity and the epoch, and the entry
/// found must still hold the name's interned key.
#[derive(Default)]
pub struct AttrCache {
    /// Most recently filled first.
    entries: [AttrCacheEntry; CACHED_CLASSES],
}

/// How many classes an [`AttrCache`] remembers.
pub const CACHED_CLASSES: usize = 4;

/// For `class` as it was at class epoch `epoch`, the name was found in the dict of
/// `class.__mro__[owner]` at entry `slot`, or nowhere (`owner == ABSENT`).
#[derive(Default, Clone)]
struct AttrCacheEntry {
    class: Cell<usize>,
    epoch: Cell<u64>,
    owner: Cell<u32>,
    slot: Cell<u32>,
    /// For a method load: how many keys the class's shared instance keys had when the name
    /// was last found not to be one of them (plus one; 0: not known). The keys only grow, so
    /// while their count is unchanged no instance sharing them can hold the name.
    unshadowed_keys: Cell<u32>,
}

impl AttrCache {
    /// The entry for `class` at the current epoch, if the cache has one.
    #[inline]
    fn entry(&self, class: &PyRef) -> Option<&AttrCacheEntry> {
        let address = Gc::as_ptr(class) as usize;
        let entry = self.entries.iter().find(|e| e.class.get() == address)?;
        (entry.epoch.get() == class_epoch()).then_some(entry)
    }

    /// Remembers a lookup on the class at `address`: it becomes the first entry, the others
    /// move down one, the oldest is forgotten.
    fn fill(&self, address: usize, epoch: u64, owner: u32, slot: u32) {
        for i in (1..CACHED_CLASSES).rev() {
            let newer = &self.entries[i - 1];
            let entry = &self.entries[i];
            entry.class.set(newer.class.get());
            entry.epoch.set(newer.epoch.get());
            entry.owner.set(newer.owner.get());
            entry.slot.set(newer.slot.get());
            entry.unshadowed_keys.set(newer.unshadowed_keys.get());
        }
        let first = &self.entries[0];
        first.class.set(address);
        first.epoch.set(epoch);
        first.owner.set(owner);
        first.slot.set(slot);
        first.unshadowed_keys.set(0);
    }

    /// Whether the cache says, for `class` as it is now, that no class on its MRO defines
    /// the name (the interpreter's first try at an instance attribute).
    #[inline]
    pub fn says_absent(&self, class: &PyRef) -> bool {
        self.entry(class).is_some_and(|entry| entry.owner.get() == ABSENT)
    }

    /// Whether an instance of `class` (which the cache has an entry for, at the current
    /// epoch) whose dict is `dict` cannot hold the name in that dict: its dict shares the
    /// class's keys and the name is not among them (CPython's `LOAD_METHOD_WITH_VALUES`
    /// keys-version check).
    pub fn unshadowed(
        &self,
        class: &PyRef,
        dict: &crate::object::dict::Dict,
        key: &PyRef,
        hash: i64,
    ) -> bool {
        let Kind::Class(data) = &class.kind else { return false };
        let (Some(class_keys), Some(dict_keys)) = (data.shared_keys.get(), dict.shared_keys())
        else {
            return false;
        };
        if !Rc::ptr_eq(class_keys, dict_keys) {
            return false;
        }
        let count = class_keys.len() as u32 + 1;
        let entry = self.entry(class);
        if entry.is_some_and(|entry| entry.unshadowed_keys.get() == count) {
            return true;
        }
        if class_keys.contains(hash, key) {
            return false;
        }
        if let Some(entry) = entry {
            entry.unshadowed_keys.set(count);
        }
        true
    }
}

const ABSENT: u32 = u32::MAX;

/// The dict of `class.__mro__[index]` (0: the class itself).
fn mro_dict(class: &PyRef, index: usize) -> Option<&PyRef> {
    let Kind::Class(data) = &class.kind else { return None };
    if index == 0 {
        return Some(&data.dict);
    }
    match &data.mro.get(index - 1)?.kind {
        Kind::Class(base) => Some(&base.dict),
        _ => None,
    }
}

/// `name` (hash `hash`, interned key `key`) looked up on `class` and its bases, through
/// `cache`.
pub fn class_lookup_cached(
    class: &PyRef,
    name: &str,
    hash: i64,
    key: &PyRef,
    cache: &AttrCache,
) -> Option<PyRef> {
    if let Some(entry) = cache.entry(class) {
        let owner = entry.owner.get();
        if owner == ABSENT {
            return None;
        }
        if let Some(Kind::Dict(dict)) = mro_dict(class, owner as usize).map(|d| &d.kind) {
            let dict = dict.borrow();
            if let Some((_, found_key, value)) = dict.entry_at(entry.slot.get() as usize) {
                if Gc::ptr_eq(found_key, key) {
                    return Some(value.clone());
                }
            }
        }
    }
    let epoch = class_epoch();
    let address = Gc::as_ptr(class) as usize;
    // A stale entry for this class (another epoch, or a moved slot) is replaced, not kept
    // beside the new one.
    if let Some(stale) = cache.entries.iter().find(|e| e.class.get() == address) {
        stale.class.set(0);
    }
    let Kind::Class(data) = &class.kind else { return None };
    for index in 0..=data.mro.len() {
        let Some(Kind::Dict(dict)) = mro_dict(class, index).map(|d| &d.kind) else { continue };
        let dict = dict.borrow();
        if let Some(slot) = dict.find_str(name, hash) {
            let value = dict.value_at(slot);
            if let (Ok(owner), Ok(slot)) = (u32::try_from(index), u32::try_from(slot)) {
                cache.fill(address, epoch, owner, slot);
            }
            return value;
        }
    }
    cache.fill(address, epoch, ABSENT, 0);
    None
}

/// One attribute-store site's memory of whether the instances of a class store the name
/// plainly into their dict: for each of the last [`CACHED_CLASSES`] classes (as
/// [`AttrCache`]) at class epoch `epoch`, no property of that name, no `__setattr__`, and
/// no `__slots__` in the MRO that leaves the name out. Holds no reference.
#[derive(Default)]
pub struct StoreCache {
    /// Most recently set first: (class address, epoch).
    entries: [(Cell<usize>, Cell<u64>); CACHED_CLASSES],
}

impl StoreCache {
    /// Whether the cache says stores on instances of `class` are plain.
    #[inline]
    pub fn is_plain(&self, class: &PyRef) -> bool {
        let address = Gc::as_ptr(class) as usize;
        self.entries.iter().any(|(c, e)| c.get() == address && e.get() == class_epoch())
    }

    /// Remembers that stores on instances of `class` are plain, for this class epoch.
    pub fn set_plain(&self, class: &PyRef) {
        let address = Gc::as_ptr(class) as usize;
        let epoch = class_epoch();
        if let Some((_, e)) = self.entries.iter().find(|(c, _)| c.get() == address) {
            e.set(epoch);
            return;
        }
        for i in (1..CACHED_CLASSES).rev() {
            self.entries[i].0.set(self.entries[i - 1].0.get());
            self.entries[i].1.set(self.entries[i - 1].1.get());
        }
        self.entries[0].0.set(address);
        self.entries[0].1.set(epoch);
    }
}
