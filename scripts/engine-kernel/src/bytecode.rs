//! Engine A: bytecode. Each function compiles to a `Vec` of 8-byte instructions, a constant
//! table and a line table; one `match` loop runs them on one value stack shared by all
//! frames (locals in fixed slots at the frame's base, the operand stack above them). Calls
//! push a frame record and continue in the same loop (no Rust recursion), as CPython 3.11.

use pyrc::compile::ast::BinOp;
use pyrc::object::error::{Exc, Res, TraceEntry};
use pyrc::object::runtime as rt;
use pyrc::object::PyRef;
use pyrc::types::ops::{self, CompareOp};

use std::rc::Rc;

use crate::ast::{Expr, Function, Program, Stmt, StmtKind};
use crate::fast::Values;

#[derive(Clone, Copy, Debug)]
pub enum Op {
    LoadConst(u32),
    LoadLocal(u32),
    StoreLocal(u32),
    Binary(BinOp),
    CompareLt,
    /// Pops the test; jumps to the target when it is false.
    PopJumpIfFalse(u32),
    /// The fast variant's instructions (`crate::fast`), chosen at compile time.
    BinaryFast(BinOp),
    CompareLtFast,
    PopJumpIfFalseFast(u32),
    Jump(u32),
    Call {
        function: u16,
        argc: u16,
    },
    Return,
}

const _: () = assert!(std::mem::size_of::<Op>() == 8);

pub struct Code {
    fast: bool,
    name: &'static str,
    ops: Vec<Op>,
    /// The source line of each instruction (a real engine would compress it, as CPython's
    /// location table; it is read only when an exception passes).
    lines: Vec<u32>,
    consts: Vec<PyRef>,
    params: u32,
    locals: u32,
}

pub struct Compiled {
    codes: Vec<Code>,
    values: Rc<Values>,
}

pub fn compile(program: &Program, fast: bool) -> Compiled {
    Compiled {
        codes: program.functions.iter().map(|f| compile_function(f, fast)).collect(),
        values: Values::new(),
    }
}

fn compile_function(function: &Function, fast: bool) -> Code {
    let mut c = Code {
        fast,
        name: function.name,
        ops: Vec::new(),
        lines: Vec::new(),
        consts: Vec::new(),
        params: function.params,
        locals: function.locals,
    };
    for stmt in &function.body {
        stmt_code(&mut c, stmt);
    }
    let none = constant(&mut c, rt::none());
    emit(&mut c, 0, Op::LoadConst(none));
    emit(&mut c, 0, Op::Return);
    c
}

fn emit(c: &mut Code, line: u32, op: Op) -> usize {
    c.ops.push(op);
    c.lines.push(line);
    c.ops.len() - 1
}

fn constant(c: &mut Code, value: PyRef) -> u32 {
    c.consts.push(value);
    (c.consts.len() - 1) as u32
}

fn patch(c: &mut Code, at: usize, target: usize) {
    let target = target as u32;
    c.ops[at] = match c.ops[at] {
        Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
        Op::PopJumpIfFalseFast(_) => Op::PopJumpIfFalseFast(target),
        Op::Jump(_) => Op::Jump(target),
        op => unreachable!("not a jump: {op:?}"),
    };
}

fn stmt_code(c: &mut Code, stmt: &Stmt) {
    let line = stmt.line;
    match &stmt.kind {
        StmtKind::Assign(slot, value) => {
            expr_code(c, line, value);
            emit(c, line, Op::StoreLocal(*slot));
        }
        StmtKind::While(test, body) => {
            let top = c.ops.len();
            expr_code(c, line, test);
            let exit = emit_jump_if_false(c, line);
            for s in body {
                stmt_code(c, s);
            }
            emit(c, line, Op::Jump(top as u32));
            patch(c, exit, c.ops.len());
        }
        StmtKind::If(test, body) => {
            expr_code(c, line, test);
            let skip = emit_jump_if_false(c, line);
            for s in body {
                stmt_code(c, s);
            }
            patch(c, skip, c.ops.len());
        }
        StmtKind::Return(value) => {
            expr_code(c, line, value);
            emit(c, line, Op::Return);
        }
    }
}

fn emit_jump_if_false(c: &mut Code, line: u32) -> usize {
    emit(c, line, if c.fast { Op::PopJumpIfFalseFast(0) } else { Op::PopJumpIfFalse(0) })
}

fn expr_code(c: &mut Code, line: u32, expr: &Expr) {
    match expr {
        Expr::Int(v) => {
            let k = constant(c, rt::int(*v));
            emit(c, line, Op::LoadConst(k));
        }
        Expr::Float(v) => {
            let k = constant(c, rt::float(*v));
            emit(c, line, Op::LoadConst(k));
        }
        Expr::Local(slot) => {
            emit(c, line, Op::LoadLocal(*slot));
        }
        Expr::Bin(op, a, b) => {
            expr_code(c, line, a);
            expr_code(c, line, b);
            emit(c, line, if c.fast { Op::BinaryFast(*op) } else { Op::Binary(*op) });
        }
        Expr::Lt(a, b) => {
            expr_code(c, line, a);
            expr_code(c, line, b);
            emit(c, line, if c.fast { Op::CompareLtFast } else { Op::CompareLt });
        }
        Expr::Call(function, args) => {
            for a in args {
                expr_code(c, line, a);
            }
            emit(c, line, Op::Call { function: *function, argc: args.len() as u16 });
        }
    }
}

/// A suspended caller: where to continue when the callee returns. A generator would be one of
/// these (plus its stack segment) kept on the heap, pushed again by `next()`.
struct FrameRecord<'a> {
    code: &'a Code,
    pc: usize,
    base: usize,
}

/// CPython's default recursion limit, counted without any Rust stack growing.
const MAX_DEPTH: usize = 1000;

pub fn run(compiled: &Compiled, arg: PyRef) -> Res<PyRef> {
    let mut stack: Vec<PyRef> = Vec::with_capacity(256);
    let mut frames: Vec<FrameRecord> = Vec::with_capacity(64);
    let values = &*compiled.values;
    let mut code = &compiled.codes[0];
    let mut base = 0;
    let mut pc = 0;
    stack.push(arg);
    for _ in code.params..code.locals {
        stack.push(rt::none());
    }
    macro_rules! pop {
        () => {
            stack.pop().expect("operand stack underflow")
        };
    }
    macro_rules! check {
        ($result:expr) => {
            match $result {
                Ok(value) => value,
                Err(e) => return Err(traceback(e, code, pc, &frames)),
            }
        };
    }
    loop {
        let op = code.ops[pc];
        pc += 1;
        match op {
            Op::LoadConst(k) => stack.push(code.consts[k as usize].clone()),
            Op::LoadLocal(slot) => stack.push(stack[base + slot as usize].clone()),
            Op::StoreLocal(slot) => {
                let value = pop!();
                stack[base + slot as usize] = value;
            }
            Op::Binary(op) => {
                let b = pop!();
                let a = pop!();
                let result = check!(ops::binary_op(op, &a, &b));
                stack.push(result);
            }
            Op::CompareLt => {
                let b = pop!();
                let a = pop!();
                let result = check!(ops::compare(&a, &b, CompareOp::Lt));
                stack.push(result);
            }
            Op::PopJumpIfFalse(target) => {
                let test = pop!();
                if !check!(ops::truthy(&test)) {
                    pc = target as usize;
                }
            }
            Op::BinaryFast(op) => {
                let b = pop!();
                let a = pop!();
                let result = check!(values.binary(op, &a, &b));
                stack.push(result);
            }
            Op::CompareLtFast => {
                let b = pop!();
                let a = pop!();
                let result = check!(values.less(&a, &b));
                stack.push(result);
            }
            Op::PopJumpIfFalseFast(target) => {
                let test = pop!();
                if !check!(values.truthy(&test)) {
                    pc = target as usize;
                }
            }
            Op::Jump(target) => pc = target as usize,
            Op::Call { function, argc } => {
                if frames.len() + 1 >= MAX_DEPTH {
                    check!(rt::raise(
                        pyrc::object::exceptions::ExcKind::RecursionError,
                        "maximum recursion depth exceeded"
                    ));
                }
                frames.push(FrameRecord { code, pc, base });
                code = &compiled.codes[function as usize];
                base = stack.len() - argc as usize;
                for _ in code.params..code.locals {
                    stack.push(rt::none());
                }
                pc = 0;
            }
            Op::Return => {
                let value = pop!();
                stack.truncate(base);
                match frames.pop() {
                    None => return Ok(value),
                    Some(caller) => {
                        code = caller.code;
                        pc = caller.pc;
                        base = caller.base;
                        stack.push(value);
                    }
                }
            }
        }
    }
}

/// The cold path: one traceback entry per active frame, from the line tables.
fn traceback(mut e: Exc, code: &Code, pc: usize, frames: &[FrameRecord]) -> Exc {
    let entry = |code: &Code, pc: usize| TraceEntry {
        filename: "kernels.py".into(),
        line: code.lines[pc - 1],
        function: code.name.into(),
    };
    for frame in frames {
        e.traceback.push(entry(frame.code, frame.pc));
    }
    e.traceback.push(entry(code, pc));
    e
}

/// A listing, for the README.
pub fn disassemble(compiled: &Compiled) -> String {
    let mut out = String::new();
    for code in &compiled.codes {
        out.push_str(&format!("{}:\n", code.name));
        for (pc, (op, line)) in code.ops.iter().zip(&code.lines).enumerate() {
            out.push_str(&format!("  {pc:3}  line {line:3}  {op:?}\n"));
        }
    }
    out
}
