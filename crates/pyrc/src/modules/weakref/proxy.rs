//! `weakref.ProxyType` and `CallableProxyType`: every operation forwarded to the live referent.

use std::rc::Rc;

use crate::compile::ast::BinOp;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops::{self, CompareOp};
use crate::types::{self};

use super::*;

/// The referent of a proxy, or `ReferenceError`.
pub(super) fn unwrap_proxy(object: &PyRef) -> Res<PyRef> {
    referent(object).ok_or_else(reference_error)
}

/// A proxy operand is replaced by its referent (CPython's `UNWRAP`).
pub(super) fn unwrap_operand(object: &PyRef) -> Res<PyRef> {
    match kind_of(object) {
        Some(RefKind::Proxy | RefKind::CallableProxy) => unwrap_proxy(object),
        _ => Ok(object.clone()),
    }
}

/// (dunder, reflected dunder, in-place dunder, operator)
pub(super) const BINARY: &[(&str, &str, &str, BinOp)] = &[
    ("__add__", "__radd__", "__iadd__", BinOp::Add),
    ("__sub__", "__rsub__", "__isub__", BinOp::Sub),
    ("__mul__", "__rmul__", "__imul__", BinOp::Mult),
    ("__matmul__", "__rmatmul__", "__imatmul__", BinOp::MatMult),
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

pub(super) const COMPARE: &[(&str, CompareOp)] = &[
    ("__eq__", CompareOp::Eq),
    ("__ne__", CompareOp::Ne),
    ("__lt__", CompareOp::Lt),
    ("__le__", CompareOp::Le),
    ("__gt__", CompareOp::Gt),
    ("__ge__", CompareOp::Ge),
];

/// Other special methods forwarded by proxies.
pub(super) const PROXY_METHODS: &[&str] = &[
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
    "__next__",
    "__bytes__",
    "__reversed__",
];

pub(super) fn argument(a: &Args, index: usize) -> Res<PyRef> {
    match a.positional.get(index) {
        Some(value) => Ok(value.clone()),
        None => type_error(format!(
            "{}() takes exactly {index} argument ({} given)",
            a.name,
            a.positional.len().saturating_sub(1)
        )),
    }
}

pub(super) fn name_argument(a: &Args) -> Res<Rc<str>> {
    let name = argument(a, 1)?;
    match crate::object::str_text(&name) {
        Some(s) => Ok(Rc::from(s)),
        None => {
            type_error(format!("attribute name must be string, not '{}'", types::type_name(&name)))
        }
    }
}

pub(super) fn call_builtin(name: &str, args: Vec<PyRef>) -> Res<PyRef> {
    let builtins = rt::with(|r| r.builtins.clone());
    match rt::dict_get_str(&builtins, name) {
        Some(function) => ops::call(&function, args, vec![]),
        None => rt::raise(ExcKind::NameError, format!("name '{name}' is not defined")),
    }
}

pub(super) fn proxy_method(a: Args) -> Res<PyRef> {
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
        "__getattr__" => crate::types::attr::getattr(&target, &name_argument(&a)?),
        "__setattr__" => {
            let value = argument(&a, 2)?;
            crate::types::attr::setattr(&target, &name_argument(&a)?, value)?;
            Ok(rt::none())
        }
        "__delattr__" => {
            crate::types::attr::delattr(&target, &name_argument(&a)?)?;
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
        "__next__" => {
            let is_iterator = match &target.kind {
                Kind::Iterator(_) | Kind::File(_) => true,
                Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
                    ops::lookup_special_name(&target, crate::object::hash::name!("__next__"))
                        .is_some()
                }
                _ => false,
            };
            if !is_iterator {
                return type_error(format!(
                    "Weakref proxy referenced a non-iterator '{}' object",
                    types::type_name(&target)
                ));
            }
            match ops::next(&target)? {
                Some(item) => Ok(item),
                None => Err(ExcInfo::new(rt::exception_of(
                    rt::exception_class(ExcKind::StopIteration),
                    vec![],
                ))),
            }
        }
        "__bytes__" | "__reversed__" => {
            let method = crate::types::attr::getattr(&target, name)?;
            ops::call(&method, vec![], vec![])
        }
        _ => type_error(format!("unsupported proxy method {name}")),
    }
}

pub(super) fn proxy_call(a: Args) -> Res<PyRef> {
    let this = receiver(&a)?;
    let target = unwrap_proxy(&this)?;
    ops::call(&target, a.positional[1..].to_vec(), a.keywords)
}

pub(super) fn proxy_repr(a: Args) -> Res<PyRef> {
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
