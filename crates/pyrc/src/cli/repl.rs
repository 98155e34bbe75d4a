//! The interactive loop, as CPython 3.11's (`PyRun_InteractiveLoop` with `readline`):
//! prompts from `sys.ps1`/`sys.ps2`, a block read until it parses (an empty line ends it),
//! each input run in `__main__` with expression values shown through `sys.displayhook`
//! (which keeps the last one in `builtins._`), Ctrl-C as `KeyboardInterrupt` (the session
//! goes on), `exit`/`quit`/`help`/`copyright`/`credits`/`license` from CPython's
//! `_sitebuiltins` as `site` installs them.
//!
//! On a terminal, lines are edited with `rustyline` (history in `~/.pyrc_history` kept
//! between sessions, Tab completion through CPython's own `rlcompleter`), with bracketed paste
//! off so that a pasted block arrives line by line, as CPython's `readline` module has it.
//! Otherwise lines come from `stdin_lines`, one buffer shared with `input()`, so lines typed
//! ahead or piped in all run, in order.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::compile::{ast, parse};
use crate::modules;
use crate::object::exceptions::ExcKind;
use crate::object::runtime as rt;
use crate::object::PyRef;
use crate::types::{attr, ops};
use crate::vm::eval;

use super::options::Options;
use super::run::report_uncaught;

/// What CPython's `site.setquit`, `setcopyright` and `sethelper` install, from its own
/// `_sitebuiltins` (pyrc imports no `site`: it would rebuild `sys.path`).
const SITE_BUILTINS: &str = r#"
import _sitebuiltins, builtins, sys
builtins.exit = _sitebuiltins.Quitter('exit', 'Ctrl-D (i.e. EOF)')
builtins.quit = _sitebuiltins.Quitter('quit', 'Ctrl-D (i.e. EOF)')
def _printer(name, data):
    # `_Printer.__init__` only imports `os` to list license files to look for; none here.
    # Both spellings of its private names: pyrc does not mangle `self.__x` in class bodies yet.
    printer = _sitebuiltins._Printer.__new__(_sitebuiltins._Printer)
    for prefix in ("_Printer", ""):
        setattr(printer, prefix + "__name", name)
        setattr(printer, prefix + "__data", data)
        setattr(printer, prefix + "__lines", None)
        setattr(printer, prefix + "__filenames", [])
    return printer
builtins.copyright = _printer("copyright", sys.copyright)
builtins.credits = _printer("credits", """\
    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands
    for supporting Python development.  See www.python.org for more information.""")
builtins.license = _printer("license", "See https://www.python.org/psf/license/")
builtins.help = _sitebuiltins._Helper()
"#;

/// Installs `exit`, `quit`, `copyright`, `credits`, `license` and `help` as `site` does
/// (unless `-S`), when the REPL starts; without CPython's `_sitebuiltins` the built-in
/// `exit`/`quit` stay.
pub fn install_site_builtins() {
    let globals = rt::new_dict();
    rt::dict_set_str(&globals, "__builtins__", rt::with(|r| r.builtins.clone()));
    if let Ok(module) = parse::parse_module(SITE_BUILTINS, "<pyrc site>") {
        let _ = eval::run_module(Rc::new(module), &globals, "<pyrc site>", false);
    }
}

/// The history file: pyrc's own, as rustyline's format is not GNU readline's.
fn history_path() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".pyrc_history"))
}

/// CPython's `readline` module's word delimiters (`setup_readline`): what Tab completes is
/// the text after the last of these before the cursor.
const COMPLETER_DELIMS: &str = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";

/// Tab completion through `rlcompleter.Completer(__main__.__dict__)`, as `site` sets it up.
struct ReplHelper {
    globals: PyRef,
}

impl ReplHelper {
    /// `Completer.complete(text, state)` for states 0, 1, ... until it returns `None`.
    fn candidates(&self, text: &str) -> Vec<String> {
        let Ok(module) = modules::import("rlcompleter") else { return Vec::new() };
        let Ok(class) = attr::getattr(&module, "Completer") else { return Vec::new() };
        let Ok(completer) = ops::call(&class, vec![self.globals.clone()], vec![]) else {
            return Vec::new();
        };
        let Ok(complete) = attr::getattr(&completer, "complete") else { return Vec::new() };
        let mut out = Vec::new();
        for state in 0..1000 {
            match ops::call(&complete, vec![rt::str(text), rt::int(state)], vec![]) {
                Ok(value) => match crate::object::str_text(&value) {
                    Some(candidate) => out.push(candidate.to_string()),
                    None => break,
                },
                Err(_) => break,
            }
        }
        out
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let start = before.rfind(|c| COMPLETER_DELIMS.contains(c)).map_or(0, |i| i + 1);
        let candidates = self.candidates(&before[start..]);
        let pairs =
            candidates.into_iter().map(|c| Pair { display: c.clone(), replacement: c }).collect();
        Ok((start, pairs))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

enum LineReader {
    Editor(Box<Editor<ReplHelper, FileHistory>>),
    /// Plain lines; prompts (on stderr, as CPython's) only with `-i`.
    Plain {
        prompts: bool,
    },
}

/// What one read gave.
enum Read {
    Line(String),
    /// Ctrl-C while waiting for the line.
    Interrupted,
    End,
}

impl LineReader {
    fn new(globals: &PyRef, force_prompts: bool) -> LineReader {
        if std::io::stdin().is_terminal() {
            let config = rustyline::Config::builder()
                .bracketed_paste(false)
                .completion_type(rustyline::CompletionType::List)
                .auto_add_history(false)
                .build();
            if let Ok(mut editor) = Editor::with_config(config) {
                editor.set_helper(Some(ReplHelper { globals: globals.clone() }));
                if let Some(path) = history_path() {
                    let _ = editor.load_history(&path);
                }
                return LineReader::Editor(Box::new(editor));
            }
        }
        LineReader::Plain { prompts: force_prompts }
    }

    fn read(&mut self, prompt: &str) -> Read {
        match self {
            LineReader::Editor(editor) => match editor.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    Read::Line(line)
                }
                Err(rustyline::error::ReadlineError::Interrupted) => Read::Interrupted,
                Err(_) => Read::End,
            },
            LineReader::Plain { prompts } => {
                if *prompts {
                    eprint!("{prompt}");
                }
                match modules::io::stdin_lines::read_line() {
                    Ok(None) => Read::End,
                    Ok(Some(line)) => Read::Line(
                        String::from_utf8_lossy(&line).trim_end_matches(['\n', '\r']).to_string(),
                    ),
                    Err(_) => Read::Interrupted,
                }
            }
        }
    }

    /// Writes the history file (kept between sessions).
    fn save(&mut self) {
        if let (LineReader::Editor(editor), Some(path)) = (self, history_path()) {
            let _ = editor.save_history(&path);
        }
    }
}

/// `sys.ps1` or `sys.ps2` as text (set to CPython's defaults when missing).
fn prompt(name: &str, default: &str) -> String {
    let Ok(sys) = modules::import("sys") else { return default.into() };
    match attr::getattr(&sys, name) {
        Ok(value) => ops::str_of(&value).map(|s| s.to_string()).unwrap_or_else(|_| default.into()),
        Err(_) => {
            let _ = attr::setattr(&sys, name, rt::str(default));
            default.into()
        }
    }
}

/// Runs `PYTHONSTARTUP`'s file in `__main__`, as CPython's `pymain_run_startup`.
fn run_startup(path: &str, globals: &PyRef) {
    match std::fs::read(path) {
        Ok(bytes) => {
            let source = String::from_utf8_lossy(&bytes);
            super::run::run_source(&source, path, globals);
        }
        Err(e) => eprintln!("Could not open PYTHONSTARTUP\nFileNotFoundError: {e}"),
    }
}

/// The REPL over `globals`; its exit status. `options` gives `-q`, `-i` and
/// `PYTHONSTARTUP`.
pub fn repl(globals: &PyRef, options: &Options) -> u8 {
    // Only for the REPL: `_Printer` imports `os`, which would slow every script's start
    // (a script's `exit()` is the built-in one, which raises the same `SystemExit`).
    if !options.config.no_site {
        install_site_builtins();
    }
    let after_program = !matches!(options.mode, super::options::Mode::Repl);
    let mut reader = LineReader::new(globals, options.config.inspect);
    let terminal = matches!(reader, LineReader::Editor(_));
    // As CPython's `pymain_header`: on a terminal or with `-i`, before a bare REPL only.
    if (terminal || options.config.inspect) && !options.config.quiet && !after_program {
        eprintln!(
            "{} (pyrc {}, a Python 3.11 on rcgc) on linux\n\
             Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.",
            super::options::VERSION,
            env!("CARGO_PKG_VERSION")
        );
    }
    if !after_program && (terminal || options.config.inspect) {
        if let Some(path) = &options.startup {
            run_startup(path, globals);
        }
    }
    let status = read_eval_print(&mut reader, globals);
    reader.save();
    status
}

fn read_eval_print(reader: &mut LineReader, globals: &PyRef) -> u8 {
    let echo_end = matches!(reader, LineReader::Editor(_) | LineReader::Plain { prompts: true });
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { prompt("ps1", ">>> ") } else { prompt("ps2", "... ") };
        let line = match reader.read(&prompt) {
            // Ctrl-C while a line was read without the editor's raw mode (a plain read, a
            // terminal rustyline cannot drive) arrives as SIGINT: the line is dropped.
            Read::Line(_) if crate::vm::signals::run_handlers().is_err() => {
                let _ = std::io::stdout().flush();
                eprintln!("\nKeyboardInterrupt");
                buffer.clear();
                continue;
            }
            Read::Line(line) => line,
            Read::Interrupted => {
                // As CPython's: the input so far is dropped, a new prompt follows.
                let _ = std::io::stdout().flush();
                eprintln!("\nKeyboardInterrupt");
                buffer.clear();
                continue;
            }
            Read::End => {
                if echo_end {
                    eprintln!();
                }
                if !buffer.trim().is_empty() {
                    // End of input in the middle of a block: it ends the block, as an empty line.
                    buffer.push('\n');
                    if let Some(code) = run_interactive(&buffer, globals) {
                        return code;
                    }
                }
                return 0;
            }
        };
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
    let filename = eval::register_input("<stdin>", input);
    match eval::run_module_named(module, globals, &filename, true) {
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
