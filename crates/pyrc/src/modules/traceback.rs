//! The `traceback` module: formats the traceback a caught exception carried.

use crate::object::error::Res;
use crate::object::native::Args;
use crate::object::runtime::{self as rt};
use crate::object::{Kind, PyRef};
use crate::types::ops;

use super::{import, native, new_module};

/// The exception a `traceback` function is about: `value` if given, else the first argument
/// when it is an exception instance (`format_exception(exc)`, 3.10+).
fn exception_argument(a: &Args) -> Option<PyRef> {
    match a.positional.get(1).cloned().or_else(|| a.keyword("value")) {
        Some(value) if !matches!(value.kind, Kind::None) => Some(value),
        _ => a
            .positional
            .first()
            .filter(|e| matches!(e.kind, Kind::Instance(_) | Kind::Extended(_) | Kind::Native(_)))
            .cloned(),
    }
}

/// `format_exception`'s entries for the exception the arguments name; `exception_only`
/// keeps just its last line. Without an exception: the class name, or "NoneType: None".
fn exception_entries(a: &Args, exception_only: bool) -> Vec<String> {
    match exception_argument(a) {
        Some(value) if exception_only => {
            vec![format!("{}\n", crate::vm::eval::exception_line(&value))]
        }
        Some(value) => crate::vm::eval::format_caught_exception(&value),
        None => {
            let name = match a.positional.first() {
                Some(class) if matches!(class.kind, Kind::Class(_)) => {
                    crate::types::class_name(class).to_string()
                }
                _ => "NoneType: None".to_string(),
            };
            vec![format!("{name}\n")]
        }
    }
}

fn string_list(entries: Vec<String>) -> PyRef {
    rt::list(entries.into_iter().map(|e| rt::str(e.as_str())).collect::<Vec<_>>())
}

fn current_exception_entries() -> Vec<String> {
    match rt::with(|r| r.handling.borrow().last().cloned()) {
        Some(value) => crate::vm::eval::format_caught_exception(&value),
        None => vec!["NoneType: None\n".to_string()],
    }
}

/// Writes `text` to the `file=` argument, else to `sys.stderr` (which may be replaced).
fn write_to_file_argument(a: &Args, text: &str) -> Res<PyRef> {
    let file = match a.keyword("file") {
        Some(file) if !matches!(file.kind, Kind::None) => file,
        _ => crate::types::attr::getattr(&import("sys")?, "stderr")?,
    };
    let write = crate::types::attr::getattr(&file, "write")?;
    ops::call(&write, vec![rt::str(text)], vec![])?;
    Ok(rt::none())
}

/// `traceback`: formatting of exceptions with the traceback they were caught with (pyrc has
/// no traceback objects; `tb` and `limit` arguments are accepted and ignored).
pub fn traceback_module() -> PyRef {
    new_module(
        "traceback",
        vec![
            (
                "format_exception",
                native("format_exception", |a| Ok(string_list(exception_entries(&a, false)))),
            ),
            (
                "format_exception_only",
                native("format_exception_only", |a| Ok(string_list(exception_entries(&a, true)))),
            ),
            (
                "print_exception",
                native("print_exception", |a| {
                    write_to_file_argument(&a, &exception_entries(&a, false).concat())
                }),
            ),
            (
                "format_exc",
                native("format_exc", |_| Ok(rt::str(current_exception_entries().concat()))),
            ),
            (
                "print_exc",
                native("print_exc", |a| {
                    write_to_file_argument(&a, &current_exception_entries().concat())
                }),
            ),
        ],
    )
}
