//! The built-in modules written in Rust, one file each (`gc`, `sys`, `time`, `traceback`,
//! `ctypes`, `_weakref`), and the import of them by name.

use crate::object::error::Res;
use crate::object::native::NativeFn;
use crate::object::runtime as rt;
use crate::object::{alloc, Builtin, Kind, Module, PyRef};

pub mod builtins;
pub mod ctypes;
pub mod gc;
pub mod sys;
pub mod time;
pub mod traceback;
pub mod weakref;

pub(crate) fn native(name: &'static str, function: NativeFn) -> PyRef {
    alloc(Kind::Builtin(Builtin { name, function, receiver: None }))
}

pub(crate) fn new_module(name: &str, entries: Vec<(&str, PyRef)>) -> PyRef {
    let dict = rt::new_dict();
    rt::dict_set_str(&dict, "__name__", rt::str(name));
    for (key, value) in entries {
        rt::dict_set_str(&dict, key, value);
    }
    alloc(Kind::Module(Module { name: name.into(), dict }))
}

/// `import name`: any module (built-in, on `sys.path`, or embedded); see [`crate::vm::import`].
pub fn import(name: &str) -> Res<PyRef> {
    crate::vm::import::import_module(name)
}

/// The built-in (Rust) module `name`, created on first import and cached in `sys.modules`;
/// `None` if there is no built-in module of that name.
pub fn import_builtin(name: &str) -> Res<Option<PyRef>> {
    let modules = rt::with(|r| r.modules.clone());
    if let Kind::Dict(d) = &modules.kind {
        if let Some(module) = d.borrow().get_str(name) {
            return Ok(Some(module));
        }
    }
    let module = match name {
        "gc" => gc::gc_module(),
        "sys" => sys::sys_module(),
        "time" => time::time_module(),
        "ctypes" => ctypes::ctypes_module(),
        "_weakref" => weakref::module(),
        "traceback" => traceback::traceback_module(),
        "builtins" => {
            let dict = rt::with(|r| r.builtins.clone());
            alloc(Kind::Module(Module { name: "builtins".into(), dict }))
        }
        _ => return Ok(None),
    };
    rt::dict_set_str(&modules, name, module.clone());
    Ok(Some(module))
}
