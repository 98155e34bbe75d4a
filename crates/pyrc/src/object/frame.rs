//! A frame object's data (`sys._getframe()`); the execution layer makes them
//! (`vm::frame_object`), the types layer gives their attributes (`types::frame`).

use std::cell::RefCell;
use std::rc::Rc;

use rcgc::Visitor;

use crate::object::PyRef;

/// [`FrameObject::call_index`] of a frame whose call is not running.
pub const NOT_RUNNING: usize = usize::MAX;

/// A frame object's data.
pub struct FrameObject {
    /// Its code (`f_code`; a traceback's `co_positions()` reads its line table).
    pub code: Rc<crate::object::code::CodeObject>,
    pub function: Rc<str>,
    pub filename: Rc<str>,
    pub line: std::cell::Cell<u32>,
    /// Where its call's record is in the execution layer's stack of running calls while the
    /// call runs ([`NOT_RUNNING`] once it has returned, and for a suspended generator's
    /// snapshot): `f_back` is the frame of the record below it.
    pub call_index: std::cell::Cell<usize>,
    pub globals: PyRef,
    /// The caller's frame, kept when the call returns while this frame object lives on
    /// (CPython's frame object takes `f_back` over the same way).
    pub back: RefCell<Option<PyRef>>,
    /// The locals, once the function has returned (empty while it runs).
    pub locals: RefCell<Vec<(Rc<str>, PyRef)>>,
}

impl FrameObject {
    pub fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.globals);
        if let Ok(back) = self.back.try_borrow() {
            if let Some(back) = back.as_ref() {
                visitor.visit(back);
            }
        }
        if let Ok(locals) = self.locals.try_borrow() {
            for (_, value) in locals.iter() {
                visitor.visit(value);
            }
        }
    }
}
