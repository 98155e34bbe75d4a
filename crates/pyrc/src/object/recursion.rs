//! Recursion accounting: Python-level depth against `sys.getrecursionlimit()`, and the Rust
//! stack actually used, so that deep recursion of any kind (calls, reprs, comparisons) becomes
//! `RecursionError`, never a stack overflow.

use std::cell::Cell;

use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::runtime::{self as rt, raise};

thread_local! {
    /// Python-level depth: calls (and the interpreter's own recursions) in progress.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// `sys.getrecursionlimit()`.
    static LIMIT: Cell<usize> = const { Cell::new(1000) };
    static STACK_BASE: Cell<usize> = const { Cell::new(0) };
    /// How much of the current stack (the thread's, or a generator's) may be used.
    static STACK_LIMIT: Cell<usize> = const { Cell::new(STACK_BUDGET) };
}

/// Rust stack the interpreter may use before raising `RecursionError` (the interpreter thread
/// has a larger stack; this leaves a margin).
const STACK_BUDGET: usize = 200 << 20;

/// Marks the stack base of the interpreter thread (call once at its start).
pub fn mark_stack_base() {
    STACK_BASE.with(|b| b.set(stack_address()));
}

/// An address in the caller's stack frame (for stack accounting; never dereferenced).
#[inline(always)]
pub fn stack_address() -> usize {
    let here = 0u8;
    std::hint::black_box(&here) as *const u8 as usize
}

/// The current stack's base address and budget (generators run on stacks of their own).
pub fn stack_limits() -> (usize, usize) {
    (STACK_BASE.with(Cell::get), STACK_LIMIT.with(Cell::get))
}

/// Switches the stack accounting to another stack (see [`stack_limits`]).
pub fn set_stack_limits((base, limit): (usize, usize)) {
    STACK_BASE.with(|b| b.set(base));
    STACK_LIMIT.with(|l| l.set(limit));
}

fn stack_used() -> usize {
    let base = STACK_BASE.with(Cell::get);
    if base == 0 {
        return 0;
    }
    base.saturating_sub(stack_address())
}

/// Counts one level of Python recursion; raises `RecursionError` past `sys.getrecursionlimit()`
/// or when the Rust stack runs low, whatever the limit says.
pub fn check_recursion() -> Res<()> {
    let depth = DEPTH.with(Cell::get);
    // `+ 1`: the module's own frame, which CPython counts and pyrc's module body does not
    // enter through here (so a recursion fails at the depth CPython's does).
    if depth + 1 >= LIMIT.with(Cell::get) || stack_used() > STACK_LIMIT.with(Cell::get) {
        return raise(ExcKind::RecursionError, "maximum recursion depth exceeded");
    }
    DEPTH.with(|d| d.set(depth + 1));
    Ok(())
}

/// `check_recursion` for recursion inside the interpreter (comparisons, reprs): CPython's
/// message names where it happened.
pub fn check_recursion_in(what: &str) -> Res<()> {
    check_recursion().map_err(|mut e| {
        e.value = rt::exception(
            ExcKind::RecursionError,
            format!("maximum recursion depth exceeded in {what}"),
        );
        e
    })
}

#[inline]
pub fn leave_recursion() {
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
}

/// `sys.getrecursionlimit()`.
pub fn recursion_limit() -> usize {
    LIMIT.with(Cell::get)
}

/// `sys.setrecursionlimit(limit)`.
pub fn set_recursion_limit(limit: usize) {
    LIMIT.with(|l| l.set(limit));
}
