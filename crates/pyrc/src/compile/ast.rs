//! pyrc's own abstract syntax tree.
//!
//! The tree is produced by [`crate::compile::parse`] (the only module that knows about
//! the underlying parser crate) and consumed by the evaluator. It follows the
//! shape of CPython's `ast` module closely, with a few simplifications:
//!
//! * `elif` chains are nested [`Stmt::If`] nodes in `orelse`, as in CPython.
//! * A lambda is represented by the same [`FunctionDef`] as a `def`, with
//!   `is_lambda` set and a body of a single `return <expr>` statement.
//! * Self-documenting f-string fields (`f"{x=}"`) are already lowered to a
//!   literal part plus a formatted value with the right conversion.
//! * An f-string without any replacement field becomes a plain string constant.
//! * Implicitly concatenated literals are already joined.
//! * Expression contexts (load/store/del) are not stored: the evaluator knows
//!   them from the position of the expression (a target or not).
//!
//! Every statement and expression carries a [`Location`]. The tree is never
//! deeper than [`MAX_DEPTH`](crate::compile::parse::MAX_DEPTH) statement/expression
//! levels, so recursive walkers (and the recursive `Drop` glue) need a
//! bounded amount of stack.
//!
//! Constructs the evaluator is not expected to support are kept as [`Stmt::Unsupported`] / [`Expr::Unsupported`]
//! so that the error can be raised when (and only if) they are executed.

use std::fmt;
use std::rc::Rc;

use num_bigint::BigInt;

/// An identifier (variable, attribute, parameter, module name...).
///
/// Names are interned per parse: equal names from one source share one
/// allocation.
pub type Name = Rc<str>;

/// A block of statements (a suite).
pub type Body = Vec<Stmt>;

/// A source position range. Lines are 1-based; columns are 1-based and count
/// characters (Unicode scalar values), not bytes, like the caret column of
/// CPython's tracebacks. `end_column` is exclusive (one past the last
/// character), so `column == end_column` only for empty ranges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Location {
    /// First line of the node (1-based).
    pub line: u32,
    /// Column of the first character of the node (1-based, in characters).
    pub column: u32,
    /// Last line of the node (1-based).
    pub end_line: u32,
    /// Column just past the last character of the node (1-based, in characters).
    pub end_column: u32,
}

impl Location {
    /// A location spanning `line:column` to `end_line:end_column`.
    pub fn new(line: u32, column: u32, end_line: u32, end_column: u32) -> Self {
        Location { line, column, end_line, end_column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A parsed module (a file, a REPL input or an `exec` string).
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The top-level statements.
    pub body: Body,
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// An expression evaluated for its side effects (`f(x)`); in the REPL its
    /// value is printed.
    Expr { value: Expr, location: Location },
    /// `t1 = t2 = value`: `targets` holds every target of a chained assignment
    /// from left to right. A target is a `Name`, `Attribute`, `Subscript`,
    /// or a `Tuple`/`List` of targets which may contain one `Starred` target.
    Assign { targets: Vec<Expr>, value: Expr, location: Location },
    /// `target op= value` (`x += 1`). `target` is a `Name`, `Attribute` or
    /// `Subscript`.
    AugAssign { target: Expr, op: BinOp, value: Expr, location: Location },
    /// `target: annotation [= value]`. `simple` is true when the target is a
    /// bare name not in parentheses (the case that is recorded in
    /// `__annotations__`).
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
        simple: bool,
        location: Location,
    },
    /// `def name(params): body`, possibly decorated.
    FunctionDef(Rc<FunctionDef>),
    /// `class name(bases, keywords): body`, possibly decorated.
    ClassDef(Rc<ClassDef>),
    /// `return [value]`.
    Return { value: Option<Expr>, location: Location },
    /// `del t1, t2`: each target is a `Name`, `Attribute`, `Subscript`
    /// (including slices) or a `Tuple`/`List` of those.
    Delete { targets: Vec<Expr>, location: Location },
    /// `if test: body else: orelse`; an `elif` is a nested `If` as the only
    /// statement of `orelse`.
    If { test: Expr, body: Body, orelse: Body, location: Location },
    /// `while test: body else: orelse` (`orelse` runs when the loop ends
    /// without `break`).
    While { test: Expr, body: Body, orelse: Body, location: Location },
    /// `for target in iter: body else: orelse`.
    /// `for` (`async for` when `is_async`).
    For { target: Expr, iter: Expr, body: Body, orelse: Body, is_async: bool, location: Location },
    /// `break`.
    Break { location: Location },
    /// `continue`.
    Continue { location: Location },
    /// `pass`.
    Pass { location: Location },
    /// `raise [exc [from cause]]`.
    Raise { exc: Option<Expr>, cause: Option<Expr>, location: Location },
    /// `try: body except ...: ... else: orelse finally: finalbody` (`except*` clauses when
    /// `is_star`).
    Try {
        body: Body,
        handlers: Vec<ExceptHandler>,
        orelse: Body,
        finalbody: Body,
        is_star: bool,
        location: Location,
    },
    /// `with item1, item2 as target: body`.
    /// `with` (`async with` when `is_async`).
    With { items: Vec<WithItem>, body: Body, is_async: bool, location: Location },
    /// `assert test[, msg]`.
    Assert { test: Expr, msg: Option<Expr>, location: Location },
    /// `import a.b.c [as d], e`.
    Import { names: Vec<Alias>, location: Location },
    /// `from [.]*module import names`; `level` is the number of leading dots
    /// (0 for absolute imports), `module` is `None` for `from . import x`.
    /// `from m import *` has a single alias named `*`.
    ImportFrom { module: Option<Name>, names: Vec<Alias>, level: u32, location: Location },
    /// `global a, b`.
    Global { names: Vec<Name>, location: Location },
    /// `nonlocal a, b`.
    Nonlocal { names: Vec<Name>, location: Location },
    /// `match subject: case pattern if guard: body ...` (PEP 634).
    Match { subject: Expr, cases: Vec<MatchCase>, location: Location },
    /// A statement the front end parses but pyrc does not implement.
    /// `what` names the construct for the error message.
    Unsupported { what: &'static str, location: Location },
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A variable reference (or binding, when used as a target).
    Name { id: Name, location: Location },
    /// A literal: number, string, bytes, `True`/`False`/`None`/`...`.
    Constant { value: Constant, location: Location },
    /// An f-string with at least one replacement field. Literal parts are
    /// already unescaped and adjacent literals are merged.
    FString { parts: Vec<FStringPart>, location: Location },
    /// `(a, b)` / `a, b` — also a target.
    Tuple { elts: Vec<Expr>, location: Location },
    /// `[a, b]` — also a target.
    List { elts: Vec<Expr>, location: Location },
    /// `{a, b}` (never empty: `{}` is a dict).
    Set { elts: Vec<Expr>, location: Location },
    /// `{k: v, **m}`.
    Dict { items: Vec<DictItem>, location: Location },
    /// `*value`: in a tuple/list/set display, a call's positional arguments,
    /// or (once per tuple/list) an assignment target.
    Starred { value: Box<Expr>, location: Location },
    /// `value.attr`.
    Attribute { value: Box<Expr>, attr: Name, location: Location },
    /// `value[index]`; `index` is a [`Expr::Slice`] for `a[i:j:k]` and a
    /// [`Expr::Tuple`] for `a[i, j]`.
    Subscript { value: Box<Expr>, index: Box<Expr>, location: Location },
    /// `lower:upper:step`, only directly as a subscript index or as an
    /// element of a tuple index (`a[1:2, 3]`).
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
        location: Location,
    },
    /// `func(args, keywords)`. `args` may contain [`Expr::Starred`] for
    /// `*iterable`; a keyword with `arg: None` is `**mapping`.
    Call { func: Box<Expr>, args: Vec<Expr>, keywords: Vec<Keyword>, location: Location },
    /// `left op right`.
    BinOp { left: Box<Expr>, op: BinOp, right: Box<Expr>, location: Location },
    /// `op operand`.
    UnaryOp { op: UnaryOp, operand: Box<Expr>, location: Location },
    /// `a and b and c` / `a or b` (at least two values, short-circuiting).
    BoolOp { op: BoolOp, values: Vec<Expr>, location: Location },
    /// `left op1 c1 op2 c2 ...` — a chained comparison; `ops` and
    /// `comparators` have the same length (at least one).
    Compare { left: Box<Expr>, ops: Vec<CmpOp>, comparators: Vec<Expr>, location: Location },
    /// `body if test else orelse`.
    IfExp { test: Box<Expr>, body: Box<Expr>, orelse: Box<Expr>, location: Location },
    /// `lambda params: body`; the function's body is `[Return(body)]` and
    /// its name `<lambda>`.
    Lambda { func: Rc<FunctionDef>, location: Location },
    /// `[elt for ... if ...]`.
    ListComp { elt: Box<Expr>, generators: Vec<Comprehension>, is_async: bool, location: Location },
    /// `{elt for ... if ...}`.
    SetComp { elt: Box<Expr>, generators: Vec<Comprehension>, is_async: bool, location: Location },
    /// `{key: value for ... if ...}`.
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
        is_async: bool,
        location: Location,
    },
    /// `(elt for ... if ...)`; `is_async` (on every comprehension): an `async for` clause
    /// or an `await` inside makes its code a coroutine (an async generator for this one).
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
        is_async: bool,
        location: Location,
    },
    /// `await value`.
    Await { value: Box<Expr>, location: Location },
    /// `yield [value]` (makes the enclosing function a generator).
    Yield { value: Option<Box<Expr>>, location: Location },
    /// `yield from value`.
    YieldFrom { value: Box<Expr>, location: Location },
    /// `target := value`.
    NamedExpr { target: Name, value: Box<Expr>, location: Location },
    /// An expression pyrc does not implement.
    Unsupported { what: &'static str, location: Location },
}

/// The value of an [`Expr::Constant`].
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// `...`.
    Ellipsis,
    /// An integer literal (any radix, underscores removed).
    Int(IntValue),
    /// A float literal.
    Float(f64),
    /// An imaginary literal `<imag>j`; `real` is always 0.0 for literals.
    Complex { real: f64, imag: f64 },
    /// A string literal (escapes processed, implicit concatenation joined).
    Str(Rc<str>),
    /// A bytes literal (escapes processed, implicit concatenation joined).
    Bytes(Rc<[u8]>),
}

/// An integer literal value. Literals are never negative (`-1` is a unary
/// minus applied to `1`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IntValue {
    /// A value that fits in an `i64`.
    Small(i64),
    /// A larger value.
    Big(BigInt),
}

impl IntValue {
    /// The value as a `BigInt`, whatever its size.
    pub fn to_bigint(&self) -> BigInt {
        match self {
            IntValue::Small(v) => BigInt::from(*v),
            IntValue::Big(v) => v.clone(),
        }
    }
}

/// A part of an f-string.
#[derive(Clone, Debug, PartialEq)]
pub enum FStringPart {
    /// Literal text (escapes and `{{`/`}}` already processed).
    Literal(Rc<str>),
    /// A replacement field `{value!conversion:format_spec}`.
    Formatted(FormattedValue),
}

/// A replacement field of an f-string.
#[derive(Clone, Debug, PartialEq)]
pub struct FormattedValue {
    /// The expression to format.
    pub value: Box<Expr>,
    /// `!s`, `!r`, `!a` or none.
    pub conversion: Conversion,
    /// The format spec after `:`, which may itself contain replacement
    /// fields (`f"{x:{width}}"`); `None` when there is no `:`.
    pub format_spec: Option<Vec<FStringPart>>,
    /// Location of the replacement field (braces included).
    pub location: Location,
}

/// The conversion of an f-string replacement field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Conversion {
    /// No conversion: `format(value, spec)`.
    None,
    /// `!s`: `str(value)` first.
    Str,
    /// `!r`: `repr(value)` first.
    Repr,
    /// `!a`: `ascii(value)` first.
    Ascii,
}

/// An entry of a dict display.
#[derive(Clone, Debug, PartialEq)]
pub struct DictItem {
    /// The key, or `None` for `**value` unpacking.
    pub key: Option<Expr>,
    /// The value (or the mapping to unpack).
    pub value: Expr,
}

/// A keyword argument of a call or class definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// The keyword name, or `None` for `**mapping`.
    pub arg: Option<Name>,
    /// The argument value.
    pub value: Expr,
    /// Location of the whole `name=value` / `**value`.
    pub location: Location,
}

/// One `for target in iter if cond1 if cond2` clause of a comprehension.
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    /// The loop target (same forms as an assignment target).
    pub target: Expr,
    /// The iterable. The first clause's iterable is evaluated in the
    /// enclosing scope, the rest inside the comprehension's scope.
    pub iter: Expr,
    /// Filter conditions, all of which must be true.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// A `def` or a `lambda`.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// The function's name (`<lambda>` for lambdas).
    pub name: Name,
    /// The parameter list.
    pub params: Parameters,
    /// The body; for a lambda a single `Return`.
    pub body: Body,
    /// Decorators, outermost first (applied last to first).
    pub decorators: Vec<Expr>,
    /// The return annotation (`-> expr`), kept but not needed to run.
    pub returns: Option<Expr>,
    /// True when the body (not counting nested functions, lambdas or
    /// classes) contains `yield` or `yield from`.
    pub is_generator: bool,
    /// `async def`: a coroutine function (an async generator function with `yield`).
    pub is_async: bool,
    /// True for a `lambda`.
    pub is_lambda: bool,
    /// From the `def` keyword (not the first decorator: CPython's
    /// `FunctionDef.lineno`) through the end of the body; for a lambda, the
    /// whole lambda expression.
    pub location: Location,
}

/// A `class` definition.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    /// The class name.
    pub name: Name,
    /// Positional arguments of the class header (base classes); may contain
    /// [`Expr::Starred`].
    pub bases: Vec<Expr>,
    /// Keyword arguments of the class header (`metaclass=...`), kept as is.
    pub keywords: Vec<Keyword>,
    /// The class body.
    pub body: Body,
    /// Decorators, outermost first.
    pub decorators: Vec<Expr>,
    /// Location of the `class` keyword through the end of the body.
    pub location: Location,
}

/// The parameter list of a function or lambda.
///
/// Defaults are evaluated at definition time, left to right: positional
/// ones (`posonly` then `args`) first, then keyword-only ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parameters {
    /// Positional-only parameters (before `/`).
    pub posonly: Vec<Param>,
    /// Ordinary positional-or-keyword parameters.
    pub args: Vec<Param>,
    /// `*args` (never has a default).
    pub vararg: Option<Param>,
    /// Keyword-only parameters (after `*` or `*args`).
    pub kwonly: Vec<Param>,
    /// `**kwargs` (never has a default).
    pub kwarg: Option<Param>,
}

impl Parameters {
    /// All parameter names in the order the function's locals are laid out:
    /// positional-only, positional, `*args`, keyword-only, `**kwargs`.
    pub fn names(&self) -> impl Iterator<Item = &Name> {
        self.posonly
            .iter()
            .chain(&self.args)
            .chain(&self.vararg)
            .chain(&self.kwonly)
            .chain(&self.kwarg)
            .map(|p| &p.name)
    }
}

/// One parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The parameter name.
    pub name: Name,
    /// The default value expression, if any.
    pub default: Option<Expr>,
    /// The annotation, if any (kept, not needed to run).
    pub annotation: Option<Expr>,
    /// Location of the parameter name (and annotation).
    pub location: Location,
}

/// An `except` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    /// The exception type(s) to match, or `None` for a bare `except:`.
    pub typ: Option<Expr>,
    /// The `as name` binding.
    pub name: Option<Name>,
    /// The handler body.
    pub body: Body,
    /// Location of the clause (from `except` to the end of its body).
    pub location: Location,
}

/// One `case pattern [if guard]: body` of a `match` statement.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchCase {
    /// The pattern the subject is matched against.
    pub pattern: Pattern,
    /// The `if` guard, evaluated after the pattern's names are bound.
    pub guard: Option<Expr>,
    /// The body run when the pattern matches and the guard holds.
    pub body: Body,
}

/// A pattern of a `case` clause (CPython's `ast.pattern`).
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// A literal or dotted name compared with `==`.
    Value { value: Expr, location: Location },
    /// `None`, `True` or `False`, compared with `is`.
    Singleton { value: Constant, location: Location },
    /// `[p1, *rest, p2]` / `(p1, p2)`: at most one [`Pattern::Star`].
    Sequence { patterns: Vec<Pattern>, location: Location },
    /// `{key: pattern, **rest}`; `keys` are literals or dotted names.
    Mapping { keys: Vec<Expr>, patterns: Vec<Pattern>, rest: Option<Name>, location: Location },
    /// `Cls(p1, p2, attr=p3)`.
    Class {
        cls: Expr,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<Name>,
        kwd_patterns: Vec<Pattern>,
        location: Location,
    },
    /// `*name` / `*_` inside a sequence pattern.
    Star { name: Option<Name>, location: Location },
    /// `pattern as name`, a capture `name` (no pattern) or the wildcard `_` (neither).
    As { pattern: Option<Box<Pattern>>, name: Option<Name>, location: Location },
    /// `p1 | p2 | ...`.
    Or { patterns: Vec<Pattern>, location: Location },
}

impl Pattern {
    /// The pattern's location.
    pub fn location(&self) -> Location {
        match self {
            Pattern::Value { location, .. }
            | Pattern::Singleton { location, .. }
            | Pattern::Sequence { location, .. }
            | Pattern::Mapping { location, .. }
            | Pattern::Class { location, .. }
            | Pattern::Star { location, .. }
            | Pattern::As { location, .. }
            | Pattern::Or { location, .. } => *location,
        }
    }
}

/// One `context_expr [as optional_vars]` item of a `with` statement.
#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    /// The context manager expression.
    pub context_expr: Expr,
    /// The `as` target (any assignment target form).
    pub optional_vars: Option<Expr>,
}

/// One `name [as asname]` of an import statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    /// The imported name; dotted (`a.b.c`) for `import`, `*` for a star import.
    pub name: Name,
    /// The `as` name.
    pub asname: Option<Name>,
    /// Location of the alias.
    pub location: Location,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `@`
    MatMult,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
}

impl BinOp {
    /// The operator's source text (`"+"`, `"//"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mult => "*",
            BinOp::MatMult => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
        }
    }

    /// The augmented assignment's source text (`"+="`, `"//="`, ...).
    pub fn as_augmented_str(self) -> &'static str {
        match self {
            BinOp::Add => "+=",
            BinOp::Sub => "-=",
            BinOp::Mult => "*=",
            BinOp::MatMult => "@=",
            BinOp::Div => "/=",
            BinOp::FloorDiv => "//=",
            BinOp::Mod => "%=",
            BinOp::Pow => "**=",
            BinOp::LShift => "<<=",
            BinOp::RShift => ">>=",
            BinOp::BitOr => "|=",
            BinOp::BitXor => "^=",
            BinOp::BitAnd => "&=",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not`
    Not,
    /// `~`
    Invert,
    /// unary `+`
    UAdd,
    /// unary `-`
    USub,
}

/// Boolean operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoolOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl CmpOp {
    /// The operator's source text (`"=="`, `"not in"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

impl Stmt {
    /// The statement's location.
    pub fn location(&self) -> Location {
        match self {
            Stmt::FunctionDef(f) => f.location,
            Stmt::ClassDef(c) => c.location,
            Stmt::Expr { location, .. }
            | Stmt::Assign { location, .. }
            | Stmt::AugAssign { location, .. }
            | Stmt::AnnAssign { location, .. }
            | Stmt::Return { location, .. }
            | Stmt::Delete { location, .. }
            | Stmt::If { location, .. }
            | Stmt::While { location, .. }
            | Stmt::For { location, .. }
            | Stmt::Break { location }
            | Stmt::Continue { location }
            | Stmt::Pass { location }
            | Stmt::Raise { location, .. }
            | Stmt::Try { location, .. }
            | Stmt::With { location, .. }
            | Stmt::Assert { location, .. }
            | Stmt::Import { location, .. }
            | Stmt::ImportFrom { location, .. }
            | Stmt::Global { location, .. }
            | Stmt::Nonlocal { location, .. }
            | Stmt::Match { location, .. }
            | Stmt::Unsupported { location, .. } => *location,
        }
    }
}

impl Expr {
    /// The expression's location.
    pub fn location(&self) -> Location {
        match self {
            Expr::Name { location, .. }
            | Expr::Constant { location, .. }
            | Expr::FString { location, .. }
            | Expr::Tuple { location, .. }
            | Expr::List { location, .. }
            | Expr::Set { location, .. }
            | Expr::Dict { location, .. }
            | Expr::Starred { location, .. }
            | Expr::Attribute { location, .. }
            | Expr::Subscript { location, .. }
            | Expr::Slice { location, .. }
            | Expr::Call { location, .. }
            | Expr::BinOp { location, .. }
            | Expr::UnaryOp { location, .. }
            | Expr::BoolOp { location, .. }
            | Expr::Compare { location, .. }
            | Expr::IfExp { location, .. }
            | Expr::Lambda { location, .. }
            | Expr::ListComp { location, .. }
            | Expr::SetComp { location, .. }
            | Expr::DictComp { location, .. }
            | Expr::GeneratorExp { location, .. }
            | Expr::Yield { location, .. }
            | Expr::Await { location, .. }
            | Expr::YieldFrom { location, .. }
            | Expr::NamedExpr { location, .. }
            | Expr::Unsupported { location, .. } => *location,
        }
    }
}
