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
        "f_back" => match frame.call_index.get() {
            crate::object::frame::NOT_RUNNING => {
                frame.back.borrow().clone().unwrap_or_else(rt::none)
            }
            index => (crate::object::hooks::vm().frame_below)(index).unwrap_or_else(rt::none),
        },
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

/// The attributes of a code object that describe its signature and names (what `inspect`
/// reads): `co_argcount`, `co_posonlyargcount`, `co_kwonlyargcount`, `co_varnames` (the
/// parameters in CPython's order, positional, keyword-only, `*args`, `**kwargs`, then the other
/// locals), `co_nlocals`, `co_flags`, `co_names`, `co_consts`.
pub fn code_attribute(code: &crate::compile::code::Code, name: &str) -> Option<PyRef> {
    let signature = &code.signature;
    let names = |items: Vec<std::rc::Rc<str>>| rt::tuple(items.into_iter().map(rt::str).collect());
    Some(match name {
        "co_argcount" => rt::int(signature.positional.len() as i64),
        "co_posonlyargcount" => rt::int(i64::from(signature.posonly)),
        "co_kwonlyargcount" => rt::int(signature.kwonly.len() as i64),
        "co_varnames" | "co_nlocals" => {
            let slot_name = |slot: u32| code.slot_names.get(slot as usize).cloned();
            let mut ordered: Vec<std::rc::Rc<str>> = signature.positional_names.clone();
            ordered.extend(signature.kwonly.iter().map(|(n, _)| n.clone()));
            ordered.extend(signature.vararg.and_then(slot_name));
            ordered.extend(signature.kwarg.and_then(slot_name));
            for local in &code.slot_names {
                if !ordered.contains(local) {
                    ordered.push(local.clone());
                }
            }
            if name == "co_nlocals" {
                return Some(rt::int(ordered.len() as i64));
            }
            names(ordered)
        }
        "co_flags" => {
            // CO_OPTIMIZED | CO_NEWLOCALS for functions, then VARARGS, VARKEYWORDS, GENERATOR.
            let mut flags = 0;
            if code.kind == crate::compile::code::CodeKind::Function {
                flags |= 0x3;
            }
            if signature.vararg.is_some() {
                flags |= 0x4;
            }
            if signature.kwarg.is_some() {
                flags |= 0x8;
            }
            // GENERATOR, COROUTINE, ASYNC_GENERATOR.
            if code.is_coroutine {
                flags |= 0x80;
            } else if code.is_async_generator {
                flags |= 0x200;
            } else if code.is_generator {
                flags |= 0x20;
            }
            rt::int(flags)
        }
        "co_names" => names(code.names.clone()),
        "co_consts" => rt::tuple(code.consts.iter().map(crate::object::code::constant).collect()),
        _ => return None,
    })
}
