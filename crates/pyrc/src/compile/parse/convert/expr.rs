//! Expressions, assignment targets, comprehensions and f-strings.

use std::rc::Rc;

use ruff_python_ast::{self as rast};
use ruff_text_size::{Ranged, TextRange};

use crate::compile::ast::{self, Expr, Location, Stmt};

use super::*;

impl Converter<'_> {
    /// An assignment target (`=`, augmented, annotated, `for`, `with ... as`,
    /// comprehension `for`).
    pub(super) fn target(&mut self, e: &rast::Expr) -> R<Expr> {
        if let rast::Expr::Starred(s) = e {
            return Err(self.err("starred assignment target must be in a list or tuple", s.range));
        }
        self.target_inner(e)
    }

    pub(super) fn target_inner(&mut self, e: &rast::Expr) -> R<Expr> {
        use rast::Expr as E;
        match e {
            E::Name(_) | E::Attribute(_) | E::Subscript(_) => self.expr(e),
            E::Tuple(rast::ExprTuple { elts, range, .. })
            | E::List(rast::ExprList { elts, range, .. }) => self.nested(*range, |c| {
                if elts.iter().filter(|x| x.is_starred_expr()).count() > 1 {
                    return Err(c.err("multiple starred expressions in assignment", *range));
                }
                let elts = elts
                    .iter()
                    .map(|x| match x {
                        E::Starred(s) => c.nested(s.range, |c| {
                            Ok(Expr::Starred {
                                value: Box::new(c.target_inner(&s.value)?),
                                location: c.loc(s.range),
                            })
                        }),
                        _ => c.target_inner(x),
                    })
                    .collect::<R<_>>()?;
                let location = c.loc(*range);
                Ok(if e.is_tuple_expr() {
                    Expr::Tuple { elts, location }
                } else {
                    Expr::List { elts, location }
                })
            }),
            _ => Err(self.err("invalid syntax", e.range())),
        }
    }

    pub(super) fn del_target(&mut self, e: &rast::Expr) -> R<Expr> {
        use rast::Expr as E;
        match e {
            E::Name(_) | E::Attribute(_) | E::Subscript(_) => self.expr(e),
            E::Tuple(rast::ExprTuple { elts, range, .. })
            | E::List(rast::ExprList { elts, range, .. }) => self.nested(*range, |c| {
                let elts = elts.iter().map(|x| c.del_target(x)).collect::<R<_>>()?;
                let location = c.loc(*range);
                Ok(if e.is_tuple_expr() {
                    Expr::Tuple { elts, location }
                } else {
                    Expr::List { elts, location }
                })
            }),
            _ => Err(self.err("invalid syntax", e.range())),
        }
    }

    // ----- expressions ---------------------------------------------------

    pub(super) fn opt_expr(&mut self, e: Option<&rast::Expr>) -> R<Option<Expr>> {
        e.map(|e| self.expr(e)).transpose()
    }

    pub(super) fn boxed(&mut self, e: &rast::Expr) -> R<Box<Expr>> {
        Ok(Box::new(self.expr(e)?))
    }

    pub(super) fn opt_boxed(&mut self, e: Option<&rast::Expr>) -> R<Option<Box<Expr>>> {
        Ok(self.opt_expr(e)?.map(Box::new))
    }

    /// An element of a display or a positional argument: may be `*x`.
    pub(super) fn element(&mut self, e: &rast::Expr) -> R<Expr> {
        match e {
            rast::Expr::Starred(s) => self.nested(s.range, |c| {
                Ok(Expr::Starred { value: c.boxed(&s.value)?, location: c.loc(s.range) })
            }),
            _ => self.expr(e),
        }
    }

    pub(super) fn elements(&mut self, elts: &[rast::Expr]) -> R<Vec<Expr>> {
        elts.iter().map(|e| self.element(e)).collect()
    }

    pub(super) fn expr(&mut self, e: &rast::Expr) -> R<Expr> {
        self.nested(e.range(), |c| c.expr_inner(e))
    }

    pub(super) fn expr_inner(&mut self, e: &rast::Expr) -> R<Expr> {
        use rast::Expr as E;
        let location = self.loc(e.range());
        Ok(match e {
            E::BoolOp(b) => Expr::BoolOp {
                op: match b.op {
                    rast::BoolOp::And => ast::BoolOp::And,
                    rast::BoolOp::Or => ast::BoolOp::Or,
                },
                values: b.values.iter().map(|v| self.expr(v)).collect::<R<_>>()?,
                location,
            },
            E::Named(n) => {
                let rast::Expr::Name(target) = &*n.target else {
                    return Err(self.err("invalid syntax", n.target.range()));
                };
                Expr::NamedExpr {
                    target: self.name(target.id.as_str()),
                    value: self.boxed(&n.value)?,
                    location,
                }
            }
            E::BinOp(b) => Expr::BinOp {
                left: self.boxed(&b.left)?,
                op: bin_op(b.op),
                right: self.boxed(&b.right)?,
                location,
            },
            E::UnaryOp(u) => Expr::UnaryOp {
                op: match u.op {
                    rast::UnaryOp::Not => ast::UnaryOp::Not,
                    rast::UnaryOp::Invert => ast::UnaryOp::Invert,
                    rast::UnaryOp::UAdd => ast::UnaryOp::UAdd,
                    rast::UnaryOp::USub => ast::UnaryOp::USub,
                },
                operand: self.boxed(&u.operand)?,
                location,
            },
            E::Lambda(l) => {
                let params = match &l.parameters {
                    Some(p) => self.parameters(p)?,
                    None => ast::Parameters::default(),
                };
                let (body, scope) = self.in_scope(ScopeKind::Function, |c| c.expr(&l.body))?;
                let is_generator = scope.is_generator;
                let body_location = body.location();
                let func = ast::FunctionDef {
                    name: self.name("<lambda>"),
                    params,
                    body: vec![Stmt::Return { value: Some(body), location: body_location }],
                    decorators: Vec::new(),
                    returns: None,
                    is_generator,
                    is_async: false,
                    is_lambda: true,
                    location,
                };
                Expr::Lambda { func: Rc::new(func), location }
            }
            E::If(i) => {
                // Converted in source order: `body if test else orelse`.
                let body = self.boxed(&i.body)?;
                let test = self.boxed(&i.test)?;
                Expr::IfExp { test, body, orelse: self.boxed(&i.orelse)?, location }
            }
            E::Dict(d) => Expr::Dict {
                items: d
                    .items
                    .iter()
                    .map(|item| {
                        Ok(ast::DictItem {
                            key: self.opt_expr(item.key.as_ref())?,
                            value: self.expr(&item.value)?,
                        })
                    })
                    .collect::<R<_>>()?,
                location,
            },
            E::Set(s) => Expr::Set { elts: self.elements(&s.elts)?, location },
            E::ListComp(lc) => {
                let (generators, elt, is_async) =
                    self.comprehension("list comprehension", lc.range, &lc.generators, |c| {
                        c.boxed(&lc.elt)
                    })?;
                Expr::ListComp { elt, generators, is_async, location }
            }
            E::SetComp(sc) => {
                let (generators, elt, is_async) =
                    self.comprehension("set comprehension", sc.range, &sc.generators, |c| {
                        c.boxed(&sc.elt)
                    })?;
                Expr::SetComp { elt, generators, is_async, location }
            }
            E::DictComp(dc) => {
                let Some(key) = &dc.key else {
                    return Err(
                        self.err("dict unpacking cannot be used in dict comprehension", dc.range)
                    );
                };
                let (generators, (key, value), is_async) =
                    self.comprehension("dict comprehension", dc.range, &dc.generators, |c| {
                        Ok((c.boxed(key)?, c.boxed(&dc.value)?))
                    })?;
                Expr::DictComp { key, value, generators, is_async, location }
            }
            E::Generator(g) => {
                let (generators, elt, is_async) =
                    self.comprehension("generator expression", g.range, &g.generators, |c| {
                        c.boxed(&g.elt)
                    })?;
                Expr::GeneratorExp { elt, generators, is_async, location }
            }
            E::Await(a) => {
                match self.scope_kind() {
                    ScopeKind::Function if self.in_async_function() => {}
                    ScopeKind::Comprehension(_) => {}
                    ScopeKind::Function => {
                        return Err(self.err("'await' outside async function", a.range))
                    }
                    ScopeKind::Module | ScopeKind::Class => {
                        return Err(self.err("'await' outside function", a.range))
                    }
                }
                self.scope().awaits = true;
                Expr::Await { value: self.boxed(&a.value)?, location }
            }
            E::Yield(y) => {
                self.check_yield(y.range)?;
                Expr::Yield { value: self.opt_boxed(y.value.as_deref())?, location }
            }
            E::YieldFrom(y) => {
                self.check_yield(y.range)?;
                if self.in_async_function() {
                    return Err(self.err("'yield from' inside async function", y.range));
                }
                Expr::YieldFrom { value: self.boxed(&y.value)?, location }
            }
            E::Compare(cmp) => Expr::Compare {
                left: self.boxed(&cmp.left)?,
                ops: cmp.ops.iter().map(|&op| cmp_op(op)).collect(),
                comparators: cmp.comparators.iter().map(|x| self.expr(x)).collect::<R<_>>()?,
                location,
            },
            E::Call(call) => {
                let func = self.boxed(&call.func)?;
                let args = self.elements(&call.arguments.args)?;
                let keywords = self.keywords(&call.arguments.keywords)?;
                Expr::Call { func, args, keywords, location }
            }
            E::FString(f) => self.fstring(f, location)?,
            E::TString(t) => return Err(self.err("invalid syntax", t.range)),
            E::StringLiteral(s) => {
                let value: Rc<str> = match s.value.as_slice() {
                    [single] => Rc::from(&*single.value),
                    parts => Rc::from(parts.iter().map(|p| &*p.value).collect::<String>()),
                };
                Expr::Constant { value: ast::Constant::Str(value), location }
            }
            E::BytesLiteral(b) => Expr::Constant {
                value: ast::Constant::Bytes(b.value.bytes().collect::<Vec<u8>>().into()),
                location,
            },
            E::NumberLiteral(n) => Expr::Constant {
                value: match &n.value {
                    rast::Number::Int(_) => {
                        let text =
                            &self.source[n.range.start().to_usize()..n.range.end().to_usize()];
                        match parse_int(text) {
                            Some(v) => ast::Constant::Int(v),
                            None => return Err(self.err("invalid syntax", n.range)),
                        }
                    }
                    rast::Number::Float(f) => ast::Constant::Float(*f),
                    rast::Number::Complex { real, imag } => {
                        ast::Constant::Complex { real: *real, imag: *imag }
                    }
                },
                location,
            },
            E::BooleanLiteral(b) => {
                Expr::Constant { value: ast::Constant::Bool(b.value), location }
            }
            E::NoneLiteral(_) => Expr::Constant { value: ast::Constant::None, location },
            E::EllipsisLiteral(_) => Expr::Constant { value: ast::Constant::Ellipsis, location },
            E::Attribute(a) => Expr::Attribute {
                value: self.boxed(&a.value)?,
                attr: self.name(a.attr.as_str()),
                location,
            },
            E::Subscript(s) => Expr::Subscript {
                value: self.boxed(&s.value)?,
                index: Box::new(self.index(&s.slice)?),
                location,
            },
            E::Starred(s) => return Err(self.err("can't use starred expression here", s.range)),
            E::Name(n) => Expr::Name { id: self.name(n.id.as_str()), location },
            E::List(l) => Expr::List { elts: self.elements(&l.elts)?, location },
            E::Tuple(t) => Expr::Tuple { elts: self.elements(&t.elts)?, location },
            E::Slice(s) => Expr::Slice {
                lower: self.opt_boxed(s.lower.as_deref())?,
                upper: self.opt_boxed(s.upper.as_deref())?,
                step: self.opt_boxed(s.step.as_deref())?,
                location,
            },
            E::IpyEscapeCommand(_) => {
                Expr::Unsupported { what: "IPython escape command", location }
            }
        })
    }

    /// A subscript index: an expression, a slice, or a tuple of those
    /// (possibly with `*x` elements).
    pub(super) fn index(&mut self, e: &rast::Expr) -> R<Expr> {
        match e {
            rast::Expr::Starred(s) => {
                let location = self.loc(s.range);
                Ok(Expr::Tuple { elts: vec![self.element(e)?], location })
            }
            _ => self.expr(e),
        }
    }

    pub(super) fn check_yield(&mut self, range: TextRange) -> R<()> {
        match self.scope_kind() {
            ScopeKind::Function => {
                self.scope().is_generator = true;
                Ok(())
            }
            ScopeKind::Comprehension(kind) => {
                Err(self.err(format!("'yield' inside {kind}"), range))
            }
            ScopeKind::Module | ScopeKind::Class => {
                Err(self.err("'yield' outside function", range))
            }
        }
    }

    /// Converts the `for`/`if` clauses of a comprehension and, inside its
    /// scope, its element(s) with `elt`. The first iterable belongs to the
    /// enclosing scope.
    pub(super) fn comprehension<T>(
        &mut self,
        kind: &'static str,
        whole: TextRange,
        generators: &[rast::Comprehension],
        elt: impl FnOnce(&mut Self) -> R<T>,
    ) -> R<(Vec<ast::Comprehension>, T, bool)> {
        let Some(first) = generators.first() else {
            return Err(self.err("invalid syntax", TextRange::default()));
        };
        let first_iter = self.expr(&first.iter)?;
        let ((clauses, elt), scope) = self.in_scope(ScopeKind::Comprehension(kind), |c| {
            let mut first_iter = Some(first_iter);
            let mut clauses = Vec::with_capacity(generators.len());
            for g in generators {
                let target = c.target(&g.target)?;
                let iter = match first_iter.take() {
                    Some(iter) => iter,
                    None => c.expr(&g.iter)?,
                };
                let ifs = g.ifs.iter().map(|x| c.expr(x)).collect::<R<_>>()?;
                clauses.push(ast::Comprehension { target, iter, ifs, is_async: g.is_async });
            }
            let elt = elt(c)?;
            Ok((clauses, elt))
        })?;
        let is_async = scope.awaits || generators.iter().any(|g| g.is_async);
        // A list, set or dict comprehension that awaits is awaited where it stands (CPython's
        // compiler_comprehension); a generator expression becomes an async generator.
        if is_async && kind != "generator expression" {
            match self.scope_kind() {
                ScopeKind::Comprehension(_) => self.scope().awaits = true,
                ScopeKind::Function if self.in_async_function() => self.scope().awaits = true,
                _ => {
                    return Err(self.err(
                        "asynchronous comprehension outside of an asynchronous function",
                        whole,
                    ))
                }
            }
        }
        Ok((clauses, elt, is_async))
    }

    pub(super) fn fstring(&mut self, f: &rast::ExprFString, location: Location) -> R<Expr> {
        let mut parts = Vec::new();
        for part in f.value.iter() {
            match part {
                rast::FStringPart::Literal(s) => push_literal(&mut parts, &s.value),
                rast::FStringPart::FString(fs) => {
                    self.fstring_depth = 0;
                    self.fstring_elements(&fs.elements, &mut parts, fs.range)?
                }
            }
        }
        if parts.iter().all(|p| matches!(p, ast::FStringPart::Literal(_))) {
            let text: String = parts
                .iter()
                .map(|p| match p {
                    ast::FStringPart::Literal(s) => &**s,
                    ast::FStringPart::Formatted(_) => "",
                })
                .collect();
            return Ok(Expr::Constant { value: ast::Constant::Str(text.into()), location });
        }
        Ok(Expr::FString { parts, location })
    }

    pub(super) fn fstring_elements(
        &mut self,
        elements: &[rast::InterpolatedStringElement],
        parts: &mut Vec<ast::FStringPart>,
        fstring: TextRange,
    ) -> R<()> {
        for element in elements {
            match element {
                rast::InterpolatedStringElement::Literal(l) => push_literal(parts, &l.value),
                rast::InterpolatedStringElement::Interpolation(i) => {
                    if self.fstring_depth >= 2 {
                        return Err(self.err(
                            "f-string: expressions nested too deeply",
                            TextRange::empty(fstring.end()),
                        ));
                    }
                    let formatted = self.nested(i.range, |c| {
                        if let Some(debug) = &i.debug_text {
                            push_literal(parts, debug.as_str());
                        }
                        let value = c.boxed(&i.expression)?;
                        let conversion = match i.conversion {
                            rast::ConversionFlag::None
                                if i.debug_text.is_some() && i.format_spec.is_none() =>
                            {
                                ast::Conversion::Repr
                            }
                            rast::ConversionFlag::None => ast::Conversion::None,
                            rast::ConversionFlag::Str => ast::Conversion::Str,
                            rast::ConversionFlag::Repr => ast::Conversion::Repr,
                            rast::ConversionFlag::Ascii => ast::Conversion::Ascii,
                        };
                        let format_spec = match &i.format_spec {
                            Some(spec) => {
                                let mut spec_parts = Vec::new();
                                c.fstring_depth += 1;
                                let result =
                                    c.fstring_elements(&spec.elements, &mut spec_parts, fstring);
                                c.fstring_depth -= 1;
                                result?;
                                Some(spec_parts)
                            }
                            None => None,
                        };
                        Ok(ast::FormattedValue {
                            value,
                            conversion,
                            format_spec,
                            location: c.loc(i.range),
                        })
                    })?;
                    parts.push(ast::FStringPart::Formatted(formatted));
                }
            }
        }
        Ok(())
    }
}
