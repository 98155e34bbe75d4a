//! Running a program: a script file, `-c` code or `-m` module, and what an uncaught exception
//! does to the exit status.

use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::compile::parse;
use crate::object::error::ExcInfo;
use crate::object::exceptions::ExcKind;
use crate::object::runtime as rt;
use crate::object::{Kind, PyRef};
use crate::types::ops;
use crate::vm::eval;

/// Set when the program ended with an uncaught `KeyboardInterrupt`: the process then ends
/// by SIGINT after finalizing, as CPython's `exit_sigint`.
pub static UNHANDLED_INTERRUPT: AtomicBool = AtomicBool::new(false);

/// `pyrc FILE`: the script runs as `__main__` under its absolute path (`-x`: its first line
/// is left out, its line numbers kept).
pub fn run_file(path: &str, globals: &PyRef, skip_first_line: bool) -> u8 {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!(
                "pyrc: can't open file '{path}': [Errno {}] {}",
                e.raw_os_error().unwrap_or(0),
                e
            );
            return 2;
        }
    };
    let mut bytes = bytes;
    if skip_first_line {
        let end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
        bytes.drain(..end);
    }
    let source = match parse::decode_source(&bytes, path) {
        Ok(source) => source,
        Err(e) => {
            eprint!("{e}");
            return 1;
        }
    };
    // CPython 3.11 runs the main script under its absolute path (`__file__`, tracebacks).
    let absolute = std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string());
    rt::dict_set_str(globals, "__file__", rt::str(absolute.as_str()));
    run_source(&source, &absolute, globals)
}

/// Parses and runs a whole program; returns the exit status.
pub fn run_source(source: &str, filename: &str, globals: &PyRef) -> u8 {
    let module = match parse::parse_module(source, filename) {
        Ok(module) => Rc::new(module),
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprint!("{e}");
            return 1;
        }
    };
    eval::register_source(filename, source);
    match eval::run_module(module, globals, filename, false) {
        Ok(()) => 0,
        Err(exc) => report_program_exception(&exc),
    }
}

/// `pyrc -c CODE`.
pub fn run_command(code: &str, globals: &PyRef) -> u8 {
    run_source(code, "<string>", globals)
}

/// `pyrc -m MODULE`: as CPython's `runpy._run_module_as_main` (whose `importlib` use pyrc's
/// import system cannot serve): the module is found on `sys.path` (a package runs its
/// `__main__`, its parents imported first), `sys.argv[0]` becomes its path, and its code runs
/// in `__main__`'s namespace. A module that cannot be found is runpy's message and exit 1.
pub fn run_module(name: &str, globals: &PyRef) -> u8 {
    let found = match crate::vm::import::find_main_module(name) {
        Ok(Ok(found)) => found,
        Ok(Err(message)) => {
            let executable =
                std::env::current_exe().map(|e| e.display().to_string()).unwrap_or_default();
            eprintln!("{executable}: {message}");
            return 1;
        }
        Err(exc) => return report_program_exception(&exc),
    };
    let crate::vm::import::MainModule { file, source, package } = found;
    rt::with(|r| {
        if let Some(first) = r.argv.borrow_mut().first_mut() {
            *first = file.clone();
        }
    });
    if let Some(sys) = rt::dict_get_str(&rt::with(|r| r.modules.clone()), "sys") {
        if let Ok(argv) = crate::types::attr::getattr(&sys, "argv") {
            let _ = ops::setitem(&argv, &rt::int(0), rt::str(file.as_str()));
        }
    }
    rt::dict_set_str(globals, "__file__", rt::str(file.as_str()));
    rt::dict_set_str(globals, "__package__", rt::str(package.as_str()));
    rt::dict_set_str(globals, "__spec__", rt::none());
    run_source(&source, &file, globals)
}

/// An exception that ended the program: reported; with `-i`, a `SystemExit` is reported as a
/// traceback too (the REPL follows), as CPython's `_Py_HandleSystemExit` under `inspect`.
fn report_program_exception(exc: &ExcInfo) -> u8 {
    if rt::is_exception(&exc.value, ExcKind::KeyboardInterrupt) {
        UNHANDLED_INTERRUPT.store(true, Ordering::Relaxed);
    }
    let inspect = rt::with(|r| r.config.borrow().inspect);
    if inspect && rt::is_exception(&exc.value, ExcKind::SystemExit) {
        let _ = std::io::stdout().flush();
        eval::print_exception(exc);
        return 1;
    }
    report_uncaught(exc)
}

/// Prints an uncaught exception (or handles `SystemExit`); returns the exit status.
pub fn report_uncaught(exc: &ExcInfo) -> u8 {
    let _ = std::io::stdout().flush();
    if rt::is_exception(&exc.value, ExcKind::SystemExit) {
        let args = ops::exception_args(&exc.value);
        return match args.first() {
            None => 0,
            Some(code) => match &code.kind {
                Kind::None => 0,
                Kind::Int(_) | Kind::Bool(_) => ops::to_index(code).map(|c| c as u8).unwrap_or(1),
                _ => {
                    eprintln!("{}", ops::str_of(code).map(|s| s.to_string()).unwrap_or_default());
                    1
                }
            },
        };
    }
    eval::print_exception(exc);
    1
}
