//! The three kernels, as trees for the engines and as plain Rust for the expected results
//! (lines refer to `kernels.py`, which holds the same kernels for python3 and pyrc today).

use crate::ast::*;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Kernel {
    Loop,
    Fib,
    Float,
}

impl Kernel {
    pub fn parse(name: &str) -> Option<Kernel> {
        match name {
            "loop" => Some(Kernel::Loop),
            "fib" => Some(Kernel::Fib),
            "float" => Some(Kernel::Float),
            _ => None,
        }
    }

    pub fn program(self) -> Program {
        match self {
            Kernel::Loop => loop_program(),
            Kernel::Fib => fib_program(),
            Kernel::Float => float_program(),
        }
    }

    /// The expected result, the number of "iterations" (loop turns, or calls for fib) and the
    /// number of objects pyrc's own operations create on the way (results outside the
    /// small-int cache, every float result), all computed in plain Rust.
    pub fn expected(self, n: i64) -> Expected {
        match self {
            Kernel::Loop => loop_expected(n),
            Kernel::Fib => {
                let mut e = Expected { value: Value::Int(0), iterations: 0, objects: 0 };
                let v = fib_expected(n, &mut e);
                e.value = Value::Int(v);
                e
            }
            Kernel::Float => float_expected(n),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Value {
    Int(i64),
    Float(f64),
}

pub struct Expected {
    pub value: Value,
    pub iterations: u64,
    pub objects: u64,
}

fn boxed(v: i64) -> u64 {
    u64::from(
        !(pyrc::object::runtime::SMALL_INT_MIN..=pyrc::object::runtime::SMALL_INT_MAX).contains(&v),
    )
}

// def loop(n):                                  # line 4
//     total = 0                                 # line 5
//     i = 0                                     # line 6
//     while i < n:                              # line 7
//         total = total + i * 3 % 7             # line 8
//         i = i + 1                             # line 9
//     return total                              # line 10
fn loop_program() -> Program {
    let (n, total, i) = (0, 1, 2);
    let body = vec![
        assign(5, total, int(0)),
        assign(6, i, int(0)),
        while_(
            7,
            lt(local(i), local(n)),
            vec![
                assign(8, total, add(local(total), rem(mul(local(i), int(3)), int(7)))),
                assign(9, i, add(local(i), int(1))),
            ],
        ),
        return_(10, local(total)),
    ];
    Program { functions: vec![Function { name: "loop", params: 1, locals: 3, body }] }
}

fn loop_expected(n: i64) -> Expected {
    let (mut total, mut i, mut allocs) = (0i64, 0i64, 0u64);
    while i < n {
        let product = i * 3;
        let r = product % 7;
        total += r;
        allocs += boxed(product) + boxed(r) + boxed(total);
        i += 1;
        allocs += boxed(i);
    }
    Expected { value: Value::Int(total), iterations: n as u64, objects: allocs }
}

// def fib(n):                                   # line 13
//     if n < 2:                                 # line 14
//         return n                              # line 15
//     return fib(n - 1) + fib(n - 2)            # line 16
fn fib_program() -> Program {
    let n = 0;
    let body = vec![
        if_(14, lt(local(n), int(2)), vec![return_(15, local(n))]),
        return_(
            16,
            add(call(0, vec![sub(local(n), int(1))]), call(0, vec![sub(local(n), int(2))])),
        ),
    ];
    Program { functions: vec![Function { name: "fib", params: 1, locals: 1, body }] }
}

fn fib_expected(n: i64, e: &mut Expected) -> i64 {
    e.iterations += 1;
    if n < 2 {
        return n;
    }
    let v = fib_expected(n - 1, e) + fib_expected(n - 2, e);
    e.objects += boxed(n - 1) + boxed(n - 2) + boxed(v);
    v
}

// def float_kernel(n):                          # line 19
//     x = 0.0                                   # line 20
//     y = 0.5                                   # line 21
//     vx = 1.0                                  # line 22
//     vy = 0.25                                 # line 23
//     dt = 0.01                                 # line 24
//     k = 0.3                                   # line 25
//     i = 0                                     # line 26
//     while i < n:                              # line 27
//         vx = vx - x * k * dt                  # line 28
//         vy = vy - y * k * dt                  # line 29
//         x = x + vx * dt                       # line 30
//         y = y + vy * dt                       # line 31
//         i = i + 1                             # line 32
//     return x + y                              # line 33
fn float_program() -> Program {
    let (n, x, y, vx, vy, dt, k, i) = (0, 1, 2, 3, 4, 5, 6, 7);
    let body = vec![
        assign(20, x, float(0.0)),
        assign(21, y, float(0.5)),
        assign(22, vx, float(1.0)),
        assign(23, vy, float(0.25)),
        assign(24, dt, float(0.01)),
        assign(25, k, float(0.3)),
        assign(26, i, int(0)),
        while_(
            27,
            lt(local(i), local(n)),
            vec![
                assign(28, vx, sub(local(vx), mul(mul(local(x), local(k)), local(dt)))),
                assign(29, vy, sub(local(vy), mul(mul(local(y), local(k)), local(dt)))),
                assign(30, x, add(local(x), mul(local(vx), local(dt)))),
                assign(31, y, add(local(y), mul(local(vy), local(dt)))),
                assign(32, i, add(local(i), int(1))),
            ],
        ),
        return_(33, add(local(x), local(y))),
    ];
    Program { functions: vec![Function { name: "float_kernel", params: 1, locals: 8, body }] }
}

fn float_expected(n: i64) -> Expected {
    let (mut x, mut y, mut vx, mut vy, dt, k) = (0.0f64, 0.5f64, 1.0f64, 0.25f64, 0.01, 0.3);
    let (mut i, mut allocs) = (0i64, 0u64);
    while i < n {
        vx -= x * k * dt;
        vy -= y * k * dt;
        x += vx * dt;
        y += vy * dt;
        i += 1;
        allocs += 10 + boxed(i);
    }
    Expected { value: Value::Float(x + y), iterations: n as u64, objects: allocs + 1 }
}
