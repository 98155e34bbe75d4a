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

mod expr;

use expr::operator;

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

/// Whether a statement has a block (its range ends with its block's).
fn is_compound(stmt: &rast::Stmt) -> bool {
    use rast::Stmt as S;
    matches!(
        stmt,
        S::FunctionDef(_)
            | S::ClassDef(_)
            | S::For(_)
            | S::While(_)
            | S::If(_)
            | S::With(_)
            | S::Match(_)
            | S::Try(_)
    )
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
        // A compound statement ends where its block's last token does: with the `;` after
        // its last simple statement (`if a: b;`), as CPython's grammar sees it.
        let range = if is_compound(stmt) { self.with_semicolon(range) } else { range };
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
                    let handler_range = self.with_semicolon(h.range);
                    handlers.push(self.node("ExceptHandler", fields, handler_range));
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

    /// `range` extended over a `;` (after blanks) that follows it.
    fn with_semicolon(&self, range: TextRange) -> TextRange {
        let rest = &self.source[range.end().to_usize()..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[blanks..].starts_with(';') {
            TextRange::new(range.start(), range.end() + TextSize::new(blanks as u32 + 1))
        } else {
            range
        }
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
}
