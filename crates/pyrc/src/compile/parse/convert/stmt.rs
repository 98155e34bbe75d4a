//! Statements: the ruff tree's statements to pyrc's, with CPython's compile-time checks.

use std::collections::HashSet;
use std::rc::Rc;

use ruff_python_ast::{self as rast};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::compile::ast::{self, Expr, Stmt};

use super::*;

impl Converter<'_> {
    pub(super) fn stmt(&mut self, stmt: &rast::Stmt) -> R<Stmt> {
        self.nested(stmt.range(), |c| c.stmt_inner(stmt))
    }

    pub(super) fn stmt_inner(&mut self, stmt: &rast::Stmt) -> R<Stmt> {
        use rast::Stmt as S;
        let location = self.loc(stmt.range());
        let unsupported = |what| Ok(Stmt::Unsupported { what, location });
        Ok(match stmt {
            S::FunctionDef(f) => Stmt::FunctionDef(Rc::new(self.function_def(f)?)),
            S::ClassDef(c) => Stmt::ClassDef(Rc::new(self.class_def(c)?)),
            S::Return(r) => {
                if self.scope_kind() != ScopeKind::Function {
                    return Err(self.err("'return' outside function", r.range));
                }
                if r.value.is_some() && self.scope().return_value.is_none() {
                    self.scope().return_value = Some(r.range);
                }
                Stmt::Return { value: self.opt_expr(r.value.as_deref())?, location }
            }
            S::Delete(d) => Stmt::Delete {
                targets: d.targets.iter().map(|t| self.del_target(t)).collect::<R<_>>()?,
                location,
            },
            S::TypeAlias(_) => return unsupported("type alias statement"),
            S::Assign(a) => {
                let targets = a.targets.iter().map(|t| self.target(t)).collect::<R<_>>()?;
                Stmt::Assign { targets, value: self.expr(&a.value)?, location }
            }
            S::AugAssign(a) => Stmt::AugAssign {
                target: self.target(&a.target)?,
                op: bin_op(a.op),
                value: self.expr(&a.value)?,
                location,
            },
            S::AnnAssign(a) => Stmt::AnnAssign {
                target: self.target(&a.target)?,
                annotation: self.expr(&a.annotation)?,
                value: self.opt_expr(a.value.as_deref())?,
                simple: a.simple,
                location,
            },
            S::For(f) => {
                if f.is_async && !self.in_async_function() {
                    return Err(self.err("'async for' outside async function", f.range));
                }
                Stmt::For {
                    target: self.target(&f.target)?,
                    iter: self.expr(&f.iter)?,
                    body: self.loop_body(&f.body)?,
                    orelse: self.body(&f.orelse)?,
                    is_async: f.is_async,
                    location,
                }
            }
            S::While(w) => Stmt::While {
                test: self.expr(&w.test)?,
                body: self.loop_body(&w.body)?,
                orelse: self.body(&w.orelse)?,
                location,
            },
            S::If(i) => {
                let test = self.expr(&i.test)?;
                let body = self.body(&i.body)?;
                let mut clauses = Vec::with_capacity(i.elif_else_clauses.len());
                for clause in &i.elif_else_clauses {
                    let test = self.opt_expr(clause.test.as_ref())?;
                    let body = self.body(&clause.body)?;
                    clauses.push((test, body, self.loc(clause.range)));
                }
                let mut orelse = Vec::new();
                for (test, body, location) in clauses.into_iter().rev() {
                    orelse = match test {
                        None => body,
                        Some(test) => vec![Stmt::If { test, body, orelse, location }],
                    };
                }
                Stmt::If { test, body, orelse, location }
            }
            S::With(w) => {
                if w.is_async && !self.in_async_function() {
                    return Err(self.err("'async with' outside async function", w.range));
                }
                let mut items = Vec::with_capacity(w.items.len());
                for item in &w.items {
                    let context_expr = self.expr(&item.context_expr)?;
                    let optional_vars = match &item.optional_vars {
                        Some(t) => Some(self.target(t)?),
                        None => None,
                    };
                    items.push(ast::WithItem { context_expr, optional_vars });
                }
                Stmt::With { items, body: self.body(&w.body)?, is_async: w.is_async, location }
            }
            S::Match(m) => {
                let subject = self.expr(&m.subject)?;
                let mut cases = Vec::with_capacity(m.cases.len());
                for case in &m.cases {
                    let pattern = self.pattern(&case.pattern)?;
                    let guard = self.opt_expr(case.guard.as_deref())?;
                    cases.push(ast::MatchCase { pattern, guard, body: self.body(&case.body)? });
                }
                Stmt::Match { subject, cases, location }
            }
            S::Raise(r) => Stmt::Raise {
                exc: self.opt_expr(r.exc.as_deref())?,
                cause: self.opt_expr(r.cause.as_deref())?,
                location,
            },
            S::Try(t) => {
                let body = self.body(&t.body)?;
                let last = t.handlers.len().saturating_sub(1);
                for (i, rast::ExceptHandler::ExceptHandler(h)) in t.handlers.iter().enumerate() {
                    if h.type_.is_none() && i != last {
                        return Err(self.err(
                            "default 'except:' must be last",
                            TextRange::at(h.range.start(), TextSize::new(6)),
                        ));
                    }
                }
                let mut handlers = Vec::with_capacity(t.handlers.len());
                for rast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    let typ = self.opt_expr(h.type_.as_deref())?;
                    let name = h.name.as_ref().map(|n| self.name(n.as_str()));
                    handlers.push(ast::ExceptHandler {
                        typ,
                        name,
                        body: self.body(&h.body)?,
                        location: self.loc(h.range),
                    });
                }
                Stmt::Try {
                    body,
                    handlers,
                    orelse: self.body(&t.orelse)?,
                    is_star: t.is_star,
                    finalbody: self.body(&t.finalbody)?,
                    location,
                }
            }
            S::Assert(a) => Stmt::Assert {
                test: self.expr(&a.test)?,
                msg: self.opt_expr(a.msg.as_deref())?,
                location,
            },
            S::Import(i) => Stmt::Import { names: self.aliases(&i.names), location },
            S::ImportFrom(i) => {
                if is_future_import(stmt) {
                    self.check_future(i)?;
                }
                if self.scope_kind() != ScopeKind::Module {
                    if let Some(star) = i.names.iter().find(|a| a.name.as_str() == "*") {
                        return Err(self.err(
                            "import * only allowed at module level",
                            TextRange::empty(star.range.start()),
                        ));
                    }
                }
                Stmt::ImportFrom {
                    module: i.module.as_ref().map(|m| self.name(m.as_str())),
                    names: self.aliases(&i.names),
                    level: i.level,
                    location,
                }
            }
            S::Global(g) => {
                self.check_declared_names(&g.names, "global", g.range)?;
                Stmt::Global {
                    names: g.names.iter().map(|n| self.name(n.as_str())).collect(),
                    location,
                }
            }
            S::Nonlocal(n) => {
                if self.scope_kind() == ScopeKind::Module {
                    return Err(
                        self.err("nonlocal declaration not allowed at module level", n.range)
                    );
                }
                self.check_declared_names(&n.names, "nonlocal", n.range)?;
                Stmt::Nonlocal {
                    names: n.names.iter().map(|n| self.name(n.as_str())).collect(),
                    location,
                }
            }
            S::Expr(e) => Stmt::Expr { value: self.expr(&e.value)?, location },
            S::Pass(_) => Stmt::Pass { location },
            S::Break(b) => {
                if self.scope().loops == 0 {
                    return Err(self.err("'break' outside loop", b.range));
                }
                Stmt::Break { location }
            }
            S::Continue(c) => {
                if self.scope().loops == 0 {
                    return Err(self.err("'continue' not properly in loop", c.range));
                }
                Stmt::Continue { location }
            }
            S::IpyEscapeCommand(_) => return unsupported("IPython escape command"),
        })
    }

    /// `global x` / `nonlocal x` where `x` is a parameter of the function.
    pub(super) fn check_declared_names(
        &self,
        names: &[rast::Identifier],
        what: &str,
        range: TextRange,
    ) -> R<()> {
        let scope = self.scopes.last().expect("module scope");
        for name in names {
            if scope.params.contains(name.as_str()) {
                return Err(
                    self.err(format!("name '{}' is parameter and {what}", name.as_str()), range)
                );
            }
        }
        Ok(())
    }

    pub(super) fn check_future(&mut self, import: &rast::StmtImportFrom) -> R<()> {
        if !self.future_allowed || self.depth != 1 {
            return Err(self.err(
                "from __future__ imports must occur at the beginning of the file",
                import.range,
            ));
        }
        for alias in &import.names {
            let feature = alias.name.as_str();
            if feature == "braces" {
                return Err(self.err("not a chance", TextRange::empty(import.range.start())));
            }
            if !FUTURE_FEATURES.contains(&feature) {
                return Err(self.err(
                    format!("future feature {feature} is not defined"),
                    TextRange::empty(import.range.start()),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn aliases(&mut self, aliases: &[rast::Alias]) -> Vec<ast::Alias> {
        aliases
            .iter()
            .map(|a| ast::Alias {
                name: self.name(a.name.as_str()),
                asname: a.asname.as_ref().map(|n| self.name(n.as_str())),
                location: self.loc(a.range),
            })
            .collect()
    }

    /// The offset of the keyword (`def`/`class`) of a possibly decorated
    /// definition: CPython's line number of a definition is that of the
    /// keyword, not of the first decorator.
    pub(super) fn keyword_start(
        &self,
        range: TextRange,
        decorated: bool,
        name: TextRange,
        keyword: &str,
    ) -> TextSize {
        if !decorated {
            return range.start();
        }
        let before = &self.source[range.start().to_usize()..name.start().to_usize()];
        before.rfind(keyword).map_or(range.start(), |i| range.start() + TextSize::new(i as u32))
    }

    pub(super) fn function_def(&mut self, f: &rast::StmtFunctionDef) -> R<ast::FunctionDef> {
        if let Some(tp) = &f.type_params {
            return Err(self.err("invalid syntax", tp.range));
        }
        let decorators = self.decorators(&f.decorator_list)?;
        let params = self.parameters(&f.parameters)?;
        let returns = self.opt_expr(f.returns.as_deref())?;
        let start = self.keyword_start(f.range, !f.decorator_list.is_empty(), f.name.range, "def");
        let location = self.loc(TextRange::new(start, f.range.end()));
        let param_names: HashSet<Rc<str>> = params.names().cloned().collect();
        let (body, scope) = self.in_scope(ScopeKind::Function, |c| {
            c.scope().params = param_names;
            c.scope().is_async = f.is_async;
            c.body(&f.body)
        })?;
        let is_generator = scope.is_generator;
        if let (true, true, Some(range)) = (f.is_async, is_generator, scope.return_value) {
            return Err(self.err("'return' with value in async generator", range));
        }
        Ok(ast::FunctionDef {
            name: self.name(f.name.as_str()),
            params,
            body,
            decorators,
            returns,
            is_generator,
            is_async: f.is_async,
            is_lambda: false,
            location,
        })
    }

    pub(super) fn class_def(&mut self, c: &rast::StmtClassDef) -> R<ast::ClassDef> {
        if let Some(tp) = &c.type_params {
            return Err(self.err("invalid syntax", tp.range));
        }
        let decorators = self.decorators(&c.decorator_list)?;
        let (bases, keywords) = match &c.arguments {
            Some(args) => (
                args.args.iter().map(|a| self.element(a)).collect::<R<_>>()?,
                self.keywords(&args.keywords)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let start =
            self.keyword_start(c.range, !c.decorator_list.is_empty(), c.name.range, "class");
        let location = self.loc(TextRange::new(start, c.range.end()));
        let (body, _) = self.in_scope(ScopeKind::Class, |cv| cv.body(&c.body))?;
        Ok(ast::ClassDef {
            name: self.name(c.name.as_str()),
            bases,
            keywords,
            body,
            decorators,
            location,
        })
    }

    pub(super) fn decorators(&mut self, decorators: &[rast::Decorator]) -> R<Vec<Expr>> {
        decorators.iter().map(|d| self.expr(&d.expression)).collect()
    }

    pub(super) fn parameters(&mut self, p: &rast::Parameters) -> R<ast::Parameters> {
        let mut seen: HashSet<&str> = HashSet::new();
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .map(|pd| &pd.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|pd| &pd.parameter))
            .chain(p.kwarg.as_deref());
        for param in all {
            let name = param.name.as_str();
            if !seen.insert(name) {
                return Err(self.err(
                    format!("duplicate argument '{name}' in function definition"),
                    param.name.range,
                ));
            }
        }
        let convert_all =
            |c: &mut Self, params: &[rast::ParameterWithDefault]| -> R<Vec<ast::Param>> {
                params
                    .iter()
                    .map(|pd| {
                        let mut param = c.param(&pd.parameter)?;
                        param.default = c.opt_expr(pd.default.as_deref())?;
                        Ok(param)
                    })
                    .collect()
            };
        let posonly = convert_all(self, &p.posonlyargs)?;
        let args = convert_all(self, &p.args)?;
        let vararg = match &p.vararg {
            Some(v) => Some(self.param(v)?),
            None => None,
        };
        let kwonly = convert_all(self, &p.kwonlyargs)?;
        let kwarg = match &p.kwarg {
            Some(k) => Some(self.param(k)?),
            None => None,
        };
        Ok(ast::Parameters { posonly, args, vararg, kwonly, kwarg })
    }

    pub(super) fn param(&mut self, p: &rast::Parameter) -> R<ast::Param> {
        Ok(ast::Param {
            name: self.name(p.name.as_str()),
            default: None,
            annotation: self.opt_expr(p.annotation.as_deref())?,
            location: self.loc(p.range),
        })
    }

    pub(super) fn keywords(&mut self, keywords: &[rast::Keyword]) -> R<Vec<ast::Keyword>> {
        let mut seen: HashSet<&str> = HashSet::new();
        for kw in keywords {
            if let Some(arg) = &kw.arg {
                if !seen.insert(arg.as_str()) {
                    return Err(
                        self.err(format!("keyword argument repeated: {}", arg.as_str()), kw.range)
                    );
                }
            }
        }
        keywords
            .iter()
            .map(|kw| {
                Ok(ast::Keyword {
                    arg: kw.arg.as_ref().map(|a| self.name(a.as_str())),
                    value: self.expr(&kw.value)?,
                    location: self.loc(kw.range),
                })
            })
            .collect()
    }

    // ----- targets -------------------------------------------------------
}

impl Converter<'_> {
    /// A `case` pattern (CPython's `ast.pattern`).
    fn pattern(&mut self, pattern: &rast::Pattern) -> R<ast::Pattern> {
        use rast::Pattern as P;
        let location = self.loc(pattern.range());
        Ok(match pattern {
            P::MatchValue(v) => ast::Pattern::Value { value: self.expr(&v.value)?, location },
            P::MatchSingleton(s) => ast::Pattern::Singleton {
                value: match s.value {
                    rast::Singleton::None => ast::Constant::None,
                    rast::Singleton::True => ast::Constant::Bool(true),
                    rast::Singleton::False => ast::Constant::Bool(false),
                },
                location,
            },
            P::MatchSequence(s) => {
                ast::Pattern::Sequence { patterns: self.patterns(&s.patterns)?, location }
            }
            P::MatchMapping(m) => ast::Pattern::Mapping {
                keys: m.keys.iter().map(|k| self.expr(k)).collect::<R<_>>()?,
                patterns: self.patterns(&m.patterns)?,
                rest: m.rest.as_ref().map(|n| self.name(n.as_str())),
                location,
            },
            P::MatchClass(c) => ast::Pattern::Class {
                cls: self.expr(&c.cls)?,
                patterns: self.patterns(&c.arguments.patterns)?,
                kwd_attrs: c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| self.name(k.attr.as_str()))
                    .collect(),
                kwd_patterns: c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| self.pattern(&k.pattern))
                    .collect::<R<_>>()?,
                location,
            },
            P::MatchStar(s) => ast::Pattern::Star {
                name: s.name.as_ref().map(|n| self.name(n.as_str())),
                location,
            },
            P::MatchAs(a) => ast::Pattern::As {
                pattern: match &a.pattern {
                    Some(p) => Some(Box::new(self.pattern(p)?)),
                    None => None,
                },
                name: a.name.as_ref().map(|n| self.name(n.as_str())),
                location,
            },
            P::MatchOr(o) => ast::Pattern::Or { patterns: self.patterns(&o.patterns)?, location },
        })
    }

    fn patterns(&mut self, patterns: &[rast::Pattern]) -> R<Vec<ast::Pattern>> {
        patterns.iter().map(|p| self.pattern(p)).collect()
    }
}
