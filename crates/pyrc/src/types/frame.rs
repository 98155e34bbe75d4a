//! The frame type's attributes (`f_globals`, `f_lineno`, `f_locals`, `f_code`...).

use std::cell::RefCell;

use rcgc::Gc;

use crate::object::frame::FrameObject;
use crate::object::runtime as rt;
use crate::object::PyRef;

thread_local! {
    static CODE_CLASS: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

/// The class of the minimal code objects `f_code` returns (one per thread, immortal as
/// CPython's static types, so creating code objects makes no cyclic garbage).
fn code_class() -> PyRef {
    CODE_CLASS.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| {
                let class = crate::types::plain_class("code", "builtins");
                Gc::make_immortal(&class);
                class
            })
            .clone()
    })
}

/// Attributes of frame objects.
pub fn attribute(frame: &FrameObject, name: &str) -> Option<PyRef> {
    Some(match name {
        "f_globals" => frame.globals.clone(),
        "f_lineno" => rt::int(i64::from(frame.line.get())),
        "f_locals" => {
            let dict = rt::new_dict();
            for (key, value) in frame.locals.borrow().iter() {
                let _ = crate::types::ops::dict_set(&dict, rt::str(key.clone()), value.clone());
            }
            dict
        }
        "f_back" => rt::none(),
        "f_code" => {
            let code = rt::instance(code_class());
            let _ = crate::types::attr::setattr(&code, "co_name", rt::str(frame.function.clone()));
            let _ =
                crate::types::attr::setattr(&code, "co_filename", rt::str(frame.filename.clone()));
            code
        }
        _ => return None,
    })
}
