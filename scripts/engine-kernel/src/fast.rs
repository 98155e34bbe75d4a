//! The "fast" variant of both engines: the operators try small ints and floats inline before
//! calling pyrc's generic operation (what a specializing engine's `BINARY_OP_ADD_INT` or an
//! inline cache would do), with the small-int cache and the bools held by the engine instead
//! of fetched through `rt::with` on each result. Both engines call these same functions, so
//! the variant still compares the execution forms only, with less of pyrc's operation cost
//! hiding the difference.
//!
//! Skipped on the fast path: `check_alive` (the `ctypes` force-deallocation check), which a
//! real engine would hoist to one flag test.

use std::rc::Rc;

use pyrc::compile::ast::BinOp;
use pyrc::object::error::Res;
use pyrc::object::int::{small_binary, Int};
use pyrc::object::runtime::{self as rt, SMALL_INT_MAX, SMALL_INT_MIN};
use pyrc::object::{alloc, Kind, PyRef};
use pyrc::types::ops::{self, CompareOp};

pub struct Values {
    small_ints: Box<[PyRef]>,
    true_: PyRef,
    false_: PyRef,
}

impl Values {
    pub fn new() -> Rc<Values> {
        Rc::new(Values {
            small_ints: (SMALL_INT_MIN..=SMALL_INT_MAX).map(rt::int).collect(),
            true_: rt::boolean(true),
            false_: rt::boolean(false),
        })
    }

    #[inline]
    fn int(&self, v: i64) -> PyRef {
        match usize::try_from(v - SMALL_INT_MIN) {
            Ok(i) if i < self.small_ints.len() => self.small_ints[i].clone(),
            _ => alloc(Kind::Int(Int::Small(v))),
        }
    }

    #[inline]
    fn boolean(&self, v: bool) -> PyRef {
        if v {
            self.true_.clone()
        } else {
            self.false_.clone()
        }
    }

    #[inline]
    pub fn binary(&self, op: BinOp, a: &PyRef, b: &PyRef) -> Res<PyRef> {
        match (&a.kind, &b.kind) {
            (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => {
                if let Some(r) = small_binary(op, *x, *y) {
                    return Ok(self.int(r));
                }
            }
            (Kind::Float(x), Kind::Float(y)) => match op {
                BinOp::Add => return Ok(alloc(Kind::Float(x + y))),
                BinOp::Sub => return Ok(alloc(Kind::Float(x - y))),
                BinOp::Mult => return Ok(alloc(Kind::Float(x * y))),
                _ => {}
            },
            _ => {}
        }
        ops::binary_op(op, a, b)
    }

    #[inline]
    pub fn less(&self, a: &PyRef, b: &PyRef) -> Res<PyRef> {
        match (&a.kind, &b.kind) {
            (Kind::Int(Int::Small(x)), Kind::Int(Int::Small(y))) => Ok(self.boolean(x < y)),
            (Kind::Float(x), Kind::Float(y)) => Ok(self.boolean(x < y)),
            _ => ops::compare(a, b, CompareOp::Lt),
        }
    }

    #[inline]
    pub fn truthy(&self, v: &PyRef) -> Res<bool> {
        match &v.kind {
            Kind::Bool(b) => Ok(*b),
            _ => ops::truthy(v),
        }
    }
}
