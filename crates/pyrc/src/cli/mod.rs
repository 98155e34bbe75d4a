//! The command line: `pyrc script.py`, `pyrc -c CODE`, `pyrc` (REPL), `pyrc --doctest FILE`.
//!
//! The interpreter runs on a thread with a large stack (deep Python recursion becomes
//! `RecursionError`, never a stack overflow); a Rust panic is reported as an internal error
//! with exit status 70, never as a crash.

pub mod doctest;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::rc::Rc;

use crate::compile::{ast, parse};
use crate::modules;
use crate::object::error::ExcInfo;
use crate::object::exceptions::ExcKind;
use crate::object::runtime as rt;
use crate::object::{alloc, Kind, Module, PyRef};
use crate::types::ops;
use crate::vm::eval;

/// Exit status for an internal error (a Rust panic), as `EX_SOFTWARE`.
pub const INTERNAL_ERROR: u8 = 70;

const INTERPRETER_STACK: usize = 1 << 30;

enum Mode {
    Script(String),
    Command(String),
    Repl,
    Doctest(String),
}

struct Options {
    mode: Mode,
    argv: Vec<String>,
    legacy_gc: bool,
    /// `-X gc_narrate`: every collection told phase by phase on stderr (`refgraph.narrate`).
    gc_narrate: bool,
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: pyrc [-X legacy_gc] [-X gc_narrate] [-c cmd | --doctest file | file] [arg] ..."
    );
    ExitCode::from(2)
}

fn parse_args(args: Vec<String>) -> Result<Options, ExitCode> {
    let mut legacy_gc = false;
    let mut gc_narrate = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-X" => {
                match args.get(i + 1).map(String::as_str) {
                    Some("legacy_gc") => legacy_gc = true,
                    Some("gc_narrate") => gc_narrate = true,
                    Some(_) => {}
                    None => return Err(usage()),
                }
                i += 2;
            }
            "-c" => {
                let Some(code) = args.get(i + 1) else { return Err(usage()) };
                let mut argv = vec!["-c".to_string()];
                argv.extend(args[i + 2..].iter().cloned());
                return Ok(Options {
                    mode: Mode::Command(code.clone()),
                    argv,
                    legacy_gc,
                    gc_narrate,
                });
            }
            "--doctest" => {
                let Some(file) = args.get(i + 1) else { return Err(usage()) };
                return Ok(Options {
                    mode: Mode::Doctest(file.clone()),
                    argv: args[i + 1..].to_vec(),
                    legacy_gc,
                    gc_narrate,
                });
            }
            "-h" | "--help" => return Err(usage()),
            "-" => {
                return Ok(Options {
                    mode: Mode::Repl,
                    argv: vec![String::new()],
                    legacy_gc,
                    gc_narrate,
                })
            }
            arg if arg.starts_with('-') && arg.len() > 1 => {
                eprintln!("pyrc: unknown option {arg}");
                return Err(usage());
            }
            _ => {
                return Ok(Options {
                    mode: Mode::Script(args[i].clone()),
                    argv: args[i..].to_vec(),
                    legacy_gc,
                    gc_narrate,
                });
            }
        }
    }
    Ok(Options { mode: Mode::Repl, argv: vec![String::new()], legacy_gc, gc_narrate })
}

/// The program's entry point.
pub fn main() -> ExitCode {
    let options = match parse_args(
        std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect(),
    ) {
        Ok(options) => options,
        Err(code) => return code,
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
    if UNHANDLED_INTERRUPT.load(std::sync::atomic::Ordering::Relaxed) {
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

/// Set when the program ended with an uncaught `KeyboardInterrupt`: the process then ends
/// by SIGINT after finalizing, as CPython's `exit_sigint`.
static UNHANDLED_INTERRUPT: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

fn run(options: Options) -> u8 {
    initialize(options.argv, options.legacy_gc);
    crate::vm::signals::install_default_handlers();
    if options.gc_narrate {
        modules::refgraph::narrate(true, None);
    }
    let globals = main_module();
    let code = match options.mode {
        Mode::Script(path) => run_file(&path, &globals),
        Mode::Command(code) => run_source(&code, "<string>", &globals),
        Mode::Repl => repl(&globals),
        Mode::Doctest(path) => crate::cli::doctest::run_file(&path),
    };
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

fn run_file(path: &str, globals: &PyRef) -> u8 {
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
        Err(exc) => {
            if rt::is_exception(&exc.value, ExcKind::KeyboardInterrupt) {
                UNHANDLED_INTERRUPT.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            report_uncaught(&exc)
        }
    }
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

// ---- REPL ---------------------------------------------------------------------------------

enum LineReader {
    Editor(Box<rustyline::DefaultEditor>),
    Plain,
}

impl LineReader {
    fn new() -> LineReader {
        if std::io::stdin().is_terminal() {
            if let Ok(editor) = rustyline::DefaultEditor::new() {
                return LineReader::Editor(Box::new(editor));
            }
        }
        LineReader::Plain
    }

    /// One line, `None` at end of input.
    fn read(&mut self, prompt: &str) -> Option<String> {
        match self {
            LineReader::Editor(editor) => match editor.readline(prompt) {
                Ok(line) => {
                    let _ = editor.add_history_entry(line.as_str());
                    Some(line)
                }
                Err(rustyline::error::ReadlineError::Interrupted) => Some(String::from("\u{3}")),
                Err(_) => None,
            },
            LineReader::Plain => match modules::io::stdin_lines::read_line() {
                Ok(None) => None,
                Ok(Some(line)) => {
                    Some(String::from_utf8_lossy(&line).trim_end_matches(['\n', '\r']).to_string())
                }
                // Ctrl-C while waiting for a line: as at the terminal.
                Err(_) => Some(String::from("\u{3}")),
            },
        }
    }
}

fn repl(globals: &PyRef) -> u8 {
    let mut reader = LineReader::new();
    let interactive_terminal = matches!(reader, LineReader::Editor(_));
    if interactive_terminal {
        println!(
            "pyrc 0.1 (Python 3.11 subset on rcgc)\nType \"exit()\" or press Ctrl-D to leave."
        );
    }
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { ">>> " } else { "... " };
        let Some(line) = reader.read(prompt) else {
            if interactive_terminal {
                println!();
            }
            if !buffer.trim().is_empty() {
                // End of input in the middle of a block: it ends the block, as an empty line.
                buffer.push('\n');
                if let Some(code) = run_interactive(&buffer, globals) {
                    return code;
                }
            }
            return 0;
        };
        if line == "\u{3}" {
            println!("KeyboardInterrupt");
            buffer.clear();
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        match parse::parse_interactive(&buffer, "<stdin>") {
            Err(e) if e.is_incomplete() && !line.trim().is_empty() => continue,
            Err(e) if e.is_incomplete() => {
                // An empty line ends a block that still fails to parse: report it.
                eprint!("{e}");
                buffer.clear();
            }
            _ => {
                let input = std::mem::take(&mut buffer);
                if let Some(code) = run_interactive(&input, globals) {
                    return code;
                }
            }
        }
    }
}

/// Runs one REPL input; `Some(status)` when the program must exit (`SystemExit`).
pub fn run_interactive(input: &str, globals: &PyRef) -> Option<u8> {
    let module: ast::Module = match parse::parse_interactive(input, "<stdin>") {
        Ok(module) => module,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprint!("{e}");
            return None;
        }
    };
    let module = Rc::new(module);
    eval::register_source("<stdin>", input);
    match eval::run_module(module, globals, "<stdin>", true) {
        Ok(()) => None,
        Err(exc) if rt::is_exception(&exc.value, ExcKind::SystemExit) => {
            Some(report_uncaught(&exc))
        }
        Err(exc) => {
            report_uncaught(&exc);
            None
        }
    }
}
