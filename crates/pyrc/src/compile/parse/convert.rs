//! Conversion of the parser's tree to pyrc's AST, with the checks CPython
//! makes at compile time (symbol table and code generator) rather than in
//! its parser.

use std::collections::HashSet;
use std::rc::Rc;

use num_bigint::BigInt;
use ruff_python_ast::{self as rast};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::errors::RawError;
use super::{LineIndex, SyntaxErrorKind, MAX_DEPTH};
use crate::compile::ast::{self, Expr, Location, Stmt};

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
            scopes: vec![Scope {
                kind: ScopeKind::Module,
                params: HashSet::new(),
                loops: 0,
                is_generator: false,
            }],
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

    /// Runs `f` in a new scope and returns its result and whether the scope
    /// is a generator.
    fn in_scope<T>(&mut self, kind: ScopeKind, f: impl FnOnce(&mut Self) -> R<T>) -> R<(T, bool)> {
        self.scopes.push(Scope { kind, params: HashSet::new(), loops: 0, is_generator: false });
        let result = f(self);
        let scope = self.scopes.pop().expect("pushed scope");
        Ok((result?, scope.is_generator))
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

    fn stmt(&mut self, stmt: &rast::Stmt) -> R<Stmt> {
        self.nested(stmt.range(), |c| c.stmt_inner(stmt))
    }

    fn stmt_inner(&mut self, stmt: &rast::Stmt) -> R<Stmt> {
        use rast::Stmt as S;
        let location = self.loc(stmt.range());
        let unsupported = |what| Ok(Stmt::Unsupported { what, location });
        Ok(match stmt {
            S::FunctionDef(f) if f.is_async => return unsupported("async def"),
            S::FunctionDef(f) => Stmt::FunctionDef(Rc::new(self.function_def(f)?)),
            S::ClassDef(c) => Stmt::ClassDef(Rc::new(self.class_def(c)?)),
            S::Return(r) => {
                if self.scope_kind() != ScopeKind::Function {
                    return Err(self.err("'return' outside function", r.range));
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
            S::For(f) if f.is_async => return unsupported("async for"),
            S::For(f) => Stmt::For {
                target: self.target(&f.target)?,
                iter: self.expr(&f.iter)?,
                body: self.loop_body(&f.body)?,
                orelse: self.body(&f.orelse)?,
                location,
            },
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
            S::With(w) if w.is_async => return unsupported("async with"),
            S::With(w) => {
                let mut items = Vec::with_capacity(w.items.len());
                for item in &w.items {
                    let context_expr = self.expr(&item.context_expr)?;
                    let optional_vars = match &item.optional_vars {
                        Some(t) => Some(self.target(t)?),
                        None => None,
                    };
                    items.push(ast::WithItem { context_expr, optional_vars });
                }
                Stmt::With { items, body: self.body(&w.body)?, location }
            }
            S::Match(_) => return unsupported("match statement"),
            S::Raise(r) => Stmt::Raise {
                exc: self.opt_expr(r.exc.as_deref())?,
                cause: self.opt_expr(r.cause.as_deref())?,
                location,
            },
            S::Try(t) if t.is_star => return unsupported("except*"),
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
    fn check_declared_names(
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

    fn check_future(&mut self, import: &rast::StmtImportFrom) -> R<()> {
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

    fn aliases(&mut self, aliases: &[rast::Alias]) -> Vec<ast::Alias> {
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
    fn keyword_start(
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

    fn function_def(&mut self, f: &rast::StmtFunctionDef) -> R<ast::FunctionDef> {
        if let Some(tp) = &f.type_params {
            return Err(self.err("invalid syntax", tp.range));
        }
        let decorators = self.decorators(&f.decorator_list)?;
        let params = self.parameters(&f.parameters)?;
        let returns = self.opt_expr(f.returns.as_deref())?;
        let start = self.keyword_start(f.range, !f.decorator_list.is_empty(), f.name.range, "def");
        let location = self.loc(TextRange::new(start, f.range.end()));
        let param_names: HashSet<Rc<str>> = params.names().cloned().collect();
        let (body, is_generator) = self.in_scope(ScopeKind::Function, |c| {
            c.scope().params = param_names;
            c.body(&f.body)
        })?;
        Ok(ast::FunctionDef {
            name: self.name(f.name.as_str()),
            params,
            body,
            decorators,
            returns,
            is_generator,
            is_lambda: false,
            location,
        })
    }

    fn class_def(&mut self, c: &rast::StmtClassDef) -> R<ast::ClassDef> {
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

    fn decorators(&mut self, decorators: &[rast::Decorator]) -> R<Vec<Expr>> {
        decorators.iter().map(|d| self.expr(&d.expression)).collect()
    }

    fn parameters(&mut self, p: &rast::Parameters) -> R<ast::Parameters> {
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

    fn param(&mut self, p: &rast::Parameter) -> R<ast::Param> {
        Ok(ast::Param {
            name: self.name(p.name.as_str()),
            default: None,
            annotation: self.opt_expr(p.annotation.as_deref())?,
            location: self.loc(p.range),
        })
    }

    fn keywords(&mut self, keywords: &[rast::Keyword]) -> R<Vec<ast::Keyword>> {
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

    /// An assignment target (`=`, augmented, annotated, `for`, `with ... as`,
    /// comprehension `for`).
    fn target(&mut self, e: &rast::Expr) -> R<Expr> {
        if let rast::Expr::Starred(s) = e {
            return Err(self.err("starred assignment target must be in a list or tuple", s.range));
        }
        self.target_inner(e)
    }

    fn target_inner(&mut self, e: &rast::Expr) -> R<Expr> {
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

    fn del_target(&mut self, e: &rast::Expr) -> R<Expr> {
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

    fn opt_expr(&mut self, e: Option<&rast::Expr>) -> R<Option<Expr>> {
        e.map(|e| self.expr(e)).transpose()
    }

    fn boxed(&mut self, e: &rast::Expr) -> R<Box<Expr>> {
        Ok(Box::new(self.expr(e)?))
    }

    fn opt_boxed(&mut self, e: Option<&rast::Expr>) -> R<Option<Box<Expr>>> {
        Ok(self.opt_expr(e)?.map(Box::new))
    }

    /// An element of a display or a positional argument: may be `*x`.
    fn element(&mut self, e: &rast::Expr) -> R<Expr> {
        match e {
            rast::Expr::Starred(s) => self.nested(s.range, |c| {
                Ok(Expr::Starred { value: c.boxed(&s.value)?, location: c.loc(s.range) })
            }),
            _ => self.expr(e),
        }
    }

    fn elements(&mut self, elts: &[rast::Expr]) -> R<Vec<Expr>> {
        elts.iter().map(|e| self.element(e)).collect()
    }

    fn expr(&mut self, e: &rast::Expr) -> R<Expr> {
        self.nested(e.range(), |c| c.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &rast::Expr) -> R<Expr> {
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
                let (body, is_generator) =
                    self.in_scope(ScopeKind::Function, |c| c.expr(&l.body))?;
                let body_location = body.location();
                let func = ast::FunctionDef {
                    name: self.name("<lambda>"),
                    params,
                    body: vec![Stmt::Return { value: Some(body), location: body_location }],
                    decorators: Vec::new(),
                    returns: None,
                    is_generator,
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
                let (generators, elt) =
                    self.comprehension("list comprehension", lc.range, &lc.generators, |c| {
                        c.boxed(&lc.elt)
                    })?;
                Expr::ListComp { elt, generators, location }
            }
            E::SetComp(sc) => {
                let (generators, elt) =
                    self.comprehension("set comprehension", sc.range, &sc.generators, |c| {
                        c.boxed(&sc.elt)
                    })?;
                Expr::SetComp { elt, generators, location }
            }
            E::DictComp(dc) => {
                let Some(key) = &dc.key else {
                    return Err(
                        self.err("dict unpacking cannot be used in dict comprehension", dc.range)
                    );
                };
                let (generators, (key, value)) =
                    self.comprehension("dict comprehension", dc.range, &dc.generators, |c| {
                        Ok((c.boxed(key)?, c.boxed(&dc.value)?))
                    })?;
                Expr::DictComp { key, value, generators, location }
            }
            E::Generator(g) => {
                let (generators, elt) =
                    self.comprehension("generator expression", g.range, &g.generators, |c| {
                        c.boxed(&g.elt)
                    })?;
                Expr::GeneratorExp { elt, generators, location }
            }
            E::Await(a) => {
                let message = if self.scope_kind() == ScopeKind::Function {
                    "'await' outside async function"
                } else {
                    "'await' outside function"
                };
                return Err(self.err(message, a.range));
            }
            E::Yield(y) => {
                self.check_yield(y.range)?;
                Expr::Yield { value: self.opt_boxed(y.value.as_deref())?, location }
            }
            E::YieldFrom(y) => {
                self.check_yield(y.range)?;
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
    fn index(&mut self, e: &rast::Expr) -> R<Expr> {
        match e {
            rast::Expr::Starred(s) => {
                let location = self.loc(s.range);
                Ok(Expr::Tuple { elts: vec![self.element(e)?], location })
            }
            _ => self.expr(e),
        }
    }

    fn check_yield(&mut self, range: TextRange) -> R<()> {
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
    fn comprehension<T>(
        &mut self,
        kind: &'static str,
        whole: TextRange,
        generators: &[rast::Comprehension],
        elt: impl FnOnce(&mut Self) -> R<T>,
    ) -> R<(Vec<ast::Comprehension>, T)> {
        if generators.iter().any(|g| g.is_async) {
            return Err(
                self.err("asynchronous comprehension outside of an asynchronous function", whole)
            );
        }
        let Some(first) = generators.first() else {
            return Err(self.err("invalid syntax", TextRange::default()));
        };
        let first_iter = self.expr(&first.iter)?;
        let (result, _) = self.in_scope(ScopeKind::Comprehension(kind), |c| {
            let mut first_iter = Some(first_iter);
            let mut clauses = Vec::with_capacity(generators.len());
            for g in generators {
                let target = c.target(&g.target)?;
                let iter = match first_iter.take() {
                    Some(iter) => iter,
                    None => c.expr(&g.iter)?,
                };
                let ifs = g.ifs.iter().map(|x| c.expr(x)).collect::<R<_>>()?;
                clauses.push(ast::Comprehension { target, iter, ifs });
            }
            let elt = elt(c)?;
            Ok((clauses, elt))
        })?;
        Ok(result)
    }

    fn fstring(&mut self, f: &rast::ExprFString, location: Location) -> R<Expr> {
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

    fn fstring_elements(
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
fn parse_int(text: &str) -> Option<ast::IntValue> {
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
