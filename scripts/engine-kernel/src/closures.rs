//! Engine B: closure compilation. Each node compiles once into a boxed closure that evaluates
//! it; locals live in fixed slots of one value stack shared by all frames, as in the bytecode
//! engine. A call is a Rust call: the callee's body runs on the Rust stack of the caller.

use std::cell::OnceCell;
use std::rc::Rc;

use pyrc::object::error::{Exc, Res, TraceEntry};
use pyrc::object::runtime as rt;
use pyrc::object::PyRef;
use pyrc::types::ops::{self, CompareOp};

use crate::ast::{Expr, Function, Program, Stmt, StmtKind};
use crate::fast::Values;

/// One activation: the shared slots, where this frame's locals start, the call depth.
pub struct Frame<'s> {
    slots: &'s mut Vec<PyRef>,
    base: usize,
    depth: usize,
}

/// How a statement ended.
pub enum Flow {
    Next,
    Return(PyRef),
}

type ExprFn = Box<dyn Fn(&mut Frame) -> Res<PyRef>>;
type StmtFn = Box<dyn Fn(&mut Frame) -> Res<Flow>>;

pub struct Body {
    params: u32,
    locals: u32,
    stmts: Vec<StmtFn>,
}

impl Body {
    fn run(&self, frame: &mut Frame) -> Res<PyRef> {
        for stmt in &self.stmts {
            if let Flow::Return(value) = stmt(frame)? {
                return Ok(value);
            }
        }
        Ok(rt::none())
    }
}

/// Each function's body, filled once compiled; calls hold the cell of their callee, so
/// recursion needs no lookup.
type Table = Vec<Rc<OnceCell<Body>>>;

/// What compiling needs: the callees' cells, and the fast variant's values when it is on.
struct Ctx {
    table: Table,
    fast: Option<Rc<Values>>,
}

pub struct Compiled {
    entry: Rc<OnceCell<Body>>,
}

pub fn compile(program: &Program, fast: bool) -> Compiled {
    let table: Table = program.functions.iter().map(|_| Rc::new(OnceCell::new())).collect();
    let ctx = Ctx { table, fast: fast.then(Values::new) };
    for (function, cell) in program.functions.iter().zip(&ctx.table) {
        let body = compile_function(&ctx, function);
        assert!(cell.set(body).is_ok(), "compiled twice");
    }
    Compiled { entry: ctx.table[0].clone() }
}

fn compile_function(ctx: &Ctx, function: &Function) -> Body {
    let name: Rc<str> = function.name.into();
    Body {
        params: function.params,
        locals: function.locals,
        stmts: function.body.iter().map(|s| stmt_fn(ctx, &name, s)).collect(),
    }
}

/// The cold path: the innermost statement of a frame that an exception leaves records its
/// line (compound statements only pass the error on, so each frame gets one entry; calls add
/// theirs on the way out, innermost first, so the list is reversed at the top).
fn at_line(name: &Rc<str>, line: u32) -> impl Fn(Exc) -> Exc + '_ {
    move |mut e| {
        e.traceback.push(TraceEntry {
            filename: "kernels.py".into(),
            line,
            function: name.clone(),
        });
        e
    }
}

fn block(ctx: &Ctx, name: &Rc<str>, body: &[Stmt]) -> Vec<StmtFn> {
    body.iter().map(|s| stmt_fn(ctx, name, s)).collect()
}

/// A test's truth: the fast variant's, or pyrc's (one predictable branch per test).
fn truth(fast: &Option<Rc<Values>>, value: &PyRef) -> Res<bool> {
    match fast {
        Some(values) => values.truthy(value),
        None => ops::truthy(value),
    }
}

fn stmt_fn(ctx: &Ctx, name: &Rc<str>, stmt: &Stmt) -> StmtFn {
    let line = stmt.line;
    let name = name.clone();
    let fast = ctx.fast.clone();
    match &stmt.kind {
        StmtKind::Assign(slot, value) => {
            let value = expr_fn(ctx, value);
            let slot = *slot as usize;
            Box::new(move |f| {
                let v = value(f).map_err(at_line(&name, line))?;
                let at = f.base + slot;
                f.slots[at] = v;
                Ok(Flow::Next)
            })
        }
        StmtKind::While(test, body) => {
            let test = expr_fn(ctx, test);
            let body = block(ctx, &name, body);
            Box::new(move |f| loop {
                let t = test(f).map_err(at_line(&name, line))?;
                if !truth(&fast, &t).map_err(at_line(&name, line))? {
                    return Ok(Flow::Next);
                }
                for stmt in &body {
                    if let Flow::Return(value) = stmt(f)? {
                        return Ok(Flow::Return(value));
                    }
                }
            })
        }
        StmtKind::If(test, body) => {
            let test = expr_fn(ctx, test);
            let body = block(ctx, &name, body);
            Box::new(move |f| {
                let t = test(f).map_err(at_line(&name, line))?;
                if truth(&fast, &t).map_err(at_line(&name, line))? {
                    for stmt in &body {
                        if let Flow::Return(value) = stmt(f)? {
                            return Ok(Flow::Return(value));
                        }
                    }
                }
                Ok(Flow::Next)
            })
        }
        StmtKind::Return(value) => {
            let value = expr_fn(ctx, value);
            Box::new(move |f| Ok(Flow::Return(value(f).map_err(at_line(&name, line))?)))
        }
    }
}

/// CPython's default recursion limit (each level is a few Rust frames here).
const MAX_DEPTH: usize = 1000;

fn expr_fn(ctx: &Ctx, expr: &Expr) -> ExprFn {
    match expr {
        Expr::Int(v) => {
            let c = rt::int(*v);
            Box::new(move |_| Ok(c.clone()))
        }
        Expr::Float(v) => {
            let c = rt::float(*v);
            Box::new(move |_| Ok(c.clone()))
        }
        Expr::Local(slot) => {
            let slot = *slot as usize;
            Box::new(move |f| Ok(f.slots[f.base + slot].clone()))
        }
        Expr::Bin(op, a, b) => {
            let (op, a, b) = (*op, expr_fn(ctx, a), expr_fn(ctx, b));
            if let Some(values) = ctx.fast.clone() {
                return Box::new(move |f| {
                    let x = a(f)?;
                    let y = b(f)?;
                    values.binary(op, &x, &y)
                });
            }
            Box::new(move |f| {
                let x = a(f)?;
                let y = b(f)?;
                ops::binary_op(op, &x, &y)
            })
        }
        Expr::Lt(a, b) => {
            let (a, b) = (expr_fn(ctx, a), expr_fn(ctx, b));
            if let Some(values) = ctx.fast.clone() {
                return Box::new(move |f| {
                    let x = a(f)?;
                    let y = b(f)?;
                    values.less(&x, &y)
                });
            }
            Box::new(move |f| {
                let x = a(f)?;
                let y = b(f)?;
                ops::compare(&x, &y, CompareOp::Lt)
            })
        }
        Expr::Call(function, args) => {
            let callee = ctx.table[*function as usize].clone();
            let args: Vec<ExprFn> = args.iter().map(|a| expr_fn(ctx, a)).collect();
            Box::new(move |f| {
                if f.depth + 1 >= MAX_DEPTH {
                    return rt::raise(
                        pyrc::object::exceptions::ExcKind::RecursionError,
                        "maximum recursion depth exceeded",
                    );
                }
                let body = callee.get().expect("compiled before running");
                let base = f.slots.len();
                for a in &args {
                    let v = a(f)?;
                    f.slots.push(v);
                }
                for _ in body.params..body.locals {
                    f.slots.push(rt::none());
                }
                let mut callee_frame = Frame { slots: &mut *f.slots, base, depth: f.depth + 1 };
                let result = body.run(&mut callee_frame);
                f.slots.truncate(base);
                result
            })
        }
    }
}

pub fn run(compiled: &Compiled, arg: PyRef) -> Res<PyRef> {
    let body = compiled.entry.get().expect("compiled");
    let mut slots = Vec::with_capacity(256);
    slots.push(arg);
    for _ in body.params..body.locals {
        slots.push(rt::none());
    }
    let mut frame = Frame { slots: &mut slots, base: 0, depth: 0 };
    body.run(&mut frame).map_err(|mut e| {
        e.traceback.reverse();
        e
    })
}
