//! A compiled code with its constants made into objects, once per code (CPython's code
//! object holds `co_consts` as objects): what function objects and frames refer to.

use std::rc::Rc;

use crate::compile::ast::{Constant, IntValue};
use crate::compile::code::Code;
use crate::object::runtime as rt;
use crate::object::{alloc, Kind, PyRef};

/// A [`Code`] and the objects of its constants and nested codes.
///
/// The constants are ints, floats, strs, bytes, `None`, booleans and `...`: atomic
/// objects, which hold no references, so a code is not traced (it cannot be part of a
/// cycle).
pub struct CodeObject {
    pub code: Rc<Code>,
    pub consts: Box<[PyRef]>,
    /// The str hash of each of `code.names` (names are looked up in dicts by it).
    pub name_hashes: Box<[i64]>,
    /// The interned str object of each of `code.names` (the key object of every dict entry
    /// stored by name).
    pub name_objects: Box<[PyRef]>,
    /// Per name: 1 + the dict slot where the name was last found in the globals, and in
    /// the builtins (0: none yet). A hint only: a slot is used when it still holds the
    /// name's interned key (CPython 3.11 caches `LOAD_GLOBAL` by dict keys version).
    pub global_hints: Box<[std::cell::Cell<u32>]>,
    pub builtin_hints: Box<[std::cell::Cell<u32>]>,
    /// Per name: the keys version of the globals dict ([`Dict::keys_version`]) at which the
    /// name was last found absent from it (0: not known), so that loading a builtin does
    /// not probe the globals again while their keys are unchanged.
    ///
    /// [`Dict::keys_version`]: crate::object::dict::Dict::keys_version
    pub globals_absent: Box<[std::cell::Cell<u32>]>,
    /// Per name: the class-attribute lookup cache of the attribute instructions naming it.
    pub attr_caches: Box<[crate::object::class::AttrCache]>,
    /// Per name: whether stores of that name on instances of a class go plainly into the
    /// instance dict.
    pub store_caches: Box<[crate::object::class::StoreCache]>,
    /// Per name: the instance-dict slot where the attribute instructions naming it last
    /// found it (a hint, checked against the entry's key).
    pub instance_hints: Box<[std::cell::Cell<u32>]>,
    /// Per name: the unbound method of a built-in type a `LoadMethod` of that name last
    /// found, with its kind's tag (`types::lookup::method_table_tag`).
    pub native_methods: Box<[NativeMethodCache]>,
    pub children: Box<[Rc<CodeObject>]>,
    /// `types.coroutine` marked this generator function's code (CPython's
    /// CO_ITERABLE_COROUTINE): its generators may be awaited and may `yield from` coroutines.
    pub iterable_coroutine: std::cell::Cell<bool>,
    /// The positional parameters are slots `0..n` in order and none of them is a cell: a
    /// call's positional arguments can be copied straight into a fresh frame's first slots.
    pub positional_first: bool,
}

/// A `LoadMethod` site's last unbound method of a built-in type, with its kind's tag.
pub type NativeMethodCache = std::cell::Cell<Option<(u8, PyRef)>>;

impl CodeObject {
    /// Makes the constants of `code` and of every code nested in it.
    pub fn load(code: &Rc<Code>) -> Rc<CodeObject> {
        let consts = code.consts.iter().map(constant).collect();
        let name_hashes: Box<[i64]> =
            code.names.iter().map(|n| crate::object::hash::str_hash(n)).collect();
        let name_objects =
            code.names.iter().zip(name_hashes.iter()).map(|(n, h)| rt::intern(n, *h)).collect();
        let hints = || code.names.iter().map(|_| std::cell::Cell::new(0)).collect();
        let children = code.children.iter().map(CodeObject::load).collect();
        Rc::new(CodeObject {
            code: code.clone(),
            consts,
            name_hashes,
            name_objects,
            global_hints: hints(),
            builtin_hints: hints(),
            globals_absent: hints(),
            attr_caches: code.names.iter().map(|_| Default::default()).collect(),
            instance_hints: hints(),
            store_caches: code.names.iter().map(|_| Default::default()).collect(),
            native_methods: code.names.iter().map(|_| Default::default()).collect(),
            children,
            iterable_coroutine: std::cell::Cell::new(false),
            positional_first: code
                .signature
                .positional
                .iter()
                .enumerate()
                .all(|(i, slot)| *slot as usize == i && !code.cell_slots.contains(slot)),
        })
    }
}

impl std::fmt::Debug for CodeObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<code object {}>", self.code.qualname)
    }
}

/// The object of a constant.
pub fn constant(value: &Constant) -> PyRef {
    match value {
        Constant::None => rt::none(),
        Constant::Bool(b) => rt::boolean(*b),
        Constant::Ellipsis => rt::with(|r| r.ellipsis.clone()),
        Constant::Int(IntValue::Small(v)) => rt::int(*v),
        Constant::Int(IntValue::Big(v)) => rt::int(v.clone()),
        Constant::Float(f) => rt::float(*f),
        Constant::Complex { real, imag } => alloc(Kind::Complex(*real, *imag)),
        Constant::Str(s) => rt::str(s.clone()),
        Constant::Bytes(b) => alloc(Kind::Bytes(b.clone())),
    }
}
