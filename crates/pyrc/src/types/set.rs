//! `set` and `frozenset` methods.

use crate::compile::ast::BinOp;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::Args;
use crate::object::runtime::{self as rt, raise, type_error};
use crate::object::{Kind, PyRef};
use crate::types::ops;

pub(crate) fn set_method(name: &str, a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let cell = match &receiver.kind {
        Kind::Set(cell) => Some(cell),
        _ => None,
    };
    let keys = |o: &PyRef| -> Vec<PyRef> {
        match &o.kind {
            Kind::Set(d) => d.borrow().keys(),
            Kind::FrozenSet(d) => d.keys(),
            _ => vec![],
        }
    };
    let mutable = || -> Res<&std::cell::RefCell<crate::object::dict::Dict>> {
        cell.ok_or_else(|| {
            ExcInfo::new(rt::exception(
                ExcKind::AttributeError,
                format!("'frozenset' object has no attribute '{name}'"),
            ))
        })
    };
    match name {
        "add" => {
            a.arity("add", 1, 1)?;
            mutable()?;
            ops::dict_set(&receiver, a.arg(0), rt::none())?;
            Ok(rt::none())
        }
        "discard" | "remove" => {
            a.arity(name, 1, 1)?;
            mutable()?;
            match ops::dict_remove(&receiver, &a.arg(0))? {
                Some(_) => Ok(rt::none()),
                None if name == "discard" => Ok(rt::none()),
                None => Err(ExcInfo::new(rt::exception_of(
                    rt::exception_class(ExcKind::KeyError),
                    vec![a.arg(0)],
                ))),
            }
        }
        "pop" => {
            let entry = mutable()?.borrow_mut().pop_last();
            match entry {
                Some(e) => Ok(e.key),
                None => raise(ExcKind::KeyError, "pop from an empty set"),
            }
        }
        "clear" => {
            let entries = mutable()?.borrow_mut().take_all();
            drop(entries);
            Ok(rt::none())
        }
        "update" => {
            mutable()?;
            for other in &a.positional {
                for item in ops::to_vec(other)? {
                    ops::dict_set(&receiver, item, rt::none())?;
                }
            }
            Ok(rt::none())
        }
        "union" | "intersection" | "difference" => {
            let mut result = ops::set_from(keys(&receiver))?;
            for other in &a.positional {
                let other = ops::set_from(ops::to_vec(other)?)?;
                let op = match name {
                    "union" => BinOp::BitOr,
                    "intersection" => BinOp::BitAnd,
                    _ => BinOp::Sub,
                };
                result = ops::binary_op(op, &result, &other)?;
            }
            Ok(if matches!(receiver.kind, Kind::FrozenSet(_)) {
                ops::freeze_set(&result)
            } else {
                result
            })
        }
        "issubset" | "issuperset" => {
            a.arity(name, 1, 1)?;
            let other = ops::set_from(ops::to_vec(&a.arg(0))?)?;
            let op = if name == "issubset" { ops::CompareOp::Le } else { ops::CompareOp::Ge };
            ops::compare(&receiver, &other, op)
        }
        "isdisjoint" => {
            a.arity("isdisjoint", 1, 1)?;
            for item in ops::to_vec(&a.arg(0))? {
                if ops::contains(&receiver, &item)? {
                    return Ok(rt::boolean(false));
                }
            }
            Ok(rt::boolean(true))
        }
        "copy" => ops::copy_container(&receiver),
        _ => type_error(format!("set has no method {name}")),
    }
}
