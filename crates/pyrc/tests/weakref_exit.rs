//! `weakref::run_exit_finalizers`, driven through the library as the interpreter's exit path
//! is meant to drive it (`cli::finalize` calling it first): the expected output is CPython
//! 3.11's for the same program (tests/py/weakref_finalize_exit.py, which checks the `pyrc`
//! binary and is marked known-bug until the exit path calls the function).

use pyrc::object::Kind;

const PROGRAM: &str = include_str!("py/weakref_finalize_exit.py");
const CPYTHON_OUTPUT: &str = include_str!("py/weakref_finalize_exit.out");

/// Runs `source` as a main module, then the exit sequence; returns (status, stdout).
fn run_with_exit_finalizers(source: &'static str) -> (u8, String) {
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            pyrc::cli::initialize(vec!["weakref_finalize_exit.py".into()], false);
            let globals = pyrc::object::runtime::new_dict();
            if let Kind::Dict(d) = &globals.kind {
                let old = d.borrow_mut().set_str(
                    pyrc::object::runtime::str("__name__"),
                    "__name__",
                    pyrc::object::runtime::str("__main__"),
                );
                drop(old);
            }
            pyrc::modules::sys::capture_stdout_begin();
            let status = pyrc::cli::run_source(source, "weakref_finalize_exit.py", &globals);
            pyrc::modules::weakref::run_exit_finalizers();
            pyrc::cli::finalize(&globals);
            (status, pyrc::modules::sys::capture_stdout_end())
        })
        .expect("spawn the interpreter thread");
    worker.join().expect("the interpreter thread does not panic")
}

#[test]
fn exit_finalizers_run_newest_first_before_the_globals_are_cleared() {
    let (status, output) = run_with_exit_finalizers(PROGRAM);
    assert_eq!(status, 0);
    assert_eq!(output, CPYTHON_OUTPUT);
}

#[test]
fn exit_finalizers_do_nothing_without_weakref() {
    let (status, output) = run_with_exit_finalizers("print('no weakref here')\n");
    assert_eq!(status, 0);
    assert_eq!(output, "no weakref here\n");
}

#[test]
fn no_finalizer_runs_after_the_exit_ones() {
    let source = "import weakref\n\
                  class R:\n    pass\n\
                  r = R()\n\
                  f = weakref.finalize(r, print, 'at exit')\n\
                  g = weakref.finalize(R(), print, 'at once')\n\
                  late = R()\n\
                  h = weakref.finalize(late, print, 'never: the exit ones ran already')\n\
                  h.atexit = False\n\
                  print('end', f.alive, g.alive, h.alive)\n";
    let (status, output) = run_with_exit_finalizers(source);
    assert_eq!(status, 0);
    assert_eq!(output, "at once\nend True False True\nat exit\n");
}
