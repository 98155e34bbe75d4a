//! Traceback objects made as an exception passes through frames (CPython's
//! `PyTraceBack_Here`): each frame adds one in front of the exception's chain, so the chain
//! runs from the outermost frame to the one that raised.

use crate::object::traceback::{exception_traceback, new_traceback, set_exception_traceback};
use crate::object::PyRef;

use super::Frame;

/// Puts a traceback for `frame` at instruction `pc` (line `line`) in front of `value`'s
/// `__traceback__`.
pub fn add_traceback(frame: &Frame, pc: u32, line: u32, value: &PyRef) {
    let frame_object = crate::vm::frame_object::traceback_frame(frame, pc);
    let next = exception_traceback(value);
    let traceback = new_traceback(frame_object, line, 2 * i64::from(pc), next);
    set_exception_traceback(value, Some(traceback));
}
