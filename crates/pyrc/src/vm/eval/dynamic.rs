//! Code made at run time and the scope it sees: `compile()`'s code objects, running them
//! for `exec`/`eval` in given globals and locals, and the caller's scope for `globals()`,
//! `locals()`, `vars()`, `dir()`, `eval` and `exec` without dicts.
//!
//! A builtin cannot see its caller's frame (calls of natives go through `ops::call`, which
//! knows no frame), so the compiler emits `PublishScope` right before every call of one of
//! those names that no enclosing function binds: the frame hands its globals and locals
//! (a snapshot dict for a function, as CPython 3.11's `locals()`; the namespace for a
//! module or class body) to [`publish`], and the builtin takes them with [`caller_scope`].
//! A published scope is tagged with the call depth, so a builtin reached another way
//! (`f = locals; f()`) never sees another frame's scope: it gets the innermost call's
//! globals as both.

use std::cell::RefCell;
use std::rc::Rc;

use thin_vec::ThinVec;

use crate::compile::code::CodeKind;
use crate::compile::codegen::{compile_dynamic, DynamicSource};
use crate::object::code::CodeObject;
use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::recursion::{check_recursion, leave_recursion};
use crate::object::runtime as rt;
use crate::object::{alloc, Kind, PyRef};
use crate::types::ops;

use super::support::{cell_get, set_in_dict};
use super::{run_frame, Exit, Frame};

/// A frame's scope handed to the builtin it is about to call.
struct Published {
    /// `vm::frame_object::call_depth()` when published.
    depth: usize,
    globals: PyRef,
    locals: PyRef,
}

thread_local! {
    static PUBLISHED: RefCell<Option<Published>> = const { RefCell::new(None) };
}

/// `PublishScope`: hands `frame`'s globals and locals to the builtin called next.
pub(super) fn publish(frame: &Frame) {
    let locals = match (&frame.namespace, frame.code.code.kind) {
        (Some(namespace), _) => namespace.clone(),
        (None, CodeKind::Module | CodeKind::Class) => frame.globals.clone(),
        (None, _) => locals_snapshot(frame),
    };
    let published = Published {
        depth: crate::vm::frame_object::call_depth(),
        globals: frame.globals.clone(),
        locals,
    };
    let old = PUBLISHED.with(|p| p.borrow_mut().replace(published));
    drop(old);
}

/// The caller's globals and locals, for a builtin that reads them (see the module
/// documentation).
pub fn caller_scope() -> (PyRef, PyRef) {
    let published = PUBLISHED.with(|p| p.borrow_mut().take());
    let depth = crate::vm::frame_object::call_depth();
    match published {
        Some(p) if p.depth == depth => (p.globals, p.locals),
        _ => {
            let globals = crate::vm::frame_object::current_globals().unwrap_or_else(rt::new_dict);
            (globals.clone(), globals)
        }
    }
}

/// A function frame's variables as a new dict: bound locals and cells by slot, then the
/// free variables (CPython 3.11's `locals()` in a function).
fn locals_snapshot(frame: &Frame) -> PyRef {
    let dict = rt::new_dict();
    let code = &frame.code.code;
    for (slot, name) in code.slot_names.iter().enumerate() {
        let Some(Some(value)) = frame.fast.get(slot) else { continue };
        if name.is_empty() {
            continue;
        }
        let value = if code.cell_slots.contains(&(slot as u32)) {
            match cell_get(value) {
                Some(content) => content,
                None => continue,
            }
        } else {
            value.clone()
        };
        set_in_dict(&dict, name, value);
    }
    for (index, name) in code.scope.freevars.iter().enumerate() {
        if let Some(value) = frame.closure.get(index).and_then(cell_get) {
            set_in_dict(&dict, name, value);
        }
    }
    dict
}

/// `compile()`'s modes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Exec,
    Eval,
    Single,
}

impl Mode {
    /// The mode named `name`, or CPython's `ValueError`.
    pub fn from_name(name: &str) -> Res<Mode> {
        match name {
            "exec" => Ok(Mode::Exec),
            "eval" => Ok(Mode::Eval),
            "single" => Ok(Mode::Single),
            _ => rt::value_error("compile() mode must be 'exec', 'eval' or 'single'"),
        }
    }
}

/// Compiles `source` (as `compile(source, filename, mode)`) to a code object.
pub fn compile_source(source: &str, filename: &str, mode: Mode) -> Res<Rc<CodeObject>> {
    use crate::compile::parse;
    let parsed = match mode {
        Mode::Eval => parse::parse_expression(source, filename).map(DynamicSource::expression),
        Mode::Exec | Mode::Single => {
            parse::parse_module(source, filename).map(DynamicSource::Module)
        }
    };
    let parsed = parsed.map_err(|e| crate::vm::import::syntax_error(&e))?;
    if let DynamicSource::Module(module) = &parsed {
        if mode == Mode::Single && module.body.len() > 1 {
            let message = "multiple statements found while compiling a single statement";
            let exc = rt::exception(ExcKind::SyntaxError, message);
            let _ = crate::types::attr::setattr(&exc, "msg", rt::str(message));
            let _ = crate::types::attr::setattr(&exc, "filename", rt::str(filename));
            return Err(ExcInfo::new(exc));
        }
    }
    match compile_dynamic(&parsed, &filename.into(), mode == Mode::Single) {
        Ok(code) => {
            if std::env::var_os("PYRC_DIS").is_some() {
                eprint!("{}", code.disassemble());
            }
            Ok(CodeObject::load(&code))
        }
        Err(error) => Err(super::compile_error(error, filename)),
    }
}

/// A code object of `compile()`.
pub fn code_object(code: Rc<CodeObject>) -> PyRef {
    alloc(Kind::Code(code))
}

/// Runs `code` (made by [`compile_source`]) with `globals` and `locals` (`None`: the
/// globals), and returns what it returns: the value of an `'eval'` code, else `None`.
pub fn run_in(code: &Rc<CodeObject>, globals: &PyRef, locals: Option<PyRef>) -> Res<PyRef> {
    if code.code.kind != CodeKind::Module {
        return rt::raise(
            ExcKind::TypeError,
            "code object passed to exec() may not contain free variables",
        );
    }
    if ops::dict_get(globals, &rt::str("__builtins__"))?.is_none() {
        ops::dict_set(globals, rt::str("__builtins__"), rt::with(|r| r.builtins.clone()))?;
    }
    let mut frame = Frame::new(code.clone(), globals.clone(), ThinVec::new());
    frame.namespace = locals.filter(|l| !rcgc::Gc::ptr_eq(l, globals));
    check_recursion()?;
    crate::vm::frame_object::enter_call(code, globals, code.code.first_line);
    let result = run_frame(&mut frame);
    crate::vm::frame_object::leave_call(Vec::new);
    leave_recursion();
    match result? {
        Exit::Return(value) => Ok(value),
        Exit::Yield(_) => rt::raise(ExcKind::SyntaxError, "'yield' outside function"),
    }
}
