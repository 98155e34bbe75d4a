//! Golden programs (issue #5): every `tests/py/NAME.py` runs under `pyrc`, each in a fresh
//! temporary directory with stdin empty, and its stdout must equal `tests/py/NAME.out`
//! byte for byte. The `.out` files are CPython 3.11's stdout for the same program, written
//! by `scripts/regen-golden.sh` (which refuses any other Python version).
//!
//! # The `# expect:` convention
//!
//! The first lines of a program may be directives, one or more per line, each line starting
//! with `# expect:`; the first line that does not start so ends them:
//!
//! ```text
//! # expect: exit=1 stderr="ZeroDivisionError: division by zero"
//! # expect: stderr="line 3, in f\n    return 1 / 0\n"
//! ```
//!
//! * `exit=N`: the exit status must be `N` (default: 0).
//! * `stderr="TEXT"`: stderr must contain `TEXT` (escapes: `\n`, `\t`, `\"`, `\\`); may be
//!   repeated. Without it (or `stderr-golden`), stderr is not compared (it may hold warnings
//!   or addresses), but it must never show a Rust panic.
//! * `no-stderr`: stderr must be empty.
//! * `stderr-golden`: stderr must equal `NAME.err` (CPython's stderr, written by
//!   `scripts/regen-golden.sh`) byte for byte once the script's path is replaced by `NAME.py`
//!   in both (tracebacks with 3.11's position markers and folded repeated frames).
//! * `nofile=N`: the program runs under `ulimit -n N` (`/bin/sh`), so a file object that is not
//!   closed when its last reference goes soon fails with "Too many open files".
//! * `known-bug "WHY"`: pyrc is known to fail this program (a bug to fix, described by `WHY`).
//!   The program still runs; it is reported as skipped (or as "now passes: remove the
//!   marker") and never fails the test. Remove the marker when the bug is fixed.
//!
//! Whatever the directives, a run fails on a timeout (the child is killed), a death by signal,
//! exit status 70 (pyrc's internal error: a Rust panic), or "panicked" / "RUST_BACKTRACE" on
//! stderr. Programs run two at a time. `PYRC_GOLDEN=name1,name2` runs only those programs.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Generous: the slowest program takes about a second in a debug build.
const TIMEOUT: Duration = Duration::from_secs(60);
const WORKERS: usize = 2;

// ---- the directives ----------------------------------------------------------------------

#[derive(Debug, Default, PartialEq)]
struct Spec {
    exit: i32,
    stderr: Vec<String>,
    no_stderr: bool,
    stderr_golden: bool,
    nofile: Option<u32>,
    known_bug: Option<String>,
}

/// Reads a quoted string at the start of `text` (after the opening quote was seen); returns
/// the unescaped contents and the rest after the closing quote.
fn quoted(text: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &text[i + 1..])),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, other)) => out.push(other),
                None => return Err("a trailing backslash".into()),
            },
            _ => out.push(c),
        }
    }
    Err(format!("an unterminated string: \"{text}"))
}

fn parse_spec(source: &str) -> Result<Spec, String> {
    let mut spec = Spec::default();
    for line in source.lines() {
        let Some(mut rest) = line.strip_prefix("# expect:") else { break };
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix("exit=") {
                let end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
                spec.exit = after[..end].parse().map_err(|_| format!("bad exit= in {line:?}"))?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix("nofile=") {
                let end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
                let n = after[..end].parse().map_err(|_| format!("bad nofile= in {line:?}"))?;
                spec.nofile = Some(n);
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix("stderr=\"") {
                let (text, after) = quoted(after)?;
                spec.stderr.push(text);
                rest = after;
            } else if let Some(after) = rest.strip_prefix("stderr-golden") {
                spec.stderr_golden = true;
                rest = after;
            } else if let Some(after) = rest.strip_prefix("no-stderr") {
                spec.no_stderr = true;
                rest = after;
            } else if let Some(after) = rest.strip_prefix("known-bug") {
                let after = after.trim_start();
                let after = after
                    .strip_prefix('"')
                    .ok_or_else(|| format!("known-bug needs a quoted reason: {line:?}"))?;
                let (text, after) = quoted(after)?;
                spec.known_bug = Some(text);
                rest = after;
            } else {
                return Err(format!("unknown directive {rest:?} in {line:?}"));
            }
        }
    }
    Ok(spec)
}

// ---- running a program -------------------------------------------------------------------

use common::{run_with_timeout, Outcome};

fn describe_status(status: Option<ExitStatus>) -> String {
    match status {
        None => format!("timed out after {}s (killed)", TIMEOUT.as_secs()),
        Some(s) => match s.code() {
            Some(code) => format!("exit {code}"),
            None => {
                #[cfg(unix)]
                {
                    use std::os::unix::process::ExitStatusExt;
                    format!("killed by signal {}", s.signal().unwrap_or(0))
                }
                #[cfg(not(unix))]
                {
                    format!("{s}")
                }
            }
        },
    }
}

/// A unique, empty working directory.
fn fresh_dir(tag: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pyrc-golden-{}-{n}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

fn run_program(script: &Path, spec: &Spec) -> Outcome {
    let stem = script.file_stem().unwrap().to_string_lossy().into_owned();
    let workdir = fresh_dir(&stem);
    let pyrc = env!("CARGO_BIN_EXE_pyrc");
    let mut command = match spec.nofile {
        Some(n) => {
            let mut c = Command::new("/bin/sh");
            c.arg("-c").arg(format!("ulimit -n {n} && exec \"$0\" \"$@\"")).arg(pyrc);
            c
        }
        None => Command::new(pyrc),
    };
    command.arg(script).current_dir(&workdir).env_remove("RUST_BACKTRACE");
    let outcome = run_with_timeout(command, None, TIMEOUT);
    let _ = std::fs::remove_dir_all(&workdir);
    outcome
}

// ---- comparing ---------------------------------------------------------------------------

/// A line diff (longest common subsequence) of `expected` and `actual`, printed as `-` / `+`
/// lines with two lines of context and `@@` line numbers; at most `max_lines` lines.
fn diff(expected: &str, actual: &str, max_lines: usize) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] =
                if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    // (tag, expected line number, actual line number, text)
    let mut ops: Vec<(char, usize, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', i, j, a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, j, a[i]));
            i += 1;
        } else {
            ops.push(('+', i, j, b[j]));
            j += 1;
        }
    }
    let show =
        |k: usize| ops[k.saturating_sub(2)..(k + 3).min(ops.len())].iter().any(|op| op.0 != ' ');
    let mut out = String::new();
    let mut lines = 0;
    let mut previous_shown = false;
    for (k, &(tag, i, j, text)) in ops.iter().enumerate() {
        if !show(k) {
            previous_shown = false;
            continue;
        }
        if !previous_shown {
            out.push_str(&format!("@@ expected line {}, actual line {} @@\n", i + 1, j + 1));
        }
        previous_shown = true;
        let mut line = format!("{tag}{text}");
        if !line.ends_with('\n') {
            line.push_str("\n\\ no newline at end\n");
        }
        out.push_str(&line);
        lines += 1;
        if lines >= max_lines {
            out.push_str("... (diff truncated)\n");
            break;
        }
    }
    out
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// What is wrong with a run, if anything.
fn check(spec: &Spec, expected: &[u8], outcome: &Outcome, script: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if spec.stderr_golden {
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        let stderr =
            String::from_utf8_lossy(&outcome.stderr).replace(&*script.to_string_lossy(), &name);
        match std::fs::read_to_string(script.with_extension("err")) {
            Ok(want) if want == stderr => {}
            Ok(want) => problems.push(format!(
                "stderr differs from the .err file (- expected, + pyrc):\n{}",
                diff(&want, &stderr, 60)
            )),
            Err(e) => {
                problems.push(format!("no {name} .err file ({e}): run scripts/regen-golden.sh"))
            }
        }
    }
    let stdout = String::from_utf8_lossy(&outcome.stdout);
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    match outcome.status.map(|s| s.code()) {
        Some(Some(code)) if code == spec.exit => {}
        Some(Some(70)) => problems.push("exit 70: pyrc's internal error (a Rust panic)".into()),
        _ => problems.push(format!(
            "{}, expected exit {}",
            describe_status(outcome.status),
            spec.exit
        )),
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("stderr shows a Rust panic".into());
    }
    if outcome.stdout != expected {
        problems.push(format!(
            "stdout differs from the .out file (- expected, + pyrc):\n{}",
            diff(&String::from_utf8_lossy(expected), &stdout, 60)
        ));
    }
    for text in &spec.stderr {
        if !stderr.contains(text.as_str()) {
            problems.push(format!("stderr lacks {text:?}"));
        }
    }
    if spec.no_stderr && !stderr.is_empty() {
        problems.push("stderr is not empty".into());
    }
    if !problems.is_empty() && !stderr.is_empty() {
        problems.push(format!("stderr (last lines):\n{}", tail(&stderr, 15)));
    }
    problems
}

// ---- the tests ---------------------------------------------------------------------------

fn py_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py")
}

fn programs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(py_dir())
        .expect("tests/py exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    if let Ok(only) = std::env::var("PYRC_GOLDEN") {
        let names: Vec<&str> = only.split(',').map(str::trim).collect();
        files.retain(|f| names.contains(&&*f.file_stem().unwrap().to_string_lossy()));
    }
    files
}

/// Written to the real stderr, past the test harness's capture: the list of skipped
/// programs shows in every run, not only with `--nocapture`.
fn report(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

enum Verdict {
    Pass,
    Fail(Vec<String>),
    KnownBugStillFails(String, String),
    KnownBugPasses(String),
}

#[test]
fn golden_programs_match_cpython_output() {
    let files = programs();
    assert!(!files.is_empty(), "no golden programs in {}", py_dir().display());
    let queue = Mutex::new(files.iter().enumerate().collect::<Vec<_>>());
    let results: Mutex<Vec<(usize, String, Verdict, Duration)>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let Some((index, script)) = queue.lock().unwrap().pop() else { break };
                let name = script.file_stem().unwrap().to_string_lossy().into_owned();
                let source = std::fs::read_to_string(script).expect("read the program");
                let verdict = match parse_spec(&source) {
                    Err(e) => (Verdict::Fail(vec![format!("bad # expect: line: {e}")]), None),
                    Ok(spec) => match std::fs::read(script.with_extension("out")) {
                        Err(e) => (
                            Verdict::Fail(vec![format!(
                                "no {name}.out ({e}): run scripts/regen-golden.sh"
                            )]),
                            None,
                        ),
                        Ok(expected) => {
                            let outcome = run_program(script, &spec);
                            let problems = check(&spec, &expected, &outcome, script);
                            let verdict = match (&spec.known_bug, problems.is_empty()) {
                                (None, true) => Verdict::Pass,
                                (None, false) => Verdict::Fail(problems),
                                (Some(why), false) => Verdict::KnownBugStillFails(
                                    why.clone(),
                                    problems[0].lines().next().unwrap_or("").to_string(),
                                ),
                                (Some(why), true) => Verdict::KnownBugPasses(why.clone()),
                            };
                            (verdict, Some(outcome.elapsed))
                        }
                    },
                };
                let elapsed = verdict.1.unwrap_or_default();
                results.lock().unwrap().push((index, name, verdict.0, elapsed));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);

    let mut failures = Vec::new();
    let mut summary = String::new();
    let (mut passed, mut skipped, mut fixed) = (0, 0, 0);
    for (_, name, verdict, elapsed) in &results {
        match verdict {
            Verdict::Pass => passed += 1,
            Verdict::Fail(problems) => {
                let seconds = elapsed.as_secs_f64();
                failures.push(format!("=== {name}.py ({seconds:.1}s)\n{}", problems.join("\n")));
            }
            Verdict::KnownBugStillFails(why, first) => {
                skipped += 1;
                summary.push_str(&format!("golden: SKIPPED {name}.py (known pyrc bug: {why})\n"));
                summary.push_str(&format!("        it fails with: {first}\n"));
            }
            Verdict::KnownBugPasses(why) => {
                fixed += 1;
                summary.push_str(&format!(
                    "golden: {name}.py now PASSES: remove its `# expect: known-bug` marker ({why})\n"
                ));
            }
        }
    }
    summary.push_str(&format!(
        "golden: {} programs in {:.1}s: {passed} passed, {} failed, {skipped} skipped as known \
         pyrc bugs, {fixed} known bugs now pass\n",
        results.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    ));
    report(&summary);
    assert!(
        failures.is_empty(),
        "{} of {} golden programs failed:\n\n{}\n",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_program_has_an_expected_output_and_valid_directives() {
    let dir = py_dir();
    let mut problems = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/py exists") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match path.extension().and_then(|e| e.to_str()) {
            Some("py") => {
                count += 1;
                if !path.with_extension("out").exists() {
                    problems.push(format!("{name}: no .out next to it"));
                }
                let source = std::fs::read_to_string(&path).expect("read");
                match parse_spec(&source) {
                    Err(e) => problems.push(format!("{name}: {e}")),
                    Ok(spec) if spec.stderr_golden && !path.with_extension("err").exists() => {
                        problems.push(format!("{name}: stderr-golden but no .err next to it"))
                    }
                    Ok(_) => {}
                }
            }
            Some("out") | Some("err") => {
                if !path.with_extension("py").exists() {
                    problems.push(format!("{name}: no .py next to it"));
                }
            }
            _ => problems.push(format!("{name}: neither .py, .out nor .err")),
        }
    }
    assert!(count >= 15, "only {count} golden programs");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn directives_parse() {
    let spec = parse_spec(
        "# expect: exit=1 stderr=\"A \\\"q\\\"\\n\"\n# expect: nofile=64 no-stderr\n\
         # expect: known-bug \"why \\\"so\\\"\" stderr-golden\nprint(1)\n# expect: exit=9\n",
    )
    .unwrap();
    assert_eq!(
        spec,
        Spec {
            exit: 1,
            stderr: vec!["A \"q\"\n".into()],
            no_stderr: true,
            stderr_golden: true,
            nofile: Some(64),
            known_bug: Some("why \"so\"".into()),
        }
    );
    assert_eq!(parse_spec("print(1)\n# expect: exit=3\n").unwrap(), Spec::default());
    assert!(parse_spec("# expect: exit=x\n").is_err());
    assert!(parse_spec("# expect: stderr=\"open\n").is_err());
    assert!(parse_spec("# expect: frobnicate\n").is_err());
    assert!(parse_spec("# expect: known-bug unquoted\n").is_err());
}

#[test]
fn diff_shows_changed_lines_with_context() {
    let d = diff("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\n", 50);
    assert_eq!(
        d,
        "@@ expected line 2, actual line 2 @@\n b\n c\n-d\n+D\n e\n f\n\
         @@ expected line 8, actual line 8 @@\n h\n i\n+j\n"
    );
    assert_eq!(diff("same\n", "same\n", 50), "");
    assert!(diff("x", "y", 50).contains("\\ no newline at end"));
}
