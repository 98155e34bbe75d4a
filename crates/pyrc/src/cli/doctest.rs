//! `pyrc --doctest FILE`: runs every `>>>` example of a text or Markdown file in one
//! namespace and reports mismatches the way `python -m doctest` does.

use std::rc::Rc;

use crate::compile::parse;
use crate::modules;
use crate::object::runtime as rt;
use crate::object::PyRef;
use crate::vm::eval;

/// One example: its source, the expected output, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub source: String,
    pub want: String,
    pub line: usize,
}

/// Extracts the examples of a doctest file.
pub fn examples(text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !(trimmed.starts_with(">>> ") || trimmed == ">>>") {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut source = vec![trimmed
            .strip_prefix(">>>")
            .unwrap_or("")
            .strip_prefix(' ')
            .unwrap_or("")
            .to_string()];
        i += 1;
        while i < lines.len() {
            let l = lines[i];
            let t = l.get(indent..).unwrap_or("");
            if l.len() >= indent && (t.starts_with("... ") || t == "...") {
                source.push(
                    t.strip_prefix("...").unwrap_or("").strip_prefix(' ').unwrap_or("").to_string(),
                );
                i += 1;
            } else {
                break;
            }
        }
        let mut want = Vec::new();
        while i < lines.len() {
            let l = lines[i];
            let t = l.trim_start();
            if l.trim().is_empty() || t.starts_with(">>>") || t.starts_with("```") {
                break;
            }
            let shown = l.get(indent..).unwrap_or(t);
            want.push(if shown == "<BLANKLINE>" { String::new() } else { shown.to_string() });
            i += 1;
        }
        let mut want_text = want.join("\n");
        if !want.is_empty() {
            want_text.push('\n');
        }
        out.push(Example { source: source.join("\n") + "\n", want: want_text, line: start });
    }
    out
}

/// Runs one example in `globals`; returns what it printed (an exception as doctest shows it).
pub fn run_example(example: &Example, globals: &PyRef, filename: &str) -> String {
    modules::sys::capture_stdout_begin();
    let result = (|| -> Result<(), String> {
        let module = parse::parse_module(&example.source, filename).map_err(|e| {
            let text = e.to_string();
            format!("Traceback (most recent call last):\n{text}")
        })?;
        let module = Rc::new(module);
        eval::register_source(filename, &example.source);
        eval::run_module(module, globals, filename, true).map_err(|exc| {
            format!(
                "Traceback (most recent call last):\n  ...\n{}\n",
                eval::exception_line(&exc.value)
            )
        })
    })();
    let mut got = modules::sys::capture_stdout_end();
    if let Err(text) = result {
        got.push_str(&text);
    }
    got
}

fn matches(want: &str, got: &str) -> bool {
    if want == got {
        return true;
    }
    // An expected traceback only compares its header and last line, as doctest does.
    if want.starts_with("Traceback (most recent call last):") {
        let last = |s: &str| s.trim_end().lines().last().map(str::to_string);
        if got.starts_with("Traceback (most recent call last):") {
            return last(want) == last(got);
        }
    }
    false
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// Runs a doctest file; returns the exit status (0: all passed).
pub fn run_file(path: &str) -> u8 {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("pyrc: can't open file '{path}': {e}");
            return 2;
        }
    };
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    let globals = rt::new_dict();
    rt::dict_set_str(&globals, "__name__", rt::str(name.as_str()));
    let examples = examples(&text);
    let mut failures = 0;
    for example in &examples {
        let got = run_example(example, &globals, &name);
        if !matches(&example.want, &got) {
            failures += 1;
            let separator = "*".repeat(70);
            let mut report = format!(
                "{separator}\nFile \"{path}\", line {}, in {name}\nFailed example:\n{}",
                example.line,
                indent(&example.source)
            );
            if example.want.is_empty() {
                report.push_str("Expected nothing\n");
            } else {
                report.push_str(&format!("Expected:\n{}", indent(&example.want)));
            }
            if got.is_empty() {
                report.push_str("Got nothing\n");
            } else {
                report.push_str(&format!("Got:\n{}", indent(&got)));
            }
            let _ = modules::sys::write_stdout(&report);
        }
    }
    crate::cli::finalize(&globals);
    if failures > 0 {
        let separator = "*".repeat(70);
        let _ = modules::sys::write_stdout(&format!(
            "{separator}\n1 items had failures:\n{failures:>4} of {:>3} in {name}\n***Test Failed*** {failures} failures.\n",
            examples.len()
        ));
        return 1;
    }
    0
}
