//! Malformed input never crashes `pyrc` (issue #5): classic syntax errors, pathological
//! nesting, random bytes, and every truncation of real programs (the seed transcripts and the
//! golden programs of `tests/py/`), as script files, through the REPL (stdin piped) and
//! through `-c`.
//!
//! For every run: it ends within [`TIMEOUT`] (else the child is killed and the test fails);
//! the exit status is 0 or 1 (2 for usage errors), never 70 (pyrc's internal error, a Rust
//! panic) nor a death by signal (abort, stack overflow); stderr never shows "panicked" or
//! "RUST_BACKTRACE". A syntax error's report must end with a line
//! `SyntaxError: ...`, `IndentationError: ...`, `TabError: ...` or `RecursionError: ...`
//! (CPython's "maximum recursion depth exceeded during compilation").
//!
//! At most two children run at a time in this whole test binary (the machine has two cores).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_CHILDREN: usize = 2;

// ---- running pyrc ------------------------------------------------------------------------

/// A counting semaphore: at most [`MAX_CHILDREN`] children at once, whichever test runs them.
static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

struct Slot;

impl Slot {
    fn acquire() -> Slot {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= MAX_CHILDREN {
            running = FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        FREED.notify_one();
    }
}

/// How the input reaches pyrc.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// Written to `prog.py` in the working directory, run as `pyrc prog.py`.
    Script,
    /// Piped into `pyrc` (the REPL reading stdin).
    Repl,
    /// `pyrc -c SOURCE` (the input must be valid UTF-8 without NUL: an argument).
    Command,
}

use common::Outcome;

impl Outcome {
    fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The last non-empty line of stderr.
    fn last_line(&self) -> String {
        self.stderr().lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string()
    }

    fn describe(&self) -> String {
        let status = match self.status {
            None => format!("timed out after {}s (killed)", TIMEOUT.as_secs()),
            Some(s) => match s.code() {
                Some(code) => format!("exit {code}"),
                None => signal_of(s),
            },
        };
        let stderr = self.stderr();
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(6)..].join("\n    ");
        let stdout = String::from_utf8_lossy(&self.stdout);
        let stdout: String = stdout.chars().take(200).collect();
        format!("{status}; stdout {stdout:?}; stderr ends:\n    {tail}")
    }
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    format!("killed by signal {}", status.signal().unwrap_or(0))
}

#[cfg(not(unix))]
fn signal_of(status: ExitStatus) -> String {
    format!("{status}")
}

/// Runs pyrc on `input` in `workdir` (emptied first), with a timeout.
fn run(mode: Mode, input: &[u8], workdir: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(workdir);
    std::fs::create_dir_all(workdir).expect("create the working directory");
    // `PYRC_BIN`: another build of pyrc (the long crash-fuzzing run uses a release build).
    let binary = std::env::var("PYRC_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_pyrc").into());
    let mut command = Command::new(binary);
    command.current_dir(workdir).env_remove("RUST_BACKTRACE");
    match mode {
        Mode::Script => {
            std::fs::write(workdir.join("prog.py"), input).expect("write prog.py");
            command.arg("prog.py");
        }
        Mode::Repl => {}
        Mode::Command => {
            let text = std::str::from_utf8(input).expect("a -c program is UTF-8");
            command.arg("-c").arg(text);
        }
    }
    run_command(command, if mode == Mode::Repl { Some(input) } else { None })
}

fn run_command(command: Command, stdin: Option<&[u8]>) -> Outcome {
    let _slot = Slot::acquire();
    common::run_with_timeout(command, stdin, TIMEOUT)
}

// ---- what a run must show ----------------------------------------------------------------

/// Whether `line` reports a syntax error as CPython does.
fn is_syntax_error_line(line: &str) -> bool {
    ["SyntaxError: ", "IndentationError: ", "TabError: ", "RecursionError: "]
        .iter()
        .any(|prefix| line.starts_with(prefix))
}

/// Whether `line` looks like the last line of a Python traceback: `Name` or `Name: message`
/// with `Name` a (dotted) identifier.
fn is_exception_line(line: &str) -> bool {
    let name = line.split_once(": ").map_or(line, |(name, _)| name);
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

#[derive(Clone, Debug)]
enum Expect {
    /// Exit 1; the last line of stderr is exactly this.
    Error(String),
    /// Exit 1; the last line of stderr starts with this.
    ErrorStartingWith(String),
    /// Exit 0, or exit 1 with a syntax error (the program is parsed but never executed).
    ParsesOrSyntaxError,
    /// Exit 0, or exit 1 with a Python exception's last line (the program runs).
    Survives,
    /// Exit 0 (the REPL goes on after errors); the last line of stderr is exactly this.
    ReplReports(String),
    /// Exit 0 with exactly this stdout.
    Prints(String),
}

/// The problems of one run (empty when it is fine).
fn check(outcome: &Outcome, expect: &Expect, extra_exit_codes: &[i32]) -> Option<String> {
    let stderr = outcome.stderr();
    let mut problems = Vec::new();
    match outcome.code() {
        None => problems.push("did not exit normally".to_string()),
        Some(70) => problems.push("exit 70: pyrc's internal error (a Rust panic)".into()),
        Some(0..=2) => {}
        Some(code) if extra_exit_codes.contains(&code) => {}
        Some(code) => problems.push(format!("unexpected exit status {code}")),
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("stderr shows a Rust panic".into());
    }
    if problems.is_empty() {
        let last = outcome.last_line();
        let code = outcome.code().unwrap_or(-1);
        match expect {
            Expect::Error(line) if code != 1 || last != *line => {
                problems.push(format!("expected exit 1 and the last line {line:?}"))
            }
            Expect::ErrorStartingWith(prefix)
                if code != 1 || !last.starts_with(prefix.as_str()) =>
            {
                problems.push(format!("expected exit 1 and a last line starting {prefix:?}"))
            }
            Expect::ParsesOrSyntaxError if code == 1 && !is_syntax_error_line(&last) => {
                problems.push("exit 1 without a SyntaxError-like last line".into())
            }
            Expect::ParsesOrSyntaxError if code != 0 && code != 1 => {
                problems.push("a parse-only run must exit 0 or 1".into())
            }
            Expect::Survives if code == 1 && !is_exception_line(&last) => {
                problems.push("exit 1 without a Python exception as the last line".into())
            }
            Expect::ReplReports(line) if code != 0 || last != *line => {
                problems.push(format!("expected exit 0 and the last line {line:?}"))
            }
            Expect::Prints(text) if code != 0 || outcome.stdout != text.as_bytes() => {
                problems.push(format!("expected exit 0 and the output {text:?}"))
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!("{}: {}", problems.join("; "), outcome.describe()))
    }
}

struct Job {
    label: String,
    mode: Mode,
    input: Vec<u8>,
    expect: Expect,
    extra_exit_codes: Vec<i32>,
}

impl Job {
    fn new(label: impl Into<String>, mode: Mode, input: impl Into<Vec<u8>>, expect: Expect) -> Job {
        Job { label: label.into(), mode, input: input.into(), expect, extra_exit_codes: vec![] }
    }
}

/// A unique directory for one worker.
fn scratch_dir(tag: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("pyrc-bad-input-{}-{tag}-{n}", std::process::id()))
}

/// Runs every job (two at a time) and fails with the list of every failing job.
fn run_jobs(name: &str, jobs: Vec<Job>) {
    let started = Instant::now();
    let total = jobs.len();
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..MAX_CHILDREN {
            let (queue, failures) = (&queue, &failures);
            scope.spawn(move || {
                let dir = scratch_dir(&format!("{name}-{worker}"));
                loop {
                    let Some(job) = queue.lock().unwrap().pop() else { break };
                    let outcome = run(job.mode, &job.input, &dir);
                    if let Some(problem) = check(&outcome, &job.expect, &job.extra_exit_codes) {
                        failures.lock().unwrap().push(format!(
                            "{} [{:?}, {} bytes]: {problem}",
                            job.label,
                            job.mode,
                            job.input.len()
                        ));
                    }
                }
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    let _ = writeln!(
        std::io::stderr(),
        "bad_input::{name}: {total} runs in {:.1}s, {} failed",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} runs failed:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

// ---- a small deterministic PRNG (xorshift64*) --------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---- the classic syntax errors -------------------------------------------------------------

const DEEP: usize = 100_000;

/// (name, source, the last line of stderr), the line being CPython 3.11's.
fn classic_syntax_errors() -> Vec<(&'static str, String, Expect)> {
    let exact = |s: &str| Expect::Error(s.to_string());
    let deep_indent: String = (0..101).map(|i| format!("{}if 1:\n", "    ".repeat(i))).collect();
    vec![
        ("unclosed paren", "print((1, 2)\n".into(), exact("SyntaxError: '(' was never closed")),
        ("unclosed bracket", "x = [1, 2\ny = 3\n".into(), exact("SyntaxError: '[' was never closed")),
        ("unclosed brace", "d = {1: 2\n".into(), exact("SyntaxError: '{' was never closed")),
        (
            "unclosed at end of file",
            "x = (1,\n 2,\n".into(),
            exact("SyntaxError: '(' was never closed"),
        ),
        (
            "mismatched bracket",
            "foo(]\n".into(),
            exact("SyntaxError: closing parenthesis ']' does not match opening parenthesis '('"),
        ),
        ("unmatched close", "x = 1)\n".into(), exact("SyntaxError: unmatched ')'")),
        (
            "missing indented block",
            "def f():\nreturn 1\n".into(),
            exact(
                "IndentationError: expected an indented block after function definition on line 1",
            ),
        ),
        (
            "unindent mismatch",
            "if True:\n    x = 1\n  y = 2\n".into(),
            exact("IndentationError: unindent does not match any outer indentation level"),
        ),
        ("unexpected indent", "x = 1\n    y = 2\n".into(), exact("IndentationError: unexpected indent")),
        (
            "too many indentation levels",
            format!("{deep_indent}{}pass\n", "    ".repeat(101)),
            exact("IndentationError: too many levels of indentation"),
        ),
        ("def f(:", "def f(:\n    pass\n".into(), exact("SyntaxError: invalid syntax")),
        ("stray else", "else:\n    pass\n".into(), exact("SyntaxError: invalid syntax")),
        (
            "second else",
            "if x:\n    pass\nelse:\n    pass\nelse:\n    pass\n".into(),
            exact("SyntaxError: invalid syntax"),
        ),
        (
            "assign to literal",
            "1 = x\n".into(),
            exact("SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?"),
        ),
        (
            "assign to call",
            "f() = 1\n".into(),
            exact(
                "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
            ),
        ),
        (
            "assign to expression",
            "a + b = c\n".into(),
            exact(
                "SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?",
            ),
        ),
        ("assign to None", "None = 1\n".into(), exact("SyntaxError: cannot assign to None")),
        ("assign to True", "True = 1\n".into(), exact("SyntaxError: cannot assign to True")),
        ("assign to keyword", "class = 1\n".into(), exact("SyntaxError: invalid syntax")),
        ("delete a call", "del f()\n".into(), exact("SyntaxError: cannot delete function call")),
        (
            "augmented assignment to a tuple",
            "(a, b) += 1\n".into(),
            exact("SyntaxError: 'tuple' is an illegal expression for augmented assignment"),
        ),
        ("for target", "for 1 in x:\n    pass\n".into(), exact("SyntaxError: cannot assign to literal")),
        (
            "with target",
            "with f() as 1:\n    pass\n".into(),
            exact("SyntaxError: cannot assign to literal"),
        ),
        ("comprehension target", "[x for 1 in y]\n".into(), exact("SyntaxError: cannot assign to literal")),
        (
            "walrus to attribute",
            "(a.b := 1)\n".into(),
            exact("SyntaxError: cannot use assignment expressions with attribute"),
        ),
        (
            "two starred targets",
            "a, *b, *c = d\n".into(),
            exact("SyntaxError: multiple starred expressions in assignment"),
        ),
        (
            "lone starred target",
            "*a = 1\n".into(),
            exact("SyntaxError: starred assignment target must be in a list or tuple"),
        ),
        (
            "unterminated string",
            "x = 'unterminated\n".into(),
            exact("SyntaxError: unterminated string literal (detected at line 1)"),
        ),
        ("return outside function", "return 1\n".into(), exact("SyntaxError: 'return' outside function")),
        ("break outside loop", "break\n".into(), exact("SyntaxError: 'break' outside loop")),
        ("continue outside loop", "continue\n".into(), exact("SyntaxError: 'continue' not properly in loop")),
        ("yield outside function", "yield 1\n".into(), exact("SyntaxError: 'yield' outside function")),
        ("await outside function", "await x\n".into(), exact("SyntaxError: 'await' outside function")),
        (
            "tabs and spaces",
            "if True:\n\tx = 1\n        y = 2\n".into(),
            exact("TabError: inconsistent use of tabs and spaces in indentation"),
        ),
        (
            "1e5 nested parentheses",
            format!("{}{}\n", "(".repeat(DEEP), ")".repeat(DEEP)),
            exact("SyntaxError: too many nested parentheses"),
        ),
        (
            "1e5-deep nested list literal",
            format!("x = {}{}\n", "[".repeat(DEEP), "]".repeat(DEEP)),
            exact("SyntaxError: too many nested parentheses"),
        ),
        (
            "1e5 unclosed parentheses",
            format!("{}\n", "(".repeat(DEEP)),
            exact("SyntaxError: too many nested parentheses"),
        ),
        (
            "201 nested parentheses",
            format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201)),
            exact("SyntaxError: too many nested parentheses"),
        ),
        (
            "1e5 chained additions",
            format!("x = {}1\n", "1+".repeat(DEEP)),
            exact("RecursionError: maximum recursion depth exceeded during compilation"),
        ),
        (
            "1e5 chained attributes",
            format!("x = a{}\n", ".a".repeat(DEEP)),
            exact("RecursionError: maximum recursion depth exceeded during compilation"),
        ),
        (
            "1e5 chained calls",
            format!("x = f{}\n", "()".repeat(DEEP)),
            exact("RecursionError: maximum recursion depth exceeded during compilation"),
        ),
        // CPython 3.11's parser runs out of memory on these three (MemoryError); pyrc's limit
        // reports them as CPython's compiler does for the others.
        ("1e5 unary minus", format!("x = {}1\n", "-".repeat(DEEP)), Expect::ErrorStartingWith("RecursionError: ".into())),
        ("1e5 not", format!("x = {}1\n", "not ".repeat(DEEP)), Expect::ErrorStartingWith("RecursionError: ".into())),
        ("1e5 nested lambdas", format!("x = {}0\n", "lambda: ".repeat(DEEP)), Expect::ErrorStartingWith("RecursionError: ".into())),
        ("incomplete expression", "x = 1 +\n".into(), exact("SyntaxError: invalid syntax")),
        (
            "print statement",
            "print \"hello\"\n".into(),
            exact("SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"),
        ),
        ("class without colon", "class A\n    pass\n".into(), exact("SyntaxError: expected ':'")),
        ("for without colon", "for x in range(3)\n    pass\n".into(), exact("SyntaxError: expected ':'")),
        (
            "leading zeros",
            "x = 0777\n".into(),
            exact("SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
        ),
        ("bad decimal literal", "x = 1_\n".into(), exact("SyntaxError: invalid decimal literal")),
        (
            "unparenthesized generator",
            "f(x for x in y, 1)\n".into(),
            exact("SyntaxError: Generator expression must be parenthesized"),
        ),
        (
            "duplicate parameter",
            "def f(a, a):\n    pass\n".into(),
            exact("SyntaxError: duplicate argument 'a' in function definition"),
        ),
        ("repeated keyword", "f(a=1, a=2)\n".into(), exact("SyntaxError: keyword argument repeated: a")),
        (
            "positional after keyword",
            "f(a=1, 2)\n".into(),
            exact("SyntaxError: positional argument follows keyword argument"),
        ),
        (
            "default before non-default",
            "def f(a=1, b):\n    pass\n".into(),
            exact("SyntaxError: non-default argument follows default argument"),
        ),
        ("bare star", "def f(*):\n    pass\n".into(), exact("SyntaxError: named arguments must follow bare *")),
        (
            "nonlocal at module level",
            "nonlocal x\n".into(),
            exact("SyntaxError: nonlocal declaration not allowed at module level"),
        ),
        ("dollar sign", "x = $\n".into(), exact("SyntaxError: invalid syntax")),
        ("conditional without else", "x = 1 if 2\n".into(), exact("SyntaxError: expected 'else' after 'if' expression")),
        (
            "bad f-string conversion",
            "f\"{x!z}\"\n".into(),
            exact("SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'"),
        ),
        ("try alone", "try:\n    pass\n".into(), exact("SyntaxError: expected 'except' or 'finally' block")),
        ("import alone", "import\n".into(), exact("SyntaxError: invalid syntax")),
        ("decorator alone", "@dec\n".into(), exact("SyntaxError: invalid syntax")),
        ("backslash at end of file", "x = 1 + \\".into(), exact("SyntaxError: unexpected EOF while parsing")),
        ("semicolon alone", ";\n".into(), exact("SyntaxError: invalid syntax")),
        ("dict unpacking in a list", "[**a]\n".into(), exact("SyntaxError: invalid syntax")),
        ("bad string prefix", "x = bb'x'\n".into(), exact("SyntaxError: invalid syntax")),
        ("NUL byte", "x = 1\0\n".into(), exact("SyntaxError: source code cannot contain null bytes")),
        (
            "unknown \\N name",
            "x = \"\\N{NOT A REAL NAME}\"\n".into(),
            Expect::ErrorStartingWith("SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes".into()),
        ),
    ]
}

#[test]
fn classic_syntax_errors_are_reported_like_cpython() {
    let mut jobs: Vec<Job> = classic_syntax_errors()
        .into_iter()
        .map(|(name, source, expect)| Job::new(name, Mode::Script, source, expect))
        .collect();
    // Invalid UTF-8 in a file: CPython's message names the file; only the start is stable.
    jobs.push(Job::new(
        "invalid UTF-8",
        Mode::Script,
        b"x = '\xff\xfe'\n".to_vec(),
        Expect::ErrorStartingWith(
            "SyntaxError: Non-UTF-8 code starting with '\\xff' in file".into(),
        ),
    ));
    run_jobs("classic_syntax_errors", jobs);
}

#[test]
fn huge_and_deep_but_valid_programs_run() {
    let nested_ifs: String = (0..99).map(|i| format!("{}if 1:\n", " ".repeat(i))).collect();
    let jobs = vec![
        // Arithmetic on a 100 000-digit literal (CPython 3.11 rejects decimal literals over
        // 4300 digits, see `int_literals_over_4300_digits_are_rejected`; pyrc computes).
        Job::new(
            "huge literal arithmetic",
            Mode::Script,
            format!(
                "x = {}\ny = x * x + x // 7 - x % 1000\nprint(y % 1000, x.bit_length() > 300000)\n",
                "7".repeat(DEEP)
            ),
            Expect::Survives,
        ),
        Job::new(
            "huge computed ints",
            Mode::Script,
            "x = 3 ** 200000\nprint(x % 1000, (x * x) % 999, len(bin(x)), (x >> 300000) & 1)\n",
            Expect::Survives,
        ),
        Job::new(
            "99 nested ifs",
            Mode::Script,
            format!("{nested_ifs}{}print('deep')\n", " ".repeat(99)),
            Expect::Survives,
        ),
        Job::new(
            "199 nested parentheses",
            Mode::Script,
            format!("print({}1{})\n", "(".repeat(198), ")".repeat(198)),
            Expect::Survives,
        ),
        Job::new(
            "10 000 elif branches",
            Mode::Script,
            format!(
                "x = 0\nif x == 1:\n    pass\n{}print('ok')\n",
                "elif x == 1:\n    pass\n".repeat(10_000)
            ),
            Expect::Survives,
        ),
        Job::new("100 000 statements", Mode::Script, "x = 1\n".repeat(DEEP), Expect::Survives),
        Job::new(
            "a 1 MB string literal",
            Mode::Script,
            format!("s = '{}'\nprint(len(s))\n", "ab".repeat(500_000)),
            Expect::Survives,
        ),
    ];
    run_jobs("huge_and_deep", jobs);
}

#[test]
#[ignore = "pyrc bug: three syntax error messages differ from CPython 3.11 (see the comments)"]
fn syntax_error_messages_that_differ_from_cpython() {
    let exact = |s: &str| Expect::Error(s.to_string());
    let jobs = vec![
        Job::new(
            "unterminated triple-quoted string",
            Mode::Script,
            "x = \"\"\"never closed\n\n",
            // pyrc: "... (detected at line 1)"
            exact("SyntaxError: unterminated triple-quoted string literal (detected at line 2)"),
        ),
        Job::new(
            "global after assignment",
            Mode::Script,
            "def f():\n    x = 1\n    global x\n",
            // pyrc: "name 'x' is used prior to global declaration"
            exact("SyntaxError: name 'x' is assigned to before global declaration"),
        ),
        Job::new(
            "unclosed f-string field",
            Mode::Script,
            "print(f\"{\")\n",
            // pyrc: "unterminated string literal (detected at line 1)"
            exact("SyntaxError: f-string: expecting '}'"),
        ),
    ];
    run_jobs("differing_messages", jobs);
}

/// CPython reports an unclosed bracket only when its parser read into the end of the input
/// (`foo(1 2`) or failed on a later line; `def f(:` fails at the colon: "invalid syntax".
#[test]
fn unclosed_bracket_or_invalid_syntax_as_cpython_decides() {
    let exact = |s: &str| Expect::Error(s.to_string());
    let jobs = vec![
        Job::new(
            "def f(: as the last line",
            Mode::Script,
            "def f(:\n",
            exact("SyntaxError: invalid syntax"),
        ),
        Job::new(
            "def f(: then a body",
            Mode::Script,
            "def f(:\n    pass\n",
            exact("SyntaxError: invalid syntax"),
        ),
        Job::new(
            "def f(: in the REPL",
            Mode::Repl,
            "def f(:\n",
            Expect::ReplReports("SyntaxError: invalid syntax".into()),
        ),
        Job::new("foo(1 2", Mode::Script, "foo(1 2\n", exact("SyntaxError: '(' was never closed")),
        Job::new(
            "x = (1 +",
            Mode::Script,
            "x = (1 +\n",
            exact("SyntaxError: '(' was never closed"),
        ),
        Job::new("[1, 2", Mode::Script, "[1, 2\n", exact("SyntaxError: '[' was never closed")),
        Job::new("f(x)(", Mode::Script, "f(x)(\n", exact("SyntaxError: '(' was never closed")),
        Job::new("{1: :", Mode::Script, "{1: :\n", exact("SyntaxError: invalid syntax")),
    ];
    run_jobs("unclosed_or_invalid", jobs);
}

#[test]
#[ignore = "pyrc bug: decimal int literals over 4300 digits are accepted (CPython 3.11: SyntaxError, sys.int_info.str_digits_check_threshold)"]
fn int_literals_over_4300_digits_are_rejected() {
    run_jobs(
        "int_max_str_digits",
        vec![
            Job::new(
                "5000-digit literal",
                Mode::Script,
                format!("x = {}\n", "7".repeat(5000)),
                Expect::ErrorStartingWith(
                    "SyntaxError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits".into(),
                ),
            ),
            Job::new(
                "str() of a 5000-digit int",
                Mode::Script,
                "print(len(str(10 ** 5000)))\n",
                Expect::ErrorStartingWith("ValueError: Exceeds the limit (4300 digits)".into()),
            ),
        ],
    );
}

// ---- random bytes --------------------------------------------------------------------------

/// 300 seeded samples of 1..=400 bytes: a third any byte, a third printable ASCII with
/// newlines and tabs, a third Python-like tokens.
fn random_samples() -> Vec<Vec<u8>> {
    const TOKENS: &[&str] = &[
        "x", "y", "f", "def", "class", "if", "else", "elif", "try", "except", "finally", "with",
        "as", "lambda", "return", "pass", "del", "import", "from", "global", "nonlocal", "not",
        "and", "or", "in", "is", "None", "True", "(", ")", "[", "]", "{", "}", ":", ",", ".", ";",
        "=", "==", "+", "-", "/", "//", "%", "<", ">", "+=", "->", "@", "0", "1", "7", "1.5",
        "'s'", "\"t\"", "f'{x}'", "'''", "\\", "#", "\n", "\n    ", "\n\t", " ", "  ",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..300)
        .map(|i| {
            let len = 1 + rng.below(400);
            match i % 3 {
                0 => (0..len).map(|_| rng.next() as u8).collect(),
                1 => (0..len)
                    .map(|_| match rng.below(20) {
                        0 => b'\n',
                        1 => b'\t',
                        _ => b' ' + rng.below(95) as u8,
                    })
                    .collect(),
                _ => {
                    let mut text = String::new();
                    while text.len() < len {
                        text.push_str(TOKENS[rng.below(TOKENS.len())]);
                        if rng.below(2) == 0 {
                            text.push(' ');
                        }
                    }
                    text.into_bytes()
                }
            }
        })
        .collect()
}

#[test]
fn random_bytes_never_crash() {
    let mut jobs = Vec::new();
    for (i, sample) in random_samples().into_iter().enumerate() {
        if i % 6 == 0 {
            // Some through the REPL as well.
            jobs.push(Job::new(
                format!("random sample {i}"),
                Mode::Repl,
                sample.clone(),
                Expect::Survives,
            ));
        }
        jobs.push(Job::new(format!("random sample {i}"), Mode::Script, sample, Expect::Survives));
    }
    run_jobs("random_bytes", jobs);
}

// ---- truncations ---------------------------------------------------------------------------

/// The source of the seed transcripts' examples: `>>> ` and `... ` lines without the prompt.
fn seed_programs() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/seed exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("read a seed transcript");
            let mut source = String::new();
            for line in text.lines() {
                let code = if line == ">>>" || line == "..." {
                    Some("")
                } else {
                    line.strip_prefix(">>> ").or_else(|| line.strip_prefix("... "))
                };
                if let Some(code) = code {
                    source.push_str(code);
                    source.push('\n');
                }
            }
            (file.file_stem().unwrap().to_string_lossy().into_owned(), source)
        })
        .collect()
}

fn golden_programs() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/py exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(f).expect("read a golden program"))
        })
        .collect()
}

/// The cut points of `source`: every line boundary, plus `samples` pseudo-random byte offsets
/// (which may fall inside a multi-byte character).
fn cut_points(source: &[u8], samples: usize, rng: &mut Rng) -> Vec<usize> {
    let mut cuts: Vec<usize> =
        source.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect();
    cuts.insert(0, 0);
    for _ in 0..samples {
        cuts.push(rng.below(source.len().max(1)));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&c| c < source.len());
    cuts
}

#[test]
fn every_truncation_of_the_seed_programs_never_crashes() {
    // The seed programs are small and safe: every truncation runs for real, as a script and
    // through the REPL.
    let mut rng = Rng(42);
    let mut jobs = Vec::new();
    let programs = seed_programs();
    assert!(programs.len() >= 6, "the seed has six transcripts");
    for (name, source) in &programs {
        assert!(!source.is_empty(), "{name}: no examples found");
        for cut in cut_points(source.as_bytes(), 20, &mut rng) {
            let prefix = source.as_bytes()[..cut].to_vec();
            let label = format!("seed {name} cut at byte {cut}");
            jobs.push(Job::new(label.clone(), Mode::Repl, prefix.clone(), Expect::Survives));
            jobs.push(Job::new(label, Mode::Script, prefix, Expect::Survives));
        }
    }
    run_jobs("seed_truncations", jobs);
}

#[test]
fn every_truncation_of_the_golden_programs_parses_or_is_a_syntax_error() {
    // A golden program's prefix could loop forever, sleep or recurse deeply if it ran, so it
    // is only parsed (and analysed): `raise SystemExit` goes first, and pyrc parses the whole
    // file before it runs anything. So exit 0 means "parsed", exit 1 must be a syntax error.
    let mut rng = Rng(7);
    let mut jobs = Vec::new();
    let programs = golden_programs();
    assert!(programs.len() >= 15, "the golden programs are in tests/py");
    for (name, source) in &programs {
        for cut in cut_points(source.as_bytes(), 12, &mut rng) {
            let mut input = b"raise SystemExit\n".to_vec();
            input.extend_from_slice(&source.as_bytes()[..cut]);
            jobs.push(Job::new(
                format!("tests/py/{name}.py cut at byte {cut}"),
                Mode::Script,
                input,
                Expect::ParsesOrSyntaxError,
            ));
        }
    }
    run_jobs("golden_truncations", jobs);
}

// ---- the REPL and -c -----------------------------------------------------------------------

#[test]
fn bad_input_through_the_repl_and_dash_c() {
    let survives =
        |label: &str, mode: Mode, input: &str| Job::new(label, mode, input, Expect::Survives);
    let mut jobs = vec![
        Job::new(
            "-c def f(:",
            Mode::Command,
            "def f(:\n    pass",
            Expect::Error("SyntaxError: invalid syntax".into()),
        ),
        Job::new(
            "-c unclosed",
            Mode::Command,
            "print((1,",
            Expect::Error("SyntaxError: '(' was never closed".into()),
        ),
        Job::new(
            "-c tabs",
            Mode::Command,
            "if 1:\n\tx = 1\n        y = 2",
            Expect::Error("TabError: inconsistent use of tabs and spaces in indentation".into()),
        ),
        // One argument is at most 128 KiB (Linux's MAX_ARG_STRLEN).
        Job::new(
            "-c 3e4 parentheses",
            Mode::Command,
            &*format!("{}{}", "(".repeat(30_000), ")".repeat(30_000)),
            Expect::Error("SyntaxError: too many nested parentheses".into()),
        ),
        Job::new(
            "-c return",
            Mode::Command,
            "return 5",
            Expect::Error("SyntaxError: 'return' outside function".into()),
        ),
        survives("-c empty", Mode::Command, ""),
        survives("-c only a comment", Mode::Command, "# nothing"),
        survives("REPL: empty input", Mode::Repl, ""),
        survives("REPL: blank lines", Mode::Repl, "\n\n\n"),
        survives("REPL: unclosed at end of input", Mode::Repl, "x = (1,\n"),
        survives("REPL: open block at end of input", Mode::Repl, "def f():\n"),
        survives("REPL: unterminated triple quote", Mode::Repl, "s = '''abc\n"),
        survives("REPL: backslash at end of input", Mode::Repl, "x = 1 + \\\n"),
        survives("REPL: 1e5 parentheses", Mode::Repl, &format!("{}\n", "(".repeat(DEEP))),
        survives(
            "REPL: 1e5 nested lists",
            Mode::Repl,
            &format!("{}{}\n", "[".repeat(DEEP), "]".repeat(DEEP)),
        ),
        survives("REPL: deep unary", Mode::Repl, &format!("{}1\n", "-".repeat(DEEP))),
        survives("REPL: stray dedent", Mode::Repl, "if 1:\n        x = 1\n    y = 2\n\n"),
        survives("REPL: NUL byte", Mode::Repl, "x = 1\0\n"),
        survives("REPL: no final newline", Mode::Repl, "1 +"),
        survives("REPL: lone carriage returns", Mode::Repl, "x = 1\r\ry = 2\r"),
    ];
    jobs.push(Job::new(
        "REPL: invalid UTF-8",
        Mode::Repl,
        b"x = '\xff'\nprint(1)\n".to_vec(),
        Expect::Survives,
    ));
    // The REPL keeps going after each error: every error is reported and the last line runs.
    let mut session = String::new();
    for (_, source, _) in classic_syntax_errors().into_iter().filter(|(_, s, _)| s.len() < 200) {
        session.push_str(&source);
        session.push_str("\n\n");
    }
    session.push_str("print('the session survived')\n");
    jobs.push(Job::new(
        "REPL: every classic error in one session",
        Mode::Repl,
        session,
        Expect::Prints("the session survived\n".into()),
    ));
    run_jobs("repl_and_dash_c", jobs);
}

#[test]
fn the_repl_reports_each_error_and_continues() {
    let workdir = scratch_dir("repl-continues");
    let input =
        "1 +\nprint('alive')\ndef f(:\nprint('alive 2')\nx = )\n[1, 2\n\nprint('alive 3')\n";
    let outcome = run(Mode::Repl, input.as_bytes(), &workdir);
    let _ = std::fs::remove_dir_all(&workdir);
    assert_eq!(outcome.code(), Some(0), "{}", outcome.describe());
    let stdout = String::from_utf8_lossy(&outcome.stdout);
    assert_eq!(stdout, "alive\nalive 2\nalive 3\n", "{}", outcome.describe());
    let stderr = outcome.stderr();
    let errors = stderr.lines().filter(|l| is_syntax_error_line(l)).count();
    assert_eq!(errors, 4, "one report per bad input: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn usage_errors_exit_with_status_2() {
    let workdir = scratch_dir("usage");
    std::fs::create_dir_all(&workdir).unwrap();
    // (`-h` prints the help and exits 0, as python3's; tests/cli.rs checks it.)
    let cases: [&[&str]; 6] =
        [&["-c"], &["--doctest"], &["-X"], &["--no-such-option"], &["-Z"], &["no-such-file.py"]];
    for args in cases {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pyrc"));
        command.args(args).current_dir(&workdir).env_remove("RUST_BACKTRACE");
        let outcome = run_command(command, None);
        assert_eq!(outcome.code(), Some(2), "pyrc {args:?}: {}", outcome.describe());
        assert!(!outcome.stderr().contains("panicked"), "pyrc {args:?}: {}", outcome.describe());
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_pyrc"));
    command.arg("no-such-file.py").current_dir(&workdir);
    let outcome = run_command(command, None);
    assert!(
        outcome
            .stderr()
            .contains("can't open file 'no-such-file.py': [Errno 2] No such file or directory"),
        "{}",
        outcome.describe()
    );
    let _ = std::fs::remove_dir_all(&workdir);
}

#[test]
fn non_utf8_arguments_do_not_panic() {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let workdir = scratch_dir("non-utf8");
        std::fs::create_dir_all(&workdir).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"prog-\xff.py");
        std::fs::write(workdir.join(name), "print('ran')\n").unwrap();
        let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
            vec![std::ffi::OsStr::new("-c"), std::ffi::OsStr::from_bytes(b"print(1)\xff")],
            vec![name],
            vec![
                std::ffi::OsStr::new("-c"),
                std::ffi::OsStr::new("pass"),
                std::ffi::OsStr::from_bytes(b"arg\xfe"),
            ],
        ];
        let mut failures = Vec::new();
        for args in cases {
            let mut command = Command::new(env!("CARGO_BIN_EXE_pyrc"));
            command.args(&args).current_dir(&workdir).env_remove("RUST_BACKTRACE");
            let outcome = run_command(command, None);
            // CPython: the -c case is an error (exit 1), the file runs, the argument is kept.
            if let Some(problem) = check(&outcome, &Expect::Survives, &[]) {
                failures.push(format!("pyrc {args:?}: {problem}"));
            }
        }
        let _ = std::fs::remove_dir_all(&workdir);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn line_classifiers() {
    assert!(is_syntax_error_line("SyntaxError: invalid syntax"));
    assert!(is_syntax_error_line("TabError: inconsistent use of tabs and spaces in indentation"));
    assert!(is_syntax_error_line("RecursionError: maximum recursion depth exceeded"));
    assert!(!is_syntax_error_line("NameError: name 'x' is not defined"));
    assert!(!is_syntax_error_line("    SyntaxError: indented"));
    assert!(is_exception_line("NameError: name 'x' is not defined"));
    assert!(is_exception_line("KeyboardInterrupt"));
    assert!(is_exception_line("_io.UnsupportedOperation: not readable"));
    assert!(!is_exception_line("thread 'pyrc' panicked at src/eval.rs:1:1:"));
    assert!(!is_exception_line("    x = 1"));
    assert!(!is_exception_line(""));
    let mut rng = Rng(1);
    let cuts = cut_points(b"ab\ncd\n", 3, &mut rng);
    assert!(cuts.contains(&0) && cuts.contains(&3) && !cuts.contains(&6), "{cuts:?}");
}

// ---- mutated programs (crash fuzzing, issue #16) ---------------------------------------------

/// Tokens a mutation puts in place of another or inserts.
const MUTATION_TOKENS: &[&str] = &[
    "x",
    "def",
    "class",
    "if",
    "else:",
    "try:",
    "except",
    "finally:",
    "with",
    "lambda",
    "yield",
    "return",
    "await",
    "async",
    "del",
    "global",
    "nonlocal",
    "not",
    "is",
    "in",
    "None",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    ";",
    "=",
    "==",
    "**",
    "//",
    "@",
    "*",
    "->",
    ":=",
    "0",
    "1e309",
    "0x",
    "'",
    "\"",
    "'''",
    "f'{",
    "}'",
    "\\",
    "#",
    "\n",
    "\n    ",
    "\t",
    "...",
    "print",
    "gc.collect()",
    "raise",
    "break",
    "continue",
    "pass",
    "import",
    "from",
    "as",
    "__del__",
];

/// One mutant of the corpus, a pure function of `(seed, index)`: 1 to 3 of truncate, splice
/// with another program, replace a token, insert random bytes, insert a deeply nested
/// construct, delete or duplicate a line, strip a line's indentation.
fn mutant(corpus: &[(String, String)], seed: u64, index: u64) -> (String, Vec<u8>) {
    let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xA5A5_5A5A_F00D_BEEF);
    for _ in 0..4 {
        rng.next();
    }
    let (name, source) = &corpus[rng.below(corpus.len())];
    let mut bytes = source.as_bytes().to_vec();
    let mut what = Vec::new();
    let line_starts = |b: &[u8]| -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(b.iter().enumerate().filter(|(_, &c)| c == b'\n').map(|(i, _)| i + 1));
        starts.retain(|&s| s <= b.len());
        starts
    };
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(8) {
            0 => {
                bytes.truncate(at);
                what.push(format!("truncate@{at}"));
            }
            1 => {
                let (other, text) = &corpus[rng.below(corpus.len())];
                let starts = line_starts(text.as_bytes());
                let from = starts[rng.below(starts.len())];
                let mine = line_starts(&bytes);
                let cut = mine[rng.below(mine.len())];
                bytes.truncate(cut);
                bytes.extend_from_slice(&text.as_bytes()[from..]);
                what.push(format!("splice@{cut}+{other}@{from}"));
            }
            2 => {
                // Replace the word or punctuation run at `at` by a token.
                let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
                let mut end = at;
                while end < bytes.len() && is_word(bytes[end]) {
                    end += 1;
                }
                let end = if end == at { (at + 1).min(bytes.len()) } else { end };
                let token = MUTATION_TOKENS[rng.below(MUTATION_TOKENS.len())];
                bytes.splice(at..end, token.bytes());
                what.push(format!("token@{at}"));
            }
            3 => {
                let n = 1 + rng.below(8);
                let random: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, random);
                what.push(format!("bytes@{at}"));
            }
            4 => {
                let depth = [10, 100, 200, 1000, 5000][rng.below(5)];
                let nest = match rng.below(8) {
                    0 => format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
                    1 => "[".repeat(depth),
                    2 => format!("x = {}1", "-".repeat(depth)),
                    3 => format!("x = {}1", "not ".repeat(depth)),
                    4 => format!("f = {}0", "lambda: ".repeat(depth)),
                    5 => (0..depth.min(200))
                        .map(|i| format!("{}if 1:\n", " ".repeat(i)))
                        .collect::<String>(),
                    6 => format!(
                        "x = {}0{}",
                        "f'{".repeat(depth.min(50)),
                        "}'".repeat(depth.min(50))
                    ),
                    _ => format!("x = {}", "{1: ".repeat(depth)),
                };
                let starts = line_starts(&bytes);
                let line = starts[rng.below(starts.len())];
                bytes.splice(line..line, format!("{nest}\n").into_bytes());
                what.push(format!("nest{depth}@{line}"));
            }
            5 | 6 => {
                let starts = line_starts(&bytes);
                let i = rng.below(starts.len());
                let start = starts[i];
                let end = starts.get(i + 1).copied().unwrap_or(bytes.len());
                if rng.below(2) == 0 {
                    bytes.drain(start..end);
                    what.push(format!("delete-line@{start}"));
                } else {
                    let line = bytes[start..end].to_vec();
                    bytes.splice(start..start, line);
                    what.push(format!("duplicate-line@{start}"));
                }
            }
            _ => {
                let starts = line_starts(&bytes);
                let start = starts[rng.below(starts.len())];
                let mut end = start;
                while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
                    end += 1;
                }
                bytes.drain(start..end);
                what.push(format!("dedent@{start}"));
            }
        }
    }
    (format!("mutant {index} of {name} ({})", what.join(", ")), bytes)
}

/// Runs mutants `0..cases` of `seed` two at a time, each made when a worker takes it (so a long
/// run holds no corpus of inputs). The golden programs' mutants are only parsed (`raise
/// SystemExit` goes first: a mutant could loop or sleep if it ran); the seed transcripts'
/// mutants run for real as scripts, one in eight through the REPL.
fn run_mutants(name: &str, seed: u64, cases: u64) {
    let golden = golden_programs();
    let seeds = seed_programs();
    let started = Instant::now();
    let next = std::sync::atomic::AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..MAX_CHILDREN {
            let (next, failures, golden, seeds) = (&next, &failures, &golden, &seeds);
            scope.spawn(move || {
                let dir = scratch_dir(&format!("{name}-{worker}"));
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if index >= cases {
                        break;
                    }
                    let runs_for_real = index % 4 == 0;
                    let corpus = if runs_for_real { seeds } else { golden };
                    let (label, mut input) = mutant(corpus, seed, index);
                    let (mode, expect) = if runs_for_real {
                        let mode = if index % 32 == 0 { Mode::Repl } else { Mode::Script };
                        (mode, Expect::Survives)
                    } else {
                        input.splice(0..0, b"raise SystemExit\n".iter().copied());
                        (Mode::Script, Expect::ParsesOrSyntaxError)
                    };
                    let outcome = run(mode, &input, &dir);
                    if let Some(problem) = check(&outcome, &expect, &[]) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{label} [{mode:?}, {} bytes]: {problem}", input.len()));
                    }
                    // A long run reports its progress (the harness shows it with --nocapture).
                    if (index + 1) % 5000 == 0 {
                        eprintln!(
                            "bad_input::{name}: {} mutants done, {} failed, {:.0}s",
                            index + 1,
                            failures.lock().unwrap().len(),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    let _ = writeln!(
        std::io::stderr(),
        "bad_input::{name}: {cases} mutants (seed {seed}) in {:.1}s, {} failed",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} mutants failed (replay: PYRC_MUTANTS_SEED={seed}):\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The CI share of the crash fuzzing: 400 mutants (`PYRC_MUTANTS` and `PYRC_MUTANTS_SEED`
/// change the number and the seed; the README's long run is 100,000 in a release build).
#[test]
fn mutated_programs_never_crash() {
    let env = |name: &str, default: u64| {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    run_mutants("mutants", env("PYRC_MUTANTS_SEED", 16), env("PYRC_MUTANTS", 400));
}

/// Output printed before an uncaught error, a `sys.exit`, or a write without a newline is never
/// lost when stdout is a pipe (block-buffered), however much of it there is.
#[test]
fn output_before_an_error_is_never_lost() {
    let mut jobs = Vec::new();
    for lines in [1usize, 100, 5000] {
        let head = format!("for i in range({lines}):\n    print('line', i)\n");
        let want: String = (0..lines).map(|i| format!("line {i}\n")).collect();
        let endings: [(&str, &str, Expect); 5] = [
            ("raise", "raise ValueError('end')\n", Expect::Error("ValueError: end".into())),
            ("exit", "import sys\nsys.exit(3)\n", Expect::Survives),
            (
                "recursion",
                "def f():\n    return f()\nf()\n",
                Expect::ErrorStartingWith("RecursionError".into()),
            ),
            ("no newline", "import sys\nsys.stdout.write('tail')\n", Expect::Survives),
            (
                "error in __del__",
                "class D:\n    def __del__(self):\n        1/0\nd = D()\ndel d\n",
                Expect::Survives,
            ),
        ];
        for (tag, ending, expect) in endings {
            let mut job = Job::new(
                format!("{lines} lines then {tag}"),
                Mode::Script,
                format!("{head}{ending}"),
                expect,
            );
            job.extra_exit_codes = vec![3];
            jobs.push((job, want.clone() + if tag == "no newline" { "tail" } else { "" }));
        }
    }
    let dir = scratch_dir("lost-output");
    let mut failures = Vec::new();
    for (job, want) in jobs {
        let outcome = run(job.mode, &job.input, &dir);
        if let Some(problem) = check(&outcome, &job.expect, &job.extra_exit_codes) {
            failures.push(format!("{}: {problem}", job.label));
        } else if outcome.stdout != want.as_bytes() {
            failures.push(format!(
                "{}: stdout has {} bytes, {} expected",
                job.label,
                outcome.stdout.len(),
                want.len()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
