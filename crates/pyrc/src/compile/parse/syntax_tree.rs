//! The parser's tree as CPython's `ast` module describes it (`ast.parse`,
//! `compile(..., PyCF_ONLY_AST)`): a neutral tree of [`TreeNode`]s named and
//! laid out as CPython 3.11's node classes (fields in `_fields` order), with
//! CPython's positions (1-based lines, UTF-8 byte columns). The object layer
//! (`modules::ast`) turns it into node objects; this file only knows the
//! parser's types.
//!
//! Only what CPython's parser rejects is an error here: compile-time checks
//! (`'return' outside function`...) belong to the compiler, as in CPython.

use ruff_python_ast::{self as rast};
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::errors::{self, RawError};
use super::{dispose, LineIndex, SyntaxError, SyntaxErrorKind, MAX_DEPTH};
use crate::compile::ast::{Constant, IntValue};

/// One node: its class name, its fields in `_fields` order, and its position
/// (`lineno`, `col_offset`, `end_lineno`, `end_col_offset`) for the classes
/// that have one.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeNode {
    /// The node class (`"FunctionDef"`).
    pub kind: &'static str,
    /// The fields, in the class's `_fields` order.
    pub fields: Vec<TreeValue>,
    /// The position, for classes with `_attributes`.
    pub position: Option<[u32; 4]>,
}

/// A field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum TreeValue {
    /// A node.
    Node(Box<TreeNode>),
    /// A list of values (`body`, `names`).
    List(Vec<TreeValue>),
    /// A constant: a name, a number, a string, `None`...
    Const(Constant),
}

/// What the source is parsed as (`compile()`'s mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeMode {
    /// `'exec'`: a `Module`.
    Exec,
    /// `'eval'`: an `Expression`.
    Eval,
    /// `'single'`: an `Interactive`.
    Single,
}

type R<T> = Result<T, RawError>;

const RED_ZONE: usize = 64 * 1024;
const STACK_SIZE: usize = 1024 * 1024;

/// Parses `source` into CPython's tree for `mode`.
pub fn parse_tree(source: &str, filename: &str, mode: TreeMode) -> Result<TreeNode, SyntaxError> {
    let index = LineIndex::new(source);
    let result = (|| {
        errors::check_source(source)?;
        let ruff_mode = if mode == TreeMode::Eval { Mode::Expression } else { Mode::Module };
        let options = ParseOptions::from(ruff_mode)
            .with_target_version(ruff_python_ast::PythonVersion::PY311);
        let parsed = ruff_python_parser::parse_unchecked(source, options);
        let result = match errors::first_error(source, &parsed) {
            Some(e) => Err(e),
            None => {
                let mut builder = Builder::new(source);
                match (parsed.syntax(), mode) {
                    (rast::Mod::Module(m), TreeMode::Exec) => Ok(TreeNode {
                        kind: "Module",
                        fields: vec![builder.stmts(&m.body)?, TreeValue::List(Vec::new())],
                        position: None,
                    }),
                    (rast::Mod::Module(m), _) => Ok(TreeNode {
                        kind: "Interactive",
                        fields: vec![builder.stmts(&m.body)?],
                        position: None,
                    }),
                    (rast::Mod::Expression(e), _) => Ok(TreeNode {
                        kind: "Expression",
                        fields: vec![builder.expr(&e.body)?],
                        position: None,
                    }),
                }
            }
        };
        dispose(parsed);
        result
    })();
    result.map_err(|e| e.into_syntax_error(&index, filename))
}

fn konst(value: Constant) -> TreeValue {
    TreeValue::Const(value)
}

fn string(text: &str) -> TreeValue {
    konst(Constant::Str(text.into()))
}

fn none() -> TreeValue {
    konst(Constant::None)
}

fn int(value: i64) -> TreeValue {
    konst(Constant::Int(IntValue::Small(value)))
}

/// A node without position (operators, contexts, `arguments`, `withitem`...).
fn bare(kind: &'static str, fields: Vec<TreeValue>) -> TreeValue {
    TreeValue::Node(Box::new(TreeNode { kind, fields, position: None }))
}

fn ident(name: &rast::Identifier) -> TreeValue {
    string(name.as_str())
}

fn opt_ident(name: Option<&rast::Identifier>) -> TreeValue {
    name.map_or_else(none, ident)
}

struct Builder<'a> {
    source: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    depth: u32,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        let bytes = source.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Builder { source, line_starts, depth: 0 }
    }

    /// 1-based line and byte column of an offset.
    fn point(&self, offset: TextSize) -> (u32, u32) {
        let offset = offset.to_usize();
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        (line as u32, (offset - self.line_starts[line - 1]) as u32)
    }

    fn position(&self, range: TextRange) -> [u32; 4] {
        let (line, col) = self.point(range.start());
        let (end_line, end_col) = self.point(range.end());
        [line, col, end_line, end_col]
    }

    fn node(&self, kind: &'static str, fields: Vec<TreeValue>, range: TextRange) -> TreeValue {
        TreeValue::Node(Box::new(TreeNode { kind, fields, position: Some(self.position(range)) }))
    }

    /// Runs `f` one level deeper: past [`MAX_DEPTH`] CPython's "maximum recursion depth
    /// exceeded during compilation"; the stack grows as needed.
    fn nested<T>(&mut self, range: TextRange, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(RawError::new(
                SyntaxErrorKind::TooDeep,
                "maximum recursion depth exceeded during compilation",
                range,
            ))
        } else {
            stacker::maybe_grow(RED_ZONE, STACK_SIZE, || f(self))
        };
        self.depth -= 1;
        result
    }

    // ---- statements ---------------------------------------------------------------------

    fn stmts(&mut self, stmts: &[rast::Stmt]) -> R<TreeValue> {
        Ok(TreeValue::List(stmts.iter().map(|s| self.stmt(s)).collect::<R<_>>()?))
    }

    fn exprs(&mut self, exprs: &[rast::Expr]) -> R<TreeValue> {
        Ok(TreeValue::List(exprs.iter().map(|e| self.expr(e)).collect::<R<_>>()?))
    }

    fn opt_expr(&mut self, expr: Option<&rast::Expr>) -> R<TreeValue> {
        Ok(match expr {
            Some(e) => self.expr(e)?,
            None => none(),
        })
    }

    /// Where a decorated `def`/`class` starts: its keyword (`async` for `async def`), as
    /// CPython's `lineno`, not the first decorator.
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
        let found = match keyword {
            "def" => before
                .rfind("async")
                .filter(|&i| {
                    before[i..].trim_start_matches("async").trim_start().starts_with("def")
                })
                .or_else(|| before.rfind("def")),
            _ => before.rfind(keyword),
        };
        found.map_or(range.start(), |i| range.start() + TextSize::new(i as u32))
    }

    fn stmt(&mut self, stmt: &rast::Stmt) -> R<TreeValue> {
        self.nested(stmt.range(), |b| b.stmt_inner(stmt))
    }

    fn stmt_inner(&mut self, stmt: &rast::Stmt) -> R<TreeValue> {
        use rast::Stmt as S;
        let range = stmt.range();
        Ok(match stmt {
            S::FunctionDef(f) => {
                let start =
                    self.keyword_start(range, !f.decorator_list.is_empty(), f.name.range, "def");
                let fields = vec![
                    ident(&f.name),
                    self.arguments(Some(&f.parameters))?,
                    self.stmts(&f.body)?,
                    self.decorators(&f.decorator_list)?,
                    self.opt_expr(f.returns.as_deref())?,
                    none(),
                ];
                let kind = if f.is_async { "AsyncFunctionDef" } else { "FunctionDef" };
                self.node(kind, fields, TextRange::new(start, range.end()))
            }
            S::ClassDef(c) => {
                let start =
                    self.keyword_start(range, !c.decorator_list.is_empty(), c.name.range, "class");
                let (bases, keywords) = match &c.arguments {
                    Some(args) => (self.exprs(&args.args)?, self.keywords(&args.keywords)?),
                    None => (TreeValue::List(Vec::new()), TreeValue::List(Vec::new())),
                };
                let fields = vec![
                    ident(&c.name),
                    bases,
                    keywords,
                    self.stmts(&c.body)?,
                    self.decorators(&c.decorator_list)?,
                ];
                self.node("ClassDef", fields, TextRange::new(start, range.end()))
            }
            S::Return(r) => {
                let value = self.opt_expr(r.value.as_deref())?;
                self.node("Return", vec![value], range)
            }
            S::Delete(d) => {
                let targets = self.exprs(&d.targets)?;
                self.node("Delete", vec![targets], range)
            }
            S::Assign(a) => {
                let fields = vec![self.exprs(&a.targets)?, self.expr(&a.value)?, none()];
                self.node("Assign", fields, range)
            }
            S::AugAssign(a) => {
                let fields = vec![self.expr(&a.target)?, operator(a.op), self.expr(&a.value)?];
                self.node("AugAssign", fields, range)
            }
            S::AnnAssign(a) => {
                let fields = vec![
                    self.expr(&a.target)?,
                    self.expr(&a.annotation)?,
                    self.opt_expr(a.value.as_deref())?,
                    int(i64::from(a.simple)),
                ];
                self.node("AnnAssign", fields, range)
            }
            S::For(f) => {
                let fields = vec![
                    self.expr(&f.target)?,
                    self.expr(&f.iter)?,
                    self.stmts(&f.body)?,
                    self.stmts(&f.orelse)?,
                    none(),
                ];
                self.node(if f.is_async { "AsyncFor" } else { "For" }, fields, range)
            }
            S::While(w) => {
                let fields =
                    vec![self.expr(&w.test)?, self.stmts(&w.body)?, self.stmts(&w.orelse)?];
                self.node("While", fields, range)
            }
            S::If(i) => {
                // `elif` clauses nest: each is an `If` from its keyword to the end of the
                // whole statement, in its predecessor's `orelse`.
                let mut orelse = TreeValue::List(Vec::new());
                for clause in i.elif_else_clauses.iter().rev() {
                    let body = self.stmts(&clause.body)?;
                    orelse = match &clause.test {
                        None => body,
                        Some(test) => {
                            let test = self.expr(test)?;
                            let clause_range = TextRange::new(clause.range.start(), range.end());
                            TreeValue::List(vec![self.node(
                                "If",
                                vec![test, body, orelse],
                                clause_range,
                            )])
                        }
                    };
                }
                let fields = vec![self.expr(&i.test)?, self.stmts(&i.body)?, orelse];
                self.node("If", fields, range)
            }
            S::With(w) => {
                let mut items = Vec::with_capacity(w.items.len());
                for item in &w.items {
                    let context = self.expr(&item.context_expr)?;
                    let vars = self.opt_expr(item.optional_vars.as_deref())?;
                    items.push(bare("withitem", vec![context, vars]));
                }
                let fields = vec![TreeValue::List(items), self.stmts(&w.body)?, none()];
                self.node(if w.is_async { "AsyncWith" } else { "With" }, fields, range)
            }
            S::Match(m) => {
                let subject = self.expr(&m.subject)?;
                let mut cases = Vec::with_capacity(m.cases.len());
                for case in &m.cases {
                    let pattern = self.pattern(&case.pattern)?;
                    let guard = self.opt_expr(case.guard.as_deref())?;
                    let body = self.stmts(&case.body)?;
                    cases.push(bare("match_case", vec![pattern, guard, body]));
                }
                self.node("Match", vec![subject, TreeValue::List(cases)], range)
            }
            S::Raise(r) => {
                let fields =
                    vec![self.opt_expr(r.exc.as_deref())?, self.opt_expr(r.cause.as_deref())?];
                self.node("Raise", fields, range)
            }
            S::Try(t) => {
                let mut handlers = Vec::with_capacity(t.handlers.len());
                for rast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    let fields = vec![
                        self.opt_expr(h.type_.as_deref())?,
                        opt_ident(h.name.as_ref()),
                        self.stmts(&h.body)?,
                    ];
                    handlers.push(self.node("ExceptHandler", fields, h.range));
                }
                let fields = vec![
                    self.stmts(&t.body)?,
                    TreeValue::List(handlers),
                    self.stmts(&t.orelse)?,
                    self.stmts(&t.finalbody)?,
                ];
                self.node(if t.is_star { "TryStar" } else { "Try" }, fields, range)
            }
            S::Assert(a) => {
                let fields = vec![self.expr(&a.test)?, self.opt_expr(a.msg.as_deref())?];
                self.node("Assert", fields, range)
            }
            S::Import(i) => {
                let names = self.aliases(&i.names);
                self.node("Import", vec![names], range)
            }
            S::ImportFrom(i) => {
                let fields = vec![
                    opt_ident(i.module.as_ref()),
                    self.aliases(&i.names),
                    int(i64::from(i.level)),
                ];
                self.node("ImportFrom", fields, range)
            }
            S::Global(g) => {
                let names = TreeValue::List(g.names.iter().map(ident).collect());
                self.node("Global", vec![names], range)
            }
            S::Nonlocal(n) => {
                let names = TreeValue::List(n.names.iter().map(ident).collect());
                self.node("Nonlocal", vec![names], range)
            }
            S::Expr(e) => {
                let value = self.expr(&e.value)?;
                self.node("Expr", vec![value], range)
            }
            S::Pass(_) => self.node("Pass", Vec::new(), range),
            S::Break(_) => self.node("Break", Vec::new(), range),
            S::Continue(_) => self.node("Continue", Vec::new(), range),
            S::TypeAlias(_) | S::IpyEscapeCommand(_) => {
                return Err(RawError::syntax("invalid syntax", range))
            }
        })
    }

    fn decorators(&mut self, decorators: &[rast::Decorator]) -> R<TreeValue> {
        Ok(TreeValue::List(decorators.iter().map(|d| self.expr(&d.expression)).collect::<R<_>>()?))
    }

    fn aliases(&self, aliases: &[rast::Alias]) -> TreeValue {
        TreeValue::List(
            aliases
                .iter()
                .map(|a| {
                    self.node("alias", vec![ident(&a.name), opt_ident(a.asname.as_ref())], a.range)
                })
                .collect(),
        )
    }

    fn keywords(&mut self, keywords: &[rast::Keyword]) -> R<TreeValue> {
        let mut out = Vec::with_capacity(keywords.len());
        for keyword in keywords {
            let value = self.expr(&keyword.value)?;
            out.push(self.node(
                "keyword",
                vec![opt_ident(keyword.arg.as_ref()), value],
                keyword.range,
            ));
        }
        Ok(TreeValue::List(out))
    }

    fn arg(&mut self, parameter: &rast::Parameter) -> R<TreeValue> {
        let annotation = self.opt_expr(parameter.annotation.as_deref())?;
        // From the name (a `*args`/`**kwargs` range starts at its stars).
        let range = TextRange::new(parameter.name.range.start(), parameter.range.end());
        Ok(self.node("arg", vec![ident(&parameter.name), annotation, none()], range))
    }

    /// CPython's `arguments`: `defaults` are the positional parameters' defaults (the last
    /// ones), `kw_defaults` one entry per keyword-only parameter (`None` for none).
    fn arguments(&mut self, parameters: Option<&rast::Parameters>) -> R<TreeValue> {
        let Some(p) = parameters else {
            let empty = || TreeValue::List(Vec::new());
            return Ok(bare(
                "arguments",
                vec![empty(), empty(), none(), empty(), empty(), none(), empty()],
            ));
        };
        let mut posonly = Vec::new();
        let mut args = Vec::new();
        let mut defaults = Vec::new();
        for (i, param) in p.posonlyargs.iter().chain(&p.args).enumerate() {
            let arg = self.arg(&param.parameter)?;
            if i < p.posonlyargs.len() {
                posonly.push(arg);
            } else {
                args.push(arg);
            }
            if let Some(default) = &param.default {
                defaults.push(self.expr(default)?);
            }
        }
        let vararg = match &p.vararg {
            Some(v) => self.arg(v)?,
            None => none(),
        };
        let mut kwonly = Vec::new();
        let mut kw_defaults = Vec::new();
        for param in &p.kwonlyargs {
            kwonly.push(self.arg(&param.parameter)?);
            kw_defaults.push(self.opt_expr(param.default.as_deref())?);
        }
        let kwarg = match &p.kwarg {
            Some(k) => self.arg(k)?,
            None => none(),
        };
        Ok(bare(
            "arguments",
            vec![
                TreeValue::List(posonly),
                TreeValue::List(args),
                vararg,
                TreeValue::List(kwonly),
                TreeValue::List(kw_defaults),
                kwarg,
                TreeValue::List(defaults),
            ],
        ))
    }

    // ---- expressions --------------------------------------------------------------------

    fn expr(&mut self, expr: &rast::Expr) -> R<TreeValue> {
        self.nested(expr.range(), |b| b.expr_inner(expr))
    }

    fn comprehensions(&mut self, generators: &[rast::Comprehension]) -> R<TreeValue> {
        let mut out = Vec::with_capacity(generators.len());
        for g in generators {
            let fields = vec![
                self.expr(&g.target)?,
                self.expr(&g.iter)?,
                self.exprs(&g.ifs)?,
                int(i64::from(g.is_async)),
            ];
            out.push(bare("comprehension", fields));
        }
        Ok(TreeValue::List(out))
    }

    fn expr_inner(&mut self, expr: &rast::Expr) -> R<TreeValue> {
        use rast::Expr as E;
        let range = expr.range();
        Ok(match expr {
            E::BoolOp(b) => {
                let op = bare(if b.op == rast::BoolOp::And { "And" } else { "Or" }, Vec::new());
                let values = self.exprs(&b.values)?;
                self.node("BoolOp", vec![op, values], range)
            }
            E::Named(n) => {
                let fields = vec![self.expr(&n.target)?, self.expr(&n.value)?];
                self.node("NamedExpr", fields, range)
            }
            E::BinOp(b) => {
                let fields = vec![self.expr(&b.left)?, operator(b.op), self.expr(&b.right)?];
                self.node("BinOp", fields, range)
            }
            E::UnaryOp(u) => {
                let op = match u.op {
                    rast::UnaryOp::Invert => "Invert",
                    rast::UnaryOp::Not => "Not",
                    rast::UnaryOp::UAdd => "UAdd",
                    rast::UnaryOp::USub => "USub",
                };
                let operand = self.expr(&u.operand)?;
                self.node("UnaryOp", vec![bare(op, Vec::new()), operand], range)
            }
            E::Lambda(l) => {
                let fields = vec![self.arguments(l.parameters.as_deref())?, self.expr(&l.body)?];
                self.node("Lambda", fields, range)
            }
            E::If(i) => {
                let fields = vec![self.expr(&i.test)?, self.expr(&i.body)?, self.expr(&i.orelse)?];
                self.node("IfExp", fields, range)
            }
            E::Dict(d) => {
                let mut keys = Vec::with_capacity(d.items.len());
                let mut values = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    keys.push(self.opt_expr(item.key.as_ref())?);
                    values.push(self.expr(&item.value)?);
                }
                self.node("Dict", vec![TreeValue::List(keys), TreeValue::List(values)], range)
            }
            E::Set(s) => {
                let elts = self.exprs(&s.elts)?;
                self.node("Set", vec![elts], range)
            }
            E::ListComp(c) => {
                let fields = vec![self.expr(&c.elt)?, self.comprehensions(&c.generators)?];
                self.node("ListComp", fields, range)
            }
            E::SetComp(c) => {
                let fields = vec![self.expr(&c.elt)?, self.comprehensions(&c.generators)?];
                self.node("SetComp", fields, range)
            }
            E::DictComp(c) => {
                let fields = vec![
                    self.opt_expr(c.key.as_deref())?,
                    self.expr(&c.value)?,
                    self.comprehensions(&c.generators)?,
                ];
                self.node("DictComp", fields, range)
            }
            E::Generator(g) => {
                let fields = vec![self.expr(&g.elt)?, self.comprehensions(&g.generators)?];
                // A call's only argument: CPython's range takes the call's parentheses.
                let range = if g.parenthesized { range } else { self.widen_to_parens(range) };
                self.node("GeneratorExp", fields, range)
            }
            E::Await(a) => {
                let value = self.expr(&a.value)?;
                self.node("Await", vec![value], range)
            }
            E::Yield(y) => {
                let value = self.opt_expr(y.value.as_deref())?;
                self.node("Yield", vec![value], range)
            }
            E::YieldFrom(y) => {
                let value = self.expr(&y.value)?;
                self.node("YieldFrom", vec![value], range)
            }
            E::Compare(c) => {
                let ops = c.ops.iter().map(|op| bare(cmp_op(*op), Vec::new())).collect();
                let fields =
                    vec![self.expr(&c.left)?, TreeValue::List(ops), self.exprs(&c.comparators)?];
                self.node("Compare", fields, range)
            }
            E::Call(c) => {
                let fields = vec![
                    self.expr(&c.func)?,
                    self.exprs(&c.arguments.args)?,
                    self.keywords(&c.arguments.keywords)?,
                ];
                self.node("Call", fields, range)
            }
            E::FString(f) => self.joined_str(f, range)?,
            E::TString(_) | E::IpyEscapeCommand(_) => {
                return Err(RawError::syntax("invalid syntax", range))
            }
            E::StringLiteral(s) => {
                let text: String = s.value.iter().map(|p| &*p.value).collect();
                let kind = if s.value.is_unicode() { string("u") } else { none() };
                self.node("Constant", vec![string(&text), kind], range)
            }
            E::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                self.node("Constant", vec![konst(Constant::Bytes(bytes.into())), none()], range)
            }
            E::NumberLiteral(n) => {
                let value = match &n.value {
                    rast::Number::Int(_) => {
                        let text = &self.source[range.start().to_usize()..range.end().to_usize()];
                        match super::convert::parse_int(text) {
                            Some(v) => Constant::Int(v),
                            None => return Err(RawError::syntax("invalid syntax", range)),
                        }
                    }
                    rast::Number::Float(f) => Constant::Float(*f),
                    rast::Number::Complex { real, imag } => {
                        Constant::Complex { real: *real, imag: *imag }
                    }
                };
                self.node("Constant", vec![konst(value), none()], range)
            }
            E::BooleanLiteral(b) => {
                self.node("Constant", vec![konst(Constant::Bool(b.value)), none()], range)
            }
            E::NoneLiteral(_) => self.node("Constant", vec![none(), none()], range),
            E::EllipsisLiteral(_) => {
                self.node("Constant", vec![konst(Constant::Ellipsis), none()], range)
            }
            E::Attribute(a) => {
                let fields = vec![self.expr(&a.value)?, ident(&a.attr), context(a.ctx)];
                self.node("Attribute", fields, range)
            }
            E::Subscript(s) => {
                let fields = vec![self.expr(&s.value)?, self.expr(&s.slice)?, context(s.ctx)];
                self.node("Subscript", fields, range)
            }
            E::Starred(s) => {
                let fields = vec![self.expr(&s.value)?, context(s.ctx)];
                self.node("Starred", fields, range)
            }
            E::Name(n) => self.node("Name", vec![string(n.id.as_str()), context(n.ctx)], range),
            E::List(l) => {
                let fields = vec![self.exprs(&l.elts)?, context(l.ctx)];
                self.node("List", fields, range)
            }
            E::Tuple(t) => {
                let fields = vec![self.exprs(&t.elts)?, context(t.ctx)];
                self.node("Tuple", fields, range)
            }
            E::Slice(s) => {
                let fields = vec![
                    self.opt_expr(s.lower.as_deref())?,
                    self.opt_expr(s.upper.as_deref())?,
                    self.opt_expr(s.step.as_deref())?,
                ];
                self.node("Slice", fields, range)
            }
        })
    }

    /// The range widened to the parentheses right around it (skipping blanks), if any.
    fn widen_to_parens(&self, range: TextRange) -> TextRange {
        let before = self.source[..range.start().to_usize()].trim_end();
        let after_start = range.end().to_usize();
        let after = &self.source[after_start..];
        let after_trimmed = after.trim_start();
        if before.ends_with('(') && after_trimmed.starts_with(')') {
            let start = before.len() - 1;
            let end = after_start + (after.len() - after_trimmed.len()) + 1;
            TextRange::new(TextSize::new(start as u32), TextSize::new(end as u32))
        } else {
            range
        }
    }

    /// An f-string (with the literals concatenated to it) as CPython 3.11's `JoinedStr`:
    /// adjacent literal text merged into one `Constant`, each replacement field a
    /// `FormattedValue`; the parts carry the whole string's position, as in 3.11.
    fn joined_str(&mut self, f: &rast::ExprFString, range: TextRange) -> R<TreeValue> {
        let mut parts: Vec<Part> = Vec::new();
        for part in f.value.iter() {
            match part {
                rast::FStringPart::Literal(s) => push_text(&mut parts, &s.value),
                rast::FStringPart::FString(fs) => {
                    // 3.11 gives a format spec's `JoinedStr` the span of the f-string
                    // holding it.
                    let spec = fs.range;
                    self.fstring_elements(&fs.elements, &mut parts, range, spec)?
                }
            }
        }
        let position = range;
        let values = parts
            .into_iter()
            .map(|part| match part {
                Part::Text(text) => self.node("Constant", vec![string(&text), none()], position),
                Part::Value(value) => value,
            })
            .collect();
        Ok(self.node("JoinedStr", vec![TreeValue::List(values)], range))
    }

    fn fstring_elements(
        &mut self,
        elements: &[rast::InterpolatedStringElement],
        parts: &mut Vec<Part>,
        whole: TextRange,
        spec_range: TextRange,
    ) -> R<()> {
        for element in elements {
            match element {
                rast::InterpolatedStringElement::Literal(l) => push_text(parts, &l.value),
                rast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(debug) = &i.debug_text {
                        push_text(parts, debug.as_str());
                    }
                    let value = self.expr(&i.expression)?;
                    let conversion = match i.conversion {
                        rast::ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            114
                        }
                        rast::ConversionFlag::None => -1,
                        rast::ConversionFlag::Str => 115,
                        rast::ConversionFlag::Repr => 114,
                        rast::ConversionFlag::Ascii => 97,
                    };
                    let format_spec = match &i.format_spec {
                        Some(spec) => {
                            let mut spec_parts = Vec::new();
                            self.fstring_elements(
                                &spec.elements,
                                &mut spec_parts,
                                whole,
                                spec_range,
                            )?;
                            // 3.11: a spec of literal text only has it at the spec's
                            // span; with replacement fields, at the whole string's.
                            let literal = spec_parts.iter().all(|p| matches!(p, Part::Text(_)));
                            let text_range = if literal { spec_range } else { whole };
                            let values = spec_parts
                                .into_iter()
                                .map(|part| match part {
                                    Part::Text(text) => self.node(
                                        "Constant",
                                        vec![string(&text), none()],
                                        text_range,
                                    ),
                                    Part::Value(value) => value,
                                })
                                .collect();
                            self.node("JoinedStr", vec![TreeValue::List(values)], spec_range)
                        }
                        None => none(),
                    };
                    parts.push(Part::Value(self.node(
                        "FormattedValue",
                        vec![value, int(conversion), format_spec],
                        whole,
                    )));
                }
            }
        }
        Ok(())
    }

    // ---- patterns -----------------------------------------------------------------------

    fn patterns(&mut self, patterns: &[rast::Pattern]) -> R<TreeValue> {
        Ok(TreeValue::List(patterns.iter().map(|p| self.pattern(p)).collect::<R<_>>()?))
    }

    fn pattern(&mut self, pattern: &rast::Pattern) -> R<TreeValue> {
        self.nested(pattern.range(), |b| b.pattern_inner(pattern))
    }

    fn pattern_inner(&mut self, pattern: &rast::Pattern) -> R<TreeValue> {
        use rast::Pattern as P;
        let range = pattern.range();
        Ok(match pattern {
            P::MatchValue(v) => {
                let value = self.expr(&v.value)?;
                self.node("MatchValue", vec![value], range)
            }
            P::MatchSingleton(s) => {
                let value = match s.value {
                    rast::Singleton::None => Constant::None,
                    rast::Singleton::True => Constant::Bool(true),
                    rast::Singleton::False => Constant::Bool(false),
                };
                self.node("MatchSingleton", vec![konst(value)], range)
            }
            P::MatchSequence(s) => {
                let patterns = self.patterns(&s.patterns)?;
                self.node("MatchSequence", vec![patterns], range)
            }
            P::MatchMapping(m) => {
                let fields = vec![
                    self.exprs(&m.keys)?,
                    self.patterns(&m.patterns)?,
                    opt_ident(m.rest.as_ref()),
                ];
                self.node("MatchMapping", fields, range)
            }
            P::MatchClass(c) => {
                let cls = self.expr(&c.cls)?;
                let patterns = self.patterns(&c.arguments.patterns)?;
                let attrs =
                    TreeValue::List(c.arguments.keywords.iter().map(|k| ident(&k.attr)).collect());
                let mut kwd_patterns = Vec::with_capacity(c.arguments.keywords.len());
                for keyword in &c.arguments.keywords {
                    kwd_patterns.push(self.pattern(&keyword.pattern)?);
                }
                self.node(
                    "MatchClass",
                    vec![cls, patterns, attrs, TreeValue::List(kwd_patterns)],
                    range,
                )
            }
            P::MatchStar(s) => self.node("MatchStar", vec![opt_ident(s.name.as_ref())], range),
            P::MatchAs(a) => {
                let inner = match &a.pattern {
                    Some(p) => self.pattern(p)?,
                    None => none(),
                };
                self.node("MatchAs", vec![inner, opt_ident(a.name.as_ref())], range)
            }
            P::MatchOr(o) => {
                let patterns = self.patterns(&o.patterns)?;
                self.node("MatchOr", vec![patterns], range)
            }
        })
    }
}

/// A piece of a `JoinedStr` being built: literal text (merged) or a `FormattedValue`.
enum Part {
    Text(String),
    Value(TreeValue),
}

fn push_text(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Text(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Text(text.to_string()));
    }
}

fn context(ctx: rast::ExprContext) -> TreeValue {
    bare(
        match ctx {
            rast::ExprContext::Store => "Store",
            rast::ExprContext::Del => "Del",
            _ => "Load",
        },
        Vec::new(),
    )
}

fn operator(op: rast::Operator) -> TreeValue {
    use rast::Operator as O;
    let name = match op {
        O::Add => "Add",
        O::Sub => "Sub",
        O::Mult => "Mult",
        O::MatMult => "MatMult",
        O::Div => "Div",
        O::Mod => "Mod",
        O::Pow => "Pow",
        O::LShift => "LShift",
        O::RShift => "RShift",
        O::BitOr => "BitOr",
        O::BitXor => "BitXor",
        O::BitAnd => "BitAnd",
        O::FloorDiv => "FloorDiv",
    };
    bare(name, Vec::new())
}

fn cmp_op(op: rast::CmpOp) -> &'static str {
    use rast::CmpOp as C;
    match op {
        C::Eq => "Eq",
        C::NotEq => "NotEq",
        C::Lt => "Lt",
        C::LtE => "LtE",
        C::Gt => "Gt",
        C::GtE => "GtE",
        C::Is => "Is",
        C::IsNot => "IsNot",
        C::In => "In",
        C::NotIn => "NotIn",
    }
}
