//! pyrc's first file objects (`Kind::File`), no longer made by `open()` (which is
//! `io.open`, `modules::io`): their methods, for objects that still exist as that kind.

use std::io::{Read, Write};

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{bound_method, Args, MethodDef};
use crate::object::runtime::{self as rt, value_error};
use crate::object::{Kind, PyRef};
use crate::types::str::expect_str;

pub(crate) fn closed_file<T>() -> Res<T> {
    value_error("I/O operation on closed file.")
}

/// `close()` and `__exit__`: closes the file (again is a no-op).
fn close(a: Args) -> Res<PyRef> {
    let receiver = a.receiver();
    let Kind::File(state) = &receiver.kind else { unreachable!("a file method's receiver") };
    let file = state.borrow_mut().file.take();
    drop(file);
    Ok(rt::none())
}

/// The methods of file objects.
pub const FILE_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "read",
        function: |a| {
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            let mut state = state.borrow_mut();
            let mut content = std::mem::take(&mut state.pending);
            let Some(file) = state.file.as_mut() else { return closed_file() };
            file.read_to_string(&mut content)
                .map_err(|e| ExcInfo::new(rt::exception(ExcKind::OSError, e.to_string())))?;
            Ok(rt::str(content))
        },
    },
    MethodDef {
        name: "readline",
        function: |a| Ok(file_next_line(&a.receiver())?.unwrap_or_else(|| rt::str(""))),
    },
    MethodDef {
        name: "readlines",
        function: |a| {
            let receiver = a.receiver();
            let mut lines = Vec::new();
            while let Some(line) = file_next_line(&receiver)? {
                lines.push(line);
            }
            Ok(rt::list(lines))
        },
    },
    MethodDef {
        name: "write",
        function: |a| {
            a.arity("write", 1, 1)?;
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            let data = expect_str(&a.positional[0], "write() argument")?;
            let mut state = state.borrow_mut();
            let Some(file) = state.file.as_mut() else { return closed_file() };
            file.write_all(data.as_bytes())
                .map_err(|e| ExcInfo::new(rt::exception(ExcKind::OSError, e.to_string())))?;
            Ok(rt::int(data.chars().count() as i64))
        },
    },
    MethodDef { name: "flush", function: |_| Ok(rt::none()) },
    MethodDef { name: "close", function: close },
    MethodDef { name: "__exit__", function: close },
    MethodDef {
        name: "__enter__",
        function: |a| {
            let receiver = a.receiver();
            let Kind::File(state) = &receiver.kind else { unreachable!() };
            if state.borrow().file.is_none() {
                return closed_file();
            }
            Ok(receiver)
        },
    },
    MethodDef { name: "__iter__", function: |a| Ok(a.receiver()) },
];

pub(crate) fn file_method(object: &PyRef, name: &str) -> Option<PyRef> {
    let Kind::File(state) = &object.kind else { return None };
    match name {
        "closed" => return Some(rt::boolean(state.borrow().file.is_none())),
        "name" => return Some(rt::str(state.borrow().name.clone())),
        "mode" => return Some(rt::str(state.borrow().mode.clone())),
        _ => {}
    }
    bound_method(FILE_METHODS, object, name)
}

/// The next line of a file object (iteration, `readline`).
pub fn file_next_line(file: &PyRef) -> Res<Option<PyRef>> {
    let Kind::File(state) = &file.kind else { return Ok(None) };
    let mut state = state.borrow_mut();
    loop {
        if let Some(end) = state.pending.find('\n') {
            let line: String = state.pending.drain(..=end).collect();
            return Ok(Some(rt::str(line)));
        }
        let Some(handle) = state.file.as_mut() else { return closed_file() };
        let mut buffer = [0u8; 4096];
        let n = handle
            .read(&mut buffer)
            .map_err(|e| ExcInfo::new(rt::exception(ExcKind::OSError, e.to_string())))?;
        if n == 0 {
            if state.pending.is_empty() {
                return Ok(None);
            }
            let rest = std::mem::take(&mut state.pending);
            return Ok(Some(rt::str(rest)));
        }
        state.pending.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
}
