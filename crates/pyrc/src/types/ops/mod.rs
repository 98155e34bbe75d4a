//! The object protocol: truth, repr/str, hashing, equality and ordering, arithmetic,
//! attributes, items, iteration and calls, dispatching to `__dunder__` methods of classes
//! defined in Python.
//!
//! One file per part of the protocol; this module re-exports them all, so that callers name
//! `ops::call`, `ops::repr`, `ops::binary_op`... without knowing which file holds them.

mod arith;
mod call;
mod compare;
mod containers;
mod convert;
mod repr;
mod set_algebra;
mod storage;
mod text;

pub use arith::*;
pub use call::*;
pub use compare::*;
pub use containers::*;
pub use convert::*;
pub use repr::*;
pub use storage::*;
