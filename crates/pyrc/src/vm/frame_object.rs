//! Frame objects (`sys._getframe()`): Python frames live on the Rust stack, so a frame object
//! is created only when asked for. While its function runs it names the function, file,
//! line and globals; when the function returns while the frame object is still referenced,
//! the frame object takes over the function's local variables, as CPython's frame object
//! takes over its frame's data. A frame stored in one of its own locals
//! (`frame = sys._getframe()`) is then a reference cycle for the collector, as in CPython.
//!
//! Invariant: `FRAME_OBJECTS` has one entry per running function call (pushed by
//! [`enter_call`], popped by [`leave_call`]), innermost last.
//!
//! The frame object's data is `object::frame`; its attributes are `types::frame`.

use std::cell::RefCell;
use std::rc::Rc;

use rcgc::Gc;

use crate::object::code::CodeObject;
use crate::object::error::Res;
use crate::object::exceptions::ExcKind;
use crate::object::frame::FrameObject;
use crate::object::runtime::raise;
use crate::object::{alloc, Kind, PyRef};

/// What a running call needs to make its frame object on demand.
struct CallRecord {
    code: Rc<CodeObject>,
    globals: PyRef,
    line: u32,
    /// The instruction the call is at when it last called out (`NO_PC`: not yet; `line`).
    pc: u32,
    object: Option<PyRef>,
}

thread_local! {
    static FRAME_OBJECTS: RefCell<Vec<CallRecord>> = const { RefCell::new(Vec::new()) };
}

const NO_PC: u32 = u32::MAX;

/// Records a call starting (see the module invariant).
#[inline]
pub fn enter_call(code: &Rc<CodeObject>, globals: &PyRef, line: u32) {
    FRAME_OBJECTS.with(|f| {
        f.borrow_mut().push(CallRecord {
            code: code.clone(),
            globals: globals.clone(),
            line,
            pc: NO_PC,
            object: None,
        })
    });
}

/// Notes where the innermost running call is (the instruction `pc` of its code), before it
/// calls out: `f_lineno` of its frame object then names the line of that call.
#[inline]
pub fn note_pc(pc: u32) {
    FRAME_OBJECTS.with(|f| {
        if let Some(record) = f.borrow_mut().last_mut() {
            record.pc = pc;
            if let Some(object) = &record.object {
                if let Kind::Frame(frame) = &object.kind {
                    frame.line.set(record.code.code.line_at(pc));
                }
            }
        }
    });
}

/// Records the innermost call ending. `locals` gives the frame's variables; it is called only
/// if a frame object for this call exists and is referenced elsewhere.
pub fn leave_call(locals: impl FnOnce() -> Vec<(Rc<str>, PyRef)>) {
    let record = FRAME_OBJECTS.with(|f| f.borrow_mut().pop());
    let Some(CallRecord { object: Some(object), .. }) = record else { return };
    let Kind::Frame(frame) = &object.kind else { return };
    let index = frame.call_index.replace(crate::object::frame::NOT_RUNNING);
    // Only the record held it: nothing can see the frame object any more.
    if Gc::strong_count(&object) <= 1 {
        return;
    }
    *frame.locals.borrow_mut() = locals();
    let back = index.checked_sub(1).and_then(frame_at);
    *frame.back.borrow_mut() = back;
}

/// How many calls are running (module bodies and `exec` included).
#[inline]
pub fn call_depth() -> usize {
    FRAME_OBJECTS.with(|f| f.borrow().len())
}

/// The globals of the innermost running call.
pub fn current_globals() -> Option<PyRef> {
    FRAME_OBJECTS.with(|f| f.borrow().last().map(|record| record.globals.clone()))
}

/// `sys._getframe(depth)`.
pub fn getframe(depth: usize) -> Res<PyRef> {
    let length = call_depth();
    let Some(index) = length.checked_sub(depth + 1) else {
        return raise(ExcKind::ValueError, "call stack is not deep enough");
    };
    match frame_at(index) {
        Some(frame) => Ok(frame),
        None => raise(ExcKind::ValueError, "call stack is not deep enough"),
    }
}

/// `f_back` of the frame whose call's record is at `index`.
pub fn frame_below(index: usize) -> Option<PyRef> {
    frame_at(index.checked_sub(1)?)
}

/// The frame object of the running call whose record is at `index`, made on first request;
/// its line is where the call is now. None past the running calls. The object is allocated
/// with the records released: an allocation may collect, and a finalizer may make calls.
fn frame_at(index: usize) -> Option<PyRef> {
    let made = FRAME_OBJECTS.with(|f| {
        let records = f.borrow();
        let record = records.get(index)?;
        let line =
            if record.pc == NO_PC { record.line } else { record.code.code.line_at(record.pc) };
        if let Some(object) = &record.object {
            if let Kind::Frame(frame) = &object.kind {
                frame.line.set(line);
            }
            return Some(Err(object.clone()));
        }
        Some(Ok(FrameObject {
            code: record.code.clone(),
            function: record.code.code.name.clone(),
            filename: record.code.code.filename.clone(),
            line: std::cell::Cell::new(line),
            call_index: std::cell::Cell::new(index),
            back: RefCell::new(None),
            globals: record.globals.clone(),
            locals: RefCell::new(Vec::new()),
        }))
    })?;
    let data = match made {
        Ok(data) => data,
        Err(existing) => return Some(existing),
    };
    let object = alloc(Kind::Frame(Box::new(data)));
    FRAME_OBJECTS.with(|f| {
        let mut records = f.borrow_mut();
        let record = records.get_mut(index)?;
        // A finalizer run by the allocation may have asked for this frame first.
        Some(record.object.get_or_insert(object).clone())
    })
}

/// The frame object of a generator, coroutine or async generator that is not running
/// (`gi_frame`, `cr_frame`, `ag_frame`): its function, file and current line, and its
/// locals as they are now (a snapshot: pyrc's suspended frames are not frame objects).
pub fn suspended_frame(code: &Rc<CodeObject>, frame: Option<&crate::vm::eval::Frame>) -> PyRef {
    let (line, locals) = match frame {
        Some(frame) if frame.pc > 0 => (frame.line(), crate::vm::eval::frame_locals(frame)),
        Some(frame) => (code.code.first_line, crate::vm::eval::frame_locals(frame)),
        None => (code.code.first_line, Vec::new()),
    };
    let globals = frame.map(|f| f.globals.clone()).unwrap_or_else(crate::object::runtime::none);
    alloc(Kind::Frame(Box::new(FrameObject {
        code: code.clone(),
        function: code.code.name.clone(),
        filename: code.code.filename.clone(),
        line: std::cell::Cell::new(line),
        call_index: std::cell::Cell::new(crate::object::frame::NOT_RUNNING),
        back: RefCell::new(None),
        globals,
        locals: RefCell::new(locals),
    })))
}

/// The frame object a traceback made at instruction `pc` of `frame` names (CPython's
/// `PyTraceBack_Here` takes `_PyFrame_GetFrameObject`): the running call's own frame object
/// when `frame` is the innermost recorded call (made on first request, then shared, so an
/// exception caught again and again in one call allocates it once), else (a comprehension, a
/// class body: frames without a record) a frame object of its own holding the locals as they
/// are now.
pub fn traceback_frame(frame: &crate::vm::eval::Frame, pc: u32) -> PyRef {
    let innermost = FRAME_OBJECTS.with(|f| {
        let records = f.borrow();
        let index = records.len().checked_sub(1)?;
        Rc::ptr_eq(&records[index].code, &frame.code).then_some(index)
    });
    match innermost {
        Some(index) => {
            note_pc(pc);
            match frame_at(index) {
                Some(object) => object,
                None => suspended_frame(&frame.code, Some(frame)),
            }
        }
        None => suspended_frame(&frame.code, Some(frame)),
    }
}

/// CPython's `compute_cr_origin`: (filename, line, function name) of the innermost `depth`
/// running calls, innermost first (a coroutine's `cr_origin`).
pub fn origin_entries(depth: usize) -> Vec<(Rc<str>, u32, Rc<str>)> {
    FRAME_OBJECTS.with(|f| {
        f.borrow()
            .iter()
            .rev()
            .take(depth)
            .map(|record| {
                let code = &record.code.code;
                let line = if record.pc == NO_PC { record.line } else { code.line_at(record.pc) };
                (code.filename.clone(), line, code.name.clone())
            })
            .collect()
    })
}
