//! The command line: `pyrc script.py`, `pyrc -c CODE`, `pyrc -m MODULE`, `pyrc` (REPL),
//! `pyrc --doctest FILE`, with python3 3.11's options (`options`), the programs' runs
//! (`run`) and the interactive loop (`repl`).
//!
//! The interpreter runs on a thread with a large stack (deep Python recursion becomes
//! `RecursionError`, never a stack overflow); a Rust panic is reported as an internal error
//! with exit status 70, never as a crash. The launcher thread masks the asynchronous signals,
//! so SIGINT reaches the interpreter thread (`vm::signals`).

pub mod doctest;
pub mod options;
pub mod repl;
pub mod run;

use std::io::Write;
use std::process::ExitCode;

use crate::modules;
use crate::object::runtime as rt;
use crate::object::{alloc, Kind, Module, PyRef};
use crate::types::ops;

pub use repl::run_interactive;
pub use run::{report_uncaught, run_source};

use options::{Mode, Options};

/// Exit status for an internal error (a Rust panic), as `EX_SOFTWARE`.
pub const INTERNAL_ERROR: u8 = 70;

const INTERPRETER_STACK: usize = 1 << 30;

/// The program's entry point.
pub fn main() -> ExitCode {
    let mut args = std::env::args_os().map(|a| a.to_string_lossy().into_owned());
    let program = args.next().unwrap_or_else(|| "pyrc".into());
    let args: Vec<String> = args.collect();
    let options = match options::parse(&program, &args) {
        Ok(options) => options,
        Err(options::Exit::Print(text)) => {
            print!("{text}");
            let _ = std::io::stdout().flush();
            return ExitCode::SUCCESS;
        }
        Err(options::Exit::Error(text)) => {
            eprint!("{text}");
            return ExitCode::from(2);
        }
    };
    let worker =
        std::thread::Builder::new().name("pyrc".into()).stack_size(INTERPRETER_STACK).spawn(
            move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || run(options))),
        );
    // Signals go to the interpreter thread, whose blocking calls then return `EINTR`.
    crate::vm::signals::block_on_this_thread();
    let outcome = match worker {
        Ok(handle) => handle.join(),
        Err(e) => {
            eprintln!("pyrc: cannot start the interpreter thread: {e}");
            return ExitCode::from(INTERNAL_ERROR);
        }
    };
    let _ = std::io::stdout().flush();
    if run::UNHANDLED_INTERRUPT.load(std::sync::atomic::Ordering::Relaxed) {
        crate::vm::signals::exit_by_sigint();
    }
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        _ => {
            eprintln!("pyrc: internal error (a Rust panic); this is a bug in pyrc");
            ExitCode::from(INTERNAL_ERROR)
        }
    }
}

/// Sets up the interpreter for this thread.
pub fn initialize(argv: Vec<String>, legacy_gc: bool) {
    crate::object::recursion::mark_stack_base();
    rt::with(|r| {
        *r.argv.borrow_mut() = argv;
        r.legacy_gc.set(legacy_gc);
    });
    crate::vm::install();
    modules::install();
    rcgc::set_legacy_finalizers(legacy_gc);
}

fn main_module() -> PyRef {
    let dict = rt::new_dict();
    rt::dict_set_str(&dict, "__name__", rt::str("__main__"));
    rt::dict_set_str(&dict, "__builtins__", rt::with(|r| r.builtins.clone()));
    let module =
        alloc(Kind::Module(Box::new(Module { name: "__main__".into(), dict: dict.clone() })));
    rt::dict_set_str(&rt::with(|r| r.modules.clone()), "__main__", module);
    dict
}

fn run(options: Options) -> u8 {
    rt::with(|r| *r.config.borrow_mut() = options.config.clone());
    crate::compile::codegen::set_optimize_level(options.config.optimize);
    modules::sys::UNBUFFERED.store(options.config.unbuffered, std::sync::atomic::Ordering::Relaxed);
    initialize(options.argv.clone(), options.legacy_gc);
    crate::vm::signals::install_default_handlers();
    if options.gc_narrate {
        modules::refgraph::narrate(true, None);
    }
    let globals = main_module();
    let inspect = options.config.inspect;
    let mut code = match &options.mode {
        Mode::Script(path) => run::run_file(path, &globals, options.skip_first_line),
        Mode::Command(code) => run::run_command(code, &globals),
        Mode::Module(name) => run::run_module(name, &globals),
        Mode::Repl => repl::repl(&globals, &options),
        Mode::Doctest(path) => crate::cli::doctest::run_file(path),
    };
    // `-i`: the REPL after the program, in its namespace, whatever its outcome (CPython's
    // `pymain_repl`); a `KeyboardInterrupt` is then no reason to end by SIGINT.
    if inspect && !matches!(options.mode, Mode::Repl | Mode::Doctest(_)) {
        run::UNHANDLED_INTERRUPT.store(false, std::sync::atomic::Ordering::Relaxed);
        code = repl::repl(&globals, &options);
    }
    finalize(&globals);
    code
}

/// Interpreter exit: clears the main module's globals (dropping them runs `__del__` of what
/// they held), then runs a final collection, so objects alive at the end are finalized.
pub fn finalize(globals: &PyRef) {
    // `atexit` callbacks first (if the module was imported), as CPython's `Py_FinalizeEx`.
    run_atexit_callbacks();
    // `weakref.finalize(..., atexit=True)` callbacks run first, as CPython's atexit hook.
    crate::modules::weakref::run_exit_finalizers();
    // CPython's Py_FinalizeEx collects first when the collector is enabled, so cycles that are
    // already garbage go before what the globals hold.
    if rcgc::is_enabled() {
        rcgc::collect();
    }
    if let Kind::Dict(d) = &globals.kind {
        let entries = d.borrow_mut().take_all();
        for entry in entries {
            drop(entry);
        }
    }
    rcgc::collect();
    if rt::with(|r| r.legacy_gc.get()) {
        let garbage = modules_garbage_len();
        if garbage > 0 {
            eprintln!("ResourceWarning: gc: {garbage} uncollectable objects at shutdown");
        }
    }
    let _ = std::io::stdout().flush();
}

/// Calls `atexit._run_exitfuncs()` if a program imported `atexit` (its errors are reported
/// by the function itself).
fn run_atexit_callbacks() {
    let modules = rt::with(|r| r.modules.clone());
    let Some(atexit) = rt::dict_get_str(&modules, "atexit") else { return };
    if let Ok(run) = crate::types::attr::getattr(&atexit, "_run_exitfuncs") {
        let _ = ops::call(&run, vec![], vec![]);
    }
}

fn modules_garbage_len() -> usize {
    match crate::modules::import("gc")
        .ok()
        .and_then(|gc| crate::types::attr::getattr(&gc, "garbage").ok())
    {
        Some(list) => ops::len(&list).unwrap_or(0),
        None => 0,
    }
}
