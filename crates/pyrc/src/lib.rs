//! pyrc: a small Python interpreter built on `rcgc` (reference counting plus
//! CPython's cycle collector).
//!
//! * [`parse`] — the parser front end: source text to [`ast`], and CPython
//!   style `SyntaxError`s. It is the only module that depends on the parser
//!   crate.
//! * [`ast`] — pyrc's own syntax tree, which the evaluator works on.

pub mod ast;
pub mod attr;
pub mod builtin_methods;
pub mod builtins;
pub mod cli;
pub mod complex;
pub mod ctypes;
pub mod dict;
pub mod doctest;
pub mod error;
pub mod eval;
pub mod format;
pub mod frame_object;
pub mod generator;
pub mod genexp;
pub mod import;
pub mod int;
pub mod modules;
pub mod object;
pub mod ops;
pub mod parse;
pub mod runtime;
pub mod scope;
pub mod types;
pub mod weakref;
