//! Traceback objects (CPython's `Python/traceback.c`): one per frame an exception passed
//! through, linked by `tb_next` from the outermost frame to the innermost (where it was
//! raised). The execution layer makes them (`vm::eval::traceback`); their attributes are
//! `types::frame`'s. An exception keeps its chain's head as `__traceback__` in its dict (pyrc
//! keeps `args`, `__cause__` and `__context__` there as well), so the exception → traceback →
//! frame → locals → exception cycles CPython has are ordinary edges the collector follows.

use std::cell::RefCell;

use rcgc::{Gc, Visitor};

use crate::object::PyRef;
use crate::object::{alloc, Kind};

/// A traceback object's data.
pub struct TracebackObject {
    /// The frame object the exception passed through (`tb_frame`).
    pub frame: PyRef,
    /// The line it was at (`tb_lineno`).
    pub lineno: u32,
    /// The instruction it was at, as CPython's byte offset (`tb_lasti`: two per instruction).
    pub lasti: i64,
    /// The traceback of the next frame inwards (`tb_next`, writable as in 3.7+).
    pub next: RefCell<Option<PyRef>>,
}

impl TracebackObject {
    /// Visits the frame and the next traceback.
    pub fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.frame);
        if let Ok(next) = self.next.try_borrow() {
            if let Some(next) = next.as_ref() {
                visitor.visit(next);
            }
        }
    }
}

/// A new traceback object whose `tb_next` is `next` (PyTraceBack_Here's `tb_create_raw`).
pub fn new_traceback(frame: PyRef, lineno: u32, lasti: i64, next: Option<PyRef>) -> PyRef {
    alloc(Kind::Traceback(Box::new(TracebackObject {
        frame,
        lineno,
        lasti,
        next: RefCell::new(next),
    })))
}

/// The traceback `exception` carries (`__traceback__`), None when it has none.
pub fn exception_traceback(exception: &PyRef) -> Option<PyRef> {
    let instance = exception.instance()?;
    let name = crate::object::hash::name!("__traceback__");
    let value = crate::object::runtime::dict_get_str_hashed(&instance.dict, name.text, name.hash)?;
    matches!(value.kind, Kind::Traceback(_)).then_some(value)
}

/// Sets `exception.__traceback__` (None removes it: the attribute then reads as None).
pub fn set_exception_traceback(exception: &PyRef, traceback: Option<PyRef>) {
    let Some(instance) = exception.instance() else { return };
    match traceback {
        Some(traceback) => {
            crate::object::runtime::dict_set_str(&instance.dict, "__traceback__", traceback)
        }
        None => {
            if crate::object::runtime::dict_get_str(&instance.dict, "__traceback__").is_some() {
                crate::object::runtime::dict_remove_str(&instance.dict, "__traceback__")
            }
        }
    }
}

/// Whether `tb_next = candidate` on `traceback` would make a loop (CPython's
/// "traceback loop detected").
pub fn would_loop(traceback: &PyRef, candidate: &PyRef) -> bool {
    let mut cursor = Some(candidate.clone());
    while let Some(current) = cursor {
        if Gc::ptr_eq(&current, traceback) {
            return true;
        }
        cursor = match &current.kind {
            Kind::Traceback(tb) => tb.next.borrow().clone(),
            _ => None,
        };
    }
    false
}

/// One frame of a traceback chain as a report prints it.
pub struct Entry {
    pub filename: std::rc::Rc<str>,
    pub function: std::rc::Rc<str>,
    pub line: u32,
    /// The source range of the instruction at `tb_lasti` (column 0: unknown).
    pub position: Option<crate::compile::ast::Location>,
}

/// The frames of a traceback chain, outermost first.
pub fn entries(traceback: Option<PyRef>) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut cursor = traceback;
    // A chain made by assigning `tb_next` cannot loop (refused above), but stay bounded.
    while let Some(current) = cursor {
        let Kind::Traceback(tb) = &current.kind else { break };
        if let Kind::Frame(frame) = &tb.frame.kind {
            let position = usize::try_from(tb.lasti / 2)
                .ok()
                .and_then(|pc| frame.code.code.positions.get(pc).copied())
                .filter(|p| p.line == tb.lineno);
            out.push(Entry {
                filename: frame.filename.clone(),
                function: frame.function.clone(),
                line: tb.lineno,
                position,
            });
        }
        cursor = tb.next.borrow().clone();
        if out.len() > 1_000_000 {
            break;
        }
    }
    out
}
