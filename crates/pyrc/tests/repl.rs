//! The REPL with stdin piped (issue #5): `pyrc` with no arguments reads plain lines, prints
//! the repr of each expression statement's value (nothing for `None`), reports exceptions on
//! stderr and goes on, ends at end of input or with `exit()` / `sys.exit(n)`; and `pyrc -c`.
//! Expected values are CPython 3.11's (`python3 -i`), prompts aside: when stdin is not a
//! terminal pyrc prints no prompts and no banner.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Session {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `pyrc ARGS` with `input` on stdin, in a fresh temporary directory, with a timeout.
fn pyrc(args: &[&str], input: &str) -> Session {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pyrc-repl-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrc"))
        .args(args)
        .current_dir(&dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyrc");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.as_bytes().to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pyrc {args:?} did not finish within {}s", TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = feeder.join();
    let session = Session {
        code: status.code(),
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !session.stderr.contains("panicked") && session.code != Some(70),
        "pyrc {args:?} panicked: {}",
        session.stderr
    );
    session
}

fn repl(input: &str) -> Session {
    pyrc(&[], input)
}

#[track_caller]
fn assert_session(session: &Session, code: i32, stdout: &str) {
    assert_eq!(
        (session.code, session.stdout.as_str()),
        (Some(code), stdout),
        "\n--- stderr:\n{}",
        session.stderr
    );
}

#[test]
fn expression_values_are_echoed_with_repr() {
    let s = repl("1+1\n'a\\n'\n[1, 'x', None]\n2 ** 100\n1.5\n(1,)\n{'k': {1, 2}}\nTrue\n");
    assert_session(
        &s,
        0,
        "2\n'a\\n'\n[1, 'x', None]\n1267650600228229401496703205376\n1.5\n(1,)\n{'k': {1, 2}}\nTrue\n",
    );
    assert_eq!(s.stderr, "");
}

#[test]
fn none_and_statements_print_nothing() {
    let s = repl("None\nx = 5\nx\ndel x\nprint('printed')\n[].append(1)\nimport gc\npass\n");
    assert_session(&s, 0, "5\nprinted\n");
}

#[test]
fn several_statements_on_a_line_echo_each_expression() {
    assert_session(&repl("1; 2\na = 3; a\n"), 0, "1\n2\n3\n");
}

#[test]
fn blank_lines_and_comments_are_skipped() {
    assert_session(&repl("\n   \n# a comment\n7  # trailing\n\n"), 0, "7\n");
}

#[test]
fn a_multi_line_def_ends_at_a_blank_line() {
    let input = "def f(a, b=2):\n    c = a * b\n    return c\n\nf(21)\nf(1, b=3)\n";
    assert_session(&repl(input), 0, "42\n3\n");
}

#[test]
fn a_blank_line_inside_a_def_ends_it_as_in_cpython() {
    // The blank line ends the def; the indented rest is an IndentationError; f returns None.
    let s = repl("def f(a):\n    b = a * 2\n\n    return b\n\nf(21)\nprint('still here')\n");
    assert_session(&s, 0, "still here\n");
    assert!(s.stderr.ends_with("IndentationError: unexpected indent\n"), "{}", s.stderr);
}

#[test]
fn loops_and_classes_span_several_lines() {
    let input = "for i in range(3):\n    i\n\nclass C:\n    def __init__(self):\n        \
                 self.v = 9\n    def get(self):\n        return self.v\n\nC().get()\n\
                 if C().v > 5:\n    print('big')\nelse:\n    print('small')\n\n";
    assert_session(&repl(input), 0, "0\n1\n2\n9\nbig\n");
}

#[test]
fn the_last_value_is_kept_in_underscore() {
    assert_session(&repl("6 * 7\n_\n_ + 1\n_\nNone\n_\n"), 0, "42\n42\n43\n43\n43\n");
}

#[test]
fn an_exception_goes_to_stderr_and_the_session_continues() {
    let s = repl("1/0\nprint('after')\nundefined_name\n[][1]\n'ok'\n");
    assert_session(&s, 0, "after\n'ok'\n");
    assert!(
        s.stderr.starts_with(
            "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
        ),
        "{}",
        s.stderr
    );
    assert!(s.stderr.contains("ZeroDivisionError: division by zero\n"), "{}", s.stderr);
    assert!(s.stderr.contains("NameError: name 'undefined_name' is not defined\n"), "{}", s.stderr);
    assert!(s.stderr.ends_with("IndexError: list index out of range\n"), "{}", s.stderr);
    assert_eq!(s.stderr.matches("Traceback (most recent call last):").count(), 3, "{}", s.stderr);
}

#[test]
fn an_exception_in_a_function_shows_its_frames() {
    let s = repl("def f():\n    return 1 // 0\n\nf()\n'continued'\n");
    assert_session(&s, 0, "'continued'\n");
    assert!(s.stderr.contains("  File \"<stdin>\", line 2, in f\n"), "{}", s.stderr);
    assert!(s.stderr.ends_with("ZeroDivisionError: integer division or modulo by zero\n"));
}

#[test]
fn a_syntax_error_is_reported_and_the_session_continues() {
    let s = repl("1 +\nx = )\n'fine'\n");
    assert_session(&s, 0, "'fine'\n");
    assert_eq!(s.stderr.matches("SyntaxError: ").count(), 2, "{}", s.stderr);
}

#[test]
fn exit_ends_the_session_with_status_0() {
    let s = repl("print('before')\nexit()\nprint('not reached')\n");
    assert_session(&s, 0, "before\n");
    assert_eq!(s.stderr, "");
    assert_session(&repl("quit()\n1\n"), 0, "");
}

#[test]
fn sys_exit_sets_the_status() {
    let s = repl("import sys; sys.exit(3)\nprint('not reached')\n");
    assert_session(&s, 3, "");
    assert_eq!(s.stderr, "");
    assert_session(&repl("exit(4)\n"), 4, "");
    assert_session(&repl("raise SystemExit(5)\n"), 5, "");
    assert_session(&repl("import sys\nsys.exit(0)\n1\n"), 0, "");
    let s = repl("import sys\nsys.exit('bye')\n");
    assert_session(&s, 1, "");
    assert_eq!(s.stderr, "bye\n");
}

#[test]
fn end_of_input_ends_the_session_with_status_0_even_after_errors() {
    assert_session(&repl(""), 0, "");
    assert_session(&repl("1/0\n"), 0, "");
}

#[test]
fn finalizers_run_on_rebinding_and_at_the_end() {
    let input = "class T:\n    def __init__(self, n):\n        self.n = n\n    def __del__(self):\n        \
                 print('del', self.n)\n\nt = T(1)\nt = T(2)\n'rebound'\n";
    assert_session(&repl(input), 0, "del 1\n'rebound'\ndel 2\n");
}

#[test]
fn the_echoed_value_is_kept_alive_by_underscore_only() {
    // `_` keeps the last value, as in CPython: the object dies when `_` is replaced.
    let input = "class T:\n    def __del__(self):\n        print('del')\n\nT()\n1\n'after'\n";
    let s = repl(input);
    let lines: Vec<&str> = s.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", s.stdout);
    assert!(lines[0].starts_with("<__main__.T object at 0x"), "{}", s.stdout);
    assert_eq!(lines.iter().filter(|l| **l == "del").count(), 1, "{}", s.stdout);
    assert_eq!(lines[3], "'after'", "{}", s.stdout);
}

#[test]
fn the_previous_value_is_freed_before_the_next_is_echoed() {
    let input = "class T:\n    def __del__(self):\n        print('del')\n\nT()\n1\n'after'\n";
    let s = repl(input);
    let lines: Vec<&str> = s.stdout.lines().skip(1).collect();
    assert_eq!(lines, ["del", "1", "'after'"], "{}", s.stdout);
}

#[test]
fn dash_c_runs_a_program() {
    let s = pyrc(&["-c", "print(1)"], "");
    assert_session(&s, 0, "1\n");
    assert_eq!(s.stderr, "");
    let s = pyrc(&["-c", "import sys; print(sys.argv)", "a", "b"], "");
    assert_session(&s, 0, "['-c', 'a', 'b']\n");
    let s = pyrc(&["-c", "x = 1\nfor i in range(3):\n    x *= 2\nprint(x)"], "");
    assert_session(&s, 0, "8\n");
    // No echo of expression values outside the REPL.
    assert_session(&pyrc(&["-c", "1 + 1"], ""), 0, "");
}

#[test]
fn dash_c_exit_status_and_errors() {
    assert_session(&pyrc(&["-c", "import sys; sys.exit(3)"], ""), 3, "");
    let s = pyrc(&["-c", "print('out'); 1/0"], "");
    assert_session(&s, 1, "out\n");
    assert!(
        s.stderr.starts_with(
            "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
        ),
        "{}",
        s.stderr
    );
    assert!(s.stderr.ends_with("\nZeroDivisionError: division by zero\n"), "{}", s.stderr);
    let s = pyrc(&["-c", "print(1"], "");
    assert_session(&s, 1, "");
    assert!(s.stderr.ends_with("SyntaxError: '(' was never closed\n"), "{}", s.stderr);
    assert!(s.stderr.starts_with("  File \"<string>\", line 1\n"), "{}", s.stderr);
}

#[test]
fn dash_c_does_not_read_stdin() {
    assert_session(&pyrc(&["-c", "print('only this')"], "print('not this')\n"), 0, "only this\n");
}

#[test]
fn a_lone_dash_is_the_repl() {
    assert_session(&pyrc(&["-"], "2 + 3\n"), 0, "5\n");
}

#[test]
fn a_block_at_end_of_input_runs() {
    let s = repl("if True:\n    print('in block')\n");
    assert_session(&s, 0, "in block\n");
    assert_eq!(s.stderr, "");
    assert_session(&repl("def g():\n    return 7\n"), 0, "");
}

#[test]
fn exit_without_a_call_explains_itself() {
    assert_session(
        &repl("exit\nquit\n"),
        0,
        "Use exit() or Ctrl-D (i.e. EOF) to exit\nUse quit() or Ctrl-D (i.e. EOF) to exit\n",
    );
}

#[test]
fn site_builtins_as_python3_shows_them() {
    // python3 -i's stdout for the same input (prompts go to stderr).
    assert_session(
        &repl("help\ncopyright\ncredits\n"),
        0,
        "Type help() for interactive help, or help(object) for help about object.\n\
         Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\n\
         Copyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\n\
         Copyright (c) 1995-2001 Corporation for National Research Initiatives.\n\
         All Rights Reserved.\n\n\
         Copyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\n\
         All Rights Reserved.\n    \
         Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n    \
         for supporting Python development.  See www.python.org for more information.\n",
    );
}

#[test]
#[ignore = "pyrc divergence: tracebacks of `-c` and REPL code show the source line; CPython 3.11 has no source for <string> and <stdin> and shows none"]
fn tracebacks_of_dash_c_and_repl_code_show_no_source_line() {
    let expected = |file: &str| {
        format!(
            "Traceback (most recent call last):\n  File \"{file}\", line 1, in <module>\n\
             ZeroDivisionError: division by zero\n"
        )
    };
    assert_eq!(pyrc(&["-c", "1/0"], "").stderr, expected("<string>"));
    assert_eq!(repl("1/0\n").stderr, expected("<stdin>"));
}
