//! pyrc: a small Python interpreter built on `rcgc` (reference counting plus
//! CPython's cycle collector).
//!
//! * [`compile`] — the parser front end (source text to a syntax tree, CPython-style
//!   `SyntaxError`s) and scope analysis; it never sees objects.

pub mod attr;
pub mod builtin_methods;
pub mod builtins;
pub mod cli;
pub mod compile;
pub mod complex;
pub mod dict;
pub mod doctest;
pub mod error;
pub mod eval;
pub mod exceptions;
pub mod format;
pub mod frame_object;
pub mod generator;
pub mod genexp;
pub mod import;
pub mod int;
pub mod modules;
pub mod object;
pub mod ops;
pub mod runtime;
pub mod types;
