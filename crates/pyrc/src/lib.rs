//! pyrc: a small Python interpreter built on `rcgc` (reference counting plus
//! CPython's cycle collector).
//!
//! Layers, each allowed to use only the layers listed before it (ARCHITECTURE.md draws them;
//! `tests/layers.rs` checks the `use` lines):
//!
//! * [`compile`] — the parser front end (source text to a syntax tree, CPython-style
//!   `SyntaxError`s) and scope analysis; it never sees objects.
//! * [`object`] — `PyObject` and its kinds, dict/set storage, ints, typed exceptions, runtime
//!   singletons.
//! * [`types`] — the behaviour of the built-in types: attributes, operators, methods.
//! * [`vm`] — the evaluator, frames, generators, import.
//! * [`modules`] — the built-in modules (`builtins`, `gc`, `sys`, `_weakref`, ...).
//! * [`cli`] — the command line, the REPL and the doctest runner.

pub mod cli;
pub mod compile;
pub mod modules;
pub mod object;
pub mod types;
pub mod vm;
