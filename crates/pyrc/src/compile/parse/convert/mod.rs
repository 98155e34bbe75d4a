//! Conversion of the parser's tree to pyrc's AST, with the checks CPython
//! makes at compile time (symbol table and code generator) rather than in
//! its parser.

use std::collections::HashSet;
use std::rc::Rc;

use num_bigint::BigInt;
use ruff_python_ast::{self as rast};
use ruff_text_size::{TextRange, TextSize};

use super::errors::RawError;
use super::{LineIndex, SyntaxErrorKind, MAX_DEPTH};
use crate::compile::ast::{self, Expr, Location, Stmt};

mod expr;
mod stmt;

type R<T> = Result<T, RawError>;

const RED_ZONE: usize = 64 * 1024;
const STACK_SIZE: usize = 1024 * 1024;

/// `from __future__ import` features known to Python 3.11.
const FUTURE_FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Class,
    /// A `def` or a `lambda`.
    Function,
    /// A comprehension or generator expression; the text names it for
    /// "'yield' inside list comprehension".
    Comprehension(&'static str),
}

struct Scope {
    kind: ScopeKind,
    /// The parameter names of a function scope.
    params: HashSet<Rc<str>>,
    /// Number of loops around the current statement within this scope.
    loops: u32,
    /// A `yield` was seen directly in this scope.
    is_generator: bool,
    /// An `async def` (await allowed).
    is_async: bool,
    /// An `await` (or an async comprehension awaited here) was seen directly in this scope.
    awaits: bool,
    /// The first `return value` directly in this scope (an error in an async generator).
    return_value: Option<TextRange>,
}

impl Scope {
    fn new(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            params: HashSet::new(),
            loops: 0,
            is_generator: false,
            is_async: false,
            awaits: false,
            return_value: None,
        }
    }
}

/// Converts one parse's tree.
pub(super) struct Converter<'a> {
    /// The text the parser saw.
    source: &'a str,
    /// Where `source` starts in the text `index` covers.
    shift: u32,
    index: &'a LineIndex<'a>,
    names: HashSet<Rc<str>>,
    depth: u32,
    scopes: Vec<Scope>,
    /// Whether a `from __future__ import` is allowed at the statement being
    /// converted (only among the first top-level statements).
    future_allowed: bool,
    /// Nesting of f-string replacement fields (CPython 3.11 allows two).
    fstring_depth: u32,
}

impl<'a> Converter<'a> {
    pub(super) fn new(source: &'a str, shift: u32, index: &'a LineIndex<'a>) -> Self {
        Converter {
            source,
            shift,
            index,
            names: HashSet::new(),
            depth: 0,
            scopes: vec![Scope::new(ScopeKind::Module)],
            future_allowed: false,
            fstring_depth: 0,
        }
    }

    /// Converts a module body.
    pub(super) fn module(mut self, body: &[rast::Stmt]) -> R<ast::Module> {
        let mut converted = Vec::with_capacity(body.len());
        let mut future_allowed = true;
        for (i, stmt) in body.iter().enumerate() {
            let is_docstring = i == 0
                && matches!(stmt, rast::Stmt::Expr(e) if matches!(*e.value, rast::Expr::StringLiteral(_)));
            let is_future = is_future_import(stmt);
            if !is_docstring && !is_future {
                future_allowed = false;
            }
            self.future_allowed = future_allowed;
            converted.push(self.stmt(stmt)?);
        }
        Ok(ast::Module { body: converted })
    }

    /// Converts the body of an `eval` input.
    pub(super) fn expression(mut self, expr: &rast::Expr) -> R<Expr> {
        self.expr(expr)
    }

    // ----- helpers -------------------------------------------------------

    fn loc(&self, range: TextRange) -> Location {
        self.index.location(range + TextSize::new(self.shift))
    }

    fn err(&self, message: impl Into<String>, range: TextRange) -> RawError {
        RawError::syntax(message, range).shifted(self.shift)
    }

    fn name(&mut self, s: &str) -> Rc<str> {
        if let Some(name) = self.names.get(s) {
            return name.clone();
        }
        let name: Rc<str> = Rc::from(s);
        self.names.insert(name.clone());
        name
    }

    fn scope(&mut self) -> &mut Scope {
        self.scopes.last_mut().expect("module scope")
    }

    fn scope_kind(&self) -> ScopeKind {
        self.scopes.last().expect("module scope").kind
    }

    /// Runs `f` one nesting level deeper, failing past [`MAX_DEPTH`] and
    /// growing the stack when needed.
    fn nested<T>(&mut self, range: TextRange, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(RawError::new(
                SyntaxErrorKind::TooDeep,
                "maximum recursion depth exceeded during compilation",
                range,
            )
            .shifted(self.shift))
        } else {
            stacker::maybe_grow(RED_ZONE, STACK_SIZE, || f(self))
        };
        self.depth -= 1;
        result
    }

    /// Runs `f` in a new scope and returns its result and what was seen in the scope.
    fn in_scope<T>(&mut self, kind: ScopeKind, f: impl FnOnce(&mut Self) -> R<T>) -> R<(T, Scope)> {
        self.scopes.push(Scope::new(kind));
        let result = f(self);
        let scope = self.scopes.pop().expect("pushed scope");
        Ok((result?, scope))
    }

    /// Whether the innermost scope is an `async def`'s.
    fn in_async_function(&self) -> bool {
        let scope = self.scopes.last().expect("module scope");
        scope.kind == ScopeKind::Function && scope.is_async
    }

    // ----- statements ----------------------------------------------------

    fn body(&mut self, stmts: &[rast::Stmt]) -> R<Vec<Stmt>> {
        let saved = std::mem::replace(&mut self.future_allowed, false);
        let result = stmts.iter().map(|s| self.stmt(s)).collect();
        self.future_allowed = saved;
        result
    }

    fn loop_body(&mut self, stmts: &[rast::Stmt]) -> R<Vec<Stmt>> {
        self.scope().loops += 1;
        let result = self.body(stmts);
        self.scope().loops -= 1;
        result
    }
}

fn is_future_import(stmt: &rast::Stmt) -> bool {
    matches!(stmt, rast::Stmt::ImportFrom(i)
        if i.level == 0 && i.module.as_ref().is_some_and(|m| m.as_str() == "__future__"))
}

/// Appends literal text, merging it with a preceding literal.
fn push_literal(parts: &mut Vec<ast::FStringPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(ast::FStringPart::Literal(last)) = parts.last_mut() {
        let mut joined = String::with_capacity(last.len() + text.len());
        joined.push_str(last);
        joined.push_str(text);
        *last = joined.into();
    } else {
        parts.push(ast::FStringPart::Literal(text.into()));
    }
}

/// The value of an integer literal's source text (`1_000`, `0xFF`, `0o7`,
/// `0b1`, arbitrarily large).
pub(super) fn parse_int(text: &str) -> Option<ast::IntValue> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let (radix, digits) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, &lower[..]),
    };
    if digits.is_empty() {
        return None;
    }
    if let Ok(v) = i64::from_str_radix(digits, radix) {
        return Some(ast::IntValue::Small(v));
    }
    BigInt::parse_bytes(digits.as_bytes(), radix).map(ast::IntValue::Big)
}

fn bin_op(op: rast::Operator) -> ast::BinOp {
    use rast::Operator as O;
    match op {
        O::Add => ast::BinOp::Add,
        O::Sub => ast::BinOp::Sub,
        O::Mult => ast::BinOp::Mult,
        O::MatMult => ast::BinOp::MatMult,
        O::Div => ast::BinOp::Div,
        O::Mod => ast::BinOp::Mod,
        O::Pow => ast::BinOp::Pow,
        O::LShift => ast::BinOp::LShift,
        O::RShift => ast::BinOp::RShift,
        O::BitOr => ast::BinOp::BitOr,
        O::BitXor => ast::BinOp::BitXor,
        O::BitAnd => ast::BinOp::BitAnd,
        O::FloorDiv => ast::BinOp::FloorDiv,
    }
}

fn cmp_op(op: rast::CmpOp) -> ast::CmpOp {
    use rast::CmpOp as C;
    match op {
        C::Eq => ast::CmpOp::Eq,
        C::NotEq => ast::CmpOp::NotEq,
        C::Lt => ast::CmpOp::Lt,
        C::LtE => ast::CmpOp::LtE,
        C::Gt => ast::CmpOp::Gt,
        C::GtE => ast::CmpOp::GtE,
        C::Is => ast::CmpOp::Is,
        C::IsNot => ast::CmpOp::IsNot,
        C::In => ast::CmpOp::In,
        C::NotIn => ast::CmpOp::NotIn,
    }
}
