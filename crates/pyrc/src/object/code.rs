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
    pub children: Box<[Rc<CodeObject>]>,
}

impl CodeObject {
    /// Makes the constants of `code` and of every code nested in it.
    pub fn load(code: &Rc<Code>) -> Rc<CodeObject> {
        let consts = code.consts.iter().map(constant).collect();
        let name_hashes = code.names.iter().map(|n| crate::object::hash::str_hash(n)).collect();
        let children = code.children.iter().map(CodeObject::load).collect();
        Rc::new(CodeObject { code: code.clone(), consts, name_hashes, children })
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
