//! The frame type's attributes (`f_globals`, `f_lineno`, `f_locals`, `f_code`...).

use crate::object::frame::FrameObject;
use crate::object::runtime as rt;
use crate::object::PyRef;

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
        "f_code" => crate::object::alloc(crate::object::Kind::Code(frame.code.clone())),
        _ => return None,
    })
}

/// `frame.clear()`: drops the local variables a frame object kept after its call returned
/// (`traceback.clear_frames`, unittest's `assertRaises`, free the objects they hold); a frame
/// whose call is running refuses, as CPython's.
pub fn clear(a: crate::object::native::Args) -> crate::object::error::Res<PyRef> {
    a.arity("clear", 0, 0)?;
    let receiver = a.receiver();
    let crate::object::Kind::Frame(frame) = &receiver.kind else {
        return rt::type_error("descriptor 'clear' requires a 'frame' object");
    };
    if frame.call_index.get() != crate::object::frame::NOT_RUNNING {
        return rt::raise(
            crate::object::exceptions::ExcKind::RuntimeError,
            "cannot clear an executing frame",
        );
    }
    // Taken out first: dropping a value may run a `__del__` that looks at this frame.
    let locals = std::mem::take(&mut *frame.locals.borrow_mut());
    drop(locals);
    Ok(rt::none())
}

/// Attributes of traceback objects.
pub fn traceback_attribute(
    traceback: &crate::object::traceback::TracebackObject,
    name: &str,
) -> Option<PyRef> {
    Some(match name {
        "tb_frame" => traceback.frame.clone(),
        "tb_lineno" => rt::int(i64::from(traceback.lineno)),
        "tb_lasti" => rt::int(traceback.lasti),
        "tb_next" => traceback.next.borrow().clone().unwrap_or_else(rt::none),
        _ => return None,
    })
}

/// `tb.tb_next = value` (CPython's `tb_next_set`): a traceback that does not lead back to
/// `object`, or None.
pub fn set_tb_next(
    object: &PyRef,
    traceback: &crate::object::traceback::TracebackObject,
    value: PyRef,
) -> crate::object::error::Res<()> {
    let next = match &value.kind {
        crate::object::Kind::None => None,
        crate::object::Kind::Traceback(_) => {
            if crate::object::traceback::would_loop(object, &value) {
                return crate::object::runtime::raise(
                    crate::object::exceptions::ExcKind::ValueError,
                    "traceback loop detected",
                );
            }
            Some(value)
        }
        _ => {
            return rt::type_error(format!(
                "expected traceback object, got '{}'",
                crate::types::type_name(&value)
            ))
        }
    };
    let old = traceback.next.replace(next);
    drop(old);
    Ok(())
}

/// `code.co_positions()`: (line, end line, column, end column) per instruction, the
/// instruction at `tb_lasti` being item `tb_lasti // 2`, so that CPython's `traceback.py`
/// prints its `^^^` markers. Columns are 0-based character offsets (CPython's are UTF-8
/// byte offsets: the same on ASCII lines); None where the compiler knew no column.
pub fn co_positions(code: &PyRef) -> PyRef {
    crate::object::alloc(crate::object::Kind::Builtin(Box::new(crate::object::Builtin {
        name: "co_positions",
        function: |a| {
            let Some(crate::object::Kind::Code(code)) = a.receiver.map(|r| &r.kind) else {
                return rt::type_error("co_positions() needs a code object");
            };
            let code = &code.code;
            let items = (0..code.instrs.len() as u32)
                .map(|pc| {
                    let line = rt::int(i64::from(code.line_at(pc)));
                    match code.positions.get(pc as usize).filter(|p| p.column > 0) {
                        Some(p) => rt::tuple(vec![
                            line,
                            rt::int(i64::from(p.end_line)),
                            rt::int(i64::from(p.column - 1)),
                            rt::int(i64::from(p.end_column.saturating_sub(1))),
                        ]),
                        None => rt::tuple(vec![line.clone(), line, rt::none(), rt::none()]),
                    }
                })
                .collect::<Vec<_>>();
            crate::types::ops::iter(&rt::tuple(items))
        },
        receiver: Some(code.clone()),
    })))
}

/// The attributes of a code object that describe its signature and names (what `inspect`
/// reads): `co_argcount`, `co_posonlyargcount`, `co_kwonlyargcount`, `co_varnames` (the
/// parameters in CPython's order, positional, keyword-only, `*args`, `**kwargs`, then the other
/// locals), `co_nlocals`, `co_flags`, `co_names`, `co_consts`, `co_freevars` and
/// `co_cellvars` (sorted by name, as CPython's compiler orders them).
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
        "co_freevars" => {
            let mut free = code.scope.freevars.clone();
            free.sort();
            names(free)
        }
        "co_cellvars" => {
            let mut cells: Vec<std::rc::Rc<str>> =
                code.scope.cell_slots.iter().map(|(_, name)| name.clone()).collect();
            cells.sort();
            names(cells)
        }
        "co_consts" => rt::tuple(code.consts.iter().map(crate::object::code::constant).collect()),
        _ => return None,
    })
}
