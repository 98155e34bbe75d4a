//! Finding and naming the expression an error points at (CPython's "cannot assign to ...").

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as rast};
use ruff_python_parser::Parsed;
use ruff_text_size::{Ranged, TextRange, TextSize};

/// CPython's name for an expression in "cannot assign to %s" messages.
pub(super) fn expr_name(e: &rast::Expr) -> &'static str {
    use rast::Expr as E;
    match e {
        E::Attribute(_) => "attribute",
        E::Subscript(_) => "subscript",
        E::Starred(_) => "starred",
        E::Name(_) => "name",
        E::List(_) => "list",
        E::Tuple(_) => "tuple",
        E::Lambda(_) => "lambda",
        E::Call(_) => "function call",
        E::BoolOp(_) | E::BinOp(_) | E::UnaryOp(_) => "expression",
        E::Generator(_) => "generator expression",
        E::Yield(_) | E::YieldFrom(_) => "yield expression",
        E::Await(_) => "await expression",
        E::ListComp(_) => "list comprehension",
        E::SetComp(_) => "set comprehension",
        E::DictComp(_) => "dict comprehension",
        E::Dict(_) => "dict literal",
        E::Set(_) => "set display",
        E::FString(_) | E::TString(_) => "f-string expression",
        E::NoneLiteral(_) => "None",
        E::BooleanLiteral(b) if b.value => "True",
        E::BooleanLiteral(_) => "False",
        E::EllipsisLiteral(_) => "ellipsis",
        E::StringLiteral(_) | E::BytesLiteral(_) | E::NumberLiteral(_) => "literal",
        E::Compare(_) => "comparison",
        E::If(_) => "conditional expression",
        E::Named(_) => "named expression",
        E::Slice(_) | E::IpyEscapeCommand(_) => "expression",
    }
}

/// Finds the expression with exactly `range`, and whether it is a whole
/// target of an assignment statement.
pub(super) fn find_expr(
    parsed: &Parsed<rast::Mod>,
    range: TextRange,
) -> Option<(&rast::Expr, bool)> {
    struct Finder<'a> {
        range: TextRange,
        found: Option<(&'a rast::Expr, bool)>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn visit_stmt(&mut self, stmt: &'a rast::Stmt) {
            if self.found.is_some() || !stmt.range().contains_range(self.range) {
                return;
            }
            if let rast::Stmt::Assign(assign) = stmt {
                if let Some(t) = assign.targets.iter().find(|t| t.range() == self.range) {
                    self.found = Some((t, true));
                    return;
                }
            }
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_stmt(self, stmt));
        }
        fn visit_expr(&mut self, expr: &'a rast::Expr) {
            if self.found.is_some() || !expr.range().contains_range(self.range) {
                return;
            }
            if expr.range() == self.range {
                self.found = Some((expr, false));
                return;
            }
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_expr(self, expr));
        }
    }
    let mut finder = Finder { range, found: None };
    match parsed.syntax() {
        rast::Mod::Module(m) => finder.visit_body(&m.body),
        rast::Mod::Expression(e) => finder.visit_expr(&e.body),
    }
    finder.found
}

/// The range of the innermost conditional expression that contains or ends
/// at `offset`.
pub(super) fn innermost_if_expr(parsed: &Parsed<rast::Mod>, offset: TextSize) -> Option<TextRange> {
    struct Finder {
        offset: TextSize,
        found: Option<TextRange>,
    }
    impl<'a> Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a rast::Expr) {
            let r = expr.range();
            if !(r.start() <= self.offset && self.offset <= r.end()) {
                return;
            }
            if let rast::Expr::If(i) = expr {
                // Without its `else`, the expression is `body if test`.
                let end = if i.orelse.range().is_empty() { i.test.range().end() } else { r.end() };
                self.found = Some(TextRange::new(r.start(), end));
            }
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_expr(self, expr));
        }
        fn visit_stmt(&mut self, stmt: &'a rast::Stmt) {
            let r = stmt.range();
            if r.start() <= self.offset && self.offset <= r.end() {
                stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_stmt(self, stmt));
            }
        }
    }
    let mut finder = Finder { offset, found: None };
    match parsed.syntax() {
        rast::Mod::Module(m) => finder.visit_body(&m.body),
        rast::Mod::Expression(e) => finder.visit_expr(&e.body),
    }
    finder.found
}

/// Whether CPython's `invalid_named_expression` rule would fire for this
/// target, adding "here. Maybe you meant '==' instead of '='?".
pub(super) fn is_bitwise_or_like(e: &rast::Expr) -> bool {
    use rast::Expr as E;
    !matches!(
        e,
        E::List(_)
            | E::Tuple(_)
            | E::Generator(_)
            | E::Compare(_)
            | E::BoolOp(_)
            | E::If(_)
            | E::Lambda(_)
            | E::Named(_)
            | E::Starred(_)
            | E::Yield(_)
            | E::YieldFrom(_)
    ) && !matches!(e, E::UnaryOp(u) if u.op == rast::UnaryOp::Not)
}
