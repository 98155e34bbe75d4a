//! The tiny language both engines run: locals in numbered slots (scope analysis already done),
//! small ints and floats, `+ - * %`, `<`, `while`, `if`, `return` and direct calls of
//! functions of the program by index. Hand-built trees; no parser.

use pyrc::compile::ast::BinOp;

pub type Slot = u32;

pub enum Expr {
    Int(i64),
    Float(f64),
    Local(Slot),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Lt(Box<Expr>, Box<Expr>),
    /// A call of `Program::functions[index]` with positional arguments.
    Call(u16, Vec<Expr>),
}

pub enum StmtKind {
    Assign(Slot, Expr),
    While(Expr, Vec<Stmt>),
    If(Expr, Vec<Stmt>),
    Return(Expr),
}

/// A statement and its source line (for tracebacks).
pub struct Stmt {
    pub line: u32,
    pub kind: StmtKind,
}

pub struct Function {
    pub name: &'static str,
    /// Parameters are slots `0..params`.
    pub params: u32,
    /// All slots, parameters included.
    pub locals: u32,
    pub body: Vec<Stmt>,
}

/// Function 0 is the entry, called with one argument `n`.
pub struct Program {
    pub functions: Vec<Function>,
}

// Builders, to keep the kernels readable.

pub fn int(v: i64) -> Expr {
    Expr::Int(v)
}
pub fn float(v: f64) -> Expr {
    Expr::Float(v)
}
pub fn local(slot: Slot) -> Expr {
    Expr::Local(slot)
}
pub fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::Bin(op, Box::new(a), Box::new(b))
}
pub fn add(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Add, a, b)
}
pub fn sub(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Sub, a, b)
}
pub fn mul(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Mult, a, b)
}
pub fn rem(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Mod, a, b)
}
pub fn lt(a: Expr, b: Expr) -> Expr {
    Expr::Lt(Box::new(a), Box::new(b))
}
pub fn call(function: u16, args: Vec<Expr>) -> Expr {
    Expr::Call(function, args)
}
pub fn assign(line: u32, slot: Slot, value: Expr) -> Stmt {
    Stmt { line, kind: StmtKind::Assign(slot, value) }
}
pub fn while_(line: u32, test: Expr, body: Vec<Stmt>) -> Stmt {
    Stmt { line, kind: StmtKind::While(test, body) }
}
pub fn if_(line: u32, test: Expr, body: Vec<Stmt>) -> Stmt {
    Stmt { line, kind: StmtKind::If(test, body) }
}
pub fn return_(line: u32, value: Expr) -> Stmt {
    Stmt { line, kind: StmtKind::Return(value) }
}
