//! A frame object's data (`sys._getframe()`); the execution layer makes them
//! (`vm::frame_object`), the types layer gives their attributes (`types::frame`).

use std::cell::RefCell;
use std::rc::Rc;

use rcgc::Visitor;

use crate::object::PyRef;

/// A frame object's data.
pub struct FrameObject {
    pub function: Rc<str>,
    pub filename: Rc<str>,
    pub line: std::cell::Cell<u32>,
    pub globals: PyRef,
    /// The locals, once the function has returned (empty while it runs).
    pub locals: RefCell<Vec<(Rc<str>, PyRef)>>,
}

impl FrameObject {
    pub fn trace(&self, visitor: &mut Visitor) {
        visitor.visit(&self.globals);
        if let Ok(locals) = self.locals.try_borrow() {
            for (_, value) in locals.iter() {
                visitor.visit(value);
            }
        }
    }
}
