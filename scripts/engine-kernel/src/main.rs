//! `engine-kernel <bytecode|closures>[-fast] <loop|fib|float> <n>`: compiles the kernel's tree with
//! one engine, runs it once on pyrc's values and operations, checks the result against plain
//! Rust, and prints `result seconds mallocs objects`: allocator calls per iteration (loop turn,
//! or call for fib) made while running, and the objects pyrc's operations create per iteration
//! (from rcgc's pools, which the allocator does not see), then the allocator calls compiling
//! made, and the kernel's CPU time in seconds.
//! `engine-kernel listing <kernel>` prints the bytecode; `engine-kernel traceback <engine>`
//! shows that both engines report lines.

mod ast;
mod bytecode;
mod closures;
mod fast;
mod kernels;

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

use pyrc::object::int::Int;
use pyrc::object::runtime as rt;
use pyrc::object::{Kind, PyRef};

use kernels::{Kernel, Value};

/// pyrc's allocator (mimalloc, as `crates/pyrc/src/main.rs` installs it), counting allocations (the benchmark is single-threaded; relaxed
/// counters cost the same in every engine).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every method forwards to `MiMalloc` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract holds exactly as it does for `MiMalloc`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// This thread's CPU time in seconds. Unlike the wall clock, it leaves out the time other work
/// on the machine held the CPU.
fn thread_cpu_seconds() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid, writable `timespec` for the duration of the call, and
    // `CLOCK_THREAD_CPUTIME_ID` is a clock every Linux provides.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

fn value_of(object: &PyRef) -> Option<Value> {
    match &object.kind {
        Kind::Int(Int::Small(v)) => Some(Value::Int(*v)),
        Kind::Float(v) => Some(Value::Float(*v)),
        _ => None,
    }
}

fn usage() -> ! {
    eprintln!("usage: engine-kernel <bytecode|closures>[-fast] <loop|fib|float> <n>");
    eprintln!("       engine-kernel listing <loop|fib|float>");
    eprintln!("       engine-kernel traceback <bytecode|closures>[-fast]");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    pyrc::cli::initialize(vec!["engine-kernel".into()], false);
    match args.get(1).map(String::as_str) {
        Some("listing") => {
            let kernel = args.get(2).and_then(|k| Kernel::parse(k)).unwrap_or_else(|| usage());
            print!("{}", bytecode::disassemble(&bytecode::compile(&kernel.program(), false)));
        }
        Some("traceback") => traceback(args.get(2).map(String::as_str).unwrap_or_else(|| usage())),
        Some(engine @ ("bytecode" | "closures" | "bytecode-fast" | "closures-fast")) => {
            let kernel = args.get(2).and_then(|k| Kernel::parse(k)).unwrap_or_else(|| usage());
            let n: i64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or_else(|| usage());
            bench(engine, kernel, n);
        }
        _ => usage(),
    }
}

fn bench(engine: &str, kernel: Kernel, n: i64) {
    let expected = kernel.expected(n);
    let program = kernel.program();
    let arg = rt::int(n);
    let fast = engine.ends_with("-fast");
    let at_compile = ALLOCATIONS.load(Relaxed);
    let (result, seconds, cpu, allocations, compile_allocations) = if engine.starts_with("bytecode")
    {
        let compiled = bytecode::compile(&program, fast);
        let before = ALLOCATIONS.load(Relaxed);
        let (cpu, start) = (thread_cpu_seconds(), Instant::now());
        let result = bytecode::run(&compiled, arg);
        let seconds = start.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds() - cpu;
        (result, seconds, cpu, ALLOCATIONS.load(Relaxed) - before, before - at_compile)
    } else {
        let compiled = closures::compile(&program, fast);
        let before = ALLOCATIONS.load(Relaxed);
        let (cpu, start) = (thread_cpu_seconds(), Instant::now());
        let result = closures::run(&compiled, arg);
        let seconds = start.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds() - cpu;
        (result, seconds, cpu, ALLOCATIONS.load(Relaxed) - before, before - at_compile)
    };
    let result = result.unwrap_or_else(|e| panic!("{engine} raised {e:?}"));
    let value = value_of(&result).expect("an int or a float");
    assert_eq!(value, expected.value, "{engine} computed a wrong result");
    let per = |count: u64| count as f64 / expected.iterations as f64;
    let shown = match value {
        Value::Int(v) => v.to_string(),
        Value::Float(v) => format!("{v:?}"),
    };
    println!(
        "{shown} {seconds:.6} {:.3} {:.3} {compile_allocations} {cpu:.6}",
        per(allocations),
        per(expected.objects)
    );
}

/// `fib` with a divisor of zero at its base case: both engines must name every frame's line.
fn traceback(engine: &str) {
    use ast::*;
    let n = 0;
    let program = Program {
        functions: vec![Function {
            name: "fib",
            params: 1,
            locals: 1,
            body: vec![
                if_(14, lt(local(n), int(2)), vec![return_(15, rem(local(n), int(0)))]),
                return_(
                    16,
                    add(call(0, vec![sub(local(n), int(1))]), call(0, vec![sub(local(n), int(2))])),
                ),
            ],
        }],
    };
    let result = match engine {
        "bytecode" => bytecode::run(&bytecode::compile(&program, false), rt::int(3)),
        "closures" => closures::run(&closures::compile(&program, false), rt::int(3)),
        "bytecode-fast" => bytecode::run(&bytecode::compile(&program, true), rt::int(3)),
        "closures-fast" => closures::run(&closures::compile(&program, true), rt::int(3)),
        _ => usage(),
    };
    let e = result.err().expect("ZeroDivisionError");
    for entry in &e.traceback {
        println!("  File \"{}\", line {}, in {}", entry.filename, entry.line, entry.function);
    }
    println!("{}", pyrc::object::class::type_name(&e.value));
}
