//! An expression back to source text, as CPython's `Python/ast_unparse.c` writes it for
//! `from __future__ import annotations` (PEP 563): the annotation `Tree | None` is kept as the
//! str `'Tree | None'`, with CPython's spacing, parentheses only where precedence needs them
//! and constants as their reprs.
//!
//! Covered: names, attributes, subscripts and slices, constants, calls, displays (tuple, list,
//! set, dict), starred items, and every operator (binary, unary, boolean, comparison,
//! conditional). Lambdas, comprehensions, f-strings, `yield` and `:=`, which annotations
//! hardly ever hold, are written as `...`.

use crate::compile::ast::{BinOp, BoolOp, CmpOp, Constant, Expr, IntValue, UnaryOp};

// CPython's precedence levels (`ast_unparse.c`), lowest first.
const TUPLE: u8 = 0;
const TEST: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const NOT: u8 = 4;
const CMP: u8 = 5;
const BOR: u8 = 6;
const BXOR: u8 = 7;
const BAND: u8 = 8;
const SHIFT: u8 = 9;
const ARITH: u8 = 10;
const TERM: u8 = 11;
const FACTOR: u8 = 12;
const POWER: u8 = 13;
const ATOM: u8 = 15;

/// The source text of `expr` as an annotation (`_PyAST_ExprAsUnicode`).
///
/// ```
/// use pyrc::compile::parse::parse_expression;
/// use pyrc::compile::unparse::unparse;
/// let expr = parse_expression("dict[str,  list[ int ]]|None", "<doc>").unwrap();
/// assert_eq!(unparse(&expr), "dict[str, list[int]] | None");
/// ```
pub fn unparse(expr: &Expr) -> String {
    let mut out = String::new();
    write(&mut out, expr, TEST);
    out
}

fn binary_precedence(op: BinOp) -> u8 {
    match op {
        BinOp::BitOr => BOR,
        BinOp::BitXor => BXOR,
        BinOp::BitAnd => BAND,
        BinOp::LShift | BinOp::RShift => SHIFT,
        BinOp::Add | BinOp::Sub => ARITH,
        BinOp::Mult | BinOp::MatMult | BinOp::Div | BinOp::FloorDiv | BinOp::Mod => TERM,
        BinOp::Pow => POWER,
    }
}

fn parenthesized(out: &mut String, needed: bool, body: impl FnOnce(&mut String)) {
    if needed {
        out.push('(');
    }
    body(out);
    if needed {
        out.push(')');
    }
}

fn write_all(out: &mut String, items: &[Expr], level: u8) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(out, item, level);
    }
}

fn write(out: &mut String, expr: &Expr, level: u8) {
    match expr {
        Expr::Name { id, .. } => out.push_str(id),
        Expr::Constant { value, .. } => constant(out, value),
        Expr::Attribute { value, attr, .. } => {
            write(out, value, ATOM);
            out.push('.');
            out.push_str(attr);
        }
        Expr::Subscript { value, index, .. } => {
            write(out, value, ATOM);
            out.push('[');
            match &**index {
                // `a[i, j]`: the tuple without parentheses (`a[i,]` for one item).
                Expr::Tuple { elts, .. } if !elts.is_empty() => {
                    write_all(out, elts, TEST);
                    if elts.len() == 1 {
                        out.push(',');
                    }
                }
                index => write(out, index, TUPLE),
            }
            out.push(']');
        }
        Expr::Slice { lower, upper, step, .. } => {
            if let Some(lower) = lower {
                write(out, lower, TEST);
            }
            out.push(':');
            if let Some(upper) = upper {
                write(out, upper, TEST);
            }
            if let Some(step) = step {
                out.push(':');
                write(out, step, TEST);
            }
        }
        Expr::Tuple { elts, .. } => {
            if elts.is_empty() {
                out.push_str("()");
                return;
            }
            parenthesized(out, level > TUPLE, |out| {
                write_all(out, elts, TEST);
                if elts.len() == 1 {
                    out.push(',');
                }
            });
        }
        Expr::List { elts, .. } => {
            out.push('[');
            write_all(out, elts, TEST);
            out.push(']');
        }
        Expr::Set { elts, .. } => {
            out.push('{');
            write_all(out, elts, TEST);
            out.push('}');
        }
        Expr::Dict { items, .. } => {
            out.push('{');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match &item.key {
                    Some(key) => {
                        write(out, key, TEST);
                        out.push_str(": ");
                        write(out, &item.value, TEST);
                    }
                    None => {
                        out.push_str("**");
                        write(out, &item.value, BOR);
                    }
                }
            }
            out.push('}');
        }
        Expr::Starred { value, .. } => {
            out.push('*');
            write(out, value, BOR);
        }
        Expr::Call { func, args, keywords, .. } => {
            write(out, func, ATOM);
            out.push('(');
            write_all(out, args, TEST);
            for (i, keyword) in keywords.iter().enumerate() {
                if i > 0 || !args.is_empty() {
                    out.push_str(", ");
                }
                match &keyword.arg {
                    Some(name) => {
                        out.push_str(name);
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                write(out, &keyword.value, TEST);
            }
            out.push(')');
        }
        Expr::BinOp { left, op, right, .. } => {
            let precedence = binary_precedence(*op);
            let right_assoc = u8::from(*op == BinOp::Pow);
            parenthesized(out, level > precedence, |out| {
                write(out, left, precedence + right_assoc);
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                write(out, right, precedence + 1 - right_assoc);
            });
        }
        Expr::UnaryOp { op, operand, .. } => {
            let (text, precedence) = match op {
                UnaryOp::Not => ("not ", NOT),
                UnaryOp::Invert => ("~", FACTOR),
                UnaryOp::USub => ("-", FACTOR),
                UnaryOp::UAdd => ("+", FACTOR),
            };
            parenthesized(out, level > precedence, |out| {
                out.push_str(text);
                write(out, operand, precedence);
            });
        }
        Expr::BoolOp { op, values, .. } => {
            let (text, precedence) = match op {
                BoolOp::And => (" and ", AND),
                BoolOp::Or => (" or ", OR),
            };
            parenthesized(out, level > precedence, |out| {
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(text);
                    }
                    write(out, value, precedence + 1);
                }
            });
        }
        Expr::Compare { left, ops, comparators, .. } => {
            parenthesized(out, level > CMP, |out| {
                write(out, left, CMP + 1);
                for (op, right) in ops.iter().zip(comparators) {
                    out.push(' ');
                    out.push_str(compare_text(*op));
                    out.push(' ');
                    write(out, right, CMP + 1);
                }
            });
        }
        Expr::IfExp { test, body, orelse, .. } => {
            parenthesized(out, level > TEST, |out| {
                write(out, body, TEST + 1);
                out.push_str(" if ");
                write(out, test, TEST + 1);
                out.push_str(" else ");
                write(out, orelse, TEST);
            });
        }
        _ => out.push_str("..."),
    }
}

fn compare_text(op: CmpOp) -> &'static str {
    match op {
        CmpOp::In => "in",
        CmpOp::NotIn => "not in",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is not",
        other => other.as_str(),
    }
}

fn constant(out: &mut String, value: &Constant) {
    match value {
        Constant::None => out.push_str("None"),
        Constant::Bool(true) => out.push_str("True"),
        Constant::Bool(false) => out.push_str("False"),
        Constant::Ellipsis => out.push_str("..."),
        Constant::Str(text) => out.push_str(&str_repr(text)),
        other => out.push_str(&format!("{}", ConstantText(other))),
    }
}

/// `repr(text)` as CPython writes a str: single quotes unless the text holds a single quote
/// and no double quote; backslashes, the quote and control characters escaped. The one
/// implementation (`types::ops::str_repr` is this).
///
/// ```
/// assert_eq!(pyrc::compile::unparse::str_repr("it's"), "\"it's\"");
/// ```
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Numbers and bytes through the AST's own display of constants.
struct ConstantText<'a>(&'a Constant);

impl std::fmt::Display for ConstantText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Constant::Int(IntValue::Small(value)) => write!(f, "{value}"),
            Constant::Int(IntValue::Big(value)) => write!(f, "{value}"),
            Constant::Float(value) if value.is_infinite() => write!(f, "1e309"),
            Constant::Float(value) => write!(f, "{value:?}"),
            Constant::Complex { imag, .. } => write!(f, "{imag:?}j"),
            _ => write!(f, "..."),
        }
    }
}
