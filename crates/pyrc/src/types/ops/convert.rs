//! Conversions to Rust numbers (`__index__`, `__int__`, `__float__`).

use num_bigint::BigInt;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{raise, type_error};
use crate::object::{builtin_base, Kind, PyRef};
use crate::types;

use super::*;

/// An index argument (`int` or `bool`), as i64.
pub fn to_index(object: &PyRef) -> Res<i64> {
    match &object.kind {
        Kind::Int(i) => i.to_i64().map_or_else(
            || raise(ExcKind::IndexError, "cannot fit 'int' into an index-sized integer"),
            Ok,
        ),
        Kind::Bool(b) => Ok(*b as i64),
        _ => {
            if let Some(result) =
                call_special_name(object, crate::object::hash::name!("__index__"), vec![])?
            {
                return to_index(&result);
            }
            if let Some(base) = builtin_base(object).filter(|b| to_bigint(b).is_some()) {
                return to_index(&base);
            }
            type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                types::type_name(object)
            ))
        }
    }
}

pub fn to_bigint(object: &PyRef) -> Option<BigInt> {
    match &object.kind {
        Kind::Int(i) => Some(i.to_big()),
        Kind::Bool(b) => Some(BigInt::from(*b as i64)),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_) => {
            to_bigint(&builtin_base(object)?)
        }
        _ => None,
    }
}

pub fn to_f64(object: &PyRef) -> Res<f64> {
    match &object.kind {
        Kind::Float(f) => Ok(*f),
        Kind::Int(i) => int_to_f64(&i.as_big()),
        Kind::Bool(b) => Ok(*b as i64 as f64),
        Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)
            if builtin_base(object).is_some_and(|b| as_number(&b).is_some()) =>
        {
            to_f64(&builtin_base(object).expect("checked"))
        }
        _ => type_error(format!("must be real number, not {}", types::type_name(object))),
    }
}
