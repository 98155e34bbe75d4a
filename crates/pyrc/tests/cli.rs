//! pyrc at the command line against python3 3.11 (issue #16): each option run under both
//! with the same arguments, input and environment, outputs and exit statuses compared where
//! they are the same by design; SIGINT to a running script; and the REPL on a
//! pseudo-terminal (Ctrl-C during a loop, Ctrl-C at the prompt, a pasted block, history kept
//! between sessions, Tab completion). Every child has a time limit.

mod common;

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::run_with_timeout;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A fresh directory for one test.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrc-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

/// python3 if it is CPython 3.11 (the reference), else `None`.
fn python3() -> Option<String> {
    let exe = std::env::var("PYRC_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&exe).arg("-c").arg("import sys; print(sys.version_info[:2])").output();
    match out {
        Ok(out) if out.stdout == b"(3, 11)\n" => Some(exe),
        _ => {
            eprintln!("cli: no CPython 3.11 as {exe}; the comparisons with python3 are skipped");
            None
        }
    }
}

/// `exe args` in `dir` with `stdin`, the `PYTHON*` variables cleared and `env` set.
fn command(exe: &str, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(exe);
    command.args(args).current_dir(dir).env_remove("RUST_BACKTRACE");
    for (key, _) in std::env::vars() {
        if key.starts_with("PYTHON") {
            command.env_remove(key);
        }
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(exe: &str, args: &[&str], stdin: &str, dir: &Path, env: &[(&str, &str)]) -> Run {
    let outcome = run_with_timeout(command(exe, args, dir, env), Some(stdin.as_bytes()), TIMEOUT);
    let status = outcome.status.unwrap_or_else(|| panic!("{exe} {args:?} timed out"));
    Run {
        code: status.code(),
        signal: status.signal(),
        stdout: String::from_utf8_lossy(&outcome.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&outcome.stderr).into_owned(),
    }
}

/// How the two outputs must agree.
#[derive(Clone, Copy)]
enum Same {
    /// stdout and the exit status.
    Stdout,
    /// The exit status and stderr's first line.
    FirstErrorLine,
    /// The exit status and stderr's last line.
    LastErrorLine,
}

/// Runs `args` under pyrc and python3 and compares what `same` says.
fn compare(args: &[&str], stdin: &str, dir: &Path, env: &[(&str, &str)], same: Same) {
    let Some(python) = python3() else { return };
    let ours = run(env!("CARGO_BIN_EXE_pyrc"), args, stdin, dir, env);
    let theirs = run(&python, args, stdin, dir, env);
    let context = || {
        format!(
            "{args:?}\n--- pyrc (status {:?}):\n{}{}\n--- python3 (status {:?}):\n{}{}",
            ours.code, ours.stdout, ours.stderr, theirs.code, theirs.stdout, theirs.stderr
        )
    };
    assert_eq!(ours.code, theirs.code, "exit status differs: {}", context());
    match same {
        Same::Stdout => assert_eq!(ours.stdout, theirs.stdout, "stdout differs: {}", context()),
        Same::FirstErrorLine => assert_eq!(
            ours.stderr.lines().next(),
            theirs.stderr.lines().next(),
            "stderr differs: {}",
            context()
        ),
        Same::LastErrorLine => {
            // Up to the program's name, which differs.
            let last = |text: &str| {
                let line = text.lines().last().unwrap_or("").to_string();
                line.rsplit_once(": ").map(|(_, message)| message.to_string()).unwrap_or(line)
            };
            assert_eq!(last(&ours.stderr), last(&theirs.stderr), "stderr differs: {}", context());
        }
    }
}

#[test]
fn dash_c_and_argv() {
    let dir = temp_dir("c");
    compare(&["-c", "import sys; print(sys.argv)", "a", "-b"], "", &dir, &[], Same::Stdout);
    compare(&["-cprint(6 * 7)"], "", &dir, &[], Same::Stdout);
    compare(&["-c"], "", &dir, &[], Same::FirstErrorLine);
}

#[test]
fn dash_o_drops_asserts_and_debug() {
    let dir = temp_dir("o");
    let code = "import sys\nassert False, 'kept'\nprint(__debug__, sys.flags.optimize)";
    compare(&["-O", "-c", code], "", &dir, &[], Same::Stdout);
    compare(&["-c", code], "", &dir, &[], Same::LastErrorLine);
    compare(&["-OO", "-c", "import sys; print(sys.flags.optimize)"], "", &dir, &[], Same::Stdout);
    compare(
        &["-c", "import sys; print(sys.flags.optimize)"],
        "",
        &dir,
        &[("PYTHONOPTIMIZE", "1")],
        Same::Stdout,
    );
}

#[test]
fn warning_and_x_options() {
    let dir = temp_dir("w");
    let code = "import sys; print(sys.warnoptions, sys._xoptions)";
    compare(
        &["-W", "error", "-Wignore::DeprecationWarning", "-X", "a=b", "-Xc", "-c", code],
        "",
        &dir,
        &[],
        Same::Stdout,
    );
    compare(
        &["-W", "error", "-c", code],
        "",
        &dir,
        &[("PYTHONWARNINGS", "default,once")],
        Same::Stdout,
    );
    compare(
        &["-E", "-W", "error", "-c", code],
        "",
        &dir,
        &[("PYTHONWARNINGS", "default")],
        Same::Stdout,
    );
}

#[test]
fn flags_follow_the_options() {
    let dir = temp_dir("flags");
    let code = "import sys; f = sys.flags; print(f.inspect, f.isolated, f.ignore_environment, \
                f.no_user_site, f.no_site, f.safe_path, f.quiet, f.verbose, f.bytes_warning)";
    for options in [&["-E"][..], &["-I"], &["-s", "-S"], &["-P", "-q"], &["-bb"], &["-BEsu"]] {
        let mut args = options.to_vec();
        args.extend(["-c", code]);
        compare(&args, "", &dir, &[], Same::Stdout);
    }
    compare(
        &["-c", code],
        "",
        &dir,
        &[("PYTHONSAFEPATH", "1"), ("PYTHONINSPECT", "")],
        Same::Stdout,
    );
}

#[test]
fn dash_m_runs_a_module_as_main() {
    let dir = temp_dir("m");
    std::fs::write(
        dir.join("modx.py"),
        "import sys\nprint(__name__, sys.argv[1:], sys.argv[0].endswith('modx.py'))\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/__init__.py"), "print('pkg init', __name__)\n").unwrap();
    std::fs::write(dir.join("pkg/__main__.py"), "print('pkg main', __name__, __package__)\n")
        .unwrap();
    std::fs::create_dir_all(dir.join("nomain")).unwrap();
    std::fs::write(dir.join("nomain/__init__.py"), "").unwrap();
    compare(&["-m", "modx", "a", "-c"], "", &dir, &[], Same::Stdout);
    compare(&["-mmodx"], "", &dir, &[], Same::Stdout);
    compare(&["-m", "pkg"], "", &dir, &[], Same::Stdout);
    compare(&["-m", "nosuch"], "", &dir, &[], Same::LastErrorLine);
    compare(&["-m", "nomain"], "", &dir, &[], Same::LastErrorLine);
    compare(&["-m", "sys"], "", &dir, &[], Same::LastErrorLine);
    compare(&["-m"], "", &dir, &[], Same::FirstErrorLine);
}

#[test]
fn pythonpath_and_isolation() {
    let dir = temp_dir("path");
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(lib.join("found_here.py"), "print('found')\n").unwrap();
    let env = [("PYTHONPATH", lib.to_str().unwrap())];
    compare(&["-c", "import found_here"], "", &dir, &env, Same::Stdout);
    compare(&["-E", "-c", "import found_here"], "", &dir, &env, Same::LastErrorLine);
    compare(&["-I", "-c", "import found_here"], "", &dir, &env, Same::LastErrorLine);
    compare(&["-I", "-c", "import sys; print(sys.path[0] == '')"], "", &dir, &[], Same::Stdout);
}

#[test]
fn inspect_startup_and_unbuffered() {
    let dir = temp_dir("i");
    compare(&["-i", "-c", "x = 6"], "print(x * 7)\n", &dir, &[], Same::Stdout);
    compare(&["-i", "-c", "import sys; y = 2; sys.exit(3)"], "print(y)\n", &dir, &[], Same::Stdout);
    let startup = dir.join("startup.py");
    std::fs::write(&startup, "print('startup ran')\nz = 5\n").unwrap();
    let env = [("PYTHONSTARTUP", startup.to_str().unwrap())];
    compare(&["-i"], "print(z)\n", &dir, &env, Same::Stdout);
    compare(&["-i", "-E"], "print('no startup')\n", &dir, &env, Same::Stdout);
    compare(
        &["-u", "-c", "import sys; print(1); sys.stdout.write('2')"],
        "",
        &dir,
        &[],
        Same::Stdout,
    );
    let script = dir.join("skip.py");
    std::fs::write(&script, "this is not python\nprint('second line')\n").unwrap();
    compare(&["-x", script.to_str().unwrap()], "", &dir, &[], Same::Stdout);
}

#[test]
fn version_help_and_bad_options() {
    let dir = temp_dir("v");
    compare(&["-V"], "", &dir, &[], Same::Stdout);
    compare(&["--version"], "", &dir, &[], Same::Stdout);
    for bad in ["-Z", "--frobnicate", "-X"] {
        compare(&[bad], "", &dir, &[], Same::FirstErrorLine);
    }
    let help = run(env!("CARGO_BIN_EXE_pyrc"), &["--help"], "", &dir, &[]);
    assert_eq!(help.code, Some(0));
    assert!(help.stdout.contains("[option] ... [-c cmd | -m mod | file | -] [arg] ..."));
    for option in ["-c cmd", "-m mod", "-O     :", "-W arg", "-X opt", "-i     :", "-u     :"] {
        assert!(help.stdout.contains(option), "--help lacks {option}:\n{}", help.stdout);
    }
}

/// Starts `args`, waits for `ready` on its stdout, sends SIGINT and returns what it did.
fn interrupt(exe: &str, args: &[&str], dir: &Path) -> Run {
    let mut child = command(exe, args, dir, &[])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 6];
    out.read_exact(&mut first).expect("the program says it is ready");
    assert_eq!(&first, b"ready\n");
    // SAFETY: sending a signal to our own child by its id.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("{exe} {args:?} ignored SIGINT");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = String::new();
    let _ = out.read_to_string(&mut stdout);
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    Run { code: status.code(), signal: status.signal(), stdout, stderr }
}

#[test]
fn sigint_to_a_script_runs_finally_and_ends_by_sigint() {
    let dir = temp_dir("sigint");
    let cases = [
        "import time\ntry:\n    print('ready', flush=True)\n    time.sleep(20)\nfinally:\n    print('finally ran')\n",
        "try:\n    print('ready', flush=True)\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    print('caught')\n",
        "import signal, sys\ndef h(n, f):\n    print('handler', n)\n    sys.exit(4)\nsignal.signal(signal.SIGINT, h)\nprint('ready', flush=True)\nwhile True:\n    pass\n",
    ];
    for (n, source) in cases.iter().enumerate() {
        let script = dir.join(format!("case{n}.py"));
        std::fs::write(&script, source).unwrap();
        let script = script.to_str().unwrap();
        let ours = interrupt(env!("CARGO_BIN_EXE_pyrc"), &[script], &dir);
        assert!(
            ours.stderr.is_empty() || ours.stderr.ends_with("KeyboardInterrupt\n"),
            "{}",
            ours.stderr
        );
        if let Some(python) = python3() {
            let theirs = interrupt(&python, &[script], &dir);
            assert_eq!((ours.code, ours.signal), (theirs.code, theirs.signal), "case {n}");
            assert_eq!(ours.stdout, theirs.stdout, "case {n}");
            assert_eq!(ours.stderr.lines().last(), theirs.stderr.lines().last(), "case {n}");
        } else {
            assert!(ours.stdout.ends_with("finally ran\n") || ours.code.is_some());
        }
    }
}

// ---- the REPL on a pseudo-terminal ----------------------------------------------------------

/// pyrc's REPL with a pseudo-terminal as its controlling terminal and standard streams.
struct Terminal {
    master: std::fs::File,
    child: std::process::Child,
    seen: Vec<u8>,
}

impl Terminal {
    fn start(home: &Path) -> Terminal {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty fills two descriptors; no name, termios or size is asked for.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(r, 0, "openpty");
        // SAFETY: both descriptors are ours and open; each `File` owns one copy.
        let (master, slave) = unsafe {
            use std::os::fd::FromRawFd;
            (std::fs::File::from_raw_fd(master), std::fs::File::from_raw_fd(slave))
        };
        let mut command = command(env!("CARGO_BIN_EXE_pyrc"), &[], home, &[]);
        command
            .env("HOME", home)
            .env("TERM", "xterm")
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        // SAFETY: between fork and exec only async-signal-safe calls: a new session whose
        // controlling terminal is the pseudo-terminal on descriptor 0.
        unsafe {
            command.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = command.spawn().expect("start pyrc on a pseudo-terminal");
        // SAFETY: making our end non-blocking so reads can time out.
        unsafe {
            use std::os::fd::AsRawFd;
            let fd = master.as_raw_fd();
            libc::fcntl(fd, libc::F_SETFL, libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK);
        }
        let mut terminal = Terminal { master, child, seen: Vec::new() };
        terminal.expect(">>> ");
        terminal
    }

    fn send(&mut self, bytes: &str) {
        self.master.write_all(bytes.as_bytes()).expect("write to the terminal");
    }

    /// Reads until `text` appears after what earlier calls consumed; panics after a while.
    fn expect(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            let text_bytes = text.as_bytes();
            if let Some(at) = self.seen.windows(text_bytes.len()).position(|w| w == text_bytes) {
                self.seen.drain(..at + text_bytes.len());
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!(
                    "the terminal never showed {text:?}; it showed:\n{}",
                    String::from_utf8_lossy(&self.seen)
                );
            }
            let mut buffer = [0u8; 4096];
            match self.master.read(&mut buffer) {
                Ok(n) if n > 0 => self.seen.extend_from_slice(&buffer[..n]),
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// Ends the session with Ctrl-D and waits for pyrc to exit.
    fn finish(mut self) {
        self.send("\x04");
        let start = Instant::now();
        loop {
            // The terminal must be drained for pyrc to finish writing.
            let mut buffer = [0u8; 4096];
            let _ = self.master.read(&mut buffer);
            if let Some(status) = self.child.try_wait().unwrap() {
                assert_eq!(status.code(), Some(0));
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!("pyrc did not end at Ctrl-D");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn ctrl_c_interrupts_a_loop_and_the_session_goes_on() {
    let home = temp_dir("ctrl-c");
    let mut t = Terminal::start(&home);
    t.send("def f():\n    return 41\n\n");
    t.expect(">>> ");
    t.send("while True: pass\n\n");
    std::thread::sleep(Duration::from_millis(500));
    t.send("\x03");
    t.expect("KeyboardInterrupt");
    t.expect(">>> ");
    t.send("f() + 1\n");
    t.expect("42");
    // Ctrl-C at the prompt drops the line.
    t.send("undefined_name\x03");
    t.expect("KeyboardInterrupt");
    t.send("f() - 1\n");
    t.expect("40");
    t.finish();
}

#[test]
fn a_pasted_block_runs_line_by_line() {
    let home = temp_dir("paste");
    let mut t = Terminal::start(&home);
    t.send("x = 1\ny = 2\nprint(x + y, 'sum')\nfor i in range(2):\n    print(i * 10, 'row')\n\nprint('after')\n");
    t.expect("3 sum");
    t.expect("0 row");
    t.expect("10 row");
    t.expect("after");
    t.finish();
}

#[test]
fn tracebacks_show_the_lines_of_earlier_inputs() {
    let home = temp_dir("earlier-input");
    let mut t = Terminal::start(&home);
    t.send("def g(): return 1 // 0\n\n");
    t.expect(">>> ");
    t.send("x = 5\n");
    t.expect(">>> ");
    // Every input is `<stdin>` line 1: the frame of `g` must show its own input's line,
    // not the current input's `g()`.
    t.send("g()\n");
    t.expect("line 1, in <module>");
    t.expect("g()");
    t.expect("line 1, in g");
    t.expect("def g(): return 1 // 0");
    t.expect("ZeroDivisionError");
    t.expect(">>> ");
    t.finish();
}

#[test]
fn history_is_kept_between_sessions() {
    let home = temp_dir("history");
    let mut t = Terminal::start(&home);
    t.send("remembered = 6 * 7\n");
    t.expect(">>> ");
    t.finish();
    let history = std::fs::read_to_string(home.join(".pyrc_history")).expect("a history file");
    assert!(history.contains("remembered = 6 * 7"), "{history}");
    let mut t = Terminal::start(&home);
    // Up arrow recalls the last session's line.
    t.send("\x1b[A\n");
    t.expect(">>> ");
    t.send("print('value', remembered)\n");
    t.expect("value 42");
    t.finish();
}

#[test]
fn tab_completes_names_and_attributes() {
    let home = temp_dir("complete");
    let mut t = Terminal::start(&home);
    t.send("import os\n");
    t.expect(">>> ");
    t.send("pri\t");
    t.expect("print(");
    t.send("\x03");
    t.expect("KeyboardInterrupt");
    t.send("os.pa\t\t");
    t.expect("os.pathsep");
    t.send("\x03");
    t.expect("KeyboardInterrupt");
    t.send("os.sep\t == '/'\n");
    t.expect("True");
    t.finish();
}

#[test]
fn sigint_interrupts_a_comprehension_whose_filter_always_fails() {
    let dir = temp_dir("sigint-comprehension");
    let script = dir.join("filter.py");
    std::fs::write(
        &script,
        "try:\n    print('ready', flush=True)\n    [x for x in iter(int, 1) if x]\nexcept KeyboardInterrupt:\n    print('interrupted')\n",
    )
    .unwrap();
    let ours = interrupt(env!("CARGO_BIN_EXE_pyrc"), &[script.to_str().unwrap()], &dir);
    assert_eq!((ours.code, ours.stdout.as_str()), (Some(0), "interrupted\n"), "{}", ours.stderr);
}
