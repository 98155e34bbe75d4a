//! The compile layer: source text to pyrc's syntax tree, and the scope analysis of that tree.
//!
//! It never sees objects: nothing here may use another layer of pyrc (`tests/layers.rs`
//! checks the `use` lines). The parser crate (`ruff_python_parser`) is used by [`parse`]
//! alone.
//!
//! * [`parse`] — the parser front end: source text to [`ast`], and CPython-worded
//!   `SyntaxError`s.
//! * [`ast`] — pyrc's own syntax tree, which the evaluator works on.
//! * [`scope`] — symbol analysis: local / cell / free / global for every function, class and
//!   comprehension.
//! * [`codegen`] — the tree and its scopes to [`code`]: instructions, constants, names and
//!   exception tables that the interpreter loop runs.

pub mod ast;
pub mod code;
pub mod codegen;
pub mod parse;
pub mod scope;
pub mod unparse;
